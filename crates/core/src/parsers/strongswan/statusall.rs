//! `strongswan.statusall`: `ipsec statusall` / `ipsec status` from strongSwan (stroke, 5.x)
//! and the same commands on Libreswan (`000 ` prefixed pluto status), plus the pluto console
//! lines of a Libreswan test transcript (`"conn" #1: ISAKMP SA established {...}`).
//!
//! ```text
//! Status of IKE charon daemon (strongSwan 5.9.8, Linux 6.1.0, x86_64):
//! Connections:
//!      net-net:  203.0.113.10...198.51.100.1  IKEv2, dpddelay=30s
//! Security Associations (1 up, 0 connecting):
//!      net-net[1]: ESTABLISHED 50 minutes ago, 203.0.113.10[gw]...198.51.100.1[branch]
//!      net-net{1}:  INSTALLED, TUNNEL, reqid 1, ESP in UDP SPIs: c9a5d5d1_i c1b2c3d4_o
//!      net-net{1}:   10.1.0.0/16 === 10.2.0.0/16
//! ```
//!
//! CHILD SAs are attached to the IKE SA of the same connection printed above them. Lines of
//! other commands in a console transcript (shell echoes, `ip xfrm` dumps) are skipped.

use serde::{Deserialize, Serialize};

use super::super::common::spans;
use super::super::fields::{is_prompt_line, uint};
use super::super::ike_problems::IkeProblem;
use super::super::{Confidence, Line, ParseError, ParseResult, Parsed};
use super::statusall_parser::{
    pluto_connection, pluto_event, pluto_state, read_in_section, strip_pluto_prefix,
};
use super::swanctl_list_sas::{ChildSaState, IkeSaState};
use crate::LineSpan;

/// A configured connection (`Connections:` section).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SwanConnection {
    /// Connection name.
    pub name: String,
    /// Local address (`%any` allowed).
    pub local_address: Option<String>,
    /// Remote address.
    pub remote_address: Option<String>,
    /// IKE version and options (`IKEv2, dpddelay=30s`).
    pub options: Option<String>,
    /// Local identity and authentication (`[gw] uses pre-shared key authentication`).
    pub local_auth: Option<String>,
    /// Remote identity and authentication.
    pub remote_auth: Option<String>,
    /// Child configs: `local_ts === remote_ts MODE`.
    pub children: Vec<String>,
    /// The lines.
    pub lines: LineSpan,
}

/// A CHILD SA of `statusall`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusChildSa {
    /// Connection name.
    pub name: String,
    /// Unique ID (`{1}`).
    pub unique_id: Option<u32>,
    /// State.
    pub state: Option<ChildSaState>,
    /// Mode (`TUNNEL`).
    pub mode: Option<String>,
    /// reqid.
    pub reqid: Option<u32>,
    /// Inbound SPI.
    pub spi_in: Option<String>,
    /// Outbound SPI.
    pub spi_out: Option<String>,
    /// Algorithms (`AES_GCM_16_128`).
    pub proposal: Option<String>,
    /// Inbound bytes.
    pub bytes_in: Option<u64>,
    /// Inbound packets.
    pub packets_in: Option<u64>,
    /// Outbound bytes.
    pub bytes_out: Option<u64>,
    /// Outbound packets.
    pub packets_out: Option<u64>,
    /// Traffic selectors (`local === remote`).
    pub traffic_selectors: Vec<String>,
    /// The lines.
    pub lines: LineSpan,
}

/// An IKE SA of `statusall`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusIkeSa {
    /// Connection name.
    pub name: String,
    /// Unique ID (`[1]`).
    pub unique_id: Option<u32>,
    /// State.
    pub state: IkeSaState,
    /// How long ago it reached the state (`50 minutes ago`).
    pub since: Option<String>,
    /// Local address.
    pub local_address: Option<String>,
    /// Local identity.
    pub local_id: Option<String>,
    /// Remote address.
    pub remote_address: Option<String>,
    /// Remote identity.
    pub remote_id: Option<String>,
    /// `IKEv1`/`IKEv2`.
    pub version: Option<String>,
    /// Initiator SPI.
    pub spi_i: Option<String>,
    /// Responder SPI.
    pub spi_r: Option<String>,
    /// IKE proposal.
    pub proposal: Option<String>,
    /// CHILD SAs.
    pub children: Vec<StatusChildSa>,
    /// The lines.
    pub lines: LineSpan,
}

/// A Libreswan pluto state (`#1: "conn":500 STATE_MAIN_I4 (ISAKMP SA established); ...`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlutoState {
    /// State serial (`#1`).
    pub serial: u32,
    /// Connection name.
    pub connection: String,
    /// State name (`STATE_MAIN_I4`, `STATE_V2_ESTABLISHED_IKE_SA`).
    pub state: Option<String>,
    /// Description in parentheses.
    pub description: Option<String>,
    /// True when the state is an established SA.
    pub established: bool,
    /// The rest of an SA line without a state (`esp.SPI@peer ... Traffic: ESPin=1KB ...`).
    pub detail: Option<String>,
    /// The line.
    pub lines: LineSpan,
}

