#!/bin/sh
# sh_tui_stats.sh — the statistics screen end to end in tmux at 80x24: S on the patient list opens
# it on the study of tests/app_stats.c (written by `app_stats --fixture`), the body is exactly the
# text of `growthview stats --width 80` (tests/golden/stats_80.txt) a page at a time, G / g / j
# scroll, ? shows its keys, r computes again, q goes back to the list; the demo store (a queue,
# nothing rated) says so; ASCII only under --ascii.
set -u
BIN=${GV_BIN:?GV_BIN not set}
BUILD=${GV_BUILD:-build}
. tests/lib.sh
. tests/tmux.sh
DB="$T/s.db"
"$BUILD/tests/app_stats" --fixture "$DB" >/dev/null 2>&1
check "the study database is made" '[ -s "$DB" ]'
GOLD=tests/golden/stats_80.txt
total=$(wc -l <"$GOLD")

# rows 2-23 of the pane (the body), as text
body() { sed -n '2,23p' "$T/screen"; }

cat >"$T/run.sh" <<RUN
$GV_ENV "$BIN" "\$@"
echo GV-EXIT-\$?
sleep 600
RUN

tm_start 80 24 "sh $T/run.sh --db $DB --ascii"
check "opens on the patient list" 'tm_wait "6 patients"'
tm_keys S
check "S opens the statistics, first page" 'tm_wait "statistics  lines 1-22 of $total"'
sed -n '1,22p' "$GOLD" >"$T/want"
check "the body is the first 22 lines of the 80-column text, exactly" 'body | diff - "$T/want" >/dev/null'
check "the status line names the screen's keys" 'sed -n 24p "$T/screen" | grep -q "scroll  r recompute  q back.*? help"'
check "nothing outside ASCII on screen (--ascii)" '! LC_ALL=C grep -q "[^ -~]" "$T/screen"'
tm_keys G
check "G: the last page" 'tm_wait "lines $((total - 21))-$total of $total"'
sed -n "$((total - 21)),${total}p" "$GOLD" >"$T/want"
check "the body is the last 22 lines, exactly" 'body | diff - "$T/want" >/dev/null'
check "the leaderboard's last lines: raters, gold accuracy, adjudications" \
	'grep -q "^ann  *annotator  *8  *0  *0  *1 1/1 100%  *1/1 100%" "$T/screen" && grep -q "Adjudications: 2 pending, 0 resolved." "$T/screen"'
tm_keys g j j
check "g then j j: from line 3" 'tm_wait "lines 3-24 of $total"'
sed -n '3,24p' "$GOLD" >"$T/want"
check "the body follows" 'body | diff - "$T/want" >/dev/null'
tm_keys '?'
check "? lists the screen's keys" 'tm_wait "Keys: Statistics"'
tm_keys Escape
check "any key closes the help" 'tm_gone "Keys: Statistics"'
tm_keys r
check "r computes again" 'tm_wait "statistics computed again"'
tm_keys q
check "q: back to the list" 'tm_wait "6 patients" && tm_gone "statistics  lines"'
tm_keys S
check "S again" 'tm_wait "statistics  lines 1-22"'
tm_keys Q
check "Q quits from the statistics" 'tm_wait "GV-EXIT-0"'

# a store with summaries and no rating: said so, no empty tables
$GV_ENV "$BIN" demo --db "$T/d.db" --patients 12 >/dev/null 2>&1
tm_start 80 24 "sh $T/run.sh --db $T/d.db"
check "the demo store opens" 'tm_wait "12 patients"'
tm_keys S
check "demo: nothing rated yet, said so" 'tm_wait "No submitted rating of an ordinary item yet: no ranking, scores or agreement."'
check "demo: the summaries without a check are counted" 'grep -q "Summaries: 72 by 3 models on 12 children; 0 with a stored claim check." "$T/screen"'
tm_keys q q
check "quit" 'tm_wait "GV-EXIT-0"'
finish sh_tui_stats
