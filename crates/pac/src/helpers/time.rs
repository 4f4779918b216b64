//! `weekdayRange`, `dateRange`, `timeRange` on the environment's clock and time zone.
//!
//! Chromium and Firefox share one JavaScript helper library (Netscape's reference code) for
//! these, and netdiag reproduces its exact algorithm, quirks included, by emulating the
//! `Date` setters it uses on local wall-clock time:
//! - `weekdayRange("FRI", "MON")` wraps around the week-end.
//! - `timeRange(22, 6)` and `dateRange("DEC", "JAN")` do **not** wrap: the start is after the
//!   end, so they never match in browsers. netdiag returns the same `false` and adds a note.
//! - `dateRange("JAN", "FEB")` lasts until early March: the end date starts as Dec 31 and
//!   `setMonth(1)` rolls Feb 31 over into March, as in browsers.
//! - `"GMT"` as the last argument switches to UTC; names (`MON`, `JAN`) are case-sensitive.
//! - `timeRange` with 3, 5 or more than 6 numbers throws `timeRange: bad number of arguments`.

use boa_engine::{Context, JsError, JsResult, JsValue};
use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::all_strings;
use crate::state::shared;

const MS_PER_DAY: f64 = 86_400_000.0;
const WEEKDAYS: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];
/// `name in months` is also true for inherited properties; their value is a function (NaN).
const INHERITED: &[&str] = &[
    "constructor",
    "hasOwnProperty",
    "isPrototypeOf",
    "propertyIsEnumerable",
    "toLocaleString",
    "toString",
    "valueOf",
    "__proto__",
    "__defineGetter__",
    "__defineSetter__",
    "__lookupGetter__",
    "__lookupSetter__",
];

/// The clock the helpers read.
#[derive(Debug, Clone)]
pub struct Clock {
    /// Current instant.
    pub now: Timestamp,
    /// Local time zone.
    pub tz: TimeZone,
}

/// Days since 1970-01-01 of a proleptic Gregorian date (month 1-12).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Date of a day number: (year, month 1-12, day).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Broken-down wall-clock time (month 0-11, like JavaScript).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Fields {
    year: f64,
    month: f64,
    date: f64,
    hours: f64,
    minutes: f64,
    seconds: f64,
    ms: f64,
}

/// A JavaScript `Date` reduced to local wall-clock milliseconds (`NaN`: invalid date).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
struct JsDate(f64);

#[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
impl JsDate {
    /// `MakeDate(MakeDay(y, m, d), MakeTime(h, min, s, ms))` with JavaScript's overflow rules.
    fn make(f: Fields) -> Self {
        let all = [f.year, f.month, f.date, f.hours, f.minutes, f.seconds, f.ms];
        if all.iter().any(|v| !v.is_finite()) {
            return Self(f64::NAN);
        }
        let (y, m) = (f.year.trunc(), f.month.trunc());
        let ym = y + (m / 12.0).floor();
        if ym.abs() > 400_000.0 {
            return Self(f64::NAN);
        }
        let mn = m.rem_euclid(12.0);
        let day = days_from_civil(ym as i64, mn as i64 + 1, 1) as f64 + f.date.trunc() - 1.0;
        let time = f.hours.trunc() * 3_600_000.0
            + f.minutes.trunc() * 60_000.0
            + f.seconds.trunc() * 1000.0
            + f.ms.trunc();
        let t = day * MS_PER_DAY + time;
        Self(if t.abs() > 8.64e15 { f64::NAN } else { t })
    }

    fn fields(self) -> Option<Fields> {
        if !self.0.is_finite() {
            return None;
        }
        let day = (self.0 / MS_PER_DAY).floor();
        let in_day = self.0 - day * MS_PER_DAY;
        let (y, m, d) = civil_from_days(day as i64);
        Some(Fields {
            year: y as f64,
            month: (m - 1) as f64,
            date: d as f64,
            hours: (in_day / 3_600_000.0).floor(),
            minutes: (in_day / 60_000.0).floor() % 60.0,
            seconds: (in_day / 1000.0).floor() % 60.0,
            ms: in_day % 1000.0,
        })
    }

    /// Applies one setter: rebuilds the date from its fields with one field replaced.
    fn set(&mut self, change: impl FnOnce(&mut Fields)) {
        if let Some(mut f) = self.fields() {
            change(&mut f);
            *self = Self::make(f);
        }
    }

    fn weekday(self) -> Option<i64> {
        self.0
            .is_finite()
            .then(|| ((self.0 / MS_PER_DAY).floor() as i64 + 4).rem_euclid(7))
    }
}

impl Clock {
    fn date_in(&self, tz: &TimeZone) -> JsDate {
        let dt = tz.to_datetime(self.now);
        JsDate::make(Fields {
            year: f64::from(dt.year()),
            month: f64::from(dt.month()) - 1.0,
            date: f64::from(dt.day()),
            hours: f64::from(dt.hour()),
            minutes: f64::from(dt.minute()),
            seconds: f64::from(dt.second()),
            ms: f64::from(dt.millisecond()),
        })
    }

