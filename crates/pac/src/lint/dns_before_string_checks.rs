//! `PacDnsBeforeStringChecks`: a DNS-resolving helper runs for every request before cheap
//! string checks that could have answered first.
//!
//! **What it checks.** In `FindProxyForURL`, the statements that run on every request (those
//! before the first one that can return) are searched for `isInNet`, `dnsResolve`,
//! `isResolvable`, `isResolvableEx`, `isInNetEx` or `dnsResolveEx` applied to the host name.
//! It fires when a later `if` decides with string checks only (`shExpMatch`, `dnsDomainIs`,
//! `isPlainHostName`, `host == ...`, `url.substring(...)`, a regex `.test(host)`) and returns.
//!
//! **Why it matters.** Every such call is a blocking DNS lookup inside the browser's proxy
//! resolution, for every URL, including the ones a string check would have settled. It is a
//! classic cause of slow page loads, and of hangs when internal DNS is unreachable (VPN down,
//! hotel Wi-Fi). Zscaler's PAC guidance: do not perform DNS resolution in the PAC if avoidable.
//!
//! **How to fix.** Move the string checks first; resolve once (`var ip = dnsResolve(host)`)
//! only in the branch that needs an address, and test IP-literal hosts without resolving.

use std::ops::ControlFlow;

use boa_ast::expression::Expression;
use boa_ast::expression::operator::binary::{BinaryOp, LogicalOp, RelationalOp};
use boa_ast::statement::Statement;
use boa_ast::visitor::{VisitWith, Visitor};
use boa_ast::{Declaration, Spanned, StatementListItem};
use netdiag_core::{Action, Finding, Severity};

use super::ast::{Pac, unparen};
use super::{LintContext, Rule, finding};

/// The rule.
pub(crate) const RULE: Rule = Rule {
    id: "PacDnsBeforeStringChecks",
    title: "DNS lookup on every request before cheap checks",
    severity: Severity::Warning,
    check,
};

pub(crate) const RESOLVING: &[&str] = &[
    "isInNet",
    "dnsResolve",
    "isResolvable",
    "isResolvableEx",
    "isInNetEx",
    "dnsResolveEx",
];
const CHEAP_CALLS: &[&str] = &[
    "isPlainHostName",
    "dnsDomainIs",
    "localHostOrDomainIs",
    "shExpMatch",
    "dnsDomainLevels",
];
const CHEAP_METHODS: &[&str] = &[
    "substring",
    "substr",
    "slice",
    "indexOf",
    "lastIndexOf",
    "startsWith",
    "endsWith",
    "includes",
    "test",
    "match",
    "search",
    "charAt",
];

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    let Some(pac) = ctx.pac() else {
        return;
    };
    let Some(ep) = pac.entry_point() else {
        return;
    };
    let host = ep.params.get(1).cloned().unwrap_or_else(|| "host".into());
    let mut hosty = vec![host];
    let mut first: Option<(String, u32)> = None;
    for item in ep.body.statements() {
        if let Some((helper, line)) = &first {
            if let Some(cheap_line) = cheap_exit(pac, item) {
                out.push(finding(
                    &RULE,
                    format!(
                        "{helper}() on line {line} resolves the host name for every request, \
                         before the string checks on line {cheap_line}"
                    ),
                    "Each resolving call is a blocking DNS lookup while the browser picks a \
                     proxy, for every URL, including those a string check would have settled. \
                     Slow or unreachable DNS then slows or hangs all browsing.",
                    vec![
                        ctx.evidence(*line, *line),
                        ctx.evidence(cheap_line, cheap_line),
                    ],
                    vec![
                        Action::text(
                            "Move the host-name and URL string checks (shExpMatch, dnsDomainIs, \
                             isPlainHostName, host == ...) before the first DNS-resolving call.",
                        ),
                        Action::text(
                            "Resolve once into a variable only in the branch that needs an \
                             address, and skip resolution for IP-literal hosts.",
                        ),
                    ],
                ));
                return;
            }
            continue;
        }
        track_host_aliases(pac, item, &mut hosty);
        let mut finder = Finder {
            pac,
            hosty: &hosty,
            found: None,
        };
        unconditional(item, &mut finder);
        if let Some(f) = finder.found {
            first = Some(f);
        } else if may_return(item) {
            // Later code does not run for every request.
            return;
        }
    }
}

