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

use crate::facts::{Facts, SaPhase};
use crate::finding::{Finding, Severity};
use crate::rules::{RuleMeta, draft};

/// Rule identity.
pub const META: RuleMeta = RuleMeta { id: "Phase2NotEstablished", name: "phase2_not_established", default_severity: Severity::Error };

/// One finding per SA entry without installed SAs.
pub fn check(facts: &Facts, out: &mut Vec<Finding>) {
    for sa in &facts.ipsec_sas {
        if sa.inbound_sas != Some(0) || sa.outbound_sas != Some(0) {
            continue;
        }
        // Counters that moved prove an SA existed recently: the listing is a rekey gap.
        if sa.encaps.unwrap_or(0) > 0 || sa.decaps.unwrap_or(0) > 0 {
            continue;
        }
        let peer = sa.remote.clone().unwrap_or_else(|| "the peer".into());
        let sel = match (&sa.local_ident, &sa.remote_ident) {
            (Some(l), Some(r)) => format!(" for {l} ↔ {r}"),
            _ => String::new(),
        };
        let ike_up = facts.ike_sas.iter().find(|i| i.phase == SaPhase::Established && i.remote.is_some() && i.remote == sa.remote);
        let detail = if ike_up.is_some() {
            "Phase 1 with this peer is established but no IPsec SA is installed: the phase-2 proposal (transform set, PFS) or the protected networks do not match."
        } else {
            "No IPsec SA is installed for these selectors: either phase 1 is not up, or the phase-2 proposal or protected networks do not match. Generate traffic matching the selectors and read the responder's log."
        };
        draft(&META, format!("No IPsec SA with {peer}{sel}"))
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

    #[test]
    fn fires_when_no_sa_installed() {
        let mut sa = ipsec_sa(0, 0);
        sa.inbound_sas = Some(0);
        sa.outbound_sas = Some(0);
        let facts = Facts { ipsec_sas: vec![sa], ike_sas: vec![ike_sa("QM_IDLE", "192.0.2.1", "203.0.113.9")], ..Default::default() };
        let out = run(check, &facts);
        assert_eq!(ids(&out), ["Phase2NotEstablished"]);
        assert!(out[0].detail.starts_with("Phase 1 with this peer is established"));
        assert_eq!(out[0].evidence.len(), 2);
    }

    #[test]
    fn quiet_when_sas_installed_or_unknown() {
        let mut unknown = ipsec_sa(0, 0);
        unknown.inbound_sas = None;
        unknown.outbound_sas = None;
        let facts = Facts { ipsec_sas: vec![ipsec_sa(10, 10), unknown], ..Default::default() };
        assert!(run(check, &facts).is_empty());
    }
}
