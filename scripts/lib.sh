# Shared helpers for the scripts/*.sh entry points (sourced, not run).
# shellcheck shell=bash

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

# The wasm-bindgen CLI must match the crate version exactly; the root Cargo.toml pins it.
WASM_BINDGEN_VERSION="$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)"/\1/p' "$REPO_ROOT/Cargo.toml")"

section() {
  if [ -t 1 ]; then printf '\n\033[1m==== %s\033[0m\n' "$*"; else printf '\n==== %s\n' "$*"; fi
}

# Runs a step and prints how long it took.
timed() {
  local start=$SECONDS
  "$@"
  printf '     (%ss: %s)\n' "$((SECONDS - start))" "$*"
}

die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

# Commands that need root (apt-get) run through sudo only when we are not root.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# The native CLI is built with the speed profile when the workspace defines it.
native_profile() {
  if grep -q '^\[profile\.release-native\]' "$REPO_ROOT/Cargo.toml"; then echo release-native; else echo release; fi
}
