// Shared e2e helpers: headless Debian Chromium through playwright-core (never a downloaded
// browser), an in-process static server on 127.0.0.1, request recording that fails on
// anything non-local, console/pageerror forwarding, screenshots and the native CLI.

import assert from "node:assert/strict";
import { gunzipSync } from "node:zlib";
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import vm from "node:vm";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { startServer } from "../scripts/serve.mjs";

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const ARTIFACTS = path.join(REPO, "tests", "artifacts");
export const SINGLE_FILE = path.join(REPO, "dist", "netdiag.html");
export const SINGLE_FILE_URL = pathToFileURL(SINGLE_FILE).href;
export const CHROMIUM = process.env.NETDIAG_CHROMIUM || "/usr/bin/chromium";

// Flags measured to work on this machine type (../shared/TOOLCHAIN.md). The resolver rule is a
// second fence after request routing: no host name can resolve to anything but "not found".
const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
];

/** True for the only destinations a test page may reach. */
export function isLocal(url) {
  return /^(file:|blob:|data:|about:)/.test(url) || /^https?:\/\/127\.0\.0\.1(:\d+)?\//.test(url);
}

/** Starts Chromium with a fresh profile; every request is recorded, non-local ones aborted.
 * `scheme` sets prefers-color-scheme. Returns { context, requests, close }. */
export async function launch({ scheme = "light", viewport = { width: 1400, height: 1000 } } = {}) {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: run bash scripts/install-deps.sh --test`);
  }
  const profile = mkdtempSync(path.join(tmpdir(), "netdiag-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    colorScheme: scheme,
    viewport,
    timezoneId: "UTC",
    locale: "en-US",
  });
  const requests = [];
  context.on("request", (request) => requests.push(request.url()));
  await context.route("**/*", (route) => {
    const url = route.request().url();
    return isLocal(url) ? route.continue() : route.abort("blockedbyclient");
  });
  return {
    context,
    requests,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Opens `url` in a new page, forwards console output and collects page errors. The page
 * starts from empty local storage (inputs saved by an earlier test would leak into this one)
 * unless `keepStorage` is set. */
export async function openPage(context, url, log = () => {}, { keepStorage = false } = {}) {
  const page = await context.newPage();
  const errors = [];
  page.on("console", (msg) => log(`[console.${msg.type()}] ${msg.text()}`));
  page.on("pageerror", (error) => {
    errors.push(error);
    log(`[pageerror] ${error.stack || error.message}`);
  });
  if (!keepStorage) {
    // Before any page script, on this tab's first load only (reloads in a test keep storage).
    await page.addInitScript(() => {
      if (!window.sessionStorage.getItem("netdiag-test-fresh")) {
        window.localStorage.clear();
        window.sessionStorage.setItem("netdiag-test-fresh", "1");
      }
    });
  }
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.ready !== "loading", null, { timeout: 60000 });
  const ready = await page.evaluate(() => document.body.dataset.ready);
  if (ready !== "true") {
    const message = await page.locator("#fatal").textContent();
    throw new Error(`page not ready (${ready}): ${message}`);
  }
  return { page, errors };
}

/** Serves www/ on 127.0.0.1 with an ephemeral port. */
export async function serveWww() {
  return startServer({ root: path.join(REPO, "www"), port: 0 });
}

/** A full-page screenshot, or of one element when `selector` is given. */
export async function screenshot(page, name, selector) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  if (selector) await page.locator(selector).screenshot({ path: file });
  else await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** The native CLI built by scripts/build.sh (newest of the profiles present). */
export function cliBinary() {
  const candidates = ["release-native", "release", "debug"]
    .map((p) => path.join(REPO, "target", p, "netdiag"))
    .filter((p) => existsSync(p))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (candidates.length === 0) {
    throw new Error("no target/*/netdiag binary: run bash scripts/build.sh (it builds the CLI)");
  }
  return candidates[0];
}

/** Runs the CLI; resolves to { code, stdout, stderr } whatever the exit status. */
export function runCli(args) {
  return new Promise((resolve) => {
    execFile(cliBinary(), args, { maxBuffer: 64 * 1048576 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/** CLI arguments for a fully specified env (the JSON shape the page API takes). */
export function cliEnvArgs(env) {
  const args = [];
  for (const [host, answer] of Object.entries(env.dns || {})) {
    if (answer === null) args.push("--dns-fail", host);
    else args.push("--dns", `${host}=${[].concat(answer).join(",")}`);
  }
  for (const ip of env.my_ip || []) args.push("--my-ip", ip);
  if (env.now) args.push("--now", env.now);
  if (env.tz) args.push("--tz", env.tz);
  for (const [name, value] of Object.entries(env.macros || {})) args.push("--macro", `${name}=${value}`);
  if (env.client) args.push("--client", env.client);
  if (env.keep_url) args.push("--keep-url");
  return args;
}

/** ../shared/corpus relative to the repo root (present on developer machines and in CI). */
export function corpusDir(...parts) {
  const dir = path.resolve(REPO, "..", "shared", "corpus", ...parts);
  return existsSync(dir) ? dir : null;
}

/** Bytes of a `bytes` text (the test's own decoder, written apart from the page's and the
 * bundler's): one byte per character, 0x01 escapes the next byte XOR 0x40. */
export function fromBytes(text) {
  const raw = Buffer.from(text, "latin1");
  const out = [];
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === 0x01) {
      i += 1;
      const b = raw[i] ^ 0x40;
      assert.ok([0x00, 0x01, 0x0d, 0x3c].includes(b), `bad escape at ${i}`);
      out.push(b);
    } else {
      out.push(raw[i]);
    }
  }
  return Buffer.from(out);
}

/** The page scripts packed in the single file's #nd-scripts (its text read as latin1):
 * `[{ name, code }]`. */
export function packedScripts(html) {
  const m = html.match(/<script type="application\/octet-stream" id="nd-scripts" data-encoding="gzip\+bytes" data-names="([^"]+)" data-lengths="([\d,]+)">([^<]*)<\/script><script>NetdiagApp\.engine\.runPackedScripts\(\)<\/script>/);
  assert.ok(m, "#nd-scripts with its runner");
  const code = gunzipSync(fromBytes(m[3])).toString("latin1");
  const names = m[1].split(",");
  const lengths = m[2].split(",").map(Number);
  assert.equal(names.length, lengths.length);
  assert.equal(lengths.reduce((a, b) => a + b, 0), code.length, "the lengths cover the unpacked code");
  let at = 0;
  return names.map((name, i) => {
    const body = code.slice(at, at + lengths[i]);
    at += lengths[i];
    return { name, code: body };
  });
}

/** Runs `op` with `args` in a fresh vm context holding www/js/worker.js (no browser), after
 * its `__init`; `exports` stand in for the wasm-bindgen exports. Returns the messages the
 * Worker posted for the call (structured-cloned, as the page would get them). */
export async function runWorkerOp(exports, op, args) {
  const posted = [];
  const self = { postMessage: (m) => posted.push(structuredClone(m)) };
  const context = vm.createContext({
    self,
    console,
    WebAssembly,
    RangeError,
    structuredClone,
    wasm_bindgen: Object.assign(async () => undefined, exports),
  });
  vm.runInContext(readFileSync(path.join(REPO, "www", "js", "worker.js"), "utf8"), context);
  await self.onmessage({ data: { id: 1, op: "__init", args: [null] } });
  posted.length = 0;
  await self.onmessage({ data: { id: 2, op, args } });
  return posted;
}
