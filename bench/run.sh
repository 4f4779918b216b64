#!/usr/bin/env bash
# The benchmark command (issue 7): PAC throughput against pac-resolver and V8, start-up figures,
# parse throughput. Prints figures and ratios; it is not part of scripts/test.sh and never fails
# on a figure.
#   bash bench/run.sh                     # installs from the lockfile, builds if needed, runs
#   NETDIAG_SKIP_DEPS=1 bash bench/run.sh # no install step
#   BENCH_URLS=2000 BENCH_BUDGET_S=20 BENCH_ONLY=pac,startup,parse bash bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."

missing=0
for dep in pac-resolver quickjs-wasi playwright-core; do [ -d "node_modules/$dep" ] || missing=1; done
if [ "${NETDIAG_SKIP_DEPS:-0}" != 1 ] && [ "$missing" = 1 ]; then
  # Exact versions from package-lock.json (pac-resolver, quickjs-wasi, playwright-core, binaryen).
  # Only when something is missing: npm ci replaces node_modules, which other runs may be using.
  timeout 300 npm ci --no-audit --no-fund
fi
for dep in pac-resolver quickjs-wasi playwright-core; do
  [ -d "node_modules/$dep" ] || { echo "bench: node_modules/$dep missing: run npm ci" >&2; exit 2; }
done
[ -x /usr/bin/chromium ] || [ -n "${NETDIAG_CHROMIUM:-}" ] || echo "bench: /usr/bin/chromium missing: browser figures will be skipped" >&2

if [ ! -f dist/netdiag.html ] || [ ! -x target/release-native/netdiag ] || ! ls www/pkg/*.wasm >/dev/null 2>&1; then
  echo "bench: building (scripts/build.sh)"
  NETDIAG_SKIP_DEPS=1 timeout 3600 bash scripts/build.sh
fi

# Always (cargo rebuilds only what changed): a stale example would time old code.
echo "bench: building the engine-only examples (crates/pac/examples/bench.rs, crates/core/examples/parse_bench.rs, parse_bench_mimalloc.rs)"
timeout 1800 cargo build -p netdiag-pac --example bench --profile release-native \
  || echo "bench: PAC engine example did not build: its row is skipped" >&2
timeout 1800 cargo build -p netdiag-core --example parse_bench --example parse_bench_mimalloc --profile release-native \
  || echo "bench: parse examples did not build: their rows are skipped" >&2

exec timeout 3900 node bench/run.mjs
