//! Browser check rules: failed reachability checks from the page.
pub mod pac_unreachable;
pub mod proxy_port_blocked;
pub mod service_not_listening;
pub mod tcp_port_filtered;

use crate::checks::{CheckKind, CheckResult, Verdict};
use crate::facts::{Facts, check_evidence};
use crate::finding::Finding;
use crate::rules::{RuleMeta, draft};

/// What a browser cannot see, said once in every check finding.
pub(crate) const BROWSER_LIMITS: &str = "A browser sees HTTP(S) outcomes only: it cannot tell a refused port from a reset by a firewall with certainty, and it cannot test ICMP, raw TCP ports or MTU. Confirm from a shell (telnet / Test-NetConnection, MTR).";

/// One finding per non-PAC check with `verdict`.
pub(crate) fn per_check(facts: &Facts, out: &mut Vec<Finding>, meta: &RuleMeta, verdict: Verdict, what: &str, why: &str) {
    let Some(checks) = &facts.checks else { return };
    for (i, c) in checks.checks.iter().enumerate() {
        if c.kind == CheckKind::Pac || c.verdict != verdict {
            continue;
        }
        draft(meta, format!("{} {}: {what}", kind_label(c), c.target))
            .detail(format!("{why} {BROWSER_LIMITS}"))
            .evidence(&check_evidence(i, c))
            .push(out);
    }
}

/// `Proxy`, `Gateway`... for summaries.
pub(crate) fn kind_label(c: &CheckResult) -> &'static str {
    match c.kind {
        CheckKind::Pac => "PAC file",
        CheckKind::Proxy => "Proxy",
        CheckKind::Gateway => "Gateway",
        CheckKind::Auth => "Authentication host",
        CheckKind::Other => "Target",
    }
}

#[cfg(test)]
pub(crate) mod testing {
    use crate::checks::{CheckKind, CheckResult, CheckResults, Verdict};

    /// A check as the page's JSON gives it.
    pub fn check(kind: CheckKind, verdict: Verdict, budget: Option<f64>) -> CheckResult {
        let samples = if verdict.reached() { "[20.0, 21.0]" } else { "[]" };
        let budget = budget.map_or("null".to_string(), |b| b.to_string());
        let j = format!(
            r#"{{"id": "c1", "target": "gateway.example.net:443", "kind": {}, "verdict": {}, "samples_ms": {samples}, "budget_ms": {budget}}}"#,
            serde_json::to_string(&kind).unwrap(),
            serde_json::to_string(&verdict).unwrap()
        );
        serde_json::from_str(&j).unwrap()
    }

    /// A set of one check.
    pub fn one(kind: CheckKind, verdict: Verdict) -> CheckResults {
        CheckResults { checks: vec![check(kind, verdict, None)] }
    }
}
