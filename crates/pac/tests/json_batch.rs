//! The page's batch path: `evaluate_json` / `PacEngine::report_json` print exactly what
//! `serde_json` prints of `evaluate`'s report (answers are analysed once per distinct string
//! and `return` positions printed once per line, so a cache hit must print what a miss
//! prints), and `EngineCache` reuses a compiled PAC only when that cannot change an answer.

mod fast_support;

use std::cell::Cell;
use std::path::PathBuf;

use fast_support::{envs, large_pac, random_urls};
use netdiag_core::pac::{PacEnv, PacReport};
use netdiag_pac::urlgen::generate_urls;
use netdiag_pac::{EngineCache, evaluate, evaluate_json};

fn expected(src: &str, urls: &[String], env: &PacEnv) -> String {
    serde_json::to_string(&evaluate(src, urls, env)).unwrap()
}

fn urls_for(src: &str, n: usize) -> Vec<String> {
    let mut urls = generate_urls(&[src]);
    urls.extend(random_urls(11, n));
    // Bad URLs, implicit bypasses, a host that needs escaping, a URL without scheme.
    urls.extend(
        [
            "",
            "http://",
            "http://localhost/",
            "http://127.0.0.1:8080/",
            "http://[::1]/",
            "intranet/path",
            "http://quote\"host.example.com/",
            "https://www.example.com/a?b=\"c\"&d=\\e",
        ]
        .map(String::from),
    );
    urls
}

/// Hand-written PACs for the parts of a row the common PACs never fill.
const SPECIAL: &[(&str, &str)] = &[
    (
        "alerts, lookups, macros, malformed entries",
        r#"function FindProxyForURL(url, host) {
            alert("checking " + host);
            if (isResolvable(host)) alert("resolvable");
            if (isInNet(dnsResolve(host), "10.0.0.0", "255.0.0.0")) return "PROXY ${GATEWAY}:80; DIRECT";
            if (dnsDomainIs(host, ".example.com")) return "PROXY ${UNBOUND}:8080";
            if (shExpMatch(host, "*.org")) return "PROXY bad host:x; SOCKS5 s.example.net; nonsense";
            if (shExpMatch(host, "*.net")) return "";
            if (shExpMatch(host, "*.io")) return "PROXY [2001:db8::1]:3128; HTTPS h.example.net:443; DIRECT";
            return "PROXY p1.example.net:80; PROXY p2.example.net:81; PROXY p3.example.net:82; DIRECT";
        }"#,
    ),
    (
        "errors for some URLs, a non-string return, many alerts",
        r#"function FindProxyForURL(url, host) {
            if (shExpMatch(host, "*.com")) throw new Error("no " + host);
            if (shExpMatch(host, "*.org")) return 42;
            if (isPlainHostName(host)) { for (var i = 0; i < 150; i++) alert("a" + i); return "DIRECT"; }
            return "PROXY p.example.net:80";
        }"#,
    ),
    (
        "boa (object literal), answer with the host in it",
        r#"var table = { a: "PROXY a.example.net:80" };
        function FindProxyForURL(url, host) {
            if (host.length % 3 == 0) return table.a;
            return "PROXY " + host + ":8080";
        }"#,
    ),
    (
        "syntax error",
        "function FindProxyForURL(url, host) { return \"DIRECT\"; ",
    ),
    (
        "no entry point",
        "function findProxy(url, host) { return \"DIRECT\"; }",
    ),
];

fn check(name: &str, src: &str, n: usize) {
    let urls = urls_for(src, n);
    for env in envs(5) {
        let got = evaluate_json(src, &urls, &env).unwrap();
        assert_eq!(got, expected(src, &urls, &env), "{name}: JSON differs");
        // Deserialises to the same report (the schema the page and the CLI read).
        let back: PacReport = serde_json::from_str(&got).unwrap();
        assert_eq!(back, evaluate(src, &urls, &env), "{name}: report differs");
    }
}

#[test]
fn json_is_serde_json_of_the_report_for_fixtures_generated_and_special_pacs() {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"));
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let src = std::fs::read_to_string(&path).unwrap();
        check(&path.display().to_string(), &src, 150);
        seen += 1;
    }
    assert!(seen >= 3, "fixtures not found in {}", dir.display());
    check("large generated", &large_pac(300, 3), 150);
    for (name, src) in SPECIAL {
        check(name, src, 80);
    }
}

#[test]
fn json_is_serde_json_of_the_report_for_the_corpus() {
    let dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/corpus/pac"
    ));
    if !dir.is_dir() {
        println!("SKIP: corpus not found at <repo root>/../shared/corpus/pac");
        return;
    }
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !(name.ends_with(".pac") || name.ends_with(".dat")) {
            continue;
        }
        let src = std::fs::read_to_string(&path).unwrap();
        // The block list runs in boa: a few URLs are enough to compare the printing.
        check(&name, &src, if src.len() > 50_000 { 10 } else { 200 });
        seen += 1;
    }
    assert!(seen >= 5, "corpus PACs missing in {}", dir.display());
}

