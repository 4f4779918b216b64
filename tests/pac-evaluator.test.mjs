// The PAC summary says which evaluator answered: netdiag's native subset evaluator for a PAC of
// if/else over helpers, boa (with the construct and line that kept the PAC out of the subset)
// for anything else. Checked in the served page and in the single file, through the UI and
// through window.netdiag.evaluatePac.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { SINGLE_FILE_URL, launch, openPage, serveWww } from "./helpers.mjs";

const log = (line) => {
  if (process.env.NETDIAG_E2E_VERBOSE) console.log(line);
};

const SUBSET = [
  "function FindProxyForURL(url, host) {",
  '  if (isPlainHostName(host) || dnsDomainIs(host, ".corp.example")) return "DIRECT";',
  '  return "PROXY proxy1.example.net:8080; DIRECT";',
  "}",
].join("\n");

const LOOPING = [
  "function FindProxyForURL(url, host) {",
  '  var list = [".corp.example", ".lab.example"];',
  "  for (var i = 0; i < list.length; i++) {",
  '    if (dnsDomainIs(host, list[i])) return "DIRECT";',
  "  }",
  '  return "PROXY proxy1.example.net:8080";',
  "}",
].join("\n");

const ENV = { now: "2026-03-02T09:00:00Z", tz: "UTC" };

/** Evaluates `pac` through the panel and returns the evaluator line. */
async function evaluatorLine(page, pac) {
  await page.getByTestId("pac-source").fill(pac);
  await page.getByTestId("urls").fill("http://www.corp.example/\nhttps://www.example.com/");
  await page.getByTestId("evaluate").click();
  await page.locator('[data-testid="pac-result-row"]').nth(1).waitFor();
  await page.waitForFunction(() => {
    const b = document.querySelector('[data-testid="evaluate"]');
    return b && !b.disabled;
  });
  return (await page.getByTestId("pac-evaluator").innerText()).trim();
}

describe("PAC evaluator shown in the page", () => {
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

  for (const [where, url] of [
    ["served page", () => server.url],
    ["single file", () => SINGLE_FILE_URL],
  ]) {
    test(`${where}: native subset vs boa with the reason and line`, async () => {
      const { page, errors } = await openPage(browser.context, url(), log);
      assert.match(await evaluatorLine(page, SUBSET), /^Evaluator: native/);
      const boa = await evaluatorLine(page, LOOPING);
      assert.match(boa, /^Evaluator: boa JavaScript engine/);
      assert.match(boa, /outside the native subset: line 2: array literal/);
      // The API returns the same field the CLI prints.
      const report = await page.evaluate(
        ([src, env]) => window.netdiag.evaluatePac(src, ["http://www.corp.example/"], env),
        [SUBSET, ENV],
      );
      assert.deepEqual(report.evaluator, {
        kind: "native_subset",
        fallback_reason: null,
        boa_urls: 0,
        boa_url_reason: null,
      });
      assert.equal(report.results[0].result, "DIRECT");
      assert.equal(report.results[0].rule.line, 2);
      assert.deepEqual(errors, []);
      await page.close();
    });
  }
});
