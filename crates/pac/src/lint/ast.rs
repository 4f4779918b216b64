//! The parsed PAC the lint checks read: boa's AST (via `boa_parser`) plus small, shared
//! helpers: names of calls, string values of literals, line spans of statements, the
//! functions that produce the answer and the `return`s inside them.

use std::collections::HashMap;
use std::ops::ControlFlow;

use boa_ast::declaration::{Binding, Declaration, Variable};
use boa_ast::expression::access::{PropertyAccess, PropertyAccessField};
use boa_ast::expression::literal::LiteralKind;
use boa_ast::expression::operator::assign::AssignTarget;
use boa_ast::expression::operator::binary::{ArithmeticOp, BinaryOp};
use boa_ast::expression::operator::update::UpdateTarget;
use boa_ast::expression::{Call, Expression};
use boa_ast::function::{FormalParameterList, FunctionBody};
use boa_ast::scope::Scope;
use boa_ast::statement::Return;
use boa_ast::visitor::{VisitWith, Visitor};
use boa_ast::{Position, Script, Spanned, StatementListItem};
use boa_interner::{Interner, Sym};
use boa_parser::{Parser, Source};

/// Names a browser calls to get the answer.
pub(crate) const ENTRY_POINTS: &[&str] = &["FindProxyForURL", "FindProxyForURLEx"];

/// Why the source has no AST.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ParseProblem {
    /// boa's parser rejected it.
    Syntax {
        message: String,
        line: Option<u32>,
        column: Option<u32>,
    },
    /// Brackets, prefix operators or operator chains nest deeper than `what` says (the evaluator's limit, so
    /// lint and evaluation refuse the same sources; boa's parser could overflow its stack).
    TooDeep { what: String, line: u32 },
}

/// A successfully parsed PAC.
pub(crate) struct Pac {
    pub script: Script,
    pub interner: Interner,
}

/// Parses a PAC as an ECMAScript script, after a cheap nesting-depth guard.
pub(crate) fn parse(source: &str) -> Result<Pac, ParseProblem> {
    if let Some((what, line)) = too_deep(source) {
        return Err(ParseProblem::TooDeep { what, line });
    }
    let mut interner = Interner::default();
    let scope = Scope::new_global();
    let mut parser = Parser::new(Source::from_bytes(source));
    match parser.parse_script(&scope, &mut interner) {
        Ok(script) => Ok(Pac { script, interner }),
        Err(e) => Err(syntax_problem(&e, source)),
    }
}

fn syntax_problem(e: &boa_parser::Error, source: &str) -> ParseProblem {
    use boa_parser::Error as E;
    let pos: Option<Position> = match e {
        E::Expected { span, .. } | E::Unexpected { span, .. } => Some(span.start()),
        E::General { position, .. } => Some(*position),
        E::Lex {
            err: boa_parser::lexer::Error::Syntax(_, p),
        } => Some(*p),
        E::AbruptEnd => {
            let lines = split_lines(source);
            let last = u32::try_from(lines.len()).unwrap_or(u32::MAX).max(1);
            let col = lines.last().map_or(0, |l| l.chars().count());
            Some(Position::new(
                last,
                u32::try_from(col + 1).unwrap_or(1).max(1),
            ))
        }
        _ => None,
    };
    let text = e.to_string();
    // boa appends " at line N, col M"; the position is reported separately.
    let message = match text.rfind(" at line ") {
        Some(i) => text.get(..i).unwrap_or(&text).to_string(),
        None if matches!(e, E::AbruptEnd) => "unexpected end of input".to_string(),
        None => text.clone(),
    };
    ParseProblem::Syntax {
        message,
        line: pos.map(Position::line_number),
        column: pos.map(Position::column_number),
    }
}

/// Nesting over the evaluator's limit (brackets and prefix-operator runs), with its line.
fn too_deep(source: &str) -> Option<(String, u32)> {
    let tokens = crate::scan::tokenize(source);
    let e = crate::nesting::check(source, &tokens, crate::Limits::default().max_nesting).err()?;
    let before = source.get(..e.offset).unwrap_or(source);
    let line = u32::try_from(split_lines(before).len()).unwrap_or(u32::MAX);
    Some((e.describe(), line))
}

