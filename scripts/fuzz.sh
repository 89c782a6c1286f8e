#!/usr/bin/env bash
# Fuzzes core with libFuzzer (clang-14, ASan + UBSan): the widget diff (and the fine mode's
# exactness), the SSE decoder + reducer, the widget and action validators, the request decoder,
# and the HTTP edge (request bytes through the reader and answer_request, with the limits on).
# New inputs are merged (minimised) into tests/fuzz/corpus/<target>/, which the normal test run
# replays. Usage: bash scripts/fuzz.sh [SECONDS_PER_TARGET=600] [TARGET...]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
seconds="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(diff reducer validator protocol http)

bash scripts/setup.sh
for package in clang-14 libclang-rt-14-dev; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || {
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends clang-14 libclang-rt-14-dev >/dev/null
    break
  }
done

cmake -G Ninja -S . -B build/fuzz -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCHATKIT_FUZZ=ON -DCHATKIT_SANITIZE=ON >/dev/null
cmake --build build/fuzz --target "${targets[@]/%/_fuzz}"

for target in "${targets[@]}"; do
  corpus="tests/fuzz/corpus/$target"
  fresh="build/fuzz/new/$target"
  merged="build/fuzz/merged/$target"
  rm -rf "$fresh" "$merged" && mkdir -p "$fresh" "$merged" "$corpus"
  echo "== fuzzing $target for ${seconds}s"
  "build/fuzz/tests/fuzz/${target}_fuzz" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=4096 \
    -artifact_prefix="build/fuzz/${target}-" -print_final_stats=1 "$fresh" "$corpus" 2>&1 | tail -n 12
  "build/fuzz/tests/fuzz/${target}_fuzz" -merge=1 "$merged" "$corpus" "$fresh" 2>&1 | tail -n 1
  rm -rf "$corpus" && mv "$merged" "$corpus"
done
