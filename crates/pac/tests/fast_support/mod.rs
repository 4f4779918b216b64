//! Shared by the `fast_*` tests: the differential check (native evaluator against boa), a
//! seeded generator of large PACs and URL sets, and environments.
#![allow(dead_code)]

use std::collections::BTreeMap;

use netdiag_core::pac::{ClientProfile, EvaluatorKind, PacEnv, PacEvaluator, UrlResult};
use netdiag_pac::{Limits, PacEngine, UrlInput};

/// Evaluates `urls` with the default engine and with boa only; panics on the first field that
/// differs. Returns what the default engine reported about its evaluator.
pub fn assert_same(name: &str, src: &str, env: &PacEnv, urls: &[String]) -> PacEvaluator {
    let limits = Limits::default();
    let fast = PacEngine::with_limits(src, env, limits);
    let boa = PacEngine::boa_only(src, env, limits);
    let (mut fast, mut boa) = match (fast, boa) {
        (Ok(f), Ok(b)) => (f, b),
        (Err(f), Err(b)) => {
            assert_eq!(
                f.to_string(),
                b.to_string(),
                "{name}: compile errors differ"
            );
            return PacEvaluator {
                kind: EvaluatorKind::Boa,
                fallback_reason: Some(f.to_string()),
                boa_urls: 0,
                boa_url_reason: None,
            };
        }
        (f, b) => panic!(
            "{name}: one engine failed: fast {:?} / boa {:?}",
            f.err(),
            b.err()
        ),
    };
    assert_eq!(
        fast.entry_point(),
        boa.entry_point(),
        "{name}: entry points differ"
    );
    for url in urls {
        let input = UrlInput {
            url: url.clone(),
            host: None,
        };
        let a: UrlResult = fast.eval_input(&input);
        let b: UrlResult = boa.eval_input(&input);
        assert_eq!(a, b, "{name}: results differ for {url}");
    }
    let (ra, rb) = (fast.report(Vec::new()), boa.report(Vec::new()));
    assert_eq!(ra.warnings, rb.warnings, "{name}: report warnings differ");
    assert_eq!(ra.macros, rb.macros, "{name}: macros differ");
    fast.evaluator().clone()
}

/// xorshift64*: deterministic, no dependency.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

pub const DOMAINS: &[&str] = &[
    "example.com",
    "example.net",
    "example.org",
    "corp.example",
    "lab.example",
    "cdn.example.net",
];

pub const LABELS: &[&str] = &[
    "www", "app1", "app2", "mail", "login", "api", "intranet", "wiki", "cdn", "static", "vpn",
];

const PROXIES: &[&str] = &[
    "proxy1.example.net:8080",
    "proxy2.example.net:8080",
    "gw1.example.org:80",
    "zs1.example.net:9400",
];

/// A pool of hosts: FQDNs, plain names, IPv4 literals (private and documentation ranges).
pub fn host_pool(r: &mut Rng, n: usize) -> Vec<String> {
    (0..n)
        .map(|_| match r.below(10) {
            0 => r.pick(LABELS).to_string(),
            1 => format!("10.{}.{}.{}", r.below(256), r.below(256), r.below(256)),
            2 => format!("172.{}.{}.{}", 16 + r.below(16), r.below(256), r.below(256)),
            3 => format!("203.0.113.{}", r.below(256)),
            _ => format!("{}.{}", r.pick(LABELS), r.pick(DOMAINS)),
        })
        .collect()
}

fn chain(r: &mut Rng) -> String {
    let a = r.pick(PROXIES);
    let b = r.pick(PROXIES);
    match r.below(4) {
        0 => "DIRECT".into(),
        1 => format!("PROXY {a}"),
        2 => format!("PROXY {a}; PROXY {b}; DIRECT"),
        _ => format!("PROXY {a}; DIRECT"),
    }
}

fn net(r: &mut Rng) -> (String, &'static str) {
    match r.below(4) {
        0 => (format!("10.{}.0.0", r.below(256)), "255.255.0.0"),
        1 => (format!("172.{}.0.0", 16 + r.below(16)), "255.240.0.0"),
        2 => (
            format!("10.{}.{}.0", r.below(256), r.below(256)),
            "255.255.255.0",
        ),
        _ => ("203.0.113.0".into(), "255.255.255.128"),
    }
}

