//! The check plan: from a cloud name, a PAC URL, the PAC's proxies and extra URLs to the list
//! of targets the page will probe, each with what will be tried and which runbook step it
//! answers. Problems in the inputs are data (`problems`), each naming the field and line.

use serde::{Deserialize, Serialize};

use super::manual::{ManualCheck, manual_checks};
use super::target_url::{Scheme, TargetUrl, is_bad_port, parse_target};
use crate::checks::CheckKind;

/// Samples per target when the input names none.
pub const DEFAULT_SAMPLES: u32 = 10;
/// Per-sample timeout when the input names none, ms.
pub const DEFAULT_TIMEOUT_MS: u32 = 3000;
/// Largest number of samples per target.
pub const MAX_SAMPLES: u32 = 100;
/// Timeout bounds, ms.
pub const MIN_TIMEOUT_MS: u32 = 100;
/// Timeout bounds, ms.
pub const MAX_TIMEOUT_MS: u32 = 60_000;
/// Largest number of targets in one plan (a run is sequential: keep it bounded).
pub const MAX_TARGETS: usize = 60;

/// What the user asked to check.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PlanInput {
    /// Cloud domain, e.g. `zscaler.net` (a bare `zscalertwo` gets `.net`); may be empty.
    pub cloud: String,
    /// The PAC file URL to download; may be empty.
    pub pac_url: String,
    /// Proxies, one per entry: `host:port`, `PROXY host:port`, `HTTPS host:port` or a URL;
    /// `#` starts a comment.
    pub proxies: Vec<String>,
    /// Further URLs or hosts, one per entry (`#` comments allowed); bare hosts get https://.
    pub extra_urls: Vec<String>,
    /// Samples per target (default 10).
    pub samples: Option<u32>,
    /// Timeout per sample in ms (default 3000).
    pub timeout_ms: Option<u32>,
    /// A Dedicated Proxy Port to try on gateway.<cloud> (the runbook's 10938), if any.
    pub dpp_port: Option<u16>,
    /// Scheme of the page running the checks (`https` marks http:// targets as mixed content).
    pub page_scheme: Option<String>,
}

/// The plan the page runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckPlan {
    /// Targets in the order they will be probed.
    pub targets: Vec<PlanTarget>,
    /// Host names worth resolving over DNS over HTTPS (cloud hosts, proxies, PAC host, extras).
    pub dns_names: Vec<String>,
    /// What a browser cannot test, with the commands to run instead.
    pub manual: Vec<ManualCheck>,
    /// Input problems, each naming the field and (for lists) the 1-based line.
    pub problems: Vec<PlanProblem>,
    /// Samples per target.
    pub samples: u32,
    /// Timeout per sample, ms.
    pub timeout_ms: u32,
    /// How each sample is taken (the same for every target).
    pub method: String,
}

/// One target of the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanTarget {
    /// Stable id (`pac-https`, `gateway-vpntest`, `pac-file`, `proxy-1`, `url-1`...).
    pub id: String,
    /// What the target is (decides which finding a failure maps to).
    pub kind: CheckKind,
    /// The URL fetched.
    pub url: String,
    /// Host name or IP literal.
    pub host: String,
    /// TCP port connected to.
    pub port: u16,
    /// What the page will try.
    pub tries: String,
    /// Why: the runbook step this answers.
    pub why: String,
    /// How to read an answer or a failure of this target.
    pub reading: String,
    /// Set when the browser will refuse the request; the page records `blocked` without sending.
    pub blocked: Option<String>,
    /// Keep the body of the first readable answer (the PAC file download).
    pub download: bool,
}

/// A problem with one input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanProblem {
    /// The input field (`cloud`, `pac_url`, `proxies`, `extra_urls`, `samples`, `timeout_ms`).
    pub field: String,
    /// 1-based line within a list field.
    pub line: Option<u32>,
    /// What is wrong and what was done about it.
    pub message: String,
}

const READ_HTTP: &str = "Answered (any status, even an error page) or answered_opaque: the name \
    resolved, TCP to this port connected and an HTTP server answered. Refused (fails in a few ms): \
    connection refused or reset, name not resolved, or TLS failed — the browser does not say which. \
    Timed out: packets are dropped on the way (a silently discarding firewall or a broken route).";

