//! Timestamps as devices print them, reduced to seconds since the epoch plus what is known
//! about the time zone. No calendar crate: the few formats seen in device output are parsed
//! token by token, and the zone abbreviations come from a small table (ambiguous ones such as
//! `IST` stay unknown on purpose, so a rule can say "time zones may differ").

use serde::Serialize;

/// What is known about the zone of a printed time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum ZoneInfo {
    /// A known zone: offset east of UTC in seconds, and the name as printed.
    Known {
        /// Offset in seconds.
        offset: i32,
        /// Name as printed.
        name: String,
    },
    /// A zone name we cannot map to one offset (custom or ambiguous).
    Unknown {
        /// Name as printed.
        name: String,
    },
    /// No zone printed.
    Unstated,
}

/// A point in time read from device output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Timestamp {
    /// Seconds since 1970-01-01T00:00:00Z. When the zone is not known, the wall-clock time
    /// is taken as UTC (so comparisons are off by at most the zone offset).
    pub epoch: i64,
    /// The zone.
    pub zone: ZoneInfo,
    /// The text it was read from.
    pub text: String,
}

impl Timestamp {
    /// True when the epoch is exact (zone known).
    pub fn zone_known(&self) -> bool {
        matches!(self.zone, ZoneInfo::Known { .. })
    }

    /// Zone name, when one was printed.
    pub fn zone_name(&self) -> Option<&str> {
        match &self.zone {
            ZoneInfo::Known { name, .. } | ZoneInfo::Unknown { name } => Some(name),
            ZoneInfo::Unstated => None,
        }
    }
}

#[rustfmt::skip]
const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
#[rustfmt::skip]
const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// Zone abbreviations with one unambiguous offset (hours and minutes east of UTC).
#[rustfmt::skip]
const ZONES: &[(&str, i32, i32)] = &[
    ("utc", 0, 0), ("gmt", 0, 0), ("ut", 0, 0), ("z", 0, 0), ("zulu", 0, 0), ("wet", 0, 0),
    ("west", 1, 0), ("cet", 1, 0), ("met", 1, 0), ("bst", 1, 0), ("cest", 2, 0), ("mest", 2, 0),
    ("eet", 2, 0), ("eest", 3, 0), ("msk", 3, 0), ("gst", 4, 0), ("pkt", 5, 0), ("ict", 7, 0),
    ("wib", 7, 0), ("sgt", 8, 0), ("hkt", 8, 0), ("awst", 8, 0), ("jst", 9, 0), ("kst", 9, 0),
    ("acst", 9, 30), ("aest", 10, 0), ("acdt", 10, 30), ("aedt", 11, 0), ("nzst", 12, 0),
    ("nzdt", 13, 0), ("est", -5, 0), ("edt", -4, 0), ("cst", -6, 0), ("cdt", -5, 0),
    ("mst", -7, 0), ("mdt", -6, 0), ("pst", -8, 0), ("pdt", -7, 0), ("akst", -9, 0),
    ("akdt", -8, 0), ("hst", -10, 0), ("ast", -4, 0), ("adt", -3, 0), ("nst", -3, -30),
    ("brt", -3, 0), ("art", -3, 0),
];

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Seconds since the epoch of a UTC civil time.
pub fn epoch_of(year: i64, month: u32, day: u32, h: u32, m: u32, s: u32) -> i64 {
    days_from_civil(year, month, day) * 86_400
        + i64::from(h) * 3600
        + i64::from(m) * 60
        + i64::from(s)
}

/// Civil date (year, month, day, h, m, s) of an epoch, for messages.
pub fn civil_of(epoch: i64) -> (i64, u32, u32, u32, u32, u32) {
    let days = epoch.div_euclid(86_400);
    let secs = epoch.rem_euclid(86_400);
    let z = days + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (
        y,
        m,
        d,
        (secs / 3600) as u32,
        ((secs % 3600) / 60) as u32,
        (secs % 60) as u32,
    )
}

/// `YYYY-MM-DD HH:MM:SS UTC` for an epoch.
pub fn format_utc(epoch: i64) -> String {
    let (y, mo, d, h, mi, s) = civil_of(epoch);
    format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02} UTC")
}

/// Looks a zone abbreviation up; `None` when it is not a zone-looking token at all.
pub fn zone_of(token: &str) -> Option<ZoneInfo> {
    let t = token.trim_matches(|c: char| c == '(' || c == ')' || c == ',');
    if t.is_empty() {
        return None;
    }
    if let Some(off) = parse_offset(t) {
        return Some(ZoneInfo::Known {
            offset: off,
            name: t.to_string(),
        });
    }
    if !(1..=5).contains(&t.len()) || !t.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let lower = t.to_ascii_lowercase();
    if MONTHS.contains(&lower.as_str())
        || WEEKDAYS.contains(&lower.as_str())
        || lower == "am"
        || lower == "pm"
    {
        return None;
    }
    for (name, h, m) in ZONES {
        if *name == lower {
            return Some(ZoneInfo::Known {
                offset: h * 3600 + m * 60,
                name: t.to_string(),
            });
        }
    }
    Some(ZoneInfo::Unknown {
        name: t.to_string(),
    })
}