/// The idea of `bench/gen-pac.mjs` (large): `rules` if-statements of shExpMatch on host and
/// URL, dnsDomainIs, localHostOrDomainIs, isInNet on the host and on `dnsResolve(host)`.
pub fn large_pac(rules: usize, seed: u64) -> String {
    let mut r = Rng::new(seed);
    let pool = host_pool(&mut r, 200);
    let mut out = vec![
        "function FindProxyForURL(url, host) {".to_string(),
        "  host = host.toLowerCase();".into(),
        "  if (isPlainHostName(host)) return \"DIRECT\";".into(),
        "  var ip = dnsResolve(host);".into(),
    ];
    for _ in 0..rules {
        let n = 1 + r.below(3);
        let mut parts = Vec::new();
        for _ in 0..n {
            let host = r.pick(&pool).clone();
            let label = host.split('.').next().unwrap_or("").to_string();
            let rest = host.get(label.len()..).unwrap_or("").to_string();
            parts.push(match r.below(7) {
                0 => format!(
                    "shExpMatch(host, \"{}*{rest}\")",
                    label.trim_end_matches(|c: char| c.is_ascii_digit())
                ),
                1 => format!("shExpMatch(url, \"*://{host}/*\")"),
                2 => format!(
                    "dnsDomainIs(host, \"{}\")",
                    if rest.is_empty() { host.clone() } else { rest }
                ),
                3 => format!("localHostOrDomainIs(host, \"{host}\")"),
                4 => {
                    let (n, m) = net(&mut r);
                    format!("isInNet(ip, \"{n}\", \"{m}\")")
                }
                5 => {
                    let (n, m) = net(&mut r);
                    format!("isInNet(host, \"{n}\", \"{m}\")")
                }
                _ => {
                    let (n, m) = net(&mut r);
                    format!("isInNet(dnsResolve(host), \"{n}\", \"{m}\")")
                }
            });
        }
        out.push(format!(
            "  if ({}) return \"{}\";",
            parts.join(" || "),
            chain(&mut r)
        ));
    }
    out.push("  return \"PROXY proxy1.example.net:8080; PROXY proxy2.example.net:8080\";".into());
    out.push("}".into());
    out.join("\n")
}

/// Seeded URLs: plain hosts, FQDNs, IPv4 and IPv6 literals, ports, odd cases.
pub fn random_urls(seed: u64, n: usize) -> Vec<String> {
    let mut r = Rng::new(seed);
    let pool = host_pool(&mut r, 300);
    let odd = [
        "http://[2001:db8::1]/",
        "https://[2001:db8::5]:8443/x",
        "http://WWW.EXAMPLE.COM/Upper",
        "http://www.example.com./trailing-dot",
        "ftp://ftp.example.org/pub/",
        "http://localhost/",
        "http://127.0.0.1/",
        "http://user:pw@www.example.com/",
        "http://www.example.com/a?q=\"quote\"",
        "http://xn--bcher-kva.example/",
        "http://münchen.example/",
        "ws://socket.example.net/",
        "http://null/",
        "http://1.2.3/",
        "not a url",
    ];
    let mut out: Vec<String> = odd.iter().map(|s| s.to_string()).collect();
    for _ in 0..n {
        let scheme = if r.chance(60) { "https" } else { "http" };
        let port = if r.chance(5) { ":8080" } else { "" };
        let host = r.pick(&pool).clone();
        out.push(format!("{scheme}://{host}{port}/p{}", r.below(1000)));
    }
    out
}

/// Environments: DNS hits and misses (and a host that does not resolve), client addresses,
/// clocks and time zones, every client profile.
pub fn envs(seed: u64) -> Vec<PacEnv> {
    let mut r = Rng::new(seed);
    let pool = host_pool(&mut r, 300);
    let mut dns: BTreeMap<String, Option<Vec<String>>> = BTreeMap::new();
    for h in &pool {
        if h.starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        let answer = match r.below(10) {
            0..=2 => None,
            3 => Some(vec!["2001:db8::7".to_string()]),
            4 => Some(vec![
                "2001:db8::8".to_string(),
                format!("10.{}.1.1", r.below(256)),
            ]),
            5 | 6 => Some(vec![format!(
                "10.{}.{}.{}",
                r.below(256),
                r.below(256),
                r.below(256)
            )]),
            7 => Some(vec![format!("172.{}.0.9", 16 + r.below(16))]),
            _ => Some(vec![format!("203.0.113.{}", r.below(256))]),
        };
        dns.insert(h.clone(), answer);
    }
    let macros: BTreeMap<String, String> = [
        ("GATEWAY", "gw1.example.net"),
        ("SECONDARY_GATEWAY", "gw2.example.net"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let base = PacEnv {
        dns,
        my_ip: vec!["10.1.2.3".into()],
        now: Some("2026-03-02T09:00:00Z".into()),
        tz: Some("UTC".into()),
        macros,
        ..PacEnv::default()
    };
    vec![
        base.clone(),
        PacEnv {
            my_ip: vec!["2001:db8::9".into(), "192.0.2.55".into()],
            now: Some("2026-12-31T23:30:00Z".into()),
            tz: Some("Europe/Paris".into()),
            client: ClientProfile::Firefox,
            ..base.clone()
        },
        PacEnv {
            my_ip: vec![],
            now: Some("2026-07-04T18:15:30Z".into()),
            tz: Some("America/New_York".into()),
            client: ClientProfile::Winhttp,
            dns: BTreeMap::new(),
            ..base.clone()
        },
        PacEnv {
            now: Some("2026-01-10T03:00:00Z".into()),
            tz: Some("+05:30".into()),
            keep_url: true,
            ..base
        },
    ]
}
