#!/usr/bin/env bash
# Sets up, builds and runs the product on its embedded defaults.
# The HTTP server (issue: Server) is not built yet; until it is, this builds everything there is
# and runs chatkit-cli on the bundled examples, so the command works end to end today.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
bash scripts/setup.sh

export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
cmake -G Ninja -S . -B build/release -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/release

cli="build/release/cli/chatkit-cli"
example="tests/fixtures/widgets"
echo
echo "chatkit-cpp: the server is not part of this build yet; here is the core at work."
echo
echo "\$ $cli replay tests/fixtures/streams/assistant_reply/stream.sse"
"$cli" replay tests/fixtures/streams/assistant_reply/stream.sse
case_dir="$(ls -d "$example"/*/ | head -n 1)"
echo
echo "\$ $cli diff ${case_dir}before.json ${case_dir}after.json --mode fine"
"$cli" diff "${case_dir}before.json" "${case_dir}after.json" --mode fine
