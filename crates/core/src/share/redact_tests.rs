//! Redaction tests on realistic configs (every secret kind), false-positive checks on normal
//! outputs, prose and PAC code, the public corpus, and state-wide redaction/anonymisation.

use std::net::Ipv4Addr;

use super::anonymize::Anonymizer;
use super::redact::*;
use super::secrets::SecretKind::{self, *};
use super::state::{AppState, Paste};
use super::test_gen::{Rng, state};

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/share_data/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Redacts a fixture and checks: exactly these (line, kind) items; none of the secrets left;
/// every other line byte-identical; same line count; idempotent.
fn check(name: &str, expected: &[(u32, SecretKind)], secrets: &[&str]) {
    let text = fixture(name);
    let (out, items) = redact_text(&text);
    let got: Vec<(u32, SecretKind)> = items.iter().map(|i| (i.line, i.kind)).collect();
    assert_eq!(got, expected, "{name}:\n{out}");
    for s in secrets {
        assert!(text.contains(s), "{name}: fixture lacks {s}");
        assert!(!out.contains(s), "{name}: {s} survived:\n{out}");
    }
    let before: Vec<&str> = text.split('\n').collect();
    let after: Vec<&str> = out.split('\n').collect();
    assert_eq!(before.len(), after.len(), "{name}: line count changed");
    for (n, (b, a)) in before.iter().zip(&after).enumerate() {
        let line = u32::try_from(n + 1).unwrap();
        let touched = items.iter().any(|i| i.line == line)
            || (b.trim() != a.trim() && a.trim() == "<redacted:private_key>");
        if !touched {
            assert_eq!(b, a, "{name}: line {line} changed without an item");
        } else {
            assert!(a.contains("<redacted:"), "{name}: line {line}");
        }
    }
    for i in &items {
        assert_eq!(i.replacement, i.kind.marker());
        assert!(
            i.original_preview.contains(" chars"),
            "{}",
            i.original_preview
        );
        assert_eq!(i.field, "");
    }
    let (again, more) = redact_text(&out);
    assert_eq!(again, out, "{name}: not idempotent");
    assert!(more.is_empty(), "{name}: markers re-detected: {more:?}");
}

#[test]
fn cisco_ios_config() {
    #[rustfmt::skip]
    let expected = [
        (4, EnableSecret), (6, Password), (7, Password), (11, Password), (15, Psk), (21, Psk),
        (22, Psk), (27, Psk), (28, Psk), (37, Psk), (42, AuthKey), (46, AuthKey), (53, Password),
        (55, SnmpCommunity), (56, SnmpCommunity), (58, SnmpCommunity), (59, SnmpCommunity),
        (59, SnmpCommunity), (62, AaaKey), (65, AaaKey), (68, AaaKey), (69, AaaKey), (71, AuthKey),
        (72, Password), (75, Password),
    ];
    let secrets = [
        "$9$nhEmQVczB7dqsO",
        "$9$Jx2Q5e1mKwYb3U",
        "0822455D0A165445415F59",
        "M4sterK3yPhrase",
        "Az-PSK-9f3kQ2",
        "FLgBaJHXdYY_AcHZZMgQ_RhTDJXHUBAAB",
        "Cl3arT3xtK3y",
        "Zs-Local-7hQ",
        "UeCPbYGCVVTDR_WbUZcbdZKEhQAB",
        "Gr0upK3y!",
        "045802150C2E",
        "13061E010803",
        "1511021F0725",
        "N0tPubl1c",
        "pr1vateRW",
        "TrapC0mm",
        "AuthPassw0rd",
        "PrivPassw0rd",
        "060506324F41584B56",
        "01100F175804575D72",
        "Rad1usK3y",
        "R@diusGlobal",
        "NtpK3y99",
        "H77pPass",
        "094F471A1A0A",
    ];
    check("cisco_ios.cfg", &expected, &secrets);
    let (out, _) = redact_text(&fixture("cisco_ios.cfg"));
    // The rest of each line stays readable.
    assert!(out.contains("crypto isakmp key 6 <redacted:psk> address 198.51.100.7 no-xauth"));
    assert!(out.contains("snmp-server community <redacted:snmp_community> RO 10"));
    assert!(out.contains("service password-encryption\npassword encryption aes\n"));
    assert!(out.contains(" authentication remote pre-share\n"));
}

