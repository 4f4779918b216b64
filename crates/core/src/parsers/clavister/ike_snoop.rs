//! `clavister.ike_snoop`: Clavister cOS Stream `ike -snoop -brief` console output (cOS Stream
//! 3.x–4.x): one header per IKE packet, then the exchange with its payload list, plus the error
//! messages the Clavister IPsec troubleshooting chapter lists (`Incorrect pre-shared key`,
//! `Ike_invalid_cookie`, `Payload_Malformed`, `No public key found`, `no proposal chosen`).
//!
//! ```text
//! SNOOP: IKEv2: 2025-11-22 12:30:09 192.0.2.18:500 <- 198.51.100.23:500
//!  IKE_SA_INIT request 0 [ SA KE No N(NATD_S_IP) N(NATD_D_IP) ]
//! SNOOP: IKEv2: 2025-11-22 12:30:09 192.0.2.18:500 -> 198.51.100.23:500
//!  IKE_SA_INIT response 0 [ N(NO_PROPOSAL_CHOSEN) ]
//! ```
//!
//! The address left of the arrow is local, right is remote; `<-` is a packet received.
//! Payload lists wrapped over several lines are joined.

use serde::{Deserialize, Serialize};

use super::super::common::spans;
use super::super::fields::{is_prompt_line, port, split_host_port, uint};
use super::super::ike_problems::{IkeProblem, notifies_in, notify_problem};
use super::super::{Confidence, Line, ParseError, ParseResult, Parsed};
use crate::LineSpan;

/// Packet direction as seen by the firewall.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// `<-`: received from the remote peer.
    Received,
    /// `->`: sent to the remote peer.
    Sent,
}

/// One snooped IKE packet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SnoopMessage {
    /// `2025-11-22 12:30:09`.
    pub timestamp: Option<String>,
    /// `IKEv1` or `IKEv2`.
    pub ike_version: String,
    /// Local address.
    pub local_address: String,
    /// Local port.
    pub local_port: Option<u16>,
    /// Remote address.
    pub remote_address: String,
    /// Remote port.
    pub remote_port: Option<u16>,
    /// Received or sent.
    pub direction: Direction,
    /// Exchange type (`IKE_SA_INIT`, `IKE_AUTH`, `CREATE_CHILD_SA`, `INFORMATIONAL`...).
    pub exchange: Option<String>,
    /// `request` or `response`.
    pub role: Option<String>,
    /// Message ID.
    pub message_id: Option<u32>,
    /// Payload abbreviations in order (`SA`, `KE`, `No`, `IDi`, `AUTH`, `N(...)`...).
    pub payloads: Vec<String>,
    /// Notify names (`NATD_S_IP`, `NO_PROPOSAL_CHOSEN`...).
    pub notifies: Vec<String>,
    /// Problems the error notifies stand for.
    pub problems: Vec<IkeProblem>,
    /// Header and exchange lines.
    pub lines: LineSpan,
}

/// An error message printed between packets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SnoopError {
    /// The message as printed.
    pub text: String,
    /// What it means.
    pub problem: Option<IkeProblem>,
    /// The line.
    pub lines: LineSpan,
}

/// A packet or an error line, in output order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum SnoopRecord {
    /// A snooped packet.
    Message(SnoopMessage),
    /// An error message.
    Error(SnoopError),
}

