//! Binding tests: the wasm exports return exactly the DTOs (and the JSON) of the library, and
//! bad arguments become a JS `Error` instead of a panic. Run under node with
//! `wasm-bindgen-test-runner` (scripts/test.sh).
#![cfg(target_arch = "wasm32")]

use netdiag_core::pac::{PacEnv, PacReport};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const PAC: &str = r#"function FindProxyForURL(url, host) {
  if (isPlainHostName(host)) return "DIRECT";
  if (dnsResolve(host) == "192.0.2.10") return "DIRECT";
  return "PROXY a.example:80; PROXY b.example:8080; DIRECT";
}
"#;

const ENV: &str = r#"{"now": "2026-01-05T10:00:00Z", "tz": "UTC", "my_ip": ["192.0.2.99"],
  "dns": {"intranet.example": "192.0.2.10", "gone.example": null},
  "macros": {"GATEWAY": "gw.example"}, "client": "chromium", "keep_url": false}"#;

fn js_json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).expect("test JSON parses")
}

fn urls(list: &[&str]) -> JsValue {
    serde_wasm_bindgen::to_value(list).expect("urls convert")
}

fn call(source: &str, urls: JsValue, env: JsValue) -> Result<JsValue, JsValue> {
    netdiag_wasm::evaluate_pac(source.to_string(), urls, env).map_err(JsValue::from)
}

fn error_message(err: &JsValue) -> String {
    let err = err
        .dyn_ref::<js_sys::Error>()
        .expect("a JS Error, not a string");
    String::from(err.message())
}

const TEST_URLS: [&str; 3] = [
    "http://intranet/",
    "https://intranet.example/path?q=1",
    "http://www.example.com/",
];

#[wasm_bindgen_test]
fn report_round_trips_into_the_library_dto() {
    let out = call(PAC, urls(&TEST_URLS), js_json(ENV)).expect("evaluates");
    let got: PacReport = serde_wasm_bindgen::from_value(out).expect("output is a PacReport");
    let env: PacEnv = serde_json::from_str(ENV).expect("env parses");
    let owned: Vec<String> = TEST_URLS.iter().map(|u| (*u).to_string()).collect();
    assert_eq!(got, netdiag_pac::evaluate(PAC, &owned, &env));
    assert_eq!(got.results.len(), 3);
    let last = got.results.get(2).expect("third result");
    assert_eq!(last.primary.as_deref(), Some("a.example:80"));
    assert_eq!(last.secondary.as_deref(), Some("b.example:8080"));
    assert!(last.fallback_direct);
    assert!(got.results.first().expect("first").bypass);
}

#[wasm_bindgen_test]
fn output_is_the_cli_json_shape() {
    // JSON.stringify drops `undefined` and prints a JS Map as `{}`; comparing the stringified
    // output with serde_json proves None became null and maps became plain objects.
    let out = call(PAC, urls(&TEST_URLS), js_json(ENV)).expect("evaluates");
    let text = String::from(js_sys::JSON::stringify(&out).expect("stringifies"));
    let got: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let env: PacEnv = serde_json::from_str(ENV).expect("env parses");
    let owned: Vec<String> = TEST_URLS.iter().map(|u| (*u).to_string()).collect();
    let want = serde_json::to_value(netdiag_pac::evaluate(PAC, &owned, &env)).expect("to JSON");
    assert_eq!(got, want);
    assert!(got["error"].is_null());
    assert!(got["env"]["dns"]["gone.example"].is_null());
    assert_eq!(got["env"]["dns"]["intranet.example"][0], "192.0.2.10");
}

#[wasm_bindgen_test]
fn json_export_is_the_cli_json_text() {
    // evaluatePacJson (the page's fast path) must print exactly what the CLI prints for the
    // same inputs, and parse to the same object as evaluatePac.
    let urls_json = serde_json::to_string(&TEST_URLS).expect("urls to JSON");
    let text = netdiag_wasm::evaluate_pac_json(PAC.to_string(), urls_json, ENV.to_string(), None)
        .map_err(JsValue::from)
        .expect("evaluates");
    let env: PacEnv = serde_json::from_str(ENV).expect("env parses");
    let owned: Vec<String> = TEST_URLS.iter().map(|u| (*u).to_string()).collect();
    let want = netdiag_pac::evaluate(PAC, &owned, &env);
    assert_eq!(text, serde_json::to_string(&want).expect("to JSON"));
    let via_js = call(PAC, urls(&TEST_URLS), js_json(ENV)).expect("evaluates");
    let via_js = String::from(js_sys::JSON::stringify(&via_js).expect("stringifies"));
    let a: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let b: serde_json::Value = serde_json::from_str(&via_js).expect("valid JSON");
    assert_eq!(a, b);
}

