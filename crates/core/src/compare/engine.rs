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

use super::algorithms::{format_seconds, is_aead};
use super::model::*;
use crate::facts::net::{contains, is_private, parse_cidr};
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
    pub fn push(&mut self, section: &str, parameter: &str, a: String, b: String, status: RowStatus, explanation: impl Into<String>, key: &str) {
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

fn join<T: ToString>(v: &[T]) -> String {
    if v.is_empty() {
        "—".into()
    } else {
        v.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
    }
}

fn inter<T: PartialEq + Clone>(a: &[T], b: &[T]) -> Vec<T> {
    a.iter().filter(|x| b.contains(x)).cloned().collect()
}

fn union<T: PartialEq + Clone>(v: impl Iterator<Item = T>) -> Vec<T> {
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
    let mut r = Rows { a, b, rows: Vec::new() };
    general(&mut r);
    phase1(&mut r);
    phase2(&mut r);
    options(&mut r);
    if b.format == Some(ConfigFormat::Preset) {
        super::zscaler::preset_rows(&mut r);
    }
    finish(a, b, r.rows)
}

pub(crate) fn finish(a: &PeerConfig, b: &PeerConfig, rows: Vec<CompareRow>) -> Comparison {
    let mismatches = rows.iter().filter(|r| r.status == RowStatus::Mismatch).count();
    let warnings = rows.iter().filter(|r| r.status == RowStatus::Warning).count();
    let verdict = match (mismatches, warnings) {
        (0, 0) => "No mismatch found: the two sides are compatible.".to_string(),
        (0, w) => format!("Compatible, with {w} warning(s) worth aligning."),
        (m, _) => format!("{m} mismatch(es): the tunnel will not come up (or only from one side) until they are fixed."),
    };
    let side = |p: &PeerConfig| SideSummary {
        name: p.name.clone(),
        format: p.format,
        local_address: p.local_address.clone(),
        peer_address: p.peer_address.clone(),
        notes: p.notes.clone(),
    };
    Comparison { a: side(a), b: side(b), rows, mismatches, warnings, verdict }
}

fn general(r: &mut Rows<'_>) {
    let (a, b) = (r.a, r.b);
    if b.format == Some(ConfigFormat::Preset) {
        return;
    }
    for (from, to, label, key_from) in [(a, b, "A's peer vs B's address", "peer_address"), (b, a, "B's peer vs A's address", "peer_address")] {
        let (Some(peer), Some(local)) = (&from.peer_address, &to.local_address) else { continue };
        let (status, why) = if peer == local {
            (RowStatus::Match, String::new())
        } else if local.parse().is_ok_and(is_private) {
            (RowStatus::Warning, format!("{local} is private: there is NAT between the peers, so NAT-T (UDP 4500) is needed and IP identities will not match the public address"))
        } else {
            (RowStatus::Mismatch, format!("the peer is configured as {peer} but that side's address is {local}"))
        };
        let (va, vb) = if std::ptr::eq(from, a) { (peer.clone(), local.clone()) } else { (local.clone(), peer.clone()) };
        r.push("general", label, va, vb, status, why, key_from);
    }
}

fn version_of(p: &PeerConfig) -> Option<IkeVersions> {
    p.phase1.version
}

fn phase1(r: &mut Rows<'_>) {
    let (a, b) = (r.a, r.b);
    let (va, vb) = (version_of(a), version_of(b));
    let status = match (va, vb) {
        (Some(x), Some(y)) if x.compatible(y) => RowStatus::Match,
        (Some(_), Some(_)) => RowStatus::Mismatch,
        _ => RowStatus::Info,
    };
    let why = if status == RowStatus::Mismatch { "the two sides speak different IKE versions; nothing will be negotiated" } else { "" };
    r.push("phase1", "IKE version", va.map_or("—".into(), |v| v.label().into()), vb.map_or("—".into(), |v| v.label().into()), status, why, "phase1.version");
    let v2 = matches!((va, vb), (Some(IkeVersions::V2), _) | (_, Some(IkeVersions::V2)));
    let v1 = matches!((va, vb), (Some(IkeVersions::V1), _) | (_, Some(IkeVersions::V1)));
    if v1 {
        let (ma, mb) = (a.phase1.mode, b.phase1.mode);
        let label = |m: Option<ExchangeMode>| match m {
            Some(ExchangeMode::Main) => "main".to_string(),
            Some(ExchangeMode::Aggressive) => "aggressive".to_string(),
            None => "—".to_string(),
        };
        let (status, why) = match (ma, mb) {
            (Some(x), Some(y)) if x == y => (RowStatus::Match, ""),
            (Some(_), Some(_)) => (RowStatus::Mismatch, "main and aggressive mode do not interoperate; the responder answers NO_PROPOSAL_CHOSEN or ignores the exchange"),
            _ => (RowStatus::Info, ""),
        };
        r.push("phase1", "Exchange mode (IKEv1)", label(ma), label(mb), status, why, "phase1.mode");
    }
    let pa = &a.phase1.proposals;
    let pb = &b.phase1.proposals;
    field_row(r, "phase1", "Encryption", union(pa.iter().flat_map(|p| p.encryption.clone())), union(pb.iter().flat_map(|p| p.encryption.clone())), "phase1.encryption");
    let ia = union(pa.iter().flat_map(|p| p.integrity.clone()));
    let ib = union(pb.iter().flat_map(|p| p.integrity.clone()));
    let aead_only = pa.iter().chain(pb.iter()).all(|p| !p.encryption.is_empty() && p.encryption.iter().all(|e| is_aead(e)));
    if !aead_only {
        field_row(r, "phase1", "Integrity / hash", ia, ib, "phase1.integrity");
    }
    if v2 {
        let prf = |p: &[IkeProposal]| union(p.iter().flat_map(|x| if x.prf.is_empty() { x.integrity.clone() } else { x.prf.clone() }));
        field_row(r, "phase1", "PRF", prf(pa), prf(pb), "phase1.prf");
    }
    field_row(r, "phase1", "DH group", union(pa.iter().flat_map(|p| p.dh_groups.clone())), union(pb.iter().flat_map(|p| p.dh_groups.clone())), "phase1.dh_groups");
    let fmt = |v: &[IkeProposal]| {
        if v.is_empty() {
            return "—".to_string();
        }
        v.iter().map(|p| format!("{}/{}/{}", join(&p.encryption), join(&p.integrity), join(&p.dh_groups))).collect::<Vec<_>>().join(" | ")
    };
    let (status, why) = if pa.is_empty() || pb.is_empty() {
        (RowStatus::Info, "one side's proposals are not in the paste (vendor defaults apply)".to_string())
    } else {
        match ike_common(pa, pb) {
            Some(c) => (RowStatus::Match, format!("first common proposal: {c}")),
            None => (RowStatus::Mismatch, "no proposal of one side is acceptable to the other: the responder answers NO_PROPOSAL_CHOSEN (Azure: IkePolicyMismatch)".to_string()),
        }
    };
    r.push("phase1", "Proposal match", fmt(pa), fmt(pb), status, why, "phase1.proposals");
    lifetime_row(r, "phase1", "Lifetime", a.phase1.lifetime_s, b.phase1.lifetime_s, "phase1.lifetime");
    auth_rows(r);
    identity_rows(r);
}

/// A row for one transform type: match when the sets intersect.
fn field_row<T: PartialEq + Clone + ToString>(r: &mut Rows<'_>, section: &str, name: &str, a: Vec<T>, b: Vec<T>, key: &str) {
    let (status, why) = if a.is_empty() || b.is_empty() {
        (RowStatus::Info, "not stated on one side (defaults apply)".to_string())
    } else if inter(&a, &b).is_empty() {
        (RowStatus::Mismatch, "no value in common".to_string())
    } else {
        (RowStatus::Match, String::new())
    };
    r.push(section, name, join(&a), join(&b), status, why, key);
}

fn ike_common(a: &[IkeProposal], b: &[IkeProposal]) -> Option<String> {
    for pa in a {
        for pb in b {
            let enc = inter(&pa.encryption, &pb.encryption);
            let Some(e) = enc.first() else { continue };
            let integ_ok = (is_aead(e) && (pa.integrity.is_empty() || pb.integrity.is_empty()))
                || pa.integrity.is_empty() && pb.integrity.is_empty()
                || !inter(&pa.integrity, &pb.integrity).is_empty();
            let prf_a = if pa.prf.is_empty() { &pa.integrity } else { &pa.prf };
            let prf_b = if pb.prf.is_empty() { &pb.integrity } else { &pb.prf };
            let prf_ok = prf_a.is_empty() || prf_b.is_empty() || !inter(prf_a, prf_b).is_empty();
            let dh = inter(&pa.dh_groups, &pb.dh_groups);
            let dh_ok = pa.dh_groups.is_empty() || pb.dh_groups.is_empty() || !dh.is_empty();
            if integ_ok && prf_ok && dh_ok {
                let i = inter(&pa.integrity, &pb.integrity);
                return Some(format!(
                    "{e}{}{}",
                    i.first().map(|x| format!(" / {x}")).unwrap_or_default(),
                    dh.first().map(|g| format!(" / group {g}")).unwrap_or_default()
                ));
            }
        }
    }
    None
}

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
                return Some(format!("{e}{}", i.first().map(|x| format!(" / {x}")).unwrap_or_default()));
            }
        }
    }
    None
}

