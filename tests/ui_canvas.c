/* ui_canvas.c — the pure cell buffer: braille bits, column-span fill, priorities, markers, text,
 * ASCII rendering, row output.  Every expected string below is worked out by hand in a comment. */
#include "tests/testutil.h"

#include "ui/canvas.h"

/* Row r of c as a string (static buffer, enough for the small canvases here). */
static const char *row(const canvas *c, int r)
{
	static char buf[1024];
	size_t n = canvas_row(c, r, buf, sizeof buf);
	assert_true(n < sizeof buf);
	return buf;
}

static canvas *mk(int w, int h, canvas_mode m)
{
	canvas *c = canvas_new(w, h, m);
	assert_non_null(c);
	return c;
}

static void test_new_bad_sizes(void **state)
{
	(void)state;
	assert_null(canvas_new(0, 5, CANVAS_BRAILLE));
	assert_null(canvas_new(5, 0, CANVAS_ASCII));
	assert_null(canvas_new(-1, 5, CANVAS_ASCII));
	assert_null(canvas_new(5000, 5, CANVAS_ASCII));
	assert_null(canvas_new(5, 5, (canvas_mode)7));
	canvas *c = mk(3, 2, CANVAS_ASCII);
	assert_int_equal(canvas_width(c), 3);
	assert_int_equal(canvas_height(c), 2);
	assert_int_equal(canvas_get_mode(c), CANVAS_ASCII);
	/* blank: empty rows, blank cells with no role, off-canvas reads blank */
	assert_string_equal(row(c, 0), "");
	canvas_cell e = canvas_get(c, 1, 1);
	assert_int_equal(e.cp, ' ');
	assert_int_equal(e.role, ROLE_NONE);
	e = canvas_get(c, 3, 0);
	assert_int_equal(e.cp, ' ');
	canvas_free(c);
	canvas_free(NULL);
}

/* Each of the 8 dots of one cell gives U+2800 + its bit: rows from the top {0x01,0x08},
 * {0x02,0x10},{0x04,0x20},{0x40,0x80} (Unicode braille dots 1,4 / 2,5 / 3,6 / 7,8). */
static void test_braille_bits(void **state)
{
	(void)state;
	static const unsigned bit[4][2] = {{0x01, 0x08}, {0x02, 0x10}, {0x04, 0x20}, {0x40, 0x80}};
	for (int y = 0; y < 4; y++)
		for (int x = 0; x < 2; x++) {
			canvas *c = mk(1, 1, CANVAS_BRAILLE);
			canvas_dot(c, x, y, ROLE_CURVE_MEDIAN);
			canvas_cell e = canvas_get(c, 0, 0);
			assert_int_equal(e.cp, 0x2800 + bit[y][x]);
			assert_int_equal(e.role, ROLE_CURVE_MEDIAN);
			canvas_free(c);
		}
	/* all eight: U+28FF, UTF-8 E2 A3 BF */
	canvas *c = mk(1, 1, CANVAS_BRAILLE);
	for (int y = 0; y < 4; y++)
		for (int x = 0; x < 2; x++)
			canvas_dot(c, x, y, ROLE_CURVE_OUTER);
	assert_int_equal(canvas_get(c, 0, 0).cp, 0x28FF);
	assert_string_equal(row(c, 0), "\xe2\xa3\xbf");
	canvas_free(c);
}

/* Dot (x, y) lands in cell (x/2, y/4): dot (5, 7) is cell (2, 1), dot row 3, right column: 0x80. */
static void test_dot_to_cell(void **state)
{
	(void)state;
	canvas *c = mk(3, 2, CANVAS_BRAILLE);
	canvas_dot(c, 5, 7, ROLE_POINT);
	assert_int_equal(canvas_get(c, 2, 1).cp, 0x2880);
	assert_string_equal(row(c, 0), "");
	assert_string_equal(row(c, 1), "  \xe2\xa2\x80"); /* two blanks, then U+2880 */
	/* off the canvas: ignored */
	canvas_dot(c, 6, 0, ROLE_POINT);
	canvas_dot(c, -1, 0, ROLE_POINT);
	canvas_dot(c, 0, 8, ROLE_POINT);
	assert_string_equal(row(c, 0), "");
	canvas_free(c);
}