    /// `new Date()` as local wall-clock time.
    fn local(&self) -> JsDate {
        self.date_in(&self.tz)
    }

    /// UTC wall-clock time.
    fn utc(&self) -> JsDate {
        self.date_in(&TimeZone::UTC)
    }

    /// The helpers' GMT step: the local date with every UTC field copied in, one setter at a
    /// time (`setFullYear`, `setMonth`, `setDate`, `setHours`, `setMinutes`, `setSeconds`).
    fn gmt_as_local(&self) -> JsDate {
        let mut d = self.local();
        let Some(u) = self.utc().fields() else {
            return d;
        };
        d.set(|f| f.year = u.year);
        d.set(|f| f.month = u.month);
        d.set(|f| f.date = u.date);
        d.set(|f| f.hours = u.hours);
        d.set(|f| f.minutes = u.minutes);
        d.set(|f| f.seconds = u.seconds);
        d
    }
}

/// JavaScript `parseInt(s)` (radix 10, or 16 with `0x`).
fn parse_int(s: &str) -> f64 {
    let s = s.trim_start();
    let (neg, s) = match s.as_bytes().first() {
        Some(b'-') => (true, s.get(1..).unwrap_or("")),
        Some(b'+') => (false, s.get(1..).unwrap_or("")),
        _ => (false, s),
    };
    let (radix, digits) = match s.get(..2) {
        Some("0x" | "0X") => (16, s.get(2..).unwrap_or("")),
        _ => (10, s),
    };
    let run: String = digits.chars().take_while(|c| c.is_digit(radix)).collect();
    if run.is_empty() {
        return f64::NAN;
    }
    let v = run.chars().fold(0.0f64, |acc, c| {
        acc * f64::from(radix) + f64::from(c.to_digit(radix).unwrap_or(0))
    });
    if neg { -v } else { v }
}

fn month_index(name: &str) -> f64 {
    match MONTHS.iter().position(|m| *m == name) {
        #[allow(clippy::cast_precision_loss)]
        Some(i) => i as f64,
        None if INHERITED.contains(&name) => f64::NAN,
        None => -1.0,
    }
}

/// Splits a trailing `"GMT"` off.
fn split_gmt<T>(args: &[T], is_gmt: impl Fn(&T) -> bool) -> (&[T], bool) {
    match args.split_last() {
        Some((last, rest)) if is_gmt(last) => (rest, true),
        _ => (args, false),
    }
}

/// `weekdayRange(wd1 [, wd2] [, "GMT"])`.
pub fn weekday_range(args: &[String], clock: &Clock) -> bool {
    let Some(first) = args.first() else {
        return false;
    };
    let (rest, gmt) = split_gmt(args, |a| a == "GMT");
    let day = |name: &str| WEEKDAYS.iter().position(|d| *d == name);
    let today = if gmt { clock.utc() } else { clock.local() }.weekday();
    let wd1 = day(first);
    let wd2 = if rest.len() == 2 {
        rest.get(1).and_then(|a| day(a))
    } else {
        wd1
    };
    let (Some(wd1), Some(wd2), Some(today)) = (wd1, wd2, today) else {
        return false;
    };
    let (wd1, wd2) = (wd1 as i64, wd2 as i64);
    if wd1 <= wd2 {
        wd1 <= today && today <= wd2
    } else {
        wd2 >= today || today >= wd1
    }
}

/// `dateRange(...)`: every form (day, month, year, and their ranges), optional `"GMT"`.
/// Returns the answer and a note when the range can never match.
pub fn date_range(args: &[String], clock: &Clock) -> (bool, Option<String>) {
    if args.is_empty() {
        return (false, None);
    }
    let (args, gmt) = split_gmt(args, |a| a == "GMT");
    let local = clock.local();
    let now = if gmt { clock.utc() } else { local };
    let (Some(lf), Some(nf)) = (local.fields(), now.fields()) else {
        return (false, None);
    };
    if let [only] = args {
        let tmp = parse_int(only);
        let hit = if tmp.is_nan() {
            nf.month == month_index(only)
        } else if tmp < 32.0 {
            nf.date == tmp
        } else {
            nf.year == tmp
        };
        return (hit, None);
    }
    let field = |d: &mut JsDate, arg: &str, adjust: &mut bool, first_half: bool| {
        let tmp = parse_int(arg);
        if tmp.is_nan() {
            let m = month_index(arg);
            d.set(|f| f.month = m);
        } else if tmp < 32.0 {
            if first_half {
                *adjust = args.len() <= 2;
            }
            d.set(|f| f.date = tmp);
        } else {
            d.set(|f| f.year = tmp);
        }
    };
    let mut date1 = JsDate::make(Fields {
        year: lf.year,
        month: 0.0,
        date: 1.0,
        hours: 0.0,
        minutes: 0.0,
        seconds: 0.0,
        ms: 0.0,
    });
    let mut date2 = JsDate::make(Fields {
        year: lf.year,
        month: 11.0,
        date: 31.0,
        hours: 23.0,
        minutes: 59.0,
        seconds: 59.0,
        ms: 0.0,
    });
    let half = args.len() / 2;
    let mut adjust = false;
    let mut ignored = false;
    for (i, arg) in args.iter().enumerate() {
        if i < half {
            field(&mut date1, arg, &mut adjust, true);
        } else {
            field(&mut date2, arg, &mut ignored, false);
        }
    }
    if adjust {
        date1.set(|f| f.month = lf.month);
        date2.set(|f| f.month = lf.month);
    }
    let date = if gmt { clock.gmt_as_local() } else { local };
    let note = (date1 > date2).then(|| {
        format!(
            "dateRange({}): the start is after the end, so Chromium and Firefox never match it (no wrap-around)",
            quote_all(args)
        )
    });
    (date1 <= date && date <= date2, note)
}

