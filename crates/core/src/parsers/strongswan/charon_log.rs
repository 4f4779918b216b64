//! `strongswan.charon_log`: strongSwan charon daemon log lines, as written to syslog
//! (`charon:`), the journal (`charon-systemd[pid]:`) or a `filelog` (`14[IKE] <conn|4> ...`),
//! strongSwan 5.x–6.0.
//!
//! ```text
//! Nov 22 10:15:06 gw charon: 05[IKE] initiating IKE_SA net-net[1] to 198.51.100.1
//! Nov 22 10:15:06 gw charon: 06[ENC] parsed IKE_SA_INIT response 0 [ N(NO_PROP) ]
//! Nov 22 10:15:06 gw charon: 06[IKE] received NO_PROPOSAL_CHOSEN notify error
//! ```
//!
//! Each line keeps its timestamp, thread and subsystem; the event class (phrase table),
//! connection name and ID, notifies of payload lists and the IKE problem are derived.

use serde::{Deserialize, Serialize};

use super::super::common::spans;
use super::super::fields::{classify_enum, is_prompt_line, split_timestamp, uint};
use super::super::ike_problems::{IkeProblem, is_status_notify, notifies_in, notify_problem};
use super::super::{Confidence, Line, ParseError, ParseResult, Parsed};
use crate::LineSpan;

classify_enum! {
    /// What a charon line reports (matched by phrase, first match wins).
    pub enum CharonEvent {
        /// `IKE_SA x[n] established between ...`.
        IkeSaEstablished = ["established between"],
        /// `CHILD_SA x{n} established with SPIs ...`.
        ChildSaEstablished = ["established with SPIs"],
        /// `initiating IKE_SA` / `initiating Main Mode`.
        Initiating = ["initiating IKE_SA", "initiating Main Mode", "initiating Aggressive Mode", "initiating Quick Mode"],
        /// An error notify received (`received X notify error`).
        NotifyError = ["notify error"],
        /// No config matched.
        NoConfig = ["no matching peer config", "no IKE config found", "no matching CHILD_SA config"],
        /// A failure (authentication, missing key or trust, installation).
        Failed = ["failed", "no shared key found", "no trusted", "unable to"],
        /// Proposal lists (`received proposals:`, `configured proposals:`).
        Proposals = ["received proposals", "configured proposals", "selected proposal"],
        /// Retransmission.
        Retransmit = ["retransmit"],
        /// Negotiation abandoned.
        GivingUp = ["giving up after"],
        /// Dead peer detection.
        Dpd = ["DPD"],
        /// SA deleted or closed.
        Deleted = ["deleting IKE_SA", "deleting CHILD_SA", "closing CHILD_SA", "received DELETE", "IKE_SA deleted", "closing expired"],
        /// Rekey.
        Rekey = ["rekeying", "rekeyed"],
        /// A packet sent.
        PacketSent = ["sending packet"],
        /// A packet received.
        PacketReceived = ["received packet"],
        /// A message built.
        Generating = ["generating "],
        /// A message parsed.
        Parsed = ["parsed "],
    }
}

/// One charon log line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CharonLogEntry {
    /// Timestamp as printed.
    pub timestamp: Option<String>,
    /// Host name of a syslog line.
    pub host: Option<String>,
    /// Thread number.
    pub thread: Option<u32>,
    /// Subsystem (`IKE`, `CFG`, `NET`, `ENC`, `KNL`, `CHD`...).
    pub subsystem: Option<String>,
    /// Connection name (`<name|n>` prefix or `IKE_SA name[n]`).
    pub connection: Option<String>,
    /// IKE SA unique ID.
    pub ike_sa_id: Option<u32>,
    /// The message.
    pub message: String,
    /// Event class.
    pub event: Option<CharonEvent>,
    /// Notifies in a payload list (`[ N(NO_PROP) ]`) or named in a `notify error`.
    pub notifies: Vec<String>,
    /// Problem class for failures and error notifies.
    pub problem: Option<IkeProblem>,
    /// The line.
    pub lines: LineSpan,
}

