//! # What it checks
//! Gateway CPU usage above 95 % (Azure `CPUStats.txt`: `Current CPU Usage : N %`).
//!
//! # Why it matters
//! A saturated gateway drops or delays IKE and data packets: tunnels flap and throughput
//! falls, whatever the configuration.
//!
//! # How to fix
//! Reduce the load or resize the gateway SKU; look for a traffic surge or many flapping
//! tunnels.
//!
//! # References
//! Azure Network Watcher VPN troubleshoot, gateway fault `GatewayCPUUsageExceeded`.

use crate::facts::Facts;
use crate::finding::{Finding, Severity};
use crate::rules::{RuleMeta, draft};

/// Rule identity.
pub const META: RuleMeta = RuleMeta {
    id: "GatewayCPUUsageExceeded",
    name: "cpu_usage",
    default_severity: Severity::Error,
};

/// Azure's threshold, percent.
pub const CPU_THRESHOLD_PCT: f64 = 95.0;

/// One finding per reading above the threshold.
pub fn check(facts: &Facts, out: &mut Vec<Finding>) {
    for c in facts.cpu.iter().filter(|c| c.percent > CPU_THRESHOLD_PCT) {
        draft(&META, format!("Gateway CPU usage is {:.0} % (above {CPU_THRESHOLD_PCT:.0} %)", c.percent))
            .detail("At this load the gateway drops or delays IKE and data packets; tunnels may flap regardless of configuration.")
            .evidence(&c.at)
            .push(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::{CpuReading, Vendor};
    use crate::rules::testing::{ev, ids, run};

    fn cpu(p: f64) -> CpuReading {
        CpuReading {
            vendor: Vendor::Azure,
            percent: p,
            at: ev(1, "Current CPU Usage : 97 %"),
        }
    }

    #[test]
    fn fires_above_95() {
        assert_eq!(
            ids(&run(
                check,
                &Facts {
                    cpu: vec![cpu(97.0)],
                    ..Default::default()
                }
            )),
            ["GatewayCPUUsageExceeded"]
        );
    }

    #[test]
    fn quiet_at_or_below_95() {
        assert!(
            run(
                check,
                &Facts {
                    cpu: vec![cpu(95.0), cpu(0.0)],
                    ..Default::default()
                }
            )
            .is_empty()
        );
    }
}
