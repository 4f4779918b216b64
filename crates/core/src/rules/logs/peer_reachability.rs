//! # What it checks
//! IKE negotiations that timed out because the peer never answered: Azure error 13805 (ERROR_IPSEC_IKE_TIMED_OUT) and vendor logs saying the peer did not respond.
//!
//! # Why it matters
//! Without an answer no SA can be negotiated; the cause is reachability (address, firewall, ISP), not configuration of the proposals.
//!
//! # How to fix
//! Check the peer's public address, that UDP 500/4500 and ESP pass end to end, and that the peer's IKE service runs.
//!
//! # References
//! Azure Network Watcher VPN troubleshoot (fault `PeerReachability`).

use super::{per_group, source_label, start, times};
use crate::facts::{Facts, IkeFailureCause, Vendor};
use crate::finding::{Finding, Severity};
use crate::rules::RuleMeta;

/// Rule identity.
pub const META: RuleMeta = RuleMeta {
    id: "PeerReachability",
    name: "peer_reachability",
    default_severity: Severity::Error,
};

/// One finding per distinct failure.
pub fn check(facts: &Facts, out: &mut Vec<Finding>) {
    per_group(facts, out, IkeFailureCause::PeerUnreachable, |f, n| {
        let detail = match f.vendor {
            Vendor::Azure => {
                "Azure reports that the IKE negotiation timed out: the on-premises device did not answer. Check its public address in the local network gateway, and that UDP 500/4500 and ESP reach it."
            }
            _ => {
                "The peer never answered: check its address and that UDP 500/4500 (and ESP) are allowed end to end."
            }
        };
        start(
            &META,
            format!(
                "The peer gateway did not answer the IKE negotiation — {}{}",
                source_label(f),
                times(n)
            ),
        )
        .detail(detail)
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::logs::authentication::tests::failure;
    use crate::rules::testing::{ids, run};

    #[test]
    fn fires_on_its_cause() {
        let facts = Facts {
            ike_failures: vec![failure(
                IkeFailureCause::PeerUnreachable,
                Vendor::Azure,
                Some(13805),
            )],
            ..Default::default()
        };
        assert_eq!(ids(&run(check, &facts)), ["PeerReachability"]);
    }

    #[test]
    fn quiet_on_other_causes() {
        let other = if IkeFailureCause::PeerUnreachable == IkeFailureCause::AuthenticationFailed {
            IkeFailureCause::PeerUnreachable
        } else {
            IkeFailureCause::AuthenticationFailed
        };
        let facts = Facts {
            ike_failures: vec![failure(other, Vendor::Azure, None)],
            ..Default::default()
        };
        assert!(run(check, &facts).is_empty());
    }
}
