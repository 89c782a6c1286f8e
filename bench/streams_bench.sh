#!/usr/bin/env bash
# Concurrent answers: streams of `bench:200:20` (200 deltas 20 ms apart, as a fast model writes)
# opened at once in steps (250, 500, 1,000, 2,000, ...), against chatkit-server (SQLite, runs and
# their logs on) and the Node ChatKit SDK (chatkit-node-backend-sdk from npm, bench/node_sdk/,
# answering the same way from an in-memory store), in the same run. For each step and server:
# the client-side p99 gap between deltas (bench/stream_gaps.cpp), the server's CPU per event, its
# RSS per stream (peak RSS over the idle process, divided by the streams), streams that failed.
# A server "holds" a step when every stream completed with p99 gap under 100 ms while at least 90 %
# of them were answering at the same moment (a server that accepts slowly serves its streams one
# after another, with fine gaps); it is driven up the steps until it does not. A benchmark: it prints figures and judges nothing.
#
#   bash bench/streams_bench.sh                 STEPS="250 500 1000 2000 4000 8000" to change the steps
#
# Environment: BUILD_DIR (build/release), SKIP_BUILD=1, STEPS, DELTAS (200), DELAY (20).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
cd "$ROOT"
BUILD_DIR=${BUILD_DIR:-build/release}
case "$BUILD_DIR" in /*) ;; *) BUILD_DIR="$ROOT/$BUILD_DIR" ;; esac
STEPS=${STEPS:-"250 500 1000 2000 4000 8000"}
DELTAS=${DELTAS:-200}
DELAY=${DELAY:-20}
SERVER="$BUILD_DIR/server/chatkit-server"
CLIENT="$BUILD_DIR/bench/stream_gaps"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  cmake -G Ninja -S "$ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$BUILD_DIR" --target chatkit-server stream_gaps -- -j"${JOBS:-1}" >&2
fi
if [[ ! -d bench/node_sdk/node_modules/chatkit-node-backend-sdk ]]; then
  log "installing the Node SDK (bench/node_sdk, npm ci)"
  (cd bench/node_sdk && npm ci --no-audit --no-fund >&2)
fi
ulimit -n "$(ulimit -Hn)"
TMP=$(mktemp -d)
TICKS=$(getconf CLK_TCK)

# utime + stime of PID, in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# Starts one server kind; sets SERVER_PID and SERVER_PORT.
start_server() {
  local kind=$1 out="$TMP/$1.out"
  : >"$out"
  if [[ $kind == chatkit ]]; then
    rm -rf "$TMP/db"
    mkdir -p "$TMP/db"
    "$SERVER" --host 127.0.0.1 --port 0 --db "$TMP/db/chatkit.db" --model "bench:$DELTAS:$DELAY" --use-case chat \
      --log-level warn --max-streams 1000000 >"$out" 2>"$out.err" &
  else
    node bench/node_sdk/server.mjs --port 0 --deltas "$DELTAS" --delay "$DELAY" >"$out" 2>"$out.err" &
  fi
  SERVER_PID=$!
  PIDS+=("$SERVER_PID")
  local url
  url=$(wait_for_url "$out" "$SERVER_PID" "$out.err")
  SERVER_PORT=${url##*:}
}

stop_server() {
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
}

printf '| server | streams | completed | failed | at once | p50 gap ms | p99 gap ms | max gap ms | took s | server CPU µs/event | RSS KiB/stream | held |\n'
printf '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n'
declare -A LARGEST=([chatkit]=0 [node-sdk]=0)
for kind in chatkit node-sdk; do
  for n in $STEPS; do
    start_server "$kind"
    sleep 0.5
    base_rss=$(proc_kb "$SERVER_PID" VmRSS)
    before=$(cpu_ticks "$SERVER_PID")
    line=$("$CLIENT" --port "$SERVER_PORT" --streams "$n" --deltas "$DELTAS" --timeout 120)
    after=$(cpu_ticks "$SERVER_PID")
    peak_rss=$(proc_kb "$SERVER_PID" VmHWM)
    stop_server
    read -r _ _ _ completed _ failed _ unfinished _ deltas _ p50 _ p99 _ max _ _ _ total_s _ peak <<<"$line"
    events=$(( n * (DELTAS + 7) ))  # every stream's events: its deltas and 7 others
    cpu_us=$(awk -v t=$(( after - before )) -v hz="$TICKS" -v e="$events" 'BEGIN { printf "%.1f", t / hz * 1e6 / e }')
    rss=$(awk -v p="$peak_rss" -v b="$base_rss" -v n="$n" 'BEGIN { printf "%.0f", (p - b) / n }')
    held=no
    if [[ $completed == "$n" ]] && awk -v p="$p99" -v c="$peak" -v n="$n" 'BEGIN { exit !(p < 100 && c >= 0.9 * n) }'; then
      held=yes
      LARGEST[$kind]=$n
    fi
    printf '| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$kind" "$n" "$completed" \
      "$(( failed + unfinished ))" "$peak" "$p50" "$p99" "$max" "$total_s" "$cpu_us" "$rss" "$held"
    [[ $held == yes ]] || break
  done
done
printf '\nlargest step held (p99 gap < 100 ms, every stream whole): chatkit %s, node-sdk %s\n' \
  "${LARGEST[chatkit]}" "${LARGEST[node-sdk]}"
