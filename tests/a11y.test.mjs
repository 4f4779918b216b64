// Accessibility: axe-core (WCAG 2 A/AA rules) on the whole page with results on screen in
// EVERY panel (PAC results, a version compare, a check run against a local server, a pasted
// multi-command session, findings, triage, IPsec compare, a share link), in the served page and
// the single file, light and dark; a screenshot of each panel per run (tests/artifacts/, not
// committed); and a keyboard-only evaluation (Tab to the button, Enter).

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import http from "node:http";
import { after, before, describe, test } from "node:test";
import { REPO, SINGLE_FILE_URL, isLocal, launch, openPage, screenshot, serveWww } from "./helpers.mjs";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const PAC = readFileSync(path.join(REPO, "tests", "fixtures", "zscaler-style.pac"), "utf8");
const SESSION = readFileSync(path.join(REPO, "tests", "fixtures", "cisco-session.txt"), "utf8");
// The new version sends the identity provider to the proxy: one changed answer to show.
const PAC_NEW = PAC.replace('shExpMatch(host, "*.idp.example") || ', "");
const SIDE_A = "version = ikev2\nike = aes256-sha256-modp2048\nesp = aes256-sha256\npfs = none\n";
const SIDE_B = "version = ikev2\nike = aes256-sha256-modp2048\nesp = aes256-sha256\npfs = group14\n";

async function withResults(page) {
  await page.getByTestId("pac-source").fill(PAC);
  await page.getByTestId("urls").fill("http://intranet/\nhttp://www.example.com/");
  await page.getByTestId("evaluate").click();
  await page.locator('[data-testid="pac-result-row"]').nth(1).waitFor();
  await page.waitForFunction(() => !document.querySelector('[data-testid="evaluate"]').disabled);
}

/** A check target on 127.0.0.1 that answers at once, readable cross-origin. */
function serveTarget() {
  return new Promise((resolve) => {
    const srv = http.createServer((req, res) => {
      res.writeHead(200, { "Access-Control-Allow-Origin": "*", "Content-Type": "text/plain" });
      res.end("ok");
    });
    srv.listen(0, "127.0.0.1", () =>
      resolve({
        origin: `http://127.0.0.1:${srv.address().port}`,
        close: () => new Promise((done) => (srv.closeAllConnections(), srv.close(() => done()))),
      }),
    );
  });
}

/** Puts a result on screen in every panel after the PAC one: a version compare, a check run,
 * a parsed session with a block open, findings, a triage checklist, an IPsec compare and a
 * share link. Each step waits for its own result, so a panel that fails to answer fails here. */
async function everyPanelWithResults(page, origin) {
  await page.getByTestId("cmp-old").fill(PAC);
  await page.getByTestId("cmp-new").fill(PAC_NEW);
  await page.getByTestId("cmp-urls").fill("https://a.idp.example/\nhttp://www.example.com/");
  await page.getByTestId("compare").click();
  await page.locator('[data-testid="cmp-row"]').first().waitFor();

  await page.getByTestId("checks-cloud").fill("");
  await page.getByTestId("checks-pac-url").fill("");
  await page.getByTestId("checks-proxies").fill("");
  await page.getByTestId("checks-urls").fill(`${origin}/`);
  await page.getByTestId("checks-samples").fill("2");
  await page.locator('[data-testid="checks-plan-row"][data-id="url-1"]').waitFor();
  await page.getByTestId("checks-run").click();
  await page.locator('[data-testid="check-row"][data-id="url-1"]').waitFor();
  await page.waitForFunction(() => !document.querySelector('[data-testid="checks-run"]').disabled);

  await page.getByTestId("outputs-text").fill(SESSION);
  await page.getByTestId("outputs-parse").click();
  await page.locator('[data-testid="outputs-block"]').nth(5).waitFor();
  await page.waitForFunction(() => !document.querySelector('[data-testid="outputs-parse"]').disabled);
  await page.locator('[data-testid="outputs-block"][data-index="2"]').click();

  await page.getByTestId("diagnose").click();
  await page.getByTestId("findings-code").waitFor();
  await page.waitForFunction(() => !document.querySelector('[data-testid="diagnose"]').disabled);

  await page.getByLabel("IPsec tunnel", { exact: true }).check();
  await page.getByLabel("Up, but no traffic", { exact: true }).check();
  await page.locator('[data-testid="triage-step"]').first().waitFor();

  await page.getByTestId("ipsec-a").fill(SIDE_A);
  await page.getByTestId("ipsec-b").fill(SIDE_B);
  await page.getByTestId("ipsec-compare").click();
  await page.locator('[data-testid="ipsec-compare-row"]').first().waitFor();

  await page.getByTestId("share-create").click();
  await page.waitForFunction(() => {
    const f = document.querySelector('[data-testid="share-link"]');
    return f && f.value.includes("#v1=");
  });
}

