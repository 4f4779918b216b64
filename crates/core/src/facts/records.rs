//! Typed parser records → facts, one arm per record kind. This is the only place that knows
//! the parsers' record types; rules see the vendor-neutral facts only.

use super::build::Quoter;
use super::convert::{interface, ipsec_sa, mtr, normalise_selector, ping, traceroute};
use super::states::classify_ike_state;
use super::time::{ZoneInfo, parse_timestamp};
use super::*;
use crate::parsers::Block;
use crate::parsers::Records;
use crate::parsers::ike_problems::IkeProblem;

/// Adds the facts of one block.
pub(crate) fn add(f: &mut Facts, q: &Quoter<'_>, b: &Block) {
    match &b.records {
        Records::CiscoIosShowCryptoIsakmpSa(v) => {
            for sa in v {
                let state = sa.state.as_ref().map_or_else(
                    || {
                        sa.status
                            .as_ref()
                            .map_or("UNKNOWN", |s| s.as_str())
                            .to_string()
                    },
                    |s| s.as_str().to_string(),
                );
                let (_, phase) = classify_ike_state(&state);
                let (local, remote) = match (&sa.local, &sa.remote) {
                    (Some(l), Some(r)) => (Some(l.clone()), Some(r.clone())),
                    // Table layout: dst/src are responder/initiator; oriented later.
                    _ => (
                        None,
                        match (&sa.dst, &sa.src) {
                            (Some(d), Some(s)) => Some(format!("{s} ↔ {d}")),
                            (d, s) => d.clone().or_else(|| s.clone()),
                        },
                    ),
                };
                let caps = sa.capabilities.as_deref().unwrap_or("");
                f.ike_sas.push(IkeSa {
                    vendor: Vendor::CiscoIos,
                    version: Some(IkeVersion::V1),
                    local,
                    remote,
                    local_port: None,
                    remote_port: None,
                    state,
                    phase,
                    aggressive: None,
                    nat_t: sa.capabilities.as_ref().map(|_| caps.contains('N')),
                    nat_detected: None,
                    local_id: None,
                    remote_id: None,
                    at: q.ev(sa.lines),
                });
            }
        }
        Records::CiscoIosShowCryptoIkev2Sa(v) | Records::CiscoAsaShowCryptoIkev2Sa(v) => {
            let vendor = if matches!(b.records, Records::CiscoAsaShowCryptoIkev2Sa(_)) {
                Vendor::CiscoAsa
            } else {
                Vendor::CiscoIos
            };
            for sa in v {
                let state = sa
                    .status
                    .as_ref()
                    .map(|s| s.as_str().to_string())
                    .or_else(|| sa.session_status.clone())
                    .unwrap_or_else(|| "UNKNOWN".into());
                let (_, phase) = classify_ike_state(&state);
                let nat = sa.nat_t.as_deref().map(str::to_ascii_lowercase);
                let detected = nat
                    .as_deref()
                    .map(|n| n.contains("detected") && !n.contains("not detected"));
                let on_4500 = sa.local_port == Some(4500) || sa.remote_port == Some(4500);
                f.ike_sas.push(IkeSa {
                    vendor,
                    version: Some(IkeVersion::V2),
                    local: sa.local.clone(),
                    remote: sa.remote.clone(),
                    local_port: sa.local_port,
                    remote_port: sa.remote_port,
                    state,
                    phase,
                    aggressive: None,
                    nat_t: if on_4500 {
                        Some(true)
                    } else {
                        detected.filter(|d| *d).map(|_| false)
                    },
                    nat_detected: detected,
                    local_id: sa.local_id.clone(),
                    remote_id: sa.remote_id.clone(),
                    at: q.ev(sa.lines),
                });
            }
        }
        Records::CiscoIosShowCryptoIpsecSa(v) | Records::CiscoAsaShowCryptoIpsecSa(v) => {
            let vendor = if matches!(b.records, Records::CiscoAsaShowCryptoIpsecSa(_)) {
                Vendor::CiscoAsa
            } else {
                Vendor::CiscoIos
            };
            for sa in v {
                f.ipsec_sas.push(ipsec_sa(q, sa, vendor, b.truncated));
            }
        }
        Records::CiscoIosShowCryptoSession(v) => {
            for s in v {
                let at = q.ev(s.lines);
                for ike in &s.ike_sas {
                    let state = ike.state.clone().unwrap_or_else(|| "UNKNOWN".into());
                    let (_, phase) = classify_ike_state(&state);
                    let version = ike.version.as_deref().map(|v| {
                        if v.contains('2') {
                            IkeVersion::V2
                        } else {
                            IkeVersion::V1
                        }
                    });
                    f.ike_sas.push(IkeSa {
                        vendor: Vendor::CiscoIos,
                        version,
                        local: ike.local.clone(),
                        remote: ike.remote.clone(),
                        local_port: ike.local_port,
                        remote_port: ike.remote_port,
                        state,
                        phase,
                        aggressive: None,
                        nat_t: ike.capabilities.as_deref().map(|c| c.contains('N')),
                        nat_detected: None,
                        local_id: None,
                        remote_id: None,
                        at: q.ev(ike.lines),
                    });
                }
                if s.ike_sas.is_empty()
                    && let Some(st) = &s.status
                {
                    let (_, phase) = classify_ike_state(st.as_str());
                    if phase != SaPhase::Established {
                        f.ike_sas.push(IkeSa {
                            vendor: Vendor::CiscoIos,
                            version: None,
                            local: None,
                            remote: s.peer.clone(),
                            local_port: None,
                            remote_port: s.peer_port,
                            state: st.as_str().to_string(),
                            phase,
                            aggressive: None,
                            nat_t: None,
                            nat_detected: None,
                            local_id: None,
                            remote_id: None,
                            at: at.clone(),
                        });
                    }
                }
                for flow in &s.flows {
                    let words: Vec<&str> = flow.flow.split_whitespace().collect();
                    let sel = |i: usize| words.get(i).map(|w| normalise_selector(w));
                    let ip_pos = words.iter().position(|w| *w == "ip" || *w == "ipv6");
                    f.ipsec_sas.push(IpsecSa {
                        vendor: Vendor::CiscoIos,
                        name: s.interface.clone(),
                        local: s.ike_sas.first().and_then(|i| i.local.clone()),
                        remote: s.peer.clone(),
                        local_ident: ip_pos.and_then(|p| sel(p + 1)),
                        remote_ident: ip_pos.and_then(|p| sel(p + 2)),
                        encaps: flow.pkts_encrypted,
                        decaps: flow.pkts_decrypted,
                        send_errors: None,
                        recv_errors: None,
                        inbound_sas: if b.truncated { None } else { flow.active_sas },
                        outbound_sas: if b.truncated { None } else { flow.active_sas },
                        transforms: Vec::new(),
                        udp_encaps: s.peer_port.map(|p| p == 4500),
                        at: q.ev(flow.lines),
                        counters_at: q.find(flow.lines, "enc'ed"),
                    });
                }
            }
        }
        Records::CiscoIosShowInterfaces(v) => {
            for i in v {
                interface(f, q, i);
            }
        }
        Records::LinuxMtrReport(m) | Records::WindowsWinmtrText(m) => f.traces.push(mtr(q, m)),
        Records::LinuxTraceroute(v)
        | Records::WindowsTracert(v)
        | Records::CiscoIosTraceroute(v) => {
            for t in v {
                f.traces.push(traceroute(q, t));
            }
        }
        Records::LinuxPing(v) | Records::WindowsPing(v) | Records::FortigateExecutePing(v) => {
            for p in v {
                f.pings.push(ping(q, p));
            }
        }
        Records::CiscoIosPing(v) | Records::CiscoAsaPing(v) => {
            for p in v {
                f.pings.push(PingRun {
                    target: p.target.clone(),
                    size: p.size,
                    df: p.df_bit,
                    sent: p.sent,
                    received: p.received,
                    avg_ms: p.rtt_avg_ms,
                    // `M`: "could not fragment" — the DF probe hit a smaller MTU.
                    frag_needed: p.probes.contains('M'),
                    unreachable: p.probes.contains('U'),
                    at: q
                        .find(p.lines, "success rate")
                        .unwrap_or_else(|| q.ev(p.lines)),
                });
            }
        }
        Records::LinuxTelnet(v) => {
            use crate::parsers::linux::telnet::TelnetOutcome as T;
            for s in v {
                let outcome = match &s.outcome {
                    Some(T::Connected) => TcpOutcome::Connected,
                    Some(T::Refused) => TcpOutcome::Refused,
                    Some(T::TimedOut) => TcpOutcome::TimedOut,
                    Some(T::NoRoute | T::NetworkUnreachable | T::NameNotResolved) => {
                        TcpOutcome::Unreachable
                    }
                    Some(T::ConnectFailed | T::Other(_)) => TcpOutcome::Failed,
                    None => continue,
                };
                // A failed attempt prints no "Connected to": the command line names the target.
                let cmd: Vec<&str> = b
                    .command
                    .as_deref()
                    .unwrap_or("")
                    .split_whitespace()
                    .collect();
                let (cmd_host, cmd_port) = match cmd.as_slice() {
                    [tool, host, port, ..] if tool.ends_with("telnet") => {
                        (Some((*host).to_string()), port.parse().ok())
                    }
                    [tool, host] if tool.ends_with("telnet") => (Some((*host).to_string()), None),
                    _ => (None, None),
                };
                f.tcp_tests.push(TcpTest {
                    target: s.target.clone().or(cmd_host),
                    port: s.port.or(cmd_port),
                    outcome,
                    at: q.ev(s.lines),
                });
            }
        }
        Records::WindowsTestNetconnection(v) => {
            for t in v {
                let target = t.computer_name.clone().or_else(|| t.remote_address.clone());
                if let Some(ok) = t.tcp_test_succeeded {
                    f.tcp_tests.push(TcpTest {
                        target: target.clone(),
                        port: t.remote_port,
                        outcome: if ok {
                            TcpOutcome::Connected
                        } else {
                            TcpOutcome::Failed
                        },
                        at: q.ev(t.lines),
                    });
                } else if let Some(ok) = t.ping_succeeded {
                    f.pings.push(PingRun {
                        target,
                        size: None,
                        df: false,
                        sent: Some(1),
                        received: Some(u32::from(ok)),
                        avg_ms: t.ping_rtt_ms,
                        frag_needed: false,
                        unreachable: false,
                        at: q.ev(t.lines),
                    });
                }
            }
        }
        Records::ClavisterIkeSnoop(v) => {
            use crate::parsers::clavister::ike_snoop::SnoopRecord;
            // The exchange says which phase failed; an error line belongs to the message
            // before it.
            let mut phase: Option<u8> = None;
            for r in v {
                let before = f.ike_failures.len();
                match r {
                    SnoopRecord::Message(m) => {
                        phase = m.exchange.as_deref().and_then(exchange_phase).or(phase);
                        for p in &m.problems {
                            push_failure(
                                f,
                                Vendor::Clavister,
                                p,
                                None,
                                m.notifies.join(", "),
                                q.ev(m.lines),
                            );
                        }
                    }
                    SnoopRecord::Error(e) => {
                        if let Some(p) = &e.problem {
                            push_failure(
                                f,
                                Vendor::Clavister,
                                p,
                                None,
                                e.text.clone(),
                                q.ev(e.lines),
                            );
                        }
                    }
                }
                for x in f.ike_failures.iter_mut().skip(before) {
                    x.phase = phase;
                }
            }
        }
        Records::ClavisterIkeCertshow(v) => {
            for c in v {
                f.certificates.push(Certificate {
                    subject: Some(c.subject.clone()),
                    issuer: c.issuer.clone(),
                    not_before: c.valid_from.as_deref().and_then(parse_timestamp),
                    not_after: c.valid_to.as_deref().and_then(parse_timestamp),
                    status: c.status.as_ref().map(|s| format!("{s:?}")),
                    at: q.ev(c.lines),
                    validity_at: None,
                });
            }
        }
        Records::ClavisterTime(t) => {
            let now = match (&t.utc, &t.local, t.utc_offset_minutes) {
                (Some(u), _, _) => parse_timestamp(&format!("{u} UTC")),
                (None, Some(l), Some(m)) => parse_timestamp(l).map(|mut ts| {
                    ts.epoch -= i64::from(m) * 60;
                    ts.zone = ZoneInfo::Known {
                        offset: m * 60,
                        name: t.utc_offset.clone().unwrap_or_default(),
                    };
                    ts
                }),
                (None, Some(l), None) => parse_timestamp(l),
                _ => None,
            };
            if let Some(now) = now {
                f.clocks.push(DeviceClock {
                    now,
                    synced: None,
                    at: q.ev(t.lines),
                });
            }
        }
        Records::AzureConnectionStats(c) => {
            use crate::parsers::azure::connection_stats::ConnectivityState as S;
            if let Some(state) = &c.connectivity_state {
                f.connections.push(ConnectionStatus {
                    vendor: Vendor::Azure,
                    name: c
                        .remote_tunnel_endpoint
                        .clone()
                        .filter(|e| !e.is_empty())
                        .map(|e| format!("Connection to {e}")),
                    state: state.as_str().to_string(),
                    connected: *state == S::Connected,
                    at: q
                        .find(c.lines, "connectivity state")
                        .unwrap_or_else(|| q.ev(c.lines)),
                });
            }
        }
        Records::AzureCpuStats(c) => {
            if let Some(p) = c.cpu_usage_percent {
                f.cpu.push(CpuReading {
                    vendor: Vendor::Azure,
                    percent: p,
                    at: q.ev(c.lines),
                });
            }
        }
        Records::AzureIkeErrors(v) => {
            for e in v {
                let code = e.windows_error.as_ref().map(|w| w.code);
                azure_failure(
                    f,
                    e.problem.as_ref(),
                    code,
                    e.message.clone(),
                    q.ev(e.lines),
                );
            }
        }
        Records::AzureIkeLogs(v) => {
            for e in v {
                let code = e.windows_error.as_ref().map(|w| w.code);
                azure_failure(
                    f,
                    e.problem.as_ref(),
                    code,
                    e.message.clone(),
                    q.ev(e.lines),
                );
            }
        }
        Records::AzureScrubbedWfpdiag(w) => {
            for e in &w.failures {
                let code = e.error.as_ref().map(|w| w.code);
                let msg = e
                    .error_text
                    .clone()
                    .or_else(|| e.failure_type.clone())
                    .unwrap_or_default();
                azure_failure(f, e.problem.as_ref(), code, msg, q.ev(e.lines));
            }
            for n in &w.notifies {
                azure_failure(f, n.problem.as_ref(), None, n.text.clone(), q.ev(n.lines));
            }
        }
        Records::CiscoIosShowIpSlaSummary(v) => {
            for s in v {
                let i = sla_entry(f, s.id, q.ev(s.lines));
                let Some(p) = f.sla_probes.get_mut(i) else {
                    continue;
                };
                p.kind = p.kind.take().or_else(|| s.op_type.clone());
                p.destination = p.destination.take().or_else(|| s.destination.clone());
                p.return_code = p.return_code.take().or_else(|| s.return_code.clone());
                p.rtt_ms = p.rtt_ms.or(s.rtt_ms);
            }
        }
        Records::CiscoIosShowIpSlaStatistics(v) => {
            for s in v {
                let Some(id) = s.id else { continue };
                let i = sla_entry(f, id, q.ev(s.lines));
                let Some(p) = f.sla_probes.get_mut(i) else {
                    continue;
                };
                p.kind = p.kind.take().or_else(|| s.op_type.clone());
                // Statistics are more precise than the summary: they win.
                p.return_code = s.return_code.clone().or_else(|| p.return_code.take());
                p.successes = s.successes.or(p.successes);
                p.failures = s.failures.or(p.failures);
                p.rtt_ms = s.latest_rtt_ms.or(p.rtt_ms);
                p.at = q.ev(s.lines);
            }
        }
        other => {
            super::vendors::add(f, q, other);
        }
    }
}

