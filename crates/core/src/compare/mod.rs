//! Two-side IPsec comparison: read both peers' configurations (Cisco IOS, strongSwan
//! swanctl.conf / ipsec.conf, or the simple `key = value` form), normalise them to
//! [`PeerConfig`], and compare parameter by parameter.
//!
//! The most common cause of a tunnel that will not come up is a configuration mismatch
//! between the peers (Palo Alto PANCast on IPsec); this turns "compare two configs by eye"
//! into a table with every mismatch flagged and explained.
//!
//! ```
//! use netdiag_core::compare::{compare_texts, RowStatus};
//! let a = "version = ikev2\nike = aes256-sha256-modp2048\nesp = aes256-sha256\npfs = none\n";
//! let b = "version = ikev2\nike = aes128-sha1-modp2048\nesp = aes256-sha256\npfs = group14\n";
//! let c = compare_texts(a, b).unwrap();
//! assert!(c.rows.iter().any(|r| r.parameter == "PFS" && r.status == RowStatus::Mismatch));
//! ```

pub mod algorithms;
pub mod cisco_ios;
mod cisco_ios_parser;
mod cisco_peers;
mod engine;
mod ipsec_conf;
mod model;
mod phase1_rows;
mod phase2_rows;
mod simple;
mod swanctl;
pub mod zscaler;

use serde::Serialize;
use thiserror::Error;

pub use engine::{CompareRow, Comparison, RowStatus, SideSummary, compare};
pub use model::*;
pub use simple::KEYS as SIMPLE_FORM_KEYS;
pub use zscaler::zscaler_preset;

use crate::parsers::Line;

/// Why a configuration could not be compared.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize)]
pub enum CompareError {
    /// The text is not a configuration we can read.
    #[error("side {side}: {reason}")]
    Unreadable {
        /// `A` or `B`.
        side: String,
        /// What is wrong.
        reason: String,
    },
}

/// Guesses which reader fits `lines`.
pub fn detect_format(lines: &[Line<'_>]) -> Option<ConfigFormat> {
    let has = |pred: &dyn Fn(&str) -> bool| lines.iter().any(|l| pred(l.text.trim_start()));
    if has(&|t| {
        t.starts_with("crypto isakmp")
            || t.starts_with("crypto ikev2")
            || t.starts_with("crypto map ")
            || t.starts_with("crypto ipsec ")
    }) {
        return Some(ConfigFormat::CiscoIos);
    }
    if has(&|t| t.starts_with("connections") && t.contains('{') || t == "connections") {
        return Some(ConfigFormat::Swanctl);
    }
    if has(&|t| t.starts_with("conn ")) {
        return Some(ConfigFormat::IpsecConf);
    }
    if simple::looks_simple(lines) {
        return Some(ConfigFormat::Simple);
    }
    None
}

/// Numbers the lines of a text (1-based), normalising `\r\n`.
pub fn number_lines(text: &str) -> Vec<Line<'_>> {
    text.lines()
        .enumerate()
        .map(|(i, t)| Line {
            no: u32::try_from(i + 1).unwrap_or(u32::MAX),
            text: t.trim_end_matches('\r'),
        })
        .collect()
}

/// Reads numbered lines with the reader for `format`.
pub fn read_config(lines: &[Line<'_>], format: ConfigFormat) -> ConfigSet {
    match format {
        ConfigFormat::CiscoIos => cisco_peers::cisco_ios_peers(lines),
        ConfigFormat::Swanctl => swanctl::swanctl_peers(lines),
        ConfigFormat::IpsecConf => ipsec_conf::ipsec_conf_peers(lines),
        ConfigFormat::Simple | ConfigFormat::Preset => simple::simple_peers(lines),
    }
}

/// Detects the format of `text` and reads it.
pub fn parse_config(text: &str) -> Option<ConfigSet> {
    let lines = number_lines(text);
    let format = detect_format(&lines)?;
    Some(read_config(&lines, format))
}

fn side(text: &str, name: &str) -> Result<ConfigSet, CompareError> {
    let set = parse_config(text).ok_or_else(|| CompareError::Unreadable {
        side: name.into(),
        reason: "not a configuration netdiag can read: paste Cisco IOS crypto configuration, strongSwan swanctl.conf or ipsec.conf, or the simple key = value form".into(),
    })?;
    if set.peers.is_empty() {
        return Err(CompareError::Unreadable {
            side: name.into(),
            reason: format!("no IPsec peer found ({})", set.warnings.join("; ")),
        });
    }
    Ok(set)
}

/// Picks the pair of entries that point at each other (A's peer is B's address or the
/// reverse), else the first of each.
pub fn pick_pair<'a>(
    a: &'a ConfigSet,
    b: &'a ConfigSet,
) -> Option<(&'a PeerConfig, &'a PeerConfig)> {
    for pa in &a.peers {
        for pb in &b.peers {
            let ab = pa.peer_address.is_some() && pa.peer_address == pb.local_address;
            let ba = pb.peer_address.is_some() && pb.peer_address == pa.local_address;
            if ab || ba {
                return Some((pa, pb));
            }
        }
    }
    Some((a.peers.first()?, b.peers.first()?))
}

