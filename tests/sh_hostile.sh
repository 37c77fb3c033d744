#!/bin/sh
# sh_hostile.sh — untrusted text never reaches a terminal raw (issue 10), through the real
# commands.  A table of hostile strings (escape sequences that retitle the window, clear the
# screen or write the clipboard, a one-byte C1 CSI, BEL, backspace, DEL, CR, NUL, a bidi override,
# bytes that are not UTF-8):
#   1. import refuses each in a name or an id, with the value escaped in the message;
#   2. a database that holds them anyway (written behind growthview's back) is shown clean by
#      flags, flags --json, plot, export and zscore to a terminal, and by the TUI; files and pipes
#      get export's and zscore's bytes exactly;
#   3. a hostile file name is shown clean in import's messages and summary.
set -u
BIN=${GV_BIN:?GV_BIN not set}
. tests/lib.sh
export GROWTHVIEW_TODAY=2025-01-01 GROWTHVIEW_CONFIG=/dev/null USER=hostile LC_ALL=C.UTF-8

# clean FILE: 0 when FILE is valid UTF-8 with no control character but LF, TAB (and CR before LF
# of a terminal's line ends), no DEL, no C1, no bidi control.
clean() {
	python3 - "$1" <<'PY'
import sys
b = open(sys.argv[1], 'rb').read().replace(b'\r\n', b'\n')
try:
    s = b.decode('utf-8')
except UnicodeDecodeError:
    sys.exit(1)
bad = [c for c in s if (ord(c) < 32 and c not in '\n\t') or 0x7f <= ord(c) < 0xa0
       or ord(c) in (0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069)]
sys.exit(1 if bad else 0)
PY
}

# The hostile strings: name, printf format.
set -- \
	osc_title '\033]0;pwned\007' \
	osc52_clipboard '\033]52;c;ZXZpbA==\007' \
	csi_clear '\033[2J\033[H' \
	dcs '\033Pq#0;2;0;0;0\033\\' \
	c1_csi '\302\2332J' \
	raw_c1 '\2332J' \
	bel '\007' \
	backspace 'x\010y' \
	del '\177' \
	cr 'a\rb' \
	bidi_rlo '\342\200\256evil' \
	bidi_isolate '\342\201\246x' \
	bad_utf8 '\377\376' \
	overlong_slash '\300\257'
