#!/bin/sh
# sh_plot.sh — growthview plot: golden charts (ASCII and braille, value and z-score views, child
# and full span, WHO/CDC/auto references, flag markers), patient keys, options and errors.
# Goldens are tests/golden/plot_*.txt; UPDATE_GOLDEN=1 rewrites them (review with cat).
set -u
BIN=${GV_BIN:?GV_BIN not set}
. tests/lib.sh
export HOME="$T" GROWTHVIEW_CONFIG=/dev/null GROWTHVIEW_TODAY=2025-06-01
DB="$T/c.db"
"$BIN" import --db "$DB" tests/data/tui_clinic.csv >/dev/null 2>&1

golden() { # NAME, the output in $T/out
	g="tests/golden/$1.txt"
	if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
		cp "$T/out" "$g"
		echo "# golden: wrote $g"
	fi
	cmp -s "$T/out" "$g" || { diff "$g" "$T/out" | head -20 | sed 's/^/# /'; false; }
}

LC_ALL=C "$BIN" plot --db "$DB" HC-1 --indicator hcfa >"$T/out" 2>&1
rc=$?
check "head circumference, ASCII in the C locale: golden" '[ $rc = 0 ] && golden plot_hc1_hcfa_ascii'
# every visit a flag was met at is marked: microcephaly at birth, severe microcephaly at 2, 6 and 12 months
check "every microcephaly visit (birth, 2, 6, 12 months) is flagged (!) and counted" '[ "$(tail -n +2 "$T/out" | head -n -1 | grep -o "!" | wc -l)" = 4 ] && tail -n 1 "$T/out" | grep -q "flagged (4)"'
check "caption: patient, chart, references" 'head -n 1 "$T/out" | grep -q "^Small Head (HC-1), boy, born 2024-01-01: head circumference-for-age, WHO 2006 head circumference-for-age$"'
check "80 x 22 cells by default (+ caption and legend)" '[ $(wc -l <"$T/out") = 24 ] && [ $(awk "length > 80" "$T/out" | tail -n +2 | head -n -1 | wc -l) = 0 ]'

LC_ALL=C.UTF-8 "$BIN" plot --db "$DB" TUI-1 --width 100 --height 30 >"$T/out" 2>&1
check "preterm weight-for-age, braille in a UTF-8 locale, 100x30: golden" 'golden plot_tui1_wfa_braille_100x30'
check "preterm caption: INTERGROWTH-21st then WHO 2006" 'head -n 1 "$T/out" | grep -q ": weight-for-age, INTERGROWTH-21st preterm weight-for-postmenstrual-age | WHO 2006 weight-for-age$"'
check "braille cells used" 'grep -q "$(printf "\342\243")" "$T/out"'
LC_ALL=C.UTF-8 "$BIN" plot --db "$DB" TUI-1 --width 100 --height 30 --ascii >"$T/out" 2>&1
check "--ascii in a UTF-8 locale: ASCII only" '! LC_ALL=C grep -q "[^ -~]" "$T/out"'

# mid-parental target at the right edge of the height chart, the projected adult height centile
"$BIN" import --db "$T/st.db" tests/data/tui_stature.csv >/dev/null 2>&1
LC_ALL=C "$BIN" plot --db "$T/st.db" ST-1 --indicator lhfa >"$T/out" 2>&1
check "height chart with the mid-parental bar and the projection, 80x22: golden" 'golden plot_st1_lhfa_mph_ascii'
check "MPH at the target row, <P16 at the projection's, the legend says what they are" 'grep -q "= MPH\$" "$T/out" && grep -q "<P16 *\$" "$T/out" && tail -n 1 "$T/out" | grep -q "^MPH mid-parental target, bar +/-8.5 cm (Tanner 1970)  <P projected adult height centile\$"'
LC_ALL=C "$BIN" plot --db "$T/st.db" ST-1 --indicator lhfa --width 120 --height 40 --view z >"$T/out" 2>&1
check "the same in the z view, 120x40: golden" 'golden plot_st1_lhfa_mph_z_120x40'
LC_ALL=C "$BIN" plot --db "$DB" HC-1 --indicator lhfa >"$T/out" 2>&1
check "no parents' heights: no bar, no legend line" '! grep -q "MPH" "$T/out"'

