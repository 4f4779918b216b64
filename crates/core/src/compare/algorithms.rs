//! Algorithm names across vendors, normalised to one spelling (data tables, not scattered
//! literals). Canonical names follow strongSwan's keywords without ICV suffixes:
//! `aes128`, `aes256gcm`, `3des`, `null`; `sha1`, `sha256`; DH groups are IANA numbers
//! (RFC 7296 / IANA "Transform Type 4").

/// `(spelling, canonical)` for encryption algorithms. Matched case-insensitively.
#[rustfmt::skip]
const ENCRYPTION: &[(&str, &str)] = &[
    ("des", "des"), ("esp-des", "des"),
    ("3des", "3des"), ("esp-3des", "3des"), ("des3", "3des"), ("tripledes", "3des"), ("3des-cbc", "3des"),
    ("aes", "aes128"), ("aes128", "aes128"), ("aes-128", "aes128"), ("aes-cbc-128", "aes128"),
    ("esp-aes", "aes128"), ("esp-aes-128", "aes128"), ("esp-128-aes", "aes128"), ("aes128-cbc", "aes128"),
    ("aes192", "aes192"), ("aes-192", "aes192"), ("aes-cbc-192", "aes192"), ("esp-192-aes", "aes192"),
    ("esp-aes-192", "aes192"),
    ("aes256", "aes256"), ("aes-256", "aes256"), ("aes-cbc-256", "aes256"), ("esp-256-aes", "aes256"),
    ("esp-aes-256", "aes256"), ("aes256-cbc", "aes256"),
    ("aes128gcm", "aes128gcm"), ("aes128gcm16", "aes128gcm"), ("aes128gcm12", "aes128gcm"),
    ("aes128gcm8", "aes128gcm"), ("aes-gcm-128", "aes128gcm"), ("esp-gcm-128", "aes128gcm"),
    ("esp-128-gcm", "aes128gcm"), ("gcmaes128", "aes128gcm"), ("aes128-gcm", "aes128gcm"),
    ("esp-gcm", "aes128gcm"), ("aes-gcm", "aes128gcm"),
    ("aes192gcm", "aes192gcm"), ("aes192gcm16", "aes192gcm"), ("aes-gcm-192", "aes192gcm"),
    ("esp-gcm-192", "aes192gcm"),
    ("aes256gcm", "aes256gcm"), ("aes256gcm16", "aes256gcm"), ("aes256gcm12", "aes256gcm"),
    ("aes256gcm8", "aes256gcm"), ("aes256gcm128", "aes256gcm"), ("aes-gcm-256", "aes256gcm"),
    ("esp-gcm-256", "aes256gcm"), ("esp-256-gcm", "aes256gcm"), ("gcmaes256", "aes256gcm"),
    ("aes256-gcm", "aes256gcm"),
    ("aes128gmac", "aes128gmac"), ("esp-gmac", "aes128gmac"), ("aes256gmac", "aes256gmac"),
    ("chacha20poly1305", "chacha20poly1305"),
    ("null", "null"), ("esp-null", "null"), ("none", "null"),
];

/// `(spelling, canonical)` for integrity / hash / PRF algorithms.
#[rustfmt::skip]
const INTEGRITY: &[(&str, &str)] = &[
    ("md5", "md5"), ("esp-md5-hmac", "md5"), ("hmac-md5", "md5"), ("md5_128", "md5"), ("prfmd5", "md5"),
    ("sha", "sha1"), ("sha1", "sha1"), ("sha-1", "sha1"), ("esp-sha-hmac", "sha1"), ("hmac-sha1", "sha1"),
    ("sha1_160", "sha1"), ("prfsha1", "sha1"), ("sha96", "sha1"),
    ("sha256", "sha256"), ("sha2-256", "sha256"), ("sha2_256", "sha256"), ("sha-256", "sha256"),
    ("esp-sha256-hmac", "sha256"), ("hmac-sha256", "sha256"), ("sha256_96", "sha256"), ("prfsha256", "sha256"),
    ("sha384", "sha384"), ("sha2-384", "sha384"), ("sha2_384", "sha384"), ("esp-sha384-hmac", "sha384"),
    ("prfsha384", "sha384"),
    ("sha512", "sha512"), ("sha2-512", "sha512"), ("sha2_512", "sha512"), ("esp-sha512-hmac", "sha512"),
    ("prfsha512", "sha512"),
    ("aesxcbc", "aesxcbc"), ("esp-aes-xcbc-mac", "aesxcbc"), ("prfaesxcbc", "aesxcbc"),
    ("none", "none"), ("null", "none"),
];

