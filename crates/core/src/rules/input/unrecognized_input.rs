//! # What it checks
//! Blocks of the paste that no parser recognised.
//!
//! # Why it matters
//! No rule looked at them: a problem shown there would be missed silently.
//!
//! # How to fix
//! Paste supported commands with their prompt line (`R1#show crypto ipsec sa`) so the
//! detector can tell what they are.
//!
//! # References
//! The supported commands list (`netdiag parse --list`).

use super::super::{RuleMeta, draft};
use crate::facts::Facts;
use crate::finding::{Finding, Severity};

/// Rule identity.
pub const META: RuleMeta = RuleMeta {
    id: "UnrecognizedInput",
    name: "unrecognized_input",
    default_severity: Severity::Info,
};

/// Emits one finding per unrecognised block that holds more than a stray line.
pub fn check(facts: &Facts, out: &mut Vec<Finding>) {
    for b in facts.blocks.iter().filter(|b| !b.recognised) {
        let n = b.lines.end.saturating_sub(b.lines.start) + 1;
        // One or two stray lines (a bare prompt, a banner) are not worth a finding.
        if n < 3 {
            continue;
        }
        draft(
            &META,
            format!(
                "Lines {}–{} were not recognised as any supported output",
                b.lines.start, b.lines.end
            ),
        )
        .detail(format!(
            "{n} lines matched no supported command; nothing in them was diagnosed."
        ))
        .evidence(&b.head)
        .push(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::BlockInfo;
    use crate::rules::testing::{ev, ids};
    use crate::span::LineSpan;

    fn block(recognised: bool, end: u32) -> BlockInfo {
        BlockInfo {
            block: "0".into(),
            source: None,
            kind: "unrecognised".into(),
            lines: LineSpan::new(1, end),
            recognised,
            truncated: false,
            skipped: vec![],
            head: ev(1, "something"),
        }
    }

    #[test]
    fn fires_on_unrecognised_block() {
        let facts = Facts {
            blocks: vec![block(false, 10)],
            ..Default::default()
        };
        let mut out = Vec::new();
        check(&facts, &mut out);
        assert_eq!(ids(&out), ["UnrecognizedInput"]);
    }

    #[test]
    fn quiet_on_recognised_or_tiny_block() {
        let facts = Facts {
            blocks: vec![block(true, 10), block(false, 2)],
            ..Default::default()
        };
        let mut out = Vec::new();
        check(&facts, &mut out);
        assert!(out.is_empty());
    }
}
