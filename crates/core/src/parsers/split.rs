//! Splitting a normalised paste into segments on prompts and command echoes.
//!
//! A *segment* is the run of lines after one prompt (or command echo) up to the next. The
//! detector later splits segments without a known command further on blank-line boundaries.
//! Everything here is line-first and allocation-light: a prompt is recognised by scanning one
//! line once, without regular expressions.

use super::Line;

/// The shape of a prompt, used as a weak hint for the platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptStyle {
    /// `Router#`, `Router>`, `ciscoasa(config)#`.
    Cisco,
    /// `user@host>` or `user@host#` (Junos, PAN-OS).
    UserAtHost,
    /// `FGT # `, `FGT (vdom) # ` (FortiOS puts a space before `#`).
    Fortigate,
    /// `System:/>` (Clavister cOS).
    Clavister,
    /// `PS C:\>` or `C:\Users\x>`.
    Windows,
    /// `$ cmd`, `user@host:~$ cmd`, `[root@host ~]# cmd`.
    Unix,
}

/// A recognised prompt line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prompt<'a> {
    /// Device or host name shown in the prompt, when there is one.
    pub device: Option<&'a str>,
    /// The command typed after the prompt (trimmed; may be empty for a bare prompt).
    pub command: &'a str,
    /// Which prompt family matched.
    pub style: PromptStyle,
}

/// Recognises a shell or device prompt at the start of `line`.
pub fn prompt(line: &str) -> Option<Prompt<'_>> {
    let first = line.as_bytes().first().copied()?;
    match first {
        b'$' => {
            let rest = line.strip_prefix("$ ").or_else(|| line.strip_prefix('$'))?;
            // `$` followed by nothing but a command-looking word.
            if !rest.is_empty() && !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
                return None;
            }
            Some(Prompt {
                device: None,
                command: rest.trim(),
                style: PromptStyle::Unix,
            })
        }
        b'[' => bracket_prompt(line),
        b'P' if line.starts_with("PS ") => windows_prompt(line.get(3..)?),
        b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => {
            if let Some(p) = drive_prompt(line) {
                return Some(p);
            }
            word_prompt(line)
        }
        _ => None,
    }
}

/// `C:\Users\x>cmd`
fn drive_prompt(line: &str) -> Option<Prompt<'_>> {
    let b = line.as_bytes();
    if b.get(1) == Some(&b':') && b.get(2) == Some(&b'\\') {
        windows_prompt(line)
    } else {
        None
    }
}

fn windows_prompt(rest: &str) -> Option<Prompt<'_>> {
    let b = rest.as_bytes();
    if !(b.get(1) == Some(&b':') && b.get(2) == Some(&b'\\')) {
        return None;
    }
    let gt = rest.find('>')?;
    Some(Prompt {
        device: None,
        command: rest.get(gt + 1..)?.trim(),
        style: PromptStyle::Windows,
    })
}

/// `[root@host ~]# cmd`
fn bracket_prompt(line: &str) -> Option<Prompt<'_>> {
    let close = line.find(']')?;
    let inner = line.get(1..close)?;
    let (user_host, _) = inner.split_once(' ').unwrap_or((inner, ""));
    let (_, host) = user_host.split_once('@')?;
    let after = line.get(close + 1..)?;
    let command = after
        .strip_prefix('#')
        .or_else(|| after.strip_prefix('$'))?
        .trim();
    Some(Prompt {
        device: Some(host),
        command,
        style: PromptStyle::Unix,
    })
}

