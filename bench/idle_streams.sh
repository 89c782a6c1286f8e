#!/usr/bin/env bash
# Idle streams: how much server memory an open, idle SSE stream costs. Starts chatkit-server with
# --model bench:1:600000 (the one delta comes after ten minutes, so every stream idles after its
# stream_options event), opens IDLE_N streams with bench/idle_streams.cpp and reports
# (VmRSS after - VmRSS before) / IDLE_N. A benchmark: it prints figures and judges nothing.
#
#   bash bench/idle_streams.sh            (bench/server_bench.sh runs it too)
#
# Environment: BUILD_DIR (default build/release), SKIP_BUILD=1, JOBS (default 1),
#   IDLE_N (default 10000), IDLE_BATCH (connections in flight while opening, default 500),
#   IDLE_HOLD (seconds to hold the idle streams before sampling, default 5).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
cd "$ROOT"
BUILD_DIR=${BUILD_DIR:-build/release}
case "$BUILD_DIR" in /*) ;; *) BUILD_DIR="$ROOT/$BUILD_DIR" ;; esac
JOBS=${JOBS:-1}
IDLE_N=${IDLE_N:-10000}
IDLE_BATCH=${IDLE_BATCH:-500}
IDLE_HOLD=${IDLE_HOLD:-5}
SERVER="$BUILD_DIR/server/chatkit-server"
CLIENT="$BUILD_DIR/bench/idle_streams"


if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  if [[ ! -f "$BUILD_DIR/CMakeCache.txt" ]]; then
    cmake -G Ninja -S "$ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
  fi
  cmake --build "$BUILD_DIR" --target chatkit-server idle_streams -j"$JOBS"
fi
[[ -x "$SERVER" && -x "$CLIENT" ]] || { echo "missing $SERVER or $CLIENT" >&2; exit 1; }

# Both processes need a descriptor per stream (the server raises its own limit too).
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if (( $(ulimit -n) < IDLE_N + 100 )); then
  log "warning: fd limit $(ulimit -n) is below IDLE_N=$IDLE_N + 100; expect failures"
fi



TMP=$(mktemp -d /tmp/chatkit-idle-bench.XXXXXX)
mkdir -p "$TMP/data"
"$SERVER" --host 127.0.0.1 --port 0 --db "$TMP/data/chatkit.db" --web "$TMP" \
  --model bench:1:600000 --log-level warn >"$TMP/server.out" 2>"$TMP/server.err" &
SERVER_PID=$!
PIDS+=("$SERVER_PID")
URL=$(wait_for_url "$TMP/server.out" "$SERVER_PID" "$TMP/server.err") || exit 1
PORT=${URL##*:}
sleep 0.5
RSS_BEFORE=$(proc_kb "$SERVER_PID" VmRSS)
FDS_BEFORE=$(find "/proc/$SERVER_PID/fd" -mindepth 1 -maxdepth 1 | wc -l)
log "chatkit-server at $URL (--model bench:1:600000), VmRSS $RSS_BEFORE kB; opening $IDLE_N streams"

"$CLIENT" --port "$PORT" --connections "$IDLE_N" --batch "$IDLE_BATCH" --hold 0 >"$TMP/client.out" &
CLIENT_PID=$!
PIDS=("$CLIENT_PID" "${PIDS[@]}")  # the client goes first on cleanup
READY=""
while kill -0 "$CLIENT_PID" 2>/dev/null; do
  READY=$(sed -n 's/^IDLE_READY \([0-9]*\)$/\1/p' "$TMP/client.out")
  [[ -n "$READY" ]] && break
  sleep 0.2
done
[[ -n "$READY" ]] || { echo "idle_streams client ended early:" >&2; cat "$TMP/client.out" >&2; exit 1; }
sleep "$IDLE_HOLD"
RSS_AFTER=$(proc_kb "$SERVER_PID" VmRSS)
HWM=$(proc_kb "$SERVER_PID" VmHWM)
FDS_AFTER=$(find "/proc/$SERVER_PID/fd" -mindepth 1 -maxdepth 1 | wc -l)
SERVER_THREADS=$(proc_kb "$SERVER_PID" Threads)

kill -TERM "$CLIENT_PID"
wait "$CLIENT_PID" || true
PIDS=("${PIDS[@]:1}")

per_stream=$(awk -v a="$RSS_AFTER" -v b="$RSS_BEFORE" -v n="$READY" \
  'BEGIN { if (n > 0) printf "%.1f", (a - b) / n; else print "n/a" }')
echo "### Idle streams ($(date -u +%Y-%m-%d), $(nproc) cores)"
echo
sed 's/^/    /' "$TMP/client.out" | grep -v IDLE_READY
echo
echo "| streams requested | idle streams open | server fds before / after | VmRSS before kB | VmRSS after kB | VmHWM kB | per idle stream KB |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
echo "| $IDLE_N | $READY | $FDS_BEFORE / $FDS_AFTER | $RSS_BEFORE | $RSS_AFTER | $HWM | $per_stream |"
echo
echo "Server: --model bench:1:600000 --log-level warn, SQLite on, $SERVER_THREADS OS threads; sampled ${IDLE_HOLD} s after the last stream went idle."
