//! Real-world PAC files from `<repo root>/../shared/corpus/pac` (never copied into the
//! project). Every PAC must evaluate a set of URLs without errors, and a few answers derived by
//! reading the files are checked. Skips, saying so, when the corpus is absent.

use std::collections::BTreeMap;
use std::path::PathBuf;

use netdiag_core::pac::{PacEnv, UrlResult};

fn corpus_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/corpus/pac"
    ));
    dir.is_dir().then_some(dir)
}

fn env() -> PacEnv {
    let dns: BTreeMap<String, Option<Vec<String>>> = [
        ("www.example.com", "203.0.113.5"),
        ("app.internal.example", "10.20.30.40"),
        ("zpa.example", "100.64.1.1"),
        ("doc.example", "192.0.2.25"),
    ]
    .iter()
    .map(|(h, a)| (h.to_string(), Some(vec![a.to_string()])))
    .collect();
    PacEnv {
        dns,
        my_ip: vec!["10.1.2.3".into()],
        now: Some("2026-01-15T09:30:00Z".into()),
        macros: [
            ("GATEWAY", "gw1.zscaler.example"),
            ("SECONDARY_GATEWAY", "gw2.zscaler.example"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect(),
        ..PacEnv::default()
    }
}

const URLS: &[&str] = &[
    "https://www.example.com/index.html",
    "http://intranet/",
    "http://10.1.1.1/",
    "ftp://ftp.example.org/pub/",
    "https://trust.zscaler.net/",
    "http://app.internal.example/",
    "https://zpa.example/",
    "http://doc.example/",
    "http://www.manugarg.com/",
    "http://mail.manugarg.com/",
    "http://ad.doubleclick.net/x.js",
    "http://printer.local/",
];

fn answers(name: &str) -> Option<Vec<UrlResult>> {
    let Some(dir) = corpus_dir() else {
        println!("SKIP: corpus not found at <repo root>/../shared/corpus/pac");
        return None;
    };
    let source = std::fs::read_to_string(dir.join(name)).ok()?;
    let urls: Vec<String> = URLS.iter().map(|u| u.to_string()).collect();
    let report = netdiag_pac::evaluate(&source, &urls, &env());
    assert!(report.error.is_none(), "{name}: {:?}", report.error);
    for r in &report.results {
        assert!(r.error.is_none(), "{name} {}: {:?}", r.url, r.error);
        assert!(
            r.result.is_some() || r.bypass_reason.is_some(),
            "{name} {}",
            r.url
        );
    }
    Some(report.results)
}

fn answer<'a>(results: &'a [UrlResult], url: &str) -> &'a UrlResult {
    results
        .iter()
        .find(|r| r.url == url)
        .expect("url evaluated")
}

#[test]
fn every_corpus_pac_evaluates_without_errors() {
    let Some(dir) = corpus_dir() else {
        println!("SKIP: corpus not found at <repo root>/../shared/corpus/pac");
        return;
    };
    let mut n = 0;
    for entry in std::fs::read_dir(dir).expect("readable") {
        let path = entry.expect("entry").path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if ext == "pac" || ext == "dat" {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .expect("name")
                .to_string();
            answers(&name);
            n += 1;
        }
    }
    assert!(n >= 7, "expected the seven corpus PACs, found {n}");
}

#[test]
fn pacparser_wpad_known_answers() {
    let Some(r) = answers("pacparser-wpad.dat") else {
        return;
    };
    assert_eq!(
        answer(&r, "http://intranet/").result.as_deref(),
        Some("DIRECT")
    );
    assert_eq!(
        answer(&r, "http://mail.manugarg.com/").result.as_deref(),
        Some("DIRECT")
    );
    let www = answer(&r, "http://www.manugarg.com/");
    assert_eq!(www.primary.as_deref(), Some("proxy1.manugarg.com:3128"));
    assert_eq!(www.secondary.as_deref(), Some("proxy2.manugarg.com:3128"));
    assert!(www.fallback_direct);
    assert_eq!(www.rule.as_ref().map(|p| p.line), Some(12));
}

