// The benchmark (issue 7): PAC throughput of netdiag (native CLI, headless Chromium through the
// single file) against pac-resolver (QuickJS) and a V8 reference (Node `vm`), start-up figures and
// parse throughput. Run through bench/run.sh. Not a test: it prints figures, it never fails on them.
// Every step has a time limit; nothing leaves the machine (the browser aborts non-local requests).
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, readdirSync, existsSync, statSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import vm from "node:vm";
import zlib from "node:zlib";
import { genUrls } from "./gen-urls.mjs";
import { genLargePac, genCorporatePac } from "./gen-pac.mjs";
import { genSession, genIkeLog } from "./gen-session.mjs";
import { hostPool, dnsTable } from "./hosts.mjs";
import { startServer } from "../scripts/serve.mjs";
import { bundle } from "../scripts/bundle.mjs";
import { helperSource, hostDnsHelpers } from "./pac-helpers.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const CORPUS = path.resolve(ROOT, "..", "shared", "corpus", "pac");
const CLI = process.env.NETDIAG_CLI || path.join(ROOT, "target", "release-native", "netdiag");
const SINGLE = path.join(ROOT, "dist", "netdiag.html");
// Engine-only binaries (crates/pac/examples/bench.rs, crates/core/examples/parse_bench.rs), built by run.sh.
const PAC_EXAMPLE = path.join(ROOT, "target", "release-native", "examples", "bench");
const PARSE_EXAMPLE = path.join(ROOT, "target", "release-native", "examples", "parse_bench");
// The same parser with mimalloc as the global allocator (a dev-dependency of core only).
const PARSE_MIMALLOC_EXAMPLE = path.join(ROOT, "target", "release-native", "examples", "parse_bench_mimalloc");
const CHROMIUM = process.env.NETDIAG_CHROMIUM || "/usr/bin/chromium";
const URL_COUNT = Number(process.env.BENCH_URLS || 10000);
/** Longest time one evaluator may spend on one PAC; after it the rate is taken over the URLs done. */
const BUDGET_MS = Number(process.env.BENCH_BUDGET_S || 60) * 1000;
const STARTUP_RUNS = Number(process.env.BENCH_STARTUP_RUNS || 7);
const SESSION_MB = Number(process.env.BENCH_SESSION_MB || 10);
const IKE_MB = Number(process.env.BENCH_IKE_MB || 5);
const CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
  // A second fence after request routing (and the only one in the start-up runs, where routing
  // would put a round trip to this process in front of every request): no name resolves.
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"];

const work = mkdtempSync(path.join(tmpdir(), "netdiag-bench-"));
const fmt = (n, d = 0) => (Number.isFinite(n) ? n.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d }) : "-");
const log = (...a) => console.log(...a);

/** Runs a program with a time limit; resolves { stdout, ms } or rejects with stderr. */
function run(file, args, timeoutMs) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    execFile(file, args, { maxBuffer: 512 * 1048576, timeout: timeoutMs, killSignal: "SIGKILL" }, (err, stdout, stderr) => {
      const ms = performance.now() - t0;
      if (err && err.killed) reject(new Error(`${path.basename(file)} timed out after ${timeoutMs} ms`));
      else if (err && err.code !== 1) reject(new Error(`${path.basename(file)} ${args[0]} failed (${err.code}): ${stderr.slice(0, 400)}`));
      else resolve({ stdout, ms });
    });
  });
}

/** Rejects after `ms` with a message naming the step. */
function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([promise, new Promise((_, rej) => { timer = setTimeout(() => rej(new Error(`${what}: timed out after ${ms} ms`)), ms); })])
    .finally(() => clearTimeout(timer));
}

/** Canonical form of a PAC answer for comparing evaluators ("PROXY a:1;DIRECT"). */
function norm(result) {
  if (result === null || result === undefined) return "<null>";
  return String(result).split(";").map((s) => s.trim().replace(/\s+/g, " ")).filter(Boolean).join(";");
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };

function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => (i === 0 || i === 1 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join("  ");
  log(line(headers));
  log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) log(line(r));
}

// ------------------------------------------------------------------------------------ inputs
const pool = hostPool();
const ENV = {
  dns: dnsTable(pool),
  my_ip: ["192.0.2.55"],
  now: "2026-03-02T09:00:00Z",
  tz: "UTC",
  macros: { GATEWAY: "gw1.example.net", SECONDARY_GATEWAY: "gw2.example.net" },
  client: "chromium",
  keep_url: false,
};
const urls = genUrls(URL_COUNT, 1);
const urlsFile = path.join(work, "urls.txt");
writeFileSync(urlsFile, urls.join("\n") + "\n");

