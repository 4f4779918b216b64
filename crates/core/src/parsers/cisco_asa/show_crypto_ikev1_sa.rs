//! `show crypto ikev1 sa [detail]` (ASA 8.4+) and `show crypto isakmp sa [detail]` (ASA 8.0–8.3)
//! — Cisco ASA IKEv1 SAs.
//!
//! Two layouts are read: the numbered blocks of `Key : value` pairs (`1   IKE Peer: X`,
//! `Type : L2L   Role : initiator`, `Rekey : no   State : MM_ACTIVE`, plus encryption, hash,
//! auth and lifetimes with `detail`), and the older one-row table under an
//! `IKE Peer Type Dir Rky State Encrypt Hash Auth Lifetime` header.
//!
//! ```text
//! IKEv1 SAs:
//! 1   IKE Peer: 198.51.100.7
//!     Type    : L2L             Role    : initiator
//!     Rekey   : no              State   : MM_ACTIVE
//! ```

use serde::{Deserialize, Serialize};

use crate::LineSpan;
use crate::parsers::common::{self, open_enum};
use crate::parsers::{Confidence, Line, ParseError, ParseResult, Parsed};

open_enum! {
    /// ASA IKEv1 SA state.
    pub enum AsaIkev1State {
        /// Main mode complete: the healthy state.
        MmActive => "MM_ACTIVE",
        /// Aggressive mode complete.
        AmActive => "AM_ACTIVE",
        /// Main mode, waiting for message 2 (no answer from the peer: reachability or proposal).
        MmWaitMsg2 => "MM_WAIT_MSG2",
        /// Main mode, waiting for message 3.
        MmWaitMsg3 => "MM_WAIT_MSG3",
        /// Main mode, waiting for message 4 (often a pre-shared key or NAT-T problem).
        MmWaitMsg4 => "MM_WAIT_MSG4",
        /// Main mode, waiting for message 5 (often a pre-shared key mismatch).
        MmWaitMsg5 => "MM_WAIT_MSG5",
        /// Main mode, waiting for message 6.
        MmWaitMsg6 => "MM_WAIT_MSG6",
        /// Aggressive mode, waiting for message 2.
        AmWaitMsg2 => "AM_WAIT_MSG2",
        /// Aggressive mode, waiting for message 3.
        AmWaitMsg3 => "AM_WAIT_MSG3",
    }
}

/// One ASA IKEv1 SA.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AsaIkev1Sa {
    /// Position in the list.
    pub index: Option<u32>,
    /// Peer address.
    pub peer: Option<String>,
    /// `L2L` or `user` (remote access).
    pub sa_type: Option<String>,
    /// `initiator` / `responder` (table layout: `Init` / `Resp`).
    pub role: Option<String>,
    /// Rekey in progress.
    pub rekey: Option<bool>,
    /// State.
    pub state: Option<AsaIkev1State>,
    /// Encryption (`aes-256`, `3des`).
    pub encryption: Option<String>,
    /// Hash.
    pub hash: Option<String>,
    /// Authentication (`preshared`, `rsa`).
    pub auth: Option<String>,
    /// Lifetime, seconds.
    pub lifetime_secs: Option<u64>,
    /// Remaining lifetime, seconds.
    pub lifetime_remaining_secs: Option<u64>,
    /// Source lines.
    pub lines: LineSpan,
}

