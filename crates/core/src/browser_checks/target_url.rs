//! The small URL subset a browser check can fetch: `http://` or `https://`, a host name or IP
//! literal, an optional port and a path. Hand-written (the `url` crate adds ~200 KB of wasm) and
//! strict: anything a check could misread is refused with a message that says why.

use std::net::{Ipv4Addr, Ipv6Addr};

/// `http` or `https`: the only schemes a page can probe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// Plain HTTP (default port 80).
    Http,
    /// HTTP over TLS (default port 443).
    Https,
}

impl Scheme {
    /// The scheme as written in a URL.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Http => "http",
            Self::Https => "https",
        }
    }

    /// The port used when the URL names none.
    pub fn default_port(self) -> u16 {
        match self {
            Self::Http => 80,
            Self::Https => 443,
        }
    }
}

/// A parsed, normalised target URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetUrl {
    /// `http` or `https`.
    pub scheme: Scheme,
    /// Lower-case host name or IP literal (IPv6 without brackets).
    pub host: String,
    /// The port connected to (explicit or the scheme's default).
    pub port: u16,
    /// Path and query, starting with `/` (the fragment is dropped: it is never sent).
    pub path: String,
}

impl TargetUrl {
    /// The URL as the page will fetch it (default ports left out, as browsers print them).
    pub fn to_url(&self) -> String {
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        if self.port == self.scheme.default_port() {
            format!("{}://{host}{}", self.scheme.as_str(), self.path)
        } else {
            format!(
                "{}://{host}:{}{}",
                self.scheme.as_str(),
                self.port,
                self.path
            )
        }
    }

    /// True when the host is an IP literal (DNS over HTTPS has nothing to resolve).
    pub fn host_is_ip(&self) -> bool {
        self.host.parse::<Ipv4Addr>().is_ok() || self.host.parse::<Ipv6Addr>().is_ok()
    }
}

/// Parses `text` as a fetchable URL. A bare `host[:port][/path]` gets `default_scheme`.
pub fn parse_target(text: &str, default_scheme: Scheme) -> Result<TargetUrl, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("empty".into());
    }
    if text.chars().any(char::is_whitespace) {
        return Err(format!("\"{text}\" contains a space"));
    }
    let (scheme, rest) = match text.split_once("://") {
        Some((s, rest)) => match s.to_ascii_lowercase().as_str() {
            "http" => (Scheme::Http, rest),
            "https" => (Scheme::Https, rest),
            other => {
                return Err(format!(
                    "\"{other}://\" cannot be fetched by a browser: use http:// or https://"
                ));
            }
        },
        None => (default_scheme, text),
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    if authority.contains('@') {
        return Err("user names and passwords (user:pass@) are not allowed in a check URL".into());
    }
    let (host, port) = split_host_port(authority)?;
    let port = match port {
        Some(p) => p,
        None => scheme.default_port(),
    };
    let tail = tail.split('#').next().unwrap_or("");
    let path = if tail.starts_with('/') {
        tail.to_string()
    } else {
        format!("/{tail}")
    };
    Ok(TargetUrl {
        scheme,
        host,
        port,
        path,
    })
}

/// Splits `host[:port]` or `[v6][:port]`, validating both parts.
pub fn split_host_port(authority: &str) -> Result<(String, Option<u16>), String> {
    if authority.is_empty() {
        return Err("no host name".into());
    }
    if let Some(inner) = authority.strip_prefix('[') {
        let Some((v6, after)) = inner.split_once(']') else {
            return Err(format!("\"{authority}\": missing ] after the IPv6 address"));
        };
        if v6.parse::<Ipv6Addr>().is_err() {
            return Err(format!("\"{v6}\" is not an IPv6 address"));
        }
        let port = match after.strip_prefix(':') {
            Some(p) => Some(parse_port(p)?),
            None if after.is_empty() => None,
            None => return Err(format!("\"{authority}\": unexpected text after ]")),
        };
        return Ok((v6.to_ascii_lowercase(), port));
    }
    if authority.matches(':').count() > 1 {
        return Err(format!(
            "\"{authority}\": write an IPv6 address in brackets, e.g. [2001:db8::1]:8080"
        ));
    }
    let (host, port) = match authority.split_once(':') {
        Some((h, p)) => (h, Some(parse_port(p)?)),
        None => (authority, None),
    };
    Ok((check_host(host)?, port))
}

