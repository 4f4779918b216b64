//! The diagnosis entry point: pastes + PAC results + browser checks in, findings out.
//!
//! `diagnose` parses every paste, builds vendor-neutral [`Facts`](crate::facts::Facts), runs
//! every rule of [`RULES`](crate::rules::RULES) and returns the findings sorted by (severity,
//! id, first evidence line), with an overall code in Azure Network Watcher's spelling
//! (`Healthy` / `UnHealthy`). This is the JSON of `netdiag diagnose --format json` and of
//! `window.netdiag.diagnose(...)`.
//!
//! ```
//! use netdiag_core::diagnose::{diagnose, DiagnoseInput, HealthCode};
//! let paste = "R1#show crypto isakmp sa\nIPv4 Crypto ISAKMP SA\ndst             src             state          conn-id status\n192.0.2.1       203.0.113.9     MM_NO_STATE       1002 ACTIVE\n";
//! let report = diagnose(&DiagnoseInput::from_text(paste));
//! assert_eq!(report.code, HealthCode::UnHealthy);
//! assert_eq!(report.findings[0].id, "Phase1NotEstablished");
//! assert_eq!(report.findings[0].evidence[0].lines.start, 4);
//! ```

mod markdown;

use std::cmp::Ordering;

use serde::{Deserialize, Deserializer, Serialize};

use crate::checks::CheckResults;
use crate::facts::{Context, Paste, build_facts};
use crate::finding::{Finding, Severity};
use crate::pac::PacReport;
use crate::pac_review::DEFAULT_IDP_DOMAINS;
use crate::rules::catalogue;

pub use markdown::to_markdown;

/// Default access-network allowance added to distance budgets, ms.
pub const DEFAULT_LATENCY_FLOOR_MS: f64 = 10.0;

/// What the user knows about the environment.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DiagnoseOptions {
    /// Cloud name (`zscalertwo.net`, or `zscalertwo`); turns on the Zscaler rules.
    pub cloud: Option<String>,
    /// Force the Zscaler rules on (`true`) or off (`false`); default: on when a cloud is
    /// given or the paste names Zscaler.
    pub zscaler: Option<bool>,
    /// Distance from the site to the service edge / peer, km (latency budget).
    pub distance_km: Option<f64>,
    /// Access-network allowance added to the distance budget, ms (default 10).
    pub latency_floor_ms: Option<f64>,
    /// Extra identity-provider / authentication domains (added to the preset list).
    pub idp_domains: Vec<String>,
    /// Reference time (RFC 3339) for certificates when no device clock is pasted.
    pub now: Option<String>,
}

/// Everything to diagnose.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DiagnoseInput {
    /// Pasted device outputs: plain strings or `{ "name", "text" }` objects.
    #[serde(deserialize_with = "de_pastes")]
    pub pastes: Vec<Paste>,
    /// PAC evaluation results (`netdiag pac eval --format json`).
    pub pac: Option<PacReport>,
    /// Browser check results.
    pub checks: Option<CheckResults>,
    /// Options.
    pub options: DiagnoseOptions,
}

fn de_pastes<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Paste>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum P {
        Text(String),
        Named(Paste),
    }
    let v: Vec<P> = Vec::deserialize(d)?;
    Ok(v.into_iter()
        .map(|p| match p {
            P::Text(text) => Paste { name: None, text },
            P::Named(p) => p,
        })
        .collect())
}

impl DiagnoseInput {
    /// One unnamed paste, no PAC, no checks, default options.
    pub fn from_text(text: &str) -> Self {
        Self {
            pastes: vec![Paste::new(text)],
            ..Default::default()
        }
    }
}

/// Overall verdict, spelled like Azure Network Watcher's `code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum HealthCode {
    /// No error or warning about the network.
    Healthy,
    /// At least one error or warning (input-quality findings excluded).
    UnHealthy,
}

/// Counts per severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SeverityCounts {
    /// Errors.
    pub error: usize,
    /// Warnings.
    pub warning: usize,
    /// Infos.
    pub info: usize,
}

/// One block of the input, as the diagnosis saw it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputBlock {
    /// Named input (when several).
    pub source: Option<String>,
    /// Block id (as in evidence).
    pub block: String,
    /// Detected kind or `unrecognised`.
    pub kind: String,
    /// Lines `[start, end]`.
    pub lines: crate::span::LineSpan,
}

/// The diagnosis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiagnoseReport {
    /// `Healthy` or `UnHealthy`.
    pub code: HealthCode,
    /// Findings, sorted by (severity, id, first evidence line).
    pub findings: Vec<Finding>,
    /// Counts per severity.
    pub counts: SeverityCounts,
    /// The blocks read.
    pub blocks: Vec<InputBlock>,
    /// False when nothing in the input could be diagnosed (no recognised output or
    /// configuration, no PAC results, no checks).
    pub usable: bool,
}

/// `zscalertwo` → `zscalertwo.net`; `gateway.zscalertwo.net` → `zscalertwo.net`.
pub fn normalise_cloud(c: &str) -> Option<String> {
    let mut c = c.trim().trim_end_matches('.').to_ascii_lowercase();
    for p in ["gateway.", "pac.", "login.", "ips."] {
        if let Some(rest) = c.strip_prefix(p) {
            c = rest.to_string();
        }
    }
    if c.is_empty() {
        return None;
    }
    if !c.contains('.') {
        c.push_str(".net");
    }
    Some(c)
}

