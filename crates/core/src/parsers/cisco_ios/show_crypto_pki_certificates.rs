//! `show crypto pki certificates [verbose] [trustpoint]` — Cisco IOS / IOS-XE certificates.
//!
//! Seen on IOS 15.x and IOS-XE 16/17: `Certificate`, `CA Certificate`, `Router Self-Signed
//! Certificate` and `Certificate Request` sections, with indented issuer/subject name parts,
//! CRL distribution points and validity dates (time zone as printed; the rules convert).
//!
//! ```text
//! Certificate
//!   Status: Available
//!   Certificate Serial Number (hex): 793B572700000003750B
//!   Validity Date:
//!     end   date: 00:44:52 UTC Nov 20 2025
//! ```

use serde::{Deserialize, Serialize};

use crate::LineSpan;
use crate::parsers::common;
use crate::parsers::{Confidence, Line, ParseError, ParseResult, Parsed};

/// One certificate section.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PkiCertificate {
    /// Section title (`Certificate`, `CA Certificate`, `Router Self-Signed Certificate`...).
    pub section: String,
    /// `Status` (`Available`, `Pending`...).
    pub status: Option<String>,
    /// Serial number in hex.
    pub serial: Option<String>,
    /// `Certificate Usage`.
    pub usage: Option<String>,
    /// Issuer name parts (`cn=...`), in order.
    pub issuer: Vec<String>,
    /// Issuer common name.
    pub issuer_cn: Option<String>,
    /// Subject name parts, in order (`Name:` and `cn=` forms alike).
    pub subject: Vec<String>,
    /// Subject common name (or `Name:`).
    pub subject_cn: Option<String>,
    /// CRL distribution points.
    pub crl_distribution_points: Vec<String>,
    /// Validity start, as printed (`00:34:52 UTC Nov 20 2015`).
    pub start_date: Option<String>,
    /// Validity end, as printed.
    pub end_date: Option<String>,
    /// Auto-enrolment renew date, as printed.
    pub renew_date: Option<String>,
    /// Associated trustpoints.
    pub trustpoints: Vec<String>,
    /// `Storage`.
    pub storage: Option<String>,
    /// Source lines.
    pub lines: LineSpan,
}

