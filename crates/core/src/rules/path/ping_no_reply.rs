//! # What it checks
//! Ping runs where no echo request was answered (0 % success), unless the replies said
//! "fragmentation needed" (that is `PathMtuReduced`).
//!
//! # Why it matters
//! The target (a GRE/IPsec VIP, the peer's internal tunnel address) is unreachable, or ICMP is
//! filtered on the way.
//!
//! # How to fix
//! Check firewalls/ACLs and capture on the edge to see if the packets leave; confirm with a
//! TCP test since ICMP may be blocked while TCP works.
//!
//! # References
//! Zscaler runbook "GRE Tunnel is Hard Down" / "IPSec Tunnel is Hard Down" (ping the VIP).

use crate::facts::Facts;
use crate::finding::{Finding, Severity};
use crate::rules::{RuleMeta, draft};

/// Rule identity.
pub const META: RuleMeta = RuleMeta {
    id: "PingNoReply",
    name: "ping_no_reply",
    default_severity: Severity::Warning,
};

/// One finding per unanswered ping run.
pub fn check(facts: &Facts, out: &mut Vec<Finding>) {
    for p in &facts.pings {
        let (Some(sent), Some(0)) = (p.sent, p.received) else {
            continue;
        };
        if sent == 0 || p.frag_needed {
            continue;
        }
        let target = p.target.clone().unwrap_or_else(|| "the target".into());
        let mut detail = format!(
            "None of the {sent} echo requests to {target} was answered: it is unreachable from here, or ICMP is filtered on the way. A TCP test (80/443) tells the two apart."
        );
        if p.unreachable {
            detail.push_str(" ICMP unreachables came back: a router or firewall on the path actively rejects the traffic (no route or a filter).");
        }
        let big_df = p.df && p.size.is_some_and(|s| s >= 1400);
        if big_df {
            detail.push_str(" The pings were sent with DF set at a large size: if pings without DF (or smaller) get through, the path MTU is the problem (see PathMtuReduced).");
        }
        let mut d = draft(&META, format!("No reply from {target} (0 of {sent})"))
            .detail(detail)
            .evidence(&p.at);
        if big_df {
            d = d.action(format!("Repeat the ping to {target} without DF and at decreasing sizes (1400, 1300...) to find the largest size that passes."), None);
        }
        d.push(out);
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::facts::PingRun;
    use crate::rules::testing::{ev, ids, run};

    pub(crate) fn ping(
        size: Option<u32>,
        df: bool,
        sent: u32,
        received: u32,
        frag: bool,
    ) -> PingRun {
        PingRun {
            target: Some("203.0.113.45".into()),
            size,
            df,
            sent: Some(sent),
            received: Some(received),
            avg_ms: (received > 0).then_some(20.0),
            frag_needed: frag,
            unreachable: false,
            at: ev(4, "Success rate is 0 percent (0/5)"),
        }
    }

    #[test]
    fn fires_on_zero_replies() {
        let facts = Facts {
            pings: vec![ping(None, false, 5, 0, false)],
            ..Default::default()
        };
        assert_eq!(ids(&run(check, &facts)), ["PingNoReply"]);
    }

    #[test]
    fn explains_unreachables_and_large_df_pings() {
        let mut p = ping(Some(1500), true, 4, 0, false);
        p.unreachable = true;
        let out = run(
            check,
            &Facts {
                pings: vec![p],
                ..Default::default()
            },
        );
        assert!(out[0].detail.contains("actively rejects"));
        assert!(out[0].detail.contains("path MTU"));
        assert!(out[0].actions[0].text.contains("decreasing sizes"));
    }

    #[test]
    fn quiet_on_replies_or_frag_needed() {
        let facts = Facts {
            pings: vec![
                ping(None, false, 5, 5, false),
                ping(Some(1500), true, 5, 0, true),
            ],
            ..Default::default()
        };
        assert!(run(check, &facts).is_empty());
    }
}
