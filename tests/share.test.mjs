// End-to-end tests of sharing (issue 6): fill every panel, make a link, open it in a fresh
// browser (served and as the single file) and compare every field; redaction preview; bad,
// truncated, corrupted and future-version links change nothing; copy with its fallback;
// Markdown/JSON exports; the local history; the window.netdiag share API.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { deflateRawSync } from "node:zlib";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { REPO, SINGLE_FILE_URL, launch, openPage, screenshot, serveWww } from "./helpers.mjs";

const PAC =
  "// Upstream: https://svc:Pr0xyPassw0rd@proxy.example.com:8080/\n" +
  readFileSync(path.join(REPO, "tests", "fixtures", "zscaler-style.pac"), "utf8");
const URLS = "http://intranet/\nhttps://sso.idp.example/login?token=T0kenSecret99\nwww.example.com";
const DNS = "app.corp.example = 192.0.2.44\nwww.example.com = 198.51.100.7";

const log = (line) => {
  if (process.env.NETDIAG_E2E_VERBOSE) console.log(line);
};

/** Every input a share link restores: test id -> how to read it. */
const FIELDS = [
  "pac-source", "urls", "pac-dns", "pac-myip", "pac-now", "pac-tz", "pac-client", "lint-idp",
  "cmp-old", "cmp-new", "cmp-urls", "checks-cloud", "checks-samples",
];

async function fieldValues(page) {
  const out = {};
  for (const id of FIELDS) out[id] = await page.getByTestId(id).inputValue();
  out["pac-keep-url"] = await page.getByTestId("pac-keep-url").isChecked();
  out.macro = await page.locator('input[data-macro="GATEWAY"]').inputValue().catch(() => null);
  return out;
}

async function waitIdle(page, testId) {
  await page.waitForFunction((id) => {
    const b = document.querySelector(`[data-testid="${id}"]`);
    return b && !b.disabled;
  }, testId);
}

async function fillEverything(page) {
  await page.getByTestId("pac-source").fill(PAC);
  await page.getByTestId("urls").fill(URLS);
  await page.getByTestId("pac-dns").fill(DNS);
  await page.getByTestId("pac-myip").fill("10.20.30.40, 2001:db8::55");
  await page.getByTestId("pac-now").fill("2026-03-04T10:00:00Z");
  await page.getByTestId("pac-tz").fill("Europe/Stockholm");
  await page.getByTestId("pac-client").selectOption("firefox");
  await page.getByTestId("pac-keep-url").check();
  await page.getByTestId("lint-idp").fill("sso.idp.example");
  await page.getByTestId("evaluate").click();
  await page.locator('[data-testid="pac-result-row"]').nth(2).waitFor();
  await waitIdle(page, "evaluate");
  await page.locator('input[data-macro="GATEWAY"]').fill("gw1.proxy.example");
  await page.locator('input[data-macro="GATEWAY"]').press("Enter");
  await page.locator('[data-testid="pac-result-row"] td[data-col="primary"]', { hasText: "gw1.proxy.example" }).first().waitFor();
  await waitIdle(page, "evaluate");
  await page.getByTestId("cmp-old").fill('function FindProxyForURL(u, h) { return "DIRECT"; }');
  await page.getByTestId("cmp-new").fill('function FindProxyForURL(u, h) { return "PROXY 198.51.100.10:80"; }');
  await page.getByTestId("cmp-urls").fill("http://a.example/\nhttp://b.example/");
  await page.getByTestId("checks-cloud").fill("zscaler.net");
  await page.getByTestId("checks-samples").fill("4");
}

async function createLink(page) {
  await waitIdle(page, "share-create");
  await page.getByTestId("share-link").evaluate((f) => (f.value = ""));
  await page.getByTestId("share-create").click();
  await page.waitForFunction(() => {
    const f = document.querySelector('[data-testid="share-link"]');
    const r = document.querySelector('[data-testid="share-result"]');
    return f && f.value.includes("#v1=") && r && !r.hidden;
  });
  return page.getByTestId("share-link").inputValue();
}

