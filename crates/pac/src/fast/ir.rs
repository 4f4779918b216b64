//! The compiled form of a subset PAC: values, expressions and statements over numbered slots
//! (parameters and `var`s of the entry point).

use std::borrow::Cow;
use std::net::Ipv4Addr;
use std::rc::Rc;

/// A JavaScript value the subset can hold. Regular expressions are referred to by index.
#[derive(Debug, Clone, Default)]
pub(crate) enum Value {
    #[default]
    Undefined,
    Null,
    Bool(bool),
    Num(f64),
    Str(Rc<str>),
    Regex(usize),
}

/// Why one URL leaves the fast path for boa (a case the subset does not model exactly).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Bail(pub &'static str);

/// Largest integer every f64 holds exactly; beyond it number formatting is left to boa.
const MAX_SAFE: f64 = 9_007_199_254_740_991.0;

impl Value {
    /// JavaScript `ToBoolean`.
    pub fn truthy(&self) -> bool {
        match self {
            Self::Undefined | Self::Null => false,
            Self::Bool(b) => *b,
            Self::Num(n) => *n != 0.0 && !n.is_nan(),
            Self::Str(s) => !s.is_empty(),
            Self::Regex(_) => true,
        }
    }

    /// JavaScript `ToString`, for the values whose text is certain (integral numbers up to
    /// 2^53; other numbers and objects go to boa).
    pub fn to_js_string(&self) -> Result<Cow<'_, str>, Bail> {
        Ok(match self {
            Self::Undefined => Cow::Borrowed("undefined"),
            Self::Null => Cow::Borrowed("null"),
            Self::Bool(true) => Cow::Borrowed("true"),
            Self::Bool(false) => Cow::Borrowed("false"),
            Self::Str(s) => Cow::Borrowed(s),
            Self::Num(n) => Cow::Owned(number_text(*n)?),
            Self::Regex(_) => return Err(Bail("a regular expression converted to a string")),
        })
    }

    /// `typeof`, as the bad-return message names it.
    pub fn type_of(&self) -> &'static str {
        match self {
            Self::Undefined => "undefined",
            Self::Null | Self::Regex(_) => "object",
            Self::Bool(_) => "boolean",
            Self::Num(_) => "number",
            Self::Str(_) => "string",
        }
    }
}

/// `Number::toString` for integral values in the safe range (`-0` prints as `0`).
pub(crate) fn number_text(n: f64) -> Result<String, Bail> {
    if n.is_nan() {
        return Ok("NaN".into());
    }
    if n.fract() != 0.0 || n.abs() > MAX_SAFE {
        return Err(Bail("a non-integral or huge number converted to a string"));
    }
    #[allow(clippy::cast_possible_truncation)]
    let i = n as i64;
    Ok(i.to_string())
}

/// A PAC helper the fast path calls natively.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Helper {
    IsPlainHostName,
    DnsDomainIs,
    LocalHostOrDomainIs,
    DnsDomainLevels,
    Alert,
    IsResolvable,
    DnsResolve,
    MyIpAddress,
    IsInNet,
    ConvertAddr,
    WeekdayRange,
    DateRange,
    TimeRange,
    ShExpMatch,
    IsResolvableEx,
    DnsResolveEx,
    MyIpAddressEx,
    IsInNetEx,
    SortIpAddressList,
    GetClientVersion,
}

/// Helpers every client defines, by JavaScript name.
pub(crate) const STANDARD: &[(&str, Helper)] = &[
    ("isPlainHostName", Helper::IsPlainHostName),
    ("dnsDomainIs", Helper::DnsDomainIs),
    ("localHostOrDomainIs", Helper::LocalHostOrDomainIs),
    ("dnsDomainLevels", Helper::DnsDomainLevels),
    ("alert", Helper::Alert),
    ("isResolvable", Helper::IsResolvable),
    ("dnsResolve", Helper::DnsResolve),
    ("myIpAddress", Helper::MyIpAddress),
    ("isInNet", Helper::IsInNet),
    ("convert_addr", Helper::ConvertAddr),
    ("weekdayRange", Helper::WeekdayRange),
    ("dateRange", Helper::DateRange),
    ("timeRange", Helper::TimeRange),
    ("shExpMatch", Helper::ShExpMatch),
];

/// Microsoft's IPv6 extensions (not defined under the Firefox profile).
pub(crate) const MICROSOFT_EX: &[(&str, Helper)] = &[
    ("isResolvableEx", Helper::IsResolvableEx),
    ("dnsResolveEx", Helper::DnsResolveEx),
    ("myIpAddressEx", Helper::MyIpAddressEx),
    ("isInNetEx", Helper::IsInNetEx),
    ("sortIpAddressList", Helper::SortIpAddressList),
    ("getClientVersion", Helper::GetClientVersion),
];

/// Most arguments a compiled helper call may have (`dateRange` takes up to seven).
pub(crate) const MAX_ARGS: usize = 7;

/// String methods the subset knows (on primitive strings only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    ToLowerCase,
    ToUpperCase,
    Substring,
    IndexOf,
    /// `RegExp.prototype.test` on a regular-expression value.
    Test,
}

/// Comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cmp {
    Eq,
    StrictEq,
    Lt,
    Le,
    Gt,
    Ge,
}

/// An expression.
#[derive(Debug, Clone)]
pub(crate) enum Expr {
    Lit(Value),
    Slot(usize),
    Assign(usize, Box<Expr>),
    Call(Helper, Box<[Expr]>),
    Not(Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Cond(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `negate` turns `==`/`===` into `!=`/`!==`.
    Compare {
        op: Cmp,
        negate: bool,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    Add(Box<Expr>, Box<Expr>),
    Method(Box<Expr>, Method, Box<[Expr]>),
    Length(Box<Expr>),
    /// `isInNet(ip, "pattern", "mask")` with literal pattern and mask, parsed once (`None`:
    /// one of them is not a dotted quad, so the answer is `false` without a lookup).
    InNet(Box<Expr>, Option<(Ipv4Addr, Ipv4Addr)>),
    /// `shExpMatch(text, "pattern")` with a literal pattern, classified once.
    ShExp(Box<Expr>, Rc<str>, ShPattern),
}

/// How a literal `shExpMatch` pattern matches under the client profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ShPattern {
    /// Plain shell expression.
    Glob,
    /// The browsers' RegExp translation, compiled (index into the regexes).
    Regex(usize),
    /// The browsers' RegExp translation does not compile: the call throws (boa reports it).
    Throws,
}

/// A statement.
#[derive(Debug, Clone)]
pub(crate) enum Stmt {
    Eval(Expr),
    If(Expr, Box<Stmt>, Option<Box<Stmt>>),
    Block(Vec<Stmt>),
    /// The instrumentation mark id (which `return` decided) and the value.
    Return(Option<usize>, Option<Expr>),
    Nop,
}
