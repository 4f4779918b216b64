//! Secret detection in pasted configs, outputs and PAC files: which byte ranges of which lines
//! hold a secret, and of what kind.
//!
//! Line-first and token-based, like the parsers: a rule matches a command shape (`crypto isakmp
//! key`, `snmp-server community`, `set psksecret ENC`, `: PSK "..."`) and marks only the value,
//! so the rest of the line stays readable. A little state follows blocks (PEM private keys,
//! `tacacs server` / `aaa-server` sub-commands, FortiGate `config` paths, Palo Alto XML, swanctl
//! sections). Prose is left alone: keyword rules only fire where a config command can start.

use serde::{Deserialize, Serialize};

use super::secret_rules::{LineCtx, Tok, line_rules, tokenize};

/// What kind of secret was removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SecretKind {
    /// An IKE/IPsec pre-shared key.
    Psk,
    /// A user, line or service password (or its hash).
    Password,
    /// An `enable secret` / `enable password`.
    EnableSecret,
    /// An SNMP community (or SNMPv3 auth/priv password).
    SnmpCommunity,
    /// A TACACS+ or RADIUS shared key.
    AaaKey,
    /// A routing-protocol, NTP or key-chain authentication key.
    AuthKey,
    /// A PEM (or OpenSSH/PGP) private key block.
    PrivateKey,
    /// An `Authorization` header value, bearer token or JWT.
    BearerToken,
    /// A `Cookie` / `Set-Cookie` header value.
    Cookie,
    /// The password part of `scheme://user:password@host`.
    UrlCredentials,
    /// An API key or token in a URL query or a `name=value` / JSON field.
    ApiKey,
}

impl SecretKind {
    /// The snake_case name used in markers and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Psk => "psk",
            Self::Password => "password",
            Self::EnableSecret => "enable_secret",
            Self::SnmpCommunity => "snmp_community",
            Self::AaaKey => "aaa_key",
            Self::AuthKey => "auth_key",
            Self::PrivateKey => "private_key",
            Self::BearerToken => "bearer_token",
            Self::Cookie => "cookie",
            Self::UrlCredentials => "url_credentials",
            Self::ApiKey => "api_key",
        }
    }

    /// The text that replaces a secret of this kind: `<redacted:psk>`.
    pub fn marker(self) -> String {
        format!("<redacted:{}>", self.as_str())
    }
}

/// One secret found: where it is (1-based line, byte range in that line) and its kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretHit {
    /// 1-based line number.
    pub line: u32,
    /// Byte range of the secret within the line (without line ending).
    pub start: usize,
    /// End of the byte range (exclusive).
    pub end: usize,
    /// Kind of secret.
    pub kind: SecretKind,
    /// For a multi-line private key: how many lines the block body spans.
    pub block_lines: u32,
    /// For a multi-line private key: the whole body text (for the preview).
    pub block_text: Option<String>,
}

/// Finds every secret in `text`, line by line, in order. Lines are split on `\n`; a trailing
/// `\r` is not part of the line.
pub fn find_secrets(text: &str) -> Vec<Vec<SecretHit>> {
    let mut ctx = LineCtx::default();
    let mut pem: Option<PemBlock> = None;
    let mut out: Vec<Vec<SecretHit>> = Vec::new();
    for (idx, raw) in text.split('\n').enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let clean = mask_controls(line);
        let line = clean.as_str();
        let no = u32::try_from(idx + 1).unwrap_or(u32::MAX);
        let mut hits = Vec::new();
        if let Some(block) = pem.as_mut() {
            if let Some(end) = line.find("-----END") {
                let body = line.get(..end).unwrap_or("");
                let lead = body.len() - body.trim_start().len();
                let body_trim = body.trim().trim_matches(|c| c == '"' || c == '\'');
                if !is_already_masked(body_trim) {
                    block.add(no, body_trim);
                    hits.push(block.hit(no, lead, lead + body.trim().len()));
                }
                out.push(hits);
                finish_block(&mut out, pem.take());
                continue;
            } else {
                let lead = line.len() - line.trim_start().len();
                let trimmed = line.trim_end();
                if !is_already_masked(line.trim()) {
                    block.add(no, line.trim());
                    hits.push(block.hit(no, lead, trimmed.len()));
                }
            }
            out.push(hits);
            continue;
        }
        if let Some(begin) = find_private_key_begin(line) {
            let after_marker = begin;
            let rest = line.get(after_marker..).unwrap_or("");
            if let Some(end_rel) = rest.find("-----END") {
                // The whole key on one line (JSON strings with \n escapes, for instance).
                let body = rest.get(..end_rel).unwrap_or("");
                let text = body.replace("\\n", "");
                if !is_already_masked(&text) {
                    hits.push(SecretHit {
                        line: no,
                        start: after_marker,
                        end: after_marker + end_rel,
                        kind: SecretKind::PrivateKey,
                        block_lines: 1,
                        block_text: Some(text.trim().to_string()),
                    });
                }
            } else {
                pem = Some(PemBlock::default());
            }
            out.push(hits);
            continue;
        }
        let toks: Vec<Tok<'_>> = tokenize(line);
        line_rules(line, &toks, &mut ctx, &mut hits);
        hits.retain(|h| {
            line.get(h.start..h.end)
                .is_some_and(|v| !is_already_masked(v))
        });
        hits.sort_by_key(|h| (h.start, std::cmp::Reverse(h.end)));
        // Keep the first of overlapping hits (rules are ordered most specific first).
        let mut kept: Vec<SecretHit> = Vec::new();
        for mut h in hits {
            h.line = no;
            if kept.last().is_none_or(|k| h.start >= k.end) {
                kept.push(h);
            }
        }
        out.push(kept);
    }
    // A private key cut off by the end of the paste is still redacted to the end.
    finish_block(&mut out, pem.take());
    out
}

