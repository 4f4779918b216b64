//! `show interfaces [TunnelN]` — Cisco IOS / IOS-XE interface status and counters.
//!
//! Seen on IOS 12.4–15.x and IOS-XE 16/17. Every interface is read (state, addresses, MTU,
//! keepalive, queue drops, rates, error counters); `Tunnel` interfaces also get their tunnel
//! block (source, destination, protocol/transport, transport MTU, protection profile).
//!
//! ```text
//! Tunnel0 is up, line protocol is up
//!   Hardware is Tunnel
//!   Internet address is 10.255.0.1/30
//!   MTU 17878 bytes, BW 100 Kbit/sec, DLY 50000 usec,
//!   Tunnel source 192.0.2.1 (GigabitEthernet1), destination 198.51.100.7
//! ```

use serde::{Deserialize, Serialize};

use crate::LineSpan;
use crate::parsers::common;
use crate::parsers::{Confidence, Line, ParseError, ParseResult, Parsed};

/// One interface.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Interface {
    /// Interface name.
    pub name: String,
    /// Interface status: `up`, `down`, `administratively down`, `deleted`.
    pub status: String,
    /// Line protocol: `up`, `down`.
    pub line_protocol: String,
    /// Text after the line protocol, e.g. `(connected)` or `(looped)`.
    pub line_protocol_note: Option<String>,
    /// `Hardware is ...` (`Tunnel`, `CSR vNIC`...).
    pub hardware: Option<String>,
    /// MAC address.
    pub mac_address: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// IPv4 address.
    pub ip_address: Option<String>,
    /// IPv4 prefix length.
    pub prefix_length: Option<u8>,
    /// `Interface is unnumbered. Using address of X`.
    pub unnumbered: Option<String>,
    /// Interface MTU in bytes.
    pub mtu: Option<u32>,
    /// Bandwidth, kbit/s.
    pub bandwidth_kbps: Option<u64>,
    /// Delay, microseconds.
    pub delay_usec: Option<u64>,
    /// Reliability `n/255`.
    pub reliability: Option<String>,
    /// Encapsulation.
    pub encapsulation: Option<String>,
    /// Keepalive configured (`Keepalive set`) or not (`Keepalive not set`).
    pub keepalive_set: Option<bool>,
    /// Keepalive period, seconds.
    pub keepalive_secs: Option<u32>,
    /// Keepalive retries.
    pub keepalive_retries: Option<u32>,
    /// Tunnel details (Tunnel interfaces only).
    pub tunnel: Option<TunnelInfo>,
    /// `Last input` (time since, or `never`).
    pub last_input: Option<String>,
    /// `output` (time since last output).
    pub last_output: Option<String>,
    /// `output hang`.
    pub output_hang: Option<String>,
    /// When counters were last cleared.
    pub last_clearing: Option<String>,
    /// Input queue size.
    pub input_queue_size: Option<u64>,
    /// Input queue maximum.
    pub input_queue_max: Option<u64>,
    /// Input queue drops.
    pub input_queue_drops: Option<u64>,
    /// Input queue flushes.
    pub input_queue_flushes: Option<u64>,
    /// Total output drops.
    pub total_output_drops: Option<u64>,
    /// Rate interval, seconds (`5 minute` → 300).
    pub rate_interval_secs: Option<u64>,
    /// Input rate, bits/s.
    pub input_rate_bps: Option<u64>,
    /// Input rate, packets/s.
    pub input_rate_pps: Option<u64>,
    /// Output rate, bits/s.
    pub output_rate_bps: Option<u64>,
    /// Output rate, packets/s.
    pub output_rate_pps: Option<u64>,
    /// Packet and error counters.
    pub counters: InterfaceCounters,
    /// Source lines.
    pub lines: LineSpan,
}

/// The tunnel block of a `Tunnel` interface.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TunnelInfo {
    /// Tunnel source address.
    pub source: Option<String>,
    /// Interface named as the source.
    pub source_interface: Option<String>,
    /// Tunnel destination.
    pub destination: Option<String>,
    /// `Tunnel protocol/transport` (`GRE/IP`, `IPSEC/IP`).
    pub protocol_transport: Option<String>,
    /// Line-state evaluation text (`up`, `down - no output interface`).
    pub linestate_evaluation: Option<String>,
    /// Tunnel TTL.
    pub ttl: Option<u32>,
    /// Tunnel transport MTU, bytes.
    pub transport_mtu: Option<u32>,
    /// IPsec profile protecting the tunnel.
    pub protection_profile: Option<String>,
    /// Transmit bandwidth, kbit/s.
    pub transmit_bandwidth_kbps: Option<u64>,
    /// Receive bandwidth, kbit/s.
    pub receive_bandwidth_kbps: Option<u64>,
    /// Source lines.
    pub lines: LineSpan,
}

