// Unit tests of the IKE timeline reading in www/js/chart-timeline.js: timestamps of each log
// format, and how the records of every supported kind (read from the parser's own snapshot
// fixtures in crates/core/tests/fixtures) become exchanges, notifies, established and failures.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import vm from "node:vm";
import { REPO } from "./helpers.mjs";

function load() {
  const window = {};
  vm.runInContext(readFileSync(path.join(REPO, "www", "js", "chart-timeline.js"), "utf8"), vm.createContext({ window }));
  return window.NetdiagApp.chartTimeline;
}
const tl = load();

/** The parsed block of a core snapshot fixture (`.snap`: a YAML header, then the JSON). */
function snapBlock(kind, name) {
  const text = readFileSync(path.join(REPO, "crates", "core", "tests", "fixtures", ...kind.split("."), `${name}.snap`), "utf8");
  const report = JSON.parse(text.slice(text.indexOf("{")));
  const block = report.blocks.find((b) => b.kind === kind);
  assert.ok(block, `${kind} block in ${name}.snap`);
  return block;
}
const types = (r) => r.events.map((e) => e.type);

test("timestamps of every log format order correctly; unreadable ones are null", () => {
  const t = tl.parseTime;
  assert.equal(t("2024-11-22 10:15:36.456 +0000") - t("2024-11-22 10:15:06.123 +0000"), 30333);
  assert.equal(t("2025-11-22 12:41:03") - t("2025-11-22 12:41:02"), 1000);
  assert.equal(t("11/22/2024 01:00:00 PM") - t("11/22/2024 12:59:59 PM"), 1000);
  assert.equal(t("11/22/2024 12:00:00 AM") - t("11/21/2024 11:59:59 PM"), 1000);
  assert.equal(t("Nov 22 11:00:05") - t("Nov 22 11:00:01"), 4000);
  assert.equal(t("not a time"), null);
  assert.equal(t(null), null);
});

test("strongSwan charon: proposals are exchanges, auth failures and giving up are failures", () => {
  const block = snapBlock("strongswan.charon_log", "journal_auth_fail");
  const r = tl.eventsOf(block.records, block.kind);
  assert.equal(r.timed, true);
  assert.deepEqual(types(r), ["exchange", "exchange", "failure", "failure", "failure", "failure", "failure"]);
});

test("Azure IKE logs: SA_INIT exchanges, then the AUTHENTICATION_FAILED notify and the cleanup", () => {
  const block = snapBlock("azure.ike_logs", "timestamps_sa_init");
  const r = tl.eventsOf(block.records, block.kind);
  assert.equal(r.timed, true);
  assert.deepEqual(types(r), ["exchange", "exchange", "failure", "failure"]);
});

test("Azure IKE logs without timestamps fall back to log order", () => {
  const block = snapBlock("azure.ike_logs", "policy_mismatch");
  const r = tl.eventsOf(block.records, block.kind);
  assert.equal(r.timed, false);
  assert.equal(r.events.at(-1).type, "failure");
  assert.match(r.events.at(-1).detail, /no_proposal_chosen/);
});

test("Palo Alto ikemgr: phase 1 timeout, then phase 1 and 2 established", () => {
  const block = snapBlock("paloalto.ikemgr_log", "ikev1_timeout_and_success");
  const r = tl.eventsOf(block.records, block.kind);
  assert.deepEqual(types(r), ["exchange", "failure", "exchange", "established", "exchange", "established"]);
});

test("Clavister snoop: an error line takes the time of the message before it", () => {
  const block = snapBlock("clavister.ike_snoop", "no_proposal_chosen");
  const r = tl.eventsOf(block.records, block.kind);
  assert.deepEqual(types(r), ["exchange", "failure", "failure"]);
  assert.equal(r.events[2].timeText, "2025-11-22 12:41:02");
  assert.equal(r.timed, false, "one distinct time: drawn in log order");
  assert.equal(r.distinct, 1);
});

test("no records, or junk, give no events and never throw", () => {
  assert.equal(tl.eventsOf(null, "azure.ike_logs").events.length, 0);
  assert.equal(tl.eventsOf([null, 1, "x"], "azure.ike_logs").events.length, 0);
});
