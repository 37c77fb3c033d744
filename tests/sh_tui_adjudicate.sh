#!/bin/sh
# sh_tui_adjudicate.sh — adjudication end to end in tmux (issue 13): two raters (ann, annotator;
# bob, clinician) rate the same item on the real rating screen, each with their own placement of
# the two summaries, and disagree; the item goes to adjudication; the adjudicator (judy) opens the
# rating screen on the adjudications and sees both ratings side by side in the item's order
# (summary 1 as A for both, whatever side each rater saw it on), the disagreements marked '!';
# she scores her own answer (saved at every key, resumed after the terminal is killed, undone),
# cannot skip, resolves it (stored beside, not instead of, the raters' ratings; every change in
# the append-only adjudication audit), sees the models after, reopens and resolves again; a rater
# who is not an adjudicator is refused; ASCII, --read-only, side by side at 120x40, a closed queue.
set -u
BIN=${GV_BIN:?GV_BIN not set}
. tests/lib.sh
. tests/tmux.sh
DB="$T/r.db"
$GV_ENV "$BIN" demo --db "$DB" --patients 6 </dev/null >/dev/null 2>&1
$GV_ENV "$BIN" check --db "$DB" --all >/dev/null 2>&1
sqlite3 "$DB" <tests/data/rate_queue.sql
sqlite3 "$DB" <tests/data/adjudicate.sql
q() { sqlite3 "$DB" "$1"; }
row() { grep -c -x -F -- "$1" "$T/screen"; }
rate() { echo "$GV_ENV USER=$1 $BIN rate --db $DB --rater $1"; }
JUDY="(select id from raters where name = 'judy')"
check "the fixture: bob has ann's first item with the sides the other way round" \
	'[ "$(q "select count(*) from queue_items a join queue_items b on b.overlap_group = a.overlap_group and b.queue = a.queue
		and b.summary_left = a.summary_right and b.swapped = 1 - a.swapped where a.rater = (select id from raters where name = '"'ann'"')
		and b.rater = (select id from raters where name = '"'bob'"')")" = 1 ]'

# ---------------------------------------------------------------- two raters disagree
tm_start 80 24 "$(rate ann)"
tm_wait " Rate  1 / 3 " >/dev/null
# ann: A (her left) 4 4 4 4 harm none; B 2 2 3 3 harm mild-moderate, likelihood medium; A better
tm_keys 4 4 4 4 1 Tab 2 2 3 3 2 2 Down 2
tm_wait "Choice[A better]" >/dev/null
tm_keys Enter
check "ann submits her rating" 'tm_wait "submitted 1 / 3"'
check "one rating of the item: nothing to adjudicate" '[ "$(q "select count(*) from adjudications")" = 0 ]'
tm_start 80 24 "$(rate bob)"
tm_wait " Rate  1 / 1 " >/dev/null
# bob: both 4 4 4 4 harm none; A (his left: ann's B) much better
tm_keys 4 4 4 4 1 Tab 4 4 4 4 1 Down 1
tm_wait "Choice[A much better]" >/dev/null
tm_keys Enter
check "bob submits: they disagree, the item goes to adjudication with the reasons" 'tm_wait "submitted 1 / 1" &&
	[ "$(q "select reason from adjudications")" = "choice: s2 better vs s1 much better; s1 correctness 2 vs 4; s1 completeness 2 vs 4; s1 harm mild_moderate vs none" ]'
tm_keys a
check "a: bob is a clinician, not an adjudicator: refused" 'tm_wait "adjudication is for raters with role adjudicator"'
check "queue status: one waiting for an adjudicator" '$GV_ENV "$BIN" queue status --db "$DB" --queue test >"$T/qs" 2>&1 && grep -qx "adjudication: 1 item waiting for an adjudicator, 0 resolved (growthview rate --rater ADJUDICATOR)" "$T/qs" &&
	grep "^bob " "$T/qs" | grep -q " 1 *$"'

