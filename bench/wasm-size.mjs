// Size profile of the wasm (issue 7): which crates and modules the code bytes belong to, and how
// big the data section is. It reads the function names of the `name` section, which the rustc
// output keeps (target/wasm32-unknown-unknown/release/netdiag_wasm.wasm) and wasm-opt later
// drops, and demangles them (legacy `_ZN…E` and v0 `_R…` Rust symbols). Not a test: it prints.
//
//   node bench/wasm-size.mjs [file.wasm] [--top N] [--json]

import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import zlib from "node:zlib";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DEFAULT_WASM = path.join(ROOT, "target", "wasm32-unknown-unknown", "release", "netdiag_wasm.wasm");

const SECTION_NAMES = ["custom", "type", "import", "function", "table", "memory", "global", "export",
  "start", "element", "code", "data", "datacount", "tag"];

/** A cursor over wasm bytes that throws with the offset on malformed input. */
class Reader {
  constructor(bytes, pos = 0, end = bytes.length) {
    this.bytes = bytes;
    this.pos = pos;
    this.end = end;
  }

  byte() {
    if (this.pos >= this.end) throw new Error(`wasm: unexpected end at byte ${this.pos}`);
    return this.bytes[this.pos++];
  }

  /** Unsigned LEB128 (wasm's u32 encoding). */
  u32() {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
      if (shift > 35) throw new Error(`wasm: LEB128 too long at byte ${this.pos}`);
    }
  }

  name() {
    const len = this.u32();
    if (this.pos + len > this.end) throw new Error(`wasm: name runs past its section at byte ${this.pos}`);
    const text = Buffer.from(this.bytes.buffer, this.bytes.byteOffset + this.pos, len).toString("utf8");
    this.pos += len;
    return text;
  }
}

/** Splits a wasm module into sections: `[{ id, kind, name?, start, end, size }]` (payload range). */
export function sections(bytes) {
  if (bytes.length < 8 || bytes.readUInt32LE(0) !== 0x6d736100) throw new Error("not a wasm module (bad magic)");
  const out = [];
  const r = new Reader(bytes, 8);
  while (r.pos < bytes.length) {
    const headerStart = r.pos;
    const id = r.byte();
    const size = r.u32();
    const start = r.pos;
    const end = start + size;
    if (end > bytes.length) throw new Error(`wasm: section ${id} at byte ${headerStart} runs past the end`);
    const section = { id, kind: SECTION_NAMES[id] || `unknown-${id}`, start, end, size: end - headerStart };
    if (id === 0) section.name = new Reader(bytes, start, end).name();
    out.push(section);
    r.pos = end;
  }
  return out;
}

/** Number of imported functions: they come first in the function index space. */
function importedFunctions(bytes, section) {
  if (!section) return 0;
  const r = new Reader(bytes, section.start, section.end);
  let functions = 0;
  for (let n = r.u32(); n > 0; n--) {
    r.name();
    r.name();
    const kind = r.byte();
    if (kind === 0) {
      functions++;
      r.u32();
    } else if (kind === 1) {
      r.byte(); // table: reftype, then limits
      const flags = r.u32();
      r.u32();
      if (flags & 1) r.u32();
    } else if (kind === 2) {
      const flags = r.u32();
      r.u32();
      if (flags & 1) r.u32();
    } else if (kind === 3) {
      r.byte();
      r.byte();
    } else if (kind === 4) {
      r.byte();
      r.u32();
    } else throw new Error(`wasm: unknown import kind ${kind}`);
  }
  return functions;
}

/** Body sizes (bytes, with their length prefix) of the defined functions, in index order. */
function bodySizes(bytes, section) {
  const r = new Reader(bytes, section.start, section.end);
  const sizes = [];
  for (let n = r.u32(); n > 0; n--) {
    const before = r.pos;
    const len = r.u32();
    r.pos += len;
    sizes.push(r.pos - before);
  }
  return sizes;
}

/** Subsection `id` of the name section as an index → name map (1: functions, 9: data segments). */
function nameMap(bytes, section, wanted) {
  const names = new Map();
  if (!section) return names;
  const r = new Reader(bytes, section.start, section.end);
  r.name(); // "name"
  while (r.pos < section.end) {
    const id = r.byte();
    const len = r.u32();
    const end = r.pos + len;
    if (id === wanted) {
      const sub = new Reader(bytes, r.pos, end);
      for (let n = sub.u32(); n > 0; n--) {
        const index = sub.u32();
        names.set(index, sub.name());
      }
    }
    r.pos = end;
  }
  return names;
}

/** Data segments: `[{ index, size }]` (payload bytes). */
function dataSegments(bytes, section) {
  if (!section) return [];
  const r = new Reader(bytes, section.start, section.end);
  const out = [];
  for (let i = 0, n = r.u32(); i < n; i++) {
    const flags = r.u32();
    if (flags === 2) r.u32(); // explicit memory index
    if (flags !== 1) {
      // The offset is a constant expression ending with `end` (0x0b); LEB bytes stay below 0x80.
      while (r.byte() !== 0x0b);
    }
    const len = r.u32();
    out.push({ index: i, size: len, start: r.pos });
    r.pos += len;
  }
  return out;
}

