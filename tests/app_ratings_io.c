/* app_ratings_io.c — the ratings file (app/ratings_io.h): the exact line written for a hand-made
 * rating, parse -> format gives the same bytes, every kind of malformed line refused with its
 * reason. */
#include "tests/tu_store.h"

#include "app/ratings_db.h"
#include "app/ratings_io.h"
#include "core/age.h"

/* The line for the rating made by full(): written out by hand. */
static const char GOOD[] =
	"{\"format\":\"gv-ratings-1\",\"queue\":\"q1\",\"position\":3,\"rater\":\"alice\",\"role\":\"annotator\","
	"\"a\":{\"summary\":\"s-0001\",\"correctness\":4,\"completeness\":3,\"conciseness\":5,\"clarity\":2,"
	"\"harm\":\"mild_moderate\",\"likelihood\":\"low\",\"tags\":[\"wrong_percentile_or_z\",\"unit_error\"]},"
	"\"b\":{\"summary\":\"s-0002\",\"correctness\":1,\"completeness\":2,\"conciseness\":3,\"clarity\":4,"
	"\"harm\":\"none\",\"likelihood\":null,\"tags\":[]},"
	"\"choice\":\"b_better\",\"status\":\"submitted\",\"skip_reason\":null,\"flagged\":true,"
	"\"comment\":\"tab\\there \\\"quoted\\\" \\\\ \\u0001 caf\xc3\xa9\",\"corrected\":null,\"active_ms\":83000,"
	"\"rubric\":\"gv-rubric-1\",\"updated\":\"2026-12-06T00:10:00Z\",\"submitted\":\"2026-12-06T00:09:59Z\"}\n";

static void full(rio_rec *x)
{
	rio_rec_init(x);
	strcpy(x->queue, "q1");
	x->position = 3;
	strcpy(x->rater, "alice");
	strcpy(x->role, "annotator");
	strcpy(x->summary[0], "s-0001");
	strcpy(x->summary[1], "s-0002");
	rating *r = &x->r;
	int8_t a[4] = {4, 3, 5, 2}, b[4] = {1, 2, 3, 4};
	memcpy(r->side[0].axis, a, 4);
	memcpy(r->side[1].axis, b, 4);
	r->side[0].harm = RUBRIC_HARM_MILD_MODERATE;
	r->side[0].likelihood = RUBRIC_LIKELY_LOW;
	r->side[0].tags = RUBRIC_TAG_BIT(RUBRIC_TAG_UNIT_ERROR) | RUBRIC_TAG_BIT(RUBRIC_TAG_WRONG_PERCENTILE_OR_Z);
	r->side[1].harm = RUBRIC_HARM_NONE;
	r->choice = RUBRIC_B_BETTER;
	r->status = RATING_SUBMITTED;
	r->flagged = 1;
	r->comment = strdup("tab\there \"quoted\" \\ \x01 caf\xc3\xa9");
	r->active_ms = 83000;
	strcpy(x->updated, "2026-12-06T00:10:00Z");
	strcpy(x->submitted, "2026-12-06T00:09:59Z");
}

static char *fmt(const rio_rec *x)
{
	gv_buf b = GV_BUF_INIT;
	rio_format(&b, x);
	buf_putc(&b, '\0');
	assert_true(buf_ok(&b));
	return b.p;
}

static void test_format_exact(void **state)
{
	(void)state;
	rio_rec x;
	full(&x);
	char *s = fmt(&x);
	assert_string_equal(s, GOOD);
	free(s);
	rio_rec_free(&x);
}