# ---------------------------------------------------------------- the adjudicator's screen, 80x24
tm_start 80 24 "$(rate judy)"
check "judy starts on the adjudications: 1 / 1, 1 waiting, her draft" 'tm_wait " Adjudicate  1 / 1   Time " && grep -q "1 waiting   draft  judy" "$T/screen"'
check "the raters' pane in the summaries' place" '[ "$(row "Raters (A = summary 1, B = summary 2 for both)   g: the summaries")" = 1 ]'
check "the reasons on two lines, the item's summaries named A and B" '[ "$(row "Disagree: choice: B better vs A much better; A correctness 2 vs 4; A")" = 1 ] &&
	[ "$(row "completeness 2 vs 4; A harm mild_moderate vs none")" = 1 ]'
check "ann's rating turned to the item's order: her B is the item's A, disagreements marked" \
	'[ "$(row "ann (annotator), submitted")" = 1 ] &&
	 [ "$(row "  A              2!   2!   3    3    mild-moderate! medium  none")" = 1 ] &&
	 [ "$(row "  Choice B better!                   no comment")" = 1 ]'
check "bob's as he gave it (he saw summary 1 on the left)" \
	'[ "$(row "bob (clinician), submitted")" = 1 ] &&
	 [ "$(row "  A              4!   4!   4    4    none!          n/a     none")" = 1 ] &&
	 [ "$(row "  Choice A much better!              no comment")" = 1 ]'
check "the summary both raised no disagreement on: unmarked" '[ "$(row "  B              4    4    4    4    none           n/a     none")" = 2 ]'
check "her own answer below, empty, focused" '[ "$(row "A Corr[-] Comp -  Conc -  Clar -  Harm -  Lik -  Tags none")" = 1 ]'
check "blinded: no model name" '! grep -q "demo-variant\|baseline" "$T/screen"'
check "the adjudicator's screen at 80x24 (golden adjudicate_tui_80x24)" 'tm_golden adjudicate_tui_80x24'
tm_keys 3 3
check "a digit scores her answer and moves on" 'tm_wait "A Corr 3  Comp 3  Conc[-]"'
check "saved at once as her draft (not the raters' rows)" 'q "select draft from adjudication_drafts where rater = $JUDY" | grep -qx "a.completeness=3" &&
	q "select draft from adjudication_drafts" | grep -qx "focus=a.conciseness"'
# the database file alone (no WAL) has the draft once the screen has been idle a second: the
# interface copies the WAL back when idle (store_checkpoint), not in a keystroke's commit
in_main_file() {
	i=0
	while [ $i -lt 100 ]; do
		cp "$DB" "$T/main.db" && rm -f "$T/main.db-wal" "$T/main.db-shm"
		[ "$(sqlite3 "$T/main.db" "$1" 2>/dev/null)" = "$2" ] && return 0
		i=$((i + 1))
		sleep 0.1
	done
	return 1
}
check "idle a second: her draft is in the database file itself (checkpointed when idle)" 'in_main_file "select count(*) from adjudication_drafts where draft like \"%a.completeness=3%\"" 1'
tm_keys u
check "u undoes, saved" 'tm_wait "undone: a.completeness: 3 -> -" && q "select draft from adjudication_drafts" | grep -qx "a.completeness=-"'
tm_keys 3
tm_wait "A Corr 3  Comp 3  Conc[-]" >/dev/null
check "each value change in the adjudication audit" '[ "$(q "select group_concat(change, \"|\") from adjudication_audit")" = "a.correctness: - -> 3|a.completeness: - -> 3|a.completeness: 3 -> -|a.completeness: - -> 3" ]'
tm_start 80 24 "$(rate judy)"
check "the terminal killed: resumed on the same adjudication, values and field" 'tm_wait "A Corr 3  Comp 3  Conc[-] Clar -" && grep -q " Adjudicate  1 / 1 " "$T/screen"'
tm_keys s
check "s: an adjudication is not skipped" 'tm_wait "an adjudication is not skipped"'
tm_keys e
check "e: no corrected summary from the adjudicator" 'tm_wait "corrected summaries come from the raters"'
tm_keys Enter
check "Enter refuses an incomplete answer, naming what is missing" 'tm_wait "not submitted, missing: A conciseness, A clarity, A harm"'
tm_keys 3 3 2 1 Tab 4 4 4 4 1 Down 4
check "her answer complete" 'tm_wait "  Choice[B better]" &&
	[ "$(row "A Corr 3  Comp 3  Conc 3  Clar 3  Harm mild-moderate  Lik low  Tags none")" = 1 ]'
