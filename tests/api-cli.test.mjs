// One schema: `window.netdiag.evaluatePac` in the page returns exactly the JSON object the
// native CLI prints (`netdiag pac eval --format json`) for the same PAC, URLs and a fully
// specified env. Also run over the real PAC files in ../shared/corpus/pac when present.

import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { REPO, cliEnvArgs, corpusDir, launch, openPage, runCli, serveWww } from "./helpers.mjs";

const FIXTURE = path.join(REPO, "tests", "fixtures", "zscaler-style.pac");
const work = mkdtempSync(path.join(tmpdir(), "netdiag-cli-"));

const URLS = [
  "http://intranet/",
  "https://sso.idp.example/login?user=a&next=%2F",
  "http://app.corp.example:8080/x",
  "http://www.example.com/",
  "http://198.51.100.20/",
  "ftp://files.example.org/pub/",
  "http://[2001:db8::7]/",
];

const ENV = {
  dns: {
    "app.corp.example": "192.0.2.44",
    "www.example.com": ["198.51.100.7", "2001:db8::7"],
    "gone.example": null,
  },
  my_ip: ["192.0.2.55", "2001:db8::55"],
  now: "2026-03-29T01:30:00Z",
  tz: "Europe/Stockholm",
  macros: { GATEWAY: "gw1.proxy.example", SECONDARY_GATEWAY: "gw2.proxy.example" },
  client: "chromium",
  keep_url: false,
};

async function viaCli(pacFile, urls, env) {
  const args = ["pac", "eval", pacFile, "--format", "json", ...urls.flatMap((u) => ["--url", u]), ...cliEnvArgs(env)];
  const { code, stdout, stderr } = await runCli(args);
  assert.ok(code === 0 || code === 1, `CLI exit ${code}: ${stderr}`);
  try {
    return JSON.parse(stdout);
  } catch (error) {
    throw new Error(`CLI printed no JSON (${error.message}):\n${stdout.slice(0, 500)}\n${stderr}`);
  }
}

describe("page API and CLI agree", () => {
  let browser;
  let server;
  let page;
  before(async () => {
    server = await serveWww();
    browser = await launch();
    ({ page } = await openPage(browser.context, server.url));
  });
  after(async () => {
    if (browser) await browser.close();
    if (server) await server.close();
  });

  const viaPage = (source, urls, env) =>
    page.evaluate(([s, u, e]) => window.netdiag.evaluatePac(s, u, e), [source, urls, env]);

  test("fixture PAC, fully specified env: identical JSON", async () => {
    const source = readFileSync(FIXTURE, "utf8");
    const fromPage = await viaPage(source, URLS, ENV);
    const fromCli = await viaCli(FIXTURE, URLS, ENV);
    assert.deepStrictEqual(fromPage, fromCli);
    // Not vacuous: the answers are the expected ones.
    const www = fromPage.results.find((r) => r.url === "http://www.example.com/");
    assert.equal(www.primary, "gw1.proxy.example:80");
    assert.equal(www.secondary, "gw2.proxy.example:80");
    assert.equal(www.fallback_direct, true);
    assert.equal(fromPage.results.find((r) => r.url === "http://intranet/").bypass, true);
    assert.equal(fromPage.env.tz, "Europe/Stockholm");
  });

  test("other client profile and keep_url: identical JSON", async () => {
    const env = { ...ENV, client: "winhttp", keep_url: true, macros: {} };
    const source = readFileSync(FIXTURE, "utf8");
    const fromPage = await viaPage(source, URLS, env);
    assert.deepStrictEqual(fromPage, await viaCli(FIXTURE, URLS, env));
    const sso = fromPage.results.find((r) => r.url.startsWith("https://sso."));
    assert.equal(sso.pac_url, sso.url, "keep_url passes the URL unchanged");
    assert.ok(fromPage.warnings.length + fromPage.results.flatMap((r) => r.warnings).length > 0, "unbound macros warn");
  });

  test("syntax error: identical JSON", async () => {
    const file = path.join(work, "broken.pac");
    const source = "function FindProxyForURL(url, host) {\n  return (;\n}\n";
    writeFileSync(file, source);
    const fromPage = await viaPage(source, ["http://a.example/"], ENV);
    const { code, stdout } = await runCli(["pac", "eval", file, "--format", "json", "--url", "http://a.example/", ...cliEnvArgs(ENV)]);
    assert.equal(code, 2, "an unusable PAC exits 2");
    assert.deepStrictEqual(fromPage, JSON.parse(stdout));
    assert.equal(fromPage.error.line, 2);
  });

  test("real PAC files of ../shared/corpus/pac: identical JSON", async (t) => {
    const dir = corpusDir("pac");
    if (!dir) {
      console.log("SKIP: ../shared/corpus/pac not found next to the repository; corpus comparison skipped");
      t.skip("../shared/corpus/pac not found");
      return;
    }
    const files = readdirSync(dir).filter((f) => /\.(pac|dat)$/.test(f)).sort();
    assert.ok(files.length > 0);
    const urls = [
      ...URLS,
      "https://login.microsoftonline.com/common/oauth2",
      "http://trust.zscaler.com/",
      "http://www.manugarg.com/",
      "http://intranet.manugarg.com/",
      "https://ads.doubleclick.net/ad.js",
    ];
    for (const name of files) {
      const file = path.join(dir, name);
      const fromPage = await viaPage(readFileSync(file, "utf8"), urls, ENV);
      assert.deepStrictEqual(fromPage, await viaCli(file, urls, ENV), name);
      assert.equal(fromPage.results.length, urls.length, name);
    }
  });
});
