//! Line spans: 1-based, inclusive, encoding-free positions into a pasted text.

use serde::{Deserialize, Serialize};

/// A 1-based, inclusive range of lines. Serialised as `[start, end]`. `Default` is `[0, 0]`
/// (no line yet), a placeholder for records built field by field.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(from = "(u32, u32)", into = "(u32, u32)")]
pub struct LineSpan {
    /// First line (1-based).
    pub start: u32,
    /// Last line (1-based, inclusive).
    pub end: u32,
}

impl LineSpan {
    /// A span from `start` to `end` (swapped if given in the wrong order).
    pub fn new(start: u32, end: u32) -> Self {
        if start <= end {
            Self { start, end }
        } else {
            Self {
                start: end,
                end: start,
            }
        }
    }

    /// A span covering one line.
    pub fn line(n: u32) -> Self {
        Self { start: n, end: n }
    }

    /// The smallest span covering both.
    pub fn join(self, other: Self) -> Self {
        Self {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

impl From<(u32, u32)> for LineSpan {
    fn from((start, end): (u32, u32)) -> Self {
        Self::new(start, end)
    }
}

impl From<LineSpan> for (u32, u32) {
    fn from(s: LineSpan) -> Self {
        (s.start, s.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_as_pair() {
        let s = LineSpan::new(3, 5);
        assert_eq!(serde_json::to_string(&s).unwrap(), "[3,5]");
        let back: LineSpan = serde_json::from_str("[7,2]").unwrap();
        assert_eq!(back, LineSpan::new(2, 7));
    }
}
