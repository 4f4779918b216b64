//! `azure.ike_logs`: `IKELogs.txt` from an Azure Network Watcher VPN troubleshoot run (newer
//! gateway versions: the whole IKE activity, not only errors).
//!
//! ```text
//! Remote 198.51.100.10:500: Local 203.0.113.20:500: [RECEIVED][SA_AUTH] Received IKE AUTH message
//! Remote 198.51.100.10:500: Local 203.0.113.20:500: [RECEIVED]Received IPSec payload: Policy1:Cipher=DESIntegrity=Md5
//! IkeCleanupQMNegotiation called with error 13868 and flags a
//! Remote 198.51.100.10:500: Local 203.0.113.20:500: [SEND][NOTIFY] Sending Notify Message - Policy Mismatch
//! ```
//!
//! Lines may start with a timestamp. Traffic selector payloads (`Number of TSIs 2:
//! StartAddress ... EndAddress ...`) are read into ranges, Windows error codes are resolved,
//! and notifies are classified.

use serde::{Deserialize, Serialize};

use super::super::common::{spans, split_once_str};
use super::super::fields::{is_prompt_line, port, split_host_port, split_timestamp, uint};
use super::super::ike_problems::IkeProblem;
use super::super::{Confidence, Line, ParseError, ParseResult, Parsed};
use super::windows_ike_errors::{self, WindowsError};
use crate::LineSpan;

/// One traffic selector range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrafficSelector {
    /// First address.
    pub start_address: String,
    /// Last address.
    pub end_address: String,
    /// First port.
    pub port_start: Option<u16>,
    /// Last port.
    pub port_end: Option<u16>,
    /// IP protocol (0 = any).
    pub protocol: Option<u8>,
}

/// The traffic selectors of one TS payload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrafficSelectors {
    /// `Tsid` as printed.
    pub tsid: Option<String>,
    /// True for the gateway's final answer (`(Final Negotiated)`).
    pub final_negotiated: bool,
    /// Initiator selectors (TSi).
    pub initiator: Vec<TrafficSelector>,
    /// Responder selectors (TSr).
    pub responder: Vec<TrafficSelector>,
}

/// One line of `IKELogs.txt`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IkeLogEntry {
    /// Timestamp prefix, when present.
    pub timestamp: Option<String>,
    /// Remote (on-premises) address.
    pub remote_address: Option<String>,
    /// Remote port.
    pub remote_port: Option<u16>,
    /// Local (Azure gateway) address.
    pub local_address: Option<String>,
    /// Local port.
    pub local_port: Option<u16>,
    /// Bracketed tags (`RECEIVED`, `SA_AUTH`, `SEND`, `NOTIFY`).
    pub tags: Vec<String>,
    /// The message after the tags.
    pub message: String,
    /// A notify sent or received (`Policy Mismatch`, `AUTHENTICATION_FAILED`).
    pub notify: Option<String>,
    /// A Windows error code in the line, resolved.
    pub windows_error: Option<WindowsError>,
    /// Traffic selectors, for TS payload lines.
    pub traffic_selectors: Option<TrafficSelectors>,
    /// Problem class of an error or notify.
    pub problem: Option<IkeProblem>,
    /// The line.
    pub lines: LineSpan,
}

