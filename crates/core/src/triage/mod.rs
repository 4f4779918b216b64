//! Guided triage: from "what is impacted" (PAC/proxy, GRE, IPsec × hard down, flapping, up but
//! no traffic) to the runbook's steps as a checklist, each step saying exactly which outputs to
//! paste or which checks to run, and ticked off when the evidence at hand covers it.
//!
//! The steps are data ([`runbook::CHECKLISTS`]); [`triage`] runs the diagnosis over the same
//! input as `netdiag diagnose` and marks each step `covered` (the evidence is there),
//! `problem` (the evidence shows a fault: the related findings are listed), `open` (still to
//! collect) or `manual` (outside what netdiag can read: only the user can tick it).
//!
//! ```
//! use netdiag_core::diagnose::DiagnoseInput;
//! use netdiag_core::triage::{triage, Area, Impact, StepStatus, Symptom};
//! let paste = "R1#show crypto ipsec sa\ninterface: Tunnel1\n    Crypto map tag: T1-head-0, local addr 192.0.2.1\n   current_peer 203.0.113.2 port 500\n    #pkts encaps: 50, #pkts encrypt: 50, #pkts digest: 50\n    #pkts decaps: 0, #pkts decrypt: 0, #pkts verify: 0\n";
//! let r = triage(Impact { area: Area::Ipsec, symptom: Symptom::NoTraffic }, &DiagnoseInput::from_text(paste));
//! let counters = r.steps.iter().find(|s| s.id == "counters").unwrap();
//! assert_eq!(counters.status, StepStatus::Problem);
//! assert_eq!(counters.findings[0].id, "OneWayTraffic");
//! ```

pub mod runbook;

use serde::{Deserialize, Serialize};

use crate::checks::CheckKind;
use crate::diagnose::{DiagnoseInput, DiagnoseReport, diagnose, normalise_cloud};
use crate::finding::Severity;
use crate::parsers::report::UNRECOGNISED;
use crate::rules::catalogue::uri::ZS_RUNBOOK;
use crate::span::LineSpan;
use runbook::{CHECKLISTS, Checklist, Collect, Cover, StepDef};

/// Most pieces of evidence listed per step.
const MAX_STEP_EVIDENCE: usize = 6;

/// The forwarding method that is impacted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Area {
    /// PAC file / explicit proxy (browser or Client Connector to the proxy).
    Pac,
    /// GRE tunnel from the site gateway.
    Gre,
    /// IPsec tunnel (to the cloud or between two peers).
    Ipsec,
}

/// How it fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Symptom {
    /// Down all the time.
    HardDown,
    /// Goes up and down, or works intermittently.
    Flapping,
    /// Up, but traffic does not flow.
    NoTraffic,
}

/// What is impacted: the start of a triage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Impact {
    /// The forwarding method.
    pub area: Area,
    /// How it fails.
    pub symptom: Symptom,
}

/// Where a step stands with the evidence at hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    /// The evidence for this step is there and shows no fault.
    Covered,
    /// The evidence shows a fault (see `findings`).
    Problem,
    /// Still to collect.
    Open,
    /// Outside what netdiag can read (a portal, a capture): the user ticks it.
    Manual,
}

/// What a step asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CollectKind {
    /// Run a command and paste its output (Outputs panel).
    Command,
    /// Run a browser check (Browser checks panel).
    Check,
    /// Evaluate the PAC (PAC evaluator).
    Pac,
    /// Compare configurations (IPsec compare view).
    Compare,
    /// Compare two PAC versions (Compare versions panel).
    PacVersions,
    /// Outside netdiag.
    Manual,
}

/// One thing to collect or do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CollectItem {
    /// What kind of action.
    pub kind: CollectKind,
    /// Where to run a command (`Cisco IOS`, `Windows`...), or the check kind.
    pub platform: Option<String>,
    /// The exact command, or what to do (`<cloud>` filled in when a cloud is given).
    pub text: String,
}

/// A piece of evidence that covers a step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepEvidence {
    /// `block` (a parsed paste block), `check` (a browser check) or `pac` (PAC results).
    pub what: String,
    /// The block kind, check kind or `pac`.
    pub kind: String,
    /// Block index (as in findings' evidence) or check id; `pac` for PAC results.
    pub block: String,
    /// The named paste, when several were given (as in findings' evidence).
    pub source: Option<String>,
    /// The block's lines; `None` for checks and PAC results.
    pub lines: Option<LineSpan>,
}