/* Column-span fill of ys = {0, 7, 7, 3} on 4x2 cells (8x8 dots):
 *   col 0: y 0, next mid (0+7)/2 = 3.5 -> rows 0..4
 *   col 1: y 7, prev mid 3.5 -> 4, next mid 7 -> rows 4..7
 *   col 2: y 7, next mid (7+3)/2 = 5 -> rows 5..7
 *   col 3: y 3, prev mid 5 -> rows 3..5
 * cell (0,0): col 0 rows 0-3 = 0x01|0x02|0x04|0x40 = 0x47  U+2847
 * cell (1,0): col 3 row 3 = 0x80                            U+2880
 * cell (0,1): col 0 row 4 -> 0x01; col 1 rows 4-7 -> 0x08|0x10|0x20|0x80 = 0xB8; 0xB9  U+28B9
 * cell (1,1): col 2 rows 5-7 -> 0x02|0x04|0x40 = 0x46; col 3 rows 4,5 -> 0x08|0x10; 0x5E  U+285E
 * Consecutive columns share their midpoint row: no gap however steep. */
static void test_curve_span_fill(void **state)
{
	(void)state;
	const double ys[] = {0, 7, 7, 3};
	canvas *c = mk(2, 2, CANVAS_BRAILLE);
	canvas_curve(c, 0, ys, 4, ROLE_CURVE_INNER);
	assert_string_equal(row(c, 0), "\xe2\xa1\x87\xe2\xa2\x80"); /* U+2847 U+2880 */
	assert_string_equal(row(c, 1), "\xe2\xa2\xb9\xe2\xa1\x9e"); /* U+28B9 U+285E */
	canvas_free(c);

	/* The same in ASCII: (0,0) one full column -> '|'; (1,0) a dot in the bottom row -> '_';
	 * (0,1) left row 0, right rows 0-3: the right half is lower -> '\\';
	 * (1,1) left rows 1-3, right rows 0-1: the right half is higher -> '/'. */
	c = mk(2, 2, CANVAS_ASCII);
	canvas_curve(c, 0, ys, 4, ROLE_CURVE_INNER);
	assert_string_equal(row(c, 0), "|_");
	assert_string_equal(row(c, 1), "\\/");
	canvas_free(c);
}

/* NAN breaks a curve: {2, NAN, 2} sets only dot row 2 of columns 0 and 2 (no bridge). */
static void test_curve_gap(void **state)
{
	(void)state;
	const double ys[] = {2, NAN, 2};
	canvas *c = mk(2, 1, CANVAS_BRAILLE);
	canvas_curve(c, 0, ys, 3, ROLE_CURVE_OUTER);
	assert_int_equal(canvas_get(c, 0, 0).cp, 0x2800 + 0x04); /* col 0 row 2 */
	assert_int_equal(canvas_get(c, 1, 0).cp, 0x2800 + 0x04); /* col 2 = left of cell 1 */
	/* a flat curve is one dot row: x0 = 1 (odd start), ys all 1.4 -> row 1 */
	canvas_clear(c);
	const double flat[] = {1.4, 1.4, 1.4};
	canvas_curve(c, 1, flat, 3, ROLE_CURVE_OUTER);
	assert_int_equal(canvas_get(c, 0, 0).cp, 0x2800 + 0x10);        /* col 1 row 1 */
	assert_int_equal(canvas_get(c, 1, 0).cp, 0x2800 + 0x02 + 0x10); /* cols 2, 3 row 1 */
	canvas_free(c);
}

/* Bresenham (0,0)-(3,3): dots (0,0) (1,1) in cell 0 = 0x01|0x10 = U+2811; (2,2) (3,3) in cell 1
 * = 0x04|0x80 = U+2884.  Horizontal (0,1)-(3,1): 0x02|0x10 in both cells = U+2812. */
static void test_line(void **state)
{
	(void)state;
	canvas *c = mk(2, 1, CANVAS_BRAILLE);
	canvas_line(c, 0, 0, 3, 3, ROLE_CHILD_LINE);
	assert_string_equal(row(c, 0), "\xe2\xa0\x91\xe2\xa2\x84");
	canvas_clear(c);
	canvas_line(c, 3, 1, 0, 1, ROLE_CHILD_LINE); /* either direction */
	assert_string_equal(row(c, 0), "\xe2\xa0\x92\xe2\xa0\x92");
	canvas_free(c);
	/* in ASCII the child's line has its own character */
	c = mk(2, 1, CANVAS_ASCII);
	canvas_line(c, 0, 0, 3, 3, ROLE_CHILD_LINE);
	assert_string_equal(row(c, 0), "..");
	canvas_free(c);
}

