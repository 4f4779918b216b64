//! Redaction before sharing: secrets replaced by `<redacted:KIND>` markers (the rest of each
//! line kept), optional prefix-preserving IP anonymisation, and a list of exactly what changed
//! so the page can preview it.
//!
//! Deterministic: the same input and options always give the same output. Redaction walks
//! every string of the state (PAC source, URLs, environment, pastes, compare texts, check
//! results), so a field added later is covered without touching this module.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::anonymize::{Anonymizer, IpLog, IpMapping, anonymize_text};
use super::link::ShareError;
use super::secrets::{SecretKind, find_secrets};
use super::state::AppState;

/// What to remove before sharing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RedactOptions {
    /// Replace secrets with markers (default: on).
    pub redact_secrets: bool,
    /// Rewrite IP addresses, prefix-preserving (default: off).
    pub anonymize_ips: bool,
    /// Key for the IP mapping; empty selects the built-in key, which anyone with netdiag can
    /// reverse by trying addresses. The page passes a random per-session key.
    pub anonymize_key: String,
}

impl Default for RedactOptions {
    fn default() -> Self {
        Self {
            redact_secrets: true,
            anonymize_ips: false,
            anonymize_key: String::new(),
        }
    }
}

/// One secret that was (or will be) removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedactionItem {
    /// Where: a state path like `outputs.pastes[0].text` (empty for plain text).
    pub field: String,
    /// 1-based line in that field.
    pub line: u32,
    /// What kind of secret.
    pub kind: SecretKind,
    /// A masked preview: the first two characters of long values and the length.
    pub original_preview: String,
    /// The marker written instead.
    pub replacement: String,
}

/// A redacted state and what was changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Redacted {
    /// The state to share.
    pub state: AppState,
    /// Every secret removed, in field then line order.
    pub items: Vec<RedactionItem>,
    /// Every address rewritten (empty unless `anonymize_ips`).
    pub ip_mappings: Vec<IpMapping>,
}

/// A redacted text and what was changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RedactedText {
    /// The text to share.
    pub text: String,
    /// Every secret removed, in line order.
    pub items: Vec<RedactionItem>,
    /// Every address rewritten (empty unless `anonymize_ips`).
    pub ip_mappings: Vec<IpMapping>,
}

/// Removes secrets from `text` (default options: secrets only).
pub fn redact_text(text: &str) -> (String, Vec<RedactionItem>) {
    let r = redact_text_with(text, &RedactOptions::default());
    (r.text, r.items)
}

/// Removes secrets from `text` and optionally anonymises its IP addresses.
pub fn redact_text_with(text: &str, opts: &RedactOptions) -> RedactedText {
    let anon = Anonymizer::new(&opts.anonymize_key);
    let mut log = IpLog::default();
    let mut items = Vec::new();
    let text = redact_field(text, "", opts, &anon, &mut log, &mut items);
    RedactedText {
        text,
        items,
        ip_mappings: log.into_mappings(),
    }
}

/// Redacts every string in the state. Fails only if the redacted state would not load again.
pub fn redact_state(state: &AppState, opts: &RedactOptions) -> Result<Redacted, ShareError> {
    let (state, items, ip_mappings) = redact_serde(state, opts)?;
    Ok(Redacted {
        state,
        items,
        ip_mappings,
    })
}

/// Redacts every string of any serde value (paths name the fields), returning a new value.
pub(crate) fn redact_serde<S: Serialize + ?Sized, T: DeserializeOwned>(
    value: &S,
    opts: &RedactOptions,
) -> Result<(T, Vec<RedactionItem>, Vec<IpMapping>), ShareError> {
    let anon = Anonymizer::new(&opts.anonymize_key);
    let mut log = IpLog::default();
    let mut items = Vec::new();
    let mut json = serde_json::to_value(value).map_err(|e| ShareError::Encode(e.to_string()))?;
    let mut walker = Walker {
        opts,
        anon: &anon,
        log: &mut log,
        items: &mut items,
    };
    walker.walk(&mut json, &mut String::new());
    let out: T = serde_json::from_value(json)
        .map_err(|e| ShareError::Encode(format!("the redacted state does not load again: {e}")))?;
    Ok((out, items, log.into_mappings()))
}

struct Walker<'a> {
    opts: &'a RedactOptions,
    anon: &'a Anonymizer,
    log: &'a mut IpLog,
    items: &'a mut Vec<RedactionItem>,
}

impl Walker<'_> {
    fn walk(&mut self, v: &mut Value, path: &mut String) {
        match v {
            Value::String(s) => {
                *s = redact_field(s, path, self.opts, self.anon, self.log, self.items);
            }
            Value::Array(a) => {
                for (i, x) in a.iter_mut().enumerate() {
                    let len = path.len();
                    path.push_str(&format!("[{i}]"));
                    self.walk(x, path);
                    path.truncate(len);
                }
            }
            Value::Object(map) => {
                let entries = std::mem::take(map);
                for (k, mut x) in entries {
                    let len = path.len();
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(&k);
                    self.walk(&mut x, path);
                    path.truncate(len);
                    // Map keys can be addresses too (DNS tables); never secrets.
                    let key = if self.opts.anonymize_ips {
                        anonymize_text(&k, self.anon, self.log)
                    } else {
                        k
                    };
                    map.insert(key, x);
                }
            }
            Value::Null | Value::Bool(_) | Value::Number(_) => {}
        }
    }
}

fn redact_field(
    text: &str,
    field: &str,
    opts: &RedactOptions,
    anon: &Anonymizer,
    log: &mut IpLog,
    items: &mut Vec<RedactionItem>,
) -> String {
    let text = if opts.redact_secrets {
        remove_secrets(text, field, items)
    } else {
        text.to_string()
    };
    if opts.anonymize_ips {
        anonymize_text(&text, anon, log)
    } else {
        text
    }
}

fn remove_secrets(text: &str, field: &str, items: &mut Vec<RedactionItem>) -> String {
    let hits = find_secrets(text);
    if hits.iter().all(Vec::is_empty) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for (idx, (raw, line_hits)) in text.split('\n').zip(&hits).enumerate() {
        if idx > 0 {
            out.push('\n');
        }
        let mut copied = 0;
        for h in line_hits {
            let marker = h.kind.marker();
            out.push_str(raw.get(copied..h.start).unwrap_or(""));
            out.push_str(&marker);
            copied = h.end;
            // A multi-line private key is one item (on its first body line).
            let describes = h.kind != SecretKind::PrivateKey || h.block_text.is_some();
            if describes {
                let secret = h
                    .block_text
                    .clone()
                    .unwrap_or_else(|| raw.get(h.start..h.end).unwrap_or("").to_string());
                items.push(RedactionItem {
                    field: field.to_string(),
                    line: h.line,
                    kind: h.kind,
                    original_preview: preview(&secret, h.block_lines),
                    replacement: marker,
                });
            }
        }
        out.push_str(raw.get(copied..).unwrap_or(""));
    }
    out
}

/// `Ci…(9 chars)` for values of 8 characters or more, `…(5 chars)` for shorter ones (two
/// characters of a short secret give too much away).
fn preview(secret: &str, block_lines: u32) -> String {
    let n = secret.chars().count();
    let head: String = if n >= 8 {
        secret.chars().take(2).collect()
    } else {
        String::new()
    };
    if block_lines > 1 {
        format!("{head}…({n} chars, {block_lines} lines)")
    } else {
        format!("{head}…({n} chars)")
    }
}
