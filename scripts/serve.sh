#!/usr/bin/env bash
# The one command to use netdiag from a fresh clone: installs the build tools, builds the wasm,
# www/pkg, dist/netdiag.html and the CLI, then serves www/ on http://127.0.0.1:${PORT:-8080}/.
#   bash scripts/serve.sh            (PORT=9000 bash scripts/serve.sh for another port)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"

bash scripts/install-deps.sh
NETDIAG_SKIP_DEPS=1 bash scripts/build.sh

section "serve"
exec node scripts/serve.mjs --root www --port "${PORT:-8080}"
