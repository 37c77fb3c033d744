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

# --msnt: GAMLSS coefficient tables (refdata/intergrowth/ig_nbs_msnt.csv).
msnt_refuses() {
	printf '%b' "$1" >"$T/m.csv"
	"$REFGEN" --msnt "$T/mout.c" tab="$T/m.csv" 2>"$T/err" && return 1
	grep -q "$2" "$T/err" || { cat "$T/err"; return 1; }
	[ ! -e "$T/mout.c" ]
}
mgood='measure,sex,ga_days,mu,sigma,nu,tau\nweight_kg,1,231,1.905973,0.4027349,1.095261,17.05299\nweight_kg,1,232,1.945933,0.4024603,1.095261,17.05299\nweight_kg,2,231,1.795602,0.348924,1.126787,19.65738\nhead_cm,1,231,30.82238,1.365932,1.033177,26.17975\n'
printf '%b' "$mgood" >"$T/mgood.csv"
"$REFGEN" --msnt "$T/ma.c" tab="$T/mgood.csv" && "$REFGEN" --msnt "$T/mb.c" tab="$T/mgood.csv"
check "msnt: accepts a clean table" '[ -s "$T/ma.c" ]'
check "msnt: deterministic output" 'cmp -s "$T/ma.c" "$T/mb.c"'
check "msnt: generated banner" 'head -1 "$T/ma.c" | grep -q "do not edit"'
check "msnt: copies numbers verbatim" 'grep -q "{232, 1.945933, 0.4024603, 1.095261, 17.05299}" "$T/ma.c"'
check "msnt: one block per measure and sex" 'grep -q "{\"weight_kg\", 1, tab_rows + 0, 2u}" "$T/ma.c" &&
	grep -q "{\"weight_kg\", 2, tab_rows + 2, 1u}" "$T/ma.c" && grep -q "{\"head_cm\", 1, tab_rows + 3, 1u}" "$T/ma.c"'
check "msnt: the table" 'grep -q "const ig21_msnt_table tab = {\"$T/mgood.csv\", tab_blocks, 3u};" "$T/ma.c"'
check "msnt: compiles against core/ig21.h" 'cc -std=c11 -I. -c -o "$T/ma.o" "$T/ma.c"'
check "msnt: not a number" 'msnt_refuses "measure,sex,ga_days,mu,sigma,nu,tau\nw,1,231,x,1,1,1\n" "m.csv:2: not a plain decimal number: x"'
check "msnt: bad sex" 'msnt_refuses "measure,sex,ga_days,mu,sigma,nu,tau\nw,0,231,1,1,1,1\n" "m.csv:2: sex must be 1 or 2"'
check "msnt: bad measure name" 'msnt_refuses "measure,sex,ga_days,mu,sigma,nu,tau\nW t,1,231,1,1,1,1\n" "m.csv:2: measure must be lower case"'
check "msnt: unsorted x" 'msnt_refuses "measure,sex,ga_days,mu,sigma,nu,tau\nw,1,232,1,1,1,1\nw,1,231,1,1,1,1\n" "m.csv:3: x must strictly increase"'
check "msnt: block split in two" 'msnt_refuses "measure,sex,ga_days,mu,sigma,nu,tau\nw,1,231,1,1,1,1\nw,2,231,1,1,1,1\nw,1,232,1,1,1,1\n" "m.csv:4: rows of a measure and sex must be contiguous"'
check "msnt: zero tau" 'msnt_refuses "measure,sex,ga_days,mu,sigma,nu,tau\nw,1,231,1,1,1,0\n" "m.csv:2: sigma, nu and tau must be positive"'
check "msnt: missing column" 'msnt_refuses "measure,sex,ga_days,mu,sigma,nu\nw,1,231,1,1,1\n" "m.csv:1: header must start with measure,sex,x"'
check "msnt: short row" 'msnt_refuses "measure,sex,ga_days,mu,sigma,nu,tau\nw,1,231,1,1,1\n" "m.csv:2: row does not have as many fields"'
check "msnt: no rows" 'msnt_refuses "measure,sex,ga_days,mu,sigma,nu,tau\n" "m.csv:1: table has no rows"'
check "msnt: the real table" '"$REFGEN" --msnt "$T/ig.c" ig21_nbs_msnt=refdata/intergrowth/ig_nbs_msnt.csv &&
	[ "$(grep -c "^	{[0-9]" "$T/ig.c")" = 420 ]'

finish sh_refgen
