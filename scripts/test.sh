#!/usr/bin/env bash
# Sets up, builds and runs every test: the native suites under AddressSanitizer +
# UndefinedBehaviorSanitizer, the server's integration suite once more on a Release build, then
# the same core suites compiled to wasm and run under node, then the type-check of the JavaScript, then
# the browser tests (headless Chromium against the ASan server and the built web folder).
# Reuses earlier builds (build/ and ccache): a second run with nothing changed takes seconds.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
bash scripts/setup.sh

export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
# Paths inside the checkout are hashed relative to it, so a fresh clone elsewhere (CI's) reuses the
# cache of this one instead of compiling everything again.
export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=true
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

echo "== native (ASan + UBSan)"
cmake -G Ninja -S . -B build/asan -DCMAKE_BUILD_TYPE=Debug -DCHATKIT_SANITIZE=ON >/dev/null
cmake --build build/asan
ctest --test-dir build/asan --output-on-failure

echo "== integration on a Release build (timing-sensitive paths run at full speed too)"
cmake -G Ninja -S . -B build/release -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/release --target server_integration_tests chatkit-server
ctest --test-dir build/release -R '^server_integration_tests$' --output-on-failure

echo "== wasm (em++, run under node)"
cmake -G Ninja -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_TOOLCHAIN_FILE="$root/toolchains/emscripten.cmake" >/dev/null
cmake --build build/wasm
ctest --test-dir build/wasm --output-on-failure

echo "== types (tsc --checkJs: web/ and wasm/'s JavaScript, the element against @openai/chatkit 1.9.0's OpenAIChatKit and ChatKitOptions; see tsconfig.json)"
npx --no-install tsc --checkJs --noEmit -p tsconfig.json

echo "== browser (web/ in headless Chromium against the real server)"
bash scripts/build_web.sh build/wasm/wasm build/web
CHATKIT_SERVER="${CHATKIT_SERVER:-$root/build/asan/server/chatkit-server}" CHATKIT_WEB_DIR="$root/build/web" \
  node --test --test-concurrency=1 tests/e2e/*.test.mjs

echo "== container (the server image built with podman by scripts/container.sh, run as an operator would)"
bash scripts/container.sh
node --test --test-concurrency=1 tests/deploy/*.test.mjs
