#!/bin/sh
# sh_summarize.sh — growthview summarize against fakes started here: the built-in baseline, the
# fake chat server (tests/fake/llm_server.py: ok, slow, failing, 429, 500, hang, malformed JSON,
# finish_reason length) and the fake command (tests/fake/llm_cmd.sh, and a script failing for one
# child); resume, --again, --jobs bound, Ctrl-C mid-run (finished kept, rerun completes, no
# duplicates), a write failure after the first summary (trigger), the progress bar only on a
# terminal, and the API key nowhere.
set -u
BIN=${GV_BIN:?GV_BIN not set}
. tests/lib.sh
export HOME="$T" GROWTHVIEW_CONFIG="$T/config" GROWTHVIEW_TODAY=2026-12-01 LC_ALL=C
unset http_proxy HTTP_PROXY https_proxy HTTPS_PROXY ALL_PROXY all_proxy no_proxy NO_PROXY
GV_TEST_KEY=sk-sumtest-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
export GV_TEST_KEY
DB="$T/gv.db"
export GROWTHVIEW_DB="$DB"
if ! command -v python3 >/dev/null 2>&1; then
	echo "# python3 not found: sh_summarize.sh skipped (.ci/deps test installs it)"
	exit 0
fi
python3 tests/fake/llm_server.py >"$T/port" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$T"' EXIT
i=0
while [ ! -s "$T/port" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
U="http://127.0.0.1:$(cat "$T/port")"
FAKE="$(pwd)/tests/fake/llm_cmd.sh"
# A command that fails for its second child only (jobs 1: one at a time).
cat >"$T/second.sh" <<'EOF2'
#!/bin/sh
cat >/dev/null
n=$(cat "$1" 2>/dev/null || echo 0)
n=$((n + 1))
echo $n >"$1"
if [ $n = 2 ]; then printf 'loading\nerror: the GPU caught fire\n' >&2; exit 3; fi
printf 'Growth is steady (call %s).\n' $n
EOF2
http() { # NAME SEG [extra lines]
	printf '[model %s]\nbackend = http\nurl = %s/%s/v1\nmodel = m1\napi_key_env = GV_TEST_KEY\ntimeout = %s\nretries = %s\n\n' "$1" "$U" "$2" "${3:-5}" "${4:-1}"
}
{
	http ok auth
	http slow slow-jobs
	http intr slow-intr 5 0
	http fail always500 5 0
	http r429 r429
	http r500 fail500
	http hang hang 1 0
	http malformed badjson 5 0
	http length length
	printf '[model cmd]\nbackend = command\ncommand = sh %s good %s\ntimeout = 20\n\n' "$FAKE" "$T/prompt.txt"
	printf '[model cmdfail]\nbackend = command\ncommand = sh %s fail x\ntimeout = 20\n\n' "$FAKE"
	printf '[model second]\nbackend = command\ncommand = sh %s %s\ntimeout = 20\n\n' "$T/second.sh" "$T/count"
} >"$T/config"
"$BIN" synth --patients 12 --seed 5 >/dev/null 2>&1
N=$(sqlite3 "$DB" "SELECT count(*) FROM patients")
P1=$(sqlite3 "$DB" "SELECT ext_id FROM patients ORDER BY name, id LIMIT 1")
P2=$(sqlite3 "$DB" "SELECT ext_id FROM patients ORDER BY name, id LIMIT 1 OFFSET 1")
P3=$(sqlite3 "$DB" "SELECT ext_id FROM patients ORDER BY name, id LIMIT 1 OFFSET 2")
cnt() { sqlite3 "$DB" "SELECT count(*) FROM summaries WHERE $1"; }

# 1. The built-in baseline: no config needed, resumable, --again, flagged only.
GROWTHVIEW_CONFIG="$T/none" "$BIN" summarize --model baseline >"$T/b.out" 2>"$T/b.err"
rc=$?
check "baseline: every child, exit 0, silent on stdout, a count line" '[ $rc = 0 ] && [ ! -s "$T/b.out" ] && [ $(cnt "model = '"'baseline'"' AND backend = '"'baseline'"' AND audience = '"'clinician'"'") = $N ] && grep -q "^growthview summarize: baseline: $N stored, 0 failed, 0 already stored in " "$T/b.err"'
check "baseline: the stored text is core/baseline's, the prompt hash the prompt command's" '[ "$(sqlite3 "$DB" "SELECT s.prompt_sha256 FROM summaries s JOIN patients p ON p.id = s.patient_id WHERE p.ext_id = '"'$P1'"' AND s.model = '"'baseline'"'")" = "$("$BIN" prompt "$P1" --sha256 2>&1 >/dev/null | cut -d" " -f3)" ] && [ $(cnt "template = '"'growth-summary'"' AND template_version = 1 AND finish_reason = '"'stop'"'") = $N ]'
"$BIN" summarize --model baseline 2>"$T/b2.err"
rc=$?
check "baseline again: nothing to do, all already stored" '[ $rc = 0 ] && grep -q "baseline: 0 stored, 0 failed, $N already stored" "$T/b2.err" && [ $(cnt "model = '"'baseline'"'") = $N ]'
"$BIN" summarize --model baseline --patients "$P1" --again 2>/dev/null
check "--again: one more row for that child (a new summary, none edited)" '[ $(cnt "model = '"'baseline'"'") = $((N + 1)) ]'
"$BIN" summarize --model baseline --audience family --patients flagged 2>/dev/null
NF=$(sqlite3 "$DB" "SELECT count(*) FROM patients WHERE flag_count > 0")
check "--patients flagged --audience family: the flagged children only" '[ $NF -gt 0 ] && [ $NF -lt $N ] && [ $(cnt "audience = '"'family'"'") = $NF ]'
"$BIN" summarize --model demo-variant-1 --patients "$P1" "$P1" 2>/dev/null
check "a synthetic model through the same path, its planted mistakes stored; a patient named twice done once" '[ $(cnt "model = '"'demo-variant-1'"' AND backend = '"'synthetic'"' AND planted IS NOT NULL") = 1 ]'

# 2. HTTP: the key is sent (auth mode refuses otherwise), what the server says is stored.
"$BIN" summarize --model ok --patients "$P1" "$P2" >"$T/ok.out" 2>"$T/ok.err"
rc=$?
check "http ok: 2 stored with server model, fingerprint, identity-less, tokens, params without key" '[ $rc = 0 ] && [ $(cnt "model = '"'ok'"' AND backend = '"'http'"' AND server_model = '"'fake-model-1'"' AND fingerprint = '"'fp_fake_42'"' AND prompt_tokens = 31 AND completion_tokens = 7 AND finish_reason = '"'stop'"' AND truncated = 0 AND duration_ms >= 0 AND json_extract(params, '"'$.model'"') = '"'m1'"'") = 2 ]'
"$BIN" summarize --model length --patients "$P1" 2>/dev/null
check "finish_reason length: stored, marked truncated" '[ $(cnt "model = '"'length'"' AND finish_reason = '"'length'"' AND truncated = 1") = 1 ]'
"$BIN" summarize --model r429 --patients "$P1" 2>"$T/429.err"
rc=$?
check "429 with Retry-After: retried, stored" '[ $rc = 0 ] && [ $(cnt "model = '"'r429'"' AND text = '"'after the rate limit'"'") = 1 ]'
"$BIN" summarize --model r500 --patients "$P1" 2>/dev/null
check "500 then an answer: retried, stored" '[ $(cnt "model = '"'r500'"' AND text = '"'after the 500'"'") = 1 ]'
"$BIN" summarize --model fail --patients "$P1" "$P2" 2>"$T/fail.err"
rc=$?
check "always 500: exit 1, each child reported with the server's words, nothing stored" '[ $rc = 1 ] && [ $(grep -c "^growthview summarize: SYN-5-[0-9]*: .*500.*model crashed" "$T/fail.err") = 2 ] && [ $(cnt "model = '"'fail'"'") = 0 ] && grep -q "fail: 0 stored, 2 failed" "$T/fail.err"'
"$BIN" summarize --model hang --patients "$P1" 2>"$T/hang.err"
rc=$?
check "a hang past the time-out: exit 1, time-out reported" '[ $rc = 1 ] && grep -q "time-out" "$T/hang.err" && [ $(cnt "model = '"'hang'"'") = 0 ]'
"$BIN" summarize --model malformed --patients "$P1" 2>"$T/mal.err"
rc=$?
check "malformed JSON: exit 1, said so" '[ $rc = 1 ] && grep -q "not a JSON object" "$T/mal.err" && [ $(cnt "model = '"'malformed'"'") = 0 ]'

# 3. --jobs is a bound: at most N requests in flight (the server counts), and N are used.
"$BIN" summarize --model slow --jobs 3 2>/dev/null
rc=$?
stats=$(python3 - "$U" <<'EOF2'
import json, sys, urllib.request
r = urllib.request.urlopen(urllib.request.Request(sys.argv[1] + "/stats-slow-jobs/v1/chat/completions", data=b"{}",
                           headers={"Content-Type": "application/json"}))
s = json.loads(json.loads(r.read())["choices"][0]["message"]["content"])
print(s["count"], s["max_inflight"])
EOF2
)
check "--jobs 3: every child, at most and at least 3 in flight" '[ $rc = 0 ] && [ "$stats" = "$N 3" ] && [ $(cnt "model = '"'slow'"'") = $N ]'

# 4. The command backend: prompt on stdin, a failing program's last stderr lines, one child failing.
"$BIN" summarize --model cmd --patients "$P1" 2>/dev/null
check "command: stored (backend command, params with argv), the prompt on stdin is the stored hash's" '[ $(cnt "model = '"'cmd'"' AND backend = '"'command'"' AND json_extract(params, '"'$.shell'"') = 0") = 1 ] && [ "$(sha256sum <"$T/prompt.txt" | cut -d" " -f1)" = "$(sqlite3 "$DB" "SELECT prompt_sha256 FROM summaries WHERE model = '"'cmd'"'")" ]'
"$BIN" summarize --model cmdfail --patients "$P1" 2>"$T/cf.err"
rc=$?
check "command failing: exit 1, its last stderr lines shown" '[ $rc = 1 ] && grep -q "^    error: out of memory$" "$T/cf.err" && [ $(cnt "model = '"'cmdfail'"'") = 0 ]'
"$BIN" summarize --model second --patients "$P1" "$P2" "$P3" 2>"$T/second.err"
rc=$?
check "one child fails, the others go on: exit 1, 2 stored, the failing one named" '[ $rc = 1 ] && [ $(cnt "model = '"'second'"'") = 2 ] && grep -q "^growthview summarize: $P2: " "$T/second.err" && grep -q "GPU caught fire" "$T/second.err"'
"$BIN" summarize --model second --patients "$P1" "$P2" "$P3" 2>/dev/null
rc=$?
check "rerun: only the failed child is done, no duplicate" '[ $rc = 0 ] && [ $(cnt "model = '"'second'"'") = 3 ] && [ $(sqlite3 "$DB" "SELECT count(DISTINCT patient_id) FROM summaries WHERE model = '"'second'"'") = 3 ]'

# 5. Ctrl-C mid-run: what finished is kept, the rerun completes the rest, no duplicates.
# (A background job of a script starts with SIGINT ignored, which growthview respects as nohup
# needs; and python3 may be a wrapper script: so Python starts growthview itself, with SIGINT's
# default disposition as a terminal's foreground job has, and sends the signal to its pid.)
python3 - "$BIN" "$T/intr.err" <<'EOF2'
import os, signal, sys, time
err = os.open(sys.argv[2], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
pid = os.fork()
if pid == 0:
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    os.dup2(err, 2)
    os.execv(sys.argv[1], [sys.argv[1], "summarize", "--model", "intr", "--jobs", "2"])
time.sleep(1)
os.kill(pid, signal.SIGINT)
_, st = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(st))
EOF2
rc=$?
k=$(cnt "model = 'intr'")
check "SIGINT: exit 130, some but not all stored, said how to finish" '[ $rc = 130 ] && [ $k -ge 1 ] && [ $k -lt $N ] && grep -q "interrupted" "$T/intr.err" && grep -q "run the same command again" "$T/intr.err"'
"$BIN" summarize --model intr --jobs 2 2>"$T/intr2.err"
rc=$?
check "rerun after SIGINT: the rest, no duplicate" '[ $rc = 0 ] && grep -q "intr: $((N - k)) stored, 0 failed, $k already stored" "$T/intr2.err" && [ $(cnt "model = '"'intr'"'") = $N ] && [ $(sqlite3 "$DB" "SELECT count(DISTINCT patient_id) FROM summaries WHERE model = '"'intr'"'") = $N ]'

# 6. A write failure after the first summary (a trigger): what was committed stays.
sqlite3 "$DB" "CREATE TRIGGER boom BEFORE INSERT ON summaries WHEN NEW.model = 'demo-variant-2' AND (SELECT count(*) FROM summaries WHERE model = 'demo-variant-2') >= 1 BEGIN SELECT RAISE(ABORT, 'disk on fire'); END;"
"$BIN" summarize --model demo-variant-2 --patients "$P1" "$P2" "$P3" 2>"$T/boom.err"
rc=$?
check "write failure after the first: exit 1, the first kept, the others reported" '[ $rc = 1 ] && [ $(cnt "model = '"'demo-variant-2'"'") = 1 ] && [ $(grep -c "disk on fire" "$T/boom.err") = 2 ]'
sqlite3 "$DB" "DROP TRIGGER boom"
"$BIN" summarize --model ok --patients "$P3" 2>/dev/null
sqlite3 "$DB" "CREATE TRIGGER boom BEFORE INSERT ON summaries WHEN NEW.model = 'ok' BEGIN SELECT RAISE(ABORT, 'disk on fire'); END;"
"$BIN" summarize --model ok --jobs 2 2>"$T/boom2.err"
rc=$?
sqlite3 "$DB" "DROP TRIGGER boom"
check "write failure with the engine: exit 1, the three stored before kept" '[ $rc = 1 ] && [ $(cnt "model = '"'ok'"'") = 3 ] && grep -q "disk on fire" "$T/boom2.err"'

# 7. The progress bar: on a terminal only.
check "not a terminal: no bar (no carriage return, no escape)" '! grep -q "$(printf "\r")" "$T/intr2.err" && ! grep -q "$(printf "\033")" "$T/intr2.err"'
python3 - "$BIN" "$T/tty.out" <<'EOF2'
import os, pty, sys
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], [sys.argv[1], "summarize", "--model", "baseline", "--again", "--audience", "family"])
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
check "a terminal: the bar with done/total, rate, ETA and errors, then the count line" 'grep -q "\[########################\] $N/$N  .*/s  ETA .*  errors 0" "$T/tty.out" && grep -q "baseline: $N stored" "$T/tty.out"'

# 8. The key: nowhere in the database, the outputs or the error messages.
check "the API key is in no file written (database, WAL, outputs, stderr)" '! grep -rqF -e "$GV_TEST_KEY" "$T"'
check "usage: no --model, a bad --jobs, an unknown model exit 2" '"$BIN" summarize 2>/dev/null; a=$?; "$BIN" summarize --model ok --jobs 0 2>/dev/null; b=$?; "$BIN" summarize --model nosuch 2>"$T/nm.err"; c=$?; [ $a = 2 ] && [ $b = 2 ] && [ $c = 2 ] && grep -q "built in: baseline, demo-variant-1, demo-variant-2" "$T/nm.err"'
finish sh_summarize
