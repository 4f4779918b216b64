//! Binding tests of parse, diagnose, diagnoseMarkdown, compareConfigs, compareZscaler and
//! triage: each returns exactly the library's result as the CLI's JSON (numbers included), and
//! bad arguments become a JS `Error` with a message that names the argument.
#![cfg(target_arch = "wasm32")]

use netdiag_core::compare::{compare_texts, compare_with_zscaler};
use netdiag_core::diagnose::{DiagnoseInput, DiagnoseReport, HealthCode, diagnose, to_markdown};
use netdiag_core::parsers::{ParseReport, parse_paste};
use netdiag_core::triage::{Area, Impact, StepStatus, Symptom, TriageReport, triage};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const SESSION: &str = include_str!("../../../tests/fixtures/cisco-session.txt");

const SIDE_A: &str =
    "version = ikev2\nike = aes256-sha256-modp2048\nesp = aes256-sha256\npfs = none\n";
const SIDE_B: &str =
    "version = ikev2\nike = aes128-sha1-modp2048\nesp = aes256-sha256\npfs = group14\n";

fn js_json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).expect("test JSON parses")
}

/// The JS value as serde_json sees it after `JSON.stringify` (what a page script would see).
fn as_json(v: &JsValue) -> serde_json::Value {
    serde_json::from_str(&stringify(v)).expect("valid JSON")
}

fn stringify(v: &JsValue) -> String {
    String::from(js_sys::JSON::stringify(v).expect("stringifies"))
}

/// What a page script gets from the CLI's output: its JSON text read by `JSON.parse`, written
/// back by `JSON.stringify` (so `0.0` and `0` compare equal, as they do in JS).
fn cli_json<T: serde::Serialize>(value: &T) -> String {
    let text = serde_json::to_string_pretty(value).expect("to JSON");
    stringify(&js_json(&text))
}

fn error_message(err: JsValue) -> String {
    let err = err
        .dyn_ref::<js_sys::Error>()
        .expect("a JS Error, not a string");
    String::from(err.message())
}

