//! Hostile PACs: each is stopped with the right error kind, and the engine still answers the
//! next URL correctly (the context is re-created after a limit hit).

use netdiag_core::pac::{PacEnv, PacReport};
use netdiag_pac::{Limits, PacEngine, UrlInput, evaluate_inputs};

fn env() -> PacEnv {
    PacEnv {
        now: Some("2026-01-15T09:30:00Z".into()),
        ..PacEnv::default()
    }
}

/// A PAC whose `bad.example` branch runs `body`; other hosts get a normal answer.
fn pac_with(body: &str) -> String {
    format!(
        "function FindProxyForURL(url, host) {{\n  if (host == 'bad.example') {{\n    {body}\n  }}\n  return 'PROXY ok.example:8080';\n}}"
    )
}

/// Evaluates the bad URL then a good one in the same engine.
fn bad_then_good(body: &str, limits: Limits) -> PacReport {
    let urls = [
        UrlInput {
            url: "http://bad.example/".into(),
            host: None,
        },
        UrlInput {
            url: "http://good.example/".into(),
            host: None,
        },
    ];
    evaluate_inputs(&pac_with(body), &urls, &env(), limits)
}

fn assert_stopped(body: &str, kind: &str, message_part: &str, limits: Limits) {
    // The wall-clock backstop must not pre-empt the limit under test on a loaded CI machine
    // running a debug build: give it minutes, not seconds.
    let limits = Limits {
        max_millis_per_url: 300_000,
        ..limits
    };
    let report = bad_then_good(body, limits);
    assert!(report.error.is_none(), "{body}: {:?}", report.error);
    let err = report.results[0]
        .error
        .clone()
        .unwrap_or_else(|| panic!("{body}: no error"));
    assert_eq!(err.kind, kind, "{body}: {err:?}");
    assert!(
        err.message.contains(message_part),
        "{body}: {}",
        err.message
    );
    let next = &report.results[1];
    assert_eq!(
        next.error, None,
        "{body}: the engine must work for the next URL"
    );
    assert_eq!(next.primary.as_deref(), Some("ok.example:8080"), "{body}");
}

#[test]
fn endless_loops_hit_the_loop_limit() {
    assert_stopped("while (true) {}", "limit", "loop limit", Limits::default());
    assert_stopped("for (;;) {}", "limit", "loop limit", Limits::default());
    assert_stopped("do {} while (1);", "limit", "loop limit", Limits::default());
    // A try/catch in the PAC cannot swallow the limit.
    assert_stopped(
        "try { while (true) {} } catch (e) {} return 'DIRECT';",
        "limit",
        "loop limit",
        Limits::default(),
    );
}

#[test]
fn loops_nested_through_calls_hit_the_per_url_budget() {
    // Each call's loop stays under boa's per-call limit; together they would run for hours.
    let body = "function g() { for (var i = 0; i < 20000; i++) {} }\n    for (var j = 0; j < 20000; j++) g();";
    // (A smaller budget than the default keeps this quick in debug builds.)
    let limits = Limits {
        iterations_per_url: 60_000,
        ..Limits::default()
    };
    assert_stopped(body, "limit", "iteration limit", limits);
}

#[test]
fn recursion_hits_the_recursion_limit() {
    assert_stopped(
        "function f() { return f(); } return f();",
        "limit",
        "recursion limit",
        Limits::default(),
    );
    assert_stopped(
        "function f(n) { return f(n + 1) + 1; } return f(0);",
        "limit",
        "recursion limit",
        Limits::default(),
    );
    // A toString that calls itself: boa gives up quietly (V8 throws); either way it ends.
    let report = bad_then_good(
        "var o = { toString() { return String(this); } }; return dnsDomainIs(o, 'x') ? 'DIRECT' : 'DIRECT';",
        Limits::default(),
    );
    assert_eq!(
        report.results[1].primary.as_deref(),
        Some("ok.example:8080")
    );
}