static void test_parse_roundtrip(void **state)
{
	(void)state;
	rio_rec x, y;
	full(&x);
	rio_rec_init(&y);
	char why[256];
	int rc = rio_parse(GOOD, strlen(GOOD) - 1, &y, why, sizeof why);
	if (rc != 0)
		fail_msg("%s", why);
	assert_string_equal(y.queue, "q1");
	assert_int_equal(y.position, 3);
	assert_string_equal(y.rater, "alice");
	assert_string_equal(y.summary[1], "s-0002");
	assert_int_equal(y.r.side[0].axis[RUBRIC_CLARITY], 2);
	assert_int_equal(y.r.side[1].likelihood, RATING_UNSET);
	assert_int_equal(y.r.side[0].tags, x.r.side[0].tags);
	assert_int_equal(y.r.choice, RUBRIC_B_BETTER);
	assert_int_equal(y.r.status, RATING_SUBMITTED);
	assert_int_equal(y.r.flagged, 1);
	assert_string_equal(y.r.comment, x.r.comment);
	assert_null(y.r.corrected);
	assert_int_equal(y.r.active_ms, 83000);
	assert_string_equal(y.submitted, "2026-12-06T00:09:59Z");
	char *s = fmt(&y);
	assert_string_equal(s, GOOD);
	free(s);
	/* The canonical draft text (what the store keeps) is the same for both. */
	char *dx = rating_format_dup(&x.r), *dy = rating_format_dup(&y.r);
	assert_string_equal(dx, dy);
	free(dx);
	free(dy);
	/* A draft and a skipped rating round-trip too, with spaces around the object. */
	y.r.status = RATING_SKIPPED;
	y.r.skip_reason = strdup("summary B is cut off");
	y.submitted[0] = '\0';
	y.r.choice = RATING_UNSET;
	s = fmt(&y);
	size_t n = strlen(s);
	char *padded = malloc(n + 4);
	snprintf(padded, n + 4, " %.*s \r", (int)(n - 1), s);
	rio_rec z;
	rio_rec_init(&z);
	rc = rio_parse(padded, strlen(padded), &z, why, sizeof why);
	if (rc != 0)
		fail_msg("%s", why);
	char *s2 = fmt(&z);
	assert_string_equal(s, s2);
	assert_string_equal(z.r.skip_reason, "summary B is cut off");
	free(s);
	free(s2);
	free(padded);
	rio_rec_free(&x);
	rio_rec_free(&y);
	rio_rec_free(&z);
}

/* GOOD with the first occurrence of `from` replaced by `to`. */
static char *edit(const char *from, const char *to)
{
	const char *p = strstr(GOOD, from);
	if (!p)
		fail_msg("no \"%s\" in GOOD", from);
	size_t n = strlen(GOOD), fl = strlen(from), tl = strlen(to);
	char *s = malloc(n - fl + tl + 1);
	memcpy(s, GOOD, (size_t)(p - GOOD));
	memcpy(s + (p - GOOD), to, tl);
	strcpy(s + (p - GOOD) + tl, p + fl);
	s[strlen(s) - 1] = '\0'; /* the newline */
	return s;
}

