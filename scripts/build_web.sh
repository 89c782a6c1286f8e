#!/usr/bin/env bash
# Builds the static web client into build/web/ (served by chatkit-server at / by default): web/ and
# the wasm module with content-hashed names; index.html keeps its name. Needs the wasm build first
# (`cmake --build build/wasm`); usage: bash scripts/build_web.sh [WASM_DIR] [OUT_DIR]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
wasm_dir="${1:-$root/build/wasm/wasm}"
out_dir="${2:-$root/build/web}"
for file in chatkit-core.mjs chatkit-core.wasm chatkit.mjs; do
  [ -f "$wasm_dir/$file" ] || { echo "build_web: $wasm_dir/$file is missing: build the wasm module first" >&2; exit 1; }
done
node "$root/scripts/build_web.mjs" "$root/web" "$wasm_dir" "$out_dir"