#[test]
fn exceptions_and_throwing_getters_are_runtime_errors() {
    assert_stopped(
        "throw new Error('boom');",
        "runtime",
        "boom",
        Limits::default(),
    );
    assert_stopped(
        "throw 'plain string';",
        "runtime",
        "plain string",
        Limits::default(),
    );
    assert_stopped(
        "var o = { get x() { throw new TypeError('getter says no'); } }; return o.x;",
        "runtime",
        "getter says no",
        Limits::default(),
    );
    assert_stopped(
        "return dnsDomainIs({ toString() { throw new RangeError('bad arg'); } }, '.x') ? 'DIRECT' : 'DIRECT';",
        "runtime",
        "bad arg",
        Limits::default(),
    );
    assert_stopped(
        "return undefinedHelper(host);",
        "runtime",
        "undefinedHelper",
        Limits::default(),
    );
}

#[test]
fn huge_strings_are_stopped() {
    let small_memory = Limits {
        max_memory_growth: 64 * 1024 * 1024,
        ..Limits::default()
    };
    let report = bad_then_good("var s = 'x'; while (1) s += s;", small_memory);
    let err = report.results[0].error.clone().expect("stopped");
    assert_eq!(err.kind, "limit");
    assert_eq!(
        report.results[1].primary.as_deref(),
        Some("ok.example:8080")
    );
    // A long answer is refused by length.
    assert_stopped(
        "return 'PROXY ' + 'x'.repeat(100000) + ':80';",
        "limit",
        "characters long",
        Limits::default(),
    );
}

#[test]
fn alert_floods_are_capped_and_counted() {
    let report = bad_then_good(
        "for (var i = 0; i < 5000; i++) alert('spam ' + i); return 'DIRECT';",
        Limits::default(),
    );
    let r = &report.results[0];
    assert_eq!(r.error, None);
    assert_eq!(r.alerts.len(), 100);
    assert_eq!(r.alerts[0], "spam 0");
    assert!(
        r.warnings.iter().any(|w| w.contains("4900 more alert()")),
        "{:?}",
        r.warnings
    );
    assert!(report.results[1].alerts.is_empty(), "alerts are per URL");
}

#[test]
fn deeply_nested_source_is_rejected_before_parsing() {
    let src = format!(
        "var x = {};\nfunction FindProxyForURL(u, h) {{ return 'DIRECT'; }}",
        "[".repeat(100_000)
    );
    let report = netdiag_pac::evaluate(&src, &["http://a.example/".into()], &env());
    let err = report.error.expect("too deep");
    assert_eq!(err.kind, "too_deep");
    assert_eq!(err.line, Some(1));
    assert_eq!(err.column, Some(9 + 64));
    // Prefix-operator chains count too.
    let src = format!(
        "var x = {}1;\nfunction FindProxyForURL(u, h) {{ return 'DIRECT'; }}",
        "!".repeat(100_000)
    );
    let report = netdiag_pac::evaluate(&src, &["http://a.example/".into()], &env());
    assert_eq!(report.error.map(|e| e.kind).as_deref(), Some("too_deep"));
}

#[test]
fn deeply_nested_code_built_at_run_time_is_rejected() {
    let body = "return eval('('.repeat(100000) + '1' + ')'.repeat(100000));";
    assert_stopped(body, "too_deep", "nested deeper", Limits::default());
    assert_stopped(
        "return new Function('return ' + '['.repeat(50000))();",
        "too_deep",
        "nested deeper",
        Limits::default(),
    );
    // Ordinary eval still works.
    let report = bad_then_good(
        "return eval('\"PRO\" + \"XY e.example:1\"');",
        Limits::default(),
    );
    assert_eq!(report.results[0].primary.as_deref(), Some("e.example:1"));
}

#[test]
fn syntax_errors_have_line_column_and_source_line() {
    let src =
        "function FindProxyForURL(url, host) {\n  if (host == 'x' {\n    return 'DIRECT';\n  }\n}";
    let report = netdiag_pac::evaluate(src, &["http://a.example/".into()], &env());
    let err = report.error.expect("syntax error");
    assert_eq!(err.kind, "syntax");
    assert_eq!((err.line, err.column), (Some(2), Some(19)));
    assert_eq!(err.source_line.as_deref(), Some("if (host == 'x' {"));
    assert!(report.results.is_empty());
    let report = netdiag_pac::evaluate(
        "function FindProxyForURL(u, h) { return 'DIRECT';",
        &["http://a/".into()],
        &env(),
    );
    assert_eq!(report.error.map(|e| e.kind).as_deref(), Some("syntax"));
}

