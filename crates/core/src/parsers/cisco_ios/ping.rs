//! `ping [ip|ipv6] X [source Y] [size N] [df-bit] [repeat N]` — Cisco IOS / IOS-XE ping
//! (ASA prints the same layout and reuses this parser).
//!
//! Seen on IOS 12.4–15.x, IOS-XE 16/17 and ASA 9.x, including extended ping (source
//! address, DF bit, size sweep `[1400..1500]-byte`), probe strings that wrap over several
//! lines, and failures before sending (`% Unrecognized host or address`).
//!
//! ```text
//! Type escape sequence to abort.
//! Sending 5, 1500-byte ICMP Echos to 192.0.2.1, timeout is 2 seconds:
//! Packet sent with the DF bit set
//! M.M.M
//! Success rate is 0 percent (0/5)
//! ```

use serde::{Deserialize, Serialize};

use crate::LineSpan;
use crate::parsers::common;
use crate::parsers::{Confidence, Line, ParseError, ParseResult, Parsed};

/// One ping run.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CiscoPing {
    /// Target address.
    pub target: Option<String>,
    /// Number of echoes sent (`Sending 5`).
    pub repeat: Option<u32>,
    /// Datagram size in bytes (the lower bound of a sweep).
    pub size: Option<u32>,
    /// Upper bound of a size sweep (`[1400..1500]-byte`).
    pub size_max: Option<u32>,
    /// Timeout per echo, seconds.
    pub timeout_secs: Option<u32>,
    /// Source address (`Packet sent with a source address of`).
    pub source: Option<String>,
    /// DF bit set.
    pub df_bit: bool,
    /// The probe characters in order: `!` reply, `.` timeout, `U` unreachable, `M` could
    /// not fragment (DF set and too big), `Q` source quench, `?` unknown, `&` TTL exceeded.
    pub probes: String,
    /// Success rate in percent.
    pub success_percent: Option<u32>,
    /// Echoes answered.
    pub received: Option<u32>,
    /// Echoes sent (from the success line).
    pub sent: Option<u32>,
    /// Minimum round trip, ms.
    pub rtt_min_ms: Option<f64>,
    /// Average round trip, ms.
    pub rtt_avg_ms: Option<f64>,
    /// Maximum round trip, ms.
    pub rtt_max_ms: Option<f64>,
    /// Failure before any echo was sent.
    pub error: Option<String>,
    /// Source lines.
    pub lines: LineSpan,
}

