#!/bin/sh
# sh_roundtrip.sh — whatever the store holds survives export -> import: a synthetic cohort of
# 3,000 children (planted data-entry errors included: they stay within core/limits.h) exported
# as CSV and imported into a fresh database gives the same store, row for row.
set -u
BIN=${GV_BIN:?GV_BIN not set}
. tests/lib.sh
export GROWTHVIEW_TODAY=2026-11-25 GROWTHVIEW_CONFIG=/dev/null USER=roundtrip

"$BIN" synth --patients 3000 --seed 7 --db "$T/a.db" >"$T/synth.out" 2>&1
check "synth: 3,000 children, some with data-entry errors" \
	'grep -qE "seed 7: 3000 patients added \(0 already there\), [0-9]+ measurements; [0-9]+ with a planted condition, [1-9][0-9]* with a data-entry error" "$T/synth.out"'
nvis=$(sqlite3 "$T/a.db" "select count(*) from measurements")
"$BIN" export --db "$T/a.db" >"$T/a.csv" 2>"$T/a.err"
check "export of every measurement" 'grep -qx "exported 3000 patients, $nvis measurements (0 with a computation error)" "$T/a.err"'
"$BIN" import --db "$T/b.db" "$T/a.csv" >"$T/b.out" 2>"$T/b.err"
rc=$?
check "import of the export: status 0, nothing refused" '[ $rc = 0 ] && [ ! -s "$T/b.err" ]'
check "import summary accounts for every row" \
	'grep -qx "$T/a.csv: 3000 patients (3000 new, 0 existing), $nvis measurements added, 0 duplicates, 0 skipped, 0 errors" "$T/b.out"'
# The stores compared column by column (everything a CSV export carries: the synthetic labels
# are not part of it).
q_pat="select ext_id, name, sex, birth_date, ga_weeks, ga_days, mother_height_cm, father_height_cm from patients order by ext_id"
q_vis="select p.ext_id, m.date, m.time, m.weight_kg, m.height_cm, m.position, m.head_cm, m.muac_cm, m.triceps_mm,
	m.subscap_mm, m.oedema from measurements m join patients p on p.id = m.patient_id
	order by p.ext_id, m.date, m.time, m.weight_kg, m.height_cm, m.head_cm, m.muac_cm"
sqlite3 "$T/a.db" "$q_pat" >"$T/a.pat"
sqlite3 "$T/b.db" "$q_pat" >"$T/b.pat"
sqlite3 "$T/a.db" "$q_vis" >"$T/a.vis"
sqlite3 "$T/b.db" "$q_vis" >"$T/b.vis"
check "same patients in both stores" 'cmp -s "$T/a.pat" "$T/b.pat" && [ $(wc -l <"$T/a.pat") = 3000 ]'
check "same measurements in both stores ($nvis)" 'cmp -s "$T/a.vis" "$T/b.vis" && [ $(wc -l <"$T/a.vis") = "$nvis" ]'
"$BIN" export --db "$T/b.db" >"$T/b.csv" 2>/dev/null
check "the second export is byte for byte the first" 'cmp -s "$T/a.csv" "$T/b.csv"'

finish sh_roundtrip
