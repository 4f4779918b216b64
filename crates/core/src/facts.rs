//! Facts: the vendor-neutral view of everything the rules may look at.
//!
//! Rules never read pasted text. [`build`] turns the typed records of the parsers (plus the
//! PAC report, browser checks and the options) into the small structs below; each fact keeps
//! an [`Evidence`] pointing back at the record's block and lines, with the lines quoted, so a
//! finding can always show what proves it. Keeping facts vendor-neutral lets one rule serve
//! Cisco, ASA, strongSwan and the rest, and lets rule tests build facts by hand.

mod build;
mod config;
mod convert;
pub mod net;
mod records;
pub mod states;
pub mod time;
mod vendors;

use serde::Serialize;

use crate::checks::CheckResults;
use crate::compare::PeerConfig;
use crate::finding::Evidence;
use crate::pac::PacReport;
use crate::span::LineSpan;

pub use build::{Paste, build_facts};
pub use time::{Timestamp, ZoneInfo};

/// Everything known about one diagnosis.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Facts {
    /// The context the user gave (cloud, distance, IdP list...).
    pub context: Context,
    /// Every block of every paste, recognised or not.
    pub blocks: Vec<BlockInfo>,
    /// IKE / ISAKMP SAs (phase 1).
    pub ike_sas: Vec<IkeSa>,
    /// IPsec / child SAs (phase 2) with their counters.
    pub ipsec_sas: Vec<IpsecSa>,
    /// Tunnel interfaces (status and/or configuration).
    pub tunnels: Vec<TunnelIf>,
    /// Non-tunnel interfaces, for link MTUs.
    pub interfaces: Vec<Interface>,
    /// IP SLA (or similar) health probes.
    pub sla_probes: Vec<SlaProbe>,
    /// MTR / traceroute runs.
    pub traces: Vec<PathTrace>,
    /// Ping runs.
    pub pings: Vec<PingRun>,
    /// TCP connection tests from a shell (telnet, Test-NetConnection).
    pub tcp_tests: Vec<TcpTest>,
    /// Certificates with validity dates.
    pub certificates: Vec<Certificate>,
    /// The device's own clock, when pasted (`show clock`, `date`...).
    pub clocks: Vec<DeviceClock>,
    /// IKE negotiation failures reported in logs (Azure, Clavister, strongSwan...).
    pub ike_failures: Vec<IkeFailure>,
    /// Gateway CPU readings (Azure CPUStats).
    pub cpu: Vec<CpuReading>,
    /// Connection status summaries (Azure ConnectionStats, session tables).
    pub connections: Vec<ConnectionStatus>,
    /// IPsec peer configurations read from pasted configuration.
    pub configs: Vec<ConfigFact>,
    /// The PAC evaluation, when given.
    pub pac: Option<PacReport>,
    /// Browser check results, when given.
    pub checks: Option<CheckResults>,
}

/// What the user told us about the environment.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Context {
    /// Cloud name (`zscaler.net`, `zscalertwo.net`...), lower-case, when given.
    pub cloud: Option<String>,
    /// True when the far end is Zscaler (cloud given, or the paste names Zscaler).
    pub zscaler: bool,
    /// Distance to the service edge in km, for the latency budget.
    pub distance_km: Option<f64>,
    /// Access-network allowance added to every distance budget, ms.
    pub latency_floor_ms: f64,
    /// Identity-provider / authentication domains that must not go through the proxy.
    pub idp_domains: Vec<String>,
    /// Reference time (UTC epoch seconds) when no device clock was pasted.
    pub reference_now: Option<i64>,
}

