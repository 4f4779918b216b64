//! Detection prefilter: literal substrings ("triggers") without which a kind's `detect` cannot
//! answer `Some`. One pass over a block's window finds which triggers occur (a 3-byte rolling
//! filter, no dependency), and only the kinds with a trigger present (plus the kinds that have
//! no trigger list) run their `detect`. This keeps detection near line-scan speed on pastes
//! with thousands of blocks, where offering every paragraph to every detector is what costs.
//!
//! Invariant, checked by a test over every fixture and corpus file: if a kind's `detect`
//! returns `Some` for a window, one of its triggers occurs in that window. A kind not listed
//! here always runs.

use std::sync::OnceLock;

use super::Line;
use super::registry::PARSERS;

/// `(kind, triggers)`. Triggers are case-sensitive and at least 3 bytes long.
#[rustfmt::skip]
pub static TRIGGERS: &[(&str, &[&str])] = &[
    ("cisco_ios.show_crypto_isakmp_sa", &[
        "Crypto ISAKMP SA", "C-id", "dst", "f_vrf/i_vrf", "state:", "Engine-id:Conn-id", "QM_IDLE",
        "MM_", "AG_NO_STATE", "AG_INIT_EXCH", "AG_AUTH",
    ]),
    ("cisco_ios.show_crypto_ipsec_sa", &[
        "Crypto map tag:", "current_peer ", "PERMIT, flags=", "plaintext mtu", "sibling_flags",
        "mtu idb", "Status: ACTIVE", "protected vrf:", "ident (addr/mask/prot/port)", "#pkts",
        "#send errors", "crypto endpt.", "current outbound spi:", "PFS (Y/N):", " sas:", "transform:",
        "in use settings =", "sa timing:", "IV size:", "replay detection support:",
        "Kilobyte Volume Rekey", "spi: 0x", "spi: [", "interface: ",
    ]),
    ("cisco_ios.show_crypto_ikev2_sa", &[
        "Crypto IKEv2", "Tunnel-id", "Encr:", "Life/Active Time:",
    ]),
    ("cisco_ios.show_crypto_session", &[
        "Crypto session current status", "IPSEC FLOW:", "Session status:", " SA: local", "Peer: ",
        "Phase1_id:", "Active SAs:", "Inbound:", "Interface: ",
    ]),
    ("cisco_ios.show_interfaces", &[
        ", line protocol is ", "Hardware is ", "Tunnel protocol/transport", "Tunnel source ",
        " bytes, BW ", "packets input,", "input errors,", "Input queue:",
    ]),
    ("cisco_ios.show_ip_sla_summary", &[
        "IPSLAs Latest Operation Summary", "ReturnCode", "Codes: * active",
    ]),
    ("cisco_ios.show_ip_sla_statistics", &[
        "IPSLAs Latest Operation Statistics", "IPSLA operation id:", "Round Trip Time (RTT) for",
        "Latest operation", "Number of successes:", "Number of failures:",
    ]),
    ("cisco_ios.running_config_interface", &[
        "interface ", "Building configuration", "Current configuration :",
    ]),
    ("cisco_ios.show_crypto_pki_certificates", &[
        "Certificate", "Associated Trustpoints:", "date:", "Validity Date:",
    ]),
    ("cisco_ios.show_clock", &[
        " Mon ", " Tue ", " Wed ", " Thu ", " Fri ", " Sat ", " Sun ", "Time source is ",
    ]),
    ("cisco_ios.ping", &["ICMP Echos to", "Success rate is ", "Type escape sequence to abort."]),
    ("cisco_ios.traceroute", &[
        "Tracing the route to ", "VRF info:", "Type escape sequence to abort.", " msec",
    ]),
    ("cisco_ios.show_dmvpn", &["NHRP Details", "# Ent", "Legend: Attrb", "NHRP Peers:"]),
    ("cisco_asa.show_crypto_ipsec_sa", &[
        "Crypto map tag:", "There are no ipsec sas", "current_peer:", "ipsec overhead", "SA State:",
        " conn_id:", "#pre-frag", "#PMTUs", "#TFC", "current inbound spi", "Anti replay bitmap",
        "dynamic allocated peer ip", "protected vrf:", "ident (addr/mask/prot/port)", "#pkts",
        "#send errors", "crypto endpt.", "current outbound spi:", "PFS (Y/N):", " sas:", "transform:",
        "in use settings =", "sa timing:", "IV size:", "replay detection support:",
        "Kilobyte Volume Rekey", "spi: 0x", "spi: [", "interface: ",
    ]),
    ("cisco_asa.show_crypto_ikev2_sa", &[
        "IKEv2 SAs:", "There are no IKEv2 SAs", "Session-id:", "Tunnel-id", "Child sa: local selector",
        "ESP spi in/out:", "Encr:", "Life/Active Time:",
    ]),
    ("cisco_asa.ping", &["ICMP Echos to", "Success rate is ", "Type escape sequence to abort."]),
    ("cisco_asa.show_crypto_ikev1_sa", &[
        "IKEv1 SAs:", "IKE Peer", "Total IKE SA:", "Active SA:", "Rekey SA:", "There are no",
        "Role", "Rekey",
    ]),
    // Other platforms: the literals their `detect` functions test (for row-shaped detection,
    // a literal every accepted row contains). Kinds whose rows have no such literal
    // (clavister.flow_show, azure.scrubbed_wfpdiag) are not listed and always run.
    ("linux.mtr_report", &["HOST:", "Host ", "My traceroute", "|--"]),
    ("linux.traceroute", &["traceroute", " ms"]),
    ("windows.tracert", &["Tracing route to ", "Unable to resolve target", "Trace complete.", "ms ", " reports: "]),
    ("windows.winmtr_text", &["WinMTR statistics", "| Sent |", " - ", " -|", "-   "]),
    ("strongswan.swanctl_list_sas", &[": #"]),
    ("strongswan.statusall", &["Status of IKE charon daemon", "Security Associations (", ": \"", "\" #"]),
    ("linux.ping", &[
        "PING ", " bytes from ", "no answer yet", "ping statistics", "rtt min/avg", "packets transmitted, ",
        "ping: ",
    ]),
    ("linux.telnet", &["Escape character is", "telnet: ", "Connecting To ", "Trying "]),
    ("windows.ping", &[
        "Pinging ", "Ping statistics for ", "Packets: Sent = ", "Ping request could not find host",
        "Reply from ", "Request timed out.", "Minimum = ",
    ]),
    ("windows.test_netconnection", &[
        "ComputerName", "RemoteAddress", "TcpTestSucceeded", "PingSucceeded", "InterfaceAlias",
        "SourceAddress", "RemotePort", "PingReplyDetails", "WARNING: ",
    ]),
    ("clavister.ike_stat", &["IKE Statistics", "IKE SA", "IPsec SA"]),
    ("clavister.ike_snoop", &[
        "SNOOP: IKEv", "Ike_invalid_cookie", "Ike_invalid_payload", "Payload_Malformed",
        "Incorrect pre-shared key", "No public key found", "Could not find acceptable proposal",
    ]),
    ("clavister.ike_certshow", &["IKE Certificates", "Subject"]),
    ("clavister.time", &["Local time", "UTC time", "System time", "Current time"]),
    ("azure.connection_stats", &["Connectivity State", "Ingress Bytes", "Egress Bytes"]),
    ("azure.cpu_stats", &["Current CPU Usage", "Current Memory Available"]),
    ("azure.ike_logs", &["Remote ", "IkeCleanup"]),
    ("azure.ike_errors", &["based on log"]),
    ("azure.wfpdiag_sum", &["Total Buffers Processed", "Total Events", "|EventCount", "Files Processed:"]),
    ("zscaler.tunnel_insights", &[
        "Tunnel Status", "PHASE1_", "PHASE2_", "PSKEY_", "INVALID_PROPOSAL", "DPD_TIMEOUT",
    ]),
    ("paloalto.show_vpn_ike_sa", &[
        "IKEv1 phase-1 SAs", "IKEv1 phase-2 SAs", "IKEv2 SAs", "IKEv2 IPSec Child SAs", "Show IKEv",
        "There is no IKEv", "GwID/client IP",
    ]),
    ("paloalto.show_vpn_ipsec_sa", &["Tunnel(Gateway)", "Show IPSec SA:", "There is no IPSec SA found."]),
    ("paloalto.show_vpn_flow", &[
        "total IPSec tunnel", "total tunnels configured", "peer-ip", "encap packets:", "en/decap context:",
    ]),
    ("paloalto.ikemgr_log", &["[PNTF]", "[PERR]", "[PROTO_ERR]", "====> PHASE-", "====> IKEv2 "]),
    ("strongswan.charon_log", &[
        "[DMN]", "[MGR]", "[IKE]", "[CHD]", "[JOB]", "[CFG]", "[KNL]", "[NET]", "[ASN]", "[ENC]",
        "[TNC]", "[IMC]", "[IMV]", "[PTS]", "[TLS]", "[ESP]", "[LIB]", "[APP]",
    ]),
    ("fortigate.diagnose_vpn_tunnel_list", &["list all ipsec tunnel in vd", "name=", "proxyid="]),
    ("fortigate.execute_ping", &[
        "PING ", "packets transmitted, ", "round-trip min/avg/max =", " bytes from ",
    ]),
    ("juniper_srx.show_security_ike_sa", &["Initiator cookie"]),
    ("juniper_srx.show_security_ipsec_sa", &["Total active tun", "Life:sec/kb"]),
    ("cisco_asa.show_vpn-sessiondb_l2l", &[
        "Session Type: LAN-to-LAN", "INFO: There are presently no active sessions", "Connection",
        "IP Addr", "IKE Sessions:", "Rekey Int (T)", "Tunnel ID", " Tunnels: 1",
    ]),
];

