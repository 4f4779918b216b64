// Start-up structure (issue 7: navigation to the first PAC answer within 400 ms). No wall-clock
// thresholds here (bench/run.mjs measures those): these tests check the shape that makes
// start-up fast, in both deliveries: loading begins before any user action and before the
// panels initialise, the Worker starts before the wasm has finished compiling, the compile
// streams, the wasm is fetched once, the phases are reported in order by
// window.netdiag.timings(), and a restarted Worker reuses the compiled module.

import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, test } from "node:test";
import { REPO, SINGLE_FILE, SINGLE_FILE_URL, launch, openPage, serveWww } from "./helpers.mjs";

const PAC = readFileSync(path.join(REPO, "tests", "fixtures", "zscaler-style.pac"), "utf8");
const ENV = { dns: { "app.corp.example": ["192.0.2.44"] }, my_ip: ["192.0.2.55"], now: "2026-03-02T09:00:00Z", tz: "UTC" };

const log = (line) => {
  if (process.env.NETDIAG_E2E_VERBOSE) console.log(line);
};

/** Counts the wasm compile entry points the page uses (installed before any page script). */
function spyOnCompile() {
  const calls = { compile: 0, compileStreaming: 0, instantiate: 0 };
  for (const name of Object.keys(calls)) {
    const original = WebAssembly[name];
    if (typeof original !== "function") continue;
    WebAssembly[name] = function (...args) {
      calls[name] += 1;
      return original.apply(this, args);
    };
  }
  window.__compileCalls = calls;
}

/** `{ phase: ms }` of the first occurrence of each phase. */
function byPhase(list) {
  const out = {};
  for (const { phase, ms } of list) if (!(phase in out)) out[phase] = ms;
  return out;
}

/** The checks both deliveries share. Returns the timings after the first answer. */
async function checkStartup(page, { inline }) {
  // Nothing has been asked of the engine yet: readiness alone proves it loaded on page load.
  const early = await page.evaluate(() => window.netdiag.timings());
  log(`timings at ready: ${JSON.stringify(early)}`);
  assert.ok(Array.isArray(early));
  const phases = early.map((t) => t.phase);
  for (const phase of ["engine-script", "load-start", "worker-created", "wasm-compiled", "wasm-instantiated", "boot", "panels-initialised", "ready"]) {
    assert.ok(phases.includes(phase), `phase ${phase} reported: ${phases.join(", ")}`);
  }
  assert.equal(phases.includes("wasm-decoded"), inline, "base64 decoding only in the single file");
  assert.equal(phases.includes("wasm-first-part"), inline);
  // Panels may ask the engine for something once it is ready (the checks panel plans its
  // checks), but nothing waited for a call to start loading: no PAC was evaluated yet.
  assert.ok(!phases.includes("first-answer:evaluatePac"), "no PAC evaluated before the test asks");
  const readyAt = early.find((t) => t.phase === "ready").ms;
  for (const t of early) if (t.phase.startsWith("first-answer:")) assert.ok(t.ms >= readyAt, t.phase);
  const sorted = early.map((t) => t.ms);
  assert.deepEqual(sorted, [...sorted].sort((a, b) => a - b), "reported in time order");
  for (const t of early) assert.ok(Number.isFinite(t.ms) && t.ms >= 0, JSON.stringify(t));

  const at = byPhase(early);
  // Loading starts before the panels initialise, not on first use.
  assert.ok(at["load-start"] <= at.boot, "the wasm load starts before boot");
  // The Worker is created before the compile is awaited, so the two overlap.
  assert.ok(at["worker-created"] <= at["wasm-compiled"], "the Worker starts while the wasm compiles");
  if (inline) {
    // The Worker starts before the parser reaches the wasm; decoding is fed part by part.
    assert.ok(at["worker-created"] <= at["wasm-first-part"], "the Worker starts before the first wasm part");
    assert.ok(at["wasm-first-part"] <= at["wasm-decoded"]);
    assert.ok(at["wasm-decoded"] <= at["wasm-compiled"]);
    // The parts stay in the document, so a copy saved from the browser still carries the wasm.
    const kept = await page.evaluate(() => ({
      parts: Number(document.getElementById("nd-wasm").dataset.parts),
      present: [...document.querySelectorAll(".nd-wasm-part")].filter((el) => el.textContent.length > 0).length,
    }));
    assert.equal(kept.present, kept.parts);
  }
  assert.ok(at["wasm-compiled"] <= at["wasm-instantiated"]);
  assert.ok(at["wasm-instantiated"] <= at.ready);
  // The Worker reports its own start (its clock converted to the page's).
  assert.ok(phases.includes("worker-started"), "the Worker reports when its script runs");
  assert.ok(at["worker-started"] >= at["worker-created"] - 1, "Worker start converted to the page's clock");

  const calls = await page.evaluate(() => window.__compileCalls);
  assert.deepEqual(calls, { compile: 0, compileStreaming: 1, instantiate: 0 }, "one streaming compile, nothing buffered");

  // The page says how long opening took (the same clock as the `ready` phase).
  const status = await page.getByTestId("status").textContent();
  const shown = Number((status.match(/^Ready in (\d+\.\d\d) s\./) || [])[1]);
  assert.ok(Number.isFinite(shown), `status: ${status}`);
  assert.ok(Math.abs(shown * 1000 - at.ready) <= 20, `status ${shown} s vs ready at ${at.ready} ms`);

  const report = await page.evaluate(({ src, env }) => window.netdiag.evaluatePac(src, ["http://app.corp.example/"], env), { src: PAC, env: ENV });
  assert.ok(report.results && report.results[0] && report.results[0].result, JSON.stringify(report).slice(0, 300));
  const later = await page.evaluate(() => window.netdiag.timings());
  const first = byPhase(later);
  assert.ok(first["first-answer:evaluatePac"] >= first.ready, "the first answer is marked after ready");
  return later;
}

