#!/bin/sh
# sh_full.sh — standard output on a full disk (/dev/full): every command that writes there says
# so and exits 2 (a script must not mistake a truncated file for a result), and what was stored
# stays stored.
set -u
BIN=${GV_BIN:?GV_BIN not set}
. tests/lib.sh
export HOME="$T" GROWTHVIEW_CONFIG=/dev/null GROWTHVIEW_TODAY=2025-06-01
if [ ! -w /dev/full ]; then
	echo "# /dev/full is not available: skipped"
	finish sh_full
	exit 0
fi
DB="$T/c.db"
"$BIN" import --db "$DB" tests/data/tui_clinic.csv >/dev/full 2>"$T/err"
rc=$?
check "import: the summary line cannot be written: status 2, the reason" \
	'[ $rc = 2 ] && grep -q "growthview import: cannot write standard output: No space left on device" "$T/err"'
check "import: the measurements are stored all the same" \
	'[ "$(sqlite3 "$DB" "select count(*) from measurements")" = 29 ]'

full() { # NAME COMMAND...: status 2 and one message naming the disk
	name=$1
	shift
	"$@" >/dev/full 2>"$T/err"
	rc=$?
	check "$name: status 2, 'No space left on device'" \
		'[ $rc = 2 ] && [ "$(grep -c "No space left on device" "$T/err")" = 1 ]'
}
full "flags (text)" "$BIN" flags --db "$DB" --all
full "flags --json" "$BIN" flags --db "$DB" --all --json
full "export csv" "$BIN" export --db "$DB"
full "export json" "$BIN" export --db "$DB" --format json
full "plot" "$BIN" plot --db "$DB" UT-6
printf 'sex,age_days,weight_kg\n1,100,6\n' >"$T/z.csv"
full "zscore" "$BIN" zscore "$T/z.csv"
full "synth" "$BIN" synth --patients 3 --seed 1 --db "$T/s.db"
full "--help" "$BIN" --help
finish sh_full
