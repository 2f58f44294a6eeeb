#!/bin/sh
# install-deps.sh: installs the Debian packages wiretrace needs to build and test.
# Idempotent and quiet when everything is already there. Needs root (or sudo) only
# when something is missing.
set -eu
PKGS="build-essential pkg-config libutf8proc-dev libxxhash-dev libjansson-dev libgumbo-dev
libarchive-dev zlib1g-dev libzstd-dev liblzma-dev libsqlite3-dev libcriterion-dev clang
libclang-rt-14-dev python3 sqlite3 gzip zstd xz-utils chromium"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "install-deps: installing$missing" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
