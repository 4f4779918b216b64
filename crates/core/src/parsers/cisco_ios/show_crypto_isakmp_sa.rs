//! `show crypto isakmp sa [detail]` — Cisco IOS / IOS-XE IKEv1 (ISAKMP) SAs.
//!
//! Seen on IOS 12.4–15.x and IOS-XE 16/17. Three layouts are read:
//! the IPv4 table (also used by some tools for IPv6), the real IOS IPv6 form with indented
//! ` dst:` / ` src:` / ` state: ... conn-id: ... status:` lines, and the `detail` table
//! (`C-id Local Remote I-VRF Status Encr Hash Auth DH Lifetime Cap.`), where an IPv6 row may
//! wrap after the local address.
//!
//! ```text
//! IPv4 Crypto ISAKMP SA
//! dst             src             state          conn-id status
//! 192.0.2.1       198.51.100.7    QM_IDLE           1001 ACTIVE
//! 192.0.2.1       203.0.113.9     MM_NO_STATE       1002 ACTIVE (deleted)
//! ```

use serde::{Deserialize, Serialize};

use crate::LineSpan;
use crate::parsers::common::{self, IpFamily, open_enum};
use crate::parsers::{Confidence, Line, ParseError, ParseResult, Parsed};

open_enum! {
    /// ISAKMP (IKEv1) SA state as printed by IOS.
    pub enum IsakmpState {
        /// Phase 1 complete, quick mode idle: the healthy state.
        QmIdle => "QM_IDLE",
        /// Main mode started, no proposal accepted yet (often a phase 1 mismatch).
        MmNoState => "MM_NO_STATE",
        /// Main mode proposal agreed.
        MmSaSetup => "MM_SA_SETUP",
        /// Main mode Diffie-Hellman exchanged.
        MmKeyExch => "MM_KEY_EXCH",
        /// Main mode authentication exchanged.
        MmKeyAuth => "MM_KEY_AUTH",
        /// Aggressive mode, nothing exchanged.
        AgNoState => "AG_NO_STATE",
        /// Aggressive mode first exchange sent.
        AgInitExch => "AG_INIT_EXCH",
        /// Aggressive mode authentication.
        AgAuth => "AG_AUTH",
    }
}

open_enum! {
    /// Status column of an ISAKMP SA.
    pub enum SaStatus {
        /// In use.
        Active => "ACTIVE",
        /// Not in use.
        Inactive => "INACTIVE",
    }
}

/// One ISAKMP SA row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IsakmpSa {
    /// Address family of the section (or of the addresses when there is no section header).
    pub family: IpFamily,
    /// `dst` column (the responder of phase 1), table layouts only.
    pub dst: Option<String>,
    /// `src` column (the initiator of phase 1), table layouts only.
    pub src: Option<String>,
    /// Local address, `detail` layout only.
    pub local: Option<String>,
    /// Remote (peer) address, `detail` layout only.
    pub remote: Option<String>,
    /// Phase 1 state (absent in the `detail` layout).
    pub state: Option<IsakmpState>,
    /// Connection id (`conn-id` or `C-id`).
    pub conn_id: Option<u32>,
    /// Hardware slot (old IOS column).
    pub slot: Option<u32>,
    /// `fvrf/ivrf` column of newer IOS-XE tables.
    pub vrf: Option<String>,
    /// Status.
    pub status: Option<SaStatus>,
    /// True when the status says `(deleted)`.
    pub deleted: bool,
    /// `I-VRF` of the `detail` layout.
    pub ivrf: Option<String>,
    /// Encryption (`aes`, `3des`...), `detail` only.
    pub encryption: Option<String>,
    /// Hash (`sha`, `sha256`...), `detail` only.
    pub hash: Option<String>,
    /// Authentication (`psk`, `rsig`...), `detail` only.
    pub auth: Option<String>,
    /// Diffie-Hellman group, `detail` only.
    pub dh_group: Option<u32>,
    /// Remaining lifetime in seconds, `detail` only.
    pub lifetime_secs: Option<u64>,
    /// Capability codes (`D` = DPD, `N` = NAT-T...), `detail` only.
    pub capabilities: Option<String>,
    /// `Engine-id:Conn-id` (`SW:12609`), `detail` only.
    pub engine_conn_id: Option<String>,
    /// Source lines of this SA.
    pub lines: LineSpan,
}

impl IsakmpSa {
    fn empty(family: IpFamily, no: u32) -> Self {
        Self {
            family,
            dst: None,
            src: None,
            local: None,
            remote: None,
            state: None,
            conn_id: None,
            slot: None,
            vrf: None,
            status: None,
            deleted: false,
            ivrf: None,
            encryption: None,
            hash: None,
            auth: None,
            dh_group: None,
            lifetime_secs: None,
            capabilities: None,
            engine_conn_id: None,
            lines: LineSpan::line(no),
        }
    }
}