#[test]
fn cisco_asa_config() {
    #[rustfmt::skip]
    let expected = [
        (5, EnableSecret), (6, Password), (14, Password), (22, Psk), (23, Psk), (24, Psk),
        (30, AaaKey), (31, AaaKey), (33, SnmpCommunity), (34, SnmpCommunity),
    ];
    let secrets = [
        "8Ry2YjIyt7RRXU24",
        "2KFQnbNIdI.2KYOU",
        "Xy9kQ2mZp1",
        "Asa-Ik3v1-PSK",
        "Asa-Remote-K3y",
        "Asa-Local-K3y",
        "As@R4diusK3y",
        "CommonPw1",
        "Asa-Snmp-C0mm",
        "Asa-Global-C0mm",
    ];
    check("cisco_asa.cfg", &expected, &secrets);
    // ASA's own mask is left as it is, without an item.
    assert!(
        redact_text(&fixture("cisco_asa.cfg"))
            .0
            .contains(" ikev1 pre-shared-key *****\n")
    );
}

#[test]
fn strongswan_files() {
    check(
        "ipsec.secrets",
        &[
            (2, Psk),
            (3, Psk),
            (4, Password),
            (6, Password),
            (7, Password),
        ],
        &[
            "v+NkxY9LLZvwj4qCC2o",
            "0sFpZAZqEN6Ti9sqt4ZP5EWcqx",
            "Rs@Passphr4se",
            "\"Ar3etTnp\"",
            "D4vePassw0rd",
        ],
    );
    check(
        "swanctl.conf",
        &[(24, Psk), (28, Password), (32, Password)],
        &["Zsc4ler-Swanctl-PSK", "Ar3etTnp2", "PrivK3yPass"],
    );
    check("ipsec.conf", &[], &[]);
}

#[test]
fn palo_alto_fortigate_junos() {
    check(
        "panos.xml",
        &[(6, Psk), (13, Password), (14, SnmpCommunity)],
        &[
            "Vm0yWGxHYUZsV2p5VmtQcmd2ZmZZc1FWY0N5dz09",
            "$5$mxlmvohq",
            "PanSnmpC0mm",
        ],
    );
    check(
        "panos.set",
        &[(1, Psk), (4, Password), (5, SnmpCommunity)],
        &["SetFormatK3yEnc", "$5$abcdefgh", "PanSetC0mm"],
    );
    check(
        "fortigate.conf",
        &[
            (3, SnmpCommunity),
            (14, AaaKey),
            (24, Psk),
            (30, Password),
            (35, Password),
            (37, PrivateKey),
        ],
        &[
            "F0rtiSnmpC0mm",
            "q3VZm5Yk1dGmOqG6eWQQ8FvR2mJbA",
            "Qm9yaXNGb3J0aVBTS0VuY3J5cHRlZFZhbHVlMTIz",
            "SH2nlSm9Uk7Lh6JFmLhDGmDq6QWkxPb0bLbBL",
            "Q2VydFBhc3NFbmM",
            "MIIFHzBJBgkqhkiG9w0BBQ0wPDAbBgkqhkiG9w0BBQwwDgQIq3o0Hc3yLkECAggA",
        ],
    );
    let (out, _) = redact_text(&fixture("fortigate.conf"));
    assert!(out.contains("-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ\n"));
    assert!(out.contains(
        "set private-key \"-----BEGIN ENCRYPTED PRIVATE KEY-----\n<redacted:private_key>\n"
    ));
    check(
        "junos.set",
        &[(2, Psk), (3, Password), (4, AaaKey), (5, SnmpCommunity)],
        &[
            "$9$Hk5FCtu0IcSeW8X",
            "$6$zRd9I$Qqf0Gx0",
            "$9$JunRad1usS3cret",
            "Jun1perC0mm",
        ],
    );
}