/// `(spelling, IANA group)` for Diffie-Hellman groups.
#[rustfmt::skip]
const DH: &[(&str, u32)] = &[
    ("modp768", 1), ("modp1024", 2), ("modp1536", 5), ("modp2048", 14), ("modp3072", 15),
    ("modp4096", 16), ("modp6144", 17), ("modp8192", 18), ("ecp256", 19), ("ecp384", 20),
    ("ecp521", 21), ("modp1024s160", 22), ("modp2048s224", 23), ("modp2048s256", 24),
    ("ecp192", 25), ("ecp224", 26), ("curve25519", 31), ("x25519", 31), ("curve448", 32), ("x448", 32),
];

/// True for AEAD ciphers (no separate integrity algorithm).
pub fn is_aead(enc: &str) -> bool {
    enc.contains("gcm") || enc.contains("ccm") || enc == "chacha20poly1305"
}

/// Canonical encryption name of `s`, or `None` when unknown.
pub fn encryption(s: &str) -> Option<&'static str> {
    let l = s.trim().to_ascii_lowercase();
    ENCRYPTION.iter().find(|(k, _)| *k == l).map(|(_, v)| *v)
}

/// Canonical integrity name of `s`, or `None` when unknown.
pub fn integrity(s: &str) -> Option<&'static str> {
    let l = s.trim().to_ascii_lowercase();
    INTEGRITY.iter().find(|(k, _)| *k == l).map(|(_, v)| *v)
}

/// IANA DH group of `s` (`14`, `group14`, `modp2048`, `dh14`, `DHGroup14`, `ECP256`).
pub fn dh_group(s: &str) -> Option<u32> {
    let l = s.trim().to_ascii_lowercase();
    for p in ["dhgroup", "group", "dh", "pfs", "g"] {
        if let Some(rest) = l.strip_prefix(p)
            && let Ok(n) = rest.parse::<u32>()
        {
            return Some(n);
        }
    }
    if let Ok(n) = l.parse::<u32>() {
        return Some(n);
    }
    DH.iter().find(|(k, _)| *k == l).map(|(_, v)| *v)
}

/// Combines an encryption keyword with a following key size (`aes 256`, `esp-aes 256`,
/// `esp-gcm 256`). Returns the canonical name.
pub fn encryption_with_size(name: &str, size: Option<&str>) -> Option<&'static str> {
    match size.and_then(|s| s.parse::<u32>().ok()) {
        Some(bits) => {
            let base = name.trim().to_ascii_lowercase();
            let base = base.trim_start_matches("esp-");
            let joined = match base {
                "aes" | "aes-cbc" => format!("aes{bits}"),
                "gcm" | "aes-gcm" => format!("aes{bits}gcm"),
                "gmac" => format!("aes{bits}gmac"),
                _ => return encryption(name),
            };
            encryption(&joined)
        }
        None => encryption(name),
    }
}

/// A parsed strongSwan-style proposal string (`aes256-sha256-modp2048`, `aes128gcm16-prfsha256-ecp256`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProposalParts {
    /// Encryption algorithms.
    pub encryption: Vec<String>,
    /// Integrity algorithms.
    pub integrity: Vec<String>,
    /// PRFs.
    pub prf: Vec<String>,
    /// DH groups.
    pub dh_groups: Vec<u32>,
    /// Tokens not understood.
    pub unknown: Vec<String>,
}

