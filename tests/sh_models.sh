#!/bin/sh
# sh_models.sh — growthview models: the list of [model NAME] sections, --check against the fake chat
# server (tests/fake/llm_server.py, 127.0.0.1 only) and the fake command (tests/fake/llm_cmd.sh),
# exit statuses, and the API key in no output, no file and on no command line.
set -u
BIN=${GV_BIN:?GV_BIN not set}
. tests/lib.sh
export HOME="$T" GROWTHVIEW_CONFIG="$T/config" LC_ALL=C
unset http_proxy HTTP_PROXY https_proxy HTTPS_PROXY ALL_PROXY all_proxy no_proxy NO_PROXY
# The key: only ever in this environment variable (the server reads it from there too).
GV_TEST_KEY=sk-shtest-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
export GV_TEST_KEY

if ! command -v python3 >/dev/null 2>&1; then
	echo "# python3 not found: sh_models.sh skipped (.ci/deps test installs it)"
	exit 0
fi
python3 tests/fake/llm_server.py >"$T/port" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$T"' EXIT
i=0
while [ ! -s "$T/port" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
P=$(cat "$T/port")
U="http://127.0.0.1:$P"
FAKE="$(pwd)/tests/fake/llm_cmd.sh"

cat >"$T/config" <<EOF
# top-level keys first
units = metric

[model local-llama]
backend = http
url = $U/llama/v1
model = llama-3.1-8b-instruct
api_key_env = GV_TEST_KEY
temperature = 0.2
max_tokens = 600
timeout = 5
retries = 0

[model script]
backend = command
command = sh '$FAKE' good '$T/prompt.txt'
timeout = 20

[model locked]
backend = http
url = $U/unauth/v1
model = m
api_key_env = GV_TEST_KEY
retries = 0

[model echo]
backend = http
url = $U/echo400/v1
api_key_env = GV_TEST_KEY

[model hang]
backend = http
url = $U/hang/v1
api_key_env = GV_TEST_KEY
timeout = 2
retries = 0

[model params]
backend = http
url = $U/params/v1
model = m1
temperature = 0.5
max_tokens = 600

[model esc]
backend = http
url = $U/esc/v1

[model slowcmd]
backend = command
command = sh '$FAKE' slow '$T/slow.pids'
timeout = 60
EOF

# 1. The list.
"$BIN" models >"$T/list" 2>"$T/list.err"
rc=$?
# The third column is as wide as its longest entry (here the last command), at most 60.
w=$(printf '%s\n' "$U/llama/v1" "sh '$FAKE' good '$T/prompt.txt'" "$U/unauth/v1" "$U/echo400/v1" "$U/hang/v1" \
	"$U/params/v1" "$U/esc/v1" "sh '$FAKE' slow '$T/slow.pids'" | awk '{ if (length > w) w = length } END { print (w > 60 ? 60 : w) }')
{
	printf "%-11s  %-7s  %-${w}s  %s\n" NAME BACKEND "URL OR COMMAND" MODEL
	printf "%-11s  %-7s  %-${w}s  %s\n" local-llama http "$U/llama/v1" llama-3.1-8b-instruct
	printf "%-11s  %-7s  %-${w}s  %s\n" script command "sh '$FAKE' good '$T/prompt.txt'" -
} >"$T/list.want"
check "models: exit 0, header and the first two models" '[ $rc = 0 ] && [ ! -s "$T/list.err" ] && head -n 3 "$T/list" | cmp -s - "$T/list.want" || { head -n 3 "$T/list"; false; }'
check "models: eight models in file order" '[ "$(tail -n +2 "$T/list" | awk "{ print \$1 }" | tr "\n" " ")" = "local-llama script locked echo hang params esc slowcmd " ]'

# 2. Checks that pass: latency and what the server says about itself.
"$BIN" models --check local-llama >"$T/ok" 2>"$T/ok.err"
rc=$?
check "check http: exit 0, 'ok in N ms'" '[ $rc = 0 ] && grep -Eq "^local-llama: ok in [0-9]+ ms$" "$T/ok"'
check "check http: server model, fingerprint, llama.cpp build and model path, tokens" 'grep -q "^  server model  fake-model-1$" "$T/ok" && grep -q "^  fingerprint   fp_fake_42$" "$T/ok" && grep -q "^  build_info    b9999-fake$" "$T/ok" && grep -q "^  model_path    /models/fake-7b-Q4_K_M.gguf$" "$T/ok" && grep -q "^  tokens        31 prompt, 7 completion$" "$T/ok" && grep -q "^  reply         Weight-for-age is on the 48th percentile.$" "$T/ok"'
"$BIN" models --check script >"$T/cmd" 2>"$T/cmd.err"
rc=$?
check "check command: exit 0, the reply, the prompt on stdin" '[ $rc = 0 ] && grep -Eq "^script: ok in [0-9]+ ms$" "$T/cmd" && grep -q "^  reply         Weight-for-age is on the 48th percentile (z -0.04).$" "$T/cmd" && [ "$(cat "$T/prompt.txt")" = "$(printf "This is a connection check.\n\nReply with one word: OK")" ]'

"$BIN" models --check params >"$T/params" 2>&1
check "check: at most 16 tokens asked for, the rest as configured" 'grep -q "^  reply         {\"max_tokens\": 16, \"model\": \"m1\", \"stream\": false, \"temperature\": 0.5}$" "$T/params"'
"$BIN" models --check esc >"$T/esc" 2>&1
check "check: the reply is shown without its escape sequences" 'grep -q "^  reply         clear screen done$" "$T/esc" && ! grep -q "$(printf "\033")" "$T/esc"'

# 3. Checks that fail: exit 1 and a message that says what to fix.
"$BIN" models --check locked >"$T/401" 2>"$T/401.err"
rc=$?
check "check 401: exit 1, what to fix" '[ $rc = 1 ] && [ ! -s "$T/401" ] && grep -Eq "^growthview models: locked: failed after [0-9]+ ms: $U/unauth/v1/chat/completions: 401 Unauthorized: the server does not accept the key in \\\$GV_TEST_KEY; put a valid one there$" "$T/401.err"'
"$BIN" models --check echo >"$T/400" 2>"$T/400.err"
rc=$?
check "check 400: the server's words without the key or its escapes" '[ $rc = 1 ] && grep -q "400 Bad Request: bad request from Bearer \[key\] red (check model" "$T/400.err" && ! grep -q "$(printf "\033")" "$T/400.err"'

# 4. Usage and configuration errors: exit 2.
"$BIN" models --check nosuch >/dev/null 2>"$T/e1"
rc=$?
check "unknown model: exit 2, the configured names" '[ $rc = 2 ] && grep -q "^growthview models: no model .nosuch. in $T/config (configured: local-llama, script, locked, echo, hang, params, esc, slowcmd)$" "$T/e1"'
"$BIN" models --check >/dev/null 2>"$T/e2"
rc=$?
check "--check without a name: exit 2" '[ $rc = 2 ] && grep -q "check needs one model name" "$T/e2"'
printf '[model a]\nbackend = http\nurl = ftp://x\n' >"$T/bad.conf"
GROWTHVIEW_CONFIG="$T/bad.conf" "$BIN" models >/dev/null 2>"$T/e3"
rc=$?
check "a bad config: exit 2, FILE:LINE" '[ $rc = 2 ] && grep -q "^growthview models: $T/bad.conf:3: bad value .ftp://x. for url (want an http:// or https:// URL)$" "$T/e3"'
GROWTHVIEW_CONFIG="$T/none" "$BIN" models >"$T/none.out" 2>"$T/e4"
rc=$?
check "no config file: exit 0, nothing listed, a hint" '[ $rc = 0 ] && [ ! -s "$T/none.out" ] && grep -q "no config file" "$T/e4"'

# 5. The key: on no command line while a request is in flight, in no output and no file.
"$BIN" models --check hang >"$T/hang" 2>"$T/hang.err" &
gv=$!
sleep 0.5
python3 - >"$T/procscan" <<'EOF'
import os
key = os.environ["GV_TEST_KEY"].encode()
hits = []
for pid in os.listdir("/proc"):
    if pid.isdigit():
        try:
            with open("/proc/%s/cmdline" % pid, "rb") as f:
                if key in f.read():
                    hits.append(pid)
        except OSError:
            pass
print("hits:", " ".join(hits))
EOF
wait $gv
rc=$?
check "the key is on no process's command line during a request" '[ "$(cat "$T/procscan")" = "hits: " ]'
check "check hang: exit 1 after the time-out" '[ $rc = 1 ] && grep -q "no answer within the time-out (2 s)" "$T/hang.err"'
check "the key is in no output and no file written" '! grep -rqF -e "$GV_TEST_KEY" "$T"'

# 6. A signal during a check ends the request: the program's process group is killed.
"$BIN" models --check slowcmd >/dev/null 2>"$T/sig.err" </dev/null &
gv=$!
i=0
while [ ! -s "$T/slow.pids" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
kill -TERM $gv
{ wait $gv; } 2>/dev/null # not the shell's "Terminated"
rc=$?
sleep 0.2
alive=0
for p in $(cat "$T/slow.pids"); do
	if [ -d /proc/$p ] && ! grep -q '^State:.*Z' /proc/$p/status 2>/dev/null; then alive=1; fi
done
check "SIGTERM during a check: it dies of the signal and kills the program's group" '[ $rc = 143 ] && [ $alive = 0 ] && grep -q "slowcmd: interrupted" "$T/sig.err"'

finish sh_models
