//! Hostile PACs that tamper with the built-in prototypes (String, Array, RegExp, Object,
//! Function, Error) before or while answering. The helpers are native Rust and the answer is
//! read in Rust, so tampering must not change what a helper returns: each case yields the
//! correct answer, or, when the PAC itself calls what it broke, a runtime error naming the
//! line. Never a panic, always within a bounded time.

use std::time::{Duration, Instant};

use netdiag_core::pac::{PacEnv, PacReport};

/// A debug build on a loaded 2-core machine: generous, but a hang still fails.
const BOUND: Duration = Duration::from_secs(30);

fn env() -> PacEnv {
    PacEnv {
        dns: [
            ("app.corp.example", Some(vec!["10.1.2.3".to_string()])),
            ("www.example.com", Some(vec!["198.51.100.10".to_string()])),
        ]
        .into_iter()
        .map(|(h, a)| (h.to_string(), a))
        .collect(),
        my_ip: vec!["192.0.2.55".into()],
        now: Some("2026-01-15T09:30:00Z".into()),
        tz: Some("UTC".into()),
        ..PacEnv::default()
    }
}

/// Every helper family on a normal decision path. Expected answers are in `EXPECTED`.
const BODY: &str = r#"
function FindProxyForURL(url, host) {
  if (isPlainHostName(host)) return "DIRECT";
  if (dnsDomainIs(host, ".corp.example") && isInNet(dnsResolve(host), "10.0.0.0", "255.0.0.0")) return "DIRECT";
  if (shExpMatch(url, "*://*.files.example/*")) return "PROXY files.example:8080";
  if (localHostOrDomainIs(host, "intranet.example")) return "DIRECT";
  if (dnsDomainLevels(host) > 3) return "PROXY deep.example:8080";
  if (isInNet(myIpAddress(), "192.0.2.0", "255.255.255.0") && weekdayRange("MON", "FRI") && timeRange(8, 18))
    return "PROXY office.example:8080; PROXY backup.example:8080; DIRECT";
  return "PROXY other.example:3128";
}
"#;

const URLS: [&str; 6] = [
    "http://printer/",
    "http://app.corp.example/x",
    "http://dl.files.example/a.zip",
    "http://intranet/",
    "http://a.b.c.d.example/",
    "http://www.example.com/",
];

const EXPECTED: [&str; 6] = [
    "DIRECT",
    "DIRECT",
    "PROXY files.example:8080",
    "DIRECT",
    "PROXY deep.example:8080",
    "PROXY office.example:8080; PROXY backup.example:8080; DIRECT",
];

fn run(source: &str) -> PacReport {
    let urls: Vec<String> = URLS.iter().map(|u| (*u).to_string()).collect();
    let start = Instant::now();
    let report = netdiag_pac::evaluate(source, &urls, &env());
    assert!(start.elapsed() < BOUND, "took {:?}", start.elapsed());
    report
}

/// The tampering runs at the top level, before any helper is called.
fn assert_unaffected(name: &str, tampering: &str) {
    let report = run(&format!("{tampering}\n{BODY}"));
    assert!(report.error.is_none(), "{name}: {:?}", report.error);
    let answers: Vec<Option<&str>> = report.results.iter().map(|r| r.result.as_deref()).collect();
    let expected: Vec<Option<&str>> = EXPECTED.iter().map(|e| Some(*e)).collect();
    assert_eq!(
        answers,
        expected,
        "{name}: {:?}",
        report.results.iter().map(|r| &r.error).collect::<Vec<_>>()
    );
    let last = report.results.last().expect("a result");
    assert_eq!(
        last.primary.as_deref(),
        Some("office.example:8080"),
        "{name}"
    );
    assert_eq!(
        last.secondary.as_deref(),
        Some("backup.example:8080"),
        "{name}"
    );
    assert!(last.fallback_direct, "{name}");
}

#[test]
fn the_untampered_body_gives_the_expected_answers() {
    // The baseline the tampering cases are compared with.
    assert_unaffected("baseline", "");
}

#[test]
fn string_prototype_methods_replaced_or_throwing() {
    let cases = [
        (
            "toLowerCase throws",
            "String.prototype.toLowerCase = function () { throw 1; };",
        ),
        (
            "toUpperCase throws",
            "String.prototype.toUpperCase = function () { throw new Error('no'); };",
        ),
        (
            "split as a throwing getter",
            "Object.defineProperty(String.prototype, 'split', { get: function () { throw new Error('split getter'); } });",
        ),
        (
            "every common method lies",
            "['indexOf','lastIndexOf','substring','substr','slice','charAt','charCodeAt','endsWith','startsWith','includes','trim','replace','match','search','concat','padStart']\
             .forEach(function (m) { String.prototype[m] = function () { return -1; }; });",
        ),
        (
            "toString and valueOf lie",
            "String.prototype.toString = function () { return 'PROXY evil.example:1'; }; String.prototype.valueOf = String.prototype.toString;",
        ),
        (
            "String itself replaced",
            "String = function () { throw 2; }; String.fromCharCode = null;",
        ),
    ];
    for (name, tampering) in cases {
        assert_unaffected(name, tampering);
    }
}

