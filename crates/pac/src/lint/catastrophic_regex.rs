//! `PacCatastrophicRegex`: a regular expression can backtrack catastrophically.
//!
//! **What it checks.** Regex literals and `RegExp("...")` / `new RegExp("...")` with constant
//! arguments, read structurally (never run): a repeated group whose body can match the same
//! text in several ways, i.e. nested quantifiers like `(a+)+`, `(.*)*`, `(\w+\s?)+`, or
//! overlapping alternatives like `(a|aa)+`. Groups pinned by a mandatory delimiter the inner
//! quantifier cannot match, such as `([a-z0-9-]+\.)+`, are fine.
//!
//! **Why it matters.** On a non-matching input such a regex takes time exponential in the
//! input length. Inside a PAC that input is a URL or host the user does not control: one long
//! URL can freeze proxy resolution, and with it the browser, for seconds or minutes.
//!
//! **How to fix.** Remove the nesting (`(a+)+` is `a+`), make alternatives exclusive, or
//! anchor each repetition on a delimiter (`([a-z0-9-]+\.)+example\.com$`).

use std::ops::ControlFlow;

use boa_ast::Spanned;
use boa_ast::expression::RegExpLiteral;
use boa_ast::visitor::{VisitWith, Visitor};
use netdiag_core::{Action, Evidence, Finding, Severity};

use super::ast::{self, Pac};
use super::regex_shape::analyse;
use super::{LintContext, Rule, clip, finding, list_some};

/// The rule.
pub(crate) const RULE: Rule = Rule {
    id: "PacCatastrophicRegex",
    title: "Regular expression with catastrophic backtracking",
    severity: Severity::Warning,
    check,
};

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    let Some(pac) = ctx.pac() else {
        return;
    };
    let mut found: Vec<(String, u32)> = Vec::new();
    let mut v = Literals {
        pac,
        out: Vec::new(),
    };
    let _ = pac.script.visit_with(&mut v);
    let consts = pac.consts();
    let mut patterns = v.out;
    for call in ast::calls(pac) {
        if pac.ident(call.function()).as_deref() == Some("RegExp")
            && let Some(p) = call.args().first().and_then(|a| consts.string(a))
        {
            let flags = call
                .args()
                .get(1)
                .and_then(|a| consts.string(a))
                .unwrap_or_default();
            patterns.push((p, flags, call.span().start().line_number()));
        }
    }
    for (pattern, flags, line) in patterns {
        if let Some(d) = analyse(&pattern, &flags) {
            found.push((format!("{} ({})", clip(&d.group, 40), d.reason), line));
        }
    }
    if found.is_empty() {
        return;
    }
    let evidence: Vec<Evidence> = found
        .iter()
        .take(20)
        .map(|(_, l)| ctx.evidence(*l, *l))
        .collect();
    let names: Vec<String> = found.into_iter().map(|(s, _)| s).collect();
    out.push(finding(
        &RULE,
        format!(
            "Regular expression(s) can backtrack catastrophically: {}",
            list_some(&names, 2)
        ),
        "A repeated group that can match the same text in several ways takes exponential time \
         on inputs that almost match. The input is a URL or host name the user does not \
         control, so one long URL can freeze proxy resolution.",
        evidence,
        vec![Action::text(
            "Remove the nested quantifier ((a+)+ is a+), make alternatives exclusive, or pin \
             each repetition on a delimiter such as ([a-z0-9-]+\\.)+.",
        )],
    ));
}

struct Literals<'p> {
    pac: &'p Pac,
    out: Vec<(String, String, u32)>,
}

impl<'a> Visitor<'a> for Literals<'_> {
    type BreakTy = ();
    fn visit_reg_exp_literal(&mut self, node: &'a RegExpLiteral) -> ControlFlow<()> {
        self.out.push((
            self.pac.sym(node.pattern()),
            self.pac.sym(node.flags()),
            node.span().start().line_number(),
        ));
        ControlFlow::Continue(())
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::testutil::run;

    const ID: &str = "PacCatastrophicRegex";

    #[test]
    fn fires_on_literal_and_constructor() {
        let f = run(
            ID,
            "var bad = /^(\\w+\\s?)+$/;\n\
             var worse = new RegExp(\"(a|aa)+\" + \"$\", \"i\");\n\
             function FindProxyForURL(url, host) { return bad.test(host) ? \"DIRECT\" : \"PROXY p:80\"; }",
        );
        assert_eq!(f.len(), 1);
        let lines: Vec<u32> = f[0].evidence.iter().map(|e| e.lines.start).collect();
        assert_eq!(lines, vec![1, 2]);
    }

    #[test]
    fn quiet_on_pinned_repetitions() {
        let f = run(
            ID,
            "var ok = /^([a-z0-9-]+\\.)+example\\.com$/;\n\
             var ip = RegExp(\"^(0|10|127|192\\\\.168)\\\\.[0-9.]+$\");\n\
             function FindProxyForURL(url, host) { return ok.test(host) ? \"DIRECT\" : \"PROXY p:80\"; }",
        );
        assert!(f.is_empty(), "{f:?}");
    }
}
