//! Test-URL generation from the PACs themselves, for when the user has no URL list: one URL
//! for every host pattern (`dnsDomainIs`, `shExpMatch`, `localHostOrDomainIs`, `host ==`) and
//! every network (`isInNet`, `isInNetEx`: an IP-literal URL inside the range) they mention,
//! plus a few outside all of them. Deterministic order, deduplicated, bounded.
//!
//! ```
//! let pac = r#"function FindProxyForURL(url, host) {
//!     if (dnsDomainIs(host, ".corp.example")) return "DIRECT";
//!     if (isInNet(host, "10.0.0.0", "255.0.0.0")) return "DIRECT";
//!     return "PROXY p.example:8080";
//! }"#;
//! let urls = netdiag_pac::urlgen::generate_urls(&[pac]);
//! assert_eq!(urls[0], "https://www.corp.example/");
//! assert!(urls.contains(&"http://10.0.0.1/".to_string()));
//! assert!(urls.iter().any(|u| u.contains("outside")));
//! ```

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use boa_ast::expression::Expression;
use boa_ast::expression::operator::binary::{BinaryOp, RelationalOp};
use boa_ast::visitor::{VisitWith, Visitor};
use std::ops::ControlFlow;

use crate::lint::ast::{self, Pac, unparen};

/// Most URLs `generate_urls` returns.
pub const MAX_URLS: usize = 200;

/// A pattern a PAC tests hosts against, used to keep the "outside" URLs outside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum HostPattern {
    /// `dnsDomainIs(host, s)`: suffix match.
    Suffix(String),
    /// `shExpMatch(host, s)` or `shExpMatch(url, s)`.
    Glob(String),
    /// `host == s`, `localHostOrDomainIs`.
    Exact(String),
    /// `isInNet`, `isInNetEx`.
    Net(IpAddr, u8),
}

/// What a PAC mentions: concrete hosts (in source order), URLs, patterns and schemes.
#[derive(Debug, Default)]
pub(crate) struct Mentions {
    pub urls: Vec<String>,
    pub hosts: Vec<String>,
    pub patterns: Vec<HostPattern>,
    pub schemes: Vec<String>,
    pub plain_hosts: bool,
}

/// Generates test URLs from one or more PAC sources (unparsable ones contribute nothing).
pub fn generate_urls(sources: &[&str]) -> Vec<String> {
    let mut m = Mentions::default();
    for src in sources {
        if let Ok(pac) = ast::parse(src) {
            collect(&pac, &mut m);
        }
    }
    let outside = outside_urls(&m);
    let mut out: Vec<String> = Vec::new();
    for u in &m.urls {
        if out.len() + outside.len() >= MAX_URLS {
            break;
        }
        if !out.contains(u) {
            out.push(u.clone());
        }
    }
    for u in outside {
        if !out.contains(&u) {
            out.push(u);
        }
    }
    out
}

/// Concrete host names a PAC's patterns stand for (used to find e.g. the customer's IdP tenant).
pub(crate) fn mentioned_hosts(pac: &Pac) -> Vec<String> {
    let mut m = Mentions::default();
    collect(pac, &mut m);
    m.hosts
}

/// The host of a URL (lower-case, IPv6 without brackets), when it has one.
pub(crate) fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next()?;
    let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if let Some(v6) = authority.strip_prefix('[') {
        v6.split(']').next()?
    } else {
        authority.split(':').next()?
    };
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

fn collect(pac: &Pac, m: &mut Mentions) {
    let mut v = MentionCollector { pac, m };
    let _ = pac.script.visit_with(&mut v);
}

struct MentionCollector<'p, 'm> {
    pac: &'p Pac,
    m: &'m mut Mentions,
}

impl<'a> Visitor<'a> for MentionCollector<'_, '_> {
    type BreakTy = ();

