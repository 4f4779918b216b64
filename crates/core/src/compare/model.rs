//! The common, vendor-neutral shape of one side's IPsec configuration.
//!
//! Every config reader (Cisco IOS, swanctl.conf, ipsec.conf, the simple form, the Zscaler
//! preset) produces [`PeerConfig`]. Algorithm names are normalised (see `algorithms`), so
//! `esp-256-aes`, `aes-cbc-256` and `aes256` compare equal. Secrets are never stored: only
//! whether a pre-shared key is present and its type.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::span::LineSpan;

/// Which reader produced a configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConfigFormat {
    /// Cisco IOS / IOS-XE `crypto` configuration.
    CiscoIos,
    /// strongSwan `swanctl.conf`.
    Swanctl,
    /// strongSwan / libreswan `ipsec.conf`.
    IpsecConf,
    /// netdiag's simple `key = value` form.
    Simple,
    /// A built-in preset (Zscaler's supported parameters).
    Preset,
}

/// IKE version(s) a side will speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IkeVersions {
    /// IKEv1 only.
    V1,
    /// IKEv2 only.
    V2,
    /// Either (strongSwan `version = 0`, `keyexchange=ike`).
    Any,
}

impl IkeVersions {
    /// True when the two sides share a version.
    pub fn compatible(self, other: Self) -> bool {
        self == other || self == Self::Any || other == Self::Any
    }

    /// Label for tables.
    pub fn label(self) -> &'static str {
        match self {
            Self::V1 => "IKEv1",
            Self::V2 => "IKEv2",
            Self::Any => "IKEv1 or IKEv2",
        }
    }
}

/// IKEv1 phase-1 exchange mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExchangeMode {
    /// Main mode (identity protected; identities are normally IP addresses).
    Main,
    /// Aggressive mode (identity in clear; normally an FQDN).
    Aggressive,
}

/// How a peer authenticates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuthMethod {
    /// Pre-shared key.
    Psk,
    /// RSA signature / certificate.
    RsaSig,
    /// ECDSA signature.
    Ecdsa,
    /// EAP.
    Eap,
    /// Something else, as written.
    Other,
}

/// How a pre-shared key is written (Clavister: a type mismatch gives `Payload_Malformed`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PskType {
    /// A passphrase (ASCII).
    Passphrase,
    /// A hex key (`0x...`).
    Hex,
}

/// The kind of an IKE identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdKind {
    /// An IP address.
    Address,
    /// A fully qualified domain name.
    Fqdn,
    /// user@fqdn (e-mail).
    UserFqdn,
    /// An X.500 distinguished name.
    Dn,
    /// A key id.
    KeyId,
    /// Any identity accepted (`%any`).
    Any,
}

/// An IKE identity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    /// Kind.
    pub kind: IdKind,
    /// Value (lower-cased for names).
    pub value: String,
}

impl Identity {
    /// Classifies a strongSwan-style identity string (`@fqdn`, `user@x`, `1.2.3.4`, `C=..`).
    pub fn guess(s: &str) -> Self {
        let s = s.trim().trim_matches('"');
        let (kind, value) = if s.is_empty() || s == "%any" || s == "*" {
            (IdKind::Any, s.to_string())
        } else if let Some(rest) = s.strip_prefix("@#") {
            (IdKind::KeyId, rest.to_string())
        } else if let Some(rest) = s.strip_prefix('@') {
            (IdKind::Fqdn, rest.to_ascii_lowercase())
        } else if s.parse::<std::net::IpAddr>().is_ok() {
            (IdKind::Address, s.to_string())
        } else if s.contains('=') {
            (IdKind::Dn, s.to_string())
        } else if s.contains('@') {
            (IdKind::UserFqdn, s.to_ascii_lowercase())
        } else {
            (IdKind::Fqdn, s.to_ascii_lowercase())
        };
        Self { kind, value }
    }

    /// `fqdn vpn.example.com`-style label.
    pub fn label(&self) -> String {
        let k = match self.kind {
            IdKind::Address => "address",
            IdKind::Fqdn => "fqdn",
            IdKind::UserFqdn => "email",
            IdKind::Dn => "dn",
            IdKind::KeyId => "key-id",
            IdKind::Any => return "any".into(),
        };
        format!("{k} {}", self.value)
    }
}

/// One phase-1 proposal: every listed algorithm is acceptable in combination with every
/// other listed one (Cisco IKEv2 proposal, strongSwan proposal string, one isakmp policy).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct IkeProposal {
    /// Encryption (normalised: `aes128`, `aes256gcm16`, `3des`...).
    pub encryption: Vec<String>,
    /// Integrity (normalised: `sha1`, `sha256`...); empty with AEAD ciphers.
    pub integrity: Vec<String>,
    /// PRF (IKEv2), normalised like integrity.
    pub prf: Vec<String>,
    /// Diffie-Hellman groups.
    pub dh_groups: Vec<u32>,
}

