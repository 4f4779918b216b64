//! `fortigate.diagnose_vpn_tunnel_list`: FortiOS `diagnose vpn tunnel list [name NAME]`
//! (FortiOS 5.6–7.6): per tunnel, the gateways, traffic counters, DPD and NAT-T state, and per
//! proxy ID (phase 2 selector) the SA, SPIs, lifetimes and packet counters.
//!
//! ```text
//! name=to-branch ver=2 serial=1 203.0.113.10:0->198.51.100.1:0 tun_id=198.51.100.1 dst_mtu=1500
//! stat: rxp=1234 txp=2345 rxb=567890 txb=678901
//! proxyid=to-branch-p2 proto=0 sa=1 ref=3 serial=1 auto-negotiate
//!   src: 0:10.1.0.0-10.1.255.255:0
//!   dec: spi=8a7b6c5d esp=aes key=16 ...
//!   dec:pkts/bytes=26/1560, enc:pkts/bytes=52/7072
//! ```
//!
//! Key material printed after `key=N` is never stored. `sa=0` means no phase-2 SA is up for
//! that proxy ID.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::super::common::spans;
use super::super::fields::{is_prompt_line, port, split_host_port, uint};
use super::super::{Confidence, Line, ParseError, ParseResult, Parsed};
use crate::LineSpan;

/// Dead peer detection state.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FgtDpd {
    /// Mode (`on-demand`, `on-idle`, `off`).
    pub mode: Option<String>,
    /// DPD running (`on=1`).
    pub on: Option<bool>,
    /// Idle interval in ms.
    pub idle_ms: Option<u64>,
    /// Retries before declaring the peer dead.
    pub retry: Option<u32>,
    /// Unanswered DPD probes so far (`count`).
    pub count: Option<u32>,
}

/// NAT traversal state.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FgtNatt {
    /// Mode (`none`, `keepalive`, `silent`).
    pub mode: Option<String>,
    /// Keepalive interval (s).
    pub interval: Option<u32>,
    /// Remote NAT-T port.
    pub remote_port: Option<u16>,
}

/// One SA direction of a proxy ID.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FgtSaDirection {
    /// SPI (hex as printed).
    pub spi: Option<String>,
    /// Encryption (`esp=aes`).
    pub esp: Option<String>,
    /// Encryption key length (bytes).
    pub esp_key_len: Option<u32>,
    /// Integrity (`ah=sha1`).
    pub ah: Option<String>,
}

/// One proxy ID (phase-2 selector) of a tunnel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FgtProxyId {
    /// Phase-2 name.
    pub name: String,
    /// IP protocol selector.
    pub proto: Option<u32>,
    /// Number of SAs (0 = phase 2 down).
    pub sa: Option<u32>,
    /// Auto-negotiate enabled.
    pub auto_negotiate: bool,
    /// Source selectors (`10.1.0.0-10.1.255.255`, `10.1.0.0/255.255.254.0`).
    pub src: Vec<String>,
    /// Destination selectors.
    pub dst: Vec<String>,
    /// SA MTU.
    pub mtu: Option<u32>,
    /// Seconds until the SA expires (`expire=`).
    pub expire_s: Option<u64>,
    /// Lifetime left / configured (`timeout=43187/43200`).
    pub life_timeout_s: Option<u64>,
    /// Configured lifetime.
    pub life_max_s: Option<u64>,
    /// Replay window.
    pub replay_window: Option<u32>,
    /// Inbound (decrypt) SA.
    pub dec: Option<FgtSaDirection>,
    /// Outbound (encrypt) SA.
    pub enc: Option<FgtSaDirection>,
    /// Packets decrypted.
    pub dec_packets: Option<u64>,
    /// Bytes decrypted.
    pub dec_bytes: Option<u64>,
    /// Packets encrypted.
    pub enc_packets: Option<u64>,
    /// Bytes encrypted.
    pub enc_bytes: Option<u64>,
    /// The lines.
    pub lines: LineSpan,
}

