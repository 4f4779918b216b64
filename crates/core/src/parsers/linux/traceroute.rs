//! `linux.traceroute`: Linux `traceroute`/`traceroute6` (modern traceroute 2.x and the
//! BusyBox applet).
//!
//! Command: `traceroute [-n] [-A] [-I|-T] HOST`. Hops may show several responders (load
//! balancing), `*` for lost probes, `[AS64496]` with `-A`, and ICMP annotations after a time
//! (`!H` host, `!N` network, `!P` protocol, `!X` prohibited, `!F-<mtu>` fragmentation needed).
//!
//! ```text
//! traceroute to gateway.example.net (198.51.100.10), 30 hops max, 60 byte packets
//!  1  router.lan (192.168.1.1)  0.512 ms  0.480 ms  0.470 ms
//!  2  * * *
//!  3  core1 (203.0.113.65)  12.273 ms core2 (203.0.113.66)  12.213 ms  12.083 ms
//! ```

use nom::character::complete::{digit1, space1};
use nom::combinator::map_res;
use nom::{IResult, Parser};

use super::super::common::spans;
use super::super::fields::{float, is_ip, is_prompt_line, uint};
use super::super::probe_records::{TraceHop, TraceProbe, TraceRun};
use super::super::{Confidence, Line, ParseError, ParseResult, Parsed};
use crate::LineSpan;

