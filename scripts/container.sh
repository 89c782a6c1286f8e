#!/usr/bin/env bash
# Builds the server image localhost/chatkit-cpp:latest with podman from the Release build (Containerfile).
# Installs podman and runc when missing, builds what the image needs (the Release server; the web
# folder when build/web is missing), stages the image's root filesystem in build/container/rootfs
# (the binary, the shared libraries ldd finds for it, CA certificates, the web folder, a passwd entry
# for user chatkit, 10001), and finds out how podman can run containers on this machine:
# build/container/podman.env gets the runtime and containers.conf that work (see docs/DEPLOY.md).
# Usage: bash scripts/container.sh [--tag NAME]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
source scripts/image_staging.sh
tag="localhost/chatkit-cpp:latest"
if [[ "${1:-}" == "--tag" ]]; then tag="$2"; fi

apt_install_missing /usr/bin/podman=podman /usr/sbin/runc=runc

export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}" CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=true
if [[ ! -x build/release/server/chatkit-server ]] || [[ "${CHATKIT_CONTAINER_REBUILD:-1}" == 1 ]]; then
  cmake -G Ninja -S . -B build/release -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build/release --target chatkit-server
fi
if [[ ! -f build/web/chatkit.js ]]; then
  cmake -G Ninja -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release -DCMAKE_TOOLCHAIN_FILE="$root/toolchains/emscripten.cmake" >/dev/null
  cmake --build build/wasm
  bash scripts/build_web.sh build/wasm/wasm build/web
fi

out=build/container
rootfs="$out/rootfs"
rm -rf "$rootfs"
rm -rf "$out/data"
mkdir -p "$rootfs"/{app,etc/ssl/certs,tmp} "$out/data"
echo "chatkit-server keeps its database, signing key and attachments here: mount a volume." > "$out/data/README"
install -m 0755 build/release/server/chatkit-server "$rootfs/app/chatkit-server"
strip --strip-unneeded "$rootfs/app/chatkit-server"
stage_libraries_of "$rootfs" build/release/server/chatkit-server
cp -L /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
cp -r build/web "$rootfs/app/web"
stage_user "$rootfs" chatkit 10001 /data
chmod 1777 "$rootfs/tmp"
cp Containerfile "$out/Containerfile"

# How podman runs containers here: crun fails on hybrid cgroups (use runc), and where the default
# ulimits cannot be set, a containers.conf without them. Each is chosen only when the plain way fails.
conf="$root/$out/containers.conf"
printf '[containers]\ndefault_ulimits = []\n' > "$conf"
podman build -q --format docker -t "$tag" -f "$out/Containerfile" "$out" >/dev/null
env_file="$out/podman.env"
: > "$env_file"
for runtime in "" runc; do
  for containers_conf in "" "$conf"; do
    args=(); [[ -n "$runtime" ]] && args=(--runtime "$runtime")
    if CONTAINERS_CONF="${containers_conf:-${CONTAINERS_CONF:-}}" podman "${args[@]}" run --rm "$tag" --version >/dev/null 2>&1; then
      [[ -n "$runtime" ]] && echo "CHATKIT_PODMAN_RUNTIME=$runtime" >> "$env_file"
      [[ -n "$containers_conf" ]] && echo "CONTAINERS_CONF=$containers_conf" >> "$env_file"
      size=$(podman image inspect "$tag" --format '{{.Size}}')
      echo "built $tag ($((size / 1000000)) MB); podman settings in $env_file:"
      cat "$env_file"
      exit 0
    fi
  done
done
echo "container.sh: podman cannot run containers on this machine:" >&2
podman --runtime runc run --rm "$tag" --version >&2 || true
exit 1
