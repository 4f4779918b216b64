//! `azure.scrubbed_wfpdiag`: `Scrubbed-wfpdiag.txt` from an Azure Network Watcher VPN
//! troubleshoot run: the gateway's Windows Filtering Platform / IKEEXT trace (older gateway
//! versions), with addresses scrubbed.
//!
//! ```text
//! [0]0368.03A4::02/02/2017-17:36:01.496 [ikeext] 3038|203.0.113.36|IKE diagnostic event:
//! [0]0368.03A4::02/02/2017-17:36:01.496 [ikeext] 3038|203.0.113.36|Failure type: IKE/Authip Main Mode Failure
//! [0]0368.03A4::02/02/2017-17:36:01.496 [ikeext] 3038|203.0.113.36|  Failure error code:0x000035e9
//! [0]0368.03A4::02/02/2017-17:36:01.496 [ikeext] 3038|203.0.113.36|    IKE authentication credentials are unacceptable
//! [0]0368.03A4::02/02/2017-17:36:01.496 [ikeext] 3038|203.0.113.36|  Failure point: Remote
//! ```
//!
//! The records are the IKE diagnostic (failure) events, assembled from their lines, and the
//! notify lines; the other trace lines are read (not skipped) and only counted.

use serde::{Deserialize, Serialize};

use super::super::common::spans;
use super::super::fields::{contains_ci, is_prompt_line};
use super::super::ike_problems::{IkeProblem, notify_problem};
use super::super::{Confidence, Line, ParseError, ParseResult, Parsed};
use super::windows_ike_errors::{self, WindowsError};
use crate::LineSpan;

/// One IKE diagnostic (failure) event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WfpFailure {
    /// Trace timestamp of the event header.
    pub timestamp: String,
    /// Trace context number (the field before the peer).
    pub context: Option<String>,
    /// Peer address of the trace line.
    pub peer: Option<String>,
    /// `Failure type` (`IKE/Authip Main Mode Failure`, `... Quick Mode Failure`).
    pub failure_type: Option<String>,
    /// `Failure point` (`Local` / `Remote`): which side rejected.
    pub failure_point: Option<String>,
    /// `Failure error code`, resolved.
    pub error: Option<WindowsError>,
    /// The error text printed under the code.
    pub error_text: Option<String>,
    /// `Local address`.
    pub local_address: Option<String>,
    /// `Remote address`.
    pub remote_address: Option<String>,
    /// `IP version`.
    pub ip_version: Option<String>,
    /// Problem class of the error code.
    pub problem: Option<IkeProblem>,
    /// Lines of the event.
    pub lines: LineSpan,
}

/// A notify line of the trace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WfpNotify {
    /// Trace timestamp.
    pub timestamp: String,
    /// Peer address.
    pub peer: Option<String>,
    /// The message.
    pub text: String,
    /// Problem class of the notify.
    pub problem: Option<IkeProblem>,
    /// The line.
    pub lines: LineSpan,
}

/// The useful content of `Scrubbed-wfpdiag.txt`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WfpDiag {
    /// Trace lines read.
    pub trace_lines: u32,
    /// IKE diagnostic failure events.
    pub failures: Vec<WfpFailure>,
    /// Notify lines.
    pub notifies: Vec<WfpNotify>,
    /// The lines.
    pub lines: LineSpan,
}

/// One parsed trace line.
struct TraceLine<'a> {
    timestamp: &'a str,
    context: Option<&'a str>,
    peer: Option<&'a str>,
    message: &'a str,
}

