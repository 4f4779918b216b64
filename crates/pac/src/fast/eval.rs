//! Runs a compiled subset PAC for one URL. Anything whose JavaScript result is not certain
//! here (a coercion the subset does not model, a helper that would throw) returns [`Bail`],
//! and the engine evaluates that URL in boa instead.

use std::borrow::Cow;
use std::rc::Rc;

use super::compile::Compiled;
use super::ir::{Bail, Cmp, Expr, Helper, MAX_ARGS, Method, ShPattern, Stmt, Value};
use crate::helpers::time::{Clock, TimeArg, date_range, time_range, weekday_range};
use crate::helpers::{dns, ex, host, net, shexp};
use crate::state::Shared;
use netdiag_core::pac::ClientProfile;

type Res<T> = Result<T, Bail>;

enum Flow {
    Normal,
    Return(Value),
}

/// Evaluates `FindProxyForURL(url, host)`; the returned value (undefined when no `return` ran).
pub(crate) fn run(c: &Compiled, sh: &Shared, url: &str, host: &str) -> Res<Value> {
    let mut frame: Vec<Value> = vec![Value::Undefined; c.slots];
    for (i, arg) in [url, host].into_iter().enumerate().take(c.params) {
        if let Some(slot) = frame.get_mut(i) {
            *slot = Value::Str(Rc::from(arg));
        }
    }
    let mut m = Machine { c, sh, frame };
    for s in &c.body {
        if let Flow::Return(v) = m.stmt(s)? {
            return Ok(v);
        }
    }
    Ok(Value::Undefined)
}

struct Machine<'a> {
    c: &'a Compiled,
    sh: &'a Shared,
    frame: Vec<Value>,
}

fn str_of(v: &Value) -> Res<&str> {
    match v {
        Value::Str(s) => Ok(s),
        _ => Err(Bail("a string method on a value that is not a string")),
    }
}

/// JavaScript `ToIntegerOrInfinity` for the values the subset knows exactly.
fn to_integer(v: &Value) -> Res<f64> {
    match v {
        Value::Num(n) if n.is_nan() => Ok(0.0),
        Value::Num(n) => Ok(n.trunc()),
        Value::Undefined => Ok(0.0),
        Value::Null => Ok(0.0),
        Value::Bool(b) => Ok(f64::from(u8::from(*b))),
        _ => Err(Bail("a string or object used as a number")),
    }
}

#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_precision_loss
)]
fn clamp_index(n: f64, len: usize) -> usize {
    n.clamp(0.0, len as f64) as usize
}

