#!/bin/sh
# sh_summaries.sh — import-summaries (good and bad lines, FILE:LINE messages, twice adds nothing),
# summaries (table made safe for a terminal, --json with its fields, one patient), prompt (the
# stored SHA-256 is the printed text's), and the trigger that refuses to edit a summary.
set -u
BIN=${GV_BIN:?GV_BIN not set}
. tests/lib.sh
export HOME="$T" GROWTHVIEW_CONFIG="$T/none" GROWTHVIEW_TODAY=2026-12-01 LC_ALL=C
DB="$T/gv.db"
export GROWTHVIEW_DB="$DB"
"$BIN" synth --patients 3 --seed 7 --db "$DB" >/dev/null 2>&1
P1=$(sqlite3 "$DB" "SELECT ext_id FROM patients ORDER BY id LIMIT 1")
P2=$(sqlite3 "$DB" "SELECT ext_id FROM patients ORDER BY id LIMIT 1 OFFSET 1")
SHA=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
j() { printf '%s\n' "$1"; }
big=$(head -c 65537 /dev/zero | tr '\0' a)
{
	j '{"patient_id":"'$P1'","model":"gpt-x","text":"Weight is fine.\u001b[31m red\u001b]0;owned\u0007","summary_id":"ext-1","audience":"family","created":"2026-01-02T03:04:05Z","params":{"temperature":0.2},"prompt_sha256":"'$(echo $SHA | tr a-f A-F)'","ignored":[1,2]}'
	j 'not json'
	j '{"patient_id":"nobody","model":"m","text":"x"}'
	j '{"patient_id":"'$P1'","model":"m"}'
	j ''
	j '{"patient_id":"'$P2'","model":"m","text":"As an AI language model developed by OpenAI, I think growth is fine."}'
	j '{"patient_id":"'$P2'","model":"m","text":" \n "}'
	printf '{"patient_id":"%s","model":"m","text":"caf\351"}\n' "$P2"
	j '{"patient_id":"'$P2'","model":"m","text":"'$big'"}'
	j '{"patient_id":"'$P2'","model":"m","text":"ok","audience":"parents"}'
	j '{"patient_id":"'$P2'","model":"m","text":"other text","summary_id":"ext-1"}'
	j '{"patient_id":"'$P2'","text":"no model"}'
	j '{"patient_id":"'$P2'","model":"m","text":"t","created":"2026-13-01"}'
	j '{"patient_id":"'$P2'","model":"m","text":"a\u0000b"}'
	j '{"patient_id":"'$P2'","model":"m","text":"Length is on the 3rd percentile.\nTabs\tkept."}'
} >"$T/in.jsonl"
"$BIN" import-summaries "$T/in.jsonl" >"$T/out" 2>"$T/err"
rc=$?
cat >"$T/err.want" <<EOF2
$T/in.jsonl:2: not JSON
$T/in.jsonl:3: unknown patient "nobody"
$T/in.jsonl:4: missing field text
$T/in.jsonl:7: the text is empty
$T/in.jsonl:8: the text is not valid UTF-8 (byte 4)
$T/in.jsonl:9: the text is 65537 bytes, more than 65536
$T/in.jsonl:10: audience must be "clinician" or "family"
$T/in.jsonl:11: summary id ext-1 is taken by another summary
$T/in.jsonl:12: missing field model
$T/in.jsonl:13: created must be an ISO 8601 date or time (2026-12-05T10:30:00Z)
$T/in.jsonl:14: a NUL character (\u0000) in a string
$T/in.jsonl: 3 summaries imported, 0 already stored, 11 bad lines
EOF2
check "import: exit 1, every bad line as FILE:LINE: reason, the count" '[ $rc = 1 ] && [ ! -s "$T/out" ] && diff "$T/err.want" "$T/err"'
check "import: three summaries stored, imported backend" '[ "$(sqlite3 "$DB" "SELECT count(*), min(backend), max(backend) FROM summaries")" = "3|imported|imported" ]'
check "import: fields kept (id, audience, created, params, prompt hash in lower case)" '[ "$(sqlite3 "$DB" "SELECT audience, created, params, prompt_sha256 FROM summaries WHERE summary_id = '"'ext-1'"'")" = "family|2026-01-02T03:04:05Z|{\"temperature\":0.2}|$SHA" ]'
check "import: a generated content id i- + 16 hex digits" '[ "$(sqlite3 "$DB" "SELECT count(*) FROM summaries WHERE summary_id GLOB '"'i-[0-9a-f]*'"' AND length(summary_id) = 18")" = 2 ]'
check "import: the raw text is stored as written (escapes included)" '[ "$(sqlite3 "$DB" "SELECT hex(text) FROM summaries WHERE summary_id = '"'ext-1'"'")" = "$(printf "Weight is fine.\033[31m red\033]0;owned\007" | od -An -tx1 | tr -d " \n" | tr a-f A-F)" ]'
check "import: the self-identifying text is marked" '[ "$(sqlite3 "$DB" "SELECT self_id FROM summaries WHERE self_id IS NOT NULL")" = "As an AI" ]'

