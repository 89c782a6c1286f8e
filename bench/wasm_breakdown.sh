#!/usr/bin/env bash
# Where the page module's bytes go (docs/BENCHMARKS.md "The page module, part by part"): links
# chatkit-core.wasm again from the objects of a built wasm tree, exactly as the build does but
# keeping function names (--profiling-funcs; the code is the same, the name section is extra),
# and groups its functions and data with bench/wasm_breakdown.mjs.
# Usage: bench/wasm_breakdown.sh [BUILD_DIR] [--functions GROUP]   (BUILD_DIR defaults to build/wasm,
# configured with toolchains/emscripten.cmake and with chatkit_wasm built).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=build/wasm
extra=()
while (($#)); do
  case "$1" in
    --functions) extra=(--functions "$2"); shift 2 ;;
    *) build=$1; shift ;;
  esac
done
build=$(cd "$build" && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# The link step of chatkit-core.mjs, without its POST_BUILD copy, writing into $out.
link=$(cd "$build" && ninja -t commands wasm/chatkit-core.mjs | tail -1)
link=${link#: && }
link=${link%% && cd *}
link=${link/ -o wasm\/chatkit-core.mjs / --profiling-funcs -o $out/chatkit-core.mjs }
(cd "$build" && eval "$link")
node "$root/bench/wasm_breakdown.mjs" "$out/chatkit-core.wasm" "${extra[@]}"
echo "shipped module: $(stat -c %s "$build/wasm/chatkit-core.wasm") bytes"
