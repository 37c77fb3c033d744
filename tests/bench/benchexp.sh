#!/bin/sh
# benchexp.sh — `make bench`: growthview export-benchmark (issue #15: 100,000 children with
# 200,000 summaries and 20,000 rated pairs: < 10 s, RSS < 32 MB).  Reports; asserts nothing.
# The store: `synth` (seed 15), the summaries of demo-variant-1 and demo-variant-2 for every child
# (`summarize`), raters r1 and r2 given CHILDREN/10 pairs each (`queue build`, no overlap, no
# gold), and every queue item given a submitted rating (one rating screen draft, copied by SQL:
# the rating screen cannot be driven 20,000 times).  Two sizes, to show that RSS stays flat:
# BENCHEXP_CHILDREN (default 100000) and a tenth of it.  Wall time, CPU time, peak RSS, output size.
set -u
BIN=${GV_BIN:?GV_BIN not set}
B=${GV_BUILD:-build}
N=${BENCHEXP_CHILDREN:-100000}
T=${BENCHEXP_DIR:-$(mktemp -d)}
[ -n "${BENCHEXP_DIR:-}" ] || trap 'rm -rf "$T"' EXIT
mkdir -p "$T"
export GROWTHVIEW_CONFIG="$T/config" GROWTHVIEW_TODAY=2026-11-25 HOME="$T"
: >"$T/config"
FIX="$B/tests/app_benchexp"
[ -x "$FIX" ] || { echo "benchexp bench: $FIX missing (make build/tests/app_benchexp)"; exit 2; }
"$FIX" --fixture "$T/draft.db" >/dev/null 2>&1 || { echo "benchexp bench: cannot make a rating draft"; exit 2; }
DRAFT=$(sqlite3 "$T/draft.db" "SELECT quote(draft) FROM ratings WHERE status = 'submitted' LIMIT 1")

if [ -x /usr/bin/time ]; then
	rusage() { /usr/bin/time -f "%e %M %U %S" "$@" </dev/null >/dev/null 2>"$T/time" || true; tail -n 1 "$T/time"; }
else
	rusage() { "$B/bench/rusage" /dev/null "$T/out" "$@" 2>&1 | tail -n 1; }
fi

store() { # children -> $T/s<children>.db
	n=$1
	db="$T/s$n.db"
	[ -s "$db" ] && return 0
	"$BIN" synth --patients "$n" --seed 15 --db "$db" >/dev/null 2>&1 || return 1
	"$BIN" summarize --model demo-variant-1 --db "$db" >/dev/null 2>&1 || return 1
	"$BIN" summarize --model demo-variant-2 --db "$db" >/dev/null 2>&1 || return 1
	"$BIN" raters add r1 --role clinician --db "$db" >/dev/null 2>&1
	"$BIN" raters add r2 --role annotator --db "$db" >/dev/null 2>&1
	"$BIN" queue build --models demo-variant-1,demo-variant-2 --raters r1,r2 --overlap 0 --gold 0 \
		--per-rater $((n / 10)) --seed 15 --db "$db" >/dev/null 2>&1 || return 1
	sqlite3 "$db" "INSERT INTO ratings(item, rater, status, skip_reason, flagged, rubric_version, draft, active_ms,
		updated, submitted) SELECT id, rater, 'submitted', NULL, 0, 1, $DRAFT, 30000 + id % 60000,
		'2026-11-25T10:00:00Z', '2026-11-25T10:00:00Z' FROM queue_items;
		PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null || return 1
}

for n in $((N / 10)) "$N"; do
	t0=$(date +%s)
	store "$n" || { echo "benchexp bench: cannot make the store of $n children"; exit 2; }
	t1=$(date +%s)
	ns=$(sqlite3 "$T/s$n.db" "SELECT count(*) FROM summaries")
	np=$(sqlite3 "$T/s$n.db" "SELECT count(*) FROM ratings")
	r=$(rusage "$BIN" export-benchmark --db "$T/s$n.db" --out "$T/e$n.jsonl")
	set -- $r
	mb=$(( $(stat -c %s "$T/e$n.jsonl") / 1048576 ))
	awk -v n="$n" -v s="$ns" -v p="$np" -v w="$1" -v m="$2" -v u="${3:-}" -v y="${4:-}" -v mb="$mb" -v f="$((t1 - t0))" 'BEGIN {
		cpu = (u == "") ? "" : sprintf(", CPU %.2f s", u + y)
		printf "export-benchmark, %d children, %d summaries, %d rated pairs: %.2f s wall%s, peak RSS %.1f MB, %d MB written (store made in %d s)\n",
			n, s, p, w, cpu, m / 1024, mb, f }'
	rm -f "$T/e$n.jsonl"
done