/// Splits on every ECMAScript line terminator, as boa counts lines.
pub(crate) fn split_lines(source: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut iter = source.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let end_len = match c {
            '\r' if matches!(iter.peek(), Some((_, '\n'))) => {
                iter.next();
                2
            }
            '\n' | '\r' => 1,
            '\u{2028}' | '\u{2029}' => 3,
            _ => continue,
        };
        out.push(source.get(start..i).unwrap_or(""));
        start = i + end_len;
    }
    out.push(source.get(start..).unwrap_or(""));
    out
}

impl Pac {
    /// The string behind an interned symbol.
    pub fn sym(&self, sym: Sym) -> String {
        self.interner
            .resolve(sym)
            .map(|s| s.to_string())
            .unwrap_or_default()
    }

    /// The value of a string literal (through parentheses).
    pub fn str_lit(&self, e: &Expression) -> Option<String> {
        match unparen(e) {
            Expression::Literal(l) => match l.kind() {
                LiteralKind::String(s) => Some(self.sym(*s)),
                _ => None,
            },
            _ => None,
        }
    }

    /// The name of a plain identifier (through parentheses).
    pub fn ident(&self, e: &Expression) -> Option<String> {
        match unparen(e) {
            Expression::Identifier(i) => Some(self.sym(i.sym())),
            _ => None,
        }
    }

    /// `name` of a call `name(...)`.
    pub fn callee(&self, call: &Call) -> Option<String> {
        self.ident(call.function())
    }

    /// `(target, method)` of a call `target.method(...)`.
    pub fn method<'a>(&self, call: &'a Call) -> Option<(&'a Expression, String)> {
        match unparen(call.function()) {
            Expression::PropertyAccess(PropertyAccess::Simple(s)) => match s.field() {
                PropertyAccessField::Const(id) => Some((s.target(), self.sym(id.sym()))),
                PropertyAccessField::Expr(_) => None,
            },
            _ => None,
        }
    }

    /// Names of a parameter list (destructuring patterns are skipped).
    pub fn params(&self, params: &FormalParameterList) -> Vec<String> {
        params
            .as_ref()
            .iter()
            .filter_map(|p| match p.variable().binding() {
                Binding::Identifier(i) => Some(self.sym(i.sym())),
                Binding::Pattern(_) => None,
            })
            .collect()
    }

    /// Every function with a name: declarations and `var f = function/arrow`, in source order.
    pub fn functions(&self) -> Vec<FnDef<'_>> {
        let mut v = FnCollector {
            pac: self,
            out: Vec::new(),
        };
        let _ = self.script.visit_with(&mut v);
        v.out
    }

    /// The first defined entry point (`FindProxyForURL` preferred).
    pub fn entry_point(&self) -> Option<FnDef<'_>> {
        let fns = self.functions();
        ENTRY_POINTS
            .iter()
            .find_map(|n| fns.iter().rev().find(|f| f.name == *n).cloned())
    }

    /// The functions whose return value becomes the answer: the entry points and, transitively,
    /// every named function whose call an answer function returns.
    pub fn answer_functions(&self) -> Vec<FnDef<'_>> {
        let fns = self.functions();
        let mut names: Vec<String> = ENTRY_POINTS.iter().map(|s| (*s).to_string()).collect();
        let mut i = 0;
        while let Some(name) = names.get(i).cloned() {
            i += 1;
            for f in fns.iter().filter(|f| f.name == name) {
                for r in returns_of(f.body) {
                    for e in r.values() {
                        if let Expression::Call(c) = e
                            && let Some(n) = self.callee(c)
                            && !names.contains(&n)
                        {
                            names.push(n);
                        }
                    }
                }
            }
        }
        fns.into_iter()
            .filter(|f| names.contains(&f.name))
            .collect()
    }

    /// A constant-folder over variables declared once and never reassigned.
    pub fn consts(&self) -> Consts<'_> {
        let mut v = ConstCollector {
            pac: self,
            decls: HashMap::new(),
            reassigned: Vec::new(),
        };
        let _ = self.script.visit_with(&mut v);
        let mut map = HashMap::new();
        for (name, (count, init)) in v.decls {
            if count == 1
                && !v.reassigned.contains(&name)
                && let Some(init) = init
            {
                map.insert(name, init);
            }
        }
        Consts { pac: self, map }
    }
}

