use super::*;

fn clock(now: &str, tz: &str) -> Clock {
    Clock {
        now: now.parse().unwrap(),
        tz: crate::env::parse_tz(tz).unwrap(),
    }
}

fn s(args: &[&str]) -> Vec<String> {
    args.iter().map(|a| a.to_string()).collect()
}

fn t(args: &[&str]) -> Vec<TimeArg> {
    args.iter()
        .map(|a| TimeArg {
            text: a.to_string(),
            num: a.parse().unwrap_or(f64::NAN),
        })
        .collect()
}

/// Thursday 2026-01-15 23:30 UTC = Friday 2026-01-16 08:30 in Tokyo.
fn tokyo() -> Clock {
    clock("2026-01-15T23:30:00Z", "Asia/Tokyo")
}

#[test]
fn civil_round_trip() {
    for days in [-800_000i64, -1, 0, 1, 59, 365, 20_000, 2_932_896] {
        let (y, m, d) = civil_from_days(days);
        assert_eq!(days_from_civil(y, m, d), days);
    }
    assert_eq!(civil_from_days(0), (1970, 1, 1));
    assert_eq!(days_from_civil(2000, 3, 1), 11_017);
}

#[test]
fn js_date_setters_overflow_like_javascript() {
    // new Date(2026, 11, 31).setMonth(1) → Feb 31 → Mar 3.
    let mut d = JsDate::make(Fields {
        year: 2026.0,
        month: 11.0,
        date: 31.0,
        hours: 0.0,
        minutes: 0.0,
        seconds: 0.0,
        ms: 0.0,
    });
    d.set(|f| f.month = 1.0);
    let f = d.fields().unwrap();
    assert_eq!((f.month, f.date), (2.0, 3.0));
    // setHours(25) → next day 01:00; setMonth(-1) → December of the previous year.
    d.set(|f| f.hours = 25.0);
    assert_eq!(d.fields().unwrap().date, 4.0);
    d.set(|f| f.month = -1.0);
    assert_eq!(d.fields().unwrap().year, 2025.0);
    d.set(|f| f.hours = f64::NAN);
    assert!(d.fields().is_none());
}

#[test]
fn weekday_range_forms() {
    let c = tokyo(); // local Friday, GMT Thursday
    assert!(weekday_range(&s(&["FRI"]), &c));
    assert!(!weekday_range(&s(&["THU"]), &c));
    assert!(weekday_range(&s(&["THU", "GMT"]), &c));
    assert!(!weekday_range(&s(&["FRI", "GMT"]), &c));
    assert!(weekday_range(&s(&["MON", "FRI"]), &c));
    assert!(!weekday_range(&s(&["MON", "THU"]), &c));
    assert!(weekday_range(&s(&["MON", "THU", "GMT"]), &c));
    // Wrap-around over the week-end.
    assert!(weekday_range(&s(&["FRI", "MON"]), &c));
    assert!(weekday_range(&s(&["SAT", "FRI"]), &c));
    assert!(!weekday_range(&s(&["SAT", "THU"]), &c));
    // Case-sensitive names, bad names, no arguments.
    assert!(!weekday_range(&s(&["fri"]), &c));
    assert!(!weekday_range(&s(&["FRIDAY"]), &c));
    assert!(!weekday_range(&s(&[]), &c));
    assert!(!weekday_range(&s(&["GMT"]), &c));
}

#[test]
fn time_range_hour_forms() {
    let c = tokyo(); // 08:30 local, 23:30 GMT
    assert_eq!(time_range(&t(&["8"]), &c), Ok((true, None)));
    assert_eq!(time_range(&t(&["9"]), &c), Ok((false, None)));
    assert_eq!(time_range(&t(&["23", "GMT"]), &c), Ok((true, None)));
    assert_eq!(time_range(&t(&["8", "17"]), &c), Ok((true, None)));
    assert_eq!(time_range(&t(&["9", "17"]), &c), Ok((false, None)));
    assert_eq!(time_range(&t(&["20", "23", "GMT"]), &c), Ok((true, None)));
    assert_eq!(time_range(&t(&[]), &c), Ok((false, None)));
}

#[test]
fn time_range_does_not_wrap_like_browsers_and_says_so() {
    let c = clock("2026-01-15T23:30:00Z", "UTC");
    let (hit, note) = time_range(&t(&["22", "6"]), &c).unwrap();
    assert!(
        !hit,
        "Chromium and Firefox never match a reversed hour range"
    );
    assert!(note.unwrap().contains("no wrap-around"));
    let (hit, note) = time_range(&t(&["22", "0", "6", "0"]), &c).unwrap();
    assert!(!hit);
    assert!(note.is_some());
}

