//! Record types shared by the reachability tools of several platforms: ping (Linux iputils
//! and BusyBox, Windows, FortiGate `execute ping`), traceroute/tracert and MTR/WinMTR.
//! One shape per tool family so rules can read a loss or a hop the same way whatever
//! platform produced it.

use serde::{Deserialize, Serialize};

use super::fields::classify_enum;
use crate::LineSpan;

/// One ping run: the header, each reply (or failure) line and the statistics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PingRun {
    /// Target as given (name or address), from the header line.
    pub target: Option<String>,
    /// Resolved address of the target, when printed.
    pub address: Option<String>,
    /// ICMP payload size in bytes.
    pub payload_bytes: Option<u32>,
    /// Reply and failure lines, in order.
    pub replies: Vec<PingReply>,
    /// The summary block, absent when the run was cut off.
    pub statistics: Option<PingStatistics>,
    /// A failure before any probe was sent (name not resolved, network unreachable).
    pub error: Option<String>,
    /// Lines of this run.
    pub lines: LineSpan,
}

classify_enum! {
    /// What one probe line reports.
    pub enum ReplyOutcome {
        /// An echo reply.
        Reply = ["reply"],
        /// No reply within the timeout (`Request timed out.`, `no answer yet`).
        Timeout = ["timeout", "Request timed out.", "no answer yet"],
        /// `Destination Host Unreachable`.
        HostUnreachable = ["Destination Host Unreachable", "Destination host unreachable."],
        /// `Destination Net Unreachable`.
        NetUnreachable = ["Destination Net Unreachable", "Destination net unreachable."],
        /// `Destination Port Unreachable`.
        PortUnreachable = ["Destination Port Unreachable", "Destination port unreachable."],
        /// Administratively prohibited.
        Prohibited = ["Packet filtered", "Communication prohibited by filter", "Destination Prohibited"],
        /// `Frag needed and DF set` / `Packet needs to be fragmented but DF set.`
        FragmentationNeeded = ["Frag needed and DF set", "Packet needs to be fragmented but DF set."],
        /// `Time to live exceeded` / `TTL expired in transit.`
        TtlExceeded = ["Time to live exceeded", "TTL expired in transit."],
        /// Windows `General failure.` / `PING: transmit failed. General failure.`
        GeneralFailure = ["General failure.", "PING: transmit failed. General failure."],
    }
}

/// A phrase a ping tool prints and the outcome it means (a row of a data table).
pub type OutcomePhrase = (&'static str, fn() -> ReplyOutcome);

/// One reply or failure line of a ping run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PingReply {
    /// Sequence number (`icmp_seq`/`seq`), when printed.
    pub seq: Option<u32>,
    /// Who answered (the target or a router reporting an error).
    pub from: Option<String>,
    /// Reply size in bytes.
    pub bytes: Option<u32>,
    /// TTL / hop limit of the reply.
    pub ttl: Option<u32>,
    /// Round-trip time in milliseconds.
    pub time_ms: Option<f64>,
    /// True when the time was printed as an upper bound (`time<1ms`).
    pub time_less_than: bool,
    /// What the line reports.
    pub outcome: ReplyOutcome,
    /// Next-hop MTU in a fragmentation-needed report.
    pub mtu: Option<u32>,
    /// `(DUP!)` reply.
    pub duplicate: bool,
    /// The line.
    pub lines: LineSpan,
}

/// The statistics block of a ping run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PingStatistics {
    /// Packets sent.
    pub transmitted: Option<u32>,
    /// Replies received.
    pub received: Option<u32>,
    /// Packets lost (Windows prints it; elsewhere transmitted - received).
    pub lost: Option<u32>,
    /// Loss in percent as printed.
    pub loss_percent: Option<f64>,
    /// Duplicate replies (`+19 duplicates`).
    pub duplicates: Option<u32>,
    /// ICMP errors (`+3 errors`).
    pub errors: Option<u32>,
    /// Total run time in milliseconds (`time 3004ms`).
    pub time_ms: Option<u64>,
    /// Minimum round-trip time (ms).
    pub rtt_min_ms: Option<f64>,
    /// Average round-trip time (ms).
    pub rtt_avg_ms: Option<f64>,
    /// Maximum round-trip time (ms).
    pub rtt_max_ms: Option<f64>,
    /// Standard deviation (`mdev`/`stddev`, ms).
    pub rtt_mdev_ms: Option<f64>,
    /// Lines of the block.
    pub lines: LineSpan,
}

