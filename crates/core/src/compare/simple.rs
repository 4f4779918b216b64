//! netdiag's simple `key = value` form, for devices whose configuration we do not read
//! (or for typing what a GUI shows). One setting per line; `#` starts a comment; lists are
//! comma-separated. Example:
//!
//! ```text
//! name = branch-fw
//! version = ikev2
//! peer = 203.0.113.2
//! ike = aes256-sha256-modp2048          # or ike_encryption / ike_integrity / dh_group
//! ike_lifetime = 8h
//! auth = psk
//! psk_type = passphrase
//! local_id = fqdn branch.example.com
//! esp = null-sha256
//! pfs = none
//! esp_lifetime = 1h
//! local_networks = 10.1.0.0/16
//! remote_networks = 0.0.0.0/0
//! nat_t = yes
//! dpd = 10/3
//! ```

use super::algorithms::{dh_group, encryption, integrity, lifetime_seconds, split_proposal};
use super::model::*;
use crate::parsers::Line;
use crate::span::LineSpan;

/// Every key the form understands (aliases map to the first name in each row).
#[rustfmt::skip]
pub const KEYS: &[&[&str]] = &[
    &["name", "connection"],
    &["version", "ike_version", "ikeversion"],
    &["mode", "exchange_mode"],
    &["ike", "phase1", "ike_proposal", "ike_proposals"],
    &["ike_encryption", "phase1_encryption"],
    &["ike_integrity", "phase1_integrity", "ike_hash"],
    &["ike_prf", "prf"],
    &["dh_group", "dh_groups", "ike_dh_group", "group"],
    &["ike_lifetime", "phase1_lifetime"],
    &["auth", "authentication"],
    &["psk_type"],
    &["local_id", "local_identity"],
    &["remote_id", "remote_identity", "peer_id"],
    &["local_address", "local", "left"],
    &["peer", "peer_address", "remote", "right", "remote_address"],
    &["esp", "phase2", "esp_proposal", "esp_proposals", "ipsec"],
    &["esp_encryption", "phase2_encryption", "ipsec_encryption"],
    &["esp_integrity", "phase2_integrity", "ipsec_integrity"],
    &["pfs", "pfs_group"],
    &["esp_lifetime", "phase2_lifetime", "ipsec_lifetime"],
    &["local_networks", "local_nets", "local_subnets", "local_ts"],
    &["remote_networks", "remote_nets", "remote_subnets", "remote_ts"],
    &["nat_t", "natt", "nat_traversal"],
    &["dpd"],
];

/// The canonical name of a key, or `None` when unknown.
pub fn canonical_key(k: &str) -> Option<&'static str> {
    let l = k.trim().to_ascii_lowercase().replace(['-', ' '], "_");
    KEYS.iter()
        .find(|row| row.contains(&l.as_str()))
        .and_then(|row| row.first().copied())
}

