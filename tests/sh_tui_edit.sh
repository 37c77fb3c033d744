#!/bin/sh
# sh_tui_edit.sh — changes through the TUI end to end in tmux: add a measurement (typed in grams
# and millimetres), see it on the chart, find it stored (growthview export --patient); edit it,
# delete it, undo both; a value no child can have is refused with a hint; --read-only refuses
# every change and leaves the database as it was.
set -u
BIN=${GV_BIN:?GV_BIN not set}
. tests/lib.sh
. tests/tmux.sh
DB="$T/c.db"
$GV_ENV "$BIN" import --db "$DB" tests/data/tui_clinic.csv >/dev/null 2>&1
export_ut6() {
	$GV_ENV "$BIN" export --db "$DB" --patient UT-6 2>/dev/null | cut -d, -f1,9-14
}

tm_start 80 24 "$GV_ENV USER=nurse $BIN --db $DB"
tm_wait "8 patients" >/dev/null
tm_keys / U T - 6 Enter Enter
check "the chart of UT-6" 'tm_wait "(UT-6)"'
tm_keys a
check "the form opens with today's date" 'tm_wait "Date             2025-06-01_"'
tm_keys Tab Tab 3 4 5 0 Enter
check "a weight no child can have is refused, with a hint" 'tm_wait "Weight: 3450 kg is outside 0.2-250 kg (grams? type '"'"'3450 g'"'"')"'
tm_keys C-u 1 4 1 0 0 Space g Tab 9 5 2 Space m m Tab Tab 4 8 . 6
check "the preview scores what is typed, an entry in grams echoed in kg" 'tm_wait "14100 g        kg = 14.10 kg  z +0.15  P56.1"'
tm_keys Enter
check "saved" 'tm_wait "added the measurement of 2025-06-01 (u undoes it)"'
check "selected on the chart: the detail line" 'grep -q "2025-06-01  age 2y 11m  weight 14.10 kg  z +0.15  P56.1" "$T/screen"'
check "the selected point is drawn" 'grep -q "@" "$T/screen"'
tm_keys Left
check "the previous visit is before it on the chart" 'tm_wait "2025-05-20  age 2y 11m  weight 13.40 kg"'
tm_keys Right
check "and back" 'tm_wait "2025-06-01  age 2y 11m  weight 14.10 kg"'
check "stored in canonical units (kg, cm) with the position" 'export_ut6 | grep -q "^UT-6,2025-06-01,,14.1,95.2,H,48.6$"'
check "stamped with the user" '[ "$(sqlite3 "$DB" "select entered_by || \" \" || source from measurements where date = \"2025-06-01\"")" = "nurse tui" ]'
$GV_ENV "$BIN" plot --db "$DB" --ascii UT-6 >"$T/plot.txt" 2>&1
check "growthview plot draws it too (5 points)" '[ "$(tail -n +2 "$T/plot.txt" | grep -o "[o@!?]" | wc -l)" -ge 5 ] && tail -n 1 "$T/plot.txt" | grep -q "^o measurement"'

tm_keys e
check "edit: the form has the stored values" 'tm_wait "Edit measurement"'
check "edit: weight shown as stored" 'grep -q "Weight           14.1_" "$T/screen"'
tm_keys C-u 1 4 . 3 Enter
check "edit saved" 'tm_wait "saved the measurement of 2025-06-01"'
check "edit stored; the untouched values unchanged" 'export_ut6 | grep -q "^UT-6,2025-06-01,,14.3,95.2,H,48.6$"'
tm_keys d
check "delete asks first" 'tm_wait "Delete the measurement of 2025-06-01"'
tm_keys y
check "deleted" 'tm_wait "deleted the measurement (u undoes it)"'
check "gone from the store" '! export_ut6 | grep -q 2025-06-01'
tm_keys u
check "undo brings it back" 'tm_wait "undone: restored deleted measurement of 2025-06-01"'
check "back in the store as it was" 'export_ut6 | grep -q "^UT-6,2025-06-01,,14.3,95.2,H,48.6$"'
tm_keys u
check "undo again: the edit" 'tm_wait "undone:"'
check "the first weight again" 'export_ut6 | grep -q "^UT-6,2025-06-01,,14.1,95.2,H,48.6$"'
tm_keys u
tm_keys u
check "undo the add, then nothing left to undo" 'tm_wait "nothing to undo"'
check "the store as imported" '[ "$(export_ut6 | grep -c 2025-06-01)" = 0 ]'
tm_keys q q

# A new patient from the list (a), typed in a real terminal with US units for a parent's height,
# then edited (E): what is stored is what the importers would store.
tm_start 80 24 "$GV_ENV USER=nurse $BIN --db $DB"
tm_wait "8 patients" >/dev/null
tm_keys a
check "the patient form opens from the list" 'tm_wait "New patient"'
tm_keys -l "Nia Okafor"
tm_keys Tab
tm_keys -l "NO-1"
tm_keys Tab f Tab C-u
tm_keys -l "2024-11-20"
tm_keys Tab
tm_keys -l "36+1"
tm_keys Tab
tm_keys -l "5'4\""
check "a converted entry is echoed" 'tm_wait "= 162.6 cm"'
check "gestation echoed" 'grep -q "36 weeks 1 day, preterm" "$T/screen"'
tm_keys Enter
check "saved, and the new patient's chart opens" 'tm_wait "(NO-1)" && tm_wait "added the patient"'
check "stored as typed, in cm" '[ "$(sqlite3 "$DB" "select name || \",\" || sex || \",\" || birth_date || \",\" || ga_weeks || \"+\" || ga_days || \",\" || mother_height_cm from patients where ext_id = \"NO-1\"")" = "Nia Okafor,2,2024-11-20,36+1,162.56" ]'
tm_keys E
check "E edits the patient" 'tm_wait "Edit patient"'
tm_keys Tab Tab Tab Tab Tab Tab Tab
tm_keys -l "Mother reports poor feeding."
tm_keys Enter
check "notes saved" 'tm_wait "saved the patient" && [ "$(sqlite3 "$DB" "select notes from patients where ext_id = \"NO-1\"")" = "Mother reports poor feeding." ]'
tm_keys q q

# --read-only: every change refused, nothing written.
$GV_ENV "$BIN" export --db "$DB" >"$T/before.csv" 2>/dev/null
audit_before=$(sqlite3 "$DB" "select count(*) from audit")
tm_start 80 24 "$GV_ENV $BIN --db $DB --read-only"
check "read-only: said in the title" 'tm_wait "[read-only]"'
tm_keys / U T - 6 Enter Enter
tm_wait "(UT-6)" >/dev/null
tm_keys a
check "read-only: add refused" 'tm_wait "read-only: nothing can be changed (opened with --read-only)"'
check "read-only: no form" '! grep -q "Add measurement" "$T/screen"'
tm_keys E
check "read-only: patient edit refused" 'tm_wait "read-only" && ! grep -q "Edit patient" "$T/screen"'
tm_keys d
check "read-only: delete refused" 'tm_wait "read-only" && ! grep -q "Delete the measurement" "$T/screen"'
tm_keys u
check "read-only: undo refused" 'tm_wait "read-only: nothing can be changed"'
check "read-only: the status line offers no change" '! grep -q "a add" "$T/screen"'
tm_keys q q
$GV_ENV "$BIN" export --db "$DB" >"$T/after.csv" 2>/dev/null
check "read-only: the database is as it was" 'cmp -s "$T/before.csv" "$T/after.csv" && [ "$(sqlite3 "$DB" "select count(*) from audit")" = "$audit_before" ]'

finish sh_tui_edit
