//! Typed records of the other vendors (Palo Alto, strongSwan / libreswan, FortiGate, Juniper
//! SRX, Zscaler tunnel insights) and Cisco's certificate and clock outputs → facts.
//! Split from `records.rs` to keep files small; same rules apply.

use super::build::Quoter;
use super::records::{cause_of, push_failure};
use super::states::classify_ike_state;
use super::time::parse_timestamp;
use super::*;
use crate::parsers::Records;

/// Adds the facts of one block; returns false when the kind is not handled here.
pub(crate) fn add(f: &mut Facts, q: &Quoter<'_>, records: &Records) -> bool {
    match records {
        Records::ZscalerTunnelInsights(v) => {
            // Tunnel Insights only exist for Zscaler tunnels.
            f.context.zscaler = true;
            use crate::parsers::zscaler::tunnel_insights::TunnelStatus as S;
            for (i, e) in v.iter().enumerate() {
                if let Some(p) = &e.problem {
                    let recovered = v.iter().skip(i + 1).any(|l| {
                        matches!(l.status, Some(S::Up | S::Rekey)) && l.source_ip == e.source_ip
                    });
                    let msg = [
                        e.status.as_ref().map(|s| s.as_str().to_string()),
                        e.event_reason.as_ref().map(|r| r.as_str().to_string()),
                    ]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" / ");
                    if let Some(cause) = cause_of(p) {
                        f.ike_failures.push(IkeFailure {
                            recovered,
                            vendor: Vendor::Zscaler,
                            cause,
                            code: None,
                            phase: e.phase,
                            message: msg,
                            at: q.ev(e.lines),
                        });
                    }
                }
            }
        }
        Records::PaloaltoShowVpnIkeSa(v) => {
            use crate::parsers::paloalto::show_vpn_ike_sa::PanIkeRecord;
            for r in v {
                let PanIkeRecord::IkeSa(sa) = r else { continue };
                let word = sa.state.clone().unwrap_or_default();
                let (_, mut phase) = classify_ike_state(&word);
                // IKEv1 rows print a numeric state; an establishment time says enough.
                if phase == SaPhase::Unknown && sa.established.is_some() {
                    phase = SaPhase::Established;
                }
                if phase == SaPhase::Unknown {
                    continue;
                }
                f.ike_sas.push(IkeSa {
                    vendor: Vendor::PaloAlto,
                    version: Some(if sa.version.contains('2') {
                        IkeVersion::V2
                    } else {
                        IkeVersion::V1
                    }),
                    local: None,
                    remote: sa.peer_address.clone(),
                    local_port: None,
                    remote_port: None,
                    state: if word.is_empty() {
                        "established".into()
                    } else {
                        word
                    },
                    phase,
                    aggressive: sa.mode.as_deref().map(|m| {
                        m.eq_ignore_ascii_case("aggr") || m.to_ascii_lowercase().starts_with("aggr")
                    }),
                    nat_t: None,
                    nat_detected: None,
                    local_id: None,
                    remote_id: None,
                    at: q.ev(sa.lines),
                });
            }
        }
        Records::PaloaltoShowVpnFlow(v) => {
            for fl in v {
                let active = fl
                    .state
                    .as_deref()
                    .map(|s| s.eq_ignore_ascii_case("active"));
                f.ipsec_sas.push(IpsecSa {
                    vendor: Vendor::PaloAlto,
                    name: fl.name.clone().or_else(|| fl.tunnel_interface.clone()),
                    local: fl.local_ip.clone(),
                    remote: fl.peer_ip.clone(),
                    local_ident: fl.proxy_local.clone(),
                    remote_ident: fl.proxy_remote.clone(),
                    encaps: fl.encap_packets,
                    decaps: fl.decap_packets,
                    send_errors: None,
                    recv_errors: None,
                    inbound_sas: active.map(u32::from),
                    outbound_sas: active.map(u32::from),
                    transforms: fl.enc_algorithm.iter().cloned().collect(),
                    udp_encaps: None,
                    at: q.ev(fl.lines),
                    counters_at: q.find(fl.lines, "encap packets"),
                });
            }
        }
        Records::PaloaltoIkemgrLog(v) => {
            use crate::parsers::paloalto::ikemgr_log::IkemgrEventKind as K;
            for (i, e) in v.iter().enumerate() {
                if let Some(p) = &e.problem {
                    let before = f.ike_failures.len();
                    push_failure(
                        f,
                        Vendor::PaloAlto,
                        p,
                        None,
                        e.message.clone(),
                        q.ev(e.lines),
                    );
                    let recovered = v.iter().skip(i + 1).any(|l| {
                        matches!(
                            l.event,
                            Some(
                                K::Phase1Established
                                    | K::Phase2Established
                                    | K::IkeSaEstablished
                                    | K::ChildSaEstablished
                            )
                        ) && (l.gateway.is_some() && l.gateway == e.gateway
                            || l.peer_address.is_some() && l.peer_address == e.peer_address)
                    });
                    mark_recovered(f, before, recovered);
                }
            }
        }
        Records::StrongswanSwanctlListSas(v) => {
            for sa in v {
                let (_, phase) = classify_ike_state(sa.state.as_str());
                let natt = sa.local_port == Some(4500) || sa.remote_port == Some(4500);
                f.ike_sas.push(IkeSa {
                    vendor: Vendor::StrongSwan,
                    version: sa.version.as_deref().map(|v| {
                        if v.contains('1') {
                            IkeVersion::V1
                        } else {
                            IkeVersion::V2
                        }
                    }),
                    local: sa.local_address.clone(),
                    remote: sa.remote_address.clone(),
                    local_port: sa.local_port,
                    remote_port: sa.remote_port,
                    state: sa.state.as_str().to_string(),
                    phase,
                    aggressive: None,
                    nat_t: natt.then_some(true),
                    nat_detected: None,
                    local_id: sa.local_id.clone(),
                    remote_id: sa.remote_id.clone(),
                    at: q.ev(crate::span::LineSpan::line(sa.lines.start)),
                });
                for c in &sa.children {
                    let installed = u32::from(
                        c.state.as_str().eq_ignore_ascii_case("INSTALLED")
                            || c.state.as_str().eq_ignore_ascii_case("REKEYING"),
                    );
                    f.ipsec_sas.push(IpsecSa {
                        vendor: Vendor::StrongSwan,
                        name: Some(c.name.clone()),
                        local: sa.local_address.clone(),
                        remote: sa.remote_address.clone(),
                        local_ident: (!c.local_ts.is_empty()).then(|| c.local_ts.join(", ")),
                        remote_ident: (!c.remote_ts.is_empty()).then(|| c.remote_ts.join(", ")),
                        encaps: c.outbound.as_ref().and_then(|d| d.packets),
                        decaps: c.inbound.as_ref().and_then(|d| d.packets),
                        send_errors: None,
                        recv_errors: None,
                        inbound_sas: Some(installed),
                        outbound_sas: Some(installed),
                        transforms: c.proposal.iter().cloned().collect(),
                        udp_encaps: natt.then_some(true),
                        at: q.ev(crate::span::LineSpan::line(c.lines.start)),
                        counters_at: q.find(c.lines, "packets"),
                    });
                }
            }
        }
        Records::StrongswanStatusall(s) => {
            for sa in &s.ike_sas {
                let (_, phase) = classify_ike_state(sa.state.as_str());
                f.ike_sas.push(IkeSa {
                    vendor: Vendor::StrongSwan,
                    version: sa.version.as_deref().map(|v| {
                        if v.contains('1') {
                            IkeVersion::V1
                        } else {
                            IkeVersion::V2
                        }
                    }),
                    local: sa.local_address.clone(),
                    remote: sa.remote_address.clone(),
                    local_port: None,
                    remote_port: None,
                    state: sa.state.as_str().to_string(),
                    phase,
                    aggressive: None,
                    nat_t: None,
                    nat_detected: None,
                    local_id: sa.local_id.clone(),
                    remote_id: sa.remote_id.clone(),
                    at: q.ev(crate::span::LineSpan::line(sa.lines.start)),
                });
                for c in &sa.children {
                    f.ipsec_sas.push(IpsecSa {
                        vendor: Vendor::StrongSwan,
                        name: Some(c.name.clone()),
                        local: sa.local_address.clone(),
                        remote: sa.remote_address.clone(),
                        local_ident: c.traffic_selectors.first().cloned(),
                        remote_ident: c.traffic_selectors.get(1).cloned(),
                        encaps: c.packets_out,
                        decaps: c.packets_in,
                        send_errors: None,
                        recv_errors: None,
                        inbound_sas: None,
                        outbound_sas: None,
                        transforms: c.proposal.iter().cloned().collect(),
                        udp_encaps: None,
                        at: q.ev(crate::span::LineSpan::line(c.lines.start)),
                        counters_at: q.find(c.lines, "bytes_i"),
                    });
                }
            }
            for e in &s.pluto_events {
                if let Some(p) = &e.problem {
                    push_failure(
                        f,
                        Vendor::StrongSwan,
                        p,
                        None,
                        e.message.clone(),
                        q.ev(e.lines),
                    );
                }
            }
        }
        Records::StrongswanCharonLog(v) => {
            use crate::parsers::strongswan::charon_log::CharonEvent as K;
            for (i, e) in v.iter().enumerate() {
                if let Some(p) = &e.problem {
                    let before = f.ike_failures.len();
                    push_failure(
                        f,
                        Vendor::StrongSwan,
                        p,
                        None,
                        e.message.clone(),
                        q.ev(e.lines),
                    );
                    let recovered = v.iter().skip(i + 1).any(|l| {
                        matches!(l.event, Some(K::IkeSaEstablished | K::ChildSaEstablished))
                            && (e.connection.is_none() || l.connection == e.connection)
                    });
                    mark_recovered(f, before, recovered);
                }
            }
        }
        Records::FortigateDiagnoseVpnTunnelList(v) => {
            for t in v {
                let natt = t.remote_port == Some(4500) || t.natt.remote_port == Some(4500);
                for p in &t.proxy_ids {
                    f.ipsec_sas.push(IpsecSa {
                        vendor: Vendor::Fortinet,
                        name: Some(format!("{} ({})", t.name, p.name)),
                        local: t.local_address.clone(),
                        remote: t.remote_address.clone(),
                        local_ident: (!p.src.is_empty()).then(|| p.src.join(", ")),
                        remote_ident: (!p.dst.is_empty()).then(|| p.dst.join(", ")),
                        encaps: p.enc_packets,
                        decaps: p.dec_packets,
                        send_errors: None,
                        recv_errors: None,
                        inbound_sas: p.sa,
                        outbound_sas: p.sa,
                        transforms: p
                            .enc
                            .as_ref()
                            .and_then(|e| e.esp.clone())
                            .into_iter()
                            .collect(),
                        udp_encaps: natt.then_some(true),
                        at: q.ev(crate::span::LineSpan::line(p.lines.start)),
                        counters_at: q.find(p.lines, "enc:"),
                    });
                }
            }
        }
        Records::JuniperSrxShowSecurityIkeSa(v) => {
            for sa in v {
                let word = sa
                    .state
                    .as_ref()
                    .map_or("UNKNOWN", |s| s.as_str())
                    .to_string();
                let (_, phase) = classify_ike_state(&word);
                let mode = sa.mode.clone().unwrap_or_default().to_ascii_lowercase();
                f.ike_sas.push(IkeSa {
                    vendor: Vendor::Other,
                    version: if mode.contains("ikev2") {
                        Some(IkeVersion::V2)
                    } else if mode.is_empty() {
                        None
                    } else {
                        Some(IkeVersion::V1)
                    },
                    local: None,
                    remote: sa.remote_address.clone(),
                    local_port: None,
                    remote_port: None,
                    state: word,
                    phase,
                    aggressive: (!mode.is_empty()).then(|| mode.starts_with("aggr")),
                    nat_t: None,
                    nat_detected: None,
                    local_id: None,
                    remote_id: None,
                    at: q.ev(sa.lines),
                });
            }
        }
        Records::CiscoIosShowCryptoPkiCertificates(v) => {
            for c in v {
                let subject = c
                    .subject_cn
                    .clone()
                    .or_else(|| (!c.subject.is_empty()).then(|| c.subject.join(", ")))
                    .map(|s| format!("{} ({s})", c.section));
                let start = q.find(c.lines, "start date");
                let end = q.find_all(c.lines, &["end ", "date:"]);
                f.certificates.push(Certificate {
                    subject,
                    issuer: c.issuer_cn.clone(),
                    not_before: c.start_date.as_deref().and_then(parse_timestamp),
                    not_after: c.end_date.as_deref().and_then(parse_timestamp),
                    status: c.status.clone(),
                    at: q.ev(crate::span::LineSpan::line(c.lines.start)),
                    validity_at: match (start, end) {
                        (Some(s), Some(e)) => Some(q.ev(s.lines.join(e.lines))),
                        (s, e) => s.or(e),
                    },
                });
            }
        }
        Records::CiscoIosShowClock(c) => {
            if let Some(now) = parse_timestamp(&c.text) {
                f.clocks.push(DeviceClock {
                    now,
                    synced: Some(c.authoritative && !c.ntp_unsynchronised),
                    at: q.ev(c.lines),
                });
            }
        }
        Records::CiscoAsaShowCryptoIkev1Sa(v) => {
            for sa in v {
                let word = sa
                    .state
                    .as_ref()
                    .map_or("UNKNOWN", |s| s.as_str())
                    .to_string();
                let (_, phase) = classify_ike_state(&word);
                f.ike_sas.push(IkeSa {
                    vendor: Vendor::CiscoAsa,
                    version: Some(IkeVersion::V1),
                    local: None,
                    remote: sa.peer.clone(),
                    local_port: None,
                    remote_port: None,
                    aggressive: Some(word.starts_with("AM_")),
                    state: word,
                    phase,
                    nat_t: None,
                    nat_detected: None,
                    local_id: None,
                    remote_id: None,
                    at: q.ev(sa.lines),
                });
            }
        }
        Records::CiscoIosShowDmvpn(v) => {
            // Only the `IKE` state says phase 1 is not up; `NHRP` and `UP` are past IKE.
            for p in v.iter().filter(|p| {
                p.state
                    .as_deref()
                    .is_some_and(|s| s.eq_ignore_ascii_case("IKE"))
            }) {
                f.ike_sas.push(IkeSa {
                    vendor: Vendor::CiscoIos,
                    version: None,
                    local: None,
                    remote: Some(p.nbma_address.clone()),
                    local_port: None,
                    remote_port: None,
                    state: "IKE (DMVPN: IKE session not up)".into(),
                    phase: SaPhase::Negotiating,
                    aggressive: None,
                    nat_t: None,
                    nat_detected: None,
                    local_id: None,
                    remote_id: None,
                    at: q.ev(p.lines),
                });
            }
        }
        _ => return false,
    }
    true
}

/// Marks the failures pushed since `before` as recovered.
fn mark_recovered(f: &mut Facts, before: usize, recovered: bool) {
    for x in f.ike_failures.iter_mut().skip(before) {
        x.recovered = recovered;
    }
}
