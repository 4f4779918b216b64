//! `windows.ping`: Windows `ping.exe` output (Windows 7 to 11, Server 2012 to 2025, English).
//!
//! Command: `ping [-n N] [-l SIZE] [-f] [-t] [-4|-6] HOST`.
//!
//! ```text
//! Pinging 198.51.100.10 with 32 bytes of data:
//! Reply from 198.51.100.10: bytes=32 time=12ms TTL=54
//! Request timed out.
//! Ping statistics for 198.51.100.10:
//!     Packets: Sent = 2, Received = 1, Lost = 1 (50% loss),
//! Approximate round trip times in milli-seconds:
//!     Minimum = 12ms, Maximum = 12ms, Average = 12ms
//! ```
//!
//! Windows prints no sequence numbers; replies are numbered in order of appearance.

use nom::bytes::complete::{tag, take_until};
use nom::{IResult, Parser};

use super::super::common::spans;
use super::super::fields::{contains_ci, float, is_prompt_line, ms_value, uint};
use super::super::probe_records::{
    OutcomePhrase, PingReply, PingRun, PingStatistics, ReplyOutcome,
};
use super::super::{Confidence, Line, ParseError, ParseResult, Parsed};
use crate::LineSpan;

/// Failure lines Windows prints instead of a reply, by phrase.
const FAILURES: &[OutcomePhrase] = &[
    ("Request timed out", || ReplyOutcome::Timeout),
    ("Destination host unreachable", || {
        ReplyOutcome::HostUnreachable
    }),
    ("Destination net unreachable", || {
        ReplyOutcome::NetUnreachable
    }),
    ("Destination port unreachable", || {
        ReplyOutcome::PortUnreachable
    }),
    ("needs to be fragmented but DF set", || {
        ReplyOutcome::FragmentationNeeded
    }),
    ("TTL expired in transit", || ReplyOutcome::TtlExceeded),
    ("General failure", || ReplyOutcome::GeneralFailure),
    ("transmit failed", || ReplyOutcome::GeneralFailure),
];