describe("share links", () => {
  let server;
  let browser;
  let link = "";
  let expected = null;

  before(async () => {
    server = await serveWww();
    browser = await launch();
  });
  after(async () => {
    if (browser) await browser.close();
    if (server) await server.close();
  });

  test("a link opens the same page in a fresh browser, panel by panel, minus the secrets", async () => {
    const { page, errors } = await openPage(browser.context, server.url, log);
    await fillEverything(page);
    const before = await fieldValues(page);
    link = await createLink(page);
    assert.ok(link.startsWith(`${server.url}#v1=`), link);
    // The preview lists exactly what goes: the URL password in the PAC and the token.
    const items = page.getByTestId("share-item");
    assert.equal(await items.count(), 2);
    assert.match(await items.nth(0).innerText(), /PAC source\s+1\s+URL password\s+Pr…\(13 chars\)\s+<redacted:url_credentials>/);
    assert.match(await items.nth(1).innerText(), /Test URLs\s+2\s+API key \/ token\s+T0…\(13 chars\)\s+<redacted:api_key>/);
    assert.match(await page.getByTestId("share-length").innerText(), /characters: fits Teams, Slack and browsers/);
    await screenshot(page, "share-panel");

    const fresh = await launch();
    try {
      const opened = await openPage(fresh.context, link, log);
      await opened.page.waitForFunction(() => document.body.dataset.link === "opened");
      // Derived results are recomputed on load.
      await opened.page.locator('[data-testid="pac-result-row"] td[data-col="primary"]', { hasText: "gw1.proxy.example" }).first().waitFor();
      await opened.page.locator('[data-testid="cmp-results"]:not([hidden])').waitFor();
      const after = await fieldValues(opened.page);
      expected = Object.assign({}, before, {
        "pac-source": before["pac-source"].replace("Pr0xyPassw0rd", "<redacted:url_credentials>"),
        urls: before.urls.replace("T0kenSecret99", "<redacted:api_key>"),
      });
      assert.deepEqual(after, expected);
      assert.equal(
        await opened.page.locator('[data-testid="pac-result-row"]').count(),
        await page.locator('[data-testid="pac-result-row"]').count(),
      );
      // The fragment is dropped once applied: a reload shows the page as edited.
      assert.equal(await opened.page.evaluate(() => location.hash), "");
      assert.deepEqual(opened.errors, []);
      assert.ok(!fresh.requests.some((u) => !u.startsWith(server.url)), "no request left 127.0.0.1");
    } finally {
      await fresh.close();
    }
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("the single file opens links too", async () => {
    assert.ok(link, "needs the link of the first test");
    const fragment = link.slice(link.indexOf("#"));
    const fresh = await launch();
    try {
      const { page, errors } = await openPage(fresh.context, SINGLE_FILE_URL + fragment, log);
      await page.waitForFunction(() => document.body.dataset.link === "opened");
      await page.locator('[data-testid="pac-result-row"] td[data-col="primary"]', { hasText: "gw1.proxy.example" }).first().waitFor();
      assert.deepEqual(await fieldValues(page), expected);
      // And it makes links of its own, with its own location as the base.
      const own = await createLink(page);
      assert.ok(own.startsWith(`${SINGLE_FILE_URL}#v1=`), own);
      assert.deepEqual(errors, []);
    } finally {
      await fresh.close();
    }
  });

  test("truncated, corrupted and future links change nothing and say why", async () => {
    const fresh = await launch();
    try {
      const { page } = await openPage(fresh.context, server.url, log);
      await page.getByTestId("pac-source").fill("function FindProxyForURL(u, h) { return \"DIRECT\"; } // mine");
      await page.getByTestId("urls").fill("http://mine.example/");
      await page.evaluate(() => window.NetdiagApp.persist.flush());
      const fragment = link.slice(link.indexOf("#"));

      // A cut link pasted in the address bar: nothing changes, the share panel says why.
      const cut = `${server.url}${fragment.slice(0, Math.floor(fragment.length / 2))}`;
      await page.goto(cut);
      await page.waitForFunction(() => document.body.dataset.link === "error");
      assert.match(await page.getByTestId("share-open-error").innerText(), /cannot be opened: the link is truncated/);
      assert.match(await page.getByTestId("pac-source").inputValue(), /\/\/ mine$/);
      assert.equal(await page.getByTestId("urls").inputValue(), "http://mine.example/");
      // Loading the page with it: the saved inputs are shown, with the same message.
      await page.reload();
      await page.waitForFunction(() => document.body.dataset.link === "error");
      const p2 = page;
      const errors = [];
      p2.on("pageerror", (e) => errors.push(e));
      assert.match(await p2.getByTestId("share-open-error").innerText(), /cannot be opened: the link is truncated/);
      assert.match(await p2.getByTestId("pac-source").inputValue(), /\/\/ mine$/);
      assert.equal(await p2.getByTestId("urls").inputValue(), "http://mine.example/");

      // The API rejects with a clear Error for each failure mode, and nothing changes.
      // A decompression bomb: 16 MiB of JSON in a link of about 22 KB.
      const bomb = `{"pac":{"source":"${" ".repeat(16 << 20)}"}}`;
      const bombLink = "#v1=" + deflateRawSync(Buffer.from(bomb), { level: 9 }).toString("base64url");
      const messages = await p2.evaluate(async ([frag, bombLink]) => {
        const out = [];
        const tries = [
          frag.slice(0, frag.length - 7),
          frag.slice(0, 30) + "!" + frag.slice(31),
          frag.replace("#v1=", "#v2="),
          "https://example.com/page",
          "#v1=" + "A".repeat(40),
          bombLink,
          "#v1=" + "A".repeat(2200000),
        ];
        for (const t of tries) {
          try {
            await window.netdiag.openLink(t);
            out.push("opened");
          } catch (error) {
            out.push(`${error instanceof Error}:${error.message}`);
          }
        }
        return out;
      }, [fragment, bombLink]);
      assert.match(messages[0], /^true:the link is truncated/);
      assert.match(messages[1], /^true:the link is corrupted: character '!' at position 31/);
      assert.match(messages[2], /^true:this link was made by a newer netdiag \(v2\); this page understands v1/);
      assert.match(messages[3], /^true:not a netdiag link/);
      assert.match(messages[4], /^true:the link is (corrupted|truncated)/);
      assert.match(messages[5], /^true:the decompressed state is too large: 8388608 bytes \(limit 8388608\)/);
      assert.match(messages[6], /^true:the link is too large/);
      assert.match(await p2.getByTestId("pac-source").inputValue(), /\/\/ mine$/);

      // The open box shows the message in the panel.
      await p2.getByTestId("share-open-input").fill(fragment.replace("#v1=", "#v9="));
      await p2.getByTestId("share-open").click();
      await p2.locator('[data-testid="share-open-error"]:not([hidden])').waitFor();
      assert.match(await p2.getByTestId("share-open-error").innerText(), /newer netdiag \(v9\).*Nothing on the page was changed/);
      assert.equal(await p2.getByTestId("urls").inputValue(), "http://mine.example/");
      assert.deepEqual(errors, []);
    } finally {
      await fresh.close();
    }
  });

  test("copy falls back to a selected field, exports download and history keeps states", async () => {
    const fresh = await launch();
    try {
      const { page, errors } = await openPage(fresh.context, server.url, log);
      await page.getByTestId("pac-source").fill("function FindProxyForURL(u, h) { return \"DIRECT\"; }");
      await page.getByTestId("urls").fill("http://first.example/");
      const first = await createLink(page);

      // Clipboard refused: the link is selected in its read-only field instead.
      await page.evaluate(() => {
        Object.defineProperty(navigator, "clipboard", {
          value: { writeText: () => Promise.reject(new DOMException("denied", "NotAllowedError")) },
          configurable: true,
        });
      });
      await page.getByTestId("share-copy").click();
      await page.waitForFunction(() => document.getElementById("status").textContent.includes("press Ctrl+C"));
      const sel = await page.evaluate(() => {
        const f = document.activeElement;
        return { id: f.id, readOnly: f.readOnly, all: f.selectionStart === 0 && f.selectionEnd === f.value.length };
      });
      assert.deepEqual(sel, { id: "share-link", readOnly: true, all: true });

      // Clipboard allowed: the link is on it.
      await page.evaluate(() => {
        window.__copied = null;
        Object.defineProperty(navigator, "clipboard", {
          value: { writeText: (t) => ((window.__copied = t), Promise.resolve()) },
          configurable: true,
        });
      });
      await page.getByTestId("share-copy").click();
      await page.waitForFunction(() => window.__copied !== null);
      assert.equal(await page.evaluate(() => window.__copied), first);

      // Markdown and JSON downloads.
      const [md] = await Promise.all([page.waitForEvent("download"), page.getByTestId("share-md-download").click()]);
      const mdText = readFileSync(await md.path(), "utf8");
      assert.match(md.suggestedFilename(), /^netdiag-.*\.md$/);
      assert.match(mdText, /^# netdiag diagnostic report\n/);
      assert.ok(mdText.includes(`Open this state in netdiag: <${server.url}#v1=`));
      const [js] = await Promise.all([page.waitForEvent("download"), page.getByTestId("share-json-download").click()]);
      const state = JSON.parse(readFileSync(await js.path(), "utf8"));
      assert.equal(state.version, 1);
      assert.equal(state.pac.test_urls, "http://first.example/");

      // History: the shared link is kept; opening another link keeps the state it replaces.
      await page.getByTestId("urls").fill("http://second.example/");
      const second = await createLink(page);
      await page.evaluate((l) => window.netdiag.openLink(l), first);
      assert.equal(await page.getByTestId("urls").inputValue(), "http://first.example/");
      // (The replaced state equals the second shared link, so that entry is not doubled.)
      const entries = page.getByTestId("share-history-entry");
      assert.equal(await entries.count(), 2);
      assert.match(await entries.nth(0).innerText(), /^Before opening a link/);
      assert.match(await entries.nth(1).innerText(), /^Shared link/);
      await entries.nth(0).getByTestId("share-history-restore").click();
      await page.waitForFunction(() => document.querySelector('[data-testid="urls"]').value === "http://second.example/");
      assert.ok(second);
      // Clearing empties the list and the storage.
      await page.getByTestId("share-history-clear").click();
      assert.equal(await entries.count(), 0);
      assert.equal(await page.evaluate(() => localStorage.getItem("netdiag:v1:share-history")), null);
      assert.deepEqual(errors, []);
    } finally {
      await fresh.close();
    }
  });

  test("window.netdiag share API, redaction off and IP anonymisation", async () => {
    const fresh = await launch();
    try {
      const { page, errors } = await openPage(fresh.context, server.url, log);
      await page.getByTestId("pac-source").fill("function FindProxyForURL(u, h) {\n  if (isInNet(myIpAddress(), \"10.20.0.0\", \"255.255.0.0\")) return \"DIRECT\";\n  return \"PROXY 8.8.8.8:80\";\n}");
      await page.getByTestId("pac-myip").fill("10.20.30.40");
      await page.getByTestId("urls").fill("https://x.example/?key=K3yValue");
      const out = await page.evaluate(async () => {
        const a = await window.netdiag.shareLink();
        const plain = await window.netdiag.shareLink({ redact_secrets: false });
        const state = await window.netdiag.exportState();
        const md = await window.netdiag.exportMarkdown();
        return { a, plain, state, md };
      });
      assert.ok(out.a.includes("#v1=") && out.a !== out.plain);
      assert.equal(out.state.pac.test_urls, "https://x.example/?key=K3yValue", "exportState is the full state");
      assert.equal(out.state.pac.env.my_ip[0], "10.20.30.40");
      assert.match(out.md, /## Summary/);
      assert.ok(!out.md.includes("K3yValue"));

      // Anonymisation in the panel: the preview lists the mapped addresses, the link has none.
      await page.getByTestId("share-anonymize").check();
      await page.getByTestId("share-create").click();
      await page.locator('[data-testid="share-ips"]:not([hidden])').waitFor();
      assert.match(await page.getByTestId("share-ips").innerText(), /3 IP address\(es\) anonymised/);
      const anonymised = await page.getByTestId("share-link").inputValue();
      // Redaction off: the panel says so.
      await page.getByTestId("share-anonymize").uncheck();
      await page.getByTestId("share-redact").uncheck();
      await page.waitForFunction(() => document.querySelector('[data-testid="share-no-items"]').textContent.includes("NOT removed"));
      const state = await page.evaluate(async (l) => {
        await window.netdiag.openLink(l);
        return window.netdiag.exportState();
      }, anonymised);
      assert.notEqual(state.pac.env.my_ip[0], "10.20.30.40");
      assert.match(state.pac.env.my_ip[0], /^10\./);
      assert.ok(state.pac.source.includes('"255.255.0.0"'));
      assert.ok(!state.pac.source.includes("8.8.8.8"));
      assert.deepEqual(errors, []);
    } finally {
      await fresh.close();
    }
  });
});
