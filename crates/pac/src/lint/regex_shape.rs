//! A small structural reader of ECMAScript regular expressions, enough to spot shapes that
//! backtrack catastrophically: a repeated group whose body can match the same text in more
//! than one way (`(a+)+`, `(.*)*`, `(\w+\s?)+`, `(a|aa)+`). It never runs the regex.

/// Characters an item can match: ASCII as a bitset, everything else as one flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct CharSet {
    ascii: u128,
    other: bool,
}

impl CharSet {
    const ANY: Self = Self {
        ascii: u128::MAX,
        other: true,
    };

    fn one(c: char, fold: bool) -> Self {
        let mut s = Self::default();
        s.add(c, fold);
        s
    }

    fn add(&mut self, c: char, fold: bool) {
        if c.is_ascii() {
            self.ascii |= 1u128 << (c as u32);
            if fold {
                self.ascii |= 1u128 << (c.to_ascii_lowercase() as u32);
                self.ascii |= 1u128 << (c.to_ascii_uppercase() as u32);
            }
        } else {
            self.other = true;
        }
    }

    fn add_range(&mut self, lo: char, hi: char, fold: bool) {
        if !hi.is_ascii() {
            self.other = true;
        }
        let (lo, hi) = (lo as u32, (hi as u32).min(127));
        for c in lo..=hi {
            if let Some(ch) = char::from_u32(c) {
                self.add(ch, fold);
            }
        }
    }

    fn union(self, o: Self) -> Self {
        Self {
            ascii: self.ascii | o.ascii,
            other: self.other || o.other,
        }
    }

    fn overlaps(self, o: Self) -> bool {
        self.ascii & o.ascii != 0 || (self.other && o.other)
    }

    fn complement(self) -> Self {
        Self {
            ascii: !self.ascii,
            other: true,
        }
    }

    fn class(c: char) -> Option<Self> {
        let mut s = Self::default();
        match c.to_ascii_lowercase() {
            'd' => s.add_range('0', '9', false),
            'w' => {
                s.add_range('a', 'z', false);
                s.add_range('A', 'Z', false);
                s.add_range('0', '9', false);
                s.add('_', false);
            }
            's' => {
                for ch in [' ', '\t', '\n', '\r', '\u{b}', '\u{c}'] {
                    s.add(ch, false);
                }
                s.other = true;
            }
            _ => return None,
        }
        Some(if c.is_ascii_uppercase() {
            s.complement()
        } else {
            s
        })
    }
}

#[derive(Debug)]
enum Atom {
    Set(CharSet),
    /// A group: its branches and where its text starts and ends in the pattern.
    Group(Vec<Vec<Item>>, usize, usize),
    /// A lookaround: zero-width, but its body is still checked.
    Look(Vec<Vec<Item>>),
    /// Zero-width: anchors, word boundaries.
    Assert,
}

#[derive(Debug)]
struct Item {
    atom: Atom,
    min: u32,
    /// `None`: unbounded.
    max: Option<u32>,
}

/// Why a pattern is dangerous, with the offending group as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Danger {
    pub reason: &'static str,
    pub group: String,
}

/// Longest pattern analysed; beyond it the check stays silent rather than slow.
const MAX_PATTERN: usize = 200_000;
/// Deepest group nesting followed (bounds recursion).
const MAX_DEPTH: usize = 64;

/// The first catastrophic-backtracking shape in `pattern`, if any.
pub(crate) fn analyse(pattern: &str, flags: &str) -> Option<Danger> {
    if pattern.len() > MAX_PATTERN {
        return None;
    }
    let chars: Vec<char> = pattern.chars().collect();
    let mut p = Reader {
        s: &chars,
        i: 0,
        fold: flags.contains('i'),
        depth: 0,
    };
    let (alt, _) = p.alternation()?;
    find_danger(&alt, &chars)
}