/// Cheap check (used by the IOS and ASA rows; the platforms print the same text).
pub fn detect(lines: &[Line<'_>]) -> Option<Confidence> {
    lines
        .iter()
        .filter_map(|l| {
            let t = l.text.trim();
            if (t.starts_with("Sending ") && t.contains("ICMP Echos to"))
                || (t.starts_with("Success rate is ") && t.contains(" percent ("))
            {
                Some(0.9)
            } else if t == "Type escape sequence to abort." {
                Some(0.5)
            } else {
                None
            }
        })
        .reduce(Confidence::max)
}

/// Parses one or more runs.
pub fn parse(lines: &[Line<'_>]) -> ParseResult<Vec<CiscoPing>> {
    if lines.iter().all(common::is_blank) {
        return Err(ParseError::Empty);
    }
    let mut out: Vec<CiscoPing> = Vec::new();
    let mut skipped = Vec::new();
    for line in lines {
        let t = line.text.trim();
        if t.is_empty() {
            continue;
        }
        let no = line.no;
        if t == "Type escape sequence to abort." {
            // Starts a run unless the current one has not sent anything yet.
            if out
                .last()
                .is_none_or(|p| p.target.is_some() || p.error.is_some())
            {
                out.push(run_at(no));
            }
            continue;
        }
        if t.starts_with("Sending ") && t.contains("ICMP Echos to") {
            let needs_new = out.last().is_none_or(|p| p.target.is_some());
            if needs_new {
                out.push(run_at(no));
            }
            if let Some(p) = out.last_mut() {
                sending(p, t);
                p.lines = p.lines.join(LineSpan::line(no));
            }
            continue;
        }
        if t.starts_with('%') {
            let p = match out.last_mut() {
                Some(p) if p.target.is_none() => p,
                _ => {
                    out.push(run_at(no));
                    let Some(p) = out.last_mut() else { continue };
                    p
                }
            };
            p.error = Some(t.trim_start_matches('%').trim().to_owned());
            p.lines = p.lines.join(LineSpan::line(no));
            continue;
        }
        let Some(p) = out.last_mut() else {
            skipped.push(no);
            continue;
        };
        if body(p, t) {
            p.lines = p.lines.join(LineSpan::line(no));
        } else {
            skipped.push(no);
        }
    }
    if out.is_empty() {
        return Err(ParseError::Syntax {
            line: skipped.first().copied().unwrap_or(0),
            message: "no `Sending N, M-byte ICMP Echos to X` line".to_owned(),
        });
    }
    // A run that sent echoes but printed no success line was cut off.
    let truncated = out
        .iter()
        .any(|p| p.target.is_some() && p.success_percent.is_none() && p.error.is_none());
    let mut p = Parsed::new(out);
    p.truncated = truncated;
    p.skipped = common::spans(skipped);
    Ok(p)
}

fn run_at(no: u32) -> CiscoPing {
    CiscoPing {
        lines: LineSpan::line(no),
        ..CiscoPing::default()
    }
}

/// `Sending 5, 100-byte ICMP Echos to 192.0.2.1, timeout is 2 seconds:`
fn sending(p: &mut CiscoPing, t: &str) {
    p.repeat = common::word_after(t, "Sending").and_then(common::parse_num);
    let size = t
        .split_once(", ")
        .map_or("", |(_, r)| r)
        .split("-byte")
        .next()
        .unwrap_or("");
    if let Some(range) = size.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
        let (lo, hi) = range.split_once("..").unwrap_or((range, ""));
        p.size = common::parse_num(lo);
        p.size_max = common::parse_num(hi);
    } else {
        p.size = common::parse_num(size);
    }
    p.target = common::value_after(t, "ICMP Echos to").map(str::to_owned);
    p.timeout_secs = common::word_after(t, "timeout is").and_then(common::parse_num);
}

fn body(p: &mut CiscoPing, t: &str) -> bool {
    if let Some(v) = t.strip_prefix("Packet sent with a source address of") {
        p.source = Some(v.trim().to_owned());
    } else if t.starts_with("Packet sent with the DF bit set") {
        p.df_bit = true;
    } else if t.starts_with("Packet has data pattern")
        || t.starts_with("Packet has IP options")
        || t.starts_with("Reply to request")
        || t.starts_with("Request ")
    {
        // Verbose extended-ping lines: the probe string and success line carry the result.
    } else if t.starts_with("Success rate is ") {
        p.success_percent = common::word_after(t, "Success rate is").and_then(common::parse_num);
        if let Some((_, frac)) = t.split_once('(')
            && let Some((got, sent)) = frac.split(')').next().and_then(|f| f.split_once('/'))
        {
            p.received = common::parse_num(got);
            p.sent = common::parse_num(sent);
        }
        if let Some(v) = common::value_after(t, "min/avg/max =") {
            let nums: Vec<Option<f64>> = v
                .trim_end_matches("ms")
                .trim()
                .split('/')
                .map(|n| n.trim().parse().ok())
                .collect();
            let mut it = nums.into_iter();
            p.rtt_min_ms = it.next().flatten();
            p.rtt_avg_ms = it.next().flatten();
            p.rtt_max_ms = it.next().flatten();
        }
    } else if is_probe_string(t) {
        p.probes.push_str(t);
    } else {
        return false;
    }
    true
}

fn is_probe_string(t: &str) -> bool {
    !t.is_empty()
        && t.chars().all(|c| {
            matches!(
                c,
                '!' | '.' | 'U' | 'M' | 'Q' | '?' | '&' | 'C' | 'I' | 'N' | 'P' | 'A'
            )
        })
        && t.contains(['!', '.', 'U', 'M', 'Q', '?', '&'])
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
    fn success_and_failure() {
        let t = "Type escape sequence to abort.\nSending 5, 100-byte ICMP Echos to 192.0.2.1, timeout is 2 seconds:\nPacket sent with a source address of 192.0.2.10\n!!!!!\nSuccess rate is 100 percent (5/5), round-trip min/avg/max = 1/2/10 ms\n";
        let p = parse(&lines(t)).unwrap();
        let r = p.records.first().unwrap();
        assert_eq!(r.target.as_deref(), Some("192.0.2.1"));
        assert_eq!(r.source.as_deref(), Some("192.0.2.10"));
        assert_eq!(r.probes, "!!!!!");
        assert_eq!((r.received, r.sent), (Some(5), Some(5)));
        assert_eq!(r.rtt_max_ms, Some(10.0));
        let t = "Sending 10, [1400..1500]-byte ICMP Echos to 192.0.2.1, timeout is 2 seconds:\nPacket sent with the DF bit set\n!!!!!\nMMMMM\nSuccess rate is 50 percent (5/10), round-trip min/avg/max = 1/1/4 ms\n";
        let r = parse(&lines(t)).unwrap().records.remove(0);
        assert_eq!((r.size, r.size_max), (Some(1400), Some(1500)));
        assert!(r.df_bit);
        assert_eq!(r.probes, "!!!!!MMMMM");
        let p = parse(&lines(
            "% Unrecognized host or address, or protocol not running.",
        ))
        .unwrap();
        assert!(p.records.first().unwrap().error.is_some());
    }
}
