//! Source instrumentation: which `return` decided, and a budget check in every loop.
//!
//! Each `return <expr>` becomes `return __nd_mark(ID), <expr>`. The comma operator has the
//! lowest precedence, so the returned value is unchanged; `__nd_mark` records ID together with
//! the JavaScript call depth. The deciding return is the last one recorded at the smallest
//! depth: the entry point is called directly by the engine, so its own returns are the
//! shallowest, and returns of functions it calls (helpers defined in the PAC) are deeper.
//! Bare `return;` and a `return` followed by a line break (automatic semicolon insertion) are
//! left alone.
//!
//! Loop conditions become `__nd_tick() && (<cond>)` (`for(;;)` gets `__nd_tick()`). boa's own
//! loop limit counts per call frame, so loops nested across function calls multiply; the tick
//! counts every iteration of the URL against one budget and watches memory growth, which is
//! how `var s = 'x'; while (1) s += s;` is stopped long before the machine runs out of memory.
//!
//! Tokens come from [`crate::scan`], so `return` or `while` inside strings, comments, regular
//! expressions or property names (`x.return`, `{return: 1}`) are never touched. If the PAC
//! itself uses either marker name, nothing is instrumented (and rule positions are missing).

use crate::scan::{Kind, Token};
use crate::srcmap::{EditMap, Rewriter};

/// Name of the native function recording a `return`.
pub(crate) const MARK: &str = "__nd_mark";
/// Name of the native function counting loop iterations.
pub(crate) const TICK: &str = "__nd_tick";

/// The instrumented text.
#[derive(Debug, Clone)]
pub(crate) struct Instrumented {
    pub text: String,
    pub map: EditMap,
    /// Byte offset, in the input text, of the `return` keyword of each mark ID.
    pub returns: Vec<usize>,
    /// False when the PAC uses a marker name and was left unchanged.
    pub enabled: bool,
}

fn is_member_access(prev: Option<&Token>, src: &str) -> bool {
    prev.is_some_and(|p| matches!(p.text(src), "." | "?."))
}

/// Index of the `)` matching the `(` at `open`.
fn matching_paren(tokens: &[Token], src: &str, open: usize) -> Option<usize> {
    let depth = tokens.get(open)?.depth;
    tokens
        .iter()
        .enumerate()
        .skip(open + 1)
        .find(|(_, t)| t.depth == depth && t.kind == Kind::Punct && t.text(src) == ")")
        .map(|(i, _)| i)
}

/// Instruments `src` (already tokenized as `tokens`).
pub(crate) fn instrument(src: &str, tokens: &[Token]) -> Instrumented {
    let uses_marker = tokens
        .iter()
        .any(|t| t.kind == Kind::Word && matches!(t.text(src), MARK | TICK));
    if uses_marker {
        return Instrumented {
            text: src.to_string(),
            map: EditMap::default(),
            returns: Vec::new(),
            enabled: false,
        };
    }
    let mut edits: Vec<(usize, String)> = Vec::new();
    let mut returns = Vec::new();
    for (i, tok) in tokens.iter().enumerate() {
        if tok.kind != Kind::Word {
            continue;
        }
        let prev = i.checked_sub(1).and_then(|p| tokens.get(p));
        if is_member_access(prev, src) {
            continue;
        }
        let next = tokens.get(i + 1);
        match tok.text(src) {
            "return" => {
                let Some(next) = next else { continue };
                if next.nl_before || matches!(next.text(src), ";" | "}" | ")" | ":" | ",") {
                    continue;
                }
                edits.push((tok.end, format!(" {MARK}({}),", returns.len())));
                returns.push(tok.start);
            }
            "while" => {
                if next.is_none_or(|n| n.text(src) != "(") {
                    continue;
                }
                let Some(close) = matching_paren(tokens, src, i + 1) else {
                    continue;
                };
                if let (Some(o), Some(c)) = (next, tokens.get(close)) {
                    edits.push((o.end, format!("{TICK}()&&(")));
                    edits.push((c.start, ")".to_string()));
                }
            }
            "for" => {
                if next.is_none_or(|n| n.text(src) != "(") {
                    continue;
                }
                let Some(close) = matching_paren(tokens, src, i + 1) else {
                    continue;
                };
                let inner = tokens.get(i + 2..close).unwrap_or(&[]);
                let depth = next.map_or(0, |n| n.depth + 1);
                let semis: Vec<&Token> = inner
                    .iter()
                    .filter(|t| t.depth == depth && t.text(src) == ";")
                    .collect();
                if let [s1, s2] = semis.as_slice() {
                    let empty = !inner.iter().any(|t| t.start >= s1.end && t.end <= s2.start);
                    if empty {
                        edits.push((s1.end, format!("{TICK}()")));
                    } else {
                        edits.push((s1.end, format!("{TICK}()&&(")));
                        edits.push((s2.start, ")".to_string()));
                    }
                }
            }
            _ => {}
        }
    }
    edits.sort_by_key(|(at, _)| *at);
    let mut rw = Rewriter::new(src);
    for (at, text) in &edits {
        rw.insert(*at, text);
    }
    let (text, map) = rw.finish();
    Instrumented {
        text,
        map,
        returns,
        enabled: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::tokenize;

    fn inst(src: &str) -> Instrumented {
        instrument(src, &tokenize(src))
    }

    #[test]
    fn returns_are_marked_but_not_bare_or_asi_ones() {
        let src = "function f(){ if(a) return 'DIRECT'; if (b) return; if (c) return\n1; return x.return; }";
        let out = inst(src);
        assert_eq!(
            out.text,
            "function f(){ if(a) return __nd_mark(0), 'DIRECT'; if (b) return; if (c) return\n1; return __nd_mark(1), x.return; }"
        );
        assert_eq!(
            out.returns,
            [
                src.find("return 'D").unwrap(),
                src.rfind("return x").unwrap()
            ]
        );
    }

    #[test]
    fn strings_comments_regex_untouched() {
        let src = "var s = 'return 1'; // return 2\n/* while(1) */ var r = /return 3/;";
        assert_eq!(inst(src).text, src);
    }

    #[test]
    fn loops_get_ticks() {
        assert_eq!(inst("while (a) {}").text, "while (__nd_tick()&&(a)) {}");
        assert_eq!(inst("for(;;){}").text, "for(;__nd_tick();){}");
        assert_eq!(
            inst("for (var i = 0; i < f(a, b); i++) x();").text,
            "for (var i = 0;__nd_tick()&&( i < f(a, b)); i++) x();"
        );
        assert_eq!(inst("for (k in o) {}").text, "for (k in o) {}");
        assert_eq!(
            inst("do { x() } while (y)").text,
            "do { x() } while (__nd_tick()&&(y))"
        );
    }

    #[test]
    fn marker_name_in_pac_disables() {
        let out = inst("var __nd_mark = 1; function f(){ return 2 }");
        assert!(!out.enabled);
        assert!(out.returns.is_empty());
    }
}
