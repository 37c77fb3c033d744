/* ui_rate_layout.c — the rating screen's layout without curses: exact screens (goldens in
 * tests/golden/rate_*.txt at 80x24, 100x30 and 200x60, UTF-8 and ASCII), and properties: every
 * line exactly the width, untrusted text cleaned (no escape byte reaches a line), model names
 * hidden until revealed, wrapping by display columns (wide characters), scroll clamped, the focus
 * cell, the too-small message.
 *
 * UPDATE_GOLDEN=1 rewrites the goldens; read them (`cat tests/golden/rate_*.txt`) before
 * committing. */
#include "tests/testutil.h"

#include "core/rating.h"
#include "ui/fmt.h"
#include "ui/rate_layout.h"

static const char SUM_A[] =
	"Mia is a 2-year-4-month-old girl born at 34 weeks. At her last visit she weighed 10.2 kg "
	"(WHO 2006, corrected age: 3rd percentile, z -1.87) and measured 84.5 cm (25th percentile). "
	"Her weight-for-length has fallen from the 50th to the 5th percentile over six months, crossing "
	"two major percentile lines, which meets the criteria for faltering growth.\n"
	"Recommend a feeding history, a review in 4 weeks and referral if the weight keeps falling.";

/* B carries a colour escape sequence, a bell and a bidi override: none may reach the screen. */
static const char SUM_B[] =
	"Growth summary: \x1b[31mweight 10.2 kg\x1b[0m at the 3rd centile\x07, length 84.5 cm. "
	"Weight \xe2\x80\xaegain\xe2\x80\xac is steady and there is no cause for concern; routine "
	"follow-up at the next scheduled visit is enough. BMI 14.3 kg/m\xc2\xb2 (\xe2\x89\xa5 P5).";

static void fill(rating *r, int submitted)
{
	rating_change ch;
	rating_init(r);
	rating_set(r, 0, RATING_F_CORRECTNESS, 5, &ch);
	rating_set(r, 0, RATING_F_COMPLETENESS, 4, &ch);
	rating_set(r, 1, RATING_F_CORRECTNESS, 2, &ch);
	rating_set(r, 1, RATING_F_HARM, RUBRIC_HARM_SEVERE, &ch);
	rating_toggle_tag(r, 1, RUBRIC_TAG_WRONG_TREND, &ch);
	rating_toggle_tag(r, 1, RUBRIC_TAG_UNSAFE_ADVICE, &ch);
	rating_focus(r, 0, RATING_F_CONCISENESS, &ch);
	if (submitted) {
		for (int s = 0; s < 2; s++) {
			for (int a = 0; a < RUBRIC_NAXES; a++)
				if (r->side[s].axis[a] == RATING_UNSET)
					rating_set(r, s, (rating_field)a, 3, &ch);
			if (r->side[s].harm == RATING_UNSET)
				rating_set(r, s, RATING_F_HARM, RUBRIC_HARM_NONE, &ch);
		}
		rating_set(r, 1, RATING_F_LIKELIHOOD, RUBRIC_LIKELY_MEDIUM, &ch);
		rating_set(r, 0, RATING_F_CHOICE, RUBRIC_A_MUCH_BETTER, &ch);
		rating_set_comment(r, "B misses the faltering growth.", &ch);
		rating_focus(r, 1, RATING_F_CHOICE, &ch);
		assert_int_equal(rating_submit(r, &ch), RATING_OK);
		rating_toggle_flag(r, &ch);
	}
}

static rate_layout_in input(int w, int h, int utf8, const rating *r)
{
	rate_layout_in in;
	memset(&in, 0, sizeof in);
	in.width = w;
	in.height = h;
	in.utf8 = utf8;
	in.child[0] = "Mia Example  F  2y 4m (corrected 2y 2m)  GA 34+2  last 2025-05-10";
	in.child[1] = "WFA z -1.87 P3   LFA z -0.61 P27   WFL z -1.70 P4   flags: faltering growth (moderate)";
	in.text[0] = SUM_A;
	in.text[1] = SUM_B;
	in.model[0] = "model-alpha-7b";
	in.model[1] = "model-beta-70b";
	in.pos = 37;
	in.total = 120;
	in.active_ms = 83000;
	in.median_ms = 125000;
	in.r = r;
	return in;
}

