//! `windows.winmtr_text`: WinMTR "Export TEXT" (WinMTR 0.8 to 0.92 and the 1.0 forks).
//!
//! ```text
//! |------------------------------------------------------------------------------------------|
//! |                                      WinMTR statistics                                   |
//! |                       Host              -   %  | Sent | Recv | Best | Avrg | Wrst | Last |
//! |------------------------------------------------|------|------|------|------|------|------|
//! | 192.168.1.1                             -    0 |  300 |  300 |    0 |    0 |    3 |    1 |
//! | No response from host                   -  100 |   61 |    0 |    0 |    0 |    0 |    0 |
//! |________________________________________________|______|______|______|______|______|______|
//! ```
//!
//! Hops are numbered in order. Hops that never answered get `null` latencies instead of the
//! zeros WinMTR prints.

use super::super::common::spans;
use super::super::fields::{float, is_ip, is_prompt_line, uint};
use super::super::probe_records::{MtrHop, MtrReport};
use super::super::{Confidence, Line, ParseError, ParseResult, Parsed};
use crate::LineSpan;

/// Column order when the header row was not pasted.
const DEFAULT_COLUMNS: &[&str] = &["Sent", "Recv", "Best", "Avrg", "Wrst", "Last"];

/// What WinMTR prints for a hop with no responder.
const NO_RESPONSE: &str = "No response from host";

