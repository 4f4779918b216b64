//! `PacSyntaxError`: the PAC does not parse as JavaScript.
//!
//! **What it checks.** The source is parsed as an ECMAScript script by boa's parser; a
//! failure is reported with its line and column.
//!
//! **Why it matters.** A browser that cannot parse the PAC cannot call it: depending on the
//! client it then goes DIRECT or fails every request. The Zscaler runbook: "PAC parsing issue
//! could cause applications to send traffic direct which might drop at the customer firewall."
//!
//! **How to fix.** Correct the syntax at the reported position (an unclosed bracket or string
//! often shows up a few lines later than the real mistake), then lint again.

use netdiag_core::{Action, Finding, Severity};

use super::ast::ParseProblem;
use super::{LintContext, Rule, finding};

/// The rule.
pub(crate) const RULE: Rule = Rule {
    id: "PacSyntaxError",
    title: "PAC does not parse",
    severity: Severity::Error,
    check,
};

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    let Err(ParseProblem::Syntax {
        message,
        line,
        column,
    }) = &ctx.parsed
    else {
        return;
    };
    let at = match (line, column) {
        (Some(l), Some(c)) => format!(" at line {l}, column {c}"),
        (Some(l), None) => format!(" at line {l}"),
        _ => String::new(),
    };
    let evidence = line.map(|l| vec![ctx.evidence(l, l)]).unwrap_or_default();
    out.push(finding(
        &RULE,
        format!("Syntax error{at}: {message}"),
        "The PAC is not valid JavaScript, so browsers cannot run it. Depending on the client, \
         traffic then goes DIRECT (and may be dropped at the firewall) or fails.",
        evidence,
        vec![
            Action::text("Fix the syntax at the reported line and column, then lint again."),
            Action::text(
                "Roll back to the last PAC version that parsed if this one is already deployed.",
            ),
        ],
    ));
}

#[cfg(test)]
mod tests {
    use crate::lint::testutil::run;

    #[test]
    fn fires_with_line_and_column() {
        let f = run(
            "PacSyntaxError",
            "function FindProxyForURL(url, host) {\n  if (host == \"a\" return \"DIRECT\";\n}",
        );
        assert_eq!(f.len(), 1);
        assert!(f[0].summary.contains("line 2, column"), "{}", f[0].summary);
        assert_eq!(f[0].evidence[0].lines.start, 2);
    }

    #[test]
    fn unterminated_input_points_at_the_end() {
        let f = run(
            "PacSyntaxError",
            "function FindProxyForURL(url, host) {\n  return \"DIRECT\";\n",
        );
        assert_eq!(f.len(), 1);
        assert!(f[0].summary.contains("line 3"), "{}", f[0].summary);
    }

    #[test]
    fn quiet_on_valid_source() {
        let f = run(
            "PacSyntaxError",
            "const FindProxyForURL = (url, host) => `DIRECT`;",
        );
        assert!(f.is_empty());
    }
}
