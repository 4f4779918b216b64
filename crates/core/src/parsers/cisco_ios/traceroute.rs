//! `traceroute [ip|ipv6] X [source Y] [numeric]` — Cisco IOS / IOS-XE traceroute.
//!
//! Seen on IOS 12.4–15.x and IOS-XE 16/17: hops with one to many probes, several responders
//! per hop on continuation lines (ECMP), `*` timeouts, `!H`/`!N`/`!A` annotations, names with
//! addresses in parentheses, `[AS 65000]` and `[MPLS: Label 24 Exp 0]` tags. Records use the
//! shared [`TraceRun`] shape so rules read Cisco, Linux and Windows traces alike.
//!
//! ```text
//! Type escape sequence to abort.
//! Tracing the route to 198.51.100.7
//!   1 192.0.2.1 [AS 64500] 1 msec 0 msec 1 msec
//!   2  *  *  *
//!   3 edge.example.net (198.51.100.7) 12 msec *  11 msec
//! ```

use crate::LineSpan;
use crate::parsers::common;
use crate::parsers::probe_records::{TraceHop, TraceProbe, TraceRun};
use crate::parsers::{Confidence, Line, ParseError, ParseResult, Parsed};

/// Cheap check.
pub fn detect(lines: &[Line<'_>]) -> Option<Confidence> {
    lines
        .iter()
        .filter_map(|l| {
            let t = l.text.trim();
            if t.starts_with("Tracing the route to ") {
                Some(0.9)
            } else if t.starts_with("VRF info: (vrf in name/id") {
                Some(0.85)
            } else if t == "Type escape sequence to abort."
                || (hop_number(l.text).is_some() && t.contains(" msec"))
            {
                Some(0.5)
            } else {
                None
            }
        })
        .reduce(Confidence::max)
}

/// Parses one or more runs.
pub fn parse(lines: &[Line<'_>]) -> ParseResult<Vec<TraceRun>> {
    if lines.iter().all(common::is_blank) {
        return Err(ParseError::Empty);
    }
    let mut out: Vec<TraceRun> = Vec::new();
    let mut skipped = Vec::new();
    for line in lines {
        let t = line.text.trim();
        if t.is_empty() {
            continue;
        }
        let no = line.no;
        if t == "Type escape sequence to abort." || t.starts_with("VRF info:") {
            if t.starts_with("Type")
                && out
                    .last()
                    .is_none_or(|r| !r.hops.is_empty() || r.target.is_some())
            {
                out.push(run_at(no));
            }
            if let Some(r) = out.last_mut() {
                r.lines = r.lines.join(LineSpan::line(no));
            }
            continue;
        }
        if let Some(rest) = t.strip_prefix("Tracing the route to ") {
            if out.last().is_none_or(|r| r.target.is_some()) {
                out.push(run_at(no));
            }
            if let Some(r) = out.last_mut() {
                let (name, addr) = name_and_addr(rest.trim());
                r.target = Some(name.to_owned());
                r.address = addr.map(str::to_owned);
                r.lines = r.lines.join(LineSpan::line(no));
            }
            continue;
        }
        if t.starts_with('%') {
            if out.is_empty() {
                out.push(run_at(no));
            }
            if let Some(r) = out.last_mut() {
                r.error = Some(t.trim_start_matches('%').trim().to_owned());
                r.lines = r.lines.join(LineSpan::line(no));
            }
            continue;
        }
        if let Some((hop, rest)) = hop_number(line.text) {
            if out.is_empty() {
                out.push(run_at(no));
            }
            if let Some(r) = out.last_mut() {
                r.hops.push(TraceHop {
                    hop,
                    probes: probes(rest),
                    note: None,
                    lines: LineSpan::line(no),
                });
                r.lines = r.lines.join(LineSpan::line(no));
            }
            continue;
        }
        // An ECMP continuation: another responder for the current hop.
        if let Some(r) = out.last_mut()
            && let Some(h) = r.hops.last_mut()
            && line.text.starts_with(' ')
        {
            let more = probes(t);
            if !more.is_empty() {
                h.probes.extend(more);
                h.lines = h.lines.join(LineSpan::line(no));
                r.lines = r.lines.join(LineSpan::line(no));
                continue;
            }
        }
        skipped.push(no);
    }
    if out.is_empty() {
        return Err(ParseError::Syntax {
            line: skipped.first().copied().unwrap_or(0),
            message: "no `Tracing the route to` line or hop".to_owned(),
        });
    }
    for r in &mut out {
        let target = r.address.clone().or_else(|| r.target.clone());
        r.completed = r.hops.last().is_some_and(|h| {
            h.probes
                .iter()
                .any(|p| p.address.is_some() && p.address == target)
        });
    }
    let truncated = out
        .last()
        .is_some_and(|r| r.hops.is_empty() && r.error.is_none());
    let mut p = Parsed::new(out);
    p.truncated = truncated;
    p.skipped = common::spans(skipped);
    Ok(p)
}

fn run_at(no: u32) -> TraceRun {
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

/// `  3 10.0.0.1 1 msec` → (3, `10.0.0.1 1 msec`). Hop lines are indented numbers.
fn hop_number(line: &str) -> Option<(u32, &str)> {
    let t = line.trim_start();
    let end = t.find(|c: char| !c.is_ascii_digit())?;
    if end == 0 || !t.get(end..)?.starts_with(' ') {
        return None;
    }
    let n: u32 = t.get(..end)?.parse().ok()?;
    Some((n, t.get(end..)?.trim()))
}

/// `name (addr)` → (name, Some(addr)); `addr` → (addr, None).
fn name_and_addr(s: &str) -> (&str, Option<&str>) {
    match s.split_once(" (") {
        Some((name, rest)) => (name.trim(), rest.split(')').next()),
        None => (s, None),
    }
}

/// Reads the probes of one hop line (or continuation line).
fn probes(s: &str) -> Vec<TraceProbe> {
    let toks: Vec<&str> = s.split_whitespace().collect();
    let mut out = Vec::new();
    let (mut address, mut host, mut asn): (Option<String>, Option<String>, Option<String>) =
        (None, None, None);
    let mut i = 0usize;
    while let Some(tok) = toks.get(i).copied() {
        i += 1;
        if tok == "*" {
            out.push(probe(None, None, None, None, None));
        } else if let Some(code) = tok.strip_prefix('!') {
            out.push(probe(
                address.clone(),
                host.clone(),
                asn.clone(),
                None,
                Some(code.to_owned()),
            ));
        } else if tok.starts_with('[') {
            // `[AS 65000]`, `[AS65000]`, `[MPLS: Label 24 Exp 0]`: read to the closing bracket.
            let mut group = tok.to_owned();
            while !group.ends_with(']') {
                let Some(next) = toks.get(i) else { break };
                group.push(' ');
                group.push_str(next);
                i += 1;
            }
            let inner = group.trim_matches(['[', ']']);
            if let Some(a) = inner.strip_prefix("AS") {
                asn = Some(format!("AS{}", a.trim()));
            }
        } else if let Ok(ms) = tok.parse::<f64>() {
            if toks
                .get(i)
                .is_some_and(|u| u.starts_with("msec") || *u == "ms")
            {
                i += 1;
            }
            out.push(probe(
                address.clone(),
                host.clone(),
                asn.clone(),
                Some(ms),
                None,
            ));
        } else if let Some(a) = tok.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
            address = Some(a.to_owned());
        } else if common::is_addr(tok) {
            address = Some(tok.to_owned());
            host = None;
            asn = None;
        } else {
            // A name; its address may follow in parentheses.
            host = Some(tok.to_owned());
            address = None;
            asn = None;
        }
    }
    out
}

fn probe(
    address: Option<String>,
    host: Option<String>,
    asn: Option<String>,
    rtt_ms: Option<f64>,
    annotation: Option<String>,
) -> TraceProbe {
    TraceProbe {
        address,
        host,
        asn,
        rtt_ms,
        rtt_less_than: false,
        annotation,
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
    fn hops_ecmp_and_annotations() {
        let t = "Type escape sequence to abort.\nTracing the route to 198.51.100.7\nVRF info: (vrf in name/id, vrf out name/id)\n  1 192.0.2.1 [AS 64500] 1 msec 0 msec 1 msec\n  2 203.0.113.1 [MPLS: Label 24 Exp 0] 4 msec\n    203.0.113.5 5 msec *\n  3  *  *  *\n  4 edge.example.net (198.51.100.7) 12 msec !H *\n";
        let p = parse(&lines(t)).unwrap();
        assert!(p.skipped.is_empty(), "{:?}", p.skipped);
        let r = p.records.first().unwrap();
        assert_eq!(r.target.as_deref(), Some("198.51.100.7"));
        assert_eq!(r.hops.len(), 4);
        let h1 = r.hops.first().unwrap();
        assert_eq!(h1.probes.len(), 3);
        assert_eq!(h1.probes.first().unwrap().asn.as_deref(), Some("AS64500"));
        let h2 = r.hops.get(1).unwrap();
        assert_eq!(h2.probes.len(), 3);
        assert_eq!(h2.lines, LineSpan::new(5, 6));
        let h4 = r.hops.get(3).unwrap();
        assert_eq!(
            h4.probes.first().unwrap().host.as_deref(),
            Some("edge.example.net")
        );
        assert_eq!(h4.probes.get(1).unwrap().annotation.as_deref(), Some("H"));
        assert!(r.completed);
    }
}
