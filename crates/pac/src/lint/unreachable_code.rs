//! `PacUnreachableCode`: statements after an unconditional `return` (or `throw`, `break`,
//! `continue`, or an `if`/`else` whose branches all exit) can never run.
//!
//! **What it checks.** Every statement list (function bodies, blocks, `case`s) for
//! statements following one that always exits. Function declarations (hoisted) and bare
//! `var x;` declarations are not counted.
//!
//! **Why it matters.** Such code is almost always a bypass or rule someone added below the
//! final `return "PROXY ..."`: it looks active in review but never applies, a typical reason
//! why "the bypass we added yesterday does nothing".
//!
//! **How to fix.** Move the rule above the unconditional return, or delete it.

use std::ops::ControlFlow;

use boa_ast::declaration::Declaration;
use boa_ast::function::FunctionBody;
use boa_ast::statement::Statement;
use boa_ast::visitor::{VisitWith, Visitor};
use boa_ast::{StatementList, StatementListItem};
use netdiag_core::{Action, Evidence, Finding, Severity};

use super::ast::stmt_lines;
use super::{LintContext, Rule, finding};

/// The rule.
pub(crate) const RULE: Rule = Rule {
    id: "PacUnreachableCode",
    title: "Unreachable code after an unconditional return",
    severity: Severity::Warning,
    check,
};

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    let Some(pac) = ctx.pac() else {
        return;
    };
    let mut v = Collector { spans: Vec::new() };
    // The script's own list is not visited through `visit_statement_list`.
    v.list(pac.script.statements().statements());
    let _ = pac.script.visit_with(&mut v);
    v.spans.sort_unstable();
    v.spans.dedup();
    if v.spans.is_empty() {
        return;
    }
    let evidence: Vec<Evidence> = v.spans.iter().map(|(a, b)| ctx.evidence(*a, *b)).collect();
    let first = v.spans.first().map_or(0, |s| s.0);
    out.push(finding(
        &RULE,
        format!(
            "Code after an unconditional return never runs (line {first}{})",
            if v.spans.len() > 1 {
                format!(" and {} more place(s)", v.spans.len() - 1)
            } else {
                String::new()
            }
        ),
        "Rules placed after a return that always runs never apply, although they look active \
         when the PAC is read.",
        evidence,
        vec![Action::text(
            "Move the rule above the unconditional return, or delete it.",
        )],
    ));
}

struct Collector {
    spans: Vec<(u32, u32)>,
}

impl Collector {
    fn list(&mut self, items: &[StatementListItem]) {
        let mut exited = false;
        let mut span: Option<(u32, u32)> = None;
        for item in items {
            if exited
                && counts(item)
                && let Some((a, b)) = stmt_lines(item)
            {
                span = Some(span.map_or((a, b), |(s, e)| (s.min(a), e.max(b))));
            }
            if !exited && always_exits_item(item) {
                exited = true;
            }
        }
        if let Some(s) = span {
            self.spans.push(s);
        }
    }
}

impl<'a> Visitor<'a> for Collector {
    type BreakTy = ();

    fn visit_statement_list(&mut self, list: &'a StatementList) -> ControlFlow<()> {
        self.list(list.statements());
        list.visit_with(self)
    }

    fn visit_function_body(&mut self, body: &'a FunctionBody) -> ControlFlow<()> {
        self.list(body.statements());
        body.visit_with(self)
    }
}

/// Whether an unreachable item is worth reporting (hoisted declarations are not).
fn counts(item: &StatementListItem) -> bool {
    match item {
        StatementListItem::Declaration(d) => {
            !matches!(d.as_ref(), Declaration::FunctionDeclaration(_))
        }
        StatementListItem::Statement(s) => match s.as_ref() {
            Statement::Empty => false,
            Statement::Var(v) => v.0.as_ref().iter().any(|x| x.init().is_some()),
            _ => true,
        },
    }
}

fn always_exits_item(item: &StatementListItem) -> bool {
    match item {
        StatementListItem::Statement(s) => always_exits(s),
        StatementListItem::Declaration(_) => false,
    }
}

fn always_exits(s: &Statement) -> bool {
    match s {
        Statement::Return(_)
        | Statement::Throw(_)
        | Statement::Break(_)
        | Statement::Continue(_) => true,
        Statement::Block(b) => b
            .statement_list()
            .statements()
            .iter()
            .any(always_exits_item),
        Statement::If(i) => i
            .else_node()
            .is_some_and(|e| always_exits(i.body()) && always_exits(e)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::testutil::run;

    const ID: &str = "PacUnreachableCode";

    #[test]
    fn fires_after_final_return() {
        let f = run(
            ID,
            "function FindProxyForURL(url, host) {\n\
               return \"PROXY p.example:8080\";\n\
               if (shExpMatch(host, \"*.example.com\"))\n\
                 return \"DIRECT\";\n}",
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].evidence[0].lines.start, 3);
        assert_eq!(f[0].evidence[0].lines.end, 4);
    }

    #[test]
    fn fires_after_if_else_that_both_return() {
        let f = run(
            ID,
            "function FindProxyForURL(url, host) {\n\
               if (isPlainHostName(host)) { return \"DIRECT\"; } else { return \"PROXY p:80\"; }\n\
               var late = \"DIRECT\";\n}",
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].evidence[0].lines.start, 3);
    }

    #[test]
    fn quiet_on_conditional_returns_and_hoisted_functions() {
        let f = run(
            ID,
            "function FindProxyForURL(url, host) {\n\
               if (isPlainHostName(host)) return \"DIRECT\";\n\
               return helper(host);\n\
               function helper(h) { return \"PROXY p.example:80\"; }\n\
               var unused;\n};",
        );
        assert!(f.is_empty(), "{f:?}");
    }
}