/// Cheap check: `NN[SUB]` thread tags after a `charon` program name or at the start.
pub fn detect(lines: &[Line<'_>]) -> Option<Confidence> {
    lines.iter().any(|l| head(l.text).is_some()).then_some(0.9)
}

/// The prefix of a charon line: timestamp, host, thread, subsystem, and the rest.
type Head<'a> = (Option<&'a str>, Option<&'a str>, u32, &'a str, &'a str);

/// The cheap part of a line: timestamp, program and `NN[SUB]` thread tag; returns the rest.
fn head(text: &str) -> Option<Head<'_>> {
    let (ts, rest) = split_timestamp(text);
    let rest = rest.trim();
    let mut host = None;
    let mut body = rest;
    let mut words = rest.splitn(3, ' ');
    let w1 = words.next().unwrap_or("");
    let w2 = words.next().unwrap_or("");
    if is_program(w1) {
        body = rest.get(w1.len()..).unwrap_or("").trim_start();
    } else if is_program(w2) {
        host = Some(w1);
        body = words.next().unwrap_or("").trim_start();
    }
    let (thread, subsystem, body) = thread_tag(body)?;
    Some((ts, host, thread, subsystem, body))
}

/// Parses charon log lines.
pub fn parse(lines: &[Line<'_>]) -> ParseResult<Vec<CharonLogEntry>> {
    let first = lines
        .iter()
        .find(|l| !l.text.trim().is_empty())
        .ok_or(ParseError::Empty)?;
    let mut out: Vec<CharonLogEntry> = Vec::new();
    let mut skipped = Vec::new();
    for line in lines {
        if line.text.trim().is_empty() || is_prompt_line(line.text) {
            continue;
        }
        match entry(line.text, line.no) {
            Some(e) => out.push(e),
            None => skipped.push(line.no),
        }
    }
    if out.is_empty() {
        return Err(ParseError::Syntax {
            line: first.no,
            message: "expected charon log lines such as `... charon: 05[IKE] ...`".into(),
        });
    }
    // A payload list left open (or missing) at the end is a cut line.
    let truncated = out.last().is_some_and(|e| {
        let builds = matches!(e.event, Some(CharonEvent::Generating | CharonEvent::Parsed));
        (e.message.contains(" [ ") || builds) && !e.message.ends_with(']')
    }) || skipped
        .last()
        .is_some_and(|n| Some(*n) == lines.last().map(|l| l.no));
    let mut p = Parsed::new(out);
    p.truncated = truncated;
    p.skipped = spans(skipped);
    Ok(p)
}

fn entry(text: &str, no: u32) -> Option<CharonLogEntry> {
    // `host charon: ...`, `host charon-systemd[812]: ...`, `charon: ...` or nothing.
    let (ts, host, thread, subsystem, body) = head(text)?;
    let host = host.map(str::to_owned);
    let (connection, ike_sa_id, message) = match body.strip_prefix('<') {
        Some(r) => {
            let (ctx, m) = r.split_once('>')?;
            let (name, id) = ctx.split_once('|').unwrap_or((ctx, ""));
            (Some(name.to_owned()), uint(id), m.trim())
        }
        None => (None, None, body),
    };
    let mut e = CharonLogEntry {
        timestamp: ts.map(str::to_owned),
        host,
        thread: Some(thread),
        subsystem: Some(subsystem.to_owned()),
        connection,
        ike_sa_id,
        message: message.to_owned(),
        event: CharonEvent::find_in(message),
        notifies: notifies_in(message),
        problem: None,
        lines: LineSpan::line(no),
    };
    if e.connection.is_none()
        && let Some((name, id)) = sa_name(message)
    {
        e.connection = Some(name);
        e.ike_sa_id = e.ike_sa_id.or(id);
    }
    if let Some(n) = message
        .strip_prefix("received ")
        .and_then(|r| r.strip_suffix(" notify error"))
    {
        e.notifies.push(n.to_owned());
    }
    let notify_problem = e.notifies.iter().find_map(|n| notify_problem(n));
    let error_line = matches!(
        e.event,
        Some(
            CharonEvent::NotifyError
                | CharonEvent::Failed
                | CharonEvent::NoConfig
                | CharonEvent::GivingUp
        )
    ) || e.notifies.iter().any(|n| !is_status_notify(n));
    if error_line {
        e.problem = notify_problem.or_else(|| IkeProblem::find_in(message));
    }
    Some(e)
}

fn is_program(w: &str) -> bool {
    let name = w.trim_end_matches(':');
    let name = name.split('[').next().unwrap_or(name);
    w.ends_with(':')
        && (name == "charon" || name == "charon-systemd" || name == "ipsec" || name == "charon-cmd")
}

/// `05[IKE] rest` → (5, "IKE", rest).
fn thread_tag(body: &str) -> Option<(u32, &str, &str)> {
    let open = body.find('[')?;
    let thread: u32 = body.get(..open)?.trim().parse().ok()?;
    let after = body.get(open + 1..)?;
    let (sub, rest) = after.split_once(']')?;
    if sub.len() < 2 || sub.len() > 4 || !sub.chars().all(|c| c.is_ascii_uppercase()) {
        return None;
    }
    Some((thread, sub, rest.trim_start()))
}

/// `IKE_SA net-net[1]` / `CHILD_SA net-net{1}` → connection name and IKE SA id.
fn sa_name(m: &str) -> Option<(String, Option<u32>)> {
    let pos = m
        .find("IKE_SA ")
        .map(|p| p + 7)
        .or_else(|| m.find("CHILD_SA ").map(|p| p + 9))?;
    let word = m.get(pos..)?.split_whitespace().next()?;
    let (name, id) = match word.split_once('[') {
        Some((n, r)) => (n, uint(r.trim_end_matches(']'))),
        None => (word.split('{').next().unwrap_or(word), None),
    };
    (!name.is_empty() && name != "to").then(|| (name.to_owned(), id))
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
    fn syslog_lines() {
        let t = "Nov 22 10:15:06 gw charon: 05[IKE] initiating IKE_SA net-net[1] to 198.51.100.1\n\
                 Nov 22 10:15:06 gw charon: 06[ENC] parsed IKE_SA_INIT response 0 [ N(NO_PROP) ]\n\
                 Nov 22 10:15:06 gw charon-systemd[812]: 06[IKE] received NO_PROPOSAL_CHOSEN notify error\n\
                 2024-11-22T12:00:00+00:00 gw charon[1]: 14[IKE] <v6|4> IKE_SA v6[4] established between a[x]...b[y]\n";
        let l = lines(t);
        assert_eq!(detect(&l), Some(0.9));
        let p = parse(&l).unwrap();
        let e = &p.records;
        assert_eq!(e[0].host.as_deref(), Some("gw"));
        assert_eq!(e[0].event, Some(CharonEvent::Initiating));
        assert_eq!(e[0].connection.as_deref(), Some("net-net"));
        assert_eq!(e[0].ike_sa_id, Some(1));
        assert_eq!(e[1].notifies, vec!["NO_PROP"]);
        assert_eq!(e[1].problem, Some(IkeProblem::NoProposalChosen));
        assert_eq!(e[2].problem, Some(IkeProblem::NoProposalChosen));
        assert_eq!(e[3].event, Some(CharonEvent::IkeSaEstablished));
        assert_eq!(e[3].connection.as_deref(), Some("v6"));
        assert_eq!(e[3].problem, None);
        assert!(!p.truncated);
    }

    #[test]
    fn other_daemons_are_not_charon() {
        let l = lines(
            "Nov 22 10:15:06 gw kernel: eth0 link up\nNov 22 10:15:07 gw sshd[1]: Accepted publickey",
        );
        assert_eq!(detect(&l), None);
        assert!(parse(&l).is_err());
    }
}
