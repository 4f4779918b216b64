//! Ticket-ready Markdown of a diagnosis (`netdiag diagnose --format md`, the page's "copy
//! for ticket"). Quoted device lines go in fenced code blocks, so nothing pasted is
//! interpreted as Markdown.

use std::fmt::Write as _;

use super::{DiagnoseReport, HealthCode};
use crate::finding::{Evidence, Finding, Severity};

fn sev(s: Severity) -> &'static str {
    match s {
        Severity::Error => "ERROR",
        Severity::Warning => "WARNING",
        Severity::Info => "INFO",
    }
}

/// A fence longer than any backtick run in `text`.
fn fence(text: &str) -> String {
    let mut longest = 0usize;
    let mut run = 0usize;
    for c in text.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    "`".repeat(longest.max(2) + 1)
}

/// Escapes Markdown inline syntax in one line of prose.
fn inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn where_(e: &Evidence) -> String {
    let lines = if e.lines.start == e.lines.end {
        format!("line {}", e.lines.start)
    } else {
        format!("lines {}–{}", e.lines.start, e.lines.end)
    };
    let block = if e.block.chars().all(|c| c.is_ascii_digit()) {
        format!("block {}", e.block)
    } else {
        e.block.clone()
    };
    match &e.source {
        Some(s) => format!("{}, {block}, {lines}", inline(s)),
        None => format!("{block}, {lines}"),
    }
}

fn finding(out: &mut String, n: usize, f: &Finding) {
    let _ = writeln!(
        out,
        "\n### {n}. {} · `{}` — {}\n",
        sev(f.severity),
        f.id,
        inline(&f.summary)
    );
    if !f.detail.is_empty() {
        let _ = writeln!(out, "{}\n", inline(&f.detail));
    }
    if f.confidence < 1.0 {
        let _ = writeln!(out, "_Confidence: {:.0} %._\n", f.confidence * 100.0);
    }
    for e in &f.evidence {
        let fe = fence(&e.text);
        let _ = writeln!(
            out,
            "Evidence ({}):\n\n{fe}text\n{}\n{fe}\n",
            where_(e),
            e.text
        );
    }
    if !f.actions.is_empty() {
        out.push_str("Recommended actions:\n\n");
        for (i, a) in f.actions.iter().enumerate() {
            match &a.uri {
                Some(u) => {
                    let _ = writeln!(out, "{}. {} ([reference]({u}))", i + 1, inline(&a.text));
                }
                None => {
                    let _ = writeln!(out, "{}. {}", i + 1, inline(&a.text));
                }
            }
        }
    }
}

/// Renders the report as Markdown.
pub fn to_markdown(r: &DiagnoseReport) -> String {
    let mut out = String::new();
    let code = match r.code {
        HealthCode::Healthy => "Healthy",
        HealthCode::UnHealthy => "UnHealthy",
    };
    let _ = writeln!(out, "## netdiag diagnosis: {code}\n");
    let _ = writeln!(
        out,
        "**{} error(s), {} warning(s), {} info** — {} block(s) read.",
        r.counts.error,
        r.counts.warning,
        r.counts.info,
        r.blocks.len()
    );
    let mut kinds: Vec<&str> = r
        .blocks
        .iter()
        .map(|b| b.kind.as_str())
        .filter(|k| *k != crate::parsers::report::UNRECOGNISED)
        .collect();
    kinds.sort_unstable();
    kinds.dedup();
    if !kinds.is_empty() {
        let _ = writeln!(
            out,
            "\nOutputs recognised: {}.",
            kinds
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    if !r.usable {
        out.push_str(
            "\nNothing in the input could be diagnosed: no supported output was recognised.\n",
        );
    }
    if r.findings.is_empty() && r.usable {
        out.push_str("\nNo finding: nothing in the pasted outputs indicates a fault.\n");
    }
    for (i, f) in r.findings.iter().enumerate() {
        finding(&mut out, i + 1, f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnose::{DiagnoseInput, diagnose};

    #[test]
    fn renders_findings_with_fenced_evidence() {
        let paste = "R1#show crypto isakmp sa\nIPv4 Crypto ISAKMP SA\ndst             src             state          conn-id status\n192.0.2.1       203.0.113.9     MM_NO_STATE       1002 ACTIVE\n";
        let md = to_markdown(&diagnose(&DiagnoseInput::from_text(paste)));
        assert!(md.starts_with("## netdiag diagnosis: UnHealthy"), "{md}");
        assert!(md.contains("### 1. ERROR · `Phase1NotEstablished`"), "{md}");
        assert!(
            md.contains(
                "```text\n192.0.2.1       203.0.113.9     MM_NO_STATE       1002 ACTIVE\n```"
            ),
            "{md}"
        );
        assert!(md.contains("Recommended actions:"));
    }

    #[test]
    fn fences_and_escapes() {
        assert_eq!(fence("a ``` b"), "````");
        assert_eq!(fence("plain"), "```");
        assert_eq!(inline("a*b_[c]"), "a\\*b\\_\\[c\\]");
    }
}
