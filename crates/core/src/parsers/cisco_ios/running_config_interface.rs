//! `show running-config interface X` / `show running-config | section interface` — Cisco IOS
//! / IOS-XE interface configuration, with the tunnel settings the rules check.
//!
//! Seen on IOS 15.x and IOS-XE 16/17. Every `interface` stanza becomes one record; commands
//! the rules do not use are kept verbatim in `other`. Top-level lines that are not part of an
//! interface stanza (`Building configuration...`, `!`, `end`) are accepted; other top-level
//! sections are reported as skipped.
//!
//! ```text
//! interface Tunnel0
//!  ip address 10.255.0.1 255.255.255.252
//!  ip mtu 1400
//!  ip tcp adjust-mss 1360
//!  tunnel source GigabitEthernet1
//! ```

use serde::{Deserialize, Serialize};

use crate::LineSpan;
use crate::parsers::common;
use crate::parsers::{Confidence, Line, ParseError, ParseResult, Parsed};

/// One `interface` stanza.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct InterfaceConfig {
    /// Interface name.
    pub name: String,
    /// `description`.
    pub description: Option<String>,
    /// `shutdown` present.
    pub shutdown: bool,
    /// Primary IPv4 address.
    pub ip_address: Option<String>,
    /// Its mask.
    pub ip_mask: Option<String>,
    /// Its prefix length (from the mask).
    pub prefix_length: Option<u8>,
    /// `ip address negotiated` / `ip address dhcp`.
    pub ip_dynamic: Option<String>,
    /// `ip unnumbered X`.
    pub ip_unnumbered: Option<String>,
    /// Secondary addresses (`addr mask`).
    pub secondary: Vec<String>,
    /// IPv6 addresses.
    pub ipv6_addresses: Vec<String>,
    /// `vrf forwarding` / `ip vrf forwarding`.
    pub vrf: Option<String>,
    /// Interface `mtu`.
    pub mtu: Option<u32>,
    /// `ip mtu`.
    pub ip_mtu: Option<u32>,
    /// `ipv6 mtu`.
    pub ipv6_mtu: Option<u32>,
    /// `ip tcp adjust-mss`.
    pub ip_tcp_adjust_mss: Option<u32>,
    /// `ipv6 tcp adjust-mss`.
    pub ipv6_tcp_adjust_mss: Option<u32>,
    /// `keepalive` period, seconds (`None` when not configured).
    pub keepalive_period: Option<u32>,
    /// `keepalive` retries.
    pub keepalive_retries: Option<u32>,
    /// `no keepalive` present.
    pub no_keepalive: bool,
    /// `crypto map` applied to the interface.
    pub crypto_map: Option<String>,
    /// Tunnel settings (`tunnel ...` commands), when any.
    pub tunnel: Option<TunnelConfig>,
    /// Other commands, verbatim.
    pub other: Vec<String>,
    /// Source lines.
    pub lines: LineSpan,
}

/// The `tunnel ...` commands of an interface.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TunnelConfig {
    /// `tunnel source` (address or interface).
    pub source: Option<String>,
    /// `tunnel destination`.
    pub destination: Option<String>,
    /// `tunnel mode` (`ipsec ipv4`, `gre ip`...); `None` means the GRE default.
    pub mode: Option<String>,
    /// `tunnel protection ipsec profile X`.
    pub protection_profile: Option<String>,
    /// `shared` on the protection line.
    pub protection_shared: bool,
    /// `tunnel vrf`.
    pub vrf: Option<String>,
    /// `tunnel key`.
    pub key: Option<String>,
    /// `tunnel path-mtu-discovery` present.
    pub path_mtu_discovery: bool,
}

