// Hostile inputs through the page (issue 8), beside tests/hardening.test.mjs (markup payloads,
// runaway PACs, CSP, no off-host request) and the core's hostile-paste suite:
// - a PAC batch slower than its wall-clock budget: stopped from outside (the Worker is
//   re-created), the URL that was running and the budget that tripped are named, the answers
//   already computed stay on screen, and the page evaluates again afterwards; a URL slower
//   than the per-URL budget is stopped alone and the batch goes on; a batch run in chunks
//   answers exactly as one engine call;
// - PACs that tamper with String/Array/RegExp/Object prototypes: the native helpers still give
//   the right answers; a PAC that calls what it broke gets an error naming the line;
// - hostile pastes and files: binary junk with NUL bytes, terminal escapes, a UTF-8 BOM paste,
//   Latin-1 bytes in a UTF-8 file, UTF-16 files (outputs and PAC), a 2 MB single line and
//   20 MB pastes (as outputs), junk and escapes as a PAC source, a PAC on one 2 MB line: each
//   gives a result or a clear error within a bound, and a PAC evaluates after.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { REPO, SINGLE_FILE_URL, launch, openPage, serveWww } from "./helpers.mjs";

const log = process.env.NETDIAG_E2E_VERBOSE ? (line) => console.log(line) : () => {};

// ---------------------------------------------------------------- helpers
async function waitIdle(page, timeout = 60000) {
  await page.waitForFunction(
    () => {
      const b = document.querySelector('[data-testid="evaluate"]');
      return b && !b.disabled;
    },
    null,
    { timeout },
  );
}

async function evaluate(page, source, urls, timeout) {
  await page.getByTestId("pac-source").fill(source);
  await page.getByTestId("urls").fill(urls);
  await page.getByTestId("evaluate").click();
  await waitIdle(page, timeout);
}

/** The PAC panel's rows: primary proxy, or the error text. */
async function rows(page) {
  return page.$$eval('[data-testid="pac-result-row"]', (trs) =>
    trs.map((tr) => ({
      primary: tr.querySelector('td[data-col="primary"]').innerText.trim(),
      answer: tr.querySelector('td[data-col="answer"]').innerText.trim(),
      error: tr.querySelector('td[data-col="error"]').innerText.trim(),
    })),
  );
}

async function errorBox(page) {
  return page.evaluate(() => {
    const box = document.querySelector('[data-testid="error"]');
    return box && !box.hidden ? box.innerText : "";
  });
}

/** The page still works: a fresh PAC evaluates and its answer is shown. */
async function assertPacStillWorks(page, tag) {
  const proxy = `after-${tag}.example:8080`;
  await evaluate(page, `function FindProxyForURL(url, host) { return "PROXY ${proxy}; DIRECT"; }`, "http://still.example/");
  await page.locator('[data-testid="pac-result-row"] td[data-col="primary"]', { hasText: proxy }).first().waitFor();
  assert.equal(await page.evaluate(() => window.__NETDIAG_FATAL || null), null, tag);
}

/** Records every status line from now on (another panel may replace one in the same task). */
async function watchStatus(page) {
  await page.evaluate(() => {
    window.__statuses = [];
    const app = window.NetdiagApp;
    if (app.status.__watched) return;
    const original = app.status;
    app.status = (text) => {
      window.__statuses.push(String(text));
      original(text);
    };
    app.status.__watched = true;
  });
}

/** Puts `text` in the active paste and parses it; resolves to what the panel shows. */
async function parsePaste(page, text, timeout = 60000) {
  await watchStatus(page);
  await page.evaluate((t) => {
    const area = document.querySelector('[data-testid="outputs-text"]');
    area.value = t;
    area.dispatchEvent(new Event("input", { bubbles: true }));
  }, text);
  return parsed(page, timeout);
}