// ------------------------------------------------------------------------ demangling

const LEGACY_ESCAPES = { SP: "@", BP: "*", RF: "&", LT: "<", GT: ">", LP: "(", RP: ")", C: "," };

/** Un-escapes one legacy path component (`_$LT$T$u20$as$u20$core..fmt..Debug$GT$`). */
function legacyComponent(text) {
  let s = text.startsWith("_$") ? text.slice(1) : text;
  s = s.replace(/\$([A-Z]{1,2}|u[0-9a-f]{2,6})\$/g, (m, code) => {
    if (code.startsWith("u")) return String.fromCodePoint(parseInt(code.slice(1), 16));
    return LEGACY_ESCAPES[code] ?? m;
  });
  return s.replace(/\.\./g, "::");
}

/** Demangles a legacy `_ZN…E` Rust symbol to a path (without the trailing hash), or null. */
export function demangleLegacy(symbol) {
  const m = /^_?_ZN/.exec(symbol);
  if (!m) return null;
  let i = m[0].length;
  const parts = [];
  while (i < symbol.length && symbol[i] !== "E") {
    const digits = /^\d+/.exec(symbol.slice(i));
    if (!digits) return null;
    const len = Number(digits[0]);
    i += digits[0].length;
    if (i + len > symbol.length) return null;
    parts.push(symbol.slice(i, i + len));
    i += len;
  }
  if (parts.length > 1 && /^h[0-9a-f]{16}$/.test(parts[parts.length - 1])) parts.pop();
  return parts.map(legacyComponent).join("::");
}

/** The crate a v0 `_R…` symbol belongs to: the first crate root of its path (impls count
 * for the crate of their impl path). A full v0 demangler is not needed for that. */
export function crateOfV0(symbol) {
  if (!symbol.startsWith("_R")) return null;
  let i = 2;
  if (/[0-9]/.test(symbol[i] || "")) while (/[0-9]/.test(symbol[i] || "")) i++; // encoding version
  const disambiguator = () => {
    if (symbol[i] === "s") {
      i++;
      while (i < symbol.length && symbol[i] !== "_") i++;
      i++;
    }
  };
  for (let guard = 0; guard < 64 && i < symbol.length; guard++) {
    const c = symbol[i];
    if (c === "N") i += 2; // nested path + namespace letter
    else if (c === "M" || c === "X") {
      i++;
      disambiguator();
    } else if (c === "I") i++;
    else if (c === "C") {
      i++;
      disambiguator();
      const digits = /^\d+/.exec(symbol.slice(i));
      if (!digits) return null;
      i += digits[0].length;
      if (symbol[i] === "_") i++;
      return symbol.slice(i, i + Number(digits[0]));
    } else return null;
  }
  return null;
}

const PATH_START = /(?:^|[^A-Za-z0-9_])([a-z_][a-z0-9_]*)::/;

/** Crate of a demangled path: for `<Type as Trait>::f` the type's crate, else the trait's. */
export function crateOfPath(p) {
  const owner = ownerPath(p);
  return owner ? owner.split("::")[0] : null;
}

/** The path the code belongs to: `p` itself, or for an impl the self type's (else the trait's). */
function ownerPath(p) {
  const pathAt = (text) => {
    const m = PATH_START.exec(text);
    return m ? text.slice(m.index + m[0].length - m[1].length - 2) : null;
  };
  if (p.startsWith("<")) {
    let depth = 0;
    for (let i = 0; i < p.length; i++) {
      if (p[i] === "<") depth++;
      else if (p[i] === ">") depth--;
      if (depth === 1 && p.startsWith(" as ", i)) return pathAt(p.slice(1, i)) || pathAt(p.slice(i + 4));
      if (depth === 0) return pathAt(p.slice(1, i));
    }
    return null;
  }
  return /^[A-Za-z_][A-Za-z0-9_]*::/.test(p) ? p : null;
}

/** `{ crate, module }` of a function name from the name section. */
export function classify(name) {
  if (!name) return { crate: "(unnamed)", module: "(unnamed)" };
  const legacy = demangleLegacy(name);
  if (legacy !== null) {
    const owner = ownerPath(legacy);
    if (!owner) return { crate: "(unknown)", module: "(unknown)" };
    // `crate::module` when the path has a module below the crate (the last part is the item).
    const parts = owner.split(/::|[<>(),\s]/);
    const crate = parts[0];
    const module = parts.length > 2 && /^[a-z_][a-z0-9_]*$/.test(parts[1]) ? `${crate}::${parts[1]}` : crate;
    return { crate, module };
  }
  const v0 = crateOfV0(name);
  if (v0) return { crate: v0, module: v0 };
  if (/^__(wbg|wbindgen)|^wasm_bindgen/.test(name)) return { crate: "wasm_bindgen", module: "wasm_bindgen (glue)" };
  if (/^(mem(cpy|set|move|cmp)|bcmp|strlen|__multi3|__[a-z]+tf\d|__ashl|__lshr|__udiv|__umod|__div|__mod|__mul|__float|__fix|__extend|__trunc)/.test(name)) {
    return { crate: "compiler_builtins", module: "compiler_builtins" };
  }
  return { crate: "(other)", module: name.length > 40 ? `${name.slice(0, 40)}…` : name };
}

