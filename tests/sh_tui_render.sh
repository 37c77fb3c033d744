#!/bin/sh
# sh_tui_render.sh — how the TUI looks in tmux with and without colour and Unicode: colours by
# default; none with NO_COLOR=1 or --no-color (flag markers keep their glyphs, the cursor its
# reverse video); braille charts in a UTF-8 locale; plain ASCII with --ascii and in the C locale.
# Screens read with `tmux capture-pane -e` (escape sequences kept) or -p.
set -u
BIN=${GV_BIN:?GV_BIN not set}
. tests/lib.sh
. tests/tmux.sh
DB="$T/c.db"
$GV_ENV "$BIN" import --db "$DB" tests/data/tui_clinic.csv >/dev/null 2>&1
ESC=$(printf '\033')
# SGR colour parameters (30-37, 40-47, 38;..., 48;...) anywhere in the captured escapes
has_colour() {
	grep -E -q "$ESC\[([0-9;]*;)?(3[0-8]|4[0-8])[;m]" "$1"
}
run() { # ARGS...: start growthview, wait for the list, open HC-1's chart
	rm -f "$T/list.esc" "$T/list.txt" "$T/chart.esc" "$T/chart.txt"
	tm_start 80 24 "$*" || return 1
	tm_wait "8 patients" >/dev/null || return 1
	tmux -L "$SOCK" capture-pane -e -p -t gv >"$T/list.esc"
	tm_screen >"$T/list.txt"
	tm_keys / H C - 1 Enter Enter
	tm_wait "(HC-1)" >/dev/null || return 1
	tmux -L "$SOCK" capture-pane -e -p -t gv >"$T/chart.esc"
	tm_screen >"$T/chart.txt"
}

run "$GV_ENV $BIN --db $DB"
check "colour by default" 'has_colour "$T/list.esc" && has_colour "$T/chart.esc"'
check "braille chart in a UTF-8 locale" 'grep -q "$(printf "\342\243")" "$T/chart.txt"'
check "axes with line drawing" 'grep -q "$(printf "\342\224\202")" "$T/chart.txt"'

run "$GV_ENV NO_COLOR=1 $BIN --db $DB"
check "NO_COLOR=1: no colour at all" '! has_colour "$T/list.esc" && ! has_colour "$T/chart.esc"'
check "NO_COLOR=1: flag markers keep their glyphs" 'grep -q "!! Small Head" "$T/list.txt" && grep -q "? *Pound Typo" "$T/list.txt"'
check "NO_COLOR=1: the cursor in reverse video" 'grep -E -q "$ESC\[[0-9;]*7m($ESC\[[0-9;]*m)*   Alma Berg" "$T/list.esc"'

run "$GV_ENV $BIN --db $DB --no-color"
check "--no-color: no colour at all" '! has_colour "$T/list.esc" && ! has_colour "$T/chart.esc"'

run "$GV_ENV $BIN --db $DB --ascii"
check "--ascii: only ASCII on the screen" '! LC_ALL=C grep -q "[^ -~]" "$T/chart.txt"'
check "--ascii: the chart is drawn" 'grep -q "++-" "$T/chart.txt" && grep -q "50" "$T/chart.txt"'
check "--ascii: colours still on" 'has_colour "$T/chart.esc"'

run "env HOME=$T GROWTHVIEW_CONFIG=/dev/null GROWTHVIEW_TODAY=2025-06-01 TERM=tmux-256color LC_ALL=C $BIN --db $DB"
check "C locale: ASCII without being asked" '! LC_ALL=C grep -q "[^ -~]" "$T/chart.txt" && grep -q "++-" "$T/chart.txt"'
check "C locale: numbers still with a point" 'grep -q "weight 9.600 kg" "$T/chart.txt"'

# A locale with a decimal comma, when the system has one: numbers still with a point.
loc=$(locale -a 2>/dev/null | grep -i -m1 -E '^(de_DE|fr_FR|nl_NL|it_IT)\.utf-?8$')
if [ -n "$loc" ]; then
	run "env HOME=$T GROWTHVIEW_CONFIG=/dev/null GROWTHVIEW_TODAY=2025-06-01 TERM=tmux-256color LC_ALL=$loc $BIN --db $DB"
	check "$loc: numbers with a point" 'grep -q "weight 9.600 kg" "$T/chart.txt"'
else
	echo "# no locale with a decimal comma installed: that case is not run here"
fi

finish sh_tui_render
