//! netdiag PAC evaluator: runs `FindProxyForURL(url, host)` in boa_engine with every PAC
//! helper implemented natively in Rust, in a deterministic environment (DNS table, client
//! addresses, clock and time zone), and explains each answer: parsed proxy chain, primary and
//! secondary proxy, bypass, the `return` that decided, DNS lookups, alerts and errors.
//!
//! It has no wasm or DOM dependency and never reads the system clock or does real DNS.
//! Problems in the PAC are data in the `PacReport`, never panics.
//!
//! ```
//! use netdiag_core::pac::PacEnv;
//!
//! let pac = r#"function FindProxyForURL(url, host) {
//!     if (isPlainHostName(host) || dnsDomainIs(host, ".corp.example"))
//!         return "DIRECT";
//!     return "PROXY proxy1.example.net:80; PROXY proxy2.example.net:80; DIRECT";
//! }"#;
//! let env = PacEnv { now: Some("2026-01-15T09:30:00Z".into()), ..PacEnv::default() };
//! let urls = vec!["https://www.example.com/".to_string(), "http://intranet/".to_string()];
//! let report = netdiag_pac::evaluate(pac, &urls, &env);
//! assert_eq!(report.results[0].primary.as_deref(), Some("proxy1.example.net:80"));
//! assert_eq!(report.results[0].secondary.as_deref(), Some("proxy2.example.net:80"));
//! assert!(report.results[0].fallback_direct);
//! assert!(report.results[1].bypass);
//! assert_eq!(report.results[1].rule.as_ref().map(|r| r.line), Some(3));
//! ```
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

mod batch;
pub mod diff;
mod engine;
mod env;
mod error;
mod fast;
pub mod helpers;
mod instrument;
pub mod lint;
mod macros;
mod nesting;
mod pac_engine;
mod program;
pub mod result;
mod scan;
mod srcmap;
mod state;
pub mod url;
pub mod urlgen;

pub use batch::{BatchError, EngineCache, evaluate_json};
pub use env::{DEFAULT_MY_IP, parse_tz};
pub use error::PacError;
pub use pac_engine::PacEngine;

use netdiag_core::pac::{PacEnv, PacReport};

/// Resource limits. The defaults suit real PAC files (a 3,000-line block list runs well inside
/// them) and stop hostile ones in well under a second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// boa's loop limit, counted per function call (boa's default is unlimited).
    pub loop_iterations: u64,
    /// boa's recursion limit (nested JavaScript calls).
    pub recursion: usize,
    /// boa's value-stack limit.
    pub stack_size: usize,
    /// Loop iterations plus `return`s for one URL across all calls (catches loops nested
    /// through function calls, which boa's per-call limit multiplies).
    pub iterations_per_url: u64,
    /// Deepest bracket / prefix-operator nesting accepted before parsing.
    pub max_nesting: usize,
    /// `alert` messages kept per URL (the rest are counted).
    pub max_alerts: usize,
    /// DNS lookups recorded per URL (the rest are counted).
    pub max_lookups: usize,
    /// Longest accepted return string, in UTF-16 code units.
    pub max_result_len: usize,
    /// Memory growth allowed while evaluating one URL, in bytes (measured on Linux and wasm).
    pub max_memory_growth: usize,
    /// Wall-clock time for one URL, in milliseconds (native builds only: wasm has no clock;
    /// the page runs the engine in a Worker it can terminate).
    pub max_millis_per_url: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            loop_iterations: 200_000,
            recursion: 256,
            stack_size: 10 * 1024,
            iterations_per_url: 1_000_000,
            max_nesting: 64,
            max_alerts: 100,
            max_lookups: 1000,
            max_result_len: 64 * 1024,
            max_memory_growth: 256 * 1024 * 1024,
            max_millis_per_url: 10_000,
        }
    }
}

/// One test URL, optionally with the host to pass instead of the URL's own.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UrlInput {
    /// The URL.
    pub url: String,
    /// Replaces the host derived from the URL (the CLI's `--host`).
    pub host: Option<String>,
}

impl From<&String> for UrlInput {
    fn from(url: &String) -> Self {
        Self {
            url: url.clone(),
            host: None,
        }
    }
}

/// Evaluate `urls` against the PAC `source` in `env`. Never panics; PAC problems are data in the report.
pub fn evaluate(source: &str, urls: &[String], env: &PacEnv) -> PacReport {
    let inputs: Vec<UrlInput> = urls.iter().map(UrlInput::from).collect();
    evaluate_inputs(source, &inputs, env, Limits::default())
}

/// [`evaluate`] with per-URL host overrides and explicit limits.
pub fn evaluate_inputs(source: &str, urls: &[UrlInput], env: &PacEnv, limits: Limits) -> PacReport {
    match PacEngine::with_limits(source, env, limits) {
        Ok(mut engine) => {
            let results = urls.iter().map(|u| engine.eval_input(u)).collect();
            engine.report(results)
        }
        Err(e) => pac_engine::failed_report(source, env, &e),
    }
}