#[test]
fn http_cloud_and_private_keys() {
    #[rustfmt::skip]
    let expected = [
        (1, Psk), (2, Psk), (3, BearerToken), (4, BearerToken), (5, Cookie), (6, UrlCredentials),
        (7, ApiKey), (8, ApiKey), (9, ApiKey), (10, ApiKey), (12, PrivateKey), (15, PrivateKey),
    ];
    let secrets = [
        "Azur3SharedK3y",
        "AzureJsonSharedKey1",
        "eyJhbGciOiJIUzI1NiJ9",
        "dXNlcjpwYXNzd29yZA",
        "abcdef123456",
        "Svc-Pa55",
        "PacT0kenValue123",
        "Az%2BSasSignature",
        "k-4d1f9a7b2c",
        "k-py-config-77",
        "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun",
        "VTLw7onLRnrq0",
        "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC",
    ];
    check("http_and_cloud.txt", &expected, &secrets);
    let (out, items) = redact_text(&fixture("http_and_cloud.txt"));
    assert!(
        out.contains(
            "-H \"Authorization: Bearer <redacted:bearer_token>\" https://api.example.com"
        )
    );
    assert!(out.contains("https://svc:<redacted:url_credentials>@proxy.example.com:8080/"));
    assert!(out.contains("?token=<redacted:api_key>&site=hq"));
    assert_eq!(items[10].original_preview, "MI…(128 chars, 2 lines)");
}

#[test]
fn normal_outputs_prose_and_pac_code_are_not_touched() {
    let text = fixture("not_secrets.txt");
    let (out, items) = redact_text(&text);
    assert!(items.is_empty(), "{items:#?}");
    assert_eq!(out, text);
}

#[test]
fn previews_hide_short_secrets() {
    let (_, items) = redact_text("snmp-server community abc RO\nsnmp-server community abcdefgh RO");
    assert_eq!(items[0].original_preview, "…(3 chars)");
    assert_eq!(items[1].original_preview, "ab…(8 chars)");
}

#[test]
fn crlf_and_tabs_are_kept() {
    let (out, items) = redact_text("a\r\nsnmp-server community\tS3cret\tRO\r\nb\r\n");
    assert_eq!(
        out,
        "a\r\nsnmp-server community\t<redacted:snmp_community>\tRO\r\nb\r\n"
    );
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].line, 2);
}

#[test]
fn unterminated_private_key_is_redacted_to_the_end() {
    let (out, items) =
        redact_text("key:\n-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBx\nAwEHoUQDQgAE");
    assert_eq!(
        out,
        "key:\n-----BEGIN EC PRIVATE KEY-----\n<redacted:private_key>\n<redacted:private_key>"
    );
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].line, 3);
}

/// Every file of the shared public corpus (real device outputs and PAC files) is secret-free:
/// any item there is a false positive.
#[test]
fn public_corpus_has_no_false_positives() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    if !root.is_dir() {
        eprintln!(
            "SKIP public_corpus_has_no_false_positives: {} not found",
            root.display()
        );
        return;
    }
    let mut stack = vec![root];
    let mut files = 0;
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                files += 1;
                let (out, items) = redact_text(&text);
                assert!(items.is_empty(), "{}: {items:#?}", path.display());
                assert_eq!(out, text);
            }
        }
    }
    assert!(files > 10, "only {files} corpus files read");
}

