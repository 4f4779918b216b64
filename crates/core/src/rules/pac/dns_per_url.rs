//! # What it checks
//! PACs that make a DNS lookup (`dnsResolve`, `isInNet` on a name, `isResolvable`) for every
//! test URL that has a host name.
//!
//! # Why it matters
//! Every request then waits for DNS before it can even choose a proxy; when DNS is slow or
//! the name does not resolve (common for external names inside a locked-down network), every
//! request is slow or fails.
//!
//! # How to fix
//! Test cheap host-name rules first (`dnsDomainIs`, `shExpMatch`, `isPlainHostName`) and
//! resolve only the hosts that really need an address check.
//!
//! # References
//! PAC helper semantics (`isInNet` resolves its host argument); Zscaler runbook "PAC File
//! Causes".

use super::url_evidence;
use crate::facts::Facts;
use crate::facts::net::ipv4;
use crate::finding::{Finding, Severity};
use crate::rules::{RuleMeta, draft};

/// Rule identity.
pub const META: RuleMeta = RuleMeta {
    id: "PacResolvesEveryUrl",
    name: "dns_per_url",
    default_severity: Severity::Warning,
};

/// Fewer named URLs than this say nothing about "every URL".
const MIN_URLS: usize = 2;

/// One finding when every named URL triggered a lookup.
pub fn check(facts: &Facts, out: &mut Vec<Finding>) {
    let Some(pac) = &facts.pac else { return };
    let named: Vec<(usize, &crate::pac::UrlResult)> = pac
        .results
        .iter()
        .enumerate()
        .filter(|(_, r)| r.error.is_none() && ipv4(&r.host).is_none() && !r.host.contains(':'))
        .collect();
    if named.len() < MIN_URLS {
        return;
    }
    let resolved = |r: &crate::pac::UrlResult| r.dns_lookups.iter().any(|l| l.source != "literal");
    if !named.iter().all(|(_, r)| resolved(r)) {
        return;
    }
    let helpers: Vec<&str> = {
        let mut h: Vec<&str> = named
            .iter()
            .flat_map(|(_, r)| r.dns_lookups.iter().map(|l| l.helper.as_str()))
            .collect();
        h.sort_unstable();
        h.dedup();
        h
    };
    let mut d = draft(&META, format!("The PAC looks up DNS for every URL ({} of {} tested, via {})", named.len(), named.len(), helpers.join(", ")))
        .detail("Each request waits for a DNS answer before a proxy is chosen; with slow or failing DNS every request is slow or fails. Put host-name tests before address tests.");
    for (i, r) in named.iter().take(3) {
        d = d.evidence(&url_evidence(*i, r));
    }
    d.push(out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pac::DnsLookup;
    use crate::rules::pac::testing::{report, result};
    use crate::rules::testing::{ids, run};

    fn looked_up(url: &str) -> crate::pac::UrlResult {
        let mut r = result(url, &["PROXY p.example:80"], 5);
        r.dns_lookups.push(DnsLookup {
            helper: "isInNet".into(),
            host: r.host.clone(),
            answer: None,
            source: "missing".into(),
        });
        r
    }

    #[test]
    fn fires_when_every_url_resolves() {
        let r = report(vec![
            looked_up("http://a.example/"),
            looked_up("http://b.example/"),
        ]);
        assert_eq!(
            ids(&run(
                check,
                &Facts {
                    pac: Some(r),
                    ..Default::default()
                }
            )),
            ["PacResolvesEveryUrl"]
        );
    }

    #[test]
    fn quiet_when_some_urls_skip_dns() {
        let r = report(vec![
            looked_up("http://a.example/"),
            result("http://b.example/", &["DIRECT"], 3),
        ]);
        assert!(
            run(
                check,
                &Facts {
                    pac: Some(r),
                    ..Default::default()
                }
            )
            .is_empty()
        );
        let one = report(vec![looked_up("http://a.example/")]);
        assert!(
            run(
                check,
                &Facts {
                    pac: Some(one),
                    ..Default::default()
                }
            )
            .is_empty()
        );
    }
}
