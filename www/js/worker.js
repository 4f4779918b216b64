/* netdiag engine Worker. Runs as a classic Worker script from a Blob URL made of the
 * wasm-bindgen `--target no-modules` glue (which defines the global `wasm_bindgen`) followed
 * by this file, so it works served and from file:// alike.
 *
 * Protocol: the page posts `{id, op, args}` and gets `{id, ok: true, value}` or
 * `{id, ok: false, error: {name, message, trap, panic}}`. Ops in PARTED first send
 * `{id, part: {blocks} | {records}, items, total}` messages (blocks in order; `records` continue the
 * last block's list), then `{id, ok: true, value: <report without blocks>, parted: stats}`. Ops in
 * JSON_OPS answer `{id, ok: true, json: <the CLI's JSON text>}`. `__init` (args: [WebAssembly.Module])
 * instantiates the wasm once; every other op must be in OPS. */
/* global wasm_bindgen */
"use strict";

/** Whitelist: op name -> wasm export (js_name). Add an entry per new export (CONTRIBUTING.md). */
const OPS = Object.freeze({
  evaluatePac: "evaluatePac",
  checkPlan: "checkPlan",
  summarizeCheck: "summarizeCheck",
  latencyBudget: "latencyBudget",
  dohAnswer: "dohAnswer",
  checksMarkdown: "checksMarkdown",
  lintPac: "lintPac",
  diffPac: "diffPac",
  encodeLink: "encodeLink",
  decodeLink: "decodeLink",
  linkInfo: "linkInfo",
  redactState: "redactState",
  exportMarkdown: "exportMarkdown",
  stateToJson: "stateToJson",
  stateFromJson: "stateFromJson",
  parse: "parse",
  diagnose: "diagnose",
  diagnoseMarkdown: "diagnoseMarkdown",
  compareConfigs: "compareConfigs",
  compareZscaler: "compareZscaler",
  triage: "triage",
});

// console_error_panic_hook reports a panic through console.error just before the wasm aborts
// (panic = "abort" traps with `unreachable`). Remember it so the page can tell a panic (fatal)
// from a trap caused by the input (restart the Worker and go on).
let lastPanic = "";
const consoleError = console.error.bind(console);
console.error = (...parts) => {
  const text = parts.map(String).join(" ");
  if (text.includes("panicked at")) lastPanic = text;
  consoleError(...parts);
};

let ready = null;

// Ops whose result crosses as JSON text: op -> a call of a wasm export that takes its arguments
// as JSON text and returns the report as JSON text. Converting a report value by value through
// the wasm boundary, then structured-cloning it object by object to the page, cost about as
// much as evaluating the PAC and building the report (issue 7); one string each way is a copy. The page JSON.parses the reply
// (`{id, ok: true, json}`), chunk by chunk, so no task grows with the batch.
const JSON_OPS = Object.freeze({
  // `?? "null"`: JSON.stringify(undefined) is undefined; an absent env is null, absent URLs are
  // then named as the bad argument by the engine. `batch` (engine.js, a chunk of a batch): the
  // engine keeps the compiled PAC for the batch's next chunk; only a u32 crosses.
  evaluatePac: (source, urls, env, batch) => {
    const args = [source, JSON.stringify(urls) ?? "null", JSON.stringify(env) ?? "null"];
    if (Number.isInteger(batch) && batch >= 0 && batch <= 0xffffffff) args.push(batch);
    return wasm_bindgen.evaluatePacJson(...args);
  },
});

// ---------------------------------------------------------------- results sent in parts
// A 10 MB paste gives a report of millions of values. Sent as one message, the page spends
// the whole structured-clone decoding in one main-thread task (809 ms measured), so the page
// freezes. Reports of these ops go in parts of at most PART_VALUES values each: every part is
// decoded in its own short task and the page shows progress between them.
const PARTED = Object.freeze({ parse: true });
const PART_VALUES = 20000;

/** Number of values (objects, arrays, scalars) in `v`, counting at most up to `cap`. */
function countValues(v, cap) {
  let n = 0;
  const stack = [v];
  while (stack.length && n <= cap) {
    const x = stack.pop();
    n++;
    if (Array.isArray(x)) for (const y of x) stack.push(y);
    else if (x !== null && typeof x === "object") for (const k in x) stack.push(x[k]);
  }
  return n;
}

