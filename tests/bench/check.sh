#!/bin/sh
# check.sh — `make bench`: growthview check --all on 10,000 summaries (issue #14).  Reports;
# asserts nothing.  A synthetic cohort of 10,000 children (seed 14) gets its baseline summaries
# (`summarize --model baseline`), then check --all runs: storing the verdicts (first time, then
# again with the same checker version: every row upserted unchanged), without storing, and with
# --json; wall and CPU time per summary and peak RSS.
set -u
BIN=${GV_BIN:?GV_BIN not set}
B=${GV_BUILD:-build}
RUSAGE="$B/bench/rusage"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export GROWTHVIEW_CONFIG="$T/config" GROWTHVIEW_TODAY=2026-11-25 HOME="$T"
: >"$T/config"
N=${CHECK_BENCH_N:-10000}
DB="$T/c.db"
"$BIN" synth --patients "$N" --seed 14 --db "$DB" >/dev/null 2>&1 || { echo "check bench: cannot make $DB"; exit 2; }
"$BIN" summarize --model baseline --db "$DB" >/dev/null 2>&1 || { echo "check bench: summarize failed"; exit 2; }
NS=$(sqlite3 "$DB" "SELECT count(*) FROM summaries")
sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
if [ -x /usr/bin/time ]; then
	rusage() { /usr/bin/time -f "%e %M %U %S" "$@" </dev/null >/dev/null 2>"$T/time" || true; tail -n 1 "$T/time"; }
else
	rusage() { "$RUSAGE" /dev/null "$T/out" "$@" 2>&1 | tail -n 1; }
fi
report() { # label "sec rss [user sys]"
	set -- "$1" $2
	awk -v l="$1" -v w="$2" -v m="$3" -v u="${4:-}" -v s="${5:-}" -v n="$NS" 'BEGIN {
		cpu = (u == "") ? "" : sprintf(", CPU %.2f s (%.0f us/summary)", u + s, 1e6 * (u + s) / n)
		printf "%s: %.2f s wall (%.0f us/summary)%s, peak RSS %.1f MB\n", l, w, 1e6 * w / n, cpu, m / 1024 }'
}
echo "check bench: $NS summaries of $N children"
report "check --all, storing the verdicts (first time)" "$(rusage "$BIN" check --all --db "$DB")"
echo "  stored: $(sqlite3 "$DB" "SELECT count(*) FROM summary_checks") summaries, $(sqlite3 "$DB" "SELECT count(*) FROM claim_checks") claims"
report "check --all again (same checker version: unchanged rows)" "$(rusage "$BIN" check --all --db "$DB")"
report "check --all --no-store" "$(rusage "$BIN" check --all --no-store --db "$DB")"
report "check --all --json --no-store" "$(rusage "$BIN" check --all --json --no-store --db "$DB")"
# RSS flat: against one child's summary (start-up and the store's cache alone).
NS=$(sqlite3 "$DB" "SELECT count(*) FROM summaries WHERE patient_id = 1")
report "check --patient #1 --no-store ($NS summary)" "$(rusage "$BIN" check --no-store --patient "#1" --db "$DB")"
