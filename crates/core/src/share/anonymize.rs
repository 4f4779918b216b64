//! Prefix-preserving IP address anonymisation.
//!
//! Two addresses that share an n-bit prefix map to two addresses that share an n-bit prefix
//! (each output bit is the input bit XOR a keyed function of the bits above it), so subnets,
//! `isInNet` tests and "same site" relations survive. Address classes survive too: a bit is only
//! flipped below the point where its subtree lies wholly inside one class, so private stays
//! private (10/8 stays in 10/8), public stays public, and loopback, RFC 5737/3849 documentation
//! ranges, multicast, masks and the unspecified address are left unchanged.
//!
//! This is NOT encryption. With the built-in key anyone with netdiag can reverse the mapping by
//! trying candidate addresses; with a random per-share key (what the page uses) the mapping is
//! a keyed SipHash and cannot be recomputed without the key, but the structure (how many
//! addresses, which share prefixes, which class) is still visible by design.

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use serde::Serialize;

/// One address rewritten by the anonymiser, with how often it was seen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IpMapping {
    /// The address as found.
    pub original: String,
    /// The address written instead.
    pub replacement: String,
    /// Occurrences across the state or text.
    pub count: usize,
}

/// How a range is treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Left unchanged.
    Keep,
    /// Bits below the range's prefix are anonymised; the prefix is kept.
    Within,
    /// Anonymised as freely as possible without leaving the public space.
    Public,
}

/// A range and its class; ranges may nest (the most specific one that contains an address
/// classifies it).
struct Range {
    net: u128,
    len: u32,
    class: Class,
}

const fn v4(a: u8, b: u8, c: u8, d: u8, len: u32, class: Class) -> Range {
    Range {
        net: u32::from_be_bytes([a, b, c, d]) as u128,
        len,
        class,
    }
}

const fn v6(top: u128, len: u32, class: Class) -> Range {
    Range {
        net: top,
        len,
        class,
    }
}

/// IPv4 classes (RFC 6890 special-purpose registry, the parts that matter for reading configs).
#[rustfmt::skip]
static V4_RANGES: &[Range] = &[
    v4(0, 0, 0, 0, 0, Class::Public),
    v4(0, 0, 0, 0, 8, Class::Keep),          // "this network", wildcard masks
    v4(10, 0, 0, 0, 8, Class::Within),       // RFC 1918
    v4(100, 64, 0, 0, 10, Class::Within),    // RFC 6598 shared (CGNAT)
    v4(127, 0, 0, 0, 8, Class::Keep),        // loopback
    v4(169, 254, 0, 0, 16, Class::Within),   // link-local
    v4(172, 16, 0, 0, 12, Class::Within),    // RFC 1918
    v4(192, 0, 0, 0, 24, Class::Keep),       // IETF protocol assignments
    v4(192, 0, 2, 0, 24, Class::Keep),       // RFC 5737 TEST-NET-1
    v4(192, 88, 99, 0, 24, Class::Keep),     // 6to4 relay anycast
    v4(192, 168, 0, 0, 16, Class::Within),   // RFC 1918
    v4(198, 18, 0, 0, 15, Class::Within),    // RFC 2544 benchmarking
    v4(198, 51, 100, 0, 24, Class::Keep),    // RFC 5737 TEST-NET-2
    v4(203, 0, 113, 0, 24, Class::Keep),     // RFC 5737 TEST-NET-3
    v4(224, 0, 0, 0, 3, Class::Keep),        // multicast, reserved, masks, broadcast
];

/// IPv6 classes. Outside global unicast (2000::/3), ULA and link-local everything is kept.
#[rustfmt::skip]
static V6_RANGES: &[Range] = &[
    v6(0, 0, Class::Keep),
    v6(0x2000 << 112, 3, Class::Public),                  // global unicast
    v6(0x2001_0db8 << 96, 32, Class::Keep),               // RFC 3849 documentation
    v6(0x3fff << 112, 20, Class::Keep),                   // RFC 9637 documentation
    v6(0xfc00 << 112, 8, Class::Within),                  // ULA (fc00::/8)
    v6(0xfd00 << 112, 8, Class::Within),                  // ULA (fd00::/8)
    v6(0xfe80 << 112, 64, Class::Within),                 // link-local: interface id only
];

