//! # What it checks
//! Proxied URLs whose PAC answer has no DIRECT entry after the proxies.
//!
//! # Why it matters
//! When every listed proxy is unreachable the browser gives up: browsing fails closed. That
//! can be the intended security posture, but it should be a decision. Informational.
//!
//! # How to fix
//! Keep it if policy requires fail-closed; otherwise end the answer with `; DIRECT`.
//!
//! # References
//! Zscaler runbook (primary / secondary data centres in the PAC); the PAC return-value
//! format (fallback entries are tried in order).

use super::url_evidence;
use crate::facts::Facts;
use crate::finding::{Finding, Severity};
use crate::rules::{RuleMeta, draft};

/// Rule identity.
pub const META: RuleMeta = RuleMeta {
    id: "NoDirectFallback",
    name: "no_direct_fallback",
    default_severity: Severity::Info,
};

/// One finding listing the URLs without a DIRECT fallback.
pub fn check(facts: &Facts, out: &mut Vec<Finding>) {
    let Some(pac) = &facts.pac else { return };
    let hits: Vec<(usize, &crate::pac::UrlResult)> = pac
        .results
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            r.error.is_none() && !r.bypass && r.primary.is_some() && !r.fallback_direct
        })
        .collect();
    let Some((_, first)) = hits.first() else {
        return;
    };
    let single = first.secondary.is_none();
    let mut d = draft(
        &META,
        format!(
            "{} proxied URL(s) have no DIRECT fallback (fail-closed)",
            hits.len()
        ),
    )
    .detail(format!(
        "For example {} → {}. If {} unreachable, these requests fail instead of going direct.{}",
        first.url,
        first.result.clone().unwrap_or_default(),
        if single {
            "the proxy is"
        } else {
            "every proxy listed is"
        },
        if single {
            " There is no secondary proxy either."
        } else {
            ""
        }
    ));
    for (i, r) in hits.iter().take(3) {
        d = d.evidence(&url_evidence(*i, r));
    }
    d.push(out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::pac::testing::{report, result};
    use crate::rules::testing::{ids, run};

    #[test]
    fn fires_without_direct_fallback() {
        let r = report(vec![result(
            "http://www.example.com/",
            &["PROXY a.example:80", "PROXY b.example:80"],
            9,
        )]);
        assert_eq!(
            ids(&run(
                check,
                &Facts {
                    pac: Some(r),
                    ..Default::default()
                }
            )),
            ["NoDirectFallback"]
        );
    }

    #[test]
    fn quiet_with_fallback_or_direct() {
        let r = report(vec![
            result(
                "http://www.example.com/",
                &["PROXY a.example:80", "PROXY b.example:80", "DIRECT"],
                9,
            ),
            result("http://intranet.example/", &["DIRECT"], 4),
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
    }
}
