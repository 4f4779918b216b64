//! Corpus suite: every raw output under `<repo>/../shared/corpus/device/<vendor>/<dir>/*.txt`
//! must be detected as its folder's kind and parse without error; where a peer project ships
//! an expected result beside it (`.yml`, `.json`, `.expected.json`), a few key facts are
//! compared. Prints per-kind pass counts. Skips (and says so) when the corpus is absent.
//!
//! Kinds not yet in `PARSERS` are reported as pending; once registered they must pass.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use netdiag_core::parsers::{Block, ParseReport, Records, parse_paste, registry};

mod corpus_facts;

/// How a corpus folder is judged.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// One command's output: the largest block must be the kind.
    Single,
    /// A transcript of several commands: at least one block must be the kind.
    Transcript,
}

/// Corpus folder (relative to `corpus/device`) → expected kind.
#[rustfmt::skip]
const MAPPING: &[(&str, &str, Shape)] = &[
    ("azure/vpn_troubleshoot_connectionstats", "azure.connection_stats", Shape::Single),
    ("azure/vpn_troubleshoot_cpustats", "azure.cpu_stats", Shape::Single),
    ("azure/vpn_troubleshoot_ikeerrors", "azure.ike_errors", Shape::Single),
    ("azure/vpn_troubleshoot_ikelogs", "azure.ike_logs", Shape::Single),
    ("azure/vpn_troubleshoot_scrubbed_wfpdiag", "azure.scrubbed_wfpdiag", Shape::Single),
    ("azure/vpn_troubleshoot_wfpdiag_sum", "azure.wfpdiag_sum", Shape::Single),
    ("cisco_asa/ping", "cisco_asa.ping", Shape::Single),
    ("cisco_asa/show_crypto_ikev1_sa_detail", "cisco_asa.show_crypto_ikev1_sa", Shape::Single),
    ("cisco_asa/show_crypto_ikev2_sa", "cisco_asa.show_crypto_ikev2_sa", Shape::Single),
    ("cisco_asa/show_crypto_ipsec_sa", "cisco_asa.show_crypto_ipsec_sa", Shape::Single),
    ("cisco_asa/show_vpn-sessiondb_detail_l2l", "cisco_asa.show_vpn-sessiondb_l2l", Shape::Single),
    ("cisco_ios/ping", "cisco_ios.ping", Shape::Single),
    ("cisco_ios/running_config_interface_tunnel", "cisco_ios.running_config_interface", Shape::Single),
    ("cisco_ios/show_crypto_ikev2_sa", "cisco_ios.show_crypto_ikev2_sa", Shape::Single),
    ("cisco_ios/show_crypto_ikev2_sa_detail", "cisco_ios.show_crypto_ikev2_sa", Shape::Single),
    ("cisco_ios/show_crypto_ipsec_sa", "cisco_ios.show_crypto_ipsec_sa", Shape::Single),
    ("cisco_ios/show_crypto_ipsec_sa_detail", "cisco_ios.show_crypto_ipsec_sa", Shape::Single),
    ("cisco_ios/show_crypto_ipsec_sa_ipv6_detail", "cisco_ios.show_crypto_ipsec_sa", Shape::Single),
    ("cisco_ios/show_crypto_isakmp_sa", "cisco_ios.show_crypto_isakmp_sa", Shape::Single),
    ("cisco_ios/show_crypto_isakmp_sa_detail", "cisco_ios.show_crypto_isakmp_sa", Shape::Single),
    ("cisco_ios/show_crypto_pki_certificates", "cisco_ios.show_crypto_pki_certificates", Shape::Single),
    ("cisco_ios/show_crypto_session_detail", "cisco_ios.show_crypto_session", Shape::Single),
    ("cisco_ios/show_dmvpn", "cisco_ios.show_dmvpn", Shape::Single),
    ("cisco_ios/show_interfaces_tunnel", "cisco_ios.show_interfaces", Shape::Single),
    ("cisco_ios/show_ip_sla_statistics", "cisco_ios.show_ip_sla_statistics", Shape::Single),
    ("cisco_ios/show_ip_sla_summary", "cisco_ios.show_ip_sla_summary", Shape::Single),
    ("cisco_ios/traceroute", "cisco_ios.traceroute", Shape::Single),
    ("fortinet/execute_ping", "fortigate.execute_ping", Shape::Single),
    ("linux/mtr_interactive", "linux.mtr_report", Shape::Single),
    ("linux/mtr_report", "linux.mtr_report", Shape::Single),
    ("linux/ping", "linux.ping", Shape::Single),
    ("linux/traceroute", "linux.traceroute", Shape::Single),
    ("strongswan/statusall_console_transcript", "strongswan.statusall", Shape::Transcript),
    ("windows/tracert", "windows.tracert", Shape::Single),
    ("windows/winmtr_export_text", "windows.winmtr_text", Shape::Single),
];

fn corpus_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/device")
}

fn folders_on_disk(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for vendor in std::fs::read_dir(root).into_iter().flatten().flatten() {
        let vp = vendor.path();
        if !vp.is_dir() || vendor.file_name() == "LICENSES" {
            continue;
        }
        for dir in std::fs::read_dir(&vp).into_iter().flatten().flatten() {
            if dir.path().is_dir() {
                out.push(format!(
                    "{}/{}",
                    vendor.file_name().to_string_lossy(),
                    dir.file_name().to_string_lossy()
                ));
            }
        }
    }
    out.sort();
    out
}

fn raw_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    v.sort();
    v
}