/* The classic ASCII gradient by dot row, and the role characters. */
static void test_ascii_shapes(void **state)
{
	(void)state;
	static const char want[4] = {'\'', '-', '.', '_'};
	for (int y = 0; y < 4; y++) {
		canvas *c = mk(1, 1, CANVAS_ASCII);
		canvas_dot(c, 0, y, ROLE_CURVE_OUTER);
		canvas_dot(c, 1, y, ROLE_CURVE_OUTER);
		char s[2] = {want[y], 0};
		assert_string_equal(row(c, 0), s);
		canvas_free(c);
	}
	canvas *c = mk(3, 1, CANVAS_ASCII);
	canvas_vspan(c, 0, 0, 3, ROLE_SWITCH_MARK);
	canvas_vspan(c, 2, 0, 3, ROLE_CURVE_MEDIAN);
	canvas_vspan(c, 5, 1, 2, ROLE_CURVE_MEDIAN); /* two rows, mean 1.5 -> '-' */
	assert_string_equal(row(c, 0), ":|-");
	canvas_free(c);
}

/* Priority decides a shared cell's role whatever the order; braille shows the union of dots. */
static void test_priority_order_independent(void **state)
{
	(void)state;
	canvas *a = mk(1, 1, CANVAS_BRAILLE), *b = mk(1, 1, CANVAS_BRAILLE);
	canvas_dot(a, 0, 0, ROLE_CURVE_OUTER);
	canvas_dot(a, 1, 3, ROLE_CURVE_MEDIAN);
	canvas_dot(a, 0, 2, ROLE_CURVE_INNER);
	canvas_dot(b, 0, 2, ROLE_CURVE_INNER);
	canvas_dot(b, 1, 3, ROLE_CURVE_MEDIAN);
	canvas_dot(b, 0, 0, ROLE_CURVE_OUTER);
	canvas_cell ea = canvas_get(a, 0, 0), eb = canvas_get(b, 0, 0);
	assert_int_equal(ea.cp, 0x2800 + 0x01 + 0x04 + 0x80);
	assert_int_equal(ea.cp, eb.cp);
	assert_int_equal(ea.role, ROLE_CURVE_MEDIAN);
	assert_int_equal(eb.role, ROLE_CURVE_MEDIAN);
	canvas_free(a);
	canvas_free(b);

	assert_true(canvas_role_priority(ROLE_CURVE_OUTER) < canvas_role_priority(ROLE_CURVE_INNER));
	assert_true(canvas_role_priority(ROLE_CURVE_INNER) < canvas_role_priority(ROLE_CURVE_MEDIAN));
	assert_true(canvas_role_priority(ROLE_CURVE_MEDIAN) < canvas_role_priority(ROLE_POINT));
	assert_true(canvas_role_priority(ROLE_POINT) < canvas_role_priority(ROLE_POINT_SELECTED));
	assert_true(CANVAS_PRIO_TEXT < canvas_role_priority(ROLE_POINT));
	assert_true(CANVAS_PRIO_TEXT > canvas_role_priority(ROLE_CURVE_MEDIAN));
}

/* ASCII: two curves of the same role through one cell keep their own shapes (the flattest wins,
 * '\'' before '_' by code), never a merged '|'; a higher role wins outright. */
static void test_ascii_crossing(void **state)
{
	(void)state;
	const double top[] = {0, 0}, bottom[] = {3, 3};
	for (int order = 0; order < 2; order++) {
		canvas *c = mk(1, 1, CANVAS_ASCII);
		canvas_curve(c, 0, order ? bottom : top, 2, ROLE_CURVE_INNER);
		canvas_curve(c, 0, order ? top : bottom, 2, ROLE_CURVE_INNER);
		assert_string_equal(row(c, 0), "'");
		canvas_free(c);

		c = mk(1, 1, CANVAS_ASCII);
		canvas_curve(c, 0, order ? bottom : top, 2, order ? ROLE_CURVE_MEDIAN : ROLE_CURVE_OUTER);
		canvas_curve(c, 0, order ? top : bottom, 2, order ? ROLE_CURVE_OUTER : ROLE_CURVE_MEDIAN);
		assert_string_equal(row(c, 0), "_"); /* the median is the bottom one */
		assert_int_equal(canvas_get(c, 0, 0).role, ROLE_CURVE_MEDIAN);
		canvas_free(c);
	}
	/* in braille the same cell shows both: 0x01|0x08 + 0x40|0x80 = U+28C9 */
	canvas *c = mk(1, 1, CANVAS_BRAILLE);
	canvas_curve(c, 0, top, 2, ROLE_CURVE_INNER);
	canvas_curve(c, 0, bottom, 2, ROLE_CURVE_INNER);
	assert_int_equal(canvas_get(c, 0, 0).cp, 0x28C9);
	canvas_free(c);
}