/// A cache that counts how often it had to read the environment.
fn run(
    cache: &mut EngineCache,
    parsed: &Cell<u32>,
    src: &str,
    env: &PacEnv,
    urls: &[String],
    batch: Option<u32>,
) -> String {
    let key = serde_json::to_string(env).unwrap();
    cache
        .evaluate_json(
            src,
            &key,
            |text| {
                parsed.set(parsed.get() + 1);
                serde_json::from_str(text).map_err(|e| e.to_string())
            },
            urls,
            batch,
        )
        .unwrap()
}

#[test]
fn cache_hit_prints_what_a_fresh_engine_prints_and_a_new_env_is_not_served_from_it() {
    let src = large_pac(200, 9);
    let urls = urls_for(&src, 120);
    let all = envs(2);
    let (a, b) = (&all[0], &all[1]);
    let (want_a, want_b) = (expected(&src, &urls, a), expected(&src, &urls, b));
    assert_ne!(
        want_a, want_b,
        "the two environments must give different reports"
    );
    let mut cache = EngineCache::default();
    let parsed = Cell::new(0);
    assert_eq!(run(&mut cache, &parsed, &src, a, &urls, Some(1)), want_a);
    assert_eq!(run(&mut cache, &parsed, &src, a, &urls, Some(1)), want_a);
    assert_eq!(parsed.get(), 1, "the same batch reuses the engine");
    assert_eq!(run(&mut cache, &parsed, &src, b, &urls, Some(1)), want_b);
    assert_eq!(parsed.get(), 2, "another environment compiles afresh");
    assert_eq!(run(&mut cache, &parsed, &src, a, &urls, Some(1)), want_a);
    let other = format!("{src}\n// edited\n");
    assert_eq!(
        run(&mut cache, &parsed, &other, a, &urls, Some(1)),
        expected(&other, &urls, a)
    );
    assert_eq!(parsed.get(), 4, "another source compiles afresh");
    // Chunks of one batch print what one call over each chunk prints.
    for (i, chunk) in urls.chunks(37).enumerate() {
        let got = run(&mut cache, &parsed, &other, a, chunk, Some(2));
        assert_eq!(got, expected(&other, chunk, a), "chunk {i}");
    }
    // A bad environment is the caller's error, and leaves nothing behind.
    let err = cache.evaluate_json(&src, "{", |_| Err("bad env".into()), &urls, None);
    assert!(matches!(err, Err(netdiag_pac::BatchError::Env(m)) if m == "bad env"));
}

#[test]
fn a_pac_only_the_native_evaluator_ran_is_reused_across_calls() {
    let src = r#"function FindProxyForURL(url, host) {
        if (isPlainHostName(host)) return "DIRECT";
        if (dnsDomainIs(host, ".example.com")) return "PROXY a.example.net:80";
        if (shExpMatch(url, "*/x*")) return "PROXY x.example.net:80; DIRECT";
        return "PROXY b.example.net:80; PROXY c.example.net:80; DIRECT";
    }"#;
    let env = envs(1).remove(0);
    let urls = urls_for(src, 100);
    let mut engine = netdiag_pac::PacEngine::new(src, &env).unwrap();
    for u in &urls {
        engine.eval_url(u);
    }
    assert!(
        engine.pristine(),
        "precondition: no URL of this PAC needs boa"
    );
    let want = expected(src, &urls, &env);
    let mut cache = EngineCache::default();
    let parsed = Cell::new(0);
    for batch in [None, None, Some(3), Some(4), None] {
        assert_eq!(run(&mut cache, &parsed, src, &env, &urls, batch), want);
    }
    assert_eq!(parsed.get(), 1, "compiled once");
}

#[test]
fn boa_state_carries_on_within_a_batch_only() {
    // A PAC with state (boa runs it: the object literal and the global counter): the answer
    // depends on how many URLs ran before in the same realm.
    let src = r#"var seen = { n: 0 };
        function FindProxyForURL(url, host) {
            seen.n = seen.n + 1;
            return "PROXY p" + seen.n + ".example.net:80";
        }"#;
    let env = envs(1).remove(0);
    let urls: Vec<String> = (0..6)
        .map(|i| format!("http://h{i}.example.com/"))
        .collect();
    let whole: PacReport = serde_json::from_str(&expected(src, &urls, &env)).unwrap();
    let mut cache = EngineCache::default();
    let parsed = Cell::new(0);
    let first = run(&mut cache, &parsed, src, &env, &urls[..3], Some(7));
    let second = run(&mut cache, &parsed, src, &env, &urls[3..], Some(7));
    assert_eq!(
        parsed.get(),
        1,
        "the second chunk of the batch reuses the realm"
    );
    let (first, second): (PacReport, PacReport) = (
        serde_json::from_str(&first).unwrap(),
        serde_json::from_str(&second).unwrap(),
    );
    let joined: Vec<_> = first.results.into_iter().chain(second.results).collect();
    assert_eq!(
        joined, whole.results,
        "a batch in chunks answers as one call"
    );
    // Another batch, or a call on its own, starts from a fresh realm.
    for batch in [Some(8), None] {
        let again = run(&mut cache, &parsed, src, &env, &urls[..3], batch);
        assert_eq!(again, expected(src, &urls[..3], &env), "batch {batch:?}");
    }
    assert_eq!(parsed.get(), 3);
}
