// PAC review in the page (headless Chromium): compare two PAC versions in the "Compare
// versions" panel (served page and the single file from file://), lint results beside the
// marked source in the PAC panel, and `window.netdiag.lintPac` / `diffPac` returning exactly
// the JSON of `netdiag pac lint|diff --format json` (also over ../shared/corpus/pac).

import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { SINGLE_FILE_URL, cliEnvArgs, corpusDir, isLocal, launch, openPage, runCli, screenshot, serveWww } from "./helpers.mjs";

// Fixtures written for these tests: documentation names only.
const OLD = `function FindProxyForURL(url, host) {
  if (isPlainHostName(host) || dnsDomainIs(host, ".corp.example")) return "DIRECT";
  if (shExpMatch(host, "*.files.example")) return "DIRECT";
  return "PROXY p1.example:80; PROXY p2.example:80; DIRECT";
}
`;
// Moved bypass (files -> media), an added IdP bypass, and primary/secondary swapped.
const NEW = `function FindProxyForURL(url, host) {
  if (isPlainHostName(host) || dnsDomainIs(host, ".corp.example")) return "DIRECT";
  if (shExpMatch(host, "*.media.example")) return "DIRECT";
  if (shExpMatch(host, "*.okta.com")) return "DIRECT";
  return "PROXY p2.example:80; PROXY p1.example:80; DIRECT";
}
`;
const LINTME = `function FindProxyForURL(url, host) {
  if (dnsDomainIs(host, "corp.example")) return "DIRECT";
  if (isPlainHostName(host)) return "DIRECTT";
  return "PROXY p1.example:80";
}
`;
const ENV = { now: "2026-01-05T10:00:00Z", tz: "UTC", my_ip: ["192.0.2.55"], client: "chromium" };

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** Serious or critical WCAG 2 A/AA violations (axe-core), as in tests/a11y.test.mjs. */
async function axeViolations(page) {
  await page.evaluate(AXE);
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
  );
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join(", ")}`);
}

/** Lint findings and a compare table on screen. */
async function reviewOnScreen(page) {
  await setEnv(page);
  await page.getByTestId("pac-source").fill(LINTME);
  await page.getByTestId("lint").click();
  await page.locator('[data-testid="lint-finding"]').first().waitFor();
  await page.getByTestId("cmp-old").fill(OLD);
  await page.getByTestId("cmp-new").fill(NEW);
  await page.getByTestId("compare").click();
  await page.locator('[data-testid="cmp-row"]').first().waitFor();
  await page.waitForFunction(() => !document.querySelector('[data-testid="compare"]').disabled);
}

const work = mkdtempSync(path.join(tmpdir(), "netdiag-review-"));
const log = (line) => {
  if (process.env.NETDIAG_E2E_VERBOSE) console.log(line);
};

function file(name, text) {
  const p = path.join(work, name);
  writeFileSync(p, text);
  return p;
}

async function cliJson(args, okCodes) {
  const { code, stdout, stderr } = await runCli(args);
  assert.ok(okCodes.includes(code), `CLI exit ${code}: ${stderr}`);
  return JSON.parse(stdout);
}

/** A PAC server on 127.0.0.1, on another port than the page: cross-origin, as in real use. */
async function startPacServer() {
  const seen = [];
  const pacServer = createServer((req, res) => {
    seen.push(req.url);
    const cors = { "Access-Control-Allow-Origin": "*" };
    if (req.url === "/old.pac") {
      res.writeHead(200, { ...cors, "Content-Type": "application/x-ns-proxy-autoconfig" }).end(OLD);
    } else if (req.url === "/nocors.pac") {
      res.writeHead(200, { "Content-Type": "application/x-ns-proxy-autoconfig" }).end(NEW);
    } else if (req.url === "/login") {
      res.writeHead(200, { ...cors, "Content-Type": "text/html; charset=utf-8" }).end("<!doctype html><html><body>Sign in</body></html>");
    } else {
      res.writeHead(404, cors).end("not here");
    }
  });
  await new Promise((resolve) => pacServer.listen(0, "127.0.0.1", resolve));
  return { pacServer, seen, base: `http://127.0.0.1:${pacServer.address().port}` };
}

/** Fills the PAC evaluator's clock so the comparison is deterministic. */
async function setEnv(page) {
  await page.getByTestId("pac-now").fill(ENV.now);
  await page.getByTestId("pac-tz").fill(ENV.tz);
  await page.getByTestId("pac-myip").fill(ENV.my_ip.join(", "));
}

