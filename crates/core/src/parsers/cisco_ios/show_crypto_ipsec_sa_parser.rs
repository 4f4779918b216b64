//! Line-by-line reader for `show crypto ipsec sa` (IOS, IOS-XE and ASA layouts).
//!
//! The output is a sequence of `interface:` sections, each with one or more protected flows
//! (`protected vrf:` / `access-list` / `local ident`), each with counters and SA lists. The
//! reader keeps the current interface, flow, SA list and SA, and files every line into them.

use super::show_crypto_ipsec_sa::{ChildSa, ChildSaStatus, Ident, IpsecCounters, IpsecSa, Spi};
use crate::LineSpan;
use crate::parsers::common;
use crate::parsers::{Line, ParseError, ParseResult, Parsed};

/// Parses IOS or ASA `show crypto ipsec sa` output.
pub fn parse(lines: &[Line<'_>]) -> ParseResult<Vec<IpsecSa>> {
    if lines.iter().all(common::is_blank) {
        return Err(ParseError::Empty);
    }
    let mut r = Reader::default();
    for line in lines {
        let t = line.text.trim();
        if t.is_empty() {
            continue;
        }
        if r.line(line.no, t) {
            r.understood += 1;
            r.touch(line.no);
        } else {
            r.skipped.push(line.no);
        }
    }
    r.finish()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum List {
    InEsp,
    OutEsp,
    InAh,
    OutAh,
    /// PCP (compression) lists: read but not kept.
    Pcp,
}

#[derive(Default)]
struct Reader {
    interface: Option<String>,
    crypto_map: Option<String>,
    seq_num: Option<u32>,
    local_addr: Option<String>,
    flow: Option<IpsecSa>,
    list: Option<List>,
    sa: Option<ChildSa>,
    /// Inside `Anti replay bitmap:` (hex words follow).
    bitmap: bool,
    out: Vec<IpsecSa>,
    skipped: Vec<u32>,
    understood: usize,
    /// The last flow reached its outbound ESP list.
    saw_outbound: bool,
}

impl Reader {
    fn line(&mut self, no: u32, t: &str) -> bool {
        if let Some(v) = t.strip_prefix("interface:") {
            self.close_flow();
            self.interface = Some(v.trim().to_owned());
            self.crypto_map = None;
            self.seq_num = None;
            self.local_addr = None;
            return true;
        }
        if let Some(v) = t.strip_prefix("Crypto map tag:") {
            self.close_flow();
            self.crypto_map = v.split(',').next().map(|s| s.trim().to_owned());
            self.seq_num = common::value_after(v, "seq num").and_then(common::parse_num);
            self.local_addr = common::value_after(v, "local addr").map(str::to_owned);
            return true;
        }
        if let Some(v) = t.strip_prefix("protected vrf:") {
            self.close_flow();
            self.flow_mut(no).protected_vrf = Some(v.trim().to_owned());
            return true;
        }
        if t.starts_with("access-list ") {
            if self.flow.as_ref().is_some_and(|f| f.local_ident.is_some()) {
                self.close_flow();
            }
            self.flow_mut(no).access_list = Some(t.to_owned());
            return true;
        }
        if t.starts_with("local ident") || t.starts_with("local  ident") {
            if self.flow.as_ref().is_some_and(|f| f.local_ident.is_some()) {
                self.close_flow();
            }
            let id = ident(t);
            self.flow_mut(no).local_ident = id;
            return true;
        }
        if t.starts_with("remote ident") {
            let id = ident(t);
            self.flow_mut(no).remote_ident = id;
            return true;
        }
        if let Some(v) = t.strip_prefix("current_peer") {
            let v = v.trim_start_matches([':', ' ']);
            let f = self.flow_mut(no);
            f.peer = v.split_whitespace().next().map(str::to_owned);
            f.peer_port = common::word_after(v, " port ").and_then(common::parse_num);
            return true;
        }
        if let Some(v) = t.strip_prefix("dynamic allocated peer ip:") {
            self.flow_mut(no).dynamic_peer = Some(v.trim().to_owned());
            return true;
        }
        if t.starts_with("PERMIT") || t.starts_with("DENY") {
            self.flow_mut(no).flags = Some(t.to_owned());
            return true;
        }
        if t.starts_with('#') {
            return self.counters(no, t);
        }
        if t.contains("crypto endpt.") {
            return self.endpoints(no, t);
        }
        if t.starts_with("plaintext mtu") || t.starts_with("path mtu") {
            let f = self.flow_mut(no);
            f.plaintext_mtu = common::value_after(t, "plaintext mtu").and_then(common::parse_num);
            f.path_mtu = common::value_after(t, "path mtu").and_then(common::parse_num);
            f.ip_mtu = common::value_after(t, "ip mtu ")
                .filter(|v| !v.starts_with("idb"))
                .or_else(|| common::value_after(t, "ipv6 mtu ").filter(|v| !v.starts_with("idb")))
                .and_then(common::parse_num);
            f.ip_mtu_idb = common::value_after(t, "mtu idb").map(str::to_owned);
            f.media_mtu = common::value_after(t, "media mtu").and_then(common::parse_num);
            f.ipsec_overhead = common::value_after(t, "ipsec overhead")
                .and_then(|v| v.split('(').next())
                .and_then(common::parse_num);
            return true;
        }
        if t.starts_with("PMTU time remaining") {
            self.flow_mut(no).df_policy = common::value_after(t, "DF policy:").map(str::to_owned);
            return true;
        }
        if t.eq_ignore_ascii_case("There are no ipsec sas") || t.starts_with("No SAs found") {
            return true;
        }
        if t.starts_with("ICMP error validation") {
            return true;
        }
        if let Some(v) = t.strip_prefix("current outbound spi") {
            let v = v.trim_start_matches([':', ' ']);
            self.flow_mut(no).current_outbound_spi = spi(v);
            return true;
        }
        if let Some(v) = t.strip_prefix("current inbound spi") {
            let v = v.trim_start_matches([':', ' ']);
            self.flow_mut(no).current_inbound_spi = spi(v);
            return true;
        }
        if t.starts_with("PFS (Y/N)") {
            let f = self.flow_mut(no);
            f.pfs = common::value_after(t, "PFS (Y/N)").and_then(yes_no);
            f.dh_group = common::value_after(t, "DH group").map(str::to_owned);
            return true;
        }
        if let Some(list) = list_header(t) {
            self.close_sa();
            self.list = Some(list);
            if matches!(list, List::OutEsp) {
                self.saw_outbound = true;
            }
            self.flow_mut(no);
            return true;
        }
        self.sa_line(no, t)
    }

    fn sa_line(&mut self, no: u32, t: &str) -> bool {
        if let Some(v) = t.strip_prefix("spi:") {
            if self.list.is_none() {
                return false;
            }
            self.close_sa();
            self.sa = Some(ChildSa {
                spi: spi(v.trim()),
                lines: LineSpan::line(no),
                ..ChildSa::default()
            });
            return true;
        }
        if self.bitmap && t.starts_with("0x") {
            return true;
        }
        self.bitmap = false;
        let Some(sa) = self.sa.as_mut() else {
            return false;
        };
        sa.lines = sa.lines.join(LineSpan::line(no));
        if let Some(v) = t.strip_prefix("transform:") {
            let v = v.trim().trim_end_matches(',').trim();
            sa.transform = Some(v.to_owned());
        } else if let Some(v) = t.strip_prefix("in use settings") {
            let v = v.trim_start_matches([' ', '=']).trim();
            let v = v.trim_start_matches('{').trim_end_matches('}');
            let parts: Vec<&str> = v
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect();
            sa.in_use_settings = Some(parts.join(", "));
        } else if t.starts_with("conn id:") || t.starts_with("slot:") {
            sa.conn_id = common::value_after(t, "conn id:")
                .or_else(|| common::value_after(t, "conn_id:"))
                .and_then(common::parse_num);
            sa.flow_id = common::value_after(t, "flow_id:").map(str::to_owned);
            sa.sibling_flags = common::word_after(t, "sibling_flags").map(str::to_owned);
            sa.crypto_map = common::value_after(t, "crypto map:")
                .or_else(|| common::value_after(t, "crypto-map:"))
                .map(str::to_owned);
            sa.slot = common::value_after(t, "slot:").and_then(common::parse_num);
            sa.initiator = common::value_after(t, "initiator :")
                .or_else(|| common::value_after(t, "initiator:"))
                .map(|v| v.eq_ignore_ascii_case("true"));
        } else if let Some(v) = t.strip_prefix("sa timing:") {
            sa_timing(sa, v);
        } else if let Some(v) = t.strip_prefix("IV size:") {
            sa.iv_size = v.split_whitespace().next().and_then(common::parse_num);
        } else if let Some(v) = t.strip_prefix("replay detection support:") {
            sa.replay_detection = v.split_whitespace().next().and_then(yes_no);
            sa.replay_window =
                common::value_after(v, "replay window size:").and_then(common::parse_num);
        } else if let Some(v) = t.strip_prefix("Status:") {
            let word = v.trim().split('(').next().unwrap_or("");
            sa.status = Some(ChildSaStatus::parse(word));
        } else if let Some(v) = t.strip_prefix("SA State:") {
            sa.status = Some(ChildSaStatus::parse(v));
        } else if t.starts_with("Anti replay bitmap") {
            self.bitmap = true;
        } else if !(t.starts_with("Kilobyte Volume Rekey") || t.starts_with("ecn bit support")) {
            return false;
        }
        true
    }

    fn counters(&mut self, no: u32, t: &str) -> bool {
        let mut any = false;
        let f = self.flow_mut(no);
        // Pairs are separated by `, #`; a plain comma may be a thousands separator.
        for piece in t.split(", #") {
            let piece = piece.trim();
            let Some((label, value)) = piece.rsplit_once([' ', ':']) else {
                continue;
            };
            let Some(n) = common::parse_counter(value) else {
                continue;
            };
            let label = label
                .trim_start_matches('#')
                .trim()
                .trim_end_matches(':')
                .trim();
            let label = single_spaced(label);
            any = true;
            if let Some(slot) = counter_slot(&mut f.counters, &label) {
                *slot = Some(n);
            } else {
                f.counters.other.push((label.into_owned(), n));
            }
        }
        any
    }

    fn endpoints(&mut self, no: u32, t: &str) -> bool {
        let f = self.flow_mut(no);
        let clean = |v: &str| {
            let v = v.trim().trim_end_matches(',');
            // ASA prints `addr/port`; keep the address.
            let v = match v.rsplit_once('/') {
                Some((a, p)) if p.chars().all(|c| c.is_ascii_digit()) => a,
                _ => v,
            };
            Some(v.to_owned()).filter(|s| !s.is_empty())
        };
        if let Some(v) = common::value_after(t, "local crypto endpt.:") {
            f.local_endpoint = clean(v);
        }
        if let Some(v) = common::value_after(t, "remote crypto endpt.:") {
            f.remote_endpoint = clean(v);
            // ASA shows the peer port only here (`198.51.100.7/4500`).
            if f.peer_port.is_none() {
                f.peer_port = v
                    .trim()
                    .rsplit_once('/')
                    .and_then(|(_, p)| common::parse_num(p));
            }
        }
        true
    }

    /// The current flow, opened at `no` if there is none.
    fn flow_mut(&mut self, no: u32) -> &mut IpsecSa {
        // The section's strings are cloned only when a flow is opened (this runs for most
        // lines of the output).
        let Reader {
            flow,
            interface,
            crypto_map,
            seq_num,
            local_addr,
            ..
        } = self;
        flow.get_or_insert_with(|| {
            // A new flow has not reached its outbound list yet.
            IpsecSa {
                interface: interface.clone(),
                crypto_map: crypto_map.clone(),
                seq_num: *seq_num,
                local_addr: local_addr.clone(),
                lines: LineSpan::line(no),
                ..IpsecSa::default()
            }
        })
    }

    fn touch(&mut self, no: u32) {
        if let Some(f) = self.flow.as_mut() {
            f.lines = f.lines.join(LineSpan::line(no));
        }
    }

    fn close_sa(&mut self) {
        let Some(sa) = self.sa.take() else { return };
        let (Some(list), Some(flow)) = (self.list, self.flow.as_mut()) else {
            return;
        };
        match list {
            List::InEsp => flow.inbound_esp.push(sa),
            List::OutEsp => flow.outbound_esp.push(sa),
            List::InAh => flow.inbound_ah.push(sa),
            List::OutAh => flow.outbound_ah.push(sa),
            List::Pcp => {}
        }
    }

    fn close_flow(&mut self) {
        self.close_sa();
        self.list = None;
        if let Some(f) = self.flow.take() {
            self.out.push(f);
            self.saw_outbound = false;
        }
    }

    fn finish(mut self) -> ParseResult<Vec<IpsecSa>> {
        let had_flow = self.flow.is_some();
        let sa_incomplete = self.sa.as_ref().is_some_and(|s| s.transform.is_none());
        let outbound = self.saw_outbound;
        self.close_flow();
        if self.understood == 0 {
            return Err(ParseError::Syntax {
                line: self.skipped.first().copied().unwrap_or(0),
                message: "no IPsec SA line".to_owned(),
            });
        }
        let mut p = Parsed::new(self.out);
        p.truncated = (had_flow && !outbound) || sa_incomplete;
        p.skipped = common::spans(self.skipped);
        Ok(p)
    }
}

/// `label` with every run of whitespace made one space, as `split_whitespace().join(" ")`
/// gives it; borrowed when it already is (the common case: no allocation per counter).
fn single_spaced(label: &str) -> std::borrow::Cow<'_, str> {
    let b = label.as_bytes();
    let plain = b
        .iter()
        .all(|&c| c == b' ' || !c.is_ascii_whitespace() && c.is_ascii())
        && !label.contains("  ")
        && !label.starts_with(' ')
        && !label.ends_with(' ');
    if plain {
        std::borrow::Cow::Borrowed(label)
    } else {
        std::borrow::Cow::Owned(label.split_whitespace().collect::<Vec<_>>().join(" "))
    }
}

fn list_header(t: &str) -> Option<List> {
    let t = t.trim_end_matches(':').trim();
    match t {
        "inbound esp sas" => Some(List::InEsp),
        "outbound esp sas" => Some(List::OutEsp),
        "inbound ah sas" => Some(List::InAh),
        "outbound ah sas" => Some(List::OutAh),
        "inbound pcp sas" | "outbound pcp sas" => Some(List::Pcp),
        _ => None,
    }
}

/// `local ident (addr/mask/prot/port): (192.0.2.0/255.255.255.0/0/0)`
fn ident(t: &str) -> Option<Ident> {
    let (_, v) = common::split_once_str(t, "):")?;
    let v = v.trim().trim_start_matches('(').trim_end_matches(')');
    let mut parts = v.rsplitn(4, '/');
    let port = parts.next()?;
    let prot = parts.next()?;
    let mask = parts.next()?;
    let addr = parts.next()?;
    Some(Ident {
        addr: addr.to_owned(),
        mask: mask.to_owned(),
        protocol: common::parse_num(prot),
        port: common::parse_num(port),
    })
}

/// `0x397C36EE(964441838)`, `0x1E8246FC (511854332)`, ASA bare `DC15BF68`, `[Not Available]`.
fn spi(v: &str) -> Option<Spi> {
    let v = v.trim();
    if v.is_empty() {
        return None;
    }
    if v.starts_with('[') {
        return Some(Spi {
            hex: v.trim_matches(['[', ']']).to_owned(),
            value: None,
        });
    }
    let hex_part = v.split(['(', ' ']).next().unwrap_or(v);
    let digits = hex_part
        .strip_prefix("0x")
        .or_else(|| hex_part.strip_prefix("0X"))
        .unwrap_or(hex_part);
    let value = u64::from_str_radix(digits, 16).ok();
    Some(Spi {
        hex: format!("0x{}", digits.to_ascii_uppercase()),
        value,
    })
}

fn yes_no(v: &str) -> Option<bool> {
    match v.trim() {
        "Y" | "y" | "Yes" | "yes" => Some(true),
        "N" | "n" | "No" | "no" => Some(false),
        _ => None,
    }
}

/// `remaining key lifetime (k/sec): (4607999/83191)`, `(sec): 548`, `is not applicable`.
fn sa_timing(sa: &mut ChildSa, v: &str) {
    let Some((units, values)) = common::split_once_str(v, "):") else {
        return;
    };
    let values = values.trim().trim_start_matches('(').trim_end_matches(')');
    if units.ends_with("(sec") {
        sa.remaining_secs = common::parse_num(values);
    } else if let Some((kb, secs)) = values.split_once('/') {
        sa.remaining_kb = common::parse_num(kb);
        sa.remaining_secs = common::parse_num(secs);
    }
}

/// Maps a normalised counter label to its field.
#[rustfmt::skip]
fn counter_slot<'a>(c: &'a mut IpsecCounters, label: &str) -> Option<&'a mut Option<u64>> {
    Some(match label {
        "pkts encaps" => &mut c.encaps,
        "pkts encrypt" => &mut c.encrypt,
        "pkts digest" => &mut c.digest,
        "pkts decaps" => &mut c.decaps,
        "pkts decrypt" => &mut c.decrypt,
        "pkts verify" => &mut c.verify,
        "pkts compressed" => &mut c.compressed,
        "pkts decompressed" => &mut c.decompressed,
        "pkts not compressed" => &mut c.not_compressed,
        "pkts compr. failed" | "pkts comp failed" => &mut c.compr_failed,
        "pkts not decompressed" => &mut c.not_decompressed,
        "pkts decompress failed" | "pkts decomp failed" => &mut c.decompress_failed,
        "pkts no sa (send)" => &mut c.no_sa_send,
        "pkts invalid sa (rcv)" => &mut c.invalid_sa_rcv,
        "pkts encaps failed (send)" => &mut c.encaps_failed_send,
        "pkts decaps failed (rcv)" => &mut c.decaps_failed_rcv,
        "pkts invalid prot (recv)" => &mut c.invalid_prot_recv,
        "pkts verify failed" => &mut c.verify_failed,
        "pkts invalid identity (recv)" => &mut c.invalid_identity_recv,
        "pkts invalid len (rcv)" => &mut c.invalid_len_recv,
        "pkts replay rollover (send)" => &mut c.replay_rollover_send,
        "pkts replay rollover (rcv)" => &mut c.replay_rollover_recv,
        "pkts replay failed (rcv)" => &mut c.replay_failed_recv,
        "pkts tagged (send)" => &mut c.tagged_send,
        "pkts untagged (rcv)" => &mut c.untagged_recv,
        "pkts not tagged (send)" => &mut c.not_tagged_send,
        "pkts not untagged (rcv)" => &mut c.not_untagged_recv,
        "pkts internal err (send)" => &mut c.internal_err_send,
        "pkts internal err (recv)" => &mut c.internal_err_recv,
        "send errors" => &mut c.send_errors,
        "recv errors" => &mut c.recv_errors,
        "pre-frag successes" => &mut c.pre_frag_successes,
        "pre-frag failures" => &mut c.pre_frag_failures,
        "fragments created" => &mut c.fragments_created,
        "PMTUs sent" => &mut c.pmtus_sent,
        "PMTUs rcvd" => &mut c.pmtus_rcvd,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_spaced_agrees_with_split_whitespace_join() {
        for label in [
            "pkts encaps",
            "pkts  encaps",
            " pkts encaps",
            "pkts encaps ",
            "pkts\tencaps",
            "pkts\u{a0}encaps",
            "",
            "x",
        ] {
            let want = label.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(single_spaced(label), want, "{label:?}");
        }
        assert!(matches!(
            single_spaced("pkts no sa (send)"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    fn lines(text: &str) -> Vec<Line<'_>> {
        text.lines()
            .zip(1u32..)
            .map(|(text, no)| Line { no, text })
            .collect()
    }

    const VTI: &str = "interface: Tunnel0
    Crypto map tag: Tunnel0-head-0, local addr 192.0.2.1

   protected vrf: (none)
   local  ident (addr/mask/prot/port): (0.0.0.0/0.0.0.0/0/0)
   remote ident (addr/mask/prot/port): (0.0.0.0/0.0.0.0/0/0)
   current_peer 198.51.100.7 port 4500
     PERMIT, flags={origin_is_acl,}
    #pkts encaps: 1,200, #pkts encrypt: 1200, #pkts digest: 1200
    #pkts decaps: 0, #pkts decrypt: 0, #pkts verify: 0
    #send errors 3, #recv errors 0

     local crypto endpt.: 192.0.2.1, remote crypto endpt.: 198.51.100.7
     plaintext mtu 1438, path mtu 1500, ip mtu 1500, ip mtu idb GigabitEthernet1
     current outbound spi: 0x397C36EE(964441838)
     PFS (Y/N): N, DH group: none

     inbound esp sas:
      spi: 0x658F7C11(1703902225)
        transform: esp-256-aes esp-sha256-hmac ,
        in use settings ={Tunnel, }
        conn id: 2076, flow_id: CSR:76, sibling_flags FFFFFFFF80000048, crypto map: Tunnel0-head-0
        sa timing: remaining key lifetime (k/sec): (4607999/83191)
        Status: ACTIVE(ACTIVE)

     outbound esp sas:
      spi: 0x397C36EE(964441838)
        transform: esp-256-aes esp-sha256-hmac ,
        Status: ACTIVE(ACTIVE)

     outbound ah sas:
";

    #[test]
    fn reads_a_vti_flow() {
        let p = parse(&lines(VTI)).unwrap();
        assert!(p.skipped.is_empty(), "{:?}", p.skipped);
        assert!(!p.truncated);
        let f = p.records.first().unwrap();
        assert_eq!(f.interface.as_deref(), Some("Tunnel0"));
        assert_eq!(f.crypto_map.as_deref(), Some("Tunnel0-head-0"));
        assert_eq!(f.local_addr.as_deref(), Some("192.0.2.1"));
        assert_eq!(f.peer.as_deref(), Some("198.51.100.7"));
        assert_eq!(f.peer_port, Some(4500));
        assert_eq!(f.counters.encaps, Some(1200));
        assert_eq!(f.counters.decaps, Some(0));
        assert_eq!(f.counters.send_errors, Some(3));
        assert_eq!(f.counters.verify_failed, None);
        assert_eq!(f.ip_mtu, Some(1500));
        assert_eq!(f.ip_mtu_idb.as_deref(), Some("GigabitEthernet1"));
        assert_eq!(f.pfs, Some(false));
        let sa = f.inbound_esp.first().unwrap();
        assert_eq!(sa.spi.as_ref().unwrap().value, Some(1_703_902_225));
        assert_eq!(sa.remaining_secs, Some(83191));
        assert_eq!(sa.status, Some(ChildSaStatus::Active));
        assert_eq!(f.outbound_esp.len(), 1);
        assert_eq!(f.lines, LineSpan::new(4, 31));
    }

    #[test]
    fn cut_off_output_is_truncated() {
        let cut: String = VTI.lines().take(12).collect::<Vec<_>>().join("\n");
        let p = parse(&lines(&cut)).unwrap();
        assert!(p.truncated);
        assert_eq!(p.records.len(), 1);
    }

    #[test]
    fn spi_forms() {
        assert_eq!(
            spi("0x1E8246FC (511854332)").unwrap().value,
            Some(511_854_332)
        );
        assert_eq!(spi("DC15BF68").unwrap().hex, "0xDC15BF68");
        assert_eq!(spi("[Not Available]").unwrap().value, None);
    }
}
