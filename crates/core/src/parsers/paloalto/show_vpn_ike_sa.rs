//! `paloalto.show_vpn_ike_sa`: PAN-OS `show vpn ike-sa [gateway NAME]` (PAN-OS 8.1–11.x):
//! IKEv1 phase-1 and phase-2 tables, the IKEv2 SA table and the IKEv2 child SA table.
//!
//! ```text
//! IKEv2 SAs
//! Gateway ID      Peer-Address           Gateway Name           Role SN       Algorithm             Established     Expiration      Xt Child  ST
//! ----------      ------------           ------------           ---- --       ---------             -----------     ----------      -- -----  --
//! 2               198.51.100.20          GW-Azure               Resp 5        PSK/DH2/A256/SHA256   Nov.22 09:59:31 Nov.22 17:59:31 0  1      Established
//! ```
//!
//! `There is no ... SA found.` lines are kept as `empty` records so a rule can say which
//! phase is missing.

use serde::{Deserialize, Serialize};

use super::super::common::{open_enum, spans};
use super::super::fields::{is_dash_rule, is_prompt_line, spi_hex, uint};
use super::super::{Confidence, Line, ParseError, ParseResult, Parsed};
use super::table::{Columns, cell};
use crate::LineSpan;

open_enum! {
    /// Which side started the negotiation.
    pub enum Role {
        /// This firewall initiated.
        Initiator => "Init",
        /// The peer initiated.
        Responder => "Resp",
    }
}

/// An IKE (phase-1) SA.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PanIkeSa {
    /// `IKEv1` or `IKEv2`.
    pub version: String,
    /// Gateway ID (`GwID/client IP` or `Gateway ID`).
    pub gateway_id: Option<String>,
    /// Peer address.
    pub peer_address: Option<String>,
    /// IKE gateway name.
    pub gateway: Option<String>,
    /// Role.
    pub role: Option<Role>,
    /// IKEv1 exchange mode (`Main`, `Aggr`).
    pub mode: Option<String>,
    /// IKEv2 SA serial number (`SN`).
    pub serial: Option<String>,
    /// Algorithm (`PSK/DH14/A128/SHA256`: auth/DH group/cipher/hash).
    pub algorithm: Option<String>,
    /// Established time as printed.
    pub established: Option<String>,
    /// Expiration time as printed.
    pub expiration: Option<String>,
    /// State column (`ST`).
    pub state: Option<String>,
    /// Retransmissions (`Xt`).
    pub retransmits: Option<u32>,
    /// Phase-2 / child SAs under this SA.
    pub children: Option<u32>,
    /// The line.
    pub lines: LineSpan,
}

/// An IPsec (phase-2 / child) SA.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PanChildSa {
    /// `IKEv1` or `IKEv2`.
    pub version: String,
    /// IKE gateway name.
    pub gateway: Option<String>,
    /// Tunnel ID.
    pub tunnel_id: Option<String>,
    /// Tunnel name (`Tunnel-Branch:proxy-1`).
    pub tunnel: Option<String>,
    /// IKEv1 gateway ID / IKEv2 child ID.
    pub id: Option<String>,
    /// IKEv2 parent SA serial.
    pub parent: Option<String>,
    /// Role.
    pub role: Option<Role>,
    /// Algorithm (IKEv1).
    pub algorithm: Option<String>,
    /// Inbound SPI (lower-case hex).
    pub spi_in: Option<String>,
    /// Outbound SPI (lower-case hex).
    pub spi_out: Option<String>,
    /// Message ID.
    pub msg_id: Option<String>,
    /// State (`ST`).
    pub state: Option<String>,
    /// Lifetime in seconds (IKEv2).
    pub lifetime_s: Option<u64>,
    /// The line.
    pub lines: LineSpan,
}

/// A section that printed no SA.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PanNoSa {
    /// What was missing (`IKEv1 phase-1 SA`, `IKEv2 SA`).
    pub what: String,
    /// The line.
    pub lines: LineSpan,
}

/// One record of `show vpn ike-sa`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PanIkeRecord {
    /// An IKE SA.
    IkeSa(PanIkeSa),
    /// A child / phase-2 SA.
    ChildSa(PanChildSa),
    /// A `There is no ... found.` line.
    Empty(PanNoSa),
}

