//! `PacNoDirectFallback`: an answer lists proxies but no DIRECT after them.
//!
//! **What it checks.** Every constant answer that starts with a proxy and has no `DIRECT`
//! entry anywhere after it (e.g. `"PROXY a:80; PROXY b:80"`).
//!
//! **Why it matters.** When every listed proxy is unreachable (DC outage, firewall change,
//! a laptop off the corporate network), the browser has nothing left to try and the request
//! fails. Some designs want exactly that (fail closed, so traffic is never uninspected);
//! most outages reported as "the Internet is down" then come from this line.
//!
//! **How to fix.** Append `; DIRECT` when availability matters more than inspection, or keep
//! the answer as it is and document that failing closed is intended.

use netdiag_core::{Action, Evidence, Finding, Severity};

use super::answers::{ReturnedValue, returned};
use super::{LintContext, Rule, finding, list_some};

/// The rule.
pub(crate) const RULE: Rule = Rule {
    id: "PacNoDirectFallback",
    title: "No DIRECT fallback after the proxies",
    severity: Severity::Warning,
    check,
};

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    let Some(pac) = ctx.pac() else {
        return;
    };
    let mut answers: Vec<String> = Vec::new();
    let mut evidence: Vec<Evidence> = Vec::new();
    for r in returned(pac) {
        let ReturnedValue::Str { text, analysis } = &r.value else {
            continue;
        };
        let usable: Vec<_> = analysis
            .entries
            .iter()
            .filter(|e| e.problem.is_none())
            .collect();
        let starts_with_proxy = usable.first().is_some_and(|e| e.kind != "DIRECT");
        let has_direct = usable.iter().any(|e| e.kind == "DIRECT");
        if starts_with_proxy && !has_direct {
            if !answers.contains(text) {
                answers.push(text.clone());
            }
            evidence.push(ctx.evidence(r.lines.0, r.lines.1));
        }
    }
    if answers.is_empty() {
        return;
    }
    let quoted: Vec<String> = answers.iter().map(|a| format!("{a:?}")).collect();
    out.push(finding(
        &RULE,
        format!(
            "No DIRECT fallback after the proxies in {}",
            list_some(&quoted, 2)
        ),
        "If every listed proxy is unreachable, browsers have nothing left to try and requests \
         fail. That is right for a deliberate fail-closed design, and the usual cause of \
         'the Internet is down' when a data centre or the path to it fails.",
        evidence,
        vec![
            Action::text("Append \"; DIRECT\" if availability matters more than inspection."),
            Action::text("If failing closed is intended, document it next to the return."),
        ],
    ));
}

#[cfg(test)]
mod tests {
    use crate::lint::testutil::run;

    const ID: &str = "PacNoDirectFallback";

    #[test]
    fn fires_on_proxies_only() {
        let f = run(
            ID,
            "function FindProxyForURL(url, host) {\n\
               if (isPlainHostName(host)) return \"DIRECT\";\n\
               return \"PROXY ${GATEWAY}:80; PROXY ${SECONDARY_GATEWAY}:80\";\n}",
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].evidence[0].lines.start, 3);
    }

    #[test]
    fn quiet_with_direct_tail_or_direct_first() {
        let f = run(
            ID,
            "function FindProxyForURL(url, host) {\n\
               if (isPlainHostName(host)) return \"DIRECT; PROXY p.example:80\";\n\
               return \"PROXY a.example:80; PROXY b.example:80; DIRECT\";\n}",
        );
        assert!(f.is_empty());
    }
}
