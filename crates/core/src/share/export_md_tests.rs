//! Markdown export tests.

use super::export_md::*;
use super::redact::RedactOptions;
use super::state::Paste;
use super::test_gen::realistic;
use crate::LineSpan;
use crate::finding::{Action, Evidence, Finding, Severity};
use crate::pac::PacReport;

fn pac_report() -> PacReport {
    serde_json::from_value(serde_json::json!({
        "env": {"my_ip": ["10.20.30.40"], "now": "2026-03-04T10:00:00Z", "tz": "UTC"},
        "entry_point": "FindProxyForURL",
        "macros": [],
        "results": [
            {"url": "https://www.example.com/a|b", "host": "www.example.com", "pac_url": "https://www.example.com/",
             "result": "PROXY 198.51.100.10:80; PROXY 198.51.100.20:80; DIRECT",
             "entries": [], "primary": "198.51.100.10:80", "secondary": "198.51.100.20:80",
             "bypass": false, "bypass_reason": null, "fallback_direct": true,
             "rule": {"line": 4, "column": 3, "text": "return \"PROXY 198.51.100.10:80; PROXY 198.51.100.20:80; DIRECT\";"},
             "dns_lookups": [], "alerts": [], "warnings": [], "error": null},
            {"url": "http://intranet/", "host": "intranet", "pac_url": "http://intranet/",
             "result": "DIRECT", "entries": [], "primary": null, "secondary": null,
             "bypass": true, "bypass_reason": null, "fallback_direct": false,
             "rule": {"line": 3, "column": 5, "text": "return \"DIRECT\";"},
             "dns_lookups": [], "alerts": [], "warnings": [], "error": null}
        ],
        "error": null,
        "warnings": ["macro ${GATEWAY} is not bound"]
    }))
    .unwrap()
}

fn finding() -> Finding {
    Finding {
        id: "IkePolicyMismatch".into(),
        severity: Severity::Error,
        summary: "Phase 1 never completes with 203.0.113.5".into(),
        detail: "The peer answers but rejects every proposal.".into(),
        evidence: vec![Evidence {
            block: "0".into(),
            lines: LineSpan::new(2, 4),
            text: "crypto isakmp key Sup3rS3cret address 203.0.113.5\n```\nMM_NO_STATE".into(),
            source: None,
        }],
        actions: vec![
            Action::text("Compare the IKE proposals on both sides"),
            Action {
                text: "Read the vendor guide".into(),
                uri: Some("https://www.cisco.com/c/en/us/support/docs/".into()),
            },
        ],
        confidence: 0.9,
    }
}

#[test]
fn full_report_has_every_section_and_is_redacted() {
    let mut s = realistic();
    s.pac.source_name = "proxy.pac".into();
    let inputs = ExportInputs {
        pac: Some(pac_report()),
        findings: Some(vec![finding()]),
        parses: vec![PasteSummary {
            blocks: vec![BlockSummary {
                kind: "cisco_ios.show_crypto_isakmp_sa".into(),
                lines: LineSpan::new(1, 4),
                command: Some("show crypto isakmp sa".into()),
                prompt: Some("HQ-R1".into()),
                ..BlockSummary::default()
            }],
            warnings: vec![],
        }],
        link: Some("https://tools.example.com/netdiag.html#v1=abc".into()),
        redact: RedactOptions::default(),
    };
    let md = export_markdown(&s, &inputs).unwrap();
    for part in [
        "# netdiag diagnostic report",
        "Open this state in netdiag: <https://tools.example.com/netdiag.html#v1=abc>",
        "## Summary",
        "- Findings: 1 error(s), 0 warning(s), 0 info",
        "- PAC: 2 test URL(s), 1 bypass (DIRECT), 0 failed",
        "- Browser checks: 1 run, 0 without an answer",
        "### 1. [ERROR] IkePolicyMismatch — Phase 1 never completes with 203.0.113.5",
        "- paste 1 “HQ-R1” (block 0), lines 2–4:",
        "````text\ncrypto isakmp key <redacted:psk> address 203.0.113.5\n```\nMM_NO_STATE\n````",
        "1. Compare the IKE proposals on both sides",
        "2. Read the vendor guide (<https://www.cisco.com/c/en/us/support/docs/>)",
        "## PAC results",
        "Environment: source proxy.pac, client IP 10.20.30.40, time 2026-03-04T10:00:00Z, time zone UTC, client chromium, 0 DNS answer(s).",
        "- Warning: macro ${GATEWAY} is not bound",
        "| # | URL | Answer | Primary | Secondary | Bypass | Rule line |",
        "| 1 | https://www.example.com/a\\|b | PROXY 198.51.100.10:80; PROXY 198.51.100.20:80; DIRECT | 198.51.100.10:80 | 198.51.100.20:80 | no (DIRECT fallback) | 4: return \"PROXY 198.51.100.10:80; PROXY 198.51.100.20:80; DIRECT\"; |",
        "| 2 | http://intranet/ | DIRECT |  |  | yes | 3: return \"DIRECT\"; |",
        "## Pasted outputs",
        "| 1 HQ-R1 | 1–4 | cisco\\_ios.show\\_crypto\\_isakmp\\_sa | HQ-R1# show crypto isakmp sa |  |",
        "## Browser checks",
        "Inputs: cloud zscaler.net.",
        "| gateway | gateway.zscaler.net:443 | gateway | answered\\_opaque | 21.7 | 23.1 | 0 % | 30.0 |",
        "ICMP, raw TCP/UDP, IPsec and MTU are not tested here.",
        "Secrets (keys, passwords, communities, tokens) are replaced by `<redacted:…>` markers.",
    ] {
        assert!(md.contains(part), "missing {part:?} in:\n{md}");
    }
    assert!(!md.contains("Sup3rS3cret"));
    // Deterministic.
    assert_eq!(md, export_markdown(&s, &inputs).unwrap());
}