/// One tunnel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FgtTunnel {
    /// Phase-1 name.
    pub name: String,
    /// IKE version (`ver=`).
    pub version: Option<u32>,
    /// Local gateway address.
    pub local_address: Option<String>,
    /// Local port.
    pub local_port: Option<u16>,
    /// Remote gateway address.
    pub remote_address: Option<String>,
    /// Remote port.
    pub remote_port: Option<u16>,
    /// Tunnel ID.
    pub tun_id: Option<String>,
    /// Path MTU to the peer.
    pub dst_mtu: Option<u32>,
    /// Mode (`auto/1`).
    pub mode: Option<String>,
    /// Packets received.
    pub rx_packets: Option<u64>,
    /// Packets sent.
    pub tx_packets: Option<u64>,
    /// Bytes received.
    pub rx_bytes: Option<u64>,
    /// Bytes sent.
    pub tx_bytes: Option<u64>,
    /// DPD.
    pub dpd: FgtDpd,
    /// NAT-T.
    pub natt: FgtNatt,
    /// Proxy IDs.
    pub proxy_ids: Vec<FgtProxyId>,
    /// Other `key=value` fields of the tunnel lines.
    pub other: BTreeMap<String, String>,
    /// The lines.
    pub lines: LineSpan,
}

/// Cheap check: `list all ipsec tunnel in vd` or `name=... ver=... serial=...` lines.
pub fn detect(lines: &[Line<'_>]) -> Option<Confidence> {
    lines.iter().find_map(|l| {
        let t = l.text.trim();
        if t.starts_with("list all ipsec tunnel in vd")
            || (t.starts_with("name=") && t.contains(" ver=") && t.contains("->"))
        {
            Some(0.95)
        } else if t.starts_with("proxyid=") && t.contains(" sa=") {
            Some(0.7)
        } else {
            None
        }
    })
}

/// Parses the tunnel list.
pub fn parse(lines: &[Line<'_>]) -> ParseResult<Vec<FgtTunnel>> {
    let first = lines
        .iter()
        .find(|l| !l.text.trim().is_empty())
        .ok_or(ParseError::Empty)?;
    let mut tunnels: Vec<FgtTunnel> = Vec::new();
    let mut skipped = Vec::new();
    let mut understood = false;
    // Which `dec:`/`enc:` direction an `ah=...` continuation line belongs to.
    let mut last_dir: Option<bool> = None;
    for line in lines {
        let t = line.text.trim();
        if t.is_empty() || is_prompt_line(line.text) {
            continue;
        }
        if t.starts_with("list all ipsec tunnel") || t.chars().all(|c| c == '-') {
            understood = true;
            continue;
        }
        if let Some(tun) = tunnel_header(t, line.no) {
            tunnels.push(tun);
            last_dir = None;
            continue;
        }
        let Some(tun) = tunnels.last_mut() else {
            skipped.push(line.no);
            continue;
        };
        tun.lines.end = line.no;
        if !tunnel_line(tun, t, line.no, &mut last_dir) {
            skipped.push(line.no);
        }
    }
    if tunnels.is_empty() && !understood {
        return Err(ParseError::Syntax {
            line: first.no,
            message: "expected `name=... ver=... local->remote` tunnel lines".into(),
        });
    }
    // A proxy ID with an SA but no packet counter line was cut off.
    let truncated = tunnels.last().is_some_and(|t| {
        t.proxy_ids
            .last()
            .is_some_and(|p| p.sa.unwrap_or(0) > 0 && p.dec_packets.is_none())
    });
    let mut p = Parsed::new(tunnels);
    p.truncated = truncated;
    p.skipped = spans(skipped);
    Ok(p)
}

/// `key=value` tokens of a line (tokens without `=` are returned with an empty value).
fn pairs(t: &str) -> impl Iterator<Item = (&str, &str)> {
    t.split_whitespace()
        .map(|w| w.split_once('=').unwrap_or((w, "")))
}

fn tunnel_header(t: &str, no: u32) -> Option<FgtTunnel> {
    if !(t.contains("->") || t.contains(" ver=")) {
        return None;
    }
    let name = t.strip_prefix("name=")?.split_whitespace().next()?;
    let mut tun = FgtTunnel {
        name: name.to_owned(),
        version: None,
        local_address: None,
        local_port: None,
        remote_address: None,
        remote_port: None,
        tun_id: None,
        dst_mtu: None,
        mode: None,
        rx_packets: None,
        tx_packets: None,
        rx_bytes: None,
        tx_bytes: None,
        dpd: FgtDpd::default(),
        natt: FgtNatt::default(),
        proxy_ids: Vec::new(),
        other: BTreeMap::new(),
        lines: LineSpan::line(no),
    };
    for w in t.split_whitespace().skip(1) {
        if let Some((l, r)) = w.split_once("->") {
            let (la, lp) = split_host_port(l);
            let (ra, rp) = split_host_port(r);
            tun.local_address = Some(la.to_owned());
            tun.local_port = port(lp);
            tun.remote_address = Some(ra.to_owned());
            tun.remote_port = port(rp);
            continue;
        }
        general_pair(&mut tun, w);
    }
    Some(tun)
}

fn general_pair(tun: &mut FgtTunnel, w: &str) {
    let (k, v) = w.split_once('=').unwrap_or((w, ""));
    match k {
        "ver" => tun.version = uint(v),
        "tun_id" => tun.tun_id = Some(v.to_owned()),
        "dst_mtu" => tun.dst_mtu = uint(v),
        "mode" => tun.mode = Some(v.to_owned()),
        _ => {
            tun.other.insert(k.to_owned(), v.to_owned());
        }
    }
}

fn tunnel_line(tun: &mut FgtTunnel, t: &str, no: u32, last_dir: &mut Option<bool>) -> bool {
    let (head, rest) = t.split_once(char::is_whitespace).unwrap_or((t, ""));
    match head {
        "stat:" => {
            for (k, v) in pairs(rest) {
                match k {
                    "rxp" => tun.rx_packets = uint(v),
                    "txp" => tun.tx_packets = uint(v),
                    "rxb" => tun.rx_bytes = uint(v),
                    "txb" => tun.tx_bytes = uint(v),
                    _ => {}
                }
            }
            return true;
        }
        "dpd:" => {
            for (k, v) in pairs(rest) {
                match k {
                    "mode" => tun.dpd.mode = Some(v.to_owned()),
                    "on" => tun.dpd.on = Some(v == "1"),
                    "idle" => tun.dpd.idle_ms = uint(v.trim_end_matches("ms")),
                    "retry" => tun.dpd.retry = uint(v),
                    "count" => tun.dpd.count = uint(v),
                    _ => {}
                }
            }
            return true;
        }
        "natt:" => {
            for (k, v) in pairs(rest) {
                match k {
                    "mode" => tun.natt.mode = Some(v.to_owned()),
                    "interval" => tun.natt.interval = uint(v),
                    "remote_port" => tun.natt.remote_port = uint(v),
                    _ => {}
                }
            }
            return true;
        }
        _ => {}
    }
    if let Some(name) = t.strip_prefix("proxyid=") {
        let name = name.split_whitespace().next().unwrap_or("");
        let mut p = FgtProxyId {
            name: name.to_owned(),
            proto: None,
            sa: None,
            auto_negotiate: false,
            src: Vec::new(),
            dst: Vec::new(),
            mtu: None,
            expire_s: None,
            life_timeout_s: None,
            life_max_s: None,
            replay_window: None,
            dec: None,
            enc: None,
            dec_packets: None,
            dec_bytes: None,
            enc_packets: None,
            enc_bytes: None,
            lines: LineSpan::line(no),
        };
        for (k, v) in pairs(t).skip(1) {
            match k {
                "proto" => p.proto = uint(v),
                "sa" => p.sa = uint(v),
                "auto-negotiate" => p.auto_negotiate = true,
                _ => {}
            }
        }
        tun.proxy_ids.push(p);
        *last_dir = None;
        return true;
    }
    let Some(p) = tun.proxy_ids.last_mut() else {
        // Other `name: k=v ...` tunnel lines (`fec: egress=0 ingress=0`): kept as `name.k`.
        if let Some(group) = head.strip_suffix(':') {
            for (k, v) in pairs(rest) {
                tun.other.insert(format!("{group}.{k}"), v.to_owned());
            }
            return true;
        }
        // Tunnel-level `key=value` lines (`bound_if=5 lgwy=static ...`, `proxyid_num=1 ...`).
        if t.contains('=') {
            t.split_whitespace().for_each(|w| general_pair(tun, w));
            return true;
        }
        return false;
    };
    p.lines.end = no;
    proxy_line(p, t, last_dir)
}

fn proxy_line(p: &mut FgtProxyId, t: &str, last_dir: &mut Option<bool>) -> bool {
    if let Some(sel) = t.strip_prefix("src:") {
        p.src.push(selector(sel));
        return true;
    }
    if let Some(sel) = t.strip_prefix("dst:") {
        p.dst.push(selector(sel));
        return true;
    }
    if t.starts_with("dec:pkts/bytes=") || t.contains("enc:pkts/bytes=") {
        for part in t.split(',') {
            let (k, v) = part.trim().split_once('=').unwrap_or(("", ""));
            let (pk, by) = v.split_once('/').unwrap_or((v, ""));
            match k {
                "dec:pkts/bytes" => {
                    p.dec_packets = uint(pk);
                    p.dec_bytes = uint(by);
                }
                "enc:pkts/bytes" => {
                    p.enc_packets = uint(pk);
                    p.enc_bytes = uint(by);
                }
                _ => {}
            }
        }
        return true;
    }
    let (head, rest) = t.split_once(char::is_whitespace).unwrap_or((t, ""));
    match head {
        "SA:" => {
            sa_pairs(p, rest);
            true
        }
        "life:" => {
            for (k, v) in pairs(rest) {
                if k == "timeout" {
                    let (left, max) = v.split_once('/').unwrap_or((v, ""));
                    p.life_timeout_s = uint(left);
                    p.life_max_s = uint(max);
                }
            }
            true
        }
        "dec:" | "enc:" => {
            let dir = sa_direction(rest);
            if head == "dec:" {
                p.dec = Some(dir);
                *last_dir = Some(true);
            } else {
                p.enc = Some(dir);
                *last_dir = Some(false);
            }
            true
        }
        _ if head.starts_with("ah=") || head.starts_with("esp=") => {
            // Continuation of the `dec:`/`enc:` line above.
            let target = match last_dir {
                Some(true) => p.dec.as_mut(),
                Some(false) => p.enc.as_mut(),
                None => None,
            };
            if let Some(d) = target {
                for (k, v) in pairs(t) {
                    if k == "ah" {
                        d.ah = Some(v.to_owned());
                    }
                }
            }
            true
        }
        _ if t.contains('=') => {
            // `seqno=1a esn=0 ...` continuation of `SA:`, `npu_flag=03 ...`.
            sa_pairs(p, t);
            true
        }
        _ => false,
    }
}

fn sa_pairs(p: &mut FgtProxyId, rest: &str) {
    for (k, v) in pairs(rest) {
        match k {
            "mtu" => p.mtu = uint(v),
            "expire" => p.expire_s = uint(v.split('/').next().unwrap_or(v)),
            "replaywin" => p.replay_window = uint(v),
            _ => {}
        }
    }
}

/// `spi=8a7b6c5d esp=aes key=16 <hex>` (the key itself is skipped).
fn sa_direction(rest: &str) -> FgtSaDirection {
    let mut d = FgtSaDirection {
        spi: None,
        esp: None,
        esp_key_len: None,
        ah: None,
    };
    let mut after_esp = false;
    for (k, v) in pairs(rest) {
        match k {
            "spi" => d.spi = Some(v.to_ascii_lowercase()),
            "esp" => {
                d.esp = Some(v.to_owned());
                after_esp = true;
            }
            "key" if after_esp && d.esp_key_len.is_none() => d.esp_key_len = uint(v),
            "ah" => d.ah = Some(v.to_owned()),
            _ => {}
        }
    }
    d
}

/// `0:10.1.0.0-10.1.255.255:0` → `10.1.0.0-10.1.255.255` (protocol and port dropped).
fn selector(s: &str) -> String {
    let s = s.trim();
    let s = s.split_once(':').map_or(s, |(_, r)| r);
    let s = s.rsplit_once(':').map_or(s, |(l, _)| l);
    s.to_owned()
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
    fn tunnel_with_proxy_id() {
        let t = "list all ipsec tunnel in vd 0\n\
                 name=to-branch ver=2 serial=1 203.0.113.10:0->198.51.100.1:0 tun_id=198.51.100.1 dst_mtu=1500\n\
                 bound_if=5 lgwy=static/1 tun=intf mode=auto/1\n\
                 stat: rxp=1234 txp=2345 rxb=567890 txb=678901\n\
                 dpd: mode=on-demand on=1 idle=20000ms retry=3 count=0 seqno=12\n\
                 natt: mode=none draft=0 interval=0 remote_port=0\n\
                 proxyid=p2 proto=0 sa=1 ref=3 serial=1 auto-negotiate\n  \
                 src: 0:10.1.0.0-10.1.255.255:0\n  dst: 0:10.2.0.0/255.255.255.0:0\n  \
                 SA:  ref=6 options=18227 type=00 soft=0 mtu=1438 expire=40886/0B replaywin=2048\n  \
                 life: type=01 bytes=0/0 timeout=43187/43200\n  \
                 dec: spi=8A7B6C5D esp=aes key=16 00112233445566778899aabbccddeeff\n       ah=sha1 key=20 0011\n  \
                 enc: spi=1a2b3c4d esp=aes key=16 ffeeddccbbaa99887766554433221100\n       ah=sha1 key=20 ffee\n  \
                 dec:pkts/bytes=26/1560, enc:pkts/bytes=52/7072\n";
        let l = lines(t);
        assert_eq!(detect(&l), Some(0.95));
        let p = parse(&l).unwrap();
        assert!(p.skipped.is_empty(), "{:?}", p.skipped);
        assert!(!p.truncated);
        let tun = &p.records[0];
        assert_eq!(tun.remote_address.as_deref(), Some("198.51.100.1"));
        assert_eq!(tun.rx_packets, Some(1234));
        assert_eq!(tun.dpd.on, Some(true));
        assert_eq!(tun.dpd.idle_ms, Some(20000));
        let px = &tun.proxy_ids[0];
        assert!(px.auto_negotiate);
        assert_eq!(px.src, vec!["10.1.0.0-10.1.255.255"]);
        assert_eq!(px.dst, vec!["10.2.0.0/255.255.255.0"]);
        assert_eq!(px.mtu, Some(1438));
        assert_eq!(px.life_max_s, Some(43200));
        let dec = px.dec.as_ref().unwrap();
        assert_eq!(dec.spi.as_deref(), Some("8a7b6c5d"));
        assert_eq!(dec.esp_key_len, Some(16));
        assert_eq!(dec.ah.as_deref(), Some("sha1"));
        assert_eq!((px.dec_packets, px.enc_bytes), (Some(26), Some(7072)));
        let json = serde_json::to_string(&p.records).unwrap();
        assert!(!json.contains("00112233"), "key material must not be kept");
    }

    #[test]
    fn garbage() {
        assert!(parse(&lines("name=value pairs everywhere\nkey=val foo=bar")).is_err());
    }
}
