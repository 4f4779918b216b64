//! Diagnosis rules: one small unit per file, `rules/<area>/<rule>.rs`, each with a doc comment
//! (What it checks / Why it matters / How to fix / References), a `META` and a `check` that
//! reads [`Facts`] and pushes [`Finding`]s. [`RULES`] is the explicit registry, in a stable
//! order. The fault ids, meanings and default actions live in one place: [`catalogue`].
//!
//! Adding a rule: see CONTRIBUTING.md ("Adding a diagnosis rule").

pub mod catalogue;

mod azure;
mod cert;
mod checks;
mod ike;
mod input;
mod ipsec;
mod logs;
pub mod pac;
mod path;
mod sla;
mod tunnel;
mod zscaler;

use crate::facts::Facts;
use crate::finding::{Action, Evidence, Finding, Severity};

/// A rule's identity: the fault id it emits, a name and its default severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleMeta {
    /// Fault id (catalogue key), CamelCase.
    pub id: &'static str,
    /// Rule name (snake_case, the file name).
    pub name: &'static str,
    /// Severity unless the rule decides otherwise for one occurrence.
    pub default_severity: Severity,
}

/// A registered rule.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Identity.
    pub meta: RuleMeta,
    /// The check.
    pub check: fn(&Facts, &mut Vec<Finding>),
}

/// Every rule, in a stable order (grouped by area).
pub static RULES: &[Rule] = &[
    Rule {
        meta: input::incomplete_input::META,
        check: input::incomplete_input::check,
    },
    Rule {
        meta: input::unrecognized_input::META,
        check: input::unrecognized_input::check,
    },
    Rule {
        meta: ike::phase1_not_established::META,
        check: ike::phase1_not_established::check,
    },
    Rule {
        meta: ike::phase2_not_established::META,
        check: ike::phase2_not_established::check,
    },
    Rule {
        meta: ike::nat_traversal_missing::META,
        check: ike::nat_traversal_missing::check,
    },
    Rule {
        meta: ipsec::one_way_traffic::META,
        check: ipsec::one_way_traffic::check,
    },
    Rule {
        meta: ipsec::inbound_only_traffic::META,
        check: ipsec::inbound_only_traffic::check,
    },
    Rule {
        meta: ipsec::packet_errors::META,
        check: ipsec::packet_errors::check,
    },
    Rule {
        meta: tunnel::line_protocol_down::META,
        check: tunnel::line_protocol_down::check,
    },
    Rule {
        meta: tunnel::admin_down::META,
        check: tunnel::admin_down::check,
    },
    Rule {
        meta: tunnel::keepalive_behind_nat::META,
        check: tunnel::keepalive_behind_nat::check,
    },
    Rule {
        meta: tunnel::mss_too_high::META,
        check: tunnel::mss_too_high::check,
    },
    Rule {
        meta: tunnel::gre_addressing::META,
        check: tunnel::gre_addressing::check,
    },
    Rule {
        meta: sla::probe_timeout::META,
        check: sla::probe_timeout::check,
    },
    Rule {
        meta: sla::probe_target::META,
        check: sla::probe_target::check,
    },
    Rule {
        meta: path::loss_at_destination::META,
        check: path::loss_at_destination::check,
    },
    Rule {
        meta: path::intermediate_hop_loss::META,
        check: path::intermediate_hop_loss::check,
    },
    Rule {
        meta: path::latency_budget::META,
        check: path::latency_budget::check,
    },
    Rule {
        meta: path::ping_no_reply::META,
        check: path::ping_no_reply::check,
    },
    Rule {
        meta: path::path_mtu::META,
        check: path::path_mtu::check,
    },
    Rule {
        meta: zscaler::child_sa_limit::META,
        check: zscaler::child_sa_limit::check,
    },
    Rule {
        meta: zscaler::phase2_encryption::META,
        check: zscaler::phase2_encryption::check,
    },
    Rule {
        meta: zscaler::identity_mode::META,
        check: zscaler::identity_mode::check,
    },
    Rule {
        meta: zscaler::ikev1_new_tenant::META,
        check: zscaler::ikev1_new_tenant::check,
    },
    Rule {
        meta: cert::expired::META,
        check: cert::expired::check,
    },
    Rule {
        meta: cert::not_yet_valid::META,
        check: cert::not_yet_valid::check,
    },
    Rule {
        meta: logs::authentication::META,
        check: logs::authentication::check,
    },
    Rule {
        meta: logs::peer_reachability::META,
        check: logs::peer_reachability::check,
    },
    Rule {
        meta: logs::ike_policy_mismatch::META,
        check: logs::ike_policy_mismatch::check,
    },
    Rule {
        meta: logs::traffic_selector_mismatch::META,
        check: logs::traffic_selector_mismatch::check,
    },
    Rule {
        meta: logs::invalid_payload::META,
        check: logs::invalid_payload::check,
    },
    Rule {
        meta: logs::invalid_cookie::META,
        check: logs::invalid_cookie::check,
    },
    Rule {
        meta: logs::payload_malformed::META,
        check: logs::payload_malformed::check,
    },
    Rule {
        meta: logs::no_public_key::META,
        check: logs::no_public_key::check,
    },
    Rule {
        meta: azure::cpu_usage::META,
        check: azure::cpu_usage::check,
    },
    Rule {
        meta: azure::connections_not_connected::META,
        check: azure::connections_not_connected::check,
    },
    Rule {
        meta: pac::pac_error_direct::META,
        check: pac::pac_error_direct::check,
    },
    Rule {
        meta: pac::idp_via_proxy::META,
        check: pac::idp_via_proxy::check,
    },
    Rule {
        meta: pac::no_direct_fallback::META,
        check: pac::no_direct_fallback::check,
    },
    Rule {
        meta: pac::dns_per_url::META,
        check: pac::dns_per_url::check,
    },
    Rule {
        meta: checks::pac_unreachable::META,
        check: checks::pac_unreachable::check,
    },
    Rule {
        meta: checks::service_not_listening::META,
        check: checks::service_not_listening::check,
    },
    Rule {
        meta: checks::tcp_port_filtered::META,
        check: checks::tcp_port_filtered::check,
    },
    Rule {
        meta: checks::proxy_port_blocked::META,
        check: checks::proxy_port_blocked::check,
    },
];

