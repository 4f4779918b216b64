// End-to-end tests of the charts (issue 10): the PAC result map and the deciding line in the
// source view, the MTR/WinMTR hop chart, the IKE timelines and the RTT distribution with its
// distance budget, each checked against its data table, with axe-core on the panels that hold
// them. The served page runs in light mode and the single file in dark mode, and both write
// screenshots of every panel to tests/artifacts/ (ignored by git) for review.

import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { ARTIFACTS, REPO, SINGLE_FILE_URL, isLocal, launch, openPage, screenshot, serveWww } from "./helpers.mjs";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const CHART_PANELS = ["#pac-panel", "#checks-panel", "#outputs-panel"];
const fixture = (...p) => readFileSync(path.join(REPO, ...p), "utf8");
const coreFixture = (kind, name) => fixture("crates", "core", "tests", "fixtures", ...kind.split("."), `${name}.txt`);

const log = (line) => {
  if (process.env.NETDIAG_E2E_VERBOSE) console.log(line);
};

// Line 2 decides DIRECT, line 3 the second data centre, line 4 throws, line 5 the default.
const PAC = [
  "function FindProxyForURL(url, host) {",
  '  if (host == "intranet.example.com") return "DIRECT";',
  '  if (shExpMatch(host, "*.dc2.example")) return "PROXY 192.0.2.20:80; PROXY 192.0.2.21:80";',
  '  if (host == "bad.example") return notDefinedAnywhere(host);',
  '  return "PROXY 192.0.2.10:80; PROXY 192.0.2.11:80; DIRECT";',
  "}",
  "",
].join("\n");
const URLS = [
  "http://intranet.example.com/",
  "http://a.dc2.example/",
  "http://b.dc2.example/",
  "http://www.example.com/",
  "http://news.example.org/",
  "http://mail.example.net/",
  "http://bad.example/",
].join("\n");

