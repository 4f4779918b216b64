//! Deterministic mutation fuzzing on stable Rust: the splitter + detector (`parse_paste`),
//! every registered parser, the share-link decoder and the redactor get mutated fixtures and
//! seeds (`tests/fuzz_seeds/`). Each call must not panic, must return within [`CALL_BOUND`],
//! and must keep its line spans inside the input.
//!
//! CI size by default; `NETDIAG_FUZZ_ITERS=20000 cargo test -p netdiag-core --release --test
//! fuzz_inputs` for a longer run (the seed is printed on failure; `NETDIAG_FUZZ_SEED` replays).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use netdiag_core::parsers::normalize::Normalized;
use netdiag_core::parsers::{Line, PARSERS, parse_paste};
use netdiag_core::share::redact::{RedactOptions, redact_text_with};
use netdiag_core::share::{AppState, Paste, decode_link, encode_link};

/// The most one call may take on a debug build of a loaded 2-core machine.
const CALL_BOUND: Duration = Duration::from_secs(10);

/// A xorshift64* generator: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

fn iters(default: usize) -> usize {
    std::env::var("NETDIAG_FUZZ_ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn seed() -> u64 {
    std::env::var("NETDIAG_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x6E65_7464_6961_6721)
}

/// Pieces that tend to matter to line-based parsers and detectors.
const DICT: &[&[u8]] = &[
    b"\n",
    b"\r\n",
    b"\r",
    b"\0",
    b"\x1b[31m",
    b"\x1b[K",
    b" --More-- ",
    b"\x08",
    b"\t",
    b"#",
    b"> ",
    b"$ ",
    b"show crypto isakmp sa\n",
    b"show vpn ike-sa\n",
    b"ipsec statusall\n",
    b"192.0.2.1",
    b"2001:db8::1",
    b"0x",
    b"ESTABLISHED",
    b"UP",
    b"DOWN",
    b":",
    b"=",
    b"  ",
    b"\xc3\xa9",
    b"\xe2\x80\xae",
    b"\xff",
    b"\xf0\x9f\x92\xa5",
    b"99999999999999999999",
    b"-",
    b"[",
    b"]",
    b"{",
    b"}",
    b"\"",
    b"key ",
    b"password ",
    b"pre-shared-key ",
];

/// One random mutation of `data`.
fn mutate(rng: &mut Rng, data: &mut Vec<u8>, other: &[u8]) {
    let len = data.len();
    match rng.below(8) {
        0 if len > 0 => {
            let i = rng.below(len);
            data[i] ^= 1 << rng.below(8);
        }
        1 => {
            let piece = DICT[rng.below(DICT.len())];
            let at = rng.below(len + 1);
            data.splice(at..at, piece.iter().copied());
        }
        2 if len > 0 => {
            let a = rng.below(len);
            let b = (a + rng.below(64)).min(len);
            data.drain(a..b);
        }
        3 if len > 0 => {
            let a = rng.below(len);
            let b = (a + rng.below(256)).min(len);
            let copy = data[a..b].to_vec();
            let at = rng.below(len + 1);
            data.splice(at..at, copy);
        }
        4 => data.truncate(rng.below(len + 1)),
        5 if !other.is_empty() => {
            let a = rng.below(other.len());
            let b = (a + rng.below(512)).min(other.len());
            let at = rng.below(len + 1);
            data.splice(at..at, other[a..b].iter().copied());
        }
        6 => {
            let at = rng.below(len + 1);
            let junk: Vec<u8> = (0..rng.below(32)).map(|_| rng.next() as u8).collect();
            data.splice(at..at, junk);
        }
        _ if len > 0 => {
            // Repeat one line many times (long pastes, repeated prompts).
            let a = rng.below(len);
            let b = (a + rng.below(80)).min(len);
            let line = data[a..b].to_vec();
            for _ in 0..rng.below(50) {
                data.extend_from_slice(&line);
            }
        }
        _ => data.extend_from_slice(DICT[rng.below(DICT.len())]),
    }
}

/// Fixtures of every parser plus the committed seeds, as bytes.
fn corpus() -> Vec<(PathBuf, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut out = Vec::new();
    let mut stack = vec![root.join("fixtures"), root.join("fuzz_seeds")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(b) = std::fs::read(&p) {
                out.push((p, b));
            }
        }
    }
    out.sort();
    assert!(out.len() > 20, "fixtures and seeds missing: {}", out.len());
    out
}

/// A mutated input: a corpus file with 1..=4 mutations, lossily decoded.
fn input(rng: &mut Rng, corpus: &[(PathBuf, Vec<u8>)]) -> String {
    let (_, base) = &corpus[rng.below(corpus.len())];
    let (_, other) = &corpus[rng.below(corpus.len())];
    let mut data = base.clone();
    for _ in 0..=rng.below(4) {
        mutate(rng, &mut data, other);
    }
    String::from_utf8_lossy(&data).into_owned()
}

/// Runs `f` with a panic catch and the time bound; `what` names the input on failure.
fn guarded<T>(what: &str, input: &str, f: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let out = catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| {
        panic!("{what} panicked on input {:?}", preview(input));
    });
    let took = t.elapsed();
    assert!(
        took < CALL_BOUND,
        "{what} took {took:?} on {} bytes: {:?}",
        input.len(),
        preview(input)
    );
    out
}

