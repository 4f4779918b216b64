//! # What it checks
//! Traffic selector rejections in logs (TS_UNACCEPTABLE, 'traffic selectors unacceptable').
//!
//! # Why it matters
//! Phase 2 fails for those networks; with mismatched sizes the tunnel only comes up from one side.
//!
//! # How to fix
//! Make the local networks of each side exactly the remote networks of the other.
//!
//! # References
//! RFC 7296 section 2.9 (traffic selector narrowing); Clavister cOS Stream guide 13.6.7 (tunnel initiated from one side only).

use super::{per_group, source_label, start, times};
use crate::facts::{Facts, IkeFailureCause};
use crate::finding::{Finding, Severity};
use crate::rules::RuleMeta;

/// Rule identity.
pub const META: RuleMeta = RuleMeta {
    id: "TrafficSelectorMismatch",
    name: "traffic_selector_mismatch",
    default_severity: Severity::Error,
};

/// One finding per distinct failure.
pub fn check(facts: &Facts, out: &mut Vec<Finding>) {
    per_group(
        facts,
        out,
        IkeFailureCause::TrafficSelectorMismatch,
        |f, n| {
            let detail = "The protected networks proposed by one side are not acceptable to the other (TS_UNACCEPTABLE). If one side's network is larger than the other's, the tunnel comes up only when the side with the smaller network initiates. Make the networks exact mirror images.";
            start(
                &META,
                format!(
                    "Traffic selectors were rejected — {}{}",
                    source_label(f),
                    times(n)
                ),
            )
            .detail(detail)
        },
    );
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
                IkeFailureCause::TrafficSelectorMismatch,
                Vendor::StrongSwan,
                None,
            )],
            ..Default::default()
        };
        assert_eq!(ids(&run(check, &facts)), ["TrafficSelectorMismatch"]);
    }

    #[test]
    fn quiet_on_other_causes() {
        let other =
            if IkeFailureCause::TrafficSelectorMismatch == IkeFailureCause::AuthenticationFailed {
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