/// Index of the probe with `id`, created when new.
fn sla_entry(f: &mut Facts, id: u32, at: Evidence) -> usize {
    let key = id.to_string();
    match f.sla_probes.iter().position(|p| p.id == key) {
        Some(p) => p,
        None => {
            f.sla_probes.push(SlaProbe {
                id: key,
                kind: None,
                destination: None,
                url: None,
                return_code: None,
                rtt_ms: None,
                successes: None,
                failures: None,
                at,
            });
            f.sla_probes.len() - 1
        }
    }
}

fn azure_failure(
    f: &mut Facts,
    problem: Option<&IkeProblem>,
    code: Option<u32>,
    message: String,
    at: Evidence,
) {
    let cause = code
        .and_then(azure_cause)
        .or_else(|| problem.and_then(cause_of));
    if let Some(cause) = cause {
        f.ike_failures.push(IkeFailure {
            recovered: false,
            vendor: Vendor::Azure,
            cause,
            code,
            phase: None,
            message,
            at,
        });
    }
}

/// Maps a classified IKE problem to a cause the rules know; `None` for the rest.
pub(crate) fn cause_of(p: &IkeProblem) -> Option<IkeFailureCause> {
    Some(match p {
        IkeProblem::PresharedKeyMismatch
        | IkeProblem::PresharedKeyMissing
        | IkeProblem::AuthenticationFailed
        | IkeProblem::IdMismatch => IkeFailureCause::AuthenticationFailed,
        IkeProblem::NoProposalChosen | IkeProblem::NoConfig | IkeProblem::InvalidKePayload => {
            IkeFailureCause::PolicyMismatch
        }
        IkeProblem::TsUnacceptable => IkeFailureCause::TrafficSelectorMismatch,
        IkeProblem::InvalidCookie | IkeProblem::InvalidSpi => IkeFailureCause::InvalidCookie,
        IkeProblem::InvalidPayload | IkeProblem::InvalidSyntax => IkeFailureCause::InvalidPayload,
        IkeProblem::PayloadMalformed => IkeFailureCause::PayloadMalformed,
        IkeProblem::NoPublicKey => IkeFailureCause::NoPublicKey,
        IkeProblem::Timeout | IkeProblem::DpdTimeout => IkeFailureCause::PeerUnreachable,
        _ => return None,
    })
}

