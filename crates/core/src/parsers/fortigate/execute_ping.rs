//! `fortigate.execute_ping`: FortiOS `execute ping` / `execute ping6` (FortiOS 5.6–7.6).
//!
//! FortiOS prints BSD-style ping output, the same shape as `linux.ping` reads:
//!
//! ```text
//! PING 198.51.100.10 (198.51.100.10): 56 data bytes
//! 64 bytes from 198.51.100.10: icmp_seq=0 ttl=54 time=25.9 ms
//! --- 198.51.100.10 ping statistics ---
//! 5 packets transmitted, 5 packets received, 0% packet loss
//! round-trip min/avg/max = 25.8/25.8/25.9 ms
//! ```
//!
//! Detection looks for that BSD shape (`icmp_seq=` from 0, `N packets received`,
//! `round-trip min/avg/max` without `stddev`); iputils and BusyBox output is left to
//! `linux.ping`. Without a prompt the two can tie; a `FGT # execute ping` echo settles it.

use super::super::linux::ping::parse_unix_ping;
use super::super::probe_records::PingRun;
use super::super::{Confidence, Line, ParseResult};

/// Cheap check: BSD-style ping output as FortiOS prints it.
pub fn detect(lines: &[Line<'_>]) -> Option<Confidence> {
    let mut bsd = false;
    let mut seen = false;
    for l in lines {
        let t = l.text.trim_start();
        // iputils / BusyBox / macOS markers: not FortiOS.
        if t.contains("bytes of data")
            || (t.starts_with("PING ") && !t.contains("):"))
            || t.starts_with('[')
            || t.starts_with("no answer yet")
            || t.starts_with("rtt ")
            || t.contains("stddev")
            || (t.contains(" bytes from ") && t.contains(" seq=") && !t.contains("icmp_seq="))
            || (t.contains("packets transmitted")
                && t.contains(" received,")
                && !t.contains("packets received"))
        {
            return None;
        }
        if (t.starts_with("PING ") && t.contains("): ") && t.ends_with("data bytes"))
            || (t.contains("packets transmitted, ") && t.contains("packets received"))
            || t.starts_with("round-trip min/avg/max =")
        {
            bsd = true;
        } else if t.contains(" bytes from ") && t.contains("icmp_seq=") {
            seen = true;
        }
    }
    if bsd {
        Some(0.75)
    } else if seen {
        Some(0.5)
    } else {
        None
    }
}

/// Parses FortiOS ping output (shared Unix ping parser).
pub fn parse(lines: &[Line<'_>]) -> ParseResult<Vec<PingRun>> {
    parse_unix_ping(lines)
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
    fn bsd_style_only() {
        let fgt = lines(
            "PING 192.0.2.1 (192.0.2.1): 56 data bytes\n64 bytes from 192.0.2.1: icmp_seq=0 ttl=64 time=0.4 ms\n\n--- 192.0.2.1 ping statistics ---\n1 packets transmitted, 1 packets received, 0% packet loss\nround-trip min/avg/max = 0.4/0.4/0.4 ms",
        );
        assert_eq!(detect(&fgt), Some(0.75));
        let p = parse(&fgt).unwrap();
        assert_eq!(
            p.records[0].statistics.as_ref().and_then(|s| s.received),
            Some(1)
        );
        let linux = lines(
            "PING 192.0.2.1 (192.0.2.1) 56(84) bytes of data.\n64 bytes from 192.0.2.1: icmp_seq=1 ttl=64 time=0.5 ms",
        );
        assert_eq!(detect(&linux), None);
        let busybox = lines(
            "PING 192.0.2.1 (192.0.2.1): 56 data bytes\n64 bytes from 192.0.2.1: seq=0 ttl=64 time=0.4 ms",
        );
        assert_eq!(detect(&busybox), None);
    }
}
