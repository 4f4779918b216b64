//! `netdiag share encode|decode` and `netdiag redact`, run as a user would.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn netdiag(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_netdiag"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let input = stdin.unwrap_or("").to_string();
    let mut pipe = child.stdin.take().unwrap();
    std::thread::spawn(move || {
        let _ = pipe.write_all(input.as_bytes());
    });
    child.wait_with_output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn temp_file(name: &str, content: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("netdiag-share-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, content).unwrap();
    p
}

const STATE: &str = r#"{
  "version": 1,
  "ui": {"active_panel": "outputs"},
  "pac": {"source": "function FindProxyForURL(u, h) { return \"PROXY 203.0.113.7:8080\"; }",
          "test_urls": "https://www.example.com/\n", "env": {"my_ip": ["10.1.2.3"]}},
  "outputs": {"pastes": [{"name": "R1", "text": "hostname R1\ncrypto isakmp key S3cretPsk! address 10.9.8.7\n"}]}
}"#;

#[test]
fn encode_redacts_by_default_and_decode_restores() {
    let state = temp_file("state.json", STATE);
    let out = netdiag(&["share", "encode", state.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let link = text(&out.stdout).trim().to_string();
    assert!(link.starts_with("#v1="), "{link}");
    let err = text(&out.stderr);
    assert!(err.contains("redacted 1 secret(s):"), "{err}");
    assert!(
        err.contains("outputs.pastes[0].text line 2: psk S3…(10 chars) -> <redacted:psk>"),
        "{err}"
    );
    assert!(err.contains("link length:"), "{err}");

    let out = netdiag(
        &[
            "share",
            "decode",
            &format!("https://x.example/netdiag.html{link}"),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json["outputs"]["pastes"][0]["text"],
        "hostname R1\ncrypto isakmp key <redacted:psk> address 10.9.8.7\n"
    );
    assert_eq!(json["ui"]["active_panel"], "outputs");
    assert_eq!(json["pac"]["env"]["my_ip"][0], "10.1.2.3");

    // From standard input too.
    let out = netdiag(&["share", "decode", "-"], Some(&link));
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn no_redact_anonymize_and_base() {
    let state = temp_file("state2.json", STATE);
    let p = state.to_str().unwrap();
    let out = netdiag(&["share", "encode", p, "--no-redact"], None);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stderr).contains("--no-redact"));
    let link = text(&out.stdout).trim().to_string();
    let back = netdiag(&["share", "decode", &link], None);
    assert!(text(&back.stdout).contains("S3cretPsk!"));

    let args = [
        "share",
        "encode",
        p,
        "--anonymize-ips",
        "--anonymize-key",
        "k1",
        "--base",
        "https://tools.example.com/netdiag.html#old",
    ];
    let a = netdiag(&args, None);
    let b = netdiag(&args, None);
    assert_eq!(a.stdout, b.stdout, "same key, same link");
    let link = text(&a.stdout).trim().to_string();
    assert!(
        link.starts_with("https://tools.example.com/netdiag.html#v1="),
        "{link}"
    );
    let err = text(&a.stderr);
    assert!(err.contains("anonymised 2 address(es)"), "{err}");
    assert!(err.contains("10.1.2.3 -> 10."), "{err}");
    let json = text(&netdiag(&["share", "decode", &link], None).stdout);
    assert!(!json.contains("10.1.2.3") && !json.contains("10.9.8.7"));
    assert!(
        json.contains("203.0.113.7"),
        "documentation addresses are kept"
    );
}

#[test]
fn bad_links_and_bad_states_exit_2_with_a_message() {
    let state = temp_file("state3.json", STATE);
    let out = netdiag(&["share", "encode", state.to_str().unwrap()], None);
    let link = text(&out.stdout).trim().to_string();
    let cut = &link[..link.len() / 2];
    let out = netdiag(&["share", "decode", cut], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("cannot open the link: the link is truncated"),
        "{}",
        text(&out.stderr)
    );
    assert!(out.stdout.is_empty());

    let out = netdiag(&["share", "decode", &link.replace("#v1=", "#v2=")], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("made by a newer netdiag (v2)"));

    let out = netdiag(&["share", "decode", "https://example.com/"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("not a netdiag link"));

    let bad = temp_file("bad.json", "{\n  \"pac\": {\"source\": 42}\n}");
    let out = netdiag(&["share", "encode", bad.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("line 2"),
        "{}",
        text(&out.stderr)
    );
    let out = netdiag(&["share", "encode", "/nonexistent/state.json"], None);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn long_links_warn_about_chat_limits() {
    // Random-looking text compresses poorly, so the link passes Teams' and Slack's limits.
    let mut x: u64 = 88172645463325252;
    let noise: String = (0..60_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            char::from(b'a' + u8::try_from(x % 26).unwrap())
        })
        .collect();
    let state = temp_file(
        "big.json",
        &format!(r#"{{"outputs": {{"pastes": [{{"text": "{noise}"}}]}}}}"#),
    );
    let out = netdiag(&["share", "encode", state.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(0));
    let err = text(&out.stderr);
    assert!(err.contains("too long for Microsoft Teams"), "{err}");
    assert!(err.contains("too long for Slack"), "{err}");
}

#[test]
fn redact_prints_text_and_lists_items() {
    let cfg =
        "hostname R1\nsnmp-server community N0tPublic RO\nenable secret 5 $1$abcd$efghijklmnop\n";
    let out = netdiag(&["redact", "-"], Some(cfg));
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        text(&out.stdout),
        "hostname R1\nsnmp-server community <redacted:snmp_community> RO\nenable secret 5 <redacted:enable_secret>\n"
    );
    let err = text(&out.stderr);
    assert!(err.contains("redacted 2 secret(s):"), "{err}");
    assert!(
        err.contains("line 2: snmp_community N0…(9 chars) -> <redacted:snmp_community>"),
        "{err}"
    );

    let file = temp_file("cfg.txt", cfg);
    let out = netdiag(
        &["redact", file.to_str().unwrap(), "--format", "json"],
        None,
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["items"].as_array().unwrap().len(), 2);
    assert_eq!(json["items"][1]["kind"], "enable_secret");
    assert_eq!(json["items"][1]["line"], 3);

    let out = netdiag(&["redact", "/nonexistent/file.txt"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("cannot read"));
}
