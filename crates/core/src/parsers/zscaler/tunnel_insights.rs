//! `zscaler.tunnel_insights`: the ZIA Admin Portal **Analytics > Insights > Tunnel Insights**
//! logs, exported as CSV or copied from the web table (tab- or space-separated).
//!
//! The runbook tells engineers to review two columns: **Tunnel Status** (`UP`, `DOWN`, `REKEY`,
//! `PHASE1_DOWN`, `PHASE2_DOWN`, `PHASE1_ERROR`, `PHASE2_ERROR`) and **Event Reason** (`EXPIRED`,
//! `PSKEY_NOTFOUND`, `PSKEY_MISMATCH`, `INVALID_PROPOSAL`, `DPD_TIMEOUT`, `TIMEOUT`). Both the
//! enum names and their English display names (`Error While Establishing Phase 2`,
//! `INVALID PROPOSAL`) are read.
//!
//! ```text
//! "Time","Tunnel Type","Tunnel Source IP","Tunnel Status","Event Reason"
//! "November 22, 2024 11:02:17 AM","IPSec","203.0.113.20","PHASE2_ERROR","INVALID_PROPOSAL"
//! ```
//!
//! Columns are found by header name, so any column selection or order works.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::super::common::{open_enum, spans};
use super::super::fields::{cells_by_starts, expand_tabs, is_prompt_line, uint};
use super::super::ike_problems::IkeProblem;
use super::super::{Confidence, Line, ParseError, ParseResult, Parsed};
use crate::LineSpan;

open_enum! {
    /// Tunnel Status (enum name or English display name).
    pub enum TunnelStatus {
        /// IPSec tunnel up.
        Up => "UP" | "IPSec tunnel up",
        /// IPSec tunnel down.
        Down => "DOWN" | "IPSec tunnel down",
        /// IPSec tunnel renegotiated.
        Rekey => "REKEY" | "IPSec tunnel renogiated" | "IPSec tunnel renegotiated",
        /// Phase 1 is down.
        Phase1Down => "PHASE1_DOWN" | "Phase1 is down",
        /// Phase 2 is down.
        Phase2Down => "PHASE2_DOWN" | "Phase2 is down",
        /// Error while establishing phase 1.
        Phase1Error => "PHASE1_ERROR" | "Error While Establishing Phase 1",
        /// Error while establishing phase 2.
        Phase2Error => "PHASE2_ERROR" | "Error While Establishing Phase 2",
    }
}

open_enum! {
    /// Event Reason (enum name or English display name).
    pub enum EventReason {
        /// Lifetime expired (a normal rekey trigger).
        Expired => "EXPIRED" | "Lifetime EXPIRED",
        /// No pre-shared key for the VPN credential.
        PskeyNotfound => "PSKEY_NOTFOUND" | "Preshared Key NOTFOUND",
        /// Pre-shared key mismatch.
        PskeyMismatch => "PSKEY_MISMATCH" | "Preshared Key MISMATCH",
        /// No acceptable proposal.
        InvalidProposal => "INVALID_PROPOSAL" | "INVALID PROPOSAL",
        /// Dead peer detection timed out.
        DpdTimeout => "DPD_TIMEOUT" | "DPD TIMEOUT",
        /// Negotiation timed out.
        Timeout => "TIMEOUT",
    }
}

impl TunnelStatus {
    /// The IKE phase the status is about, when it names one.
    pub fn phase(&self) -> Option<u8> {
        match self {
            Self::Phase1Down | Self::Phase1Error => Some(1),
            Self::Phase2Down | Self::Phase2Error => Some(2),
            _ => None,
        }
    }
}

impl EventReason {
    /// The IKE problem class of the reason (`EXPIRED` is not a problem).
    pub fn problem(&self) -> Option<IkeProblem> {
        match self {
            Self::PskeyNotfound => Some(IkeProblem::PresharedKeyMissing),
            Self::PskeyMismatch => Some(IkeProblem::PresharedKeyMismatch),
            Self::InvalidProposal => Some(IkeProblem::NoProposalChosen),
            Self::DpdTimeout => Some(IkeProblem::DpdTimeout),
            Self::Timeout => Some(IkeProblem::Timeout),
            Self::Expired | Self::Other(_) => None,
        }
    }
}

/// One Tunnel Insights row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TunnelEvent {
    /// Event time as printed.
    pub time: Option<String>,
    /// `IPSec` or `GRE`.
    pub tunnel_type: Option<String>,
    /// ZIA location.
    pub location: Option<String>,
    /// Tunnel source IP (the customer gateway's public address).
    pub source_ip: Option<String>,
    /// Tunnel destination (Zscaler VIP).
    pub destination_ip: Option<String>,
    /// VPN credential (IP or FQDN).
    pub vpn_credential: Option<String>,
    /// Tunnel Status.
    pub status: Option<TunnelStatus>,
    /// Event Reason.
    pub event_reason: Option<EventReason>,
    /// IKE phase named by the status (1 or 2).
    pub phase: Option<u8>,
    /// Problem class of the event reason.
    pub problem: Option<IkeProblem>,
    /// Received bytes.
    pub received_bytes: Option<u64>,
    /// Sent bytes.
    pub sent_bytes: Option<u64>,
    /// Other columns, by header name.
    pub other: BTreeMap<String, String>,
    /// The line.
    pub lines: LineSpan,
}

