//! Deterministic mutation fuzzing of the PAC side on stable Rust: the result-string parser
//! (`result::analyze`), the macro substituter and the pre-parse guards (through `evaluate`
//! with `${NAME}` values), and lint. Seeds: `tests/fuzz_seeds/` and `tests/fixtures/`.
//! Asserts: no panic, each call within [`CALL_BOUND`], results well-formed.
//!
//! `NETDIAG_FUZZ_ITERS=5000 cargo test -p netdiag-pac --release --test fuzz_pac` runs longer.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::time::{Duration, Instant};

use netdiag_core::pac::PacEnv;
use netdiag_pac::lint::{LintOptions, lint};
use netdiag_pac::result::analyze;

/// Generous for a debug build on a loaded machine; the engine's own per-URL limit is 10 s.
const CALL_BOUND: Duration = Duration::from_secs(30);

/// xorshift64*: deterministic, no dependency.
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

const DICT: &[&str] = &[
    "${",
    "}",
    "${CORP_DOMAIN}",
    "${GATEWAY}",
    "$",
    "{",
    "(",
    ")",
    "[",
    "]",
    "`",
    "'",
    "\"",
    "/",
    "//",
    "/*",
    "*/",
    "\\",
    "\n",
    ";",
    "PROXY ",
    "DIRECT",
    "SOCKS5 ",
    "HTTPS ",
    ":",
    ":99999",
    "[2001:db8::1]",
    " || ",
    " ? ",
    " : ",
    "else if (x) ",
    "!",
    "\u{0}",
    "é",
    "\u{2028}",
    "\u{feff}",
    "return ",
    "eval(",
    "while(1){}",
    "function ",
    "=>",
];

fn mutate(rng: &mut Rng, s: &str) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    for _ in 0..=rng.below(4) {
        let len = chars.len();
        match rng.below(5) {
            0 if len > 0 => {
                let i = rng.below(len);
                chars[i] = char::from_u32((chars[i] as u32) ^ (1 << rng.below(7))).unwrap_or('?');
            }
            1 | 2 => {
                let at = rng.below(len + 1);
                let piece: Vec<char> = DICT[rng.below(DICT.len())].chars().collect();
                chars.splice(at..at, piece);
            }
            3 if len > 0 => {
                let a = rng.below(len);
                let b = (a + rng.below(40)).min(len);
                chars.drain(a..b);
            }
            _ => chars.truncate(rng.below(len + 1)),
        }
    }
    chars.into_iter().collect()
}

fn seeds() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut out = Vec::new();
    for dir in ["fuzz_seeds", "fixtures"] {
        for e in std::fs::read_dir(root.join(dir))
            .into_iter()
            .flatten()
            .flatten()
        {
            if let Ok(b) = std::fs::read(e.path()) {
                out.push(String::from_utf8_lossy(&b).into_owned());
            }
        }
    }
    out.sort();
    assert!(out.len() >= 4, "seeds missing");
    out
}

fn guarded<T>(what: &str, input: &str, f: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let out = catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| {
        panic!(
            "{what} panicked on {:?}",
            input.chars().take(300).collect::<String>()
        )
    });
    assert!(t.elapsed() < CALL_BOUND, "{what} took {:?}", t.elapsed());
    out
}

#[test]
fn fuzz_result_strings() {
    let mut rng = Rng(0xACE5);
    let seeds = seeds();
    let results: Vec<&String> = seeds.iter().filter(|s| s.len() < 400).collect();
    for i in 0..iters(20_000) {
        let pick = rng.below(results.len());
        let base = results[pick];
        let s = mutate(&mut rng, base);
        let a = guarded("analyze", &s, || analyze(&s));
        // Every entry comes from the input; primary/secondary come from entries with a host
        // (a missing port is a noted problem but stays usable, as in browsers).
        for e in &a.entries {
            assert!(
                s.contains(e.raw.trim()),
                "iteration {i}: entry {:?} not in {s:?}",
                e.raw
            );
        }
        let usable: Vec<&_> = a.entries.iter().filter(|e| e.problem.is_none()).collect();
        // Not bypassing means a proxy is used; a secondary needs a primary. (DIRECT first and a
        // proxy later is both `bypass` and a `primary`, by design.)
        assert!(
            a.bypass || a.primary.is_some(),
            "iteration {i}: no answer for {s:?}"
        );
        assert!(
            a.secondary.is_none() || a.primary.is_some(),
            "iteration {i}: secondary without primary"
        );
        if a.primary.is_some() {
            assert!(
                a.entries.iter().any(|e| e.host.is_some()),
                "iteration {i}: primary without a host entry in {s:?}"
            );
        }
        assert_eq!(
            a.warnings.len(),
            a.entries.len() - usable.len(),
            "iteration {i}: one warning per malformed entry in {s:?}"
        );
    }
}

/// Evaluates on a big stack: debug-build frames are far larger than the wasm's.
fn eval_big_stack(src: String, macros: BTreeMap<String, String>) -> netdiag_core::pac::PacReport {
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || {
            let env = PacEnv {
                now: Some("2026-01-15T09:30:00Z".into()),
                macros,
                ..PacEnv::default()
            };
            let urls = [
                "http://a.example/".to_string(),
                "https://b.example/x?y".to_string(),
            ];
            let report = netdiag_pac::evaluate(&src, &urls, &env);
            let l = lint(&src, &LintOptions::default());
            (report, l.findings.len())
        })
        .expect("spawn")
        .join()
        .unwrap_or_else(|_| panic!("evaluate or lint panicked"))
        .0
}

#[test]
fn fuzz_sources_and_macros() {
    let mut rng = Rng(0x5EED_0FAC);
    let seeds = seeds();
    let sources: Vec<&String> = seeds
        .iter()
        .filter(|s| s.contains("FindProxyForURL"))
        .collect();
    for i in 0..iters(400) {
        let pick = rng.below(sources.len());
        let src = mutate(&mut rng, sources[pick]);
        let mut macros = BTreeMap::new();
        for name in ["CORP_DOMAIN", "GATEWAY", "SECONDARY_GATEWAY", "PORT", "NET"] {
            if rng.below(3) > 0 {
                let base = [
                    "corp.example",
                    "gw.example",
                    "8080",
                    "198.51.100.0",
                    "\"); while(1){} (\"",
                ][rng.below(5)];
                let v = mutate(&mut rng, base);
                macros.insert(name.to_string(), v);
            }
        }
        let t = Instant::now();
        let report = eval_big_stack(src.clone(), macros);
        assert!(
            t.elapsed() < CALL_BOUND,
            "iteration {i}: took {:?}",
            t.elapsed()
        );
        if report.error.is_none() {
            assert_eq!(report.results.len(), 2, "iteration {i}: one result per URL");
        }
        if let Some(e) = &report.error {
            assert!(!e.message.is_empty(), "iteration {i}: empty error");
            if let Some(line) = e.line {
                // ECMAScript line terminators (boa counts \r, U+2028 and U+2029 too).
                let lines = src
                    .chars()
                    .filter(|c| matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}'))
                    .count()
                    + 1;
                assert!(
                    line >= 1 && (line as usize) <= lines,
                    "iteration {i}: line {line} of {lines}"
                );
            }
        }
        for m in &report.macros {
            assert!(!m.name.is_empty(), "iteration {i}: macro without a name");
        }
    }
}
