//! `paloalto.ikemgr_log`: the PAN-OS IKE daemon log (`less mp-log ikemgr.log`,
//! `tail follow yes mp-log ikemgr.log`), PAN-OS 7.1–11.x.
//!
//! ```text
//! 2024-11-22 10:15:06.123 +0000  [PNTF]: { 1: }: ====> PHASE-1 NEGOTIATION STARTED AS INITIATOR, MAIN MODE <====
//! ====> Initiated SA: 203.0.113.10[500]-198.51.100.1[500] cookie:1f2e3d4c5b6a7980:0000000000000000 <====
//! 2024-11-22 10:15:36.456 +0000  [PERR]: { 1: }: phase1 negotiation failed due to time up 203.0.113.10[500]<=>198.51.100.1[500].
//! 2024-11-22 11:00:00.120 +0000  [PERR]: { 2: }: received notify type NO_PROPOSAL_CHOSEN
//! ```
//!
//! Each entry gets an event class (phase-1/2 or IKEv2 SA/child started, established, failed;
//! notify; DPD) from a phrase table, the role, the endpoints, the gateway or tunnel named, and
//! the IKE problem for failures. Lines without a timestamp (`====> Initiated SA: ...`) continue
//! the entry above them. Older releases print no milliseconds or time zone.

use serde::{Deserialize, Serialize};

use super::super::common::spans;
use super::super::fields::{classify_enum, is_prompt_line, split_host_port, split_timestamp};
use super::super::ike_problems::{IkeProblem, notify_problem};
use super::super::{Confidence, Line, ParseError, ParseResult, Parsed};
use crate::LineSpan;

classify_enum! {
    /// What an ikemgr entry reports (matched by phrase, first match wins).
    pub enum IkemgrEventKind {
        /// IKEv1 phase 1 failed.
        Phase1Failed = ["phase1 negotiation failed", "PHASE-1 NEGOTIATION FAILED"],
        /// IKEv1 phase 2 failed.
        Phase2Failed = ["phase2 negotiation failed", "PHASE-2 NEGOTIATION FAILED"],
        /// IKEv2 IKE SA failed.
        IkeSaFailed = ["IKE SA negotiation is failed", "IKE SA NEGOTIATION FAILED"],
        /// IKEv2 child SA failed.
        ChildSaFailed = ["CHILD SA negotiation is failed", "CHILD SA NEGOTIATION FAILED"],
        /// IKEv1 phase 1 started.
        Phase1Started = ["PHASE-1 NEGOTIATION STARTED"],
        /// IKEv1 phase 1 up.
        Phase1Established = ["PHASE-1 NEGOTIATION SUCCEEDED", "PHASE-1 SA ESTABLISHED"],
        /// IKEv1 phase 2 started.
        Phase2Started = ["PHASE-2 NEGOTIATION STARTED"],
        /// IKEv1 phase 2 up.
        Phase2Established = ["PHASE-2 NEGOTIATION SUCCEEDED", "PHASE-2 SA ESTABLISHED"],
        /// IKEv2 IKE SA started.
        IkeSaStarted = ["IKE SA NEGOTIATION STARTED"],
        /// IKEv2 IKE SA up.
        IkeSaEstablished = ["IKE SA NEGOTIATION SUCCEEDED"],
        /// IKEv2 child SA started.
        ChildSaStarted = ["CHILD SA NEGOTIATION STARTED"],
        /// IKEv2 child SA up.
        ChildSaEstablished = ["CHILD SA NEGOTIATION SUCCEEDED"],
        /// Dead peer detection.
        Dpd = ["DPD"],
        /// A notify received.
        NotifyReceived = ["received notify", "notification message type", "received Notify"],
        /// SA deleted.
        Deleted = ["delete", "DELETE"],
    }
}

/// Which side this firewall played.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IkeRole {
    /// This firewall initiated.
    Initiator,
    /// The peer initiated.
    Responder,
}

/// One ikemgr log entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IkemgrEvent {
    /// Timestamp as printed.
    pub timestamp: Option<String>,
    /// Level (`PNTF`, `PERR`, `INFO`, `DEBUG`, `PROTO_ERR`, `PWRN`).
    pub level: Option<String>,
    /// Gateway ID from `{ gw: sa }`.
    pub gateway_id: Option<String>,
    /// SA index from `{ gw: sa }`.
    pub sa_id: Option<String>,
    /// The message (continuation lines joined).
    pub message: String,
    /// The event class.
    pub event: Option<IkemgrEventKind>,
    /// Role.
    pub role: Option<IkeRole>,
    /// Local endpoint address.
    pub local_address: Option<String>,
    /// Peer endpoint address.
    pub peer_address: Option<String>,
    /// IKE gateway named in the message.
    pub gateway: Option<String>,
    /// Tunnel named in the message.
    pub tunnel: Option<String>,
    /// Notify type named in the message.
    pub notify: Option<String>,
    /// Problem class for failures and error notifies.
    pub problem: Option<IkeProblem>,
    /// The lines.
    pub lines: LineSpan,
}

