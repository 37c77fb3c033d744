#!/bin/sh
# sh_roundtrip.sh — whatever the store holds survives export -> import: a synthetic cohort of
# 3,000 children (planted data-entry errors included: they stay within core/limits.h) exported
# as CSV and imported into a fresh database gives the same store, row for row; the same through
# FHIR (export --format fhir, NDJSON and Bundle): store -> FHIR -> store -> FHIR -> store, and
# the Synthea bundles of ../shared FHIR -> store -> FHIR -> store.
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

# ---------------------------------------------------------------- FHIR
# Everything the store holds, the synthetic labels, gestational ages and parents' heights too.
q_pat_all="select ext_id, name, sex, birth_date, ga_weeks, ga_days, mother_height_cm, father_height_cm, labels from patients order by ext_id"
q_rep="select p.ext_id, r.date, r.time, r.code, r.value, r.unit from reported r join patients p on p.id = r.patient_id order by 1, 2, 3, 4, 5"
same_store() { # A B: same patients, measurements and reported values
	for q in "$q_pat_all" "$q_vis" "$q_rep"; do
		[ "$(sqlite3 "$1" "$q" | md5sum)" = "$(sqlite3 "$2" "$q" | md5sum)" ] || return 1
	done
}
"$BIN" export --db "$T/a.db" --format fhir --ndjson >"$T/a.ndjson" 2>"$T/fa.err"
check "FHIR NDJSON export: one Patient per child, one line per resource" \
	'[ $(grep -c "^{\"resourceType\":\"Patient\"" "$T/a.ndjson") = 3000 ] && grep -qx "exported 3000 patients, $nvis measurements (0 with a computation error)" "$T/fa.err"'
"$BIN" import --db "$T/f1.db" "$T/a.ndjson" >"$T/f1.out" 2>"$T/f1.err"
rc=$?
check "FHIR import of it: status 0, nothing refused or skipped" \
	'[ $rc = 0 ] && [ ! -s "$T/f1.err" ] && grep -q "3000 patients (3000 new, 0 existing), $nvis measurements added, 0 duplicates, 0 skipped, 0 errors" "$T/f1.out"'
check "store -> FHIR -> store: the same store (labels, gestational ages, parents' heights, arm circumferences)" 'same_store "$T/a.db" "$T/f1.db"'
"$BIN" export --db "$T/f1.db" --format fhir --ndjson >"$T/f1.ndjson" 2>/dev/null
"$BIN" import --db "$T/f2.db" "$T/f1.ndjson" >/dev/null 2>&1
"$BIN" export --db "$T/f2.db" --format fhir --ndjson >"$T/f2.ndjson" 2>/dev/null
check "FHIR -> store -> FHIR -> store: the same store, the same FHIR byte for byte" \
	'same_store "$T/f1.db" "$T/f2.db" && cmp -s "$T/f1.ndjson" "$T/f2.ndjson" && cmp -s "$T/a.ndjson" "$T/f1.ndjson"'
"$BIN" export --db "$T/a.db" --format fhir >"$T/a.bundle.json" 2>/dev/null
check "the Bundle form: a collection of every Patient and Observation of the NDJSON form" \
	'head -c 60 "$T/a.bundle.json" | grep -q "^{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":\[" && [ $(grep -c "^{\"resource\":{\"resourceType\"" "$T/a.bundle.json") = $(wc -l <"$T/a.ndjson") ] && [ "$(tail -n 1 "$T/a.bundle.json")" = "]}" ]'
"$BIN" import --db "$T/fb.db" "$T/a.bundle.json" >/dev/null 2>&1
check "the Bundle imports to the same store" 'same_store "$T/a.db" "$T/fb.db"'

# De-identified: no names, identifiers, times or true dates; ages (so every z-score) exact.
"$BIN" export --db "$T/a.db" --format fhir --ndjson --deidentify >"$T/d.ndjson" 2>/dev/null
check "de-identified FHIR: no name, identifier, time or external id" \
	'! grep -qE "\"name\"|identifier|local-time|SYN-7|Synth-" "$T/d.ndjson" && [ $(grep -c "\"id\":\"gv-[0-9a-f]\{16\}\"" "$T/d.ndjson") = 3000 ]'
check "de-identified FHIR: every birth date moved back by 1 to 10 years" \
	'python3 - "$T/d.ndjson" "$T/a.db" <<PY
import json, sqlite3, sys, datetime as dt
real = sorted(dt.date.fromisoformat(r[0]) for r in sqlite3.connect(sys.argv[2]).execute("select birth_date from patients"))
moved = sorted(dt.date.fromisoformat(json.loads(l)["birthDate"]) for l in open(sys.argv[1]) if "\"Patient\"" in l)
sys.exit(0 if len(real) == len(moved) and real != moved and min(moved) < min(real) else 1)
PY'
"$BIN" import --db "$T/d.db" "$T/d.ndjson" >/dev/null 2>&1
"$BIN" export --db "$T/a.db" --deidentify >"$T/da.csv" 2>/dev/null
"$BIN" export --db "$T/d.db" --deidentify >"$T/dd.csv" 2>/dev/null
# Column 1 is the pseudonym (each database has its key); the rest: ages and every z-score.
check "de-identified FHIR -> store: the same ages and z-scores, row for row" \
	'[ "$(cut -d, -f2- "$T/da.csv" | sort | md5sum)" = "$(cut -d, -f2- "$T/dd.csv" | sort | md5sum)" ] && [ $(wc -l <"$T/dd.csv") -gt 44000 ]'

# The Synthea bundles (../shared): FHIR -> store -> FHIR -> store.
SYN="${GV_SHARED:-../shared}/fhir-samples/synthea"
if need_shared fhir-samples/synthea "Synthea -> store -> FHIR -> store"; then
	"$BIN" import --db "$T/s1.db" "$SYN"/*.json >/dev/null 2>&1
	"$BIN" export --db "$T/s1.db" --format fhir >"$T/s1.json" 2>/dev/null
	"$BIN" import --db "$T/s2.db" "$T/s1.json" >"$T/s2.out" 2>&1
	"$BIN" export --db "$T/s2.db" --format fhir >"$T/s2.json" 2>/dev/null
	"$BIN" import --db "$T/s3.db" "$T/s2.json" >/dev/null 2>&1
	check "Synthea -> store -> FHIR -> store: 26 patients, 488 measurements, 748 reported values, nothing lost" \
		'grep -q "26 patients (26 new, 0 existing), 488 measurements added, 0 duplicates, 0 skipped, 0 errors, 748 reported values kept" "$T/s2.out" && same_store "$T/s1.db" "$T/s2.db" && same_store "$T/s2.db" "$T/s3.db"'
fi

finish sh_roundtrip
