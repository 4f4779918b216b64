//! `show crypto ikev2 sa [detail]` — Cisco ASA IKEv2 SAs.
//!
//! Seen on ASA 9.x: a `Session-id:..., Status:...` line per session, a row with a `Role`
//! column, then `Child sa:` selectors and ESP SPIs. Read by the IOS IKEv2 reader (same
//! records); this module only recognises the ASA wording.
//!
//! ```text
//! IKEv2 SAs:
//! Session-id:1, Status:UP-ACTIVE, IKE count:1, CHILD count:1
//! Tunnel-id Local                Remote               Status         Role
//!   3686011 192.0.2.1/500        198.51.100.7/500     READY    INITIATOR
//! ```

use crate::parsers::cisco_ios::show_crypto_ikev2_sa::{self as ios, Ikev2Sa};
use crate::parsers::{Confidence, Line, ParseResult};

/// Cheap check for ASA wording.
pub fn detect(lines: &[Line<'_>]) -> Option<Confidence> {
    lines
        .iter()
        .filter_map(|l| {
            let t = l.text.trim();
            if t.starts_with("IKEv2 SAs:")
                || t.eq_ignore_ascii_case("There are no IKEv2 SAs")
                || (t.starts_with("Session-id:") && t.contains("Status:"))
                || (t.starts_with("Tunnel-id") && t.contains("Role"))
            {
                Some(0.9)
            } else if t.starts_with("Child sa: local selector") || t.starts_with("ESP spi in/out:")
            {
                Some(0.8)
            } else {
                ios::shared_signal(t)
            }
        })
        .reduce(Confidence::max)
}

/// Parses ASA output with the shared reader.
pub fn parse(lines: &[Line<'_>]) -> ParseResult<Vec<Ikev2Sa>> {
    ios::parse(lines)
}
