//! Tunnel interface rules (GRE and IPsec virtual tunnel interfaces).
pub mod admin_down;
pub mod gre_addressing;
pub mod keepalive_behind_nat;
pub mod line_protocol_down;
pub mod mss_too_high;

use std::net::Ipv4Addr;

use crate::facts::net::ipv4;
use crate::facts::{Facts, Interface, TunnelIf};

/// The interface the tunnel's source names (by interface name or by address).
pub(crate) fn source_interface<'a>(facts: &'a Facts, t: &TunnelIf) -> Option<&'a Interface> {
    let src = t.source.as_deref()?;
    let addr = ipv4(src);
    facts
        .interfaces
        .iter()
        .find(|i| i.name.eq_ignore_ascii_case(src) || (addr.is_some() && i.address == addr))
}

/// The tunnel source address, resolving an interface name when its address is known.
pub(crate) fn source_address(facts: &Facts, t: &TunnelIf) -> Option<Ipv4Addr> {
    let src = t.source.as_deref()?;
    ipv4(src).or_else(|| source_interface(facts, t).and_then(|i| i.address))
}
