// Writes dist/netdiag.html: www/index.html with every stylesheet and script inlined, plus the
// wasm-bindgen glue, the worker code and the wasm (gzip, as base128 text) in inert <script> blocks that
// www/js/engine.js reads. Browsers block fetch, module scripts and file Workers under file://,
// so the single file carries everything and needs no network at all.
//
// Start-up: the glue and worker blocks come before the page scripts (engine.js starts the
// Worker at once); the wasm follows engine.js, cut into parts, each followed by a one-line
// feeder script that hands it to engine.js, so decompression and compilation (off the main
// thread) run while the parser reads the rest of the wasm and the other page scripts run
// (issue 7: first answer within 400 ms).
//
// The CSP meta of index.html is kept, except script-src and style-src, which become the
// sha256 hashes of the inlined code (no 'unsafe-inline').
//
// Size: the page's own scripts and stylesheets lose blank lines, comment-only lines and
// indentation (scripts/shrink.mjs; --no-shrink keeps them verbatim). The glue and worker code
// stay verbatim.
//
//   node scripts/bundle.mjs [--out dist/netdiag.html] [--encoding gzip|deflate-raw]
//                           [--text base128|base64] [--no-shrink] [--part-chars N]

import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { shrinkCss, shrinkJs } from "./shrink.mjs";
import { deflateRawSync, gzipSync } from "node:zlib";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const www = path.join(repo, "www");

/** Characters per wasm part (128 Ki): whole groups of either text encoding, so every part
 * decodes on its own; small enough that the first part reaches the decompressor early, large
 * enough that the feeder scripts cost nothing (about 20 parts). */
export const PART_CHARS = 128 * 1024;
/** The page script that reads the wasm parts; they are placed right after it. */
const ENGINE_SCRIPT = "js/engine.js";
/** The body of every feeder script (identical, so one CSP hash covers them all). */
export const FEED_SCRIPT = "NetdiagApp.engine.feedInline()";
/** Compressors DecompressionStream can undo. gzip is the default: its CRC-32 turns a damaged
 * file into a clear error before compilation (deflate-raw saves only its 18 header bytes). */
const COMPRESSORS = {
  gzip: gzipBest,
  "deflate-raw": (bytes) => deflateRawSync(bytes, { level: 9 }),
};

/** gzip -9 of the system's gzip when there is one: its matcher packs this wasm 1.4 % (25 KB)
 * tighter than node's zlib at level 9. `-n` leaves out name and time, so builds are repeatable. */
function gzipBest(bytes) {
  try {
    const out = execFileSync("gzip", ["-9", "-n", "-c"], { input: bytes, maxBuffer: 1 << 30, stdio: ["pipe", "pipe", "ignore"] });
    stats.compressor = "gzip -9";
    return out;
  } catch {
    stats.compressor = "zlib level 9";
    return gzipSync(bytes, { level: 9 });
  }
}

/** The values base128 writes as U+0100-U+0102: NUL and CR would be altered by the HTML parser,
 * "<" could end the block. Keep in step with www/js/engine.js. */
const BASE128_ESCAPES = [0x00, 0x0d, 0x3c];

/** 7 bits per character: characters 0-127 are one byte each in the UTF-8 file, so the wasm
 * takes 8/7 of its size plus about 2 % of escapes (base64: 4/3). */
export function toBase128(bytes) {
  const codes = new Uint16Array(Math.ceil((bytes.length * 8) / 7));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (const b of bytes) {
    acc = ((acc << 8) | b) & 0x7fff; // at most 14 bits are pending
    bits += 8;
    while (bits >= 7) {
      bits -= 7;
      codes[o++] = (acc >> bits) & 0x7f;
    }
  }
  if (bits > 0) codes[o++] = (acc << (7 - bits)) & 0x7f;
  let out = "";
  for (let i = 0; i < o; i += 8192) {
    const chunk = Array.from(codes.subarray(i, Math.min(o, i + 8192)), (v) => {
      const escape = BASE128_ESCAPES.indexOf(v);
      return escape < 0 ? v : 0x100 + escape;
    });
    out += String.fromCharCode(...chunk);
  }
  return out;
}

/** Text encodings of the compressed wasm: bytes per part (whole groups) and the encoder. */
const TEXTS = {
  base128: { group: [8, 7], encode: toBase128 },
  base64: { group: [4, 3], encode: (bytes) => Buffer.from(bytes).toString("base64") },
};

function fail(message) {
  console.error(`bundle: ${message}`);
  process.exit(1);
}

function read(rel) {
  const file = path.join(www, rel);
  try {
    return readFileSync(file);
  } catch {
    fail(`missing ${path.relative(repo, file)} (run scripts/build.sh, which builds www/pkg first)`);
  }
}

/** Text that goes between <script> or <style> tags must not be able to close them early. */
function inlineSafe(text, what, tag) {
  const lower = text.toLowerCase();
  if (lower.includes(`</${tag}`) || lower.includes("<!--")) {
    fail(`${what} contains "</${tag}" or "<!--" and cannot be inlined verbatim`);
  }
  return text;
}

/** Shrinks one file, or stops the build naming the file (an unterminated literal, say). */
function shrinkOrFail(fn, text, what) {
  try {
    return fn(text);
  } catch (error) {
    fail(`${what}: ${error.message} (fix it, or bundle with --no-shrink)`);
  }
}

