//! # What it checks
//! MTR hops that show loss (or do not answer) while a later hop, and the destination, show
//! none.
//!
//! # Why it matters
//! Routers rate-limit or deprioritise the ICMP replies MTR relies on; traffic through them is
//! fine. Reported as information so that nobody escalates a healthy path.
//!
//! # How to fix
//! Nothing. Judge loss by the destination hop.
//!
//! # References
//! Zscaler runbook "Validate the Network Path" (consistent loss along the path).

use super::loss;
use crate::facts::{Facts, TraceTool};
use crate::finding::{Finding, Severity};
use crate::rules::{RuleMeta, draft};

/// Rule identity.
pub const META: RuleMeta = RuleMeta {
    id: "IcmpRateLimitedHop",
    name: "intermediate_hop_loss",
    default_severity: Severity::Info,
};

/// One finding per trace, listing the hops.
pub fn check(facts: &Facts, out: &mut Vec<Finding>) {
    for t in facts.traces.iter().filter(|t| t.tool == TraceTool::Mtr) {
        let lossy: Vec<_> = t
            .hops
            .iter()
            .enumerate()
            .filter(|(i, h)| {
                loss(h) > 0.0
                    && t.hops
                        .iter()
                        .skip(i + 1)
                        .any(|later| later.host.is_some() && loss(later) == 0.0)
            })
            .map(|(_, h)| h)
            .collect();
        if lossy.is_empty() {
            continue;
        }
        let list: Vec<String> = lossy
            .iter()
            .map(|h| format!("hop {} ({:.0} %)", h.n, loss(h)))
            .collect();
        let mut d = draft(&META, format!("Loss at {} only; later hops answer fully", list.join(", ")))
            .detail("The loss does not continue to the following hops, so those routers only limit the ICMP replies MTR uses. This is not packet loss for traffic.");
        for h in lossy.iter().take(4) {
            d = d.evidence(&h.at);
        }
        d.push(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::path::loss_at_destination::tests::trace;
    use crate::rules::testing::{ids, run};

    #[test]
    fn fires_on_intermediate_loss() {
        let facts = Facts {
            traces: vec![trace(&[Some(0.0), Some(60.0), None, Some(0.0), Some(0.0)])],
            ..Default::default()
        };
        let out = run(check, &facts);
        assert_eq!(ids(&out), ["IcmpRateLimitedHop"]);
        assert!(out[0].summary.contains("hop 2") && out[0].summary.contains("hop 3"));
    }

    #[test]
    fn quiet_on_clean_path_or_loss_to_destination() {
        let facts = Facts {
            traces: vec![
                trace(&[Some(0.0), Some(0.0)]),
                trace(&[Some(0.0), Some(5.0), Some(5.0)]),
            ],
            ..Default::default()
        };
        assert!(run(check, &facts).is_empty());
    }
}
