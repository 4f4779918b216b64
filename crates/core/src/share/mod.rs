//! Sharing: the page's whole state as a versioned struct, links that carry it in the URL
//! fragment, redaction of secrets (and optional IP anonymisation) before sharing, and the
//! Markdown/JSON exports for tickets.
//!
//! ```
//! use netdiag_core::share::{AppState, decode_link, encode_link, redact_state, RedactOptions};
//!
//! let mut state = AppState::default();
//! state.outputs.pastes.push(netdiag_core::share::Paste {
//!     name: "R1".into(),
//!     text: "crypto isakmp key Sup3rS3cret address 192.0.2.1".into(),
//! });
//! let shared = redact_state(&state, &RedactOptions::default()).unwrap();
//! assert_eq!(shared.items.len(), 1);
//! let link = encode_link(&shared.state).unwrap();
//! assert!(link.starts_with("#v1="));
//! let opened = decode_link(&link).unwrap();
//! assert_eq!(
//!     opened.outputs.pastes[0].text,
//!     "crypto isakmp key <redacted:psk> address 192.0.2.1"
//! );
//! ```

pub mod anonymize;
pub mod export_md;
mod ip_scan;
pub mod link;
pub mod redact;
mod secret_rules;
mod secret_text;
pub mod secrets;
pub mod state;

#[cfg(test)]
mod export_md_tests;
#[cfg(test)]
mod link_tests;
#[cfg(test)]
mod redact_tests;
#[cfg(test)]
mod test_gen;

pub use anonymize::{Anonymizer, IpMapping};
pub use export_md::{ExportInputs, PasteSummary, export_markdown};
pub use link::{
    LinkInfo, ShareError, decode_link, encode_link, link_info, state_from_json, state_to_json,
};
pub use redact::{
    RedactOptions, Redacted, RedactedText, RedactionItem, redact_state, redact_text,
    redact_text_with,
};
pub use secrets::SecretKind;
pub use state::{AppState, Paste, STATE_VERSION};
