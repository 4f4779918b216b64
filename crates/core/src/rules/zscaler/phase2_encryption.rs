//! # What it checks
//! Towards Zscaler: phase-2 (ESP) transforms with an encryption algorithm other than NULL,
//! in IPsec SAs or in the configuration.
//!
//! # Why it matters
//! Zscaler tunnels use NULL encryption for phase 2 unless the encrypted-VPN subscription was
//! bought; without it the phase-2 proposal is refused.
//!
//! # How to fix
//! Offer `esp-null` (with an integrity algorithm), or enable the subscription.
//!
//! # References
//! Zscaler runbook "Check Phase-II configuration"; Zscaler "About IPSec VPNs".

use crate::compare::algorithms::encryption;
use crate::facts::Facts;
use crate::finding::{Finding, Severity};
use crate::rules::{RuleMeta, draft};

/// Rule identity.
pub const META: RuleMeta = RuleMeta {
    id: "Phase2EncryptionNotNull",
    name: "phase2_encryption",
    default_severity: Severity::Warning,
};

/// Encryption algorithms named in a transform string (`esp-256-aes esp-sha-hmac`,
/// `ESP:AES_CBC-256/HMAC_SHA2_256_128`, `esp-null esp-md5-hmac`).
pub fn encryptions_in(transform: &str) -> Vec<&'static str> {
    let lower = transform
        .to_ascii_lowercase()
        .replace("aes_cbc_", "aes")
        .replace("aes_cbc-", "aes")
        .replace("aes_gcm_16_", "aes256gcm");
    let mut out: Vec<&'static str> = lower
        .split(|c: char| {
            c.is_whitespace() || c == '/' || c == ',' || c == ':' || c == '{' || c == '}'
        })
        .filter_map(encryption)
        .collect();
    out.dedup();
    out
}

/// One finding per SA group / configuration with non-NULL encryption.
pub fn check(facts: &Facts, out: &mut Vec<Finding>) {
    if !facts.context.zscaler {
        return;
    }
    for sa in &facts.ipsec_sas {
        let encs: Vec<&str> = sa
            .transforms
            .iter()
            .flat_map(|t| encryptions_in(t))
            .filter(|e| *e != "null")
            .collect();
        let Some(first) = encs.first() else { continue };
        draft(&META, format!("Phase 2 towards {} uses {first} encryption, not NULL", sa.remote.clone().unwrap_or_else(|| "Zscaler".into())))
            .detail("Zscaler expects NULL phase-2 encryption unless the encrypted-VPN subscription is enabled; otherwise the proposal is refused.")
            .evidence(&sa.at)
            .push(out);
    }
    for c in &facts.configs {
        let encs = c.config.esp_encryptions();
        if encs.is_empty() || encs.contains(&"null") {
            continue;
        }
        draft(&META, format!("The phase-2 proposals towards Zscaler offer {} but not NULL", encs.join(", ")))
            .detail("Zscaler expects NULL phase-2 encryption unless the encrypted-VPN subscription is enabled.")
            .evidence(c.at_key("phase2.encryption"))
            .push(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::Context;
    use crate::rules::testing::{ids, ipsec_sa, run};

    #[test]
    fn reads_transform_strings() {
        assert_eq!(encryptions_in("esp-256-aes esp-sha-hmac"), vec!["aes256"]);
        assert_eq!(encryptions_in("esp-null esp-sha-hmac"), vec!["null"]);
        assert_eq!(
            encryptions_in("ESP:AES_CBC-256/HMAC_SHA2_256_128"),
            vec!["aes256"]
        );
    }

    #[test]
    fn fires_on_aes_towards_zscaler() {
        let facts = Facts {
            ipsec_sas: vec![ipsec_sa(1, 1)],
            context: Context {
                zscaler: true,
                ..Default::default()
            },
            ..Default::default()
        };
        assert_eq!(ids(&run(check, &facts)), ["Phase2EncryptionNotNull"]);
    }

    #[test]
    fn quiet_on_null_or_other_peers() {
        let mut null = ipsec_sa(1, 1);
        null.transforms = vec!["esp-null esp-sha-hmac".into()];
        let facts = Facts {
            ipsec_sas: vec![null],
            context: Context {
                zscaler: true,
                ..Default::default()
            },
            ..Default::default()
        };
        assert!(run(check, &facts).is_empty());
        assert!(
            run(
                check,
                &Facts {
                    ipsec_sas: vec![ipsec_sa(1, 1)],
                    ..Default::default()
                }
            )
            .is_empty()
        );
    }
}
