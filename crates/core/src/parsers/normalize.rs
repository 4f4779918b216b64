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
        // Generous: lines of device output average 40-50 bytes, and growing this vector once
        // copied megabytes (capacity never touched costs no memory).
        let mut texts = Vec::with_capacity(raw.len() / 32 + 1);
        let mut changed = 0usize;
        let cr_is_break = !raw.contains('\n') && raw.contains('\r');
        // Most pastes have no control character and no pager prompt anywhere: two scans of the
        // whole text (vectorised) then spare every line its own checks.
        let clean = !(has_control_bytes(raw) || raw.contains("More") || raw.contains("more"));
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
        for_each_line(raw, if cr_is_break { b'\r' } else { b'\n' }, &mut push);
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

/// Calls `f` with every piece of `raw` between `sep` bytes, as `raw.split(sep as char)` gives
/// them (`sep` is ASCII, so every piece is on character boundaries). Separators are found
/// eight bytes at a time ([`zero_bytes`]); `str::split` paid a searcher call per line, a
/// visible share of a 10 MB paste of short lines.
fn for_each_line<'a>(raw: &'a str, sep: u8, mut f: impl FnMut(&'a str)) {
    let pattern = u64::from(sep) * 0x0101_0101_0101_0101;
    let mut start = 0usize;
    let mut base = 0usize;
    let mut words = raw.as_bytes().chunks_exact(8);
    for word in words.by_ref() {
        let w = u64::from_le_bytes(word.try_into().unwrap_or_default());
        let mut mask = zero_bytes(w ^ pattern);
        while mask != 0 {
            let end = base + (mask.trailing_zeros() / 8) as usize;
            f(raw.get(start..end).unwrap_or_default());
            start = end + 1;
            mask &= mask - 1;
        }
        base += 8;
    }
    for (i, &b) in words.remainder().iter().enumerate() {
        if b == sep {
            f(raw.get(start..base + i).unwrap_or_default());
            start = base + i + 1;
        }
    }
    f(raw.get(start..).unwrap_or_default());
}

/// The high bit of every zero byte of `x` set, nothing else (exact, no false positives: the
/// low seven bits are added without carrying into the next byte).
fn zero_bytes(x: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    !(((x & LOW7).wrapping_add(LOW7)) | x | LOW7)
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
    fn line_split_agrees_with_str_split() {
        let long =
            "ab\n".repeat(50) + &"x".repeat(70) + "\n\n" + &"é\n".repeat(40) + "\u{8a}\n\u{100}";
        for raw in [
            "",
            "\n",
            "a",
            "a\n",
            "\n\nb",
            long.as_str(),
            long.trim_end_matches('\u{100}'),
        ] {
            for sep in [b'\n', b'\r'] {
                let mut got = Vec::new();
                for_each_line(raw, sep, |l| got.push(l));
                let want: Vec<&str> = raw.split(char::from(sep)).collect();
                assert_eq!(got, want, "{raw:?}");
            }
        }
    }

    #[test]
    fn zero_bytes_is_exact() {
        for x in [
            0u64,
            1,
            0x0100,
            0x0001_0000_0000_0100,
            u64::MAX,
            0x8080_8080_8080_8080,
            0x0180,
        ] {
            let want = x.to_le_bytes().iter().enumerate().fold(0u64, |m, (i, &b)| {
                if b == 0 { m | (0x80 << (8 * i)) } else { m }
            });
            assert_eq!(zero_bytes(x), want, "{x:#x}");
        }
    }

    #[test]
    fn clean_paste_borrows_every_line() {
        let n = Normalized::new("a\nb more\n\nc\n");
        assert_eq!(n.changed, 0);
        assert_eq!(
            n.lines().iter().map(|l| l.text).collect::<Vec<_>>(),
            vec!["a", "b more", "", "c"]
        );
        let n = Normalized::new("a\n --More-- \rb\n");
        assert_eq!(normalize_lines("a\n --More-- \rb\n"), vec!["a", "b"]);
        assert_eq!(n.changed, 1);
    }

    #[test]
    fn empty_paste_has_no_lines() {
        assert!(Normalized::new("").is_empty());
        assert_eq!(normalize_lines("\n"), vec![""]);
    }
}
