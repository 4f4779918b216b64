//! Whole-PAC conformance table: `(pac, url, host, env) -> expected`, after pacparser's
//! test data. Each row runs through the public API exactly as the CLI and the page do.

use std::collections::BTreeMap;

use netdiag_core::pac::{ClientProfile, PacEnv, UrlResult};
use netdiag_pac::{Limits, UrlInput, evaluate_inputs};

const ZSCALER: &str = include_str!("fixtures/zscaler_style.pac");
const MODERN: &str = include_str!("fixtures/modern.pac");
const WINHTTP_EX: &str = include_str!("fixtures/winhttp_ex.pac");
const ECHO: &str = "function FindProxyForURL(url, host) {\n  alert(url);\n  return \"PROXY echo.example.net:80\";\n}";

/// What a row expects; `None` fields are not checked.
#[derive(Default)]
struct Expect {
    result: Option<&'static str>,
    primary: Option<Option<&'static str>>,
    secondary: Option<Option<&'static str>>,
    bypass: Option<bool>,
    fallback_direct: Option<bool>,
    rule_line: Option<Option<u32>>,
    lookups: Option<usize>,
    pac_url: Option<&'static str>,
    error_kind: Option<&'static str>,
    warning_contains: Option<&'static str>,
    alert: Option<&'static str>,
}

struct Case {
    name: &'static str,
    pac: &'static str,
    url: &'static str,
    host: Option<&'static str>,
    env: fn() -> PacEnv,
    expect: Expect,
}

fn base() -> PacEnv {
    PacEnv {
        now: Some("2026-01-15T09:30:00Z".into()),
        ..PacEnv::default()
    }
}

fn dns(pairs: &[(&str, Option<&[&str]>)]) -> BTreeMap<String, Option<Vec<String>>> {
    pairs
        .iter()
        .map(|(h, a)| {
            (
                h.to_string(),
                a.map(|l| l.iter().map(|s| s.to_string()).collect()),
            )
        })
        .collect()
}

