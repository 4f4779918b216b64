//! Secret rules that read characters rather than command words: HTTP headers, URL credentials
//! and query keys, `name = value` / `name: value` / JSON / XML fields, CLI flags, JWTs.

use super::secret_rules::{Tok, value_from};
use super::secrets::{SecretHit, SecretKind};

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

/// Lower-cased name without `-`, `_` and `.`: `Shared_Key`, `shared-key`, `sharedKey` agree.
fn normalize(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, '-' | '_' | '.'))
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The kind of secret a field name holds, if any.
#[rustfmt::skip]
fn name_kind(norm: &str, swan_ike: bool) -> Option<SecretKind> {
    use SecretKind::*;
    Some(match norm {
        "psk" | "presharedkey" | "presharedsecret" | "psksecret" | "pskascii" | "pskhex"
        | "sharedkey" | "sharedsecret" | "ipsecpsk" | "ikepsk" | "psksecretremote" => Psk,
        "secret" if swan_ike => Psk,
        "password" | "passwd" | "passphrase" | "secret" | "clientsecret" | "phash"
        | "userpassword" | "adminpassword" | "authpassword" | "privpassword" => Password,
        "enablesecret" | "enablepassword" => EnableSecret,
        "community" | "snmpcommunity" | "communitystring" | "snmpcommunitystring"
        | "readcommunity" | "writecommunity" => SnmpCommunity,
        "radiussecret" | "radiuskey" | "tacacskey" | "tacacssecret" => AaaKey,
        "apikey" | "xapikey" | "accesstoken" | "authtoken" | "refreshtoken" | "token"
        | "idtoken" | "sessiontoken" | "subscriptionkey" | "ocpapimsubscriptionkey"
        | "xauthtoken" | "apitoken" | "bearertoken" => ApiKey,
        "privatekey" => PrivateKey,
        _ => return None,
    })
}

/// Query parameters that carry credentials.
fn query_kind(norm: &str) -> Option<SecretKind> {
    match norm {
        "password" | "passwd" | "pwd" | "pass" => Some(SecretKind::Password),
        "token" | "accesstoken" | "apikey" | "key" | "auth" | "authtoken" | "sig" | "signature"
        | "secret" | "clientsecret" | "sessionid" | "session" | "jwt" | "idtoken" | "apitoken"
        | "xamzsignature" | "xamzsecuritytoken" | "code" => Some(SecretKind::ApiKey),
        _ => None,
    }
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')
}

/// True when everything before `pos` is indentation or list/quote/prompt punctuation, i.e. a
/// `name: value` at `pos` starts a field rather than sitting inside a sentence.
fn field_start(line: &str, pos: usize) -> bool {
    line.get(..pos).is_some_and(|p| {
        p.chars().all(|c| {
            c.is_whitespace()
                || matches!(
                    c,
                    '>' | '<' | '-' | '*' | '#' | '{' | '[' | ',' | '"' | '\''
                )
        })
    })
}

/// `Authorization:`/`Proxy-Authorization:` values (the scheme word kept), `Cookie:` values and
/// stray `Bearer <token>`.
pub(crate) fn http_headers(line: &str, hits: &mut Vec<SecretHit>) {
    let lower = line.to_ascii_lowercase();
    for (pos, _) in lower.match_indices("authorization:") {
        let vstart = pos + "authorization:".len();
        let Some(rest) = line.get(vstart..) else {
            continue;
        };
        let lead = rest.len() - rest.trim_start().len();
        let body_start = vstart + lead;
        let end = header_end(line, body_start);
        let Some(body) = line.get(body_start..end) else {
            continue;
        };
        let mut start = body_start;
        // Keep the scheme (`Bearer`, `Basic`...) so the reader knows what kind it was.
        if let Some(sp) = body.find(' ') {
            let scheme = body.get(..sp).unwrap_or("");
            if !scheme.is_empty()
                && scheme.len() <= 24
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-')
            {
                let after = body.get(sp..).unwrap_or("");
                start = body_start + sp + (after.len() - after.trim_start().len());
            }
        }
        if end > start {
            hits.push(hit(start, end, SecretKind::BearerToken));
        }
    }
    for name in ["set-cookie:", "cookie:"] {
        for (pos, _) in lower.match_indices(name) {
            if name == "cookie:" && lower.get(..pos).is_some_and(|p| p.ends_with("set-")) {
                continue;
            }
            if !field_start(line, pos) {
                continue;
            }
            let vstart = pos + name.len();
            let Some(rest) = line.get(vstart..) else {
                continue;
            };
            let start = vstart + (rest.len() - rest.trim_start().len());
            let end = header_end(line, start);
            if end > start {
                hits.push(hit(start, end, SecretKind::Cookie));
            }
        }
    }
    for (pos, _) in line.match_indices("Bearer ") {
        let start = pos + "Bearer ".len();
        let Some(rest) = line.get(start..) else {
            continue;
        };
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || "-._~+/=".contains(c)))
            .unwrap_or(rest.len());
        if len >= 16 {
            hits.push(hit(start, start + len, SecretKind::BearerToken));
        }
    }
}

