//! `show crypto ikev2 sa [detail]` — Cisco IOS / IOS-XE IKEv2 SAs (also read for ASA).
//!
//! Seen on IOS-XE 16/17 (IPv4 rows with `Local Remote` columns; IPv6 rows with `Local` and
//! `Remote` on their own lines; `detail` adds ids, SPIs, DPD, NAT-T, pushed address and
//! remote subnets) and ASA 9.x (`Session-id:..., Status:...` lines, a `Role` column and
//! `Child sa:` selectors). ASA output is read by this module for `cisco_asa.show_crypto_ikev2_sa`.
//!
//! ```text
//! IPv4 Crypto IKEv2 SA
//! Tunnel-id Local                 Remote                fvrf/ivrf            Status
//! 1         192.0.2.1/500         198.51.100.7/500      none/none            READY
//!       Encr: AES-CBC, keysize: 256, PRF: SHA256, Hash: SHA256, DH Grp:19, Auth sign: PSK, Auth verify: PSK
//!       Life/Active Time: 86400/735 sec
//! ```

use serde::{Deserialize, Serialize};

use crate::LineSpan;
use crate::parsers::common::{self, IpFamily, open_enum};
use crate::parsers::{Confidence, Line, ParseError, ParseResult, Parsed};

open_enum! {
    /// IKEv2 SA status.
    pub enum Ikev2Status {
        /// Established.
        Ready => "READY",
        /// Negotiating.
        InNeg => "IN-NEG",
        /// Being deleted.
        Delete => "DELETE",
        /// Unknown to the device.
        Unknown => "UNKNOWN",
    }
}

/// One IKEv2 SA.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Ikev2Sa {
    /// Address family (section header or address).
    pub family: Option<IpFamily>,
    /// Tunnel id.
    pub tunnel_id: Option<u64>,
    /// Local address.
    pub local: Option<String>,
    /// Local port (500, or 4500 with NAT-T).
    pub local_port: Option<u16>,
    /// Remote (peer) address.
    pub remote: Option<String>,
    /// Remote port.
    pub remote_port: Option<u16>,
    /// Front-door VRF.
    pub fvrf: Option<String>,
    /// Inside VRF.
    pub ivrf: Option<String>,
    /// SA status.
    pub status: Option<Ikev2Status>,
    /// ASA: `INITIATOR` or `RESPONDER`.
    pub role: Option<String>,
    /// ASA: session status (`UP-ACTIVE`).
    pub session_status: Option<String>,
    /// Session id (IOS `Session-id`, ASA `Session-id`).
    pub session_id: Option<u64>,
    /// ASA: number of IKE SAs in the session.
    pub ike_count: Option<u32>,
    /// ASA: number of child SAs in the session.
    pub child_count: Option<u32>,
    /// Encryption (`AES-CBC`, `AES-GCM`, `3DES`).
    pub encryption: Option<String>,
    /// Key size in bits.
    pub keysize: Option<u32>,
    /// PRF.
    pub prf: Option<String>,
    /// Integrity hash (`None` for AEAD ciphers).
    pub hash: Option<String>,
    /// Diffie-Hellman group.
    pub dh_group: Option<u32>,
    /// Local authentication method.
    pub auth_sign: Option<String>,
    /// Remote authentication method.
    pub auth_verify: Option<String>,
    /// Post-quantum key exchange (`ML-KEM-1024`).
    pub pqc_key_exchange: Option<String>,
    /// Configured lifetime, seconds.
    pub lifetime_secs: Option<u64>,
    /// Time the SA has been up, seconds.
    pub active_secs: Option<u64>,
    /// CE id.
    pub ce_id: Option<u64>,
    /// `Status Description` (`Negotiation done`).
    pub status_description: Option<String>,
    /// Local IKE SPI.
    pub local_spi: Option<String>,
    /// Remote IKE SPI.
    pub remote_spi: Option<String>,
    /// Local identity.
    pub local_id: Option<String>,
    /// Remote identity.
    pub remote_id: Option<String>,
    /// DPD interval, seconds (`None` when DPD is not configured).
    pub dpd_interval_secs: Option<u32>,
    /// DPD retry.
    pub dpd_retry: Option<u32>,
    /// NAT-T detection (`not detected`, `detected inside`, `detected outside`).
    pub nat_t: Option<String>,
    /// Whether this side initiated the SA.
    pub initiator: Option<bool>,
    /// Address pushed to the peer.
    pub pushed_ip: Option<String>,
    /// Remote subnets learned (`addr mask`).
    pub remote_subnets: Vec<String>,
    /// ASA child SAs.
    pub child_sas: Vec<Ikev2ChildSa>,
    /// Source lines of this SA.
    pub lines: LineSpan,
}

