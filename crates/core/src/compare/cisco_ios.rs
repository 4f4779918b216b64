//! Cisco IOS / IOS-XE `crypto` configuration (`show running-config` sections) → objects.
//!
//! Reads: `crypto isakmp policy|key|profile|identity|keepalive|nat keepalive`,
//! `crypto keyring`, `crypto ikev2 proposal|policy|keyring|profile|dpd`,
//! `crypto ipsec transform-set|profile`, `crypto map` entries, extended and numbered
//! access-lists, `interface` (tunnel and physical) and `ip sla` probes. Sample:
//!
//! ```text
//! crypto isakmp policy 10
//!  encr aes 256
//!  authentication pre-share
//!  group 14
//! crypto map VPN 10 ipsec-isakmp
//!  set peer 203.0.113.2
//!  match address VPN-ACL
//! ```
//!
//! `cisco_ios_peers` turns the objects into [`PeerConfig`](super::PeerConfig)s. Secrets are
//! recognised only to note that a key exists; their text is dropped here.

use std::collections::BTreeMap;

use crate::parsers::Line;
use crate::span::LineSpan;

pub use super::cisco_ios_parser::parse_cisco;

/// A top-level line and its indented body.
#[derive(Debug, Clone)]
pub struct Section<'a> {
    /// The head line.
    pub head: Line<'a>,
    /// Indented lines under it (trimmed text, original numbers).
    pub body: Vec<Line<'a>>,
}

impl Section<'_> {
    /// The span of the whole section.
    pub fn span(&self) -> LineSpan {
        let end = self.body.last().map_or(self.head.no, |l| l.no);
        LineSpan::new(self.head.no, end)
    }
}

/// Splits configuration text into top-level sections. `!` and blank lines end a section.
pub fn sections<'a>(lines: &[Line<'a>]) -> Vec<Section<'a>> {
    let mut out: Vec<Section<'a>> = Vec::new();
    let mut open = false;
    for l in lines {
        let t = l.text.trim_end();
        let trimmed = t.trim_start();
        if trimmed.is_empty() || trimmed == "!" || trimmed.starts_with("! ") {
            open = false;
            continue;
        }
        let indented = t.starts_with(' ') || t.starts_with('\t');
        if indented && open {
            if let Some(s) = out.last_mut() {
                s.body.push(Line {
                    no: l.no,
                    text: trimmed,
                });
            }
            continue;
        }
        out.push(Section {
            head: Line {
                no: l.no,
                text: trimmed,
            },
            body: Vec::new(),
        });
        open = true;
    }
    out
}

/// An `isakmp policy`.
#[derive(Debug, Clone, Default)]
pub struct IsakmpPolicy {
    /// Priority.
    pub priority: u32,
    /// Encryption keyword and key size as written.
    pub encryption: Option<(String, Option<String>)>,
    /// Hash keyword.
    pub hash: Option<String>,
    /// Authentication keyword.
    pub auth: Option<String>,
    /// DH group.
    pub group: Option<u32>,
    /// Lifetime, seconds.
    pub lifetime: Option<u64>,
    /// Lines.
    pub span: LineSpan,
}

/// An `ikev2 proposal`.
#[derive(Debug, Clone, Default)]
pub struct Ikev2Proposal {
    /// Name.
    pub name: String,
    /// Encryption keywords.
    pub encryption: Vec<String>,
    /// Integrity keywords.
    pub integrity: Vec<String>,
    /// PRF keywords.
    pub prf: Vec<String>,
    /// DH groups.
    pub groups: Vec<u32>,
    /// Lines.
    pub span: LineSpan,
}

/// An `ikev2 profile` or `isakmp profile`.
#[derive(Debug, Clone, Default)]
pub struct IkeProfile {
    /// Name.
    pub name: String,
    /// `match identity remote|address ...` as (kind, value).
    pub match_remote: Vec<(String, String)>,
    /// `identity local` / `self-identity` as (kind, value).
    pub local_identity: Option<(String, String)>,
    /// `authentication local`.
    pub auth_local: Option<String>,
    /// `authentication remote`.
    pub auth_remote: Option<String>,
    /// Keyring referenced.
    pub keyring: Option<String>,
    /// Lifetime, seconds.
    pub lifetime: Option<u64>,
    /// DPD (interval, retries).
    pub dpd: Option<(u32, Option<u32>)>,
    /// `initiate mode aggressive` (isakmp profile).
    pub aggressive: bool,
    /// `nat keepalive` present.
    pub nat_keepalive: bool,
    /// Lines.
    pub span: LineSpan,
}

/// A transform set.
#[derive(Debug, Clone, Default)]
pub struct TransformSet {
    /// Name.
    pub name: String,
    /// Transforms as written (`esp-aes`, `256`, `esp-sha-hmac`).
    pub transforms: Vec<String>,
    /// Lines.
    pub span: LineSpan,
}

