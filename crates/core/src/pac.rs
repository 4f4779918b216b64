//! PAC evaluation DTOs: the environment a PAC runs in and the per-URL results.
//!
//! This is the JSON printed by `netdiag pac eval --format json`, returned by the wasm export
//! and by `window.netdiag.evaluatePac`. The evaluator itself lives in `netdiag-pac`.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};

/// Which client's documented PAC behaviour to emulate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClientProfile {
    /// Chromium / Chrome / Edge (the default).
    #[default]
    Chromium,
    /// Mozilla Firefox.
    Firefox,
    /// Windows WinHTTP / WinINet (calls `FindProxyForURLEx` when defined).
    Winhttp,
}

/// The deterministic environment a PAC is evaluated in. Every field is optional on input;
/// the report echoes it with defaults filled in.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PacEnv {
    /// DNS answers: host → addresses; `null` (or an empty list) means "does not resolve".
    /// Hosts missing from the table do not resolve either (and the lookup says so).
    #[serde(deserialize_with = "de_dns")]
    pub dns: BTreeMap<String, Option<Vec<String>>>,
    /// The client's addresses: the first is `myIpAddress()`, all are `myIpAddressEx()`.
    pub my_ip: Vec<String>,
    /// Current time, RFC 3339. Required by the evaluator; the CLI and page fill it in.
    pub now: Option<String>,
    /// IANA time zone (or `UTC`, or a fixed offset like `+02:00`) for local-time helpers.
    pub tz: Option<String>,
    /// Values for `${NAME}` macros left in a hosted PAC.
    pub macros: BTreeMap<String, String>,
    /// Client profile whose documented quirks to follow.
    pub client: ClientProfile,
    /// Pass the URL to the PAC unchanged (no https:// path and query stripping).
    pub keep_url: bool,
}

/// Accepts `host: "ip"`, `host: ["ip", ...]` or `host: null`.
fn de_dns<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<BTreeMap<String, Option<Vec<String>>>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    let raw: BTreeMap<String, Option<OneOrMany>> = BTreeMap::deserialize(d)?;
    Ok(raw
        .into_iter()
        .map(|(k, v)| {
            let v = match v {
                None => None,
                Some(OneOrMany::One(s)) => Some(vec![s]),
                Some(OneOrMany::Many(v)) if v.is_empty() => None,
                Some(OneOrMany::Many(v)) => Some(v),
            };
            (k.to_ascii_lowercase(), v)
        })
        .collect())
}

/// A whole evaluation: the environment echo, macro report and one result per URL.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PacReport {
    /// The environment actually used (defaults filled in).
    pub env: PacEnv,
    /// The entry point that was called (`FindProxyForURL` or `FindProxyForURLEx`).
    pub entry_point: Option<String>,
    /// Every `${NAME}` macro found in the source.
    pub macros: Vec<MacroUse>,
    /// One result per test URL, in input order.
    pub results: Vec<UrlResult>,
    /// A problem that made the PAC unusable (syntax error, no entry point...).
    pub error: Option<PacErrorInfo>,
    /// Warnings about the whole evaluation (unbound macros, ...).
    pub warnings: Vec<String>,
    /// Which evaluator answered (absent when the PAC could not be evaluated).
    #[serde(default)]
    pub evaluator: Option<PacEvaluator>,
}

/// Which evaluator ran a PAC: netdiag's native evaluator for the common subset, or boa.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PacEvaluator {
    /// `native_subset` or `boa`.
    pub kind: EvaluatorKind,
    /// Why boa ran the whole PAC (the first construct outside the subset, with its line).
    pub fallback_reason: Option<String>,
    /// URLs the native evaluator handed to boa (a value it does not model exactly).
    #[serde(default)]
    pub boa_urls: u32,
    /// Why the first of those URLs went to boa.
    #[serde(default)]
    pub boa_url_reason: Option<String>,
}

/// The evaluator kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvaluatorKind {
    /// netdiag's native evaluator (no JavaScript engine).
    NativeSubset,
    /// boa_engine.
    Boa,
}

