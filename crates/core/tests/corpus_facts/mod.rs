//! Key facts compared with the peers' expected results beside a corpus file.
//!
//! Peers use other schemas (TextFSM flat records, Genie nested dicts, jc JSON), so only a few
//! values are compared: every value a peer gives for `peer_key` (anywhere in its result) must
//! equal, as a set, the values our records give for `our_key` (anywhere in the kind's
//! records). Add rows when a kind gains a parser.

use std::collections::BTreeSet;
use std::path::Path;

use netdiag_core::parsers::ParseReport;
use serde_json::Value;

/// `(kind, peer key, our key)`.
#[rustfmt::skip]
const FACTS: &[(&str, &str, &str)] = &[
    ("cisco_ios.show_crypto_isakmp_sa", "destination", "dst"),
    ("cisco_ios.show_crypto_isakmp_sa", "source", "src"),
    ("cisco_ios.show_crypto_isakmp_sa", "session_state", "state"),
    ("cisco_ios.show_crypto_isakmp_sa", "local_ip", "local"),
    ("cisco_ios.show_crypto_isakmp_sa", "remote_ip", "remote"),
    ("cisco_ios.show_crypto_isakmp_sa", "c_id", "conn_id"),
    ("cisco_ios.show_crypto_isakmp_sa", "ivrf", "ivrf"),
    ("cisco_ios.show_crypto_ipsec_sa", "peer_ip", "peer"),
    ("cisco_ios.show_crypto_ipsec_sa", "current_peer", "peer"),
    ("cisco_ios.show_crypto_ipsec_sa", "pkts_encaps", "encaps"),
    ("cisco_ios.show_crypto_ipsec_sa", "pkts_decaps", "decaps"),
    ("cisco_ios.show_crypto_ipsec_sa", "pkts_verify", "verify"),
    ("cisco_ios.show_crypto_ipsec_sa", "path_mtu", "path_mtu"),
    ("cisco_ios.show_crypto_ipsec_sa", "crypto_map_tag", "crypto_map"),
    ("cisco_ios.show_crypto_ikev2_sa", "remote_ip", "remote"),
    ("cisco_ios.show_crypto_ikev2_sa", "remote_port", "remote_port"),
    ("cisco_ios.show_crypto_ikev2_sa", "tunnel_id", "tunnel_id"),
    ("cisco_ios.show_crypto_ikev2_sa", "local_spi", "local_spi"),
    ("cisco_ios.show_crypto_ikev2_sa", "remote_spi", "remote_spi"),
    ("cisco_ios.show_crypto_ikev2_sa", "active_time", "active_secs"),
    ("cisco_ios.show_crypto_ikev2_sa", "nat_t", "nat_t"),
    ("cisco_ios.show_crypto_ikev2_sa", "pushed_ip", "pushed_ip"),
    ("cisco_ios.show_crypto_ikev2_sa", "local_id", "local_id"),
    ("cisco_asa.show_crypto_ikev2_sa", "tunnel_id", "tunnel_id"),
    ("cisco_asa.show_crypto_ikev2_sa", "role", "role"),
    ("cisco_asa.show_crypto_ikev2_sa", "esp_in", "spi_in"),
    ("cisco_asa.show_crypto_ikev2_sa", "esp_out", "spi_out"),
    ("cisco_asa.show_crypto_ikev2_sa", "local_selector", "local_selector"),
    ("cisco_asa.show_crypto_ikev2_sa", "lifetime_secs", "lifetime_secs"),
    ("cisco_ios.show_crypto_session", "peer", "peer"),
    ("cisco_ios.show_crypto_session", "interface", "interface"),
    ("cisco_ios.show_crypto_session", "session_status", "status"),
    ("cisco_ios.show_crypto_session", "profile", "profile"),
    ("cisco_ios.show_crypto_session", "remote_ip", "remote"),
    ("cisco_ios.show_crypto_session", "remote", "remote"),
    ("cisco_ios.show_crypto_session", "uptime", "uptime"),
    ("cisco_ios.show_crypto_session", "active_sas", "active_sas"),
    ("cisco_ios.show_crypto_session", "inbound_pkts_decrypted", "pkts_decrypted"),
    ("cisco_ios.show_interfaces", "interface", "name"),
    ("cisco_ios.show_interfaces", "mtu", "mtu"),
    ("cisco_ios.show_interfaces", "tunnel_source_ip", "source"),
    ("cisco_ios.show_interfaces", "source", "source"),
    ("cisco_ios.show_interfaces", "tunnel_destination_ip", "destination"),
    ("cisco_ios.show_interfaces", "destination", "destination"),
    ("cisco_ios.show_interfaces", "tunnel_transport_mtu", "transport_mtu"),
    ("cisco_ios.show_interfaces", "transport_mtu", "transport_mtu"),
    ("cisco_ios.show_interfaces", "line_protocol", "line_protocol"),
    ("cisco_ios.show_interfaces", "protocol_status", "line_protocol"),
    ("cisco_ios.show_interfaces", "input_errors", "input_errors"),
    ("cisco_ios.show_interfaces", "output_errors", "output_errors"),
    ("cisco_ios.show_interfaces", "total_output_drops", "total_output_drops"),
    ("cisco_ios.show_ip_sla_summary", "destination", "destination"),
    ("cisco_ios.show_ip_sla_summary", "return_code", "return_code"),
    ("cisco_ios.show_ip_sla_summary", "type", "op_type"),
    ("cisco_ios.show_ip_sla_summary", "rtt_stats", "stats"),
    ("cisco_ios.show_ip_sla_summary", "state", "state"),
    ("cisco_ios.show_ip_sla_statistics", "no_of_failures", "failures"),
    ("cisco_ios.show_ip_sla_statistics", "no_of_success", "successes"),
    ("cisco_ios.show_ip_sla_statistics", "start_time", "start_time"),
    ("cisco_ios.show_ip_sla_statistics", "type_of_operation", "op_type"),
    ("cisco_ios.running_config_interface", "name", "name"),
    ("cisco_ios.running_config_interface", "mtu", "mtu"),
    ("cisco_ios.show_crypto_pki_certificates", "serial_number_in_hex", "serial"),
    ("cisco_ios.show_crypto_pki_certificates", "end_date", "end_date"),
    ("cisco_ios.show_crypto_pki_certificates", "start_date", "start_date"),
    ("cisco_ios.show_crypto_pki_certificates", "status", "status"),
    ("cisco_ios.show_crypto_pki_certificates", "issuer_cn", "issuer_cn"),
    ("cisco_ios.ping", "destination", "target"),
    ("cisco_ios.ping", "success_pct", "success_percent"),
    ("cisco_ios.ping", "success_rate_percent", "success_percent"),
    ("cisco_ios.ping", "success_qty", "received"),
    ("cisco_ios.ping", "packets_received", "received"),
    ("cisco_ios.ping", "sent_qty", "repeat"),
    ("cisco_ios.ping", "timeout", "timeout_secs"),
    ("cisco_ios.ping", "source", "source"),
    ("cisco_asa.ping", "destination", "target"),
    ("cisco_asa.ping", "success_pct", "success_percent"),
    ("cisco_ios.traceroute", "ip_address", "address"),
    ("cisco_ios.traceroute", "hop_num", "hop"),
    ("cisco_asa.show_crypto_ikev1_sa", "peer", "peer"),
    ("cisco_asa.show_crypto_ikev1_sa", "state", "state"),
    ("cisco_asa.show_crypto_ikev1_sa", "encryption", "encryption"),
    ("cisco_asa.show_crypto_ikev1_sa", "lifetime", "lifetime_secs"),
    ("cisco_asa.show_vpn-sessiondb_l2l", "index", "index"),
    ("cisco_asa.show_vpn-sessiondb_l2l", "ip_address", "ip_addr"),
    ("cisco_asa.show_vpn-sessiondb_l2l", "protocol", "protocol"),
    ("cisco_asa.show_vpn-sessiondb_l2l", "udp_dst_port", "udp_dst_port"),
    ("cisco_asa.show_vpn-sessiondb_l2l", "pfs_group", "pfs_group"),
    ("cisco_asa.show_vpn-sessiondb_l2l", "prf", "prf"),
    ("cisco_ios.show_dmvpn", "peer_nbma", "nbma_address"),
    ("cisco_ios.show_dmvpn", "nbma_address", "nbma_address"),
    ("cisco_ios.show_dmvpn", "peer_tunnel", "tunnel_address"),
    ("cisco_ios.show_dmvpn", "uptime", "updn_time"),
    ("cisco_ios.show_dmvpn", "state", "state"),
    ("cisco_asa.show_crypto_ipsec_sa", "current_peer", "peer"),
    ("cisco_asa.show_crypto_ipsec_sa", "current_peer_name", "peer"),
    ("cisco_asa.show_crypto_ipsec_sa", "packets_encapsulated", "encaps"),
    ("cisco_asa.show_crypto_ipsec_sa", "packets_decapsulated", "decaps"),
    ("cisco_asa.show_crypto_ipsec_sa", "path_mtu", "path_mtu"),
    ("cisco_asa.show_crypto_ipsec_sa", "media_mtu", "media_mtu"),
    ("cisco_asa.show_crypto_ipsec_sa", "crypto_map_tag", "crypto_map"),
    ("cisco_asa.show_crypto_ipsec_sa", "dynamic_peer", "dynamic_peer"),
    // Tool and vendor parsers (jc / ntc-templates expected results).
    ("linux.ping", "packets_transmitted", "transmitted"),
    ("linux.ping", "packets_received", "received"),
    ("linux.ping", "packet_loss_percent", "loss_percent"),
    ("linux.ping", "round_trip_ms_min", "rtt_min_ms"),
    ("linux.ping", "round_trip_ms_avg", "rtt_avg_ms"),
    ("linux.ping", "round_trip_ms_max", "rtt_max_ms"),
    ("linux.ping", "round_trip_ms_stddev", "rtt_mdev_ms"),
    ("linux.ping", "response_ip", "from"),
    ("linux.ping", "ttl", "ttl"),
    ("linux.traceroute", "hop", "hop"),
    ("linux.traceroute", "rtt", "rtt_ms"),
    ("fortigate.execute_ping", "transmitted", "transmitted"),
    ("fortigate.execute_ping", "received", "received"),
    ("fortigate.execute_ping", "min_rtt", "rtt_min_ms"),
    ("fortigate.execute_ping", "avg_rtt", "rtt_avg_ms"),
    ("fortigate.execute_ping", "max_rtt", "rtt_max_ms"),
];

