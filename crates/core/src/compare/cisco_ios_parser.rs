//! The Cisco IOS configuration reader: statements of each section → the objects of
//! [`cisco_ios`](super::cisco_ios).

use super::cisco_ios::*;
use crate::parsers::Line;
use crate::span::LineSpan;

fn words(s: &str) -> Vec<&str> {
    s.split_whitespace().collect()
}

fn num<T: std::str::FromStr>(s: Option<&&str>) -> Option<T> {
    s.and_then(|v| v.parse().ok())
}

/// Reads every section of a Cisco configuration.
pub fn parse_cisco(lines: &[Line<'_>]) -> CiscoConfig {
    let mut cfg = CiscoConfig::default();
    for sec in sections(lines) {
        let w = words(sec.head.text);
        let at = LineSpan::line(sec.head.no);
        match w.as_slice() {
            ["crypto", "isakmp", "policy", prio, ..] => {
                cfg.isakmp_policies.push(isakmp_policy(&sec, prio))
            }
            ["crypto", "isakmp", "key", rest @ ..] => {
                if let Some(peer) = key_peer(rest) {
                    cfg.psk_lines.insert(peer, at);
                }
            }
            ["crypto", "isakmp", "identity", kind, ..] => {
                cfg.isakmp_identity = Some(((*kind).to_string(), at))
            }
            ["crypto", "isakmp", "keepalive", rest @ ..] => {
                cfg.isakmp_keepalive = num::<u32>(rest.first()).map(|i| (i, num(rest.get(1)), at));
            }
            ["crypto", "isakmp", "nat", "keepalive", ..] => cfg.nat_t = Some((true, at)),
            ["no", "crypto", "ipsec", "nat-transparency", ..] => cfg.nat_t = Some((false, at)),
            ["crypto", "isakmp", "aggressive-mode", "disable"] => cfg.aggressive_disabled = true,
            ["crypto", "keyring", ..] => {
                for l in &sec.body {
                    let b = words(l.text);
                    if let ["pre-shared-key", "address", addr, ..] = b.as_slice() {
                        cfg.psk_lines
                            .insert((*addr).to_string(), LineSpan::line(l.no));
                    }
                }
            }
            ["crypto", "isakmp", "profile", name, ..]
            | ["crypto", "ikev2", "profile", name, ..] => {
                cfg.profiles.push(ike_profile(&sec, name));
            }
            ["crypto", "ikev2", "proposal", name, ..] => {
                cfg.ikev2_proposals.push(ikev2_proposal(&sec, name))
            }
            ["crypto", "ikev2", "policy", name, ..] => {
                let props = sec
                    .body
                    .iter()
                    .filter_map(|l| l.text.strip_prefix("proposal "))
                    .map(|p| p.trim().to_string())
                    .collect();
                cfg.ikev2_policies
                    .push(((*name).to_string(), props, sec.span()));
            }
            ["crypto", "ikev2", "keyring", ..] => {
                let mut addr: Option<String> = None;
                for l in &sec.body {
                    let b = words(l.text);
                    match b.as_slice() {
                        ["peer", ..] => addr = None,
                        ["address", a, ..] => addr = Some((*a).to_string()),
                        ["pre-shared-key", ..] => {
                            if let Some(a) = &addr {
                                cfg.psk_lines.insert(a.clone(), LineSpan::line(l.no));
                            }
                        }
                        _ => {}
                    }
                }
            }
            ["crypto", "ikev2", "dpd", rest @ ..] => {
                cfg.ikev2_dpd = num::<u32>(rest.first()).map(|i| (i, num(rest.get(1)), at));
            }
            ["crypto", "ipsec", "transform-set", name, rest @ ..] => {
                cfg.transform_sets.push(TransformSet {
                    name: (*name).to_string(),
                    transforms: rest.iter().map(|s| (*s).to_string()).collect(),
                    span: sec.span(),
                })
            }
            ["crypto", "ipsec", "profile", name, ..] => {
                cfg.ipsec_profiles
                    .push(ipsec_policy(&sec, name, None, &mut cfg.unknown))
            }
            ["crypto", "map", name, seq, kind, ..] if kind.starts_with("ipsec-") => {
                let p = ipsec_policy(&sec, name, seq.parse().ok(), &mut cfg.unknown);
                cfg.crypto_maps.push(p);
            }
            ["ip", "access-list", "extended", name] => {
                let entries: Vec<_> = sec
                    .body
                    .iter()
                    .filter_map(|l| {
                        acl_entry(&words(l.text)).map(|(s, d)| (s, d, LineSpan::line(l.no)))
                    })
                    .collect();
                cfg.acls
                    .entry((*name).to_string())
                    .or_default()
                    .extend(entries);
            }
            ["access-list", name, rest @ ..] => {
                if let Some((s, d)) = acl_entry(rest) {
                    cfg.acls
                        .entry((*name).to_string())
                        .or_default()
                        .push((s, d, at));
                }
            }
            ["interface", name, ..] => cfg.interfaces.push(interface(&sec, name)),
            ["ip", "sla", id] if id.chars().all(|c| c.is_ascii_digit()) => {
                if let Some(s) = sla(&sec, id) {
                    cfg.slas.push(s);
                }
            }
            _ => {}
        }
    }
    cfg
}

fn key_peer(rest: &[&str]) -> Option<String> {
    let pos = rest
        .iter()
        .position(|w| *w == "address" || *w == "hostname")?;
    rest.get(pos + 1).map(|s| (*s).to_string())
}

fn isakmp_policy(sec: &Section<'_>, prio: &str) -> IsakmpPolicy {
    let mut p = IsakmpPolicy {
        priority: prio.parse().unwrap_or(0),
        span: sec.span(),
        ..Default::default()
    };
    for l in &sec.body {
        let b = words(l.text);
        match b.as_slice() {
            ["encr" | "encryption", alg, size, ..] => {
                p.encryption = Some(((*alg).to_string(), Some((*size).to_string())))
            }
            ["encr" | "encryption", alg] => p.encryption = Some(((*alg).to_string(), None)),
            ["hash", h, ..] => p.hash = Some((*h).to_string()),
            ["authentication", a, ..] => p.auth = Some((*a).to_string()),
            ["group", g, ..] => p.group = g.parse().ok(),
            ["lifetime", s, ..] => p.lifetime = s.parse().ok(),
            _ => {}
        }
    }
    p
}

fn ikev2_proposal(sec: &Section<'_>, name: &str) -> Ikev2Proposal {
    let mut p = Ikev2Proposal {
        name: name.to_string(),
        span: sec.span(),
        ..Default::default()
    };
    for l in &sec.body {
        let b = words(l.text);
        let (Some(key), rest) = (b.first(), b.get(1..).unwrap_or_default()) else {
            continue;
        };
        let vals = rest.iter().map(|s| (*s).to_string());
        match *key {
            "encryption" => p.encryption.extend(vals),
            "integrity" => p.integrity.extend(vals),
            "prf" => p.prf.extend(vals),
            "group" => p
                .groups
                .extend(rest.iter().filter_map(|g| g.parse::<u32>().ok())),
            _ => {}
        }
    }
    p
}

fn ike_profile(sec: &Section<'_>, name: &str) -> IkeProfile {
    let mut p = IkeProfile {
        name: name.to_string(),
        span: sec.span(),
        ..Default::default()
    };
    for l in &sec.body {
        let b = words(l.text);
        match b.as_slice() {
            ["match", "identity", "remote", kind, rest @ ..]
            | ["match", "identity", kind, rest @ ..] => {
                // `match identity remote fqdn domain example.com`: the name is the last word;
                // `match identity address 203.0.113.2 255.255.255.255`: the address is the first.
                let v = if *kind == "address" {
                    rest.first()
                } else {
                    rest.last()
                };
                if let Some(v) = v {
                    p.match_remote.push(((*kind).to_string(), (*v).to_string()));
                }
            }
            ["identity", "local", kind, v, ..] | ["self-identity", kind, v, ..] => {
                p.local_identity = Some(((*kind).to_string(), (*v).to_string()));
            }
            ["identity", "local", kind] | ["self-identity", kind] => {
                p.local_identity = Some(((*kind).to_string(), String::new()))
            }
            ["authentication", "local", a, ..] => p.auth_local = Some((*a).to_string()),
            ["authentication", "remote", a, ..] => p.auth_remote = Some((*a).to_string()),
            ["keyring", "local", k, ..] | ["keyring", k, ..] => p.keyring = Some((*k).to_string()),
            ["lifetime", s, ..] => p.lifetime = s.parse().ok(),
            ["dpd", i, r, ..] => p.dpd = i.parse().ok().map(|i| (i, r.parse().ok())),
            ["keepalive", i, "retry", r, ..] => p.dpd = i.parse().ok().map(|i| (i, r.parse().ok())),
            ["initiate", "mode", "aggressive", ..] => p.aggressive = true,
            ["nat", "keepalive", ..] => p.nat_keepalive = true,
            _ => {}
        }
    }
    p
}

fn ipsec_policy(
    sec: &Section<'_>,
    name: &str,
    seq: Option<u32>,
    unknown: &mut Vec<LineSpan>,
) -> IpsecPolicy {
    let mut p = IpsecPolicy {
        name: name.to_string(),
        seq,
        span: sec.span(),
        ..Default::default()
    };
    for l in &sec.body {
        let at = LineSpan::line(l.no);
        let b = words(l.text);
        match b.as_slice() {
            ["set", "peer", addr, ..] => {
                p.peers.push((*addr).to_string());
                p.spans.insert("peer", at);
            }
            ["set", "transform-set", sets @ ..] => {
                p.transform_sets
                    .extend(sets.iter().map(|s| (*s).to_string()));
                p.spans.insert("transform_set", at);
            }
            ["set", "pfs", g, ..] => {
                p.pfs = crate::compare::algorithms::dh_group(g);
                p.spans.insert("pfs", at);
            }
            ["set", "pfs"] => {
                // `set pfs` alone means group 1 on IOS.
                p.pfs = Some(1);
                p.spans.insert("pfs", at);
            }
            ["set", "security-association", "lifetime", "seconds", s, ..] => {
                p.lifetime_s = s.parse().ok();
                p.spans.insert("lifetime", at);
            }
            [
                "set",
                "security-association",
                "lifetime",
                "kilobytes",
                k,
                ..,
            ] => {
                p.lifetime_kb = k.parse().ok();
                p.spans.insert("lifetime_kb", at);
            }
            ["match", "address", acl, ..] => {
                p.acl = Some((*acl).to_string());
                p.spans.insert("acl", at);
            }
            ["set", "ikev2-profile", prof, ..] => {
                p.ikev2_profile = Some((*prof).to_string());
                p.spans.insert("profile", at);
            }
            ["set", "isakmp-profile", prof, ..] => {
                p.isakmp_profile = Some((*prof).to_string());
                p.spans.insert("profile", at);
            }
            ["description", ..] | ["reverse-route", ..] | ["set", ..] | ["qos", ..] => {}
            _ => unknown.push(at),
        }
    }
    p
}

/// `[seq] permit ip SRC DST` → (src CIDR, dst CIDR); `None` for deny / non-IP lines.
fn acl_entry(w: &[&str]) -> Option<(String, String)> {
    let start = w.iter().position(|t| *t == "permit")?;
    let rest = w.get(start + 1..)?;
    let (_proto, rest) = rest.split_first()?;
    let (src, rest) = acl_addr(rest)?;
    let (dst, _) = acl_addr(rest)?;
    Some((src, dst))
}

fn acl_addr<'a, 'b>(w: &'b [&'a str]) -> Option<(String, &'b [&'a str])> {
    match w {
        ["any", rest @ ..] => Some(("0.0.0.0/0".into(), rest)),
        ["host", a, rest @ ..] => Some((format!("{a}/32"), rest)),
        [a, m, rest @ ..] if m.contains('.') => {
            let addr: std::net::Ipv4Addr = a.parse().ok()?;
            let wild: std::net::Ipv4Addr = m.parse().ok()?;
            let mask = std::net::Ipv4Addr::from(!u32::from(wild));
            let prefix = crate::facts::net::mask_to_prefix(mask)?;
            Some((format!("{addr}/{prefix}"), rest))
        }
        [a, rest @ ..] if a.contains('/') => Some(((*a).to_string(), rest)),
        _ => None,
    }
}

