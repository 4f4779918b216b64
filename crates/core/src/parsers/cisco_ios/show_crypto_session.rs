//! `show crypto session [detail] [remote X]` — Cisco IOS / IOS-XE crypto sessions.
//!
//! Seen on IOS 15.x and IOS-XE 16/17, IKEv1 and IKEv2, with and without `detail` (which adds
//! `Phase1_id`, `Desc`, capabilities/connid/lifetime and per-flow packet and drop counters).
//! One record per `Interface:` / `Peer:` session.
//!
//! ```text
//! Interface: Tunnel0
//! Session status: UP-ACTIVE
//! Peer: 198.51.100.7 port 500 fvrf: (none) ivrf: (none)
//!   IKEv1 SA: local 192.0.2.1/500 remote 198.51.100.7/500 Active
//!   IPSEC FLOW: permit 47 host 192.0.2.1 host 198.51.100.7
//! ```

use serde::{Deserialize, Serialize};

use crate::LineSpan;
use crate::parsers::common::{self, open_enum};
use crate::parsers::{Confidence, Line, ParseError, ParseResult, Parsed};

open_enum! {
    /// Session status.
    pub enum SessionStatus {
        /// IKE and IPsec SAs up, traffic possible.
        UpActive => "UP-ACTIVE",
        /// IKE up, no IPsec SA (idle).
        UpIdle => "UP-IDLE",
        /// IPsec up without an IKE SA.
        UpNoIke => "UP-NO-IKE",
        /// Negotiating, nothing up.
        DownNegotiating => "DOWN-NEGOTIATING",
        /// Down.
        Down => "DOWN",
    }
}

/// One crypto session (an interface and peer).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CryptoSession {
    /// Interface.
    pub interface: Option<String>,
    /// IKE / ISAKMP profile.
    pub profile: Option<String>,
    /// Uptime as printed (`3d18h`, `01:23:45`).
    pub uptime: Option<String>,
    /// Uptime in seconds.
    pub uptime_secs: Option<u64>,
    /// Session status.
    pub status: Option<SessionStatus>,
    /// Peer address.
    pub peer: Option<String>,
    /// Peer port.
    pub peer_port: Option<u16>,
    /// Front-door VRF (`None` when printed as `(none)` or absent).
    pub fvrf: Option<String>,
    /// Inside VRF.
    pub ivrf: Option<String>,
    /// Peer's phase 1 identity.
    pub phase1_id: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// IKE SAs of the session.
    pub ike_sas: Vec<SessionIkeSa>,
    /// IPsec flows of the session.
    pub flows: Vec<SessionFlow>,
    /// Source lines.
    pub lines: LineSpan,
}

/// An `IKE SA:` / `IKEv1 SA:` / `IKEv2 SA:` line (with its capabilities line).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SessionIkeSa {
    /// `IKEv1`, `IKEv2`, or `None` for the unversioned `IKE SA`.
    pub version: Option<String>,
    /// Session id printed above it.
    pub session_id: Option<u64>,
    /// Local address.
    pub local: Option<String>,
    /// Local port.
    pub local_port: Option<u16>,
    /// Remote address.
    pub remote: Option<String>,
    /// Remote port.
    pub remote_port: Option<u16>,
    /// `Active` or `Inactive`.
    pub state: Option<String>,
    /// Capability codes (`D`, `DN`; `None` for `(none)`).
    pub capabilities: Option<String>,
    /// Connection id.
    pub conn_id: Option<u64>,
    /// Remaining lifetime, seconds.
    pub lifetime_secs: Option<u64>,
    /// Source lines.
    pub lines: LineSpan,
}