fn zscaler_env() -> PacEnv {
    PacEnv {
        dns: dns(&[
            ("www.example.com", Some(&["203.0.113.10"])),
            ("intranet.corp.example", Some(&["10.20.30.40"])),
            ("files.corp.example", Some(&["172.20.1.5"])),
        ]),
        macros: [
            ("GATEWAY", "gw1.zscaler.example"),
            ("SECONDARY_GATEWAY", "gw2.zscaler.example"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect(),
        ..base()
    }
}

fn zscaler_unbound_env() -> PacEnv {
    PacEnv {
        macros: BTreeMap::new(),
        ..zscaler_env()
    }
}

fn winhttp() -> PacEnv {
    PacEnv {
        client: ClientProfile::Winhttp,
        dns: dns(&[
            ("v6.example", Some(&["2001:db8::7"])),
            ("v4.example", Some(&["192.0.2.7"])),
        ]),
        ..base()
    }
}

fn winhttp_dns_chromium() -> PacEnv {
    PacEnv {
        client: ClientProfile::Chromium,
        ..winhttp()
    }
}

fn keep_url() -> PacEnv {
    PacEnv {
        keep_url: true,
        ..base()
    }
}

fn firefox() -> PacEnv {
    PacEnv {
        client: ClientProfile::Firefox,
        ..base()
    }
}

fn with_client_ip() -> PacEnv {
    PacEnv {
        my_ip: vec!["10.1.2.3".into(), "2001:db8::abc".into()],
        dns: dns(&[("internal.example", Some(&["10.9.9.9"]))]),
        ..base()
    }
}

fn paris_evening() -> PacEnv {
    PacEnv {
        now: Some("2026-01-16T18:30:00Z".into()),
        tz: Some("Europe/Paris".into()),
        ..base()
    }
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "zscaler: public host goes to the primary then secondary DC, then DIRECT",
            pac: ZSCALER,
            url: "https://www.example.com/index.html",
            host: None,
            env: zscaler_env,
            expect: Expect {
                result: Some("PROXY gw1.zscaler.example:80; PROXY gw2.zscaler.example:80; DIRECT"),
                primary: Some(Some("gw1.zscaler.example:80")),
                secondary: Some(Some("gw2.zscaler.example:80")),
                bypass: Some(false),
                fallback_direct: Some(true),
                rule_line: Some(Some(20)),
                lookups: Some(1),
                ..Expect::default()
            },
        },
        Case {
            name: "zscaler: private-range destination bypasses",
            pac: ZSCALER,
            url: "http://intranet.corp.example/",
            host: None,
            env: zscaler_env,
            expect: Expect {
                result: Some("DIRECT"),
                bypass: Some(true),
                rule_line: Some(Some(8)),
                lookups: Some(1),
                ..Expect::default()
            },
        },
        Case {
            name: "zscaler: 172.16/12 destination bypasses",
            pac: ZSCALER,
            url: "https://files.corp.example/share",
            host: None,
            env: zscaler_env,
            expect: Expect {
                bypass: Some(true),
                rule_line: Some(Some(8)),
                ..Expect::default()
            },
        },
        Case {
            name: "zscaler: plain host name bypasses",
            pac: ZSCALER,
            url: "http://wiki/",
            host: None,
            env: zscaler_env,
            expect: Expect {
                result: Some("DIRECT"),
                bypass: Some(true),
                rule_line: Some(Some(8)),
                ..Expect::default()
            },
        },
        Case {
            name: "zscaler: IdP (Okta) bypasses",
            pac: ZSCALER,
            url: "https://acme.okta.com/app/sso",
            host: None,
            env: zscaler_env,
            expect: Expect {
                result: Some("DIRECT"),
                bypass: Some(true),
                rule_line: Some(Some(14)),
                ..Expect::default()
            },
        },
        Case {
            name: "zscaler: IdP (Entra ID) bypasses",
            pac: ZSCALER,
            url: "https://login.microsoftonline.com/common/oauth2",
            host: None,
            env: zscaler_env,
            expect: Expect {
                bypass: Some(true),
                rule_line: Some(Some(14)),
                ..Expect::default()
            },
        },
        Case {
            name: "zscaler: ftp goes direct",
            pac: ZSCALER,
            url: "ftp://ftp.example.org/pub/",
            host: None,
            env: zscaler_env,
            expect: Expect {
                bypass: Some(true),
                rule_line: Some(Some(18)),
                ..Expect::default()
            },
        },
        Case {
            name: "zscaler: unbound macros stay literal and warn",
            pac: ZSCALER,
            url: "https://www.example.com/",
            host: None,
            env: zscaler_unbound_env,
            expect: Expect {
                result: Some("PROXY ${GATEWAY}:80; PROXY ${SECONDARY_GATEWAY}:80; DIRECT"),
                primary: Some(Some("${GATEWAY}:80")),
                warning_contains: Some("${GATEWAY}, ${SECONDARY_GATEWAY}"),
                ..Expect::default()
            },
        },
        Case {
            name: "a quote in the URL reaches the PAC as data",
            pac: ECHO,
            url: "http://www.example.com/a\"b');alert('x",
            host: None,
            env: base,
            expect: Expect {
                primary: Some(Some("echo.example.net:80")),
                alert: Some("http://www.example.com/a\"b');alert('x"),
                rule_line: Some(Some(3)),
                ..Expect::default()
            },
        },
        Case {
            name: "a quote in the host override reaches the PAC as data",
            pac: "function FindProxyForURL(url, host) { return \"PROXY \" + host.length + \".example:80\"; }",
            url: "http://x.example/",
            host: Some("a'b\"c"),
            env: base,
            expect: Expect {
                primary: Some(Some("5.example:80")),
                ..Expect::default()
            },
        },
        Case {
            name: "let/const/arrow/template: bypass list",
            pac: MODERN,
            url: "https://build.lab.example/",
            host: None,
            env: base,
            expect: Expect {
                result: Some("DIRECT"),
                rule_line: Some(Some(8)),
                ..Expect::default()
            },
        },
        Case {
            name: "let/const/arrow/template: https port",
            pac: MODERN,
            url: "https://www.example.com/",
            host: None,
            env: base,
            expect: Expect {
                result: Some("PROXY proxy.example.net:8443; DIRECT"),
                fallback_direct: Some(true),
                rule_line: Some(Some(11)),
                ..Expect::default()
            },
        },
        Case {
            name: "winhttp calls FindProxyForURLEx (IPv6 destination direct)",
            pac: WINHTTP_EX,
            url: "http://v6.example/",
            host: None,
            env: winhttp,
            expect: Expect {
                result: Some("DIRECT"),
                rule_line: Some(Some(8)),
                lookups: Some(1),
                ..Expect::default()
            },
        },
        Case {
            name: "winhttp calls FindProxyForURLEx (IPv4 destination proxied)",
            pac: WINHTTP_EX,
            url: "http://v4.example/",
            host: None,
            env: winhttp,
            expect: Expect {
                primary: Some(Some("ex.example.net:8080")),
                rule_line: Some(Some(9)),
                ..Expect::default()
            },
        },
        Case {
            name: "chromium never calls FindProxyForURLEx",
            pac: WINHTTP_EX,
            url: "http://v6.example/",
            host: None,
            env: winhttp_dns_chromium,
            expect: Expect {
                result: Some("PROXY classic.example.net:8080"),
                lookups: Some(0),
                rule_line: Some(Some(3)),
                ..Expect::default()
            },
        },
        Case {
            name: "https stripping on (chromium default)",
            pac: ECHO,
            url: "https://portal.example.com/private/path?token=secret",
            host: None,
            env: base,
            expect: Expect {
                pac_url: Some("https://portal.example.com/"),
                alert: Some("https://portal.example.com/"),
                ..Expect::default()
            },
        },
        Case {
            name: "https stripping off with keep_url",
            pac: ECHO,
            url: "https://portal.example.com/private/path?token=secret",
            host: None,
            env: keep_url,
            expect: Expect {
                pac_url: Some("https://portal.example.com/private/path?token=secret"),
                alert: Some("https://portal.example.com/private/path?token=secret"),
                ..Expect::default()
            },
        },
        Case {
            name: "http URLs keep path and query",
            pac: ECHO,
            url: "http://www.example.com/a/b?c=d#frag",
            host: None,
            env: base,
            expect: Expect {
                alert: Some("http://www.example.com/a/b?c=d"),
                ..Expect::default()
            },
        },
        Case {
            name: "winhttp sees the full https URL",
            pac: ECHO,
            url: "https://portal.example.com/private?x=1",
            host: None,
            env: winhttp,
            expect: Expect {
                alert: Some("https://portal.example.com/private?x=1"),
                ..Expect::default()
            },
        },
        Case {
            name: "chromium implicit localhost bypass: PAC not called",
            pac: ECHO,
            url: "http://127.0.0.1:8080/",
            host: None,
            env: base,
            expect: Expect {
                bypass: Some(true),
                rule_line: Some(None),
                primary: Some(None),
                warning_contains: None,
                ..Expect::default()
            },
        },
        Case {
            name: "winhttp asks the PAC about localhost",
            pac: ECHO,
            url: "http://localhost/",
            host: None,
            env: winhttp,
            expect: Expect {
                primary: Some(Some("echo.example.net:80")),
                ..Expect::default()
            },
        },
        Case {
            name: "firefox has no Microsoft extensions",
            pac: "function FindProxyForURL(u, h) { return typeof isInNetEx == 'function' ? 'PROXY ex:1' : 'PROXY plain:1'; }",
            url: "http://www.example.com/",
            host: None,
            env: firefox,
            expect: Expect {
                primary: Some(Some("plain:1")),
                ..Expect::default()
            },
        },
        Case {
            name: "myIpAddress and isInNet with a host name (resolves, recorded)",
            pac: "function FindProxyForURL(u, h) {\n if (isInNet(myIpAddress(), '10.0.0.0', '255.0.0.0') && isInNet(h, '10.0.0.0', '255.0.0.0'))\n  return 'DIRECT';\n return 'PROXY p.example:3128';\n}",
            url: "http://internal.example/",
            host: None,
            env: with_client_ip,
            expect: Expect {
                result: Some("DIRECT"),
                lookups: Some(1),
                rule_line: Some(Some(3)),
                ..Expect::default()
            },
        },
        Case {
            name: "myIpAddressEx lists every client address",
            pac: "function FindProxyForURL(u, h) { return 'PROXY ' + myIpAddressEx().split(';').length + '.example:80'; }",
            url: "http://a.example/",
            host: None,
            env: with_client_ip,
            expect: Expect {
                primary: Some(Some("2.example:80")),
                ..Expect::default()
            },
        },
        Case {
            name: "host not in the DNS table does not resolve",
            pac: "function FindProxyForURL(u, h) { return isResolvable(h) ? 'DIRECT' : 'PROXY p.example:80'; }",
            url: "http://nowhere.example/",
            host: None,
            env: base,
            expect: Expect {
                primary: Some(Some("p.example:80")),
                lookups: Some(1),
                ..Expect::default()
            },
        },
        Case {
            name: "time helpers read env.now in env.tz (Friday 19:30 in Paris)",
            pac: "function FindProxyForURL(u, h) {\n if (weekdayRange('FRI') && timeRange(19, 20)) return 'DIRECT';\n return 'PROXY p.example:80';\n}",
            url: "http://a.example/",
            host: None,
            env: paris_evening,
            expect: Expect {
                result: Some("DIRECT"),
                ..Expect::default()
            },
        },
        Case {
            name: "JavaScript Date uses env.now and env.tz too",
            pac: "function FindProxyForURL(u, h) { var d = new Date(); return 'PROXY h' + d.getHours() + '.example:' + (d.getMonth() + 1); }",
            url: "http://a.example/",
            host: None,
            env: paris_evening,
            expect: Expect {
                primary: Some(Some("h19.example:1")),
                ..Expect::default()
            },
        },
        Case {
            name: "non-string return is bad_return",
            pac: "function FindProxyForURL(u, h) { return null; }",
            url: "http://a.example/",
            host: None,
            env: base,
            expect: Expect {
                error_kind: Some("bad_return"),
                ..Expect::default()
            },
        },
        Case {
            name: "deciding return is the entry point's, not the helper's",
            pac: "function pick(h) {\n  return 'PROXY inner.example:80';\n}\nfunction FindProxyForURL(u, h) {\n  return pick(h);\n}",
            url: "http://a.example/",
            host: None,
            env: base,
            expect: Expect {
                rule_line: Some(Some(5)),
                ..Expect::default()
            },
        },
        Case {
            name: "bad URL is an error for that URL only",
            pac: ECHO,
            url: "http://[::1/",
            host: None,
            env: base,
            expect: Expect {
                error_kind: Some("bad_url"),
                ..Expect::default()
            },
        },
    ]
}

