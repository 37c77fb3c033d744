#!/bin/sh
# sh_ratings_io.sh — export-ratings, import-ratings and rating-copy end to end: a hand-written
# ratings file imported and exported back byte for byte, imported twice without change, a bad file
# refused whole with FILE:LINE messages, a conflict, --out made 0600; a rating copy that holds no
# name, external id, date or note of the source (its every table and column, and its bytes), and
# ratings made in the copy merged back onto the right items.
set -u
BIN=${GV_BIN:?GV_BIN not set}
. tests/lib.sh
# Visits up to 2019 (the copy's own time stamps, made now, can never equal a source date).
export HOME="$T" GROWTHVIEW_CONFIG="$T/none" GROWTHVIEW_TODAY=2019-06-30 LC_ALL=C
DB="$T/gv.db"
export GROWTHVIEW_DB="$DB"
"$BIN" synth --patients 3 --seed 7 --db "$DB" >/dev/null 2>&1
sqlite3 "$DB" "UPDATE patients SET notes = 'lives at 12 Elm Street, phone 555-0199' WHERE id = 1"
# Two models' summaries of each child that name the child, its id and a visit date.
sqlite3 -separator ' ' "$DB" "SELECT p.ext_id, p.name, (SELECT min(date) FROM measurements m WHERE m.patient_id = p.id) FROM patients p ORDER BY p.id" |
while read -r ext first last date; do
	for m in m1 m2; do
		printf '{"patient_id":"%s","model":"%s","summary_id":"%s-%s","audience":"clinician","text":"%s %s (%s) was first measured on %s. %s grows well."}\n' \
			"$ext" "$m" "$ext" "$m" "$first" "$last" "$ext" "$date" "$first"
	done
done >"$T/sums.jsonl"
"$BIN" import-summaries "$T/sums.jsonl" >/dev/null 2>&1
"$BIN" raters add ann --role annotator >/dev/null
"$BIN" raters add doc --role clinician >/dev/null
"$BIN" queue build --models m1,m2 --raters ann,doc --overlap 1 --seed 3 --name pilot >/dev/null 2>"$T/qerr"
rc=$?
check "fixture: a queue of 6 items, every child to both raters" '[ $rc = 0 ] && [ "$(sqlite3 "$DB" "SELECT count(*) FROM queue_items")" = 6 ]'

# The summaries ann sees at positions 1 and 2 (A = left, B = right).
side() { sqlite3 "$DB" "SELECT s.summary_id FROM queue_items i JOIN raters r ON r.id = i.rater JOIN summaries s ON s.id = i.summary_$3 WHERE r.name = '$1' AND i.position = $2"; }
A1=$(side ann 1 left) B1=$(side ann 1 right) A2=$(side ann 2 left) B2=$(side ann 2 right)
line1='{"format":"gv-ratings-1","queue":"pilot","position":1,"rater":"ann","role":"annotator","a":{"summary":"'$A1'","correctness":4,"completeness":3,"conciseness":5,"clarity":4,"harm":"none","likelihood":null,"tags":[]},"b":{"summary":"'$B1'","correctness":2,"completeness":3,"conciseness":3,"clarity":4,"harm":"mild_moderate","likelihood":"low","tags":["value_not_in_record","wrong_trend"]},"choice":"a_better","status":"submitted","skip_reason":null,"flagged":false,"comment":"B invents a \"3.2 kg\" visit","corrected":null,"active_ms":95000,"rubric":"gv-rubric-1","updated":"2026-12-01T10:00:05Z","submitted":"2026-12-01T10:00:05Z"}'
line2='{"format":"gv-ratings-1","queue":"pilot","position":2,"rater":"ann","role":"annotator","a":{"summary":"'$A2'","correctness":null,"completeness":null,"conciseness":null,"clarity":null,"harm":null,"likelihood":null,"tags":[]},"b":{"summary":"'$B2'","correctness":null,"completeness":null,"conciseness":null,"clarity":null,"harm":null,"likelihood":null,"tags":[]},"choice":null,"status":"skipped","skip_reason":"text B is cut off","flagged":true,"comment":null,"corrected":null,"active_ms":12000,"rubric":"gv-rubric-1","updated":"2026-12-01T10:01:00Z","submitted":null}'
printf '%s\n\n%s\n' "$line1" "$line2" >"$T/r.jsonl"

