//! Native evaluator for the common PAC subset, with boa as the fallback.
//!
//! Most PACs are one `FindProxyForURL` made of `var`s, `if`/`else` chains and `return`s over
//! helper calls, string comparisons and concatenation. For those, a boa realm and a JavaScript
//! call per URL are pure overhead. [`compile`] decides by static analysis of boa's AST (of the
//! instrumented text, so the `return` marks are in it) whether the PAC is in the subset, and
//! compiles it to a small tree [`eval::run`] walks with the helpers' Rust cores.
//!
//! The subset (anything else sends the whole PAC to boa, with the reason and line):
//! - top level: function declarations (none named like a helper), empty statements and
//!   constant `var`s (literals, `+`, earlier top-level vars), read-only for the entry point;
//! - the entry point's parameters are plain names; its body: `var`, `if`/`else`, blocks,
//!   `return`, expression statements, empty statements;
//! - expressions: string/number/boolean/null literals, `undefined`, parameters and locals,
//!   calls of the client profile's helpers, regular-expression literals (flags i, m, s) and
//!   their `.test()`, `.toLowerCase()`, `.toUpperCase()`, `.substring()`, `.indexOf()`,
//!   `.length`, `!`, `&&`, `||`, `?:`, `==`, `!=`, `===`, `!==`, `<`, `<=`, `>`, `>=`, `+`,
//!   `=`, `+=` to locals, unary minus on a number literal.
//!
//! Values whose JavaScript meaning is not certain here (`==` across types, numbers that are
//! not small integers turned into text, string methods on non-ASCII text, a `shExpMatch`
//! pattern the browsers would run as a RegExp, a helper that would throw) make that one URL
//! run in boa instead ([`ir::Bail`]), so results are identical by construction, and proven
//! identical by the differential tests in `tests/fast_*.rs`.

mod compile;
mod eval;
mod ir;

pub(crate) use compile::{Compiled, Fallback, Parsed, compile, parse};
pub(crate) use eval::run;
pub(crate) use ir::Value;