    fn visit_call(&mut self, call: &'a boa_ast::expression::Call) -> ControlFlow<()> {
        let pac = self.pac;
        let args = call.args();
        let lit = |i: usize| args.get(i).and_then(|a| pac.str_lit(a));
        match pac.callee(call).as_deref() {
            Some("dnsDomainIs") => {
                if let Some(d) = lit(1) {
                    self.m.suffix(&d);
                }
            }
            Some("localHostOrDomainIs") => {
                if let Some(h) = lit(1) {
                    self.m.exact(&h);
                    if let Some((first, _)) = h.split_once('.') {
                        self.m.exact(first);
                    }
                }
            }
            Some("shExpMatch") => {
                let on_url = args
                    .first()
                    .and_then(|a| pac.ident(a))
                    .is_some_and(|n| n.to_ascii_lowercase().contains("url"));
                if let Some(g) = lit(1) {
                    self.m.glob(&g, on_url);
                }
            }
            Some("isInNet") => {
                if let (Some(ip), Some(mask)) = (lit(1), lit(2))
                    && let Some((addr, prefix)) = net_from_mask(&ip, &mask)
                {
                    self.m.net(addr, prefix);
                }
            }
            Some("isInNetEx") => {
                if let Some(cidr) = lit(1)
                    && let Some((addr, prefix)) = net_from_cidr(&cidr)
                {
                    self.m.net(addr, prefix);
                }
            }
            Some("isPlainHostName" | "dnsDomainLevels") => self.m.plain_hosts = true,
            _ => {}
        }
        call.visit_with(self)
    }

    fn visit_binary(&mut self, b: &'a boa_ast::expression::operator::Binary) -> ControlFlow<()> {
        if let BinaryOp::Relational(
            RelationalOp::Equal
            | RelationalOp::StrictEqual
            | RelationalOp::NotEqual
            | RelationalOp::StrictNotEqual,
        ) = b.op()
        {
            for (a, c) in [(b.lhs(), b.rhs()), (b.rhs(), b.lhs())] {
                if let Some(s) = self.pac.str_lit(c) {
                    if is_hostish_operand(self.pac, a) {
                        self.m.exact(&s);
                    } else if let Some(scheme) = s.strip_suffix(':')
                        && !scheme.is_empty()
                        && scheme.chars().all(|ch| ch.is_ascii_alphabetic())
                    {
                        self.m.scheme(scheme);
                    }
                }
            }
        }
        b.visit_with(self)
    }
}

/// `host`, `h`, `lhost`... (an identifier whose name says it holds the host).
fn is_hostish_operand(pac: &Pac, e: &Expression) -> bool {
    match unparen(e) {
        Expression::Identifier(_) => pac
            .ident(e)
            .is_some_and(|n| n == "h" || n.to_ascii_lowercase().contains("host")),
        _ => false,
    }
}

impl Mentions {
    fn add_host(&mut self, host: &str) {
        let host = host.trim().trim_end_matches('.').to_ascii_lowercase();
        if host.is_empty() || host.contains("${") || !host.chars().all(is_host_char) {
            return;
        }
        let url = url_for_host(&host);
        if !self.urls.contains(&url) {
            self.urls.push(url);
        }
        if !self.hosts.contains(&host) {
            self.hosts.push(host);
        }
    }

    fn suffix(&mut self, d: &str) {
        let d = d.to_ascii_lowercase();
        self.patterns.push(HostPattern::Suffix(d.clone()));
        match d.strip_prefix('.') {
            Some(bare) => {
                self.add_host(&format!("www.{bare}"));
                self.add_host(bare);
            }
            None => {
                self.add_host(&d);
                self.add_host(&format!("www.{d}"));
            }
        }
    }

    fn exact(&mut self, h: &str) {
        let h = h.to_ascii_lowercase();
        if h.is_empty() || !h.chars().all(is_host_char) {
            return;
        }
        self.patterns.push(HostPattern::Exact(h.clone()));
        self.add_host(&h);
    }

    fn glob(&mut self, g: &str, on_url: bool) {
        let g = g.to_ascii_lowercase();
        if g.contains("${") {
            return;
        }
        self.patterns.push(HostPattern::Glob(g.clone()));
        if on_url || g.contains("://") || g.contains('/') {
            if let Some(u) = concrete_url(&g) {
                if let Some(h) = host_of(&u)
                    && !self.hosts.contains(&h)
                {
                    self.hosts.push(h);
                }
                if !self.urls.contains(&u) {
                    self.urls.push(u);
                }
            } else if let Some(scheme) = g.strip_suffix(":*").or_else(|| g.strip_suffix("://*")) {
                self.scheme(scheme);
            }
        } else if let Some(h) = concrete_host(&g) {
            self.add_host(&h);
        }
    }

