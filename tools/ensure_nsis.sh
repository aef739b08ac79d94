#!/bin/sh
# makensis checks the installer script on every `make dist`. In CI (CI=true, root, Debian) it is
# installed when missing; elsewhere its absence only skips the installer (with a notice).
set -eu
command -v makensis >/dev/null 2>&1 && exit 0
if [ "${CI:-}" = "true" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "makensis not found: installing Debian's nsis" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nsis >/dev/null
fi
exit 0
