//! `show crypto ipsec sa [detail] [ipv6]` — Cisco IOS / IOS-XE IPsec (phase 2) SAs.
//!
//! Seen on IOS 15.x and IOS-XE 16/17, crypto-map and VTI (`Tunnel0-head-0`) variants, with or
//! without `detail` (which adds the failure counters), IPv4 and IPv6 (where the crypto
//! endpoints wrap onto two lines). Cisco ASA prints a near-identical layout and reuses this
//! parser (see `cisco_asa::show_crypto_ipsec_sa`).
//!
//! ```text
//! interface: Tunnel0
//!     Crypto map tag: Tunnel0-head-0, local addr 192.0.2.1
//!    current_peer 198.51.100.7 port 500
//!     #pkts encaps: 120, #pkts encrypt: 120, #pkts digest: 120
//!     #pkts decaps: 0, #pkts decrypt: 0, #pkts verify: 0
//! ```

use serde::{Deserialize, Serialize};

use crate::LineSpan;
use crate::parsers::common::open_enum;
use crate::parsers::{Confidence, Line};

pub use super::show_crypto_ipsec_sa_parser::parse;

/// One protected flow (one `local ident` / `remote ident` pair) with its SAs and counters.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct IpsecSa {
    /// `interface:` the SA is applied to.
    pub interface: Option<String>,
    /// Crypto map tag (`Tunnel0-head-0` for a VTI).
    pub crypto_map: Option<String>,
    /// Crypto map sequence number (ASA).
    pub seq_num: Option<u32>,
    /// `local addr` of the crypto map.
    pub local_addr: Option<String>,
    /// `protected vrf`.
    pub protected_vrf: Option<String>,
    /// ASA access-list line that defines the flow.
    pub access_list: Option<String>,
    /// Local proxy identity.
    pub local_ident: Option<Ident>,
    /// Remote proxy identity.
    pub remote_ident: Option<Ident>,
    /// Current peer address.
    pub peer: Option<String>,
    /// Current peer port (500, or 4500 with NAT-T).
    pub peer_port: Option<u16>,
    /// ASA: address handed to a remote-access peer.
    pub dynamic_peer: Option<String>,
    /// `PERMIT, flags={...}` line content.
    pub flags: Option<String>,
    /// Packet and error counters.
    pub counters: IpsecCounters,
    /// Local crypto endpoint.
    pub local_endpoint: Option<String>,
    /// Remote crypto endpoint.
    pub remote_endpoint: Option<String>,
    /// Plaintext MTU (the largest packet that fits after ESP overhead).
    pub plaintext_mtu: Option<u32>,
    /// Path MTU.
    pub path_mtu: Option<u32>,
    /// IP (or IPv6) MTU of the outgoing interface.
    pub ip_mtu: Option<u32>,
    /// Interface whose MTU is used (`ip mtu idb`).
    pub ip_mtu_idb: Option<String>,
    /// ASA: media MTU.
    pub media_mtu: Option<u32>,
    /// ASA: IPsec overhead in bytes.
    pub ipsec_overhead: Option<u32>,
    /// ASA: DF-bit policy.
    pub df_policy: Option<String>,
    /// Current outbound SPI (`0x0` when no SA is up).
    pub current_outbound_spi: Option<Spi>,
    /// ASA: current inbound SPI.
    pub current_inbound_spi: Option<Spi>,
    /// Perfect forward secrecy.
    pub pfs: Option<bool>,
    /// PFS Diffie-Hellman group (`none`, `group14`...).
    pub dh_group: Option<String>,
    /// Inbound ESP SAs.
    pub inbound_esp: Vec<ChildSa>,
    /// Outbound ESP SAs.
    pub outbound_esp: Vec<ChildSa>,
    /// Inbound AH SAs.
    pub inbound_ah: Vec<ChildSa>,
    /// Outbound AH SAs.
    pub outbound_ah: Vec<ChildSa>,
    /// Source lines of this flow.
    pub lines: LineSpan,
}

