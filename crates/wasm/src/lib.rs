//! wasm-bindgen binding for netdiag: each export deserializes, calls core/pac and serializes.
//!
//! Nothing else lives here: no domain types, no pipeline logic. Every export takes plain JS
//! values, converts them with `serde-wasm-bindgen` into the DTOs of `netdiag-core`, calls the
//! library and returns the serde form of its result, which is the same JSON the CLI prints.
//! Bad arguments become a JS `Error` (never a panic, never a thrown string).
//!
//! Adding an export: see CONTRIBUTING.md ("Adding a wasm op"); it also needs a worker
//! whitelist entry in `www/js/worker.js` and a `window.netdiag` method.

use netdiag_core::pac::PacEnv;
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;

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

/** The JSON printed by `netdiag pac eval --format json`. */
export interface PacReport {
    env: Required<PacEnv> & { dns: Record<string, string[] | null> };
    entry_point: string | null;
    macros: MacroUse[];
    results: UrlResult[];
    error: PacErrorInfo | null;
    warnings: string[];
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

/// Converts one JS argument, naming it in the error so the caller knows which one is wrong.
fn arg<T: DeserializeOwned>(name: &str, value: JsValue) -> Result<T, JsError> {
    serde_wasm_bindgen::from_value(value).map_err(|e| into_error(format!("argument `{name}`: {e}")))
}

/// Serializes a result: `None` as `null` and maps as plain objects, i.e. the CLI's JSON shape.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    let serializer = serde_wasm_bindgen::Serializer::new()
        .serialize_missing_as_null(true)
        .serialize_maps_as_objects(true);
    value.serialize(&serializer).map_err(into_error)
}

/// The one conversion from foreign error types to a JS `Error`.
fn into_error<E: std::fmt::Display>(error: E) -> JsError {
    JsError::new(&error.to_string())
}
