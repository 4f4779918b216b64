//! # What it checks
//! MTR runs where loss starts at some hop and continues on every hop up to the destination.
//!
//! # Why it matters
//! That is real packet loss on the path (the hop where it starts, or the link before it):
//! health probes fail and tunnels flap. Loss that does NOT continue to the destination is ICMP
//! rate limiting on a router (see `IcmpRateLimitedHop`), not a fault.
//!
//! # How to fix
//! Run MTR for at least 300 packets outside the tunnel and give the ISP of the first lossy
//! hop the output.
//!
//! # References
//! Zscaler runbook "Validate the Network Path" / "How to Collect MTR".

use super::{loss, lossy_tail_start};
use crate::facts::{Facts, TraceTool};
use crate::finding::{Finding, Severity};
use crate::rules::{RuleMeta, draft};

/// Rule identity.
pub const META: RuleMeta = RuleMeta {
    id: "PathLossAtDestination",
    name: "loss_at_destination",
    default_severity: Severity::Error,
};

/// Destination loss below this (percent) is reported as a warning.
const ERROR_LOSS_PCT: f64 = 5.0;

/// One finding per trace with loss carried to the destination.
pub fn check(facts: &Facts, out: &mut Vec<Finding>) {
    for t in facts.traces.iter().filter(|t| t.tool == TraceTool::Mtr) {
        let Some(start) = lossy_tail_start(t) else {
            continue;
        };
        let (Some(first), Some(last)) = (t.hops.get(start), t.hops.last()) else {
            continue;
        };
        let dest_loss = loss(last);
        let target = t
            .target
            .clone()
            .or_else(|| last.host.clone())
            .unwrap_or_else(|| "the destination".into());
        let silent = last.host.is_none();
        let mut d = draft(&META, format!("{dest_loss:.1} % loss to {target}, starting at hop {} ({})", first.n, first.host.clone().unwrap_or_else(|| "no reply".into())))
            .detail(format!(
                "Every hop from {} to the destination loses packets, so the loss is real and not ICMP rate limiting. The problem is at hop {} or on the link before it.",
                first.n, first.n
            ))
            .evidence(&first.at)
            .evidence(&last.at);
        if silent {
            d = d.confidence(0.5).detail(format!(
                "From hop {} on nothing answers: either the path is broken there or the remaining routers and the destination do not answer probes (ICMP filtered). Confirm with a TCP MTR (`mtr -T`).",
                first.n
            ));
        }
        if dest_loss < ERROR_LOSS_PCT {
            d = d.severity(Severity::Warning);
        }
        d.push(out);
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::facts::{Hop, PathTrace};
    use crate::rules::testing::{ev, ids, run};

    pub(crate) fn trace(losses: &[Option<f64>]) -> PathTrace {
        let hops = losses
            .iter()
            .enumerate()
            .map(|(i, l)| Hop {
                n: i as u32 + 1,
                host: l.map(|_| format!("198.51.100.{}", i + 1)),
                loss_pct: *l,
                sent: Some(100),
                avg_ms: Some(10.0 + i as f64),
                best_ms: None,
                worst_ms: None,
                at: ev(i as u32 + 3, "hop"),
            })
            .collect();
        PathTrace {
            tool: TraceTool::Mtr,
            target: Some("203.0.113.45".into()),
            hops,
            at: ev(1, "mtr"),
        }
    }

    #[test]
    fn fires_when_loss_carries_to_destination() {
        let facts = Facts {
            traces: vec![trace(&[
                Some(0.0),
                Some(0.0),
                Some(12.0),
                Some(11.0),
                Some(12.5),
            ])],
            ..Default::default()
        };
        let out = run(check, &facts);
        assert_eq!(ids(&out), ["PathLossAtDestination"]);
        assert!(out[0].summary.contains("hop 3"));
        assert_eq!(out[0].severity, Severity::Error);
        assert_eq!(out[0].evidence[0].lines.start, 5);
    }

    #[test]
    fn small_loss_is_a_warning() {
        let facts = Facts {
            traces: vec![trace(&[Some(0.0), Some(1.0), Some(1.0)])],
            ..Default::default()
        };
        assert_eq!(run(check, &facts)[0].severity, Severity::Warning);
    }

    #[test]
    fn quiet_on_intermediate_loss_only() {
        let facts = Facts {
            traces: vec![trace(&[Some(0.0), Some(60.0), None, Some(0.0), Some(0.0)])],
            ..Default::default()
        };
        assert!(run(check, &facts).is_empty());
    }
}
