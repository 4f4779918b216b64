//! # What it checks
//! Test URLs on identity-provider / authentication domains that the PAC sends to a proxy.
//! The list is configurable (`idp_domains`); common IdPs are preset
//! (login.microsoftonline.com, okta.com, auth0.com, ...) plus the cloud's own `login.` and
//! `ips.` hosts when the cloud is named.
//!
//! # Why it matters
//! When the IdP request goes through the proxy, the proxy redirects it (307) for
//! authentication, which needs the IdP again: an endless authentication loop.
//!
//! # How to fix
//! Return DIRECT for the IdP domains in the PAC, or add them to the authentication
//! exemptions.
//!
//! # References
//! Zscaler runbook "Authentication Causes"; Zscaler "Exempting URLs and Cloud Apps from
//! Authentication".

use super::{in_domain, url_evidence};
use crate::facts::Facts;
use crate::finding::{Finding, Severity};
use crate::rules::{RuleMeta, draft};

/// Rule identity.
pub const META: RuleMeta = RuleMeta {
    id: "IdpSentToProxy",
    name: "idp_via_proxy",
    default_severity: Severity::Warning,
};

/// One finding listing every proxied IdP URL.
pub fn check(facts: &Facts, out: &mut Vec<Finding>) {
    let Some(pac) = &facts.pac else { return };
    let hits: Vec<(usize, &crate::pac::UrlResult, &str)> = pac
        .results
        .iter()
        .enumerate()
        .filter(|(_, r)| r.error.is_none() && !r.bypass && r.primary.is_some())
        .filter_map(|(i, r)| {
            facts
                .context
                .idp_domains
                .iter()
                .find(|d| in_domain(&r.host, d))
                .map(|d| (i, r, d.as_str()))
        })
        .collect();
    let Some((_, first, _)) = hits.first() else {
        return;
    };
    let hosts: Vec<&str> = hits.iter().map(|(_, r, _)| r.host.as_str()).collect();
    let mut d = draft(&META, format!("Identity provider traffic goes to the proxy: {}", hosts.join(", ")))
        .detail(format!(
            "{} is sent to {}. The proxy redirects unauthenticated requests to the IdP for authentication; when the IdP itself goes through the proxy, that becomes an authentication loop.",
            first.host,
            first.primary.clone().unwrap_or_default()
        ));
    for (i, r, _) in hits.iter().take(5) {
        d = d.evidence(&url_evidence(*i, r));
    }
    d.push(out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::Context;
    use crate::rules::pac::testing::{report, result};
    use crate::rules::testing::{ids, run};

    fn ctx() -> Context {
        Context {
            idp_domains: crate::pac_review::DEFAULT_IDP_DOMAINS
                .iter()
                .map(|s| s.to_string())
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn fires_on_proxied_idp() {
        let r = report(vec![
            result(
                "https://login.microsoftonline.com/",
                &["PROXY gw.example.net:80", "DIRECT"],
                9,
            ),
            result("https://acme.okta.com/app", &["PROXY gw.example.net:80"], 9),
        ]);
        let out = run(
            check,
            &Facts {
                pac: Some(r),
                context: ctx(),
                ..Default::default()
            },
        );
        assert_eq!(ids(&out), ["IdpSentToProxy"]);
        assert!(out[0].summary.contains("acme.okta.com"));
        assert_eq!(out[0].evidence.len(), 2);
    }

    #[test]
    fn quiet_when_idp_bypassed() {
        let r = report(vec![
            result("https://login.microsoftonline.com/", &["DIRECT"], 4),
            result("http://www.example.com/", &["PROXY gw.example.net:80"], 9),
        ]);
        assert!(
            run(
                check,
                &Facts {
                    pac: Some(r),
                    context: ctx(),
                    ..Default::default()
                }
            )
            .is_empty()
        );
        assert!(!in_domain("notokta.com", "okta.com"));
        assert!(in_domain("adfs.corp.example", "adfs."));
        assert!(!in_domain("myadfs.corp.example", "adfs."));
        assert!(!in_domain("adfs", "adfs."));
    }
}
