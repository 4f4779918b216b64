//! Detector isolation: the tool and vendor detectors (linux, windows, clavister, azure,
//! zscaler, paloalto, strongswan, fortigate, juniper_srx) must stay below the new-block
//! threshold on every other kind's fixtures, Cisco's included, so one vendor's text is never
//! claimed by another vendor's parser. Known, documented overlaps are listed in `OVERLAPS`.

use std::path::{Path, PathBuf};

use netdiag_core::parsers::normalize::Normalized;
use netdiag_core::parsers::split::{self, paragraphs};
use netdiag_core::parsers::{Line, PARSERS};

/// Platforms whose detectors this test holds to the rule.
const CHECKED: &[&str] = &[
    "linux",
    "windows",
    "clavister",
    "azure",
    "zscaler",
    "paloalto",
    "strongswan",
    "fortigate",
    "juniper_srx",
];

/// `(detector kind, fixture kind)` pairs that legitimately overlap: FortiOS prints BSD-style
/// ping output, which `linux.ping` also reads, and a statistics paragraph alone looks the same
/// from both (the block's other paragraphs or a prompt echo settle which one it is).
const OVERLAPS: &[(&str, &str)] = &[
    ("linux.ping", "fortigate.execute_ping"),
    ("fortigate.execute_ping", "linux.ping"),
];

/// A paragraph joins or starts a block at this confidence (see `parsers/README.md`).
const NEW_BLOCK: f32 = 0.5;

fn fixture_files() -> Vec<(String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out = Vec::new();
    for p in std::fs::read_dir(&root).into_iter().flatten().flatten() {
        if !p.path().is_dir() {
            continue;
        }
        for c in std::fs::read_dir(p.path()).into_iter().flatten().flatten() {
            if !c.path().is_dir() {
                continue;
            }
            let kind = format!(
                "{}.{}",
                p.file_name().to_string_lossy(),
                c.file_name().to_string_lossy()
            );
            for f in std::fs::read_dir(c.path()).into_iter().flatten().flatten() {
                let path = f.path();
                let name = path
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned();
                if name.ends_with(".txt") && !name.starts_with("invalid") {
                    out.push((kind.clone(), path));
                }
            }
        }
    }
    out.sort();
    out
}

#[test]
fn detectors_do_not_claim_other_kinds() {
    let mut failures = Vec::new();
    let mut checked = 0usize;
    for (owner, path) in fixture_files() {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let norm = Normalized::new(&text);
        let lines: Vec<Line<'_>> = norm
            .lines()
            .into_iter()
            .filter(|l| split::prompt(l.text).is_none())
            .collect();
        for para in paragraphs(&lines) {
            let window: Vec<Line<'_>> = lines
                .get(para)
                .unwrap_or(&[])
                .iter()
                .take(40)
                .copied()
                .collect();
            for e in PARSERS.iter().filter(|e| CHECKED.contains(&e.platform)) {
                if e.kind == owner || OVERLAPS.contains(&(e.kind, owner.as_str())) {
                    continue;
                }
                checked += 1;
                if let Some(c) = (e.detect)(&window)
                    && c >= NEW_BLOCK
                {
                    failures.push(format!(
                        "{} claims {} ({c}) in {}",
                        e.kind,
                        owner,
                        path.display()
                    ));
                }
            }
        }
    }
    println!("{checked} detector/paragraph pairs checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