/// One phase-2 (ESP) proposal.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct EspProposal {
    /// Encryption (`null` for ESP-NULL).
    pub encryption: Vec<String>,
    /// Integrity.
    pub integrity: Vec<String>,
}

/// Phase-1 settings.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Phase1 {
    /// IKE version.
    pub version: Option<IkeVersions>,
    /// IKEv1 mode.
    pub mode: Option<ExchangeMode>,
    /// Proposals, in preference order.
    pub proposals: Vec<IkeProposal>,
    /// IKE SA lifetime, seconds.
    pub lifetime_s: Option<u64>,
    /// Authentication of this side (and expected of the peer unless `remote_auth` says).
    pub auth: Option<AuthMethod>,
    /// How the peer must authenticate, when configured separately (IKEv2 asymmetric).
    pub remote_auth: Option<AuthMethod>,
    /// Type of the pre-shared key, when one is configured.
    pub psk_type: Option<PskType>,
    /// True when a pre-shared key for the peer is present (its value is never kept).
    pub psk_present: bool,
    /// Identity this side sends.
    pub local_id: Option<Identity>,
    /// Identity this side expects from the peer.
    pub remote_id: Option<Identity>,
}

/// Phase-2 settings.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Phase2 {
    /// Proposals, in preference order.
    pub proposals: Vec<EspProposal>,
    /// PFS DH group; `Some(0)` means PFS explicitly off.
    pub pfs_group: Option<u32>,
    /// SA lifetime, seconds.
    pub lifetime_s: Option<u64>,
    /// SA lifetime, kilobytes.
    pub lifetime_kb: Option<u64>,
    /// Local protected networks (CIDR).
    pub local_nets: Vec<String>,
    /// Remote protected networks (CIDR).
    pub remote_nets: Vec<String>,
    /// Explicit (local, remote) selector pairs when the configuration lists pairs (a Cisco
    /// crypto ACL has one per line); empty when every local pairs with every remote.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub selector_pairs: Vec<(String, String)>,
}

impl Phase2 {
    /// Number of child SAs (SPD entries) per direction these selectors make.
    pub fn child_sa_count(&self) -> usize {
        if self.selector_pairs.is_empty() {
            self.local_nets.len() * self.remote_nets.len()
        } else {
            let mut p = self.selector_pairs.clone();
            p.sort();
            p.dedup();
            p.len()
        }
    }
}

/// Dead peer detection settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dpd {
    /// Interval, seconds (0 when disabled).
    pub interval_s: u32,
    /// Retries / timeout, when given.
    pub retries: Option<u32>,
}

/// One side's IPsec configuration towards one peer.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PeerConfig {
    /// Connection / crypto map / tunnel name.
    pub name: Option<String>,
    /// Reader that produced it.
    pub format: Option<ConfigFormat>,
    /// This side's tunnel address, when configured.
    pub local_address: Option<String>,
    /// The peer's address (or name).
    pub peer_address: Option<String>,
    /// Phase 1.
    pub phase1: Phase1,
    /// Phase 2.
    pub phase2: Phase2,
    /// NAT traversal enabled (`None`: not stated, usually on by default).
    pub nat_t: Option<bool>,
    /// DPD (`None`: not stated).
    pub dpd: Option<Dpd>,
    /// Lines each setting came from, keyed like `phase1.encryption`.
    pub spans: BTreeMap<String, LineSpan>,
    /// Notes from the reader (unsupported statements, guesses made).
    pub notes: Vec<String>,
}

impl PeerConfig {
    /// Records where a setting came from (first occurrence wins, later lines extend it).
    pub fn mark(&mut self, key: &str, span: LineSpan) {
        self.spans
            .entry(key.to_string())
            .and_modify(|s| *s = s.join(span))
            .or_insert(span);
    }

    /// The lines a setting came from.
    pub fn span(&self, key: &str) -> Option<LineSpan> {
        self.spans.get(key).copied()
    }

    /// Every encryption algorithm of phase 2, over all proposals.
    pub fn esp_encryptions(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self
            .phase2
            .proposals
            .iter()
            .flat_map(|p| p.encryption.iter().map(String::as_str))
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }
}

/// Several peers read from one paste (a router has one crypto map entry per peer).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ConfigSet {
    /// The format detected.
    pub format: Option<ConfigFormat>,
    /// One entry per peer / connection.
    pub peers: Vec<PeerConfig>,
    /// Problems reading the text (what and where).
    pub warnings: Vec<String>,
}