/// One block of a paste.
#[derive(Debug, Clone, Serialize)]
pub struct BlockInfo {
    /// Block id as used in evidence (`"0"`, `"1"`, ...).
    pub block: String,
    /// Named input (file) when several were given.
    pub source: Option<String>,
    /// Detected kind, or `unknown`.
    pub kind: String,
    /// Lines of the block in the paste.
    pub lines: LineSpan,
    /// True when a parser recognised the block.
    pub recognised: bool,
    /// True when the output ends before it should.
    pub truncated: bool,
    /// Lines the parser could not read.
    pub skipped: Vec<LineSpan>,
    /// The block's first line, quoted.
    pub head: Evidence,
}

/// Device / log family a fact came from (chooses vendor-specific wording and actions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Vendor {
    /// Cisco IOS / IOS-XE.
    CiscoIos,
    /// Cisco ASA.
    CiscoAsa,
    /// Palo Alto PAN-OS.
    PaloAlto,
    /// Clavister cOS Stream / NetWall.
    Clavister,
    /// Azure VPN gateway (Network Watcher VPN troubleshoot logs).
    Azure,
    /// strongSwan / libreswan.
    StrongSwan,
    /// Fortinet FortiOS.
    Fortinet,
    /// Zscaler (tunnel insights).
    Zscaler,
    /// Linux / Windows hosts and anything else.
    #[default]
    Other,
}

/// IKE protocol version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum IkeVersion {
    /// IKEv1 (ISAKMP).
    V1,
    /// IKEv2.
    V2,
}

/// Where an SA is in its life, whatever the vendor's state word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SaPhase {
    /// Up and usable.
    Established,
    /// Negotiation started and not finished (stuck if it stays so).
    Negotiating,
    /// Being torn down.
    Deleting,
    /// Negotiation failed.
    Failed,
    /// A state word we do not know.
    Unknown,
}

/// A phase-1 SA.
#[derive(Debug, Clone, Serialize)]
pub struct IkeSa {
    /// Source family.
    pub vendor: Vendor,
    /// IKE version, when known.
    pub version: Option<IkeVersion>,
    /// Local address.
    pub local: Option<String>,
    /// Peer address.
    pub remote: Option<String>,
    /// Local UDP port (500 or 4500), when shown.
    pub local_port: Option<u16>,
    /// Peer UDP port, when shown.
    pub remote_port: Option<u16>,
    /// The state word as printed (`MM_NO_STATE`, `READY`...).
    pub state: String,
    /// What the state means.
    pub phase: SaPhase,
    /// Aggressive mode in use, when known.
    pub aggressive: Option<bool>,
    /// NAT-T (UDP 4500 encapsulation) in use, when known.
    pub nat_t: Option<bool>,
    /// NAT detected between the peers, when the device says so.
    pub nat_detected: Option<bool>,
    /// Local identity, when shown.
    pub local_id: Option<String>,
    /// Peer identity, when shown.
    pub remote_id: Option<String>,
    /// The record.
    pub at: Evidence,
}

/// A phase-2 SA (or a flow of SAs between two selectors) and its counters.
#[derive(Debug, Clone, Serialize)]
pub struct IpsecSa {
    /// Source family.
    pub vendor: Vendor,
    /// Interface / crypto map / connection name.
    pub name: Option<String>,
    /// Local tunnel endpoint.
    pub local: Option<String>,
    /// Peer tunnel endpoint.
    pub remote: Option<String>,
    /// Local traffic selector (`10.1.0.0/255.255.0.0/0/0`, `10.1.0.0/16`).
    pub local_ident: Option<String>,
    /// Remote traffic selector.
    pub remote_ident: Option<String>,
    /// Packets encapsulated (sent into the tunnel).
    pub encaps: Option<u64>,
    /// Packets decapsulated (received from the tunnel).
    pub decaps: Option<u64>,
    /// Send errors.
    pub send_errors: Option<u64>,
    /// Receive errors.
    pub recv_errors: Option<u64>,
    /// Inbound ESP/AH SAs currently installed.
    pub inbound_sas: Option<u32>,
    /// Outbound ESP/AH SAs currently installed.
    pub outbound_sas: Option<u32>,
    /// Transforms as printed (`esp-256-aes esp-sha-hmac`, `ESP:AES_CBC-256/HMAC_SHA2_256_128`).
    pub transforms: Vec<String>,
    /// UDP encapsulation (NAT-T) in use, when known.
    pub udp_encaps: Option<bool>,
    /// The record.
    pub at: Evidence,
    /// The counter lines, when separate from the record head.
    pub counters_at: Option<Evidence>,
}