const pacs = [];
if (existsSync(CORPUS)) {
  for (const name of readdirSync(CORPUS).sort()) {
    if (!/\.(pac|dat)$/.test(name)) continue;
    pacs.push({ name, source: readFileSync(path.join(CORPUS, name), "utf8") });
  }
} else {
  log(`corpus: ${CORPUS} is absent: SKIPPING the real PAC files (generated PACs only)`);
}
pacs.push({ name: "generated-corporate-372.pac", source: genCorporatePac() });
pacs.push({ name: "generated-large.pac", source: genLargePac(Number(process.env.BENCH_RULES || 2000)) });
// BENCH_PACS=regex keeps only the PACs whose name matches (e.g. "generated").
if (process.env.BENCH_PACS) {
  const keep = new RegExp(process.env.BENCH_PACS);
  pacs.splice(0, pacs.length, ...pacs.filter((p) => keep.test(p.name)));
}

/** The PAC with `${NAME}` macros bound to ENV.macros, for the evaluators without macro support. */
const bindMacros = (src) => src.replace(/\$\{([A-Za-z0-9_]+)\}/g, (m, n) => (n in ENV.macros ? ENV.macros[n] : m));

function cliEnvArgs() {
  const args = [];
  for (const [host, ip] of Object.entries(ENV.dns)) {
    if (ip === null) args.push("--dns-fail", host);
    else args.push("--dns", `${host}=${ip}`);
  }
  for (const ip of ENV.my_ip) args.push("--my-ip", ip);
  args.push("--now", ENV.now, "--tz", ENV.tz, "--client", ENV.client);
  for (const [n, v] of Object.entries(ENV.macros)) args.push("--macro", `${n}=${v}`);
  return args;
}

// ------------------------------------------------------------------------------ evaluators
/** (a) netdiag native: the CLI end to end (start, compile, every URL, JSON out). */
async function evalNative(pac) {
  const file = path.join(work, "pac-" + pac.name);
  writeFileSync(file, pac.source);
  const { stdout, ms } = await run(CLI, ["pac", "eval", file, "--urls-file", urlsFile, "--format", "json", ...cliEnvArgs()], 600000);
  const report = JSON.parse(stdout);
  if (report.error) throw new Error(`netdiag: ${report.error.message || JSON.stringify(report.error)}`);
  const answers = report.results.map((r) => (r.error ? `<error ${r.error.kind}>` : norm(r.result)));
  const inputs = report.results.map((r) => ({ url: r.pac_url || r.url, host: r.host }));
  return { answers, inputs, ms, done: answers.length };
}

/** (a') netdiag native engine only: the PAC compiled once, every URL evaluated, no JSON out. */
async function evalEngine(pac) {
  if (!existsSync(PAC_EXAMPLE)) throw new Error(`${PAC_EXAMPLE} not built (cargo build -p netdiag-pac --example bench --profile release-native)`);
  const file = path.join(work, "pac-" + pac.name);
  const envFile = path.join(work, "env.json");
  writeFileSync(envFile, JSON.stringify(ENV));
  const { stdout } = await run(PAC_EXAMPLE, [file, urlsFile, envFile], 600000);
  const out = JSON.parse(stdout);
  return { answers: out.answers.map((a) => (a === null ? "<error>" : norm(a))), ms: out.eval_ms, done: out.urls, compileMs: out.compile_ms };
}

/** (d) V8 reference: Node `vm`, helpers in JS, one context per PAC. */
function evalVm(pac, inputs) {
  const ctx = vm.createContext({});
  vm.runInContext(helperSource(ENV) + "\n" + bindMacros(pac.source), ctx, { timeout: 10000 });
  const fn = vm.runInContext("FindProxyForURL", ctx);
  const answers = [];
  const t0 = performance.now();
  for (const { url, host } of inputs) {
    let a;
    try { a = norm(fn(url, host)); } catch (e) { a = `<error ${e.name}>`; }
    answers.push(a);
    if (performance.now() - t0 > BUDGET_MS) break;
  }
  return { answers, ms: performance.now() - t0, done: answers.length };
}

let QuickJS, createPacResolver;
/** (c) pac-resolver 9 (QuickJS in wasm). mode "host": its helpers as host functions (DNS ones
 * replaced by the fixed table); mode "inside": our JS helpers evaluated inside QuickJS. */
