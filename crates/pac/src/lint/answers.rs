//! The answers a PAC can give, read from its source: every value returned by the functions
//! that produce the answer, folded to a string when it is a constant, and parsed with the
//! evaluator's own result parser ([`crate::result::analyze`]).

use boa_ast::Spanned;
use boa_ast::expression::Expression;
use boa_ast::expression::literal::LiteralKind;

use super::ast::{Pac, returns_of};
use crate::result::{Analysis, analyze};

/// One value a `return` can produce.
pub(crate) struct Returned {
    /// First and last line of the returned expression (of the function for a bare `return;`).
    pub lines: (u32, u32),
    pub value: ReturnedValue,
}

/// What is known about it.
pub(crate) enum ReturnedValue {
    /// A constant string (macros replaced by placeholders before parsing).
    Str { text: String, analysis: Analysis },
    /// Not a string at all: `return;`, `return null`, `return 0`...
    NotString(String),
    /// Computed at run time.
    Unknown,
}

/// Every returned value of the answer functions, in source order.
pub(crate) fn returned(pac: &Pac) -> Vec<Returned> {
    let consts = pac.consts();
    let mut out = Vec::new();
    for f in pac.answer_functions() {
        for site in returns_of(f.body) {
            let values = site.values();
            if values.is_empty() {
                out.push(Returned {
                    lines: (f.line, f.line),
                    value: ReturnedValue::NotString("return; (undefined)".into()),
                });
                continue;
            }
            for e in values {
                let span = e.span();
                let lines = (span.start().line_number(), span.end().line_number());
                let value = match consts.string(e) {
                    Some(text) => {
                        let analysis = analyze(&placeholders(&text));
                        ReturnedValue::Str { text, analysis }
                    }
                    None => {
                        not_string(pac, e).map_or(ReturnedValue::Unknown, ReturnedValue::NotString)
                    }
                };
                out.push(Returned { lines, value });
            }
        }
    }
    out
}

/// Literals that are not strings.
fn not_string(pac: &Pac, e: &Expression) -> Option<String> {
    match e {
        Expression::Literal(l) => match l.kind() {
            LiteralKind::Null => Some("null".into()),
            LiteralKind::Undefined => Some("undefined".into()),
            LiteralKind::Bool(b) => Some(b.to_string()),
            LiteralKind::Num(n) => Some(n.to_string()),
            LiteralKind::Int(n) => Some(n.to_string()),
            _ => None,
        },
        Expression::Identifier(i) if pac.sym(i.sym()) == "undefined" => Some("undefined".into()),
        Expression::ObjectLiteral(_) => Some("an object".into()),
        Expression::ArrayLiteral(_) => Some("an array".into()),
        _ => None,
    }
}

/// Replaces `${NAME}` macros (substituted by the PAC server) with values that parse: a port
/// for `*PORT*` names, a host for the rest.
pub(crate) fn placeholders(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        let Some(len) = rest.get(start..).and_then(|r| r.find('}')) else {
            break;
        };
        out.push_str(rest.get(..start).unwrap_or_default());
        let name = rest.get(start + 2..start + len).unwrap_or_default();
        out.push_str(if name.to_ascii_uppercase().contains("PORT") {
            "8080"
        } else {
            "macro.invalid"
        });
        rest = rest.get(start + len + 1..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::ast::parse;

    #[test]
    fn macros_become_parsable() {
        assert_eq!(
            placeholders("PROXY ${GATEWAY}:${ZS_CUSTOM_PORT}; DIRECT"),
            "PROXY macro.invalid:8080; DIRECT"
        );
        assert_eq!(placeholders("PROXY ${BROKEN:80"), "PROXY ${BROKEN:80");
    }

    #[test]
    fn collects_constant_and_non_string_returns() {
        let pac = parse(
            "var p = \"PROXY a.example:80\";\n\
             function FindProxyForURL(url, host) {\n\
               if (host == \"x\") return;\n\
               if (host == \"y\") return null;\n\
               return host == \"z\" ? \"DIRECT\" : p + \"; DIRECT\";\n\
             }",
        )
        .unwrap();
        let r = returned(&pac);
        assert_eq!(r.len(), 4);
        assert!(matches!(&r[0].value, ReturnedValue::NotString(s) if s.starts_with("return;")));
        assert!(matches!(&r[1].value, ReturnedValue::NotString(s) if s == "null"));
        assert!(
            matches!(&r[3].value, ReturnedValue::Str { text, .. } if text == "PROXY a.example:80; DIRECT")
        );
        assert_eq!(r[3].lines, (5, 5));
    }
}
