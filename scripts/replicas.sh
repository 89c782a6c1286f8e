#!/usr/bin/env bash
# Several chatkit-server replicas on one PostgreSQL behind nginx, on this machine, with one command
# (docs/DEPLOY.md "Replicas on one machine"): a throwaway PostgreSQL 15 cluster on a Unix socket,
# REPLICAS servers (3 by default) on loopback ports sharing its database, a signing key and an
# attachments directory, and nginx in front balancing round robin without stickiness. Prints
#   replica N: pid PID port PORT        (one line per replica)
#   listening on http://127.0.0.1:PORT  (the balancer: open it in a browser)
# and runs until interrupted (Ctrl-C or SIGTERM), then stops everything and removes its state.
#
# Environment: REPLICAS (3), PORT (the balancer's, 8080; 0 picks a free one), SERVER (the binary,
# build/release/server/chatkit-server, built when missing), WEB (build/web), STATE_DIR (a new temp
# dir). Arguments go to every replica (e.g. `bash scripts/replicas.sh --use-case todo`).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
source scripts/balancer_conf.sh

replicas="${REPLICAS:-3}"
port="${PORT:-8080}"
server="${SERVER:-$root/build/release/server/chatkit-server}"
web="${WEB:-$root/build/web}"
pg_bin=/usr/lib/postgresql/15/bin

need_packages=()
[ -x "$pg_bin/initdb" ] || need_packages+=(postgresql-15)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need_packages+=(nginx-light)
if [ "${#need_packages[@]}" -gt 0 ]; then
  sudo_cmd=(); [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get install -y --no-install-recommends "${need_packages[@]}" >&2
fi
if [ ! -x "$server" ] || [ ! -f "$web/index.html" ]; then
  bash scripts/run.sh --version >/dev/null  # builds the Release server and the web folder
fi

state="${STATE_DIR:-$(mktemp -d /tmp/chatkit-replicas.XXXXXX)}"
mkdir -p "$state"
chmod 755 "$state"
pids=()
# PostgreSQL refuses to run as root: then its commands run as the postgres user.
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

stop_all() {
  # A second Ctrl-C or SIGTERM must not cut the clean-up short and leave processes behind.
  trap - EXIT
  trap '' INT TERM
  [ -f "$state/nginx.pid" ] && kill -QUIT "$(cat "$state/nginx.pid")" 2>/dev/null || true
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  as_pg "$pg_bin/pg_ctl" -D "$state/pg" -m fast stop >/dev/null 2>&1 || true
  [ -n "${STATE_DIR:-}" ] || rm -rf "$state"
}
trap stop_all EXIT
trap 'exit 0' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# The database: a cluster of its own, listening only on a socket in the state directory.
mkdir -p "$state/pg" "$state/socket"
[ "$(id -u)" -ne 0 ] || chown postgres "$state/pg" "$state/socket"
as_pg "$pg_bin/initdb" -D "$state/pg" -A trust -U chatkit >"$state/initdb.log" 2>&1
as_pg "$pg_bin/pg_ctl" -D "$state/pg" -o "-k $state/socket -c listen_addresses=''" -l "$state/pg/server.log" -w start >/dev/null
as_pg "$pg_bin/createdb" -h "$state/socket" -U chatkit chatkit
database="postgresql://chatkit@/chatkit?host=$state/socket"

# The replicas: the same database, signing key and attachments directory.
key="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
mkdir -p "$state/attachments"
upstreams=()
for i in $(seq 1 "$replicas"); do
  "$server" --host 127.0.0.1 --port 0 --db "$database" --web "$web" --attachments-dir "$state/attachments" \
    --signing-key "$key" "$@" >"$state/replica$i.out" 2>"$state/replica$i.log" &
  pids+=("$!")
  for _ in $(seq 1 200); do
    grep -q '^listening on ' "$state/replica$i.out" 2>/dev/null && break
    kill -0 "${pids[-1]}" 2>/dev/null || { cat "$state/replica$i.log" >&2; exit 1; }
    sleep 0.05
  done
  replica_port="$(sed -n 's|^listening on http://127.0.0.1:\([0-9]*\)$|\1|p' "$state/replica$i.out")"
  [ -n "$replica_port" ] || { echo "replica $i did not start" >&2; cat "$state/replica$i.log" >&2; exit 1; }
  upstreams+=("127.0.0.1:$replica_port")
  echo "replica $i: pid ${pids[-1]} port $replica_port"
done

# The balancer (scripts/balancer_conf.sh): round robin, SSE unbuffered, a dead replica skipped.
[ "$port" != 0 ] || port="$(free_port)"
balancer_conf "$state" "$state/nginx-error.log" "127.0.0.1:$port" "${upstreams[@]}" >"$state/nginx.conf"
/usr/sbin/nginx -p "$state" -c "$state/nginx.conf"
echo "listening on http://127.0.0.1:$port"
while :; do sleep 1 & wait $! || true; done
