//! [`PacEngine`]: compile once, evaluate many URLs in the same boa `Context`, as browsers do.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use boa_engine::{Context, JsValue};
use netdiag_core::pac::{
    ClientProfile, EvaluatorKind, PacEnv, PacEvaluator, PacReport, ProxyEntry, UrlResult,
};
use serde::Serialize;

use crate::engine::{describe, load, new_context};
use crate::env::prepare;
use crate::error::PacError;
use crate::fast;
use crate::helpers::js_str;
use crate::program::{Program, facts};
use crate::result::{Analysis, analyze};
use crate::scan::tokenize;
use crate::srcmap::LineIndex;
use crate::state::{Recorder, Shared};
use crate::{Limits, UrlInput, macros, url};

const ENTRY: &str = "FindProxyForURL";
const ENTRY_EX: &str = "FindProxyForURLEx";

/// A row after [`PacEngine::begin`].
enum Begun {
    /// Complete: no PAC call needed.
    Done(UrlResult),
    /// The PAC must be called with this row's `pac_url` and `host`.
    Call(UrlResult),
}

/// A compiled PAC in its environment. Evaluate URLs with [`PacEngine::eval_url`].
pub struct PacEngine {
    program: Program,
    shared: Rc<Shared>,
    /// Created on first use (never, when the fast path answers every URL); `None` again
    /// after a limit hit: the context is re-created (and the PAC re-run) on next use.
    ctx: Option<Context>,
    entry: &'static str,
    echo: PacEnv,
    /// The PAC compiled for the native evaluator, when it is in the subset.
    fast: Option<fast::Compiled>,
    /// What the report says about the evaluator.
    evaluator: PacEvaluator,
    /// JSON text reused across the URLs of [`Self::report_json`].
    json: JsonParts,
}

/// Most answers of a batch repeat a few return strings and `return` lines: their analysis
/// and JSON are made once per distinct value (a small PAC's URL costs less to evaluate than
/// to explain and print, issue 7).
#[derive(Debug, Default)]
struct JsonParts {
    /// Answer → its fields `"result":…,"fallback_direct":…` and its warnings.
    answers: HashMap<String, Rc<AnswerJson>>,
    /// Mark id → the JSON of the `return` position (`rule`); filled on first use.
    rules: Vec<Option<String>>,
}

/// Distinct answers kept per engine; a PAC that returns a different string for every URL
/// (e.g. one with the host in it) stops filling the cache here and is analysed per URL.
const MAX_CACHED_ANSWERS: usize = 4096;

/// The URL-independent part of a row for one answer.
#[derive(Debug)]
struct AnswerJson {
    /// `"result":…,"entries":…,…,"fallback_direct":…` (no braces).
    fields: String,
    /// [`PacEngine::answer_warnings`].
    warnings: Vec<String>,
}

/// The answer fields of [`UrlResult`], in its order and with its names, borrowed.
#[derive(Serialize)]
struct AnswerFields<'a> {
    result: Option<&'a str>,
    entries: &'a [ProxyEntry],
    primary: Option<&'a str>,
    secondary: Option<&'a str>,
    bypass: bool,
    bypass_reason: Option<&'a str>,
    fallback_direct: bool,
}

/// `serde_json` output straight into a `String`. It writes UTF-8 text in pieces cut at ASCII
/// characters, so each piece is checked on its own (the cached parts, most of the text, are
/// copied without a check; checking the whole report at the end cost a tenth of its time).
struct Text<'a>(&'a mut String);

impl std::io::Write for Text<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = std::str::from_utf8(buf)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
        self.0.push_str(text);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// An empty row.
fn row(url: String, host: String, pac_url: String, warnings: Vec<String>) -> UrlResult {
    UrlResult {
        url,
        host,
        pac_url,
        result: None,
        entries: Vec::new(),
        primary: None,
        secondary: None,
        bypass: false,
        bypass_reason: None,
        fallback_direct: false,
        rule: None,
        dns_lookups: Vec::new(),
        alerts: Vec::new(),
        warnings,
        error: None,
    }
}

