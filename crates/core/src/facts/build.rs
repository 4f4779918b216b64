//! Building [`Facts`] from pastes: parse each paste, walk its blocks, turn each block's typed
//! records into facts (`records.rs`), read pasted configuration (`config.rs`), and quote the
//! lines behind every fact.

use serde::{Deserialize, Serialize};

use super::{BlockInfo, Context, Facts};
use crate::checks::CheckResults;
use crate::finding::Evidence;
use crate::pac::PacReport;
use crate::parsers::report::UNRECOGNISED;
use crate::parsers::{Line, ParseReport, parse_paste};
use crate::span::LineSpan;

/// One pasted text (a file in the CLI, the text area in the page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paste {
    /// A name (file name) to tell several pastes apart in evidence.
    #[serde(default)]
    pub name: Option<String>,
    /// The text as pasted.
    pub text: String,
}

impl Paste {
    /// An unnamed paste.
    pub fn new(text: impl Into<String>) -> Self {
        Self {
            name: None,
            text: text.into(),
        }
    }
}

/// Most lines quoted in one piece of evidence; longer spans are elided in the middle.
const MAX_QUOTED_LINES: usize = 12;

/// Quotes lines of one paste for evidence.
pub(crate) struct Quoter<'a> {
    lines: Vec<&'a str>,
    /// Block id used in evidence.
    pub block: String,
    /// Paste name used in evidence.
    pub source: Option<String>,
}

impl<'a> Quoter<'a> {
    pub(crate) fn new(text: &'a str, source: Option<String>) -> Self {
        Self {
            lines: text.split('\n').map(|l| l.trim_end_matches('\r')).collect(),
            block: "0".into(),
            source,
        }
    }

    /// The text of line `n` (1-based).
    pub fn line(&self, n: u32) -> Option<&'a str> {
        self.lines
            .get(usize::try_from(n).ok()?.checked_sub(1)?)
            .copied()
    }

    /// Evidence for `span`, quoting its lines (long spans elided).
    pub fn ev(&self, span: LineSpan) -> Evidence {
        let all: Vec<&str> = (span.start..=span.end)
            .map(|no| self.line(no).unwrap_or(""))
            .collect();
        let text = if all.len() > MAX_QUOTED_LINES {
            let head = all.get(..MAX_QUOTED_LINES - 2).unwrap_or_default();
            let tail = all.get(all.len() - 2..).unwrap_or_default();
            let elided = all.len() - head.len() - tail.len();
            format!(
                "{}\n… ({elided} lines)\n{}",
                head.join("\n"),
                tail.join("\n")
            )
        } else {
            all.join("\n")
        };
        Evidence {
            block: self.block.clone(),
            lines: span,
            text,
            source: self.source.clone(),
        }
    }

    /// Evidence for the first line inside `span` containing `needle` (case-insensitive).
    pub fn find(&self, span: LineSpan, needle: &str) -> Option<Evidence> {
        let lower = needle.to_ascii_lowercase();
        (span.start..=span.end)
            .find(|no| {
                self.line(*no)
                    .is_some_and(|t| t.to_ascii_lowercase().contains(&lower))
            })
            .map(|no| self.ev(LineSpan::line(no)))
    }

    /// Evidence for the first line inside `span` containing every one of `needles`.
    pub fn find_all(&self, span: LineSpan, needles: &[&str]) -> Option<Evidence> {
        let lower: Vec<String> = needles.iter().map(|n| n.to_ascii_lowercase()).collect();
        (span.start..=span.end)
            .find(|no| {
                self.line(*no).is_some_and(|t| {
                    let t = t.to_ascii_lowercase();
                    lower.iter().all(|n| t.contains(n.as_str()))
                })
            })
            .map(|no| self.ev(LineSpan::line(no)))
    }

    /// Numbered lines of `span` (for the config readers).
    pub fn numbered(&self, span: LineSpan) -> Vec<Line<'a>> {
        (span.start..=span.end)
            .filter_map(|no| self.line(no).map(|text| Line { no, text }))
            .collect()
    }
}