/** Serious or critical WCAG 2.1 A/AA violations inside the chart panels. */
async function axeViolations(page) {
  await page.evaluate(AXE);
  const result = await page.evaluate(
    (include) => window.axe.run({ include: include.map((s) => [s]) }, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
    CHART_PANELS,
  );
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join(", ")}`);
}

/** Rows of a chart's data table as [data-* of the row, cell texts]. */
async function tableRows(page, testid, key) {
  return page.locator(`[data-testid="${testid}-table"] tbody tr`).evaluateAll(
    (rows, k) => rows.map((r) => [r.dataset[k], [...r.cells].map((c) => c.innerText.trim())]),
    key,
  );
}

async function showTable(page, scope, testid) {
  const toggle = scope.locator(`[data-testid="${testid}-toggle"]`);
  await toggle.click();
  assert.equal(await toggle.getAttribute("aria-pressed"), "true");
  await scope.locator(`[data-testid="${testid}-table"]`).waitFor({ state: "visible" });
}

async function pacMap(page) {
  await page.getByTestId("pac-source").fill(PAC);
  await page.getByTestId("urls").fill(URLS);
  await page.getByTestId("evaluate").click();
  await page.locator('[data-testid="pac-result-row"]').nth(6).waitFor();
  await page.waitForFunction(() => !document.querySelector('[data-testid="evaluate"]').disabled);

  const svg = page.getByTestId("pac-map-svg");
  assert.equal(await svg.getAttribute("role"), "img");
  const groups = await page.locator('[data-testid="pac-map-group"]').evaluateAll((gs) => gs.map((g) => [g.dataset.outcome, g.dataset.count]));
  assert.deepEqual(groups, [
    ["direct", "1"],
    ["proxy", "3"],
    ["proxy", "2"],
    ["error", "1"],
  ]);
  // The table behind the picture lists the same groups, with their URLs.
  const rows = await tableRows(page, "pac-map", "outcome");
  assert.deepEqual(rows.map((r) => [r[0], r[1][1], r[1][2], r[1][3]]), [
    ["direct", "—", "—", "1"],
    ["proxy", "192.0.2.10:80", "192.0.2.11:80", "3"],
    ["proxy", "192.0.2.20:80", "192.0.2.21:80", "2"],
    ["error", "—", "—", "1"],
  ]);
  assert.match(rows[2][1][4], /a\.dc2\.example.*line 3[\s\S]*b\.dc2\.example.*line 3/);
  assert.match(rows[3][1][4], /bad\.example\/ .*notDefinedAnywhere/);
  assert.match(await page.getByTestId("pac-map-summary").innerText(), /7 URLs: 1 DIRECT, 5 through 2 proxy groups .*1 error/);
  // The table is in the accessibility tree before it is shown (visually hidden, not removed).
  assert.equal(await page.getByTestId("pac-map-data").evaluate((el) => el.classList.contains("visually-hidden")), true);

  // d) The deciding line: chosen from the map's table, then by selecting a result row.
  await showTable(page, page.getByTestId("pac-map-box"), "pac-map");
  await page.locator('[data-testid="pac-map-table"] button[data-line="3"]').first().click();
  const target = () => page.locator("#pac-source-view li.is-target").getAttribute("data-line");
  assert.equal(await target(), "3");
  assert.equal(await page.evaluate(() => document.activeElement.dataset.line), "3");
  await page.locator('[data-testid="pac-result-row"]').first().locator('td[data-col="url"]').click();
  assert.equal(await target(), "2");
  const notes = await page.locator("#pac-source-view li.decides").evaluateAll((lis) =>
    lis.map((li) => [li.dataset.line, li.querySelector('[data-testid="decides-note"]').textContent]),
  );
  assert.deepEqual(notes, [
    ["2", "decides 1 URL"],
    ["3", "decides 2 URLs"],
    ["5", "decides 3 URLs"],
  ]);
}

/** Pastes one output, parses it and opens its block of `kind`. */
async function openBlock(page, text, kind) {
  await page.getByTestId("outputs-text").fill(text);
  await page.getByTestId("outputs-parse").click();
  const block = page.locator(`[data-testid="outputs-block"][data-kind="${kind}"]`).first();
  await block.waitFor();
  await page.waitForFunction(() => !document.querySelector('[data-testid="outputs-parse"]').disabled);
  await block.click();
}

async function outputsCharts(page) {
  // a) MTR: loss starts at hop 5 and carries to hop 7; hop 2's loss is rate limiting.
  await openBlock(page, fixture("tests", "fixtures", "mtr-loss.txt"), "linux.mtr_report");
  const mtr = page.getByTestId("mtr-chart");
  await mtr.waitFor();
  assert.equal(await page.locator('[data-testid="mtr-hop"]').count(), 7);
  assert.deepEqual(
    await page.locator('[data-testid="mtr-hop"]').evaluateAll((gs) => gs.map((g) => g.dataset.status)),
    ["ok", "rate_limited", "ok", "no_reply", "loss_start", "loss", "loss"],
  );
  // Bars: the silent hop 4 has none; the carried loss and the rate-limited hop are told apart.
  assert.deepEqual(
    await page.locator('[data-testid="mtr-chart-svg"] rect.mtr-loss-bar').evaluateAll((rs) => rs.map((r) => [r.dataset.hop, r.getAttribute("class").split(" ")[1], Number(r.getAttribute("width")) > 0])),
    [
      ["1", "mtr-loss-ok", false],
      ["2", "mtr-loss-limited", true],
      ["3", "mtr-loss-ok", false],
      ["4", "mtr-loss-silent", false],
      ["5", "mtr-loss-real", true],
      ["6", "mtr-loss-real", true],
      ["7", "mtr-loss-real", true],
    ],
  );
  assert.equal(await page.locator(".mtr-start-band").count(), 1);
  assert.equal(await page.locator('[data-testid="mtr-hop"][data-status="loss_start"]').getAttribute("data-hop"), "5");
  assert.match(await page.getByTestId("mtr-chart-summary").innerText(), /Loss starts at hop 5 and carries through to the destination \(hop 7, 9 % loss\)/);
  assert.match(await page.getByTestId("mtr-chart-summary").innerText(), /hop 2 does not carry to the destination: ICMP rate limiting/);
  const mtrRows = await tableRows(page, "mtr-chart", "status");
  assert.equal(mtrRows.length, 7);
  assert.deepEqual(mtrRows[4], ["loss_start", ["5", "198.51.100.1", "8 %", "100", "21.8", "22.9", "48.1", "Loss starts here"]]);
  assert.equal(mtrRows[1][1][7], "ICMP rate limiting (not loss)");
  assert.equal(mtrRows[3][1][1], "no reply");
  // Latency marks: one average dot per answering hop.
  assert.equal(await page.locator('[data-testid="mtr-chart-svg"] circle.mtr-avg').count(), 6);

  // WinMTR (core fixture): 2 % at hop 4 does not carry, the destination is clean.
  await openBlock(page, coreFixture("windows.winmtr_text", "basic"), "windows.winmtr_text");
  await page.locator('[data-testid="mtr-chart"]').waitFor();
  assert.equal(await page.locator('[data-testid="mtr-hop"]').count(), 5);
  assert.equal(await page.locator('[data-testid="mtr-hop"][data-status="loss_start"]').count(), 0);
  assert.equal(await page.locator('[data-testid="mtr-hop"][data-hop="4"]').getAttribute("data-status"), "rate_limited");
  assert.match(await page.getByTestId("mtr-chart-summary").innerText(), /no loss on the path/);
  assert.equal((await tableRows(page, "mtr-chart", "status")).length, 5);

  // e) Timelines: Palo Alto ikemgr (timed, phase 1 timeout then success) and Clavister snoop.
  await openBlock(page, coreFixture("paloalto.ikemgr_log", "ikev1_timeout_and_success"), "paloalto.ikemgr_log");
  await page.getByTestId("timeline-chart").waitFor();
  const types = () => page.locator('[data-testid="timeline-event"]').evaluateAll((ms) => ms.map((m) => m.dataset.type));
  assert.deepEqual(await types(), ["exchange", "failure", "exchange", "established", "exchange", "established"]);
  const paRows = await tableRows(page, "timeline-chart", "type");
  assert.deepEqual(paRows.map((r) => r[0]), await types());
  assert.equal(paRows[1][1][1], "2024-11-22 10:15:36.456 +0000");
  assert.match(paRows[1][1][3], /phase1 negotiation failed due to time up/);
  assert.match(await page.getByTestId("timeline-chart-summary").innerText(), /6 events: 1 failure, 2 established, 3 exchanges\. First failure: phase1 negotiation failed/);
  assert.match(await page.locator('[data-testid="timeline-chart-svg"]').innerHTML(), /time since 2024-11-22 10:15:06\.123 \+0000/);
  // An event's lines button shows them in the source view.
  await showTable(page, page.locator("#outputs-panel"), "timeline-chart");
  await page.locator('[data-testid="timeline-chart-table"] tbody tr').nth(1).locator("button").click();
  await page.locator('#outputs-panel li.is-target[data-line="4"]').waitFor();

  await openBlock(page, coreFixture("clavister.ike_snoop", "no_proposal_chosen"), "clavister.ike_snoop");
  await page.getByTestId("timeline-chart").waitFor();
  assert.deepEqual(await types(), ["exchange", "failure", "failure"]);
  assert.equal((await tableRows(page, "timeline-chart", "type")).length, 3);
  assert.match(await page.locator('[data-testid="timeline-chart-svg"]').innerHTML(), /event order \(all at 2025-11-22 12:41:02\)/);
}

async function longLog(page) {
  // A long charon log: the first 1,000 events are drawn and listed, the summary counts them all.
  const long = Array.from({ length: 1200 }, (_, i) => {
    const t = `${String(Math.floor(i / 60) % 60).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}`;
    return `Nov 22 11:${t} gw charon-systemd[812]: 09[NET] sending packet: from 192.0.2.1[500] to 198.51.100.1[500] (100 bytes)`;
  }).join("\n");
  await openBlock(page, long, "strongswan.charon_log");
  await page.getByTestId("timeline-chart").waitFor();
  assert.equal(await page.locator('[data-testid="timeline-event"]').count(), 1000);
  assert.equal((await tableRows(page, "timeline-chart", "type")).length, 1000);
  assert.match(await page.getByTestId("timeline-chart-summary").innerText(), /^1200 events: 1200 exchanges\. No failure\.$/);
  assert.match(await page.getByTestId("timeline-chart").innerText(), /The first 1000 of 1200 events are drawn and listed/);
}

function serve(handler) {
  return new Promise((resolve) => {
    const server = http.createServer(handler);
    server.listen(0, "127.0.0.1", () =>
      resolve({
        origin: `http://127.0.0.1:${server.address().port}`,
        port: server.address().port,
        close: () => new Promise((done) => (server.closeAllConnections(), server.close(() => done()))),
      }),
    );
  });
}