async function evalPacResolver(pac, inputs, mode) {
  if (!QuickJS) {
    ({ QuickJS } = await import("quickjs-wasi"));
    ({ createPacResolver } = await import("pac-resolver"));
  }
  const qjs = await QuickJS.create();
  try {
    const src = mode === "inside" ? helperSource(ENV) + "\n" + bindMacros(pac.source) : bindMacros(pac.source);
    const find = createPacResolver(qjs, src, { sandbox: hostDnsHelpers(ENV) });
    const answers = [];
    const t0 = performance.now();
    for (const { url, host } of inputs) {
      let a;
      try { a = norm(await find(url, host)); } catch (e) { a = `<error ${e && e.name}>`; }
      answers.push(a);
      if (performance.now() - t0 > BUDGET_MS) break;
    }
    return { answers, ms: performance.now() - t0, done: answers.length };
  } finally {
    qjs.dispose?.();
  }
}

// -------------------------------------------------------------------------------- browser
let browser;
async function openPage(context) {
  const page = await context.newPage();
  // Nothing may leave the machine: only file:, data:, blob: and the local server pass.
  await page.route("**/*", (route) => {
    const u = route.request().url();
    if (/^(file|data|blob):/.test(u) || /^http:\/\/127\.0\.0\.1:\d+\//.test(u)) route.continue(); else route.abort();
  });
  return page;
}
async function launchBrowser() {
  const { chromium } = await import("playwright-core");
  const userDir = mkdtempSync(path.join(tmpdir(), "netdiag-bench-chromium-"));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_FLAGS, `--user-data-dir=${userDir}`].filter((f) => !f.startsWith("--user-data-dir")), timeout: 60000 });
  const context = await browser.newContext({ timezoneId: "UTC", locale: "en-US" });
  await context.addInitScript(() => {
    // Long tasks on the main thread, collected from the start of the page.
    window.__longTasks = [];
    try {
      new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration }); })
        .observe({ type: "longtask", buffered: true });
    } catch { /* unsupported: reported as no data */ }
  });
  const page = await openPage(context);
  await page.goto(pathToFileURL(SINGLE).href, { timeout: 60000 });
  await page.waitForFunction(() => window.netdiag && window.netdiag.ready, null, { timeout: 60000 });
  await page.evaluate(() => window.netdiag.ready);
  return page;
}

/** (b) netdiag in Chromium: window.netdiag.evaluatePac over all URLs in one call. */
async function evalChromium(page, pac) {
  const out = await withTimeout(page.evaluate(async ({ src, list, env }) => {
    const t0 = performance.now();
    const report = await window.netdiag.evaluatePac(src, list, env);
    const ms = performance.now() - t0;
    if (report.error) return { error: report.error.message || JSON.stringify(report.error) };
    return { ms, answers: report.results.map((r) => (r.error ? `<error ${r.error.kind}>` : r.result)) };
  }, { src: pac.source, list: urls, env: ENV }), 20000 + 25 * urls.length + 30000, `Chromium evaluatePac ${pac.name}`);
  if (out.error) throw new Error(`netdiag in Chromium: ${out.error}`);
  return { answers: out.answers.map((a) => (a.startsWith("<error") ? a : norm(a))), ms: out.ms, done: out.answers.length };
}