/// Cheap check: the `WinMTR statistics` title, the `| Sent | Recv |` header or `| x - n |` rows.
pub fn detect(lines: &[Line<'_>]) -> Option<Confidence> {
    let mut rows = 0usize;
    for l in lines {
        let t = l.text.trim();
        if t.contains("WinMTR statistics") {
            return Some(0.95);
        }
        if t.starts_with('|') && t.contains("| Sent |") && t.contains("| Recv |") {
            return Some(0.9);
        }
        if row_cells(t).is_some_and(|c| c.len() >= 3) {
            rows += 1;
        }
    }
    (rows >= 1).then_some(0.7)
}

/// Parses one WinMTR text export.
pub fn parse(lines: &[Line<'_>]) -> ParseResult<MtrReport> {
    let first = lines
        .iter()
        .find(|l| !l.text.trim().is_empty())
        .ok_or(ParseError::Empty)?;
    let last_no = lines.last().map_or(first.no, |l| l.no);
    let mut report = MtrReport {
        start: None,
        source: None,
        target: None,
        columns: Vec::new(),
        hops: Vec::new(),
        lines: LineSpan::new(first.no, last_no),
    };
    let mut skipped = Vec::new();
    let mut recognised = false;
    let mut truncated = false;
    let mut closed = false;
    for line in lines {
        let text = line.text.trim();
        if text.is_empty() || is_prompt_line(line.text) {
            continue;
        }
        if is_border(text) {
            recognised = true;
            closed |= text.contains('_');
            continue;
        }
        if text.contains("WinMTR statistics") || text.starts_with("WinMTR ") {
            recognised = true;
            continue;
        }
        let Some(cells) = row_cells(text) else {
            skipped.push(line.no);
            continue;
        };
        if cells.contains(&"Sent") && cells.contains(&"Recv") {
            report.columns = cells.iter().skip(1).map(|c| (*c).to_owned()).collect();
            report.columns.insert(0, "Loss%".to_owned());
            recognised = true;
            continue;
        }
        let cols: Vec<&str> = if report.columns.len() > 1 {
            report.columns.iter().skip(1).map(String::as_str).collect()
        } else {
            DEFAULT_COLUMNS.to_vec()
        };
        let n = u32::try_from(report.hops.len() + 1).unwrap_or(u32::MAX);
        let (hop, complete) = hop_row(n, &cells, &cols, line.no);
        truncated |= !complete;
        report.hops.push(hop);
        recognised = true;
    }
    if !recognised || (report.hops.is_empty() && report.columns.is_empty()) {
        return Err(ParseError::Syntax {
            line: first.no,
            message: "expected a WinMTR statistics table".into(),
        });
    }
    if report.columns.is_empty() {
        report.columns = std::iter::once("Loss%")
            .chain(DEFAULT_COLUMNS.iter().copied())
            .map(str::to_owned)
            .collect();
    }
    let mut out = Parsed::new(report);
    out.truncated = truncated || (!closed && !out.records.hops.is_empty() && last_is_row(lines));
    out.skipped = spans(skipped);
    Ok(out)
}

/// True when the last non-blank line is a data row (no closing border after the rows).
fn last_is_row(lines: &[Line<'_>]) -> bool {
    lines
        .iter()
        .rev()
        .find(|l| !l.text.trim().is_empty())
        .is_some_and(|l| row_cells(l.text.trim()).is_some())
}

/// `|-----|` and `|_____|` borders.
fn is_border(t: &str) -> bool {
    t.starts_with('|') && t.len() > 4 && t.chars().all(|c| matches!(c, '|' | '-' | '_'))
}

/// The cells of a `| a - b | c | d |` row; the first cell must contain ` - `.
fn row_cells(t: &str) -> Option<Vec<&str>> {
    let inner = t.strip_prefix('|')?;
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let cells: Vec<&str> = inner.split('|').map(str::trim).collect();
    let first = cells.first()?;
    (first.contains(" - ") || first.ends_with(" -") || first.contains("-   ")).then_some(cells)
}

fn hop_row(n: u32, cells: &[&str], cols: &[&str], no: u32) -> (MtrHop, bool) {
    let mut hop = MtrHop::empty(n, LineSpan::line(no));
    let first = cells.first().copied().unwrap_or("");
    let (host, loss) = first.rsplit_once(" -").unwrap_or((first, ""));
    let host = host.trim();
    if !(host.is_empty() || host == NO_RESPONSE) {
        hop.address = is_ip(host).then(|| host.to_owned());
        hop.host = Some(host.to_owned());
    }
    hop.loss_percent = float(loss.trim());
    let values: Vec<&str> = cells
        .iter()
        .skip(1)
        .copied()
        .filter(|c| !c.is_empty())
        .collect();
    for (col, v) in cols.iter().zip(&values) {
        let f = float(v);
        match *col {
            "Sent" => hop.sent = uint(v),
            "Recv" => hop.received = uint(v),
            "Best" => hop.best_ms = f,
            "Avrg" => hop.avg_ms = f,
            "Wrst" => hop.worst_ms = f,
            "Last" => hop.last_ms = f,
            _ => {}
        }
    }
    let complete = values.len() >= cols.len() && hop.loss_percent.is_some();
    hop.clear_silent_latency();
    (hop, complete)
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
    fn table() {
        let t = "|------------------------------------------------|\n\
                 |                 WinMTR statistics              |\n\
                 |       Host     -   %  | Sent | Recv | Best | Avrg | Wrst | Last |\n\
                 |------------------------------------------------|------|\n\
                 | 192.0.2.1      -    0 |   22 |   22 |    0 |    1 |    3 |    1 |\n\
                 | No response from host   -  100 |    9 |    0 |    0 |    0 |    0 |    0 |\n\
                 |________________________________________________|______|\n";
        let l = lines(t);
        assert_eq!(detect(&l), Some(0.95));
        let p = parse(&l).unwrap();
        let r = p.records;
        assert_eq!(r.hops.len(), 2);
        assert_eq!(r.hops[0].avg_ms, Some(1.0));
        assert_eq!(r.hops[0].address.as_deref(), Some("192.0.2.1"));
        assert_eq!(r.hops[1].host, None);
        assert_eq!(r.hops[1].loss_percent, Some(100.0));
        assert_eq!(r.hops[1].best_ms, None);
        assert_eq!(r.columns[0], "Loss%");
        assert!(!p.truncated);
    }

    #[test]
    fn markdown_table_is_not_winmtr() {
        let l = lines("| a | b |\n|---|---|\n| c | d |");
        assert_eq!(detect(&l), None);
        assert!(parse(&l).is_err());
    }
}