fn parse_port(text: &str) -> Result<u16, String> {
    match text.parse::<u16>() {
        Ok(p) if p > 0 && !text.starts_with('+') => Ok(p),
        _ => Err(format!("port \"{text}\" is not a number from 1 to 65535")),
    }
}

/// Validates a host name (letters, digits, `-`, `_`, dots) or IPv4 literal; lower-cases it.
fn check_host(host: &str) -> Result<String, String> {
    let host = host.strip_suffix('.').unwrap_or(host).to_ascii_lowercase();
    if host.is_empty() {
        return Err("no host name".into());
    }
    if !host.is_ascii() {
        return Err(format!(
            "\"{host}\": write international names in their xn-- (punycode) form"
        ));
    }
    if host.len() > 253 {
        return Err(format!(
            "host name of {} characters (the limit is 253)",
            host.len()
        ));
    }
    let all_numeric = host.chars().all(|c| c.is_ascii_digit() || c == '.');
    if all_numeric {
        return match host.parse::<Ipv4Addr>() {
            Ok(_) => Ok(host),
            Err(_) => Err(format!("\"{host}\" is not an IPv4 address")),
        };
    }
    for label in host.split('.') {
        let ok_chars = label
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if label.is_empty() || label.len() > 63 || !ok_chars {
            return Err(format!("\"{host}\" is not a valid host name"));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(format!(
                "\"{host}\": a name part cannot start or end with a hyphen"
            ));
        }
    }
    Ok(host)
}

/// The Fetch standard's "bad ports": browsers refuse to connect to them at all, so a check
/// on one fails instantly and says nothing about the network.
pub const BAD_PORTS: &[u16] = &[
    0, 1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101,
    102, 103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427,
    465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990,
    993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667,
    6668, 6669, 6679, 6697, 10080,
];

/// True when browsers refuse this port (Fetch standard, "bad port").
pub fn is_bad_port(port: u16) -> bool {
    BAD_PORTS.binary_search(&port).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_normalises() {
        let t = parse_target("HTTPS://Pac.Example.NET/proxy.pac?x=1#frag", Scheme::Http).unwrap();
        assert_eq!(t.scheme, Scheme::Https);
        assert_eq!(t.host, "pac.example.net");
        assert_eq!(t.port, 443);
        assert_eq!(t.path, "/proxy.pac?x=1");
        assert_eq!(t.to_url(), "https://pac.example.net/proxy.pac?x=1");

        let bare = parse_target("gw1.example.net:9400", Scheme::Http).unwrap();
        assert_eq!(bare.to_url(), "http://gw1.example.net:9400/");
        let v6 = parse_target("[2001:DB8::1]:8080", Scheme::Http).unwrap();
        assert_eq!(v6.host, "2001:db8::1");
        assert!(v6.host_is_ip());
        assert_eq!(v6.to_url(), "http://[2001:db8::1]:8080/");
        let q = parse_target("example.com?x", Scheme::Https).unwrap();
        assert_eq!(q.to_url(), "https://example.com/?x");
    }

    #[test]
    fn refuses_what_a_check_could_misread() {
        for (bad, word) in [
            ("ftp://files.example/", "ftp://"),
            ("http://user:pw@host.example/", "passwords"),
            ("http://host.example:0/", "port"),
            ("http://host.example:70000/", "port"),
            ("http://2001:db8::1/", "brackets"),
            ("http://[2001:db8::zz]/", "IPv6"),
            ("http://300.1.1.1/", "IPv4"),
            ("http://bad_host!/", "valid host"),
            ("http://-x.example/", "hyphen"),
            ("http://bücher.example/", "punycode"),
            ("http:///path", "no host"),
            ("two words", "space"),
        ] {
            let e = parse_target(bad, Scheme::Http).unwrap_err();
            assert!(e.contains(word), "{bad}: {e}");
        }
    }

    #[test]
    fn bad_ports_are_sorted_and_known() {
        assert!(BAD_PORTS.windows(2).all(|w| w[0] < w[1]));
        assert!(is_bad_port(6667) && is_bad_port(10080) && is_bad_port(25));
        assert!(!is_bad_port(80) && !is_bad_port(443) && !is_bad_port(10938) && !is_bad_port(9400));
    }
}
