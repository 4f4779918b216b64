//! # What it checks
//! Browser checks of a proxy, gateway or other target whose request was blocked.
//!
//! # Why it matters
//! The request was blocked before it reached the service: browser policy, an extension, an upstream proxy or a firewall block page.
//!
//! # How to fix
//! Check local proxy settings, extensions and the upstream proxy / firewall policy for this port.
//!
//! # References
//! Zscaler runbook "PAC File, Explicit Proxy, and DPP — Network Causes" (ping / telnet to
//! 80/443 and the dedicated proxy port).

use super::per_check;
use crate::checks::Verdict;
use crate::facts::Facts;
use crate::finding::{Finding, Severity};
use crate::rules::RuleMeta;

/// Rule identity.
pub const META: RuleMeta = RuleMeta {
    id: "ProxyPortBlocked",
    name: "proxy_port_blocked",
    default_severity: Severity::Error,
};

/// One finding per check with this verdict.
pub fn check(facts: &Facts, out: &mut Vec<Finding>) {
    per_check(
        facts,
        out,
        &META,
        Verdict::Blocked,
        &[],
        "request blocked",
        "The request was blocked before it reached the service: browser policy, an extension, an upstream proxy or a firewall block page.",
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
            checks: Some(one(CheckKind::Proxy, Verdict::Blocked)),
            ..Default::default()
        };
        assert_eq!(ids(&run(check, &f)), ["ProxyPortBlocked"]);
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
                    checks: Some(one(CheckKind::Pac, Verdict::Blocked)),
                    ..Default::default()
                }
            )
            .is_empty()
        );
    }
}
