// Writes dist/netdiag.html: www/index.html with every stylesheet and script inlined, plus the
// wasm-bindgen glue, the worker code and the wasm (LZMA-compressed, as raw bytes) in inert
// <script> blocks that www/js/engine.js reads. Browsers block fetch, module scripts and file Workers under file://,
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
// Size (issue 7 budget: 1.6 MB on disk): the page's own scripts and stylesheets lose blank
// lines, comment-only lines and indentation (scripts/shrink.mjs; --no-shrink keeps them
// verbatim), the glue and worker code too; the page scripts after engine.js are gzip-packed
// (#nd-scripts, unpacked by engine.js with DecompressionStream). The wasm is packed by `xz --format=lzma`
// (a third smaller than gzip; www/js/lzma.js decodes it, as browsers have no LZMA) and stored
// as raw bytes: the file is declared windows-1252, where every byte is one character, so the
// wasm costs its own size plus ~1.6 % of escapes instead of 8/7 (base128) or 4/3 (base64).
// Everything else is made pure ASCII (JS and CSS escapes, HTML character references), so the
// charset changes nothing the page says.
//
//   node scripts/bundle.mjs [--out dist/netdiag.html] [--encoding lzma|gzip|deflate-raw]
//                           [--text bytes|base128|base64] [--no-shrink] [--part-chars N]

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
/** The script after #nd-scripts that unpacks and runs the page scripts packed in it. */
export const RUN_PACKED_SCRIPT = "NetdiagApp.engine.runPackedScripts()";
const PACKED_PLACEHOLDER = "\u0000nd-packed-scripts\u0000";
/** Compressors DecompressionStream can undo. gzip is the default: its CRC-32 turns a damaged
 * file into a clear error before compilation (deflate-raw saves only its 18 header bytes). */
const COMPRESSORS = {
  lzma: lzmaBest,
  gzip: gzipBest,
  "deflate-raw": (bytes) => deflateRawSync(bytes, { level: 9 }),
};

