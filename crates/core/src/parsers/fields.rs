//! Field-level helpers shared by the tool and vendor parsers (ping, traceroute, IKE logs...):
//! `host:port` splitting, millisecond values, tab expansion for column tables, log-line
//! timestamp prefixes and the `classify_enum!` macro for classification tables.
//!
//! Everything here works on one line or one token; nothing indexes input-derived positions.

use std::borrow::Cow;
use std::net::IpAddr;

/// Declares a classification enum: each variant is a netdiag category with the phrases that
/// mean it (a data table), anything else is kept in `Other(String)`. Unlike
/// `common::open_enum!` (one vendor word per variant, serialised as that word), a variant
/// here has many phrases and is serialised as its snake_case name; `Other` as the text itself.
/// `find_in` classifies free text by substring.
///
/// ```ignore
/// classify_enum! {
///     /// Tunnel status.
///     pub enum Status { /// Up.
///         Up = ["UP", "IPSec tunnel up"], /// Down.
///         Down = ["DOWN"] }
/// }
/// ```
macro_rules! classify_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = [ $($word:literal),+ $(,)? ] ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A word not in the table, kept as written.
            #[serde(untagged)]
            Other(String),
        }

        // Not every table uses every lookup.
        #[allow(dead_code)]
        impl $name {
            /// The words each known variant is written as (case-insensitive match).
            pub const WORDS: &'static [(&'static str, fn() -> $name)] = &[
                $( $( ($word, || $name::$variant), )+ )+
            ];

            /// Maps a word (trimmed, case-insensitive) to a variant, or `Other`.
            pub fn from_word(word: &str) -> Self {
                let w = word.trim();
                Self::WORDS
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(w))
                    .map_or_else(|| $name::Other(w.to_owned()), |(_, f)| f())
            }

            /// The first variant (in table order) one of whose words occurs in `text`,
            /// case-insensitively. Used to classify free-text messages.
            pub fn find_in(text: &str) -> Option<Self> {
                // Lower-cased once per table, so a lookup is one lower-casing of `text` plus
                // fast substring searches (this runs on every line of large logs).
                static LOWER: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
                let words = LOWER.get_or_init(|| {
                    Self::WORDS.iter().map(|(k, _)| k.to_ascii_lowercase()).collect()
                });
                let hay = text.to_ascii_lowercase();
                let present = $crate::parsers::fields::ByteSet::of(&hay);
                words
                    .iter()
                    .zip(Self::WORDS)
                    // Cheap rejections first (a word longer than the text, or with a byte the
                    // text lacks), then the substring search.
                    .find(|(w, _)| {
                        w.len() <= hay.len() && present.has_all(w) && hay.contains(w.as_str())
                    })
                    .map(|(_, (_, f))| f())
            }

            /// Like [`Self::from_word`] but `None` for words not in the table.
            pub fn known(word: &str) -> Option<Self> {
                let w = word.trim();
                Self::WORDS
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(w))
                    .map(|(_, f)| f())
            }
        }
    };
}
pub(crate) use classify_enum;

/// The ASCII bytes present in a text (non-ASCII bytes count as always present): a word with a
/// byte the text lacks cannot occur in it.
#[derive(Debug, Clone, Copy)]
pub struct ByteSet(u128);

impl ByteSet {
    /// The set of `text`'s ASCII bytes.
    pub fn of(text: &str) -> Self {
        Self(
            text.bytes()
                .filter(u8::is_ascii)
                .fold(0u128, |m, b| m | (1u128 << b)),
        )
    }

    /// False only when `word` has an ASCII byte that is not in the set.
    pub fn has_all(self, word: &str) -> bool {
        word.bytes()
            .all(|b| !b.is_ascii() || (self.0 & (1u128 << b)) != 0)
    }
}