/// ASA child SA of an IKEv2 session.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Ikev2ChildSa {
    /// Local traffic selector.
    pub local_selector: Option<String>,
    /// Remote traffic selector.
    pub remote_selector: Option<String>,
    /// Inbound ESP SPI.
    pub spi_in: Option<String>,
    /// Outbound ESP SPI.
    pub spi_out: Option<String>,
    /// Source lines.
    pub lines: LineSpan,
}

/// Cheap check for IOS wording.
pub fn detect(lines: &[Line<'_>]) -> Option<Confidence> {
    lines
        .iter()
        .filter_map(|l| {
            let t = l.text;
            if t.contains("Crypto IKEv2 SA") || t.contains("Crypto IKEv2  SA") {
                Some(0.95)
            } else if is_header(t) && t.contains("fvrf/ivrf") {
                Some(0.9)
            } else {
                shared_signal(t)
            }
        })
        .reduce(Confidence::max)
}

/// Lines IOS and ASA share.
pub(crate) fn shared_signal(t: &str) -> Option<Confidence> {
    let lead = t.trim_start();
    if (lead.starts_with("Encr:") && t.contains("DH Grp")) || lead.starts_with("Life/Active Time:")
    {
        Some(0.6)
    } else if is_header(t) {
        Some(0.7)
    } else {
        None
    }
}

fn is_header(t: &str) -> bool {
    t.trim_start().starts_with("Tunnel-id") && t.contains("Status")
}

/// Parses IOS or ASA output.
pub fn parse(lines: &[Line<'_>]) -> ParseResult<Vec<Ikev2Sa>> {
    if lines.iter().all(common::is_blank) {
        return Err(ParseError::Empty);
    }
    let mut r = Reader::default();
    for line in lines {
        let t = line.text.trim();
        if t.is_empty() {
            r.subnets = false;
            continue;
        }
        if r.line(line.no, t) {
            r.understood += 1;
            if let Some(sa) = r.sa.as_mut() {
                sa.lines = sa.lines.join(LineSpan::line(line.no));
            }
        } else {
            r.skipped.push(line.no);
        }
    }
    r.finish()
}

/// ASA `Session-id:..., Status:..., IKE count:..., CHILD count:...` values.
type Session = (Option<u64>, Option<String>, Option<u32>, Option<u32>);

#[derive(Default)]
struct Reader {
    family: Option<IpFamily>,
    /// The current header has `Local`/`Remote` columns.
    addr_columns: bool,
    /// ASA session line waiting for its SA row.
    session: Option<Session>,
    sa: Option<Ikev2Sa>,
    child: Option<Ikev2ChildSa>,
    subnets: bool,
    out: Vec<Ikev2Sa>,
    skipped: Vec<u32>,
    understood: usize,
}

impl Reader {
    fn line(&mut self, no: u32, t: &str) -> bool {
        if t.contains("Crypto IKEv2") {
            self.close();
            self.family = Some(if t.contains("IPv6") {
                IpFamily::Ipv6
            } else {
                IpFamily::Ipv4
            });
            return true;
        }
        if t.starts_with("IKEv2 SAs:") || t.eq_ignore_ascii_case("There are no IKEv2 SAs") {
            return true;
        }
        if is_header(t) {
            self.close();
            self.addr_columns = t.contains("Local");
            return true;
        }
        if t.starts_with("Session-id:") {
            self.close();
            let pairs = common::comma_pairs(t, ':');
            let get = |k: &str| {
                pairs
                    .iter()
                    .find(|(pk, _)| pk.eq_ignore_ascii_case(k))
                    .map(|(_, v)| *v)
            };
            self.session = Some((
                get("Session-id").and_then(common::parse_num),
                get("Status").map(str::to_owned),
                get("IKE count").and_then(common::parse_num),
                get("CHILD count").and_then(common::parse_num),
            ));
            return true;
        }
        if t.split_whitespace()
            .next()
            .is_some_and(|w| w.parse::<u64>().is_ok())
            && self.row(no, t)
        {
            return true;
        }
        if self.subnets
            && t.split_whitespace().all(common::is_addr)
            && let Some(sa) = self.sa.as_mut()
        {
            sa.remote_subnets
                .push(t.split_whitespace().collect::<Vec<_>>().join(" "));
            return true;
        }
        self.subnets = false;
        let Some(sa) = self.sa.as_mut() else {
            return false;
        };
        detail_line(sa, &mut self.child, &mut self.subnets, no, t)
    }

    /// `1  192.0.2.1/500  198.51.100.7/500  none/none  READY  [INITIATOR]` or `1  none/none  READY`.
    fn row(&mut self, no: u32, t: &str) -> bool {
        let toks: Vec<&str> = t.split_whitespace().collect();
        let mut it = toks.iter().copied();
        let Some(id) = it.next().and_then(|w| w.parse::<u64>().ok()) else {
            return false;
        };
        let rest: Vec<&str> = it.collect();
        let mut sa = Ikev2Sa {
            family: self.family,
            tunnel_id: Some(id),
            lines: LineSpan::line(no),
            ..Ikev2Sa::default()
        };
        let mut rest = rest.into_iter().peekable();
        if self.addr_columns {
            let (Some(l), Some(r)) = (rest.next(), rest.next()) else {
                return false;
            };
            let (la, lp) = addr_port(l);
            let (ra, rp) = addr_port(r);
            if !common::is_addr(&la) || !common::is_addr(&ra) {
                return false;
            }
            sa.family = sa.family.or(Some(IpFamily::of(&la)));
            (sa.local, sa.local_port, sa.remote, sa.remote_port) = (Some(la), lp, Some(ra), rp);
        }
        if let Some(v) = rest.peek().copied()
            && v.contains('/')
        {
            rest.next();
            let (f, i) = v.split_once('/').unwrap_or((v, ""));
            sa.fvrf = Some(f.to_owned());
            sa.ivrf = Some(i.to_owned()).filter(|s| !s.is_empty());
        }
        sa.status = rest.next().map(Ikev2Status::parse);
        sa.role = rest.next().map(str::to_owned);
        if let Some((sid, st, ike, child)) = self.session.take() {
            (
                sa.session_id,
                sa.session_status,
                sa.ike_count,
                sa.child_count,
            ) = (sid, st, ike, child);
        }
        self.close();
        self.sa = Some(sa);
        true
    }

    fn close(&mut self) {
        if let Some(c) = self.child.take()
            && let Some(sa) = self.sa.as_mut()
        {
            sa.child_sas.push(c);
        }
        if let Some(sa) = self.sa.take() {
            self.out.push(sa);
        }
        self.subnets = false;
    }

    fn finish(mut self) -> ParseResult<Vec<Ikev2Sa>> {
        self.close();
        if self.understood == 0 {
            return Err(ParseError::Syntax {
                line: self.skipped.first().copied().unwrap_or(0),
                message: "no IKEv2 SA header or row".to_owned(),
            });
        }
        // Every SA prints its lifetime line; without it the paste was cut.
        let truncated = self.out.last().is_some_and(|s| s.lifetime_secs.is_none());
        let mut p = Parsed::new(self.out);
        p.truncated = truncated;
        p.skipped = common::spans(self.skipped);
        Ok(p)
    }
}

/// The indented lines under an SA row.
fn detail_line(
    sa: &mut Ikev2Sa,
    child: &mut Option<Ikev2ChildSa>,
    subnets: &mut bool,
    no: u32,
    t: &str,
) -> bool {
    let lone = |v: &&str| {
        v.starts_with(' ')
            && v.split_whitespace().count() == 1
            && common::is_addr(&addr_port(v.trim()).0)
    };
    if let Some(v) = t.strip_prefix("Local").filter(lone) {
        let (a, p) = addr_port(v.trim());
        sa.family = sa.family.or(Some(IpFamily::of(&a)));
        (sa.local, sa.local_port) = (Some(a), p);
    } else if let Some(v) = t.strip_prefix("Remote").filter(lone) {
        let (a, p) = addr_port(v.trim());
        (sa.remote, sa.remote_port) = (Some(a), p);
    } else if t.starts_with("Encr:") {
        for (k, v) in common::comma_pairs(t, ':') {
            match k {
                "Encr" => sa.encryption = Some(v.to_owned()),
                "keysize" => sa.keysize = common::parse_num(v),
                "PRF" => sa.prf = Some(v.to_owned()),
                "Hash" => sa.hash = Some(v.to_owned()),
                "DH Grp" => sa.dh_group = common::parse_num(v),
                "Auth sign" => sa.auth_sign = Some(v.to_owned()),
                "Auth verify" => sa.auth_verify = Some(v.to_owned()),
                _ => {}
            }
        }
    } else if let Some(v) = t.strip_prefix("Life/Active Time:") {
        let v = v.trim().trim_end_matches("sec").trim();
        let (l, a) = v.split_once('/').unwrap_or((v, ""));
        sa.lifetime_secs = common::parse_num(l);
        sa.active_secs = common::parse_num(a);
    } else if t.starts_with("CE id:") {
        sa.ce_id = common::value_after(t, "CE id:").and_then(common::parse_num);
        sa.session_id = common::value_after(t, "Session-id:")
            .and_then(common::parse_num)
            .or(sa.session_id);
    } else if let Some(v) = t.strip_prefix("Status Description:") {
        sa.status_description = Some(v.trim().to_owned());
    } else if t.starts_with("Local spi:") {
        sa.local_spi = common::word_after(t, "Local spi:").map(str::to_owned);
        sa.remote_spi = common::word_after(t, "Remote spi:").map(str::to_owned);
    } else if let Some(v) = t.strip_prefix("Local id:") {
        sa.local_id = Some(v.trim().to_owned());
    } else if let Some(v) = t.strip_prefix("Remote id:") {
        sa.remote_id = Some(v.trim().to_owned());
    } else if let Some(v) = t.strip_prefix("PQC Key Exchange:") {
        sa.pqc_key_exchange = Some(v.trim().to_owned());
    } else if t.starts_with("DPD configured for") {
        sa.dpd_interval_secs =
            common::word_after(t, "DPD configured for").and_then(common::parse_num);
        sa.dpd_retry = common::word_after(t, "retry").and_then(common::parse_num);
    } else if let Some(v) = t.strip_prefix("NAT-T is ") {
        sa.nat_t = Some(v.trim().to_owned());
    } else if let Some(v) = t
        .strip_prefix("Initiator of SA :")
        .or_else(|| t.strip_prefix("Initiator of SA:"))
    {
        sa.initiator = Some(v.trim().eq_ignore_ascii_case("yes"));
    } else if let Some(v) = t.strip_prefix("Pushed IP address:") {
        sa.pushed_ip = Some(v.trim().to_owned());
    } else if t.starts_with("Remote subnets:") {
        *subnets = true;
    } else if let Some(v) = t.strip_prefix("Child sa:") {
        if let Some(c) = child.take() {
            sa.child_sas.push(c);
        }
        *child = Some(Ikev2ChildSa {
            local_selector: v
                .trim()
                .strip_prefix("local selector")
                .map(|s| s.trim().to_owned()),
            lines: LineSpan::line(no),
            ..Ikev2ChildSa::default()
        });
    } else if let Some(v) = t.strip_prefix("remote selector") {
        let Some(c) = child.as_mut() else {
            return false;
        };
        c.remote_selector = Some(v.trim().to_owned());
        c.lines = c.lines.join(LineSpan::line(no));
    } else if let Some(v) = t.strip_prefix("ESP spi in/out:") {
        let Some(c) = child.as_mut() else {
            return false;
        };
        let (i, o) = v.trim().split_once('/').unwrap_or((v.trim(), ""));
        c.spi_in = Some(i.to_owned());
        c.spi_out = Some(o.to_owned()).filter(|s| !s.is_empty());
        c.lines = c.lines.join(LineSpan::line(no));
    } else {
        return is_known_detail(t);
    }
    true
}

/// Detail lines that carry nothing the rules use but are expected.
fn is_known_detail(t: &str) -> bool {
    const KNOWN: &[&str] = &[
        "Local req msg id:",
        "Local next msg id:",
        "Local req queued:",
        "Local window:",
        "Fragmentation",
        "Dynamic Route Update:",
        "Extended Authentication",
        "Cisco Trust Security SGT",
        "DPD disabled",
        "DPD not configured",
        "Quantum Resistance",
        "IPsec Fallback",
    ];
    KNOWN.iter().any(|k| t.starts_with(k))
}

/// `192.0.2.1/500` → (`192.0.2.1`, 500).
fn addr_port(v: &str) -> (String, Option<u16>) {
    match v.rsplit_once('/') {
        Some((a, p)) if p.chars().all(|c| c.is_ascii_digit()) && !p.is_empty() => {
            (a.to_owned(), common::parse_num(p))
        }
        _ => (v.to_owned(), None),
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
    fn ipv4_row_and_detail() {
        let t = "IPv4 Crypto IKEv2 SA\n\nTunnel-id Local                 Remote                fvrf/ivrf            Status\n1         192.0.2.1/4500        198.51.100.7/4500     none/none            READY\n      Encr: AES-GCM, keysize: 256, PRF: SHA384, Hash: None, DH Grp:20, Auth sign: PSK, Auth verify: PSK\n      Life/Active Time: 86400/4006 sec\n      DPD configured for 10 seconds, retry 2\n      NAT-T is detected inside\n      Remote subnets:\n      10.0.0.0 255.0.0.0\n";
        let p = parse(&lines(t)).unwrap();
        assert!(p.skipped.is_empty(), "{:?}", p.skipped);
        let sa = p.records.first().unwrap();
        assert_eq!(sa.remote.as_deref(), Some("198.51.100.7"));
        assert_eq!(sa.remote_port, Some(4500));
        assert_eq!(sa.status, Some(Ikev2Status::Ready));
        assert_eq!(sa.dh_group, Some(20));
        assert_eq!(sa.active_secs, Some(4006));
        assert_eq!(sa.dpd_interval_secs, Some(10));
        assert_eq!(sa.nat_t.as_deref(), Some("detected inside"));
        assert_eq!(sa.remote_subnets, vec!["10.0.0.0 255.0.0.0"]);
        assert_eq!(sa.lines, LineSpan::new(4, 10));
        assert!(!p.truncated);
    }

    #[test]
    fn row_without_lifetime_is_truncated() {
        let t = "Tunnel-id Local Remote fvrf/ivrf Status\n3 192.0.2.1/500 198.51.100.7/500 none/none IN-NEG\n";
        let p = parse(&lines(t)).unwrap();
        assert!(p.truncated);
        assert_eq!(p.records.first().unwrap().status, Some(Ikev2Status::InNeg));
    }
}
