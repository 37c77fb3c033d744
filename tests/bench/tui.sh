#!/bin/sh
# tui.sh — `make bench`: the TUI on 100,000 patients and about 1.5 million measurements.
# Reports; asserts nothing.  The database is made once by `growthview synth` (the store's bulk
# API; 100,000 children of seed 7, "today" 2026-01-15, flag summaries included) and kept in
# $TUI_BENCH_DB (default $GV_BUILD/bench/tui100k.db).
#   1. CPU per keystroke, key + whole frame + ncurses blit (tests/bench/tui_bench.c), 80x24, 200x60
#   2. launch to first full frame in a real terminal (a tmux pane, 80x24), 7 runs: the time the
#      program measures from its start (growthview --bench-startup) and the wall time around the
#      whole process (fork, exec, dynamic linking, first frame, endwin, exit), and the peak RSS
set -u
BIN=${GV_BIN:?GV_BIN not set}
B=${GV_BUILD:-build}
. tests/lib.sh
. tests/tmux.sh
DB=${TUI_BENCH_DB:-$B/bench/tui100k.db}
mkdir -p "$(dirname "$DB")"
if [ ! -s "$DB" ]; then
	env GROWTHVIEW_CONFIG=/dev/null "$BIN" synth --patients 100000 --seed 7 --today 2026-01-15 --db "$DB" >&2 ||
		{ echo "tui bench: cannot make $DB"; exit 2; }
fi
echo "growthview TUI bench: $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), database $DB ($(du -m "$DB" | cut -f1) MB)"
"$B/bench/tui_bench" "$DB" 200 || exit 2

cat >"$T/one.sh" <<RUN
t0=\$(date +%s%N)
$GV_ENV GROWTHVIEW_TODAY=2026-01-15 "$BIN" --db "$DB" --bench-startup 2>"\$1.in"
t1=\$(date +%s%N)
echo \$(( (t1 - t0) / 1000 )) >"\$1.tmp" && mv "\$1.tmp" "\$1"
sleep 600
RUN
i=1
while [ $i -le 7 ]; do
	tm_start 80 24 "sh $T/one.sh $T/run$i" || exit 2
	n=0
	while [ ! -s "$T/run$i" ] && [ $n -lt 600 ]; do
		sleep 0.05
		n=$((n + 1))
	done
	i=$((i + 1))
done
for f in "$T"/run[0-9]; do
	us=$(cat "$f")
	inner=$(sed -n 's/^first frame: \([0-9.]*\) ms.*CPU \([0-9.]*\) ms, max RSS \([0-9]*\) KiB.*/\1 \2 \3/p' "$f.in")
	echo "$us $inner"
done | sort -n | awk '
	{ wall[NR] = $1 / 1000; inner[NR] = $2; cpu[NR] = $3; rss[NR] = $4 }
	END {
		m = int((NR + 1) / 2)
		printf "launch to first frame, 80x24 tmux pane, %d runs (sorted by wall time):\n", NR
		for (i = 1; i <= NR; i++)
			printf "  process wall %6.1f ms | inside (from cmd_tui) %5.1f ms, CPU %5.1f ms | max RSS %5.1f MB\n",
				wall[i], inner[i], cpu[i], rss[i] / 1024
		printf "  median process wall %.1f ms\n", wall[m]
	}'