"$BIN" import-ratings "$T/r.jsonl" >"$T/out" 2>"$T/err"
rc=$?
check "import: exit 0, the count" '[ $rc = 0 ] && [ ! -s "$T/out" ] && [ "$(cat "$T/err")" = "$T/r.jsonl: 2 ratings: 2 added, 0 replaced, 0 unchanged, 0 conflicts kept the stored one" ]'
check "import: stored with the file's times, one audit row each" '[ "$(sqlite3 "$DB" "SELECT group_concat(status || updated || ifnull(submitted, '"'-'"'), '"' '"') FROM ratings")" = "submitted2026-12-01T10:00:05Z2026-12-01T10:00:05Z skipped2026-12-01T10:01:00Z-" ] && [ "$(sqlite3 "$DB" "SELECT change FROM rating_audit ORDER BY id")" = "import $T/r.jsonl:1: added (submitted)
import $T/r.jsonl:3: added (skipped)" ]'
"$BIN" export-ratings >"$T/e.jsonl" 2>"$T/err"
rc=$?
printf '%s\n%s\n' "$line1" "$line2" >"$T/want.jsonl"
check "export: exactly the lines imported, byte for byte" '[ $rc = 0 ] && [ ! -s "$T/err" ] && cmp -s "$T/want.jsonl" "$T/e.jsonl"'
"$BIN" import-ratings "$T/e.jsonl" >/dev/null 2>"$T/err"
rc=$?
check "import twice: nothing changes" '[ $rc = 0 ] && [ "$(cat "$T/err")" = "$T/e.jsonl: 2 ratings: 0 added, 0 replaced, 2 unchanged, 0 conflicts kept the stored one" ] && [ "$(sqlite3 "$DB" "SELECT count(*) FROM rating_audit")" = 2 ]'
"$BIN" export-ratings --rater doc >"$T/doc.jsonl" 2>"$T/err"
rc=$?
check "export --rater: doc has none" '[ $rc = 0 ] && [ ! -s "$T/doc.jsonl" ]'
"$BIN" export-ratings --rater nobody >"$T/none.jsonl" 2>"$T/err"
rc=$?
check "export --rater unknown: exit 1 and why" '[ $rc = 1 ] && [ "$(cat "$T/err")" = "unknown rater \"nobody\"" ]'
umask 022
"$BIN" export-ratings --out "$T/out.jsonl" 2>"$T/err"
rc=$?
check "export --out: mode 0600, the same lines, the count" '[ $rc = 0 ] && [ "$(stat -c %a "$T/out.jsonl")" = 600 ] && cmp -s "$T/want.jsonl" "$T/out.jsonl" && [ "$(cat "$T/err")" = "$T/out.jsonl: 2 ratings" ]'
mkfifo "$T/fifo"
timeout 20 cat "$T/fifo" >"$T/fromfifo" &  # a bounded reader: a regression must fail, not hang
"$BIN" export-ratings --out "$T/fifo" 2>"$T/err"
rc=$?
wait
check "export --out a FIFO: written through it, still a FIFO, no temporary file" '[ $rc = 0 ] && [ -p "$T/fifo" ] && cmp -s "$T/want.jsonl" "$T/fromfifo" && [ $(ls -A "$T" | grep -c "tmp") = 0 ]'
ln -s "$T/out.jsonl" "$T/link.jsonl"
"$BIN" export-ratings --out "$T/link.jsonl" --rater doc 2>/dev/null
check "export --out a symbolic link: written through it (the link stays a link)" '[ -L "$T/link.jsonl" ] && cmp -s "$T/doc.jsonl" "$T/out.jsonl"'

