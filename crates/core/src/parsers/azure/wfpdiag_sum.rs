//! `azure.wfpdiag_sum`: `wfpdiag.txt.sum` from an Azure Network Watcher VPN troubleshoot run:
//! the trace summary (buffers and events processed, events lost) and the per-event counts.
//!
//! ```text
//! Total Buffers Processed 8
//! Total Events  Processed 2169
//! Total Events  Lost      0
//! |EventCount    EventName            EventType   TMF                                 |
//! |        36    ikeext               ike_addr_utils_c844  a0c064ca-d954-350a-8b2f-1a7464eef8b6|
//! ```
//!
//! `Total Events Lost` above 0 means the trace (and so `Scrubbed-wfpdiag.txt`) is incomplete.

use serde::{Deserialize, Serialize};

use super::super::common::spans;
use super::super::fields::{is_prompt_line, uint};
use super::super::{Confidence, Line, ParseError, ParseResult, Parsed};
use crate::LineSpan;

/// One row of the event table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WfpEventCount {
    /// How many times the event was traced.
    pub count: u64,
    /// Provider (`ikeext`).
    pub name: String,
    /// Event type (trace point, `ike_sa_management_c642`).
    pub event_type: Option<String>,
    /// Trace message format GUID.
    pub tmf: Option<String>,
    /// The line.
    pub lines: LineSpan,
}

/// The contents of `wfpdiag.txt.sum`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WfpDiagSummary {
    /// Trace files processed.
    pub files: Vec<String>,
    /// `Total Buffers Processed`.
    pub buffers_processed: Option<u64>,
    /// `Total Events Processed`.
    pub events_processed: Option<u64>,
    /// `Total Events Lost`.
    pub events_lost: Option<u64>,
    /// `Total Format Errors`.
    pub format_errors: Option<u64>,
    /// `Total Formats Unknown`.
    pub formats_unknown: Option<u64>,
    /// `Elapsed Time` in seconds.
    pub elapsed_s: Option<u64>,
    /// Event counts.
    pub events: Vec<WfpEventCount>,
    /// The lines.
    pub lines: LineSpan,
}

/// Cheap check: `Total Events Processed` / `Files Processed:` or the `|EventCount` header.
pub fn detect(lines: &[Line<'_>]) -> Option<Confidence> {
    let mut best: Option<Confidence> = None;
    for l in lines {
        let t = l.text.trim();
        if t.starts_with("Total Buffers Processed")
            || t.starts_with("Total Events")
            || t.starts_with("|EventCount")
        {
            return Some(0.95);
        }
        if t == "Files Processed:" {
            best = Some(0.8);
        }
    }
    best
}

/// Parses the summary.
pub fn parse(lines: &[Line<'_>]) -> ParseResult<WfpDiagSummary> {
    let first = lines
        .iter()
        .find(|l| !l.text.trim().is_empty())
        .ok_or(ParseError::Empty)?;
    let mut s = WfpDiagSummary {
        files: Vec::new(),
        buffers_processed: None,
        events_processed: None,
        events_lost: None,
        format_errors: None,
        formats_unknown: None,
        elapsed_s: None,
        events: Vec::new(),
        lines: LineSpan::line(first.no),
    };
    let mut skipped = Vec::new();
    let mut known = 0usize;
    let mut in_files = false;
    let mut truncated = false;
    for line in lines {
        let t = line.text.trim();
        if t.is_empty() || is_prompt_line(line.text) {
            continue;
        }
        s.lines.end = line.no;
        if t == "Files Processed:" {
            in_files = true;
            known += 1;
            continue;
        }
        if t.starts_with('+') && t.chars().all(|c| c == '+' || c == '-') {
            in_files = false;
            continue;
        }
        if let Some(row) = t.strip_prefix('|') {
            in_files = false;
            let row = row.trim_end_matches('|');
            let words: Vec<&str> = row.split_whitespace().collect();
            if words.first() == Some(&"EventCount") {
                known += 1;
                continue;
            }
            let Some(count) = words.first().and_then(|w| uint::<u64>(w)) else {
                skipped.push(line.no);
                continue;
            };
            truncated |= words.len() < 4;
            s.events.push(WfpEventCount {
                count,
                name: words.get(1).map_or_else(String::new, |w| (*w).to_owned()),
                event_type: words.get(2).map(|w| (*w).to_owned()),
                tmf: words.get(3).map(|w| (*w).to_owned()),
                lines: LineSpan::line(line.no),
            });
            known += 1;
            continue;
        }
        let words: Vec<&str> = t.split_whitespace().collect();
        let label = words
            .iter()
            .take_while(|w| uint::<u64>(w).is_none())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        let value = words.iter().find_map(|w| uint::<u64>(w));
        let slot = match label.as_str() {
            "Total Buffers Processed" => Some(&mut s.buffers_processed),
            "Total Events Processed" => Some(&mut s.events_processed),
            "Total Events Lost" => Some(&mut s.events_lost),
            "Total Format Errors" => Some(&mut s.format_errors),
            "Total Formats Unknown" => Some(&mut s.formats_unknown),
            "Elapsed Time" => Some(&mut s.elapsed_s),
            _ => None,
        };
        match slot {
            Some(slot) => {
                *slot = value;
                known += 1;
                in_files = false;
            }
            None if in_files => s.files.push(t.to_owned()),
            None => skipped.push(line.no),
        }
    }
    if known == 0 {
        return Err(ParseError::Syntax {
            line: first.no,
            message: "expected `Total Events Processed` lines or the `|EventCount` table".into(),
        });
    }
    let mut p = Parsed::new(s);
    p.truncated = truncated;
    p.skipped = spans(skipped);
    Ok(p)
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
    fn totals_and_events() {
        let t = "Files Processed:\n\tC:\\x\\wfpdiag.etl\nTotal Buffers Processed 8\nTotal Events  Processed 2169\n\
                 Total Events  Lost      3\nElapsed Time            330 sec\n+-----+\n|EventCount    EventName   EventType   TMF   |\n+-----+\n\
                 |        36    ikeext               ike_addr_utils_c844  a0c064ca-d954-350a-8b2f-1a7464eef8b6|\n";
        let l = lines(t);
        assert_eq!(detect(&l), Some(0.95));
        let s = parse(&l).unwrap().records;
        assert_eq!(s.files, vec!["C:\\x\\wfpdiag.etl"]);
        assert_eq!(s.events_processed, Some(2169));
        assert_eq!(s.events_lost, Some(3));
        assert_eq!(s.elapsed_s, Some(330));
        assert_eq!(s.format_errors, None);
        assert_eq!(s.events[0].count, 36);
        assert_eq!(
            s.events[0].event_type.as_deref(),
            Some("ike_addr_utils_c844")
        );
    }

    #[test]
    fn garbage() {
        assert!(parse(&lines("+-------+\n| hello |\n+-------+")).is_err());
    }
}
