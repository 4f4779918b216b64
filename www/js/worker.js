/* netdiag engine Worker. Runs as a classic Worker script from a Blob URL made of the
 * wasm-bindgen `--target no-modules` glue (which defines the global `wasm_bindgen`) followed
 * by this file, so it works served and from file:// alike.
 *
 * Protocol: the page posts `{id, op, args}` and gets `{id, ok: true, value}` or
 * `{id, ok: false, error: {name, message, trap, panic}}`. `__init` (args: [WebAssembly.Module])
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
      value = wasm_bindgen[OPS[op]](...(Array.isArray(args) ? args : []));
    }
    self.postMessage({ id, ok: true, value });
  } catch (error) {
    self.postMessage({ id, ok: false, error: describe(error) });
  }
};
