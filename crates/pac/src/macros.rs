//! Zscaler-style `${NAME}` macros.
//!
//! A hosted PAC is stored with macros such as `${GATEWAY}`, `${SECONDARY_GATEWAY_F0}` or
//! `${GATEWAY.sub.zscloud.net}`, and the PAC server substitutes them as plain text when it
//! serves the file. A PAC downloaded from the admin portal still holds them. This module finds
//! every occurrence (anywhere in the text, like the server) and substitutes the values the user
//! bound, exactly as the server would: it inserts user-given values into the PAC text, it never
//! builds JavaScript from test URLs.
//!
//! Unbound macros stay literal, so a raw evaluation returns e.g. `PROXY ${GATEWAY}:80`, and the
//! results that contain them carry a warning. A `${NAME}` inside a JavaScript template literal
//! (`` `PROXY ${GATEWAY}:80` ``) is still substituted when bound (the server does not know
//! JavaScript either); unbound, JavaScript would treat it as an interpolation of a variable
//! named `NAME`, which usually throws a ReferenceError: the report warns about it.

use std::collections::BTreeMap;

use netdiag_core::pac::MacroUse;

use crate::srcmap::{EditMap, LineIndex, Rewriter};

/// Longest macro name accepted; longer `${...}` runs are left alone.
const MAX_NAME: usize = 200;

/// One `${NAME}` occurrence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Occurrence {
    pub name: String,
    /// Byte offset of `$`.
    pub start: usize,
    /// Byte offset just after `}`.
    pub end: usize,
}

/// Finds every `${NAME}` where NAME is `[A-Za-z_][A-Za-z0-9_.-]*`.
pub(crate) fn find(src: &str) -> Vec<Occurrence> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(rel) = src.get(from..).and_then(|s| s.find("${")) {
        let start = from + rel;
        let name_start = start + 2;
        let rest = src.get(name_start..).unwrap_or("");
        let len = rest
            .char_indices()
            .take_while(|&(i, c)| {
                i <= MAX_NAME
                    && (c.is_ascii_alphanumeric() || c == '_' || (i > 0 && (c == '.' || c == '-')))
            })
            .count();
        let name = rest.get(..len).unwrap_or("");
        let first_ok = name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
        if first_ok && rest.get(len..).is_some_and(|r| r.starts_with('}')) {
            let end = name_start + len + 1;
            out.push(Occurrence {
                name: name.to_string(),
                start,
                end,
            });
            from = end;
        } else {
            from = name_start;
        }
    }
    out
}

/// The macro summary for the report, in order of first appearance.
pub(crate) fn summarize(
    src: &str,
    lines: &LineIndex,
    occ: &[Occurrence],
    bound: &BTreeMap<String, String>,
) -> Vec<MacroUse> {
    let mut out: Vec<MacroUse> = Vec::new();
    for o in occ {
        let (line, _) = lines.position(src, o.start);
        if let Some(m) = out.iter_mut().find(|m| m.name == o.name) {
            if m.lines.last() != Some(&line) {
                m.lines.push(line);
            }
        } else {
            out.push(MacroUse {
                name: o.name.clone(),
                lines: vec![line],
                value: bound.get(&o.name).cloned(),
            });
        }
    }
    out
}

/// Substitutes bound macros; returns the new text and the map back to `src`.
pub(crate) fn substitute(
    src: &str,
    occ: &[Occurrence],
    bound: &BTreeMap<String, String>,
) -> (String, EditMap) {
    let mut rw = Rewriter::new(src);
    for o in occ {
        if let Some(v) = bound.get(&o.name) {
            rw.replace(o.start, o.end, v);
        }
    }
    rw.finish()
}

/// Names of unbound macros appearing in `text` (a PAC return string), in order, deduplicated.
pub(crate) fn unbound_in(text: &str, bound: &BTreeMap<String, String>) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for o in find(text) {
        if !bound.contains_key(&o.name) && !names.contains(&o.name) {
            names.push(o.name);
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bound(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn finds_all_zscaler_forms() {
        let src = "a ${GATEWAY} ${SECONDARY_GATEWAY_F0}\n${GATEWAY.sub.zscloud.net}:${ZS_CUSTOM_PORT} ${_FX} ${ bad} ${1x} ${unterminated";
        let names: Vec<String> = find(src).into_iter().map(|o| o.name).collect();
        assert_eq!(
            names,
            [
                "GATEWAY",
                "SECONDARY_GATEWAY_F0",
                "GATEWAY.sub.zscloud.net",
                "ZS_CUSTOM_PORT",
                "_FX"
            ]
        );
    }

    #[test]
    fn summary_lists_lines_and_values() {
        let src = "x ${GATEWAY}\ny ${GATEWAY} ${SRCIP}\n${GATEWAY}";
        let idx = LineIndex::new(src);
        let occ = find(src);
        let sum = summarize(src, &idx, &occ, &bound(&[("GATEWAY", "gw.example.net")]));
        assert_eq!(sum.len(), 2);
        assert_eq!(sum[0].name, "GATEWAY");
        assert_eq!(sum[0].lines, [1, 2, 3]);
        assert_eq!(sum[0].value.as_deref(), Some("gw.example.net"));
        assert_eq!(sum[1].name, "SRCIP");
        assert_eq!(sum[1].value, None);
    }

    #[test]
    fn substitution_maps_back() {
        let src = "return \"PROXY ${GATEWAY}:80; PROXY ${SECONDARY_GATEWAY}:80\"; x";
        let occ = find(src);
        let (out, map) = substitute(src, &occ, &bound(&[("GATEWAY", "a")]));
        assert_eq!(
            out,
            "return \"PROXY a:80; PROXY ${SECONDARY_GATEWAY}:80\"; x"
        );
        assert_eq!(map.to_old(out.len() - 1), src.len() - 1);
        assert_eq!(
            unbound_in(&out, &bound(&[("GATEWAY", "a")])),
            ["SECONDARY_GATEWAY"]
        );
    }
}
