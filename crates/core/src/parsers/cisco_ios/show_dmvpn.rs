//! `show dmvpn [detail]` — Cisco IOS / IOS-XE DMVPN (NHRP) peers per tunnel interface.
//!
//! Seen on IOS 15.x and IOS-XE 16/17: a legend, then per interface `Interface: TunnelN,
//! IPv4 NHRP Details`, `Type:Spoke, NHRP Peers:2,` and a peer table
//! (`# Ent  Peer NBMA Addr Peer Tunnel Add State  UpDn Tm Attrb`).
//!
//! ```text
//! Interface: Tunnel100, IPv4 NHRP Details
//! Type:Spoke, NHRP Peers:2,
//!  # Ent  Peer NBMA Addr Peer Tunnel Add State  UpDn Tm Attrb
//!      1 192.0.2.3            10.253.0.1    UP 03:19:46     S
//! ```

use serde::{Deserialize, Serialize};

use crate::LineSpan;
use crate::parsers::common;
use crate::parsers::{Confidence, Line, ParseError, ParseResult, Parsed};

/// One NHRP peer of a DMVPN tunnel.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DmvpnPeer {
    /// Tunnel interface.
    pub interface: Option<String>,
    /// Role of this router on the interface (`Spoke`, `Hub`).
    pub role: Option<String>,
    /// Number of NHRP entries with this NBMA peer.
    pub entries: Option<u32>,
    /// Peer NBMA (underlay) address.
    pub nbma_address: String,
    /// Peer tunnel (overlay) address.
    pub tunnel_address: Option<String>,
    /// State (`UP`, `NHRP`, `IKE`, `IPSEC`, `DOWN`).
    pub state: Option<String>,
    /// Up/down time as printed.
    pub updn_time: Option<String>,
    /// Up/down time in seconds.
    pub updn_secs: Option<u64>,
    /// Attribute codes (`S`, `D`, `DT1`...).
    pub attributes: Option<String>,
    /// Source line.
    pub lines: LineSpan,
}

/// Cheap check.
pub fn detect(lines: &[Line<'_>]) -> Option<Confidence> {
    lines
        .iter()
        .filter_map(|l| {
            let t = l.text.trim();
            if t.contains("NHRP Details") || (t.starts_with("# Ent") && t.contains("Peer NBMA")) {
                Some(0.95)
            } else if t.starts_with("Legend: Attrb")
                || (t.starts_with("Type:") && t.contains("NHRP Peers:"))
            {
                Some(0.9)
            } else {
                None
            }
        })
        .reduce(Confidence::max)
}

/// Parses the output.
pub fn parse(lines: &[Line<'_>]) -> ParseResult<Vec<DmvpnPeer>> {
    if lines.iter().all(common::is_blank) {
        return Err(ParseError::Empty);
    }
    let mut out = Vec::new();
    let (mut interface, mut role): (Option<String>, Option<String>) = (None, None);
    let mut legend = false;
    let mut skipped = Vec::new();
    let mut understood = 0usize;
    for line in lines {
        let t = line.text.trim();
        if t.is_empty() {
            continue;
        }
        if t.starts_with("Legend:") {
            legend = true;
            understood += 1;
            continue;
        }
        if t.chars().all(|c| c == '=' || c == '-' || c.is_whitespace()) {
            legend = false;
            understood += 1;
            continue;
        }
        if let Some(v) = t.strip_prefix("Interface:") {
            legend = false;
            interface = v.split(',').next().map(|s| s.trim().to_owned());
            understood += 1;
            continue;
        }
        if t.starts_with("Type:") && t.contains("NHRP Peers") {
            role = common::comma_pairs(t, ':')
                .into_iter()
                .find(|(k, _)| *k == "Type")
                .map(|(_, v)| v.to_owned());
            understood += 1;
            continue;
        }
        if t.starts_with("# Ent") {
            understood += 1;
            continue;
        }
        if legend {
            understood += 1;
            continue;
        }
        match row(line.no, t) {
            Some(mut p) => {
                p.interface.clone_from(&interface);
                p.role.clone_from(&role);
                out.push(p);
                understood += 1;
            }
            None => skipped.push(line.no),
        }
    }
    if understood == 0 {
        return Err(ParseError::Syntax {
            line: skipped.first().copied().unwrap_or(0),
            message: "no DMVPN interface or peer row".to_owned(),
        });
    }
    let mut p = Parsed::new(out);
    p.skipped = common::spans(skipped);
    Ok(p)
}

/// `1 192.0.2.3   10.253.0.1    UP 03:19:46     S`
fn row(no: u32, t: &str) -> Option<DmvpnPeer> {
    let toks: Vec<&str> = t.split_whitespace().collect();
    let [ent, nbma, tunnel, state, rest @ ..] = toks.as_slice() else {
        return None;
    };
    let entries: u32 = ent.parse().ok()?;
    if !common::is_addr(nbma) {
        return None;
    }
    let updn = rest.first().map(|s| (*s).to_owned());
    Some(DmvpnPeer {
        interface: None,
        role: None,
        entries: Some(entries),
        nbma_address: (*nbma).to_owned(),
        tunnel_address: Some((*tunnel).to_owned()),
        state: Some((*state).to_owned()),
        updn_secs: updn.as_deref().and_then(common::parse_duration),
        updn_time: updn,
        attributes: rest.get(1).map(|s| (*s).to_owned()),
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
    fn peers() {
        let t = "Interface: Tunnel100, IPv4 NHRP Details \nType:Spoke, NHRP Peers:2, \n\n # Ent  Peer NBMA Addr Peer Tunnel Add State  UpDn Tm Attrb\n ----- --------------- --------------- ----- -------- -----\n     1 192.0.2.3           10.253.0.1    UP 03:19:46     S\n     1 198.51.100.170      10.253.0.2  NHRP    48w0d     S\n";
        let p = parse(&lines(t)).unwrap();
        assert!(p.skipped.is_empty());
        let a = p.records.first().unwrap();
        assert_eq!(a.interface.as_deref(), Some("Tunnel100"));
        assert_eq!(a.role.as_deref(), Some("Spoke"));
        assert_eq!(a.updn_secs, Some(3 * 3600 + 19 * 60 + 46));
        assert_eq!(p.records.get(1).unwrap().state.as_deref(), Some("NHRP"));
        assert_eq!(p.records.get(1).unwrap().updn_secs, Some(48 * 604_800));
    }
}
