#!/bin/sh
# sh_zscore.sh — growthview zscore end to end: the CSV contract, bad rows, threads, the oracle.
# Run by `make check` with GV_BIN (the binary) and GV_SHARED (../shared).
set -u
BIN=${GV_BIN:?GV_BIN not set}
SHARED=${GV_SHARED:-../shared}
. tests/lib.sh

# Column of a CSV by header name (first match), for row $3 (1 = first data row).
col() { awk -F, -v name="$2" -v row="$3" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name && !c) c = i; next }
	NR == row + 1 { print $c; exit }' "$1"; }

# 1. Bad rows: reported with line numbers, carried in the error column, the rest processed.
cat >"$T/in.csv" <<'EOF'
id,sex,age_days,weight_kg,height_cm,position,note
1,M,365,9.6,75.7,L,ok
2,X,365,9.6,75.7,L,bad sex
3,F,-4,3.1,49,L,negative age
4,F,100,abc,60,L,not a number
5,F,100,0,60,L,zero weight

6,2,100,6,60,Z,bad position
7,2,100,6,60,L,"quoted, with comma"
EOF
"$BIN" zscore "$T/in.csv" >"$T/out.csv" 2>"$T/err.txt"
rc=$?
check "exit status 1 when a row fails" '[ $rc = 1 ]'
check "output has one row per input row (blank line skipped)" '[ $(wc -l <"$T/out.csv") = 8 ]'
check "line 3: unknown sex" 'grep -q "in.csv:3: sex .X. is not 1/2, M/F or male/female" "$T/err.txt"'
check "line 4: negative age" 'grep -q "in.csv:4: negative age" "$T/err.txt"'
check "line 5: weight not a number" "grep -q \"in.csv:5: weight_kg 'abc' is not a number\" \"$T/err.txt\""
check "line 6: impossible weight" 'grep -q "in.csv:6: weight_kg 0 is impossible" "$T/err.txt"'
check "line 8: bad position (after a blank line 7)" 'grep -q "in.csv:8: position .Z. is not L" "$T/err.txt"'
check "summary of failed rows" 'grep -q "4 of 7 rows could not be scored" "$T/err.txt"'
check "summary of rows scored without an impossible value" 'grep -q "1 of 7 rows had an impossible value, scored without it" "$T/err.txt"'
check "error column carries the reason (quoted: it has commas)" 'sed -n 3p "$T/out.csv" | grep -q ",\"sex .X. is not 1/2, M/F or male/female\",,,,,,,,,,,,,,,,,\$"'
check "good row scored after bad rows" 'tail -n 1 "$T/out.csv" | grep -q ",who2006,"'
check "quoted field passed through quoted" 'grep -q "^7,2,100,6,60,L,\"quoted, with comma\",who2006," "$T/out.csv"'
# WHO wfa boys day 365 (L 0.0645, M 9.646, S 0.10925): 9.6 kg -> z = ((9.6/9.646)^0.0645-1)/(0.0645*0.10925) = -0.043748
check "hand-checked z for row 1" '[ "$(col "$T/out.csv" z_wfa 1)" = -0.043748 ]'

# 1b. One impossible value voids only the indicators that use it (WHO anthro scores length-for-age
# when the weight is invalid): a 600 kg weight leaves weight-for-age, BMI and weight-for-length
# empty, length-for-age scored, the error column naming the value.  WHO lhfa boys day 365 (L 1,
# M 75.7391, S 0.03137): 75.7 cm -> z = (75.7/75.7391 - 1)/0.03137 = -0.016457.
cat >"$T/imp.csv" <<'EOF'
sex,age_days,weight_kg,height_cm,head_cm,position
1,365,600,75.7,46,L
1,365,9.6,75.7,460,L
EOF
"$BIN" zscore "$T/imp.csv" >"$T/imp.out" 2>"$T/imp.err"
rc=$?
check "impossible weight: exit 1, reported with its line" '[ $rc = 1 ] && grep -q "imp.csv:2: weight_kg 600 is impossible (accepted: 0.2 to 250 kg); the row is scored without it" "$T/imp.err"'
check "impossible weight: length-for-age still scored" '[ "$(col "$T/imp.out" z_lhfa 1)" = -0.016457 ] && [ "$(col "$T/imp.out" ref 1)" = who2006 ]'
check "impossible weight: head circumference still scored" '[ -n "$(col "$T/imp.out" z_hcfa 1)" ]'
check "impossible weight: weight-based indicators empty" '[ -z "$(col "$T/imp.out" z_wfa 1)$(col "$T/imp.out" bmi 1)$(col "$T/imp.out" z_bfa 1)$(col "$T/imp.out" z_wflh 1)" ]'
check "impossible weight: named in the error column" 'sed -n 2p "$T/imp.out" | grep -q ",weight_kg 600 is impossible (accepted: 0.2 to 250 kg),chronological,,,,,,,,,,,,,,,,\$"'
check "impossible head: weight, length and BMI scored, head empty" '[ "$(col "$T/imp.out" z_wfa 2)" = -0.043748 ] && [ -n "$(col "$T/imp.out" z_bfa 2)" ] && [ -z "$(col "$T/imp.out" z_hcfa 2)" ] && sed -n 3p "$T/imp.out" | grep -q ",head_cm 460 is impossible"'

