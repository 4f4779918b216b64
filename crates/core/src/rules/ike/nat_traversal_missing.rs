//! # What it checks
//! A tunnel whose local address is private (RFC 1918 / RFC 6598) while the peer is public —
//! so NAT sits between them — with NAT traversal disabled or not in use: an IKE SA on UDP 500
//! at both ends, an IPsec SA without UDP encapsulation, or a configuration disabling NAT-T.
//!
//! # Why it matters
//! ESP (IP protocol 50) has no ports and does not survive PAT; IKE may come up on UDP 500 but
//! no data passes. NAT-T moves IKE and ESP to UDP 4500.
//!
//! # How to fix
//! Enable NAT-T on both peers (`crypto isakmp nat keepalive`, `encap`/`forceencaps`), allow
//! UDP 4500; towards Zscaler use an FQDN credential behind NAT.
//!
//! # References
//! RFC 3947; Zscaler runbook "Additional Checks and Validation" (Verify NAT-T); PANCast
//! episode 12 (NAT traversal on both sides).

use crate::facts::net::{ipv4, is_private, is_public};
use crate::facts::{Facts, SaPhase};
use crate::finding::{Finding, Severity};
use crate::rules::{RuleMeta, draft};

/// Rule identity.
pub const META: RuleMeta = RuleMeta {
    id: "NatTraversalMissing",
    name: "nat_traversal_missing",
    default_severity: Severity::Error,
};

fn natted(local: Option<&str>, remote: Option<&str>) -> bool {
    let l = local.and_then(ipv4);
    let r = remote.and_then(ipv4);
    matches!((l, r), (Some(l), Some(r)) if is_private(l) && is_public(r))
}

/// Findings for IKE SAs, IPsec SAs and configurations.
pub fn check(facts: &Facts, out: &mut Vec<Finding>) {
    for sa in &facts.ike_sas {
        if !natted(sa.local.as_deref(), sa.remote.as_deref()) {
            continue;
        }
        let on_500 = sa.local_port == Some(500)
            && sa.remote_port == Some(500)
            && sa.phase == SaPhase::Established;
        if sa.nat_t == Some(false) || (sa.nat_t.is_none() && on_500) {
            draft(&META, format!("IKE SA {} → {} crosses NAT without NAT-T", sa.local.clone().unwrap_or_default(), sa.remote.clone().unwrap_or_default()))
                .detail("The local address is private and the peer public, so NAT sits between them, yet IKE runs on UDP 500 without NAT traversal: ESP will not pass the NAT.")
                .evidence(&sa.at)
                .push(out);
        }
    }
    for sa in &facts.ipsec_sas {
        if sa.udp_encaps == Some(false) && natted(sa.local.as_deref(), sa.remote.as_deref()) {
            draft(&META, format!("IPsec SA {} → {} crosses NAT without UDP encapsulation", sa.local.clone().unwrap_or_default(), sa.remote.clone().unwrap_or_default()))
                .detail("The SA uses plain ESP although the local endpoint is private and the peer public: ESP does not survive NAT/PAT.")
                .evidence(&sa.at)
                .push(out);
        }
    }
    for c in &facts.configs {
        let cfg = &c.config;
        let local_private = cfg
            .local_address
            .as_deref()
            .and_then(ipv4)
            .is_some_and(is_private);
        // An unknown peer address counts as public: peers of a NATed site usually are.
        let peer_public = cfg
            .peer_address
            .as_deref()
            .and_then(ipv4)
            .is_none_or(is_public);
        if cfg.nat_t == Some(false) && local_private && peer_public {
            draft(&META, "NAT traversal is disabled on a peer behind NAT")
                .detail(format!(
                    "The configuration disables NAT-T while its tunnel address {} is private.",
                    cfg.local_address.clone().unwrap_or_default()
                ))
                .evidence(c.at_key("nat_t"))
                .push(out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{ids, ike_sa, ipsec_sa, run};

    #[test]
    fn fires_on_private_source_on_udp_500() {
        let mut sa = ike_sa("READY", "10.0.0.2", "203.0.113.9");
        sa.local_port = Some(500);
        sa.remote_port = Some(500);
        let mut ip = ipsec_sa(5, 0);
        ip.local = Some("10.0.0.2".into());
        ip.udp_encaps = Some(false);
        let facts = Facts {
            ike_sas: vec![sa],
            ipsec_sas: vec![ip],
            ..Default::default()
        };
        assert_eq!(
            ids(&run(check, &facts)),
            ["NatTraversalMissing", "NatTraversalMissing"]
        );
    }

    #[test]
    fn quiet_with_nat_t_or_public_source() {
        let mut natt = ike_sa("READY", "10.0.0.2", "203.0.113.9");
        natt.local_port = Some(4500);
        natt.remote_port = Some(4500);
        let mut public = ike_sa("READY", "198.51.100.2", "203.0.113.9");
        public.local_port = Some(500);
        public.remote_port = Some(500);
        let lab = ike_sa("QM_IDLE", "10.0.0.2", "10.0.0.1");
        let facts = Facts {
            ike_sas: vec![natt, public, lab],
            ipsec_sas: vec![ipsec_sa(5, 5)],
            ..Default::default()
        };
        assert!(run(check, &facts).is_empty());
    }
}