/// Tunnel encapsulation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TunnelMode {
    /// Plain GRE over IP.
    Gre,
    /// GRE protected by IPsec (`tunnel protection`).
    GreIpsec,
    /// IPsec virtual tunnel interface.
    Ipsec,
    /// Mode not shown.
    Unknown,
    /// Anything else, as printed.
    Other(String),
}

/// GRE keepalive settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Keepalive {
    /// Seconds between keepalives.
    pub period: u32,
    /// Retries before the line protocol goes down.
    pub retries: u32,
}

/// A tunnel interface, from `show interfaces` and/or its configuration.
#[derive(Debug, Clone, Serialize)]
pub struct TunnelIf {
    /// Interface name (`Tunnel1`).
    pub name: String,
    /// Administratively up; `Some(false)` for "administratively down".
    pub admin_up: Option<bool>,
    /// Line protocol up.
    pub line_up: Option<bool>,
    /// Description text.
    pub description: Option<String>,
    /// Tunnel interface address and prefix length.
    pub address: Option<(std::net::Ipv4Addr, u8)>,
    /// Interface MTU as shown by `show interfaces`.
    pub mtu: Option<u32>,
    /// Configured `ip mtu`.
    pub ip_mtu: Option<u32>,
    /// Configured `ip tcp adjust-mss`.
    pub tcp_mss: Option<u32>,
    /// True when this comes from the interface's configuration (so an absent setting is
    /// really absent, not just not shown).
    pub from_config: bool,
    /// Tunnel source as written (address or interface name).
    pub source: Option<String>,
    /// Tunnel destination.
    pub destination: Option<String>,
    /// Encapsulation.
    pub mode: TunnelMode,
    /// GRE keepalive, when configured.
    pub keepalive: Option<Keepalive>,
    /// The head line of the record.
    pub at: Evidence,
    /// The `tcp adjust-mss` line.
    pub mss_at: Option<Evidence>,
    /// The keepalive line.
    pub keepalive_at: Option<Evidence>,
    /// The address line.
    pub address_at: Option<Evidence>,
}

/// A non-tunnel interface (for the link MTU under a tunnel).
#[derive(Debug, Clone, Serialize)]
pub struct Interface {
    /// Name.
    pub name: String,
    /// Address, when shown.
    pub address: Option<std::net::Ipv4Addr>,
    /// MTU.
    pub mtu: Option<u32>,
    /// The record.
    pub at: Evidence,
}

/// A health probe (Cisco IP SLA and the like).
#[derive(Debug, Clone, Serialize)]
pub struct SlaProbe {
    /// Probe id.
    pub id: String,
    /// Probe type (`http`, `icmp-echo`...).
    pub kind: Option<String>,
    /// Destination address or host.
    pub destination: Option<String>,
    /// Full URL for HTTP probes, when known.
    pub url: Option<String>,
    /// Latest return code (`OK`, `Timeout`, `No connection`...).
    pub return_code: Option<String>,
    /// Latest RTT in ms.
    pub rtt_ms: Option<f64>,
    /// Number of successes.
    pub successes: Option<u64>,
    /// Number of failures.
    pub failures: Option<u64>,
    /// The record.
    pub at: Evidence,
}

/// Which tool produced a path trace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TraceTool {
    /// mtr (report or interactive) or WinMTR: per-hop loss over many probes.
    Mtr,
    /// traceroute / tracert: a few probes per hop.
    Traceroute,
}