    fn net(&mut self, addr: IpAddr, prefix: u8) {
        self.patterns.push(HostPattern::Net(addr, prefix));
        let inside = first_host_in(addr, prefix);
        let url = url_for_host(&inside.to_string());
        if !self.urls.contains(&url) {
            self.urls.push(url);
        }
    }

    fn scheme(&mut self, s: &str) {
        let s = s.to_ascii_lowercase();
        if s.chars().all(|c| c.is_ascii_alphabetic()) && !s.is_empty() && !self.schemes.contains(&s)
        {
            self.schemes.push(s);
        }
    }

    /// Whether any mentioned pattern matches this URL.
    fn covers(&self, url: &str) -> bool {
        let Some(host) = host_of(url) else {
            return false;
        };
        let ip: Option<IpAddr> = host.parse().ok();
        self.patterns.iter().any(|p| match p {
            HostPattern::Suffix(s) => host.ends_with(s.as_str()),
            HostPattern::Exact(h) => &host == h,
            HostPattern::Glob(g) => glob_match(g, &host) || glob_match(g, url),
            HostPattern::Net(net, prefix) => ip.is_some_and(|ip| in_net(ip, *net, *prefix)),
        })
    }
}

fn is_host_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':')
}

/// `https://name/` for names, `http://` for IP literals and plain hosts (internal targets).
fn url_for_host(host: &str) -> String {
    match host.parse::<IpAddr>() {
        Ok(IpAddr::V6(_)) => format!("http://[{host}]/"),
        Ok(IpAddr::V4(_)) => format!("http://{host}/"),
        Err(_) if !host.contains('.') => format!("http://{host}/"),
        Err(_) => format!("https://{host}/"),
    }
}

/// A few URLs no mentioned pattern covers: a public name over https and http, an IP literal,
/// a plain host when the PAC tests for them, and one per non-web scheme it mentions.
fn outside_urls(m: &Mentions) -> Vec<String> {
    let names = [
        "outside.netdiag.example",
        "www.netdiag-outside.test",
        "netdiag.invalid",
    ];
    let name = names
        .iter()
        .find(|n| !m.covers(&format!("https://{n}/")))
        .unwrap_or(&"outside.netdiag.example");
    let mut out = vec![format!("https://{name}/"), format!("http://{name}/")];
    let ips = ["203.0.113.77", "198.51.100.77", "192.0.2.77"];
    if let Some(ip) = ips.iter().find(|ip| !m.covers(&format!("http://{ip}/"))) {
        out.push(format!("http://{ip}/"));
    }
    if m.plain_hosts {
        out.push("http://intranet/".to_string());
    }
    for s in &m.schemes {
        if s != "http" && s != "https" {
            out.push(format!("{s}://{name}/"));
        }
    }
    out
}

/// A host matching a host glob: `*` at a label start becomes `www`, as the last label `com`,
/// elsewhere nothing; `?` becomes `a` (or `1` in an address).
pub(crate) fn concrete_host(glob: &str) -> Option<String> {
    if glob.is_empty()
        || !glob
            .chars()
            .all(|c| is_host_char(c) || c == '*' || c == '?')
    {
        return None;
    }
    let bare: String = glob.chars().filter(|c| *c != '*' && *c != '?').collect();
    if !bare.is_empty() && bare.chars().all(|c| c.is_ascii_digit() || c == '.') {
        let mut octets: Vec<String> = glob
            .split('.')
            .filter(|s| !s.is_empty())
            .map(|o| {
                let o = o.replace('*', "").replace('?', "1");
                if o.is_empty() { "1".to_string() } else { o }
            })
            .collect();
        while octets.len() < 4 {
            octets.push("1".to_string());
        }
        let ip = octets.join(".");
        return ip
            .parse::<Ipv4Addr>()
            .ok()
            .map(|_| ip)
            .filter(|ip| glob_match(glob, ip));
    }
    let labels: Vec<&str> = glob.split('.').collect();
    let last = labels.len().saturating_sub(1);
    let mut out: Vec<String> = Vec::new();
    for (i, label) in labels.iter().enumerate() {
        let l = match *label {
            "*" if i == 0 => "www".to_string(),
            "*" if i == last => "com".to_string(),
            "*" => "x".to_string(),
            other => other.replace('*', "").replace('?', "a"),
        };
        if !l.is_empty() {
            out.push(l);
        }
    }
    let host = out.join(".");
    (!host.is_empty() && glob_match(glob, &host)).then_some(host)
}

