//! The "Zscaler supported IKEv1 / IKEv2 parameters" preset, and the Zscaler-specific rows
//! added when a configuration is compared against it.
//!
//! From the ZIA Traffic Forwarding Troubleshooting Runbook (seed 000): IKEv2 recommended
//! (new tenants cannot establish IKEv1 without a support case); VPN credentials by IP for a
//! static address and by FQDN for a dynamic one or behind NAT (the FQDN is the IKE ID);
//! aggressive mode = PSK + FQDN, main mode = PSK + IP; NAT-T supported (UDP 4500); at most 8
//! child SAs per direction; phase-2 NULL encryption unless the encrypted-VPN subscription is
//! bought. From Zscaler's "About IPSec VPNs" page: PFS disabled is recommended. The algorithm
//! lists below are the commonly supported set; verify the current table at
//! <https://help.zscaler.com/zia/about-ipsec-vpns> when a row is borderline.

use super::engine::{RowStatus, Rows};
use super::model::*;
use crate::facts::net::{is_private, parse_cidr, size_of_prefix};

/// Zscaler's "About IPSec VPNs" page (supported parameters).
pub const SUPPORTED_PARAMETERS_URL: &str = "https://help.zscaler.com/zia/about-ipsec-vpns";
/// Zscaler's runbook.
pub const RUNBOOK_URL: &str = "https://help.zscaler.com/troubleshooting-runbooks/zia-traffic-forwarding-troubleshooting-runbook";
/// Zscaler's maximum child SAs (SPD entries) per direction.
pub const MAX_CHILD_SAS: usize = 8;

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| (*x).to_string()).collect()
}

/// The preset for `version` (IKEv1 when asked, IKEv2 otherwise).
pub fn zscaler_preset(version: IkeVersions) -> PeerConfig {
    let v1 = version == IkeVersions::V1;
    let mut p = PeerConfig {
        name: Some(
            if v1 {
                "Zscaler (IKEv1 supported parameters)"
            } else {
                "Zscaler (IKEv2 supported parameters)"
            }
            .into(),
        ),
        format: Some(ConfigFormat::Preset),
        nat_t: Some(true),
        ..Default::default()
    };
    p.phase1.version = Some(if v1 { IkeVersions::V1 } else { IkeVersions::V2 });
    p.phase1.auth = Some(AuthMethod::Psk);
    p.phase1.proposals = vec![if v1 {
        IkeProposal {
            encryption: s(&["3des", "aes128", "aes256"]),
            integrity: s(&["md5", "sha1", "sha256"]),
            prf: Vec::new(),
            dh_groups: vec![2, 5, 14],
        }
    } else {
        IkeProposal {
            encryption: s(&["3des", "aes128", "aes256", "aes128gcm", "aes256gcm"]),
            integrity: s(&["sha1", "sha256", "sha384", "sha512"]),
            prf: s(&["sha1", "sha256", "sha384", "sha512"]),
            dh_groups: vec![2, 5, 14, 19, 20],
        }
    }];
    p.phase2.proposals = vec![EspProposal {
        encryption: s(&["null", "aes128", "aes256", "aes128gcm", "aes256gcm"]),
        integrity: s(&["md5", "sha1", "sha256"]),
    }];
    p.phase2.pfs_group = Some(0);
    p.phase2.local_nets = vec!["0.0.0.0/0".into()];
    p.phase2.remote_nets = vec!["0.0.0.0/0".into()];
    p.notes.push(format!("preset built from Zscaler's runbook and {SUPPORTED_PARAMETERS_URL}; lifetimes are not fixed by Zscaler and are not compared"));
    p
}

