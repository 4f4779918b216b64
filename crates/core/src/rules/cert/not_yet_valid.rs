//! # What it checks
//! Certificates whose start date is after the DEVICE's clock.
//!
//! # Why it matters
//! A certificate that is not yet valid fails authentication. Typical cause: a CA in another
//! time zone issued it minutes ago, or the device clock is behind.
//!
//! # How to fix
//! Fix the device clock / NTP and time zone, wait for the start date, or re-issue with an
//! earlier start.
//!
//! # References
//! Clavister cOS Stream guide 13.6.2 ("Consider time-zone issues with newly generated
//! certificates") and 13.6.6 ("No public key found").

use super::{caveats, clock_evidence, now_for};
use crate::facts::Facts;
use crate::facts::time::format_utc;
use crate::finding::{Finding, Severity};
use crate::rules::{RuleMeta, draft};

/// Rule identity.
pub const META: RuleMeta = RuleMeta {
    id: "CertificateNotYetValid",
    name: "not_yet_valid",
    default_severity: Severity::Error,
};

/// One finding per not-yet-valid certificate.
pub fn check(facts: &Facts, out: &mut Vec<Finding>) {
    for cert in &facts.certificates {
        let Some(start) = &cert.not_before else {
            continue;
        };
        let Some(now) = now_for(facts, cert) else {
            continue;
        };
        if start.epoch <= now.epoch {
            continue;
        }
        let (notes, close) = caveats(&now, start);
        let who = cert
            .subject
            .clone()
            .unwrap_or_else(|| "A certificate".into());
        let mut d = draft(&META, format!("{who} is not valid before {} ({})", start.text, format_utc(start.epoch)))
            .detail(format!("Its start date is after the {}. A certificate just issued by a CA in another time zone, or a device clock that is behind, gives this. {}", now.text, notes.join(" ")).trim().to_string())
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
mod tests {
    use super::*;
    use crate::rules::cert::expired::tests::{cert, clock};
    use crate::rules::testing::{ids, run};

    #[test]
    fn fires_when_start_is_in_the_future() {
        let facts = Facts {
            certificates: vec![cert("00:00:00 UTC Jan 1 2025", "00:00:00 UTC Jan 1 2027")],
            clocks: vec![clock("10:00:00.000 UTC Mon Jun 3 2024")],
            ..Default::default()
        };
        assert_eq!(ids(&run(check, &facts)), ["CertificateNotYetValid"]);
    }

    #[test]
    fn zones_are_converted() {
        // 23:30 PST on Dec 31 is 07:30 UTC on Jan 1: the certificate (00:00 UTC) is valid.
        let facts = Facts {
            certificates: vec![cert("00:00:00 UTC Jan 1 2025", "00:00:00 UTC Jan 1 2027")],
            clocks: vec![clock("23:30:00.000 PST Tue Dec 31 2024")],
            ..Default::default()
        };
        assert!(run(check, &facts).is_empty());
    }

    #[test]
    fn quiet_when_already_valid() {
        let facts = Facts {
            certificates: vec![cert("00:00:00 UTC Jan 1 2020", "00:00:00 UTC Jan 1 2030")],
            clocks: vec![clock("10:00:00.000 UTC Mon Jun 3 2024")],
            ..Default::default()
        };
        assert!(run(check, &facts).is_empty());
    }
}