/// ASCII case-insensitive substring test, without allocating.
pub fn contains_ci(hay: &str, needle: &str) -> bool {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let Some((first, rest)) = n.split_first() else {
        return true;
    };
    let first = first.to_ascii_lowercase();
    // Compare the rest only where the first byte matches.
    h.iter().enumerate().any(|(i, b)| {
        b.to_ascii_lowercase() == first
            && h.get(i + 1..i + n.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(rest))
    })
}

/// Expands tabs to 8-column stops so column offsets of a table line up with its header.
pub fn expand_tabs(s: &str) -> Cow<'_, str> {
    if !s.contains('\t') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    let mut col = 0usize;
    for c in s.chars() {
        if c == '\t' {
            let n = 8 - col % 8;
            out.extend(std::iter::repeat_n(' ', n));
            col += n;
        } else {
            out.push(c);
            col += 1;
        }
    }
    Cow::Owned(out)
}

/// Column start offsets (in chars) of a `---  -----  ---` separator line: where each dash run
/// begins. Tabs must be expanded first.
pub fn dash_columns(sep: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut prev = ' ';
    for (i, c) in sep.chars().enumerate() {
        if c == '-' && prev != '-' {
            out.push(i);
        }
        prev = c;
    }
    out
}

/// True for a separator line made of dash runs and spaces (`----  -----`).
pub fn is_dash_rule(t: &str) -> bool {
    let t = t.trim();
    t.len() >= 3
        && t.contains('-')
        && t.chars()
            .all(|c| c == '-' || c == ' ' || c == '+' || c == '|')
}

/// Cuts `line` into cells at column starts (char offsets): each whitespace-separated token goes
/// to the last column starting at or before the token's start, so a value that spills past
/// its column still lands in the right cell. Cells keep single spaces between tokens.
pub fn cells_by_starts(line: &str, starts: &[usize]) -> Vec<String> {
    let mut cells = vec![String::new(); starts.len().max(1)];
    let mut tok = String::new();
    let mut tok_start = 0usize;
    let push = |tok: &mut String, at: usize, cells: &mut Vec<String>| {
        if tok.is_empty() {
            return;
        }
        let idx = starts.iter().rposition(|s| *s <= at).unwrap_or(0);
        if let Some(cell) = cells.get_mut(idx) {
            if !cell.is_empty() {
                cell.push(' ');
            }
            cell.push_str(tok);
        }
        tok.clear();
    };
    for (i, c) in line.chars().enumerate() {
        if c.is_whitespace() {
            push(&mut tok, tok_start, &mut cells);
        } else {
            if tok.is_empty() {
                tok_start = i;
            }
            tok.push(c);
        }
    }
    push(&mut tok, tok_start, &mut cells);
    cells
}

/// True when `s` parses as an IPv4 or IPv6 address (strict).
pub fn is_ip(s: &str) -> bool {
    s.parse::<IpAddr>().is_ok()
}

/// Splits `addr:port`, `[v6]:port`, `v6:port` or `addr[port]` (strongSwan), for outputs that
/// always print a port. When the text before the last colon is neither an address nor a
/// colon-free name, the whole text is the address (`2001:db8::1` has no port). The port part
/// is returned as text so callers can read decimal ports or hex SPIs.
pub fn split_host_port(s: &str) -> (&str, Option<&str>) {
    let s = s.trim();
    if let Some(rest) = s.strip_prefix('[')
        && let Some((addr, tail)) = rest.split_once(']')
    {
        return (addr, tail.strip_prefix(':').filter(|p| !p.is_empty()));
    }
    if let Some(open) = s.find('[')
        && let Some(inner) = s.get(open + 1..).and_then(|r| r.strip_suffix(']'))
        && let Some(addr) = s.get(..open)
    {
        return (addr, Some(inner));
    }
    match s.rsplit_once(':') {
        // The colon test first: it decides most cases without parsing an address.
        Some((l, r)) if !r.is_empty() && !l.is_empty() && (!l.contains(':') || is_ip(l)) => {
            (l, Some(r))
        }
        _ => (s, None),
    }
}