#[test]
fn state_redaction_names_fields_and_covers_every_panel() {
    let mut s = AppState::default();
    s.pac.source = "// proxy https://u:PacPw0rd@proxy.example.com/\nfunction FindProxyForURL(u, h) { return \"DIRECT\"; }".into();
    s.pac.test_urls = "https://a.example.com/?token=UrlT0ken1\n".into();
    s.outputs.pastes = vec![
        Paste {
            name: "R1".into(),
            text: "hostname R1\ncrypto isakmp key R1Psk! address 192.0.2.1".into(),
        },
        Paste {
            name: "R2".into(),
            text: "show version".into(),
        },
        Paste {
            name: "ASA".into(),
            text: "snmp-server community AsaC0mm".into(),
        },
    ];
    s.compare.b.text =
        "tunnel-group 192.0.2.9 ipsec-attributes\n ikev1 pre-shared-key CmpK3y".into();
    s.checks.inputs.pac_url = "https://pac.example.net/p.pac?key=PacUrlK3y".into();
    let r = redact_state(&s, &RedactOptions::default()).unwrap();
    let fields: Vec<(&str, u32, SecretKind)> = r
        .items
        .iter()
        .map(|i| (i.field.as_str(), i.line, i.kind))
        .collect();
    for want in [
        ("pac.source", 1, UrlCredentials),
        ("pac.test_urls", 1, ApiKey),
        ("outputs.pastes[0].text", 2, Psk),
        ("outputs.pastes[2].text", 1, SnmpCommunity),
        ("compare.b.text", 2, Psk),
        ("checks.inputs.pac_url", 1, ApiKey),
    ] {
        assert!(fields.contains(&want), "{want:?} missing from {fields:?}");
    }
    assert_eq!(fields.len(), 6);
    let json = serde_json::to_string(&r.state).unwrap();
    for secret in [
        "PacPw0rd",
        "UrlT0ken1",
        "R1Psk!",
        "AsaC0mm",
        "CmpK3y",
        "PacUrlK3y",
    ] {
        assert!(!json.contains(secret), "{secret}");
    }
    assert_eq!(r.state.outputs.pastes[1].text, "show version");
    assert!(r.ip_mappings.is_empty());
    // Deterministic.
    assert_eq!(redact_state(&s, &RedactOptions::default()).unwrap(), r);
    // Off means off.
    let none = RedactOptions {
        redact_secrets: false,
        ..RedactOptions::default()
    };
    let r = redact_state(&s, &none).unwrap();
    assert_eq!(r.state, s);
    assert!(r.items.is_empty());
}

#[test]
fn ip_anonymisation_is_consistent_across_the_whole_state() {
    let mut s = AppState::default();
    s.pac.source = "function FindProxyForURL(url, host) {\n  if (isInNet(myIpAddress(), \"10.20.0.0\", \"255.255.0.0\")) return \"PROXY 8.8.8.8:80\";\n  return \"DIRECT\";\n}".into();
    s.pac.env.my_ip = vec!["10.20.30.40".into()];
    s.pac
        .env
        .dns
        .insert("proxy.corp".into(), Some(vec!["8.8.8.8".into()]));
    s.outputs.pastes.push(Paste {
        name: "R1".into(),
        text: "peer 8.8.8.8 via 10.20.30.40, docs 192.0.2.7, lo 127.0.0.1".into(),
    });
    s.checks.inputs.targets = "8.8.8.8:443\n".into();
    let opts = RedactOptions {
        anonymize_ips: true,
        anonymize_key: "session-key".into(),
        ..RedactOptions::default()
    };
    let r = redact_state(&s, &opts).unwrap();
    let a = Anonymizer::new("session-key");
    let client = a.map_v4("10.20.30.40".parse().unwrap()).to_string();
    let public = a.map_v4("8.8.8.8".parse().unwrap()).to_string();
    let net =
        Ipv4Addr::from(u32::from(a.map_v4("10.20.0.0".parse().unwrap())) & 0xffff_0000).to_string();
    assert_eq!(r.state.pac.env.my_ip, vec![client.clone()]);
    assert_eq!(
        r.state.pac.env.dns["proxy.corp"],
        Some(vec![public.clone()])
    );
    assert!(
        r.state
            .pac
            .source
            .contains(&format!("\"{net}\", \"255.255.0.0\""))
    );
    assert!(r.state.pac.source.contains(&format!("PROXY {public}:80")));
    assert!(
        r.state.outputs.pastes[0]
            .text
            .contains(&format!("peer {public} via {client}"))
    );
    assert!(
        r.state.outputs.pastes[0]
            .text
            .contains("docs 192.0.2.7, lo 127.0.0.1")
    );
    assert_eq!(r.state.checks.inputs.targets, format!("{public}:443\n"));
    // The client stays inside the anonymised network, so the PAC answers the same.
    assert_eq!(
        u32::from(client.parse::<Ipv4Addr>().unwrap()) >> 16,
        u32::from(net.parse::<Ipv4Addr>().unwrap()) >> 16
    );
    let eight = r
        .ip_mappings
        .iter()
        .find(|m| m.original == "8.8.8.8")
        .unwrap();
    assert_eq!(eight.count, 4);
    assert_eq!(eight.replacement, public);
    // Another key, another mapping; the default key is fixed.
    let other = RedactOptions {
        anonymize_key: "another".into(),
        ..opts.clone()
    };
    assert_ne!(redact_state(&s, &other).unwrap().state, r.state);
    let fixed = RedactOptions {
        anonymize_key: String::new(),
        ..opts
    };
    assert_eq!(
        redact_state(&s, &fixed).unwrap(),
        redact_state(&s, &fixed).unwrap()
    );
}