pub(crate) fn lifetime_row(r: &mut Rows<'_>, section: &str, name: &str, a: Option<u64>, b: Option<u64>, key: &str) {
    let (status, why) = match (a, b) {
        (Some(x), Some(y)) if x == y => (RowStatus::Match, String::new()),
        (Some(x), Some(y)) => (
            RowStatus::Warning,
            format!(
                "lifetimes differ ({} vs {}): not fatal, but IKEv1 responders may refuse a longer proposed lifetime, so the tunnel can come up from one side only; align them",
                format_seconds(x),
                format_seconds(y)
            ),
        ),
        _ => (RowStatus::Info, "not stated on one side".to_string()),
    };
    r.push(section, name, a.map_or("—".into(), format_seconds), b.map_or("—".into(), format_seconds), status, why, key);
}

fn auth_label(a: Option<AuthMethod>) -> String {
    match a {
        Some(AuthMethod::Psk) => "pre-shared key",
        Some(AuthMethod::RsaSig) => "RSA signature (certificate)",
        Some(AuthMethod::Ecdsa) => "ECDSA signature",
        Some(AuthMethod::Eap) => "EAP",
        Some(AuthMethod::Other) => "other",
        None => "—",
    }
    .into()
}

fn auth_rows(r: &mut Rows<'_>) {
    let (a, b) = (r.a, r.b);
    let expect_b = b.phase1.remote_auth.or(b.phase1.auth);
    let expect_a = a.phase1.remote_auth.or(a.phase1.auth);
    let ok_ab = a.phase1.auth.zip(expect_b).is_none_or(|(x, y)| x == y);
    let ok_ba = b.phase1.auth.zip(expect_a).is_none_or(|(x, y)| x == y);
    let (status, why) = match (a.phase1.auth, b.phase1.auth) {
        (Some(_), Some(_)) if ok_ab && ok_ba => (RowStatus::Match, String::new()),
        (Some(_), Some(_)) => (RowStatus::Mismatch, "the sides authenticate differently than the other expects: authentication fails (Azure: Authentication)".to_string()),
        _ => (RowStatus::Info, "not stated on one side".to_string()),
    };
    r.push("phase1", "Authentication", auth_label(a.phase1.auth), auth_label(b.phase1.auth), status, why, "phase1.auth");
    let label = |p: &PeerConfig| match (p.phase1.psk_present, p.phase1.psk_type) {
        (_, Some(PskType::Hex)) => "hex key".to_string(),
        (_, Some(PskType::Passphrase)) => "passphrase".to_string(),
        (true, None) => "present".to_string(),
        (false, None) => "—".to_string(),
    };
    if a.phase1.auth == Some(AuthMethod::Psk) || b.phase1.auth == Some(AuthMethod::Psk) {
        let (status, why) = match (a.phase1.psk_type, b.phase1.psk_type) {
            (Some(x), Some(y)) if x != y => (RowStatus::Mismatch, "one key is a passphrase and the other a hex key: the peers derive different keys (Clavister: Payload_Malformed / Incorrect pre-shared key)".to_string()),
            (Some(_), Some(_)) => (RowStatus::Match, "the key values themselves are never compared (they are redacted)".to_string()),
            _ => (RowStatus::Info, "key type not visible on one side; check both use the same type (passphrase or hex)".to_string()),
        };
        r.push("phase1", "Pre-shared key type", label(a), label(b), status, why, "phase1.psk");
    }
}

