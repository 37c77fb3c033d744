#!/bin/sh
# sh_ratings.sh — raters and rating queues end to end: raters add/list (duplicates, unknown roles,
# bad names refused with the reason, nothing written), queue build (exact output, the plan's
# counts hand-checked: 5 children x 2 audiences = 10 pairs of the two demo variants, 20 gold
# pairs; the same seed gives the same queue), unknown models/raters/patients and shares out of
# range refused before anything is written, queue status, queue close (twice: refused), and the
# demo's rater and queue.
set -u
BIN=${GV_BIN:?GV_BIN not set}
. tests/lib.sh
export HOME="$T" GROWTHVIEW_CONFIG="$T/none" GROWTHVIEW_TODAY=2026-12-01 LC_ALL=C
DB="$T/gv.db"
export GROWTHVIEW_DB="$DB"
"$BIN" demo --db "$DB" --patients 5 >/dev/null 2>"$T/demo.err"
rc=$?
check "demo: the demo rater gets a queue of the 10 ordinary pairs there are and 6 gold (0.3 of 20)" '[ $rc = 0 ] && grep -qx "growthview demo: rater demo has a queue of 16 pairs of summaries to rate" "$T/demo.err" && [ "$(sqlite3 "$DB" "SELECT r.name || \"|\" || r.role || \"|\" || q.name || \"|\" || count(*) || \"|\" || sum(i.gold) FROM queue_items i JOIN raters r ON r.id = i.rater JOIN queues q ON q.id = i.queue")" = "demo|annotator|demo|16|6" ]'
"$BIN" demo --db "$DB" >/dev/null 2>"$T/demo2.err"
check "demo again: no second queue" '! grep -q queue "$T/demo2.err" && [ "$(sqlite3 "$DB" "SELECT count(*) FROM queues")" = 1 ]'

# ---------------------------------------------------------------- raters
"$BIN" raters add ann --role annotator >"$T/o1" 2>"$T/e1"
rc=$?
check "raters add: exit 0, one line" '[ $rc = 0 ] && [ "$(cat "$T/o1")" = "added rater ann (annotator)" ] && [ ! -s "$T/e1" ]'
"$BIN" raters add "dr who" --role clinician >/dev/null 2>&1
"$BIN" raters add --role adjudicator judge >/dev/null 2>&1
"$BIN" raters add ann --role clinician >"$T/o2" 2>"$T/e2"
rc=$?
check "raters add: a duplicate exits 1, says who has the name, changes nothing" '[ $rc = 1 ] && [ ! -s "$T/o2" ] && grep -q "^growthview raters add: a rater called '"'ann'"' exists (annotator, since 20[0-9-]*T[0-9:]*Z)$" "$T/e2" && [ "$(sqlite3 "$DB" "SELECT role FROM raters WHERE name = '"'ann'"'")" = annotator ]'
"$BIN" raters add bob --role boss >"$T/o3" 2>"$T/e3"
rc=$?
check "raters add: an unknown role exits 2 and names the roles" '[ $rc = 2 ] && [ "$(cat "$T/e3")" = "growthview raters add: unknown role '"'boss'"': clinician, annotator or adjudicator" ]'
"$BIN" raters add bob >/dev/null 2>"$T/e4"
rc=$?
check "raters add: --role is required" '[ $rc = 2 ] && [ "$(cat "$T/e4")" = "growthview raters add: --role is required: clinician, annotator or adjudicator" ]'
"$BIN" raters add "a,b" --role annotator >/dev/null 2>"$T/e5"
rc=$?
check "raters add: a comma in a name is refused with the reason" '[ $rc = 2 ] && [ "$(cat "$T/e5")" = "growthview raters add: '"'a,b'"': a rater'"'"'s name cannot hold a comma (--raters lists names separated by commas)" ]'
"$BIN" raters add "$(printf 'x\033[31m')" --role annotator >/dev/null 2>"$T/e6"
rc=$?
check "raters add: a control character is refused, not echoed raw" '[ $rc = 2 ] && grep -q "cannot hold control characters" "$T/e6" && ! grep -q "$(printf "\033")" "$T/e6"'
"$BIN" raters add "$(head -c 65 /dev/zero | tr "\0" n)" --role annotator >/dev/null 2>"$T/e7"
rc=$?
check "raters add: 65 bytes is too long" '[ $rc = 2 ] && grep -q "at most 64 bytes" "$T/e7"'
check "raters add: the refused ones wrote nothing" '[ "$(sqlite3 "$DB" "SELECT group_concat(name, \",\") FROM (SELECT name FROM raters ORDER BY name)")" = "ann,demo,dr who,judge" ]'
"$BIN" raters >"$T/list" 2>&1
rc=$?
sed 's/20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9:]*Z/STAMP/' "$T/list" >"$T/list.s"
cat >"$T/list.want" <<'EOF'
NAME    ROLE         CREATED
ann     annotator    STAMP
demo    annotator    STAMP
dr who  clinician    STAMP
judge   adjudicator  STAMP
EOF
check "raters: the list by name" '[ $rc = 0 ] && diff "$T/list.want" "$T/list.s"'

