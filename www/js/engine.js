/* netdiag engine client: loads the wasm for either delivery and runs every wasm call in a
 * Blob-URL Worker behind a tiny postMessage API `{id, op, args}` -> `{id, ok, value|error}`.
 *
 * Deliveries: served over HTTP, the glue, worker code and wasm are fetched from relative URLs;
 * in dist/netdiag.html they sit in inline elements (#nd-glue, #nd-worker, and the wasm parts
 * .nd-wasm-part at the end of <body>) because browsers block fetch, module scripts and file
 * Workers under file://. Either way the page compiles the wasm once, and starts a classic
 * Worker from a Blob of glue + worker code.
 * Start-up (issue 7 budget: first answer within 400 ms): loading begins when this script runs,
 * the Worker starts while the wasm compiles, and the compile streams (from the download, or
 * from the DecompressionStream of the inlined bytes). Phases are marked on the performance
 * timeline (`netdiag:*`) and returned by window.netdiag.timings().
 *
 * Limits: each call has a wall-clock budget; a timeout or a wasm trap terminates the Worker
 * (the instance is unusable after a trap), the next call starts a fresh one from the compiled
 * module, and the results already on screen stay. A Rust panic is fatal (app.fatal). */
(function () {
  "use strict";

  const app = window.NetdiagApp;

  const ASSETS = {
    glue: "pkg/netdiag_wasm.js",
    wasm: "pkg/netdiag_wasm_bg.wasm",
    worker: "js/worker.js",
  };
  const DEFAULT_TIMEOUT_MS = 20000;
  const INIT_TIMEOUT_MS = 30000;

  let initPromise = null; // guard: the assets load and compile once
  let workerUrl = "";
  let wasmModule = null;
  let worker = null; // current Worker, or null until first use / after a restart
  let workerReady = null; // Promise resolved when the current Worker has instantiated wasm
  let instantiated = false; // the first instantiation has been marked
  const firstCalls = new Set(); // ops whose first answer has been marked
  let nextId = 1;
  const pending = new Map(); // id -> { resolve, reject, timer, op }
  let queue = Promise.resolve(); // calls run one at a time: the wasm is single-threaded

  /** An error with a stable `name` that callers (and tests) can check. */
  function namedError(name, message) {
    const error = new Error(message);
    error.name = name;
    return error;
  }

  async function fetchOk(url) {
    let response;
    try {
      response = await fetch(url);
    } catch (error) {
      if (location.protocol === "file:") {
        throw new Error(
          "This copy of the page cannot load its engine from disk (browsers block it). " +
            "Open dist/netdiag.html, the single-file build, or serve www/ with scripts/serve.sh.",
        );
      }
      throw new Error(`could not load ${url}: ${error.message}`);
    }
    if (!response.ok) throw new Error(`could not load ${url}: HTTP ${response.status}`);
    return response;
  }

  function inlineText(id) {
    const el = document.getElementById(id);
    if (!el) throw new Error(`single-file build is missing #${id}`);
    return el.textContent;
  }

  // ---------------------------------------------------------------- start-up timings
  // Marks on the page's performance timeline (`netdiag:<phase>`), read back by
  // window.netdiag.timings() and bench/run.mjs: start-up has a budget (issue 7) and these say
  // which phase spends it.
  const MARK_PREFIX = "netdiag:";

  /** Records a start-up phase; `at` (ms since navigation) is for times measured elsewhere. */
  function mark(phase, at) {
    try {
      performance.mark(MARK_PREFIX + phase, at === undefined ? undefined : { startTime: at });
    } catch {
      // A timeline that refuses a mark (full buffer, very old browser) must not stop start-up.
    }
  }

  /** The start-up phases so far, in time order: `[{ phase, ms }]`, ms since navigation. */
  function timings() {
    return performance
      .getEntriesByType("mark")
      .filter((entry) => entry.name.startsWith(MARK_PREFIX))
      .map((entry) => ({ phase: entry.name.slice(MARK_PREFIX.length), ms: Math.round(entry.startTime * 10) / 10 }))
      .sort((a, b) => a.ms - b.ms);
  }

  // ---------------------------------------------------------------- loading
  /** `<compression>+<text>` of the inlined wasm: compression for DecompressionStream ("none":
   * stored; "lzma": www/js/lzma.js, which browsers lack), text for the decoder ("bytes" is
   * scripts/bundle.mjs's default: raw bytes in a windows-1252 page). */
  const COMPRESSIONS = { lzma: "lzma", gzip: "gzip", "deflate-raw": "deflate-raw", none: "" };
  const TEXT_DECODERS = { bytes: fromBytesText, base64: fromBase64, base128: fromBase128 };

  /** `{ compression, decode }` of a data-encoding value, or null when unknown. */
  function parseEncoding(value) {
    const [compression, text] = String(value).split("+");
    if (!Object.prototype.hasOwnProperty.call(COMPRESSIONS, compression)) return null;
    if (!Object.prototype.hasOwnProperty.call(TEXT_DECODERS, text)) return null;
    return { compression: COMPRESSIONS[compression], decode: TEXT_DECODERS[text], text };
  }

  // bytes: one character per byte of the file, which declares windows-1252. Bytes 0x80-0x9F
  // read as other code points there (0x80 is U+20AC); the browser's own decoder says which.
  // The bytes HTML would alter or end the block on (NUL, CR, "<") and the escape byte itself
  // are written as 0x01 followed by the byte XOR 0x40 (scripts/bundle.mjs).
  const BYTES_ESCAPE = 0x01;
  const BYTES_ESCAPED = [0x00, 0x01, 0x0d, 0x3c];
  let cp1252High = null;

  /** Code point -> byte for the windows-1252 bytes 0x80-0x9F, from the browser's decoder. */
  function cp1252HighBytes() {
    if (!cp1252High) {
      cp1252High = new Map();
      const decoder = new TextDecoder("windows-1252");
      for (let b = 0x80; b < 0xa0; b++) cp1252High.set(decoder.decode(Uint8Array.of(b)).charCodeAt(0), b);
    }
    return cp1252High;
  }

  /** Why `bytes` texts cannot be read in this page, or "": raw bytes survive only the charset
   * they were written for, and a server that declares another one (charset=utf-8, say) has
   * already turned them into other characters. */
  function wrongCharset() {
    if (document.characterSet.toLowerCase() === "windows-1252") return "";
    return (
      `the page was read as ${document.characterSet}, not windows-1252 (a server declared a charset for it); ` +
      "open the file from disk, or serve it without a charset in Content-Type"
    );
  }

  /** Bytes of a `bytes` text (the characters of a windows-1252 page). */
  function fromBytesText(text) {
    const high = cp1252HighBytes();
    const out = new Uint8Array(text.length);
    let o = 0;
    for (let i = 0; i < text.length; i++) {
      let c = text.charCodeAt(i);
      if (c === BYTES_ESCAPE) {
        c = text.charCodeAt(++i) ^ 0x40;
        if (!BYTES_ESCAPED.includes(c)) throw new SyntaxError(`bad escape at character ${i}`);
      } else if (c >= 0x80 && (c < 0xa0 || c > 0xff)) {
        const b = high.get(c);
        if (b === undefined) throw new SyntaxError(`character U+${c.toString(16)} at ${i} is not a windows-1252 byte`);
        c = b;
      }
      out[o++] = c;
    }
    return out.subarray(0, o);
  }

  // base128: 7 bits per character. Characters 0-127 are one UTF-8 byte each in the file (base64
  // spends 8 bits on 6); the three values HTML would alter or end the block on (NUL, CR, "<")
  // are written as U+0100-U+0102 instead.
  const BASE128_ESCAPES = [0x00, 0x0d, 0x3c];

  /** Bytes of a base128 text (scripts/bundle.mjs writes it; every 8 characters hold 7 bytes). */
  function fromBase128(text) {
    const out = new Uint8Array(Math.floor((text.length * 7) / 8));
    let acc = 0;
    let bits = 0;
    let o = 0;
    for (let i = 0; i < text.length; i++) {
      let v = text.charCodeAt(i);
      if (v >= 0x100) {
        v = BASE128_ESCAPES[v - 0x100];
        if (v === undefined) throw new SyntaxError(`character U+${text.charCodeAt(i).toString(16)} at ${i} is not base128`);
      } else if (v >= 0x80) {
        throw new SyntaxError(`character U+${v.toString(16)} at ${i} is not base128`);
      }
      acc = ((acc << 7) | v) & 0x7fff; // at most 14 bits are pending
      bits += 7;
      if (bits >= 8) {
        bits -= 8;
        out[o++] = (acc >> bits) & 0xff;
      }
    }
    return out;
  }

  /** Bytes of a base64 text: the native decoder where there is one (no per-byte JS loop). */
  function fromBase64(text) {
    if (typeof Uint8Array.fromBase64 === "function") return Uint8Array.fromBase64(text.trim());
    const binary = atob(text.trim());
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  /** Compiles while the bytes arrive (decompression or download overlaps compilation, and the
   * whole wasm is never held as a second buffer); falls back to a buffered compile where
   * compileStreaming is missing. */
  async function compileResponse(response) {
    if (typeof WebAssembly.compileStreaming === "function") {
      return WebAssembly.compileStreaming(response);
    }
    return WebAssembly.compile(await response.arrayBuffer());
  }

  // The single file carries the compressed wasm as text parts right after this script, each
  // followed by an inline script calling feedInline() (scripts/bundle.mjs). Each part is decoded
  // and pushed into the DecompressionStream -> compileStreaming pipeline as soon as the HTML
  // parser reaches it, so decompression and compilation overlap the parsing of the rest.
  // done: every part fed; closed: the compile's stream has all the bytes (later with LZMA,
  // whose Worker answers after the last part).
  const inline = { stream: null, controller: null, next: 0, count: 0, done: false, closed: false, failed: null, lzma: null };
  let inlineBodyReady;
  const inlineBody = new Promise((resolve, reject) => {
    inlineBodyReady = { resolve, reject };
  });
  inlineBody.catch(() => undefined); // awaited by loadAssets; reported there

  /** Stops the inline wasm pipeline with an error that names the single file's part. */
  function failInline(message) {
    if (inline.closed || inline.failed) return;
    inline.failed = new Error(`single-file build: ${message}; the file is damaged: rebuild or download it again`);
    if (inline.controller) inline.controller.error(inline.failed);
    inlineBodyReady.reject(inline.failed);
    stopLzma();
  }

  /** Ends the stream the compile reads: every byte of the wasm is in it. */
  function closeInline() {
    if (inline.closed) return;
    inline.closed = true;
    inline.controller.close();
    mark("wasm-decoded");
  }

  /** Starts one LZMA Worker per stream (#nd-lzma: the decoder's glue and www/js/lzma.js,
   * with the stream count in data-streams; the decoder's wasm is #nd-lzma-wasm). Called as
   * this script runs, before the first part: a Worker takes ~100 ms to start. They decode their
   * parts off the main thread, side by side, and answer with the wasm bytes they unpacked. The
   * compile takes stream 0's bytes as they come, then stream 1's (kept until 0 is complete). */
  function startLzma() {
    const block = document.getElementById("nd-lzma");
    if (!block) return;
    try {
      const count = Number(block.dataset.streams);
      if (!(count >= 1 && count <= 8)) throw new Error(`bad stream count "${block.dataset.streams}" in #nd-lzma`);
      const decoder = fromBytesText(inlineText("nd-lzma-wasm"));
      const url = URL.createObjectURL(new Blob([block.textContent], { type: "text/javascript" }));
      const streams = [];
      for (let k = 0; k < count; k++) {
        const worker = new Worker(url);
        worker.onmessage = (event) => onLzmaMessage(k, event.data || {});
        worker.onerror = (event) => {
          event.preventDefault();
          failInline(`the LZMA decoder stopped (${event.message || "no message"})`);
        };
        worker.postMessage({ wasm: decoder });
        streams.push({ worker, size: 0, check: 0, posted: 0, held: [], done: false });
      }
      URL.revokeObjectURL(url);
      inline.lzma = { streams, current: 0 };
    } catch (error) {
      failInline(`the LZMA decoder did not start (${error.message})`);
    }
  }

  /** Bytes (or an error) from stream k's Worker, passed on in stream order. */
  function onLzmaMessage(k, { chunk, last, error }) {
    if (error) {
      failInline(`the inlined wasm does not unpack (stream ${k}: ${error})`);
      return;
    }
    const lzma = inline.lzma;
    if (!lzma || inline.failed || inline.closed) return;
    const stream = lzma.streams[k];
    if (k === lzma.current) {
      if (chunk.length > 0) inline.controller.enqueue(chunk);
    } else {
      stream.held.push(chunk);
    }
    if (last) stream.done = true;
    while (lzma.current < lzma.streams.length && lzma.streams[lzma.current].done) {
      lzma.current += 1;
      const next = lzma.streams[lzma.current];
      if (next) for (const held of next.held.splice(0)) if (held.length > 0) inline.controller.enqueue(held);
    }
    if (lzma.current === lzma.streams.length) {
      stopLzma();
      closeInline();
    }
  }

  function stopLzma() {
    if (inline.lzma) for (const stream of inline.lzma.streams) stream.worker.terminate();
    inline.lzma = null;
  }

  /** Takes the wasm part just before the calling inline script (single file only). */
  function feedInline() {
    if (inline.done || inline.failed) return;
    const script = document.currentScript;
    const el = script && script.previousElementSibling;
    if (!el || !el.classList.contains("nd-wasm-part")) {
      failInline("a wasm feeder script is not preceded by a wasm part (.nd-wasm-part)");
      return;
    }
    const [index, count] = (el.dataset.part || "").split("/").map(Number);
    if (index !== inline.next || !(count > index)) {
      failInline(`wasm part "${el.dataset.part}" is out of order (expected part ${inline.next})`);
      return;
    }
    if (index === 0) {
      const manifest = document.getElementById("nd-wasm");
      const encoding = manifest ? manifest.dataset.encoding : "";
      const parsed = parseEncoding(encoding);
      if (!parsed) {
        failInline(manifest ? `unknown wasm encoding "${encoding}" in #nd-wasm` : "#nd-wasm (the wasm encoding) is missing");
        return;
      }
      if (parsed.text === "bytes" && wrongCharset()) {
        failInline(wrongCharset());
        return;
      }
      inline.count = count;
      inline.encoding = encoding;
      inline.decode = parsed.decode;
      inline.stream = new ReadableStream({
        start(controller) {
          inline.controller = controller;
        },
      });
      let body = inline.stream;
      if (parsed.compression === "lzma") {
        const sizes = String(manifest.dataset.size || "").split(",").map(Number);
        const checks = String(manifest.dataset.check || "").split(",").map(Number);
        if (
          !inline.lzma ||
          sizes.length !== inline.lzma.streams.length ||
          checks.length !== sizes.length ||
          sizes.some((n) => !(n > 0)) ||
          checks.some((n) => !Number.isInteger(n) || n < 0 || n > 0xffffffff)
        ) {
          failInline(
            `#nd-wasm lists stream sizes "${manifest.dataset.size}" and checks "${manifest.dataset.check}" ` +
              `for ${inline.lzma ? inline.lzma.streams.length : "no"} LZMA decoders (#nd-lzma)`,
          );
          return;
        }
        sizes.forEach((size, k) => {
          Object.assign(inline.lzma.streams[k], { size, check: checks[k], posted: 0 });
        });
      } else {
        stopLzma(); // not an LZMA build after all
        if (parsed.compression) body = body.pipeThrough(new DecompressionStream(parsed.compression));
      }
      inlineBodyReady.resolve(new Response(body, { headers: { "Content-Type": "application/wasm" } }));
      mark("wasm-first-part");
    }
    let bytes;
    try {
      bytes = inline.decode(el.textContent);
    } catch (error) {
      failInline(`wasm part #${el.id} is not valid ${inline.encoding} (${error.message})`);
      return;
    }
    // The part stays in the DOM: "Save page as… complete" must still write a working file.
    const last = inline.next + 1 === inline.count;
    if (inline.lzma) {
      const stream = inline.lzma.streams[Number(el.dataset.stream)];
      if (!stream) {
        failInline(`wasm part #${el.id} names no LZMA stream ("${el.dataset.stream}")`);
        return;
      }
      // The Worker knows its stream is complete when it has `size` bytes.
      // The decoded part owns its buffer (fromBytesText allocates it): moved, not copied.
      stream.posted += bytes.length;
      stream.worker.postMessage({ size: stream.size, check: stream.check, bytes }, [bytes.buffer]);
      // Parts that lost or gained bytes (an editor's "fix" of the file, say) would leave a
      // Worker waiting forever for the rest of its stream: say so when the last part is in.
      const short = last ? inline.lzma.streams.findIndex((s) => s.posted !== s.size) : -1;
      if (short >= 0) {
        const s = inline.lzma.streams[short];
        failInline(`LZMA stream ${short} has ${s.posted} of its ${s.size} bytes`);
        return;
      }
    } else {
      inline.controller.enqueue(bytes);
    }
    inline.next += 1;
    if (last) {
      inline.done = true;
      if (!inline.lzma) closeInline();
    }
  }

  // The single file carries the page scripts after this one gzip-packed in #nd-scripts
  // (scripts/bundle.mjs: a quarter of their size, for issue 7's 1.6 MB budget), followed by a
  // script calling runPackedScripts(). They run in their order, each as an inline script that
  // the page's CSP allows by its hash, a few milliseconds later than if the parser had run
  // them (main.js boots whether or not the document has finished loading by then).

  /** Unpacks #nd-scripts (just before the calling script) and runs its scripts in order. */
  function runPackedScripts() {
    const script = document.currentScript;
    const el = script && script.previousElementSibling;
    // Without its scripts the page cannot report through main.js: say it here.
    const stop = (message) => {
      app.fatal(`single-file build: ${message}`);
      document.body.dataset.ready = "error";
    };
    const broken = (message) => stop(`${message}; the file is damaged: rebuild or download it again`);
    if (wrongCharset()) {
      stop(wrongCharset());
      return;
    }
    if (!el || el.id !== "nd-scripts") {
      broken("the page scripts (#nd-scripts) are missing");
      return;
    }
    const names = String(el.dataset.names || "").split(",");
    const lengths = String(el.dataset.lengths || "").split(",").map(Number);
    let bytes;
    try {
      bytes = fromBytesText(el.textContent);
    } catch (error) {
      broken(`the page scripts are not valid bytes (${error.message})`);
      return;
    }
    const body = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    new Response(body)
      .text()
      .then((code) => {
        const total = lengths.reduce((sum, n) => sum + n, 0);
        if (names.length !== lengths.length || lengths.some((n) => !(n >= 0)) || total !== code.length) {
          broken(`the page scripts unpack to ${code.length} characters, not the ${total} listed`);
          return;
        }
        let at = 0;
        names.forEach((name, i) => {
          const run = document.createElement("script");
          run.textContent = code.slice(at, at + lengths[i]);
          run.dataset.packed = name;
          at += lengths[i];
          // An inline script runs as it is inserted; its CSP hash is in the page's script-src.
          // Removed once it ran: a copy saved from the DOM must not run it twice.
          script.parentNode.insertBefore(run, script);
          run.remove();
        });
      })
      .catch((error) => broken(`the page scripts do not unpack (${error.message})`));
  }

  /** Compiles the wasm inlined in the single file as its parts arrive. */
  async function compileInline() {
    if (document.readyState === "loading") {
      // Parts missing when the parser is done mean a truncated file: fail instead of waiting.
      document.addEventListener("DOMContentLoaded", () => {
        if (!inline.done) failInline(`the inlined wasm is incomplete (${inline.next} of ${inline.count || "?"} parts)`);
      });
    } else if (!inline.done) {
      failInline(`the inlined wasm is incomplete (${inline.next} of ${inline.count || "?"} parts)`);
    }
    const response = await inlineBody;
    try {
      return await compileResponse(response);
    } catch (error) {
      throw inline.failed || new Error(
        `single-file build: the inlined wasm (${inline.encoding}) could not be decompressed and compiled ` +
          `(${error.message}); the file is damaged: rebuild or download it again`,
      );
    }
  }

  /** Compiles the served wasm as it downloads (needs the application/wasm type, which
   * scripts/serve.mjs sets; another server may not, so then it compiles the downloaded bytes). */
  async function compileServed() {
    const response = await fetchOk(ASSETS.wasm);
    const type = (response.headers.get("Content-Type") || "").split(";")[0].trim();
    if (type === "application/wasm") return compileResponse(response);
    return WebAssembly.compile(await response.arrayBuffer());
  }

  /** Starts the Worker and the wasm compile at the same time; resolves when both are done. */
  async function loadAssets() {
    mark("load-start");
    let compiled;
    let sources;
    if (document.getElementById("nd-glue")) {
      sources = [inlineText("nd-glue"), inlineText("nd-worker")];
      compiled = compileInline();
      compiled.catch(() => undefined); // awaited below
    } else {
      compiled = compileServed();
      compiled.catch(() => undefined); // awaited below; a failed glue fetch must not leave it unhandled
      sources = await Promise.all([
        fetchOk(ASSETS.glue).then((r) => r.text()),
        fetchOk(ASSETS.worker).then((r) => r.text()),
      ]);
    }
    // Reported from inside the Worker as soon as its script runs, so the page can tell the
    // Worker's start from the wasm instantiation that follows.
    const prologue =
      "self.postMessage({ __netdiag_timing: \"worker-started\", at: performance.timeOrigin + performance.now() });\n";
    // `;` guards against a glue that does not end its last statement.
    const blob = new Blob([prologue, sources[0], "\n;\n", sources[1]], { type: "text/javascript" });
    workerUrl = URL.createObjectURL(blob);
    // The Worker starts and parses the glue while the wasm still compiles.
    spawnWorker();
    wasmModule = await compiled;
    mark("wasm-compiled");
  }

  /** Loads and compiles once, then instantiates in the first Worker. Resolves to the ops. */
  function init() {
    if (!initPromise) {
      initPromise = loadAssets().then(() => {
        if (!worker) return startWorker(); // the first Worker failed while the wasm compiled
        workerReady = initWorker();
        return workerReady;
      });
    }
    return initPromise;
  }

  /** Creates a Worker; it waits for the compiled module (`__init`). */
  function spawnWorker() {
    worker = new Worker(workerUrl, { name: "netdiag-engine" });
    mark("worker-created");
    worker.onmessage = onMessage;
    worker.onerror = (event) => {
      event.preventDefault();
      failWorker(namedError("EngineError", `engine worker error: ${event.message || "unknown"}`));
    };
    worker.onmessageerror = () => {
      failWorker(namedError("EngineError", "engine reply could not be read"));
    };
  }

  /** Instantiates the compiled wasm in the current Worker. */
  function initWorker() {
    return post("__init", [wasmModule], INIT_TIMEOUT_MS).then((ops) => {
      if (!instantiated) {
        instantiated = true;
        mark("wasm-instantiated");
      }
      return ops;
    });
  }

  /** A fresh Worker from the compiled module (first start after a failure, or a restart). */
  function startWorker() {
    spawnWorker();
    workerReady = initWorker();
    return workerReady;
  }

  /** Terminates the Worker and rejects whatever it was doing; the next call restarts it. */
  function failWorker(error) {
    if (worker) worker.terminate();
    worker = null;
    workerReady = null;
    for (const [id, call] of pending) {
      clearTimeout(call.timer);
      pending.delete(id);
      call.reject(error);
    }
  }

  function post(op, args, timeoutMs, onProgress) {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      if (!worker) {
        reject(namedError("AbortError", `${op} was cancelled before it started`));
        return;
      }
      const timer = setTimeout(() => {
        const seconds = (timeoutMs / 1000).toFixed(timeoutMs < 1000 ? 3 : 0);
        failWorker(
          namedError(
            "TimeoutError",
            `${op} ran longer than ${seconds} s and was stopped; the engine was restarted ` +
              "(previous results are kept).",
          ),
        );
      }, timeoutMs);
      pending.set(id, { resolve, reject, timer, op, onProgress, blocks: [] });
      try {
        worker.postMessage({ id, op, args });
      } catch (error) {
        clearTimeout(timer);
        pending.delete(id);
        reject(namedError("DataCloneError", `arguments of ${op} cannot be sent: ${error.message}`));
      }
    });
  }

  function onMessage(event) {
    const msg = event.data || {};
    if (msg.__netdiag_timing) {
      // Worker clocks start at the Worker's own origin: convert to the page's.
      if (!timings().some((t) => t.phase === msg.__netdiag_timing)) {
        mark(msg.__netdiag_timing, Math.max(0, msg.at - performance.timeOrigin));
      }
      return;
    }
    const call = pending.get(msg.id);
    if (!call) return; // a reply for a call that already timed out
    if (msg.part) {
      receivePart(call, msg);
      return;
    }
    clearTimeout(call.timer);
    pending.delete(msg.id);
    if (msg.ok) {
      if (msg.parted) {
        msg.value.blocks = call.blocks;
        lastParted = Object.assign({ op: call.op }, msg.parted);
      }
      if (typeof msg.json === "string") {
        // worker.js JSON_OPS: the CLI's JSON text of one call (one PAC chunk at most, so this
        // parse stays a short task).
        try {
          call.resolve(JSON.parse(msg.json));
        } catch (error) {
          call.reject(namedError("InternalError", `${call.op}: the engine's answer is not valid JSON (${error.message})`));
        }
        return;
      }
      call.resolve(msg.value);
      return;
    }
    const info = msg.error || {};
    if (info.panic) {
      app.fatal(info.panic);
      failWorker(namedError("InternalError", "internal error, reload the page"));
      call.reject(namedError("InternalError", `internal error, reload the page: ${info.panic}`));
      return;
    }
    if (info.trap) {
      failWorker(namedError("EngineCrash", "engine restarted"));
      call.reject(
        namedError(
          "EngineCrash",
          `the engine stopped (${info.name}: ${info.message}) and was restarted; ` +
            "previous results are kept. The input may be too deep, too large or too slow.",
        ),
      );
      return;
    }
    call.reject(namedError(info.name || "Error", info.message || "unknown engine error"));
  }

  /** One part of a large result (worker.js `postParts`): whole blocks, or more records of the
   * last block. Each part arrives in its own short task, so the page never freezes on a large
   * result; `onProgress({received, total})` (blocks and records) lets the caller show how far
   * it is. */
  function receivePart(call, msg) {
    const part = msg.part;
    if (Array.isArray(part.blocks)) {
      for (const b of part.blocks) call.blocks.push(b);
    } else if (Array.isArray(part.records)) {
      const last = call.blocks[call.blocks.length - 1];
      if (last && Array.isArray(last.records)) for (const r of part.records) last.records.push(r);
    }
    if (call.onProgress) {
      try {
        call.received = (call.received || 0) + (Number(msg.items) || 0);
        call.onProgress({ received: call.received, total: Number(msg.total) || 0 });
      } catch (error) {
        console.error("progress callback failed:", error);
      }
    }
  }

  /** Stats of the last result that came in parts: `{op, parts, maxValues, limit, blocks, records}`. */
  let lastParted = null;
  function partedStats() {
    return lastParted;
  }

  /** Runs `op` in the Worker. `opts.timeoutMs` is the wall-clock budget of this call;
   * `opts.onProgress` is told how much of a result sent in parts has arrived. */
  function call(op, args, opts) {
    if (isPacBatch(op, args, opts)) return evaluatePacBatch(args, opts);
    const timeoutMs = (opts && opts.timeoutMs) || DEFAULT_TIMEOUT_MS;
    const run = async () => {
      if (window.__NETDIAG_FATAL) {
        throw namedError("InternalError", "internal error, reload the page");
      }
      await init();
      if (!worker) await startWorker();
      else await workerReady;
      const value = await post(op, args, timeoutMs, opts && opts.onProgress);
      if (!firstCalls.has(op)) {
        firstCalls.add(op);
        mark(`first-answer:${op}`);
      }
      return value;
    };
    const result = queue.then(run, run);
    queue = result.catch(() => undefined);
    return result;
  }

  // ---------------------------------------------------------------- PAC batches
  // A batch of test URLs runs as a series of evaluatePac calls ("chunks") so that two budgets
  // can be enforced from outside the Worker (wasm has no clock, and a PAC loop below boa's
  // iteration limits can still be slow): one per URL and one for the whole batch (the
  // caller's `timeoutMs`). When one trips, the Worker is terminated and re-created, the
  // answers of the finished chunks are kept, and the report says which URL was running and
  // which budget stopped it. The chunks of a batch carry its number: the Worker's engine keeps
  // the PAC compiled (and the env read) for the next chunk of the same batch, so the batch
  // compiles once and answers as one call would (the PAC's global state carries on); a
  // restarted Worker starts with nothing kept and compiles again (COMPILE_MS).
  const PER_URL_MS = 10000; // the CLI's per-URL time limit (netdiag_pac::Limits)
  const COMPILE_MS = 5000; // allowance per chunk for parsing and compiling the PAC
  const CHUNK_TARGET_MS = 1000; // aim of one chunk: progress at least about once a second
  const MAX_CHUNK = 500;
  // A PAC the native subset evaluator answers alone (report.evaluator) has no loops: every URL
  // takes microseconds and none can hang, so its chunks may be larger and grow faster; only
  // the main thread's JSON.parse of one chunk's answer bounds them (4,000 URLs: about 3 MB of
  // JSON, 10 ms to parse in V8 on the benchmark machine).
  const MAX_NATIVE_CHUNK = 4000;
  const NATIVE_GROWTH = 16;
  const SLOW_URL_MS = 100; // a URL slower than this gets a chunk of its own

  let cancels = 0; // Cancel presses so far
  let batches = 0; // batches started: names each batch for the engine's compiled-PAC cache

  /** A chunk posted straight to the Worker (not through `call`) still holds the queue until
   * it settles: a call made meanwhile must not start its clock while it waits behind the
   * chunk in the Worker (its timeout would restart the Worker under the batch). */
  function holdQueue(reply) {
    queue = Promise.all([queue, reply]).then(
      () => undefined,
      () => undefined,
    );
    return reply;
  }

  /** `evaluatePac(source, urls, env)` with more than one URL runs in chunks. */
  function isPacBatch(op, args, opts) {
    return op === "evaluatePac" && !(opts && opts.single) && Array.isArray(args) && Array.isArray(args[1]) && args[1].length > 1;
  }

  /** A result row for a URL the batch could not finish (same shape as the engine's). */
  function stoppedResult(url, message) {
    let host = "";
    try {
      host = new URL(url).hostname;
    } catch {
      host = ""; // not a URL the browser can parse: the engine would say so; nothing to show
    }
    return {
      url, host, pac_url: url, result: null, entries: [], primary: null, secondary: null,
      bypass: false, bypass_reason: null, fallback_direct: false, rule: null, dns_lookups: [],
      alerts: [], warnings: [], error: { kind: "limit", message, line: null, column: null, source_line: null },
    };
  }

  function secondsText(ms) {
    return `${(ms / 1000).toFixed(ms < 10000 ? 1 : 0)} s`;
  }

  /** Runs the batch; resolves to one PacReport (partial, with report.error, when stopped). */
  async function evaluatePacBatch(args, opts) {
    const [source, urls, env] = args;
    const batchMs = (opts && opts.timeoutMs) || DEFAULT_TIMEOUT_MS;
    await queue; // the batch clock starts when its turn comes, not while earlier calls run
    const started = performance.now();
    const results = [];
    let first = null; // the first chunk's report: env, entry point, macros, warnings
    let evaluator; // summed over the chunks: how many URLs each evaluator answered
    const sizer = chunkSizer();
    const cancelsAtStart = cancels;
    batches = (batches + 1) % 0x100000000;
    const batch = batches;
    let size = 1;
    let lastStatus = 0;
    let native = false; // the last chunk ran on the native subset evaluator only
    let ahead = null; // the next chunk, already posted: {chunk, left, t0, reply}
    while (results.length < urls.length) {
      if (cancels !== cancelsAtStart) throw namedError("AbortError", "cancelled");
      const posted = ahead;
      ahead = null;
      const chunk = posted ? posted.chunk : urls.slice(results.length, results.length + size);
      const left = posted ? posted.left : batchMs - (performance.now() - started);
      const own = PER_URL_MS * chunk.length + COMPILE_MS;
      const from = results.length + 1;
      if (performance.now() - lastStatus > 1000) {
        lastStatus = performance.now();
        app.status(`Evaluating URL ${from}${chunk.length > 1 ? `–${from + chunk.length - 1}` : ""} of ${urls.length}…`);
      }
      const t0 = posted ? posted.t0 : performance.now();
      let report;
      try {
        if (left <= 0) throw namedError("TimeoutError", "batch budget already spent");
        // Native chunks at full size go straight to the Worker, and the next one right after:
        // the Worker evaluates it while this thread parses this one's answer (a third of a
        // chunk's time, issue 7). Only there: such a PAC cannot hang (no budget ever stops
        // it) and the next size is the cap again. A stop or a failure drops the posted chunk
        // (the Worker is restarted, which rejects it too) and the loop goes on from the
        // first URL without an answer, as before.
        const steady = native && size === MAX_NATIVE_CHUNK && worker !== null && !window.__NETDIAG_FATAL;
        const reply = posted
          ? posted.reply
          : steady
            ? holdQueue(post("evaluatePac", [source, chunk, env, batch], Math.min(left, own)))
            : call("evaluatePac", [source, chunk, env, batch], { timeoutMs: Math.min(left, own), single: true });
        const rest = from - 1 + chunk.length;
        if (steady && worker !== null && rest < urls.length) {
          const next = urls.slice(rest, rest + size);
          const nextLeft = batchMs - (performance.now() - started);
          if (nextLeft > 0) {
            const timeoutMs = Math.min(nextLeft, PER_URL_MS * next.length + COMPILE_MS);
            ahead = { chunk: next, left: nextLeft, t0: performance.now() };
            ahead.reply = holdQueue(post("evaluatePac", [source, next, env, batch], timeoutMs));
            ahead.reply.catch(() => undefined); // awaited by the next round, or dropped
          }
        }
        report = await reply;
      } catch (error) {
        ahead = null;
        if (error.name !== "TimeoutError" && error.name !== "EngineCrash") throw error;
        const batchHit = error.name === "TimeoutError" && left <= own;
        // A trap on the very first URL comes from the source itself (e.g. nesting): every URL
        // would hit it, so the batch stops. Otherwise only this URL is at fault.
        const wholeBatch = batchHit || (error.name === "EngineCrash" && results.length === 0);
        if (!wholeBatch) {
          if (chunk.length > 1) {
            size = 1; // run this chunk again one URL at a time to find the one at fault
            continue;
          }
          results.push(
            stoppedResult(
              chunk[0],
              error.name === "TimeoutError"
                ? `time limit: this URL ran longer than ${secondsText(own)} (its budget, compiling the PAC included); ` +
                  "it was stopped from outside and the engine restarted"
                : error.message,
            ),
          );
          continue;
        }
        const which = chunk.length === 1
          ? `URL ${from} of ${urls.length} (${chunk[0]})`
          : `one of URLs ${from}–${from + chunk.length - 1} of ${urls.length} (${chunk[0]} …)`;
        let message = batchHit
          ? `batch time limit: the ${urls.length} URLs together ran longer than ${secondsText(batchMs)}; stopped while evaluating ${which}`
          : `${error.message} It happened while evaluating ${which}`;
        message += `; the engine was restarted; ${results.length} answer${results.length === 1 ? "" : "s"} kept, ` +
          `${urls.length - results.length} URL${urls.length - results.length === 1 ? "" : "s"} not evaluated.`;
        const head = first ? withEvaluator(first, evaluator) : { env, entry_point: null, macros: [], warnings: [] };
        const rest = urls.slice(results.length).map((u, i) =>
          stoppedResult(u, i < chunk.length ? `stopped here: ${message}` : "not evaluated: the batch was stopped before this URL."),
        );
        return {
          ...head,
          results: [...results, ...rest],
          error: { kind: "limit", message, line: null, column: null, source_line: null },
        };
      }
      // A PAC that does not compile fails the same way for every URL (the report carries no
      // results): the first chunk's report is the whole batch's.
      if (report.error) return report;
      if (!first) first = report;
      evaluator = mergeEvaluator(evaluator, report.evaluator);
      results.push(...report.results);
      const ev = report.evaluator;
      native = Boolean(ev && ev.kind === "native_subset" && !ev.boa_urls);
      size = sizer(size, Math.max(1, performance.now() - t0), native);
    }
    return { ...withEvaluator(first, evaluator), results };
  }

  /** Sizes the chunks of a batch: `(size, took) -> next size`. Chunks of 1 then 2 URLs tell
   * the fixed cost of a call (sending, compiling the PAC) from the cost per URL; then each
   * chunk aims at CHUNK_TARGET_MS (more when compiling is slow), and slow URLs go one at a
   * time so that a stop can name the exact URL that was running. `native`: the last chunk ran on
   * the native subset evaluator only (see MAX_NATIVE_CHUNK). */
  function chunkSizer() {
    let calls = 0;
    let firstTook = 0;
    let fixed = 0;
    return (size, took, native) => {
      calls += 1;
      if (calls === 1) {
        firstTook = took;
        return 2;
      }
      if (calls === 2) fixed = Math.max(0, 2 * firstTook - took);
      const perUrl = Math.max(0.05, (took - fixed) / size);
      if (perUrl >= SLOW_URL_MS) return 1;
      const target = Math.max(CHUNK_TARGET_MS, 4 * fixed);
      const [cap, growth] = native ? [MAX_NATIVE_CHUNK, NATIVE_GROWTH] : [MAX_CHUNK, 4];
      return Math.max(1, Math.min(cap, size * growth, Math.floor((target - fixed) / perUrl)));
    };
  }

  /** `report` with the summed `evaluator`, when the engine reports one. */
  function withEvaluator(report, evaluator) {
    return evaluator === undefined ? { ...report } : { ...report, evaluator };
  }

  /** The `evaluator` of two chunk reports as one: URL counts add up, the first reason stays. */
  function mergeEvaluator(sum, next) {
    if (!sum || !next) return sum || next;
    return {
      ...sum,
      boa_urls: (sum.boa_urls || 0) + (next.boa_urls || 0),
      boa_url_reason: sum.boa_url_reason ?? next.boa_url_reason ?? null,
    };
  }

  /** Stops whatever runs now (the user pressed Cancel). */
  function cancel() {
    cancels += 1; // also stops a batch between two of its calls
    if (pending.size > 0) {
      failWorker(namedError("AbortError", "cancelled; the engine was restarted"));
    }
  }

  app.engine = { init, call, cancel, mark, timings, feedInline, runPackedScripts, partedStats };
  /** Start-up phases so far, `[{ phase, ms }]` in time order (ms since navigation). */
  app.api.register("timings", () => Promise.resolve(timings()));

  // Load at once, not on first use: the compile and the Worker start run while the remaining
  // page scripts execute and the panels initialise. main.js reports the outcome.
  mark("engine-script");
  startLzma();
  init().catch(() => undefined);
})();
