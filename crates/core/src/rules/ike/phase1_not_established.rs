//! # What it checks
//! IKE / ISAKMP SAs that are not established: IKEv1 `MM_NO_STATE`, `MM_SA_SETUP`,
//! `MM_KEY_EXCH`, `MM_KEY_AUTH`, `AG_*`, ASA `MM_WAIT_MSG*`; IKEv2 `IN-NEG`, `DELETE`;
//! sessions reported down.
//!
//! # Why it matters
//! Without phase 1 no IPsec SA exists and nothing passes the tunnel. The state word tells how
//! far the negotiation got, which narrows the cause (reachability/proposals versus
//! authentication).
//!
//! # How to fix
//! Early states: reachability of UDP 500/4500 and matching proposals. Key exchange /
//! authentication states: pre-shared key and identities. Read the responder's log.
//!
//! # References
//! Cisco IOS `show crypto isakmp sa` state descriptions; Zscaler runbook "IPSec Tunnel is Hard
//! Down"; PANCast episode 12 (troubleshoot from the responder).

use crate::facts::{Facts, IkeSa, SaPhase};
use crate::finding::{Finding, Severity};
use crate::rules::{RuleMeta, draft};

/// Rule identity.
pub const META: RuleMeta = RuleMeta {
    id: "Phase1NotEstablished",
    name: "phase1_not_established",
    default_severity: Severity::Error,
};

/// What each (prefix of a) state word says about where the negotiation stopped.
#[rustfmt::skip]
const STATE_HINTS: &[(&str, &str)] = &[
    ("MM_NO_STATE",  "Main mode has not got past its first exchange: the peer does not answer on UDP 500, or no ISAKMP policy matches."),
    ("MM_SA_SETUP",  "A proposal was agreed but the Diffie-Hellman exchange did not complete: check the peer still answers (UDP 4500 when NAT is detected)."),
    ("MM_KEY_EXCH",  "Keys were exchanged but authentication did not succeed: usually a pre-shared key or identity mismatch."),
    ("MM_KEY_AUTH",  "The authentication exchange did not complete: pre-shared key, identity or certificate problem."),
    ("MM_WAIT_MSG2", "No answer to the first main mode message: the peer is unreachable on UDP 500 or has no matching policy."),
    ("MM_WAIT_MSG3", "The peer answered but the exchange stalled at the key exchange: DH group or proposal problem."),
    ("MM_WAIT_MSG",  "Main mode stalled waiting for the peer: typically authentication (pre-shared key / identity)."),
    ("AG_",          "Aggressive mode did not complete: check both sides use aggressive mode with the same identity (FQDN) and pre-shared key."),
    ("AM_WAIT",      "Aggressive mode did not complete: check both sides use aggressive mode with the same identity (FQDN) and pre-shared key."),
    ("IN-NEG",       "IKEv2 negotiation has not completed: IKE_SA_INIT (proposals, reachability) or IKE_AUTH (authentication, identities) is failing."),
    ("DELETE",       "The IKEv2 SA is being deleted: the negotiation was rejected or torn down; the responder's log says why."),
    ("CONNECTING",   "The negotiation has not completed: check reachability, proposals and authentication."),
];

fn hint(state: &str) -> &'static str {
    let upper = state.to_ascii_uppercase();
    STATE_HINTS
        .iter()
        .find(|(p, _)| upper.starts_with(p))
        .map_or("The SA is not in an established state; the responder's log says why the negotiation fails.", |(_, h)| h)
}

fn same_pair(a: &IkeSa, b: &IkeSa) -> bool {
    a.remote == b.remote && a.local == b.local
}

/// One finding per SA that is not established.
pub fn check(facts: &Facts, out: &mut Vec<Finding>) {
    let failing: Vec<&IkeSa> = facts
        .ike_sas
        .iter()
        .filter(|s| {
            matches!(
                s.phase,
                SaPhase::Negotiating | SaPhase::Failed | SaPhase::Deleting
            )
        })
        .collect();
    for (i, sa) in failing.iter().enumerate() {
        // The same pair in the same state twice (a session listing both SAs) is one finding.
        if failing
            .iter()
            .take(i)
            .any(|o| same_pair(o, sa) && o.state == sa.state)
        {
            continue;
        }
        let peer = sa.peer_label();
        let up = facts
            .ike_sas
            .iter()
            .find(|o| o.phase == SaPhase::Established && same_pair(o, sa));
        let mut d = draft(
            &META,
            format!("IKE SA with {peer} is in {} (not established)", sa.state),
        )
        .detail(hint(&sa.state))
        .evidence(&sa.at);
        for dup in failing
            .iter()
            .skip(i + 1)
            .filter(|o| same_pair(o, sa) && o.state == sa.state)
            .take(2)
        {
            d = d.evidence(&dup.at);
        }
        if let Some(other) = up {
            // An established SA to the same peer: this one is a rekey or a leftover.
            d = d
                .severity(Severity::Warning)
                .confidence(0.6)
                .detail(format!("{} Another SA with the same peer is established, so this may be a rekey attempt or a leftover; watch whether it clears.", hint(&sa.state)))
                .evidence(&other.at);
        }
        d.push(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{ids, ike_sa, run};

    #[test]
    fn fires_on_mm_no_state_and_in_neg() {
        let facts = Facts {
            ike_sas: vec![
                ike_sa("MM_NO_STATE", "192.0.2.1", "203.0.113.9"),
                ike_sa("IN-NEG", "192.0.2.1", "203.0.113.10"),
            ],
            ..Default::default()
        };
        let out = run(check, &facts);
        assert_eq!(ids(&out), ["Phase1NotEstablished", "Phase1NotEstablished"]);
        assert_eq!(out[0].severity, Severity::Error);
        assert!(out[0].detail.contains("UDP 500"));
        assert!(out[1].detail.contains("IKEv2"));
    }

    #[test]
    fn key_exch_points_at_authentication() {
        let facts = Facts {
            ike_sas: vec![ike_sa("MM_KEY_EXCH", "192.0.2.1", "203.0.113.9")],
            ..Default::default()
        };
        let out = run(check, &facts);
        assert!(out[0].detail.contains("pre-shared key"));
    }

    #[test]
    fn downgraded_when_same_peer_is_up() {
        let facts = Facts {
            ike_sas: vec![
                ike_sa("QM_IDLE", "192.0.2.1", "203.0.113.9"),
                ike_sa("MM_NO_STATE", "192.0.2.1", "203.0.113.9"),
            ],
            ..Default::default()
        };
        let out = run(check, &facts);
        assert_eq!(out[0].severity, Severity::Warning);
        assert_eq!(out[0].evidence.len(), 2);
    }

    #[test]
    fn quiet_on_established() {
        let facts = Facts {
            ike_sas: vec![
                ike_sa("QM_IDLE", "192.0.2.1", "203.0.113.9"),
                ike_sa("READY", "192.0.2.1", "203.0.113.10"),
            ],
            ..Default::default()
        };
        assert!(run(check, &facts).is_empty());
    }
}