/** Waits for the parse started since watchStatus (by itself or from a file) to end. */
async function parsed(page, timeout = 60000) {
  await page.waitForFunction(() => window.__statuses.some((t) => /^(Parsed|Parsing failed)/.test(t)), null, {
    timeout,
    polling: 200,
  });
  await page.waitForFunction(() => !document.querySelector('[data-testid="outputs-parse"]').disabled, null, { timeout });
  return page.evaluate(() => ({
    status: window.__statuses.find((t) => /^(Parsed|Parsing failed)/.test(t)),
    summary: document.querySelector('[data-testid="outputs-summary"]').innerText,
    error: document.querySelector('[data-testid="outputs-error"]').hidden ? "" : document.querySelector('[data-testid="outputs-error"]').innerText,
    kinds: [...document.querySelectorAll('[data-testid="outputs-block"]')].map((b) => b.dataset.kind),
  }));
}

const ISAKMP = [
  "router1#show crypto isakmp sa",
  "IPv4 Crypto ISAKMP SA",
  "dst             src             state          conn-id status",
  "192.0.2.1       198.51.100.2    QM_IDLE           1001 ACTIVE",
  "",
].join("\n");

// ---------------------------------------------------------------- PACs
/** Every helper family on a decision path, after the prototypes were tampered with. */
const TAMPERED = `String.prototype.toLowerCase = function () { throw 1; };
RegExp.prototype.exec = function () { return ["x"]; };
RegExp.prototype.test = function () { return true; };
Object.defineProperty(String.prototype, "split", { get: function () { throw new Error("split getter"); } });
Array.prototype.join = function () { return "PROXY evil.example:1"; };
Object.prototype.toString = function () { throw 2; };
function FindProxyForURL(url, host) {
  if (isPlainHostName(host)) return "DIRECT";
  if (dnsDomainIs(host, ".corp.example")) return "DIRECT";
  if (shExpMatch(host, "*.files.example")) return "PROXY files.example:8080";
  if (isInNet(myIpAddress(), "192.0.2.0", "255.255.255.0")) return "PROXY office.example:8080; DIRECT";
  return "PROXY other.example:3128";
}
`;
const TAMPERED_URLS = "http://printer/\nhttp://app.corp.example/\nhttp://dl.files.example/a.zip\nhttp://www.example.com/";
const TAMPERED_ANSWERS = ["—", "—", "files.example:8080", "office.example:8080"];

/** Slow for every URL (about 760,000 loop iterations: under the per-URL iteration budget of
 * 1,000,000 and far under the per-URL time budget) so 120 URLs outlast the batch budget. */
const SLOW = `function spin() { var x = 0; for (var i = 0; i < 190000; i++) { x += i; } return x; }
function FindProxyForURL(url, host) {
  spin(); spin(); spin(); spin();
  return "PROXY slow.example:8080";
}`;
const SLOW_URLS = Array.from({ length: 120 }, (_, i) => `http://h${i + 1}.example/`);

