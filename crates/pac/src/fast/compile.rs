//! Static analysis of the instrumented PAC: either it is in the subset and compiles to
//! [`super::ir`], or the first construct outside it is named (with its line) as the reason
//! boa runs the PAC instead.

use std::collections::HashMap;
use std::rc::Rc;

use boa_ast::declaration::{Binding, Declaration};
use boa_ast::expression::access::{PropertyAccess, PropertyAccessField};
use boa_ast::expression::literal::LiteralKind;
use boa_ast::expression::operator::assign::{AssignOp, AssignTarget};
use boa_ast::expression::operator::binary::{ArithmeticOp, BinaryOp, LogicalOp, RelationalOp};
use boa_ast::expression::operator::unary::UnaryOp;
use boa_ast::expression::{Call, Expression};
use boa_ast::function::FunctionDeclaration;
use boa_ast::scope::Scope;
use boa_ast::statement::Statement;
use boa_ast::{Script, Spanned, StatementListItem};
use boa_interner::{Interner, Sym};
use boa_parser::{Parser, Source};
use netdiag_core::pac::ClientProfile;

use super::ir::{
    Cmp, Expr, Helper, MAX_ARGS, MICROSOFT_EX, Method, STANDARD, ShPattern, Stmt, Value,
};
use crate::helpers::{net, shexp};
use crate::instrument::{MARK, TICK};
use crate::lint::ast::stmt_lines;

/// Why the fast path does not take a PAC: what, and the line in the text boa runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fallback {
    pub what: String,
    pub line: Option<u32>,
}

/// A PAC compiled for the fast path.
#[derive(Debug)]
pub(crate) struct Compiled {
    pub entry: &'static str,
    pub params: usize,
    pub slots: usize,
    pub body: Vec<Stmt>,
    pub regexes: Vec<regress::Regex>,
}

type Res<T> = Result<T, Fallback>;

fn no(what: impl Into<String>, line: Option<u32>) -> Fallback {
    Fallback {
        what: what.into(),
        line,
    }
}

fn expr_line(e: &Expression) -> Option<u32> {
    Some(e.span().start().line_number())
}

fn stmt_line(s: &Statement) -> Option<u32> {
    stmt_lines(&StatementListItem::Statement(Box::new(s.clone()))).map(|(l, _)| l)
}

/// A text parsed by boa's parser, with the interner its names live in.
pub(crate) struct Parsed {
    pub script: Script,
    pub interner: Interner,
}

impl std::fmt::Debug for Parsed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Parsed")
    }
}

/// Parses `text` as a script (the syntax check and the compile share this one parse: parsing
/// is most of a PAC's compile time, and the first call in a fresh page pays it in
/// baseline-tier wasm).
pub(crate) fn parse(text: &str) -> Result<Parsed, boa_parser::Error> {
    let mut interner = Interner::default();
    let script =
        Parser::new(Source::from_bytes(text)).parse_script(&Scope::new_global(), &mut interner)?;
    Ok(Parsed { script, interner })
}

