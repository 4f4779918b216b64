//! PAC engine throughput without the CLI around it: compiles the PAC once, evaluates every URL.
//! Used by `bench/run.mjs` (the "netdiag native engine" row).
//!
//! `cargo run -p netdiag-pac --example bench --profile release-native -- PAC URLS_FILE ENV_JSON`
//! prints one JSON line: `{"urls":N,"compile_ms":..,"eval_ms":..,"urls_per_s":..,"answers":[..]}`.

use std::time::Instant;

use netdiag_core::pac::PacEnv;
use netdiag_pac::PacEngine;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(pac), Some(urls), Some(env)) = (args.next(), args.next(), args.next()) else {
        return Err("usage: bench PAC URLS_FILE ENV_JSON".into());
    };
    let source = std::fs::read_to_string(&pac)?;
    let urls: Vec<String> = std::fs::read_to_string(&urls)?
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    let env: PacEnv = serde_json::from_str(&std::fs::read_to_string(&env)?)?;

    let t0 = Instant::now();
    let mut engine = PacEngine::new(&source, &env)?;
    let compile = t0.elapsed();
    let t1 = Instant::now();
    let answers: Vec<Option<String>> = urls.iter().map(|u| engine.eval_url(u).result).collect();
    let eval = t1.elapsed();

    let secs = eval.as_secs_f64().max(1e-9);
    let out = serde_json::json!({
        "urls": urls.len(),
        "compile_ms": compile.as_secs_f64() * 1000.0,
        "eval_ms": secs * 1000.0,
        "urls_per_s": urls.len() as f64 / secs,
        "answers": answers,
    });
    println!("{out}");
    Ok(())
}
