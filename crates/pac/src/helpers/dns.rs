//! DNS helpers over the user's table: `dnsResolve`, `isResolvable`, `myIpAddress`, and the
//! lookup (recorded per URL) that the other helpers share.
//!
//! Hosts not in the table do not resolve (source `missing`): the page and the CLI never do real
//! DNS, so answers do not depend on the network the tool runs on. IP literals resolve to
//! themselves (source `literal`). `dnsResolve` returns the first IPv4 address only, as in
//! Chromium, Firefox and WinHTTP; the IPv6-aware variants are in [`super::ex`].

use std::net::IpAddr;

use boa_engine::{Context, JsResult, JsValue};
use netdiag_core::pac::DnsLookup;

use super::{arg_string, js_str, null};
use crate::env::{DEFAULT_MY_IP, Env};
use crate::state::{Shared, shared};

/// Parses an IP literal, accepting `[v6]`.
pub(crate) fn ip_literal(s: &str) -> Option<IpAddr> {
    let s = s
        .strip_prefix('[')
        .and_then(|x| x.strip_suffix(']'))
        .unwrap_or(s);
    s.parse().ok()
}

/// Answers `host` from the environment: addresses (`None`: does not resolve) and the source.
pub fn resolve(
    env_dns: &std::collections::BTreeMap<String, Option<Vec<IpAddr>>>,
    host: &str,
) -> (Option<Vec<IpAddr>>, &'static str) {
    if let Some(ip) = ip_literal(host) {
        return (Some(vec![ip]), "literal");
    }
    let key = host.trim_end_matches('.').to_ascii_lowercase();
    match env_dns.get(&key) {
        Some(answer) => (answer.clone(), "table"),
        None => (None, "missing"),
    }
}

/// Resolves and records the lookup for the current URL.
pub(crate) fn lookup(sh: &Shared, helper: &str, host: &str) -> Option<Vec<IpAddr>> {
    let (answer, source) = resolve(&sh.env.dns, host);
    let mut rec = sh.rec.borrow_mut();
    if rec.lookups.len() < sh.limits.max_lookups {
        rec.lookups.push(DnsLookup {
            helper: helper.to_string(),
            host: host.to_string(),
            answer: answer
                .as_ref()
                .map(|v| v.iter().map(ToString::to_string).collect()),
            source: source.to_string(),
        });
    } else {
        rec.lookups_dropped += 1;
    }
    answer
}

/// The first IPv4 address of an answer.
pub(crate) fn first_v4(answer: Option<&[IpAddr]>) -> Option<IpAddr> {
    answer?.iter().copied().find(IpAddr::is_ipv4)
}

/// `myIpAddress()`: the first IPv4 client address, else `127.0.0.1` (browsers' fallback).
pub fn my_ip_address(env: &Env) -> String {
    env.my_ip
        .iter()
        .find(|a| a.is_ipv4())
        .map_or_else(|| DEFAULT_MY_IP.to_string(), ToString::to_string)
}

pub(crate) fn dns_resolve_js(
    _: &JsValue,
    args: &[JsValue],
    ctx: &mut Context,
) -> JsResult<JsValue> {
    let Some(host) = arg_string(args, 0, ctx)? else {
        return Ok(null());
    };
    let sh = shared(ctx)?;
    let answer = lookup(&sh, "dnsResolve", &host);
    Ok(first_v4(answer.as_deref()).map_or_else(null, |a| js_str(&a.to_string())))
}

pub(crate) fn is_resolvable_js(
    _: &JsValue,
    args: &[JsValue],
    ctx: &mut Context,
) -> JsResult<JsValue> {
    let Some(host) = arg_string(args, 0, ctx)? else {
        return Ok(false.into());
    };
    let sh = shared(ctx)?;
    let answer = lookup(&sh, "isResolvable", &host);
    Ok(first_v4(answer.as_deref()).is_some().into())
}

pub(crate) fn my_ip_address_js(_: &JsValue, _: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let sh = shared(ctx)?;
    Ok(js_str(&my_ip_address(&sh.env)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn table() -> BTreeMap<String, Option<Vec<IpAddr>>> {
        let mut t = BTreeMap::new();
        t.insert(
            "www.example.com".into(),
            Some(vec![
                "2001:db8::5".parse().unwrap(),
                "192.0.2.5".parse().unwrap(),
            ]),
        );
        t.insert(
            "v6only.example.com".into(),
            Some(vec!["2001:db8::6".parse().unwrap()]),
        );
        t.insert("gone.example.com".into(), None);
        t
    }

    #[test]
    fn sources() {
        let t = table();
        assert_eq!(
            resolve(&t, "192.0.2.1"),
            (Some(vec!["192.0.2.1".parse().unwrap()]), "literal")
        );
        assert_eq!(resolve(&t, "[2001:db8::1]").1, "literal");
        assert_eq!(resolve(&t, "WWW.Example.com.").1, "table");
        assert_eq!(resolve(&t, "gone.example.com"), (None, "table"));
        assert_eq!(resolve(&t, "unknown.example.com"), (None, "missing"));
    }

    #[test]
    fn dns_resolve_is_ipv4_only() {
        let t = table();
        let a = resolve(&t, "www.example.com").0;
        assert_eq!(
            first_v4(a.as_deref()).map(|a| a.to_string()).as_deref(),
            Some("192.0.2.5")
        );
        let a = resolve(&t, "v6only.example.com").0;
        assert_eq!(first_v4(a.as_deref()), None);
    }

    #[test]
    fn my_ip_defaults_to_loopback() {
        let mut env = crate::env::prepare(&netdiag_core::pac::PacEnv {
            now: Some("2026-01-01T00:00:00Z".into()),
            ..Default::default()
        })
        .unwrap()
        .0;
        assert_eq!(my_ip_address(&env), "127.0.0.1");
        env.my_ip = vec![
            "2001:db8::9".parse().unwrap(),
            "198.51.100.7".parse().unwrap(),
        ];
        assert_eq!(my_ip_address(&env), "198.51.100.7");
    }
}
