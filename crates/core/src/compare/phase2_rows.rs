//! Phase-2 and option rows of the comparison: ESP proposals, PFS, lifetime, protected
//! networks (the "larger network is rejected by the responder" rule), NAT-T and DPD.

use super::algorithms::is_aead;
use super::engine::{CompareRow, RowStatus, Rows, inter, join, union};
use super::model::*;
use super::phase1_rows::{field_row, lifetime_row};
use crate::facts::net::{contains, parse_cidr};

fn esp_common(a: &[EspProposal], b: &[EspProposal]) -> Option<String> {
    for pa in a {
        for pb in b {
            let enc = inter(&pa.encryption, &pb.encryption);
            let Some(e) = enc.first() else { continue };
            let i = inter(&pa.integrity, &pb.integrity);
            let integ_ok = (is_aead(e) && (pa.integrity.is_empty() || pb.integrity.is_empty()))
                || (pa.integrity.is_empty() && pb.integrity.is_empty())
                || !i.is_empty();
            if integ_ok {
                return Some(format!(
                    "{e}{}",
                    i.first().map(|x| format!(" / {x}")).unwrap_or_default()
                ));
            }
        }
    }
    None
}

pub(crate) fn phase2(r: &mut Rows<'_>) {
    let (a, b) = (r.a, r.b);
    let pa = &a.phase2.proposals;
    let pb = &b.phase2.proposals;
    field_row(
        r,
        "phase2",
        "Encryption",
        union(pa.iter().flat_map(|p| p.encryption.clone())),
        union(pb.iter().flat_map(|p| p.encryption.clone())),
        "phase2.encryption",
    );
    let aead_only = pa
        .iter()
        .chain(pb.iter())
        .all(|p| !p.encryption.is_empty() && p.encryption.iter().all(|e| is_aead(e)));
    if !aead_only {
        field_row(
            r,
            "phase2",
            "Integrity",
            union(pa.iter().flat_map(|p| p.integrity.clone())),
            union(pb.iter().flat_map(|p| p.integrity.clone())),
            "phase2.integrity",
        );
    }
    let (status, why) = if pa.is_empty() || pb.is_empty() {
        (
            RowStatus::Info,
            "one side's phase-2 proposals are not in the paste".to_string(),
        )
    } else {
        match esp_common(pa, pb) {
            Some(c) => (RowStatus::Match, format!("first common proposal: {c}")),
            None => (RowStatus::Mismatch, "no ESP proposal in common: phase 2 fails with NO_PROPOSAL_CHOSEN (Azure 13868 policy mismatch)".to_string()),
        }
    };
    let fmt = |v: &[EspProposal]| {
        if v.is_empty() {
            "—".to_string()
        } else {
            v.iter()
                .map(|p| format!("{}/{}", join(&p.encryption), join(&p.integrity)))
                .collect::<Vec<_>>()
                .join(" | ")
        }
    };
    r.push(
        "phase2",
        "Proposal match",
        fmt(pa),
        fmt(pb),
        status,
        why,
        "phase2.encryption",
    );
    let pfs = |g: Option<u32>| match g {
        Some(0) => "off".to_string(),
        Some(n) => format!("group {n}"),
        None => "—".to_string(),
    };
    let preset = b.format == Some(ConfigFormat::Preset);
    let (status, why) = match (a.phase2.pfs_group, b.phase2.pfs_group) {
        _ if preset => (RowStatus::Info, "see the Zscaler rows".to_string()),
        (Some(x), Some(y)) if x == y => (RowStatus::Match, String::new()),
        (Some(_), Some(_)) => (RowStatus::Mismatch, "PFS differs: a responder that requires PFS (or another group) rejects the quick mode / CREATE_CHILD_SA (Azure 13868)".to_string()),
        _ => (RowStatus::Info, "not stated on one side".to_string()),
    };
    r.push(
        "phase2",
        "PFS",
        pfs(a.phase2.pfs_group),
        pfs(b.phase2.pfs_group),
        status,
        why,
        "phase2.pfs",
    );
    lifetime_row(
        r,
        "phase2",
        "Lifetime",
        a.phase2.lifetime_s,
        b.phase2.lifetime_s,
        "phase2.lifetime",
    );
    if b.format != Some(ConfigFormat::Preset) {
        nets_row(
            r,
            "A local / B remote networks",
            &a.phase2.local_nets,
            &b.phase2.remote_nets,
            "A",
            "B",
            "phase2.local_nets",
            "phase2.remote_nets",
        );
        nets_row(
            r,
            "A remote / B local networks",
            &a.phase2.remote_nets,
            &b.phase2.local_nets,
            "B",
            "A",
            "phase2.remote_nets",
            "phase2.local_nets",
        );
    }
}

type Cidr = (std::net::Ipv4Addr, u8);

fn cidrs(v: &[String]) -> Option<Vec<Cidr>> {
    v.iter()
        .map(|s| parse_cidr(s).or_else(|| s.parse().ok().map(|a| (a, 32))))
        .collect()
}

