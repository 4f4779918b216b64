//! PAC engine throughput without the CLI around it: compiles the PAC once, evaluates every URL.
//! Used by `bench/run.mjs` (the "netdiag native engine" row).
//!
//! `cargo run -p netdiag-pac --example bench --profile release-native -- PAC URLS_FILE ENV_JSON [--compare]`
//! prints one JSON line: `{"urls":N,"compile_ms":..,"eval_ms":..,"urls_per_s":..,"evaluator":..,"answers":[..]}`.
//! With `--compare` it also runs the same URLs in boa only (the engine before the native
//! subset evaluator), checks that every `UrlResult` is identical, and adds `boa_urls_per_s`
//! and `speedup`.
//! With `--report` it also times what the page's `evaluatePacJson` does per call: the whole
//! report as JSON text, through `serde_json` of `evaluate`'s report (`report_serde_ms`, the
//! path before issue 7's batch work) and through `evaluate_json` (`report_json_ms`, checked
//! to be the same text), each including the compile; `report_urls_per_s` is the latter's rate.

use std::time::{Duration, Instant};

use netdiag_core::pac::{PacEnv, UrlResult};
use netdiag_pac::{Limits, PacEngine};

/// The engine, compile time, evaluation time and every result.
type Timed = (PacEngine, Duration, Duration, Vec<UrlResult>);

/// Compile time, evaluation time and every result.
fn timed(
    engine: Result<PacEngine, netdiag_pac::PacError>,
    t0: Instant,
    urls: &[String],
) -> Result<Timed, Box<dyn std::error::Error>> {
    let mut engine = engine?;
    let compile = t0.elapsed();
    let t1 = Instant::now();
    let results: Vec<UrlResult> = urls.iter().map(|u| engine.eval_url(u)).collect();
    Ok((engine, compile, t1.elapsed(), results))
}

#[allow(clippy::cast_precision_loss)]
fn rate(n: usize, d: Duration) -> f64 {
    n as f64 / d.as_secs_f64().max(1e-9)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(pac), Some(urls), Some(env)) = (args.next(), args.next(), args.next()) else {
        return Err("usage: bench PAC URLS_FILE ENV_JSON [--compare]".into());
    };
    let flags: Vec<String> = args.collect();
    let compare = flags.iter().any(|f| f == "--compare");
    let with_report = flags.iter().any(|f| f == "--report");
    let source = std::fs::read_to_string(&pac)?;
    let urls: Vec<String> = std::fs::read_to_string(&urls)?
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    let env: PacEnv = serde_json::from_str(&std::fs::read_to_string(&env)?)?;

    let t0 = Instant::now();
    let (engine, compile, eval, results) = timed(PacEngine::new(&source, &env), t0, &urls)?;
    let answers: Vec<Option<&String>> = results.iter().map(|r| r.result.as_ref()).collect();
    let mut out = serde_json::json!({
        "urls": urls.len(),
        "compile_ms": compile.as_secs_f64() * 1000.0,
        "eval_ms": eval.as_secs_f64() * 1000.0,
        "urls_per_s": rate(urls.len(), eval),
        "evaluator": engine.evaluator(),
        "answers": answers,
    });
    if compare {
        let t0 = Instant::now();
        let (_, boa_compile, boa_eval, boa_results) = timed(
            PacEngine::boa_only(&source, &env, Limits::default()),
            t0,
            &urls,
        )?;
        if let Some((i, _)) = results
            .iter()
            .zip(&boa_results)
            .enumerate()
            .find(|(_, (a, b))| a != b)
        {
            return Err(format!(
                "native and boa results differ for {}",
                urls.get(i).map_or("?", String::as_str)
            )
            .into());
        }
        out["boa_compile_ms"] = serde_json::json!(boa_compile.as_secs_f64() * 1000.0);
        out["boa_urls_per_s"] = serde_json::json!(rate(urls.len(), boa_eval));
        out["speedup"] = serde_json::json!(boa_eval.as_secs_f64() / eval.as_secs_f64().max(1e-9));
    }
    if with_report {
        let t0 = Instant::now();
        let via_serde = serde_json::to_string(&netdiag_pac::evaluate(&source, &urls, &env))?;
        let serde_took = t0.elapsed();
        let t1 = Instant::now();
        let via_json = netdiag_pac::evaluate_json(&source, &urls, &env)?;
        let json_took = t1.elapsed();
        if via_serde != via_json {
            return Err("evaluate_json printed another text than serde_json".into());
        }
        out["report_serde_ms"] = serde_json::json!(serde_took.as_secs_f64() * 1000.0);
        out["report_json_ms"] = serde_json::json!(json_took.as_secs_f64() * 1000.0);
        out["report_bytes"] = serde_json::json!(via_json.len());
        out["report_urls_per_s"] = serde_json::json!(rate(urls.len(), json_took));
    }
    println!("{out}");
    Ok(())
}