/// One hop of a trace.
#[derive(Debug, Clone, Serialize)]
pub struct Hop {
    /// Hop number (1-based).
    pub n: u32,
    /// Address or name; `None` for `???` / `*`.
    pub host: Option<String>,
    /// Loss in percent.
    pub loss_pct: Option<f64>,
    /// Probes sent.
    pub sent: Option<u32>,
    /// Average RTT, ms.
    pub avg_ms: Option<f64>,
    /// Best RTT, ms.
    pub best_ms: Option<f64>,
    /// Worst RTT, ms.
    pub worst_ms: Option<f64>,
    /// The hop's line.
    pub at: Evidence,
}

/// An MTR / traceroute run.
#[derive(Debug, Clone, Serialize)]
pub struct PathTrace {
    /// Tool family.
    pub tool: TraceTool,
    /// Target host, when shown.
    pub target: Option<String>,
    /// Hops in order.
    pub hops: Vec<Hop>,
    /// The whole record.
    pub at: Evidence,
}

/// A ping run.
#[derive(Debug, Clone, Serialize)]
pub struct PingRun {
    /// Target.
    pub target: Option<String>,
    /// Datagram size in bytes, when shown.
    pub size: Option<u32>,
    /// Don't-fragment bit set.
    pub df: bool,
    /// Probes sent.
    pub sent: Option<u32>,
    /// Replies received.
    pub received: Option<u32>,
    /// Average RTT, ms.
    pub avg_ms: Option<f64>,
    /// Replies said "fragmentation needed" (Cisco `M`, Linux "Frag needed").
    pub frag_needed: bool,
    /// ICMP unreachables came back (Cisco `U`, "Destination Host Unreachable").
    pub unreachable: bool,
    /// The record.
    pub at: Evidence,
}

/// How a TCP connection test ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TcpOutcome {
    /// Connected.
    Connected,
    /// Refused (RST): nothing listens, or a device rejects it.
    Refused,
    /// No answer: filtered.
    TimedOut,
    /// Failed without saying how (Test-NetConnection).
    Failed,
    /// No route / name did not resolve.
    Unreachable,
}

/// A TCP connection test run from a shell.
#[derive(Debug, Clone, Serialize)]
pub struct TcpTest {
    /// Target host.
    pub target: Option<String>,
    /// Port.
    pub port: Option<u16>,
    /// Outcome.
    pub outcome: TcpOutcome,
    /// The record.
    pub at: Evidence,
}

/// A certificate's validity.
#[derive(Debug, Clone, Serialize)]
pub struct Certificate {
    /// Subject.
    pub subject: Option<String>,
    /// Issuer.
    pub issuer: Option<String>,
    /// Valid from.
    pub not_before: Option<Timestamp>,
    /// Valid until.
    pub not_after: Option<Timestamp>,
    /// Status word as printed (`Available`, `Valid`, `Expired`...).
    pub status: Option<String>,
    /// The record.
    pub at: Evidence,
    /// The validity lines.
    pub validity_at: Option<Evidence>,
}

/// The device's clock.
#[derive(Debug, Clone, Serialize)]
pub struct DeviceClock {
    /// The time shown.
    pub now: Timestamp,
    /// `Some(false)` when the device says the time is not authoritative (Cisco leading `*`).
    pub synced: Option<bool>,
    /// The record.
    pub at: Evidence,
}

/// Why an IKE negotiation failed, whatever the vendor's wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IkeFailureCause {
    /// Authentication failed (pre-shared key mismatch, bad credentials).
    AuthenticationFailed,
    /// The peer did not answer.
    PeerUnreachable,
    /// No proposal chosen / policy mismatch.
    PolicyMismatch,
    /// Traffic selectors (proxy ids) not acceptable.
    TrafficSelectorMismatch,
    /// Invalid payload received.
    InvalidPayload,
    /// Packet for an SA the receiver does not have (invalid cookie / SPI).
    InvalidCookie,
    /// Payload malformed (often a PSK type mismatch).
    PayloadMalformed,
    /// Certificate authentication: no public key found.
    NoPublicKey,
}