/// A Libreswan pluto console event (`"conn" #2: IPsec SA established tunnel mode {...}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlutoEvent {
    /// Connection name.
    pub connection: String,
    /// State serial.
    pub serial: Option<u32>,
    /// The message.
    pub message: String,
    /// True when an SA was established.
    pub established: bool,
    /// Problem class of a failure message.
    pub problem: Option<IkeProblem>,
    /// The line.
    pub lines: LineSpan,
}

/// Everything read from a status output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Statusall {
    /// Daemon and version (`strongSwan 5.9.8, Linux ..., x86_64`).
    pub daemon: Option<String>,
    /// Uptime line.
    pub uptime: Option<String>,
    /// Listening addresses.
    pub listening: Vec<String>,
    /// Configured connections.
    pub connections: Vec<SwanConnection>,
    /// Shunted / bypass policies (`local === remote PASS`).
    pub shunted: Vec<String>,
    /// `Security Associations (N up, ...)`.
    pub sas_up: Option<u32>,
    /// `(..., N connecting)`.
    pub sas_connecting: Option<u32>,
    /// IKE SAs.
    pub ike_sas: Vec<StatusIkeSa>,
    /// Libreswan states.
    pub pluto_states: Vec<PlutoState>,
    /// Libreswan console events.
    pub pluto_events: Vec<PlutoEvent>,
    /// The lines.
    pub lines: LineSpan,
}

/// Section of the strongSwan output being read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Section {
    /// Before any section title.
    None,
    /// `Status of IKE charon daemon`.
    Daemon,
    /// `Listening IP addresses:`.
    Listening,
    /// `Connections:`.
    Connections,
    /// `Shunted Connections:` / `Routed Connections:`.
    Shunted,
    /// `Security Associations (...)`.
    Sas,
}