/// `var h = host.toLowerCase()` makes `h` a host name too.
fn track_host_aliases(pac: &Pac, item: &StatementListItem, hosty: &mut Vec<String>) {
    let vars: Vec<&boa_ast::declaration::Variable> = match item {
        StatementListItem::Statement(s) => match s.as_ref() {
            Statement::Var(v) => v.0.as_ref().iter().collect(),
            _ => Vec::new(),
        },
        StatementListItem::Declaration(d) => match d.as_ref() {
            Declaration::Lexical(l) => l.variable_list().as_ref().iter().collect(),
            _ => Vec::new(),
        },
    };
    for v in vars {
        if let (boa_ast::declaration::Binding::Identifier(id), Some(init)) = (v.binding(), v.init())
        {
            let mut f = Finder {
                pac,
                hosty,
                found: None,
            };
            f.scan(init);
            if mentions(pac, init, hosty)
                && f.found.is_none()
                && !has_call_named(pac, init, RESOLVING)
            {
                hosty.push(pac.sym(id.sym()));
            }
        }
    }
}

/// Feeds the parts of a statement that run unconditionally to the finder.
fn unconditional(item: &StatementListItem, f: &mut Finder<'_, '_>) {
    match item {
        StatementListItem::Statement(s) => match s.as_ref() {
            Statement::Expression(e) => f.scan(e),
            Statement::Var(v) => {
                for var in v.0.as_ref() {
                    if let Some(init) = var.init() {
                        f.scan(init);
                    }
                }
            }
            Statement::If(i) => f.scan(i.cond()),
            Statement::Return(r) => {
                if let Some(t) = r.target() {
                    f.scan(t);
                }
            }
            Statement::Switch(s) => f.scan(s.val()),
            _ => {}
        },
        StatementListItem::Declaration(d) => {
            if let Declaration::Lexical(l) = d.as_ref() {
                for var in l.variable_list().as_ref() {
                    if let Some(init) = var.init() {
                        f.scan(init);
                    }
                }
            }
        }
    }
}

/// Finds the first resolving call on a host name, skipping guarded sub-expressions.
struct Finder<'p, 'h> {
    pac: &'p Pac,
    hosty: &'h [String],
    found: Option<(String, u32)>,
}

impl Finder<'_, '_> {
    fn scan(&mut self, e: &Expression) {
        let _ = self.visit_expression(e);
    }
}

impl<'a> Visitor<'a> for Finder<'_, '_> {
    type BreakTy = ();

    fn visit_expression(&mut self, e: &'a Expression) -> ControlFlow<()> {
        if self.found.is_some() {
            return ControlFlow::Break(());
        }
        match e {
            // `a && b`: b only runs when a held; `c ? x : y`: either arm only sometimes.
            Expression::Binary(b) if b.op() == BinaryOp::Logical(LogicalOp::And) => {
                self.visit_expression(b.lhs())
            }
            Expression::Binary(b) if b.op() == BinaryOp::Logical(LogicalOp::Coalesce) => {
                self.visit_expression(b.lhs())
            }
            Expression::Conditional(c) => self.visit_expression(c.condition()),
            Expression::FunctionExpression(_) | Expression::ArrowFunction(_) => {
                ControlFlow::Continue(())
            }
            Expression::Call(call) => {
                if let Some(name) = self.pac.callee(call)
                    && RESOLVING.contains(&name.as_str())
                    && call
                        .args()
                        .first()
                        .is_some_and(|a| mentions(self.pac, a, self.hosty))
                    && !call.args().first().is_some_and(|a| is_address(self.pac, a))
                {
                    self.found = Some((name, call.span().start().line_number()));
                    return ControlFlow::Break(());
                }
                e.visit_with(self)
            }
            _ => e.visit_with(self),
        }
    }
}

