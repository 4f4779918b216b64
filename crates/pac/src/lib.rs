//! netdiag PAC evaluator (boa_engine). No wasm or DOM dependency.