/// A finding related to a step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepFinding {
    /// Fault id.
    pub id: String,
    /// Its severity.
    pub severity: Severity,
    /// Its summary.
    pub summary: String,
}

/// One step of the checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TriageStep {
    /// Step id, unique within the checklist.
    pub id: String,
    /// What to do.
    pub title: String,
    /// Why, and what to look for.
    pub why: String,
    /// Where the step stands.
    pub status: StepStatus,
    /// What to collect.
    pub collect: Vec<CollectItem>,
    /// Evidence that covers it.
    pub evidence: Vec<StepEvidence>,
    /// Findings of the diagnosis related to this step.
    pub findings: Vec<StepFinding>,
}

/// The checklist for one impact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TriageReport {
    /// What is impacted.
    pub impact: Impact,
    /// Title of the situation.
    pub title: String,
    /// The runbook section followed.
    pub source: String,
    /// The runbook's address.
    pub source_uri: String,
    /// The steps in runbook order.
    pub steps: Vec<TriageStep>,
    /// Steps covered by evidence (`covered` or `problem`).
    pub covered: usize,
    /// Steps evidence can cover (all but `manual`).
    pub coverable: usize,
    /// Id of the first `open` step: what to do next.
    pub next: Option<String>,
}

/// The checklist of `impact`.
pub fn checklist(impact: Impact) -> Option<&'static Checklist> {
    CHECKLISTS
        .iter()
        .find(|c| c.area == impact.area && c.symptom == impact.symptom)
}

/// Runs the diagnosis over `input` and ticks off the checklist of `impact`.
pub fn triage(impact: Impact, input: &DiagnoseInput) -> TriageReport {
    let report = diagnose(input);
    triage_with(impact, input, &report)
}

/// Ticks off the checklist of `impact` with a diagnosis already made from `input`.
pub fn triage_with(impact: Impact, input: &DiagnoseInput, report: &DiagnoseReport) -> TriageReport {
    let cloud = input.options.cloud.as_deref().and_then(normalise_cloud);
    let has_config = has_ipsec_config(input, report);
    let ctx = Evidence {
        input,
        report,
        has_config,
    };
    let Some(list) = checklist(impact) else {
        // Every (area, symptom) has a checklist (a test holds it); stay total anyway.
        return TriageReport {
            impact,
            title: String::new(),
            source: String::new(),
            source_uri: ZS_RUNBOOK.into(),
            steps: Vec::new(),
            covered: 0,
            coverable: 0,
            next: None,
        };
    };
    let steps: Vec<TriageStep> = list
        .steps
        .iter()
        .map(|s| step(s, &ctx, cloud.as_deref()))
        .collect();
    let covered = steps
        .iter()
        .filter(|s| matches!(s.status, StepStatus::Covered | StepStatus::Problem))
        .count();
    let coverable = steps
        .iter()
        .filter(|s| s.status != StepStatus::Manual)
        .count();
    let next = steps
        .iter()
        .find(|s| s.status == StepStatus::Open)
        .map(|s| s.id.clone());
    TriageReport {
        impact,
        title: list.title.into(),
        source: list.source.into(),
        source_uri: ZS_RUNBOOK.into(),
        steps,
        covered,
        coverable,
        next,
    }
}

/// True when the blocks no parser claimed (where configuration lands, as in the diagnosis)
/// hold an IPsec configuration the comparison can read.
fn has_ipsec_config(input: &DiagnoseInput, report: &DiagnoseReport) -> bool {
    let many = input.pastes.len() > 1;
    input.pastes.iter().enumerate().any(|(i, paste)| {
        let source = many.then(|| {
            paste
                .name
                .clone()
                .unwrap_or_else(|| format!("paste {}", i + 1))
        });
        let lines: Vec<&str> = paste.text.split('\n').collect();
        let mut text = String::new();
        for b in report
            .blocks
            .iter()
            .filter(|b| b.source == source && (b.kind == UNRECOGNISED || b.kind.contains("config")))
        {
            let from = usize::try_from(b.lines.start.saturating_sub(1)).unwrap_or(usize::MAX);
            let to = usize::try_from(b.lines.end)
                .unwrap_or(usize::MAX)
                .min(lines.len());
            for l in lines.get(from..to).unwrap_or_default() {
                text.push_str(l);
                text.push('\n');
            }
        }
        !text.is_empty() && crate::compare::parse_config(&text).is_some_and(|s| !s.peers.is_empty())
    })
}