/// Strips any number of parentheses.
pub(crate) fn unparen(mut e: &Expression) -> &Expression {
    while let Expression::Parenthesized(p) = e {
        e = p.expression();
    }
    e
}

/// A named function.
#[derive(Clone)]
pub(crate) struct FnDef<'a> {
    pub name: String,
    pub params: Vec<String>,
    pub body: &'a FunctionBody,
    /// Line where the name is written.
    pub line: u32,
}

struct FnCollector<'p> {
    pac: &'p Pac,
    out: Vec<FnDef<'p>>,
}

impl<'p> FnCollector<'p> {
    fn push(
        &mut self,
        name: String,
        params: &FormalParameterList,
        body: &'p FunctionBody,
        at: Position,
    ) {
        self.out.push(FnDef {
            name,
            params: self.pac.params(params),
            body,
            line: at.line_number(),
        });
    }
}

impl<'p> Visitor<'p> for FnCollector<'p> {
    type BreakTy = ();

    fn visit_declaration(&mut self, node: &'p Declaration) -> ControlFlow<()> {
        if let Declaration::FunctionDeclaration(f) = node {
            let name = self.pac.sym(f.name().sym());
            self.push(name, f.parameters(), f.body(), f.name().span().start());
        }
        node.visit_with(self)
    }

    fn visit_variable(&mut self, node: &'p Variable) -> ControlFlow<()> {
        if let (Binding::Identifier(id), Some(init)) = (node.binding(), node.init()) {
            let name = self.pac.sym(id.sym());
            match unparen(init) {
                Expression::FunctionExpression(f) => {
                    self.push(name, f.parameters(), f.body(), id.span().start());
                }
                Expression::ArrowFunction(f) => {
                    self.push(name, f.parameters(), f.body(), id.span().start());
                }
                _ => {}
            }
        }
        node.visit_with(self)
    }

    fn visit_assign(&mut self, node: &'p boa_ast::expression::operator::Assign) -> ControlFlow<()> {
        if let AssignTarget::Identifier(id) = node.lhs() {
            let name = self.pac.sym(id.sym());
            match unparen(node.rhs()) {
                Expression::FunctionExpression(f) => {
                    self.push(name, f.parameters(), f.body(), id.span().start());
                }
                Expression::ArrowFunction(f) => {
                    self.push(name, f.parameters(), f.body(), id.span().start());
                }
                _ => {}
            }
        }
        node.visit_with(self)
    }
}

/// A `return` statement and the values it can produce.
pub(crate) struct ReturnSite<'a> {
    pub ret: &'a Return,
}

impl<'a> ReturnSite<'a> {
    /// The expressions that can be the returned value: both arms of `?:`, through parentheses.
    pub fn values(&self) -> Vec<&'a Expression> {
        let mut out = Vec::new();
        if let Some(t) = self.ret.target() {
            push_values(t, &mut out);
        }
        out
    }
}

fn push_values<'a>(e: &'a Expression, out: &mut Vec<&'a Expression>) {
    match unparen(e) {
        Expression::Conditional(c) => {
            push_values(c.if_true(), out);
            push_values(c.if_false(), out);
        }
        other => out.push(other),
    }
}

/// The `return`s of one function body, not of functions nested in it.
pub(crate) fn returns_of(body: &FunctionBody) -> Vec<ReturnSite<'_>> {
    let mut v = ReturnCollector { out: Vec::new() };
    for item in body.statements() {
        let _ = item.visit_with(&mut v);
    }
    v.out
}

struct ReturnCollector<'a> {
    out: Vec<ReturnSite<'a>>,
}

impl<'a> Visitor<'a> for ReturnCollector<'a> {
    type BreakTy = ();
    fn visit_return(&mut self, node: &'a Return) -> ControlFlow<()> {
        self.out.push(ReturnSite { ret: node });
        ControlFlow::Continue(())
    }
    fn visit_function_body(&mut self, _: &'a FunctionBody) -> ControlFlow<()> {
        ControlFlow::Continue(())
    }
    fn visit_expression(&mut self, _: &'a Expression) -> ControlFlow<()> {
        // Expressions hold no `return` of this function (only nested functions do).
        ControlFlow::Continue(())
    }
}

