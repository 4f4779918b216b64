//! # What it checks
//! Browser checks of a proxy, gateway or other target whose connection was refused (fast failure). Shell TCP tests
//! (telnet) that were refused count too.
//!
//! # Why it matters
//! The host answered but refused the connection on this port: nothing listens there (a dedicated proxy port that is not provisioned fails this way), or a device actively rejects it.
//!
//! # How to fix
//! Check the port: 80/443 must work; a dedicated proxy port works only when provisioned for the organisation.
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
    id: "ServiceNotListening",
    name: "service_not_listening",
    default_severity: Severity::Error,
};

/// One finding per check with this verdict.
pub fn check(facts: &Facts, out: &mut Vec<Finding>) {
    per_check(
        facts,
        out,
        &META,
        Verdict::Refused,
        &[TcpOutcome::Refused],
        "connection refused",
        "The host answered but refused the connection on this port: nothing listens there (a dedicated proxy port that is not provisioned fails this way), or a device actively rejects it.",
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
            checks: Some(one(CheckKind::Proxy, Verdict::Refused)),
            ..Default::default()
        };
        assert_eq!(ids(&run(check, &f)), ["ServiceNotListening"]);
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
                    checks: Some(one(CheckKind::Pac, Verdict::Refused)),
                    ..Default::default()
                }
            )
            .is_empty()
        );
    }
}
