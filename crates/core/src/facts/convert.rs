//! Conversions shared by the record arms: Cisco IPsec SAs and interfaces, MTR / traceroute /
//! ping runs, selector spelling, and orienting table-layout ISAKMP SAs.

use super::build::Quoter;
use super::net::{ipv4, parse_cidr};
use super::*;
use crate::parsers::cisco_ios::show_crypto_ipsec_sa::{Ident, IpsecSa as IosIpsecSa};
use crate::parsers::probe_records::{MtrReport, PingRun as ProbePing, ReplyOutcome, TraceRun};

/// `10.1.0.0/255.255.0.0/0/0` or `10.1.0.0/255.255.0.0` → `10.1.0.0/16`; other forms kept.
pub(crate) fn normalise_selector(s: &str) -> String {
    let mut parts = s.split('/');
    let (Some(a), Some(m)) = (parts.next(), parts.next()) else {
        return s.to_string();
    };
    match parse_cidr(&format!("{a}/{m}")) {
        Some((addr, p)) => format!("{addr}/{p}"),
        None => format!("{a}/{m}"),
    }
}

fn ident(i: &Ident) -> String {
    normalise_selector(&format!("{}/{}", i.addr, i.mask))
}

pub(crate) fn ipsec_sa(
    q: &Quoter<'_>,
    sa: &IosIpsecSa,
    vendor: Vendor,
    truncated: bool,
) -> IpsecSa {
    let children = || {
        sa.inbound_esp
            .iter()
            .chain(&sa.outbound_esp)
            .chain(&sa.inbound_ah)
            .chain(&sa.outbound_ah)
    };
    let mut transforms: Vec<String> = children().filter_map(|c| c.transform.clone()).collect();
    transforms.dedup();
    let settings: Vec<&str> = children()
        .filter_map(|c| c.in_use_settings.as_deref())
        .collect();
    let udp = if sa.peer_port == Some(4500) || settings.iter().any(|s| s.contains("UDP-Encaps")) {
        Some(true)
    } else if settings.is_empty() {
        None
    } else {
        Some(false)
    };
    // Installed SA counts are only known when the listing is complete.
    let known = !truncated && sa.counters.encaps.is_some();
    IpsecSa {
        vendor,
        name: sa.interface.clone().or_else(|| sa.crypto_map.clone()),
        local: sa.local_endpoint.clone().or_else(|| sa.local_addr.clone()),
        remote: sa.remote_endpoint.clone().or_else(|| sa.peer.clone()),
        local_ident: sa.local_ident.as_ref().map(ident),
        remote_ident: sa.remote_ident.as_ref().map(ident),
        encaps: sa.counters.encaps,
        decaps: sa.counters.decaps,
        send_errors: sa.counters.send_errors,
        recv_errors: sa.counters.recv_errors,
        inbound_sas: known
            .then(|| u32::try_from(sa.inbound_esp.len() + sa.inbound_ah.len()).unwrap_or(u32::MAX)),
        outbound_sas: known.then(|| {
            u32::try_from(sa.outbound_esp.len() + sa.outbound_ah.len()).unwrap_or(u32::MAX)
        }),
        transforms,
        udp_encaps: udp,
        at: q.ev(crate::span::LineSpan::line(sa.lines.start)),
        counters_at: q.find(sa.lines, "#pkts encaps").map(|e| {
            // Quote the encaps and decaps lines together.
            let dec = q
                .find(sa.lines, "#pkts decaps")
                .map_or(e.lines, |d| e.lines.join(d.lines));
            q.ev(dec)
        }),
    }
}

pub(crate) fn interface(
    f: &mut Facts,
    q: &Quoter<'_>,
    i: &crate::parsers::cisco_ios::show_interfaces::Interface,
) {
    let address = i.ip_address.as_deref().and_then(ipv4).zip(i.prefix_length);
    let head = q.ev(crate::span::LineSpan::line(i.lines.start));
    let is_tunnel = i.tunnel.is_some() || i.name.to_ascii_lowercase().starts_with("tunnel");
    if !is_tunnel {
        f.interfaces.push(Interface {
            name: i.name.clone(),
            address: address.map(|(a, _)| a),
            mtu: i.mtu,
            at: head,
        });
        return;
    }
    let t = i.tunnel.as_ref();
    let transport = t
        .and_then(|t| t.protocol_transport.clone())
        .unwrap_or_default()
        .to_ascii_uppercase();
    let protected = t.is_some_and(|t| t.protection_profile.is_some());
    let mode = if transport.starts_with("GRE") {
        if protected {
            TunnelMode::GreIpsec
        } else {
            TunnelMode::Gre
        }
    } else if transport.starts_with("IPSEC") {
        TunnelMode::Ipsec
    } else if transport.is_empty() {
        TunnelMode::Unknown
    } else {
        TunnelMode::Other(transport.clone())
    };
    let keepalive = match (i.keepalive_set, i.keepalive_secs) {
        (Some(true), Some(p)) => Some(Keepalive {
            period: p,
            retries: i.keepalive_retries.unwrap_or(3),
        }),
        _ => None,
    };
    f.tunnels.push(TunnelIf {
        name: i.name.clone(),
        admin_up: Some(!i.status.to_ascii_lowercase().contains("administratively")),
        line_up: Some(i.line_protocol.eq_ignore_ascii_case("up")),
        description: i.description.clone(),
        address,
        mtu: i.mtu,
        ip_mtu: None,
        tcp_mss: None,
        from_config: false,
        source: t.and_then(|t| t.source.clone().or_else(|| t.source_interface.clone())),
        destination: t.and_then(|t| t.destination.clone()),
        mode,
        keepalive,
        at: head,
        mss_at: None,
        keepalive_at: if keepalive.is_some() {
            q.find(i.lines, "keepalive")
        } else {
            None
        },
        address_at: q.find(i.lines, "internet address"),
    });
}

