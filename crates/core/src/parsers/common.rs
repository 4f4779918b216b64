//! Shared nom helpers for parsers: addresses, counters, key/value pairs, table columns and
//! durations. All use `nom::*::complete` (pasted text is complete input) and never index or
//! unwrap input-derived values.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use nom::branch::alt;
use nom::bytes::complete::{tag, take_while1};
use nom::character::complete::{char, space0};
use nom::combinator::{map_res, opt, recognize};
use nom::multi::many1;
use nom::sequence::terminated;
use nom::{Finish, IResult, Parser};

use super::{Line, ParseError};
use crate::LineSpan;

/// Defines an open enum of vendor words: known words get variants, anything else is kept in
/// `Other(String)` so a new state word never fails a parse. Matching is case-insensitive;
/// serialises as the (first) vendor word.
///
/// ```ignore
/// open_enum! {
///     /// ISAKMP SA state.
///     pub enum IsakmpState {
///         /// Phase 1 up, quick mode idle.
///         QmIdle => "QM_IDLE",
///         /// Main mode, nothing exchanged.
///         MmNoState => "MM_NO_STATE" | "MM_NO_STATE_",
///     }
/// }
/// ```
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $word:literal $(| $alias:literal)* ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A word this version of netdiag does not know, kept verbatim.
            Other(String),
        }

        impl $name {
            /// Reads a vendor word (case-insensitive); unknown words become `Other`.
            pub fn parse(s: &str) -> Self {
                let t = s.trim();
                $(
                    if t.eq_ignore_ascii_case($word) $(|| t.eq_ignore_ascii_case($alias))* {
                        return Self::$variant;
                    }
                )*
                Self::Other(t.to_owned())
            }

            /// The vendor word.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $word, )*
                    Self::Other(s) => s.as_str(),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        // The vendor word back to the variant (as `parse` reads it), so JSON round-trips.
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let word = <String as ::serde::Deserialize>::deserialize(d)?;
                Ok(Self::parse(&word))
            }
        }
    };
}
pub(crate) use open_enum;

/// IP address family of a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IpFamily {
    /// IPv4.
    Ipv4,
    /// IPv6.
    Ipv6,
}

impl IpFamily {
    /// The family of an address-like token (`:` means IPv6).
    pub fn of(addr: &str) -> Self {
        if addr.contains(':') {
            Self::Ipv6
        } else {
            Self::Ipv4
        }
    }
}

/// nom's default error over `&str`.
pub type NomError<'a> = nom::error::Error<&'a str>;

/// Runs `parser` on the whole of `input` and converts a failure into a [`ParseError`] at `line`.
pub fn run<'a, O>(
    line: u32,
    input: &'a str,
    mut parser: impl Parser<&'a str, Output = O, Error = NomError<'a>>,
) -> Result<(&'a str, O), ParseError> {
    parser
        .parse(input)
        .finish()
        .map_err(|e| ParseError::Syntax {
            line,
            message: format!("{:?} at {:?}", e.code, truncate(e.input, 40)),
        })
}

/// Runs `parser` and returns its output only when it matched (rest ignored).
pub fn try_parse<'a, O>(
    input: &'a str,
    mut parser: impl Parser<&'a str, Output = O, Error = NomError<'a>>,
) -> Option<O> {
    parser.parse(input).finish().ok().map(|(_, o)| o)
}

fn truncate(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => s.get(..i).unwrap_or(s),
        None => s,
    }
}

/// An IPv4 address.
pub fn ipv4(i: &str) -> IResult<&str, Ipv4Addr> {
    map_res(
        take_while1(|c: char| c.is_ascii_digit() || c == '.'),
        str::parse::<Ipv4Addr>,
    )
    .parse(i)
}

/// An IPv6 address (also with an embedded IPv4 tail).
pub fn ipv6(i: &str) -> IResult<&str, Ipv6Addr> {
    map_res(
        take_while1(|c: char| c.is_ascii_hexdigit() || c == ':' || c == '.'),
        str::parse::<Ipv6Addr>,
    )
    .parse(i)
}

/// An IPv4 or IPv6 address.
pub fn ip_addr(i: &str) -> IResult<&str, IpAddr> {
    map_res(
        take_while1(|c: char| c.is_ascii_hexdigit() || c == ':' || c == '.'),
        str::parse::<IpAddr>,
    )
    .parse(i)
}

