#!/bin/sh
# sh_tui_search.sh — the list's incremental search in tmux (80x24), with the search index and
# without it (GROWTHVIEW_NO_FTS5: the scan): the same patients on screen for a substring of an
# id typed in lower case, of a name inside a word, a non-ASCII name, a text with a quote, and
# the 1-2 character keys before the index takes over.
set -u
BIN=${GV_BIN:?GV_BIN not set}
. tests/lib.sh
. tests/tmux.sh
DB="$T/c.db"
$GV_ENV "$BIN" import --db "$DB" tests/data/tui_clinic.csv >/dev/null 2>&1

for mode in index scan; do
	if [ $mode = scan ]; then nofts=1; else nofts=0; fi
	tm_start 80 24 "env GROWTHVIEW_NO_FTS5=$nofts $GV_ENV $BIN --db $DB; sleep 600"
	check "$mode: opens on the list" 'tm_wait "8 patients  sort: name"'
	tm_keys / b
	check "$mode: 1 key (b): Alma Berg, Omar Lund (OB-4), Pound Typo" 'tm_wait "3 of 8 patients" && grep -q "Omar Lund  *OB-4" "$T/screen" && grep -q "Alma Berg  *TUI-1" "$T/screen" && grep -q "Pound Typo  *LB-2" "$T/screen"'
	check "$mode: the status line counts the matches" 'grep -q "/b_  3 matches   Enter keep" "$T/screen"'
	tm_keys - 2
	check "$mode: 3 keys (b-2), an id in lower case: Pound Typo" 'tm_wait "1 of 8 patients" && grep -q "Pound Typo  *LB-2" "$T/screen"'
	tm_keys C-u o r a
	check "$mode: inside a word (ora): Nora Vik" 'tm_wait "1 of 8 patients" && grep -q "Nora Vik  *NV-5" "$T/screen"'
	tm_keys C-u d e g
	check "$mode: after a non-ASCII letter (deg): Zoë Ødegård" 'tm_wait "1 of 8 patients" && grep -q "Zoë Ødegård  *UT-6" "$T/screen"'
	tm_keys C-u u n d BSpace BSpace
	check "$mode: Backspace back to 1 key (u): 4 patients" 'tm_wait "4 of 8 patients"'
	tm_keys C-u '"' a b
	check "$mode: a quote: no match" 'tm_wait "No patient matches the search"'
	# without the index the list says so while a search is on (store_search_note), wrapped whole
	if [ $mode = scan ]; then
		check "scan: the list says each key scans every patient" 'tm_wait "search: no FTS5 trigram index" && grep -q "each search key scans every patient" "$T/screen"'
	else
		check "index: no note" '! grep -q "no FTS5 trigram index" "$T/screen"'
	fi
	tm_keys Escape
	# (the title before Escape, "0 of 8 patients", holds "8 patients" too: wait for the whole title)
	check "$mode: the search cleared: no note" 'tm_wait "c.db  8 patients  sort: name" && ! grep -q "no FTS5 trigram index" "$T/screen"'
	tm_keys q
done
finish sh_tui_search
