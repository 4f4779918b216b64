// Unit tests of the MTR reading in www/js/chart-mtr.js (which hop starts the real loss, which
// loss is ICMP rate limiting), run in a vm context the way the page loads it (no browser).

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import vm from "node:vm";
import { REPO } from "./helpers.mjs";

function load() {
  const window = {};
  const context = vm.createContext({ window });
  // chart-svg.js first, as in the page: the MTR reading uses its number helpers.
  for (const file of ["chart-svg.js", "chart-mtr.js"]) {
    vm.runInContext(readFileSync(path.join(REPO, "www", "js", file), "utf8"), context);
  }
  return window.NetdiagApp.chartMtr;
}
const { analyzeHops } = load();

/** Hops from `[loss, avg]` pairs; `null` loss/avg = a hop that never answered. */
function hops(spec) {
  return spec.map(([loss, avg], i) => ({
    hop: i + 1,
    host: avg === null ? null : `192.0.2.${i + 1}`,
    loss_percent: loss,
    avg_ms: avg,
    best_ms: avg === null ? null : avg * 0.9,
    worst_ms: avg === null ? null : avg * 1.5,
  }));
}
const statuses = (a) => a.hops.map((h) => h.status);

test("loss that starts at a hop and carries to the destination is found", () => {
  const a = analyzeHops(hops([[0, 1], [0, 8], [12, 20], [11, 22], [13, 25]]));
  assert.equal(a.verdict, "loss");
  assert.equal(a.lossStart, 3);
  assert.equal(a.destination, 5);
  assert.deepEqual(statuses(a), ["ok", "ok", "loss", "loss", "loss"]);
  assert.match(a.text, /starts at hop 3/);
});

test("loss at an intermediate hop that does not carry is rate limiting, not loss", () => {
  const a = analyzeHops(hops([[0, 1], [40, 8], [0, 12], [5, 20], [6, 25]]));
  assert.equal(a.lossStart, 4);
  assert.deepEqual(statuses(a), ["ok", "rate_limited", "ok", "loss", "loss"]);
  assert.match(a.text, /hop 2 does not carry to the destination: ICMP rate limiting/);
});

test("a clean destination means no loss start, even with lossy routers on the way", () => {
  // The shape of crates/core/tests/fixtures/linux/mtr_report/report_numeric.txt.
  const a = analyzeHops(hops([[0, 0.6], [0, 8.4], [100, null], [2.3, 12.9], [0.3, 25.1]]));
  assert.equal(a.verdict, "clean");
  assert.equal(a.lossStart, null);
  assert.deepEqual(statuses(a), ["ok", "ok", "no_reply", "rate_limited", "ok"]);
  assert.match(a.text, /below 1 %/);
});

test("silent hops inside the lossy run neither break nor start it", () => {
  const a = analyzeHops(hops([[0, 1], [0, 5], [100, null], [8, 20], [9, 21]]));
  assert.equal(a.lossStart, 4);
  assert.deepEqual(statuses(a), ["ok", "ok", "no_reply", "loss", "loss"]);
});

test("loss growing hop after hop starts at the first lossy hop", () => {
  const a = analyzeHops(hops([[0, 1], [3, 5], [10, 9], [20, 15]]));
  assert.equal(a.lossStart, 2);
});

test("a destination that never answers is reported as such, not as a loss start", () => {
  const a = analyzeHops(hops([[0, 1], [4, 5], [100, null], [100, null]]));
  assert.equal(a.verdict, "destination_silent");
  assert.equal(a.lossStart, null);
  assert.match(a.text, /No reply from hop 3 onwards/);
  assert.deepEqual(statuses(a), ["ok", "rate_limited", "no_reply", "no_reply"]);
});

test("loss only at the destination starts at the destination", () => {
  const a = analyzeHops(hops([[0, 1], [0, 5], [25, 9]]));
  assert.equal(a.lossStart, 3);
});

test("empty or malformed input gives no_hops, never a throw", () => {
  assert.equal(analyzeHops([]).verdict, "no_hops");
  assert.equal(analyzeHops(null).verdict, "no_hops");
  assert.equal(analyzeHops([null, 3]).verdict, "no_hops");
});
