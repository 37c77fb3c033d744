/* ui_fmt.c — the TUI's pure text helpers (ui/fmt.h) and screen grid (ui/scr.h), exact strings.
 *
 * Ages are calendar ages (fmt_age: "12d", "5m 12d", "2y 3m"); widths are terminal columns (a CJK
 * character takes two, a combining mark none); what a clinician types is parsed to canonical
 * units with exact conversions (1 lb = 0.45359237 kg, 1 in = 2.54 cm). */
#include "tests/testutil.h"

#include "core/age.h"
#include "ui/flagview.h"
#include "ui/fmt.h"
#include "ui/scr.h"

static int32_t D(int y, int m, int d)
{
	return age_days_from_civil(y, m, d);
}

static void age_is(const char *want, int32_t from, int32_t to)
{
	char b[32];
	fmt_age(b, sizeof b, from, to);
	assert_string_equal(b, want);
}

static void test_age(void **state)
{
	(void)state;
	age_is("0d", D(2024, 1, 10), D(2024, 1, 10));
	/* 10 January to 9 February: the month is not complete; 31 - 10 + 9 = 30 days */
	age_is("30d", D(2024, 1, 10), D(2024, 2, 9));
	age_is("1m 0d", D(2024, 1, 10), D(2024, 2, 10));
	/* born on the 31st: 29 February 2024 is 29 days, 1 March is one month (to the clamped
	 * 29 February) and one day */
	age_is("29d", D(2024, 1, 31), D(2024, 2, 29));
	age_is("1m 1d", D(2024, 1, 31), D(2024, 3, 1));
	age_is("11m 15d", D(2024, 1, 10), D(2024, 12, 25));
	age_is("1y 0m", D(2024, 1, 10), D(2025, 1, 10));
	/* 15 June 2023 to 14 September 2025: 27 months less one day = 26 complete months */
	age_is("2y 2m", D(2023, 6, 15), D(2025, 9, 14));
	age_is("10y 2m", D(2015, 3, 3), D(2025, 6, 1));
	/* a corrected age before term */
	age_is("-10d", D(2024, 3, 1), D(2024, 2, 20));
	/* born at 32+4 weeks: term date 280 - (32*7+4) = 52 days after birth */
	assert_int_equal(fmt_term_date(D(2024, 1, 10), 32, 4), D(2024, 1, 10) + 52);
	assert_int_equal(fmt_term_date(D(2024, 1, 10), 40, 0), D(2024, 1, 10));
}

static void fit_is(const char *want, const char *s, int cols, int utf8)
{
	char b[128];
	size_t n = fmt_fit(b, sizeof b, s, cols, utf8);
	assert_string_equal(b, want);
	assert_int_equal(n, strlen(want));
}

static void test_widths(void **state)
{
	(void)state;
	assert_int_equal(fmt_width("Zo\xc3\xab"), 3);                 /* Zoë */
	assert_int_equal(fmt_width("\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e"), 6); /* 王小明 */
	assert_int_equal(fmt_width("e\xcc\x81"), 1);                   /* e + combining acute */
	assert_int_equal(fmt_width("a\x1b"), 2);                       /* ESC shown as '?' */
	assert_int_equal(fmt_cpwidth(0x2800), 1);                      /* braille */
	assert_int_equal(fmt_cpwidth(0x1f600), 2);
	assert_int_equal(fmt_cpwidth(0x0301), 0);

	fit_is("abc   ", "abc", 6, 1);
	fit_is("abcd\xe2\x80\xa6", "abcdefgh", 5, 1);   /* "abcd…" */
	fit_is("abcd~", "abcdefgh", 5, 0);
	fit_is("abcde", "abcde", 5, 1);                  /* exactly fits: no ellipsis */
	/* Zoë Ødegård in 6 columns: 5 characters and the ellipsis */
	fit_is("Zo\xc3\xab \xc3\x98\xe2\x80\xa6", "Zo\xc3\xab \xc3\x98" "deg\xc3\xa5rd", 6, 1);
	/* a terminal without Unicode: one '?' per character */
	fit_is("Zo?   ", "Zo\xc3\xab", 6, 0);
	/* wide characters: 5 columns hold two and the ellipsis; in 4, a space replaces the half */
	fit_is("\xe7\x8e\x8b\xe5\xb0\x8f\xe2\x80\xa6", "\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e", 5, 1);
	fit_is("\xe7\x8e\x8b \xe2\x80\xa6", "\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e", 4, 1);
	/* an escape sequence from the database never reaches the terminal */
	fit_is("a?[31mb   ", "a\x1b[31mb", 10, 1);
	/* a combining mark stays with its letter; invalid UTF-8 becomes U+FFFD */
	fit_is("e\xcc\x81x ", "e\xcc\x81x", 3, 1);
	fit_is("\xef\xbf\xbd ", "\xff", 2, 1);
	fit_is("", "abc", 0, 1);
}

