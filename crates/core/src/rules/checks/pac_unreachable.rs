//! # What it checks
//! Browser checks of the PAC URL that were refused, timed out or blocked.
//!
//! # Why it matters
//! Without the PAC the browser does not know which proxy to use: depending on settings it
//! goes DIRECT (dropped at the firewall) or fails.
//!
//! # How to fix
//! Check DNS resolution and reachability of `pac.<cloud>.net` on 80/443; if it is reachable
//! but the download fails, capture for IP fragmentation (`icmp.type==3 and icmp.code==4`).
//!
//! # References
//! Zscaler runbook "PAC File, Explicit Proxy, and DPP — Network Causes".

use super::BROWSER_LIMITS;
use crate::checks::CheckKind;
use crate::facts::{Facts, check_evidence};
use crate::finding::{Finding, Severity};
use crate::rules::{RuleMeta, draft};

/// Rule identity.
pub const META: RuleMeta = RuleMeta {
    id: "PacUnreachable",
    name: "pac_unreachable",
    default_severity: Severity::Error,
};

/// One finding per failed PAC check.
pub fn check(facts: &Facts, out: &mut Vec<Finding>) {
    let Some(checks) = &facts.checks else { return };
    for (i, c) in checks.checks.iter().enumerate() {
        if c.kind != CheckKind::Pac || c.verdict.reached() {
            continue;
        }
        draft(
            &META,
            format!(
                "The PAC file {} could not be downloaded ({})",
                c.target,
                c.verdict.as_str()
            ),
        )
        .detail(format!(
            "The browser cannot fetch the PAC, so it cannot choose a proxy. {BROWSER_LIMITS}"
        ))
        .evidence(&check_evidence(i, c))
        .push(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::Verdict;
    use crate::rules::checks::testing::one;
    use crate::rules::testing::{ids, run};

    #[test]
    fn fires_on_failed_pac_check() {
        let f = Facts {
            checks: Some(one(CheckKind::Pac, Verdict::TimedOut)),
            ..Default::default()
        };
        let out = run(check, &f);
        assert_eq!(ids(&out), ["PacUnreachable"]);
        assert_eq!(out[0].evidence[0].block, "check:c1");
    }

    #[test]
    fn quiet_when_pac_answers_or_other_kind() {
        assert!(
            run(
                check,
                &Facts {
                    checks: Some(one(CheckKind::Pac, Verdict::AnsweredOpaque)),
                    ..Default::default()
                }
            )
            .is_empty()
        );
        assert!(
            run(
                check,
                &Facts {
                    checks: Some(one(CheckKind::Gateway, Verdict::TimedOut)),
                    ..Default::default()
                }
            )
            .is_empty()
        );
    }
}
