//! `show vpn-sessiondb [detail] l2l [filter name X]` — Cisco ASA site-to-site sessions.
//!
//! Seen on ASA 8.x (`IKE:` / `IPSec:` sub-sections, `IKE Sessions: 1 IPSec Sessions: 2`) and
//! 9.x (`IKEv1:` / `IKEv2:` / `IPsec:` / `IPsecOverNatT:` sub-sections with `Tunnel ID`,
//! `... Tunnels: N` counts). Column-aligned `Key : value` pairs are read with
//! [`common::aligned_pairs`]; keys not modelled are kept in `other`.
//!
//! ```text
//! Session Type: LAN-to-LAN Detailed
//! Connection   : 198.51.100.7
//! Index        : 1                      IP Addr      : 198.51.100.7
//! Protocol     : IKEv2 IPsec
//! Duration     : 1h:02m:03s
//! ```

use serde::{Deserialize, Serialize};

use crate::LineSpan;
use crate::parsers::common;
use crate::parsers::{Confidence, Line, ParseError, ParseResult, Parsed};

/// One L2L session (one `Connection`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct L2lSession {
    /// `Connection` (peer address or tunnel-group name).
    pub connection: String,
    /// `Index`.
    pub index: Option<u64>,
    /// `IP Addr` of the peer.
    pub ip_addr: Option<String>,
    /// `Protocol` (`IKEv2 IPsec`, `IKEv1 IPsecOverNatT`, `IPSecLAN2LAN`).
    pub protocol: Option<String>,
    /// `Encryption` summary as printed.
    pub encryption: Option<String>,
    /// `Hashing` summary as printed.
    pub hashing: Option<String>,
    /// Bytes sent.
    pub bytes_tx: Option<u64>,
    /// Bytes received.
    pub bytes_rx: Option<u64>,
    /// `Group Policy`.
    pub group_policy: Option<String>,
    /// `Tunnel Group`.
    pub tunnel_group: Option<String>,
    /// `Login Time` as printed.
    pub login_time: Option<String>,
    /// `Duration` as printed.
    pub duration: Option<String>,
    /// Duration in seconds.
    pub duration_secs: Option<u64>,
    /// `<kind> Tunnels: N` / `IKE Sessions: N` counts, as `(kind, count)`.
    pub tunnel_counts: Vec<(String, u32)>,
    /// The IKE and IPsec sub-sections (detail output).
    pub tunnels: Vec<SessionTunnel>,
    /// Other `key: value` pairs of the session.
    pub other: Vec<(String, String)>,
    /// Source lines.
    pub lines: LineSpan,
}

/// An `IKEv2:` / `IPsec:` / ... sub-section of a detailed session.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SessionTunnel {
    /// Section name (`IKE`, `IKEv1`, `IKEv2`, `IPSec`, `IPsec`, `IPsecOverNatT`).
    pub kind: String,
    /// `Tunnel ID` (9.x) or `Session ID` (8.x).
    pub tunnel_id: Option<String>,
    /// UDP source port.
    pub udp_src_port: Option<u16>,
    /// UDP destination port.
    pub udp_dst_port: Option<u16>,
    /// Local proxy (`addr/mask/proto/port`).
    pub local_addr: Option<String>,
    /// Remote proxy.
    pub remote_addr: Option<String>,
    /// Encryption.
    pub encryption: Option<String>,
    /// Hashing.
    pub hashing: Option<String>,
    /// PRF.
    pub prf: Option<String>,
    /// D/H group.
    pub dh_group: Option<u32>,
    /// PFS group.
    pub pfs_group: Option<u32>,
    /// Encapsulation.
    pub encapsulation: Option<String>,
    /// Authentication mode(s) (`Auth Mode`, or `Rem Auth Mode` / `Loc Auth Mode`).
    pub auth_mode: Option<String>,
    /// Remote authentication mode.
    pub remote_auth_mode: Option<String>,
    /// Local authentication mode.
    pub local_auth_mode: Option<String>,
    /// IKE negotiation mode (`Main`, `Aggressive`).
    pub ike_neg_mode: Option<String>,
    /// Rekey interval, seconds.
    pub rekey_interval_secs: Option<u64>,
    /// Time left before rekey, seconds.
    pub rekey_left_secs: Option<u64>,
    /// Rekey interval, kilobytes.
    pub rekey_interval_kb: Option<u64>,
    /// Kilobytes left before rekey.
    pub rekey_left_kb: Option<u64>,
    /// Bytes sent.
    pub bytes_tx: Option<u64>,
    /// Bytes received.
    pub bytes_rx: Option<u64>,
    /// Packets sent.
    pub pkts_tx: Option<u64>,
    /// Packets received.
    pub pkts_rx: Option<u64>,
    /// Other pairs.
    pub other: Vec<(String, String)>,
    /// Source lines.
    pub lines: LineSpan,
}