/// Cheap check: `Remote X: Local Y:` lines or `IkeCleanup...called with error`.
pub fn detect(lines: &[Line<'_>]) -> Option<Confidence> {
    let mut cleanup = false;
    for l in lines {
        let rest = split_timestamp(l.text).1;
        if rest.starts_with("Remote ") && rest.contains(": Local ") {
            return Some(0.9);
        }
        cleanup |= rest.starts_with("IkeCleanup") && rest.contains("called with error");
    }
    cleanup.then_some(0.7)
}

/// Parses `IKELogs.txt`.
pub fn parse(lines: &[Line<'_>]) -> ParseResult<Vec<IkeLogEntry>> {
    let first = lines
        .iter()
        .find(|l| !l.text.trim().is_empty())
        .ok_or(ParseError::Empty)?;
    // At most one entry per line: sized once (entries are large; growing copied them).
    let mut out = Vec::with_capacity(lines.len());
    let mut skipped = Vec::new();
    for line in lines {
        if line.text.trim().is_empty() || is_prompt_line(line.text) {
            continue;
        }
        match entry(line.text, line.no) {
            Some(e) => out.push(e),
            None => skipped.push(line.no),
        }
    }
    if out.is_empty() {
        return Err(ParseError::Syntax {
            line: first.no,
            message: "expected `Remote ADDR:PORT: Local ADDR:PORT: ...` IKE log lines".into(),
        });
    }
    // An unclosed tag at the end is a line cut mid-word.
    let truncated = out.last().is_some_and(|e: &IkeLogEntry| {
        e.tags.last().is_some_and(|t| t.ends_with('…')) || e.message.is_empty()
    });
    let mut p = Parsed::new(out);
    p.truncated = truncated;
    p.skipped = spans(skipped);
    Ok(p)
}

fn entry(text: &str, no: u32) -> Option<IkeLogEntry> {
    let (timestamp, rest) = split_timestamp(text);
    let mut e = IkeLogEntry {
        timestamp: timestamp.map(str::to_owned),
        remote_address: None,
        remote_port: None,
        local_address: None,
        local_port: None,
        tags: Vec::new(),
        message: String::new(),
        notify: None,
        windows_error: None,
        traffic_selectors: None,
        problem: None,
        lines: LineSpan::line(no),
    };
    let mut body = rest.trim();
    if let Some(r) = body.strip_prefix("Remote ") {
        let (remote, after) = split_once_str(r, ": Local ")?;
        let (ra, rp) = split_host_port(remote.trim());
        e.remote_address = Some(ra.to_owned());
        e.remote_port = port(rp);
        let (local, msg) = split_once_str(after, ": ").unwrap_or((after.trim_end_matches(':'), ""));
        let (la, lp) = split_host_port(local.trim());
        e.local_address = Some(la.to_owned());
        e.local_port = port(lp);
        body = msg.trim();
    } else if !(body.starts_with("Ike") || body.contains("called with error")) {
        return None;
    }
    // Leading `[TAG]` groups; an unclosed one is a cut line (marked with `…`).
    while let Some(r) = body.strip_prefix('[') {
        match r.split_once(']') {
            Some((tag, after)) => {
                e.tags.push(tag.trim().to_owned());
                body = after.trim_start();
            }
            None => {
                e.tags.push(format!("{}…", r.trim()));
                body = "";
            }
        }
    }
    e.message = body.to_owned();
    e.windows_error = windows_ike_errors::find_in(body);
    e.notify = split_once_str(body, "Notify Message - ").map(|(_, n)| n.trim().to_owned());
    if body.contains("Number of TS")
        && (body.contains("Number of TSIs") || body.contains("Number of TSRs"))
    {
        e.traffic_selectors = Some(selectors(body));
    }
    e.problem = e
        .windows_error
        .as_ref()
        .and_then(WindowsError::problem)
        .or_else(|| e.notify.as_deref().and_then(IkeProblem::find_in));
    Some(e)
}

/// Reads `[Tsid 0x729 ]Number of TSIs 2: StartAddress a EndAddress b PortStart 0 PortEnd 65535
/// Protocol 0, StartAddress ... Number of TSRs 1:StartAddress ...`.
fn selectors(body: &str) -> TrafficSelectors {
    let tsid = body
        .split_once("Tsid ")
        .and_then(|(_, r)| r.split(|c: char| c == ']' || c.is_whitespace()).next())
        .map(str::to_owned);
    let (tsi, tsr) = match body.split_once("Number of TSRs") {
        Some((i, r)) => (i, r),
        None => (body, ""),
    };
    TrafficSelectors {
        tsid,
        final_negotiated: body.contains("Final Negotiated"),
        initiator: ranges(tsi.split_once("Number of TSIs").map_or("", |(_, r)| r)),
        responder: ranges(tsr),
    }
}

fn ranges(text: &str) -> Vec<TrafficSelector> {
    text.split("StartAddress")
        .skip(1)
        .filter_map(|chunk| {
            let words: Vec<&str> = chunk
                .split(|c: char| c.is_whitespace() || c == ',' || c == ':')
                .filter(|w| !w.is_empty())
                .collect();
            let start = words.first()?;
            let after = |key: &str| {
                words
                    .iter()
                    .position(|w| *w == key)
                    .and_then(|i| words.get(i + 1))
                    .copied()
            };
            Some(TrafficSelector {
                start_address: (*start).to_owned(),
                end_address: after("EndAddress")?.to_owned(),
                port_start: after("PortStart").and_then(uint),
                port_end: after("PortEnd").and_then(uint),
                protocol: after("Protocol").and_then(uint),
            })
        })
        .collect()
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
    fn endpoints_tags_selectors_and_errors() {
        let t = "Remote 198.51.100.10:500: Local 203.0.113.20:500: [RECEIVED][SA_AUTH] Received IKE AUTH message\n\
                 Remote 198.51.100.10:500: Local 203.0.113.20:500: Received Traffic Selector payload request- [Tsid 0x729  ]Number of TSIs 2: StartAddress 10.20.0.0 EndAddress 10.20.255.255 PortStart 0 PortEnd 65535 Protocol 0, StartAddress 192.168.100.0 EndAddress 192.168.100.255 PortStart 0 PortEnd 65535 Protocol 0 Number of TSRs 1:StartAddress 0.0.0.0 EndAddress 255.255.255.255 PortStart 0 PortEnd 65535 Protocol 0\n\
                 IkeCleanupQMNegotiation called with error 13868 and flags a\n\
                 Remote 198.51.100.10:500: Local 203.0.113.20:500: [SEND][NOTIFY] Sending Notify Message - Policy Mismatch\n";
        let l = lines(t);
        assert_eq!(detect(&l), Some(0.9));
        let p = parse(&l).unwrap();
        let e = &p.records;
        assert_eq!(e[0].remote_address.as_deref(), Some("198.51.100.10"));
        assert_eq!(e[0].local_port, Some(500));
        assert_eq!(e[0].tags, vec!["RECEIVED", "SA_AUTH"]);
        let ts = e[1].traffic_selectors.as_ref().unwrap();
        assert_eq!(ts.tsid.as_deref(), Some("0x729"));
        assert_eq!(ts.initiator.len(), 2);
        assert_eq!(ts.responder.len(), 1);
        assert_eq!(ts.initiator[1].end_address, "192.168.100.255");
        assert_eq!(ts.responder[0].port_end, Some(65535));
        assert_eq!(e[2].windows_error.as_ref().map(|w| w.code), Some(13868));
        assert_eq!(e[2].problem, Some(IkeProblem::NoProposalChosen));
        assert_eq!(e[3].notify.as_deref(), Some("Policy Mismatch"));
        assert_eq!(e[3].problem, Some(IkeProblem::NoProposalChosen));
        assert!(!p.truncated);
    }

    #[test]
    fn ipv6_and_cut_tag() {
        let p = parse(&lines(
            "Remote [2001:db8::10]:500: Local [2001:db8::20]:500: [RECEIVED][SA_IN",
        ))
        .unwrap();
        assert_eq!(p.records[0].remote_address.as_deref(), Some("2001:db8::10"));
        assert!(p.truncated);
        assert!(parse(&lines("Remote control\nLocal news")).is_err());
    }
}
