//! netdiag core: the shared data model (the one JSON schema used by the CLI, the wasm exports
//! and the page's `window.netdiag` API), device-output parsers, rules and findings.
//!
//! This crate knows nothing of wasm or the DOM; `netdiag-pac` and `netdiag-wasm` depend on it,
//! never the reverse.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

pub mod browser_checks;
pub mod checks;
pub mod compare;
pub mod diagnose;
pub mod facts;
pub mod finding;
pub mod pac;
pub mod pac_review;
pub mod parsers;
pub mod rules;
pub mod share;
pub mod span;
pub mod triage;

pub use finding::{Action, Evidence, Finding, Severity};
pub use span::LineSpan;