static void test_wrap(void **state)
{
	(void)state;
	int st[8], ln[8];
	const char *s = "the quick brown fox";
	assert_int_equal(fmt_wrap(s, 9, st, ln, 8), 2);
	assert_int_equal(st[0], 0);
	assert_int_equal(ln[0], 9);
	assert_int_equal(st[1], 10);
	assert_int_equal(ln[1], 9);
	/* a word longer than the line is cut */
	assert_int_equal(fmt_wrap("abcdefghij", 4, st, ln, 8), 3);
	assert_int_equal(ln[0], 4);
	assert_int_equal(st[2], 8);
	assert_int_equal(ln[2], 2);
	/* more lines than room: the count is still the whole text's */
	assert_int_equal(fmt_wrap("a b c d e", 1, st, ln, 2), 5);
	assert_int_equal(fmt_wrap("", 10, st, ln, 8), 0);

	char lines[3][64];
	const char *seg[] = {"2024-01-10", "age 1m 0d", "z +1.00", "", "P84.1"};
	assert_int_equal(fmt_segments(seg, 5, 22, &lines[0][0], sizeof lines[0], 3, 1), 2);
	assert_string_equal(lines[0], "2024-01-10  age 1m 0d");
	assert_string_equal(lines[1], "z +1.00  P84.1");
	/* a segment longer than a line: cut with an ellipsis on a line of its own */
	const char *seg2[] = {"ab", "abcdefghijkl"};
	assert_int_equal(fmt_segments(seg2, 2, 8, &lines[0][0], sizeof lines[0], 3, 0), 2);
	assert_string_equal(lines[0], "ab");
	assert_string_equal(lines[1], "abcdefg~");
}

static void str_is(const char *want, const char *got)
{
	assert_string_equal(got, want);
}

static void test_numbers(void **state)
{
	(void)state;
	char b[64];
	fmt_fixed(b, sizeof b, -0.001, 2);
	str_is("0.00", b);
	fmt_fixed(b, sizeof b, NAN, 2);
	str_is("-", b);
	fmt_fixed(b, sizeof b, -1.25, 1); /* -1.25 is exact in binary: printf rounds half to even */
	str_is("-1.2", b);
	fmt_z(b, sizeof b, 1.234);
	str_is("+1.23", b);
	fmt_z(b, sizeof b, -0.004);
	str_is("+0.00", b);
	fmt_z(b, sizeof b, -3.18);
	str_is("-3.18", b);
	fmt_pct(b, sizeof b, 10.94);
	str_is("10.9", b);
	fmt_pct(b, sizeof b, 0.07);
	str_is("0.07", b);
	fmt_pct(b, sizeof b, 99.62);
	str_is("99.62", b);
	fmt_pct(b, sizeof b, 0.001);
	str_is("<0.01", b);
	fmt_pct(b, sizeof b, 99.999);
	str_is(">99.99", b);
	fmt_pct(b, sizeof b, 0.96);
	str_is("1.0", b);
	fmt_pct(b, sizeof b, 99.05);
	str_is("99.05", b);

	fmt_measure(b, sizeof b, GV_WFA, 5.6, FMT_METRIC);
	str_is("5.600 kg", b);
	fmt_measure(b, sizeof b, GV_WFA, 12.346, FMT_METRIC);
	str_is("12.35 kg", b);
	/* 5.6 / 0.45359237 = 12.3458... lb */
	fmt_measure(b, sizeof b, GV_WFA, 5.6, FMT_US);
	str_is("12.35 lb", b);
	/* 58 / 2.54 = 22.834... in */
	fmt_measure(b, sizeof b, GV_LHFA, 58, FMT_US);
	str_is("22.83 in", b);
	fmt_measure(b, sizeof b, GV_HCFA, 42, FMT_METRIC);
	str_is("42.0 cm", b);
	fmt_measure(b, sizeof b, GV_BFA, 16.84, FMT_US);
	str_is("16.8 kg/m2", b);
	fmt_measure(b, sizeof b, GV_TSFA, 7.5, FMT_METRIC);
	str_is("7.5 mm", b);

	fmt_field(b, sizeof b, FMT_MASS, 5.6, FMT_METRIC);
	str_is("5.6", b);
	fmt_field(b, sizeof b, FMT_MASS, 3.45, FMT_METRIC);
	str_is("3.45", b);
	fmt_field(b, sizeof b, FMT_LENGTH, 58.0, FMT_METRIC);
	str_is("58", b);
	fmt_field(b, sizeof b, FMT_MASS, 5.6, FMT_US);
	str_is("12.35", b);
	fmt_field(b, sizeof b, FMT_LENGTH, NAN, FMT_METRIC);
	str_is("", b);
	str_is("lb", fmt_field_unit(FMT_MASS, FMT_US));
	str_is("cm", fmt_field_unit(FMT_LENGTH, FMT_METRIC));
	str_is("mm", fmt_field_unit(FMT_SKINFOLD, FMT_US));
}

