//! `PacTooDeep`: brackets nest deeper than can be parsed safely.
//!
//! **What it checks.** The deepest nesting of `(`, `[`, `{` and `${` outside strings,
//! comments and regexes, plus runs of prefix operators (`!!!!x`), against the evaluator's limit (64).
//!
//! **Why it matters.** Recursive-descent parsers (boa's among them) use stack per level; a
//! PAC nested hundreds of levels deep can crash the parser, in netdiag's page as in some
//! embedded PAC engines. No hand-written PAC needs it; generated ones sometimes do.
//!
//! **How to fix.** Flatten the generated expression (a lookup object or a list of `if`s
//! instead of one deeply nested condition).

use netdiag_core::{Action, Finding, Severity};

use super::ast::ParseProblem;
use super::{LintContext, Rule, finding};

/// The rule.
pub(crate) const RULE: Rule = Rule {
    id: "PacTooDeep",
    title: "Nesting too deep to parse safely",
    severity: Severity::Error,
    check,
};

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    let Err(ParseProblem::TooDeep { what, line }) = &ctx.parsed else {
        return;
    };
    out.push(finding(
        &RULE,
        format!("Source {what} at line {line}; the PAC was not parsed"),
        "Brackets, runs of prefix operators or chains of operators (`||`, `?:`, `else if`...) \
         nest deeper than netdiag's limit. Deeply nested source can overflow a parser's stack, \
         so it is neither parsed nor evaluated, and no other check ran.",
        vec![ctx.evidence(*line, *line)],
        vec![Action::text(
            "Flatten the nested expression (a lookup object or several if statements).",
        )],
    ));
}

#[cfg(test)]
mod tests {
    use crate::lint::testutil::run;

    #[test]
    fn fires_on_deep_nesting() {
        let src = format!(
            "function FindProxyForURL(url, host) {{\n return {}\"DIRECT\"{};\n}}",
            "(".repeat(200),
            ")".repeat(200)
        );
        let f = run("PacTooDeep", &src);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].evidence[0].lines.start, 2);
    }

    #[test]
    fn quiet_on_normal_nesting() {
        let f = run(
            "PacTooDeep",
            "function FindProxyForURL(url, host) { if ((((host == \"a\")))) { return \"DIRECT\"; } return \"DIRECT\"; }",
        );
        assert!(f.is_empty());
    }
}
