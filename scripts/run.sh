#!/usr/bin/env bash
# Sets up, builds and runs the product on its embedded defaults: chatkit-server with a SQLite file
# under ./data/, one local user, the built-in model, and the web UI from ./web at http://127.0.0.1:8000/.
# Extra arguments go to chatkit-server (e.g. `bash scripts/run.sh --port 9000`; see --help).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
bash scripts/setup.sh >&2

export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
cmake -G Ninja -S . -B build/release -DCMAKE_BUILD_TYPE=Release >/dev/null
# Build output goes to stderr: standard output carries only the server's `listening on` line.
cmake --build build/release --target chatkit-server chatkit-cli >&2

exec build/release/server/chatkit-server "$@"