"$BIN" import-summaries "$T/in.jsonl" >"$T/out2" 2>"$T/err2"
rc=$?
check "import twice: nothing added, three already stored" '[ $rc = 1 ] && tail -n 1 "$T/err2" | grep -qx "$T/in.jsonl: 0 summaries imported, 3 already stored, 11 bad lines" && [ "$(sqlite3 "$DB" "SELECT count(*) FROM summaries")" = 3 ]'
head -n 1 "$T/in.jsonl" >"$T/one.jsonl"
"$BIN" import-summaries "$T/one.jsonl" >/dev/null 2>"$T/err3"
rc=$?
check "import: a good file exits 0" '[ $rc = 0 ] && grep -qx "$T/one.jsonl: 0 summaries imported, 1 already stored, 0 bad lines" "$T/err3"'
"$BIN" import-summaries "$T/missing.jsonl" >/dev/null 2>"$T/err4"
rc=$?
check "import: a missing file exits 2 and says why" '[ $rc = 2 ] && grep -q "missing.jsonl: No such file or directory" "$T/err4"'

# summaries: JSON
"$BIN" summaries --json >"$T/all.json" 2>"$T/j.err"
rc=$?
check "summaries --json: exit 0, an array of 3 with every field but the planted mistakes" '[ $rc = 0 ] && python3 - "$T/all.json" <<EOF2
import json, sys
a = json.load(open(sys.argv[1]))
want = ["summary_id", "patient_id", "model", "backend", "server_model", "fingerprint", "identity", "params",
        "template", "template_version", "audience", "prompt_sha256", "created", "duration_ms", "prompt_tokens",
        "completion_tokens", "finish_reason", "truncated", "self_identifying", "corrects", "text"]
assert len(a) == 3, a
for o in a:
    assert list(o) == want, list(o)
    assert "planted" not in o
e = a[0]
assert e["summary_id"] == "ext-1" and e["patient_id"] == "$P1" and e["model"] == "gpt-x", e
assert e["backend"] == "imported" and e["params"] == {"temperature": 0.2}, e
assert e["text"] == "Weight is fine.\x1b[31m red\x1b]0;owned\x07", e["text"]
assert a[1]["self_identifying"] == "As an AI" and a[2]["text"] == "Length is on the 3rd percentile.\nTabs\tkept."
EOF2'
"$BIN" summaries "$P2" --json >"$T/p2.json"
check "summaries PATIENT --json: only that patient's" '[ "$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))))" "$T/p2.json")" = 2 ]'
"$BIN" summaries >"$T/table" 2>&1
rc=$?
check "summaries: a table, header and one line per summary, no control character" '[ $rc = 0 ] && [ $(wc -l <"$T/table") = 4 ] && head -n 1 "$T/table" | grep -q "^SUMMARY  *PATIENT  *MODEL  *AUD  *CREATED  *TSC TEXT$" && ! LC_ALL=C grep -q "[[:cntrl:]]" "$T/table"'
check "summaries: the escape sequences are gone, the text kept; the self-identifying mark" 'grep -q "^ext-1  .* fam 2026-01-02 --- Weight is fine. red$" "$T/table" && grep -q " -S- As an AI language model" "$T/table"'
python3 - "$BIN" "$T/tty.out" <<'EOF2'
import fcntl, os, pty, struct, sys, termios
pid, fd = pty.fork()
if pid == 0:
    fcntl.ioctl(1, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 90, 0, 0))
    os.execv(sys.argv[1], [sys.argv[1], "summaries"])
out = b""
while True:
    try:
        b = os.read(fd, 4096)
    except OSError:
        break
    if not b:
        break
    out += b
os.waitpid(pid, 0)
open(sys.argv[2], "wb").write(out)
EOF2
check "summaries on a terminal: each line cut to its width (90 columns)" '[ $(tr -d "\r" <"$T/tty.out" | awk "length > 90" | wc -l) = 0 ] && [ $(tr -d "\r" <"$T/tty.out" | wc -l) = 4 ] && grep -q "^ext-1 .* Weight is fine. red" "$T/tty.out"'
"$BIN" summaries nobody >/dev/null 2>"$T/e5"
rc=$?
check "summaries: an unknown patient exits 2" '[ $rc = 2 ] && grep -q "no such patient" "$T/e5"'
: >"$T/empty.jsonl"
"$BIN" import-summaries --db "$T/empty.db" "$T/empty.jsonl" 2>/dev/null
"$BIN" summaries --json --db "$T/empty.db" >"$T/empty.json"
check "summaries --json on an empty store: []" '[ "$(cat "$T/empty.json")" = "[]" ]'