/// Cheap check: `SNOOP: IKEv1:`/`SNOOP: IKEv2:` headers.
pub fn detect(lines: &[Line<'_>]) -> Option<Confidence> {
    let mut errors = 0usize;
    for l in lines {
        let t = l.text.trim_start();
        if t.starts_with("SNOOP: IKEv") && (t.contains(" <- ") || t.contains(" -> ")) {
            return Some(0.95);
        }
        if ERROR_WORDS.iter().any(|w| t.contains(w)) {
            errors += 1;
        }
    }
    (errors > 0).then_some(0.5)
}

/// The error spellings only cOS prints (used by `detect` for error-only paragraphs).
const ERROR_WORDS: &[&str] = &[
    "Ike_invalid_cookie",
    "Ike_invalid_payload",
    "Payload_Malformed",
    "Incorrect pre-shared key",
    "No public key found",
    "Could not find acceptable proposal",
];

/// Parses snoop output.
pub fn parse(lines: &[Line<'_>]) -> ParseResult<Vec<SnoopRecord>> {
    let first = lines
        .iter()
        .find(|l| !l.text.trim().is_empty())
        .ok_or(ParseError::Empty)?;
    let mut out: Vec<SnoopRecord> = Vec::new();
    let mut skipped = Vec::new();
    // The payload list of the last message is still open (`[` without `]`).
    let mut open = false;
    let mut awaiting_body = false;
    for line in lines {
        let t = line.text.trim();
        if t.is_empty() || is_prompt_line(line.text) {
            continue;
        }
        if let Some(msg) = header(t, line.no) {
            out.push(SnoopRecord::Message(msg));
            open = false;
            awaiting_body = true;
            continue;
        }
        if let Some(SnoopRecord::Message(m)) = out.last_mut() {
            if awaiting_body && let Some(rest) = exchange_line(t, m) {
                awaiting_body = false;
                m.lines.end = line.no;
                open = add_payloads(m, rest);
                continue;
            }
            if open {
                m.lines.end = line.no;
                open = add_payloads(m, t);
                continue;
            }
        }
        if let Some(problem) = IkeProblem::find_in(t) {
            out.push(SnoopRecord::Error(SnoopError {
                text: t.to_owned(),
                problem: Some(problem),
                lines: LineSpan::line(line.no),
            }));
            awaiting_body = false;
            continue;
        }
        skipped.push(line.no);
    }
    if out.is_empty() {
        return Err(ParseError::Syntax {
            line: first.no,
            message: "expected `SNOOP: IKEvN: <time> <local> <-|-> <remote>` headers".into(),
        });
    }
    let truncated = open || awaiting_body;
    let mut p = Parsed::new(out);
    p.truncated = truncated;
    p.skipped = spans(skipped);
    Ok(p)
}

/// `SNOOP: IKEv2: 2025-11-22 12:30:09 192.0.2.18:500 <- 198.51.100.23:500`.
fn header(t: &str, no: u32) -> Option<SnoopMessage> {
    let rest = t.strip_prefix("SNOOP:")?.trim_start();
    let (version, rest) = rest.split_once(':')?;
    if !version.starts_with("IKEv") {
        return None;
    }
    let (direction, arrow) = if rest.contains(" <- ") {
        (Direction::Received, " <- ")
    } else if rest.contains(" -> ") {
        (Direction::Sent, " -> ")
    } else {
        return None;
    };
    let (left, remote) = rest.split_once(arrow)?;
    // `left` is `<date> <time> <local>`: the local endpoint is the last word.
    let (ts, local) = left.trim().rsplit_once(' ').unwrap_or(("", left.trim()));
    let (la, lp) = split_host_port(local);
    let (ra, rp) = split_host_port(remote.trim());
    Some(SnoopMessage {
        timestamp: (!ts.trim().is_empty()).then(|| ts.trim().to_owned()),
        ike_version: version.trim().to_owned(),
        local_address: la.to_owned(),
        local_port: port(lp),
        remote_address: ra.to_owned(),
        remote_port: port(rp),
        direction,
        exchange: None,
        role: None,
        message_id: None,
        payloads: Vec::new(),
        notifies: Vec::new(),
        problems: Vec::new(),
        lines: LineSpan::line(no),
    })
}

/// `IKE_SA_INIT request 0 [ ...`: fills exchange, role and message id; returns the text
/// from `[` on.
fn exchange_line<'a>(t: &'a str, m: &mut SnoopMessage) -> Option<&'a str> {
    let (head, rest) = match t.find('[') {
        Some(i) => (t.get(..i)?, t.get(i..)?),
        None => (t, ""),
    };
    let mut words = head.split_whitespace();
    let exchange = words.next()?;
    if !exchange
        .chars()
        .all(|c| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit())
    {
        return None;
    }
    m.exchange = Some(exchange.to_owned());
    m.role = words.next().map(str::to_owned);
    m.message_id = words.next().and_then(uint);
    Some(rest)
}

/// Adds payloads from a (part of a) `[ ... ]` list; true while the list is still open.
fn add_payloads(m: &mut SnoopMessage, text: &str) -> bool {
    let closed = text.contains(']');
    let inner = text.trim_start_matches('[');
    let inner = inner.split(']').next().unwrap_or(inner);
    // `N (NON_FIRST_FRAG)` with a stray space is the same as `N(NON_FIRST_FRAG)`.
    let inner = inner.replace("N (", "N(");
    for p in inner.split_whitespace() {
        m.payloads.push(p.to_owned());
    }
    for n in notifies_in(&inner) {
        if let Some(problem) = notify_problem(&n)
            && !m.problems.contains(&problem)
        {
            m.problems.push(problem);
        }
        m.notifies.push(n);
    }
    !closed
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
    fn exchange_with_wrapped_payloads() {
        let t = "SNOOP: IKEv2: 2025-11-22 12:30:09 192.0.2.18:500 <- 198.51.100.23:500\n \
                 IKE_AUTH request 1 [ IDi AUTH SA TSi TSr N(INIT_CONTACT)\n   \
                 N(NON_FIRST_FRAG) ]\n\
                 SNOOP: IKEv2: 2025-11-22 12:30:10 192.0.2.18:500 -> 198.51.100.23:500\n \
                 IKE_AUTH response 1 [ N(AUTHENTICATION_FAILED) ]\n\
                 Incorrect pre-shared key\n";
        let l = lines(t);
        assert_eq!(detect(&l), Some(0.95));
        let p = parse(&l).unwrap();
        assert!(!p.truncated);
        let SnoopRecord::Message(m) = &p.records[0] else {
            panic!()
        };
        assert_eq!(m.direction, Direction::Received);
        assert_eq!(m.local_address, "192.0.2.18");
        assert_eq!(m.remote_port, Some(500));
        assert_eq!(m.message_id, Some(1));
        assert_eq!(m.notifies, vec!["INIT_CONTACT", "NON_FIRST_FRAG"]);
        assert_eq!(m.lines, LineSpan::new(1, 3));
        let SnoopRecord::Message(r) = &p.records[1] else {
            panic!()
        };
        assert_eq!(r.problems, vec![IkeProblem::AuthenticationFailed]);
        let SnoopRecord::Error(e) = &p.records[2] else {
            panic!()
        };
        assert_eq!(e.problem, Some(IkeProblem::PresharedKeyMismatch));
    }

    #[test]
    fn garbage_and_truncation() {
        assert!(parse(&lines("SNOOP: nothing\nrandom")).is_err());
        let p = parse(&lines("SNOOP: IKEv2: 2025-11-22 12:30:09 192.0.2.1:500 -> 192.0.2.2:500\n IKE_AUTH request 1 [ IDi")).unwrap();
        assert!(p.truncated);
    }
}
