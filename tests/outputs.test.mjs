// End-to-end tests of the Device outputs, Findings, Triage and IPsec compare panels, served
// and as the single file: paste a realistic multi-command session, read the detected blocks
// and records, diagnose, follow evidence to the highlighted lines; page API vs CLI JSON for
// parse, diagnose and compare; a known config mismatch; a triage step ticked by a paste; a
// 10 MB paste parsed in the Worker while the page stays usable.

import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { REPO, SINGLE_FILE_URL, isLocal, launch, openPage, runCli, screenshot, serveWww } from "./helpers.mjs";

const SESSION_FILE = path.join(REPO, "tests", "fixtures", "cisco-session.txt");
const SESSION = readFileSync(SESSION_FILE, "utf8");
const work = mkdtempSync(path.join(tmpdir(), "netdiag-outputs-"));

/** The blocks the parser must find in the session: kind and line range. */
const EXPECTED_BLOCKS = [
  ["unrecognised", "1-1"],
  ["cisco_ios.show_crypto_isakmp_sa", "2-7"],
  ["cisco_ios.show_crypto_ipsec_sa", "9-57"],
  ["cisco_ios.show_interfaces", "58-93"],
  ["unrecognised", "94-98"],
  ["linux.mtr_report", "100-107"],
];

const SIDE_A = [
  "version = ikev2",
  "ike = aes256-sha256-modp2048",
  "esp = aes256-sha256",
  "pfs = none",
  "local_networks = 10.1.0.0/16",
  "remote_networks = 10.2.0.0/16",
  "",
].join("\n");
const SIDE_B = [
  "version = ikev2",
  "ike = aes256-sha256-modp2048",
  "esp = aes256-sha256",
  "pfs = group14",
  "local_networks = 10.2.0.0/16",
  "remote_networks = 10.1.0.0/16",
  "",
].join("\n");

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const MY_PANELS = ["#outputs-panel", "#findings-panel", "#triage-panel", "#ipsec-compare-panel"];

