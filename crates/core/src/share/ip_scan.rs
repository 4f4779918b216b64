//! Finds IP addresses in free text and rewrites them with an [`Anonymizer`].
//!
//! What counts as an address: a dotted quad or an IPv6 literal standing on its own (not part of
//! an OID like `1.3.6.1.4.1.9`, a version like `15.2.4.5.6`, a word or a MAC address). A network
//! written with its prefix length or mask (`10.1.0.0/16`, `10.1.0.0 255.255.0.0`,
//! `10.1.0.0 0.0.255.255`, `isInNet(h, "10.1.0.0", "255.255.0.0")`) stays a network: its host
//! bits stay zero. Wildcard prefixes in PAC patterns (`10.1.*`) map with their prefix.

use std::net::{Ipv4Addr, Ipv6Addr};

use super::anonymize::{Anonymizer, IpLog};

fn is_ip_byte(c: u8) -> bool {
    c.is_ascii_hexdigit() || c == b':' || c == b'.'
}

fn is_word_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// Rewrites every address in `text`, logging each change.
pub(crate) fn rewrite(text: &str, anon: &Anonymizer, log: &mut IpLog) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if !(c.is_ascii_hexdigit() || c == b':') || !starts_token(b, i) {
            i += 1;
            continue;
        }
        let run_len = b
            .get(i..)
            .map_or(0, |r| r.iter().take_while(|&&x| is_ip_byte(x)).count());
        let run = text.get(i..i + run_len).unwrap_or("");
        match candidate(run, b.get(i + run_len).copied()) {
            Some(found) if ends_token(b, i + found.len()) => {
                let original = text.get(i..i + found.len()).unwrap_or("");
                let replacement = replace(&found, original, text, i + found.len(), anon);
                if replacement != original {
                    log.record(original, &replacement);
                }
                out.push_str(text.get(copied..i).unwrap_or(""));
                out.push_str(&replacement);
                copied = i + found.len();
                i = copied;
            }
            // Skip the whole run so nothing inside an OID or a longer token matches.
            _ => i += run_len.max(1),
        }
    }
    out.push_str(text.get(copied..).unwrap_or(""));
    out
}

fn starts_token(b: &[u8], i: usize) -> bool {
    let Some(prev) = i.checked_sub(1).and_then(|p| b.get(p)).copied() else {
        return true;
    };
    if prev == b':' {
        // `addr:10.0.0.1` is a label; `ab:10...` would be the middle of an IPv6 literal.
        let before = i.checked_sub(2).and_then(|p| b.get(p)).copied();
        return before.is_none_or(|x| !x.is_ascii_hexdigit() && x != b':');
    }
    !(is_word_byte(prev) || prev == b'.')
}

fn ends_token(b: &[u8], end: usize) -> bool {
    match b.get(end) {
        None => true,
        Some(&c) if is_word_byte(c) => false,
        Some(b'.') => !b.get(end + 1).is_some_and(u8::is_ascii_digit),
        Some(_) => true,
    }
}

/// An address found at the start of a run.
enum Found {
    V4 {
        addr: Ipv4Addr,
        len: usize,
    },
    /// `10.1.*`: the first `octets` octets, then the `.` (len counts it).
    V4Prefix {
        addr: Ipv4Addr,
        octets: usize,
        len: usize,
    },
    V6 {
        addr: Ipv6Addr,
        len: usize,
    },
}

impl Found {
    fn len(&self) -> usize {
        match self {
            Self::V4 { len, .. } | Self::V4Prefix { len, .. } | Self::V6 { len, .. } => *len,
        }
    }
}

fn candidate(run: &str, next: Option<u8>) -> Option<Found> {
    let colons = run.bytes().filter(|&c| c == b':').count();
    if colons >= 2 {
        let mut s = run;
        loop {
            if let Ok(addr) = s.parse::<Ipv6Addr>() {
                return Some(Found::V6 { addr, len: s.len() });
            }
            // Trailing punctuation of a sentence or a `host:port` suffix is not part of it.
            let trimmed = s.strip_suffix('.').or_else(|| {
                if s.ends_with("::") {
                    None
                } else {
                    s.strip_suffix(':')
                }
            })?;
            s = trimmed;
        }
    }
    // `10.1.1.1:8080` or a plain dotted quad.
    let head = run.split(':').next().unwrap_or("");
    let dotted = head.trim_end_matches('.');
    let parts: Vec<&str> = dotted.split('.').collect();
    let numeric = parts
        .iter()
        .all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|c| c.is_ascii_digit()));
    if !numeric {
        return None;
    }
    if parts.len() == 4 {
        let addr: Ipv4Addr = dotted.parse().ok()?;
        return Some(Found::V4 {
            addr,
            len: dotted.len(),
        });
    }
    // `10.1.*` in a PAC pattern: the run is `10.1.` and a `*` follows.
    let wildcard_follows = head.len() == run.len() && run.ends_with('.') && next == Some(b'*');
    if wildcard_follows && (1..=3).contains(&parts.len()) {
        let mut octets = [0u8; 4];
        for (o, p) in octets.iter_mut().zip(&parts) {
            *o = p.parse().ok()?;
        }
        return Some(Found::V4Prefix {
            addr: Ipv4Addr::from(octets),
            octets: parts.len(),
            len: dotted.len() + 1,
        });
    }
    None
}

