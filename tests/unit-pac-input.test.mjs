// Unit tests of www/js/pac-input.js (URL extraction, DNS table, env defaults), run in a vm
// context the way the page loads it: a classic script that attaches to window.NetdiagApp.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import vm from "node:vm";
import { REPO } from "./helpers.mjs";

function load() {
  const window = {};
  const context = vm.createContext({ window, URL });
  vm.runInContext(readFileSync(path.join(REPO, "www", "js", "pac-input.js"), "utf8"), context);
  return window.NetdiagApp.pacInput;
}
const input = load();
const plain = (v) => JSON.parse(JSON.stringify(v));

test("one URL or host per line; hosts get http://; duplicates and comments dropped", () => {
  const { urls, ignored } = input.extractUrls(
    "http://a.example/x\n  intranet \nwww.example.com:8080/path?q=1\n# comment\n\nhttp://a.example/x\n[2001:db8::1]\nftp://files.example/pub",
  );
  assert.deepEqual(plain(urls), [
    "http://a.example/x",
    "http://intranet/",
    "http://www.example.com:8080/path?q=1",
    "http://[2001:db8::1]/",
    "ftp://files.example/pub",
  ]);
  assert.deepEqual(plain(ignored), []);
});

test("URLs are picked out of ticket text, trailing punctuation removed", () => {
  const { urls, ignored } = input.extractUrls(
    "Hi team, since 9:00 users get 403 on https://sso.idp.example/login?x=1, and (see http://wiki.example/Page_(x)).\n" +
      'Also "https://b.example/a" fails; compare <http://c.example/>.\nThanks, Alice',
  );
  assert.deepEqual(plain(urls), [
    "https://sso.idp.example/login?x=1",
    "http://wiki.example/Page_(x)",
    "https://b.example/a",
    "http://c.example/",
  ]);
  assert.deepEqual(plain(ignored), [{ line: 3, text: "Thanks, Alice" }]);
});

test("DNS table: addresses, lists, fail, errors with line numbers", () => {
  const { dns, errors } = input.parseDnsTable(
    "Intranet.Example = 192.0.2.10\nb.example 192.0.2.11, 2001:db8::11\ngone.example = fail\n# c\nbad.example = 300.1.1.1\nnothing.example =\n",
  );
  assert.deepEqual(plain(dns), {
    "intranet.example": ["192.0.2.10"],
    "b.example": ["192.0.2.11", "2001:db8::11"],
    "gone.example": null,
  });
  assert.deepEqual(plain(errors.map((e) => e.line)), [5, 6]);
  assert.match(errors[0].message, /DNS line 5: "300\.1\.1\.1" is not an IP address/);
  assert.match(errors[1].message, /no address for nothing\.example/);
});

test("IP validation accepts IPv4 and IPv6 literals only", () => {
  for (const ok of ["192.0.2.1", "0.0.0.0", "2001:db8::1", "::1", "::ffff:192.0.2.1"]) assert.ok(input.isIp(ok), ok);
  for (const bad of ["192.0.2", "256.1.1.1", "01.2.3.4x", "host", "2001:db8::g", ":::", ""]) assert.ok(!input.isIp(bad), bad);
});

test("env from the form: macros bound only when set, client and keep_url passed", () => {
  const { env, errors } = input.envFromForm({
    dnsText: "a.example = 192.0.2.1",
    myIpText: "192.0.2.55, 2001:db8::55",
    now: " 2026-01-05T10:00:00Z ",
    tz: "Europe/Stockholm",
    macros: { GATEWAY: " gw.example ", SECONDARY_GATEWAY: "" },
    client: "firefox",
    keepUrl: true,
  });
  assert.deepEqual(plain(errors), []);
  assert.deepEqual(plain(env), {
    dns: { "a.example": ["192.0.2.1"] },
    my_ip: ["192.0.2.55", "2001:db8::55"],
    now: "2026-01-05T10:00:00Z",
    tz: "Europe/Stockholm",
    macros: { GATEWAY: "gw.example" },
    client: "firefox",
    keep_url: true,
  });
  assert.equal(input.envFromForm({ myIpText: "me" }).errors.length, 1);
});

test("defaults fill now and tz only when absent, never overriding the caller", () => {
  const filled = input.withDefaults({ client: "winhttp" }, () => "Asia/Tokyo");
  assert.equal(filled.tz, "Asia/Tokyo");
  assert.ok(!Number.isNaN(Date.parse(filled.now)));
  assert.equal(filled.client, "winhttp");
  const kept = input.withDefaults({ now: "2026-01-05T10:00:00Z", tz: "UTC" }, () => "Asia/Tokyo");
  assert.deepEqual(plain(kept), { now: "2026-01-05T10:00:00Z", tz: "UTC" });
  const caller = {};
  input.withDefaults(caller, () => "UTC");
  assert.deepEqual(caller, {}, "the caller's object is not modified");
});