impl Machine<'_> {
    fn stmt(&mut self, s: &Stmt) -> Res<Flow> {
        match s {
            Stmt::Nop => Ok(Flow::Normal),
            Stmt::Eval(e) => {
                self.expr(e)?;
                Ok(Flow::Normal)
            }
            Stmt::If(cond, body, other) => {
                if self.expr(cond)?.truthy() {
                    self.stmt(body)
                } else if let Some(o) = other {
                    self.stmt(o)
                } else {
                    Ok(Flow::Normal)
                }
            }
            Stmt::Block(list) => {
                for s in list {
                    if let Flow::Return(v) = self.stmt(s)? {
                        return Ok(Flow::Return(v));
                    }
                }
                Ok(Flow::Normal)
            }
            Stmt::Return(mark, value) => {
                if let Some(id) = mark {
                    // The instrumentation calls the marker before the value is evaluated.
                    // The entry point is the only frame here, so its depth is always the best.
                    self.sh.rec.borrow_mut().best_mark = Some((*id, 1));
                }
                let v = match value {
                    Some(e) => self.expr(e)?,
                    None => Value::Undefined,
                };
                Ok(Flow::Return(v))
            }
        }
    }

    fn expr(&mut self, e: &Expr) -> Res<Value> {
        Ok(match e {
            Expr::Lit(v) => v.clone(),
            Expr::Slot(i) => self.frame.get(*i).cloned().unwrap_or_default(),
            Expr::Assign(i, rhs) => {
                let v = self.expr(rhs)?;
                if let Some(slot) = self.frame.get_mut(*i) {
                    *slot = v.clone();
                }
                v
            }
            Expr::Not(x) => Value::Bool(!self.expr(x)?.truthy()),
            Expr::And(a, b) => {
                let l = self.expr(a)?;
                if l.truthy() { self.expr(b)? } else { l }
            }
            Expr::Or(a, b) => {
                let l = self.expr(a)?;
                if l.truthy() { l } else { self.expr(b)? }
            }
            Expr::Cond(c, a, b) => {
                if self.expr(c)?.truthy() {
                    self.expr(a)?
                } else {
                    self.expr(b)?
                }
            }
            Expr::Compare {
                op,
                negate,
                lhs,
                rhs,
            } => {
                let l = self.expr(lhs)?;
                let r = self.expr(rhs)?;
                Value::Bool(compare(*op, &l, &r)? != *negate)
            }
            Expr::Add(a, b) => {
                let l = self.expr(a)?;
                let r = self.expr(b)?;
                add(&l, &r)?
            }
            Expr::Length(x) => {
                let v = self.expr(x)?;
                let s = str_of(&v)?;
                #[allow(clippy::cast_precision_loss)]
                let n = s.encode_utf16().count() as f64;
                Value::Num(n)
            }
            Expr::Method(target, m, args) => {
                let t = self.expr(target)?;
                let mut vals: [Value; MAX_ARGS] = Default::default();
                for (slot, a) in vals.iter_mut().zip(args.iter()) {
                    *slot = self.expr(a)?;
                }
                let vals = vals.get(..args.len()).unwrap_or(&[]);
                self.method(&t, *m, vals)?
            }
            Expr::InNet(ip, net) => {
                let v = self.expr(ip)?;
                let Some((pattern, mask)) = net else {
                    return Ok(Value::Bool(false));
                };
                let ip = v.to_js_string()?;
                Value::Bool(net::is_in_net(self.sh, &ip, *pattern, *mask))
            }
            Expr::ShExp(text, pattern, kind) => {
                let v = self.expr(text)?;
                let t = v.to_js_string()?;
                match kind {
                    ShPattern::Glob => Value::Bool(shexp::sh_exp_match(&t, pattern)),
                    ShPattern::Regex(i) => {
                        let re = self
                            .c
                            .regexes
                            .get(*i)
                            .ok_or(Bail("unknown regular expression"))?;
                        let units: Vec<u16> = t.encode_utf16().collect();
                        Value::Bool(re.find_from_ucs2(&units, 0).next().is_some())
                    }
                    ShPattern::Throws => {
                        return Err(Bail("shExpMatch pattern that is not a valid RegExp"));
                    }
                }
            }
            Expr::Call(h, args) => {
                let mut vals: [Value; MAX_ARGS] = Default::default();
                for (slot, a) in vals.iter_mut().zip(args.iter()) {
                    *slot = self.expr(a)?;
                }
                let vals = vals.get(..args.len()).unwrap_or(&[]);
                self.helper(*h, vals)?
            }
        })
    }

    fn method(&self, t: &Value, m: Method, args: &[Value]) -> Res<Value> {
        if m == Method::Test {
            let Value::Regex(i) = t else {
                return Err(Bail(".test() on a value that is not a regular expression"));
            };
            let re = self
                .c
                .regexes
                .get(*i)
                .ok_or(Bail("unknown regular expression"))?;
            let text = args.first().unwrap_or(&Value::Undefined).to_js_string()?;
            let units: Vec<u16> = text.encode_utf16().collect();
            return Ok(Value::Bool(re.find_from_ucs2(&units, 0).next().is_some()));
        }
        let s = str_of(t)?;
        // Indices are UTF-16 code units in JavaScript; ASCII keeps them equal to bytes.
        if !s.is_ascii() {
            return Err(Bail("a string method on non-ASCII text"));
        }
        Ok(match m {
            Method::ToLowerCase => Value::Str(Rc::from(s.to_ascii_lowercase())),
            Method::ToUpperCase => Value::Str(Rc::from(s.to_ascii_uppercase())),
            Method::Substring => {
                let len = s.len();
                let a = clamp_index(to_integer(args.first().unwrap_or(&Value::Undefined))?, len);
                let b = match args.get(1) {
                    None | Some(Value::Undefined) => len,
                    Some(v) => clamp_index(to_integer(v)?, len),
                };
                let (from, to) = (a.min(b), a.max(b));
                Value::Str(Rc::from(s.get(from..to).unwrap_or("")))
            }
            Method::IndexOf => {
                let needle = args.first().unwrap_or(&Value::Undefined).to_js_string()?;
                let from = clamp_index(
                    to_integer(args.get(1).unwrap_or(&Value::Undefined))?,
                    s.len(),
                );
                #[allow(clippy::cast_precision_loss)]
                let found = s
                    .get(from..)
                    .and_then(|rest| rest.find(needle.as_ref()))
                    .map_or(-1.0, |i| (i + from) as f64);
                Value::Num(found)
            }
            Method::Test => Value::Undefined,
        })
    }

    fn helper(&self, h: Helper, args: &[Value]) -> Res<Value> {
        let sh = self.sh;
        let s = |i: usize| -> Res<Option<Cow<'_, str>>> {
            args.get(i).map(Value::to_js_string).transpose()
        };
        let clock = || Clock {
            now: sh.env.now,
            tz: sh.env.tz.clone(),
        };
        let all = || -> Res<Vec<String>> {
            args.iter()
                .map(|a| a.to_js_string().map(Cow::into_owned))
                .collect()
        };
        Ok(match h {
            Helper::IsPlainHostName => {
                Value::Bool(s(0)?.is_some_and(|h| host::is_plain_host_name(&h)))
            }
            Helper::DnsDomainIs => Value::Bool(match (s(0)?, s(1)?) {
                (Some(h), Some(d)) => host::dns_domain_is(&h, &d),
                _ => false,
            }),
            Helper::LocalHostOrDomainIs => Value::Bool(match (s(0)?, s(1)?) {
                (Some(h), Some(d)) => host::local_host_or_domain_is(&h, &d),
                _ => false,
            }),
            Helper::DnsDomainLevels => {
                let n = s(0)?.map_or(0, |h| host::dns_domain_levels(&h));
                Value::Num(f64::from(u32::try_from(n).unwrap_or(u32::MAX)))
            }
            Helper::Alert => {
                host::record_alert(sh, || {
                    Ok(s(0)?.map_or_else(|| "undefined".to_string(), Cow::into_owned))
                })?;
                Value::Undefined
            }
            Helper::IsResolvable => match s(0)? {
                None => Value::Bool(false),
                Some(h) => {
                    let answer = dns::lookup(sh, "isResolvable", &h);
                    Value::Bool(dns::first_v4(answer.as_deref()).is_some())
                }
            },
            Helper::DnsResolve => match s(0)? {
                None => Value::Null,
                Some(h) => {
                    let answer = dns::lookup(sh, "dnsResolve", &h);
                    dns::first_v4(answer.as_deref())
                        .map_or(Value::Null, |a| Value::Str(Rc::from(a.to_string())))
                }
            },
            Helper::MyIpAddress => Value::Str(Rc::from(dns::my_ip_address(&sh.env))),
            Helper::IsInNet => {
                let (Some(ip), Some(pattern), Some(mask)) = (s(0)?, s(1)?, s(2)?) else {
                    return Ok(Value::Bool(false));
                };
                let (Some(pattern), Some(mask)) = (net::dotted_v4(&pattern), net::dotted_v4(&mask))
                else {
                    return Ok(Value::Bool(false));
                };
                Value::Bool(net::is_in_net(sh, &ip, pattern, mask))
            }
            Helper::ConvertAddr => {
                let text = s(0)?.unwrap_or(Cow::Borrowed(""));
                Value::Num(f64::from(net::convert_addr(&text)))
            }
            Helper::WeekdayRange => Value::Bool(weekday_range(&all()?, &clock())),
            Helper::DateRange => {
                let (hit, note) = date_range(&all()?, &clock());
                if let Some(n) = note {
                    sh.rec.borrow_mut().note(n);
                }
                Value::Bool(hit)
            }
            Helper::TimeRange => {
                let mut targs = Vec::with_capacity(args.len());
                for v in args {
                    let num = match v {
                        Value::Undefined | Value::Null => f64::NAN,
                        Value::Num(n) => *n,
                        Value::Bool(b) => f64::from(u8::from(*b)),
                        _ => return Err(Bail("timeRange with a string or object argument")),
                    };
                    targs.push(TimeArg {
                        text: v.to_js_string()?.into_owned(),
                        num,
                    });
                }
                match time_range(&targs, &clock()) {
                    Ok((hit, note)) => {
                        if let Some(n) = note {
                            sh.rec.borrow_mut().note(n);
                        }
                        Value::Bool(hit)
                    }
                    Err(_) => return Err(Bail("timeRange throws")),
                }
            }
            Helper::ShExpMatch => {
                let (Some(t), Some(p)) = (s(0)?, s(1)?) else {
                    return Ok(Value::Bool(false));
                };
                if sh.env.client != ClientProfile::Winhttp && p.contains(shexp::REGEX_SYNTAX) {
                    // Browsers run such a pattern as a RegExp (which may throw): boa does that.
                    return Err(Bail("shExpMatch pattern with RegExp syntax"));
                }
                Value::Bool(shexp::sh_exp_match(&t, &p))
            }
            Helper::IsResolvableEx => match s(0)? {
                None => Value::Bool(false),
                Some(h) => Value::Bool(
                    dns::lookup(sh, "isResolvableEx", &h).is_some_and(|a| !a.is_empty()),
                ),
            },
            Helper::DnsResolveEx => match s(0)? {
                None => Value::Str(Rc::from("")),
                Some(h) => Value::Str(Rc::from(
                    dns::lookup(sh, "dnsResolveEx", &h).map_or_else(String::new, |a| ex::join(&a)),
                )),
            },
            Helper::MyIpAddressEx => Value::Str(Rc::from(ex::join(&sh.env.my_ip))),
            Helper::IsInNetEx => Value::Bool(match (s(0)?, s(1)?) {
                (Some(i), Some(p)) => ex::is_in_net_ex(&i, &p),
                _ => false,
            }),
            Helper::SortIpAddressList => {
                let list = s(0)?.unwrap_or(Cow::Borrowed(""));
                ex::sort_ip_address_list(&list)
                    .map_or(Value::Bool(false), |l| Value::Str(Rc::from(l)))
            }
            Helper::GetClientVersion => Value::Str(Rc::from("1.0")),
        })
    }
}

