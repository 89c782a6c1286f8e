#!/usr/bin/env bash
# Installs what chatkit-cpp needs on Debian 12, idempotently: only missing packages are
# installed, and nothing is downloaded when everything is there already.
set -euo pipefail

APT_PACKAGES=(
  build-essential cmake ninja-build ccache   # native toolchain
  emscripten                                 # em++ 3.1.6 for the wasm core
  nlohmann-json3-dev                         # core/'s JSON library
  libmd4c-dev libmd4c-html0-dev              # md4c: core/'s Markdown parser and its entity table (wasm: cmake/md4c.cmake)
  libgtest-dev libgmock-dev                  # GoogleTest (also built from source for wasm)
  libsqlite3-dev                             # the server's store (server/store/, native only)
  postgresql-15 libpq-dev                    # the PostgreSQL store (server/store/postgres/) and the cluster its tests start
  libboost1.81-dev                           # Asio + Beast: the HTTP server (header-only use)
  zlib1g-dev                                 # gzip of static files
  libcurl4-openssl-dev                       # the model providers' HTTP transport (server/models/http/)
  libssl-dev                                 # HMAC-SHA-256 of the signed attachment links (server/attachments/)
  chromium                                   # the browser tests (tests/e2e/, driven by playwright-core)
  nginx-light                                # the CDN browser test's static host (tests/e2e/cdn.test.mjs), pg_instances_tests' balancer
)

missing=()
for package in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
command -v node >/dev/null 2>&1 || missing+=(nodejs)

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  as_root=()
  [ "$(id -u)" -eq 0 ] || as_root=(sudo)
  "${as_root[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm packages (the browser tests' playwright-core, the type-checker typescript, the CommonMark
# spec examples commonmark-spec): installed when node_modules lacks one that package.json pins (a
# fresh clone, or a checkout that added one).
root="$(cd "$(dirname "$0")/.." && pwd)"
if [ -f "$root/package.json" ] && ! (cd "$root" && npm ls --depth=0 >/dev/null 2>&1); then
  (cd "$root" && npm install --no-audit --no-fund --loglevel=error)
fi
