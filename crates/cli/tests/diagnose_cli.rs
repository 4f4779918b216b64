//! `netdiag diagnose` and `netdiag compare`, run as a user would, over the scenario fixtures
//! of the core crate (one source of truth).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn netdiag(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_netdiag"))
        .args(args)
        .output()
        .unwrap()
}

fn scenario(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../core/tests/fixtures/scenarios")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn temp(name: &str, content: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("netdiag-diagnose-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, content).unwrap();
    p
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", text(&o.stdout)))
}

fn ids(v: &serde_json::Value) -> Vec<String> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn error_findings_exit_1_with_json_report() {
    let o = netdiag(&[
        "diagnose",
        &scenario("ipsec_one_way.txt"),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let v = json(&o);
    assert_eq!(v["code"], "UnHealthy");
    assert_eq!(ids(&v), ["OneWayTraffic"]);
    let f = &v["findings"][0];
    assert_eq!(f["severity"], "error");
    assert!(f["evidence"][0]["lines"].is_array());
    assert!(
        f["evidence"][0]["text"]
            .as_str()
            .unwrap()
            .contains("#pkts encaps: 512")
    );
    assert!(f["actions"][0]["text"].is_string());
}

#[test]
fn healthy_session_exits_0() {
    let o = netdiag(&[
        "diagnose",
        &scenario("healthy_session.txt"),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let v = json(&o);
    assert_eq!(v["code"], "Healthy");
    assert_eq!(ids(&v), ["IcmpRateLimitedHop"]);
}

#[test]
fn markdown_is_ticket_ready() {
    let o = netdiag(&["diagnose", &scenario("gre_mss_keepalive_nat.txt")]);
    assert_eq!(o.status.code(), Some(1));
    let md = text(&o.stdout);
    assert!(md.starts_with("## netdiag diagnosis: UnHealthy"), "{md}");
    assert!(md.contains("`MssTooHighForGre`"));
    assert!(md.contains("```text\n ip tcp adjust-mss 1460\n```"), "{md}");
}

#[test]
fn options_turn_on_zscaler_rules() {
    let without = json(&netdiag(&[
        "diagnose",
        &scenario("zscaler_ipsec_config.txt"),
        "--format",
        "json",
    ]));
    assert!(!ids(&without).contains(&"ChildSaLimitExceeded".to_string()));
    let o = netdiag(&[
        "diagnose",
        &scenario("zscaler_ipsec_config.txt"),
        "--cloud",
        "zscaler",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(ids(&json(&o)).contains(&"ChildSaLimitExceeded".to_string()));
    let off = json(&netdiag(&[
        "diagnose",
        &scenario("zscaler_ipsec_config.txt"),
        "--cloud",
        "zscaler",
        "--not-zscaler",
        "--format",
        "json",
    ]));
    assert!(!ids(&off).contains(&"ChildSaLimitExceeded".to_string()));
}

#[test]
fn several_files_name_their_source() {
    let o = netdiag(&[
        "diagnose",
        &scenario("ipsec_one_way.txt"),
        &scenario("azure_auth_failure.txt"),
        "--format",
        "json",
    ]);
    let v = json(&o);
    let sources: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["evidence"][0]["source"].as_str().map(String::from))
        .collect();
    assert!(
        sources.iter().any(|s| s.ends_with("ipsec_one_way.txt")),
        "{sources:?}"
    );
    assert!(
        sources
            .iter()
            .any(|s| s.ends_with("azure_auth_failure.txt")),
        "{sources:?}"
    );
}

#[test]
fn pac_results_and_checks_without_a_paste() {
    let o = netdiag(&[
        "diagnose",
        "--pac-results",
        &scenario("client_dpp_and_idp.pac.json"),
        "--checks",
        &scenario("client_dpp_and_idp.checks.json"),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let got = ids(&json(&o));
    for want in [
        "PacUnreachable",
        "IdpSentToProxy",
        "LatencyAboveBudget",
        "PacResolvesEveryUrl",
        "NoDirectFallback",
    ] {
        assert!(
            got.contains(&want.to_string()),
            "{want} missing from {got:?}"
        );
    }
}

#[test]
fn pac_eval_output_feeds_diagnose() {
    let pac = temp(
        "p.pac",
        "function FindProxyForURL(url, host) {\n  if (dnsDomainIs(host, \".corp.example\")) return \"DIRECT\";\n  return \"PROXY gw1.example.net:80; PROXY gw2.example.net:80; DIRECT\";\n}\n",
    );
    let out = netdiag(&[
        "pac",
        "eval",
        pac.to_str().unwrap(),
        "--url",
        "https://acme.okta.com/app",
        "--url",
        "http://intranet.corp.example/",
        "--now",
        "2025-11-24T10:00:00Z",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let results = temp("p.json", &text(&out.stdout));
    let o = netdiag(&[
        "diagnose",
        "--pac-results",
        results.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "warnings only: {}",
        text(&o.stdout)
    );
    let v = json(&o);
    assert_eq!(ids(&v), ["IdpSentToProxy"]);
    assert_eq!(v["findings"][0]["evidence"][0]["block"], "pac");
    assert_eq!(v["findings"][0]["evidence"][0]["lines"][0], 3);
}

#[test]
fn unusable_input_exits_2_with_a_clear_message() {
    let garbage = temp("garbage.txt", "hello\nthis is not device output\nat all\n");
    let o = netdiag(&["diagnose", garbage.to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(json(&o)["usable"], false);
    assert!(text(&o.stderr).contains("nothing in the input could be diagnosed"));

    let o = netdiag(&["diagnose", "/nonexistent/r1.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("cannot read /nonexistent/r1.txt"),
        "{}",
        text(&o.stderr)
    );

    let bad = temp("checks.json", "{\"checks\": [ {\"id\": 1 ");
    let o = netdiag(&["diagnose", "--checks", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(
        err.contains("not valid check results JSON") && err.contains("line 1"),
        "{err}"
    );

    let o = netdiag(&["diagnose"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("nothing to diagnose"));
}

const CISCO: &str = "crypto ikev2 proposal P\n encryption aes-cbc-256\n integrity sha256\n group 14\n\
crypto ikev2 policy POL\n proposal P\n\
crypto ikev2 profile PROF\n match identity remote address 203.0.113.2 255.255.255.255\n authentication remote pre-share\n authentication local pre-share\n\
crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac\n\
crypto map VPN 10 ipsec-isakmp\n set peer 203.0.113.2\n set transform-set TS\n set pfs group14\n set ikev2-profile PROF\n match address ACL\n\
ip access-list extended ACL\n permit ip 10.1.0.0 0.0.255.255 10.2.0.0 0.0.255.255\n\
interface GigabitEthernet1\n ip address 198.51.100.1 255.255.255.0\n crypto map VPN\n";

const SWAN: &str = "connections {\n  hq {\n    version = 2\n    local_addrs = 203.0.113.2\n    remote_addrs = 198.51.100.1\n    proposals = aes256-sha256-modp2048\n    local { auth = psk }\n    remote { auth = psk }\n    children {\n      net {\n        local_ts = 10.2.0.0/16\n        remote_ts = 10.1.0.0/8\n        esp_proposals = aes256-sha256\n      }\n    }\n  }\n}\n";

#[test]
fn compare_flags_mismatches_and_exits_1() {
    let a = temp("cisco.txt", CISCO);
    let b = temp("swanctl.conf", SWAN);
    let o = netdiag(&["compare", a.to_str().unwrap(), b.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let t = text(&o.stdout);
    assert!(t.contains("PFS") && t.contains("MISMATCH"), "{t}");
    assert!(t.contains("comes up from A's side only"), "{t}");
    let o = netdiag(&[
        "compare",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let v = json(&o);
    assert!(v["mismatches"].as_u64().unwrap() >= 2);
    let pfs = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["parameter"] == "PFS")
        .unwrap();
    assert_eq!(pfs["status"], "mismatch");
    assert_eq!(pfs["a_lines"][0], 15);
}

#[test]
fn compare_against_zscaler_and_unreadable_sides() {
    let a = temp("cisco-z.txt", CISCO);
    let o = netdiag(&[
        "compare",
        a.to_str().unwrap(),
        "--zscaler",
        "--format",
        "json",
    ]);
    let v = json(&o);
    assert!(
        v["rows"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["section"] == "zscaler"
                && r["parameter"] == "Phase-2 encryption"
                && r["status"] == "warning")
    );
    assert_eq!(v["b"]["format"], "preset");
    let junk = temp("junk.txt", "nothing to see\n");
    let o = netdiag(&["compare", junk.to_str().unwrap(), a.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("side A:"), "{}", text(&o.stderr));
    let o = netdiag(&["compare", a.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "B is required without --zscaler");
}
