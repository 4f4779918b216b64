//! `strongswan.swanctl_list_sas`: strongSwan `swanctl --list-sas` (`swanctl -l`), strongSwan
//! 5.5–6.0: IKE SAs with their CHILD SAs, SPIs, traffic counters and traffic selectors.
//!
//! ```text
//! net-net: #1, ESTABLISHED, IKEv2, 0123456789abcdef_i* fedcba9876543210_r
//!   local  'gw.example.net' @ 203.0.113.10[4500]
//!   remote 'branch.example.net' @ 198.51.100.1[4500]
//!   AES_CBC-128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/ECP_256
//!   established 3021s ago, rekeying in 10452s, reauth in 39s
//!   net-net: #1, reqid 1, INSTALLED, TUNNEL-in-UDP, ESP:AES_GCM_16-128
//!     installed 3021s ago, rekeying in 480s, expires in 1221s
//!     in  c9a5d5d1 (-|0x00000042),  10084 bytes,    81 packets,     4s ago
//!     out c1b2c3d4 (-|0x00000042),   9184 bytes,    80 packets,     4s ago
//!     local  10.1.0.0/16
//!     remote 10.2.0.0/16
//! ```
//!
//! The `*` after an IKE SPI marks the local side (the initiator when on `_i`).

use serde::{Deserialize, Serialize};

use super::super::common::{open_enum, spans};
use super::super::fields::{is_prompt_line, port, split_host_port, uint};
use super::super::{Confidence, Line, ParseError, ParseResult, Parsed};
use crate::LineSpan;

open_enum! {
    /// IKE SA state (strongSwan `ike_sa_state_t`).
    pub enum IkeSaState {
        /// Created, not yet negotiating.
        Created => "CREATED",
        /// Negotiation in progress.
        Connecting => "CONNECTING",
        /// Up.
        Established => "ESTABLISHED",
        /// Passive (HA).
        Passive => "PASSIVE",
        /// Rekeying.
        Rekeying => "REKEYING",
        /// Replaced by a rekeyed SA.
        Rekeyed => "REKEYED",
        /// Being deleted.
        Deleting => "DELETING",
        /// Being destroyed.
        Destroying => "DESTROYING",
    }
}

open_enum! {
    /// CHILD SA state (strongSwan `child_sa_state_t`).
    pub enum ChildSaState {
        /// Created.
        Created => "CREATED",
        /// Trap policy installed (on demand).
        Routed => "ROUTED",
        /// Installing.
        Installing => "INSTALLING",
        /// Installed and passing traffic.
        Installed => "INSTALLED",
        /// Updating (MOBIKE).
        Updating => "UPDATING",
        /// Rekeying.
        Rekeying => "REKEYING",
        /// Replaced by a rekeyed SA.
        Rekeyed => "REKEYED",
        /// Retrying after a failure.
        Retrying => "RETRYING",
        /// Being deleted.
        Deleting => "DELETING",
        /// Deleted.
        Deleted => "DELETED",
        /// Being destroyed.
        Destroying => "DESTROYING",
    }
}

/// Traffic counters of one direction of a CHILD SA.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SaDirection {
    /// SPI (hex as printed).
    pub spi: String,
    /// Bytes.
    pub bytes: Option<u64>,
    /// Packets.
    pub packets: Option<u64>,
    /// Seconds since the last packet (`None` when no packet yet).
    pub last_s: Option<u64>,
}

/// A CHILD SA.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SwanChildSa {
    /// Child config name.
    pub name: String,
    /// Unique ID.
    pub unique_id: Option<u32>,
    /// reqid.
    pub reqid: Option<u32>,
    /// State.
    pub state: ChildSaState,
    /// Mode (`TUNNEL`, `TRANSPORT`, with `-in-UDP` when NAT-T encapsulated).
    pub mode: Option<String>,
    /// Protocol and algorithms (`ESP:AES_GCM_16-128`).
    pub proposal: Option<String>,
    /// Seconds since installed.
    pub installed_s: Option<u64>,
    /// Seconds to rekey.
    pub rekey_in_s: Option<u64>,
    /// Seconds to expiry.
    pub expires_in_s: Option<u64>,
    /// Inbound SA.
    pub inbound: Option<SaDirection>,
    /// Outbound SA.
    pub outbound: Option<SaDirection>,
    /// Local traffic selectors.
    pub local_ts: Vec<String>,
    /// Remote traffic selectors.
    pub remote_ts: Vec<String>,
    /// The lines.
    pub lines: LineSpan,
}

