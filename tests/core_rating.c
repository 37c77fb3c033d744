/* core_rating.c — a rating item's state driven key by key: digits and focus, undo as an exact
 * inverse, submit refused with the missing fields named, skip, reopen, flag; the draft text
 * (exact, round trips, damaged input refused with a reason); active time and its idle cut-off at
 * the edge; the running median. */
#include "tests/testutil.h"

#include "core/rating.h"
#include "core/synth.h"

/* FNV-1a 32 written here from the definition (offset basis 2166136261, prime 16777619), checked
 * against the published test vectors below before it checks rating_format's end line. */
static uint32_t fnv(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static void digit(rating *r, int d, rating_result want)
{
	rating_change ch;
	rating_result got = rating_digit(r, d, &ch);
	if (got != want)
		fail_msg("digit %d at %s.%s: result %d, want %d", d, r->focus_side ? "b" : "a",
			 rating_field_name((rating_field)r->focus_field), got, want);
}

static void focus_is(const rating *r, int side, rating_field f)
{
	if (r->focus_field != (int)f || (f != RATING_F_CHOICE && r->focus_side != side))
		fail_msg("focus %d.%s, want %d.%s", r->focus_side, rating_field_name((rating_field)r->focus_field),
			 side, rating_field_name(f));
}

static void test_digits_score_and_move_on(void **state)
{
	(void)state;
	rating r;
	rating_init(&r);
	rating_change ch;
	focus_is(&r, 0, RATING_F_CORRECTNESS);
	assert_int_equal(rating_digit(&r, 4, &ch), RATING_OK);
	assert_int_equal(ch.what, RATING_CH_VALUE | RATING_CH_FOCUS);
	assert_int_equal(ch.field, RATING_F_CORRECTNESS);
	assert_int_equal(ch.side, 0);
	assert_int_equal(ch.old_value, RATING_UNSET);
	assert_int_equal(ch.new_value, 4);
	char d[128];
	rating_change_describe(&ch, d, sizeof d);
	assert_string_equal(d, "a.correctness: - -> 4");
	focus_is(&r, 0, RATING_F_COMPLETENESS);
	/* 6 is no score: refused, nothing moves */
	assert_int_equal(rating_digit(&r, 6, &ch), RATING_EINVAL);
	assert_int_equal(ch.what, 0);
	focus_is(&r, 0, RATING_F_COMPLETENESS);
	digit(&r, 3, RATING_OK);
	digit(&r, 5, RATING_OK);
	digit(&r, 1, RATING_OK);
	focus_is(&r, 0, RATING_F_HARM);
	assert_int_equal(r.side[0].axis[0], 4);
	assert_int_equal(r.side[0].axis[1], 3);
	assert_int_equal(r.side[0].axis[2], 5);
	assert_int_equal(r.side[0].axis[3], 1);
	/* harm: 1-3; 4 refused; 2 = mild-moderate then the likelihood is asked */
	digit(&r, 4, RATING_EINVAL);
	digit(&r, 2, RATING_OK);
	assert_int_equal(r.side[0].harm, RUBRIC_HARM_MILD_MODERATE);
	focus_is(&r, 0, RATING_F_LIKELIHOOD);
	digit(&r, 3, RATING_OK);
	assert_int_equal(r.side[0].likelihood, RUBRIC_LIKELY_HIGH);
	focus_is(&r, 0, RATING_F_TAGS);
	/* tags: a digit toggles, the focus stays */
	assert_int_equal(rating_digit(&r, 3, &ch), RATING_OK);
	assert_int_equal(ch.what, RATING_CH_VALUE);
	rating_change_describe(&ch, d, sizeof d);
	assert_string_equal(d, "a.tags: (none) -> unit_error");
	digit(&r, 4, RATING_OK);
	rating_digit(&r, 3, &ch);
	rating_change_describe(&ch, d, sizeof d);
	assert_string_equal(d, "a.tags: unit_error,wrong_trend -> wrong_trend");
	assert_int_equal(r.side[0].tags, RUBRIC_TAG_BIT(RUBRIC_TAG_WRONG_TREND));
	digit(&r, 9, RATING_OK); /* other */
	assert_int_equal(r.side[0].tags, RUBRIC_TAG_BIT(RUBRIC_TAG_WRONG_TREND) | RUBRIC_TAG_BIT(RUBRIC_TAG_OTHER));
	focus_is(&r, 0, RATING_F_TAGS);
	/* Tab to B; B with harm none skips the likelihood */
	assert_int_equal(rating_move_focus(&r, RATING_NEXT, &ch), RATING_OK);
	assert_int_equal(ch.what, RATING_CH_FOCUS);
	focus_is(&r, 1, RATING_F_CORRECTNESS);
	for (int i = 0; i < 4; i++)
		digit(&r, 5, RATING_OK);
	digit(&r, 1, RATING_OK);
	assert_int_equal(r.side[1].harm, RUBRIC_HARM_NONE);
	focus_is(&r, 1, RATING_F_TAGS);
	assert_int_equal(r.side[1].likelihood, RATING_UNSET);
	rating_move_focus(&r, RATING_DOWN, &ch);
	focus_is(&r, 1, RATING_F_CHOICE);
	digit(&r, 7, RATING_EINVAL);
	assert_int_equal(rating_digit(&r, 4, &ch), RATING_OK);
	rating_change_describe(&ch, d, sizeof d);
	assert_string_equal(d, "choice: - -> b_better");
	assert_int_equal(ch.side, -1);
	focus_is(&r, 1, RATING_F_CHOICE); /* the choice is the last field: the focus stays */
	assert_int_equal(rating_missing(&r, d, sizeof d), 0);
	assert_string_equal(d, "");
	/* the same score again: no change, but the focus still moves on */
	rating_focus(&r, 0, RATING_F_CORRECTNESS, &ch);
	assert_int_equal(rating_digit(&r, 4, &ch), RATING_OK);
	assert_int_equal(ch.what, RATING_CH_FOCUS);
	/* 0 clears the focused field */
	assert_int_equal(rating_digit(&r, 0, &ch), RATING_OK);
	assert_int_equal(r.side[0].axis[1], RATING_UNSET);
	focus_is(&r, 0, RATING_F_COMPLETENESS);
	rating_free(&r);
}

static void test_focus_moves(void **state)
{
	(void)state;
	rating r;
	rating_init(&r);
	rating_change ch;
	/* Tab order: 7 fields of A, 7 of B, the choice, and round */
	for (int i = 0; i < 15; i++)
		rating_move_focus(&r, RATING_NEXT, &ch);
	focus_is(&r, 0, RATING_F_CORRECTNESS);
	rating_move_focus(&r, RATING_PREV, &ch);
	focus_is(&r, 1, RATING_F_CHOICE);
	rating_move_focus(&r, RATING_PREV, &ch);
	focus_is(&r, 1, RATING_F_TAGS);
	rating_move_focus(&r, RATING_LEFT, &ch);
	focus_is(&r, 0, RATING_F_TAGS);
	assert_int_equal(rating_move_focus(&r, RATING_LEFT, &ch), RATING_NOCHANGE);
	assert_int_equal(ch.what, 0);
	rating_move_focus(&r, RATING_UP, &ch);
	focus_is(&r, 0, RATING_F_LIKELIHOOD);
	rating_move_focus(&r, RATING_RIGHT, &ch);
	focus_is(&r, 1, RATING_F_LIKELIHOOD);
	for (int i = 0; i < 9; i++)
		rating_move_focus(&r, RATING_UP, &ch);
	focus_is(&r, 1, RATING_F_CORRECTNESS);
	for (int i = 0; i < 6; i++)
		rating_move_focus(&r, RATING_DOWN, &ch);
	focus_is(&r, 1, RATING_F_TAGS);
	rating_move_focus(&r, RATING_DOWN, &ch);
	focus_is(&r, 1, RATING_F_CHOICE);
	assert_int_equal(rating_move_focus(&r, RATING_DOWN, &ch), RATING_NOCHANGE);
	rating_move_focus(&r, RATING_UP, &ch);
	focus_is(&r, 1, RATING_F_TAGS); /* back to the side the choice was reached from */
	assert_int_equal(rating_focus(&r, 2, RATING_F_TAGS, &ch), RATING_EINVAL);
	assert_int_equal(rating_focus(&r, 0, RATING_F_COMMENT, &ch), RATING_EINVAL);
	rating_free(&r);
}

/* Everything but the focus and the clock, as text. */
static void values(const rating *r, char *buf, size_t n)
{
	rating c = *r;
	c.focus_side = 0;
	c.focus_field = 0;
	c.active_ms = 0;
	rating_format(&c, buf, n);
}

static void test_undo_is_an_exact_inverse(void **state)
{
	(void)state;
	rating r;
	rating_init(&r);
	rating_change ch;
	synth_rng g;
	synth_rng_seed(&g, 13, 1);
	enum { STEPS = 60 };
	static char snap[STEPS + 1][1024];
	int nsnap = 0;
	values(&r, snap[nsnap++], sizeof snap[0]);
	int edits = 0;
	while (edits < STEPS) {
		int op = synth_rng_int(&g, 0, 9);
		rating_result res;
		if (op < 5) {
			res = rating_digit(&r, synth_rng_int(&g, 0, 9), &ch);
		} else if (op == 5) {
			res = rating_move_focus(&r, (rating_move)synth_rng_int(&g, 0, 5), &ch);
			assert_false(ch.what & RATING_CH_VALUE);
			continue;
		} else if (op == 6) {
			static const char *const texts[] = {NULL, "", "too long", "ok\nline two \\ tab\t", "x"};
			res = rating_set_comment(&r, texts[synth_rng_int(&g, 0, 4)], &ch);
		} else if (op == 7) {
			res = rating_set_corrected(&r, synth_rng_int(&g, 0, 1) ? "Corrected text." : NULL, &ch);
		} else if (op == 8) {
			res = rating_toggle_flag(&r, &ch);
		} else {
			res = rating_toggle_tag(&r, synth_rng_int(&g, 0, 1), (rubric_tag)synth_rng_int(&g, 0, 8), &ch);
		}
		if (ch.what & RATING_CH_VALUE) {
			assert_int_equal(res, RATING_OK);
			values(&r, snap[nsnap++], sizeof snap[0]);
			edits++;
		} else {
			char now[1024];
			values(&r, now, sizeof now);
			assert_string_equal(now, snap[nsnap - 1]);
		}
	}
	/* undo every edit, one by one, back to the fresh draft */
	for (int i = nsnap - 2; i >= 0; i--) {
		assert_int_equal(rating_undo(&r, &ch), RATING_OK);
		assert_true(ch.what & RATING_CH_VALUE);
		char now[1024];
		values(&r, now, sizeof now);
		assert_string_equal(now, snap[i]);
	}
	assert_int_equal(rating_undo(&r, &ch), RATING_EEMPTY);
	assert_int_equal(ch.what, 0);
	rating_free(&r);
}

static void test_undo_is_bounded(void **state)
{
	(void)state;
	rating r;
	rating_init(&r);
	rating_change ch;
	/* 70 edits of the same field: 1,2,3,4,5,1,2,... */
	for (int i = 0; i < 70; i++) {
		assert_int_equal(rating_set(&r, 1, RATING_F_CLARITY, i % 5 + 1, &ch), RATING_OK);
		assert_int_equal(ch.new_value, i % 5 + 1);
	}
	for (int i = 0; i < RATING_UNDO_MAX; i++)
		assert_int_equal(rating_undo(&r, &ch), RATING_OK);
	assert_int_equal(rating_undo(&r, &ch), RATING_EEMPTY);
	/* what is left is the value after edit 70 - 64 = 6 (index 5: 5 % 5 + 1 = 1) */
	assert_int_equal(r.side[1].axis[RUBRIC_CLARITY], 1);
	focus_is(&r, 1, RATING_F_CLARITY);
	rating_free(&r);
}

static void complete(rating *r)
{
	rating_change ch;
	for (int s = 0; s < 2; s++) {
		for (int a = 0; a < RUBRIC_NAXES; a++)
			rating_set(r, s, (rating_field)a, 3, &ch);
		rating_set(r, s, RATING_F_HARM, RUBRIC_HARM_NONE, &ch);
	}
	rating_set(r, 0, RATING_F_CHOICE, RUBRIC_TIE, &ch);
}

static void test_submit_skip_reopen(void **state)
{
	(void)state;
	rating r;
	rating_init(&r);
	rating_change ch;
	char m[256];
	assert_int_equal(rating_missing(&r, m, sizeof m), 13);
	assert_string_equal(m, "A correctness, A completeness, A conciseness, A clarity, A harm, A likelihood, "
			       "B correctness, B completeness, B conciseness, B clarity, B harm, B likelihood, choice");
	assert_int_equal(rating_submit(&r, &ch), RATING_EINCOMPLETE);
	assert_int_equal(ch.what, 0);
	assert_int_equal(r.status, RATING_DRAFT);
	complete(&r);
	/* harm none: no likelihood asked; mild-moderate: asked */
	rating_set(&r, 1, RATING_F_HARM, RUBRIC_HARM_MILD_MODERATE, &ch);
	rating_set(&r, 0, RATING_F_CONCISENESS, RATING_UNSET, &ch);
	assert_int_equal(rating_missing(&r, m, sizeof m), 2);
	assert_string_equal(m, "A conciseness, B likelihood");
	char small[10];
	assert_int_equal(rating_missing(&r, small, sizeof small), 2);
	assert_string_equal(small, "A concise");
	assert_int_equal(rating_submit(&r, &ch), RATING_EINCOMPLETE);
	rating_set(&r, 0, RATING_F_CONCISENESS, 2, &ch);
	rating_set(&r, 1, RATING_F_LIKELIHOOD, RUBRIC_LIKELY_LOW, &ch);
	assert_int_equal(rating_submit(&r, &ch), RATING_OK);
	assert_int_equal(ch.what, RATING_CH_STATUS);
	rating_change_describe(&ch, m, sizeof m);
	assert_string_equal(m, "status: draft -> submitted");
	assert_int_equal(r.status, RATING_SUBMITTED);
	/* locked: edits, undo, skip refused; focus and flag allowed */
	assert_int_equal(rating_digit(&r, 3, &ch), RATING_ELOCKED);
	assert_int_equal(rating_set(&r, 0, RATING_F_CLARITY, 1, &ch), RATING_ELOCKED);
	assert_int_equal(rating_set_comment(&r, "late", &ch), RATING_ELOCKED);
	assert_int_equal(rating_undo(&r, &ch), RATING_ELOCKED);
	assert_int_equal(rating_skip(&r, "why", &ch), RATING_ELOCKED);
	assert_int_equal(rating_submit(&r, &ch), RATING_ELOCKED);
	assert_int_equal(rating_move_focus(&r, RATING_RIGHT, &ch), RATING_OK);
	assert_int_equal(rating_toggle_flag(&r, &ch), RATING_OK);
	assert_int_equal(r.flagged, 1);
	rating_change_describe(&ch, m, sizeof m);
	assert_string_equal(m, "flagged: 0 -> 1");
	/* reopen: a draft again, with a fresh undo history */
	assert_int_equal(rating_reopen(&r, &ch), RATING_OK);
	assert_int_equal(ch.new_value, RATING_DRAFT);
	assert_int_equal(rating_undo(&r, &ch), RATING_EEMPTY);
	assert_int_equal(rating_reopen(&r, &ch), RATING_NOCHANGE);
	/* skip needs a reason */
	assert_int_equal(rating_skip(&r, "", &ch), RATING_EINVAL);
	assert_int_equal(rating_skip(&r, " \t ", &ch), RATING_EINVAL);
	assert_int_equal(rating_skip(&r, NULL, &ch), RATING_EINVAL);
	assert_int_equal(r.status, RATING_DRAFT);
	assert_int_equal(rating_skip(&r, "summary B is empty", &ch), RATING_OK);
	assert_int_equal(r.status, RATING_SKIPPED);
	assert_string_equal(r.skip_reason, "summary B is empty");
	rating_change_describe(&ch, m, sizeof m);
	assert_string_equal(m, "status: draft -> skipped");
	assert_int_equal(rating_reopen(&r, &ch), RATING_OK);
	assert_null(r.skip_reason);
	rating_free(&r);
}

static const char FORMATTED[] =
	"format=gv-rating-1\n"
	"rubric=1\n"
	"status=skipped\n"
	"skip_reason=cannot judge: \\\\ \\n\\x01\n"
	"flagged=1\n"
	"a.correctness=4\n"
	"a.completeness=3\n"
	"a.conciseness=-\n"
	"a.clarity=2\n"
	"a.harm=mild_moderate\n"
	"a.likelihood=low\n"
	"a.tags=value_not_in_record,wrong_trend,other\n"
	"b.correctness=-\n"
	"b.completeness=-\n"
	"b.conciseness=-\n"
	"b.clarity=-\n"
	"b.harm=none\n"
	"b.likelihood=-\n"
	"b.tags=\n"
	"choice=both_unacceptable\n"
	"focus=b.harm\n"
	"active_ms=83000\n"
	"comment=L\\tR \\\\xc3\\\\xa9 \xc3\xa9\n"
	"corrected=Line 1\\r\\nLine 2\n";

static void sample(rating *r)
{
	rating_change ch;
	rating_init(r);
	rating_set(r, 0, RATING_F_CORRECTNESS, 4, &ch);
	rating_set(r, 0, RATING_F_COMPLETENESS, 3, &ch);
	rating_set(r, 0, RATING_F_CLARITY, 2, &ch);
	rating_set(r, 0, RATING_F_HARM, RUBRIC_HARM_MILD_MODERATE, &ch);
	rating_set(r, 0, RATING_F_LIKELIHOOD, RUBRIC_LIKELY_LOW, &ch);
	rating_toggle_tag(r, 0, RUBRIC_TAG_OTHER, &ch);
	rating_toggle_tag(r, 0, RUBRIC_TAG_VALUE_NOT_IN_RECORD, &ch);
	rating_toggle_tag(r, 0, RUBRIC_TAG_WRONG_TREND, &ch);
	rating_set(r, 1, RATING_F_HARM, RUBRIC_HARM_NONE, &ch);
	rating_set(r, 0, RATING_F_CHOICE, RUBRIC_BOTH_UNACCEPTABLE, &ch);
	rating_toggle_flag(r, &ch);
	rating_set_comment(r, "L\tR \\xc3\\xa9 \xc3\xa9", &ch);
	rating_set_corrected(r, "Line 1\r\nLine 2", &ch);
	rating_focus(r, 1, RATING_F_HARM, &ch);
	r->active_ms = 83000;
	rating_skip(r, "cannot judge: \\ \n\x01", &ch);
}

static void test_format_exact(void **state)
{
	(void)state;
	/* FNV-1a 32 test vectors (Fowler/Noll/Vo, draft-eastlake-fnv) */
	assert_int_equal(fnv("", 0), 0x811c9dc5u);
	assert_int_equal(fnv("a", 1), 0xe40c292cu);
	assert_int_equal(fnv("foobar", 6), 0xbf9cf968u);
	rating r;
	sample(&r);
	char buf[2048];
	size_t n = rating_format(&r, buf, sizeof buf);
	assert_int_equal(n, strlen(buf));
	size_t body = sizeof FORMATTED - 1;
	assert_true(n == body + 13); /* "end=" 8 hex digits "\n" */
	assert_memory_equal(buf, FORMATTED, body);
	char end[16];
	snprintf(end, sizeof end, "end=%08x\n", (unsigned)fnv(FORMATTED, body));
	assert_string_equal(buf + body, end);
	/* snprintf-like: a short buffer gets a cut, NUL-terminated text and the whole length */
	char small[20];
	assert_int_equal(rating_format(&r, small, sizeof small), n);
	assert_int_equal(strlen(small), sizeof small - 1);
	assert_memory_equal(small, buf, sizeof small - 1);
	assert_int_equal(rating_format(&r, NULL, 0), n);
	char *dup = rating_format_dup(&r);
	assert_string_equal(dup, buf);
	free(dup);
	/* and back */
	rating p;
	rating_init(&p);
	char why[200];
	assert_int_equal(rating_parse(&p, buf, n, why, sizeof why), RATING_OK);
	assert_string_equal(why, "");
	assert_int_equal(p.status, RATING_SKIPPED);
	assert_string_equal(p.skip_reason, "cannot judge: \\ \n\x01");
	assert_string_equal(p.comment, "L\tR \\xc3\\xa9 \xc3\xa9");
	assert_string_equal(p.corrected, "Line 1\r\nLine 2");
	assert_int_equal(p.side[0].tags, RUBRIC_TAG_BIT(RUBRIC_TAG_VALUE_NOT_IN_RECORD) |
						 RUBRIC_TAG_BIT(RUBRIC_TAG_WRONG_TREND) | RUBRIC_TAG_BIT(RUBRIC_TAG_OTHER));
	assert_int_equal(p.focus_side, 1);
	assert_int_equal(p.focus_field, RATING_F_HARM);
	assert_int_equal(p.active_ms, 83000);
	assert_int_equal(p.last_key_ms, -1);
	assert_int_equal(p.flagged, 1);
	assert_int_equal(p.choice, RUBRIC_BOTH_UNACCEPTABLE);
	char again[2048];
	rating_format(&p, again, sizeof again);
	assert_string_equal(again, buf);
	rating_free(&p);
	rating_free(&r);
}

static void test_swap_sides(void **state)
{
	(void)state;
	rating r;
	sample(&r);
	char before[2048], after[2048];
	rating_format(&r, before, sizeof before);
	rating_swap_sides(&r);
	assert_int_equal(r.side[1].axis[RUBRIC_CORRECTNESS], 4);
	assert_int_equal(r.side[1].harm, RUBRIC_HARM_MILD_MODERATE);
	assert_int_equal(r.side[0].harm, RUBRIC_HARM_NONE);
	assert_int_equal(r.side[0].tags, 0);
	assert_int_equal(r.focus_side, 0);
	assert_int_equal(r.choice, RUBRIC_BOTH_UNACCEPTABLE); /* its own mirror */
	rating_change ch;
	rating_reopen(&r, &ch);
	rating_set(&r, 0, RATING_F_CHOICE, RUBRIC_A_MUCH_BETTER, &ch);
	rating_swap_sides(&r);
	assert_int_equal(r.choice, RUBRIC_B_MUCH_BETTER);
	rating_set(&r, 0, RATING_F_CHOICE, RUBRIC_BOTH_UNACCEPTABLE, &ch);
	rating_skip(&r, "cannot judge: \\ \n\x01", &ch);
	rating_format(&r, after, sizeof after);
	assert_string_equal(after, before); /* swapped twice: the identity */
	rating_free(&r);
}

/* Random states, with texts of every byte but NUL, survive format -> parse -> format. */
static void test_round_trip_random(void **state)
{
	(void)state;
	synth_rng g;
	synth_rng_seed(&g, 7, 2);
	for (int k = 0; k < 500; k++) {
		rating r;
		rating_init(&r);
		rating_change ch;
		for (int s = 0; s < 2; s++) {
			for (int a = 0; a < RUBRIC_NAXES; a++)
				rating_set(&r, s, (rating_field)a, synth_rng_int(&g, -1, 5) == 0 ? RATING_UNSET
									: synth_rng_int(&g, 1, 5), &ch);
			rating_set(&r, s, RATING_F_HARM, synth_rng_int(&g, -1, 2), &ch);
			rating_set(&r, s, RATING_F_LIKELIHOOD, synth_rng_int(&g, -1, 2), &ch);
			rating_set(&r, s, RATING_F_TAGS, synth_rng_int(&g, 0, (int)RUBRIC_TAGS_ALL), &ch);
		}
		rating_set(&r, 0, RATING_F_CHOICE, synth_rng_int(&g, -1, RUBRIC_NCHOICES - 1), &ch);
		char t[3][64];
		for (int i = 0; i < 3; i++) {
			int len = synth_rng_int(&g, 0, 40);
			for (int j = 0; j < len; j++)
				t[i][j] = (char)synth_rng_int(&g, 1, 255);
			t[i][len] = '\0';
		}
		rating_set_comment(&r, t[0], &ch);
		rating_set_corrected(&r, t[1], &ch);
		rating_focus(&r, synth_rng_int(&g, 0, 1), (rating_field)synth_rng_int(&g, 0, RATING_F_CHOICE), &ch);
		r.active_ms = synth_rng_int(&g, 0, 1 << 30);
		if (synth_rng_int(&g, 0, 1))
			rating_toggle_flag(&r, &ch);
		int st = synth_rng_int(&g, 0, 2);
		if (st == 1) {
			complete(&r);
			assert_int_equal(rating_submit(&r, &ch), RATING_OK);
		} else if (st == 2 && t[2][0] && t[2][0] != ' ' && t[2][0] != '\t') {
			assert_int_equal(rating_skip(&r, t[2], &ch), RATING_OK);
		}
		char *a = rating_format_dup(&r);
		rating p;
		rating_init(&p);
		char why[200];
		if (rating_parse(&p, a, strlen(a), why, sizeof why) != RATING_OK)
			fail_msg("case %d: %s\n%s", k, why, a);
		char *b = rating_format_dup(&p);
		assert_string_equal(a, b);
		assert_int_equal(p.status, r.status);
		if (r.comment)
			assert_string_equal(p.comment, r.comment);
		else
			assert_null(p.comment);
		free(a);
		free(b);
		rating_free(&p);
		rating_free(&r);
	}
}

static void parse_fails(const char *text, const char *want_why)
{
	rating p;
	rating_init(&p);
	char why[300];
	rating_result res = rating_parse(&p, text, strlen(text), why, sizeof why);
	if (res != RATING_EPARSE)
		fail_msg("parsed what should fail (%s):\n%s", want_why, text);
	if (want_why && strcmp(why, want_why) != 0)
		fail_msg("reason\n  %s\nwant\n  %s", why, want_why);
	assert_true(why[0] != '\0');
	/* a refused text leaves a fresh draft */
	assert_int_equal(p.status, RATING_DRAFT);
	assert_int_equal(p.side[0].axis[0], RATING_UNSET);
	assert_null(p.comment);
	rating_free(&p);
}

/* FORMATTED with line `line` (1-based) replaced, and a right checksum. */
static char *with_line(int line, const char *repl)
{
	static char out[2048];
	const char *p = FORMATTED;
	size_t o = 0;
	for (int l = 1; *p; l++) {
		const char *nl = strchr(p, '\n');
		if (l == line)
			o += (size_t)snprintf(out + o, sizeof out - o, "%s\n", repl);
		else
			o += (size_t)snprintf(out + o, sizeof out - o, "%.*s\n", (int)(nl - p), p);
		p = nl + 1;
	}
	snprintf(out + o, sizeof out - o, "end=%08x\n", (unsigned)fnv(out, o));
	return out;
}

static void test_parse_refuses_damage(void **state)
{
	(void)state;
	rating r;
	sample(&r);
	char *good = rating_format_dup(&r);
	size_t n = strlen(good);
	/* every cut short of the whole text fails */
	for (size_t k = 0; k < n; k++) {
		char *t = malloc(k + 1);
		memcpy(t, good, k);
		t[k] = '\0';
		rating p;
		rating_init(&p);
		char why[200];
		if (rating_parse(&p, t, k, why, sizeof why) != RATING_EPARSE)
			fail_msg("a cut at %zu bytes parsed", k);
		assert_true(why[0]);
		rating_free(&p);
		free(t);
	}
	/* every single changed byte fails (the checksum catches what the syntax does not) */
	for (size_t k = 0; k < n; k++) {
		char *t = rating_format_dup(&r);
		t[k] = t[k] == 'x' ? 'y' : 'x';
		rating p;
		rating_init(&p);
		char why[200];
		if (rating_parse(&p, t, n, why, sizeof why) != RATING_EPARSE)
			fail_msg("byte %zu changed to '%c' parsed", k, t[k]);
		rating_free(&p);
		free(t);
	}
	parse_fails("", "line 1: format: missing: the text ends early (cut short?)");
	parse_fails("format=gv-rating-1", "line 1: format: the line has no end (cut short?)");
	parse_fails("format=gv-rating-2\n", "line 1: format: \"gv-rating-2\" is not gv-rating-1");
	parse_fails(with_line(2, "rubric=2"), "line 2: rubric: \"2\" is not this program's rubric version (gv-rubric-1)");
	parse_fails(with_line(3, "status=done"), "line 3: status: \"done\" is not draft, submitted or skipped");
	parse_fails(with_line(4, "skip_reason="), "line 4: skip_reason: is empty but the status is skipped");
	parse_fails(with_line(4, "skip_reason=a\\qb"),
		    "line 4: skip_reason: \"\\\\qb\" is not an escape this format writes");
	parse_fails(with_line(4, "skip_reason=a\\x41"),
		    "line 4: skip_reason: \"\\\\x41\" is not an escape this format writes");
	parse_fails(with_line(5, "flagged=2"), "line 5: flagged: \"2\" is not 0 or 1");
	parse_fails(with_line(6, "a.correctness=7"), "line 6: a.correctness: \"7\" is not a score 1-5 or -");
	parse_fails(with_line(6, "a.correctness=0"), "line 6: a.correctness: \"0\" is not a score 1-5 or -");
	parse_fails(with_line(6, "a.correctness=44"), "line 6: a.correctness: \"44\" is not a score 1-5 or -");
	parse_fails(with_line(6, "a.completeness=3"), "line 6: \"a.completeness\" found where the key a.correctness belongs");
	parse_fails(with_line(10, "a.harm=mild-moderate"),
		    "line 10: a.harm: \"mild-moderate\" is not a harm extent (none, mild_moderate, severe) or -");
	parse_fails(with_line(11, "a.likelihood=often"),
		    "line 11: a.likelihood: \"often\" is not a likelihood (low, medium, high) or -");
	parse_fails(with_line(12, "a.tags=wrong_trend,value_not_in_record"),
		    "line 12: a.tags: \"value_not_in_record\" is out of the rubric's order or repeated");
	parse_fails(with_line(12, "a.tags=unit_error,unit_error"),
		    "line 12: a.tags: \"unit_error\" is out of the rubric's order or repeated");
	parse_fails(with_line(12, "a.tags=unsupported_category"),
		    "line 12: a.tags: \"unsupported_category\" is not a tag of this rubric");
	parse_fails(with_line(12, "a.tags=other,"), "line 12: a.tags: \"other,\" is not a list of tag names joined by ','");
	parse_fails(with_line(20, "choice=a"), "line 20: choice: \"a\" is not a pairwise choice of this rubric or -");
	parse_fails(with_line(21, "focus=c.harm"),
		    "line 21: focus: \"c.harm\" is not a field such as a.correctness, b.tags or a.choice");
	parse_fails(with_line(21, "focus=a.comment"),
		    "line 21: focus: \"a.comment\" is not a field such as a.correctness, b.tags or a.choice");
	parse_fails(with_line(22, "active_ms=-5"), "line 22: active_ms: \"-5\" is not a number of milliseconds");
	parse_fails(with_line(22, "active_ms=012"), "line 22: active_ms: \"012\" is not a number of milliseconds");
	parse_fails(with_line(23, "comment=a\tb"), "line 23: comment: \"\\t\" holds an unescaped control byte");
	{
		/* a right text with a wrong checksum, and bytes after the end line */
		char t[2048];
		snprintf(t, sizeof t, "%send=00000000\n", FORMATTED);
		parse_fails(t, "line 25: end: \"00000000\" checksum does not match the text: it was altered or damaged");
		snprintf(t, sizeof t, "%send=%08x\n", FORMATTED, (unsigned)fnv(FORMATTED, strlen(FORMATTED)));
		rating p;
		rating_init(&p);
		char why[200];
		assert_int_equal(rating_parse(&p, t, strlen(t), why, sizeof why), RATING_OK);
		rating_free(&p);
		strcat(t, "x=1\n");
		parse_fails(t, "line 26: \"x=1\\n\" text after the end line");
	}
	/* NULL text */
	rating p;
	rating_init(&p);
	char why[100];
	assert_int_equal(rating_parse(&p, NULL, 0, why, sizeof why), RATING_EPARSE);
	free(good);
	rating_free(&r);
}

/* The clock stops RATING_IDLE_MS after a key: tested at the edge. */
static void test_active_time(void **state)
{
	(void)state;
	assert_int_equal(RATING_IDLE_MS, 120000);
	rating r;
	rating_init(&r);
	assert_int_equal(rating_active_ms(&r, 5000), 0); /* no key yet: no clock */
	rating_key_time(&r, 1000);                       /* first key: starts the clock */
	assert_int_equal(r.active_ms, 0);
	assert_int_equal(rating_active_ms(&r, 31000), 30000);
	rating_key_time(&r, 31000);
	assert_int_equal(r.active_ms, 30000);
	/* a gap of exactly two minutes counts whole */
	rating_key_time(&r, 151000);
	assert_int_equal(r.active_ms, 150000);
	/* a gap one millisecond longer counts two minutes */
	rating_key_time(&r, 271001);
	assert_int_equal(r.active_ms, 270000);
	/* an hour away: two minutes */
	rating_key_time(&r, 271001 + 3600000);
	assert_int_equal(r.active_ms, 390000);
	/* the displayed clock runs, then stops at the cut-off */
	int64_t t0 = 271001 + 3600000;
	assert_int_equal(rating_active_ms(&r, t0 + 119999), 390000 + 119999);
	assert_int_equal(rating_active_ms(&r, t0 + 120000), 390000 + 120000);
	assert_int_equal(rating_active_ms(&r, t0 + 120001), 390000 + 120000);
	assert_int_equal(rating_active_ms(&r, t0 + 9000000), 390000 + 120000);
	/* a clock that goes back adds nothing and restarts there */
	rating_key_time(&r, t0 - 5000);
	assert_int_equal(r.active_ms, 390000);
	rating_key_time(&r, t0 - 4000);
	assert_int_equal(r.active_ms, 391000);
	rating_free(&r);
}

static void test_running_median(void **state)
{
	(void)state;
	rating_median m;
	rating_median_init(&m);
	assert_int_equal(rating_median_get(&m), -1);
	rating_median_add(&m, 5000);
	assert_int_equal(rating_median_get(&m), 5000);
	rating_median_add(&m, 1000);
	assert_int_equal(rating_median_get(&m), 3000);
	rating_median_add(&m, 3000);
	assert_int_equal(rating_median_get(&m), 3000);
	rating_median_add(&m, 10000);
	assert_int_equal(rating_median_get(&m), 4000);
	rating_median_add(&m, 4001);
	assert_int_equal(rating_median_get(&m), 4001);
	rating_median_add(&m, 9000);
	assert_int_equal(rating_median_get(&m), 4500); /* (4001 + 5000) / 2 rounded down */
	/* many values: against a sort */
	synth_rng g;
	synth_rng_seed(&g, 3, 3);
	rating_median_free(&m);
	int64_t v[1001];
	for (int i = 0; i < 1001; i++) {
		v[i] = synth_rng_int(&g, 0, 1000000);
		assert_int_equal(rating_median_add(&m, v[i]), RATING_OK);
	}
	int below = 0, above = 0;
	int64_t med = rating_median_get(&m);
	for (int i = 0; i < 1001; i++) {
		below += v[i] < med;
		above += v[i] > med;
	}
	assert_true(below <= 500 && above <= 500);
	rating_median_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_digits_score_and_move_on),
		cmocka_unit_test(test_focus_moves),
		cmocka_unit_test(test_undo_is_an_exact_inverse),
		cmocka_unit_test(test_undo_is_bounded),
		cmocka_unit_test(test_submit_skip_reopen),
		cmocka_unit_test(test_format_exact),
		cmocka_unit_test(test_swap_sides),
		cmocka_unit_test(test_round_trip_random),
		cmocka_unit_test(test_parse_refuses_damage),
		cmocka_unit_test(test_active_time),
		cmocka_unit_test(test_running_median),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