/// Cheap check: ETW trace lines with an `[ikeext]` component.
pub fn detect(lines: &[Line<'_>]) -> Option<Confidence> {
    let n = lines
        .iter()
        .filter(|l| trace_line(l.text).is_some_and(|t| !t.message.is_empty() || t.peer.is_some()))
        .count();
    let ikeext = lines.iter().any(|l| l.text.contains("[ikeext]"));
    match (n, ikeext) {
        (0, _) => None,
        (_, true) => Some(0.95),
        _ => Some(0.6),
    }
}

/// Parses the trace.
pub fn parse(lines: &[Line<'_>]) -> ParseResult<WfpDiag> {
    let first = lines
        .iter()
        .find(|l| !l.text.trim().is_empty())
        .ok_or(ParseError::Empty)?;
    let mut d = WfpDiag {
        trace_lines: 0,
        failures: Vec::new(),
        notifies: Vec::new(),
        lines: LineSpan::line(first.no),
    };
    let mut skipped = Vec::new();
    // The open event and the (context, peer) it belongs to.
    let mut open: Option<(Option<String>, Option<String>)> = None;
    // The line after `Failure error code` is its text.
    let mut want_error_text = false;
    let mut last_bad = false;
    for line in lines {
        let t = line.text.trim();
        if t.is_empty() || is_prompt_line(line.text) {
            continue;
        }
        if t == "..." || t == "…" {
            continue;
        }
        let Some(tl) = trace_line(line.text) else {
            skipped.push(line.no);
            last_bad = true;
            continue;
        };
        // ikeext lines carry `context|peer|`: one without is a line cut short.
        last_bad = tl.context.is_none() && line.text.contains("[ikeext]");
        d.trace_lines += 1;
        d.lines.end = line.no;
        let msg = tl.message.trim();
        let key = (tl.context.map(str::to_owned), tl.peer.map(str::to_owned));
        if msg.starts_with("IKE diagnostic event") {
            d.failures.push(WfpFailure {
                timestamp: tl.timestamp.to_owned(),
                context: key.0.clone(),
                peer: key.1.clone(),
                failure_type: None,
                failure_point: None,
                error: None,
                error_text: None,
                local_address: None,
                remote_address: None,
                ip_version: None,
                problem: None,
                lines: LineSpan::line(line.no),
            });
            open = Some(key);
            want_error_text = false;
            continue;
        }
        if open.as_ref() == Some(&key)
            && let Some(f) = d.failures.last_mut()
        {
            f.lines.end = line.no;
            if want_error_text && !msg.is_empty() {
                f.error_text = Some(msg.to_owned());
                want_error_text = false;
                continue;
            }
            if let Some((k, v)) = msg.split_once(':') {
                let v = v.trim();
                let val = (!v.is_empty()).then(|| v.to_owned());
                match k.trim() {
                    "Failure type" => f.failure_type = val,
                    "Failure point" => f.failure_point = val,
                    "Local address" => f.local_address = val,
                    "Remote address" => f.remote_address = val,
                    "IP version" => f.ip_version = val,
                    "Failure error code" => {
                        f.error = windows_ike_errors::find_in(msg);
                        f.problem = f.error.as_ref().and_then(WindowsError::problem);
                        want_error_text = true;
                    }
                    _ => {}
                }
            }
            continue;
        }
        open = None;
        if contains_ci(msg, "notify") {
            let problem = msg
                .split_whitespace()
                .find_map(notify_problem)
                .or_else(|| IkeProblem::find_in(msg));
            d.notifies.push(WfpNotify {
                timestamp: tl.timestamp.to_owned(),
                peer: tl.peer.map(str::to_owned),
                text: msg.to_owned(),
                problem,
                lines: LineSpan::line(line.no),
            });
        }
    }
    if d.trace_lines == 0 {
        return Err(ParseError::Syntax {
            line: first.no,
            message: "expected WFP trace lines such as `[0]0368.03A4::02/02/2017-17:36:01.496 [ikeext] ...`".into(),
        });
    }
    let mut p = Parsed::new(d);
    p.truncated = last_bad;
    p.skipped = spans(skipped);
    Ok(p)
}

/// `[0]0368.03A4::02/02/2017-17:36:01.496 [ikeext] 3038|203.0.113.36|message`.
fn trace_line(text: &str) -> Option<TraceLine<'_>> {
    let t = text.trim_start();
    let rest = t.strip_prefix('[')?;
    let (cpu, rest) = rest.split_once(']')?;
    if !cpu.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (ids, rest) = rest.split_once("::")?;
    if !ids.contains('.') || !ids.chars().all(|c| c.is_ascii_hexdigit() || c == '.') {
        return None;
    }
    let (timestamp, rest) = rest.split_once(' ')?;
    if !timestamp.contains('/') || !timestamp.contains(':') {
        return None;
    }
    let rest = rest.trim_start();
    let rest = match rest.strip_prefix('[') {
        Some(r) => r.split_once(']').map(|(_, after)| after)?,
        None => rest,
    };
    let rest = rest.strip_prefix(' ').unwrap_or(rest);
    let mut parts = rest.splitn(3, '|');
    let a = parts.next().unwrap_or("");
    match (parts.next(), parts.next()) {
        (Some(peer), Some(msg)) => Some(TraceLine {
            timestamp,
            context: Some(a.trim()).filter(|c| !c.is_empty()),
            peer: Some(peer.trim()).filter(|p| !p.is_empty()),
            message: msg,
        }),
        _ => Some(TraceLine {
            timestamp,
            context: None,
            peer: None,
            message: rest,
        }),
    }
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
    fn failure_event() {
        let p = "[0]0368.03A4::02/02/2017-17:36:01.496 [ikeext] 3038|192.0.2.36|";
        let t = format!(
            "...\n{p}IKE diagnostic event:\n{p}  Local address: 203.0.113.92\n{p}Failure type: IKE/Authip Main Mode Failure\n\
             {p}  Failure error code:0x000035e9\n{p}    IKE authentication credentials are unacceptable\n{p}\n{p}  Failure point: Remote\n..."
        );
        let l = lines(&t);
        assert_eq!(detect(&l), Some(0.95));
        let d = parse(&l).unwrap();
        let f = &d.records.failures[0];
        assert_eq!(f.peer.as_deref(), Some("192.0.2.36"));
        assert_eq!(f.error.as_ref().map(|e| e.code), Some(13801));
        assert_eq!(
            f.error_text.as_deref(),
            Some("IKE authentication credentials are unacceptable")
        );
        assert_eq!(f.failure_point.as_deref(), Some("Remote"));
        assert_eq!(f.local_address.as_deref(), Some("203.0.113.92"));
        assert_eq!(f.problem, Some(IkeProblem::AuthenticationFailed));
        assert_eq!(f.lines, LineSpan::new(2, 8));
        assert!(!d.truncated);
        assert!(d.skipped.is_empty());
    }

    #[test]
    fn garbage_and_cut() {
        assert!(parse(&lines("[0] nothing :: here\n[ikeext] | |")).is_err());
        let p = parse(&lines(
            "[0]0368.03A4::02/02/2017-17:36:01.496 [ikeext] 1|x|a\n[0]0368.03A4::02/02/2017-17:3",
        ))
        .unwrap();
        assert!(p.truncated);
    }
}