/// A header value ends at a closing quote (headers inside `-H "..."`) or the end of the line.
fn header_end(line: &str, start: usize) -> usize {
    let rest = line.get(start..).unwrap_or("");
    let end = rest.find(['"', '\'']).unwrap_or(rest.len());
    start + rest.get(..end).unwrap_or("").trim_end().len()
}

/// The password in `scheme://user:password@host`.
pub(crate) fn url_credentials(line: &str, hits: &mut Vec<SecretHit>) {
    for (pos, _) in line.match_indices("://") {
        let auth_start = pos + 3;
        let Some(rest) = line.get(auth_start..) else {
            continue;
        };
        let auth_len = rest
            .find(|c: char| c.is_whitespace() || "/?#\"'<>)]".contains(c))
            .unwrap_or(rest.len());
        let Some(authority) = rest.get(..auth_len) else {
            continue;
        };
        let Some(at) = authority.rfind('@') else {
            continue;
        };
        let Some(userinfo) = authority.get(..at) else {
            continue;
        };
        if let Some(colon) = userinfo.find(':')
            && at > colon + 1
        {
            hits.push(hit(
                auth_start + colon + 1,
                auth_start + at,
                SecretKind::UrlCredentials,
            ));
        }
    }
}

/// `?token=...`, `&key=...`, `&sig=...` in URLs.
pub(crate) fn url_query_keys(line: &str, hits: &mut Vec<SecretHit>) {
    for (pos, c) in line.char_indices() {
        if c != '?' && c != '&' {
            continue;
        }
        // Not after a space (prose) or a backslash (`\?key=` in a regular expression).
        if pos == 0
            || line
                .get(..pos)
                .is_some_and(|p| p.ends_with(char::is_whitespace) || p.ends_with('\\'))
        {
            continue;
        }
        let name_start = pos + 1;
        let Some(rest) = line.get(name_start..) else {
            continue;
        };
        let name_len = rest.find(|c: char| !is_name_char(c)).unwrap_or(rest.len());
        let Some(name) = rest.get(..name_len) else {
            continue;
        };
        if !rest.get(name_len..).is_some_and(|r| r.starts_with('=')) {
            continue;
        }
        let Some(kind) = query_kind(&normalize(name)) else {
            continue;
        };
        let vstart = name_start + name_len + 1;
        let Some(vrest) = line.get(vstart..) else {
            continue;
        };
        let vlen = vrest
            .find(|c: char| c.is_whitespace() || "&#\"'<>)];,|\\*".contains(c))
            .unwrap_or(vrest.len());
        if vlen > 0 {
            hits.push(hit(vstart, vstart + vlen, kind));
        }
    }
}

