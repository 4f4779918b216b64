//! # What it checks
//! Towards Zscaler: IKEv1 in use (an IKEv1 SA or an IKEv1 configuration).
//!
//! # Why it matters
//! New Zscaler tenants can no longer establish IKEv1 tunnels unless support enables IKEv1 for
//! the organisation; an IKEv1 tunnel that works today on an old tenant will not work when
//! copied to a new one. Informational.
//!
//! # How to fix
//! Move to IKEv2 (recommended), or raise a support case if the device only does IKEv1.
//!
//! # References
//! Zscaler runbook "IPSec Tunnel is Hard Down".

use crate::compare::IkeVersions;
use crate::facts::{Facts, IkeVersion};
use crate::finding::{Finding, Severity};
use crate::rules::{RuleMeta, draft};

/// Rule identity.
pub const META: RuleMeta = RuleMeta {
    id: "Ikev1OnNewTenant",
    name: "ikev1_new_tenant",
    default_severity: Severity::Info,
};

/// At most one finding, with the first IKEv1 evidence.
pub fn check(facts: &Facts, out: &mut Vec<Finding>) {
    if !facts.context.zscaler {
        return;
    }
    let sa = facts
        .ike_sas
        .iter()
        .find(|s| s.version == Some(IkeVersion::V1));
    let cfg = facts
        .configs
        .iter()
        .find(|c| c.config.phase1.version == Some(IkeVersions::V1));
    if sa.is_none() && cfg.is_none() {
        return;
    }
    draft(&META, "IKEv1 is used towards Zscaler; new tenants cannot use IKEv1 without a support case")
        .detail("Zscaler recommends IKEv2 for all new deployments. On a new tenant an IKEv1 tunnel does not come up until support enables IKEv1.")
        .evidence_opt(sa.map(|s| &s.at))
        .evidence_opt(cfg.map(|c| c.at_key("phase1.version")))
        .push(out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::Context;
    use crate::rules::testing::{ids, ike_sa, run};

    #[test]
    fn fires_on_ikev1_towards_zscaler() {
        let facts = Facts {
            ike_sas: vec![ike_sa("QM_IDLE", "192.0.2.1", "203.0.113.9")],
            context: Context {
                zscaler: true,
                ..Default::default()
            },
            ..Default::default()
        };
        assert_eq!(ids(&run(check, &facts)), ["Ikev1OnNewTenant"]);
    }

    #[test]
    fn quiet_on_ikev2_or_other_peers() {
        let v2 = Facts {
            ike_sas: vec![ike_sa("READY", "192.0.2.1", "203.0.113.9")],
            context: Context {
                zscaler: true,
                ..Default::default()
            },
            ..Default::default()
        };
        assert!(run(check, &v2).is_empty());
        let other = Facts {
            ike_sas: vec![ike_sa("QM_IDLE", "192.0.2.1", "203.0.113.9")],
            ..Default::default()
        };
        assert!(run(check, &other).is_empty());
    }
}
