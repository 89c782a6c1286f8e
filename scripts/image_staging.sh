# Sourced by the scripts that build images FROM scratch out of this machine's own binaries
# (scripts/container.sh, scripts/replicas_podman.sh): nothing is pulled from a registry, so an image's
# root filesystem is staged here, file by file, and the Containerfile copies it whole.

sudo_if_needed() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

# Installs the Debian packages named when `test -e` fails for their marker file: apt_install_missing FILE=PKG...
apt_install_missing() {
  local missing=() pair
  for pair in "$@"; do [[ -e "${pair%%=*}" ]] || missing+=("${pair#*=}"); done
  ((${#missing[@]})) || return 0
  sudo_if_needed apt-get update -qq
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Copies to ROOTFS, at their own paths, the shared libraries the dynamic linker resolves for FILEs and
# the linker itself: the list is what ldd finds on this machine, never written by hand.
stage_libraries_of() {
  local rootfs="$1" lib
  shift
  # With several files ldd heads each one's list with "FILE:"; those lines are not libraries.
  ldd "$@" | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// && $1 !~ /:$/ {print $1}' | sort -u |
    while read -r lib; do
      mkdir -p "$rootfs$(dirname "$lib")"
      cp -L "$lib" "$rootfs$lib"
    done
}

# Copies FILEs (binaries, plugins) to ROOTFS at their own paths, with the libraries they link.
stage_with_libraries() {
  local rootfs="$1" file
  shift
  for file in "$@"; do
    mkdir -p "$rootfs$(dirname "$file")"
    cp -L "$file" "$rootfs$file"
  done
  stage_libraries_of "$rootfs" "$@"
}

# /etc/passwd and /etc/group with root and one unprivileged user: stage_user ROOTFS NAME UID HOME.
# No login shell: the images have none.
stage_user() {
  local rootfs="$1" name="$2" uid="$3" home="$4"
  mkdir -p "$rootfs/etc"
  printf 'root:x:0:0:root:/:/sbin/nologin\n%s:x:%s:%s:%s:%s:/sbin/nologin\n' "$name" "$uid" "$uid" "$name" "$home" > "$rootfs/etc/passwd"
  printf 'root:x:0:\n%s:x:%s:\n' "$name" "$uid" > "$rootfs/etc/group"
  printf 'hosts: files dns\n' > "$rootfs/etc/nsswitch.conf"
}
