#!/usr/bin/env bash
# Runs every check and test, cheapest first, ending with the end-to-end runner's summary:
# install test deps, fmt, dependency direction, clippy (native and wasm32), cargo test,
# wasm binding tests (node), build (wasm, www/pkg, dist/netdiag.html, CLI), e2e (headless
# Chromium via playwright-core). .ci/run calls this.
#   bash scripts/test.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"
test_start=$SECONDS
step() {
  section "test [$((SECONDS - test_start))s]: $*"
}

step "install dependencies (with test tools)"
bash scripts/install-deps.sh --test

step "cargo fmt --check"
cargo fmt --all --check

step "dependency direction: core, pac and lzma must not reach wasm-bindgen on wasm32"
# `cargo tree -i` exits 101 when the crate is absent from the package's graph, 0 (printing
# the path) when present. Anything else is a broken check, not a pass.
for pkg in netdiag-core netdiag-pac netdiag-lzma; do
  set +e
  out="$(cargo tree -p "$pkg" -e normal -i wasm-bindgen --target wasm32-unknown-unknown 2>&1)"
  rc=$?
  set -e
  if [ "$rc" -eq 0 ]; then
    echo "$out"
    die "$pkg depends on wasm-bindgen on wasm32 (see STYLE.md section 1): move target features to crates/wasm"
  elif [ "$rc" -eq 101 ] && grep -q "did not match any packages" <<<"$out"; then
    echo "ok: $pkg has no wasm-bindgen in its wasm32 graph"
  else
    echo "$out"
    die "cargo tree failed for $pkg (exit $rc)"
  fi
done

step "cargo clippy --workspace --all-targets (native)"
cargo clippy --workspace --all-targets -- -D warnings

step "cargo clippy -p netdiag-wasm -p netdiag-lzma-wasm --all-targets (wasm32)"
cargo clippy -p netdiag-wasm -p netdiag-lzma-wasm --all-targets --target wasm32-unknown-unknown -- -D warnings

step "cargo test --workspace"
cargo test --workspace

step "wasm binding tests (wasm-bindgen-test-runner under node)"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test -p netdiag-wasm --target wasm32-unknown-unknown

step "build: wasm, www/pkg, dist/netdiag.html, CLI"
NETDIAG_SKIP_DEPS=1 bash scripts/build.sh

step "end-to-end tests (node --test tests/, headless Chromium)"
mkdir -p tests/artifacts
node --test --test-reporter=spec tests/
