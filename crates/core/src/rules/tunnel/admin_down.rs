//! # What it checks
//! Tunnel interfaces that are administratively down (`shutdown`).
//!
//! # Why it matters
//! A shut tunnel carries nothing. That is right for a deliberately disabled standby, and a
//! common oversight otherwise.
//!
//! # How to fix
//! `no shutdown` on the interface if it should carry traffic.
//!
//! # References
//! Cisco `show interfaces`; Zscaler runbook (Active/Standby tunnel pairs).

use crate::facts::Facts;
use crate::finding::{Finding, Severity};
use crate::rules::{RuleMeta, draft};

/// Rule identity.
pub const META: RuleMeta = RuleMeta {
    id: "TunnelAdminDown",
    name: "admin_down",
    default_severity: Severity::Warning,
};

/// One finding per shut tunnel.
pub fn check(facts: &Facts, out: &mut Vec<Finding>) {
    for t in facts.tunnels.iter().filter(|t| t.admin_up == Some(false)) {
        draft(&META, format!("{} is administratively down", t.name))
            .detail(format!(
                "{} is shut down in the configuration; it carries no traffic until it is enabled.",
                t.name
            ))
            .evidence(&t.at)
            .push(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{ids, run, tunnel};

    #[test]
    fn fires_on_shutdown() {
        let mut t = tunnel("Tunnel1");
        t.admin_up = Some(false);
        let facts = Facts {
            tunnels: vec![t],
            ..Default::default()
        };
        assert_eq!(ids(&run(check, &facts)), ["TunnelAdminDown"]);
    }

    #[test]
    fn quiet_when_enabled() {
        let facts = Facts {
            tunnels: vec![tunnel("Tunnel1")],
            ..Default::default()
        };
        assert!(run(check, &facts).is_empty());
    }
}
