//! `parse_bench` with mimalloc as the global allocator: the same measurement, to show how much
//! of the parse time is the system allocator (issue 7 asks for both figures, side by side).
//!
//! `cargo run -p netdiag-core --example parse_bench_mimalloc --profile release-native -- FILE...`

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "parse_bench.rs"]
mod parse_bench;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    parse_bench::main()
}
