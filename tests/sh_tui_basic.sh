#!/bin/sh
# sh_tui_basic.sh — the TUI end to end in tmux (80x24): open, search, open a chart, switch
# indicator, move between visits, help, resize down to "terminal too small" and up to the side
# panel, quit with the terminal restored (stty state, alternate screen, cursor), and the same
# after Ctrl-C (SIGINT, status 130) and SIGTERM (status 143) from deep inside the interface.
set -u
BIN=${GV_BIN:?GV_BIN not set}
. tests/lib.sh
. tests/tmux.sh
DB="$T/c.db"
$GV_ENV "$BIN" import --db "$DB" tests/data/tui_clinic.csv >/dev/null 2>&1
# The pane runs growthview between two `stty -g` and prints its exit status.  The wrapper traps
# SIGINT (so that Ctrl-C, sent to the whole foreground group, does not end it too); a trapped
# signal is back to its default action in the program it starts.
cat >"$T/run.sh" <<RUN
trap : INT
a=\$(stty -g)
$GV_ENV "$BIN" "\$@"
rc=\$?
b=\$(stty -g)
if [ "\$a" = "\$b" ]; then echo TTY-RESTORED; else echo TTY-CHANGED; fi
echo GV-EXIT-\$rc
sleep 600
RUN

tm_start 80 24 "sh $T/run.sh --db $DB"
check "opens on the patient list" 'tm_wait "8 patients  sort: name"'
check "in the alternate screen" '[ "$(tm_format "#{alternate_on}")" = 1 ]'
tm_keys / s m a
check "incremental search as you type" 'tm_wait "1 of 8 patients"'
check "the match is listed" 'grep -q "!! Small Head  *HC-1" "$T/screen"'
tm_keys Enter Enter
check "Enter keeps the search, Enter opens the chart" 'tm_wait "2025-01-02  age 1y 0m  weight 9.600 kg"'
check "title and header" 'grep -q "Small Head  (HC-1)" "$T/screen" && grep -q "boy  born 2024-01-01  age 1y 5m  4 visits" "$T/screen"'
tm_keys 4
check "switch to head circumference" 'tm_wait "head 42.0 cm  z -3.18  P0.07"'
check "the flag at this visit, with its rule" 'grep -q "!! hcfa_below_m3sd severe microcephaly" "$T/screen"'
check "the tab in force" 'grep -q "\[4 Head\]" "$T/screen"'
tm_keys Left
check "Left: the previous visit" 'tm_wait "2024-07-01  age 6m 0d  head 39.0 cm"'
tm_keys g
check "g: the first visit" 'tm_wait "2024-01-01  age 0d  head 31.0 cm  z -2.73"'
tm_keys l
check "l: the next visit" 'tm_wait "2024-03-01  age 2m 0d"'
tm_keys z
check "z-score view" 'tm_wait "z-score child auto"'
tm_keys z t
check "table of measurements" 'tm_wait "Date       Age       Wt kg"'
tm_keys t '?'
check "help overlay lists the keys" 'tm_wait "Keys: Patient chart"'
tm_keys Escape
check "any key closes the help" 'tm_gone "Keys: Patient chart"'

tmux -L "$SOCK" resize-window -t gv -x 70 -y 20
check "resized below 80x24: terminal too small" 'tm_wait "70x20: growthview needs at least 80x24."'
tmux -L "$SOCK" resize-window -t gv -x 160 -y 48
check "resized to 160x48: the flags panel beside the chart" 'tm_wait "Flags  (Tab: select)"'
check "the whole width is used" 'tm_wait "Earlier (over a year before the last visit)"'
tmux -L "$SOCK" resize-window -t gv -x 80 -y 24
# (wait for the 80-column status line: right after a resize tmux shows the old frame cut)
check "back to 80x24: laid out again, no side panel" 'tm_wait "Tab flags  a add       ? help" && grep -q "Small Head  (HC-1)" "$T/screen" && ! grep -q "Flags  (Tab" "$T/screen"'
tm_keys q
check "q: back to the list" 'tm_wait "sort: name"'
tm_keys q
check "q: quit, exit status 0" 'tm_wait "GV-EXIT-0"'
check "terminal modes restored (stty -g unchanged)" 'grep -q TTY-RESTORED "$T/screen"'
check "alternate screen left" '[ "$(tm_format "#{alternate_on}")" = 0 ]'
check "cursor visible again" '[ "$(tm_format "#{cursor_flag}")" = 1 ]'
check "keypad mode off again" '[ "$(tm_format "#{keypad_cursor_flag}")" = 0 ]'

# Ctrl-C in the middle of typing a measurement: the terminal comes back, the signal is re-raised.
tm_start 80 24 "sh $T/run.sh --db $DB"
tm_wait "8 patients" >/dev/null
tm_keys Enter
tm_wait "(TUI-1)" >/dev/null
tm_keys a Tab Tab 5
tm_wait "Add measurement" >/dev/null
tm_keys C-c
check "Ctrl-C: killed by SIGINT (status 130)" 'tm_wait "GV-EXIT-130"'
check "Ctrl-C: terminal modes restored" 'grep -q TTY-RESTORED "$T/screen"'
check "Ctrl-C: alternate screen left" '[ "$(tm_format "#{alternate_on}")" = 0 ]'
check "Ctrl-C: nothing was saved (a header and 7 measurements)" '[ "$($GV_ENV "$BIN" export --db "$DB" --patient TUI-1 2>/dev/null | wc -l)" = 8 ]'

# SIGTERM (a shutdown, a kill from another terminal).
tm_start 80 24 "sh $T/run.sh --db $DB"
tm_wait "8 patients" >/dev/null
tm_keys Enter
tm_wait "(TUI-1)" >/dev/null
pid=$(pgrep -P "$(tm_format '#{pane_pid}')")
kill -TERM "$pid"
check "SIGTERM: status 143" 'tm_wait "GV-EXIT-143"'
check "SIGTERM: terminal restored" 'grep -q TTY-RESTORED "$T/screen" && [ "$(tm_format "#{alternate_on}")" = 0 ]'

# An unknown terminal type: a clear message, status 2.
tm_start 80 24 "env HOME=$T GROWTHVIEW_CONFIG=/dev/null TERM=no-such-term LC_ALL=C.UTF-8 $BIN --db $DB; echo GV-EXIT-\$?; sleep 600"
check "unknown TERM: status 2" 'tm_wait "GV-EXIT-2"'
check "unknown TERM: says which and what to do" 'grep -q "cannot use the terminal type .no-such-term. (set TERM" "$T/screen"'

# Not a terminal: a clear message, nothing drawn.
$GV_ENV "$BIN" --db "$DB" </dev/null >"$T/out" 2>"$T/err"
rc=$?
check "not a terminal: status 2 and a message" '[ $rc = 2 ] && grep -q "must be a terminal" "$T/err"'

finish sh_tui_basic