# 2. Fatal problems: exit 2 with a message.
printf 'id,age_days,weight_kg\n1,10,3\n' >"$T/nosex.csv"
"$BIN" zscore "$T/nosex.csv" >/dev/null 2>"$T/err2.txt"
rc=$?
check "missing sex column is fatal (exit 2)" '[ $rc = 2 ] && grep -q "nosex.csv:1: the header has no sex column" "$T/err2.txt"'
printf 'id,sex,weight_kg\n1,1,3\n' | "$BIN" zscore >/dev/null 2>"$T/err3.txt"
rc=$?
check "no age column is fatal" '[ $rc = 2 ] && grep -q "stdin:1: the header has no age" "$T/err3.txt"'
"$BIN" zscore "$T/does-not-exist.csv" >/dev/null 2>"$T/err4.txt"
rc=$?
check "unreadable file is fatal" '[ $rc = 2 ] && grep -q "does-not-exist.csv: No such file" "$T/err4.txt"'
printf '' | "$BIN" zscore >/dev/null 2>"$T/err5.txt"
rc=$?
check "empty input is fatal" '[ $rc = 2 ] && grep -q "empty input" "$T/err5.txt"'
"$BIN" zscore --ref nhanes </dev/null >/dev/null 2>"$T/err6.txt"
rc=$?
check "bad --ref is a usage error" '[ $rc = 2 ] && grep -q "ref must be auto, who or cdc" "$T/err6.txt"'
printf 'sex,age_days,weight_kg\r1,100,6\r2,200,7\r' >"$T/cr.csv"
"$BIN" zscore "$T/cr.csv" >"$T/cr.out" 2>"$T/err7.txt"
rc=$?
check "CR-only line ends are fatal, not a file of no rows" '[ $rc = 2 ] && grep -q "cr.csv:1: the header line holds a carriage return" "$T/err7.txt" && [ ! -s "$T/cr.out" ]'
printf 'sex,"age_days,weight_kg\n1,100,6\n' >"$T/q.csv"
"$BIN" zscore "$T/q.csv" >/dev/null 2>"$T/err8.txt"
rc=$?
check "an unclosed quote in the header is named" '[ $rc = 2 ] && grep -q "q.csv:1: the header has an unclosed quote" "$T/err8.txt"'

# ga_days must not be dropped silently (the child would be scored as born at term), nor mixed
# with fractional weeks; import refuses the same rows.
printf 'sex,age_days,weight_kg,ga_weeks,ga_days\n1,100,5,,3\n1,100,5,32.5,3\n1,100,5,32,3.5\n1,100,5,32,3\n' >"$T/ga.csv"
"$BIN" zscore "$T/ga.csv" >"$T/ga.out" 2>"$T/err9.txt"
rc=$?
check "ga_days without ga_weeks is an error" '[ $rc = 1 ] && grep -q "ga.csv:2: ga_days without ga_weeks" "$T/err9.txt"'
check "ga_days with fractional ga_weeks or fractional days is an error" 'grep -q "ga.csv:3: ga_days must be a whole number 0-6 with whole ga_weeks" "$T/err9.txt" && grep -q "ga.csv:4: ga_days must be" "$T/err9.txt"'
# 32+3 weeks = 227 days: corrected age 100 - (280 - 227) = 47 days.
check "32 weeks + 3 days corrects to 47 days" '[ "$(col "$T/ga.out" age_days_corr 4)" = 47.000000 ]'

