# PostgreSQL for the server benchmark (sourced by bench/server_bench.sh): a throwaway PostgreSQL 15
# cluster on a Unix socket in $TMP, and nginx as a round-robin balancer in front of instances.

PG_BIN=/usr/lib/postgresql/15/bin

# PostgreSQL refuses to run as root: as root, its commands run as the `postgres` user.
as_pg_owner() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# Starts a cluster in $TMP/pg (synchronous_commit=off: a commit does not wait for its WAL flush,
# which is what SQLite's WAL with synchronous=NORMAL does too); sets PG_URI and PG_PID.
start_postgres() {
  local dir=$TMP/pg
  mkdir -p "$dir"
  [[ $(id -u) -eq 0 ]] && chown postgres "$dir"
  as_pg_owner "$PG_BIN/initdb" -D "$dir/data" -A trust -U chatkit >"$dir/initdb.log" 2>&1
  as_pg_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
    -o "-k $dir -c listen_addresses='' -c synchronous_commit=off -c max_connections=200" start >/dev/null
  PG_PID=$(head -1 "$dir/data/postmaster.pid")
  as_pg_owner "$PG_BIN/createdb" -h "$dir" -U chatkit chatkit
  PG_URI="postgresql://chatkit@/chatkit?host=$dir"
}

stop_postgres() {
  [[ -n "${TMP:-}" && -d "$TMP/pg/data" ]] || return 0
  as_pg_owner "$PG_BIN/pg_ctl" -D "$TMP/pg/data" -m fast stop >/dev/null 2>&1 || true
}

# Starts nginx proxying to the given chatkit-server URLs, round robin, with kept-alive upstream
# connections and no buffering (SSE); sets BALANCER_PID and BALANCER_URL.
start_balancer() {
  local prefix=$TMP/balancer port servers="" url
  mkdir -p "$prefix/logs"
  for url in "$@"; do servers+="    server ${url#http://};"$'\n'; done
  for _ in 1 2 3 4 5 6 7 8; do
    port=$((20000 + RANDOM % 20000))
    port_free "$port" || continue
    cat >"$prefix/nginx.conf" <<CONF
daemon off;
master_process on;
worker_processes auto;
pid $prefix/nginx.pid;
error_log $prefix/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path $prefix/client_body;
  proxy_temp_path $prefix/proxy;
  upstream chatkit {
$servers    keepalive 128;
  }
  server {
    listen 127.0.0.1:$port;
    location / {
      proxy_pass http://chatkit;
      proxy_http_version 1.1;
      proxy_set_header Host \$http_host;
      proxy_set_header Connection "";
      proxy_buffering off;
    }
  }
}
CONF
    nginx -p "$prefix" -c "$prefix/nginx.conf" -e "$prefix/logs/error.log" >"$prefix/logs/stdout" 2>&1 &
    BALANCER_PID=$!
    PIDS+=("$BALANCER_PID")
    for _ in $(seq 1 100); do
      if curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null; then
        BALANCER_URL="http://127.0.0.1:$port"
        return 0
      fi
      kill -0 "$BALANCER_PID" 2>/dev/null || break
      sleep 0.05
    done
    kill -TERM "$BALANCER_PID" 2>/dev/null || true
    wait "$BALANCER_PID" 2>/dev/null || true
  done
  echo "could not start the balancer" >&2
  return 1
}