/// A prefix-preserving anonymiser with a key.
#[derive(Debug, Clone)]
pub struct Anonymizer {
    k0: u64,
    k1: u64,
}

impl Default for Anonymizer {
    fn default() -> Self {
        Self::new("")
    }
}

impl Anonymizer {
    /// An anonymiser keyed by `key`; the empty key selects the built-in (public) key.
    pub fn new(key: &str) -> Self {
        let k0 = siphash(0x6e65_7464_6961_6721, 0x616e_6f6e_2d76_3121, key.as_bytes());
        let k1 = siphash(0x7072_6566_6978_2d70, 0x7265_7365_7276_696e, key.as_bytes());
        Self { k0, k1 }
    }

    /// Anonymises one address.
    pub fn map(&self, ip: IpAddr) -> IpAddr {
        match ip {
            IpAddr::V4(a) => IpAddr::V4(self.map_v4(a)),
            IpAddr::V6(a) => IpAddr::V6(self.map_v6(a)),
        }
    }

    /// Anonymises an IPv4 address.
    pub fn map_v4(&self, a: Ipv4Addr) -> Ipv4Addr {
        let bits = u128::from(u32::from(a));
        let out = self.map_bits(bits, 32, V4_RANGES, 4);
        Ipv4Addr::from(u32::try_from(out).unwrap_or(u32::from(a)))
    }

    /// Anonymises an IPv6 address (IPv4-mapped and NAT64 addresses map their IPv4 part).
    pub fn map_v6(&self, a: Ipv6Addr) -> Ipv6Addr {
        let bits = u128::from(a);
        let high = bits >> 32;
        // ::ffff:a.b.c.d and 64:ff9b::a.b.c.d carry an IPv4 address in the low 32 bits.
        if high == 0xffff || high == 0x0064_ff9b_0000_0000_0000_0000 {
            let v4 = Ipv4Addr::from(u32::try_from(bits & 0xffff_ffff).unwrap_or(0));
            return Ipv6Addr::from((high << 32) | u128::from(u32::from(self.map_v4(v4))));
        }
        Ipv6Addr::from(self.map_bits(bits, 128, V6_RANGES, 6))
    }

    fn map_bits(&self, addr: u128, width: u32, ranges: &[Range], family: u8) -> u128 {
        let prefix_of = |v: u128, d: u32| -> u128 { if d == 0 { 0 } else { v >> (width - d) } };
        let containing = ranges
            .iter()
            .filter(|r| prefix_of(addr, r.len) == prefix_of(r.net, r.len))
            .max_by_key(|r| r.len);
        let Some(home) = containing else { return addr };
        if home.class == Class::Keep {
            return addr;
        }
        let mut out = addr;
        for d in home.len..width {
            let p = prefix_of(addr, d);
            // A node that still contains a more specific range of another class must not be
            // flipped, or addresses would move between classes.
            let mixed = ranges.iter().any(|r| r.len > d && prefix_of(r.net, d) == p);
            if mixed {
                continue;
            }
            if self.prf(family, d, p) {
                out ^= 1u128 << (width - 1 - d);
            }
        }
        out
    }

    fn prf(&self, family: u8, depth: u32, prefix: u128) -> bool {
        let mut msg = [0u8; 21];
        let (head, tail) = msg.split_at_mut(5);
        head.copy_from_slice(&[family, 0, 0, 0, 0]);
        if let Some(d) = head.get_mut(1..5) {
            d.copy_from_slice(&depth.to_le_bytes());
        }
        if let Some(p) = tail.get_mut(..16) {
            p.copy_from_slice(&prefix.to_le_bytes());
        }
        siphash(self.k0, self.k1, &msg) & 1 == 1
    }
}

