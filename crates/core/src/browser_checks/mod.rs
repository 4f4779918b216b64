//! The page's browser checks, everything but the fetching itself: the check plan (targets,
//! what is tried and why), the summary of a target's samples into the evidence DTO
//! ([`crate::checks::CheckResult`]), the latency budget, DNS-over-HTTPS answers, the commands
//! for what a browser cannot test, and the Markdown export.
//!
//! ```
//! use netdiag_core::browser_checks::{PlanInput, check_plan};
//!
//! let plan = check_plan(&PlanInput { cloud: "zscaler.net".into(), ..PlanInput::default() });
//! assert_eq!(plan.targets[0].url, "https://pac.zscaler.net/");
//! assert!(plan.targets.iter().any(|t| t.url == "http://gateway.zscaler.net/vpntest"));
//! ```

pub mod doh;
pub mod latency;
pub mod manual;
pub mod markdown;
pub mod plan;
#[cfg(test)]
mod plan_tests;
pub mod summary;
pub mod target_url;

pub use doh::{DohAnswer, DohRecord, doh_answer};
pub use latency::{BudgetInput, BudgetVerdict, LatencyBudget, Region, latency_budget};
pub use manual::{ManualCheck, Platform, PlatformCommands};
pub use markdown::{ChecksExport, checks_markdown};
pub use plan::{CheckPlan, PlanInput, PlanProblem, PlanTarget, check_plan};
pub use summary::{MeasuredSample, PhaseSample, SampleSet, SummaryError, summarize_check};