/// Cheap check.
pub fn detect(lines: &[Line<'_>]) -> Option<Confidence> {
    let mut saw_interface = false;
    let mut best: Option<Confidence> = None;
    for l in lines {
        let t = l.text;
        let c = if t.starts_with("interface ") {
            saw_interface = true;
            Some(0.5)
        } else if saw_interface && t.starts_with(' ') {
            let c = t.trim_start();
            if c.starts_with("tunnel source ")
                || c.starts_with("tunnel destination ")
                || c.starts_with("tunnel mode ")
                || c.starts_with("tunnel protection ipsec")
            {
                Some(0.9)
            } else if c.starts_with("ip address ")
                || c.starts_with("ip tcp adjust-mss")
                || c.starts_with("ip mtu ")
                || c.starts_with("no ip address")
                || c.starts_with("description ")
            {
                Some(0.75)
            } else {
                None
            }
        } else if t.starts_with("Building configuration")
            || t.starts_with("Current configuration :")
        {
            Some(0.55)
        } else {
            None
        };
        if let Some(c) = c {
            best = Some(best.map_or(c, |b: Confidence| b.max(c)));
        }
    }
    best
}

/// Parses the output.
pub fn parse(lines: &[Line<'_>]) -> ParseResult<Vec<InterfaceConfig>> {
    if lines.iter().all(common::is_blank) {
        return Err(ParseError::Empty);
    }
    let mut out: Vec<InterfaceConfig> = Vec::new();
    let mut open = false;
    // `show running-config` starts with `Building configuration...` and ends with `end`;
    // a paste with the first and not the second was cut off.
    let (mut building, mut end) = (false, false);
    let mut skipped = Vec::new();
    for line in lines {
        let raw = line.text;
        let t = raw.trim();
        if t.is_empty() {
            continue;
        }
        if let Some(name) = raw.strip_prefix("interface ") {
            out.push(InterfaceConfig {
                name: name.trim().to_owned(),
                lines: LineSpan::line(line.no),
                ..InterfaceConfig::default()
            });
            open = true;
            continue;
        }
        let indented = raw.starts_with(' ') || raw.starts_with('\t');
        if indented
            && open
            && let Some(ifc) = out.last_mut()
        {
            if t != "!" {
                command(ifc, t);
            }
            ifc.lines = ifc.lines.join(LineSpan::line(line.no));
            continue;
        }
        building |= t.starts_with("Building configuration");
        end |= t == "end";
        if t == "!"
            || t == "end"
            || t.starts_with("Building configuration")
            || t.starts_with("Current configuration")
        {
            open = false;
            continue;
        }
        open = false;
        skipped.push(line.no);
    }
    if out.is_empty() {
        return Err(ParseError::Syntax {
            line: skipped.first().copied().unwrap_or(0),
            message: "no `interface` stanza".to_owned(),
        });
    }
    let mut p = Parsed::new(out);
    p.truncated = building && !end;
    p.skipped = common::spans(skipped);
    Ok(p)
}

fn command(ifc: &mut InterfaceConfig, t: &str) {
    let words: Vec<&str> = t.split_whitespace().collect();
    let num = |i: usize| words.get(i).and_then(|w| common::parse_num::<u32>(w));
    match words.as_slice() {
        ["description", ..] => {
            ifc.description = t.strip_prefix("description").map(|d| d.trim().to_owned())
        }
        ["shutdown"] => ifc.shutdown = true,
        ["ip", "address", a, m, "secondary"] => ifc.secondary.push(format!("{a} {m}")),
        ["ip", "address", a, m, ..] if common::is_addr(a) => {
            ifc.ip_address = Some((*a).to_owned());
            ifc.ip_mask = Some((*m).to_owned());
            ifc.prefix_length = mask_len(m);
        }
        ["ip", "address", kind, ..] => ifc.ip_dynamic = Some((*kind).to_owned()),
        ["ip", "unnumbered", x] => ifc.ip_unnumbered = Some((*x).to_owned()),
        ["ipv6", "address", a, ..] => ifc.ipv6_addresses.push((*a).to_owned()),
        ["vrf", "forwarding", v] | ["ip", "vrf", "forwarding", v] => {
            ifc.vrf = Some((*v).to_owned())
        }
        ["mtu", _] => ifc.mtu = num(1),
        ["ip", "mtu", _] => ifc.ip_mtu = num(2),
        ["ipv6", "mtu", _] => ifc.ipv6_mtu = num(2),
        ["ip", "tcp", "adjust-mss", _] => ifc.ip_tcp_adjust_mss = num(3),
        ["ipv6", "tcp", "adjust-mss", _] => ifc.ipv6_tcp_adjust_mss = num(3),
        ["keepalive", ..] => {
            // `keepalive` alone enables the default 10 s / 3 retries.
            ifc.keepalive_period = num(1).or(Some(10));
            ifc.keepalive_retries = num(2).or(Some(3));
        }
        ["no", "keepalive"] => ifc.no_keepalive = true,
        ["crypto", "map", m, ..] => ifc.crypto_map = Some((*m).to_owned()),
        ["tunnel", rest @ ..] => {
            if !tunnel(ifc.tunnel.get_or_insert_with(TunnelConfig::default), rest) {
                ifc.other.push(t.to_owned());
            }
        }
        _ => ifc.other.push(t.to_owned()),
    }
}

/// Files one `tunnel ...` command; false for a command not modelled here.
fn tunnel(tun: &mut TunnelConfig, rest: &[&str]) -> bool {
    let tail = |n: usize| rest.get(n..).map(|r| r.join(" ")).filter(|s| !s.is_empty());
    match rest {
        ["source", x] => tun.source = Some((*x).to_owned()),
        ["destination", x] => tun.destination = Some((*x).to_owned()),
        ["mode", ..] => tun.mode = tail(1),
        ["protection", "ipsec", "profile", p, more @ ..] => {
            tun.protection_profile = Some((*p).to_owned());
            tun.protection_shared = more.contains(&"shared");
        }
        ["vrf", v] => tun.vrf = Some((*v).to_owned()),
        ["key", k] => tun.key = Some((*k).to_owned()),
        ["path-mtu-discovery", ..] => tun.path_mtu_discovery = true,
        _ => return false,
    }
    true
}

/// `255.255.255.252` → 30; `None` for a non-contiguous mask.
fn mask_len(mask: &str) -> Option<u8> {
    let m: std::net::Ipv4Addr = mask.parse().ok()?;
    let bits = u32::from(m);
    let len = bits.leading_ones();
    (bits.checked_shl(len).unwrap_or(0) == 0).then_some(u8::try_from(len).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<Line<'_>> {
        text.lines()
            .zip(1u32..)
            .map(|(text, no)| Line { no, text })
            .collect()
    }

    #[test]
    fn tunnel_stanza() {
        let t = "Building configuration...\n\ninterface Tunnel0\n ip address 10.255.0.1 255.255.255.252\n ip mtu 1400\n ip tcp adjust-mss 1360\n keepalive 5 4\n tunnel source GigabitEthernet1\n tunnel mode ipsec ipv4\n tunnel destination 198.51.100.7\n tunnel protection ipsec profile VTI shared\nend\nrouter bgp 65000\n";
        let p = parse(&lines(t)).unwrap();
        let i = p.records.first().unwrap();
        assert_eq!(i.prefix_length, Some(30));
        assert_eq!(i.ip_mtu, Some(1400));
        assert_eq!(i.ip_tcp_adjust_mss, Some(1360));
        assert_eq!(i.keepalive_period, Some(5));
        assert_eq!(i.keepalive_retries, Some(4));
        let tun = i.tunnel.as_ref().unwrap();
        assert_eq!(tun.mode.as_deref(), Some("ipsec ipv4"));
        assert_eq!(tun.protection_profile.as_deref(), Some("VTI"));
        assert!(tun.protection_shared);
        assert_eq!(p.skipped, vec![LineSpan::line(13)]);
        assert_eq!(mask_len("255.255.255.0"), Some(24));
        assert_eq!(mask_len("255.0.255.0"), None);
    }
}
