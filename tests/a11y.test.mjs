// Accessibility: axe-core (WCAG 2 A/AA rules) on the page with results on screen, in light and
// dark mode, and a keyboard-only evaluation (Tab to the button, Enter).

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { REPO, launch, openPage, serveWww } from "./helpers.mjs";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const PAC = readFileSync(path.join(REPO, "tests", "fixtures", "zscaler-style.pac"), "utf8");

async function withResults(page) {
  await page.getByTestId("pac-source").fill(PAC);
  await page.getByTestId("urls").fill("http://intranet/\nhttp://www.example.com/");
  await page.getByTestId("evaluate").click();
  await page.locator('[data-testid="pac-result-row"]').nth(1).waitFor();
  await page.waitForFunction(() => !document.querySelector('[data-testid="evaluate"]').disabled);
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
  before(async () => {
    server = await serveWww();
  });
  after(async () => {
    if (server) await server.close();
  });

  for (const scheme of ["light", "dark"]) {
    test(`axe finds no serious or critical WCAG violation (${scheme})`, async () => {
      const browser = await launch({ scheme });
      try {
        const { page } = await openPage(browser.context, server.url);
        await withResults(page);
        assert.deepEqual(await axeViolations(page), []);
      } finally {
        await browser.close();
      }
    });
  }

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