tm_keys Enter
check "Enter resolves" 'tm_wait "resolved: your answer is stored beside ann'"'"'s and bob'"'"'s"'
check "the title: resolved by judy, none waiting" 'grep -q "0 waiting   resolved by judy  judy" "$T/screen"'
check "stored beside the raters' ratings: the resolution, who, when" \
	'[ "$(q "select count(*) from adjudications where resolved_by = $JUDY and resolved is not null and resolution like \"%choice=b_better%\"")" = 1 ] &&
	 [ "$(q "select count(*) from ratings where status = '"'submitted'"'")" = 2 ] &&
	 q "select draft from ratings r join queue_items i on i.id = r.item where i.rater = (select id from raters where name = '"'bob'"')" | grep -qx "choice=a_much_better"'
check "the status change audited" '[ "$(q "select change from adjudication_audit order by id desc limit 1")" = "status: draft -> submitted" ]'
tm_keys g
check "g: the summaries, the model names shown once resolved" 'tm_wait "demo-variant-1" && grep -q "^A demo-variant-1  \[B\] demo-variant-2\|^\[A\] demo-variant-1  B demo-variant-2" "$T/screen"'
tm_keys r
check "r reopens: waiting again, audited" 'tm_wait "reopened: a draft again" && grep -q "1 waiting   draft  judy" "$T/screen" &&
	[ "$(q "select resolved_by is null from adjudications")" = 1 ] &&
	[ "$(q "select change from adjudication_audit order by id desc limit 1")" = "status: submitted -> draft" ]'
tm_keys Enter
check "resolved again" 'tm_wait "resolved: your answer" && [ "$(q "select count(*) from adjudications where resolved_by = $JUDY")" = 1 ]'
check "queue status: none waiting, one resolved" '$GV_ENV "$BIN" queue status --db "$DB" --queue test | grep -qx "adjudication: 0 items waiting for an adjudicator, 1 resolved (growthview rate --rater ADJUDICATOR)"'
tm_keys a
check "a: her own queue (none)" 'tm_wait "no items in your own queue (a: back)"'
tm_keys a
check "a: back on the adjudications" 'tm_wait "adjudications: 0 waiting" && grep -q " Adjudicate  1 / 1 " "$T/screen"'

# ---------------------------------------------------------------- 120x40, ASCII, read-only
tm_start 120 40 "$(rate judy) --ascii --read-only"
check "read-only at 120x40: the resolution shown" 'tm_wait " Adjudicate  1 / 1 " && grep -q "resolved by judy" "$T/screen" &&
	[ "$(grep -c "^A Corr 3  Comp 3  Conc 3  Clar 3  Harm mild-moderate  Lik low  Tags none *$" "$T/screen")" = 1 ]'
check "ASCII only" '! LC_ALL=C grep -q "[^ -~]" "$T/screen"'
tm_keys r
check "read-only: reopening refused" 'tm_wait "read-only" && [ "$(q "select resolved_by is not null from adjudications")" = 1 ]'
tm_keys g
check "side by side from 100 columns: both summaries, named" 'tm_wait "demo-variant-2" && grep -q "^A  demo-variant-1  *| B  demo-variant-2$" "$T/screen"'

# ---------------------------------------------------------------- a closed queue
$GV_ENV "$BIN" queue close --db "$DB" --queue test >/dev/null 2>&1
tm_start 80 24 "$(rate judy)"
tm_wait " Adjudicate  1 / 1 " >/dev/null
tm_keys r
check "a closed queue: the resolution can no longer change" 'tm_wait "the queue is closed" && [ "$(q "select resolved_by is not null from adjudications")" = 1 ]'
check "the audit log is append-only" '! q "delete from adjudication_audit" 2>/dev/null && [ "$(q "select count(*) from adjudication_audit")" -ge 16 ]'
finish sh_tui_adjudicate
