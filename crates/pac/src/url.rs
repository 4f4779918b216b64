//! What the PAC is called with: the host taken from a test URL, the URL after the client's
//! privacy stripping, and the client's implicit bypass rules.
//!
//! - Chromium always drops credentials and the fragment, lower-cases scheme and host, drops a
//!   default port, and for `https://` and `wss://` URLs also replaces path and query with `/`
//!   before calling the PAC (so a PAC cannot see private paths). netdiag does the same for the
//!   `chromium` and `firefox` profiles unless `keep_url` is set. WinHTTP passes the URL as given.
//! - Chromium never asks the PAC about `localhost`, `*.localhost`, loopback (127.0.0.0/8,
//!   `::1`) or link-local (169.254.0.0/16, `fe80::/10`) hosts: they go DIRECT. Firefox
//!   (`network.proxy.allow_hijacking_localhost` = false) does the same for localhost and
//!   loopback. WinHTTP lets the PAC decide.

use std::net::IpAddr;

use netdiag_core::pac::ClientProfile;

use crate::error::PacError;

/// The PAC call for one URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    /// `host` argument.
    pub host: String,
    /// `url` argument.
    pub pac_url: String,
    /// Set when the client bypasses the proxy without calling the PAC.
    pub implicit_bypass: Option<String>,
    /// Notes about the URL (e.g. a missing scheme).
    pub warnings: Vec<String>,
}

/// Parts of an absolute URL.
struct Parts<'a> {
    scheme: String,
    host: String,
    port: Option<u16>,
    /// Path and query, fragment removed ("" when absent).
    path_query: &'a str,
}

fn split_url(url: &str) -> Result<Parts<'_>, PacError> {
    let bad = |why: &str| PacError::BadUrl(format!("{url:?}: {why}"));
    let (scheme, rest) = url.split_once("://").ok_or_else(|| bad("no scheme"))?;
    let scheme_ok = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !scheme_ok {
        return Err(bad("bad scheme"));
    }
    let auth_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(auth_end);
    let tail = tail.split('#').next().unwrap_or("");
    let hostport = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let (host, port_text) = if let Some(v6) = hostport.strip_prefix('[') {
        let (h, after) = v6
            .split_once(']')
            .ok_or_else(|| bad("missing ']' after IPv6 host"))?;
        if h.parse::<std::net::Ipv6Addr>().is_err() {
            return Err(bad("bad IPv6 host"));
        }
        match after {
            "" => (h, None),
            _ => (
                h,
                Some(
                    after
                        .strip_prefix(':')
                        .ok_or_else(|| bad("bad text after ']'"))?,
                ),
            ),
        }
    } else {
        match hostport.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (hostport, None),
        }
    };
    let port = match port_text {
        None | Some("") => None,
        Some(p) => Some(p.parse::<u16>().map_err(|_| bad("bad port"))?),
    };
    Ok(Parts {
        scheme: scheme.to_ascii_lowercase(),
        host: host.to_ascii_lowercase(),
        port,
        path_query: tail,
    })
}

fn default_port(scheme: &str) -> Option<u16> {
    match scheme {
        "http" | "ws" => Some(80),
        "https" | "wss" => Some(443),
        "ftp" => Some(21),
        _ => None,
    }
}

/// Chromium's canonical, stripped URL.
fn stripped(p: &Parts<'_>) -> String {
    let host = if p.host.contains(':') {
        format!("[{}]", p.host)
    } else {
        p.host.clone()
    };
    let port = match p.port {
        Some(port) if Some(port) != default_port(&p.scheme) => format!(":{port}"),
        _ => String::new(),
    };
    let path = if matches!(p.scheme.as_str(), "https" | "wss") || p.path_query.is_empty() {
        "/"
    } else {
        p.path_query
    };
    format!("{}://{host}{port}{path}", p.scheme)
}

fn is_localhost_name(host: &str) -> bool {
    let h = host.trim_end_matches('.');
    matches!(
        h,
        "localhost" | "localhost.localdomain" | "localhost6" | "localhost6.localdomain6"
    ) || h.ends_with(".localhost")
}

/// The client's implicit bypass for `host`, if any.
fn implicit_bypass(host: &str, client: ClientProfile) -> Option<String> {
    let ip: Option<IpAddr> = host.parse().ok();
    let loopback = is_localhost_name(host) || ip.is_some_and(|a| a.is_loopback());
    let link_local = ip.is_some_and(|a| match a {
        IpAddr::V4(v4) => v4.is_link_local(),
        IpAddr::V6(v6) => (v6.segments().first().copied().unwrap_or(0) & 0xffc0) == 0xfe80,
    });
    match client {
        ClientProfile::Chromium if loopback || link_local => Some(
            "Chromium sends localhost, loopback and link-local hosts DIRECT without calling the PAC"
                .to_string(),
        ),
        ClientProfile::Firefox if loopback => Some(
            "Firefox sends localhost and loopback hosts DIRECT without calling the PAC".to_string(),
        ),
        _ => None,
    }
}

