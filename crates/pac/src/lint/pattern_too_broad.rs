//! `PacPatternTooBroad`: a host pattern also matches other people's domains.
//!
//! **What it checks.** `dnsDomainIs(host, "example.com")` (no leading dot),
//! `shExpMatch(host, "*example.com")` (a wildcard glued to the name),
//! `shExpMatch(host, "*.example.com*")` (a wildcard after the top-level domain), and
//! `host.endsWith/indexOf/includes("example.com")` without a leading dot.
//!
//! **Why it matters.** `dnsDomainIs` is a plain suffix test: `"example.com"` also matches
//! `badexample.com`. A glued `*` does the same, and a trailing `*` matches
//! `example.com.attacker.net`. Traffic for those unrelated sites then bypasses the proxy (or
//! goes to the wrong one): a security hole and a source of confusing tickets.
//!
//! **How to fix.** Match the domain and its subdomains explicitly:
//! `host == "example.com" || dnsDomainIs(host, ".example.com")`, or
//! `shExpMatch(host, "example.com") || shExpMatch(host, "*.example.com")`.

use boa_ast::Spanned;
use netdiag_core::{Action, Evidence, Finding, Severity};

use super::ast::{self, unparen};
use super::{LintContext, Rule, finding, list_some};

/// The rule.
pub(crate) const RULE: Rule = Rule {
    id: "PacPatternTooBroad",
    title: "Host pattern also matches other domains",
    severity: Severity::Warning,
    check,
};

/// Generic top-level domains after which a trailing `*` is almost never intended.
const TLDS: &[&str] = &[
    "com", "net", "org", "io", "edu", "gov", "mil", "int", "info", "biz", "co",
];

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    let Some(pac) = ctx.pac() else {
        return;
    };
    let mut examples: Vec<String> = Vec::new();
    let mut evidence: Vec<Evidence> = Vec::new();
    for call in ast::calls(pac) {
        let line = call.span().start().line_number();
        let lit = |i: usize| call.args().get(i).and_then(|a| pac.str_lit(a));
        let problem = match pac.callee(call).as_deref() {
            Some("dnsDomainIs") => lit(1).and_then(|p| suffix_problem("dnsDomainIs", &p)),
            Some("shExpMatch") => lit(1).and_then(|p| glob_problem(&p)),
            _ => match pac.method(call) {
                Some((target, m))
                    if matches!(m.as_str(), "endsWith" | "indexOf" | "includes")
                        && is_host_target(pac, target) =>
                {
                    lit(0).and_then(|p| suffix_problem(&format!("host.{m}"), &p))
                }
                _ => None,
            },
        };
        if let Some(p) = problem {
            examples.push(p);
            if evidence.len() < 50 {
                evidence.push(ctx.evidence(line, line));
            }
        }
    }
    if examples.is_empty() {
        return;
    }
    out.push(finding(
        &RULE,
        format!(
            "{} host pattern(s) also match other domains: {}",
            examples.len(),
            list_some(&examples, 3)
        ),
        "dnsDomainIs is a plain suffix test and shExpMatch's * matches any characters, so a \
         pattern without a dot before the domain (or with a * after it) also matches unrelated \
         domains, whose traffic then bypasses or misses the proxy.",
        evidence,
        vec![Action::text(
            "Match the domain and its subdomains explicitly: host == \"example.com\" || \
             dnsDomainIs(host, \".example.com\"), or shExpMatch(host, \"*.example.com\").",
        )],
    ))
}

fn is_host_target(pac: &ast::Pac, e: &boa_ast::expression::Expression) -> bool {
    pac.ident(unparen(e))
        .is_some_and(|n| n == "h" || n.to_ascii_lowercase().contains("host"))
}

/// `"example.com"` in a suffix test: also matches `badexample.com`.
fn suffix_problem(what: &str, pattern: &str) -> Option<String> {
    let p = pattern.trim();
    let looks_like_domain = p.contains('.')
        && !p.starts_with('.')
        && p.parse::<std::net::IpAddr>().is_err()
        && p.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
    looks_like_domain.then(|| format!("{what}(\"{p}\") matches bad{p}"))
}

/// A `*` glued before a domain name, or after a generic TLD.
fn glob_problem(pattern: &str) -> Option<String> {
    let chars: Vec<char> = pattern.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if *c != '*' {
            continue;
        }
        let prev = i.checked_sub(1).and_then(|j| chars.get(j));
        let next = chars.get(i + 1);
        // `*example.com`: the star can eat `bad`.
        if next.is_some_and(char::is_ascii_alphanumeric) && prev.is_none_or(|p| *p == '/') {
            let rest: String = chars
                .get(i + 1..)
                .unwrap_or_default()
                .iter()
                .take_while(|c| **c != '*' && **c != '/' && **c != ':')
                .collect();
            if rest.contains('.') {
                return Some(format!("shExpMatch(\"{pattern}\") matches bad{rest}"));
            }
        }
        // `*.example.com*`: the star can eat `.attacker.net`.
        if next.is_none() && i > 0 {
            let before: String = chars.get(..i).unwrap_or_default().iter().collect();
            if !before.contains('/')
                && let Some((_, tld)) = before.rsplit_once('.')
                && TLDS.contains(&tld)
            {
                let shown = before.trim_start_matches("*.");
                return Some(format!(
                    "shExpMatch(\"{pattern}\") matches {shown}.attacker.example"
                ));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::testutil::run;

    const ID: &str = "PacPatternTooBroad";

    #[test]
    fn fires_on_suffix_without_dot() {
        let f = run(
            ID,
            "function FindProxyForURL(url, host) {\n  if (dnsDomainIs(host, \"example.com\")) return \"DIRECT\";\n  return \"PROXY p.example:80\";\n}",
        );
        assert_eq!(f.len(), 1);
        assert!(f[0].summary.contains("badexample.com"), "{}", f[0].summary);
        assert_eq!(f[0].evidence[0].lines.start, 2);
    }

    #[test]
    fn fires_on_glued_and_trailing_wildcards() {
        assert!(glob_problem("*example.com").is_some());
        assert!(glob_problem("*://*example.com/*").is_some());
        assert!(glob_problem("*.example.com*").is_some());
        assert!(suffix_problem("host.endsWith", "example.com").is_some());
        let f = run(
            ID,
            "function FindProxyForURL(url, host) { if (host.indexOf(\"corp.example\") != -1) return \"DIRECT\"; return \"DIRECT\"; }",
        );
        assert_eq!(f.len(), 1);
    }

    #[test]
    fn quiet_on_anchored_patterns() {
        for p in [
            "*.example.com",
            "example.com",
            "10.*",
            "*://*.example.com/*",
            "login.zs*",
            "*",
        ] {
            assert!(glob_problem(p).is_none(), "{p}");
        }
        let f = run(
            ID,
            "function FindProxyForURL(url, host) {\n  if (dnsDomainIs(host, \".example.com\") || host == \"example.com\" || dnsDomainIs(host, \"localhost\")) return \"DIRECT\";\n  return \"PROXY p.example:80\";\n}",
        );
        assert!(f.is_empty());
    }
}
