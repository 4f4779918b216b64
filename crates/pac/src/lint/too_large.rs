//! `PacTooLarge`: the PAC is very large (bytes or statements over the thresholds in
//! `LintOptions`: 100,000 bytes and 2,000 statements by default).
//!
//! **What it checks.** The source size in bytes and the number of statements in the AST.
//!
//! **Why it matters.** Every client downloads, parses and runs the PAC, and runs it again for
//! every request; a huge PAC slows page loads on weak devices, may exceed size limits of
//! embedded PAC engines, and is hard to review (Zscaler's PAC guidance: keep production PAC
//! files small, delete comments and consolidate bypasses).
//!
//! **How to fix.** Remove comments, dead rules and generated block lists; consolidate bypasses
//! into fewer conditions; move block lists to the proxy's policy instead of the PAC.

use std::ops::ControlFlow;

use boa_ast::StatementListItem;
use boa_ast::visitor::{VisitWith, Visitor};
use netdiag_core::{Action, Finding, Severity};

use super::{LintContext, Rule, finding};

/// The rule.
pub(crate) const RULE: Rule = Rule {
    id: "PacTooLarge",
    title: "Very large PAC",
    severity: Severity::Warning,
    check,
};

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    let bytes = ctx.source.len();
    let statements = ctx.pac().map(|p| {
        let mut c = Counter(0);
        let _ = p.script.visit_with(&mut c);
        c.0
    });
    let mut over: Vec<String> = Vec::new();
    if bytes > ctx.opts.max_bytes {
        over.push(format!("{bytes} bytes (threshold {})", ctx.opts.max_bytes));
    }
    if let Some(n) = statements
        && n > ctx.opts.max_statements
    {
        over.push(format!(
            "{n} statements (threshold {})",
            ctx.opts.max_statements
        ));
    }
    if over.is_empty() {
        return;
    }
    // A final line terminator does not start another line.
    let trailing =
        usize::from(ctx.lines.len() > 1 && ctx.lines.last().is_some_and(|l| l.is_empty()));
    let last = u32::try_from(ctx.lines.len() - trailing).unwrap_or(u32::MAX);
    let mut ev = ctx.evidence(1, last);
    ev.text = over.join(", ");
    out.push(finding(
        &RULE,
        format!("Very large PAC: {}", over.join(", ")),
        "Every client downloads and parses the PAC and runs it for every request; a very large \
         one slows browsing on weak devices, can exceed limits of embedded PAC engines and is \
         hard to review.",
        vec![ev],
        vec![Action::text(
            "Remove comments and dead rules, consolidate bypasses into fewer conditions, and \
             move block lists into the proxy's policy.",
        )],
    ));
}

struct Counter(usize);

impl<'a> Visitor<'a> for Counter {
    type BreakTy = ();
    fn visit_statement_list_item(&mut self, node: &'a StatementListItem) -> ControlFlow<()> {
        self.0 += 1;
        node.visit_with(self)
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::LintOptions;
    use crate::lint::testutil::{run, run_with};

    const ID: &str = "PacTooLarge";

    #[test]
    fn fires_over_thresholds() {
        let mut src = String::from("function FindProxyForURL(url, host) {\n");
        for i in 0..30 {
            src.push_str(&format!(
                "  if (host == \"h{i}.example\") return \"DIRECT\";\n"
            ));
        }
        src.push_str("  return \"DIRECT\";\n}\n");
        let opts = LintOptions {
            max_statements: 20,
            ..LintOptions::default()
        };
        let f = run_with(ID, &src, &opts);
        assert_eq!(f.len(), 1);
        assert!(f[0].summary.contains("statements"), "{}", f[0].summary);
        let opts = LintOptions {
            max_bytes: 100,
            ..LintOptions::default()
        };
        assert!(run_with(ID, &src, &opts)[0].summary.contains("bytes"));
        // Size alone is checked even when the source does not parse.
        assert_eq!(run_with(ID, &format!("{src} (("), &opts).len(), 1);
    }

    #[test]
    fn quiet_on_small_pac() {
        assert!(
            run(
                ID,
                "function FindProxyForURL(url, host) { return \"DIRECT\"; }"
            )
            .is_empty()
        );
    }
}