#[test]
fn regexp_prototype_methods_replaced() {
    let cases = [
        (
            "exec returns a match for everything",
            "RegExp.prototype.exec = function () { return ['x']; };",
        ),
        (
            "test always true",
            "RegExp.prototype.test = function () { return true; };",
        ),
        (
            "exec throws",
            "RegExp.prototype.exec = function () { throw new Error('exec'); };",
        ),
        (
            "Symbol.match and Symbol.replace hijacked",
            "RegExp.prototype[Symbol.match] = function () { return null; }; RegExp.prototype[Symbol.replace] = function () { return 'x'; };",
        ),
        (
            "RegExp constructor replaced",
            "RegExp = function () { throw 3; };",
        ),
        (
            "flags and source as throwing getters",
            "Object.defineProperty(RegExp.prototype, 'flags', { get: function () { throw 4; } });\
             Object.defineProperty(RegExp.prototype, 'global', { get: function () { throw 5; } });",
        ),
    ];
    for (name, tampering) in cases {
        assert_unaffected(name, tampering);
    }
}

#[test]
fn array_prototype_methods_replaced() {
    let cases = [
        (
            "join hijacked",
            "Array.prototype.join = function () { return 'PROXY evil.example:1'; };",
        ),
        (
            "push and map throw",
            "Array.prototype.push = function () { throw 6; }; Array.prototype.map = Array.prototype.push;",
        ),
        (
            "index 0 as a throwing getter",
            "Object.defineProperty(Array.prototype, '0', { get: function () { throw 7; }, set: function () { throw 8; } });",
        ),
        (
            "iterator throws",
            "Array.prototype[Symbol.iterator] = function () { throw 9; };",
        ),
        (
            "Array itself replaced",
            "Array = function () { throw 10; }; Array.isArray = null;",
        ),
    ];
    for (name, tampering) in cases {
        assert_unaffected(name, tampering);
    }
}

#[test]
fn object_function_and_error_prototypes_tampered() {
    let cases = [
        (
            "toString and valueOf throw",
            "Object.prototype.toString = function () { throw 11; }; Object.prototype.valueOf = function () { throw 12; };",
        ),
        (
            "a throwing getter on every object for common names",
            "['then','length','message','name','constructor','toJSON'].forEach(function (n) {\
               try { Object.defineProperty(Object.prototype, n, { get: function () { throw 13; }, configurable: true }); } catch (e) {}\
             });",
        ),
        (
            "Symbol.toPrimitive on Object.prototype",
            "Object.prototype[Symbol.toPrimitive] = function () { throw 14; };",
        ),
        (
            "call, apply and bind replaced",
            "Function.prototype.call = Function.prototype.apply = Function.prototype.bind = function () { throw 15; };",
        ),
        (
            "Error.prototype.toString throws",
            "Error.prototype.toString = function () { throw 16; };",
        ),
        (
            "Object.defineProperty replaced afterwards",
            "Object.defineProperty = function () { throw 17; }; Object.keys = null;",
        ),
        (
            "prototypes frozen",
            "Object.freeze(String.prototype); Object.freeze(Array.prototype); Object.freeze(Object.prototype);",
        ),
    ];
    for (name, tampering) in cases {
        assert_unaffected(name, tampering);
    }
}

#[test]
fn tampering_inside_the_entry_point_does_not_reach_the_helpers() {
    // The PAC breaks things on every call, then calls the helpers.
    let body = BODY.replacen(
        "function FindProxyForURL(url, host) {",
        "function FindProxyForURL(url, host) {\n  String.prototype.toLowerCase = function () { throw 1; };\n  RegExp.prototype.exec = function () { return ['x']; };\n  Array.prototype.join = function () { return 'x'; };",
        1,
    );
    let report = run(&body);
    assert!(report.error.is_none(), "{:?}", report.error);
    let answers: Vec<&str> = report
        .results
        .iter()
        .filter_map(|r| r.result.as_deref())
        .collect();
    assert_eq!(answers, EXPECTED.to_vec());
}

/// A PAC that uses what it broke: a runtime error naming the line, and the next URL still works.
fn assert_runtime_error_at(source: &str, lines: std::ops::RangeInclusive<u32>, message_part: &str) {
    let report = run(source);
    assert!(report.error.is_none(), "{source}: {:?}", report.error);
    let first = report.results.first().expect("a result");
    let err = first
        .error
        .clone()
        .unwrap_or_else(|| panic!("{source}: no error, got {:?}", first.result));
    assert_eq!(err.kind, "runtime", "{source}: {err:?}");
    assert!(
        err.line.is_some_and(|l| lines.contains(&l)),
        "{source}: {err:?}"
    );
    assert!(
        err.message.contains(message_part),
        "{source}: {}",
        err.message
    );
}