/// An IKE SA.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SwanIkeSa {
    /// Connection name.
    pub name: String,
    /// Unique ID.
    pub unique_id: Option<u32>,
    /// State.
    pub state: IkeSaState,
    /// `IKEv1` / `IKEv2`.
    pub version: Option<String>,
    /// Initiator SPI.
    pub spi_i: Option<String>,
    /// Responder SPI.
    pub spi_r: Option<String>,
    /// True when this host is the initiator (`*` on the `_i` SPI).
    pub local_is_initiator: Option<bool>,
    /// Local identity.
    pub local_id: Option<String>,
    /// Local address.
    pub local_address: Option<String>,
    /// Local port.
    pub local_port: Option<u16>,
    /// Remote identity.
    pub remote_id: Option<String>,
    /// Remote address.
    pub remote_address: Option<String>,
    /// Remote port.
    pub remote_port: Option<u16>,
    /// IKE proposal.
    pub proposal: Option<String>,
    /// Seconds since established.
    pub established_s: Option<u64>,
    /// Seconds to rekey.
    pub rekey_in_s: Option<u64>,
    /// Seconds to reauthentication.
    pub reauth_in_s: Option<u64>,
    /// Queued / active tasks (`IKE_SA_INIT`).
    pub tasks: Vec<String>,
    /// CHILD SAs.
    pub children: Vec<SwanChildSa>,
    /// The lines.
    pub lines: LineSpan,
}