fn run(case: &Case) -> UrlResult {
    let input = UrlInput {
        url: case.url.to_string(),
        host: case.host.map(str::to_string),
    };
    let report = evaluate_inputs(case.pac, &[input], &(case.env)(), Limits::default());
    assert!(report.error.is_none(), "{}: {:?}", case.name, report.error);
    report.results.into_iter().next().expect("one result")
}

#[test]
fn conformance_table() {
    let mut failures = Vec::new();
    for case in cases() {
        let r = run(&case);
        let e = &case.expect;
        let mut check = |what: &str, ok: bool| {
            if !ok {
                failures.push(format!("{}: {what} (got {r:#?})", case.name));
            }
        };
        if let Some(want) = e.result {
            check("result", r.result.as_deref() == Some(want));
        }
        if let Some(want) = e.primary {
            check("primary", r.primary.as_deref() == want);
        }
        if let Some(want) = e.secondary {
            check("secondary", r.secondary.as_deref() == want);
        }
        if let Some(want) = e.bypass {
            check("bypass", r.bypass == want);
        }
        if let Some(want) = e.fallback_direct {
            check("fallback_direct", r.fallback_direct == want);
        }
        if let Some(want) = e.rule_line {
            check("rule line", r.rule.as_ref().map(|p| p.line) == want);
        }
        if let Some(want) = e.lookups {
            check("dns lookups", r.dns_lookups.len() == want);
        }
        if let Some(want) = e.pac_url {
            check("pac_url", r.pac_url == want);
        }
        match e.error_kind {
            Some(want) => check(
                "error kind",
                r.error.as_ref().map(|x| x.kind.as_str()) == Some(want),
            ),
            None => check("no error", r.error.is_none()),
        }
        if let Some(want) = e.warning_contains {
            check("warning", r.warnings.iter().any(|w| w.contains(want)));
        }
        if let Some(want) = e.alert {
            check("alert", r.alerts.first().map(String::as_str) == Some(want));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn rule_positions_point_at_the_return_keyword_with_its_line() {
    let r = run(&cases().into_iter().next().expect("case"));
    let rule = r.rule.expect("rule");
    assert_eq!((rule.line, rule.column), (20, 5));
    assert!(
        rule.text.starts_with("return \"PROXY ${GATEWAY}:80"),
        "{}",
        rule.text
    );
}

#[test]
fn report_lists_macros_and_echoes_env_defaults() {
    let report = netdiag_pac::evaluate(
        ZSCALER,
        &["https://www.example.com/".to_string()],
        &zscaler_unbound_env(),
    );
    let names: Vec<&str> = report.macros.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["GATEWAY", "SECONDARY_GATEWAY"]);
    assert_eq!(report.macros[0].lines, [20]);
    assert_eq!(report.env.tz.as_deref(), Some("UTC"));
    assert_eq!(report.entry_point.as_deref(), Some("FindProxyForURL"));
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.contains("unbound macro ${GATEWAY}"))
    );
    // Bound: no report warning, value echoed.
    let report = netdiag_pac::evaluate(
        ZSCALER,
        &["https://www.example.com/".to_string()],
        &zscaler_env(),
    );
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    assert_eq!(
        report.macros[0].value.as_deref(),
        Some("gw1.zscaler.example")
    );
}