/// Compares the facts listed for `kind`; returns how many were compared.
pub fn check(kind: &str, raw: &Path, report: &ParseReport) -> Result<usize, String> {
    let rows: Vec<&(&str, &str, &str)> = FACTS.iter().filter(|(k, _, _)| *k == kind).collect();
    if rows.is_empty() {
        return Ok(0);
    }
    let Some(expected) = load_expected(raw) else {
        return Ok(0);
    };
    // A block tied with this kind (IOS and ASA `ping` print the same) holds the same records.
    let ours: Vec<Value> = report
        .blocks
        .iter()
        .filter(|b| {
            b.kind == kind
                || b.alternatives
                    .iter()
                    .any(|a| a.kind == kind && (a.confidence - b.confidence).abs() < 0.001)
        })
        .filter_map(|b| serde_json::to_value(&b.records).ok())
        .collect();
    let mut compared = 0;
    // Rows with the same `our_key` are alternatives (a peer may split one value over two keys,
    // such as `current_peer` and `current_peer_name`): their values are merged.
    let mut our_keys: Vec<&str> = rows.iter().map(|(_, _, o)| *o).collect();
    our_keys.dedup();
    for our_key in our_keys {
        let peer_keys: Vec<&str> = rows
            .iter()
            .filter(|(_, _, o)| *o == our_key)
            .map(|(_, p, _)| *p)
            .collect();
        let want: BTreeSet<String> = peer_keys.iter().flat_map(|k| expected.values(k)).collect();
        if want.is_empty() {
            continue;
        }
        let peer_key = peer_keys.join("|");
        let mut got = BTreeSet::new();
        for v in &ours {
            collect(v, our_key, &mut got);
        }
        if want != got {
            return Err(format!(
                "{peer_key}: peer {want:?}, ours ({our_key}) {got:?}"
            ));
        }
        compared += 1;
    }
    Ok(compared)
}

