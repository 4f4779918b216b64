//! PAC lint: checks over boa's AST of a PAC file (and, for what only evaluation can tell,
//! over its answers for generated probe URLs), reported as findings in the project schema.
//!
//! One module per check; each has a `RULE` with its id, default severity and `check`
//! function, and is listed once in [`RULES`]. `crates/pac/LINT.md` documents every check.
//!
//! ```
//! use netdiag_pac::lint::{lint, LintOptions};
//! let src = r#"function FindProxyForURL(url, host) {
//!     if (dnsDomainIs(host, "example.com")) return "DIRECT";
//!     return "PROXY proxy.example.net:8080; DIRECT";
//! }"#;
//! let report = lint(src, &LintOptions::default());
//! assert!(report.findings.iter().any(|f| f.id == "PacPatternTooBroad"));
//! ```

use std::cell::OnceCell;

use netdiag_core::{Action, Evidence, Finding, LineSpan, Severity};

pub use netdiag_core::pac_review::{DEFAULT_IDP_DOMAINS, LintOptions, LintReport};

mod answers;
pub(crate) mod ast;
mod probe;
pub(crate) mod regex_shape;

mod catastrophic_regex;
mod client_ip_dependent;
mod dns_before_string_checks;
mod idp_proxied;
mod malformed_return;
mod no_direct_fallback;
mod no_entry_point;
mod pattern_too_broad;
mod private_proxied;
mod syntax_error;
mod time_dependent;
mod too_deep;
mod too_large;
mod unreachable_code;

use ast::{Pac, ParseProblem};

/// One lint check.
pub struct Rule {
    /// Stable CamelCase id, e.g. `PacPatternTooBroad`.
    pub id: &'static str,
    /// Short title.
    pub title: &'static str,
    /// Severity of its findings (a check may lower it for a weaker case).
    pub severity: Severity,
    pub(crate) check: fn(&LintContext<'_>, &mut Vec<Finding>),
}

/// Every check, in a stable order. Ids are unique (tested).
pub static RULES: &[Rule] = &[
    syntax_error::RULE,
    too_deep::RULE,
    no_entry_point::RULE,
    malformed_return::RULE,
    dns_before_string_checks::RULE,
    pattern_too_broad::RULE,
    no_direct_fallback::RULE,
    idp_proxied::RULE,
    private_proxied::RULE,
    unreachable_code::RULE,
    catastrophic_regex::RULE,
    too_large::RULE,
    time_dependent::RULE,
    client_ip_dependent::RULE,
];

/// Lints a PAC source. Never fails: an unparsable source yields a `PacSyntaxError` finding.
pub fn lint(source: &str, opts: &LintOptions) -> LintReport {
    let ctx = LintContext::new(source, opts);
    let mut findings = Vec::new();
    for rule in RULES {
        (rule.check)(&ctx, &mut findings);
    }
    findings.sort_by(|a, b| {
        (a.severity, &a.id, first_line(a)).cmp(&(b.severity, &b.id, first_line(b)))
    });
    LintReport { findings }
}

fn first_line(f: &Finding) -> u32 {
    f.evidence.first().map_or(0, |e| e.lines.start)
}

/// What a check reads: the source, its AST (or why there is none) and lazily evaluated probes.
pub(crate) struct LintContext<'a> {
    pub source: &'a str,
    pub opts: &'a LintOptions,
    pub lines: Vec<&'a str>,
    pub parsed: Result<Pac, ParseProblem>,
    probes: OnceCell<Vec<probe::ProbeResult>>,
}

impl<'a> LintContext<'a> {
    fn new(source: &'a str, opts: &'a LintOptions) -> Self {
        Self {
            source,
            opts,
            lines: ast::split_lines(source),
            parsed: ast::parse(source),
            probes: OnceCell::new(),
        }
    }

    /// The AST, when the source parsed.
    pub fn pac(&self) -> Option<&Pac> {
        self.parsed.as_ref().ok()
    }

    /// Answers of the PAC for the generated probe URLs (empty when it cannot be evaluated).
    pub fn probes(&self) -> &[probe::ProbeResult] {
        self.probes.get_or_init(|| probe::run(self))
    }

    /// Evidence quoting lines `start..=end` of the PAC (at most a few lines of text).
    pub fn evidence(&self, start: u32, end: u32) -> Evidence {
        let span = LineSpan::new(start.max(1), end.max(1));
        let mut text: Vec<String> = Vec::new();
        for n in span.start..=span.end.min(span.start + 4) {
            let idx = usize::try_from(n).unwrap_or(usize::MAX).saturating_sub(1);
            if let Some(l) = self.lines.get(idx) {
                text.push(clip(l.trim(), 240));
            }
        }
        if span.end > span.start + 4 {
            text.push("…".to_string());
        }
        Evidence {
            block: "pac".to_string(),
            lines: span,
            text: text.join("\n"),
            source: None,
        }
    }
}

/// Cuts a string to `max` characters, marking the cut.
pub(crate) fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(max).collect();
        out.push('…');
        out
    }
}

/// Builds a finding of `rule` at its default severity.
pub(crate) fn finding(
    rule: &Rule,
    summary: String,
    detail: &str,
    evidence: Vec<Evidence>,
    actions: Vec<Action>,
) -> Finding {
    Finding {
        id: rule.id.to_string(),
        severity: rule.severity,
        summary,
        detail: detail.to_string(),
        evidence,
        actions,
        confidence: 1.0,
    }
}