# 3. CRLF, a byte order mark, columns in another order, dates instead of ages.
printf '\357\273\277sex,date,birth_date,height_cm,weight_kg\r\nmale,2021-01-01,2020-01-01,75.7,9.6\r\n' >"$T/crlf.csv"
"$BIN" zscore "$T/crlf.csv" >"$T/crlf.out" 2>&1
check "CRLF + BOM + dates: age 366 days" '[ "$(col "$T/crlf.out" age_days 1)" = 366.000000 ] && head -1 "$T/crlf.out" | grep -q "^sex,date"'
# A byte order mark before a quoted header name (tools that quote every field): import takes it,
# zscore used to say "no sex column".
printf '\357\273\277"sex","age_days","weight_kg"\r\n"1","100","6"\r\n' >"$T/bomq.csv"
"$BIN" zscore "$T/bomq.csv" >"$T/bomq.out" 2>"$T/err10.txt"
rc=$?
check "BOM + quoted header: scored" '[ $rc = 0 ] && [ "$(col "$T/bomq.out" z_wfa 1)" = -0.777099 ] && head -1 "$T/bomq.out" | grep -q "^sex,age_days,weight_kg,ref,"'

# 4. Threads change nothing: identical bytes with 1 and 4 threads, on 20,000 generated rows (many
# 64 KiB blocks, quoted fields with commas and newlines across block ends, bad rows) and, with
# ../shared, on the oracle's 17,191 rows.
awk 'BEGIN { print "id,sex,age_days,weight_kg,height_cm,note"
	for (i = 1; i <= 20000; i++) {
		d = (i * 37) % 7000; w = 3 + d / 400; h = 50 + d / 80
		note = i % 2 == 0 ? "\"a, \"\"b\"\"\nsecond line of a quoted note, long enough to hold a cut\"" : i % 13 == 0 ? "x" : ""
		printf "%d,%s,%d,%.2f,%.1f,%s\n", i, i % 101 == 0 ? "X" : (i % 2 ? "M" : "F"), d, w, h, note } }' >"$T/gen.csv"
"$BIN" zscore --threads 1 "$T/gen.csv" >"$T/g1.csv" 2>"$T/g1.err"
rc1=$?
"$BIN" zscore --threads 4 <"$T/gen.csv" >"$T/g4.csv" 2>"$T/g4.err"
rc4=$?
check "generated rows: 1 thread and 4 threads give the same bytes" '[ $rc1 = 1 ] && [ $rc4 = 1 ] && cmp -s "$T/g1.csv" "$T/g4.csv"'
# Row 101 (sex X) starts on physical line 1 + 101 + 50: rows 2, 4, ..., 100 hold a newline.
check "generated rows: the same errors at the same lines" '[ "$(sed "s|$T/gen.csv|F|" "$T/g1.err")" = "$(sed s/stdin/F/ "$T/g4.err")" ] && grep -q "gen.csv:152: sex .X. is not" "$T/g1.err" && grep -q "198 of 20000 rows could not be scored" "$T/g1.err"'

ORACLE="$SHARED/oracles/cdc_sas_reference.csv"
if need_shared oracles/cdc_sas_reference.csv "zscore on the CDC SAS oracle (threads, 17,191 rows, SAS z)"; then
	sed '1s/agemos/age_months/' "$ORACLE" >"$T/oracle.csv"
	"$BIN" zscore --ref cdc --threads 1 "$T/oracle.csv" >"$T/o1.csv" 2>/dev/null
	"$BIN" zscore --ref cdc --threads 4 <"$T/oracle.csv" >"$T/o4.csv" 2>/dev/null
	check "1 thread and 4 threads give the same bytes" 'cmp -s "$T/o1.csv" "$T/o4.csv"'
	check "17,191 rows out" '[ $(wc -l <"$T/o1.csv") = 17192 ]'
	# The CLI reproduces CDC's SAS program for weight and height z to its 6 printed decimals.
	bad=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) { if ($i == "sas_waz") a = i; if ($i == "sas_haz") b = i;
		if ($i == "z_wfa") c = i; if ($i == "z_lhfa") d = i; if ($i == "sas_bmiz") e = i; if ($i == "z_bfa_ext") f = i } next }
		{ dw = $a - $c; dh = $b - $d; de = $e - $f; if (dw < 0) dw = -dw; if (dh < 0) dh = -dh; if (de < 0) de = -de;
		  if (dw > 6e-7 || dh > 1e-3 || de > 6e-7) n++ } END { print n + 0 }' "$T/o1.csv")
	check "CLI matches the SAS oracle (z_wfa, z_lhfa, extended BMI z)" '[ "$bad" = 0 ]'
fi

# 5. Nothing lost (issue 10): a stray quote in row 11 of 1,000 costs that row only; a bare CR
# joining two rows keeps both; limits are the importers' (core/limits.h); bad --threads refused.
awk 'BEGIN { print "id,sex,age_days,weight_kg,name"
	for (i = 0; i < 1000; i++) if (i == 10) print "X10,F,365,9.5,\"O'"'"'Brien, Pat"; else print "X" i ",F,365,9.5,Kid" }' >"$T/stray.csv"
