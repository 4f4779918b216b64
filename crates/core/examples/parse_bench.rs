//! Parse throughput without the CLI around it (no JSON output): reads each file, parses it a few
//! times and prints MB/s. Used by `bench/run.mjs` (the "netdiag native parser" row).
//!
//! `cargo run -p netdiag-core --example parse_bench --profile release-native -- FILE...`
//! prints one JSON line per file: `{"file":..,"bytes":..,"blocks":..,"best_ms":..,"mb_per_s":..}`.
//! With `--json-hash`, each line also carries the length and FNV-1a 64 hash of the report's
//! JSON (`json_len`, `json_fnv`), to check that a faster parser gives byte-identical output.

use std::time::Instant;

pub fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let json_hash = args.iter().any(|a| a == "--json-hash");
    let files: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    if files.is_empty() {
        return Err("usage: parse_bench FILE...".into());
    }
    for file in files {
        let text = std::fs::read_to_string(file)?;
        let mut best = f64::INFINITY;
        let mut best_detect = f64::INFINITY;
        let mut blocks = 0;
        // Best of three: the machine is shared, the minimum is the least disturbed run. Each
        // report is dropped before the next run, so runs 2 and 3 reuse the heap (measured: a
        // run into fresh memory, as in a new process, pays ~15 % more in page faults).
        for _ in 0..3 {
            let t0 = Instant::now();
            let report = netdiag_core::parsers::parse_paste(&text);
            best = best.min(t0.elapsed().as_secs_f64());
            blocks = report.blocks.len();
            drop(report);
            // Splitting and detection alone, to show how the time divides.
            let t1 = Instant::now();
            std::hint::black_box(netdiag_core::parsers::detect_blocks(&text).len());
            best_detect = best_detect.min(t1.elapsed().as_secs_f64());
        }
        let mb = text.len() as f64 / 1_048_576.0;
        let hash = if json_hash {
            let json = serde_json::to_string(&netdiag_core::parsers::parse_paste(&text))?;
            format!(
                ",\"json_len\":{},\"json_fnv\":\"{:#018x}\"",
                json.len(),
                fnv1a(json.as_bytes())
            )
        } else {
            String::new()
        };
        println!(
            "{{\"file\":{:?},\"bytes\":{},\"blocks\":{},\"best_ms\":{:.1},\"mb_per_s\":{:.1},\"detect_ms\":{:.1}{}}}",
            file,
            text.len(),
            blocks,
            best * 1000.0,
            mb / best.max(1e-9),
            best_detect * 1000.0,
            hash
        );
    }
    Ok(())
}

/// FNV-1a, 64 bit (the same hash as `tests/parse_output_stable.rs`).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}
