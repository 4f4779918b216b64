//! # What it checks
//! GRE tunnels whose TCP MSS clamp (`ip tcp adjust-mss`) is above what fits: the largest MSS
//! is `min(link MTU − GRE overhead, tunnel ip mtu) − IP header − TCP header`, i.e.
//! 1500 − 24 − 20 − 20 = 1436 on a 1500-byte link. Also GRE tunnel configurations with no MSS
//! clamp at all (hosts then send 1460-byte segments).
//!
//! # Why it matters
//! Oversized segments are fragmented after encapsulation or dropped when DF is set and PMTUD
//! is blocked: small requests work, large pages and uploads hang.
//!
//! # How to fix
//! `ip tcp adjust-mss <computed>` on the tunnel interface (1436 for a 1500-byte link).
//!
//! # References
//! Zscaler runbook "Verify MTU/MSS settings" (1436 for MTU 1500) and "Best Practices for
//! Deploying GRE Tunnels"; Cisco "Resolve IPv4 Fragmentation, MTU, MSS, and PMTUD Issues with
//! GRE and IPsec".

use super::source_interface;
use crate::facts::{Facts, TunnelMode};
use crate::finding::{Finding, Severity};
use crate::rules::{RuleMeta, draft};

/// Rule identity.
pub const META: RuleMeta = RuleMeta {
    id: "MssTooHighForGre",
    name: "mss_too_high",
    default_severity: Severity::Warning,
};

/// GRE header (4) plus the outer IPv4 header (20).
pub const GRE_OVERHEAD: u32 = 24;
/// Inner IPv4 (20) plus TCP (20) headers.
pub const IP_TCP_HEADERS: u32 = 40;
/// Link MTU assumed when the underlying interface is not in the paste.
pub const DEFAULT_LINK_MTU: u32 = 1500;
/// The MSS hosts use on an Ethernet link when nothing clamps it.
const HOST_DEFAULT_MSS: u32 = 1460;

/// The largest MSS that fits a GRE tunnel over `link_mtu`, capped by the tunnel's `ip mtu`.
pub fn max_gre_mss(link_mtu: u32, ip_mtu: Option<u32>) -> u32 {
    let tunnel_mtu = link_mtu.saturating_sub(GRE_OVERHEAD);
    ip_mtu
        .map_or(tunnel_mtu, |m| m.min(tunnel_mtu))
        .saturating_sub(IP_TCP_HEADERS)
}

/// One finding per GRE tunnel with an MSS that does not fit.
pub fn check(facts: &Facts, out: &mut Vec<Finding>) {
    for t in facts.tunnels.iter().filter(|t| t.mode == TunnelMode::Gre) {
        let link = source_interface(facts, t);
        let link_mtu = link.and_then(|i| i.mtu).unwrap_or(DEFAULT_LINK_MTU);
        let max = max_gre_mss(link_mtu, t.ip_mtu);
        let basis = format!(
            "{}{link_mtu}-byte link{} − {GRE_OVERHEAD} (GRE) − {IP_TCP_HEADERS} (IP + TCP) = {max}",
            if link.is_some_and(|i| i.mtu.is_some()) {
                ""
            } else {
                "assumed "
            },
            t.ip_mtu
                .map(|m| format!(", tunnel ip mtu {m}"))
                .unwrap_or_default()
        );
        match t.tcp_mss {
            Some(mss) if mss > max => {
                draft(&META, format!("{} clamps TCP MSS to {mss}, above the {max} that fits", t.name))
                    .detail(format!("Largest MSS for this GRE tunnel: {basis}. Segments of {mss} bytes are fragmented after encapsulation or dropped when DF is set."))
                    .action(format!("Set `ip tcp adjust-mss {max}` on {}.", t.name), None)
                    .evidence_opt(t.mss_at.as_ref())
                    .evidence(&t.at)
                    .evidence_opt(link.map(|i| &i.at))
                    .push(out);
            }
            None if t.from_config => {
                draft(&META, format!("{} has no TCP MSS clamp; hosts will send {HOST_DEFAULT_MSS}-byte segments, above the {max} that fits", t.name))
                    .detail(format!("Largest MSS for this GRE tunnel: {basis}. Without `ip tcp adjust-mss`, hosts on a 1500-byte LAN use MSS {HOST_DEFAULT_MSS}."))
                    .action(format!("Add `ip tcp adjust-mss {max}` to {}.", t.name), None)
                    .evidence(&t.at)
                    .push(out);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::Interface;
    use crate::rules::testing::{ev, ids, run, tunnel};

    #[test]
    fn computes_not_hard_codes() {
        assert_eq!(max_gre_mss(1500, None), 1436);
        assert_eq!(max_gre_mss(1492, None), 1428);
        assert_eq!(max_gre_mss(1500, Some(1400)), 1360);
        assert_eq!(max_gre_mss(10, None), 0);
    }

    #[test]
    fn fires_on_1460_and_on_missing_clamp() {
        let mut t = tunnel("Tunnel1");
        t.tcp_mss = Some(1460);
        t.mss_at = Some(ev(22, " ip tcp adjust-mss 1460"));
        let mut cfg = tunnel("Tunnel2");
        cfg.from_config = true;
        let facts = Facts {
            tunnels: vec![t, cfg],
            ..Default::default()
        };
        let out = run(check, &facts);
        assert_eq!(ids(&out), ["MssTooHighForGre", "MssTooHighForGre"]);
        assert!(out[0].summary.contains("1436"));
        assert_eq!(out[0].evidence[0].lines.start, 22);
        assert!(out[0].actions[0].text.contains("1436"));
    }

    #[test]
    fn uses_the_source_interface_mtu() {
        let mut t = tunnel("Tunnel1");
        t.source = Some("Dialer1".into());
        t.tcp_mss = Some(1436);
        let link = Interface {
            name: "Dialer1".into(),
            address: None,
            mtu: Some(1492),
            at: ev(30, "Dialer1 MTU 1492"),
        };
        let facts = Facts {
            tunnels: vec![t],
            interfaces: vec![link],
            ..Default::default()
        };
        let out = run(check, &facts);
        assert!(out[0].summary.contains("1428"), "{}", out[0].summary);
    }

    #[test]
    fn quiet_on_correct_mss_or_ipsec_tunnel() {
        let mut ok = tunnel("Tunnel1");
        ok.tcp_mss = Some(1436);
        let mut vti = tunnel("Tunnel2");
        vti.mode = crate::facts::TunnelMode::Ipsec;
        vti.tcp_mss = Some(1460);
        let facts = Facts {
            tunnels: vec![ok, vti, tunnel("Tunnel3")],
            ..Default::default()
        };
        assert!(run(check, &facts).is_empty());
    }
}