/// Fills an address identity with no value from the side's own address.
fn sent_identity(p: &PeerConfig) -> Option<Identity> {
    let id = p.phase1.local_id.clone()?;
    if id.kind == IdKind::Address && id.value.is_empty() {
        return Some(Identity { kind: IdKind::Address, value: p.local_address.clone().unwrap_or_default() });
    }
    Some(id)
}

fn identity_rows(r: &mut Rows<'_>) {
    let (a, b) = (r.a, r.b);
    for (from, to, label, from_is_a) in [(a, b, "Identity A sends / B expects", true), (b, a, "Identity B sends / A expects", false)] {
        if to.format == Some(ConfigFormat::Preset) || from.format == Some(ConfigFormat::Preset) {
            continue;
        }
        let sent = sent_identity(from);
        let expected = to.phase1.remote_id.clone();
        let (status, why) = match (&sent, &expected) {
            (_, Some(e)) if e.kind == IdKind::Any => (RowStatus::Match, String::new()),
            (Some(s), Some(e)) if s.kind != e.kind => (RowStatus::Mismatch, format!("{} sends a {} identity but the other side expects a {} one: phase 1 fails with an identity/authentication error", if from_is_a { "A" } else { "B" }, s.label().split(' ').next().unwrap_or(""), e.label().split(' ').next().unwrap_or(""))),
            (Some(s), Some(e)) if !s.value.is_empty() && !e.value.is_empty() && !s.value.eq_ignore_ascii_case(&e.value) => {
                (RowStatus::Mismatch, "the identity sent is not the one the other side expects".to_string())
            }
            (Some(_), Some(_)) => (RowStatus::Match, String::new()),
            _ => (RowStatus::Info, "the expected identity is not configured (most devices then match on the peer address)".to_string()),
        };
        let s = sent.map_or("—".into(), |i| i.label());
        let e = expected.map_or("—".into(), |i| i.label());
        let (va, vb) = if from_is_a { (s, e) } else { (e, s) };
        let key = if from_is_a { "phase1.local_id" } else { "phase1.remote_id" };
        r.rows.push(CompareRow {
            section: "phase1".into(),
            parameter: label.into(),
            a: va,
            b: vb,
            status,
            explanation: why,
            a_lines: a.span(key),
            b_lines: b.span(if from_is_a { "phase1.remote_id" } else { "phase1.local_id" }),
        });
    }
}

