//! The subset decision: PACs inside it run natively (no boa realm); every excluded construct
//! sends the PAC to boa with a reason naming the construct and its line in the user's text.

use netdiag_core::pac::{ClientProfile, EvaluatorKind, PacEnv, PacEvaluator};
use netdiag_pac::PacEngine;

fn env() -> PacEnv {
    PacEnv {
        now: Some("2026-01-15T09:30:00Z".into()),
        ..PacEnv::default()
    }
}

fn evaluator_with(src: &str, env: &PacEnv) -> PacEvaluator {
    let mut engine = PacEngine::new(src, env).expect("the PAC compiles");
    // Evaluate once so per-URL hand-offs are counted.
    let _ = engine.eval_url("http://www.example.com/");
    engine.evaluator().clone()
}

fn evaluator(src: &str) -> PacEvaluator {
    evaluator_with(src, &env())
}

/// Wraps `body` as the entry point, starting on line 2.
fn entry(body: &str) -> String {
    format!("// line 1\nfunction FindProxyForURL(url, host) {{\n{body}\n}}\n")
}

#[track_caller]
fn assert_boa(src: &str, reason: &str) {
    let ev = evaluator(src);
    assert_eq!(ev.kind, EvaluatorKind::Boa, "{src}");
    let got = ev.fallback_reason.unwrap_or_default();
    assert_eq!(got, reason, "{src}");
}

#[test]
fn subset_pacs_run_natively() {
    let ev = evaluator(&entry(
        "  var h = host.toLowerCase();\n  if (isPlainHostName(h) || dnsDomainIs(h, \".corp.example\")) return \"DIRECT\";\n  return \"PROXY p.example:80\";",
    ));
    assert_eq!(ev.kind, EvaluatorKind::NativeSubset);
    assert_eq!(ev.fallback_reason, None);
    assert_eq!(ev.boa_urls, 0);
}

#[test]
fn excluded_statements_fall_back_with_line() {
    assert_boa(
        &entry("  return \"DIRECT\";\n  for (var i = 0; i < 3; i++) {}"),
        "line 4: for loop",
    );
    assert_boa(&entry("  while (host) {}"), "line 3: while loop");
    assert_boa(&entry("  do {} while (false);"), "line 3: do-while loop");
    assert_boa(&entry("  for (var k in host) {}"), "line 3: for-in loop");
    assert_boa(
        &entry("  switch (host) { case \"a\": return \"DIRECT\"; }"),
        "line 3: switch statement",
    );
    assert_boa(
        &entry("  try { return \"DIRECT\"; } catch (e) {}"),
        "line 3: try statement",
    );
    assert_boa(&entry("  throw \"no\";"), "line 3: throw statement");
    assert_boa(&entry("  let x = 1;"), "let/const declaration");
    assert_boa(
        &entry("  function inner() { return 1; }\n  return \"DIRECT\";"),
        "line 3: function declared inside the entry point",
    );
}

#[test]
fn excluded_expressions_fall_back_with_line() {
    assert_boa(&entry("  var a = [1, 2];"), "line 3: array literal");
    assert_boa(&entry("  var o = {a: 1};"), "line 3: object literal");
    assert_boa(
        &entry("  var f = function () {};"),
        "line 3: function expression",
    );
    assert_boa(&entry("  var f = () => 1;"), "line 3: arrow function");
    assert_boa(
        &entry("  return `PROXY ${host}:80`;"),
        "line 3: template literal",
    );
    assert_boa(&entry("  var d = new Date();"), "line 3: `new`");
    assert_boa(&entry("  var n = 1;\n  n++;"), "line 4: ++ / --");
    assert_boa(
        &entry("  return typeof host;"),
        "line 3: unary operator TypeOf",
    );
    assert_boa(&entry("  return \"a\" + (1 - 2);"), "line 3: operator -");
    assert_boa(
        &entry("  return host.split(\".\");"),
        "line 3: method .split()",
    );
    assert_boa(
        &entry("  return url.protocol;"),
        "line 3: property .protocol",
    );
    assert_boa(
        &entry("  return host[0];"),
        "line 3: computed property access [..]",
    );
    assert_boa(
        &entry("  if (/x/g.test(host)) return \"DIRECT\";"),
        "line 3: regular expression with flags \"g\" (only i, m, s are modelled)",
    );
    assert_boa(
        &entry("  return helper(host);"),
        "line 3: call of helper() (not a PAC helper)",
    );
    assert_boa(
        &entry("  return PROXY_LIST;"),
        "line 3: PROXY_LIST (not a parameter, local variable or PAC helper)",
    );
    assert_boa(
        &entry("  glob = 1;"),
        "line 3: assignment to glob, which is not a parameter or local variable",
    );
    assert_boa(
        &entry("  if (dnsResolve) return \"DIRECT\";"),
        "line 3: the helper dnsResolve used as a value",
    );
    assert_boa(
        &entry("  return arguments.length;"),
        "line 3: arguments (not a parameter, local variable or PAC helper)",
    );
}

