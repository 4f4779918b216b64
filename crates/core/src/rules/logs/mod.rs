//! Rules over IKE failures reported in logs (Azure IKEErrors/IKELogs/wfpdiag, Clavister
//! `ike -snoop` and event logs, strongSwan / Zscaler tunnel logs). One finding per distinct
//! failure (cause, vendor, code), quoting up to three occurrences.
pub mod authentication;
pub mod ike_policy_mismatch;
pub mod invalid_cookie;
pub mod invalid_payload;
pub mod no_public_key;
pub mod payload_malformed;
pub mod peer_reachability;
pub mod traffic_selector_mismatch;

use crate::facts::{Facts, IkeFailure, IkeFailureCause, Vendor};
use crate::finding::Finding;
use crate::rules::{Draft, RuleMeta, draft};

/// Groups the failures of `cause` and emits one finding per group, built by `make`.
pub(crate) fn per_group(
    facts: &Facts,
    out: &mut Vec<Finding>,
    cause: IkeFailureCause,
    make: impl Fn(&IkeFailure, usize) -> Draft,
) {
    let mut groups: Vec<Vec<&IkeFailure>> = Vec::new();
    for f in facts.ike_failures.iter().filter(|f| f.cause == cause) {
        // One group per vendor: an error code and the notify it caused are one failure.
        match groups
            .iter_mut()
            .find(|g| g.first().is_some_and(|x| x.vendor == f.vendor))
        {
            Some(g) => g.push(f),
            None => groups.push(vec![f]),
        }
    }
    for g in groups {
        // Describe the group by the occurrence that carries an error code, when one does.
        let Some(first) = g.iter().find(|f| f.code.is_some()).or_else(|| g.first()) else {
            continue;
        };
        let mut d = make(first, g.len());
        if g.iter().all(|f| f.recovered) {
            // Every occurrence was followed by a successful negotiation: intermittent.
            d = d.severity(crate::finding::Severity::Warning).confidence(0.8).action(
                "Later entries of the same log show the SA established again: the failure is intermittent or resolved. Check whether it recurs (flapping).",
                None,
            );
        }
        for f in g.iter().take(3) {
            d = d.evidence(&f.at);
        }
        d.push(out);
    }
}

/// `Azure error 13801` / `Clavister` label for summaries.
pub(crate) fn source_label(f: &IkeFailure) -> String {
    let vendor = match f.vendor {
        Vendor::Azure => "Azure VPN gateway",
        Vendor::Clavister => "Clavister",
        Vendor::StrongSwan => "strongSwan",
        Vendor::Zscaler => "Zscaler tunnel log",
        Vendor::CiscoIos | Vendor::CiscoAsa => "Cisco",
        Vendor::PaloAlto => "PAN-OS",
        Vendor::Fortinet => "FortiOS",
        Vendor::Other => "log",
    };
    match f.code {
        Some(c) => format!("{vendor} (error {c})"),
        None => vendor.to_string(),
    }
}

/// ` (seen N times)` when more than once.
pub(crate) fn times(n: usize) -> String {
    if n > 1 {
        format!(" (seen {n} times)")
    } else {
        String::new()
    }
}

/// Starts a draft for `meta`.
pub(crate) fn start(meta: &RuleMeta, summary: String) -> Draft {
    draft(meta, summary)
}