/// Which table the rows belong to.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Section {
    V1Phase1,
    V1Phase2,
    V2Ike,
    V2Child,
}

/// Section titles.
const SECTIONS: &[(&str, Section)] = &[
    ("IKEv1 phase-1 SAs", Section::V1Phase1),
    ("IKEv1 phase-2 SAs", Section::V1Phase2),
    ("IKEv2 SAs", Section::V2Ike),
    ("IKEv2 IPSec Child SAs", Section::V2Child),
];

/// Cheap check: the section titles or `There is no IKEv... SA found.`.
pub fn detect(lines: &[Line<'_>]) -> Option<Confidence> {
    lines.iter().find_map(|l| {
        let t = l.text.trim();
        if SECTIONS.iter().any(|(s, _)| t == *s) || t.starts_with("Show IKEv") {
            Some(0.95)
        } else if t.starts_with("There is no IKEv") {
            Some(0.9)
        } else if t.starts_with("GwID/client IP") && t.contains("Gateway Name") {
            Some(0.85)
        } else {
            None
        }
    })
}

/// Parses `show vpn ike-sa`.
pub fn parse(lines: &[Line<'_>]) -> ParseResult<Vec<PanIkeRecord>> {
    let first = lines
        .iter()
        .find(|l| !l.text.trim().is_empty())
        .ok_or(ParseError::Empty)?;
    let mut out = Vec::new();
    let mut skipped = Vec::new();
    let mut section: Option<Section> = None;
    let mut header: Option<&str> = None;
    let mut cols: Option<Columns> = None;
    let mut understood = false;
    let mut truncated = false;
    for line in lines {
        let t = line.text.trim();
        if t.is_empty() || is_prompt_line(line.text) {
            continue;
        }
        if let Some((_, s)) = SECTIONS.iter().find(|(name, _)| t == *name) {
            section = Some(*s);
            header = None;
            cols = None;
            understood = true;
            continue;
        }
        if let Some(what) = t
            .strip_prefix("There is no ")
            .and_then(|r| r.strip_suffix(" found."))
        {
            out.push(PanIkeRecord::Empty(PanNoSa {
                what: what.to_owned(),
                lines: LineSpan::line(line.no),
            }));
            understood = true;
            continue;
        }
        if t.starts_with("Show IKEv") {
            understood = true;
            continue;
        }
        if is_dash_rule(t) {
            if let Some(h) = header {
                cols = Some(Columns::from_rule(h, line.text));
            }
            continue;
        }
        let Some(sec) = section.or_else(|| guess_section(t)) else {
            skipped.push(line.no);
            continue;
        };
        section = Some(sec);
        let Some(c) = cols.as_ref() else {
            if t.contains("Gateway") && (t.contains("Role") || t.contains("Peer-Address")) {
                header = Some(line.text);
            } else {
                skipped.push(line.no);
            }
            continue;
        };
        let row = c.row(line.text);
        let (rec, complete) = record(sec, &row, line.no);
        truncated |= !complete;
        out.push(rec);
    }
    if out.is_empty() && !understood {
        return Err(ParseError::Syntax {
            line: first.no,
            message: "expected `show vpn ike-sa` sections (`IKEv1 phase-1 SAs`, `IKEv2 SAs`...)"
                .into(),
        });
    }
    let mut p = Parsed::new(out);
    p.truncated = truncated;
    p.skipped = spans(skipped);
    Ok(p)
}

/// A header pasted without its section title.
fn guess_section(t: &str) -> Option<Section> {
    if t.starts_with("GwID/client IP") && t.contains("Mode") {
        Some(Section::V1Phase1)
    } else if t.starts_with("Gateway ID") && t.contains("Child") {
        Some(Section::V2Ike)
    } else if t.starts_with("Gateway Name") && t.contains("Parent") {
        Some(Section::V2Child)
    } else if t.starts_with("Gateway Name") && t.contains("GwID") {
        Some(Section::V1Phase2)
    } else {
        None
    }
}

/// Builds the record of a row; the flag is false when the last column is missing.
fn record(sec: Section, row: &[(&str, String)], no: u32) -> (PanIkeRecord, bool) {
    let get = |n: &str| cell(row, n).map(str::to_owned);
    let last_col = match sec {
        Section::V1Phase1 => "phase2",
        Section::V1Phase2 => "xt",
        Section::V2Ike => "st",
        Section::V2Child => "lifetime",
    };
    let complete = cell(row, last_col).is_some();
    let rec = match sec {
        Section::V1Phase1 | Section::V2Ike => PanIkeRecord::IkeSa(PanIkeSa {
            version: version(sec).to_owned(),
            gateway_id: get("gwid/client ip").or_else(|| get("gateway id")),
            peer_address: get("peer-address"),
            gateway: get("gateway name"),
            role: cell(row, "role").map(Role::parse),
            mode: get("mode"),
            serial: get("sn"),
            algorithm: get("algorithm"),
            established: get("established"),
            expiration: get("expiration"),
            state: get("st"),
            retransmits: cell(row, "xt").and_then(uint),
            children: cell(row, "phase2")
                .or_else(|| cell(row, "child"))
                .and_then(uint),
            lines: LineSpan::line(no),
        }),
        Section::V1Phase2 | Section::V2Child => PanIkeRecord::ChildSa(PanChildSa {
            version: version(sec).to_owned(),
            gateway: get("gateway name"),
            tunnel_id: get("tnid"),
            tunnel: get("tunnel"),
            id: get("gwid").or_else(|| get("id")),
            parent: get("parent"),
            role: cell(row, "role").map(Role::parse),
            algorithm: get("algorithm"),
            spi_in: cell(row, "spi(in)").and_then(spi_hex),
            spi_out: cell(row, "spi(out)").and_then(spi_hex),
            msg_id: get("msgid"),
            state: get("st"),
            lifetime_s: cell(row, "lifetime").and_then(uint),
            lines: LineSpan::line(no),
        }),
    };
    (rec, complete)
}

fn version(sec: Section) -> &'static str {
    match sec {
        Section::V1Phase1 | Section::V1Phase2 => "IKEv1",
        Section::V2Ike | Section::V2Child => "IKEv2",
    }
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
    fn ikev2_tables() {
        let t = "IKEv2 SAs\n\
                 Gateway ID      Peer-Address           Gateway Name           Role SN       Algorithm             Established     Expiration      Xt Child  ST\n\
                 ----------      ------------           ------------           ---- --       ---------             -----------     ----------      -- -----  --\n\
                 2               198.51.100.20          GW-Azure               Resp 5        PSK/DH2/A256/SHA256   Nov.22 09:59:31 Nov.22 17:59:31 0  1      Established\n\
                 \n\
                 IKEv2 IPSec Child SAs\n\
                 Gateway Name           TnID     Tunnel                    ID       Parent   Role SPI(in)  SPI(out) MsgID    ST              Lifetime\n\
                 ------------           ----     ------                    --       ------   ---- -------  -------- -----    --              --------\n\
                 GW-Azure               2        Tunnel-Azure              10       5        Resp 8D0B3C2A E0A1B2C3 00000002 Mature          3600\n\
                 \n\
                 There is no IKEv1 phase-1 SA found.\n";
        let l = lines(t);
        assert_eq!(detect(&l), Some(0.95));
        let p = parse(&l).unwrap();
        assert!(!p.truncated);
        let PanIkeRecord::IkeSa(sa) = &p.records[0] else {
            panic!()
        };
        assert_eq!(sa.gateway.as_deref(), Some("GW-Azure"));
        assert_eq!(sa.role, Some(Role::Responder));
        assert_eq!(sa.established.as_deref(), Some("Nov.22 09:59:31"));
        assert_eq!(sa.state.as_deref(), Some("Established"));
        assert_eq!(sa.children, Some(1));
        let PanIkeRecord::ChildSa(c) = &p.records[1] else {
            panic!()
        };
        assert_eq!(c.spi_in.as_deref(), Some("8d0b3c2a"));
        assert_eq!(c.lifetime_s, Some(3600));
        assert_eq!(c.state.as_deref(), Some("Mature"));
        let PanIkeRecord::Empty(e) = &p.records[2] else {
            panic!()
        };
        assert_eq!(e.what, "IKEv1 phase-1 SA");
    }

    #[test]
    fn garbage() {
        assert!(parse(&lines("hello\nworld")).is_err());
    }
}
