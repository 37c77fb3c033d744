#!/bin/sh
# sh_store.sh — import/export end to end with the real binary ($GV_BIN):
# round trip (import -> export -> import into a fresh database -> export: same bytes) of the
# repository's files and, when ../shared is there, of the 26 Synthea bundles; exit
# statuses, --strict, files refused and left untouched, read-only export, database location
# (--db, GROWTHVIEW_DB, XDG default with private modes), de-identified export.
set -u
: "${GV_BIN:?GV_BIN must name the growthview binary}"
: "${GV_SHARED:=../shared}"
G=$GV_BIN
T=$(mktemp -d "${TMPDIR:-/tmp}/gvsh.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
export GROWTHVIEW_TODAY=2025-01-01 GROWTHVIEW_CONFIG="$T/no-config" USER=shtest
unset GROWTHVIEW_DB
fails=0
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
bad() { n=$((n + 1)); echo "not ok $n - $1"; fails=$((fails + 1)); }
check() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }
sum() { cksum < "$1"; }
. tests/shared.sh

# ---------------------------------------------------------------- round trip
# The repository's own files: two CSVs and a hand-written Synthea-shaped FHIR bundle.
$G import --db "$T/a.db" tests/data/visits_metric.csv tests/data/visits_imperial.csv \
	tests/data/fhir_growth_bundle.json > "$T/imp.out" 2> "$T/imp.err"
check "import of two CSVs and a FHIR bundle succeeds" "[ $? = 0 ]"
check "import total line" "grep -q '^total: 3 files (0 not imported): 6 patients (6 new, 0 existing), 18 measurements added, 1 duplicate, 19 skipped, 0 errors, 19 reported values kept (0 duplicates)$' '$T/imp.out'"
$G export --db "$T/a.db" > "$T/a.csv" 2> "$T/a.err"
check "export succeeds" "[ $? = 0 ]"
check "export summary on stderr" "grep -qx 'exported 6 patients, 18 measurements (0 with a computation error)' '$T/a.err'"
check "one CSV line per measurement plus header and one visitless patient" "[ \$(wc -l < '$T/a.csv') = 20 ]"
$G import --db "$T/b.db" "$T/a.csv" > "$T/b.out" 2>&1
check "re-import of the export succeeds quietly" "[ $? = 0 ] && ! grep -q note '$T/b.out'"
$G export --db "$T/b.db" > "$T/b.csv" 2>/dev/null
check "CSV round trip: byte-identical export" "cmp -s '$T/a.csv' '$T/b.csv'"
$G export --db "$T/a.db" --format json > "$T/a.json" 2>/dev/null
$G export --db "$T/b.db" --format json > "$T/b.json" 2>/dev/null
check "JSON exports of both stores are identical" "cmp -s '$T/a.json' '$T/b.json'"
$G import --db "$T/b.db" "$T/a.csv" > "$T/b2.out" 2>&1
check "importing the export again adds nothing" "grep -q '0 measurements added, 18 duplicates' '$T/b2.out'"

# ---------------------------------------------------------------- zscore columns in the export
hdr=$(head -1 "$T/a.csv")
check "export header ends with the computed columns" \
	"case '$hdr' in *',oedema,ref,age_days,age_months,bmi,z_wfa,p_wfa,biv_wfa,'*',warnings,error,age_axis,pma_weeks,z_ig_nbs_wfa,'*',p_ig_png_wflh') true ;; *) false ;; esac"
check "external FHIR Patient.id is the patient_id, local date and time as written" \
	"grep -q '^5eed0000-0000-4000-8000-000000000001,Amara Okafor,F,2022-03-14,,,,,2022-03-14,23:30,3.21,49.6,,34,' '$T/a.csv'"

# ---------------------------------------------------------------- de-identified
$G export --db "$T/a.db" --deidentify > "$T/d1.csv" 2>/dev/null
$G export --db "$T/a.db" --deidentify > "$T/d2.csv" 2>/dev/null
$G export --db "$T/b.db" --deidentify > "$T/d3.csv" 2>/dev/null
check "de-identified export is stable for one database" "cmp -s '$T/d1.csv' '$T/d2.csv'"
check "pseudonyms differ between databases (per-database key)" "! cmp -s '$T/d1.csv' '$T/d3.csv'"
check "no names, ids or dates in the de-identified export" \
	"! grep -qE 'Lopez|Okafor|Moreau|M001|5eed0000|20[0-9][0-9]-[01][0-9]-[0-3][0-9]' '$T/d1.csv'"
