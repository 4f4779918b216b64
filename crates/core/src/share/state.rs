//! The page's whole state as one versioned, serde-serialised struct: what a share link carries
//! and what "Export JSON" writes.
//!
//! Only inputs are stored. Derived results (PAC answers, parse results, findings) are recomputed
//! on load from these inputs, which is exact because the PAC environment is deterministic. Browser
//! check results are the exception: they cannot be re-run identically, so they are stored.
//!
//! Compatibility: every struct is `#[serde(default)]`, so a state from an older netdiag (missing
//! fields) loads with defaults, and unknown fields (from a newer netdiag that kept version 1) are
//! ignored. A change that old readers would misread bumps [`STATE_VERSION`] and the link prefix.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::checks::CheckResults;
use crate::pac::PacEnv;

/// Schema version written into every state (and the `v1` of a link's `#v1=`).
pub const STATE_VERSION: u32 = 1;

/// Everything the page holds, panel by panel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AppState {
    /// Schema version; [`STATE_VERSION`] when written by this build.
    pub version: u32,
    /// Which panel is open, and other presentation choices.
    pub ui: UiState,
    /// The PAC panel: source, test URLs and the deterministic environment.
    pub pac: PacPanel,
    /// Two PAC versions for the PAC compare view (evaluated with the PAC panel's URLs and env).
    pub pac_compare: PacCompare,
    /// The pasted device outputs.
    pub outputs: OutputsPanel,
    /// Browser checks: what to check and, once run, the results.
    pub checks: ChecksPanel,
    /// Inputs the diagnosis uses beyond the pastes and checks.
    pub diagnosis: DiagnosisInputs,
    /// The side-by-side config compare view.
    pub compare: CompareView,
    /// The triage (symptom) selection.
    pub triage: TriageState,
}

impl Default for AppState {
    fn default() -> Self {
        Self {
            version: STATE_VERSION,
            ui: UiState::default(),
            pac: PacPanel::default(),
            pac_compare: PacCompare::default(),
            outputs: OutputsPanel::default(),
            checks: ChecksPanel::default(),
            diagnosis: DiagnosisInputs::default(),
            compare: CompareView::default(),
            triage: TriageState::default(),
        }
    }
}

/// Presentation state.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UiState {
    /// Id of the open panel (`pac`, `outputs`, `checks`, `diagnosis`, `compare`, `triage`,
    /// `share`...); empty means the page's default.
    pub active_panel: String,
}

/// The PAC panel's inputs.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PacPanel {
    /// The PAC source text, exactly as typed or loaded.
    pub source: String,
    /// Where the source came from (file name or URL), for display only.
    pub source_name: String,
    /// Test URLs, one per line, exactly as typed (comments and blank lines kept).
    pub test_urls: String,
    /// The deterministic environment (DNS answers, client IP, clock, time zone, client profile).
    pub env: PacEnv,
    /// The page's DNS form text (`host = address, ...` lines) exactly as typed; `env.dns` is
    /// its parsed form. Empty when the state was not made by the page.
    pub dns_text: String,
    /// The page's client-address field exactly as typed; `env.my_ip` is its parsed form.
    pub my_ip_text: String,
    /// Extra IdP domains given to the PAC lint, as typed.
    pub lint_idp: String,
}

/// Two PAC versions compared URL by URL.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PacCompare {
    /// The old (current production) PAC source.
    pub old_source: String,
    /// The new (candidate) PAC source.
    pub new_source: String,
    /// Where the old source came from (file name), for display only.
    pub old_name: String,
    /// Where the new source came from (file name), for display only.
    pub new_name: String,
    /// URLs to compare, one per line as typed; empty means "generated from the PACs".
    pub urls_text: String,
}

/// The pasted outputs panel.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct OutputsPanel {
    /// Named pastes, in the order shown.
    pub pastes: Vec<Paste>,
    /// Index of the paste shown (0 when there is none).
    pub active: usize,
}

/// One pasted text (often several commands' outputs in one paste).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Paste {
    /// A name the user gave it (e.g. the device), may be empty.
    pub name: String,
    /// The pasted text, verbatim.
    pub text: String,
}

/// The browser checks panel.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ChecksPanel {
    /// What to check.
    pub inputs: CheckInputs,
    /// Results of the last run; stored because they cannot be recomputed.
    pub results: Option<CheckResults>,
    /// When the results were taken (RFC 3339), if known.
    pub taken_at: Option<String>,
    /// The page's raw field texts by field name, so the form is restored exactly as typed.
    pub form: BTreeMap<String, String>,
}

/// What the user asked the browser checks to test.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CheckInputs {
    /// Cloud name (e.g. `zscaler.net`), may be empty.
    pub cloud: String,
    /// PAC URL to fetch and time.
    pub pac_url: String,
    /// Target hosts or URLs, one per line, exactly as typed.
    pub targets: String,
    /// Proxy (service edge) hosts to check, one per line, exactly as typed.
    pub proxies: String,
    /// A dedicated proxy port to check on the proxies, if any.
    pub dpp_port: Option<u32>,
    /// Samples per target; `None` means the page's default.
    pub samples: Option<u32>,
    /// Per-request timeout in milliseconds; `None` means the page's default.
    pub timeout_ms: Option<u32>,
}

/// Diagnosis inputs that are not pastes or checks.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DiagnosisInputs {
    /// Cloud name the user selected for the diagnosis, may be empty.
    pub cloud: String,
    /// Distance from the user to the proxy data centre, km, when known (sets the expected RTT).
    pub distance_km: Option<u32>,
}

/// The config compare view: two texts side by side.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CompareView {
    /// Left side.
    pub a: CompareSide,
    /// Right side.
    pub b: CompareSide,
}

/// One side of the compare view.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CompareSide {
    /// A label (e.g. `HQ-FW1` or `Azure gateway`), may be empty.
    pub label: String,
    /// The config text, verbatim.
    pub text: String,
}

/// The triage selection.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct TriageState {
    /// Ids of the selected symptoms, in selection order.
    pub selected: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_object_is_the_default_state() {
        let s: AppState = serde_json::from_str("{}").unwrap();
        assert_eq!(s, AppState::default());
        assert_eq!(s.version, STATE_VERSION);
    }

    #[test]
    fn older_states_load_and_unknown_fields_are_ignored() {
        let s: AppState = serde_json::from_str(
            r#"{"version":1,"pac":{"source":"function FindProxyForURL(u,h){return \"DIRECT\";}",
                "future_field":[1,2]},"outputs":{"pastes":[{"text":"show crypto isakmp sa"}]},
                "from_the_future":{"x":1}}"#,
        )
        .unwrap();
        assert!(s.pac.source.starts_with("function"));
        assert_eq!(s.outputs.pastes[0].name, "");
        assert_eq!(s.checks, ChecksPanel::default());
    }
}
