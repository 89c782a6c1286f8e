#!/usr/bin/env bash
# The size of what the page loads for the core: chatkit-core.mjs + chatkit-core.wasm + chatkit.mjs,
# raw and gzip (-9), each and in total. Usage: bench/wasm_size.sh [DIR] [--check]
# DIR defaults to build/wasm; --check exits 1 when the total is over the budget (384 KiB raw,
# 160 KiB gzip), as the wasm_module_size test does. The budget was 400 / 150 KiB until Markdown
# moved to md4c, then 480 / 185 KiB; the module was cut down since (docs/BENCHMARKS.md "The page
# module, part by part"), and the budget follows it with about 8 KiB / 5 KiB of room, so that
# growth still fails the test. Where the module's bytes go: bench/wasm_breakdown.sh.
set -euo pipefail
dir="build/wasm"
check=0
for arg in "$@"; do
  case "$arg" in
    --check) check=1 ;;
    *) dir="$arg" ;;
  esac
done
limit_raw=$((384 * 1024))
limit_gzip=$((160 * 1024))
total_raw=0
total_gzip=0
printf '%-20s %10s %10s\n' file raw gzip
for name in chatkit-core.mjs chatkit-core.wasm chatkit.mjs; do
  file="$dir/$name"
  [[ -f "$file" ]] || { echo "missing $file (build the chatkit_wasm target)" >&2; exit 2; }
  raw=$(stat -c %s "$file")
  gz=$(gzip -9 -c "$file" | wc -c)
  total_raw=$((total_raw + raw))
  total_gzip=$((total_gzip + gz))
  printf '%-20s %10d %10d\n' "$name" "$raw" "$gz"
done
printf '%-20s %10d %10d   (%d KiB raw, %d KiB gzip; budget < 384 KiB raw, < 160 KiB gzip)\n' total \
  "$total_raw" "$total_gzip" $((total_raw / 1024)) $((total_gzip / 1024))
if ((check)) && ((total_raw >= limit_raw || total_gzip >= limit_gzip)); then
  echo "over the size target" >&2
  exit 1
fi