/// A URL matching a URL glob such as `*://*.example.com/*` or `http://intranet/*`.
fn concrete_url(glob: &str) -> Option<String> {
    let (scheme, rest) = match glob.split_once("://") {
        Some((s, r)) if !s.is_empty() && s.chars().all(|c| c.is_ascii_alphabetic()) => {
            (s.to_string(), r)
        }
        Some((_, r)) => ("http".to_string(), r),
        None => ("http".to_string(), glob.trim_start_matches('*')),
    };
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    let (host_glob, port) = match authority.rsplit_once(':') {
        Some((h, p)) if p.chars().all(|c| c.is_ascii_digit()) && !p.is_empty() => (h, Some(p)),
        _ => (authority, None),
    };
    if host_glob.is_empty() || host_glob == "*" {
        return None;
    }
    let host = concrete_host(host_glob)?;
    let path: String = path.replace('*', "").replace('?', "a");
    let port = port.map(|p| format!(":{p}")).unwrap_or_default();
    let url = format!("{scheme}://{host}{port}/{path}");
    if glob_match(glob, &url) {
        return Some(url);
    }
    let plain = format!("{scheme}://{host}{port}/");
    glob_match(glob, &plain).then_some(plain)
}

/// Shell-expression match as `shExpMatch` does it: `*` any run, `?` one character, whole string.
pub(crate) fn glob_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some((pi, ti));
                pi += 1;
            }
            Some(c) if *c == '?' || Some(c) == t.get(ti) => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    pi = sp + 1;
                    ti = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    p.get(pi..)
        .is_some_and(|rest| rest.iter().all(|c| *c == '*'))
}

/// Network of `isInNet(x, "10.0.0.0", "255.0.0.0")` (a non-contiguous mask keeps its ones).
pub(crate) fn net_from_mask(ip: &str, mask: &str) -> Option<(IpAddr, u8)> {
    let ip: Ipv4Addr = ip.trim().parse().ok()?;
    let mask: Ipv4Addr = mask.trim().parse().ok()?;
    let bits = u32::from(mask);
    let prefix = u8::try_from(bits.leading_ones()).ok()?;
    Some((IpAddr::V4(Ipv4Addr::from(u32::from(ip) & bits)), prefix))
}

/// Network of `isInNetEx(x, "10.0.0.0/8")` or `"2001:db8::/32"`.
pub(crate) fn net_from_cidr(cidr: &str) -> Option<(IpAddr, u8)> {
    let (ip, len) = cidr.trim().split_once('/')?;
    let ip: IpAddr = ip.parse().ok()?;
    let len: u8 = len.parse().ok()?;
    let max = if ip.is_ipv4() { 32 } else { 128 };
    (len <= max).then_some((ip, len))
}

/// The first usable address of a network (the network address itself for /31 and longer).
fn first_host_in(net: IpAddr, prefix: u8) -> IpAddr {
    match net {
        IpAddr::V4(v4) => {
            let mask = u32::MAX
                .checked_shl(32 - u32::from(prefix.min(32)))
                .unwrap_or(0);
            let base = u32::from(v4) & mask;
            let addr = if prefix < 31 { base | 1 } else { base };
            IpAddr::V4(Ipv4Addr::from(addr))
        }
        IpAddr::V6(v6) => {
            let mask = u128::MAX
                .checked_shl(128 - u32::from(prefix.min(128)))
                .unwrap_or(0);
            let base = u128::from(v6) & mask;
            let addr = if prefix < 127 { base | 1 } else { base };
            IpAddr::V6(Ipv6Addr::from(addr))
        }
    }
}

