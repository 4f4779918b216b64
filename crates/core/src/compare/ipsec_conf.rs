//! strongSwan / libreswan `ipsec.conf` (`conn` sections) → peer configurations.
//!
//! ```text
//! conn site1
//!     keyexchange=ikev2
//!     left=198.51.100.1
//!     leftsubnet=10.1.0.0/16
//!     right=203.0.113.2
//!     rightsubnet=10.2.0.0/16
//!     ike=aes256-sha256-modp2048!
//!     esp=aes256-sha256!
//!     authby=secret
//! ```
//!
//! `left` is taken as the local side (the usual convention). `conn %default` and `also=`
//! are applied. Defaults from the strongSwan ipsec.conf documentation: `ikelifetime=3h`,
//! `lifetime=1h`, `keyexchange=ike` (IKEv2 when initiating, either when responding).
//! libreswan spellings (`ikev2=`, `phase2alg=`, `pfs=`, `salifetime=`, `encapsulation=`) are
//! understood too. Lines of an `ipsec.secrets` paste (`: PSK "..."`) mark a key as present.

use std::collections::BTreeMap;

use super::algorithms::{lifetime_seconds, split_proposal};
use super::model::*;
use super::swanctl::psk_type;
use crate::parsers::Line;
use crate::span::LineSpan;

type Settings = BTreeMap<String, (String, LineSpan)>;

