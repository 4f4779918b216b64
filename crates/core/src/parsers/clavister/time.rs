//! `clavister.time`: the Clavister cOS `time` command (current system date and time), asked
//! for by the certificate troubleshooting steps ("check that the system date and time is set
//! correctly"). cOS Core prints `Local time: YYYY-MM-DD HH:MM:SS (UTC+hh:mm)` with an optional
//! `DST` mark; cOS Stream may print only the date and time.
//!
//! ```text
//! System:/> time
//! Local time: 2025-11-22 12:30:09 (UTC+01:00)
//! ```

use serde::{Deserialize, Serialize};

use super::super::common::spans;
use super::super::fields::is_prompt_line;
use super::super::{Confidence, Line, ParseError, ParseResult, Parsed};
use crate::LineSpan;

/// The device clock.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SystemTime {
    /// Local date and time as printed (`2025-11-22 12:30:09`).
    pub local: Option<String>,
    /// UTC date and time, when printed.
    pub utc: Option<String>,
    /// The UTC offset as printed (`UTC+01:00`).
    pub utc_offset: Option<String>,
    /// The UTC offset in minutes.
    pub utc_offset_minutes: Option<i32>,
    /// True when daylight saving time is marked as in effect.
    pub dst: bool,
    /// The lines.
    pub lines: LineSpan,
}

/// Cheap check: a `Local time:`/`UTC time:` line with an ISO date.
pub fn detect(lines: &[Line<'_>]) -> Option<Confidence> {
    lines.iter().find_map(|l| {
        let t = l.text.trim();
        let (label, rest) = t.split_once(':')?;
        (matches!(
            label.trim(),
            "Local time" | "UTC time" | "System time" | "Current time"
        ) && iso_datetime(rest.trim()).is_some())
        .then_some(0.85)
    })
}

/// Parses the output of `time`.
pub fn parse(lines: &[Line<'_>]) -> ParseResult<SystemTime> {
    let first = lines
        .iter()
        .find(|l| !l.text.trim().is_empty())
        .ok_or(ParseError::Empty)?;
    let mut out = SystemTime {
        local: None,
        utc: None,
        utc_offset: None,
        utc_offset_minutes: None,
        dst: false,
        lines: LineSpan::line(first.no),
    };
    let mut skipped = Vec::new();
    let mut seen = false;
    for line in lines {
        let t = line.text.trim();
        if t.is_empty() || is_prompt_line(line.text) {
            continue;
        }
        let (label, rest) = match t.split_once(": ") {
            Some((l, r)) if !l.chars().any(|c| c.is_ascii_digit()) => (l.trim(), r.trim()),
            _ => ("", t),
        };
        let Some((datetime, tail)) = iso_datetime(rest) else {
            skipped.push(line.no);
            continue;
        };
        let utc_line = label.eq_ignore_ascii_case("UTC time");
        if utc_line {
            out.utc = Some(datetime.to_owned());
        } else {
            out.local = Some(datetime.to_owned());
        }
        if let Some(off) = tail
            .split_whitespace()
            .map(|w| w.trim_matches(|c| c == '(' || c == ')'))
            .find(|w| w.starts_with("UTC") || w.starts_with("GMT"))
        {
            out.utc_offset = Some(off.to_owned());
            out.utc_offset_minutes = offset_minutes(off);
        }
        out.dst |= tail.split_whitespace().any(|w| w == "DST");
        out.lines.end = line.no;
        if !seen {
            out.lines.start = line.no;
        }
        seen = true;
    }
    if !seen {
        return Err(ParseError::Syntax {
            line: first.no,
            message: "expected a date and time such as `Local time: 2025-11-22 12:30:09`".into(),
        });
    }
    let mut p = Parsed::new(out);
    p.skipped = spans(skipped);
    Ok(p)
}

/// `YYYY-MM-DD HH:MM:SS` at the start of `s` → (that text, the rest).
fn iso_datetime(s: &str) -> Option<(&str, &str)> {
    let b = s.as_bytes();
    let shape = b.len() >= 19
        && b.iter().take(19).enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b' ' || *c == b'T',
            13 | 16 => *c == b':',
            _ => c.is_ascii_digit(),
        });
    if !shape {
        return None;
    }
    Some((s.get(..19)?, s.get(19..)?.trim()))
}

/// `UTC+01:00` / `UTC-0530` / `UTC` → minutes.
fn offset_minutes(off: &str) -> Option<i32> {
    let rest = off
        .strip_prefix("UTC")
        .or_else(|| off.strip_prefix("GMT"))?;
    if rest.is_empty() {
        return Some(0);
    }
    let (sign, rest) = match rest.split_at_checked(1)? {
        ("+", r) => (1, r),
        ("-", r) => (-1, r),
        _ => return None,
    };
    let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    let (h, m) = match digits.len() {
        1 | 2 => (digits.parse::<i32>().ok()?, 0),
        4 => (
            digits.get(..2)?.parse::<i32>().ok()?,
            digits.get(2..)?.parse::<i32>().ok()?,
        ),
        _ => return None,
    };
    Some(sign * (h * 60 + m))
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
    fn local_time_with_offset_and_dst() {
        let l = lines(
            "Local time: 2025-07-01 08:15:42 (UTC+02:00) DST\nUTC time:   2025-07-01 06:15:42\n",
        );
        assert_eq!(detect(&l), Some(0.85));
        let p = parse(&l).unwrap().records;
        assert_eq!(p.local.as_deref(), Some("2025-07-01 08:15:42"));
        assert_eq!(p.utc.as_deref(), Some("2025-07-01 06:15:42"));
        assert_eq!(p.utc_offset_minutes, Some(120));
        assert!(p.dst);
    }

    #[test]
    fn bare_and_garbage() {
        let p = parse(&lines("2025-11-22 12:30:09")).unwrap().records;
        assert_eq!(p.local.as_deref(), Some("2025-11-22 12:30:09"));
        assert!(parse(&lines("what time is it")).is_err());
        assert_eq!(detect(&lines("2025-11-22 12:30:09")), None);
        assert_eq!(offset_minutes("UTC-05:30"), Some(-330));
    }
}
