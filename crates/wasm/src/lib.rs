//! wasm-bindgen binding for netdiag: each export deserializes, calls core/pac and serializes.
//!
//! Nothing else lives here: no domain types, no pipeline logic. Every export takes plain JS
//! values, converts them through JSON text (the engine's `JSON.stringify`/`JSON.parse` and
//! serde_json) into the DTOs of `netdiag-core`, calls the library and returns the serde form of
//! its result, which is the same JSON the CLI prints.
//! Bad arguments become a JS `Error` (never a panic, never a thrown string).
//!
//! Adding an export: see CONTRIBUTING.md ("Adding a wasm op"); it also needs a worker
//! whitelist entry in `www/js/worker.js` and a `window.netdiag` method.

use netdiag_core::browser_checks::{self, BudgetInput, ChecksExport, PlanInput, SampleSet};
use netdiag_core::pac::PacEnv;
use netdiag_core::pac_review::LintOptions;
use netdiag_core::share::{self, AppState, ExportInputs, RedactOptions};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;

mod diagnosis;
pub use diagnosis::{compare_configs, compare_zscaler, diagnose, diagnose_markdown, parse, triage};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
/** Client whose documented PAC behaviour is emulated. */
export type ClientProfile = "chromium" | "firefox" | "winhttp";

/** Deterministic environment; every field is optional on input and echoed filled in. */
export interface PacEnv {
    /** host -> address, addresses, or null ("does not resolve"). */
    dns?: Record<string, string | string[] | null>;
    /** Client addresses: the first is myIpAddress(), all are myIpAddressEx(). */
    my_ip?: string[];
    /** RFC 3339 instant. */
    now?: string | null;
    /** IANA time zone, "UTC" or a fixed offset like "+02:00". */
    tz?: string | null;
    /** Values for ${NAME} macros. */
    macros?: Record<string, string>;
    client?: ClientProfile;
    /** Pass https:// URLs to the PAC unchanged (no path/query stripping). */
    keep_url?: boolean;
}

export interface SourcePos { line: number; column: number; text: string; }

export interface PacErrorInfo {
    kind: string;
    message: string;
    line: number | null;
    column: number | null;
    source_line: string | null;
}

export interface ProxyEntry {
    kind: string;
    host: string | null;
    port: number | null;
    raw: string;
    problem: string | null;
}

export interface DnsLookup {
    helper: string;
    host: string;
    answer: string[] | null;
    source: "table" | "literal" | "missing" | string;
}

export interface MacroUse { name: string; lines: number[]; value: string | null; }

export interface UrlResult {
    url: string;
    host: string;
    pac_url: string;
    result: string | null;
    entries: ProxyEntry[];
    primary: string | null;
    secondary: string | null;
    bypass: boolean;
    bypass_reason: string | null;
    fallback_direct: boolean;
    rule: SourcePos | null;
    dns_lookups: DnsLookup[];
    alerts: string[];
    warnings: string[];
    error: PacErrorInfo | null;
}

/** Options of lintPac; every field optional. */
export interface LintOptions {
    /** IdP host patterns that must bypass the proxy (replaces the preset). */
    idp_domains?: string[];
    /** More IdP patterns, added to the preset (the CLI's --idp). */
    extra_idp_domains?: string[];
    max_bytes?: number;
    max_statements?: number;
}

export interface Evidence { block: string; lines: [number, number]; text: string; source?: string; }
export interface Action { text: string; uri?: string; }

export interface Finding {
    id: string;
    severity: "error" | "warning" | "info";
    summary: string;
    detail: string;
    evidence: Evidence[];
    actions: Action[];
    confidence: number;
}

/** The JSON printed by `netdiag pac lint --format json`. */
export interface LintReport { findings: Finding[]; }

/** One version's answer for a URL in a diff. */
export interface Answer {
    result: string | null;
    primary: string | null;
    secondary: string | null;
    bypass: boolean;
    rule: SourcePos | null;
    error: string | null;
}

export interface ChangedUrl {
    url: string;
    old: Answer;
    new: Answer;
    bypass_flip: boolean;
    primary_changed: boolean;
    secondary_changed: boolean;
}

export interface DiffError { version: "old" | "new"; message: string; line: number | null; column: number | null; }

/** The JSON printed by `netdiag pac diff --format json`. */
export interface DiffReport {
    changed: ChangedUrl[];
    unchanged: number;
    total: number;
    generated_urls: boolean;
    urls: string[];
    errors: DiffError[];
}

