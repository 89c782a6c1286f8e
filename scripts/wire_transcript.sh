#!/usr/bin/env bash
# Records what the server answered during the integration suite, normalised, so that two builds
# (say, before and after a refactoring) can be compared byte for byte:
#   bash scripts/wire_transcript.sh build/release before.txt   # (in a checkout of the old commit)
#   bash scripts/wire_transcript.sh build/release after.txt
#   diff before.txt after.txt
# Tests whose answers depend on timing (cancellation mid-stream, slow readers) differ between two
# runs of the same build too: run one build twice to see that noise.
set -euo pipefail
build=${1:?usage: wire_transcript.sh BUILD_DIR OUT}
out=${2:?usage: wire_transcript.sh BUILD_DIR OUT}
root="$(cd "$(dirname "$0")/.." && pwd)"
raw=$(mktemp)
trap 'rm -f "$raw"' EXIT
CHATKIT_WIRE_TRANSCRIPT="$raw" "$build/tests/server_integration_tests" >/dev/null
node "$root/scripts/wire_transcript.mjs" "$raw" > "$out"
echo "$(grep -c '^=== ' "$out") tests, $(wc -c < "$out") bytes -> $out"
