#!/bin/sh
# ratings.sh — `make bench`: the rating work of issue #13 on a store of 100,000 children and
# 200,000 summaries (two imported models, one summary of each per child).  Reports; asserts nothing.
#   1. queue build --models a,b --raters bench --per-rater 1000 over the 200,000 summaries: wall,
#      CPU, peak RSS
#   2. the autosave per key (tests/bench/autosave_bench.c: store_rating_save, submit, next item):
#      median, p99, max; peak RSS of the process
#   3. the adjudicator's (tests/bench/adjudicate_bench.c): a queue of 300 items each given to two
#      raters who disagree on all of them; the adjudicator's save per key, resolve, load
# The autosave is measured twice: with SQLite's checkpoints (the commit that passes 1,000 WAL
# pages copies them back) and with the interface's (store_interactive: when idle, here every 40
# keys, timed apart).
# The children come from the summaries bench's database ($SUM_BENCH_DB, default
# $GV_BUILD/bench/sum100k.db, made by `growthview synth` when missing); the summaries are imported
# into a copy of it.
set -u
BIN=${GV_BIN:?GV_BIN not set}
B=${GV_BUILD:-build}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export GROWTHVIEW_CONFIG="$T/config" GROWTHVIEW_TODAY=2026-11-25 HOME="$T"
: >"$T/config"
DB=${SUM_BENCH_DB:-$B/bench/sum100k.db}
mkdir -p "$(dirname "$DB")"
if [ ! -s "$DB" ]; then
	"$BIN" synth --patients 100000 --seed 11 --db "$DB" >/dev/null 2>&1 || { echo "ratings bench: cannot make $DB"; exit 2; }
fi
sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
cp "$DB" "$T/r.db"
sqlite3 "$T/r.db" "SELECT ext_id FROM patients" | awk '{
	for (m = 0; m < 2; m++)
		printf "{\"patient_id\":\"%s\",\"model\":\"model-%s\",\"audience\":\"clinician\",\"text\":\"Weight-for-age is on the %dth percentile (z %+.2f); length is steady on the WHO 2006 chart; no flag of concern. Recheck at the next visit.\"}\n", $1, m ? "b" : "a", (NR + 31 * m) % 97 + 1, (NR % 400 - 200) / 100 }' >"$T/s.jsonl"
"$BIN" import-summaries --db "$T/r.db" "$T/s.jsonl" >/dev/null 2>&1 || { echo "ratings bench: import failed"; exit 2; }
"$BIN" raters add bench --role annotator --db "$T/r.db" >/dev/null
if [ -x /usr/bin/time ]; then
	/usr/bin/time -f "%e %M %U %S" "$BIN" queue build --models model-a,model-b --raters bench --per-rater 1000 --gold 0 --seed 1 --db "$T/r.db" </dev/null >/dev/null 2>"$T/time"
	set -- $(tail -n 1 "$T/time")
	awk -v w="$1" -v m="$2" -v u="$3" -v s="$4" 'BEGIN { printf "queue build over 200,000 summaries (1,000 items): %.2f s wall, CPU %.2f s, peak RSS %d MB\n", w, u + s, m / 1024 }'
else
	"$BIN" queue build --models model-a,model-b --raters bench --per-rater 1000 --gold 0 --seed 1 --db "$T/r.db" >/dev/null
fi
# sync after each copy: the copy's dirty pages written back during the run would stall a commit
# (a 150 ms key seen without it, on an otherwise idle machine)
cp "$T/r.db" "$T/r0.db"
sync
"$B/bench/autosave_bench" "$T/r.db" bench 5000      # SQLite's checkpoints, in a commit now and then
cp "$T/r0.db" "$T/r.db"
rm -f "$T/r.db-wal" "$T/r.db-shm"
sync
"$B/bench/autosave_bench" "$T/r.db" bench 5000 40   # the interface's: when idle (every 40 keys here)
"$BIN" raters add b1 --role annotator --db "$T/r.db" >/dev/null
"$BIN" raters add b2 --role clinician --db "$T/r.db" >/dev/null
"$BIN" raters add judge --role adjudicator --db "$T/r.db" >/dev/null
"$BIN" queue build --models model-a,model-b --raters b1,b2 --overlap 1 --per-rater 300 --gold 0 --seed 2 --name adj \
	--db "$T/r.db" </dev/null >/dev/null 2>&1 || { echo "ratings bench: adjudication queue failed"; exit 2; }
"$B/bench/adjudicate_bench" "$T/r.db" adj b1 b2 judge 5000 40
