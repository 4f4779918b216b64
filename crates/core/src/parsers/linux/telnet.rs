//! `linux.telnet`: the result of a TCP reachability test with `telnet HOST PORT` (netkit and
//! inetutils telnet on Linux; the Windows telnet client's failure line is read too, since
//! runbooks ask for "telnet to port 443" on either).
//!
//! ```text
//! $ telnet 198.51.100.10 10938
//! Trying 198.51.100.10...
//! telnet: Unable to connect to remote host: Connection refused
//! ```
//!
//! Each `telnet` invocation (command echo or first `Trying` line) becomes one session with
//! the addresses tried and the outcome. The port is known only from a command echo or the
//! Windows message.

use serde::{Deserialize, Serialize};

use super::super::common::spans;
use super::super::fields::{classify_enum, contains_ci, uint};
use super::super::split;
use super::super::{Confidence, Line, ParseError, ParseResult, Parsed};
use crate::LineSpan;

classify_enum! {
    /// How a connection attempt ended.
    pub enum TelnetOutcome {
        /// TCP connection established.
        Connected = ["Connected"],
        /// RST received: nothing listens or a firewall rejects.
        Refused = ["Connection refused"],
        /// No answer: dropped by a firewall or the host is down.
        TimedOut = ["Connection timed out", "timed out"],
        /// ICMP host unreachable / no route.
        NoRoute = ["No route to host", "Host is unreachable"],
        /// No route to the network (often IPv6 without connectivity).
        NetworkUnreachable = ["Network is unreachable"],
        /// The name did not resolve.
        NameNotResolved = [
            "Name or service not known", "Temporary failure in name resolution",
            "No address associated with hostname", "Unknown host",
        ],
        /// Windows telnet: `Could not open connection to the host ... Connect failed`.
        ConnectFailed = ["Connect failed", "Could not open connection"],
    }
}

/// One address tried.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TelnetAttempt {
    /// The address (`Trying ADDR...`).
    pub address: String,
    /// How it ended, when printed.
    pub outcome: Option<TelnetOutcome>,
    /// The line(s).
    pub lines: LineSpan,
}

/// One telnet invocation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TelnetSession {
    /// Host as typed or as echoed in `Connected to HOST.`.
    pub target: Option<String>,
    /// TCP port, when known.
    pub port: Option<u16>,
    /// Addresses tried, in order.
    pub attempts: Vec<TelnetAttempt>,
    /// Final outcome of the session.
    pub outcome: Option<TelnetOutcome>,
    /// The error text as printed.
    pub message: Option<String>,
    /// The server closed the connection (`Connection closed by foreign host.`).
    pub closed_by_peer: bool,
    /// Lines of the session.
    pub lines: LineSpan,
}