/// An action with a reference link.
pub(crate) fn action_ref(text: &str, uri: &str) -> Action {
    Action {
        text: text.to_string(),
        uri: Some(uri.to_string()),
    }
}

/// Distinct names of the calls of `names` (in source order) and evidence for each call.
pub(crate) fn calls_named(ctx: &LintContext<'_>, names: &[&str]) -> (Vec<String>, Vec<Evidence>) {
    use boa_ast::Spanned;
    let mut found: Vec<String> = Vec::new();
    let mut evidence: Vec<Evidence> = Vec::new();
    let Some(pac) = ctx.pac() else {
        return (found, evidence);
    };
    for call in ast::calls(pac) {
        let Some(name) = pac.callee(call) else {
            continue;
        };
        if !names.contains(&name.as_str()) {
            continue;
        }
        let line = call.span().start().line_number();
        if evidence.len() < 20 && !evidence.iter().any(|e| e.lines.start == line) {
            evidence.push(ctx.evidence(line, line));
        }
        if !found.contains(&name) {
            found.push(name);
        }
    }
    (found, evidence)
}

/// Lists at most `max` items, then "and N more".
pub(crate) fn list_some(items: &[String], max: usize) -> String {
    let shown: Vec<&str> = items.iter().take(max).map(String::as_str).collect();
    let mut s = shown.join(", ");
    if items.len() > max {
        s.push_str(&format!(" and {} more", items.len() - max));
    }
    s
}

#[cfg(test)]
pub(crate) mod testutil {
    use super::*;

    /// Findings of one rule for a source, with default options.
    pub fn run(id: &str, src: &str) -> Vec<Finding> {
        run_with(id, src, &LintOptions::default())
    }

    /// Findings of one rule for a source.
    pub fn run_with(id: &str, src: &str, opts: &LintOptions) -> Vec<Finding> {
        let rule = RULES.iter().find(|r| r.id == id).unwrap();
        let ctx = LintContext::new(src, opts);
        let mut out = Vec::new();
        (rule.check)(&ctx, &mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_are_unique_camel_case_and_documented() {
        let doc = include_str!("../../LINT.md");
        let mut seen = std::collections::HashSet::new();
        for r in RULES {
            assert!(seen.insert(r.id), "duplicate id {}", r.id);
            assert!(r.id.starts_with("Pac") && !r.id.contains('_'), "{}", r.id);
            assert!(
                doc.contains(&format!("## {}", r.id)),
                "{} missing from LINT.md",
                r.id
            );
        }
    }

    #[test]
    fn findings_are_sorted_and_quote_pac_lines() {
        let src = "function FindProxyForURL(url, host) {\n\
                   if (dnsDomainIs(host, \"example.com\")) return \"DIRECT\";\n\
                   if (timeRange(8, 18)) return \"PROXY p.example:8080\";\n\
                   return \"PROXY p.example:8080; DIRECT\";\n}";
        let r = lint(src, &LintOptions::default());
        let sev: Vec<Severity> = r.findings.iter().map(|f| f.severity).collect();
        let mut sorted = sev.clone();
        sorted.sort();
        assert_eq!(sev, sorted);
        let broad = r
            .findings
            .iter()
            .find(|f| f.id == "PacPatternTooBroad")
            .unwrap();
        assert_eq!(broad.evidence[0].block, "pac");
        assert_eq!(broad.evidence[0].lines, LineSpan::line(2));
        assert!(broad.evidence[0].text.contains("dnsDomainIs"));
    }

    #[test]
    fn a_clean_pac_has_no_findings() {
        let src = "function FindProxyForURL(url, host) {\n\
                   if (isPlainHostName(host) || dnsDomainIs(host, \".corp.example\")) return \"DIRECT\";\n\
                   if (shExpMatch(host, \"*.okta.com\") || host == \"login.microsoftonline.com\"\n\
                       || shExpMatch(host, \"login.windows.net\") || shExpMatch(host, \"accounts.google.com\")\n\
                       || shExpMatch(host, \"*.auth0.com\") || shExpMatch(host, \"*.onelogin.com\")\n\
                       || shExpMatch(host, \"*.pingidentity.com\") || shExpMatch(host, \"adfs.*\")\n\
                       || shExpMatch(host, \"*.duosecurity.com\") || shExpMatch(host, \"*.oktapreview.com\")\n\
                       || shExpMatch(host, \"login.zs*\") || shExpMatch(host, \"ips.zs*\")\n\
                       || host == \"login.microsoft.com\" || host == \"login.live.com\" || host == \"aadcdn.msftauth.net\"\n\
                       || shExpMatch(host, \"*.okta-emea.com\") || shExpMatch(host, \"*.pingone.com\"))\n\
                     return \"DIRECT\";\n\
                   if (shExpMatch(host, \"localhost\") || shExpMatch(host, \"127.*\") || host == \"[::1]\" || host == \"::1\"\n\
                       || shExpMatch(host, \"10.*\") || shExpMatch(host, \"192.168.*\") || shExpMatch(host, \"172.16.*\")\n\
                       || shExpMatch(host, \"169.254.*\") || shExpMatch(host, \"fd*\"))\n\
                     return \"DIRECT\";\n\
                   return \"PROXY p1.example:8080; PROXY p2.example:8080; DIRECT\";\n}";
        let r = lint(src, &LintOptions::default());
        assert!(r.findings.is_empty(), "{:#?}", r.findings);
    }
}
