//! One target's samples, as the page measured them, summarised into the evidence DTO
//! ([`CheckResult`]): the overall verdict, statistics, status codes, Resource Timing phases and
//! a note that says in plain words what the outcome means.
//!
//! Verdict rule: any readable answer → `answered`; else any opaque answer → `answered_opaque`;
//! else the most frequent failure, ties going to the more specific one (`blocked`, then
//! `timed_out`, then `refused`). Partial failures stay visible in `stats.failure_share` and the note.
//!
//! Timing: set-up phases (DNS, connect, TLS) are the largest seen, i.e. those of the sample
//! that opened the connection (later samples reuse it and report zeros); TTFB is the median.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::checks::{CheckKind, CheckResult, CheckStats, Sample, TimingPhases, Verdict};

/// One request as the page measured it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeasuredSample {
    /// How the request ended.
    pub outcome: Verdict,
    /// Milliseconds until the answer's headers or the failure.
    pub ms: f64,
    /// HTTP status of a readable answer.
    #[serde(default)]
    pub status: Option<u16>,
    /// Resource Timing phases, when the server allowed them (`Timing-Allow-Origin`).
    #[serde(default)]
    pub phases: Option<PhaseSample>,
    /// What the browser said (error name/message, or why it blocked), may be absent.
    #[serde(default)]
    pub detail: Option<String>,
}

/// Resource Timing phases of one request, ms.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PhaseSample {
    /// DNS lookup.
    pub dns_ms: f64,
    /// TCP connect, TLS excluded.
    pub connect_ms: f64,
    /// TLS handshake; `None` for plain HTTP.
    pub tls_ms: Option<f64>,
    /// Request start to first answer byte.
    pub ttfb_ms: f64,
}

/// One target's measurement, the input of [`summarize_check`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SampleSet {
    /// Plan id of the target.
    pub id: String,
    /// The URL probed.
    pub target: String,
    /// What the target is.
    #[serde(default)]
    pub kind: CheckKind,
    /// Why it was checked (the runbook step).
    #[serde(default)]
    pub reason: String,
    /// The samples in the order taken.
    pub samples: Vec<MeasuredSample>,
    /// The per-sample timeout used, ms (for the note).
    #[serde(default)]
    pub timeout_ms: Option<u32>,
    /// Samples planned; more than taken means the run was cancelled.
    #[serde(default)]
    pub planned: Option<u32>,
    /// Latency budget for this target, ms, when known.
    #[serde(default)]
    pub budget_ms: Option<f64>,
}

/// Why a sample set cannot be summarised.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SummaryError {
    /// No sample at all.
    #[error("check {0}: no samples to summarise")]
    NoSamples(String),
    /// A duration that is negative, NaN or infinite.
    #[error("check {id}: sample {index} has an unusable duration ({value})")]
    BadDuration {
        /// Check id.
        id: String,
        /// 1-based sample number.
        index: usize,
        /// The value as text.
        value: String,
    },
}

/// Summarises one target's samples into the evidence DTO.
pub fn summarize_check(set: &SampleSet) -> Result<CheckResult, SummaryError> {
    if set.samples.is_empty() {
        return Err(SummaryError::NoSamples(set.id.clone()));
    }
    for (i, s) in set.samples.iter().enumerate() {
        if !s.ms.is_finite() || s.ms < 0.0 {
            return Err(SummaryError::BadDuration {
                id: set.id.clone(),
                index: i + 1,
                value: s.ms.to_string(),
            });
        }
    }
    let answered: Vec<f64> = set
        .samples
        .iter()
        .filter(|s| s.outcome.reached())
        .map(|s| s.ms)
        .collect();
    let failed = set.samples.len() - answered.len();
    let stats = CheckStats::from_samples(&answered, failed);
    let verdict = overall_verdict(&set.samples);
    let mut status_codes: Vec<u16> = set
        .samples
        .iter()
        .filter(|s| s.outcome == Verdict::Answered)
        .filter_map(|s| s.status)
        .collect();
    status_codes.sort_unstable();
    status_codes.dedup();
    let timing = timing(&set.samples);
    let note = note(set, verdict, &stats, &status_codes);
    Ok(CheckResult {
        id: set.id.clone(),
        target: set.target.clone(),
        kind: set.kind,
        verdict,
        samples_ms: answered,
        stats: Some(stats),
        budget_ms: set.budget_ms.filter(|b| b.is_finite() && *b >= 0.0),
        samples: set
            .samples
            .iter()
            .map(|s| Sample {
                outcome: s.outcome,
                ms: s.ms,
                status: if s.outcome == Verdict::Answered {
                    s.status
                } else {
                    None
                },
            })
            .collect(),
        status_codes,
        timing,
        note,
        reason: set.reason.clone(),
    })
}

