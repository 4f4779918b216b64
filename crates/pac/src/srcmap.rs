//! Positions: line index of a text and the map from a rewritten text back to the original.
//!
//! The PAC boa runs is not the PAC the user gave: bound macros are substituted and `return`s
//! and loops are instrumented. Every position boa reports is mapped back through [`EditMap`]s
//! so the user sees lines and columns of their own file.

/// Line starts of a text, with the line terminators boa uses (`\n`, `\r\n`, `\r`, U+2028, U+2029).
#[derive(Debug, Clone)]
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text`.
    pub(crate) fn new(text: &str) -> Self {
        let mut starts = vec![0];
        let mut iter = text.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            match c {
                '\r' => {
                    if let Some((_, '\n')) = iter.peek() {
                        iter.next();
                        starts.push(i + 2);
                    } else {
                        starts.push(i + 1);
                    }
                }
                '\n' => starts.push(i + 1),
                '\u{2028}' | '\u{2029}' => starts.push(i + c.len_utf8()),
                _ => {}
            }
        }
        Self { starts }
    }

    /// Byte offset of 1-based `line` and 1-based `column` counted in code points (boa's unit).
    pub(crate) fn offset_of(&self, text: &str, line: u32, column: u32) -> Option<usize> {
        let start = *self.starts.get((line as usize).checked_sub(1)?)?;
        let rest = text.get(start..)?;
        let skip = (column as usize).saturating_sub(1);
        Some(
            rest.char_indices()
                .nth(skip)
                .map_or(text.len(), |(i, _)| start + i),
        )
    }

    /// 1-based line and 1-based column in UTF-16 code units (JavaScript's unit) of a byte offset.
    pub(crate) fn position(&self, text: &str, offset: usize) -> (u32, u32) {
        let idx = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.starts.get(idx).copied().unwrap_or(0);
        let col = text
            .get(start..offset.min(text.len()))
            .map_or(0, |s| s.encode_utf16().count());
        (to_u32(idx + 1), to_u32(col + 1))
    }

    /// The text of 1-based `line`, without its terminator.
    pub(crate) fn line_text<'t>(&self, text: &'t str, line: u32) -> &'t str {
        let Some(i) = (line as usize).checked_sub(1) else {
            return "";
        };
        let Some(&start) = self.starts.get(i) else {
            return "";
        };
        let end = self.starts.get(i + 1).copied().unwrap_or(text.len());
        text.get(start..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r', '\u{2028}', '\u{2029}'])
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// One replaced range: `old_start..old_end` in the old text became `new_start..new_end`.
#[derive(Debug, Clone, Copy)]
struct Edit {
    old_start: usize,
    old_end: usize,
    new_start: usize,
    new_end: usize,
}

/// Maps byte offsets of a rewritten text back to the text it was made from.
#[derive(Debug, Clone, Default)]
pub(crate) struct EditMap {
    edits: Vec<Edit>,
}

impl EditMap {
    /// The old offset for `new` offset. Offsets inside inserted text map to where it was inserted.
    pub(crate) fn to_old(&self, new: usize) -> usize {
        let idx = self.edits.partition_point(|e| e.new_start <= new);
        let Some(e) = idx.checked_sub(1).and_then(|i| self.edits.get(i)) else {
            return new;
        };
        if new < e.new_end {
            e.old_start
        } else {
            new - e.new_end + e.old_end
        }
    }
}

/// Builds a rewritten text from an old one, recording an [`EditMap`].
#[derive(Debug)]
pub(crate) struct Rewriter<'a> {
    old: &'a str,
    copied_to: usize,
    out: String,
    map: EditMap,
}

impl<'a> Rewriter<'a> {
    /// Starts rewriting `old`.
    pub(crate) fn new(old: &'a str) -> Self {
        Self {
            old,
            copied_to: 0,
            out: String::with_capacity(old.len() + old.len() / 8),
            map: EditMap::default(),
        }
    }

    /// Replaces `old[start..end]` with `with`. Calls must come in increasing, non-overlapping order.
    pub(crate) fn replace(&mut self, start: usize, end: usize, with: &str) {
        if start < self.copied_to || end < start {
            return;
        }
        self.out
            .push_str(self.old.get(self.copied_to..start).unwrap_or(""));
        let new_start = self.out.len();
        self.out.push_str(with);
        self.map.edits.push(Edit {
            old_start: start,
            old_end: end,
            new_start,
            new_end: self.out.len(),
        });
        self.copied_to = end;
    }

    /// Inserts `text` at old offset `at`.
    pub(crate) fn insert(&mut self, at: usize, text: &str) {
        self.replace(at, at, text);
    }

    /// Finishes: the new text and its map back to the old one.
    pub(crate) fn finish(mut self) -> (String, EditMap) {
        self.out
            .push_str(self.old.get(self.copied_to..).unwrap_or(""));
        (self.out, self.map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_handles_all_terminators() {
        let text = "a\r\nbé\rc\u{2028}d\ne";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_text(text, 1), "a");
        assert_eq!(idx.line_text(text, 2), "bé");
        assert_eq!(idx.line_text(text, 3), "c");
        assert_eq!(idx.line_text(text, 4), "d");
        assert_eq!(idx.line_text(text, 5), "e");
        assert_eq!(idx.line_text(text, 6), "");
        let off = idx.offset_of(text, 2, 3).unwrap();
        assert_eq!(&text[off..off + 1], "\r");
        assert_eq!(idx.position(text, off), (2, 3));
    }

    #[test]
    fn utf16_columns() {
        let text = "x😀y";
        let idx = LineIndex::new(text);
        // boa column 3 (code points) is `y`; JS column is 4 (the emoji is two UTF-16 units).
        let off = idx.offset_of(text, 1, 3).unwrap();
        assert_eq!(&text[off..], "y");
        assert_eq!(idx.position(text, off), (1, 4));
    }

    #[test]
    fn edit_map_round_trips() {
        let old = "return a; return b;";
        let mut rw = Rewriter::new(old);
        rw.insert(6, " M(1),");
        rw.replace(17, 18, "bbbb");
        let (new, map) = rw.finish();
        assert_eq!(new, "return M(1), a; return bbbb;");
        assert_eq!(map.to_old(0), 0);
        assert_eq!(map.to_old(8), 6);
        assert_eq!(map.to_old(new.find("a;").unwrap()), old.find("a;").unwrap());
        assert_eq!(map.to_old(new.find("bbbb").unwrap() + 2), 17);
        assert_eq!(map.to_old(new.len() - 1), old.len() - 1);
    }
}
