//! PAC review DTOs: lint options and report, and the version diff report.
//!
//! This is the JSON printed by `netdiag pac lint|diff --format json`, returned by the wasm
//! exports `lintPac`/`diffPac` and by `window.netdiag.lintPac`/`diffPac`. The lint checks and
//! the diff itself live in `netdiag-pac`.

use serde::{Deserialize, Serialize};

use crate::Finding;
use crate::pac::SourcePos;

/// Identity-provider and authentication hosts that must bypass an authenticating proxy.
///
/// Pattern forms: `host.example` (that host), `*.example.com` (any name under it, not the
/// domain itself) and `label.` (any host whose first label is `label`, e.g. `adfs.`).
/// Sources are listed in `crates/pac/LINT.md` ("PacIdpProxied").
pub const DEFAULT_IDP_DOMAINS: &[&str] = &[
    "login.microsoftonline.com",
    "login.windows.net",
    "login.microsoft.com",
    "login.live.com",
    "aadcdn.msftauth.net",
    "*.okta.com",
    "*.oktapreview.com",
    "*.okta-emea.com",
    "accounts.google.com",
    "*.auth0.com",
    "*.onelogin.com",
    "*.pingidentity.com",
    "*.pingone.com",
    "adfs.",
    "*.duosecurity.com",
    "login.zscaler.net",
    "login.zscalerone.net",
    "login.zscalertwo.net",
    "login.zscalerthree.net",
    "login.zscloud.net",
    "login.zscalerbeta.net",
    "login.zscalergov.net",
    "ips.zscaler.net",
    "ips.zscalerone.net",
    "ips.zscalertwo.net",
    "ips.zscalerthree.net",
    "ips.zscloud.net",
];

/// Default threshold of [`LintOptions::max_bytes`].
pub const DEFAULT_MAX_BYTES: usize = 100_000;
/// Default threshold of [`LintOptions::max_statements`].
pub const DEFAULT_MAX_STATEMENTS: usize = 2_000;

/// Options of `lint`; every field is optional on input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LintOptions {
    /// IdP/authentication host patterns that must not go to the proxy (replaces the preset).
    pub idp_domains: Vec<String>,
    /// More IdP patterns, added to `idp_domains` (what `--idp` sets).
    pub extra_idp_domains: Vec<String>,
    /// A PAC larger than this many bytes gets `PacTooLarge`.
    pub max_bytes: usize,
    /// A PAC with more statements than this gets `PacTooLarge`.
    pub max_statements: usize,
}

impl Default for LintOptions {
    fn default() -> Self {
        Self {
            idp_domains: DEFAULT_IDP_DOMAINS
                .iter()
                .map(|s| (*s).to_string())
                .collect(),
            extra_idp_domains: Vec::new(),
            max_bytes: DEFAULT_MAX_BYTES,
            max_statements: DEFAULT_MAX_STATEMENTS,
        }
    }
}

/// The lint result: findings sorted by severity, id and first line.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct LintReport {
    /// What the checks found.
    pub findings: Vec<Finding>,
}

/// What one PAC version answers for one URL, reduced to what matters for a comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    /// The raw return string, `null` on error.
    pub result: Option<String>,
    /// First proxy (`host:port`).
    pub primary: Option<String>,
    /// Second proxy (`host:port`).
    pub secondary: Option<String>,
    /// True when the first entry is DIRECT.
    pub bypass: bool,
    /// The `return` that decided, in this version's source.
    pub rule: Option<SourcePos>,
    /// Evaluation error for this URL, if any.
    pub error: Option<String>,
}

/// A URL whose answer differs between the two versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangedUrl {
    /// The URL as given (or generated).
    pub url: String,
    /// Answer of the old version.
    pub old: Answer,
    /// Answer of the new version.
    pub new: Answer,
    /// DIRECT became proxied or the reverse.
    pub bypass_flip: bool,
    /// The primary proxy differs.
    pub primary_changed: bool,
    /// The secondary proxy differs.
    pub secondary_changed: bool,
}

/// A problem that stopped one version from being evaluated at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffError {
    /// `old` or `new`.
    pub version: String,
    /// Human message.
    pub message: String,
    /// 1-based line, when known.
    pub line: Option<u32>,
    /// 1-based column, when known.
    pub column: Option<u32>,
}

/// The comparison of two PAC versions over one URL list and environment.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DiffReport {
    /// URLs whose answer changed, in URL-list order.
    pub changed: Vec<ChangedUrl>,
    /// How many URLs got the same answer from both versions.
    pub unchanged: usize,
    /// How many URLs were compared.
    pub total: usize,
    /// True when the URL list was generated from the PACs (no list was given).
    pub generated_urls: bool,
    /// The URLs compared, in order.
    pub urls: Vec<String>,
    /// Versions that could not be evaluated (syntax error, no entry point...).
    pub errors: Vec<DiffError>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lint_options_fill_defaults() {
        let o: LintOptions =
            serde_json::from_str(r#"{"extra_idp_domains": ["sso.example"]}"#).unwrap();
        assert_eq!(o.idp_domains.len(), DEFAULT_IDP_DOMAINS.len());
        assert_eq!(o.extra_idp_domains, vec!["sso.example".to_string()]);
        assert_eq!(o.max_bytes, DEFAULT_MAX_BYTES);
    }
}