/// `name = value`, `name: value`, `"name": "value"`, `<name>value</name>` and `--name value`.
pub(crate) fn named_values(
    line: &str,
    toks: &[Tok<'_>],
    swan_ike: bool,
    xml_psk: bool,
    hits: &mut Vec<SecretHit>,
) {
    xml_fields(line, swan_ike, xml_psk, hits);
    for (pos, c) in line.char_indices() {
        match c {
            '=' => assignment(line, pos, swan_ike, hits),
            ':' => colon_field(line, pos, swan_ike, hits),
            _ => {}
        }
    }
    cli_flags(line, toks, swan_ike, hits);
}

fn xml_fields(line: &str, swan_ike: bool, xml_psk: bool, hits: &mut Vec<SecretHit>) {
    for (pos, _) in line.match_indices('<') {
        let Some(rest) = line.get(pos + 1..) else {
            continue;
        };
        let Some(close) = rest.find('>') else {
            continue;
        };
        let Some(tag) = rest.get(..close) else {
            continue;
        };
        if tag.is_empty() || !tag.chars().all(is_name_char) {
            continue;
        }
        let norm = normalize(tag);
        let kind = if norm == "key" && xml_psk {
            Some(SecretKind::Psk)
        } else {
            name_kind(&norm, swan_ike)
        };
        let Some(kind) = kind else { continue };
        let vstart = pos + 1 + close + 1;
        let Some(vrest) = line.get(vstart..) else {
            continue;
        };
        let vlen = vrest.find('<').unwrap_or(vrest.len());
        let value = vrest.get(..vlen).unwrap_or("");
        if !value.trim().is_empty() {
            let lead = value.len() - value.trim_start().len();
            hits.push(hit(vstart + lead, vstart + value.trim_end().len(), kind));
        }
    }
}

fn assignment(line: &str, pos: usize, swan_ike: bool, hits: &mut Vec<SecretHit>) {
    let before = line.get(..pos).unwrap_or("");
    let after = line.get(pos + 1..).unwrap_or("");
    // Comparisons and compound assignments in code (PAC files): ==, !=, <=, +=, =>.
    if after.starts_with(['=', '>'])
        || before.ends_with([
            '=', '!', '<', '>', '+', '-', '*', '/', '%', '&', '|', '^', '~',
        ])
    {
        return;
    }
    let trimmed = before.trim_end();
    let name_len = trimmed
        .chars()
        .rev()
        .take_while(|c| is_name_char(*c))
        .map(char::len_utf8)
        .sum::<usize>();
    let name_start = trimmed.len() - name_len;
    let Some(name) = trimmed.get(name_start..) else {
        return;
    };
    let boundary_ok = trimmed.get(..name_start).is_none_or(|p| {
        p.is_empty() || p.ends_with(|c: char| c.is_whitespace() || ",{;(\"'[".contains(c))
    });
    if name.is_empty() || !boundary_ok {
        return;
    }
    let Some(kind) = name_kind(&normalize(name), swan_ike) else {
        return;
    };
    if let Some((s, e)) = value_from(line, pos + 1) {
        let v = line.get(s..e).unwrap_or("");
        let quoted = s > 0 && line.get(s - 1..s).is_some_and(|q| q == "\"" || q == "'");
        // `var token = url.substring(8)` in a PAC file is code, not a secret.
        if !quoted && v.contains('(') {
            return;
        }
        hits.push(hit(s, e, kind));
    }
}

fn colon_field(line: &str, pos: usize, swan_ike: bool, hits: &mut Vec<SecretHit>) {
    let after = line.get(pos + 1..).unwrap_or("");
    let before = line.get(..pos).unwrap_or("");
    if after.starts_with("//") || after.starts_with(':') || before.ends_with(':') {
        return;
    }
    let (name_end, quoted) = match before.strip_suffix('"') {
        Some(b) => (b.len(), true),
        None => (before.len(), false),
    };
    let head = before.get(..name_end).unwrap_or("");
    let name_len = head
        .chars()
        .rev()
        .take_while(|c| is_name_char(*c))
        .map(char::len_utf8)
        .sum::<usize>();
    let name_start = name_end - name_len;
    let Some(name) = head.get(name_start..) else {
        return;
    };
    if name.is_empty() {
        return;
    }
    let ok = if quoted {
        head.get(..name_start).is_some_and(|p| {
            p.strip_suffix('"').is_some_and(|p| {
                let p = p.trim_end();
                p.is_empty() || p.ends_with(['{', ',', '['])
            })
        })
    } else {
        field_start(line, name_start)
    };
    if !ok {
        return;
    }
    let Some(kind) = name_kind(&normalize(name), swan_ike) else {
        return;
    };
    if let Some((s, e)) = value_from(line, pos + 1) {
        hits.push(hit(s, e, kind));
    }
}

fn cli_flags(line: &str, toks: &[Tok<'_>], swan_ike: bool, hits: &mut Vec<SecretHit>) {
    for (i, t) in toks.iter().enumerate() {
        let Some(flag) = t.text.strip_prefix('-') else {
            continue;
        };
        let flag = flag.trim_start_matches('-');
        let (name, inline) = match flag.split_once('=') {
            Some((n, _)) => (n, true),
            None => (flag, false),
        };
        let Some(kind) = name_kind(&normalize(name), swan_ike) else {
            continue;
        };
        if inline {
            let vstart = t.start + (t.text.len() - flag.len()) + name.len() + 1;
            if let Some((s, e)) = value_from(line, vstart) {
                hits.push(hit(s, e, kind));
            }
        } else if let Some(next) = toks.get(i + 1) {
            if next.text.starts_with(['-', '(', '$']) {
                continue;
            }
            if let Some((s, e)) = value_from(line, next.start) {
                hits.push(hit(s, e, kind));
            }
        }
    }
}

/// JSON Web Tokens anywhere (`eyJ...` `.` `eyJ...` `.` signature).
pub(crate) fn jwts(line: &str, hits: &mut Vec<SecretHit>) {
    let seg = |s: &str| {
        s.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(s.len())
    };
    for (pos, _) in line.match_indices("eyJ") {
        if line
            .get(..pos)
            .and_then(|p| p.chars().next_back())
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            continue;
        }
        let Some(rest) = line.get(pos..) else {
            continue;
        };
        let a = seg(rest);
        let Some(rest2) = rest.get(a..).and_then(|r| r.strip_prefix('.')) else {
            continue;
        };
        if a < 10 || !rest2.starts_with("eyJ") {
            continue;
        }
        let b = seg(rest2);
        let Some(rest3) = rest2.get(b..).and_then(|r| r.strip_prefix('.')) else {
            continue;
        };
        let c = seg(rest3);
        if b >= 10 {
            hits.push(hit(pos, pos + a + 1 + b + 1 + c, SecretKind::BearerToken));
        }
    }
}
