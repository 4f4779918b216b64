//! Parsing a PAC return string (`"PROXY a:80; PROXY [2001:db8::1]:8080; DIRECT"`).
//!
//! Tolerant like browsers: keywords are case-insensitive, whitespace and empty entries are
//! ignored. Malformed entries are kept with a `problem` (browsers skip them). When nothing
//! usable is left, Chromium falls back to DIRECT, and so does the analysis (`bypass_reason`).

use std::net::Ipv6Addr;

use netdiag_core::pac::ProxyEntry;

/// The analysed answer.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Analysis {
    /// Parsed entries in order, malformed ones included.
    pub entries: Vec<ProxyEntry>,
    /// First usable proxy as `host:port`.
    pub primary: Option<String>,
    /// Second usable proxy as `host:port`.
    pub secondary: Option<String>,
    /// The first usable entry is DIRECT (or nothing is usable).
    pub bypass: bool,
    /// Set when `bypass` does not come from an explicit DIRECT.
    pub bypass_reason: Option<String>,
    /// A DIRECT entry follows at least one proxy.
    pub fallback_direct: bool,
    /// One line per malformed entry.
    pub warnings: Vec<String>,
}

/// The port browsers assume when an entry has none.
fn default_port(kind: &str) -> u16 {
    match kind {
        "HTTPS" => 443,
        "SOCKS" | "SOCKS4" | "SOCKS5" => 1080,
        _ => 80,
    }
}

/// Formats `host:port`, bracketing IPv6 literals.
pub(crate) fn host_port(host: &str, port: u16) -> String {
    if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}

/// Parses `host:port` / `[v6]:port`; returns host, port and a problem.
fn parse_endpoint(kind: &str, s: &str) -> (Option<String>, Option<u16>, Option<String>) {
    let (host, port_text) = if let Some(rest) = s.strip_prefix('[') {
        let Some((inside, after)) = rest.split_once(']') else {
            return (None, None, Some("bad IPv6 brackets: missing ']'".into()));
        };
        if inside.parse::<Ipv6Addr>().is_err() {
            return (
                None,
                None,
                Some(format!("bad IPv6 address in brackets: {inside}")),
            );
        }
        match after {
            "" => (inside, None),
            _ => match after.strip_prefix(':') {
                Some(p) => (inside, Some(p)),
                None => {
                    return (
                        None,
                        None,
                        Some(format!("unexpected text after ']': {after}")),
                    );
                }
            },
        }
    } else if s.contains(['[', ']']) {
        return (None, None, Some("bad IPv6 brackets".into()));
    } else if s.matches(':').count() > 1 {
        return (
            None,
            None,
            Some("IPv6 address must be in brackets: [addr]:port".into()),
        );
    } else {
        match s.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (s, None),
        }
    };
    if host.is_empty() {
        return (None, None, Some("missing host".into()));
    }
    match port_text {
        None => {
            let port = default_port(kind);
            (
                Some(host.to_string()),
                Some(port),
                Some(format!("missing port (browsers assume {port})")),
            )
        }
        Some(p) => match p.parse::<u16>() {
            Ok(port) if port > 0 => (Some(host.to_string()), Some(port), None),
            _ => (
                Some(host.to_string()),
                None,
                Some(format!("bad port: {p:?}")),
            ),
        },
    }
}

/// Parses one entry (already trimmed, not empty).
fn parse_entry(raw: &str) -> ProxyEntry {
    let mut words = raw.split_whitespace();
    let keyword = words.next().unwrap_or("").to_ascii_uppercase();
    let rest: Vec<&str> = words.collect();
    let mut entry = ProxyEntry {
        kind: keyword.clone(),
        host: None,
        port: None,
        raw: raw.to_string(),
        problem: None,
    };
    match keyword.as_str() {
        "DIRECT" => {
            if !rest.is_empty() {
                entry.problem = Some("DIRECT takes no argument".into());
            }
        }
        "PROXY" | "HTTP" | "HTTPS" | "SOCKS" | "SOCKS4" | "SOCKS5" => match rest.as_slice() {
            [] => entry.problem = Some("missing host:port".into()),
            [endpoint] => {
                let (host, port, problem) = parse_endpoint(&keyword, endpoint);
                entry.host = host;
                entry.port = port;
                entry.problem = problem;
            }
            [endpoint, ..] => {
                let (host, port, _) = parse_endpoint(&keyword, endpoint);
                entry.host = host;
                entry.port = port;
                entry.problem = Some("unexpected text after host:port (missing ';'?)".into());
            }
        },
        _ => entry.problem = Some(format!("unknown keyword {keyword:?}")),
    }
    entry
}

/// Whether browsers would use the entry (a missing port gets a default, so it is usable).
fn usable(e: &ProxyEntry) -> bool {
    match &e.problem {
        None => true,
        Some(p) => p.starts_with("missing port"),
    }
}