function sha256(text) {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

function gitCommit() {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: repo, encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}

export function bundle({ encoding = "gzip", text = "base128", shrink = true, partChars = PART_CHARS } = {}) {
  if (!COMPRESSORS[encoding]) fail(`unknown --encoding ${encoding} (gzip or deflate-raw)`);
  if (!TEXTS[text]) fail(`unknown --text ${text} (base128 or base64)`);
  let html = read("index.html").toString("utf8");
  const scriptHashes = [];
  const styleHashes = [];

  // Served, the engine files are preloaded while the page parses (www/js/engine.js then
  // compiles the wasm as it arrives); the single file carries them inline instead.
  html = html.replace(/<link rel="preload" href="[^"]+" as="fetch"[^>]*>\n?/g, "");
  html = html.replace(/<link rel="stylesheet" href="([^"]+)">/g, (_, href) => {
    const css = read(href).toString("utf8");
    const body = `\n${inlineSafe(shrink ? shrinkOrFail(shrinkCss, css, href) : css, href, "style")}\n`;
    styleHashes.push(sha256(body));
    return `<style>${body}</style>`;
  });

  let firstScript = true;
  let engineInlined = false;
  html = html.replace(/<script defer src="([^"]+)"><\/script>/g, (_, src) => {
    const js = read(src).toString("utf8");
    const body = `\n${inlineSafe(shrink ? shrinkOrFail(shrinkJs, js, src) : js, src, "script")}\n`;
    scriptHashes.push(sha256(body));
    let prefix = "";
    if (firstScript) {
      firstScript = false;
      prefix = engineBlocks();
    }
    // The wasm right after the script that consumes it (engine.js defines feedInline).
    const suffix = src === ENGINE_SCRIPT ? `\n${wasmParts(encoding, text, partChars)}` : "";
    if (suffix) engineInlined = true;
    return `${prefix}<script>${body}</script>${suffix}`;
  });
  if (firstScript) fail("index.html has no <script defer src> to inline");
  if (!engineInlined) fail(`index.html has no <script defer src="${ENGINE_SCRIPT}">: nowhere to put the wasm`);
  scriptHashes.push(sha256(FEED_SCRIPT));

  html = html.replace(
    /(<meta http-equiv="Content-Security-Policy" content=")([^"]+)(">)/,
    (_, open, policy, close) => {
      const directives = policy.split(";").map((d) => d.trim()).filter(Boolean);
      const out = directives.map((d) => {
        const name = d.split(/\s+/)[0];
        if (name === "script-src") return `script-src ${scriptHashes.join(" ")} 'wasm-unsafe-eval'`;
        if (name === "style-src") return `style-src ${styleHashes.join(" ")}`;
        return d;
      });
      return `${open}${out.join("; ")}${close}`;
    },
  );
  if (!html.includes("'wasm-unsafe-eval'") || scriptHashes.some((h) => !html.includes(h))) {
    fail("could not rewrite the Content-Security-Policy meta of index.html");
  }

  // Everything must be inline now: a leftover relative reference would break under file://.
  const leftover = [...html.matchAll(/\s(?:src|href)="([^"#][^"]*)"/g)]
    .map((m) => m[1])
    .filter((ref) => !ref.startsWith("data:"));
  if (leftover.length) fail(`references left after inlining: ${leftover.join(", ")}`);

  html = html.replace("<!doctype html>", `<!doctype html>\n<!-- netdiag single-file build, commit ${gitCommit()} -->`);
  return html;
}

function engineBlocks() {
  const glue = inlineSafe(read("pkg/netdiag_wasm.js").toString("utf8"), "wasm-bindgen glue", "script");
  const worker = inlineSafe(read("js/worker.js").toString("utf8"), "js/worker.js", "script");
  return (
    `<script type="text/plain" id="nd-glue">\n${glue}\n</script>\n` +
    `<script type="text/plain" id="nd-worker">\n${worker}\n</script>\n`
  );
}

/** The compressed wasm as text parts, each followed by its feeder script. */
function wasmParts(encoding, text, partChars) {
  const wasm = read("pkg/netdiag_wasm_bg.wasm");
  const packed = COMPRESSORS[encoding](wasm);
  const { group, encode } = TEXTS[text];
  const partBytes = Math.max(1, Math.floor(partChars / group[0])) * group[1];
  stats.wasm = wasm.length;
  stats.packed = packed.length;
  const count = Math.max(1, Math.ceil(packed.length / partBytes));
  // #nd-wasm says how the parts are encoded (and marks the single-file build for tests).
  let out = `<script type="application/octet-stream" id="nd-wasm" data-encoding="${encoding}+${text}" data-parts="${count}"></script>\n`;
  for (let i = 0; i < count; i++) {
    const part = encode(packed.subarray(i * partBytes, (i + 1) * partBytes));
    stats.text += part.length;
    out +=
      `<script type="application/octet-stream" id="nd-wasm-${i}" class="nd-wasm-part" data-part="${i}/${count}">` +
      `${part}</script><script>${FEED_SCRIPT}</script>\n`;
  }
  return out;
}

const stats = { wasm: 0, packed: 0, text: 0, compressor: "" };

function main() {
  const args = process.argv.slice(2);
  const i = args.indexOf("--out");
  const out = path.resolve(repo, i >= 0 && args[i + 1] ? args[i + 1] : "dist/netdiag.html");
  const e = args.indexOf("--encoding");
  const t = args.indexOf("--text");
  const html = bundle({
    encoding: e >= 0 ? args[e + 1] : "gzip",
    text: t >= 0 ? args[t + 1] : "base128",
    shrink: !args.includes("--no-shrink"),
    partChars: args.includes("--part-chars") ? Number(args[args.indexOf("--part-chars") + 1]) || PART_CHARS : PART_CHARS,
  });
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, html);
  const kb = (n) => `${(n / 1024).toFixed(0)} KiB`;
  console.log(
    `bundle: wrote ${path.relative(repo, out)} (${kb(Buffer.byteLength(html))}; ` +
      `wasm ${kb(stats.wasm)}, compressed ${kb(stats.packed)} by ${stats.compressor || "deflate-raw"})`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
