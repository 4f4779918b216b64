//! The PAC as prepared for boa: macros substituted, nesting checked, syntax checked,
//! instrumented; plus the position maps back to the user's text.

use std::collections::BTreeMap;
use std::rc::Rc;

use boa_engine::ast::scope::Scope;
use boa_engine::interner::Interner;
use boa_engine::parser::{Parser, Source};
use netdiag_core::pac::{MacroUse, SourcePos};

use crate::error::PacError;
use crate::fast;
use crate::instrument::{Instrumented, instrument};
use crate::macros;
use crate::nesting;
use crate::scan::{Kind, Token, tokenize};
use crate::srcmap::{EditMap, LineIndex};

/// Source facts known without running anything: macros and warnings about them.
#[derive(Debug, Clone, Default)]
pub(crate) struct SourceFacts {
    pub macros: Vec<MacroUse>,
    pub warnings: Vec<String>,
}

/// The prepared program.
#[derive(Debug, Clone)]
pub(crate) struct Program {
    original: String,
    lines: LineIndex,
    subst: String,
    subst_lines: LineIndex,
    subst_map: EditMap,
    run: Instrumented,
    run_lines: LineIndex,
    /// Original position of each mark's `return`.
    pub returns: Vec<SourcePos>,
    /// Words of the original source (for entry-point suggestions).
    pub words: Vec<String>,
    /// Names declared with `let`/`const` at top level.
    pub lexical_top: Vec<String>,
    pub facts: SourceFacts,
    /// The text boa runs, parsed: taken by the native compiler ([`Self::take_parsed`]).
    parsed: Option<Rc<fast::Parsed>>,
}

/// Finds macros and what to warn about them (unbound, inside template literals).
pub(crate) fn facts(
    src: &str,
    lines: &LineIndex,
    tokens: &[Token],
    bound: &BTreeMap<String, String>,
) -> SourceFacts {
    let occ = macros::find(src);
    let mut f = SourceFacts {
        macros: macros::summarize(src, lines, &occ, bound),
        warnings: Vec::new(),
    };
    for m in f.macros.iter().filter(|m| m.value.is_none()) {
        let lines: Vec<String> = m.lines.iter().map(u32::to_string).collect();
        f.warnings.push(format!(
            "unbound macro ${{{}}} (line {}): left as is, as a raw evaluation returns it; bind it to see the served PAC's answer",
            m.name,
            lines.join(", ")
        ));
    }
    for o in &occ {
        let in_template = tokens.iter().any(|t| {
            t.kind == Kind::Template && t.end == o.start + 2 && t.text(src).ends_with("${")
        });
        if in_template && !bound.contains_key(&o.name) {
            let (line, _) = lines.position(src, o.start);
            f.warnings.push(format!(
                "line {line}: unbound ${{{}}} is inside a JavaScript template literal, where a browser would evaluate it as an expression (usually a ReferenceError)",
                o.name
            ));
        }
    }
    f
}

impl Program {
    /// Prepares `original` with the macro values in `bound`.
    pub(crate) fn new(
        original: &str,
        bound: &BTreeMap<String, String>,
        max_nesting: usize,
    ) -> Result<Self, PacError> {
        let lines = LineIndex::new(original);
        let tokens = tokenize(original);
        if let Err(deep) = nesting::check(original, &tokens, max_nesting) {
            let pos = pos_at(original, &lines, deep.offset);
            return Err(PacError::TooDeep {
                message: format!(
                    "the PAC is {} at line {}: refusing to parse it, as browsers' parsers and boa's would run out of stack",
                    deep.describe(),
                    pos.line
                ),
                pos: Some(pos),
            });
        }
        let facts = facts(original, &lines, &tokens, bound);
        let occ = macros::find(original);
        let any_bound = occ.iter().any(|o| bound.contains_key(&o.name));
        let (subst, subst_map, subst_tokens) = if any_bound {
            let (text, map) = macros::substitute(original, &occ, bound);
            let toks = tokenize(&text);
            (text, map, toks)
        } else {
            (original.to_string(), EditMap::default(), tokens.clone())
        };
        let subst_lines = LineIndex::new(&subst);
        let mut prog = Self {
            original: original.to_string(),
            lines,
            subst_lines,
            subst_map,
            run: Instrumented {
                text: String::new(),
                map: EditMap::default(),
                returns: Vec::new(),
                enabled: false,
            },
            run_lines: LineIndex::new(""),
            returns: Vec::new(),
            words: Vec::new(),
            lexical_top: Vec::new(),
            facts,
            subst,
            parsed: None,
        };
        prog.collect_names(&tokens);
        prog.run = instrument(&prog.subst, &subst_tokens);
        // One parse where there were two: the instrumented text parses exactly when the
        // substituted one does (a mark `__nd_mark(ID), ` before a returned expression and
        // `__nd_tick() && (…)` around a loop condition neither make nor mend a syntax error),
        // so when it parses, that parse is the syntax check and the native compiler's input.
        // Otherwise the substituted text is checked as before, for the user's error message
        // and position (and if it passes, the instrumentation is what boa rejects: the engine
        // then runs the PAC as written).
        match prog.run.enabled.then(|| fast::parse(&prog.run.text)) {
            Some(Ok(parsed)) => prog.parsed = Some(Rc::new(parsed)),
            _ => prog.syntax_check()?,
        }
        prog.run_lines = LineIndex::new(&prog.run.text);
        prog.returns = prog
            .run
            .returns
            .iter()
            .map(|&off| prog.subst_offset_to_pos(off))
            .collect();
        if !prog.run.enabled {
            prog.facts.warnings.push(
                "the PAC uses the name __nd_mark or __nd_tick, which netdiag needs: deciding lines are not shown and only boa's own loop limit applies".into(),
            );
        }
        Ok(prog)
    }