#[test]
fn macro_substitution_keeps_positions_of_the_original() {
    // The bound value is longer than the macro: the deciding column must not shift.
    let pac = "function FindProxyForURL(u, h) { var p = \"${GATEWAY}\"; if (h == 'a') throw new Error('x'); return \"PROXY \" + p + \":80\"; }";
    let mut env = base();
    env.macros.insert(
        "GATEWAY".into(),
        "a-very-long-gateway-name.zscaler.example".into(),
    );
    let report = netdiag_pac::evaluate(
        pac,
        &["http://b/".to_string(), "http://a/".to_string()],
        &env,
    );
    let rule = report.results[0].rule.clone().expect("rule");
    assert_eq!(rule.column, pac.find("return").expect("return") as u32 + 1);
    let err = report.results[1].error.clone().expect("error");
    // boa, like V8, places an Error at the expression that created it.
    assert_eq!(
        err.column,
        Some(pac.find("new Error").expect("new") as u32 + 1)
    );
}

#[test]
fn template_literal_macro_is_flagged() {
    let pac = "function FindProxyForURL(u, h) { return `PROXY ${GATEWAY}:80`; }";
    let report = netdiag_pac::evaluate(pac, &["http://a.example/".to_string()], &base());
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.contains("template literal")),
        "{:?}",
        report.warnings
    );
    // Unbound in a template literal, JavaScript evaluates it: ReferenceError, as in browsers.
    assert_eq!(
        report.results[0].error.as_ref().map(|e| e.kind.as_str()),
        Some("runtime")
    );
    let mut env = base();
    env.macros.insert("GATEWAY".into(), "gw.example".into());
    let report = netdiag_pac::evaluate(pac, &["http://a.example/".to_string()], &env);
    assert_eq!(report.results[0].primary.as_deref(), Some("gw.example:80"));
}

#[test]
fn one_engine_many_urls_shares_state_like_browsers() {
    // Browsers keep the PAC's global state between calls.
    let pac =
        "var n = 0; function FindProxyForURL(u, h) { n++; return 'PROXY p' + n + '.example:80'; }";
    let mut engine = netdiag_pac::PacEngine::new(pac, &base()).expect("compiles");
    assert_eq!(
        engine.eval_url("http://a.example/").primary.as_deref(),
        Some("p1.example:80")
    );
    assert_eq!(
        engine.eval_url("http://b.example/").primary.as_deref(),
        Some("p2.example:80")
    );
}
