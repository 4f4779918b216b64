// Unit tests of www/js/checks-run.js (the browser checks runner): how each fetch outcome is
// classified, mixed content and Local Network Access detection, Resource Timing phases, the
// no-cors fallback and cancel. Runs the classic script in a vm context with a fake fetch.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import vm from "node:vm";
import { REPO } from "./helpers.mjs";

function load() {
  const window = {};
  const context = vm.createContext({ window, URL, DOMException, AbortController, TextDecoder, Uint8Array });
  vm.runInContext(readFileSync(path.join(REPO, "www", "js", "checks-run.js"), "utf8"), context);
  return window.NetdiagApp.checksRun;
}
const run = load();
const plain = (v) => JSON.parse(JSON.stringify(v));

/** A fake fetch: `script[url][mode]` is "ok:<status>", "opaque", "typeerror", "hang" or "other". */
function fakeEnv(script, extra = {}) {
  const calls = [];
  const env = {
    calls,
    now: () => performance.now(),
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (id) => clearTimeout(id),
    page: { protocol: "http:", hostname: "127.0.0.1" },
    entries: () => [],
    cspViolations: () => null,
    permissionState: async () => null,
    fetch(url, init) {
      calls.push(`${init.mode} ${url}`);
      assert.equal(init.cache, "no-store");
      assert.equal(init.credentials, "omit");
      const what = (script[url] || {})[init.mode] || "typeerror";
      return new Promise((resolve, reject) => {
        init.signal.addEventListener("abort", () => reject(init.signal.reason), { once: true });
        if (what === "hang") return;
        if (what === "typeerror") return reject(new TypeError("Failed to fetch"));
        if (what === "other") return reject(new RangeError("odd"));
        if (what === "opaque") return resolve({ type: "opaque", status: 0, body: null });
        const [, status, body] = what.split(":");
        resolve(new Response(body || "ok", { status: Number(status), headers: { "content-type": "text/plain" } }));
      });
    },
    ...extra,
  };
  return env;
}

const T = (url, more = {}) => ({ id: "t", url, blocked: null, download: false, ...more });

test("a CORS answer is answered with its status; no second request", async () => {
  const env = fakeEnv({ "http://a.example/": { cors: "ok:404" } });
  const r = await run.runPlan([T("http://a.example/")], { samples: 2, timeoutMs: 500, env });
  assert.equal(r.cancelled, false);
  assert.deepEqual(plain(r.runs[0].samples.map((s) => [s.outcome, s.status])), [["answered", 404], ["answered", 404]]);
  assert.deepEqual(env.calls, ["cors http://a.example/", "cors http://a.example/"]);
  assert.ok(r.runs[0].samples.every((s) => typeof s.ms === "number" && s.ms >= 0));
});

test("a CORS refusal retries as no-cors once, then sticks to no-cors", async () => {
  const env = fakeEnv({ "http://b.example/": { cors: "typeerror", "no-cors": "opaque" } });
  const r = await run.runPlan([T("http://b.example/")], { samples: 3, timeoutMs: 500, env });
  assert.deepEqual(plain(r.runs[0].samples.map((s) => s.outcome)), ["answered_opaque", "answered_opaque", "answered_opaque"]);
  assert.deepEqual(env.calls, ["cors http://b.example/", "no-cors http://b.example/", "no-cors http://b.example/", "no-cors http://b.example/"]);
  assert.equal(r.runs[0].samples[0].status, null);
});

test("failing in both modes is refused; a hang is timed_out without a second request", async () => {
  const env = fakeEnv({ "http://c.example/": {}, "http://d.example/": { cors: "hang" } });
  const r = await run.runPlan([T("http://c.example/"), T("http://d.example/")], { samples: 1, timeoutMs: 60, env });
  assert.equal(r.runs[0].samples[0].outcome, "refused");
  assert.match(r.runs[0].samples[0].detail, /TypeError/);
  assert.equal(r.runs[1].samples[0].outcome, "timed_out");
  assert.ok(r.runs[1].samples[0].ms >= 50);
  assert.deepEqual(env.calls, ["cors http://c.example/", "no-cors http://c.example/", "cors http://d.example/"]);
});