/** Adler-32 (RFC 1950) of `bytes`, as crates/lzma's Adler32 computes it. */
export function adler32(bytes) {
  let a = 1;
  let b = 0;
  for (let i = 0; i < bytes.length; i += 5552) {
    const end = Math.min(bytes.length, i + 5552);
    for (let j = i; j < end; j++) {
      a += bytes[j];
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** LZMA streams the wasm is cut into (see wasmParts). */
const LZMA_STREAMS = 2;

/** `xz --format=lzma` with the output size written into the header (xz writes "unknown"),
 * so www/js/lzma.js can allocate the output once. pb=0: wasm code has no 4-byte alignment
 * to model (measured: 3 KB smaller than the default pb=2). */
function lzmaBest(bytes) {
  let out;
  try {
    out = execFileSync("xz", ["--format=lzma", "--lzma1=preset=9e,pb=0", "-c"], {
      input: bytes,
      maxBuffer: 1 << 30,
      stdio: ["pipe", "pipe", "pipe"],
    });
  } catch (error) {
    fail(`xz --format=lzma failed (${error.message.split("\n")[0]}): install xz-utils, or bundle with --encoding gzip`);
  }
  const packed = Buffer.from(out);
  packed.writeBigUInt64LE(BigInt(bytes.length), 5);
  stats.compressor = "xz --format=lzma -9e";
  return packed;
}

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

/** The byte that starts an escape in the `bytes` text: it and the bytes HTML would alter or
 * end the block on (NUL, CR, "<") are written as ESCAPE followed by the byte XOR 0x40.
 * Keep in step with www/js/engine.js. */
const BYTES_ESCAPE = 0x01;
const BYTES_ESCAPED = [0x00, 0x01, 0x0d, 0x3c];

/** One character per byte, for a windows-1252 document: a "latin1" JS string whose character
 * codes are the file's bytes (main() writes the page with Buffer's latin1 encoding). */
export function toBytesText(bytes) {
  const codes = [];
  let out = "";
  for (const b of bytes) {
    if (BYTES_ESCAPED.includes(b)) codes.push(BYTES_ESCAPE, b ^ 0x40);
    else codes.push(b);
    if (codes.length >= 8192) {
      out += String.fromCharCode(...codes);
      codes.length = 0;
    }
  }
  return out + String.fromCharCode(...codes);
}

/** Text encodings of the compressed wasm: bytes per part (whole groups) and the encoder. */
const TEXTS = {
  bytes: { group: [1, 1], encode: toBytesText },
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

export function bundle({ encoding = "lzma", text = "bytes", shrink = true, partChars = PART_CHARS } = {}) {
  if (!COMPRESSORS[encoding]) fail(`unknown --encoding ${encoding} (lzma, gzip or deflate-raw)`);
  if (!TEXTS[text]) fail(`unknown --text ${text} (bytes, base128 or base64)`);
  // A windows-1252 page must say everything else in ASCII (see the header).
  const ascii = text === "bytes";
  const css = (code, what) => (ascii ? asciiCss(code, what) : code);
  /** A script's text as it goes between <script> tags: shrunk, checked, ASCII when needed. */
  const script = (source, what) => {
    const code = inlineSafe(shrink ? shrinkOrFail(shrinkJs, source, what) : source, what, "script");
    return ascii ? asciiJs(code, what) : code;
  };
  let html = read("index.html").toString("utf8");
  if (ascii) {
    if (!/<meta charset="utf-8">/i.test(html)) fail('index.html has no <meta charset="utf-8"> to replace');
    html = asciiHtml(html).replace(/<meta charset="utf-8">/i, '<meta charset="windows-1252">');
  }
  const scriptHashes = [];
  const styleHashes = [];

  // Served, the engine files are preloaded while the page parses (www/js/engine.js then
  // compiles the wasm as it arrives); the single file carries them inline instead.
  html = html.replace(/<link rel="preload" href="[^"]+" as="fetch"[^>]*>\n?/g, "");
  html = html.replace(/<link rel="stylesheet" href="([^"]+)">/g, (_, href) => {
    const source = read(href).toString("utf8");
    const body = `\n${css(inlineSafe(shrink ? shrinkOrFail(shrinkCss, source, href) : source, href, "style"), href)}\n`;
    styleHashes.push(sha256(body));
    return `<style>${body}</style>`;
  });

  let firstScript = true;
  let engineInlined = false;
  // Windows-1252 builds pack the page scripts after engine.js (below); the others inline all.
  const packing = text === "bytes";
  const packed = [];
  const early = [];
  html = html.replace(/<script defer src="([^"]+)"><\/script>/g, (_, src) => {
    const source = read(src).toString("utf8");
    const body = `\n${script(source, src)}\n`;
    scriptHashes.push(sha256(body));
    if (packing && engineInlined) {
      packed.push({ src, body });
      return packed.length === 1 ? PACKED_PLACEHOLDER : "";
    }
    if (firstScript) {
      firstScript = false;
      early.push(engineBlocks(script, encoding === "lzma" ? lzmaBlock(script) : ""));
    }
    if (!engineInlined) {
      // core.js and engine.js move to the top of <body>: the Workers and the wasm load start
      // before the parser reads the page's markup. The wasm stays where engine.js was.
      early.push(`<script>${body}</script>`);
      if (src !== ENGINE_SCRIPT) return "";
      engineInlined = true;
      return wasmParts(encoding, text, partChars);
    }
    return `<script>${body}</script>`;
  });
  if (firstScript) fail("index.html has no <script defer src> to inline");
  if (!engineInlined) fail(`index.html has no <script defer src="${ENGINE_SCRIPT}">: nowhere to put the wasm`);
  if (!/<body[^>]*>/.test(html)) fail("index.html has no <body> to put the engine scripts in");
  html = html.replace(/<body[^>]*>/, (tag) => `${tag}\n${early.join("\n")}\n`);
  if (packed.length) {
    html = html.replace(PACKED_PLACEHOLDER, () => packedScripts(packed));
    scriptHashes.push(sha256(RUN_PACKED_SCRIPT));
  }
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

