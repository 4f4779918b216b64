//! IPsec SA counter rules.
pub mod inbound_only_traffic;
pub mod one_way_traffic;
pub mod packet_errors;

use crate::facts::IpsecSa;

/// `peer (local ↔ remote)` label of an SA for summaries.
pub(crate) fn label(sa: &IpsecSa) -> String {
    let peer = sa.remote.clone().unwrap_or_else(|| "the peer".into());
    match (&sa.local_ident, &sa.remote_ident) {
        (Some(l), Some(r)) => format!("{peer} ({l} ↔ {r})"),
        _ => peer,
    }
}