/// Windows IKEEXT error codes Azure prints, and their cause.
#[rustfmt::skip]
pub(crate) const AZURE_CODES: &[(u32, IkeFailureCause)] = &[
    (13801, IkeFailureCause::AuthenticationFailed), // ERROR_IPSEC_IKE_AUTH_FAIL
    (13805, IkeFailureCause::PeerUnreachable),      // ERROR_IPSEC_IKE_TIMED_OUT
    (13825, IkeFailureCause::PolicyMismatch),       // ERROR_IPSEC_IKE_NO_POLICY
    (13868, IkeFailureCause::PolicyMismatch),       // ERROR_IPSEC_IKE_POLICY_MATCH
    (13843, IkeFailureCause::InvalidPayload),       // ERROR_IPSEC_IKE_INVALID_PAYLOAD
];

/// The cause of an Azure / Windows IKE error code.
pub(crate) fn azure_cause(code: u32) -> Option<IkeFailureCause> {
    AZURE_CODES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, k)| *k)
}

pub(crate) fn push_failure(
    f: &mut Facts,
    vendor: Vendor,
    p: &IkeProblem,
    code: Option<u32>,
    message: String,
    at: Evidence,
) {
    if let Some(cause) = code.and_then(azure_cause).or_else(|| cause_of(p)) {
        f.ike_failures.push(IkeFailure {
            recovered: false,
            vendor,
            cause,
            code,
            phase: None,
            message,
            at,
        });
    }
}

