//! `PacMalformedReturn`: a returned proxy string is malformed.
//!
//! **What it checks.** Every constant value the answer functions return (string literals,
//! concatenations of constants, variables bound once to one) is parsed with the evaluator's
//! result parser: unknown keywords (`PROXIE`, `DIRECT:80`), missing `host:port`, bad or
//! missing ports, IPv6 addresses without brackets or with broken ones, two entries without a
//! `;`. Non-string returns (`return;`, `return null`) are reported too. `${MACRO}`s are
//! replaced by placeholders first, as the Zscaler PAC server would substitute them.
//!
//! **Why it matters.** Browsers skip malformed entries silently; when nothing usable remains
//! they go DIRECT. A typo in the proxy string can therefore send all traffic around the proxy
//! without any error message.
//!
//! **How to fix.** Write entries as `PROXY host:port`, `HTTPS host:port`, `SOCKS5 host:port`
//! or `DIRECT`, separated by `;`, with IPv6 literals in brackets (`PROXY [2001:db8::1]:8080`).
//! A missing port only gets a warning: browsers assume 80 (443 for HTTPS, 1080 for SOCKS).

use netdiag_core::{Action, Evidence, Finding, Severity};

use super::answers::{ReturnedValue, returned};
use super::{LintContext, Rule, finding, list_some};

/// The rule.
pub(crate) const RULE: Rule = Rule {
    id: "PacMalformedReturn",
    title: "Malformed proxy string returned",
    severity: Severity::Error,
    check,
};

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    let Some(pac) = ctx.pac() else {
        return;
    };
    let mut problems: Vec<String> = Vec::new();
    let mut evidence: Vec<Evidence> = Vec::new();
    let mut only_ports = true;
    for r in returned(pac) {
        let found: Vec<String> = match &r.value {
            ReturnedValue::Str { text, analysis } => {
                if analysis.entries.is_empty() {
                    vec![format!("{text:?} is empty (browsers go DIRECT)")]
                } else {
                    analysis
                        .entries
                        .iter()
                        .filter_map(|e| e.problem.as_ref().map(|p| (e, p)))
                        .map(|(e, p)| {
                            if !p.starts_with("missing port") {
                                only_ports = false;
                            }
                            format!("{:?}: {p}", e.raw)
                        })
                        .collect()
                }
            }
            ReturnedValue::NotString(what) => vec![format!("returns {what}, not a string")],
            ReturnedValue::Unknown => Vec::new(),
        };
        if found.is_empty() {
            continue;
        }
        if !matches!(r.value, ReturnedValue::Str { .. })
            || found.iter().any(|f| f.contains("is empty"))
        {
            only_ports = false;
        }
        problems.extend(found);
        evidence.push(ctx.evidence(r.lines.0, r.lines.1));
    }
    if problems.is_empty() {
        return;
    }
    let mut f = finding(
        &RULE,
        format!("Malformed PAC answer: {}", list_some(&problems, 3)),
        "Browsers skip malformed entries without an error; when nothing usable is left they \
         go DIRECT, so a typo can send traffic around the proxy silently.",
        evidence,
        vec![Action::text(
            "Write entries as `PROXY host:port`, `HTTPS host:port`, `SOCKS5 host:port` or \
             `DIRECT`, separated by `;`; put IPv6 literals in brackets: `PROXY [2001:db8::1]:8080`.",
        )],
    );
    if only_ports {
        f.severity = Severity::Warning;
    }
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::lint::testutil::run;
    use netdiag_core::Severity;

    const ID: &str = "PacMalformedReturn";

    #[test]
    fn fires_on_bad_keyword_and_brackets() {
        let f = run(
            ID,
            "function FindProxyForURL(url, host) {\n\
               if (isPlainHostName(host)) return \"DIRECTT\";\n\
               if (host == \"v6\") return \"PROXY 2001:db8::1:8080\";\n\
               return \"PROXY p.example:8080; DIRECT\";\n}",
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Error);
        assert!(f[0].summary.contains("unknown keyword"), "{}", f[0].summary);
        let lines: Vec<u32> = f[0].evidence.iter().map(|e| e.lines.start).collect();
        assert_eq!(lines, vec![2, 3]);
    }

    #[test]
    fn missing_port_is_a_warning_and_folded_values_count() {
        let f = run(
            ID,
            "var proxy = \"PROXY \" + \"p.example\";\n\
             function FindProxyForURL(url, host) { return proxy; }",
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Warning);
        assert_eq!(f[0].evidence[0].lines.start, 2);
    }

    #[test]
    fn fires_on_non_string_return() {
        let f = run(
            ID,
            "function FindProxyForURL(url, host) { if (host) return; return \"DIRECT\"; }",
        );
        assert_eq!(f.len(), 1);
        assert!(f[0].summary.contains("undefined"));
    }

    #[test]
    fn quiet_on_good_answers_and_macros() {
        let f = run(
            ID,
            "function FindProxyForURL(url, host) {\n\
               if (isPlainHostName(host)) return \"DIRECT\";\n\
               if (host == \"v6\") return \"PROXY [2001:db8::1]:8080; SOCKS5 s.example:1080\";\n\
               if (host == \"c\") return computed(host);\n\
               return \"PROXY ${GATEWAY}:${ZS_CUSTOM_PORT}; PROXY ${SECONDARY_GATEWAY}:80; DIRECT\";\n}\n\
             function helper() { return \"not an answer\"; }",
        );
        assert!(f.is_empty(), "{f:?}");
    }
}