#[test]
fn top_level_code_falls_back() {
    // Constant top-level vars are in the subset; anything else run at load time is not.
    let ev = evaluator(
        "var port = 80;\nvar proxy = \"PROXY p.example:\" + port;\nfunction FindProxyForURL(url, host) { return proxy; }",
    );
    assert_eq!(ev.kind, EvaluatorKind::NativeSubset);
    assert_boa(
        "var ip = dnsResolve(\"wpad.example\");\nfunction FindProxyForURL(url, host) { return \"DIRECT\"; }",
        "line 1: top-level var ip is not a constant (only literals, + and earlier top-level vars are evaluated natively)",
    );
    assert_boa(
        "var isInNet = 1;\nfunction FindProxyForURL(url, host) { return \"DIRECT\"; }",
        "line 1: top-level var isInNet replaces a helper, function or built-in",
    );
    assert_boa(
        "var p = \"DIRECT\";\nfunction FindProxyForURL(url, host) { p = \"x\"; return p; }",
        "line 2: assignment to p, which is not a parameter or local variable",
    );
    assert_boa(
        "alert(\"loaded\");\nfunction FindProxyForURL(url, host) { return \"DIRECT\"; }",
        "line 1: top-level expression statement (code that runs when the PAC loads)",
    );
    assert_boa(
        "function dnsDomainIs(h, d) { return true; }\nfunction FindProxyForURL(url, host) { return \"DIRECT\"; }",
        "line 1: the PAC defines its own dnsDomainIs()",
    );
    assert_boa(
        "function FindProxyForURL(url, host) { return \"A\"; }\nfunction FindProxyForURL(url, host) { return \"B\"; }",
        "line 2: function FindProxyForURL is declared twice",
    );
    assert_boa(
        "function FindProxyForURL(url, host = \"x\") { return \"DIRECT\"; }",
        "line 1: FindProxyForURL has default, rest, duplicate or destructured parameters",
    );
    assert_boa(
        "var __nd_mark = 1;\nfunction FindProxyForURL(url, host) { return \"DIRECT\"; }",
        "the PAC uses the name __nd_mark or __nd_tick, which netdiag needs",
    );
}

#[test]
fn profile_decides_which_helpers_exist() {
    let src = entry(
        "  if (isInNetEx(host, \"2001:db8::/32\")) return \"DIRECT\";\n  return \"PROXY p.example:80\";",
    );
    assert_eq!(evaluator(&src).kind, EvaluatorKind::NativeSubset);
    // Firefox defines no Microsoft extensions: boa raises the ReferenceError, as Firefox does.
    let firefox = PacEnv {
        client: ClientProfile::Firefox,
        ..env()
    };
    let ev = evaluator_with(&src, &firefox);
    assert_eq!(ev.kind, EvaluatorKind::Boa);
    assert_eq!(
        ev.fallback_reason.as_deref(),
        Some("line 3: call of isInNetEx() (not a PAC helper)")
    );
}

#[test]
fn uncertain_values_hand_single_urls_to_boa() {
    let ev = evaluator(&entry(
        "  if (dnsDomainLevels(host) == \"2\") return \"DIRECT\";\n  return \"PROXY p.example:80\";",
    ));
    assert_eq!(ev.kind, EvaluatorKind::NativeSubset);
    assert_eq!(ev.boa_urls, 1);
    assert_eq!(
        ev.boa_url_reason.as_deref(),
        Some("== between values of different types")
    );
    // A literal RegExp-syntax pattern is compiled once, as the browsers' translation...
    let ev = evaluator(&entry(
        "  if (shExpMatch(host, \"*.(a|b).example\")) return \"DIRECT\";\n  return \"PROXY p.example:80\";",
    ));
    assert_eq!((ev.kind, ev.boa_urls), (EvaluatorKind::NativeSubset, 0));
    // ...one only known at run time goes to boa.
    let ev = evaluator(&entry(
        "  var p = \"*.(a|b).example\";\n  if (shExpMatch(host, p)) return \"DIRECT\";\n  return \"PROXY p.example:80\";",
    ));
    assert_eq!(ev.boa_urls, 1);
    assert_eq!(
        ev.boa_url_reason.as_deref(),
        Some("shExpMatch pattern with RegExp syntax")
    );
}

#[test]
fn macros_keep_original_lines() {
    // `${GATEWAY}` substitution must not shift the reported line.
    let src = "function FindProxyForURL(url, host) {\n  var p = \"PROXY ${GATEWAY}:80\";\n  while (false) {}\n  return p;\n}";
    let env = PacEnv {
        macros: [("GATEWAY".to_string(), "gw.example.net".to_string())].into(),
        ..env()
    };
    let ev = evaluator_with(src, &env);
    assert_eq!(ev.fallback_reason.as_deref(), Some("line 3: while loop"));
}

#[test]
fn fast_path_answers_without_a_realm() {
    let mut engine = PacEngine::new(
        &entry("  if (dnsDomainIs(host, \".example.com\")) return \"PROXY p.example:80; DIRECT\";\n  return \"DIRECT\";"),
        &env(),
    )
    .unwrap();
    let r = engine.eval_url("https://www.example.com/x");
    assert_eq!(r.primary.as_deref(), Some("p.example:80"));
    assert!(r.fallback_direct);
    let rule = r.rule.expect("the deciding return is known");
    assert_eq!((rule.line, rule.column), (3, 42));
    assert_eq!(engine.evaluator().kind, EvaluatorKind::NativeSubset);
    assert!(format!("{engine:?}").contains("realm: false"), "{engine:?}");
}
