// bench/wasm-size.mjs: the wasm reader, the Rust demangling it needs (legacy and v0) and the
// per-crate attribution, on a module built byte by byte here (no build needed).

import assert from "node:assert/strict";
import { test } from "node:test";
import { classify, crateOfPath, crateOfV0, demangleLegacy, profile } from "../bench/wasm-size.mjs";

/** A legacy Rust symbol from path components (with the hash the compiler appends). */
const legacy = (...parts) => `_ZN${parts.map((p) => `${p.length}${p}`).join("")}17h0123456789abcdefE`;

const uleb = (n) => {
  const out = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
};
const str = (s) => [...uleb(Buffer.byteLength(s)), ...Buffer.from(s)];
const section = (id, payload) => [id, ...uleb(payload.length), ...payload];

/** A module with one imported function, three defined ones of different sizes, a name section
 * naming them, and a data segment holding two TZif records. */
function sampleModule(names) {
  const bodies = [10, 20, 40].map((nops) => [0, ...Array(nops).fill(0x01), 0x0b]);
  const nameMap = [...uleb(names.length), ...names.flatMap((name, i) => [...uleb(i + 1), ...str(name)])];
  const data = Buffer.from("..TZif....TZif..");
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 0, 0]),
    ...section(2, [1, ...str("env"), ...str("f"), 0, 0]),
    ...section(3, [3, 0, 0, 0]),
    ...section(10, [3, ...bodies.flatMap((b) => [...uleb(b.length), ...b])]),
    ...section(11, [1, 0, 0x41, 0, 0x0b, ...uleb(data.length), ...data]),
    ...section(0, [...str("name"), 1, ...uleb(nameMap.length), ...nameMap]),
  ];
  return { bytes: Buffer.from(bytes), bodySizes: bodies.map((b) => b.length + uleb(b.length).length) };
}

test("legacy symbols demangle to paths; impls count for their type's crate", () => {
  assert.equal(demangleLegacy(legacy("boa_engine", "builtins", "array", "Array", "push")), "boa_engine::builtins::array::Array::push");
  const impl = legacy("_$LT$alloc..vec..Vec$LT$T$GT$$u20$as$u20$core..ops..drop..Drop$GT$", "drop");
  assert.equal(demangleLegacy(impl), "<alloc::vec::Vec<T> as core::ops::drop::Drop>::drop");
  assert.equal(crateOfPath("<alloc::vec::Vec<T> as core::ops::drop::Drop>::drop"), "alloc");
  assert.equal(crateOfPath("<T as serde_core::ser::Serialize>::serialize"), "serde_core", "a generic self type: the trait's crate");
  assert.equal(crateOfPath("<&mut netdiag_core::Foo as core::fmt::Debug>::fmt"), "netdiag_core");
  assert.equal(demangleLegacy("memcpy"), null);
});

test("v0 symbols: the first crate root of the path", () => {
  assert.equal(crateOfV0("_RNvNtCsabc_11netdiag_pac4eval4main"), "netdiag_pac");
  assert.equal(crateOfV0("_RNvXsj_NtCsebHcaeoSrxy_3std4pathNtB5_10ComponentsNtNtNtNtCsgXGp5Oqx2Ny_4core4iter6traits12double_ended19DoubleEndedIterator9next_back"), "std");
  assert.equal(crateOfV0("_RINvNtCsgXGp5Oqx2Ny_4core3ptr13drop_in_placeINtNvNtCsebHcaeoSrxy_3std2io17default_write_fmt7AdapterEEB5_"), "core");
  assert.equal(crateOfV0("_ZN3foo3barE"), null);
});

test("unmangled names: wasm-bindgen glue and compiler builtins", () => {
  assert.equal(classify("__wbg_call_1234").crate, "wasm_bindgen");
  assert.equal(classify("memcpy").crate, "compiler_builtins");
  assert.equal(classify(undefined).crate, "(unnamed)");
});

test("profile: code bytes per crate, imports skipped in the index space, data and TZif records", () => {
  const names = [
    legacy("boa_engine", "builtins", "array", "Array", "push"),
    "_RNvNtCsabc_11netdiag_pac4eval4main",
    legacy("_$LT$alloc..vec..Vec$LT$T$GT$$u20$as$u20$core..ops..drop..Drop$GT$", "drop"),
  ];
  const { bytes, bodySizes } = sampleModule(names);
  const p = profile(bytes);
  assert.equal(p.total, bytes.length);
  assert.equal(p.functions, 3);
  assert.equal(p.named, 3);
  const crate = (key) => p.crates.find((c) => c.key === key);
  assert.equal(crate("boa_engine").bytes, bodySizes[0]);
  assert.equal(crate("netdiag_pac").bytes, bodySizes[1]);
  assert.equal(crate("alloc").bytes, bodySizes[2]);
  assert.deepEqual(p.crates.map((c) => c.key), ["alloc", "netdiag_pac", "boa_engine"], "largest first");
  assert.equal(p.modules.find((m) => m.key === "boa_engine::builtins").bytes, bodySizes[0]);
  assert.equal(p.segments.length, 1);
  assert.equal(p.segments[0].size, 16);
  assert.equal(p.segments[0].tzif.records, 2);
  assert.ok(p.sections.some((s) => s.kind === "custom" && s.name === "name"));
});

test("not a wasm module: a clear error", () => {
  assert.throws(() => profile(Buffer.from("not wasm at all")), /not a wasm module/);
  const { bytes } = sampleModule([]);
  assert.throws(() => profile(bytes.subarray(0, bytes.length - 3)), /runs past the end|unexpected end/);
});
