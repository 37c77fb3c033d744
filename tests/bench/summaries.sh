#!/bin/sh
# summaries.sh — `make bench`: the summary path of issue #12.  Reports; asserts nothing.
#   1. summarize --model baseline on 100,000 children (prompt, SHA-256, baseline summary, store)
#   2. import-summaries: 100,000 lines into that store, then the same file again (all known)
#   3. summarize against the fake chat server answering at once (tests/fake/llm_server.py, mode
#      fast): 1,000 children, --jobs 8: wall time and peak RSS
# The 100,000-children database is made by `growthview synth` once into $SUM_BENCH_DB (default
# $GV_BUILD/bench/sum100k.db, seed 11) and copied for each run.
set -u
BIN=${GV_BIN:?GV_BIN not set}
B=${GV_BUILD:-build}
RUSAGE="$B/bench/rusage"
T=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill $server 2>/dev/null; rm -rf "$T"' EXIT
export GROWTHVIEW_CONFIG="$T/config" GROWTHVIEW_TODAY=2026-11-25 HOME="$T"
: >"$T/config"
DB=${SUM_BENCH_DB:-$B/bench/sum100k.db}
mkdir -p "$(dirname "$DB")"
if [ ! -s "$DB" ]; then
	"$BIN" synth --patients 100000 --seed 11 --db "$DB" >/dev/null 2>&1 || { echo "summaries bench: cannot make $DB"; exit 2; }
fi
sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
# Wall seconds, peak RSS (KiB) and, with GNU time, CPU seconds (user + system): on a machine
# shared with others the wall time can be several times the CPU time.
if [ -x /usr/bin/time ]; then
	rusage() { /usr/bin/time -f "%e %M %U %S" "$@" </dev/null >/dev/null 2>"$T/time" || true; tail -n 1 "$T/time"; }
else
	rusage() { "$RUSAGE" /dev/null "$T/out" "$@" 2>&1 | tail -n 1; }
fi
report() { # label "sec rss [user sys]"
	set -- "$1" $2
	cpu=
	[ $# -ge 5 ] && cpu=$(awk -v u="$4" -v s="$5" 'BEGIN { printf ", CPU %.2f s", u + s }')
	echo "$1: $2 s wall$cpu, peak RSS $(( $3 / 1024 )) MB"
}

# 1.
cp "$DB" "$T/a.db"
r=$(rusage "$BIN" summarize --model baseline --db "$T/a.db")
report "summarize --model baseline, 100,000 children (prompt + SHA-256 + baseline + store)" "$r"
r=$(rusage "$BIN" summarize --model baseline --db "$T/a.db")
report "  again (every child already done: the resume check only)" "$r"

# 2.
sqlite3 "$DB" "SELECT ext_id FROM patients" | awk '{ printf "{\"patient_id\":\"%s\",\"model\":\"ext-model\",\"text\":\"Weight-for-age is on the %dth percentile (z %+.2f); length is steady on the WHO 2006 chart; no flag of concern.\",\"audience\":\"clinician\",\"params\":{\"temperature\":0.2}}\n", $1, NR % 97 + 1, (NR % 400 - 200) / 100 }' >"$T/s.jsonl"
cp "$DB" "$T/b.db"
r=$(rusage "$BIN" import-summaries --db "$T/b.db" "$T/s.jsonl")
report "import-summaries, 100,000 lines ($(( $(wc -c <"$T/s.jsonl") / 1048576 )) MB)" "$r"
r=$(rusage "$BIN" import-summaries --db "$T/b.db" "$T/s.jsonl")
report "  the same file again (every line already stored)" "$r"

# 3.
if command -v python3 >/dev/null 2>&1; then
	python3 tests/fake/llm_server.py >"$T/port" &
	server=$!
	i=0
	while [ ! -s "$T/port" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
	printf '[model fast]\nbackend = http\nurl = http://127.0.0.1:%s/fast/v1\nmodel = f\ntimeout = 10\nretries = 0\n' "$(cat "$T/port")" >"$T/config"
	"$BIN" synth --patients 1000 --seed 12 --db "$T/c.db" >/dev/null 2>&1
	for run in 1 2 3; do
		r=$(rusage "$BIN" summarize --model fast --jobs 8 --again --db "$T/c.db")
		report "summarize --jobs 8 against the fake server answering at once, 1,000 children (run $run)" "$r"
	done
	echo "  stored: $(sqlite3 "$T/c.db" "SELECT count(*) FROM summaries WHERE model = 'fast'") summaries"
else
	echo "summarize against the fake server: skipped (no python3)"
fi