fn phase2(r: &mut Rows<'_>) {
    let (a, b) = (r.a, r.b);
    let pa = &a.phase2.proposals;
    let pb = &b.phase2.proposals;
    field_row(r, "phase2", "Encryption", union(pa.iter().flat_map(|p| p.encryption.clone())), union(pb.iter().flat_map(|p| p.encryption.clone())), "phase2.encryption");
    let aead_only = pa.iter().chain(pb.iter()).all(|p| !p.encryption.is_empty() && p.encryption.iter().all(|e| is_aead(e)));
    if !aead_only {
        field_row(r, "phase2", "Integrity", union(pa.iter().flat_map(|p| p.integrity.clone())), union(pb.iter().flat_map(|p| p.integrity.clone())), "phase2.integrity");
    }
    let (status, why) = if pa.is_empty() || pb.is_empty() {
        (RowStatus::Info, "one side's phase-2 proposals are not in the paste".to_string())
    } else {
        match esp_common(pa, pb) {
            Some(c) => (RowStatus::Match, format!("first common proposal: {c}")),
            None => (RowStatus::Mismatch, "no ESP proposal in common: phase 2 fails with NO_PROPOSAL_CHOSEN (Azure 13868 policy mismatch)".to_string()),
        }
    };
    let fmt = |v: &[EspProposal]| if v.is_empty() { "—".to_string() } else { v.iter().map(|p| format!("{}/{}", join(&p.encryption), join(&p.integrity))).collect::<Vec<_>>().join(" | ") };
    r.push("phase2", "Proposal match", fmt(pa), fmt(pb), status, why, "phase2.encryption");
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
    r.push("phase2", "PFS", pfs(a.phase2.pfs_group), pfs(b.phase2.pfs_group), status, why, "phase2.pfs");
    lifetime_row(r, "phase2", "Lifetime", a.phase2.lifetime_s, b.phase2.lifetime_s, "phase2.lifetime");
    if b.format != Some(ConfigFormat::Preset) {
        nets_row(r, "A local / B remote networks", &a.phase2.local_nets, &b.phase2.remote_nets, "A", "B", "phase2.local_nets", "phase2.remote_nets");
        nets_row(r, "A remote / B local networks", &a.phase2.remote_nets, &b.phase2.local_nets, "B", "A", "phase2.remote_nets", "phase2.local_nets");
    }
}

type Cidr = (std::net::Ipv4Addr, u8);

fn cidrs(v: &[String]) -> Option<Vec<Cidr>> {
    v.iter().map(|s| parse_cidr(s).or_else(|| s.parse().ok().map(|a| (a, 32)))).collect()
}