/// Cheap check.
pub fn detect(lines: &[Line<'_>]) -> Option<Confidence> {
    lines
        .iter()
        .filter_map(|l| {
            let t = l.text.trim();
            if t.starts_with("Certificate Serial Number") {
                Some(0.9)
            } else if t.starts_with("Associated Trustpoints:")
                || (t.starts_with("end") && t.contains("date:"))
            {
                Some(0.85)
            } else if t == "Validity Date:" || t.starts_with("Certificate Usage:") {
                Some(0.8)
            } else if is_section(t) {
                Some(0.5)
            } else {
                None
            }
        })
        .reduce(Confidence::max)
}

fn is_section(t: &str) -> bool {
    !t.contains(':')
        && (t.ends_with("Certificate")
            || t == "Certificate Request"
            || t.ends_with("Certificate Request"))
}

#[derive(Clone, Copy, PartialEq)]
enum List {
    None,
    Issuer,
    Subject,
    Crl,
    Validity,
}

/// Parses the output.
pub fn parse(lines: &[Line<'_>]) -> ParseResult<Vec<PkiCertificate>> {
    if lines.iter().all(common::is_blank) {
        return Err(ParseError::Empty);
    }
    let mut out: Vec<PkiCertificate> = Vec::new();
    let mut list = List::None;
    let mut skipped = Vec::new();
    for line in lines {
        let t = line.text.trim();
        if t.is_empty() {
            continue;
        }
        if is_section(t) {
            out.push(PkiCertificate {
                section: t.to_owned(),
                lines: LineSpan::line(line.no),
                ..PkiCertificate::default()
            });
            list = List::None;
            continue;
        }
        let Some(c) = out.last_mut() else {
            skipped.push(line.no);
            continue;
        };
        if field(c, &mut list, t) {
            c.lines = c.lines.join(LineSpan::line(line.no));
        } else {
            skipped.push(line.no);
        }
    }
    if out.is_empty() {
        return Err(ParseError::Syntax {
            line: skipped.first().copied().unwrap_or(0),
            message: "no certificate section".to_owned(),
        });
    }
    // Every certificate prints its validity; one without it was cut off.
    let truncated = out
        .last()
        .is_some_and(|c| c.end_date.is_none() && c.section != "Certificate Request");
    let mut p = Parsed::new(out);
    p.truncated = truncated;
    p.skipped = common::spans(skipped);
    Ok(p)
}

fn field(c: &mut PkiCertificate, list: &mut List, t: &str) -> bool {
    let kv = common::key_value(t);
    let header = kv.filter(|(k, _)| {
        matches!(
            *k,
            "Status"
                | "Certificate Serial Number (hex)"
                | "Certificate Serial Number"
                | "Certificate Usage"
                | "Issuer"
                | "Subject"
                | "CRL Distribution Points"
                | "Validity Date"
                | "Associated Trustpoints"
                | "Storage"
                | "Key Usage"
                | "Key Label"
                | "Subject Key Info"
                | "Signature Algorithm"
                | "Fingerprint MD5"
                | "Fingerprint SHA1"
                | "X509v3 extensions"
                | "Authority Info Access"
        )
    });
    if let Some((k, v)) = header {
        *list = List::None;
        let v = v.trim();
        match k {
            "Status" => c.status = Some(v.to_owned()),
            "Certificate Serial Number (hex)" | "Certificate Serial Number" => {
                c.serial = Some(v.to_owned())
            }
            "Certificate Usage" => c.usage = Some(v.to_owned()),
            "Issuer" => *list = List::Issuer,
            "Subject" => *list = List::Subject,
            "CRL Distribution Points" => {
                *list = List::Crl;
                if !v.is_empty() {
                    c.crl_distribution_points.push(v.to_owned());
                }
            }
            "Validity Date" => *list = List::Validity,
            "Associated Trustpoints" => {
                c.trustpoints = v.split_whitespace().map(str::to_owned).collect()
            }
            "Storage" => c.storage = Some(v.to_owned()),
            _ => {}
        }
        return true;
    }
    match *list {
        List::Issuer => {
            if let Some(cn) = t.strip_prefix("cn=") {
                c.issuer_cn = Some(cn.to_owned());
            }
            c.issuer.push(t.to_owned());
        }
        List::Subject => {
            if let Some(cn) = t
                .strip_prefix("cn=")
                .or_else(|| t.strip_prefix("Name:").map(str::trim))
            {
                c.subject_cn.get_or_insert_with(|| cn.to_owned());
            }
            c.subject.push(t.to_owned());
        }
        List::Crl => c.crl_distribution_points.push(t.to_owned()),
        List::Validity => {
            let Some((k, v)) = kv else { return false };
            let v = Some(v.trim().to_owned());
            match k.split_whitespace().next() {
                Some("start") => c.start_date = v,
                Some("end") => c.end_date = v,
                Some("renew") => c.renew_date = v,
                _ => return false,
            }
        }
        // Verbose output lines (key info, extensions) belong to the certificate.
        List::None => return kv.is_some() || t.starts_with("Fingerprint"),
    }
    true
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
    fn certificate_and_ca() {
        let t = "Certificate\n  Status: Available\n  Certificate Serial Number (hex): 0A1B\n  Certificate Usage: General Purpose\n  Issuer: \n    cn=Example CA\n    o=Example\n  Subject:\n    Name: r1.example.net\n    cn=r1.example.net\n  Validity Date: \n    start date: 09:17:52 UTC Jun 22 2022\n    end   date: 09:17:52 UTC Jun 22 2023\n  Associated Trustpoints: TP-1 \n\nCA Certificate\n  Status: Available\n";
        let p = parse(&lines(t)).unwrap();
        assert!(p.skipped.is_empty(), "{:?}", p.skipped);
        assert!(p.truncated, "the CA section has no validity");
        let c = p.records.first().unwrap();
        assert_eq!(c.serial.as_deref(), Some("0A1B"));
        assert_eq!(c.issuer_cn.as_deref(), Some("Example CA"));
        assert_eq!(c.subject_cn.as_deref(), Some("r1.example.net"));
        assert_eq!(c.end_date.as_deref(), Some("09:17:52 UTC Jun 22 2023"));
        assert_eq!(c.trustpoints, vec!["TP-1"]);
    }
}