/// An address-like token, kept as text: hex digits, `.`, `:` and an optional `%zone` or
/// `/len`. Output that prints scrubbed or odd addresses (`100.0.10::2`) still parses.
pub fn addr_token(i: &str) -> IResult<&str, &str> {
    recognize((
        take_while1(|c: char| c.is_ascii_hexdigit() || c == ':' || c == '.'),
        opt((
            alt((char('%'), char('/'))),
            take_while1(|c: char| c.is_ascii_alphanumeric()),
        )),
    ))
    .parse(i)
}

/// True when `s` looks like an IPv4 or IPv6 address (loosely, see [`addr_token`]).
pub fn is_addr(s: &str) -> bool {
    let has_sep = s.contains('.') || s.contains(':');
    has_sep && s.chars().any(|c| c.is_ascii_digit()) && matches!(addr_token(s), Ok(("", _)))
}

/// A decimal counter, with optional thousands separators (`1,234,567`).
///
/// Read by hand rather than with nom combinators: `many0` and the comma-stripped copy allocated
/// for every counter, and IPsec outputs are mostly counters. Same result as
/// `map_res(recognize((digit1, many0((char(','), digit1)))), |s| s.replace(',', "").parse())`:
/// a number that overflows `u64` is an error.
pub fn counter(i: &str) -> IResult<&str, u64> {
    let b = i.as_bytes();
    let digits = |from: usize| {
        b.get(from..)
            .map_or(0, |r| r.iter().take_while(|c| c.is_ascii_digit()).count())
    };
    let mut end = digits(0);
    if end == 0 {
        return Err(nom::Err::Error(nom::error::Error::new(
            i,
            nom::error::ErrorKind::Digit,
        )));
    }
    // `,` followed by at least one digit continues the number.
    while b.get(end) == Some(&b',') {
        let n = digits(end + 1);
        if n == 0 {
            break;
        }
        end += 1 + n;
    }
    let value = b
        .get(..end)
        .unwrap_or_default()
        .iter()
        .filter(|c| c.is_ascii_digit())
        .try_fold(0u64, |v, &c| {
            v.checked_mul(10)?.checked_add(u64::from(c - b'0'))
        });
    match (value, i.get(end..)) {
        (Some(v), Some(rest)) => Ok((rest, v)),
        _ => Err(nom::Err::Error(nom::error::Error::new(
            i,
            nom::error::ErrorKind::MapRes,
        ))),
    }
}

/// Parses a whole token as a counter (`"1,024"` → 1024); `None` for anything else.
pub fn parse_counter(s: &str) -> Option<u64> {
    match counter(s.trim()) {
        Ok(("", n)) => Some(n),
        _ => None,
    }
}

/// Parses a whole token as a number of type `T`.
pub fn parse_num<T: std::str::FromStr>(s: &str) -> Option<T> {
    s.trim().parse().ok()
}

/// A `key: value` line (first colon), both sides trimmed. `None` when there is no colon or the
/// key is empty.
pub fn key_value(line: &str) -> Option<(&str, &str)> {
    let (k, v) = line.split_once(':')?;
    let k = k.trim();
    if k.is_empty() {
        None
    } else {
        Some((k, v.trim()))
    }
}

/// Splits `a: 1, b: 2, c: 3` into pairs (separator `sep` between key and value, `,` between
/// pairs). Pieces without the separator are skipped.
pub fn comma_pairs(line: &str, sep: char) -> Vec<(&str, &str)> {
    line.split(',')
        .filter_map(|p| p.split_once(sep))
        .map(|(k, v)| (k.trim(), v.trim()))
        .filter(|(k, _)| !k.is_empty())
        .collect()
}

/// `Key : value   Other Key: value` pairs of column-aligned output (ASA `show vpn-sessiondb`,
/// `show crypto ikev1 sa`). Pairs are separated by two or more spaces; a key may be padded
/// before its colon; values keep single spaces and inner colons (`09:32:03 UTC Mon ...`).
pub fn aligned_pairs(line: &str) -> Vec<(&str, &str)> {
    let mut segs: Vec<&str> = Vec::new();
    let mut rest = line.trim();
    while !rest.is_empty() {
        match rest.find("  ") {
            Some(i) => {
                if let Some(seg) = rest.get(..i) {
                    segs.push(seg.trim());
                }
                rest = rest.get(i..).unwrap_or("").trim_start();
            }
            None => {
                segs.push(rest);
                rest = "";
            }
        }
    }
    let mut out = Vec::new();
    let mut pending: Option<&str> = None;
    for seg in segs {
        if let Some(v) = seg.strip_prefix(':') {
            if let Some(k) = pending.take()
                && !v.trim().is_empty()
            {
                out.push((k, v.trim()));
            }
        } else if let Some((k, v)) = seg.split_once(':') {
            pending = None;
            if v.trim().is_empty() {
                // `Filter Name  :` has no value; keep the key for a value in the next segment.
                pending = Some(k.trim());
            } else {
                out.push((k.trim(), v.trim()));
            }
        } else {
            pending = Some(seg);
        }
    }
    out
}

