//! # What it checks
//! Clavister 'No public key found' messages (certificate-based tunnels).
//!
//! # Why it matters
//! The certificate chain cannot be validated, so the peer cannot be authenticated.
//!
//! # How to fix
//! Check both certificates chain to the same CA, their validity by each device's clock, and CRL reachability.
//!
//! # References
//! Clavister cOS Stream guide 13.6.6 item 5 and 13.6.2.

use super::{per_group, source_label, start, times};
use crate::facts::{Facts, IkeFailureCause};
use crate::finding::{Finding, Severity};
use crate::rules::RuleMeta;

/// Rule identity.
pub const META: RuleMeta = RuleMeta {
    id: "NoPublicKeyFound",
    name: "no_public_key",
    default_severity: Severity::Error,
};

/// One finding per distinct failure.
pub fn check(facts: &Facts, out: &mut Vec<Finding>) {
    per_group(facts, out, IkeFailureCause::NoPublicKey, |f, n| {
        let detail = "Possible causes: the certificates are not signed by the same CA; a certificate is expired or not yet valid (a wrong clock on the firewall or the CA, or different time zones); or the CRL on the CA cannot be reached (check the CRL path and that a DNS client is configured). Bring the tunnel up with a PSK first, then switch to certificates.";
        start(
            &META,
            format!(
                "Certificate authentication failed: no public key found — {}{}",
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
    use crate::facts::Vendor;
    use crate::rules::logs::authentication::tests::failure;
    use crate::rules::testing::{ids, run};

    #[test]
    fn fires_on_its_cause() {
        let facts = Facts {
            ike_failures: vec![failure(
                IkeFailureCause::NoPublicKey,
                Vendor::Clavister,
                None,
            )],
            ..Default::default()
        };
        assert_eq!(ids(&run(check, &facts)), ["NoPublicKeyFound"]);
    }

    #[test]
    fn quiet_on_other_causes() {
        let other = if IkeFailureCause::NoPublicKey == IkeFailureCause::AuthenticationFailed {
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