async function rttChart(page, servers) {
  // b) A proxy 80 ms away against a 60 ms budget (4,000 km), and a fast URL the budget does not cover.
  await page.getByTestId("checks-cloud").fill("");
  await page.getByTestId("checks-pac-url").fill("");
  await page.getByTestId("checks-proxies").fill(`127.0.0.1:${servers.slow.port}`);
  await page.getByTestId("checks-urls").fill(`${servers.fast.origin}/`);
  await page.getByTestId("checks-samples").fill("5");
  await page.getByTestId("checks-timeout").fill("3000");
  await page.getByTestId("checks-distance").fill("4000");
  await page.locator('[data-testid="checks-plan-row"][data-id="url-1"]').waitFor();
  await page.getByTestId("checks-run").click();
  await page.locator('[data-testid="check-row"][data-id="url-1"]').waitFor();
  await page.waitForFunction(() => !document.querySelector('[data-testid="checks-run"]').disabled);
  await page.locator('[data-testid="rtt-budget"]').waitFor({ state: "attached" });

  assert.deepEqual(await page.locator('[data-testid="rtt-row"]').evaluateAll((gs) => gs.map((g) => g.dataset.id)), ["proxy-1", "url-1"]);
  assert.equal(await page.locator('[data-testid="rtt-dot"]').count(), 10);
  assert.equal(await page.locator('[data-testid="rtt-row"][data-id="proxy-1"] [data-testid="rtt-dot"]').count(), 5);
  assert.equal(await page.locator('[data-testid="rtt-median"]').count(), 2);
  // The budget line is drawn where it applies (the proxy), at 60 ms; the proxy's median is over.
  assert.equal(await page.locator('[data-testid="rtt-budget"]').count(), 1);
  assert.equal(await page.locator('[data-testid="rtt-row"][data-id="proxy-1"] [data-testid="rtt-budget"]').getAttribute("data-budget"), "60");
  assert.equal(await page.locator('[data-testid="rtt-row"][data-id="proxy-1"] .rtt-median.is-over').count(), 1);
  const median = Number(await page.locator('[data-testid="rtt-row"][data-id="proxy-1"] [data-testid="rtt-median"]').getAttribute("data-median"));
  const tableMedian = Number(await page.locator('[data-testid="check-row"][data-id="proxy-1"] td[data-col="median"]').innerText());
  // The results table rounds (one decimal below 100 ms, none above).
  assert.ok(Math.abs(median - tableMedian) <= 0.5, `chart median ${median} = results median ${tableMedian}`);
  const rows = await tableRows(page, "rtt-chart", "id");
  assert.deepEqual(rows.map((r) => r[0]), ["proxy-1", "url-1"]);
  assert.equal(rows[0][1][2].split(", ").length, 5);
  assert.equal(rows[0][1][5], "60");
  assert.match(rows[0][1][6], /^over by [\d.]+ ms$/);
  assert.equal(rows[1][1][5], "—");
  assert.match(await page.getByTestId("rtt-chart-summary").innerText(), /distance budget 60 ms for 4000 km \(proxies and gateway\): 1 median over it\./);
}

