//! # What it checks
//! IPsec SAs with `#pkts encaps > 0` and `#pkts decaps = 0`.
//!
//! # Why it matters
//! Traffic is encrypted and sent into the tunnel but nothing comes back: the peer does not
//! have a matching SA, does not route the return traffic into the tunnel, NATs it, or ESP is
//! dropped on the way back. Users see time-outs although the tunnel is "up".
//!
//! # How to fix
//! Check the peer's SA and routing for your networks, NAT exemption on both sides, and that
//! ESP / UDP 4500 passes in both directions. Towards Zscaler, also the 8-SA limit.
//!
//! # References
//! Zscaler runbook "IPSec Tunnel is UP but Traffic is Not Working" (encaps/decaps
//! incrementing); Cisco `show crypto ipsec sa`.

use super::label;
use crate::facts::Facts;
use crate::finding::{Finding, Severity};
use crate::rules::{RuleMeta, draft};

/// Rule identity.
pub const META: RuleMeta = RuleMeta {
    id: "OneWayTraffic",
    name: "one_way_traffic",
    default_severity: Severity::Error,
};

/// One finding per one-way SA.
pub fn check(facts: &Facts, out: &mut Vec<Finding>) {
    for sa in &facts.ipsec_sas {
        let (Some(enc), Some(0)) = (sa.encaps, sa.decaps) else {
            continue;
        };
        if enc == 0 {
            continue;
        }
        draft(&META, format!("Tunnel to {} sends but receives nothing ({enc} packets encapsulated, 0 decapsulated)", label(sa)))
            .detail("Packets are encrypted into the tunnel but none come back through it. The peer either has no matching SA for these selectors, does not route the return traffic into the tunnel, or the return ESP is dropped on the way.")
            .evidence_opt(sa.counters_at.as_ref())
            .evidence(&sa.at)
            .push(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{ids, ipsec_sa, run};

    #[test]
    fn fires_on_encaps_without_decaps() {
        let facts = Facts {
            ipsec_sas: vec![ipsec_sa(5, 0)],
            ..Default::default()
        };
        let out = run(check, &facts);
        assert_eq!(ids(&out), ["OneWayTraffic"]);
        assert!(out[0].summary.contains("5 packets"));
        assert_eq!(out[0].evidence[0].lines.start, 16);
    }

    #[test]
    fn quiet_on_two_way_or_idle() {
        let facts = Facts {
            ipsec_sas: vec![ipsec_sa(5, 7), ipsec_sa(0, 0)],
            ..Default::default()
        };
        assert!(run(check, &facts).is_empty());
    }
}