/// Packet and error counters.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct InterfaceCounters {
    /// Packets in.
    pub packets_input: Option<u64>,
    /// Bytes in.
    pub bytes_input: Option<u64>,
    /// No-buffer drops.
    pub no_buffer: Option<u64>,
    /// Broadcasts received.
    pub broadcasts_received: Option<u64>,
    /// Runts.
    pub runts: Option<u64>,
    /// Giants.
    pub giants: Option<u64>,
    /// Throttles.
    pub throttles: Option<u64>,
    /// Input errors.
    pub input_errors: Option<u64>,
    /// CRC errors.
    pub crc: Option<u64>,
    /// Frame errors.
    pub frame: Option<u64>,
    /// Overruns.
    pub overrun: Option<u64>,
    /// Ignored.
    pub ignored: Option<u64>,
    /// Aborts.
    pub abort: Option<u64>,
    /// Packets out.
    pub packets_output: Option<u64>,
    /// Bytes out.
    pub bytes_output: Option<u64>,
    /// Underruns.
    pub underruns: Option<u64>,
    /// Output errors.
    pub output_errors: Option<u64>,
    /// Collisions.
    pub collisions: Option<u64>,
    /// Interface resets.
    pub interface_resets: Option<u64>,
    /// Unknown protocol drops.
    pub unknown_protocol_drops: Option<u64>,
    /// Output buffer failures.
    pub output_buffer_failures: Option<u64>,
    /// Counters this version does not name, as `(label, value)`.
    pub other: Vec<(String, u64)>,
}