/// One traceroute/tracert run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TraceRun {
    /// Target as given.
    pub target: Option<String>,
    /// Resolved target address.
    pub address: Option<String>,
    /// Maximum hops.
    pub max_hops: Option<u32>,
    /// Probe packet size in bytes.
    pub packet_bytes: Option<u32>,
    /// Hops in order.
    pub hops: Vec<TraceHop>,
    /// True when the tool said it finished (`Trace complete.`) or the target answered.
    pub completed: bool,
    /// A failure before probing (name not resolved).
    pub error: Option<String>,
    /// Lines of this run.
    pub lines: LineSpan,
}

/// One hop of a trace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TraceHop {
    /// Hop number (TTL).
    pub hop: u32,
    /// Each probe, in order; a `*` is a probe with no address and no time.
    pub probes: Vec<TraceProbe>,
    /// A hop-level note (`Request timed out.`, `reports: Destination net unreachable.`).
    pub note: Option<String>,
    /// The line.
    pub lines: LineSpan,
}

/// One probe of a hop.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TraceProbe {
    /// Responder address (`None` for `*`).
    pub address: Option<String>,
    /// Responder name, when resolved.
    pub host: Option<String>,
    /// Origin AS (`[AS64496]`), when printed.
    pub asn: Option<String>,
    /// Round-trip time in ms (`None` for `*`).
    pub rtt_ms: Option<f64>,
    /// True for `<1 ms`.
    pub rtt_less_than: bool,
    /// `!H`, `!N`, `!P`, `!X`, `!F-1480`... as printed, without the `!`.
    pub annotation: Option<String>,
}

/// An MTR or WinMTR report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MtrReport {
    /// `Start:` time of an mtr report.
    pub start: Option<String>,
    /// The probing host (`HOST:` of a report, or the interactive header).
    pub source: Option<String>,
    /// Target, when printed (interactive header).
    pub target: Option<String>,
    /// Column names as printed, in order.
    pub columns: Vec<String>,
    /// Hops in order.
    pub hops: Vec<MtrHop>,
    /// Lines of the report.
    pub lines: LineSpan,
}

/// One hop of an MTR/WinMTR report. Latency fields are `None` when the hop never answered
/// (the tools print zeros there).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MtrHop {
    /// Hop number.
    pub hop: u32,
    /// Responder name or address as printed (`None` for `???` / `No response from host`).
    pub host: Option<String>,
    /// Responder address when the host field is (or contains) one.
    pub address: Option<String>,
    /// Origin AS (`AS64496`), `None` when unknown (`AS???`).
    pub asn: Option<String>,
    /// Other responders seen for this hop (multipath).
    pub extra_addresses: Vec<String>,
    /// Loss in percent.
    pub loss_percent: Option<f64>,
    /// Probes sent.
    pub sent: Option<u32>,
    /// Replies received.
    pub received: Option<u32>,
    /// Probes dropped.
    pub dropped: Option<u32>,
    /// Last RTT (ms).
    pub last_ms: Option<f64>,
    /// Average RTT (ms).
    pub avg_ms: Option<f64>,
    /// Best RTT (ms).
    pub best_ms: Option<f64>,
    /// Worst RTT (ms).
    pub worst_ms: Option<f64>,
    /// Standard deviation (ms).
    pub stdev_ms: Option<f64>,
    /// Mean jitter (ms).
    pub jitter_avg_ms: Option<f64>,
    /// Worst jitter (ms).
    pub jitter_max_ms: Option<f64>,
    /// Interarrival jitter (ms).
    pub jitter_int_ms: Option<f64>,
    /// The line(s).
    pub lines: LineSpan,
}

impl MtrHop {
    /// A hop with only its number and span set.
    pub fn empty(hop: u32, lines: LineSpan) -> Self {
        Self {
            hop,
            host: None,
            address: None,
            asn: None,
            extra_addresses: Vec::new(),
            loss_percent: None,
            sent: None,
            received: None,
            dropped: None,
            last_ms: None,
            avg_ms: None,
            best_ms: None,
            worst_ms: None,
            stdev_ms: None,
            jitter_avg_ms: None,
            jitter_max_ms: None,
            jitter_int_ms: None,
            lines,
        }
    }

    /// Clears latency values that the tools print as 0 for a hop that never answered.
    pub fn clear_silent_latency(&mut self) {
        let silent = self.host.is_none()
            || self.received == Some(0)
            || self.loss_percent.is_some_and(|l| l >= 100.0);
        if silent {
            self.last_ms = None;
            self.avg_ms = None;
            self.best_ms = None;
            self.worst_ms = None;
            self.stdev_ms = None;
            self.jitter_avg_ms = None;
            self.jitter_max_ms = None;
            self.jitter_int_ms = None;
        }
    }
}
