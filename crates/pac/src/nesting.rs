//! Rejects source nested too deeply for boa's recursive-descent parser.
//!
//! boa's parser recurses once per nesting level (brackets, and chains of prefix operators).
//! A few hundred levels overflow the native stack, about 100 the default 1 MiB wasm stack, and
//! a stack overflow is not an error but an abort (native) or a trap that leaves the wasm
//! instance unusable. So depth is measured here, with an iterative scanner, before boa parses.
//!
//! Long operator chains recurse too (`a || b || ...`, `x ? y : z ? ...`, `a = b = ...`,
//! `else if` chains): boa's parser, compiler and AST walkers (lint) go one frame per link. In
//! the page's wasm build (1 MiB stack), measured overflows: a `?:` or assignment chain at about
//! 230 links, `else if` at about 260, `.` at about 810, `||` (with `==` terms) at about 740
//! terms, `+` at about 1,700. So links are weighed ([`HEAVY`] for the kinds that cost most
//! stack), summed along the bracket path, and brackets weigh [`BRACKET_UNITS`] each. Nested
//! `(` cost far more than `[` or `{` (each goes through every precedence level), so this
//! budget, not the plain nesting limit, is what bounds parentheses.

use crate::scan::{Kind, Token};

/// Weighted budget: about 65 % of the smallest measured overflow of a chain alone (about 810
/// units) and about 90 % of the smallest of brackets and chains mixed (30 `(` around 76 `||`
/// links overflow the lint: 600 units).
pub(crate) const CHAIN_LIMIT: usize = 520;
/// Weight of a `?`, an assignment operator or an `else if` link.
const HEAVY: usize = 4;
/// What one open bracket or prefix operator costs in chain units: nested `(` alone overflow
/// the wasm parser at about 56 levels (lint) to 58 (evaluation), so 37 is the most accepted.
const BRACKET_UNITS: usize = 14;

/// What was exceeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reason {
    /// Brackets plus runs of prefix operators.
    Nesting,
    /// Weighted chain of binary/ternary/assignment operators and `else if`.
    Chain,
}

/// Where the limit was crossed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TooDeep {
    /// Byte offset of the token that went over the limit.
    pub offset: usize,
    /// The limit.
    pub limit: usize,
    /// Which limit.
    pub reason: Reason,
}

impl TooDeep {
    /// What was too deep, for error messages ("nested deeper than ...").
    pub(crate) fn describe(&self) -> String {
        match self.reason {
            Reason::Nesting => format!(
                "nested deeper than {} levels (brackets and prefix operators)",
                self.limit
            ),
            Reason::Chain => format!(
                "nested deeper than the nesting and operator-chain limit ({} units: `||`, `&&`, `+`, `.` count 1, `?:`, `=` and `else if` {HEAVY}, each enclosing bracket or prefix operator {BRACKET_UNITS})",
                self.limit
            ),
        }
    }
}

/// Prefix operators that make the parser recurse once each.
fn is_prefix(tok: &Token, src: &str) -> bool {
    matches!(
        tok.text(src),
        "!" | "~" | "+" | "-" | "++" | "--" | "typeof" | "void" | "delete" | "await" | "new"
    )
}

/// Binary operators that add one parser/compiler frame per link.
fn is_binary(text: &str) -> bool {
    matches!(
        text,
        "||" | "&&"
            | "??"
            | "|"
            | "^"
            | "&"
            | "=="
            | "!="
            | "==="
            | "!=="
            | "<"
            | ">"
            | "<="
            | ">="
            | "<<"
            | ">>"
            | ">>>"
            | "+"
            | "-"
            | "*"
            | "/"
            | "%"
            | "**"
            | "in"
            | "instanceof"
    )
}

/// Right-associative links, which cost the most stack.
fn is_heavy(text: &str) -> bool {
    matches!(
        text,
        "?" | "="
            | "+="
            | "-="
            | "*="
            | "/="
            | "%="
            | "**="
            | "<<="
            | ">>="
            | ">>>="
            | "&="
            | "|="
            | "^="
            | "&&="
            | "||="
            | "??="
            | "=>"
    )
}

/// Keywords that start a statement (the chain before them has ended).
fn starts_statement(text: &str) -> bool {
    matches!(
        text,
        "var"
            | "let"
            | "const"
            | "return"
            | "for"
            | "while"
            | "do"
            | "function"
            | "switch"
            | "case"
            | "default"
            | "throw"
            | "try"
            | "break"
            | "continue"
    )
}

