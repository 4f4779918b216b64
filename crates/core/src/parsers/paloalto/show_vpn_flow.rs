//! `paloalto.show_vpn_flow`: PAN-OS `show vpn flow` (the tunnel summary table) and
//! `show vpn flow tunnel-id N` / `name NAME` (one tunnel in detail), PAN-OS 8.1–11.x.
//!
//! ```text
//! id      name                       state   monitor local-ip          peer-ip           tunnel-i/f
//! ---------------------------------------------------------------------------------------------
//! 2       Tunnel-Branch              active  up      203.0.113.10      198.51.100.1      tunnel.1
//! ```
//! ```text
//! tunnel  Tunnel-Branch
//!         id:                     2
//!         state:                  active
//!         encap packets:          1098
//!         decap packets:          0
//! ```
//!
//! Encapsulated packets without any decapsulated packets is the classic one-way-traffic sign,
//! so the counters are typed. Proxy-ID fields (indented under `proxy-id:`) are kept apart
//! from the tunnel's own `local ip`/`remote ip`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::super::common::{Header, spans};
use super::super::fields::{is_dash_rule, is_prompt_line, spi_hex, uint};
use super::super::{Confidence, Line, ParseError, ParseResult, Parsed};
use crate::LineSpan;

/// One tunnel flow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PanVpnFlow {
    /// Tunnel ID.
    pub id: Option<u32>,
    /// Tunnel name.
    pub name: Option<String>,
    /// State (`active`, `init`, `inactive`).
    pub state: Option<String>,
    /// Tunnel monitor state (`up`, `down`, `off`).
    pub monitor: Option<String>,
    /// Local address.
    pub local_ip: Option<String>,
    /// Peer address.
    pub peer_ip: Option<String>,
    /// Tunnel interface (`tunnel.1`).
    pub tunnel_interface: Option<String>,
    /// Outer (egress) interface.
    pub outer_interface: Option<String>,
    /// IKE gateway ID.
    pub gateway_id: Option<u32>,
    /// Tunnel MTU.
    pub mtu: Option<u32>,
    /// Seconds left in the SA lifetime.
    pub lifetime_remain_s: Option<u64>,
    /// Local (inbound) SPI, lower-case hex.
    pub local_spi: Option<String>,
    /// Remote (outbound) SPI, lower-case hex.
    pub remote_spi: Option<String>,
    /// `ESP` or `AH`.
    pub protocol: Option<String>,
    /// Integrity algorithm.
    pub auth_algorithm: Option<String>,
    /// Encryption algorithm.
    pub enc_algorithm: Option<String>,
    /// Proxy-ID local network.
    pub proxy_local: Option<String>,
    /// Proxy-ID remote network.
    pub proxy_remote: Option<String>,
    /// Proxy-ID protocol.
    pub proxy_protocol: Option<u32>,
    /// Packets encapsulated (sent into the tunnel).
    pub encap_packets: Option<u64>,
    /// Packets decapsulated (received from the tunnel).
    pub decap_packets: Option<u64>,
    /// Bytes encapsulated.
    pub encap_bytes: Option<u64>,
    /// Bytes decapsulated.
    pub decap_bytes: Option<u64>,
    /// Whether this firewall is the initiator.
    pub initiator: Option<bool>,
    /// Other detail fields, by name.
    pub other: BTreeMap<String, String>,
    /// The lines.
    pub lines: LineSpan,
}

impl PanVpnFlow {
    fn empty(no: u32) -> Self {
        Self {
            id: None,
            name: None,
            state: None,
            monitor: None,
            local_ip: None,
            peer_ip: None,
            tunnel_interface: None,
            outer_interface: None,
            gateway_id: None,
            mtu: None,
            lifetime_remain_s: None,
            local_spi: None,
            remote_spi: None,
            protocol: None,
            auth_algorithm: None,
            enc_algorithm: None,
            proxy_local: None,
            proxy_remote: None,
            proxy_protocol: None,
            encap_packets: None,
            decap_packets: None,
            encap_bytes: None,
            decap_bytes: None,
            initiator: None,
            other: BTreeMap::new(),
            lines: LineSpan::line(no),
        }
    }
}

/// Summary-table column names.
const COLUMNS: &[&str] = &[
    "id",
    "name",
    "state",
    "monitor",
    "local-ip",
    "peer-ip",
    "tunnel-i/f",
];

