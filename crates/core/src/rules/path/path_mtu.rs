//! # What it checks
//! Pings with the Don't Fragment bit set that were answered "fragmentation needed" (Cisco `M`,
//! Linux "Frag needed and DF set"), or that fail at one size while smaller pings to the same
//! target succeed.
//!
//! # Why it matters
//! The path cannot carry packets of that size unfragmented; with PMTUD blocked, large
//! transfers hang while small requests work (classic PAC download or HTTPS stalls).
//!
//! # How to fix
//! Find the largest DF size that passes; set the tunnel `ip mtu` and `ip tcp adjust-mss`
//! (MTU − 40) accordingly.
//!
//! # References
//! Zscaler runbook (PAC download failure from fragmentation, `icmp.type==3 and icmp.code==4`);
//! Cisco PMTUD and fragmentation guide.

use crate::facts::Facts;
use crate::finding::{Finding, Severity};
use crate::rules::{RuleMeta, draft};

/// Rule identity.
pub const META: RuleMeta = RuleMeta {
    id: "PathMtuReduced",
    name: "path_mtu",
    default_severity: Severity::Warning,
};

/// One finding per failing DF ping.
pub fn check(facts: &Facts, out: &mut Vec<Finding>) {
    for p in facts.pings.iter().filter(|p| p.df) {
        let failed = p.received == Some(0) || p.frag_needed;
        if !failed {
            continue;
        }
        let smaller_ok = facts.pings.iter().find(|q| {
            q.target == p.target
                && q.received.is_some_and(|r| r > 0)
                && matches!((q.size, p.size), (Some(a), Some(b)) if a < b)
        });
        if !p.frag_needed && smaller_ok.is_none() {
            continue;
        }
        let size = p.size.map(|s| format!("{s}-byte ")).unwrap_or_default();
        let target = p.target.clone().unwrap_or_else(|| "the target".into());
        let mut detail = format!("{size}packets with DF set do not reach {target}");
        if p.frag_needed {
            detail.push_str(": a router answered 'fragmentation needed'");
        }
        if let Some(q) = smaller_ok {
            detail.push_str(&format!(
                "; {}-byte packets do get through, so the path MTU lies in between",
                q.size.unwrap_or(0)
            ));
        }
        detail.push_str(". Lower the tunnel MTU/MSS so packets fit.");
        draft(
            &META,
            format!(
                "Path MTU to {target} is below {}",
                p.size
                    .map_or("the probe size".into(), |s| format!("{s} bytes"))
            ),
        )
        .detail(detail)
        .evidence(&p.at)
        .evidence_opt(smaller_ok.map(|q| &q.at))
        .push(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::path::ping_no_reply::tests::ping;
    use crate::rules::testing::{ids, run};

    #[test]
    fn fires_on_frag_needed_or_size_step() {
        let a = Facts {
            pings: vec![ping(Some(1500), true, 5, 0, true)],
            ..Default::default()
        };
        assert_eq!(ids(&run(check, &a)), ["PathMtuReduced"]);
        let b = Facts {
            pings: vec![
                ping(Some(1400), true, 5, 5, false),
                ping(Some(1500), true, 5, 0, false),
            ],
            ..Default::default()
        };
        let out = run(check, &b);
        assert_eq!(ids(&out), ["PathMtuReduced"]);
        assert!(out[0].detail.contains("1400-byte"));
    }

    #[test]
    fn quiet_on_passing_or_plain_failure() {
        let facts = Facts {
            pings: vec![
                ping(Some(1500), true, 5, 5, false),
                ping(None, false, 5, 0, false),
            ],
            ..Default::default()
        };
        assert!(run(check, &facts).is_empty());
    }
}