static double qty(const char *s, fmt_qty q, fmt_units u)
{
	double v;
	char err[200];
	int r = fmt_parse_qty(s, q, u, &v, err, sizeof err);
	if (r != 1)
		fail_msg("'%s' should parse: %d %s", s, r, err);
	return v;
}

static void qty_err(const char *s, fmt_qty q, const char *want)
{
	double v;
	char err[200];
	assert_int_equal(fmt_parse_qty(s, q, FMT_METRIC, &v, err, sizeof err), -1);
	assert_string_equal(err, want);
	assert_true(isnan(v));
}

static void test_parse(void **state)
{
	(void)state;
	/* exact: the same double as the literal */
	assert_true(qty("5.6", FMT_MASS, FMT_METRIC) == 5.6);
	assert_true(qty(" 5.6 kg ", FMT_MASS, FMT_METRIC) == 5.6);
	assert_true(qty("5600 g", FMT_MASS, FMT_METRIC) == 5.6);
	assert_true(qty("5600g", FMT_MASS, FMT_US) == 5.6);
	assert_true(qty("5.6 KG", FMT_MASS, FMT_US) == 5.6);
	/* pounds: 1 lb = 0.45359237 kg exactly; 12 lb 5 oz = 12.3125 lb */
	assert_true(qty("12.3125", FMT_MASS, FMT_US) == 12.3125 * 0.45359237);
	tu_near(qty("12 lb 5 oz", FMT_MASS, FMT_METRIC), 12.3125 * 0.45359237, 1e-12, "lb oz");
	tu_near(qty("197 oz", FMT_MASS, FMT_METRIC), 197 / 16.0 * 0.45359237, 1e-12, "oz");
	assert_true(qty("12lbs", FMT_MASS, FMT_METRIC) == 12 * 0.45359237);
	/* lengths: 1 in = 2.54 cm exactly */
	assert_true(qty("58", FMT_LENGTH, FMT_METRIC) == 58);
	assert_true(qty("580 mm", FMT_LENGTH, FMT_US) == 58);
	assert_true(qty("22.8 in", FMT_LENGTH, FMT_METRIC) == 22.8 * 2.54);
	assert_true(qty("22.8\"", FMT_LENGTH, FMT_METRIC) == 22.8 * 2.54);
	assert_true(qty("22.8", FMT_LENGTH, FMT_US) == 22.8 * 2.54);
	/* feet and inches (a parent's height): 5 ft 4 in = 64 in = 162.56 cm */
	tu_near(qty("5 ft 4 in", FMT_LENGTH, FMT_METRIC), 162.56, 1e-9, "ft in");
	tu_near(qty("5'4\"", FMT_LENGTH, FMT_METRIC), 162.56, 1e-9, "ft' in\"");
	tu_near(qty("6 ft", FMT_LENGTH, FMT_METRIC), 182.88, 1e-9, "ft");
	assert_true(qty(".5", FMT_SKINFOLD, FMT_US) == 0.5);
	assert_true(qty("7.5 mm", FMT_SKINFOLD, FMT_METRIC) == 7.5);

	double v;
	char err[200];
	assert_int_equal(fmt_parse_qty("", FMT_MASS, FMT_METRIC, &v, err, sizeof err), 0);
	assert_true(isnan(v));
	assert_int_equal(fmt_parse_qty("   ", FMT_LENGTH, FMT_METRIC, &v, err, sizeof err), 0);

	qty_err("5,6", FMT_MASS, "'5,6': use a point for decimals (e.g. 5.6)");
	qty_err("5.6 st", FMT_MASS, "'5.6 st': unknown unit (kg, g, lb, oz)");
	qty_err("7.5 cm", FMT_SKINFOLD, "'7.5 cm': unknown unit (mm)");
	qty_err("58 kg", FMT_LENGTH, "'58 kg': unknown unit (cm, mm, in, ft)");
	qty_err("-3", FMT_MASS, "'-3': must be positive");
	qty_err("abc", FMT_MASS, "'abc': not a number");
	qty_err("0", FMT_MASS, "'0': must be greater than zero");
	qty_err("5 kg 3 g", FMT_MASS, "'5 kg 3 g': one number and unit, or pounds and ounces, or feet and inches");
	qty_err("5 in 4 ft", FMT_LENGTH, "'5 in 4 ft': one number and unit, or pounds and ounces, or feet and inches");
	qty_err("5 ft 4 cm", FMT_LENGTH, "'5 ft 4 cm': one number and unit, or pounds and ounces, or feet and inches");
	qty_err("5 ft 4 in 2 in", FMT_LENGTH, "'5 ft 4 in 2 in': one number and unit, or pounds and ounces, or feet and inches");
	qty_err("12 lb 5", FMT_MASS, "'12 lb 5': give the unit of the last number");
	qty_err("1.2.3", FMT_MASS, "'1.2.3': unknown unit (kg, g, lb, oz)");
	qty_err("1234567890123456", FMT_MASS, "'1234567890123456': too many digits");

	int m;
	assert_int_equal(fmt_parse_time("09:05", &m, err, sizeof err), 1);
	assert_int_equal(m, 545);
	assert_int_equal(fmt_parse_time("9:05", &m, err, sizeof err), 1);
	assert_int_equal(m, 545);
	assert_int_equal(fmt_parse_time("", &m, err, sizeof err), 0);
	assert_int_equal(m, -1);
	assert_int_equal(fmt_parse_time("24:00", &m, err, sizeof err), -1);
	assert_string_equal(err, "'24:00': not a time (HH:MM, 00:00 to 23:59)");
	assert_int_equal(fmt_parse_time("0930", &m, err, sizeof err), -1);
}