/// Analyses `run_text` (the instrumented PAC) for `client`; `parsed` is `run_text` already
/// parsed, if it was.
pub(crate) fn compile(
    run_text: &str,
    parsed: Option<&Parsed>,
    client: ClientProfile,
    instrumented: bool,
) -> Res<Compiled> {
    if !instrumented {
        return Err(no(
            "the PAC uses the name __nd_mark or __nd_tick, which netdiag needs",
            None,
        ));
    }
    let owned;
    let parsed = match parsed {
        Some(p) => p,
        None => {
            owned = parse(run_text).map_err(|e| no(format!("boa's parser: {e}"), None))?;
            &owned
        }
    };
    let (script, interner) = (&parsed.script, &parsed.interner);
    let helpers: HashMap<&'static str, Helper> = STANDARD
        .iter()
        .chain(match client {
            ClientProfile::Firefox => &[][..],
            ClientProfile::Chromium | ClientProfile::Winhttp => MICROSOFT_EX,
        })
        .copied()
        .collect();
    let sym = |s: Sym| -> String {
        interner
            .resolve(s)
            .map(|r| r.to_string())
            .unwrap_or_default()
    };
    let mut functions: Vec<(String, &FunctionDeclaration)> = Vec::new();
    // Top-level `var NAME = <constant>`, in source order.
    let mut top_vars: Vec<(String, Option<&Expression>, Option<u32>)> = Vec::new();
    for item in script.statements().statements() {
        match item {
            StatementListItem::Declaration(d) => match d.as_ref() {
                Declaration::FunctionDeclaration(f) => {
                    let name = sym(f.name().sym());
                    let line = Some(f.name().span().start().line_number());
                    if helpers.contains_key(name.as_str()) || name == MARK || name == TICK {
                        return Err(no(format!("the PAC defines its own {name}()"), line));
                    }
                    if functions.iter().any(|(n, _)| *n == name) {
                        return Err(no(format!("function {name} is declared twice"), line));
                    }
                    functions.push((name, f));
                }
                other => {
                    let what = match other {
                        Declaration::Lexical(_) => "top-level let/const declaration",
                        Declaration::ClassDeclaration(_) => "class declaration",
                        _ => "top-level generator or async function",
                    };
                    return Err(no(what, None));
                }
            },
            StatementListItem::Statement(s) => match s.as_ref() {
                Statement::Empty => {}
                Statement::Var(v) => {
                    for var in v.0.as_ref() {
                        let Binding::Identifier(id) = var.binding() else {
                            return Err(no("top-level destructuring declaration", stmt_line(s)));
                        };
                        top_vars.push((sym(id.sym()), var.init(), stmt_line(s)));
                    }
                }
                other => {
                    return Err(no(
                        format!(
                            "top-level {} (code that runs when the PAC loads)",
                            stmt_kind(other)
                        ),
                        stmt_line(other),
                    ));
                }
            },
        }
    }
    let find = |n: &str| {
        functions
            .iter()
            .find(|(name, _)| name == n)
            .map(|(_, f)| *f)
    };
    let (entry, f) = match (client, find("FindProxyForURLEx"), find("FindProxyForURL")) {
        (ClientProfile::Winhttp, Some(f), _) => ("FindProxyForURLEx", f),
        (_, _, Some(f)) => ("FindProxyForURL", f),
        _ => return Err(no("no function FindProxyForURL(url, host)", None)),
    };
    let mut c = Compiler {
        client,
        interner,
        helpers,
        slots: HashMap::new(),
        globals: HashMap::new(),
        regexes: Vec::new(),
    };
    c.run_top_vars(&top_vars, &functions)?;
    let params = f.parameters();
    let pline = Some(f.name().span().start().line_number());
    if !params.is_simple() || params.has_duplicates() {
        return Err(no(
            format!("{entry} has default, rest, duplicate or destructured parameters"),
            pline,
        ));
    }
    for (i, p) in params.as_ref().iter().enumerate() {
        let Binding::Identifier(id) = p.variable().binding() else {
            return Err(no("destructured parameter", pline));
        };
        c.slots.insert(c.sym(id.sym()), i);
    }
    let nparams = params.as_ref().len();
    for item in f.body().statements() {
        c.declare_vars(item)?;
    }
    let body = f
        .body()
        .statements()
        .iter()
        .map(|item| c.item(item))
        .collect::<Res<Vec<Stmt>>>()?;
    Ok(Compiled {
        entry,
        params: nparams,
        slots: c.slots.len(),
        body,
        regexes: c.regexes,
    })
}

fn stmt_kind(s: &Statement) -> &'static str {
    match s {
        Statement::Block(_) => "block",
        Statement::Var(_) => "var declaration",
        Statement::Empty => "empty statement",
        Statement::Expression(_) => "expression statement",
        Statement::If(_) => "if statement",
        Statement::DoWhileLoop(_) => "do-while loop",
        Statement::WhileLoop(_) => "while loop",
        Statement::ForLoop(_) => "for loop",
        Statement::ForInLoop(_) => "for-in loop",
        Statement::ForOfLoop(_) => "for-of loop",
        Statement::Switch(_) => "switch statement",
        Statement::Continue(_) => "continue statement",
        Statement::Break(_) => "break statement",
        Statement::Return(_) => "return statement",
        Statement::Labelled(_) => "labelled statement",
        Statement::Throw(_) => "throw statement",
        Statement::Try(_) => "try statement",
        Statement::With(_) => "with statement",
        _ => "statement",
    }
}

