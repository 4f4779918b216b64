//! The parse DTO reads back what it writes: for every fixture (`tests/fixtures/**/*.txt`), and
//! for the multi-command sessions in `tests/sessions`, `parse_paste` → JSON → `ParseReport`
//! gives the same value, and the JSON written again is byte for byte the first JSON. Records
//! are serialised untagged, so this proves the `kind`-driven reading picks the right variant
//! for every kind (an untagged derive would pick the first variant whose shape fits).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use netdiag_core::parsers::{ParseReport, Records, parse_paste};

/// Every `.txt` below `dir`, sorted.
fn texts(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "txt") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn round_trip(path: &Path, kinds: &mut BTreeSet<String>) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let report = parse_paste(&text);
    let json = serde_json::to_string(&report).map_err(|e| format!("serialise: {e}"))?;
    let back: ParseReport = serde_json::from_str(&json).map_err(|e| format!("deserialise: {e}"))?;
    if back != report {
        let first = report
            .blocks
            .iter()
            .zip(&back.blocks)
            .find(|(a, b)| a != b)
            .map(|(a, _)| format!("block {} ({})", a.index, a.kind))
            .unwrap_or_else(|| "the report".to_owned());
        return Err(format!("{first} differs after the round trip"));
    }
    let again = serde_json::to_string(&back).map_err(|e| format!("serialise again: {e}"))?;
    if again != json {
        return Err("the JSON written again differs from the first".to_owned());
    }
    for b in &report.blocks {
        if b.records != Records::None {
            kinds.insert(b.kind.clone());
        }
    }
    Ok(())
}

#[test]
fn every_fixture_round_trips_through_json() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let files: Vec<PathBuf> = texts(&root.join("fixtures"))
        .into_iter()
        .chain(texts(&root.join("sessions")))
        .collect();
    assert!(
        files.len() > 100,
        "only {} fixture files found",
        files.len()
    );
    let mut kinds = BTreeSet::new();
    let failures: Vec<String> = files
        .iter()
        .filter_map(|f| {
            round_trip(f, &mut kinds)
                .err()
                .map(|e| format!("{}: {e}", f.display()))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Every registered kind produced records somewhere, so every variant was read back.
    let missing: Vec<&str> = netdiag_core::parsers::PARSERS
        .iter()
        .map(|e| e.kind)
        .filter(|k| !kinds.contains(*k))
        .collect();
    assert!(
        missing.is_empty(),
        "kinds with no records in any fixture: {missing:?}"
    );
}

#[test]
fn records_of_an_unknown_kind_are_an_error_that_names_it() {
    let json = r#"{"blocks":[{"index":0,"kind":"acme.show_magic","confidence":0.9,
        "alternatives":[],"lines":[1,2],"command":null,"prompt":null,"truncated":false,
        "records":[{"a":1}],"skipped":[],"warnings":[],"error":null}],"warnings":[]}"#;
    let err = serde_json::from_str::<ParseReport>(json)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("acme.show_magic"), "{err}");
    assert!(err.contains("block 0"), "{err}");
}

#[test]
fn null_records_read_back_as_none_for_any_kind() {
    let json = r#"{"blocks":[{"index":0,"kind":"cisco_ios.show_clock","confidence":0.6,
        "alternatives":[],"lines":[1,1],"command":"show clock","prompt":"R1","truncated":false,
        "records":null,"skipped":[],"warnings":["the command printed no output"],"error":null}],
        "warnings":[]}"#;
    let r: ParseReport = serde_json::from_str(json).unwrap();
    assert_eq!(r.blocks[0].records, Records::None);
}

#[test]
fn records_of_the_wrong_shape_for_the_kind_are_an_error() {
    // A ping run where the kind says isakmp SAs: the kind decides, so this must not be
    // silently read as another variant.
    let text = "R1#show crypto isakmp sa\nIPv4 Crypto ISAKMP SA\ndst             src             state          conn-id status\n192.0.2.1       198.51.100.7    QM_IDLE           1001 ACTIVE\n";
    let mut v = serde_json::to_value(parse_paste(text)).unwrap();
    v["blocks"][0]["records"] = serde_json::json!({"transmitted": 5});
    let err = serde_json::from_value::<ParseReport>(v)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("cisco_ios.show_crypto_isakmp_sa"), "{err}");
}