/// One `timeRange` argument: its string form (for the `"GMT"` test) and its number.
#[derive(Debug, Clone)]
pub struct TimeArg {
    /// `ToString` of the argument.
    pub text: String,
    /// `ToNumber` of the argument.
    pub num: f64,
}

/// `timeRange(...)`: hour, hour range, h:m range, h:m:s range, optional `"GMT"`.
/// Returns the answer and a note when the range can never match.
pub fn time_range(args: &[TimeArg], clock: &Clock) -> Result<(bool, Option<String>), &'static str> {
    if args.is_empty() {
        return Ok((false, None));
    }
    let (args, gmt) = split_gmt(args, |a| a.text == "GMT");
    let now = if gmt { clock.utc() } else { clock.local() };
    let hour = now.fields().map_or(f64::NAN, |f| f.hours);
    let n = |i: usize| args.get(i).map_or(f64::NAN, |a| a.num);
    let texts: Vec<String> = args.iter().map(|a| a.text.clone()).collect();
    let never = || {
        Some(format!(
            "timeRange({}): the start is after the end, so Chromium and Firefox never match it (no wrap-around past midnight)",
            quote_all(&texts)
        ))
    };
    match args.len() {
        1 => return Ok((hour == n(0), None)),
        2 => {
            let note = if n(0) > n(1) { never() } else { None };
            return Ok((n(0) <= hour && hour <= n(1), note));
        }
        4 | 6 => {}
        _ => return Err("timeRange: bad number of arguments"),
    }
    let mut date1 = clock.local();
    let mut date2 = clock.local();
    if args.len() == 6 {
        date1.set(|f| f.seconds = n(2));
        date2.set(|f| f.seconds = n(5));
    }
    let middle = args.len() >> 1;
    date1.set(|f| f.hours = n(0));
    date1.set(|f| f.minutes = n(1));
    date2.set(|f| f.hours = n(middle));
    date2.set(|f| f.minutes = n(middle + 1));
    if middle == 2 {
        date2.set(|f| f.seconds = 59.0);
    }
    let date = if gmt {
        clock.gmt_as_local()
    } else {
        clock.local()
    };
    let note = if date1 > date2 { never() } else { None };
    Ok((date1 <= date && date <= date2, note))
}

fn quote_all(args: &[String]) -> String {
    args.iter()
        .map(|a| {
            if a.parse::<f64>().is_ok() {
                a.clone()
            } else {
                format!("{a:?}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn clock_of(ctx: &Context) -> JsResult<(Clock, std::rc::Rc<crate::state::Shared>)> {
    let sh = shared(ctx)?;
    Ok((
        Clock {
            now: sh.env.now,
            tz: sh.env.tz.clone(),
        },
        sh,
    ))
}

pub(crate) fn weekday_range_js(
    _: &JsValue,
    args: &[JsValue],
    ctx: &mut Context,
) -> JsResult<JsValue> {
    let strings = all_strings(args, ctx)?;
    let (clock, _) = clock_of(ctx)?;
    Ok(weekday_range(&strings, &clock).into())
}

pub(crate) fn date_range_js(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let strings = all_strings(args, ctx)?;
    let (clock, sh) = clock_of(ctx)?;
    let (hit, note) = date_range(&strings, &clock);
    if let Some(n) = note {
        sh.rec.borrow_mut().note(n);
    }
    Ok(hit.into())
}

pub(crate) fn time_range_js(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let mut targs = Vec::with_capacity(args.len());
    for v in args {
        let text = v.to_string(ctx)?.to_std_string_lossy();
        let num = if v.is_null_or_undefined() {
            f64::NAN
        } else {
            v.to_number(ctx)?
        };
        targs.push(TimeArg { text, num });
    }
    let (clock, sh) = clock_of(ctx)?;
    match time_range(&targs, &clock) {
        Ok((hit, note)) => {
            if let Some(n) = note {
                sh.rec.borrow_mut().note(n);
            }
            Ok(hit.into())
        }
        // Browsers throw this string.
        Err(msg) => Err(JsError::from_opaque(super::js_str(msg))),
    }
}

#[cfg(test)]
#[path = "time_tests.rs"]
mod tests;
