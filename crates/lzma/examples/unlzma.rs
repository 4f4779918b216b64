//! Decodes a `.lzma` file (with its size in the header) and prints the decode speed:
//! `cargo run -p netdiag-lzma --example unlzma --release -- FILE.lzma [OUT]`.

use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: unlzma FILE.lzma [OUT]")?;
    let packed = std::fs::read(&path)?;
    let mut best = f64::MAX;
    let mut out = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        out = netdiag_lzma::decode(&packed)?;
        best = best.min(start.elapsed().as_secs_f64());
    }
    println!(
        "{path}: {} -> {} bytes, best of 5 {:.1} ms ({:.1} MB/s of output)",
        packed.len(),
        out.len(),
        best * 1e3,
        out.len() as f64 / best / 1e6
    );
    if let Some(dest) = args.next() {
        std::fs::write(dest, &out)?;
    }
    Ok(())
}