/// The compiled prefilter.
struct Prefilter {
    /// One bit per 16-bit hash of a trigger's first three bytes.
    bitmap: Vec<u64>,
    /// `(hash, trigger, registry index)` sorted by hash: a bitmap hit finds its triggers by
    /// binary search (a SipHash map lookup per hit was most of this function's time).
    buckets: Vec<(u16, &'static [u8], usize)>,
    /// Registry indices with no trigger list: always offered.
    always: Vec<usize>,
}

fn hash3(a: u8, b: u8, c: u8) -> u16 {
    let h = u32::from(a).wrapping_mul(0x9E37)
        ^ u32::from(b).wrapping_mul(0x85EB)
        ^ u32::from(c).wrapping_mul(0xC2B3);
    (h ^ (h >> 16)) as u16
}

fn prefilter() -> &'static Prefilter {
    static P: OnceLock<Prefilter> = OnceLock::new();
    P.get_or_init(|| {
        let mut bitmap = vec![0u64; 1 << 10];
        let mut buckets: Vec<(u16, &'static [u8], usize)> = Vec::new();
        let mut always = Vec::new();
        for (idx, e) in PARSERS.iter().enumerate() {
            let Some((_, trigs)) = TRIGGERS.iter().find(|(k, _)| *k == e.kind) else {
                always.push(idx);
                continue;
            };
            for t in *trigs {
                let b = t.as_bytes();
                let (Some(&x), Some(&y), Some(&z)) = (b.first(), b.get(1), b.get(2)) else {
                    // Too short to index: offer the kind always rather than miss it.
                    always.push(idx);
                    continue;
                };
                let h = hash3(x, y, z);
                if let Some(word) = bitmap.get_mut(usize::from(h >> 6)) {
                    *word |= 1u64 << (h & 63);
                }
                buckets.push((h, b, idx));
            }
        }
        always.sort_unstable();
        always.dedup();
        // Stable: triggers of one hash keep their table order.
        buckets.sort_by_key(|(h, _, _)| *h);
        Prefilter {
            bitmap,
            buckets,
            always,
        }
    })
}

/// Which registry rows may detect something in `window`: `offered[i]` is true for row `i`.
pub fn offered(window: &[Line<'_>]) -> Vec<bool> {
    let p = prefilter();
    let mut out = vec![false; PARSERS.len()];
    for &i in &p.always {
        if let Some(o) = out.get_mut(i) {
            *o = true;
        }
    }
    for line in window {
        let b = line.text.as_bytes();
        for (i, w) in b.windows(3).enumerate() {
            let [x, y, z] = w else { continue };
            let h = hash3(*x, *y, *z);
            let hit = p
                .bitmap
                .get(usize::from(h >> 6))
                .is_some_and(|word| word & (1u64 << (h & 63)) != 0);
            if !hit {
                continue;
            }
            let from = p.buckets.partition_point(|(k, _, _)| *k < h);
            let bucket = p.buckets.get(from..).unwrap_or(&[]);
            let rest = b.get(i..).unwrap_or(&[]);
            for (_, t, idx) in bucket.iter().take_while(|(k, _, _)| *k == h) {
                if rest.starts_with(t)
                    && let Some(o) = out.get_mut(*idx)
                {
                    *o = true;
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listed_kinds_are_registered_and_triggers_are_long_enough() {
        for (kind, trigs) in TRIGGERS {
            assert!(
                PARSERS.iter().any(|e| e.kind == *kind),
                "{kind} is not registered"
            );
            for t in *trigs {
                assert!(t.len() >= 3, "{kind}: trigger {t:?} shorter than 3 bytes");
            }
        }
    }

    #[test]
    fn finds_triggers_anywhere_in_a_line() {
        let lines = [Line {
            no: 1,
            text: "x IPv4 Crypto ISAKMP SA",
        }];
        let o = offered(&lines);
        let idx = PARSERS
            .iter()
            .position(|e| e.kind == "cisco_ios.show_crypto_isakmp_sa")
            .unwrap();
        assert!(o[idx]);
        let ping = PARSERS
            .iter()
            .position(|e| e.kind == "cisco_ios.ping")
            .unwrap();
        assert!(!o[ping]);
    }
}