// Busy for seconds over 50 URLs (each URL well within boa's loop limit).
const SLOW_PAC = `function FindProxyForURL(url, host) {
  var n = 0;
  for (var i = 0; i < 200000; i++) { n = (n + i) % 7; }
  return "DIRECT";
}`;

/** A cancelled call restarts the Worker from the compiled module: no second compile. */
async function checkRestart(page) {
  const urls = Array.from({ length: 50 }, (_, i) => `http://h${i}.example.com/`);
  const error = await page.evaluate(async ({ src, urls, env }) => {
    const engine = window.NetdiagApp.engine;
    const running = engine.call("evaluatePac", [src, urls, env], { timeoutMs: 60000 });
    // Cancel once the call is in the Worker (the page's Cancel button does the same).
    await new Promise((resolve) => setTimeout(resolve, 100));
    engine.cancel();
    try {
      await running;
      return null;
    } catch (e) {
      return e.name;
    }
  }, { src: SLOW_PAC, urls, env: ENV });
  assert.equal(error, "AbortError");
  const report = await page.evaluate(({ src, env }) => window.netdiag.evaluatePac(src, ["http://app.corp.example/"], env), { src: PAC, env: ENV });
  assert.ok(report.results[0].result, "answers again after the restart");
  const calls = await page.evaluate(() => window.__compileCalls);
  assert.equal(calls.compileStreaming + calls.compile, 1, "the restart reused the compiled module");
  const phases = (await page.evaluate(() => window.netdiag.timings())).map((t) => t.phase);
  assert.equal(phases.filter((p) => p === "wasm-instantiated").length, 1, "only the first instantiation is a start-up phase");
}

/** Serves the files of `dir` on 127.0.0.1 with one Content-Type for all (a server that
 * declares a charset of its own for the single file). */