/// `own` are one side's networks (A's local), `theirs` the other side's view of them (B's
/// remote). `owner` is the side owning `own`; `other` the side whose config holds `theirs`.
#[allow(clippy::too_many_arguments)]
fn nets_row(
    r: &mut Rows<'_>,
    label: &str,
    own: &[String],
    theirs: &[String],
    owner: &str,
    other: &str,
    key_a: &str,
    key_b: &str,
) {
    let (status, why) = match (cidrs(own), cidrs(theirs)) {
        (Some(x), Some(y)) if !x.is_empty() && !y.is_empty() => {
            let mut xs = x.clone();
            let mut ys = y.clone();
            xs.sort();
            ys.sort();
            let covers = |big: &[Cidr], small: &[Cidr]| {
                small.iter().all(|s| big.iter().any(|b| contains(*b, *s)))
            };
            if xs == ys {
                (RowStatus::Match, String::new())
            } else if covers(&ys, &xs) {
                (
                    RowStatus::Mismatch,
                    format!(
                        "{other}'s side of this selector is larger than {owner}'s own networks: when {other} initiates it proposes the larger network and {owner}, as responder, rejects it; when {owner} initiates, {other} accepts the narrower one. The tunnel comes up from {owner}'s side only. Make both sides exactly equal."
                    ),
                )
            } else if covers(&xs, &ys) {
                (
                    RowStatus::Mismatch,
                    format!(
                        "{owner}'s networks are larger than what {other} expects: when {owner} initiates it proposes the larger network and {other}, as responder, rejects it. The tunnel comes up from {other}'s side only. Make both sides exactly equal."
                    ),
                )
            } else if xs
                .iter()
                .any(|a| ys.iter().any(|b| contains(*a, *b) || contains(*b, *a)))
            {
                (RowStatus::Mismatch, "the networks overlap only partly: some child SAs fail with TS_UNACCEPTABLE / no proposal chosen".to_string())
            } else {
                (RowStatus::Mismatch, "the networks do not overlap at all: phase 2 fails (TS_UNACCEPTABLE, 'no proposal chosen' in IKEv1)".to_string())
            }
        }
        (Some(x), Some(y)) if x.is_empty() || y.is_empty() => {
            (RowStatus::Info, "not stated on one side".to_string())
        }
        _ => (
            RowStatus::Info,
            "not plain IPv4 networks; compare by eye".to_string(),
        ),
    };
    let (va, vb) = if owner == "A" {
        (join(own), join(theirs))
    } else {
        (join(theirs), join(own))
    };
    r.rows.push(CompareRow {
        section: "phase2".into(),
        parameter: label.into(),
        a: va,
        b: vb,
        status,
        explanation: why,
        a_lines: r.a.span(key_a),
        b_lines: r.b.span(key_b),
    });
}

pub(crate) fn options(r: &mut Rows<'_>) {
    let (a, b) = (r.a, r.b);
    let yn = |v: Option<bool>| match v {
        Some(true) => "enabled".to_string(),
        Some(false) => "disabled".to_string(),
        None => "—".to_string(),
    };
    let (status, why) = match (a.nat_t, b.nat_t) {
        (Some(x), Some(y)) if x == y => (RowStatus::Match, String::new()),
        (Some(_), Some(_)) => (RowStatus::Warning, "NAT-T is disabled on one side: if there is NAT between the peers the tunnel fails (UDP 4500 is needed on both sides)".to_string()),
        _ => (RowStatus::Info, "not stated on one side (usually on by default)".to_string()),
    };
    r.push(
        "options",
        "NAT traversal",
        yn(a.nat_t),
        yn(b.nat_t),
        status,
        why,
        "nat_t",
    );
    let dpd = |d: Option<Dpd>| match d {
        Some(Dpd { interval_s: 0, .. }) => "disabled".to_string(),
        Some(Dpd {
            interval_s,
            retries: Some(n),
        }) => format!("every {interval_s} s, {n} retries"),
        Some(Dpd {
            interval_s,
            retries: None,
        }) => format!("every {interval_s} s"),
        None => "—".to_string(),
    };
    let on = |d: Option<Dpd>| d.map(|x| x.interval_s > 0);
    let (status, why) = match (on(a.dpd), on(b.dpd)) {
        (Some(true), Some(true)) | (Some(false), Some(false)) => (RowStatus::Match, String::new()),
        (Some(x), Some(y)) if x != y => (RowStatus::Warning, "DPD on one side only: after a one-sided failure the other side keeps sending into a dead SA (Clavister: Ike_invalid_cookie); enable it on both".to_string()),
        _ => (RowStatus::Info, "not stated on one side".to_string()),
    };
    r.push(
        "options",
        "Dead peer detection",
        dpd(a.dpd),
        dpd(b.dpd),
        status,
        why,
        "dpd",
    );
}
