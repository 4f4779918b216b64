//! `azure.ike_errors`: `IKEErrors.txt` from an Azure Network Watcher VPN troubleshoot run (older
//! gateway versions; newer ones write `IKELogs.txt`). Each error is a summary line and an
//! indented `based on log :` line that often carries a Windows IKEEXT error code.
//!
//! ```text
//! Error: Authentication failed. Check shared key. Check crypto. Check lifetimes.
//!      based on log : Peer failed with Windows error 13801(ERROR_IPSEC_IKE_AUTH_FAIL)
//! Error: On-premises device rejected Quick Mode settings. Check values.
//!      based on log : Peer sent NO_PROPOSAL_CHOSEN notify
//! ```
//!
//! Codes are resolved against the Windows error table (`windows_ike_errors`).

use serde::{Deserialize, Serialize};

use super::super::common::spans;
use super::super::fields::is_prompt_line;
use super::super::ike_problems::IkeProblem;
use super::super::{Confidence, Line, ParseError, ParseResult, Parsed};
use super::windows_ike_errors::{self, WindowsError};
use crate::LineSpan;

/// One error of `IKEErrors.txt`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IkeError {
    /// The summary after `Error:`.
    pub message: String,
    /// The `based on log :` evidence.
    pub based_on: Option<String>,
    /// The Windows error code in the evidence, resolved.
    pub windows_error: Option<WindowsError>,
    /// An IKE notify named in the evidence (`NO_PROPOSAL_CHOSEN`).
    pub notify: Option<String>,
    /// What the error means for a rule.
    pub problem: Option<IkeProblem>,
    /// The lines.
    pub lines: LineSpan,
}

/// Cheap check: `Error:` summaries followed by `based on log :`.
pub fn detect(lines: &[Line<'_>]) -> Option<Confidence> {
    let based = lines
        .iter()
        .any(|l| l.text.trim_start().starts_with("based on log"));
    let error = lines.iter().any(|l| l.text.starts_with("Error: "));
    match (based, error) {
        (true, true) => Some(0.95),
        (true, false) => Some(0.8),
        _ => None,
    }
}

/// Parses `IKEErrors.txt`.
pub fn parse(lines: &[Line<'_>]) -> ParseResult<Vec<IkeError>> {
    let first = lines
        .iter()
        .find(|l| !l.text.trim().is_empty())
        .ok_or(ParseError::Empty)?;
    let mut errors: Vec<IkeError> = Vec::new();
    let mut skipped = Vec::new();
    for line in lines {
        let t = line.text.trim();
        if t.is_empty() || is_prompt_line(line.text) {
            continue;
        }
        if let Some(msg) = t.strip_prefix("Error:") {
            errors.push(IkeError {
                message: msg.trim().to_owned(),
                based_on: None,
                windows_error: None,
                notify: None,
                problem: None,
                lines: LineSpan::line(line.no),
            });
            continue;
        }
        if let Some(rest) = t.strip_prefix("based on log") {
            let evidence = rest.trim_start().trim_start_matches(':').trim();
            match errors.last_mut() {
                Some(e) if e.based_on.is_none() => {
                    e.based_on = Some(evidence.to_owned());
                    e.windows_error = windows_ike_errors::find_in(evidence);
                    e.notify = notify_in(evidence);
                    e.lines.end = line.no;
                }
                _ => skipped.push(line.no),
            }
            continue;
        }
        skipped.push(line.no);
    }
    if errors.is_empty() {
        return Err(ParseError::Syntax {
            line: first.no,
            message: "expected `Error: ...` lines with `based on log : ...`".into(),
        });
    }
    for e in &mut errors {
        e.problem = e
            .windows_error
            .as_ref()
            .and_then(WindowsError::problem)
            .or_else(|| e.notify.as_deref().and_then(IkeProblem::find_in))
            .or_else(|| IkeProblem::find_in(&e.message));
    }
    // A `Windows err...` cut before its code is the end of a cut paste.
    let truncated = errors.last().is_some_and(|e| {
        e.based_on
            .as_deref()
            .is_some_and(|b| b.contains("Windows") && e.windows_error.is_none())
    });
    let mut p = Parsed::new(errors);
    p.truncated = truncated;
    p.skipped = spans(skipped);
    Ok(p)
}

/// `Peer sent NO_PROPOSAL_CHOSEN notify` → `NO_PROPOSAL_CHOSEN`.
fn notify_in(text: &str) -> Option<String> {
    text.split_whitespace()
        .find(|w| {
            w.len() > 3 && w.contains('_') && w.chars().all(|c| c.is_ascii_uppercase() || c == '_')
        })
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<Line<'_>> {
        text.lines()
            .zip(1u32..)
            .map(|(text, no)| Line { no, text })
            .collect()
    }

    #[test]
    fn codes_and_notifies() {
        let t = "Error: Authentication failed. Check shared key. \n\t based on log : Peer failed with Windows error 13801(ERROR_IPSEC_IKE_AUTH_FAIL)\n\
                 Error: On-premises device rejected Quick Mode settings. Check values. \n\t based on log : Peer sent NO_PROPOSAL_CHOSEN notify\n";
        let l = lines(t);
        assert_eq!(detect(&l), Some(0.95));
        let p = parse(&l).unwrap();
        let e = &p.records;
        assert_eq!(e[0].windows_error.as_ref().map(|w| w.code), Some(13801));
        assert_eq!(e[0].problem, Some(IkeProblem::AuthenticationFailed));
        assert_eq!(e[0].lines, LineSpan::new(1, 2));
        assert_eq!(e[1].notify.as_deref(), Some("NO_PROPOSAL_CHOSEN"));
        assert_eq!(e[1].problem, Some(IkeProblem::NoProposalChosen));
        assert!(!p.truncated);
    }

    #[test]
    fn garbage() {
        assert!(parse(&lines("based on nothing\n\t more nothing")).is_err());
    }
}