impl std::fmt::Debug for PacEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PacEngine")
            .field("entry", &self.entry)
            .field("env", &self.echo)
            .field("evaluator", &self.evaluator.kind)
            .field("realm", &self.ctx.is_some())
            .finish_non_exhaustive()
    }
}

/// Case-insensitive edit distance small enough to call a name a near miss of `target`.
fn near_miss(word: &str, target: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (
        word.to_lowercase().chars().collect(),
        target.to_lowercase().chars().collect(),
    );
    if a.len().abs_diff(b.len()) > 2 {
        return false;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev
                .get(j)
                .copied()
                .unwrap_or(usize::MAX)
                .saturating_add(usize::from(ca != cb));
            let del = prev
                .get(j + 1)
                .copied()
                .unwrap_or(usize::MAX)
                .saturating_add(1);
            let ins = cur.get(j).copied().unwrap_or(usize::MAX).saturating_add(1);
            cur.push(sub.min(del).min(ins));
        }
        prev = cur;
    }
    prev.last().is_some_and(|d| *d <= 2)
}

impl PacEngine {
    /// Compiles `source` in `env` with default [`Limits`].
    pub fn new(source: &str, env: &PacEnv) -> Result<Self, PacError> {
        Self::with_limits(source, env, Limits::default())
    }

    /// Compiles `source` in `env` with `limits`.
    pub fn with_limits(source: &str, env: &PacEnv, limits: Limits) -> Result<Self, PacError> {
        Self::build(source, env, limits, true)
    }

    /// Like [`Self::with_limits`] but always in boa, never the native evaluator (for the
    /// differential tests and the benchmark's "before" figure).
    pub fn boa_only(source: &str, env: &PacEnv, limits: Limits) -> Result<Self, PacError> {
        Self::build(source, env, limits, false)
    }

    fn build(
        source: &str,
        env: &PacEnv,
        limits: Limits,
        allow_fast: bool,
    ) -> Result<Self, PacError> {
        let (env_data, echo) = prepare(env)?;
        let mut program = Program::new(source, &env.macros, limits.max_nesting)?;
        let client = env_data.client;
        let shared = Rc::new(Shared {
            env: env_data,
            limits,
            rec: RefCell::new(Recorder::default()),
        });
        // Freed right after compiling, before boa (if it runs the PAC) builds its own.
        let parsed = program.take_parsed();
        // A budget of zero returns makes the first `return` a limit error: only boa reports it.
        let compiled = if !allow_fast {
            Err(fast::Fallback {
                what: "the native evaluator was turned off".into(),
                line: None,
            })
        } else if limits.iterations_per_url == 0 {
            Err(fast::Fallback {
                what: "the iteration limit is 0".into(),
                line: None,
            })
        } else {
            fast::compile(
                program.run_text(),
                parsed.as_deref(),
                client,
                program.instrumented(),
            )
        };
        drop(parsed);
        let fallback = match compiled {
            Ok(c) => {
                // No realm: the fast path needs none, and boa is started only if a URL needs it.
                return Ok(Self {
                    entry: c.entry,
                    program,
                    shared,
                    ctx: None,
                    echo,
                    fast: Some(c),
                    json: JsonParts::default(),
                    evaluator: PacEvaluator {
                        kind: EvaluatorKind::NativeSubset,
                        fallback_reason: None,
                        boa_urls: 0,
                        boa_url_reason: None,
                    },
                });
            }
            Err(f) => f,
        };
        let fallback_reason = match fallback.line.and_then(|l| program.run_pos(l, 1)) {
            Some(pos) => format!("line {}: {}", pos.line, fallback.what),
            None => fallback.what,
        };
        let ctx = match Self::start(&program, &shared) {
            Err(PacError::Syntax { .. }) if program.instrumented() => {
                // Our instrumentation produced something boa rejects: run the PAC as written.
                program.disable_instrumentation();
                Self::start(&program, &shared)?
            }
            other => other?,
        };
        let mut engine = Self {
            program,
            shared,
            ctx: Some(ctx),
            entry: ENTRY,
            echo,
            fast: None,
            json: JsonParts::default(),
            evaluator: PacEvaluator {
                kind: EvaluatorKind::Boa,
                fallback_reason: Some(fallback_reason),
                boa_urls: 0,
                boa_url_reason: None,
            },
        };
        engine.entry = engine.find_entry()?;
        Ok(engine)
    }

