// dist/netdiag.html is self-contained: no reference to any other file or host, every inline
// script and style allowed by a CSP hash (no 'unsafe-inline'), and the inlined wasm is
// byte-identical to www/pkg's.

import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { test } from "node:test";
import vm from "node:vm";
import { gunzipSync } from "node:zlib";
import { REPO, SINGLE_FILE } from "./helpers.mjs";
import { shrinkCss, shrinkJs } from "../scripts/shrink.mjs";

const html = readFileSync(SINGLE_FILE, "utf8");
const hash = (text) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
const csp = (html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/) || [])[1] || "";
const directive = (name) => (csp.split(";").map((d) => d.trim()).find((d) => d.startsWith(`${name} `)) || "");

/** Decodes one part (the test's own decoder, written apart from the page's and the bundler's). */
function decodeText(kind, text) {
  if (kind === "base64") return Buffer.from(text, "base64");
  assert.equal(kind, "base128");
  const escapes = { 0x100: 0x00, 0x101: 0x0d, 0x102: 0x3c };
  let bitString = "";
  for (const ch of text) {
    const code = ch.codePointAt(0);
    const v = code >= 0x100 ? escapes[code] : code;
    assert.ok(v !== undefined && v < 0x80, `not base128: U+${code.toString(16)}`);
    bitString += v.toString(2).padStart(7, "0");
  }
  const bytes = Buffer.alloc(Math.floor(bitString.length / 8));
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(bitString.slice(i * 8, i * 8 + 8), 2);
  return bytes;
}

/** The wasm parts in document order: `{ id, part, text, feeder }`. */
function wasmParts() {
  const re = /<script type="application\/octet-stream" id="(nd-wasm-\d+)" class="nd-wasm-part" data-part="(\d+\/\d+)">([^<]*)<\/script>(<script>([^<]*)<\/script>)?/g;
  return [...html.matchAll(re)].map((m) => ({ id: m[1], part: m[2], text: m[3], feeder: m[5] }));
}

/** `{ encoding, parts, at }` of the #nd-wasm element that describes the parts. */
function manifest() {
  const m = html.match(/<script type="application\/octet-stream" id="nd-wasm" data-encoding="([^"]+)" data-parts="(\d+)"><\/script>/);
  assert.ok(m, "#nd-wasm describes the parts");
  return { encoding: m[1], parts: Number(m[2]), at: m.index };
}

test("the wasm comes last, in ordered base64 parts, each handed over by a feeder script", () => {
  const parts = wasmParts();
  assert.ok(parts.length >= 2, `the wasm is cut into parts (${parts.length})`);
  const { encoding, parts: count, at } = manifest();
  assert.equal(encoding, "gzip+base128");
  assert.equal(count, parts.length);
  assert.ok(at < html.indexOf('id="nd-wasm-0"'), "#nd-wasm comes before the parts");
  parts.forEach((p, i) => {
    assert.equal(p.id, `nd-wasm-${i}`);
    assert.equal(p.part, `${i}/${parts.length}`);
    assert.equal(p.feeder, "NetdiagApp.engine.feedInline()", `${p.id} is followed by its feeder`);
    // Nothing the HTML parser alters (NUL, CR) or could end the block on ("<").
    assert.doesNotMatch(p.text, /[\0\r<\u0080-\u00ff\u0103-\uffff]/);
    if (i < parts.length - 1) assert.equal(p.text.length % 8, 0, "every part decodes on its own");
  });
  // engine.js (which defines feedInline) runs before the first part, with the glue and worker
  // blocks already there; the other page scripts run after the last part.
  const engineJs = html.indexOf("function feedInline()");
  const firstPart = html.indexOf('id="nd-wasm-0"');
  const lastPart = html.lastIndexOf('class="nd-wasm-part"');
  assert.ok(engineJs > 0 && engineJs < firstPart, "engine.js is inlined before the wasm");
  assert.ok(html.indexOf('id="nd-glue"') < engineJs, "glue before engine.js");
  assert.ok(html.indexOf('id="nd-worker"') < engineJs, "worker before engine.js");
  assert.ok(html.lastIndexOf("app.engine.init()") > lastPart, "main.js after the wasm");
});

test("no src/href to another file or host, no CSS url() or @import", () => {
  const refs = [...html.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
  assert.deepEqual(refs.filter((r) => !r.startsWith("#") && !r.startsWith("data:")), []);
  const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]).join("\n");
  assert.doesNotMatch(styles, /url\(|@import/);
});

test("every executable inline script and style is allowed by its CSP hash", () => {
  assert.match(csp, /default-src 'none'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  assert.match(directive("worker-src"), /blob:/);
  const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
  assert.ok(scripts.length >= 5, "page scripts inlined");
  for (const body of scripts) assert.ok(directive("script-src").includes(hash(body)), body.slice(0, 80));
  const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]);
  assert.ok(styles.length >= 1);
  for (const body of styles) assert.ok(directive("style-src").includes(hash(body)));
});

