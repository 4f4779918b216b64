//! Fixture suite: every `tests/fixtures/<platform>/<command>/<case>.txt` is run through
//! `parse_paste` and compared with the expected result beside it — `<case>.expected.json`
//! (hand-checked) when present, otherwise the insta snapshot `<case>.snap`.
//!
//! Cases named `invalid_*` hold input the kind's parser must reject (`Err`) or report as
//! skipped lines; they must never panic. Other cases must contain a block of the folder's kind
//! that parsed without error.
//!
//! Run with `INSTA_UPDATE=no` in CI so a missing snapshot fails; accept new ones locally with
//! `cargo insta accept` (or `INSTA_UPDATE=always`) after reviewing them.

use std::collections::BTreeSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use netdiag_core::parsers::{Line, PARSERS, normalize::Normalized, parse_paste, registry};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// `(platform, command, folder)` for every `<platform>/<command>` folder.
fn kind_folders() -> Vec<(String, String, PathBuf)> {
    let mut out = Vec::new();
    let Ok(platforms) = std::fs::read_dir(fixtures_dir()) else {
        return out;
    };
    for p in platforms.flatten().filter(|e| e.path().is_dir()) {
        let Ok(commands) = std::fs::read_dir(p.path()) else {
            continue;
        };
        for c in commands.flatten().filter(|e| e.path().is_dir()) {
            out.push((
                p.file_name().to_string_lossy().into_owned(),
                c.file_name().to_string_lossy().into_owned(),
                c.path(),
            ));
        }
    }
    out.sort();
    out
}

fn cases(folder: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(folder)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "txt"))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn run_case(kind: &str, folder: &Path, case: &Path) -> Result<(), String> {
    let stem = case
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let text = std::fs::read_to_string(case).map_err(|e| format!("read: {e}"))?;
    let report = parse_paste(&text);
    let entry = registry::entry(kind).ok_or_else(|| format!("kind {kind} is not registered"))?;

    if stem.starts_with("invalid") {
        let norm = Normalized::new(&text);
        let lines: Vec<Line<'_>> = norm.lines();
        match (entry.parse)(&lines) {
            Err(_) => {}
            Ok(p) if !p.skipped.is_empty() || p.truncated => {}
            Ok(_) => {
                return Err(
                    "invalid input parsed cleanly: expected Err, skipped lines or truncated".into(),
                );
            }
        }
    } else {
        let ok = report
            .blocks
            .iter()
            .any(|b| b.kind == kind && b.error.is_none());
        if !ok {
            let got: Vec<String> = report
                .blocks
                .iter()
                .map(|b| {
                    format!(
                        "{}[{}-{}] {:?}",
                        b.kind, b.lines.start, b.lines.end, b.error
                    )
                })
                .collect();
            return Err(format!("no block of kind {kind} parsed; got {got:?}"));
        }
    }

    let expected = folder.join(format!("{stem}.expected.json"));
    if expected.exists() {
        let want: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(&expected).map_err(|e| format!("read expected: {e}"))?,
        )
        .map_err(|e| format!("expected json: {e}"))?;
        let got = serde_json::to_value(&report).map_err(|e| e.to_string())?;
        if want != got {
            return Err(format!(
                "differs from {}:\n{}",
                expected.display(),
                serde_json::to_string_pretty(&got).unwrap_or_default()
            ));
        }
        return Ok(());
    }

    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(folder);
    settings.set_prepend_module_to_snapshot(false);
    settings.set_input_file(case);
    settings.set_omit_expression(true);
    settings.set_description(format!(
        "{kind}: {}",
        case.file_name().unwrap_or_default().to_string_lossy()
    ));
    catch_unwind(AssertUnwindSafe(|| {
        settings.bind(|| insta::assert_json_snapshot!(stem.as_str(), &report));
    }))
    .map_err(|e| {
        e.downcast_ref::<String>()
            .cloned()
            .or_else(|| e.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_else(|| "snapshot assertion failed".into())
    })
}

#[test]
fn fixtures_match_expected_results() {
    let mut failures = Vec::new();
    let mut count = 0usize;
    for (platform, command, folder) in kind_folders() {
        let kind = format!("{platform}.{command}");
        if registry::entry(&kind).is_none() {
            // Reported by `every_fixture_folder_names_a_registered_kind`.
            continue;
        }
        for case in cases(&folder) {
            count += 1;
            if let Err(e) = run_case(&kind, &folder, &case) {
                failures.push(format!("{}: {e}", case.display()));
            }
        }
    }
    println!("{count} fixture case(s) run");
    assert!(
        failures.is_empty(),
        "{} failing fixture(s):\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn every_parser_has_fixtures() {
    let folders: BTreeSet<String> = kind_folders()
        .into_iter()
        .filter(|(_, _, f)| !cases(f).is_empty())
        .map(|(p, c, _)| format!("{p}.{c}"))
        .collect();
    let missing: Vec<&str> = PARSERS
        .iter()
        .map(|e| e.kind)
        .filter(|k| !folders.contains(*k))
        .collect();
    assert!(
        missing.is_empty(),
        "kinds without a fixture folder: {missing:?}"
    );
}

#[test]
fn every_fixture_folder_names_a_registered_kind() {
    let unknown: Vec<String> = kind_folders()
        .into_iter()
        .map(|(p, c, _)| format!("{p}.{c}"))
        .filter(|k| registry::entry(k).is_none())
        .collect();
    assert!(
        unknown.is_empty(),
        "fixture folders without a registered kind: {unknown:?}"
    );
}

/// Every fixture cut after every line, and cut mid-line, still parses (no panic) and keeps
/// every non-blank line inside some block: truncated pastes are the common case.
#[test]
fn every_prefix_of_every_fixture_parses() {
    let mut checked = 0usize;
    for (_, _, folder) in kind_folders() {
        for case in cases(&folder) {
            let Ok(text) = std::fs::read_to_string(&case) else {
                continue;
            };
            let mut cuts: Vec<usize> = text.match_indices('\n').map(|(i, _)| i).collect();
            // Mid-line cuts on character boundaries.
            cuts.extend(
                (1..text.len())
                    .step_by(37)
                    .filter(|i| text.is_char_boundary(*i)),
            );
            for cut in cuts {
                let prefix = text.get(..cut).unwrap_or("");
                let report = parse_paste(prefix);
                let lines = Normalized::new(prefix).len();
                for b in &report.blocks {
                    assert!(
                        b.lines.start >= 1 && b.lines.end as usize <= lines,
                        "{}: cut at {cut}: block {:?} outside 1..={lines}",
                        case.display(),
                        b.lines
                    );
                }
                checked += 1;
            }
        }
    }
    println!("{checked} prefixes parsed");
}
