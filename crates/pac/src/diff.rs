//! Version diff: two PAC versions evaluated over the same URLs and environment, reporting
//! only the URLs whose answer changed (what changed for real traffic, not in the text).
//!
//! Two answers are the same when their entries are the same in order (keyword, host, port),
//! whatever the spacing or case of the return string, and neither errored; the deciding line
//! may move between versions without making a change.
//!
//! ```
//! use netdiag_core::pac::PacEnv;
//! let old = r#"function FindProxyForURL(url, host) { return "PROXY a.example:80; DIRECT"; }"#;
//! let new = r#"function FindProxyForURL(url, host) {
//!     if (dnsDomainIs(host, ".okta.com")) return "DIRECT";
//!     return "PROXY a.example:80; DIRECT";
//! }"#;
//! let env = PacEnv { now: Some("2026-01-05T10:00:00Z".into()), ..PacEnv::default() };
//! let report = netdiag_pac::diff::diff(old, new, &[], &env);
//! assert_eq!(report.changed.len(), 1);
//! assert_eq!(report.changed[0].url, "https://www.okta.com/");
//! assert!(report.changed[0].bypass_flip);
//! ```

use netdiag_core::pac::{PacEnv, PacErrorInfo, PacReport, UrlResult};

pub use netdiag_core::pac_review::{Answer, ChangedUrl, DiffError, DiffReport};

use crate::urlgen::generate_urls;

/// Compares two PAC versions. An empty `urls` means: generate them from both PACs.
pub fn diff(old: &str, new: &str, urls: &[String], env: &PacEnv) -> DiffReport {
    let generated = urls.is_empty();
    let urls: Vec<String> = if generated {
        generate_urls(&[old, new])
    } else {
        urls.to_vec()
    };
    let a = crate::evaluate(old, &urls, env);
    let b = crate::evaluate(new, &urls, env);
    let mut report = DiffReport {
        total: urls.len(),
        generated_urls: generated,
        urls: urls.clone(),
        ..DiffReport::default()
    };
    for (version, r) in [("old", &a), ("new", &b)] {
        if let Some(e) = &r.error {
            report.errors.push(diff_error(version, e));
        }
    }
    if !report.errors.is_empty() {
        return report;
    }
    compare(&urls, &a, &b, &mut report);
    report
}

fn compare(urls: &[String], a: &PacReport, b: &PacReport, report: &mut DiffReport) {
    for (i, url) in urls.iter().enumerate() {
        let (Some(ra), Some(rb)) = (a.results.get(i), b.results.get(i)) else {
            continue;
        };
        if same(ra, rb) {
            report.unchanged += 1;
            continue;
        }
        let (old, new) = (answer(ra), answer(rb));
        report.changed.push(ChangedUrl {
            url: url.clone(),
            bypass_flip: old.bypass != new.bypass,
            primary_changed: old.primary != new.primary,
            secondary_changed: old.secondary != new.secondary,
            old,
            new,
        });
    }
}

/// Same entries in the same order (and no error on either side, or the same error).
fn same(a: &UrlResult, b: &UrlResult) -> bool {
    match (&a.error, &b.error) {
        (None, None) => {}
        (Some(x), Some(y)) => return x.message == y.message,
        _ => return false,
    }
    let key = |r: &UrlResult| -> Vec<(String, Option<String>, Option<u16>)> {
        r.entries
            .iter()
            .map(|e| {
                (
                    e.kind.to_ascii_uppercase(),
                    e.host.as_ref().map(|h| h.to_ascii_lowercase()),
                    e.port,
                )
            })
            .collect()
    };
    key(a) == key(b) && a.bypass == b.bypass
}

fn answer(r: &UrlResult) -> Answer {
    Answer {
        result: r.result.clone(),
        primary: r.primary.clone(),
        secondary: r.secondary.clone(),
        bypass: r.bypass,
        rule: r.rule.clone(),
        error: r.error.as_ref().map(|e| e.message.clone()),
    }
}

