#!/usr/bin/env bash
# The replicated set-up as containers, with one command (docs/DEPLOY.md "Replicas as containers"): a podman
# pod with PostgreSQL 15, REPLICAS containers of the server image (2 by default) sharing its database, a
# signing key and an attachments volume, and nginx in front balancing round robin without stickiness
# (scripts/balancer_conf.sh, as scripts/replicas.sh does with processes). Nothing is pulled from a
# registry: the PostgreSQL and nginx images are built FROM scratch out of this machine's Debian binaries
# (deploy/images/*.Containerfile), as scripts/container.sh builds the server image. Prints
#   replica N: container NAME           (one line per replica)
#   listening on http://127.0.0.1:PORT  (the balancer: open it in a browser)
# and runs until interrupted (Ctrl-C or SIGTERM), then removes every container, the pod and the volumes.
#
# Environment: REPLICAS (2, at least 2), PORT (the balancer's, 8080; 0 picks a free one), NAME (the pod's,
# and the prefix of its containers and volumes: chatkit-replicas-PID), REBUILD_IMAGES=1 (build the
# PostgreSQL and nginx images again; otherwise they are built when missing). Arguments go to every
# replica (e.g. `bash scripts/replicas_podman.sh --use-case todo`).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
source scripts/image_staging.sh
source scripts/balancer_conf.sh

replicas="${REPLICAS:-2}"
port="${PORT:-8080}"
name="${NAME:-chatkit-replicas-$$}"
if ! [[ "$replicas" =~ ^[0-9]+$ ]] || ((replicas < 2)); then
  echo "replicas_podman.sh: REPLICAS must be a number, 2 or more (got '$replicas')" >&2
  exit 2
fi
pg_bin=/usr/lib/postgresql/15/bin
server_image=localhost/chatkit-cpp:latest
postgres_image=localhost/chatkit-postgres:15
nginx_image=localhost/chatkit-nginx:latest
database=postgres://chatkit@127.0.0.1:5432/chatkit  # inside the pod: its containers share 127.0.0.1

# catatonit is what podman builds a pod's infra image from, locally.
apt_install_missing /usr/bin/podman=podman /usr/sbin/runc=runc /usr/bin/catatonit=catatonit /usr/bin/curl=curl \
  "$pg_bin/postgres=postgresql-15" /usr/sbin/nginx=nginx-light

# The server image, and the podman settings that work on this machine: both from scripts/container.sh.
if ! podman image exists "$server_image" || [[ ! -f build/container/podman.env ]]; then
  bash scripts/container.sh >&2
fi
podman_args=()
while IFS='=' read -r key value; do
  case "$key" in
    CHATKIT_PODMAN_RUNTIME) podman_args=(--runtime "$value") ;;
    CONTAINERS_CONF) export CONTAINERS_CONF="$value" ;;
  esac
done < build/container/podman.env
pm() { podman "${podman_args[@]}" "$@"; }

# PostgreSQL refuses to run as root: then its commands run as the postgres user.
as_pg() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# An empty cluster for the image, made here because initdb cannot run in a shell-less image: user and
# database chatkit, trusted on 127.0.0.1, which is all it listens on (the pod's own loopback).
stage_cluster() {
  local out="$1" tmp
  tmp="$(mktemp -d /tmp/chatkit-pg-cluster.XXXXXX)"
  [[ $(id -u) -ne 0 ]] || chown postgres "$tmp"
  # WAL segments of 1 MB: the cluster's first one is in the image, 16 MB of zeros otherwise.
  as_pg "$pg_bin/initdb" -D "$tmp/data" -U chatkit -A trust -E UTF8 --no-locale --wal-segsize=1 \
    --no-instructions >"$tmp/initdb.log" 2>&1 || { cat "$tmp/initdb.log" >&2; exit 1; }
  # No Unix socket (nothing but the pod's 127.0.0.1 reaches it), no JIT (llvmjit is left out of the image).
  printf "listen_addresses = '127.0.0.1'\nunix_socket_directories = ''\njit = off\n" |
    as_pg tee -a "$tmp/data/postgresql.conf" >/dev/null
  # initdb's database renamed rather than a new one copied from template1 (7 MB more in the image).
  echo "ALTER DATABASE postgres RENAME TO chatkit" |
    as_pg "$pg_bin/postgres" --single -D "$tmp/data" template1 >"$tmp/single.log" 2>&1 || { cat "$tmp/single.log" >&2; exit 1; }
  cp -a "$tmp/data" "$out"
  rm -rf "$tmp"
}

build_postgres_image() {
  local dir=build/images/postgres plugins plugin
  rm -rf "$dir"
  mkdir -p "$dir/rootfs/tmp" "$dir/rootfs/usr/share/postgresql"
  # Its plugins (plpgsql, the encoding conversions, the text search dictionaries…) but llvmjit, which
  # links all of LLVM.
  plugins=()
  for plugin in /usr/lib/postgresql/15/lib/*.so; do [[ "$plugin" == */llvmjit.so ]] || plugins+=("$plugin"); done
  stage_with_libraries "$dir/rootfs" "$pg_bin/postgres" "$pg_bin/pg_isready" "${plugins[@]}"
  cp -a /usr/share/postgresql/15 "$dir/rootfs/usr/share/postgresql/15"
  rm -rf "$dir/rootfs/usr/share/postgresql/15/man"
  cp -a /usr/share/zoneinfo "$dir/rootfs/usr/share/zoneinfo"
  stage_user "$dir/rootfs" postgres 10002 /var/lib/postgresql
  chmod 1777 "$dir/rootfs/tmp"
  mkdir -p "$dir/home"
  stage_cluster "$dir/home/data"
  pm image rm -i "$postgres_image" >/dev/null 2>&1 || true  # not left behind untagged
  pm build -q --format docker -t "$postgres_image" -f deploy/images/postgres.Containerfile "$dir" >/dev/null
}