/// An `IPSEC FLOW:` with its counters.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SessionFlow {
    /// The flow (`permit 47 host A host B`, `permit ip 0.0.0.0/0.0.0.0 0.0.0.0/0.0.0.0`).
    pub flow: String,
    /// Active SAs (0 means no IPsec SA for this flow).
    pub active_sas: Option<u32>,
    /// Origin (`crypto map`).
    pub origin: Option<String>,
    /// Inbound packets decrypted.
    pub pkts_decrypted: Option<u64>,
    /// Inbound drops.
    pub drops_in: Option<u64>,
    /// Outbound packets encrypted.
    pub pkts_encrypted: Option<u64>,
    /// Outbound drops.
    pub drops_out: Option<u64>,
    /// Inbound remaining lifetime, kilobytes (`None` when volume rekey is disabled).
    pub inbound_life_kb: Option<u64>,
    /// Inbound remaining lifetime, seconds.
    pub inbound_life_secs: Option<u64>,
    /// Outbound remaining lifetime, kilobytes.
    pub outbound_life_kb: Option<u64>,
    /// Outbound remaining lifetime, seconds.
    pub outbound_life_secs: Option<u64>,
    /// Source lines.
    pub lines: LineSpan,
}

/// Cheap check.
pub fn detect(lines: &[Line<'_>]) -> Option<Confidence> {
    lines
        .iter()
        .filter_map(|l| {
            let t = l.text.trim_start();
            if t.starts_with("Crypto session current status") {
                Some(0.95)
            } else if t.starts_with("IPSEC FLOW:")
                || (t.starts_with("Session status:") && t.contains('-'))
                || (t.starts_with("IKEv1 SA: local")
                    || t.starts_with("IKEv2 SA: local")
                    || t.starts_with("IKE SA: local"))
            {
                Some(0.85)
            } else if (t.starts_with("Peer: ") && t.contains(" port "))
                || t.starts_with("Phase1_id:")
                || t.starts_with("Active SAs:")
                || t.starts_with("Inbound:  #pkts dec'ed")
                || t.starts_with("Interface: ")
            {
                Some(0.55)
            } else {
                None
            }
        })
        .reduce(Confidence::max)
}

/// Parses the output.
pub fn parse(lines: &[Line<'_>]) -> ParseResult<Vec<CryptoSession>> {
    if lines.iter().all(common::is_blank) {
        return Err(ParseError::Empty);
    }
    let mut r = Reader::default();
    for line in lines {
        let t = line.text.trim();
        if t.is_empty() {
            continue;
        }
        if r.line(line.no, t) {
            r.understood += 1;
            if let Some(s) = r.cur.as_mut() {
                s.lines = s.lines.join(LineSpan::line(line.no));
            }
        } else {
            r.skipped.push(line.no);
        }
    }
    r.finish()
}

#[derive(Default)]
struct Reader {
    cur: Option<CryptoSession>,
    /// `Session ID:` waiting for its IKE SA line.
    session_id: Option<u64>,
    legend: bool,
    out: Vec<CryptoSession>,
    skipped: Vec<u32>,
    understood: usize,
}

impl Reader {
    fn line(&mut self, no: u32, t: &str) -> bool {
        if t.starts_with("Crypto session current status") {
            return true;
        }
        if t.starts_with("Code:") {
            self.legend = true;
            return true;
        }
        if self.legend && self.cur.is_none() && t.contains(" - ") {
            return true;
        }
        if let Some(v) = t.strip_prefix("Interface:") {
            self.close();
            self.cur = Some(CryptoSession {
                interface: Some(v.trim().to_owned()),
                lines: LineSpan::line(no),
                ..CryptoSession::default()
            });
            return true;
        }
        if let Some(v) = t.strip_prefix("Peer:") {
            let s = self.session(no);
            if s.peer.is_some() {
                // A second peer on the same interface is another session.
                let iface = s.interface.clone();
                self.close();
                self.session(no).interface = iface;
            }
            let s = self.session(no);
            s.peer = v.split_whitespace().next().map(str::to_owned);
            s.peer_port = common::word_after(v, " port").and_then(common::parse_num);
            s.fvrf = common::word_after(v, "fvrf:").and_then(vrf);
            s.ivrf = common::word_after(v, "ivrf:").and_then(vrf);
            return true;
        }
        let Some(s) = self.cur.as_mut() else {
            return false;
        };
        if let Some(v) = t.strip_prefix("Profile:") {
            s.profile = Some(v.trim().to_owned());
        } else if let Some(v) = t.strip_prefix("Uptime:") {
            s.uptime = Some(v.trim().to_owned());
            s.uptime_secs = common::parse_duration(v);
        } else if let Some(v) = t.strip_prefix("Session status:") {
            s.status = Some(SessionStatus::parse(v));
        } else if let Some(v) = t.strip_prefix("FVRF:") {
            s.fvrf = vrf(v.trim());
        } else if let Some(v) = t.strip_prefix("IVRF:") {
            s.ivrf = vrf(v.trim());
        } else if let Some(v) = t.strip_prefix("Phase1_id:") {
            s.phase1_id = vrf(v.trim());
        } else if let Some(v) = t.strip_prefix("Desc:") {
            s.description = vrf(v.trim());
        } else if let Some(v) = t.strip_prefix("Session ID:") {
            self.session_id = common::parse_num(v);
        } else if let Some((version, rest)) = ike_sa_line(t) {
            let (local, local_port) = split_port(common::word_after(rest, "local").unwrap_or(""));
            let (remote, remote_port) =
                split_port(common::word_after(rest, "remote").unwrap_or(""));
            let state = rest.split_whitespace().last().map(str::to_owned);
            s.ike_sas.push(SessionIkeSa {
                version,
                session_id: self.session_id.take(),
                local,
                local_port,
                remote,
                remote_port,
                state,
                lines: LineSpan::line(no),
                ..SessionIkeSa::default()
            });
        } else if t.starts_with("Capabilities:") {
            let Some(sa) = s.ike_sas.last_mut() else {
                return false;
            };
            sa.capabilities = common::word_after(t, "Capabilities:").and_then(vrf);
            sa.conn_id = common::word_after(t, "connid:").and_then(common::parse_num);
            sa.lifetime_secs = common::word_after(t, "lifetime:").and_then(common::parse_duration);
            sa.lines = sa.lines.join(LineSpan::line(no));
        } else if let Some(v) = t.strip_prefix("IPSEC FLOW:") {
            s.flows.push(SessionFlow {
                flow: v.trim().to_owned(),
                lines: LineSpan::line(no),
                ..SessionFlow::default()
            });
        } else if let Some(flow) = s.flows.last_mut() {
            return flow_line(flow, no, t);
        } else {
            return false;
        }
        true
    }

    fn session(&mut self, no: u32) -> &mut CryptoSession {
        self.cur.get_or_insert_with(|| CryptoSession {
            lines: LineSpan::line(no),
            ..CryptoSession::default()
        })
    }

    fn close(&mut self) {
        if let Some(s) = self.cur.take() {
            self.out.push(s);
        }
        self.session_id = None;
    }

    fn finish(mut self) -> ParseResult<Vec<CryptoSession>> {
        // Every session prints its peer and at least one IKE SA or flow after the status.
        let truncated = self.cur.as_ref().is_some_and(|s| {
            s.peer.is_none() || s.status.is_none() || (s.ike_sas.is_empty() && s.flows.is_empty())
        });
        self.close();
        if self.understood == 0 {
            return Err(ParseError::Syntax {
                line: self.skipped.first().copied().unwrap_or(0),
                message: "no crypto session line".to_owned(),
            });
        }
        let mut p = Parsed::new(self.out);
        p.truncated = truncated;
        p.skipped = common::spans(self.skipped);
        Ok(p)
    }
}

/// Lines under an `IPSEC FLOW:`.
fn flow_line(flow: &mut SessionFlow, no: u32, t: &str) -> bool {
    if t.starts_with("Active SAs:") {
        flow.active_sas = common::value_after(t, "Active SAs:").and_then(common::parse_num);
        flow.origin = common::value_after(t, "origin:").map(str::to_owned);
    } else if t.starts_with("Inbound:") {
        flow.pkts_decrypted = common::word_after(t, "dec'ed").and_then(common::parse_counter);
        flow.drops_in = common::word_after(t, "drop").and_then(common::parse_counter);
        (flow.inbound_life_kb, flow.inbound_life_secs) = life(t);
    } else if t.starts_with("Outbound:") {
        flow.pkts_encrypted = common::word_after(t, "enc'ed").and_then(common::parse_counter);
        flow.drops_out = common::word_after(t, "drop").and_then(common::parse_counter);
        (flow.outbound_life_kb, flow.outbound_life_secs) = life(t);
    } else if !is_sa_dump_line(t) {
        return false;
    }
    flow.lines = flow.lines.join(LineSpan::line(no));
    true
}

/// Some builds print the `show crypto ipsec sa` body under a flow; it is accepted but not
/// repeated here (the ipsec-sa parser is the place for it).
fn is_sa_dump_line(t: &str) -> bool {
    const PREFIXES: &[&str] = &[
        "#pkts",
        "#send errors",
        "local crypto endpt",
        "path mtu",
        "plaintext mtu",
        "current outbound spi",
        "inbound esp sas",
        "outbound esp sas",
        "inbound ah sas",
        "outbound ah sas",
        "inbound pcp sas",
        "outbound pcp sas",
        "spi:",
        "transform:",
        "in use settings",
        "conn id:",
        "sa timing:",
        "replay detection support",
        "IV size:",
        "Status:",
        "PFS (Y/N)",
    ];
    PREFIXES.iter().any(|p| t.starts_with(p))
}

/// `life (KB/Sec) 4605665/2949` or `life (KB/Sec) KB Vol Rekey Disabled/3060`.
fn life(t: &str) -> (Option<u64>, Option<u64>) {
    let Some((_, v)) = t.split_once("(KB/Sec)") else {
        return (None, None);
    };
    let (kb, secs) = v.trim().rsplit_once('/').unwrap_or((v.trim(), ""));
    (common::parse_counter(kb), common::parse_counter(secs))
}

/// `IKEv1 SA: local ...` → (`Some("IKEv1")`, rest).
fn ike_sa_line(t: &str) -> Option<(Option<String>, &str)> {
    let (head, rest) = t.split_once(" SA:")?;
    match head {
        "IKE" => Some((None, rest)),
        "IKEv1" | "IKEv2" => Some((Some(head.to_owned()), rest)),
        _ => None,
    }
}

fn split_port(v: &str) -> (Option<String>, Option<u16>) {
    if v.is_empty() {
        return (None, None);
    }
    match v.rsplit_once('/') {
        Some((a, p)) => (Some(a.to_owned()), common::parse_num(p)),
        None => (Some(v.to_owned()), None),
    }
}

/// `(none)` and `none` mean absent.
fn vrf(v: &str) -> Option<String> {
    let v = v.trim();
    (!(v.is_empty() || v == "(none)" || v == "none")).then(|| v.to_owned())
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
    fn detail_session() {
        let t = "Crypto session current status\n\nInterface: Tunnel0\nUptime: 3d18h\nSession status: UP-ACTIVE\nPeer: 198.51.100.7 port 4500 fvrf: INET ivrf: (none)\n      Phase1_id: 198.51.100.7\n  Session ID: 70\n  IKEv2 SA: local 192.0.2.1/4500 remote 198.51.100.7/4500 Active\n          Capabilities:DN connid:4 lifetime:12:47:36\n  IPSEC FLOW: permit ip 0.0.0.0/0.0.0.0 0.0.0.0/0.0.0.0\n        Active SAs: 2, origin: crypto map\n        Inbound:  #pkts dec'ed 4033 drop 33 life (KB/Sec) 4607363/2513\n        Outbound: #pkts enc'ed 1326 drop 0 life (KB/Sec) KB Vol Rekey Disabled/2513\n";
        let p = parse(&lines(t)).unwrap();
        assert!(p.skipped.is_empty(), "{:?}", p.skipped);
        let s = p.records.first().unwrap();
        assert_eq!(s.status, Some(SessionStatus::UpActive));
        assert_eq!(s.uptime_secs, Some(3 * 86_400 + 18 * 3600));
        assert_eq!(s.fvrf.as_deref(), Some("INET"));
        assert_eq!(s.ivrf, None);
        let sa = s.ike_sas.first().unwrap();
        assert_eq!(sa.version.as_deref(), Some("IKEv2"));
        assert_eq!(sa.session_id, Some(70));
        assert_eq!(sa.remote_port, Some(4500));
        assert_eq!(sa.lifetime_secs, Some(12 * 3600 + 47 * 60 + 36));
        let f = s.flows.first().unwrap();
        assert_eq!(f.active_sas, Some(2));
        assert_eq!(f.drops_in, Some(33));
        assert_eq!(f.outbound_life_kb, None);
        assert_eq!(f.outbound_life_secs, Some(2513));
    }
}
