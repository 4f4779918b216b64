//! `juniper_srx.show_security_ipsec_sa`: Junos `show security ipsec security-associations`
//! (`show security ipsec sa`), SRX Junos 12.3–23.x. Each tunnel shows an inbound (`<`) and an
//! outbound (`>`) SA.
//!
//! ```text
//!   Total active tunnels: 1     Total Ipsec sas: 2
//!   ID    Algorithm       SPI      Life:sec/kb  Mon lsys Port  Gateway
//!   <131073 ESP:aes-cbc-256/sha256 2e9f8a11 3296/ unlim - root 500 198.51.100.1
//!   >131073 ESP:aes-cbc-256/sha256 8a7b6c5d 3296/ unlim - root 500 198.51.100.1
//! ```
//!
//! Older releases order the columns `ID Gateway Port Algorithm SPI Life:sec/kb Mon vsys`;
//! values are mapped by header order. `3296/ unlim` (with a space) is one lifetime value.

use serde::{Deserialize, Serialize};

use super::super::common::spans;
use super::super::fields::{is_prompt_line, uint};
use super::super::{Confidence, Line, ParseError, ParseResult, Parsed};
use crate::LineSpan;

/// One IPsec SA (one direction).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SrxIpsecSa {
    /// Cluster node, when the output is per node.
    pub node: Option<String>,
    /// `inbound` (`<`) or `outbound` (`>`).
    pub direction: Option<String>,
    /// Tunnel ID.
    pub tunnel_id: Option<u64>,
    /// Protocol (`ESP`, `AH`).
    pub protocol: Option<String>,
    /// Encryption (`aes-cbc-256`, `aes-gcm-256`).
    pub encryption: Option<String>,
    /// Integrity (`sha256`; `None` printed for AEAD is kept as written).
    pub integrity: Option<String>,
    /// SPI (hex as printed).
    pub spi: Option<String>,
    /// Lifetime left in seconds.
    pub lifetime_s: Option<u64>,
    /// Lifetime left in kilobytes (`None` when unlimited).
    pub lifetime_kb: Option<u64>,
    /// True for `unlim`.
    pub lifetime_kb_unlimited: bool,
    /// VPN monitoring (`U` up, `D` down, `-` off).
    pub monitor: Option<String>,
    /// Logical system / vsys.
    pub lsys: Option<String>,
    /// IKE port (500, or 4500 with NAT-T).
    pub port: Option<u16>,
    /// Remote gateway.
    pub gateway: Option<String>,
    /// The line.
    pub lines: LineSpan,
}

