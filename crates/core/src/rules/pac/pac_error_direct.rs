//! # What it checks
//! PAC evaluations that failed: a syntax or runtime error, no `FindProxyForURL`, a limit hit
//! or an invalid return value — for the whole file or for some URLs.
//!
//! # Why it matters
//! When the PAC fails, browsers and Client Connector fall back to DIRECT; direct traffic is
//! usually dropped at the firewall, so users lose the web (or bypass security).
//!
//! # How to fix
//! Fix the PAC at the line shown; check the audit log for a recent PAC change and redeploy
//! the previous version.
//!
//! # References
//! Zscaler runbook "PAC File Causes" (PAC parsing issue → traffic sent direct).

use super::url_evidence;
use crate::facts::Facts;
use crate::finding::{Evidence, Finding, Severity};
use crate::rules::{RuleMeta, draft};
use crate::span::LineSpan;

/// Rule identity.
pub const META: RuleMeta = RuleMeta {
    id: "PacErrorGoesDirect",
    name: "pac_error_direct",
    default_severity: Severity::Error,
};

/// One finding for a PAC-wide error, else one per distinct per-URL error.
pub fn check(facts: &Facts, out: &mut Vec<Finding>) {
    let Some(pac) = &facts.pac else { return };
    if let Some(e) = &pac.error {
        let ev = Evidence {
            block: "pac".into(),
            lines: LineSpan::line(e.line.unwrap_or(1)),
            text: e
                .source_line
                .clone()
                .map_or_else(|| e.message.clone(), |l| format!("{l}   [{}]", e.message)),
            source: None,
        };
        draft(&META, format!("The PAC file cannot be used ({}: {}); clients will go DIRECT", e.kind, e.message))
            .detail(format!(
                "{}A PAC that fails to load makes browsers and Client Connector connect directly, which the firewall usually drops.",
                e.line.map(|l| format!("The error is at line {l}. ")).unwrap_or_default()
            ))
            .evidence(&ev)
            .push(out);
        return;
    }
    let mut seen: Vec<String> = Vec::new();
    for (i, r) in pac.results.iter().enumerate() {
        let Some(e) = &r.error else { continue };
        let key = format!("{}:{}:{}", e.kind, e.line.unwrap_or(0), e.message);
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        let n = pac
            .results
            .iter()
            .filter(|x| x.error.as_ref().is_some_and(|y| y.message == e.message))
            .count();
        let mut ev = url_evidence(i, r);
        if let Some(l) = e.line {
            ev.block = "pac".into();
            ev.lines = LineSpan::line(l);
            ev.text = format!(
                "{} → {}   [line {l}: {}]",
                r.url,
                e.message,
                e.source_line.clone().unwrap_or_default()
            );
        }
        draft(&META, format!("The PAC fails for {} ({}: {}); those requests go DIRECT", if n > 1 { format!("{n} URLs") } else { r.url.clone() }, e.kind, e.message))
            .detail("For these URLs FindProxyForURL throws or returns something invalid, and the client falls back to DIRECT.")
            .evidence(&ev)
            .push(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pac::PacErrorInfo;
    use crate::rules::pac::testing::{report, result};
    use crate::rules::testing::{ids, run};

    fn err(kind: &str, line: Option<u32>) -> PacErrorInfo {
        PacErrorInfo {
            kind: kind.into(),
            message: "x is not defined".into(),
            line,
            column: None,
            source_line: Some("return x;".into()),
        }
    }

    #[test]
    fn fires_on_file_error_and_url_error() {
        let mut r = report(vec![]);
        r.error = Some(err("syntax", Some(12)));
        let out = run(
            check,
            &Facts {
                pac: Some(r),
                ..Default::default()
            },
        );
        assert_eq!(ids(&out), ["PacErrorGoesDirect"]);
        assert_eq!(out[0].evidence[0].lines.start, 12);
        let mut bad = result("http://a.example/", &[], 3);
        bad.error = Some(err("runtime", Some(7)));
        let out = run(
            check,
            &Facts {
                pac: Some(report(vec![bad.clone(), bad])),
                ..Default::default()
            },
        );
        assert_eq!(ids(&out), ["PacErrorGoesDirect"]);
        assert!(out[0].summary.contains("2 URLs"));
    }

    #[test]
    fn quiet_on_clean_evaluation() {
        let r = report(vec![result(
            "http://a.example/",
            &["PROXY p.example:80", "DIRECT"],
            3,
        )]);
        assert!(
            run(
                check,
                &Facts {
                    pac: Some(r),
                    ..Default::default()
                }
            )
            .is_empty()
        );
    }
}
