//! Link round trips (property tests over generated states) and every failure mode.

use base64::Engine as _;

use super::link::*;
use super::state::AppState;
use super::test_gen::{Rng, realistic, state};

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

#[test]
fn random_states_round_trip_exactly() {
    for seed in 0..400 {
        let s = state(&mut Rng::new(seed));
        let link = encode_link(&s).unwrap();
        assert!(link.starts_with("#v1="));
        assert!(
            link[4..]
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'),
            "payload is base64url without padding"
        );
        let back = decode_link(&link).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        assert_eq!(back, s, "seed {seed}");
        // Same through the JSON export.
        assert_eq!(state_from_json(&state_to_json(&s).unwrap()).unwrap(), s);
    }
}

#[test]
fn encoding_is_deterministic_and_compresses() {
    let s = realistic();
    let a = encode_link(&s).unwrap();
    assert_eq!(a, encode_link(&s).unwrap());
    let json = serde_json::to_string(&s).unwrap();
    assert!(a.len() < json.len(), "{} vs {}", a.len(), json.len());
}

#[test]
fn accepts_urls_fragments_payloads_and_chat_wrapping() {
    let s = realistic();
    let link = encode_link(&s).unwrap();
    let payload = &link[4..];
    let (head, tail) = payload.split_at(payload.len() / 2);
    for text in [
        link.clone(),
        format!("https://tools.example.com/netdiag/#{}", &link[1..]),
        format!("file:///C:/Users/me/netdiag.html{link}"),
        link[1..].to_string(),
        payload.to_string(),
        format!("<https://example.com/netdiag.html{link}>"),
        format!("  \"https://example.com/{link}\".  "),
        format!("(see https://example.com/{link})"),
        format!("#v1%3D{payload}"),
        format!("#v1={head}\n   {tail}"),
    ] {
        assert_eq!(decode_link(&text).unwrap(), s, "{:.60}", text);
    }
}

#[test]
fn every_prefix_of_a_real_link_is_an_error_or_the_whole_state() {
    let s = realistic();
    let link = encode_link(&s).unwrap();
    for cut in 0..link.len() {
        let r = decode_link(&link[..cut]);
        match r {
            Ok(back) => assert_eq!(back, s, "prefix of {cut} decoded to another state"),
            Err(e) => {
                assert!(
                    matches!(
                        e,
                        ShareError::Truncated(_)
                            | ShareError::NotALink(_)
                            | ShareError::Corrupted(_)
                            | ShareError::BadState { .. }
                    ),
                    "cut {cut}: {e:?}"
                );
                assert!(!e.to_string().is_empty());
            }
        }
    }
    // Cuts inside the payload say "truncated".
    for cut in 10..link.len() - 1 {
        let e = decode_link(&link[..cut]).unwrap_err();
        assert_eq!(e.code(), "truncated", "cut {cut}: {e}");
    }
}

#[test]
fn bit_flips_and_character_changes_never_panic() {
    let link = encode_link(&realistic()).unwrap();
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut rng = Rng::new(7);
    for i in 4..link.len() {
        let mut bytes = link.clone().into_bytes();
        bytes[i] = alphabet[usize::try_from(rng.below(64)).unwrap()];
        let text = String::from_utf8(bytes).unwrap();
        // Either an error or some state: never a panic, never a hang.
        let _ = decode_link(&text);
    }
    // Raw byte flips of the compressed payload.
    let packed = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(&link[4..])
        .unwrap();
    for i in 0..packed.len() {
        for bit in [0x01u8, 0x10, 0x80] {
            let mut p = packed.clone();
            p[i] ^= bit;
            let _ = decode_link(&format!("#v1={}", b64(&p)));
        }
    }
}

