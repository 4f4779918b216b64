//! `isInNet` and `convert_addr`: IPv4 address-and-mask tests.
//!
//! As in the browsers' helper library: `pattern` and `mask` must be dotted IPv4 addresses (else
//! `false`); an `ipaddr` that is not a dotted IPv4 address is resolved with `dnsResolve`
//! (recorded as a lookup by `isInNet`; IPv4 only), and `false` when it does not resolve. So
//! `isInNet(host, ...)` with a host name costs a DNS lookup, and `isInNet(dnsResolve(host), ...)`
//! on a host that does not resolve looks up the name `"null"`, exactly like browsers do.

use std::net::Ipv4Addr;

use boa_engine::{Context, JsResult, JsValue};

use super::arg_string;
use super::dns::{first_v4, lookup};
use crate::state::{Shared, shared};

/// The browsers' `isValidIpAddress`: four dot-separated 1-3 digit decimal numbers, each ≤ 255.
pub fn dotted_v4(s: &str) -> Option<Ipv4Addr> {
    let mut parts = [0u8; 4];
    let mut n = 0;
    for part in s.split('.') {
        if part.is_empty() || part.len() > 3 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let slot = parts.get_mut(n)?;
        *slot = part.parse::<u8>().ok()?;
        n += 1;
    }
    (n == 4).then(|| Ipv4Addr::from(parts))
}

/// `isInNet` on addresses already known: `(ip & mask) == (pattern & mask)`.
pub fn in_net_v4(ip: Ipv4Addr, pattern: Ipv4Addr, mask: Ipv4Addr) -> bool {
    let (ip, pat, mask) = (u32::from(ip), u32::from(pattern), u32::from(mask));
    ip & mask == pat & mask
}

/// The browsers' `convert_addr(ipchars)`: dotted quad to a signed 32-bit integer.
pub fn convert_addr(ipchars: &str) -> i32 {
    let mut out: u32 = 0;
    let mut parts = ipchars.split('.');
    for _ in 0..4 {
        // `bytes[i] & 0xff`: ToNumber then ToInt32; missing parts are `undefined` → 0.
        let byte = parts.next().map_or(0, js_to_u8);
        out = (out << 8) | u32::from(byte);
    }
    i32::from_ne_bytes(out.to_ne_bytes())
}

/// JavaScript `ToNumber(s) & 0xff` for a decimal string (anything else counts as 0).
fn js_to_u8(s: &str) -> u8 {
    let v: f64 = s.trim().parse().unwrap_or(0.0);
    if !v.is_finite() {
        return 0;
    }
    #[allow(clippy::cast_possible_truncation)]
    let int = v.trunc().rem_euclid(4_294_967_296.0) as u64;
    (int & 0xff) as u8
}

pub(crate) fn is_in_net_js(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let ip = arg_string(args, 0, ctx)?;
    let pattern = arg_string(args, 1, ctx)?;
    let mask = arg_string(args, 2, ctx)?;
    let (Some(ip), Some(pattern), Some(mask)) = (ip, pattern, mask) else {
        return Ok(false.into());
    };
    let (Some(pattern), Some(mask)) = (dotted_v4(&pattern), dotted_v4(&mask)) else {
        return Ok(false.into());
    };
    let sh = shared(ctx)?;
    Ok(is_in_net(&sh, &ip, pattern, mask).into())
}

/// `isInNet` once the network is parsed: an address literal is compared as is, a host name
/// is resolved (and the lookup recorded) first; no IPv4 answer is `false`.
pub(crate) fn is_in_net(sh: &Shared, ip: &str, pattern: Ipv4Addr, mask: Ipv4Addr) -> bool {
    let addr = match dotted_v4(ip) {
        Some(a) => a,
        None => match first_v4(lookup(sh, "isInNet", ip).as_deref()) {
            Some(std::net::IpAddr::V4(a)) => a,
            _ => return false,
        },
    };
    in_net_v4(addr, pattern, mask)
}

pub(crate) fn convert_addr_js(
    _: &JsValue,
    args: &[JsValue],
    ctx: &mut Context,
) -> JsResult<JsValue> {
    let s = arg_string(args, 0, ctx)?.unwrap_or_default();
    Ok(JsValue::from(convert_addr(&s)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v4(s: &str) -> Ipv4Addr {
        s.parse().unwrap()
    }

    #[test]
    fn valid_dotted_quads() {
        assert_eq!(dotted_v4("10.0.0.1"), Some(v4("10.0.0.1")));
        assert_eq!(dotted_v4("010.000.0.1"), Some(v4("10.0.0.1")));
        assert_eq!(dotted_v4("256.0.0.1"), None);
        assert_eq!(dotted_v4("1.2.3"), None);
        assert_eq!(dotted_v4("1.2.3.4.5"), None);
        assert_eq!(dotted_v4("1.2.3.x"), None);
        assert_eq!(dotted_v4("1.2.3.1000"), None);
        assert_eq!(dotted_v4("null"), None);
        assert_eq!(dotted_v4("::1"), None);
    }

    #[test]
    fn masks() {
        let m = |ip, pat, mask| in_net_v4(v4(ip), v4(pat), v4(mask));
        assert!(m("10.1.2.3", "10.0.0.0", "255.0.0.0"));
        assert!(!m("11.1.2.3", "10.0.0.0", "255.0.0.0"));
        assert!(m("172.20.1.1", "172.16.0.0", "255.240.0.0"));
        assert!(!m("172.32.1.1", "172.16.0.0", "255.240.0.0"));
        assert!(m("192.168.7.9", "192.168.0.0", "255.255.0.0"));
        assert!(m("198.51.100.7", "198.51.100.7", "255.255.255.255"));
        assert!(!m("198.51.100.8", "198.51.100.7", "255.255.255.255"));
        assert!(m("203.0.113.1", "0.0.0.0", "0.0.0.0"));
        // Non-contiguous masks work bit by bit, like browsers.
        assert!(m("10.9.2.3", "10.0.2.0", "255.0.255.0"));
    }

    #[test]
    fn convert_addr_is_signed() {
        assert_eq!(convert_addr("10.0.0.1"), 167_772_161);
        assert_eq!(convert_addr("192.168.0.1"), -1_062_731_775);
        assert_eq!(convert_addr("1.2"), 16_908_288);
        assert_eq!(convert_addr("257.0.0.0"), 16_777_216);
    }
}
