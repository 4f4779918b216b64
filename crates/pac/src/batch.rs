//! The page's batch path: reports as JSON text, and the last compiled PAC kept between the
//! calls (chunks) of one batch.
//!
//! Why: the page evaluates a list of URLs as a series of calls so it can enforce time budgets
//! from outside the Worker (issue 8). Without a cache every call re-parsed the environment
//! (a DNS table of hundreds of hosts: ~2 ms in wasm) and re-compiled the PAC (seconds for a
//! large PAC that boa runs), once per chunk (issue 7).

use netdiag_core::pac::PacEnv;

use crate::{PacEngine, pac_engine};

/// One compiled PAC, reused by the next call with the same source and environment text when
/// reusing it cannot change an answer: either the call continues the same batch (the PAC's
/// global state carries on, as in one call over all the URLs), or no JavaScript of the PAC
/// has run yet (the native evaluator answered everything, or boa's realm was dropped after a
/// limit): then the engine is exactly as freshly compiled.
#[derive(Debug, Default)]
pub struct EngineCache {
    last: Option<Entry>,
}

#[derive(Debug)]
struct Entry {
    source: String,
    env_key: String,
    batch: Option<u32>,
    engine: PacEngine,
}

/// How [`EngineCache::evaluate_json`] fails: the environment text is not a `PacEnv` (the
/// message of `parse_env`), or the report could not be written.
#[derive(Debug)]
pub enum BatchError {
    /// `parse_env` failed with this message.
    Env(String),
    /// serde_json failed (not expected: every type serialises).
    Json(serde_json::Error),
}

impl EngineCache {
    /// The report JSON of `urls` (exactly `serde_json::to_string(&evaluate(..))`).
    /// `env_key` is the environment's text and `parse_env` turns it into a [`PacEnv`] (only on
    /// a miss); `batch` names the batch this call belongs to (`None`: a call on its own).
    pub fn evaluate_json(
        &mut self,
        source: &str,
        env_key: &str,
        parse_env: impl FnOnce(&str) -> Result<PacEnv, String>,
        urls: &[String],
        batch: Option<u32>,
    ) -> Result<String, BatchError> {
        let reusable = self.last.as_ref().is_some_and(|e| {
            e.source == source
                && e.env_key == env_key
                && ((batch.is_some() && e.batch == batch) || e.engine.pristine())
        });
        let entry = if reusable && let Some(entry) = self.last.as_mut() {
            entry
        } else {
            // Dropped first: a batch of a large PAC should not hold two realms at once.
            self.last = None;
            let env = parse_env(env_key).map_err(BatchError::Env)?;
            let engine = match PacEngine::new(source, &env) {
                Ok(engine) => engine,
                // Not kept: the page stops a batch at the first report with an error.
                Err(e) => {
                    return serde_json::to_string(&pac_engine::failed_report(source, &env, &e))
                        .map_err(BatchError::Json);
                }
            };
            self.last.insert(Entry {
                source: source.to_string(),
                env_key: env_key.to_string(),
                batch,
                engine,
            })
        };
        entry.batch = batch;
        entry.engine.report_json(urls).map_err(BatchError::Json)
    }

    /// Forgets the compiled PAC.
    pub fn clear(&mut self) {
        self.last = None;
    }
}

/// [`crate::evaluate`] as the JSON text `serde_json` makes of its report, written faster.
pub fn evaluate_json(
    source: &str,
    urls: &[String],
    env: &PacEnv,
) -> Result<String, serde_json::Error> {
    match PacEngine::new(source, env) {
        Ok(mut engine) => engine.report_json(urls),
        Err(e) => serde_json::to_string(&pac_engine::failed_report(source, env, &e)),
    }
}