#[test]
fn a_pac_that_uses_what_it_broke_gets_a_runtime_error_with_the_line() {
    assert_runtime_error_at(
        "String.prototype.toLowerCase = function () { throw new Error('lowercase broken'); };\nfunction FindProxyForURL(url, host) {\n  var h = host.toLowerCase();\n  return 'DIRECT';\n}",
        3..=3,
        "lowercase broken",
    );
    assert_runtime_error_at(
        "Object.defineProperty(String.prototype, 'split', { get: function () { throw new TypeError('split getter'); } });\nfunction FindProxyForURL(url, host) {\n  var parts = host.split('.');\n  return 'DIRECT';\n}",
        // boa places an error thrown by a getter at the calling function's start (line 2),
        // not at the access (line 3): still inside the entry point the user reads.
        2..=3,
        "split getter",
    );
    assert_runtime_error_at(
        "RegExp.prototype.exec = function () { throw new Error('exec replaced'); };\nfunction FindProxyForURL(url, host) {\n  if (/corp/.test(host)) return 'DIRECT';\n  return 'DIRECT';\n}",
        3..=3,
        "exec replaced",
    );
}

#[test]
fn hijacked_join_is_the_pacs_own_answer_and_is_still_parsed_in_rust() {
    // The PAC builds its answer with the join it replaced: that answer is what a browser would
    // get too. The answer parser is Rust, so the chain is read correctly.
    let report = run(
        "Array.prototype.join = function () { return 'PROXY hijack.example:8080;   DIRECT'; };\nfunction FindProxyForURL(url, host) { return ['PROXY a.example:1', 'DIRECT'].join('; '); }",
    );
    let r = report.results.first().expect("a result");
    assert_eq!(r.primary.as_deref(), Some("hijack.example:8080"));
    assert!(r.fallback_direct);
}

#[test]
fn thrown_objects_with_hostile_conversions_are_bounded() {
    // Describing what was thrown must not run the PAC's code without limits.
    for thrown in [
        "{ toString: function () { while (true) {} } }",
        "{ get message() { while (true) {} }, toString: function () { throw 1; } }",
        "{ toString: function () { return this.toString(); } }",
        "(function () { var e = new Error('x'); Object.defineProperty(e, 'message', { get: function () { throw e; } }); return e; })()",
    ] {
        let source = format!("function FindProxyForURL(url, host) {{\n  throw {thrown};\n}}");
        let report = run(&source);
        let err = report.results.first().and_then(|r| r.error.clone());
        let err = err.unwrap_or_else(|| panic!("{thrown}: no error"));
        assert!(
            matches!(err.kind.as_str(), "runtime" | "limit"),
            "{thrown}: {err:?}"
        );
        assert!(!err.message.is_empty(), "{thrown}");
    }
}

#[test]
fn a_string_object_answer_is_refused_even_with_a_lying_to_string() {
    // Browsers accept only a primitive string; a String object must not be converted by
    // calling the PAC's own (tampered) toString.
    let report = run(
        "String.prototype.toString = function () { throw new Error('converted'); };\nfunction FindProxyForURL(url, host) { return new String('DIRECT'); }",
    );
    let r = report.results.first().expect("a result");
    let err = r.error.clone().expect("an error");
    assert!(!err.message.contains("converted"), "{err:?}");
    assert_eq!(r.result, None);
}

#[test]
fn the_pac_sees_no_dom_no_network_and_no_host_object_beyond_the_helpers() {
    // Names a browser, a Worker, Node or Deno would offer; none may exist for a PAC.
    let names = [
        "window",
        "document",
        "self",
        "navigator",
        "location",
        "fetch",
        "XMLHttpRequest",
        "WebSocket",
        "EventSource",
        "importScripts",
        "postMessage",
        "Worker",
        "WebAssembly",
        "localStorage",
        "indexedDB",
        "caches",
        "require",
        "process",
        "module",
        "Deno",
        "setTimeout",
        "setInterval",
        "queueMicrotask",
        "wasm_bindgen",
    ];
    let list = names.map(|n| format!("'{n}'")).join(",");
    let source = format!(
        "function FindProxyForURL(url, host) {{\n  var found = [{list}].filter(function (n) {{ return typeof globalThis[n] !== 'undefined'; }});\n  return found.length ? 'PROXY ' + found.join('-') + '.found:1' : 'DIRECT';\n}}"
    );
    let report = run(&source);
    let r = report.results.first().expect("a result");
    assert_eq!(r.error, None);
    assert_eq!(
        r.result.as_deref(),
        Some("DIRECT"),
        "host objects visible: {:?}",
        r.result
    );
}
