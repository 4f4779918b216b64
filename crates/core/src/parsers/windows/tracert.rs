//! `windows.tracert`: Windows `tracert.exe` output (Windows 7 to 11, English).
//!
//! Command: `tracert [-d] [-h N] [-4|-6] HOST`. Each hop shows three probe times (`<1 ms`,
//! `12 ms` or `*`) and then the responder (`name [addr]`, `addr`, or `Request timed out.`).
//!
//! ```text
//! Tracing route to gateway.example.net [198.51.100.10]
//! over a maximum of 30 hops:
//!   1    <1 ms    <1 ms    <1 ms  192.168.1.1
//!   2     *        *        *     Request timed out.
//!   3    25 ms    25 ms    24 ms  gateway.example.net [198.51.100.10]
//! Trace complete.
//! ```

use nom::character::complete::{digit1, space1};
use nom::combinator::map_res;
use nom::{IResult, Parser};

use super::super::common::spans;
use super::super::fields::{float, is_ip, is_prompt_line, uint};
use super::super::probe_records::{TraceHop, TraceProbe, TraceRun};
use super::super::{Confidence, Line, ParseError, ParseResult, Parsed};
use crate::LineSpan;

/// Cheap check: the `Tracing route to` header, Windows-style hop lines (times before the
/// responder) or `Trace complete.`.
pub fn detect(lines: &[Line<'_>]) -> Option<Confidence> {
    let mut hops = 0usize;
    let mut complete = false;
    for l in lines {
        let t = l.text.trim();
        if t.starts_with("Tracing route to ") {
            return Some(0.95);
        }
        if t.starts_with("Unable to resolve target system name") {
            return Some(0.9);
        }
        if t == "Trace complete." {
            complete = true;
        } else if hop_line(t, 0)
            .is_some_and(|(h, _)| h.probes.iter().any(|p| p.rtt_ms.is_some()) || h.note.is_some())
        {
            hops += 1;
        }
    }
    if hops > 0 {
        Some(0.8)
    } else if complete {
        Some(0.6)
    } else {
        None
    }
}

/// Parses tracert runs.
pub fn parse(lines: &[Line<'_>]) -> ParseResult<Vec<TraceRun>> {
    let first = lines
        .iter()
        .find(|l| !l.text.trim().is_empty())
        .ok_or(ParseError::Empty)?;
    let mut runs: Vec<TraceRun> = Vec::new();
    let mut skipped = Vec::new();
    let mut last_incomplete = false;
    for line in lines {
        let text = line.text.trim();
        if text.is_empty() || is_prompt_line(line.text) {
            continue;
        }
        if let Some(rest) = text.strip_prefix("Tracing route to ") {
            runs.push(header(rest, line.no));
            last_incomplete = false;
            continue;
        }
        if let Some(name) = text.strip_prefix("Unable to resolve target system name ") {
            let mut run = empty_run(line.no);
            run.target = Some(name.trim_end_matches('.').to_owned());
            run.error = Some(text.to_owned());
            runs.push(run);
            continue;
        }
        if runs.is_empty() {
            runs.push(empty_run(line.no));
        }
        let Some(run) = runs.last_mut() else { continue };
        if let Some(rest) = text.strip_prefix("over a maximum of ") {
            run.max_hops = rest.split_whitespace().next().and_then(uint);
            run.lines.end = line.no;
        } else if text == "Trace complete." {
            run.completed = true;
            run.lines.end = line.no;
            last_incomplete = false;
        } else if let Some((hop, complete)) = hop_line(text, line.no) {
            run.hops.push(hop);
            run.lines.end = line.no;
            last_incomplete = !complete;
        } else {
            skipped.push(line.no);
        }
    }
    runs.retain(|r| r.target.is_some() || !r.hops.is_empty() || r.completed);
    if runs.is_empty() {
        return Err(ParseError::Syntax {
            line: first.no,
            message: "expected `Tracing route to HOST` or tracert hop lines".into(),
        });
    }
    let truncated = last_incomplete
        || runs
            .last()
            .is_some_and(|r| !r.completed && r.error.is_none() && !reached(r));
    let mut out = Parsed::new(runs);
    out.truncated = truncated;
    out.skipped = spans(skipped);
    Ok(out)
}

fn reached(run: &TraceRun) -> bool {
    run.address.as_deref().is_some_and(|a| {
        run.hops
            .last()
            .is_some_and(|h| h.probes.iter().any(|p| p.address.as_deref() == Some(a)))
    })
}

fn empty_run(no: u32) -> TraceRun {
    TraceRun {
        target: None,
        address: None,
        max_hops: None,
        packet_bytes: None,
        hops: Vec::new(),
        completed: false,
        error: None,
        lines: LineSpan::line(no),
    }
}

/// `NAME [ADDR]` or `ADDR over a maximum of 30 hops[:]`.
fn header(rest: &str, no: u32) -> TraceRun {
    let mut run = empty_run(no);
    let (dest, max) = match rest.split_once(" over a maximum of ") {
        Some((d, m)) => (d, Some(m)),
        None => (rest, None),
    };
    run.max_hops = max.and_then(|m| m.split_whitespace().next()).and_then(uint);
    let (name, addr) = name_and_address(dest.trim());
    run.target = Some(name.unwrap_or_else(|| addr.clone().unwrap_or_default()));
    run.address = addr;
    run
}

/// `name [addr]` → (name, addr); `addr` → (None, addr); a bare name → (name, None).
fn name_and_address(s: &str) -> (Option<String>, Option<String>) {
    match s.split_once(" [") {
        Some((n, a)) => (
            Some(n.trim().to_owned()),
            Some(a.trim_end_matches(']').to_owned()),
        ),
        None if is_ip(s) => (None, Some(s.to_owned())),
        None => (Some(s.to_owned()), None),
    }
}

fn hop_number(i: &str) -> IResult<&str, u32> {
    let (i, n) = map_res(digit1, str::parse::<u32>).parse(i)?;
    let (i, _) = space1(i)?;
    Ok((i, n))
}

/// A hop line; the flag is false when it was cut before its responder.
fn hop_line(text: &str, no: u32) -> Option<(TraceHop, bool)> {
    let (mut rest, hop) = hop_number(text).ok()?;
    let mut rtts: Vec<(Option<f64>, bool)> = Vec::new();
    while rtts.len() < 3 {
        let r = rest.trim_start();
        if let Some(after) = r.strip_prefix('*') {
            rtts.push((None, false));
            rest = after;
            continue;
        }
        let (lt, r2) = match r.strip_prefix('<') {
            Some(x) => (true, x),
            None => (false, r),
        };
        let num_end = r2
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(r2.len());
        let Some(v) = r2.get(..num_end).and_then(float) else {
            break;
        };
        let after = r2.get(num_end..).unwrap_or("").trim_start();
        let Some(after) = after.strip_prefix("ms") else {
            break;
        };
        rtts.push((Some(v), lt));
        rest = after;
    }
    if rtts.is_empty() {
        // `  3  203.0.113.1  reports: Destination net unreachable.`
        let (who, what) = rest.split_once(" reports: ")?;
        let (name, addr) = name_and_address(who.trim());
        let probe = TraceProbe {
            address: addr,
            host: name,
            asn: None,
            rtt_ms: None,
            rtt_less_than: false,
            annotation: None,
        };
        return Some((
            TraceHop {
                hop,
                probes: vec![probe],
                note: Some(what.trim().to_owned()),
                lines: LineSpan::line(no),
            },
            true,
        ));
    }
    let responder = rest.trim();
    let (note, name, addr) = if responder.is_empty() {
        (None, None, None)
    } else if responder.starts_with("Request timed out")
        || responder.starts_with("Destination ")
        || responder.starts_with("General failure")
        || responder.starts_with("Transmit error")
    {
        (Some(responder.to_owned()), None, None)
    } else {
        let (n, a) = name_and_address(responder);
        (None, n, a)
    };
    let probes = rtts
        .iter()
        .map(|(rtt, lt)| TraceProbe {
            address: rtt.and(addr.clone()),
            host: rtt.and(name.clone()),
            asn: None,
            rtt_ms: *rtt,
            rtt_less_than: *lt,
            annotation: None,
        })
        .collect();
    let complete = rtts.len() == 3 && !responder.is_empty();
    Some((
        TraceHop {
            hop,
            probes,
            note,
            lines: LineSpan::line(no),
        },
        complete,
    ))
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
    fn hops_and_timeouts() {
        let t = "Tracing route to gw [192.0.2.9]\nover a maximum of 30 hops:\n\n  \
                 1    <1 ms    <1 ms    <1 ms  192.168.1.1\n  \
                 2     *        *        *     Request timed out.\n  \
                 3    12 ms     *       13 ms  gw [192.0.2.9]\n\nTrace complete.\n";
        let l = lines(t);
        assert_eq!(detect(&l), Some(0.95));
        let p = parse(&l).unwrap();
        let r = &p.records[0];
        assert_eq!(r.max_hops, Some(30));
        assert_eq!(r.address.as_deref(), Some("192.0.2.9"));
        assert!(r.completed);
        assert_eq!(r.hops.len(), 3);
        assert!(r.hops[0].probes[0].rtt_less_than);
        assert_eq!(r.hops[1].note.as_deref(), Some("Request timed out."));
        assert_eq!(r.hops[2].probes[1].rtt_ms, None);
        assert_eq!(r.hops[2].probes[2].host.as_deref(), Some("gw"));
        assert!(!p.truncated);
    }

    #[test]
    fn linux_hops_are_not_windows() {
        let l = lines(" 1  r.lan (192.168.1.1)  0.512 ms  0.480 ms  0.470 ms");
        assert_eq!(detect(&l), None);
    }

    #[test]
    fn cut_hop_is_truncated() {
        let p = parse(&lines("  4     *      ")).unwrap();
        assert!(p.truncated);
    }
}