/// Chain units of one bracket level.
#[derive(Default, Clone, Copy)]
struct Level {
    /// Operator links of the current expression.
    expr: usize,
    /// `else if` links of the current `if` statement.
    elses: usize,
    /// Opened by a grouping `(` (not a call or parameter list): commas there are operators.
    grouping: bool,
}

impl Level {
    fn units(self) -> usize {
        self.expr + self.elses
    }
}

/// Checks bracket depth plus runs of prefix operators against `limit`, then weighted operator
/// chains against [`CHAIN_LIMIT`].
pub(crate) fn check(src: &str, tokens: &[Token], limit: usize) -> Result<(), TooDeep> {
    check_nesting(src, tokens, limit)?;
    check_chains(src, tokens, CHAIN_LIMIT)
}

fn check_nesting(src: &str, tokens: &[Token], limit: usize) -> Result<(), TooDeep> {
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
                reason: Reason::Nesting,
            });
        }
        prev_is_operand = operand_end(tok, src);
    }
    Ok(())
}

/// Whether `tok` can end an operand (so a following `+` is binary).
fn operand_end(tok: &Token, src: &str) -> bool {
    match tok.kind {
        Kind::Number | Kind::Str | Kind::Regex => true,
        Kind::Template => !tok.text(src).ends_with("${"),
        Kind::Word => !is_prefix(tok, src) && tok.text(src) != "return",
        Kind::Punct => matches!(tok.text(src), ")" | "]" | "}"),
    }
}

/// Whether `tok` can start an operand (for automatic semicolon insertion after a newline).
fn operand_start(tok: &Token, src: &str) -> bool {
    match tok.kind {
        Kind::Number | Kind::Str | Kind::Regex | Kind::Template => true,
        Kind::Word => !is_binary(tok.text(src)),
        Kind::Punct => false,
    }
}

fn check_chains(src: &str, tokens: &[Token], limit: usize) -> Result<(), TooDeep> {
    let mut levels: Vec<Level> = vec![Level::default()];
    // Sum of `levels[..].units()`, kept in step.
    let mut path = 0usize;
    let mut run = 0usize;
    for (i, tok) in tokens.iter().enumerate() {
        let prev = i.checked_sub(1).and_then(|j| tokens.get(j));
        while levels.len() > tok.depth + 1 {
            if let Some(l) = levels.pop() {
                path -= l.units();
            }
        }
        while levels.len() < tok.depth + 1 {
            // A `(` after an operand (or `function`) is a call or a parameter list.
            let before_open = i.checked_sub(2).and_then(|j| tokens.get(j));
            let grouping = prev.is_some_and(|p| p.kind == Kind::Punct && p.text(src) == "(")
                && before_open.is_none_or(|b| !operand_end(b, src) && b.text(src) != "function");
            levels.push(Level {
                grouping,
                ..Level::default()
            });
        }
        let text = tok.text(src);
        let prev_operand = prev.is_some_and(|p| operand_end(p, src));
        let prev_text = prev.map_or("", |p| p.text(src));
        let Some(level) = levels.last_mut() else {
            break;
        };
        run = if !prev_operand && is_prefix(tok, src) {
            run + 1
        } else {
            0
        };
        let before = level.units();
        let asi = tok.nl_before && prev_operand && operand_start(tok, src);
        if asi || starts_statement(text) || (text == "if" && prev_text != "else") {
            level.expr = 0;
            if text == "if" {
                level.elses = 0;
            }
        } else if tok.kind == Kind::Punct && matches!(text, ";" | ",") {
            if text == ";" || !level.grouping {
                level.expr = 0;
            } else {
                level.expr += 1;
            }
        } else if text == "if" && prev_text == "else" {
            level.elses += HEAVY;
        } else if is_heavy(text) && tok.kind == Kind::Punct {
            level.expr += HEAVY;
        } else if prev_operand && (is_binary(text) || matches!(text, "." | "?.")) {
            level.expr += 1;
        }
        path = path - before + level.units();
        if path + BRACKET_UNITS * (tok.depth + run) > limit {
            return Err(TooDeep {
                offset: tok.start,
                limit,
                reason: Reason::Chain,
            });
        }
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
                limit: 5,
                reason: Reason::Nesting,
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