enum Expected {
    Json(Value),
    Yaml(String),
}

impl Expected {
    fn values(&self, key: &str) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        match self {
            Expected::Json(v) => collect(v, key, &mut out),
            Expected::Yaml(text) => {
                for line in text.lines() {
                    let l = line.trim_start().trim_start_matches("- ").trim_start();
                    if let Some(rest) = l.strip_prefix(key).and_then(|r| r.strip_prefix(':')) {
                        let v = rest.trim().trim_matches('"').trim_matches('\'');
                        if !v.is_empty() && v != "null" && v != "[]" {
                            out.insert(norm(v));
                        }
                    }
                }
            }
        }
        out
    }
}

fn load_expected(raw: &Path) -> Option<Expected> {
    let stem = raw.file_stem()?.to_string_lossy().into_owned();
    let dir = raw.parent()?;
    for ext in ["expected.json", "json"] {
        let p = dir.join(format!("{stem}.{ext}"));
        if let Ok(t) = std::fs::read_to_string(&p) {
            return serde_json::from_str(&t).ok().map(Expected::Json);
        }
    }
    std::fs::read_to_string(dir.join(format!("{stem}.yml")))
        .ok()
        .map(Expected::Yaml)
}

fn norm(s: &str) -> String {
    s.trim().to_ascii_lowercase()
}

fn collect(v: &Value, key: &str, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            for (k, val) in m {
                if k == key {
                    match val {
                        Value::String(s) if !s.is_empty() => {
                            out.insert(norm(s));
                        }
                        Value::Number(n) => {
                            out.insert(n.to_string());
                        }
                        Value::Bool(b) => {
                            out.insert(b.to_string());
                        }
                        _ => {}
                    }
                }
                collect(val, key, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| collect(x, key, out)),
        _ => {}
    }
}
