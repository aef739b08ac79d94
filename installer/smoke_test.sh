#!/bin/sh
# Smoke test of a built bundle (`make dist`): the frozen program itself, not the source tree.
# --version; `db upgrade` of a new SQLite file (the migrations travel as files); demo data;
# every window rendered offscreen (fonts, translations, layouts, Qt plugins all found).
set -eu
BUNDLE="$1"
EXE="$BUNDLE/marketdesk"
[ -x "$EXE" ] || EXE="$BUNDLE/marketdesk.exe"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
export MARKETDESK_HOME="$WORK/home" QT_QPA_PLATFORM=offscreen
unset MARKETDESK_DB
DB="sqlite:///$WORK/smoke.sqlite3"
"$EXE" --version | grep -q "^MarketDesk [0-9]"
"$EXE" --db "$DB" db upgrade
"$EXE" --db "$DB" db check >/dev/null
"$EXE" --db "$DB" demo seed >/dev/null
"$EXE" --db "$DB" ledger verify >/dev/null
"$EXE" print sample --kind entry-voucher --out - 2>/dev/null | "$EXE" print decode | grep -q "进场"
"$EXE" --db "$DB" screenshots "$WORK/shots" >"$WORK/shots.log" 2>&1 || { cat "$WORK/shots.log" >&2; exit 1; }
SHOTS=$(ls "$WORK/shots" | wc -l)
[ "$SHOTS" -ge 10 ] || { echo "smoke test: only $SHOTS screenshots" >&2; exit 1; }
echo "smoke test passed: $EXE ($SHOTS windows rendered)"