# ---------------------------------------------------------------- queue build
"$BIN" queue build --models demo-variant-1,demo-variant-2 --raters "ann,dr who" --seed 42 >"$T/b1" 2>"$T/be1"
rc=$?
cat >"$T/b1.want" <<'EOF'
created queue-2 (#2): 14 items for 2 raters (seed 42)
found 10 pairs of demo-variant-1,demo-variant-2 and 20 gold pairs (the baseline against a demo variant)
chosen: 10 pairs, 2 of them for two raters
RATER   ITEMS  GOLD
ann         7     1
dr who      7     1
EOF
check "queue build: exact output (10 pairs, 0.2 of them to both raters, 1 gold each)" '[ $rc = 0 ] && diff "$T/b1.want" "$T/b1" && [ ! -s "$T/be1" ]'
check "queue build: each pair of the two variants is on the left in half of a rater's ordinary items" '[ "$(sqlite3 "$DB" "SELECT group_concat(c, \",\") FROM (SELECT sum(swapped) || \"/\" || count(*) AS c FROM queue_items WHERE queue = 2 AND gold = 0 GROUP BY rater ORDER BY rater)")" = "3/6,3/6" ]'
check "queue build: gold items are the baseline against a variant, with what was planted" '[ "$(sqlite3 "$DB" "SELECT count(*) FROM queue_items i JOIN summaries l ON l.id = i.summary_left JOIN summaries r ON r.id = i.summary_right WHERE i.queue = 2 AND i.gold = 1 AND i.gold_expect > 0 AND (CASE i.swapped WHEN 0 THEN l.model ELSE r.model END) = '"'baseline'"' AND (CASE i.swapped WHEN 0 THEN r.planted ELSE l.planted END) IS NOT NULL")" = 2 ]'
"$BIN" queue build --models demo-variant-1,demo-variant-2 --raters "ann,dr who" --seed 42 --name again >/dev/null 2>&1
check "queue build: the same seed gives the same queue" '[ "$(sqlite3 "$DB" "SELECT count(*) FROM queue_items a JOIN queue_items b ON b.queue = 3 AND a.queue = 2 AND a.rater = b.rater AND a.position = b.position AND a.summary_left = b.summary_left AND a.summary_right = b.summary_right AND a.gold = b.gold")" = 14 ]'
"$BIN" queue build --models demo-variant-1,demo-variant-2 --raters ann --seed 1 --name again >/dev/null 2>"$T/be2"
rc=$?
check "queue build: a queue name taken is refused" '[ $rc = 2 ] && [ "$(cat "$T/be2")" = "growthview queue build: create queue: a queue called '"'again'"' exists" ]'
items=$(sqlite3 "$DB" "SELECT count(*) FROM queue_items")
bad() { # expected message, then the arguments
	want=$1
	shift
	"$BIN" queue build "$@" >"$T/bo" 2>"$T/bm"
	brc=$?
	[ $brc = 2 ] && [ ! -s "$T/bo" ] && [ "$(cat "$T/bm")" = "growthview queue build: $want" ]
}
check "queue build: an unknown model" 'bad "no summaries of model '"'gpt-x'"' in the store (see: growthview summaries)" --models demo-variant-1,gpt-x --raters ann'
check "queue build: an unknown rater" 'bad "no rater '"'zed'"' (add one with: growthview raters add NAME --role ROLE)" --models demo-variant-1,demo-variant-2 --raters ann,zed'
check "queue build: one model" 'bad "--models needs two models or more (M1,M2[,...])" --models demo-variant-1 --raters ann'
check "queue build: a model twice" 'bad "--models: '"'baseline'"' is named twice" --models baseline,demo-variant-1,baseline --raters ann'
check "queue build: a rater twice" 'bad "--raters: '"'ann'"' is named twice" --models demo-variant-1,demo-variant-2 --raters ann,ann'
check "queue build: --overlap above 1" 'bad "--overlap must be a share from 0 to 1" --models demo-variant-1,demo-variant-2 --raters ann --overlap 1.5'
check "queue build: --gold 1" 'bad "--gold must be a share from 0 to below 1" --models demo-variant-1,demo-variant-2 --raters ann --gold 1'
check "queue build: --gold not a number" 'bad "--gold: '"'lots'"' is not a number" --models demo-variant-1,demo-variant-2 --raters ann --gold lots'
check "queue build: --per-rater 0" 'bad "--per-rater: '"'0'"' is not a positive whole number" --models demo-variant-1,demo-variant-2 --raters ann --per-rater 0'
check "queue build: an unknown patient" 'bad "--patients: no patient '"'nobody'"'" --models demo-variant-1,demo-variant-2 --raters ann --patients nobody'
check "queue build: no --raters" 'bad "--models M1,M2[,...] and --raters R1[,R2...] are required" --models demo-variant-1,demo-variant-2'
check "queue build: the refused ones wrote nothing" '[ "$(sqlite3 "$DB" "SELECT count(*) FROM queue_items")" = "$items" ] && [ "$(sqlite3 "$DB" "SELECT count(*) FROM queues")" = 3 ]'
"$BIN" queue build --models demo-variant-1,demo-variant-2 --raters "ann,dr who" --patients "#1" "#2,#3" --overlap 1 --gold 0.5 --per-rater 3 --seed 42 --name small >"$T/b3" 2>&1
rc=$?
cat >"$T/b3.want" <<'EOF'
created small (#4): 6 items for 2 raters (seed 42)
found 6 pairs of demo-variant-1,demo-variant-2 and 12 gold pairs (the baseline against a demo variant)
chosen: 1 pair, 1 of them for two raters
RATER   ITEMS  GOLD
ann         3     2
dr who      3     2
EOF
check "queue build: three children given as #N, per rater 3 items half gold, the pair to both" '[ $rc = 0 ] && diff "$T/b3.want" "$T/b3" && [ "$(sqlite3 "$DB" "SELECT count(DISTINCT patient) FROM queue_items WHERE queue = 4 AND patient NOT IN (1, 2, 3)")" = 0 ] && [ "$(sqlite3 "$DB" "SELECT params FROM queues WHERE name = '"'small'"'")" = "{\"models\":[\"demo-variant-1\",\"demo-variant-2\"],\"patients\":[1,2,3],\"overlap\":1,\"gold\":0.5,\"per_rater\":3,\"seed\":42}" ]'

# ---------------------------------------------------------------- status and close
"$BIN" queue status --queue queue-2 >"$T/s1" 2>&1
rc=$?
cat >"$T/s1.want" <<'EOF'
queue-2 (#2): models demo-variant-1,demo-variant-2, seed 42, 2 raters, 14 items, open
RATER   ROLE         ASSIGNED  SUBMITTED  SKIPPED  DRAFT  GOLD-CAUGHT  GOLD-PREFERRED  ADJUDICATE
ann     annotator           7          0        0      0            -               -           0
dr who  clinician           7          0        0      0            -               -           0
adjudication: 0 items waiting for an adjudicator, 0 resolved (growthview rate --rater ADJUDICATOR)
EOF
check "queue status: per-rater progress" '[ $rc = 0 ] && diff "$T/s1.want" "$T/s1"'
"$BIN" queue status >"$T/s2" 2>&1
check "queue status: the newest queue by default" 'head -n 1 "$T/s2" | grep -qx "small (#4): models demo-variant-1,demo-variant-2, seed 42, 2 raters, 6 items, open"'
"$BIN" queue status --queue nope >"$T/s3" 2>&1
rc=$?
check "queue status: an unknown queue" '[ $rc = 2 ] && [ "$(cat "$T/s3")" = "growthview queue status: no queue '"'nope'"'" ]'
"$BIN" queue close --queue "#4" >"$T/c1" 2>&1
rc=$?
check "queue close: closed, with the count done" '[ $rc = 0 ] && [ "$(cat "$T/c1")" = "closed small (#4): 0 of 6 items submitted or skipped; its ratings can no longer change" ] && [ "$(sqlite3 "$DB" "SELECT closed IS NOT NULL FROM queues WHERE id = 4")" = 1 ]'
"$BIN" queue close --queue small >"$T/c2" 2>&1
rc=$?
check "queue close: twice is refused (exit 1)" '[ $rc = 1 ] && grep -q "^growthview queue close: close queue: small was closed at 20" "$T/c2"'
"$BIN" queue status --queue small >"$T/s4" 2>&1
check "queue status: a closed queue says so" 'head -n 1 "$T/s4" | grep -q ", 6 items, closed$"'
"$BIN" queue >/dev/null 2>"$T/q0"
rc=$?
check "queue: without a subcommand, usage, exit 2" '[ $rc = 2 ] && grep -q "^usage: growthview queue build" "$T/q0"'
"$BIN" queue frob >/dev/null 2>"$T/q1"
rc=$?
check "queue: an unknown subcommand" '[ $rc = 2 ] && head -n 1 "$T/q1" | grep -qx "growthview queue: unknown subcommand '"'frob'"' (build, status or close)"'
check "integrity" '[ "$(sqlite3 "$DB" "PRAGMA integrity_check")" = ok ] && [ "$(sqlite3 "$DB" "PRAGMA foreign_key_check")" = "" ]'
finish sh_ratings
