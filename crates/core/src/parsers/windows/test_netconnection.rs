//! `windows.test_netconnection`: PowerShell `Test-NetConnection` (alias `tnc`) results,
//! Windows PowerShell 5.1 and PowerShell 7 on Windows 10/11 and Server 2016 to 2025.
//!
//! Command: `Test-NetConnection HOST [-Port N] [-InformationLevel Detailed] [-TraceRoute]`.
//! The `WARNING:` lines printed before the object are kept with the result they precede.
//!
//! ```text
//! WARNING: TCP connect to (198.51.100.10 : 10938) failed
//! ComputerName     : 198.51.100.10
//! RemoteAddress    : 198.51.100.10
//! RemotePort       : 10938
//! InterfaceAlias   : Ethernet
//! SourceAddress    : 192.168.1.20
//! TcpTestSucceeded : False
//! ```
//!
//! A failed ping prints `PingReplyDetails (RTT) : 0 ms`; that 0 is not a measurement and is
//! reported as `null`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::super::common::spans;
use super::super::fields::{classify_enum, contains_ci, ms_value, uint};
use super::super::split;
use super::super::{Confidence, Line, ParseError, ParseResult, Parsed};
use crate::LineSpan;

classify_enum! {
    /// What a `WARNING:` line says.
    pub enum TncWarningKind {
        /// `TCP connect to (ADDR : PORT) failed`.
        TcpConnectFailed = ["TCP connect to"],
        /// `Ping to ADDR failed with status: TimedOut`.
        PingFailed = ["Ping to"],
        /// `Name resolution of NAME failed`.
        NameResolutionFailed = ["Name resolution of"],
        /// `Trace route to destination ... did not complete`.
        TraceRouteIncomplete = ["Trace route"],
    }
}

/// A `WARNING:` line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TncWarning {
    /// The classified warning.
    pub kind: TncWarningKind,
    /// The text after `WARNING:`.
    pub text: String,
    /// The status word of a failed ping (`TimedOut`, `DestinationHostUnreachable`).
    pub status: Option<String>,
    /// The line.
    pub lines: LineSpan,
}

/// One `Test-NetConnection` result object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TncResult {
    /// `ComputerName`.
    pub computer_name: Option<String>,
    /// `RemoteAddress` (`None` when name resolution failed).
    pub remote_address: Option<String>,
    /// `RemotePort`, for TCP tests.
    pub remote_port: Option<u16>,
    /// `InterfaceAlias`.
    pub interface_alias: Option<String>,
    /// `SourceAddress`.
    pub source_address: Option<String>,
    /// `NetRoute (NextHop)` (detailed level).
    pub next_hop: Option<String>,
    /// `PingSucceeded`.
    pub ping_succeeded: Option<bool>,
    /// `PingReplyDetails (RTT)` in ms (`None` when the ping failed).
    pub ping_rtt_ms: Option<f64>,
    /// `TcpTestSucceeded`.
    pub tcp_test_succeeded: Option<bool>,
    /// `NameResolutionResults` (one or more addresses).
    pub name_resolution_results: Vec<String>,
    /// `TraceRoute` hops (`0.0.0.0` is a hop that did not answer).
    pub trace_route: Vec<String>,
    /// `WARNING:` lines printed with this result.
    pub warnings: Vec<TncWarning>,
    /// Other properties as printed (`IsAdmin`, `NetworkIsolationContext`...).
    pub other: BTreeMap<String, String>,
    /// Lines of the result.
    pub lines: LineSpan,
}

