//! Certificate validity rules, judged against the device's own clock.
pub mod expired;
pub mod not_yet_valid;

use crate::facts::time::{Timestamp, format_utc};
use crate::facts::{Certificate, DeviceClock, Facts};
use crate::finding::Evidence;

/// Largest difference between two civil time zones (UTC−12 … UTC+14), seconds.
const MAX_ZONE_SKEW: i64 = 14 * 3600;

/// The reference "now" for a certificate: the device clock of the same paste if any, else
/// any device clock, else the reference time the caller gave.
pub(crate) struct Now<'a> {
    pub epoch: i64,
    pub clock: Option<&'a DeviceClock>,
    pub text: String,
}

pub(crate) fn now_for<'a>(facts: &'a Facts, cert: &Certificate) -> Option<Now<'a>> {
    let clock = facts
        .clocks
        .iter()
        .find(|c| c.at.source == cert.at.source)
        .or_else(|| facts.clocks.first());
    match clock {
        Some(c) => Some(Now {
            epoch: c.now.epoch,
            clock: Some(c),
            text: format!("device clock {}", c.now.text),
        }),
        None => facts.context.reference_now.map(|e| Now {
            epoch: e,
            clock: None,
            text: format!("reference time {} (no device clock pasted)", format_utc(e)),
        }),
    }
}

/// Caveats about the comparison, and whether it is too close to call across time zones.
pub(crate) fn caveats(now: &Now<'_>, date: &Timestamp) -> (Vec<String>, bool) {
    let mut notes = Vec::new();
    let zones_known = date.zone_known() && now.clock.is_none_or(|c| c.now.zone_known());
    let mut close = false;
    if !zones_known {
        notes.push(format!(
            "Time zones are not both known (certificate: {}, clock: {}), so the comparison may be off by up to 14 hours.",
            date.zone_name().unwrap_or("none shown"),
            now.clock.and_then(|c| c.now.zone_name()).unwrap_or(if now.clock.is_some() { "none shown" } else { "UTC" })
        ));
        close = (now.epoch - date.epoch).abs() < MAX_ZONE_SKEW;
    } else if let Some(c) = now.clock
        && c.now.zone_name() != date.zone_name()
    {
        notes.push(format!(
            "The device clock is in {} and the certificate in {}; both were converted to UTC.",
            c.now.zone_name().unwrap_or("?"),
            date.zone_name().unwrap_or("?")
        ));
    }
    if now.clock.is_some_and(|c| c.synced == Some(false)) {
        notes.push("The device marks its clock as not authoritative (no NTP sync): check the clock before renewing anything.".into());
    }
    if now.clock.is_none() {
        notes.push("No device clock was pasted (`show clock`, `date`); the reference time may differ from the device's.".into());
    }
    (notes, close)
}

/// Evidence of the clock used, when it came from the paste.
pub(crate) fn clock_evidence<'a>(now: &Now<'a>) -> Option<&'a Evidence> {
    now.clock.map(|c| &c.at)
}