/// True when the expression already is an address (`dnsResolve(..)`, `myIpAddress()`).
fn is_address(pac: &Pac, e: &Expression) -> bool {
    match unparen(e) {
        Expression::Call(c) => matches!(
            pac.callee(c).as_deref(),
            Some("dnsResolve" | "dnsResolveEx" | "myIpAddress" | "myIpAddressEx")
        ),
        _ => false,
    }
}

/// Whether any identifier in `e` is one of `names`.
fn mentions(pac: &Pac, e: &Expression, names: &[String]) -> bool {
    struct V<'p, 'n> {
        pac: &'p Pac,
        names: &'n [String],
    }
    impl<'a> Visitor<'a> for V<'_, '_> {
        type BreakTy = ();
        fn visit_identifier(
            &mut self,
            node: &'a boa_ast::expression::Identifier,
        ) -> ControlFlow<()> {
            if self.names.contains(&self.pac.sym(node.sym())) {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        }
    }
    e.visit_with(&mut V { pac, names }).is_break()
}

fn has_call_named(pac: &Pac, e: &Expression, names: &[&str]) -> bool {
    struct V<'p, 'n> {
        pac: &'p Pac,
        names: &'n [&'n str],
    }
    impl<'a> Visitor<'a> for V<'_, '_> {
        type BreakTy = ();
        fn visit_call(&mut self, c: &'a boa_ast::expression::Call) -> ControlFlow<()> {
            if self
                .pac
                .callee(c)
                .is_some_and(|n| self.names.contains(&n.as_str()))
            {
                return ControlFlow::Break(());
            }
            c.visit_with(self)
        }
    }
    e.visit_with(&mut V { pac, names }).is_break()
}

/// An `if` deciding with string checks only and returning: its line.
fn cheap_exit(pac: &Pac, item: &StatementListItem) -> Option<u32> {
    let StatementListItem::Statement(s) = item else {
        return None;
    };
    let Statement::If(i) = s.as_ref() else {
        return None;
    };
    if has_call_named(pac, i.cond(), RESOLVING) || !is_cheap(pac, i.cond()) {
        return None;
    }
    if !may_return_stmt(i.body()) {
        return None;
    }
    Some(i.cond().span().start().line_number())
}

/// Whether the condition contains a string check on the host or URL.
fn is_cheap(pac: &Pac, e: &Expression) -> bool {
    struct V<'p> {
        pac: &'p Pac,
    }
    impl<'a> Visitor<'a> for V<'_> {
        type BreakTy = ();
        fn visit_call(&mut self, c: &'a boa_ast::expression::Call) -> ControlFlow<()> {
            if self
                .pac
                .callee(c)
                .is_some_and(|n| CHEAP_CALLS.contains(&n.as_str()))
            {
                return ControlFlow::Break(());
            }
            if let Some((_, m)) = self.pac.method(c)
                && CHEAP_METHODS.contains(&m.as_str())
            {
                return ControlFlow::Break(());
            }
            c.visit_with(self)
        }
        fn visit_binary(
            &mut self,
            b: &'a boa_ast::expression::operator::Binary,
        ) -> ControlFlow<()> {
            if matches!(
                b.op(),
                BinaryOp::Relational(
                    RelationalOp::Equal
                        | RelationalOp::StrictEqual
                        | RelationalOp::NotEqual
                        | RelationalOp::StrictNotEqual
                )
            ) && (self.pac.str_lit(b.lhs()).is_some() || self.pac.str_lit(b.rhs()).is_some())
            {
                return ControlFlow::Break(());
            }
            b.visit_with(self)
        }
    }
    e.visit_with(&mut V { pac }).is_break()
}

