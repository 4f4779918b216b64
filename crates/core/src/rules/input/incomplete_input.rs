//! # What it checks
//! Blocks a parser marked as truncated: the output stops in the middle of a record or table.
//!
//! # Why it matters
//! Facts in the missing part cannot be checked, so "no finding" does not mean "healthy".
//!
//! # How to fix
//! Paste the whole output again with paging off (`terminal length 0`).
//!
//! # References
//! netdiag parser contract (`Parsed::truncated`).

use super::super::{RuleMeta, draft};
use crate::facts::Facts;
use crate::finding::{Finding, Severity};

/// Rule identity.
pub const META: RuleMeta = RuleMeta {
    id: "IncompleteInput",
    name: "incomplete_input",
    default_severity: Severity::Warning,
};

/// Emits one finding per truncated block.
pub fn check(facts: &Facts, out: &mut Vec<Finding>) {
    for b in facts.blocks.iter().filter(|b| b.truncated) {
        draft(&META, format!("The `{}` output (lines {}–{}) is cut off", b.kind, b.lines.start, b.lines.end))
            .detail("The output ends before the record or table it was printing is complete; the part that is missing was not diagnosed.")
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

    fn block(truncated: bool) -> BlockInfo {
        BlockInfo {
            block: "0".into(),
            source: None,
            kind: "cisco_ios.show_crypto_ipsec_sa".into(),
            lines: LineSpan::new(1, 9),
            recognised: true,
            truncated,
            skipped: vec![],
            head: ev(1, "R1#show crypto ipsec sa"),
        }
    }

    #[test]
    fn fires_on_truncated_block() {
        let facts = Facts {
            blocks: vec![block(true)],
            ..Default::default()
        };
        let mut out = Vec::new();
        check(&facts, &mut out);
        assert_eq!(ids(&out), ["IncompleteInput"]);
        assert_eq!(out[0].evidence[0].lines, LineSpan::line(1));
    }

    #[test]
    fn quiet_on_complete_block() {
        let facts = Facts {
            blocks: vec![block(false)],
            ..Default::default()
        };
        let mut out = Vec::new();
        check(&facts, &mut out);
        assert!(out.is_empty());
    }
}
