//! Microsoft's IPv6 extensions: `isResolvableEx`, `dnsResolveEx`, `myIpAddressEx`,
//! `isInNetEx`, `sortIpAddressList`, `getClientVersion`.
//!
//! Defined by WinHTTP/WinINet and by Chromium (which never calls `FindProxyForURLEx`, though);
//! Firefox defines none of them, so under the `firefox` profile a call is a ReferenceError, as
//! in Firefox. Address lists are `;`-separated; a failed resolution is the empty string.

use std::net::{IpAddr, Ipv6Addr};

use boa_engine::{Context, JsResult, JsValue};

use super::dns::{ip_literal, lookup};
use super::{arg_string, empty, js_str};
use crate::state::shared;

/// Joins addresses with `;`.
pub(crate) fn join(list: &[IpAddr]) -> String {
    list.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(";")
}

/// IPv4 as IPv4-mapped IPv6, so both families compare in one space (as Chromium does).
fn as_v6(ip: IpAddr) -> Ipv6Addr {
    match ip {
        IpAddr::V4(a) => a.to_ipv6_mapped(),
        IpAddr::V6(a) => a,
    }
}

/// `isInNetEx(ipAddress, ipPrefix)`: `ipPrefix` is CIDR (`198.51.100.0/24`, `2001:db8::/32`).
/// The address must be an IP literal (no DNS). IPv4 addresses match IPv4 prefixes and their
/// IPv4-mapped IPv6 forms.
pub fn is_in_net_ex(ip: &str, prefix: &str) -> bool {
    let Some(ip) = ip_literal(ip.trim()) else {
        return false;
    };
    let Some((net, len)) = prefix.trim().split_once('/') else {
        return false;
    };
    let (Some(net), Ok(len)) = (ip_literal(net), len.parse::<u8>()) else {
        return false;
    };
    let (ip6, net6, bits) = match net {
        IpAddr::V4(_) if len <= 32 => (as_v6(ip), as_v6(net), u32::from(len) + 96),
        IpAddr::V6(_) if len <= 128 => (as_v6(ip), as_v6(net), u32::from(len)),
        _ => return false,
    };
    let mask = u128::MAX.checked_shl(128 - bits).unwrap_or(0);
    u128::from(ip6) & mask == u128::from(net6) & mask
}

/// `sortIpAddressList(list)`: `;`-separated addresses sorted like Chromium (IPv4 before IPv6,
/// each in ascending numeric order); `None` (JavaScript `false`) when any item is not an IP.
pub fn sort_ip_address_list(list: &str) -> Option<String> {
    let cleaned: String = list.chars().filter(|c| !c.is_whitespace()).collect();
    if cleaned.is_empty() {
        return None;
    }
    let mut ips: Vec<IpAddr> = cleaned
        .split(';')
        .map(|s| s.parse().ok())
        .collect::<Option<Vec<_>>>()?;
    ips.sort_by_key(|ip| (ip.is_ipv6(), as_v6(*ip)));
    Some(join(&ips))
}

pub(crate) fn dns_resolve_ex_js(
    _: &JsValue,
    args: &[JsValue],
    ctx: &mut Context,
) -> JsResult<JsValue> {
    let Some(host) = arg_string(args, 0, ctx)? else {
        return Ok(empty());
    };
    let sh = shared(ctx)?;
    Ok(lookup(&sh, "dnsResolveEx", &host).map_or_else(empty, |a| js_str(&join(&a))))
}

pub(crate) fn is_resolvable_ex_js(
    _: &JsValue,
    args: &[JsValue],
    ctx: &mut Context,
) -> JsResult<JsValue> {
    let Some(host) = arg_string(args, 0, ctx)? else {
        return Ok(false.into());
    };
    let sh = shared(ctx)?;
    Ok(lookup(&sh, "isResolvableEx", &host)
        .is_some_and(|a| !a.is_empty())
        .into())
}

pub(crate) fn my_ip_address_ex_js(
    _: &JsValue,
    _: &[JsValue],
    ctx: &mut Context,
) -> JsResult<JsValue> {
    let sh = shared(ctx)?;
    Ok(js_str(&join(&sh.env.my_ip)))
}

pub(crate) fn is_in_net_ex_js(
    _: &JsValue,
    args: &[JsValue],
    ctx: &mut Context,
) -> JsResult<JsValue> {
    let ip = arg_string(args, 0, ctx)?;
    let prefix = arg_string(args, 1, ctx)?;
    Ok(match (ip, prefix) {
        (Some(i), Some(p)) => is_in_net_ex(&i, &p),
        _ => false,
    }
    .into())
}

pub(crate) fn sort_ip_address_list_js(
    _: &JsValue,
    args: &[JsValue],
    ctx: &mut Context,
) -> JsResult<JsValue> {
    let list = arg_string(args, 0, ctx)?.unwrap_or_default();
    Ok(sort_ip_address_list(&list).map_or_else(|| JsValue::from(false), |s| js_str(&s)))
}

pub(crate) fn get_client_version_js(
    _: &JsValue,
    _: &[JsValue],
    _: &mut Context,
) -> JsResult<JsValue> {
    Ok(js_str("1.0"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_net_ex_v4() {
        assert!(is_in_net_ex("198.51.100.7", "198.51.100.0/24"));
        assert!(!is_in_net_ex("198.51.101.7", "198.51.100.0/24"));
        assert!(is_in_net_ex("10.200.0.1", "10.0.0.0/8"));
        assert!(is_in_net_ex("192.0.2.1", "0.0.0.0/0"));
        assert!(is_in_net_ex("192.0.2.1", "192.0.2.1/32"));
        assert!(!is_in_net_ex("192.0.2.2", "192.0.2.1/32"));
        assert!(!is_in_net_ex("192.0.2.2", "192.0.2.0/33"));
        assert!(!is_in_net_ex("192.0.2.2", "192.0.2.0"));
        assert!(!is_in_net_ex("host.example", "192.0.2.0/24"));
    }

    #[test]
    fn in_net_ex_v6() {
        assert!(is_in_net_ex("2001:db8::1", "2001:db8::/32"));
        assert!(!is_in_net_ex("2001:db9::1", "2001:db8::/32"));
        assert!(is_in_net_ex("2001:db8:ffff::1", "2001:db8:ff00::/40"));
        assert!(is_in_net_ex("::1", "::1/128"));
        assert!(is_in_net_ex("fe80::1", "::/0"));
        assert!(!is_in_net_ex("2001:db8::1", "2001:db8::/129"));
        // IPv4 and IPv4-mapped IPv6 meet in one space.
        assert!(is_in_net_ex("192.0.2.1", "::ffff:192.0.2.0/120"));
        assert!(!is_in_net_ex("2001:db8::1", "192.0.2.0/24"));
    }

    #[test]
    fn sort_list() {
        assert_eq!(
            sort_ip_address_list("10.2.3.9;2001:db8::2; 10.2.3.1 ;2001:db8::1").as_deref(),
            Some("10.2.3.1;10.2.3.9;2001:db8::1;2001:db8::2")
        );
        assert_eq!(
            sort_ip_address_list("192.0.2.1").as_deref(),
            Some("192.0.2.1")
        );
        assert_eq!(sort_ip_address_list(""), None);
        assert_eq!(sort_ip_address_list("10.0.0.1;bogus"), None);
        assert_eq!(sort_ip_address_list("10.0.0.1;;10.0.0.2"), None);
    }
}
