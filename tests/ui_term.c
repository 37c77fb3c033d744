/* ui_term.c — the blit: frames presented through ncurses (newterm on /dev/null, xterm-256color)
 * and read back cell by cell with mvin_wch, as tig's save_display does.
 *
 * Checks that what reaches ncurses is the frame (text, braille, wide characters, combining
 * marks), that box-drawing code points become WACS_* pieces, that every role gets the attributes
 * and colour pair of the one role table in the colour and the monochrome theme, that an ASCII
 * terminal never gets a non-ASCII character, and that a whole TUI frame (the list screen)
 * survives the trip at 80x24 and, after resizeterm, at 160x48. */
#include "tests/tu_store.h"

#include <curses.h>
#include <locale.h>

#include "app/import_csv.h"
#include "core/age.h"
#include "ui/canvas.h"
#include "ui/keys.h"
#include "ui/scr.h"
#include "ui/term.h"
#include "ui/tui.h"

static FILE *out_f, *in_f;



static gv_term *open_term(int utf8, int color)
{
	out_f = fopen("/dev/null", "w");
	in_f = fopen("/dev/null", "r");
	assert_non_null(out_f);
	assert_non_null(in_f);
	char err[256];
	gv_term *tm = term_open(out_f, in_f, "xterm-256color", utf8, color, err, sizeof err);
	if (!tm)
		fail_msg("term_open: %s", err);
	resizeterm(24, 80);
	return tm;
}

static void close_term(gv_term *tm)
{
	term_close(tm);
	fclose(out_f);
	fclose(in_f);
}

/* The cell (x, y) as ncurses holds it. */
static void cell_at(int x, int y, wchar_t *wch, attr_t *a, short *pair)
{
	cchar_t cc;
	assert_int_equal(mvin_wch(y, x, &cc), OK);
	wchar_t w[CCHARW_MAX + 1];
	assert_int_equal(getcchar(&cc, w, a, pair, NULL), OK);
	memcpy(wch, w, sizeof w);
}

static void expect_role(gv_term *tm, int x, int y, int role)
{
	wchar_t w[CCHARW_MAX + 1];
	attr_t a;
	short pair;
	cell_at(x, y, w, &a, &pair);
	unsigned long want;
	short wpair;
	term_role_style(tm, role, &want, &wpair);
	attr_t got = a & ~(A_COLOR | A_ALTCHARSET);
	if (got != (attr_t)want || pair != wpair)
		fail_msg("cell (%d,%d) role %s: attrs %#lx pair %d, want %#lx pair %d", x, y, scr_role_name(role),
			 (unsigned long)got, pair, want, wpair);
}

static wchar_t char_at(int x, int y)
{
	wchar_t w[CCHARW_MAX + 1];
	attr_t a;
	short pair;
	cell_at(x, y, w, &a, &pair);
	return w[0];
}

