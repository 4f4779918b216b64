#!/usr/bin/env bash
# Installs what the build needs (and with --test, what the tests need). Idempotent: every step
# is skipped when its result is already there. Needs rustup, node >= 20 and npm.
#   bash scripts/install-deps.sh [--test]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"

WITH_TEST=0
for arg in "$@"; do
  case "$arg" in
    --test) WITH_TEST=1 ;;
    *) die "unknown argument: $arg (usage: install-deps.sh [--test])" ;;
  esac
done

section "install-deps: toolchain checks"
command -v rustup >/dev/null || die "rustup not found: install it from your distribution or rustup.rs"
command -v cargo >/dev/null || die "cargo not found (rustup is installed: run 'rustup default stable')"
command -v node >/dev/null || die "node not found: apt-get install nodejs npm (node >= 20)"
command -v npm >/dev/null || die "npm not found: apt-get install npm"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" -ge 20 ] || die "node $(node --version) is too old: node >= 20 is needed"
[ -n "$WASM_BINDGEN_VERSION" ] || die "could not read the pinned wasm-bindgen version from Cargo.toml"
echo "rust $(rustc --version | cut -d' ' -f2), node $(node --version), wasm-bindgen pin $WASM_BINDGEN_VERSION"

section "install-deps: wasm32 target"
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "wasm32-unknown-unknown already installed"
else
  rustup target add wasm32-unknown-unknown
fi

section "install-deps: wasm-bindgen-cli $WASM_BINDGEN_VERSION"
have_wb="$(wasm-bindgen --version 2>/dev/null | cut -d' ' -f2 || true)"
if [ "$have_wb" = "$WASM_BINDGEN_VERSION" ] && command -v wasm-bindgen-test-runner >/dev/null; then
  echo "wasm-bindgen $have_wb already installed"
else
  # Not --locked: one of its locked dependencies is missing from the reachable index
  # (../shared/TOOLCHAIN.md); the exact version pin is what keeps glue and crate in step.
  timed cargo install wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION" --force
fi

section "install-deps: xz (the single file's LZMA packer)"
if command -v xz >/dev/null; then
  echo "$(xz --version | head -1) already installed"
else
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends xz-utils
fi

section "install-deps: npm packages (package-lock.json)"
lock_sum="$(sha256sum package-lock.json | cut -d' ' -f1)"
stamp="node_modules/.netdiag-lock-sha256"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$lock_sum" ] && [ -x node_modules/.bin/wasm-opt ]; then
  echo "node_modules matches package-lock.json"
else
  timed npm ci --no-audit --no-fund
  echo "$lock_sum" >"$stamp"
fi

if [ "$WITH_TEST" -eq 1 ]; then
  section "install-deps: chromium (Debian package, driven by playwright-core)"
  # Chromium itself pulls no font; screenshots need one (DejaVu).
  if [ -x /usr/bin/chromium ] && [ -d /usr/share/fonts/truetype/dejavu ]; then
    echo "$(/usr/bin/chromium --version 2>/dev/null || echo chromium) already installed"
  else
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium fonts-dejavu-core
  fi
fi
echo "install-deps: done"