# Never edited in place.
sqlite3 "$DB" "UPDATE summaries SET text = 'edited' WHERE summary_id = 'ext-1'" 2>"$T/upd"
rc=$?
check "UPDATE of a summary's text is refused by a trigger" '[ $rc != 0 ] && grep -q "never edited" "$T/upd" && [ "$(sqlite3 "$DB" "SELECT count(*) FROM summaries WHERE text = '"'edited'"'")" = 0 ]'

# prompt: its SHA-256 is that of the bytes printed (the canonical text ends with a newline).
"$BIN" prompt "$P1" --sha256 >"$T/prompt.txt" 2>"$T/prompt.sha"
rc=$?
want=$(sha256sum <"$T/prompt.txt" | cut -d" " -f1)
check "prompt: exit 0, the template, the printed SHA-256 is the text's" '[ $rc = 0 ] && grep -q "template growth-summary v1" "$T/prompt.txt" && [ "$(cat "$T/prompt.sha")" = "prompt sha256 $want" ]'
"$BIN" prompt "$P1" --audience family >"$T/fam.txt"
check "prompt --audience family: another prompt, for a family" 'grep -q "family" "$T/fam.txt" && ! cmp -s "$T/prompt.txt" "$T/fam.txt"'
"$BIN" prompt "$P1" --json >"$T/prompt.json"
check "prompt --json: one JSON object with the template and its version" 'python3 -c "import json,sys; o=json.load(open(sys.argv[1])); assert o[\"template\"] == \"growth-summary\" and o[\"template_version\"] == 1 and o[\"audience\"] == \"clinician\"" "$T/prompt.json"'
"$BIN" prompt "$P1" --audience parents >/dev/null 2>"$T/e6"
rc=$?
check "prompt: a bad audience exits 2" '[ $rc = 2 ] && grep -q "clinician or family" "$T/e6"'
# demo: the baseline in both audiences for every child, and two synthetic variants with their
# planted mistakes (hidden from `summaries --json`, kept in the store).
"$BIN" demo --db "$T/demo.db" --patients 5 >/dev/null 2>"$T/demo.err"
rc=$?
check "demo: 5 children, 30 summaries (3 models x 2 audiences x 5)" '[ $rc = 0 ] && grep -q "5 synthetic children (seed 2026), [0-9]* measurements, 30 summaries" "$T/demo.err" && [ "$(sqlite3 "$T/demo.db" "SELECT group_concat(m, \" \") FROM (SELECT model || \":\" || backend || \":\" || audience || \":\" || count(*) || \":\" || count(planted) AS m FROM summaries GROUP BY model, audience ORDER BY model, audience)")" = "baseline:baseline:clinician:5:0 baseline:baseline:family:5:0 demo-variant-1:synthetic:clinician:5:5 demo-variant-1:synthetic:family:5:5 demo-variant-2:synthetic:clinician:5:5 demo-variant-2:synthetic:family:5:5" ]'
sqlite3 -json "$T/demo.db" "SELECT s.text, s.planted, b.text AS base, s.prompt_sha256 = b.prompt_sha256 AS same_prompt FROM summaries s JOIN summaries b ON b.patient_id = s.patient_id AND b.audience = s.audience AND b.model = 'baseline' WHERE s.backend = 'synthetic'" >"$T/planted.json"
check "demo: each planted mistake is the variant's text at its span, differs from the baseline, same prompt hash" 'python3 - "$T/planted.json" <<EOF2
import json, sys
kinds = {"wrong_percentile_or_z", "value_not_in_record", "unit_error", "wrong_trend", "unsupported_category",
         "wrong_basis", "missed_flag", "unsafe_advice"}
rows = json.load(open(sys.argv[1]))
assert len(rows) == 20, len(rows)
for r in rows:
    t = r["text"].encode()
    p = json.loads(r["planted"])
    assert 1 <= len(p) <= 3 and r["same_prompt"] == 1, r
    assert r["text"] != r["base"]
    for m in p:
        assert m["kind"] in kinds, m
        assert t[m["start"]:m["end"]] == m["planted"].encode(), (m, t[m["start"]:m["end"]])
        assert m["note"]
EOF2'
"$BIN" summaries --db "$T/demo.db" --json >"$T/demo.json"
check "demo: the planted mistakes are not in summaries --json" '! grep -q "planted" "$T/demo.json" && ! grep -q "wrong_percentile_or_z\|unit_error" "$T/demo.json"'
finish sh_summaries
