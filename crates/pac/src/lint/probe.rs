//! Probe evaluation for the checks only an answer can settle (IdP and private destinations
//! sent to the proxy): generated URLs evaluated once, in a fixed, documented environment.

use std::collections::BTreeMap;

use netdiag_core::pac::{ClientProfile, PacEnv, UrlResult};

use super::LintContext;
use crate::urlgen;

/// Address given to public probe hosts (RFC 5737 TEST-NET-2: public, never private).
pub(crate) const PUBLIC_ADDR: &str = "198.51.100.10";
/// The simulated client's address: on the corporate LAN, as during most incidents.
pub(crate) const CLIENT_ADDR: &str = "10.20.30.40";
/// A fixed instant (a Monday, 10:00 UTC) so time-based rules answer the same every run.
pub(crate) const NOW: &str = "2025-01-06T10:00:00Z";

/// What kind of destination a probe stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum ProbeClass {
    /// An identity-provider or authentication host.
    Idp,
    /// RFC 1918 / RFC 4193 private address.
    Private,
    /// Loopback (`127.0.0.1`, `::1`, `localhost`).
    Loopback,
    /// Link-local (`169.254.0.0/16`, e.g. cloud metadata).
    LinkLocal,
    /// A plain (dotless) host name.
    PlainHost,
}

/// One generated URL.
#[derive(Debug, Clone)]
pub(crate) struct Probe {
    pub url: String,
    pub class: ProbeClass,
    /// The IdP pattern it was generated from, or what it stands for.
    pub label: String,
}

/// A probe and the PAC's answer for it.
#[derive(Debug, Clone)]
pub(crate) struct ProbeResult {
    pub probe: Probe,
    pub result: UrlResult,
}

impl ProbeResult {
    /// True when the PAC's own answer starts with a usable proxy entry (malformed entries
    /// are skipped as browsers do; an answer with nothing usable means DIRECT).
    pub fn proxied(&self) -> bool {
        self.result.error.is_none() && !self.result.bypass && self.result.primary.is_some()
    }

    /// The first proxy entry as written, e.g. `PROXY p.example:8080`.
    pub fn first_entry(&self) -> String {
        self.result
            .entries
            .iter()
            .find(|e| {
                !e.kind.eq_ignore_ascii_case("DIRECT") && e.host.is_some() && e.port.is_some()
            })
            .map(|e| e.raw.clone())
            .unwrap_or_default()
    }
}

/// Fixed destinations that must not go to a cloud proxy.
const PRIVATE_PROBES: &[(&str, ProbeClass, &str)] = &[
    ("http://10.1.2.3/", ProbeClass::Private, "10.0.0.0/8"),
    ("http://172.16.1.2/", ProbeClass::Private, "172.16.0.0/12"),
    ("http://192.168.1.2/", ProbeClass::Private, "192.168.0.0/16"),
    ("http://[fd00::1]/", ProbeClass::Private, "fc00::/7"),
    ("http://127.0.0.1/", ProbeClass::Loopback, "127.0.0.0/8"),
    ("http://localhost/", ProbeClass::Loopback, "localhost"),
    ("http://[::1]/", ProbeClass::Loopback, "::1"),
    (
        "http://169.254.169.254/",
        ProbeClass::LinkLocal,
        "169.254.0.0/16",
    ),
    ("http://intranet/", ProbeClass::PlainHost, "plain host name"),
];

/// Generates the probes, evaluates them and pairs each with its answer. Empty when the PAC
/// cannot be evaluated (the syntax and entry-point checks report why).
pub(crate) fn run(ctx: &LintContext<'_>) -> Vec<ProbeResult> {
    let Some(pac) = ctx.pac() else {
        return Vec::new();
    };
    if pac.entry_point().is_none() {
        return Vec::new();
    }
    let mentioned = urlgen::mentioned_hosts(pac);
    let mut probes: Vec<Probe> = Vec::new();
    // The user's own domains first: they lead the finding's summary.
    let patterns = ctx
        .opts
        .extra_idp_domains
        .iter()
        .chain(&ctx.opts.idp_domains);
    for pattern in patterns {
        for host in idp_hosts(pattern, &mentioned) {
            if !probes.iter().any(|p| p.url.contains(&format!("//{host}/"))) {
                probes.push(Probe {
                    url: format!("https://{host}/"),
                    class: ProbeClass::Idp,
                    label: pattern.clone(),
                });
            }
        }
    }
    for (url, class, label) in PRIVATE_PROBES {
        probes.push(Probe {
            url: (*url).to_string(),
            class: *class,
            label: (*label).to_string(),
        });
    }
    // Browsers never ask the PAC about loopback and link-local hosts (Chromium, Firefox):
    // those probes are evaluated as Windows WinHTTP, which does ask, and which is where a PAC
    // sending them to the proxy hurts. Everything else as Chromium.
    let (winhttp, chromium): (Vec<Probe>, Vec<Probe>) = probes
        .into_iter()
        .partition(|p| matches!(p.class, ProbeClass::Loopback | ProbeClass::LinkLocal));
    let mut out = Vec::new();
    for (batch, client) in [
        (chromium, ClientProfile::Chromium),
        (winhttp, ClientProfile::Winhttp),
    ] {
        let env = probe_env(&batch, client);
        let Ok(mut engine) = crate::PacEngine::new(ctx.source, &env) else {
            return Vec::new();
        };
        for probe in batch {
            let result = engine.eval_url(&probe.url);
            // A PAC that runs into a limit (endless loop, deep recursion) would do so for
            // every probe: stop at the first, lint must stay fast.
            if result.error.as_ref().is_some_and(|e| e.kind == "limit") {
                return Vec::new();
            }
            out.push(ProbeResult { probe, result });
        }
    }
    out
}