/// A proxy identity `(addr/mask/prot/port)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ident {
    /// Address.
    pub addr: String,
    /// Mask (dotted, or a prefix length for IPv6).
    pub mask: String,
    /// IP protocol number (0 = any, 47 = GRE).
    pub protocol: Option<u32>,
    /// Port (0 = any).
    pub port: Option<u32>,
}

/// A Security Parameter Index as printed: hex text and its value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Spi {
    /// Hex form with `0x`, as printed (or normalised from ASA's bare hex).
    pub hex: String,
    /// Numeric value (`None` when the device prints `[Not Available]`).
    pub value: Option<u64>,
}

/// Every counter of the `#pkts` lines; `None` when the line is not in this output.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct IpsecCounters {
    /// Packets encapsulated.
    pub encaps: Option<u64>,
    /// Packets encrypted.
    pub encrypt: Option<u64>,
    /// Packets digested (outbound integrity).
    pub digest: Option<u64>,
    /// Packets decapsulated.
    pub decaps: Option<u64>,
    /// Packets decrypted.
    pub decrypt: Option<u64>,
    /// Packets verified (inbound integrity).
    pub verify: Option<u64>,
    /// Packets compressed.
    pub compressed: Option<u64>,
    /// Packets decompressed.
    pub decompressed: Option<u64>,
    /// Packets not compressed.
    pub not_compressed: Option<u64>,
    /// Compression failures.
    pub compr_failed: Option<u64>,
    /// Packets not decompressed.
    pub not_decompressed: Option<u64>,
    /// Decompression failures.
    pub decompress_failed: Option<u64>,
    /// Outbound packets with no SA.
    pub no_sa_send: Option<u64>,
    /// Inbound packets for an invalid SA.
    pub invalid_sa_rcv: Option<u64>,
    /// Encapsulation failures.
    pub encaps_failed_send: Option<u64>,
    /// Decapsulation failures.
    pub decaps_failed_rcv: Option<u64>,
    /// Inbound packets with an invalid protocol.
    pub invalid_prot_recv: Option<u64>,
    /// Integrity check failures.
    pub verify_failed: Option<u64>,
    /// Inbound packets not matching the identities.
    pub invalid_identity_recv: Option<u64>,
    /// Inbound packets with an invalid length.
    pub invalid_len_recv: Option<u64>,
    /// Replay counter roll-overs, outbound.
    pub replay_rollover_send: Option<u64>,
    /// Replay counter roll-overs, inbound.
    pub replay_rollover_recv: Option<u64>,
    /// Anti-replay failures.
    pub replay_failed_recv: Option<u64>,
    /// Tagged packets sent.
    pub tagged_send: Option<u64>,
    /// Untagged packets received.
    pub untagged_recv: Option<u64>,
    /// Not-tagged packets sent.
    pub not_tagged_send: Option<u64>,
    /// Not-untagged packets received.
    pub not_untagged_recv: Option<u64>,
    /// Internal errors, outbound.
    pub internal_err_send: Option<u64>,
    /// Internal errors, inbound.
    pub internal_err_recv: Option<u64>,
    /// Send errors.
    pub send_errors: Option<u64>,
    /// Receive errors.
    pub recv_errors: Option<u64>,
    /// ASA: pre-fragmentation successes.
    pub pre_frag_successes: Option<u64>,
    /// ASA: pre-fragmentation failures.
    pub pre_frag_failures: Option<u64>,
    /// ASA: fragments created.
    pub fragments_created: Option<u64>,
    /// ASA: PMTU messages sent.
    pub pmtus_sent: Option<u64>,
    /// ASA: PMTU messages received.
    pub pmtus_rcvd: Option<u64>,
    /// Counters this version does not name, as `(label, value)`.
    pub other: Vec<(String, u64)>,
}

open_enum! {
    /// Status of one ESP/AH SA.
    pub enum ChildSaStatus {
        /// In use.
        Active => "ACTIVE",
        /// Standby (HA).
        Standby => "STANDBY",
        /// Not in use.
        Inactive => "INACTIVE",
        /// Being rekeyed.
        Rekeying => "REKEYING",
    }
}

