//! Phase-1 rows of the comparison: version, mode, proposals, lifetime, authentication and
//! identities.

use super::algorithms::{format_seconds, is_aead};
use super::engine::{CompareRow, RowStatus, Rows, inter, join, union};
use super::model::*;

fn version_of(p: &PeerConfig) -> Option<IkeVersions> {
    p.phase1.version
}

pub(crate) fn phase1(r: &mut Rows<'_>) {
    let (a, b) = (r.a, r.b);
    let (va, vb) = (version_of(a), version_of(b));
    let status = match (va, vb) {
        (Some(x), Some(y)) if x.compatible(y) => RowStatus::Match,
        (Some(_), Some(_)) => RowStatus::Mismatch,
        _ => RowStatus::Info,
    };
    let why = if status == RowStatus::Mismatch {
        "the two sides speak different IKE versions; nothing will be negotiated"
    } else {
        ""
    };
    r.push(
        "phase1",
        "IKE version",
        va.map_or("—".into(), |v| v.label().into()),
        vb.map_or("—".into(), |v| v.label().into()),
        status,
        why,
        "phase1.version",
    );
    let v2 = matches!(
        (va, vb),
        (Some(IkeVersions::V2), _) | (_, Some(IkeVersions::V2))
    );
    let v1 = matches!(
        (va, vb),
        (Some(IkeVersions::V1), _) | (_, Some(IkeVersions::V1))
    );
    if v1 {
        let (ma, mb) = (a.phase1.mode, b.phase1.mode);
        let label = |m: Option<ExchangeMode>| match m {
            Some(ExchangeMode::Main) => "main".to_string(),
            Some(ExchangeMode::Aggressive) => "aggressive".to_string(),
            None => "—".to_string(),
        };
        let (status, why) = match (ma, mb) {
            (Some(x), Some(y)) if x == y => (RowStatus::Match, ""),
            (Some(_), Some(_)) => (
                RowStatus::Mismatch,
                "main and aggressive mode do not interoperate; the responder answers NO_PROPOSAL_CHOSEN or ignores the exchange",
            ),
            _ => (RowStatus::Info, ""),
        };
        r.push(
            "phase1",
            "Exchange mode (IKEv1)",
            label(ma),
            label(mb),
            status,
            why,
            "phase1.mode",
        );
    }
    let pa = &a.phase1.proposals;
    let pb = &b.phase1.proposals;
    field_row(
        r,
        "phase1",
        "Encryption",
        union(pa.iter().flat_map(|p| p.encryption.clone())),
        union(pb.iter().flat_map(|p| p.encryption.clone())),
        "phase1.encryption",
    );
    let ia = union(pa.iter().flat_map(|p| p.integrity.clone()));
    let ib = union(pb.iter().flat_map(|p| p.integrity.clone()));
    let aead_only = pa
        .iter()
        .chain(pb.iter())
        .all(|p| !p.encryption.is_empty() && p.encryption.iter().all(|e| is_aead(e)));
    if !aead_only {
        field_row(r, "phase1", "Integrity / hash", ia, ib, "phase1.integrity");
    }
    if v2 {
        let prf = |p: &[IkeProposal]| {
            union(p.iter().flat_map(|x| {
                if x.prf.is_empty() {
                    x.integrity.clone()
                } else {
                    x.prf.clone()
                }
            }))
        };
        field_row(r, "phase1", "PRF", prf(pa), prf(pb), "phase1.prf");
    }
    field_row(
        r,
        "phase1",
        "DH group",
        union(pa.iter().flat_map(|p| p.dh_groups.clone())),
        union(pb.iter().flat_map(|p| p.dh_groups.clone())),
        "phase1.dh_groups",
    );
    let fmt = |v: &[IkeProposal]| {
        if v.is_empty() {
            return "—".to_string();
        }
        v.iter()
            .map(|p| {
                format!(
                    "{}/{}/{}",
                    join(&p.encryption),
                    join(&p.integrity),
                    join(&p.dh_groups)
                )
            })
            .collect::<Vec<_>>()
            .join(" | ")
    };
    let (status, why) = if pa.is_empty() || pb.is_empty() {
        (
            RowStatus::Info,
            "one side's proposals are not in the paste (vendor defaults apply)".to_string(),
        )
    } else {
        match ike_common(pa, pb) {
            Some(c) => (RowStatus::Match, format!("first common proposal: {c}")),
            None => (RowStatus::Mismatch, "no proposal of one side is acceptable to the other: the responder answers NO_PROPOSAL_CHOSEN (Azure: IkePolicyMismatch)".to_string()),
        }
    };
    r.push(
        "phase1",
        "Proposal match",
        fmt(pa),
        fmt(pb),
        status,
        why,
        "phase1.proposals",
    );
    lifetime_row(
        r,
        "phase1",
        "Lifetime",
        a.phase1.lifetime_s,
        b.phase1.lifetime_s,
        "phase1.lifetime",
    );
    auth_rows(r);
    identity_rows(r);
}