#[test]
fn anonymised_export_matches_the_anonymised_state() {
    let s = realistic();
    let redact = RedactOptions {
        anonymize_ips: true,
        anonymize_key: "k".into(),
        ..RedactOptions::default()
    };
    let inputs = ExportInputs {
        pac: Some(pac_report()),
        findings: Some(vec![]),
        redact: redact.clone(),
        ..ExportInputs::default()
    };
    let md = export_markdown(&s, &inputs).unwrap();
    let shared = super::redact::redact_state(&s, &redact).unwrap();
    let client = &shared.state.pac.env.my_ip[0];
    assert_ne!(client, "10.20.30.40");
    assert!(md.contains(&format!("client IP {client}")), "{md}");
    assert!(!md.contains("10.20.30.40"));
    assert!(md.contains("No findings."));
    assert!(md.contains("This is not encryption."));
    // Documentation addresses are kept.
    assert!(md.contains("198.51.100.10:80"));
}

#[test]
fn minimal_state_and_unparsed_pastes() {
    let mut s = super::state::AppState::default();
    s.outputs.pastes.push(Paste {
        name: String::new(),
        text: "line one\nline | two\n".into(),
    });
    let md = export_markdown(&s, &ExportInputs::default()).unwrap();
    assert!(md.contains("- Findings: not computed"));
    assert!(md.contains("| 1 | 1–2 | (not parsed) |  |  |"), "{md}");
    assert!(!md.contains("## Findings"));
    assert!(!md.contains("## PAC results"));
    assert!(!md.contains("## Browser checks"));
}

#[test]
fn cells_and_inline_text_are_escaped() {
    assert_eq!(cell("a|b\nc"), "a\\|b<br>c");
    assert_eq!(cell("<script>x</script>"), "\\<script\\>x\\</script\\>");
    assert_eq!(
        inline("*.example.com [x](y) `z`"),
        "\\*.example.com \\[x\\](y) \\`z\\`"
    );
    assert_eq!(inline("two\nlines"), "two lines");
}

#[test]
fn a_parse_report_json_reads_as_a_paste_summary() {
    let report = crate::parsers::parse_paste(
        "R1#show crypto isakmp sa\nIPv4 Crypto ISAKMP SA\ndst             src             state          conn-id status\n203.0.113.5     192.0.2.1       QM_IDLE           1001 ACTIVE\n",
    );
    let json = serde_json::to_value(&report).unwrap();
    let summary: PasteSummary = serde_json::from_value(json).unwrap();
    assert_eq!(summary.blocks.len(), report.blocks.len());
    assert_eq!(summary.blocks[0].kind, report.blocks[0].kind);
    assert_eq!(summary.blocks[0].lines, report.blocks[0].lines);
}