/// Cheap check: the summary header, `total IPSec tunnel` lines or a `tunnel NAME` detail
/// block with `encap packets`.
pub fn detect(lines: &[Line<'_>]) -> Option<Confidence> {
    let mut detail = false;
    for l in lines {
        let t = l.text.trim();
        if t.starts_with("total IPSec tunnel") || t.starts_with("total tunnels configured") {
            return Some(0.95);
        }
        // The header check allocates: only try it on a line naming the peer column.
        if t.contains("peer-ip") && Header::read(t, COLUMNS, 6).is_some() {
            return Some(0.9);
        }
        if t.starts_with("encap packets:") || t.starts_with("en/decap context:") {
            detail = true;
        }
    }
    detail.then_some(0.8)
}

/// Parses `show vpn flow` in either form.
pub fn parse(lines: &[Line<'_>]) -> ParseResult<Vec<PanVpnFlow>> {
    let first = lines
        .iter()
        .find(|l| !l.text.trim().is_empty())
        .ok_or(ParseError::Empty)?;
    let mut out: Vec<PanVpnFlow> = Vec::new();
    let mut skipped = Vec::new();
    let mut header: Option<Header> = None;
    let mut understood = false;
    let mut truncated = false;
    // Detail form: the indent of `proxy-id:` while its fields are being read.
    let mut proxy_indent: Option<usize> = None;
    let mut detail = false;
    for line in lines {
        let raw = line.text;
        let t = raw.trim();
        if t.is_empty() || is_prompt_line(raw) {
            continue;
        }
        if t.starts_with("total ") || t.starts_with("filter - ") {
            understood = true;
            continue;
        }
        if let Some(h) = Header::read(raw, COLUMNS, 6) {
            header = Some(h);
            understood = true;
            detail = false;
            continue;
        }
        if is_dash_rule(t) {
            continue;
        }
        if let Some(name) = t.strip_prefix("tunnel ").filter(|_| !raw.starts_with(' ')) {
            let mut f = PanVpnFlow::empty(line.no);
            f.name = Some(name.trim().to_owned());
            out.push(f);
            detail = true;
            proxy_indent = None;
            understood = true;
            continue;
        }
        if detail {
            let Some(f) = out.last_mut() else {
                skipped.push(line.no);
                continue;
            };
            let indent = raw.len() - raw.trim_start().len();
            let Some((key, value)) = t.split_once(':') else {
                // A field cut before its colon.
                truncated = true;
                continue;
            };
            let (key, value) = (key.trim(), value.trim());
            if proxy_indent.is_some_and(|p| indent <= p) {
                proxy_indent = None;
            }
            if key == "proxy-id" {
                proxy_indent = Some(indent);
            } else if proxy_indent.is_some() {
                proxy_field(f, key, value);
            } else {
                detail_field(f, key, value);
            }
            f.lines.end = line.no;
            continue;
        }
        let Some(h) = header.as_ref() else {
            skipped.push(line.no);
            continue;
        };
        let cells = h.cells(raw);
        let get = |n: &str| {
            h.index(n)
                .and_then(|i| cells.get(i).copied().flatten())
                .map(str::to_owned)
        };
        let mut f = PanVpnFlow::empty(line.no);
        f.id = get("id").as_deref().and_then(uint);
        if f.id.is_none() {
            skipped.push(line.no);
            continue;
        }
        f.name = get("name");
        f.state = get("state");
        f.monitor = get("monitor");
        f.local_ip = get("local-ip");
        f.peer_ip = get("peer-ip");
        f.tunnel_interface = get("tunnel-i/f");
        truncated |= f.tunnel_interface.is_none();
        out.push(f);
    }
    if out.is_empty() && !understood {
        return Err(ParseError::Syntax {
            line: first.no,
            message: "expected the `show vpn flow` table or a `tunnel NAME` detail block".into(),
        });
    }
    // A detail block without its counters was cut off.
    truncated |= detail
        && out
            .last()
            .is_some_and(|f| f.decap_packets.is_none() && !f.other.contains_key("encapsulated"));
    let mut p = Parsed::new(out);
    p.truncated = truncated;
    p.skipped = spans(skipped);
    Ok(p)
}

fn detail_field(f: &mut PanVpnFlow, key: &str, value: &str) {
    let v = (!value.is_empty()).then(|| value.to_owned());
    let first_word = value.split_whitespace().next().unwrap_or("");
    match key {
        "id" => f.id = uint(value),
        "state" => f.state = v,
        "monitor" => f.monitor = v,
        "local ip" => f.local_ip = v,
        "peer ip" => f.peer_ip = v,
        "inner interface" => f.tunnel_interface = v,
        "outer interface" => f.outer_interface = v,
        "gateway id" => f.gateway_id = uint(value),
        "tunnel mtu" => f.mtu = uint(value),
        "lifetime remain" => f.lifetime_remain_s = uint(first_word),
        "local spi" => f.local_spi = spi_hex(value),
        "remote spi" => f.remote_spi = spi_hex(value),
        "protocol" => f.protocol = v,
        "auth algorithm" => f.auth_algorithm = v,
        "enc algorithm" => f.enc_algorithm = v,
        "encap packets" => f.encap_packets = uint(value),
        "decap packets" => f.decap_packets = uint(value),
        "encap bytes" => f.encap_bytes = uint(value),
        "decap bytes" => f.decap_bytes = uint(value),
        "initiator" => f.initiator = yes_no(value),
        // Older releases: `encapsulated: 10 packets / 1200 bytes`.
        "encapsulated" | "decapsulated" => {
            let (p, b) = packets_bytes(value);
            if key == "encapsulated" {
                f.encap_packets = p;
                f.encap_bytes = b;
            } else {
                f.decap_packets = p;
                f.decap_bytes = b;
            }
            f.other.insert(key.to_owned(), value.to_owned());
        }
        "traffic selector" => {}
        _ => {
            f.other.insert(key.to_owned(), value.to_owned());
        }
    }
}

fn proxy_field(f: &mut PanVpnFlow, key: &str, value: &str) {
    let v = (!value.is_empty()).then(|| value.to_owned());
    match key {
        "local ip" => f.proxy_local = v,
        "remote ip" => f.proxy_remote = v,
        "protocol" => f.proxy_protocol = uint(value),
        _ => {
            f.other.insert(format!("proxy-id {key}"), value.to_owned());
        }
    }
}

fn yes_no(v: &str) -> Option<bool> {
    match v.trim() {
        "yes" | "true" => Some(true),
        "no" | "false" => Some(false),
        _ => None,
    }
}

/// `10 packets / 1200 bytes`.
fn packets_bytes(v: &str) -> (Option<u64>, Option<u64>) {
    let (p, b) = v.split_once('/').unwrap_or((v, ""));
    (
        p.split_whitespace().next().and_then(uint),
        b.split_whitespace().next().and_then(uint),
    )
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
    fn summary_table() {
        let t = "id      name                       state   monitor local-ip          peer-ip           tunnel-i/f\n\
                 ------------------------------------------------------------------------------------------\n\
                 2       Tunnel-Branch              active  up      203.0.113.10      198.51.100.1      tunnel.1\n";
        let l = lines(t);
        assert_eq!(detect(&l), Some(0.9));
        let p = parse(&l).unwrap();
        let f = &p.records[0];
        assert_eq!(f.id, Some(2));
        assert_eq!(f.state.as_deref(), Some("active"));
        assert_eq!(f.tunnel_interface.as_deref(), Some("tunnel.1"));
    }

    #[test]
    fn detail_with_proxy_id() {
        let t = "tunnel  Tunnel-Branch\n        id:                     2\n        local ip:               203.0.113.10\n\
                 \x20       local spi:              E5F6A7B8\n        traffic selector:\n                proxy-id:\n\
                 \x20                 local ip:     10.0.0.0/24\n                  remote ip:    10.1.0.0/24\n\
                 \x20       initiator:              yes\n        encap packets:          1098\n        decap packets:          0\n";
        let p = parse(&lines(t)).unwrap();
        let f = &p.records[0];
        assert_eq!(f.name.as_deref(), Some("Tunnel-Branch"));
        assert_eq!(f.local_ip.as_deref(), Some("203.0.113.10"));
        assert_eq!(f.proxy_local.as_deref(), Some("10.0.0.0/24"));
        assert_eq!(f.local_spi.as_deref(), Some("e5f6a7b8"));
        assert_eq!(f.initiator, Some(true));
        assert_eq!((f.encap_packets, f.decap_packets), (Some(1098), Some(0)));
        assert!(!p.truncated);
    }

    #[test]
    fn garbage() {
        assert!(parse(&lines("id name state\nthis is not a flow table")).is_err());
    }
}