/// True when most non-comment lines are `known_key = value` (for format detection).
pub fn looks_simple(lines: &[Line<'_>]) -> bool {
    let mut known = 0usize;
    let mut total = 0usize;
    for l in lines {
        let t = l.text.split('#').next().unwrap_or_default().trim();
        if t.is_empty() {
            continue;
        }
        total += 1;
        if t.split_once(['=', ':'])
            .is_some_and(|(k, _)| canonical_key(k).is_some())
        {
            known += 1;
        }
    }
    known >= 2 && known * 2 > total
}

fn list(v: &str) -> Vec<String> {
    v.split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn yes(v: &str) -> Option<bool> {
    match v.to_ascii_lowercase().as_str() {
        "yes" | "true" | "on" | "1" | "enabled" | "enable" => Some(true),
        "no" | "false" | "off" | "0" | "disabled" | "disable" | "none" => Some(false),
        _ => None,
    }
}

/// Reads the simple form. Unknown keys and bad values are reported with their line.
pub fn simple_peers(lines: &[Line<'_>]) -> ConfigSet {
    let mut pc = PeerConfig {
        format: Some(ConfigFormat::Simple),
        ..Default::default()
    };
    let mut warnings = Vec::new();
    let mut ike_single = IkeProposal::default();
    let mut esp_single = EspProposal::default();
    for l in lines {
        let t = l.text.split('#').next().unwrap_or_default().trim();
        if t.is_empty() {
            continue;
        }
        let at = LineSpan::line(l.no);
        let Some((k, v)) = t.split_once(['=', ':']) else {
            warnings.push(format!("line {}: expected `key = value`", l.no));
            continue;
        };
        let v = v.trim().trim_matches('"');
        let Some(key) = canonical_key(k) else {
            warnings.push(format!("line {}: unknown key `{}`", l.no, k.trim()));
            continue;
        };
        let mut bad = false;
        match key {
            "name" => pc.name = Some(v.to_string()),
            "version" => {
                pc.phase1.version = match v
                    .to_ascii_lowercase()
                    .trim_start_matches("ike")
                    .trim_start_matches('v')
                {
                    "1" => Some(IkeVersions::V1),
                    "2" => Some(IkeVersions::V2),
                    "any" | "" | "0" => Some(IkeVersions::Any),
                    _ => {
                        bad = true;
                        None
                    }
                };
                pc.mark("phase1.version", at);
            }
            "mode" => {
                pc.phase1.mode = match v.to_ascii_lowercase().as_str() {
                    "main" => Some(ExchangeMode::Main),
                    "aggressive" | "aggr" => Some(ExchangeMode::Aggressive),
                    _ => {
                        bad = true;
                        None
                    }
                };
                pc.mark("phase1.mode", at);
            }
            "ike" => {
                for p in list(v) {
                    let parts = split_proposal(&p);
                    bad |= !parts.unknown.is_empty();
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
            }
            "ike_encryption" => collect(
                &mut ike_single.encryption,
                v,
                encryption,
                &mut bad,
                &mut pc,
                "phase1.encryption",
                at,
            ),
            "ike_integrity" => collect(
                &mut ike_single.integrity,
                v,
                integrity,
                &mut bad,
                &mut pc,
                "phase1.integrity",
                at,
            ),
            "ike_prf" => collect(
                &mut ike_single.prf,
                v,
                integrity,
                &mut bad,
                &mut pc,
                "phase1.prf",
                at,
            ),
            "dh_group" => {
                for g in list(v) {
                    match dh_group(&g) {
                        Some(n) => ike_single.dh_groups.push(n),
                        None => bad = true,
                    }
                }
                pc.mark("phase1.dh_groups", at);
            }
            "ike_lifetime" => {
                pc.phase1.lifetime_s = lifetime_seconds(v);
                bad = pc.phase1.lifetime_s.is_none();
                pc.mark("phase1.lifetime", at);
            }
            "auth" => {
                pc.phase1.auth = Some(match v.to_ascii_lowercase().as_str() {
                    "psk" | "pre-share" | "pre-shared-key" | "secret" => AuthMethod::Psk,
                    "rsa" | "rsa-sig" | "cert" | "certificate" | "pubkey" => AuthMethod::RsaSig,
                    "ecdsa" => AuthMethod::Ecdsa,
                    "eap" => AuthMethod::Eap,
                    _ => AuthMethod::Other,
                });
                pc.mark("phase1.auth", at);
            }
            "psk_type" => {
                pc.phase1.psk_present = true;
                pc.phase1.psk_type = match v.to_ascii_lowercase().as_str() {
                    "hex" | "hex-key" | "hexkey" => Some(PskType::Hex),
                    "passphrase" | "ascii" | "text" => Some(PskType::Passphrase),
                    _ => {
                        bad = true;
                        None
                    }
                };
                pc.mark("phase1.psk", at);
            }
            "local_id" | "remote_id" => {
                let id = match v.split_once(' ') {
                    Some((kind, val))
                        if ["address", "ip", "fqdn", "email", "dn", "key-id"].contains(&kind) =>
                    {
                        let k = match kind {
                            "address" | "ip" => IdKind::Address,
                            "fqdn" => IdKind::Fqdn,
                            "email" => IdKind::UserFqdn,
                            "dn" => IdKind::Dn,
                            _ => IdKind::KeyId,
                        };
                        Identity {
                            kind: k,
                            value: val.trim().to_ascii_lowercase(),
                        }
                    }
                    _ => Identity::guess(v),
                };
                if key == "local_id" {
                    pc.phase1.local_id = Some(id);
                    pc.mark("phase1.local_id", at);
                } else {
                    pc.phase1.remote_id = Some(id);
                    pc.mark("phase1.remote_id", at);
                }
            }
            "local_address" => {
                pc.local_address = Some(v.to_string());
                pc.mark("local_address", at);
            }
            "peer" => {
                pc.peer_address = Some(v.to_string());
                pc.mark("peer_address", at);
            }
            "esp" => {
                for p in list(v) {
                    let parts = split_proposal(&p);
                    bad |= !parts.unknown.is_empty();
                    if let Some(g) = parts.dh_groups.first() {
                        pc.phase2.pfs_group = Some(*g);
                    }
                    pc.phase2.proposals.push(EspProposal {
                        encryption: parts.encryption,
                        integrity: parts.integrity,
                    });
                }
                pc.mark("phase2.encryption", at);
                pc.mark("phase2.integrity", at);
            }
            "esp_encryption" => collect(
                &mut esp_single.encryption,
                v,
                encryption,
                &mut bad,
                &mut pc,
                "phase2.encryption",
                at,
            ),
            "esp_integrity" => collect(
                &mut esp_single.integrity,
                v,
                integrity,
                &mut bad,
                &mut pc,
                "phase2.integrity",
                at,
            ),
            "pfs" => {
                pc.phase2.pfs_group = if yes(v) == Some(false) {
                    Some(0)
                } else {
                    dh_group(v)
                };
                bad = pc.phase2.pfs_group.is_none();
                pc.mark("phase2.pfs", at);
            }
            "esp_lifetime" => {
                pc.phase2.lifetime_s = lifetime_seconds(v);
                bad = pc.phase2.lifetime_s.is_none();
                pc.mark("phase2.lifetime", at);
            }
            "local_networks" => {
                pc.phase2.local_nets = list(v);
                pc.mark("phase2.local_nets", at);
            }
            "remote_networks" => {
                pc.phase2.remote_nets = list(v);
                pc.mark("phase2.remote_nets", at);
            }
            "nat_t" => {
                pc.nat_t = yes(v);
                bad = pc.nat_t.is_none();
                pc.mark("nat_t", at);
            }
            "dpd" => {
                pc.dpd = match yes(v) {
                    Some(false) => Some(Dpd {
                        interval_s: 0,
                        retries: None,
                    }),
                    _ => {
                        let (i, r) = v
                            .split_once(['/', ' '])
                            .map_or((v, None), |(i, r)| (i, r.trim().parse().ok()));
                        lifetime_seconds(i).map(|s| Dpd {
                            interval_s: u32::try_from(s).unwrap_or(u32::MAX),
                            retries: r,
                        })
                    }
                };
                bad = pc.dpd.is_none();
                pc.mark("dpd", at);
            }
            _ => {}
        }
        if bad {
            warnings.push(format!(
                "line {}: value `{v}` for `{key}` not understood",
                l.no
            ));
        }
    }
    if ike_single != IkeProposal::default() {
        pc.phase1.proposals.push(ike_single);
    }
    if esp_single != EspProposal::default() {
        pc.phase2.proposals.push(esp_single);
    }
    ConfigSet {
        format: Some(ConfigFormat::Simple),
        peers: vec![pc],
        warnings,
    }
}

fn collect(
    target: &mut Vec<String>,
    v: &str,
    f: fn(&str) -> Option<&'static str>,
    bad: &mut bool,
    pc: &mut PeerConfig,
    key: &str,
    at: LineSpan,
) {
    for item in list(v) {
        match f(&item) {
            Some(c) => target.push(c.to_string()),
            None => *bad = true,
        }
    }
    pc.mark(key, at);
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
    fn reads_form_and_reports_bad_lines() {
        let text = "name = branch\nversion = ikev2\nike_encryption = aes-cbc-256, aes128\ndh_group = 14, 19\nesp = null-sha256\npfs = none\nlocal_networks = 10.1.0.0/16\nwibble = 3\nike_lifetime = soon\n";
        let set = simple_peers(&numbered(text));
        let p = &set.peers[0];
        assert_eq!(p.phase1.version, Some(IkeVersions::V2));
        assert_eq!(p.phase1.proposals[0].encryption, vec!["aes256", "aes128"]);
        assert_eq!(p.phase1.proposals[0].dh_groups, vec![14, 19]);
        assert_eq!(p.phase2.proposals[0].encryption, vec!["null"]);
        assert_eq!(p.phase2.pfs_group, Some(0));
        assert_eq!(set.warnings.len(), 2, "{:?}", set.warnings);
        assert!(set.warnings[0].starts_with("line 8"));
        assert!(looks_simple(&numbered(text)));
        assert!(!looks_simple(&numbered(
            "interface Tunnel1\n ip address 1.1.1.1 255.255.255.0\n"
        )));
    }
}