/** Browser checks: what to check (every field optional). */
export interface PlanInput {
    cloud?: string;
    pac_url?: string;
    /** One proxy per entry: "host:port", "PROXY host:port", "HTTPS host:port" or a URL; # comments. */
    proxies?: string[];
    /** One URL or host per entry; # comments. */
    extra_urls?: string[];
    samples?: number | null;
    timeout_ms?: number | null;
    dpp_port?: number | null;
    /** "https" marks http:// targets as mixed content. */
    page_scheme?: string | null;
}

export type CheckKind = "pac" | "proxy" | "gateway" | "auth" | "other";
export type Verdict = "answered" | "answered_opaque" | "refused" | "timed_out" | "blocked";

export interface PlanTarget {
    id: string; kind: CheckKind; url: string; host: string; port: number;
    tries: string; why: string; reading: string; blocked: string | null; download: boolean;
}
export interface PlatformCommands { platform: "windows" | "macos" | "linux" | "device"; shell: string; lines: string[]; note: string; }
export interface ManualCheck { id: string; title: string; why_not_in_browser: string; look_for: string; commands: PlatformCommands[]; }
export interface PlanProblem { field: string; line: number | null; message: string; }

/** The result of checkPlan. */
export interface CheckPlan {
    targets: PlanTarget[]; dns_names: string[]; manual: ManualCheck[]; problems: PlanProblem[];
    samples: number; timeout_ms: number; method: string;
}

export interface PhaseSample { dns_ms: number; connect_ms: number; tls_ms: number | null; ttfb_ms: number; }
export interface MeasuredSample { outcome: Verdict; ms: number; status?: number | null; phases?: PhaseSample | null; detail?: string | null; }
/** One target's samples, the input of summarizeCheck. */
export interface SampleSet {
    id: string; target: string; kind?: CheckKind; reason?: string; samples: MeasuredSample[];
    timeout_ms?: number | null; planned?: number | null; budget_ms?: number | null;
}

export interface CheckStats { min: number; median: number; p95: number; max: number; jitter: number; failure_share: number; }
export interface TimingPhases { dns_ms: number; connect_ms: number; tls_ms: number | null; ttfb_ms: number; samples: number; }
export interface Sample { outcome: Verdict; ms: number; status?: number; }
/** One check as evidence (the CheckResults DTO the diagnosis and share link read). */
export interface CheckResult {
    id: string; target: string; kind: CheckKind; verdict: Verdict; samples_ms: number[];
    stats: CheckStats | null; budget_ms: number | null; samples?: Sample[]; status_codes?: number[];
    timing?: TimingPhases; note?: string; reason?: string;
}
export interface CheckResults { checks: CheckResult[]; }

export interface Coordinates { lat: number; lon: number; }
/** Give from + to, or distance_km. */
export interface BudgetInput {
    from?: Coordinates | null; to?: Coordinates | null; distance_km?: number | null;
    region?: "developed" | "other"; measured_ms?: number | null;
}
export interface LatencyBudget {
    distance_km: number; great_circle: boolean; region: "developed" | "other"; ms_per_4000_km: number;
    budget_ms: number; developed_budget_ms: number; max_budget_ms: number;
    measured_ms: number | null; verdict: "within" | "above" | null; explanation: string;
}

export interface DohRecord { name: string; rtype: string; ttl: number; data: string; }
export interface DohAnswer {
    name: string; qtype: string; status: number | null; status_text: string;
    records: DohRecord[]; addresses: string[]; error: string | null;
}

export interface ChecksExport {
    cloud?: string; pac_url?: string; taken_at?: string | null; results: CheckResults;
    budget?: LatencyBudget | null; budget_check?: string | null; dns?: DohAnswer[]; resolver?: string | null;
}

/** The JSON printed by `netdiag pac eval --format json`. */
export interface PacReport {
    env: Required<PacEnv> & { dns: Record<string, string[] | null> };
    entry_point: string | null;
    macros: MacroUse[];
    results: UrlResult[];
    error: PacErrorInfo | null;
    warnings: string[];
    evaluator?: PacEvaluator | null;
}

/** Which evaluator ran the PAC: the native subset evaluator, or boa and why. */
export interface PacEvaluator {
    kind: "native_subset" | "boa";
    fallback_reason: string | null;
    boa_urls: number;
    boa_url_reason: string | null;
}
"#;

