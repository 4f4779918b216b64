//! # What it checks
//! Health probes (Cisco IP SLA and alike) whose latest return code is a failure (Timeout,
//! No connection, Socket connect error, ...) or that count failures without any success;
//! probes that mix successes and failures are reported as a warning (flapping).
//!
//! # Why it matters
//! Tunnel failover tracks these probes: a failing probe takes the tunnel (or its route) down,
//! an intermittent one makes it flap.
//!
//! # How to fix
//! Check the probe target answers through the tunnel, then the path for loss (MTR outside the
//! tunnel); tolerate latency spikes with a longer timeout rather than flapping.
//!
//! # References
//! Zscaler runbook "Validate IP SLA and GRE KeepAlives Status", "GRE Tunnel is Flapping".

use crate::facts::{Facts, SlaProbe};
use crate::finding::{Finding, Severity};
use crate::rules::{RuleMeta, draft};

/// Rule identity.
pub const META: RuleMeta = RuleMeta {
    id: "SlaProbeTimeout",
    name: "probe_timeout",
    default_severity: Severity::Error,
};

/// True for a return code that means the operation failed.
pub fn failed_code(code: &str) -> bool {
    let c = code.trim().to_ascii_lowercase();
    !(c.is_empty()
        || c == "ok"
        || c == "-"
        || c.starts_with("ok ")
        || c == "over threshold"
        || c == "unknown")
}

fn describe(p: &SlaProbe) -> String {
    let kind = p.kind.clone().unwrap_or_else(|| "probe".into());
    match (&p.destination, &p.url) {
        (_, Some(u)) => format!("IP SLA {} ({kind} {u})", p.id),
        (Some(d), None) => format!("IP SLA {} ({kind} to {d})", p.id),
        _ => format!("IP SLA {} ({kind})", p.id),
    }
}

/// One finding per failing or intermittent probe.
pub fn check(facts: &Facts, out: &mut Vec<Finding>) {
    for p in &facts.sla_probes {
        let code_failed = p.return_code.as_deref().is_some_and(failed_code);
        let fails = p.failures.unwrap_or(0);
        let succ = p.successes.unwrap_or(0);
        let counts = match (p.successes, p.failures) {
            (Some(_), Some(_)) => format!(" ({succ} successes, {fails} failures)"),
            _ => String::new(),
        };
        if code_failed || (fails > 0 && succ == 0) {
            let code = p.return_code.clone().unwrap_or_else(|| "failure".into());
            draft(&META, format!("{} is failing: {code}{counts}", describe(p)))
                .detail("The probe does not get an answer. If the tunnel (or its route) tracks this probe, it is taken down; check the target answers through the tunnel and the path for loss.")
                .evidence(&p.at)
                .push(out);
        } else if fails > 0 {
            draft(&META, format!("{} fails intermittently{counts}", describe(p)))
                .severity(Severity::Warning)
                .detail("The latest run succeeded but earlier runs failed: with tracking this makes the tunnel flap. Look for path loss or latency spikes above the probe timeout.")
                .evidence(&p.at)
                .push(out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{ev, ids, run};

    pub(crate) fn probe(code: &str, succ: Option<u64>, fails: Option<u64>) -> SlaProbe {
        SlaProbe {
            id: "1".into(),
            kind: Some("http".into()),
            destination: Some("172.17.27.2".into()),
            url: None,
            return_code: Some(code.into()),
            rtt_ms: None,
            successes: succ,
            failures: fails,
            at: ev(5, "*1 http 172.17.27.2 RTT=619 OK 3 seconds ago"),
        }
    }

    #[test]
    fn fires_on_timeout_and_intermittent() {
        let facts = Facts {
            sla_probes: vec![
                probe("Timeout", Some(0), Some(2)),
                probe("OK", Some(40), Some(3)),
            ],
            ..Default::default()
        };
        let out = run(check, &facts);
        assert_eq!(ids(&out), ["SlaProbeTimeout", "SlaProbeTimeout"]);
        assert_eq!(out[0].severity, Severity::Error);
        assert_eq!(out[1].severity, Severity::Warning);
        assert!(failed_code("No connection"));
        assert!(failed_code("Socket connect error"));
    }

    #[test]
    fn quiet_on_ok() {
        let facts = Facts {
            sla_probes: vec![probe("OK", Some(47), Some(0)), probe("OK", None, None)],
            ..Default::default()
        };
        assert!(run(check, &facts).is_empty());
    }
}
