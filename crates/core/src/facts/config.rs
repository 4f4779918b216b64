//! Pasted configuration → facts: IPsec peer configurations (via the `compare` readers) and,
//! for Cisco IOS, tunnel interfaces, physical interface MTUs and IP SLA probe targets. Facts
//! from `show` output of the same objects are enriched rather than duplicated.

use std::collections::BTreeMap;

use super::build::Quoter;
use super::*;
use crate::compare::cisco_ios::{InterfaceCfg, parse_cisco};
use crate::compare::{ConfigFormat, detect_format, read_config};
use crate::parsers::Line;
use crate::span::LineSpan;

/// Reads configuration in `lines` (numbered as in the paste).
pub(crate) fn add(f: &mut Facts, q: &Quoter<'_>, lines: &[Line<'_>]) {
    let Some(format) = detect_format(lines) else {
        // Interface / SLA configuration without crypto statements is still worth reading.
        cisco_objects(f, q, lines);
        return;
    };
    if format == ConfigFormat::CiscoIos {
        cisco_objects(f, q, lines);
    }
    let set = read_config(lines, format);
    for peer in set.peers {
        let first = peer.spans.values().map(|s| s.start).min();
        let Some(first) = first else { continue };
        let settings: BTreeMap<String, Evidence> = peer
            .spans
            .iter()
            .map(|(k, s)| (k.clone(), q.ev(*s)))
            .collect();
        f.configs.push(ConfigFact {
            at: q.ev(LineSpan::line(first)),
            settings,
            config: peer,
        });
    }
}

fn cisco_objects(f: &mut Facts, q: &Quoter<'_>, lines: &[Line<'_>]) {
    let cfg = parse_cisco(lines);
    for i in &cfg.interfaces {
        let tunnel = i.name.to_ascii_lowercase().starts_with("tunnel")
            || i.tunnel_destination.is_some()
            || i.protection.is_some();
        if tunnel {
            merge_tunnel(f, q, i);
        } else {
            match f
                .interfaces
                .iter_mut()
                .find(|x| x.name.eq_ignore_ascii_case(&i.name))
            {
                Some(x) => {
                    x.mtu = x.mtu.or(i.mtu);
                    x.address = x.address.or(i.address.map(|(a, _)| a));
                }
                None => f.interfaces.push(Interface {
                    name: i.name.clone(),
                    address: i.address.map(|(a, _)| a),
                    mtu: i.mtu,
                    at: q.ev(LineSpan::line(i.span.start)),
                }),
            }
        }
    }
    for s in &cfg.slas {
        let is_url = s.target.contains("://");
        let at = q.ev(s.span);
        match f.sla_probes.iter_mut().find(|p| p.id == s.id) {
            Some(p) => {
                if is_url {
                    p.url = Some(s.target.clone());
                }
                p.kind = p.kind.clone().or_else(|| Some(s.kind.clone()));
            }
            None => f.sla_probes.push(SlaProbe {
                id: s.id.clone(),
                kind: Some(s.kind.clone()),
                destination: (!is_url).then(|| s.target.clone()),
                url: is_url.then(|| s.target.clone()),
                return_code: None,
                rtt_ms: None,
                successes: None,
                failures: None,
                at,
            }),
        }
    }
}

fn mode_of(i: &InterfaceCfg) -> TunnelMode {
    let protected = i.protection.is_some();
    match i.tunnel_mode.as_deref() {
        None => {
            if protected {
                TunnelMode::GreIpsec
            } else {
                TunnelMode::Gre
            }
        }
        Some(m) if m.starts_with("gre") => {
            if protected {
                TunnelMode::GreIpsec
            } else {
                TunnelMode::Gre
            }
        }
        Some(m) if m.starts_with("ipsec") => TunnelMode::Ipsec,
        Some(m) => TunnelMode::Other(m.to_string()),
    }
}

fn merge_tunnel(f: &mut Facts, q: &Quoter<'_>, i: &InterfaceCfg) {
    let span_ev = |k: &str| i.spans.get(k).map(|s| q.ev(*s));
    let keepalive = i
        .keepalive
        .map(|(period, retries)| Keepalive { period, retries });
    match f
        .tunnels
        .iter_mut()
        .find(|t| t.name.eq_ignore_ascii_case(&i.name))
    {
        Some(t) => {
            t.ip_mtu = t.ip_mtu.or(i.ip_mtu);
            t.tcp_mss = t.tcp_mss.or(i.mss);
            t.from_config = true;
            t.keepalive = keepalive.or(t.keepalive);
            t.keepalive_at = span_ev("keepalive").or(t.keepalive_at.take());
            t.mss_at = span_ev("mss").or(t.mss_at.take());
            t.description = t.description.take().or_else(|| i.description.clone());
            t.address = t.address.or(i.address);
            t.address_at = t.address_at.take().or_else(|| span_ev("address"));
            t.source = t.source.take().or_else(|| i.tunnel_source.clone());
            t.destination = t
                .destination
                .take()
                .or_else(|| i.tunnel_destination.clone());
            if t.mode == TunnelMode::Unknown {
                t.mode = mode_of(i);
            }
        }
        None => f.tunnels.push(TunnelIf {
            name: i.name.clone(),
            admin_up: Some(!i.shutdown),
            line_up: None,
            description: i.description.clone(),
            address: i.address,
            mtu: i.mtu,
            ip_mtu: i.ip_mtu,
            tcp_mss: i.mss,
            from_config: true,
            source: i.tunnel_source.clone(),
            destination: i.tunnel_destination.clone(),
            mode: mode_of(i),
            keepalive,
            at: q.ev(LineSpan::line(i.span.start)),
            mss_at: span_ev("mss"),
            keepalive_at: span_ev("keepalive"),
            address_at: span_ev("address"),
        }),
    }
}