/// A `${NAME}` macro occurrence summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MacroUse {
    /// Macro name without `${}`, e.g. `GATEWAY` or `GATEWAY.sub.zscaler.net`.
    pub name: String,
    /// 1-based lines where it appears.
    pub lines: Vec<u32>,
    /// The value bound by the user, if any.
    pub value: Option<String>,
}

/// The answer for one URL.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UrlResult {
    /// The URL as given.
    pub url: String,
    /// The host passed to the PAC.
    pub host: String,
    /// The URL passed to the PAC (after https:// stripping, if any).
    pub pac_url: String,
    /// The raw return string, `null` on error.
    pub result: Option<String>,
    /// Ordered, parsed entries of the return string.
    pub entries: Vec<ProxyEntry>,
    /// First proxy (`host:port`) in the chain.
    pub primary: Option<String>,
    /// Second proxy (`host:port`) in the chain.
    pub secondary: Option<String>,
    /// True when the first entry is DIRECT.
    pub bypass: bool,
    /// Why it bypasses when it does not come from the PAC (e.g. Chromium's implicit localhost bypass).
    pub bypass_reason: Option<String>,
    /// True when a DIRECT entry follows the proxies.
    pub fallback_direct: bool,
    /// Position of the `return` that produced the answer.
    pub rule: Option<SourcePos>,
    /// Every DNS lookup the PAC attempted for this URL, in order.
    pub dns_lookups: Vec<DnsLookup>,
    /// Messages passed to `alert()`.
    pub alerts: Vec<String>,
    /// Warnings for this URL (unbound macros in the answer, malformed entries...).
    pub warnings: Vec<String>,
    /// Evaluation error, if any.
    pub error: Option<PacErrorInfo>,
}

/// One entry of a PAC return string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProxyEntry {
    /// Keyword, upper-case: DIRECT, PROXY, HTTP, HTTPS, SOCKS, SOCKS4, SOCKS5, or what was found.
    pub kind: String,
    /// Proxy host (IPv6 without brackets), absent for DIRECT.
    pub host: Option<String>,
    /// Proxy port, absent for DIRECT or when missing.
    pub port: Option<u16>,
    /// The entry as written.
    pub raw: String,
    /// Why the entry is malformed, if it is.
    pub problem: Option<String>,
}

/// A position in the PAC source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourcePos {
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// The source line, trimmed.
    pub text: String,
}

/// One DNS lookup made by a helper.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DnsLookup {
    /// Helper that asked (`dnsResolve`, `isInNet`, `isResolvable`, ...).
    pub helper: String,
    /// Name looked up.
    pub host: String,
    /// Addresses returned; `null` when it did not resolve.
    pub answer: Option<Vec<String>>,
    /// `table` (from the DNS table), `literal` (already an IP), or `missing` (not in the table).
    pub source: String,
}

/// An error with its position in the PAC source when known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PacErrorInfo {
    /// `syntax`, `runtime`, `limit`, `bad_return`, `no_entry_point`, `unsupported`, `bad_env`, `bad_url` (one test URL), `too_deep`.
    pub kind: String,
    /// Human message.
    pub message: String,
    /// 1-based line, when known.
    pub line: Option<u32>,
    /// 1-based column, when known.
    pub column: Option<u32>,
    /// The source line, when known.
    pub source_line: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_accepts_all_dns_forms() {
        let env: PacEnv = serde_json::from_str(
            r#"{"dns": {"A.example": "10.0.0.1", "b": ["10.0.0.2", "::1"], "c": null, "d": []}}"#,
        )
        .unwrap();
        assert_eq!(env.dns["a.example"], Some(vec!["10.0.0.1".to_string()]));
        assert_eq!(env.dns["b"].as_ref().map(Vec::len), Some(2));
        assert_eq!(env.dns["c"], None);
        assert_eq!(env.dns["d"], None);
        assert_eq!(env.client, ClientProfile::Chromium);
    }
}
