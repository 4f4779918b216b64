//! The parse report of generated sessions must not change when the parsing pipeline is made
//! faster (issue 7): the JSON of `parse_paste` on two small pastes made by
//! `bench/gen-session.mjs` (`session 0.1` and `ike 0.05`, the same generators as the 10 MB
//! benchmark inputs) is compared byte for byte, through its length and a 64-bit FNV-1a hash,
//! with what the code before the speed work produced.
//!
//! If a change to the report is intended, print the new figures with
//! `NETDIAG_PRINT_HASH=1 cargo test -p netdiag-core --test parse_output_stable -- --nocapture`
//! and update the constants in the same commit that explains the change.

use netdiag_core::parsers::parse_paste;

/// FNV-1a, 64 bit: tiny, stable across Rust versions (unlike `DefaultHasher`).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

fn check(name: &str, text: &str, want_blocks: usize, want_len: usize, want_hash: u64) {
    let report = parse_paste(text);
    let json = serde_json::to_string(&report).unwrap();
    let hash = fnv1a(json.as_bytes());
    if std::env::var_os("NETDIAG_PRINT_HASH").is_some() {
        println!(
            "{name}: blocks {} len {} hash {hash:#018x}",
            report.blocks.len(),
            json.len()
        );
    }
    assert_eq!(report.blocks.len(), want_blocks, "{name}: block count");
    assert_eq!(json.len(), want_len, "{name}: JSON length");
    assert_eq!(hash, want_hash, "{name}: JSON hash");
}

#[test]
fn fnv1a_known_values() {
    // Reference values of the FNV-1a 64 specification.
    assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
    assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
}

#[test]
fn generated_mixed_session_report_is_unchanged() {
    check(
        "generated_mixed",
        include_str!("sessions/generated_mixed.txt"),
        196,
        347_240,
        0x9181_d22d_75e9_5f5b,
    );
}

#[test]
fn generated_ike_log_report_is_unchanged() {
    check(
        "generated_ike",
        include_str!("sessions/generated_ike.txt"),
        1,
        138_611,
        0x1d43_9482_f6c2_1261,
    );
}
