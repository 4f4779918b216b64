//! `azure.connection_stats`: `ConnectionStats.txt` from an Azure Network Watcher VPN
//! troubleshoot run (the only file returned when the connection is healthy).
//!
//! ```text
//! Connectivity State : Connected
//! Remote Tunnel Endpoint :
//! Ingress Bytes (since last connected) : 288 B
//! Egress Bytes (Since last connected) : 288 B
//! Connected Since : 2/1/2017 8:22:06 PM
//! ```
//!
//! Byte counts keep the printed text and are converted with binary units (1 KB = 1024 B).
//! An empty value (`Remote Tunnel Endpoint :`) is `null`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::super::common::{open_enum, spans};
use super::super::fields::{float, is_prompt_line};
use super::super::{Confidence, Line, ParseError, ParseResult, Parsed};
use crate::LineSpan;

open_enum! {
    /// Connection state as Azure reports it.
    pub enum ConnectivityState {
        /// Tunnel up.
        Connected => "Connected",
        /// Tunnel down.
        NotConnected => "NotConnected" | "Not Connected" | "Disconnected",
        /// Negotiating.
        Connecting => "Connecting",
        /// Azure could not tell.
        Unknown => "Unknown",
    }
}

/// A byte counter as printed and converted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ByteCount {
    /// Bytes (binary units).
    pub bytes: u64,
    /// The value as printed (`1.5 MB`).
    pub text: String,
}

/// The contents of `ConnectionStats.txt`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConnectionStats {
    /// `Connectivity State`.
    pub connectivity_state: Option<ConnectivityState>,
    /// `Remote Tunnel Endpoint` (the on-premises device).
    pub remote_tunnel_endpoint: Option<String>,
    /// `Ingress Bytes (since last connected)`.
    pub ingress: Option<ByteCount>,
    /// `Egress Bytes (since last connected)`.
    pub egress: Option<ByteCount>,
    /// `Connected Since` as printed (US date format, gateway time).
    pub connected_since: Option<String>,
    /// Other `Key : value` lines.
    pub other: BTreeMap<String, String>,
    /// The lines.
    pub lines: LineSpan,
}

/// Cheap check: `Connectivity State :` or the ingress/egress byte lines.
pub fn detect(lines: &[Line<'_>]) -> Option<Confidence> {
    lines.iter().find_map(|l| {
        let t = l.text.trim_start();
        if t.starts_with("Connectivity State") && t.contains(':') {
            Some(0.95)
        } else if (t.starts_with("Ingress Bytes") || t.starts_with("Egress Bytes"))
            && t.contains("since last connected")
        {
            Some(0.9)
        } else {
            None
        }
    })
}

/// Parses `ConnectionStats.txt`.
pub fn parse(lines: &[Line<'_>]) -> ParseResult<ConnectionStats> {
    let first = lines
        .iter()
        .find(|l| !l.text.trim().is_empty())
        .ok_or(ParseError::Empty)?;
    let mut s = ConnectionStats {
        connectivity_state: None,
        remote_tunnel_endpoint: None,
        ingress: None,
        egress: None,
        connected_since: None,
        other: BTreeMap::new(),
        lines: LineSpan::line(first.no),
    };
    let mut skipped = Vec::new();
    let mut known = 0usize;
    let mut truncated = false;
    for line in lines {
        let t = line.text.trim();
        if t.is_empty() || is_prompt_line(line.text) {
            continue;
        }
        let Some((key, value)) = t.split_once(" :").or_else(|| t.split_once(':')) else {
            // The last line cut before its colon.
            truncated = true;
            continue;
        };
        let key = key.trim();
        let value = value.trim();
        let v = (!value.is_empty()).then(|| value.to_owned());
        let k = key.to_ascii_lowercase();
        if k == "connectivity state" {
            s.connectivity_state = v.as_deref().map(ConnectivityState::parse);
        } else if k == "remote tunnel endpoint" {
            s.remote_tunnel_endpoint = v;
        } else if k.starts_with("ingress bytes") {
            s.ingress = v.as_deref().and_then(byte_count);
        } else if k.starts_with("egress bytes") {
            s.egress = v.as_deref().and_then(byte_count);
        } else if k == "connected since" {
            s.connected_since = v;
        } else if key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || " ()".contains(c))
        {
            s.other.insert(key.to_owned(), value.to_owned());
            s.lines.end = line.no;
            continue;
        } else {
            skipped.push(line.no);
            continue;
        }
        known += 1;
        s.lines.end = line.no;
    }
    if known == 0 {
        return Err(ParseError::Syntax {
            line: first.no,
            message: "expected `Connectivity State : ...` and the other ConnectionStats.txt lines"
                .into(),
        });
    }
    let mut p = Parsed::new(s);
    p.truncated = truncated;
    p.skipped = spans(skipped);
    Ok(p)
}

/// Byte units Azure prints.
const UNITS: &[(&str, u64)] = &[
    ("B", 1),
    ("KB", 1 << 10),
    ("MB", 1 << 20),
    ("GB", 1 << 30),
    ("TB", 1 << 40),
];

/// `288 B`, `1.5 MB` → bytes.
fn byte_count(v: &str) -> Option<ByteCount> {
    let mut words = v.split_whitespace();
    let n = float(words.next()?)?;
    let unit = words.next().unwrap_or("B");
    let mul = UNITS
        .iter()
        .find(|(u, _)| u.eq_ignore_ascii_case(unit.trim_end_matches('s')))
        .map(|(_, m)| *m)?;
    // Rounded: counters are whole bytes, the text is kept for the exact printed value.
    let bytes = (n * mul as f64).round();
    (bytes >= 0.0 && bytes < u64::MAX as f64).then(|| ByteCount {
        bytes: bytes as u64,
        text: v.to_owned(),
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
    fn azure_docs_sample() {
        let t = "Connectivity State : Connected\nRemote Tunnel Endpoint :\n\
                 Ingress Bytes (since last connected) : 288 B\n\
                 Egress Bytes (Since last connected) : 1.5 KB\n\
                 Connected Since : 2/1/2017 8:22:06 PM\n";
        let l = lines(t);
        assert_eq!(detect(&l), Some(0.95));
        let s = parse(&l).unwrap().records;
        assert_eq!(s.connectivity_state, Some(ConnectivityState::Connected));
        assert_eq!(s.remote_tunnel_endpoint, None);
        assert_eq!(s.ingress.unwrap().bytes, 288);
        assert_eq!(s.egress.unwrap().bytes, 1536);
        assert_eq!(s.connected_since.as_deref(), Some("2/1/2017 8:22:06 PM"));
        assert_eq!(s.lines, LineSpan::new(1, 5));
    }

    #[test]
    fn garbage() {
        let p = parse(&lines("Colour : Blue"));
        assert!(p.is_err());
    }
}
