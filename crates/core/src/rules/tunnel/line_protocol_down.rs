//! # What it checks
//! Tunnel interfaces that are enabled but whose line protocol is down.
//!
//! # Why it matters
//! Routes through the tunnel are withdrawn and traffic fails over (or is lost). For GRE the
//! usual causes are an unreachable destination, a wrong destination/source, failed keepalives
//! (not supported through NAT) or a failed tracked IP SLA probe.
//!
//! # How to fix
//! Ping the tunnel destination (the provider's VIP) from the gateway, check the tunnel
//! source/destination against the provider's configuration page, then keepalives and probes.
//!
//! # References
//! Zscaler runbook "GRE Tunnel is Hard Down"; Cisco `show interfaces tunnel`.

use crate::facts::Facts;
use crate::finding::{Finding, Severity};
use crate::rules::{RuleMeta, draft};

/// Rule identity.
pub const META: RuleMeta = RuleMeta {
    id: "TunnelLineProtocolDown",
    name: "line_protocol_down",
    default_severity: Severity::Error,
};

/// One finding per tunnel that is up/down.
pub fn check(facts: &Facts, out: &mut Vec<Finding>) {
    for t in &facts.tunnels {
        if t.admin_up == Some(false) || t.line_up != Some(false) {
            continue;
        }
        let mut detail = format!(
            "{} is enabled but its line protocol is down{}.",
            t.name,
            t.destination
                .as_ref()
                .map(|d| format!(" (destination {d})"))
                .unwrap_or_default()
        );
        if t.destination.is_none() && !t.from_config {
            detail.push_str(
                " No tunnel destination is shown: a tunnel without a destination never comes up.",
            );
        }
        if t.source
            .as_deref()
            .is_some_and(|s| s.eq_ignore_ascii_case("unknown"))
        {
            detail.push_str(" The tunnel source is UNKNOWN: the source interface has no address (or does not exist).");
        }
        if t.keepalive.is_some() {
            detail.push_str(" Keepalives are configured: if the peer does not answer them (or NAT is in the way) they hold the line protocol down.");
        }
        draft(&META, format!("{} line protocol is down", t.name))
            .detail(detail)
            .evidence(&t.at)
            .evidence_opt(t.keepalive_at.as_ref())
            .push(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{ids, run, tunnel};

    #[test]
    fn fires_on_up_down() {
        let mut t = tunnel("Tunnel1");
        t.line_up = Some(false);
        let facts = Facts {
            tunnels: vec![t],
            ..Default::default()
        };
        assert_eq!(ids(&run(check, &facts)), ["TunnelLineProtocolDown"]);
    }

    #[test]
    fn explains_missing_destination() {
        let mut t = tunnel("Tunnel4");
        t.line_up = Some(false);
        t.destination = None;
        let out = run(
            check,
            &Facts {
                tunnels: vec![t],
                ..Default::default()
            },
        );
        assert!(out[0].detail.contains("without a destination"));
    }

    #[test]
    fn quiet_on_up_up_and_admin_down() {
        let mut shut = tunnel("Tunnel2");
        shut.admin_up = Some(false);
        shut.line_up = Some(false);
        let facts = Facts {
            tunnels: vec![tunnel("Tunnel1"), shut],
            ..Default::default()
        };
        assert!(run(check, &facts).is_empty());
    }
}