/// Folds string constants: literals, `+` of constants and identifiers bound once to one.
pub(crate) struct Consts<'p> {
    pac: &'p Pac,
    map: HashMap<String, &'p Expression>,
}

impl Consts<'_> {
    /// The constant string value of `e`, when it has one.
    pub fn string(&self, e: &Expression) -> Option<String> {
        self.fold(e, 0).and_then(|v| match v {
            Folded::Str(s) => Some(s),
            Folded::Num(_) => None,
        })
    }

    fn fold(&self, e: &Expression, depth: u32) -> Option<Folded> {
        if depth > 32 {
            return None;
        }
        match unparen(e) {
            Expression::Literal(l) => match l.kind() {
                LiteralKind::String(s) => Some(Folded::Str(self.pac.sym(*s))),
                LiteralKind::Num(n) => Some(Folded::Num(*n)),
                LiteralKind::Int(n) => Some(Folded::Num(f64::from(*n))),
                _ => None,
            },
            Expression::Identifier(i) => {
                let name = self.pac.sym(i.sym());
                self.map
                    .get(&name)
                    .and_then(|init| self.fold(init, depth + 1))
            }
            Expression::Binary(b) if b.op() == BinaryOp::Arithmetic(ArithmeticOp::Add) => {
                let l = self.fold(b.lhs(), depth + 1)?;
                let r = self.fold(b.rhs(), depth + 1)?;
                match (l, r) {
                    (Folded::Num(a), Folded::Num(b)) => Some(Folded::Num(a + b)),
                    (a, b) => Some(Folded::Str(format!("{}{}", a.text(), b.text()))),
                }
            }
            _ => None,
        }
    }
}

enum Folded {
    Str(String),
    Num(f64),
}

impl Folded {
    fn text(&self) -> String {
        match self {
            Self::Str(s) => s.clone(),
            // JS prints integral numbers without a fraction.
            Self::Num(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{n:.0}"),
            Self::Num(n) => n.to_string(),
        }
    }
}

struct ConstCollector<'p> {
    pac: &'p Pac,
    /// name -> (declarations, initializer of the last one)
    decls: HashMap<String, (u32, Option<&'p Expression>)>,
    reassigned: Vec<String>,
}

impl<'p> ConstCollector<'p> {
    fn declare(&mut self, name: String) -> &mut (u32, Option<&'p Expression>) {
        let e = self.decls.entry(name).or_insert((0, None));
        e.0 += 1;
        e
    }
}

impl<'p> Visitor<'p> for ConstCollector<'p> {
    type BreakTy = ();

    fn visit_variable(&mut self, node: &'p Variable) -> ControlFlow<()> {
        if let Binding::Identifier(id) = node.binding() {
            let name = self.pac.sym(id.sym());
            let init = node.init();
            let slot = self.declare(name);
            slot.1 = init;
        }
        node.visit_with(self)
    }

    fn visit_formal_parameter_list(&mut self, node: &'p FormalParameterList) -> ControlFlow<()> {
        // Parameters shadow globals of the same name: count them as declarations.
        for name in self.pac.params(node) {
            self.declare(name);
        }
        node.visit_with(self)
    }

    fn visit_assign(&mut self, node: &'p boa_ast::expression::operator::Assign) -> ControlFlow<()> {
        if let AssignTarget::Identifier(id) = node.lhs() {
            self.reassigned.push(self.pac.sym(id.sym()));
        }
        node.visit_with(self)
    }

    fn visit_update(&mut self, node: &'p boa_ast::expression::operator::Update) -> ControlFlow<()> {
        if let UpdateTarget::Identifier(id) = node.target() {
            self.reassigned.push(self.pac.sym(id.sym()));
        }
        node.visit_with(self)
    }
}

/// First and last line touched by a statement (from the spans of what it contains).
pub(crate) fn stmt_lines(item: &StatementListItem) -> Option<(u32, u32)> {
    let mut v = SpanCollector {
        min: None,
        max: None,
    };
    let _ = item.visit_with(&mut v);
    v.min.zip(v.max)
}

