//! Browser check rules: failed reachability checks from the page.
pub mod pac_unreachable;
pub mod proxy_port_blocked;
pub mod service_not_listening;
pub mod tcp_port_filtered;

use crate::checks::{CheckKind, CheckResult, Verdict};
use crate::facts::{Facts, TcpOutcome, check_evidence};
use crate::finding::Finding;
use crate::rules::{RuleMeta, draft};

/// What a browser cannot see, said once in every check finding.
pub(crate) const BROWSER_LIMITS: &str = "A browser sees HTTP(S) outcomes only: it cannot tell a refused port from a reset by a firewall with certainty, and it cannot test ICMP, raw TCP ports or MTU. Confirm from a shell (telnet / Test-NetConnection, MTR).";

/// One finding per non-PAC browser check with `verdict`, and per shell TCP test (telnet,
/// Test-NetConnection) with one of `tcp`.
pub(crate) fn per_check(
    facts: &Facts,
    out: &mut Vec<Finding>,
    meta: &RuleMeta,
    verdict: Verdict,
    tcp: &[TcpOutcome],
    what: &str,
    why: &str,
) {
    if let Some(checks) = &facts.checks {
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
    for t in facts.tcp_tests.iter().filter(|t| tcp.contains(&t.outcome)) {
        let target = match (&t.target, t.port) {
            (Some(h), Some(p)) => format!("{h} port {p}"),
            (Some(h), None) => h.clone(),
            (None, Some(p)) => format!("port {p}"),
            (None, None) => "the target".into(),
        };
        let what = if t.outcome == TcpOutcome::Failed {
            "TCP connection failed (refused or filtered)"
        } else {
            what
        };
        draft(meta, format!("TCP test to {target}: {what}"))
            .detail(why)
            .evidence(&t.at)
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
        let samples = if verdict.reached() {
            "[20.0, 21.0]"
        } else {
            "[]"
        };
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
        CheckResults {
            checks: vec![check(kind, verdict, None)],
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::facts::{Facts, TcpOutcome, TcpTest};
    use crate::rules::testing::{ev, ids, run};

    fn tcp(outcome: TcpOutcome) -> TcpTest {
        TcpTest {
            target: Some("gateway.example.net".into()),
            port: Some(10938),
            outcome,
            at: ev(
                3,
                "telnet: Unable to connect to remote host: Connection refused",
            ),
        }
    }

    #[test]
    fn shell_tcp_tests_map_to_the_same_findings() {
        let facts = Facts {
            tcp_tests: vec![
                tcp(TcpOutcome::Refused),
                tcp(TcpOutcome::TimedOut),
                tcp(TcpOutcome::Failed),
                tcp(TcpOutcome::Connected),
            ],
            ..Default::default()
        };
        assert_eq!(
            ids(&run(super::service_not_listening::check, &facts)),
            ["ServiceNotListening"]
        );
        let filtered = run(super::tcp_port_filtered::check, &facts);
        assert_eq!(ids(&filtered), ["TcpPortFiltered", "TcpPortFiltered"]);
        assert!(filtered[1].summary.contains("refused or filtered"));
        assert!(run(super::proxy_port_blocked::check, &facts).is_empty());
    }
}