static char *screen(const rate_layout *l)
{
	size_t n = 0;
	for (int i = 0; i < l->height; i++)
		n += strlen(rate_layout_line(l, i)) + 1;
	char *t = malloc(n + 1), *p = t;
	for (int i = 0; i < l->height; i++)
		p += sprintf(p, "%s\n", rate_layout_line(l, i));
	*p = '\0';
	return t;
}

static void golden(const char *name, const char *got)
{
	char path[1024];
	const char *d = getenv("GV_GOLDEN_DIR");
	snprintf(path, sizeof path, "%s/%s.txt", d && *d ? d : "tests/golden", name);
	const char *up = getenv("UPDATE_GOLDEN");
	if (up && strcmp(up, "1") == 0) {
		FILE *f = fopen(path, "w");
		assert_non_null(f);
		fputs(got, f);
		fclose(f);
		print_message("golden: wrote %s\n", path);
		return;
	}
	FILE *f = fopen(path, "r");
	if (!f)
		fail_msg("cannot open %s (run from the repository root; UPDATE_GOLDEN=1 creates it)", path);
	static char want[1 << 16];
	size_t n = fread(want, 1, sizeof want - 1, f);
	want[n] = '\0';
	fclose(f);
	if (strcmp(want, got) != 0) {
		const char *a = want, *b = got;
		int line = 1;
		while (*a && *a == *b) {
			if (*a == '\n')
				line++;
			a++;
			b++;
		}
		char out[1024];
		const char *bd = getenv("GV_BUILD");
		snprintf(out, sizeof out, "%s/golden-%s.txt", bd && *bd ? bd : "build", name);
		FILE *o = fopen(out, "w");
		if (o) {
			fputs(got, o);
			fclose(o);
		}
		fail_msg("%s differs from the golden at line %d; the screen is in %s:\n%s", path, line, out, got);
	}
}

/* Every line exactly w columns, no control byte, nothing of the escape sequences. */
static void check_lines(const rate_layout *l, int w, int utf8)
{
	for (int i = 0; i < l->height; i++) {
		const char *s = rate_layout_line(l, i);
		if (fmt_width(s) != w)
			fail_msg("line %d is %d columns, not %d: |%s|", i, fmt_width(s), w, s);
		for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
			assert_true(*p >= 0x20 && *p != 0x7f);
			if (!utf8)
				assert_true(*p < 0x80);
		}
		assert_null(strstr(s, "[31m"));
		assert_null(strstr(s, "\xe2\x80\xae")); /* the bidi override */
	}
}

static int has(const rate_layout *l, const char *needle)
{
	for (int i = 0; i < l->height; i++)
		if (strstr(rate_layout_line(l, i), needle))
			return 1;
	return 0;
}

static void test_goldens(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		int w, h, utf8, submitted, shown, scroll0, scroll1;
	} g[] = {
		{"rate_80x24", 80, 24, 1, 0, 0, 0, 0},
		{"rate_80x24_ascii_b", 80, 24, 0, 0, 1, 0, 0},
		{"rate_100x30", 100, 30, 1, 0, 0, 0, 0},
		{"rate_200x60_revealed", 200, 60, 1, 1, 0, 0, 0},
	};
	rate_layout l;
	rate_layout_init(&l);
	for (size_t i = 0; i < sizeof g / sizeof g[0]; i++) {
		rating r;
		fill(&r, g[i].submitted);
		rate_layout_in in = input(g[i].w, g[i].h, g[i].utf8, &r);
		in.shown = g[i].shown;
		if (g[i].submitted)
			in.revealed = 1;
		assert_int_equal(rate_layout_make(&l, &in), 0);
		check_lines(&l, g[i].w, g[i].utf8);
		assert_int_equal(l.side_by_side, g[i].w >= 100);
		/* blinded until submitted */
		assert_int_equal(has(&l, "model-alpha-7b"), g[i].submitted);
		assert_int_equal(has(&l, "model-beta-70b"), g[i].submitted);
		char *t = screen(&l);
		golden(g[i].name, t);
		free(t);
		rating_free(&r);
	}
	rate_layout_free(&l);
}