fn replace(found: &Found, original: &str, text: &str, end: usize, anon: &Anonymizer) -> String {
    match *found {
        Found::V6 { addr, .. } => {
            let out = anon.map_v6(addr);
            if out == addr {
                original.to_string()
            } else {
                out.to_string()
            }
        }
        Found::V4Prefix { addr, octets, .. } => {
            let out = anon.map_v4(addr).octets();
            let mut s: Vec<String> = out.iter().take(octets).map(u8::to_string).collect();
            s.push(String::new());
            s.join(".")
        }
        Found::V4 { addr, .. } => {
            let mut out = u32::from(anon.map_v4(addr));
            if let Some(len) = prefix_len_after(text, end) {
                let mask = if len == 0 { 0 } else { u32::MAX << (32 - len) };
                // Only a network address (host bits zero) stays one; `ip address 10.1.1.1
                // 255.255.255.0` is a host and maps like any host.
                if u32::from(addr) & !mask == 0 {
                    out &= mask;
                }
            }
            Ipv4Addr::from(out).to_string()
        }
    }
}

/// The prefix length written after an IPv4 address: `/len`, or a mask or wildcard mask that
/// follows after a space, comma or quotes.
fn prefix_len_after(text: &str, end: usize) -> Option<u32> {
    let rest = text.get(end..)?;
    if let Some(r) = rest.strip_prefix('/') {
        let digits: String = r.chars().take_while(char::is_ascii_digit).take(3).collect();
        return digits.parse().ok().filter(|&n| n <= 32);
    }
    let skip = rest
        .bytes()
        .take(6)
        .take_while(|c| matches!(c, b' ' | b'\t' | b'"' | b'\'' | b','))
        .count();
    if skip == 0 {
        return None;
    }
    let r = rest.get(skip..)?;
    let len = r
        .bytes()
        .take_while(|c| c.is_ascii_digit() || *c == b'.')
        .count();
    let mask: Ipv4Addr = r.get(..len)?.trim_end_matches('.').parse().ok()?;
    let m = u32::from(mask);
    if m.leading_ones() + m.trailing_zeros() == 32 {
        Some(m.leading_ones())
    } else if m.leading_zeros() + m.trailing_ones() == 32 {
        Some(m.leading_zeros())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anon(text: &str) -> (String, Vec<super::super::anonymize::IpMapping>) {
        let mut log = IpLog::default();
        let out = rewrite(text, &Anonymizer::default(), &mut log);
        (out, log.into_mappings())
    }

    #[test]
    fn finds_addresses_in_their_usual_places() {
        let (out, map) = anon(
            "peer 10.1.1.1, PROXY 10.2.2.2:8080; host=10.3.3.3 [2a00:1450::1]:443 ip:10.4.4.4.",
        );
        let originals: Vec<&str> = map.iter().map(|m| m.original.as_str()).collect();
        assert_eq!(
            originals,
            [
                "10.1.1.1",
                "10.2.2.2",
                "10.3.3.3",
                "10.4.4.4",
                "2a00:1450::1"
            ]
        );
        assert!(out.contains(":8080;") && out.contains("]:443") && out.ends_with('.'));
        assert!(!out.contains("10.1.1.1"));
    }

    #[test]
    fn leaves_non_addresses_alone() {
        let text = "oid 1.3.6.1.4.1.9.9.171 ver 15.2.4.5.6 mac 00:1a:2b:3c:4d:5e time 12:30:45 \
                    v1.2.3.4 a10.1.1.1 192.0.2.1 ::1 255.255.255.0 1.2.3";
        let (out, map) = anon(text);
        assert_eq!(out, text);
        assert!(map.is_empty());
    }

    #[test]
    fn networks_stay_networks() {
        let a = Anonymizer::default();
        let net = |s: &str| u32::from(a.map_v4(s.parse().unwrap()));
        let (out, _) =
            anon("route 10.1.0.0/16 via 10.1.5.5; isInNet(h, \"10.1.0.0\", \"255.255.0.0\")");
        let expected_net = Ipv4Addr::from(net("10.1.0.0") & 0xffff_0000).to_string();
        assert_eq!(out.matches(&expected_net).count(), 2, "{out}");
        let host = Ipv4Addr::from(net("10.1.5.5"));
        assert!(out.contains(&host.to_string()));
        assert_eq!(u32::from(host) >> 16, net("10.1.0.0") >> 16);
        let (out, _) = anon("ip address 10.1.1.1 255.255.255.0");
        assert!(out.contains(&Ipv4Addr::from(net("10.1.1.1")).to_string()));
        let (out, _) = anon("permit ip 10.9.0.0 0.0.255.255 any");
        let n = Ipv4Addr::from(net("10.9.0.0") & 0xffff_0000).to_string();
        assert!(out.contains(&format!("{n} 0.0.255.255")), "{out}");
    }

    #[test]
    fn pac_wildcard_prefixes_follow_their_addresses() {
        let a = Anonymizer::default();
        let (out, _) = anon("shExpMatch(host, \"10.20.*\")");
        let o = a.map_v4("10.20.1.1".parse().unwrap()).octets();
        assert_eq!(out, format!("shExpMatch(host, \"{}.{}.*\")", o[0], o[1]));
    }
}