const READ_PROXY: &str = "The browser sends GET / straight to the proxy's port (not through it). \
    A proxy answers such a request with its own error, block or redirect page, so ANY answer — \
    answered with any status, or answered_opaque — proves the name resolves, TCP to this port \
    connects and the proxy speaks HTTP there. Refused (fails in a few ms): nothing accepted the \
    connection (closed port, a firewall's reset) or the name did not resolve. Timed out: packets \
    to this port are dropped. An answer does not prove the proxy will forward your traffic \
    (authentication and policy are not tested).";

const READ_PAC_FILE: &str = "Answered with HTTP 200 and a body: the device can download its PAC \
    file (size and time shown; load it into the PAC evaluator). answered_opaque: the server \
    answered but sends no CORS header, so the page may not read the file: open it in a browser \
    tab and save it, then open or paste it in the PAC evaluator. A 404 or 403 answer: the URL or \
    the PAC's access rules are wrong.";

/// How every sample is taken; shown once above the plan.
pub const METHOD: &str = "Each sample is one GET without cache or cookies, timed until the \
    answer's headers arrive. First a CORS request, so the status can be read; if the browser \
    refuses to read the answer, the same request again in no-cors mode: an answer arrives but \
    its status stays hidden (answered_opaque). A target that needed no-cors once uses it for its \
    other samples. Targets run one after another; the requests follow this browser's own proxy \
    settings.";

fn tries(samples: u32, timeout_ms: u32, download: bool) -> String {
    let what = if download {
        "GET, body kept for the PAC evaluator,"
    } else {
        "GET"
    };
    format!("{what} × {samples}, {timeout_ms} ms timeout each")
}

/// Builds the plan. Never fails: unusable entries are skipped and reported in `problems`.
pub fn check_plan(input: &PlanInput) -> CheckPlan {
    let mut b = Builder::new(input);
    b.cloud_targets(input);
    b.pac_file(input);
    b.proxies(input);
    b.extras(input);
    b.finish()
}

struct Builder {
    samples: u32,
    timeout_ms: u32,
    secure_page: bool,
    targets: Vec<PlanTarget>,
    dns_names: Vec<String>,
    problems: Vec<PlanProblem>,
    /// gateway.<cloud>, then proxy hosts, then the PAC host: the hosts worth manual commands.
    key_hosts: Vec<String>,
    pac_host: Option<String>,
    truncated: bool,
}

fn problem(field: &str, line: Option<u32>, message: String) -> PlanProblem {
    PlanProblem {
        field: field.into(),
        line,
        message,
    }
}

/// Non-empty, non-comment entries of a list with their 1-based line numbers.
fn entries(list: &[String]) -> impl Iterator<Item = (u32, &str)> {
    list.iter().enumerate().filter_map(|(i, raw)| {
        let text = raw.split('#').next().unwrap_or("").trim();
        let line = u32::try_from(i + 1).unwrap_or(u32::MAX);
        (!text.is_empty()).then_some((line, text))
    })
}

impl Builder {
    fn new(input: &PlanInput) -> Self {
        let mut problems = Vec::new();
        let samples = match input.samples {
            None => DEFAULT_SAMPLES,
            Some(n) if (1..=MAX_SAMPLES).contains(&n) => n,
            Some(n) => {
                let used = n.clamp(1, MAX_SAMPLES);
                problems.push(problem(
                    "samples",
                    None,
                    format!("{n} samples per target is outside 1–{MAX_SAMPLES}; using {used}"),
                ));
                used
            }
        };
        let timeout_ms = match input.timeout_ms {
            None => DEFAULT_TIMEOUT_MS,
            Some(t) if (MIN_TIMEOUT_MS..=MAX_TIMEOUT_MS).contains(&t) => t,
            Some(t) => {
                let used = t.clamp(MIN_TIMEOUT_MS, MAX_TIMEOUT_MS);
                problems.push(problem(
                    "timeout_ms",
                    None,
                    format!(
                        "a timeout of {t} ms is outside {MIN_TIMEOUT_MS}–{MAX_TIMEOUT_MS} ms; using {used} ms"
                    ),
                ));
                used
            }
        };
        let secure_page = input
            .page_scheme
            .as_deref()
            .is_some_and(|s| s.trim_end_matches(':').eq_ignore_ascii_case("https"));
        Self {
            samples,
            timeout_ms,
            secure_page,
            targets: Vec::new(),
            dns_names: Vec::new(),
            problems,
            key_hosts: Vec::new(),
            pac_host: None,
            truncated: false,
        }
    }

