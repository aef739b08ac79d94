#!/bin/sh
# Make sure a PostgreSQL server (initdb, pg_ctl) is on this machine for the test suite.
# Skipped when MARKETDESK_TEST_PG points at a server someone else runs.
set -eu
[ -n "${MARKETDESK_TEST_PG:-}" ] && exit 0
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "PostgreSQL server not found: installing Debian's postgresql" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  exit 0
fi
echo "PostgreSQL server binaries (initdb, pg_ctl) are missing; install your distribution's" >&2
echo "postgresql package or set MARKETDESK_TEST_PG=postgresql+psycopg://user:pw@host/db" >&2
exit 1