/// Rows only a Zscaler comparison has. `r.a` is the user's side, `r.b` the preset.
pub(crate) fn preset_rows(r: &mut Rows<'_>) {
    let a = r.a;
    let sec = "zscaler";
    // IKE version.
    if a.phase1.version == Some(IkeVersions::V1) {
        r.push(sec, "IKE version for a new tenant", "IKEv1".into(), "IKEv2 recommended".into(), RowStatus::Warning,
            "new Zscaler tenants can no longer establish IKEv1 tunnels: raise a support case to enable IKEv1, or configure IKEv2 (recommended)", "phase1.version");
    }
    // Identity versus mode.
    let id = a.phase1.local_id.clone();
    let behind_nat = a
        .local_address
        .as_deref()
        .and_then(|s| s.parse().ok())
        .is_some_and(is_private);
    let kind = id.as_ref().map(|i| i.kind);
    let (need, why_need) = match (a.phase1.version, a.phase1.mode) {
        (Some(IkeVersions::V1), Some(ExchangeMode::Aggressive)) => {
            (IdKind::Fqdn, "aggressive mode needs PSK + FQDN")
        }
        (Some(IkeVersions::V1), _) if behind_nat => (
            IdKind::Fqdn,
            "behind NAT the VPN credential must be FQDN-based (use aggressive mode with the FQDN as IKE ID)",
        ),
        (Some(IkeVersions::V1), _) => (
            IdKind::Address,
            "main mode needs PSK + IP (an IP-based VPN credential)",
        ),
        _ if behind_nat => (
            IdKind::Fqdn,
            "behind NAT the VPN credential must be FQDN-based and the FQDN must be the IKE ID",
        ),
        _ => (
            kind.unwrap_or(IdKind::Address),
            "static IP: IP-based credential; dynamic IP: FQDN-based credential",
        ),
    };
    let (status, why) = match kind {
        Some(k) if k == need || (k == IdKind::UserFqdn && need == IdKind::Fqdn) => {
            (RowStatus::Match, why_need.to_string())
        }
        Some(_) => (
            RowStatus::Mismatch,
            format!("{why_need}; the configured identity will not match the VPN credential"),
        ),
        None => (RowStatus::Info, why_need.to_string()),
    };
    let need_label = match need {
        IdKind::Fqdn => "FQDN (VPN credential by FQDN)",
        _ => "IP address (VPN credential by IP)",
    };
    r.push(
        sec,
        "Local identity vs VPN credential",
        id.map_or("—".into(), |i| i.label()),
        need_label.into(),
        status,
        why,
        "phase1.local_id",
    );
    // Authentication.
    if let Some(auth) = a.phase1.auth.filter(|x| *x != AuthMethod::Psk) {
        r.push(sec, "Authentication", format!("{auth:?}").to_lowercase(), "pre-shared key".into(), RowStatus::Warning,
            "Zscaler VPN credentials are pre-shared keys; check certificate authentication is enabled for your tenant", "phase1.auth");
    }
    // Phase-2 encryption.
    let encs = a.esp_encryptions();
    if !encs.is_empty() {
        let null = encs.contains(&"null");
        let (status, why) = if null {
            (
                RowStatus::Match,
                "NULL encryption is the default for Zscaler tunnels (the traffic is inspected at the service edge)",
            )
        } else {
            (
                RowStatus::Warning,
                "phase-2 encryption other than NULL requires Zscaler's additional encrypted-VPN subscription; without it phase 2 fails. Offer esp-null (or buy the subscription)",
            )
        };
        r.push(
            sec,
            "Phase-2 encryption",
            encs.join(", "),
            "NULL (encryption needs a subscription)".into(),
            status,
            why,
            "phase2.encryption",
        );
    }
    // PFS.
    if let Some(g) = a.phase2.pfs_group.filter(|g| *g != 0) {
        r.push(
            sec,
            "PFS",
            format!("group {g}"),
            "off (recommended)".into(),
            RowStatus::Warning,
            "Zscaler recommends disabling PFS for phase 2",
            "phase2.pfs",
        );
    }
    // Child SA limit.
    let n_local = a.phase2.local_nets.len();
    let n_remote = a.phase2.remote_nets.len();
    let pairs = a.phase2.child_sa_count();
    if n_local > 0 && n_remote > 0 {
        let any = a
            .phase2
            .remote_nets
            .iter()
            .any(|n| parse_cidr(n).is_some_and(|(_, p)| size_of_prefix(p) == 1u64 << 32));
        let (status, why) = if pairs > MAX_CHILD_SAS {
            (
                RowStatus::Mismatch,
                format!(
                    "{pairs} selector pairs make {pairs} child SAs per direction; Zscaler installs at most {MAX_CHILD_SAS}, the rest are not added and their traffic is not routed. Consolidate the subnets (or use 0.0.0.0/0 with routing)"
                ),
            )
        } else if any {
            (
                RowStatus::Match,
                "route-based (0.0.0.0/0): one child SA".to_string(),
            )
        } else {
            (
                RowStatus::Match,
                format!("within Zscaler's limit of {MAX_CHILD_SAS} child SAs per direction"),
            )
        };
        r.push(
            sec,
            "Child SAs per direction",
            pairs.to_string(),
            format!("at most {MAX_CHILD_SAS}"),
            status,
            why,
            "phase2.local_nets",
        );
    }
    // NAT-T.
    if behind_nat && a.nat_t == Some(false) {
        r.push(sec, "NAT-T behind NAT", "disabled".into(), "required".into(), RowStatus::Mismatch,
            "the local address is private, so NAT sits between the peers: NAT-T (UDP 4500) must be enabled", "nat_t");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::engine::compare;

    fn user(version: IkeVersions) -> PeerConfig {
        let mut p = PeerConfig::default();
        p.phase1.version = Some(version);
        p.phase1.mode = Some(ExchangeMode::Main);
        p.phase1.auth = Some(AuthMethod::Psk);
        p.phase1.local_id = Some(Identity {
            kind: IdKind::Address,
            value: "198.51.100.7".into(),
        });
        p.phase1.proposals = vec![IkeProposal {
            encryption: vec!["aes256".into()],
            integrity: vec!["sha256".into()],
            prf: vec![],
            dh_groups: vec![14],
        }];
        p.phase2.proposals = vec![EspProposal {
            encryption: vec!["null".into()],
            integrity: vec!["sha1".into()],
        }];
        p.phase2.pfs_group = Some(0);
        p.phase2.local_nets = vec!["0.0.0.0/0".into()];
        p.phase2.remote_nets = vec!["0.0.0.0/0".into()];
        p
    }

    #[test]
    fn good_ikev2_config_matches() {
        let a = user(IkeVersions::V2);
        let c = compare(&a, &zscaler_preset(IkeVersions::V2));
        assert_eq!(c.mismatches, 0, "{:#?}", c.rows);
        assert_eq!(c.warnings, 0, "{:#?}", c.rows);
    }

    #[test]
    fn flags_zscaler_specific_problems() {
        let mut a = user(IkeVersions::V1);
        a.phase1.mode = Some(ExchangeMode::Aggressive); // with an IP identity
        a.phase2.proposals[0].encryption = vec!["aes256".into()];
        a.phase2.pfs_group = Some(14);
        a.phase2.local_nets = (1..=3).map(|i| format!("10.{i}.0.0/16")).collect();
        a.phase2.remote_nets = vec![
            "172.16.0.0/16".into(),
            "172.17.0.0/16".into(),
            "172.18.0.0/16".into(),
        ];
        let c = compare(&a, &zscaler_preset(IkeVersions::V1));
        let st = |name: &str| {
            c.rows
                .iter()
                .find(|r| r.section == "zscaler" && r.parameter == name)
                .map(|r| r.status)
        };
        assert_eq!(st("IKE version for a new tenant"), Some(RowStatus::Warning));
        assert_eq!(
            st("Local identity vs VPN credential"),
            Some(RowStatus::Mismatch)
        );
        assert_eq!(st("Phase-2 encryption"), Some(RowStatus::Warning));
        assert_eq!(st("PFS"), Some(RowStatus::Warning));
        assert_eq!(st("Child SAs per direction"), Some(RowStatus::Mismatch));
    }
}