check "pseudonymous ids look like gv- + 16 hex" "[ \$(cut -d, -f1 '$T/d1.csv' | sed 1d | grep -vcE '^gv-[0-9a-f]{16}\$') = 0 ]"
check "6 distinct pseudonyms" "[ \$(cut -d, -f1 '$T/d1.csv' | sed 1d | sort -u | wc -l) = 6 ]"
$G export --db "$T/a.db" --deidentify --format json > "$T/d.json" 2>/dev/null
check "de-identified JSON has ages, not dates" "grep -q '\"age_days\":0,' '$T/d.json' && ! grep -q birth_date '$T/d.json'"
$G export --db "$T/a.db" --patient M001 > "$T/one.csv" 2>/dev/null
check "--patient exports one patient" "[ \$(wc -l < '$T/one.csv') = 4 ]"
$G export --db "$T/a.db" --patient nobody > /dev/null 2> "$T/e"
check "--patient with an unknown id fails (2)" "[ $? = 2 ] && grep -q \"no patient with id 'nobody'\" '$T/e'"

# ---------------------------------------------------------------- the 26 Synthea bundles (../shared)
if need_shared fhir-samples/synthea "round trip of the 26 Synthea bundles"; then
	$G import --db "$T/syn.db" "$GV_SHARED"/fhir-samples/synthea/*.json > "$T/syn.out" 2> "$T/syn.err"
	check "Synthea: import of 26 bundles succeeds" "[ $? = 0 ] && [ ! -s '$T/syn.err' ]"
	check "Synthea: import total line" "grep -q '^total: 26 files (0 not imported): 26 patients (26 new, 0 existing), 488 measurements added, 0 duplicates, 11366 skipped, 0 errors, 748 reported values kept (0 duplicates)$' '$T/syn.out'"
	$G export --db "$T/syn.db" > "$T/syn.csv" 2> /dev/null
	check "Synthea: one CSV line per measurement plus header" "[ \$(wc -l < '$T/syn.csv') = 489 ]"
	$G import --db "$T/syn2.db" "$T/syn.csv" > /dev/null 2>&1
	check "Synthea: re-import of the export succeeds" "[ $? = 0 ]"
	$G export --db "$T/syn2.db" > "$T/syn2.csv" 2>/dev/null
	check "Synthea: CSV round trip, byte-identical export" "cmp -s '$T/syn.csv' '$T/syn2.csv'"
	$G export --db "$T/syn.db" --format json > "$T/syn.json" 2>/dev/null
	$G export --db "$T/syn2.db" --format json > "$T/syn2.json" 2>/dev/null
	check "Synthea: JSON exports of both stores are identical" "cmp -s '$T/syn.json' '$T/syn2.json'"
	check "Synthea: external FHIR Patient.id is the patient_id" "grep -q '^36e37efb-9cf0-842d-df4c-d395f6420731,Allan198 Abernathy524,M,2021-11-13,' '$T/syn.csv'"
	$G export --db "$T/syn.db" --deidentify > "$T/synd.csv" 2>/dev/null
	check "Synthea: no names, ids or dates in the de-identified export" \
		"! grep -qE 'Abernathy|36e37efb|20[0-9][0-9]-[01][0-9]-[0-3][0-9]' '$T/synd.csv' && [ \$(cut -d, -f1 '$T/synd.csv' | sed 1d | sort -u | wc -l) = 26 ]"
fi

# ---------------------------------------------------------------- bad rows, strict, exit statuses
$G import --db "$T/c.db" tests/data/visits_bad.csv > "$T/c.out" 2> "$T/c.err"
check "bad rows: exit status 1" "[ $? = 1 ]"
check "bad rows are FILE:LINE: reason" "grep -qx 'tests/data/visits_bad.csv:6: weight 0 kg is impossible (accepted: 0.2 to 250 kg)' '$T/c.err'"
check "27 bad rows listed" "[ \$(wc -l < '$T/c.err') = 27 ]"
$G import --db "$T/s.db" --strict tests/data/visits_bad.csv > "$T/s.out" 2>/dev/null
check "--strict: exit 1, nothing imported" "[ $? = 1 ] && grep -q 'nothing imported (--strict)' '$T/s.out'"
$G export --db "$T/s.db" > "$T/s.csv" 2>/dev/null
check "--strict left the store empty" "[ \$(wc -l < '$T/s.csv') = 1 ]"
$G import --db "$T/c.db" > /dev/null 2>&1
check "no file: usage error (2)" "[ $? = 2 ]"
$G import --bogus x > /dev/null 2>&1
check "unknown option: usage error (2)" "[ $? = 2 ]"
$G --db "$T/a.db" export > "$T/o" 2> "$T/e"
check "--db before the command: says where it goes (2), writes nothing" "[ $? = 2 ] && [ ! -s '$T/o' ] && [ \"\$(cat '$T/e')\" = 'growthview: options go after the command: growthview export --db $T/a.db ...' ]"
$G export --db "$T/a.db" --format xml > /dev/null 2>&1
check "bad --format: usage error (2)" "[ $? = 2 ]"

# ---------------------------------------------------------------- files that are not ours
printf 'patient_id,sex\nA,M\n' > "$T/notes.txt"
s0=$(sum "$T/notes.txt")
$G import --db "$T/notes.txt" tests/data/visits_metric.csv > /dev/null 2> "$T/e"
check "a text file as database: refused (2)" "[ $? = 2 ] && grep -q 'not a growthview database (not an SQLite file); left untouched' '$T/e'"
check "the text file is byte for byte unchanged" "[ \"\$(sum '$T/notes.txt')\" = '$s0' ] && [ ! -e '$T/notes.txt-wal' ]"
$G export --db "$T/nothing.db" > /dev/null 2> "$T/e"
check "export of a missing database: refused, not created" "[ $? = 2 ] && [ ! -e '$T/nothing.db' ] && grep -q 'no such database' '$T/e'"

# ---------------------------------------------------------------- read-only export
s0=$(sum "$T/a.db")
$G export --db "$T/a.db" > /dev/null 2>&1
check "export leaves the database file unchanged" "[ \"\$(sum '$T/a.db')\" = '$s0' ]"

# ---------------------------------------------------------------- location and modes
mkdir -p "$T/home"
HOME="$T/home" XDG_DATA_HOME= $G import tests/data/visits_imperial.csv > /dev/null 2>&1
check "default database under ~/.local/share/growthview" "[ -f '$T/home/.local/share/growthview/growthview.db' ]"
check "its directory is 0700" "[ \$(stat -c %a '$T/home/.local/share/growthview') = 700 ]"
check "the database is 0600" "[ \$(stat -c %a '$T/home/.local/share/growthview/growthview.db') = 600 ]"
GROWTHVIEW_DB="$T/env.db" $G import tests/data/visits_imperial.csv > /dev/null 2>&1
check "GROWTHVIEW_DB names the database" "[ -f '$T/env.db' ]"
GROWTHVIEW_DB="$T/env.db" $G import --db "$T/cli.db" tests/data/visits_imperial.csv > /dev/null 2>&1
check "--db beats GROWTHVIEW_DB" "[ -f '$T/cli.db' ]"
printf 'db = %s/cfg.db\nunits = metric\n' "$T" > "$T/config"
GROWTHVIEW_CONFIG="$T/config" $G import tests/data/visits_imperial.csv > /dev/null 2>&1
check "the config file's db is used" "[ -f '$T/cfg.db' ]"
printf 'colour = never\n' > "$T/config"
GROWTHVIEW_CONFIG="$T/config" $G import tests/data/visits_imperial.csv > /dev/null 2> "$T/e"
check "a bad config file is an error naming FILE:LINE" "[ $? = 2 ] && grep -q \"$T/config:1: unknown key 'colour'\" '$T/e'"

echo "1..$n"
[ $fails = 0 ] || { echo "sh_store.sh: $fails of $n checks failed"; exit 1; }
echo "sh_store.sh: all $n checks passed"