/// Prompts that start with a host-name word: Cisco, user@host, FortiGate, Clavister, Unix
/// `user@host:path$`.
fn word_prompt(line: &str) -> Option<Prompt<'_>> {
    let bytes = line.as_bytes();
    // The host word: letters, digits and a few punctuation marks, no spaces.
    let mut end = 0usize;
    let mut has_alpha = false;
    let mut has_at = false;
    for &b in bytes {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' => has_alpha = true,
            b'0'..=b'9' | b'-' | b'_' | b'.' | b'/' => {}
            b'@' => has_at = true,
            _ => break,
        }
        end += 1;
        if end > 64 {
            return None;
        }
    }
    if !has_alpha || end == 0 {
        return None;
    }
    let host = line.get(..end)?;
    if host.ends_with(['-', '.']) {
        return None;
    }
    let rest = line.get(end..)?;
    let rb = rest.as_bytes();
    match rb.first().copied()? {
        b'#' | b'>' => Some(Prompt {
            device: Some(host),
            command: rest.get(1..)?.trim(),
            style: if has_at {
                PromptStyle::UserAtHost
            } else {
                PromptStyle::Cisco
            },
        }),
        b'(' => {
            // `R1(config-if)#` or `asa(config)#`
            let close = rest.find(')')?;
            let after = rest.get(close + 1..)?;
            let mode = rest.get(1..close)?;
            if !mode.starts_with("config") {
                return None;
            }
            let command = after
                .strip_prefix('#')
                .or_else(|| after.strip_prefix('>'))?
                .trim();
            Some(Prompt {
                device: Some(host),
                command,
                style: PromptStyle::Cisco,
            })
        }
        b' ' => {
            // FortiGate: `FGT # cmd` or `FGT (vdom) # cmd`.
            let after = rest.get(1..)?;
            let after = if let Some(v) = after.strip_prefix('(') {
                let close = v.find(") ")?;
                v.get(close + 2..)?
            } else {
                after
            };
            let command = after
                .strip_prefix("# ")
                .or_else(|| if after == "#" { Some("") } else { None })?;
            Some(Prompt {
                device: Some(host),
                command: command.trim(),
                style: PromptStyle::Fortigate,
            })
        }
        b':' => {
            // Clavister `System:/> cmd` or Unix `user@host:~$ cmd`.
            let path_end = rest.find(['>', '$', '#'])?;
            let path = rest.get(1..path_end)?;
            if path.contains(' ') || !(path.starts_with('/') || path.starts_with('~')) {
                return None;
            }
            let marker = rest.as_bytes().get(path_end).copied()?;
            let command = rest.get(path_end + 1..)?;
            if marker == b'>' && !has_at {
                Some(Prompt {
                    device: Some(host),
                    command: command.trim(),
                    style: PromptStyle::Clavister,
                })
            } else if marker != b'>' && has_at {
                let device = host.split_once('@').map_or(host, |(_, h)| h);
                if !(command.is_empty() || command.starts_with(' ')) {
                    return None;
                }
                Some(Prompt {
                    device: Some(device),
                    command: command.trim(),
                    style: PromptStyle::Unix,
                })
            } else {
                None
            }
        }
        _ => None,
    }
}

/// True when `text` is empty or whitespace only, as `text.trim().is_empty()` decides, but
/// without decoding characters in the common ASCII case (this runs on every line several times).
pub fn is_blank_text(text: &str) -> bool {
    match text.bytes().find(|b| !b.is_ascii_whitespace()) {
        None => true,
        // U+000B (vertical tab) is whitespace to `trim` but not to `is_ascii_whitespace`.
        Some(b) if b.is_ascii() && b != 0x0B => false,
        // Unicode whitespace (no-break space, ideographic space...): let `trim` decide.
        Some(_) => text.trim().is_empty(),
    }
}

/// Lines that separate segments without being output: Junos `{master:0}` and `[edit]`.
pub fn is_boundary_noise(line: &str) -> bool {
    // Quick reject (this runs on every line): the first non-blank byte must open a brace or a
    // bracket; a non-ASCII one may be Unicode whitespace, which `trim` below decides.
    let first = line
        .bytes()
        .find(|&b| !(b.is_ascii_whitespace() || b == 0x0B));
    if !matches!(first, Some(b'{' | b'[' | 0x80..)) {
        return false;
    }
    let t = line.trim();
    (t.starts_with("{master") || t.starts_with("{primary") || t.starts_with("{secondary"))
        && t.ends_with('}')
        || (t.starts_with("[edit") && t.ends_with(']'))
}