/// The line with terminal escape sequences (`ESC [ ... final`, `ESC x`) and other control
/// characters (NUL, backspace, stray CR) turned into spaces, byte for byte, so rules see the
/// words a terminal showed and every offset still points into the original line.
fn mask_controls(line: &str) -> String {
    let bytes = line.as_bytes();
    if !bytes.iter().any(|&b| b < 0x20 && b != b'\t' || b == 0x7f) {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len());
    let mut chars = line.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        if c == '\u{1b}' {
            out.push(' ');
            match chars.peek().map(|&(_, n)| n) {
                Some('[') => {
                    // CSI: parameters and intermediates, then one final byte in 0x40..=0x7e.
                    for (_, n) in chars.by_ref() {
                        if !n.is_ascii() {
                            out.push(n); // malformed: keep the byte length right
                            break;
                        }
                        out.push(' ');
                        if n != '[' && ('\u{40}'..='\u{7e}').contains(&n) {
                            break;
                        }
                    }
                }
                Some(n) if n.is_ascii() && !n.is_ascii_control() => {
                    chars.next();
                    out.push(' ');
                }
                _ => {}
            }
        } else if c.is_ascii_control() && c != '\t' {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

/// The body of a PEM block being read.
#[derive(Default)]
struct PemBlock {
    first_line: Option<u32>,
    lines: u32,
    text: String,
}

impl PemBlock {
    fn add(&mut self, no: u32, body: &str) {
        self.first_line.get_or_insert(no);
        self.lines += 1;
        self.text.push_str(body);
    }

    fn hit(&self, no: u32, start: usize, end: usize) -> SecretHit {
        SecretHit {
            line: no,
            start,
            end,
            kind: SecretKind::PrivateKey,
            block_lines: 0,
            block_text: None,
        }
    }
}

/// Marks the first body line's hit as the one that describes the block (for the preview).
fn finish_block(out: &mut [Vec<SecretHit>], block: Option<PemBlock>) {
    let Some(block) = block else { return };
    let Some(first) = block.first_line else {
        return;
    };
    let idx = usize::try_from(first)
        .unwrap_or(usize::MAX)
        .saturating_sub(1);
    if let Some(hit) = out.get_mut(idx).and_then(|hits| hits.first_mut()) {
        hit.block_lines = block.lines;
        hit.block_text = Some(block.text);
    }
}

/// Byte index just after the `-----BEGIN ... PRIVATE KEY...-----` marker, if the line has one.
fn find_private_key_begin(line: &str) -> Option<usize> {
    let begin = line.find("-----BEGIN ")?;
    let rest = line.get(begin + 11..)?;
    let close = rest.find("-----")?;
    let label = rest.get(..close)?;
    if !label.contains("PRIVATE KEY") {
        return None;
    }
    Some(begin + 11 + close + 5)
}

/// True for values that are already masked by the device or by an earlier redaction.
pub(crate) fn is_already_masked(v: &str) -> bool {
    let v = v.trim();
    v.is_empty()
        || v.chars().all(|c| c == '*' || c == '•')
        || v.starts_with("<redacted")
        || v.eq_ignore_ascii_case("<removed>")
        || v.eq_ignore_ascii_case("[removed]")
        || v.eq_ignore_ascii_case("[redacted]")
        || v.eq_ignore_ascii_case("<hidden>")
        || v.eq_ignore_ascii_case("(hidden)")
        // Template variables and strongSwan's interactive prompt are not secrets.
        || v.starts_with("${")
        || v.starts_with("%prompt")
}