#[test]
fn clear_errors_for_each_failure() {
    let link = encode_link(&realistic()).unwrap();

    let e = decode_link("https://example.com/page").unwrap_err();
    assert_eq!(e.code(), "not_a_link");
    assert!(e.to_string().contains("#v1="), "{e}");
    let e = decode_link("https://example.com/netdiag.html#pac").unwrap_err();
    assert_eq!(e.code(), "not_a_link");
    assert_eq!(decode_link("").unwrap_err().code(), "not_a_link");
    assert_eq!(decode_link("#v0=abc").unwrap_err().code(), "not_a_link");

    let e = decode_link(&link.replacen("#v1=", "#v2=", 1)).unwrap_err();
    assert_eq!(
        e.to_string(),
        "this link was made by a newer netdiag (v2); this page understands v1. Open it with a \
         newer netdiag"
    );
    assert_eq!(
        decode_link("#v99999999999=abc").unwrap_err().code(),
        "unsupported_version"
    );

    let e = decode_link("#v1=").unwrap_err();
    assert_eq!(e.code(), "truncated");

    let mut bad = link.clone();
    bad.insert(20, '!');
    let e = decode_link(&format!("x {bad}")).unwrap_err();
    assert_eq!(
        e,
        ShareError::BadCharacter {
            position: 23,
            character: '!'
        }
    );
    assert!(e.to_string().contains("position 23"), "{e}");
    let mut bad = link.clone();
    bad.insert(30, '=');
    assert!(matches!(
        decode_link(&bad).unwrap_err(),
        ShareError::BadCharacter { character: '=', .. }
    ));

    // Valid deflate, not JSON.
    let not_json = miniz_oxide::deflate::compress_to_vec(b"{\"pac\": [1, 2", 9);
    let e = decode_link(&format!("#v1={}", b64(&not_json))).unwrap_err();
    assert!(matches!(e, ShareError::BadState { line: 1, .. }), "{e:?}");
    let wrong_type = miniz_oxide::deflate::compress_to_vec(b"{\n\"pac\": {\"source\": 5}}", 9);
    let e = decode_link(&format!("#v1={}", b64(&wrong_type))).unwrap_err();
    assert!(matches!(e, ShareError::BadState { line: 2, .. }), "{e:?}");
    assert!(e.to_string().contains("line 2"), "{e}");

    // A state written by a newer netdiag inside a v1 link.
    let newer = miniz_oxide::deflate::compress_to_vec(b"{\"version\": 3}", 9);
    let e = decode_link(&format!("#v1={}", b64(&newer))).unwrap_err();
    assert_eq!(e.code(), "unsupported_version");

    // Garbage that is not deflate.
    let e = decode_link(&format!("#v1={}", b64(&[0xff; 40]))).unwrap_err();
    assert_eq!(e.code(), "corrupted", "{e}");

    // Bytes after the end of the deflate stream.
    let mut packed = miniz_oxide::deflate::compress_to_vec(b"{}", 9);
    packed.extend_from_slice(b"junk");
    let e = decode_link(&format!("#v1={}", b64(&packed))).unwrap_err();
    assert!(matches!(e, ShareError::Corrupted(ref m) if m.contains("4 unexpected bytes")));
}

#[test]
fn decompression_bombs_and_huge_links_are_refused() {
    // 16 MiB of spaces inside a JSON string compresses to ~16 KB.
    let mut bomb = b"{\"pac\":{\"source\":\"".to_vec();
    bomb.extend(std::iter::repeat_n(b' ', 16 << 20));
    bomb.extend_from_slice(b"\"}}");
    let packed = miniz_oxide::deflate::compress_to_vec(&bomb, 9);
    let link = format!("#v1={}", b64(&packed));
    assert!(link.len() < MAX_LINK_LEN);
    let e = decode_link(&link).unwrap_err();
    assert_eq!(
        e,
        ShareError::Oversized {
            what: "decompressed state".into(),
            size: MAX_STATE_BYTES,
            limit: MAX_STATE_BYTES
        }
    );
    assert!(e.to_string().contains("too large"));

    let huge = format!("#v1={}", "A".repeat(MAX_LINK_LEN));
    assert_eq!(decode_link(&huge).unwrap_err().code(), "oversized");

    // A state too large to share is refused when encoding, not when opening.
    let mut s = AppState::default();
    let mut x: u64 = 1;
    s.pac.source = (0..2_500_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            char::from(b'!' + u8::try_from(x % 90).unwrap())
        })
        .collect();
    assert_eq!(encode_link(&s).unwrap_err().code(), "oversized");
}

#[test]
fn non_finite_numbers_refuse_to_encode_instead_of_making_a_broken_link() {
    let mut s = realistic();
    if let Some(r) = s.checks.results.as_mut() {
        r.checks[0].samples_ms.push(f64::NAN);
    }
    let e = encode_link(&s).unwrap_err();
    assert_eq!(e.code(), "encode");
}

#[test]
fn link_info_warns_per_target() {
    let ok = link_info(5_000);
    assert!(ok.fits_teams && ok.fits_slack && ok.fits_browser);
    assert!(ok.warnings.is_empty());
    let mid = link_info(30_000);
    assert!(!mid.fits_teams && mid.fits_slack);
    assert_eq!(mid.warnings.len(), 1);
    assert!(mid.warnings[0].contains("Teams"));
    let big = link_info(50_000);
    assert_eq!(big.warnings.len(), 2);
    assert!(big.warnings[1].contains("Slack"));
    let huge = link_info(3_000_000);
    assert_eq!(huge.warnings.len(), 3);
    assert!(!huge.fits_browser);
    assert_eq!(link_info(TEAMS_LIMIT).warnings.len(), 0);
    assert_eq!(link_info(SLACK_LIMIT + 1).warnings.len(), 2);
}