/// Parses and analyses a return string.
pub fn analyze(result: &str) -> Analysis {
    let entries: Vec<ProxyEntry> = result
        .split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(parse_entry)
        .collect();
    let mut a = Analysis::default();
    let mut proxies_seen = 0usize;
    let mut first_usable: Option<bool> = None;
    for e in &entries {
        if let Some(p) = &e.problem {
            a.warnings.push(format!("entry {:?}: {p}", e.raw));
        }
        if !usable(e) {
            continue;
        }
        let direct = e.kind == "DIRECT";
        first_usable.get_or_insert(direct);
        if direct {
            if proxies_seen > 0 {
                a.fallback_direct = true;
            }
        } else if let (Some(h), Some(p)) = (&e.host, e.port) {
            proxies_seen += 1;
            match proxies_seen {
                1 => a.primary = Some(host_port(h, p)),
                2 => a.secondary = Some(host_port(h, p)),
                _ => {}
            }
        }
    }
    match first_usable {
        Some(direct) => a.bypass = direct,
        None => {
            a.bypass = true;
            a.bypass_reason =
                Some("no usable entry in the PAC answer: browsers fall back to DIRECT".into());
        }
    }
    a.entries = entries;
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zscaler_tail() {
        let a = analyze("PROXY a.example:80; PROXY b.example:80; DIRECT");
        assert_eq!(a.entries.len(), 3);
        assert_eq!(a.primary.as_deref(), Some("a.example:80"));
        assert_eq!(a.secondary.as_deref(), Some("b.example:80"));
        assert!(!a.bypass);
        assert!(a.fallback_direct);
        assert!(a.warnings.is_empty());
    }

    #[test]
    fn direct_only() {
        let a = analyze("DIRECT");
        assert!(a.bypass);
        assert!(!a.fallback_direct);
        assert_eq!(a.primary, None);
        assert_eq!(a.entries[0].kind, "DIRECT");
    }

    #[test]
    fn all_keywords_case_insensitive_and_tolerant_separators() {
        let a = analyze(
            " proxy p:1 ;;HTTP h:2;  HTTPS s:3 ; socks k:4;SOCKS4 f:5; SOCKS5 v:6 ;direct;",
        );
        let kinds: Vec<&str> = a.entries.iter().map(|e| e.kind.as_str()).collect();
        assert_eq!(
            kinds,
            [
                "PROXY", "HTTP", "HTTPS", "SOCKS", "SOCKS4", "SOCKS5", "DIRECT"
            ]
        );
        assert!(a.entries.iter().all(|e| e.problem.is_none()));
        assert_eq!(a.entries[2].port, Some(3));
        assert_eq!(a.secondary.as_deref(), Some("h:2"));
        assert!(a.fallback_direct);
    }

    #[test]
    fn ipv6_bracketed() {
        let a = analyze("PROXY [2001:db8::1]:8080; SOCKS5 [::1]:1080");
        assert_eq!(a.entries[0].host.as_deref(), Some("2001:db8::1"));
        assert_eq!(a.entries[0].port, Some(8080));
        assert_eq!(a.primary.as_deref(), Some("[2001:db8::1]:8080"));
        assert_eq!(a.secondary.as_deref(), Some("[::1]:1080"));
    }

    #[test]
    fn malformed_entries_are_flagged() {
        let cases = [
            ("FOO a:1", "unknown keyword"),
            ("PROXY a:0", "bad port"),
            ("PROXY a:99999", "bad port"),
            ("PROXY a:x", "bad port"),
            ("PROXY [2001:db8::1:80", "missing ']'"),
            ("PROXY [nothex]:80", "bad IPv6 address"),
            ("PROXY 2001:db8::1:80", "must be in brackets"),
            ("PROXY a]:80", "bad IPv6 brackets"),
            ("DIRECT a:80", "DIRECT takes no argument"),
            ("PROXY", "missing host"),
            ("PROXY a:80 b:80", "missing ';'"),
            ("PROXY :80", "missing host"),
        ];
        for (raw, want) in cases {
            let a = analyze(raw);
            let p = a.entries[0].problem.clone().unwrap_or_default();
            assert!(p.contains(want), "{raw}: {p}");
            assert_eq!(a.entries[0].raw, raw);
            assert_eq!(a.warnings.len(), 1);
            assert!(a.bypass, "{raw}: nothing usable means DIRECT");
            assert!(a.bypass_reason.is_some() || raw.starts_with("DIRECT"));
        }
    }

    #[test]
    fn missing_port_gets_browser_default_and_stays_usable() {
        let a = analyze("PROXY p.example; HTTPS s.example; SOCKS k");
        assert_eq!(a.entries[0].port, Some(80));
        assert_eq!(a.entries[1].port, Some(443));
        assert_eq!(a.entries[2].port, Some(1080));
        assert_eq!(a.primary.as_deref(), Some("p.example:80"));
        assert_eq!(a.warnings.len(), 3);
    }

    #[test]
    fn malformed_first_entry_is_skipped_like_browsers() {
        let a = analyze("BOGUS x; DIRECT");
        assert!(a.bypass);
        assert_eq!(a.bypass_reason, None);
        let a = analyze("BOGUS x; PROXY p:3128; DIRECT");
        assert!(!a.bypass);
        assert_eq!(a.primary.as_deref(), Some("p:3128"));
        assert!(a.fallback_direct);
    }

    #[test]
    fn empty_result_means_direct() {
        let a = analyze("  ;  ");
        assert!(a.entries.is_empty());
        assert!(a.bypass);
        assert!(a.bypass_reason.is_some());
    }
}
