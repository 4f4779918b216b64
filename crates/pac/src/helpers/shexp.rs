//! `shExpMatch(str, shexp)`: shell-expression matching.
//!
//! `*` matches any run of characters (including none), `?` exactly one character; everything
//! else, including regular-expression metacharacters such as `.`, `+`, `(`, `[`, `^`, `$`, `|`,
//! `\`, matches itself. The match is case-sensitive and anchored at both ends.
//!
//! Browser difference: Chromium's and Firefox's helper library turn the pattern into a
//! RegExp after escaping only `.` (`*` becomes `.*`, `?` becomes `.`), so there `[abc]`, `+`,
//! `(a|b)` keep their RegExp meaning and an unbalanced `(` makes the helper throw. The
//! Chromium and Firefox profiles do exactly that ([`sh_exp_match_browser_js`]); WinHTTP
//! matches a plain shell expression ([`sh_exp_match_js`]). See the crate README.

use boa_engine::object::builtins::JsRegExp;
use boa_engine::{Context, JsResult, JsString, JsValue};

use super::arg_string;

/// Whether `text` matches the shell expression `pattern`.
pub fn sh_exp_match(text: &str, pattern: &str) -> bool {
    if text.is_ascii() && pattern.is_ascii() {
        glob(text.as_bytes(), pattern.as_bytes(), b'*', b'?')
    } else {
        let t: Vec<char> = text.chars().collect();
        let p: Vec<char> = pattern.chars().collect();
        glob(&t, &p, '*', '?')
    }
}

/// Iterative wildcard match (no recursion, at most O(len(t) * len(p)) steps).
fn glob<T: PartialEq + Copy>(t: &[T], p: &[T], star: T, one: T) -> bool {
    let (mut ti, mut pi) = (0usize, 0usize);
    // Position after the last `*` seen, and the text position it is currently matched up to.
    let mut backtrack: Option<(usize, usize)> = None;
    while ti < t.len() {
        match (p.get(pi), t.get(ti)) {
            (Some(&c), _) if c == star => {
                pi += 1;
                backtrack = Some((pi, ti));
            }
            (Some(&c), Some(&x)) if c == one || c == x => {
                pi += 1;
                ti += 1;
            }
            _ => match backtrack {
                Some((bp, bt)) => {
                    pi = bp;
                    ti = bt + 1;
                    backtrack = Some((bp, bt + 1));
                }
                None => return false,
            },
        }
    }
    p.get(pi..)
        .is_some_and(|rest| rest.iter().all(|&c| c == star))
}

pub(crate) fn sh_exp_match_js(
    _: &JsValue,
    args: &[JsValue],
    ctx: &mut Context,
) -> JsResult<JsValue> {
    let text = arg_string(args, 0, ctx)?;
    let pattern = arg_string(args, 1, ctx)?;
    Ok(match (text, pattern) {
        (Some(t), Some(p)) => sh_exp_match(&t, &p),
        _ => false,
    }
    .into())
}

/// Characters that keep a RegExp meaning in the browsers' translation (everything but `.*?`).
pub(crate) const REGEX_SYNTAX: &[char] = &['\\', '^', '$', '+', '(', ')', '[', ']', '{', '}', '|'];

/// The RegExp source the browsers' helper library builds from a shell expression.
pub(crate) fn browser_regex_source(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 8);
    out.push('^');
    for c in pattern.chars() {
        match c {
            '.' => out.push_str("\\."),
            '*' => out.push_str(".*"),
            '?' => out.push('.'),
            other => out.push(other),
        }
    }
    out.push('$');
    out
}

/// `shExpMatch` as Chromium and Firefox run it: a RegExp when the pattern holds RegExp
/// syntax (a bad one throws, as in the browsers), the plain matcher otherwise (same answer,
/// no RegExp compile per call).
pub(crate) fn sh_exp_match_browser_js(
    _: &JsValue,
    args: &[JsValue],
    ctx: &mut Context,
) -> JsResult<JsValue> {
    let text = arg_string(args, 0, ctx)?;
    let pattern = arg_string(args, 1, ctx)?;
    let (Some(t), Some(p)) = (text, pattern) else {
        return Ok(false.into());
    };
    if !p.contains(REGEX_SYNTAX) {
        return Ok(sh_exp_match(&t, &p).into());
    }
    let re = JsRegExp::new(
        JsValue::from(JsString::from(browser_regex_source(&p).as_str())),
        JsValue::from(JsString::from("")),
        ctx,
    )?;
    Ok(re
        .test(JsValue::from(JsString::from(t.as_str())), ctx)?
        .into())
}

#[cfg(test)]
mod tests {
    use super::sh_exp_match as m;

    #[test]
    fn browser_regex_translation() {
        assert_eq!(
            super::browser_regex_source("*.ex?mple.com"),
            "^.*\\.ex.mple\\.com$"
        );
        assert_eq!(super::browser_regex_source("a+(b|c)"), "^a+(b|c)$");
    }

    #[test]
    fn star() {
        assert!(m("www.example.com", "*.example.com"));
        assert!(m("a.b.example.com", "*.example.com"));
        assert!(!m("example.com", "*.example.com"));
        assert!(m("example.com", "*example.com"));
        assert!(m("http://host/path/x", "http://host/*"));
        assert!(m("", "*"));
        assert!(m("abc", "a*b*c"));
        assert!(m("aXbYc", "a*b*c"));
        assert!(!m("aXbY", "a*b*c"));
        assert!(m("10.1.2.3", "10.*"));
        assert!(!m("110.1.2.3", "10.*"));
    }

    #[test]
    fn question_mark() {
        assert!(m("abc", "a?c"));
        assert!(!m("ac", "a?c"));
        assert!(!m("abbc", "a?c"));
        assert!(m("é", "?"));
    }

    #[test]
    fn regex_metacharacters_are_literal() {
        assert!(!m("wwwXexampleXcom", "www.example.com"));
        assert!(m("a+b", "a+b"));
        assert!(!m("aab", "a+b"));
        assert!(m("(x|y)", "(x|y)"));
        assert!(!m("x", "(x|y)"));
        assert!(m("[abc]", "[abc]"));
        assert!(!m("a", "[abc]"));
        assert!(m("^$\\", "^$\\"));
        assert!(m("a(", "a("));
    }

    #[test]
    fn anchored_and_case_sensitive() {
        assert!(!m("xwww.example.com", "www.example.com"));
        assert!(!m("www.example.comx", "www.example.com"));
        assert!(!m("WWW.EXAMPLE.COM", "*.example.com"));
    }

    #[test]
    fn pathological_patterns_stay_fast() {
        let text = "a".repeat(5000);
        let pat = format!("{}b", "*a".repeat(50));
        assert!(!m(&text, &pat));
    }
}