/// The text after `key` in `line`, up to the next comma (trimmed). `find_after("a x, b y", "b")` → `"y"`.
pub fn value_after<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let pos = find_str(line, key)?;
    let rest = line.get(pos + key.len()..)?;
    let rest = rest.trim_start_matches([' ', ':', '=', '\t']);
    let end = rest.find(',').unwrap_or(rest.len());
    rest.get(..end).map(str::trim)
}

/// The byte offset of the first `needle` in `hay`, as `hay.find(needle)` gives it, for the
/// short lines of device output: a scan for the needle's first byte and a comparison where
/// it occurs. `str::find` prepares a two-way searcher on every call, which cost more than the
/// search itself on lines of 50–100 bytes. A match always starts on a character boundary
/// (a UTF-8 needle never starts with a continuation byte).
pub fn find_str(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let Some((&first, rest)) = n.split_first() else {
        return Some(0);
    };
    let last_start = h.len().checked_sub(n.len())?;
    let mut i = 0usize;
    while i <= last_start {
        let p = h.get(i..=last_start)?.iter().position(|&b| b == first)?;
        i += p;
        if h.get(i + 1..i + n.len()) == Some(rest) {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// `hay.split_once(needle)` through [`find_str`].
pub fn split_once_str<'a>(hay: &'a str, needle: &str) -> Option<(&'a str, &'a str)> {
    let pos = find_str(hay, needle)?;
    Some((hay.get(..pos)?, hay.get(pos + needle.len()..)?))
}

/// The whitespace-separated word after `key` in `line`.
pub fn word_after<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let pos = find_str(line, key)?;
    let rest = line.get(pos + key.len()..)?;
    rest.trim_start_matches([' ', ':', '=', '\t'])
        .split_whitespace()
        .next()
        .map(|w| w.trim_end_matches(','))
}

/// Whitespace-separated tokens of `line` with their byte offsets.
pub fn tokens(line: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in line.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take()
                && let Some(t) = line.get(s..i)
            {
                out.push((s, t));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start
        && let Some(t) = line.get(s..)
    {
        out.push((s, t));
    }
    out
}

/// A table header: the byte offset where each named column starts. Columns not present are
/// absent, so reordered or missing columns still work. Names are matched as whole tokens,
/// case-insensitively.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    cols: Vec<(String, usize)>,
}

impl Header {
    /// Reads a header line. `None` unless at least `min` of `names` are present.
    pub fn read(line: &str, names: &[&str], min: usize) -> Option<Self> {
        let toks = tokens(line);
        let cols: Vec<(String, usize)> = toks
            .iter()
            .filter_map(|(off, t)| {
                let lt = t.to_ascii_lowercase();
                names
                    .iter()
                    .find(|n| n.eq_ignore_ascii_case(&lt))
                    .map(|n| (n.to_ascii_lowercase(), *off))
            })
            .collect();
        (cols.len() >= min).then_some(Self { cols })
    }

    /// Column names in header order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.cols.iter().map(|(n, _)| n.as_str())
    }

    /// Position of `name` among the header's columns.
    pub fn index(&self, name: &str) -> Option<usize> {
        self.cols
            .iter()
            .position(|(n, _)| n.eq_ignore_ascii_case(name))
    }

    /// Cuts `line` at the header's column offsets (useful when cells may be empty). Each cell
    /// starts at its column's offset, or earlier when the token under it started earlier.
    pub fn cells<'a>(&self, line: &'a str) -> Vec<Option<&'a str>> {
        let toks = tokens(line);
        let mut cells: Vec<Vec<&'a str>> = vec![Vec::new(); self.cols.len()];
        for (off, t) in toks {
            let end = off + t.len();
            // The token belongs to the last column whose start is before the token's end.
            let idx = self.cols.iter().rposition(|(_, c)| *c < end).unwrap_or(0);
            if let Some(cell) = cells.get_mut(idx) {
                cell.push(t);
            }
        }
        cells
            .into_iter()
            .map(|parts| {
                let first = parts.first()?;
                let last = parts.last()?;
                // Re-slice the original text so inner spacing is kept.
                let start = first.as_ptr() as usize - line.as_ptr() as usize;
                let end = last.as_ptr() as usize - line.as_ptr() as usize + last.len();
                line.get(start..end)
            })
            .collect()
    }
}