static void test_malformed(void **state)
{
	(void)state;
	static const struct {
		const char *from, *to, *why;
	} cases[] = {
		{"{\"format\"", "[\"format\"", "not JSON (column 10)"},
		{"\"submitted\":\"2026-12-06T00:09:59Z\"}", "\"submitted\":\"2026-12-06T00:09:59Z\"} x",
		 "text after the JSON object (column 640)"},
		{"\"format\":\"gv-ratings-1\"", "\"format\":\"gv-ratings-2\"", "format must be \"gv-ratings-1\""},
		{"\"queue\":\"q1\",", "", "missing field \"queue\""},
		{"\"queue\":\"q1\"", "\"queue\":\"q1\",\"queue\":\"q1\"", "field \"queue\" twice"},
		{"\"queue\":\"q1\"", "\"queue\":\"q1\",\"qeue\":1", "unknown field \"qeue\""},
		{"\"queue\":\"q1\"", "\"queue\":\"\"", "queue must be 1 to 64 bytes"},
		{"\"queue\":\"q1\"", "\"queue\":7", "queue must be a string"},
		{"\"position\":3", "\"position\":0", "position must be an integer from 1"},
		{"\"position\":3", "\"position\":2.5", "position must be an integer from 1"},
		{"\"position\":3", "\"position\":\"3\"", "position must be an integer from 1"},
		{"\"rater\":\"alice\"", "\"rater\":\"al\\nice\"", "rater must be UTF-8 without control characters"},
		{"\"role\":\"annotator\"", "\"role\":\"boss\"", "role must be clinician, annotator or adjudicator"},
		{"\"correctness\":4", "\"correctness\":6", "a.correctness must be 1-5 or null, not 6"},
		{"\"correctness\":4", "\"correctness\":0", "a.correctness must be 1-5 or null, not 0"},
		{"\"clarity\":4", "\"clarity\":4.5", "b.clarity must be 1-5 or null, not 4.5"},
		{"\"clarity\":4", "\"clarity\":\"4\"", "b.clarity must be 1-5 or null"},
		{"\"correctness\":4,", "", "a: missing field \"correctness\""},
		{"\"clarity\":2,", "\"clarity\":2,\"accuracy\":3,", "a: unknown field \"accuracy\""},
		{"\"harm\":\"mild_moderate\"", "\"harm\":\"mild-moderate\"",
		 "a.harm must be none, mild_moderate or severe or null, not \"mild-moderate\""},
		{"\"likelihood\":\"low\"", "\"likelihood\":\"certain\"",
		 "a.likelihood must be low, medium or high or null, not \"certain\""},
		{"\"unit_error\"]", "\"unit_eror\"]", "a.tags: unknown tag \"unit_eror\""},
		{"\"wrong_percentile_or_z\",\"unit_error\"", "\"unit_error\",\"wrong_percentile_or_z\"",
		 "a.tags: \"wrong_percentile_or_z\" repeated or out of rubric order"},
		{"\"tags\":[]", "\"tags\":\"none\"", "b.tags must be an array of tag names"},
		{"\"summary\":\"s-0002\"", "\"summary\":\"s-0001\"", "a and b are the same summary"},
		{"\"summary\":\"s-0002\"", "\"summary\":\"s 0002\"", "b.summary must be printable ASCII"},
		{"\"a\":{", "\"a\":[{", "not JSON (column 265)"},
		{"\"b\":{\"summary\":\"s-0002\",\"correctness\":1,\"completeness\":2,\"conciseness\":3,\"clarity\":4,"
		 "\"harm\":\"none\",\"likelihood\":null,\"tags\":[]}",
		 "\"b\":null", "b must be an object"},
		{"\"choice\":\"b_better\"", "\"choice\":\"b\"",
		 "choice must be a_much_better, a_better, tie, b_better, b_much_better, both_unacceptable or null, not \"b\""},
		{"\"status\":\"submitted\"", "\"status\":\"done\"", "status must be draft, submitted or skipped"},
		{"\"status\":\"submitted\"", "\"status\":\"skipped\"", "a skipped rating needs a skip_reason"},
		{"\"status\":\"submitted\"", "\"status\":\"draft\"", "submitted must be null for a draft rating"},
		{"\"skip_reason\":null", "\"skip_reason\":\"tired\"", "skip_reason is for a skipped rating only (status submitted)"},
		{"\"flagged\":true", "\"flagged\":1", "flagged must be true or false"},
		{"\"corrected\":null", "\"corrected\":\"\"", "corrected must not be empty (null for none)"},
		{"\"corrected\":null", "\"corrected\":\"bad \xff byte\"", "corrected is not valid UTF-8 (byte 5)"},
		{"\"corrected\":null", "\"corrected\":\"cut\\u0000here\"", "a NUL character (\\u0000) in a string"},
		{"\"active_ms\":83000", "\"active_ms\":-1", "active_ms must be an integer >= 0"},
		{"\"rubric\":\"gv-rubric-1\"", "\"rubric\":\"gv-rubric-2\"",
		 "rubric \"gv-rubric-2\" is not this program's (gv-rubric-1): ratings of another rubric are not mixed in"},
		{"\"updated\":\"2026-12-06T00:10:00Z\"", "\"updated\":\"2026-12-06 00:10:00\"",
		 "updated must be a UTC time YYYY-MM-DDTHH:MM:SSZ"},
		{"\"updated\":\"2026-12-06T00:10:00Z\"", "\"updated\":\"2026-13-06T00:10:00Z\"",
		 "updated must be a UTC time YYYY-MM-DDTHH:MM:SSZ"},
		{"\"updated\":\"2026-12-06T00:10:00Z\"", "\"updated\":\"2026-12-06T24:10:00Z\"",
		 "updated must be a UTC time YYYY-MM-DDTHH:MM:SSZ"},
		{"\"submitted\":\"2026-12-06T00:09:59Z\"", "\"submitted\":null", "a submitted rating needs its submitted time"},
		{"\"submitted\":\"2026-12-06T00:09:59Z\"", "\"submitted\":\"2026-12-06T00:10:01Z\"",
		 "submitted (2026-12-06T00:10:01Z) is after updated (2026-12-06T00:10:00Z)"},
		{"\"choice\":\"b_better\"", "\"choice\":null", "a submitted rating lacks: choice"},
		{"\"harm\":\"mild_moderate\",\"likelihood\":\"low\"", "\"harm\":\"severe\",\"likelihood\":null",
		 "a submitted rating lacks: A likelihood"},
	};
	char why[512];
	int bad = 0;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *line = edit(cases[i].from, cases[i].to);
		rio_rec x;
		rio_rec_init(&x);
		int rc = rio_parse(line, strlen(line), &x, why, sizeof why);
		if (rc != -1 || strcmp(why, cases[i].why) != 0) {
			print_error("case %zu (%s): rc %d, why \"%s\", expected \"%s\"\n", i, cases[i].to, rc, why, cases[i].why);
			bad++;
		}
		/* refused: the record is left empty */
		assert_int_equal(x.queue[0], 0);
		assert_null(x.r.comment);
		rio_rec_free(&x);
		free(line);
	}
	assert_int_equal(bad, 0);
	/* Not an object, a raw NUL, a line too long. */
	rio_rec x;
	rio_rec_init(&x);
	assert_int_equal(rio_parse("[1,2]", 5, &x, why, sizeof why), -1);
	assert_string_equal(why, "not a JSON object");
	assert_int_equal(rio_parse("{\"a\":\"x\0y\"}", 11, &x, why, sizeof why), -1);
	assert_string_equal(why, "a NUL byte in the line");
	assert_int_equal(rio_parse("{", RIO_LINE_MAX + 1, &x, why, sizeof why), -1);
	assert_string_equal(why, "line longer than 1048576 bytes");
	rio_rec_free(&x);
}