// ------------------------------------------------------------------------------------ main
async function pacBench(page) {
  log(`\n== PAC throughput: ${urls.length.toLocaleString("en-US")} URLs per PAC (bench/gen-urls.mjs), fixed DNS table of ${Object.keys(ENV.dns).length} hosts, my_ip ${ENV.my_ip[0]}, now ${ENV.now} ${ENV.tz}`);
  log("   netdiag native = CLI end to end (process start + compile + JSON out); Chromium = one evaluatePac call, in-page time;");
  log("   peers get the URL exactly as netdiag passed it to the PAC (https path stripped, as Chromium does).");
  const rows = [];
  const summary = [];
  for (const pac of pacs) {
    const res = {};
    let native;
    try {
      native = await evalNative(pac);
      res["netdiag native"] = native;
      log(`  ${pac.name} / netdiag native: ${fmt((native.done / native.ms) * 1000)} URLs/s`);
    } catch (e) {
      log(`${pac.name}: netdiag native failed, PAC skipped: ${e.message}`);
      continue;
    }
    const inputs = native.inputs;
    const tries = [
      ["netdiag native engine", () => evalEngine(pac)],
      ["netdiag chromium", () => (page ? evalChromium(page, pac) : Promise.reject(new Error("no browser")))],
      ["pac-resolver (host helpers)", () => evalPacResolver(pac, inputs, "host")],
      ["pac-resolver (helpers in QuickJS)", () => evalPacResolver(pac, inputs, "inside")],
      ["V8 vm (JS helpers)", () => Promise.resolve().then(() => evalVm(pac, inputs))],
    ];
    for (const [name, fn] of tries) {
      try { res[name] = await withTimeout(fn(), 15 * 60000, `${name} ${pac.name}`); } catch (e) { res[name] = { error: e.message }; }
      const r = res[name];
      log(`  ${pac.name} / ${name}: ${r.error ? "failed" : `${fmt((r.done / r.ms) * 1000)} URLs/s over ${fmt(r.done)} URLs`}`);
    }
    // Differential check against netdiag native, on the URLs each evaluator got through.
    const reasons = {};
    for (const [name, r] of Object.entries(res)) {
      if (r.error || name === "netdiag native") continue;
      const bad = [];
      for (let i = 0; i < r.done; i++) if (r.answers[i] !== native.answers[i]) bad.push(i);
      if (bad.length) {
        const i = bad[0];
        reasons[name] = `${bad.length} of ${r.done} answers differ from netdiag; first: ${urls[i]} -> netdiag "${native.answers[i]}", ${name} "${r.answers[i]}"`;
      }
    }
    const nativeErrors = native.answers.filter((a) => a.startsWith("<error")).length;
    if (nativeErrors) log(`${pac.name}: netdiag reports an error on ${nativeErrors} URLs (counted as answers)`);
    const rate = (r) => (r && !r.error && r.done ? (r.done / r.ms) * 1000 : NaN);
    const ndChromium = rate(res["netdiag chromium"]);
    const ndNative = rate(res["netdiag native engine"]) || rate(native);
    for (const [name, r] of Object.entries(res)) {
      if (r.error) { rows.push([name, pac.name, "-", "failed", "", "", ""]); log(`${pac.name} / ${name}: ${r.error}`); continue; }
      const excluded = reasons[name];
      const peer = rate(r);
      const ratio = (nd) => (excluded || name.startsWith("netdiag") ? "" : `${fmt(nd / peer, 2)}x`);
      rows.push([name, pac.name, fmt(r.done), fmt(peer) + (r.done < urls.length ? " (budget)" : ""), excluded ? "MISMATCH" : "ok", ratio(ndChromium), ratio(ndNative)]);
    }
    for (const [name, why] of Object.entries(reasons)) log(`${pac.name} / ${name}: EXCLUDED from ratios: ${why}`);
    summary.push({ pac: pac.name, rates: Object.fromEntries(Object.entries(res).map(([k, r]) => [k, rate(r)])), mismatches: reasons });
  }
  log("");
  table(["evaluator", "PAC", "URLs", "URLs/s", "answers", "chromium/peer", "native/peer"], rows);
  log("native/peer uses the engine-only rate when crates/pac/examples/bench.rs is built, else the CLI's.");
  return summary;
}