/// Cheap check: the `traceroute to` header or hop lines with `ms` times and `(address)`.
pub fn detect(lines: &[Line<'_>]) -> Option<Confidence> {
    let mut hops = 0usize;
    let mut stars = 0usize;
    for l in lines {
        let t = l.text.trim_start();
        if (t.starts_with("traceroute to ") || t.starts_with("traceroute6 to "))
            && t.contains("hops max")
        {
            return Some(0.95);
        }
        // Cisco prints `msec`, Linux `ms`.
        if t.contains("msec") {
            return None;
        }
        match looks_like_hop(t) {
            Some(true) => hops += 1,
            Some(false) => stars += 1,
            None => {}
        }
    }
    (hops >= 2 || hops >= 1 && stars >= 1).then_some(0.6)
}

/// A hop line in the Linux style: number, then `(addr)`-style responders with `N.NNN ms`
/// times (`Some(true)`), or only stars (`Some(false)`). Windows tracert puts times before the
/// address and is not matched.
fn looks_like_hop(t: &str) -> Option<bool> {
    if t.contains(" bytes from ") || t.contains("icmp_seq") {
        return None;
    }
    let mut words = t.split_whitespace();
    if !words
        .next()
        .is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let second = words.next()?;
    if second == "*" {
        return t
            .split_whitespace()
            .skip(1)
            .all(|w| w.starts_with('*'))
            .then_some(false);
    }
    // Windows puts the first time right after the hop number.
    if float(second).is_some() || second.starts_with('<') {
        return None;
    }
    let has_ms = t.split_whitespace().any(|w| w == "ms");
    (has_ms && (t.contains('(') || second.contains('.') || second.contains(':'))).then_some(true)
}

/// Parses traceroute runs.
pub fn parse(lines: &[Line<'_>]) -> ParseResult<Vec<TraceRun>> {
    let first = lines
        .iter()
        .find(|l| !l.text.trim().is_empty())
        .ok_or(ParseError::Empty)?;
    let mut runs: Vec<TraceRun> = Vec::new();
    let mut skipped = Vec::new();
    let mut interrupted = false;
    let mut last_bad = false;
    for (idx, line) in lines.iter().enumerate() {
        let text = line.text.trim();
        if text.is_empty() || is_prompt_line(line.text) {
            continue;
        }
        last_bad = false;
        if let Some(mut run) = header(text, line.no) {
            // At most one hop per following line (bounded by the usual 30 hops max).
            run.hops
                .reserve(lines.len().saturating_sub(idx + 1).min(64));
            runs.push(run);
            continue;
        }
        if let Some((hop, cut)) = hop_line(text, line.no) {
            interrupted |= cut;
            if runs.is_empty() {
                runs.push(empty_run(line.no));
            }
            if let Some(run) = runs.last_mut() {
                run.lines.end = line.no;
                run.hops.push(hop);
            }
            continue;
        }
        if text == "^C" {
            interrupted = true;
            continue;
        }
        if let Some(err) = text
            .strip_prefix("traceroute: ")
            .or_else(|| text.strip_prefix("traceroute6: "))
        {
            if runs.is_empty() {
                runs.push(empty_run(line.no));
            }
            if let Some(run) = runs.last_mut() {
                run.error = Some(err.to_owned());
                run.lines.end = line.no;
            }
            continue;
        }
        if text.contains("Name or service not known") || text.contains("Cannot handle") {
            runs.push(TraceRun {
                error: Some(text.to_owned()),
                ..empty_run(line.no)
            });
            continue;
        }
        skipped.push(line.no);
        last_bad = true;
    }
    if runs.is_empty() {
        return Err(ParseError::Syntax {
            line: first.no,
            message: "expected a `traceroute to` header or hop lines".into(),
        });
    }
    for run in &mut runs {
        let reached = run.address.as_deref().is_some_and(|target| {
            run.hops.last().is_some_and(|h| {
                h.probes
                    .iter()
                    .any(|p| p.address.as_deref() == Some(target))
            })
        });
        run.completed = reached;
    }
    let mut out = Parsed::new(runs);
    out.truncated = interrupted || last_bad;
    out.skipped = spans(skipped);
    Ok(out)
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

/// `traceroute to NAME (ADDR), 30 hops max, 60 byte packets`.
fn header(text: &str, no: u32) -> Option<TraceRun> {
    let rest = text
        .strip_prefix("traceroute to ")
        .or_else(|| text.strip_prefix("traceroute6 to "))?;
    let mut run = empty_run(no);
    let (dest, tail) = rest.split_once(',').unwrap_or((rest, ""));
    match dest.split_once('(') {
        Some((name, addr)) => {
            run.target = Some(name.trim().to_owned());
            run.address = Some(addr.trim_end_matches(')').trim().to_owned());
        }
        None => run.target = Some(dest.trim().to_owned()),
    }
    for part in tail.split(',') {
        let p = part.trim();
        let n = p.split_whitespace().next().and_then(uint::<u32>);
        if p.ends_with("hops max") {
            run.max_hops = n;
        } else if p.ends_with("byte packets") {
            run.packet_bytes = n;
        }
    }
    Some(run)
}

/// A hop line: `N  responder (addr)  t ms [!X] ...`. Returns the hop and whether the line was
/// cut by `^C`.
fn hop_line(text: &str, no: u32) -> Option<(TraceHop, bool)> {
    let (rest, hop) = hop_prefix(text).ok()?;
    // Three probes per hop is traceroute's default.
    let mut probes: Vec<TraceProbe> = Vec::with_capacity(3);
    let mut host: Option<String> = None;
    let mut address: Option<String> = None;
    let mut asn: Option<String> = None;
    let mut cut = false;
    let mut words = rest.split_whitespace().peekable();
    while let Some(w) = words.next() {
        let w = match w.strip_suffix("^C") {
            Some(x) => {
                cut = true;
                x
            }
            None => w,
        };
        if w.is_empty() {
            continue;
        }
        if w.chars().all(|c| c == '*') {
            for _ in 0..w.len() {
                probes.push(probe(None, None, None, None));
            }
        } else if let Some(a) = w.strip_prefix('(').and_then(|x| x.strip_suffix(')')) {
            address = Some(a.to_owned());
        } else if let Some(a) = w.strip_prefix('[').and_then(|x| x.strip_suffix(']')) {
            asn = (a != "*").then(|| a.to_owned());
        } else if let Some(ann) = w.strip_prefix('!') {
            if let Some(p) = probes.last_mut() {
                p.annotation = Some(ann.to_owned());
            }
        } else if let Some(v) = float(w) {
            if words
                .peek()
                .is_some_and(|n| *n == "ms" || n.starts_with("ms^C"))
            {
                words.next();
            }
            let who = address.clone().or_else(|| host.clone());
            probes.push(probe(who, host.clone(), asn.clone(), Some(v)));
        } else if w != "ms" {
            // A new responder: a name (address in parentheses follows) or a bare address.
            host = None;
            address = None;
            asn = None;
            if is_ip(w) {
                address = Some(w.to_owned());
            } else {
                host = Some(w.to_owned());
            }
        }
    }
    if probes.is_empty() {
        return None;
    }
    for p in &mut probes {
        // A bare-address hop line has the address in `host` only when it is not an IP.
        if p.address.as_deref() == p.host.as_deref() {
            p.host = None;
        }
    }
    Some((
        TraceHop {
            hop,
            probes,
            note: None,
            lines: LineSpan::line(no),
        },
        cut,
    ))
}

/// `12  ` at the start of a hop line.
fn hop_prefix(i: &str) -> IResult<&str, u32> {
    let (i, n) = map_res(digit1, str::parse::<u32>).parse(i)?;
    let (i, _) = space1(i)?;
    Ok((i, n))
}

fn probe(
    address: Option<String>,
    host: Option<String>,
    asn: Option<String>,
    rtt: Option<f64>,
) -> TraceProbe {
    TraceProbe {
        address,
        host,
        asn,
        rtt_ms: rtt,
        rtt_less_than: false,
        annotation: None,
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
    fn hops_with_names_stars_and_annotations() {
        let t = "traceroute to x (198.51.100.10), 30 hops max, 60 byte packets\n \
                 1  r.lan (192.168.1.1)  0.5 ms  0.4 ms  0.4 ms\n \
                 2  * * *\n \
                 3  a (203.0.113.1)  1.0 ms !H b (203.0.113.2)  2.0 ms *\n \
                 4  198.51.100.10  9.0 ms  9.1 ms  9.2 ms\n";
        let l = lines(t);
        assert_eq!(detect(&l), Some(0.95));
        let p = parse(&l).unwrap();
        let run = &p.records[0];
        assert_eq!(run.max_hops, Some(30));
        assert_eq!(run.hops.len(), 4);
        assert_eq!(run.hops[1].probes.len(), 3);
        assert!(run.hops[1].probes.iter().all(|p| p.rtt_ms.is_none()));
        let h3 = &run.hops[2].probes;
        assert_eq!(h3[0].annotation.as_deref(), Some("H"));
        assert_eq!(h3[1].address.as_deref(), Some("203.0.113.2"));
        assert_eq!(h3[1].host.as_deref(), Some("b"));
        assert!(h3[2].address.is_none());
        assert!(run.completed);
        assert!(!p.truncated);
    }

    #[test]
    fn windows_hops_are_not_linux() {
        let l = lines(
            "  1    <1 ms    <1 ms    <1 ms  192.168.1.1\n  2    8 ms    7 ms    8 ms  203.0.113.1\n",
        );
        assert_eq!(detect(&l), None);
    }

    #[test]
    fn interrupted_and_garbage() {
        let p = parse(&lines(" 1  * *^C")).unwrap();
        assert!(p.truncated);
        assert!(parse(&lines("nothing here")).is_err());
    }
}
