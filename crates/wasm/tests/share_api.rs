//! Binding tests of the share exports: states cross as the library's DTOs, links made here
//! open in the library (and back), and bad links become a JS `Error` with the core's message.
#![cfg(target_arch = "wasm32")]

use netdiag_core::share::{self, AppState, Paste};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn sample() -> AppState {
    let mut s = AppState::default();
    s.ui.active_panel = "pac".into();
    s.pac.source = "function FindProxyForURL(u, h) { return \"DIRECT\"; }".into();
    s.pac.test_urls = "https://www.example.com/?token=T0kenValue1\n".into();
    s.pac.env.my_ip = vec!["10.1.2.3".into()];
    s.pac_compare.urls_text = "http://a.example/\n".into();
    s.outputs.pastes.push(Paste {
        name: "R1".into(),
        text: "crypto isakmp key W4smPsk address 192.0.2.1".into(),
    });
    s
}

fn to_js(s: &AppState) -> JsValue {
    js_sys::JSON::parse(&serde_json::to_string(s).expect("serializes")).expect("parses")
}

fn json_of(v: &JsValue) -> String {
    String::from(js_sys::JSON::stringify(v).expect("stringifies"))
}

fn error_message(err: JsValue) -> String {
    let err = err
        .dyn_ref::<js_sys::Error>()
        .expect("a JS Error, not a string");
    String::from(err.message())
}

#[wasm_bindgen_test]
fn links_round_trip_through_the_binding_and_the_library() {
    let s = sample();
    let link = netdiag_wasm::encode_link(to_js(&s)).expect("encodes");
    assert_eq!(link, share::encode_link(&s).expect("library encodes"));
    let back = netdiag_wasm::decode_link(format!("https://x.example/netdiag.html{link}"))
        .expect("decodes");
    let back: AppState = serde_json::from_str(&json_of(&back)).expect("an AppState");
    assert_eq!(back, s);
}

#[wasm_bindgen_test]
fn bad_links_are_js_errors_with_the_core_message() {
    let link = share::encode_link(&sample()).expect("encodes");
    let cut = link.get(..link.len() / 2).expect("half").to_string();
    let err = netdiag_wasm::decode_link(cut)
        .map_err(JsValue::from)
        .unwrap_err();
    assert!(error_message(err).starts_with("the link is truncated"));
    let err = netdiag_wasm::decode_link(link.replace("#v1=", "#v2="))
        .map_err(JsValue::from)
        .unwrap_err();
    assert!(error_message(err).contains("newer netdiag (v2)"));
    let err = netdiag_wasm::encode_link(JsValue::from_str("nope"))
        .map_err(JsValue::from)
        .unwrap_err();
    assert!(error_message(err).starts_with("argument `state`"));
}

#[wasm_bindgen_test]
fn redaction_markdown_and_json_match_the_library() {
    let s = sample();
    let out = netdiag_wasm::redact_state(to_js(&s), JsValue::UNDEFINED).expect("redacts");
    let got: serde_json::Value = serde_json::from_str(&json_of(&out)).expect("json");
    let want = serde_json::to_value(
        share::redact_state(&s, &share::RedactOptions::default()).expect("library redacts"),
    )
    .expect("json");
    assert_eq!(got, want);
    assert_eq!(got["items"].as_array().map(Vec::len), Some(2));

    let opts =
        js_sys::JSON::parse(r#"{"anonymize_ips": true, "anonymize_key": "k"}"#).expect("opts");
    let out = netdiag_wasm::redact_state(to_js(&s), opts).expect("anonymises");
    let got: serde_json::Value = serde_json::from_str(&json_of(&out)).expect("json");
    assert!(!got["state"].to_string().contains("10.1.2.3"));
    assert_eq!(got["ip_mappings"][0]["original"], "10.1.2.3");

    let md = netdiag_wasm::export_markdown(to_js(&s), JsValue::NULL).expect("markdown");
    assert!(md.starts_with("# netdiag diagnostic report"));
    assert!(!md.contains("W4smPsk"));

    let json = netdiag_wasm::state_to_json(to_js(&s)).expect("json");
    assert_eq!(json, share::state_to_json(&s).expect("library json"));
    let back = netdiag_wasm::state_from_json(json).expect("reads back");
    let back: AppState = serde_json::from_str(&json_of(&back)).expect("an AppState");
    assert_eq!(back, s);

    let info = netdiag_wasm::link_info(30_000).expect("info");
    assert!(json_of(&info).contains("\"fits_teams\":false"));
}