/// Builds the rule context from the options.
pub fn context_of(o: &DiagnoseOptions) -> Context {
    let cloud = o.cloud.as_deref().and_then(normalise_cloud);
    let mut idp: Vec<String> = DEFAULT_IDP_DOMAINS
        .iter()
        .map(|s| (*s).to_string())
        .collect();
    idp.extend(
        o.idp_domains
            .iter()
            .map(|d| d.trim().to_ascii_lowercase())
            .filter(|d| !d.is_empty()),
    );
    if let Some(c) = &cloud {
        idp.push(format!("login.{c}"));
        idp.push(format!("ips.{c}"));
    }
    Context {
        zscaler: o.zscaler.unwrap_or(cloud.is_some()),
        cloud,
        distance_km: o.distance_km.filter(|d| d.is_finite() && *d >= 0.0),
        latency_floor_ms: o
            .latency_floor_ms
            .filter(|f| f.is_finite() && *f >= 0.0)
            .unwrap_or(DEFAULT_LATENCY_FLOOR_MS),
        idp_domains: idp,
        reference_now: o
            .now
            .as_deref()
            .and_then(crate::facts::time::parse_timestamp)
            .map(|t| t.epoch),
    }
}

/// Runs the whole diagnosis. Never fails: unreadable input gives `usable: false` and
/// input findings.
pub fn diagnose(input: &DiagnoseInput) -> DiagnoseReport {
    let mut ctx = context_of(&input.options);
    let forced = input.options.zscaler;
    let (mut facts, _reports) = build_facts(
        &input.pastes,
        ctx.clone(),
        input.pac.clone(),
        input.checks.clone(),
    );
    if forced == Some(false) {
        // The user said the peer is not Zscaler, whatever the paste mentions.
        ctx.zscaler = false;
        facts.context.zscaler = false;
    }
    let mut findings = crate::rules::run_all(&facts);
    findings.dedup_by(|a, b| a.id == b.id && a.summary == b.summary && a.evidence == b.evidence);
    sort_findings(&mut findings);
    let mut counts = SeverityCounts::default();
    for f in &findings {
        match f.severity {
            Severity::Error => counts.error += 1,
            Severity::Warning => counts.warning += 1,
            Severity::Info => counts.info += 1,
        }
    }
    let unhealthy = findings.iter().any(|f| {
        f.severity != Severity::Info && catalogue::entry(&f.id).is_none_or(|e| e.area != "input")
    });
    DiagnoseReport {
        code: if unhealthy {
            HealthCode::UnHealthy
        } else {
            HealthCode::Healthy
        },
        blocks: facts
            .blocks
            .iter()
            .map(|b| InputBlock {
                source: b.source.clone(),
                block: b.block.clone(),
                kind: b.kind.clone(),
                lines: b.lines,
            })
            .collect(),
        usable: !facts.is_empty() || facts.blocks.iter().any(|b| b.recognised),
        counts,
        findings,
    }
}

fn first_key(f: &Finding) -> (Option<String>, u64, String, u32) {
    f.evidence
        .first()
        .map_or((None, u64::MAX, String::new(), 0), |e| {
            (
                e.source.clone(),
                e.block.parse::<u64>().unwrap_or(u64::MAX),
                e.block.clone(),
                e.lines.start,
            )
        })
}

/// Sorts findings by (severity, id, first evidence: source, block, line).
pub fn sort_findings(v: &mut [Finding]) {
    v.sort_by(|a, b| {
        a.severity
            .cmp(&b.severity)
            .then_with(|| a.id.cmp(&b.id))
            .then_with(|| {
                first_key(a)
                    .partial_cmp(&first_key(b))
                    .unwrap_or(Ordering::Equal)
            })
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_accepts_strings_and_objects() {
        let j = r#"{"pastes": ["a", {"name": "r1.txt", "text": "b"}], "options": {"cloud": "zscalertwo", "distance_km": 800}}"#;
        let i: DiagnoseInput = serde_json::from_str(j).unwrap();
        assert_eq!(i.pastes.len(), 2);
        assert_eq!(i.pastes[1].name.as_deref(), Some("r1.txt"));
        let c = context_of(&i.options);
        assert_eq!(c.cloud.as_deref(), Some("zscalertwo.net"));
        assert!(c.zscaler);
        assert!(c.idp_domains.contains(&"login.zscalertwo.net".to_string()));
        assert_eq!(c.latency_floor_ms, DEFAULT_LATENCY_FLOOR_MS);
    }

    #[test]
    fn empty_input_is_unusable_and_healthy() {
        let r = diagnose(&DiagnoseInput::default());
        assert!(!r.usable);
        assert_eq!(r.code, HealthCode::Healthy);
        assert!(r.findings.is_empty());
        let j = serde_json::to_value(&r).unwrap();
        assert_eq!(j["code"], "Healthy");
    }

    #[test]
    fn findings_are_sorted() {
        let paste = "R1#show crypto isakmp sa\nIPv4 Crypto ISAKMP SA\ndst             src             state          conn-id status\n192.0.2.1       203.0.113.9     MM_NO_STATE       1002 ACTIVE\n192.0.2.1       203.0.113.7     MM_KEY_EXCH       1003 ACTIVE\n";
        let r = diagnose(&DiagnoseInput::from_text(paste));
        assert_eq!(r.code, HealthCode::UnHealthy);
        let lines: Vec<u32> = r
            .findings
            .iter()
            .map(|f| f.evidence[0].lines.start)
            .collect();
        assert_eq!(lines, [4, 5]);
        assert_eq!(r.counts.error, 2);
        // The common dst across rows is the local address.
        assert!(
            r.findings[0].summary.contains("203.0.113.9"),
            "{}",
            r.findings[0].summary
        );
    }

    #[test]
    fn normalises_cloud_names() {
        assert_eq!(
            normalise_cloud("gateway.zscaler.net").as_deref(),
            Some("zscaler.net")
        );
        assert_eq!(
            normalise_cloud(" ZscalerThree ").as_deref(),
            Some("zscalerthree.net")
        );
        assert_eq!(normalise_cloud(""), None);
    }
}
