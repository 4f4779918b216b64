//! Cisco IOS objects → one [`PeerConfig`] per crypto map entry or protected tunnel.
//!
//! `show running-config` hides defaults, so documented IOS defaults are filled in and
//! noted: isakmp policy hash SHA-1, group 1, lifetime 86400 s, authentication rsa-sig;
//! IPsec SA lifetime 3600 s / 4608000 KB; no PFS; IKEv2 SA lifetime 86400 s.

use super::algorithms::{dh_group, encryption, encryption_with_size, integrity};
use super::cisco_ios::{CiscoConfig, IkeProfile, IpsecPolicy, parse_cisco};
use super::model::*;
use crate::parsers::Line;
use crate::span::LineSpan;

const IOS_IKE_LIFETIME: u64 = 86_400;
const IOS_IPSEC_LIFETIME: u64 = 3_600;
const IOS_IPSEC_LIFETIME_KB: u64 = 4_608_000;

/// Reads a Cisco IOS configuration into peer configurations.
pub fn cisco_ios_peers(lines: &[Line<'_>]) -> ConfigSet {
    let cfg = parse_cisco(lines);
    let mut set = ConfigSet {
        format: Some(ConfigFormat::CiscoIos),
        ..Default::default()
    };
    for m in &cfg.crypto_maps {
        let mut pc = from_policy(&cfg, m);
        pc.name = Some(format!("crypto map {} {}", m.name, m.seq.unwrap_or(0)));
        pc.peer_address = m.peers.first().cloned();
        if let Some(iface) = cfg
            .interfaces
            .iter()
            .find(|i| i.crypto_map.as_deref() == Some(&m.name))
        {
            pc.local_address = iface.address.map(|(a, _)| a.to_string());
        }
        match m.acl.as_ref().and_then(|a| cfg.acls.get(a)) {
            Some(entries) => {
                for (s, d, at) in entries {
                    pc.phase2.selector_pairs.push((s.clone(), d.clone()));
                    push_unique(&mut pc.phase2.local_nets, s);
                    push_unique(&mut pc.phase2.remote_nets, d);
                    pc.mark("phase2.local_nets", *at);
                    pc.mark("phase2.remote_nets", *at);
                }
            }
            None => {
                if let Some(acl) = &m.acl {
                    pc.notes.push(format!(
                        "access-list {acl} is referenced but not in the paste"
                    ));
                }
            }
        }
        mark_peer_psk(&cfg, &mut pc);
        set.peers.push(pc);
    }
    for t in cfg.interfaces.iter().filter(|i| i.protection.is_some()) {
        let Some(prof) = t
            .protection
            .as_ref()
            .and_then(|p| cfg.ipsec_profiles.iter().find(|x| &x.name == p))
        else {
            set.warnings.push(format!(
                "{}: ipsec profile {} is referenced but not in the paste",
                t.name,
                t.protection.clone().unwrap_or_default()
            ));
            continue;
        };
        let mut pc = from_policy(&cfg, prof);
        pc.name = Some(format!("interface {}", t.name));
        pc.peer_address = t.tunnel_destination.clone();
        pc.local_address = t
            .tunnel_source
            .clone()
            .filter(|s| s.parse::<std::net::IpAddr>().is_ok());
        let vti = t
            .tunnel_mode
            .as_deref()
            .is_some_and(|m| m.starts_with("ipsec"));
        if vti {
            // A virtual tunnel interface protects everything routed into it.
            pc.phase2.local_nets.push("0.0.0.0/0".into());
            pc.phase2.remote_nets.push("0.0.0.0/0".into());
        } else if let (Some(s), Some(d)) = (&pc.local_address, &pc.peer_address) {
            // GRE over IPsec: the selectors are the two tunnel endpoints.
            pc.phase2.local_nets.push(format!("{s}/32"));
            pc.phase2.remote_nets.push(format!("{d}/32"));
        }
        if let Some(at) = t.spans.get("protection") {
            pc.mark("phase2.local_nets", *at);
            pc.mark("phase2.remote_nets", *at);
        }
        mark_peer_psk(&cfg, &mut pc);
        set.peers.push(pc);
    }
    if set.peers.is_empty()
        && (!cfg.isakmp_policies.is_empty()
            || !cfg.ikev2_proposals.is_empty()
            || !cfg.transform_sets.is_empty())
    {
        // Policies without a map or tunnel: still worth comparing.
        let mut pc = from_policy(&cfg, &IpsecPolicy::default());
        pc.name = Some("global crypto policy".into());
        if cfg.ikev2_proposals.is_empty() {
            pc.phase1.version = Some(IkeVersions::V1);
        }
        for ts in &cfg.transform_sets {
            add_transform_set(&mut pc, ts);
        }
        set.peers.push(pc);
    }
    if !cfg.unknown.is_empty() {
        let lines: Vec<String> = cfg.unknown.iter().map(|s| s.start.to_string()).collect();
        set.warnings.push(format!(
            "statements not understood on line(s) {}",
            lines.join(", ")
        ));
    }
    set
}

fn push_unique(v: &mut Vec<String>, s: &str) {
    if !v.iter().any(|x| x == s) {
        v.push(s.to_string());
    }
}

fn mark_peer_psk(cfg: &CiscoConfig, pc: &mut PeerConfig) {
    let Some(peer) = pc.peer_address.clone() else {
        return;
    };
    let found = cfg
        .psk_lines
        .get(&peer)
        .or_else(|| cfg.psk_lines.get("0.0.0.0"));
    if let Some(at) = found {
        pc.phase1.psk_present = true;
        // IOS keys are passphrases; it has no hex key form.
        pc.phase1.psk_type = Some(PskType::Passphrase);
        pc.mark("phase1.psk", *at);
    }
}

fn auth_of(word: &str) -> AuthMethod {
    match word {
        "pre-share" | "pre-shared" => AuthMethod::Psk,
        "rsa-sig" | "rsa-encr" => AuthMethod::RsaSig,
        "ecdsa-sig" => AuthMethod::Ecdsa,
        w if w.starts_with("eap") => AuthMethod::Eap,
        _ => AuthMethod::Other,
    }
}

fn identity_of(kind: &str, value: &str) -> Identity {
    let k = match kind {
        "address" => IdKind::Address,
        "fqdn" | "hostname" => IdKind::Fqdn,
        "email" | "user-fqdn" => IdKind::UserFqdn,
        "dn" => IdKind::Dn,
        "key-id" => IdKind::KeyId,
        _ => IdKind::Fqdn,
    };
    Identity {
        kind: k,
        value: value.to_ascii_lowercase(),
    }
}

fn from_policy(cfg: &CiscoConfig, pol: &IpsecPolicy) -> PeerConfig {
    let mut pc = PeerConfig {
        format: Some(ConfigFormat::CiscoIos),
        ..Default::default()
    };
    let profile: Option<&IkeProfile> = pol
        .ikev2_profile
        .as_ref()
        .or(pol.isakmp_profile.as_ref())
        .and_then(|n| cfg.profiles.iter().find(|p| &p.name == n));
    let ikev2 = pol.ikev2_profile.is_some();
    if ikev2 {
        phase1_ikev2(cfg, &mut pc);
    } else {
        phase1_ikev1(cfg, &mut pc, profile);
    }
    if let Some(p) = profile {
        apply_profile(&mut pc, p, ikev2);
    } else if !ikev2 && let Some((kind, at)) = &cfg.isakmp_identity {
        pc.phase1.local_id = Some(Identity {
            kind: if kind == "address" {
                IdKind::Address
            } else {
                IdKind::Fqdn
            },
            value: String::new(),
        });
        pc.mark("phase1.local_id", *at);
    }
    if pc.phase1.local_id.is_none() {
        // IOS sends its address as identity unless told otherwise.
        pc.phase1.local_id = Some(Identity {
            kind: IdKind::Address,
            value: String::new(),
        });
        pc.notes
            .push("local identity: IOS default (address)".into());
    }
    if pc.dpd.is_none() {
        let dpd = if ikev2 {
            cfg.ikev2_dpd
        } else {
            cfg.isakmp_keepalive
        };
        if let Some((i, r, at)) = dpd {
            pc.dpd = Some(Dpd {
                interval_s: i,
                retries: r,
            });
            pc.mark("dpd", at);
        }
    }
    if let Some((on, at)) = cfg.nat_t {
        pc.nat_t = Some(on);
        pc.mark("nat_t", at);
    }
    // Phase 2.
    for name in &pol.transform_sets {
        if let Some(ts) = cfg.transform_sets.iter().find(|t| &t.name == name) {
            add_transform_set(&mut pc, ts);
        } else {
            pc.notes.push(format!(
                "transform-set {name} is referenced but not in the paste"
            ));
        }
    }
    if let Some(at) = pol.spans.get("transform_set") {
        pc.mark("phase2.encryption", *at);
        pc.mark("phase2.integrity", *at);
    }
    pc.phase2.pfs_group = Some(pol.pfs.unwrap_or(0));
    if let Some(at) = pol.spans.get("pfs") {
        pc.mark("phase2.pfs", *at);
    }
    pc.phase2.lifetime_s = Some(pol.lifetime_s.unwrap_or(IOS_IPSEC_LIFETIME));
    pc.phase2.lifetime_kb = Some(pol.lifetime_kb.unwrap_or(IOS_IPSEC_LIFETIME_KB));
    match pol.spans.get("lifetime") {
        Some(at) => pc.mark("phase2.lifetime", *at),
        None => pc.notes.push("phase-2 lifetime: IOS default 3600 s".into()),
    }
    if let Some(at) = pol.spans.get("peer") {
        pc.mark("peer_address", *at);
    }
    pc
}

fn phase1_ikev1(cfg: &CiscoConfig, pc: &mut PeerConfig, profile: Option<&IkeProfile>) {
    pc.phase1.version = Some(IkeVersions::V1);
    let aggressive = profile.is_some_and(|p| p.aggressive);
    pc.phase1.mode = Some(if aggressive {
        ExchangeMode::Aggressive
    } else {
        ExchangeMode::Main
    });
    if let Some(p) = profile.filter(|p| p.aggressive) {
        pc.mark("phase1.mode", p.span);
    }
    let mut policies: Vec<_> = cfg.isakmp_policies.iter().collect();
    policies.sort_by_key(|p| p.priority);
    let mut defaulted = false;
    for p in &policies {
        let enc = p
            .encryption
            .as_ref()
            .and_then(|(a, s)| encryption_with_size(a, s.as_deref()))
            .unwrap_or("des");
        let hash = p.hash.as_deref().and_then(integrity).unwrap_or("sha1");
        defaulted |=
            p.encryption.is_none() || p.hash.is_none() || p.group.is_none() || p.lifetime.is_none();
        pc.phase1.proposals.push(IkeProposal {
            encryption: vec![enc.to_string()],
            integrity: vec![hash.to_string()],
            prf: Vec::new(),
            dh_groups: vec![p.group.unwrap_or(1)],
        });
        pc.mark("phase1.encryption", p.span);
        pc.mark("phase1.integrity", p.span);
        pc.mark("phase1.dh_groups", p.span);
    }
    if let Some(first) = policies.first() {
        pc.mark("phase1.version", first.span);
        pc.phase1.lifetime_s = Some(first.lifetime.unwrap_or(IOS_IKE_LIFETIME));
        pc.phase1.auth = Some(first.auth.as_deref().map_or(AuthMethod::RsaSig, auth_of));
        pc.mark("phase1.lifetime", first.span);
        pc.mark("phase1.auth", first.span);
    }
    if defaulted {
        pc.notes.push(
            "isakmp policy: unset values filled with IOS defaults (des, sha, group 1, 86400 s)"
                .into(),
        );
    }
}

fn phase1_ikev2(cfg: &CiscoConfig, pc: &mut PeerConfig) {
    pc.phase1.version = Some(IkeVersions::V2);
    let mut names: Vec<&str> = cfg
        .ikev2_policies
        .iter()
        .flat_map(|(_, p, _)| p.iter().map(String::as_str))
        .collect();
    for (_, _, at) in &cfg.ikev2_policies {
        pc.mark("phase1.proposals", *at);
    }
    if names.is_empty() {
        names = cfg
            .ikev2_proposals
            .iter()
            .map(|p| p.name.as_str())
            .collect();
    }
    for n in names {
        let Some(p) = cfg.ikev2_proposals.iter().find(|p| p.name == n) else {
            pc.notes.push(format!(
                "ikev2 proposal {n} is referenced but not in the paste"
            ));
            continue;
        };
        let prop = IkeProposal {
            encryption: p
                .encryption
                .iter()
                .filter_map(|e| encryption(e))
                .map(String::from)
                .collect(),
            integrity: p
                .integrity
                .iter()
                .filter_map(|e| integrity(e))
                .map(String::from)
                .collect(),
            prf: p
                .prf
                .iter()
                .filter_map(|e| integrity(e))
                .map(String::from)
                .collect(),
            dh_groups: p.groups.clone(),
        };
        pc.phase1.proposals.push(prop);
        for k in [
            "phase1.encryption",
            "phase1.integrity",
            "phase1.prf",
            "phase1.dh_groups",
        ] {
            pc.mark(k, p.span);
        }
    }
    if pc.phase1.proposals.is_empty() {
        pc.notes
            .push("no IKEv2 proposal in the paste: IOS would use its default proposal".into());
    }
    pc.phase1.lifetime_s = Some(IOS_IKE_LIFETIME);
}

fn apply_profile(pc: &mut PeerConfig, p: &IkeProfile, ikev2: bool) {
    if let Some((kind, value)) = &p.local_identity {
        pc.phase1.local_id = Some(identity_of(kind, value));
        pc.mark("phase1.local_id", p.span);
    }
    if let Some((kind, value)) = p.match_remote.first() {
        pc.phase1.remote_id = Some(identity_of(kind, value));
        pc.mark("phase1.remote_id", p.span);
    }
    if ikev2 {
        if let Some(a) = &p.auth_local {
            pc.phase1.auth = Some(auth_of(a));
            pc.mark("phase1.auth", p.span);
        }
        if let Some(a) = &p.auth_remote {
            pc.phase1.remote_auth = Some(auth_of(a));
        }
        if let Some(l) = p.lifetime {
            pc.phase1.lifetime_s = Some(l);
            pc.mark("phase1.lifetime", p.span);
        }
    }
    if let Some((i, r)) = p.dpd {
        pc.dpd = Some(Dpd {
            interval_s: i,
            retries: r,
        });
        pc.mark("dpd", p.span);
    }
    if p.nat_keepalive {
        pc.nat_t = Some(true);
    }
}

fn add_transform_set(pc: &mut PeerConfig, ts: &super::cisco_ios::TransformSet) {
    let mut prop = EspProposal::default();
    let mut it = ts.transforms.iter().peekable();
    while let Some(t) = it.next() {
        let size = it
            .peek()
            .filter(|s| s.chars().all(|c| c.is_ascii_digit()))
            .map(|s| s.as_str());
        if let Some(e) = encryption_with_size(t, size) {
            if size.is_some() {
                it.next();
            }
            prop.encryption.push(e.to_string());
        } else if let Some(h) = integrity(t) {
            prop.integrity.push(h.to_string());
        } else if dh_group(t).is_none() && !t.starts_with("comp-") {
            pc.notes
                .push(format!("transform {t} in set {} not understood", ts.name));
        }
    }
    pc.phase2.proposals.push(prop);
    let span: LineSpan = ts.span;
    pc.mark("phase2.encryption", span);
    pc.mark("phase2.integrity", span);
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

    const MAP: &str = "crypto isakmp policy 10\n encr aes 256\n authentication pre-share\n group 14\n!\n\
crypto isakmp key 0 s3cret address 203.0.113.2\n\
crypto ipsec transform-set TS esp-aes 256 esp-sha-hmac\n\
crypto map VPN 10 ipsec-isakmp\n set peer 203.0.113.2\n set transform-set TS\n set pfs group14\n match address VPN-ACL\n\
ip access-list extended VPN-ACL\n permit ip 10.1.0.0 0.0.255.255 10.2.0.0 0.0.255.255\n\
interface GigabitEthernet0/0\n ip address 198.51.100.1 255.255.255.0\n crypto map VPN\n";

    #[test]
    fn crypto_map_peer() {
        let set = cisco_ios_peers(&numbered(MAP));
        assert_eq!(set.peers.len(), 1);
        let p = &set.peers[0];
        assert_eq!(p.peer_address.as_deref(), Some("203.0.113.2"));
        assert_eq!(p.local_address.as_deref(), Some("198.51.100.1"));
        assert_eq!(p.phase1.version, Some(IkeVersions::V1));
        assert_eq!(p.phase1.proposals[0].encryption, vec!["aes256"]);
        assert_eq!(p.phase1.proposals[0].integrity, vec!["sha1"]);
        assert_eq!(p.phase1.lifetime_s, Some(86_400));
        assert_eq!(p.phase1.auth, Some(AuthMethod::Psk));
        assert!(p.phase1.psk_present);
        assert_eq!(p.phase2.proposals[0].encryption, vec!["aes256"]);
        assert_eq!(p.phase2.pfs_group, Some(14));
        assert_eq!(p.phase2.local_nets, vec!["10.1.0.0/16"]);
        assert_eq!(p.phase2.remote_nets, vec!["10.2.0.0/16"]);
        assert_eq!(p.span("phase2.pfs"), Some(LineSpan::line(11)));
    }

    #[test]
    fn ikev2_tunnel_protection() {
        let text = "crypto ikev2 proposal P\n encryption aes-cbc-256\n integrity sha256\n group 14\n\
crypto ikev2 policy POL\n proposal P\n\
crypto ikev2 profile PROF\n match identity remote address 203.0.113.9 255.255.255.255\n identity local fqdn site1.example.com\n authentication remote pre-share\n authentication local pre-share\n lifetime 28800\n dpd 10 3 periodic\n\
crypto ipsec transform-set NULLSET esp-null esp-sha256-hmac\n\
crypto ipsec profile IPP\n set transform-set NULLSET\n set ikev2-profile PROF\n\
interface Tunnel10\n tunnel source 192.0.2.10\n tunnel mode ipsec ipv4\n tunnel destination 203.0.113.9\n tunnel protection ipsec profile IPP\n";
        let set = cisco_ios_peers(&numbered(text));
        let p = &set.peers[0];
        assert_eq!(p.phase1.version, Some(IkeVersions::V2));
        assert_eq!(p.phase1.proposals[0].dh_groups, vec![14]);
        assert_eq!(p.phase1.lifetime_s, Some(28_800));
        assert_eq!(
            p.phase1.local_id.as_ref().map(|i| i.kind),
            Some(IdKind::Fqdn)
        );
        assert_eq!(
            p.phase1.remote_id.as_ref().map(|i| i.value.as_str()),
            Some("203.0.113.9")
        );
        assert_eq!(p.phase2.proposals[0].encryption, vec!["null"]);
        assert_eq!(p.phase2.local_nets, vec!["0.0.0.0/0"]);
        assert_eq!(
            p.dpd,
            Some(Dpd {
                interval_s: 10,
                retries: Some(3)
            })
        );
        assert_eq!(p.phase2.pfs_group, Some(0));
    }
}