/// `own` are one side's networks (A's local), `theirs` the other side's view of them (B's
/// remote). `owner` is the side owning `own`; `other` the side whose config holds `theirs`.
#[allow(clippy::too_many_arguments)]
fn nets_row(r: &mut Rows<'_>, label: &str, own: &[String], theirs: &[String], owner: &str, other: &str, key_a: &str, key_b: &str) {
    let (status, why) = match (cidrs(own), cidrs(theirs)) {
        (Some(x), Some(y)) if !x.is_empty() && !y.is_empty() => {
            let mut xs = x.clone();
            let mut ys = y.clone();
            xs.sort();
            ys.sort();
            let covers = |big: &[Cidr], small: &[Cidr]| small.iter().all(|s| big.iter().any(|b| contains(*b, *s)));
            if xs == ys {
                (RowStatus::Match, String::new())
            } else if covers(&ys, &xs) {
                (RowStatus::Mismatch, format!(
                    "{other}'s side of this selector is larger than {owner}'s own networks: when {other} initiates it proposes the larger network and {owner}, as responder, rejects it; when {owner} initiates, {other} accepts the narrower one. The tunnel comes up from {owner}'s side only. Make both sides exactly equal."
                ))
            } else if covers(&xs, &ys) {
                (RowStatus::Mismatch, format!(
                    "{owner}'s networks are larger than what {other} expects: when {owner} initiates it proposes the larger network and {other}, as responder, rejects it. The tunnel comes up from {other}'s side only. Make both sides exactly equal."
                ))
            } else if xs.iter().any(|a| ys.iter().any(|b| contains(*a, *b) || contains(*b, *a))) {
                (RowStatus::Mismatch, "the networks overlap only partly: some child SAs fail with TS_UNACCEPTABLE / no proposal chosen".to_string())
            } else {
                (RowStatus::Mismatch, "the networks do not overlap at all: phase 2 fails (TS_UNACCEPTABLE, 'no proposal chosen' in IKEv1)".to_string())
            }
        }
        (Some(x), Some(y)) if x.is_empty() || y.is_empty() => (RowStatus::Info, "not stated on one side".to_string()),
        _ => (RowStatus::Info, "not plain IPv4 networks; compare by eye".to_string()),
    };
    let (va, vb) = if owner == "A" { (join(own), join(theirs)) } else { (join(theirs), join(own)) };
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

fn options(r: &mut Rows<'_>) {
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
    r.push("options", "NAT traversal", yn(a.nat_t), yn(b.nat_t), status, why, "nat_t");
    let dpd = |d: Option<Dpd>| match d {
        Some(Dpd { interval_s: 0, .. }) => "disabled".to_string(),
        Some(Dpd { interval_s, retries: Some(n) }) => format!("every {interval_s} s, {n} retries"),
        Some(Dpd { interval_s, retries: None }) => format!("every {interval_s} s"),
        None => "—".to_string(),
    };
    let on = |d: Option<Dpd>| d.map(|x| x.interval_s > 0);
    let (status, why) = match (on(a.dpd), on(b.dpd)) {
        (Some(true), Some(true)) | (Some(false), Some(false)) => (RowStatus::Match, String::new()),
        (Some(x), Some(y)) if x != y => (RowStatus::Warning, "DPD on one side only: after a one-sided failure the other side keeps sending into a dead SA (Clavister: Ike_invalid_cookie); enable it on both".to_string()),
        _ => (RowStatus::Info, "not stated on one side".to_string()),
    };
    r.push("options", "Dead peer detection", dpd(a.dpd), dpd(b.dpd), status, why, "dpd");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn side(local: &[&str], remote: &[&str]) -> PeerConfig {
        let mut p = PeerConfig::default();
        p.phase1.version = Some(IkeVersions::V2);
        p.phase1.proposals = vec![IkeProposal { encryption: vec!["aes256".into()], integrity: vec!["sha256".into()], prf: vec![], dh_groups: vec![14] }];
        p.phase1.lifetime_s = Some(28_800);
        p.phase1.auth = Some(AuthMethod::Psk);
        p.phase2.proposals = vec![EspProposal { encryption: vec!["aes256".into()], integrity: vec!["sha256".into()] }];
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
        a.phase1.proposals.push(IkeProposal { encryption: vec!["aes128".into()], integrity: vec!["sha1".into()], prf: vec![], dh_groups: vec![2] });
        b.phase1.proposals = vec![IkeProposal { encryption: vec!["3des".into(), "aes128".into()], integrity: vec!["sha1".into()], prf: vec![], dh_groups: vec![2] }];
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
        assert!(r.explanation.contains("comes up from A's side only"), "{}", r.explanation);
        assert_eq!(row(&c, "A remote / B local networks").status, RowStatus::Match);
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
        a.phase1.local_id = Some(Identity { kind: IdKind::Fqdn, value: "a.example.com".into() });
        b.phase1.remote_id = Some(Identity { kind: IdKind::Address, value: "192.0.2.1".into() });
        let c = compare(&a, &b);
        assert_eq!(row(&c, "Identity A sends / B expects").status, RowStatus::Mismatch);
    }
}
