//! Browser check results: what the page's reachability/latency checks measured, as data.
//!
//! The page's checks code produces [`CheckResults`]; `netdiag diagnose --checks FILE` reads the
//! same JSON; the diagnosis rules (`rules::checks`) turn failed or slow checks into findings.
//! A browser can only see HTTP(S) outcomes: `answered_opaque` means a `no-cors` answer arrived
//! but its status is unknown, and nothing here says anything about ICMP, raw TCP or MTU.

use serde::{Deserialize, Serialize};

/// A set of browser checks, in the order they were run.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CheckResults {
    /// One entry per check.
    pub checks: Vec<CheckResult>,
}

/// What a check was aimed at; decides which finding a failure maps to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckKind {
    /// The PAC file URL (`pac.<cloud>.net/...`).
    Pac,
    /// A proxy (service edge) host:port from the PAC or config.
    Proxy,
    /// The cloud's gateway / health URL (`gateway.<cloud>.net`, `/vpntest`).
    Gateway,
    /// The cloud's login or authentication host (`login.<cloud>.net`, an IdP).
    Auth,
    /// Anything else the user added.
    #[default]
    Other,
}

/// The outcome of a check, as far as a browser can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// A readable HTTP answer arrived.
    Answered,
    /// An opaque (`no-cors`) answer arrived: the host is reachable, the status is unknown.
    AnsweredOpaque,
    /// The connection failed fast (refused or reset): nothing listens, or a device rejects it.
    Refused,
    /// No answer within the time limit: packets are dropped on the way (filtered).
    TimedOut,
    /// The browser or something in between blocked the request (policy, mixed content, a proxy
    /// block page).
    Blocked,
}

impl Verdict {
    /// True when an answer of any kind arrived.
    pub fn reached(self) -> bool {
        matches!(self, Self::Answered | Self::AnsweredOpaque)
    }

    /// The JSON spelling, for messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Answered => "answered",
            Self::AnsweredOpaque => "answered_opaque",
            Self::Refused => "refused",
            Self::TimedOut => "timed_out",
            Self::Blocked => "blocked",
        }
    }
}

/// One check: a target probed a few times from the browser.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckResult {
    /// Stable id of the check (e.g. `pac`, `gateway-https`).
    pub id: String,
    /// What was probed: a URL or `host:port`.
    pub target: String,
    /// What the target is.
    #[serde(default)]
    pub kind: CheckKind,
    /// The overall outcome.
    pub verdict: Verdict,
    /// Round-trip time of each sample in milliseconds (failed samples omitted).
    #[serde(default)]
    pub samples_ms: Vec<f64>,
    /// Summary statistics over the samples.
    #[serde(default)]
    pub stats: Option<CheckStats>,
    /// The latency budget for this target in ms, when the page knows one (distance based).
    #[serde(default)]
    pub budget_ms: Option<f64>,
    /// Every sample in the order taken, failed ones included (empty in older JSON).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub samples: Vec<Sample>,
    /// Distinct HTTP status codes of readable answers, ascending (opaque answers have none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub status_codes: Vec<u16>,
    /// Resource Timing phases, present only when the server sent `Timing-Allow-Origin`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timing: Option<TimingPhases>,
    /// What the verdict means, in plain words (e.g. "3 of 10 samples timed out after 3000 ms").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Why the check was run: the runbook step it answers.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

/// One sample of a check as stored: how it ended, how long it took, the status when readable.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Sample {
    /// How this one request ended.
    pub outcome: Verdict,
    /// Milliseconds from the request until the answer's headers or the failure.
    pub ms: f64,
    /// HTTP status of a readable (`answered`) sample.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
}

/// Resource Timing phases of a check, in ms (see `browser_checks::summary` for how samples
/// are combined: set-up phases from the sample that opened the connection, TTFB median).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct TimingPhases {
    /// DNS lookup.
    pub dns_ms: f64,
    /// TCP connect (without TLS).
    pub connect_ms: f64,
    /// TLS handshake; `None` for plain HTTP.
    pub tls_ms: Option<f64>,
    /// Request sent until the first byte of the answer.
    pub ttfb_ms: f64,
    /// How many samples carried phase timing.
    pub samples: u32,
}