/// Cheap check: `ComputerName :` with `RemoteAddress :`, or `WARNING: TCP connect to`.
pub fn detect(lines: &[Line<'_>]) -> Option<Confidence> {
    let mut computer = false;
    let mut props = 0usize;
    let mut warning = false;
    for l in lines {
        let t = l.text.trim_start();
        let key = t.split(':').next().unwrap_or("").trim();
        match key {
            "ComputerName" => computer = true,
            "RemoteAddress"
            | "TcpTestSucceeded"
            | "PingSucceeded"
            | "InterfaceAlias"
            | "SourceAddress"
            | "RemotePort"
            | "PingReplyDetails (RTT)" => props += 1,
            _ => {}
        }
        if t.starts_with("WARNING: TCP connect to (")
            || (t.starts_with("WARNING: Ping to ") && t.contains("failed with status"))
            || (t.starts_with("WARNING: Name resolution of ") && t.ends_with("failed"))
        {
            warning = true;
        }
    }
    if computer && props >= 1 {
        Some(0.95)
    } else if props >= 2 {
        Some(0.8)
    } else if warning {
        Some(0.7)
    } else {
        None
    }
}

/// Parses every result object of a block.
pub fn parse(lines: &[Line<'_>]) -> ParseResult<Vec<TncResult>> {
    let first = lines
        .iter()
        .find(|l| !l.text.trim().is_empty())
        .ok_or(ParseError::Empty)?;
    let mut results: Vec<TncResult> = Vec::new();
    let mut pending_warnings: Vec<TncWarning> = Vec::new();
    let mut pending_start: Option<u32> = None;
    let mut cur: Option<TncResult> = None;
    // Which list property a continuation line belongs to.
    let mut list_key: Option<&'static str> = None;
    let mut skipped = Vec::new();
    let mut last_no = first.no;

    for line in lines {
        let raw = line.text;
        let text = raw.trim();
        if text.is_empty() {
            list_key = None;
            continue;
        }
        if split::prompt(raw).is_some() {
            // A new command: the next object is a new result.
            if let Some(r) = cur.take() {
                results.push(r);
            }
            pending_start = Some(line.no);
            list_key = None;
            continue;
        }
        if let Some(w) = text.strip_prefix("WARNING:") {
            if let Some(r) = cur.take() {
                results.push(r);
            }
            pending_start.get_or_insert(line.no);
            pending_warnings.push(warning(w.trim(), line.no));
            list_key = None;
            continue;
        }
        let starts_continuation =
            raw.starts_with(' ') && !text.contains(" : ") && !text.ends_with(" :");
        if starts_continuation && let (Some(key), Some(r)) = (list_key, cur.as_mut()) {
            match key {
                "NameResolutionResults" => r.name_resolution_results.push(text.to_owned()),
                _ => r.trace_route.push(text.to_owned()),
            }
            r.lines.end = line.no;
            last_no = line.no;
            continue;
        }
        let Some((key, value)) = property(text) else {
            skipped.push(line.no);
            continue;
        };
        if key == "ComputerName" || cur.is_none() {
            if let Some(r) = cur.take() {
                results.push(r);
            }
            let start = pending_start.take().unwrap_or(line.no);
            let mut r = empty_result(start.min(line.no));
            r.warnings = std::mem::take(&mut pending_warnings);
            cur = Some(r);
        }
        let Some(r) = cur.as_mut() else { continue };
        r.lines.end = line.no;
        last_no = line.no;
        list_key = None;
        let v = (!value.is_empty()).then(|| value.to_owned());
        match key {
            "ComputerName" => r.computer_name = v,
            "RemoteAddress" => r.remote_address = v,
            "RemotePort" => r.remote_port = v.as_deref().and_then(uint),
            "InterfaceAlias" => r.interface_alias = v,
            "SourceAddress" => r.source_address = v,
            "NetRoute (NextHop)" => r.next_hop = v,
            "PingSucceeded" => r.ping_succeeded = boolean(value),
            "PingReplyDetails (RTT)" => r.ping_rtt_ms = ms_value(value).map(|(t, _)| t),
            "TcpTestSucceeded" => r.tcp_test_succeeded = boolean(value),
            "NameResolutionResults" => {
                r.name_resolution_results.extend(v);
                list_key = Some("NameResolutionResults");
            }
            "TraceRoute" => {
                r.trace_route.extend(v);
                list_key = Some("TraceRoute");
            }
            _ => {
                r.other.insert(key.to_owned(), value.to_owned());
            }
        }
    }
    if let Some(r) = cur.take() {
        results.push(r);
    }
    if !pending_warnings.is_empty() {
        // Warnings without a result object after them (the paste was cut).
        let start = pending_warnings.first().map_or(last_no, |w| w.lines.start);
        let mut r = empty_result(start);
        r.lines.end = pending_warnings.last().map_or(start, |w| w.lines.end);
        r.warnings = pending_warnings;
        results.push(r);
    }
    // Objects with none of Test-NetConnection's own properties are some other listing.
    let (keep, drop): (Vec<TncResult>, Vec<TncResult>) = results.into_iter().partition(|r| {
        r.computer_name.is_some()
            || r.remote_address.is_some()
            || r.tcp_test_succeeded.is_some()
            || r.ping_succeeded.is_some()
            || !r.warnings.is_empty()
    });
    let mut results = keep;
    skipped.extend(drop.iter().flat_map(|r| r.lines.start..=r.lines.end));
    skipped.sort_unstable();
    if results.is_empty() {
        return Err(ParseError::Syntax {
            line: first.no,
            message: "expected `Property : Value` lines of a Test-NetConnection result".into(),
        });
    }
    for r in &mut results {
        // A failed ping prints `0 ms`: not a measurement.
        if r.ping_succeeded == Some(false) {
            r.ping_rtt_ms = None;
        }
    }
    let truncated = results.last().is_some_and(|r| {
        r.computer_name.is_none() || (r.tcp_test_succeeded.is_none() && r.ping_succeeded.is_none())
    });
    let mut out = Parsed::new(results);
    out.truncated = truncated;
    out.skipped = spans(skipped);
    Ok(out)
}

fn empty_result(no: u32) -> TncResult {
    TncResult {
        computer_name: None,
        remote_address: None,
        remote_port: None,
        interface_alias: None,
        source_address: None,
        next_hop: None,
        ping_succeeded: None,
        ping_rtt_ms: None,
        tcp_test_succeeded: None,
        name_resolution_results: Vec::new(),
        trace_route: Vec::new(),
        warnings: Vec::new(),
        other: BTreeMap::new(),
        lines: LineSpan::line(no),
    }
}

/// `Key   : value` (the key may contain spaces and parentheses; the value may be empty).
fn property(text: &str) -> Option<(&str, &str)> {
    let (k, v) = text.split_once(" :").or_else(|| text.split_once(':'))?;
    let k = k.trim();
    let valid = !k.is_empty()
        && k.starts_with(|c: char| c.is_ascii_uppercase())
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || " ()".contains(c));
    valid.then(|| (k, v.trim()))
}

fn boolean(v: &str) -> Option<bool> {
    match v.trim() {
        s if s.eq_ignore_ascii_case("true") => Some(true),
        s if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

fn warning(text: &str, no: u32) -> TncWarning {
    let kind =
        TncWarningKind::find_in(text).unwrap_or_else(|| TncWarningKind::Other(text.to_owned()));
    let status = if contains_ci(text, "failed with status") {
        text.rsplit_once(':').map(|(_, s)| s.trim().to_owned())
    } else {
        None
    };
    TncWarning {
        kind,
        text: text.to_owned(),
        status,
        lines: LineSpan::line(no),
    }
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
    fn failed_tcp_with_warnings() {
        let t = "PS C:\\> Test-NetConnection 192.0.2.1 -Port 10938\n\
                 WARNING: TCP connect to (192.0.2.1 : 10938) failed\n\
                 WARNING: Ping to 192.0.2.1 failed with status: TimedOut\n\n\
                 ComputerName           : 192.0.2.1\n\
                 RemoteAddress          : 192.0.2.1\n\
                 RemotePort             : 10938\n\
                 PingSucceeded          : False\n\
                 PingReplyDetails (RTT) : 0 ms\n\
                 TcpTestSucceeded       : False\n";
        let l = lines(t);
        assert_eq!(detect(&l), Some(0.95));
        let p = parse(&l).unwrap();
        let r = &p.records[0];
        assert_eq!(r.tcp_test_succeeded, Some(false));
        assert_eq!(r.ping_rtt_ms, None);
        assert_eq!(r.warnings.len(), 2);
        assert_eq!(r.warnings[0].kind, TncWarningKind::TcpConnectFailed);
        assert_eq!(r.warnings[1].status.as_deref(), Some("TimedOut"));
        assert_eq!(r.lines, LineSpan::new(1, 10));
        assert!(!p.truncated);
    }

    #[test]
    fn continuation_lists() {
        let t = "ComputerName : x\nTraceRoute   : 192.0.2.1\n               192.0.2.2\nTcpTestSucceeded : True\n";
        let p = parse(&lines(t)).unwrap();
        assert_eq!(p.records[0].trace_route, vec!["192.0.2.1", "192.0.2.2"]);
    }

    #[test]
    fn garbage() {
        assert!(parse(&lines("hello world")).is_err());
        assert_eq!(detect(&lines("Name : x")), None);
    }
}
