//! Normalisation of a raw paste into numbered lines, without changing line numbering.
//!
//! Terminal captures carry noise that is not output: `\r\n` line ends, carriage returns that
//! overwrite a line (pager erase sequences), backspaces, NUL bytes, ANSI escape sequences and
//! pager prompts (`--More--`, `<--- More --->`, `---(more)---`). This module removes that noise
//! line by line. Line breaks are `\n` and `\r\n`; a lone `\r` moves the cursor back to column 0
//! the way a terminal does, except in a paste that has no `\n` at all (an old Mac text file),
//! where `\r` is the line break.

use std::borrow::Cow;

use super::Line;

/// Pager prompts left in captured output, longest first so a longer one wins.
const PAGER_RESIDUE: &[&str] = &[
    "<--- More --->",
    "---- More ----",
    "---(more)---",
    "-- More --",
    "--More--",
    "--more--",
    "---more---",
];

/// A normalised paste: the cleaned text of every line, in order, numbered from 1.
#[derive(Debug, Clone, Default)]
pub struct Normalized<'a> {
    texts: Vec<Cow<'a, str>>,
    /// How many lines were changed by normalisation (for a report warning).
    pub changed: usize,
}

impl<'a> Normalized<'a> {
    /// Normalises `raw`. Every input line gives exactly one output line.
    pub fn new(raw: &'a str) -> Self {
        let mut texts = Vec::with_capacity(raw.len() / 48 + 1);
        let mut changed = 0usize;
        let cr_is_break = !raw.contains('\n') && raw.contains('\r');
        // Most pastes have no control character and no pager prompt anywhere: two scans of the
        // whole text (vectorised) then spare every line its own checks.
        let clean = !has_control_bytes(raw) && !(raw.contains("More") || raw.contains("more"));
        let mut push = |line: &'a str| {
            if clean {
                texts.push(Cow::Borrowed(line));
                return;
            }
            let cleaned = clean_line(line);
            if matches!(cleaned, Cow::Owned(_)) {
                changed += 1;
            }
            texts.push(cleaned);
        };
        if cr_is_break {
            raw.split('\r').for_each(&mut push);
        } else {
            raw.split('\n').for_each(&mut push);
        }
        // A final line break does not start another line.
        if texts.len() > 1 && texts.last().is_some_and(|t| t.is_empty()) {
            texts.pop();
        }
        if raw.is_empty() {
            texts.clear();
        }
        Self { texts, changed }
    }

    /// The numbered lines, borrowing from this value.
    pub fn lines(&self) -> Vec<Line<'_>> {
        self.texts
            .iter()
            .zip(1u32..)
            .map(|(t, no)| Line {
                no,
                text: t.as_ref(),
            })
            .collect()
    }

    /// Number of lines.
    pub fn len(&self) -> usize {
        self.texts.len()
    }

    /// True when there are no lines.
    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }
}

/// Numbers and normalises `raw` in one step (for tests and small inputs).
pub fn normalize_lines(raw: &str) -> Vec<String> {
    Normalized::new(raw)
        .texts
        .into_iter()
        .map(Cow::into_owned)
        .collect()
}

/// Cleans one line (without its `\n`). Borrows when nothing needs changing, which is the
/// common case and keeps a large paste fast.
fn clean_line(line: &str) -> Cow<'_, str> {
    let line = line.strip_suffix('\r').unwrap_or(line);
    // One byte pass decides both questions; the substring searches for pager prompts only run
    // on lines with an `m`/`M` (this runs on every line of a 10 MB paste).
    // The fold has no early exit so the compiler can vectorise it.
    let (noisy, has_m) = line.bytes().fold((false, false), |(noisy, m), b| {
        (
            noisy | matches!(b, 0 | 0x08 | 0x1b | b'\r'),
            m | (b | 0x20 == b'm'),
        )
    });
    let pager = has_m && has_pager_residue(line);
    if !noisy && !pager {
        return Cow::Borrowed(line);
    }
    let mut s = if noisy {
        render_terminal(line)
    } else {
        line.to_owned()
    };
    if pager || has_pager_residue(&s) {
        for residue in PAGER_RESIDUE {
            while let Some(pos) = s.find(residue) {
                s.replace_range(pos..pos + residue.len(), "");
            }
        }
        // The pager prompt is usually followed by spaces that erased it.
        if s.trim().is_empty() {
            s.clear();
        }
    }
    Cow::Owned(s)
}