/** Non-ASCII characters must not follow a backslash: the escape would change its meaning. */
function noEscapedNonAscii(code, what) {
  const m = /\\[^\x00-\x7f]/.exec(code);
  if (m) fail(`${what}: a backslash before a non-ASCII character at offset ${m.index}; write it as an escape`);
}

/** JS with every non-ASCII UTF-16 unit as a \uXXXX escape: same program in string, template
 * and regex literals, comments and identifiers. */
export function asciiJs(code, what = "script") {
  noEscapedNonAscii(code, what);
  return code.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** CSS with every non-ASCII character as a hex escape (its trailing space ends the escape). */
export function asciiCss(code, what = "style") {
  noEscapedNonAscii(code, what);
  return code.replace(/[^\x00-\x7f]/gu, (c) => `\\${c.codePointAt(0).toString(16)} `);
}

/** HTML markup with every non-ASCII character as a character reference. */
export function asciiHtml(markup) {
  return markup.replace(/[^\x00-\x7f]/gu, (c) => `&#x${c.codePointAt(0).toString(16)};`);
}

/** The LZMA Worker as inert blocks: its code (the decoder's wasm-bindgen glue, then
 * www/js/lzma.js) and the decoder's wasm (crates/lzma-wasm, built by scripts/build.sh into
 * target/lzma-pkg). www/js/engine.js starts it (www/js/lzma.js says why a Worker); the served
 * page never loads it. */
function lzmaBlock(script) {
  const pkg = path.join(repo, "target", "lzma-pkg");
  const load = (file) => {
    try {
      return readFileSync(path.join(pkg, file));
    } catch {
      fail(`missing target/lzma-pkg/${file} (scripts/build.sh builds it; or bundle with --encoding gzip)`);
    }
  };
  const glue = script(load("netdiag_lzma_wasm.js").toString("utf8"), "LZMA decoder glue");
  const worker = script(read("js/lzma.js").toString("utf8"), "js/lzma.js");
  const wasm = toBytesText(load("netdiag_lzma_wasm_bg.wasm"));
  return (
    `<script type="text/plain" id="nd-lzma" data-streams="${LZMA_STREAMS}">\n${glue}\n;\n${worker}\n</script>\n` +
    `<script type="application/octet-stream" id="nd-lzma-wasm">${wasm}</script>\n`
  );
}

/** The page scripts after engine.js, gzip-packed in one inert block (#nd-scripts) followed by
 * the script that runs them (www/js/engine.js runPackedScripts): in order, each as an inline
 * script its CSP hash allows. Packed, they take a quarter of their size (issue 7: 1.6 MB). */
function packedScripts(scripts) {
  const code = scripts.map((s) => s.body).join("");
  if (/[^\x00-\x7f]/.test(code)) fail("a packed page script is not ASCII");
  const compressor = stats.compressor; // the summary line names the wasm's compressor
  const bytes = gzipBest(Buffer.from(code, "latin1"));
  stats.compressor = compressor;
  stats.scripts = [code.length, bytes.length];
  const names = scripts.map((s) => s.src).join(",");
  const lengths = scripts.map((s) => s.body.length).join(",");
  return (
    `<script type="application/octet-stream" id="nd-scripts" data-encoding="gzip+bytes" data-names="${names}" ` +
    `data-lengths="${lengths}">${toBytesText(bytes)}</script><script>${RUN_PACKED_SCRIPT}</script>`
  );
}

/** The glue and worker code as inert blocks (engine.js builds the Worker from them), then
 * `extra` (the LZMA blocks, when the wasm is LZMA-packed). */
function engineBlocks(script, extra) {
  const glue = script(read("pkg/netdiag_wasm.js").toString("utf8"), "wasm-bindgen glue");
  const worker = script(read("js/worker.js").toString("utf8"), "js/worker.js");
  return (
    `<script type="text/plain" id="nd-glue">\n${glue}\n</script>\n` +
    `<script type="text/plain" id="nd-worker">\n${worker}\n</script>\n` +
    extra
  );
}

/** The compressed wasm as text parts, each followed by its feeder script. */
function wasmParts(encoding, text, partChars) {
  const wasm = read("pkg/netdiag_wasm_bg.wasm");
  // LZMA decodes at ~25 MB/s in JS, one stream per Worker: two streams (two halves of the
  // wasm) decode side by side, for ~2 % more bytes (each half has only its own dictionary).
  const streams = encoding === "lzma" ? LZMA_STREAMS : 1;
  const half = Math.ceil(wasm.length / streams);
  const packed = [];
  for (let k = 0; k < streams; k++) packed.push(COMPRESSORS[encoding](wasm.subarray(k * half, (k + 1) * half)));
  const { group, encode } = TEXTS[text];
  const partBytes = Math.max(1, Math.floor(partChars / group[0])) * group[1];
  stats.wasm = wasm.length;
  stats.packed = packed.reduce((sum, p) => sum + p.length, 0);
  const counts = packed.map((p) => Math.max(1, Math.ceil(p.length / partBytes)));
  const count = counts.reduce((sum, n) => sum + n, 0);
  // #nd-wasm says how the parts are encoded (and marks the single-file build for tests).
  // data-size: the compressed size of each stream (the LZMA decoder allocates its input once).
  // data-check: Adler-32 of each stream's unpacked bytes (LZMA has no check of its own).
  const checks = packed.map((_, k) => adler32(wasm.subarray(k * half, (k + 1) * half)));
  let out =
    `<script type="application/octet-stream" id="nd-wasm" data-encoding="${encoding}+${text}" data-parts="${count}" ` +
    `data-size="${packed.map((p) => p.length).join(",")}" data-check="${checks.join(",")}"></script>\n`;
  let i = 0;
  packed.forEach((bytes, k) => {
    for (let j = 0; j < counts[k]; j++, i++) {
      const part = encode(bytes.subarray(j * partBytes, (j + 1) * partBytes));
      stats.text += part.length;
      out +=
        `<script type="application/octet-stream" id="nd-wasm-${i}" class="nd-wasm-part" data-part="${i}/${count}" data-stream="${k}">` +
        `${part}</script><script>${FEED_SCRIPT}</script>\n`;
    }
  });
  return out;
}

const stats = { wasm: 0, packed: 0, text: 0, compressor: "", scripts: null };

function main() {
  const args = process.argv.slice(2);
  const i = args.indexOf("--out");
  const out = path.resolve(repo, i >= 0 && args[i + 1] ? args[i + 1] : "dist/netdiag.html");
  const e = args.indexOf("--encoding");
  const t = args.indexOf("--text");
  const text = t >= 0 ? args[t + 1] : "bytes";
  const html = bundle({
    encoding: e >= 0 ? args[e + 1] : "lzma",
    text,
    shrink: !args.includes("--no-shrink"),
    partChars: args.includes("--part-chars") ? Number(args[args.indexOf("--part-chars") + 1]) || PART_CHARS : PART_CHARS,
  });
  mkdirSync(path.dirname(out), { recursive: true });
  // bytes: one character per byte of the windows-1252 file (bundle() made the rest ASCII).
  if (text === "bytes" && /[^\x00-\xff]/.test(html)) fail("a character over U+00FF is left in a windows-1252 page");
  writeFileSync(out, text === "bytes" ? Buffer.from(html, "latin1") : html);
  const kb = (n) => `${(n / 1024).toFixed(0)} KiB`;
  console.log(
    `bundle: wrote ${path.relative(repo, out)} (${kb(text === "bytes" ? html.length : Buffer.byteLength(html))}; ` +
      `wasm ${kb(stats.wasm)}, compressed ${kb(stats.packed)} by ${stats.compressor || "deflate-raw"}` +
      `${stats.scripts ? `; page scripts ${kb(stats.scripts[0])} packed to ${kb(stats.scripts[1])}` : ""})`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
