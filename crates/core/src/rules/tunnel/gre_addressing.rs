//! # What it checks
//! GRE tunnels towards Zscaler whose internal address does not follow the /30 plan: the
//! customer side is network + 1 and Zscaler network + 2 of a /30.
//!
//! # Why it matters
//! With the wrong half of the /30 (or another mask) the two ends are not on the same link:
//! pings to the Zscaler internal IP and the health probes through the tunnel fail.
//!
//! # How to fix
//! Use the internal addresses from the location's "GRE Tunnel Information" in the ZIA Admin
//! Portal, mask 255.255.255.252.
//!
//! # References
//! Zscaler runbook "GRE Tunnel is Hard Down" (auto-assigned /30 example).

use crate::facts::net::{host_offset, network};
use crate::facts::{Facts, TunnelMode};
use crate::finding::{Finding, Severity};
use crate::rules::zscaler::towards_zscaler;
use crate::rules::{RuleMeta, draft};

/// Rule identity.
pub const META: RuleMeta = RuleMeta {
    id: "GreAddressingInconsistent",
    name: "gre_addressing",
    default_severity: Severity::Warning,
};

/// One finding per misaddressed Zscaler GRE tunnel.
pub fn check(facts: &Facts, out: &mut Vec<Finding>) {
    for t in facts
        .tunnels
        .iter()
        .filter(|t| t.mode == TunnelMode::Gre && towards_zscaler(facts, t.description.as_deref()))
    {
        let Some((addr, prefix)) = t.address else {
            continue;
        };
        let (summary, detail) = if prefix != 30 {
            (
                format!("{} uses {addr}/{prefix}; Zscaler GRE internal ranges are /30", t.name),
                "Zscaler auto-assigns a /30 per GRE tunnel (network, customer, Zscaler, broadcast); another mask puts the two ends on different links.".to_string(),
            )
        } else {
            let off = host_offset(addr, prefix);
            if off == 1 {
                continue;
            }
            let net = network(addr, prefix);
            let customer = std::net::Ipv4Addr::from(u32::from(net) + 1);
            let zscaler = std::net::Ipv4Addr::from(u32::from(net) + 2);
            (
                format!(
                    "{} uses {addr}, not the customer address {customer} of its /30",
                    t.name
                ),
                format!(
                    "In {net}/30 the customer GRE internal IP is {customer} and Zscaler's is {zscaler}; {addr} is {}.",
                    match off {
                        0 => "the network address",
                        2 => "Zscaler's own address",
                        _ => "the broadcast address",
                    }
                ),
            )
        };
        draft(&META, summary)
            .detail(detail)
            .evidence_opt(t.address_at.as_ref())
            .evidence(&t.at)
            .push(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::Context;
    use crate::rules::testing::{ids, run, tunnel};

    fn zs(addr: &str, prefix: u8) -> Facts {
        let mut t = tunnel("Tunnel1");
        t.description = Some("Zscaler Primary Tunnel".into());
        t.address = Some((addr.parse().unwrap(), prefix));
        Facts {
            tunnels: vec![t],
            ..Default::default()
        }
    }

    #[test]
    fn fires_on_provider_half_or_wrong_mask() {
        let out = run(check, &zs("172.21.37.162", 30));
        assert_eq!(ids(&out), ["GreAddressingInconsistent"]);
        assert!(out[0].detail.contains("172.21.37.161"));
        assert_eq!(
            ids(&run(check, &zs("172.21.37.161", 24))),
            ["GreAddressingInconsistent"]
        );
    }

    #[test]
    fn quiet_on_customer_address_or_non_zscaler() {
        assert!(run(check, &zs("172.21.37.161", 30)).is_empty());
        let mut t = tunnel("Tunnel9");
        t.address = Some(("10.0.0.2".parse().unwrap(), 30));
        let facts = Facts {
            tunnels: vec![t],
            context: Context::default(),
            ..Default::default()
        };
        assert!(run(check, &facts).is_empty());
    }
}
