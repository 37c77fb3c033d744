#!/bin/sh
# sh_synth.sh — growthview synth and demo end to end: determinism, idempotence, one transaction.
set -u
BIN=${GV_BIN:?GV_BIN not set}
. tests/lib.sh
export GROWTHVIEW_TODAY=2026-11-25 GROWTHVIEW_CONFIG=/dev/null

"$BIN" synth --patients 300 --seed 42 --db "$T/a.db" >"$T/a.out" 2>&1
check "synth reports what it added" 'grep -q "seed 42: 300 patients added (0 already there)" "$T/a.out"'
"$BIN" synth --patients 300 --seed 42 --db "$T/b.db" >/dev/null 2>&1
"$BIN" export --db "$T/a.db" --format csv >"$T/a.csv" 2>/dev/null
"$BIN" export --db "$T/b.db" --format csv >"$T/b.csv" 2>/dev/null
check "same seed, same cohort (exports identical byte for byte)" 'cmp -s "$T/a.csv" "$T/b.csv" && [ $(wc -l <"$T/a.csv") -gt 3000 ]'
"$BIN" synth --patients 300 --seed 42 --db "$T/a.db" >"$T/a2.out" 2>&1
check "running it again adds nothing" 'grep -q "0 patients added (300 already there), 0 measurements" "$T/a2.out"'
"$BIN" synth --patients 10 --seed 43 --db "$T/a.db" >/dev/null 2>&1
check "another seed adds its own children" '[ $(sqlite3 "$T/a.db" "select count(*) from patients") = 310 ]'
check "database mode 0600" '[ "$(stat -c %a "$T/a.db")" = 600 ]'
"$BIN" synth --patients 10 --db "$T/c.db" >/dev/null 2>"$T/err"
rc=$?
check "missing --seed is a usage error" '[ $rc = 2 ] && grep -q "seed are required" "$T/err"'
"$BIN" synth --patients -5 --seed 1 --db "$T/c.db" >/dev/null 2>"$T/err"
rc=$?
check "bad --patients refused" '[ $rc = 2 ] && grep -q "patients must be" "$T/err"'

# A kill in the middle leaves all or nothing (one transaction).
"$BIN" synth --patients 20000 --seed 9 --db "$T/k.db" >/dev/null 2>&1 &
pid=$!
sleep 0.3
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
cnt=$(sqlite3 "$T/k.db" "select count(*) from patients" 2>/dev/null || echo 0)
check "killed synth: all or nothing ($cnt patients)" '[ "$cnt" = 0 ] || [ "$cnt" = 20000 ]'
check "killed synth: integrity ok" '[ ! -e "$T/k.db" ] || [ "$(sqlite3 "$T/k.db" "pragma integrity_check")" = ok ]'

# demo without a terminal: creates the database once and says where it is.
XDG_DATA_HOME="$T/xdg" "$BIN" demo </dev/null >"$T/demo.out" 2>&1
check "demo creates ~200 children under XDG_DATA_HOME" 'grep -q "demo database: $T/xdg/growthview/demo.db (200 children" "$T/demo.out"'
XDG_DATA_HOME="$T/xdg" "$BIN" demo </dev/null >"$T/demo2.out" 2>&1
check "demo reuses the existing database" '! grep -q created "$T/demo2.out" && grep -q "200 children" "$T/demo2.out"'

finish sh_synth