#[wasm_bindgen_test]
fn json_export_names_the_argument_that_is_not_valid_json() {
    let err =
        netdiag_wasm::evaluate_pac_json(PAC.to_string(), "[1, 2]".to_string(), ENV.into(), None)
            .map_err(JsValue::from)
            .expect_err("numbers are not URLs");
    let message = error_message(&err);
    assert!(message.contains("argument `urls_json`"), "{message}");
    let err = netdiag_wasm::evaluate_pac_json(
        PAC.to_string(),
        "[]".to_string(),
        "{\"tz\": 5}".into(),
        None,
    )
    .map_err(JsValue::from)
    .expect_err("tz is a string");
    let message = error_message(&err);
    assert!(message.contains("argument `env_json`"), "{message}");
    // `null` is no env, as for evaluatePac: a report (with its bad_env error), not a throw.
    let text =
        netdiag_wasm::evaluate_pac_json(PAC.to_string(), "[]".to_string(), "null".into(), None)
            .map_err(JsValue::from)
            .expect("null env is accepted");
    let want = netdiag_pac::evaluate(PAC, &[], &PacEnv::default());
    assert_eq!(text, serde_json::to_string(&want).expect("to JSON"));
}

#[wasm_bindgen_test]
fn json_export_keeps_the_pac_for_the_next_chunk_but_never_another_envs_answers() {
    // The compiled PAC is kept between calls (one entry): a call with another env, another
    // source or in another batch must answer exactly as a fresh evaluation, and a chunk of
    // the same batch must continue where the last one stopped.
    let owned: Vec<String> = TEST_URLS.iter().map(|u| (*u).to_string()).collect();
    let urls_json = serde_json::to_string(&owned).expect("urls to JSON");
    let other_env = ENV.replace("192.0.2.10", "192.0.2.11");
    let stateful = "var n = { v: 0 };\nfunction FindProxyForURL(url, host) { n.v = n.v + 1; return \"PROXY p\" + n.v + \".example:80\"; }";
    let fresh = |source: &str, env: &str, urls: &[String]| {
        let env: PacEnv = serde_json::from_str(env).expect("env parses");
        serde_json::to_string(&netdiag_pac::evaluate(source, urls, &env)).expect("to JSON")
    };
    let json = |source: &str, urls: &str, env: &str, batch: Option<u32>| {
        netdiag_wasm::evaluate_pac_json(
            source.to_string(),
            urls.to_string(),
            env.to_string(),
            batch,
        )
        .map_err(JsValue::from)
        .expect("evaluates")
    };
    let first = json(PAC, &urls_json, ENV, Some(1));
    assert_eq!(first, fresh(PAC, ENV, &owned));
    assert_eq!(
        json(PAC, &urls_json, ENV, Some(1)),
        first,
        "a hit answers as a miss"
    );
    let second = json(PAC, &urls_json, &other_env, Some(1));
    assert_eq!(second, fresh(PAC, &other_env, &owned));
    assert_ne!(
        second, first,
        "the two envs must answer differently for this test to mean anything"
    );
    // State carries on within a batch (as in one call), not into another batch.
    let whole = fresh(stateful, ENV, &owned);
    let whole: PacReport = serde_json::from_str(&whole).expect("report");
    let (head, tail) = owned.split_at(1);
    let head_json = serde_json::to_string(head).expect("urls to JSON");
    let tail_json = serde_json::to_string(tail).expect("urls to JSON");
    let a: PacReport =
        serde_json::from_str(&json(stateful, &head_json, ENV, Some(2))).expect("report");
    let b: PacReport =
        serde_json::from_str(&json(stateful, &tail_json, ENV, Some(2))).expect("report");
    let joined: Vec<_> = a.results.into_iter().chain(b.results).collect();
    assert_eq!(joined, whole.results);
    assert_eq!(
        json(stateful, &head_json, ENV, Some(3)),
        fresh(stateful, ENV, head)
    );
    assert_eq!(
        json(stateful, &head_json, ENV, None),
        fresh(stateful, ENV, head)
    );
}