/// Cheap check: `Total active tun(n)els:` or the `ID ... Life:sec/kb` header.
pub fn detect(lines: &[Line<'_>]) -> Option<Confidence> {
    lines.iter().find_map(|l| {
        let t = l.text.trim();
        let total = t.starts_with("Total active tunnels:") || t.starts_with("Total active tunels:");
        (total || (t.starts_with("ID") && t.contains("Life:sec/kb"))).then_some(0.95)
    })
}

/// Parses the IPsec SA table.
pub fn parse(lines: &[Line<'_>]) -> ParseResult<Vec<SrxIpsecSa>> {
    let first = lines
        .iter()
        .find(|l| !l.text.trim().is_empty())
        .ok_or(ParseError::Empty)?;
    let mut out = Vec::new();
    let mut skipped = Vec::new();
    let mut columns: Vec<String> = Vec::new();
    let mut node: Option<String> = None;
    let mut understood = false;
    let mut truncated = false;
    for line in lines {
        let t = line.text.trim();
        if t.is_empty() || is_prompt_line(line.text) || t.chars().all(|c| c == '-') {
            continue;
        }
        if t.starts_with("Total active") {
            understood = true;
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
        if t.starts_with("ID") && t.contains("SPI") {
            columns = t.split_whitespace().map(str::to_ascii_lowercase).collect();
            understood = true;
            continue;
        }
        if !(t.starts_with('<') || t.starts_with('>')) || columns.is_empty() {
            skipped.push(line.no);
            continue;
        }
        let values = join_lifetime(t.split_whitespace().collect());
        truncated |= values.len() < columns.len();
        out.push(row(&columns, &values, node.clone(), line.no));
    }
    if out.is_empty() && !understood {
        return Err(ParseError::Syntax {
            line: first.no,
            message: "expected the `ID Algorithm SPI Life:sec/kb ...` IPsec SA table".into(),
        });
    }
    let mut p = Parsed::new(out);
    p.truncated = truncated;
    p.skipped = spans(skipped);
    Ok(p)
}

/// Joins `3296/` `unlim` into `3296/unlim`.
fn join_lifetime(words: Vec<&str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut iter = words.into_iter().peekable();
    while let Some(w) = iter.next() {
        if w.ends_with('/')
            && let Some(next) = iter.next_if(|n| !n.contains('/'))
        {
            out.push(format!("{w}{next}"));
        } else {
            out.push(w.to_owned());
        }
    }
    out
}

fn row(columns: &[String], values: &[String], node: Option<String>, no: u32) -> SrxIpsecSa {
    let mut sa = SrxIpsecSa {
        node,
        direction: None,
        tunnel_id: None,
        protocol: None,
        encryption: None,
        integrity: None,
        spi: None,
        lifetime_s: None,
        lifetime_kb: None,
        lifetime_kb_unlimited: false,
        monitor: None,
        lsys: None,
        port: None,
        gateway: None,
        lines: LineSpan::line(no),
    };
    for (col, v) in columns.iter().zip(values) {
        match col.as_str() {
            "id" => {
                let (dir, id) = v.split_at_checked(1).unwrap_or(("", v));
                sa.direction = match dir {
                    "<" => Some("inbound".to_owned()),
                    ">" => Some("outbound".to_owned()),
                    _ => None,
                };
                sa.tunnel_id = uint(id);
            }
            "algorithm" => {
                let (proto, algs) = v.split_once(':').unwrap_or(("", v));
                sa.protocol = (!proto.is_empty()).then(|| proto.to_owned());
                let (enc, integ) = algs.split_once('/').unwrap_or((algs, ""));
                sa.encryption = (!enc.is_empty()).then(|| enc.to_owned());
                sa.integrity = (!integ.is_empty()).then(|| integ.to_owned());
            }
            "spi" => sa.spi = Some(v.to_ascii_lowercase()),
            "life:sec/kb" => {
                let (s, kb) = v.split_once('/').unwrap_or((v, ""));
                sa.lifetime_s = uint(s);
                sa.lifetime_kb_unlimited = kb.starts_with("unlim");
                sa.lifetime_kb = uint(kb);
            }
            "mon" => sa.monitor = (v != "-").then(|| v.clone()),
            "lsys" | "vsys" => sa.lsys = Some(v.clone()),
            "port" => sa.port = uint(v),
            "gateway" => sa.gateway = Some(v.clone()),
            _ => {}
        }
    }
    sa
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
    fn new_and_old_layouts() {
        let t = "  Total active tunnels: 1     Total Ipsec sas: 2\n  ID    Algorithm       SPI      Life:sec/kb  Mon lsys Port  Gateway\n  \
                 <131073 ESP:aes-cbc-256/sha256 2e9f8a11 3296/ unlim - root 500 198.51.100.1\n  \
                 >131073 ESP:aes-gcm-256/None 8a7b6c5d 28761/1000 U root 4500 2001:db8::1\n";
        let l = lines(t);
        assert_eq!(detect(&l), Some(0.95));
        let p = parse(&l).unwrap();
        assert!(!p.truncated);
        let a = &p.records[0];
        assert_eq!(a.direction.as_deref(), Some("inbound"));
        assert_eq!(a.tunnel_id, Some(131073));
        assert_eq!(a.encryption.as_deref(), Some("aes-cbc-256"));
        assert_eq!(a.lifetime_s, Some(3296));
        assert!(a.lifetime_kb_unlimited);
        assert_eq!(a.monitor, None);
        assert_eq!(a.gateway.as_deref(), Some("198.51.100.1"));
        let b = &p.records[1];
        assert_eq!(b.lifetime_kb, Some(1000));
        assert_eq!(b.port, Some(4500));
        let old = "  ID    Gateway          Port  Algorithm       SPI      Life:sec/kb  Mon vsys\n  \
                   <2    198.51.100.1     500   ESP:3des/sha1   af88baa  28795/unlim   D  0\n";
        let o = &parse(&lines(old)).unwrap().records[0];
        assert_eq!(o.gateway.as_deref(), Some("198.51.100.1"));
        assert_eq!(o.spi.as_deref(), Some("af88baa"));
        assert_eq!(o.monitor.as_deref(), Some("D"));
    }

    #[test]
    fn garbage() {
        let p = parse(&lines("  ID    Algorithm\n  nothing here"));
        assert!(p.is_err() || p.is_ok_and(|p| !p.skipped.is_empty()));
    }
}
