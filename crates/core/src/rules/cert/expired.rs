//! # What it checks
//! Certificates whose end date is before the DEVICE's clock (`show clock`, `date`), with time
//! zones converted when both are known and a caveat when they are not.
//!
//! # Why it matters
//! An expired certificate fails IKE authentication. Judging by the device's clock (not the
//! viewer's) is what the device does; a wrong device clock makes valid certificates look
//! expired, which is why the clock is quoted as evidence.
//!
//! # How to fix
//! Renew and re-enrol; but first check the device clock and NTP.
//!
//! # References
//! Clavister cOS Stream guide 13.6.2 (check expiry, system date and time, time zones).

use super::{caveats, clock_evidence, now_for};
use crate::facts::Facts;
use crate::facts::time::format_utc;
use crate::finding::{Finding, Severity};
use crate::rules::{RuleMeta, draft};

/// Rule identity.
pub const META: RuleMeta = RuleMeta {
    id: "CertificateExpired",
    name: "expired",
    default_severity: Severity::Error,
};

/// One finding per expired certificate.
pub fn check(facts: &Facts, out: &mut Vec<Finding>) {
    for cert in &facts.certificates {
        let Some(end) = &cert.not_after else { continue };
        let Some(now) = now_for(facts, cert) else {
            continue;
        };
        if end.epoch >= now.epoch {
            continue;
        }
        let (notes, close) = caveats(&now, end);
        let who = cert
            .subject
            .clone()
            .unwrap_or_else(|| "A certificate".into());
        let mut d = draft(
            &META,
            format!("{who} expired on {} ({})", end.text, format_utc(end.epoch)),
        )
        .detail(
            format!(
                "Its end date is before the {}. {}",
                now.text,
                notes.join(" ")
            )
            .trim()
            .to_string(),
        )
        .evidence_opt(cert.validity_at.as_ref())
        .evidence(&cert.at)
        .evidence_opt(clock_evidence(&now));
        if now.clock.is_none() {
            d = d.confidence(0.6);
        }
        if close {
            d = d.severity(Severity::Warning).confidence(0.5);
        }
        d.push(out);
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::facts::time::parse_timestamp;
    use crate::facts::{Certificate, Context, DeviceClock};
    use crate::rules::testing::{ev, ids, run};

    pub(crate) fn cert(from: &str, to: &str) -> Certificate {
        Certificate {
            subject: Some("CN=vpn.example.com".into()),
            issuer: Some("CN=Example CA".into()),
            not_before: parse_timestamp(from),
            not_after: parse_timestamp(to),
            status: Some("Available".into()),
            at: ev(10, "Certificate"),
            validity_at: Some(ev(14, "end date")),
        }
    }

    pub(crate) fn clock(text: &str) -> DeviceClock {
        DeviceClock {
            now: parse_timestamp(text).unwrap(),
            synced: Some(true),
            at: ev(1, text),
        }
    }

    #[test]
    fn fires_when_expired_by_device_clock() {
        let facts = Facts {
            certificates: vec![cert("00:00:00 UTC Jan 1 2020", "00:00:00 UTC Jan 1 2024")],
            clocks: vec![clock("10:00:00.000 UTC Mon Jun 3 2024")],
            ..Default::default()
        };
        let out = run(check, &facts);
        assert_eq!(ids(&out), ["CertificateExpired"]);
        assert_eq!(out[0].severity, Severity::Error);
        assert_eq!(out[0].evidence.len(), 3);
    }

    #[test]
    fn close_call_with_unknown_zone_is_a_warning() {
        let facts = Facts {
            certificates: vec![cert("00:00:00 UTC Jan 1 2020", "00:00:00 UTC Jan 1 2024")],
            clocks: vec![clock("05:00:00.000 IST Mon Jan 1 2024")],
            ..Default::default()
        };
        let out = run(check, &facts);
        assert_eq!(out[0].severity, Severity::Warning);
        assert!(out[0].detail.contains("14 hours"));
    }

    #[test]
    fn uses_reference_time_without_clock() {
        let facts = Facts {
            certificates: vec![cert("00:00:00 UTC Jan 1 2020", "00:00:00 UTC Jan 1 2024")],
            context: Context {
                reference_now: Some(1_800_000_000),
                ..Default::default()
            },
            ..Default::default()
        };
        let out = run(check, &facts);
        assert!(out[0].confidence < 1.0);
    }

    #[test]
    fn quiet_when_valid_or_no_clock() {
        let valid = Facts {
            certificates: vec![cert("00:00:00 UTC Jan 1 2020", "00:00:00 UTC Jan 1 2030")],
            clocks: vec![clock("10:00:00.000 UTC Mon Jun 3 2024")],
            ..Default::default()
        };
        assert!(run(check, &valid).is_empty());
        let no_clock = Facts {
            certificates: vec![cert("00:00:00 UTC Jan 1 2020", "00:00:00 UTC Jan 1 2021")],
            ..Default::default()
        };
        assert!(run(check, &no_clock).is_empty());
    }
}
