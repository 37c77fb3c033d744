#!/bin/sh
# sh_refgen.sh — the table generator refuses malformed CSVs with file:line and is deterministic.
set -u
REFGEN=${GV_REFGEN:?GV_REFGEN not set}
. tests/lib.sh

# refgen: expect failure with a message matching $2 for CSV content $1.
refuses() {
	printf '%b' "$1" >"$T/t.csv"
	"$REFGEN" "$T/out.c" T_X="$T/t.csv" 2>"$T/err" && return 1
	grep -q "$2" "$T/err" || { cat "$T/err"; return 1; }
	[ ! -e "$T/out.c" ] # nothing half-written
}

good='sex,agemos,L,M,S\n1,0,1.5,3.5,0.15\n1,0.5,1.4,4.0,0.14\n2,0,1.2,3.4,0.15\n2,0.5,1.1,3.9,0.14\n'
printf '%b' "$good" >"$T/good.csv"
"$REFGEN" "$T/a.c" T_X="$T/good.csv" && "$REFGEN" "$T/b.c" T_X="$T/good.csv"
check "accepts a clean table" '[ -s "$T/a.c" ]'
check "deterministic output" 'cmp -s "$T/a.c" "$T/b.c"'
check "copies numbers verbatim" 'grep -q "{0.5, 1.4, 4.0, 0.14}" "$T/a.c"'
check "row counts per sex" 'grep -q "#define T_X_NM 2u" "$T/a.c" && grep -q "#define T_X_NF 2u" "$T/a.c"'
check "generated banner" 'head -1 "$T/a.c" | grep -q "do not edit"'
check "not a number" 'refuses "sex,agemos,L,M,S\n1,0,1.5,abc,0.15\n" "t.csv:2: not a plain decimal number: abc"'
check "exponent refused" 'refuses "sex,agemos,L,M,S\n1,0,1e2,3,0.15\n" "t.csv:2: not a plain decimal"'
check "missing field" 'refuses "sex,agemos,L,M,S\n1,0,1.5,3.5\n" "t.csv:2: row does not have as many fields"'
check "bad sex" 'refuses "sex,agemos,L,M,S\n3,0,1.5,3.5,0.15\n" "t.csv:2: sex must be 1 or 2"'
check "unsorted x" 'refuses "sex,agemos,L,M,S\n1,1,1.5,3.5,0.15\n1,0.5,1.5,3.5,0.15\n" "t.csv:3: x must strictly increase"'
check "females before males" 'refuses "sex,agemos,L,M,S\n2,0,1.5,3.5,0.15\n1,0,1.5,3.5,0.15\n" "t.csv:3: rows must list all males"'
check "missing LMS columns" 'refuses "sex,agemos,L,Q,S\n1,0,1,2,3\n" "t.csv:1: header must start with sex"'
check "one sex only" 'refuses "sex,agemos,L,M,S\n1,0,1.5,3.5,0.15\n" "table must have rows for both sexes"'
check "WHO length/height split at day 731" 'refuses "sex,age_days,L,M,S,loh\n1,730,1,80,0.03,L\n1,731,1,80,0.03,L\n2,0,1,50,0.03,L\n" "t.csv:3: loh must be L up to day 730"'
check "zero S" 'refuses "sex,agemos,L,M,S\n1,0,1.5,3.5,0\n" "M and S must be positive"'

finish sh_refgen
