// dist/netdiag.html is self-contained: no reference to any other file or host, every inline
// script and style allowed by a CSP hash (no 'unsafe-inline'), and the inlined wasm is
// byte-identical to www/pkg's. The file is windows-1252 (scripts/bundle.mjs says why): read as
// latin1, each character is one byte of the file.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { test } from "node:test";
import vm from "node:vm";
import { REPO, SINGLE_FILE, fromBytes, packedScripts as packedIn } from "./helpers.mjs";
import { shrinkCss, shrinkJs } from "../scripts/shrink.mjs";
import { adler32, asciiCss, asciiHtml, asciiJs } from "../scripts/bundle.mjs";

const html = readFileSync(SINGLE_FILE, "latin1");
const hash = (text) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
const csp = (html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/) || [])[1] || "";
const directive = (name) => (csp.split(";").map((d) => d.trim()).find((d) => d.startsWith(`${name} `)) || "");

/** The LZMA stream decoded by the system's xz (null when xz is missing). */
function unlzma(bytes) {
  try {
    return execFileSync("xz", ["--format=lzma", "-dc"], { input: bytes, maxBuffer: 1 << 30 });
  } catch (error) {
    if (error.code === "ENOENT") return null;
    throw error;
  }
}

/** The wasm parts in document order: `{ id, part, stream, text, feeder }`. */
function wasmParts() {
  const re = /<script type="application\/octet-stream" id="(nd-wasm-\d+)" class="nd-wasm-part" data-part="(\d+\/\d+)" data-stream="(\d+)">([^<]*)<\/script>(<script>([^<]*)<\/script>)?/g;
  return [...html.matchAll(re)].map((m) => ({ id: m[1], part: m[2], stream: Number(m[3]), text: m[4], feeder: m[6] }));
}

/** `{ encoding, parts, sizes, at }` of the #nd-wasm element that describes the parts. */
function manifest() {
  const m = html.match(/<script type="application\/octet-stream" id="nd-wasm" data-encoding="([^"]+)" data-parts="(\d+)" data-size="([\d,]+)" data-check="([\d,]+)"><\/script>/);
  assert.ok(m, "#nd-wasm describes the parts");
  return { encoding: m[1], parts: Number(m[2]), sizes: m[3].split(",").map(Number), checks: m[4].split(",").map(Number), at: m.index };
}

const block = (id) => {
  const m = html.match(new RegExp(`<script type="[^"]+" id="${id}"[^>]*>([\\s\\S]*?)</script>`));
  assert.ok(m, id);
  return m[1];
};

test("a windows-1252 page whose only non-ASCII bytes are packed data", () => {
  assert.match(html.slice(0, 1024), /<meta charset="windows-1252">/, "declared in the first 1024 bytes");
  const data = /<script type="application\/octet-stream"[^>]*>[^<]*<\/script>/g;
  assert.doesNotMatch(html.replace(data, ""), /[^\x00-\x7f]/, "markup, styles and scripts are ASCII");
  assert.ok(readFileSync(SINGLE_FILE).length <= 1_600_000, "issue 7 budget: 1.6 MB on disk");
});

test("the wasm follows engine.js in ordered LZMA parts, each handed over by a feeder script", () => {
  const parts = wasmParts();
  assert.ok(parts.length >= 2, `the wasm is cut into parts (${parts.length})`);
  const { encoding, parts: count, sizes, at } = manifest();
  assert.equal(encoding, "lzma+bytes");
  assert.equal(count, parts.length);
  assert.equal(sizes.length, Number(html.match(/id="nd-lzma" data-streams="(\d+)"/)[1]), "one size per LZMA stream");
  assert.ok(at < html.indexOf('id="nd-wasm-0"'), "#nd-wasm comes before the parts");
  parts.forEach((p, i) => {
    assert.equal(p.id, `nd-wasm-${i}`);
    assert.equal(p.part, `${i}/${parts.length}`);
    assert.ok(i === 0 || p.stream >= parts[i - 1].stream, "streams in order");
    assert.equal(p.feeder, "NetdiagApp.engine.feedInline()", `${p.id} is followed by its feeder`);
    // Nothing the HTML parser alters (NUL, CR) or could end the block on ("<").
    assert.doesNotMatch(p.text, /[\0\r<]/);
  });
  sizes.forEach((size, k) => {
    const bytes = Buffer.concat(parts.filter((p) => p.stream === k).map((p) => fromBytes(p.text)));
    assert.equal(bytes.length, size, `stream ${k} has the size #nd-wasm lists`);
  });
  // engine.js (which defines feedInline) runs before the first part, with the glue, worker
  // and LZMA blocks already there; the packed page scripts come after the last part.
  const engineJs = html.indexOf("function feedInline()");
  const firstPart = html.indexOf('id="nd-wasm-0"');
  const lastPart = html.lastIndexOf('class="nd-wasm-part"');
  assert.ok(engineJs > 0 && engineJs < firstPart, "engine.js is inlined before the wasm");
  for (const id of ["nd-glue", "nd-worker", "nd-lzma", "nd-lzma-wasm"]) assert.ok(html.indexOf(`id="${id}"`) < engineJs, `${id} before engine.js`);
  assert.ok(html.indexOf('id="nd-scripts"') > lastPart, "the page scripts after the wasm");
  assert.ok(packedIn(html).some((s) => s.name === "js/main.js" && s.code.includes("app.engine.init()")), "main.js is packed");
});

