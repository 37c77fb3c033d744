#!/bin/sh
# bench_store.sh — store benchmarks (figures for the notes, never asserted in tests):
#   1. import 1,000,000 CSV measurements (100,000 children x 10 visits) into a new database;
#   2. on that database: open it and fetch the first screen of the patient list, and the other
#      queries the TUI needs (tests/bench_store_list.c);
#   3. export it back to CSV.
# Usage: sh tests/bench_store.sh   (from the top of the tree, after `make`)
# Environment: GV_BIN (default build/growthview), BENCH_DIR (default a temporary directory).
set -eu
G=${GV_BIN:-build/growthview}
B=${BUILD:-build}
D=${BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/gvbench.XXXXXX")}
mkdir -p "$D"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ //')"
echo "sqlite $(pkg-config --modversion sqlite3)"

if [ ! -s "$D/m1.csv" ]; then
	awk 'BEGIN {
		srand(7); print "patient_id,name,sex,birth_date,date,weight_kg,height_cm,head_cm"
		for (p = 0; p < 100000; p++) {
			sx = (p % 2) ? "M" : "F"; by = 2010 + p % 12; bm = 1 + p % 12
			for (v = 0; v < 10; v++) {
				y = by + int(v / 2); m = 1 + (bm + v * 6 - 1) % 12
				hc = (v < 6) ? sprintf("%.1f", 35 + v * 1.5) : ""
				printf "P%07d,Child %d Name%d,%s,%d-%02d-10,%d-%02d-20,%.1f,%.1f,%s\n", p, p, p % 977, sx, by, bm,
					y + 1, m, 3 + v * 2.1 + rand(), 50 + v * 7 + rand() * 2, hc
			}
		}
	}' > "$D/m1.csv"
fi
echo "input: $(wc -l < "$D/m1.csv") lines, $(du -m "$D/m1.csv" | cut -f1) MB"

# A trivial pass over the same file, for scale on a noisy machine.
t0=$(date +%s.%N); awk -F, '{ n += $6 } END { print n > "/dev/null" }' "$D/m1.csv"; t1=$(date +%s.%N)
echo "awk pass over the file: $(echo "$t1 - $t0" | bc) s"

# The import itself (--no-flags), three times; then once with the flag summaries the list's
# markers need, recomputed for the 100,000 patients the import touched (the default).
for run in 1 2 3; do
	rm -f "$D/bench.db" "$D/bench.db-wal" "$D/bench.db-shm"
	/usr/bin/time -f "import run $run (--no-flags): %e s elapsed (%U s user, %S s sys), peak RSS %M KB" \
		env GROWTHVIEW_TODAY=2030-01-01 GROWTHVIEW_CONFIG=/dev/null/none "$G" import --no-flags --db "$D/bench.db" "$D/m1.csv" > "$D/import.out"
done
rm -f "$D/bench.db" "$D/bench.db-wal" "$D/bench.db-shm"
/usr/bin/time -f "import with flag summaries: %e s elapsed (%U s user, %S s sys), peak RSS %M KB" \
	env GROWTHVIEW_TODAY=2030-01-01 GROWTHVIEW_CONFIG=/dev/null/none "$G" import --db "$D/bench.db" "$D/m1.csv" > "$D/import.out"
cat "$D/import.out"
echo "database: $(du -m "$D/bench.db" | cut -f1) MB"

cc -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -I. -o "$D/bench_store_list" tests/bench_store_list.c \
	"$B/libgvapp.a" "$B/libgvcore.a" $(pkg-config --libs sqlite3 libcjson) -lm
"$D/bench_store_list" "$D/bench.db" 22

/usr/bin/time -f "export CSV: %e s elapsed, peak RSS %M KB" "$G" export --db "$D/bench.db" > "$D/export.csv"
echo "export: $(wc -l < "$D/export.csv") lines"
[ -n "${BENCH_DIR:-}" ] || rm -rf "$D"
