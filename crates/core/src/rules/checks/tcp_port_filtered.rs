//! # What it checks
//! Browser checks of a proxy, gateway or other target that timed out. Shell TCP tests
//! (telnet, Test-NetConnection) that timed out or failed count too.
//!
//! # Why it matters
//! No answer arrived in time: packets are silently dropped on the way by a firewall or lost to a routing problem.
//!
//! # How to fix
//! Check the egress firewall rules for the service edge addresses and ports, and run MTR towards the host.
//!
//! # References
//! Zscaler runbook "PAC File, Explicit Proxy, and DPP — Network Causes" (ping / telnet to
//! 80/443 and the dedicated proxy port).

use super::per_check;
use crate::checks::Verdict;
use crate::facts::{Facts, TcpOutcome};
use crate::finding::{Finding, Severity};
use crate::rules::RuleMeta;

/// Rule identity.
pub const META: RuleMeta = RuleMeta {
    id: "TcpPortFiltered",
    name: "tcp_port_filtered",
    default_severity: Severity::Error,
};

/// One finding per check with this verdict.
pub fn check(facts: &Facts, out: &mut Vec<Finding>) {
    per_check(
        facts,
        out,
        &META,
        Verdict::TimedOut,
        &[TcpOutcome::TimedOut, TcpOutcome::Failed],
        "no answer (timed out)",
        "No answer arrived in time: packets are silently dropped on the way by a firewall or lost to a routing problem.",
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::CheckKind;
    use crate::rules::checks::testing::one;
    use crate::rules::testing::{ids, run};

    #[test]
    fn fires_on_its_verdict() {
        let f = Facts {
            checks: Some(one(CheckKind::Proxy, Verdict::TimedOut)),
            ..Default::default()
        };
        assert_eq!(ids(&run(check, &f)), ["TcpPortFiltered"]);
    }

    #[test]
    fn quiet_on_answer_or_pac() {
        assert!(
            run(
                check,
                &Facts {
                    checks: Some(one(CheckKind::Proxy, Verdict::Answered)),
                    ..Default::default()
                }
            )
            .is_empty()
        );
        assert!(
            run(
                check,
                &Facts {
                    checks: Some(one(CheckKind::Pac, Verdict::TimedOut)),
                    ..Default::default()
                }
            )
            .is_empty()
        );
    }
}