    /// The text boa runs.
    pub(crate) fn run_text(&self) -> &str {
        &self.run.text
    }

    /// The text boa runs as parsed while checking its syntax, once (not kept: the AST of a
    /// large PAC is not needed after compiling).
    pub(crate) fn take_parsed(&mut self) -> Option<Rc<fast::Parsed>> {
        self.parsed.take()
    }

    /// Whether the text boa runs calls the markers.
    pub(crate) fn instrumented(&self) -> bool {
        self.run.enabled
    }

    /// Gives up instrumentation (if boa rejects the instrumented text).
    pub(crate) fn disable_instrumentation(&mut self) {
        self.run = Instrumented {
            text: self.subst.clone(),
            map: EditMap::default(),
            returns: Vec::new(),
            enabled: false,
        };
        self.run_lines = self.subst_lines.clone();
        self.returns.clear();
        self.parsed = None;
        self.facts
            .warnings
            .push("netdiag could not instrument this PAC: deciding lines are not shown".into());
    }

    fn syntax_check(&self) -> Result<(), PacError> {
        let mut interner = Interner::default();
        let parsed = Parser::new(Source::from_bytes(self.subst.as_bytes()))
            .parse_script(&Scope::new_global(), &mut interner);
        let Err(err) = parsed else { return Ok(()) };
        use boa_engine::parser::Error as E;
        let at = match &err {
            E::Expected { span, .. } | E::Unexpected { span, .. } => Some(span.start()),
            E::General { position, .. } => Some(*position),
            E::Lex {
                err: boa_engine::parser::lexer::Error::Syntax(_, p),
            } => Some(*p),
            E::AbruptEnd => None,
            _ => None,
        };
        let pos = match at {
            Some(p) => self.subst_pos(p.line_number(), p.column_number()),
            None => Some(pos_at(&self.original, &self.lines, self.original.len())),
        };
        let mut message = err.to_string();
        if let Some(cut) = message.find(" at line ") {
            message.truncate(cut);
        }
        if matches!(err, E::AbruptEnd) {
            message =
                "unexpected end of the PAC (an unclosed bracket, brace, string or comment?)".into();
        }
        Err(PacError::Syntax { message, pos })
    }

    fn collect_names(&mut self, tokens: &[Token]) {
        let src = &self.original;
        let mut words: Vec<String> = Vec::new();
        for (i, t) in tokens.iter().enumerate() {
            if t.kind != Kind::Word {
                continue;
            }
            let w = t.text(src);
            if !words.iter().any(|x| x == w) && w.len() < 64 {
                words.push(w.to_string());
            }
            if t.depth == 0
                && matches!(w, "let" | "const")
                && let Some(next) = tokens.get(i + 1)
            {
                self.lexical_top.push(next.text(src).to_string());
            }
        }
        self.words = words;
    }

    fn subst_offset_to_pos(&self, off: usize) -> SourcePos {
        pos_at(&self.original, &self.lines, self.subst_map.to_old(off))
    }

    /// Position in the substituted text (boa line, column in code points) → original.
    fn subst_pos(&self, line: u32, col: u32) -> Option<SourcePos> {
        let off = self.subst_lines.offset_of(&self.subst, line, col)?;
        Some(self.subst_offset_to_pos(off))
    }

    /// Position in the text boa ran (boa line, column in code points) → original.
    pub(crate) fn run_pos(&self, line: u32, col: u32) -> Option<SourcePos> {
        let off = self.run_lines.offset_of(&self.run.text, line, col)?;
        Some(self.subst_offset_to_pos(self.run.map.to_old(off)))
    }
}

/// Original position of a byte offset.
fn pos_at(text: &str, lines: &LineIndex, off: usize) -> SourcePos {
    let (line, column) = lines.position(text, off);
    SourcePos {
        line,
        column,
        text: lines.line_text(text, line).trim().to_string(),
    }
}
