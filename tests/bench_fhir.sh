#!/bin/sh
# bench_fhir.sh — `make bench`: importing a large FHIR NDJSON file (issue 10: 500 MB in < 60 s
# with a peak RSS < 128 MB, and the database's write lock held only while writing).
# BENCH_FHIR_MB (default 500) sets the size.  Reports; asserts nothing.
#
# The lock is measured from outside, as another writer sees it: while the import runs, a probe
# takes the write lock (sqlite3: BEGIN IMMEDIATE; COMMIT, waiting as long as it takes) every
# 50 ms; its longest wait is how long the import kept every other writer (a TUI save, another
# import) out.
set -u
BIN=${GV_BIN:?}
B=${GV_BUILD:-build}
MB=${BENCH_FHIR_MB:-500}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
RUSAGE="$B/bench/rusage"
export GROWTHVIEW_CONFIG=/dev/null GROWTHVIEW_TODAY=2025-01-01

"$B/bench/genfhir" "$MB" >"$T/big.ndjson"
size=$(wc -c <"$T/big.ndjson")
lines=$(wc -l <"$T/big.ndjson")
"$BIN" import --db "$T/f.db" /dev/null >/dev/null 2>&1 # creates the database

probe() {
	max=0
	while [ ! -e "$T/done" ]; do
		t0=$(date +%s%N)
		sqlite3 -cmd ".timeout 600000" "$T/f.db" "BEGIN IMMEDIATE; COMMIT;" >/dev/null 2>&1
		t1=$(date +%s%N)
		ms=$(((t1 - t0) / 1000000))
		[ $ms -gt $max ] && max=$ms
		sleep 0.05
	done
	echo $max >"$T/probe"
}
probe &
ppid=$!
r=$("$RUSAGE" /dev/null "$T/imp.out" "$BIN" import --db "$T/f.db" "$T/big.ndjson" 2>&1 | tail -n 1)
touch "$T/done"
wait $ppid
echo "fhir import: $size bytes ($lines NDJSON lines) in ${r% *} s, peak RSS $(( ${r#* } / 1024 )) MB;" \
	"longest wait of another writer $(cat "$T/probe") ms; $(cat "$T/imp.out")"