/// A crypto map entry or an ipsec profile (same `set` statements).
#[derive(Debug, Clone, Default)]
pub struct IpsecPolicy {
    /// Map or profile name.
    pub name: String,
    /// Map sequence number (`None` for a profile).
    pub seq: Option<u32>,
    /// `set peer`.
    pub peers: Vec<String>,
    /// `set transform-set`.
    pub transform_sets: Vec<String>,
    /// `set pfs`.
    pub pfs: Option<u32>,
    /// `set security-association lifetime seconds`.
    pub lifetime_s: Option<u64>,
    /// `set security-association lifetime kilobytes`.
    pub lifetime_kb: Option<u64>,
    /// `match address`.
    pub acl: Option<String>,
    /// `set ikev2-profile`.
    pub ikev2_profile: Option<String>,
    /// `set isakmp-profile`.
    pub isakmp_profile: Option<String>,
    /// Line of each setting.
    pub spans: BTreeMap<&'static str, LineSpan>,
    /// Lines.
    pub span: LineSpan,
}

/// An interface.
#[derive(Debug, Clone, Default)]
pub struct InterfaceCfg {
    /// Name.
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// Address and prefix.
    pub address: Option<(std::net::Ipv4Addr, u8)>,
    /// `mtu` (physical).
    pub mtu: Option<u32>,
    /// `ip mtu`.
    pub ip_mtu: Option<u32>,
    /// `ip tcp adjust-mss`.
    pub mss: Option<u32>,
    /// `tunnel source`.
    pub tunnel_source: Option<String>,
    /// `tunnel destination`.
    pub tunnel_destination: Option<String>,
    /// `tunnel mode` words.
    pub tunnel_mode: Option<String>,
    /// `tunnel protection ipsec profile`.
    pub protection: Option<String>,
    /// `keepalive period retries`.
    pub keepalive: Option<(u32, u32)>,
    /// `shutdown`.
    pub shutdown: bool,
    /// `crypto map` applied.
    pub crypto_map: Option<String>,
    /// Line of each setting.
    pub spans: BTreeMap<&'static str, LineSpan>,
    /// Lines.
    pub span: LineSpan,
}

/// An `ip sla` operation.
#[derive(Debug, Clone, Default)]
pub struct SlaCfg {
    /// Operation id.
    pub id: String,
    /// Type (`http`, `icmp-echo`, ...).
    pub kind: String,
    /// Destination (URL for http).
    pub target: String,
    /// Lines.
    pub span: LineSpan,
}

/// Everything read from one Cisco configuration paste.
#[derive(Debug, Clone, Default)]
pub struct CiscoConfig {
    /// isakmp policies.
    pub isakmp_policies: Vec<IsakmpPolicy>,
    /// Peer address → line of its pre-shared key (the key itself is dropped).
    pub psk_lines: BTreeMap<String, LineSpan>,
    /// `crypto isakmp identity`.
    pub isakmp_identity: Option<(String, LineSpan)>,
    /// `crypto isakmp keepalive`.
    pub isakmp_keepalive: Option<(u32, Option<u32>, LineSpan)>,
    /// NAT-T statements: `Some(true)` for `nat keepalive`, `Some(false)` for disabling.
    pub nat_t: Option<(bool, LineSpan)>,
    /// `crypto isakmp aggressive-mode disable`.
    pub aggressive_disabled: bool,
    /// IKEv2 proposals.
    pub ikev2_proposals: Vec<Ikev2Proposal>,
    /// IKEv2 policies → proposal names.
    pub ikev2_policies: Vec<(String, Vec<String>, LineSpan)>,
    /// IKEv2 and isakmp profiles.
    pub profiles: Vec<IkeProfile>,
    /// Global `crypto ikev2 dpd`.
    pub ikev2_dpd: Option<(u32, Option<u32>, LineSpan)>,
    /// Transform sets.
    pub transform_sets: Vec<TransformSet>,
    /// Crypto map entries.
    pub crypto_maps: Vec<IpsecPolicy>,
    /// IPsec profiles.
    pub ipsec_profiles: Vec<IpsecPolicy>,
    /// Access lists: name → (permit source, permit destination, line).
    pub acls: BTreeMap<String, Vec<(String, String, LineSpan)>>,
    /// Interfaces.
    pub interfaces: Vec<InterfaceCfg>,
    /// IP SLA operations.
    pub slas: Vec<SlaCfg>,
    /// Statements in crypto sections that were not understood.
    pub unknown: Vec<LineSpan>,
}

impl CiscoConfig {
    /// True when anything IPsec / tunnel related was found.
    pub fn is_empty(&self) -> bool {
        self.isakmp_policies.is_empty()
            && self.ikev2_proposals.is_empty()
            && self.profiles.is_empty()
            && self.transform_sets.is_empty()
            && self.crypto_maps.is_empty()
            && self.ipsec_profiles.is_empty()
            && self
                .interfaces
                .iter()
                .all(|i| i.tunnel_destination.is_none() && i.protection.is_none())
            && self.slas.is_empty()
    }
}