static void test_structure(void **state)
{
	(void)state;
	rating r;
	fill(&r, 0);
	rate_layout l;
	rate_layout_init(&l);
	rate_layout_in in = input(80, 24, 1, &r);
	assert_int_equal(rate_layout_make(&l, &in), 0);
	/* rows: status, 2 child lines, labels, panes 3..18, rule 19, A 20, B 21, choice 22, keys 23 */
	assert_int_equal(l.pane_top, 4);
	assert_int_equal(l.pane_rows, 15);
	assert_true(strncmp(rate_layout_line(&l, 0), "Item 37 / 120   Time 1:23   Median 2:05", 39) == 0);
	assert_true(strncmp(rate_layout_line(&l, 3), "[A]  B ", 7) == 0);
	assert_true(strncmp(rate_layout_line(&l, 20), "A Corr 5  Comp 4  Conc[-] Clar -", 32) == 0);
	/* the focus cell: "[-]" of A's conciseness */
	assert_int_equal(l.focus_row, 20);
	assert_int_equal(l.focus_col, 22);
	assert_int_equal(l.focus_w, 3);
	assert_true(strncmp(rate_layout_line(&l, 20) + 22, "[-]", 3) == 0);
	/* shown -1 follows the focus: A's conciseness shows A; B's harm shows B */
	in.shown = -1;
	rate_layout_make(&l, &in);
	assert_true(strncmp(rate_layout_line(&l, 3), "[A]  B ", 7) == 0);
	assert_true(strncmp(rate_layout_line(&l, 4), "Mia is a", 8) == 0);
	rating_change ch;
	rating_focus(&r, 1, RATING_F_HARM, &ch);
	rate_layout_make(&l, &in);
	assert_true(strncmp(rate_layout_line(&l, 3), "A  [B] ", 7) == 0);
	assert_true(strncmp(rate_layout_line(&l, 4), "Growth summary: weight", 22) == 0);
	assert_int_equal(l.focus_row, 21);
	in.r = NULL;
	rate_layout_make(&l, &in);
	assert_true(strncmp(rate_layout_line(&l, 3), "[A]  B ", 7) == 0);
	assert_int_equal(l.focus_row, -1);
	in.r = &r;
	in.shown = 0;
	/* one line with only one child line: the panes get the row */
	in.child[1] = NULL;
	rate_layout_make(&l, &in);
	assert_int_equal(l.pane_top, 3);
	assert_int_equal(l.pane_rows, 16);
	/* scroll: clamped to the last page and to 0 */
	in.width = 80;
	in.scroll[0] = 1000;
	rate_layout_make(&l, &in);
	assert_int_equal(l.scroll[0], l.nlines[0] > l.pane_rows ? l.nlines[0] - l.pane_rows : 0);
	in.scroll[0] = -4;
	rate_layout_make(&l, &in);
	assert_int_equal(l.scroll[0], 0);
	/* a long text scrolls: the label says which lines */
	char longtext[4000] = "";
	for (int i = 0; i < 60; i++)
		strcat(longtext, "Weight is at the third percentile. ");
	in.text[0] = longtext;
	in.scroll[0] = 5;
	rate_layout_make(&l, &in);
	assert_true(l.nlines[0] > l.pane_rows);
	char want[32];
	snprintf(want, sizeof want, "6-%d/%d", 5 + l.pane_rows, l.nlines[0]);
	assert_non_null(strstr(rate_layout_line(&l, 2), want));
	assert_true(strncmp(rate_layout_line(&l, 3), "percentile. Weight", 18) == 0 ||
		    strncmp(rate_layout_line(&l, 3), "Weight", 6) == 0);
	/* too small */
	in.width = 79;
	assert_int_equal(rate_layout_make(&l, &in), 0);
	assert_true(strncmp(rate_layout_line(&l, 0), "The rating screen needs 80x24 (this is 79x24)", 45) == 0);
	in.width = 80;
	in.height = 23;
	rate_layout_make(&l, &in);
	assert_true(strncmp(rate_layout_line(&l, 0), "The rating screen needs 80x24 (this is 80x23)", 45) == 0);
	assert_string_equal(rate_layout_line(&l, 23), "");
	assert_string_equal(rate_layout_line(&l, -1), "");
	rate_layout_free(&l);
	rating_free(&r);
}