build_nginx_image() {
  local dir=build/images/nginx
  rm -rf "$dir"
  mkdir -p "$dir/rootfs/tmp" "$dir/rootfs/etc/nginx"
  stage_with_libraries "$dir/rootfs" /usr/sbin/nginx
  cp /etc/nginx/mime.types "$dir/rootfs/etc/nginx/mime.types"
  stage_user "$dir/rootfs" nginx 10003 /tmp
  chmod 1777 "$dir/rootfs/tmp"
  pm image rm -i "$nginx_image" >/dev/null 2>&1 || true  # not left behind untagged
  pm build -q --format docker -t "$nginx_image" -f deploy/images/nginx.Containerfile "$dir" >/dev/null
}

if [[ "${REBUILD_IMAGES:-0}" == 1 ]] || ! pm image exists "$postgres_image"; then build_postgres_image; fi
if [[ "${REBUILD_IMAGES:-0}" == 1 ]] || ! pm image exists "$nginx_image"; then build_nginx_image; fi

state="$(mktemp -d /tmp/chatkit-replicas-podman.XXXXXX)"
stop_all() {
  # A second Ctrl-C or SIGTERM (timeout(1) and service managers send one of their own) must not cut the
  # clean-up short and leave containers behind.
  trap - EXIT
  trap '' INT TERM
  # The replicas get their shutdown grace (10 s) to end running streams; -t is above it.
  pm pod rm -f -t 15 "$name" >/dev/null 2>&1 || true
  pm volume rm -f "$name-pgdata" "$name-data" >/dev/null 2>&1 || true
  rm -rf "$state"
}
trap stop_all EXIT
trap 'exit 0' INT TERM

# Fails with the container's log when it stopped, or after `tries` tenths of a second.
wait_until() {
  local container="$1" tries="$2"
  shift 2
  until pm exec "$container" "$@" >/dev/null 2>&1; do
    if [[ "$(pm inspect "$container" --format '{{.State.Running}}')" != true ]] || ((--tries == 0)); then
      echo "replicas_podman.sh: $container did not get ready:" >&2
      pm logs "$container" >&2 || true
      exit 1
    fi
    sleep 0.1
  done
}

# Without systemd podman cannot schedule the images' health check timers and says so on each run; the
# checks still work (`podman healthcheck run NAME`): that message is dropped, anything else shown.
run_container() {
  local errors
  errors="$(pm run -d "$@" 2>&1 >/dev/null)" || { echo "$errors" >&2; return 1; }
  [[ -z "$errors" ]] || grep -v 'unable to get systemd connection' <<<"$errors" >&2 || true
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
[[ "$port" != 0 ]] || port="$(free_port)"
# One network namespace for all: only the balancer's port leaves the pod.
pm pod create --name "$name" -p "127.0.0.1:$port:8080" >/dev/null
pm volume create "$name-pgdata" >/dev/null  # a new volume starts as a copy of the image's cluster
pm volume create "$name-data" >/dev/null    # the attachments, and the server user's (10001) from the image's /data

run_container --pod "$name" --name "$name-postgres" --read-only -v "$name-pgdata:/var/lib/postgresql" \
  "$postgres_image"
wait_until "$name-postgres" 300 "$pg_bin/pg_isready" -q -h 127.0.0.1 -U chatkit

key="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
start_replica() {
  local i="$1" replica_port=$((8000 + $1))
  shift
  # The image's health check asks port 8000: each replica has a port of its own in the shared namespace.
  run_container --pod "$name" --name "$name-replica$i" --read-only -v "$name-data:/data" \
    -e CHATKIT_HOST=127.0.0.1 -e CHATKIT_PORT="$replica_port" -e CHATKIT_DB="$database" \
    -e CHATKIT_SIGNING_KEY="$key" \
    --health-cmd "[\"/app/chatkit-server\", \"--check-health\", \"http://127.0.0.1:$replica_port/readyz\"]" \
    "$server_image" "$@"
}
ready_replica() {
  wait_until "$name-replica$1" 300 /app/chatkit-server --check-health "http://127.0.0.1:$((8000 + $1))/readyz"
  echo "replica $1: container $name-replica$1"
}
# The first replica runs the migrations alone; the others start together once it is ready.
upstreams=()
start_replica 1 "$@"
ready_replica 1
for i in $(seq 2 "$replicas"); do start_replica "$i" "$@"; done
for i in $(seq 2 "$replicas"); do ready_replica "$i"; done
for i in $(seq 1 "$replicas"); do upstreams+=("127.0.0.1:$((8000 + i))"); done

balancer_conf /tmp stderr 8080 "${upstreams[@]}" >"$state/nginx.conf"
chmod 644 "$state/nginx.conf"
run_container --pod "$name" --name "$name-nginx" --read-only -v "$state/nginx.conf:/etc/nginx/nginx.conf:ro" \
  "$nginx_image"
for tries in $(seq 100 -1 0); do
  curl -fsS -o /dev/null "http://127.0.0.1:$port/readyz" 2>/dev/null && break
  if ((tries == 0)); then
    echo "replicas_podman.sh: the balancer does not answer on 127.0.0.1:$port:" >&2
    pm logs "$name-nginx" >&2 || true
    exit 1
  fi
  sleep 0.1
done
echo "listening on http://127.0.0.1:$port"
while :; do sleep 1 & wait $! || true; done
