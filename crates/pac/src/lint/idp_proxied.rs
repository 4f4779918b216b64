//! `PacIdpProxied`: identity-provider / authentication hosts are sent to the proxy.
//!
//! **What it checks.** The PAC is evaluated (see `probe.rs` for the fixed environment) for a
//! URL of every IdP pattern in `LintOptions::idp_domains` plus `extra_idp_domains`: the
//! customer's own hosts when the PAC names them (e.g. `acme.okta.com`), otherwise a made-up
//! host under the pattern. It fires for each one whose first entry is a proxy.
//!
//! **Why it matters.** An authenticating cloud proxy redirects unauthenticated requests to
//! the IdP; if the IdP request itself goes through the proxy and is redirected again, users
//! loop (the Zscaler runbook: "An authentication loop could happen if the request for IdP is
//! configured to be forwarded via ZIA ... Zscaler recommends bypassing IdP traffic").
//!
//! **How to fix.** Return `DIRECT` for the IdP domains before the default proxy rule, or
//! exempt them from authentication on the proxy (ZIA: Authentication Exemptions).

use netdiag_core::{Action, Evidence, Finding, Severity};

use super::probe::ProbeClass;
use super::{LintContext, Rule, action_ref, finding, list_some};

/// The rule.
pub(crate) const RULE: Rule = Rule {
    id: "PacIdpProxied",
    title: "Identity-provider hosts sent to the proxy",
    severity: Severity::Warning,
    check,
};

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    let mut hosts: Vec<String> = Vec::new();
    let mut evidence: Vec<Evidence> = Vec::new();
    for p in ctx
        .probes()
        .iter()
        .filter(|p| p.probe.class == ProbeClass::Idp)
    {
        if !p.proxied() {
            continue;
        }
        hosts.push(format!("{} ({})", p.result.host, p.first_entry()));
        if let Some(rule) = &p.result.rule
            && !evidence.iter().any(|e| e.lines.start == rule.line)
        {
            evidence.push(ctx.evidence(rule.line, rule.line));
        }
    }
    if hosts.is_empty() {
        return;
    }
    out.push(finding(
        &RULE,
        format!(
            "{} identity-provider host(s) go to the proxy: {}",
            hosts.len(),
            list_some(&hosts, 3)
        ),
        &format!(
            "When an authenticating proxy redirects a user to the IdP and the IdP request itself \
             goes through the proxy, sign-in can loop (look for 307 redirects on IdP requests). \
             The evidence lines are the returns that sent these hosts to the proxy. Hosts \
             tested and proxied: {}.",
            hosts.join(", ")
        ),
        evidence,
        vec![
            Action::text(
                "Return \"DIRECT\" for the IdP domains before the default proxy rule, e.g. \
                 if (shExpMatch(host, \"*.okta.com\")) return \"DIRECT\";",
            ),
            action_ref(
                "Or exempt the IdP domains from authentication on the proxy (ZIA: \
                 Administration > Advanced Settings > Authentication Exemptions).",
                "https://help.zscaler.com/zia/exempting-urls-cloud-apps-authentication",
            ),
        ],
    ));
}

#[cfg(test)]
mod tests {
    use crate::lint::LintOptions;
    use crate::lint::testutil::{run, run_with};

    const ID: &str = "PacIdpProxied";

    #[test]
    fn fires_for_proxied_idps_with_the_deciding_line() {
        let src = "function FindProxyForURL(url, host) {\n\
                   if (shExpMatch(host, \"*.okta.com\")) return \"DIRECT\";\n\
                   return \"PROXY p.example:8080; DIRECT\";\n}";
        // With the preset: every IdP but Okta is proxied.
        let f = run(ID, src);
        assert_eq!(f.len(), 1);
        let n = crate::lint::DEFAULT_IDP_DOMAINS.len() - 2; // *.okta.com bypasses; adfs. is not probed
        assert!(
            f[0].summary.starts_with(&format!("{n} identity")),
            "{}",
            f[0].summary
        );
        let opts = LintOptions {
            idp_domains: vec![
                "login.microsoftonline.com".into(),
                "*.okta.com".into(),
                "*.oktapreview.com".into(),
            ],
            ..LintOptions::default()
        };
        let f = run_with(ID, src, &opts);
        assert_eq!(f.len(), 1);
        assert!(
            f[0].summary.contains("login.microsoftonline.com"),
            "{}",
            f[0].summary
        );
        assert!(
            !f[0].summary.contains("example.okta.com"),
            "{}",
            f[0].summary
        );
        assert!(
            f[0].summary.contains("example.oktapreview.com"),
            "{}",
            f[0].summary
        );
        assert_eq!(f[0].evidence[0].lines.start, 3);
    }

    #[test]
    fn extra_domains_and_tenants_from_the_pac() {
        let opts = LintOptions {
            idp_domains: vec!["*.okta.com".into()],
            extra_idp_domains: vec!["sso.corp.example".into()],
            ..LintOptions::default()
        };
        let src = "function FindProxyForURL(url, host) {\n\
                   if (host == \"acme.okta.com\") return \"DIRECT\";\n\
                   return \"PROXY p.example:8080\";\n}";
        let f = run_with(ID, src, &opts);
        assert_eq!(f.len(), 1);
        assert!(
            f[0].summary.contains("sso.corp.example"),
            "{}",
            f[0].summary
        );
        assert!(!f[0].summary.contains("okta"), "{}", f[0].summary);
    }

    #[test]
    fn quiet_when_all_idps_bypass() {
        let opts = LintOptions {
            idp_domains: vec![
                "*.okta.com".into(),
                "login.microsoftonline.com".into(),
                "adfs.".into(),
            ],
            ..LintOptions::default()
        };
        let src = "function FindProxyForURL(url, host) {\n\
                   if (dnsDomainIs(host, \".okta.com\") || host == \"login.microsoftonline.com\") return \"DIRECT\";\n\
                   return \"PROXY p.example:8080\";\n}";
        assert!(run_with(ID, src, &opts).is_empty());
    }
}
