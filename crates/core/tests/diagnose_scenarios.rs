//! Scenario tests: realistic multi-command pastes (`tests/fixtures/scenarios/<name>.txt`)
//! diagnosed end to end. Beside each paste:
//! - `<name>.expect`: the complete list of expected findings, one `severity Id` per line
//!   (`#` comments); the diagnosis must produce exactly these (as a multiset);
//! - optional `<name>.options.json` (`DiagnoseOptions`), `<name>.pac.json` (a PAC report from
//!   `netdiag pac eval --format json`) and `<name>.checks.json` (browser check results).
//!
//! Every finding's evidence must quote exactly the paste lines it points at.

use std::path::{Path, PathBuf};

use netdiag_core::diagnose::{DiagnoseInput, DiagnoseReport, HealthCode, diagnose};
use netdiag_core::facts::Paste;
use netdiag_core::finding::Severity;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scenarios")
}

fn read_opt(p: &Path) -> Option<String> {
    std::fs::read_to_string(p).ok()
}

fn sev(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

fn run(name: &str) -> (String, DiagnoseReport) {
    let base = dir().join(name);
    let text = std::fs::read_to_string(base.with_extension("txt")).unwrap();
    let mut input = DiagnoseInput {
        pastes: vec![Paste::new(text.clone())],
        ..Default::default()
    };
    if let Some(o) = read_opt(&base.with_extension("options.json")) {
        input.options = serde_json::from_str(&o).unwrap();
    }
    if let Some(p) = read_opt(&base.with_extension("pac.json")) {
        input.pac = Some(serde_json::from_str(&p).unwrap());
    }
    if let Some(c) = read_opt(&base.with_extension("checks.json")) {
        input.checks = Some(serde_json::from_str(&c).unwrap());
    }
    (text, diagnose(&input))
}

fn expected(name: &str) -> Vec<String> {
    let e = std::fs::read_to_string(dir().join(format!("{name}.expect"))).unwrap();
    let mut v: Vec<String> = e
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    v.sort();
    v
}

fn scenarios() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    v.sort();
    v
}

/// Evidence in a paste block quotes exactly the lines it points at.
fn check_evidence(name: &str, text: &str, r: &DiagnoseReport) {
    let lines: Vec<&str> = text.split('\n').map(|l| l.trim_end_matches('\r')).collect();
    for f in &r.findings {
        assert!(!f.evidence.is_empty(), "{name}: {} has no evidence", f.id);
        assert!(!f.actions.is_empty(), "{name}: {} has no action", f.id);
        for e in &f.evidence {
            if !e.block.chars().all(|c| c.is_ascii_digit()) {
                continue; // PAC lines or a check: not in the paste
            }
            let start = e.lines.start as usize;
            let end = e.lines.end as usize;
            assert!(
                start >= 1 && end <= lines.len(),
                "{name}: {} evidence {:?} outside the paste",
                f.id,
                e.lines
            );
            if end - start < 12 {
                let want = lines[start - 1..end].join("\n");
                assert_eq!(
                    e.text, want,
                    "{name}: {} evidence text differs from lines {:?}",
                    f.id, e.lines
                );
            }
        }
    }
}

#[test]
fn every_scenario_gives_exactly_its_expected_findings() {
    let names = scenarios();
    assert!(names.len() >= 8, "scenarios missing: {names:?}");
    for name in names {
        let (text, r) = run(&name);
        let mut got: Vec<String> = r
            .findings
            .iter()
            .map(|f| format!("{} {}", sev(f.severity), f.id))
            .collect();
        got.sort();
        let want = expected(&name);
        assert_eq!(
            got,
            want,
            "{name}: findings differ\n{}",
            r.findings
                .iter()
                .map(|f| format!("  {} {}: {}", sev(f.severity), f.id, f.summary))
                .collect::<Vec<_>>()
                .join("\n")
        );
        assert!(r.usable, "{name}: not usable");
        let has_fault = r.findings.iter().any(|f| f.severity != Severity::Info);
        assert_eq!(
            r.code == HealthCode::UnHealthy,
            has_fault,
            "{name}: code {:?}",
            r.code
        );
        check_evidence(&name, &text, &r);
    }
}

#[test]
fn one_way_tunnel_points_at_the_counters() {
    let (_, r) = run("ipsec_one_way");
    let f = &r.findings[0];
    assert_eq!(f.id, "OneWayTraffic");
    assert!(
        f.evidence[0].text.contains("#pkts encaps: 512"),
        "{}",
        f.evidence[0].text
    );
    assert!(f.evidence[0].text.contains("#pkts decaps: 0"));
    assert!(f.summary.contains("203.0.113.9"));
}

#[test]
fn gre_mss_is_computed_from_the_tunnel_mtu() {
    let (_, r) = run("gre_mss_keepalive_nat");
    let mss = r
        .findings
        .iter()
        .find(|f| f.id == "MssTooHighForGre")
        .unwrap();
    // ip mtu 1476 on a 1500-byte link: 1476 − 40 = 1436.
    assert!(
        mss.summary.contains("1460") && mss.summary.contains("1436"),
        "{}",
        mss.summary
    );
    assert!(mss.evidence[0].text.contains("ip tcp adjust-mss 1460"));
    assert!(mss.actions[0].text.contains("ip tcp adjust-mss 1436"));
}

#[test]
fn azure_codes_map_to_azure_fault_ids() {
    let (_, r) = run("azure_auth_failure");
    let auth = r
        .findings
        .iter()
        .find(|f| f.id == "Authentication")
        .unwrap();
    assert!(
        auth.summary.contains("13801") && auth.summary.contains("seen 2 times"),
        "{}",
        auth.summary
    );
    assert!(auth.actions.iter().any(|a| {
        a.uri
            .as_deref()
            .is_some_and(|u| u.contains("vpn-troubleshoot-overview"))
    }));
}

#[test]
fn certificates_are_judged_by_the_device_clock() {
    let (_, r) = run("clavister_certificates");
    let c = r
        .findings
        .iter()
        .find(|f| f.id == "CertificateExpired")
        .unwrap();
    assert!(c.summary.contains("CN=GW1"), "{}", c.summary);
    assert!(
        c.detail.contains("device clock 2025-11-22 12:30:09"),
        "{}",
        c.detail
    );
    assert!(
        c.detail.contains("Time zones are not both known"),
        "{}",
        c.detail
    );
    assert!(
        c.evidence
            .iter()
            .any(|e| e.text.contains("Local time: 2025-11-22 12:30:09"))
    );
}
