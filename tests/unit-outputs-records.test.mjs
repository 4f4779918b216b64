// Unit tests of www/js/outputs-records.js (kind labels, state tones, the generic
// records-to-tables conversion), run in a vm context the way the page loads it.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import vm from "node:vm";
import { REPO } from "./helpers.mjs";

function load() {
  const window = {};
  vm.runInContext(readFileSync(path.join(REPO, "www", "js", "outputs-records.js"), "utf8"), vm.createContext({ window }));
  return window.NetdiagApp.outputsRecords;
}
const rec = load();
const plain = (v) => JSON.parse(JSON.stringify(v));
const col = (t, key) => t.columns.find((c) => c.key === key);

test("kind labels: platform and command, exceptions, unrecognised", () => {
  assert.equal(rec.kindLabel("cisco_ios.show_crypto_isakmp_sa").text, "Cisco IOS · show crypto isakmp sa");
  assert.equal(rec.kindLabel("windows.test_netconnection").text, "Windows · Test-NetConnection");
  assert.equal(rec.kindLabel("linux.mtr_report").command, "mtr report (mtr -nrc)");
  assert.equal(rec.kindLabel("newvendor.show_thing").text, "newvendor · show thing");
  assert.equal(rec.kindLabel("unrecognised").text, "Not recognised");
});

test("state tones are words first: good, bad, warn, neutral", () => {
  for (const v of ["QM_IDLE", "ACTIVE", "up", "OK", "READY", "ESTABLISHED"]) assert.equal(rec.stateTone(v), "good", v);
  for (const v of ["MM_NO_STATE", "down", "Timeout", "administratively down", "PSKEY_MISMATCH", "NoConnection"]) assert.equal(rec.stateTone(v), "bad", v);
  for (const v of ["MM_KEY_EXCH", "IN-NEG", "AG_INIT_EXCH", "CONNECTING"]) assert.equal(rec.stateTone(v), "warn", v);
  assert.equal(rec.stateTone("ipv4"), "neutral");
  assert.ok(rec.isStateKey("state") && rec.isStateKey("counters.status") && rec.isStateKey("line_protocol"));
  assert.ok(!rec.isStateKey("statement") && !rec.isStateKey("dst"));
});

test("an array of records is one table; lines become the row's span; empty columns are flagged", () => {
  const records = [
    { dst: "192.0.2.1", src: "203.0.113.9", state: "QM_IDLE", conn_id: 1004, slot: null, lines: [5, 5] },
    { dst: "192.0.2.1", src: "203.0.113.7", state: "MM_NO_STATE", conn_id: 1005, slot: null, lines: [6, 6] },
  ];
  const [t] = rec.tablesOf(records);
  assert.equal(t.path, "records");
  assert.equal(t.single, false);
  assert.equal(t.rows.length, 2);
  assert.deepEqual(plain(t.rows[1].lines), [6, 6]);
  assert.ok(!("lines" in t.rows[0].cells), "the record's own span is not a column");
  assert.deepEqual(plain(t.columns.map((c) => c.key)), ["dst", "src", "state", "conn_id", "slot"]);
  assert.equal(col(t, "conn_id").numeric, true);
  assert.equal(col(t, "state").state, true);
  assert.equal(col(t, "slot").empty, true);
  assert.equal(col(t, "dst").numeric, false);
});

test("nested objects flatten to dotted keys; arrays of objects become child tables", () => {
  const records = [
    {
      interface: "Tunnel100",
      counters: { encaps: 18324, decaps: 0, verify_failed: null, other: [["output buffers swapped out", 0]] },
      current_outbound_spi: { hex: "0x9A3C11F2", value: 2587627506 },
      tunnel: { source: "198.51.100.2", lines: [67, 78] },
      inbound_esp: [{ spi: { hex: "0x4B1D0C07", value: 1 }, status: "ACTIVE", lines: [32, 39] }],
      outbound_esp: [
        { spi: { hex: "0x9A3C11F2", value: 2 }, status: "ACTIVE", lines: [46, 53] },
        { spi: { hex: "0x9A3C11F3", value: 3 }, status: "STANDBY", lines: [54, 56] },
      ],
      lines: [14, 57],
    },
  ];
  const tables = rec.tablesOf(records);
  assert.deepEqual(plain(tables.map((t) => t.path)), ["records", "inbound_esp", "outbound_esp"]);
  const [main, inbound, outbound] = tables;
  assert.equal(main.single, true);
  assert.equal(main.rows[0].cells["counters.encaps"], 18324);
  assert.equal(col(main, "counters.encaps").numeric, true);
  assert.equal(main.rows[0].cells["current_outbound_spi.hex"], "0x9A3C11F2");
  assert.deepEqual(plain(main.rows[0].cells["tunnel.lines"]), [67, 78]);
  assert.equal(col(main, "tunnel.lines").span, true);
  assert.deepEqual(plain(main.rows[0].cells.inbound_esp), { count: 1, table: "inbound_esp" });
  assert.equal(col(main, "counters.verify_failed").empty, true);
  assert.equal(rec.formatValue(main.rows[0].cells["counters.other"]), "output buffers swapped out: 0");
  assert.equal(inbound.rows[0].parent, 1);
  assert.equal(inbound.rows[0].cells["spi.hex"], "0x4B1D0C07");
  assert.equal(outbound.rows.length, 2);
  assert.equal(col(outbound, "status").state, true);
  assert.deepEqual(plain(outbound.rows[1].lines), [54, 56]);
});

test("one object (an MTR report) is a fields table plus a hop table", () => {
  const records = {
    start: "2026-03-02T09:41:07+0000",
    columns: ["Loss%", "Snt"],
    hops: [
      { hop: 1, host: "192.0.2.1", loss_percent: 0.0, extra_addresses: [], lines: [103, 103] },
      { hop: 2, host: "192.0.2.129", loss_percent: 12.0, extra_addresses: ["192.0.2.130"], lines: [104, 104] },
    ],
    lines: [101, 104],
  };
  const [fields, hops] = rec.tablesOf(records);
  assert.equal(fields.path, "fields");
  assert.equal(fields.single, true);
  assert.deepEqual(plain(fields.rows[0].lines), [101, 104]);
  assert.equal(rec.formatValue(fields.rows[0].cells.columns), "Loss%, Snt");
  assert.equal(hops.path, "hops");
  assert.equal(hops.rows.length, 2);
  assert.equal(col(hops, "loss_percent").numeric, true);
  assert.equal(hops.hasParent, false, "one parent record: no parent column");
  assert.equal(hops.hasLines, true);
  assert.equal(rec.formatValue(hops.rows[1].cells.extra_addresses), "192.0.2.130");
});

test("no records, booleans, line helpers and report counts", () => {
  assert.equal(rec.tablesOf(null).length, 0);
  assert.equal(rec.formatValue(true), "yes");
  assert.equal(rec.formatValue(false), "no");
  assert.equal(rec.formatValue(null), "");
  assert.deepEqual(plain(rec.splitLines("a\r\nb\n\nc")), ["a", "b", "", "c"]);
  assert.equal(rec.spanText([4, 4]), "line 4");
  assert.equal(rec.spanText([4, 7]), "lines 4–7");
  const counts = rec.reportCounts({
    blocks: [
      { kind: "unrecognised", records: null, truncated: false },
      { kind: "linux.mtr_report", records: { hops: [] }, truncated: true },
      { kind: "cisco_ios.show_crypto_isakmp_sa", records: [{}, {}], truncated: false },
    ],
  });
  assert.deepEqual(plain(counts), { blocks: 3, recognised: 2, unrecognised: 1, truncated: 1, records: 3 });
});
