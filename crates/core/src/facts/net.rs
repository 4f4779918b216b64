//! Small IPv4 helpers the rules share: address classes, masks and prefixes.

use std::net::Ipv4Addr;

/// Parses an IPv4 address, ignoring a trailing `:port` or `/prefix`.
pub fn ipv4(s: &str) -> Option<Ipv4Addr> {
    let s = s.trim();
    let s = s.split('/').next().unwrap_or(s);
    if let Ok(a) = s.parse() {
        return Some(a);
    }
    let (host, port) = s.rsplit_once(':')?;
    port.parse::<u16>().ok()?;
    host.parse().ok()
}

/// True for addresses that cannot be the public side of a tunnel: RFC 1918, shared address
/// space (RFC 6598, carrier-grade NAT) and link-local. Such a tunnel source sits behind NAT
/// when its peer is public.
pub fn is_private(a: Ipv4Addr) -> bool {
    let [o1, o2, ..] = a.octets();
    a.is_private() || a.is_link_local() || (o1 == 100 && (64..=127).contains(&o2))
}

/// True for globally routable-looking unicast addresses (documentation ranges count as
/// public, since fixtures use them for public peers).
pub fn is_public(a: Ipv4Addr) -> bool {
    !(is_private(a)
        || a.is_loopback()
        || a.is_unspecified()
        || a.is_multicast()
        || a.is_broadcast())
}

/// Prefix length of a dotted mask (`255.255.255.252` → 30); `None` for a non-contiguous mask.
pub fn mask_to_prefix(mask: Ipv4Addr) -> Option<u8> {
    let m = u32::from(mask);
    let ones = m.leading_ones();
    if m.checked_shl(ones).unwrap_or(0) != 0 {
        return None;
    }
    u8::try_from(ones).ok()
}

/// Parses `a.b.c.d/len` or `a.b.c.d m.m.m.m` (or `a.b.c.d/m.m.m.m`) into address and prefix.
pub fn parse_cidr(s: &str) -> Option<(Ipv4Addr, u8)> {
    let s = s.trim();
    let (addr, rest) = match s.split_once('/') {
        Some((a, r)) => (a, r),
        None => s.split_once(char::is_whitespace)?,
    };
    let addr: Ipv4Addr = addr.trim().parse().ok()?;
    let rest = rest.trim();
    let prefix = match rest.parse::<u8>() {
        Ok(p) if p <= 32 => p,
        Ok(_) => return None,
        Err(_) => mask_to_prefix(rest.parse().ok()?)?,
    };
    Some((addr, prefix))
}

/// The network address of `a/prefix`.
pub fn network(a: Ipv4Addr, prefix: u8) -> Ipv4Addr {
    let mask = if prefix == 0 {
        0
    } else {
        u32::MAX << (32 - u32::from(prefix.min(32)))
    };
    Ipv4Addr::from(u32::from(a) & mask)
}

/// Position of `a` inside its `/prefix` network (0 = network address).
pub fn host_offset(a: Ipv4Addr, prefix: u8) -> u32 {
    u32::from(a) - u32::from(network(a, prefix))
}

/// Number of addresses in a `/prefix`.
pub fn size_of_prefix(prefix: u8) -> u64 {
    1u64 << (32 - u32::from(prefix.min(32)))
}

/// True when `inner/ip` lies inside `outer/op`.
pub fn contains(outer: (Ipv4Addr, u8), inner: (Ipv4Addr, u8)) -> bool {
    inner.1 >= outer.1 && network(inner.0, outer.1) == network(outer.0, outer.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert!(is_private("10.1.2.3".parse().unwrap()));
        assert!(is_private("100.64.0.1".parse().unwrap()));
        assert!(!is_private("100.128.0.1".parse().unwrap()));
        assert!(is_public("203.0.113.7".parse().unwrap()));
        assert!(!is_public("192.168.1.1".parse().unwrap()));
        assert_eq!(ipv4("198.51.100.1:4500"), "198.51.100.1".parse().ok());
    }

    #[test]
    fn masks_and_prefixes() {
        assert_eq!(mask_to_prefix("255.255.255.252".parse().unwrap()), Some(30));
        assert_eq!(mask_to_prefix("255.0.255.0".parse().unwrap()), None);
        assert_eq!(mask_to_prefix("0.0.0.0".parse().unwrap()), Some(0));
        let (a, p) = parse_cidr("172.21.37.161 255.255.255.252").unwrap();
        assert_eq!((host_offset(a, p), p), (1, 30));
        assert_eq!(parse_cidr("10.0.0.0/8").unwrap().1, 8);
        assert!(contains(
            parse_cidr("192.168.0.0/16").unwrap(),
            parse_cidr("192.168.10.0/24").unwrap()
        ));
        assert!(!contains(
            parse_cidr("192.168.10.0/24").unwrap(),
            parse_cidr("192.168.0.0/16").unwrap()
        ));
        assert_eq!(size_of_prefix(24), 256);
    }
}