/// Cheap check: `name: #N, STATE, IKEvN, spi_i spi_r` headers.
pub fn detect(lines: &[Line<'_>]) -> Option<Confidence> {
    lines
        .iter()
        .any(|l| ike_header(l.text).is_some())
        .then_some(0.95)
}

/// Parses `swanctl --list-sas`.
pub fn parse(lines: &[Line<'_>]) -> ParseResult<Vec<SwanIkeSa>> {
    let first = lines
        .iter()
        .find(|l| !l.text.trim().is_empty())
        .ok_or(ParseError::Empty)?;
    let mut sas: Vec<SwanIkeSa> = Vec::new();
    let mut skipped = Vec::new();
    let mut truncated = false;
    for line in lines {
        let raw = line.text;
        let t = raw.trim();
        if t.is_empty() || is_prompt_line(raw) {
            continue;
        }
        if let Some(mut sa) = ike_header(raw) {
            sa.lines = LineSpan::line(line.no);
            sas.push(sa);
            continue;
        }
        let Some(sa) = sas.last_mut() else {
            skipped.push(line.no);
            continue;
        };
        sa.lines.end = line.no;
        if let Some(mut child) = child_header(t) {
            child.lines = LineSpan::line(line.no);
            sa.children.push(child);
            continue;
        }
        let indent = raw.len() - raw.trim_start().len();
        let in_child = indent >= 4 && !sa.children.is_empty();
        let ok = if in_child {
            match sa.children.last_mut() {
                Some(c) => {
                    c.lines.end = line.no;
                    child_line(c, t, &mut truncated)
                }
                None => false,
            }
        } else {
            ike_line(sa, t)
        };
        if !ok {
            skipped.push(line.no);
        }
    }
    if sas.is_empty() {
        return Err(ParseError::Syntax {
            line: first.no,
            message: "expected `name: #N, STATE, IKEvN, ...` IKE SA lines".into(),
        });
    }
    let mut p = Parsed::new(sas);
    p.truncated = truncated;
    p.skipped = spans(skipped);
    Ok(p)
}

/// `net-net: #1, ESTABLISHED, IKEv2, 0123_i* 4567_r` at column 0.
fn ike_header(raw: &str) -> Option<SwanIkeSa> {
    if raw.starts_with(char::is_whitespace) {
        return None;
    }
    let (name, rest) = raw.split_once(": #")?;
    let mut parts = rest.split(',').map(str::trim);
    let unique_id = uint(parts.next()?);
    let state = parts.next()?;
    if !state.chars().all(|c| c.is_ascii_uppercase()) || state.is_empty() {
        return None;
    }
    let version = parts
        .next()
        .filter(|v| v.starts_with("IKEv"))
        .map(str::to_owned);
    let spis = parts.next().unwrap_or("");
    let mut spi_i = None;
    let mut spi_r = None;
    let mut local_is_initiator = None;
    for w in spis.split_whitespace() {
        if let Some(s) = w.strip_suffix("_i*").or_else(|| w.strip_suffix("_i")) {
            if w.ends_with('*') {
                local_is_initiator = Some(true);
            }
            spi_i = Some(s.to_owned());
        } else if let Some(s) = w.strip_suffix("_r*").or_else(|| w.strip_suffix("_r")) {
            if w.ends_with('*') {
                local_is_initiator = Some(false);
            }
            spi_r = Some(s.to_owned());
        }
    }
    Some(SwanIkeSa {
        name: name.trim().to_owned(),
        unique_id,
        state: IkeSaState::parse(state),
        version,
        spi_i,
        spi_r,
        local_is_initiator,
        local_id: None,
        local_address: None,
        local_port: None,
        remote_id: None,
        remote_address: None,
        remote_port: None,
        proposal: None,
        established_s: None,
        rekey_in_s: None,
        reauth_in_s: None,
        tasks: Vec::new(),
        children: Vec::new(),
        lines: LineSpan::line(0),
    })
}

/// `net-net: #1, reqid 1, INSTALLED, TUNNEL-in-UDP, ESP:AES_GCM_16-128`.
fn child_header(t: &str) -> Option<SwanChildSa> {
    let (name, rest) = t.split_once(": #")?;
    let mut parts = rest.split(',').map(str::trim);
    let unique_id = uint(parts.next()?);
    let reqid = parts.next()?.strip_prefix("reqid ").and_then(uint);
    let state = parts.next()?;
    let mode = parts.next().map(str::to_owned);
    let proposal = {
        let rest: Vec<&str> = parts.collect();
        (!rest.is_empty()).then(|| rest.join(", "))
    };
    Some(SwanChildSa {
        name: name.to_owned(),
        unique_id,
        reqid,
        state: ChildSaState::parse(state),
        mode,
        proposal,
        installed_s: None,
        rekey_in_s: None,
        expires_in_s: None,
        inbound: None,
        outbound: None,
        local_ts: Vec::new(),
        remote_ts: Vec::new(),
        lines: LineSpan::line(0),
    })
}

/// Seconds in `3021s ago` / `in 480s`.
fn secs(s: &str) -> Option<u64> {
    uint(s.trim().trim_end_matches('s'))
}

/// Reads `established 3021s ago, rekeying in 10452s, reauth in 39s`-style lists.
fn timers(t: &str, mut f: impl FnMut(&str, Option<u64>)) {
    for part in t.split(',') {
        let words: Vec<&str> = part.split_whitespace().collect();
        match words.as_slice() {
            [what, n, "ago"] => f(what, secs(n)),
            [what, "in", n] => f(what, secs(n)),
            _ => {}
        }
    }
}

fn ike_line(sa: &mut SwanIkeSa, t: &str) -> bool {
    let (head, rest) = t.split_once(char::is_whitespace).unwrap_or((t, ""));
    match head {
        "local" | "remote" => {
            // `'id' @ addr[port]` (the id may be `%any`).
            let (id, ep) = rest.split_once(" @ ").unwrap_or(("", rest));
            let id = id.trim().trim_matches('\'');
            let ep = ep.split_whitespace().next().unwrap_or("");
            let (addr, p) = split_host_port(ep);
            let id = (!id.is_empty()).then(|| id.to_owned());
            if head == "local" {
                sa.local_id = id;
                sa.local_address = Some(addr.to_owned());
                sa.local_port = port(p);
            } else {
                sa.remote_id = id;
                sa.remote_address = Some(addr.to_owned());
                sa.remote_port = port(p);
            }
            true
        }
        "established" => {
            timers(t, |what, n| match what {
                "established" => sa.established_s = n,
                "rekeying" => sa.rekey_in_s = n,
                "reauth" => sa.reauth_in_s = n,
                _ => {}
            });
            true
        }
        "queued:" | "active:" | "passive:" => {
            sa.tasks.extend(rest.split_whitespace().map(str::to_owned));
            true
        }
        _ if t.contains('/') && !t.contains(' ') => {
            sa.proposal = Some(t.to_owned());
            true
        }
        _ => false,
    }
}

fn child_line(c: &mut SwanChildSa, t: &str, truncated: &mut bool) -> bool {
    let (head, rest) = t.split_once(char::is_whitespace).unwrap_or((t, ""));
    match head {
        "installed" => {
            timers(t, |what, n| match what {
                "installed" => c.installed_s = n,
                "rekeying" => c.rekey_in_s = n,
                "expires" => c.expires_in_s = n,
                _ => {}
            });
            true
        }
        "in" | "out" => {
            let d = direction(rest, truncated);
            if head == "in" {
                c.inbound = d;
            } else {
                c.outbound = d;
            }
            true
        }
        "local" => {
            c.local_ts
                .extend(rest.split_whitespace().map(str::to_owned));
            true
        }
        "remote" => {
            c.remote_ts
                .extend(rest.split_whitespace().map(str::to_owned));
            true
        }
        _ => false,
    }
}

/// `c9a5d5d1 (-|0x00000042),  10084 bytes,    81 packets,     4s ago`.
fn direction(rest: &str, truncated: &mut bool) -> Option<SaDirection> {
    let mut parts = rest.split(',').map(str::trim);
    let spi = parts.next()?.split_whitespace().next()?.to_owned();
    let mut d = SaDirection {
        spi,
        bytes: None,
        packets: None,
        last_s: None,
    };
    let mut complete_fields = 0;
    for p in parts {
        let words: Vec<&str> = p.split_whitespace().collect();
        match words.as_slice() {
            [n, "bytes"] => {
                d.bytes = uint(n);
                complete_fields += 1;
            }
            [n, "packets"] => {
                d.packets = uint(n);
                complete_fields += 1;
            }
            [n, "ago"] => d.last_s = secs(n),
            _ => *truncated = true,
        }
    }
    if complete_fields < 2 {
        *truncated = true;
    }
    Some(d)
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
    fn ike_and_child() {
        let t = "net-net: #1, ESTABLISHED, IKEv2, 0123456789abcdef_i* fedcba9876543210_r\n  \
                 local  'gw' @ 203.0.113.10[4500]\n  remote 'br' @ 198.51.100.1[4500]\n  \
                 AES_CBC-128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/ECP_256\n  \
                 established 3021s ago, rekeying in 10452s, reauth in 39s\n  \
                 net-net: #1, reqid 1, INSTALLED, TUNNEL-in-UDP, ESP:AES_GCM_16-128\n    \
                 installed 3021s ago, rekeying in 480s, expires in 1221s\n    \
                 in  c9a5d5d1 (-|0x00000042),  10084 bytes,    81 packets,     4s ago\n    \
                 out c1b2c3d4,      0 bytes,     0 packets\n    local  10.1.0.0/16\n    remote 10.2.0.0/16\n";
        let l = lines(t);
        assert_eq!(detect(&l), Some(0.95));
        let p = parse(&l).unwrap();
        assert!(p.skipped.is_empty());
        assert!(!p.truncated);
        let sa = &p.records[0];
        assert_eq!(sa.state, IkeSaState::Established);
        assert_eq!(sa.local_is_initiator, Some(true));
        assert_eq!(sa.remote_address.as_deref(), Some("198.51.100.1"));
        assert_eq!(sa.remote_port, Some(4500));
        assert_eq!(sa.reauth_in_s, Some(39));
        let c = &sa.children[0];
        assert_eq!(c.state, ChildSaState::Installed);
        assert_eq!(c.inbound.as_ref().and_then(|d| d.bytes), Some(10084));
        assert_eq!(c.outbound.as_ref().and_then(|d| d.last_s), None);
        assert_eq!(c.remote_ts, vec!["10.2.0.0/16"]);
        assert_eq!(c.lines, LineSpan::new(6, 11));
    }

    #[test]
    fn garbage() {
        assert!(parse(&lines("foo: #bar, baz\n  qux")).is_err());
    }
}