/// What the input holds, for the coverage test.
struct Evidence<'a> {
    input: &'a DiagnoseInput,
    report: &'a DiagnoseReport,
    has_config: bool,
}

fn fill(text: &str, cloud: Option<&str>) -> String {
    match cloud {
        Some(c) => text.replace("<cloud>", c),
        None => text.to_string(),
    }
}

fn check_name(k: CheckKind) -> &'static str {
    match k {
        CheckKind::Pac => "pac",
        CheckKind::Proxy => "proxy",
        CheckKind::Gateway => "gateway",
        CheckKind::Auth => "auth",
        CheckKind::Other => "other",
    }
}

fn collect_item(c: &Collect, cloud: Option<&str>) -> CollectItem {
    let (kind, platform, text) = match *c {
        Collect::Command(p, t) => (CollectKind::Command, Some(p.to_string()), t),
        Collect::Check(k, t) => (CollectKind::Check, Some(check_name(k).to_string()), t),
        Collect::Pac(t) => (CollectKind::Pac, None, t),
        Collect::Compare(t) => (CollectKind::Compare, None, t),
        Collect::PacVersions(t) => (CollectKind::PacVersions, None, t),
        Collect::Manual(t) => (CollectKind::Manual, None, t),
    };
    CollectItem {
        kind,
        platform,
        text: fill(text, cloud),
    }
}

fn covering(cover: &Cover, ctx: &Evidence<'_>, out: &mut Vec<StepEvidence>) {
    match *cover {
        Cover::Blocks(kinds) => {
            for b in ctx
                .report
                .blocks
                .iter()
                .filter(|b| kinds.contains(&b.kind.as_str()))
            {
                out.push(StepEvidence {
                    what: "block".into(),
                    kind: b.kind.clone(),
                    block: b.block.clone(),
                    source: b.source.clone(),
                    lines: Some(b.lines),
                });
            }
        }
        Cover::Check(kind) => {
            let checks = ctx
                .input
                .checks
                .as_ref()
                .map(|c| c.checks.as_slice())
                .unwrap_or_default();
            for c in checks.iter().filter(|c| c.kind == kind) {
                out.push(StepEvidence {
                    what: "check".into(),
                    kind: check_name(kind).into(),
                    block: format!("check:{}", c.id),
                    source: Some("checks".into()),
                    lines: None,
                });
            }
        }
        Cover::Pac => {
            if ctx
                .input
                .pac
                .as_ref()
                .is_some_and(|p| !p.results.is_empty() || p.error.is_some())
            {
                out.push(StepEvidence {
                    what: "pac".into(),
                    kind: "pac".into(),
                    block: "pac".into(),
                    source: None,
                    lines: None,
                });
            }
        }
        Cover::Config => {
            if ctx.has_config {
                out.push(StepEvidence {
                    what: "config".into(),
                    kind: "config".into(),
                    block: "config".into(),
                    source: None,
                    lines: None,
                });
            }
        }
    }
}

fn step(def: &StepDef, ctx: &Evidence<'_>, cloud: Option<&str>) -> TriageStep {
    let mut evidence = Vec::new();
    for c in def.cover {
        covering(c, ctx, &mut evidence);
    }
    evidence.dedup();
    evidence.truncate(MAX_STEP_EVIDENCE);
    let mut findings: Vec<StepFinding> = Vec::new();
    for f in ctx
        .report
        .findings
        .iter()
        .filter(|f| def.findings.contains(&f.id.as_str()))
    {
        if !findings.iter().any(|x| x.id == f.id) {
            findings.push(StepFinding {
                id: f.id.clone(),
                severity: f.severity,
                summary: f.summary.clone(),
            });
        }
    }
    let fault = findings.iter().any(|f| f.severity != Severity::Info);
    let status = if fault {
        StepStatus::Problem
    } else if !evidence.is_empty() {
        StepStatus::Covered
    } else if def.cover.is_empty() {
        StepStatus::Manual
    } else {
        StepStatus::Open
    };
    TriageStep {
        id: def.id.into(),
        title: fill(def.title, cloud),
        why: fill(def.why, cloud),
        status,
        collect: def.collect.iter().map(|c| collect_item(c, cloud)).collect(),
        evidence,
        findings,
    }
}

#[cfg(test)]
mod tests;