async function startup() {
  log("\n== Start-up");
  const sizes = [];
  const add = (label, file) => {
    if (!existsSync(file)) { log(`${label}: ${file} missing`); return; }
    const buf = readFileSync(file);
    sizes.push([label, fmt(buf.length), fmt(zlib.gzipSync(buf, { level: 9 }).length), fmt(zlib.brotliCompressSync(buf).length)]);
  };
  add("dist/netdiag.html", SINGLE);
  for (const f of existsSync(path.join(ROOT, "www", "pkg")) ? readdirSync(path.join(ROOT, "www", "pkg")) : []) {
    if (f.endsWith(".wasm")) add(`www/pkg/${f}`, path.join(ROOT, "www", "pkg", f));
  }
  table(["file", "bytes", "gzip -9", "brotli"], sizes);
  const corporate = genCorporatePac();
  const result = { sizes };
  result.file = await firstAnswerRuns("single file (file://)", pathToFileURL(SINGLE).href, corporate);
  // The same single file with the wasm gzip-packed instead of LZMA (everything else equal):
  // the size budget's price in start-up time, measured in the same run.
  const dir = mkdtempSync(path.join(tmpdir(), "netdiag-bench-gzip-"));
  try {
    const gzipFile = path.join(dir, "netdiag-gzip.html");
    writeFileSync(gzipFile, Buffer.from(bundle({ encoding: "gzip", text: "bytes" }), "latin1"));
    log(`\nsame single file with the wasm gzip-packed (not LZMA): ${fmt(statSync(gzipFile).size)} bytes`);
    result.gzipFile = await firstAnswerRuns("single file, gzip-packed wasm (file://)", pathToFileURL(gzipFile).href, corporate);
  } catch (e) {
    log(`gzip-packed single file runs skipped: ${e.message}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  let server = null;
  try {
    server = await startServer({ root: path.join(ROOT, "www"), port: 0 });
    result.served = await firstAnswerRuns("served www/ (http://127.0.0.1)", server.url, corporate);
  } catch (e) {
    log(`served start-up runs skipped: ${e.message}`);
  } finally {
    await server?.close();
  }
  return result;
}

/** Durations between start-up marks (www/js/engine.js, main.js): [label, from, to]. The
 * from-phase is the later of several when the steps overlap. */
const STARTUP_STEPS = [
  ["HTML up to engine.js", null, "engine-script"],
  ["wasm parts read + unpacked (single file)", "wasm-first-part", "wasm-decoded"],
  ["Worker start (created -> its script runs)", "worker-created", "worker-started"],
  ["compile (load start -> compiled, streaming)", "load-start", "wasm-compiled"],
  ["instantiate (after compile and Worker start)", ["wasm-compiled", "worker-started"], "wasm-instantiated"],
  ["panels (boot -> initialised)", "boot", "panels-initialised"],
  ["first evaluatePac (ready -> answer)", "ready", "first-answer:evaluatePac"],
];

/** Navigation -> first PAC answer over STARTUP_RUNS fresh contexts, with the page's phases. */
async function firstAnswerRuns(label, url, pac) {
  const times = [];
  const marks = [];
  for (let i = 0; i < STARTUP_RUNS; i++) {
    const context = await browser.newContext({ timezoneId: "UTC", locale: "en-US" });
    try {
      // No page.route here: intercepting each request delays the served page's many files.
      const page = await context.newPage();
      await page.goto(url, { timeout: 60000, waitUntil: "commit" });
      // performance.now() counts from the navigation's time origin.
      const out = await withTimeout(page.evaluate(async ({ src, env }) => {
        while (!(window.netdiag && window.netdiag.ready)) await new Promise((r) => setTimeout(r, 1));
        await window.netdiag.ready;
        const report = await window.netdiag.evaluatePac(src, ["http://app1.example.com/"], env);
        if (!report.results || !report.results[0]) throw new Error("no answer");
        const t = performance.now();
        const phases = typeof window.netdiag.timings === "function" ? await window.netdiag.timings() : [];
        return { t, phases };
      }, { src: pac, env: ENV }), 60000, "first PAC answer");
      times.push(out.t);
      marks.push(Object.fromEntries(out.phases.map((p) => [p.phase, p.ms])));
    } finally {
      await context.close();
    }
  }
  log(`\n${label}: navigation -> first PAC answer (372-line PAC, fresh context each run, ${times.length} runs): median ${fmt(median(times))} ms, min ${fmt(Math.min(...times))} ms, max ${fmt(Math.max(...times))} ms  [${times.map((t) => fmt(t)).join(", ")}]`);
  if (!marks.some((m) => Object.keys(m).length)) {
    log("(this build reports no start-up phases: window.netdiag.timings missing)");
    return { times };
  }
  const names = [...new Set(marks.flatMap((m) => Object.keys(m)))];
  const rows = names
    .map((name) => {
      const xs = marks.map((m) => m[name]).filter((v) => v !== undefined);
      return [name, median(xs), Math.min(...xs), Math.max(...xs), xs.length];
    })
    .sort((a, b) => a[1] - b[1])
    .map(([name, med, min, max, n]) => [name, fmt(med), fmt(min), fmt(max), `${n}/${marks.length}`]);
  log("phases (ms since navigation):");
  table(["phase", "median", "min", "max", "runs"], rows);
  const steps = [];
  for (const [step, from, to] of STARTUP_STEPS) {
    const xs = marks
      .map((m) => {
        const start = from === null ? 0 : Math.max(...[from].flat().map((f) => m[f] ?? NaN));
        return m[to] - start;
      })
      .filter(Number.isFinite);
    if (xs.length) steps.push([step, fmt(median(xs)), fmt(Math.min(...xs)), fmt(Math.max(...xs))]);
  }
  log("steps (ms; compile, Worker start and parsing overlap):");
  table(["step", "median", "min", "max"], steps);
  return { times, marks };
}

async function parseBench(page) {
  log(`\n== Parse throughput (bench/gen-session.mjs: ${SESSION_MB} MB session, ${IKE_MB} MB strongSwan IKE log)`);
  const inputs = [
    { name: `session-${SESSION_MB}MB`, text: genSession(SESSION_MB * 1048576) },
    { name: `ike-log-${IKE_MB}MB`, text: genIkeLog(IKE_MB * 1048576) },
  ];
  const rows = [];
  for (const inp of inputs) {
    const mb = Buffer.byteLength(inp.text) / 1048576;
    const file = path.join(work, inp.name + ".txt");
    writeFileSync(file, inp.text);
    try {
      const { stdout, ms } = await run(CLI, ["parse", file, "--format", "json"], 300000);
      const blocks = JSON.parse(stdout).blocks.length;
      rows.push(["netdiag native (CLI, JSON out)", inp.name, fmt(mb, 1), fmt(blocks), fmt(ms), fmt(mb / (ms / 1000), 1), ""]);
    } catch (e) { rows.push(["netdiag native", inp.name, fmt(mb, 1), "-", "failed", "", ""]); log(e.message); }
    for (const [label, example] of [
      ["netdiag native parser (best of 3, no JSON)", PARSE_EXAMPLE],
      ["same, mimalloc as allocator", PARSE_MIMALLOC_EXAMPLE],
    ]) {
      if (!existsSync(example)) {
        log(`(${example} not built: its parse row is skipped)`);
        continue;
      }
      try {
        const { stdout } = await run(example, [file], 300000);
        const out = JSON.parse(stdout);
        rows.push([label, inp.name, fmt(mb, 1), fmt(out.blocks), fmt(out.best_ms), fmt(out.mb_per_s, 1), ""]);
      } catch (e) { rows.push([label, inp.name, fmt(mb, 1), "-", "failed", "", ""]); log(e.message); }
    }
    if (!page) continue;
    try {
      const out = await withTimeout(page.evaluate(async (text) => {
        const t0 = performance.now();
        const report = await window.netdiag.parse(text);
        const t1 = performance.now();
        await new Promise((r) => setTimeout(r, 200)); // let the observer deliver the last entries
        const tasks = window.__longTasks.filter((t) => t.start + t.duration >= t0 && t.start <= t1);
        return { ms: t1 - t0, blocks: report.blocks.length, longest: tasks.reduce((m, t) => Math.max(m, t.duration), 0), count: tasks.length };
      }, inp.text), 300000, `Chromium parse ${inp.name}`);
      rows.push(["netdiag chromium (window.netdiag.parse)", inp.name, fmt(mb, 1), fmt(out.blocks), fmt(out.ms), fmt(mb / (out.ms / 1000), 1), `${fmt(out.longest)} ms (${out.count} long tasks)`]);
    } catch (e) { rows.push(["netdiag chromium", inp.name, fmt(mb, 1), "-", "failed", "", ""]); log(e.message); }
  }
  table(["evaluator", "input", "MB", "blocks", "ms", "MB/s", "longest main-thread task"], rows);
}

async function main() {
  log(`netdiag benchmark: ${new Date().toISOString()}, node ${process.version}, ${readFileSync("/proc/cpuinfo", "utf8").match(/model name\s*:\s*(.*)/)?.[1] || "cpu ?"}`);
  log(`load average: ${readFileSync("/proc/loadavg", "utf8").trim()}`);
  let page = null;
  try { page = await launchBrowser(); log(`Chromium ${browser.version()}`); } catch (e) { log(`Chromium: could not start (${e.message}); browser figures skipped`); }
  const only = (process.env.BENCH_ONLY || "pac,startup,parse").split(",");
  if (only.includes("pac")) await pacBench(page);
  if (only.includes("startup") && page) await startup();
  if (only.includes("parse")) await parseBench(page);
  log(`\nload average at the end: ${readFileSync("/proc/loadavg", "utf8").trim()}`);
}

const guard = setTimeout(() => { console.error("bench: overall time limit (60 min) reached"); process.exit(3); }, 60 * 60000);
try {
  await main();
} finally {
  clearTimeout(guard);
  if (browser) await browser.close().catch(() => undefined);
  rmSync(work, { recursive: true, force: true });
}
