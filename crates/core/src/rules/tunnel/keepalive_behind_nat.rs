//! # What it checks
//! GRE tunnels with keepalives configured whose source address is private (behind NAT) while
//! the destination is public.
//!
//! # Why it matters
//! GRE keepalives are not supported through NAT: the reply cannot be matched back, the
//! keepalives fail and the line protocol goes down (or flaps) although the tunnel works.
//!
//! # How to fix
//! `no keepalive` on the tunnel; monitor with IP SLA HTTP probes to
//! `gateway.<cloud>.net/vpntest` instead. Make sure NAT translates GRE to the registered
//! GRE source address.
//!
//! # References
//! Zscaler runbook "Validate IP SLA and GRE KeepAlives Status".

use super::source_address;
use crate::facts::net::{ipv4, is_private, is_public};
use crate::facts::{Facts, TunnelMode};
use crate::finding::{Finding, Severity};
use crate::rules::{RuleMeta, draft};

/// Rule identity.
pub const META: RuleMeta = RuleMeta {
    id: "GreKeepaliveBehindNat",
    name: "keepalive_behind_nat",
    default_severity: Severity::Warning,
};

/// One finding per GRE tunnel with keepalives behind NAT.
pub fn check(facts: &Facts, out: &mut Vec<Finding>) {
    for t in facts.tunnels.iter().filter(|t| t.mode == TunnelMode::Gre) {
        let Some(ka) = t.keepalive else { continue };
        let Some(src) = source_address(facts, t) else {
            continue;
        };
        let dst_public = t
            .destination
            .as_deref()
            .and_then(ipv4)
            .is_some_and(is_public);
        if !(is_private(src) && dst_public) {
            continue;
        }
        let down = t.line_up == Some(false);
        draft(&META, format!("{} uses GRE keepalives ({} s × {}) from {src}, which is behind NAT", t.name, ka.period, ka.retries))
            .detail(format!(
                "The tunnel source {src} is a private address and the destination public, so the GRE packets are NATed. GRE keepalives are not supported through NAT{}.",
                if down { " — this is the likely reason the line protocol is down" } else { " and will take the tunnel down" }
            ))
            .severity(if down { Severity::Error } else { Severity::Warning })
            .evidence_opt(t.keepalive_at.as_ref())
            .evidence(&t.at)
            .push(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::Keepalive;
    use crate::rules::testing::{ids, run, tunnel};

    #[test]
    fn fires_on_private_source_with_keepalive() {
        let mut t = tunnel("Tunnel1");
        t.source = Some("192.168.1.10".into());
        t.keepalive = Some(Keepalive {
            period: 10,
            retries: 3,
        });
        t.line_up = Some(false);
        let facts = Facts {
            tunnels: vec![t],
            ..Default::default()
        };
        let out = run(check, &facts);
        assert_eq!(ids(&out), ["GreKeepaliveBehindNat"]);
        assert_eq!(out[0].severity, Severity::Error);
    }

    #[test]
    fn quiet_on_public_source_or_no_keepalive() {
        let mut public = tunnel("Tunnel1");
        public.keepalive = Some(Keepalive {
            period: 10,
            retries: 3,
        });
        let mut natted = tunnel("Tunnel2");
        natted.source = Some("192.168.1.10".into());
        let facts = Facts {
            tunnels: vec![public, natted],
            ..Default::default()
        };
        assert!(run(check, &facts).is_empty());
    }
}