/// A run of lines after one prompt (or from the start of the paste).
#[derive(Debug, Clone)]
pub struct Segment<'a> {
    /// The prompt that opened it, if any.
    pub prompt: Option<Prompt<'a>>,
    /// 1-based number of the prompt line, if any.
    pub prompt_line: Option<u32>,
    /// The output lines (after the prompt line): a run of the paste's lines, borrowed (a
    /// large paste has tens of thousands of segments; copying their lines was measurable).
    pub lines: &'a [Line<'a>],
}

/// Splits numbered lines into segments at every prompt line. Bare prompts (no command) and
/// boundary noise close the current segment and belong to none.
pub fn segments<'a>(lines: &'a [Line<'a>]) -> Vec<Segment<'a>> {
    let mut out = Vec::new();
    // The current segment's lines are `lines[start..i]`: a segment's output lines are always
    // contiguous (prompt, echo and noise lines only ever end one or come before its first line).
    let mut cur_prompt: Option<Prompt<'a>> = None;
    let mut cur_prompt_line: Option<u32> = None;
    let mut start = 0usize;
    // A bare prompt whose command is echoed on the next line, indented by one space (the
    // libreswan/strongSwan test transcripts print `west #` then ` ipsec status`).
    let mut bare: Option<(Prompt<'a>, u32)> = None;
    for (i, line) in lines.iter().enumerate() {
        if let Some((p, no)) = bare.take()
            && let Some(cmd) = line.text.strip_prefix(' ')
            && cmd.starts_with(|c: char| !c.is_whitespace())
            && start == i
        {
            cur_prompt = Some(Prompt {
                command: cmd.trim(),
                ..p
            });
            cur_prompt_line = Some(no);
            start = i + 1;
            continue;
        }
        if let Some(p) = prompt(line.text) {
            if p.command.is_empty() {
                bare = Some((p, line.no));
            }
            push_segment(&mut out, cur_prompt, cur_prompt_line, lines.get(start..i));
            cur_prompt = if p.command.is_empty() { None } else { Some(p) };
            cur_prompt_line = if p.command.is_empty() {
                None
            } else {
                Some(line.no)
            };
            start = i + 1;
            continue;
        }
        if is_boundary_noise(line.text) {
            push_segment(&mut out, cur_prompt, cur_prompt_line, lines.get(start..i));
            cur_prompt = None;
            cur_prompt_line = None;
            start = i + 1;
            continue;
        }
    }
    push_segment(&mut out, cur_prompt, cur_prompt_line, lines.get(start..));
    out
}

fn push_segment<'a>(
    out: &mut Vec<Segment<'a>>,
    prompt: Option<Prompt<'a>>,
    prompt_line: Option<u32>,
    lines: Option<&'a [Line<'a>]>,
) {
    let lines = lines.unwrap_or(&[]);
    if prompt.is_some() || lines.iter().any(|l| !is_blank_text(l.text)) {
        out.push(Segment {
            prompt,
            prompt_line,
            lines,
        });
    }
}

