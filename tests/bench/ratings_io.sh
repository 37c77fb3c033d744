#!/bin/sh
# ratings_io.sh — `make bench`: export-ratings, import-ratings and rating-copy (issue #13).
# Reports; asserts nothing.  For N = 2,000 and 20,000 children (RATINGS_BENCH_SIZES), each with
# one pair of summaries (models m1, m2) in one rater's queue, every item rated:
#   import-ratings of the N lines (all added), again (all unchanged), export-ratings (streamed:
#   its peak RSS should not grow with N), rating-copy of the rater's items.
set -u
BIN=${GV_BIN:?GV_BIN not set}
B=${GV_BUILD:-build}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export GROWTHVIEW_CONFIG="$T/config" GROWTHVIEW_TODAY=2019-06-30 HOME="$T" LC_ALL=C
: >"$T/config"
if [ -x /usr/bin/time ]; then
	rusage() { /usr/bin/time -f "%e %M %U %S" "$@" </dev/null >/dev/null 2>"$T/time" || true; tail -n 1 "$T/time"; }
else
	rusage() { "$B/bench/rusage" /dev/null "$T/out" "$@" 2>&1 | tail -n 1; }
fi
report() { # label "sec rss [user sys]"
	set -- "$1" $2
	cpu=
	[ $# -ge 5 ] && cpu=$(awk -v u="$4" -v s="$5" 'BEGIN { printf ", CPU %.2f s", u + s }')
	echo "$1: $2 s wall$cpu, peak RSS $(( $3 / 1024 )) MB"
}
for n in ${RATINGS_BENCH_SIZES:-2000 20000}; do
	db="$T/r$n.db"
	"$BIN" synth --patients "$n" --seed 5 --db "$db" >/dev/null 2>&1 || { echo "ratings bench: synth failed"; exit 2; }
	sqlite3 "$db" "SELECT ext_id FROM patients" | awk '{
		printf "{\"patient_id\":\"%s\",\"model\":\"m1\",\"summary_id\":\"%s-m1\",\"text\":\"%s: weight on the 50th percentile.\"}\n", $1, $1, $1
		printf "{\"patient_id\":\"%s\",\"model\":\"m2\",\"summary_id\":\"%s-m2\",\"text\":\"%s: weight is normal.\"}\n", $1, $1, $1 }' >"$T/s.jsonl"
	"$BIN" import-summaries --db "$db" "$T/s.jsonl" >/dev/null 2>&1
	"$BIN" raters add ann --role annotator --db "$db" >/dev/null
	"$BIN" queue build --models m1,m2 --raters ann --seed 1 --name bench --db "$db" >/dev/null 2>&1
	sqlite3 -separator ' ' "$db" "SELECT i.position, l.summary_id, r.summary_id FROM queue_items i
		JOIN summaries l ON l.id = i.summary_left JOIN summaries r ON r.id = i.summary_right ORDER BY i.position" |
	awk '{ printf "{\"format\":\"gv-ratings-1\",\"queue\":\"bench\",\"position\":%d,\"rater\":\"ann\",\"role\":\"annotator\",\"a\":{\"summary\":\"%s\",\"correctness\":4,\"completeness\":3,\"conciseness\":5,\"clarity\":4,\"harm\":\"none\",\"likelihood\":null,\"tags\":[]},\"b\":{\"summary\":\"%s\",\"correctness\":2,\"completeness\":3,\"conciseness\":3,\"clarity\":4,\"harm\":\"mild_moderate\",\"likelihood\":\"low\",\"tags\":[\"unit_error\"]},\"choice\":\"a_better\",\"status\":\"submitted\",\"skip_reason\":null,\"flagged\":false,\"comment\":\"B reads 12 lb as 12 kg\",\"corrected\":null,\"active_ms\":%d,\"rubric\":\"gv-rubric-1\",\"updated\":\"2026-12-01T10:00:05Z\",\"submitted\":\"2026-12-01T10:00:05Z\"}\n", $1, $2, $3, 30000 + $1 }' >"$T/r.jsonl"
	items=$(wc -l <"$T/r.jsonl")
	r=$(rusage "$BIN" import-ratings --db "$db" "$T/r.jsonl")
	report "import-ratings, $items ratings ($(( $(wc -c <"$T/r.jsonl") / 1024 )) KiB), all added" "$r"
	r=$(rusage "$BIN" import-ratings --db "$db" "$T/r.jsonl")
	report "  again, all unchanged" "$r"
	r=$(rusage "$BIN" export-ratings --db "$db" --out "$T/e.jsonl")
	report "export-ratings, $items ratings" "$r"
	cmp -s "$T/r.jsonl" "$T/e.jsonl" && echo "  (the export is the imported file, byte for byte)"
	r=$(rusage "$BIN" rating-copy --db "$db" --rater ann --out "$T/c$n.db")
	report "rating-copy, $items items of $n children" "$r"
done
