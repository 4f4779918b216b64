#!/usr/bin/env bash
# Builds everything the two deliveries and the CLI need:
#   www/pkg/            wasm-bindgen glue (--target no-modules) + wasm-opt -Oz'd wasm, served as is
#   dist/netdiag.html   one self-contained file (scripts/bundle.mjs) that works from file://
#   target/<profile>/netdiag   the native CLI
# Runs scripts/install-deps.sh first unless NETDIAG_SKIP_DEPS=1 (serve.sh/test.sh already did).
#   bash scripts/build.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"

if [ "${NETDIAG_SKIP_DEPS:-0}" != 1 ]; then
  bash scripts/install-deps.sh
fi
build_start=$SECONDS

section "build: wasm (release, wasm32-unknown-unknown)"
timed cargo build -p netdiag-wasm --release --target wasm32-unknown-unknown

section "build: wasm-bindgen --target no-modules -> www/pkg"
rm -rf www/pkg
timed wasm-bindgen target/wasm32-unknown-unknown/release/netdiag_wasm.wasm \
  --target no-modules --out-dir www/pkg
# The glue defines a global `wasm_bindgen` (a classic script), so www/js/engine.js can prepend
# it to the worker code in a Blob-URL Worker: the one way that also works from file://.

section "build: wasm-opt -Oz"
wasm_file=www/pkg/netdiag_wasm_bg.wasm
before=$(stat -c %s "$wasm_file")
# Rust's wasm32 target emits these post-MVP features; wasm-opt must be told it may keep them.
# The producers and target_features sections are read by no browser (-265 bytes). Measured and
# left out (BENCHMARKS.md): --converge (-3 KB of 4.97 MB for twice the time on 2 cores) and
# --traps-never-happen (the page relies on traps: a trapped instance is replaced).
timed node_modules/.bin/wasm-opt -Oz --strip-producers --strip-target-features \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$wasm_file" -o "$wasm_file.opt"
mv "$wasm_file.opt" "$wasm_file"
echo "wasm: $before -> $(stat -c %s "$wasm_file") bytes"

section "build: LZMA decoder wasm for the single file (crates/lzma-wasm -> target/lzma-pkg)"
# The single file carries the engine's wasm LZMA-packed; this small module unpacks it in
# Workers (www/js/lzma.js). Speed matters here (opt-level 3 in Cargo.toml), not bytes.
timed cargo build -p netdiag-lzma-wasm --release --target wasm32-unknown-unknown
rm -rf target/lzma-pkg
timed wasm-bindgen target/wasm32-unknown-unknown/release/netdiag_lzma_wasm.wasm \
  --target no-modules --out-dir target/lzma-pkg
timed node_modules/.bin/wasm-opt -O3 --strip-producers --strip-target-features \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  target/lzma-pkg/netdiag_lzma_wasm_bg.wasm -o target/lzma-pkg/netdiag_lzma_wasm_bg.wasm.opt
mv target/lzma-pkg/netdiag_lzma_wasm_bg.wasm.opt target/lzma-pkg/netdiag_lzma_wasm_bg.wasm

section "build: dist/netdiag.html (single self-contained file)"
timed node scripts/bundle.mjs

profile="$(native_profile)"
section "build: native CLI (cargo --profile $profile)"
timed cargo build -p netdiag --profile "$profile"

echo
echo "build: done in $((SECONDS - build_start))s"
echo "  page:        $REPO_ROOT/www/ (serve it: bash scripts/serve.sh)"
echo "  single file: $REPO_ROOT/dist/netdiag.html"
echo "  CLI:         $REPO_ROOT/target/$profile/netdiag"
