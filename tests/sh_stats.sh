#!/bin/sh
# sh_stats.sh — growthview stats end to end on the command line: the demo database (summaries
# and the demo rater's queue, nothing rated yet: said so), after `check --all` (the claim-check
# rates appear, deterministic for a seed, with or without intervals), a model name outside ASCII
# shown as '?', --json parses with its top-level fields, bad options and a missing database (exit
# 2, the reason on stderr, nothing on stdout).  The figures themselves are checked by hand in tests/app_stats.c.
set -u
BIN=${GV_BIN:?GV_BIN not set}
. tests/lib.sh
export GROWTHVIEW_TODAY=2026-11-25 GROWTHVIEW_CONFIG=/dev/null HOME="$T"
DB="$T/d.db"
"$BIN" demo --db "$DB" --patients 20 >/dev/null 2>&1

"$BIN" stats --db "$DB" >"$T/out" 2>"$T/err"
rc=$?
check "demo: exit 0, nothing on stderr" '[ $rc = 0 ] && [ ! -s "$T/err" ]'
check "demo: the summaries counted, none checked" 'grep -qx "Summaries: 120 by 3 models on 20 children; 0 with a stored claim check." "$T/out"'
check "demo: its queue counted, nothing submitted yet, said so (no empty tables)" 'grep -qx "Ratings: 20 given to 1 rater; 0 submitted (0 on gold items)." "$T/out" && grep -qx "0 skipped, 0 drafts, 20 not opened; 0 pairs of summaries voted on." "$T/out" && grep -qx "No submitted rating of an ordinary item yet: no ranking, scores or agreement." "$T/out" && ! grep -q "Leaderboard\|Claim checks\|Agreement" "$T/out"'
check "demo: the demo rater listed" 'grep -Eq "^demo +annotator +0 +0 +0 +0 -" "$T/out"'
check "demo: every line fits 80 columns, ASCII" '! awk "length > 80" "$T/out" | grep -q . && ! LC_ALL=C grep -q "[^ -~]" "$T/out"'

"$BIN" check --all --db "$DB" >/dev/null 2>&1
"$BIN" stats --db "$DB" >"$T/out2" 2>&1
check "after check --all: a rate per model" 'grep -q "^Claim checks  *summ checked  claims  contradicted %  *omits a flag %" "$T/out2" && grep -Eq "^baseline  +40  +40  +[0-9]+  [0-9.]+ \[[0-9.]+,[0-9.]+\]" "$T/out2"'
check "after check --all: no unchecked note" '! grep -q "without a check" "$T/out2" && grep -q "120 with a stored claim check" "$T/out2"'
"$BIN" stats --db "$DB" >"$T/out3" 2>&1
check "the same database and seed give the same text" 'cmp -s "$T/out2" "$T/out3"'
"$BIN" stats --db "$DB" --seed 9 >"$T/out4" 2>&1
strip() { sed -e 's/ \[[^]]*\]//g' -e 's/  */ /g' -e '/^Intervals:/d' "$1"; }
check "another seed: other intervals, the same estimates" '! cmp -s "$T/out2" "$T/out4" && [ "$(strip "$T/out2")" = "$(strip "$T/out4")" ]'
"$BIN" stats --db "$DB" --resamples 0 >"$T/out5" 2>&1
check "--resamples 0: estimates only, said so" 'grep -q "No intervals (0 bootstrap resamples)." "$T/out5" && grep -Eq "^baseline  +40  +40  +[0-9]+  [0-9.]+  +[0-9.]+$" "$T/out5"'

"$BIN" stats --db "$DB" --json >"$T/j" 2>&1
python3 - "$T/j" >"$T/py" 2>&1 <<'PY'
import json, sys
o = json.load(open(sys.argv[1]))
assert list(o) == ["stats_version", "bootstrap", "summaries", "models", "ratings"], list(o)
assert o["summaries"] == {"total": 120, "checked": 120, "unchecked": 0, "corrections": 0, "children": 20}, o["summaries"]
assert [m["model"] for m in o["models"]] == ["baseline", "demo-variant-1", "demo-variant-2"]
for m in o["models"]:
    r = m["contradicted_rate"]
    assert r["lo"] <= r["value"] <= r["hi"], r
    assert abs(r["value"] - m["contradicted"] / m["claims"]) < 1e-12
    assert abs(m["omitted_flag_rate"]["value"] - m["omitting"] / m["checked"]) < 1e-12
    assert m["rank"] is None and m["votes"] == 0
rt = o["ratings"]
assert rt["assigned"] == 20 and rt["submitted"] == 0 and rt["not_opened"] == 20, rt
assert rt["ranking"]["status"] == "no_data" and rt["agreement"] == {}, rt
assert [r["rater"] for r in rt["raters"]] == ["demo"]
assert rt["position_bias"]["left_share"] == {"value": None, "lo": None, "hi": None}
print("json ok")
PY
check "--json: one object, its fields and rates (python)" 'grep -qx "json ok" "$T/py" || { cat "$T/py"; false; }'

# a model name outside ASCII is shown as '?' in the tables, as is in the JSON
P=$("$BIN" summaries --db "$DB" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["patient_id"])')
printf '{"patient_id": "%s", "model": "mod\\u00e8le-\\u00fc", "text": "Growth is normal."}\n' "$P" >"$T/s.jsonl"
"$BIN" import-summaries --db "$DB" "$T/s.jsonl" >/dev/null 2>&1
"$BIN" stats --db "$DB" >"$T/out6" 2>&1
check "a non-ASCII model name: '?' in the table" 'grep -q "^mod?le-?  *1  *0  *0  -" "$T/out6" && ! LC_ALL=C grep -q "[^ -~]" "$T/out6"'
"$BIN" stats --db "$DB" --json | grep -q '"model":"modèle-ü"'
rc=$?
check "... and itself in the JSON" '[ $rc = 0 ]'

"$BIN" stats --db "$DB" --bogus >"$T/o7" 2>"$T/e7"
rc=$?
check "unknown option: exit 2, said so, nothing on stdout" '[ $rc = 2 ] && grep -q "unknown option .--bogus." "$T/e7" && [ ! -s "$T/o7" ]'
"$BIN" stats --db "$DB" --resamples x >"$T/o8" 2>"$T/e8"
rc=$?
check "bad --resamples: exit 2" '[ $rc = 2 ] && grep -q "resamples: .x. is not a count" "$T/e8"'
"$BIN" stats --db "$DB" --width 10 >"$T/o9" 2>"$T/e9"
rc=$?
check "bad --width: exit 2" '[ $rc = 2 ] && grep -q "width: .10. is not a number of columns" "$T/e9"'
"$BIN" stats --db "$T/none.db" >"$T/o10" 2>"$T/e10"
rc=$?
check "a missing database: exit 2, not created" '[ $rc = 2 ] && [ -s "$T/e10" ] && [ ! -e "$T/none.db" ]'
"$BIN" stats --db "$DB" --width 120 >"$T/o11" 2>&1
check "--width 120: wider name column, lines within 120" 'awk "length > 120" "$T/o11" | wc -l | grep -qx 0 && grep -q "^Claim checks  *summ" "$T/o11"'
finish sh_stats
