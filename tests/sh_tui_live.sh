#!/bin/sh
# sh_tui_live.sh — changes made by another program while the TUI is open (an import in another
# terminal, a second growthview) show up within a couple of seconds, without a key: the list
# gets the new patient, an open chart its new measurement with the selected visit kept, and a
# patient deleted under an open chart sends the clinician back to the list with a message.
set -u
BIN=${GV_BIN:?GV_BIN not set}
. tests/lib.sh
. tests/tmux.sh
DB="$T/c.db"
$GV_ENV "$BIN" import --db "$DB" tests/data/tui_clinic.csv >/dev/null 2>&1

tm_start 80 24 "$GV_ENV $BIN --db $DB"
check "opens on 8 patients" 'tm_wait "8 patients" >/dev/null'

printf 'patient_id,name,sex,birth_date,date,weight_kg,height_cm\nLIVE-1,Zed Live,M,2024-01-01,2025-05-01,9.5,76.0\n' >"$T/new.csv"
$GV_ENV "$BIN" import --db "$DB" "$T/new.csv" >/dev/null 2>&1
check "an import elsewhere: the list shows 9 patients" 'tm_wait "9 patients" 5'
check "and the new patient" 'grep -q "Zed Live" "$T/screen"'
check "the status line says why" 'grep -q "changed by another program" "$T/screen"'

tm_keys / U T - 6 Enter Enter
check "the chart of UT-6" 'tm_wait "(UT-6)"'
tm_keys Left
check "the visit before the last selected" 'tm_wait "2024-06-06  age 2y"'
printf 'patient_id,date,weight_kg,height_cm,position\nUT-6,2025-05-28,13.9,94.6,H\n' >"$T/more.csv"
$GV_ENV "$BIN" import --db "$DB" "$T/more.csv" >/dev/null 2>&1
tm_keys t
check "the new measurement is in the table" 'tm_wait "2025-05-28" 5'
check "the selected visit is still 2024-06-06" 'grep -q "2024-06-06  age 2y" "$T/screen"'

sqlite3 "$DB" "PRAGMA foreign_keys = ON; DELETE FROM patients WHERE ext_id = 'UT-6'"
check "the open patient deleted elsewhere: back to the list, with a message" \
	'tm_wait "no longer in the database" 5 && tm_wait "8 patients" 2'
tm_keys q
check "quits" 'tm_gone "8 patients" 5'
finish sh_tui_live