/// Prepares the PAC call for `url` (`host_override` replaces the derived host).
pub fn prepare(
    url: &str,
    host_override: Option<&str>,
    client: ClientProfile,
    keep_url: bool,
) -> Result<Prepared, PacError> {
    let trimmed = url.trim();
    if trimmed.is_empty() {
        return Err(PacError::BadUrl("empty URL".into()));
    }
    let mut warnings = Vec::new();
    let owned;
    let full = if trimmed.contains("://") {
        trimmed
    } else {
        owned = format!("http://{trimmed}");
        warnings.push(format!("no scheme in {trimmed:?}: evaluated as {owned:?}"));
        owned.as_str()
    };
    let parts = split_url(full)?;
    let host = match host_override {
        Some(h) => h.trim().to_string(),
        None => parts.host.clone(),
    };
    if host.is_empty() {
        return Err(PacError::BadUrl(format!("{trimmed:?}: no host")));
    }
    let strip = !keep_url && client != ClientProfile::Winhttp;
    let pac_url = if strip {
        stripped(&parts)
    } else {
        full.to_string()
    };
    Ok(Prepared {
        implicit_bypass: implicit_bypass(&parts.host, client),
        host,
        pac_url,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ClientProfile::{Chromium, Firefox, Winhttp};

    #[test]
    fn host_is_derived_and_lowercased() {
        let p = prepare(
            "https://User:pw@WWW.Example.COM:8443/a?b#c",
            None,
            Chromium,
            false,
        )
        .unwrap();
        assert_eq!(p.host, "www.example.com");
        assert_eq!(p.pac_url, "https://www.example.com:8443/");
        let p = prepare("http://[2001:DB8::1]:8080/x", None, Chromium, false).unwrap();
        assert_eq!(p.host, "2001:db8::1");
        assert_eq!(p.pac_url, "http://[2001:db8::1]:8080/x");
    }

    #[test]
    fn https_stripping_on_off_and_per_client() {
        let u = "https://portal.example.com/secret/path?token=1";
        assert_eq!(
            prepare(u, None, Chromium, false).unwrap().pac_url,
            "https://portal.example.com/"
        );
        assert_eq!(
            prepare(u, None, Firefox, false).unwrap().pac_url,
            "https://portal.example.com/"
        );
        assert_eq!(prepare(u, None, Chromium, true).unwrap().pac_url, u);
        assert_eq!(prepare(u, None, Winhttp, false).unwrap().pac_url, u);
        // http keeps path and query; credentials, fragment and default port go.
        assert_eq!(
            prepare(
                "HTTP://u:p@Host.Example:80/a/b?c=1#frag",
                None,
                Chromium,
                false
            )
            .unwrap()
            .pac_url,
            "http://host.example/a/b?c=1"
        );
        assert_eq!(
            prepare("wss://h.example/chat", None, Chromium, false)
                .unwrap()
                .pac_url,
            "wss://h.example/"
        );
    }

    #[test]
    fn host_override_and_missing_scheme() {
        let p = prepare("http://a.example/", Some("b.example"), Chromium, false).unwrap();
        assert_eq!(p.host, "b.example");
        let p = prepare("www.example.com/x", None, Chromium, false).unwrap();
        assert_eq!(p.pac_url, "http://www.example.com/x");
        assert_eq!(p.warnings.len(), 1);
    }

    #[test]
    fn bad_urls() {
        for u in [
            "",
            "http://",
            "http://[::1/",
            "http://h:99999/",
            "1http://x/",
        ] {
            assert!(
                matches!(prepare(u, None, Chromium, false), Err(PacError::BadUrl(_))),
                "{u}"
            );
        }
    }

    #[test]
    fn implicit_bypass_rules() {
        for h in [
            "http://localhost/",
            "http://app.localhost:3000/",
            "http://127.0.0.1/",
            "http://127.8.9.10/",
            "http://[::1]/",
            "http://169.254.1.1/",
            "http://[fe80::1]/",
        ] {
            assert!(
                prepare(h, None, Chromium, false)
                    .unwrap()
                    .implicit_bypass
                    .is_some(),
                "{h}"
            );
            assert!(
                prepare(h, None, Winhttp, false)
                    .unwrap()
                    .implicit_bypass
                    .is_none(),
                "{h}"
            );
        }
        assert!(
            prepare("http://127.0.0.1/", None, Firefox, false)
                .unwrap()
                .implicit_bypass
                .is_some()
        );
        assert!(
            prepare("http://169.254.1.1/", None, Firefox, false)
                .unwrap()
                .implicit_bypass
                .is_none()
        );
        assert!(
            prepare("http://www.example.com/", None, Chromium, false)
                .unwrap()
                .implicit_bypass
                .is_none()
        );
        assert!(
            prepare("http://localhost.example.com/", None, Chromium, false)
                .unwrap()
                .implicit_bypass
                .is_none()
        );
    }
}
