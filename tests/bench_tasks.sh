#!/bin/sh
# bench_tasks.sh — `make bench`: growthview tasks over a synthetic store and growthview score of
# the classification file: wall time, peak RSS, output sizes.  Reports; asserts nothing.
# BENCH_TASKS_CHILDREN (default 10000) sets the store's size.
set -u
BIN=${GV_BIN:?}
B=${GV_BUILD:-build}
N=${BENCH_TASKS_CHILDREN:-10000}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
RUSAGE="$B/bench/rusage"
[ -x "$RUSAGE" ] || { echo "bench: $RUSAGE missing (make bench builds it)"; exit 2; }
export GROWTHVIEW_TODAY=2026-11-25 GROWTHVIEW_CONFIG=/dev/null/none

"$BIN" synth --patients "$N" --seed 1 --db "$T/s.db" >/dev/null 2>&1
"$RUSAGE" /dev/null /dev/null "$BIN" tasks --db "$T/s.db" --out "$T/o" 2>"$T/err"
r=$(tail -n 1 "$T/err")
sum=$(grep "children" "$T/err")
mb() { echo $(( $(stat -c %s "$1") / 1048576 )); }
echo "tasks, $N children: ${r% *} s, peak RSS $(( ${r#* } / 1024 )) MB; files summarisation $(mb "$T/o/summarisation.jsonl") MB," \
	"classification $(mb "$T/o/classification.jsonl") MB, regression $(mb "$T/o/regression.jsonl") MB"
echo "  ${sum#growthview tasks: }"

# Predictions: each item's answer as the model's ("answer" is the last member of a line; the
# prompt holds no unescaped quote, so its first unescaped occurrence is the key).
awk '{ e = index($0, "\",\"task\""); a = index($0, "\"answer\":{");
	print "{\"item_id\":\"" substr($0, 13, e - 13) "\"," substr($0, a + 10, length($0) - a - 11) "}" }' \
	"$T/o/classification.jsonl" >"$T/c.pred"
r=$("$RUSAGE" /dev/null "$T/c.json" "$BIN" score --task classification --tasks "$T/o" --json "$T/c.pred" 2>&1 >/dev/null | tail -n 1)
echo "score classification ($(wc -l <"$T/c.pred") items, $(mb "$T/o/classification.jsonl") MB of tasks): ${r% *} s, peak RSS $(( ${r#* } / 1024 )) MB; $(cat "$T/c.json")"
