#!/bin/sh
# sh_tui_rate.sh — the rating screen end to end in tmux (growthview rate): blinded screen at 80x24
# (one summary at a time) and 120x40 (side by side), score, undo, every key saved at once (the
# draft in the store after each key), the session killed mid-item and mid-comment then resumed at
# the same item and field with nothing lost, submit refused with the missing fields named then
# accepted, the reveal (model names) and the claim marks after (never before) submit, a claim
# confirmed and overruled (stored), a gold item's answer, skip with a reason, the rubric help,
# the chart pane, ASCII mode, --read-only, the corrected summary (typed, killed mid-typing and
# resumed, stored on submit as a reference text once however often resubmitted), a new rater
# asked for their role, R on the list.
set -u
BIN=${GV_BIN:?GV_BIN not set}
. tests/lib.sh
. tests/tmux.sh
DB="$T/r.db"
$GV_ENV "$BIN" demo --db "$DB" --patients 6 </dev/null >/dev/null 2>&1
$GV_ENV "$BIN" check --db "$DB" --all >/dev/null 2>&1
sqlite3 "$DB" <tests/data/rate_queue.sql
ANN="(select id from raters where name = 'ann')"
check "the fixture: three items for ann" '[ "$(sqlite3 "$DB" "select count(*) from queue_items where rater = $ANN")" = 3 ]'
# the item at position $1 of ann's queue
item() { sqlite3 "$DB" "select id from queue_items where rater = $ANN and position = $1"; }
draft() { sqlite3 "$DB" "select draft from ratings where item = $(item $1)"; }
status() { sqlite3 "$DB" "select status || ' ' || ifnull(skip_reason, '') from ratings where item = $(item $1)"; }
row() { grep -c -x -F -- "$1" "$T/screen"; }

RATE="$GV_ENV USER=ann $BIN rate --db $DB --rater ann"