static void test_stamps(void **state)
{
	(void)state;
	assert_true(rio_stamp_ok("2026-12-06T23:59:60Z"));
	assert_true(rio_stamp_ok("1999-01-31T00:00:00Z"));
	assert_false(rio_stamp_ok("1999-01-32T00:00:00Z"));
	assert_false(rio_stamp_ok("1999-00-10T00:00:00Z"));
	assert_false(rio_stamp_ok("1999-01-10T00:60:00Z"));
	assert_false(rio_stamp_ok("1999-01-10T00:00:61Z"));
	assert_false(rio_stamp_ok("1999-01-10T00:00:00"));
	assert_false(rio_stamp_ok("1999-01-10T00:00:00Z "));
	assert_true(rio_role_ok("adjudicator"));
	assert_false(rio_role_ok("Adjudicator"));
}

static void scrub_is(const char *in, const char *name, const char *ext, int32_t shift, const char *want)
{
	size_t n = 0;
	char *out = ratings_scrub_text(in, strlen(in), name, ext, "child-7", shift, &n);
	assert_non_null(out);
	assert_string_equal(out, want);
	assert_int_equal(n, strlen(want));
	free(out);
}

static void test_scrub(void **state)
{
	(void)state;
	/* The whole name first, then each part of it, any case, whole words only. */
	scrub_is("Ana Lee-Park grew well; ANA's weight. Park and lee. Anatomy, Parker, Leeds.", "Ana Lee-Park", NULL, 0,
		 "the child grew well; the child's weight. the child and the child. Anatomy, Parker, Leeds.");
	/* A one-letter part is left (it would eat every "a"); a non-ASCII name matches as bytes. */
	scrub_is("J Zoe and Zo\xc3\xab: Zo\xc3\xabs", "J Zo\xc3\xab", NULL, 0, "J Zoe and the child: Zo\xc3\xabs");
	/* The external id, as a whole word. */
	scrub_is("MRN-0042 (MRN-00421, xMRN-0042) mrn-0042", NULL, "MRN-0042", 0, "child-7 (MRN-00421, xMRN-0042) child-7");
	/* ISO dates shift (across a month end and a leap day); not inside longer digit runs; not invalid ones. */
	scrub_is("seen 2020-02-28, 2020-02-29 and 12020-02-28 or 2020-02-281, 2020-02-30, 2020-2-28, end 2021-12-31",
		 NULL, NULL, 2,
		 "seen 2020-03-01, 2020-03-02 and 12020-02-28 or 2020-02-281, 2020-02-30, 2020-2-28, end 2022-01-02");
	scrub_is("2019-01-01", NULL, NULL, -age_days_from_civil(2019, 1, 1) + age_days_from_civil(1900, 1, 1), "1900-01-01");
	scrub_is("", "Ana", "X1", 5, "");
	/* Nothing to replace: the same bytes. */
	scrub_is("plain text, 12 kg at 2y", "Bob", "P77", 10, "plain text, 12 kg at 2y");
}

static void test_alias(void **state)
{
	(void)state;
	unsigned char k1[32] = {0}, k2[32] = {0};
	k2[0] = 1;
	char a[27], b[27], c[27];
	ratings_summary_alias(k1, "s-0001", a);
	ratings_summary_alias(k1, "s-0001", b);
	ratings_summary_alias(k2, "s-0001", c);
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	assert_int_equal(strlen(a), 26);
	assert_memory_equal(a, "c-", 2);
	ratings_summary_alias(k1, "s-0002", b);
	assert_string_not_equal(a, b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_exact),
		cmocka_unit_test(test_parse_roundtrip),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_stamps),
		cmocka_unit_test(test_scrub),
		cmocka_unit_test(test_alias),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