test("blocked: plan refusal, mixed content, CSP report, Local Network Access denied", async () => {
  const env = fakeEnv({}, {
    page: { protocol: "https:", hostname: "netdiag.example" },
    cspViolations: (since, url) => (url.includes("csp.example") ? "connect-src" : null),
    permissionState: async () => "denied",
  });
  const targets = [
    T("http://x.example:6667/", { blocked: "browsers refuse port 6667" }),
    T("http://plain.example/"),
    T("https://csp.example/"),
    T("https://192.168.1.1/"),
    T("https://public.example/"),
  ];
  const r = await run.runPlan(targets, { samples: 1, timeoutMs: 200, env });
  const got = plain(r.runs.map((x) => [x.samples[0].outcome, x.samples[0].detail]));
  assert.deepEqual(got.map((g) => g[0]), ["blocked", "blocked", "blocked", "blocked", "refused"]);
  assert.match(got[0][1], /port 6667/);
  assert.match(got[1][1], /mixed content/);
  assert.match(got[2][1], /Content Security Policy.*connect-src/);
  assert.match(got[3][1], /Local Network Access/);
  // Neither the plan-blocked nor the mixed-content target was fetched.
  assert.ok(!env.calls.some((c) => c.includes("x.example") || c.includes("plain.example")));
});

test("cancel mid-run keeps the finished samples and stops", async () => {
  const controller = new AbortController();
  const env = fakeEnv({ "http://e.example/": { cors: "ok:200" }, "http://f.example/": { cors: "hang" } });
  const seen = [];
  const r = await run.runPlan([T("http://e.example/"), T("http://f.example/"), T("http://g.example/")], {
    samples: 2,
    timeoutMs: 5000,
    signal: controller.signal,
    env,
    onProgress(p) {
      seen.push(p.done);
      if (p.target && p.target.url === "http://f.example/") setTimeout(() => controller.abort(), 20);
    },
  });
  assert.equal(r.cancelled, true);
  assert.equal(r.runs.length, 1);
  assert.equal(r.runs[0].samples.length, 2);
  assert.ok(!env.calls.some((c) => c.includes("g.example")));
  assert.deepEqual(seen.slice(0, 3), [0, 1, 2]);
});

test("the PAC download keeps the first readable body", async () => {
  const pac = 'function FindProxyForURL(u, h) { return "DIRECT"; }';
  const env = fakeEnv({ "http://pac.example/p.pac": { cors: `ok:200:${pac}` } });
  const r = await run.runPlan([T("http://pac.example/p.pac", { download: true })], { samples: 2, timeoutMs: 500, env });
  const body = r.runs[0].body;
  assert.equal(body.readable, true);
  assert.equal(body.text, pac);
  assert.equal(body.size, pac.length);
  assert.equal(body.status, 200);
  assert.equal(body.type, "text/plain");
  const opaque = fakeEnv({ "http://pac.example/p.pac": { "no-cors": "opaque" } });
  const r2 = await run.runPlan([T("http://pac.example/p.pac", { download: true })], { samples: 1, timeoutMs: 500, env: opaque });
  assert.equal(r2.runs[0].body.readable, false);
  assert.equal(r2.runs[0].body.text, null);
});

test("Resource Timing phases only with Timing-Allow-Origin (non-zero marks)", () => {
  const withTao = {
    name: "https://a.example/", startTime: 100, domainLookupStart: 101, domainLookupEnd: 105,
    connectStart: 105, secureConnectionStart: 115, connectEnd: 130, requestStart: 131, responseStart: 150,
  };
  assert.deepEqual(plain(run.phasesFromEntry(withTao)), { dns_ms: 4, connect_ms: 10, tls_ms: 15, ttfb_ms: 19 });
  const reused = { ...withTao, domainLookupStart: 131, domainLookupEnd: 131, connectStart: 131, connectEnd: 131, secureConnectionStart: 0 };
  assert.equal(run.phasesFromEntry(reused).tls_ms, 0);
  assert.equal(run.phasesFromEntry({ ...reused, name: "http://a.example/" }).tls_ms, null);
  const noTao = { ...withTao, requestStart: 0, responseStart: 0, domainLookupStart: 0, connectStart: 0 };
  assert.equal(run.phasesFromEntry(noTao), null);
  assert.equal(run.closestEntry([{ startTime: 10 }, { startTime: 500 }], 480).startTime, 500);
  assert.equal(run.closestEntry([{ startTime: 10 }], 900), null);
});

