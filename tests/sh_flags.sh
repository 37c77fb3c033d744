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

finish sh_flags
