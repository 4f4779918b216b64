//! Block detection: which kind a run of lines is, with a confidence and alternatives.
//!
//! Detection is cheap by design: every registry row's `detect` sees at most
//! [`DETECT_WINDOW`] lines, command echoes are matched word by word against `command_hint`,
//! and only the chosen parser then reads the whole block.

use std::sync::OnceLock;

use super::registry::{DETECT_WINDOW, PARSERS, ParserEntry};
use super::split::PromptStyle;
use super::{Confidence, Line};

/// Confidence given to a kind named by the command echo when its content check is silent
/// (for example a command whose output is empty).
const ECHO_ONLY: Confidence = 0.6;
/// Content confidence at which an echoed command is taken as confirmed.
const ECHO_CONFIRMED: Confidence = 0.8;
/// Share of the gap to 1 that a command echo closes.
const ECHO_BOOST: Confidence = 0.6;
/// Share of the gap to 1 that a prompt style closes for its platforms.
const STYLE_BOOST: Confidence = 0.1;
/// Share of the gap to 1 that a telling device name (`ciscoasa`) closes.
const DEVICE_BOOST: Confidence = 0.3;
/// Alternatives are listed down to this distance from the best candidate.
const ALTERNATIVE_RANGE: Confidence = 0.3;

/// One possible kind for a block.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    /// Index into [`PARSERS`].
    pub entry: usize,
    /// Confidence in 0..=1.
    pub confidence: Confidence,
}

impl Candidate {
    /// The registry row.
    pub fn parser(&self) -> Option<&'static ParserEntry> {
        PARSERS.get(self.entry)
    }
}

/// The first [`DETECT_WINDOW`] lines after any leading blank lines.
pub fn window<'l, 'a>(lines: &'l [Line<'a>]) -> &'l [Line<'a>] {
    let start = lines
        .iter()
        .position(|l| !super::split::is_blank_text(l.text))
        .unwrap_or(lines.len());
    let rest = lines.get(start..).unwrap_or(&[]);
    rest.get(..DETECT_WINDOW.min(rest.len())).unwrap_or(rest)
}

/// The highest line signal in `lines`, as `filter_map(signal).reduce(max)` gives it, but
/// stopping at the first line that reaches `top` (the highest value `signal` can return):
/// prompted sessions ask the same detectors about thousands of blocks whose first lines
/// already decide.
pub fn max_signal(
    lines: &[Line<'_>],
    top: Confidence,
    signal: impl Fn(&str) -> Option<Confidence>,
) -> Option<Confidence> {
    let mut best: Option<Confidence> = None;
    for l in lines {
        if let Some(c) = signal(l.text) {
            let b = best.map_or(c, |b| b.max(c));
            best = Some(b);
            if b >= top {
                break;
            }
        }
    }
    best
}

/// Registry rows whose command hint the typed `command` matches, with the number of hint
/// words matched (only the longest matches are returned). Cisco-style abbreviations match
/// word by word (`sh cry isa sa` → `show crypto isakmp sa`); a pipe and what follows is ignored.
pub fn command_matches(command: &str) -> Vec<(usize, usize)> {
    let cmd = command.split('|').next().unwrap_or(command);
    // Only as many typed words as the longest hint has can take part in a match: they are
    // kept on the stack (this runs for every prompt and every possible echo line).
    let mut buf = [""; MAX_HINT_WORDS];
    let mut n_words = 0usize;
    for (slot, w) in buf.iter_mut().zip(cmd.split_whitespace()) {
        *slot = w;
        n_words += 1;
    }
    let words = buf.get(..n_words).unwrap_or(&[]);
    if words.is_empty() {
        return Vec::new();
    }
    let Some(first) = words.first().and_then(|w| w.bytes().next()) else {
        return Vec::new();
    };
    let mut best = 0usize;
    let mut out = Vec::new();
    // Only the hints whose first word starts with the typed first letter can match (a
    // typed word must be a prefix of its hint word); this runs for every prompt of a paste.
    let hints = hint_words();
    let bucket = hints_by_letter()
        .get(usize::from(first.to_ascii_lowercase()))
        .map_or(&[][..], Vec::as_slice);
    for (idx, hint) in bucket.iter().filter_map(|&h| hints.get(h)) {
        let n = hint_match(words, hint);
        if n == 0 {
            continue;
        }
        if n > best {
            best = n;
            out.clear();
        }
        if n == best && !out.iter().any(|(i, _)| i == idx) {
            out.push((*idx, n));
        }
    }
    out
}

/// Upper bound on the words of a command hint (checked by a test): typed words beyond it
/// cannot change a match.
const MAX_HINT_WORDS: usize = 12;

/// Every command hint split into words once: `(registry index, words)`.
fn hint_words() -> &'static [(usize, Vec<&'static str>)] {
    static HINTS: OnceLock<Vec<(usize, Vec<&'static str>)>> = OnceLock::new();
    HINTS.get_or_init(|| {
        PARSERS
            .iter()
            .enumerate()
            .flat_map(|(i, e)| {
                e.command_hint
                    .iter()
                    .map(move |h| (i, h.split_whitespace().collect()))
            })
            .collect()
    })
}

/// Positions in [`hint_words`] grouped by the first byte of the hint (lower case), in
/// registry order.
fn hints_by_letter() -> &'static [Vec<usize>] {
    static BY_LETTER: OnceLock<Vec<Vec<usize>>> = OnceLock::new();
    BY_LETTER.get_or_init(|| {
        let mut v: Vec<Vec<usize>> = vec![Vec::new(); 256];
        for (pos, (_, words)) in hint_words().iter().enumerate() {
            let first = words.first().and_then(|w| w.bytes().next());
            if let Some(list) = first.and_then(|b| v.get_mut(usize::from(b.to_ascii_lowercase()))) {
                list.push(pos);
            }
        }
        v
    })
}

