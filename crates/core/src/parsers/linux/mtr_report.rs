//! `linux.mtr_report`: `mtr` report mode (`mtr -nrc 300 HOST`, `mtr --report`, with or
//! without `-w` wide names, `-z`/`-y` AS columns, `-b` name and address, `-o` custom fields)
//! and a copy of the interactive screen (`My traceroute [v0.9x]`). mtr 0.8x to 0.95.
//!
//! ```text
//! Start: 2024-11-22T10:15:06+0000
//! HOST: edge-gw                     Loss%   Snt   Last   Avg  Best  Wrst StDev
//!   1.|-- 192.168.1.1                0.0%   300    0.5   0.6   0.4   1.9   0.1
//!   2.|-- ???                       100.0   300    0.0   0.0   0.0   0.0   0.0
//! ```
//!
//! Columns are read from the header, so reordered or extra fields work. Hops that never
//! answered (`???`, 100 % loss) get `null` latencies instead of the zeros mtr prints.

use super::super::common::spans;
use super::super::fields::{float, is_ip, is_prompt_line, uint};
use super::super::probe_records::{MtrHop, MtrReport};
use super::super::{Confidence, Line, ParseError, ParseResult, Parsed};
use crate::LineSpan;

/// The report columns when no header was pasted.
const DEFAULT_COLUMNS: &[&str] = &["Loss%", "Snt", "Last", "Avg", "Best", "Wrst", "StDev"];

/// Column names mtr prints (`-o` field letters L D R S N B A W V G J M X I).
const KNOWN_COLUMNS: &[&str] = &[
    "Loss%", "Drop", "Rcv", "Snt", "Last", "Best", "Avg", "Wrst", "StDev", "Gmean", "Jttr", "Javg",
    "Jmax", "Jint",
];

/// Cheap check: the `HOST:`/`Host` header with `Loss%`, the interactive title, or
/// `N.|--` hop rows.
pub fn detect(lines: &[Line<'_>]) -> Option<Confidence> {
    let mut rows = 0usize;
    for l in lines {
        let t = l.text.trim_start();
        if (t.starts_with("HOST:") || t.starts_with("Host ")) && known_columns(t) >= 2 {
            return Some(0.95);
        }
        if t.starts_with("My traceroute") {
            return Some(0.9);
        }
        if hop_number(t).is_some_and(|(_, rest)| rest.starts_with("|--")) {
            rows += 1;
        }
    }
    (rows >= 1).then_some(0.8)
}

/// Parses one report (or interactive copy).
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
    let mut truncated = false;
    let mut recognised = false;
    for line in lines {
        let text = line.text.trim();
        if text.is_empty() || is_prompt_line(line.text) {
            continue;
        }
        if let Some(ts) = text.strip_prefix("Start:") {
            report.start = Some(ts.trim().to_owned());
            recognised = true;
        } else if let Some(rest) = text.strip_prefix("HOST:")
            && known_columns(rest) >= 2
        {
            let mut words = rest.split_whitespace();
            report.source = words.next().map(str::to_owned);
            report.columns = words.map(str::to_owned).collect();
            recognised = true;
        } else if text.starts_with("Host ") && known_columns(text) >= 2 {
            report.columns = text.split_whitespace().skip(1).map(str::to_owned).collect();
            recognised = true;
        } else if text.starts_with("My traceroute")
            || text.starts_with("Keys:")
            || text.starts_with("Packets")
        {
            recognised = true;
        } else if let Some((n, rest)) = hop_number(text) {
            let cols: Vec<&str> = if report.columns.is_empty() {
                DEFAULT_COLUMNS.to_vec()
            } else {
                report.columns.iter().map(String::as_str).collect()
            };
            let (hop, complete) = hop_row(n, rest, &cols, line.no);
            truncated |= !complete;
            report.hops.push(hop);
            recognised = true;
        } else if let Some(extra) = extra_address(text) {
            match report.hops.last_mut() {
                Some(h) => {
                    h.extra_addresses.push(extra.to_owned());
                    h.lines.end = line.no;
                }
                None => skipped.push(line.no),
            }
        } else if report.hops.is_empty() && report.source.is_none() && interactive_title(text) {
            // `probe (192.168.10.5) -> 198.51.100.10   2024-11-22T12:14:36+0000`
            let mut words = text.split_whitespace();
            report.source = words.next().map(str::to_owned);
            report.target = text
                .split_once("->")
                .and_then(|(_, t)| t.split_whitespace().next())
                .map(str::to_owned);
            report.start = text.split_whitespace().last().map(str::to_owned);
        } else {
            skipped.push(line.no);
        }
    }
    if !recognised {
        return Err(ParseError::Syntax {
            line: first.no,
            message: "expected an mtr `HOST:` header or `N.|--` hop rows".into(),
        });
    }
    if report.columns.is_empty() && !report.hops.is_empty() {
        report.columns = DEFAULT_COLUMNS.iter().map(|c| (*c).to_owned()).collect();
    }
    let unknown: Vec<String> = report
        .columns
        .iter()
        .filter(|c| !KNOWN_COLUMNS.contains(&c.as_str()))
        .cloned()
        .collect();
    let mut out = Parsed::new(report);
    if !unknown.is_empty() {
        out.warnings
            .push(format!("unknown mtr columns: {unknown:?}"));
    }
    out.truncated = truncated;
    out.skipped = spans(skipped);
    Ok(out)
}