/// The environment probes run in: public probe hosts resolve to a public address, the plain
/// host to a private one, the client sits on the LAN, the clock is fixed.
fn probe_env(probes: &[Probe], client: ClientProfile) -> PacEnv {
    let mut dns: BTreeMap<String, Option<Vec<String>>> = BTreeMap::new();
    for p in probes.iter().filter(|p| p.class == ProbeClass::Idp) {
        if let Some(host) = urlgen::host_of(&p.url) {
            dns.insert(host, Some(vec![PUBLIC_ADDR.to_string()]));
        }
    }
    dns.insert("intranet".into(), Some(vec!["10.1.2.4".into()]));
    dns.insert("localhost".into(), Some(vec!["127.0.0.1".into()]));
    PacEnv {
        dns,
        my_ip: vec![CLIENT_ADDR.to_string()],
        now: Some(NOW.to_string()),
        tz: Some("UTC".to_string()),
        macros: BTreeMap::new(),
        client,
        keep_url: false,
    }
}

/// Concrete hosts to test for an IdP pattern: the PAC's own hosts that match it (e.g. the
/// customer's Okta tenant), else a made-up one; a `label.` prefix needs a PAC-mentioned host.
pub(crate) fn idp_hosts(pattern: &str, mentioned: &[String]) -> Vec<String> {
    let pattern = pattern.trim().trim_end_matches('/').to_ascii_lowercase();
    let ours: Vec<String> = mentioned
        .iter()
        .filter(|h| idp_matches(&pattern, h))
        .take(3)
        .cloned()
        .collect();
    if !ours.is_empty() {
        return ours;
    }
    if let Some(domain) = pattern.strip_prefix("*.") {
        vec![format!("example.{domain}")]
    } else if pattern.ends_with('.') || pattern.is_empty() || pattern.contains('*') {
        Vec::new()
    } else {
        vec![pattern]
    }
}

/// Whether `host` falls under an IdP pattern (see `DEFAULT_IDP_DOMAINS` for the forms).
pub(crate) fn idp_matches(pattern: &str, host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    if let Some(domain) = pattern.strip_prefix("*.") {
        host.ends_with(&format!(".{domain}"))
    } else if pattern.ends_with('.') {
        host.starts_with(pattern) && host.len() > pattern.len()
    } else {
        host == pattern
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pac_hitting_a_limit_stops_probing_quickly() {
        let src = "function FindProxyForURL(url, host) { while (true) {} }";
        let opts = crate::lint::LintOptions::default();
        let start = std::time::Instant::now();
        let report = crate::lint::lint(src, &opts);
        assert!(
            !report
                .findings
                .iter()
                .any(|f| f.id == "PacIdpProxied" || f.id == "PacPrivateProxied"),
            "{:?}",
            report.findings
        );
        // One limit hit, not one per probe (about 30): generous bound for debug builds.
        assert!(start.elapsed() < std::time::Duration::from_secs(20));
    }

    #[test]
    fn idp_hosts_prefer_the_pacs_own_tenant() {
        let mentioned = vec!["acme.okta.com".to_string(), "adfs.acme.example".to_string()];
        assert_eq!(idp_hosts("*.okta.com", &mentioned), vec!["acme.okta.com"]);
        assert_eq!(
            idp_hosts("*.auth0.com", &mentioned),
            vec!["example.auth0.com"]
        );
        assert_eq!(idp_hosts("adfs.", &mentioned), vec!["adfs.acme.example"]);
        assert!(idp_hosts("adfs.", &[]).is_empty());
        assert_eq!(
            idp_hosts("accounts.google.com", &[]),
            vec!["accounts.google.com"]
        );
    }
}