    fn add_name(&mut self, t: &TargetUrl) {
        if !t.host_is_ip() && !self.dns_names.contains(&t.host) {
            self.dns_names.push(t.host.clone());
        }
    }

    /// Why the browser will refuse this URL, if it will.
    fn blocked(&self, t: &TargetUrl) -> Option<String> {
        if is_bad_port(t.port) {
            return Some(format!(
                "browsers refuse port {} (a \"bad port\" of the Fetch standard): test it with \
                 the commands under \"What a browser cannot test\"",
                t.port
            ));
        }
        let loopback = t.host == "localhost"
            || t.host.ends_with(".localhost")
            || t.host.starts_with("127.")
            || t.host == "::1";
        if self.secure_page && t.scheme == Scheme::Http && !loopback {
            return Some(
                "mixed content: this page was loaded over https, so the browser blocks http:// \
                 requests. Open netdiag from the single file (file://) or over http to test port 80"
                    .into(),
            );
        }
        None
    }

    fn push(
        &mut self,
        id: String,
        kind: CheckKind,
        t: &TargetUrl,
        why: &str,
        reading: &str,
        download: bool,
    ) {
        let url = t.to_url();
        if self.targets.iter().any(|x| x.url == url) {
            return;
        }
        if self.targets.len() >= MAX_TARGETS {
            if !self.truncated {
                self.truncated = true;
                self.problems.push(problem(
                    "extra_urls",
                    None,
                    format!("more than {MAX_TARGETS} targets: the rest are left out"),
                ));
            }
            return;
        }
        self.add_name(t);
        self.targets.push(PlanTarget {
            id,
            kind,
            tries: tries(self.samples, self.timeout_ms, download),
            url,
            host: t.host.clone(),
            port: t.port,
            why: why.into(),
            reading: reading.into(),
            blocked: self.blocked(t),
            download,
        });
    }

    fn cloud_targets(&mut self, input: &PlanInput) {
        let raw = input
            .cloud
            .trim()
            .trim_end_matches('.')
            .to_ascii_lowercase();
        if raw.is_empty() {
            return;
        }
        if raw.contains("://") || raw.contains('/') {
            self.problems.push(problem(
                "cloud",
                None,
                format!("\"{raw}\" is not a cloud name: type the domain only, e.g. zscaler.net"),
            ));
            return;
        }
        let cloud = if raw.contains('.') {
            raw
        } else {
            let full = format!("{raw}.net");
            self.problems.push(problem(
                "cloud",
                None,
                format!("\"{raw}\" has no domain ending: using {full}"),
            ));
            full
        };
        let cloud = ["pac.", "login.", "gateway."]
            .iter()
            .find_map(|p| cloud.strip_prefix(p).filter(|rest| rest.contains('.')))
            .map_or(cloud.clone(), str::to_string);
        let steps = [
            ("pac", CheckKind::Pac, "PAC host"),
            ("login", CheckKind::Auth, "login (authentication) host"),
            ("gateway", CheckKind::Gateway, "gateway host"),
        ];
        for (name, kind, what) in steps {
            for scheme in [Scheme::Https, Scheme::Http] {
                let host = format!("{name}.{cloud}");
                let t = match parse_target(&host, scheme) {
                    Ok(t) => t,
                    Err(e) => {
                        self.problems
                            .push(problem("cloud", None, format!("cloud name: {e}")));
                        return;
                    }
                };
                if name == "gateway" && scheme == Scheme::Https {
                    self.key_hosts.push(t.host.clone());
                }
                let why = format!(
                    "Runbook, internet down: {name}.<cloud> (the {what}) must resolve and answer on \
                     {} — the ping/telnet reachability step, done over HTTP.",
                    t.port
                );
                self.push(
                    format!("{name}-{}", scheme.as_str()),
                    kind,
                    &t,
                    &why,
                    READ_HTTP,
                    false,
                );
            }
        }
        if let Ok(t) = parse_target(&format!("http://gateway.{cloud}/vpntest"), Scheme::Http) {
            self.push(
                "gateway-vpntest".into(),
                CheckKind::Gateway,
                &t,
                "Runbook, GRE/IPsec tunnel flapping: tunnel health probes must target \
                 gateway.<cloud>/vpntest; this shows whether that URL answers from here.",
                READ_HTTP,
                false,
            );
        }
        if let Some(port) = input.dpp_port
            && let Ok(t) = parse_target(&format!("http://gateway.{cloud}:{port}/"), Scheme::Http)
        {
            self.push(
                "gateway-dpp".into(),
                CheckKind::Gateway,
                &t,
                "Runbook: the Dedicated Proxy Port (DPP, usually 10938) answers only when it is \
                 provisioned for your organisation; a failure is expected otherwise.",
                READ_HTTP,
                false,
            );
        }
    }