/// A row for one transform type: match when the sets intersect.
pub(crate) fn field_row<T: PartialEq + Clone + ToString>(
    r: &mut Rows<'_>,
    section: &str,
    name: &str,
    a: Vec<T>,
    b: Vec<T>,
    key: &str,
) {
    let (status, why) = if a.is_empty() || b.is_empty() {
        (
            RowStatus::Info,
            "not stated on one side (defaults apply)".to_string(),
        )
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
            let prf_a = if pa.prf.is_empty() {
                &pa.integrity
            } else {
                &pa.prf
            };
            let prf_b = if pb.prf.is_empty() {
                &pb.integrity
            } else {
                &pb.prf
            };
            let prf_ok = prf_a.is_empty() || prf_b.is_empty() || !inter(prf_a, prf_b).is_empty();
            let dh = inter(&pa.dh_groups, &pb.dh_groups);
            let dh_ok = pa.dh_groups.is_empty() || pb.dh_groups.is_empty() || !dh.is_empty();
            if integ_ok && prf_ok && dh_ok {
                let i = inter(&pa.integrity, &pb.integrity);
                return Some(format!(
                    "{e}{}{}",
                    i.first().map(|x| format!(" / {x}")).unwrap_or_default(),
                    dh.first()
                        .map(|g| format!(" / group {g}"))
                        .unwrap_or_default()
                ));
            }
        }
    }
    None
}

pub(crate) fn lifetime_row(
    r: &mut Rows<'_>,
    section: &str,
    name: &str,
    a: Option<u64>,
    b: Option<u64>,
    key: &str,
) {
    let (status, why) = match (a, b) {
        (Some(x), Some(y)) if x == y => (RowStatus::Match, String::new()),
        (Some(x), Some(y)) => {
            let ikev2 = r.a.phase1.version == Some(IkeVersions::V2)
                || r.b.phase1.version == Some(IkeVersions::V2);
            let why = if ikev2 {
                "IKEv2 does not negotiate lifetimes (each side rekeys on its own timer, the shorter first), so this is not fatal; align them for predictable rekeys"
            } else {
                "not fatal, but an IKEv1 responder may refuse a proposed lifetime longer than its own, so the tunnel can come up from one side only; align them"
            };
            (
                RowStatus::Warning,
                format!(
                    "lifetimes differ ({} vs {}): {why}",
                    format_seconds(x),
                    format_seconds(y)
                ),
            )
        }
        _ => (RowStatus::Info, "not stated on one side".to_string()),
    };
    r.push(
        section,
        name,
        a.map_or("—".into(), format_seconds),
        b.map_or("—".into(), format_seconds),
        status,
        why,
        key,
    );
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
    r.push(
        "phase1",
        "Authentication",
        auth_label(a.phase1.auth),
        auth_label(b.phase1.auth),
        status,
        why,
        "phase1.auth",
    );
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
        r.push(
            "phase1",
            "Pre-shared key type",
            label(a),
            label(b),
            status,
            why,
            "phase1.psk",
        );
    }
}

/// Fills an address identity with no value from the side's own address.
fn sent_identity(p: &PeerConfig) -> Option<Identity> {
    let id = p.phase1.local_id.clone()?;
    if id.kind == IdKind::Address && id.value.is_empty() {
        return Some(Identity {
            kind: IdKind::Address,
            value: p.local_address.clone().unwrap_or_default(),
        });
    }
    Some(id)
}

fn identity_rows(r: &mut Rows<'_>) {
    let (a, b) = (r.a, r.b);
    for (from, to, label, from_is_a) in [
        (a, b, "Identity A sends / B expects", true),
        (b, a, "Identity B sends / A expects", false),
    ] {
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
        let key = if from_is_a {
            "phase1.local_id"
        } else {
            "phase1.remote_id"
        };
        r.rows.push(CompareRow {
            section: "phase1".into(),
            parameter: label.into(),
            a: va,
            b: vb,
            status,
            explanation: why,
            a_lines: a.span(key),
            b_lines: b.span(if from_is_a {
                "phase1.remote_id"
            } else {
                "phase1.local_id"
            }),
        });
    }
}