/// Cheap check: `[PNTF]`/`[PERR]` level tags or `====> PHASE-` banners.
pub fn detect(lines: &[Line<'_>]) -> Option<Confidence> {
    let n = lines
        .iter()
        .filter(|l| {
            let t = l.text;
            t.contains("[PNTF]")
                || t.contains("[PERR]")
                || t.contains("[PROTO_ERR]")
                || t.contains("====> PHASE-")
                || t.contains("====> IKEv2 ")
        })
        .count();
    (n > 0).then_some(0.9)
}

/// Parses ikemgr log lines.
pub fn parse(lines: &[Line<'_>]) -> ParseResult<Vec<IkemgrEvent>> {
    let first = lines
        .iter()
        .find(|l| !l.text.trim().is_empty())
        .ok_or(ParseError::Empty)?;
    let mut out: Vec<IkemgrEvent> = Vec::new();
    let mut skipped = Vec::new();
    for line in lines {
        let t = line.text.trim();
        if t.is_empty() || is_prompt_line(line.text) {
            continue;
        }
        match entry(t, line.no) {
            Some(e) => out.push(e),
            None => match out.last_mut() {
                // `====> Initiated SA: ... <====` continues the entry above.
                Some(prev) if t.starts_with("====>") || line.text.starts_with([' ', '\t']) => {
                    prev.message.push(' ');
                    prev.message.push_str(t);
                    prev.lines.end = line.no;
                    fill(prev);
                }
                _ => skipped.push(line.no),
            },
        }
    }
    if out.is_empty() {
        return Err(ParseError::Syntax {
            line: first.no,
            message: "expected ikemgr log lines such as `2024-11-22 10:15:06 [PNTF]: ...`".into(),
        });
    }
    // A failure line cut mid-word has no event class; a cut banner lacks its closing `<====`.
    let truncated = out.last().is_some_and(|e| {
        e.message.contains("====>") && !e.message.contains("<====")
            || e.level.as_deref() == Some("PERR") && e.event.is_none() && e.problem.is_none()
    });
    let mut p = Parsed::new(out);
    p.truncated = truncated;
    p.skipped = spans(skipped);
    Ok(p)
}

/// `[ts] [LEVEL]: [{ gw: sa }:] message`.
fn entry(t: &str, no: u32) -> Option<IkemgrEvent> {
    let (ts, rest) = split_timestamp(t);
    let rest = rest.trim_start();
    let (level, rest) = match rest.strip_prefix('[') {
        Some(r) => {
            let (lvl, after) = r.split_once(']')?;
            if lvl.is_empty() || !lvl.chars().all(|c| c.is_ascii_uppercase() || c == '_') {
                return None;
            }
            (
                Some(lvl.to_owned()),
                after.trim_start_matches(':').trim_start(),
            )
        }
        None => return None,
    };
    let (gateway_id, sa_id, rest) = match rest.strip_prefix('{') {
        Some(r) => {
            let (ctx, after) = r.split_once('}')?;
            let (gw, sa) = ctx.split_once(':').unwrap_or((ctx, ""));
            let some = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
            (
                some(gw),
                some(sa),
                after.trim_start_matches(':').trim_start(),
            )
        }
        None => (None, None, rest),
    };
    let mut e = IkemgrEvent {
        timestamp: ts.map(str::to_owned),
        level,
        gateway_id,
        sa_id,
        message: rest.to_owned(),
        event: None,
        role: None,
        local_address: None,
        peer_address: None,
        gateway: None,
        tunnel: None,
        notify: None,
        problem: None,
        lines: LineSpan::line(no),
    };
    fill(&mut e);
    Some(e)
}

/// Derives the classified fields from the message.
fn fill(e: &mut IkemgrEvent) {
    let m = e.message.as_str();
    e.event = IkemgrEventKind::find_in(m);
    let upper = m.to_ascii_uppercase();
    e.role = if upper.contains("AS INITIATOR") {
        Some(IkeRole::Initiator)
    } else if upper.contains("AS RESPONDER") {
        Some(IkeRole::Responder)
    } else {
        e.role
    };
    if let Some((l, p)) = endpoints(m) {
        e.local_address = Some(l);
        e.peer_address = Some(p);
    }
    e.gateway = word_after(m, "gateway ").or(e.gateway.take());
    e.tunnel = word_after(m, "tunnel ").or(e.tunnel.take());
    e.notify = notify_name(m);
    let failed = matches!(
        e.event,
        Some(
            IkemgrEventKind::Phase1Failed
                | IkemgrEventKind::Phase2Failed
                | IkemgrEventKind::IkeSaFailed
                | IkemgrEventKind::ChildSaFailed
                | IkemgrEventKind::NotifyReceived
                | IkemgrEventKind::Dpd
        )
    ) || matches!(e.level.as_deref(), Some("PERR" | "PROTO_ERR"));
    if failed {
        e.problem = e
            .notify
            .as_deref()
            .and_then(notify_problem)
            .or_else(|| IkeProblem::find_in(m));
    }
}

/// The word after `key` (`gateway GW-Azure <====` → `GW-Azure`), without trailing punctuation.
fn word_after(m: &str, key: &str) -> Option<String> {
    let pos = m.find(key)?;
    let w = m.get(pos + key.len()..)?.split_whitespace().next()?;
    let w = w.trim_end_matches([',', '.', ';']);
    (!w.is_empty() && w != "<====").then(|| w.to_owned())
}

/// `received notify type X` / `notification message type X`.
fn notify_name(m: &str) -> Option<String> {
    ["notify type ", "message type ", "Notify type "]
        .iter()
        .find_map(|k| word_after(m, k))
        .filter(|n| {
            n.chars()
                .all(|c| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit())
        })
}

/// `A[500]-B[500]` or `A[500]<=>B[500]` → (A, B).
fn endpoints(m: &str) -> Option<(String, String)> {
    for w in m.split_whitespace() {
        let w = w.trim_end_matches(['.', ',']);
        let (a, b) = match w.split_once("<=>") {
            Some(pair) => pair,
            None => match w.split_once("]-") {
                Some((a, b)) => (a, b),
                None => continue,
            },
        };
        let a = a.trim_end_matches(']');
        // Keep `addr[port]`, drop what follows (`:0x7f01ac8`).
        let b = b.find(']').and_then(|i| b.get(..=i)).unwrap_or(b);
        let a = format!("{a}]");
        let la = split_host_port(&a).0.to_owned();
        let pa = split_host_port(b).0.to_owned();
        if la.chars().any(|c| c.is_ascii_digit()) && pa.chars().any(|c| c.is_ascii_digit()) {
            return Some((la, pa));
        }
    }
    None
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
    fn phase1_timeout_with_continuation() {
        let t = "2024-11-22 10:15:06.123 +0000  [PNTF]: { 1: }: ====> PHASE-1 NEGOTIATION STARTED AS INITIATOR, MAIN MODE <====\n\
                 ====> Initiated SA: 203.0.113.10[500]-198.51.100.1[500] cookie:1f2e3d4c5b6a7980:0000000000000000 <====\n\
                 2024-11-22 10:15:36.456 +0000  [PERR]: { 1: }: phase1 negotiation failed due to time up 203.0.113.10[500]<=>198.51.100.1[500]. 1f2e:0000\n";
        let l = lines(t);
        assert_eq!(detect(&l), Some(0.9));
        let p = parse(&l).unwrap();
        let e = &p.records;
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].event, Some(IkemgrEventKind::Phase1Started));
        assert_eq!(e[0].role, Some(IkeRole::Initiator));
        assert_eq!(e[0].peer_address.as_deref(), Some("198.51.100.1"));
        assert_eq!(e[0].lines, LineSpan::new(1, 2));
        assert_eq!(e[1].event, Some(IkemgrEventKind::Phase1Failed));
        assert_eq!(e[1].problem, Some(IkeProblem::Timeout));
        assert_eq!(e[1].local_address.as_deref(), Some("203.0.113.10"));
        assert_eq!(e[1].gateway_id.as_deref(), Some("1"));
        assert!(!p.truncated);
    }

    #[test]
    fn ikev2_notify_and_gateway() {
        let t = "2024-11-22 11:00:00.000 +0000  [PNTF]: { 2: }: ====> IKEv2 IKE SA NEGOTIATION STARTED AS INITIATOR, non-rekey; gateway GW-Azure <====\n\
                 2024-11-22 11:00:00.120 +0000  [PERR]: { 2: }: received notify type NO_PROPOSAL_CHOSEN\n";
        let p = parse(&lines(t)).unwrap();
        assert_eq!(p.records[0].event, Some(IkemgrEventKind::IkeSaStarted));
        assert_eq!(p.records[0].gateway.as_deref(), Some("GW-Azure"));
        assert_eq!(p.records[1].notify.as_deref(), Some("NO_PROPOSAL_CHOSEN"));
        assert_eq!(p.records[1].problem, Some(IkeProblem::NoProposalChosen));
    }

    #[test]
    fn garbage() {
        assert!(parse(&lines("[PNTF is not a log]\nhello world")).is_err());
    }
}
