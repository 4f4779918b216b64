//! `PacNoEntryPoint`: `FindProxyForURL` is missing or misspelt.
//!
//! **What it checks.** That the PAC defines a function named exactly `FindProxyForURL`
//! (a declaration, or a function assigned to that name). Names that differ only in case or
//! by a typo (`FindProxyForUrl`, `findProxyForURL`, `FindProxyForURl`) are pointed out.
//!
//! **Why it matters.** Browsers look the entry point up by its exact, case-sensitive name.
//! Without it the PAC is ignored: clients fall back to DIRECT or fail. `FindProxyForURLEx`
//! alone only serves Windows (WinHTTP); Chromium and Firefox never call it.
//!
//! **How to fix.** Name the function `FindProxyForURL(url, host)`. Keep
//! `FindProxyForURLEx` only in addition to it.

use netdiag_core::{Action, Finding, Severity};

use super::ast::FnDef;
use super::{LintContext, Rule, finding};

/// The rule.
pub(crate) const RULE: Rule = Rule {
    id: "PacNoEntryPoint",
    title: "FindProxyForURL missing or misspelt",
    severity: Severity::Error,
    check,
};

const NAME: &str = "FindProxyForURL";

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    let Some(pac) = ctx.pac() else {
        return;
    };
    let fns = pac.functions();
    if fns.iter().any(|f| f.name == NAME) {
        return;
    }
    let near: Vec<&FnDef<'_>> = fns.iter().filter(|f| is_near_miss(&f.name)).collect();
    let evidence = near.iter().map(|f| ctx.evidence(f.line, f.line)).collect();
    let (summary, detail) = if let Some(f) = near.iter().find(|f| f.name != "FindProxyForURLEx") {
        (
            format!(
                "FindProxyForURL is not defined; `{}` (line {}) looks like a misspelling",
                f.name, f.line
            ),
            "Browsers call the function named exactly FindProxyForURL (the name is \
             case-sensitive). With a different name the PAC is ignored.",
        )
    } else if near.iter().any(|f| f.name == "FindProxyForURLEx") {
        (
            "Only FindProxyForURLEx is defined: Chromium and Firefox need FindProxyForURL"
                .to_string(),
            "FindProxyForURLEx is Microsoft's IPv6-aware extension and is called only by \
             Windows WinHTTP/WinINet clients. Other browsers find no entry point.",
        )
    } else {
        (
            "The PAC defines no FindProxyForURL function".to_string(),
            "Browsers call FindProxyForURL(url, host); without it the PAC is ignored and clients \
             fall back to DIRECT or fail.",
        )
    };
    out.push(finding(
        &RULE,
        summary,
        detail,
        evidence,
        vec![Action::text(
            "Define `function FindProxyForURL(url, host) { ... }` with exactly this name.",
        )],
    ));
}

/// Same letters in another case, or at most two edits away (ignoring case).
fn is_near_miss(name: &str) -> bool {
    if name == NAME {
        return false;
    }
    let a = name.to_ascii_lowercase();
    let b = NAME.to_ascii_lowercase();
    a.starts_with(&b) || edit_distance(&a, &b) <= 2
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev.get(j).copied().unwrap_or(0) + usize::from(ca != *cb);
            let del = prev.get(j + 1).copied().unwrap_or(0) + 1;
            let ins = cur.get(j).copied().unwrap_or(0) + 1;
            cur.push(sub.min(del).min(ins));
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::testutil::run;

    #[test]
    fn fires_on_case_misspelling_with_its_line() {
        let f = run(
            "PacNoEntryPoint",
            "// header\nfunction FindProxyForUrl(url, host) {\n  return \"DIRECT\";\n}",
        );
        assert_eq!(f.len(), 1);
        assert!(f[0].summary.contains("FindProxyForUrl"), "{}", f[0].summary);
        assert_eq!(f[0].evidence[0].lines.start, 2);
    }

    #[test]
    fn fires_on_missing_and_on_ex_only() {
        let f = run(
            "PacNoEntryPoint",
            "function proxy(url, host) { return \"DIRECT\"; }",
        );
        assert_eq!(f.len(), 1);
        assert!(f[0].evidence.is_empty());
        let f = run(
            "PacNoEntryPoint",
            "function FindProxyForURLEx(url, host) { return \"DIRECT\"; }",
        );
        assert!(f[0].summary.contains("Only FindProxyForURLEx"));
    }

    #[test]
    fn quiet_when_defined_or_assigned() {
        assert!(
            run(
                "PacNoEntryPoint",
                "function FindProxyForURL(u, h) { return \"DIRECT\"; }"
            )
            .is_empty()
        );
        assert!(
            run(
                "PacNoEntryPoint",
                "var FindProxyForURL = function (u, h) { return \"DIRECT\"; };"
            )
            .is_empty()
        );
        // A syntax error is PacSyntaxError's business, not this check's.
        assert!(run("PacNoEntryPoint", "function (").is_empty());
    }

    #[test]
    fn near_misses() {
        assert!(is_near_miss("findProxyForURL"));
        assert!(is_near_miss("FindProxyForUrl"));
        assert!(is_near_miss("FindProxyFroURL"));
        assert!(!is_near_miss("isInternal"));
    }
}