/// Runs every rule over `facts`.
pub fn run_all(facts: &Facts) -> Vec<Finding> {
    let mut out = Vec::new();
    for r in RULES {
        (r.check)(facts, &mut out);
    }
    out
}

/// A finding under construction; actions from the catalogue are appended on `push`.
#[derive(Debug, Clone)]
pub struct Draft {
    finding: Finding,
}

/// Starts a finding for `meta` with its default severity.
pub fn draft(meta: &RuleMeta, summary: impl Into<String>) -> Draft {
    Draft {
        finding: Finding {
            id: meta.id.to_string(),
            severity: meta.default_severity,
            summary: summary.into(),
            detail: String::new(),
            evidence: Vec::new(),
            actions: Vec::new(),
            confidence: 1.0,
        },
    }
}

impl Draft {
    /// Sets the detail text.
    pub fn detail(mut self, d: impl Into<String>) -> Self {
        self.finding.detail = d.into();
        self
    }

    /// Adds a piece of evidence.
    pub fn evidence(mut self, e: &Evidence) -> Self {
        if !self.finding.evidence.contains(e) {
            self.finding.evidence.push(e.clone());
        }
        self
    }

    /// Adds evidence when there is some.
    pub fn evidence_opt(self, e: Option<&Evidence>) -> Self {
        match e {
            Some(e) => self.evidence(e),
            None => self,
        }
    }

    /// Overrides the severity for this occurrence.
    pub fn severity(mut self, s: Severity) -> Self {
        self.finding.severity = s;
        self
    }

    /// Sets the confidence (0..=1).
    pub fn confidence(mut self, c: f32) -> Self {
        self.finding.confidence = c.clamp(0.0, 1.0);
        self
    }

    /// Adds an action specific to this occurrence (before the catalogue's).
    pub fn action(mut self, text: impl Into<String>, uri: Option<&str>) -> Self {
        self.finding.actions.push(Action {
            text: text.into(),
            uri: uri.map(str::to_string),
        });
        self
    }

    /// Finishes the finding: appends the catalogue's actions and pushes it.
    pub fn push(mut self, out: &mut Vec<Finding>) {
        for a in catalogue::actions(&self.finding.id) {
            if !self.finding.actions.iter().any(|x| x.text == a.text) {
                self.finding.actions.push(a);
            }
        }
        out.push(self.finding);
    }
}

