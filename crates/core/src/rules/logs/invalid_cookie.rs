//! # What it checks
//! IKE packets received for an SA the receiver does not have: Clavister Ike_invalid_cookie, INVALID_SPI-style messages.
//!
//! # Why it matters
//! Traffic is sent into a tunnel the other side has already torn down: it is lost until the stale side notices.
//!
//! # How to fix
//! Clear the stale tunnel, enable DPD on both sides.
//!
//! # References
//! Clavister cOS Stream guide 13.6.6 item 3; RFC 3706 (dead peer detection).

use super::{per_group, source_label, start, times};
use crate::facts::{Facts, IkeFailureCause};
use crate::finding::{Finding, Severity};
use crate::rules::RuleMeta;

/// Rule identity.
pub const META: RuleMeta = RuleMeta {
    id: "IkeInvalidCookie",
    name: "invalid_cookie",
    default_severity: Severity::Warning,
};

/// One finding per distinct failure.
pub fn check(facts: &Facts, out: &mut Vec<Finding>) {
    per_group(facts, out, IkeFailureCause::InvalidCookie, |f, n| {
        let detail = "The receiver has no IKE SA matching these packets: the tunnel went down on one side only and the other side keeps using it. Remove the tunnel on the side that still believes it is up; enable DPD/keepalives on BOTH sides; check that DELETE notifications are acted on.";
        start(
            &META,
            format!(
                "IKE packets for an SA that no longer exists — {}{}",
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
                IkeFailureCause::InvalidCookie,
                Vendor::Clavister,
                None,
            )],
            ..Default::default()
        };
        assert_eq!(ids(&run(check, &facts)), ["IkeInvalidCookie"]);
    }

    #[test]
    fn quiet_on_other_causes() {
        let other = if IkeFailureCause::InvalidCookie == IkeFailureCause::AuthenticationFailed {
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