fn preview(s: &str) -> String {
    s.chars().take(300).collect()
}

fn line_count(text: &str) -> u32 {
    let lines = Normalized::new(text).lines().len();
    u32::try_from(lines.max(1)).unwrap_or(u32::MAX)
}

#[test]
fn fuzz_parse_paste() {
    let corpus = corpus();
    let mut rng = Rng(seed());
    for i in 0..iters(2_000) {
        let text = input(&mut rng, &corpus);
        let report = guarded("parse_paste", &text, || parse_paste(&text));
        let last = line_count(&text);
        for b in &report.blocks {
            assert!(
                b.lines.start >= 1 && b.lines.start <= b.lines.end && b.lines.end <= last,
                "iteration {i}: block {:?} outside 1..={last}",
                b.lines
            );
            assert!(
                b.kind == "unrecognised" || PARSERS.iter().any(|p| p.kind == b.kind),
                "iteration {i}: unknown kind {}",
                b.kind
            );
        }
        for w in report.blocks.windows(2) {
            assert!(
                w[0].lines.start <= w[1].lines.start,
                "iteration {i}: blocks out of order"
            );
        }
    }
}

/// Collects `lines: [a, b]` values outside `1..=last` from a serialized record tree.
fn bad_spans(v: &serde_json::Value, last: u32, bad: &mut Vec<String>) {
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
                bad_spans(val, last, bad);
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| bad_spans(x, last, bad)),
        _ => {}
    }
}

#[test]
fn fuzz_every_parser() {
    let corpus = corpus();
    let mut rng = Rng(seed() ^ 0x5EED);
    let per_parser = iters(2_000).div_ceil(10).max(3);
    for entry in PARSERS {
        // Inputs from the parser's own fixtures half the time, so mutations reach deep states.
        let own: Vec<(PathBuf, Vec<u8>)> = corpus
            .iter()
            .filter(|(p, _)| {
                let s = p.to_string_lossy();
                let mut parts = entry.kind.splitn(2, '.');
                let (plat, cmd) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
                s.contains(&format!("/{plat}/{cmd}/"))
            })
            .cloned()
            .collect();
        for i in 0..per_parser {
            let pool = if !own.is_empty() && i % 2 == 0 {
                &own
            } else {
                &corpus
            };
            let text = input(&mut rng, pool);
            let norm = Normalized::new(&text);
            let lines: Vec<Line<'_>> = norm.lines();
            let last = u32::try_from(lines.len()).unwrap_or(u32::MAX);
            let parsed = guarded(entry.kind, &text, || (entry.parse)(&lines));
            if let Ok(p) = parsed {
                let json = serde_json::to_value(&p.records).expect("records serialize");
                let mut bad = Vec::new();
                bad_spans(&json, last, &mut bad);
                bad.extend(
                    p.skipped
                        .iter()
                        .filter(|s| s.start == 0 || s.end > last)
                        .map(|s| format!("skipped {s:?}")),
                );
                assert!(
                    bad.is_empty(),
                    "{} iteration {i}: spans {bad:?}",
                    entry.kind
                );
            }
            // The detector sees at most its window and must not panic either.
            let window = lines.get(..lines.len().min(40)).unwrap_or(&[]);
            guarded(entry.kind, &text, || (entry.detect)(window));
        }
    }
}

