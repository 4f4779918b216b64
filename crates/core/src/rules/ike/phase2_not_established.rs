//! # What it checks
//! IPsec SA entries (a crypto map / tunnel and its selectors) with no inbound and no outbound
//! ESP/AH SA installed.
//!
//! # Why it matters
//! Phase 1 may be up, but without a child SA nothing is encrypted: traffic for these selectors
//! is dropped (or sent in clear, depending on policy).
//!
//! # How to fix
//! Compare the phase-2 proposals, PFS group and protected networks of both peers; generate
//! interesting traffic and read the responder's log.
//!
//! # References
//! Cisco `show crypto ipsec sa` ("inbound esp sas:" lists); Clavister cOS Stream guide 13.6.6
//! ("no proposal chosen" in the IPsec phase, networks must match exactly).

use crate::facts::{Facts, IkeSa, IpsecSa, SaPhase};
use crate::finding::{Finding, Severity};
use crate::rules::{RuleMeta, draft};

/// Rule identity.
pub const META: RuleMeta = RuleMeta {
    id: "Phase2NotEstablished",
    name: "phase2_not_established",
    default_severity: Severity::Error,
};

fn no_sa(sa: &IpsecSa) -> bool {
    sa.inbound_sas == Some(0)
        && sa.outbound_sas == Some(0)
        && sa.encaps.unwrap_or(0) == 0
        && sa.decaps.unwrap_or(0) == 0
}

/// Virtual tunnel interfaces bring their SAs up at once; crypto map entries only on traffic.
fn is_vti(sa: &IpsecSa) -> bool {
    sa.name.as_deref().is_some_and(|n| {
        let l = n.to_ascii_lowercase();
        l.starts_with("tunnel") || l.starts_with("virtual-access") || l.starts_with("vti")
    })
}

/// One finding per SA entry without installed SAs.
pub fn check(facts: &Facts, out: &mut Vec<Finding>) {
    for sa in facts.ipsec_sas.iter().filter(|s| no_sa(s)) {
        let same_peer = |o: &&IkeSa| o.remote.is_some() && o.remote == sa.remote;
        // Phase 1 itself failing is the root cause; that finding says so.
        if facts
            .ike_sas
            .iter()
            .filter(same_peer)
            .any(|i| i.phase != SaPhase::Established)
            && !facts
                .ike_sas
                .iter()
                .filter(same_peer)
                .any(|i| i.phase == SaPhase::Established)
        {
            continue;
        }
        let peer = sa.remote.clone().unwrap_or_else(|| "the peer".into());
        let sel = match (&sa.local_ident, &sa.remote_ident) {
            (Some(l), Some(r)) => format!(" for {l} ↔ {r}"),
            _ => String::new(),
        };
        let ike_up = facts
            .ike_sas
            .iter()
            .filter(same_peer)
            .find(|i| i.phase == SaPhase::Established);
        let sibling_up = facts.ipsec_sas.iter().any(|o| {
            o.remote.is_some()
                && o.remote == sa.remote
                && !no_sa(o)
                && o.inbound_sas.unwrap_or(0) > 0
        });
        let (severity, detail) = if sibling_up {
            (
                Severity::Info,
                "Other selectors with this peer have SAs; this pair has none and has carried no traffic. That is normal for a selector nothing has matched yet; if traffic should flow here, the peer refuses these selectors (compare the networks on both sides).",
            )
        } else if is_vti(sa) {
            (
                Severity::Error,
                "This tunnel interface has no IPsec SA. A virtual tunnel interface negotiates its SAs as soon as it is up, so phase 2 is failing: compare the transform sets, PFS group and identities of both peers.",
            )
        } else if ike_up.is_some() {
            (
                Severity::Error,
                "Phase 1 with this peer is established but no IPsec SA is installed: the phase-2 proposal (transform set, PFS) or the protected networks do not match.",
            )
        } else {
            (
                Severity::Warning,
                "No IPsec SA is installed for these selectors and no traffic has passed. If traffic should flow, generate some that matches the selectors and read the responder's log; paste `show crypto isakmp sa` too to see whether phase 1 comes up.",
            )
        };
        draft(&META, format!("No IPsec SA with {peer}{sel}"))
            .severity(severity)
            .detail(detail)
            .evidence(&sa.at)
            .evidence_opt(ike_up.map(|i| &i.at))
            .push(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{ids, ike_sa, ipsec_sa, run};

    fn empty(name: &str, local: &str) -> IpsecSa {
        let mut sa = ipsec_sa(0, 0);
        sa.name = Some(name.into());
        sa.local_ident = Some(local.into());
        sa.inbound_sas = Some(0);
        sa.outbound_sas = Some(0);
        sa
    }

    #[test]
    fn fires_when_phase1_up_and_no_sa() {
        let facts = Facts {
            ipsec_sas: vec![empty("GigabitEthernet1", "10.1.0.0/16")],
            ike_sas: vec![ike_sa("QM_IDLE", "192.0.2.1", "203.0.113.9")],
            ..Default::default()
        };
        let out = run(check, &facts);
        assert_eq!(ids(&out), ["Phase2NotEstablished"]);
        assert_eq!(out[0].severity, Severity::Error);
        assert_eq!(out[0].evidence.len(), 2);
    }

    #[test]
    fn vti_without_sa_is_an_error() {
        let facts = Facts {
            ipsec_sas: vec![empty("Tunnel0", "0.0.0.0/0")],
            ..Default::default()
        };
        assert_eq!(run(check, &facts)[0].severity, Severity::Error);
    }

    #[test]
    fn idle_crypto_acl_line_is_info() {
        let facts = Facts {
            ipsec_sas: vec![ipsec_sa(4, 4), empty("GigabitEthernet1", "10.9.0.0/16")],
            ..Default::default()
        };
        assert_eq!(run(check, &facts)[0].severity, Severity::Info);
    }

    #[test]
    fn quiet_when_sas_installed_unknown_or_phase1_down() {
        let mut unknown = ipsec_sa(0, 0);
        unknown.inbound_sas = None;
        unknown.outbound_sas = None;
        let facts = Facts {
            ipsec_sas: vec![ipsec_sa(10, 10), unknown],
            ..Default::default()
        };
        assert!(run(check, &facts).is_empty());
        let p1_down = Facts {
            ipsec_sas: vec![empty("GigabitEthernet1", "10.1.0.0/16")],
            ike_sas: vec![ike_sa("MM_NO_STATE", "192.0.2.1", "203.0.113.9")],
            ..Default::default()
        };
        assert!(run(check, &p1_down).is_empty());
    }
}