/// `hh:mm:ss` (or `mm:ss`) as seconds.
pub fn clock_duration(i: &str) -> IResult<&str, u64> {
    let (i, a) = counter(i)?;
    let (i, _) = char(':')(i)?;
    let (i, b) = counter(i)?;
    let (i, c) = opt((char(':'), counter)).parse(i)?;
    Ok(match c {
        Some((_, c)) => (i, a * 3600 + b * 60 + c),
        None => (i, a * 60 + b),
    })
}

/// A compact duration such as `1w2d`, `2d03h`, `01:02:03`, `3h25m`, `45s` or a plain number of
/// seconds, as seconds.
pub fn duration(i: &str) -> IResult<&str, u64> {
    alt((clock_duration, unit_duration)).parse(i)
}

fn unit_duration(i: &str) -> IResult<&str, u64> {
    let part = (
        counter,
        space0,
        alt((
            tag("weeks"),
            tag("week"),
            tag("w"),
            tag("days"),
            tag("day"),
            tag("d"),
            tag("hours"),
            tag("hour"),
            tag("h"),
            tag("minutes"),
            tag("min"),
            tag("m"),
            tag("seconds"),
            tag("sec"),
            tag("s"),
        )),
    );
    let (i, parts) = many1(terminated(part, space0)).parse(i)?;
    let total = parts.iter().fold(0u64, |acc, (n, _, unit)| {
        let mul = match unit.chars().next() {
            Some('w') => 604_800,
            Some('d') => 86_400,
            Some('h') => 3_600,
            Some('m') => 60,
            _ => 1,
        };
        acc.saturating_add(n.saturating_mul(mul))
    });
    Ok((i, total))
}

/// Parses a whole string as a [`duration`].
pub fn parse_duration(s: &str) -> Option<u64> {
    let s = s.trim();
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse().ok();
    }
    match duration(s) {
        Ok((rest, n)) if rest.trim().is_empty() => Some(n),
        _ => None,
    }
}