/// Splits lines into paragraphs separated by blank lines. Returns index ranges into `lines`
/// (blank lines belong to no paragraph).
pub fn paragraphs(lines: &[Line<'_>]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, l) in lines.iter().enumerate() {
        let blank = is_blank_text(l.text);
        match (blank, start) {
            (true, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(s..lines.len());
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn blank_text_agrees_with_trim() {
        for text in [
            "",
            "  \t",
            " \x0B ",
            "\u{a0}",
            "\u{3000} ",
            " a",
            "\x0B x",
            "é",
            "\r",
        ] {
            assert_eq!(
                super::is_blank_text(text),
                text.trim().is_empty(),
                "{text:?}"
            );
        }
    }

    use super::*;

    fn p(line: &str) -> Option<(Option<&str>, &str, PromptStyle)> {
        prompt(line).map(|p| (p.device, p.command, p.style))
    }

    #[test]
    fn recognises_prompts() {
        use PromptStyle::*;
        assert_eq!(
            p("Router#show crypto isakmp sa"),
            Some((Some("Router"), "show crypto isakmp sa", Cisco))
        );
        assert_eq!(
            p("Router>show clock"),
            Some((Some("Router"), "show clock", Cisco))
        );
        assert_eq!(
            p("ciscoasa# show vpn-sessiondb l2l"),
            Some((Some("ciscoasa"), "show vpn-sessiondb l2l", Cisco))
        );
        assert_eq!(
            p("R1(config-if)#tunnel mode ipsec ipv4"),
            Some((Some("R1"), "tunnel mode ipsec ipv4", Cisco))
        );
        assert_eq!(
            p("System:/> ike -stat"),
            Some((Some("System"), "ike -stat", Clavister))
        );
        assert_eq!(
            p("PS C:\\> Test-NetConnection x -Port 80"),
            Some((None, "Test-NetConnection x -Port 80", Windows))
        );
        assert_eq!(
            p("C:\\Users\\bob>tracert 192.0.2.1"),
            Some((None, "tracert 192.0.2.1", Windows))
        );
        assert_eq!(
            p("$ mtr -nrc 10 192.0.2.1"),
            Some((None, "mtr -nrc 10 192.0.2.1", Unix))
        );
        assert_eq!(
            p("user@host:~$ ping -c 3 192.0.2.1"),
            Some((Some("host"), "ping -c 3 192.0.2.1", Unix))
        );
        assert_eq!(
            p("[root@centos ~]# ping 192.0.2.1"),
            Some((Some("centos"), "ping 192.0.2.1", Unix))
        );
        assert_eq!(
            p("admin@PA-VM> show vpn ike-sa"),
            Some((Some("admin@PA-VM"), "show vpn ike-sa", UserAtHost))
        );
        assert_eq!(
            p("root@srx> show security ike security-associations"),
            Some((
                Some("root@srx"),
                "show security ike security-associations",
                UserAtHost
            ))
        );
        assert_eq!(
            p("FGT # diagnose vpn tunnel list"),
            Some((Some("FGT"), "diagnose vpn tunnel list", Fortigate))
        );
        assert_eq!(
            p("FGT60E (root) # get system status"),
            Some((Some("FGT60E"), "get system status", Fortigate))
        );
        assert_eq!(p("Router#"), Some((Some("Router"), "", Cisco)));
    }

    #[test]
    fn ignores_output_lines() {
        for line in [
            "    #pkts encaps: 10, #pkts encrypt: 10, #pkts digest: 10",
            "Success rate is 100 percent (5/5), round-trip min/avg/max = 1/2/10 ms",
            "100.0.10.2      100.13.220.2    QM_IDLE          29609 ACTIVE",
            "Tunnel0 is up, line protocol is up",
            "interface Tunnel0",
            "1.2.3.4->5.6.7.8",
            "64 bytes from 8.8.8.8: icmp_seq=0 ttl=110 time=25.9 ms",
            "Type escape sequence to abort.",
            "!!!!!",
            "  Crypto map tag: Tunnel0-head-0, local addr 192.0.2.1",
            "$5 off",
            "Date: 2024",
        ] {
            assert_eq!(prompt(line), None, "{line}");
        }
    }

    #[test]
    fn paragraphs_skip_blank_runs() {
        let lines: Vec<Line<'_>> = ["a", "b", "", "  ", "c", ""]
            .iter()
            .zip(1u32..)
            .map(|(t, no)| Line { no, text: t })
            .collect();
        assert_eq!(paragraphs(&lines), vec![0..2, 4..5]);
    }
}