/// Header names (lower case) → field.
#[rustfmt::skip]
const COLUMNS: &[(&str, Field)] = &[
    ("time", Field::Time), ("timestamp", Field::Time), ("event time", Field::Time),
    ("date", Field::Time), ("logged time", Field::Time),
    ("tunnel type", Field::TunnelType), ("type", Field::TunnelType),
    ("location", Field::Location), ("location name", Field::Location),
    ("tunnel source ip", Field::SourceIp), ("source ip", Field::SourceIp),
    ("tunnel destination ip", Field::DestinationIp), ("destination ip", Field::DestinationIp),
    ("tunnel destination", Field::DestinationIp),
    ("vpn credential", Field::VpnCredential), ("vpn credential name", Field::VpnCredential),
    ("tunnel status", Field::Status), ("status", Field::Status),
    ("event reason", Field::Reason), ("reason", Field::Reason),
    ("received bytes", Field::Received), ("bytes received", Field::Received),
    ("sent bytes", Field::Sent), ("bytes sent", Field::Sent), ("transmitted bytes", Field::Sent),
];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Field {
    Time,
    TunnelType,
    Location,
    SourceIp,
    DestinationIp,
    VpnCredential,
    Status,
    Reason,
    Received,
    Sent,
}

/// How the table's cells are separated.
#[derive(Debug, Clone, PartialEq)]
enum Layout {
    Csv,
    Tabs,
    /// Aligned columns starting at these char offsets.
    Aligned(Vec<usize>),
}

/// Cheap check: a header naming `Tunnel Status` with `Event Reason` or `Tunnel Source IP`, or
/// rows with the Tunnel Insights status words.
pub fn detect(lines: &[Line<'_>]) -> Option<Confidence> {
    let mut rows = 0usize;
    for l in lines {
        let t = l.text;
        if t.contains("Tunnel Status")
            && (t.contains("Event Reason") || t.contains("Tunnel Source IP"))
        {
            return Some(0.95);
        }
        if [
            "PHASE1_ERROR",
            "PHASE2_ERROR",
            "PHASE1_DOWN",
            "PHASE2_DOWN",
            "PSKEY_MISMATCH",
            "PSKEY_NOTFOUND",
            "INVALID_PROPOSAL",
            "DPD_TIMEOUT",
        ]
        .iter()
        .any(|w| t.contains(w))
        {
            rows += 1;
        }
    }
    (rows > 0).then_some(0.6)
}

/// Parses a Tunnel Insights export or table copy.
pub fn parse(lines: &[Line<'_>]) -> ParseResult<Vec<TunnelEvent>> {
    let first = lines
        .iter()
        .find(|l| !l.text.trim().is_empty())
        .ok_or(ParseError::Empty)?;
    let mut header: Option<(Vec<String>, Layout)> = None;
    let mut events = Vec::new();
    let mut skipped = Vec::new();
    let mut truncated = false;
    for line in lines {
        let raw = line.text;
        if raw.trim().is_empty() || is_prompt_line(raw) {
            continue;
        }
        let Some((names, layout)) = &header else {
            match read_header(raw) {
                Some(h) => header = Some(h),
                None => skipped.push(line.no),
            }
            continue;
        };
        let (cells, complete) = split_row(raw, layout);
        if cells.iter().all(|c| c.is_empty()) {
            skipped.push(line.no);
            continue;
        }
        truncated |=
            !complete || (!matches!(layout, Layout::Aligned(_)) && cells.len() < names.len());
        events.push(event(names, &cells, line.no));
    }
    if header.is_none() {
        return Err(ParseError::Syntax {
            line: first.no,
            message: "expected a Tunnel Insights header with `Tunnel Status`".into(),
        });
    }
    let mut p = Parsed::new(events);
    p.truncated = truncated;
    p.skipped = spans(skipped);
    Ok(p)
}

/// A header line: at least two known column names, one of them the status or reason.
fn read_header(raw: &str) -> Option<(Vec<String>, Layout)> {
    let layout = if raw.contains('\t') {
        Layout::Tabs
    } else if raw.contains(',') {
        Layout::Csv
    } else {
        Layout::Aligned(aligned_starts(raw))
    };
    let (names, _) = split_row(raw, &layout);
    let names: Vec<String> = names.iter().map(|n| n.trim().to_owned()).collect();
    let known: Vec<Field> = names.iter().filter_map(|n| field(n)).collect();
    let ok = known.len() >= 2
        && known
            .iter()
            .any(|f| matches!(f, Field::Status | Field::Reason));
    ok.then_some((names, layout))
}

fn field(name: &str) -> Option<Field> {
    let n = name.trim().to_ascii_lowercase();
    COLUMNS.iter().find(|(k, _)| *k == n).map(|(_, f)| *f)
}

/// Column starts of an aligned header: words separated by two or more spaces form one name.
fn aligned_starts(raw: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut spaces = 2usize;
    for (i, c) in raw.chars().enumerate() {
        if c == ' ' {
            spaces += 1;
        } else {
            if spaces >= 2 {
                out.push(i);
            }
            spaces = 0;
        }
    }
    out
}

/// Splits a row; the flag is false when a quoted CSV field is left open (a cut line).
fn split_row(raw: &str, layout: &Layout) -> (Vec<String>, bool) {
    match layout {
        Layout::Tabs => (raw.split('\t').map(|c| c.trim().to_owned()).collect(), true),
        Layout::Csv => csv_fields(raw),
        Layout::Aligned(starts) => (cells_by_starts(&expand_tabs(raw), starts), true),
    }
}

/// RFC 4180 fields of one line (`""` inside quotes is a quote).
fn csv_fields(line: &str) -> (Vec<String>, bool) {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.trim_end().chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            ('"', true) => quoted = false,
            ('"', false) if cur.trim().is_empty() => {
                cur.clear();
                quoted = true;
            }
            (',', false) => out.push(std::mem::take(&mut cur).trim().to_owned()),
            _ => cur.push(c),
        }
    }
    out.push(cur.trim().to_owned());
    (out, !quoted)
}

