//! `netdiag pac eval` end to end: runs the built binary.

use std::io::Write;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_netdiag");
const ZSCALER: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../pac/tests/fixtures/zscaler_style.pac"
);
const WINHTTP_EX: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../pac/tests/fixtures/winhttp_ex.pac"
);
const NOW: &str = "2026-01-15T09:30:00Z";

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env_remove("TZ")
        .output()
        .expect("netdiag runs")
}

fn run_stdin(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("netdiag runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write");
    child.wait_with_output().expect("output")
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("JSON: {e}\n{}", String::from_utf8_lossy(&out.stdout)))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn json_report_has_the_documented_shape() {
    let out = run(&[
        "pac",
        "eval",
        ZSCALER,
        "--url",
        "https://www.example.com/a?b=1",
        "--url",
        "http://wiki/",
        "--dns",
        "www.example.com=203.0.113.10",
        "--macro",
        "GATEWAY=gw1.example.net",
        "--macro",
        "SECONDARY_GATEWAY=gw2.example.net",
        "--now",
        NOW,
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v = json(&out);
    assert_eq!(v["env"]["now"], NOW);
    assert_eq!(v["env"]["tz"], "UTC");
    assert_eq!(v["env"]["dns"]["www.example.com"][0], "203.0.113.10");
    let r = &v["results"][0];
    assert_eq!(r["url"], "https://www.example.com/a?b=1");
    assert_eq!(r["host"], "www.example.com");
    assert_eq!(r["pac_url"], "https://www.example.com/");
    assert_eq!(
        r["result"],
        "PROXY gw1.example.net:80; PROXY gw2.example.net:80; DIRECT"
    );
    assert_eq!(r["entries"][0]["kind"], "PROXY");
    assert_eq!(r["entries"][0]["host"], "gw1.example.net");
    assert_eq!(r["entries"][0]["port"], 80);
    assert_eq!(r["primary"], "gw1.example.net:80");
    assert_eq!(r["secondary"], "gw2.example.net:80");
    assert_eq!(r["bypass"], false);
    assert_eq!(r["fallback_direct"], true);
    assert_eq!(r["rule"]["line"], 20);
    assert_eq!(r["rule"]["column"], 5);
    assert_eq!(r["dns_lookups"][0]["host"], "www.example.com");
    assert_eq!(r["dns_lookups"][0]["source"], "table");
    assert_eq!(r["alerts"].as_array().map(Vec::len), Some(0));
    assert!(r["error"].is_null());
    assert_eq!(v["results"][1]["bypass"], true);
}

#[test]
fn table_output_and_stdin() {
    let pac =
        "function FindProxyForURL(url, host) {\n  return 'PROXY p.example:3128; DIRECT';\n}\n";
    let out = run_stdin(
        &[
            "pac",
            "eval",
            "-",
            "--url",
            "http://a.example/",
            "--now",
            NOW,
        ],
        pac,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let table = text(&out.stdout);
    let header = table.lines().next().expect("header");
    for col in [
        "URL",
        "ANSWER",
        "PRIMARY",
        "SECONDARY",
        "BYPASS",
        "RULE",
        "DNS",
        "ERROR",
    ] {
        assert!(header.contains(col), "{header}");
    }
    assert!(table.contains("p.example:3128"), "{table}");
    assert!(table.contains("2:3"), "rule line:column\n{table}");
    assert!(
        table.contains("evaluator: native subset (no JavaScript engine)"),
        "{table}"
    );
    let looped = "function FindProxyForURL(url, host) {\n  for (;;) { return 'DIRECT'; }\n}\n";
    let out = run_stdin(
        &[
            "pac",
            "eval",
            "-",
            "--url",
            "http://a.example/",
            "--now",
            NOW,
        ],
        looped,
    );
    let table = text(&out.stdout);
    assert!(
        table.contains("evaluator: boa (outside the native subset: line 2: for loop)"),
        "{table}"
    );
}

#[test]
fn host_override_client_ip_and_dns_failure() {
    let pac = "function FindProxyForURL(url, host) {\n  if (isResolvable(host)) return 'PROXY r.example:1';\n  return 'PROXY ' + host + '.via.' + myIpAddress() + ':2';\n}";
    let path = std::env::temp_dir().join(format!("nd-cli-{}.pac", std::process::id()));
    std::fs::write(&path, pac).expect("write");
    let p = path.to_str().expect("utf8");
    let out = run(&[
        "pac",
        "eval",
        p,
        "--url",
        "http://a.example/",
        "--host",
        "other",
        "--dns-fail",
        "other",
        "--my-ip",
        "198.51.100.7",
        "--my-ip",
        "2001:db8::7",
        "--now",
        NOW,
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v = json(&out);
    assert_eq!(v["results"][0]["host"], "other");
    assert_eq!(v["results"][0]["primary"], "other.via.198.51.100.7:2");
    assert_eq!(v["results"][0]["dns_lookups"][0]["source"], "table");
    assert_eq!(v["env"]["my_ip"][1], "2001:db8::7");
    // --host with several URLs is an argument error.
    let out = run(&[
        "pac",
        "eval",
        p,
        "--url",
        "http://a/",
        "--url",
        "http://b/",
        "--host",
        "x",
        "--now",
        NOW,
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--host needs exactly one URL"));
    let _ = std::fs::remove_file(path);
}

#[test]
fn winhttp_client_and_keep_url() {
    let out = run(&[
        "pac",
        "eval",
        WINHTTP_EX,
        "--url",
        "https://v4.example/p?q",
        "--dns",
        "v4.example=192.0.2.7",
        "--client",
        "winhttp",
        "--now",
        NOW,
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v = json(&out);
    assert_eq!(v["entry_point"], "FindProxyForURLEx");
    assert_eq!(v["results"][0]["primary"], "ex.example.net:8080");
    assert_eq!(v["results"][0]["pac_url"], "https://v4.example/p?q");
    let out = run(&[
        "pac",
        "eval",
        WINHTTP_EX,
        "--url",
        "https://v4.example/p?q",
        "--keep-url",
        "--now",
        NOW,
        "--format",
        "json",
    ]);
    let v = json(&out);
    assert_eq!(v["entry_point"], "FindProxyForURL");
    assert_eq!(v["results"][0]["pac_url"], "https://v4.example/p?q");
}

#[test]
fn urls_file_and_exit_status_one_when_a_url_errors() {
    let pac = "function FindProxyForURL(url, host) {\n  if (host == 'bad.example') throw new Error('nope');\n  return 'DIRECT';\n}";
    let dir = std::env::temp_dir();
    let pac_path = dir.join(format!("nd-cli-err-{}.pac", std::process::id()));
    let urls_path = dir.join(format!("nd-cli-urls-{}.txt", std::process::id()));
    std::fs::write(&pac_path, pac).expect("write");
    std::fs::write(
        &urls_path,
        "# test URLs\nhttp://good.example/\n\nhttp://bad.example/\n",
    )
    .expect("write");
    let out = run(&[
        "pac",
        "eval",
        pac_path.to_str().expect("utf8"),
        "--urls-file",
        urls_path.to_str().expect("utf8"),
        "--now",
        NOW,
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let v = json(&out);
    assert_eq!(v["results"].as_array().map(Vec::len), Some(2));
    assert_eq!(v["results"][1]["error"]["kind"], "runtime");
    assert_eq!(v["results"][1]["error"]["line"], 2);
    let _ = std::fs::remove_file(pac_path);
    let _ = std::fs::remove_file(urls_path);
}

#[test]
fn unusable_pac_or_arguments_exit_two_with_a_message() {
    let out = run_stdin(
        &["pac", "eval", "-", "--url", "http://a/", "--now", NOW],
        "function FindProxyForURL(u, h) {\n  return (;\n}",
    );
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("-:2:") && err.contains("syntax"), "{err}");
    let out = run(&[
        "pac",
        "eval",
        "/nonexistent/proxy.pac",
        "--url",
        "http://a/",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("cannot read /nonexistent/proxy.pac"));
    let out = run(&[
        "pac",
        "eval",
        ZSCALER,
        "--url",
        "http://a/",
        "--now",
        "yesterday",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("RFC 3339"));
    let out = run(&["pac", "eval", ZSCALER]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no test URL"));
    let out = run(&[
        "pac",
        "eval",
        ZSCALER,
        "--url",
        "http://a/",
        "--client",
        "netscape",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&[
        "pac",
        "eval",
        ZSCALER,
        "--url",
        "http://a/",
        "--dns",
        "nohost",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("NAME=VALUE"));
}

#[test]
fn defaults_fill_now_and_tz() {
    let out = Command::new(BIN)
        .args([
            "pac",
            "eval",
            ZSCALER,
            "--url",
            "http://wiki/",
            "--format",
            "json",
        ])
        .env("TZ", "Europe/Paris")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v = json(&out);
    assert_eq!(v["env"]["tz"], "Europe/Paris");
    assert!(
        v["env"]["now"]
            .as_str()
            .is_some_and(|n| n.starts_with("20"))
    );
}

#[test]
fn help_documents_the_flags() {
    let out = run(&["pac", "eval", "--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = text(&out.stdout);
    for flag in [
        "--url",
        "--urls-file",
        "--host",
        "--dns",
        "--dns-fail",
        "--my-ip",
        "--now",
        "--tz",
        "--macro",
        "--client",
        "--keep-url",
        "--format",
        "Exit status",
    ] {
        assert!(help.contains(flag), "{flag} missing from help");
    }
}