/// One inbound or outbound ESP/AH SA.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ChildSa {
    /// SPI.
    pub spi: Option<Spi>,
    /// Transform set (`esp-256-aes esp-sha256-hmac`).
    pub transform: Option<String>,
    /// `in use settings` (`Tunnel`, `Transport UDP-Encaps`, `L2L, Tunnel, IKEv1`...).
    pub in_use_settings: Option<String>,
    /// Connection id.
    pub conn_id: Option<u64>,
    /// Flow id (`CSR:76`, `Onboard VPN:124`).
    pub flow_id: Option<String>,
    /// Sibling flags (hex).
    pub sibling_flags: Option<String>,
    /// Crypto map of this SA.
    pub crypto_map: Option<String>,
    /// ASA slot.
    pub slot: Option<u32>,
    /// Whether this side initiated.
    pub initiator: Option<bool>,
    /// Remaining lifetime in kilobytes.
    pub remaining_kb: Option<u64>,
    /// Remaining lifetime in seconds.
    pub remaining_secs: Option<u64>,
    /// IV size in bytes.
    pub iv_size: Option<u32>,
    /// Anti-replay detection enabled.
    pub replay_detection: Option<bool>,
    /// Anti-replay window size.
    pub replay_window: Option<u32>,
    /// Status (`ACTIVE(ACTIVE)` → `ACTIVE`; ASA `SA State: active`).
    pub status: Option<ChildSaStatus>,
    /// Source lines of this SA.
    pub lines: LineSpan,
}

/// Cheap check for IOS: IOS-only wording scores high, wording shared with ASA scores 0.5.
pub fn detect(lines: &[Line<'_>]) -> Option<Confidence> {
    // 0.9 is the highest `ios_signal` gives: no need to read further once a line says it.
    crate::parsers::detect::max_signal(lines, 0.9, ios_signal)
}

fn ios_signal(t: &str) -> Option<Confidence> {
    let lead = t.trim_start();
    if lead.starts_with("Crypto map tag:") && t.contains("local addr ") {
        Some(0.9)
    } else if lead.starts_with("current_peer ") && t.contains(" port ")
        || lead.starts_with("PERMIT, flags=")
        || lead.starts_with("plaintext mtu")
        || t.contains("sibling_flags")
        || t.contains("ip mtu idb")
        || t.contains("ipv6 mtu idb")
        || lead.starts_with("Status: ACTIVE")
    {
        Some(0.85)
    } else {
        shared_signal(t)
    }
}

/// Lines both IOS and ASA print; enough to keep a block together, not to tell them apart.
pub(crate) fn shared_signal(t: &str) -> Option<Confidence> {
    let lead = t.trim_start();
    const SHARED: &[&str] = &[
        "protected vrf:",
        "local ident (addr/mask/prot/port)",
        "local  ident (addr/mask/prot/port)",
        "remote ident (addr/mask/prot/port)",
        "#pkts encaps:",
        "#pkts decaps:",
        "#pkts",
        "##pkts",
        "#send errors",
        "local crypto endpt.",
        "remote crypto endpt.",
        "current outbound spi:",
        "PFS (Y/N):",
        "inbound esp sas:",
        "outbound esp sas:",
        "inbound ah sas:",
        "outbound ah sas:",
        "inbound pcp sas:",
        "outbound pcp sas:",
        "transform:",
        "in use settings =",
        "sa timing:",
        "IV size:",
        "replay detection support:",
        "Kilobyte Volume Rekey",
    ];
    if lead.starts_with("spi: 0x") || lead.starts_with("spi: [") {
        return Some(0.5);
    }
    if lead.starts_with("interface: ") && lead.split_whitespace().count() == 2 {
        return Some(0.5);
    }
    SHARED.iter().any(|s| lead.starts_with(s)).then_some(0.55)
}
