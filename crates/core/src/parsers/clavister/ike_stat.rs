//! `clavister.ike_stat`: Clavister cOS Stream / cOS Core `ike -stat` (IKE statistics snapshot,
//! cOS Stream 3.x–4.x).
//!
//! ```text
//! System:/> ike -stat
//!          IKE Statistics
//! Statistic                     Value
//! ----------------------------  -----
//! IKE SAs active                2
//! IKE SA negotiations failed    1
//! IPsec SAs active              2
//! ```
//!
//! Known statistics fill typed counters (through a data table); every row is also kept with
//! its line so a rule can point at it.

use serde::{Deserialize, Serialize};

use super::super::common::spans;
use super::super::fields::{is_dash_rule, is_prompt_line, uint};
use super::super::{Confidence, Line, ParseError, ParseResult, Parsed};
use crate::LineSpan;

/// Counters of one SA family (IKE or IPsec).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SaCounters {
    /// SAs currently up.
    pub active: Option<u64>,
    /// Negotiations in progress.
    pub negotiations_active: Option<u64>,
    /// Negotiations completed.
    pub negotiations_done: Option<u64>,
    /// Negotiations that failed.
    pub negotiations_failed: Option<u64>,
    /// Rekeys in progress.
    pub rekeys_active: Option<u64>,
    /// Rekeys completed.
    pub rekeys_done: Option<u64>,
    /// Rekeys that failed.
    pub rekeys_failed: Option<u64>,
}

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatRow {
    /// Statistic name as printed.
    pub name: String,
    /// Its value.
    pub value: u64,
    /// The line.
    pub lines: LineSpan,
}

/// The `ike -stat` snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IkeStat {
    /// IKE (phase 1) SA counters.
    pub ike: SaCounters,
    /// IPsec (phase 2 / child) SA counters.
    pub ipsec: SaCounters,
    /// Every row as printed, including statistics not in the table above.
    pub rows: Vec<StatRow>,
    /// Lines of the table.
    pub lines: LineSpan,
}

/// Which counter a statistic name fills.
#[derive(Debug, Clone, Copy)]
enum Family {
    Ike,
    Ipsec,
}

#[derive(Debug, Clone, Copy)]
enum Field {
    Active,
    NegActive,
    NegDone,
    NegFailed,
    RekeyActive,
    RekeyDone,
    RekeyFailed,
}

/// Statistic names (case-insensitive) → counter.
#[rustfmt::skip]
const STATISTICS: &[(&str, Family, Field)] = &[
    ("IKE SAs active",               Family::Ike,   Field::Active),
    ("IKE SA negotiations active",   Family::Ike,   Field::NegActive),
    ("IKE SA negotiations done",     Family::Ike,   Field::NegDone),
    ("IKE SA negotiations failed",   Family::Ike,   Field::NegFailed),
    ("IKE SA rekeys active",         Family::Ike,   Field::RekeyActive),
    ("IKE SA rekeys done",           Family::Ike,   Field::RekeyDone),
    ("IKE SA rekeys failed",         Family::Ike,   Field::RekeyFailed),
    ("IPsec SAs active",             Family::Ipsec, Field::Active),
    ("IPsec SA negotiations active", Family::Ipsec, Field::NegActive),
    ("IPsec SA negotiations done",   Family::Ipsec, Field::NegDone),
    ("IPsec SA negotiations failed", Family::Ipsec, Field::NegFailed),
    ("IPsec SA rekeys active",       Family::Ipsec, Field::RekeyActive),
    ("IPsec SA rekeys done",         Family::Ipsec, Field::RekeyDone),
    ("IPsec SA rekeys failed",       Family::Ipsec, Field::RekeyFailed),
];