LC_ALL=C "$BIN" plot --db "$DB" OB-4 --indicator bfa --view z --width 60 --height 16 >"$T/out" 2>&1
check "BMI z-score view, 60x16: golden" 'golden plot_ob4_bfa_z_60x16'
LC_ALL=C "$BIN" plot --db "$DB" LB-2 --ref cdc --zoom full >"$T/out" 2>&1
check "CDC only, full span, the lb-as-kg value marked ?: golden" 'golden plot_lb2_wfa_cdc_full && tail -n 1 "$T/out" | grep -q "check this value (1)"'
LC_ALL=C "$BIN" plot --db "$DB" LB-2 --ref who --indicator lhfa >"$T/out" 2>&1
check "WHO 2006 and 2007 tables named in the caption" 'head -n 1 "$T/out" | grep -q "WHO 2006 length/height-for-age"'
LC_ALL=C "$BIN" plot --db "$DB" OB-4 --indicator wflh >"$T/out" 2>&1
check "weight-for-height is plotted over height in cm" 'grep -q " cm$" "$T/out"'

id=$(sqlite3 "$DB" "select id from patients where ext_id = 'HC-1'")
LC_ALL=C "$BIN" plot --db "$DB" "#$id" --indicator hcfa >"$T/out2" 2>&1
LC_ALL=C "$BIN" plot --db "$DB" HC-1 --indicator hcfa >"$T/out" 2>&1
check "#N names a patient by internal id" 'cmp -s "$T/out" "$T/out2"'
LC_ALL=C "$BIN" plot --db "$DB" NV-5 >"$T/out" 2>&1
rc=$?
check "a patient without measurements: the curves alone" '[ $rc = 0 ] && tail -n 1 "$T/out" | grep -q "^no measurements yet"'

"$BIN" plot --db "$DB" NOPE >"$T/out" 2>"$T/err"
rc=$?
check "unknown patient: status 1, a message" '[ $rc = 1 ] && grep -q "no patient .NOPE." "$T/err"'
"$BIN" plot --db "$DB" HC-1 --indicator tsfa >/dev/null 2>"$T/err"
rc=$?
check "an indicator without a chart: status 2" '[ $rc = 2 ] && grep -q "indicator must be" "$T/err"'
"$BIN" plot --db "$DB" HC-1 --width 10 >/dev/null 2>"$T/err"
rc=$?
check "too narrow: status 2" '[ $rc = 2 ] && grep -q "width must be 20 to 1000" "$T/err"'
"$BIN" plot --db "$DB" HC-1 --view q >/dev/null 2>&1
rc=$?
check "bad --view: status 2" '[ $rc = 2 ]'
"$BIN" plot --db "$DB" >/dev/null 2>&1
rc=$?
check "no patient: usage, status 2" '[ $rc = 2 ]'
"$BIN" plot --db "$T/none.db" HC-1 >/dev/null 2>"$T/err"
rc=$?
check "no database: status 2, and none created" '[ $rc = 2 ] && [ ! -e "$T/none.db" ]'
cp "$DB" "$T/copy.db"
"$BIN" plot --db "$DB" HC-1 >/dev/null 2>&1
check "plot writes nothing" '[ "$(sqlite3 "$DB" "select count(*) from audit")" = "$(sqlite3 "$T/copy.db" "select count(*) from audit")" ]'

LC_ALL=C "$BIN" plot --db "$DB" UT-6 --units us >"$T/out" 2>&1
rc=$?
check "--units us: weight-for-age in pounds, golden" '[ $rc = 0 ] && golden plot_ut6_wfa_us && sed -n 2p "$T/out" | grep -Eq "^lb( |$)"'
LC_ALL=C "$BIN" plot --db "$DB" UT-6 --units us --indicator wflh >"$T/out" 2>&1
check "--units us: weight-for-length in pounds over inches" 'sed -n 2p "$T/out" | grep -Eq "^lb( |$)" && tail -n 3 "$T/out" | head -n 1 | grep -q " in$"'
printf 'units = us\n' >"$T/us.conf"
LC_ALL=C GROWTHVIEW_CONFIG="$T/us.conf" "$BIN" plot --db "$DB" UT-6 --indicator hcfa >"$T/out" 2>&1
check "config units = us: head circumference in inches" 'sed -n 2p "$T/out" | grep -Eq "^in( |$)"'
LC_ALL=C GROWTHVIEW_CONFIG="$T/us.conf" "$BIN" plot --db "$DB" UT-6 --indicator hcfa --units metric >"$T/out" 2>&1
check "--units metric overrides the config" 'sed -n 2p "$T/out" | grep -Eq "^cm( |$)"'
"$BIN" plot --db "$DB" UT-6 --units imperial >"$T/out" 2>&1
rc=$?
check "--units imperial: usage error" '[ $rc = 2 ] && grep -q "units must be metric or us" "$T/out"'

finish sh_plot