#[test]
fn time_range_minute_and_second_forms() {
    let c = clock("2026-01-15T08:30:15Z", "Europe/Paris"); // 09:30:15 local
    assert_eq!(
        time_range(&t(&["9", "30", "17", "0"]), &c),
        Ok((true, None))
    );
    assert_eq!(
        time_range(&t(&["9", "31", "17", "0"]), &c),
        Ok((false, None))
    );
    assert_eq!(
        time_range(&t(&["8", "0", "9", "30"]), &c),
        Ok((true, None)),
        "end minute is inclusive"
    );
    assert_eq!(
        time_range(&t(&["8", "0", "9", "29"]), &c),
        Ok((false, None))
    );
    assert_eq!(
        time_range(&t(&["9", "30", "15", "9", "30", "15"]), &c),
        Ok((true, None))
    );
    assert_eq!(
        time_range(&t(&["9", "30", "16", "10", "0", "0"]), &c),
        Ok((false, None))
    );
    assert_eq!(
        time_range(&t(&["8", "0", "8", "45", "GMT"]), &c),
        Ok((true, None))
    );
    assert_eq!(
        time_range(&t(&["9", "0", "9", "45", "GMT"]), &c),
        Ok((false, None))
    );
    assert_eq!(
        time_range(&t(&["8", "30", "15", "8", "30", "15", "GMT"]), &c),
        Ok((true, None))
    );
}

#[test]
fn time_range_bad_argument_counts_throw() {
    let c = tokyo();
    for n in [3usize, 5, 7] {
        let args: Vec<&str> = std::iter::repeat_n("1", n).collect();
        assert_eq!(
            time_range(&t(&args), &c),
            Err("timeRange: bad number of arguments")
        );
    }
    // timeRange("GMT"): no hour left, as in browsers this is the bad-count error.
    assert!(time_range(&t(&["GMT"]), &c).is_err());
}

#[test]
fn date_range_single_forms() {
    let c = tokyo(); // local Fri 2026-01-16, GMT Thu 2026-01-15
    assert!(date_range(&s(&["16"]), &c).0);
    assert!(!date_range(&s(&["15"]), &c).0);
    assert!(date_range(&s(&["15", "GMT"]), &c).0);
    assert!(date_range(&s(&["JAN"]), &c).0);
    assert!(!date_range(&s(&["FEB"]), &c).0);
    assert!(date_range(&s(&["2026"]), &c).0);
    assert!(!date_range(&s(&["2025"]), &c).0);
    assert!(!date_range(&s(&["jan"]), &c).0);
    assert!(!date_range(&s(&["toString"]), &c).0);
    assert!(!date_range(&s(&[]), &c).0);
}

#[test]
fn date_range_pairs_and_combinations() {
    let c = clock("2026-06-15T12:00:00Z", "Europe/Paris");
    assert!(
        date_range(&s(&["10", "20"]), &c).0,
        "day range in the current month"
    );
    assert!(!date_range(&s(&["16", "20"]), &c).0);
    assert!(date_range(&s(&["MAY", "JUL"]), &c).0);
    assert!(!date_range(&s(&["JUL", "AUG"]), &c).0);
    assert!(date_range(&s(&["2025", "2027"]), &c).0);
    assert!(!date_range(&s(&["2027", "2028"]), &c).0);
    assert!(date_range(&s(&["1", "JUN", "15", "JUN"]), &c).0);
    assert!(!date_range(&s(&["1", "JUN", "14", "JUN"]), &c).0);
    assert!(date_range(&s(&["JUN", "2026", "JUL", "2026"]), &c).0);
    assert!(!date_range(&s(&["JUN", "2025", "JUL", "2025"]), &c).0);
    assert!(date_range(&s(&["1", "JUN", "2026", "30", "JUN", "2026"]), &c).0);
    assert!(!date_range(&s(&["16", "JUN", "2026", "30", "JUN", "2026"]), &c).0);
    assert!(date_range(&s(&["1", "JUN", "2026", "30", "JUN", "2026", "GMT"]), &c).0);
}

#[test]
fn date_range_quirks_match_browsers() {
    // End date Dec 31 with setMonth(FEB) rolls over into March.
    let c = clock("2026-03-02T12:00:00Z", "UTC");
    assert!(date_range(&s(&["JAN", "FEB"]), &c).0);
    // A reversed month range never matches, with a note.
    let c = clock("2026-12-20T12:00:00Z", "UTC");
    let (hit, note) = date_range(&s(&["DEC", "JAN"]), &c);
    assert!(!hit);
    assert!(note.unwrap().contains("never match"));
}

#[test]
fn gmt_differs_from_local_across_midnight() {
    // 2026-12-31T23:30Z is 2027-01-01 08:30 in Tokyo.
    let c = clock("2026-12-31T23:30:00Z", "Asia/Tokyo");
    assert!(date_range(&s(&["2027"]), &c).0);
    assert!(date_range(&s(&["2026", "GMT"]), &c).0);
    assert!(date_range(&s(&["31", "GMT"]), &c).0);
    assert!(date_range(&s(&["DEC", "GMT"]), &c).0);
    assert!(date_range(&s(&["1"]), &c).0);
    assert!(weekday_range(&s(&["FRI"]), &c));
    assert!(weekday_range(&s(&["THU", "GMT"]), &c));
}

#[test]
fn parse_int_like_javascript() {
    assert_eq!(parse_int("12"), 12.0);
    assert_eq!(parse_int("  12abc"), 12.0);
    assert_eq!(parse_int("-5"), -5.0);
    assert_eq!(parse_int("0x1F"), 31.0);
    assert!(parse_int("JAN").is_nan());
    assert!(parse_int("").is_nan());
}