/** Print media: controls and navigation gone, results, charts and their tables in black on
 * white; a PDF of the whole page goes to tests/artifacts/ for review. */
async function printView(page, name) {
  await page.emulateMedia({ media: "print" });
  const m = await page.evaluate(() => {
    const style = (sel) => getComputedStyle(document.querySelector(sel));
    return {
      nav: style(".panel-nav").display,
      evaluate: style('[data-testid="evaluate"]').display,
      source: style('[data-testid="pac-source"]').display,
      toggle: style('#pac-map .chart-tools').display,
      results: style('[data-testid="pac-results"]').display,
      tableWidth: document.querySelector('[data-testid="rtt-chart-table"]').getBoundingClientRect().width,
      text: style("body").color,
      bg: style("body").backgroundColor,
      svgText: style('[data-testid="timeline-chart-svg"] text').fill,
      lineLink: style('[data-testid="pac-result-row"] td[data-col="rule"] button').display,
    };
  });
  await screenshot(page, `charts-print-${name}`, "#pac-panel");
  await page.emulateMedia({ media: "screen" });
  assert.equal(m.nav, "none");
  assert.equal(m.evaluate, "none");
  assert.equal(m.source, "none");
  assert.equal(m.toggle, "none");
  assert.equal(m.results, "table");
  assert.ok(m.tableWidth > 100, `chart data tables print in full (${m.tableWidth} px wide)`);
  assert.equal(m.text, "rgb(0, 0, 0)");
  assert.equal(m.bg, "rgb(255, 255, 255)");
  assert.equal(m.svgText, "rgb(0, 0, 0)");
  assert.notEqual(m.lineLink, "none", "deciding-line links print as text");
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.pdf({ path: path.join(ARTIFACTS, `charts-print-${name}.pdf`), printBackground: true });
}