/// `+02:00`, `-0500`, `UTC+2`, `GMT-03:30` → seconds east.
fn parse_offset(t: &str) -> Option<i32> {
    let upper = t.to_ascii_uppercase();
    let rest = upper
        .strip_prefix("UTC")
        .or_else(|| upper.strip_prefix("GMT"))
        .unwrap_or(&upper);
    let (sign, digits) = match rest.as_bytes().first() {
        Some(b'+') => (1, rest.get(1..)?),
        Some(b'-') => (-1, rest.get(1..)?),
        _ => return None,
    };
    let clean: String = digits.chars().filter(|c| *c != ':').collect();
    if clean.is_empty() || clean.len() > 4 || !clean.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (h, m) = if clean.len() <= 2 {
        (clean.parse::<i32>().ok()?, 0)
    } else {
        let split = clean.len() - 2;
        (
            clean.get(..split)?.parse::<i32>().ok()?,
            clean.get(split..)?.parse::<i32>().ok()?,
        )
    };
    if h > 14 || m > 59 {
        return None;
    }
    Some(sign * (h * 3600 + m * 60))
}

/// Parses the common device time formats:
/// `*10:12:31.123 PST Mon Mar 1 1993` (IOS `show clock`), `18:03:42 UTC Apr 28 2016` (IOS
/// certificates), `Jun  1 00:00:00 2024 GMT` (OpenSSL), `Tue Nov 25 11:13:00 UTC 2025`
/// (`date`), `2024-05-09 06:37:00`, `2025-11-22T12:30:09Z` and `2/1/2017 8:22:06 PM`.
pub fn parse_timestamp(text: &str) -> Option<Timestamp> {
    let cleaned = text.trim().trim_start_matches(['*', '.']).replace(',', " ");
    let mut year: Option<i64> = None;
    let mut month: Option<u32> = None;
    let mut day: Option<u32> = None;
    let mut hms: Option<(u32, u32, u32)> = None;
    let mut pm: Option<bool> = None;
    let mut zone = ZoneInfo::Unstated;
    let mut bare_numbers: Vec<u32> = Vec::new();

    for raw in cleaned.split_whitespace() {
        // ISO forms: 2025-11-22T12:30:09Z, 2025-11-22T12:30:09+02:00
        if let Some((d, t)) = raw
            .split_once('T')
            .filter(|(d, _)| d.len() == 10 && d.contains('-'))
        {
            let (y, mo, da) = parse_ymd(d)?;
            year = Some(y);
            month = Some(mo);
            day = Some(da);
            let (time_part, z) = split_time_zone(t);
            hms = Some(parse_hms(time_part)?);
            if let Some(z) = z {
                zone = z;
            }
            continue;
        }
        if raw.len() == 10 && raw.matches('-').count() == 2 {
            let (y, mo, da) = parse_ymd(raw)?;
            year = Some(y);
            month = Some(mo);
            day = Some(da);
            continue;
        }
        if raw.matches('/').count() == 2 {
            // US order, as Windows prints it (2/1/2017 = February 1st).
            let mut it = raw.split('/');
            let mo: u32 = it.next()?.parse().ok()?;
            let da: u32 = it.next()?.parse().ok()?;
            let y: i64 = it.next()?.parse().ok()?;
            month = Some(mo);
            day = Some(da);
            year = Some(y);
            continue;
        }
        if raw.contains(':') && raw.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            let (time_part, z) = split_time_zone(raw);
            hms = Some(parse_hms(time_part)?);
            if let Some(z) = z {
                zone = z;
            }
            continue;
        }
        let lower = raw.to_ascii_lowercase();
        if lower == "am" || lower == "pm" {
            pm = Some(lower == "pm");
            continue;
        }
        if let Some(i) = MONTHS.iter().position(|m| lower.starts_with(m)) {
            month = Some(i as u32 + 1);
            continue;
        }
        if WEEKDAYS.iter().any(|w| lower.starts_with(w)) {
            continue;
        }
        if raw.chars().all(|c| c.is_ascii_digit()) {
            let n: u32 = raw.parse().ok()?;
            if raw.len() == 4 {
                year = Some(i64::from(n));
            } else {
                bare_numbers.push(n);
            }
            continue;
        }
        if let Some(z) = zone_of(raw) {
            zone = z;
        }
    }
    if day.is_none() {
        day = bare_numbers.first().copied();
    }
    let (y, mo, d) = (year?, month?, day?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) {
        return None;
    }
    let (mut h, mi, s) = hms.unwrap_or((0, 0, 0));
    match pm {
        Some(true) if h < 12 => h += 12,
        Some(false) if h == 12 => h = 0,
        _ => {}
    }
    if h > 23 || mi > 59 || s > 60 {
        return None;
    }
    let local = epoch_of(y, mo, d, h, mi, s.min(59));
    let epoch = match &zone {
        ZoneInfo::Known { offset, .. } => local - i64::from(*offset),
        _ => local,
    };
    Some(Timestamp {
        epoch,
        zone,
        text: text.trim().to_string(),
    })
}