test("address classification", () => {
  for (const h of ["127.0.0.1", "localhost", "a.localhost", "[::1]", "::1"]) assert.ok(run.isLoopbackHost(h), h);
  for (const h of ["10.1.2.3", "172.16.0.1", "192.168.0.1", "169.254.1.1", "fd00::1", "fe80::1", "printer.local"]) {
    assert.ok(run.isPrivateHost(h), h);
  }
  for (const h of ["172.32.0.1", "8.8.8.8", "example.com", "256.1.1.1"]) assert.ok(!run.isPrivateHost(h), h);
  assert.equal(run.mixedContentReason("https:", "http://127.0.0.1:8080/"), null);
  assert.equal(run.mixedContentReason("http:", "http://a.example/"), null);
  assert.match(run.mixedContentReason("https:", "http://a.example/"), /mixed content/);
  assert.equal(run.crossesIntoLocalNetwork({ protocol: "file:", hostname: "" }, "http://10.0.0.1/"), false);
  assert.equal(run.crossesIntoLocalNetwork({ protocol: "https:", hostname: "tool.example" }, "http://10.0.0.1/"), true);
  assert.equal(run.crossesIntoLocalNetwork({ protocol: "http:", hostname: "127.0.0.1" }, "http://10.0.0.1/"), false);
});

test("DoH request URLs: providers, custom resolver, bad input", () => {
  assert.equal(run.dohUrl("google", "", "gateway.zscaler.net", "A").url, "https://dns.google/resolve?name=gateway.zscaler.net&type=A");
  assert.equal(
    run.dohUrl("cloudflare", "", "pac.zscaler.net", "AAAA").url,
    "https://cloudflare-dns.com/dns-query?name=pac.zscaler.net&type=AAAA",
  );
  assert.equal(run.dohUrl("custom", "http://127.0.0.1:9/dns?x=1", "a.example", "A").url, "http://127.0.0.1:9/dns?x=1&name=a.example&type=A");
  assert.match(run.dohUrl("custom", "", "a", "A").error, /Enter the custom/);
  assert.match(run.dohUrl("custom", "ftp://x/", "a", "A").error, /https:\/\//);
  assert.match(run.dohUrl("custom", "not a url", "a", "A").error, /not a URL/);
  assert.match(run.dohUrl("custom", "https://u:p@x.example/", "a", "A").error, /password/);
});

test("merging DoH answers into the PAC DNS table keeps replaced lines as comments", () => {
  const before = "# mine\nintranet.example = 192.0.2.5\ngateway.zscaler.net = 192.0.2.1\npac.zscaler.net = 198.51.100.1\n";
  const r = run.mergeDnsTable(
    before,
    { "gateway.zscaler.net": "203.0.113.10, 2001:db8::10", "pac.zscaler.net": "198.51.100.1", "login.zscaler.net": "203.0.113.20", "gone.zscaler.net": "fail" },
    "from DNS over HTTPS",
  );
  assert.deepEqual(plain(r.replaced), ["gateway.zscaler.net"]);
  assert.deepEqual(plain(r.same), ["pac.zscaler.net"]);
  assert.deepEqual(plain(r.added), ["login.zscaler.net", "gone.zscaler.net"]);
  assert.equal(
    r.text,
    "# mine\nintranet.example = 192.0.2.5\n# was: gateway.zscaler.net = 192.0.2.1\ngateway.zscaler.net = 203.0.113.10, 2001:db8::10\n" +
      "pac.zscaler.net = 198.51.100.1\n\n# from DNS over HTTPS\nlogin.zscaler.net = 203.0.113.20\ngone.zscaler.net = fail",
  );
  assert.equal(run.mergeDnsTable("", { "a.example": "192.0.2.1" }).text, "a.example = 192.0.2.1");
});
