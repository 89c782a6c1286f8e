#!/usr/bin/env bash
# Soak: the Release chatkit-server under SOAK_SECONDS of mixed traffic from bench/soak.mjs (Todo
# chats, card clicks, JSON requests, clients that vanish mid-stream, and hostile requests that each
# expect one specific refusal), its VmRSS sampled every 10 s. Then SIGTERM, which must end it
# with status 0. Fails (exit 1) on any outcome a client did not cause, a dead server or another
# exit status; prints the counts per kind, the RSS samples and their slope after warm-up.
# docs/BENCHMARKS.md records the results.
#
#   SOAK_SECONDS=60 bash bench/soak.sh     # a short trial
#   bash bench/soak.sh                     # ten minutes
#
# Environment:
#   SOAK_SECONDS  duration of the load (default 600)
#   SOAK_WORKERS  concurrent clients (default 16)
#   SOAK_WARMUP   seconds left out of the RSS slope (default 120; 20 for runs under 5 minutes)
#   SOAK_SKIP     comma-separated kinds left out (e.g. big_message; see bench/soak.mjs)
#   SOAK_MODEL    the server's --model (default offline:1: 1 ms between words, so that
#                 "count to 2000" is still streaming when a client vanishes or a second message comes)
#   SOAK_SERVER_ARGS  more chatkit-server flags (word-split), e.g. "--threads 1"
#   SOAK_KEEP     1 = keep the temporary directory (database, server log)
#   SOAK_REV      a commit (e.g. HEAD) to build instead of the working tree: it is checked out into
#                 build/soak-src (its own index; the repository's index and tree are not touched),
#                 which keeps others' unfinished edits out of the binary
#   BUILD_DIR     build directory (default build/bench-release, or build/soak-release with
#                 SOAK_REV), configured as Release if new
#   SKIP_BUILD    1 = use the binary already in BUILD_DIR
#   JOBS          build parallelism (default 1: the machine is shared)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
cd "$ROOT"
SOURCE_DIR=$ROOT
if [[ -n "${SOAK_REV:-}" ]]; then
  BUILD_DIR=${BUILD_DIR:-build/soak-release}
  SOURCE_DIR=$ROOT/build/soak-src
else
  BUILD_DIR=${BUILD_DIR:-build/bench-release}
fi
case "$BUILD_DIR" in /*) ;; *) BUILD_DIR="$ROOT/$BUILD_DIR" ;; esac
JOBS=${JOBS:-1}
export SOAK_SECONDS=${SOAK_SECONDS:-600}
SOAK_MODEL=${SOAK_MODEL:-offline:1}
export SOAK_HEADER_TIMEOUT=2
SERVER="$BUILD_DIR/server/chatkit-server"

# Checks SOAK_REV out into SOURCE_DIR. read-tree -m -u rewrites only the files that differ from the
# last checkout there, so the build recompiles only what changed.
checkout_rev() {
  local commit index=$SOURCE_DIR.index
  commit=$(git -C "$ROOT" rev-parse --verify "$SOAK_REV^{commit}")
  mkdir -p "$SOURCE_DIR"
  local git=(env GIT_INDEX_FILE="$index" git -C "$ROOT" --work-tree="$SOURCE_DIR")
  if [[ -f "$index" ]] && "${git[@]}" update-index -q --refresh >/dev/null &&
     "${git[@]}" read-tree -m -u "$commit"; then
    :
  else
    log "checking $SOAK_REV out afresh into $SOURCE_DIR"
    rm -f "$index"
    "${git[@]}" read-tree "$commit"
    "${git[@]}" checkout-index -a -f -u
  fi
  echo "$commit" >"$SOURCE_DIR.commit"
  log "building commit $(git -C "$ROOT" log -1 --format='%h %s' "$commit" | cut -c1-100)"
}

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  [[ -n "${SOAK_REV:-}" ]] && checkout_rev
  if [[ ! -f "$BUILD_DIR/CMakeCache.txt" ]]; then
    log "configuring $BUILD_DIR (Release)"
    cmake -G Ninja -S "$SOURCE_DIR" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
  fi
  type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$BUILD_DIR/CMakeCache.txt")
  [[ "$type" == Release ]] || log "warning: $BUILD_DIR is a '$type' build, not Release"
  log "building chatkit-server in $BUILD_DIR (-j$JOBS)"
  cmake --build "$BUILD_DIR" --target chatkit-server -j"$JOBS"
fi
[[ -x "$SERVER" ]] || { echo "no $SERVER" >&2; exit 1; }
command -v node >/dev/null || { echo "node (20) is needed for bench/soak.mjs" >&2; exit 1; }
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

TMP=$(mktemp -d /tmp/chatkit-soak.XXXXXX)
mkdir -p "$TMP/web"
if [[ "${SOAK_KEEP:-0}" == 1 ]]; then KEPT=$TMP; TMP=""; else KEPT=""; fi
DIR=${KEPT:-$TMP}

read -ra EXTRA_ARGS <<<"${SOAK_SERVER_ARGS:-}"
log "starting chatkit-server (--model $SOAK_MODEL, --use-case todo, --header-timeout $SOAK_HEADER_TIMEOUT ${SOAK_SERVER_ARGS:-}, SQLite in $DIR)"
"$SERVER" --host 127.0.0.1 --port 0 --db "$DIR/chatkit.db" --web "$DIR/web" --model "$SOAK_MODEL" \
  --use-case todo --header-timeout "$SOAK_HEADER_TIMEOUT" --log-level warn "${EXTRA_ARGS[@]}" >"$DIR/server.out" 2>"$DIR/server.err" &
SERVER_PID=$!
PIDS+=("$SERVER_PID")

URL=$(wait_for_url "$DIR/server.out" "$SERVER_PID" "$DIR/server.err") || exit 1
log "server $SERVER_PID at $URL; load for $SOAK_SECONDS s"

driver=0
node "$ROOT/bench/soak.mjs" "$URL" "$SERVER_PID" || driver=$?

crashes=0
if kill -0 "$SERVER_PID" 2>/dev/null; then
  kill -TERM "$SERVER_PID"
  status=0
  wait "$SERVER_PID" || status=$?
  PIDS=()
  if [[ $status -ne 0 ]]; then
    crashes=1
    log "chatkit-server exited with status $status on SIGTERM (want 0)"
  fi
else
  crashes=1
  status=0
  wait "$SERVER_PID" || status=$?
  PIDS=()
  log "chatkit-server died during the soak (status $status)"
fi

errors=$(grep -c '"level":"error"' "$DIR/server.err" || true)
echo
if [[ -n "${SOAK_REV:-}" && -f "$SOURCE_DIR.commit" ]]; then
  echo "Server: $SERVER, built from commit $(cut -c1-12 "$SOURCE_DIR.commit")"
else
  echo "Server: $SERVER, built from the working tree (HEAD $(git -C "$ROOT" rev-parse --short=12 HEAD))"
fi
echo "Crashes: $crashes (server exit status on SIGTERM: ${status})"
echo "Server log: $(wc -l <"$DIR/server.err") lines at warn or above, $errors at error"
head -5 "$DIR/server.err"
[[ -n "$KEPT" ]] && log "kept $KEPT"
[[ $driver -eq 0 && $crashes -eq 0 && $errors -eq 0 ]]
