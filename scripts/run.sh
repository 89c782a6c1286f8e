#!/usr/bin/env bash
# Sets up, builds and runs the product on its embedded defaults: chatkit-server with a SQLite file
# under ./data/, one local user, the built-in model, and the web UI (the wasm core plus web/, built
# into ./build/web) at http://127.0.0.1:8000/.
# Extra arguments go to chatkit-server (e.g. `bash scripts/run.sh --port 9000`; see --help).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
bash scripts/setup.sh >&2

export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
# Build output goes to stderr: standard output carries only the server's `listening on` line.
cmake -G Ninja -S . -B build/release -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/release --target chatkit-server chatkit-cli >&2
# The browser client: the wasm core, then web/ and the module with hashed names into build/web.
cmake -G Ninja -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_TOOLCHAIN_FILE="$root/toolchains/emscripten.cmake" >/dev/null
cmake --build build/wasm --target chatkit_wasm >&2
bash scripts/build_web.sh build/wasm/wasm build/web >&2

# Serve the built folder unless --web, CHATKIT_WEB or ./.env says otherwise.
if [ -z "${CHATKIT_WEB:-}" ] && ! grep -qs '^CHATKIT_WEB=' .env; then
  export CHATKIT_WEB=build/web
fi
exec build/release/server/chatkit-server "$@"
