//! strongSwan `swanctl.conf` → peer configurations (one per connection, children merged).
//!
//! ```text
//! connections {
//!     site1 {
//!         version = 2
//!         remote_addrs = 203.0.113.2
//!         proposals = aes256-sha256-modp2048
//!         local { auth = psk  id = site1.example.com }
//!         children { net { local_ts = 10.1.0.0/16  remote_ts = 10.2.0.0/16 } }
//!     }
//! }
//! ```
//!
//! Defaults from the swanctl.conf documentation are applied when a value is absent:
//! `version = 0` (either), `rekey_time = 4h`, child `rekey_time = 1h`, no PFS unless an
//! `esp_proposals` entry carries a DH group; NAT-T is automatic.

use super::algorithms::{lifetime_seconds, split_proposal};
use super::model::*;
use crate::parsers::Line;
use crate::span::LineSpan;

/// A `name { ... }` node of the swanctl syntax.
#[derive(Debug, Clone, Default)]
pub struct Node {
    /// Section name.
    pub name: String,
    /// `key = value` settings with their line.
    pub settings: Vec<(String, String, LineSpan)>,
    /// Sub-sections.
    pub children: Vec<Node>,
    /// Lines.
    pub span: LineSpan,
}

impl Node {
    /// The value of `key`, with its line.
    pub fn get(&self, key: &str) -> Option<(&str, LineSpan)> {
        self.settings
            .iter()
            .rev()
            .find(|(k, _, _)| k == key)
            .map(|(_, v, s)| (v.as_str(), *s))
    }

    /// The child section called `name`.
    pub fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }
}

