//! `azure.cpu_stats`: `CPUStats.txt` from an Azure Network Watcher VPN troubleshoot run: gateway
//! CPU usage and free memory at the time of the test (`GatewayCPUUsageExceeded` fires above 95 %).
//!
//! ```text
//! Current CPU Usage : 0 % Current Memory Available : 641 MBs
//! ```
//!
//! Both values may also be on separate lines.

use serde::{Deserialize, Serialize};

use super::super::common::spans;
use super::super::fields::{float, is_prompt_line, uint};
use super::super::{Confidence, Line, ParseError, ParseResult, Parsed};
use crate::LineSpan;

/// The contents of `CPUStats.txt`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CpuStats {
    /// `Current CPU Usage` in percent.
    pub cpu_usage_percent: Option<f64>,
    /// `Current Memory Available` in MB.
    pub memory_available_mb: Option<u64>,
    /// The lines.
    pub lines: LineSpan,
}

/// Cheap check: `Current CPU Usage :`.
pub fn detect(lines: &[Line<'_>]) -> Option<Confidence> {
    lines
        .iter()
        .any(|l| {
            l.text.contains("Current CPU Usage") || l.text.contains("Current Memory Available")
        })
        .then_some(0.95)
}

/// Parses `CPUStats.txt`.
pub fn parse(lines: &[Line<'_>]) -> ParseResult<CpuStats> {
    let first = lines
        .iter()
        .find(|l| !l.text.trim().is_empty())
        .ok_or(ParseError::Empty)?;
    let mut s = CpuStats {
        cpu_usage_percent: None,
        memory_available_mb: None,
        lines: LineSpan::line(first.no),
    };
    let mut skipped = Vec::new();
    let mut seen = false;
    for line in lines {
        let t = line.text.trim();
        if t.is_empty() || is_prompt_line(line.text) {
            continue;
        }
        let cpu = value_after(t, "Current CPU Usage").and_then(|v| float(v.trim_end_matches('%')));
        let mem = value_after(t, "Current Memory Available").and_then(uint::<u64>);
        if cpu.is_none() && mem.is_none() {
            skipped.push(line.no);
            continue;
        }
        s.cpu_usage_percent = cpu.or(s.cpu_usage_percent);
        s.memory_available_mb = mem.or(s.memory_available_mb);
        s.lines.end = line.no;
        seen = true;
    }
    if !seen {
        return Err(ParseError::Syntax {
            line: first.no,
            message: "expected `Current CPU Usage : N % Current Memory Available : N MBs`".into(),
        });
    }
    let truncated = s.memory_available_mb.is_none() || s.cpu_usage_percent.is_none();
    let mut p = Parsed::new(s);
    p.truncated = truncated;
    p.skipped = spans(skipped);
    Ok(p)
}

/// The first word after `label :` (`0`, `641`, `1,204`).
fn value_after<'a>(t: &'a str, label: &str) -> Option<&'a str> {
    let pos = t.find(label)?;
    let rest = t.get(pos + label.len()..)?.trim_start();
    let rest = rest.strip_prefix(':')?.trim_start();
    rest.split_whitespace().next()
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
    fn one_line_and_two_lines() {
        let s = parse(&lines(
            "Current CPU Usage : 0 % Current Memory Available : 641 MBs",
        ))
        .unwrap()
        .records;
        assert_eq!(s.cpu_usage_percent, Some(0.0));
        assert_eq!(s.memory_available_mb, Some(641));
        let s = parse(&lines(
            "Current CPU Usage : 97 %\nCurrent Memory Available : 1,204 MBs",
        ))
        .unwrap()
        .records;
        assert_eq!(s.cpu_usage_percent, Some(97.0));
        assert_eq!(s.memory_available_mb, Some(1204));
        assert!(parse(&lines("CPU : fast")).is_err());
    }
}
