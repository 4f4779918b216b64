//! Robustness of the tool and vendor parsers: every one of them is run on every fixture (any
//! vendor's text), and each kind's own parser on its fixtures cut in the middle of every line.
//! A parser may return `Err`, skip lines or flag truncation, but must never panic and must
//! keep its spans inside the input.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use netdiag_core::parsers::normalize::Normalized;
use netdiag_core::parsers::{Line, PARSERS, ParserEntry};

/// Platforms covered here (Cisco parsers have their own suites).
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

fn fixtures() -> Vec<(String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out = Vec::new();
    for p in std::fs::read_dir(&root).into_iter().flatten().flatten() {
        for c in std::fs::read_dir(p.path()).into_iter().flatten().flatten() {
            let kind = format!(
                "{}.{}",
                p.file_name().to_string_lossy(),
                c.file_name().to_string_lossy()
            );
            for f in std::fs::read_dir(c.path()).into_iter().flatten().flatten() {
                if f.path().extension().is_some_and(|e| e == "txt") {
                    out.push((kind.clone(), f.path()));
                }
            }
        }
    }
    out.sort();
    out
}

/// Runs one parser; `Err(message)` on a panic or a span outside `1..=last`.
fn run(entry: &ParserEntry, text: &str) -> Result<(), String> {
    let norm = Normalized::new(text);
    let lines: Vec<Line<'_>> = norm.lines();
    let last = u32::try_from(lines.len()).unwrap_or(u32::MAX);
    let result = catch_unwind(AssertUnwindSafe(|| (entry.parse)(&lines)))
        .map_err(|_| format!("{} panicked", entry.kind))?;
    if let Ok(p) = result {
        let json = serde_json::to_value(&p.records).map_err(|e| e.to_string())?;
        let mut bad = Vec::new();
        spans_in(&json, &mut bad, last);
        bad.extend(
            p.skipped
                .iter()
                .filter(|s| s.start == 0 || s.end > last)
                .map(|s| format!("skipped {s:?}")),
        );
        if !bad.is_empty() {
            return Err(format!("{}: spans outside 1..={last}: {bad:?}", entry.kind));
        }
    }
    Ok(())
}

/// Collects `lines: [a, b]` values outside `1..=last`.
fn spans_in(v: &serde_json::Value, bad: &mut Vec<String>, last: u32) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, val) in m {
                if k == "lines"
                    && let Some([a, b]) = val.as_array().map(Vec::as_slice)
                {
                    let (a, b) = (a.as_u64().unwrap_or(0), b.as_u64().unwrap_or(0));
                    if a == 0 || a > b || b > u64::from(last) {
                        bad.push(format!("[{a}, {b}]"));
                    }
                }
                spans_in(val, bad, last);
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| spans_in(x, bad, last)),
        _ => {}
    }
}

#[test]
fn parsers_survive_any_fixture_and_cut_lines() {
    let mine: Vec<&ParserEntry> = PARSERS
        .iter()
        .filter(|e| CHECKED.contains(&e.platform))
        .collect();
    let mut failures = Vec::new();
    let mut runs = 0usize;
    for (kind, path) in fixtures() {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        for e in &mine {
            runs += 1;
            if let Err(msg) = run(e, &text) {
                failures.push(format!("{}: {msg}", path.display()));
            }
        }
        let Some(owner) = mine.iter().find(|e| e.kind == kind) else {
            continue;
        };
        // Cut in the middle of every line (on a char boundary).
        let mut offset = 0usize;
        for line in text.split_inclusive('\n') {
            let mut cut = offset + line.len() / 2;
            while !text.is_char_boundary(cut) {
                cut += 1;
            }
            if let Some(prefix) = text.get(..cut) {
                runs += 1;
                if let Err(msg) = run(owner, prefix) {
                    failures.push(format!("{} cut at byte {cut}: {msg}", path.display()));
                }
            }
            offset += line.len();
        }
    }
    println!("{runs} parser runs");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
