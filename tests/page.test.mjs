// End-to-end tests of the page in headless Chromium, served over HTTP and as the single file
// opened from file://: type a PAC and URLs, read the table, jump to the deciding line; syntax
// errors and hostile PACs; no request leaves 127.0.0.1 / file://.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { REPO, SINGLE_FILE_URL, isLocal, launch, openPage, screenshot, serveWww } from "./helpers.mjs";

const PAC = readFileSync(path.join(REPO, "tests", "fixtures", "zscaler-style.pac"), "utf8");
const URLS = [
  "http://intranet/",
  "Ticket 4711: users cannot reach https://sso.idp.example/login?user=a (since 9:00) nor",
  "http://app.corp.example/",
  "www.example.com",
].join("\n");
const DNS = "app.corp.example = 192.0.2.44\nwww.example.com = 198.51.100.7\nsso.idp.example = 203.0.113.9";

const log = (line) => {
  if (process.env.NETDIAG_E2E_VERBOSE) console.log(line);
};

/** Cell text of row `i` in column `col`. */
async function cell(page, i, col) {
  return (await page.locator('[data-testid="pac-result-row"]').nth(i).locator(`td[data-col="${col}"]`).innerText()).trim();
}

async function waitRows(page, n) {
  await page.locator('[data-testid="pac-result-row"]').nth(n - 1).waitFor();
  assert.equal(await page.locator('[data-testid="pac-result-row"]').count(), n);
}

/** Waits until the current evaluation has finished (the button is enabled again). */
async function waitIdle(page) {
  await page.waitForFunction(() => {
    const b = document.querySelector('[data-testid="evaluate"]');
    return b && !b.disabled;
  });
}