/// An IKE failure reported in a log.
#[derive(Debug, Clone, Serialize)]
pub struct IkeFailure {
    /// Source family.
    pub vendor: Vendor,
    /// Normalised cause.
    pub cause: IkeFailureCause,
    /// Vendor error code (Windows 138xx for Azure).
    pub code: Option<u32>,
    /// Phase (1 or 2), when the log says.
    pub phase: Option<u8>,
    /// The message as printed.
    pub message: String,
    /// True when a later entry of the same log shows the SA established again (a transient
    /// or already resolved failure).
    pub recovered: bool,
    /// The record.
    pub at: Evidence,
}

/// A CPU reading.
#[derive(Debug, Clone, Serialize)]
pub struct CpuReading {
    /// Source family.
    pub vendor: Vendor,
    /// CPU usage in percent.
    pub percent: f64,
    /// The record.
    pub at: Evidence,
}

/// A connection / tunnel status summary.
#[derive(Debug, Clone, Serialize)]
pub struct ConnectionStatus {
    /// Source family.
    pub vendor: Vendor,
    /// Connection / peer name.
    pub name: Option<String>,
    /// State as printed.
    pub state: String,
    /// True when the state means connected.
    pub connected: bool,
    /// The record.
    pub at: Evidence,
}

/// An IPsec configuration read from a paste, with the lines of each setting.
#[derive(Debug, Clone, Serialize)]
pub struct ConfigFact {
    /// The normalised configuration.
    pub config: PeerConfig,
    /// The configuration's first line (its head).
    pub at: Evidence,
    /// The quoted lines of each setting, keyed like `PeerConfig::spans`.
    pub settings: std::collections::BTreeMap<String, Evidence>,
}

impl ConfigFact {
    /// The lines of `key`, else the head.
    pub fn at_key(&self, key: &str) -> &Evidence {
        self.settings.get(key).unwrap_or(&self.at)
    }
}

impl IkeSa {
    /// `203.0.113.9` (the peer) or `192.0.2.1 ↔ 203.0.113.9` when the orientation is unknown.
    pub fn peer_label(&self) -> String {
        match (&self.local, &self.remote) {
            (_, Some(r)) => r.clone(),
            (Some(l), None) => format!("the peer of {l}"),
            (None, None) => "the peer".into(),
        }
    }
}

/// Evidence pointing at browser check number `i` (0-based): block `check:<id>`, line `i + 1`.
pub fn check_evidence(i: usize, c: &crate::checks::CheckResult) -> Evidence {
    let stats = c.effective_stats();
    let timing = if c.verdict.reached() {
        format!(
            ", median {:.0} ms over {} samples",
            stats.median,
            c.samples_ms.len()
        )
    } else {
        String::new()
    };
    Evidence {
        block: format!("check:{}", c.id),
        lines: LineSpan::line(u32::try_from(i + 1).unwrap_or(u32::MAX)),
        text: format!("{} → {}{timing}", c.target, c.verdict.as_str()),
        source: Some("checks".into()),
    }
}

impl Facts {
    /// True when no fact of any kind was found (nothing to diagnose).
    pub fn is_empty(&self) -> bool {
        self.ike_sas.is_empty()
            && self.ipsec_sas.is_empty()
            && self.tunnels.is_empty()
            && self.interfaces.is_empty()
            && self.sla_probes.is_empty()
            && self.traces.is_empty()
            && self.pings.is_empty()
            && self.tcp_tests.is_empty()
            && self.certificates.is_empty()
            && self.clocks.is_empty()
            && self.ike_failures.is_empty()
            && self.cpu.is_empty()
            && self.connections.is_empty()
            && self.configs.is_empty()
            && self.pac.is_none()
            && self.checks.is_none()
    }
}
