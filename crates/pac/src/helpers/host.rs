//! Host-name helpers and `alert`.
//!
//! These follow the JavaScript helper library that Chromium and Firefox both ship (Netscape's
//! original definitions): comparisons are case-sensitive, as in browsers. A PAC that compares a
//! mixed-case host must lower-case it itself, and URLs reaching the PAC have lower-case hosts.

use boa_engine::{Context, JsResult, JsValue};

use super::arg_string;
use crate::state::{Shared, shared};

/// Longest alert message kept; longer ones are cut (with a marker).
const MAX_ALERT_CHARS: usize = 2000;

/// `isPlainHostName(host)`: no dot (and no colon, so IPv6 literals are not "plain").
pub fn is_plain_host_name(host: &str) -> bool {
    !host.contains(['.', ':'])
}

/// `dnsDomainIs(host, domain)`: `host` ends with `domain` (plain suffix test, case-sensitive:
/// `dnsDomainIs("www.example.com", "example.com")` is true, and so is `"myexample.com"`).
pub fn dns_domain_is(host: &str, domain: &str) -> bool {
    host.ends_with(domain)
}

/// `localHostOrDomainIs(host, hostdom)`: exact match, or `host` is unqualified and is the first
/// label of `hostdom`.
pub fn local_host_or_domain_is(host: &str, hostdom: &str) -> bool {
    host == hostdom
        || hostdom
            .strip_prefix(host)
            .is_some_and(|rest| rest.starts_with('.'))
}

/// `dnsDomainLevels(host)`: the number of dots.
pub fn dns_domain_levels(host: &str) -> usize {
    host.matches('.').count()
}

pub(crate) fn is_plain_host_name_js(
    _: &JsValue,
    args: &[JsValue],
    ctx: &mut Context,
) -> JsResult<JsValue> {
    Ok(arg_string(args, 0, ctx)?
        .is_some_and(|h| is_plain_host_name(&h))
        .into())
}

pub(crate) fn dns_domain_is_js(
    _: &JsValue,
    args: &[JsValue],
    ctx: &mut Context,
) -> JsResult<JsValue> {
    let host = arg_string(args, 0, ctx)?;
    let domain = arg_string(args, 1, ctx)?;
    Ok(match (host, domain) {
        (Some(h), Some(d)) => dns_domain_is(&h, &d),
        _ => false,
    }
    .into())
}

pub(crate) fn local_host_or_domain_is_js(
    _: &JsValue,
    args: &[JsValue],
    ctx: &mut Context,
) -> JsResult<JsValue> {
    let host = arg_string(args, 0, ctx)?;
    let hostdom = arg_string(args, 1, ctx)?;
    Ok(match (host, hostdom) {
        (Some(h), Some(d)) => local_host_or_domain_is(&h, &d),
        _ => false,
    }
    .into())
}

pub(crate) fn dns_domain_levels_js(
    _: &JsValue,
    args: &[JsValue],
    ctx: &mut Context,
) -> JsResult<JsValue> {
    let n = arg_string(args, 0, ctx)?.map_or(0, |h| dns_domain_levels(&h));
    Ok(JsValue::from(u32::try_from(n).unwrap_or(u32::MAX)))
}

/// `alert(message)`: captured for the URL's result (capped; the overflow is counted).
pub(crate) fn alert_js(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let sh = shared(ctx)?;
    record_alert(&sh, || -> JsResult<String> {
        Ok(arg_string(args, 0, ctx)?.unwrap_or_else(|| "undefined".to_string()))
    })?;
    Ok(JsValue::undefined())
}

/// Records one `alert()` message, cut at [`MAX_ALERT_CHARS`]; once the per-URL cap is reached
/// it only counts it, without making the message (no conversion of the argument).
pub(crate) fn record_alert<E>(
    sh: &Shared,
    message: impl FnOnce() -> Result<String, E>,
) -> Result<(), E> {
    if sh.rec.borrow().alerts.len() >= sh.limits.max_alerts {
        sh.rec.borrow_mut().alerts_dropped += 1;
        return Ok(());
    }
    // Not borrowed while the message is made: its toString may call alert() again.
    let mut msg = message()?;
    if let Some((cut, _)) = msg.char_indices().nth(MAX_ALERT_CHARS) {
        msg.truncate(cut);
        msg.push_str("… (cut)");
    }
    sh.rec.borrow_mut().alerts.push(msg);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_host_names() {
        assert!(is_plain_host_name("intranet"));
        assert!(!is_plain_host_name("www.example.com"));
        assert!(!is_plain_host_name("2001:db8::1"));
        assert!(is_plain_host_name(""));
    }

    #[test]
    fn domain_is() {
        assert!(dns_domain_is("www.example.com", ".example.com"));
        assert!(!dns_domain_is("www", ".example.com"));
        assert!(!dns_domain_is("www.example.org", ".example.com"));
        // Plain suffix test, as in browsers.
        assert!(dns_domain_is("myexample.com", "example.com"));
        // Case-sensitive, as in browsers.
        assert!(!dns_domain_is("WWW.EXAMPLE.COM", ".example.com"));
        assert!(dns_domain_is("host123", "123"));
    }

    #[test]
    fn local_host_or_domain() {
        assert!(local_host_or_domain_is(
            "www.example.com",
            "www.example.com"
        ));
        assert!(local_host_or_domain_is("www", "www.example.com"));
        assert!(!local_host_or_domain_is(
            "www.example.org",
            "www.example.com"
        ));
        assert!(!local_host_or_domain_is(
            "home.example.com",
            "www.example.com"
        ));
        assert!(!local_host_or_domain_is("ww", "www.example.com"));
    }

    #[test]
    fn domain_levels() {
        assert_eq!(dns_domain_levels("www"), 0);
        assert_eq!(dns_domain_levels("www.example.com"), 2);
    }
}
