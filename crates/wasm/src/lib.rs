//! wasm-bindgen binding for netdiag: each export deserializes, calls core/pac and serializes.
