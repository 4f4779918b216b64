//! Ticket-ready Markdown: a summary, findings with their evidence and actions, the PAC results
//! table, what the pastes were recognised as, and the browser check results.
//!
//! Contract: pass the state and results as the page shows them (unredacted); the options in
//! [`ExportInputs::redact`] are applied to the finished text, with the same rules and key as
//! the state redaction, so the Markdown and a link made with the same options agree.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::link::ShareError;
use super::redact::{RedactOptions, redact_serde};
use super::state::AppState;
use crate::LineSpan;
use crate::finding::{Finding, Severity};
use crate::pac::PacReport;

/// Derived results to include (the state holds only inputs).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ExportInputs {
    /// The PAC evaluation of the PAC panel, if run.
    pub pac: Option<PacReport>,
    /// The diagnosis findings, if computed (`Some(vec![])` means "computed, none").
    pub findings: Option<Vec<Finding>>,
    /// One parse report per paste, in paste order (a `ParseReport`'s JSON reads as this).
    pub parses: Vec<PasteSummary>,
    /// The share link to print at the top, if any.
    pub link: Option<String>,
    /// Redaction applied to the finished Markdown.
    pub redact: RedactOptions,
}

/// What a paste was recognised as (the part of a `ParseReport` the export shows).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PasteSummary {
    /// Blocks in paste order.
    pub blocks: Vec<BlockSummary>,
    /// Notes about the whole paste.
    pub warnings: Vec<String>,
}

/// One block of a paste.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BlockSummary {
    /// `<platform>.<command>` or `unrecognised`.
    pub kind: String,
    /// Lines covered.
    pub lines: LineSpan,
    /// The command typed, if seen.
    pub command: Option<String>,
    /// The device name from the prompt, if seen.
    pub prompt: Option<String>,
    /// True when the output was cut off.
    pub truncated: bool,
    /// Lines the parser could not read.
    pub skipped: Vec<LineSpan>,
    /// Why the block could not be parsed.
    pub error: Option<String>,
}

impl Default for BlockSummary {
    fn default() -> Self {
        Self {
            kind: String::new(),
            lines: LineSpan::line(1),
            command: None,
            prompt: None,
            truncated: false,
            skipped: Vec::new(),
            error: None,
        }
    }
}

/// Renders the Markdown report, redacted as `inputs.redact` asks.
pub fn export_markdown(state: &AppState, inputs: &ExportInputs) -> Result<String, ShareError> {
    let opts = &inputs.redact;
    // Redact the data, not the Markdown: escaping would hide `api_key=` from the rules.
    let (state, _, _): (AppState, _, _) = redact_serde(state, opts)?;
    let derived = (&inputs.pac, &inputs.findings, &inputs.parses);
    let (derived, _, _): (Derived, _, _) = redact_serde(&derived, opts)?;
    let (pac, found, parses) = derived;
    let mut md = String::new();
    md.push_str("# netdiag diagnostic report\n\n");
    if let Some(link) = inputs.link.as_deref().filter(|l| !l.is_empty()) {
        let _ = writeln!(md, "Open this state in netdiag: <{}>\n", link.trim());
    }
    summary(&mut md, &state, pac.as_ref(), found.as_deref(), &parses);
    findings(&mut md, &state, found.as_deref());
    pac_results(&mut md, &state, pac.as_ref());
    pastes(&mut md, &state, &parses);
    checks(&mut md, &state);
    let notes = redaction_note(opts);
    if !notes.is_empty() {
        md.push_str("---\n\n");
        md.push_str(&notes);
    }
    Ok(md)
}

type Derived = (Option<PacReport>, Option<Vec<Finding>>, Vec<PasteSummary>);

