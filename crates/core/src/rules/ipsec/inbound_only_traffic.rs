//! # What it checks
//! IPsec SAs with `#pkts decaps > 0` and `#pkts encaps = 0` — the reverse of one-way traffic.
//!
//! # Why it matters
//! Packets arrive through the tunnel but the replies do not go back into it: the route for
//! the remote networks points elsewhere, NAT is applied to them, or the local crypto ACL /
//! traffic selector does not cover them.
//!
//! # How to fix
//! Route (or policy-route) the remote networks into the tunnel, exempt them from NAT, and
//! mirror the peer's selectors.
//!
//! # References
//! Zscaler runbook (encapsulated/decapsulated packets must both increment); Cisco
//! `show crypto ipsec sa`.

use super::label;
use crate::facts::Facts;
use crate::finding::{Finding, Severity};
use crate::rules::{RuleMeta, draft};

/// Rule identity.
pub const META: RuleMeta = RuleMeta {
    id: "InboundOnlyTraffic",
    name: "inbound_only_traffic",
    default_severity: Severity::Warning,
};

/// One finding per receive-only SA.
pub fn check(facts: &Facts, out: &mut Vec<Finding>) {
    for sa in &facts.ipsec_sas {
        let (Some(0), Some(dec)) = (sa.encaps, sa.decaps) else {
            continue;
        };
        if dec == 0 {
            continue;
        }
        draft(&META, format!("Tunnel to {} receives but sends nothing ({dec} packets decapsulated, 0 encapsulated)", label(sa)))
            .detail("Packets come in through the tunnel but nothing is encrypted back: replies leave by another route, are NATed, or are not matched by the local crypto ACL / traffic selector.")
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
    fn fires_on_decaps_without_encaps() {
        let facts = Facts {
            ipsec_sas: vec![ipsec_sa(0, 12)],
            ..Default::default()
        };
        assert_eq!(ids(&run(check, &facts)), ["InboundOnlyTraffic"]);
    }

    #[test]
    fn quiet_on_two_way_or_idle() {
        let facts = Facts {
            ipsec_sas: vec![ipsec_sa(5, 7), ipsec_sa(0, 0), ipsec_sa(3, 0)],
            ..Default::default()
        };
        assert!(run(check, &facts).is_empty());
    }
}
