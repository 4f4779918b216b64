//! Findings: the diagnosis output as data (one schema for CLI JSON, wasm and the page).

use serde::{Deserialize, Serialize};

use crate::LineSpan;

/// How bad a finding is. Ordered so that `Error` sorts first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something is broken.
    Error,
    /// Something is likely wrong or risky.
    Warning,
    /// Worth knowing; not a fault.
    Info,
}

/// One diagnosed fact: what is wrong, the lines that prove it, and what to do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable CamelCase fault id (Azure's where one fits), e.g. `OneWayTraffic`.
    pub id: String,
    /// Severity of this occurrence.
    pub severity: Severity,
    /// One-line summary.
    pub summary: String,
    /// Longer explanation.
    #[serde(default)]
    pub detail: String,
    /// Lines that prove it.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
    /// Recommended actions.
    #[serde(default)]
    pub actions: Vec<Action>,
    /// Confidence between 0 and 1.
    #[serde(default = "one")]
    pub confidence: f32,
}

fn one() -> f32 {
    1.0
}

/// A pointer back to the input that proves a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// Which input the lines are in (a block index of a paste, `"pac"`, a check id...).
    pub block: String,
    /// The lines, 1-based inclusive.
    pub lines: LineSpan,
    /// The quoted text (or a note about it).
    pub text: String,
    /// The named input the block belongs to when several pastes were diagnosed together
    /// (a file name in the CLI); absent for a single paste.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// A recommended action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    /// What to do.
    pub text: String,
    /// Where to read more (vendor doc, RFC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
}

impl Action {
    /// An action without a link.
    pub fn text(t: impl Into<String>) -> Self {
        Self {
            text: t.into(),
            uri: None,
        }
    }
}
