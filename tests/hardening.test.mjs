// Hardening (issue 8): markup and script payloads through every input never run or become
// elements; hostile PACs end in a clear error and the engine recovers with earlier results kept;
// no request leaves 127.0.0.1 / file:// while every panel is used with checks not run; and the
// Content-Security-Policy of both deliveries forbids inline script except the build's own.
// Runs against the served www/ and the single file dist/netdiag.html.

import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { SINGLE_FILE, SINGLE_FILE_URL, isLocal, launch, openPage, packedScripts, serveWww } from "./helpers.mjs";

const log = process.env.NETDIAG_TEST_LOG ? (line) => console.log(line) : () => {};

// Each sets window.__pwned if it ever runs as markup or script.
const PAYLOADS = [
  "<img src=x onerror=window.__pwned=1>",
  "<script>window.__pwned=1</script>",
  "javascript:window.__pwned=1",
  '"><svg onload=window.__pwned=1>',
  "'><iframe srcdoc=\"<script>parent.__pwned=1</script>\">",
];
const ALL = PAYLOADS.join(" ");

/** A PAC whose alerts, return strings and source all carry the payloads. */
const HOSTILE_PAC = `// ${ALL}
function FindProxyForURL(url, host) {
  alert(${JSON.stringify(ALL)});
  if (host == "a.example") return ${JSON.stringify(`PROXY ${PAYLOADS[0]}:80; ${PAYLOADS[3]}`)};
  return "PROXY p.example:8080; DIRECT";
}`;

async function waitIdle(page) {
  await page.waitForFunction(() => {
    const b = document.querySelector('[data-testid="evaluate"]');
    return b && !b.disabled;
  });
}

/** No payload ran and none became an element. */
async function assertInert(page, where) {
  const state = await page.evaluate(() => ({
    pwned: window.__pwned || null,
    elements: document.querySelectorAll(
      "img[src='x'], svg[onload], iframe[srcdoc], [onerror], [onload], a[href^='javascript:' i]",
    ).length,
    scripts: [...document.scripts].filter((s) => s.textContent.includes("__pwned")).length,
  }));
  assert.deepEqual(state, { pwned: null, elements: 0, scripts: 0 }, where);
}

async function evaluate(page, source, urls) {
  await page.getByTestId("pac-source").fill(source);
  await page.getByTestId("urls").fill(urls);
  await page.getByTestId("evaluate").click();
  await waitIdle(page);
}