async function compareRows(page) {
  const rows = page.locator('[data-testid="cmp-row"]');
  return rows.evaluateAll((trs) =>
    trs.map((tr) => {
      const text = (col) => tr.querySelector(`td[data-col="${col}"]`).innerText.trim();
      return {
        url: text("url"),
        flip: tr.dataset.flip === "true",
        flipped: tr.classList.contains("cmp-flip"),
        primary: text("primary"),
        bypass: text("bypass"),
        oldRule: text("old-rule"),
        newRule: text("new-rule"),
      };
    }),
  );
}

/** The whole compare flow: paste two versions, generate URLs, read the table. */
async function compareFlow(page, name) {
  await setEnv(page);
  await page.getByTestId("cmp-old").fill(OLD);
  await page.getByTestId("cmp-new").fill(NEW);
  await page.getByTestId("cmp-urls").fill("");
  assert.match(await page.getByTestId("cmp-urls-hint").innerText(), /generated from the PACs/);
  await page.getByTestId("compare").click();
  await page.getByTestId("cmp-counts").waitFor();
  await page.waitForFunction(() => !document.querySelector('[data-testid="compare"]').disabled);

  const rows = await compareRows(page);
  assert.deepEqual(
    rows.map((r) => r.url),
    [
      "https://corp.example/",
      "https://www.files.example/",
      "https://www.media.example/",
      "https://www.okta.com/",
      "https://outside.netdiag.example/",
      "http://outside.netdiag.example/",
      "http://203.0.113.77/",
    ],
  );
  const byUrl = Object.fromEntries(rows.map((r) => [r.url, r]));
  // Bypass flips are marked; a swap of primary and secondary is not a flip.
  assert.equal(byUrl["https://www.okta.com/"].flip, true);
  assert.equal(byUrl["https://www.okta.com/"].flipped, true);
  assert.match(byUrl["https://www.okta.com/"].bypass, /proxied → DIRECT/);
  assert.match(byUrl["https://www.okta.com/"].oldRule, /^line 4/);
  assert.match(byUrl["https://www.okta.com/"].newRule, /^line 4/);
  assert.match(byUrl["https://www.files.example/"].oldRule, /^line 3/);
  assert.match(byUrl["https://www.files.example/"].newRule, /^line 5/);
  const swap = byUrl["https://outside.netdiag.example/"];
  assert.equal(swap.flip, false);
  assert.match(swap.primary, /p1\.example:80 → p2\.example:80/);
  const counts = await page.getByTestId("cmp-counts").innerText();
  assert.match(counts, /9 URLs \(generated from the PACs\)/);
  assert.match(counts, /7 changed/);
  assert.match(counts, /2 unchanged/);
  assert.match(counts, /3 bypass flips/);
  await screenshot(page, `compare-${name}`);

  // A given URL list replaces the generated one; identical versions change nothing.
  await page.getByTestId("cmp-urls").fill("https://sso.okta.com/app\nintranet\nhttps://www.example.org/");
  await page.getByTestId("compare").click();
  await page.locator('[data-testid="cmp-counts"]', { hasText: "3 URLs:" }).waitFor();
  assert.deepEqual((await compareRows(page)).map((r) => r.url), ["https://sso.okta.com/app", "https://www.example.org/"]);
  await page.getByTestId("cmp-new").fill(OLD);
  await page.getByTestId("compare").click();
  await page.locator('[data-testid="cmp-counts"]', { hasText: "0 changed" }).waitFor();
  assert.equal(await page.locator('[data-testid="cmp-row"]').count(), 0);
  assert.match(await page.getByTestId("cmp-summary").innerText(), /No URL changed/);
}

