//! `show ip sla summary` — Cisco IOS / IOS-XE IP SLA operations, one row each.
//!
//! Seen on IOS 15.x and IOS-XE 16/17 (`*`/`^`/`~` state codes before the id) and on older
//! images with a `State` column and a `Stats(ms)` column.
//!
//! ```text
//! IPSLAs Latest Operation Summary
//! ID           Type        Destination       Stats       ReturnCode  LastRun
//! -----------------------------------------------------------------------
//! *1           icmp-echo   192.0.2.1         RTT=44      OK          21 seconds ago
//! ```

use serde::{Deserialize, Serialize};

use crate::LineSpan;
use crate::parsers::common;
use crate::parsers::{Confidence, Line, ParseError, ParseResult, Parsed};

/// One IP SLA operation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SlaSummary {
    /// Operation id.
    pub id: u32,
    /// `active`, `inactive` or `pending` (from the code or the `State` column).
    pub state: Option<String>,
    /// Operation type (`icmp-echo`, `udp-jitter`...).
    pub op_type: Option<String>,
    /// Destination.
    pub destination: Option<String>,
    /// Latest RTT in milliseconds (`None` when `-`).
    pub rtt_ms: Option<f64>,
    /// The stats cell as printed (`RTT=44`, `RTT=250u`, `-`).
    pub stats: Option<String>,
    /// Return code (`OK`, `Timeout`, `NoConnection`...).
    pub return_code: Option<String>,
    /// When it last ran, as printed.
    pub last_run: Option<String>,
    /// Source line.
    pub lines: LineSpan,
}

/// Cheap check.
pub fn detect(lines: &[Line<'_>]) -> Option<Confidence> {
    lines
        .iter()
        .filter_map(|l| {
            let t = l.text.trim();
            if t.starts_with("IPSLAs Latest Operation Summary") {
                Some(0.95)
            } else if is_header(t) {
                Some(0.85)
            } else if t.starts_with("Codes: * active, ^ inactive") {
                Some(0.8)
            } else {
                None
            }
        })
        .reduce(Confidence::max)
}

fn is_header(t: &str) -> bool {
    t.starts_with("ID")
        && t.contains("Type")
        && t.contains("Destination")
        && t.contains("ReturnCode")
}

/// Parses the output.
pub fn parse(lines: &[Line<'_>]) -> ParseResult<Vec<SlaSummary>> {
    if lines.iter().all(common::is_blank) {
        return Err(ParseError::Empty);
    }
    let mut out = Vec::new();
    let mut skipped = Vec::new();
    let mut understood = 0usize;
    let mut has_state_col = false;
    for line in lines {
        let t = line.text.trim();
        if t.is_empty() {
            continue;
        }
        if t.starts_with("IPSLAs Latest Operation Summary")
            || t.starts_with("Codes:")
            || t.starts_with("All Stats are in")
            || t.chars().all(|c| c == '-' || c.is_whitespace())
        {
            understood += 1;
            continue;
        }
        if is_header(t) {
            has_state_col = t.split_whitespace().any(|w| w == "State");
            understood += 1;
            continue;
        }
        match row(line.no, t, has_state_col) {
            Some(r) => {
                out.push(r);
                understood += 1;
            }
            None => skipped.push(line.no),
        }
    }
    if understood == 0 {
        return Err(ParseError::Syntax {
            line: skipped.first().copied().unwrap_or(0),
            message: "no IP SLA summary header or row".to_owned(),
        });
    }
    let truncated = out.last().is_some_and(|r| r.stats.is_none());
    let mut p = Parsed::new(out);
    p.truncated = truncated;
    p.skipped = common::spans(skipped);
    Ok(p)
}

fn row(no: u32, t: &str, has_state_col: bool) -> Option<SlaSummary> {
    let mut toks = t.split_whitespace();
    let first = toks.next()?;
    let (code, id) = match first.chars().next() {
        Some(c @ ('*' | '^' | '~')) => (Some(c), first.get(1..)?),
        _ => (None, first),
    };
    let id: u32 = id.parse().ok()?;
    let mut r = SlaSummary {
        id,
        state: code.map(|c| match c {
            '*' => "active".to_owned(),
            '^' => "inactive".to_owned(),
            _ => "pending".to_owned(),
        }),
        lines: LineSpan::line(no),
        ..SlaSummary::default()
    };
    r.op_type = toks.next().map(str::to_owned);
    r.destination = toks.next().map(str::to_owned);
    if has_state_col {
        r.state = toks.next().map(str::to_ascii_lowercase);
    }
    let stats = toks.next();
    r.stats = stats.map(str::to_owned);
    r.rtt_ms = stats.and_then(rtt_ms);
    // A `-` cell means "nothing yet", the same as an absent value.
    let dash = |s: &String| !s.is_empty() && s != "-";
    r.return_code = toks.next().map(str::to_owned).filter(dash);
    let rest: Vec<&str> = toks.collect();
    r.last_run = Some(rest.join(" ")).filter(dash);
    Some(r)
}

/// `RTT=44` → 44 ms, `RTT=250u` → 0.25 ms, `100` → 100 ms, `-` → none.
fn rtt_ms(s: &str) -> Option<f64> {
    let v = s.strip_prefix("RTT=").unwrap_or(s);
    if let Some(us) = v.strip_suffix('u') {
        return us.parse::<f64>().ok().map(|n| n / 1000.0);
    }
    v.parse().ok()
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
    fn both_layouts() {
        let t = "ID           Type        Destination       Stats       ReturnCode  LastRun\n*1           icmp-echo   192.0.2.1         RTT=250u    OK          21 seconds ago\n^2           dns         192.0.2.53        -           Timeout     7 seconds ago\n";
        let p = parse(&lines(t)).unwrap();
        let r = p.records.first().unwrap();
        assert_eq!(r.rtt_ms, Some(0.25));
        assert_eq!(r.state.as_deref(), Some("active"));
        assert_eq!(p.records.get(1).unwrap().rtt_ms, None);
        let t = "ID       Type      Destination  State   Stats(ms)  ReturnCode  LastRun\n102   tcp-connect   192.0.2.2    Active    -      NoConnection  22:49:53 PST Tue May 3 2011\n";
        let p = parse(&lines(t)).unwrap();
        let r = p.records.first().unwrap();
        assert_eq!(r.state.as_deref(), Some("active"));
        assert_eq!(r.return_code.as_deref(), Some("NoConnection"));
        assert_eq!(r.last_run.as_deref(), Some("22:49:53 PST Tue May 3 2011"));
    }
}
