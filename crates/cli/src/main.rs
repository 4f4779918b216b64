//! The `netdiag` command line.
fn main() {}
