#!/bin/sh
# sh_tasks.sh — growthview tasks and score end to end on a synthetic store with imported children:
# the JSON lines contract, splits by child, determinism, de-identification, perfect and
# hand-computed predictions, malformed, unknown, duplicate and missing lines, errors.
set -u
BIN=${GV_BIN:?GV_BIN not set}
. tests/lib.sh
export GROWTHVIEW_TODAY=2026-11-25 GROWTHVIEW_CONFIG=/dev/null
DB="$T/t.db"
"$BIN" synth --patients 60 --seed 5 --db "$DB" >/dev/null 2>&1
"$BIN" import --db "$DB" tests/data/flags_children.csv >/dev/null 2>&1

"$BIN" tasks --db "$DB" --out "$T/o" --seed 7 >"$T/out" 2>"$T/err"
rc=$?
check "tasks: exit 0, nothing on stdout, counts on stderr" \
	'[ $rc = 0 ] && [ ! -s "$T/out" ] && grep -q "63 children (train [0-9]*, validation [0-9]*, test [0-9]*), 0 skipped" "$T/err"'
check "tasks: the three files" '[ -s "$T/o/summarisation.jsonl" ] && [ -s "$T/o/classification.jsonl" ] && [ -s "$T/o/regression.jsonl" ]'
check "tasks: no temporary file left" '[ $(ls -A "$T/o" | wc -l) = 3 ]'
check "tasks: the files mode 0600 (the items describe children)" '[ "$(stat -c %a "$T/o"/*.jsonl | sort -u)" = 600 ]'

python3 - "$T/o" >"$T/py.txt" 2>&1 <<'PY'
import json, sys, collections
d = sys.argv[1]
keys = ["item_id", "task", "split", "child", "prompt", "input", "answer"]
split_of = {}
ids = set()
counts = collections.Counter()
for task in ["summarisation", "classification", "regression"]:
    for ln, line in enumerate(open(f"{d}/{task}.jsonl"), 1):
        o = json.loads(line)
        assert list(o) == keys, (task, ln, list(o))
        assert o["task"] == task
        assert o["split"] in ("train", "validation", "test")
        assert o["item_id"] not in ids, o["item_id"]
        ids.add(o["item_id"])
        assert o["item_id"].startswith(o["child"] + ":" + task), o["item_id"]
        assert o["child"].startswith("gv-") and len(o["child"]) == 19
        assert split_of.setdefault(o["child"], o["split"]) == o["split"], ("child in two splits", o["child"])
        assert isinstance(o["prompt"], str) and isinstance(o["input"], dict)
        assert o["input"]["tasks_version"] == 1
        a = o["answer"]
        if task == "summarisation":
            assert list(a) == ["references"] and len(a["references"]) == 1 and a["references"][0]
        elif task == "classification":
            assert list(a) == ["abnormal", "categories"]
            assert a["abnormal"] == bool(a["categories"])
            assert "flags" not in o["input"] and "Flags:" not in o["prompt"]
            n = int(o["item_id"].rsplit(":", 1)[1])
            assert len(o["input"]["visits"]) == n  # visits up to this one, nothing later
            counts["abnormal"] += a["abnormal"]
        else:
            assert list(a)[0] == "age_days" and set(a) <= {"age_days", "weight_kg", "height_cm", "z_wfa", "z_lhfa"}
            n = int(o["item_id"].rsplit(":", 1)[1])
            assert len(o["input"]["visits"]) == n and o["input"]["target"] == {"visit": n + 1, "age_days": a["age_days"]}
        counts[task] += 1
assert counts["summarisation"] == 63, counts
assert counts["classification"] > 800 and counts["regression"] > 700 and counts["abnormal"] > 10, counts
sp = collections.Counter(split_of.values())
assert sp["train"] > sp["validation"] and sp["train"] > sp["test"], sp
print("contract ok")
PY
check "tasks: JSON lines contract (fields in order, ids unique, a child in one split, no flags in classification)" \
	'grep -q "contract ok" "$T/py.txt" || { cat "$T/py.txt"; false; }'

"$BIN" tasks --db "$DB" --out "$T/o2" --seed 7 2>/dev/null
check "tasks: same store and seed, same bytes" \
	'cmp -s "$T/o/summarisation.jsonl" "$T/o2/summarisation.jsonl" && cmp -s "$T/o/classification.jsonl" "$T/o2/classification.jsonl" && cmp -s "$T/o/regression.jsonl" "$T/o2/regression.jsonl"'
