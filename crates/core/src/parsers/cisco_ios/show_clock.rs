//! `show clock [detail]` — Cisco IOS / IOS-XE / ASA device clock.
//!
//! Seen on IOS 12.4–15.x, IOS-XE 16/17 and ASA 9.x. A leading `*` means the clock is not
//! authoritative (never set or not synchronised); a leading `.` means it was authoritative
//! but NTP is not synchronised now. `detail` adds `Time source is ...`.
//!
//! ```text
//! *10:21:09.123 UTC Fri Mar 1 2002
//! Time source is hardware calendar
//! ```

use serde::{Deserialize, Serialize};

use crate::LineSpan;
use crate::parsers::common;
use crate::parsers::{Confidence, Line, ParseError, ParseResult, Parsed};

#[rustfmt::skip]
const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
#[rustfmt::skip]
const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// The device clock.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DeviceClock {
    /// The time line as printed, without the `*`/`.` marker.
    pub text: String,
    /// `hh:mm:ss[.mmm]`.
    pub time: String,
    /// Time zone as printed (`UTC`, `CET`, `PST`).
    pub zone: Option<String>,
    /// Weekday as printed.
    pub weekday: Option<String>,
    /// Year.
    pub year: Option<i32>,
    /// Month, 1–12.
    pub month: Option<u32>,
    /// Day of month.
    pub day: Option<u32>,
    /// `false` for `*` (not authoritative), `true` otherwise.
    pub authoritative: bool,
    /// `.` marker: was set by NTP but is not synchronised now.
    pub ntp_unsynchronised: bool,
    /// `Time source is ...` (detail).
    pub time_source: Option<String>,
    /// Source lines.
    pub lines: LineSpan,
}

/// Cheap check: a whole line shaped like a Cisco clock.
pub fn detect(lines: &[Line<'_>]) -> Option<Confidence> {
    lines
        .iter()
        .filter_map(|l| {
            let t = l.text.trim();
            if clock_line(t).is_some() {
                Some(0.85)
            } else if t.starts_with("Time source is ") {
                Some(0.8)
            } else {
                None
            }
        })
        .reduce(Confidence::max)
}

/// Parses the output (the last clock line wins when several are pasted together).
pub fn parse(lines: &[Line<'_>]) -> ParseResult<DeviceClock> {
    if lines.iter().all(common::is_blank) {
        return Err(ParseError::Empty);
    }
    let mut clock: Option<DeviceClock> = None;
    let mut skipped = Vec::new();
    for line in lines {
        let t = line.text.trim();
        if t.is_empty() {
            continue;
        }
        if let Some(mut c) = clock_line(t) {
            c.lines = LineSpan::line(line.no);
            clock = Some(c);
        } else if let (Some(src), Some(c)) = (t.strip_prefix("Time source is "), clock.as_mut()) {
            c.time_source = Some(src.trim().to_owned());
            c.lines = c.lines.join(LineSpan::line(line.no));
        } else {
            skipped.push(line.no);
        }
    }
    let Some(clock) = clock else {
        return Err(ParseError::Syntax {
            line: skipped.first().copied().unwrap_or(0),
            message: "no `hh:mm:ss ZONE Day Mon dd yyyy` clock line".to_owned(),
        });
    };
    let mut p = Parsed::new(clock);
    p.skipped = common::spans(skipped);
    Ok(p)
}

/// `*10:21:09.123 UTC Fri Mar 1 2002` (zone may be absent; ASA prints `UTC Fri Mar 1 2002`
/// the same way).
fn clock_line(t: &str) -> Option<DeviceClock> {
    let (marker, rest) = match t.chars().next()? {
        '*' | '.' => (t.get(..1), t.get(1..)?),
        _ => (None, t),
    };
    let toks: Vec<&str> = rest.split_whitespace().collect();
    let (time, tail) = toks.split_first()?;
    if !is_time(time) {
        return None;
    }
    // Optional zone, then weekday, month, day, year.
    let (zone, tail) = match tail.first() {
        Some(w) if !WEEKDAYS.contains(w) => (Some((*w).to_owned()), tail.get(1..)?),
        _ => (None, tail),
    };
    let [weekday, month, day, year] = tail else {
        return None;
    };
    if !WEEKDAYS.contains(weekday) {
        return None;
    }
    let month_no = MONTHS
        .iter()
        .position(|m| m == month)
        .and_then(|i| u32::try_from(i + 1).ok())?;
    Some(DeviceClock {
        text: rest.trim().to_owned(),
        time: (*time).to_owned(),
        zone,
        weekday: Some((*weekday).to_owned()),
        year: common::parse_num(year),
        month: Some(month_no),
        day: common::parse_num(day),
        authoritative: marker != Some("*"),
        ntp_unsynchronised: marker == Some("."),
        time_source: None,
        lines: LineSpan::default(),
    })
}

fn is_time(w: &str) -> bool {
    let main = w.split('.').next().unwrap_or(w);
    let parts: Vec<&str> = main.split(':').collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit()))
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
    fn markers_and_detail() {
        let p = parse(&lines(
            "*10:21:09.123 UTC Fri Mar 1 2002\nTime source is hardware calendar",
        ))
        .unwrap();
        let c = p.records;
        assert!(!c.authoritative);
        assert_eq!(c.zone.as_deref(), Some("UTC"));
        assert_eq!((c.year, c.month, c.day), (Some(2002), Some(3), Some(1)));
        assert_eq!(c.time_source.as_deref(), Some("hardware calendar"));
        assert_eq!(c.lines, LineSpan::new(1, 2));
        let p = parse(&lines(".09:00:00.001 CET Mon Oct 14 2024")).unwrap();
        assert!(p.records.authoritative && p.records.ntp_unsynchronised);
        assert!(parse(&lines("10:00 tomorrow")).is_err());
        assert_eq!(
            detect(&lines(
                "Latest operation start time: 07:11:19 UTC Fri Oct 22 2021"
            )),
            None
        );
    }
}