describe("PAC review in the page", () => {
  let browser;
  let server;
  let page;
  let errors;
  before(async () => {
    server = await serveWww();
    browser = await launch();
    ({ page, errors } = await openPage(browser.context, server.url, log));
  });
  after(async () => {
    if (browser) await browser.close();
    if (server) await server.close();
  });

  test("served page: compare two versions, only changed URLs, flips and deciding lines", async () => {
    await compareFlow(page, "served");
    assert.deepEqual(errors, []);
  });

  test("single file from file:// compares the same way", async () => {
    const single = await openPage(browser.context, SINGLE_FILE_URL, log);
    await compareFlow(single.page, "single-file");
    assert.deepEqual(single.errors, []);
    await single.page.close();
  });

  test("the single file from file:// loads a version from a PAC URL too", async () => {
    const { pacServer, seen, base } = await startPacServer();
    const single = await openPage(browser.context, SINGLE_FILE_URL, log);
    try {
      await single.page.getByTestId("cmp-old-link").fill(`${base}/old.pac`);
      await single.page.getByTestId("cmp-old-link-load").click();
      await single.page.locator('[data-testid="cmp-old-name"]', { hasText: `${base}/old.pac` }).waitFor();
      assert.equal(await single.page.getByTestId("cmp-old").inputValue(), OLD);
      assert.deepEqual(seen, ["/old.pac"]);
      assert.deepEqual(single.errors, []);
    } finally {
      await single.page.close();
      await new Promise((resolve) => pacServer.close(resolve));
    }
  });

  test("a broken version is reported with its line; nothing the user typed is lost", async () => {
    await setEnv(page);
    await page.getByTestId("cmp-old").fill(OLD);
    await page.getByTestId("cmp-new").fill("function FindProxyForURL(url, host) {\n  return (;\n}\n");
    await page.getByTestId("compare").click();
    const box = page.getByTestId("cmp-error");
    await box.waitFor();
    assert.match(await box.innerText(), /New version: .*\(line 2/);
    assert.equal(await page.getByTestId("cmp-old").inputValue(), OLD);
  });

  test("a deciding line opens that version's compared source at the line, by keyboard too", async () => {
    await setEnv(page);
    await page.getByTestId("cmp-old").fill(OLD);
    await page.getByTestId("cmp-new").fill(NEW);
    await page.getByTestId("cmp-urls").fill("https://www.files.example/");
    await page.getByTestId("compare").click();
    await page.locator('[data-testid="cmp-counts"]', { hasText: "1 URL:" }).waitFor();
    assert.equal(await page.getByTestId("cmp-source-section").isHidden(), true);
    // Changing the textarea after the comparison must not change what the table points at.
    await page.getByTestId("cmp-old").fill(`// edited after comparing\n${OLD}`);

    // Keyboard: focus the old version's deciding line and press Enter.
    await page.getByTestId("cmp-old-rule").focus();
    await page.keyboard.press("Enter");
    await page.getByTestId("cmp-source-section").waitFor();
    const oldView = await page.evaluate(() => {
      const li = document.querySelector('[data-testid="cmp-source"] li.is-target');
      const box = document.querySelector('[data-testid="cmp-source"]').getBoundingClientRect();
      const r = li && li.getBoundingClientRect();
      return {
        line: li && li.dataset.line,
        text: li && li.querySelector("code").textContent,
        current: li && li.getAttribute("aria-current"),
        focused: document.activeElement === li,
        visible: Boolean(r) && r.top >= box.top && r.bottom <= box.bottom && r.top >= 0 && r.bottom <= window.innerHeight,
        title: document.querySelector('[data-testid="cmp-source-title"]').textContent,
        marked: [...document.querySelectorAll('[data-testid="cmp-source"] li.decides')].map((l) => l.dataset.line),
      };
    });
    assert.deepEqual(oldView, {
      line: "3",
      text: OLD.split("\n")[2],
      current: "true",
      focused: true,
      visible: true,
      title: "Old version as compared, line 3",
      marked: ["3"],
    });

    // Pointer: the new version's deciding line.
    await page.getByTestId("cmp-new-rule").click();
    await page.locator('[data-testid="cmp-source-title"]', { hasText: "New version" }).waitFor();
    const newView = await page.evaluate(() => {
      const li = document.querySelector('[data-testid="cmp-source"] li.is-target');
      return { line: li.dataset.line, text: li.querySelector("code").textContent, focused: document.activeElement === li };
    });
    assert.deepEqual(newView, { line: "5", text: NEW.split("\n")[4], focused: true });
    assert.equal(await page.locator('[data-testid="cmp-source"] li.is-target').count(), 1);
    assert.deepEqual(errors, []);
  });

  test("versions load from a netdiag share link and from a PAC URL (fetched only on Load); failures say why", async () => {
    const { pacServer, seen, base } = await startPacServer();
    try {
      await setEnv(page);
      await page.getByTestId("cmp-old").fill("");
      await page.getByTestId("cmp-new").fill("");
      await page.getByTestId("cmp-urls").fill("");

      // Typing a URL makes no request: only Load does.
      await page.getByTestId("cmp-old-link").fill(`${base}/old.pac`);
      await page.getByTestId("cmp-old-link").press("Tab");
      await page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
      assert.deepEqual(seen, []);
      await page.getByTestId("cmp-old-link-load").click();
      await page.locator('[data-testid="cmp-old-name"]', { hasText: `${base}/old.pac` }).waitFor();
      assert.equal(await page.getByTestId("cmp-old").inputValue(), OLD);
      assert.deepEqual(seen, ["/old.pac"]);

      // A share link made by the page itself, carrying NEW as its PAC; Enter in the field loads it.
      const fragment = await page.evaluate(async (src) => {
        const engine = window.NetdiagApp.engine;
        const state = await engine.call("stateFromJson", ["{}"]);
        state.pac.source = src;
        return engine.call("encodeLink", [state]);
      }, NEW);
      const link = `https://netdiag.example/${fragment.startsWith("#") ? "" : "#"}${fragment}`;
      await page.getByTestId("cmp-new-link").fill(link);
      await page.getByTestId("cmp-new-link").press("Enter");
      await page.locator('[data-testid="cmp-new-name"]', { hasText: "netdiag link" }).waitFor();
      assert.equal(await page.getByTestId("cmp-new").inputValue(), NEW);

      await page.getByTestId("compare").click();
      await page.locator('[data-testid="cmp-counts"]', { hasText: "7 changed" }).waitFor();

      // Failures: a clear message for each; the loaded text and the typed link stay.
      const failures = [
        [`${base}/nocors.pac`, /New version: could not fetch .*nocors\.pac: .*Access-Control-Allow-Origin.*Open file/],
        [`${base}/missing.pac`, /New version: .*missing\.pac answered HTTP 404/],
        [`${base}/login`, /New version: .*login is not a PAC file: the server sent an HTML page/],
        ["ftp://files.example/proxy.pac", /New version: ftp: links cannot be loaded/],
        ["proxy.pac please", /New version: "proxy\.pac please" is not a link/],
        [link.slice(0, Math.floor(link.length * 0.6)), /New version: this link cannot be read: /],
      ];
      for (const [typed, expected] of failures) {
        await page.getByTestId("cmp-new-link").fill(typed);
        await page.getByTestId("cmp-new-link-load").click();
        await page.locator('[data-testid="cmp-error"]:not([hidden])').waitFor();
        await page.waitForFunction(() => !document.querySelector('[data-testid="cmp-new-link-load"]').disabled);
        assert.match(await page.getByTestId("cmp-error").innerText(), expected, typed);
        assert.equal(await page.getByTestId("cmp-new").inputValue(), NEW, typed);
        assert.equal(await page.getByTestId("cmp-new-link").inputValue(), typed);
      }
      assert.deepEqual(seen, ["/old.pac", "/nocors.pac", "/missing.pac", "/login"]);
      assert.deepEqual(errors, []);
    } finally {
      await new Promise((resolve) => pacServer.close(resolve));
    }
  });

  test("lint runs after an evaluation; findings sit beside the source with lines marked", async () => {
    await page.getByTestId("pac-source").fill(LINTME);
    await page.getByTestId("urls").fill("http://intranet/");
    await page.getByTestId("evaluate").click();
    await page.locator('[data-testid="lint-finding"]').first().waitFor();
    const ids = await page.locator('[data-testid="lint-finding"]').evaluateAll((lis) => lis.map((li) => li.dataset.id));
    assert.ok(ids.includes("PacMalformedReturn"), ids.join(","));
    assert.ok(ids.includes("PacPatternTooBroad"), ids.join(","));
    assert.ok(ids.includes("PacNoDirectFallback"), ids.join(","));
    assert.equal(ids[0], "PacMalformedReturn", "errors first");
    // Lines 2 and 3 are marked, line 3 as an error.
    const line3 = page.locator('[data-testid="lint-source"] li[data-line="3"]');
    assert.match(await line3.getAttribute("class"), /lint-mark sev-error/);
    assert.match(await page.locator('[data-testid="lint-source"] li[data-line="2"]').getAttribute("class"), /sev-warning/);
    assert.match(await page.getByTestId("lint-summary").innerText(), /1 error/);
    // A finding's line button jumps to the line.
    await page.locator('[data-testid="lint-finding"][data-id="PacPatternTooBroad"] button', { hasText: "line 2" }).click();
    assert.match(await page.locator('[data-testid="lint-source"] li[data-line="2"]').getAttribute("class"), /is-target/);
    // Keyboard users land on the line (it takes the focus).
    assert.equal(await page.evaluate(() => document.activeElement.closest('[data-testid="lint-source"] li')?.dataset.line ?? null), "2");
    // Extra IdP domains re-lint with them.
    await page.getByTestId("lint-idp").fill("sso.corp.test");
    await page.getByTestId("lint").click();
    await page.locator('[data-testid="lint-finding"][data-id="PacIdpProxied"]', { hasText: "sso.corp.test" }).waitFor();
    await screenshot(page, "lint");
  });

  test("window.netdiag.lintPac and diffPac return exactly the CLI's JSON", async () => {
    const lintFile = file("lint.pac", LINTME);
    const fromPage = await page.evaluate((s) => window.netdiag.lintPac(s), LINTME);
    const fromCli = await cliJson(["pac", "lint", lintFile, "--format", "json"], [1]);
    assert.deepStrictEqual(fromPage, fromCli);
    assert.ok(fromPage.findings.length >= 3);

    const opts = { extra_idp_domains: ["sso.corp.test"] };
    const withIdp = await page.evaluate(([s, o]) => window.netdiag.lintPac(s, o), [LINTME, opts]);
    assert.deepStrictEqual(withIdp, await cliJson(["pac", "lint", lintFile, "--format", "json", "--idp", "sso.corp.test"], [1]));

    const [oldFile, newFile] = [file("old.pac", OLD), file("new.pac", NEW)];
    const diffPage = await page.evaluate(([o, n, e]) => window.netdiag.diffPac(o, n, [], e), [OLD, NEW, ENV]);
    const diffCli = await cliJson(["pac", "diff", oldFile, newFile, "--format", "json", ...cliEnvArgs(ENV)], [1]);
    assert.deepStrictEqual(diffPage, diffCli);
    assert.equal(diffPage.changed.length, 7);

    const urls = ["https://sso.okta.com/", "http://intranet/"];
    const given = await page.evaluate(([o, n, u, e]) => window.netdiag.diffPac(o, n, u, e), [OLD, NEW, urls, ENV]);
    const givenCli = await cliJson(
      ["pac", "diff", oldFile, newFile, "--format", "json", ...urls.flatMap((u) => ["--url", u]), ...cliEnvArgs(ENV)],
      [1],
    );
    assert.deepStrictEqual(given, givenCli);
  });

  test("lintPac and diffPac reject bad arguments with a TypeError", async () => {
    const messages = await page.evaluate(async () => {
      const out = [];
      for (const call of [
        () => window.netdiag.lintPac(42),
        () => window.netdiag.lintPac("x", []),
        () => window.netdiag.diffPac("a", 1),
        () => window.netdiag.diffPac("a", "b", "http://x/"),
        () => window.netdiag.diffPac("a", "b", [], 5),
      ]) {
        try {
          await call();
          out.push("no error");
        } catch (error) {
          out.push(`${error.name}: ${error.message}`);
        }
      }
      return out;
    });
    for (const m of messages) assert.match(m, /^TypeError: (lintPac|diffPac)/);
  });

  test("real PAC files of ../shared/corpus/pac: page and CLI lint identically", async (t) => {
    const dir = corpusDir("pac");
    if (!dir) {
      console.log("SKIP: ../shared/corpus/pac not found next to the repository; corpus lint comparison skipped");
      t.skip("../shared/corpus/pac not found");
      return;
    }
    const files = readdirSync(dir).filter((f) => /\.(pac|dat)$/.test(f)).sort();
    assert.ok(files.length > 0);
    for (const name of files) {
      const p = path.join(dir, name);
      const fromPage = await page.evaluate((s) => window.netdiag.lintPac(s), readFileSync(p, "utf8"));
      assert.deepStrictEqual(fromPage, await cliJson(["pac", "lint", p, "--format", "json"], [0, 1]), name);
    }
  });

  for (const scheme of ["light", "dark"]) {
    test(`lint findings and the compare table pass axe (${scheme})`, async () => {
      const other = await launch({ scheme });
      try {
        const { page: p } = await openPage(other.context, server.url, log);
        await reviewOnScreen(p);
        assert.deepEqual(await axeViolations(p), []);
        await screenshot(p, `review-${scheme}`);
        assert.ok(other.requests.every(isLocal), other.requests.join("\n"));
      } finally {
        await other.close();
      }
    });
  }

  test("no request left 127.0.0.1 or file://", () => {
    const foreign = browser.requests.filter((u) => !isLocal(u));
    assert.deepEqual(foreign, []);
  });
});