"$BIN" zscore "$T/stray.csv" >"$T/stray.out" 2>"$T/stray.err"
rc=$?
check "stray quote: status 1, one output row per input row (1,000)" '[ $rc = 1 ] && [ $(wc -l <"$T/stray.out") = 1001 ]'
check "stray quote: the row and what to do, at line 12" \
	'grep -q "stray.csv:12: a quote opens a field and does not close on this line (a stray quote?): the row is refused and reading goes on at the next line" "$T/stray.err"'
check "stray quote: 1 of 1000 rows could not be scored" 'grep -q "stray.csv: 1 of 1000 rows could not be scored" "$T/stray.err"'
check "stray quote: the rows after it are scored" '[ "$(col "$T/stray.out" ref 12)" = who2006 ] && [ "$(col "$T/stray.out" ref 1000)" = who2006 ]'
printf 'sex,age_days,weight_kg\r\n1,100,6\r2,100,6\r\n1,100,9\0.5\r\n' >"$T/cr2.csv"
"$BIN" zscore "$T/cr2.csv" >"$T/cr2.out" 2>"$T/cr2.err"
rc=$?
check "stray CR: both rows scored, a note names it" \
	'[ $(wc -l <"$T/cr2.out") = 4 ] && grep -q "cr2.csv:2: note: a stray carriage return (CR without LF) joins 2 rows on this line: each is scored as a row" "$T/cr2.err" && [ "$(col "$T/cr2.out" z_wfa 2)" = -0.030364 ]'
check "a NUL in a number is quoted escaped, not cut" 'grep -q "cr2.csv:3: weight_kg .9\\\\x00\\.5. is not a number" "$T/cr2.err" && [ $rc = 1 ]'
printf 'sex,age_days,weight_kg,age_months\n1,1e308,6,\n1,100,0.0001,\n1,100,250.1,\n1,,6,1e308\n1,44724,6,\n' >"$T/lim.csv"
"$BIN" zscore "$T/lim.csv" >"$T/lim.out" 2>"$T/lim.err"
check "age_days 1e308 refused with the limits" 'grep -q "lim.csv:2: age_days 1e+308 is impossible (accepted: 0 to 44724 days)" "$T/lim.err"'
check "weight 0.0001 kg refused (the importers' limit)" 'grep -q "lim.csv:3: weight_kg 0.0001 is impossible (accepted: 0.2 to 250 kg)" "$T/lim.err"'
check "weight 250.1 kg refused" 'grep -q "lim.csv:4: weight_kg 250.1 is impossible" "$T/lim.err"'
check "age_months 1e308 refused" 'grep -q "lim.csv:5: age_months 1e+308 is impossible" "$T/lim.err"'
check "no 300-digit age in the output; the edge (44724 days) is accepted" \
	'[ $(awk -F, "{ if (length(\$0) > 1000) n++ } END { print n + 0 }" "$T/lim.out") = 0 ] && grep -q "^1,44724,6,,,44724.000000,1469.371663," "$T/lim.out"'
for bad in abc 0 -1 2x ""; do
	"$BIN" zscore --threads "$bad" "$T/lim.csv" >/dev/null 2>"$T/thr.err"
	rc=$?
	check "--threads '$bad' refused (status 2)" '[ $rc = 2 ] && grep -q "threads must be a whole number of at least 1" "$T/thr.err"'
done
GROWTHVIEW_THREADS=zero "$BIN" zscore "$T/lim.csv" >/dev/null 2>"$T/thr.err"
rc=$?
check "GROWTHVIEW_THREADS=zero refused" '[ $rc = 2 ] && grep -q "GROWTHVIEW_THREADS must be a whole number" "$T/thr.err"'
"$BIN" zscore --threads 64 "$T/lim.csv" >/dev/null 2>&1
rc=$?
check "--threads 64 runs (at most 16 are used)" '[ $rc = 1 ]'
printf 'sex;age_days;weight_kg\n1;100;6\n' >"$T/semi.csv"
"$BIN" zscore "$T/semi.csv" >/dev/null 2>"$T/semi.err"
rc=$?
check "semicolons named" '[ $rc = 2 ] && grep -q "semi.csv:1: the header has no sex column: the header is separated by semicolons" "$T/semi.err"'
printf '\377\376s\0e\0x\0\n\0' >"$T/u16.csv"
"$BIN" zscore "$T/u16.csv" >/dev/null 2>"$T/u16.err"
rc=$?
check "UTF-16 named" '[ $rc = 2 ] && grep -q "u16.csv:1: the header has no sex column: the file is UTF-16 (little-endian" "$T/u16.err"'

finish sh_zscore
