//! `PacTimeDependent`: answers depend on the date or time (`weekdayRange`, `dateRange`,
//! `timeRange`).
//!
//! **What it checks.** Any call of the three time helpers.
//!
//! **Why it matters.** The same URL gets different answers by hour, day and the client's
//! time zone (the helpers use local time unless given "GMT"), so a ticket cannot be
//! reproduced without the user's clock. Not a fault: worth knowing while troubleshooting.
//!
//! **How to fix.** Nothing to fix if intended. When testing, set the environment's time and
//! time zone to the user's (`--now`, `--tz`).

use netdiag_core::{Action, Finding, Severity};

use super::{LintContext, Rule, finding};
use crate::lint::calls_named;

/// The rule.
pub(crate) const RULE: Rule = Rule {
    id: "PacTimeDependent",
    title: "Time-based rules",
    severity: Severity::Info,
    check,
};

const HELPERS: &[&str] = &["weekdayRange", "dateRange", "timeRange"];

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    let (names, evidence) = calls_named(ctx, HELPERS);
    if names.is_empty() {
        return;
    }
    out.push(finding(
        &RULE,
        format!("Answers depend on the date or time ({})", names.join(", ")),
        "The same URL can get a different answer by hour, weekday or date, and by the \
         client's time zone (local time unless \"GMT\" is given). Reproduce a ticket with the \
         user's clock and time zone.",
        evidence,
        vec![Action::text(
            "Evaluate with the user's time and zone (CLI --now and --tz, or the page's clock fields).",
        )],
    ));
}

#[cfg(test)]
mod tests {
    use crate::lint::testutil::run;

    const ID: &str = "PacTimeDependent";

    #[test]
    fn fires_on_time_helpers() {
        let f = run(
            ID,
            "function FindProxyForURL(url, host) {\n\
               if (weekdayRange(\"MON\", \"FRI\") && timeRange(8, 18)) return \"PROXY p:80\";\n\
               return \"DIRECT\";\n}",
        );
        assert_eq!(f.len(), 1);
        assert!(
            f[0].summary.contains("weekdayRange, timeRange"),
            "{}",
            f[0].summary
        );
        assert_eq!(f[0].evidence[0].lines.start, 2);
    }

    #[test]
    fn quiet_without_them() {
        assert!(
            run(
                ID,
                "function FindProxyForURL(url, host) { var timeRange = 1; return \"DIRECT\"; }"
            )
            .is_empty()
        );
    }
}
