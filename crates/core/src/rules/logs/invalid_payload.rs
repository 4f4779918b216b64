//! # What it checks
//! Invalid IKE payloads in logs: Azure error 13843 (ERROR_IPSEC_IKE_INVALID_PAYLOAD), Clavister Ike_invalid_payload.
//!
//! # Why it matters
//! The negotiation cannot proceed with a message that cannot be parsed or matched.
//!
//! # How to fix
//! Align IKE versions and proposals; on Clavister clear the one-sided tunnel and enable DPD on both sides.
//!
//! # References
//! Azure Network Watcher VPN troubleshoot (IKEErrors: 'On-prem device sent invalid payload'); Clavister cOS Stream guide 13.6.6 item 3.

use super::{per_group, source_label, start, times};
use crate::facts::{Facts, IkeFailureCause, Vendor};
use crate::finding::{Finding, Severity};
use crate::rules::RuleMeta;

/// Rule identity.
pub const META: RuleMeta = RuleMeta {
    id: "InvalidPayload",
    name: "invalid_payload",
    default_severity: Severity::Error,
};

/// One finding per distinct failure.
pub fn check(facts: &Facts, out: &mut Vec<Finding>) {
    per_group(facts, out, IkeFailureCause::InvalidPayload, |f, n| {
        let detail = match f.vendor {
            Vendor::Azure => {
                "Azure reports that the on-premises device sent an invalid payload (13843). Check that both sides use the same IKE version and supported proposals; update the device firmware if it sends malformed messages."
            }
            Vendor::Clavister => {
                "Clavister received an IKE packet it cannot match to an existing IKE SA: the tunnel is probably established on one side only (the other side still sends into it). Remove the tunnel on the side that believes it is up, then find out why it went down on one side (DPD only on one side, a DELETE not acted on)."
            }
            _ => {
                "The peer sent an IKE message that could not be processed: version or proposal incompatibility, or a bug on one side."
            }
        };
        start(
            &META,
            format!(
                "Invalid IKE payload received — {}{}",
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
                IkeFailureCause::InvalidPayload,
                Vendor::Azure,
                Some(13843),
            )],
            ..Default::default()
        };
        assert_eq!(ids(&run(check, &facts)), ["InvalidPayload"]);
    }

    #[test]
    fn quiet_on_other_causes() {
        let other = if IkeFailureCause::InvalidPayload == IkeFailureCause::AuthenticationFailed {
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