/** The profile of one wasm file. */
export function profile(bytes) {
  const secs = sections(bytes);
  const find = (kind, name) => secs.find((s) => s.kind === kind && (name === undefined || s.name === name));
  const code = find("code");
  const data = find("data");
  const nameSec = find("custom", "name");
  const sizes = code ? bodySizes(bytes, code) : [];
  const imported = importedFunctions(bytes, find("import"));
  const fnNames = nameMap(bytes, nameSec, 1);
  const crates = new Map();
  const modules = new Map();
  const add = (map, key, size) => {
    const e = map.get(key) || { bytes: 0, functions: 0 };
    e.bytes += size;
    e.functions += 1;
    map.set(key, e);
  };
  let named = 0;
  sizes.forEach((size, i) => {
    const name = fnNames.get(imported + i);
    if (name) named++;
    const { crate, module } = classify(name);
    add(crates, crate, size);
    add(modules, module, size);
  });
  const segNames = nameMap(bytes, nameSec, 9);
  const segments = dataSegments(bytes, data).map((s) => ({ ...s, name: segNames.get(s.index) || `#${s.index}` }));
  // jiff's bundled time-zone database: TZif records inside the data section.
  let tzif = 0;
  for (const seg of segments) {
    const payload = bytes.subarray(seg.start, seg.start + seg.size);
    let at = payload.indexOf("TZif");
    let first = -1;
    let last = -1;
    while (at >= 0) {
      if (first < 0) first = at;
      last = at;
      tzif++;
      at = payload.indexOf("TZif", at + 4);
    }
    if (first >= 0) seg.tzif = { records: tzif, span: last - first };
  }
  const sorted = (map) => [...map.entries()].map(([key, v]) => ({ key, ...v })).sort((a, b) => b.bytes - a.bytes);
  return {
    total: bytes.length,
    gzip: zlib.gzipSync(bytes, { level: 9 }).length,
    sections: secs.map((s) => ({ kind: s.kind, name: s.name, size: s.size })),
    code: code ? code.size : 0,
    functions: sizes.length,
    named,
    crates: sorted(crates),
    modules: sorted(modules),
    segments,
  };
}

// ------------------------------------------------------------------------ report

const fmt = (n) => n.toLocaleString("en-US");
const pct = (n, total) => `${((100 * n) / total).toFixed(1)} %`;

function printTable(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join("  ");
  console.log(line(headers));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) console.log(line(r));
}

function main() {
  const args = process.argv.slice(2);
  const topAt = args.indexOf("--top");
  const top = topAt >= 0 ? Number(args[topAt + 1]) || 25 : 25;
  const file = args.find((a, i) => !a.startsWith("--") && (topAt < 0 || i !== topAt + 1)) || DEFAULT_WASM;
  let bytes;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    console.error(`wasm-size: cannot read ${file}: ${error.message}\n` +
      "build it first: cargo build -p netdiag-wasm --release --target wasm32-unknown-unknown");
    process.exit(2);
  }
  const p = profile(bytes);
  if (args.includes("--json")) {
    console.log(JSON.stringify({ ...p, segments: p.segments.map(({ start, ...s }) => s) }, null, 2));
    return;
  }
  console.log(`${path.relative(process.cwd(), file) || file}: ${fmt(p.total)} bytes (gzip -9 ${fmt(p.gzip)})`);
  console.log(`${fmt(p.functions)} functions, ${fmt(p.named)} named${p.named === 0 ? " (no name section: use the un-opt'd rustc output)" : ""}\n`);
  console.log("Sections");
  printTable(["section", "bytes", "share"], p.sections
    .map((s) => [s.name ? `custom "${s.name}"` : s.kind, s.size, s.size])
    .sort((a, b) => b[1] - a[1])
    .map(([n, s]) => [n, fmt(s), pct(s, p.total)]));
  console.log(`\nCode bytes by crate (code section ${fmt(p.code)} bytes)`);
  printTable(["crate", "bytes", "share of code", "functions"],
    p.crates.slice(0, top).map((c) => [c.key, fmt(c.bytes), pct(c.bytes, p.code), fmt(c.functions)]));
  const rest = p.crates.slice(top);
  if (rest.length) console.log(`… ${rest.length} more crates, ${fmt(rest.reduce((n, c) => n + c.bytes, 0))} bytes`);
  console.log(`\nTop modules (crate::module)`);
  printTable(["module", "bytes", "share of code", "functions"],
    p.modules.slice(0, top).map((m) => [m.key, fmt(m.bytes), pct(m.bytes, p.code), fmt(m.functions)]));
  console.log("\nData segments");
  printTable(["segment", "bytes", "note"], p.segments.map((s) => [s.name, fmt(s.size),
    s.tzif ? `${s.tzif.records} TZif records over ${fmt(s.tzif.span)} bytes (jiff bundled tzdb)` : ""]));
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
