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
check "import: ... and that the data was saved, with the summary" \
	'[ "$(grep -c "No space left on device" "$T/err")" = 1 ] && grep -q "the import itself is saved in the database: 8 patients (8 new, 0 existing), 29 measurements added" "$T/err"'
"$BIN" import --db "$DB" "$T/missing.csv" "$T/missing2.csv" >/dev/full 2>"$T/err"
rc=$?
check "import: nothing imported, stdout full: says not saved" \
	'[ $rc = 2 ] && grep -q "the import itself is not saved (nothing was imported)" "$T/err"'
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

# The database's own disk full: a 20,000-row import into a copy of the database on a 512 KB
# tmpfs (mounted in a private mount namespace: unshare -rm, or as root) fails with the system's
# reason and status 2, and the database is as it was (integrity ok, nothing half imported).
awk 'BEGIN { print "patient_id,sex,birth_date,date,weight_kg,height_cm"
	for (i = 0; i < 20000; i++) printf "B%05d,F,2020-01-01,2021-%02d-01,%.1f,75.0\n", i / 4, 1 + i % 4, 8 + (i % 4) * 0.3 }' >"$T/big.csv"
mkdir -p "$T/small"
cat >"$T/inside.sh" <<INSIDE
mount -t tmpfs -o size=512k tmpfs "$T/small" || exit 77
cp "$DB" "$T/small/c.db"
"$BIN" import --db "$T/small/c.db" "$T/big.csv" >"$T/full.out" 2>"$T/full.err"
echo \$? >"$T/full.rc"
sqlite3 "$T/small/c.db" "pragma integrity_check; select count(*) from measurements; select count(*) from patients" >"$T/full.db.txt"
umount "$T/small"
INSIDE
if unshare -rm sh "$T/inside.sh" 2>/dev/null || { [ "$(id -u)" = 0 ] && sh "$T/inside.sh" 2>/dev/null; }; then
	check "disk full under the database: status 2, the system's reason" \
		'[ "$(cat "$T/full.rc")" = 2 ] && grep -Eq "No space left on device|disk is full" "$T/full.err"'
	check "disk full: the file says nothing was imported" 'grep -q "nothing imported (store error)" "$T/full.out"'
	check "disk full: the database as it was (integrity ok, 29 measurements, 8 patients)" \
		'[ "$(tr "\n" " " <"$T/full.db.txt")" = "ok 29 8 " ]'
else
	echo "# cannot mount a small tmpfs here (no user namespaces, not root): disk-full case skipped"
fi
finish sh_full