fn expr_kind(e: &Expression) -> &'static str {
    match e {
        Expression::This(_) => "`this`",
        Expression::ArrayLiteral(_) => "array literal",
        Expression::ObjectLiteral(_) => "object literal",
        Expression::Spread(_) => "spread",
        Expression::FunctionExpression(_) => "function expression",
        Expression::ArrowFunction(_) | Expression::AsyncArrowFunction(_) => "arrow function",
        Expression::GeneratorExpression(_)
        | Expression::AsyncFunctionExpression(_)
        | Expression::AsyncGeneratorExpression(_) => "generator or async function",
        Expression::ClassExpression(_) => "class expression",
        Expression::TemplateLiteral(_) | Expression::TaggedTemplate(_) => "template literal",
        Expression::New(_) => "`new`",
        Expression::Optional(_) => "optional chaining",
        Expression::Update(_) => "++ / --",
        Expression::Await(_) | Expression::Yield(_) => "await / yield",
        _ => "expression",
    }
}

struct Compiler<'a> {
    client: ClientProfile,
    interner: &'a Interner,
    helpers: HashMap<&'static str, Helper>,
    /// Parameters and `var`s of the entry point (function-scoped, hoisted).
    slots: HashMap<String, usize>,
    /// Values of the top-level `var`s once the PAC has loaded (read-only for the subset).
    globals: HashMap<String, Value>,
    regexes: Vec<regress::Regex>,
}

