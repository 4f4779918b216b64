// The static server used by scripts/serve.sh and the e2e tests: MIME types, no traversal.

import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { resolveInside, startServer } from "../scripts/serve.mjs";

const base = mkdtempSync(path.join(tmpdir(), "netdiag-serve-"));
const root = path.join(base, "www");
let server;

before(async () => {
  mkdirSync(path.join(root, "pkg"), { recursive: true });
  writeFileSync(path.join(root, "index.html"), "<!doctype html><title>x</title>");
  writeFileSync(path.join(root, "pkg", "a.wasm"), Buffer.from([0, 97, 115, 109]));
  writeFileSync(path.join(root, "a.js"), "1");
  writeFileSync(path.join(base, "secret.txt"), "outside the root");
  server = await startServer({ root, port: 0 });
});
after(() => server.close());

// Raw requests, so the client does not normalise "../" away before the server sees it.
function get(rawPath) {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path: rawPath, method: "GET" }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode, type: res.headers["content-type"], body }));
    });
    req.on("error", reject);
    req.end();
  });
}

test("listens on 127.0.0.1 only", () => {
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
});

test("serves index.html for / and the right MIME types", async () => {
  assert.match((await get("/")).type, /^text\/html/);
  assert.equal((await get("/pkg/a.wasm")).type, "application/wasm");
  assert.match((await get("/a.js")).type, /^text\/javascript/);
  assert.equal((await get("/missing.js")).status, 404);
});

test("never serves a file outside the root", async () => {
  for (const p of ["/../secret.txt", "/%2e%2e/secret.txt", "/pkg/../../secret.txt", "/..%2fsecret.txt", "/%2e%2e%5csecret.txt"]) {
    const res = await get(p);
    assert.notEqual(res.body, "outside the root", p);
    assert.ok(res.status === 400 || res.status === 404, `${p} -> ${res.status}`);
  }
  assert.equal(resolveInside(root, "/%zz"), null);
  assert.equal(resolveInside(root, "/a%00.js"), null);
});
