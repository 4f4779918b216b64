// The single file's LZMA Worker (www/js/lzma.js after the glue of crates/lzma-wasm, built into
// target/lzma-pkg by scripts/build.sh), run in a vm context that stands in for a Worker scope:
// it unpacks a stream part by part, says when the stream is complete, and reports damage once.

import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import vm from "node:vm";
import { REPO } from "./helpers.mjs";
import { adler32 } from "../scripts/bundle.mjs";

const PKG = path.join(REPO, "target", "lzma-pkg");
// Our own fixture (crates/lzma/tests/fixtures): an IKE-style log and its .lzma with the size.
const FIXTURES = path.join(REPO, "crates", "lzma", "tests", "fixtures");
const packed = readFileSync(path.join(FIXTURES, "ike-log.txt.lzma"));
const text = readFileSync(path.join(FIXTURES, "ike-log.txt"));

/** A fresh Worker stand-in: `{ send(message), posted }`. */
function worker() {
  assert.ok(existsSync(path.join(PKG, "netdiag_lzma_wasm.js")), "target/lzma-pkg missing: run bash scripts/build.sh");
  const posted = [];
  const scope = { postMessage: (message) => posted.push(message), console, TextDecoder, TextEncoder, WebAssembly };
  scope.self = scope;
  const context = vm.createContext(scope);
  const code = `${readFileSync(path.join(PKG, "netdiag_lzma_wasm.js"), "utf8")}\n;\n${readFileSync(path.join(REPO, "www", "js", "lzma.js"), "utf8")}`;
  vm.runInContext(code, context, { filename: "lzma-worker.js" });
  scope.onmessage({ data: { wasm: readFileSync(path.join(PKG, "netdiag_lzma_wasm_bg.wasm")) } });
  return { send: (data) => scope.onmessage({ data }), posted };
}

test("unpacks a stream part by part and marks the last answer", () => {
  const w = worker();
  const check = adler32(text);
  for (let i = 0; i < packed.length; i += 500) w.send({ size: packed.length, check, bytes: packed.subarray(i, i + 500) });
  assert.ok(w.posted.every((m) => !m.error), JSON.stringify(w.posted.find((m) => m.error)));
  assert.deepEqual(w.posted.map((m) => m.last), w.posted.map((_, i) => i === w.posted.length - 1));
  const out = Buffer.concat(w.posted.map((m) => Buffer.from(m.chunk)));
  assert.ok(out.equals(text), "the unpacked bytes are the original");
});

test("damage is one clear error, then silence", () => {
  const w = worker();
  const bad = Buffer.from(packed);
  bad[0] = 0xff;
  w.send({ size: bad.length, bytes: bad.subarray(0, 1000) });
  w.send({ size: bad.length, bytes: bad.subarray(1000) });
  // (JSON: the messages are objects of the vm context.)
  assert.equal(JSON.stringify(w.posted), JSON.stringify([{ error: "LZMA data is damaged: bad properties byte 255" }]));

  // Bytes that unpack but are not the ones the bundle checked: the Adler-32 says so.
  const wrong = worker();
  wrong.send({ size: packed.length, check: (adler32(text) + 1) >>> 0, bytes: packed });
  assert.match(wrong.posted.at(-1).error || "", /the unpacked bytes fail their check \(Adler-32 [0-9a-f]{8}, expected [0-9a-f]{8}\)/);

  // A stream cut short (its announced size is what arrived): truncated, said once.
  const short = worker();
  const cut = packed.subarray(0, packed.length - 40);
  short.send({ size: cut.length, bytes: cut });
  const last = short.posted.at(-1);
  assert.ok(last.error && /LZMA data is truncated/.test(last.error), JSON.stringify(last).slice(0, 200));
});