fn parse_ymd(s: &str) -> Option<(i64, u32, u32)> {
    let mut it = s.split('-');
    let y = it.next()?.parse().ok()?;
    let m = it.next()?.parse().ok()?;
    let d = it.next()?.parse().ok()?;
    Some((y, m, d))
}

/// Splits `12:30:09Z` / `12:30:09+02:00` into the time and its zone.
fn split_time_zone(t: &str) -> (&str, Option<ZoneInfo>) {
    if let Some(stripped) = t.strip_suffix('Z') {
        return (
            stripped,
            Some(ZoneInfo::Known {
                offset: 0,
                name: "Z".into(),
            }),
        );
    }
    if let Some(pos) = t.find(['+', '-']) {
        let (time, off) = t.split_at(pos);
        if let Some(o) = parse_offset(off) {
            return (
                time,
                Some(ZoneInfo::Known {
                    offset: o,
                    name: off.to_string(),
                }),
            );
        }
    }
    (t, None)
}

fn parse_hms(t: &str) -> Option<(u32, u32, u32)> {
    let t = t.split('.').next()?;
    let mut it = t.split(':');
    let h = it.next()?.parse().ok()?;
    let m = it.next()?.parse().ok()?;
    let s = it.next().map(str::parse).transpose().ok()?.unwrap_or(0);
    Some((h, m, s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(epoch_of(2000, 3, 1, 0, 0, 0), 951_868_800);
        assert_eq!(civil_of(951_868_800), (2000, 3, 1, 0, 0, 0));
        assert_eq!(
            format_utc(epoch_of(2024, 2, 29, 23, 59, 1)),
            "2024-02-29 23:59:01 UTC"
        );
    }

    #[test]
    fn cisco_clock_with_known_zone() {
        let t = parse_timestamp("*10:12:31.123 PST Mon Mar 1 1993").unwrap();
        assert_eq!(t.epoch, epoch_of(1993, 3, 1, 18, 12, 31));
        assert!(t.zone_known());
    }

    #[test]
    fn cisco_cert_date_and_openssl() {
        let a = parse_timestamp("18:03:42 UTC Apr 28 2016").unwrap();
        assert_eq!(a.epoch, epoch_of(2016, 4, 28, 18, 3, 42));
        let b = parse_timestamp("Jun  1 00:00:00 2024 GMT").unwrap();
        assert_eq!(b.epoch, epoch_of(2024, 6, 1, 0, 0, 0));
        let c = parse_timestamp("Tue Nov 25 11:13:00 UTC 2025").unwrap();
        assert_eq!(c.epoch, epoch_of(2025, 11, 25, 11, 13, 0));
    }

    #[test]
    fn iso_windows_and_unknown_zone() {
        let a = parse_timestamp("2025-11-22T12:30:09+02:00").unwrap();
        assert_eq!(a.epoch, epoch_of(2025, 11, 22, 10, 30, 9));
        let b = parse_timestamp("2/1/2017 8:22:06 PM").unwrap();
        assert_eq!(b.epoch, epoch_of(2017, 2, 1, 20, 22, 6));
        assert_eq!(b.zone, ZoneInfo::Unstated);
        let c = parse_timestamp("09:00:00 IST Mon Jan 6 2025").unwrap();
        assert_eq!(c.zone, ZoneInfo::Unknown { name: "IST".into() });
        assert_eq!(c.epoch, epoch_of(2025, 1, 6, 9, 0, 0));
        let d = parse_timestamp("2024-05-09 06:37:00").unwrap();
        assert_eq!(d.epoch, epoch_of(2024, 5, 9, 6, 37, 0));
    }

    #[test]
    fn garbage_is_none() {
        assert!(parse_timestamp("").is_none());
        assert!(parse_timestamp("not a date").is_none());
        assert!(parse_timestamp("99:99:99 UTC Foo 77 2020").is_none());
        assert_eq!(
            zone_of("+0530"),
            Some(ZoneInfo::Known {
                offset: 19_800,
                name: "+0530".into()
            })
        );
    }
}