#[wasm_bindgen_test]
fn parse_returns_the_cli_json() {
    let out = netdiag_wasm::parse(SESSION.to_string()).expect("parses");
    assert_eq!(stringify(&out), cli_json(&parse_paste(SESSION)));
    let got = as_json(&out);
    // Confidences are f32 in the library: the page sees the CLI's shortest decimal, not the
    // widened f64 (0.98, never 0.9800000190734863).
    let isakmp = &got["blocks"][1];
    assert_eq!(isakmp["kind"], "cisco_ios.show_crypto_isakmp_sa");
    assert_eq!(isakmp["confidence"].to_string(), "0.98");
    assert!(stringify(&out).contains(r#""confidence":0.98,"#));
    assert_eq!(got["blocks"][0]["kind"], "unrecognised");
    assert!(got["blocks"][0]["records"].is_null());
    // The JS value reads back into the library's DTO (records by kind) and equals it.
    let back: ParseReport = serde_wasm_bindgen::from_value(out).expect("a ParseReport");
    assert_eq!(back, parse_paste(SESSION));
}

#[wasm_bindgen_test]
fn parse_of_empty_text_is_an_empty_report() {
    let got = as_json(&netdiag_wasm::parse(String::new()).expect("no throw"));
    assert_eq!(got["blocks"], serde_json::json!([]));
}

#[wasm_bindgen_test]
fn diagnose_round_trips_into_the_library_dto() {
    let input = js_json(
        &serde_json::json!({ "pastes": [{ "name": "r1.txt", "text": SESSION }] }).to_string(),
    );
    let out = netdiag_wasm::diagnose(input).expect("diagnoses");
    let got: DiagnoseReport =
        serde_wasm_bindgen::from_value(out.clone()).expect("a DiagnoseReport");
    let want = diagnose(&DiagnoseInput::from_text(SESSION));
    assert_eq!(got, want);
    assert_eq!(got.code, HealthCode::UnHealthy);
    assert!(
        got.findings.iter().any(|f| f.id == "OneWayTraffic"),
        "{:#?}",
        got.findings
    );
    assert_eq!(stringify(&out), cli_json(&want));
}

#[wasm_bindgen_test]
fn diagnose_bad_input_is_a_js_error() {
    let err = netdiag_wasm::diagnose(js_json(r#"{"pastes": 5}"#)).expect_err("rejected");
    assert!(error_message(err.into()).starts_with("argument `input`"));
    let err =
        netdiag_wasm::diagnose(js_json(r#"{"pac": {"results": "x"}}"#)).expect_err("rejected");
    assert!(error_message(err.into()).contains("input"));
}

#[wasm_bindgen_test]
fn diagnose_markdown_is_the_library_markdown() {
    let report = diagnose(&DiagnoseInput::from_text(SESSION));
    let js = js_json(&serde_json::to_string(&report).expect("to JSON"));
    let md = netdiag_wasm::diagnose_markdown(js).expect("renders");
    assert_eq!(md, to_markdown(&report));
    assert!(md.contains("OneWayTraffic"));
    let err = netdiag_wasm::diagnose_markdown(js_json("[]")).expect_err("rejected");
    assert!(error_message(err.into()).starts_with("argument `report`"));
}

#[wasm_bindgen_test]
fn compare_configs_flags_the_mismatch() {
    let out = netdiag_wasm::compare_configs(SIDE_A.into(), SIDE_B.into()).expect("compares");
    assert_eq!(
        stringify(&out),
        cli_json(&compare_texts(SIDE_A, SIDE_B).expect("library"))
    );
    let got = as_json(&out);
    let pfs = got["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["parameter"] == "PFS")
        .expect("a PFS row");
    assert_eq!(pfs["status"], "mismatch");
    assert!(got["mismatches"].as_u64().unwrap_or(0) >= 2);
}

#[wasm_bindgen_test]
fn compare_unreadable_side_is_a_js_error() {
    let err = netdiag_wasm::compare_configs("hello".into(), SIDE_B.into()).expect_err("rejected");
    assert!(error_message(err.into()).starts_with("side A:"));
    let err = netdiag_wasm::compare_zscaler(String::new()).expect_err("rejected");
    assert!(error_message(err.into()).starts_with("side A:"));
}

#[wasm_bindgen_test]
fn compare_zscaler_is_the_library_comparison() {
    let a = "version = ikev2\nike = aes256-sha256-modp2048\nesp = aes256-sha256\npfs = none\nlocal_id = address 198.51.100.1\nauth = psk\n";
    let out = netdiag_wasm::compare_zscaler(a.into()).expect("compares");
    assert_eq!(
        stringify(&out),
        cli_json(&compare_with_zscaler(a).expect("library"))
    );
    let got = as_json(&out);
    assert_eq!(got["b"]["format"], "preset");
}

#[wasm_bindgen_test]
fn triage_round_trips_and_ticks_from_the_paste() {
    let impact = js_json(r#"{"area": "ipsec", "symptom": "no_traffic"}"#);
    let input = js_json(&serde_json::json!({ "pastes": [SESSION] }).to_string());
    let out = netdiag_wasm::triage(impact, input).expect("triage");
    let got: TriageReport = serde_wasm_bindgen::from_value(out).expect("a TriageReport");
    let want = triage(
        Impact {
            area: Area::Ipsec,
            symptom: Symptom::NoTraffic,
        },
        &DiagnoseInput::from_text(SESSION),
    );
    assert_eq!(got, want);
    let counters = got
        .steps
        .iter()
        .find(|s| s.id == "counters")
        .expect("counters step");
    assert_eq!(counters.status, StepStatus::Problem);
    // No input at all is allowed: the checklist with nothing ticked.
    let empty = netdiag_wasm::triage(
        js_json(r#"{"area": "gre", "symptom": "hard_down"}"#),
        JsValue::UNDEFINED,
    )
    .expect("no input");
    let empty: TriageReport = serde_wasm_bindgen::from_value(empty).expect("a TriageReport");
    assert_eq!(empty.covered, 0);
}

#[wasm_bindgen_test]
fn triage_bad_impact_is_a_js_error() {
    let err = netdiag_wasm::triage(
        js_json(r#"{"area": "ssl", "symptom": "flapping"}"#),
        JsValue::NULL,
    )
    .expect_err("rejected");
    assert!(error_message(err.into()).starts_with("argument `impact`"));
}
