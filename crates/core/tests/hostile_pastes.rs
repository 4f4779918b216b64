//! Hostile pastes: huge, binary, one endless line, terminal escapes, mixed encodings, NUL
//! bytes. Each must give blocks (`unrecognised` or records), never a panic, in bounded time;
//! a real output inside the junk must still be found.
//!
//! The 50 MB paste is `#[ignore]`d (debug builds take tens of seconds): run it with
//! `cargo test -p netdiag-core --release --test hostile_pastes -- --ignored`.

use std::path::Path;
use std::time::{Duration, Instant};

use netdiag_core::parsers::{ParseReport, parse_paste};

/// A debug build on a loaded 2-core machine; a hang or a quadratic blow-up goes far beyond.
const BOUND_PER_MB: Duration = Duration::from_secs(6);

fn fixture() -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cisco_ios/show_crypto_isakmp_sa/ipv4_several.txt");
    std::fs::read_to_string(p).expect("fixture")
}

/// A small deterministic byte generator (xorshift64*).
fn junk(len: usize, mut s: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            s ^= s >> 12;
            s ^= s << 25;
            s ^= s >> 27;
            (s.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 56) as u8
        })
        .collect()
}

/// Parses with the time bound and checks every block's lines lie inside the paste.
fn parse_bounded(what: &str, text: &str) -> ParseReport {
    let t = Instant::now();
    let report = parse_paste(text);
    let took = t.elapsed();
    let mb = u32::try_from(text.len() / 1_000_000 + 1).unwrap_or(u32::MAX);
    assert!(
        took < BOUND_PER_MB * mb,
        "{what}: {took:?} for {} bytes",
        text.len()
    );
    let last = u32::try_from(text.split('\n').count()).unwrap_or(u32::MAX);
    for b in &report.blocks {
        assert!(
            b.lines.start >= 1 && b.lines.start <= b.lines.end && b.lines.end <= last,
            "{what}: block {:?} outside 1..={last}",
            b.lines
        );
    }
    report
}

fn kinds(r: &ParseReport) -> Vec<&str> {
    r.blocks.iter().map(|b| b.kind.as_str()).collect()
}

#[test]
fn ten_megabytes_of_repeated_output() {
    let one = fixture();
    let text = one.repeat(10_000_000 / one.len() + 1);
    let report = parse_bounded("10 MB", &text);
    assert!(!report.blocks.is_empty());
    assert!(
        kinds(&report).contains(&"cisco_ios.show_crypto_isakmp_sa"),
        "{:?}",
        &kinds(&report)[..kinds(&report).len().min(5)]
    );
}

#[test]
#[ignore = "50 MB: tens of seconds in debug; run with --release -- --ignored"]
fn fifty_megabytes_of_repeated_output() {
    let one = fixture();
    let text = one.repeat(50_000_000 / one.len() + 1);
    let report = parse_bounded("50 MB", &text);
    assert!(kinds(&report).contains(&"cisco_ios.show_crypto_isakmp_sa"));
}

#[test]
fn binary_junk_is_unrecognised_not_a_panic() {
    for seed in 1..=4u64 {
        let text = String::from_utf8_lossy(&junk(1_000_000, seed)).into_owned();
        let report = parse_bounded("binary junk", &text);
        assert!(
            report
                .blocks
                .iter()
                .all(|b| b.kind == "unrecognised" || b.confidence < 1.0),
            "seed {seed}: {:?}",
            kinds(&report)
        );
    }
}

#[test]
fn a_ten_megabyte_single_line() {
    let text = "x".repeat(10_000_000);
    let report = parse_bounded("10 MB line", &text);
    assert!(report.blocks.iter().all(|b| b.lines.end == 1));
    // And a real output after it is still found.
    let text = format!("{}\n{}", "show ".repeat(2_000_000), fixture());
    let report = parse_bounded("10 MB line + output", &text);
    assert!(kinds(&report).contains(&"cisco_ios.show_crypto_isakmp_sa"));
}

#[test]
fn terminal_escapes_are_cleaned_and_the_output_found() {
    let clean = parse_bounded("clean", &fixture());
    let dirty: String = fixture()
        .lines()
        .map(|l| format!("\x1b[1;32m{l}\x1b[0m\x1b[K\r\n"))
        .collect();
    let dirty = format!(
        "\x1b]0;title\x07\x1b[2J{dirty} --More-- \x08\x08\x08\x08\x08\x08\x08\x08\x08\x08\n"
    );
    let report = parse_bounded("ansi", &dirty);
    assert_eq!(
        kinds(&report).first(),
        kinds(&clean).first(),
        "{:?}",
        report.warnings
    );
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.contains("terminal control")),
        "{:?}",
        report.warnings
    );
}

#[test]
fn nul_bytes_and_mixed_encodings() {
    // NUL bytes between lines and inside them.
    let with_nul: String = fixture().lines().map(|l| format!("\0{l}\0\n")).collect();
    let report = parse_bounded("nul", &with_nul);
    assert!(!report.blocks.is_empty());
    // Latin-1 and broken UTF-8 bytes (as a Windows console paste gives), decoded lossily.
    let mut bytes = b"Gateway caf\xe9 \xff\xfe\xc3\n".to_vec();
    bytes.extend_from_slice(fixture().as_bytes());
    bytes.extend_from_slice(b"\xe2\x82\n\xf0\x9f\n");
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let report = parse_bounded("mixed encodings", &text);
    assert!(
        kinds(&report).contains(&"cisco_ios.show_crypto_isakmp_sa"),
        "{:?}",
        kinds(&report)
    );
    // UTF-16 pasted as bytes (every other byte NUL).
    let utf16: Vec<u8> = fixture().bytes().flat_map(|b| [b, 0]).collect();
    let report = parse_bounded("utf-16 bytes", &String::from_utf8_lossy(&utf16));
    assert!(report.blocks.len() < 10_000);
}

#[test]
fn many_tiny_blocks_and_prompts() {
    // 200,000 prompt lines: splitting must stay linear.
    let text = "router1#\n".repeat(200_000);
    let report = parse_bounded("prompts", &text);
    assert!(report.blocks.len() <= 200_000);
    let text = "\n".repeat(2_000_000);
    let report = parse_bounded("blank lines", &text);
    assert!(report.blocks.is_empty() || kinds(&report).iter().all(|k| *k == "unrecognised"));
}
