//! # What it checks
//! Round-trip times above the distance budget: about 60 ms per 4,000 km in developed regions
//! and at most 100 ms per 4,000 km in less developed ones, plus a small access-network
//! allowance (`latency_floor_ms`, default 10 ms). Sources: the destination hop of an MTR, ping
//! averages (with the distance given) and browser checks with their own budget.
//!
//! # Why it matters
//! Latency far above what the distance explains means suboptimal routing or congestion;
//! it slows every proxied request and trips health probes.
//!
//! # How to fix
//! Map the MTR hops to locations to find the detour and give it to the ISP; use the nearest
//! service edge; tune probe timeouts.
//!
//! # References
//! Zscaler runbook "Validate Latency Between the GRE/IPSec Gateway and ZIA Service Edge".

use crate::facts::{Facts, TraceTool, check_evidence};
use crate::finding::{Evidence, Finding, Severity};
use crate::rules::{RuleMeta, draft};

/// Rule identity.
pub const META: RuleMeta = RuleMeta {
    id: "LatencyAboveBudget",
    name: "latency_budget",
    default_severity: Severity::Warning,
};

/// Budget in developed regions, ms per 4,000 km.
pub const DEVELOPED_MS_PER_4000KM: f64 = 60.0;
/// Maximum in less developed regions, ms per 4,000 km.
pub const MAX_MS_PER_4000KM: f64 = 100.0;

/// `(developed budget, maximum)` in ms for a distance, including the access allowance.
pub fn budget(distance_km: f64, floor_ms: f64) -> (f64, f64) {
    let d = distance_km.max(0.0) / 4000.0;
    (
        floor_ms + DEVELOPED_MS_PER_4000KM * d,
        floor_ms + MAX_MS_PER_4000KM * d,
    )
}

struct Sample {
    what: String,
    rtt: f64,
    at: Evidence,
    own_budget: Option<f64>,
}

/// Findings for every sample above its budget.
pub fn check(facts: &Facts, out: &mut Vec<Finding>) {
    let mut samples: Vec<Sample> = Vec::new();
    for t in facts.traces.iter().filter(|t| t.tool == TraceTool::Mtr) {
        if let Some(last) = t.hops.last()
            && let (Some(rtt), Some(_)) = (last.avg_ms, &last.host)
        {
            let target = t
                .target
                .clone()
                .or_else(|| last.host.clone())
                .unwrap_or_default();
            samples.push(Sample {
                what: format!("MTR average to {target}"),
                rtt,
                at: last.at.clone(),
                own_budget: None,
            });
        }
    }
    for p in &facts.pings {
        if let (Some(rtt), Some(r)) = (p.avg_ms, p.received)
            && r > 0
        {
            samples.push(Sample {
                what: format!("ping average to {}", p.target.clone().unwrap_or_default()),
                rtt,
                at: p.at.clone(),
                own_budget: None,
            });
        }
    }
    for (i, c) in facts
        .checks
        .iter()
        .flat_map(|c| c.checks.iter().enumerate())
    {
        if c.verdict.reached() && c.budget_ms.is_some() {
            samples.push(Sample {
                what: format!("browser check {} median", c.target),
                rtt: c.effective_stats().median,
                at: check_evidence(i, c),
                own_budget: c.budget_ms,
            });
        }
    }
    for s in samples {
        let (budget_ms, max_ms, basis) = match (s.own_budget, facts.context.distance_km) {
            (Some(b), _) => (b, b, format!("the check's budget of {b:.0} ms")),
            (None, Some(d)) => {
                let (b, m) = budget(d, facts.context.latency_floor_ms);
                (
                    b,
                    m,
                    format!(
                        "{d:.0} km: {b:.0} ms at 60 ms per 4,000 km, {m:.0} ms at most (100 ms per 4,000 km), including {:.0} ms access allowance",
                        facts.context.latency_floor_ms
                    ),
                )
            }
            (None, None) => continue,
        };
        if s.rtt <= budget_ms {
            continue;
        }
        let over_max = s.rtt > max_ms;
        draft(&META, format!("{} is {:.0} ms, above the {:.0} ms budget", s.what, s.rtt, if over_max { max_ms } else { budget_ms }))
            .detail(format!(
                "Budget for {basis}. {}",
                if over_max {
                    "This is above even the less-developed-regions maximum: look for suboptimal routing in the MTR hops, or a far service edge."
                } else {
                    "Within the maximum for less developed regions, above the developed-region figure: acceptable only if the path runs through such a region."
                }
            ))
            .severity(if over_max { Severity::Warning } else { Severity::Info })
            .evidence(&s.at)
            .push(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::{CheckKind, CheckResults, Verdict};
    use crate::facts::Context;
    use crate::rules::path::loss_at_destination::tests::trace;
    use crate::rules::testing::{ids, run};

    fn ctx(d: f64) -> Context {
        Context {
            distance_km: Some(d),
            latency_floor_ms: 10.0,
            ..Default::default()
        }
    }

    #[test]
    fn budget_math() {
        assert_eq!(budget(4000.0, 0.0), (60.0, 100.0));
        assert_eq!(budget(2000.0, 10.0), (40.0, 60.0));
    }

    #[test]
    fn fires_above_budget() {
        let mut t = trace(&[Some(0.0), Some(0.0)]);
        if let Some(h) = t.hops.last_mut() {
            h.avg_ms = Some(95.0);
        }
        let facts = Facts {
            traces: vec![t],
            context: ctx(2000.0),
            ..Default::default()
        };
        let out = run(check, &facts);
        assert_eq!(ids(&out), ["LatencyAboveBudget"]);
        assert_eq!(out[0].severity, Severity::Warning);
    }

    #[test]
    fn check_with_own_budget() {
        let mut c = crate::rules::checks::testing::check(
            CheckKind::Gateway,
            Verdict::AnsweredOpaque,
            Some(50.0),
        );
        c.samples_ms = vec![80.0, 90.0, 85.0];
        let facts = Facts {
            checks: Some(CheckResults { checks: vec![c] }),
            ..Default::default()
        };
        assert_eq!(ids(&run(check, &facts)), ["LatencyAboveBudget"]);
    }

    #[test]
    fn quiet_within_budget_or_without_distance() {
        let t = trace(&[Some(0.0), Some(0.0)]); // 11 ms
        assert!(
            run(
                check,
                &Facts {
                    traces: vec![t.clone()],
                    context: ctx(1000.0),
                    ..Default::default()
                }
            )
            .is_empty()
        );
        assert!(
            run(
                check,
                &Facts {
                    traces: vec![t],
                    ..Default::default()
                }
            )
            .is_empty()
        );
    }
}