/// Cheap check.
pub fn detect(lines: &[Line<'_>]) -> Option<Confidence> {
    lines
        .iter()
        .filter_map(|l| {
            let t = l.text.trim();
            if t.starts_with("Session Type: LAN-to-LAN")
                || t.starts_with("INFO: There are presently no active sessions")
            {
                Some(0.95)
            } else if (t.starts_with("Connection") && t.contains(':'))
                || (t.starts_with("Index") && t.contains("IP Addr"))
                || (t.starts_with("IKE Sessions:") && t.contains("IPSec Sessions:"))
            {
                Some(0.85)
            } else if t.starts_with("Rekey Int (T)")
                || t.starts_with("Tunnel ID")
                || t.ends_with(" Tunnels: 1")
            {
                Some(0.6)
            } else {
                None
            }
        })
        .reduce(Confidence::max)
}

/// Parses the output.
pub fn parse(lines: &[Line<'_>]) -> ParseResult<Vec<L2lSession>> {
    if lines.iter().all(common::is_blank) {
        return Err(ParseError::Empty);
    }
    let mut out: Vec<L2lSession> = Vec::new();
    let mut skipped = Vec::new();
    let mut understood = 0usize;
    // Inside a sub-section (`IKEv2:`) until the next session or sub-section.
    let mut in_tunnel = false;
    for line in lines {
        let t = line.text.trim();
        if t.is_empty() {
            continue;
        }
        let no = line.no;
        if t.starts_with("Session Type:")
            || t.starts_with("INFO: There are presently no active sessions")
        {
            understood += 1;
            continue;
        }
        if let Some(kind) = t.strip_suffix(':').filter(|k| is_section_name(k)) {
            let Some(s) = out.last_mut() else {
                skipped.push(no);
                continue;
            };
            s.tunnels.push(SessionTunnel {
                kind: kind.to_owned(),
                lines: LineSpan::line(no),
                ..SessionTunnel::default()
            });
            s.lines = s.lines.join(LineSpan::line(no));
            in_tunnel = true;
            understood += 1;
            continue;
        }
        if t.starts_with("IKE Sessions:") || t.contains(" Tunnels:") {
            let Some(s) = out.last_mut() else {
                skipped.push(no);
                continue;
            };
            counts(s, t);
            s.lines = s.lines.join(LineSpan::line(no));
            in_tunnel = false;
            understood += 1;
            continue;
        }
        // `Encryption : IKEv2: (1)AES256  IPsec: (1)AES256` is one value with inner colons.
        let summary = ["Encryption", "Hashing"].iter().find_map(|k| {
            let v = t.strip_prefix(k)?.trim_start().strip_prefix(':')?;
            v.contains(": (").then_some((*k, v.trim()))
        });
        let pairs = summary.map_or_else(|| common::aligned_pairs(t), |p| vec![p]);
        // `Connection :` opens a session (scrubbed outputs leave its value empty).
        if let Some(conn) = t
            .strip_prefix("Connection")
            .and_then(|r| r.trim_start().strip_prefix(':'))
        {
            out.push(L2lSession {
                connection: conn.trim().to_owned(),
                lines: LineSpan::line(no),
                ..L2lSession::default()
            });
            in_tunnel = false;
            understood += 1;
            continue;
        }
        let Some(s) = out.last_mut() else {
            skipped.push(no);
            continue;
        };
        if pairs.is_empty() {
            // `Filter Name  :` and similar empty values belong to the session.
            if t.ends_with(':') {
                s.lines = s.lines.join(LineSpan::line(no));
                understood += 1;
            } else {
                skipped.push(no);
            }
            continue;
        }
        match s.tunnels.last_mut().filter(|_| in_tunnel) {
            Some(tun) => {
                for (k, v) in pairs {
                    tunnel_field(tun, k, v);
                }
                tun.lines = tun.lines.join(LineSpan::line(no));
            }
            None => {
                for (k, v) in pairs {
                    session_field(s, k, v);
                }
            }
        }
        s.lines = s.lines.join(LineSpan::line(no));
        understood += 1;
    }
    if understood == 0 {
        return Err(ParseError::Syntax {
            line: skipped.first().copied().unwrap_or(0),
            message: "no vpn-sessiondb line".to_owned(),
        });
    }
    // A session always prints its duration; a session without it was cut off.
    let truncated = out.last().is_some_and(|s| s.duration.is_none());
    let mut p = Parsed::new(out);
    p.truncated = truncated;
    p.skipped = common::spans(skipped);
    Ok(p)
}

fn is_section_name(k: &str) -> bool {
    matches!(
        k,
        "IKE"
            | "IKEv1"
            | "IKEv2"
            | "IPSec"
            | "IPsec"
            | "IPsecOverNatT"
            | "IPSecOverNatT"
            | "IPsecOverTCP"
            | "NAC"
    )
}

/// `IKE Sessions: 1 IPSec Sessions: 2` or `IKEv2 Tunnels: 1`.
fn counts(s: &mut L2lSession, t: &str) {
    let toks: Vec<&str> = t.split_whitespace().collect();
    let mut i = 0usize;
    while let (Some(kind), Some(label), Some(n)) = (toks.get(i), toks.get(i + 1), toks.get(i + 2)) {
        if label.ends_with(':')
            && let Some(n) = common::parse_num(n)
        {
            s.tunnel_counts.push(((*kind).to_owned(), n));
            i += 3;
        } else {
            i += 1;
        }
    }
}

/// `52d 6h:35m:23s`, `1h:02m:03s`, `6:16:26` → seconds.
fn duration_secs(v: &str) -> Option<u64> {
    let mut total = 0u64;
    let mut rest = v.trim();
    if let Some((d, r)) = rest.split_once("d ") {
        total += common::parse_num::<u64>(d)? * 86_400;
        rest = r;
    }
    let parts: Vec<u64> = rest
        .split(':')
        .map(|p| p.trim_end_matches(['h', 'm', 's']).parse().ok())
        .collect::<Option<Vec<u64>>>()?;
    let secs = match parts.as_slice() {
        [h, m, s] => h * 3600 + m * 60 + s,
        [m, s] => m * 60 + s,
        _ => return None,
    };
    Some(total + secs)
}

fn session_field(s: &mut L2lSession, k: &str, v: &str) {
    match k {
        "Index" => s.index = common::parse_num(v),
        "IP Addr" => s.ip_addr = Some(v.to_owned()),
        "Protocol" => s.protocol = Some(v.to_owned()),
        "Encryption" => s.encryption = Some(v.to_owned()),
        "Hashing" => s.hashing = Some(v.to_owned()),
        "Bytes Tx" => s.bytes_tx = common::parse_counter(v),
        "Bytes Rx" => s.bytes_rx = common::parse_counter(v),
        "Group Policy" => s.group_policy = Some(v.to_owned()),
        "Tunnel Group" => s.tunnel_group = Some(v.to_owned()),
        "Login Time" => s.login_time = Some(v.to_owned()),
        "Duration" => {
            s.duration = Some(v.to_owned());
            s.duration_secs = duration_secs(v);
        }
        _ => s.other.push((k.to_owned(), v.to_owned())),
    }
}

/// `86400 Seconds` → 86400.
fn first_num(v: &str) -> Option<u64> {
    v.split_whitespace().next().and_then(common::parse_counter)
}

fn tunnel_field(t: &mut SessionTunnel, k: &str, v: &str) {
    match k {
        "Tunnel ID" | "Session ID" => t.tunnel_id = Some(v.to_owned()),
        "UDP Src Port" => t.udp_src_port = common::parse_num(v),
        "UDP Dst Port" => t.udp_dst_port = common::parse_num(v),
        "Local Addr" => t.local_addr = Some(v.to_owned()),
        "Remote Addr" => t.remote_addr = Some(v.to_owned()),
        "Encryption" => t.encryption = Some(v.to_owned()),
        "Hashing" => t.hashing = Some(v.to_owned()),
        "PRF" => t.prf = Some(v.to_owned()),
        "D/H Group" => t.dh_group = common::parse_num(v),
        "PFS Group" => t.pfs_group = common::parse_num(v),
        "Encapsulation" => t.encapsulation = Some(v.to_owned()),
        "Auth Mode" => t.auth_mode = Some(v.to_owned()),
        "Rem Auth Mode" => t.remote_auth_mode = Some(v.to_owned()),
        "Loc Auth Mode" => t.local_auth_mode = Some(v.to_owned()),
        "IKE Neg Mode" => t.ike_neg_mode = Some(v.to_owned()),
        "Rekey Int (T)" => t.rekey_interval_secs = first_num(v),
        "Rekey Left(T)" | "Rekey Left (T)" => t.rekey_left_secs = first_num(v),
        "Rekey Int (D)" => t.rekey_interval_kb = first_num(v),
        "Rekey Left(D)" | "Rekey Left (D)" => t.rekey_left_kb = first_num(v),
        "Bytes Tx" => t.bytes_tx = common::parse_counter(v),
        "Bytes Rx" => t.bytes_rx = common::parse_counter(v),
        "Pkts Tx" => t.pkts_tx = common::parse_counter(v),
        "Pkts Rx" => t.pkts_rx = common::parse_counter(v),
        _ => t.other.push((k.to_owned(), v.to_owned())),
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
    fn detailed_session() {
        let t = "Session Type: LAN-to-LAN Detailed\n\nConnection   : 198.51.100.7\nIndex        : 26386                  IP Addr      : 198.51.100.7\nProtocol     : IKEv2 IPsecOverNatT\nBytes Tx     : 1280                   Bytes Rx     : 0\nLogin Time   : 07:30:58 UTC Mon Nov 7 2022\nDuration     : 52d 6h:35m:23s\n\nIKEv2 Tunnels: 1\nIPsecOverNatT Tunnels: 1\n\nIKEv2:\n  Tunnel ID    : 26386.1\n  UDP Src Port : 4500                   UDP Dst Port : 4500\n  Rekey Int (T): 86400 Seconds          Rekey Left(T): 59552 Seconds\n  PRF          : SHA512                 D/H Group    : 21\n  Filter Name  :\n\nIPsecOverNatT:\n  Tunnel ID    : 26386.2\n  Local Addr   : 0.0.0.0/0.0.0.0/0/0\n  Bytes Tx     : 1280                   Bytes Rx     : 0\n";
        let p = parse(&lines(t)).unwrap();
        assert!(p.skipped.is_empty(), "{:?}", p.skipped);
        let s = p.records.first().unwrap();
        assert_eq!(s.connection, "198.51.100.7");
        assert_eq!(s.index, Some(26386));
        assert_eq!(s.bytes_rx, Some(0));
        assert_eq!(s.duration_secs, Some(52 * 86_400 + 6 * 3600 + 35 * 60 + 23));
        assert_eq!(
            s.tunnel_counts,
            vec![("IKEv2".to_owned(), 1), ("IPsecOverNatT".to_owned(), 1)]
        );
        let ike = s.tunnels.first().unwrap();
        assert_eq!(ike.udp_dst_port, Some(4500));
        assert_eq!(ike.rekey_left_secs, Some(59552));
        assert_eq!(ike.dh_group, Some(21));
        let ipsec = s.tunnels.get(1).unwrap();
        assert_eq!(ipsec.local_addr.as_deref(), Some("0.0.0.0/0.0.0.0/0/0"));
        assert_eq!(ipsec.bytes_tx, Some(1280));
    }

    #[test]
    fn old_counts_line() {
        let t = "Connection   : 192.0.2.1\n IKE Sessions: 1 IPSec Sessions: 2\n";
        let p = parse(&lines(t)).unwrap();
        assert_eq!(
            p.records.first().unwrap().tunnel_counts,
            vec![("IKE".to_owned(), 1), ("IPSec".to_owned(), 2)]
        );
    }
}
