//! The real PAC files in `<repo>/../shared/corpus/pac` lint without crashing, give findings
//! that point into the file, generate URLs, and diff against themselves with no change.
//! Skips (saying so) when the corpus is absent.

use std::path::PathBuf;

use netdiag_core::pac::PacEnv;
use netdiag_pac::lint::{LintOptions, lint};

fn corpus() -> Option<Vec<(String, String)>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/pac");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!("SKIP: {} not found; corpus tests not run", dir.display());
        return None;
    };
    let mut files: Vec<(String, String)> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "pac" || x == "dat"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "corpus directory has no PAC files");
    Some(files)
}

fn env() -> PacEnv {
    PacEnv {
        now: Some("2026-01-05T10:00:00Z".into()),
        tz: Some("UTC".into()),
        ..PacEnv::default()
    }
}

#[test]
fn corpus_lints_without_crashing_and_evidence_points_into_the_file() {
    let Some(files) = corpus() else { return };
    for (name, src) in &files {
        let report = lint(src, &LintOptions::default());
        let lines = u32::try_from(src.lines().count()).unwrap();
        for f in &report.findings {
            assert!(!f.summary.is_empty(), "{name}: {f:?}");
            for e in &f.evidence {
                assert_eq!(e.block, "pac");
                assert!(
                    e.lines.start >= 1 && e.lines.end <= lines.max(1),
                    "{name}: {f:?}"
                );
            }
        }
        assert!(
            !report.findings.iter().any(|f| f.id == "PacSyntaxError"),
            "{name} parses in browsers: {:?}",
            report.findings
        );
        println!(
            "{name}: {:?}",
            report.findings.iter().map(|f| &f.id).collect::<Vec<_>>()
        );
    }
}

#[test]
fn corpus_known_findings() {
    let Some(files) = corpus() else { return };
    let ids = |name: &str| -> Vec<String> {
        let (_, src) = files.iter().find(|(n, _)| n == name).unwrap();
        lint(src, &LintOptions::default())
            .findings
            .into_iter()
            .map(|f| f.id)
            .collect()
    };
    // dnsResolve(host) at the top of FindProxyForURL, before the string checks.
    assert!(
        ids("zscaler-pacbuilder-custom-template.pac").contains(&"PacDnsBeforeStringChecks".into())
    );
    // isInNet(host, ...) in the first condition, dnsDomainIs checks later.
    assert!(ids("pacparser-web-sample.pac").contains(&"PacDnsBeforeStringChecks".into()));
    assert!(ids("pacparser-web-sample.pac").contains(&"PacClientIpDependent".into()));
    // A single proxy and no DIRECT fallback.
    assert!(ids("netbeans-test-wpad.dat").contains(&"PacNoDirectFallback".into()));
    // 142 kB block list.
    assert!(ids("easylist-blocklist-proxy.pac").contains(&"PacTooLarge".into()));
}

#[test]
fn corpus_generates_urls_and_self_diff_is_empty() {
    let Some(files) = corpus() else { return };
    for (name, src) in &files {
        let urls = netdiag_pac::urlgen::generate_urls(&[src]);
        assert!(
            !urls.is_empty() && urls.len() <= netdiag_pac::urlgen::MAX_URLS,
            "{name}"
        );
        let report = netdiag_pac::diff::diff(src, src, &[], &env());
        assert!(report.errors.is_empty(), "{name}: {:?}", report.errors);
        assert!(report.changed.is_empty(), "{name}: {:?}", report.changed);
        assert_eq!(report.unchanged, urls.len(), "{name}");
    }
}