static void test_blit_utf8_color(void **state)
{
	(void)state;
	gv_term *tm = open_term(1, 1);
	assert_true(term_color(tm));
	scr *s = scr_new(80, 24, 1);
	scr_text(s, 0, 0, 80, "Zo\xc3\xab \xe7\x8e\x8b!", UI_FLAG_SEVERE);
	scr_text(s, 0, 1, 80, "e\xcc\x81", UI_TEXT);
	scr_box(s, 10, 5, 6, 3, UI_FRAME);
	canvas *c = canvas_new(4, 2, CANVAS_BRAILLE);
	canvas_dot(c, 0, 0, ROLE_CURVE_MEDIAN);
	canvas_dot(c, 1, 3, ROLE_CURVE_MEDIAN);
	canvas_mark(c, 4, 4, CANVAS_MARK_FLAGGED);
	scr_canvas(s, c, 30, 10);
	canvas_free(c);
	for (int r = 0; r < UI_ROLE_COUNT; r++)
		scr_text(s, r, 20, 1, "x", r);
	term_present(tm, s);

	assert_int_equal(char_at(0, 0), 'Z');
	assert_int_equal(char_at(2, 0), 0xeb);   /* ë */
	assert_int_equal(char_at(4, 0), 0x738b); /* 王, two columns */
	assert_int_equal(char_at(6, 0), '!');
	expect_role(tm, 0, 0, UI_FLAG_SEVERE);
	/* the combining mark is kept with its letter */
	wchar_t w[CCHARW_MAX + 1];
	attr_t a;
	short pair;
	cell_at(0, 1, w, &a, &pair);
	assert_int_equal(w[0], 'e');
	assert_int_equal(w[1], 0x301);
	/* box-drawing code points became the WACS pieces */
	wchar_t hl[CCHARW_MAX + 1], ul[CCHARW_MAX + 1];
	getcchar(WACS_HLINE, hl, &a, &pair, NULL);
	getcchar(WACS_ULCORNER, ul, &a, &pair, NULL);
	assert_int_equal(char_at(11, 5), hl[0]);
	assert_int_equal(char_at(10, 5), ul[0]);
	expect_role(tm, 11, 5, UI_FRAME);
	/* braille: U+2800 + dot bits (dot (0,0) = 0x01, dot (1,3) = 0x80), the marker '!' */
	assert_int_equal(char_at(30, 10), 0x2800 + 0x01 + 0x80);
	expect_role(tm, 30, 10, ROLE_CURVE_MEDIAN);
	assert_int_equal(char_at(32, 11), '!');
	expect_role(tm, 32, 11, ROLE_POINT_FLAGGED);
	/* every role has its style from the one table */
	for (int r = 1; r < UI_ROLE_COUNT; r++)
		expect_role(tm, r, 20, r);
	/* a few of the colour theme's choices, as documented: flagged points red, the cursor
	 * reverse-coloured, the median bold green */
	short fg, bg;
	unsigned long at;
	term_role_style(tm, ROLE_POINT_FLAGGED, &at, &pair);
	pair_content(pair, &fg, &bg);
	assert_int_equal(fg, COLOR_RED);
	assert_true(at & A_BOLD);
	term_role_style(tm, ROLE_CURVE_MEDIAN, &at, &pair);
	pair_content(pair, &fg, &bg);
	assert_int_equal(fg, COLOR_GREEN);
	scr_free(s);
	close_term(tm);
}

static void test_blit_mono_ascii(void **state)
{
	(void)state;
	gv_term *tm = open_term(0, 0);
	assert_false(term_color(tm));
	scr *s = scr_new(80, 24, 0);
	/* a frame drawn for a Unicode terminal still reaches an ASCII one as ASCII */
	scr *u = scr_new(80, 24, 1);
	scr_text(u, 0, 0, 80, "Zo\xc3\xab", UI_TEXT);
	term_present(tm, u);
	assert_int_equal(char_at(2, 0), '?');
	scr_free(u);
	scr_box(s, 0, 2, 5, 3, UI_FRAME);
	scr_text(s, 0, 6, 80, "!! severe", UI_FLAG_SEVERE);
	scr_text(s, 0, 7, 80, "cursor", UI_CURSOR);
	term_present(tm, s);
	assert_int_equal(char_at(0, 2), '+');
	assert_int_equal(char_at(1, 2), '-');
	assert_int_equal(char_at(0, 3), '|');
	/* monochrome: no colour pairs; severity by attribute and glyph; the cursor in reverse video */
	unsigned long at;
	short pair;
	for (int r = 0; r < UI_ROLE_COUNT; r++) {
		term_role_style(tm, r, &at, &pair);
		assert_int_equal(pair, 0);
	}
	expect_role(tm, 0, 6, UI_FLAG_SEVERE);
	term_role_style(tm, UI_CURSOR, &at, &pair);
	assert_true(at & A_REVERSE);
	term_role_style(tm, UI_FLAG_SEVERE, &at, &pair);
	assert_true(at & A_BOLD);
	scr_free(s);
	close_term(tm);
}

