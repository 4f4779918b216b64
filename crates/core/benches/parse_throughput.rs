//! Throughput of the paste parser on 10 MB pastes, compared with the physical limit of a plain
//! line scan (`str::lines().count()`, memchr-backed) over the same bytes.
//!
//! Run: `cargo bench -p netdiag-core --bench parse_throughput --profile release-native`.
//! Prints MB/s and the ratio to the line scan for: normalisation, splitting + detection
//! (`detect_blocks`) and the full parse (`parse_paste`), on three pastes: a mixed multi-command
//! session, one huge `show crypto ipsec sa`, and many small junk paragraphs (the worst case
//! for detection, as every paragraph is offered to every detector).

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use netdiag_core::parsers::normalize::Normalized;
use netdiag_core::parsers::{detect_blocks, parse_paste};

const TARGET: usize = 10 * 1024 * 1024;

fn main() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let pastes = [
        ("mixed session", mixed_session(&fixtures)),
        ("one big ipsec sa", big_ipsec(&fixtures)),
        ("junk paragraphs", junk()),
    ];
    if std::env::var_os("NETDIAG_BENCH_DETECTORS").is_some() {
        detector_costs(&pastes);
        return;
    }
    println!(
        "{:<18} {:>8} {:>12} {:>10} {:>12} {:>10}",
        "paste", "MB", "step", "MB/s", "vs lines()", "blocks"
    );
    for (name, text) in &pastes {
        let mb = text.len() as f64 / 1e6;
        let scan = best_of(|| black_box(text.lines().count()));
        let norm = best_of(|| black_box(Normalized::new(text).len()));
        let detect = best_of(|| black_box(detect_blocks(text).len()));
        let full = best_of(|| black_box(parse_paste(text).blocks.len()));
        let blocks = parse_paste(text).blocks.len();
        for (step, d) in [
            ("lines()", scan),
            ("normalise", norm),
            ("split+detect", detect),
            ("parse_paste", full),
        ] {
            let rate = mb / d.as_secs_f64();
            let ratio = d.as_secs_f64() / scan.as_secs_f64();
            println!("{name:<18} {mb:>8.1} {step:>12} {rate:>10.0} {ratio:>11.1}x {blocks:>10}");
        }
    }
}

/// Best of five runs (the machine is shared; the minimum is the least disturbed).
fn best_of<T>(mut f: impl FnMut() -> T) -> Duration {
    (0..5)
        .map(|_| {
            let t = Instant::now();
            black_box(f());
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

/// Every Cisco fixture behind a prompt, repeated to 10 MB.
fn mixed_session(fixtures: &Path) -> String {
    let mut parts = Vec::new();
    for vendor in ["cisco_ios", "cisco_asa"] {
        let Ok(dirs) = std::fs::read_dir(fixtures.join(vendor)) else {
            continue;
        };
        for dir in dirs.flatten() {
            let Ok(files) = std::fs::read_dir(dir.path()) else {
                continue;
            };
            for f in files.flatten() {
                let p = f.path();
                let name = p
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                if name.ends_with(".txt")
                    && !name.starts_with("invalid")
                    && let Ok(t) = std::fs::read_to_string(&p)
                {
                    parts.push(t);
                }
            }
        }
    }
    let mut out = String::with_capacity(TARGET + 4096);
    while out.len() < TARGET {
        for p in &parts {
            out.push_str("R1#show version\nCisco IOS XE Software, Version 17.9.4\n");
            out.push_str(p);
            out.push('\n');
        }
    }
    out
}

/// One `show crypto ipsec sa` with as many flows as fit in 10 MB.
fn big_ipsec(fixtures: &Path) -> String {
    let one = std::fs::read_to_string(
        fixtures.join("cisco_ios/show_crypto_ipsec_sa/vti_detail_nat_t.txt"),
    )
    .unwrap_or_default();
    let body: String = one.lines().skip(1).map(|l| format!("{l}\n")).collect();
    let mut out = String::from("hub#show crypto ipsec sa detail\n");
    while out.len() < TARGET && !body.is_empty() {
        out.push_str(&body);
    }
    out
}

/// Short paragraphs that no parser claims.
fn junk() -> String {
    let mut out = String::with_capacity(TARGET + 256);
    let mut i = 0u64;
    while out.len() < TARGET {
        out.push_str(&format!(
            "note {i}: the customer says the tunnel drops at night\nticket {i} reopened\n\n"
        ));
        i += 1;
    }
    out
}

/// With NETDIAG_BENCH_DETECTORS set: the cost of each registry row's `detect` over the
/// paragraphs of each paste (the numbers that decide detection throughput).
fn detector_costs(pastes: &[(&str, String)]) {
    use netdiag_core::parsers::{Line, PARSERS};
    for (name, text) in pastes {
        let norm = Normalized::new(text);
        let lines: Vec<Line<'_>> = norm.lines();
        let paras: Vec<&[Line<'_>]> = lines
            .split(|l| l.text.trim().is_empty())
            .filter(|p| !p.is_empty())
            .collect();
        let mut costs: Vec<(Duration, &str)> = PARSERS
            .iter()
            .map(|e| {
                let t = Instant::now();
                for p in &paras {
                    black_box((e.detect)(p.get(..p.len().min(40)).unwrap_or(p)));
                }
                (t.elapsed(), e.kind)
            })
            .collect();
        let t = Instant::now();
        for p in &paras {
            black_box(netdiag_core::parsers::triggers::offered(
                p.get(..p.len().min(40)).unwrap_or(p),
            ));
        }
        costs.push((t.elapsed(), "(prefilter)"));
        let t = Instant::now();
        for l in &lines {
            black_box(netdiag_core::parsers::detect::is_command_echo(l.text));
        }
        costs.push((t.elapsed(), "(command echo check)"));
        let t = Instant::now();
        black_box(netdiag_core::parsers::split::segments(&lines));
        costs.push((t.elapsed(), "(segments)"));
        costs.sort();
        costs.reverse();
        println!("{name}: {} paragraphs", paras.len());
        for (d, k) in costs.iter().take(12) {
            println!("  {k:<40} {:>8.1} ms", d.as_secs_f64() * 1e3);
        }
    }
}