# ---------------------------------------------------------------- 80x24: one summary at a time
tm_start 80 24 "$RATE"
check "80x24: item 1 of 3, a draft" 'tm_wait " Rate  1 / 3   Time "'
check "80x24: the child in two lines" 'grep -q "^girl  born 2016-08-15  age 8y 9m  GA 39+5 wk  15 visits" "$T/screen" && grep -q "^last visit 2024-09-27: weight z +0.19 P57.7  length z -0.77 P22.1" "$T/screen"'
check "80x24: A shown, labelled, blinded" '[ "$(row "[A]  B")" = 1 ] && ! grep -q "demo-variant\|baseline" "$T/screen"'
check "80x24: the summary's first line" 'grep -q "^Girl born at 39+5 weeks, 15 visits from birth to 8y 1m. Measurements are plotted$" "$T/screen"'
check "80x24: the focused field in brackets, its question on the rule" '[ "$(row "A Corr[-] Comp -  Conc -  Clar -  Harm -  Lik -  Tags none")" = 1 ] && grep -q "^── A Correctness 1-5: Does every statement agree" "$T/screen"'
check "80x24: no claim marks before submit" '! grep -q "\[[0-9]*[✓✗?+x]\]" "$T/screen"'
tm_keys 4
check "a digit scores the focused axis and moves on" 'tm_wait "A Corr 4  Comp[-] Conc -"'
check "saved at once: the draft has it, focus on completeness" 'draft 1 | grep -qx "a.correctness=4" && draft 1 | grep -qx "focus=a.completeness"'
tm_keys u
check "u undoes" 'tm_wait "undone: a.correctness: 4 -> -" && [ "$(row "A Corr[-] Comp -  Conc -  Clar -  Harm -  Lik -  Tags none")" = 1 ]'
check "the undo is saved too" 'draft 1 | grep -qx "a.correctness=-"'
check "the score and its undo are in the audit log" '[ "$(sqlite3 "$DB" "select group_concat(change, \"|\") from rating_audit where rating = $(item 1)")" = "a.correctness: - -> 4|a.correctness: 4 -> -" ]'
tm_keys 4 3
tm_wait "A Corr 4  Comp 3  Conc[-]" >/dev/null
# kill the terminal mid-item: the session (and growthview in it) is gone without a chance to save
tm_start 80 24 "$RATE"
check "resumed after the kill: same item, same values, same field" 'tm_wait "A Corr 4  Comp 3  Conc[-] Clar -  Harm -  Lik -  Tags none" && grep -q " Rate  1 / 3 " "$T/screen"'
tm_keys Right
tm_wait "B Corr -  Comp -  Conc[-]" >/dev/null
tm_start 80 24 "$RATE"
check "a focus move alone is saved too: resumed on B conciseness" 'tm_wait "B Corr -  Comp -  Conc[-] Clar -"'
tm_keys Left
tm_wait "A Corr 4  Comp 3  Conc[-]" >/dev/null
tm_keys c
check "c opens the comment" 'tm_wait "Comment (optional)"'
tm_keys s e e Space l i n e Space 2
tm_wait "see line 2_" >/dev/null
tm_start 80 24 "$RATE"
check "killed while typing a comment: the typed text is in the draft" 'tm_wait "Choice -   comment" && draft 1 | grep -qx "comment=see line 2"'
tm_keys Enter
check "Enter refuses an incomplete item and names what is missing" 'tm_wait "not submitted, missing: A conciseness, A clarity, A harm, A likelihood, B corr"'
check "refused: still a draft" '[ "$(status 1)" = "draft " ]'
tm_keys 5 4 1
check "harm none skips the likelihood: on to the tags" 'tm_wait "A Corr 4  Comp 3  Conc 5  Clar 4  Harm none  Lik n/a  Tags[none]"'
check "the tags' keys are on the rule" 'grep -q "^── A errors: 1 pct/z 2 value 3 unit 4 trend 5 category 6 basis 7 missed" "$T/screen"'
tm_keys Tab 2 2 3 3 2 2 1
check "B scored; harm mild-moderate, likelihood medium; tag 1 toggled" 'tm_wait "B Corr 2  Comp 2  Conc 3  Clar 3  Harm mild-moderate  Lik medium  Tags[pct/z]"'
check "below 100 columns the focused summary is shown: B" '[ "$(row "A  [B]")" = 1 ]'
tm_keys Down 2
check "the pairwise choice" 'tm_wait "  Choice[A better]  comment" && grep -q "^── Which is better: 1 A much, 2 A, 3 tie, 4 B, 5 B much, 6 both unacceptable" "$T/screen"'
tm_keys f
check "f flags for review" 'tm_wait "flagged for review" && grep -q "draft  flagged  ann" "$T/screen"'
tm_keys Enter
check "submitted once complete" 'tm_wait "submitted 1 / 3; 61 claims checked"'
check "stored as submitted, flagged, with the comment" '[ "$(status 1)" = "submitted " ] && draft 1 | grep -qx "flagged=1" && draft 1 | grep -qx "comment=see line 2"'
# the whole revealed screen but its title row (the clock) against the golden (tm_golden)
check "the revealed screen at 80x24 (golden rate_tui_revealed_80x24)" 'tm_golden rate_tui_revealed_80x24'
check "the reveal: model names" '[ "$(row "A demo-variant-2  [B] demo-variant-1")" = 1 ]'
check "claim marks after submit (B: supported, contradicted)" 'grep -q "^Girl born at 39+5 weeks\[1✓\], 15 visits" "$T/screen" && grep -q "height 123.8 in\[13✗\]" "$T/screen"'
tm_keys ]
check "] steps to the first claim" 'tm_wait "A1 supported; you y/x?; age \"born at 39+5 weeks\" chart 39+5 weeks"'
check "the claim's summary is shown" '[ "$(row "[A] demo-variant-2  B demo-variant-1")" = 1 ] && grep -q "^Girl born at 39+5 weeks\[1✓\]" "$T/screen"'
tm_keys y
check "y confirms the checker" 'tm_wait "A1 supported; you confirmed"'
tm_keys x
check "x overrules it" 'tm_wait "A1 supported; you overruled: contradicted"'
check "the rater's verdict is stored on the claim" '[ "$(sqlite3 "$DB" "select rater || \" \" || rater_verdict from claim_checks where rater_verdict is not null")" = "ann contradicted" ]'
tm_keys ] ] ] ]
check "] ] ] ]: the fifth claim of A, tied to a visit and an indicator" 'tm_wait "A5 supported; you y/x?; category \"Height faltering\""'
tm_keys g
check "g: the chart pane shows the focused claim's indicator with its visit selected" 'tm_wait "claim A5 at 2024-09-27" && grep -q "length/height-for-age  claim A5 at 2024-09-27" "$T/screen"'
tm_keys g g
tm_keys 3
check "a submitted rating is locked" 'tm_wait "this rating is submitted: r reopens it"'

