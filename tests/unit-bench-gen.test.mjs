// Smoke test of the benchmark's generators (bench/): deterministic output of the promised sizes.
import { test } from "node:test";
import assert from "node:assert/strict";
import vm from "node:vm";
import { genUrls } from "../bench/gen-urls.mjs";
import { genLargePac, genCorporatePac } from "../bench/gen-pac.mjs";
import { genSession, genIkeLog } from "../bench/gen-session.mjs";
import { hostPool, dnsTable } from "../bench/hosts.mjs";
import { helperSource } from "../bench/pac-helpers.mjs";

test("URL lists are deterministic, of the asked length, and parse as URLs", () => {
  const a = genUrls(10000, 1);
  assert.equal(a.length, 10000);
  assert.deepEqual(genUrls(10000, 1), a);
  assert.notDeepEqual(genUrls(100, 2), a.slice(0, 100));
  for (const u of a.slice(0, 500)) assert.ok(new URL(u).hostname, u);
});

test("the corporate PAC has 372 lines, the large one thousands of rules; both compile", () => {
  const corp = genCorporatePac();
  assert.equal(corp.split("\n").length - 1, 372);
  assert.equal(genCorporatePac(), corp);
  const large = genLargePac(2000);
  assert.equal(genLargePac(2000), large);
  assert.equal((large.match(/^ {2}if \(/gm) || []).length, 2001);
  for (const helper of ["shExpMatch", "dnsDomainIs", "isInNet"]) {
    assert.ok(large.split(helper).length > 200, `${helper} used many times`);
  }
  const env = { dns: dnsTable(hostPool()), my_ip: ["192.0.2.55"] };
  for (const src of [corp, large]) {
    const ctx = vm.createContext({});
    vm.runInContext(helperSource(env) + src, ctx);
    const answer = vm.runInContext('FindProxyForURL("http://app1.example.com/", "app1.example.com")', ctx);
    assert.match(answer, /^(DIRECT|PROXY )/);
  }
});

test("the JS reference helpers follow the PAC definitions", () => {
  const ctx = vm.createContext({});
  vm.runInContext(helperSource({ dns: { "a.example.com": "10.1.2.3", "b.example.com": null } }), ctx);
  const run = (expr) => vm.runInContext(expr, ctx);
  assert.equal(run('shExpMatch("x.example.com", "*.example.com")'), true);
  assert.equal(run('shExpMatch("x.example.com", "?.example.co")'), false);
  assert.equal(run('isInNet("a.example.com", "10.0.0.0", "255.0.0.0")'), true);
  assert.equal(run('isInNet("b.example.com", "10.0.0.0", "255.0.0.0")'), false);
  assert.equal(run('dnsDomainIs("www.example.com", ".example.com")'), true);
  assert.equal(run('localHostOrDomainIs("www", "www.example.com")'), true);
  assert.equal(run('dnsResolve("b.example.com")'), null);
  assert.equal(run('dnsDomainLevels("a.b.c")'), 2);
});

test("pastes are deterministic and of the asked size", () => {
  const s = genSession(1048576);
  assert.ok(s.length <= 1048576 && s.length > 1040000, String(s.length));
  assert.equal(genSession(1048576), s);
  assert.match(s, /show crypto isakmp sa/);
  assert.match(s, /ping -c 4/);
  assert.match(s, /Remote \d+\.\d+\.\d+\.\d+:500: Local/);
  const ike = genIkeLog(524288);
  assert.ok(ike.length <= 524288 && ike.length > 520000);
  assert.equal(genIkeLog(524288), ike);
  assert.ok(ike.endsWith("\n"));
});
