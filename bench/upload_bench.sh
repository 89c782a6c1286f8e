#!/usr/bin/env bash
# Upload benchmark (docs/PROTOCOL.md §2.15): 50 MB attachments into the Release server over
# loopback, by the two-phase upload URL (a raw PUT) and by the direct multipart POST, with the
# throughput curl measures and the server's peak memory (VmHWM from /proc) before and after: the
# body streams to disk, so the peak must not grow by the file's size. A benchmark, not a test: it
# prints figures and a Markdown table, and judges nothing. docs/BENCHMARKS.md records the results.
#
#   bash bench/upload_bench.sh
#
# Environment:
#   BUILD_DIR   build directory (default build/release); configured as Release if it has no cache
#   SKIP_BUILD  1 = use the binary already in BUILD_DIR
#   JOBS        build parallelism (default 1: the machine is shared)
#   MB          the file's size in MB (10^6 bytes, default 50)
#   RUNS        uploads per strategy (default 3; the table shows the median)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
cd "$ROOT"
BUILD_DIR=${BUILD_DIR:-build/release}
case "$BUILD_DIR" in /*) ;; *) BUILD_DIR="$ROOT/$BUILD_DIR" ;; esac
JOBS=${JOBS:-1}
MB=${MB:-50}
RUNS=${RUNS:-3}
SERVER="$BUILD_DIR/server/chatkit-server"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  log "building chatkit-server (Release) in $BUILD_DIR"
  [[ -f "$BUILD_DIR/CMakeCache.txt" ]] || cmake -G Ninja -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$BUILD_DIR" --target chatkit-server -j "$JOBS" >/dev/null
fi
command -v curl >/dev/null || { echo "upload_bench: needs curl" >&2; exit 1; }

TMP=$(mktemp -d /tmp/chatkit-upload-bench.XXXXXX)
bytes=$((MB * 1000 * 1000))
# A PNG's signature and header, then noise: the content check reads the head, the disk takes it all.
{ printf '\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x04\x00\x00\x00\x03\x00\x08\x02\x00\x00\x00\x00\x00\x00\x00'
  head -c $((bytes - 33)) /dev/urandom; } > "$TMP/file.png"
[[ $(stat -c %s "$TMP/file.png") == "$bytes" ]] || { echo "upload_bench: bad sample" >&2; exit 1; }

"$SERVER" --port 0 --db "$TMP/db/chatkit.db" --attachments-dir "$TMP/attachments" --web "$TMP" \
  --log-level warn --max-attachment-bytes $((bytes + 1000000)) > "$TMP/out" 2> "$TMP/out.err" &
PIDS+=($!)
server_pid=$!
url=$(wait_for_url "$TMP/out" "$server_pid" "$TMP/out.err")
curl -s -o /dev/null "$url/healthz"
hwm_start=$(proc_kb "$server_pid" VmHWM)
log "server $url, VmHWM at start ${hwm_start} kB; $RUNS uploads of $MB MB each way"

# curl's "time_total speed_upload" of one upload; the answer must be the attachment.
measure() {
  local answer="$TMP/answer" figures
  figures=$(curl -s -o "$answer" -w '%{http_code} %{time_total} %{speed_upload}' "$@")
  [[ ${figures%% *} == 200 ]] && grep -q '"id":"atc_' "$answer" || { echo "upload failed: $figures $(cat "$answer")" >&2; exit 1; }
  echo "${figures#* }"
}

two_phase() {
  local created upload
  created=$(curl -s -X POST "$url/chatkit" -d "{\"type\":\"attachments.create\",\"params\":{\"name\":\"big.png\",\"size\":$bytes,\"mime_type\":\"image/png\"}}")
  # The descriptor's is the one "url" key (the preview's is "preview_url").
  upload=$(printf '%s' "$created" | grep -o '"url":"[^"]*"' | sed 's/^"url":"//; s/"$//')
  [[ -n "$upload" ]] || { echo "attachments.create failed: $created" >&2; exit 1; }
  measure -X PUT -H 'Content-Type: image/png' -T "$TMP/file.png" "$upload"
}
direct() { measure -F "file=@$TMP/file.png;type=image/png" "$url/chatkit/attachments"; }

# The median of the second column (MB/s) over RUNS lines "seconds bytes_per_second".
median_mbps() { awk '{ print $2 / 1e6 }' | sort -n | awk '{ v[NR] = $1 } END { printf "%.0f", v[int((NR + 1) / 2)] }'; }
median_seconds() { awk '{ print $1 }' | sort -n | awk '{ v[NR] = $1 } END { printf "%.2f", v[int((NR + 1) / 2)] }'; }

for _ in $(seq 1 "$RUNS"); do two_phase; done > "$TMP/two_phase"
hwm_two_phase=$(proc_kb "$server_pid" VmHWM)
for _ in $(seq 1 "$RUNS"); do direct; done > "$TMP/direct"
hwm_direct=$(proc_kb "$server_pid" VmHWM)
stored=$(find "$TMP/attachments" -type f -size +$((bytes / 1024 - 1))k | wc -l)

echo
echo "| upload of $MB MB over loopback ($RUNS runs, median) | seconds | MB/s | server VmHWM after |"
echo "|---|---|---|---|"
echo "| two-phase: attachments.create, then PUT of the raw bytes | $(median_seconds < "$TMP/two_phase") | $(median_mbps < "$TMP/two_phase") | ${hwm_two_phase} kB |"
echo "| direct: multipart POST /chatkit/attachments | $(median_seconds < "$TMP/direct") | $(median_mbps < "$TMP/direct") | ${hwm_direct} kB |"
echo
echo "VmHWM at start (after one request): ${hwm_start} kB; peak growth over $((RUNS * 2)) uploads of $MB MB:" \
     "$(( (hwm_direct - hwm_start) / 1024 )) MB. Files stored: $stored."