    /// A new context with the PAC loaded (top-level code run).
    fn start(program: &Program, shared: &Rc<Shared>) -> Result<Context, PacError> {
        let mut ctx = new_context(shared, program.instrumented())?;
        shared.rec.borrow_mut().reset();
        if let Err(e) = load(&mut ctx, program.run_text()) {
            return Err(Self::classify(program, shared, &e, &mut ctx));
        }
        Ok(ctx)
    }

    /// Turns a boa error into a [`PacError`] with the original position.
    fn classify(
        program: &Program,
        shared: &Shared,
        e: &boa_engine::JsError,
        ctx: &mut Context,
    ) -> PacError {
        let (message, at) = describe(e, ctx);
        let pos = at.and_then(|(l, c)| program.run_pos(l, c));
        let rec = shared.rec.borrow();
        if let Some(msg) = &rec.too_deep {
            return PacError::TooDeep {
                message: msg.clone(),
                pos,
            };
        }
        if let Some(engine_err) = e.as_engine() {
            let message = match (&rec.limit, engine_err) {
                (Some(ours), _) => ours.clone(),
                (None, boa_engine::error::EngineError::RuntimeLimit(kind)) => {
                    use boa_engine::error::RuntimeLimitError as R;
                    let l = shared.limits;
                    match kind {
                        R::LoopIteration => format!(
                            "loop limit: more than {} iterations of one loop in one call",
                            l.loop_iterations
                        ),
                        R::Recursion => {
                            format!("recursion limit: more than {} nested calls", l.recursion)
                        }
                        R::StackSize => format!(
                            "stack limit: more than {} values on the stack",
                            l.stack_size
                        ),
                    }
                }
                (None, _) => format!("internal engine error: {message}"),
            };
            return PacError::LimitExceeded { message, pos };
        }
        if message.starts_with("SyntaxError") {
            return PacError::Syntax { message, pos };
        }
        PacError::Runtime { message, pos }
    }

