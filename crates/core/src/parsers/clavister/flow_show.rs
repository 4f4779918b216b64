//! `clavister.flow_show`: Clavister cOS Stream `flow -show` and `flow -show -verbose`
//! (cOS Stream 3.x–4.x), the connection/flow table.
//!
//! ```text
//! Proto   Source                        Destination                   Timeout
//! ------- ----------------------------- ----------------------------- -------
//! ESP     core:192.0.2.1                ext:198.51.100.2:0x757d8003   125
//! ...rev: core(0):192.0.2.1             ext:198.51.100.2:0x757d8003   126
//! UDP     core:192.0.2.1:500            ext:198.51.100.2:500          113
//! ```
//!
//! Endpoints are `interface[(index)]:address[:port]`. For ESP the destination "port" is the
//! SPI in hexadecimal (the cOS documentation's caution), kept as `spi`. `...rev:` lines
//! (verbose) are the reverse direction of the flow above them.

use serde::{Deserialize, Serialize};

use super::super::common::{open_enum, spans};
use super::super::fields::{is_dash_rule, is_prompt_line, spi_hex, split_host_port, uint};
use super::super::{Confidence, Line, ParseError, ParseResult, Parsed};
use crate::LineSpan;

open_enum! {
    /// Flow protocol.
    pub enum FlowProto {
        /// IPsec ESP (one flow per SPI).
        Esp => "ESP",
        /// UDP.
        Udp => "UDP",
        /// TCP.
        Tcp => "TCP",
        /// ICMP.
        Icmp => "ICMP",
        /// ICMPv6.
        Icmp6 => "ICMP6" | "ICMPv6",
        /// GRE.
        Gre => "GRE",
        /// IPsec AH.
        Ah => "AH",
        /// SCTP.
        Sctp => "SCTP",
    }
}

/// One side of a flow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlowEndpoint {
    /// Interface name (`core`, `ext`, `ipsec-1`).
    pub interface: String,
    /// Interface index shown by `-verbose` (`core(0)`).
    pub interface_index: Option<u32>,
    /// Address.
    pub address: String,
    /// Port (or ICMP id/type), when printed in decimal.
    pub port: Option<u32>,
    /// ESP SPI in lower-case hex without `0x`, when printed.
    pub spi: Option<String>,
}

/// The reverse direction (`...rev:` line).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReverseFlow {
    /// Source as printed (note: source and destination are shown reversed).
    pub source: FlowEndpoint,
    /// Destination as printed.
    pub destination: FlowEndpoint,
    /// Idle timeout in seconds.
    pub timeout_s: Option<u32>,
    /// The line.
    pub lines: LineSpan,
}

/// One flow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Flow {
    /// Protocol.
    pub proto: FlowProto,
    /// Source endpoint.
    pub source: FlowEndpoint,
    /// Destination endpoint.
    pub destination: FlowEndpoint,
    /// Idle timeout in seconds.
    pub timeout_s: Option<u32>,
    /// The reverse flow (`-verbose`).
    pub reverse: Option<ReverseFlow>,
    /// Lines (flow and its `...rev:` line).
    pub lines: LineSpan,
}