/// Installs the panic hook so a panic is logged with its message; the page treats it as fatal.
#[wasm_bindgen(start)]
pub fn start() {
    #[cfg(feature = "console_error_panic_hook")]
    console_error_panic_hook::set_once();
}

/// Evaluates `FindProxyForURL` of a PAC source for each URL in a deterministic environment.
#[wasm_bindgen(js_name = evaluatePac, unchecked_return_type = "PacReport")]
pub fn evaluate_pac(
    source: String,
    #[wasm_bindgen(unchecked_param_type = "string[]")] urls: JsValue,
    #[wasm_bindgen(unchecked_param_type = "PacEnv | null | undefined")] env: JsValue,
) -> Result<JsValue, JsError> {
    let urls: Vec<String> = arg("urls", urls)?;
    let env: Option<PacEnv> = arg("env", env)?;
    to_js(&netdiag_pac::evaluate(
        &source,
        &urls,
        &env.unwrap_or_default(),
    ))
}

/// `evaluatePac` with its arguments and the report as JSON text (the page's Worker calls this).
///
/// Why: `serde-wasm-bindgen` crosses the boundary once per value: about 15 per URL for the
/// report and one per DNS entry for the env, which the page pays again for every chunk of a
/// batch. One string each way is a copy, and a string is also cheap for `postMessage`. The
/// output is the CLI's JSON (`serde_json`, shortest round-trip numbers), so `JSON.parse` gives
/// exactly its object; the env is read as the CLI reads JSON (exact floats, `float_roundtrip`).
///
/// `batch` (optional) names the page's batch this call is a chunk of: the PAC compiled for the
/// previous call is kept (one entry, keyed by the source and the env text) and reused by the
/// next chunk of the same batch, so a batch parses its env and compiles its PAC once and its
/// PAC's global state carries on as in one call (`netdiag_pac::EngineCache`; a restarted
/// Worker starts empty). Without it the compiled PAC is reused only if no JavaScript ran.
#[wasm_bindgen(js_name = evaluatePacJson)]
pub fn evaluate_pac_json(
    source: String,
    urls_json: String,
    env_json: String,
    batch: Option<u32>,
) -> Result<String, JsError> {
    thread_local! {
        static PAC_CACHE: std::cell::RefCell<netdiag_pac::EngineCache> =
            std::cell::RefCell::default();
    }
    let urls: Vec<String> = serde_json::from_str(&urls_json).map_err(|e| {
        into_error(format!(
            "argument `urls_json`: expected a JSON array of strings: {e}"
        ))
    })?;
    let parse_env = |text: &str| {
        serde_json::from_str::<Option<PacEnv>>(text)
            .map(Option::unwrap_or_default)
            .map_err(|e| format!("argument `env_json`: expected null or a JSON PacEnv object: {e}"))
    };
    PAC_CACHE
        .with_borrow_mut(|cache| cache.evaluate_json(&source, &env_json, parse_env, &urls, batch))
        .map_err(|e| match e {
            netdiag_pac::BatchError::Env(message) => into_error(message),
            netdiag_pac::BatchError::Json(e) => into_error(e),
        })
}

/// Lints a PAC source: findings in the project schema (the JSON of `netdiag pac lint`).
#[wasm_bindgen(js_name = lintPac, unchecked_return_type = "LintReport")]
pub fn lint_pac(
    source: String,
    #[wasm_bindgen(unchecked_param_type = "LintOptions | null | undefined")] options: JsValue,
) -> Result<JsValue, JsError> {
    let options: Option<LintOptions> = arg("options", options)?;
    to_js(&netdiag_pac::lint::lint(
        &source,
        &options.unwrap_or_default(),
    ))
}

/// Compares two PAC versions over URLs (empty: generated from both) in one environment.
#[wasm_bindgen(js_name = diffPac, unchecked_return_type = "DiffReport")]
pub fn diff_pac(
    old: String,
    new: String,
    #[wasm_bindgen(unchecked_param_type = "string[] | null | undefined")] urls: JsValue,
    #[wasm_bindgen(unchecked_param_type = "PacEnv | null | undefined")] env: JsValue,
) -> Result<JsValue, JsError> {
    let urls: Option<Vec<String>> = arg("urls", urls)?;
    let env: Option<PacEnv> = arg("env", env)?;
    let (urls, env) = (urls.unwrap_or_default(), env.unwrap_or_default());
    to_js(&netdiag_pac::diff::diff(&old, &new, &urls, &env))
}

