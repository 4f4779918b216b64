//! # What it checks
//! IPsec SAs whose `#send errors` or `#recv errors` counters are above zero.
//!
//! # Why it matters
//! Packets are being dropped inside IPsec processing (no SA, replay, fragmentation,
//! integrity failures). A few after a rekey are normal; a growing count is not.
//!
//! # How to fix
//! Clear the counters, watch them, and correlate with the log; check MTU/MSS for large
//! packets.
//!
//! # References
//! Cisco `show crypto ipsec sa` counters; Zscaler runbook sample output.

use super::label;
use crate::facts::Facts;
use crate::finding::{Finding, Severity};
use crate::rules::{RuleMeta, draft};

/// Rule identity.
pub const META: RuleMeta = RuleMeta {
    id: "IpsecPacketErrors",
    name: "packet_errors",
    default_severity: Severity::Warning,
};

/// One finding per SA with errors.
pub fn check(facts: &Facts, out: &mut Vec<Finding>) {
    for sa in &facts.ipsec_sas {
        let send = sa.send_errors.unwrap_or(0);
        let recv = sa.recv_errors.unwrap_or(0);
        if send == 0 && recv == 0 {
            continue;
        }
        let total = sa.encaps.unwrap_or(0) + sa.decaps.unwrap_or(0);
        // Errors that are a tiny share of a busy SA are worth knowing, not alarming.
        let small = total > 0 && (send + recv) * 1000 < total;
        let mut d = draft(&META, format!("Tunnel to {} has {send} send and {recv} receive errors", label(sa)))
            .detail("The SA drops packets inside IPsec processing. Clear the counters and watch whether they grow.")
            .evidence_opt(sa.counters_at.as_ref())
            .evidence(&sa.at);
        if small {
            d = d.severity(Severity::Info).detail(format!("{} errors against {total} packets (below 0.1 %): probably transient (rekey), but watch whether they grow.", send + recv));
        }
        d.push(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{ids, ipsec_sa, run};

    #[test]
    fn fires_on_errors() {
        let mut sa = ipsec_sa(10, 10);
        sa.send_errors = Some(4);
        let facts = Facts {
            ipsec_sas: vec![sa],
            ..Default::default()
        };
        let out = run(check, &facts);
        assert_eq!(ids(&out), ["IpsecPacketErrors"]);
        assert_eq!(out[0].severity, Severity::Warning);
    }

    #[test]
    fn quiet_without_errors() {
        let facts = Facts {
            ipsec_sas: vec![ipsec_sa(10, 10)],
            ..Default::default()
        };
        assert!(run(check, &facts).is_empty());
    }
}
