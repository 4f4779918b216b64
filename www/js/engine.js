/* netdiag engine client: loads the wasm for either delivery and runs every wasm call in a
 * Blob-URL Worker behind a tiny postMessage API `{id, op, args}` -> `{id, ok, value|error}`.
 *
 * Deliveries: served over HTTP, the glue, worker code and wasm are fetched from relative URLs;
 * in dist/netdiag.html they sit in inline elements (#nd-glue, #nd-worker, #nd-wasm) because
 * browsers block fetch, module scripts and file Workers under file://. Either way the page
 * compiles the wasm once, and starts a classic Worker from a Blob of glue + worker code.
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

  /** Decodes the inlined base64 of the gzip-compressed wasm. */
  async function inlineWasm(el) {
    const binary = atob(el.textContent.trim());
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    if (el.dataset.encoding !== "gzip+base64") return bytes.buffer;
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).arrayBuffer();
  }

  async function loadAssets() {
    const inlined = document.getElementById("nd-wasm");
    let glue, workerCode, bytes;
    if (inlined) {
      glue = inlineText("nd-glue");
      workerCode = inlineText("nd-worker");
      bytes = await inlineWasm(inlined);
    } else {
      const [g, w, b] = await Promise.all([
        fetchOk(ASSETS.glue).then((r) => r.text()),
        fetchOk(ASSETS.worker).then((r) => r.text()),
        fetchOk(ASSETS.wasm).then((r) => r.arrayBuffer()),
      ]);
      [glue, workerCode, bytes] = [g, w, b];
    }
    wasmModule = await WebAssembly.compile(bytes);
    // `;` guards against a glue that does not end its last statement.
    const blob = new Blob([glue, "\n;\n", workerCode], { type: "text/javascript" });
    workerUrl = URL.createObjectURL(blob);
  }

  /** Loads and compiles once, then starts the first Worker. Resolves to the list of ops. */
  function init() {
    if (!initPromise) {
      initPromise = loadAssets().then(() => startWorker());
    }
    return initPromise;
  }

  function startWorker() {
    worker = new Worker(workerUrl, { name: "netdiag-engine" });
    worker.onmessage = onMessage;
    worker.onerror = (event) => {
      event.preventDefault();
      failWorker(namedError("EngineError", `engine worker error: ${event.message || "unknown"}`));
    };
    worker.onmessageerror = () => {
      failWorker(namedError("EngineError", "engine reply could not be read"));
    };
    workerReady = post("__init", [wasmModule], INIT_TIMEOUT_MS);
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

  function post(op, args, timeoutMs) {
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
      pending.set(id, { resolve, reject, timer, op });
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
    const call = pending.get(msg.id);
    if (!call) return; // a reply for a call that already timed out
    clearTimeout(call.timer);
    pending.delete(msg.id);
    if (msg.ok) {
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

  /** Runs `op` in the Worker. `opts.timeoutMs` is the wall-clock budget of this call. */
  function call(op, args, opts) {
    const timeoutMs = (opts && opts.timeoutMs) || DEFAULT_TIMEOUT_MS;
    const run = async () => {
      if (window.__NETDIAG_FATAL) {
        throw namedError("InternalError", "internal error, reload the page");
      }
      await init();
      if (!worker) await startWorker();
      else await workerReady;
      return post(op, args, timeoutMs);
    };
    const result = queue.then(run, run);
    queue = result.catch(() => undefined);
    return result;
  }

  /** Stops whatever runs now (the user pressed Cancel). */
  function cancel() {
    if (pending.size > 0) {
      failWorker(namedError("AbortError", "cancelled; the engine was restarted"));
    }
  }

  app.engine = { init, call, cancel };
})();