struct Reader<'a> {
    s: &'a [char],
    i: usize,
    fold: bool,
    depth: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<char> {
        self.s.get(self.i).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek();
        self.i += 1;
        c
    }

    /// Branches, and the index where the group's text ends.
    fn alternation(&mut self) -> Option<(Vec<Vec<Item>>, usize)> {
        let mut branches = vec![Vec::new()];
        while let Some(c) = self.peek() {
            match c {
                ')' => break,
                '|' => {
                    self.i += 1;
                    branches.push(Vec::new());
                }
                _ => {
                    let atom = self.atom()?;
                    let (min, max) = self.quantifier();
                    branches.last_mut()?.push(Item { atom, min, max });
                }
            }
        }
        Some((branches, self.i))
    }

    fn atom(&mut self) -> Option<Atom> {
        let fold = self.fold;
        let c = self.next()?;
        Some(match c {
            '^' | '$' => Atom::Assert,
            '.' => Atom::Set(CharSet::ANY),
            '[' => Atom::Set(self.class()),
            '(' => {
                let start = self.i - 1;
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return None;
                }
                let mut look = false;
                if self.peek() == Some('?') {
                    self.i += 1;
                    match self.next() {
                        Some(':') => {}
                        Some('=' | '!') => look = true,
                        Some('<') => match self.peek() {
                            Some('=' | '!') => {
                                self.i += 1;
                                look = true;
                            }
                            _ => {
                                while let Some(ch) = self.next() {
                                    if ch == '>' {
                                        break;
                                    }
                                }
                            }
                        },
                        _ => {}
                    }
                }
                let (alt, _) = self.alternation()?;
                self.i += 1; // ')'
                self.depth -= 1;
                if look {
                    Atom::Look(alt)
                } else {
                    Atom::Group(alt, start, self.i.min(self.s.len()))
                }
            }
            '\\' => self.escape(false).map_or(Atom::Assert, Atom::Set),
            other => Atom::Set(CharSet::one(other, fold)),
        })
    }

    /// An escape after `\`; `None` for zero-width ones (`\b`, `\B`).
    fn escape(&mut self, in_class: bool) -> Option<CharSet> {
        let fold = self.fold;
        let c = self.next()?;
        if let Some(s) = CharSet::class(c) {
            return Some(s);
        }
        Some(match c {
            'b' if in_class => CharSet::one('\u{8}', false),
            'b' | 'B' => return None,
            'n' => CharSet::one('\n', false),
            'r' => CharSet::one('\r', false),
            't' => CharSet::one('\t', false),
            'f' => CharSet::one('\u{c}', false),
            'v' => CharSet::one('\u{b}', false),
            'x' => self
                .hex(2)
                .map_or(CharSet::one('x', fold), |ch| CharSet::one(ch, fold)),
            'u' => self
                .hex(4)
                .map_or(CharSet::one('u', fold), |ch| CharSet::one(ch, fold)),
            // Back-references, \p{..}, \k<..>: could be anything.
            '1'..='9' | 'p' | 'P' | 'k' => CharSet::ANY,
            other => CharSet::one(other, fold),
        })
    }

    fn hex(&mut self, n: usize) -> Option<char> {
        let digits: String = self.s.get(self.i..self.i + n)?.iter().collect();
        let v = u32::from_str_radix(&digits, 16).ok()?;
        self.i += n;
        char::from_u32(v)
    }

    fn class(&mut self) -> CharSet {
        let fold = self.fold;
        let negate = self.peek() == Some('^');
        if negate {
            self.i += 1;
        }
        let mut set = CharSet::default();
        let mut first = true;
        while let Some(c) = self.next() {
            if c == ']' && !first {
                break;
            }
            first = false;
            let lo = if c == '\\' {
                match self.escape(true) {
                    Some(s) if s.ascii.count_ones() == 1 && !s.other => {
                        char::from_u32(s.ascii.trailing_zeros()).unwrap_or('\0')
                    }
                    Some(s) => {
                        set = set.union(s);
                        continue;
                    }
                    None => continue,
                }
            } else {
                c
            };
            if self.peek() == Some('-') && self.s.get(self.i + 1).is_some_and(|n| *n != ']') {
                self.i += 1;
                let hi = match self.next() {
                    Some('\\') => self
                        .escape(true)
                        .filter(|s| s.ascii.count_ones() == 1)
                        .and_then(|s| char::from_u32(s.ascii.trailing_zeros()))
                        .unwrap_or(lo),
                    Some(h) => h,
                    None => lo,
                };
                if lo <= hi {
                    set.add_range(lo, hi, fold);
                }
            } else {
                set.add(lo, fold);
            }
        }
        if negate { set.complement() } else { set }
    }

    fn quantifier(&mut self) -> (u32, Option<u32>) {
        let q = match self.peek() {
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('?') => (0, Some(1)),
            Some('{') => match self.braces() {
                Some(q) => q,
                // Not a quantifier: a literal `{` (Annex B), read as the next atom.
                None => return (1, Some(1)),
            },
            _ => return (1, Some(1)),
        };
        if matches!(self.peek(), Some('*' | '+' | '?')) {
            self.i += 1;
        }
        if self.peek() == Some('?') {
            self.i += 1; // lazy: backtracks all the same
        }
        q
    }

    /// `{n}`, `{n,}`, `{n,m}`; consumes through `}`.
    fn braces(&mut self) -> Option<(u32, Option<u32>)> {
        let rest: String = self.s.get(self.i + 1..)?.iter().take(24).collect();
        let end = rest.find('}')?;
        let body = rest.get(..end)?;
        let (min, max) = match body.split_once(',') {
            Some((a, "")) => (a.parse().ok()?, None),
            Some((a, b)) => (a.parse().ok()?, Some(b.parse().ok()?)),
            None => {
                let n = body.parse().ok()?;
                (n, Some(n))
            }
        };
        self.i += end + 2;
        Some((min, max))
    }
}

