#!/bin/sh
# bench_search.sh — `make bench`: the patient list's search at 100,000 and 1,000,000 children
# (figures for the notes; asserts nothing):
#   1. the index's cost: `growthview synth --patients 100000` into a new file with the index and
#      without it (GROWTHVIEW_NO_FTS5=1), time and file size;
#   2. the million-child database (made once by `growthview synth`, minutes, and kept in
#      $GV_BUILD/bench-search/ for the next run), the time of making its index for a file of the
#      schema before it (the migration);
#   3. at both sizes: first frame, per-key search latency, peak RSS, with the index and with the
#      scan every search used before it (tests/bench_search.c).
# Environment: GV_BIN, GV_BUILD (make bench sets them); BENCH_SEARCH_N (default 1000000).
set -eu
G=${GV_BIN:?}
B=${GV_BUILD:-build}
N=${BENCH_SEARCH_N:-1000000}
C="$B/bench-search"
mkdir -p "$C"
T=$(mktemp -d "${TMPDIR:-/tmp}/gvsearch.XXXXXX")
trap 'rm -rf "$T"' EXIT
export GROWTHVIEW_TODAY=2026-11-25 GROWTHVIEW_CONFIG=/dev/null/none

cc -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -I. -o "$T/bench_search" tests/bench_search.c \
	"$B/libgvapp.a" "$B/libgvcore.a" $(pkg-config --libs sqlite3 libcjson) -lm -lpthread
echo "search bench: sqlite $(pkg-config --modversion sqlite3), $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"

size_mb() { echo "$(($(stat -c %s "$1") / 1048576)) MB"; }

# 1. Import cost of the index: 100,000 children (with visits and flag summaries).
for mode in index none; do
	rm -f "$T/s100k.db"*
	if [ $mode = none ]; then env=GROWTHVIEW_NO_FTS5=1; else env=GROWTHVIEW_NO_FTS5=0; fi
	/usr/bin/time -f "%e %U %M" -o "$T/time" env $env "$G" synth --patients 100000 --seed 1 --db "$T/s100k.db" >/dev/null
	env $env "$T/bench_search" open "$T/s100k.db" >/dev/null # checkpoint: the WAL folded into the file
	read -r el us rss < "$T/time"
	echo "synth 100,000 children, search index: $mode: $el s elapsed ($us s user), peak RSS $((rss / 1024)) MB, file $(size_mb "$T/s100k.db")"
	[ $mode = index ] && cp "$T/s100k.db" "$T/k100.db"
done
echo "-- 100,000 children, with the index:"
"$T/bench_search" keys "$T/k100.db"
echo "-- 100,000 children, the scan (before the index):"
GROWTHVIEW_NO_FTS5=1 "$T/bench_search" keys "$T/k100.db"

# 2. The million.
M="$C/synth-$N.db"
if [ ! -s "$M" ]; then
	echo "making $M (once; minutes) ..."
	/usr/bin/time -f "synth $N children: %e s elapsed, peak RSS %M KB" "$G" synth --patients "$N" --seed 1 --db "$M.tmp" >/dev/null
	"$T/bench_search" open "$M.tmp" >/dev/null
	mv "$M.tmp" "$M"
fi
echo "database of $N children: $(size_mb "$M")"
# Making the index for a file of the schema before it: a copy without it, opened writable.
# Sizes are of the pages in use (page_count - freelist_count), so no VACUUM is needed.
used_mb() { sqlite3 "$1" "SELECT (p.page_count - f.freelist_count) * s.page_size / 1048576 || ' MB in use'
	FROM pragma_page_count p, pragma_freelist_count f, pragma_page_size s"; }
if command -v sqlite3 >/dev/null; then
	cp "$M" "$T/old.db"
	v=$(sqlite3 "$T/old.db" "PRAGMA user_version")
	sqlite3 "$T/old.db" "DROP TRIGGER patients_search_insert; DROP TRIGGER patients_search_delete;
		DROP TRIGGER patients_search_update; DROP TABLE patients_search; PRAGMA user_version = $((v - 1));"
	echo "without the index: $(used_mb "$T/old.db")"
	"$T/bench_search" open "$T/old.db"
	echo "with the index made by the migration: $(used_mb "$T/old.db")"
else
	echo "(no sqlite3 shell: the migration's time is not measured)"
fi
rm -f "$T/old.db"*
echo "-- $N children, with the index:"
"$T/bench_search" keys "$M"
echo "-- $N children, the scan (before the index):"
GROWTHVIEW_NO_FTS5=1 "$T/bench_search" keys "$M"
