#!/bin/sh
# Qt's offscreen and xcb platform plugins need a few shared libraries that minimal
# Debian images lack. Install them when we can (root + apt); otherwise say what is missing.
set -eu
PKGS="libegl1 libgl1 libfontconfig1 libxkbcommon0 libglib2.0-0 libdbus-1-3"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing libraries Qt needs:$missing" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
else
  echo "Qt may need these system packages:$missing" >&2
fi
