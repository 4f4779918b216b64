//! The deterministic environment: validated once, shared by every helper call.

use std::collections::BTreeMap;
use std::net::IpAddr;

use jiff::Timestamp;
use jiff::tz::{Offset, TimeZone};
use netdiag_core::pac::{ClientProfile, PacEnv};

use crate::error::PacError;

/// `myIpAddress()` when no IPv4 client address is set: browsers fall back to the loopback address.
pub const DEFAULT_MY_IP: &str = "127.0.0.1";

/// Validated environment.
#[derive(Debug, Clone)]
pub(crate) struct Env {
    /// Lower-case host → addresses (`None`: does not resolve).
    pub dns: BTreeMap<String, Option<Vec<IpAddr>>>,
    pub my_ip: Vec<IpAddr>,
    pub now: Timestamp,
    pub tz: TimeZone,
    pub client: ClientProfile,
    pub keep_url: bool,
}

fn bad(msg: String) -> PacError {
    PacError::BadEnv(msg)
}

/// Parses a time zone: `UTC`/`GMT`/`Z`, a fixed offset (`+02:00`, `-0530`, `+2`), an IANA
/// name from the bundled database, or a POSIX TZ string (`CET-1CEST,M3.5.0,M10.5.0/3`).
pub fn parse_tz(name: &str) -> Result<TimeZone, PacError> {
    let name = name.trim().trim_start_matches(':');
    if name.is_empty()
        || ["UTC", "GMT", "Z", "Etc/UTC"]
            .iter()
            .any(|u| u.eq_ignore_ascii_case(name))
    {
        return Ok(TimeZone::UTC);
    }
    if let Some(off) = parse_offset(name) {
        return Ok(TimeZone::fixed(off));
    }
    if let Ok(tz) = TimeZone::get(name) {
        return Ok(tz);
    }
    TimeZone::posix(name).map_err(|_| {
        bad(format!(
            "unknown time zone {name:?}: use an IANA name (Europe/Paris), UTC, or an offset (+02:00)"
        ))
    })
}

/// `+HH`, `+HH:MM`, `+HHMM` (and `-`).
fn parse_offset(s: &str) -> Option<Offset> {
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1i32, s.get(1..)?),
        b'-' => (-1i32, s.get(1..)?),
        _ => return None,
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) || digits.len() > 4 {
        return None;
    }
    let (h, m) = match digits.len() {
        1 | 2 => (digits.parse::<i32>().ok()?, 0),
        3 | 4 => {
            let split = digits.len() - 2;
            (
                digits.get(..split)?.parse::<i32>().ok()?,
                digits.get(split..)?.parse::<i32>().ok()?,
            )
        }
        _ => return None,
    };
    if h > 25 || m > 59 {
        return None;
    }
    Offset::from_seconds(sign * (h * 3600 + m * 60)).ok()
}

fn parse_ip(s: &str) -> Option<IpAddr> {
    let s = s.trim();
    let s = s
        .strip_prefix('[')
        .and_then(|x| x.strip_suffix(']'))
        .unwrap_or(s);
    s.parse().ok()
}

/// Validates `input`; returns the environment and the echo with defaults filled in.
pub(crate) fn prepare(input: &PacEnv) -> Result<(Env, PacEnv), PacError> {
    let mut echo = input.clone();
    let now_text = input.now.as_deref().ok_or_else(|| {
        bad("env.now is required: the current time in RFC 3339, e.g. 2026-01-15T09:30:00Z".into())
    })?;
    let now: Timestamp = now_text.trim().parse().map_err(|e| {
        bad(format!(
            "env.now {now_text:?} is not an RFC 3339 time with offset (e.g. 2026-01-15T09:30:00+01:00): {e}"
        ))
    })?;
    let tz_name = input.tz.clone().unwrap_or_else(|| "UTC".to_string());
    let tz = parse_tz(&tz_name)?;
    echo.tz = Some(tz_name);
    let mut dns = BTreeMap::new();
    let mut echo_dns = BTreeMap::new();
    for (host, answer) in &input.dns {
        let key = host.trim().trim_end_matches('.').to_ascii_lowercase();
        let parsed = match answer {
            None => None,
            Some(list) if list.is_empty() => None,
            Some(list) => Some(
                list.iter()
                    .map(|a| {
                        parse_ip(a).ok_or_else(|| {
                            bad(format!("env.dns[{host:?}]: {a:?} is not an IP address"))
                        })
                    })
                    .collect::<Result<Vec<_>, _>>()?,
            ),
        };
        echo_dns.insert(key.clone(), answer.clone().filter(|l| !l.is_empty()));
        dns.insert(key, parsed);
    }
    echo.dns = echo_dns;
    let my_ip = input
        .my_ip
        .iter()
        .map(|a| parse_ip(a).ok_or_else(|| bad(format!("env.my_ip: {a:?} is not an IP address"))))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((
        Env {
            dns,
            my_ip,
            now,
            tz,
            client: input.client,
            keep_url: input.keep_url,
        },
        echo,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(now: Option<&str>, tz: Option<&str>) -> PacEnv {
        PacEnv {
            now: now.map(str::to_string),
            tz: tz.map(str::to_string),
            ..PacEnv::default()
        }
    }

    #[test]
    fn now_is_required_and_validated() {
        assert!(matches!(
            prepare(&env(None, None)),
            Err(PacError::BadEnv(_))
        ));
        assert!(matches!(
            prepare(&env(Some("yesterday"), None)),
            Err(PacError::BadEnv(_))
        ));
        let (e, echo) = prepare(&env(Some("2026-01-15T09:30:00+01:00"), None)).unwrap();
        assert_eq!(e.now.as_second(), 1_768_465_800);
        assert_eq!(echo.tz.as_deref(), Some("UTC"));
    }

    #[test]
    fn time_zones() {
        assert_eq!(parse_tz("GMT").unwrap(), TimeZone::UTC);
        let paris = parse_tz("Europe/Paris").unwrap();
        assert_eq!(paris.iana_name(), Some("Europe/Paris"));
        let ts: Timestamp = "2026-07-01T00:00:00Z".parse().unwrap();
        assert_eq!(paris.to_offset(ts).seconds(), 7200);
        assert_eq!(parse_tz("+05:30").unwrap().to_offset(ts).seconds(), 19800);
        assert_eq!(parse_tz("-0800").unwrap().to_offset(ts).seconds(), -28800);
        assert_eq!(
            parse_tz("CET-1CEST,M3.5.0,M10.5.0/3")
                .unwrap()
                .to_offset(ts)
                .seconds(),
            7200
        );
        assert!(parse_tz("Mars/Olympus").is_err());
    }

    #[test]
    fn dns_and_my_ip_are_validated() {
        let mut e = env(Some("2026-01-15T09:30:00Z"), None);
        e.dns.insert(
            "Host.Example.".into(),
            Some(vec!["192.0.2.1".into(), "2001:db8::1".into()]),
        );
        e.dns.insert("gone.example".into(), None);
        e.my_ip = vec!["198.51.100.7".into()];
        let (p, _) = prepare(&e).unwrap();
        assert_eq!(p.dns["host.example"].as_ref().map(Vec::len), Some(2));
        assert_eq!(p.dns["gone.example"], None);
        e.my_ip.push("not-an-ip".into());
        assert!(matches!(prepare(&e), Err(PacError::BadEnv(m)) if m.contains("not-an-ip")));
    }
}
