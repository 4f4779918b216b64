//! Exports of the device-output side: parse, diagnose (and its Markdown), the two-side IPsec
//! comparison and the guided triage. Each converts, calls one core function and converts back.
//!
//! Results cross as JSON text parsed by the JS engine (`JSON.parse`, see `to_js`):
//! confidences are `f32`, which serde_json prints as the shortest decimal (`0.9`) while a
//! direct value conversion would widen them to `0.8999999761581421`. Going through serde_json
//! gives the page exactly the object the CLI prints.

use netdiag_core::compare::{compare_texts, compare_with_zscaler};
use netdiag_core::diagnose::{
    DiagnoseInput, DiagnoseReport, diagnose as run_diagnosis, to_markdown,
};
use netdiag_core::parsers::parse_paste;
use netdiag_core::triage::{Impact, triage as run_triage};
use wasm_bindgen::prelude::*;

use super::{arg, into_error, to_js};

#[wasm_bindgen(typescript_custom_section)]
const DIAGNOSIS_TYPES: &str = r#"
/** Another kind a block could be. */
export interface Alternative { kind: string; confidence: number; }

/** One detected block of a paste. `records` is the kind's typed records (an array of objects
 * or one object; every record carries `lines: [start, end]`), null when unrecognised. */
export interface Block {
    index: number;
    kind: string;
    confidence: number;
    alternatives: Alternative[];
    lines: [number, number];
    command: string | null;
    prompt: string | null;
    truncated: boolean;
    records: unknown;
    skipped: [number, number][];
    warnings: string[];
    error: string | null;
}

/** The JSON printed by `netdiag parse --format json`. */
export interface ParseReport { blocks: Block[]; warnings: string[]; }

/** Options of a diagnosis; every field optional. */
export interface DiagnoseOptions {
    cloud?: string | null;
    zscaler?: boolean | null;
    distance_km?: number | null;
    latency_floor_ms?: number | null;
    idp_domains?: string[];
    now?: string | null;
}

/** Everything to diagnose; every field optional. */
export interface DiagnoseInput {
    pastes?: (string | { name?: string | null; text: string })[];
    pac?: PacReport | null;
    checks?: CheckResults | null;
    options?: DiagnoseOptions;
}

export interface InputBlock { source: string | null; block: string; kind: string; lines: [number, number]; }

/** The JSON printed by `netdiag diagnose --format json`. */
export interface DiagnoseReport {
    code: "Healthy" | "UnHealthy";
    findings: Finding[];
    counts: { error: number; warning: number; info: number };
    blocks: InputBlock[];
    usable: boolean;
}

export type RowStatus = "match" | "mismatch" | "warning" | "info";
export interface CompareRow {
    section: string; parameter: string; a: string; b: string; status: RowStatus;
    explanation: string; a_lines: [number, number] | null; b_lines: [number, number] | null;
}
export interface SideSummary {
    name: string | null; format: string | null; local_address: string | null;
    peer_address: string | null; notes: string[];
}
/** The JSON printed by `netdiag compare --format json`. */
export interface Comparison {
    a: SideSummary; b: SideSummary; rows: CompareRow[]; mismatches: number; warnings: number; verdict: string;
}

export type TriageArea = "pac" | "gre" | "ipsec";
export type TriageSymptom = "hard_down" | "flapping" | "no_traffic";
export interface Impact { area: TriageArea; symptom: TriageSymptom; }
export interface CollectItem {
    kind: "command" | "check" | "pac" | "compare" | "pac_versions" | "manual";
    platform: string | null;
    text: string;
}
export interface StepEvidence {
    what: "block" | "check" | "pac" | "config"; kind: string; block: string;
    source: string | null; lines: [number, number] | null;
}
export interface TriageStep {
    id: string; title: string; why: string;
    status: "covered" | "problem" | "open" | "manual";
    collect: CollectItem[];
    evidence: StepEvidence[];
    findings: { id: string; severity: "error" | "warning" | "info"; summary: string }[];
}
/** The runbook checklist of one impact, ticked off from the evidence. */
export interface TriageReport {
    impact: Impact; title: string; source: string; source_uri: string;
    steps: TriageStep[]; covered: number; coverable: number; next: string | null;
}
"#;

/// Detects and parses every block of a paste (the JSON of `netdiag parse --format json`).
#[wasm_bindgen(js_name = parse, unchecked_return_type = "ParseReport")]
pub fn parse(text: String) -> Result<JsValue, JsError> {
    to_js(&parse_paste(&text))
}

/// Diagnoses pastes, PAC results and browser checks (the JSON of `netdiag diagnose`).
#[wasm_bindgen(js_name = diagnose, unchecked_return_type = "DiagnoseReport")]
pub fn diagnose(
    #[wasm_bindgen(unchecked_param_type = "DiagnoseInput")] input: JsValue,
) -> Result<JsValue, JsError> {
    let input: DiagnoseInput = arg("input", input)?;
    to_js(&run_diagnosis(&input))
}

/// Ticket-ready Markdown of a diagnosis (`netdiag diagnose --format md`).
#[wasm_bindgen(js_name = diagnoseMarkdown)]
pub fn diagnose_markdown(
    #[wasm_bindgen(unchecked_param_type = "DiagnoseReport")] report: JsValue,
) -> Result<String, JsError> {
    let report: DiagnoseReport = arg("report", report)?;
    Ok(to_markdown(&report))
}

/// Compares two peers' IPsec configurations (the JSON of `netdiag compare A B`).
#[wasm_bindgen(js_name = compareConfigs, unchecked_return_type = "Comparison")]
pub fn compare_configs(a: String, b: String) -> Result<JsValue, JsError> {
    to_js(&compare_texts(&a, &b).map_err(into_error)?)
}

/// Compares a configuration with Zscaler's supported parameters (`netdiag compare A --zscaler`).
#[wasm_bindgen(js_name = compareZscaler, unchecked_return_type = "Comparison")]
pub fn compare_zscaler(a: String) -> Result<JsValue, JsError> {
    to_js(&compare_with_zscaler(&a).map_err(into_error)?)
}

/// The runbook checklist for an impact, ticked off from the same input as `diagnose`.
#[wasm_bindgen(js_name = triage, unchecked_return_type = "TriageReport")]
pub fn triage(
    #[wasm_bindgen(unchecked_param_type = "Impact")] impact: JsValue,
    #[wasm_bindgen(unchecked_param_type = "DiagnoseInput | null | undefined")] input: JsValue,
) -> Result<JsValue, JsError> {
    let impact: Impact = arg("impact", impact)?;
    let input: Option<DiagnoseInput> = arg("input", input)?;
    to_js(&run_triage(impact, &input.unwrap_or_default()))
}