fn diff_error(version: &str, e: &PacErrorInfo) -> DiffError {
    DiffError {
        version: version.to_string(),
        message: e.message.clone(),
        line: e.line,
        column: e.column,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = r#"function FindProxyForURL(url, host) {
    if (isPlainHostName(host) || dnsDomainIs(host, ".corp.example")) return "DIRECT";
    if (shExpMatch(host, "*.files.example")) return "DIRECT";
    return "PROXY p1.example:80; PROXY p2.example:80; DIRECT";
}"#;

    fn env() -> PacEnv {
        PacEnv {
            now: Some("2026-01-05T10:00:00Z".into()),
            ..PacEnv::default()
        }
    }

    fn changed_urls(r: &DiffReport) -> Vec<&str> {
        r.changed.iter().map(|c| c.url.as_str()).collect()
    }

    #[test]
    fn identical_versions_change_nothing() {
        let r = diff(BASE, BASE, &[], &env());
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        assert!(r.changed.is_empty());
        assert!(r.generated_urls);
        assert_eq!(r.unchanged, r.total);
        assert!(r.total >= 5);
    }

    #[test]
    fn moved_bypass_changes_exactly_the_two_domains() {
        let new = BASE.replace("*.files.example", "*.media.example");
        let r = diff(BASE, &new, &[], &env());
        assert_eq!(
            changed_urls(&r),
            vec!["https://www.files.example/", "https://www.media.example/"]
        );
        let files = &r.changed[0];
        assert!(files.bypass_flip && files.old.bypass && !files.new.bypass);
        assert_eq!(files.new.primary.as_deref(), Some("p1.example:80"));
        assert_eq!(files.old.rule.as_ref().map(|p| p.line), Some(3));
        assert_eq!(files.new.rule.as_ref().map(|p| p.line), Some(4));
        let media = &r.changed[1];
        assert!(media.bypass_flip && !media.old.bypass && media.new.bypass);
        assert_eq!(r.unchanged + 2, r.total);
    }

    #[test]
    fn swapped_primary_and_secondary_changes_every_proxied_url() {
        let new = BASE.replace(
            "PROXY p1.example:80; PROXY p2.example:80",
            "PROXY p2.example:80; PROXY p1.example:80",
        );
        let urls: Vec<String> = [
            "http://intranet/",
            "https://www.corp.example/",
            "https://a.files.example/x",
            "https://www.example.net/",
            "http://192.0.2.1/",
        ]
        .iter()
        .map(|s| (*s).to_string())
        .collect();
        let r = diff(BASE, &new, &urls, &env());
        assert!(!r.generated_urls);
        assert_eq!(
            changed_urls(&r),
            vec!["https://www.example.net/", "http://192.0.2.1/"]
        );
        for c in &r.changed {
            assert!(c.primary_changed && c.secondary_changed && !c.bypass_flip);
            assert_eq!(c.old.primary.as_deref(), Some("p1.example:80"));
            assert_eq!(c.new.primary.as_deref(), Some("p2.example:80"));
        }
        assert_eq!(r.unchanged, 3);
    }

    #[test]
    fn added_idp_bypass_changes_only_the_idp() {
        let new = BASE.replace(
            "    return \"PROXY",
            "    if (shExpMatch(host, \"*.okta.com\")) return \"DIRECT\";\n    return \"PROXY",
        );
        let r = diff(BASE, &new, &[], &env());
        assert_eq!(changed_urls(&r), vec!["https://www.okta.com/"]);
        let c = &r.changed[0];
        assert!(c.bypass_flip && c.primary_changed && c.secondary_changed);
        assert_eq!(c.new.result.as_deref(), Some("DIRECT"));
        assert_eq!(c.new.rule.as_ref().map(|p| p.line), Some(4));
    }

    #[test]
    fn whitespace_and_case_of_the_answer_do_not_count() {
        let new = BASE.replace(
            "PROXY p1.example:80; PROXY p2.example:80; DIRECT",
            "proxy p1.example:80;PROXY   p2.example:80 ; direct",
        );
        let r = diff(BASE, &new, &[], &env());
        assert!(r.changed.is_empty(), "{:?}", r.changed);
    }

    #[test]
    fn a_broken_version_is_an_error_not_a_change() {
        let r = diff(BASE, "function FindProxyForURL(url, host) {", &[], &env());
        assert_eq!(r.errors.len(), 1);
        assert_eq!(r.errors[0].version, "new");
        assert!(r.changed.is_empty());
    }
}
