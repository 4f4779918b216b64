//! `paloalto.show_vpn_ipsec_sa`: PAN-OS `show vpn ipsec-sa [tunnel NAME]` (PAN-OS 8.1–11.x).
//!
//! ```text
//! GwID/client IP  TnID Peer-Address           Tunnel(Gateway)                    Algorithm          SPI(in)  SPI(out) life(Sec/KB)             remain-time(Sec)
//! --------------  ---- ------------           ---------------                    ---------          -------  -------- ------------             ----------------
//! 1               1    198.51.100.1           Tunnel-Branch:proxy-1(GW-Branch)   ESP/A128/SHA256    A1B2C3D4 E5F6A7B8 3600/Unlimited           2345
//! Show IPSec SA: Total 1 tunnels found. 1 ipsec sa found.
//! ```
//!
//! `life(Sec/KB)` is split into seconds and kilobytes; `Unlimited` kilobytes is `null` with
//! `lifetime_kb_unlimited` set.

use serde::{Deserialize, Serialize};

use super::super::common::spans;
use super::super::fields::{is_dash_rule, is_prompt_line, spi_hex, uint};
use super::super::{Confidence, Line, ParseError, ParseResult, Parsed};
use super::table::{Columns, cell};
use crate::LineSpan;

/// One IPsec SA pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PanIpsecSa {
    /// Gateway ID.
    pub gateway_id: Option<String>,
    /// Tunnel ID.
    pub tunnel_id: Option<String>,
    /// Peer address.
    pub peer_address: Option<String>,
    /// Tunnel name (with `:proxy-id` when proxy IDs are used).
    pub tunnel: Option<String>,
    /// IKE gateway name.
    pub gateway: Option<String>,
    /// Algorithm (`ESP/A128/SHA256`).
    pub algorithm: Option<String>,
    /// Inbound SPI (lower-case hex).
    pub spi_in: Option<String>,
    /// Outbound SPI (lower-case hex).
    pub spi_out: Option<String>,
    /// Lifetime in seconds.
    pub lifetime_s: Option<u64>,
    /// Lifetime in kilobytes (`None` when unlimited or absent).
    pub lifetime_kb: Option<u64>,
    /// True for `Unlimited` kilobytes.
    pub lifetime_kb_unlimited: bool,
    /// Seconds left before rekey.
    pub remaining_s: Option<u64>,
    /// The line.
    pub lines: LineSpan,
}

/// Cheap check: the `Tunnel(Gateway)` header, `Show IPSec SA:` or `There is no IPSec SA`.
pub fn detect(lines: &[Line<'_>]) -> Option<Confidence> {
    lines.iter().find_map(|l| {
        let t = l.text.trim();
        if (t.contains("Tunnel(Gateway)") && t.contains("SPI(in)"))
            || t.starts_with("Show IPSec SA:")
        {
            Some(0.95)
        } else if t == "There is no IPSec SA found." {
            Some(0.9)
        } else {
            None
        }
    })
}

/// Parses `show vpn ipsec-sa`.
pub fn parse(lines: &[Line<'_>]) -> ParseResult<Vec<PanIpsecSa>> {
    let first = lines
        .iter()
        .find(|l| !l.text.trim().is_empty())
        .ok_or(ParseError::Empty)?;
    let mut out = Vec::new();
    let mut skipped = Vec::new();
    let mut header: Option<&str> = None;
    let mut cols: Option<Columns> = None;
    let mut understood = false;
    let mut truncated = false;
    for line in lines {
        let t = line.text.trim();
        if t.is_empty() || is_prompt_line(line.text) {
            continue;
        }
        if t.starts_with("Show IPSec SA:") || t == "There is no IPSec SA found." {
            understood = true;
            continue;
        }
        if t.contains("Tunnel(Gateway)") {
            header = Some(line.text);
            understood = true;
            continue;
        }
        if is_dash_rule(t) {
            if let Some(h) = header {
                cols = Some(Columns::from_rule(h, line.text));
            }
            continue;
        }
        let Some(c) = cols.as_ref() else {
            skipped.push(line.no);
            continue;
        };
        let row = c.row(line.text);
        let (tunnel, gateway) = split_tunnel(cell(&row, "tunnel(gateway)"));
        let life = cell(&row, "life(sec/kb)");
        let (life_s, life_kb) = life
            .and_then(|l| l.split_once('/'))
            .map_or((life, None), |(s, k)| (Some(s), Some(k)));
        let unlimited = life_kb.is_some_and(|k| k.trim().eq_ignore_ascii_case("unlimited"));
        truncated |= cell(&row, "remain-time(sec)").is_none();
        out.push(PanIpsecSa {
            gateway_id: cell(&row, "gwid/client ip").map(str::to_owned),
            tunnel_id: cell(&row, "tnid").map(str::to_owned),
            peer_address: cell(&row, "peer-address").map(str::to_owned),
            tunnel,
            gateway,
            algorithm: cell(&row, "algorithm").map(str::to_owned),
            spi_in: cell(&row, "spi(in)").and_then(spi_hex),
            spi_out: cell(&row, "spi(out)").and_then(spi_hex),
            lifetime_s: life_s.and_then(uint),
            lifetime_kb: life_kb.and_then(uint),
            lifetime_kb_unlimited: unlimited,
            remaining_s: cell(&row, "remain-time(sec)").and_then(uint),
            lines: LineSpan::line(line.no),
        });
    }
    if out.is_empty() && !understood {
        return Err(ParseError::Syntax {
            line: first.no,
            message: "expected the `show vpn ipsec-sa` table (`Tunnel(Gateway)` header)".into(),
        });
    }
    let mut p = Parsed::new(out);
    p.truncated = truncated;
    p.skipped = spans(skipped);
    Ok(p)
}

/// `Tunnel-Branch:proxy-1(GW-Branch)` → (`Tunnel-Branch:proxy-1`, `GW-Branch`).
fn split_tunnel(s: Option<&str>) -> (Option<String>, Option<String>) {
    let Some(s) = s else {
        return (None, None);
    };
    match s.rfind('(') {
        Some(open) if s.ends_with(')') => (
            s.get(..open).map(str::to_owned),
            s.get(open + 1..s.len() - 1).map(str::to_owned),
        ),
        _ => (Some(s.to_owned()), None),
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
    fn row_with_unlimited_kb() {
        let t = "GwID/client IP  TnID Peer-Address           Tunnel(Gateway)                                Algorithm          SPI(in)  SPI(out) life(Sec/KB)             remain-time(Sec)\n\
                 --------------  ---- ------------           ---------------                                ---------          -------  -------- ------------             ----------------\n\
                 1               1    198.51.100.1           Tunnel-Branch:proxy-1(GW-Branch)               ESP/A128/SHA256    A1B2C3D4 E5F6A7B8 3600/Unlimited           2345\n";
        let l = lines(t);
        assert_eq!(detect(&l), Some(0.95));
        let p = parse(&l).unwrap();
        let sa = &p.records[0];
        assert_eq!(sa.tunnel.as_deref(), Some("Tunnel-Branch:proxy-1"));
        assert_eq!(sa.gateway.as_deref(), Some("GW-Branch"));
        assert_eq!(sa.spi_out.as_deref(), Some("e5f6a7b8"));
        assert_eq!(sa.lifetime_s, Some(3600));
        assert_eq!(sa.lifetime_kb, None);
        assert!(sa.lifetime_kb_unlimited);
        assert_eq!(sa.remaining_s, Some(2345));
        assert!(!p.truncated);
    }

    #[test]
    fn garbage() {
        assert!(parse(&lines("nothing\nhere")).is_err());
    }
}
