//! wasm-bindgen binding of `netdiag-lzma` for the single file's LZMA Workers (www/js/lzma.js):
//! converts only. A separate, small module (not part of the engine's wasm) because it must
//! run before the engine's wasm exists: it unpacks it.

use netdiag_lzma::{Adler32, Decoder};
use wasm_bindgen::prelude::*;

/// One `.lzma` stream being decoded as its parts arrive.
#[wasm_bindgen]
pub struct LzmaStream {
    decoder: Option<Decoder>,
    /// Adler-32 of the output so far, and the value the finished output must have.
    sum: Adler32,
    check: Option<u32>,
}

#[wasm_bindgen]
impl LzmaStream {
    /// A decoder for a stream of `size` compressed bytes whose output must have the Adler-32
    /// `check` (LZMA has no check of its own).
    #[wasm_bindgen(constructor)]
    pub fn new(size: usize, check: Option<u32>) -> Result<LzmaStream, JsError> {
        Ok(LzmaStream {
            decoder: Some(Decoder::new(size).map_err(into_error)?),
            sum: Adler32::default(),
            check,
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
        let fresh = out.get(out.len() - new..).unwrap_or_default();
        self.sum.update(fresh);
        Ok(fresh.to_vec())
    }

    /// All the announced compressed bytes have arrived.
    pub fn complete(&self) -> bool {
        self.decoder.as_ref().is_some_and(Decoder::is_complete)
    }

    /// Checks that the output is complete and has its check value (and frees it).
    pub fn finish(&mut self) -> Result<(), JsError> {
        let decoder = self
            .decoder
            .take()
            .ok_or_else(|| JsError::new("LZMA stream: finished twice"))?;
        decoder.finish().map_err(into_error)?;
        match self.check {
            Some(want) if want != self.sum.value() => Err(JsError::new(&format!(
                "LZMA data is damaged: the unpacked bytes fail their check (Adler-32 {:08x}, expected {want:08x})",
                self.sum.value()
            ))),
            _ => Ok(()),
        }
    }
}

fn into_error(error: netdiag_lzma::LzmaError) -> JsError {
    JsError::new(&error.to_string())
}