/// Cheap check: the `Status of IKE charon daemon` banner, `Security Associations (` or
/// Libreswan `000 #N: "conn"` / `"conn" #N:` lines.
pub fn detect(lines: &[Line<'_>]) -> Option<Confidence> {
    let mut pluto = 0usize;
    for l in lines {
        let t = l.text.trim_start();
        if t.starts_with("Status of IKE charon daemon") || t.starts_with("Security Associations (")
        {
            return Some(0.95);
        }
        // `#N: "conn"` states and `"conn" #N:` events, checked without building records.
        let body = strip_pluto_prefix(t);
        let state = body.starts_with('#') && body.contains(": \"");
        let event = body.starts_with('"') && body.contains("\" #");
        if state || event {
            pluto += 1;
        }
    }
    match pluto {
        0 => None,
        1 => Some(0.6),
        _ => Some(0.85),
    }
}

/// Parses status output.
pub fn parse(lines: &[Line<'_>]) -> ParseResult<Statusall> {
    let first = lines
        .iter()
        .find(|l| !l.text.trim().is_empty())
        .ok_or(ParseError::Empty)?;
    let mut s = Statusall {
        daemon: None,
        uptime: None,
        listening: Vec::new(),
        connections: Vec::new(),
        shunted: Vec::new(),
        sas_up: None,
        sas_connecting: None,
        ike_sas: Vec::new(),
        pluto_states: Vec::new(),
        pluto_events: Vec::new(),
        lines: LineSpan::line(first.no),
    };
    let mut section = Section::None;
    let mut skipped = Vec::new();
    let mut understood = 0usize;
    let mut truncated = false;
    for line in lines {
        let raw = line.text;
        let t = raw.trim();
        if t.is_empty() || is_prompt_line(raw) {
            continue;
        }
        let body = strip_pluto_prefix(t);
        if let Some(st) = pluto_state(body, line.no) {
            s.pluto_states.push(st);
            understood += 1;
            s.lines.end = line.no;
            continue;
        }
        if let Some(ev) = pluto_event(body, line.no) {
            s.pluto_events.push(ev);
            understood += 1;
            s.lines.end = line.no;
            continue;
        }
        if let Some(c) = pluto_connection(body, line.no) {
            s.connections.push(c);
            understood += 1;
            s.lines.end = line.no;
            continue;
        }
        if body != t || body.starts_with('"') {
            // Other `000 ` status lines (interfaces, algorithms, totals, per-connection
            // details) are Libreswan's.
            understood += 1;
            s.lines.end = line.no;
            continue;
        }
        if let Some(d) = t.strip_prefix("Status of IKE charon daemon") {
            s.daemon = Some(
                d.trim()
                    .trim_start_matches('(')
                    .trim_end_matches("):")
                    .to_owned(),
            );
            section = Section::Daemon;
        } else if t == "Listening IP addresses:" {
            section = Section::Listening;
        } else if t == "Connections:" {
            section = Section::Connections;
        } else if t == "Shunted Connections:" || t == "Routed Connections:" {
            section = Section::Shunted;
        } else if let Some(counts) = t.strip_prefix("Security Associations (") {
            section = Section::Sas;
            for part in counts.trim_end_matches("):").split(',') {
                let mut w = part.split_whitespace();
                let n = w.next().and_then(uint);
                match w.next() {
                    Some("up") => s.sas_up = n,
                    Some("connecting") => s.sas_connecting = n,
                    _ => {}
                }
            }
        } else if !read_in_section(&mut s, section, t, line.no, &mut truncated) {
            skipped.push(line.no);
            continue;
        }
        understood += 1;
        s.lines.end = line.no;
    }
    if understood == 0 {
        return Err(ParseError::Syntax {
            line: first.no,
            message: "expected `ipsec statusall` output (`Status of IKE charon daemon`, `Security Associations`) or Libreswan status lines".into(),
        });
    }
    let mut p = Parsed::new(s);
    p.truncated = truncated;
    p.skipped = spans(skipped);
    Ok(p)
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
    fn strongswan_sections() {
        let t = "Status of IKE charon daemon (strongSwan 5.9.8, Linux 6.1.0, x86_64):\n  uptime: 2 hours, since Nov 22 08:00:01 2024\n\
                 Listening IP addresses:\n  203.0.113.10\nConnections:\n     net-net:  203.0.113.10...198.51.100.1  IKEv2, dpddelay=30s\n\
                 \x20    net-net:   local:  [gw] uses pre-shared key authentication\n\
                 \x20    net-net:   child:  10.1.0.0/16 === 10.2.0.0/16 TUNNEL\n\
                 Security Associations (1 up, 0 connecting):\n\
                 \x20    net-net[1]: ESTABLISHED 50 minutes ago, 203.0.113.10[gw]...198.51.100.1[br]\n\
                 \x20    net-net[1]: IKEv2 SPIs: 0123_i* 4567_r, pre-shared key reauthentication in 2 hours\n\
                 \x20    net-net{1}:  INSTALLED, TUNNEL, reqid 1, ESP in UDP SPIs: c9a5d5d1_i c1b2c3d4_o\n\
                 \x20    net-net{1}:  AES_GCM_16_128, 10084 bytes_i (81 pkts, 4s ago), 9184 bytes_o (80 pkts, 4s ago), rekeying in 8 minutes\n\
                 \x20    net-net{1}:   10.1.0.0/16 === 10.2.0.0/16\n";
        let l = lines(t);
        assert_eq!(detect(&l), Some(0.95));
        let p = parse(&l).unwrap();
        assert!(p.skipped.is_empty(), "{:?}", p.skipped);
        let s = p.records;
        assert_eq!(
            s.daemon.as_deref(),
            Some("strongSwan 5.9.8, Linux 6.1.0, x86_64")
        );
        assert_eq!(s.listening, vec!["203.0.113.10"]);
        assert_eq!(s.connections[0].children.len(), 1);
        assert_eq!(s.sas_up, Some(1));
        let sa = &s.ike_sas[0];
        assert_eq!(sa.state, IkeSaState::Established);
        assert_eq!(sa.remote_id.as_deref(), Some("br"));
        assert_eq!(sa.spi_i.as_deref(), Some("0123"));
        let c = &sa.children[0];
        assert_eq!(c.spi_out.as_deref(), Some("c1b2c3d4"));
        assert_eq!((c.bytes_in, c.packets_out), (Some(10084), Some(80)));
        assert_eq!(c.traffic_selectors.len(), 1);
    }

    #[test]
    fn libreswan_states_and_events() {
        let t = "000 #1: \"west\":500 STATE_MAIN_I4 (ISAKMP SA established); EVENT_SA_REPLACE in 2591s\n\
                 \"west\" #2: IPsec SA established tunnel mode {ESP=>0xESPESP}\n\
                 \"west\" #3: STATE_MAIN_I1: 60 second timeout exceeded after 7 retransmits. No response\n";
        let l = lines(t);
        assert_eq!(detect(&l), Some(0.85));
        let s = parse(&l).unwrap().records;
        assert!(s.pluto_states[0].established);
        assert!(s.pluto_events[0].established);
        assert_eq!(s.pluto_events[1].problem, Some(IkeProblem::Timeout));
    }

    #[test]
    fn garbage() {
        assert!(parse(&lines("Status of my mood: great\nConnections: many")).is_err());
    }
}
