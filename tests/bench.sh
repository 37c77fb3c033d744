#!/bin/sh
# bench.sh — `make bench`: throughput and peak memory of growthview, next to a trivial pass
# (awk printing one field) over the same file in the same run, so the figures survive a noisy
# machine.  Reports; asserts nothing.  BENCH_ROWS (default 1000000) sets the input size.
set -u
BIN=${GV_BIN:?}
B=${GV_BUILD:-build}
ROWS=${BENCH_ROWS:-1000000}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
RUSAGE="$B/bench/rusage"
[ -x "$RUSAGE" ] || { echo "bench: $RUSAGE missing (make bench builds it)"; exit 2; }

best() { # best (lowest) seconds of 3 runs; prints "sec rss"
	b=""
	for i in 1 2 3; do
		r=$("$RUSAGE" "$@" 2>&1 >/dev/null | tail -n 1)
		s=${r% *}
		if [ -z "$b" ] || awk -v a="$s" -v b="${b% *}" 'BEGIN { exit !(a < b) }'; then b=$r; fi
	done
	echo "$b"
}

echo "growthview bench: $ROWS rows, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
for kind in who cdc; do
	"$B/bench/gendata" $kind "$ROWS" >"$T/$kind.csv"
	awk_r=$(best "$T/$kind.csv" /dev/null awk -F, '{print $1}')
	gv_r=$(best "$T/$kind.csv" /dev/null "$BIN" zscore --ref $kind)
	gv1_r=$(best "$T/$kind.csv" /dev/null "$BIN" zscore --ref $kind --threads 1)
	awk -v k=$kind -v n="$ROWS" -v a="$awk_r" -v g="$gv_r" -v g1="$gv1_r" 'BEGIN {
		split(a, A, " "); split(g, G, " "); split(g1, G1, " ");
		printf "zscore %-3s: %9.0f rows/s (%.3f s, peak RSS %5.1f MB) | 1 thread %9.0f rows/s | awk trivial pass %9.0f rows/s (%.3f s) | zscore/awk time %.2f\n",
			k, n / G[1], G[1], G[2] / 1024, n / G1[1], n / A[1], A[1], G[1] / A[1] }'
done

# Synthetic cohort: 100,000 children into a new database (generation, inserts, flag summaries).
rm -f "$T/synth.db"*
s=$("$RUSAGE" /dev/null "$T/synth.out" env GROWTHVIEW_TODAY=2026-11-25 GROWTHVIEW_CONFIG=/dev/null/none \
	"$BIN" synth --patients 100000 --seed 1 --db "$T/synth.db" 2>&1 >/dev/null | tail -n 1)
echo "synth 100,000 children: ${s% *} s, peak RSS $(( ${s#* } / 1024 )) MB; $(cat "$T/synth.out")"
