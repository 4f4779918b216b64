//! # What it checks
//! Connections reported not connected (Azure `ConnectionStats.txt` `Connectivity State`
//! other than `Connected`, or a vendor session table saying down).
//!
//! # Why it matters
//! No traffic passes the connection. Azure reports this as a warning: the reason is in the
//! IKE logs (authentication, policy mismatch, reachability).
//!
//! # How to fix
//! Read IKEErrors / IKELogs (paste them too) for the reason.
//!
//! # References
//! Azure Network Watcher VPN troubleshoot, gateway fault `ConnectionsNotConnected`.

use crate::facts::Facts;
use crate::finding::{Finding, Severity};
use crate::rules::{RuleMeta, draft};

/// Rule identity.
pub const META: RuleMeta = RuleMeta {
    id: "ConnectionsNotConnected",
    name: "connections_not_connected",
    default_severity: Severity::Warning,
};

/// One finding per connection not connected.
pub fn check(facts: &Facts, out: &mut Vec<Finding>) {
    for c in facts.connections.iter().filter(|c| !c.connected) {
        let name = c.name.clone().unwrap_or_else(|| "The connection".into());
        let known_reason = !facts.ike_failures.is_empty();
        draft(&META, format!("{name} is {}", c.state))
            .detail(if known_reason {
                "The IKE failures reported alongside explain why (see those findings)."
            } else {
                "Paste the IKE logs (IKEErrors.txt / IKELogs.txt) to see why: authentication, policy mismatch or reachability."
            })
            .evidence(&c.at)
            .push(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::{ConnectionStatus, Vendor};
    use crate::rules::testing::{ev, ids, run};

    fn conn(state: &str, connected: bool) -> ConnectionStatus {
        ConnectionStatus {
            vendor: Vendor::Azure,
            name: None,
            state: state.into(),
            connected,
            at: ev(1, "Connectivity State : NotConnected"),
        }
    }

    #[test]
    fn fires_when_not_connected() {
        assert_eq!(
            ids(&run(
                check,
                &Facts {
                    connections: vec![conn("NotConnected", false)],
                    ..Default::default()
                }
            )),
            ["ConnectionsNotConnected"]
        );
    }

    #[test]
    fn quiet_when_connected() {
        assert!(
            run(
                check,
                &Facts {
                    connections: vec![conn("Connected", true)],
                    ..Default::default()
                }
            )
            .is_empty()
        );
    }
}