/// Number of hint words when every hint word is matched (in order) by a typed word that is a
/// case-insensitive prefix of it; 0 otherwise. Extra typed words (arguments) are allowed.
fn hint_match(words: &[&str], hint: &[&str]) -> usize {
    let mut n = 0usize;
    let mut typed = words.iter();
    for hw in hint {
        match typed.next() {
            Some(w)
                if hw.get(..w.len()).is_some_and(|p| p.eq_ignore_ascii_case(w))
                    && (w.len() >= 2 || hw.len() == 1 || n > 0) =>
            {
                n += 1;
            }
            _ => return 0,
        }
    }
    n
}

/// True when a line without a prompt is a command echo (a known command of two or more words
/// at column 0, such as `show crypto isakmp sa` at the top of a saved output).
pub fn is_command_echo(line: &str) -> bool {
    let first = line.as_bytes().first().copied();
    if !first.is_some_and(|b| b.is_ascii_lowercase()) || line.len() > 120 {
        return false;
    }
    let first_word = line.split(' ').next().unwrap_or("");
    // Quick reject (this runs on every lower-case line): the first word must start a hint.
    first_word.len() >= 2
        && echo_first_words().iter().any(|w| w.starts_with(first_word))
        && command_matches(line).iter().any(|(_, n)| *n >= 2)
}

/// Distinct first words of the hints with two or more words.
fn echo_first_words() -> &'static [&'static str] {
    static WORDS: OnceLock<Vec<&'static str>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut v: Vec<&'static str> = PARSERS
            .iter()
            .flat_map(|e| e.command_hint.iter())
            .filter(|h| h.split_whitespace().count() >= 2)
            .filter_map(|h| h.split_whitespace().next())
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    })
}

