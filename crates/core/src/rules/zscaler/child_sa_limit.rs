//! # What it checks
//! Towards Zscaler: more than 8 child SAs (distinct local/remote selector pairs, i.e. SPD
//! entries) per direction with one peer, in `show crypto ipsec sa` or in the configuration.
//!
//! # Why it matters
//! Zscaler supports at most 8 child SAs per direction; additional ones are not added, so the
//! traffic of those selectors is silently not routed over the tunnel.
//!
//! # How to fix
//! Consolidate the interesting-traffic subnets into at most 8 selectors, or use a
//! route-based tunnel (0.0.0.0/0) and routing.
//!
//! # References
//! Zscaler runbook "Check SA limits" and "IPSec Tunnel is UP but Traffic is Not Working".

use std::collections::BTreeMap;

use crate::compare::zscaler::MAX_CHILD_SAS;
use crate::facts::Facts;
use crate::finding::{Finding, Severity};
use crate::rules::{RuleMeta, draft};

/// Rule identity.
pub const META: RuleMeta = RuleMeta {
    id: "ChildSaLimitExceeded",
    name: "child_sa_limit",
    default_severity: Severity::Error,
};

/// One finding per Zscaler peer above the limit.
pub fn check(facts: &Facts, out: &mut Vec<Finding>) {
    if !facts.context.zscaler {
        return;
    }
    let mut by_peer: BTreeMap<String, Vec<&crate::facts::IpsecSa>> = BTreeMap::new();
    for sa in &facts.ipsec_sas {
        by_peer
            .entry(sa.remote.clone().unwrap_or_default())
            .or_default()
            .push(sa);
    }
    for (peer, sas) in by_peer {
        let mut pairs: Vec<(Option<&str>, Option<&str>)> = sas
            .iter()
            .map(|s| (s.local_ident.as_deref(), s.remote_ident.as_deref()))
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        if pairs.len() <= MAX_CHILD_SAS {
            continue;
        }
        let mut d = draft(&META, format!("{} child SAs per direction with {}; Zscaler supports {MAX_CHILD_SAS}", pairs.len(), if peer.is_empty() { "the Zscaler peer" } else { &peer }))
            .detail(format!("Each local/remote selector pair is one child SA. Zscaler installs at most {MAX_CHILD_SAS} per direction; the others are not added and their traffic is not routed over the tunnel."));
        for sa in sas.iter().skip(MAX_CHILD_SAS).take(3) {
            d = d.evidence(&sa.at);
        }
        d.push(out);
    }
    for c in &facts.configs {
        let n = c.config.phase2.child_sa_count();
        if n > MAX_CHILD_SAS {
            let how = if c.config.phase2.selector_pairs.is_empty() {
                format!(
                    "{} local × {} remote networks make {n} child SAs per direction",
                    c.config.phase2.local_nets.len(),
                    c.config.phase2.remote_nets.len()
                )
            } else {
                format!("each of the {n} crypto ACL entries is one child SA per direction")
            };
            draft(&META, format!("The configuration defines {n} selector pairs towards Zscaler; the limit is {MAX_CHILD_SAS}"))
                .detail(format!("{how}; Zscaler installs at most {MAX_CHILD_SAS}, the others are not added and their traffic is not routed over the tunnel."))
                .evidence(c.at_key("phase2.local_nets"))
                .push(out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::Context;
    use crate::rules::testing::{ids, ipsec_sa, run};

    fn sas(n: usize) -> Vec<crate::facts::IpsecSa> {
        (0..n)
            .map(|i| {
                let mut s = ipsec_sa(1, 1);
                s.local_ident = Some(format!("10.{i}.0.0/16"));
                s
            })
            .collect()
    }

    fn zs() -> Context {
        Context {
            zscaler: true,
            ..Default::default()
        }
    }

    #[test]
    fn fires_above_eight() {
        let facts = Facts {
            ipsec_sas: sas(9),
            context: zs(),
            ..Default::default()
        };
        let out = run(check, &facts);
        assert_eq!(ids(&out), ["ChildSaLimitExceeded"]);
        assert!(out[0].summary.starts_with("9 child SAs"));
    }

    #[test]
    fn quiet_at_eight_or_without_zscaler() {
        assert!(
            run(
                check,
                &Facts {
                    ipsec_sas: sas(8),
                    context: zs(),
                    ..Default::default()
                }
            )
            .is_empty()
        );
        assert!(
            run(
                check,
                &Facts {
                    ipsec_sas: sas(12),
                    ..Default::default()
                }
            )
            .is_empty()
        );
    }
}