fn redaction_note(opts: &RedactOptions) -> String {
    let mut s = String::new();
    if opts.redact_secrets {
        s.push_str("Secrets (keys, passwords, communities, tokens) are replaced by `<redacted:…>` markers.\n");
    }
    if opts.anonymize_ips {
        s.push_str(
            "IP addresses are anonymised (prefix-preserving: shared prefixes stay shared; \
             private, loopback and documentation ranges keep their class). This is not encryption.\n",
        );
    }
    s
}

fn summary(
    md: &mut String,
    state: &AppState,
    pac: Option<&PacReport>,
    found: Option<&[Finding]>,
    parses: &[PasteSummary],
) {
    md.push_str("## Summary\n\n");
    match found {
        Some(f) => {
            let count = |s: Severity| f.iter().filter(|x| x.severity == s).count();
            let _ = writeln!(
                md,
                "- Findings: {} error(s), {} warning(s), {} info",
                count(Severity::Error),
                count(Severity::Warning),
                count(Severity::Info)
            );
        }
        None => md.push_str("- Findings: not computed\n"),
    }
    match pac {
        Some(r) if r.error.is_some() => {
            let msg = r.error.as_ref().map(|e| e.message.as_str()).unwrap_or("");
            let _ = writeln!(md, "- PAC: unusable ({})", inline(msg));
        }
        Some(r) => {
            let bypass = r.results.iter().filter(|u| u.bypass).count();
            let failed = r.results.iter().filter(|u| u.error.is_some()).count();
            let _ = writeln!(
                md,
                "- PAC: {} test URL(s), {bypass} bypass (DIRECT), {failed} failed",
                r.results.len()
            );
        }
        None if !state.pac.source.trim().is_empty() => md.push_str("- PAC: not evaluated\n"),
        None => {}
    }
    let pastes = state.outputs.pastes.len();
    if pastes > 0 {
        let blocks: usize = parses.iter().map(|p| p.blocks.len()).sum();
        let recognised: usize = parses
            .iter()
            .flat_map(|p| &p.blocks)
            .filter(|b| b.kind != "unrecognised")
            .count();
        let _ = writeln!(
            md,
            "- Pasted outputs: {pastes} paste(s), {blocks} block(s), {recognised} recognised"
        );
    }
    if let Some(r) = state.checks.results.as_ref() {
        let failed = r.checks.iter().filter(|c| !c.verdict.reached()).count();
        let _ = writeln!(
            md,
            "- Browser checks: {} run, {failed} without an answer",
            r.checks.len()
        );
    }
    md.push('\n');
}

fn severity_label(s: Severity) -> &'static str {
    match s {
        Severity::Error => "ERROR",
        Severity::Warning => "WARNING",
        Severity::Info => "INFO",
    }
}

fn findings(md: &mut String, state: &AppState, findings: Option<&[Finding]>) {
    let Some(findings) = findings else { return };
    md.push_str("## Findings\n\n");
    if findings.is_empty() {
        md.push_str("No findings.\n\n");
        return;
    }
    for (i, f) in findings.iter().enumerate() {
        let _ = writeln!(
            md,
            "### {}. [{}] {} — {}\n",
            i + 1,
            severity_label(f.severity),
            inline(&f.id),
            inline(&f.summary)
        );
        if !f.detail.trim().is_empty() {
            let _ = writeln!(md, "{}\n", f.detail.trim());
        }
        if !f.evidence.is_empty() {
            md.push_str("**Evidence**\n\n");
            for e in &f.evidence {
                let where_ = block_label(state, &e.block);
                let _ = writeln!(md, "- {where_}, {}:\n", lines_label(e.lines));
                fenced(md, &e.text);
            }
        }
        if !f.actions.is_empty() {
            md.push_str("**Actions**\n\n");
            for (n, a) in f.actions.iter().enumerate() {
                match a.uri.as_deref() {
                    Some(uri) => {
                        let _ = writeln!(md, "{}. {} (<{}>)", n + 1, inline(&a.text), uri);
                    }
                    None => {
                        let _ = writeln!(md, "{}. {}", n + 1, inline(&a.text));
                    }
                }
            }
            md.push('\n');
        }
    }
}

