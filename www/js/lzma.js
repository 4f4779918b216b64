/* netdiag LZMA Worker: unpacks the engine's wasm, which the single file carries
 * LZMA-compressed (scripts/bundle.mjs, `xz --format=lzma`). Issue 7 budgets the single file at
 * 1.6 MB: LZMA packs the wasm a third tighter than gzip, and browsers have neither LZMA nor
 * brotli in DecompressionStream.
 *
 * The decoder is Rust (crates/lzma) in its own small wasm module (crates/lzma-wasm); the
 * single file carries this file after that module's wasm-bindgen glue as the inert text
 * #nd-lzma, and www/js/engine.js runs it as one Worker per stream, so decoding (~100 ms of CPU
 * for 5 MB) happens off the main thread while the HTML parser reads on. Measured: the same
 * decoder written in JS ran at half the speed once warm, and at a fifth while V8 had not yet
 * optimised it, which in a fresh Worker is most of the start-up.
 *
 * Messages in: `{ wasm }` first (the decoder module's bytes), then `{ size, check, bytes }` per
 * part (size: the stream's whole compressed size; check: the Adler-32 its output must have).
 * Out: `{ chunk, last }` (the wasm bytes unpacked; last: the stream is complete) or
 * `{ error }`, after which the Worker ignores the rest. */
(function () {
  "use strict";

  let stream = null;
  let failed = false;

  self.onmessage = (event) => {
    if (failed) return;
    const { wasm, size, check, bytes } = event.data || {};
    try {
      if (wasm) {
        wasm_bindgen.initSync({ module: wasm });
        return;
      }
      if (!stream) stream = new wasm_bindgen.LzmaStream(size, check);
      const chunk = stream.push(bytes);
      const last = stream.complete();
      if (last) {
        stream.finish();
        stream.free();
        stream = null;
      }
      self.postMessage({ chunk, last }, [chunk.buffer]);
    } catch (error) {
      failed = true;
      self.postMessage({ error: error && error.message ? error.message : String(error) });
    }
  };
})();