tm_keys n
check "n: the next item, blinded again" 'tm_wait " Rate  2 / 3 " && [ "$(row "[A]  B")" = 1 ]'
tm_keys 5 5 5 5 1 Tab 2 3 3 3 2 2 1 Down 1 Enter
check "gold: what was planted and whether it was caught" 'tm_wait "Gold: B had wrong percentile or z planted; caught 1 of 1; choice right"'
tm_keys n
tm_wait " Rate  3 / 3 " >/dev/null
tm_keys p
check "the gold item visited again: its answer again" 'tm_wait " Rate  2 / 3 " && tm_wait "Gold: B had wrong percentile or z planted; caught 1 of 1"'
tm_keys n s
check "s asks for a reason" 'tm_wait "Skip this item: why?"'
tm_keys Enter
check "an empty reason is refused" 'tm_wait "not skipped: a reason is needed" && [ "$(status 3)" != "skipped unclear" ]'
tm_keys s u n c l e a r Enter
check "skipped with the reason" 'tm_wait "skipped: unclear (r reopens it, n next item)" && [ "$(status 3)" = "skipped unclear" ]'
tm_keys r
check "r reopens it" 'tm_wait "reopened: a draft again" && [ "$(status 3)" = "draft " ]'
tm_keys '?'
check "? shows the keys and the rubric" 'tm_wait "Rating: keys and rubric (gv-rubric-1)" && grep -q "score the focused axis and move on" "$T/screen"'
tm_keys PageDown PageDown PageDown
check "the rubric with every anchor (scrolled)" 'tm_wait "5  Nothing to remove" && grep -q "Conciseness (1-5)" "$T/screen"'
tm_keys q g
check "g: the child's chart in place of the summaries" 'tm_wait "weight-for-age  (i next, g flags)"'
tm_keys g
check "g again: the flags list" '! tm_wait "weight-for-age  (i next" 1 >/dev/null; tm_wait "2024-"'
tm_keys g q
tm_gone " Rate  " 5 >/dev/null

# ---------------------------------------------------------------- 120x40: side by side
tm_start 120 40 "$RATE"
check "120x40: resumes at the reopened draft" 'tm_wait " Rate  3 / 3 "'
check "120x40: side by side, A and B" 'grep -q "^A  *│ B *$" "$T/screen"'
tm_keys p p
check "120x40: the submitted item revealed with marks in both columns" 'tm_wait "A  demo-variant-2" && grep -q "│ B  demo-variant-1" "$T/screen" && grep -q "\[1✓\].*│.*\[1✓\]" "$T/screen"'
check "the revealed screen at 120x40 (golden rate_tui_revealed_120x40)" 'tm_golden rate_tui_revealed_120x40'
tm_keys q

# ---------------------------------------------------------------- ASCII, read-only
tm_start 80 24 "$RATE --ascii --read-only"
tm_wait " Rate  3 / 3 " >/dev/null
tm_keys p p
check "ASCII: marks as [N+] [Nx], no UTF-8" 'tm_wait "[1+]" && ! grep -q "[✓✗│─]" "$T/screen"'
tm_keys r
check "read-only: reopening is refused" 'tm_wait "read-only: nothing can be changed (opened with --read-only)" && [ "$(status 1)" = "submitted " ]'
tm_keys q