/// SipHash-2-4 (Aumasson & Bernstein), a keyed PRF; written out so the mapping never changes
/// with the Rust release (std's hasher makes no such promise).
fn siphash(k0: u64, k1: u64, data: &[u8]) -> u64 {
    let mut v0 = k0 ^ 0x736f_6d65_7073_6575;
    let mut v1 = k1 ^ 0x646f_7261_6e64_6f6d;
    let mut v2 = k0 ^ 0x6c79_6765_6e65_7261;
    let mut v3 = k1 ^ 0x7465_6462_7974_6573;
    let round = |v0: &mut u64, v1: &mut u64, v2: &mut u64, v3: &mut u64| {
        *v0 = v0.wrapping_add(*v1);
        *v1 = v1.rotate_left(13) ^ *v0;
        *v0 = v0.rotate_left(32);
        *v2 = v2.wrapping_add(*v3);
        *v3 = v3.rotate_left(16) ^ *v2;
        *v0 = v0.wrapping_add(*v3);
        *v3 = v3.rotate_left(21) ^ *v0;
        *v2 = v2.wrapping_add(*v1);
        *v1 = v1.rotate_left(17) ^ *v2;
        *v2 = v2.rotate_left(32);
    };
    let chunks = data.chunks_exact(8);
    let rest = chunks.remainder();
    for chunk in chunks {
        let mut b = [0u8; 8];
        b.copy_from_slice(chunk);
        let m = u64::from_le_bytes(b);
        v3 ^= m;
        round(&mut v0, &mut v1, &mut v2, &mut v3);
        round(&mut v0, &mut v1, &mut v2, &mut v3);
        v0 ^= m;
    }
    let mut last = [0u8; 8];
    if let Some(dst) = last.get_mut(..rest.len()) {
        dst.copy_from_slice(rest);
    }
    let m = u64::from_le_bytes(last) | ((data.len() as u64 & 0xff) << 56);
    v3 ^= m;
    round(&mut v0, &mut v1, &mut v2, &mut v3);
    round(&mut v0, &mut v1, &mut v2, &mut v3);
    v0 ^= m;
    v2 ^= 0xff;
    for _ in 0..4 {
        round(&mut v0, &mut v1, &mut v2, &mut v3);
    }
    v0 ^ v1 ^ v2 ^ v3
}

/// Collects the distinct rewrites made while anonymising.
#[derive(Debug, Default)]
pub struct IpLog {
    seen: BTreeMap<String, (String, usize)>,
}

impl IpLog {
    pub(crate) fn record(&mut self, original: &str, replacement: &str) {
        let e = self
            .seen
            .entry(original.to_string())
            .or_insert_with(|| (replacement.to_string(), 0));
        e.1 += 1;
    }

    /// The rewrites, sorted by original address text.
    pub fn into_mappings(self) -> Vec<IpMapping> {
        self.seen
            .into_iter()
            .map(|(original, (replacement, count))| IpMapping {
                original,
                replacement,
                count,
            })
            .collect()
    }
}

