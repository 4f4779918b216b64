//! # What it checks
//! Proposal mismatches in logs: Azure errors 13825 and 13868 (and 'Policy Mismatch' notifies), Clavister 'Could not find acceptable proposal / no proposal chosen', NO_PROPOSAL_CHOSEN.
//!
//! # Why it matters
//! The most common reason a new tunnel does not come up: the two sides' configurations do not match.
//!
//! # How to fix
//! Compare both configurations (`netdiag compare`): at least one proposal must match in every transform; phase-2 networks must mirror each other.
//!
//! # References
//! Azure Network Watcher VPN troubleshoot (fault `IkePolicyMismatch`, IKELogs 13868); Clavister cOS Stream guide 13.6.6 item 1.

use super::{per_group, source_label, start, times};
use crate::facts::{Facts, IkeFailureCause, Vendor};
use crate::finding::{Finding, Severity};
use crate::rules::RuleMeta;

/// Rule identity.
pub const META: RuleMeta = RuleMeta {
    id: "IkePolicyMismatch",
    name: "ike_policy_mismatch",
    default_severity: Severity::Error,
};

/// One finding per distinct failure.
pub fn check(facts: &Facts, out: &mut Vec<Finding>) {
    per_group(facts, out, IkeFailureCause::PolicyMismatch, |f, n| {
        let detail = match (f.vendor, f.phase) {
            (Vendor::Azure, _) => {
                "Azure found no matching policy (13825 no policy / 13868 policy match): the on-premises device proposes IKE or IPsec parameters the Azure connection does not accept. Set a custom IPsec/IKE policy on the connection that matches the device, or change the device."
            }
            (Vendor::Clavister, Some(1)) => {
                "Clavister: the IKE (phase-1) proposal lists do not match. Run `ike -snoop -full`, let the remote side initiate, and compare what it proposes with your IKE proposal list (lifetimes matter too)."
            }
            (Vendor::Clavister, _) => {
                "Clavister: no proposal chosen. In phase 1 the IKE proposal lists differ; in phase 2 the IPsec proposal lists, PFS / DH group, main/aggressive mode — or the networks: the local network of each side must be the remote network of the other, exactly the same size."
            }
            _ => {
                "No proposal of one side is acceptable to the other. Compare encryption, integrity, DH group, lifetime and PFS on both sides (at least one proposal must match), and in phase 2 the protected networks."
            }
        };
        start(
            &META,
            format!(
                "No acceptable IKE/IPsec proposal — {}{}",
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
                IkeFailureCause::PolicyMismatch,
                Vendor::Azure,
                Some(13868),
            )],
            ..Default::default()
        };
        assert_eq!(ids(&run(check, &facts)), ["IkePolicyMismatch"]);
    }

    #[test]
    fn quiet_on_other_causes() {
        let other = if IkeFailureCause::PolicyMismatch == IkeFailureCause::AuthenticationFailed {
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