test("no src/href to another file or host, no CSS url() or @import", () => {
  const refs = [...html.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
  assert.deepEqual(refs.filter((r) => !r.startsWith("#") && !r.startsWith("data:")), []);
  const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]).join("\n");
  assert.doesNotMatch(styles, /url\(|@import/);
  for (const { name, code } of packedIn(html)) assert.doesNotMatch(code, /(src|href)="(https?:)?\/\//, name);
});

test("every executable inline script, packed script and style is allowed by its CSP hash", () => {
  assert.match(csp, /default-src 'none'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  assert.match(directive("worker-src"), /blob:/);
  const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
  const packed = packedIn(html).map((s) => s.code);
  assert.ok(scripts.length >= 3 && packed.length >= 10, "page scripts inlined and packed");
  for (const body of [...scripts, ...packed]) assert.ok(directive("script-src").includes(hash(body)), body.slice(0, 80));
  const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]);
  assert.ok(styles.length >= 1);
  for (const body of styles) assert.ok(directive("style-src").includes(hash(body)));
});

test("the inlined wasm, glue, worker and LZMA decoder are the built ones", (t) => {
  const parts = wasmParts();
  const streams = manifest().sizes.map((_, k) => Buffer.concat(parts.filter((p) => p.stream === k).map((p) => fromBytes(p.text))));
  const unpacked = streams.map(unlzma);
  if (unpacked.includes(null)) {
    t.skip("SKIP: xz is not installed (scripts/install-deps.sh installs it): the LZMA streams are not checked here");
  } else {
    assert.ok(Buffer.concat(unpacked).equals(readFileSync(path.join(REPO, "www", "pkg", "netdiag_wasm_bg.wasm"))));
    // Each stream's check is the Adler-32 of its unpacked bytes (zlib's, as the oracle).
    const adler = (bytes) => {
      let a = 1;
      let b = 0;
      for (const x of bytes) {
        a = (a + x) % 65521;
        b = (b + a) % 65521;
      }
      return b * 65536 + a;
    };
    assert.deepEqual(manifest().checks, unpacked.map(adler));
    assert.equal(adler32(Buffer.from("Wikipedia")), 0x11e60398);
  }
  const built = (rel) => asciiJs(shrinkJs(readFileSync(path.join(REPO, rel), "utf8")));
  assert.equal(block("nd-glue").trim(), built("www/pkg/netdiag_wasm.js").trim());
  assert.equal(block("nd-worker").trim(), built("www/js/worker.js").trim());
  assert.ok(block("nd-lzma").includes(built("www/js/lzma.js").trim()));
  assert.ok(fromBytes(block("nd-lzma-wasm")).equals(readFileSync(path.join(REPO, "target", "lzma-pkg", "netdiag_lzma_wasm_bg.wasm"))));
});

test("ASCII escaping keeps what the page says: JS strings, CSS text and HTML text", () => {
  for (const literal of ['"naïve → café"', "'\\u2014 em dash — '", '"😀 astral"', "`tab\\t→`"]) {
    assert.doesNotMatch(asciiJs(literal), /[^\x00-\x7f]/);
    assert.equal(vm.runInNewContext(asciiJs(literal)), vm.runInNewContext(literal), literal);
  }
  assert.equal(vm.runInNewContext(`/${asciiJs("→+")}/.test("a→→b")`), true);
  assert.equal(asciiCss('.a::after { content: "→ ok"; }'), '.a::after { content: "\\2192  ok"; }');
  assert.equal(asciiHtml("<p>DC → PAC — 😀</p>"), "<p>DC &#x2192; PAC &#x2014; &#x1f600;</p>");
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

test("every inlined or packed page script has the tokens of its source file, and compiles", () => {
  const sources = [...index.matchAll(/<script defer src="([^"]+)"><\/script>/g)].map((m) => m[1]);
  const inline = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)]
    .map((m) => m[1])
    .filter((b) => b !== FEEDER && b !== "NetdiagApp.engine.runPackedScripts()");
  const packed = packedIn(html);
  const bodies = [...inline, ...packed.map((s) => s.code)];
  assert.equal(bodies.length, sources.length, "one inline or packed script per <script defer src>");
  assert.deepEqual(packed.map((s) => s.name), sources.slice(inline.length), "packed in index.html's order");
  let saved = 0;
  sources.forEach((src, i) => {
    const original = readFileSync(path.join(REPO, "www", src), "utf8");
    assert.doesNotThrow(() => new vm.Script(bodies[i], { filename: src }), src);
    // Shrinking drops comments and whitespace only; escaping (tested above) rewrites
    // non-ASCII characters inside tokens, so the oracle escapes the original too.
    assert.deepEqual(tokens(bodies[i]), tokens(asciiJs(original)), `${src}: same tokens after shrinking`);
    saved += original.length - bodies[i].length;
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
    assert.equal(squash(inlined[i]), squash(asciiCss(original)), href);
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