for (const delivery of ["served", "single file"]) {
  describe(`hardening (${delivery})`, () => {
    let browser;
    let server;
    let url;

    before(async () => {
      if (delivery === "single file") {
        assert.ok(existsSync(SINGLE_FILE), "dist/netdiag.html missing: run bash scripts/build.sh");
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

    test("payloads through PAC source, alerts, return strings, URLs, DNS and pastes never run", async () => {
      const { page, errors } = await openPage(browser.context, url, log);
      // A hostile DNS line is an input error, shown as text.
      await page.getByTestId("pac-dns").fill(`a.example = 192.0.2.1\n${PAYLOADS[1]} = ${PAYLOADS[0]}`);
      await evaluate(page, HOSTILE_PAC, "http://a.example/");
      await assertInert(page, "DNS table");
      await page.getByTestId("pac-dns").fill("a.example = 192.0.2.1");
      await evaluate(page, HOSTILE_PAC, `http://a.example/${encodeURIComponent(PAYLOADS[0])}\nhttp://b.example/?q=${PAYLOADS[3]}\n${PAYLOADS[2]}`);
      await page.locator('[data-testid="pac-result-row"]').first().waitFor();
      await page.waitForTimeout(200);
      await assertInert(page, "PAC panel");
      // The alert text and the hostile return string are kept as text.
      const text = await page.evaluate(() => document.body.textContent);
      assert.ok(text.includes("__pwned"), "payload text shown verbatim");
      await page.getByTestId("outputs-text").fill(`router1#show crypto isakmp sa\n${ALL}\n192.0.2.1 ${PAYLOADS[3]} QM_IDLE 1001 ACTIVE`);
      await page.getByTestId("outputs-name").fill(PAYLOADS[3]);
      await page.waitForTimeout(500);
      await assertInert(page, "outputs panel");
      assert.deepEqual(errors, []);
      await page.close();
    });

    test("payloads typed into every text field of every panel (macros, check targets, compare sides...) stay inert", async () => {
      const start = browser.requests.length;
      const { page, errors } = await openPage(browser.context, url, log);
      // A PAC with macros makes the macro value fields appear.
      await evaluate(page, 'function FindProxyForURL(url, host) { return "PROXY ${GATEWAY}:80; PROXY ${SECONDARY_GATEWAY}:80"; }', "http://a.example/");
      const fields = page.locator(
        "textarea:visible, input[type=text]:visible, input[type=url]:visible, input[type=search]:visible, input:not([type]):visible",
      );
      // Handles taken once: filling one field may show or hide others.
      const handles = await fields.elementHandles();
      assert.ok(handles.length >= 10, `only ${handles.length} text fields found`);
      const filled = [];
      for (const [i, h] of handles.entries()) {
        if (!(await h.isVisible()) || !(await h.isEditable())) continue;
        const id = (await h.getAttribute("id")) || `#${i}`;
        await h.fill(`${ALL}\nhttp://192.0.2.1/${PAYLOADS[0]}`, { timeout: 2000 }).catch(() => {});
        filled.push(id);
      }
      for (const id of ["pac-macro", "cmp-old", "cmp-new", "cmp-old-link", "cmp-new-link", "checks-urls", "checks-proxies", "ipsec-a-text"]) {
        assert.ok(filled.some((f) => f.startsWith(id)), `${id} not among ${filled.join(", ")}`);
      }
      // Load with payloads in a version's link field: refused as text, no request made.
      await page.getByTestId("cmp-old-link-load").click();
      await page.locator('[data-testid="cmp-error"]:not([hidden])', { hasText: "is not a link" }).waitFor();
      await page.getByTestId("evaluate").click();
      await waitIdle(page);
      await page.waitForTimeout(800);
      await assertInert(page, `fields ${filled.join(", ")}`);
      assert.deepEqual(browser.requests.slice(start).filter((u) => !isLocal(u)), []);
      assert.deepEqual(errors, []);
      await page.close();
    });

    test("a shared link carrying payloads opens inert", async () => {
      const { page } = await openPage(browser.context, url, log);
      const fragment = await page.evaluate(
        async ([pac, all]) => {
          const engine = window.NetdiagApp.engine;
          const state = await engine.call("stateFromJson", ["{}"]);
          state.pac.source = pac;
          state.pac.test_urls = `http://a.example/\n${all}`;
          state.outputs.pastes = [{ name: all, text: `router1#show crypto isakmp sa\n${all}` }];
          return engine.call("encodeLink", [state]);
        },
        [HOSTILE_PAC, ALL],
      );
      const link = `${url.split("#")[0]}${fragment.startsWith("#") ? "" : "#"}${fragment}`;
      const opened = await openPage(browser.context, link, log);
      await opened.page.waitForFunction(() => document.body.dataset.link !== undefined || !location.hash, null, { timeout: 15000 }).catch(() => {});
      await opened.page.waitForTimeout(800);
      assert.equal(await opened.page.getByTestId("pac-source").inputValue(), HOSTILE_PAC);
      await assertInert(opened.page, "opened link");
      await opened.page.close();
      await page.close();
    });

    test("hostile PACs: clear error naming the limit, earlier results kept, engine recovers", async () => {
      const { page } = await openPage(browser.context, url, log);
      // A good evaluation first: its results must survive the hostile ones' failures.
      await evaluate(page, "function FindProxyForURL(url, host) { return 'PROXY good.example:3128'; }", "http://first.example/");
      await page.locator('[data-testid="pac-result-row"]').first().waitFor();
      const hostile = [
        ["endless loop", "function FindProxyForURL(url, host) { while (true) {} }", /limit|ran longer|stopped/i],
        ["deep recursion", "function f(n) { return f(n + 1) + 1; }\nfunction FindProxyForURL(url, host) { return f(0); }", /recursion|limit|stack/i],
        ["allocation bomb", 'function FindProxyForURL(url, host) { var s = "xxxxxxxx"; while (true) { s = s + s; } }', /limit|memory|stopped/i],
        ["100,000 nested brackets", `function FindProxyForURL(url, host) { return ${"[".repeat(100000)}; }`, /nested deeper|line 1/i],
        ["1,000-term || chain", `function FindProxyForURL(url, host) {\n  if (${Array.from({ length: 1000 }, (_, i) => `host == "h${i}.example"`).join(" || ")}) return "DIRECT";\n  return "PROXY p.example:1";\n}`, /nested deeper|chain|limit|engine stopped|restarted/i],
      ];
      for (const [name, source, expected] of hostile) {
        await page.getByTestId("pac-source").fill(source);
        await page.getByTestId("evaluate").click();
        await waitIdle(page);
        const shown = await page.evaluate(() => {
          const box = document.querySelector('[data-testid="error"]');
          const rows = [...document.querySelectorAll('tr.row-error td[data-col="error"]')].map((td) => td.innerText);
          return `${box && !box.hidden ? box.innerText : ""} ${rows.join(" ")}`;
        });
        assert.match(shown, expected, `${name}: ${shown.slice(0, 300)}`);
        assert.equal(await page.evaluate(() => window.__NETDIAG_FATAL || null), null, name);
      }
      await evaluate(page, "function FindProxyForURL(url, host) { return 'PROXY after.example:8080'; }", "http://x.example/");
      await page.locator('[data-testid="pac-result-row"] td[data-col="primary"]', { hasText: "after.example:8080" }).first().waitFor();
      assert.equal(await page.getByTestId("error").isHidden(), true);
      await page.close();
    });

    test("no request leaves 127.0.0.1 / file:// while every panel is used, checks not run", async () => {
      const start = browser.requests.length;
      const { page } = await openPage(browser.context, url, log);
      await evaluate(page, "function FindProxyForURL(url, host) { return 'PROXY gw.zscaler.example:80; DIRECT'; }", "https://login.example.com/\nhttp://intranet/");
      await page.getByTestId("outputs-text").fill("router1#show crypto isakmp sa\nIPv4 Crypto ISAKMP SA\ndst             src             state          conn-id status\n192.0.2.1       198.51.100.2    QM_IDLE           1001 ACTIVE\n");
      // Visit every panel and tab control without starting a check.
      const buttons = await page.locator("nav a, [role=tab]").all();
      for (const b of buttons) {
        if (await b.isVisible()) await b.click().catch(() => {});
      }
      await page.waitForTimeout(1000);
      const offsite = browser.requests.slice(start).filter((u) => !isLocal(u));
      assert.deepEqual(offsite, []);
      await page.close();
    });

    test("the Content-Security-Policy forbids inline script except the build's own", async () => {
      const { page } = await openPage(browser.context, url, log);
      const csp = await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content || "");
      assert.ok(csp, "CSP meta tag present");
      const scriptSrc = (csp.split(";").map((d) => d.trim()).find((d) => d.startsWith("script-src")) || "").split(/\s+/);
      assert.ok(!scriptSrc.includes("'unsafe-inline'"), csp);
      assert.ok(!scriptSrc.includes("'unsafe-eval'"), csp);
      assert.match(csp, /default-src 'none'/);
      assert.match(csp, /base-uri 'none'/);
      if (delivery === "single file") {
        // Every inline script, and every page script the bundle packed (#nd-scripts, run as
        // inline scripts), is allowed by its own hash (scripts/bundle.mjs), and only those.
        const html = readFileSync(SINGLE_FILE, "latin1"); // a windows-1252 file
        const packed = packedScripts(html).map((s) => s.code);
        const bodies = [...[...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]), ...packed];
        assert.ok(bodies.length > 0 && packed.length > 0);
        const hashes = bodies.map((b) => `'sha256-${createHash("sha256").update(b).digest("base64")}'`);
        for (const h of hashes) assert.ok(scriptSrc.includes(h), `hash ${h} in CSP`);
        assert.equal(scriptSrc.filter((s) => s.startsWith("'sha256-")).length, new Set(hashes).size);
      } else {
        assert.ok(scriptSrc.includes("'self'"), csp);
        assert.ok(!scriptSrc.some((s) => s.startsWith("'sha256-") || s.startsWith("'nonce-")), csp);
      }
      // An injected inline script is refused by the policy.
      const ran = await page.evaluate(() => {
        const s = document.createElement("script");
        s.textContent = "window.__cspRan = 1";
        document.body.appendChild(s);
        return window.__cspRan || null;
      });
      assert.equal(ran, null);
      await page.close();
    });
  });
}