/// Cheap check: the `Proto Source Destination Timeout` header or flow rows with
/// `iface:address` endpoints.
pub fn detect(lines: &[Line<'_>]) -> Option<Confidence> {
    let mut rows = 0usize;
    for l in lines {
        let t = l.text.trim();
        let mut w = t.split_whitespace();
        if w.next() == Some("Proto")
            && w.next() == Some("Source")
            && w.next() == Some("Destination")
            && w.next() == Some("Timeout")
        {
            return Some(0.95);
        }
        if t.starts_with("...rev:") || row(t, 0).is_some() {
            rows += 1;
        }
    }
    (rows >= 1).then_some(0.7)
}

/// Parses the flow table.
pub fn parse(lines: &[Line<'_>]) -> ParseResult<Vec<Flow>> {
    let first = lines
        .iter()
        .find(|l| !l.text.trim().is_empty())
        .ok_or(ParseError::Empty)?;
    let mut flows: Vec<Flow> = Vec::new();
    let mut skipped = Vec::new();
    let mut header = false;
    let mut truncated = false;
    for line in lines {
        let t = line.text.trim();
        if t.is_empty() || is_prompt_line(line.text) {
            continue;
        }
        if t.starts_with("Proto ") && t.contains("Destination") {
            header = true;
            continue;
        }
        if is_dash_rule(t) {
            continue;
        }
        if let Some(rest) = t.strip_prefix("...rev:") {
            let parsed = flows
                .last()
                .map(|f| f.proto == FlowProto::Esp)
                .and_then(|esp| endpoints(rest, esp, line.no));
            match (parsed, flows.last_mut()) {
                (Some((rev, complete)), Some(f)) => {
                    truncated |= !complete;
                    f.lines.end = line.no;
                    f.reverse = Some(rev);
                }
                _ => skipped.push(line.no),
            }
            continue;
        }
        match row(t, line.no) {
            Some((flow, complete)) => {
                truncated |= !complete;
                flows.push(flow);
            }
            None => skipped.push(line.no),
        }
    }
    if flows.is_empty() && !header {
        return Err(ParseError::Syntax {
            line: first.no,
            message: "expected the `Proto Source Destination Timeout` flow table".into(),
        });
    }
    let mut out = Parsed::new(flows);
    out.truncated = truncated;
    out.skipped = spans(skipped);
    Ok(out)
}

/// `PROTO src dst timeout`; the flag is false when the timeout is missing.
fn row(t: &str, no: u32) -> Option<(Flow, bool)> {
    let (proto, rest) = t.split_once(char::is_whitespace)?;
    if !proto.chars().all(|c| c.is_ascii_alphanumeric())
        || !proto.chars().any(|c| c.is_ascii_uppercase())
    {
        return None;
    }
    let proto = FlowProto::parse(proto);
    let esp = proto == FlowProto::Esp;
    let (rev, complete) = endpoints(rest, esp, no)?;
    Some((
        Flow {
            proto,
            source: rev.source,
            destination: rev.destination,
            timeout_s: rev.timeout_s,
            reverse: None,
            lines: LineSpan::line(no),
        },
        complete,
    ))
}

/// `src dst [timeout]` → endpoints; the flag is false when the timeout is missing.
fn endpoints(rest: &str, esp: bool, no: u32) -> Option<(ReverseFlow, bool)> {
    let mut words = rest.split_whitespace();
    let source = endpoint(words.next()?, esp, true)?;
    let destination = endpoint(words.next()?, esp, false)?;
    let timeout_s = words.next().and_then(uint);
    Some((
        ReverseFlow {
            source,
            destination,
            timeout_s,
            lines: LineSpan::line(no),
        },
        timeout_s.is_some(),
    ))
}

/// `core(0):192.0.2.1`, `ext:198.51.100.2:0x757d8003`, `ipsec-1:10.100.1.9:2048`.
fn endpoint(s: &str, esp: bool, is_source: bool) -> Option<FlowEndpoint> {
    let (iface, rest) = s.split_once(':')?;
    let (name, index) = match iface.split_once('(') {
        Some((n, i)) => (n, uint(i.trim_end_matches(')'))),
        None => (iface, None),
    };
    if name.is_empty() || rest.is_empty() {
        return None;
    }
    // An ESP source has no port, and a bare IPv6 address must not lose its last group.
    let (address, tail) = if esp && is_source {
        (rest, None)
    } else {
        split_host_port(rest)
    };
    if !address.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let (port, spi) = match tail {
        Some(p) if p.starts_with("0x") || p.starts_with("0X") => (None, spi_hex(p)),
        Some(p) => (uint(p), None),
        None => (None, None),
    };
    Some(FlowEndpoint {
        interface: name.to_owned(),
        interface_index: index,
        address: address.to_owned(),
        port,
        spi,
    })
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
    fn esp_spi_and_reverse() {
        let t = "Proto   Source                        Destination                   Timeout\n\
                 ------- ----------------------------- ----------------------------- -------\n\
                 ESP     core(0):192.0.2.1             ext:198.51.100.2:0x757D8003   126\n\
                 ...rev: core(0):192.0.2.1             ext:198.51.100.2:0x757d8003   126\n\
                 UDP     core:192.0.2.1:500            ext:198.51.100.2:500          113\n";
        let l = lines(t);
        assert_eq!(detect(&l), Some(0.95));
        let p = parse(&l).unwrap();
        assert_eq!(p.records.len(), 2);
        let esp = &p.records[0];
        assert_eq!(esp.proto, FlowProto::Esp);
        assert_eq!(esp.source.interface_index, Some(0));
        assert_eq!(esp.destination.spi.as_deref(), Some("757d8003"));
        assert_eq!(esp.destination.port, None);
        assert!(esp.reverse.is_some());
        assert_eq!(esp.lines, LineSpan::new(3, 4));
        assert_eq!(p.records[1].source.port, Some(500));
    }

    #[test]
    fn ipv6_esp_source_keeps_address() {
        let p = parse(&lines(
            "ESP core:2001:db8:1::1 ext:2001:db8:2::2:0x42c5fd04 75",
        ))
        .unwrap();
        assert_eq!(p.records[0].source.address, "2001:db8:1::1");
        assert_eq!(p.records[0].destination.address, "2001:db8:2::2");
    }

    #[test]
    fn garbage() {
        assert!(parse(&lines("nothing here")).is_err());
        let p = parse(&lines("Proto Source Destination Timeout\nXYZ nothing here")).unwrap();
        assert_eq!(p.skipped, vec![LineSpan::line(2)]);
    }
}