/* A whole TUI frame through ncurses reads back as the frame. */
static void test_tui_frame(void **state)
{
	(void)state;
	char dir[256], db[300], err[512];
	tu_tmpdir(dir, sizeof dir);
	snprintf(db, sizeof db, "%s/t.db", dir);
	gv_store *st;
	assert_int_equal(store_open(db, 0, &st, err, sizeof err), STORE_OK);
	FILE *devnull = fopen("/dev/null", "w");
	ingest_opts o = {0, NULL, "import", age_days_from_civil(2025, 6, 1), devnull, devnull, NULL};
	ingest_counts c = {0};
	assert_int_equal(import_csv(st, "tests/data/tui_clinic.csv", &o, &c), 0);
	fclose(devnull);
	tui_config tc = {.db_label = "t.db",
			 .policy = GV_POLICY_AUTO,
			 .rules = GV_RULES_US,
			 .units = FMT_METRIC,
			 .user = "tester",
			 .braille = 1,
			 .today = age_days_from_civil(2025, 6, 1)};
	tui *t = tui_new(st, &tc);
	gv_term *tm = open_term(1, 1);
	int sizes[2][2] = {{80, 24}, {160, 48}};
	for (int k = 0; k < 2; k++) {
		int w = sizes[k][0], h = sizes[k][1];
		resizeterm(h, w);
		int tw, th;
		term_size(tm, &tw, &th);
		assert_int_equal(tw, w);
		assert_int_equal(th, h);
		scr *s = scr_new(w, h, 1);
		tui_draw(t, s);
		if (k == 1) { /* the chart of a child with a CJK name, in braille */
			tui_key(t, '/');
			tui_key(t, 'C');
			tui_key(t, 'J');
			tui_key(t, K_ENTER);
			tui_key(t, K_ENTER);
			tui_draw(t, s);
		}
		term_present(tm, s);
		for (int y = 0; y < h; y++) {
			char want[4096], got[4096];
			size_t len = 0;
			scr_row(s, y, want, sizeof want);
			for (int x = 0; x < w; x++) {
				scr_cell sc = scr_get(s, x, y);
				if (sc.kind == SCR_CONT)
					continue;
				wchar_t wc[CCHARW_MAX + 1];
				attr_t a;
				short pair;
				cell_at(x, y, wc, &a, &pair);
				uint32_t cp = (uint32_t)wc[0];
				/* WACS pieces read back as the box code point they stand for */
				char b[8];
				int n = 0;
				n = (int)wcrtomb(b, (wchar_t)cp, NULL);
				if (n > 0 && len + (size_t)n < sizeof got) {
					memcpy(got + len, b, (size_t)n);
					len += (size_t)n;
				}
				for (int j = 1; j < CCHARW_MAX && wc[j]; j++) {
					n = (int)wcrtomb(b, wc[j], NULL);
					if (n > 0 && len + (size_t)n < sizeof got) {
						memcpy(got + len, b, (size_t)n);
						len += (size_t)n;
					}
				}
				unsigned long wa;
				short wp;
				term_role_style(tm, sc.role, &wa, &wp);
				if ((a & ~(A_COLOR | A_ALTCHARSET)) != (attr_t)wa || pair != wp)
					fail_msg("%dx%d cell (%d,%d): style differs from role %s", w, h, x, y,
						 scr_role_name(sc.role));
			}
			while (len > 0 && got[len - 1] == ' ')
				len--;
			got[len] = '\0';
			if (strcmp(want, got) != 0)
				fail_msg("%dx%d row %d:\n want '%s'\n got  '%s'", w, h, y, want, got);
		}
		scr_free(s);
	}
	close_term(tm);
	tui_free(t);
	store_close(st);
	tu_rmdir(dir);
}

static void test_open_errors(void **state)
{
	(void)state;
	FILE *o = fopen("/dev/null", "w"), *i = fopen("/dev/null", "r");
	char err[256];
	assert_null(term_open(o, i, "no-such-terminal-type", 1, 1, err, sizeof err));
	assert_string_equal(err, "cannot use the terminal type 'no-such-terminal-type' (set TERM, e.g. TERM=xterm-256color)");
	fclose(o);
	fclose(i);
	/* NO_COLOR (no-color.org): off by default when set and not empty; an explicit config wins */
	setenv("NO_COLOR", "1", 1);
	assert_false(term_want_color(-1, 0));
	assert_true(term_want_color(1, 0));
	assert_false(term_want_color(1, 1)); /* --no-color */
	setenv("NO_COLOR", "", 1);
	assert_true(term_want_color(-1, 0));
	unsetenv("NO_COLOR");
	assert_true(term_want_color(-1, 0));
	assert_false(term_want_color(0, 0));
}

int main(void)
{
	/* ncursesw needs a UTF-8 locale to hold wide characters (STYLE.md: tests set it) */
	if (!setlocale(LC_ALL, "C.UTF-8") && !setlocale(LC_ALL, "C.utf8"))
		fprintf(stderr, "ui_term: no C.UTF-8 locale\n");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blit_utf8_color),
		cmocka_unit_test(test_blit_mono_ascii),
		cmocka_unit_test(test_tui_frame),
		cmocka_unit_test(test_open_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