/// Cheap check.
pub fn detect(lines: &[Line<'_>]) -> Option<Confidence> {
    lines
        .iter()
        .filter_map(|l| {
            let t = l.text.trim();
            if t.starts_with("IKEv1 SAs:")
                || is_table_header(t)
                || (t.contains("IKE Peer:") && starts_with_number(t))
            {
                Some(0.95)
            } else if t.starts_with("Total IKE SA:")
                || t.starts_with("Active SA:")
                || t.starts_with("Rekey SA:")
            {
                Some(0.8)
            } else if t.starts_with("There are no IKEv1 SAs")
                || t.starts_with("There are no isakmp sas")
            {
                Some(0.9)
            } else if (t.starts_with("Type ") && t.contains("Role"))
                || (t.starts_with("Rekey ") && t.contains("State"))
            {
                Some(0.75)
            } else {
                None
            }
        })
        .reduce(Confidence::max)
}

fn is_table_header(t: &str) -> bool {
    t.starts_with("IKE Peer") && t.contains("Type") && t.contains("State") && t.contains("Rky")
}

fn starts_with_number(t: &str) -> bool {
    t.split_whitespace()
        .next()
        .is_some_and(|w| w.parse::<u32>().is_ok())
}

/// Parses the output.
pub fn parse(lines: &[Line<'_>]) -> ParseResult<Vec<AsaIkev1Sa>> {
    if lines.iter().all(common::is_blank) {
        return Err(ParseError::Empty);
    }
    let mut out: Vec<AsaIkev1Sa> = Vec::new();
    let mut table = false;
    let mut skipped = Vec::new();
    let mut understood = 0usize;
    for line in lines {
        let t = line.text.trim();
        if t.is_empty() {
            continue;
        }
        let no = line.no;
        if t.starts_with("IKEv1 SAs:")
            || t.starts_with("There are no")
            || t.starts_with("Active SA:")
            || t.starts_with("Rekey SA:")
            || t.starts_with("Total IKE SA:")
        {
            understood += 1;
            continue;
        }
        if is_table_header(t) {
            table = true;
            understood += 1;
            continue;
        }
        if table && let Some(sa) = table_row(no, t) {
            out.push(sa);
            understood += 1;
            continue;
        }
        // `1   IKE Peer: 198.51.100.7` opens a block.
        if starts_with_number(t) && t.contains("IKE Peer:") {
            let mut sa = AsaIkev1Sa {
                index: t.split_whitespace().next().and_then(common::parse_num),
                peer: common::word_after(t, "IKE Peer:").map(str::to_owned),
                lines: LineSpan::line(no),
                ..AsaIkev1Sa::default()
            };
            table = false;
            sa.lines = LineSpan::line(no);
            out.push(sa);
            understood += 1;
            continue;
        }
        let pairs = common::aligned_pairs(t);
        let Some(sa) = out.last_mut().filter(|_| !pairs.is_empty()) else {
            skipped.push(no);
            continue;
        };
        let mut any = false;
        for (k, v) in pairs {
            any |= field(sa, k, v);
        }
        if any {
            sa.lines = sa.lines.join(LineSpan::line(no));
            understood += 1;
        } else {
            skipped.push(no);
        }
    }
    if understood == 0 {
        return Err(ParseError::Syntax {
            line: skipped.first().copied().unwrap_or(0),
            message: "no IKEv1 SA line".to_owned(),
        });
    }
    let truncated = out.last().is_some_and(|s| s.state.is_none());
    let mut p = Parsed::new(out);
    p.truncated = truncated;
    p.skipped = common::spans(skipped);
    Ok(p)
}

fn field(sa: &mut AsaIkev1Sa, k: &str, v: &str) -> bool {
    match k {
        "Type" => sa.sa_type = Some(v.to_owned()),
        "Role" => sa.role = Some(v.to_owned()),
        "Rekey" => sa.rekey = Some(v.eq_ignore_ascii_case("yes")),
        "State" => sa.state = Some(AsaIkev1State::parse(v)),
        "Encrypt" => sa.encryption = Some(v.to_owned()),
        "Hash" => sa.hash = Some(v.to_owned()),
        "Auth" => sa.auth = Some(v.to_owned()),
        "Lifetime" => sa.lifetime_secs = common::parse_num(v),
        "Lifetime Remaining" => sa.lifetime_remaining_secs = common::parse_num(v),
        _ => return false,
    }
    true
}

/// `1 209.165.200.225 User  Resp  No   AM_Active  3des    SHA   preshrd 86400`
fn table_row(no: u32, t: &str) -> Option<AsaIkev1Sa> {
    let toks: Vec<&str> = t.split_whitespace().collect();
    let [index, peer, sa_type, dir, rekey, state, rest @ ..] = toks.as_slice() else {
        return None;
    };
    if !common::is_addr(peer) {
        return None;
    }
    let mut it = rest.iter();
    Some(AsaIkev1Sa {
        index: common::parse_num(index),
        peer: Some((*peer).to_owned()),
        sa_type: Some((*sa_type).to_owned()),
        role: Some((*dir).to_owned()),
        rekey: Some(rekey.eq_ignore_ascii_case("yes")),
        state: Some(AsaIkev1State::parse(state)),
        encryption: it.next().map(|s| (*s).to_owned()),
        hash: it.next().map(|s| (*s).to_owned()),
        auth: it.next().map(|s| (*s).to_owned()),
        lifetime_secs: it.next().and_then(|s| common::parse_num(s)),
        lifetime_remaining_secs: None,
        lines: LineSpan::line(no),
    })
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
    fn block_layout() {
        let t = "IKEv1 SAs:\n\n   Active SA: 1\n    Rekey SA: 0 (A tunnel will report 1 Active and 1 Rekey SA during rekey)\nTotal IKE SA: 1\n\n1   IKE Peer: 198.51.100.7\n    Type    : L2L             Role    : initiator\n    Rekey   : no              State   : MM_WAIT_MSG4\n    Encrypt : aes-256         Hash    : SHA\n    Auth    : preshared       Lifetime: 86400\n    Lifetime Remaining: 86072\n";
        let p = parse(&lines(t)).unwrap();
        assert!(p.skipped.is_empty(), "{:?}", p.skipped);
        let sa = p.records.first().unwrap();
        assert_eq!(sa.peer.as_deref(), Some("198.51.100.7"));
        assert_eq!(sa.state, Some(AsaIkev1State::MmWaitMsg4));
        assert_eq!(sa.lifetime_secs, Some(86400));
        assert_eq!(sa.lifetime_remaining_secs, Some(86072));
        assert_eq!(sa.lines, LineSpan::new(7, 12));
    }
}