/// Everything an item can match.
fn chars_of(item: &Item) -> CharSet {
    match &item.atom {
        Atom::Set(s) => *s,
        Atom::Assert | Atom::Look(_) => CharSet::default(),
        Atom::Group(alt, ..) => alt
            .iter()
            .flatten()
            .fold(CharSet::default(), |acc, i| acc.union(chars_of(i))),
    }
}

fn nullable(item: &Item) -> bool {
    item.min == 0
        || match &item.atom {
            Atom::Set(_) => false,
            Atom::Assert | Atom::Look(_) => true,
            Atom::Group(alt, ..) => alt.iter().any(|b| b.iter().all(nullable)),
        }
}

/// What a branch can start with.
fn first_of(branch: &[Item]) -> CharSet {
    let mut acc = CharSet::default();
    for item in branch {
        acc = acc.union(match &item.atom {
            Atom::Group(alt, ..) => alt
                .iter()
                .fold(CharSet::default(), |a, b| a.union(first_of(b))),
            _ => chars_of(item),
        });
        if !nullable(item) {
            break;
        }
    }
    acc
}

/// True when the item can match a varying number of repetitions (so text can shift between
/// it and its neighbours).
fn repeats(item: &Item) -> bool {
    item.max.is_none_or(|m| m > item.min && m > 1)
        || match &item.atom {
            Atom::Group(alt, ..) => alt.iter().flatten().any(repeats),
            _ => false,
        }
}

fn find_danger(alt: &[Vec<Item>], src: &[char]) -> Option<Danger> {
    for branch in alt {
        for item in branch {
            match &item.atom {
                Atom::Group(inner, start, end) => {
                    if item.max.is_none()
                        && let Some(reason) = ambiguous_body(inner)
                    {
                        let text: String =
                            src.get(*start..*end).unwrap_or_default().iter().collect();
                        return Some(Danger {
                            reason,
                            group: super::clip(&text, 80),
                        });
                    }
                    if let Some(d) = find_danger(inner, src) {
                        return Some(d);
                    }
                }
                Atom::Look(inner) => {
                    if let Some(d) = find_danger(inner, src) {
                        return Some(d);
                    }
                }
                _ => {}
            }
        }
    }
    None
}

/// Why one iteration of a repeated group can split the same text in several ways.
fn ambiguous_body(alt: &[Vec<Item>]) -> Option<&'static str> {
    if alt.len() > 1 {
        if alt.iter().any(|b| b.iter().all(nullable)) {
            return Some("an alternative of the repeated group can match the empty string");
        }
        let firsts: Vec<CharSet> = alt.iter().map(|b| first_of(b)).collect();
        for (i, a) in firsts.iter().enumerate() {
            if firsts.iter().skip(i + 1).any(|b| a.overlaps(*b)) {
                return Some("alternatives of the repeated group can match the same text");
            }
        }
    }
    for branch in alt {
        for (qi, q) in branch.iter().enumerate() {
            if !repeats(q) {
                continue;
            }
            let qs = chars_of(q);
            // Another mandatory item that the repeated one cannot match pins each iteration.
            let pinned = branch
                .iter()
                .enumerate()
                .any(|(j, o)| j != qi && !nullable(o) && !chars_of(o).overlaps(qs));
            if !pinned {
                return Some("a quantifier inside a repeated group (nested quantifiers)");
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bad(p: &str) -> bool {
        analyse(p, "").is_some()
    }

    #[test]
    fn classic_catastrophic_shapes() {
        for p in [
            "(a+)+",
            "(.*)*",
            "(a|aa)+",
            "^(\\w+\\s?)+$",
            "(x+x+)+y",
            "(.*\\.)+com",
            "((ab)*)+",
            "(?:[a-z]*)*",
            "(a|)+",
            "^([a-z]+)*$",
        ] {
            assert!(bad(p), "{p} should be flagged");
        }
    }

    #[test]
    fn safe_shapes_stay_quiet() {
        for p in [
            "^([a-z0-9-]+\\.)+example\\.com$",
            "^(?:[\\w-]+\\.)*?(?:ads\\.|banner\\.)",
            "(a|b)+",
            "^(0|10|127|192\\.168)\\.[0-9.]+$",
            "a+b+",
            "(ab)+",
            "(\\d{1,3}\\.){3}\\d{1,3}",
            "^(trust|ips).(zscaler|zscloud).(com|net)$",
            "[(]+",
            "\\(a+\\)+",
            "(a{2})+",
        ] {
            assert!(!bad(p), "{p} should not be flagged");
        }
    }

    #[test]
    fn case_folding_and_escapes() {
        assert!(analyse("(A|a)+", "i").is_some());
        assert!(analyse("(A|a)+", "").is_none());
        assert!(bad("(\\x41+)+"));
        assert!(!bad("[\\]]+"));
        // Unbalanced input never panics.
        for p in ["(", ")", "[", "(?<", "a{", "\\", "(?", "{1,"] {
            let _ = analyse(p, "");
        }
    }
}