#[wasm_bindgen_test]
fn env_may_be_omitted_and_missing_fields_are_data() {
    // Without an env the evaluator has no clock (the page and the CLI fill `now`): that is a
    // `bad_env` error in the report, not a throw.
    for env in [JsValue::UNDEFINED, JsValue::NULL] {
        let out = call(PAC, urls(&["http://intranet/"]), env).expect("no throw");
        let got: PacReport = serde_wasm_bindgen::from_value(out).expect("a PacReport");
        assert_eq!(got.error.map(|e| e.kind).as_deref(), Some("bad_env"));
    }
    let out = call(
        PAC,
        urls(&[]),
        js_json(r#"{"now": "2026-01-05T10:00:00Z"}"#),
    )
    .expect("no throw");
    let got: PacReport = serde_wasm_bindgen::from_value(out).expect("a PacReport");
    assert!(got.error.is_none());
    assert!(got.results.is_empty());
}

#[wasm_bindgen_test]
fn bad_urls_argument_is_a_js_error_naming_it() {
    let err = call(PAC, JsValue::from_str("http://x/"), js_json(ENV)).expect_err("must throw");
    assert!(
        error_message(&err).contains("urls"),
        "{}",
        error_message(&err)
    );
    let err = call(PAC, js_json("[1, 2]"), js_json(ENV)).expect_err("must throw");
    assert!(error_message(&err).contains("urls"));
}

#[wasm_bindgen_test]
fn bad_env_argument_is_a_js_error_naming_it() {
    let err = call(PAC, urls(&["http://x/"]), JsValue::from_f64(5.0)).expect_err("must throw");
    assert!(
        error_message(&err).contains("env"),
        "{}",
        error_message(&err)
    );
    let err = call(
        PAC,
        urls(&["http://x/"]),
        js_json(r#"{"client": "netscape"}"#),
    )
    .expect_err("unknown client must throw");
    assert!(error_message(&err).contains("env"));
    let err = call(PAC, urls(&["http://x/"]), js_json(r#"{"dns": {"a": 5}}"#))
        .expect_err("a number is no address");
    assert!(error_message(&err).contains("env"));
}

#[wasm_bindgen_test]
fn pac_problems_are_data_not_throws() {
    let out = call(
        "function FindProxyForURL(url, host) {\n  return (;\n}\n",
        urls(&["http://x/"]),
        js_json(ENV),
    )
    .expect("a syntax error is reported, not thrown");
    let got: PacReport = serde_wasm_bindgen::from_value(out).expect("a PacReport");
    let error = got.error.expect("syntax error reported");
    assert_eq!(error.line, Some(2));

    let hostile = "function FindProxyForURL(url, host) { while (true) {} }";
    let out = call(hostile, urls(&["http://x/"]), js_json(ENV)).expect("limits are data");
    let got: PacReport = serde_wasm_bindgen::from_value(out).expect("a PacReport");
    let stopped = got.error.is_some() || got.results.iter().all(|r| r.error.is_some());
    assert!(stopped, "an endless loop must end in an error");
}

// ---------------------------------------------------------------- browser checks

#[wasm_bindgen_test]
fn check_plan_round_trips_and_reports_problems_as_data() {
    use netdiag_core::browser_checks::{CheckPlan, PlanInput};
    let input = r#"{"cloud": "zscaler.net", "proxies": ["gw.example.net:9400", "bad:port:x"]}"#;
    let out = netdiag_wasm::check_plan(js_json(input)).expect("plans");
    let got: CheckPlan = serde_wasm_bindgen::from_value(out).expect("output is a CheckPlan");
    let want: PlanInput = serde_json::from_str(input).expect("input parses");
    assert_eq!(got, netdiag_core::browser_checks::check_plan(&want));
    assert_eq!(got.problems.len(), 1);
    assert_eq!(got.problems[0].line, Some(2));
    let err = netdiag_wasm::check_plan(js_json(r#"{"samples": "ten"}"#))
        .map_err(JsValue::from)
        .expect_err("bad samples type");
    assert!(error_message(&err).contains("argument `input`"));
}

#[wasm_bindgen_test]
fn summarize_check_gives_the_evidence_dto_and_errors_on_bad_samples() {
    use netdiag_core::checks::{CheckResult, Verdict};
    let set = r#"{"id": "proxy-1", "target": "http://gw.example.net:9400/", "kind": "proxy",
        "samples": [{"outcome": "answered", "ms": 20, "status": 403},
                    {"outcome": "timed_out", "ms": 3000}], "timeout_ms": 3000}"#;
    let out = netdiag_wasm::summarize_check(js_json(set)).expect("summarizes");
    let got: CheckResult = serde_wasm_bindgen::from_value(out).expect("output is a CheckResult");
    assert_eq!(got.verdict, Verdict::Answered);
    assert_eq!(got.status_codes, [403]);
    assert_eq!(got.stats.expect("stats").failure_share, 0.5);
    let err =
        netdiag_wasm::summarize_check(js_json(r#"{"id": "x", "target": "t", "samples": []}"#))
            .map_err(JsValue::from)
            .expect_err("no samples");
    assert!(error_message(&err).contains("no samples"));
}

#[wasm_bindgen_test]
fn latency_budget_and_doh_and_markdown() {
    use netdiag_core::browser_checks::{DohAnswer, LatencyBudget};
    let out = netdiag_wasm::latency_budget(js_json(r#"{"distance_km": 4000, "measured_ms": 50}"#))
        .expect("budget");
    let b: LatencyBudget = serde_wasm_bindgen::from_value(out).expect("a LatencyBudget");
    assert_eq!(b.budget_ms, 60.0);
    let err = netdiag_wasm::latency_budget(js_json(
        r#"{"from": {"lat": 91, "lon": 0}, "to": {"lat": 0, "lon": 0}}"#,
    ))
    .map_err(JsValue::from)
    .expect_err("bad latitude");
    assert!(error_message(&err).contains("latitude 91"));
    let out = netdiag_wasm::doh_answer("a.example".into(), "A".into(), "{\"Status\":3}".into())
        .expect("doh");
    let a: DohAnswer = serde_wasm_bindgen::from_value(out).expect("a DohAnswer");
    assert_eq!(a.status_text, "NXDOMAIN");
    let md = netdiag_wasm::checks_markdown(js_json(r#"{"results": {"checks": []}}"#)).expect("md");
    assert!(md.starts_with("# netdiag browser checks"));
}
