//! Line readers of `strongswan.statusall` (the record types, `detect` and `parse` live in
//! `statusall.rs`): strongSwan sections, IKE/CHILD SA lines and Libreswan pluto lines.

use super::super::fields::{split_host_port, uint};
use super::super::ike_problems::IkeProblem;
use super::statusall::{
    PlutoEvent, PlutoState, Section, StatusChildSa, StatusIkeSa, Statusall, SwanConnection,
};
use super::swanctl_list_sas::{ChildSaState, IkeSaState};
use crate::LineSpan;

/// `000 ` (or any 3-digit whack code) prefix of Libreswan status lines.
pub(super) fn strip_pluto_prefix(t: &str) -> &str {
    let b = t.as_bytes();
    if b.len() > 4 && b.iter().take(3).all(u8::is_ascii_digit) && b.get(3) == Some(&b' ') {
        t.get(4..).unwrap_or(t)
    } else {
        t
    }
}

pub(super) fn read_in_section(
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
    // statusall prints each IKE SA's lines together: only the last SA can continue.
    let existing = s
        .ike_sas
        .last_mut()
        .filter(|sa| sa.name == name && sa.unique_id == id);
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
pub(super) fn pluto_state(t: &str, no: u32) -> Option<PlutoState> {
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
pub(super) fn pluto_connection(t: &str, no: u32) -> Option<SwanConnection> {
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
pub(super) fn pluto_event(t: &str, no: u32) -> Option<PlutoEvent> {
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