fn interface(sec: &Section<'_>, name: &str) -> InterfaceCfg {
    let mut i = InterfaceCfg {
        name: name.to_string(),
        span: sec.span(),
        ..Default::default()
    };
    for l in &sec.body {
        let at = LineSpan::line(l.no);
        let b = words(l.text);
        match b.as_slice() {
            ["description", ..] => {
                i.description = l
                    .text
                    .strip_prefix("description")
                    .map(|d| d.trim().trim_matches('"').to_string());
            }
            ["ip", "address", a, m, ..] => {
                if let (Ok(a), Ok(m)) = (a.parse(), m.parse()) {
                    i.address = crate::facts::net::mask_to_prefix(m).map(|p| (a, p));
                    i.spans.insert("address", at);
                }
            }
            ["ip", "mtu", n] => i.ip_mtu = n.parse().ok(),
            ["mtu", n] => i.mtu = n.parse().ok(),
            ["ip", "tcp", "adjust-mss", n] => {
                i.mss = n.parse().ok();
                i.spans.insert("mss", at);
            }
            ["tunnel", "source", s] => i.tunnel_source = Some((*s).to_string()),
            ["tunnel", "destination", d] => i.tunnel_destination = Some((*d).to_string()),
            ["tunnel", "mode", rest @ ..] => i.tunnel_mode = Some(rest.join(" ")),
            ["tunnel", "protection", "ipsec", "profile", p, ..] => {
                i.protection = Some((*p).to_string());
                i.spans.insert("protection", at);
            }
            ["keepalive", p, r, ..] => {
                i.keepalive = p.parse().ok().zip(r.parse().ok());
                i.spans.insert("keepalive", at);
            }
            ["keepalive", p] => {
                i.keepalive = p.parse().ok().map(|p| (p, 3));
                i.spans.insert("keepalive", at);
            }
            ["keepalive"] => {
                // IOS default: 10 s, 3 retries.
                i.keepalive = Some((10, 3));
                i.spans.insert("keepalive", at);
            }
            ["shutdown"] => i.shutdown = true,
            ["crypto", "map", m, ..] => i.crypto_map = Some((*m).to_string()),
            _ => {}
        }
    }
    i
}