/* Wide characters wrap by display columns; NULL texts and no rating lay out. */
static void test_wide_and_empty(void **state)
{
	(void)state;
	char wide[2000] = "";
	for (int i = 0; i < 100; i++)
		strcat(wide, i % 7 == 6 ? "\xe4\xbd\x93\xe9\x87\x8d " : "\xe4\xbd\x93\xe9\x87\x8d"); /* 体重 */
	rate_layout l;
	rate_layout_init(&l);
	rate_layout_in in = input(101, 30, 1, NULL);
	in.text[0] = wide;
	in.text[1] = NULL;
	assert_int_equal(rate_layout_make(&l, &in), 0);
	check_lines(&l, 101, 1);
	assert_int_equal(l.pane_w[0], 49);
	assert_int_equal(l.pane_w[1], 49);
	assert_int_equal(l.nlines[1], 0);
	assert_true(l.nlines[0] >= 400 / 48);
	assert_int_equal(l.focus_row, -1);
	/* ASCII: every wide character becomes one '?' */
	in.utf8 = 0;
	rate_layout_make(&l, &in);
	check_lines(&l, 101, 0);
	assert_true(strncmp(rate_layout_line(&l, l.pane_top), "??????", 6) == 0);
	rate_layout_free(&l);

	char buf[16];
	rate_layout_time(buf, sizeof buf, 0);
	assert_string_equal(buf, "0:00");
	rate_layout_time(buf, sizeof buf, 59999);
	assert_string_equal(buf, "0:59");
	rate_layout_time(buf, sizeof buf, 3599999);
	assert_string_equal(buf, "59:59");
	rate_layout_time(buf, sizeof buf, 3600000);
	assert_string_equal(buf, "1:00:00");
	rate_layout_time(buf, sizeof buf, -1);
	assert_string_equal(buf, "-");
}

/* The adjudicator's comparison: exact lines at 80 columns (hand-checked: ann chose A, bob B much
 * better; B's correctness 4 vs 1, A's clarity 4 vs 2 (the edge) and B's harm none vs severe are
 * 2+ apart / different, marked '!'; A's correctness 5 vs 4 is one apart, not marked), the reason's s1/s2 said as A/B, untrusted names
 * and comments cleaned, an unreadable rating said, every line exactly the width. */
