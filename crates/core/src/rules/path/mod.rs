//! Path rules: MTR / traceroute loss, latency budget, ping and path MTU.
pub mod intermediate_hop_loss;
pub mod latency_budget;
pub mod loss_at_destination;
pub mod path_mtu;
pub mod ping_no_reply;

use crate::facts::{Hop, PathTrace};

/// Loss of a hop in percent; a hop that never answered (`???`) counts as 100 %.
pub(crate) fn loss(h: &Hop) -> f64 {
    match (h.loss_pct, &h.host) {
        (Some(l), _) => l,
        (None, None) => 100.0,
        (None, Some(_)) => 0.0,
    }
}

/// Index of the first hop of the lossy tail that reaches the destination, when the
/// destination shows loss.
pub(crate) fn lossy_tail_start(t: &PathTrace) -> Option<usize> {
    let last = t.hops.last()?;
    if loss(last) <= 0.0 {
        return None;
    }
    let mut start = t.hops.len() - 1;
    while start > 0 && t.hops.get(start - 1).is_some_and(|h| loss(h) > 0.0) {
        start -= 1;
    }
    Some(start)
}