struct SpanCollector {
    min: Option<u32>,
    max: Option<u32>,
}

impl SpanCollector {
    fn add(&mut self, span: boa_ast::Span) {
        let (s, e) = (span.start().line_number(), span.end().line_number());
        self.min = Some(self.min.map_or(s, |m| m.min(s)));
        self.max = Some(self.max.map_or(e, |m| m.max(e)));
    }
}

impl<'a> Visitor<'a> for SpanCollector {
    type BreakTy = ();
    fn visit_expression(&mut self, node: &'a Expression) -> ControlFlow<()> {
        self.add(node.span());
        ControlFlow::Continue(())
    }
    fn visit_identifier(&mut self, node: &'a boa_ast::expression::Identifier) -> ControlFlow<()> {
        self.add(node.span());
        ControlFlow::Continue(())
    }
    fn visit_function_body(&mut self, node: &'a FunctionBody) -> ControlFlow<()> {
        self.add(node.span());
        ControlFlow::Continue(())
    }
}

/// Every call expression in the script, in source order, with the function it sits in.
pub(crate) fn calls(pac: &Pac) -> Vec<&Call> {
    let mut v = CallCollector { out: Vec::new() };
    let _ = pac.script.visit_with(&mut v);
    v.out
}

struct CallCollector<'a> {
    out: Vec<&'a Call>,
}

impl<'a> Visitor<'a> for CallCollector<'a> {
    type BreakTy = ();
    fn visit_call(&mut self, node: &'a Call) -> ControlFlow<()> {
        self.out.push(node);
        node.visit_with(self)
    }
    fn visit_new(&mut self, node: &'a boa_ast::expression::New) -> ControlFlow<()> {
        // `new RegExp(..)` is a call for our purposes.
        self.out.push(node.call());
        node.call().visit_with(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_concatenated_constants() {
        let pac = parse(
            "var port = 8080; var p = \"PROXY p.example:\" + port; var q = p + \"; DIRECT\";\n\
             function FindProxyForURL(url, host) { return q; }",
        )
        .unwrap();
        let c = pac.consts();
        let ep = pac.entry_point().unwrap();
        let r = returns_of(ep.body);
        let v = r[0].values();
        assert_eq!(
            c.string(v[0]).as_deref(),
            Some("PROXY p.example:8080; DIRECT")
        );
    }

    #[test]
    fn reassigned_names_do_not_fold() {
        let pac = parse("var p = \"DIRECT\"; p = x(); function f() { return p; }").unwrap();
        let c = pac.consts();
        let fns = pac.functions();
        let r = returns_of(fns[0].body);
        assert_eq!(c.string(r[0].values()[0]), None);
    }

    #[test]
    fn answer_functions_follow_returned_calls() {
        let pac = parse(
            "function inner(u, h) { return \"DIRECT\"; }\n\
             function unused() { return \"junk\"; }\n\
             function FindProxyForURL(url, host) { return inner(url, host); }",
        )
        .unwrap();
        let names: Vec<String> = pac.answer_functions().into_iter().map(|f| f.name).collect();
        assert_eq!(
            names,
            vec!["inner".to_string(), "FindProxyForURL".to_string()]
        );
    }

    #[test]
    fn syntax_errors_have_positions() {
        let Err(ParseProblem::Syntax { line, column, .. }) =
            parse("function FindProxyForURL(url, host) {\n  return \"DIRECT\";\n  var x = ;\n}")
        else {
            panic!("expected a syntax error");
        };
        assert_eq!(line, Some(3));
        assert!(column.is_some());
    }

    #[test]
    fn deep_nesting_is_refused_before_parsing() {
        let src = format!("var x = {}1{};", "(".repeat(5000), ")".repeat(5000));
        assert!(matches!(parse(&src), Err(ParseProblem::TooDeep { .. })));
        // Brackets inside strings and comments do not count.
        let src = format!("var x = \"{}\"; // {}\n", "(".repeat(500), "[".repeat(500));
        assert!(parse(&src).is_ok());
    }

    #[test]
    fn lines_split_like_boa() {
        assert_eq!(split_lines("a\r\nb\rc\nd"), vec!["a", "b", "c", "d"]);
    }
}