# A bad file: nothing of it is imported, every problem is named.
later=$(printf '%s' "$line1" | sed 's/"correctness":4/"correctness":5/; s/10:00:05Z/11:00:00Z/g')
{
	printf '%s\n' "$later"
	printf '%s\n' "$line2" | sed 's/"position":2/"position":9/'
	printf '%s\n' "$line2" | sed 's/"clarity":null/"clarity":7/'
	printf '%s\n' "$line2" | sed 's/"role":"annotator"/"role":"adjudicator"/'
	printf '%s' "$line2" | sed 's/}$//'; echo
} >"$T/bad.jsonl"
"$BIN" import-ratings "$T/bad.jsonl" >/dev/null 2>"$T/err"
rc=$?
cat >"$T/err.want" <<EOF
$T/bad.jsonl:2: no item at position 9 of rater "ann" in queue "pilot" in this store
$T/bad.jsonl:3: a.clarity must be 1-5 or null, not 7
$T/bad.jsonl:4: rater "ann" is an annotator in this store, not an adjudicator
$T/bad.jsonl:5: not JSON (column $((${#line2} - 1)))
$T/bad.jsonl: 4 bad lines of 5: nothing imported
EOF
check "import a bad file: exit 1, FILE:LINE: reason for each, nothing imported (not even the good line 1)" '[ $rc = 1 ] && diff "$T/err.want" "$T/err" && "$BIN" export-ratings | cmp -s "$T/want.jsonl" -'
# The good line alone: a conflict with the stored rating, the later submission wins.
printf '%s\n' "$later" >"$T/later.jsonl"
"$BIN" import-ratings "$T/later.jsonl" >/dev/null 2>"$T/err"
rc=$?
cat >"$T/err.want" <<EOF
$T/later.jsonl:1: conflict: the rating of position 1 of rater "ann" in queue "pilot" differs from the stored one; the file's (submitted 2026-12-01T11:00:00Z) is later than the stored one (submitted 2026-12-01T10:00:05Z): replaced
$T/later.jsonl: 1 ratings: 0 added, 1 replaced, 0 unchanged, 0 conflicts kept the stored one
EOF
check "import a later rating: reported as a conflict, replaces" '[ $rc = 0 ] && diff "$T/err.want" "$T/err" && "$BIN" export-ratings | head -n 1 | cmp -s "$T/later.jsonl" -'
"$BIN" import-ratings "$T/r.jsonl" >/dev/null 2>"$T/err"
check "import the earlier one again: reported, the stored (later) one kept" 'grep -q "^$T/r.jsonl:1: conflict: .*: kept the stored one$" "$T/err" && tail -n 1 "$T/err" | grep -qx "$T/r.jsonl: 2 ratings: 0 added, 0 replaced, 1 unchanged, 1 conflicts kept the stored one"'
{ printf '%s\n' "$line2"; head -c 1048577 /dev/zero | tr '\0' a; echo; } >"$T/long.jsonl"
"$BIN" import-ratings "$T/long.jsonl" >/dev/null 2>"$T/err"
rc=$?
check "import a line over 1 MiB: named, nothing imported" '[ $rc = 1 ] && [ "$(cat "$T/err")" = "$T/long.jsonl:2: line longer than 1048576 bytes
$T/long.jsonl: 1 bad lines of 2: nothing imported" ]'
"$BIN" import-ratings "$T/missing.jsonl" >/dev/null 2>"$T/err"
rc=$?
check "import a missing file: exit 2" '[ $rc = 2 ] && head -n 1 "$T/err" | grep -qx "$T/missing.jsonl: No such file or directory"'

# ---------------------------------------------------------------- rating-copy
"$BIN" rating-copy --out "$T/copy.db" --rater ann >"$T/out" 2>"$T/err"
rc=$?
check "rating-copy: exit 0, what it holds" '[ $rc = 0 ] && [ ! -s "$T/err" ] && [ "$(cat "$T/out")" = "$T/copy.db: 3 items of 1 rater in 1 queue; 3 children, 50 measurements, 6 summaries" ]'
check "rating-copy: mode 0600" '[ "$(stat -c %a "$T/copy.db")" = 600 ]'
# Every name (whole and each part), external id, birth date, visit date and note of the source.
{
	sqlite3 "$DB" "SELECT name FROM patients; SELECT ext_id FROM patients; SELECT birth_date FROM patients;
		SELECT DISTINCT date FROM measurements; SELECT notes FROM patients WHERE notes <> ''; SELECT summary_id FROM summaries"
	sqlite3 "$DB" "SELECT name FROM patients" | tr ' -' '\n\n' | grep '[A-Za-z]'
} | sort -u | grep -v '^$' >"$T/needles"
sqlite3 "$T/copy.db" .dump >"$T/copy.sql"
for t in $(sqlite3 "$T/copy.db" "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'"); do
	sqlite3 -separator ' ' "$T/copy.db" "SELECT * FROM \"$t\""
done >"$T/copy.values"
found=$(grep -F -f "$T/needles" "$T/copy.sql" "$T/copy.values"; grep -c -a -F -f "$T/needles" "$T/copy.db")
check "rating-copy: no name, id, date, note or summary id of the source in any table, column or byte ($(wc -l <"$T/needles") strings)" '[ "$found" = 0 ] && [ $(wc -l <"$T/needles") -gt 50 ]'
check "rating-copy: children born 1900-01-01, ages kept" '[ "$(sqlite3 "$T/copy.db" "SELECT group_concat(julianday(m.date) - julianday(p.birth_date), '"','"') FROM measurements m JOIN patients p ON p.id = m.patient_id ORDER BY m.id")" != "" ] && [ "$(sqlite3 "$T/copy.db" "SELECT DISTINCT birth_date FROM patients")" = 1900-01-01 ] && [ "$(sqlite3 "$T/copy.db" "SELECT sum(julianday(m.date) - julianday(p.birth_date)) FROM measurements m JOIN patients p ON p.id = m.patient_id")" = "$(sqlite3 "$DB" "SELECT sum(julianday(m.date) - julianday(p.birth_date)) FROM measurements m JOIN patients p ON p.id = m.patient_id")" ]'
check "rating-copy: summaries name the child by pseudonym, dates shifted" '[ "$(sqlite3 "$T/copy.db" "SELECT count(*) FROM summaries WHERE text GLOB '"'the child (child-[1-3]) was first measured on 1900-01-01. the child grows well.'"'")" = 6 ]'
"$BIN" rating-copy --out "$T/copy.db" --rater ann >/dev/null 2>"$T/err"
rc=$?
check "rating-copy over an existing file: refused" '[ $rc = 1 ] && [ "$(cat "$T/err")" = "$T/copy.db exists: rating-copy makes a new database (remove it or choose another name)" ]'
"$BIN" rating-copy --out "$T/c2.db" --rater nobody >/dev/null 2>"$T/err"
rc=$?
check "rating-copy for an unknown rater: refused, no file" '[ $rc = 1 ] && [ "$(cat "$T/err")" = "unknown rater \"nobody\"" ] && [ ! -e "$T/c2.db" ]'
"$BIN" rating-copy --rater ann >/dev/null 2>"$T/err"
rc=$?
check "rating-copy without --out: usage" '[ $rc = 2 ] && head -n 1 "$T/err" | grep -qx "growthview rating-copy: name the new database with --out FILE.db"'

# ann rates position 3 offline, in the copy (its summary ids are pseudonyms), and the copy's
# export merges back into the clinic's store onto the same item.
CA3=$(sqlite3 "$T/copy.db" "SELECT s.summary_id FROM queue_items i JOIN summaries s ON s.id = i.summary_left WHERE i.position = 3")
CB3=$(sqlite3 "$T/copy.db" "SELECT s.summary_id FROM queue_items i JOIN summaries s ON s.id = i.summary_right WHERE i.position = 3")
A3=$(side ann 3 left) B3=$(side ann 3 right)
line3='{"format":"gv-ratings-1","queue":"pilot","position":3,"rater":"ann","role":"annotator","a":{"summary":"'$CA3'","correctness":5,"completeness":5,"conciseness":4,"clarity":5,"harm":"none","likelihood":null,"tags":[]},"b":{"summary":"'$CB3'","correctness":5,"completeness":4,"conciseness":4,"clarity":5,"harm":"none","likelihood":null,"tags":[]},"choice":"tie","status":"submitted","skip_reason":null,"flagged":false,"comment":null,"corrected":null,"active_ms":40000,"rubric":"gv-rubric-1","updated":"2026-12-02T09:00:00Z","submitted":"2026-12-02T09:00:00Z"}'
printf '%s\n' "$line3" >"$T/offline.jsonl"
"$BIN" import-ratings --db "$T/copy.db" "$T/offline.jsonl" >/dev/null 2>&1
"$BIN" export-ratings --db "$T/copy.db" >"$T/fromcopy.jsonl" 2>/dev/null
check "copy: its export carries its pseudonymous summary ids" '[ "$(wc -l <"$T/fromcopy.jsonl")" = 1 ] && grep -q "\"summary\":\"c-[0-9a-f]\{24\}\"" "$T/fromcopy.jsonl" && cmp -s "$T/offline.jsonl" "$T/fromcopy.jsonl"'
"$BIN" import-ratings "$T/fromcopy.jsonl" >/dev/null 2>"$T/err"
rc=$?
check "merge back: added onto position 3 of ann" '[ $rc = 0 ] && [ "$(cat "$T/err")" = "$T/fromcopy.jsonl: 1 ratings: 1 added, 0 replaced, 0 unchanged, 0 conflicts kept the stored one" ]'
printf '%s\n' "$line3" | sed "s/\"$CA3\"/\"$A3\"/; s/\"$CB3\"/\"$B3\"/" >"$T/want3.jsonl"
check "merge back: the clinic's export has it with the summaries' own ids" '"$BIN" export-ratings | sed -n 3p | cmp -s "$T/want3.jsonl" -'
"$BIN" import-ratings "$T/fromcopy.jsonl" >/dev/null 2>"$T/err"
check "merge back twice: unchanged" 'tail -n 1 "$T/err" | grep -qx "$T/fromcopy.jsonl: 1 ratings: 0 added, 0 replaced, 1 unchanged, 0 conflicts kept the stored one"'
finish sh_ratings_io
