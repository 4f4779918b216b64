//! The checks panel's Markdown export: every check with its numbers and note, the Resource
//! Timing phases, the latency budget and the DNS-over-HTTPS answers, ready for a ticket.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::doh::DohAnswer;
use super::latency::{BudgetVerdict, LatencyBudget};
use crate::checks::CheckResults;

/// What the export covers.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ChecksExport {
    /// Cloud name checked, may be empty.
    pub cloud: String,
    /// PAC URL checked, may be empty.
    pub pac_url: String,
    /// When the run finished (RFC 3339), as the page's clock said.
    pub taken_at: Option<String>,
    /// The results.
    pub results: CheckResults,
    /// The latency budget, when computed.
    pub budget: Option<LatencyBudget>,
    /// Which check the budget judged (its id).
    pub budget_check: Option<String>,
    /// DNS-over-HTTPS answers, when the user resolved names.
    pub dns: Vec<DohAnswer>,
    /// The DoH resolver used.
    pub resolver: Option<String>,
}

/// Escapes text for a table cell: pipes, backslashes, Markdown/HTML punctuation, newlines.
fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.trim().chars() {
        match ch {
            '|' | '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' => {
                out.push('\\');
                out.push(ch);
            }
            '\n' => out.push_str("<br>"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

fn ms(v: f64) -> String {
    format!("{v:.1}")
}

/// Renders the export as Markdown.
pub fn checks_markdown(x: &ChecksExport) -> String {
    let mut md = String::from("# netdiag browser checks\n\n");
    let mut facts = Vec::new();
    if !x.cloud.is_empty() {
        facts.push(format!("cloud {}", cell(&x.cloud)));
    }
    if !x.pac_url.is_empty() {
        facts.push(format!("PAC URL {}", cell(&x.pac_url)));
    }
    if let Some(t) = &x.taken_at {
        facts.push(format!("run at {}", cell(t)));
    }
    if !facts.is_empty() {
        let _ = writeln!(md, "{}.\n", facts.join(", "));
    }
    results(&mut md, x);
    timing(&mut md, x);
    budget(&mut md, x);
    dns(&mut md, x);
    md.push_str(
        "A browser sees HTTP(S) answers only: ICMP ping, raw TCP ports (telnet), MTU and \
         fragmentation, the path (traceroute/MTR) and GRE/IPsec tunnels are not tested here; \
         run the commands netdiag lists for them.\n",
    );
    md
}

fn results(md: &mut String, x: &ChecksExport) {
    md.push_str("## Results\n\n");
    if x.results.checks.is_empty() {
        md.push_str("No check was run.\n\n");
        return;
    }
    md.push_str(
        "| Check | Target | Verdict | Min ms | Median ms | p95 ms | Max ms | Jitter ms | Failed | Status | Budget ms |\n\
         |---|---|---|---|---|---|---|---|---|---|---|\n",
    );
    for c in &x.results.checks {
        let s = c.effective_stats();
        let answered = !c.samples_ms.is_empty();
        let num = |v: f64| if answered { ms(v) } else { "—".into() };
        let codes = c
            .status_codes
            .iter()
            .map(u16::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {:.0} % | {} | {} |",
            cell(&c.id),
            cell(&c.target),
            c.verdict.as_str(),
            num(s.min),
            num(s.median),
            num(s.p95),
            num(s.max),
            num(s.jitter),
            s.failure_share * 100.0,
            if codes.is_empty() {
                "—".into()
            } else {
                codes
            },
            c.budget_ms.map_or_else(|| "—".into(), ms),
        );
    }
    md.push('\n');
    for c in &x.results.checks {
        if c.note.is_empty() && c.reason.is_empty() {
            continue;
        }
        let _ = write!(md, "- **{}**: {}", cell(&c.id), cell(&c.note));
        if !c.reason.is_empty() {
            let _ = write!(md, " _Why: {}_", cell(&c.reason));
        }
        md.push('\n');
    }
    md.push('\n');
}

fn timing(md: &mut String, x: &ChecksExport) {
    let with: Vec<_> = x
        .results
        .checks
        .iter()
        .filter_map(|c| c.timing.map(|t| (c, t)))
        .collect();
    md.push_str("## Connection phases (Resource Timing)\n\n");
    if with.is_empty() {
        md.push_str(
            "No server sent Timing-Allow-Origin, so the browser reported no phase timing.\n\n",
        );
        return;
    }
    md.push_str(
        "| Check | DNS ms | Connect ms | TLS ms | TTFB ms (median) |\n|---|---|---|---|---|\n",
    );
    for (c, t) in &with {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} |",
            cell(&c.id),
            ms(t.dns_ms),
            ms(t.connect_ms),
            t.tls_ms.map_or_else(|| "—".into(), ms),
            ms(t.ttfb_ms)
        );
    }
    let without: Vec<&str> = x
        .results
        .checks
        .iter()
        .filter(|c| c.timing.is_none() && c.verdict.reached())
        .map(|c| c.id.as_str())
        .collect();
    if !without.is_empty() {
        let _ = writeln!(
            md,
            "\nNo phase timing for {} (no Timing-Allow-Origin header).",
            cell(&without.join(", "))
        );
    }
    md.push('\n');
}

fn budget(md: &mut String, x: &ChecksExport) {
    let Some(b) = &x.budget else {
        return;
    };
    md.push_str("## Latency budget\n\n");
    let verdict = match b.verdict {
        Some(BudgetVerdict::Within) => "within",
        Some(BudgetVerdict::Above) => "above",
        None => "not judged",
    };
    let _ = writeln!(
        md,
        "- Distance: {:.0} km ({})\n- Budget: {} ms ({} ms per 4,000 km); developed {} ms, maximum {} ms\n- Verdict: {verdict}{}\n\n{}\n",
        b.distance_km,
        if b.great_circle {
            "great circle"
        } else {
            "given"
        },
        ms(b.budget_ms),
        b.ms_per_4000_km,
        ms(b.developed_budget_ms),
        ms(b.max_budget_ms),
        x.budget_check
            .as_ref()
            .map(|c| format!(" (median of {})", cell(c)))
            .unwrap_or_default(),
        cell(&b.explanation)
    );
}

fn dns(md: &mut String, x: &ChecksExport) {
    if x.dns.is_empty() {
        return;
    }
    md.push_str("## DNS over HTTPS\n\n");
    let _ = writeln!(
        md,
        "Resolver: {}. A public resolver's answers, not the corporate resolver's.\n",
        cell(x.resolver.as_deref().unwrap_or("unknown"))
    );
    md.push_str("| Name | Type | Status | Answers (TTL s) |\n|---|---|---|---|\n");
    for a in &x.dns {
        let answers = if let Some(e) = &a.error {
            e.clone()
        } else {
            a.records
                .iter()
                .map(|r| format!("{} {} ({})", r.rtype, r.data, r.ttl))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} |",
            cell(&a.name),
            cell(&a.qtype),
            cell(&a.status_text),
            cell(&answers)
        );
    }
    md.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::browser_checks::doh::doh_answer;
    use crate::browser_checks::latency::{BudgetInput, latency_budget};
    use crate::browser_checks::summary::{MeasuredSample, SampleSet, summarize_check};
    use crate::checks::{CheckKind, Verdict};

    #[test]
    fn export_has_every_section() {
        let sample = |outcome, ms, status| MeasuredSample {
            outcome,
            ms,
            status,
            phases: None,
            detail: None,
        };
        let ok = summarize_check(&SampleSet {
            id: "gateway-https".into(),
            target: "https://gateway.example.net/".into(),
            kind: CheckKind::Gateway,
            reason: "runbook | step".into(),
            samples: vec![
                sample(Verdict::Answered, 20.0, Some(200)),
                sample(Verdict::TimedOut, 3000.0, None),
            ],
            timeout_ms: Some(3000),
            planned: None,
            budget_ms: Some(17.8),
        })
        .unwrap();
        let x = ChecksExport {
            cloud: "example.net".into(),
            results: CheckResults { checks: vec![ok] },
            budget: Some(
                latency_budget(&BudgetInput {
                    distance_km: Some(1186.6),
                    measured_ms: Some(20.0),
                    ..BudgetInput::default()
                })
                .unwrap(),
            ),
            budget_check: Some("gateway-https".into()),
            dns: vec![doh_answer(
                "gateway.example.net",
                "A",
                r#"{"Status":0,"Answer":[{"name":"gateway.example.net.","type":1,"TTL":60,"data":"192.0.2.10"}]}"#,
            )],
            resolver: Some("https://dns.example/resolve".into()),
            ..ChecksExport::default()
        };
        let md = checks_markdown(&x);
        assert!(md.contains("| gateway-https | https://gateway.example.net/ | answered | 20.0 | 20.0 | 20.0 | 20.0 | 0.0 | 50 % | 200 | 17.8 |"), "{md}");
        assert!(md.contains("_Why: runbook \\| step_"));
        assert!(md.contains("No server sent Timing-Allow-Origin"));
        assert!(md.contains("- Verdict: above (median of gateway-https)"));
        assert!(md.contains("| gateway.example.net | A | NOERROR | A 192.0.2.10 (60) |"));
        assert!(md.contains("not the corporate resolver"));
    }
}