static void test_list_layout(void **state)
{
	(void)state;
	fmt_listcols c;
	/* 80: mark(2) name id sex(3) age(7) last(10) with one space between: name + id = 80 - 27,
	 * id 2/5 of 53 = 21 -> at most 20, name 33 */
	fmt_list_layout(80, &c);
	assert_int_equal(c.mark_x, 0);
	assert_int_equal(c.name_x, 3);
	assert_int_equal(c.name_w, 33);
	assert_int_equal(c.id_x, 37);
	assert_int_equal(c.id_w, 20);
	assert_int_equal(c.sex_x, 58);
	assert_int_equal(c.age_x, 62);
	assert_int_equal(c.last_x, 70);
	assert_int_equal(c.last_x + c.last_w, 80);
	assert_int_equal(c.flags_w, 0);
	/* 100: the open-flags column appears (12 + a space); name 60 - 20 = 40 */
	fmt_list_layout(100, &c);
	assert_int_equal(c.name_w, 40);
	assert_int_equal(c.id_x, 44);
	assert_int_equal(c.flags_x, 88);
	assert_int_equal(c.flags_x + c.flags_w, 100);
	/* 160: the name column stops at 48 */
	fmt_list_layout(160, &c);
	assert_int_equal(c.name_w, 48);
	assert_int_equal(c.id_x, 52);
	assert_int_equal(c.flags_x, 96);
}