    fn pac_file(&mut self, input: &PlanInput) {
        let raw = input.pac_url.trim();
        if raw.is_empty() {
            return;
        }
        match parse_target(raw, Scheme::Https) {
            Ok(t) => {
                self.pac_host = Some(t.host.clone());
                self.push(
                    "pac-file".into(),
                    CheckKind::Pac,
                    &t,
                    "Runbook: copy the PAC URL from the admin portal and confirm this device can \
                     download the PAC file. If it cannot although pac.<cloud> answers, suspect IP \
                     fragmentation (see the MTU commands).",
                    READ_PAC_FILE,
                    true,
                );
            }
            Err(e) => self
                .problems
                .push(problem("pac_url", None, format!("PAC URL: {e}"))),
        }
    }

    fn proxies(&mut self, input: &PlanInput) {
        let mut n = 0;
        for (line, text) in entries(&input.proxies) {
            let (scheme, address) = proxy_address(text);
            let parsed = if address.contains("://") {
                parse_target(address, Scheme::Http)
            } else {
                parse_target(address, scheme)
            };
            match parsed {
                Ok(t) => {
                    n += 1;
                    let role = match n {
                        1 => "primary",
                        2 => "secondary",
                        _ => "further",
                    };
                    if !self.key_hosts.contains(&t.host) && self.key_hosts.len() < 3 {
                        self.key_hosts.push(t.host.clone());
                    }
                    let why = format!(
                        "Runbook: identify the primary and secondary data centre in the PAC and \
                         test reachability to them (the telnet step): this is the {role} proxy, \
                         port {}.",
                        t.port
                    );
                    self.push(
                        format!("proxy-{n}"),
                        CheckKind::Proxy,
                        &t,
                        &why,
                        READ_PROXY,
                        false,
                    );
                }
                Err(e) => self.problems.push(problem(
                    "proxies",
                    Some(line),
                    format!("proxy line {line}: {e}"),
                )),
            }
        }
    }

    fn extras(&mut self, input: &PlanInput) {
        let mut n = 0;
        for (line, text) in entries(&input.extra_urls) {
            match parse_target(text, Scheme::Https) {
                Ok(t) => {
                    n += 1;
                    self.push(
                        format!("url-{n}"),
                        CheckKind::Other,
                        &t,
                        "Added by you.",
                        READ_HTTP,
                        false,
                    );
                }
                Err(e) => self.problems.push(problem(
                    "extra_urls",
                    Some(line),
                    format!("URL line {line}: {e}"),
                )),
            }
        }
    }

    fn finish(mut self) -> CheckPlan {
        if let Some(h) = self.pac_host.take()
            && !self.key_hosts.contains(&h)
        {
            self.key_hosts.push(h);
        }
        CheckPlan {
            manual: manual_checks(&self.key_hosts),
            targets: self.targets,
            dns_names: self.dns_names,
            problems: self.problems,
            samples: self.samples,
            timeout_ms: self.timeout_ms,
            method: METHOD.into(),
        }
    }
}

/// Reads `PROXY h:p` / `HTTPS h:p` / `h:p` (port 80 when missing, as PAC clients do).
fn proxy_address(text: &str) -> (Scheme, &str) {
    let mut words = text.split_whitespace();
    let first = words.next().unwrap_or("");
    let (scheme, address) = match (first.to_ascii_uppercase().as_str(), words.next()) {
        ("PROXY" | "HTTP", Some(a)) => (Scheme::Http, a),
        ("HTTPS", Some(a)) => (Scheme::Https, a),
        _ => (Scheme::Http, first),
    };
    (scheme, address.trim_end_matches(';'))
}