#[test]
fn fuzz_redactor() {
    let corpus = corpus();
    let mut rng = Rng(seed() ^ 0x12ED);
    let secrets_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/share_data");
    let mut pool = corpus;
    for e in std::fs::read_dir(&secrets_dir)
        .into_iter()
        .flatten()
        .flatten()
    {
        if let Ok(b) = std::fs::read(e.path()) {
            pool.push((e.path(), b));
        }
    }
    for i in 0..iters(2_000) {
        let text = input(&mut rng, &pool);
        let opts = RedactOptions {
            redact_secrets: true,
            anonymize_ips: i % 2 == 1,
            anonymize_key: String::new(),
        };
        let out = guarded("redact_text_with", &text, || redact_text_with(&text, &opts));
        let lines = u32::try_from(text.split('\n').count()).unwrap_or(u32::MAX);
        for item in &out.items {
            assert!(
                item.line >= 1 && item.line <= lines,
                "iteration {i}: item line {} outside 1..={lines}",
                item.line
            );
        }
        // Redacting the output again finds nothing new to report as the same secret text.
        let again = guarded("redact_text_with", &out.text, || {
            redact_text_with(&out.text, &RedactOptions::default())
        });
        for item in &again.items {
            assert!(
                !out.items
                    .iter()
                    .any(|o| o.original_preview == item.original_preview
                        && o.line == item.line
                        && o.kind == item.kind
                        && !item.original_preview.is_empty()
                        && !out.text.contains(&item.replacement)),
                "iteration {i}: a redacted secret is still there: {item:?}"
            );
        }
    }
}

#[test]
fn fuzz_link_decoder() {
    let corpus = corpus();
    let mut rng = Rng(seed() ^ 0x11CC);
    // Valid links of small states, then mutated (bit flips, truncation, junk, splices).
    let mut links = Vec::new();
    for (_, bytes) in corpus.iter().take(12) {
        let mut state = AppState::default();
        let text: String = String::from_utf8_lossy(bytes).chars().take(2_000).collect();
        state.outputs.pastes.push(Paste {
            name: "gw".into(),
            text,
        });
        state.pac.source = "function FindProxyForURL(u, h) { return 'DIRECT'; }".into();
        links.push(encode_link(&state).expect("encode"));
    }
    let mut decoded_ok = 0usize;
    for i in 0..iters(2_000) {
        let base = links[rng.below(links.len())].clone().into_bytes();
        let mut data = base;
        for _ in 0..=rng.below(3) {
            mutate(
                &mut rng,
                &mut data,
                b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_#v1=v2=&%",
            );
        }
        let link = String::from_utf8_lossy(&data).into_owned();
        let result = guarded("decode_link", &link, || decode_link(&link));
        if let Ok(state) = result {
            decoded_ok += 1;
            // What decodes must encode again (a state that cannot be shared back is a bug).
            let again = guarded("encode_link", &link, || encode_link(&state));
            assert!(
                again.is_ok()
                    || matches!(again, Err(ref e) if e.to_string().contains("long") || e.to_string().contains("limit")),
                "iteration {i}: decoded state does not encode: {again:?}"
            );
        } else if let Err(e) = result {
            assert!(!e.to_string().is_empty(), "iteration {i}: empty error");
        }
    }
    // Some mutations (e.g. after the payload) keep the link valid; most break it.
    println!("decoded {decoded_ok} of {} mutated links", iters(2_000));
}