/// Cheap check: section headers, column headers or a row with an ISAKMP state word.
pub fn detect(lines: &[Line<'_>]) -> Option<Confidence> {
    // 0.95 is the highest `line_signal` gives: no need to read further once a line says it.
    crate::parsers::detect::max_signal(lines, 0.95, line_signal)
}

fn line_signal(t: &str) -> Option<Confidence> {
    let lead = t.trim_start();
    if t.contains("Crypto ISAKMP SA") {
        Some(0.95)
    } else if is_detail_header(t) {
        Some(0.85)
    } else if is_table_header(t) {
        Some(0.8)
    } else if lead.starts_with("dst:")
        || (lead.starts_with("state:") && t.contains("conn-id:"))
        || t.contains("Engine-id:Conn-id")
        || (has_state_word(t) && (t.contains("conn-id:") || common::tokens(t).len() >= 4))
    {
        Some(0.6)
    } else {
        None
    }
}

fn is_table_header(t: &str) -> bool {
    // Compares the first four words without collecting them: this runs on every line that
    // detection shows this kind.
    // Quick reject on the first word's start (most lines are rows, not headers).
    let lead = t.trim_start();
    if !(lead.starts_with("dst") || lead.starts_with("f_vrf/i_vrf")) {
        return false;
    }
    let mut w = lead.split_whitespace();
    let first = [w.next(), w.next(), w.next(), w.next()];
    matches!(
        first,
        [Some("dst"), Some("src"), Some("state"), Some("conn-id")]
            | [Some("f_vrf/i_vrf"), Some("dst"), Some("src"), Some("state")]
    )
}

/// Words joined by one space, borrowed when there is only one (the usual status column).
fn joined<'a>(words: &[&'a str]) -> std::borrow::Cow<'a, str> {
    match words {
        [one] => std::borrow::Cow::Borrowed(one),
        _ => std::borrow::Cow::Owned(words.join(" ")),
    }
}

fn is_detail_header(t: &str) -> bool {
    t.trim_start().starts_with("C-id") && t.contains("Local") && t.contains("Remote")
}

fn has_state_word(t: &str) -> bool {
    ["QM_IDLE", "MM_", "AG_NO_STATE", "AG_INIT_EXCH", "AG_AUTH"]
        .iter()
        .any(|w| t.contains(w))
}