static void test_scr(void **state)
{
	(void)state;
	scr *s = scr_new(10, 3, 1);
	assert_non_null(s);
	char row[128];
	/* a wide character that does not fit in the last column becomes a space */
	assert_int_equal(scr_text(s, 0, 0, 10, "abcdefghi\xe7\x8e\x8b", UI_TEXT), 10);
	scr_row(s, 0, row, sizeof row);
	assert_string_equal(row, "abcdefghi");
	/* a wide character takes two cells, the second a continuation */
	scr_text(s, 0, 1, 10, "\xe7\x8e\x8bx", UI_KEY);
	assert_int_equal(scr_get(s, 0, 1).kind, SCR_WIDE);
	assert_int_equal(scr_get(s, 1, 1).kind, SCR_CONT);
	assert_int_equal(scr_get(s, 2, 1).cp, 'x');
	assert_int_equal(scr_get(s, 2, 1).role, UI_KEY);
	/* overwriting half of it blanks the other half */
	scr_text(s, 1, 1, 1, "y", UI_TEXT);
	assert_int_equal(scr_get(s, 0, 1).cp, ' ');
	scr_row(s, 1, row, sizeof row);
	assert_string_equal(row, " yx");
	/* control characters never reach the screen; combining marks join their letter */
	scr_text(s, 0, 2, 10, "\x1b[2Je\xcc\x81", UI_TEXT);
	scr_row(s, 2, row, sizeof row);
	assert_string_equal(row, "?[2Je\xcc\x81");
	/* nor C1 controls (a one-byte CSI on some terminals) or bidi controls (issue 10) */
	scr_text(s, 0, 2, 10, "a\xc2\x9b" "2J\xe2\x80\xae" "b\x7f", UI_TEXT);
	scr_row(s, 2, row, sizeof row);
	assert_string_equal(row, "a?2J?b?");
	assert_int_equal(fmt_printable(0x202e, 1), '?');
	assert_int_equal(fmt_printable(0x2066, 1), '?');
	assert_int_equal(fmt_printable(0x9b, 1), '?');
	assert_int_equal(fmt_printable(0xe9, 1), 0xe9);
	assert_int_equal(fmt_printable(0xe9, 0), '?');
	scr_text(s, 0, 2, 10, "\x1b[2Je\xcc\x81", UI_TEXT);
	scr_paint(s, 0, 2, 3, UI_CURSOR);
	assert_int_equal(scr_get(s, 2, 2).role, UI_CURSOR);
	assert_int_equal(scr_get(s, 3, 2).role, UI_TEXT);
	scr_free(s);

	/* ASCII terminal: boxes in + - |, Unicode as '?' */
	s = scr_new(6, 3, 0);
	scr_box(s, 0, 0, 6, 3, UI_FRAME);
	scr_text(s, 1, 1, 4, "\xc3\xa9t\xc3\xa9", UI_TEXT);
	scr_row(s, 0, row, sizeof row);
	assert_string_equal(row, "+----+");
	scr_row(s, 1, row, sizeof row);
	assert_string_equal(row, "|?t? |");
	assert_int_equal(scr_resize(s, 3, 2), 0);
	assert_int_equal(scr_width(s), 3);
	scr_row(s, 0, row, sizeof row);
	assert_string_equal(row, "");
	scr_free(s);

	assert_string_equal(scr_role_name(ROLE_CURVE_MEDIAN), "curve_median");
	assert_string_equal(scr_role_name(UI_FLAG_SEVERE), "flag_severe");
	for (int r = 0; r < UI_ROLE_COUNT; r++)
		assert_true(scr_role_name(r)[0] != '\0');
}

static void test_markers(void **state)
{
	(void)state;
	/* flags are never shown by colour alone: every severity has its glyph, 2 columns */
	assert_string_equal(flagview_marker(GV_SEV_SEVERE), "!!");
	assert_string_equal(flagview_marker(GV_SEV_MODERATE), "! ");
	assert_string_equal(flagview_marker(GV_SEV_CHECK), "? ");
	assert_string_equal(flagview_marker(GV_SEV_INFO), "i ");
	/* store codes (app/flagcache.h): 0 none, 1 info .. 4 severe */
	assert_string_equal(flagview_marker_code(0), "  ");
	assert_string_equal(flagview_marker_code(1), "i ");
	assert_string_equal(flagview_marker_code(4), "!!");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_age),    cmocka_unit_test(test_widths),      cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_numbers), cmocka_unit_test(test_parse),      cmocka_unit_test(test_list_layout),
		cmocka_unit_test(test_scr),    cmocka_unit_test(test_markers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