/** Runs axe in the page (evaluated through the devtools protocol, which the page CSP allows). */
async function axeViolations(page) {
  await page.evaluate(AXE);
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
  );
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join(", ")}`);
}

describe("accessibility", () => {
  let server;
  let target;
  before(async () => {
    server = await serveWww();
    target = await serveTarget();
  });
  after(async () => {
    if (target) await target.close();
    if (server) await server.close();
  });

  for (const [where, scheme] of [
    ["served", "light"],
    ["served", "dark"],
    ["single-file", "light"],
    ["single-file", "dark"],
  ]) {
    test(`axe: every panel with results, no serious or critical WCAG violation (${where}, ${scheme})`, async () => {
      const browser = await launch({ scheme });
      try {
        const { page, errors } = await openPage(browser.context, where === "served" ? server.url : SINGLE_FILE_URL);
        await withResults(page);
        await everyPanelWithResults(page, target.origin);
        assert.deepEqual(await axeViolations(page), []);
        for (const id of await page.locator("main > section.panel").evaluateAll((ss) => ss.map((x) => x.id))) {
          await screenshot(page, `a11y-${where}-${id}-${scheme}`, `#${id}`);
        }
        assert.deepEqual(errors, []);
        assert.deepEqual(browser.requests.filter((u) => !isLocal(u)), []);
      } finally {
        await browser.close();
      }
    });
  }

  test("the start (what is impacted?) leads by keyboard into the triage checklist", async () => {
    const browser = await launch();
    try {
      const { page, errors } = await openPage(browser.context, server.url);
      let reached = false;
      for (let i = 0; i < 10 && !reached; i++) {
        await page.keyboard.press("Tab");
        reached = await page.evaluate(() => document.activeElement && document.activeElement.dataset.testid === "start-ipsec");
      }
      assert.ok(reached, "the start's IPsec button is among the first Tab stops");
      await page.keyboard.press("Enter");
      assert.equal(await page.locator("#triage-area-ipsec").isChecked(), true);
      // The focus moved to "How does it fail?"; arrows choose within the radio group.
      assert.equal(await page.evaluate(() => document.activeElement.name), "triage-symptom");
      await page.keyboard.press("ArrowDown");
      await page.keyboard.press("ArrowDown");
      assert.equal(await page.locator("#triage-symptom-no_traffic").isChecked(), true);
      await page.locator('[data-testid="triage-step"]').first().waitFor();
      assert.match(await page.getByTestId("triage-head").innerText(), /IPsec/);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });

  test("keyboard only: Tab reaches Evaluate and Enter evaluates; focus is visible", async () => {
    const browser = await launch();
    try {
      const { page } = await openPage(browser.context, server.url);
      await page.getByTestId("pac-source").fill(PAC);
      await page.getByTestId("urls").fill("http://www.example.com/");
      await page.getByTestId("urls").focus();
      let reached = false;
      for (let i = 0; i < 40 && !reached; i++) {
        await page.keyboard.press("Tab");
        reached = await page.evaluate(() => document.activeElement && document.activeElement.dataset.testid === "evaluate");
      }
      assert.ok(reached, "Evaluate is reachable with Tab");
      const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
      assert.notEqual(outline, "none", "focused button shows an outline");
      await page.keyboard.press("Enter");
      await page.locator('[data-testid="pac-result-row"]').first().waitFor();
    } finally {
      await browser.close();
    }
  });
});
