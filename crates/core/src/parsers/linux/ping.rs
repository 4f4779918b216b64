//! `linux.ping`: Linux iputils `ping`/`ping6` and BusyBox `ping` output.
//!
//! Command: `ping [-c N] [-D] [-O] [-M do -s SIZE] HOST` (iputils s20161105 to 20240117,
//! BusyBox 1.3x). BSD-style output (`N packets received`, `round-trip min/avg/max`) is read
//! too, which is also what FortiGate `execute ping` prints (see `fortigate::execute_ping`).
//!
//! ```text
//! PING 198.51.100.10 (198.51.100.10) 56(84) bytes of data.
//! 64 bytes from 198.51.100.10: icmp_seq=1 ttl=54 time=12.4 ms
//! From 192.168.1.1 icmp_seq=2 Destination Host Unreachable
//! --- 198.51.100.10 ping statistics ---
//! 2 packets transmitted, 1 received, +1 errors, 50% packet loss, time 1001ms
//! rtt min/avg/max/mdev = 12.4/12.4/12.4/0.0 ms
//! ```
//!
//! Several runs in one block give several records. A run without its statistics block is
//! reported as truncated.

use nom::bytes::complete::{tag, take_until};
use nom::character::complete::{char, digit1, space0};
use nom::combinator::{map_res, opt};
use nom::sequence::delimited;
use nom::{IResult, Parser};

use super::super::common::try_parse;
use super::super::fields::{float, is_prompt_line, uint};
use super::super::probe_records::{
    OutcomePhrase, PingReply, PingRun, PingStatistics, ReplyOutcome,
};
use super::super::{Confidence, Line, ParseError, ParseResult, Parsed};
use crate::LineSpan;

/// Replies reserved per run up front (more grow the vector as usual).
const REPLIES_RESERVED: usize = 64;