/// Parses the output. Unknown lines are reported in `skipped`.
pub fn parse(lines: &[Line<'_>]) -> ParseResult<Vec<IsakmpSa>> {
    if lines.iter().all(common::is_blank) {
        return Err(ParseError::Empty);
    }
    // At most one SA per line: sized once.
    let mut st = State {
        out: Vec::with_capacity(lines.len()),
        ..State::default()
    };
    for line in lines {
        st.line(line);
    }
    st.finish()
}

#[derive(Default)]
struct State {
    family: Option<IpFamily>,
    /// Detail layout seen (rows start with a C-id).
    detail: bool,
    /// Inside a `Codes:` legend.
    legend: bool,
    /// An IPv6 record being assembled from ` dst:` / ` src:` lines.
    indented: Option<IsakmpSa>,
    /// A detail row wrapped after the local address.
    wrapped: Option<IsakmpSa>,
    out: Vec<IsakmpSa>,
    skipped: Vec<u32>,
    understood: usize,
    truncated: bool,
}

impl State {
    fn line(&mut self, line: &Line<'_>) {
        let t = line.text.trim();
        if t.is_empty() {
            self.legend = false;
            return;
        }
        let ok = self.classify(line, t);
        if ok {
            self.understood += 1;
        } else {
            self.skipped.push(line.no);
        }
    }

    fn classify(&mut self, line: &Line<'_>, t: &str) -> bool {
        if t.contains("Crypto ISAKMP SA") {
            self.flush_indented();
            self.family = Some(if t.contains("IPv6") {
                IpFamily::Ipv6
            } else {
                IpFamily::Ipv4
            });
            return true;
        }
        if is_table_header(t) {
            self.detail = false;
            return true;
        }
        if is_detail_header(t) {
            self.detail = true;
            return true;
        }
        if t.starts_with("Codes:") {
            self.legend = true;
            return true;
        }
        if self.legend && t.contains(" - ") {
            return true;
        }
        if let Some(v) = t.strip_prefix("Engine-id:Conn-id") {
            let v = v.trim_start_matches([' ', '=']).trim();
            if let Some(last) = self.out.last_mut() {
                last.engine_conn_id = Some(v.to_owned()).filter(|s| !s.is_empty());
                last.lines = last.lines.join(LineSpan::line(line.no));
            }
            return true;
        }
        if let Some(rest) = t.strip_prefix("dst:") {
            self.flush_indented();
            let mut sa = IsakmpSa::empty(self.family.unwrap_or(IpFamily::Ipv6), line.no);
            sa.dst = Some(rest.trim().to_owned());
            self.indented = Some(sa);
            return true;
        }
        if let Some(rest) = t.strip_prefix("src:") {
            if let Some(sa) = self.indented.as_mut() {
                sa.src = Some(rest.trim().to_owned());
                sa.lines = sa.lines.join(LineSpan::line(line.no));
                return true;
            }
            return false;
        }
        if t.starts_with("state:") {
            return self.indented_state(line, t);
        }
        if let Some(mut sa) = self.wrapped.take() {
            if self.wrapped_tail(&mut sa, line, t) {
                self.out.push(sa);
                return true;
            }
            // Not a continuation: keep the partial row as it is.
            self.out.push(sa);
        }
        let starts_numeric = t
            .split_whitespace()
            .next()
            .is_some_and(|w| w.parse::<u32>().is_ok());
        if (self.detail || starts_numeric) && self.detail_row(line, t) {
            return true;
        }
        self.table_row(line, t)
    }

    fn flush_indented(&mut self) {
        if let Some(sa) = self.indented.take() {
            // dst/src without the state line: cut-off output.
            self.truncated = true;
            self.out.push(sa);
        }
    }

    fn indented_state(&mut self, line: &Line<'_>, t: &str) -> bool {
        let Some(mut sa) = self.indented.take() else {
            return false;
        };
        sa.state = common::word_after(t, "state:").map(IsakmpState::parse);
        sa.conn_id = common::word_after(t, "conn-id:").and_then(common::parse_num);
        if let Some(pos) = t.find("status:") {
            let status = t.get(pos + "status:".len()..).unwrap_or("").trim();
            set_status(&mut sa, status);
        }
        sa.lines = sa.lines.join(LineSpan::line(line.no));
        self.out.push(sa);
        true
    }

    /// `dst src state conn-id [slot] status`, optionally preceded by `fvrf/ivrf`.
    fn table_row(&mut self, line: &Line<'_>, t: &str) -> bool {
        let toks: Vec<&str> = t.split_whitespace().collect();
        // Columns are read from slices of `toks` (no further vectors or strings per row).
        let vrf = toks
            .first()
            .copied()
            .filter(|w| w.contains('/') && !common::is_addr(w));
        let at = usize::from(vrf.is_some());
        let (Some(&dst), Some(&src)) = (toks.get(at), toks.get(at + 1)) else {
            return false;
        };
        if !common::is_addr(dst) || !common::is_addr(src) {
            return false;
        }
        let family = self.family.unwrap_or_else(|| IpFamily::of(dst));
        let mut sa = IsakmpSa::empty(family, line.no);
        sa.vrf = vrf.map(str::to_owned);
        sa.dst = Some(dst.to_owned());
        sa.src = Some(src.to_owned());
        let rest = toks.get(at + 2..).unwrap_or(&[]);
        sa.state = rest.first().copied().map(IsakmpState::parse);
        sa.conn_id = rest.get(1).copied().and_then(common::parse_num);
        let tail = rest.get(2..).unwrap_or(&[]);
        // An old `slot` column sits between conn-id and status.
        let (slot, status) = match tail.split_first() {
            Some((first, more)) if first.parse::<u32>().is_ok() => (Some(*first), joined(more)),
            _ => (None, joined(tail)),
        };
        sa.slot = slot.and_then(common::parse_num);
        set_status(&mut sa, &status);
        if sa.state.is_none() || sa.conn_id.is_none() || sa.status.is_none() {
            self.truncated = true;
        }
        self.out.push(sa);
        true
    }

    /// `C-id Local Remote [I-VRF] Status Encr Hash Auth DH Lifetime [Cap.]`
    fn detail_row(&mut self, line: &Line<'_>, t: &str) -> bool {
        let toks: Vec<&str> = t.split_whitespace().collect();
        let mut it = toks.into_iter();
        let Some(cid) = it.next().and_then(|w| w.parse::<u32>().ok()) else {
            return false;
        };
        let Some(local) = it.next().filter(|w| common::is_addr(w)) else {
            return false;
        };
        let family = self.family.unwrap_or_else(|| IpFamily::of(local));
        let mut sa = IsakmpSa::empty(family, line.no);
        sa.conn_id = Some(cid);
        sa.local = Some(local.to_owned());
        let rest: Vec<&str> = it.collect();
        if rest.is_empty() {
            // IPv6 rows wrap after the local address.
            self.wrapped = Some(sa);
            return true;
        }
        fill_detail(&mut sa, &rest);
        if sa.status.is_none() || sa.lifetime_secs.is_none() {
            self.truncated = true;
        }
        self.out.push(sa);
        true
    }

    fn wrapped_tail(&mut self, sa: &mut IsakmpSa, line: &Line<'_>, t: &str) -> bool {
        let toks: Vec<&str> = t.split_whitespace().collect();
        if !toks.first().is_some_and(|w| common::is_addr(w)) {
            return false;
        }
        fill_detail(sa, &toks);
        sa.lines = sa.lines.join(LineSpan::line(line.no));
        true
    }

    fn finish(mut self) -> ParseResult<Vec<IsakmpSa>> {
        self.flush_indented();
        if let Some(sa) = self.wrapped.take() {
            self.truncated = true;
            self.out.push(sa);
        }
        if self.understood == 0 {
            let line = self.skipped.first().copied().unwrap_or(0);
            return Err(ParseError::Syntax {
                line,
                message: "no ISAKMP SA header or row".to_owned(),
            });
        }
        let mut parsed = Parsed::new(self.out);
        parsed.skipped = common::spans(self.skipped);
        parsed.truncated = self.truncated;
        Ok(parsed)
    }
}

/// Fills `Remote [I-VRF] Status Encr Hash Auth DH Lifetime [Cap.]` from tokens.
fn fill_detail(sa: &mut IsakmpSa, toks: &[&str]) {
    let mut it = toks.iter().copied().peekable();
    sa.remote = it.next().map(str::to_owned);
    // I-VRF is empty for the global table; a status word tells the columns apart.
    if let Some(w) = it.peek()
        && !matches!(SaStatus::parse(w), SaStatus::Active | SaStatus::Inactive)
    {
        sa.ivrf = it.next().map(str::to_owned);
    }
    sa.status = it.next().map(SaStatus::parse);
    sa.encryption = it.next().map(str::to_owned);
    sa.hash = it.next().map(str::to_owned);
    sa.auth = it.next().map(str::to_owned);
    sa.dh_group = it.next().and_then(common::parse_num);
    sa.lifetime_secs = it.next().and_then(common::parse_duration);
    let cap: Vec<&str> = it.collect();
    sa.capabilities = Some(cap.join(" ")).filter(|s| !s.is_empty());
}

/// `ACTIVE`, `ACTIVE (deleted)`.
fn set_status(sa: &mut IsakmpSa, status: &str) {
    let status = status.trim();
    if status.is_empty() {
        return;
    }
    let (word, note) = status.split_once(' ').unwrap_or((status, ""));
    sa.status = Some(SaStatus::parse(word));
    sa.deleted = note.contains("deleted");
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
    fn ipv4_table() {
        let text = "IPv4 Crypto ISAKMP SA\ndst             src             state          conn-id status\n192.0.2.1       198.51.100.7    QM_IDLE           1001 ACTIVE\n192.0.2.1       203.0.113.9     MM_NO_STATE       1002 ACTIVE (deleted)\n\nIPv6 Crypto ISAKMP SA\n";
        let l = lines(text);
        assert!(detect(&l).unwrap() > 0.9);
        let p = parse(&l).unwrap();
        assert_eq!(p.records.len(), 2);
        let r = &p.records[1];
        assert_eq!(r.dst.as_deref(), Some("192.0.2.1"));
        assert_eq!(r.state, Some(IsakmpState::MmNoState));
        assert_eq!(r.conn_id, Some(1002));
        assert!(r.deleted);
        assert_eq!(r.lines, LineSpan::line(4));
        assert!(p.skipped.is_empty());
        assert!(!p.truncated);
    }

    #[test]
    fn ipv6_indented_and_unknown_state() {
        let text = "IPv6 Crypto ISAKMP SA\n\n dst: 2001:db8::2\n src: 2001:db8::1\n state: MM_WAIT_X         conn-id:   1003 status: ACTIVE\n";
        let p = parse(&lines(text)).unwrap();
        let r = p.records.first().unwrap();
        assert_eq!(r.family, IpFamily::Ipv6);
        assert_eq!(r.src.as_deref(), Some("2001:db8::1"));
        assert_eq!(r.state, Some(IsakmpState::Other("MM_WAIT_X".into())));
        assert_eq!(r.lines, LineSpan::new(3, 5));
    }

    #[test]
    fn garbage_is_an_error() {
        assert!(parse(&lines("hello\nworld")).is_err());
        assert_eq!(parse(&[]), Err(ParseError::Empty));
        assert_eq!(detect(&lines("hello")), None);
    }
}