/// Summary statistics of a check's samples.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CheckStats {
    /// Fastest sample, ms.
    pub min: f64,
    /// Median sample, ms.
    pub median: f64,
    /// 95th percentile, ms.
    pub p95: f64,
    /// Slowest sample, ms.
    pub max: f64,
    /// Mean absolute difference between consecutive answered samples in the order taken, ms
    /// (the plain mean of |D|; RFC 3550's interarrival jitter smooths the same D by 1/16).
    pub jitter: f64,
    /// Share of samples that failed, 0..=1.
    pub failure_share: f64,
}

impl CheckStats {
    /// Computes the statistics of `samples` (ms), with `failed` further samples that failed.
    pub fn from_samples(samples: &[f64], failed: usize) -> Self {
        let mut sorted: Vec<f64> = samples.iter().copied().filter(|v| v.is_finite()).collect();
        sorted.sort_by(f64::total_cmp);
        let total = sorted.len() + failed;
        let failure_share = if total == 0 {
            0.0
        } else {
            failed as f64 / total as f64
        };
        let pick = |q: f64| -> f64 {
            if sorted.is_empty() {
                return 0.0;
            }
            // Nearest-rank percentile: small sample counts make interpolation meaningless.
            let rank = (q * sorted.len() as f64).ceil() as usize;
            let idx = rank.saturating_sub(1).min(sorted.len() - 1);
            sorted.get(idx).copied().unwrap_or(0.0)
        };
        // Jitter over the samples in the order taken (not sorted), non-finite ones skipped.
        let ordered: Vec<f64> = samples.iter().copied().filter(|v| v.is_finite()).collect();
        let jitter = if ordered.len() < 2 {
            0.0
        } else {
            let diffs: Vec<f64> = ordered
                .windows(2)
                .filter_map(|w| match w {
                    [a, b] => Some((b - a).abs()),
                    _ => None,
                })
                .collect();
            diffs.iter().sum::<f64>() / diffs.len() as f64
        };
        Self {
            min: sorted.first().copied().unwrap_or(0.0),
            median: pick(0.5),
            p95: pick(0.95),
            max: sorted.last().copied().unwrap_or(0.0),
            jitter,
            failure_share,
        }
    }
}

impl CheckResult {
    /// The statistics given, or computed from the samples.
    pub fn effective_stats(&self) -> CheckStats {
        self.stats
            .unwrap_or_else(|| CheckStats::from_samples(&self.samples_ms, 0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_page_json() {
        let j = r#"{"checks":[{"id":"pac","target":"https://pac.example.net/proxy.pac","kind":"pac",
            "verdict":"timed_out","samples_ms":[],"stats":{"min":0,"median":0,"p95":0,"max":0,
            "jitter":0,"failure_share":1.0}},
            {"id":"gw","target":"gateway.example.net:443","kind":"gateway","verdict":"answered_opaque",
            "samples_ms":[20.5,22.0,21.0],"budget_ms":30}]}"#;
        let r: CheckResults = serde_json::from_str(j).unwrap();
        assert_eq!(r.checks.len(), 2);
        assert_eq!(r.checks[0].verdict, Verdict::TimedOut);
        assert!(!r.checks[0].verdict.reached());
        assert!(r.checks[1].verdict.reached());
        assert_eq!(r.checks[1].effective_stats().median, 21.0);
        assert_eq!(r.checks[1].budget_ms, Some(30.0));
    }

    #[test]
    fn stats_from_samples() {
        let s = CheckStats::from_samples(&[10.0, 30.0, 20.0, 40.0], 1);
        assert_eq!(s.min, 10.0);
        assert_eq!(s.max, 40.0);
        assert_eq!(s.median, 20.0);
        assert_eq!(s.p95, 40.0);
        assert!((s.failure_share - 0.2).abs() < 1e-9);
        assert!((s.jitter - (20.0 + 10.0 + 20.0) / 3.0).abs() < 1e-9);
        let empty = CheckStats::from_samples(&[], 0);
        assert_eq!(empty.median, 0.0);
        assert_eq!(empty.failure_share, 0.0);
    }
}