/* Markers: one glyph per state in both modes, above curves and text, selected above all. */
static void test_markers(void **state)
{
	(void)state;
	assert_int_equal(canvas_marker_glyph(CANVAS_MARK_NORMAL), 'o');
	assert_int_equal(canvas_marker_glyph(CANVAS_MARK_SELECTED), '@');
	assert_int_equal(canvas_marker_glyph(CANVAS_MARK_FLAGGED), '!');
	assert_int_equal(canvas_marker_glyph(CANVAS_MARK_SUSPECT), '?');
	assert_int_equal(canvas_marker_role(CANVAS_MARK_FLAGGED), ROLE_POINT_FLAGGED);
	for (int m = 0; m < 2; m++) {
		canvas *c = mk(4, 1, m ? CANVAS_ASCII : CANVAS_BRAILLE);
		const double ys[] = {1, 1, 1, 1, 1, 1, 1, 1};
		canvas_mark(c, 1, 1, CANVAS_MARK_NORMAL);       /* cell 0 */
		canvas_mark(c, 2, 3, CANVAS_MARK_FLAGGED);      /* cell 1 */
		canvas_mark(c, 5, 0, CANVAS_MARK_SELECTED);     /* cell 2, then a normal one on it */
		canvas_mark(c, 4, 2, CANVAS_MARK_NORMAL);
		canvas_text(c, 3, 0, "X", ROLE_LABEL);          /* text in cell 3 ... */
		canvas_mark(c, 7, 0, CANVAS_MARK_SUSPECT);      /* ... under a point: '?' wins */
		canvas_curve(c, 0, ys, 8, ROLE_CURVE_MEDIAN);   /* a curve under everything */
		assert_string_equal(row(c, 0), "o!@?");
		assert_int_equal(canvas_get(c, 2, 0).role, ROLE_POINT_SELECTED);
		assert_int_equal(canvas_get(c, 3, 0).role, ROLE_POINT_SUSPECT);
		canvas_free(c);
	}
	/* text sits above every curve, whatever the order */
	canvas *c = mk(3, 1, CANVAS_ASCII);
	const double ys[] = {3, 3, 3, 3, 3, 3};
	canvas_text(c, 1, 0, "P", ROLE_CURVE_OUTER);
	canvas_curve(c, 0, ys, 6, ROLE_CURVE_MEDIAN);
	assert_string_equal(row(c, 0), "_P_");
	assert_int_equal(canvas_get(c, 1, 0).role, ROLE_CURVE_OUTER);
	canvas_free(c);
}

/* Text is ASCII only, clipped at the edge; the count is the text's length. */
static void test_text(void **state)
{
	(void)state;
	canvas *c = mk(6, 2, CANVAS_BRAILLE);
	assert_int_equal(canvas_text(c, 4, 0, "kg/m2", ROLE_LABEL), 5);
	assert_string_equal(row(c, 0), "    kg");
	assert_int_equal(canvas_text(c, -2, 1, "ab\xc3\xa9z", ROLE_LABEL), 5); /* "ab" off the left edge */
	assert_string_equal(row(c, 1), "??z");                                 /* each byte of U+00E9 -> '?' */
	assert_int_equal(canvas_get(c, 0, 0).cp, ' ');
	assert_int_equal(canvas_get(c, 0, 0).role, ROLE_NONE);
	canvas_free(c);
}

/* Box pieces: Unicode in braille mode, +-| in ASCII. */
static void test_box(void **state)
{
	(void)state;
	canvas *u = mk(5, 1, CANVAS_BRAILLE), *a = mk(5, 1, CANVAS_ASCII);
	for (int i = 0; i < 5; i++) {
		canvas_box_at(u, i, 0, (canvas_box)i, ROLE_AXIS);
		canvas_box_at(a, i, 0, (canvas_box)i, ROLE_AXIS);
	}
	assert_string_equal(row(u, 0), "\xe2\x94\x80\xe2\x94\x82\xe2\x94\x94\xe2\x94\xa4\xe2\x94\xac"); /* ─│└┤┬ */
	assert_string_equal(row(a, 0), "-|+++");
	assert_int_equal(canvas_get(u, 3, 0).cp, 0x2524);
	assert_int_equal(canvas_get(u, 3, 0).role, ROLE_AXIS);
	canvas_free(u);
	canvas_free(a);
}