# ---------------------------------------------------------------- the corrected summary (e)
REFS="select count(*) from summaries where model = 'reference'"
tm_start 80 24 "$RATE"
tm_wait " Rate  3 / 3 " >/dev/null
tm_keys e
check "e opens the editor on the focused summary's text" 'tm_wait "Corrected summary" && grep -q "Ctrl-D save  Enter new line  arrows Home End  Ctrl-U clear  Esc cancel" "$T/screen" && grep -q "Measurements are" "$T/screen"'
tm_keys C-u F i x e d Space t e x t Enter l i n e Space 2
tm_wait "line 2_" >/dev/null
tm_start 80 24 "$RATE"
check "killed while typing the corrected summary: the typed text is in the draft" 'tm_wait " Rate  3 / 3 " && draft 3 | grep -qxF "corrected=Fixed text\nline 2"'
tm_keys e
check "e again: the editor holds the typed text" 'tm_wait "line 2_" && grep -q "│ Fixed text  *│" "$T/screen"'
tm_keys Up Home Right Right Right Right Right Right n e w Space
check "the cursor moves (Up, Home, Right) and typing inserts there" 'tm_wait "Fixed new text" && grep -q "│ Fixed new text  *│" "$T/screen" &&
	draft 3 | grep -qxF "corrected=Fixed new text\nline 2"'
tm_keys End BSpace BSpace BSpace BSpace t e x t s Down End BSpace 3
check "End, Backspace, Down: the other line edited" 'tm_wait "line 3_" && draft 3 | grep -qxF "corrected=Fixed new texts\nline 3"'
tm_keys C-d
check "Ctrl-D saves it" 'tm_wait "corrected summary saved (stored as a reference text on submit)"'
check "nothing stored as a summary before submit" '[ "$(sqlite3 "$DB" "$REFS")" = 0 ]'
tm_keys 3 3 3 3 1 Tab 3 3 3 3 1 Down 3 Enter
check "submitted: the corrected text stored as a reference summary correcting A, attributed to ann" 'tm_wait "submitted 3 / 3" &&
	[ "$(sqlite3 "$DB" "$REFS and server_model = '"'ann'"' and text = '"'Fixed new texts'"' || char(10) || '"'line 3'"'
		and corrects = (select summary_left from queue_items where id = $(item 3))")" = 1 ]'
tm_keys r
tm_wait "reopened: a draft again" >/dev/null
tm_keys Enter
check "reopened and resubmitted with the same correction: stored once" 'tm_wait "submitted 3 / 3" && [ "$(sqlite3 "$DB" "$REFS")" = 1 ]'
tm_keys q

# ---------------------------------------------------------------- a new rater; R on the list
tm_start 80 24 "$GV_ENV $BIN rate --db $DB --rater bo"
check "a new rater is asked for their role" 'tm_wait "bo is a new rater. Which role?"'
tm_keys 1
check "made a clinician; an empty queue is said" 'tm_wait "welcome, bo (clinician): no items yet" && [ "$(sqlite3 "$DB" "select role from raters where name = \"bo\"")" = clinician ]'
tm_keys q
printf 'rater = ann\n' >"$T/gv.conf"
tm_start 80 24 "$GV_ENV GROWTHVIEW_CONFIG=$T/gv.conf $BIN --db $DB"
tm_wait "6 patients" >/dev/null
tm_keys R
check "R on the list: the config rater's queue" 'tm_wait " Rate  3 / 3 " && grep -q " ann " "$T/screen"'
tm_keys q
check "q goes back to the list" 'tm_wait "6 patients"'
tm_keys q
tm_start 80 24 "$GV_ENV $BIN --db $DB --rater ann"
check "--rater on the interface: said on the first frame" 'tm_wait "R: rate summaries as ann"'
tm_keys q

finish sh_tui_rate
