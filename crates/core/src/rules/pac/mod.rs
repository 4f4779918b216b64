//! PAC evaluation rules (over the `PacReport` of `netdiag pac eval`).
pub mod dns_per_url;
pub mod idp_via_proxy;
pub mod no_direct_fallback;
pub mod pac_error_direct;

use crate::finding::Evidence;
use crate::pac::UrlResult;
use crate::span::LineSpan;

/// Evidence for one URL result: the PAC line of the `return` that answered (block `pac`), or
/// the URL's position in the test list (block `pac-url`) when the line is unknown.
pub(crate) fn url_evidence(i: usize, r: &UrlResult) -> Evidence {
    let answer = r.result.clone().unwrap_or_else(|| "(error)".into());
    match &r.rule {
        Some(pos) => Evidence {
            block: "pac".into(),
            lines: LineSpan::line(pos.line),
            text: format!("{} → {answer}   [line {}: {}]", r.url, pos.line, pos.text),
            source: None,
        },
        None => Evidence {
            block: "pac-url".into(),
            lines: LineSpan::line(u32::try_from(i + 1).unwrap_or(u32::MAX)),
            text: format!("{} → {answer}", r.url),
            source: None,
        },
    }
}

/// True when `host` is `domain` or a subdomain of it (`*.d` and `.d` mean the same here), or,
/// for a `label.` pattern, when its first label is `label`.
pub(crate) fn in_domain(host: &str, domain: &str) -> bool {
    let h = host.trim_end_matches('.').to_ascii_lowercase();
    // `adfs.`: any host whose first label is that (the preset's label form).
    if let Some(label) = domain.trim().strip_suffix('.') {
        let label = label.to_ascii_lowercase();
        return !label.is_empty()
            && h.len() > label.len() + 1
            && h.starts_with(&label)
            && h.as_bytes().get(label.len()) == Some(&b'.');
    }
    let d = domain
        .trim()
        .trim_start_matches("*.")
        .trim_start_matches('.')
        .to_ascii_lowercase();
    !d.is_empty() && (h == d || h.ends_with(&format!(".{d}")))
}

#[cfg(test)]
pub(crate) mod testing {
    use crate::pac::{PacEnv, PacReport, ProxyEntry, SourcePos, UrlResult};

    /// A URL result with the given answer entries (`"DIRECT"`, `"PROXY h:p"`).
    pub fn result(url: &str, entries: &[&str], line: u32) -> UrlResult {
        let host = url
            .split("://")
            .nth(1)
            .unwrap_or(url)
            .split('/')
            .next()
            .unwrap_or("")
            .to_string();
        let parsed: Vec<ProxyEntry> = entries
            .iter()
            .map(|e| {
                let mut it = e.split_whitespace();
                let kind = it.next().unwrap_or("").to_string();
                let hp = it.next();
                ProxyEntry {
                    kind,
                    host: hp.map(|h| h.split(':').next().unwrap_or("").to_string()),
                    port: hp
                        .and_then(|h| h.split(':').nth(1))
                        .and_then(|p| p.parse().ok()),
                    raw: e.to_string(),
                    problem: None,
                }
            })
            .collect();
        let proxies: Vec<String> = parsed
            .iter()
            .filter(|e| e.kind != "DIRECT")
            .map(|e| e.raw.trim_start_matches("PROXY ").to_string())
            .collect();
        UrlResult {
            url: url.into(),
            host,
            pac_url: url.into(),
            result: Some(entries.join("; ")),
            bypass: parsed.first().is_some_and(|e| e.kind == "DIRECT"),
            fallback_direct: parsed.len() > 1
                && parsed.last().is_some_and(|e| e.kind == "DIRECT")
                && parsed.first().is_some_and(|e| e.kind != "DIRECT"),
            entries: parsed,
            primary: proxies.first().cloned(),
            secondary: proxies.get(1).cloned(),
            bypass_reason: None,
            rule: Some(SourcePos {
                line,
                column: 5,
                text: "return ...;".into(),
            }),
            dns_lookups: vec![],
            alerts: vec![],
            warnings: vec![],
            error: None,
        }
    }

    /// A report over `results`.
    pub fn report(results: Vec<UrlResult>) -> PacReport {
        PacReport {
            env: PacEnv::default(),
            entry_point: Some("FindProxyForURL".into()),
            macros: vec![],
            results,
            error: None,
            warnings: vec![],
            evaluator: None,
        }
    }
}