fn non_blank_lines(b: &Block, text: &[&str]) -> usize {
    (b.lines.start..=b.lines.end)
        .filter(|n| {
            text.get((*n as usize).saturating_sub(1))
                .is_some_and(|l| !l.trim().is_empty())
        })
        .count()
}

/// Judges one file; `Ok(note)` on pass.
fn judge(
    kind: &str,
    shape: Shape,
    text: &str,
    report: &ParseReport,
) -> Result<&'static str, String> {
    let lines: Vec<&str> = text.lines().collect();
    let summary = || {
        report
            .blocks
            .iter()
            .map(|b| {
                format!(
                    "{}[{}-{}]{}",
                    b.kind,
                    b.lines.start,
                    b.lines.end,
                    b.error
                        .as_deref()
                        .map(|e| format!(" error: {e}"))
                        .unwrap_or_default()
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let block = match shape {
        Shape::Transcript => report.blocks.iter().find(|b| b.kind == kind),
        Shape::Single => report
            .blocks
            .iter()
            .max_by_key(|b| (non_blank_lines(b, &lines), std::cmp::Reverse(b.index))),
    };
    let Some(block) = block else {
        return Err(format!("no block of kind {kind}: {}", summary()));
    };
    if block.kind != kind {
        // Identical output on two platforms (IOS and ASA `ping`): a tie is acceptable.
        let tie = block
            .alternatives
            .iter()
            .any(|a| a.kind == kind && (a.confidence - block.confidence).abs() < 0.001);
        if !tie {
            return Err(format!(
                "main block is {} not {kind}: {}",
                block.kind,
                summary()
            ));
        }
        let entry = registry::entry(kind).ok_or("not registered")?;
        let norm = netdiag_core::parsers::normalize::Normalized::new(text);
        let all = norm.lines();
        let first = (block.lines.start as usize).saturating_sub(1);
        let last = (block.lines.end as usize).min(all.len());
        let own = all.get(first..last).unwrap_or(&[]);
        (entry.parse)(own).map_err(|e| format!("tied kind {kind} fails to parse: {e}"))?;
        return Ok("tie");
    }
    if let Some(e) = &block.error {
        return Err(format!("parse error: {e}"));
    }
    if matches!(block.records, Records::None) {
        return Err("no records".into());
    }
    Ok("ok")
}

#[test]
fn corpus_outputs_are_detected_and_parsed() {
    let root = corpus_root();
    if !root.is_dir() {
        println!(
            "SKIP corpus suite: {} not found (the shared corpus sits beside the repo)",
            root.display()
        );
        return;
    }
    let mapped: BTreeMap<&str, (&str, Shape)> =
        MAPPING.iter().map(|(d, k, s)| (*d, (*k, *s))).collect();
    let unmapped: Vec<String> = folders_on_disk(&root)
        .into_iter()
        .filter(|d| !mapped.contains_key(d.as_str()))
        .collect();
    assert!(
        unmapped.is_empty(),
        "corpus folders missing from MAPPING: {unmapped:?}"
    );

    let mut per_kind: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new(); // pass, fail, pending
    let mut skipped_lines: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut fact_checks = 0usize;
    for (dir, (kind, shape)) in &mapped {
        let folder = root.join(dir);
        let files = raw_files(&folder);
        assert!(!files.is_empty() || !folder.exists(), "{dir}: no raw files");
        let registered = registry::entry(kind).is_some();
        for file in files {
            let slot = per_kind.entry(kind).or_default();
            if !registered {
                slot.2 += 1;
                continue;
            }
            let text = std::fs::read_to_string(&file)
                .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            let report = parse_paste(&text);
            let name = file
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let unread: u32 = report
                .blocks_of(kind)
                .flat_map(|b| b.skipped.iter())
                .map(|s| s.end - s.start + 1)
                .sum();
            if unread > 0 {
                skipped_lines
                    .entry(kind)
                    .or_default()
                    .push(format!("{name}: {unread}"));
                // NETDIAG_CORPUS_VERBOSE=1 shows the unread lines themselves.
                if std::env::var_os("NETDIAG_CORPUS_VERBOSE").is_some() {
                    let all: Vec<&str> = text.lines().collect();
                    for s in report.blocks_of(kind).flat_map(|b| b.skipped.iter()) {
                        for n in s.start..=s.end {
                            let l = all.get((n as usize).saturating_sub(1)).unwrap_or(&"");
                            println!("    unread {name}:{n}: {l}");
                        }
                    }
                }
            }
            match judge(kind, *shape, &text, &report) {
                Ok(_) => match corpus_facts::check(kind, &file, &report) {
                    Ok(n) => {
                        fact_checks += n;
                        slot.0 += 1;
                    }
                    Err(e) => {
                        slot.1 += 1;
                        failures.push(format!(
                            "{dir}/{name}: facts differ from the peer's expected result: {e}"
                        ));
                    }
                },
                Err(e) => {
                    slot.1 += 1;
                    failures.push(format!("{dir}/{name}: {e}"));
                }
            }
        }
    }
    println!("corpus results per kind (pass / fail / pending):");
    for (kind, (pass, fail, pending)) in &per_kind {
        let note = if *pending > 0 {
            "  pending (parser not registered)"
        } else {
            ""
        };
        println!("  {kind:<42} {pass:>3} / {fail:>3} / {pending:>3}{note}");
    }
    for (kind, files) in &skipped_lines {
        println!("  note: {kind}: lines not understood: {}", files.join(", "));
    }
    println!("{fact_checks} fact(s) compared with peers' expected results");
    assert!(
        failures.is_empty(),
        "{} corpus failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
