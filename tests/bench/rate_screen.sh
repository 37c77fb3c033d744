#!/bin/sh
# rate_screen.sh — `make bench`: the rating screen, key to redrawn screen (CPU), at 80x24 and
# 200x60, with two 300-word summaries per item, on a store of $RATE_BENCH_PATIENTS children (default
# 100,000, the summaries bench's database) with two summaries each (200,000): 300 words for the 50
# children of the queue, a short one for the others.  Reports; asserts nothing.
set -u
BIN=${GV_BIN:?GV_BIN not set}
B=${GV_BUILD:-build}
N=${RATE_BENCH_PATIENTS:-100000}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export GROWTHVIEW_CONFIG="$T/config" GROWTHVIEW_TODAY=2026-11-25 HOME="$T"
: >"$T/config"
if [ "$N" = 100000 ]; then DB=${SUM_BENCH_DB:-$B/bench/sum100k.db}; else DB="$B/bench/rate$N.db"; fi
mkdir -p "$(dirname "$DB")"
if [ ! -s "$DB" ]; then
	"$BIN" synth --patients "$N" --seed 11 --db "$DB" >/dev/null 2>&1 || { echo "rate screen bench: cannot make $DB"; exit 2; }
fi
sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
cp "$DB" "$T/r.db"
sqlite3 "$T/r.db" "SELECT ext_id FROM patients ORDER BY id" | awk '
function words(n, seed,   s, i) {
	s = sprintf("Weight-for-age is on the %dth percentile (z %+.2f) on the WHO 2006 chart.", seed % 97 + 1, (seed % 400 - 200) / 100)
	for (i = 12; i < n; i += 17)
		s = s sprintf(" At visit %d the length was %.1f cm and the weight %.2f kg, steady on the chart.", i / 17, 60 + i / 10, 6 + i / 100)
	return s
}
{
	for (m = 0; m < 2; m++)
		printf "{\"patient_id\":\"%s\",\"model\":\"model-%s\",\"audience\":\"clinician\",\"text\":\"%s\"}\n", $1, m ? "b" : "a", words(NR <= 50 ? 300 : 24, NR + 31 * m)
}' >"$T/s.jsonl"
"$BIN" import-summaries --db "$T/r.db" "$T/s.jsonl" >/dev/null 2>&1 || { echo "rate screen bench: import failed"; exit 2; }
"$BIN" raters add bench --role annotator --db "$T/r.db" >/dev/null
# shellcheck disable=SC2046
"$BIN" queue build --models model-a,model-b --raters bench --gold 0 --seed 1 --db "$T/r.db" \
	--patients $(sqlite3 "$T/r.db" "SELECT ext_id FROM patients ORDER BY id LIMIT 50") </dev/null >/dev/null ||
	{ echo "rate screen bench: queue build failed"; exit 2; }
echo "rate screen bench: $(sqlite3 "$T/r.db" "SELECT count(*) FROM patients") children, $(sqlite3 "$T/r.db" "SELECT count(*) FROM summaries") summaries, words per summary of the queue: $(sqlite3 "$T/r.db" "SELECT text FROM summaries s JOIN queue_items q ON q.summary_left = s.id LIMIT 1" | wc -w)"
"$B/bench/rate_screen_bench" "$T/r.db" bench 300