/// Cheap check.
pub fn detect(lines: &[Line<'_>]) -> Option<Confidence> {
    lines
        .iter()
        .filter_map(|l| {
            let t = l.text.trim_start();
            if header(l.text).is_some() {
                Some(0.8)
            } else if t.starts_with("Hardware is ")
                || t.starts_with("Tunnel protocol/transport")
                || (t.starts_with("Tunnel source ") && !t.contains(';'))
                || (t.starts_with("MTU ") && t.contains(" bytes, BW "))
            {
                Some(0.75)
            } else if t.contains("packets input,")
                || t.contains("input errors,")
                || t.starts_with("Input queue:")
            {
                Some(0.55)
            } else {
                None
            }
        })
        .reduce(Confidence::max)
}

/// `Tunnel0 is up, line protocol is up (connected)` → (name, status, protocol, note).
fn header(t: &str) -> Option<(&str, &str, &str, Option<&str>)> {
    if t.starts_with(char::is_whitespace) {
        return None;
    }
    let (name, rest) = t.split_once(" is ")?;
    if name.contains(' ') {
        return None;
    }
    let (status, proto) = rest.split_once(", line protocol is ")?;
    let proto = proto.trim();
    let (proto, note) = match proto.split_once(' ') {
        Some((p, n)) => (p, Some(n.trim()).filter(|s| !s.is_empty())),
        None => (proto, None),
    };
    Some((name, status.trim(), proto, note))
}

/// Parses the output.
pub fn parse(lines: &[Line<'_>]) -> ParseResult<Vec<Interface>> {
    if lines.iter().all(common::is_blank) {
        return Err(ParseError::Empty);
    }
    let mut out: Vec<Interface> = Vec::new();
    let mut skipped = Vec::new();
    let mut understood = 0usize;
    for line in lines {
        let t = line.text.trim();
        if t.is_empty() {
            continue;
        }
        if let Some((name, status, proto, note)) = header(line.text) {
            out.push(Interface {
                name: name.to_owned(),
                status: status.to_owned(),
                line_protocol: proto.to_owned(),
                line_protocol_note: note.map(str::to_owned),
                lines: LineSpan::line(line.no),
                ..Interface::default()
            });
            understood += 1;
            continue;
        }
        let Some(ifc) = out.last_mut() else {
            skipped.push(line.no);
            continue;
        };
        if body_line(ifc, line.no, t) {
            ifc.lines = ifc.lines.join(LineSpan::line(line.no));
            understood += 1;
        } else {
            skipped.push(line.no);
        }
    }
    if understood == 0 {
        return Err(ParseError::Syntax {
            line: skipped.first().copied().unwrap_or(0),
            message: "no `<name> is <status>, line protocol is <state>` line".to_owned(),
        });
    }
    // The counters end every interface; an interface without them was cut off (or the
    // output was filtered, which is indistinguishable).
    let truncated = out
        .last()
        .is_some_and(|i| i.counters.packets_input.is_none() && i.mtu.is_none());
    let mut p = Parsed::new(out);
    p.truncated = truncated;
    p.skipped = common::spans(skipped);
    Ok(p)
}

fn body_line(ifc: &mut Interface, no: u32, t: &str) -> bool {
    if let Some(v) = t.strip_prefix("Hardware is ") {
        let (hw, mac) = v.split_once(", address is ").unwrap_or((v, ""));
        ifc.hardware = Some(hw.trim().to_owned());
        ifc.mac_address = mac.split_whitespace().next().map(str::to_owned);
    } else if let Some(v) = t.strip_prefix("Description:") {
        ifc.description = Some(v.trim().to_owned());
    } else if let Some(v) = t.strip_prefix("Internet address is ") {
        let (a, p) = v.trim().split_once('/').unwrap_or((v.trim(), ""));
        ifc.ip_address = Some(a.to_owned());
        ifc.prefix_length = common::parse_num(p);
    } else if let Some(v) = t.strip_prefix("Interface is unnumbered. Using address of ") {
        ifc.unnumbered = Some(v.trim().to_owned());
    } else if t.starts_with("MTU ") {
        ifc.mtu = common::word_after(t, "MTU").and_then(common::parse_num);
        ifc.bandwidth_kbps = common::word_after(t, "BW").and_then(common::parse_num);
        ifc.delay_usec = common::word_after(t, "DLY").and_then(common::parse_num);
    } else if t.starts_with("reliability ") {
        ifc.reliability = common::value_after(t, "reliability").map(str::to_owned);
    } else if let Some(v) = t.strip_prefix("Encapsulation ") {
        ifc.encapsulation = v.split(',').next().map(|s| s.trim().to_owned());
    } else if t.starts_with("Keepalive not set") {
        ifc.keepalive_set = Some(false);
    } else if t.starts_with("Keepalive set") {
        ifc.keepalive_set = Some(true);
        ifc.keepalive_secs = t
            .split_once('(')
            .and_then(|(_, r)| r.split_whitespace().next())
            .and_then(common::parse_num);
        ifc.keepalive_retries = common::word_after(t, "retries").and_then(common::parse_num);
    } else if t.starts_with("Tunnel ") || t.starts_with("Key ") || t.starts_with("Checksumming") {
        tunnel_line(ifc.tunnel.get_or_insert_with(TunnelInfo::default), no, t);
    } else if t.starts_with("Last input") {
        ifc.last_input = common::value_after(t, "Last input").map(str::to_owned);
        ifc.last_output = common::value_after(t, ", output").map(str::to_owned);
        ifc.output_hang = common::value_after(t, "output hang").map(str::to_owned);
    } else if let Some(v) = t.strip_prefix("Last clearing of \"show interface\" counters") {
        ifc.last_clearing = Some(v.trim().to_owned());
    } else if let Some(v) = t.strip_prefix("Input queue:") {
        let nums: Vec<Option<u64>> = v
            .split_whitespace()
            .next()
            .unwrap_or("")
            .split('/')
            .map(common::parse_counter)
            .collect();
        let mut it = nums.into_iter();
        ifc.input_queue_size = it.next().flatten();
        ifc.input_queue_max = it.next().flatten();
        ifc.input_queue_drops = it.next().flatten();
        ifc.input_queue_flushes = it.next().flatten();
        ifc.total_output_drops =
            common::value_after(t, "Total output drops:").and_then(common::parse_counter);
    } else if t.contains(" input rate ") || t.contains(" output rate ") {
        rate_line(ifc, t);
    } else if t.starts_with("Received ") && t.contains("broadcasts") {
        ifc.counters.broadcasts_received =
            common::word_after(t, "Received").and_then(common::parse_counter);
    } else if t.starts_with(|c: char| c.is_ascii_digit()) {
        return counter_line(&mut ifc.counters, t);
    } else {
        return is_known(t);
    }
    true
}

fn tunnel_line(tun: &mut TunnelInfo, no: u32, t: &str) {
    tun.lines = if tun.lines.start == 0 {
        LineSpan::line(no)
    } else {
        tun.lines.join(LineSpan::line(no))
    };
    if let Some(v) = t.strip_prefix("Tunnel source ") {
        let (src, dst) = v.split_once(", destination ").unwrap_or((v, ""));
        let mut parts = src.split_whitespace();
        let first = parts.next().unwrap_or("");
        if common::is_addr(first) {
            tun.source = Some(first.to_owned());
            tun.source_interface = parts.next().map(|s| s.trim_matches(['(', ')']).to_owned());
        } else if first == "UNKNOWN" {
            // IOS prints this when the source interface has no usable address.
            tun.source = Some(first.to_owned());
        } else if !first.is_empty() {
            tun.source_interface = Some(first.to_owned());
        }
        tun.destination = dst.split_whitespace().next().map(str::to_owned);
    } else if let Some(v) = t.strip_prefix("Tunnel protocol/transport ") {
        tun.protocol_transport = v.split(',').next().map(|s| s.trim().to_owned());
    } else if let Some(v) = t.strip_prefix("Tunnel linestate evaluation ") {
        tun.linestate_evaluation = Some(v.trim().to_owned());
    } else if t.starts_with("Tunnel TTL") {
        tun.ttl = common::word_after(t, "Tunnel TTL").and_then(common::parse_num);
    } else if t.starts_with("Tunnel transport MTU") {
        tun.transport_mtu =
            common::word_after(t, "Tunnel transport MTU").and_then(common::parse_num);
    } else if t.starts_with("Tunnel protection via IPSec") {
        tun.protection_profile = t
            .split_once("profile")
            .map(|(_, p)| p.trim().trim_matches(['"', ')', '(', ' ']).to_owned());
    } else if t.starts_with("Tunnel transmit bandwidth") {
        tun.transmit_bandwidth_kbps =
            common::word_after(t, "bandwidth").and_then(common::parse_num);
    } else if t.starts_with("Tunnel receive bandwidth") {
        tun.receive_bandwidth_kbps = common::word_after(t, "bandwidth").and_then(common::parse_num);
    }
}

/// `5 minute input rate 1000 bits/sec, 2 packets/sec`
fn rate_line(ifc: &mut Interface, t: &str) {
    let mut w = t.split_whitespace();
    let n: Option<u64> = w.next().and_then(common::parse_num);
    let unit = w.next().unwrap_or("");
    ifc.rate_interval_secs = n.map(|n| {
        if unit.starts_with("minute") {
            n * 60
        } else {
            n
        }
    });
    let bps = common::word_after(t, " rate ").and_then(common::parse_counter);
    let pps = t
        .split_once("bits/sec,")
        .and_then(|(_, r)| r.split_whitespace().next())
        .and_then(common::parse_counter);
    if t.contains(" input rate ") {
        (ifc.input_rate_bps, ifc.input_rate_pps) = (bps, pps);
    } else {
        (ifc.output_rate_bps, ifc.output_rate_pps) = (bps, pps);
    }
}

/// `0 input errors, 0 CRC, 0 frame, 0 overrun, 0 ignored, 0 abort`
fn counter_line(c: &mut InterfaceCounters, t: &str) -> bool {
    let mut any = false;
    for piece in t.split(", ") {
        let piece = piece.trim().trim_end_matches(',');
        let Some((num, label)) = piece.split_once(' ') else {
            continue;
        };
        let Some(n) = common::parse_counter(num) else {
            continue;
        };
        any = true;
        let label = label.trim();
        // `packets input, 123 bytes` spreads one fact over two pieces.
        let slot = match label {
            "packets input" => &mut c.packets_input,
            "bytes" if c.bytes_input.is_none() && c.packets_output.is_none() => &mut c.bytes_input,
            "bytes" | "bytes output" => &mut c.bytes_output,
            "no buffer" => &mut c.no_buffer,
            "runts" => &mut c.runts,
            "giants" => &mut c.giants,
            "throttles" => &mut c.throttles,
            "input errors" => &mut c.input_errors,
            "CRC" => &mut c.crc,
            "frame" => &mut c.frame,
            "overrun" => &mut c.overrun,
            "ignored" => &mut c.ignored,
            "abort" => &mut c.abort,
            "packets output" => &mut c.packets_output,
            "underruns" => &mut c.underruns,
            "output errors" => &mut c.output_errors,
            "collisions" => &mut c.collisions,
            "interface resets" => &mut c.interface_resets,
            "unknown protocol drops" => &mut c.unknown_protocol_drops,
            "output buffer failures" => &mut c.output_buffer_failures,
            _ => {
                c.other.push((label.to_owned(), n));
                continue;
            }
        };
        *slot = Some(n);
    }
    any
}

/// Lines seen in real output that carry nothing the rules use.
fn is_known(t: &str) -> bool {
    const KNOWN: &[&str] = &[
        "Queueing strategy",
        "Output queue",
        "ARP type",
        "Full Duplex",
        "Half Duplex",
        "Auto Duplex",
        "Full-duplex",
        "Half-duplex",
        "Auto-duplex",
        "output flow-control",
        "input flow-control",
        "Output ",
        "Fast tunneling",
        "Internet protocol processing disabled",
        "Media-type",
        "Carrier delay",
        "Last link flapped",
        "Listen on",
        "Interface",
        "Conversations",
        "Reserved Conversations",
        "Available Bandwidth",
        "Path MTU Discovery",
        "Tunnel Subblocks",
        "src-track",
        "Members in this channel",
        "Port-channel",
        "No. of active members",
        "Keepalive",
        "loopback",
        "Encapsulation",
        "Time to",
        "Link type",
        "Docsis",
        "Internet address will be negotiated",
    ];
    KNOWN.iter().any(|k| t.starts_with(k))
        || t.starts_with("Set of tunnels with source")
        || t.contains("source tracking subblock")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<Line<'_>> {
        text.lines()
            .zip(1u32..)
            .map(|(text, no)| Line { no, text })
            .collect()
    }

    #[test]
    fn tunnel_interface() {
        let t = "Tunnel0 is up, line protocol is down\n  Hardware is Tunnel\n  Internet address is 10.255.0.1/30\n  MTU 17878 bytes, BW 100 Kbit/sec, DLY 50000 usec,\n  Keepalive set (10 sec), retries 3\n  Tunnel source 192.0.2.1 (GigabitEthernet1), destination 198.51.100.7\n  Tunnel protocol/transport GRE/IP\n  Tunnel transport MTU 1476 bytes\n  Tunnel protection via IPSec (profile \"VTI\")\n  Input queue: 0/375/3/0 (size/max/drops/flushes); Total output drops: 12\n     10 packets input, 1,200 bytes, 0 no buffer\n     2 input errors, 0 CRC, 0 frame, 0 overrun, 0 ignored, 0 abort\n     7 packets output, 900 bytes, 0 underruns\n";
        let p = parse(&lines(t)).unwrap();
        assert!(p.skipped.is_empty(), "{:?}", p.skipped);
        let i = p.records.first().unwrap();
        assert_eq!(i.line_protocol, "down");
        assert_eq!(i.prefix_length, Some(30));
        assert_eq!(i.keepalive_secs, Some(10));
        assert_eq!(i.keepalive_retries, Some(3));
        let tun = i.tunnel.as_ref().unwrap();
        assert_eq!(tun.source.as_deref(), Some("192.0.2.1"));
        assert_eq!(tun.source_interface.as_deref(), Some("GigabitEthernet1"));
        assert_eq!(tun.destination.as_deref(), Some("198.51.100.7"));
        assert_eq!(tun.transport_mtu, Some(1476));
        assert_eq!(tun.protection_profile.as_deref(), Some("VTI"));
        assert_eq!(i.input_queue_drops, Some(3));
        assert_eq!(i.total_output_drops, Some(12));
        assert_eq!(i.counters.bytes_input, Some(1200));
        assert_eq!(i.counters.bytes_output, Some(900));
        assert_eq!(i.counters.input_errors, Some(2));
    }

    #[test]
    fn header_forms() {
        assert_eq!(
            header("GigabitEthernet0/1 is administratively down, line protocol is down "),
            Some(("GigabitEthernet0/1", "administratively down", "down", None))
        );
        assert_eq!(header("  Tunnel0 is up, line protocol is up"), None);
    }
}
