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

use serde::Serialize;

use super::super::common::spans;
use super::super::fields::{is_prompt_line, split_host_port, uint};
use super::super::ike_problems::IkeProblem;
use super::super::{Confidence, Line, ParseError, ParseResult, Parsed};
use super::swanctl_list_sas::{ChildSaState, IkeSaState};
use crate::LineSpan;

/// A configured connection (`Connections:` section).
#[derive(Debug, Clone, PartialEq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize)]
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
enum Section {
    None,
    Daemon,
    Listening,
    Connections,
    Shunted,
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

/// `000 ` (or any 3-digit whack code) prefix of Libreswan status lines.
fn strip_pluto_prefix(t: &str) -> &str {
    let b = t.as_bytes();
    if b.len() > 4 && b.iter().take(3).all(u8::is_ascii_digit) && b.get(3) == Some(&b' ') {
        t.get(4..).unwrap_or(t)
    } else {
        t
    }
}

fn read_in_section(
    s: &mut Statusall,
    section: Section,
    t: &str,
    no: u32,
    truncated: &mut bool,
) -> bool {
    match section {
        Section::Daemon => {
            // `uptime:`, `malloc`, `worker threads:`, `loaded plugins:`: all daemon details.
            if let Some(u) = t.strip_prefix("uptime:") {
                s.uptime = Some(u.trim().to_owned());
            }
            true
        }
        Section::Listening => {
            s.listening.push(t.to_owned());
            true
        }
        Section::Connections => connection_line(s, t, no),
        Section::Shunted => {
            let rest = t.split_once(": ").map_or(t, |(_, r)| r);
            s.shunted.push(rest.trim().to_owned());
            true
        }
        Section::Sas => sa_line(s, t, no, truncated),
        Section::None => false,
    }
}

/// `name:  a...b  IKEv2, ...`, `name:   local:  [id] uses ...`, `name:   child:  x === y MODE`.
fn connection_line(s: &mut Statusall, t: &str, no: u32) -> bool {
    let Some((name, rest)) = t.split_once(':') else {
        return false;
    };
    let rest = rest.trim();
    let name = name.trim();
    if let Some(v) = rest.strip_prefix("local:") {
        return with_conn(s, name, no, |c| c.local_auth = Some(v.trim().to_owned()));
    }
    if let Some(v) = rest.strip_prefix("remote:") {
        return with_conn(s, name, no, |c| c.remote_auth = Some(v.trim().to_owned()));
    }
    if let Some(v) = rest.strip_prefix("child:") {
        return with_conn(s, name, no, |c| c.children.push(v.trim().to_owned()));
    }
    let (peers, options) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    let Some((l, r)) = peers.split_once("...") else {
        return false;
    };
    s.connections.push(SwanConnection {
        name: name.to_owned(),
        local_address: Some(l.to_owned()),
        remote_address: Some(r.to_owned()),
        options: Some(options.trim().to_owned()).filter(|o| !o.is_empty()),
        local_auth: None,
        remote_auth: None,
        children: Vec::new(),
        lines: LineSpan::line(no),
    });
    true
}

fn with_conn(s: &mut Statusall, name: &str, no: u32, f: impl FnOnce(&mut SwanConnection)) -> bool {
    match s.connections.iter_mut().rev().find(|c| c.name == name) {
        Some(c) => {
            c.lines.end = no;
            f(c);
            true
        }
        None => false,
    }
}

/// `name[1]: ...` (IKE SA) or `name{1}: ...` (CHILD SA) lines.
fn sa_line(s: &mut Statusall, t: &str, no: u32, truncated: &mut bool) -> bool {
    if t == "none" {
        return true;
    }
    if let Some((name, id, rest)) = keyed(t, '[', ']') {
        return ike_sa_line(s, name, id, rest, no, truncated);
    }
    if let Some((name, id, rest)) = keyed(t, '{', '}') {
        return child_sa_line(s, name, id, rest, no);
    }
    false
}

/// `name[1]: rest` → (name, 1, rest).
fn keyed(t: &str, open: char, close: char) -> Option<(&str, Option<u32>, &str)> {
    let (head, rest) = t.split_once(": ")?;
    let o = head.rfind(open)?;
    let id = head.get(o + 1..)?.strip_suffix(close)?;
    Some((head.get(..o)?.trim(), uint(id), rest.trim()))
}

fn ike_sa_line(
    s: &mut Statusall,
    name: &str,
    id: Option<u32>,
    rest: &str,
    no: u32,
    truncated: &mut bool,
) -> bool {
    let existing = s
        .ike_sas
        .iter_mut()
        .rev()
        .find(|sa| sa.name == name && sa.unique_id == id);
    if let Some(sa) = existing {
        sa.lines.end = no;
        if let Some(p) = rest.strip_prefix("IKE proposal:") {
            sa.proposal = Some(p.trim().to_owned());
        } else if let Some((ver, spis)) = rest.split_once(" SPIs:") {
            sa.version = Some(ver.trim().to_owned());
            let spis = spis.split(',').next().unwrap_or("");
            for w in spis.split_whitespace() {
                let w = w.trim_end_matches('*');
                if let Some(i) = w.strip_suffix("_i") {
                    sa.spi_i = Some(i.to_owned());
                } else if let Some(r) = w.strip_suffix("_r") {
                    sa.spi_r = Some(r.to_owned());
                }
            }
        }
        return true;
    }
    // `ESTABLISHED 50 minutes ago, a[id]...b[id]` / `CONNECTING, a[%any]...b[%any]`.
    let (state_part, peers) = rest.split_once(", ").unwrap_or((rest, ""));
    let mut words = state_part.split_whitespace();
    let Some(state) = words.next() else {
        return false;
    };
    if !state.chars().all(|c| c.is_ascii_uppercase()) {
        return false;
    }
    let since: Vec<&str> = words.collect();
    let (local, remote) = peers.split_once("...").unwrap_or((peers, ""));
    *truncated |= remote.is_empty() || !remote.ends_with(']');
    let (la, lid) = addr_id(local);
    let (ra, rid) = addr_id(remote);
    s.ike_sas.push(StatusIkeSa {
        name: name.to_owned(),
        unique_id: id,
        state: IkeSaState::parse(state),
        since: (!since.is_empty()).then(|| since.join(" ")),
        local_address: la,
        local_id: lid,
        remote_address: ra,
        remote_id: rid,
        version: None,
        spi_i: None,
        spi_r: None,
        proposal: None,
        children: Vec::new(),
        lines: LineSpan::line(no),
    });
    true
}

/// `203.0.113.10[gw.example.net]` → (address, id).
fn addr_id(s: &str) -> (Option<String>, Option<String>) {
    let s = s.trim();
    if s.is_empty() {
        return (None, None);
    }
    let (a, id) = split_host_port(s);
    (Some(a.to_owned()), id.map(str::to_owned))
}

fn child_sa_line(s: &mut Statusall, name: &str, id: Option<u32>, rest: &str, no: u32) -> bool {
    let Some(ike) = s.ike_sas.iter_mut().rev().find(|sa| sa.name == name) else {
        return false;
    };
    ike.lines.end = no;
    let child = match ike.children.iter_mut().position(|c| c.unique_id == id) {
        Some(i) => ike.children.get_mut(i),
        None => {
            ike.children.push(StatusChildSa {
                name: name.to_owned(),
                unique_id: id,
                state: None,
                mode: None,
                reqid: None,
                spi_in: None,
                spi_out: None,
                proposal: None,
                bytes_in: None,
                packets_in: None,
                bytes_out: None,
                packets_out: None,
                traffic_selectors: Vec::new(),
                lines: LineSpan::line(no),
            });
            ike.children.last_mut()
        }
    };
    let Some(c) = child else { return false };
    c.lines.end = no;
    if rest.contains(" === ") {
        c.traffic_selectors.push(rest.to_owned());
        return true;
    }
    let first = rest.split(',').next().unwrap_or("").trim();
    if first.chars().all(|ch| ch.is_ascii_uppercase())
        && !first.is_empty()
        && rest.contains("reqid")
    {
        // `INSTALLED, TUNNEL, reqid 1, ESP in UDP SPIs: c9a5d5d1_i c1b2c3d4_o`
        c.state = Some(ChildSaState::parse(first));
        let mut parts = rest.split(',').map(str::trim).skip(1);
        c.mode = parts.next().map(str::to_owned);
        for p in parts {
            if let Some(r) = p.strip_prefix("reqid ") {
                c.reqid = uint(r);
            } else if let Some((_, spis)) = p.split_once("SPIs:") {
                for w in spis.split_whitespace() {
                    if let Some(i) = w.strip_suffix("_i") {
                        c.spi_in = Some(i.to_owned());
                    } else if let Some(o) = w.strip_suffix("_o") {
                        c.spi_out = Some(o.to_owned());
                    }
                }
            }
        }
        return true;
    }
    // `AES_GCM_16_128, 10084 bytes_i (81 pkts, 4s ago), 9184 bytes_o (80 pkts, 4s ago), ...`
    c.proposal = Some(first.to_owned());
    for (bytes_key, dir_in) in [("bytes_i", true), ("bytes_o", false)] {
        if let Some(pos) = rest.find(bytes_key) {
            let before = rest.get(..pos).unwrap_or("");
            let bytes = before.split_whitespace().last().and_then(uint);
            let after = rest.get(pos + bytes_key.len()..).unwrap_or("");
            let pkts = after
                .trim_start()
                .strip_prefix('(')
                .and_then(|r| r.split_whitespace().next())
                .and_then(uint);
            if dir_in {
                c.bytes_in = bytes;
                c.packets_in = pkts;
            } else {
                c.bytes_out = bytes;
                c.packets_out = pkts;
            }
        }
    }
    true
}

/// Words of a Libreswan state that mean an established SA.
const ESTABLISHED_WORDS: &[&str] = &["established", "ESTABLISHED"];

/// `#1: "conn":500 STATE_MAIN_I4 (ISAKMP SA established); EVENT_SA_REPLACE in 2591s; ...`
/// and `#2: "conn" esp.a1b2c3d4@... Traffic: ...`.
fn pluto_state(t: &str, no: u32) -> Option<PlutoState> {
    let rest = t.strip_prefix('#')?;
    let (serial, rest) = rest.split_once(": \"")?;
    let serial = uint(serial)?;
    let (conn, rest) = rest.split_once('"')?;
    let rest = rest
        .trim_start_matches(|c: char| c == ':' || c.is_ascii_digit())
        .trim();
    let state = rest
        .split_whitespace()
        .next()
        .filter(|w| w.starts_with("STATE_"))
        .map(str::to_owned);
    let description = rest
        .split_once('(')
        .and_then(|(_, d)| d.split_once(')'))
        .map(|(d, _)| d.to_owned())
        .filter(|_| state.is_some());
    let established = description
        .as_deref()
        .is_some_and(|d| ESTABLISHED_WORDS.iter().any(|w| d.contains(w)))
        || state.as_deref().is_some_and(|s| s.contains("ESTABLISHED"));
    let detail = state
        .is_none()
        .then(|| rest.to_owned())
        .filter(|d| !d.is_empty());
    Some(PlutoState {
        serial,
        connection: conn.to_owned(),
        state,
        description,
        established,
        detail,
        lines: LineSpan::line(no),
    })
}

/// `"conn": left===a<a>[id]...b<b>[id]===right; erouted; ...` (Libreswan connection status).
fn pluto_connection(t: &str, no: u32) -> Option<SwanConnection> {
    let rest = t.strip_prefix('"')?;
    let (name, rest) = rest.split_once("\": ")?;
    let (topology, options) = rest.split_once(';').unwrap_or((rest, ""));
    let (left, right) = topology.trim().split_once("...")?;
    // `subnet===addr<nexthop>[id]` on the left, `addr<nexthop>[id]===subnet` on the right.
    let (l_net, l_host) = left
        .rsplit_once("===")
        .map_or((None, left), |(n, h)| (Some(n), h));
    let (r_host, r_net) = right
        .split_once("===")
        .map_or((right, None), |(h, n)| (h, Some(n)));
    let host = |h: &str| {
        let a = h.split(['<', '[']).next().unwrap_or(h).trim();
        (!a.is_empty()).then(|| a.to_owned())
    };
    let id = |h: &str| {
        h.split_once('[')
            .and_then(|(_, r)| r.split_once(']'))
            .map(|(i, _)| i.to_owned())
    };
    let children = match (l_net, r_net) {
        (Some(l), Some(r)) => vec![format!("{l} === {r}")],
        _ => Vec::new(),
    };
    Some(SwanConnection {
        name: name.to_owned(),
        local_address: host(l_host),
        remote_address: host(r_host),
        options: Some(options.trim().to_owned()).filter(|o| !o.is_empty()),
        local_auth: id(l_host),
        remote_auth: id(r_host),
        children,
        lines: LineSpan::line(no),
    })
}

/// `"conn" #1: message` (pluto console / log).
fn pluto_event(t: &str, no: u32) -> Option<PlutoEvent> {
    let rest = t.strip_prefix('"')?;
    let (conn, rest) = rest.split_once('"')?;
    let rest = rest.trim_start();
    // Events carry a state serial; `"conn": ...` lines without one describe the connection.
    let r = rest.strip_prefix('#')?;
    let (n, m) = r.split_once(':')?;
    let (serial, message) = (uint(n), m.trim());
    let established = message.contains("SA established")
        || message.contains("established IKE SA")
        || message.contains("established Child SA");
    Some(PlutoEvent {
        connection: conn.to_owned(),
        serial,
        message: message.to_owned(),
        established,
        problem: if established {
            None
        } else {
            IkeProblem::find_in(message)
        },
        lines: LineSpan::line(no),
    })
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