/// Cheap check: `Pinging X with N bytes of data:`, `Reply from X: bytes=`, or the
/// `Ping statistics for` block.
pub fn detect(lines: &[Line<'_>]) -> Option<Confidence> {
    let mut best: Option<Confidence> = None;
    for l in lines {
        let t = l.text.trim();
        let c = if t.starts_with("Pinging ") && t.contains(" bytes of data") {
            0.95
        } else if t.starts_with("Ping statistics for ")
            || t.starts_with("Packets: Sent = ")
            || t.starts_with("Ping request could not find host")
        {
            0.9
        } else if t.starts_with("Reply from ") && (t.contains("bytes=") || t.contains("time")) {
            0.85
        } else if t == "Request timed out." || t.starts_with("Minimum = ") {
            0.5
        } else {
            continue;
        };
        best = Some(best.map_or(c, |b: Confidence| b.max(c)));
    }
    best
}

/// Parses Windows ping runs.
pub fn parse(lines: &[Line<'_>]) -> ParseResult<Vec<PingRun>> {
    let first = lines
        .iter()
        .find(|l| !l.text.trim().is_empty())
        .ok_or(ParseError::Empty)?;
    let mut runs: Vec<PingRun> = Vec::new();
    let mut skipped = Vec::new();
    let mut interrupted = false;
    for line in lines {
        let text = line.text.trim();
        if text.is_empty() || is_prompt_line(line.text) {
            continue;
        }
        if text == "Control-C" || text == "^C" {
            interrupted = true;
            continue;
        }
        if let Some(run) = header(text, line.no) {
            runs.push(run);
            continue;
        }
        if let Some(host) = text.strip_prefix("Ping request could not find host ") {
            let mut run = empty_run(line.no);
            run.target = host
                .split(". Please")
                .next()
                .map(|h| h.trim_end_matches('.').to_owned());
            run.error = Some(text.to_owned());
            runs.push(run);
            continue;
        }
        let run = match runs.last_mut() {
            Some(r) => r,
            None => {
                runs.push(empty_run(line.no));
                let Some(r) = runs.last_mut() else { continue };
                r
            }
        };
        if read_line(run, text, line.no) {
            run.lines.end = line.no;
        } else {
            skipped.push(line.no);
        }
    }
    runs.retain(|r| r.target.is_some() || !r.replies.is_empty() || r.statistics.is_some());
    if runs.is_empty() {
        return Err(ParseError::Syntax {
            line: first.no,
            message: "expected `Pinging HOST with N bytes of data:` or reply lines".into(),
        });
    }
    for run in &mut runs {
        let mut seq = 0u32;
        for r in &mut run.replies {
            seq += 1;
            r.seq = Some(seq);
        }
    }
    let truncated = interrupted
        || runs
            .last()
            .is_some_and(|r| r.statistics.is_none() && r.error.is_none());
    let mut out = Parsed::new(runs);
    out.truncated = truncated;
    out.skipped = spans(skipped);
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

/// `Pinging NAME [ADDR] with 32 bytes of data:`.
fn header(text: &str, no: u32) -> Option<PingRun> {
    let rest = text.strip_prefix("Pinging ")?;
    let (dest, tail) = rest.split_once(" with ")?;
    let mut run = empty_run(no);
    match dest.split_once(" [") {
        Some((name, addr)) => {
            run.target = Some(name.trim().to_owned());
            run.address = Some(addr.trim_end_matches(']').to_owned());
        }
        None => {
            run.target = Some(dest.trim().to_owned());
            run.address = Some(dest.trim().to_owned());
        }
    }
    run.payload_bytes = tail.split_whitespace().next().and_then(uint);
    Some(run)
}

/// `Reply from ADDR: rest`.
fn reply_from(i: &str) -> IResult<&str, &str> {
    let (i, _) = tag("Reply from ")(i)?;
    let (i, addr) = take_until(": ")(i)?;
    let (i, _) = tag(": ")(i)?;
    Ok((i, addr))
}

fn read_line(run: &mut PingRun, text: &str, no: u32) -> bool {
    if let Ok((rest, addr)) = reply_from.parse(text) {
        let mut r = blank_reply(no);
        r.from = Some(addr.trim().to_owned());
        if rest.contains("time") {
            for w in rest.split_whitespace() {
                if let Some(v) = w.strip_prefix("bytes=") {
                    r.bytes = uint(v);
                } else if let Some(v) = w.strip_prefix("TTL=") {
                    r.ttl = uint(v);
                } else if let Some(v) = w.strip_prefix("time") {
                    let (v, lt) = match v.strip_prefix('=') {
                        Some(v) => (v, false),
                        None => (v.trim_start_matches('<'), true),
                    };
                    r.time_ms = ms_value(v).map(|(t, _)| t);
                    r.time_less_than = lt;
                }
            }
        } else {
            r.outcome =
                failure(rest).unwrap_or_else(|| ReplyOutcome::Other(rest.trim().to_owned()));
        }
        run.replies.push(r);
        return true;
    }
    if let Some(outcome) = failure(text) {
        let mut r = blank_reply(no);
        r.outcome = outcome;
        run.replies.push(r);
        return true;
    }
    if let Some(addr) = text.strip_prefix("Ping statistics for ") {
        let addr = addr.trim_end_matches(':').trim();
        if run.address.is_none() {
            run.address = Some(addr.to_owned());
        }
        stats(run, no);
        return true;
    }
    if let Some(rest) = text.strip_prefix("Packets:") {
        let s = stats(run, no);
        for (k, v) in rest.split(',').filter_map(|p| p.split_once('=')) {
            let v = v.trim();
            let n = v.split_whitespace().next().and_then(uint);
            match k.trim() {
                "Sent" => s.transmitted = n,
                "Received" => s.received = n,
                "Lost" => {
                    s.lost = n;
                    s.loss_percent = v
                        .split_once('(')
                        .and_then(|(_, p)| p.split('%').next())
                        .and_then(float);
                }
                _ => {}
            }
        }
        return true;
    }
    if text.starts_with("Approximate round trip times") {
        stats(run, no);
        return true;
    }
    if text.starts_with("Minimum = ") {
        let s = stats(run, no);
        for (k, v) in text.split(',').filter_map(|p| p.split_once('=')) {
            let v = ms_value(v).map(|(t, _)| t);
            match k.trim() {
                "Minimum" => s.rtt_min_ms = v,
                "Maximum" => s.rtt_max_ms = v,
                "Average" => s.rtt_avg_ms = v,
                _ => {}
            }
        }
        return true;
    }
    false
}

fn stats(run: &mut PingRun, no: u32) -> &mut PingStatistics {
    let s = run.statistics.get_or_insert_with(|| PingStatistics {
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
    });
    s.lines.end = no;
    s
}

fn failure(text: &str) -> Option<ReplyOutcome> {
    FAILURES
        .iter()
        .find(|(p, _)| contains_ci(text, p))
        .map(|(_, f)| f())
}

fn blank_reply(no: u32) -> PingReply {
    PingReply {
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
    fn replies_timeouts_and_stats() {
        let t = "Pinging gw [192.0.2.1] with 32 bytes of data:\n\
                 Reply from 192.0.2.1: bytes=32 time<1ms TTL=64\n\
                 Request timed out.\n\
                 \n\
                 Ping statistics for 192.0.2.1:\n    \
                 Packets: Sent = 2, Received = 1, Lost = 1 (50% loss),\n\
                 Approximate round trip times in milli-seconds:\n    \
                 Minimum = 0ms, Maximum = 0ms, Average = 0ms\n";
        let l = lines(t);
        assert_eq!(detect(&l), Some(0.95));
        let p = parse(&l).unwrap();
        let r = &p.records[0];
        assert_eq!(r.target.as_deref(), Some("gw"));
        assert_eq!(r.address.as_deref(), Some("192.0.2.1"));
        assert_eq!(r.replies[0].time_ms, Some(1.0));
        assert!(r.replies[0].time_less_than);
        assert_eq!(r.replies[1].outcome, ReplyOutcome::Timeout);
        assert_eq!(r.replies[1].seq, Some(2));
        let s = r.statistics.as_ref().unwrap();
        assert_eq!(
            (s.transmitted, s.received, s.lost),
            (Some(2), Some(1), Some(1))
        );
        assert_eq!(s.loss_percent, Some(50.0));
        assert!(!p.truncated);
    }

    #[test]
    fn ipv6_reply_without_ttl() {
        let l = lines("Reply from 2001:db8::1: time=18ms");
        let p = parse(&l).unwrap();
        assert_eq!(p.records[0].replies[0].from.as_deref(), Some("2001:db8::1"));
        assert_eq!(p.records[0].replies[0].time_ms, Some(18.0));
        assert!(p.truncated);
    }

    #[test]
    fn linux_output_is_not_windows() {
        let l = lines(
            "PING 192.0.2.1 (192.0.2.1) 56(84) bytes of data.\n64 bytes from 192.0.2.1: icmp_seq=1 ttl=64 time=0.5 ms",
        );
        assert_eq!(detect(&l), None);
        assert!(parse(&l).is_err());
    }
}