/** The whole user flow of issue 2 item 8; returns the page for more checks. */
async function pacFlow(page, name) {
  await page.getByTestId("pac-source").fill(PAC);
  await page.getByTestId("urls").fill(URLS);
  await page.getByTestId("pac-dns").fill(DNS);
  await page.getByTestId("pac-myip").fill("192.0.2.55");
  await page.getByTestId("pac-tz").fill("Europe/Stockholm");
  assert.match(await page.getByTestId("urls-hint").innerText(), /^4 URLs to test/);
  await page.getByTestId("evaluate").click();
  await waitRows(page, 4);
  await waitIdle(page);

  // The macros of the PAC are listed; binding them evaluates again.
  const macros = page.getByTestId("pac-macro");
  assert.equal(await macros.count(), 2);
  assert.equal(await cell(page, 3, "primary"), "${GATEWAY}:80");
  await page.locator('input[data-macro="GATEWAY"]').fill("gw1.proxy.example");
  await page.locator('input[data-macro="SECONDARY_GATEWAY"]').fill("gw2.proxy.example");
  await page.locator('input[data-macro="SECONDARY_GATEWAY"]').press("Enter");
  await page.locator('[data-testid="pac-result-row"] td[data-col="primary"]', { hasText: "gw1.proxy.example:80" }).first().waitFor();
  await waitIdle(page);

  // Row order follows the URL list; the ticket line gave its URL, the bare host got http://.
  assert.equal(await cell(page, 0, "bypass"), "Yes (DIRECT)");
  assert.match(await cell(page, 0, "rule"), /^line 8:/);
  assert.match(await cell(page, 1, "url"), /^https:\/\/sso\.idp\.example\/login\?user=a/);
  assert.match(await cell(page, 1, "url"), /PAC saw https:\/\/sso\.idp\.example\//);
  assert.equal(await cell(page, 1, "bypass"), "Yes (DIRECT)");
  assert.match(await cell(page, 1, "rule"), /^line 16:/);
  assert.match(await cell(page, 2, "rule"), /^line 12:/);
  assert.match(await cell(page, 2, "dns"), /lookup/);
  assert.match(await cell(page, 3, "url"), /^http:\/\/www\.example\.com\//);
  assert.equal(await cell(page, 3, "primary"), "gw1.proxy.example:80");
  assert.equal(await cell(page, 3, "secondary"), "gw2.proxy.example:80");
  assert.equal(await cell(page, 3, "bypass"), "No");
  assert.equal(await cell(page, 3, "fallback"), "Yes");
  assert.equal(await cell(page, 3, "error"), "—");

  const counts = await page.getByTestId("pac-counts").innerText();
  assert.match(counts, /4 URLs: 3 bypass \(DIRECT\) 1 proxied 0 errors/);
  assert.match(await page.getByTestId("pac-primaries").innerText(), /gw1\.proxy\.example:80 \(1 URL\)/);
  assert.match(await page.getByTestId("pac-secondaries").innerText(), /gw2\.proxy\.example:80/);

  // The deciding line of the proxied URL is highlighted in the numbered source view.
  await page.locator('[data-testid="pac-result-row"]').nth(3).locator('td[data-col="rule"] button').click();
  const target = page.locator('[data-testid="pac-source-view"] li.is-target');
  assert.equal(await target.count(), 1);
  assert.equal(await target.getAttribute("data-line"), "18");
  assert.match(await target.innerText(), /return "PROXY \$\{GATEWAY\}:80/);
  assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.dataset.line), "18");
  await screenshot(page, name);
  await screenshot(page, `${name}-results`, "#pac-output");
  return page;
}

describe("netdiag page", () => {
  let browser;
  let server;
  before(async () => {
    server = await serveWww();
    browser = await launch();
  });
  after(async () => {
    if (browser) await browser.close();
    if (server) await server.close();
  });

  test("served page: type a PAC and URLs, evaluate, read the table, jump to the deciding line", async () => {
    const { page, errors } = await openPage(browser.context, server.url, log);
    await pacFlow(page, "served-light");
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("single file from file:// does the same, with no server", async () => {
    const { page, errors } = await openPage(browser.context, SINGLE_FILE_URL, log);
    assert.equal(await page.evaluate(() => location.protocol), "file:");
    assert.equal(await page.evaluate(() => Boolean(document.getElementById("nd-wasm"))), true);
    await pacFlow(page, "single-file-light");
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("inputs survive a reload (localStorage), results do not pretend to", async () => {
    const { page } = await openPage(browser.context, server.url, log);
    await page.getByTestId("pac-source").fill(PAC);
    await page.getByTestId("urls").fill("http://kept.example/");
    await page.getByTestId("pac-client").selectOption("firefox");
    await page.evaluate(() => window.NetdiagApp.persist.flush());
    await page.reload();
    await page.waitForFunction(() => document.body.dataset.ready === "true");
    assert.equal(await page.getByTestId("pac-source").inputValue(), PAC);
    assert.equal(await page.getByTestId("urls").inputValue(), "http://kept.example/");
    assert.equal(await page.getByTestId("pac-client").inputValue(), "firefox");
    assert.equal(await page.locator('[data-testid="pac-result-row"]').count(), 0);
    await page.close();
  });

  test("Open file… and dropping a file on the panel load the PAC and evaluate it", async () => {
    const { page, errors } = await openPage(browser.context, server.url, log);
    await page.getByTestId("urls").fill("http://www.example.com/\nhttp://intranet/");
    await page.locator("#pac-file").setInputFiles({ name: "corp.pac", mimeType: "text/plain", buffer: Buffer.from(PAC) });
    await waitRows(page, 2);
    assert.equal(await page.getByTestId("pac-source").inputValue(), PAC);
    assert.match(await page.getByTestId("pac-file-name").innerText(), /corp\.pac/);

    const dropped = 'function FindProxyForURL(url, host) {\n  return "PROXY dropped.example:3128";\n}\n';
    const transfer = await page.evaluateHandle((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], "dropped.pac", { type: "text/plain" }));
      return dt;
    }, dropped);
    await page.dispatchEvent("#pac-panel", "dragover", { dataTransfer: transfer });
    await page.dispatchEvent("#pac-panel", "drop", { dataTransfer: transfer });
    await page.locator('[data-testid="pac-result-row"] td[data-col="primary"]', { hasText: "dropped.example:3128" }).first().waitFor();
    assert.equal(await page.getByTestId("pac-source").inputValue(), dropped);
    assert.match(await page.getByTestId("pac-file-name").innerText(), /dropped\.pac/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("an engine that cannot load sets data-ready=error and says why", async () => {
    const page = await browser.context.newPage();
    await page.route("**/pkg/netdiag_wasm_bg.wasm", (route) => route.fulfill({ status: 404, body: "gone" }));
    await page.goto(server.url);
    await page.waitForFunction(() => document.body.dataset.ready === "error");
    assert.match(await page.getByTestId("fatal").innerText(), /engine could not be loaded: could not load pkg\/netdiag_wasm_bg\.wasm: HTTP 404/);
    assert.equal(await page.getByTestId("evaluate").isDisabled(), true);
    await page.close();
  });

  test("a syntax error shows line:column and the source line, and the input stays", async () => {
    const { page } = await openPage(browser.context, server.url, log);
    const bad = 'function FindProxyForURL(url, host) {\n  return (;\n}\n';
    await page.getByTestId("pac-source").fill(bad);
    await page.getByTestId("urls").fill("http://a.example/");
    await page.getByTestId("pac-source").press("Control+Enter");
    const box = page.getByTestId("error");
    await box.waitFor({ state: "visible" });
    const text = await box.innerText();
    assert.match(text, /line 2, column \d+/);
    assert.match(text, /\(2:\d+\)/);
    assert.match(text, /return \(;/);
    assert.equal(await page.getByTestId("pac-source").inputValue(), bad);
    assert.equal(await page.getByTestId("urls").inputValue(), "http://a.example/");
    await screenshot(page, "syntax-error");
    await page.close();
  });

  test("bad environment input is reported with its line and nothing is evaluated", async () => {
    const { page } = await openPage(browser.context, server.url, log);
    await page.getByTestId("pac-source").fill(PAC);
    await page.getByTestId("urls").fill("http://a.example/");
    await page.getByTestId("pac-dns").fill("ok.example = 192.0.2.1\nbroken.example = not-an-ip");
    await page.getByTestId("evaluate").click();
    const box = page.getByTestId("error");
    await box.waitFor({ state: "visible" });
    assert.match(await box.innerText(), /DNS line 2: "not-an-ip" is not an IP address/);
    assert.equal(await page.locator('[data-testid="pac-result-row"]').count(), 0);
    await page.close();
  });

  test("hostile PACs end in an error and the page still evaluates a good PAC afterwards", async () => {
    const { page, errors } = await openPage(browser.context, server.url, log);
    await page.getByTestId("urls").fill("http://www.example.com/");
    const hostile = [
      "function FindProxyForURL(url, host) { while(true){} }",
      'function FindProxyForURL(url, host) { var s = "xxxxxxxx"; while (true) { s = s + s; } }',
      `function FindProxyForURL(url, host) { return ${"[".repeat(3000)}${"]".repeat(3000)}; }`,
    ];
    for (const source of hostile) {
      await page.getByTestId("pac-source").fill(source);
      await page.getByTestId("evaluate").click();
      await waitIdle(page);
      const shown = await page.evaluate(() => {
        const box = document.querySelector('[data-testid="error"]');
        const rowError = document.querySelector('tr.row-error td[data-col="error"]');
        return (box && !box.hidden ? box.innerText : "") + (rowError ? rowError.innerText : "");
      });
      // The engine's own words: a limit, the nesting guard, or the Worker being stopped.
      assert.match(shown, /limit|nested|engine stopped|ran longer/i, `for: ${source.slice(0, 60)}`);
      assert.equal(await page.evaluate(() => window.__NETDIAG_FATAL || null), null);
    }
    await page.getByTestId("pac-source").fill(PAC);
    await page.getByTestId("evaluate").click();
    await page.locator('[data-testid="pac-result-row"] td[data-col="primary"]', { hasText: "${GATEWAY}:80" }).first().waitFor();
    assert.equal(await page.getByTestId("error").isHidden(), true);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("a call over its wall-clock budget is stopped, the engine restarts, results stay", async () => {
    const { page } = await openPage(browser.context, server.url, log);
    const outcome = await page.evaluate(async () => {
      const engine = window.NetdiagApp.engine;
      const slow = "function FindProxyForURL(u, h) { for (var i = 0; i < 100000; i++) {} return 'DIRECT'; }";
      const env = { now: "2026-01-05T10:00:00Z", tz: "UTC" };
      let timedOut = null;
      try {
        await engine.call("evaluatePac", [slow, ["http://a.example/"], env], { timeoutMs: 1 });
      } catch (error) {
        timedOut = { name: error.name, message: error.message };
      }
      const after = await window.netdiag.evaluatePac("function FindProxyForURL(u, h) { return 'DIRECT'; }", ["http://a.example/"], env);
      return { timedOut, result: after.results[0].result };
    });
    assert.equal(outcome.timedOut && outcome.timedOut.name, "TimeoutError");
    assert.match(outcome.timedOut.message, /stopped; the engine was restarted/);
    assert.equal(outcome.result, "DIRECT");
    await page.close();
  });

  test("Cancel stops a slow evaluation and keeps the previous results", async () => {
    const { page } = await openPage(browser.context, server.url, log);
    await page.getByTestId("pac-source").fill(PAC);
    await page.getByTestId("urls").fill("http://www.example.com/");
    await page.getByTestId("evaluate").click();
    await waitRows(page, 1);
    await waitIdle(page);
    // About 150,000 loop iterations per URL (inside the engine's limits) for 60 URLs: seconds of work.
    const slow = "function FindProxyForURL(url, host) {\n  for (var i = 0; i < 150000; i++) {}\n  return \"DIRECT\";\n}\n";
    await page.getByTestId("pac-source").fill(slow);
    await page.getByTestId("urls").fill(Array.from({ length: 60 }, (_, i) => `http://h${i}.example/`).join("\n"));
    await page.getByTestId("evaluate").click();
    await page.getByTestId("progress").waitFor({ state: "visible" });
    await page.getByTestId("cancel").click();
    await waitIdle(page);
    assert.match(await page.getByTestId("error").innerText(), /cancelled; the engine was restarted/);
    assert.equal(await page.locator('[data-testid="pac-result-row"]').count(), 1, "previous results kept");
    assert.equal(await cell(page, 0, "primary"), "${GATEWAY}:80");
    assert.equal(await page.getByTestId("progress").isHidden(), true);
    await page.close();
  });

  test("window.netdiag.evaluatePac rejects bad arguments with a TypeError", async () => {
    const { page } = await openPage(browser.context, server.url, log);
    const names = await page.evaluate(async () => {
      const out = [];
      for (const args of [[1, []], ["x", "http://a/"], ["x", [1]], ["x", [], "env"]]) {
        try {
          await window.netdiag.evaluatePac(...args);
          out.push("resolved");
        } catch (error) {
          out.push(error.name);
        }
      }
      return out;
    });
    assert.deepEqual(names, ["TypeError", "TypeError", "TypeError", "TypeError"]);
    await page.close();
  });

  test("dark mode and a narrow screen render (screenshots in tests/artifacts)", async () => {
    const dark = await launch({ scheme: "dark", viewport: { width: 1400, height: 1000 } });
    try {
      const { page, errors } = await openPage(dark.context, server.url, log);
      await pacFlow(page, "served-dark");
      const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.equal(bg, "rgb(15, 18, 22)");
      await page.setViewportSize({ width: 420, height: 900 });
      await screenshot(page, "served-dark-narrow");
      assert.deepEqual(errors, []);
      assert.ok(dark.requests.length > 0 && dark.requests.every(isLocal), dark.requests.join("\n"));
    } finally {
      await dark.close();
    }
  });

  test("no request left 127.0.0.1 or file:// during these tests", () => {
    assert.ok(browser.requests.length > 5, "requests were recorded");
    assert.ok(browser.requests.some((u) => u.startsWith("file:")), "file:// page was loaded");
    const foreign = browser.requests.filter((u) => !isLocal(u));
    assert.deepEqual(foreign, []);
  });
});