fn may_return(item: &StatementListItem) -> bool {
    match item {
        StatementListItem::Statement(s) => may_return_stmt(s),
        StatementListItem::Declaration(_) => false,
    }
}

/// Whether a `return` (or `throw`) of this function sits anywhere in the statement.
fn may_return_stmt(s: &Statement) -> bool {
    struct V;
    impl<'a> Visitor<'a> for V {
        type BreakTy = ();
        fn visit_return(&mut self, _: &'a boa_ast::statement::Return) -> ControlFlow<()> {
            ControlFlow::Break(())
        }
        fn visit_throw(&mut self, _: &'a boa_ast::statement::Throw) -> ControlFlow<()> {
            ControlFlow::Break(())
        }
        fn visit_expression(&mut self, _: &'a Expression) -> ControlFlow<()> {
            ControlFlow::Continue(())
        }
    }
    s.visit_with(&mut V).is_break()
}

#[cfg(test)]
mod tests {
    use crate::lint::testutil::run;

    const ID: &str = "PacDnsBeforeStringChecks";

    #[test]
    fn fires_on_resolve_before_string_checks() {
        let src = "function FindProxyForURL(url, host) {\n\
                   var ip = dnsResolve(host);\n\
                   if (isInNet(ip, \"10.0.0.0\", \"255.0.0.0\")) return \"DIRECT\";\n\
                   if (shExpMatch(host, \"*.example.com\")) return \"DIRECT\";\n\
                   return \"PROXY p.example:8080\";\n}";
        let f = run(ID, src);
        assert_eq!(f.len(), 1);
        assert!(
            f[0].summary.contains("dnsResolve() on line 2"),
            "{}",
            f[0].summary
        );
        assert_eq!(f[0].evidence[1].lines.start, 4);
    }

    #[test]
    fn fires_on_isinnet_host_in_first_condition() {
        let src = "function FindProxyForURL(url, host) {\n\
                   if (isPlainHostName(host) || isInNet(host, \"127.0.0.0\", \"255.0.0.0\")) return \"DIRECT\";\n\
                   if (dnsDomainIs(host, \".example.com\")) return \"PROXY a.example:80\";\n\
                   return \"PROXY p.example:8080\";\n}";
        let f = run(ID, src);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].summary.contains("isInNet() on line 2"));
    }

    #[test]
    fn quiet_when_string_checks_come_first() {
        let src = "function FindProxyForURL(url, host) {\n\
                   if (shExpMatch(host, \"*.example.com\") || isPlainHostName(host)) return \"DIRECT\";\n\
                   if (isInNet(dnsResolve(host), \"10.0.0.0\", \"255.0.0.0\")) return \"DIRECT\";\n\
                   return \"PROXY p.example:8080\";\n}";
        assert!(run(ID, src).is_empty());
    }

    #[test]
    fn quiet_when_guarded_or_on_addresses() {
        // Guarded by &&: not every request.
        let src = "function FindProxyForURL(url, host) {\n\
                   if (dnsDomainLevels(host) > 0 && isInNet(host, \"10.0.0.0\", \"255.0.0.0\")) return \"DIRECT\";\n\
                   if (isInNet(myIpAddress(), \"10.0.0.0\", \"255.0.0.0\")) return \"DIRECT\";\n\
                   if (shExpMatch(host, \"*.example.com\")) return \"DIRECT\";\n\
                   return \"PROXY p.example:8080\";\n}";
        assert!(run(ID, src).is_empty());
        // No string check that could come first.
        let src = "function FindProxyForURL(url, host) {\n\
                   if (isInNet(dnsResolve(host), \"10.0.0.0\", \"255.0.0.0\")) return \"DIRECT\";\n\
                   return \"PROXY p.example:8080\";\n}";
        assert!(run(ID, src).is_empty());
    }
}