/// Parses a decimal port number.
pub fn port(s: Option<&str>) -> Option<u16> {
    s.and_then(|p| p.trim().parse().ok())
}

/// Parses a float such as `12.4`, `0.038`, `1,234.5`.
pub fn float(s: &str) -> Option<f64> {
    let t = s.trim();
    let v: f64 = if t.contains(',') {
        t.replace(',', "").parse().ok()?
    } else {
        t.parse().ok()?
    };
    v.is_finite().then_some(v)
}

/// Parses an unsigned integer, allowing thousands separators.
pub fn uint<T: std::str::FromStr>(s: &str) -> Option<T> {
    let t = s.trim();
    if t.contains(',') {
        t.replace(',', "").parse().ok()
    } else {
        t.parse().ok()
    }
}

/// Normalises an SPI written in hex (`0x757D8003`, `A1B2C3D4`, `c9a5d5d1`) to lower case
/// without prefix; `None` if it is not hex.
pub fn spi_hex(s: &str) -> Option<String> {
    let t = s.trim();
    let t = t
        .strip_prefix("0x")
        .or_else(|| t.strip_prefix("0X"))
        .unwrap_or(t);
    (!t.is_empty() && t.len() <= 16 && t.chars().all(|c| c.is_ascii_hexdigit()))
        .then(|| t.to_ascii_lowercase())
}