/// `  12.|-- x` or ` 3. x` → (12, rest after the dot).
fn hop_number(t: &str) -> Option<(u32, &str)> {
    let t = t.trim_start();
    let dot = t.find('.')?;
    let n = t.get(..dot)?;
    if n.is_empty() || n.len() > 3 || !n.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let rest = t.get(dot + 1..)?;
    // `1.2.3.4` at the start of a line is an address, not a hop number.
    if rest.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some((uint(n)?, rest.trim_start()))
}

/// Reads a hop row. The host part ends where the numeric columns start; fewer values than
/// columns means the row was cut off.
fn hop_row(n: u32, rest: &str, cols: &[&str], no: u32) -> (MtrHop, bool) {
    let rest = rest.strip_prefix("|--").unwrap_or(rest).trim();
    let words: Vec<&str> = rest.split_whitespace().collect();
    let first_value = words
        .iter()
        .position(|w| is_value(w))
        .unwrap_or(words.len());
    let (host_words, values) = words.split_at(first_value);
    let mut hop = MtrHop::empty(n, LineSpan::line(no));
    let mut host_words = host_words;
    if let Some((first, rest)) = host_words.split_first()
        && first.starts_with("AS")
        && !rest.is_empty()
    {
        hop.asn = (*first != "AS???").then(|| (*first).to_owned());
        host_words = rest;
    }
    let host = host_words.join(" ");
    if !(host.is_empty() || host == "???" || host.starts_with("(waiting")) {
        // `name (addr)` with -b.
        match host.split_once(" (") {
            Some((name, addr)) => {
                hop.address = Some(addr.trim_end_matches(')').to_owned());
                hop.host = Some(name.to_owned());
            }
            None => {
                hop.address = is_ip(&host).then(|| host.clone());
                hop.host = Some(host);
            }
        }
    }
    for (col, v) in cols.iter().zip(values) {
        let f = float(v.trim_end_matches('%'));
        match *col {
            "Loss%" => hop.loss_percent = f,
            "Snt" => hop.sent = uint(v),
            "Rcv" => hop.received = uint(v),
            "Drop" => hop.dropped = uint(v),
            "Last" => hop.last_ms = f,
            "Avg" => hop.avg_ms = f,
            "Best" => hop.best_ms = f,
            "Wrst" => hop.worst_ms = f,
            "StDev" => hop.stdev_ms = f,
            "Javg" => hop.jitter_avg_ms = f,
            "Jmax" => hop.jitter_max_ms = f,
            "Jint" => hop.jitter_int_ms = f,
            _ => {}
        }
    }
    let waiting = values.is_empty() && hop.host.is_none() && !host_words.is_empty();
    let complete = values.len() >= cols.len() || waiting;
    hop.clear_silent_latency();
    (hop, complete)
}

fn known_columns(header: &str) -> usize {
    header
        .split_whitespace()
        .filter(|w| KNOWN_COLUMNS.contains(w))
        .count()
}

fn is_value(w: &str) -> bool {
    float(w.trim_end_matches('%')).is_some()
}

/// `    |  `|-- 203.0.113.9` (report) or an indented bare address (interactive).
fn extra_address(t: &str) -> Option<&str> {
    if let Some(pos) = t.find("`|-- ") {
        return t.get(pos + 5..).map(str::trim).filter(|a| !a.is_empty());
    }
    let w = t.trim();
    (is_ip(w)).then_some(w)
}

fn interactive_title(t: &str) -> bool {
    t.contains(" -> ") || (t.contains(" (") && t.contains(")") && t.split_whitespace().count() <= 4)
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
    fn report_rows_and_silent_hops() {
        let t = "Start: 2024-11-22T10:15:06+0000\n\
                 HOST: gw                          Loss%   Snt   Last   Avg  Best  Wrst StDev\n  \
                 1.|-- 192.168.1.1                0.0%   300    0.5   0.6   0.4   1.9   0.1\n  \
                 2.|-- ???                       100.0   300    0.0   0.0   0.0   0.0   0.0\n";
        let l = lines(t);
        assert_eq!(detect(&l), Some(0.95));
        let p = parse(&l).unwrap();
        let r = p.records;
        assert_eq!(r.source.as_deref(), Some("gw"));
        assert_eq!(r.hops.len(), 2);
        assert_eq!(r.hops[0].address.as_deref(), Some("192.168.1.1"));
        assert_eq!(r.hops[0].avg_ms, Some(0.6));
        assert_eq!(r.hops[1].host, None);
        assert_eq!(r.hops[1].loss_percent, Some(100.0));
        assert_eq!(r.hops[1].avg_ms, None);
        assert!(!p.truncated);
    }

    #[test]
    fn asn_column_and_cut_row() {
        let t = "HOST: gw Loss%   Snt   Last   Avg  Best  Wrst StDev\n  \
                 1. AS64496  edge.example.net  0.0%  10  7.9  8.2\n";
        let p = parse(&lines(t)).unwrap();
        assert!(p.truncated);
        let h = &p.records.hops[0];
        assert_eq!(h.asn.as_deref(), Some("AS64496"));
        assert_eq!(h.host.as_deref(), Some("edge.example.net"));
        assert_eq!(h.avg_ms, Some(8.2));
        assert_eq!(h.best_ms, None);
    }

    #[test]
    fn garbage() {
        assert!(parse(&lines("nothing\nhere")).is_err());
        assert_eq!(detect(&lines("1.2.3.4 is an address")), None);
    }
}
