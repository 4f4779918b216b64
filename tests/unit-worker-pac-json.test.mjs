// Unit test (no browser) of how evaluatePac crosses the Worker (issue 7): www/js/worker.js runs
// in a vm with a stand-in `wasm_bindgen`. The op calls the `evaluatePacJson` export with the
// URLs and the env as JSON text and posts the report text as is (`{id, ok, json}`), which the
// page JSON.parses; an engine error still arrives as `{ok: false, error}`.

import assert from "node:assert/strict";
import { test } from "node:test";
import { runWorkerOp } from "./helpers.mjs";

/** Runs evaluatePac with `args` in a fresh worker context; `exports` are the stand-in wasm
 * exports. Returns the messages posted for the call. */
function run(args, exports) {
  return runWorkerOp(exports, "evaluatePac", args);
}

test("evaluatePac sends its arguments and gets its report as JSON text", async () => {
  const calls = [];
  const report = '{"results":[{"url":"http://a.example/","port":8080,"ratio":0.1}],"error":null}';
  const env = { now: "2026-03-02T09:00:00Z", tz: "UTC", dns: { "a.example": "192.0.2.1" } };
  const posted = await run(["function FindProxyForURL(u, h) {}", ["http://a.example/"], env], {
    evaluatePac: () => {
      throw new Error("the object-converting export must not be used by the page");
    },
    evaluatePacJson: (...a) => {
      calls.push(a);
      return report;
    },
  });
  assert.deepEqual(calls, [["function FindProxyForURL(u, h) {}", '["http://a.example/"]', JSON.stringify(env)]]);
  assert.deepEqual(posted, [{ id: 2, ok: true, json: report }]);
});

test("an absent env crosses as null, and an engine error is reported, not posted as text", async () => {
  const calls = [];
  const posted = await run(["src", ["x"]], {
    evaluatePac: () => null,
    evaluatePacJson: (...a) => {
      calls.push(a);
      throw new Error("argument `urls_json`: expected a JSON array of strings");
    },
  });
  assert.deepEqual(calls, [["src", '["x"]', "null"]]);
  assert.equal(posted.length, 1);
  assert.equal(posted[0].ok, false);
  assert.equal(posted[0].json, undefined);
  assert.match(posted[0].error.message, /argument `urls_json`/);
});

test("a chunk's batch number crosses to the engine (it keeps the compiled PAC for the batch)", async () => {
  const calls = [];
  const json = (...a) => {
    calls.push(a);
    return "{}";
  };
  await run(["src", ["http://a.example/"], null, 7], { evaluatePac: () => null, evaluatePacJson: json });
  // Anything but a u32 is not a batch number: the call stands alone.
  await run(["src", ["http://a.example/"], null, "7"], { evaluatePac: () => null, evaluatePacJson: json });
  await run(["src", ["http://a.example/"], null, -1], { evaluatePac: () => null, evaluatePacJson: json });
  assert.deepEqual(calls, [
    ["src", '["http://a.example/"]', "null", 7],
    ["src", '["http://a.example/"]', "null"],
    ["src", '["http://a.example/"]', "null"],
  ]);
});