/// Hand-built facts and evidence for rule tests.
#[cfg(test)]
pub(crate) mod testing {
    use crate::finding::Evidence;
    use crate::span::LineSpan;

    /// Evidence on one line of block 0.
    pub fn ev(line: u32, text: &str) -> Evidence {
        Evidence {
            block: "0".into(),
            lines: LineSpan::line(line),
            text: text.into(),
            source: None,
        }
    }

    /// Ids of the findings.
    pub fn ids(out: &[crate::finding::Finding]) -> Vec<&str> {
        out.iter().map(|f| f.id.as_str()).collect()
    }

    /// Runs one check.
    pub fn run(
        check: fn(&crate::facts::Facts, &mut Vec<crate::finding::Finding>),
        facts: &crate::facts::Facts,
    ) -> Vec<crate::finding::Finding> {
        let mut out = Vec::new();
        check(facts, &mut out);
        out
    }

    /// An IKE SA in `state` between `local` and `remote`.
    pub fn ike_sa(state: &str, local: &str, remote: &str) -> IkeSa {
        let (version, phase) = crate::facts::states::classify_ike_state(state);
        IkeSa {
            vendor: Vendor::CiscoIos,
            version,
            local: Some(local.into()),
            remote: Some(remote.into()),
            local_port: None,
            remote_port: None,
            state: state.into(),
            phase,
            aggressive: None,
            nat_t: None,
            nat_detected: None,
            local_id: None,
            remote_id: None,
            at: ev(2, &format!("{local} {remote} {state} 1001 ACTIVE")),
        }
    }

    /// An IPsec SA with counters.
    pub fn ipsec_sa(encaps: u64, decaps: u64) -> IpsecSa {
        IpsecSa {
            vendor: Vendor::CiscoIos,
            name: Some("Tunnel1".into()),
            local: Some("192.0.2.1".into()),
            remote: Some("203.0.113.9".into()),
            local_ident: Some("10.1.0.0/16".into()),
            remote_ident: Some("10.2.0.0/16".into()),
            encaps: Some(encaps),
            decaps: Some(decaps),
            send_errors: Some(0),
            recv_errors: Some(0),
            inbound_sas: Some(1),
            outbound_sas: Some(1),
            transforms: vec!["esp-256-aes esp-sha-hmac".into()],
            udp_encaps: None,
            at: ev(10, "interface: Tunnel1"),
            counters_at: Some(ev(
                16,
                &format!("#pkts encaps: {encaps}, #pkts encrypt: {encaps}"),
            )),
        }
    }

    /// A GRE tunnel interface (up/up, 1500-byte link, no MSS clamping shown).
    pub fn tunnel(name: &str) -> TunnelIf {
        TunnelIf {
            name: name.into(),
            admin_up: Some(true),
            line_up: Some(true),
            description: None,
            address: None,
            mtu: None,
            ip_mtu: None,
            tcp_mss: None,
            from_config: false,
            source: Some("198.51.100.10".into()),
            destination: Some("203.0.113.45".into()),
            mode: TunnelMode::Gre,
            keepalive: None,
            at: ev(20, &format!("{name} is up, line protocol is up")),
            mss_at: None,
            keepalive_at: None,
            address_at: None,
        }
    }

    use crate::facts::{IkeSa, IpsecSa, TunnelIf, TunnelMode, Vendor};
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_are_unique_and_catalogued() {
        let mut seen = std::collections::BTreeSet::new();
        for r in RULES {
            assert!(seen.insert(r.meta.id), "duplicate rule id {}", r.meta.id);
            let entry = catalogue::entry(r.meta.id)
                .unwrap_or_else(|| panic!("{} not in the catalogue", r.meta.id));
            assert_eq!(
                entry.default_severity, r.meta.default_severity,
                "{}: severity differs from the catalogue",
                r.meta.id
            );
        }
        for e in catalogue::CATALOGUE {
            assert!(seen.contains(e.id), "catalogue id {} has no rule", e.id);
        }
    }

    #[test]
    fn rule_names_are_snake_case() {
        for r in RULES {
            assert!(
                r.meta
                    .name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_' || c.is_ascii_digit()),
                "{}",
                r.meta.name
            );
            assert!(
                r.meta
                    .id
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_uppercase()),
                "{}",
                r.meta.id
            );
        }
    }

    #[test]
    fn empty_facts_give_no_findings() {
        assert!(run_all(&Facts::default()).is_empty());
    }
}