#[test]
fn misspelt_entry_point_names_the_near_miss() {
    let report = netdiag_pac::evaluate(
        "function FindProxyForUrl(url, host) { return 'DIRECT'; }",
        &["http://a/".into()],
        &env(),
    );
    let err = report.error.expect("no entry point");
    assert_eq!(err.kind, "no_entry_point");
    assert!(
        err.message.contains("\"FindProxyForUrl\""),
        "{}",
        err.message
    );
    let report = netdiag_pac::evaluate("var x = 1;", &["http://a/".into()], &env());
    assert_eq!(
        report.error.map(|e| e.kind).as_deref(),
        Some("no_entry_point")
    );
}

#[test]
fn top_level_hostility_makes_the_pac_unusable() {
    let report = netdiag_pac::evaluate(
        "while (true) {}\nfunction FindProxyForURL(u, h) { return 'DIRECT'; }",
        &["http://a/".into()],
        &env(),
    );
    assert_eq!(report.error.map(|e| e.kind).as_deref(), Some("limit"));
    let report = netdiag_pac::evaluate(
        "throw new Error('at load');\nfunction FindProxyForURL(u, h) { return 'DIRECT'; }",
        &["http://a/".into()],
        &env(),
    );
    let err = report.error.expect("runtime");
    assert_eq!((err.kind.as_str(), err.line), ("runtime", Some(1)));
}

#[test]
fn markers_cannot_be_replaced_and_their_names_fall_back() {
    // Overwriting the marker dynamically has no effect: the rule is still found.
    let pac = "this['__nd_' + 'mark'] = function () { throw new Error('hijack'); };\nfunction FindProxyForURL(u, h) {\n  return 'DIRECT';\n}";
    let report = netdiag_pac::evaluate(pac, &["http://a.example/".into()], &env());
    assert_eq!(report.results[0].error, None);
    assert_eq!(report.results[0].rule.as_ref().map(|r| r.line), Some(3));
    // A PAC that uses the name itself still runs, without rule positions.
    let pac = "var __nd_mark = 5;\nfunction FindProxyForURL(u, h) { return 'PROXY p' + __nd_mark + '.example:80'; }";
    let report = netdiag_pac::evaluate(pac, &["http://a.example/".into()], &env());
    assert_eq!(report.results[0].primary.as_deref(), Some("p5.example:80"));
    assert_eq!(report.results[0].rule, None);
    assert!(report.warnings.iter().any(|w| w.contains("__nd_mark")));
}

#[test]
fn bad_env_is_reported_not_panicked() {
    let report = netdiag_pac::evaluate(
        "function FindProxyForURL(u, h) { return 'DIRECT'; }",
        &["http://a/".into()],
        &PacEnv::default(),
    );
    assert_eq!(report.error.map(|e| e.kind).as_deref(), Some("bad_env"));
    let mut e = env();
    e.tz = Some("Nowhere/Special".into());
    let report = netdiag_pac::evaluate(
        "function FindProxyForURL(u, h) { return 'DIRECT'; }",
        &["http://a/".into()],
        &e,
    );
    assert_eq!(report.error.map(|e| e.kind).as_deref(), Some("bad_env"));
}

#[test]
fn engine_recovers_after_a_limit_hit_many_times() {
    let mut engine = PacEngine::new(&pac_with("for (;;) {}"), &env()).expect("compiles");
    for _ in 0..3 {
        assert_eq!(
            engine
                .eval_url("http://bad.example/")
                .error
                .map(|e| e.kind)
                .as_deref(),
            Some("limit")
        );
        assert_eq!(
            engine.eval_url("http://good.example/").primary.as_deref(),
            Some("ok.example:8080")
        );
    }
}