/// Builds the browser check plan: targets, what is tried and why, manual commands, problems.
#[wasm_bindgen(js_name = checkPlan, unchecked_return_type = "CheckPlan")]
pub fn check_plan(
    #[wasm_bindgen(unchecked_param_type = "PlanInput")] input: JsValue,
) -> Result<JsValue, JsError> {
    let input: PlanInput = arg("input", input)?;
    to_js(&browser_checks::check_plan(&input))
}

/// Summarises one target's measured samples into a check result (verdict, stats, note).
#[wasm_bindgen(js_name = summarizeCheck, unchecked_return_type = "CheckResult")]
pub fn summarize_check(
    #[wasm_bindgen(unchecked_param_type = "SampleSet")] set: JsValue,
) -> Result<JsValue, JsError> {
    let set: SampleSet = arg("set", set)?;
    to_js(&browser_checks::summarize_check(&set)?)
}

/// Great-circle distance, expected RTT bound and the judgement of a measured median.
#[wasm_bindgen(js_name = latencyBudget, unchecked_return_type = "LatencyBudget")]
pub fn latency_budget(
    #[wasm_bindgen(unchecked_param_type = "BudgetInput")] input: JsValue,
) -> Result<JsValue, JsError> {
    let input: BudgetInput = arg("input", input)?;
    to_js(&browser_checks::latency_budget(&input)?)
}

/// Interprets a DNS-over-HTTPS JSON answer for `name`/`qtype`.
#[wasm_bindgen(js_name = dohAnswer, unchecked_return_type = "DohAnswer")]
pub fn doh_answer(name: String, qtype: String, body: String) -> Result<JsValue, JsError> {
    to_js(&browser_checks::doh_answer(&name, &qtype, &body))
}

/// Renders the checks panel's Markdown export.
#[wasm_bindgen(js_name = checksMarkdown)]
pub fn checks_markdown(
    #[wasm_bindgen(unchecked_param_type = "ChecksExport")] export: JsValue,
) -> Result<String, JsError> {
    let export: ChecksExport = arg("export", export)?;
    Ok(browser_checks::checks_markdown(&export))
}

#[wasm_bindgen(typescript_custom_section)]
const SHARE_TYPES: &str = r#"
/** The page's whole state (share links, JSON export); every field optional on input. */
export interface AppState {
    version?: number;
    ui?: { active_panel?: string };
    pac?: { source?: string; source_name?: string; test_urls?: string; env?: PacEnv;
            dns_text?: string; my_ip_text?: string; lint_idp?: string };
    pac_compare?: { old_source?: string; new_source?: string; old_name?: string;
                    new_name?: string; urls_text?: string };
    outputs?: { pastes?: { name?: string; text?: string }[]; active?: number };
    checks?: { inputs?: { cloud?: string; pac_url?: string; targets?: string; proxies?: string;
                          dpp_port?: number | null; samples?: number | null;
                          timeout_ms?: number | null };
               results?: CheckResults | null; taken_at?: string | null;
               form?: Record<string, string> };
    diagnosis?: { cloud?: string; distance_km?: number | null };
    compare?: { a?: { label?: string; text?: string }; b?: { label?: string; text?: string } };
    triage?: { selected?: string[] };
}

/** What to remove before sharing; every field optional (secrets on, IPs off). */
export interface RedactOptions { redact_secrets?: boolean; anonymize_ips?: boolean; anonymize_key?: string; }

export interface RedactionItem {
    field: string; line: number;
    kind: "psk" | "password" | "enable_secret" | "snmp_community" | "aaa_key" | "auth_key"
        | "private_key" | "bearer_token" | "cookie" | "url_credentials" | "api_key";
    original_preview: string; replacement: string;
}
export interface IpMapping { original: string; replacement: string; count: number; }
export interface Redacted { state: AppState; items: RedactionItem[]; ip_mappings: IpMapping[]; }
export interface LinkInfo { length: number; fits_teams: boolean; fits_slack: boolean; fits_browser: boolean; warnings: string[]; }

/** Derived results for the Markdown export (the state holds only inputs). */
export interface ExportInputs {
    pac?: PacReport | null;
    findings?: Finding[] | null;
    /** One ParseReport (or its blocks) per paste. */
    parses?: unknown[];
    link?: string | null;
    redact?: RedactOptions;
}
"#;

