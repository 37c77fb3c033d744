#!/bin/sh
# sh_fhir_lock.sh — a FHIR import reads its file before it takes the database's write lock
# (issue 10: a 488 MB file kept every save and every other import "busy" for 45 s).  The file is
# a FIFO that the test fills slowly: while the import waits for the rest of it, another writer
# (a second import, the sqlite3 shell) gets the lock at once; then the import writes everything
# in one transaction.
set -u
BIN=${GV_BIN:?GV_BIN not set}
. tests/lib.sh
export GROWTHVIEW_CONFIG=/dev/null GROWTHVIEW_TODAY=2025-01-01 USER=locktest

"$BIN" import --db "$T/a.db" tests/data/visits_metric.csv >/dev/null 2>&1
mkfifo "$T/in.ndjson"
"$BIN" import --db "$T/a.db" "$T/in.ndjson" >"$T/imp.out" 2>"$T/imp.err" &
pid=$!
exec 3>"$T/in.ndjson"
printf '{"resourceType":"Patient","id":"fifo-1","gender":"female","birthDate":"2024-01-01"}\n' >&3
sleep 0.5
# The import has opened the database and read a resource; the rest of the file has not come.
t0=$(date +%s%N)
sqlite3 -cmd ".timeout 200" "$T/a.db" "BEGIN IMMEDIATE; INSERT INTO meta(key, value) VALUES ('probe', 1); COMMIT;" 2>"$T/probe.err"
rc=$?
t1=$(date +%s%N)
check "another writer gets the lock while the import reads (status 0, $(((t1 - t0) / 1000000)) ms)" \
	'[ $rc = 0 ] && [ ! -s "$T/probe.err" ]'
"$BIN" import --db "$T/a.db" tests/data/visits_imperial.csv >"$T/imp2.out" 2>&1
rc=$?
check "and so does a second import" '[ $rc = 0 ] && grep -q "1 patient (1 new, 0 existing), 3 measurements added" "$T/imp2.out"'
printf '{"resourceType":"Observation","id":"o1","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"29463-7"}]},"subject":{"reference":"Patient/fifo-1"},"effectiveDateTime":"2024-06-01","valueQuantity":{"value":7.5,"unit":"kg","code":"kg"}}\n' >&3
exec 3>&-
wait $pid
rc=$?
check "the import then writes everything (status 0)" \
	'[ $rc = 0 ] && grep -q "in.ndjson: 1 patient (1 new, 0 existing), 1 measurement added, 0 duplicates, 0 skipped, 0 errors" "$T/imp.out"'
check "its patient and measurement are stored, beside the others'" \
	'[ "$(sqlite3 "$T/a.db" "select count(*) from patients; select count(*) from measurements m join patients p on p.id = m.patient_id where p.ext_id = '"'fifo-1'"'")" = "$(printf "5\n1")" ]'
finish sh_fhir_lock
