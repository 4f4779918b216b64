//! `PacPrivateProxied`: private, loopback, link-local or plain-host destinations are sent to
//! the proxy.
//!
//! **What it checks.** The PAC is evaluated (see `probe.rs` for the fixed environment: the
//! client at 10.20.30.40, `intranet` resolving to 10.1.2.4) for `10.1.2.3`, `172.16.1.2`,
//! `192.168.1.2`, `[fd00::1]`, `127.0.0.1`, `localhost`, `[::1]`, `169.254.169.254` and the
//! plain host `intranet`. It fires for each class whose answer starts with a proxy. Loopback
//! and link-local probes are evaluated as Windows WinHTTP (browsers never ask the PAC about
//! them), the others as Chromium.
//!
//! **Why it matters.** A cloud proxy cannot reach addresses inside the customer network:
//! intranet sites, printers and router UIs fail or time out. Loopback through the proxy
//! breaks local development servers and agents (browsers bypass loopback implicitly, but
//! WinHTTP clients and other apps that read the PAC do not).
//!
//! **How to fix.** Return `DIRECT` early for plain host names (`isPlainHostName(host)`),
//! internal domains, and RFC 1918 / loopback / link-local addresses (test IP literals with
//! `shExpMatch` or a regex, so no DNS lookup is needed).

use std::collections::BTreeMap;

use netdiag_core::{Action, Evidence, Finding, Severity};

use super::probe::ProbeClass;
use super::{LintContext, Rule, finding, list_some};

/// The rule.
pub(crate) const RULE: Rule = Rule {
    id: "PacPrivateProxied",
    title: "Private, loopback or plain-host destinations sent to the proxy",
    severity: Severity::Warning,
    check,
};

fn class_name(c: ProbeClass) -> &'static str {
    match c {
        ProbeClass::Private => "Private addresses",
        ProbeClass::Loopback => "Loopback destinations",
        ProbeClass::LinkLocal => "Link-local addresses",
        ProbeClass::PlainHost => "Plain host names",
        ProbeClass::Idp => "IdP hosts",
    }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    let mut by_class: BTreeMap<ProbeClass, (Vec<String>, Vec<Evidence>)> = BTreeMap::new();
    for p in ctx
        .probes()
        .iter()
        .filter(|p| p.probe.class != ProbeClass::Idp)
    {
        if !p.proxied() {
            continue;
        }
        let (hosts, evidence) = by_class.entry(p.probe.class).or_default();
        hosts.push(format!("{} ({})", p.result.host, p.probe.label));
        if let Some(rule) = &p.result.rule
            && !evidence.iter().any(|e| e.lines.start == rule.line)
        {
            evidence.push(ctx.evidence(rule.line, rule.line));
        }
    }
    for (class, (hosts, evidence)) in by_class {
        out.push(finding(
            &RULE,
            format!(
                "{} go to the proxy: {}",
                class_name(class),
                list_some(&hosts, 4)
            ),
            "A cloud proxy cannot reach destinations inside the customer network, so these \
             requests fail or time out. The evidence lines are the returns that sent them to \
             the proxy (evaluated with the client at 10.20.30.40 and `intranet` resolving to \
             10.1.2.4).",
            evidence,
            vec![Action::text(
                "Return \"DIRECT\" early for isPlainHostName(host), internal domains and \
                 RFC 1918, loopback and link-local addresses (match IP literals with \
                 shExpMatch or a regex so no DNS lookup is needed).",
            )],
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::testutil::run;

    const ID: &str = "PacPrivateProxied";

    #[test]
    fn fires_per_destination_class() {
        let f = run(
            ID,
            "function FindProxyForURL(url, host) {\n\
               if (isPlainHostName(host)) return \"DIRECT\";\n\
               return \"PROXY p.example:8080; DIRECT\";\n}",
        );
        let summaries: Vec<&str> = f.iter().map(|f| f.summary.as_str()).collect();
        assert!(
            summaries.iter().any(|s| s.starts_with("Private addresses")),
            "{summaries:?}"
        );
        assert!(
            summaries.iter().any(|s| s.starts_with("Loopback")),
            "{summaries:?}"
        );
        assert!(
            !summaries.iter().any(|s| s.starts_with("Plain host")),
            "{summaries:?}"
        );
        assert_eq!(f[0].evidence[0].lines.start, 3);
    }

    #[test]
    fn a_malformed_answer_is_not_a_proxy() {
        // Browsers skip "DIRECTT" and, with nothing usable left, go DIRECT.
        let src = "function FindProxyForURL(url, host) {\n\
                   if (isPlainHostName(host)) return \"DIRECTT\";\n\
                   return \"PROXY p.example:8080\";\n}";
        let f = run(ID, src);
        assert!(
            !f.iter().any(|f| f.summary.starts_with("Plain host")),
            "{f:?}"
        );
    }

    #[test]
    fn quiet_when_internal_destinations_bypass() {
        let src = "function FindProxyForURL(url, host) {\n\
                   if (isPlainHostName(host) || host == \"localhost\" || host == \"::1\" || host == \"[::1]\"\n\
                       || shExpMatch(host, \"10.*\") || shExpMatch(host, \"127.*\") || shExpMatch(host, \"192.168.*\")\n\
                       || shExpMatch(host, \"172.16.*\") || shExpMatch(host, \"169.254.*\") || shExpMatch(host, \"fd*\"))\n\
                     return \"DIRECT\";\n\
                   return \"PROXY p.example:8080; DIRECT\";\n}";
        assert!(run(ID, src).is_empty(), "{:?}", run(ID, src));
    }
}
