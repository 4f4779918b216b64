// End-to-end tests of the browser checks panel (issue 5) in headless Chromium, against servers
// this test starts on 127.0.0.1 only: a fast CORS server (with Timing-Allow-Origin), a no-CORS
// server, a slow server that trips the timeout, a closed port, a PAC server (CORS and no-CORS
// paths), a fake /vpntest endpoint and a fake DNS-over-HTTPS JSON resolver. Nothing reaches
// the internet: the cloud name is only planned and resolved through the fake resolver.

import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { ARTIFACTS, SINGLE_FILE_URL, isLocal, launch, openPage, serveWww } from "./helpers.mjs";

const log = (line) => {
  if (process.env.NETDIAG_E2E_VERBOSE) console.log(line);
};

/** A screenshot of the checks panel only, for a look at light and dark mode. */
async function panelShot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.locator("#checks-panel").screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}

const SERVED_PAC = 'function FindProxyForURL(url, host) {\n  return "DIRECT"; // served by the test PAC server\n}\n';

/** Starts an HTTP server on 127.0.0.1 with an ephemeral port. */
function serve(handler) {
  return new Promise((resolve) => {
    const server = http.createServer(handler);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({
        port,
        origin: `http://127.0.0.1:${port}`,
        hits: 0,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
        server,
      });
    });
  });
}

/** A free port with nothing listening: bind, read the port, close. */
async function closedPort() {
  const s = await serve(() => {});
  await s.close();
  return s.port;
}

const DOH_ANSWERS = {
  "gateway.zscaler.net/A": {
    Status: 0,
    Answer: [
      { name: "gateway.zscaler.net.", type: 5, TTL: 300, data: "gateway.geo.zscaler.net." },
      { name: "gateway.geo.zscaler.net.", type: 1, TTL: 60, data: "192.0.2.10" },
    ],
  },
  "gateway.zscaler.net/AAAA": { Status: 0, Answer: [{ name: "gateway.zscaler.net.", type: 28, TTL: 60, data: "2001:db8::10" }] },
  "pac.zscaler.net/A": { Status: 0, Answer: [{ name: "pac.zscaler.net.", type: 1, TTL: 120, data: "192.0.2.20" }] },
};

