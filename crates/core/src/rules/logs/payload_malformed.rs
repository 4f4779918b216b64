//! # What it checks
//! Clavister Payload_Malformed messages.
//!
//! # Why it matters
//! The negotiation fails like a wrong key, but re-typing the same key does not help if the type differs.
//!
//! # How to fix
//! Use the same pre-shared key type (passphrase or hex) on both sides and re-enter the key.
//!
//! # References
//! Clavister cOS Stream guide 13.6.6 item 4.

use super::{per_group, source_label, start, times};
use crate::facts::{Facts, IkeFailureCause};
use crate::finding::{Finding, Severity};
use crate::rules::RuleMeta;

/// Rule identity.
pub const META: RuleMeta = RuleMeta {
    id: "PayloadMalformed",
    name: "payload_malformed",
    default_severity: Severity::Error,
};

/// One finding per distinct failure.
pub fn check(facts: &Facts, out: &mut Vec<Finding>) {
    per_group(facts, out, IkeFailureCause::PayloadMalformed, |f, n| {
        let detail = "Most likely the pre-shared key is of a different type on each side (passphrase on one, hex key on the other): the peers derive different keys and cannot decrypt each other's messages. Use the same key type on both sides.";
        start(
            &META,
            format!("Malformed IKE payload — {}{}", source_label(f), times(n)),
        )
        .detail(detail)
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::Vendor;
    use crate::rules::logs::authentication::tests::failure;
    use crate::rules::testing::{ids, run};

    #[test]
    fn fires_on_its_cause() {
        let facts = Facts {
            ike_failures: vec![failure(
                IkeFailureCause::PayloadMalformed,
                Vendor::Clavister,
                None,
            )],
            ..Default::default()
        };
        assert_eq!(ids(&run(check, &facts)), ["PayloadMalformed"]);
    }

    #[test]
    fn quiet_on_other_causes() {
        let other = if IkeFailureCause::PayloadMalformed == IkeFailureCause::AuthenticationFailed {
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
