//! # What it checks
//! Towards Zscaler: IKEv1 aggressive mode without an FQDN identity, or main mode without an
//! IP identity (from the configuration or from an SA that shows mode and identity).
//!
//! # Why it matters
//! Zscaler looks the VPN credential up by FQDN in aggressive mode and by IP in main mode; the
//! wrong combination never matches a credential, so phase 1 fails with an authentication
//! error.
//!
//! # How to fix
//! Aggressive mode: PSK + FQDN credential, FQDN as IKE ID. Main mode: PSK + IP credential.
//!
//! # References
//! Zscaler runbook "Check aggressive/main mode setup" and "Verify VPN credentials type".

use crate::compare::{ExchangeMode, IdKind, IkeVersions};
use crate::facts::Facts;
use crate::facts::net::ipv4;
use crate::finding::{Finding, Severity};
use crate::rules::{RuleMeta, draft};

/// Rule identity.
pub const META: RuleMeta = RuleMeta {
    id: "IkeIdentityModeMismatch",
    name: "identity_mode",
    default_severity: Severity::Warning,
};

/// Findings for configurations and SAs with a wrong mode/identity pair.
pub fn check(facts: &Facts, out: &mut Vec<Finding>) {
    if !facts.context.zscaler {
        return;
    }
    for c in &facts.configs {
        let p = &c.config.phase1;
        if p.version != Some(IkeVersions::V1) {
            continue;
        }
        let Some(id) = &p.local_id else { continue };
        let named = matches!(id.kind, IdKind::Fqdn | IdKind::UserFqdn);
        let msg = match p.mode {
            Some(ExchangeMode::Aggressive) if !named => {
                "Aggressive mode towards Zscaler needs an FQDN identity (PSK + FQDN)"
            }
            Some(ExchangeMode::Main) if id.kind != IdKind::Address => {
                "Main mode towards Zscaler needs an IP identity (PSK + IP)"
            }
            _ => continue,
        };
        draft(&META, msg)
            .detail(format!("The configured local identity is {}; Zscaler will not match it to a VPN credential.", id.label()))
            .evidence(c.at_key("phase1.local_id"))
            .evidence(c.at_key("phase1.mode"))
            .push(out);
    }
    for sa in &facts.ike_sas {
        let (Some(true), Some(id)) = (sa.aggressive, sa.local_id.as_deref()) else {
            continue;
        };
        if ipv4(id).is_some() {
            draft(&META, "Aggressive mode towards Zscaler with an IP identity")
                .detail(format!("The SA uses aggressive mode with local identity {id}; Zscaler expects an FQDN identity in aggressive mode."))
                .evidence(&sa.at)
                .push(out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::{Identity, PeerConfig};
    use crate::facts::{ConfigFact, Context};
    use crate::rules::testing::{ev, ids, run};

    fn cfg(mode: ExchangeMode, kind: IdKind) -> ConfigFact {
        let mut c = PeerConfig::default();
        c.phase1.version = Some(IkeVersions::V1);
        c.phase1.mode = Some(mode);
        c.phase1.local_id = Some(Identity {
            kind,
            value: "x".into(),
        });
        ConfigFact {
            config: c,
            at: ev(1, "crypto isakmp policy 10"),
            settings: Default::default(),
        }
    }

    fn zs(configs: Vec<ConfigFact>) -> Facts {
        Facts {
            configs,
            context: Context {
                zscaler: true,
                ..Default::default()
            },
            ..Default::default()
        }
    }

    #[test]
    fn fires_on_wrong_pairs() {
        let out = run(
            check,
            &zs(vec![
                cfg(ExchangeMode::Aggressive, IdKind::Address),
                cfg(ExchangeMode::Main, IdKind::Fqdn),
            ]),
        );
        assert_eq!(
            ids(&out),
            ["IkeIdentityModeMismatch", "IkeIdentityModeMismatch"]
        );
    }

    #[test]
    fn quiet_on_right_pairs() {
        assert!(
            run(
                check,
                &zs(vec![
                    cfg(ExchangeMode::Aggressive, IdKind::Fqdn),
                    cfg(ExchangeMode::Main, IdKind::Address)
                ])
            )
            .is_empty()
        );
        let not_zs = Facts {
            configs: vec![cfg(ExchangeMode::Aggressive, IdKind::Address)],
            ..Default::default()
        };
        assert!(run(check, &not_zs).is_empty());
    }
}