// ---------------------------------------------------------------- tests
for (const delivery of ["served", "single file"]) {
  describe(`hostile inputs in the page (${delivery})`, () => {
    let browser;
    let server;
    let url;

    before(async () => {
      if (delivery === "single file") {
        url = SINGLE_FILE_URL;
      } else {
        server = await serveWww();
        url = server.url;
      }
      browser = await launch();
    });

    after(async () => {
      await browser?.close();
      await server?.close();
    });

    test("prototype tampering does not reach the native helpers; using what it broke names the line", async () => {
      const { page, errors } = await openPage(browser.context, url, log);
      await page.getByTestId("pac-myip").fill("192.0.2.55");
      await evaluate(page, TAMPERED, TAMPERED_URLS);
      await page.locator('[data-testid="pac-result-row"]').nth(3).waitFor();
      const got = await rows(page);
      assert.deepEqual(got.map((r) => r.primary), TAMPERED_ANSWERS, JSON.stringify(got));
      assert.deepEqual(got.map((r) => r.error), ["—", "—", "—", "—"]);
      assert.equal(await errorBox(page), "");

      const broken = 'String.prototype.toLowerCase = function () { throw new Error("lowercase broken"); };\nfunction FindProxyForURL(url, host) {\n  var h = host.toLowerCase();\n  return "DIRECT";\n}';
      await evaluate(page, broken, "http://a.example/");
      const [row] = await rows(page);
      assert.match(row.error, /line 3\b/, row.error);
      assert.match(row.error, /lowercase broken/, row.error);
      await assertPacStillWorks(page, "tampering");
      assert.deepEqual(errors, []);
      await page.close();
    });

    test("hostile pastes (NUL bytes and binary junk, terminal escapes, BOM, 2 MB line): a result each, then a PAC evaluates", async () => {
      const { page, errors } = await openPage(browser.context, url, log);
      // Every byte value, NUL included, as the characters a binary paste turns into.
      const junk = Array.from({ length: 200000 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join("");
      let shown = await parsePaste(page, junk);
      assert.equal(shown.error, "", "junk: no error");
      assert.match(shown.summary, /not recognised/, `junk: ${shown.summary}`);
      assert.ok(!shown.kinds.some((k) => k !== "unrecognised"), `junk recognised as ${shown.kinds}`);
      await assertPacStillWorks(page, "junk");

      // Colours, cursor moves, a window title and CRLF around a real output: cleaned, recognised.
      const ansi = `\x1b[31mrouter1#\x1b[0mshow crypto isakmp sa\r\n\x1b[2J\x1b[HIPv4 Crypto ISAKMP SA\r\n\x1b]0;title\x07dst             src             state          conn-id status\r\n\x1b[1m192.0.2.1\x1b[22m       198.51.100.2    QM_IDLE           1001 ACTIVE\r\n`;
      shown = await parsePaste(page, ansi);
      assert.deepEqual(shown.kinds, ["cisco_ios.show_crypto_isakmp_sa"], JSON.stringify(shown));
      assert.match(shown.summary, /1 record\b/);
      assert.match(shown.summary, /cleaned of terminal control characters/);
      await assertPacStillWorks(page, "ansi");

      // A BOM pasted at the start (copied from a UTF-8-with-BOM file).
      shown = await parsePaste(page, `\uFEFF${ISAKMP}`);
      assert.deepEqual(shown.kinds, ["cisco_ios.show_crypto_isakmp_sa"], JSON.stringify(shown));

      // The same junk as a PAC source: a syntax error with its line, then the page goes on.
      await evaluate(page, junk, "http://a.example/");
      assert.match(await errorBox(page), /Syntax error at line \d+/, (await errorBox(page)).slice(0, 300));
      // Terminal escapes around a PAC (copied from a terminal): an error naming line 1.
      await evaluate(page, `\x1b[32mfunction FindProxyForURL(url, host) { return "DIRECT"; }\x1b[0m`, "http://a.example/");
      assert.match(await errorBox(page), /line 1\b/, await errorBox(page));
      // A PAC on one 2 MB line (a minified block list): answered.
      const oneLine = `function FindProxyForURL(url, host) { var s = "${"a".repeat(2 * 1048576)}"; return "PROXY line.example:8080"; }`;
      await evaluate(page, oneLine, "http://a.example/", 120000);
      assert.deepEqual((await rows(page)).map((r) => r.primary), ["line.example:8080"]);

      // One 2 MB line with no break.
      shown = await parsePaste(page, `${"x".repeat(2 * 1048576)}`);
      assert.ok(shown.error === "" ? /block/.test(shown.summary) : /line|long|limit/i.test(shown.error), JSON.stringify(shown).slice(0, 400));
      await assertPacStillWorks(page, "long-line");
      assert.deepEqual(errors, []);
      await page.close();
    });

    test("files in other encodings: Latin-1 bytes in UTF-8, UTF-16 with a BOM (outputs and PAC)", async () => {
      const { page, errors } = await openPage(browser.context, url, log);
      // Latin-1 "é" (0xE9, invalid in UTF-8) in a banner line before a real output.
      await watchStatus(page);
      const latin1 = Buffer.concat([Buffer.from("! banner: caf"), Buffer.from([0xe9, 0xff, 0x00]), Buffer.from(`\n${ISAKMP}`)]);
      await page.locator("#outputs-file").setInputFiles({ name: "latin1.txt", mimeType: "text/plain", buffer: latin1 });
      let shown = await parsed(page);
      assert.ok(shown.kinds.includes("cisco_ios.show_crypto_isakmp_sa"), JSON.stringify(shown));

      const utf16 = (text) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
      await watchStatus(page);
      await page.locator("#outputs-file").setInputFiles({ name: "utf16.txt", mimeType: "text/plain", buffer: utf16(ISAKMP) });
      shown = await parsed(page);
      assert.ok(shown.kinds.includes("cisco_ios.show_crypto_isakmp_sa"), JSON.stringify(shown));

      // A PAC saved as UTF-16 (Windows Notepad does this): decoded by its byte order mark
      // (Blob.text() sniffs it); a regression would leave NULs and fail to compile.
      await page.getByTestId("urls").fill("http://x.example/");
      await page.locator("#pac-file").setInputFiles({
        name: "utf16.pac",
        mimeType: "text/plain",
        buffer: utf16('function FindProxyForURL(url, host) { return "PROXY utf16.example:80"; }'),
      });
      await page.locator('[data-testid="pac-result-row"] td[data-col="primary"]', { hasText: "utf16.example:80" }).first().waitFor();
      await waitIdle(page);
      assert.equal(await errorBox(page), "");
      assert.equal((await page.getByTestId("pac-source").inputValue()).charCodeAt(0), "f".charCodeAt(0), "no BOM or NUL left");
      await assertPacStillWorks(page, "encodings");
      assert.deepEqual(errors, []);
      await page.close();
    });

    if (delivery === "served") {
      // The budgets and the Worker restart are the same code in both deliveries: once is enough.
      test("a 20 MB paste gives a result in bounded time and the page still evaluates a PAC", async () => {
        const { page, errors } = await openPage(browser.context, url, log);
        const line = (i) => `Nov 25 10:${String(i % 60).padStart(2, "0")}:00 fw1 kernel: DROP IN=eth0 SRC=192.0.2.${i % 250} DST=198.51.100.${i % 200} LEN=${i % 1500}\n`;
        const parts = [];
        let size = 0;
        for (let i = 0; size < 20 * 1048576; i++) {
          const l = line(i);
          parts.push(l);
          size += l.length;
        }
        let shown = await parsePaste(page, parts.join(""), 240000);
        assert.ok(shown.error === "" ? /block/.test(shown.summary) : /limit|MB|stopped/i.test(shown.error), JSON.stringify(shown).slice(0, 400));
        await assertPacStillWorks(page, "20mb");
        // 20 MB of about 170,000 short command outputs: each a block with records. Today the
        // report outgrows the engine's 256 MiB and the engine stops: a clear error, quickly.
        shown = await parsePaste(page, ISAKMP.repeat(Math.ceil((20 * 1048576) / ISAKMP.length)), 240000);
        assert.ok(
          shown.error === "" ? /block/.test(shown.summary) : /too large|limit|MB|stopped/i.test(shown.error),
          JSON.stringify(shown).slice(0, 400),
        );
        await assertPacStillWorks(page, "20mb-blocks");
        assert.deepEqual(errors, []);
        await page.close();
      });

      test("a batch run in chunks answers exactly as one engine call", async () => {
        const { page, errors } = await openPage(browser.context, url, log);
        const source = readFileSync(path.join(REPO, "tests", "fixtures", "zscaler-style.pac"), "utf8");
        const urls = Array.from({ length: 600 }, (_, i) => `http://h${i}.example${i % 7}.com/p${i}`);
        urls.push("https://login.example.com/a?b", "http://intranet/", "http://192.0.2.9/", "not a url");
        const [batched, single] = await page.evaluate(async ([src, list]) => {
          const env = { now: "2026-01-05T10:00:00Z", tz: "UTC", my_ip: ["192.0.2.55"] };
          const a = await window.netdiag.evaluatePac(src, list, env);
          const b = await window.NetdiagApp.engine.call("evaluatePac", [src, list, env], { timeoutMs: 120000, single: true });
          return [a, b];
        }, [source, urls]);
        assert.equal(batched.results.length, urls.length);
        assert.deepEqual(batched, single);
        assert.deepEqual(errors, []);
        await page.close();
      });

      test("a URL slower than the per-URL budget: stopped from outside, the batch goes on", async () => {
        const { page, errors } = await openPage(browser.context, url, log);
        // Catastrophic backtracking: no loop for boa's limits to count, and wasm has no clock.
        const pac = `function FindProxyForURL(url, host) {
  if (url.indexOf("/slow") >= 0) /(a+)+$/.test("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!");
  return "PROXY ok.example:8080";
}`;
        await evaluate(page, pac, "http://a.example/slow\nhttp://b.example/\nhttp://c.example/", 120000);
        const got = await rows(page);
        assert.equal(got.length, 3);
        assert.match(got[0].error, /time limit: this URL ran longer than 15 s \(its budget, compiling the PAC included\); it was stopped from outside and the engine restarted/, got[0].error);
        assert.deepEqual(got.slice(1).map((r) => [r.primary, r.error]), [["ok.example:8080", "—"], ["ok.example:8080", "—"]]);
        assert.equal(await errorBox(page), "");
        await assertPacStillWorks(page, "per-url");
        assert.deepEqual(errors, []);
        await page.close();
      });

      test("Cancel stops a batch at once and the page evaluates again", async () => {
        const { page, errors } = await openPage(browser.context, url, log);
        await watchStatus(page);
        await page.getByTestId("pac-source").fill(SLOW);
        await page.getByTestId("urls").fill(SLOW_URLS.join("\n"));
        await page.getByTestId("evaluate").click();
        // Progress names the URLs being evaluated; cancel once a few are done.
        await page.waitForFunction(() => window.__statuses.some((t) => /^Evaluating URL [3-9]\d* of 120/.test(t)), null, { timeout: 60000 });
        const pressed = Date.now();
        await page.getByTestId("cancel").click();
        await waitIdle(page, 30000);
        assert.ok(Date.now() - pressed < 15000, `stopped ${Date.now() - pressed} ms after Cancel`);
        assert.match(await errorBox(page), /Evaluation failed: cancelled/);
        await assertPacStillWorks(page, "cancel");
        assert.deepEqual(errors, []);
        await page.close();
      });

      test("a batch slower than its budget: stopped from outside, the running URL and the limit named, answers kept", async () => {
        const { page, errors } = await openPage(browser.context, url, log);
        const started = Date.now();
        await evaluate(page, SLOW, SLOW_URLS.join("\n"), 180000);
        const elapsed = Date.now() - started;
        const box = await errorBox(page);
        log(`batch stopped after ${elapsed} ms: ${box}`);
        assert.match(box, /Stopped by a limit/, box);
        assert.match(box, /batch time limit: the 120 URLs together ran longer than \d+ s/, box);
        // Slow URLs run one at a time, so the stop names the exact URL.
        const running = box.match(/stopped while evaluating URL (\d+) of 120 \((\S+)\)/);
        assert.ok(running, box);
        assert.match(box, /the engine was restarted; \d+ answers? kept, \d+ URLs? not evaluated/, box);

        const got = await rows(page);
        assert.equal(got.length, 120, "every URL keeps its row");
        const done = got.filter((r) => r.primary === "slow.example:8080");
        assert.ok(done.length >= 1 && done.length < 120, `${done.length} answers kept`);
        // The finished answers come first and are whole; the rest say why they have none.
        assert.ok(got.slice(0, done.length).every((r) => r.error === "—"));
        const stopped = got.slice(done.length);
        assert.match(stopped[0].error, /stopped here: batch time limit/, stopped[0].error);
        assert.equal(Number(running[1]), done.length + 1, box);
        assert.equal(running[2], SLOW_URLS[done.length]);
        assert.match(stopped[stopped.length - 1].error, /not evaluated: the batch was stopped before this URL/);
        // The batch budget of the PAC panel is 20 s + 25 ms per URL; the stop comes soon after.
        assert.ok(elapsed < 90000, `took ${elapsed} ms`);
        await assertPacStillWorks(page, "batch");
        assert.deepEqual(errors, []);
        await page.close();
      });
    }
  });
}
