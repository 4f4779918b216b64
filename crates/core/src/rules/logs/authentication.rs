//! # What it checks
//! IKE authentication failures in logs: Azure error 13801 (ERROR_IPSEC_IKE_AUTH_FAIL) and
//! "IKE authentication credentials are unacceptable" (0x35e9), Clavister "Incorrect
//! pre-shared key", strongSwan AUTHENTICATION_FAILED, Zscaler PSKEY_MISMATCH/NOTFOUND.
//!
//! # Why it matters
//! The peers do not agree on the key (or credentials): phase 1 never completes.
//!
//! # How to fix
//! Re-enter the key on both sides with the same type (passphrase/hex). On Clavister also
//! check that no tunnel higher in the list (remote network all-nets, no remote endpoint)
//! captures the negotiation.
//!
//! # References
//! Azure Network Watcher VPN troubleshoot (fault `Authentication`); Clavister cOS Stream guide
//! 13.6.6 item 2; Zscaler runbook (Event Reason PSKEY_MISMATCH).

use super::{per_group, source_label, start, times};
use crate::facts::{Facts, IkeFailureCause, Vendor};
use crate::finding::{Finding, Severity};
use crate::rules::RuleMeta;

/// Rule identity.
pub const META: RuleMeta = RuleMeta {
    id: "Authentication",
    name: "authentication",
    default_severity: Severity::Error,
};

/// One finding per distinct authentication failure.
pub fn check(facts: &Facts, out: &mut Vec<Finding>) {
    per_group(facts, out, IkeFailureCause::AuthenticationFailed, |f, n| {
        let detail = match f.vendor {
            Vendor::Azure => {
                "Azure reports a pre-shared key mismatch: the on-premises device and the Azure connection do not use the same shared key (Azure's advice: check shared key, crypto and lifetimes)."
            }
            Vendor::Clavister => {
                "Clavister: an incorrect pre-shared key can only be the key itself (or its type: passphrase vs hex) — or the wrong tunnel definition matched: tunnels are scanned top-down, and one above with remote network all-nets-ip4 and no remote endpoint captures the negotiation."
            }
            Vendor::Zscaler => {
                "Zscaler reports a pre-shared key problem for this tunnel: check the VPN credential's key and that the IKE identity maps to the right credential."
            }
            _ => {
                "The peer rejected the authentication: pre-shared key, identity or certificate mismatch."
            }
        };
        start(
            &META,
            format!(
                "IKE authentication failed — {}{}",
                source_label(f),
                times(n)
            ),
        )
        .detail(detail)
    });
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::facts::IkeFailure;
    use crate::rules::testing::{ev, ids, run};

    pub(crate) fn failure(cause: IkeFailureCause, vendor: Vendor, code: Option<u32>) -> IkeFailure {
        IkeFailure {
            recovered: false,
            vendor,
            cause,
            code,
            phase: None,
            message: "msg".into(),
            at: ev(2, "Error: Authentication failed"),
        }
    }

    #[test]
    fn fires_once_per_group() {
        let facts = Facts {
            ike_failures: vec![
                failure(
                    IkeFailureCause::AuthenticationFailed,
                    Vendor::Azure,
                    Some(13801),
                ),
                failure(
                    IkeFailureCause::AuthenticationFailed,
                    Vendor::Azure,
                    Some(13801),
                ),
                failure(
                    IkeFailureCause::AuthenticationFailed,
                    Vendor::Clavister,
                    None,
                ),
            ],
            ..Default::default()
        };
        let out = run(check, &facts);
        assert_eq!(ids(&out), ["Authentication", "Authentication"]);
        assert!(out[0].summary.contains("13801") && out[0].summary.contains("seen 2 times"));
        assert!(out[1].detail.contains("all-nets-ip4"));
    }

    #[test]
    fn recovered_failures_are_warnings() {
        let mut f = failure(
            IkeFailureCause::AuthenticationFailed,
            Vendor::PaloAlto,
            None,
        );
        f.recovered = true;
        let out = run(
            check,
            &Facts {
                ike_failures: vec![f],
                ..Default::default()
            },
        );
        assert_eq!(out[0].severity, Severity::Warning);
        assert!(out[0].actions[0].text.contains("intermittent"));
    }

    #[test]
    fn quiet_on_other_causes() {
        let facts = Facts {
            ike_failures: vec![failure(
                IkeFailureCause::PeerUnreachable,
                Vendor::Azure,
                Some(13805),
            )],
            ..Default::default()
        };
        assert!(run(check, &facts).is_empty());
    }
}
