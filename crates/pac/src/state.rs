//! State shared between the engine and the native helpers: the environment, the limits and
//! what happened during the current URL (DNS lookups, alerts, the deciding `return`, budget).

use std::cell::RefCell;
use std::rc::Rc;

use boa_engine::{Context, JsError, JsNativeError, JsResult};
use netdiag_core::pac::DnsLookup;

use crate::Limits;
use crate::env::Env;

/// Everything a helper needs; stored in the boa `Context` as `Rc<Shared>`.
#[derive(Debug)]
pub(crate) struct Shared {
    pub env: Env,
    pub limits: Limits,
    pub rec: RefCell<Recorder>,
}

/// Per-URL recording. Reset before each call.
#[derive(Debug, Default)]
pub(crate) struct Recorder {
    pub lookups: Vec<DnsLookup>,
    pub lookups_dropped: usize,
    pub alerts: Vec<String>,
    pub alerts_dropped: usize,
    /// `(mark id, call depth)` of the deciding return so far.
    pub best_mark: Option<(usize, usize)>,
    pub ticks: u64,
    /// Set when a budget check of ours stopped the script (boa's own limits are reported by boa).
    pub limit: Option<String>,
    /// Set when code compiled at run time (`eval`, `new Function`) was nested too deeply.
    pub too_deep: Option<String>,
    /// Helper notes for this URL (e.g. a time range that can never match in browsers).
    pub notes: Vec<String>,
    pub budget: Budget,
}

impl Recorder {
    /// Clears everything for a new URL.
    pub(crate) fn reset(&mut self) {
        self.lookups.clear();
        self.lookups_dropped = 0;
        self.alerts.clear();
        self.alerts_dropped = 0;
        self.best_mark = None;
        self.ticks = 0;
        self.limit = None;
        self.too_deep = None;
        self.notes.clear();
        self.budget = Budget::start();
    }

    /// Adds a note once.
    pub(crate) fn note(&mut self, text: String) {
        if !self.notes.contains(&text) {
            self.notes.push(text);
        }
    }
}

/// Wall clock and memory watch for one URL. Only native builds have a clock (std's `Instant`
/// panics on wasm32-unknown-unknown); the wasm build watches linear memory instead.
#[derive(Debug, Default)]
pub(crate) struct Budget {
    #[cfg(not(target_arch = "wasm32"))]
    started: Option<std::time::Instant>,
    #[cfg(not(target_arch = "wasm32"))]
    last_check: Option<std::time::Instant>,
    memory_base: Option<usize>,
}

impl Budget {
    fn start() -> Self {
        Self {
            #[cfg(not(target_arch = "wasm32"))]
            started: Some(std::time::Instant::now()),
            #[cfg(not(target_arch = "wasm32"))]
            last_check: None,
            memory_base: None,
        }
    }

    /// Checks time and memory; returns the reason to stop, if any.
    fn check(&mut self, limits: &Limits) -> Option<String> {
        #[cfg(not(target_arch = "wasm32"))]
        {
            let now = std::time::Instant::now();
            // Reading memory use costs a system call: do it at most every 5 ms. A memory bomb
            // doubles a string per iteration, so its iterations soon take longer than that.
            if self
                .last_check
                .is_some_and(|t| now.duration_since(t) < std::time::Duration::from_millis(5))
            {
                return None;
            }
            self.last_check = Some(now);
            if let Some(start) = self.started {
                let ms = now.duration_since(start).as_millis();
                if ms > u128::from(limits.max_millis_per_url) {
                    return Some(format!(
                        "time limit: the PAC ran longer than {} ms for this URL",
                        limits.max_millis_per_url
                    ));
                }
            }
        }
        let now = memory_in_use()?;
        let Some(base) = self.memory_base else {
            self.memory_base = Some(now);
            return None;
        };
        let grown = now.saturating_sub(base);
        (grown > limits.max_memory_growth).then(|| {
            format!(
                "memory limit: the PAC allocated more than {} MiB for this URL",
                limits.max_memory_growth / (1024 * 1024)
            )
        })
    }
}

/// Bytes of memory in use, where it can be measured cheaply and safely.
#[cfg(target_arch = "wasm32")]
fn memory_in_use() -> Option<usize> {
    Some(core::arch::wasm32::memory_size::<0>() * 65_536)
}

/// Bytes of memory in use, where it can be measured cheaply and safely.
#[cfg(all(not(target_arch = "wasm32"), target_os = "linux"))]
fn memory_in_use() -> Option<usize> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let resident: usize = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(resident * 4096)
}

/// Bytes of memory in use, where it can be measured cheaply and safely.
#[cfg(all(not(target_arch = "wasm32"), not(target_os = "linux")))]
fn memory_in_use() -> Option<usize> {
    None
}

/// The shared state of the running context.
pub(crate) fn shared(ctx: &Context) -> JsResult<Rc<Shared>> {
    ctx.get_data::<Rc<Shared>>().cloned().ok_or_else(|| {
        JsError::from(JsNativeError::error().with_message("netdiag: helper state missing"))
    })
}

/// One loop iteration or `return`: counts against the URL's budget and checks time and memory.
/// The error it returns is a boa runtime-limit error, which PAC code cannot catch.
pub(crate) fn tick(sh: &Shared) -> JsResult<()> {
    let mut rec = sh.rec.borrow_mut();
    rec.ticks += 1;
    let reason = if rec.ticks > sh.limits.iterations_per_url {
        Some(format!(
            "iteration limit: more than {} loop iterations and returns for this URL",
            sh.limits.iterations_per_url
        ))
    } else {
        let limits = sh.limits;
        rec.budget.check(&limits)
    };
    match reason {
        None => Ok(()),
        Some(r) => {
            rec.limit = Some(r);
            Err(boa_engine::error::RuntimeLimitError::LoopIteration.into())
        }
    }
}