/// Cheap check: the `IKE Statistics` title, or rows named like `IKE SAs active`.
pub fn detect(lines: &[Line<'_>]) -> Option<Confidence> {
    let mut rows = 0usize;
    for l in lines {
        let t = l.text.trim();
        if t == "IKE Statistics" {
            return Some(0.95);
        }
        if t.starts_with("IKE SA") || t.starts_with("IPsec SA") {
            rows += 1;
        }
    }
    match rows {
        0 => None,
        1 => Some(0.5),
        _ => Some(0.85),
    }
}

/// Parses the statistics table.
pub fn parse(lines: &[Line<'_>]) -> ParseResult<IkeStat> {
    let first = lines
        .iter()
        .find(|l| !l.text.trim().is_empty())
        .ok_or(ParseError::Empty)?;
    let mut stat = IkeStat {
        ike: SaCounters::default(),
        ipsec: SaCounters::default(),
        rows: Vec::new(),
        lines: LineSpan::line(first.no),
    };
    let mut skipped = Vec::new();
    let mut truncated = false;
    let mut header = false;
    for line in lines {
        let t = line.text.trim();
        if t.is_empty() || is_prompt_line(line.text) {
            continue;
        }
        if t == "IKE Statistics" || is_dash_rule(t) {
            header = true;
            continue;
        }
        let mut words = t.split_whitespace();
        if words.next() == Some("Statistic") && words.next() == Some("Value") {
            header = true;
            continue;
        }
        let Some((name, value)) = t.rsplit_once(|c: char| c.is_whitespace()) else {
            // A single word: a row cut before its value.
            truncated = true;
            continue;
        };
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        let Some(value) = uint::<u64>(value) else {
            if name.starts_with("IKE") || name.starts_with("IPsec") {
                truncated = true;
            } else {
                skipped.push(line.no);
            }
            continue;
        };
        if let Some((_, fam, field)) = STATISTICS
            .iter()
            .find(|(n, _, _)| n.eq_ignore_ascii_case(&name))
        {
            let c = match fam {
                Family::Ike => &mut stat.ike,
                Family::Ipsec => &mut stat.ipsec,
            };
            let slot = match field {
                Field::Active => &mut c.active,
                Field::NegActive => &mut c.negotiations_active,
                Field::NegDone => &mut c.negotiations_done,
                Field::NegFailed => &mut c.negotiations_failed,
                Field::RekeyActive => &mut c.rekeys_active,
                Field::RekeyDone => &mut c.rekeys_done,
                Field::RekeyFailed => &mut c.rekeys_failed,
            };
            *slot = Some(value);
        } else if !(name.starts_with("IKE") || name.starts_with("IPsec") || header) {
            skipped.push(line.no);
            continue;
        }
        stat.rows.push(StatRow {
            name,
            value,
            lines: LineSpan::line(line.no),
        });
        stat.lines.end = line.no;
    }
    if stat.rows.is_empty() && !header {
        return Err(ParseError::Syntax {
            line: first.no,
            message: "expected `ike -stat` rows such as `IKE SAs active  2`".into(),
        });
    }
    if let Some(last) = lines.iter().rev().find(|l| !l.text.trim().is_empty()) {
        stat.lines.end = stat.lines.end.max(last.no);
    }
    let mut out = Parsed::new(stat);
    out.truncated = truncated;
    out.skipped = spans(skipped);
    Ok(out)
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
    fn counters() {
        let t = "         IKE Statistics\n\nStatistic                     Value\n\
                 ----------------------------  -----\n\
                 IKE SAs active                2\n\
                 IKE SA negotiations failed    1\n\
                 IPsec SAs active\t\t0\n";
        let l = lines(t);
        assert_eq!(detect(&l), Some(0.95));
        let p = parse(&l).unwrap();
        assert_eq!(p.records.ike.active, Some(2));
        assert_eq!(p.records.ike.negotiations_failed, Some(1));
        assert_eq!(p.records.ike.rekeys_done, None);
        assert_eq!(p.records.ipsec.active, Some(0));
        assert_eq!(p.records.rows.len(), 3);
        assert!(!p.truncated);
    }

    #[test]
    fn cut_row_and_garbage() {
        let p = parse(&lines("IKE SAs active  1\nIKE SA negoti")).unwrap();
        assert!(p.truncated);
        assert!(parse(&lines("hello world")).is_err());
    }
}