    /// Chooses the entry point for the client profile, or explains why there is none.
    fn find_entry(&mut self) -> Result<&'static str, PacError> {
        let Some(ctx) = self.ctx.as_mut() else {
            return Err(PacError::NoEntryPoint("no context".into()));
        };
        let global = ctx.global_object();
        let mut callable = |name: &str| {
            global
                .get(boa_engine::JsString::from(name), ctx)
                .is_ok_and(|v| v.is_callable())
        };
        let has = callable(ENTRY);
        let has_ex = callable(ENTRY_EX);
        let client = self.shared.env.client;
        if client == ClientProfile::Winhttp && has_ex {
            return Ok(ENTRY_EX);
        }
        if has {
            return Ok(ENTRY);
        }
        let mut msg = format!("the PAC defines no function {ENTRY}(url, host)");
        if has_ex {
            msg.push_str(&format!(
                "; it defines only {ENTRY_EX}, which only Windows (WinHTTP) calls: choose the winhttp client profile"
            ));
        }
        let lexical: Vec<&String> = self
            .program
            .lexical_top
            .iter()
            .filter(|n| *n == ENTRY || *n == ENTRY_EX)
            .collect();
        if !lexical.is_empty() {
            msg.push_str(&format!(
                "; {ENTRY} is declared with let/const, which does not create the global property browsers look up: declare it with `function` or `var`"
            ));
        }
        let misses: Vec<&String> = self
            .program
            .words
            .iter()
            .filter(|w| w.as_str() != ENTRY && w.as_str() != ENTRY_EX)
            .filter(|w| near_miss(w, ENTRY) || near_miss(w, ENTRY_EX))
            .collect();
        if !misses.is_empty() {
            let names: Vec<String> = misses.iter().map(|m| format!("{m:?}")).collect();
            msg.push_str(&format!(
                "; did you mean {ENTRY}? found {} (names are case-sensitive)",
                names.join(", ")
            ));
        }
        Err(PacError::NoEntryPoint(msg))
    }

    /// Which evaluator answers, and why boa when it is boa.
    pub fn evaluator(&self) -> &PacEvaluator {
        &self.evaluator
    }

    /// The entry point called for each URL.
    pub fn entry_point(&self) -> &'static str {
        self.entry
    }

    /// No JavaScript of the PAC has run (no boa realm): evaluating now gives exactly what a
    /// freshly compiled engine gives.
    pub fn pristine(&self) -> bool {
        self.ctx.is_none()
    }

    /// The environment with defaults filled in.
    pub fn env(&self) -> &PacEnv {
        &self.echo
    }

    /// Evaluates one URL (host derived from it).
    pub fn eval_url(&mut self, url: &str) -> UrlResult {
        self.eval_input(&UrlInput {
            url: url.to_string(),
            host: None,
        })
    }

    /// Evaluates one URL with an optional host override.
    pub fn eval_input(&mut self, input: &UrlInput) -> UrlResult {
        match self.begin(input) {
            Begun::Done(res) => res,
            Begun::Call(res) => {
                let answer = self.call(&res.pac_url, &res.host);
                self.finish(res, answer)
            }
        }
    }

    /// The result row before the PAC is called: `Done` when no call is needed (a bad URL,
    /// an implicit bypass), else the row with the URL, host, PAC URL and URL warnings.
    fn begin(&self, input: &UrlInput) -> Begun {
        let client = self.shared.env.client;
        let mut res = row(
            input.url.clone(),
            input.host.clone().unwrap_or_default(),
            input.url.clone(),
            Vec::new(),
        );
        let prep = match url::prepare(
            &input.url,
            input.host.as_deref(),
            client,
            self.shared.env.keep_url,
        ) {
            Ok(p) => p,
            Err(e) => {
                res.error = Some(e.to_info());
                return Begun::Done(res);
            }
        };
        res.host = prep.host;
        res.pac_url = prep.pac_url;
        res.warnings = prep.warnings;
        if let Some(reason) = prep.implicit_bypass {
            res.entries.push(ProxyEntry {
                kind: "DIRECT".into(),
                host: None,
                port: None,
                raw: "DIRECT".into(),
                problem: None,
            });
            res.bypass = true;
            res.bypass_reason = Some(reason);
            return Begun::Done(res);
        }
        Begun::Call(res)
    }

    /// Completes a row begun by [`Self::begin`] with the PAC's answer and what was recorded.
    fn finish(&self, mut res: UrlResult, answer: Result<String, PacError>) -> UrlResult {
        match answer {
            Ok(answer) => self.fill(&mut res, answer),
            Err(e) => res.error = Some(e.to_info()),
        }
        self.collect(&mut res);
        res
    }

    /// Calls the entry point; re-creates the context first if a limit broke it.
    fn call(&mut self, pac_url: &str, host: &str) -> Result<String, PacError> {
        if let Some(compiled) = &self.fast {
            self.shared.rec.borrow_mut().reset();
            match fast::run(compiled, &self.shared, pac_url, host) {
                Ok(v) => return self.convert_fast(v),
                Err(bail) => {
                    // This URL meets a case the subset does not model exactly: boa decides.
                    self.evaluator.boa_urls = self.evaluator.boa_urls.saturating_add(1);
                    self.evaluator
                        .boa_url_reason
                        .get_or_insert_with(|| bail.0.to_string());
                }
            }
        }
        let mut ctx = match self.ctx.take() {
            Some(c) => c,
            None => Self::start(&self.program, &self.shared)?,
        };
        self.shared.rec.borrow_mut().reset();
        let outcome = Self::invoke(&mut ctx, self.entry, pac_url, host);
        let out = match outcome {
            Ok(v) => self.convert(&v),
            Err(e) => {
                let err = Self::classify(&self.program, &self.shared, &e, &mut ctx);
                if matches!(
                    err,
                    PacError::LimitExceeded { .. } | PacError::TooDeep { .. }
                ) {
                    // The context may be mid-way through anything: start afresh for the next URL.
                    return Err(err);
                }
                Err(err)
            }
        };
        self.ctx = Some(ctx);
        out
    }

    /// Looks the function up on the global object and calls it with JavaScript values.
    fn invoke(
        ctx: &mut Context,
        entry: &str,
        pac_url: &str,
        host: &str,
    ) -> boa_engine::JsResult<JsValue> {
        let f = ctx
            .global_object()
            .get(boa_engine::JsString::from(entry), ctx)?;
        let Some(func) = f.as_callable() else {
            return Err(boa_engine::JsNativeError::typ()
                .with_message(format!("{entry} is no longer a function"))
                .into());
        };
        func.call(&JsValue::undefined(), &[js_str(pac_url), js_str(host)], ctx)
    }

    /// The error for an answer of `len` UTF-16 code units, if over the limit.
    fn too_long(&self, len: usize) -> Option<PacError> {
        let max = self.shared.limits.max_result_len;
        (len > max).then(|| PacError::LimitExceeded {
            message: format!("the answer is {len} characters long; the limit is {max}"),
            pos: None,
        })
    }

    /// [`Self::convert`] for the native evaluator's value.
    fn convert_fast(&self, v: fast::Value) -> Result<String, PacError> {
        match v {
            fast::Value::Str(s) => match self.too_long(s.encode_utf16().count()) {
                Some(e) => Err(e),
                None => Ok(s.to_string()),
            },
            other => Err(self.bad_return(other.type_of(), matches!(other, fast::Value::Null))),
        }
    }

    /// A return value that is not a string.
    fn bad_return(&self, type_of: &str, is_null: bool) -> PacError {
        PacError::BadReturn(format!(
            "{} returned {} instead of a string; Chromium treats this as a PAC failure and connects DIRECT",
            self.entry,
            match type_of {
                "undefined" => "undefined (no return statement reached?)".to_string(),
                "object" if is_null => "null".to_string(),
                t => format!("a value of type {t}"),
            }
        ))
    }

    /// Checks the return value: browsers accept only a primitive string.
    fn convert(&self, v: &JsValue) -> Result<String, PacError> {
        if let Some(s) = v.as_string() {
            if let Some(e) = self.too_long(s.len()) {
                return Err(e);
            }
            return Ok(s.to_std_string_lossy());
        }
        if v.is_promise() {
            return Err(PacError::Unsupported(format!(
                "{} returned a Promise (async function): PAC clients call it synchronously and do not wait",
                self.entry
            )));
        }
        Err(self.bad_return(v.type_of(), v.is_null()))
    }

    /// Fills the analysis of a successful answer.
    fn fill(&self, res: &mut UrlResult, answer: String) {
        let a = analyze(&answer);
        res.warnings.extend(self.answer_warnings(&answer, &a));
        res.entries = a.entries;
        res.primary = a.primary;
        res.secondary = a.secondary;
        res.bypass = a.bypass;
        res.bypass_reason = a.bypass_reason;
        res.fallback_direct = a.fallback_direct;
        res.result = Some(answer);
    }

    /// The warnings an answer gets whatever the URL: unbound macros, malformed entries,
    /// nothing usable (in this order).
    fn answer_warnings(&self, answer: &str, a: &Analysis) -> Vec<String> {
        let mut warnings = Vec::new();
        let unbound = macros::unbound_in(answer, &self.echo.macros);
        if !unbound.is_empty() {
            let names: Vec<String> = unbound.iter().map(|n| format!("${{{n}}}")).collect();
            warnings.push(format!(
                "the answer contains unbound macro(s) {}: the PAC server would substitute them; bind them to see real proxies",
                names.join(", ")
            ));
        }
        warnings.extend(a.warnings.iter().cloned());
        if a.bypass_reason.is_some() {
            warnings.push("no usable entry: browsers fall back to DIRECT".into());
        }
        warnings
    }

    /// Moves what the helpers recorded into the result.
    fn collect(&self, res: &mut UrlResult) {
        let mut rec = self.shared.rec.borrow_mut();
        res.dns_lookups = std::mem::take(&mut rec.lookups);
        res.alerts = std::mem::take(&mut rec.alerts);
        if rec.alerts_dropped > 0 {
            res.warnings.push(format!(
                "{} more alert() messages were dropped",
                rec.alerts_dropped
            ));
        }
        if rec.lookups_dropped > 0 {
            res.warnings.push(format!(
                "{} more DNS lookups were not recorded",
                rec.lookups_dropped
            ));
        }
        res.warnings.append(&mut rec.notes);
        if res.error.is_none() {
            res.rule = rec
                .best_mark
                .and_then(|(id, _)| self.program.returns.get(id))
                .cloned();
        }
    }

    /// [`Self::report`] of `urls` as the JSON text `serde_json` makes of it, byte for byte,
    /// written in one buffer with the answer-dependent parts of each row made once per
    /// distinct answer. The evaluator's URL counts start from zero for this call.
    pub fn report_json(&mut self, urls: &[String]) -> Result<String, serde_json::Error> {
        self.evaluator.boa_urls = 0;
        self.evaluator.boa_url_reason = None;
        // 550–1,100 bytes per row for the small real PACs: one allocation for most batches
        // (growing copies the whole text, and in wasm grows the memory).
        let mut out = String::with_capacity(1024 + urls.len().saturating_mul(1024));
        out.push_str("{\"env\":");
        serde_json::to_writer(Text(&mut out), &self.echo)?;
        out.push_str(",\"entry_point\":");
        serde_json::to_writer(Text(&mut out), self.entry)?;
        out.push_str(",\"macros\":");
        serde_json::to_writer(Text(&mut out), &self.program.facts.macros)?;
        out.push_str(",\"results\":[");
        for (i, u) in urls.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            self.write_row(u, &mut out)?;
        }
        out.push_str("],\"error\":null,\"warnings\":");
        serde_json::to_writer(Text(&mut out), &self.program.facts.warnings)?;
        out.push_str(",\"evaluator\":");
        serde_json::to_writer(Text(&mut out), &self.evaluator)?;
        out.push('}');
        Ok(out)
    }

    /// Writes the JSON of [`Self::eval_url`]`(url)`.
    fn write_row(&mut self, url: &str, out: &mut String) -> Result<(), serde_json::Error> {
        let client = self.shared.env.client;
        let prep = match url::prepare(url, None, client, self.shared.env.keep_url) {
            Ok(p) if p.implicit_bypass.is_none() => p,
            // A bad URL or an implicit bypass: no PAC call, rare; the general path.
            _ => return serde_json::to_writer(Text(out), &self.eval_url(url)),
        };
        let answer = match self.call(&prep.pac_url, &prep.host) {
            Ok(a) => a,
            Err(e) => {
                let res = row(url.to_string(), prep.host, prep.pac_url, prep.warnings);
                return serde_json::to_writer(Text(out), &self.finish(res, Err(e)));
            }
        };
        let part = self.answer_json(answer)?;
        out.push_str("{\"url\":");
        serde_json::to_writer(Text(out), url)?;
        out.push_str(",\"host\":");
        serde_json::to_writer(Text(out), &prep.host)?;
        out.push_str(",\"pac_url\":");
        serde_json::to_writer(Text(out), &prep.pac_url)?;
        out.push(',');
        out.push_str(&part.fields);
        out.push_str(",\"rule\":");
        let rec = self.shared.rec.borrow();
        match rec.best_mark.map(|(id, _)| id) {
            Some(id) if id < self.program.returns.len() => {
                if self.json.rules.len() < self.program.returns.len() {
                    self.json.rules.resize(self.program.returns.len(), None);
                }
                match self.json.rules.get_mut(id) {
                    Some(Some(text)) => out.push_str(text),
                    Some(slot) => {
                        let text = serde_json::to_string(&self.program.returns.get(id))?;
                        out.push_str(&text);
                        *slot = Some(text);
                    }
                    None => out.push_str("null"),
                }
            }
            _ => out.push_str("null"),
        }
        out.push_str(",\"dns_lookups\":");
        serde_json::to_writer(Text(out), &rec.lookups)?;
        out.push_str(",\"alerts\":");
        serde_json::to_writer(Text(out), &rec.alerts)?;
        // The order of `begin`, `fill` and `collect`.
        out.push_str(",\"warnings\":[");
        let mut first = true;
        let mut warn = |out: &mut String, w: &str| {
            if !first {
                out.push(',');
            }
            first = false;
            serde_json::to_writer(Text(out), w)
        };
        for w in prep.warnings.iter().chain(&part.warnings) {
            warn(out, w)?;
        }
        if rec.alerts_dropped > 0 {
            let w = format!("{} more alert() messages were dropped", rec.alerts_dropped);
            warn(out, &w)?;
        }
        if rec.lookups_dropped > 0 {
            let w = format!("{} more DNS lookups were not recorded", rec.lookups_dropped);
            warn(out, &w)?;
        }
        for w in &rec.notes {
            warn(out, w)?;
        }
        out.push_str("],\"error\":null}");
        Ok(())
    }

    /// The answer's fields and warnings, from the cache or made (and kept) now.
    fn answer_json(&mut self, answer: String) -> Result<Rc<AnswerJson>, serde_json::Error> {
        if let Some(part) = self.json.answers.get(&answer) {
            return Ok(Rc::clone(part));
        }
        let a = analyze(&answer);
        let warnings = self.answer_warnings(&answer, &a);
        let mut fields = serde_json::to_string(&AnswerFields {
            result: Some(&answer),
            entries: &a.entries,
            primary: a.primary.as_deref(),
            secondary: a.secondary.as_deref(),
            bypass: a.bypass,
            bypass_reason: a.bypass_reason.as_deref(),
            fallback_direct: a.fallback_direct,
        })?;
        // `{…}` → `…`: the fields go inside the row's object.
        fields.pop();
        fields.remove(0);
        let part = Rc::new(AnswerJson { fields, warnings });
        if self.json.answers.len() < MAX_CACHED_ANSWERS {
            self.json.answers.insert(answer, Rc::clone(&part));
        }
        Ok(part)
    }

    /// The report for `results` evaluated by this engine.
    pub fn report(&self, results: Vec<UrlResult>) -> PacReport {
        PacReport {
            env: self.echo.clone(),
            entry_point: Some(self.entry.to_string()),
            macros: self.program.facts.macros.clone(),
            results,
            error: None,
            warnings: self.program.facts.warnings.clone(),
            evaluator: Some(self.evaluator.clone()),
        }
    }
}

/// The report when the PAC (or the environment) is unusable.
pub(crate) fn failed_report(source: &str, env: &PacEnv, err: &PacError) -> PacReport {
    let echo = prepare(env).map_or_else(
        |_| {
            let mut e = env.clone();
            e.tz.get_or_insert_with(|| "UTC".to_string());
            e
        },
        |(_, echo)| echo,
    );
    let lines = LineIndex::new(source);
    let f = facts(source, &lines, &tokenize(source), &env.macros);
    PacReport {
        env: echo,
        entry_point: None,
        macros: f.macros,
        results: Vec::new(),
        error: Some(err.to_info()),
        warnings: f.warnings,
        evaluator: None,
    }
}

#[cfg(test)]
mod tests {
    use super::near_miss;

    #[test]
    fn near_misses() {
        assert!(near_miss("FindProxyForUrl", "FindProxyForURL"));
        assert!(near_miss("findproxyforurl", "FindProxyForURL"));
        assert!(near_miss("FindProxyForURI", "FindProxyForURL"));
        assert!(!near_miss("FindProxy", "FindProxyForURL"));
        assert!(!near_miss("isInNet", "FindProxyForURL"));
    }
}
