//! The per-line secret rules used by [`super::secrets::find_secrets`], most specific first.
//!
//! Shapes follow vendor command references: Cisco IOS/IOS-XE and ASA (`crypto isakmp key`,
//! `pre-shared-key`, `username .. secret`, `snmp-server`, `tacacs-server`/`radius server`),
//! FortiOS (`set psksecret ENC ..`), Palo Alto PAN-OS (XML and `set` forms), Juniper Junos,
//! strongSwan (`ipsec.secrets`, `swanctl.conf`), HTTP headers and URLs.

use super::secrets::{SecretHit, SecretKind};

/// A whitespace-separated token with its byte range in the line.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok<'a> {
    pub text: &'a str,
    pub start: usize,
}

/// Splits a line into whitespace-separated tokens.
pub(crate) fn tokenize(line: &str) -> Vec<Tok<'_>> {
    let mut toks = Vec::new();
    let mut start = None;
    for (i, c) in line.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                toks.push(Tok {
                    text: line.get(s..i).unwrap_or(""),
                    start: s,
                });
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        toks.push(Tok {
            text: line.get(s..).unwrap_or(""),
            start: s,
        });
    }
    toks
}

/// Context carried from line to line.
#[derive(Debug, Default)]
pub(crate) struct LineCtx {
    /// The Cisco-style block whose indented sub-commands we are in.
    block: Option<Block>,
    /// FortiOS `config` path, innermost last.
    forti: Vec<String>,
    /// Inside a PAN-OS `<pre-shared-key>` element.
    xml_psk: bool,
    /// The last swanctl.conf section opened (`ike-1`, `eap-carol`...).
    swan_section: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Block {
    /// `tacacs server X`, `radius server X`, `aaa-server X ...`: ` key` is the shared key.
    Aaa,
    /// `crypto isakmp client configuration group X`: ` key` is the group PSK.
    IsakmpGroup,
}

fn is(t: Option<&Tok<'_>>, word: &str) -> bool {
    t.is_some_and(|t| t.text.eq_ignore_ascii_case(word))
}

fn hit(start: usize, end: usize, kind: SecretKind) -> SecretHit {
    SecretHit {
        line: 0,
        start,
        end,
        kind,
        block_lines: 0,
        block_text: None,
    }
}

/// Words that follow a secret keyword in prose or show output, never a secret.
const NOT_A_VALUE: &[&str] = &[
    "authentication",
    "auth",
    "method",
    "is",
    "was",
    "mismatch",
    "failed",
    "failure",
    "configured",
    "not",
    "and",
    "or",
    "with",
    "for",
    "based",
    "yes",
    "no",
    "none",
    "true",
    "false",
    "null",
    "enabled",
    "disabled",
    "enable",
    "disable",
    "on",
    "off",
    "required",
    "optional",
    "unset",
    "n/a",
    "-",
    "{",
    "(",
    "=",
    ":",
    "<",
    "[",
];

/// Byte range of the value starting at byte `pos`: a quoted string's content, or the word up to
/// whitespace (a trailing `;` or `,` excluded). `None` for empty or non-secret words.
pub(crate) fn value_from(line: &str, pos: usize) -> Option<(usize, usize)> {
    let rest = line.get(pos..)?;
    let skip = rest.len() - rest.trim_start().len();
    let pos = pos + skip;
    let rest = line.get(pos..)?;
    let first = rest.chars().next()?;
    let (start, end) = if first == '"' || first == '\'' {
        let body = rest.get(1..)?;
        let mut end = None;
        let mut escaped = false;
        for (i, c) in body.char_indices() {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == first {
                end = Some(i);
                break;
            }
        }
        let end = end.unwrap_or_else(|| body.trim_end().len());
        (pos + 1, pos + 1 + end)
    } else {
        let len = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let word = rest.get(..len)?;
        let word = word.trim_end_matches([';', ',']);
        (pos, pos + word.len())
    };
    let v = line.get(start..end)?;
    if v.is_empty() || NOT_A_VALUE.iter().any(|w| v.eq_ignore_ascii_case(w)) {
        return None;
    }
    Some((start, end))
}

/// The value of token `i` (quoted values may span several tokens).
fn tok_value(line: &str, toks: &[Tok<'_>], i: usize) -> Option<(usize, usize)> {
    value_from(line, toks.get(i)?.start)
}

/// Skips an encryption-type word (`0`, `6`, `7`, `ENC`, `ascii-text`...) when a value follows.
fn skip_enc(toks: &[Tok<'_>], i: usize) -> usize {
    let Some(t) = toks.get(i) else { return i };
    let is_enc = (t.text.len() == 1 && t.text.bytes().all(|b| b.is_ascii_digit()))
        || [
            "enc",
            "ascii-text",
            "hexadecimal",
            "ascii",
            "hex",
            "encrypted",
        ]
        .iter()
        .any(|w| t.text.eq_ignore_ascii_case(w));
    let next_ok = toks.get(i + 1).is_some_and(|n| {
        !["address", "hostname", "privilege", "encrypted", "mask"]
            .iter()
            .any(|w| n.text.eq_ignore_ascii_case(w))
    });
    if is_enc && next_ok { i + 1 } else { i }
}

fn push_tok(line: &str, toks: &[Tok<'_>], i: usize, kind: SecretKind, hits: &mut Vec<SecretHit>) {
    if let Some((s, e)) = tok_value(line, toks, i) {
        hits.push(hit(s, e, kind));
    }
}

fn find_word(toks: &[Tok<'_>], from: usize, to: usize, word: &str) -> Option<usize> {
    (from..to.min(toks.len())).find(|&k| is(toks.get(k), word))
}

/// Runs every rule on one line, updating the context.
pub(crate) fn line_rules(
    line: &str,
    toks: &[Tok<'_>],
    ctx: &mut LineCtx,
    hits: &mut Vec<SecretHit>,
) {
    update_context(line, toks, ctx);
    strongswan_secrets(line, toks, hits);
    fortios_set(line, toks, ctx, hits);
    cisco_and_friends(line, toks, ctx, hits);
    super::secret_text::http_headers(line, hits);
    super::secret_text::url_credentials(line, hits);
    super::secret_text::url_query_keys(line, hits);
    super::secret_text::named_values(line, toks, ctx.swan_ike(), ctx.xml_psk, hits);
    super::secret_text::jwts(line, hits);
    if line.contains("</pre-shared-key>") {
        ctx.xml_psk = false;
    }
}

impl LineCtx {
    /// True inside a swanctl `ike...` secrets section (its `secret` is a PSK).
    fn swan_ike(&self) -> bool {
        self.swan_section
            .as_deref()
            .is_some_and(|s| s.starts_with("ike"))
    }
}

fn update_context(line: &str, toks: &[Tok<'_>], ctx: &mut LineCtx) {
    let t0 = toks.first();
    let indented = line.starts_with([' ', '\t']);
    if !indented && t0.is_some() {
        ctx.block = if (is(t0, "tacacs") || is(t0, "radius")) && is(toks.get(1), "server")
            || is(t0, "aaa-server")
        {
            Some(Block::Aaa)
        } else if is(t0, "crypto")
            && is(toks.get(1), "isakmp")
            && is(toks.get(2), "client")
            && is(toks.get(4), "group")
        {
            Some(Block::IsakmpGroup)
        } else {
            None
        };
    }
    if is(t0, "config") && toks.len() > 1 {
        let path: Vec<&str> = toks.iter().skip(1).map(|t| t.text).collect();
        ctx.forti.push(path.join(" ").to_ascii_lowercase());
    } else if is(t0, "end") && toks.len() == 1 {
        ctx.forti.pop();
    }
    if line.contains("<pre-shared-key>") {
        ctx.xml_psk = true;
    }
    if toks.len() == 2
        && toks.get(1).is_some_and(|t| t.text == "{")
        && let Some(t) = t0
    {
        ctx.swan_section = Some(t.text.to_ascii_lowercase());
    }
}

/// strongSwan/Libreswan `ipsec.secrets`: `[selectors] : PSK "secret"`, `: XAUTH`, `: EAP`,
/// `: RSA key.pem "passphrase"`.
fn strongswan_secrets(line: &str, toks: &[Tok<'_>], hits: &mut Vec<SecretHit>) {
    let Some(colon) = toks.iter().position(|t| t.text == ":") else {
        return;
    };
    let Some(kw) = toks.get(colon + 1) else {
        return;
    };
    match kw.text {
        "PSK" => push_tok(line, toks, colon + 2, SecretKind::Psk, hits),
        "XAUTH" | "EAP" | "NTLM" => push_tok(line, toks, colon + 2, SecretKind::Password, hits),
        "PIN" => {
            let i = (colon + 2..toks.len())
                .find(|&k| toks.get(k).is_some_and(|t| !t.text.starts_with('%')))
                .unwrap_or(toks.len());
            push_tok(line, toks, i, SecretKind::Password, hits);
        }
        "RSA" | "ECDSA" | "BLISS" | "P12" | "PKCS8" | "PKCS12" => {
            push_tok(line, toks, colon + 3, SecretKind::Password, hits);
        }
        _ => {}
    }
}

/// Command lines where `password`/`secret` keywords are followed by the value.
const PASSWORD_LINE_STARTS: &[&str] = &[
    "username",
    "enable",
    "password",
    "secret",
    "passwd",
    "neighbor",
    "ppp",
    "ip",
    "ipv6",
    "ntp",
    "key-string",
    "set",
    "user",
    "authentication-key",
    "encrypted-password",
    "key",
    "phash",
    "wpa-psk",
    "ikev1",
    "ikev2",
    "crypto",
    "isakmp",
    "tunnel-group",
    "ldap-login-password",
];

/// Cisco IOS/ASA, Juniper and PAN-OS `set` command shapes.
fn cisco_and_friends(line: &str, toks: &[Tok<'_>], ctx: &LineCtx, hits: &mut Vec<SecretHit>) {
    let t0 = toks.first();
    let t1 = toks.get(1);
    let indented = line.starts_with([' ', '\t']);
    // crypto isakmp key [0|6] KEY address ...   /   isakmp key KEY address ... (PIX)
    if is(t0, "crypto") && is(t1, "isakmp") && is(toks.get(2), "key") {
        push_tok(line, toks, skip_enc(toks, 3), SecretKind::Psk, hits);
    } else if is(t0, "isakmp") && is(t1, "key") {
        push_tok(line, toks, skip_enc(toks, 2), SecretKind::Psk, hits);
    }
    // pre-shared-key [local|remote] [0|6] KEY, pre-shared-key address A [M] key KEY,
    // PAN-OS `pre-shared-key key KEY`, Junos `pre-shared-key ascii-text "$9$.."`.
    for (j, t) in toks.iter().enumerate() {
        let word = t.text.to_ascii_lowercase();
        let word = word.trim_end_matches(';');
        if !matches!(word, "pre-shared-key" | "preshared-key" | "pre-share") {
            continue;
        }
        if let Some(k) = find_word(toks, j + 1, j + 6, "key") {
            push_tok(line, toks, skip_enc(toks, k + 1), SecretKind::Psk, hits);
        } else if word != "pre-share" {
            let mut k = j + 1;
            while toks.get(k).is_some_and(|t| {
                ["local", "remote"]
                    .iter()
                    .any(|w| t.text.eq_ignore_ascii_case(w))
            }) {
                k += 1;
            }
            push_tok(line, toks, skip_enc(toks, k), SecretKind::Psk, hits);
        }
    }
    // SNMP communities and SNMPv3 user passwords.
    if is(t0, "snmp-server") {
        snmp_server(line, toks, hits);
    }
    // Junos `set snmp community NAME ...` (only as a command, not in a sentence).
    if let Some(j) = toks
        .iter()
        .position(|t| t.text.eq_ignore_ascii_case("snmp"))
        && (is(t0, "set") || j == 0)
        && is(toks.get(j + 1), "community")
    {
        push_tok(line, toks, j + 2, SecretKind::SnmpCommunity, hits);
    }
    // PAN-OS `set ... snmp-community-string VALUE`.
    if is(t0, "set")
        && let Some(j) = toks
            .iter()
            .position(|t| t.text.eq_ignore_ascii_case("snmp-community-string"))
    {
        push_tok(line, toks, j + 1, SecretKind::SnmpCommunity, hits);
    }
    if is(t0, "community") && toks.len() == 3 && toks.get(2).is_some_and(|t| t.text == "{") {
        push_tok(line, toks, 1, SecretKind::SnmpCommunity, hits);
    }
    // TACACS+/RADIUS keys: inline, or ` key ...` under a server block.
    if (is(t0, "tacacs-server") || is(t0, "radius-server") || is(t0, "server-private"))
        && let Some(k) = find_word(toks, 1, toks.len(), "key")
    {
        push_tok(line, toks, skip_enc(toks, k + 1), SecretKind::AaaKey, hits);
    }
    if indented {
        match ctx.block {
            Some(Block::Aaa) if is(t0, "key") => {
                push_tok(line, toks, skip_enc(toks, 1), SecretKind::AaaKey, hits);
            }
            Some(Block::Aaa) if is(t0, "radius-common-pw") => {
                push_tok(line, toks, 1, SecretKind::AaaKey, hits);
            }
            Some(Block::Aaa) if is(t0, "pac") && is(t1, "key") => {
                push_tok(line, toks, skip_enc(toks, 2), SecretKind::AaaKey, hits);
            }
            Some(Block::IsakmpGroup) if is(t0, "key") => {
                push_tok(line, toks, skip_enc(toks, 1), SecretKind::Psk, hits);
            }
            _ => {}
        }
    }
    let starts_ok = t0.is_some_and(|t| {
        PASSWORD_LINE_STARTS
            .iter()
            .any(|w| t.text.eq_ignore_ascii_case(w))
    });
    if starts_ok && !is(t0, "snmp-server") {
        password_words(line, toks, hits);
    }
}

fn snmp_server(line: &str, toks: &[Tok<'_>], hits: &mut Vec<SecretHit>) {
    if let Some(k) = find_word(toks, 1, toks.len(), "community") {
        push_tok(line, toks, k + 1, SecretKind::SnmpCommunity, hits);
    } else if is(toks.get(1), "host")
        && toks
            .get(2)
            .is_some_and(|t| t.text.parse::<std::net::IpAddr>().is_ok())
    {
        // snmp-server host ADDR [vrf V] [traps|informs] [version 1|2c] COMMUNITY ...
        let mut p = 3;
        loop {
            if is(toks.get(p), "traps") || is(toks.get(p), "informs") {
                p += 1;
            } else if is(toks.get(p), "vrf") {
                p += 2;
            } else if is(toks.get(p), "version") {
                if is(toks.get(p + 1), "3") {
                    return; // SNMPv3: a user name follows, not a secret
                }
                p += 2;
            } else {
                break;
            }
        }
        push_tok(line, toks, p, SecretKind::SnmpCommunity, hits);
    }
    // snmp-server user U G v3 [encrypted] auth sha PASS [priv aes 128 PASS]
    if is(toks.get(1), "user") {
        if let Some(a) = find_word(toks, 2, toks.len(), "auth") {
            push_tok(line, toks, a + 2, SecretKind::SnmpCommunity, hits);
        }
        if let Some(p) = find_word(toks, 2, toks.len(), "priv") {
            let mut v = p + 2;
            if toks
                .get(v)
                .is_some_and(|t| matches!(t.text, "128" | "192" | "256"))
            {
                v += 1;
            }
            push_tok(line, toks, v, SecretKind::SnmpCommunity, hits);
        }
    }
}

/// `password`/`secret` keywords, key chains and routing/NTP authentication keys.
fn password_words(line: &str, toks: &[Tok<'_>], hits: &mut Vec<SecretHit>) {
    let enable = is(toks.first(), "enable");
    // Junos `set system radius-server A secret "..."`, NX-OS `radius-server host .. password`.
    let aaa = toks.iter().any(|t| {
        let w = t.text.to_ascii_lowercase();
        w.contains("radius") || w.contains("tacacs")
    });
    for (j, t) in toks.iter().enumerate() {
        let word = t.text.to_ascii_lowercase();
        match word.as_str() {
            "password" | "secret" | "passwd" | "phash" | "encrypted-password"
            | "password-encrypt" => {
                let mut k = j + 1;
                if is(toks.get(k), "encryption") {
                    continue; // `password encryption aes`
                }
                if is(toks.get(k), "level") {
                    k += 2; // `enable secret level 15 5 $1$...`
                }
                let kind = if enable {
                    SecretKind::EnableSecret
                } else if aaa {
                    SecretKind::AaaKey
                } else {
                    SecretKind::Password
                };
                push_tok(line, toks, skip_enc(toks, k), kind, hits);
            }
            "key-string" => push_tok(line, toks, skip_enc(toks, j + 1), SecretKind::AuthKey, hits),
            "authentication-key" | "message-digest-key" => {
                let mut k = j + 1;
                while toks
                    .get(k)
                    .is_some_and(|t| t.text.bytes().all(|b| b.is_ascii_digit()))
                    && toks.get(k + 1).is_some()
                {
                    k += 1;
                }
                if toks.get(k).is_some_and(|t| {
                    let a = t.text.to_ascii_lowercase();
                    a.starts_with("md5") || a.starts_with("sha") || a.starts_with("hmac")
                }) {
                    k = skip_enc(toks, k + 1);
                }
                push_tok(line, toks, k, SecretKind::AuthKey, hits);
            }
            "wpa-psk" => {
                let mut k = j + 1;
                if is(toks.get(k), "ascii") || is(toks.get(k), "hex") {
                    k += 1;
                }
                push_tok(line, toks, skip_enc(toks, k), SecretKind::Psk, hits);
            }
            _ => {}
        }
    }
}

/// FortiOS `set NAME [ENC] VALUE` inside `config` blocks.
fn fortios_set(line: &str, toks: &[Tok<'_>], ctx: &LineCtx, hits: &mut Vec<SecretHit>) {
    if !is(toks.first(), "set") || toks.len() < 3 {
        return;
    }
    let Some(name) = toks.get(1).map(|t| t.text.to_ascii_lowercase()) else {
        return;
    };
    let path = ctx.forti.last().map(String::as_str).unwrap_or("");
    let aaa = path.contains("radius") || path.contains("tacacs");
    let kind = match name.as_str() {
        "psksecret" | "psksecret-remote" | "ppk-secret" => SecretKind::Psk,
        "secret" | "key" | "secondary-secret" | "tertiary-secret" if aaa => SecretKind::AaaKey,
        "password" | "passwd" | "secret" | "auth-pwd" | "priv-pwd" | "auth-password"
        | "priv-password" | "sso-password" | "ldap-password" => SecretKind::Password,
        "key" if is(toks.get(2), "enc") => SecretKind::AuthKey,
        "name" if path == "system snmp community" => SecretKind::SnmpCommunity,
        _ => return,
    };
    push_tok(line, toks, skip_enc(toks, 2), kind, hits);
}