/** Posts `report.blocks` in parts (whole blocks, or slices of one block's record list when a
 * single block is too large), then the report without its blocks. Returns the stats the final
 * message carries: `{parts, maxValues, limit, blocks, records}`. */
function postParts(id, report) {
  const blocks = Array.isArray(report.blocks) ? report.blocks : [];
  let parts = 0;
  let maxValues = 0;
  let piece = [];
  let weight = 0;
  // Progress counts blocks and records alike, so one huge block (a long log) shows progress too.
  const itemsOf = (b) => 1 + (Array.isArray(b.records) ? b.records.length : 0);
  const total = blocks.reduce((n, b) => n + itemsOf(b), 0);
  const send = (part, values) => {
    const items = part.blocks ? part.blocks.reduce((n, b) => n + itemsOf(b), 0) : part.records.length;
    self.postMessage({ id, part, items, total });
    parts++;
    maxValues = Math.max(maxValues, values);
  };
  const flush = () => {
    if (piece.length) send({ blocks: piece }, weight);
    piece = [];
    weight = 0;
  };
  let records = 0;
  for (const block of blocks) {
    // Counted here so the page (and its tests) can check that nothing was lost on the way.
    records += Array.isArray(block.records) ? block.records.length : block.records ? 1 : 0;
    const w = countValues(block, PART_VALUES);
    if (w <= PART_VALUES) {
      if (weight + w > PART_VALUES) flush();
      piece.push(block);
      weight += w;
      continue;
    }
    flush();
    // One huge block (a long log): its header first, then its records in slices.
    const list = Array.isArray(block.records) ? block.records : null;
    if (!list) {
      send({ blocks: [block] }, w);
      continue;
    }
    const head = Object.assign({}, block, { records: [] });
    let slice = [];
    let sliceWeight = countValues(head, PART_VALUES);
    let first = true;
    const sendSlice = () => {
      send(first ? { blocks: [Object.assign(head, { records: slice })] } : { records: slice }, sliceWeight);
      first = false;
      slice = [];
      sliceWeight = 0;
    };
    for (const r of list) {
      const rw = countValues(r, PART_VALUES);
      if (slice.length && sliceWeight + rw > PART_VALUES) sendSlice();
      slice.push(r);
      sliceWeight += rw;
    }
    if (slice.length || first) sendSlice();
  }
  flush();
  return { parts, maxValues, limit: PART_VALUES, blocks: blocks.length, records };
}

function isTrap(error) {
  // A RuntimeError (unreachable, out-of-bounds, out of memory) or a RangeError (host stack
  // exhausted) leaves the instance in an unknown state.
  return error instanceof WebAssembly.RuntimeError || error instanceof RangeError;
}

function describe(error) {
  const trap = isTrap(error);
  return {
    name: (error && error.name) || "Error",
    message: (error && error.message) || String(error),
    trap,
    panic: trap && lastPanic ? lastPanic : null,
  };
}

self.onmessage = async (event) => {
  const { id, op, args } = event.data || {};
  try {
    let value;
    if (op === "__init") {
      if (!ready) ready = wasm_bindgen({ module_or_path: args[0] });
      await ready;
      value = Object.keys(OPS).filter((name) => typeof wasm_bindgen[OPS[name]] === "function");
    } else {
      if (!Object.prototype.hasOwnProperty.call(OPS, op)) {
        throw new TypeError(`unknown engine operation "${op}"`);
      }
      if (!ready) throw new Error("engine not initialised");
      await ready;
      if (Object.prototype.hasOwnProperty.call(JSON_OPS, op)) {
        self.postMessage({ id, ok: true, json: JSON_OPS[op](...(Array.isArray(args) ? args : [])) });
        return;
      }
      value = wasm_bindgen[OPS[op]](...(Array.isArray(args) ? args : []));
      if (PARTED[op] && value && Array.isArray(value.blocks)) {
        const parted = postParts(id, value);
        self.postMessage({ id, ok: true, value: Object.assign({}, value, { blocks: [] }), parted });
        return;
      }
    }
    self.postMessage({ id, ok: true, value });
  } catch (error) {
    self.postMessage({ id, ok: false, error: describe(error) });
  }
};
