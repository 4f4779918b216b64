//! `PacClientIpDependent`: answers depend on the client's own address (`myIpAddress`,
//! `myIpAddressEx`).
//!
//! **What it checks.** Any call of the two helpers.
//!
//! **Why it matters.** The answer changes with where the user sits (office, home, VPN), and
//! `myIpAddress()` is unreliable on multi-homed machines: browsers may report the VPN
//! adapter, a virtual switch or 127.0.0.1. "Works in the office, not from home" tickets often
//! trace back here. Not a fault in itself.
//!
//! **How to fix.** Nothing to fix if intended; test with the user's addresses (`--my-ip`).
//! Prefer location-independent rules where possible.

use netdiag_core::{Action, Finding, Severity};

use super::{LintContext, Rule, finding};
use crate::lint::calls_named;

/// The rule.
pub(crate) const RULE: Rule = Rule {
    id: "PacClientIpDependent",
    title: "Client-IP-based rules",
    severity: Severity::Info,
    check,
};

const HELPERS: &[&str] = &["myIpAddress", "myIpAddressEx"];

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    let (names, evidence) = calls_named(ctx, HELPERS);
    if names.is_empty() {
        return;
    }
    out.push(finding(
        &RULE,
        format!(
            "Answers depend on the client's IP address ({})",
            names.join(", ")
        ),
        "The answer changes with the user's network (office, home, VPN), and myIpAddress() \
         may return a VPN, virtual or loopback adapter's address on multi-homed machines.",
        evidence,
        vec![Action::text(
            "Evaluate with the user's addresses (CLI --my-ip, or the page's client IP field).",
        )],
    ));
}

#[cfg(test)]
mod tests {
    use crate::lint::testutil::run;

    const ID: &str = "PacClientIpDependent";

    #[test]
    fn fires_on_my_ip_address() {
        let f = run(
            ID,
            "function FindProxyForURL(url, host) {\n  if (isInNet(myIpAddress(), \"10.0.0.0\", \"255.0.0.0\")) return \"PROXY p:80\";\n  return \"DIRECT\";\n}",
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].evidence[0].lines.start, 2);
    }

    #[test]
    fn quiet_without_it() {
        assert!(
            run(
                ID,
                "function FindProxyForURL(url, host) { return \"DIRECT\"; }"
            )
            .is_empty()
        );
    }
}