#[test]
fn random_states_redact_without_error_and_stay_loadable() {
    let opts = RedactOptions {
        anonymize_ips: true,
        ..RedactOptions::default()
    };
    for seed in 0..200 {
        let s = state(&mut Rng::new(seed));
        let r = redact_state(&s, &opts).unwrap();
        let link = super::link::encode_link(&r.state).unwrap();
        assert_eq!(super::link::decode_link(&link).unwrap(), r.state);
        // Redacting the redacted state finds nothing more.
        let again = redact_state(&r.state, &RedactOptions::default()).unwrap();
        assert!(again.items.is_empty(), "seed {seed}: {:?}", again.items);
    }
}

/// Hostile pastes (issue 8): huge lines, repeated trigger words, binary junk, NUL bytes and
/// terminal escapes finish, never panic, and keep the text's line count.
#[test]
fn hostile_pastes_are_handled() {
    let mut junk = String::new();
    let mut x: u32 = 2_463_534_242;
    for _ in 0..80_000 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        junk.push(char::from_u32(x % 0x3000).unwrap_or('\u{fffd}'));
    }
    let cases = [
        "password ".repeat(40_000),
        "a=".repeat(80_000),
        "x:".repeat(80_000),
        "://".repeat(40_000),
        "?token=&key=".repeat(20_000),
        "eyJ.".repeat(40_000),
        "Bearer ".repeat(40_000),
        format!("-----BEGIN PRIVATE KEY-----\n{}", "QUJD\n".repeat(20_000)),
        "1:".repeat(80_000) + "::",
        "10.1.1.1 255.255.0.0 ".repeat(20_000),
        format!("\u{1b}[31msnmp-server community S3cret\u{0}\u{1b}[0m RO\n{junk}"),
        junk,
    ];
    let opts = RedactOptions {
        anonymize_ips: true,
        ..RedactOptions::default()
    };
    for (i, text) in cases.iter().enumerate() {
        let r = redact_text_with(text, &opts);
        assert!(r.text.len() >= text.len() / 2, "case {i}");
        assert_eq!(
            r.text.split('\n').count(),
            text.split('\n').count(),
            "case {i}"
        );
    }
    let r = redact_text_with(&cases[10], &opts);
    assert!(!r.text.contains("S3cret"));
}

#[test]
fn terminal_escapes_do_not_hide_secrets_or_shift_offsets() {
    let (out, items) = redact_text(
        "\u{1b}[1mR1#\u{1b}[0m show run\n\u{1b}[32menable secret 5 $1$abc$defghijkl\u{1b}[0m\n",
    );
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].kind, EnableSecret);
    assert_eq!(
        out,
        "\u{1b}[1mR1#\u{1b}[0m show run\n\u{1b}[32menable secret 5 <redacted:enable_secret>\u{1b}[0m\n"
    );
    // A malformed escape with a multi-byte character keeps every byte where it was.
    let (out, _) = redact_text("snmp-server community Ab12Cd34 RO \u{1b}[é\u{1b}[1;2");
    assert_eq!(
        out,
        "snmp-server community <redacted:snmp_community> RO \u{1b}[é\u{1b}[1;2"
    );
}