/// `==`, `===` and the relational operators where the answer is certain without coercions
/// the subset does not model.
fn compare(op: Cmp, l: &Value, r: &Value) -> Res<bool> {
    use Value as V;
    match op {
        Cmp::StrictEq => Ok(match (l, r) {
            (V::Undefined, V::Undefined) | (V::Null, V::Null) => true,
            (V::Bool(a), V::Bool(b)) => a == b,
            (V::Num(a), V::Num(b)) => a == b,
            (V::Str(a), V::Str(b)) => a == b,
            (V::Regex(_), V::Regex(_)) => return Err(Bail("object identity")),
            _ => false,
        }),
        Cmp::Eq => match (l, r) {
            (V::Undefined | V::Null, V::Undefined | V::Null) => Ok(true),
            (V::Undefined | V::Null, _) | (_, V::Undefined | V::Null) => Ok(false),
            (V::Bool(a), V::Bool(b)) => Ok(a == b),
            (V::Num(a), V::Num(b)) => Ok(a == b),
            (V::Str(a), V::Str(b)) => Ok(a == b),
            _ => Err(Bail("== between values of different types")),
        },
        Cmp::Lt | Cmp::Le | Cmp::Gt | Cmp::Ge => {
            let (V::Num(a), V::Num(b)) = (l, r) else {
                return Err(Bail("< or > on values that are not both numbers"));
            };
            Ok(match op {
                Cmp::Lt => a < b,
                Cmp::Le => a <= b,
                Cmp::Gt => a > b,
                _ => a >= b,
            })
        }
    }
}

/// `+`: string concatenation when either side is a string, number addition for two numbers.
pub(crate) fn add(l: &Value, r: &Value) -> Res<Value> {
    match (l, r) {
        (Value::Num(a), Value::Num(b)) => Ok(Value::Num(a + b)),
        (Value::Str(_), _) | (_, Value::Str(_)) => {
            let (a, b) = (l.to_js_string()?, r.to_js_string()?);
            let mut out = String::with_capacity(a.len() + b.len());
            out.push_str(&a);
            out.push_str(&b);
            Ok(Value::Str(Rc::from(out)))
        }
        _ => Err(Bail(
            "+ on values that are neither strings nor both numbers",
        )),
    }
}