fn event(names: &[String], cells: &[String], no: u32) -> TunnelEvent {
    let mut e = TunnelEvent {
        time: None,
        tunnel_type: None,
        location: None,
        source_ip: None,
        destination_ip: None,
        vpn_credential: None,
        status: None,
        event_reason: None,
        phase: None,
        problem: None,
        received_bytes: None,
        sent_bytes: None,
        other: BTreeMap::new(),
        lines: LineSpan::line(no),
    };
    for (name, value) in names.iter().zip(cells) {
        let v = value.trim();
        if v.is_empty() || v == "-" || v == "--" {
            continue;
        }
        let s = Some(v.to_owned());
        match field(name) {
            Some(Field::Time) => e.time = s,
            Some(Field::TunnelType) => e.tunnel_type = s,
            Some(Field::Location) => e.location = s,
            Some(Field::SourceIp) => e.source_ip = s,
            Some(Field::DestinationIp) => e.destination_ip = s,
            Some(Field::VpnCredential) => e.vpn_credential = s,
            Some(Field::Status) => e.status = Some(TunnelStatus::parse(v)),
            Some(Field::Reason) => e.event_reason = Some(EventReason::parse(v)),
            Some(Field::Received) => e.received_bytes = uint(v),
            Some(Field::Sent) => e.sent_bytes = uint(v),
            None => {
                e.other.insert(name.clone(), v.to_owned());
            }
        }
    }
    e.phase = e.status.as_ref().and_then(TunnelStatus::phase);
    e.problem = e.event_reason.as_ref().and_then(EventReason::problem);
    e
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
    fn csv_rows() {
        let t = "\"Time\",\"Tunnel Source IP\",\"Tunnel Status\",\"Event Reason\",\"Received Bytes\"\n\
                 \"Nov 22, 2024 11:02\",\"203.0.113.20\",\"PHASE2_ERROR\",\"INVALID_PROPOSAL\",\"\"\n\
                 \"Nov 22, 2024 11:05\",\"203.0.113.20\",\"UP\",\"\",\"1024\"\n";
        let l = lines(t);
        assert_eq!(detect(&l), Some(0.95));
        let p = parse(&l).unwrap();
        let e = &p.records;
        assert_eq!(e[0].time.as_deref(), Some("Nov 22, 2024 11:02"));
        assert_eq!(e[0].status, Some(TunnelStatus::Phase2Error));
        assert_eq!(e[0].phase, Some(2));
        assert_eq!(e[0].problem, Some(IkeProblem::NoProposalChosen));
        assert_eq!(e[0].received_bytes, None);
        assert_eq!(e[1].event_reason, None);
        assert_eq!(e[1].received_bytes, Some(1024));
        assert!(!p.truncated);
    }

    #[test]
    fn aligned_display_names() {
        let t = "Time                 Tunnel Status                     Event Reason\n\
                 2024-11-22 13:30:00  Error While Establishing Phase 2  INVALID PROPOSAL\n\
                 2024-11-22 13:31:00  IPSec tunnel up\n";
        let p = parse(&lines(t)).unwrap();
        assert_eq!(p.records[0].status, Some(TunnelStatus::Phase2Error));
        assert_eq!(
            p.records[0].event_reason,
            Some(EventReason::InvalidProposal)
        );
        assert_eq!(p.records[1].status, Some(TunnelStatus::Up));
        assert_eq!(p.records[1].event_reason, None);
    }

    #[test]
    fn garbage_and_cut_row() {
        assert!(parse(&lines("\"Name\",\"Colour\"\n\"apple\",\"red\"")).is_err());
        let p = parse(&lines(
            "\"Time\",\"Tunnel Status\",\"Event Reason\"\n\"x\",\"UP",
        ))
        .unwrap();
        assert!(p.truncated);
    }
}