async function screenshots(page, scheme, where) {
  for (const id of await page.locator("main > section.panel").evaluateAll((ss) => ss.map((s) => s.id))) {
    await screenshot(page, `charts-${where}-${id}-${scheme}`, `#${id}`);
  }
}

describe("charts", () => {
  let www;
  const servers = {};
  before(async () => {
    www = await serveWww();
    servers.fast = await serve((req, res) => {
      res.writeHead(200, { "Access-Control-Allow-Origin": "*", "Content-Type": "text/plain" });
      res.end("fast");
    });
    // A "proxy" whose answers take 80 ms: over a 60 ms budget whatever the machine's load.
    servers.slow = await serve((req, res) => {
      const t = setTimeout(() => {
        res.writeHead(200, { "Access-Control-Allow-Origin": "*", "Content-Type": "text/plain" });
        res.end("slow");
      }, 80);
      res.on("close", () => clearTimeout(t));
    });
  });
  after(async () => {
    for (const s of Object.values(servers)) await s.close();
    if (www) await www.close();
  });

  for (const [where, scheme] of [
    ["served", "light"],
    ["single-file", "dark"],
  ]) {
    test(`${where} page (${scheme}): PAC map and deciding line, MTR, timelines, RTT; axe; screenshots`, async () => {
      const browser = await launch({ scheme });
      try {
        const { page, errors } = await openPage(browser.context, where === "served" ? www.url : SINGLE_FILE_URL, log);
        await pacMap(page);
        await outputsCharts(page);
        await rttChart(page, servers);
        assert.deepEqual(await axeViolations(page), []);
        await screenshots(page, scheme, where);
        await printView(page, `${where}-${scheme}`);
        assert.deepEqual(errors, []);
        assert.deepEqual(browser.requests.filter((u) => !isLocal(u)), []);
      } finally {
        await browser.close();
      }
    });
  }

  test("a long IKE log: the timeline draws and lists the first 1,000 events, the summary counts all", async () => {
    const browser = await launch();
    try {
      const { page, errors } = await openPage(browser.context, www.url, log);
      await longLog(page);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });

  test("narrow window at 200 % zoom: charts fit or scroll inside their frame, text stays readable", async () => {
    const browser = await launch({ viewport: { width: 640, height: 900 } });
    try {
      const { page } = await openPage(browser.context, www.url, log);
      // 200 % zoom of a 1280 px window = a 640 px CSS viewport with device scale 2 (emulated by width).
      await openBlock(page, fixture("tests", "fixtures", "mtr-loss.txt"), "linux.mtr_report");
      await page.getByTestId("mtr-chart").waitFor();
      const m = await page.evaluate(() => {
        const frame = document.querySelector('[data-testid="mtr-chart"] .chart-frame');
        const svg = frame.querySelector("svg");
        const font = parseFloat(getComputedStyle(svg.querySelector("text.chart-label")).fontSize);
        return {
          pageScroll: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          frameScroll: frame.scrollWidth - frame.clientWidth,
          focusable: frame.tabIndex === 0,
          // Text size on screen: the font size in viewBox units times the SVG's scale.
          textPx: (font * svg.getBoundingClientRect().width) / svg.viewBox.baseVal.width,
        };
      });
      assert.ok(m.pageScroll <= 1, `the page does not scroll sideways (${m.pageScroll} px)`);
      assert.ok(m.frameScroll > 0 && m.focusable, "the chart scrolls inside its frame, which takes keyboard focus");
      assert.ok(m.textPx >= 10.5, `hop labels stay at least 10.5 px (${m.textPx})`);
      await screenshot(page, "charts-narrow-outputs-panel", "#outputs-panel");
    } finally {
      await browser.close();
    }
  });
});
