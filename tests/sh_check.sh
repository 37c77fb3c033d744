#!/bin/sh
# sh_check.sh — growthview check on the demo database and on imported summaries:
#   the JSON contract (valid, the issue's fields in order), every summary stored with the checker's
#   version, a re-check with the same version changes nothing, a new version replaces the old
#   version's rows; the demo's planted mistakes found (per kind, with floors at the measured
#   shares: a regression gate, not a target) and the baseline's false "contradicted" claims
#   counted; imported summaries by their external id; hostile text never reaches the output raw
#   (text to a pipe or a terminal, JSON escaped); --no-store and read-only databases store
#   nothing; exit statuses (0; 1 unknown summary or patient; 2 usage).
set -u
BIN=${GV_BIN:?GV_BIN not set}
. tests/lib.sh
export HOME="$T" GROWTHVIEW_CONFIG="$T/none" GROWTHVIEW_TODAY=2026-12-01 LC_ALL=C.UTF-8
DB="$T/demo.db"
export GROWTHVIEW_DB="$DB"
VER=$(sed -n 's/^#define CLAIMS_VERSION \([0-9]*\).*/\1/p' core/claims.h)
"$BIN" demo --db "$DB" </dev/null >/dev/null 2>&1
NSUM=$(sqlite3 "$DB" "SELECT count(*) FROM summaries")
check "demo: summaries to check (baseline and demo-variant-1, -2)" '[ "$NSUM" -ge 600 ]'

# ---------------------------------------------------------------- --all --json, stored
"$BIN" check --all --json >"$T/all.json" 2>"$T/all.err"
rc=$?
check "check --all --json: exit 0, valid JSON (python3 -m json.tool)" '[ $rc = 0 ] && python3 -m json.tool "$T/all.json" >/dev/null'
check "check --all --json: one object per summary, the issue's fields in order" 'python3 - "$T/all.json" "$NSUM" <<EOF
import json, sys
a = json.load(open(sys.argv[1]))
assert len(a) == int(sys.argv[2]), len(a)
ck = ["start", "end", "quote", "type", "stated", "expected", "verdict", "indicator", "date", "reference", "note"]
n = 0
for o in a:
    assert list(o) == ["summary_id", "patient_id", "model", "claims", "omitted_flags"], list(o)
    assert o["patient_id"].startswith("SYN-"), o["patient_id"]
    for c in o["claims"]:
        assert list(c) == ck, list(c)
        assert c["type"] in ("value", "age", "percentile", "z", "category", "trend", "basis", "advice")
        assert c["verdict"] in ("supported", "contradicted", "unverifiable")
        assert c["reference"] in (None, "who2006", "who2007", "cdc2000", "ig21_nbs", "ig21_png")
        assert c["date"] is None or len(c["date"]) == 10
        assert 0 <= c["start"] < c["end"]
        n += 1
    for f in o["omitted_flags"]:
        assert f.islower() and " " not in f