/// The span of a run of lines (first to last), or `None` for an empty slice.
pub fn span_of(lines: &[Line<'_>]) -> Option<LineSpan> {
    Some(LineSpan::new(lines.first()?.no, lines.last()?.no))
}

/// Collects the numbers of `lines` into spans of consecutive lines.
pub fn spans(nos: impl IntoIterator<Item = u32>) -> Vec<LineSpan> {
    let mut out: Vec<LineSpan> = Vec::new();
    for n in nos {
        match out.last_mut() {
            Some(s) if s.end + 1 == n => s.end = n,
            _ => out.push(LineSpan::line(n)),
        }
    }
    out
}

/// True when a line has nothing but whitespace.
pub fn is_blank(line: &Line<'_>) -> bool {
    super::split::is_blank_text(line.text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counter_agrees_with_the_nom_combinators() {
        fn reference(i: &str) -> IResult<&str, u64> {
            use nom::character::complete::digit1;
            map_res(
                recognize((digit1, nom::multi::many0((char(','), digit1)))),
                |s: &str| s.replace(',', "").parse::<u64>(),
            )
            .parse(i)
        }
        for i in [
            "",
            "x",
            "0",
            "12",
            "1,234",
            "1,234,567 x",
            "1,",
            "1,,2",
            "12,a",
            ",1",
            "007",
            "18446744073709551615",
            "18446744073709551616",
            "99999999999999999999999",
            "1,844,674,407,370,955,161,6",
            "5 pkts",
            "١٢",
        ] {
            assert_eq!(counter(i), reference(i), "{i:?}");
        }
    }

    #[test]
    fn find_str_agrees_with_str_find() {
        let hays = [
            "",
            "a",
            "plaintext mtu 1438, path mtu 1500, ip mtu 1500, ip mtu idb Gi1",
            "Remote 192.0.2.1:500: Local 203.0.113.20:500: [SEND] x",
            "ééé: Local é",
            "aaaab",
            "abab",
        ];
        let needles = [
            "", "a", "b", "ab", "aab", "mtu idb", ": Local ", "é", "x", "zz", "aaaab", "aaaaab",
        ];
        for h in hays {
            for n in needles {
                assert_eq!(find_str(h, n), h.find(n), "{h:?} {n:?}");
                assert_eq!(split_once_str(h, n), h.split_once(n), "{h:?} {n:?}");
            }
        }
    }

    #[test]
    fn addresses() {
        assert_eq!(ipv4("192.0.2.1 x").unwrap().1, Ipv4Addr::new(192, 0, 2, 1));
        assert!(ipv4("300.1.1.1").is_err());
        assert_eq!(ipv6("2001:db8::1").unwrap().1.to_string(), "2001:db8::1");
        assert!(ip_addr("2001:db8::1").is_ok());
        assert_eq!(
            addr_token("100.0.10::2 QM").unwrap(),
            (" QM", "100.0.10::2")
        );
        assert_eq!(addr_token("fe80::1%Gi1 x").unwrap().1, "fe80::1%Gi1");
        assert!(is_addr("192.0.2.1"));
        assert!(!is_addr("dst"));
        assert!(!is_addr("29609"));
    }

    #[test]
    fn counters_and_pairs() {
        assert_eq!(parse_counter("1,234,567"), Some(1_234_567));
        assert_eq!(parse_counter("12x"), None);
        assert_eq!(key_value("  local  ident: x"), Some(("local  ident", "x")));
        assert_eq!(
            comma_pairs("#pkts encaps: 10, #pkts encrypt: 9", ':'),
            vec![("#pkts encaps", "10"), ("#pkts encrypt", "9")]
        );
        assert_eq!(
            value_after("path mtu 1500, ip mtu 1500", "ip mtu"),
            Some("1500")
        );
        assert_eq!(word_after("spi: 0x1A2B(123) x", "spi"), Some("0x1A2B(123)"));
    }

    #[test]
    fn aligned_pairs_of_asa_output() {
        assert_eq!(
            aligned_pairs(" Index        : 1                      IP Addr      : 192.0.2.1"),
            vec![("Index", "1"), ("IP Addr", "192.0.2.1")]
        );
        assert_eq!(
            aligned_pairs("  Rekey Int (T): 86400 Seconds          Rekey Left(T): 63814 Seconds"),
            vec![
                ("Rekey Int (T)", "86400 Seconds"),
                ("Rekey Left(T)", "63814 Seconds")
            ]
        );
        assert_eq!(
            aligned_pairs(" Login Time   : 09:32:03 UTC Mon Aug 2 2004"),
            vec![("Login Time", "09:32:03 UTC Mon Aug 2 2004")]
        );
        assert_eq!(
            aligned_pairs("    Type    : L2L             Role    : initiator"),
            vec![("Type", "L2L"), ("Role", "initiator")]
        );
        assert!(aligned_pairs(" Filter Name  :").is_empty());
    }

    #[test]
    fn header_cells_handle_empty_cells() {
        let h = Header::read(
            "C-id  Local           Remote          I-VRF  Status Encr",
            &["c-id", "local", "remote", "i-vrf", "status", "encr"],
            4,
        )
        .unwrap();
        let cells = h.cells("29493 100.0.10.2      100.12.134.2           ACTIVE aes");
        assert_eq!(
            cells,
            vec![
                Some("29493"),
                Some("100.0.10.2"),
                Some("100.12.134.2"),
                None,
                Some("ACTIVE"),
                Some("aes")
            ]
        );
        assert_eq!(h.index("status"), Some(4));
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("00:01:47"), Some(107));
        assert_eq!(parse_duration("1w2d"), Some(8 * 86_400 + 86_400));
        assert_eq!(parse_duration("2d03h"), Some(2 * 86_400 + 3 * 3600));
        assert_eq!(parse_duration("3h25m"), Some(3 * 3600 + 25 * 60));
        assert_eq!(parse_duration("45 sec"), Some(45));
        assert_eq!(parse_duration("never"), None);
    }

    #[test]
    fn spans_join_consecutive() {
        assert_eq!(
            spans([1, 2, 3, 5, 7, 8]),
            vec![LineSpan::new(1, 3), LineSpan::line(5), LineSpan::new(7, 8)]
        );
    }
}