/// Splits one proposal string on `-` and classifies each token. Keywords containing a dash
/// (`aes-cbc-256`) are handled by trying two and three joined tokens first.
pub fn split_proposal(s: &str) -> ProposalParts {
    let mut out = ProposalParts::default();
    let toks: Vec<&str> = s
        .trim()
        .trim_end_matches('!')
        .split('-')
        .filter(|t| !t.is_empty())
        .collect();
    let mut i = 0;
    while i < toks.len() {
        let mut consumed = 0;
        for n in [3usize, 2] {
            if let Some(slice) = toks.get(i..i + n) {
                let joined = slice.join("-");
                if let Some(e) = encryption(&joined) {
                    push(&mut out.encryption, e);
                    consumed = n;
                    break;
                }
                if let Some(h) = integrity(&joined) {
                    push(&mut out.integrity, h);
                    consumed = n;
                    break;
                }
            }
        }
        if consumed == 0 {
            let t = toks.get(i).copied().unwrap_or_default();
            let l = t.to_ascii_lowercase();
            if l == "esn" || l == "noesn" || l == "esp" || l == "ike" {
                // Extended sequence numbers and protocol words do not change matching.
            } else if l.starts_with("prf") {
                match integrity(&l) {
                    Some(p) => push(&mut out.prf, p),
                    None => out.unknown.push(t.to_string()),
                }
            } else if let Some(e) = encryption(&l) {
                push(&mut out.encryption, e);
            } else if let Some(h) = integrity(&l) {
                push(&mut out.integrity, h);
            } else if let Some(g) = dh_group(&l) {
                if !out.dh_groups.contains(&g) {
                    out.dh_groups.push(g);
                }
            } else {
                out.unknown.push(t.to_string());
            }
            consumed = 1;
        }
        i += consumed;
    }
    out
}

fn push(v: &mut Vec<String>, s: &str) {
    if !v.iter().any(|x| x == s) {
        v.push(s.to_string());
    }
}

/// Parses a lifetime: `86400`, `3600s`, `60m`, `8h`, `1d`. Plain numbers are seconds.
pub fn lifetime_seconds(s: &str) -> Option<u64> {
    let t = s.trim().to_ascii_lowercase();
    let t = t.trim_end_matches([',', ';']);
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: u64 = num.parse().ok()?;
    let mul = match unit.trim() {
        "" | "s" | "sec" | "secs" | "seconds" => 1,
        "m" | "min" | "mins" | "minutes" => 60,
        "h" | "hour" | "hours" => 3600,
        "d" | "day" | "days" => 86_400,
        _ => return None,
    };
    n.checked_mul(mul)
}

/// `28800` → `8h (28800 s)`.
pub fn format_seconds(s: u64) -> String {
    if s >= 3600 && s.is_multiple_of(3600) {
        format!("{}h ({s} s)", s / 3600)
    } else if s >= 60 && s.is_multiple_of(60) {
        format!("{}m ({s} s)", s / 60)
    } else {
        format!("{s} s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_vendor_spellings() {
        assert_eq!(encryption("esp-256-aes"), Some("aes256"));
        assert_eq!(encryption("AES-CBC-256"), Some("aes256"));
        assert_eq!(encryption_with_size("aes", Some("256")), Some("aes256"));
        assert_eq!(
            encryption_with_size("esp-gcm", Some("256")),
            Some("aes256gcm")
        );
        assert_eq!(encryption_with_size("esp-aes", None), Some("aes128"));
        assert_eq!(integrity("esp-sha-hmac"), Some("sha1"));
        assert_eq!(integrity("sha"), Some("sha1"));
        assert_eq!(dh_group("group14"), Some(14));
        assert_eq!(dh_group("modp2048"), Some(14));
        assert_eq!(dh_group("DHGroup24"), Some(24));
        assert_eq!(dh_group("ecp256"), Some(19));
        assert!(is_aead("aes256gcm"));
        assert!(!is_aead("aes256"));
    }

    #[test]
    fn splits_proposal_strings() {
        let p = split_proposal("aes256-sha256-modp2048!");
        assert_eq!(p.encryption, vec!["aes256"]);
        assert_eq!(p.integrity, vec!["sha256"]);
        assert_eq!(p.dh_groups, vec![14]);
        let q = split_proposal("aes128gcm16-aes256gcm16-prfsha384-ecp384-x25519");
        assert_eq!(q.encryption, vec!["aes128gcm", "aes256gcm"]);
        assert_eq!(q.prf, vec!["sha384"]);
        assert_eq!(q.dh_groups, vec![20, 31]);
        let r = split_proposal("aes-cbc-256-sha256-wibble");
        assert_eq!(r.encryption, vec!["aes256"]);
        assert_eq!(r.unknown, vec!["wibble"]);
    }

    #[test]
    fn lifetimes() {
        assert_eq!(lifetime_seconds("8h"), Some(28_800));
        assert_eq!(lifetime_seconds("86400"), Some(86_400));
        assert_eq!(lifetime_seconds("60m"), Some(3600));
        assert_eq!(lifetime_seconds("1d"), Some(86_400));
        assert_eq!(lifetime_seconds("soon"), None);
        assert_eq!(format_seconds(28_800), "8h (28800 s)");
    }
}