fn sla(sec: &Section<'_>, id: &str) -> Option<SlaCfg> {
    let first = sec.body.first()?;
    let b = words(first.text);
    let (kind, target) = match b.as_slice() {
        ["http", "get" | "raw", url, ..] => ("http", *url),
        [kind, target, ..] => (*kind, *target),
        _ => return None,
    };
    Some(SlaCfg {
        id: id.to_string(),
        kind: kind.to_string(),
        target: target.to_string(),
        span: sec.span(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn numbered(text: &str) -> Vec<Line<'_>> {
        text.lines()
            .enumerate()
            .map(|(i, t)| Line {
                no: i as u32 + 1,
                text: t,
            })
            .collect()
    }

    #[test]
    fn reads_objects() {
        let text = "crypto isakmp policy 10\n encr aes 256\n authentication pre-share\n group 14\n!\n\
crypto isakmp key 0 s3cret address 203.0.113.2\n\
crypto ipsec transform-set TS esp-aes 256 esp-sha-hmac\n mode tunnel\n\
crypto map VPN 10 ipsec-isakmp\n set peer 203.0.113.2\n set transform-set TS\n match address VPN-ACL\n\
ip access-list extended VPN-ACL\n permit ip 10.1.0.0 0.0.255.255 10.2.0.0 0.0.255.255\n\
interface Tunnel1\n ip address 172.21.37.161 255.255.255.252\n ip tcp adjust-mss 1460\n keepalive 10 3\n tunnel source 192.168.1.10\n tunnel destination 198.51.100.45\n\
ip sla 1\n http get http://gateway.example.net/vpntest\n";
        let lines = numbered(text);
        let c = parse_cisco(&lines);
        assert_eq!(c.isakmp_policies.len(), 1);
        assert_eq!(c.isakmp_policies[0].group, Some(14));
        assert!(c.psk_lines.contains_key("203.0.113.2"));
        assert_eq!(
            c.transform_sets[0].transforms,
            vec!["esp-aes", "256", "esp-sha-hmac"]
        );
        assert_eq!(c.crypto_maps[0].acl.as_deref(), Some("VPN-ACL"));
        assert_eq!(c.acls["VPN-ACL"][0].0, "10.1.0.0/16");
        let t = &c.interfaces[0];
        assert_eq!(t.mss, Some(1460));
        assert_eq!(t.keepalive, Some((10, 3)));
        assert_eq!(t.address.map(|a| a.1), Some(30));
        assert_eq!(c.slas[0].target, "http://gateway.example.net/vpntest");
        assert!(!c.is_empty());
    }

    #[test]
    fn non_config_text_is_empty() {
        let lines = numbered("Router#show clock\n*10:00:00.000 UTC Mon Jan 6 2025\n");
        assert!(parse_cisco(&lines).is_empty());
    }
}