/// Cheap check: `Trying ADDR...`, `telnet:` errors, `Escape character is '^]'` or the
/// Windows `Connecting To` line.
pub fn detect(lines: &[Line<'_>]) -> Option<Confidence> {
    let mut score: Option<Confidence> = None;
    for l in lines {
        let t = l.text.trim();
        let c = if t.starts_with("Escape character is '^]'")
            || t.starts_with("telnet: Unable to connect")
            || t.starts_with("telnet: connect to address")
            || t.starts_with("telnet: could not resolve")
            || (t.starts_with("Connecting To ") && t.contains("Could not open connection"))
        {
            0.9
        } else if t.starts_with("Trying ") && t.ends_with("...") {
            0.7
        } else {
            continue;
        };
        score = Some(score.map_or(c, |s: Confidence| s.max(c)));
    }
    score
}

/// Parses telnet sessions.
pub fn parse(lines: &[Line<'_>]) -> ParseResult<Vec<TelnetSession>> {
    let first = lines
        .iter()
        .find(|l| !l.text.trim().is_empty())
        .ok_or(ParseError::Empty)?;
    let mut sessions: Vec<TelnetSession> = Vec::new();
    let mut skipped = Vec::new();
    for line in lines {
        let text = line.text.trim();
        if text.is_empty() {
            continue;
        }
        if let Some(p) = split::prompt(line.text) {
            if let Some((target, port)) = telnet_command(p.command) {
                let mut s = new_session(line.no);
                s.target = target;
                s.port = port;
                sessions.push(s);
            }
            continue;
        }
        if let Some(addr) = text
            .strip_prefix("Trying ")
            .and_then(|r| r.strip_suffix("..."))
        {
            let need_new = sessions
                .last()
                .is_none_or(|s| s.outcome.is_some() || s.closed_by_peer);
            if need_new {
                sessions.push(new_session(line.no));
            }
            if let Some(s) = sessions.last_mut() {
                s.attempts.push(TelnetAttempt {
                    address: addr.trim().to_owned(),
                    outcome: None,
                    lines: LineSpan::line(line.no),
                });
                s.lines.end = line.no;
            }
            continue;
        }
        let s = match sessions.last_mut() {
            Some(s) => s,
            None => {
                sessions.push(new_session(line.no));
                let Some(s) = sessions.last_mut() else {
                    continue;
                };
                s
            }
        };
        if !read_line(s, text, line.no) {
            skipped.push(line.no);
        }
    }
    // Sessions opened only by a failed first line and nothing else are dropped.
    sessions.retain(|s| {
        s.target.is_some() || !s.attempts.is_empty() || s.outcome.is_some() || s.closed_by_peer
    });
    if sessions
        .iter()
        .all(|s| s.attempts.is_empty() && s.outcome.is_none())
    {
        return Err(ParseError::Syntax {
            line: first.no,
            message: "expected `Trying ADDR...` or a telnet result line".into(),
        });
    }
    let truncated = sessions
        .last()
        .is_some_and(|s| s.outcome.is_none() && !s.attempts.is_empty());
    let mut out = Parsed::new(sessions);
    out.truncated = truncated;
    out.skipped = spans(skipped);
    Ok(out)
}

fn new_session(no: u32) -> TelnetSession {
    TelnetSession {
        target: None,
        port: None,
        attempts: Vec::new(),
        outcome: None,
        message: None,
        closed_by_peer: false,
        lines: LineSpan::line(no),
    }
}

/// `telnet HOST [PORT]` typed at a prompt.
fn telnet_command(cmd: &str) -> Option<(Option<String>, Option<u16>)> {
    let mut words = cmd.split_whitespace();
    if !words.next()?.eq_ignore_ascii_case("telnet") {
        return None;
    }
    let args: Vec<&str> = words.filter(|w| !w.starts_with('-')).collect();
    Some((
        args.first().map(|h| (*h).to_owned()),
        args.get(1).and_then(|p| uint(p)),
    ))
}

/// Reads one result line into the session. False when the line means nothing here.
fn read_line(s: &mut TelnetSession, text: &str, no: u32) -> bool {
    s.lines.end = no;
    if let Some(host) = text.strip_prefix("Connected to ") {
        let host = host.trim_end_matches('.').trim();
        if s.target.is_none() {
            s.target = Some(host.to_owned());
        }
        s.outcome = Some(TelnetOutcome::Connected);
        if let Some(a) = s.attempts.last_mut() {
            a.outcome = Some(TelnetOutcome::Connected);
            a.lines.end = no;
        }
        return true;
    }
    if text.starts_with("Escape character is") || text == "^]" || text.starts_with("telnet>") {
        return true;
    }
    if text.starts_with("Connection closed by foreign host") {
        s.closed_by_peer = true;
        return true;
    }
    if text.starts_with("Connection closed") {
        return true;
    }
    if let Some(rest) = text.strip_prefix("telnet: connect to address ") {
        // `telnet: connect to address 2001:db8::10: Network is unreachable`
        let (addr, reason) = rest.rsplit_once(": ").unwrap_or((rest, ""));
        let outcome = TelnetOutcome::find_in(reason)
            .unwrap_or_else(|| TelnetOutcome::Other(reason.to_owned()));
        match s
            .attempts
            .iter_mut()
            .rev()
            .find(|a| a.address == addr.trim())
        {
            Some(a) => {
                a.outcome = Some(outcome);
                a.lines.end = no;
            }
            None => s.attempts.push(TelnetAttempt {
                address: addr.trim().to_owned(),
                outcome: Some(outcome),
                lines: LineSpan::line(no),
            }),
        }
        return true;
    }
    if let Some(reason) = text.strip_prefix("telnet: Unable to connect to remote host:") {
        let reason = reason.trim();
        let outcome = TelnetOutcome::find_in(reason)
            .unwrap_or_else(|| TelnetOutcome::Other(reason.to_owned()));
        if let Some(a) = s.attempts.last_mut()
            && a.outcome.is_none()
        {
            a.outcome = Some(outcome.clone());
            a.lines.end = no;
        }
        s.outcome = Some(outcome);
        s.message = Some(text.to_owned());
        return true;
    }
    if let Some(rest) = text.strip_prefix("telnet: could not resolve ") {
        let (what, reason) = rest.split_once(": ").unwrap_or((rest, ""));
        let (host, port) = what.rsplit_once('/').unwrap_or((what, ""));
        s.target.get_or_insert_with(|| host.to_owned());
        if s.port.is_none() {
            s.port = uint(port);
        }
        s.outcome = Some(TelnetOutcome::NameNotResolved);
        s.message = Some(reason.to_owned());
        return true;
    }
    if let Some(rest) = text.strip_prefix("Connecting To ") {
        // Windows: `Connecting To ADDR...Could not open connection to the host, on port N: Connect failed`
        let (addr, tail) = rest.split_once("...").unwrap_or((rest, ""));
        s.target.get_or_insert_with(|| addr.trim().to_owned());
        if let Some(p) = tail.split_once("on port ").map(|(_, p)| p) {
            let digits: String = p.chars().take_while(char::is_ascii_digit).collect();
            s.port = s.port.or_else(|| uint(&digits));
        }
        if !tail.is_empty() {
            let outcome = if contains_ci(tail, "Could not open connection") {
                TelnetOutcome::ConnectFailed
            } else {
                TelnetOutcome::Other(tail.to_owned())
            };
            s.attempts.push(TelnetAttempt {
                address: addr.trim().to_owned(),
                outcome: Some(outcome.clone()),
                lines: LineSpan::line(no),
            });
            s.outcome = Some(outcome);
            s.message = Some(tail.trim().to_owned());
        }
        return true;
    }
    false
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
    fn refused_with_command_echo() {
        let l = lines(
            "$ telnet 192.0.2.1 443\nTrying 192.0.2.1...\ntelnet: Unable to connect to remote host: Connection refused\n",
        );
        assert_eq!(detect(&l), Some(0.9));
        let p = parse(&l).unwrap();
        let s = &p.records[0];
        assert_eq!(s.port, Some(443));
        assert_eq!(s.outcome, Some(TelnetOutcome::Refused));
        assert_eq!(s.attempts[0].outcome, Some(TelnetOutcome::Refused));
        assert_eq!(s.lines, LineSpan::new(1, 3));
    }

    #[test]
    fn connected_then_closed() {
        let l = lines(
            "Trying 192.0.2.1...\nConnected to gw.\nEscape character is '^]'.\nConnection closed by foreign host.\n",
        );
        let p = parse(&l).unwrap();
        assert_eq!(p.records[0].outcome, Some(TelnetOutcome::Connected));
        assert!(p.records[0].closed_by_peer);
        assert_eq!(p.records[0].target.as_deref(), Some("gw"));
    }

    #[test]
    fn windows_failure() {
        let l = lines(
            "Connecting To 192.0.2.1...Could not open connection to the host, on port 10938: Connect failed",
        );
        let p = parse(&l).unwrap();
        assert_eq!(p.records[0].port, Some(10938));
        assert_eq!(p.records[0].outcome, Some(TelnetOutcome::ConnectFailed));
    }

    #[test]
    fn garbage_is_error() {
        assert!(parse(&lines("hello")).is_err());
        assert!(parse(&[]).is_err());
    }
}
