//! Every helper called from JavaScript: argument conversion, arity, recorded lookups.

use std::collections::BTreeMap;

use netdiag_core::pac::{ClientProfile, PacEnv, UrlResult};

fn env(client: ClientProfile) -> PacEnv {
    let dns: BTreeMap<String, Option<Vec<String>>> = [
        (
            "dual.example",
            Some(vec!["2001:db8::5".to_string(), "192.0.2.5".to_string()]),
        ),
        ("v6.example", Some(vec!["2001:db8::6".to_string()])),
        ("gone.example", None),
    ]
    .into_iter()
    .map(|(h, a)| (h.to_string(), a))
    .collect();
    PacEnv {
        dns,
        my_ip: vec!["198.51.100.7".into(), "2001:db8::99".into()],
        now: Some("2026-01-15T09:30:00Z".into()),
        tz: Some("Europe/Paris".into()),
        client,
        ..PacEnv::default()
    }
}

/// Runs `expr` (a JavaScript expression) in a PAC and returns the stringified value.
fn eval(expr: &str, client: ClientProfile) -> UrlResult {
    let pac = format!(
        "function FindProxyForURL(url, host) {{ alert(String({expr})); return 'DIRECT'; }}"
    );
    let report =
        netdiag_pac::evaluate(&pac, &["http://www.example.com/".to_string()], &env(client));
    assert!(report.error.is_none(), "{expr}: {:?}", report.error);
    report.results.into_iter().next().expect("result")
}

fn value(expr: &str) -> String {
    let r = eval(expr, ClientProfile::Chromium);
    assert!(r.error.is_none(), "{expr}: {:?}", r.error);
    r.alerts.first().cloned().unwrap_or_default()
}

#[test]
fn every_helper_from_javascript() {
    let cases: &[(&str, &str)] = &[
        ("isPlainHostName('wiki')", "true"),
        ("isPlainHostName('a.b')", "false"),
        ("dnsDomainIs('www.example.com', '.example.com')", "true"),
        ("dnsDomainIs('host123', 123)", "true"),
        ("dnsDomainIs('x')", "false"),
        ("localHostOrDomainIs('www', 'www.example.com')", "true"),
        ("dnsDomainLevels('a.b.c')", "2"),
        ("shExpMatch('a.example.com', '*.example.com')", "true"),
        ("shExpMatch('x')", "false"),
        ("isResolvable('dual.example')", "true"),
        ("isResolvable('v6.example')", "false"),
        ("dnsResolve('dual.example')", "192.0.2.5"),
        ("dnsResolve('gone.example')", "null"),
        ("dnsResolve()", "null"),
        ("myIpAddress()", "198.51.100.7"),
        ("isInNet('192.0.2.5', '192.0.2.0', '255.255.255.0')", "true"),
        (
            "isInNet('dual.example', '192.0.2.0', '255.255.255.0')",
            "true",
        ),
        ("isInNet('192.0.2.5', 'bogus', '255.255.255.0')", "false"),
        ("isInNet('192.0.2.5')", "false"),
        ("convert_addr('10.0.0.1')", "167772161"),
        ("weekdayRange('THU')", "true"),
        ("dateRange('JAN')", "true"),
        ("timeRange(10)", "true"),
        ("timeRange(9, 'GMT')", "true"),
        ("isResolvableEx('v6.example')", "true"),
        ("dnsResolveEx('dual.example')", "2001:db8::5;192.0.2.5"),
        ("dnsResolveEx('gone.example')", ""),
        ("myIpAddressEx()", "198.51.100.7;2001:db8::99"),
        ("isInNetEx('2001:db8::5', '2001:db8::/32')", "true"),
        ("isInNetEx('192.0.2.5', '192.0.2.0/25')", "true"),
        (
            "sortIpAddressList('2001:db8::1;10.0.0.2;10.0.0.1')",
            "10.0.0.1;10.0.0.2;2001:db8::1",
        ),
        ("sortIpAddressList('nope')", "false"),
        ("getClientVersion()", "1.0"),
    ];
    let mut bad = Vec::new();
    for (expr, want) in cases {
        let got = value(expr);
        if got != *want {
            bad.push(format!("{expr}: got {got:?}, want {want:?}"));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn lookups_are_recorded_in_order_with_helper_and_source() {
    let r = eval(
        "[dnsResolve('dual.example'), isInNet('gone.example', '10.0.0.0', '255.0.0.0'), isResolvable('nowhere.example'), dnsResolve('192.0.2.1'), dnsResolveEx('v6.example'), isInNet('10.1.1.1', '10.0.0.0', '255.0.0.0')]",
        ClientProfile::Chromium,
    );
    let got: Vec<(String, String, String, Option<Vec<String>>)> = r
        .dns_lookups
        .iter()
        .map(|l| {
            (
                l.helper.clone(),
                l.host.clone(),
                l.source.clone(),
                l.answer.clone(),
            )
        })
        .collect();
    let s = |x: &str| x.to_string();
    assert_eq!(
        got,
        vec![
            (
                s("dnsResolve"),
                s("dual.example"),
                s("table"),
                Some(vec![s("2001:db8::5"), s("192.0.2.5")])
            ),
            (s("isInNet"), s("gone.example"), s("table"), None),
            (s("isResolvable"), s("nowhere.example"), s("missing"), None),
            (
                s("dnsResolve"),
                s("192.0.2.1"),
                s("literal"),
                Some(vec![s("192.0.2.1")])
            ),
            (
                s("dnsResolveEx"),
                s("v6.example"),
                s("table"),
                Some(vec![s("2001:db8::6")])
            ),
        ]
    );
}

#[test]
fn firefox_lacks_the_microsoft_extensions() {
    let r = eval(
        "typeof dnsResolveEx + ',' + typeof myIpAddressEx",
        ClientProfile::Firefox,
    );
    assert_eq!(
        r.alerts.first().map(String::as_str),
        Some("undefined,undefined")
    );
}

#[test]
fn pac_may_redefine_a_helper_like_in_browsers() {
    let pac = "function isPlainHostName(h) { return true; }\nfunction FindProxyForURL(url, host) { return isPlainHostName(host) ? 'DIRECT' : 'PROXY p:1'; }";
    let report = netdiag_pac::evaluate(
        pac,
        &["http://a.b.example/".to_string()],
        &env(ClientProfile::Chromium),
    );
    assert_eq!(report.results[0].result.as_deref(), Some("DIRECT"));
}

#[test]
fn sh_exp_match_follows_the_profile() {
    // Chromium and Firefox build a RegExp escaping only `.`; WinHTTP matches a shell expression.
    let regexy = "shExpMatch('aab.example.com', 'a+b.example.com')";
    for client in [ClientProfile::Chromium, ClientProfile::Firefox] {
        let r = eval(regexy, client);
        assert_eq!(r.alerts, vec!["true".to_string()], "{client:?}");
        // A dot is still a literal dot, `*` still any run.
        let r = eval("shExpMatch('wwwXexample.com', 'www.example.com')", client);
        assert_eq!(r.alerts, vec!["false".to_string()], "{client:?}");
        // A broken RegExp throws, as in the browsers.
        let r = eval("shExpMatch('a', 'a(')", client);
        assert!(r.error.is_some(), "{client:?}: {r:?}");
    }
    let r = eval(regexy, ClientProfile::Winhttp);
    assert_eq!(r.alerts, vec!["false".to_string()]);
    let r = eval("shExpMatch('a+b', 'a+b')", ClientProfile::Winhttp);
    assert_eq!(r.alerts, vec!["true".to_string()]);
}