/// Parses every paste and builds the facts, with the parse reports (one per paste).
pub fn build_facts(
    pastes: &[Paste],
    context: Context,
    pac: Option<PacReport>,
    checks: Option<CheckResults>,
) -> (Facts, Vec<ParseReport>) {
    let mut facts = Facts {
        context,
        pac,
        checks,
        ..Default::default()
    };
    let mut reports = Vec::new();
    let many = pastes.len() > 1;
    for (pi, paste) in pastes.iter().enumerate() {
        let report = parse_paste(&paste.text);
        let source = many.then(|| {
            paste
                .name
                .clone()
                .unwrap_or_else(|| format!("paste {}", pi + 1))
        });
        let mut q = Quoter::new(&paste.text, source.clone());
        let mut config_lines: Vec<Line<'_>> = Vec::new();
        for b in &report.blocks {
            q.block = b.index.to_string();
            let recognised = b.kind != UNRECOGNISED;
            facts.blocks.push(BlockInfo {
                block: q.block.clone(),
                source: source.clone(),
                kind: b.kind.clone(),
                lines: b.lines,
                recognised,
                truncated: b.truncated,
                skipped: b.skipped.clone(),
                head: q.ev(LineSpan::line(b.lines.start)),
            });
            super::records::add(&mut facts, &q, b);
            if !recognised || b.kind.contains("config") {
                config_lines.extend(q.numbered(b.lines));
            }
        }
        if !config_lines.is_empty() {
            // Configuration may span several unrecognised blocks (blank lines, `!`): read
            // them together so references (ACLs, profiles) resolve. Evidence names the first.
            q.block = report
                .blocks
                .iter()
                .find(|b| {
                    b.lines.start <= config_lines.first().map_or(0, |l| l.no)
                        && config_lines.first().is_some_and(|l| l.no <= b.lines.end)
                })
                .map_or_else(|| "0".into(), |b| b.index.to_string());
            super::config::add(&mut facts, &q, &config_lines);
        }
        reports.push(report);
    }
    super::convert::orient_ike_sas(&mut facts);
    detect_zscaler(&mut facts);
    (facts, reports)
}

/// Turns the Zscaler context on when the paste names Zscaler (descriptions, probe URLs,
/// identities).
fn detect_zscaler(facts: &mut Facts) {
    if facts.context.zscaler {
        return;
    }
    let mentions = |s: &Option<String>| {
        s.as_deref()
            .is_some_and(|t| t.to_ascii_lowercase().contains("zscaler"))
    };
    let seen = facts.tunnels.iter().any(|t| mentions(&t.description))
        || facts
            .sla_probes
            .iter()
            .any(|p| mentions(&p.url) || mentions(&p.destination))
        || facts
            .ike_sas
            .iter()
            .any(|s| mentions(&s.remote_id) || mentions(&s.local_id))
        || facts.configs.iter().any(|c| {
            c.config
                .phase1
                .remote_id
                .as_ref()
                .is_some_and(|i| i.value.contains("zscaler"))
                || mentions(&c.config.name)
        });
    facts.context.zscaler = seen;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_elides() {
        let text: String = (1..=30).map(|i| format!("line {i}\n")).collect();
        let q = Quoter::new(&text, None);
        let e = q.ev(LineSpan::new(2, 3));
        assert_eq!(e.text, "line 2\nline 3");
        let long = q.ev(LineSpan::new(1, 30));
        assert!(long.text.starts_with("line 1\n"));
        assert!(long.text.contains("… (18 lines)"), "{}", long.text);
        assert!(long.text.ends_with("line 29\nline 30"));
        assert_eq!(
            q.find(LineSpan::new(1, 30), "LINE 7").map(|e| e.lines),
            Some(LineSpan::line(7))
        );
        assert_eq!(q.ev(LineSpan::line(99)).text, "");
    }
}
