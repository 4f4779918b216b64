//! `juniper_srx.show_security_ike_sa`: Junos `show security ike security-associations`
//! (`show security ike sa`), SRX Junos 12.3–23.x, standalone or chassis cluster (`node0:`).
//!
//! ```text
//! Index   State  Initiator cookie  Responder cookie  Mode           Remote Address
//! 5385262 UP     a1b2c3d4e5f60718  1827364554637281  IKEv2          198.51.100.1
//! 5385263 DOWN   b1b2c3d4e5f60718  0000000000000000  Main           198.51.100.7
//! ```
//!
//! Older releases put `Remote Address` second; columns are found by header name.

use serde::{Deserialize, Serialize};

use super::super::common::{Header, open_enum, spans};
use super::super::fields::{is_dash_rule, is_prompt_line, uint};
use super::super::{Confidence, Line, ParseError, ParseResult, Parsed};
use crate::LineSpan;

open_enum! {
    /// IKE SA state.
    pub enum SrxIkeState {
        /// Negotiated.
        Up => "UP",
        /// Not negotiated (yet).
        Down => "DOWN",
    }
}

/// One IKE SA.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SrxIkeSa {
    /// Cluster node (`node0`), when the output is per node.
    pub node: Option<String>,
    /// SA index.
    pub index: u64,
    /// State.
    pub state: Option<SrxIkeState>,
    /// Initiator cookie (SPI).
    pub initiator_cookie: Option<String>,
    /// Responder cookie (all zeros while the responder has not answered).
    pub responder_cookie: Option<String>,
    /// Exchange mode (`Main`, `Aggressive`, `IKEv2`).
    pub mode: Option<String>,
    /// Remote gateway address.
    pub remote_address: Option<String>,
    /// The line.
    pub lines: LineSpan,
}

/// Header words, lower case (`Initiator cookie` and `Remote Address` start at their first word).
const COLUMNS: &[&str] = &["index", "state", "initiator", "responder", "mode", "remote"];

/// Cheap check: the `Index State Initiator cookie` header.
pub fn detect(lines: &[Line<'_>]) -> Option<Confidence> {
    lines
        .iter()
        .any(|l| {
            let t = l.text;
            t.contains("Initiator cookie") && t.contains("Responder cookie") && t.contains("Index")
        })
        .then_some(0.95)
}

/// Parses the IKE SA table(s).
pub fn parse(lines: &[Line<'_>]) -> ParseResult<Vec<SrxIkeSa>> {
    let first = lines
        .iter()
        .find(|l| !l.text.trim().is_empty())
        .ok_or(ParseError::Empty)?;
    let mut out = Vec::new();
    let mut skipped = Vec::new();
    let mut header: Option<Header> = None;
    let mut node: Option<String> = None;
    let mut understood = false;
    let mut truncated = false;
    for line in lines {
        let raw = line.text;
        let t = raw.trim();
        if t.is_empty() || is_prompt_line(raw) || is_dash_rule(t) {
            continue;
        }
        if let Some(n) = t.strip_suffix(':').filter(|n| n.starts_with("node")) {
            node = Some(n.to_owned());
            understood = true;
            continue;
        }
        if t.starts_with('{') && t.ends_with('}') {
            continue;
        }
        if let Some(h) = Header::read(raw, COLUMNS, 5) {
            header = Some(h);
            understood = true;
            continue;
        }
        let Some(h) = header.as_ref() else {
            skipped.push(line.no);
            continue;
        };
        let cells = h.cells(raw);
        let get = |n: &str| h.index(n).and_then(|i| cells.get(i).copied().flatten());
        let Some(index) = get("index").and_then(uint::<u64>) else {
            skipped.push(line.no);
            continue;
        };
        truncated |= cells.iter().any(Option::is_none);
        out.push(SrxIkeSa {
            node: node.clone(),
            index,
            state: get("state").map(SrxIkeState::parse),
            initiator_cookie: get("initiator").map(str::to_owned),
            responder_cookie: get("responder").map(str::to_owned),
            mode: get("mode").map(str::to_owned),
            remote_address: get("remote").map(str::to_owned),
            lines: LineSpan::line(line.no),
        });
    }
    if out.is_empty() && !understood {
        return Err(ParseError::Syntax {
            line: first.no,
            message: "expected the `Index State Initiator cookie ...` IKE SA table".into(),
        });
    }
    let mut p = Parsed::new(out);
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
    fn both_column_orders() {
        let new = "Index   State  Initiator cookie  Responder cookie  Mode           Remote Address\n\
                   5385262 UP     a1b2c3d4e5f60718  1827364554637281  IKEv2          198.51.100.1\n";
        let l = lines(new);
        assert_eq!(detect(&l), Some(0.95));
        let sa = &parse(&l).unwrap().records[0];
        assert_eq!(sa.state, Some(SrxIkeState::Up));
        assert_eq!(sa.remote_address.as_deref(), Some("198.51.100.1"));
        assert_eq!(sa.mode.as_deref(), Some("IKEv2"));
        let old = "Index   Remote Address  State  Initiator cookie  Responder cookie  Mode\n\
                   4       198.51.100.2    DOWN   f48efd6a444853cf  0000000000000000  Main\n";
        let sa = &parse(&lines(old)).unwrap().records[0];
        assert_eq!(sa.state, Some(SrxIkeState::Down));
        assert_eq!(sa.remote_address.as_deref(), Some("198.51.100.2"));
        assert_eq!(sa.responder_cookie.as_deref(), Some("0000000000000000"));
    }

    #[test]
    fn garbage() {
        assert!(parse(&lines("Index of /files\nState  of the art")).is_err());
    }
}