/// True when `text` holds a byte that [`clean_line`] treats as terminal noise (NUL, backspace,
/// ESC, carriage return). Folded in chunks without early exit so each chunk vectorises.
fn has_control_bytes(text: &str) -> bool {
    text.as_bytes().chunks(4096).any(|chunk| {
        chunk
            .iter()
            .fold(false, |n, &b| n | matches!(b, 0 | 0x08 | 0x1b | b'\r'))
    })
}

fn has_pager_residue(line: &str) -> bool {
    (line.contains("More") || line.contains("more"))
        && PAGER_RESIDUE.iter().any(|r| line.contains(r))
}

/// Applies what a terminal would do with the control characters of one line: ANSI escape
/// sequences and NUL vanish, backspace deletes, carriage return overwrites from column 0.
fn render_terminal(line: &str) -> String {
    let mut out: Vec<char> = Vec::with_capacity(line.len());
    let mut cursor = 0usize;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\0' => {}
            '\u{8}' => cursor = cursor.saturating_sub(1),
            '\r' => cursor = 0,
            '\u{1b}' => skip_escape(&mut chars),
            _ => {
                if let Some(slot) = out.get_mut(cursor) {
                    *slot = c;
                } else {
                    out.push(c);
                }
                cursor += 1;
            }
        }
    }
    // Backspace-then-space erasing leaves trailing blanks; drop them so the line reads clean.
    let s: String = out.into_iter().collect();
    s.trim_end().to_owned()
}

/// Skips one escape sequence after ESC: CSI (`ESC [ ... final`), OSC (`ESC ] ... BEL|ESC \`)
/// or a two-character sequence.
fn skip_escape(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    match chars.next() {
        Some('[') => {
            for c in chars.by_ref() {
                if ('\u{40}'..='\u{7e}').contains(&c) {
                    break;
                }
            }
        }
        Some(']') => {
            while let Some(c) = chars.next() {
                if c == '\u{7}' {
                    break;
                }
                if c == '\u{1b}' {
                    chars.next();
                    break;
                }
            }
        }
        Some('(' | ')') => {
            chars.next();
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_numbering_with_crlf_and_trailing_newline() {
        let n = normalize_lines("a\r\nb\r\n\r\nc\r\n");
        assert_eq!(n, vec!["a", "b", "", "c"]);
    }

    #[test]
    fn strips_ansi_backspace_and_nul() {
        let n = normalize_lines("\u{1b}[1mbold\u{1b}[0m x\u{0}y\nab\u{8}c");
        assert_eq!(n, vec!["bold xy", "ac"]);
    }

    #[test]
    fn removes_cisco_pager_erase_sequence() {
        let line = " --More-- \u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}          \u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}  Hardware is Tunnel";
        assert_eq!(normalize_lines(line), vec!["  Hardware is Tunnel"]);
    }

    #[test]
    fn removes_plain_pager_residue_and_carriage_return_overwrite() {
        let n = normalize_lines("<--- More --->\n --More-- \rTunnel0 is up\nok");
        assert_eq!(n, vec!["", "Tunnel0 is up", "ok"]);
    }

    #[test]
    fn lone_cr_paste_is_split_on_cr() {
        assert_eq!(normalize_lines("a\rb\rc"), vec!["a", "b", "c"]);
    }

    #[test]
    fn empty_paste_has_no_lines() {
        assert!(Normalized::new("").is_empty());
        assert_eq!(normalize_lines("\n"), vec![""]);
    }
}
