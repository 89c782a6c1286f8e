#!/usr/bin/env bash
# Sets up, builds and runs every test: the native suites under AddressSanitizer +
# UndefinedBehaviorSanitizer, then the same core suites compiled to wasm and run under node.
# Reuses earlier builds (build/ and ccache): a second run with nothing changed takes seconds.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
bash scripts/setup.sh

export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

echo "== native (ASan + UBSan)"
cmake -G Ninja -S . -B build/asan -DCMAKE_BUILD_TYPE=Debug -DCHATKIT_SANITIZE=ON >/dev/null
cmake --build build/asan
ctest --test-dir build/asan --output-on-failure

echo "== wasm (em++, run under node)"
cmake -G Ninja -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_TOOLCHAIN_FILE="$root/toolchains/emscripten.cmake" >/dev/null
cmake --build build/wasm
ctest --test-dir build/wasm --output-on-failure