/// Encodes a state as a `#v1=` link fragment (redact it first with `redactState`).
#[wasm_bindgen(js_name = encodeLink)]
pub fn encode_link(
    #[wasm_bindgen(unchecked_param_type = "AppState")] state: JsValue,
) -> Result<String, JsError> {
    let state: AppState = arg("state", state)?;
    share::encode_link(&state).map_err(into_error)
}

/// Decodes a link (full URL, `#v1=...` or payload); a clear JS `Error` for a bad link.
#[wasm_bindgen(js_name = decodeLink, unchecked_return_type = "AppState")]
pub fn decode_link(link: String) -> Result<JsValue, JsError> {
    to_js(&share::decode_link(&link).map_err(into_error)?)
}

/// Length of a link against chat tools' and browsers' limits.
#[wasm_bindgen(js_name = linkInfo, unchecked_return_type = "LinkInfo")]
pub fn link_info(length: usize) -> Result<JsValue, JsError> {
    to_js(&share::link_info(length))
}

/// Removes secrets (and optionally anonymises IPs) from a state, listing what changed.
#[wasm_bindgen(js_name = redactState, unchecked_return_type = "Redacted")]
pub fn redact_state(
    #[wasm_bindgen(unchecked_param_type = "AppState")] state: JsValue,
    #[wasm_bindgen(unchecked_param_type = "RedactOptions | null | undefined")] options: JsValue,
) -> Result<JsValue, JsError> {
    let (state, options): (AppState, Option<RedactOptions>) =
        (arg("state", state)?, arg("options", options)?);
    to_js(&share::redact_state(&state, &options.unwrap_or_default()).map_err(into_error)?)
}

/// Ticket-ready Markdown of a state and its derived results, redacted as `inputs.redact` asks.
#[wasm_bindgen(js_name = exportMarkdown)]
pub fn export_markdown(
    #[wasm_bindgen(unchecked_param_type = "AppState")] state: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ExportInputs | null | undefined")] inputs: JsValue,
) -> Result<String, JsError> {
    let (state, inputs): (AppState, Option<ExportInputs>) =
        (arg("state", state)?, arg("inputs", inputs)?);
    share::export_markdown(&state, &inputs.unwrap_or_default()).map_err(into_error)
}

/// The full state as pretty JSON, with every field (the CLI's `share decode` output).
#[wasm_bindgen(js_name = stateToJson)]
pub fn state_to_json(
    #[wasm_bindgen(unchecked_param_type = "AppState")] state: JsValue,
) -> Result<String, JsError> {
    let state: AppState = arg("state", state)?;
    share::state_to_json(&state).map_err(into_error)
}

/// Reads a state JSON file (an export), with the same checks as a link.
#[wasm_bindgen(js_name = stateFromJson, unchecked_return_type = "AppState")]
pub fn state_from_json(json: String) -> Result<JsValue, JsError> {
    to_js(&share::state_from_json(&json).map_err(into_error)?)
}

/// Converts one JS argument, naming it in the error so the caller knows which one is wrong.
///
/// Why JSON: the engine's `JSON.stringify` plus serde_json is the CLI's own reader, and it
/// spares the wasm a second serde backend (`serde-wasm-bindgen` was ~130 KB of the single
/// file). `undefined` (and anything else JSON cannot hold, e.g. a function) reads as `null`.
fn arg<T: DeserializeOwned>(name: &str, value: JsValue) -> Result<T, JsError> {
    let text = match js_sys::JSON::stringify(&value) {
        Ok(text) => text.as_string().unwrap_or_else(|| "null".to_owned()),
        Err(_) => {
            return Err(into_error(format!(
                "argument `{name}`: not JSON-serializable (a BigInt or a cycle?)"
            )));
        }
    };
    serde_json::from_str(&text).map_err(|e| into_error(format!("argument `{name}`: {e}")))
}

/// Serializes a result with serde_json and lets the JS engine parse it: the CLI's JSON,
/// number for number (`None` as `null`, maps as plain objects).
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    let text = serde_json::to_string(value).map_err(into_error)?;
    js_sys::JSON::parse(&text)
        .map_err(|_| into_error("internal error: the result is not valid JSON"))
}

/// The one conversion from foreign error types to a JS `Error`.
fn into_error<E: std::fmt::Display>(error: E) -> JsError {
    JsError::new(&error.to_string())
}