#[test]
fn zscaler_tunnel_mode_known_answers() {
    let Some(r) = answers("zscaler-tunnelmode-app-profile.pac") else {
        return;
    };
    for direct in [
        "http://intranet/",
        "http://10.1.1.1/",
        "ftp://ftp.example.org/pub/",
    ] {
        assert!(answer(&r, direct).bypass, "{direct}");
    }
    let web = answer(&r, "https://www.example.com/index.html");
    assert_eq!(web.primary.as_deref(), Some("gw1.zscaler.example:80"));
    assert_eq!(web.secondary.as_deref(), Some("gw2.zscaler.example:80"));
    assert!(web.fallback_direct);
    assert_eq!(web.rule.as_ref().map(|p| p.line), Some(35));
}

#[test]
fn zscaler_pacbuilder_template_known_answers() {
    let Some(r) = answers("zscaler-pacbuilder-custom-template.pac") else {
        return;
    };
    let web = answer(&r, "https://www.example.com/index.html");
    assert_eq!(web.primary.as_deref(), Some("gw1.zscaler.example:9400"));
    assert_eq!(web.secondary.as_deref(), Some("gw2.zscaler.example:9400"));
    assert_eq!(web.entries.len(), 5);
    // The template resolves every host: the lookup is recorded.
    assert_eq!(
        web.dns_lookups.first().map(|l| l.helper.as_str()),
        Some("dnsResolve")
    );
    assert!(
        answer(&r, "http://app.internal.example/").bypass,
        "private range"
    );
    assert!(answer(&r, "https://zpa.example/").bypass, "ZPA 100.64/16");
    assert!(answer(&r, "http://doc.example/").bypass, "192.0.2.0/24");
    assert!(
        answer(&r, "https://trust.zscaler.net/").bypass,
        "Zscaler trust portal"
    );
    assert!(
        answer(&r, "ftp://ftp.example.org/pub/").bypass,
        "non-web protocol"
    );
}

#[test]
fn pacparser_sample_uses_client_ip_and_dns() {
    let Some(r) = answers("pacparser-web-sample.pac") else {
        return;
    };
    // Client in 10/8 and destination in 10/8: direct.
    assert!(answer(&r, "http://app.internal.example/").bypass);
    let web = answer(&r, "https://www.example.com/index.html");
    assert_eq!(
        web.result.as_deref(),
        Some("PROXY proxy.example.com:8080; DIRECT")
    );
    let other = answer(&r, "http://doc.example/");
    assert_eq!(
        other.result.as_deref(),
        Some("PROXY proxy.corporate.com:3128; DIRECT")
    );
}

#[test]
fn netbeans_and_easylist_known_answers() {
    if let Some(r) = answers("netbeans-test-wpad.dat") {
        assert_eq!(
            answer(&r, "http://intranet/").result.as_deref(),
            Some("DIRECT")
        );
        assert_eq!(
            answer(&r, "http://doc.example/").primary.as_deref(),
            Some("www-proxy.us.oracle.com:80")
        );
    }
    if let Some(r) = answers("easylist-blocklist-proxy.pac") {
        assert_eq!(
            answer(&r, "http://ad.doubleclick.net/x.js")
                .primary
                .as_deref(),
            Some("127.0.0.1:8119")
        );
        assert!(answer(&r, "http://printer.local/").bypass);
        assert_eq!(
            answer(&r, "https://www.example.com/index.html")
                .result
                .as_deref(),
            Some("DIRECT")
        );
    }
    if let Some(r) = answers("zscaler-lpmode-app-profile.pac") {
        assert_eq!(
            answer(&r, "http://intranet/").primary.as_deref(),
            Some("gw1.zscaler.example:80")
        );
    }
}
