//! `show ip sla statistics [id] [details]` — Cisco IOS / IOS-XE IP SLA results per operation.
//!
//! Seen on IOS 12.4 (`Round Trip Time (RTT) for Index N`) and IOS 15 / IOS-XE 16/17
//! (`IPSLA operation id: N`). Known fields are typed; other `key: value` lines and table rows
//! (multicast, Y.1731 operations) are kept per operation.
//!
//! ```text
//! IPSLA operation id: 10
//!         Latest RTT: 6 milliseconds
//! Latest operation start time: 07:11:19 UTC Fri Oct 22 2021
//! Latest operation return code: OK
//! Number of successes: 24
//! ```

use serde::{Deserialize, Serialize};

use crate::LineSpan;
use crate::parsers::common;
use crate::parsers::{Confidence, Line, ParseError, ParseResult, Parsed};

/// Results of one IP SLA operation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SlaStatistics {
    /// Operation id (`None` when the paste starts inside an operation).
    pub id: Option<u32>,
    /// `Type of operation`.
    pub op_type: Option<String>,
    /// Latest RTT in milliseconds (`None` for `NoConnection/Busy/Timeout`).
    pub latest_rtt_ms: Option<f64>,
    /// Latest RTT as printed.
    pub latest_rtt: Option<String>,
    /// Latest operation start time, as printed.
    pub start_time: Option<String>,
    /// Latest return code (`OK`, `Timeout`, `No connection`...).
    pub return_code: Option<String>,
    /// Number of successes.
    pub successes: Option<u64>,
    /// Number of failures.
    pub failures: Option<u64>,
    /// Operation time to live (`Forever`, or seconds).
    pub time_to_live: Option<String>,
    /// Other `key: value` lines.
    pub fields: Vec<(String, String)>,
    /// Table rows and other lines of this operation, as printed.
    pub rows: Vec<String>,
    /// Source lines.
    pub lines: LineSpan,
}

/// Cheap check.
pub fn detect(lines: &[Line<'_>]) -> Option<Confidence> {
    lines
        .iter()
        .filter_map(|l| {
            let t = l.text.trim();
            if t.starts_with("IPSLAs Latest Operation Statistics")
                || t.starts_with("IPSLA operation id:")
            {
                Some(0.95)
            } else if t.starts_with("Round Trip Time (RTT) for") {
                Some(0.9)
            } else if t.starts_with("Latest operation return code:")
                || t.starts_with("Latest operation start time:")
            {
                Some(0.8)
            } else if t.starts_with("Number of successes:") || t.starts_with("Number of failures:")
            {
                Some(0.6)
            } else {
                None
            }
        })
        .reduce(Confidence::max)
}

/// Parses the output.
pub fn parse(lines: &[Line<'_>]) -> ParseResult<Vec<SlaStatistics>> {
    if lines.iter().all(common::is_blank) {
        return Err(ParseError::Empty);
    }
    let mut out: Vec<SlaStatistics> = Vec::new();
    let mut skipped = Vec::new();
    let mut understood = 0usize;
    for line in lines {
        let t = line.text.trim();
        if t.is_empty() {
            continue;
        }
        if t.starts_with("IPSLAs Latest Operation Statistics") {
            understood += 1;
            continue;
        }
        let id = t.strip_prefix("IPSLA operation id:").or_else(|| {
            t.strip_prefix("Round Trip Time (RTT) for")
                .map(|r| r.trim().trim_start_matches("Index"))
        });
        if let Some(id) = id {
            out.push(SlaStatistics {
                id: common::parse_num(id),
                lines: LineSpan::line(line.no),
                ..SlaStatistics::default()
            });
            understood += 1;
            continue;
        }
        let Some((k, v)) = common::key_value(t) else {
            // A table row belongs to the operation above it; before any operation it is unread.
            match out.last_mut() {
                Some(op) => {
                    op.rows
                        .push(t.split_whitespace().collect::<Vec<_>>().join(" "));
                    op.lines = op.lines.join(LineSpan::line(line.no));
                    understood += 1;
                }
                None => skipped.push(line.no),
            }
            continue;
        };
        if out.is_empty() {
            // The paste starts inside an operation: keep what follows under an unnamed one.
            out.push(SlaStatistics {
                lines: LineSpan::line(line.no),
                ..SlaStatistics::default()
            });
        }
        let Some(op) = out.last_mut() else { continue };
        field(op, k, v);
        op.lines = op.lines.join(LineSpan::line(line.no));
        understood += 1;
    }
    if understood == 0 {
        return Err(ParseError::Syntax {
            line: skipped.first().copied().unwrap_or(0),
            message: "no IP SLA statistics line".to_owned(),
        });
    }
    let truncated = out
        .last()
        .is_some_and(|o| o.return_code.is_none() && o.successes.is_none());
    let mut p = Parsed::new(out);
    p.truncated = truncated;
    p.skipped = common::spans(skipped);
    Ok(p)
}

fn field(op: &mut SlaStatistics, k: &str, v: &str) {
    match k {
        "Type of operation" => op.op_type = Some(v.to_owned()),
        "Latest RTT" => {
            op.latest_rtt = Some(v.to_owned());
            let mut w = v.split_whitespace();
            let n: Option<f64> = w.next().and_then(|n| n.parse().ok());
            let unit = w.next().unwrap_or("milliseconds");
            op.latest_rtt_ms = n.map(|n| {
                if unit.starts_with("micro") {
                    n / 1000.0
                } else {
                    n
                }
            });
        }
        "Latest operation start time" => op.start_time = Some(v.to_owned()),
        "Latest operation return code" => op.return_code = Some(v.to_owned()),
        "Number of successes" => op.successes = common::parse_counter(v),
        "Number of failures" => op.failures = common::parse_counter(v),
        "Operation time to live" => op.time_to_live = Some(v.to_owned()),
        _ => op.fields.push((k.to_owned(), v.to_owned())),
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
    fn operations() {
        let t = "IPSLAs Latest Operation Statistics\n\nIPSLA operation id: 1\n        Latest RTT: NoConnection/Busy/Timeout\nLatest operation return code: Timeout\nNumber of successes: 0\nNumber of failures: 27\n\nRound Trip Time (RTT) for\tIndex 2\n        Latest RTT: 6 milliseconds\nLatest operation return code: OK\n";
        let p = parse(&lines(t)).unwrap();
        assert_eq!(p.records.len(), 2);
        let a = p.records.first().unwrap();
        assert_eq!(a.id, Some(1));
        assert_eq!(a.latest_rtt_ms, None);
        assert_eq!(a.failures, Some(27));
        let b = p.records.get(1).unwrap();
        assert_eq!(b.id, Some(2));
        assert_eq!(b.latest_rtt_ms, Some(6.0));
    }
}