/// Names an evidence source: a paste by its name, the PAC, or a check.
fn block_label(state: &AppState, block: &str) -> String {
    if block == "pac" {
        return "PAC file".into();
    }
    let paste = block
        .split(['/', ':', '.'])
        .next()
        .and_then(|p| p.parse::<usize>().ok())
        .and_then(|i| state.outputs.pastes.get(i).map(|p| (i, p)));
    match paste {
        Some((i, p)) if !p.name.trim().is_empty() => {
            format!(
                "paste {} “{}” (block {})",
                i + 1,
                inline(p.name.trim()),
                inline(block)
            )
        }
        _ => format!("block {}", inline(block)),
    }
}

fn lines_label(s: LineSpan) -> String {
    if s.start == s.end {
        format!("line {}", s.start)
    } else {
        format!("lines {}–{}", s.start, s.end)
    }
}

/// A fenced code block whose fence is longer than any backtick run in the text.
fn fenced(md: &mut String, text: &str) {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    let _ = writeln!(
        md,
        "{fence}text\n{}\n{fence}\n",
        text.trim_end_matches(['\n', '\r'])
    );
}

fn pac_results(md: &mut String, state: &AppState, report: Option<&PacReport>) {
    let Some(r) = report else { return };
    md.push_str("## PAC results\n\n");
    let env = &r.env;
    let mut facts = Vec::new();
    if !state.pac.source_name.is_empty() {
        facts.push(format!("source {}", inline(&state.pac.source_name)));
    }
    if let Some(ip) = env.my_ip.first() {
        facts.push(format!("client IP {}", inline(ip)));
    }
    if let Some(now) = env.now.as_deref() {
        facts.push(format!("time {}", inline(now)));
    }
    if let Some(tz) = env.tz.as_deref() {
        facts.push(format!("time zone {}", inline(tz)));
    }
    facts.push(format!("client {:?}", env.client).to_lowercase());
    facts.push(format!("{} DNS answer(s)", env.dns.len()));
    let _ = writeln!(md, "Environment: {}.\n", facts.join(", "));
    if let Some(e) = r.error.as_ref() {
        let at = e.line.map(|l| format!(" (line {l})")).unwrap_or_default();
        let _ = writeln!(
            md,
            "**PAC error** ({}){at}: {}\n",
            inline(&e.kind),
            inline(&e.message)
        );
    }
    for w in &r.warnings {
        let _ = writeln!(md, "- Warning: {}", inline(w));
    }
    if !r.warnings.is_empty() {
        md.push('\n');
    }
    if r.results.is_empty() {
        return;
    }
    md.push_str("| # | URL | Answer | Primary | Secondary | Bypass | Rule line |\n");
    md.push_str("|---|---|---|---|---|---|---|\n");
    for (i, u) in r.results.iter().enumerate() {
        let answer = match (&u.result, &u.error) {
            (_, Some(e)) => format!("error: {}", e.message),
            (Some(res), None) => res.clone(),
            (None, None) => String::new(),
        };
        let bypass = match (u.bypass, u.bypass_reason.as_deref()) {
            (true, Some(why)) => format!("yes ({why})"),
            (true, None) => "yes".into(),
            (false, _) if u.fallback_direct => "no (DIRECT fallback)".into(),
            (false, _) => "no".into(),
        };
        let rule = u
            .rule
            .as_ref()
            .map(|p| format!("{}: {}", p.line, p.text))
            .unwrap_or_default();
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} | {} |",
            i + 1,
            cell(&u.url),
            cell(&answer),
            cell(u.primary.as_deref().unwrap_or("")),
            cell(u.secondary.as_deref().unwrap_or("")),
            cell(&bypass),
            cell(&rule)
        );
    }
    md.push('\n');
}

