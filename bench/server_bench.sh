#!/usr/bin/env bash
# Server benchmark: threads.create under wrk, side by side with nginx serving the same bytes as a
# static file; then the same on PostgreSQL, one instance and two behind nginx (bench/pg_lib.sh);
# then the SQLite store alone (store_bench); then idle streams (bench/idle_streams.sh).
# A benchmark, not a test: it prints figures and Markdown tables, and judges nothing.
# docs/BENCHMARKS.md records the results.
#
#   bash bench/server_bench.sh
#
# Environment:
#   BUILD_DIR   build directory (default build/release); configured as Release if it has no cache
#   SKIP_BUILD  1 = use the binaries already in BUILD_DIR
#   JOBS        build parallelism (default 1: the machine is shared)
#   DURATION    wrk duration per run (default 10s)
#   CONNS       wrk connection counts (default "16 64")
#   WRK_THREADS wrk threads (default 2)
#   PG          0 = skip the PostgreSQL runs (default 1; needs postgresql-15, as scripts/setup.sh installs)
#   PG_POOL     --db-pool of the PostgreSQL instances (default 4)
#   STORE       0 = skip the store's floor (bench/store_bench.cpp; default 1)
#   IDLE        0 = skip the idle-streams part (default 1)
#   IDLE_N      idle streams to open (default 10000); see bench/idle_streams.sh
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
cd "$ROOT"
BUILD_DIR=${BUILD_DIR:-build/release}
case "$BUILD_DIR" in /*) ;; *) BUILD_DIR="$ROOT/$BUILD_DIR" ;; esac
JOBS=${JOBS:-1}
DURATION=${DURATION:-10s}
CONNS=${CONNS:-16 64}
WRK_THREADS=${WRK_THREADS:-2}
SERVER="$BUILD_DIR/server/chatkit-server"
BODY='{"type":"threads.create","params":{"input":{"content":[{"type":"input_text","text":"hello"}],"attachments":[],"inference_options":{}}}}'


# --- tools -------------------------------------------------------------------------------------
install_tools() {
  local missing=()
  for pkg in wrk nginx-light curl; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  # nginx-light may be absent while another nginx flavour provides the binary: that one will do.
  if [[ " ${missing[*]-} " == *" nginx-light "* ]] && command -v nginx >/dev/null 2>&1; then
    missing=("${missing[@]/nginx-light/}")
  fi
  local wanted=()
  for pkg in "${missing[@]-}"; do [[ -n "$pkg" ]] && wanted+=("$pkg"); done
  [[ ${#wanted[@]} -eq 0 ]] && return 0
  log "installing ${wanted[*]}"
  local sudo=()
  [[ $(id -u) -ne 0 ]] && sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${wanted[@]}"
}

# --- build -------------------------------------------------------------------------------------
build() {
  if [[ "${SKIP_BUILD:-0}" == 1 ]]; then
    [[ -x "$SERVER" ]] || { echo "no $SERVER (SKIP_BUILD=1)" >&2; exit 1; }
    return 0
  fi
  if [[ ! -f "$BUILD_DIR/CMakeCache.txt" ]]; then
    log "configuring $BUILD_DIR (Release)"
    cmake -G Ninja -S "$ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
  fi
  local type
  type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$BUILD_DIR/CMakeCache.txt")
  [[ "$type" == Release ]] || log "warning: $BUILD_DIR is a '$type' build, not Release"
  log "building chatkit-server, store_bench and idle_streams in $BUILD_DIR (-j$JOBS)"
  cmake --build "$BUILD_DIR" --target chatkit-server store_bench idle_streams -j"$JOBS"
}

# --- processes ---------------------------------------------------------------------------------

children_of() {
  local p
  for p in /proc/[0-9]*; do
    [[ "$(awk '$1 == "PPid:" { print $2 }' "$p/status" 2>/dev/null)" == "$1" ]] && echo "${p#/proc/}"
  done
  return 0
}
# Summed field over a process and its children (nginx: master + workers).
tree_kb() {
  local total sum=0 p
  for p in "$2" $(children_of "$2"); do
    total=$(proc_kb "$p" "$1" 2>/dev/null || echo 0)
    sum=$((sum + ${total:-0}))
  done
  echo "$sum"
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Starts nginx (master_process on, daemon off) in the background; sets NGINX_PID and NGINX_URL.
start_nginx() {
  local prefix=$TMP/nginx port attempt
  mkdir -p "$prefix/logs"
  for attempt in 1 2 3 4 5 6 7 8; do
    port=$((20000 + RANDOM % 20000))
    port_free "$port" || continue
    cat >"$prefix/nginx.conf" <<EOF
daemon off;
master_process on;
worker_processes auto;
pid $prefix/nginx.pid;
error_log $prefix/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path $prefix/client_body;
  proxy_temp_path $prefix/proxy;
  fastcgi_temp_path $prefix/fastcgi;
  server {
    listen 127.0.0.1:$port;
    root $TMP/static;
    location / { default_type text/event-stream; }
  }
}
EOF
    nginx -p "$prefix" -c "$prefix/nginx.conf" -e "$prefix/logs/error.log" >"$prefix/logs/stdout" 2>&1 &
    NGINX_PID=$!
    PIDS+=("$NGINX_PID")
    for _ in $(seq 1 100); do
      if curl -fsS -o /dev/null "http://127.0.0.1:$port/threads_create.body" 2>/dev/null; then
        NGINX_URL="http://127.0.0.1:$port"
        return 0
      fi
      kill -0 "$NGINX_PID" 2>/dev/null || break
      sleep 0.05
    done
    kill -TERM "$NGINX_PID" 2>/dev/null || true
    wait "$NGINX_PID" 2>/dev/null || true
    log "nginx did not start on port $port (attempt $attempt)"
    cat "$prefix/logs/error.log" >&2 2>/dev/null || true
  done
  echo "could not start nginx" >&2
  return 1
}

# wrk output → "rps p50_ms p99_ms errors"
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    printf "%.2f", n }'
}
parse_wrk() {
  local file=$1 rps p50 p99 errors
  rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$file")
  p50=$(to_ms "$(awk '$1 == "50%" { print $2; exit }' "$file")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2; exit }' "$file")")
  errors=$(awk '/Non-2xx or 3xx responses:/ { n += $NF }
                /Socket errors:/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 }
                END { print n + 0 }' "$file")
  echo "$rps $p50 $p99 $errors"
}

TICK_SECONDS=$(awk -v t="$(getconf CLK_TCK)" 'BEGIN { print 1 / t }')
# CPU time in clock ticks: a process and its children (nginx: master + workers).
cpu_ticks() {
  local sum=0 p
  for p in "$1" $(children_of "$1"); do
    sum=$((sum + $(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0)))
  done
  echo "$sum"
}
# The CPU this shell's finished children have used, in seconds: bash's `times` (second line),
# run in this shell (in a $(...) subshell it would report the subshell's children).
children_cpu_seconds() {
  times >"$TMP/times"
  awk 'NR == 2 {
    n = 0
    for (i = 1; i <= 2; ++i) { split($i, t, "m"); sub(/s$/, "", t[2]); n += t[1] * 60 + t[2] }
    printf "%.3f", n }' "$TMP/times"
}
# wrk's "N requests in T" → N
requests_done() { awk '/ requests in / { print $1; exit }' "$1"; }
# CPU microseconds per request: ticks or seconds spent / requests done.
micros_per_request() {
  awk -v cpu="$1" -v unit="$2" -v n="$3" 'BEGIN { if (n > 0) printf "%.0f", cpu * unit * 1e6 / n; else print "n/a" }'
}
# Runs wrk (arguments as given) with its report in $1; sets SERVER_US and WRK_US, the CPU
# microseconds per request spent by server process $2 (with its children) and by wrk itself.
measured_wrk() {
  local report=$1 server=$2 ticks_before requests
  shift 2
  ticks_before=$(cpu_ticks "$server")
  children_cpu_seconds >"$TMP/wrk_before"
  wrk "$@" | tee "$report" >&2
  requests=$(requests_done "$report")
  SERVER_US=$(micros_per_request "$(($(cpu_ticks "$server") - ticks_before))" "$TICK_SECONDS" "$requests")
  children_cpu_seconds >"$TMP/wrk_after"
  WRK_US=$(micros_per_request "$(awk 'NR == FNR { before = $1; next } { print $1 - before }' "$TMP/wrk_before" "$TMP/wrk_after")" 1 "$requests")
}

# A counter from chatkit-server's /metrics.
metric() { curl -fsS "$CHATKIT_URL/metrics" | awk -v name="$1" '$1 == name { print $2 }'; }

# --- run ---------------------------------------------------------------------------------------
install_tools
build
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

TMP=$(mktemp -d /tmp/chatkit-server-bench.XXXXXX)
chmod 755 "$TMP"  # nginx workers may run as another user when started as root
mkdir -p "$TMP/static" "$TMP/data"

log "starting chatkit-server (--model bench:20, SQLite in $TMP/data)"
"$SERVER" --host 127.0.0.1 --port 0 --db "$TMP/data/chatkit.db" --web "$TMP/static" \
  --model bench:20 --log-level warn >"$TMP/server.out" 2>"$TMP/server.out.err" &
SERVER_PID=$!
PIDS+=("$SERVER_PID")
CHATKIT_URL=$(wait_for_url "$TMP/server.out" "$SERVER_PID")

# One real response body, byte for byte, becomes nginx's static file.
curl -fsS -X POST -H 'Content-Type: application/json' --data-binary "$BODY" \
  -o "$TMP/static/threads_create.body" "$CHATKIT_URL/chatkit"
chmod 644 "$TMP/static/threads_create.body"
BODY_BYTES=$(wc -c <"$TMP/static/threads_create.body")
BODY_EVENTS=$(grep -c '^data: ' "$TMP/static/threads_create.body" || true)
log "one threads.create response: $BODY_BYTES bytes, $BODY_EVENTS events"

start_nginx
log "nginx at $NGINX_URL (master $NGINX_PID, workers: $(children_of "$NGINX_PID" | tr '\n' ' '))"

cat >"$TMP/post.lua" <<EOF
wrk.method = "POST"
wrk.body = '$BODY'
wrk.headers["Content-Type"] = "application/json"
EOF

# Short warm-up for both (not measured).
wrk -t1 -c4 -d1s -s "$TMP/post.lua" "$CHATKIT_URL/chatkit" >/dev/null
wrk -t1 -c4 -d1s "$NGINX_URL/threads_create.body" >/dev/null

ROWS=()
for c in $CONNS; do
  log "wrk -t$WRK_THREADS -c$c -d$DURATION: chatkit"
  commits_before=$(metric chatkit_store_commits_total) writes_before=$(metric chatkit_store_writes_total)
  measured_wrk "$TMP/wrk-chatkit-$c.txt" "$SERVER_PID" \
    -t"$WRK_THREADS" -c"$c" -d"$DURATION" --latency -s "$TMP/post.lua" "$CHATKIT_URL/chatkit"
  ck_cpu=$SERVER_US ck_wrk=$WRK_US
  ck_batch=$(awk -v c="$(($(metric chatkit_store_commits_total) - commits_before))" \
                 -v w="$(($(metric chatkit_store_writes_total) - writes_before))" \
                 'BEGIN { if (c > 0) printf "%.1f", w / c; else print "n/a" }')
  read -r ck_rps ck_p50 ck_p99 ck_err < <(parse_wrk "$TMP/wrk-chatkit-$c.txt")
  ck_hwm=$(proc_kb "$SERVER_PID" VmHWM)

  log "wrk -t$WRK_THREADS -c$c -d$DURATION: nginx"
  measured_wrk "$TMP/wrk-nginx-$c.txt" "$NGINX_PID" \
    -t"$WRK_THREADS" -c"$c" -d"$DURATION" --latency "$NGINX_URL/threads_create.body"
  ng_cpu=$SERVER_US ng_wrk=$WRK_US
  read -r ng_rps ng_p50 ng_p99 ng_err < <(parse_wrk "$TMP/wrk-nginx-$c.txt")
  ng_hwm=$(tree_kb VmHWM "$NGINX_PID")

  ratio=$(awk -v a="$ck_rps" -v b="$ng_rps" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')
  ROWS+=("| $c | chatkit | $ck_rps | $ck_p50 | $ck_p99 | $ck_err | $((ck_hwm / 1024)) | $ck_cpu | $ck_wrk | $ck_batch | $ratio |")
  ROWS+=("| $c | nginx | $ng_rps | $ng_p50 | $ng_p99 | $ng_err | $((ng_hwm / 1024)) | $ng_cpu | $ng_wrk | | |")
done

if command -v sqlite3 >/dev/null 2>&1; then
  THREADS_IN_DB=$(sqlite3 "$TMP/data/chatkit.db" 'SELECT count(*) FROM threads;' 2>/dev/null || echo "?")
else
  THREADS_IN_DB="(not counted: no sqlite3 CLI)"
fi

echo
echo "### threads.create under wrk, against nginx ($(date -u +%Y-%m-%d), $(nproc) cores)"
echo
echo "Body: $BODY_BYTES bytes, $BODY_EVENTS SSE events (chatkit: chunked; nginx: the same bytes, Content-Length)."
echo "wrk -t$WRK_THREADS -d$DURATION --latency; chatkit --model bench:20 --log-level warn, SQLite on, default threads."
echo
echo "| conns | server | req/s | p50 ms | p99 ms | errors | peak RSS MiB | server CPU µs/req | wrk CPU µs/req | writes/commit | req/s chatkit/nginx |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${ROWS[@]}"
echo
echo "Threads in the chatkit DB after the runs: $THREADS_IN_DB"
echo "Peak RSS is VmHWM since start (cumulative over the runs; nginx: master + workers summed)."
echo "CPU µs/req: user + system time over the wrk run divided by the requests wrk completed (the"
echo "server with all its threads, nginx with its workers; wrk's own in the next column). On $(nproc) cores"
echo "shared by both, req/s can never exceed $(nproc) s / (server + wrk CPU per request)."
echo "writes/commit: store writes per group commit (/metrics); a request makes two. bench/store_bench"
echo "gives the store's own CPU per request at that batch size."

# The wrk servers are done: stop them before the next parts need the cores.
cleanup
PIDS=()
TMP=""

# --- PostgreSQL: the same load on one instance, and on two behind nginx (round robin) ----------
# CPU per request of several processes (each with its children) and of PostgreSQL, and wrk's own.
measured_wrk_many() {
  local report=$1 pids=$2 pg=$3 before_ticks=0 after_ticks=0 pg_before requests p
  shift 3
  for p in $pids; do before_ticks=$((before_ticks + $(cpu_ticks "$p"))); done
  pg_before=$(cpu_ticks "$pg")
  children_cpu_seconds >"$TMP/wrk_before"
  wrk "$@" | tee "$report" >&2
  requests=$(requests_done "$report")
  for p in $pids; do after_ticks=$((after_ticks + $(cpu_ticks "$p"))); done
  SERVER_US=$(micros_per_request "$((after_ticks - before_ticks))" "$TICK_SECONDS" "$requests")
  PG_US=$(micros_per_request "$(($(cpu_ticks "$pg") - pg_before))" "$TICK_SECONDS" "$requests")
  children_cpu_seconds >"$TMP/wrk_after"
  WRK_US=$(micros_per_request "$(awk 'NR == FNR { before = $1; next } { print $1 - before }' "$TMP/wrk_before" "$TMP/wrk_after")" 1 "$requests")
}

# Starts chatkit-server on $PG_URI as instance $1; sets LAST_PID and LAST_URL.
start_pg_server() {
  "$SERVER" --host 127.0.0.1 --port 0 --db "$PG_URI" --db-pool "${PG_POOL:-4}" --web "$TMP/static" \
    --attachments-dir "$TMP/attachments-$1" --signing-key "bench-signing-key-shared-by-every-instance" \
    --model bench:20 --log-level warn >"$TMP/$1.out" 2>"$TMP/$1.out.err" &
  LAST_PID=$!
  PIDS+=("$LAST_PID")
  LAST_URL=$(wait_for_url "$TMP/$1.out" "$LAST_PID")
}

# wrk at each of $CONNS against URL $2, the servers being PIDs $3; rows named $1 into PG_ROWS.
pg_runs() {
  local name=$1 url=$2 pids=$3 c rps p50 p99 err
  wrk -t1 -c4 -d1s -s "$TMP/post.lua" "$url/chatkit" >/dev/null  # warm-up, not measured
  for c in $CONNS; do
    log "wrk -t$WRK_THREADS -c$c -d$DURATION: $name"
    measured_wrk_many "$TMP/wrk-${name// /_}-$c.txt" "$pids" "$PG_PID" \
      -t"$WRK_THREADS" -c"$c" -d"$DURATION" --latency -s "$TMP/post.lua" "$url/chatkit"
    read -r rps p50 p99 err < <(parse_wrk "$TMP/wrk-${name// /_}-$c.txt")
    PG_ROWS+=("| $name | $c | $rps | $p50 | $p99 | $err | $SERVER_US | $PG_US | $WRK_US |")
  done
}

if [[ "${PG:-1}" != 0 ]]; then
  # shellcheck source=bench/pg_lib.sh
  source "$ROOT/bench/pg_lib.sh"
  TMP=$(mktemp -d /tmp/chatkit-pg-bench.XXXXXX)
  chmod 755 "$TMP"
  mkdir -p "$TMP/static"
  printf 'wrk.method = "POST"\nwrk.body = %s\nwrk.headers["Content-Type"] = "application/json"\n' "'$BODY'" >"$TMP/post.lua"
  log "starting PostgreSQL 15 in $TMP/pg (Unix socket, synchronous_commit=off)"
  start_postgres
  PG_ROWS=()
  start_pg_server one
  FIRST_PID=$LAST_PID FIRST_URL=$LAST_URL
  pg_runs "PostgreSQL, 1 instance" "$FIRST_URL" "$FIRST_PID"
  start_pg_server two
  start_balancer "$FIRST_URL" "$LAST_URL"
  pg_runs "PostgreSQL, 2 instances + nginx" "$BALANCER_URL" "$FIRST_PID $LAST_PID $BALANCER_PID"
  THREADS_IN_PG=$("$PG_BIN/psql" -h "$TMP/pg" -U chatkit -d chatkit -tAc 'SELECT count(*) FROM threads' 2>/dev/null || echo "?")

  echo
  echo "### threads.create on PostgreSQL ($(date -u +%Y-%m-%d), $(nproc) cores, the same run as the SQLite table above)"
  echo
  echo "PostgreSQL 15 on a Unix socket (synchronous_commit=off), --db-pool ${PG_POOL:-4}, default threads;"
  echo "wrk -t$WRK_THREADS -d$DURATION --latency, the same body. Server CPU: every chatkit-server (and the"
  echo "balancer's nginx); PostgreSQL CPU: the postmaster and its backends."
  echo
  echo "| setup | conns | req/s | p50 ms | p99 ms | errors | server CPU µs/req | PostgreSQL CPU µs/req | wrk CPU µs/req |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  printf '%s\n' "${PG_ROWS[@]}"
  echo
  echo "Threads in PostgreSQL after the runs: $THREADS_IN_PG"
  cleanup
  stop_postgres
  PIDS=()
  rm -rf "$TMP"
  TMP=""
fi

if [[ "${STORE:-1}" != 0 ]]; then
  echo
  echo "### The SQLite store alone: the rows of one threads.create request (bench/store_bench.cpp)"
  echo
  TMP=$(mktemp -d /tmp/chatkit-store-bench.XXXXXX)
  "$BUILD_DIR/bench/store_bench" "$TMP" 50000
  cleanup
  TMP=""
fi

if [[ "${IDLE:-1}" != 0 ]]; then
  echo
  SKIP_BUILD=1 BUILD_DIR="$BUILD_DIR" bash "$ROOT/bench/idle_streams.sh"
fi