"$BIN" tasks --db "$DB" --out "$T/o3" --seed 8 2>/dev/null
check "tasks: another seed, other splits, the same items" \
	'! cmp -s "$T/o/summarisation.jsonl" "$T/o3/summarisation.jsonl" && [ "$(sed "s/\"split\":\"[a-z]*\"//" "$T/o/classification.jsonl" | md5sum)" = "$(sed "s/\"split\":\"[a-z]*\"//" "$T/o3/classification.jsonl" | md5sum)" ]'
"$BIN" tasks --db "$DB" --out "$T/o4" --split 0:0:1 2>/dev/null
check "tasks: --split 0:0:1 puts every child in test" \
	'[ $(grep -c "\"split\":\"test\"" "$T/o4/summarisation.jsonl") = 63 ]'

"$BIN" tasks --db "$DB" --out "$T/o5" --seed 7 --per-child 2 2>"$T/err"
rc=$?
check "tasks --per-child 2: at most 2 classification and 2 regression items a child, each the same line as without it" \
	'[ $rc = 0 ] && python3 -c "
import sys, collections
for task in (\"classification\", \"regression\"):
    full = set(open(sys.argv[1] + \"/\" + task + \".jsonl\"))
    some = open(sys.argv[2] + \"/\" + task + \".jsonl\").readlines()
    assert set(some) <= full and len(some) > 100, task
    per = collections.Counter(l.split(\":\")[1] for l in some)
    assert max(per.values()) == 2 and len(per) == (63 if task == \"classification\" else 62), (task, len(per))  # OK-3: one visit
" "$T/o" "$T/o5" && cmp -s "$T/o/summarisation.jsonl" "$T/o5/summarisation.jsonl"'
"$BIN" tasks --db "$DB" --out "$T/o5" --per-child 0 >/dev/null 2>"$T/err"
rc=$?
check "tasks --per-child 0: usage error" '[ $rc = 2 ] && grep -q "per-child must be a whole number from 1" "$T/err"'

# De-identification: no name, external id or date of the store appears in any file, nor the
# first name of a synthetic child as a word.
"$BIN" export --db "$DB" --format csv 2>/dev/null | python3 -c '
import csv, sys
pats, first = set(), set()
for r in csv.DictReader(sys.stdin):
    for k in ("patient_id", "name", "birth_date", "date"):
        if r[k]:
            pats.add(r[k])
    if " Synth-" in r["name"]:
        first.add(r["name"].split()[0])
open(sys.argv[1], "w").write("\n".join(sorted(pats)) + "\n")
open(sys.argv[2], "w").write("\n".join(sorted(first)) + "\n")' "$T/ident.txt" "$T/first.txt"
check "de-identification: names, ids and dates collected from the store" \
	'grep -qx "HC-1" "$T/ident.txt" && grep -qx "Small Head" "$T/ident.txt" && grep -qx "2024-01-01" "$T/ident.txt" && grep -q "^SYN-5-" "$T/ident.txt" && [ $(wc -l <"$T/ident.txt") -gt 500 ] && [ $(wc -l <"$T/first.txt") -gt 10 ]'
check "de-identification: none of them in any tasks file" \
	'! grep -F -q -f "$T/ident.txt" "$T/o/summarisation.jsonl" "$T/o/classification.jsonl" "$T/o/regression.jsonl"'
check "de-identification: no first name of a synthetic child" \
	'! grep -w -F -q -f "$T/first.txt" "$T/o/summarisation.jsonl" "$T/o/classification.jsonl" "$T/o/regression.jsonl"'
check "de-identification: no date of any kind (YYYY-MM-DD)" \
	'! grep -E -q "(19|20)[0-9][0-9]-[01][0-9]-[0-3][0-9]" "$T/o"/*.jsonl'

# Perfect predictions made from the answers.
python3 - "$T/o" "$T" <<'PY'
import json, sys
d, t = sys.argv[1], sys.argv[2]
for task in ["summarisation", "classification", "regression"]:
    with open(f"{d}/{task}.jsonl") as f, open(f"{t}/{task}.pred", "w") as out:
        for line in f:
            o = json.loads(line)
            p = {"item_id": o["item_id"]}
            if task == "summarisation":
                p["summary"] = o["answer"]["references"][0]
            else:
                p.update(o["answer"])
                if task == "classification":
                    p["p_abnormal"] = 0.9 if o["answer"]["abnormal"] else 0.2
            out.write(json.dumps(p) + "\n")
PY
"$BIN" score --task classification --tasks "$T/o" --json "$T/classification.pred" >"$T/c.json" 2>"$T/err"
rc=$?
check "score classification, perfect: exit 0, every metric 1" \
	'[ $rc = 0 ] && python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
assert list(d) == [\"task\", \"n\", \"scored\", \"missing\", \"invalid\", \"metrics\"], d
assert d[\"task\"] == \"classification\" and d[\"n\"] == d[\"scored\"] > 800 and d[\"missing\"] == 0 and d[\"invalid\"] == 0
assert d[\"metrics\"] == {\"accuracy\": 1, \"precision\": 1, \"recall\": 1, \"f1\": 1, \"f1_macro\": 1, \"roc_auc\": 1}, d
" "$T/c.json"'
"$BIN" score --task regression --tasks "$T/o" --json "$T/regression.pred" >"$T/r.json" 2>/dev/null
rc=$?
check "score regression, perfect: exit 0, MAE and RMSE 0" \
	'[ $rc = 0 ] && python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
m = d[\"metrics\"]
assert list(m) == [\"mae_weight_kg\", \"rmse_weight_kg\", \"mae_height_cm\", \"rmse_height_cm\", \"mae_z_wfa\", \"rmse_z_wfa\", \"mae_z_lhfa\", \"rmse_z_lhfa\"], m
assert all(v == 0 for v in m.values()) and d[\"scored\"] == d[\"n\"] > 700, d
" "$T/r.json"'
"$BIN" score --db "$DB" --task summarisation --tasks "$T/o" --json "$T/summarisation.pred" >"$T/s.json" 2>/dev/null
rc=$?
check "score summarisation, references as predictions: BLEU 100, ROUGE 1, a contradicted rate" \
	'[ $rc = 0 ] && python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
m = d[\"metrics\"]
assert list(m) == [\"bleu\", \"rouge1\", \"rouge2\", \"rougeL\", \"contradicted_rate\"], m
assert m[\"bleu\"] == 100 and m[\"rouge1\"] == m[\"rouge2\"] == m[\"rougeL\"] == 1, m
assert 0 <= m[\"contradicted_rate\"] <= 1 and d[\"n\"] == d[\"scored\"] == 63, d
" "$T/s.json"'
"$BIN" score --task classification --tasks "$T/o" "$T/classification.pred" >"$T/c.txt" 2>/dev/null
check "score text output: counts and 'over the N scored items'" \
	'grep -q "^task classification: [0-9]* items, [0-9]* scored, 0 missing, 0 invalid" "$T/c.txt" && grep -q "^metrics over the [0-9]* scored items:" "$T/c.txt" && grep -q "^  accuracy  *1.0000$" "$T/c.txt"'

# Hand-computed: four classification items (TP, TP, FN, TN), the others missing.
python3 - "$T/o" "$T" <<'PY'
import json, sys
d, t = sys.argv[1], sys.argv[2]
items = [json.loads(l) for l in open(f"{d}/classification.jsonl")]
# three abnormal items whose truth is the same single category (not obesity), one normal one
by = {}
for o in items:
    c = o["answer"]["categories"]
    if len(c) == 1 and c[0] != "obesity":
        by.setdefault(c[0], []).append(o)
cat, ab = next((k, v) for k, v in sorted(by.items()) if len(v) >= 3)
no = [o for o in items if not o["answer"]["abnormal"]][:1]
rows = [
    {"item_id": ab[0]["item_id"], "abnormal": True, "categories": [cat], "p_abnormal": 0.9},              # TP
    {"item_id": ab[1]["item_id"], "abnormal": True, "categories": ["obesity", cat], "p_abnormal": 0.7},   # TP
    {"item_id": ab[2]["item_id"], "abnormal": False, "categories": [], "p_abnormal": 0.3},                # FN
    {"item_id": no[0]["item_id"], "abnormal": False, "categories": [], "p_abnormal": 0.3},                # TN
]
with open(f"{t}/hand_c.pred", "w") as f:
    f.write("\n".join(json.dumps(r) for r in rows) + "\n")
del rows[3]["p_abnormal"]
with open(f"{t}/hand_c2.pred", "w") as f:
    f.write("\n".join(json.dumps(r) for r in rows) + "\n")
reg = [json.loads(l) for l in open(f"{d}/regression.jsonl")]
full = [o for o in reg if len(o["answer"]) == 5][:2]
delta = [(0.5, -1.0, 0.2, 0.0), (-1.5, 3.0, -0.4, 0.0)]
with open(f"{t}/hand_r.pred", "w") as f:
    for o, dl in zip(full, delta):
        a = o["answer"]
        f.write(json.dumps({"item_id": o["item_id"], "weight_kg": a["weight_kg"] + dl[0], "height_cm": a["height_cm"] + dl[1],
                            "z_wfa": a["z_wfa"] + dl[2], "z_lhfa": a["z_lhfa"] + dl[3]}) + "\n")
PY
"$BIN" score --task classification --tasks "$T/o" --json "$T/hand_c.pred" >"$T/hc.json" 2>"$T/err"
rc=$?
# accuracy 3/4; abnormal: TP 2, FN 1, FP 0 -> precision 1, recall 2/3, F1 0.8 (the normal class
# would give precision 1/2, recall 1); AUC: positives 0.9, 0.7, 0.3 against the negative 0.3 ->
# (2 + 1/2 for the tie) / 3; f1_macro over {cat, obesity}: cat TP 2 FN 1 (F1 0.8), obesity FP 1
# (F1 0) -> 0.4.  Without p_abnormal on one line, roc_auc is null.
check "score classification, hand-computed: accuracy 0.75, P 1, R 2/3, F1 0.8, AUC 5/6 (a tie), F1 macro 0.4, exit 1 (missing)" \
	'[ $rc = 1 ] && python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
assert d[\"scored\"] == 4 and d[\"missing\"] == d[\"n\"] - 4 and d[\"invalid\"] == 0, d
m = d[\"metrics\"]
want = {\"accuracy\": 0.75, \"precision\": 1, \"recall\": 0.666667, \"f1\": 0.8, \"f1_macro\": 0.4, \"roc_auc\": 0.833333}
assert m == want, m
" "$T/hc.json" && grep -q "items without a prediction" "$T/err"'
"$BIN" score --task classification --tasks "$T/o" --json "$T/hand_c2.pred" >"$T/hc2.json" 2>/dev/null
check "score classification: roc_auc null unless every line has p_abnormal" \
	'python3 -c "
import json, sys
m = json.load(open(sys.argv[1]))[\"metrics\"]
assert m[\"roc_auc\"] is None and m[\"accuracy\"] == 0.75, m
" "$T/hc2.json"'
"$BIN" score --task regression --tasks "$T/o" --json "$T/hand_r.pred" >"$T/hr.json" 2>/dev/null
# weight errors 0.5, 1.5: MAE 1, RMSE sqrt(1.25); height 1, 3: MAE 2, RMSE sqrt(5); z_wfa 0.2, 0.4:
# MAE 0.3, RMSE sqrt(0.1); z_lhfa 0.
check "score regression, hand-computed MAE and RMSE" \
	'python3 -c "
import json, sys, math
m = json.load(open(sys.argv[1]))[\"metrics\"]
want = {\"mae_weight_kg\": 1, \"rmse_weight_kg\": math.sqrt(1.25), \"mae_height_cm\": 2, \"rmse_height_cm\": math.sqrt(5),
        \"mae_z_wfa\": 0.3, \"rmse_z_wfa\": math.sqrt(0.1), \"mae_z_lhfa\": 0, \"rmse_z_lhfa\": 0}
for k, v in want.items():
    assert abs(m[k] - v) < 2e-6, (k, m[k], v)
" "$T/hr.json"'

# Summarisation, hand-made: OK-3's reference copied (ROUGE 1), and "normal growth" for HC-1, whose
# severe microcephaly is open at the last visit (contradicted).  The two imported children are
# found by their records (the pseudonyms change with every new database's key).
python3 - "$T/o" "$T" <<'PY'
import json, sys
d, t = sys.argv[1], sys.argv[2]
summ = [json.loads(l) for l in open(f"{d}/summarisation.jsonl")]
def ages(o):
    return [v["age_days"] for v in o["input"]["visits"]]
hc1 = [o for o in summ if ages(o) == [0, 60, 182, 367] and o["input"]["visits"][0]["measurements"][0]["value"] == 3.3]
ok3 = [o for o in summ if ages(o) == [1826] and o["input"]["visits"][0]["measurements"][0]["value"] == 18.2]
assert len(hc1) == 1 and len(ok3) == 1, (len(hc1), len(ok3))
with open(f"{t}/hand_s.pred", "w") as f:
    f.write(json.dumps({"item_id": ok3[0]["item_id"], "summary": ok3[0]["answer"]["references"][0]}) + "\n")
    f.write(json.dumps({"item_id": hc1[0]["item_id"], "summary": "Growth is normal. No concerns."}) + "\n")
# ROUGE-1 and ROUGE-L F1 of the second summary (rouge-score: lower case, [a-z0-9]+ tokens), by hand
import re
from collections import Counter
def toks(x):
    return re.findall("[a-z0-9]+", x.lower())
p, r = toks("Growth is normal. No concerns."), toks(hc1[0]["answer"]["references"][0])
ov = sum((Counter(p) & Counter(r)).values())
f1 = 2 * ov / (len(p) + len(r))
# LCS
prev = [0] * (len(r) + 1)
for a in p:
    cur = [0]
    for j, b in enumerate(r):
        cur.append(prev[j] + 1 if a == b else max(prev[j + 1], cur[j]))
    prev = cur
fl = 2 * prev[-1] / (len(p) + len(r))
open(f"{t}/rouge_want", "w").write("%.6f %.6f\n" % ((1 + f1) / 2, (1 + fl) / 2))
with open(f"{t}/hand_s1.pred", "w") as f:
    f.write(json.dumps({"item_id": ok3[0]["item_id"], "summary": ok3[0]["answer"]["references"][0]}) + "\n")
PY
"$BIN" score --db "$DB" --task summarisation --tasks "$T/o" --json "$T/hand_s1.pred" >"$T/hs1.json" 2>/dev/null
"$BIN" score --db "$DB" --task summarisation --tasks "$T/o" --json "$T/hand_s.pred" >"$T/hs.json" 2>/dev/null
rc=$?
check "score summarisation, hand-made: scored 2, ROUGE the mean (hand-computed), OK-3's baseline clean, the 'normal' summary of HC-1 contradicted (rate 1/2)" \
	'[ $rc = 1 ] && python3 -c "
import json, sys
a = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2]))
assert a[\"metrics\"][\"rouge1\"] == 1 and a[\"metrics\"][\"bleu\"] == 100, a
m = b[\"metrics\"]
assert b[\"scored\"] == 2 and b[\"missing\"] == 61, b
w1, wl = open(sys.argv[3]).read().split()
assert \"%.6f\" % m[\"rouge1\"] == w1 and \"%.6f\" % m[\"rougeL\"] == wl and m[\"rouge2\"] == 0.5, (m, w1, wl)
assert a[\"metrics\"][\"contradicted_rate\"] == 0 and m[\"contradicted_rate\"] == 0.5, (a, b)
" "$T/hs1.json" "$T/hs.json" "$T/rouge_want"'
"$BIN" synth --patients 2 --seed 6 --db "$T/other.db" >/dev/null 2>&1
"$BIN" score --db "$T/other.db" --task summarisation --tasks "$T/o" "$T/hand_s.pred" >/dev/null 2>"$T/err"
rc=$?
check "score summarisation against another database: exit 2, says so" \
	'[ $rc = 2 ] && grep -q "2 of the 2 scored summaries are of children not in" "$T/err"'

# Malformed, unknown, duplicate lines; a control character in an id never reaches the terminal.
first=$(head -n 1 "$T/classification.pred")
esc=$(printf '\033')
{
	echo "$first"
	echo 'not json'
	echo '[1, 2]'
	echo '{"abnormal": true}'
	echo '{"item_id": "gv-nope:classification:1", "abnormal": true, "categories": []}'
	echo "$first"
	echo "$first" | sed 's/"abnormal": [a-z]*/"abnormal": "yes"/' | sed 's/:1"/:2"/'
	echo "$first" | sed 's/"categories": \[[^]]*\]/"categories": ["anemia"]/' | sed 's/:1"/:3"/'
	echo "$first" | sed 's/"p_abnormal": [0-9.]*/"p_abnormal": 1.5/' | sed 's/:1"/:4"/'
	echo ''
	printf '{"item_id": "x%s[31mred", "abnormal": true, "categories": []}\n' "$esc"
} >"$T/bad.pred"
"$BIN" score --task classification --tasks "$T/o" --json "$T/bad.pred" >"$T/bad.json" 2>"$T/err"
rc=$?
check "bad lines: exit 1, FILE:LINE: reason for each" \
	'[ $rc = 1 ] && grep -q "bad.pred:2: not valid JSON" "$T/err" && grep -q "bad.pred:3: not a JSON object" "$T/err" && grep -q "bad.pred:4: no item_id" "$T/err" && grep -q "bad.pred:5: unknown item .gv-nope:classification:1." "$T/err" && grep -q "bad.pred:6: a second prediction for .* (the first is line 1)" "$T/err" && grep -q "bad.pred:7: abnormal must be true or false" "$T/err" && grep -q "bad.pred:8: unknown category .anemia." "$T/err" && grep -q "bad.pred:9: p_abnormal must be a number from 0 to 1" "$T/err" && grep -q "bad.pred:11: unknown item" "$T/err" && ! grep -q "bad.pred:10" "$T/err"'
check "bad lines: counted (invalid 9, scored 1, missing n-1), no raw escape on stderr" \
	'python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
assert d[\"invalid\"] == 9 and d[\"scored\"] == 1 and d[\"missing\"] == d[\"n\"] - 1, d
" "$T/bad.json" && ! grep -q "$esc" "$T/err"'
head -n 1 "$T/regression.pred" | python3 -c 'import json,sys; o=json.loads(sys.stdin.read()); o["z_wfa"]="x"; print(json.dumps(o))' >"$T/badr.pred"
head -n 2 "$T/regression.pred" | tail -n 1 | python3 -c 'import json,sys; o=json.loads(sys.stdin.read()); o.pop("weight_kg"); print(json.dumps(o))' >>"$T/badr.pred"
"$BIN" score --task regression --tasks "$T/o" "$T/badr.pred" >/dev/null 2>"$T/err"
check "regression: a field the answer has is required, numbers only" \
	'grep -q "badr.pred:1: z_wfa must be a number" "$T/err" && grep -q "badr.pred:2: weight_kg is missing (the item.s answer has it)" "$T/err"'

# Errors.
"$BIN" tasks --db "$DB" --out "$T/x" --split 80:10 >/dev/null 2>"$T/err"
rc=$?
check "tasks --split 80:10: usage error" '[ $rc = 2 ] && grep -q "split must be A:B:C" "$T/err" && [ ! -e "$T/x" ]'
"$BIN" tasks --db "$DB" --out "$T/x" --seed -1 >/dev/null 2>"$T/err"
rc=$?
check "tasks --seed -1: usage error" '[ $rc = 2 ] && grep -q "seed must be a whole number" "$T/err"'
"$BIN" tasks --db "$DB" >/dev/null 2>"$T/err"
rc=$?
check "tasks without --out: usage error" '[ $rc = 2 ] && grep -q "out DIR is required" "$T/err"'
: >"$T/file"
"$BIN" tasks --db "$DB" --out "$T/file" >/dev/null 2>"$T/err"
rc=$?
check "tasks --out FILE: not a directory" '[ $rc = 2 ] && grep -q "file is not a directory" "$T/err"'
"$BIN" tasks --db "$DB" --out "$T/file/sub" >/dev/null 2>"$T/err"
rc=$?
check "tasks --out under a file: cannot create" '[ $rc = 2 ] && grep -q "cannot create .*file/sub" "$T/err"'
cp "$T/o/classification.jsonl" "$T/keep"
"$BIN" tasks --db "$T/nothere.db" --out "$T/o" >/dev/null 2>"$T/err"
rc=$?
check "tasks on a missing database: exit 2, the previous files untouched" \
	'[ $rc = 2 ] && cmp -s "$T/keep" "$T/o/classification.jsonl" && [ $(ls -A "$T/o" | wc -l) = 3 ]'
"$BIN" score --task ranking --tasks "$T/o" "$T/bad.pred" >/dev/null 2>"$T/err"
rc=$?
check "score --task ranking: usage error" '[ $rc = 2 ] && grep -q "task must be classification, regression or summarisation" "$T/err"'
"$BIN" score --task regression --tasks "$T/none" "$T/bad.pred" >/dev/null 2>"$T/err"
rc=$?
check "score with a missing tasks directory: exit 2, names the file" '[ $rc = 2 ] && grep -q "cannot read .*none/regression.jsonl" "$T/err"'
"$BIN" score --task regression --tasks "$T/o" "$T/none.pred" >/dev/null 2>"$T/err"
rc=$?
check "score with a missing predictions file: exit 2" '[ $rc = 2 ] && grep -q "cannot read .*none.pred" "$T/err"'
echo '{"item_id":"gv-1:classification:1"}' | "$BIN" score --task classification --tasks "$T/o" - >/dev/null 2>"$T/err"
check "score reads predictions from stdin (-)" 'grep -q "(stdin):1: " "$T/err"'

finish sh_tasks
