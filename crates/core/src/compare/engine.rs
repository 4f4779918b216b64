//! Side-by-side comparison of two peer configurations: one row per parameter, every
//! mismatch flagged and explained.
//!
//! Matching follows how IKE negotiates: proposals match when ANY proposal of one side
//! intersects ANY proposal of the other in every transform; lifetimes that differ are a
//! warning, not an error (IKEv2 does not negotiate them, IKEv1 responders accept a shorter
//! one); traffic selectors follow the "a responder rejects a proposed network larger than its
//! own" rule (Clavister cOS Stream guide 13.6.7), which makes a tunnel come up from one side
//! only.

use serde::{Deserialize, Serialize};

use super::model::*;
use crate::facts::net::is_private;
use crate::span::LineSpan;

/// How a row compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RowStatus {
    /// The tunnel cannot come up (or only from one side) with these values.
    Mismatch,
    /// Works, but risky or worth aligning.
    Warning,
    /// Compatible.
    Match,
    /// Not enough information on one side.
    Info,
}

/// One row of the comparison table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompareRow {
    /// `general`, `phase1`, `phase2` or `options`.
    pub section: String,
    /// Parameter name.
    pub parameter: String,
    /// Side A's value.
    pub a: String,
    /// Side B's value.
    pub b: String,
    /// Verdict.
    pub status: RowStatus,
    /// Why (empty when the values simply match).
    pub explanation: String,
    /// Lines of side A's setting.
    pub a_lines: Option<LineSpan>,
    /// Lines of side B's setting.
    pub b_lines: Option<LineSpan>,
}

/// A short description of one side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SideSummary {
    /// Connection name.
    pub name: Option<String>,
    /// Reader.
    pub format: Option<ConfigFormat>,
    /// Local address.
    pub local_address: Option<String>,
    /// Peer address.
    pub peer_address: Option<String>,
    /// Reader notes and defaults applied.
    pub notes: Vec<String>,
}

/// The whole comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// Side A.
    pub a: SideSummary,
    /// Side B.
    pub b: SideSummary,
    /// Rows in table order.
    pub rows: Vec<CompareRow>,
    /// Number of mismatches.
    pub mismatches: usize,
    /// Number of warnings.
    pub warnings: usize,
    /// One-line verdict.
    pub verdict: String,
}

pub(crate) struct Rows<'a> {
    pub a: &'a PeerConfig,
    pub b: &'a PeerConfig,
    pub rows: Vec<CompareRow>,
}

impl Rows<'_> {
    #[allow(clippy::too_many_arguments)]
    pub fn push(
        &mut self,
        section: &str,
        parameter: &str,
        a: String,
        b: String,
        status: RowStatus,
        explanation: impl Into<String>,
        key: &str,
    ) {
        self.rows.push(CompareRow {
            section: section.into(),
            parameter: parameter.into(),
            a,
            b,
            status,
            explanation: explanation.into(),
            a_lines: self.a.span(key),
            b_lines: self.b.span(key),
        });
    }
}