/// Parses the brace syntax into a tree. Unbalanced braces are reported, not fatal.
pub fn parse_tree(lines: &[Line<'_>]) -> (Node, Vec<String>) {
    let mut stack: Vec<Node> = vec![Node {
        name: String::new(),
        ..Default::default()
    }];
    let mut warnings = Vec::new();
    for l in lines {
        let text = l.text.split('#').next().unwrap_or_default();
        // Several statements may share a line: `local { auth = psk id = x }`.
        for piece in split_braces(text) {
            let at = LineSpan::line(l.no);
            match piece {
                Piece::Open(name) => stack.push(Node {
                    name,
                    span: at,
                    ..Default::default()
                }),
                Piece::Close => {
                    if stack.len() > 1 {
                        if let Some(mut done) = stack.pop() {
                            done.span = done.span.join(at);
                            if let Some(parent) = stack.last_mut() {
                                parent.children.push(done);
                            }
                        }
                    } else {
                        warnings.push(format!("line {}: unmatched '}}'", l.no));
                    }
                }
                Piece::Setting(k, v) => {
                    if let Some(top) = stack.last_mut() {
                        top.settings.push((k, v, at));
                    }
                }
            }
        }
    }
    while stack.len() > 1 {
        if let Some(done) = stack.pop() {
            warnings.push(format!(
                "section {} (line {}) is not closed",
                done.name, done.span.start
            ));
            if let Some(parent) = stack.last_mut() {
                parent.children.push(done);
            }
        }
    }
    (stack.pop().unwrap_or_default(), warnings)
}

enum Piece {
    Open(String),
    Close,
    Setting(String, String),
}

fn split_braces(text: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut buf = String::new();
    let flush = |buf: &mut String, out: &mut Vec<Piece>| {
        let t = buf.trim();
        if !t.is_empty() {
            // `a = 1 b = 2` on one line inside braces: split on ` key =` boundaries.
            let mut rest = t;
            while let Some((k, v)) = rest.split_once('=') {
                let k = k.trim().to_string();
                let v = v.trim();
                let next = next_key_start(v);
                let (val, tail) = v.split_at(next.unwrap_or(v.len()));
                out.push(Piece::Setting(k, val.trim().to_string()));
                rest = tail;
                if next.is_none() {
                    break;
                }
            }
        }
        buf.clear();
    };
    for c in text.chars() {
        match c {
            '{' => {
                let name = buf.trim().to_string();
                buf.clear();
                out.push(Piece::Open(name));
            }
            '}' => {
                flush(&mut buf, &mut out);
                out.push(Piece::Close);
            }
            _ => buf.push(c),
        }
    }
    flush(&mut buf, &mut out);
    out
}

/// Start of a further `key =` inside `v` (`psk id = x` → at `id`).
fn next_key_start(v: &str) -> Option<usize> {
    // A quoted value (a DN with `=` inside) ends at its closing quote.
    let skip = match v.strip_prefix('"') {
        Some(rest) => rest.find('"')? + 2,
        None => 0,
    };
    let tail = v.get(skip..)?;
    let eq = tail.find('=')?;
    let before = tail.get(..eq)?.trim_end();
    let key_start = before.rfind(char::is_whitespace)? + 1;
    Some(skip + key_start)
}

/// Reads a swanctl.conf text.
pub fn swanctl_peers(lines: &[Line<'_>]) -> ConfigSet {
    let (root, warnings) = parse_tree(lines);
    let mut set = ConfigSet {
        format: Some(ConfigFormat::Swanctl),
        warnings,
        ..Default::default()
    };
    let secrets = root.child("secrets");
    let Some(conns) = root.child("connections") else {
        set.warnings
            .push("no `connections { }` section found".into());
        return set;
    };
    for c in &conns.children {
        set.peers.push(connection(c, secrets));
    }
    set
}

fn list(v: &str) -> Vec<String> {
    v.split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn auth_of(v: &str) -> AuthMethod {
    match v.split('-').next().unwrap_or(v) {
        "psk" | "secret" => AuthMethod::Psk,
        "pubkey" | "rsa" | "rsasig" => AuthMethod::RsaSig,
        "ecdsa" => AuthMethod::Ecdsa,
        "eap" | "xauth" => AuthMethod::Eap,
        _ => AuthMethod::Other,
    }
}

fn connection(c: &Node, secrets: Option<&Node>) -> PeerConfig {
    let mut pc = PeerConfig {
        name: Some(c.name.clone()),
        format: Some(ConfigFormat::Swanctl),
        ..Default::default()
    };
    let version = match c.get("version") {
        Some((v, at)) => {
            pc.mark("phase1.version", at);
            match v {
                "1" => IkeVersions::V1,
                "2" => IkeVersions::V2,
                _ => IkeVersions::Any,
            }
        }
        None => IkeVersions::Any,
    };
    pc.phase1.version = Some(version);
    if let Some((v, at)) = c.get("aggressive") {
        pc.phase1.mode = Some(if v == "yes" {
            ExchangeMode::Aggressive
        } else {
            ExchangeMode::Main
        });
        pc.mark("phase1.mode", at);
    } else if version == IkeVersions::V1 {
        pc.phase1.mode = Some(ExchangeMode::Main);
    }
    if let Some((v, at)) = c.get("local_addrs") {
        pc.local_address = list(v).into_iter().next();
        pc.mark("local_address", at);
    }
    if let Some((v, at)) = c.get("remote_addrs") {
        pc.peer_address = list(v).into_iter().next();
        pc.mark("peer_address", at);
    }
    match c.get("proposals") {
        Some((v, at)) => {
            for p in list(v) {
                if p == "default" {
                    pc.notes
                        .push("proposals include strongSwan's default set".into());
                    continue;
                }
                let parts = split_proposal(&p);
                pc.phase1.proposals.push(IkeProposal {
                    encryption: parts.encryption,
                    integrity: parts.integrity,
                    prf: parts.prf,
                    dh_groups: parts.dh_groups,
                });
            }
            for k in [
                "phase1.encryption",
                "phase1.integrity",
                "phase1.prf",
                "phase1.dh_groups",
            ] {
                pc.mark(k, at);
            }
        }
        None => pc
            .notes
            .push("no `proposals`: strongSwan's default IKE proposals apply".into()),
    }
    let rekey = c.get("rekey_time").or_else(|| c.get("reauth_time"));
    pc.phase1.lifetime_s = match rekey {
        Some((v, at)) => {
            pc.mark("phase1.lifetime", at);
            lifetime_seconds(v)
        }
        None => Some(4 * 3600),
    };
    let delay = c
        .get("dpd_delay")
        .and_then(|(v, at)| lifetime_seconds(v).map(|s| (s, at)));
    if let Some((s, at)) = delay {
        pc.dpd = Some(Dpd {
            interval_s: u32::try_from(s).unwrap_or(u32::MAX),
            retries: None,
        });
        pc.mark("dpd", at);
    }
    pc.nat_t = Some(true);
    if let Some((_, at)) = c.get("encap") {
        pc.mark("nat_t", at);
    }
    // local / remote authentication rounds: `local`, `local-1`...
    let local = c
        .children
        .iter()
        .find(|n| n.name == "local" || n.name.starts_with("local-"));
    let remote = c
        .children
        .iter()
        .find(|n| n.name == "remote" || n.name.starts_with("remote-"));
    if let Some(l) = local {
        if let Some((a, at)) = l.get("auth") {
            pc.phase1.auth = Some(auth_of(a));
            pc.mark("phase1.auth", at);
        }
        if let Some((id, at)) = l.get("id") {
            pc.phase1.local_id = Some(Identity::guess(id));
            pc.mark("phase1.local_id", at);
        }
    }
    if let Some(r) = remote {
        if let Some((a, _)) = r.get("auth") {
            pc.phase1.remote_auth = Some(auth_of(a));
        }
        if let Some((id, at)) = r.get("id") {
            pc.phase1.remote_id = Some(Identity::guess(id));
            pc.mark("phase1.remote_id", at);
        }
    }
    if pc.phase1.local_id.is_none() {
        pc.phase1.local_id = Some(Identity {
            kind: IdKind::Address,
            value: pc.local_address.clone().unwrap_or_default(),
        });
    }
    if let Some(sec) = secrets {
        for s in sec.children.iter().filter(|s| s.name.starts_with("ike")) {
            if let Some((secret, at)) = s.get("secret") {
                pc.phase1.psk_present = true;
                pc.phase1.psk_type = Some(psk_type(secret));
                pc.mark("phase1.psk", at);
            }
        }
    }
    if let Some(children) = c.child("children") {
        for (i, ch) in children.children.iter().enumerate() {
            child(&mut pc, ch, i == 0);
        }
    }
    if pc.phase2.lifetime_s.is_none() {
        pc.phase2.lifetime_s = Some(3600);
    }
    if pc.phase2.pfs_group.is_none() {
        pc.phase2.pfs_group = Some(0);
    }
    pc
}

/// `0x`/`0s` prefixed secrets are hex/base64 keys; anything else is a passphrase.
pub fn psk_type(secret: &str) -> PskType {
    let s = secret.trim().trim_matches('"');
    if s.starts_with("0x") || s.starts_with("0X") {
        PskType::Hex
    } else {
        PskType::Passphrase
    }
}

fn child(pc: &mut PeerConfig, ch: &Node, first: bool) {
    for (key, target, mark) in [
        ("local_ts", true, "phase2.local_nets"),
        ("remote_ts", false, "phase2.remote_nets"),
    ] {
        if let Some((v, at)) = ch.get(key) {
            for n in list(v) {
                let v = if target {
                    &mut pc.phase2.local_nets
                } else {
                    &mut pc.phase2.remote_nets
                };
                if !v.contains(&n) {
                    v.push(n);
                }
            }
            pc.mark(mark, at);
        }
    }
    if !first {
        return;
    }
    match ch.get("esp_proposals") {
        Some((v, at)) => {
            for p in list(v) {
                if p == "default" {
                    continue;
                }
                let parts = split_proposal(&p);
                if let Some(g) = parts.dh_groups.first() {
                    pc.phase2.pfs_group = Some(*g);
                    pc.mark("phase2.pfs", at);
                }
                pc.phase2.proposals.push(EspProposal {
                    encryption: parts.encryption,
                    integrity: parts.integrity,
                });
            }
            pc.mark("phase2.encryption", at);
            pc.mark("phase2.integrity", at);
        }
        None => pc
            .notes
            .push("no `esp_proposals`: strongSwan's default ESP proposals apply".into()),
    }
    if let Some((v, at)) = ch.get("rekey_time").or_else(|| ch.get("life_time")) {
        pc.phase2.lifetime_s = lifetime_seconds(v);
        pc.mark("phase2.lifetime", at);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbered(text: &str) -> Vec<Line<'_>> {
        text.lines()
            .enumerate()
            .map(|(i, t)| Line {
                no: i as u32 + 1,
                text: t,
            })
            .collect()
    }

    const CONF: &str = "connections {
    site1 {
        version = 2
        local_addrs = 198.51.100.1
        remote_addrs = 203.0.113.2
        proposals = aes256-sha256-modp2048
        rekey_time = 8h
        dpd_delay = 30s
        local { auth = psk  id = site1.example.com }
        remote {
            auth = psk
            id = 203.0.113.2
        }
        children {
            net {
                local_ts = 10.1.0.0/16
                remote_ts = 10.2.0.0/16
                esp_proposals = aes256-sha256-modp2048
                rekey_time = 1h
            }
        }
    }
}
secrets {
    ike-site1 { id = 203.0.113.2  secret = 0x0123abcd }
}
";

    #[test]
    fn reads_connection() {
        let set = swanctl_peers(&numbered(CONF));
        assert!(set.warnings.is_empty(), "{:?}", set.warnings);
        let p = &set.peers[0];
        assert_eq!(p.phase1.version, Some(IkeVersions::V2));
        assert_eq!(p.phase1.proposals[0].dh_groups, vec![14]);
        assert_eq!(p.phase1.lifetime_s, Some(28_800));
        assert_eq!(
            p.phase1.local_id,
            Some(Identity {
                kind: IdKind::Fqdn,
                value: "site1.example.com".into()
            })
        );
        assert_eq!(
            p.phase1.remote_id.as_ref().map(|i| i.kind),
            Some(IdKind::Address)
        );
        assert_eq!(p.phase1.auth, Some(AuthMethod::Psk));
        assert_eq!(p.phase1.psk_type, Some(PskType::Hex));
        assert_eq!(p.phase2.pfs_group, Some(14));
        assert_eq!(p.phase2.local_nets, vec!["10.1.0.0/16"]);
        assert_eq!(p.dpd.map(|d| d.interval_s), Some(30));
        assert_eq!(p.span("phase1.local_id"), Some(LineSpan::line(9)));
    }

    #[test]
    fn unbalanced_braces_are_reported() {
        let set = swanctl_peers(&numbered("connections {\n a {\n version = 1\n"));
        assert!(!set.warnings.is_empty());
        assert_eq!(set.peers.len(), 1);
        assert_eq!(set.peers[0].phase1.version, Some(IkeVersions::V1));
    }
}
