//! `clavister.ike_certshow`: Clavister cOS Stream `ike -certshow` and `ike -certshow -verbose`
//! (cOS Stream 3.x–4.x), the IKE certificate cache.
//!
//! ```text
//! #  Subject          Issuer          Valid From     Valid To      Status
//! -  ---------------  --------------  -------------  ------------  ------
//! 1  C=SE,            DC=local,       2024-05-09     2026-05-09    Valid
//!    O=Example,       DC=lab,         06:37:00       06:47:00
//!    OU=R&D, CN=GW1   CN=labsrv
//! ```
//!
//! Cells wrap over several lines inside fixed columns; the columns come from the dash rule
//! under the header, and the pieces of each cell are joined with a space.

use serde::{Deserialize, Serialize};

use super::super::common::{open_enum, spans};
use super::super::fields::{
    cells_by_starts, dash_columns, expand_tabs, is_dash_rule, is_prompt_line, uint,
};
use super::super::{Confidence, Line, ParseError, ParseResult, Parsed};
use crate::LineSpan;

open_enum! {
    /// Certificate status as cOS prints it.
    pub enum CertStatus {
        /// Within its validity period and usable.
        Valid => "Valid",
        /// Past `Valid To`.
        Expired => "Expired",
        /// Before `Valid From` (often a clock or time-zone problem).
        NotYetValid => "Not yet valid" | "NotYetValid" | "Not valid yet",
        /// Revoked by the CA (CRL).
        Revoked => "Revoked",
        /// Rejected for another reason.
        Invalid => "Invalid",
    }
}

/// One cached certificate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CachedCertificate {
    /// Position in the cache (`#`).
    pub index: u32,
    /// Subject DN, joined over its wrapped lines.
    pub subject: String,
    /// Issuer DN (`-verbose`).
    pub issuer: Option<String>,
    /// `Valid From` (date and time joined).
    pub valid_from: Option<String>,
    /// `Valid To` (date and time joined).
    pub valid_to: Option<String>,
    /// Status (`-verbose`).
    pub status: Option<CertStatus>,
    /// Lines of the entry.
    pub lines: LineSpan,
}

/// Column roles, from the header names.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Col {
    Index,
    Subject,
    Issuer,
    From,
    To,
    Status,
    Unknown,
}

