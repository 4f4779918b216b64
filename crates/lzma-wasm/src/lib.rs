//! wasm-bindgen binding of `netdiag-lzma` for the single file's LZMA Workers (www/js/lzma.js):
//! converts only. A separate, small module (not part of the engine's wasm) because it must
//! run before the engine's wasm exists: it unpacks it.

use netdiag_lzma::Decoder;
use wasm_bindgen::prelude::*;

/// One `.lzma` stream being decoded as its parts arrive.
#[wasm_bindgen]
pub struct LzmaStream {
    decoder: Option<Decoder>,
}

#[wasm_bindgen]
impl LzmaStream {
    /// A decoder for a stream of `size` compressed bytes.
    #[wasm_bindgen(constructor)]
    pub fn new(size: usize) -> Result<LzmaStream, JsError> {
        Ok(LzmaStream {
            decoder: Some(Decoder::new(size).map_err(into_error)?),
        })
    }

    /// Adds compressed bytes; returns the output bytes they unpacked (a copy for JS).
    pub fn push(&mut self, bytes: &[u8]) -> Result<Vec<u8>, JsError> {
        let decoder = self
            .decoder
            .as_mut()
            .ok_or_else(|| JsError::new("LZMA stream: push after the end"))?;
        let new = decoder.push(bytes).map_err(into_error)?;
        let out = decoder.output();
        Ok(out.get(out.len() - new..).unwrap_or_default().to_vec())
    }

    /// All the announced compressed bytes have arrived.
    pub fn complete(&self) -> bool {
        self.decoder.as_ref().is_some_and(Decoder::is_complete)
    }

    /// Checks that the output is complete (and frees it).
    pub fn finish(&mut self) -> Result<(), JsError> {
        let decoder = self
            .decoder
            .take()
            .ok_or_else(|| JsError::new("LZMA stream: finished twice"))?;
        decoder.finish().map(|_| ()).map_err(into_error)
    }
}

fn into_error(error: netdiag_lzma::LzmaError) -> JsError {
    JsError::new(&error.to_string())
}