/// Phase of an IKE exchange name: 1 for the IKE SA, 2 for child / quick mode exchanges.
fn exchange_phase(x: &str) -> Option<u8> {
    let u = x.to_ascii_uppercase();
    if u.contains("IKE_SA_INIT") || u.contains("MAIN") || u.contains("AGGRESSIVE") {
        Some(1)
    } else if u.contains("CREATE_CHILD_SA") || u.contains("QUICK") || u.contains("IKE_AUTH") {
        // A proposal refused in IKE_AUTH is the first child SA's (phase 2) proposal.
        Some(2)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors_and_codes() {
        assert_eq!(
            normalise_selector("10.1.0.0/255.255.0.0/0/0"),
            "10.1.0.0/16"
        );
        assert_eq!(normalise_selector("0.0.0.0/0.0.0.0"), "0.0.0.0/0");
        assert_eq!(normalise_selector("weird"), "weird");
        assert_eq!(azure_cause(13868), Some(IkeFailureCause::PolicyMismatch));
        assert_eq!(azure_cause(1), None);
        assert_eq!(exchange_phase("IKE_SA_INIT"), Some(1));
        assert_eq!(exchange_phase("CREATE_CHILD_SA"), Some(2));
        assert_eq!(exchange_phase("INFORMATIONAL"), None);
    }
}