/// Cheap check: the `IKE Certificates` title or the `#  Subject` header.
pub fn detect(lines: &[Line<'_>]) -> Option<Confidence> {
    for l in lines {
        let t = l.text.trim();
        if t == "IKE Certificates" {
            return Some(0.95);
        }
        if t.starts_with('#')
            && t.contains("Subject")
            && (t.contains("Issuer") || t.split_whitespace().count() == 2)
        {
            return Some(0.8);
        }
    }
    None
}

/// Parses the certificate cache listing.
pub fn parse(lines: &[Line<'_>]) -> ParseResult<Vec<CachedCertificate>> {
    let first = lines
        .iter()
        .find(|l| !l.text.trim().is_empty())
        .ok_or(ParseError::Empty)?;
    let mut certs: Vec<CachedCertificate> = Vec::new();
    let mut skipped = Vec::new();
    let mut header: Option<String> = None;
    let mut cols: Vec<(usize, Col)> = Vec::new();
    let mut title = false;
    for line in lines {
        let raw = expand_tabs(line.text);
        let t = raw.trim();
        if t.is_empty() || is_prompt_line(line.text) {
            continue;
        }
        if t == "IKE Certificates" {
            title = true;
            continue;
        }
        if t.starts_with('#') && t.contains("Subject") {
            header = Some(raw.to_string());
            continue;
        }
        if is_dash_rule(t) {
            let starts = dash_columns(&raw);
            cols = roles(header.as_deref().unwrap_or(""), &starts);
            continue;
        }
        if cols.is_empty() {
            skipped.push(line.no);
            continue;
        }
        let starts: Vec<usize> = cols.iter().map(|(s, _)| *s).collect();
        let cells = cells_by_starts(&raw, &starts);
        let cell = |role: Col| -> Option<&str> {
            cols.iter()
                .position(|(_, r)| *r == role)
                .and_then(|i| cells.get(i))
                .map(String::as_str)
                .filter(|c| !c.is_empty())
        };
        if let Some(idx) = cell(Col::Index) {
            let Some(index) = uint::<u32>(idx) else {
                skipped.push(line.no);
                continue;
            };
            certs.push(CachedCertificate {
                index,
                subject: cell(Col::Subject).unwrap_or_default().to_owned(),
                issuer: cell(Col::Issuer).map(str::to_owned),
                valid_from: cell(Col::From).map(str::to_owned),
                valid_to: cell(Col::To).map(str::to_owned),
                status: cell(Col::Status).map(CertStatus::parse),
                lines: LineSpan::line(line.no),
            });
            continue;
        }
        let Some(c) = certs.last_mut() else {
            skipped.push(line.no);
            continue;
        };
        c.lines.end = line.no;
        join(&mut c.subject, cell(Col::Subject));
        join_opt(&mut c.issuer, cell(Col::Issuer));
        join_opt(&mut c.valid_from, cell(Col::From));
        join_opt(&mut c.valid_to, cell(Col::To));
    }
    if certs.is_empty() && cols.is_empty() && !title {
        return Err(ParseError::Syntax {
            line: first.no,
            message: "expected the `#  Subject ...` certificate table".into(),
        });
    }
    // A verbose entry shows date and time: one without its time line was cut off.
    let verbose = cols.iter().any(|(_, r)| *r == Col::From);
    let truncated = verbose
        && certs
            .last()
            .is_some_and(|c| c.valid_from.as_deref().is_some_and(|v| !v.contains(':')));
    let mut out = Parsed::new(certs);
    out.truncated = truncated;
    out.skipped = spans(skipped);
    Ok(out)
}

fn join(cell: &mut String, more: Option<&str>) {
    if let Some(m) = more {
        if !cell.is_empty() {
            cell.push(' ');
        }
        cell.push_str(m);
    }
}

fn join_opt(cell: &mut Option<String>, more: Option<&str>) {
    if let Some(m) = more {
        match cell {
            Some(c) => join(c, Some(m)),
            None => *cell = Some(m.to_owned()),
        }
    }
}

/// Names each dash-rule column from the header word above it.
fn roles(header: &str, starts: &[usize]) -> Vec<(usize, Col)> {
    let cells = cells_by_starts(header, starts);
    starts
        .iter()
        .zip(
            cells
                .iter()
                .map(String::as_str)
                .chain(std::iter::repeat("")),
        )
        .map(|(s, name)| {
            let n = name.to_ascii_lowercase();
            let role = match n.as_str() {
                "#" => Col::Index,
                "subject" => Col::Subject,
                "issuer" => Col::Issuer,
                "valid from" => Col::From,
                "valid to" => Col::To,
                "status" => Col::Status,
                _ => Col::Unknown,
            };
            (*s, role)
        })
        .collect()
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
    fn wrapped_cells_are_joined() {
        let t = "#  Subject          Issuer          Valid From     Valid To      Status\n\
                 -  ---------------  --------------  -------------  ------------  ------\n\
                 1  C=SE,            DC=local,       2024-05-09     2026-05-09    Valid\n   \
                 O=Example,       DC=lab,         06:37:00       06:47:00\n   \
                 OU=R&D, CN=GW1   CN=labsrv\n\
                 2  C=SE,            DC=local,       2023-06-28     2024-06-28    Expired\n";
        let l = lines(t);
        assert_eq!(detect(&l), Some(0.8));
        let p = parse(&l).unwrap();
        let c = &p.records[0];
        assert_eq!(c.subject, "C=SE, O=Example, OU=R&D, CN=GW1");
        assert_eq!(c.issuer.as_deref(), Some("DC=local, DC=lab, CN=labsrv"));
        assert_eq!(c.valid_from.as_deref(), Some("2024-05-09 06:37:00"));
        assert_eq!(c.valid_to.as_deref(), Some("2026-05-09 06:47:00"));
        assert_eq!(c.status, Some(CertStatus::Valid));
        assert_eq!(c.lines, LineSpan::new(3, 5));
        assert_eq!(p.records[1].status, Some(CertStatus::Expired));
        assert!(p.truncated, "the second entry has no time line");
    }

    #[test]
    fn brief_form() {
        let t = "#  Subject\n-  -------------\n1  C=SE, O=Example, CN=GW1\n";
        let p = parse(&lines(t)).unwrap();
        assert_eq!(p.records[0].subject, "C=SE, O=Example, CN=GW1");
        assert_eq!(p.records[0].status, None);
        assert!(!p.truncated);
    }
}
