// How a batch of URLs is cut into engine calls (www/js/engine.js evaluatePacBatch, issue 7):
// a PAC the native subset evaluator answers alone runs in a few large chunks (each call has a
// fixed cost, so fewer calls are faster), a PAC that needs
// boa keeps the small chunks that let the per-URL budget name the URL at fault, and either
// way the batch answers exactly as one engine call; full-size native chunks are posted two at
// a time (the Worker evaluates one while the page parses the other's answer). Chunk sizes and
// when they were posted are read by wrapping Worker.prototype.postMessage in the page: the
// page itself exposes nothing for this.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { SINGLE_FILE_URL, launch, openPage } from "./helpers.mjs";

const log = (line) => {
  if (process.env.NETDIAG_E2E_VERBOSE) console.log(line);
};

const SUBSET = [
  "function FindProxyForURL(url, host) {",
  '  if (isPlainHostName(host) || dnsDomainIs(host, ".corp.example")) return "DIRECT";',
  '  if (shExpMatch(host, "*.lab.example")) return "PROXY lab.example.net:3128";',
  '  return "PROXY proxy1.example.net:8080; DIRECT";',
  "}",
].join("\n");

// A loop keeps the PAC out of the native subset: boa answers every URL.
const LOOPING = [
  "function FindProxyForURL(url, host) {",
  '  var list = [".corp.example", ".lab.example"];',
  "  for (var i = 0; i < list.length; i++) {",
  '    if (dnsDomainIs(host, list[i])) return "DIRECT";',
  "  }",
  '  return "PROXY proxy1.example.net:8080";',
  "}",
].join("\n");

const ENV = { now: "2026-03-02T09:00:00Z", tz: "UTC", my_ip: ["192.0.2.55"] };

/** `n` URLs over plain, corp, lab and public hosts, so every branch of SUBSET answers. */
function urlList(n) {
  const hosts = ["intranet", "wiki.corp.example", "build.lab.example", "www.example.com"];
  return Array.from({ length: n }, (_, i) => `http://${i}.${hosts[i % 4]}/p${i}`.replace("//0.", "//"));
}

/** Runs `pac` over `urls` as a batch (window.netdiag.evaluatePac) and as one engine call;
 * returns both reports and the URL count of every evaluatePac message sent to the Worker. */
async function batchAndSingle(page, pac, urls) {
  return page.evaluate(
    async ([src, list, env]) => {
      const sizes = [];
      const times = [];
      const post = Worker.prototype.postMessage;
      Worker.prototype.postMessage = function (message, ...rest) {
        if (message && message.op === "evaluatePac") {
          sizes.push(message.args[1].length);
          times.push(performance.now());
        }
        return post.call(this, message, ...rest);
      };
      try {
        const batched = await window.netdiag.evaluatePac(src, list, env);
        const batchSizes = sizes.splice(0);
        const postedAt = times.splice(0);
        const single = await window.NetdiagApp.engine.call("evaluatePac", [src, list, env], {
          timeoutMs: 300000,
          single: true,
        });
        return { batched, single, sizes: batchSizes, postedAt, singleSizes: sizes };
      } finally {
        Worker.prototype.postMessage = post;
      }
    },
    [pac, urls, ENV],
  );
}

describe("PAC batches in chunks (single file)", () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    if (browser) await browser.close();
  });

  test("a native-subset PAC runs in a few large chunks and answers as one call", async () => {
    const { page, errors } = await openPage(browser.context, SINGLE_FILE_URL, log);
    const urls = urlList(6000);
    const { batched, single, sizes, postedAt, singleSizes } = await batchAndSingle(page, SUBSET, urls);
    log(`chunks: ${sizes.join(", ")} posted at ${postedAt.map((t) => t.toFixed(1)).join(", ")}`);
    // After a full-size native chunk the next one is posted at once, so the Worker evaluates it
    // while the page parses the answer before (evaluating and parsing 4,000 URLs take tens of
    // ms: posting after the answer would leave that gap).
    const full = sizes.indexOf(4000);
    assert.ok(full >= 0 && full + 1 < sizes.length, `a full chunk with one after it: ${sizes}`);
    assert.ok(postedAt[full + 1] - postedAt[full] < 5, `posted together: ${postedAt}`);
    assert.equal(batched.evaluator.kind, "native_subset");
    assert.equal(batched.evaluator.boa_urls, 0);
    assert.equal(sizes.reduce((a, b) => a + b, 0), urls.length, `every URL sent once: ${sizes}`);
    assert.deepEqual(singleSizes, [urls.length]);
    // Before issue 7 the cap was 500 URLs and chunks grew 4x: at least 16 calls for 6,000 URLs.
    assert.ok(sizes.length <= 7, `few chunks: ${sizes}`);
    assert.ok(Math.max(...sizes) > 500, `larger chunks than boa's cap: ${sizes}`);
    // One chunk's answer is parsed in one main-thread task: its size stays bounded.
    assert.ok(Math.max(...sizes) <= 4000, `bounded chunks: ${sizes}`);
    assert.equal(batched.results.length, urls.length);
    assert.deepEqual(batched, single);
    const answers = new Set(batched.results.map((r) => r.result));
    assert.deepEqual(
      [...answers].sort(),
      ["DIRECT", "PROXY lab.example.net:3128", "PROXY proxy1.example.net:8080; DIRECT"],
    );
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("a PAC that needs boa keeps chunks of at most 500 URLs and answers as one call", async () => {
    const { page, errors } = await openPage(browser.context, SINGLE_FILE_URL, log);
    const urls = urlList(1500);
    const { batched, single, sizes } = await batchAndSingle(page, LOOPING, urls);
    log(`chunks: ${sizes.join(", ")}`);
    assert.equal(batched.evaluator.kind, "boa");
    assert.equal(sizes.reduce((a, b) => a + b, 0), urls.length, `every URL sent once: ${sizes}`);
    assert.ok(Math.max(...sizes) <= 500, `boa chunks stay small: ${sizes}`);
    assert.deepEqual(sizes.slice(0, 2), [1, 2], "the first two chunks measure the fixed cost");
    assert.deepEqual(batched, single);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