async function serveDir(dir, type) {
  const server = createServer((req, res) => {
    try {
      const body = readFileSync(path.join(dir, path.basename(new URL(req.url, "http://x").pathname)));
      res.writeHead(200, { "Content-Type": type });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe("start-up", () => {
  let browser;
  let server;
  before(async () => {
    browser = await launch();
    await browser.context.addInitScript(spyOnCompile);
    server = await serveWww();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test("single file from file://: phases in order, streaming compile, restart reuses the module", async () => {
    const { page, errors } = await openPage(browser.context, SINGLE_FILE_URL, log);
    await checkStartup(page, { inline: true });
    await checkRestart(page);
    assert.deepEqual(errors, []);
    await page.close();
  });

  /** Opens a copy of the single file changed by `edit`; returns the #fatal text once not loading. */
  async function openEdited(edit) {
    const dir = mkdtempSync(path.join(tmpdir(), "netdiag-startup-"));
    try {
      const file = path.join(dir, "edited.html");
      // latin1: the file is windows-1252, one character per byte (scripts/bundle.mjs).
      writeFileSync(file, edit(readFileSync(SINGLE_FILE, "latin1")), "latin1");
      const page = await browser.context.newPage();
      await page.goto(pathToFileURL(file).href);
      await page.waitForFunction(() => document.body.dataset.ready !== "loading", null, { timeout: 60000 });
      const ready = await page.evaluate(() => document.body.dataset.ready);
      const message = await page.locator("#fatal").textContent();
      await page.close();
      return { ready, message };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  test("a damaged single file says what is damaged instead of hanging", async () => {
    // Valid bytes that are not an LZMA stream (its first byte, the properties, made 0xff):
    // the decoder (in its Worker), not the compile, must fail.
    const damaged = await openEdited((html) => {
      const open = html.indexOf(">", html.indexOf('id="nd-wasm-0"')) + 1;
      assert.ok(open > 0, "single file has #nd-wasm-0");
      return `${html.slice(0, open)}\xff${html.slice(open + 1)}`;
    });
    assert.equal(damaged.ready, "error");
    assert.match(damaged.message, /single-file build: the inlined wasm does not unpack \(stream 0: LZMA data is damaged: bad properties byte 255\).*damaged/);

    // The last part lost its last byte (say an editor trimmed it): the stream is short, said
    // at once instead of a Worker waiting for the rest. (A byte lost earlier in a stream is
    // usually caught first by the decoder, as damaged data.)
    const trimmed = await openEdited((html) => {
      const lastPart = html.lastIndexOf('class="nd-wasm-part"');
      const end = html.indexOf("</script>", lastPart);
      const cut = html[end - 2] === "\x01" ? 2 : 1; // an escape pair is one byte
      return `${html.slice(0, end - cut)}${html.slice(end)}`;
    });
    assert.equal(trimmed.ready, "error");
    assert.match(trimmed.message, /single-file build: LZMA stream \d has (\d+) of its (\d+) bytes.*damaged/);

    // Served with a charset that is not the file's: the bytes are other characters by then.
    const server = await serveDir(path.dirname(SINGLE_FILE), "text/html; charset=utf-8");
    try {
      const page = await browser.context.newPage();
      await page.goto(`${server.url}netdiag.html`);
      await page.waitForFunction(() => document.body.dataset.ready !== "loading", null, { timeout: 60000 });
      assert.equal(await page.evaluate(() => document.body.dataset.ready), "error");
      assert.match(await page.locator("#fatal").textContent(), /the page was read as UTF-8, not windows-1252/);
      await page.close();
    } finally {
      await server.close();
    }

    // A truncated file (the last part lost): an error at the end of parsing, not a wait.
    const truncated = await openEdited((html) => {
      const last = html.lastIndexOf("<script", html.lastIndexOf('class="nd-wasm-part"'));
      const feeder = "<script>NetdiagApp.engine.feedInline()</script>";
      const end = html.indexOf(feeder, last) + feeder.length;
      assert.ok(last > 0 && end > last, "the last wasm part and its feeder");
      return html.slice(0, last) + html.slice(end);
    });
    assert.equal(truncated.ready, "error");
    assert.match(truncated.message, /single-file build: the inlined wasm is incomplete \((\d+) of (\d+) parts\)/);
    const [, got, of] = truncated.message.match(/\((\d+) of (\d+) parts\)/);
    assert.equal(Number(got), Number(of) - 1);
  });

  test("served over HTTP: compiled while downloading, the wasm fetched once", async () => {
    const before = browser.requests.length;
    const { page, errors } = await openPage(browser.context, server.url, log);
    await checkStartup(page, { inline: false });
    await checkRestart(page);
    const wasm = browser.requests.slice(before).filter((u) => u.endsWith(".wasm"));
    assert.equal(wasm.length, 1, `wasm requests: ${wasm.join(", ")}`);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