/** Serious or critical WCAG 2.1 A/AA violations inside these panels, as readable lines. */
async function axeViolations(page) {
  await page.evaluate(AXE);
  const result = await page.evaluate((include) =>
    window.axe.run({ include: include.map((s) => [s]) }, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
  MY_PANELS);
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join(", ")}`);
}

const log = (line) => {
  if (process.env.NETDIAG_E2E_VERBOSE) console.log(line);
};

/** Pastes `text` into the active paste and parses it; waits for `n` blocks. */
async function pasteAndParse(page, text, n) {
  await page.getByTestId("outputs-text").fill(text);
  await page.getByTestId("outputs-parse").click();
  await page.locator('[data-testid="outputs-block"]').nth(n - 1).waitFor();
  await page.waitForFunction(() => !document.querySelector('[data-testid="outputs-parse"]').disabled);
  assert.equal(await page.locator('[data-testid="outputs-block"]').count(), n);
}

async function blocks(page) {
  return page.$$eval('[data-testid="outputs-block"]', (els) => els.map((e) => [e.dataset.kind, e.dataset.lines]));
}

async function diagnoseInPage(page) {
  await page.getByTestId("diagnose").click();
  await page.getByTestId("findings-code").waitFor();
  await page.waitForFunction(() => !document.querySelector('[data-testid="diagnose"]').disabled);
  return page.$$eval('[data-testid="finding"]', (els) => els.map((e) => e.dataset.id));
}

/** The user flow of issue 3 (paste, blocks, records) and issue 4 (diagnose, evidence). */
async function sessionFlow(page, name) {
  await pasteAndParse(page, SESSION, EXPECTED_BLOCKS.length);
  assert.deepEqual(await blocks(page), EXPECTED_BLOCKS);
  assert.match(await page.getByTestId("outputs-counts").innerText(), /^6 blocks: 4 recognised, 2 not recognised/);

  // The ipsec SA block: its header, its source lines highlighted, its records as tables.
  await page.locator('[data-testid="outputs-block"][data-index="2"]').click();
  assert.equal(await page.getByTestId("block-kind").innerText(), "cisco_ios.show_crypto_ipsec_sa");
  assert.equal(await page.getByTestId("block-lines").innerText(), "9–57");
  assert.match(await page.getByTestId("outputs-block-head").innerText(), /Could also be\s+Cisco ASA · show crypto ipsec sa/);
  assert.equal(await page.locator('[data-testid="outputs-source"] li.in-block').count(), 57 - 9 + 1);
  const main = page.locator('[data-testid="records-table"][data-table="records"]');
  assert.equal(await main.locator('tr[data-key="counters.encaps"] td').innerText(), "18324");
  assert.equal(await main.locator('tr[data-key="counters.decaps"] td').innerText(), "0");
  assert.equal(await main.locator('tr[data-key="counters.encaps"] td').getAttribute("class"), "num");
  // One inbound SA: a field/value table (several records get one row each, as the hops below).
  const inbound = page.locator('[data-testid="records-table"][data-table="inbound_esp"]');
  assert.equal(await inbound.locator('tr[data-key="spi.hex"] td').innerText(), "0x4B1D0C07");
  assert.equal(await inbound.locator('tr[data-key="transform"] td').innerText(), "esp-256-aes esp-sha256-hmac");
  assert.equal(await page.locator('[data-testid="records-table"][data-table="inbound_esp"] [data-testid="state-badge"]').innerText(), "ACTIVE");
  // Choosing a record's lines marks them in the source view.
  await page.locator('[data-testid="records-table"][data-table="inbound_esp"] .lines-link').click();
  assert.deepEqual(await page.$$eval('[data-testid="outputs-source"] li.is-target', (els) => els.map((e) => Number(e.dataset.line))), [32, 33, 34, 35, 36, 37, 38, 39]);

  // The MTR block: one hop table, counters right-aligned, one row per hop.
  await page.locator('[data-testid="outputs-block"][data-index="5"]').click();
  const hops = page.locator('[data-testid="records-table"][data-table="hops"]');
  assert.equal(await hops.locator("tbody tr").count(), 5);
  assert.equal(await hops.locator('tbody tr').nth(2).locator('td[data-col="loss_percent"]').innerText(), "12");
  assert.equal(await hops.locator('tbody tr').nth(2).locator('td[data-col="loss_percent"]').getAttribute("class"), "num");
  // An unrecognised block is shown plainly with its lines.
  await page.locator('[data-testid="outputs-block"][data-index="4"]').click();
  assert.equal(await page.getByTestId("block-kind").innerText(), "unrecognised");
  assert.match(await page.getByTestId("outputs-source").innerText(), /Note from the site: users cannot reach the hub/);
  await screenshot(page, `${name}-outputs`, "#outputs-panel");

  // Diagnose: the one-way SA and the path loss, with their evidence.
  const ids = await diagnoseInPage(page);
  assert.ok(ids.includes("OneWayTraffic"), ids.join(", "));
  assert.ok(ids.includes("PathLossAtDestination"), ids.join(", "));
  assert.equal(await page.getByTestId("findings-code").innerText(), "UnHealthy");
  const oneWay = page.locator('[data-testid="finding"][data-id="OneWayTraffic"]');
  assert.equal(await oneWay.getAttribute("data-severity"), "error");
  assert.match(await oneWay.locator("summary").innerText(), /^Error\s+OneWayTraffic/);
  const evidence = oneWay.locator('[data-testid="finding-evidence"]').first();
  assert.equal(await evidence.getAttribute("data-block"), "2");
  assert.equal(await evidence.getAttribute("data-start"), "19");
  assert.match(await oneWay.locator("pre").first().innerText(), /#pkts decaps: 0/);
  await screenshot(page, `${name}-findings`, "#findings-panel");

  // Evidence jumps to the Outputs panel with those lines highlighted.
  await page.locator('[data-testid="outputs-block"][data-index="0"]').click();
  await evidence.click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="outputs-source"] li.is-target').length === 2);
  assert.deepEqual(await page.$$eval('[data-testid="outputs-source"] li.is-target', (els) => els.map((e) => Number(e.dataset.line))), [19, 20]);
  assert.equal(await page.locator('[data-testid="outputs-block"][aria-current="true"]').getAttribute("data-index"), "2");
  // Focus moves to the first highlighted line (keyboard users land where the evidence is).
  await page.waitForFunction(() => document.activeElement && document.activeElement.dataset.line === "19");
  assert.match(await page.locator('[data-testid="outputs-source"] li.is-target').first().innerText(), /#pkts encaps: 18324/);
}

describe("outputs, findings, triage and IPsec compare", () => {
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

  test("served page: paste a session, read blocks and records, diagnose, follow evidence", async () => {
    const { page, errors } = await openPage(browser.context, server.url, log);
    await sessionFlow(page, "served");
    await page.screenshot({ path: path.join(REPO, "tests", "artifacts", "outputs-served-full.png"), fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("single file from file:// parses, diagnoses and jumps the same way", async () => {
    const { page, errors } = await openPage(browser.context, SINGLE_FILE_URL, log);
    assert.equal(await page.evaluate(() => location.protocol), "file:");
    await sessionFlow(page, "single-file");
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("dark mode renders the panels (screenshots in tests/artifacts)", async () => {
    const dark = await launch({ scheme: "dark" });
    try {
      const { page, errors } = await openPage(dark.context, server.url, log);
      await pasteAndParse(page, SESSION, EXPECTED_BLOCKS.length);
      await page.locator('[data-testid="outputs-block"][data-index="2"]').click();
      await screenshot(page, "outputs-dark", "#outputs-panel");
      await diagnoseInPage(page);
      await screenshot(page, "findings-dark", "#findings-panel");
      await page.getByLabel("IPsec tunnel", { exact: true }).check();
      await page.getByLabel("Up, but no traffic", { exact: true }).check();
      await page.locator('[data-testid="triage-step"][data-id="counters"][data-status="problem"]').waitFor();
      await screenshot(page, "triage-dark", "#triage-panel");
      await page.getByTestId("ipsec-a").fill(SIDE_A);
      await page.getByTestId("ipsec-b").fill(SIDE_B);
      await page.getByTestId("ipsec-compare").click();
      await page.locator('[data-testid="ipsec-compare-row"]').first().waitFor();
      await screenshot(page, "ipsec-compare-dark", "#ipsec-compare-panel");
      assert.deepEqual(await axeViolations(page), []);
      assert.deepEqual(errors, []);
    } finally {
      await dark.close();
    }
  });

  test("window.netdiag.parse and diagnose return exactly the CLI's JSON", async () => {
    const { page } = await openPage(browser.context, server.url, log);
    const fromPage = await page.evaluate((t) => window.netdiag.parse(t), SESSION);
    const parsed = await runCli(["parse", "--format", "json", SESSION_FILE]);
    assert.equal(parsed.code, 0, parsed.stderr);
    assert.deepStrictEqual(fromPage, JSON.parse(parsed.stdout));
    assert.equal(fromPage.blocks[1].confidence, 0.98, "f32 confidences arrive as the CLI prints them");

    const diagnosed = await runCli(["diagnose", "--format", "json", SESSION_FILE]);
    assert.equal(diagnosed.code, 1, "error findings exit 1");
    const fromPageDx = await page.evaluate((t) => window.netdiag.diagnose({ pastes: [t] }), SESSION);
    assert.deepStrictEqual(fromPageDx, JSON.parse(diagnosed.stdout));
    assert.equal(fromPageDx.code, "UnHealthy");

    // Two named pastes (files), a cloud and a distance: evidence names the paste.
    const [router, jump] = [SESSION.split("$ mtr")[0], `$ mtr${SESSION.split("$ mtr")[1]}`];
    const routerFile = path.join(work, "branch-rtr1.txt");
    const jumpFile = path.join(work, "jump-host.txt");
    writeFileSync(routerFile, router);
    writeFileSync(jumpFile, jump);
    const cli2 = await runCli(["diagnose", "--format", "json", "--cloud", "zscalertwo", "--distance-km", "800", routerFile, jumpFile]);
    const page2 = await page.evaluate(
      ([a, b, r, j]) => window.netdiag.diagnose({ pastes: [{ name: a, text: r }, { name: b, text: j }], cloud: "zscalertwo", distance_km: 800 }),
      [routerFile, jumpFile, router, jump],
    );
    assert.deepStrictEqual(page2, JSON.parse(cli2.stdout));
    const loss = page2.findings.find((f) => f.id === "PathLossAtDestination");
    assert.equal(loss.evidence[0].source, jumpFile);

    const md = await page.evaluate((r) => window.netdiag.diagnoseMarkdown(r), fromPageDx);
    const cliMd = await runCli(["diagnose", "--format", "md", SESSION_FILE]);
    assert.equal(md.trim(), cliMd.stdout.trim());

    const names = await page.evaluate(async () => {
      const out = [];
      for (const call of [() => window.netdiag.parse(5), () => window.netdiag.diagnose("x"), () => window.netdiag.diagnose({ pastes: [1] }), () => window.netdiag.triage({ area: "x" })]) {
        try {
          await call();
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

  test("IPsec compare: a known mismatch in the page, the CLI's JSON, Zscaler in one click", async () => {
    const { page, errors } = await openPage(browser.context, server.url, log);
    await page.getByTestId("ipsec-a-label").fill("branch-rtr1");
    await page.getByTestId("ipsec-a").fill(SIDE_A);
    await page.getByTestId("ipsec-b").fill(SIDE_B);
    await page.getByTestId("ipsec-compare").click();
    const pfs = page.locator('[data-testid="ipsec-compare-row"][data-section="phase2"][data-parameter="PFS"]');
    await pfs.waitFor();
    assert.equal(await pfs.getAttribute("data-status"), "mismatch");
    assert.equal(await pfs.locator('td[data-col="status"]').innerText(), "Mismatch");
    assert.match(await pfs.locator('td[data-col="why"]').innerText(), /PFS differs/);
    assert.equal(await pfs.locator('td[data-col="a"] code').innerText(), "off");
    assert.equal(await pfs.locator('td[data-col="b"] code').innerText(), "group 14");
    const enc = page.locator('[data-testid="ipsec-compare-row"][data-section="phase1"][data-parameter="Encryption"]');
    assert.equal(await enc.getAttribute("data-status"), "match");
    assert.match(await page.getByTestId("ipsec-compare-verdict").innerText(), /1 mismatch/);
    assert.equal(await page.locator("#ipsec-compare-head-a").innerText(), "branch-rtr1");
    // A side's line button selects that line in its text area.
    await pfs.locator('td[data-col="b"] button').click();
    assert.equal(await page.evaluate(() => {
      const t = document.querySelector('[data-testid="ipsec-b"]');
      return t.value.slice(t.selectionStart, t.selectionEnd);
    }), "pfs = group14");
    // Only differences.
    await page.getByTestId("ipsec-only-diff").check();
    assert.deepEqual(await page.$$eval('[data-testid="ipsec-compare-row"]', (els) => els.map((e) => e.dataset.status)), ["mismatch"]);
    await screenshot(page, "ipsec-compare", "#ipsec-compare-panel");

    // The page API equals the CLI.
    const a = path.join(work, "a.conf");
    const b = path.join(work, "b.conf");
    writeFileSync(a, SIDE_A);
    writeFileSync(b, SIDE_B);
    const cli = await runCli(["compare", "--format", "json", a, b]);
    assert.equal(cli.code, 1, "mismatches exit 1");
    assert.deepStrictEqual(await page.evaluate(([x, y]) => window.netdiag.compareConfigs(x, y), [SIDE_A, SIDE_B]), JSON.parse(cli.stdout));
    const cliZ = await runCli(["compare", "--format", "json", "--zscaler", a]);
    assert.deepStrictEqual(await page.evaluate((x) => window.netdiag.compareZscaler(x), SIDE_A), JSON.parse(cliZ.stdout));

    // One click against Zscaler's parameters: the Zscaler rows appear, phase-2 encryption warned.
    await page.getByTestId("ipsec-only-diff").uncheck();
    await page.getByTestId("ipsec-compare-zscaler").click();
    const z = page.locator('[data-testid="ipsec-compare-row"][data-section="zscaler"][data-parameter="Phase-2 encryption"]');
    await z.waitFor();
    assert.equal(await z.getAttribute("data-status"), "warning");
    assert.equal(await page.locator("#ipsec-compare-head-b").innerText(), "Zscaler supported");

    // An unreadable side: a clear error, and nothing typed is lost.
    await page.getByTestId("ipsec-a").fill("hello world");
    await page.getByTestId("ipsec-compare").click();
    await page.getByTestId("ipsec-compare-error").waitFor();
    assert.match(await page.getByTestId("ipsec-compare-error").innerText(), /^side A: not a configuration netdiag can read/);
    assert.equal(await page.getByTestId("ipsec-a").inputValue(), "hello world");
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("triage: the checklist of an impact, a step ticked after a paste, links to the panels", async () => {
    const { page, errors } = await openPage(browser.context, server.url, log);
    await page.getByLabel("IPsec tunnel", { exact: true }).check();
    await page.getByLabel("Up, but no traffic", { exact: true }).check();
    const counters = page.locator('[data-testid="triage-step"][data-id="counters"]');
    await counters.waitFor();
    assert.equal(await page.getByTestId("triage-title").innerText(), "IPsec tunnel is up but traffic is not working");
    assert.equal(await counters.getAttribute("data-status"), "open");
    assert.match(await counters.getByTestId("triage-status").innerText(), /To do/);
    assert.match(await counters.innerText(), /show crypto ipsec sa/);
    assert.match(await page.getByTestId("triage-count").innerText(), /0 of \d+ steps covered/);

    // The paste covers the step: ticked, with the finding it revealed and its evidence.
    await pasteAndParse(page, SESSION, EXPECTED_BLOCKS.length);
    await page.locator('[data-testid="triage-step"][data-id="counters"][data-status="problem"]').waitFor();
    assert.match(await counters.getByTestId("triage-status").innerText(), /Problem found/);
    assert.equal(await counters.getByTestId("triage-finding").getAttribute("data-id"), "OneWayTraffic");
    assert.match(await counters.getByTestId("triage-evidence").first().innerText(), /block #2: Cisco IOS · show crypto ipsec sa, lines 9–57/);
    assert.equal(await page.locator('[data-testid="triage-step"][data-id="sa_limit"]').getAttribute("data-status"), "covered");
    assert.match(await page.getByTestId("triage-count").innerText(), /[1-9] of \d+ steps covered/);

    // A manual step can be ticked by hand.
    const routing = page.locator('[data-testid="triage-step"][data-id="routing"]');
    assert.equal(await routing.getAttribute("data-status"), "manual");
    await routing.getByLabel("Done (netdiag cannot see this one)").check();
    await page.waitForFunction(() => /Done/.test(document.querySelector('[data-testid="triage-step"][data-id="routing"] [data-testid="triage-status"]').textContent));
    assert.match(await page.getByTestId("triage-count").innerText(), /1 checked by hand/);

    // The finding link opens the Findings panel at that finding.
    await counters.getByTestId("triage-finding").click();
    await page.locator('[data-testid="finding"][data-id="OneWayTraffic"] details[open]').waitFor();
    // A collect link switches to the panel it names (covered steps keep the list folded).
    const selectors = page.locator('[data-testid="triage-step"][data-id="selectors"]');
    await selectors.locator(".tri-collect summary").click();
    await selectors.locator('[data-testid="triage-go"][data-panel="ipsec-compare-panel"]').first().click();
    assert.equal(await page.evaluate(() => document.activeElement.id), "ipsec-a-text");
    await screenshot(page, "triage", "#triage-panel");

    // Every panel filled in: no serious accessibility problem (light scheme; dark is above).
    await page.getByTestId("ipsec-a").fill(SIDE_A);
    await page.getByTestId("ipsec-b").fill(SIDE_B);
    await page.getByTestId("ipsec-compare").click();
    await page.locator('[data-testid="ipsec-compare-row"]').first().waitFor();
    await page.locator('[data-testid="outputs-block"][data-index="2"]').click();
    assert.deepEqual(await axeViolations(page), []);

    // Page API vs the checklist in the page.
    const report = await page.evaluate((t) => window.netdiag.triage({ area: "ipsec", symptom: "no_traffic" }, { pastes: [t] }), SESSION);
    assert.equal(report.steps.find((s) => s.id === "counters").status, "problem");
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("several files at once become named pastes; pastes survive a reload", async () => {
    const { page } = await openPage(browser.context, server.url, log);
    const [router, jump] = [SESSION.split("$ mtr")[0], `$ mtr${SESSION.split("$ mtr")[1]}`];
    await page.getByTestId("outputs-open").click(); // the hidden input is what Playwright fills
    await page.locator("#outputs-file").setInputFiles([
      { name: "branch-rtr1.txt", mimeType: "text/plain", buffer: Buffer.from(router) },
      { name: "jump-host.txt", mimeType: "text/plain", buffer: Buffer.from(jump) },
    ]);
    await page.locator('[data-testid="outputs-tab"]').nth(1).waitFor();
    assert.deepEqual(await page.$$eval('[data-testid="outputs-tab"]', (els) => els.map((e) => e.textContent)), ["branch-rtr1.txt", "jump-host.txt"]);
    await page.locator('[data-testid="outputs-block"][data-kind="linux.mtr_report"]').waitFor();
    assert.equal(await page.getByTestId("outputs-name").inputValue(), "jump-host.txt");
    // Diagnosing both: the MTR finding names its paste, and its evidence opens that tab.
    await diagnoseInPage(page);
    await page.locator('[data-testid="outputs-tab"]').first().click();
    const ev = page.locator('[data-testid="finding"][data-id="PathLossAtDestination"] [data-testid="finding-evidence"]').first();
    assert.equal(await ev.getAttribute("data-source"), "jump-host.txt");
    await ev.click();
    await page.waitForFunction(() => document.querySelector('[data-testid="outputs-tab"][aria-selected="true"]').textContent === "jump-host.txt");
    await page.locator('[data-testid="outputs-source"] li.is-target').first().waitFor();
    await page.evaluate(() => window.NetdiagApp.persist.flush());
    await page.reload();
    await page.waitForFunction(() => document.body.dataset.ready === "true");
    assert.equal(await page.locator('[data-testid="outputs-tab"]').count(), 2);
    assert.equal(await page.getByTestId("outputs-text").inputValue(), jump);
    // Removing a paste can be undone: nothing typed is lost by one click.
    await page.getByTestId("outputs-remove").click();
    assert.equal(await page.locator('[data-testid="outputs-tab"]').count(), 1);
    assert.match(await page.getByTestId("outputs-note").innerText(), /Removed “jump-host\.txt”/);
    await page.getByTestId("outputs-undo").click();
    assert.deepEqual(await page.$$eval('[data-testid="outputs-tab"]', (els) => els.map((e) => e.textContent)), ["branch-rtr1.txt", "jump-host.txt"]);
    assert.equal(await page.getByTestId("outputs-text").inputValue(), jump);
    await page.close();
  });

  test("a share link carries the pastes, both compare sides and the triage choice", async () => {
    const { page } = await openPage(browser.context, server.url, log);
    await page.getByTestId("outputs-name").fill("branch-rtr1");
    await page.getByTestId("outputs-name").press("Tab");
    await pasteAndParse(page, SESSION, EXPECTED_BLOCKS.length);
    await page.getByTestId("ipsec-a").fill(SIDE_A);
    await page.getByTestId("ipsec-b").fill(SIDE_B);
    await page.getByLabel("GRE tunnel", { exact: true }).check();
    await page.getByLabel("Flapping or intermittent", { exact: true }).check();
    const link = await page.evaluate(() => window.netdiag.shareLink());
    await page.close();

    const { page: opened, errors } = await openPage(browser.context, link, log);
    await opened.waitForFunction(() => document.body.dataset.link === "opened");
    await opened.locator('[data-testid="outputs-block"]').nth(EXPECTED_BLOCKS.length - 1).waitFor();
    assert.equal(await opened.getByTestId("outputs-text").inputValue(), SESSION);
    assert.deepEqual(await opened.$$eval('[data-testid="outputs-tab"]', (els) => els.map((e) => e.textContent)), ["branch-rtr1"]);
    assert.equal(await opened.getByTestId("ipsec-a").inputValue(), SIDE_A);
    assert.equal(await opened.getByTestId("ipsec-b").inputValue(), SIDE_B);
    assert.equal(await opened.locator("#triage-area-gre").isChecked(), true);
    await opened.locator('[data-testid="triage-step"][data-id="probes"]').waitFor();
    assert.deepEqual(errors, []);
    await opened.close();
  });

  test("the Browser checks panel hands pasted command output to a new named paste", async () => {
    const { page } = await openPage(browser.context, server.url, log);
    const ping = [
      "Pinging 192.0.2.10 with 32 bytes of data:",
      "Reply from 192.0.2.10: bytes=32 time=14ms TTL=57",
      "Reply from 192.0.2.10: bytes=32 time=15ms TTL=57",
      "",
      "Ping statistics for 192.0.2.10:",
      "    Packets: Sent = 2, Received = 2, Lost = 0 (0% loss),",
      "Approximate round trip times in milli-seconds:",
      "    Minimum = 14ms, Maximum = 15ms, Average = 14ms",
      "",
    ].join("\n");
    await page.getByTestId("checks-paste").fill(ping);
    await page.getByTestId("checks-paste-send").click();
    await page.locator('[data-testid="outputs-block"][data-kind="windows.ping"]').waitFor();
    assert.deepEqual(await page.$$eval('[data-testid="outputs-tab"]', (els) => els.map((e) => e.textContent)), ["Browser checks: command output"]);
    assert.equal(await page.getByTestId("outputs-text").inputValue(), ping);
    await page.close();
  });

  test("a 10 MB paste parses in the Worker: progress is shown and the page stays usable", async () => {
    const { page, errors } = await openPage(browser.context, server.url, log);
    const copies = Math.ceil((10 * 1048576) / SESSION.length);
    const big = SESSION.repeat(copies);
    await page.evaluate((text) => {
      const area = document.querySelector('[data-testid="outputs-text"]');
      area.value = text;
      area.dispatchEvent(new Event("input", { bubbles: true }));
    }, big);
    // No click: parsing starts by itself a moment after the text changes.
    // Parsing may take only a moment on a quiet machine: read everything that must hold while it
    // runs in one snapshot, taken as soon as the progress bar shows.
    const during = await (
      await page.waitForFunction(
        () => {
          const progress = document.querySelector('[data-testid="outputs-progress"]');
          if (!progress || progress.hidden) return false;
          return {
            parseDisabled: document.querySelector('[data-testid="outputs-parse"]').disabled,
            empty: document.querySelector('[data-testid="outputs-empty"]').textContent,
            parsing: Boolean(window.NetdiagApp.state.outputs.parsing),
          };
        },
        null,
        { timeout: 60000, polling: 10 },
      )
    ).jsonValue();
    assert.equal(during.parseDisabled, true);
    assert.match(during.empty, /in the background/);
    assert.equal(during.parsing, true);
    // The rest of the page answers while (or after) the engine parses.
    await page.getByTestId("findings-cloud").fill("zscalertwo");
    assert.equal(await page.getByTestId("findings-cloud").inputValue(), "zscalertwo");
    await page.getByTestId("outputs-counts").waitFor({ timeout: 240000 });
    const counts = await page.getByTestId("outputs-counts").innerText();
    const n = Number(/^(\d+) blocks/.exec(counts)[1]);
    assert.equal(n, copies * EXPECTED_BLOCKS.length, counts);
    assert.ok((await page.locator('[data-testid="outputs-block"]').count()) <= 300, "the list is paged");
    assert.match(await page.getByTestId("outputs-size").innerText(), /10\.\d MB.*not restored after a reload/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("no request left 127.0.0.1 or file://", () => {
    const outside = browser.requests.filter((u) => !isLocal(u));
    assert.deepEqual(outside, []);
  });
});