pub(crate) fn mtr(q: &Quoter<'_>, m: &MtrReport) -> PathTrace {
    PathTrace {
        tool: TraceTool::Mtr,
        target: m.target.clone(),
        hops: m
            .hops
            .iter()
            .map(|h| Hop {
                n: h.hop,
                host: h
                    .address
                    .clone()
                    .or_else(|| h.host.clone())
                    .filter(|x| x != "???"),
                loss_pct: h.loss_percent,
                sent: h.sent,
                avg_ms: h.avg_ms,
                best_ms: h.best_ms,
                worst_ms: h.worst_ms,
                at: q.ev(h.lines),
            })
            .collect(),
        at: q.ev(m.lines),
    }
}

pub(crate) fn traceroute(q: &Quoter<'_>, t: &TraceRun) -> PathTrace {
    PathTrace {
        tool: TraceTool::Traceroute,
        target: t.target.clone().or_else(|| t.address.clone()),
        hops: t
            .hops
            .iter()
            .map(|h| {
                let answered: Vec<f64> = h.probes.iter().filter_map(|p| p.rtt_ms).collect();
                let n = h.probes.len();
                Hop {
                    n: h.hop,
                    host: h
                        .probes
                        .iter()
                        .find_map(|p| p.address.clone().or_else(|| p.host.clone())),
                    loss_pct: (n > 0).then(|| 100.0 * (n - answered.len()) as f64 / n as f64),
                    sent: u32::try_from(n).ok(),
                    avg_ms: (!answered.is_empty())
                        .then(|| answered.iter().sum::<f64>() / answered.len() as f64),
                    best_ms: answered.iter().copied().reduce(f64::min),
                    worst_ms: answered.iter().copied().reduce(f64::max),
                    at: q.ev(h.lines),
                }
            })
            .collect(),
        at: q.ev(t.lines),
    }
}

pub(crate) fn ping(q: &Quoter<'_>, p: &ProbePing) -> PingRun {
    let frag = p
        .replies
        .iter()
        .any(|r| r.outcome == ReplyOutcome::FragmentationNeeded);
    let stats = p.statistics.as_ref();
    let received = stats.and_then(|s| s.received).or_else(|| {
        // No statistics line (cut off): count what is shown.
        (!p.replies.is_empty()).then(|| {
            u32::try_from(
                p.replies
                    .iter()
                    .filter(|r| r.outcome == ReplyOutcome::Reply)
                    .count(),
            )
            .unwrap_or(u32::MAX)
        })
    });
    PingRun {
        target: p.address.clone().or_else(|| p.target.clone()),
        size: p.payload_bytes,
        df: frag,
        sent: stats
            .and_then(|s| s.transmitted)
            .or_else(|| u32::try_from(p.replies.len()).ok().filter(|n| *n > 0)),
        received,
        avg_ms: stats.and_then(|s| s.rtt_avg_ms),
        frag_needed: frag,
        unreachable: p.replies.iter().any(|r| {
            matches!(
                r.outcome,
                ReplyOutcome::HostUnreachable
                    | ReplyOutcome::NetUnreachable
                    | ReplyOutcome::Prohibited
            )
        }),
        at: q.ev(stats.map_or(p.lines, |s| s.lines)),
    }
}

/// Orients table-layout ISAKMP SAs (`dst`/`src`): the address known as local from other facts
/// (IPsec SAs, interfaces), else the address shared by every row, is the local one.
pub(crate) fn orient_ike_sas(f: &mut Facts) {
    let mut locals: Vec<String> = f.ipsec_sas.iter().filter_map(|s| s.local.clone()).collect();
    locals.extend(
        f.interfaces
            .iter()
            .filter_map(|i| i.address.map(|a| a.to_string())),
    );
    locals.extend(f.tunnels.iter().filter_map(|t| t.source.clone()));
    locals.extend(f.ike_sas.iter().filter_map(|s| s.local.clone()));
    let pairs: Vec<(usize, String, String)> = f
        .ike_sas
        .iter()
        .enumerate()
        .filter(|(_, s)| s.local.is_none())
        .filter_map(|(i, s)| {
            s.remote
                .as_deref()?
                .split_once(" ↔ ")
                .map(|(a, b)| (i, a.to_string(), b.to_string()))
        })
        .collect();
    let common = if pairs.len() >= 2 {
        pairs.first().and_then(|(_, a, b)| {
            [a, b]
                .into_iter()
                .find(|x| pairs.iter().all(|(_, p, r)| p == *x || r == *x))
                .cloned()
        })
    } else {
        None
    };
    for (i, a, b) in pairs {
        let local = if locals.contains(&a) || common.as_ref() == Some(&a) {
            Some(a.clone())
        } else if locals.contains(&b) || common.as_ref() == Some(&b) {
            Some(b.clone())
        } else {
            None
        };
        if let (Some(l), Some(sa)) = (local, f.ike_sas.get_mut(i)) {
            let remote = if l == a { b } else { a };
            sa.local = Some(l);
            sa.remote = Some(remote);
        }
    }
}