describe("browser checks", () => {
  let www;
  let browser;
  const s = {};
  const dohAccept = [];

  before(async () => {
    www = await serveWww();
    s.fast = await serve((req, res) => {
      res.writeHead(200, { "Access-Control-Allow-Origin": "*", "Timing-Allow-Origin": "*", "Content-Type": "text/plain" });
      res.end("fast");
    });
    s.nocors = await serve((req, res) => {
      res.writeHead(403, { "Content-Type": "text/html" });
      res.end("<h1>proxy says no</h1>");
    });
    s.slow = await serve((req, res) => {
      const t = setTimeout(() => res.end("late"), 5000);
      res.on("close", () => clearTimeout(t));
    });
    s.gateway = await serve((req, res) => {
      if (req.url === "/vpntest") {
        res.writeHead(200, { "Access-Control-Allow-Origin": "*", "Content-Type": "text/plain" });
        res.end("vpntest ok");
      } else {
        res.writeHead(404, { "Access-Control-Allow-Origin": "*" });
        res.end();
      }
    });
    s.pac = await serve((req, res) => {
      const cors = req.url.startsWith("/cors");
      res.writeHead(200, {
        "Content-Type": "application/x-ns-proxy-autoconfig",
        ...(cors ? { "Access-Control-Allow-Origin": "*" } : {}),
      });
      res.end(SERVED_PAC);
    });
    s.doh = await serve((req, res) => {
      const u = new URL(req.url, "http://127.0.0.1");
      dohAccept.push(req.headers.accept);
      const key = `${u.searchParams.get("name")}/${u.searchParams.get("type")}`;
      res.writeHead(200, { "Access-Control-Allow-Origin": "*", "Content-Type": "application/dns-json" });
      res.end(JSON.stringify(DOH_ANSWERS[key] || { Status: 3, Answer: [] }));
    });
    s.closed = await closedPort();
    browser = await launch();
  });

  after(async () => {
    if (browser) await browser.close();
    for (const k of ["fast", "nocors", "slow", "gateway", "pac", "doh"]) if (s[k]) await s[k].close();
    if (www) await www.close();
  });

  const row = (page, id) => page.locator(`[data-testid="check-row"][data-id="${id}"]`);
  const verdictOf = async (page, id) => row(page, id).getAttribute("data-verdict");
  const idle = (page) => page.waitForFunction(() => !document.querySelector('[data-testid="checks-cancel"]').offsetParent && !document.querySelector('[data-testid="checks-run"]').disabled);

  test("served page: plan, proxies from the PAC results, run, verdicts, stats, PAC download, DoH", async () => {
    const { page, errors } = await openPage(browser.context, www.url, log);
    // Nothing is fetched before the user asks: the panel is idle and the DoH opt-in is off.
    assert.equal(await page.getByTestId("checks-doh-on").isChecked(), false);
    assert.equal(await page.getByTestId("checks-doh-run").isDisabled(), true);

    // 1. The plan from a cloud name: the runbook targets, what is tried and why, and commands.
    await page.getByTestId("checks-cloud").fill("zscaler.net");
    await page.locator('[data-testid="checks-plan-row"][data-id="gateway-vpntest"]').waitFor();
    const ids = await page.locator('[data-testid="checks-plan-row"]').evaluateAll((rows) => rows.map((r) => r.dataset.id));
    assert.deepEqual(ids, ["pac-https", "pac-http", "login-https", "login-http", "gateway-https", "gateway-http", "gateway-vpntest"]);
    const vpn = await page.locator('[data-testid="checks-plan-row"][data-id="gateway-vpntest"]').innerText();
    assert.match(vpn, /http:\/\/gateway\.zscaler\.net\/vpntest/);
    assert.match(vpn, /health probes/);
    const cmds = await page.getByTestId("checks-cmd").allInnerTexts();
    assert.ok(cmds.some((c) => c.includes("ping -n 10 gateway.zscaler.net")));
    assert.ok(cmds.some((c) => c.includes("Test-NetConnection gateway.zscaler.net -Port 10938")));
    assert.ok(cmds.some((c) => c.includes("mtr -nrc 300 gateway.zscaler.net")));
    assert.ok(cmds.some((c) => c.includes("ping -M do -s 1472 -c 4 gateway.zscaler.net")));
    assert.ok(cmds.some((c) => c.includes("ping -D -s 1472 -c 4 gateway.zscaler.net")));
    assert.ok(cmds.some((c) => c.includes("ping -f -l 1472 gateway.zscaler.net")));
    // Copy buttons: the clipboard, or (when the browser refuses) the commands selected for Ctrl+C.
    await browser.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(www.url).origin });
    await page.locator('[data-testid="checks-manual-item"][data-id="icmp-ping"] button', { hasText: "Copy" }).first().click();
    await page.waitForFunction(() => /Copied to the clipboard|text is selected/.test(document.getElementById("status").textContent));
    const copied = await page.evaluate(async () =>
      /selected/.test(document.getElementById("status").textContent) ? String(window.getSelection()) : navigator.clipboard.readText(),
    );
    assert.equal(copied.trim(), "ping -n 10 gateway.zscaler.net");
    // The paste box hands command output on, or says plainly where it stays.
    await page.getByTestId("checks-paste").fill("Pinging gateway.zscaler.net [192.0.2.10] with 32 bytes of data:\nRequest timed out.\n");
    await page.getByTestId("checks-paste-send").click();
    assert.match(await page.getByTestId("checks-paste-note").innerText(), /Outputs panel|Recognised|no device-output parser/);

    // 2. DNS over HTTPS through the fake resolver (a custom URL): answers, TTLs, copy to the PAC DNS table.
    await page.getByTestId("pac-dns").fill("gateway.zscaler.net = 198.51.100.99\n");
    await page.getByTestId("checks-doh-on").check();
    await page.getByTestId("checks-doh-resolver").selectOption("custom");
    await page.getByTestId("checks-doh-url").fill(`${s.doh.origin}/dns-query`);
    await page.getByTestId("checks-doh-run").click();
    await page.locator('[data-testid="checks-doh-row"][data-name="gateway.zscaler.net"][data-qtype="A"]').waitFor();
    const gw = await page.locator('[data-testid="checks-doh-row"][data-name="gateway.zscaler.net"][data-qtype="A"]').innerText();
    assert.match(gw, /NOERROR/);
    assert.match(gw, /CNAME gateway\.geo\.zscaler\.net \(300\)/);
    assert.match(gw, /A 192\.0\.2\.10 \(60\)/);
    assert.match(await page.locator('[data-testid="checks-doh-row"][data-name="login.zscaler.net"][data-qtype="A"]').innerText(), /NXDOMAIN/);
    assert.ok(dohAccept.length >= 6 && dohAccept.every((a) => a === "application/dns-json"));
    await page.getByTestId("checks-doh-copy").click();
    const dns = await page.getByTestId("pac-dns").inputValue();
    assert.match(dns, /^# was: gateway\.zscaler\.net = 198\.51\.100\.99$/m);
    assert.match(dns, /^gateway\.zscaler\.net = 192\.0\.2\.10, 2001:db8::10$/m);
    assert.match(dns, /^pac\.zscaler\.net = 192\.0\.2\.20$/m);
    assert.match(dns, /^login\.zscaler\.net = fail$/m);
    await page.getByTestId("checks-cloud").fill("");
    await page.getByTestId("checks-doh-on").uncheck();

    // 3. Proxies from the PAC evaluator's results, one click.
    const pac = `function FindProxyForURL(url, host) {\n  return "PROXY 127.0.0.1:${s.fast.port}; PROXY 127.0.0.1:${s.nocors.port}; DIRECT";\n}\n`;
    await page.getByTestId("pac-source").fill(pac);
    await page.getByTestId("urls").fill("http://www.example.com/");
    await page.getByTestId("evaluate").click();
    await page.locator('[data-testid="pac-result-row"]').first().waitFor();
    await page.getByTestId("checks-use-pac").click();
    const proxies = await page.getByTestId("checks-proxies").inputValue();
    assert.match(proxies, new RegExp(`^127\\.0\\.0\\.1:${s.fast.port} # primary`, "m"));
    assert.match(proxies, new RegExp(`^127\\.0\\.0\\.1:${s.nocors.port} # secondary`, "m"));
    assert.match(await page.getByTestId("checks-use-pac-note").innerText(), /1 primary and 1 secondary/);

    // 4. The rest of the plan: PAC URL, slow, closed, /vpntest and a browser-refused port.
    await page.getByTestId("checks-pac-url").fill(`${s.pac.origin}/cors.pac`);
    await page.getByTestId("checks-urls").fill(
      [`http://127.0.0.1:${s.slow.port}/`, `http://127.0.0.1:${s.closed}/`, `${s.gateway.origin}/vpntest`, "http://127.0.0.1:6667/"].join("\n"),
    );
    await page.getByTestId("checks-samples").fill("3");
    await page.getByTestId("checks-timeout").fill("400");
    await page.locator('[data-testid="checks-plan-row"][data-id="url-4"]').waitFor();
    assert.match(await page.getByTestId("checks-plan-summary").innerText(), /7 targets × 3 samples, timeout 400 ms each; 1 will be recorded as blocked/);

    // 5. Run, with progress, then the verdicts.
    await page.getByTestId("checks-run").click();
    await page.getByTestId("checks-progress").waitFor({ state: "visible" });
    await row(page, "url-4").waitFor();
    await idle(page);
    assert.equal(await verdictOf(page, "proxy-1"), "answered");
    assert.equal(await verdictOf(page, "proxy-2"), "answered_opaque");
    assert.equal(await verdictOf(page, "url-1"), "timed_out");
    assert.equal(await verdictOf(page, "url-2"), "refused");
    assert.equal(await verdictOf(page, "url-3"), "answered");
    assert.equal(await verdictOf(page, "url-4"), "blocked");
    assert.equal(await verdictOf(page, "pac-file"), "answered");
    assert.equal(await row(page, "proxy-1").locator('td[data-col="status"]').innerText(), "200");
    assert.match(await row(page, "proxy-1").locator('td[data-col="phases"]').innerText(), /^[\d.]+ \/ [\d.]+ \/ — \/ [\d.]+$/);
    assert.match(await row(page, "proxy-2").locator('td[data-col="phases"]').innerText(), /no Timing-Allow-Origin/);
    assert.match(await page.locator('[data-testid="check-note"][data-id="url-4"]').innerText(), /port 6667/);
    assert.match(await page.locator('[data-testid="check-note"][data-id="url-1"]').innerText(), /No answer within 400 ms in 3 of 3/);
    assert.match(await page.getByTestId("checks-live").innerText(), /^Done: 7 targets/);

    // The diagnosis rules turn the failures into findings (when this build has the diagnose op).
    if ((await page.evaluate(() => window.netdiag.ready)).includes("diagnose")) {
      await page.locator('[data-testid="checks-finding"]').first().waitFor();
      const found = await page.locator('[data-testid="checks-finding"]').evaluateAll((li) => li.map((x) => x.dataset.id));
      assert.ok(found.includes("TcpPortFiltered"), found.join(","));
      assert.ok(found.includes("ServiceNotListening"), found.join(","));
    } else {
      assert.equal(await page.locator("#checks-findings-wrap").isHidden(), true);
    }

    // The evidence in app.state.checks.results is the CheckResults DTO, with numbers.
    const results = await page.evaluate(() => window.netdiag.checkResults());
    assert.equal(results.checks.length, 7);
    for (const c of results.checks) {
      for (const k of ["min", "median", "p95", "max", "jitter", "failure_share"]) assert.equal(typeof c.stats[k], "number", `${c.id} ${k}`);
      assert.ok(["answered", "answered_opaque", "refused", "timed_out", "blocked"].includes(c.verdict));
      assert.equal(typeof c.note, "string");
    }
    const fast = results.checks.find((c) => c.id === "proxy-1");
    assert.equal(fast.kind, "proxy");
    assert.equal(fast.samples.length, 3);
    assert.equal(fast.samples_ms.length, 3);
    assert.ok(fast.stats.min <= fast.stats.median && fast.stats.median <= fast.stats.max);
    assert.ok(fast.timing && typeof fast.timing.ttfb_ms === "number");
    assert.equal(results.checks.find((c) => c.id === "url-1").stats.failure_share, 1);
    assert.deepEqual(await page.evaluate(() => Object.keys(window.NetdiagApp.state.checks.inputs).sort()), [
      "cloud", "dpp_port", "pac_url", "proxies", "samples", "targets", "timeout_ms",
    ]);

    // 6. The PAC download: facts, load into the evaluator keeping the old source, restore.
    assert.match(await page.getByTestId("checks-pac-facts").innerText(), new RegExp(`HTTP 200, ${SERVED_PAC.length} bytes`));
    assert.match(await page.getByTestId("checks-pac").innerText(), /The body defines FindProxyForURL/);
    await page.getByTestId("checks-pac-load").click();
    assert.equal(await page.getByTestId("pac-source").inputValue(), SERVED_PAC);
    assert.match(await page.getByTestId("checks-pac-backup").innerText(), /previous PAC source \(4 lines\) was kept/);
    await page.getByTestId("checks-pac-restore").click();
    assert.equal(await page.getByTestId("pac-source").inputValue(), pac);

    // 7. The latency budget judges the median of the first proxy.
    await page.getByTestId("checks-distance").fill("4000");
    await page.getByTestId("checks-budget-ms").waitFor();
    assert.match(await page.getByTestId("checks-budget-ms").innerText(), /up to 60\.0 ms/);
    assert.match(await page.getByTestId("checks-budget").innerText(), /\(proxy-1\) Within budget/);
    await page.getByTestId("checks-from").fill("95, 0");
    await page.getByTestId("checks-to").fill("0, 0");
    assert.match(await page.getByTestId("checks-budget-error").innerText(), /your location latitude 95 is out of range/);
    await page.getByTestId("checks-from").fill("");
    await page.getByTestId("checks-to").fill("");

    // 8. Exports: JSON (the CheckResults DTO) and Markdown.
    const [jsonDl] = await Promise.all([page.waitForEvent("download"), page.getByTestId("checks-export-json").click()]);
    const exported = JSON.parse(readFileSync(await jsonDl.path(), "utf8"));
    assert.equal(exported.checks.length, 7);
    assert.equal(exported.checks.find((c) => c.id === "proxy-1").budget_ms, 60);
    const [mdDl] = await Promise.all([page.waitForEvent("download"), page.getByTestId("checks-export-md").click()]);
    const md = readFileSync(await mdDl.path(), "utf8");
    assert.match(md, /^# netdiag browser checks/);
    assert.match(md, /\| proxy-2 \| http:\/\/127\.0\.0\.1:\d+\/ \| answered_opaque \|/);

    await panelShot(page, "checks-panel-light");
    await page.evaluate(() => window.NetdiagApp.persist.flush());
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("cancel stops a run mid-way and keeps what was measured", async () => {
    const { page } = await openPage(browser.context, www.url, log, { keepStorage: true });
    // The inputs of the previous test were saved in this browser profile: they come back.
    assert.equal(await page.getByTestId("checks-pac-url").inputValue(), `${s.pac.origin}/cors.pac`);
    await page.getByTestId("checks-pac-url").fill("");
    await page.getByTestId("checks-proxies").fill("");
    await page.getByTestId("checks-urls").fill(`${s.fast.origin}/\nhttp://127.0.0.1:${s.slow.port}/\n${s.gateway.origin}/vpntest`);
    await page.getByTestId("checks-samples").fill("10");
    await page.getByTestId("checks-timeout").fill("3000");
    await page.locator('[data-testid="checks-plan-row"][data-id="url-3"]').waitFor();
    await page.getByTestId("checks-run").click();
    await page.waitForFunction(() => /Checking 2 of 3/.test(document.querySelector('[data-testid="checks-live"]').textContent));
    await page.getByTestId("checks-cancel").click();
    await page.waitForFunction(() => /^Cancelled after/.test(document.querySelector('[data-testid="checks-live"]').textContent));
    const results = await page.evaluate(() => window.netdiag.checkResults());
    assert.deepEqual(results.checks.map((c) => c.id), ["url-1"]);
    assert.equal(results.checks[0].verdict, "answered");
    assert.equal(results.checks[0].samples.length, 10);
    assert.equal(await page.getByTestId("checks-run").isDisabled(), false);
    await page.close();
  });

  test("window.netdiag.runChecks: verdict names, samples and stats", async () => {
    const { page } = await openPage(browser.context, www.url, log);
    const targets = [`${s.fast.origin}/`, `${s.nocors.origin}/`, `http://127.0.0.1:${s.slow.port}/`, `http://127.0.0.1:${s.closed}/`, "http://127.0.0.1:6667/"];
    const out = await page.evaluate((t) => window.netdiag.runChecks({ targets: t, samples: 2, timeout_ms: 300 }), targets);
    assert.deepEqual(out.results.map((r) => [r.target, r.verdict]), [
      [targets[0], "answered"],
      [targets[1], "answered_opaque"],
      [targets[2], "timed_out"],
      [targets[3], "refused"],
      [targets[4], "blocked"],
    ]);
    for (const r of out.results) {
      assert.equal(r.samples.length, 2);
      assert.equal(typeof r.stats.median, "number");
      assert.equal(typeof r.stats.jitter, "number");
    }
    assert.equal(out.results[0].samples[0].status, 200);
    assert.equal(out.results[2].samples[0].outcome, "timed_out");
    // Bad arguments are errors that say what is wrong, and nothing runs.
    const bad = await page.evaluate(() =>
      Promise.allSettled([
        window.netdiag.runChecks({ targets: "x" }),
        window.netdiag.runChecks({ targets: ["ftp://x.example/"] }),
        window.netdiag.runChecks({ targets: [], samples: 0 }),
      ]).then((r) => r.map((x) => x.reason && x.reason.message)),
    );
    assert.match(bad[0], /targets must be an array of strings/);
    assert.match(bad[1], /URL line 1: "ftp:\/\/" cannot be fetched/);
    assert.match(bad[2], /samples must be a positive whole number/);
    const plan = await page.evaluate(() => window.netdiag.checkPlan({ cloud: "zscalertwo.net", proxies: ["PROXY gw.example.net:9400"] }));
    assert.equal(plan.targets.find((t) => t.id === "proxy-1").url, "http://gw.example.net:9400/");
    await page.close();
  });

  test("single file (file://, origin null): CORS and no-CORS verdicts, PAC download into the evaluator", async () => {
    const dark = await launch({ scheme: "dark" });
    try {
      const { page, errors } = await openPage(dark.context, SINGLE_FILE_URL, log);
      assert.equal(await page.evaluate(() => location.protocol), "file:");
      await page.getByTestId("checks-pac-url").fill(`${s.pac.origin}/cors.pac`);
      await page.getByTestId("checks-urls").fill(`${s.fast.origin}/\n${s.nocors.origin}/\n${s.pac.origin}/nocors.pac`);
      await page.getByTestId("checks-samples").fill("2");
      await page.locator('[data-testid="checks-plan-row"][data-id="url-3"]').waitFor();
      await page.getByTestId("checks-run").click();
      await row(page, "url-3").waitFor();
      await idle(page);
      assert.equal(await verdictOf(page, "pac-file"), "answered");
      assert.equal(await verdictOf(page, "url-1"), "answered");
      assert.equal(await verdictOf(page, "url-2"), "answered_opaque");
      assert.equal(await verdictOf(page, "url-3"), "answered_opaque");
      await page.getByTestId("checks-pac-load").click();
      assert.equal(await page.getByTestId("pac-source").inputValue(), SERVED_PAC);
      assert.equal(await page.getByTestId("checks-pac-backup").count(), 0, "an empty source needs no backup");

      // A PAC server without CORS: the page says so and offers the file/paste route.
      await page.getByTestId("checks-pac-url").fill(`${s.pac.origin}/nocors.pac`);
      await page.waitForFunction(() => !document.querySelector('[data-testid="checks-pac-download"]').disabled);
      await page.getByTestId("checks-pac-download").click();
      await page.getByTestId("checks-pac-cors").waitFor();
      assert.match(await page.getByTestId("checks-pac-cors").innerText(), /no CORS header.*Open file/s);
      // The partial run replaced the pac-file result in place and kept the others.
      const ids = await page.locator('[data-testid="check-row"]').evaluateAll((rows) => rows.map((r) => r.dataset.id));
      assert.deepEqual(ids, ["pac-file", "url-1", "url-2", "url-3"]);
      assert.equal(await verdictOf(page, "pac-file"), "answered_opaque");
      await panelShot(page, "checks-panel-dark");
      assert.deepEqual(errors, []);
      for (const url of dark.requests) assert.ok(isLocal(url), `request left the machine: ${url}`);
      await page.close();
    } finally {
      await dark.close();
    }
  });

  test("no request left 127.0.0.1 or file://", () => {
    for (const url of browser.requests) assert.ok(isLocal(url), `request left the machine: ${url}`);
  });
});