nh=$(($# / 2))

# ---------------------------------------------------------------- 1. import refuses them
i=0
while [ $# -gt 0 ]; do
	name=$1 fmt=$2
	shift 2
	i=$((i + 1))
	{
		printf 'patient_id,name,sex,birth_date,date,weight_kg\n'
		printf "N$i,Ann${fmt}Lee,F,2020-01-01,2021-01-01,9.5\n"
		printf "I${fmt}$i,Ann,F,2020-01-01,2021-01-01,9.5\n"
	} >"$T/h$i.csv"
	"$BIN" import --db "$T/a.db" "$T/h$i.csv" >"$T/h$i.out" 2>"$T/h$i.err"
	rc=$?
	check "$name: import refuses it in a name and in an id (status 1, 2 errors, nothing added)" \
		'[ $rc = 1 ] && grep -q "0 patients (0 new, 0 existing), 0 measurements added, 0 duplicates, 0 skipped, 2 errors" "$T/h$i.out"'
	check "$name: the messages quote the value escaped, and are clean" \
		'grep -q "h$i.csv:2: name .Ann.*Lee. holds a" "$T/h$i.err" && grep -q "h$i.csv:3: patient_id .I.*$i. holds a" "$T/h$i.err" && clean "$T/h$i.err"'
done
check "the database holds no patient" '[ "$(sqlite3 "$T/a.db" "select count(*) from patients")" = 0 ]'
printf 'patient_id,name,sex,birth_date\nZ1,Ann\000Evil,F,2020-01-01\n' >"$T/nul.csv"
"$BIN" import --db "$T/a.db" "$T/nul.csv" >/dev/null 2>"$T/nul.err"
check "NUL in a name: refused with the real value, not cut to 'Ann'" \
	'grep -q "name .Ann\\\\x00Evil. holds a control character at byte 4" "$T/nul.err"'

# ---------------------------------------------------------------- 2. a database that holds them
"$BIN" import --db "$T/b.db" tests/data/tui_clinic.csv >/dev/null 2>&1
# The hostile strings in every patient's name, and an escape sequence, a C1 CSI, a bidi override
# and DEL in UT-6's id, behind growthview's back.
hex=$(printf '\033]0;pwned\007|\033[2J|\302\2332J|\2332J|\007|\177|\342\200\256|\377' | od -An -tx1 | tr -d ' \n')
sqlite3 "$T/b.db" "update patients set name = cast(x'$hex' as text) || ' ' || name; update patients set ext_id = cast(x'1b5b324ac29be280ae7f' as text) || 'UT-6' where ext_id = 'UT-6'"
check "the database now holds escape sequences (precondition)" \
	'[ "$(sqlite3 "$T/b.db" "select count(*) from patients where instr(name, char(27)) > 0")" = 7 ]'

"$BIN" flags --db "$T/b.db" --all >"$T/flags.txt" 2>"$T/flags.err"
check "flags (text): every patient, clean" '[ $(grep -c " visits$" "$T/flags.txt") = 7 ] && clean "$T/flags.txt" && clean "$T/flags.err"'
check "flags (text): escape sequences removed, other controls shown as '?'" 'grep -q "  ||?2J|?2J|?|?|?|? " "$T/flags.txt"'
"$BIN" flags --db "$T/b.db" --all --json >"$T/flags.json" 2>/dev/null
check "flags --json: clean and valid JSON, the name's controls escaped" \
	'clean "$T/flags.json" && python3 -c "import json,sys; d = json.load(open(sys.argv[1])); sys.exit(0 if len(d) == 7 else 1)" "$T/flags.json"'
check "flags --json: the id escaped" 'grep -q "\\\\u001b\[2J\\\\u009b\\\\u202e\\\\u007fUT-6" "$T/flags.json"'
"$BIN" plot --db "$T/b.db" --ascii "$(printf '\033[2J\302\233\342\200\256\177UT-6')" >"$T/plot.txt" 2>"$T/plot.err"
rc=$?
check "plot: the id and the name clean (status 0)" '[ $rc = 0 ] && clean "$T/plot.txt" && grep -q "? Zo. .deg.rd (???UT-6), girl" "$T/plot.txt"'
"$BIN" plot --db "$T/b.db" "$(printf 'NO\033]0;x\007PE')" >/dev/null 2>"$T/plot2.err"
check "plot: an unknown hostile key is echoed clean" 'clean "$T/plot2.err" && grep -q "no patient .NOPE." "$T/plot2.err"'
"$BIN" flags --db "$T/b.db" "$(printf 'NO\033]0;x\007PE')" >/dev/null 2>"$T/flags2.err"
check "flags: an unknown hostile key is echoed clean" 'clean "$T/flags2.err"'

# export and zscore: exact bytes into a file, clean to a terminal (a pty from script(1)).
"$BIN" export --db "$T/b.db" >"$T/export.csv" 2>/dev/null
check "export to a file keeps the bytes as stored" 'grep -q "$(printf "\033")" "$T/export.csv"'
script -qec "\"$BIN\" export --db \"$T/b.db\" 2>/dev/null" /dev/null >"$T/export.tty" 2>&1
check "export to a terminal: clean, every row there" 'clean "$T/export.tty" && [ $(wc -l <"$T/export.tty") = $(wc -l <"$T/export.csv") ]'
script -qec "\"$BIN\" export --db \"$T/b.db\" --format json" /dev/null >"$T/exportj.tty" 2>&1
check "export --format json to a terminal: clean" 'clean "$T/exportj.tty"'
printf 'id,sex,age_days,weight_kg\n\033]0;pwned\007,1,100,6\n' >"$T/z.csv"
"$BIN" zscore "$T/z.csv" >"$T/z.out" 2>/dev/null
check "zscore to a file keeps the bytes" 'grep -q "$(printf "\033")" "$T/z.out"'
script -qec "\"$BIN\" zscore \"$T/z.csv\"" /dev/null >"$T/z.tty" 2>&1
check "zscore to a terminal: clean, the row scored" 'clean "$T/z.tty" && grep -q ",who2006," "$T/z.tty"'

# ---------------------------------------------------------------- 3. a hostile file name
hf="$T/$(printf 'evil\033]0;pwned\007\342\200\256.csv')"
cp tests/data/tui_clinic.csv "$hf"
printf 'bad,row\n' >>"$hf"
"$BIN" import --db "$T/c.db" "$hf" "$T/missing$(printf '\033[2J').csv" >"$T/fn.out" 2>"$T/fn.err"
check "import: a hostile file name is shown clean in messages and summaries" \
	'clean "$T/fn.out" && clean "$T/fn.err" && grep -q "evil?.csv: 7 patients" "$T/fn.out" && grep -q "missing.csv: No such file" "$T/fn.err"'

# ---------------------------------------------------------------- 4. the TUI
. tests/tmux.sh
tm_start 100 30 "$BIN --db $T/b.db"
check "TUI: the list opens" 'tm_wait "7 patients"'
check "TUI: the escape sequences did not retitle the pane" '[ "$(tm_format "#{pane_title}")" != pwned ]'
# (the TUI shows each control as '?', bytes that are not UTF-8 as U+FFFD)
check "TUI: the names are shown with '?' for each control" 'tm_screen | grep -q "?\]0;pwned?|?\[2J|?2J|.2J|?|?|?|. "'
tm_keys q

echo "# $nh hostile strings"
finish sh_hostile
