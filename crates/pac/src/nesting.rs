//! Rejects source nested too deeply for boa's recursive-descent parser.
//!
//! boa's parser recurses once per nesting level (brackets, and chains of prefix operators).
//! A few hundred levels overflow the native stack, about 100 the default 1 MiB wasm stack, and
//! a stack overflow is not an error but an abort (native) or a trap that leaves the wasm
//! instance unusable. So depth is measured here, with an iterative scanner, before boa parses.

use crate::scan::{Kind, Token};

/// Where the limit was crossed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TooDeep {
    /// Byte offset of the token that went over the limit.
    pub offset: usize,
    /// The limit.
    pub limit: usize,
}

/// Prefix operators that make the parser recurse once each.
fn is_prefix(tok: &Token, src: &str) -> bool {
    matches!(
        tok.text(src),
        "!" | "~" | "+" | "-" | "++" | "--" | "typeof" | "void" | "delete" | "await" | "new"
    )
}

/// Checks bracket depth plus runs of prefix operators against `limit`.
pub(crate) fn check(src: &str, tokens: &[Token], limit: usize) -> Result<(), TooDeep> {
    let mut run = 0usize;
    let mut prev_is_operand = false;
    for tok in tokens {
        let opens = tok.kind == Kind::Punct && matches!(tok.text(src), "(" | "[" | "{")
            || (tok.kind == Kind::Template && tok.text(src).ends_with("${"));
        let prefix = !prev_is_operand && is_prefix(tok, src);
        run = if prefix { run + 1 } else { 0 };
        let depth = tok.depth + usize::from(opens) + run;
        if depth > limit {
            return Err(TooDeep {
                offset: tok.start,
                limit,
            });
        }
        prev_is_operand = match tok.kind {
            Kind::Number | Kind::Str | Kind::Regex => true,
            Kind::Template => !tok.text(src).ends_with("${"),
            Kind::Word => !is_prefix(tok, src) && tok.text(src) != "return",
            Kind::Punct => matches!(tok.text(src), ")" | "]" | "}"),
        };
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::tokenize;

    fn run(src: &str, limit: usize) -> Result<(), TooDeep> {
        check(src, &tokenize(src), limit)
    }

    #[test]
    fn brackets_count() {
        assert!(run("f((((1))))", 5).is_ok());
        assert_eq!(
            run("f((((((1))))))", 5),
            Err(TooDeep {
                offset: 6,
                limit: 5
            })
        );
    }

    #[test]
    fn brackets_in_strings_comments_regex_do_not_count() {
        assert!(run("a = '(((((((' // ((((((\n x = /(((((((/g; `((((`", 3).is_ok());
    }

    #[test]
    fn prefix_runs_count_but_binary_minus_does_not() {
        assert!(run("x = !!!!!!!!!!y", 5).is_err());
        assert!(run("x = a - b - c - d - e - f - g - h", 5).is_ok());
    }

    #[test]
    fn hundred_thousand_brackets_rejected_quickly() {
        let src = "[".repeat(100_000);
        let err = run(&src, 200).unwrap_err();
        assert_eq!(err.offset, 200);
    }
}