test("the inlined wasm, glue and worker are the built ones", () => {
  const block = (id) => {
    const m = html.match(new RegExp(`<script type="[^"]+" id="${id}"[^>]*>([\\s\\S]*?)</script>`));
    assert.ok(m, id);
    return m[1];
  };
  const parts = wasmParts();
  const text = manifest().encoding.split("+")[1];
  const wasm = gunzipSync(Buffer.concat(parts.map((p) => decodeText(text, p.text))));
  assert.ok(wasm.equals(readFileSync(path.join(REPO, "www", "pkg", "netdiag_wasm_bg.wasm"))));
  assert.equal(block("nd-glue").trim(), readFileSync(path.join(REPO, "www", "pkg", "netdiag_wasm.js"), "utf8").trim());
  assert.equal(block("nd-worker").trim(), readFileSync(path.join(REPO, "www", "js", "worker.js"), "utf8").trim());
});

test("www/ itself references no other host (offline, no CDN or fonts)", () => {
  const files = ["index.html", "css/style.css", "js/core.js", "js/engine.js", "js/main.js", "js/pac-input.js", "js/pac-panel.js", "js/pac-results.js", "js/worker.js"];
  for (const file of files) {
    const text = readFileSync(path.join(REPO, "www", file), "utf8");
    assert.doesNotMatch(text, /(src|href)="(https?:)?\/\//, file);
    assert.doesNotMatch(text, /url\(\s*["']?(https?:)?\/\//, file);
    const bad = text.match(/@import|\.innerHTML\b|\.outerHTML\b|insertAdjacentHTML|document\.write|\beval\(|new Function\(/);
    assert.equal(bad, null, `${file}: ${bad && bad[0]}`);
  }
});

// ------------------------------------------------------------------ shrunk page code
// An independent tokenizer (esprima, a pinned dev dependency in package.json) is
// the oracle: shrinking may drop comments and whitespace, never change a token.
const esprima = createRequire(import.meta.url)("esprima");
const tokens = (text) => esprima.tokenize(text).map((t) => `${t.type} ${t.value}`);
const index = readFileSync(path.join(REPO, "www", "index.html"), "utf8");
const FEEDER = "NetdiagApp.engine.feedInline()";

test("every inlined page script has the tokens of its source file, and compiles", () => {
  const sources = [...index.matchAll(/<script defer src="([^"]+)"><\/script>/g)].map((m) => m[1]);
  const inlined = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]).filter((b) => b !== FEEDER);
  assert.equal(inlined.length, sources.length, "one inline script per <script defer src>");
  let saved = 0;
  sources.forEach((src, i) => {
    const original = readFileSync(path.join(REPO, "www", src), "utf8");
    assert.doesNotThrow(() => new vm.Script(inlined[i], { filename: src }), src);
    assert.deepEqual(tokens(inlined[i]), tokens(original), `${src}: same tokens after shrinking`);
    saved += original.length - inlined[i].length;
  });
  assert.ok(saved > 0, "the bundle shrinks the page scripts");
});

test("inlined stylesheets keep every rule (only comments and whitespace go)", () => {
  const hrefs = [...index.matchAll(/<link rel="stylesheet" href="([^"]+)">/g)].map((m) => m[1]);
  const inlined = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]);
  assert.equal(inlined.length, hrefs.length);
  const squash = (css) => css.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\s+/g, "");
  hrefs.forEach((href, i) => {
    const original = readFileSync(path.join(REPO, "www", href), "utf8");
    assert.equal(squash(inlined[i]), squash(original), href);
  });
});

test("shrinking never touches literals: strings, templates, regexes, comment-like text", () => {
  const src = [
    "const a = `line one",
    "    // not a comment: template text",
    "    /* nor this */",
    "  ${ { x: 1 }.x } end`;",
    "  // a comment line",
    "const re = /\\/\\/[/]x/g, half = 4 / 2 / 1;",
    "/* a block",
    "   comment */",
    "const s = 'it\\'s // fine', t = \"/* kept */\";",
    "",
    "    return_value(a, re, half, s, t);",
  ].join("\n");
  const out = shrinkJs(src);
  assert.deepEqual(tokens(out), tokens(src));
  assert.match(out, /^ {4}\/\/ not a comment: template text$/m);
  assert.match(out, /^ {4}\/\* nor this \*\/$/m);
  assert.doesNotMatch(out, /a comment line|a block/);
  assert.match(out, /^return_value/m);
  assert.throws(() => shrinkJs("const x = `open"), /unterminated template literal/);
  assert.equal(shrinkCss(".a {\n  /* why */\n  content: \"/* kept */\";\n}\n"), ".a {\ncontent: \"/* kept */\";\n}");
});