/// Reads two texts and compares the matching entries. Reader warnings go into the sides'
/// notes.
pub fn compare_texts(a_text: &str, b_text: &str) -> Result<Comparison, CompareError> {
    let a = side(a_text, "A")?;
    let b = side(b_text, "B")?;
    let (pa, pb) = pick_pair(&a, &b).ok_or_else(|| CompareError::Unreadable {
        side: "A".into(),
        reason: "no peer".into(),
    })?;
    let mut c = compare(pa, pb);
    c.a.notes.extend(a.warnings.iter().cloned());
    c.b.notes.extend(b.warnings.iter().cloned());
    if a.peers.len() > 1 || b.peers.len() > 1 {
        c.a.notes.push(format!(
            "{} peer entries in A and {} in B; compared {} with {}",
            a.peers.len(),
            b.peers.len(),
            pa.name.clone().unwrap_or_default(),
            pb.name.clone().unwrap_or_default()
        ));
    }
    Ok(c)
}

/// Compares a configuration with Zscaler's supported parameters (IKEv1 preset for an IKEv1
/// configuration, IKEv2 otherwise).
pub fn compare_with_zscaler(a_text: &str) -> Result<Comparison, CompareError> {
    let a = side(a_text, "A")?;
    let pa = a.peers.first().ok_or_else(|| CompareError::Unreadable {
        side: "A".into(),
        reason: "no peer".into(),
    })?;
    let version = if pa.phase1.version == Some(IkeVersions::V1) {
        IkeVersions::V1
    } else {
        IkeVersions::V2
    };
    let mut c = compare(pa, &zscaler_preset(version));
    c.a.notes.extend(a.warnings.iter().cloned());
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_formats() {
        let f = |t: &str| detect_format(&number_lines(t));
        assert_eq!(
            f("crypto isakmp policy 10\n encr aes\n"),
            Some(ConfigFormat::CiscoIos)
        );
        assert_eq!(
            f("connections {\n a {\n }\n}\n"),
            Some(ConfigFormat::Swanctl)
        );
        assert_eq!(
            f("conn site\n  left=1.2.3.4\n"),
            Some(ConfigFormat::IpsecConf)
        );
        assert_eq!(
            f("version = 2\nike = aes256-sha256-modp2048\n"),
            Some(ConfigFormat::Simple)
        );
        assert_eq!(f("hello world\n"), None);
    }

    #[test]
    fn cisco_against_strongswan() {
        let cisco = "crypto ikev2 proposal P\n encryption aes-cbc-256\n integrity sha256\n group 14\n\
crypto ikev2 policy POL\n proposal P\n\
crypto ikev2 profile PROF\n match identity remote address 203.0.113.2 255.255.255.255\n authentication remote pre-share\n authentication local pre-share\n\
crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac\n\
crypto map VPN 10 ipsec-isakmp\n set peer 203.0.113.2\n set transform-set TS\n set ikev2-profile PROF\n match address ACL\n\
ip access-list extended ACL\n permit ip 10.1.0.0 0.0.255.255 10.2.0.0 0.0.255.255\n\
interface GigabitEthernet1\n ip address 198.51.100.1 255.255.255.0\n crypto map VPN\n";
        let swan = "connections {\n  hq {\n    version = 2\n    local_addrs = 203.0.113.2\n    remote_addrs = 198.51.100.1\n    proposals = aes256-sha256-modp2048\n    rekey_time = 24h\n    local { auth = psk }\n    remote { auth = psk }\n    children {\n      net {\n        local_ts = 10.2.0.0/16\n        remote_ts = 10.1.0.0/16\n        esp_proposals = aes256-sha256\n        rekey_time = 1h\n      }\n    }\n  }\n}\n";
        let c = compare_texts(cisco, swan).unwrap();
        assert_eq!(c.mismatches, 0, "{:#?}", c.rows);
    }

    #[test]
    fn unreadable_side_is_an_error() {
        let e = compare_texts("hello", "version = 2\nike = aes256-sha256-modp2048\n").unwrap_err();
        assert!(e.to_string().starts_with("side A:"));
    }

    #[test]
    fn zscaler_one_click() {
        let c = compare_with_zscaler("version = ikev2\nike = aes256-sha256-modp2048\nesp = null-sha1\npfs = none\nlocal_id = address 198.51.100.1\nauth = psk\n").unwrap();
        assert_eq!(c.mismatches, 0, "{:#?}", c.rows);
        assert!(c.rows.iter().any(|r| r.section == "zscaler"));
    }
}