fn pastes(md: &mut String, state: &AppState, parses: &[PasteSummary]) {
    if state.outputs.pastes.is_empty() {
        return;
    }
    md.push_str("## Pasted outputs\n\n");
    md.push_str("| Paste | Lines | Recognised as | Command | Notes |\n");
    md.push_str("|---|---|---|---|---|\n");
    for (i, paste) in state.outputs.pastes.iter().enumerate() {
        let name = if paste.name.trim().is_empty() {
            format!("{}", i + 1)
        } else {
            format!("{} {}", i + 1, paste.name.trim())
        };
        let Some(report) = parses.get(i).filter(|r| !r.blocks.is_empty()) else {
            let n = paste.text.lines().count();
            let _ = writeln!(md, "| {} | 1–{n} | (not parsed) |  |  |", cell(&name));
            continue;
        };
        for b in &report.blocks {
            let mut notes = Vec::new();
            if b.truncated {
                notes.push("cut off".to_string());
            }
            if !b.skipped.is_empty() {
                notes.push(format!("{} unread span(s)", b.skipped.len()));
            }
            if let Some(e) = b.error.as_deref() {
                notes.push(e.to_string());
            }
            let command = match (b.prompt.as_deref(), b.command.as_deref()) {
                (Some(p), Some(c)) => format!("{p}# {c}"),
                (None, Some(c)) => c.to_string(),
                _ => String::new(),
            };
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {} |",
                cell(&name),
                cell(&format!("{}–{}", b.lines.start, b.lines.end)),
                cell(&b.kind),
                cell(&command),
                cell(&notes.join("; "))
            );
        }
    }
    md.push('\n');
}

fn checks(md: &mut String, state: &AppState) {
    let Some(results) = state.checks.results.as_ref() else {
        return;
    };
    md.push_str("## Browser checks\n\n");
    let i = &state.checks.inputs;
    let mut facts = Vec::new();
    if !i.cloud.is_empty() {
        facts.push(format!("cloud {}", inline(&i.cloud)));
    }
    if !i.pac_url.is_empty() {
        facts.push(format!("PAC URL {}", inline(&i.pac_url)));
    }
    if let Some(n) = i.samples {
        facts.push(format!("{n} sample(s) per target"));
    }
    if let Some(t) = i.timeout_ms {
        facts.push(format!("timeout {t} ms"));
    }
    if let Some(at) = state.checks.taken_at.as_deref() {
        facts.push(format!("taken {}", inline(at)));
    }
    if !facts.is_empty() {
        let _ = writeln!(md, "Inputs: {}.\n", facts.join(", "));
    }
    md.push_str(
        "| Check | Target | Kind | Verdict | Median ms | p95 ms | Failed samples | Budget ms |\n",
    );
    md.push_str("|---|---|---|---|---|---|---|---|\n");
    for c in &results.checks {
        let s = c.effective_stats();
        let ms = |v: f64| format!("{v:.1}");
        let (median, p95) = if c.samples_ms.is_empty() && c.stats.is_none() {
            (String::new(), String::new())
        } else {
            (ms(s.median), ms(s.p95))
        };
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} | {:.0} % | {} |",
            cell(&c.id),
            cell(&c.target),
            cell(&format!("{:?}", c.kind).to_lowercase()),
            cell(c.verdict.as_str()),
            median,
            p95,
            s.failure_share * 100.0,
            c.budget_ms.map(ms).unwrap_or_default()
        );
    }
    md.push_str(
        "\nA browser sees HTTP(S) answers only: ICMP, raw TCP/UDP, IPsec and MTU are not tested here.\n\n",
    );
}

/// Escapes text for a table cell: pipes, Markdown punctuation and HTML, newlines as `<br>`.
pub fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut lines = text.trim().lines().peekable();
    while let Some(line) = lines.next() {
        out.push_str(&inline(line));
        if lines.peek().is_some() {
            out.push_str("<br>");
        }
    }
    out
}

/// Escapes text for inline Markdown (one line): `\ | * _ ` [ ] < >` get a backslash.
pub fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}