/// Cheap check: a `PING host (addr)` header, reply lines with `icmp_seq=`/`seq=`, or the
/// `--- host ping statistics ---` block.
pub fn detect(lines: &[Line<'_>]) -> Option<Confidence> {
    let mut header = false;
    let mut replies = 0usize;
    let mut stats = false;
    let mut linux_words = false;
    let mut bsd_words = false;
    for l in lines {
        let t = l.text.trim_start();
        if t.starts_with("PING ") && (t.contains("bytes of data") || t.contains("data bytes")) {
            header = true;
            // BSD-style headers end `(addr): 56 data bytes`; iputils has no colon.
            linux_words |= t.contains("bytes of data") || !t.contains("):");
        } else if t.contains(" bytes from ") && (t.contains("icmp_seq=") || t.contains(" seq=")) {
            replies += 1;
            // BusyBox prints `seq=`, iputils `-D` a `[epoch]` prefix.
            linux_words |= !t.contains("icmp_seq=") || t.starts_with('[');
        } else if t.starts_with("no answer yet for icmp_seq=") {
            linux_words = true;
        } else if t.starts_with("--- ") && t.ends_with(" ping statistics ---") {
            stats = true;
        } else if t.starts_with("rtt min/avg/max/mdev") {
            linux_words = true;
        } else if t.contains("packets transmitted, ") {
            stats = true;
            linux_words |= t.contains(" received,") && !t.contains("packets received");
            bsd_words |= t.contains("packets received");
        } else if t.starts_with("ping: ")
            && (t.contains("Name or service not known")
                || t.contains("unknown host")
                || t.contains("Network is unreachable")
                || t.contains("Temporary failure in name resolution"))
        {
            return Some(0.55);
        }
    }
    if !(header || stats || replies > 0) {
        return None;
    }
    Some(if linux_words {
        0.9
    } else if bsd_words || header {
        0.7
    } else {
        0.6
    })
}

/// Parses every ping run of a block.
pub fn parse(lines: &[Line<'_>]) -> ParseResult<Vec<PingRun>> {
    parse_unix_ping(lines)
}

/// The shared parser for Unix-style ping output (iputils, BusyBox, BSD, FortiOS).
pub fn parse_unix_ping(lines: &[Line<'_>]) -> ParseResult<Vec<PingRun>> {
    let first = lines
        .iter()
        .find(|l| !l.text.trim().is_empty())
        .ok_or(ParseError::Empty)?;
    let mut runs: Vec<PingRun> = Vec::new();
    let mut cur: Option<PingRun> = None;
    let mut in_stats = false;
    let mut skipped = Vec::new();
    let mut warnings = Vec::new();
    let mut interrupted = false;

    for (idx, line) in lines.iter().enumerate() {
        let text = line.text.trim();
        if text.is_empty() || is_prompt_line(line.text) {
            continue;
        }
        if text == "^C" || text.ends_with("^C") {
            interrupted = true;
            continue;
        }
        if let Some((target, address, payload)) = header(text) {
            if let Some(run) = cur.take() {
                runs.push(run);
            }
            cur = Some(PingRun {
                target,
                address,
                payload_bytes: payload,
                // At most one reply per following line, but a block may hold thousands of
                // runs: reserve a little, never the rest of the block per run.
                replies: Vec::with_capacity(
                    lines.len().saturating_sub(idx + 1).min(REPLIES_RESERVED),
                ),
                statistics: None,
                error: None,
                lines: LineSpan::line(line.no),
            });
            in_stats = false;
            continue;
        }
        if text.starts_with("--- ") && text.ends_with(" ping statistics ---") {
            let run = cur.get_or_insert_with(|| empty_run(line.no));
            if run.statistics.is_some() {
                // A second statistics block without a header: a new run.
                let done = std::mem::replace(run, empty_run(line.no));
                runs.push(done);
            }
            if let Some(run) = cur.as_mut() {
                run.statistics = Some(empty_stats(line.no));
                if run.target.is_none() {
                    let name = text
                        .trim_start_matches("--- ")
                        .trim_end_matches(" ping statistics ---")
                        .trim();
                    run.target = (!name.is_empty()).then(|| name.to_owned());
                }
                run.lines.end = line.no;
            }
            in_stats = true;
            continue;
        }
        if text.contains("packets transmitted") {
            let run = cur.get_or_insert_with(|| empty_run(line.no));
            let stats = run.statistics.get_or_insert_with(|| empty_stats(line.no));
            read_counts(text, stats);
            stats.lines.end = line.no;
            run.lines.end = line.no;
            in_stats = true;
            continue;
        }
        if let Some((names, values)) = rtt_line(text) {
            let run = cur.get_or_insert_with(|| empty_run(line.no));
            let stats = run.statistics.get_or_insert_with(|| empty_stats(line.no));
            for (name, v) in names.split('/').zip(values) {
                match name {
                    "min" => stats.rtt_min_ms = Some(v),
                    "avg" => stats.rtt_avg_ms = Some(v),
                    "max" => stats.rtt_max_ms = Some(v),
                    "mdev" | "stddev" => stats.rtt_mdev_ms = Some(v),
                    _ => {}
                }
            }
            stats.lines.end = line.no;
            run.lines.end = line.no;
            continue;
        }
        if let Some(err) = text.strip_prefix("ping: ") {
            let run = cur.get_or_insert_with(|| empty_run(line.no));
            run.error = Some(err.to_owned());
            run.lines.end = line.no;
            continue;
        }
        if text.starts_with("WARNING: ") || text.starts_with("PATTERN: ") {
            warnings.push(format!("line {}: {text}", line.no));
            if let Some(run) = cur.as_mut() {
                run.lines.end = line.no;
            }
            continue;
        }
        if !in_stats && let Some(reply) = reply_line(text, line.no) {
            let run = cur.get_or_insert_with(|| empty_run(line.no));
            run.replies.push(reply);
            run.lines.end = line.no;
            continue;
        }
        skipped.push(line.no);
    }
    if let Some(run) = cur.take() {
        runs.push(run);
    }
    if runs.is_empty() {
        return Err(ParseError::Syntax {
            line: first.no,
            message: "expected a `PING host` header, reply lines or `ping statistics`".into(),
        });
    }
    let truncated = interrupted && runs.iter().any(|r| r.statistics.is_none())
        || runs
            .last()
            .is_some_and(|r| r.statistics.is_none() && r.error.is_none());
    let mut out = Parsed::new(runs);
    out.skipped = super::super::common::spans(skipped);
    out.truncated = truncated;
    out.warnings = warnings;
    Ok(out)
}

fn empty_run(no: u32) -> PingRun {
    PingRun {
        target: None,
        address: None,
        payload_bytes: None,
        replies: Vec::new(),
        statistics: None,
        error: None,
        lines: LineSpan::line(no),
    }
}

fn empty_stats(no: u32) -> PingStatistics {
    PingStatistics {
        transmitted: None,
        received: None,
        lost: None,
        loss_percent: None,
        duplicates: None,
        errors: None,
        time_ms: None,
        rtt_min_ms: None,
        rtt_avg_ms: None,
        rtt_max_ms: None,
        rtt_mdev_ms: None,
        lines: LineSpan::line(no),
    }
}

/// `PING target (addr) 56(84) bytes of data.` / `PING t(addr) 56 data bytes` /
/// `PING t (addr): 56 data bytes`.
fn header(text: &str) -> Option<(Option<String>, Option<String>, Option<u32>)> {
    let rest = text.strip_prefix("PING ")?;
    if !(rest.contains("bytes of data") || rest.contains("data bytes")) {
        return None;
    }
    let open = rest.find('(')?;
    let target = rest.get(..open)?.trim();
    let after = rest.get(open + 1..)?;
    let close = after.find(')')?;
    let address = after.get(..close)?.trim();
    let tail = after.get(close + 1..)?.trim_start_matches(':').trim();
    let payload = try_parse(tail, map_res(digit1, str::parse::<u32>));
    Some((
        (!target.is_empty()).then(|| target.to_owned()),
        (!address.is_empty()).then(|| address.to_owned()),
        payload,
    ))
}

/// `N packets transmitted, N received, +N duplicates, +N errors, X% packet loss, time Nms`.
fn read_counts(text: &str, s: &mut PingStatistics) {
    for part in text.split(',') {
        let p = part.trim();
        let first = p.split_whitespace().next().unwrap_or("");
        if p.ends_with("packets transmitted") || p.ends_with("packet transmitted") {
            s.transmitted = uint(first);
        } else if p.ends_with("received") {
            s.received = uint(first);
        } else if p.ends_with("duplicates") {
            s.duplicates = uint(first.trim_start_matches('+'));
        } else if p.ends_with("errors") {
            s.errors = uint(first.trim_start_matches('+'));
        } else if p.ends_with("packet loss") {
            s.loss_percent = float(first.trim_end_matches('%'));
        } else if let Some(t) = p.strip_prefix("time ") {
            s.time_ms = uint(t.trim_end_matches("ms"));
        }
    }
    if let (Some(t), Some(r)) = (s.transmitted, s.received) {
        s.lost = t.checked_sub(r);
    }
}

/// `rtt min/avg/max/mdev = a/b/c/d ms, pipe 2` or `round-trip min/avg/max = a/b/c ms`.
fn rtt_line(text: &str) -> Option<(&str, Vec<f64>)> {
    let rest = text
        .strip_prefix("rtt ")
        .or_else(|| text.strip_prefix("round-trip "))?;
    let (names, values) = rest.split_once('=')?;
    let values = values
        .split(',')
        .next()?
        .trim()
        .trim_end_matches("ms")
        .trim();
    let nums: Option<Vec<f64>> = values.split('/').map(float).collect();
    Some((names.trim(), nums?))
}

/// `[1732270506.12] 64 bytes from host (addr): icmp_seq=1 ttl=54 time=12.4 ms (DUP!)`.
fn echo_reply(i: &str) -> IResult<&str, (u32, &str)> {
    let (i, _) = opt(delimited(char('['), take_until("]"), char(']'))).parse(i)?;
    let (i, _) = space0(i)?;
    let (i, bytes) = map_res(digit1, str::parse::<u32>).parse(i)?;
    let (i, _) = tag(" bytes from ")(i)?;
    let (i, from) = take_until(": ")(i)?;
    let (i, _) = tag(": ")(i)?;
    Ok((i, (bytes, from)))
}

fn reply_line(text: &str, no: u32) -> Option<PingReply> {
    let mut r = PingReply {
        seq: None,
        from: None,
        bytes: None,
        ttl: None,
        time_ms: None,
        time_less_than: false,
        outcome: ReplyOutcome::Reply,
        mtu: None,
        duplicate: false,
        lines: LineSpan::line(no),
    };
    if let Ok((rest, (bytes, from))) = echo_reply(text) {
        r.bytes = Some(bytes);
        r.from = Some(peer_address(from));
        for w in rest.split_whitespace() {
            if let Some(v) = w
                .strip_prefix("icmp_seq=")
                .or_else(|| w.strip_prefix("seq="))
            {
                r.seq = uint(v);
            } else if let Some(v) = w.strip_prefix("ttl=").or_else(|| w.strip_prefix("hlim=")) {
                r.ttl = uint(v);
            } else if let Some(v) = w.strip_prefix("time=") {
                r.time_ms = float(v.trim_end_matches("ms"));
            } else if let Some(v) = w.strip_prefix("time<") {
                r.time_ms = float(v.trim_end_matches("ms"));
                r.time_less_than = true;
            } else if w == "(DUP!)" {
                r.duplicate = true;
            }
        }
        // A reply line must carry a sequence number; otherwise it is an error message.
        return r.seq.map(|_| r);
    }
    if let Some(rest) = text.strip_prefix("From ") {
        let pos = rest.find("icmp_seq=")?;
        let from = rest.get(..pos)?.trim().trim_end_matches(':').trim();
        let after = rest.get(pos + "icmp_seq=".len()..)?;
        let (seq, msg) = after.split_once(' ').unwrap_or((after, ""));
        r.from = Some(peer_address(from));
        r.seq = uint(seq);
        r.outcome = error_outcome(msg.trim());
        r.mtu = msg
            .split_once("mtu = ")
            .and_then(|(_, m)| uint(m.trim_end_matches(')')));
        return Some(r);
    }
    // `no answer yet for icmp_seq=11` (-O) and BSD `Request timeout for icmp_seq 3`.
    let seq = text
        .strip_prefix("no answer yet for icmp_seq=")
        .or_else(|| text.strip_prefix("Request timeout for icmp_seq "))?;
    r.seq = uint(seq);
    r.outcome = ReplyOutcome::Timeout;
    r.seq.map(|_| r)
}

/// ICMP error words in `From x icmp_seq=N <message>` lines, by phrase.
const ERROR_PHRASES: &[OutcomePhrase] = &[
    ("Host Unreachable", || ReplyOutcome::HostUnreachable),
    ("Net Unreachable", || ReplyOutcome::NetUnreachable),
    ("Port Unreachable", || ReplyOutcome::PortUnreachable),
    ("Frag needed", || ReplyOutcome::FragmentationNeeded),
    ("Time to live exceeded", || ReplyOutcome::TtlExceeded),
    ("prohibited", || ReplyOutcome::Prohibited),
    ("Packet filtered", || ReplyOutcome::Prohibited),
];

fn error_outcome(msg: &str) -> ReplyOutcome {
    ERROR_PHRASES
        .iter()
        .find(|(p, _)| super::super::fields::contains_ci(msg, p))
        .map_or_else(|| ReplyOutcome::Other(msg.to_owned()), |(_, f)| f())
}

/// `name (addr)` → `addr`; otherwise the text itself.
fn peer_address(from: &str) -> String {
    let t = from.trim();
    match (t.rfind('('), t.ends_with(')')) {
        (Some(open), true) => t
            .get(open + 1..t.len() - 1)
            .map_or_else(|| t.to_owned(), |a| a.trim().to_owned()),
        _ => t.to_owned(),
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
    fn many_runs_in_one_block_reserve_little_each() {
        // A pasted loop of 2,000 pings: each run must not reserve the rest of the block.
        let mut text = String::new();
        for i in 0..2000 {
            text.push_str(&format!(
                "PING 192.0.2.{} (192.0.2.{}) 56(84) bytes of data.\n",
                i % 250,
                i % 250
            ));
            text.push_str("64 bytes from 192.0.2.1: icmp_seq=1 ttl=64 time=0.5 ms\n");
        }
        let runs = parse_unix_ping(&lines(&text)).expect("parses").records;
        assert_eq!(runs.len(), 2000);
        assert!(
            runs.iter()
                .all(|r| r.replies.len() == 1 && r.replies.capacity() <= REPLIES_RESERVED)
        );
    }

    #[test]
    fn iputils_run() {
        let t = "PING 192.0.2.1 (192.0.2.1) 56(84) bytes of data.\n\
                 64 bytes from 192.0.2.1: icmp_seq=1 ttl=64 time=0.5 ms\n\
                 From 192.0.2.254 icmp_seq=2 Destination Host Unreachable\n\
                 \n\
                 --- 192.0.2.1 ping statistics ---\n\
                 2 packets transmitted, 1 received, +1 errors, 50% packet loss, time 1001ms\n\
                 rtt min/avg/max/mdev = 0.5/0.5/0.5/0.0 ms\n";
        let l = lines(t);
        assert_eq!(detect(&l), Some(0.9));
        let p = parse(&l).unwrap();
        assert!(!p.truncated);
        let run = &p.records[0];
        assert_eq!(run.address.as_deref(), Some("192.0.2.1"));
        assert_eq!(run.payload_bytes, Some(56));
        assert_eq!(run.replies.len(), 2);
        assert_eq!(run.replies[1].outcome, ReplyOutcome::HostUnreachable);
        let s = run.statistics.as_ref().unwrap();
        assert_eq!(
            (s.transmitted, s.received, s.lost, s.errors),
            (Some(2), Some(1), Some(1), Some(1))
        );
        assert_eq!(s.loss_percent, Some(50.0));
        assert_eq!(s.rtt_mdev_ms, Some(0.0));
        assert_eq!(run.lines, LineSpan::new(1, 7));
    }

    #[test]
    fn busybox_and_truncation() {
        let l = lines(
            "PING 192.0.2.1 (192.0.2.1): 56 data bytes\n64 bytes from 192.0.2.1: seq=0 ttl=64 time=0.4 ms\n",
        );
        let p = parse(&l).unwrap();
        assert!(p.truncated);
        assert_eq!(p.records[0].replies[0].seq, Some(0));
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(parse(&lines("hello\nworld")).is_err());
        assert!(parse(&[]).is_err());
        assert_eq!(detect(&lines("hello")), None);
    }

    #[test]
    fn unparsable_reply_lines_are_skipped() {
        let l = lines(
            "PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.\n64 bytes from 127.0.0.1: error - weird error\n",
        );
        let p = parse(&l).unwrap();
        assert_eq!(p.skipped, vec![LineSpan::line(2)]);
    }
}