/// Splits a log-line timestamp prefix off `line`. Recognised: syslog `Nov 22 10:15:06`,
/// ISO 8601 `2024-11-22T10:15:06.123+00:00`, `2024-11-22 10:15:06(.123)( +0000)`, and
/// `11/22/2024 10:15:06( AM)`. Returns the timestamp text and the rest (trimmed at the start).
pub fn split_timestamp(line: &str) -> (Option<&str>, &str) {
    let t = line.trim_start();
    let end = syslog_ts_len(t)
        .or_else(|| iso_ts_len(t))
        .or_else(|| us_ts_len(t));
    match end.and_then(|n| Some((t.get(..n)?, t.get(n..)?))) {
        Some((ts, rest)) => (Some(ts.trim_end()), rest.trim_start()),
        None => (None, t),
    }
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn digits_at(b: &[u8], at: usize, n: usize) -> bool {
    (at..at + n).all(|i| b.get(i).is_some_and(u8::is_ascii_digit))
}

/// `hh:mm:ss` at `at`, then optional `.fraction`. Returns the end offset.
fn clock_len(b: &[u8], at: usize) -> Option<usize> {
    let ok = digits_at(b, at, 2)
        && b.get(at + 2) == Some(&b':')
        && digits_at(b, at + 3, 2)
        && b.get(at + 5) == Some(&b':')
        && digits_at(b, at + 6, 2);
    if !ok {
        return None;
    }
    let mut end = at + 8;
    if matches!(b.get(end), Some(b'.' | b',')) && b.get(end + 1).is_some_and(u8::is_ascii_digit) {
        end += 1;
        while b.get(end).is_some_and(u8::is_ascii_digit) {
            end += 1;
        }
    }
    Some(end)
}

fn syslog_ts_len(t: &str) -> Option<usize> {
    let b = t.as_bytes();
    let mon = t.get(..3)?;
    if !MONTHS.contains(&mon) || b.get(3) != Some(&b' ') {
        return None;
    }
    // Day is space-padded: `Nov  2` or `Nov 22`.
    let mut at = 4;
    if b.get(at) == Some(&b' ') {
        at += 1;
    }
    let day_len = if digits_at(b, at, 2) {
        2
    } else if digits_at(b, at, 1) {
        1
    } else {
        return None;
    };
    at += day_len;
    if b.get(at) != Some(&b' ') {
        return None;
    }
    let mut end = clock_len(b, at + 1)?;
    // Optional year after the clock (`Nov 22 10:15:06 2024`).
    if b.get(end) == Some(&b' ') && digits_at(b, end + 1, 4) && b.get(end + 5) == Some(&b' ') {
        end += 5;
    }
    Some(end)
}

fn iso_ts_len(t: &str) -> Option<usize> {
    let b = t.as_bytes();
    let date = digits_at(b, 0, 4)
        && b.get(4) == Some(&b'-')
        && digits_at(b, 5, 2)
        && b.get(7) == Some(&b'-')
        && digits_at(b, 8, 2);
    if !date || !matches!(b.get(10), Some(b'T' | b' ')) {
        return None;
    }
    let mut end = clock_len(b, 11)?;
    // Zone: Z, +hh:mm, +hhmm, or ` +0000` after a space.
    match b.get(end) {
        Some(b'Z') => end += 1,
        Some(b'+' | b'-') => end = zone_len(b, end),
        Some(b' ') if matches!(b.get(end + 1), Some(b'+' | b'-')) && digits_at(b, end + 2, 4) => {
            end = zone_len(b, end + 1);
        }
        _ => {}
    }
    Some(end)
}

fn zone_len(b: &[u8], at: usize) -> usize {
    if digits_at(b, at + 1, 2) && b.get(at + 3) == Some(&b':') && digits_at(b, at + 4, 2) {
        at + 6
    } else if digits_at(b, at + 1, 4) {
        at + 5
    } else if digits_at(b, at + 1, 2) {
        at + 3
    } else {
        at
    }
}

fn us_ts_len(t: &str) -> Option<usize> {
    let b = t.as_bytes();
    // m/d/yyyy h:mm:ss( AM|PM)
    let mut at = 0;
    for sep in [b'/', b'/'] {
        let start = at;
        while b.get(at).is_some_and(u8::is_ascii_digit) {
            at += 1;
        }
        if at == start || at - start > 2 || b.get(at) != Some(&sep) {
            return None;
        }
        at += 1;
    }
    if !digits_at(b, at, 4) || b.get(at + 4) != Some(&b' ') {
        return None;
    }
    at += 5;
    // Hour may be one digit.
    let clock_start = if b.get(at + 1) == Some(&b':') {
        at.checked_sub(1)?
    } else {
        at
    };
    let mut end = if clock_start < at {
        // Pad check: treat `8:22:06` by validating from `at`.
        let ok = b.get(at).is_some_and(u8::is_ascii_digit)
            && b.get(at + 1) == Some(&b':')
            && digits_at(b, at + 2, 2)
            && b.get(at + 4) == Some(&b':')
            && digits_at(b, at + 5, 2);
        if !ok {
            return None;
        }
        at + 7
    } else {
        clock_len(b, at)?
    };
    let rest = t.get(end..)?;
    if rest.starts_with(" AM") || rest.starts_with(" PM") {
        end += 3;
    }
    Some(end)
}

/// A command echo or prompt line the user pasted together with the output
/// (`$ ping ...`, `C:\>tracert ...`, `PS C:\> Test-NetConnection ...`, `System:/> ike -stat`,
/// `FGT # diagnose ...`, `admin@PA-VM> show ...`). Parsers accept and skip these.
pub fn is_prompt_line(text: &str) -> bool {
    super::split::prompt(text).is_some() || text.trim_start().starts_with("/ # ")
}

/// Parses a `<n> ms` / `<n>ms` / `<1 ms` value. Returns (value, less-than flag).
pub fn ms_value(s: &str) -> Option<(f64, bool)> {
    let t = s.trim();
    let t = t
        .strip_suffix("ms")
        .or_else(|| t.strip_suffix("msec"))
        .unwrap_or(t)
        .trim();
    let (lt, t) = match t.strip_prefix('<') {
        Some(r) => (true, r.trim()),
        None => (false, t),
    };
    float(t).map(|v| (v, lt))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_set_rejects_only_missing_bytes() {
        let set = ByteSet::of("authentication_failed");
        assert!(set.has_all("auth"));
        assert!(set.has_all("failed"));
        assert!(set.has_all(""));
        assert!(!set.has_all("timeout"));
        assert!(!set.has_all("n(auth_failed)"));
        // Non-ASCII bytes are never a reason to reject.
        assert!(ByteSet::of("é").has_all("é"));
    }

    classify_enum! {
        /// Test enum.
        pub enum Colour {
            /// Red.
            Red = ["red", "rouge"],
            /// Blue.
            Blue = ["blue"],
        }
    }

    #[test]
    fn open_enum_maps_words_and_keeps_others() {
        assert_eq!(Colour::from_word(" ROUGE "), Colour::Red);
        assert_eq!(Colour::from_word("green"), Colour::Other("green".into()));
        assert_eq!(Colour::known("green"), None);
        assert_eq!(serde_json::to_string(&Colour::Blue).unwrap(), "\"blue\"");
        assert_eq!(
            serde_json::to_string(&Colour::Other("x".into())).unwrap(),
            "\"x\""
        );
    }

    #[test]
    fn host_port_forms() {
        assert_eq!(split_host_port("192.0.2.1:500"), ("192.0.2.1", Some("500")));
        assert_eq!(
            split_host_port("[2001:db8::1]:500"),
            ("2001:db8::1", Some("500"))
        );
        assert_eq!(
            split_host_port("2001:db8:1::18:500"),
            ("2001:db8:1::18", Some("500"))
        );
        assert_eq!(split_host_port("2001:db8::1"), ("2001:db8::1", None));
        assert_eq!(
            split_host_port("192.0.2.1[4500]"),
            ("192.0.2.1", Some("4500"))
        );
        assert_eq!(split_host_port("192.0.2.1"), ("192.0.2.1", None));
        assert_eq!(split_host_port("ext:192.0.2.1"), ("ext", Some("192.0.2.1")));
    }

    #[test]
    fn timestamps() {
        assert_eq!(
            split_timestamp("Nov 22 10:15:06 gw charon: x"),
            (Some("Nov 22 10:15:06"), "gw charon: x")
        );
        assert_eq!(
            split_timestamp("2024-11-22T12:00:00.123456+00:00 gw x"),
            (Some("2024-11-22T12:00:00.123456+00:00"), "gw x")
        );
        assert_eq!(
            split_timestamp("2024-11-22 10:15:06.123 +0000  [PNTF]: x"),
            (Some("2024-11-22 10:15:06.123 +0000"), "[PNTF]: x")
        );
        assert_eq!(
            split_timestamp("11/22/2024 8:22:06 PM rest"),
            (Some("11/22/2024 8:22:06 PM"), "rest")
        );
        assert_eq!(split_timestamp("no time here"), (None, "no time here"));
        assert_eq!(split_timestamp("Nov"), (None, "Nov"));
    }

    #[test]
    fn columns_from_dash_rule() {
        let starts = dash_columns("-  -------  -----");
        assert_eq!(starts, vec![0, 3, 12]);
        assert_eq!(
            cells_by_starts("1  C=SE,    Valid", &starts),
            vec!["1".to_owned(), "C=SE,".to_owned(), "Valid".to_owned()]
        );
        assert_eq!(
            cells_by_starts("   O=Ex, CN=x", &starts),
            vec![String::new(), "O=Ex, CN=x".to_owned(), String::new()]
        );
        assert!(is_dash_rule("----  ---"));
        assert!(!is_dash_rule("a-b"));
    }

    #[test]
    fn small_values() {
        assert_eq!(ms_value("<1 ms"), Some((1.0, true)));
        assert_eq!(ms_value("12ms"), Some((12.0, false)));
        assert_eq!(spi_hex("0x757D8003").as_deref(), Some("757d8003"));
        assert_eq!(spi_hex("xyz"), None);
        assert_eq!(expand_tabs("a\tb"), "a       b");
        assert_eq!(uint::<u64>("1,204"), Some(1204));
    }
}