/// Reads an ipsec.conf text.
pub fn ipsec_conf_peers(lines: &[Line<'_>]) -> ConfigSet {
    let mut set = ConfigSet {
        format: Some(ConfigFormat::IpsecConf),
        ..Default::default()
    };
    let mut conns: Vec<(String, LineSpan, Settings)> = Vec::new();
    let mut current: Option<usize> = None;
    let mut psk: Option<(PskType, LineSpan)> = None;
    for l in lines {
        let text = l.text.split('#').next().unwrap_or_default();
        let t = text.trim();
        if t.is_empty() {
            continue;
        }
        let at = LineSpan::line(l.no);
        if let Some(name) = t.strip_prefix("conn ") {
            conns.push((name.trim().to_string(), at, Settings::new()));
            current = conns.len().checked_sub(1);
            continue;
        }
        if t.starts_with("config ") || t.starts_with("ca ") || t.starts_with("include ") {
            current = None;
            continue;
        }
        if let Some((_, rest)) = t.split_once(": PSK").or_else(|| t.split_once(":PSK")) {
            psk = Some((psk_type(rest), at));
            continue;
        }
        let indented = text.starts_with(' ') || text.starts_with('\t');
        match (current, t.split_once('=')) {
            (Some(i), Some((k, v))) if indented => {
                if let Some((_, span, settings)) = conns.get_mut(i) {
                    settings.insert(
                        k.trim().to_string(),
                        (v.trim().trim_matches('"').to_string(), at),
                    );
                    *span = span.join(at);
                }
            }
            _ => {}
        }
    }
    let defaults = conns
        .iter()
        .find(|(n, _, _)| n == "%default")
        .map(|(_, _, s)| s.clone())
        .unwrap_or_default();
    for (name, span, own) in conns.iter().filter(|(n, _, _)| n != "%default") {
        let mut merged = defaults.clone();
        // `also=` includes another conn's settings; the conn's own settings win.
        if let Some((also, _)) = own.get("also") {
            for a in also.split_whitespace() {
                if let Some((_, _, s)) = conns.iter().find(|(n, _, _)| n == a) {
                    merged.extend(s.clone());
                }
            }
        }
        merged.extend(own.clone());
        let mut pc = conn(name, &merged);
        if let Some((t, at)) = psk.filter(|_| pc.phase1.auth == Some(AuthMethod::Psk)) {
            pc.phase1.psk_present = true;
            pc.phase1.psk_type = Some(t);
            pc.mark("phase1.psk", at);
        }
        pc.mark("conn", *span);
        set.peers.push(pc);
    }
    if set.peers.is_empty() {
        set.warnings.push("no `conn` section found".into());
    }
    set
}

fn conn(name: &str, s: &Settings) -> PeerConfig {
    let mut pc = PeerConfig {
        name: Some(name.to_string()),
        format: Some(ConfigFormat::IpsecConf),
        ..Default::default()
    };
    let get = |k: &str| s.get(k).map(|(v, at)| (v.as_str(), *at));
    let version = if let Some((v, at)) = get("keyexchange") {
        pc.mark("phase1.version", at);
        match v {
            "ikev1" => IkeVersions::V1,
            "ikev2" => IkeVersions::V2,
            _ => IkeVersions::Any,
        }
    } else if let Some((v, at)) = get("ikev2") {
        pc.mark("phase1.version", at);
        match v {
            "no" | "never" => IkeVersions::V1,
            "insist" | "yes" => IkeVersions::V2,
            _ => IkeVersions::Any,
        }
    } else {
        IkeVersions::Any
    };
    pc.phase1.version = Some(version);
    if let Some((v, at)) = get("aggressive").or_else(|| get("aggrmode")) {
        pc.phase1.mode = Some(if v == "yes" {
            ExchangeMode::Aggressive
        } else {
            ExchangeMode::Main
        });
        pc.mark("phase1.mode", at);
    } else if version == IkeVersions::V1 {
        pc.phase1.mode = Some(ExchangeMode::Main);
    }
    if let Some((v, at)) = get("left") {
        pc.local_address = Some(v.to_string()).filter(|v| !v.starts_with('%'));
        pc.mark("local_address", at);
    }
    if let Some((v, at)) = get("right") {
        pc.peer_address = Some(v.to_string()).filter(|v| !v.starts_with('%'));
        pc.mark("peer_address", at);
    }
    if let Some((v, at)) = get("ike") {
        for p in v.split(',') {
            let parts = split_proposal(p);
            pc.phase1.proposals.push(IkeProposal {
                encryption: parts.encryption,
                integrity: parts.integrity,
                prf: parts.prf,
                dh_groups: parts.dh_groups,
            });
        }
        for k in [
            "phase1.encryption",
            "phase1.integrity",
            "phase1.prf",
            "phase1.dh_groups",
        ] {
            pc.mark(k, at);
        }
    } else {
        pc.notes
            .push("no `ike=`: the default IKE proposals apply".into());
    }
    pc.phase1.lifetime_s = match get("ikelifetime").or_else(|| get("ike_lifetime")) {
        Some((v, at)) => {
            pc.mark("phase1.lifetime", at);
            lifetime_seconds(v)
        }
        None => Some(3 * 3600),
    };
    if let Some((v, at)) = get("authby").or_else(|| get("leftauth")) {
        pc.phase1.auth = Some(match v {
            "secret" | "psk" => AuthMethod::Psk,
            "rsasig" | "rsa" | "pubkey" => AuthMethod::RsaSig,
            "ecdsa" | "ecdsasig" => AuthMethod::Ecdsa,
            v if v.starts_with("eap") || v.starts_with("xauth") => AuthMethod::Eap,
            _ => AuthMethod::Other,
        });
        pc.mark("phase1.auth", at);
    }
    if let Some((v, at)) = get("leftid") {
        pc.phase1.local_id = Some(Identity::guess(v));
        pc.mark("phase1.local_id", at);
    } else {
        pc.phase1.local_id = Some(Identity {
            kind: IdKind::Address,
            value: pc.local_address.clone().unwrap_or_default(),
        });
    }
    if let Some((v, at)) = get("rightid") {
        pc.phase1.remote_id = Some(Identity::guess(v));
        pc.mark("phase1.remote_id", at);
    }
    if let Some((v, at)) = get("leftsubnet") {
        pc.phase2.local_nets = v.split(',').map(|n| n.trim().to_string()).collect();
        pc.mark("phase2.local_nets", at);
    } else if let Some(a) = &pc.local_address {
        pc.phase2.local_nets = vec![format!("{a}/32")];
    }
    if let Some((v, at)) = get("rightsubnet") {
        pc.phase2.remote_nets = v.split(',').map(|n| n.trim().to_string()).collect();
        pc.mark("phase2.remote_nets", at);
    } else if let Some(a) = &pc.peer_address {
        pc.phase2.remote_nets = vec![format!("{a}/32")];
    }
    pc.phase2.pfs_group = Some(0);
    if let Some((v, at)) = get("esp").or_else(|| get("phase2alg")) {
        for p in v.split(',') {
            let parts = split_proposal(p);
            if let Some(g) = parts.dh_groups.first() {
                pc.phase2.pfs_group = Some(*g);
                pc.mark("phase2.pfs", at);
            }
            pc.phase2.proposals.push(EspProposal {
                encryption: parts.encryption,
                integrity: parts.integrity,
            });
        }
        pc.mark("phase2.encryption", at);
        pc.mark("phase2.integrity", at);
    } else {
        pc.notes
            .push("no `esp=`: the default ESP proposals apply".into());
    }
    if let Some((v, at)) = get("pfs") {
        if v == "yes" {
            // libreswan: PFS with the phase-1 group.
            let g = pc
                .phase1
                .proposals
                .first()
                .and_then(|p| p.dh_groups.first())
                .copied()
                .unwrap_or(14);
            pc.phase2.pfs_group = Some(g);
        } else {
            pc.phase2.pfs_group = Some(0);
        }
        pc.mark("phase2.pfs", at);
    }
    pc.phase2.lifetime_s = match get("lifetime")
        .or_else(|| get("keylife"))
        .or_else(|| get("salifetime"))
    {
        Some((v, at)) => {
            pc.mark("phase2.lifetime", at);
            lifetime_seconds(v)
        }
        None => Some(3600),
    };
    if let Some((v, at)) = get("dpddelay") {
        pc.dpd = lifetime_seconds(v).map(|s| Dpd {
            interval_s: u32::try_from(s).unwrap_or(u32::MAX),
            retries: None,
        });
        pc.mark("dpd", at);
    }
    match get("forceencaps").or_else(|| get("encapsulation")) {
        Some((v, at)) => {
            pc.nat_t = Some(v != "no");
            pc.mark("nat_t", at);
        }
        None => pc.nat_t = Some(true),
    }
    pc
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbered(text: &str) -> Vec<Line<'_>> {
        text.lines()
            .enumerate()
            .map(|(i, t)| Line {
                no: i as u32 + 1,
                text: t,
            })
            .collect()
    }

    #[test]
    fn reads_conn_with_default_and_secrets() {
        let text = "conn %default\n    ikelifetime=8h\n\nconn site1\n    keyexchange=ikev1\n    aggressive=yes\n    left=198.51.100.1\n    leftid=@site1.example.com\n    leftsubnet=10.1.0.0/16\n    right=203.0.113.2\n    rightsubnet=10.2.0.0/16\n    ike=aes256-sha1-modp1024!\n    esp=null-sha1!\n    authby=secret\n\n198.51.100.1 203.0.113.2 : PSK \"not-a-real-key\"\n";
        let set = ipsec_conf_peers(&numbered(text));
        let p = &set.peers[0];
        assert_eq!(p.name.as_deref(), Some("site1"));
        assert_eq!(p.phase1.version, Some(IkeVersions::V1));
        assert_eq!(p.phase1.mode, Some(ExchangeMode::Aggressive));
        assert_eq!(p.phase1.lifetime_s, Some(28_800));
        assert_eq!(p.phase1.proposals[0].dh_groups, vec![2]);
        assert_eq!(
            p.phase1.local_id.as_ref().map(|i| i.kind),
            Some(IdKind::Fqdn)
        );
        assert_eq!(p.phase2.proposals[0].encryption, vec!["null"]);
        assert_eq!(p.phase2.lifetime_s, Some(3600));
        assert!(p.phase1.psk_present);
        assert_eq!(p.phase1.psk_type, Some(PskType::Passphrase));
    }

    #[test]
    fn no_conn_is_a_warning() {
        let set = ipsec_conf_peers(&numbered("config setup\n  charondebug=all\n"));
        assert!(set.peers.is_empty());
        assert_eq!(set.warnings.len(), 1);
    }
}