fn in_net(ip: IpAddr, net: IpAddr, prefix: u8) -> bool {
    match (ip, net) {
        (IpAddr::V4(a), IpAddr::V4(n)) => {
            let mask = u32::MAX
                .checked_shl(32 - u32::from(prefix.min(32)))
                .unwrap_or(0);
            u32::from(a) & mask == u32::from(n) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(n)) => {
            let mask = u128::MAX
                .checked_shl(128 - u32::from(prefix.min(128)))
                .unwrap_or(0);
            u128::from(a) & mask == u128::from(n) & mask
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAC: &str = r#"function FindProxyForURL(url, host) {
        if (isPlainHostName(host) || dnsDomainIs(host, ".corp.example")) return "DIRECT";
        if (shExpMatch(host, "*.okta.com") || host == "login.microsoftonline.com") return "DIRECT";
        if (localHostOrDomainIs(host, "www.acme.example")) return "DIRECT";
        if (shExpMatch(url, "*://*.files.example/*")) return "DIRECT";
        if (isInNet(host, "192.168.0.0", "255.255.0.0")) return "DIRECT";
        if (isInNetEx(host, "2001:db8::/32")) return "DIRECT";
        if (url.substring(0, 4) == "ftp:") return "DIRECT";
        return "PROXY ${GATEWAY}:80; DIRECT";
    }"#;

    #[test]
    fn every_pattern_and_network_gets_a_url_in_source_order() {
        let urls = generate_urls(&[PAC]);
        assert_eq!(
            urls,
            vec![
                "https://www.corp.example/",
                "https://corp.example/",
                "https://www.okta.com/",
                "https://login.microsoftonline.com/",
                "https://www.acme.example/",
                "http://www/",
                "http://www.files.example/",
                "http://192.168.0.1/",
                "http://[2001:db8::1]/",
                "https://outside.netdiag.example/",
                "http://outside.netdiag.example/",
                "http://203.0.113.77/",
                "http://intranet/",
                "ftp://outside.netdiag.example/",
            ]
        );
    }

    #[test]
    fn deterministic_and_deduplicated_across_versions() {
        let a = generate_urls(&[PAC, PAC]);
        assert_eq!(a, generate_urls(&[PAC]));
        let mut sorted = a.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), a.len());
    }

    #[test]
    fn outside_urls_avoid_every_pattern() {
        let pac = r#"function FindProxyForURL(url, host) {
            if (dnsDomainIs(host, ".example") || isInNet(host, "203.0.113.0", "255.255.255.0")) return "DIRECT";
            return "PROXY p.test:8080"; }"#;
        let urls = generate_urls(&[pac]);
        assert!(
            urls.contains(&"https://www.netdiag-outside.test/".to_string()),
            "{urls:?}"
        );
        assert!(
            urls.contains(&"http://198.51.100.77/".to_string()),
            "{urls:?}"
        );
    }

    #[test]
    fn count_is_bounded() {
        let mut src = String::from("function FindProxyForURL(url, host) {\n");
        for i in 0..500 {
            src.push_str(&format!(
                "if (dnsDomainIs(host, \".d{i}.example\")) return \"DIRECT\";\n"
            ));
        }
        src.push_str("return \"PROXY p.test:8080\"; }");
        let urls = generate_urls(&[&src]);
        assert!(urls.len() <= MAX_URLS);
        assert!(urls.iter().any(|u| u.contains("outside")));
    }

    #[test]
    fn unparsable_sources_contribute_nothing() {
        let urls = generate_urls(&["function (", PAC]);
        assert_eq!(urls, generate_urls(&[PAC]));
    }

    #[test]
    fn globs_concretize_and_match() {
        assert_eq!(
            concrete_host("*.example.com").as_deref(),
            Some("www.example.com")
        );
        assert_eq!(
            concrete_host("*example.com").as_deref(),
            Some("example.com")
        );
        assert_eq!(concrete_host("10.*").as_deref(), Some("10.1.1.1"));
        assert_eq!(concrete_host("172.16.*").as_deref(), Some("172.16.1.1"));
        assert_eq!(
            concrete_url("http://intranet/*").as_deref(),
            Some("http://intranet/")
        );
        assert!(glob_match("*.example.com", "a.b.example.com"));
        assert!(!glob_match("*.example.com", "example.com"));
        assert!(glob_match("a?c", "abc"));
        assert_eq!(
            host_of("http://[2001:db8::1]:8080/x").as_deref(),
            Some("2001:db8::1")
        );
        assert_eq!(
            host_of("https://u@Host.Example:443/").as_deref(),
            Some("host.example")
        );
    }

    #[test]
    fn networks_give_an_address_inside() {
        let (n, p) = net_from_mask("10.1.2.3", "255.255.255.0").unwrap();
        assert_eq!(first_host_in(n, p).to_string(), "10.1.2.1");
        let (n, p) = net_from_mask("192.0.2.7", "255.255.255.255").unwrap();
        assert_eq!(first_host_in(n, p).to_string(), "192.0.2.7");
        assert!(in_net("10.1.2.200".parse().unwrap(), n, 0));
    }
}
