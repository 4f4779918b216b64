// Unit test (no browser) of how a parse result crosses from the engine Worker to the page in
// parts: www/js/worker.js runs in a vm with a stand-in `wasm_bindgen`, and the parts it posts
// are put back together the way www/js/engine.js `receivePart` does. Checks: the whole report
// comes back equal, every part stays within its value limit, a block too large for one part
// goes as record slices, and small results still work (one part).

import assert from "node:assert/strict";
import { test } from "node:test";
import { runWorkerOp } from "./helpers.mjs";

/** Runs one `op` (default `parse`) in a fresh worker context whose wasm answers `report`. */
function runParse(report, op = "parse") {
  return runWorkerOp({ [op]: () => structuredClone(report) }, op, ["text"]);
}

/** Reassembles the messages as engine.js does; returns { value, parts, stats }. */
function reassemble(messages) {
  const blocks = [];
  let parts = 0;
  for (const msg of messages) {
    assert.equal(msg.id, 2);
    if (msg.part) {
      parts++;
      if (Array.isArray(msg.part.blocks)) blocks.push(...msg.part.blocks);
      else for (const r of msg.part.records) blocks[blocks.length - 1].records.push(r);
      continue;
    }
    assert.equal(msg.ok, true, JSON.stringify(msg.error));
    const value = msg.parted ? { ...msg.value, blocks } : msg.value;
    return { value, parts, stats: msg.parted };
  }
  throw new Error("no final message");
}

/** Values in `v` as worker.js counts them (objects, arrays and scalars). */
function values(v) {
  if (Array.isArray(v)) return 1 + v.reduce((n, x) => n + values(x), 0);
  if (v !== null && typeof v === "object") return 1 + Object.values(v).reduce((n, x) => n + values(x), 0);
  return 1;
}

function block(index, kind, records) {
  return {
    index, kind, confidence: 0.9, alternatives: [], lines: [index * 10 + 1, index * 10 + 9],
    command: "show crypto isakmp sa", prompt: "R1", truncated: false, records,
    skipped: [], warnings: [], error: null,
  };
}

const sa = (i) => ({ dst: `192.0.2.${i % 250}`, src: "198.51.100.7", state: "QM_IDLE", conn_id: i, status: "ACTIVE", lines: [i, i] });

test("many blocks come back whole, in parts within the value limit", async () => {
  const report = {
    blocks: Array.from({ length: 3000 }, (_, i) =>
      i % 7 === 0 ? block(i, "unrecognised", null) : block(i, "cisco_ios.show_crypto_isakmp_sa", [sa(i), sa(i + 1)]),
    ),
    warnings: ["1 line(s) cleaned of terminal control characters or pager prompts"],
  };
  const messages = await runParse(report);
  const { value, parts, stats } = reassemble(messages);
  assert.deepEqual(value, report);
  assert.ok(parts > 3, `parts: ${parts}`);
  assert.equal(stats.parts, parts);
  assert.equal(stats.blocks, 3000);
  assert.equal(stats.records, report.blocks.reduce((n, b) => n + (b.records ? b.records.length : 0), 0));
  let items = 0;
  for (const m of messages.filter((x) => x.part)) {
    assert.ok(values(m.part) - 2 <= stats.limit, `a part carries ${values(m.part)} values`);
    assert.equal(m.total, 3000 + stats.records, "progress counts blocks and records");
    items += m.items;
  }
  assert.equal(items, 3000 + stats.records, "the parts' items add up to the total");
});

test("one block larger than a part is sent as slices of its records", async () => {
  const records = Array.from({ length: 9000 }, (_, i) => sa(i));
  const report = { blocks: [block(0, "unrecognised", null), block(1, "azure.ike_logs", records), block(2, "unrecognised", null)], warnings: [] };
  const messages = await runParse(report);
  const { value, parts, stats } = reassemble(messages);
  assert.deepEqual(value, report);
  assert.ok(messages.some((m) => m.part && m.part.records), "record slices were used");
  // Progress moves while the slices of the one big block arrive.
  assert.equal(messages.filter((m) => m.part).reduce((n, m) => n + m.items, 0), 3 + 9000);
  assert.ok(parts >= 3, `parts: ${parts}`);
  assert.ok(stats.maxValues <= stats.limit, `max values ${stats.maxValues}`);
});

test("a small result is one part, and other ops are not split", async () => {
  const report = { blocks: [block(0, "cisco_ios.show_crypto_isakmp_sa", [sa(1)])], warnings: [] };
  const { value, parts } = reassemble(await runParse(report));
  assert.deepEqual(value, report);
  assert.equal(parts, 1);
  const empty = reassemble(await runParse({ blocks: [], warnings: [] }));
  assert.deepEqual(empty.value, { blocks: [], warnings: [] });
  assert.equal(empty.parts, 0);
  // Only parse results are split: another op's answer comes in one message, as it was.
  const other = await runParse({ blocks: Array.from({ length: 3000 }, (_, i) => block(i, "x", [sa(i)])) }, "diagnose");
  assert.equal(other.length, 1);
  assert.equal(other[0].value.blocks.length, 3000);
  assert.equal(other[0].parted, undefined);
});