assert n > 10 * len(a)
EOF'
check "check --all: every summary stored with the checker's version ($VER), one row per claim" \
	'[ "$(sqlite3 "$DB" "SELECT count(*), min(version), max(version) FROM summary_checks")" = "$NSUM|$VER|$VER" ] &&
	 [ "$(sqlite3 "$DB" "SELECT count(*) FROM claim_checks")" = "$(python3 -c "import json,sys; print(sum(len(o[\"claims\"]) for o in json.load(open(sys.argv[1]))))" "$T/all.json")" ]'
check "check --all: the stored quotes are the text's bytes at the span" \
	'[ "$(sqlite3 "$DB" "SELECT count(*) FROM claim_checks c JOIN summaries s ON s.id = c.summary_id WHERE substr(CAST(s.text AS BLOB), c.start_byte + 1, c.end_byte - c.start_byte) != CAST(c.quote AS BLOB)")" = 0 ]'
check "stderr: the counts and the version" 'grep -q "^growthview check: $NSUM summaries, [0-9]* claims, [0-9]* contradicted; $NSUM stored (checker version $VER)$" "$T/all.err"'

# The same version again: nothing changes (row ids, verdicts).
dump() { sqlite3 "$DB" "SELECT id, summary_id, version, start_byte, end_byte, type, verdict, ifnull(expected, '') FROM claim_checks ORDER BY id" | md5sum; }
before=$(dump)
"$BIN" check --all >/dev/null 2>&1
check "check --all again with the same version: the stored verdicts are unchanged" '[ "$(dump)" = "$before" ]'

# A new version replaces the old version's rows: pretend the stored ones are version 1, with a
# claim version 1 found that this version does not.
S1=$(sqlite3 "$DB" "SELECT s.summary_id FROM summaries s WHERE s.model = 'demo-variant-1' ORDER BY s.id LIMIT 1")
S1ID=$(sqlite3 "$DB" "SELECT id FROM summaries WHERE summary_id = '$S1'")
N1=$(sqlite3 "$DB" "SELECT count(*) FROM claim_checks WHERE summary_id = $S1ID")
sqlite3 "$DB" "UPDATE claim_checks SET version = 1 WHERE summary_id = $S1ID; UPDATE summary_checks SET version = 1 WHERE summary_id = $S1ID;
  INSERT INTO claim_checks(summary_id, version, start_byte, end_byte, type, quote, stated, verdict)
  VALUES($S1ID, 1, 0, 3, 'advice', 'Boy', 'boy', 'contradicted');"
"$BIN" check "$S1" >/dev/null 2>&1
check "a new version replaces the old one's rows (the claim it no longer finds is gone)" \
	'[ "$(sqlite3 "$DB" "SELECT count(*), min(version), max(version) FROM claim_checks WHERE summary_id = $S1ID")" = "$N1|$VER|$VER" ] &&
	 [ "$(sqlite3 "$DB" "SELECT version FROM summary_checks WHERE summary_id = $S1ID")" = "$VER" ]'

# ---------------------------------------------------------------- the demo measurement
python3 - "$DB" "$T/all.json" >"$T/measure" <<'EOF'
import json, sqlite3, sys, collections
db, js = sys.argv[1], sys.argv[2]
out = json.load(open(js))
con = sqlite3.connect(db)
planted = {sid: json.loads(p) for sid, p in con.execute("SELECT summary_id, planted FROM summaries WHERE planted IS NOT NULL")}
tot, hit = collections.Counter(), collections.Counter()
base = collections.Counter()
checkable_missed = 0
for o in out:
    cl = o["claims"]
    contra = [c for c in cl if c["verdict"] == "contradicted"]
    if o["model"] == "baseline":
        base["summaries"] += 1
        base["claims"] += len(cl)
        base["contradicted"] += len(contra)
        base["with_contradicted"] += bool(contra)
        base["omitted"] += len(o["omitted_flags"])
        continue
    for m in planted.get(o["summary_id"], []):
        k, s, e = m["kind"], m["start"], m["end"]
        if k == "missed_flag":
            found = m.get("category") in o["omitted_flags"]
        else:
            # on its span; a removal (s == e) at its place
            found = any((c["start"] < e and s < c["end"]) if s < e else (c["start"] <= s <= c["end"]) for c in contra)
        tot[k] += 1
        hit[k] += found
        if k in ("wrong_percentile_or_z", "value_not_in_record", "unit_error") and not found:
            checkable_missed += 1
for k in sorted(tot):
    print("kind %s %d %d %.3f" % (k, tot[k], hit[k], hit[k] / tot[k]))
print("all %d %d %.3f" % (sum(tot.values()), sum(hit.values()), sum(hit.values()) / sum(tot.values())))
print("baseline %d %d %d %d %d" % (base["summaries"], base["claims"], base["contradicted"], base["with_contradicted"], base["omitted"]))
print("checkable_missed %d" % checkable_missed)
EOF
sed 's/^/# /' "$T/measure"
share() { awk -v k="$1" '$1 == "kind" && $2 == k { print $5 }' "$T/measure"; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "" && a + 0 >= b + 0) }'; }
check "demo: every planted number mistake (percentile/z, value, unit) has a contradicted claim on its span" \
	'[ "$(awk "\$1 == \"checkable_missed\" { print \$2 }" "$T/measure")" = 0 ]'
# Floors at the shares measured with CLAIMS_VERSION 4 (see the issue note): a regression gate.
check "demo: wrong_percentile_or_z found on its span: 1.000" 'ge "$(share wrong_percentile_or_z)" 1'
check "demo: value_not_in_record found: 1.000" 'ge "$(share value_not_in_record)" 1'
check "demo: unit_error found: 1.000" 'ge "$(share unit_error)" 1'
check "demo: unsupported_category found: >= 0.975" 'ge "$(share unsupported_category)" 0.975'
check "demo: wrong_basis found: >= 0.985" 'ge "$(share wrong_basis)" 0.985'
check "demo: wrong_trend found: >= 0.85" 'ge "$(share wrong_trend)" 0.85'
check "demo: missed_flag in omitted_flags: >= 0.85" 'ge "$(share missed_flag)" 0.85'
check "demo: unsafe_advice found: >= 0.73" 'ge "$(share unsafe_advice)" 0.73'
check "demo: baseline summaries (correct by construction): at most 5 false contradicted claims (measured, CLAIMS_VERSION 4)" \
	'[ "$(awk "\$1 == \"baseline\" { print \$4 }" "$T/measure")" -le 5 ]'

# ---------------------------------------------------------------- imported summaries
P=$(sqlite3 "$DB" "SELECT ext_id FROM patients ORDER BY id LIMIT 1")
W=$(sqlite3 "$DB" "SELECT printf('%.1f', weight_kg) FROM measurements m JOIN patients p ON p.id = m.patient_id WHERE p.ext_id = '$P' AND weight_kg IS NOT NULL ORDER BY date DESC LIMIT 1")
{
	printf '{"patient_id":"%s","model":"ext-model","summary_id":"ext-check-1","text":"She now weighs %s kg.\\u001b[31m Her weight is 99.9 kg.\\u001b]0;owned\\u0007\\u202e No flags. Failure to\\u001b thrive."}\n' "$P" "$W"
	printf '{"patient_id":"%s","model":"ext-model","summary_id":"ext-check-2","text":"Weight %s kg."}\n' "$P" "$W"
} >"$T/imp.jsonl"
"$BIN" import-summaries "$T/imp.jsonl" >/dev/null 2>&1
"$BIN" check ext-check-1 --json >"$T/one.json" 2>/dev/null
rc=$?
check "check SUMMARY_ID (imported): its external id and the patient's, the model" '[ $rc = 0 ] && python3 - "$T/one.json" "$P" <<EOF
import json, sys
a = json.load(open(sys.argv[1]))
assert len(a) == 1
o = a[0]
assert (o["summary_id"], o["patient_id"], o["model"]) == ("ext-check-1", sys.argv[2], "ext-model"), o
v = {c["quote"]: c["verdict"] for c in o["claims"]}
assert v.get("$W kg") == "supported", v
assert v.get("99.9 kg") == "contradicted", v
EOF'
check "check --json: a quote holding ESC escaped (\\u001b), no raw ESC/BEL in the output" \
	'! grep -q "$(printf "\033")" "$T/one.json" && ! grep -q "$(printf "\007")" "$T/one.json" && grep -qF "Failure to\\u001b thrive" "$T/one.json"'
"$BIN" check ext-check-1 >"$T/one.txt" 2>/dev/null
check "check (text) to a pipe: the claims with verdicts, expected value; no ESC, BEL or bidi control" \
	'grep -q "^ext-check-1  patient $P  ext-model" "$T/one.txt" && grep -q "contradicted value  *\"99.9 kg\"  expected [0-9.]* kg" "$T/one.txt" && grep -q "category  *\"Failure to" "$T/one.txt" &&
	 ! grep -q "$(printf "\033")" "$T/one.txt" && ! grep -q "$(printf "\007")" "$T/one.txt" && ! grep -q "$(printf "\342\200\256")" "$T/one.txt"'
if command -v script >/dev/null 2>&1; then
	script -qec "stty cols 60; \"$BIN\" check ext-check-1" /dev/null >"$T/one.tty" 2>&1
	check "check to a terminal: no ESC or BEL, lines cut to its 60 columns" \
		'! grep -q "$(printf "\033")" "$T/one.tty" && ! grep -q "$(printf "\007")" "$T/one.tty" &&
		 [ "$(tr -d "\r" <"$T/one.tty" | grep -v "^growthview check:" | awk "{ if (length(\$0) > m) m = length(\$0) } END { print m }")" -le 60 ]'
fi
"$BIN" check --patient "$P" --json --no-store >"$T/p.json" 2>/dev/null
rc=$?
check "check --patient ID --no-store: that patient's summaries, the two imported ones not stored" \
	'[ $rc = 0 ] && [ "$(python3 -c "import json,sys; a=json.load(open(sys.argv[1])); print(len(a), len({o[\"patient_id\"] for o in a}))" "$T/p.json")" = "$(sqlite3 "$DB" "SELECT count(*) FROM summaries s JOIN patients p ON p.id = s.patient_id WHERE p.ext_id = '"'"'$P'"'"'") 1" ] &&
	 [ "$(sqlite3 "$DB" "SELECT count(*) FROM summary_checks c JOIN summaries s ON s.id = c.summary_id WHERE s.summary_id = '"'"'ext-check-2'"'"'")" = 0 ]'

# ---------------------------------------------------------------- exit statuses
"$BIN" check no-such-summary >"$T/x.out" 2>"$T/x.err"
rc=$?
check "unknown SUMMARY_ID: exit 1, says so" '[ $rc = 1 ] && grep -q "no summary .no-such-summary." "$T/x.err"'
"$BIN" check --json no-such-summary >"$T/x.out" 2>/dev/null
rc=$?
check "unknown SUMMARY_ID with --json: exit 1, an empty array" '[ $rc = 1 ] && [ "$(cat "$T/x.out")" = "[]" ]'
"$BIN" check --patient nobody >/dev/null 2>"$T/x.err"
rc=$?
check "unknown patient: exit 1" '[ $rc = 1 ] && grep -q "no patient .nobody." "$T/x.err"'
"$BIN" check >/dev/null 2>&1
rc1=$?
"$BIN" check ext-check-1 --all >/dev/null 2>&1
rc2=$?
"$BIN" check --bogus >/dev/null 2>&1
rc3=$?
"$BIN" check --db "$T/missing.db" --all >/dev/null 2>&1
rc4=$?
check "usage errors exit 2 (nothing named, two things named, unknown option, no database)" '[ $rc1 = 2 ] && [ $rc2 = 2 ] && [ $rc3 = 2 ] && [ $rc4 = 2 ] && [ ! -e "$T/missing.db" ]'

# ---------------------------------------------------------------- a read-only database
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	mkdir "$T/ro"
	cp "$DB" "$T/ro/demo.db"
	sqlite3 "$T/ro/demo.db" "DELETE FROM summary_checks; PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
	chmod 644 "$T/ro/demo.db"
	chmod 755 "$T"
	chmod 555 "$T/ro"
	setpriv --reuid=65534 --regid=65534 --clear-groups "$BIN" check --db "$T/ro/demo.db" ext-check-2 >"$T/ro.out" 2>"$T/ro.err"
	rc=$?
	check "a read-only database: printed, exit 0, says the verdicts are not stored" \
		'[ $rc = 0 ] && grep -q "^ext-check-2 " "$T/ro.out" && grep -q "cannot be written: the verdicts are not stored" "$T/ro.err" &&
		 [ "$(sqlite3 "$T/ro/demo.db" "SELECT count(*) FROM summary_checks")" = 0 ]'
	chmod 755 "$T/ro"
else
	echo "# not root: the read-only database case is skipped"
fi
finish sh_check