pub(crate) fn join<T: ToString>(v: &[T]) -> String {
    if v.is_empty() {
        "—".into()
    } else {
        v.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

pub(crate) fn inter<T: PartialEq + Clone>(a: &[T], b: &[T]) -> Vec<T> {
    a.iter().filter(|x| b.contains(x)).cloned().collect()
}

pub(crate) fn union<T: PartialEq + Clone>(v: impl Iterator<Item = T>) -> Vec<T> {
    let mut out: Vec<T> = Vec::new();
    for x in v {
        if !out.contains(&x) {
            out.push(x);
        }
    }
    out
}

/// Compares side A with side B.
pub fn compare(a: &PeerConfig, b: &PeerConfig) -> Comparison {
    let mut r = Rows {
        a,
        b,
        rows: Vec::new(),
    };
    general(&mut r);
    super::phase1_rows::phase1(&mut r);
    super::phase2_rows::phase2(&mut r);
    super::phase2_rows::options(&mut r);
    if b.format == Some(ConfigFormat::Preset) {
        super::zscaler::preset_rows(&mut r);
    }
    finish(a, b, r.rows)
}

pub(crate) fn finish(a: &PeerConfig, b: &PeerConfig, rows: Vec<CompareRow>) -> Comparison {
    let mismatches = rows
        .iter()
        .filter(|r| r.status == RowStatus::Mismatch)
        .count();
    let warnings = rows
        .iter()
        .filter(|r| r.status == RowStatus::Warning)
        .count();
    let verdict = match (mismatches, warnings) {
        (0, 0) => "No mismatch found: the two sides are compatible.".to_string(),
        (0, w) => format!("Compatible, with {w} warning(s) worth aligning."),
        (m, _) => format!(
            "{m} mismatch(es): the tunnel will not come up (or only from one side) until they are fixed."
        ),
    };
    let side = |p: &PeerConfig| SideSummary {
        name: p.name.clone(),
        format: p.format,
        local_address: p.local_address.clone(),
        peer_address: p.peer_address.clone(),
        notes: p.notes.clone(),
    };
    Comparison {
        a: side(a),
        b: side(b),
        rows,
        mismatches,
        warnings,
        verdict,
    }
}

fn general(r: &mut Rows<'_>) {
    let (a, b) = (r.a, r.b);
    if b.format == Some(ConfigFormat::Preset) {
        return;
    }
    for (from, to, label, key_from) in [
        (a, b, "A's peer vs B's address", "peer_address"),
        (b, a, "B's peer vs A's address", "peer_address"),
    ] {
        let (Some(peer), Some(local)) = (&from.peer_address, &to.local_address) else {
            continue;
        };
        let (status, why) = if peer == local {
            (RowStatus::Match, String::new())
        } else if local.parse().is_ok_and(is_private) {
            (
                RowStatus::Warning,
                format!(
                    "{local} is private: there is NAT between the peers, so NAT-T (UDP 4500) is needed and IP identities will not match the public address"
                ),
            )
        } else {
            (
                RowStatus::Mismatch,
                format!("the peer is configured as {peer} but that side's address is {local}"),
            )
        };
        let (va, vb) = if std::ptr::eq(from, a) {
            (peer.clone(), local.clone())
        } else {
            (local.clone(), peer.clone())
        };
        r.push("general", label, va, vb, status, why, key_from);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn side(local: &[&str], remote: &[&str]) -> PeerConfig {
        let mut p = PeerConfig::default();
        p.phase1.version = Some(IkeVersions::V2);
        p.phase1.proposals = vec![IkeProposal {
            encryption: vec!["aes256".into()],
            integrity: vec!["sha256".into()],
            prf: vec![],
            dh_groups: vec![14],
        }];
        p.phase1.lifetime_s = Some(28_800);
        p.phase1.auth = Some(AuthMethod::Psk);
        p.phase2.proposals = vec![EspProposal {
            encryption: vec!["aes256".into()],
            integrity: vec!["sha256".into()],
        }];
        p.phase2.pfs_group = Some(0);
        p.phase2.lifetime_s = Some(3600);
        p.phase2.local_nets = local.iter().map(|s| s.to_string()).collect();
        p.phase2.remote_nets = remote.iter().map(|s| s.to_string()).collect();
        p
    }

    fn row<'a>(c: &'a Comparison, name: &str) -> &'a CompareRow {
        c.rows.iter().find(|r| r.parameter == name).unwrap()
    }

    #[test]
    fn identical_sides_match() {
        let a = side(&["10.1.0.0/16"], &["10.2.0.0/16"]);
        let b = side(&["10.2.0.0/16"], &["10.1.0.0/16"]);
        let c = compare(&a, &b);
        assert_eq!(c.mismatches, 0, "{:#?}", c.rows);
        assert_eq!(c.warnings, 0);
    }

    #[test]
    fn proposals_match_when_any_intersect() {
        let mut a = side(&[], &[]);
        let mut b = side(&[], &[]);
        a.phase1.proposals.push(IkeProposal {
            encryption: vec!["aes128".into()],
            integrity: vec!["sha1".into()],
            prf: vec![],
            dh_groups: vec![2],
        });
        b.phase1.proposals = vec![IkeProposal {
            encryption: vec!["3des".into(), "aes128".into()],
            integrity: vec!["sha1".into()],
            prf: vec![],
            dh_groups: vec![2],
        }];
        let c = compare(&a, &b);
        assert_eq!(row(&c, "Proposal match").status, RowStatus::Match);
        b.phase1.proposals[0].dh_groups = vec![5];
        let c = compare(&a, &b);
        assert_eq!(row(&c, "Proposal match").status, RowStatus::Mismatch);
    }

    #[test]
    fn larger_remote_network_comes_up_from_one_side() {
        // Clavister's example: A local 192.168.10.0/24, B remote 192.168.0.0/16.
        let a = side(&["192.168.10.0/24"], &["10.10.10.0/24"]);
        let b = side(&["10.10.10.0/24"], &["192.168.0.0/16"]);
        let c = compare(&a, &b);
        let r = row(&c, "A local / B remote networks");
        assert_eq!(r.status, RowStatus::Mismatch);
        assert!(
            r.explanation.contains("comes up from A's side only"),
            "{}",
            r.explanation
        );
        assert_eq!(
            row(&c, "A remote / B local networks").status,
            RowStatus::Match
        );
    }

    #[test]
    fn lifetime_and_pfs() {
        let a = side(&[], &[]);
        let mut b = side(&[], &[]);
        b.phase1.lifetime_s = Some(86_400);
        b.phase2.pfs_group = Some(14);
        let c = compare(&a, &b);
        assert_eq!(row(&c, "Lifetime").status, RowStatus::Warning);
        assert_eq!(row(&c, "PFS").status, RowStatus::Mismatch);
    }

    #[test]
    fn identity_kind_mismatch() {
        let mut a = side(&[], &[]);
        let mut b = side(&[], &[]);
        a.phase1.local_id = Some(Identity {
            kind: IdKind::Fqdn,
            value: "a.example.com".into(),
        });
        b.phase1.remote_id = Some(Identity {
            kind: IdKind::Address,
            value: "192.0.2.1".into(),
        });
        let c = compare(&a, &b);
        assert_eq!(
            row(&c, "Identity A sends / B expects").status,
            RowStatus::Mismatch
        );
    }
}
