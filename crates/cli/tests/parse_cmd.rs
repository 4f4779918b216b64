//! `netdiag parse`: JSON and table output from a file and from standard input, and the exit
//! status for unreadable input. Runs the built binary on fixtures of the core crate.

use std::io::Write;
use std::process::{Command, Stdio};

fn netdiag() -> Command {
    Command::new(env!("CARGO_BIN_EXE_netdiag"))
}

fn fixture(rel: &str) -> String {
    format!(
        "{}/../core/tests/fixtures/{rel}",
        env!("CARGO_MANIFEST_DIR")
    )
}

const SESSION: &str = "R1#show crypto isakmp sa\r\nIPv4 Crypto ISAKMP SA\r\ndst             src             state          conn-id status\r\n192.0.2.1       198.51.100.7    QM_IDLE           1001 ACTIVE\r\n --More-- \r\n\r\nR1#show version\r\nCisco IOS Software, Version 15.4\r\nR1#ping 198.51.100.7\r\nType escape sequence to abort.\r\nSending 5, 100-byte ICMP Echos to 198.51.100.7, timeout is 2 seconds:\r\n!!!!!\r\nSuccess rate is 100 percent (5/5), round-trip min/avg/max = 1/2/10 ms\r\n";

#[test]
fn json_from_stdin_has_the_documented_shape() {
    let mut child = netdiag()
        .args(["parse", "--format", "json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn netdiag");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(SESSION.as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("wait");
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let blocks = v["blocks"].as_array().expect("blocks");
    let kinds: Vec<&str> = blocks.iter().filter_map(|b| b["kind"].as_str()).collect();
    assert_eq!(
        kinds,
        vec![
            "cisco_ios.show_crypto_isakmp_sa",
            "unrecognised",
            "cisco_ios.ping"
        ]
    );
    let first = &blocks[0];
    assert_eq!(first["lines"], serde_json::json!([1, 4]));
    assert_eq!(first["prompt"], "R1");
    assert_eq!(first["command"], "show crypto isakmp sa");
    assert_eq!(first["truncated"], false);
    assert_eq!(first["records"][0]["dst"], "192.0.2.1");
    assert_eq!(blocks[1]["records"], serde_json::Value::Null);
    assert_eq!(blocks[2]["records"][0]["success_percent"], 100);
}

#[test]
fn table_from_file() {
    let out = netdiag()
        .args([
            "parse",
            &fixture("cisco_ios/show_crypto_ipsec_sa/crypto_map_two_flows.txt"),
        ])
        .output()
        .expect("run");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf8");
    assert!(
        text.starts_with("[0] cisco_ios.show_crypto_ipsec_sa  confidence "),
        "{text}"
    );
    assert!(text.contains("lines 1-78  records 2"), "{text}");
    assert!(
        text.contains("command: edge1# show crypto ipsec sa"),
        "{text}"
    );
    // The record table: a header row and one row per flow, starting with the flow's lines.
    assert!(text.contains("    lines  interface"), "{text}");
    assert!(text.contains("    6-49   GigabitEthernet1"), "{text}");
}

#[test]
fn unreadable_file_exits_2() {
    let out = netdiag()
        .args(["parse", "/nonexistent/netdiag-paste.txt"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("cannot read /nonexistent/netdiag-paste.txt")
    );
    assert!(out.stdout.is_empty());
}