/// Scores every registry row against a block: content check over the window, command echo
/// boost, prompt-style boost. Sorted best first; ties keep registry order.
pub fn score(
    lines: &[Line<'_>],
    command: Option<&str>,
    style: Option<PromptStyle>,
    exclude: Option<usize>,
) -> Vec<Candidate> {
    let echoed: Vec<(usize, usize)> = command.map(command_matches).unwrap_or_default();
    score_echoed(lines, &echoed, style, exclude)
}

/// [`score`] with the command echo already matched ([`command_matches`]).
pub fn score_echoed(
    lines: &[Line<'_>],
    echoed: &[(usize, usize)],
    style: Option<PromptStyle>,
    exclude: Option<usize>,
) -> Vec<Candidate> {
    let win = window(lines);
    // The echoed kinds' content checks run once and are reused below (a session with prompts
    // asks them for every block, so running them twice was a visible share of the parse).
    let echoed_content: Vec<(usize, Option<Confidence>)> = echoed
        .iter()
        .map(|(i, _)| {
            let c = if win.is_empty() {
                None
            } else {
                PARSERS.get(*i).and_then(|e| (e.detect)(win))
            };
            (*i, c)
        })
        .collect();
    // When the echoed command and the content agree strongly, other kinds need not be asked:
    // this is the common case of a session with prompts, and it keeps detection cheap there.
    let echo_confirmed = echoed_content
        .iter()
        .any(|(_, c)| c.is_some_and(|c| c >= ECHO_CONFIRMED));
    let offered = if echo_confirmed {
        None
    } else {
        Some(super::triggers::offered(win))
    };
    let mut out: Vec<Candidate> = Vec::new();
    for (idx, e) in PARSERS.iter().enumerate() {
        if Some(idx) == exclude {
            continue;
        }
        let echo_hit = echoed_content.iter().find(|(i, _)| *i == idx);
        let by_echo = echo_hit.is_some();
        let try_content = !win.is_empty()
            && offered
                .as_ref()
                .map_or(by_echo, |o| o.get(idx).copied().unwrap_or(true));
        if !try_content && !by_echo {
            continue;
        }
        let content = match (try_content, echo_hit) {
            (false, _) => None,
            (true, Some((_, c))) => *c,
            (true, None) => (e.detect)(win),
        };
        // Boosts close part of the gap to 1 so they never flatten an ordering into a tie.
        let mut c = match (content, by_echo) {
            (Some(c), true) => c + (1.0 - c) * ECHO_BOOST,
            (None, true) => ECHO_ONLY,
            (Some(c), false) => c,
            (None, false) => continue,
        };
        if style.is_some_and(|s| style_favours(s, e.platform)) {
            c += (1.0 - c) * STYLE_BOOST;
        }
        out.push(Candidate {
            entry: idx,
            confidence: round2(c),
        });
    }
    out.sort_by(|a, b| {
        b.confidence
            .total_cmp(&a.confidence)
            .then(a.entry.cmp(&b.entry))
    });
    out
}

/// Re-ranks candidates with what the prompt's device name says: a Cisco ASA is usually
/// named `ciscoasa`, `asa1`, `fw-asa`... (IOS and ASA print some commands identically).
pub fn apply_device_hint(cands: &mut [Candidate], device: Option<&str>) {
    let Some(device) = device else { return };
    if !device.to_ascii_lowercase().contains("asa") {
        return;
    }
    for c in cands.iter_mut() {
        if c.parser().is_some_and(|e| e.platform == "cisco_asa") {
            c.confidence = round2(c.confidence + (1.0 - c.confidence) * DEVICE_BOOST);
        }
    }
    cands.sort_by(|a, b| {
        b.confidence
            .total_cmp(&a.confidence)
            .then(a.entry.cmp(&b.entry))
    });
}

/// Keeps only candidates close enough to the best to be worth listing.
pub fn close_alternatives(cands: &[Candidate]) -> Vec<Candidate> {
    let Some(best) = cands.first() else {
        return Vec::new();
    };
    cands
        .iter()
        .skip(1)
        .filter(|c| is_close_alternative(best, c))
        .copied()
        .collect()
}

/// True when `other` is close enough to the `chosen` candidate to be listed as an alternative.
pub fn is_close_alternative(chosen: &Candidate, other: &Candidate) -> bool {
    other.confidence >= chosen.confidence - ALTERNATIVE_RANGE
}

/// Whether a prompt style is typical for a platform (a weak hint only).
fn style_favours(style: PromptStyle, platform: &str) -> bool {
    match style {
        PromptStyle::Cisco => platform.starts_with("cisco"),
        PromptStyle::UserAtHost => matches!(platform, "juniper_srx" | "paloalto"),
        PromptStyle::Fortigate => platform == "fortigate",
        PromptStyle::Clavister => platform == "clavister",
        PromptStyle::Windows => platform == "windows",
        PromptStyle::Unix => matches!(platform, "linux" | "strongswan"),
    }
}

/// Rounds to two decimals so JSON shows `0.9`, not `0.90000004`.
pub fn round2(c: Confidence) -> Confidence {
    (c * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(cmd: &str) -> Vec<&'static str> {
        command_matches(cmd)
            .into_iter()
            .filter_map(|(i, _)| PARSERS.get(i).map(|e| e.kind))
            .collect()
    }

    #[test]
    fn command_echo_abbreviations() {
        assert_eq!(
            kinds("show crypto isakmp sa"),
            vec![
                "cisco_ios.show_crypto_isakmp_sa",
                "cisco_asa.show_crypto_ikev1_sa"
            ]
        );
        assert_eq!(
            kinds("sh cry isa sa det"),
            vec![
                "cisco_ios.show_crypto_isakmp_sa",
                "cisco_asa.show_crypto_ikev1_sa"
            ]
        );
        assert_eq!(
            kinds("sh crypto isakmp sa | i QM"),
            vec![
                "cisco_ios.show_crypto_isakmp_sa",
                "cisco_asa.show_crypto_ikev1_sa"
            ]
        );
        assert!(kinds("show version").is_empty());
        assert!(
            kinds("s c i s").is_empty(),
            "one-letter abbreviations are too loose"
        );
        assert!(is_command_echo("show crypto isakmp sa"));
        assert!(!is_command_echo("Show me the output"));
        assert!(!is_command_echo("   show crypto isakmp sa"));
    }

    #[test]
    fn hints_fit_the_typed_word_buffer() {
        assert!(
            hint_words()
                .iter()
                .all(|(_, words)| words.len() <= MAX_HINT_WORDS)
        );
        // Arguments beyond the buffer do not matter.
        let long = format!("show crypto isakmp sa{}", " x".repeat(40));
        assert_eq!(kinds(&long), kinds("show crypto isakmp sa"));
    }

    #[test]
    fn window_skips_leading_blanks() {
        let lines: Vec<Line<'_>> = ["", " ", "x"]
            .iter()
            .zip(1u32..)
            .map(|(t, no)| Line { no, text: t })
            .collect();
        assert_eq!(window(&lines).len(), 1);
        assert!(window(&[]).is_empty());
    }
}