/* The clip rectangle limits dots and markers, not text. */
static void test_clip(void **state)
{
	(void)state;
	canvas *c = mk(4, 2, CANVAS_ASCII);
	canvas_clip(c, 1, 0, 2, 1); /* cells 1..2 of row 0: dots x 2..5, y 0..3 */
	canvas_vspan(c, 0, 0, 7, ROLE_CURVE_OUTER); /* outside */
	canvas_vspan(c, 2, 0, 7, ROLE_CURVE_OUTER); /* clipped to y 0..3 */
	canvas_mark(c, 6, 0, CANVAS_MARK_NORMAL);    /* outside */
	canvas_mark(c, 5, 3, CANVAS_MARK_NORMAL);
	canvas_text(c, 3, 1, "t", ROLE_LABEL);
	assert_string_equal(row(c, 0), " |o");
	assert_string_equal(row(c, 1), "   t");
	canvas_clip(c, 0, 0, 0, 0); /* no clip */
	canvas_dot(c, 0, 7, ROLE_CURVE_OUTER);
	assert_string_equal(row(c, 1), "_  t");
	canvas_free(c);
}

/* Rows: trailing blanks trimmed, truncation at a character boundary, needed length returned. */
static void test_row_output(void **state)
{
	(void)state;
	canvas *c = mk(4, 1, CANVAS_BRAILLE);
	canvas_dot(c, 0, 0, ROLE_CURVE_OUTER);
	canvas_text(c, 1, 0, "ab", ROLE_LABEL);
	char buf[CANVAS_ROW_BYTES(4)];
	assert_int_equal(canvas_row(c, 0, buf, sizeof buf), 5); /* 3 + 1 + 1, trailing cell dropped */
	assert_string_equal(buf, "\xe2\xa0\x81" "ab");
	char small[3];
	assert_int_equal(canvas_row(c, 0, small, sizeof small), 5);
	assert_string_equal(small, ""); /* the 3-byte character does not fit: nothing partial */
	char four[5];
	canvas_row(c, 0, four, sizeof four);
	assert_string_equal(four, "\xe2\xa0\x81" "a");
	assert_int_equal(canvas_row(c, 5, buf, sizeof buf), 0);
	assert_string_equal(buf, "");
	canvas_free(c);
}

/* ASCII mode never emits a byte >= 0x80, whatever is drawn. */
static void test_ascii_is_7bit(void **state)
{
	(void)state;
	canvas *c = mk(10, 3, CANVAS_ASCII);
	for (int x = 0; x < 20; x++)
		for (int y = 0; y < 12; y += (x % 3) + 1)
			canvas_dot(c, x, y, (canvas_role)(1 + (x + y) % 5));
	for (int i = 0; i < 5; i++)
		canvas_box_at(c, i, 2, (canvas_box)i, ROLE_AXIS);
	canvas_text(c, 5, 1, "\xe2\xa0\x81", ROLE_LABEL);
	for (int r = 0; r < 3; r++) {
		const char *s = row(c, r);
		for (const char *p = s; *p; p++)
			assert_true((unsigned char)*p < 0x80 && (unsigned char)*p >= 0x20);
		for (int col = 0; col < 10; col++)
			assert_true(canvas_get(c, col, r).cp < 0x80);
	}
	canvas_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_bad_sizes),
		cmocka_unit_test(test_braille_bits),
		cmocka_unit_test(test_dot_to_cell),
		cmocka_unit_test(test_curve_span_fill),
		cmocka_unit_test(test_curve_gap),
		cmocka_unit_test(test_line),
		cmocka_unit_test(test_ascii_shapes),
		cmocka_unit_test(test_priority_order_independent),
		cmocka_unit_test(test_ascii_crossing),
		cmocka_unit_test(test_markers),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_box),
		cmocka_unit_test(test_clip),
		cmocka_unit_test(test_row_output),
		cmocka_unit_test(test_ascii_is_7bit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