static void test_compare(void **state)
{
	(void)state;
	rating x, y;
	rating_change ch;
	rating_init(&x);
	rating_init(&y);
	for (int s = 0; s < 2; s++)
		for (int a = 0; a < RUBRIC_NAXES; a++) {
			rating_set(&x, s, (rating_field)a, a == 0 && s == 0 ? 5 : 4, &ch);
			rating_set(&y, s, (rating_field)a, a == 0 && s == 1 ? 1 : 4, &ch);
		}
	rating_set(&y, 0, RATING_F_CLARITY, 2, &ch); /* exactly QUEUE_ADJ_AXIS_DIFF apart: marked */
	rating_set(&x, 0, RATING_F_HARM, RUBRIC_HARM_NONE, &ch);
	rating_set(&x, 1, RATING_F_HARM, RUBRIC_HARM_NONE, &ch);
	rating_set(&y, 0, RATING_F_HARM, RUBRIC_HARM_NONE, &ch);
	rating_set(&y, 1, RATING_F_HARM, RUBRIC_HARM_SEVERE, &ch);
	rating_set(&y, 1, RATING_F_LIKELIHOOD, RUBRIC_LIKELY_HIGH, &ch);
	rating_toggle_tag(&y, 1, RUBRIC_TAG_WRONG_TREND, &ch);
	rating_toggle_tag(&y, 1, RUBRIC_TAG_MISSED_FLAG, &ch);
	rating_set(&x, 0, RATING_F_CHOICE, RUBRIC_A_BETTER, &ch);
	rating_set(&y, 0, RATING_F_CHOICE, RUBRIC_B_MUCH_BETTER, &ch);
	rating_set_comment(&y, "A hides the fall\x1b[2J in weight", &ch);
	rate_compare_in in = {80, 0, "choice: s1 better vs s2 much better; s2 correctness 4 vs 1; s2 harm none vs severe",
			      {"ann", "bob\x07"}, {"annotator", "clinician"}, {"submitted", "submitted"}, {&x, &y}, {NULL, NULL}};
	static char lines[RATE_COMPARE_LINES][1024];
	unsigned char hot[RATE_COMPARE_LINES];
	int n = rate_compare_make(&in, &lines[0][0], sizeof lines[0], RATE_COMPARE_LINES, hot);
	static const char *const want[] = {
		"Disagree: choice: A better vs B much better; B correctness 4 vs 1; B harm none  ",
		"vs severe                                                                       ",
		"                 Corr Comp Conc Clar Harm           Lik     Tags                ",
		"ann (annotator), submitted                                                      ",
		"  A              5    4    4    4!   none           n/a     none                ",
		"  B              4!   4    4    4    none!          n/a     none                ",
		"  Choice A better!                   no comment                                 ",
		"bob? (clinician), submitted                                                     ",
		"  A              4    4    4    2!   none           n/a     none                ",
		"  B              1!   4    4    4    severe!        high    trend,missed        ",
		"  Choice B much better!              comment: A hides the fall in weight        ",
		"! they disagree: choice on opposite sides, a score 2+ apart, a different harm   ",
	};
	assert_int_equal(n, RATE_COMPARE_LINES);
	assert_string_equal(lines[RATE_COMPARE_HEADER], want[2]);
	for (int i = 0; i < n; i++) {
		if (strcmp(lines[i], want[i]) != 0)
			fail_msg("line %d:\n got  '%s'\n want '%s'", i, lines[i], want[i]);
		assert_int_equal(fmt_width(lines[i]), 80);
		assert_null(strchr(lines[i], '\x1b'));
	}
	static const unsigned char hot_want[RATE_COMPARE_LINES] = {0, 0, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0};
	assert_memory_equal(hot, hot_want, sizeof hot_want);
	/* an unreadable rating: said, nothing marked on the other; too narrow: nothing */
	in.r[1] = NULL;
	in.why[1] = "line 6: a.correctness: \"7\" is not a score";
	n = rate_compare_make(&in, &lines[0][0], sizeof lines[0], RATE_COMPARE_LINES, hot);
	assert_int_equal(n, 10);
	assert_string_equal(lines[5], "  B              4    4    4    4    none           n/a     none                ");
	assert_string_equal(lines[8], "  (no rating to compare: line 6: a.correctness: \"7\" is not a score)             ");
	assert_int_equal(rate_compare_make(&in, &lines[0][0], sizeof lines[0], 3, hot), 3);
	in.width = 79;
	assert_int_equal(rate_compare_make(&in, &lines[0][0], sizeof lines[0], RATE_COMPARE_LINES, hot), 0);
	rating_free(&x);
	rating_free(&y);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_goldens),
		cmocka_unit_test(test_structure),
		cmocka_unit_test(test_wide_and_empty),
		cmocka_unit_test(test_compare),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