/// The overall verdict of a target (see the module doc).
pub fn overall_verdict(samples: &[MeasuredSample]) -> Verdict {
    let count = |v: Verdict| samples.iter().filter(|s| s.outcome == v).count();
    if count(Verdict::Answered) > 0 {
        return Verdict::Answered;
    }
    if count(Verdict::AnsweredOpaque) > 0 {
        return Verdict::AnsweredOpaque;
    }
    // Ties go to the earlier (more specific) entry: max_by_key keeps the last maximum, so the
    // list runs from least to most specific.
    [Verdict::Refused, Verdict::TimedOut, Verdict::Blocked]
        .into_iter()
        .max_by_key(|v| count(*v))
        .unwrap_or(Verdict::Refused)
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    match values.len() {
        0 => 0.0,
        n if n % 2 == 1 => values.get(n / 2).copied().unwrap_or(0.0),
        n => {
            let a = values.get(n / 2 - 1).copied().unwrap_or(0.0);
            let b = values.get(n / 2).copied().unwrap_or(0.0);
            (a + b) / 2.0
        }
    }
}

fn timing(samples: &[MeasuredSample]) -> Option<TimingPhases> {
    let phases: Vec<PhaseSample> = samples
        .iter()
        .filter(|s| s.outcome.reached())
        .filter_map(|s| s.phases)
        .filter(|p| {
            [p.dns_ms, p.connect_ms, p.ttfb_ms, p.tls_ms.unwrap_or(0.0)]
                .iter()
                .all(|v| v.is_finite() && *v >= 0.0)
        })
        .collect();
    if phases.is_empty() {
        return None;
    }
    let max = |f: fn(&PhaseSample) -> f64| phases.iter().map(f).fold(0.0, f64::max);
    let tls = phases.iter().filter_map(|p| p.tls_ms).reduce(f64::max);
    let mut ttfb: Vec<f64> = phases.iter().map(|p| p.ttfb_ms).collect();
    Some(TimingPhases {
        dns_ms: max(|p| p.dns_ms),
        connect_ms: max(|p| p.connect_ms),
        tls_ms: tls,
        ttfb_ms: median(&mut ttfb),
        samples: u32::try_from(phases.len()).unwrap_or(u32::MAX),
    })
}

fn ms(v: f64) -> String {
    if v >= 100.0 {
        format!("{v:.0} ms")
    } else {
        format!("{v:.1} ms")
    }
}

