//! Binding tests of the PAC review exports (`lintPac`, `diffPac`): they return exactly the
//! library's DTOs and JSON, and bad arguments become a JS `Error` naming the argument.
#![cfg(target_arch = "wasm32")]

use netdiag_core::pac::PacEnv;
use netdiag_core::pac_review::{DiffReport, LintOptions, LintReport};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const OLD: &str = r#"function FindProxyForURL(url, host) {
  if (dnsDomainIs(host, "corp.example")) return "DIRECT";
  return "PROXY a.example:80; PROXY b.example:80; DIRECT";
}
"#;

const NEW: &str = r#"function FindProxyForURL(url, host) {
  if (dnsDomainIs(host, ".corp.example")) return "DIRECT";
  if (shExpMatch(host, "*.okta.com")) return "DIRECT";
  return "PROXY a.example:80; PROXY b.example:80; DIRECT";
}
"#;

const ENV: &str = r#"{"now": "2026-01-05T10:00:00Z", "tz": "UTC"}"#;

fn js_json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).expect("test JSON parses")
}

fn json_of(value: &JsValue) -> serde_json::Value {
    let text = String::from(js_sys::JSON::stringify(value).expect("stringifies"));
    serde_json::from_str(&text).expect("valid JSON")
}

/// Numbers as f64: JS prints the f32 `confidence` 1.0 as `1`, serde_json as `1.0`.
fn normalized(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::Number(n) => n
            .as_f64()
            .and_then(serde_json::Number::from_f64)
            .map_or(Value::Null, Value::Number),
        Value::Array(a) => Value::Array(a.into_iter().map(normalized).collect()),
        Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (k, normalized(v))).collect()),
        other => other,
    }
}

fn error_message(err: &JsValue) -> String {
    let err = err
        .dyn_ref::<js_sys::Error>()
        .expect("a JS Error, not a string");
    String::from(err.message())
}

#[wasm_bindgen_test]
fn lint_round_trips_and_is_the_cli_json() {
    let out = netdiag_wasm::lint_pac(OLD.to_string(), JsValue::UNDEFINED).expect("lints");
    let want = netdiag_pac::lint::lint(OLD, &LintOptions::default());
    assert_eq!(
        normalized(json_of(&out)),
        normalized(serde_json::to_value(&want).expect("to JSON"))
    );
    let got: LintReport = serde_wasm_bindgen::from_value(out).expect("a LintReport");
    assert_eq!(got, want);
    assert!(got.findings.iter().any(|f| f.id == "PacPatternTooBroad"));
}

#[wasm_bindgen_test]
fn lint_options_are_read_and_bad_ones_throw() {
    let opts = js_json(r#"{"idp_domains": [], "max_bytes": 10}"#);
    let out = netdiag_wasm::lint_pac(OLD.to_string(), opts).expect("lints");
    let got: LintReport = serde_wasm_bindgen::from_value(out).expect("a LintReport");
    assert!(got.findings.iter().any(|f| f.id == "PacTooLarge"));
    assert!(!got.findings.iter().any(|f| f.id == "PacIdpProxied"));
    let err = netdiag_wasm::lint_pac(OLD.to_string(), js_json(r#"{"max_bytes": "big"}"#))
        .map_err(JsValue::from)
        .expect_err("must throw");
    assert!(
        error_message(&err).contains("options"),
        "{}",
        error_message(&err)
    );
}

#[wasm_bindgen_test]
fn diff_round_trips_and_is_the_cli_json() {
    let out =
        netdiag_wasm::diff_pac(OLD.into(), NEW.into(), js_json("[]"), js_json(ENV)).expect("diffs");
    let env: PacEnv = serde_json::from_str(ENV).expect("env parses");
    let want = netdiag_pac::diff::diff(OLD, NEW, &[], &env);
    assert_eq!(json_of(&out), serde_json::to_value(&want).expect("to JSON"));
    let got: DiffReport = serde_wasm_bindgen::from_value(out).expect("a DiffReport");
    assert_eq!(got, want);
    assert!(got.generated_urls);
    assert!(
        got.changed
            .iter()
            .any(|c| c.url == "https://www.okta.com/" && c.bypass_flip)
    );
}

#[wasm_bindgen_test]
fn diff_bad_arguments_throw_naming_them() {
    let err = netdiag_wasm::diff_pac(OLD.into(), NEW.into(), JsValue::from_str("x"), js_json(ENV))
        .map_err(JsValue::from)
        .expect_err("must throw");
    assert!(
        error_message(&err).contains("urls"),
        "{}",
        error_message(&err)
    );
    let err = netdiag_wasm::diff_pac(
        OLD.into(),
        NEW.into(),
        JsValue::NULL,
        JsValue::from_f64(1.0),
    )
    .map_err(JsValue::from)
    .expect_err("must throw");
    assert!(
        error_message(&err).contains("env"),
        "{}",
        error_message(&err)
    );
}
