//! `show crypto ipsec sa [peer X] [detail]` — Cisco ASA IPsec (phase 2) SAs.
//!
//! Seen on ASA 8.x–9.x. The layout matches IOS closely, so the IOS reader is reused and the
//! records are the same types; this module only tells ASA output apart (`seq num:`,
//! `current_peer:`, `ipsec overhead`, `SA State:`, `conn_id:`, `#pre-frag`...).
//!
//! ```text
//! interface: outside
//!     Crypto map tag: outside_map, seq num: 10, local addr: 192.0.2.1
//!       current_peer: 198.51.100.7
//!       #pkts encaps: 12, #pkts encrypt: 12, #pkts digest: 12
//!       path mtu 1500, ipsec overhead 74(44), media mtu 1500
//! ```

use crate::parsers::cisco_ios::show_crypto_ipsec_sa::{self as ios, IpsecSa};
use crate::parsers::{Confidence, Line, ParseResult};

/// Cheap check: ASA-only wording scores high, wording shared with IOS scores 0.5.
pub fn detect(lines: &[Line<'_>]) -> Option<Confidence> {
    // 0.9 is the highest `asa_signal` gives: no need to read further once a line says it.
    crate::parsers::detect::max_signal(lines, 0.9, asa_signal)
}

fn asa_signal(t: &str) -> Option<Confidence> {
    let lead = t.trim_start();
    if lead.starts_with("Crypto map tag:") && (t.contains("seq num:") || t.contains("local addr:"))
        || lead.eq_ignore_ascii_case("There are no ipsec sas")
    {
        Some(0.9)
    } else if lead.starts_with("current_peer:")
        || t.contains("ipsec overhead")
        || lead.starts_with("SA State:")
        || t.contains(" conn_id:")
        || lead.starts_with("#pre-frag")
        || lead.starts_with("#PMTUs")
        || lead.starts_with("#TFC")
        || lead.starts_with("current inbound spi")
        || lead.starts_with("Anti replay bitmap")
        || lead.starts_with("dynamic allocated peer ip")
    {
        Some(0.85)
    } else {
        ios::shared_signal(t)
    }
}

/// Parses ASA output with the shared IOS/ASA reader.
pub fn parse(lines: &[Line<'_>]) -> ParseResult<Vec<IpsecSa>> {
    ios::parse(lines)
}