fn note(set: &SampleSet, verdict: Verdict, stats: &CheckStats, codes: &[u16]) -> String {
    let total = set.samples.len();
    let count = |v: Verdict| set.samples.iter().filter(|s| s.outcome == v).count();
    let reached = count(Verdict::Answered) + count(Verdict::AnsweredOpaque);
    let timeout = set
        .timeout_ms
        .map_or_else(|| "the time limit".to_string(), |t| format!("{t} ms"));
    let mut parts: Vec<String> = Vec::new();
    match verdict {
        Verdict::Answered => {
            let codes_text = codes
                .iter()
                .map(|c| format!("HTTP {c}"))
                .collect::<Vec<_>>()
                .join(", ");
            parts.push(format!(
                "Answered {reached} of {total} sample(s) ({codes_text}), median {}.",
                ms(stats.median)
            ));
            if codes.iter().any(|c| *c >= 400) {
                parts.push(
                    "An error status still proves the host and port answer over HTTP(S).".into(),
                );
            }
            if count(Verdict::AnsweredOpaque) > 0 {
                parts.push(format!(
                    "{} answer(s) were opaque (status hidden).",
                    count(Verdict::AnsweredOpaque)
                ));
            }
        }
        Verdict::AnsweredOpaque => parts.push(format!(
            "The server answered {reached} of {total} sample(s), median {}, but sends no CORS \
             header, so the browser hides the status (no-cors): reachable over HTTP(S), status \
             unknown.",
            ms(stats.median)
        )),
        Verdict::TimedOut => parts.push(format!(
            "No answer within {timeout} in {} of {total} sample(s): packets are dropped on the \
             way (a firewall that discards, a broken route) or the host is down.",
            count(Verdict::TimedOut)
        )),
        Verdict::Refused => {
            let mut fail_ms: Vec<f64> = set
                .samples
                .iter()
                .filter(|s| s.outcome == Verdict::Refused)
                .map(|s| s.ms)
                .collect();
            parts.push(format!(
                "{} of {total} sample(s) failed fast (median {}): the connection was refused or \
                 reset, the name did not resolve, or TLS failed; the browser does not say which. \
                 The commands under \"What a browser cannot test\" tell them apart.",
                count(Verdict::Refused),
                ms(median(&mut fail_ms))
            ));
        }
        Verdict::Blocked => {
            let why = set
                .samples
                .iter()
                .filter(|s| s.outcome == Verdict::Blocked)
                .find_map(|s| s.detail.clone())
                .unwrap_or_else(|| "the browser refused to send it".into());
            parts.push(format!("The browser did not send the request: {why}."));
        }
    }
    if verdict.reached() {
        let mut failures = Vec::new();
        for (v, what) in [
            (Verdict::TimedOut, format!("timed out after {timeout}")),
            (Verdict::Refused, "failed fast".to_string()),
            (Verdict::Blocked, "were blocked".to_string()),
        ] {
            let n = count(v);
            if n > 0 {
                failures.push(format!("{n} {what}"));
            }
        }
        if !failures.is_empty() {
            parts.push(format!(
                "{}: the path or the server fails intermittently.",
                failures.join(", ")
            ));
        }
    }
    if let Some(planned) = set.planned
        && usize::try_from(planned).is_ok_and(|p| p > total)
    {
        parts.push(format!("Run cancelled after {total} of {planned} samples."));
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(outcome: Verdict, ms: f64, status: Option<u16>) -> MeasuredSample {
        MeasuredSample {
            outcome,
            ms,
            status,
            phases: None,
            detail: None,
        }
    }

    fn set(samples: Vec<MeasuredSample>) -> SampleSet {
        SampleSet {
            id: "gateway-https".into(),
            target: "https://gateway.example.net/".into(),
            kind: CheckKind::Gateway,
            reason: "runbook".into(),
            samples,
            timeout_ms: Some(3000),
            planned: None,
            budget_ms: Some(17.8),
        }
    }

    #[test]
    fn answered_with_partial_timeouts() {
        use Verdict::*;
        let r = summarize_check(&set(vec![
            s(Answered, 20.0, Some(200)),
            s(TimedOut, 3000.0, None),
            s(Answered, 24.0, Some(404)),
            s(AnsweredOpaque, 22.0, Some(200)),
        ]))
        .unwrap();
        assert_eq!(r.verdict, Answered);
        assert_eq!(r.samples_ms, [20.0, 24.0, 22.0]);
        assert_eq!(r.status_codes, [200, 404]);
        let st = r.stats.unwrap();
        assert_eq!((st.min, st.median, st.max), (20.0, 22.0, 24.0));
        assert!((st.failure_share - 0.25).abs() < 1e-12);
        // |24-20| + |22-24| over 2 differences = 3.
        assert!((st.jitter - 3.0).abs() < 1e-12);
        assert_eq!(r.samples[3].status, None, "opaque samples carry no status");
        assert!(r.note.contains("Answered 3 of 4"), "{}", r.note);
        assert!(r.note.contains("1 timed out after 3000 ms"), "{}", r.note);
        assert!(r.note.contains("error status"), "{}", r.note);
        assert_eq!(r.budget_ms, Some(17.8));
    }

    #[test]
    fn failure_verdicts_and_ties() {
        use Verdict::*;
        let v = |list: &[Verdict]| {
            overall_verdict(&list.iter().map(|o| s(*o, 1.0, None)).collect::<Vec<_>>())
        };
        assert_eq!(v(&[Refused, Refused, TimedOut]), Refused);
        assert_eq!(v(&[Refused, TimedOut]), TimedOut);
        assert_eq!(v(&[Blocked, TimedOut]), Blocked);
        assert_eq!(v(&[TimedOut, AnsweredOpaque]), AnsweredOpaque);
        let r = summarize_check(&set(vec![s(Refused, 4.0, None), s(Refused, 6.0, None)])).unwrap();
        assert!(r.note.contains("failed fast (median 5.0 ms)"), "{}", r.note);
        assert_eq!(r.stats.unwrap().failure_share, 1.0);
        assert!(r.samples_ms.is_empty());
        let mut b = s(Blocked, 0.0, None);
        b.detail = Some("mixed content".into());
        let mut one = set(vec![b]);
        one.planned = Some(10);
        let r = summarize_check(&one).unwrap();
        assert_eq!(r.verdict, Blocked);
        assert!(r.note.contains("did not send the request: mixed content."));
        assert!(r.note.contains("cancelled after 1 of 10"));
    }

    #[test]
    fn timing_takes_setup_from_the_cold_sample_and_median_ttfb() {
        let p = |dns, connect, tls, ttfb| PhaseSample {
            dns_ms: dns,
            connect_ms: connect,
            tls_ms: tls,
            ttfb_ms: ttfb,
        };
        let mut a = s(Verdict::Answered, 30.0, Some(200));
        a.phases = Some(p(4.0, 10.0, Some(12.0), 9.0));
        let mut b = s(Verdict::Answered, 12.0, Some(200));
        b.phases = Some(p(0.0, 0.0, None, 11.0));
        let mut c = s(Verdict::Answered, 13.0, Some(200));
        c.phases = Some(p(0.0, 0.0, None, 10.0));
        let r = summarize_check(&set(vec![a, b, c])).unwrap();
        let t = r.timing.unwrap();
        assert_eq!(
            (t.dns_ms, t.connect_ms, t.tls_ms, t.ttfb_ms, t.samples),
            (4.0, 10.0, Some(12.0), 10.0, 3)
        );
        let plain = summarize_check(&set(vec![s(Verdict::Answered, 5.0, Some(200))])).unwrap();
        assert!(plain.timing.is_none());
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        assert!(matches!(
            summarize_check(&set(vec![])),
            Err(SummaryError::NoSamples(_))
        ));
        let e = summarize_check(&set(vec![s(Verdict::Answered, f64::NAN, None)])).unwrap_err();
        assert_eq!(
            e.to_string(),
            "check gateway-https: sample 1 has an unusable duration (NaN)"
        );
        assert!(summarize_check(&set(vec![s(Verdict::Answered, -1.0, None)])).is_err());
    }

    #[test]
    fn result_json_round_trips_through_the_dto() {
        let r = summarize_check(&set(vec![s(Verdict::Answered, 20.0, Some(200))])).unwrap();
        let json = serde_json::to_string(&r).unwrap();
        let back: CheckResult = serde_json::from_str(&json).unwrap();
        assert_eq!(back, r);
        assert!(json.contains(r#""samples":[{"outcome":"answered","ms":20.0,"status":200}]"#));
    }
}
