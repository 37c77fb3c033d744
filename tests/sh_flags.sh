#!/bin/sh
# sh_flags.sh — growthview flags end to end: text, the JSON contract, --open, errors.
set -u
BIN=${GV_BIN:?GV_BIN not set}
. tests/lib.sh
export GROWTHVIEW_CONFIG=/dev/null
DB="$T/f.db"
"$BIN" import --db "$DB" tests/data/flags_children.csv >/dev/null 2>&1

"$BIN" flags --db "$DB" HC-1 >"$T/hc.txt" 2>/dev/null
check "microcephaly flagged with rule, numbers and source" 'grep -q "severe   microcephaly .*hcfa_below_m3sd .*z -3.18" "$T/hc.txt" && grep -q "source: Ashwal" "$T/hc.txt"'

"$BIN" flags --db "$DB" --json HC-1 LB-2 OK-3 >"$T/f.json" 2>/dev/null
rc=$?
check "JSON exit status 0" '[ $rc = 0 ]'
# The contract: an array of {patient_id, flags: [{rule, category, severity, date, indicator, value,
# z, percentile, threshold, source, suspect}]}.
python3 - "$T/f.json" >"$T/py.txt" 2>&1 <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert [p["patient_id"] for p in d] == ["HC-1", "LB-2", "OK-3"], d
need = ["rule", "category", "severity", "date", "indicator", "value", "z", "percentile", "threshold", "source", "suspect"]
for p in d:
    for f in p["flags"]:
        for k in need:
            assert k in f, (k, f)
        assert isinstance(f["suspect"], bool)
hc = {f["rule"]: f for f in d[0]["flags"]}
assert hc["hcfa_below_m3sd"]["category"] == "microcephaly" and hc["hcfa_below_m3sd"]["severity"] == "severe"
assert hc["hcfa_below_m3sd"]["indicator"] == "hcfa" and hc["hcfa_below_m3sd"]["date"] == "2025-01-02"
assert abs(hc["hcfa_below_m3sd"]["value"] - 42.0) < 1e-9 and hc["hcfa_below_m3sd"]["threshold"] == -3
lb = d[1]["flags"]
# The pounds-as-kilograms typo is a value to check, never a clinical finding.
assert [f["category"] for f in lb] == ["implausible_value"], lb
assert lb[0]["rule"] == "weight_lb_as_kg" and lb[0]["date"] == "2022-05-10"
assert d[2]["flags"] == []
print("contract ok")
PY
check "JSON contract (fields, types, values)" 'grep -q "contract ok" "$T/py.txt" || { cat "$T/py.txt"; false; }'

"$BIN" flags --db "$DB" --json --open HC-1 >"$T/open.json" 2>/dev/null
check "--open drops flags older than a year before the last visit" 'python3 -c "import json,sys; d=json.load(open(\"$T/open.json\")); r=[f[\"rule\"] for f in d[0][\"flags\"]]; sys.exit(r != [\"hcfa_below_m3sd\"])"'

"$BIN" flags --db "$DB" --all --json >"$T/all.json" 2>"$T/all.err"
check "--all walks every patient" 'python3 -c "import json; d=json.load(open(\"$T/all.json\")); assert len(d) == 3" && grep -q "3 patients" "$T/all.err"'

"$BIN" flags --db "$DB" NOPE >/dev/null 2>"$T/err"
rc=$?
check "unknown patient: exit 1 with a message" '[ $rc = 1 ] && grep -q "no patient .NOPE." "$T/err"'
"$BIN" flags --db "$DB" >/dev/null 2>"$T/err"
rc=$?
check "no patient and no --all: usage error" '[ $rc = 2 ]'
"$BIN" flags --db "$DB" --rules nhs HC-1 >/dev/null 2>"$T/err"
rc=$?
check "bad --rules refused" '[ $rc = 2 ] && grep -q "rules must be us or who" "$T/err"'

# The list's cached summaries follow the configured rule set: switching `flags` to who marks
# them stale and the next writer (here an import that adds nothing) recomputes them; a read-only
# opener leaves them alone.  SH-9, a boy of 3 years and 88.4 cm, is below WHO's -2 SD (z -2.07,
# stunting) but above CDC's 3rd percentile (P3.7): flagged under the WHO rules only.
printf 'patient_id,sex,birth_date,date,weight_kg,height_cm\nSH-9,M,2020-01-01,2023-01-02,12.5,88.4\n' >"$T/sh9.csv"
"$BIN" import --db "$DB" "$T/sh9.csv" >/dev/null 2>&1
sum_sql="SELECT group_concat(ext_id || ':' || flag_severity || ':' || flag_count || ':' || flag_stale, ' ') FROM (SELECT * FROM patients ORDER BY id)"
check "the rule set is recorded with the summaries" '[ "$(sqlite3 "$DB" "select value from meta where key = '"'flag_rules'"'")" = us/3 ]'
us_sums=$(sqlite3 "$DB" "$sum_sql")
printf 'flags = who\n' >"$T/who.conf"
GROWTHVIEW_CONFIG="$T/who.conf" "$BIN" flags --db "$DB" --all >/dev/null 2>&1
check "a read-only command does not touch them" '[ "$(sqlite3 "$DB" "$sum_sql")" = "$us_sums" ]'
GROWTHVIEW_CONFIG="$T/who.conf" "$BIN" import --db "$DB" tests/data/flags_children.csv >"$T/out" 2>&1
check "flags = who: recorded, every summary recomputed (none stale)" '[ "$(sqlite3 "$DB" "select value from meta where key = '"'flag_rules'"'")" = who/3 ] && [ "$(sqlite3 "$DB" "select count(*) from patients where flag_stale = 1")" = 0 ]'
who_sums=$(sqlite3 "$DB" "$sum_sql")
check "and they are the WHO rules' (SH-9 stunted)" '[ "$who_sums" != "$us_sums" ] && echo "$who_sums" | grep -q "SH-9:3:1:0" && echo "$us_sums" | grep -q "SH-9:0:0:0"'
"$BIN" import --db "$DB" tests/data/flags_children.csv >/dev/null 2>&1
check "back to us: the same summaries as before" '[ "$(sqlite3 "$DB" "$sum_sql")" = "$us_sums" ]'

finish sh_flags
