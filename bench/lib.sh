# Shared by the server benchmarks (sourced): logging, the processes a run started and their
# cleanup on exit, the server's listening line, and /proc memory figures.
log() { printf '== %s\n' "$*" >&2; }

TMP=""
PIDS=()
# Stops every process in PIDS (TERM, then KILL after 15 s) and removes TMP.
cleanup() {
  local pid
  for pid in "${PIDS[@]-}"; do
    if [[ -n "$pid" ]]; then kill -TERM "$pid" 2>/dev/null || true; fi
  done
  for pid in "${PIDS[@]-}"; do
    [[ -n "$pid" ]] || continue
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  [[ -n "$TMP" && -d "$TMP" ]] && rm -rf "$TMP"
  return 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# kB of a /proc/PID/status field (VmHWM, VmRSS).
proc_kb() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"; }

# Waits for the server's "listening on http://HOST:PORT" line in OUT while PID lives; prints the
# URL. When it never comes, prints OUT and ERR (the server's stderr) and returns 1.
wait_for_url() {
  local out=$1 pid=$2 err=${3:-$1.err} url=""
  for _ in $(seq 1 200); do
    url=$(sed -n 's/^listening on \(http:[^ ]*\)$/\1/p' "$out" | head -1)
    [[ -n "$url" ]] && { echo "$url"; return 0; }
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  echo "chatkit-server did not start:" >&2
  cat "$out" "$err" >&2 2>/dev/null || true
  return 1
}