impl Compiler<'_> {
    fn sym(&self, s: Sym) -> String {
        self.interner
            .resolve(s)
            .map(|r| r.to_string())
            .unwrap_or_default()
    }

    /// A string literal's value; lone surrogates (not representable in Rust) are refused.
    fn string(&self, s: Sym, line: Option<u32>) -> Res<Rc<str>> {
        let r = self
            .interner
            .resolve(s)
            .ok_or_else(|| no("unknown string symbol", line))?;
        match r.utf8() {
            Some(u) => Ok(Rc::from(u)),
            None => String::from_utf16(r.utf16())
                .map(Rc::from)
                .map_err(|_| no("string literal with a lone surrogate", line)),
        }
    }

    /// Runs the top-level `var` initializers as the PAC's load would: in order, each a
    /// constant (literals, `+`, earlier top-level vars; a later one is still `undefined`).
    fn run_top_vars(
        &mut self,
        vars: &[(String, Option<&Expression>, Option<u32>)],
        functions: &[(String, &FunctionDeclaration)],
    ) -> Res<()> {
        for (name, _, line) in vars {
            if self.helpers.contains_key(name.as_str())
                || functions.iter().any(|(f, _)| f == name)
                || matches!(
                    name.as_str(),
                    "undefined" | "NaN" | "Infinity" | MARK | TICK
                )
            {
                return Err(no(
                    format!("top-level var {name} replaces a helper, function or built-in"),
                    *line,
                ));
            }
            self.globals.insert(name.clone(), Value::Undefined);
        }
        for (name, init, line) in vars {
            let Some(init) = init else { continue };
            let e = self.expr(init)?;
            let v = self.constant(&e).ok_or_else(|| {
                no(
                    format!("top-level var {name} is not a constant (only literals, + and earlier top-level vars are evaluated natively)"),
                    *line,
                )
            })?;
            self.globals.insert(name.clone(), v);
        }
        Ok(())
    }

    /// The value of a constant expression (no slots, no calls).
    fn constant(&self, e: &Expr) -> Option<Value> {
        match e {
            Expr::Lit(v) => Some(v.clone()),
            Expr::Add(a, b) => super::eval::add(&self.constant(a)?, &self.constant(b)?).ok(),
            _ => None,
        }
    }

    /// Hoists every `var` of the body (blocks and `if` arms included) into a slot.
    fn declare_vars(&mut self, item: &StatementListItem) -> Res<()> {
        match item {
            StatementListItem::Declaration(_) => Ok(()),
            StatementListItem::Statement(s) => self.declare_in(s),
        }
    }

    fn declare_in(&mut self, s: &Statement) -> Res<()> {
        match s {
            Statement::Var(v) => {
                for var in v.0.as_ref() {
                    let Binding::Identifier(id) = var.binding() else {
                        return Err(no("destructuring declaration", stmt_line(s)));
                    };
                    let name = self.sym(id.sym());
                    let next = self.slots.len();
                    self.slots.entry(name).or_insert(next);
                }
                Ok(())
            }
            Statement::Block(b) => {
                for item in b.statement_list().statements() {
                    self.declare_vars(item)?;
                }
                Ok(())
            }
            Statement::If(i) => {
                self.declare_in(i.body())?;
                if let Some(e) = i.else_node() {
                    self.declare_in(e)?;
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn item(&mut self, item: &StatementListItem) -> Res<Stmt> {
        match item {
            StatementListItem::Statement(s) => self.stmt(s),
            StatementListItem::Declaration(d) => {
                let what = match d.as_ref() {
                    Declaration::Lexical(_) => "let/const declaration",
                    Declaration::FunctionDeclaration(_) => {
                        "function declared inside the entry point"
                    }
                    _ => "nested class, generator or async function",
                };
                let line = match d.as_ref() {
                    Declaration::FunctionDeclaration(f) => {
                        Some(f.name().span().start().line_number())
                    }
                    _ => None,
                };
                Err(no(what, line))
            }
        }
    }

    fn stmt(&mut self, s: &Statement) -> Res<Stmt> {
        match s {
            Statement::Empty => Ok(Stmt::Nop),
            Statement::Block(b) => Ok(Stmt::Block(
                b.statement_list()
                    .statements()
                    .iter()
                    .map(|i| self.item(i))
                    .collect::<Res<_>>()?,
            )),
            Statement::Var(v) => {
                let mut out = Vec::new();
                for var in v.0.as_ref() {
                    let (Binding::Identifier(id), Some(init)) = (var.binding(), var.init()) else {
                        continue;
                    };
                    let slot = self.slot(id.sym(), expr_line(init))?;
                    let value = self.expr(init)?;
                    out.push(Stmt::Eval(Expr::Assign(slot, Box::new(value))));
                }
                Ok(Stmt::Block(out))
            }
            Statement::Expression(e) => Ok(Stmt::Eval(self.expr(e)?)),
            Statement::If(i) => {
                let cond = self.expr(i.cond())?;
                let body = self.stmt(i.body())?;
                let other = match i.else_node() {
                    Some(e) => Some(Box::new(self.stmt(e)?)),
                    None => None,
                };
                Ok(Stmt::If(cond, Box::new(body), other))
            }
            Statement::Return(r) => {
                let Some(target) = r.target() else {
                    return Ok(Stmt::Return(None, None));
                };
                if let Expression::Binary(b) = target
                    && b.op() == BinaryOp::Comma
                    && let Some(id) = self.mark_id(b.lhs())
                {
                    return Ok(Stmt::Return(Some(id), Some(self.expr(b.rhs())?)));
                }
                Ok(Stmt::Return(None, Some(self.expr(target)?)))
            }
            other => Err(no(stmt_kind(other), stmt_line(other))),
        }
    }

    /// `ID` of the instrumentation call `__nd_mark(ID)`.
    fn mark_id(&self, e: &Expression) -> Option<usize> {
        let Expression::Call(c) = e else { return None };
        let Expression::Identifier(f) = c.function() else {
            return None;
        };
        if self.sym(f.sym()) != MARK {
            return None;
        }
        match c.args() {
            [Expression::Literal(l)] => match l.kind() {
                LiteralKind::Int(n) => usize::try_from(*n).ok(),
                _ => None,
            },
            _ => None,
        }
    }

    /// The slot of a declared local; a miss (never expected: locals are hoisted first) sends
    /// the PAC to boa rather than writing into another variable.
    fn slot(&self, s: Sym, line: Option<u32>) -> Res<usize> {
        let name = self.sym(s);
        self.slots
            .get(&name)
            .copied()
            .ok_or_else(|| no(format!("undeclared local {name} (internal)"), line))
    }

    fn boxed(&mut self, e: &Expression) -> Res<Box<Expr>> {
        self.expr(e).map(Box::new)
    }

    fn expr(&mut self, e: &Expression) -> Res<Expr> {
        let line = expr_line(e);
        match e {
            Expression::Parenthesized(p) => self.expr(p.expression()),
            Expression::Literal(l) => Ok(Expr::Lit(match l.kind() {
                LiteralKind::String(s) => Value::Str(self.string(*s, line)?),
                LiteralKind::Num(n) => Value::Num(*n),
                LiteralKind::Int(n) => Value::Num(f64::from(*n)),
                LiteralKind::Bool(b) => Value::Bool(*b),
                LiteralKind::Null => Value::Null,
                LiteralKind::Undefined => Value::Undefined,
                LiteralKind::BigInt(_) => return Err(no("BigInt literal", line)),
            })),
            Expression::RegExpLiteral(r) => {
                let flags = self.sym(r.flags());
                if !flags.chars().all(|c| matches!(c, 'i' | 'm' | 's')) {
                    return Err(no(
                        format!(
                            "regular expression with flags {flags:?} (only i, m, s are modelled)"
                        ),
                        line,
                    ));
                }
                let pattern = self
                    .interner
                    .resolve(r.pattern())
                    .map(|p| p.utf16().to_vec())
                    .unwrap_or_default();
                // As boa compiles a RegExp without the u/v flags: UTF-16 code units.
                let f = regress::Flags {
                    icase: flags.contains('i'),
                    multiline: flags.contains('m'),
                    dot_all: flags.contains('s'),
                    ..regress::Flags::default()
                };
                let re = regress::Regex::from_unicode(pattern.iter().map(|&u| u32::from(u)), f)
                    .map_err(|err| {
                        no(
                            format!("regular expression boa rejects: {}", err.text),
                            line,
                        )
                    })?;
                self.regexes.push(re);
                Ok(Expr::Lit(Value::Regex(self.regexes.len() - 1)))
            }
            Expression::Identifier(id) => {
                let name = self.sym(id.sym());
                if let Some(&slot) = self.slots.get(&name) {
                    return Ok(Expr::Slot(slot));
                }
                if let Some(v) = self.globals.get(&name) {
                    return Ok(Expr::Lit(v.clone()));
                }
                if name == "undefined" {
                    return Ok(Expr::Lit(Value::Undefined));
                }
                if self.helpers.contains_key(name.as_str()) {
                    return Err(no(format!("the helper {name} used as a value"), line));
                }
                Err(no(
                    format!("{name} (not a parameter, local variable or PAC helper)"),
                    line,
                ))
            }
            Expression::Call(c) => self.call(c, line),
            Expression::Unary(u) => match u.op() {
                UnaryOp::Not => Ok(Expr::Not(self.boxed(u.target())?)),
                UnaryOp::Minus => match u.target() {
                    Expression::Literal(l) => match l.kind() {
                        LiteralKind::Int(n) => Ok(Expr::Lit(Value::Num(-f64::from(*n)))),
                        LiteralKind::Num(n) => Ok(Expr::Lit(Value::Num(-*n))),
                        _ => Err(no("unary minus on a non-number", line)),
                    },
                    _ => Err(no("unary minus on an expression", line)),
                },
                op => Err(no(format!("unary operator {op:?}"), line)),
            },
            Expression::Binary(b) => {
                let op = b.op();
                let mk = |c: &mut Self| -> Res<(Box<Expr>, Box<Expr>)> {
                    Ok((c.boxed(b.lhs())?, c.boxed(b.rhs())?))
                };
                let cmp = |c: &mut Self, op: Cmp, negate: bool| -> Res<Expr> {
                    let (lhs, rhs) = mk(c)?;
                    Ok(Expr::Compare {
                        op,
                        negate,
                        lhs,
                        rhs,
                    })
                };
                match op {
                    BinaryOp::Logical(LogicalOp::And) => mk(self).map(|(l, r)| Expr::And(l, r)),
                    BinaryOp::Logical(LogicalOp::Or) => mk(self).map(|(l, r)| Expr::Or(l, r)),
                    BinaryOp::Arithmetic(ArithmeticOp::Add) => {
                        mk(self).map(|(l, r)| Expr::Add(l, r))
                    }
                    BinaryOp::Relational(r) => match r {
                        RelationalOp::Equal => cmp(self, Cmp::Eq, false),
                        RelationalOp::NotEqual => cmp(self, Cmp::Eq, true),
                        RelationalOp::StrictEqual => cmp(self, Cmp::StrictEq, false),
                        RelationalOp::StrictNotEqual => cmp(self, Cmp::StrictEq, true),
                        RelationalOp::LessThan => cmp(self, Cmp::Lt, false),
                        RelationalOp::LessThanOrEqual => cmp(self, Cmp::Le, false),
                        RelationalOp::GreaterThan => cmp(self, Cmp::Gt, false),
                        RelationalOp::GreaterThanOrEqual => cmp(self, Cmp::Ge, false),
                        other => Err(no(format!("operator {other}"), line)),
                    },
                    other => Err(no(format!("operator {other}"), line)),
                }
            }
            Expression::Conditional(c) => Ok(Expr::Cond(
                self.boxed(c.condition())?,
                self.boxed(c.if_true())?,
                self.boxed(c.if_false())?,
            )),
            Expression::Assign(a) => {
                let AssignTarget::Identifier(id) = a.lhs() else {
                    return Err(no("assignment to a property or pattern", line));
                };
                let name = self.sym(id.sym());
                let Some(&slot) = self.slots.get(&name) else {
                    return Err(no(
                        format!("assignment to {name}, which is not a parameter or local variable"),
                        line,
                    ));
                };
                let rhs = self.boxed(a.rhs())?;
                match a.op() {
                    AssignOp::Assign => Ok(Expr::Assign(slot, rhs)),
                    AssignOp::Add => Ok(Expr::Assign(
                        slot,
                        Box::new(Expr::Add(Box::new(Expr::Slot(slot)), rhs)),
                    )),
                    other => Err(no(format!("assignment operator {other}"), line)),
                }
            }
            Expression::PropertyAccess(PropertyAccess::Simple(s)) => match s.field() {
                PropertyAccessField::Const(id) if self.sym(id.sym()) == "length" => {
                    Ok(Expr::Length(self.boxed(s.target())?))
                }
                PropertyAccessField::Const(id) => {
                    Err(no(format!("property .{}", self.sym(id.sym())), line))
                }
                PropertyAccessField::Expr(_) => Err(no("computed property access [..]", line)),
            },
            Expression::PropertyAccess(_) => Err(no("super or private property access", line)),
            other => Err(no(expr_kind(other), line)),
        }
    }

    fn args(&mut self, c: &Call, line: Option<u32>) -> Res<Box<[Expr]>> {
        if c.args().len() > MAX_ARGS {
            return Err(no(
                format!("call with more than {MAX_ARGS} arguments"),
                line,
            ));
        }
        c.args().iter().map(|a| self.expr(a)).collect()
    }

    /// Helper calls whose literal arguments can be prepared once (literals have no effects,
    /// so evaluating only the other argument is the same).
    fn specialize(&mut self, h: Helper, args: Box<[Expr]>) -> Expr {
        match (h, &*args) {
            (Helper::IsInNet, [ip, Expr::Lit(Value::Str(p)), Expr::Lit(Value::Str(m))]) => {
                let net = net::dotted_v4(p).zip(net::dotted_v4(m));
                Expr::InNet(Box::new(ip.clone()), net)
            }
            (Helper::ShExpMatch, [text, Expr::Lit(Value::Str(p))]) => {
                let kind =
                    if self.client == ClientProfile::Winhttp || !p.contains(shexp::REGEX_SYNTAX) {
                        ShPattern::Glob
                    } else {
                        // Chromium and Firefox build this RegExp (flags "") from the pattern.
                        let src: Vec<u16> = shexp::browser_regex_source(p).encode_utf16().collect();
                        match regress::Regex::from_unicode(
                            src.iter().map(|&u| u32::from(u)),
                            regress::Flags::default(),
                        ) {
                            Ok(re) => {
                                self.regexes.push(re);
                                ShPattern::Regex(self.regexes.len() - 1)
                            }
                            Err(_) => ShPattern::Throws,
                        }
                    };
                Expr::ShExp(Box::new(text.clone()), Rc::clone(p), kind)
            }
            _ => Expr::Call(h, args),
        }
    }

    fn call(&mut self, c: &Call, line: Option<u32>) -> Res<Expr> {
        match c.function() {
            Expression::Identifier(id) => {
                let name = self.sym(id.sym());
                if self.slots.contains_key(&name) {
                    return Err(no(format!("call of the local {name}"), line));
                }
                let Some(&h) = self.helpers.get(name.as_str()) else {
                    return Err(no(format!("call of {name}() (not a PAC helper)"), line));
                };
                let args = self.args(c, line)?;
                Ok(self.specialize(h, args))
            }
            Expression::PropertyAccess(PropertyAccess::Simple(s)) => {
                let PropertyAccessField::Const(id) = s.field() else {
                    return Err(no("computed method call", line));
                };
                let name = self.sym(id.sym());
                let m = match name.as_str() {
                    "toLowerCase" => Method::ToLowerCase,
                    "toUpperCase" => Method::ToUpperCase,
                    "substring" => Method::Substring,
                    "indexOf" => Method::IndexOf,
                    "test" => Method::Test,
                    _ => return Err(no(format!("method .{name}()"), line)),
                };
                let target = self.boxed(s.target())?;
                Ok(Expr::Method(target, m, self.args(c, line)?))
            }
            _ => Err(no("call of a computed function", line)),
        }
    }
}