/// Rewrites every IPv4/IPv6 address in `text` (see [`super::ip_scan`] for what counts as one).
pub fn anonymize_text(text: &str, anon: &Anonymizer, log: &mut IpLog) -> String {
    super::ip_scan::rewrite(text, anon, log)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m4(a: &Anonymizer, s: &str) -> Ipv4Addr {
        a.map_v4(s.parse().unwrap())
    }

    #[test]
    fn siphash_matches_reference_vector() {
        // Reference vector from the SipHash paper: key 00..0f, message 00..0e.
        let k0 = u64::from_le_bytes([0, 1, 2, 3, 4, 5, 6, 7]);
        let k1 = u64::from_le_bytes([8, 9, 10, 11, 12, 13, 14, 15]);
        let msg: Vec<u8> = (0u8..15).collect();
        assert_eq!(siphash(k0, k1, &msg), 0xa129_ca61_49be_45e5);
    }

    #[test]
    fn prefixes_are_preserved() {
        let a = Anonymizer::default();
        let x = u32::from(m4(&a, "10.20.30.40"));
        let y = u32::from(m4(&a, "10.20.30.99"));
        let z = u32::from(m4(&a, "10.20.77.1"));
        assert_eq!(x >> 8, y >> 8);
        assert_eq!(x >> 16, z >> 16);
        assert_ne!(x >> 8, z >> 8);
        let p = u32::from(m4(&a, "8.8.8.8"));
        let q = u32::from(m4(&a, "8.8.4.4"));
        assert_eq!(p >> 12, q >> 12);
        assert_ne!(p, q);
    }

    #[test]
    fn classes_are_kept() {
        let a = Anonymizer::new("some key");
        for s in [
            "10.1.2.3",
            "172.16.5.5",
            "172.31.255.1",
            "192.168.1.1",
            "100.64.1.1",
        ] {
            let o = m4(&a, s);
            let i: Ipv4Addr = s.parse().unwrap();
            assert_ne!(o, i, "{s} should change");
            assert!(o.is_private() || o.octets()[0] == 100, "{s} -> {o}");
            assert_eq!(o.octets()[0], i.octets()[0]);
        }
        for s in [
            "127.0.0.1",
            "192.0.2.10",
            "198.51.100.7",
            "203.0.113.9",
            "0.0.0.0",
            "255.255.255.0",
            "0.0.0.255",
            "224.0.0.5",
            "255.255.255.255",
        ] {
            assert_eq!(m4(&a, s).to_string(), s);
        }
        for i in 0..2000u32 {
            let ip = Ipv4Addr::from(0x0800_0000u32.wrapping_add(i.wrapping_mul(2_654_435_761)));
            if V4_RANGES.iter().skip(1).any(|r| {
                r.len > 0 && (u32::from(ip) >> (32 - r.len)) as u128 == r.net >> (32 - r.len)
            }) {
                continue;
            }
            let o = a.map_v4(ip);
            assert!(
                !o.is_private() && !o.is_loopback() && !o.is_multicast() && o.octets()[0] != 0,
                "public {ip} -> {o}"
            );
        }
    }

    #[test]
    fn keys_change_the_mapping_and_the_mapping_is_injective() {
        let a = Anonymizer::new("k1");
        let b = Anonymizer::new("k2");
        assert_ne!(m4(&a, "10.1.2.3"), m4(&b, "10.1.2.3"));
        let mut seen = std::collections::HashSet::new();
        for i in 0..=0xffffu32 {
            assert!(seen.insert(a.map_v4(Ipv4Addr::from(0x0a01_0000 | i))));
        }
    }

    #[test]
    fn ipv6_classes() {
        let a = Anonymizer::default();
        let m = |s: &str| a.map_v6(s.parse().unwrap());
        assert_eq!(m("::1").to_string(), "::1");
        assert_eq!(m("2001:db8::5").to_string(), "2001:db8::5");
        assert_eq!(m("ff02::1").to_string(), "ff02::1");
        let g = m("2a00:1450:4001:81b::200e");
        assert!(u128::from(g) >> 125 == 1, "stays in 2000::/3: {g}");
        assert_ne!(g.to_string(), "2a00:1450:4001:81b::200e");
        let l = m("fe80::1");
        assert_eq!(u128::from(l) >> 64, 0xfe80_0000_0000_0000);
        let u1 = u128::from(m("fd12:3456:789a:1::1"));
        let u2 = u128::from(m("fd12:3456:789a:1::2"));
        assert_eq!(u1 >> 120, 0xfd);
        assert_eq!(u1 >> 16, u2 >> 16);
        let mapped = m("::ffff:10.1.2.3");
        assert_eq!(
            mapped.to_ipv4_mapped().unwrap(),
            a.map_v4("10.1.2.3".parse().unwrap())
        );
    }
}
