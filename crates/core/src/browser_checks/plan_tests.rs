//! Tests of the check plan: runbook targets, problems with field and line, browser refusals.
use super::plan::*;
use crate::checks::CheckKind;

fn lines(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| (*s).to_string()).collect()
}

#[test]
fn cloud_gives_the_runbook_targets_in_order() {
    let plan = check_plan(&PlanInput {
        cloud: "zscalertwo.net".into(),
        pac_url: "https://pac.zscalertwo.net/example.com/proxy.pac".into(),
        proxies: lines(&[
            "gw1.example.net:80 # primary",
            "PROXY gw2.example.net:9400;",
            "",
        ]),
        extra_urls: lines(&[
            "# mine",
            "intranet.example.com",
            "https://pac.zscalertwo.net/",
        ]),
        ..PlanInput::default()
    });
    let ids: Vec<&str> = plan.targets.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "pac-https",
            "pac-http",
            "login-https",
            "login-http",
            "gateway-https",
            "gateway-http",
            "gateway-vpntest",
            "pac-file",
            "proxy-1",
            "proxy-2",
            "url-1"
        ]
    );
    let url = |id: &str| {
        plan.targets
            .iter()
            .find(|t| t.id == id)
            .unwrap()
            .url
            .clone()
    };
    assert_eq!(
        url("gateway-vpntest"),
        "http://gateway.zscalertwo.net/vpntest"
    );
    assert_eq!(url("proxy-2"), "http://gw2.example.net:9400/");
    assert_eq!(url("url-1"), "https://intranet.example.com/");
    assert!(
        plan.targets
            .iter()
            .find(|t| t.id == "pac-file")
            .unwrap()
            .download
    );
    assert_eq!(plan.samples, 10);
    assert_eq!(plan.timeout_ms, 3000);
    assert_eq!(
        plan.targets
            .iter()
            .find(|t| t.id == "pac-file")
            .unwrap()
            .tries,
        "GET, body kept for the PAC evaluator, × 10, 3000 ms timeout each"
    );
    assert!(plan.method.contains("no-cors"));
    assert!(plan.problems.is_empty(), "{:?}", plan.problems);
    assert_eq!(
        plan.dns_names,
        [
            "pac.zscalertwo.net",
            "login.zscalertwo.net",
            "gateway.zscalertwo.net",
            "gw1.example.net",
            "gw2.example.net",
            "intranet.example.com"
        ]
    );
    let proxy = plan.targets.iter().find(|t| t.id == "proxy-1").unwrap();
    assert_eq!(proxy.kind, CheckKind::Proxy);
    assert!(proxy.why.contains("primary"));
    assert!(proxy.reading.contains("ANY answer"));
    assert!(plan.targets.iter().all(|t| t.blocked.is_none()));
    assert!(plan.manual.iter().any(|m| m.id == "tcp-ports"));
}

#[test]
fn problems_name_the_field_and_line() {
    let plan = check_plan(&PlanInput {
        cloud: "zscaler".into(),
        pac_url: "ftp://pac.example/x.pac".into(),
        proxies: lines(&["gw1.example.net:99999"]),
        extra_urls: lines(&["ok.example", "", "http://[::1"]),
        samples: Some(0),
        timeout_ms: Some(10),
        ..PlanInput::default()
    });
    let p: Vec<(String, Option<u32>)> = plan
        .problems
        .iter()
        .map(|p| (p.field.clone(), p.line))
        .collect();
    assert_eq!(
        p,
        [
            ("samples".to_string(), None),
            ("timeout_ms".to_string(), None),
            ("cloud".to_string(), None),
            ("pac_url".to_string(), None),
            ("proxies".to_string(), Some(1)),
            ("extra_urls".to_string(), Some(3)),
        ]
    );
    assert_eq!(plan.samples, 1);
    assert_eq!(plan.timeout_ms, MIN_TIMEOUT_MS);
    assert!(plan.targets.iter().any(|t| t.host == "gateway.zscaler.net"));
    assert!(plan.problems[2].message.contains("zscaler.net"));
}

#[test]
fn browser_refusals_are_known_before_sending() {
    let plan = check_plan(&PlanInput {
        cloud: "zscaler.net".into(),
        extra_urls: lines(&["http://irc.example:6667/", "http://127.0.0.1:8080/"]),
        page_scheme: Some("https:".into()),
        dpp_port: Some(10938),
        ..PlanInput::default()
    });
    let t = |id: &str| plan.targets.iter().find(|t| t.id == id).unwrap();
    assert!(
        t("pac-http")
            .blocked
            .as_ref()
            .unwrap()
            .contains("mixed content")
    );
    assert!(t("pac-https").blocked.is_none());
    assert!(t("url-1").blocked.as_ref().unwrap().contains("bad port"));
    assert!(
        t("url-2").blocked.is_none(),
        "loopback is not mixed content"
    );
    assert_eq!(t("gateway-dpp").url, "http://gateway.zscaler.net:10938/");
}

#[test]
fn ip_proxies_are_not_resolved_and_duplicates_collapse() {
    let plan = check_plan(&PlanInput {
        proxies: lines(&["192.0.2.10:80", "HTTPS [2001:db8::10]:443", "192.0.2.10:80"]),
        ..PlanInput::default()
    });
    assert_eq!(plan.targets.len(), 2);
    assert_eq!(plan.targets[1].url, "https://[2001:db8::10]/");
    assert!(plan.dns_names.is_empty());
}
