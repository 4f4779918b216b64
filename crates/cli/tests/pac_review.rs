//! `netdiag pac lint` and `netdiag pac diff` end to end: JSON shape, exit statuses (the CI
//! gate contract), shared env options, URL inputs and standard input.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_netdiag"))
}

fn write(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("netdiag-review-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().unwrap()
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "no JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

const CLEAN: &str = r#"function FindProxyForURL(url, host) {
  if (isPlainHostName(host) || dnsDomainIs(host, ".corp.example")) return "DIRECT";
  return "PROXY p1.example:80; PROXY p2.example:80; DIRECT";
}
"#;

const OLD: &str = r#"function FindProxyForURL(url, host) {
  if (isPlainHostName(host) || dnsDomainIs(host, ".corp.example")) return "DIRECT";
  if (isInNet(dnsResolve(host), "192.0.2.0", "255.255.255.0")) return "DIRECT";
  return "PROXY p1.example:80; PROXY p2.example:80; DIRECT";
}
"#;

const NEW: &str = r#"function FindProxyForURL(url, host) {
  if (isPlainHostName(host) || dnsDomainIs(host, ".corp.example")) return "DIRECT";
  if (shExpMatch(host, "*.okta.com")) return "DIRECT";
  if (isInNet(dnsResolve(host), "192.0.2.0", "255.255.255.0")) return "DIRECT";
  return "PROXY p1.example:80; PROXY p2.example:80; DIRECT";
}
"#;

#[test]
fn lint_json_is_the_findings_object_and_warnings_pass_the_gate() {
    let f = write("clean.pac", CLEAN);
    let out = run(&["pac", "lint", f.to_str().unwrap(), "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&out);
    let findings = v["findings"].as_array().unwrap();
    let ids: Vec<&str> = findings.iter().map(|f| f["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"PacIdpProxied"), "{ids:?}");
    let first = &findings[0];
    for key in [
        "id",
        "severity",
        "summary",
        "detail",
        "evidence",
        "actions",
        "confidence",
    ] {
        assert!(first.get(key).is_some(), "{key} missing in {first}");
    }
    assert_eq!(first["evidence"][0]["block"], "pac");
    assert!(first["evidence"][0]["lines"].is_array());
    // --fail-on warning turns the same warnings into a failing gate.
    let out = run(&["pac", "lint", f.to_str().unwrap(), "--fail-on", "warning"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn lint_error_finding_exits_1_and_text_names_file_and_line() {
    let f = write(
        "bad.pac",
        "function FindProxyForURL(url, host) {\n  return \"PROXIE p.example:80\";\n}\n",
    );
    let out = run(&["pac", "lint", f.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("bad.pac:2: error [PacMalformedReturn]"),
        "{text}"
    );
}

#[test]
fn lint_unusable_inputs_exit_2() {
    let out = run(&["pac", "lint", "/nonexistent/netdiag.pac"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read"));
    let f = write(
        "syntax.pac",
        "function FindProxyForURL(url, host) {\n  return (;\n}\n",
    );
    let out = run(&["pac", "lint", f.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(json(&out)["findings"][0]["id"], "PacSyntaxError");
}

#[test]
fn lint_idp_option_adds_a_domain_and_stdin_works() {
    let mut child = bin()
        .args([
            "pac",
            "lint",
            "-",
            "--format",
            "json",
            "--no-default-idp",
            "--idp",
            "sso.corp.test",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(CLEAN.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let v = json(&out);
    let idp: Vec<&serde_json::Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["id"] == "PacIdpProxied")
        .collect();
    assert_eq!(idp.len(), 1);
    let summary = idp[0]["summary"].as_str().unwrap();
    assert!(
        summary.contains("sso.corp.test") && summary.starts_with("1 "),
        "{summary}"
    );
}

#[test]
fn diff_lists_only_changes_and_exits_1() {
    let (o, n) = (write("old.pac", OLD), write("new.pac", NEW));
    let out = run(&[
        "pac",
        "diff",
        o.to_str().unwrap(),
        n.to_str().unwrap(),
        "--format",
        "json",
        "--now",
        "2026-01-05T10:00:00Z",
        "--tz",
        "UTC",
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&out);
    let changed = v["changed"].as_array().unwrap();
    assert_eq!(changed.len(), 1, "{v}");
    assert_eq!(changed[0]["url"], "https://www.okta.com/");
    assert_eq!(changed[0]["old"]["bypass"], false);
    assert_eq!(changed[0]["new"]["result"], "DIRECT");
    assert_eq!(changed[0]["new"]["rule"]["line"], 3);
    assert_eq!(changed[0]["bypass_flip"], true);
    assert_eq!(
        v["unchanged"].as_u64().unwrap() + 1,
        v["total"].as_u64().unwrap()
    );
    assert_eq!(v["generated_urls"], true);
}

#[test]
fn diff_uses_given_urls_and_env_options() {
    let (o, n) = (write("old2.pac", OLD), write("new2.pac", NEW));
    let list = write(
        "urls.txt",
        "# test URLs\nhttps://app.example/\n\nhttps://sso.okta.com/x\n",
    );
    // app.example resolves into 192.0.2.0/24: DIRECT in both versions, so unchanged.
    let out = run(&[
        "pac",
        "diff",
        o.to_str().unwrap(),
        n.to_str().unwrap(),
        "--format",
        "json",
        "--urls-file",
        list.to_str().unwrap(),
        "--url",
        "http://intranet/",
        "--dns",
        "app.example=192.0.2.5",
        "--now",
        "2026-01-05T10:00:00Z",
    ]);
    let v = json(&out);
    assert_eq!(v["total"], 3);
    assert_eq!(v["generated_urls"], false);
    assert_eq!(v["unchanged"], 2);
    assert_eq!(v["changed"][0]["url"], "https://sso.okta.com/x");
    // Identical versions: exit 0.
    let out = run(&[
        "pac",
        "diff",
        o.to_str().unwrap(),
        o.to_str().unwrap(),
        "--url",
        "https://a.example/",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("0 changed"));
}

#[test]
fn diff_unusable_inputs_exit_2() {
    let o = write("old3.pac", OLD);
    let broken = write("broken.pac", "function FindProxyForURL(url, host) {\n");
    let out = run(&[
        "pac",
        "diff",
        o.to_str().unwrap(),
        broken.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(json(&out)["errors"][0]["version"], "new");
    assert!(String::from_utf8_lossy(&out.stderr).contains("broken.pac:"));
    let out = run(&["pac", "diff", o.to_str().unwrap(), "/nonexistent.pac"]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&[
        "pac",
        "diff",
        o.to_str().unwrap(),
        o.to_str().unwrap(),
        "--dns",
        "nonsense",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--dns"));
}
