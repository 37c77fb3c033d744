/* app_ratings_io.c — the ratings file (app/ratings_io.h): the exact line written for a hand-made
 * rating, parse -> format gives the same bytes, every kind of malformed line refused with its
 * reason. */
#include "tests/tu_store.h"

#include "app/ratings_db.h"
#include "app/ratings_io.h"
#include "core/age.h"
#include "core/queue.h"
#include "core/variants.h"

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
	scrub_is("Ana Lee-Park grew well; ANA's weight. Park and lee. Anatomy, Parker, Leeds. Lee-Park's.", "Ana Lee-Park",
		 NULL, 0, "the child grew well; the child's weight. the child and the child. Anatomy, Parker, Leeds. the child's.");
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


/* ------------------------------------------------------------------ with a store */

#define NCH 4

/* Who the fixture's children are: every one of these must stay out of a rating copy. */
static const char *const NAMES[NCH] = {"Amelia Hartwell-Okafor", "Bjorn Quist", "Celestine Marbury", "Dov Ystrad"};
static const char *const EXTS[NCH] = {"MRN-4471902", "MRN-5520318", "NHS-771-203-99", "ZX-90210-Q"};
static const int BIRTH[NCH][3] = {{2016, 3, 14}, {2017, 7, 2}, {2018, 11, 23}, {2019, 1, 5}};
static const char *const NOTES[NCH] = {"lives at 12 Elm Street", "mother Greta Quist", "sees Dr Lindqvist",
				       "school: Ravenhill Primary"};

typedef struct sfx {
	char dir[512], db[600], db2[600], copy[600], file[700], file2[700];
	gv_store *st;
	int64_t pid[NCH];
	store_rater ann, doc;
	int32_t visit[NCH][3];
} sfx;

static void sopen(const char *path, gv_store **st)
{
	char err[512];
	if (store_open(path, 0, st, err, sizeof err) != STORE_OK)
		fail_msg("store_open: %s", err);
}

static void add_sum(sfx *f, int i, const char *model, const char *backend, const char *planted)
{
	char text[512], sid[64];
	char d[16];
	age_format_date(f->visit[i][2], d);
	snprintf(text, sizeof text,
		 "%s (%s) was weighed on %s: weight on the 40th percentile, growing steadily. %s by %s.",
		 NAMES[i], EXTS[i], d, strchr(NAMES[i], ' ') + 1, model);
	/* An imported summary id may hold the child's id: the copy must not keep it. */
	snprintf(sid, sizeof sid, "%s-%s", EXTS[i], model);
	store_summary sm;
	store_summary_init(&sm);
	sm.summary_id = sid;
	sm.patient_id = f->pid[i];
	sm.model = model;
	sm.backend = backend;
	sm.audience = "clinician";
	sm.template_id = "growth-summary";
	sm.template_version = 1;
	sm.planted = planted;
	sm.params = "{\"temperature\":0}";
	sm.server_model = "secret-server-model";
	sm.text = text;
	sm.text_len = strlen(text);
	assert_int_equal(store_summary_put(f->st, &sm, NULL, NULL, 0), STORE_OK);
}

static int ssetup(void **state)
{
	sfx *f = calloc(1, sizeof *f);
	tu_tmpdir(f->dir, sizeof f->dir);
	snprintf(f->db, sizeof f->db, "%s/main.db", f->dir);
	snprintf(f->db2, sizeof f->db2, "%s/second.db", f->dir);
	snprintf(f->copy, sizeof f->copy, "%s/copy.db", f->dir);
	snprintf(f->file, sizeof f->file, "%s/r.jsonl", f->dir);
	snprintf(f->file2, sizeof f->file2, "%s/r2.jsonl", f->dir);
	sopen(f->db, &f->st);
	for (int i = 0; i < NCH; i++) {
		gv_patient p;
		record_patient_init(&p);
		snprintf(p.ext_id, sizeof p.ext_id, "%s", EXTS[i]);
		snprintf(p.name, sizeof p.name, "%s", NAMES[i]);
		p.sex = i % 2 ? GV_MALE : GV_FEMALE;
		p.birth_date = age_days_from_civil(BIRTH[i][0], BIRTH[i][1], BIRTH[i][2]);
		p.ga_weeks = 33 + i;
		p.ga_days = i;
		p.mother_height_cm = 160 + i;
		p.father_height_cm = 175 + i;
		assert_int_equal(store_patient_insert(f->st, &p, NOTES[i], "test", "tester"), STORE_OK);
		f->pid[i] = p.id;
		for (int k = 0; k < 3; k++) {
			gv_visit v;
			record_visit_init(&v);
			v.date = p.birth_date + 30 + 97 * k + i;
			v.weight_kg = 4.0 + k + 0.1 * i;
			v.height_cm = 55.0 + 5 * k + i;
			v.position = 'L';
			assert_int_equal(store_visit_insert(f->st, p.id, &v, "test", "tester"), STORE_OK);
			f->visit[i][k] = v.date;
		}
		add_sum(f, i, "m1", STORE_BACKEND_IMPORTED, NULL);
		add_sum(f, i, "m2", STORE_BACKEND_IMPORTED, NULL);
		add_sum(f, i, BASELINE_MODEL, STORE_BACKEND_BASELINE, NULL);
		add_sum(f, i, "demo-variant-1", STORE_BACKEND_SYNTHETIC, "[{\"kind\":\"unit_error\"}]");
	}
	assert_int_equal(store_rater_add(f->st, "ann", STORE_ROLE_ANNOTATOR, &f->ann), STORE_OK);
	assert_int_equal(store_rater_add(f->st, "doc", STORE_ROLE_CLINICIAN, &f->doc), STORE_OK);
	/* One queue over both raters: every m1/m2 pair, half of them to both, a gold share. */
	const char *models[] = {"m1", "m2"};
	store_queue_input in;
	assert_int_equal(store_queue_summaries(f->st, models, 2, 0, NULL, 0, &in), STORE_OK);
	int64_t raters[2] = {f->ann.id, f->doc.id};
	uint64_t seeds[2] = {queue_rater_seed(7, 0), queue_rater_seed(7, 1)};
	queue_options o = {models, 2, 2, seeds, 0.5, 0.25, 0, 7};
	queue_plan plan;
	assert_int_equal(queue_build(in.s, in.n, &o, &plan), GV_OK);
	store_queue_spec q = {"pilot", "m1,m2", 7, "{\"overlap\":0.5}", raters, seeds, 2};
	assert_int_equal(store_queue_create(f->st, &q, &plan, NULL), STORE_OK);
	queue_plan_free(&plan);
	store_queue_input_free(&in);
	*state = f;
	return 0;
}

static int steardown(void **state)
{
	sfx *f = *state;
	store_close(f->st);
	tu_rmdir(f->dir);
	free(f);
	return 0;
}

static void complete(rating *r, int score, rubric_choice choice)
{
	rating_change ch;
	for (int s = 0; s < 2; s++) {
		for (int a = 0; a < RUBRIC_NAXES; a++)
			rating_set(r, s, (rating_field)a, score - s, &ch);
		rating_set(r, s, RATING_F_HARM, s ? RUBRIC_HARM_MILD_MODERATE : RUBRIC_HARM_NONE, &ch);
		if (s)
			rating_set(r, s, RATING_F_LIKELIHOOD, RUBRIC_LIKELY_MEDIUM, &ch);
	}
	rating_toggle_tag(r, 1, RUBRIC_TAG_WRONG_TREND, &ch);
	rating_set(r, 0, RATING_F_CHOICE, (int32_t)choice, &ch);
}

/* Rate the items of rater in st: the first submitted, the second skipped, the third a draft with
 * a comment, the rest untouched. */
static void rate_some(gv_store *st, int64_t rater, int score)
{
	store_rate_item *its;
	size_t n;
	assert_int_equal(store_rater_items(st, rater, 0, &its, &n, NULL), STORE_OK);
	assert_true(n >= 3);
	for (size_t i = 0; i < 3; i++) {
		store_rate_view v;
		rating r;
		rating_init(&r);
		assert_int_equal(store_rating_load(st, rater, its[i].item, &v, &r), STORE_OK);
		rating_change ch;
		if (i == 0) {
			complete(&r, score, RUBRIC_A_BETTER);
			rating_set_comment(&r, "B says \"2 kg\"\n(wrong)", &ch);
			r.active_ms = 61000;
			assert_int_equal(store_rating_save(st, rater, its[i].item, &r, &ch), STORE_OK);
			assert_int_equal(store_rating_submit(st, rater, its[i].item, &r), STORE_OK);
		} else if (i == 1) {
			assert_int_equal(store_rating_skip(st, rater, its[i].item, &r, "B is cut off"), STORE_OK);
		} else {
			rating_digit(&r, 3, &ch);
			rating_set_corrected(&r, "Weight on the 40th centile.", &ch);
			assert_int_equal(store_rating_save(st, rater, its[i].item, &r, &ch), STORE_OK);
		}
		rating_free(&r);
		store_rate_view_free(&v);
	}
	free(its);
}

static int fput(FILE *out, const char *p, size_t n)
{
	return fwrite(p, 1, n, out) == n ? 0 : -1;
}

/* export-ratings of st (rater NULL: all) into path; returns the number of lines. */
static long export_to(gv_store *st, const char *rater, const char *path)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	long n = -1;
	int rc = ratings_export(st, rater, fput, f, stderr, &n);
	fclose(f);
	assert_int_equal(rc, 0);
	return n;
}

/* import-ratings of path into st with its messages into msgs (n bytes). */
static int import_from(gv_store *st, const char *path, ratings_import_counts *c, char *msgs, size_t n)
{
	memset(msgs, 0, n); /* what the stream does not overwrite stays a terminator */
	FILE *m = fmemopen(msgs, n - 1, "w");
	assert_non_null(m);
	setvbuf(m, NULL, _IONBF, 0);
	int rc = ratings_import(st, path, m, c);
	fclose(m);
	return rc;
}

static void copy_file(const char *from, const char *to)
{
	size_t n = 0;
	char *b = tu_slurp(from, &n);
	assert_non_null(b);
	FILE *f = fopen(to, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(b, 1, n, f), n);
	fclose(f);
	free(b);
}

static void test_roundtrip_store(void **state)
{
	sfx *f = *state;
	/* A copy of the database as it is before any rating (closed so the file is complete). */
	store_close(f->st);
	copy_file(f->db, f->db2);
	sopen(f->db, &f->st);
	rate_some(f->st, f->ann.id, 5);
	rate_some(f->st, f->doc.id, 4);
	char e1[700], e2[700], e3[700];
	snprintf(e1, sizeof e1, "%s/e1.jsonl", f->dir);
	snprintf(e2, sizeof e2, "%s/e2.jsonl", f->dir);
	snprintf(e3, sizeof e3, "%s/e3.jsonl", f->dir);
	assert_int_equal(export_to(f->st, NULL, e1), 6);
	size_t n1 = 0;
	char *t1 = tu_slurp(e1, &n1);
	/* ordered by queue, rater, position: ann's three, then doc's */
	assert_non_null(strstr(t1, "\"queue\":\"pilot\",\"position\":1,\"rater\":\"ann\",\"role\":\"annotator\""));
	assert_true(strstr(t1, "\"rater\":\"ann\"") < strstr(t1, "\"rater\":\"doc\""));
	assert_non_null(strstr(t1, "\"comment\":\"B says \\\"2 kg\\\"\\n(wrong)\""));
	assert_non_null(strstr(t1, "\"status\":\"skipped\",\"skip_reason\":\"B is cut off\""));
	assert_non_null(strstr(t1, "\"corrected\":\"Weight on the 40th centile.\""));
	/* Import into the copy; export again: the same bytes. */
	gv_store *st2;
	sopen(f->db2, &st2);
	ratings_import_counts c;
	char msgs[4096];
	assert_int_equal(import_from(st2, e1, &c, msgs, sizeof msgs), 0);
	assert_string_equal(msgs, "");
	assert_int_equal(c.lines, 6);
	assert_int_equal(c.added, 6);
	assert_int_equal(c.unchanged + c.replaced + c.kept + c.bad, 0);
	assert_int_equal(export_to(st2, NULL, e2), 6);
	size_t n2 = 0;
	char *t2 = tu_slurp(e2, &n2);
	assert_int_equal(n1, n2);
	assert_memory_equal(t1, t2, n1);
	/* Importing it again changes nothing: no rating, no audit row. */
	store_close(st2);
	long long audit = tu_sql_int(f->db2, "SELECT count(*) FROM rating_audit");
	assert_int_equal(audit, 6);
	char before[64];
	tu_sql_text(f->db2, "SELECT group_concat(item || status || updated || draft, '|') FROM ratings", before, sizeof before);
	sopen(f->db2, &st2);
	assert_int_equal(import_from(st2, e1, &c, msgs, sizeof msgs), 0);
	assert_int_equal(c.unchanged, 6);
	assert_int_equal(c.added + c.replaced + c.kept, 0);
	assert_string_equal(msgs, "");
	/* One rater's export is those lines only. */
	assert_int_equal(export_to(st2, "doc", e3), 3);
	size_t n3 = 0;
	char *t3 = tu_slurp(e3, &n3);
	assert_non_null(strstr(t1, t3));
	assert_null(strstr(t3, "\"rater\":\"ann\""));
	FILE *devnull = fopen("/dev/null", "w");
	long nn = 0;
	assert_int_equal(ratings_export(st2, "nobody", fput, devnull, devnull, &nn), 1);
	fclose(devnull);
	store_close(st2);
	assert_int_equal(tu_sql_int(f->db2, "SELECT count(*) FROM rating_audit"), audit);
	free(t1);
	free(t2);
	free(t3);
}

/* The line of path (1-based) into a malloc'd string, without its newline. */
static char *line_of(const char *path, int no)
{
	size_t n = 0;
	char *t = tu_slurp(path, &n);
	assert_non_null(t);
	char *p = t;
	for (int i = 1; i < no; i++)
		p = strchr(p, '\n') + 1;
	char *e = strchr(p, '\n');
	char *r = strndup(p, (size_t)(e - p));
	free(t);
	return r;
}

static char *replace(const char *s, const char *from, const char *to)
{
	const char *p = strstr(s, from);
	if (!p)
		fail_msg("no \"%s\" in %s", from, s);
	size_t fl = strlen(from), tl = strlen(to), n = strlen(s);
	char *r = malloc(n - fl + tl + 1);
	memcpy(r, s, (size_t)(p - s));
	memcpy(r + (p - s), to, tl);
	strcpy(r + (p - s) + tl, p + fl);
	return r;
}

/* The updated and submitted times of a line. */
static void stamps(const char *line, char *upd, char *sub)
{
	const char *u = strstr(line, "\"updated\":\"") + 11, *s = strstr(line, "\"submitted\":");
	memcpy(upd, u, 20);
	upd[20] = '\0';
	if (s[12] == '"') {
		memcpy(sub, s + 13, 20);
		sub[20] = '\0';
	} else {
		sub[0] = '\0';
	}
}

static void test_conflicts(void **state)
{
	sfx *f = *state;
	rate_some(f->st, f->ann.id, 5);
	assert_int_equal(export_to(f->st, "ann", f->file), 3);
	char *l1 = line_of(f->file, 1); /* submitted */
	char upd[24], sub[24];
	stamps(l1, upd, sub);
	assert_string_not_equal(sub, "");
	/* The same item rated differently, submitted later: replaces, reported. */
	char ku[64], ks[64];
	snprintf(ku, sizeof ku, "\"updated\":\"%s\"", upd);
	snprintf(ks, sizeof ks, "\"submitted\":\"%s\"", sub);
	char *a = replace(l1, "\"correctness\":5", "\"correctness\":2");
	char *b = replace(a, ks, "\"submitted\":\"2099-01-01T00:00:00Z\"");
	char *later = replace(b, ku, "\"updated\":\"2099-01-01T00:00:01Z\"");
	free(a);
	free(b);
	/* ... and submitted earlier than the stored one: kept, reported. */
	a = replace(l1, "\"correctness\":5", "\"correctness\":3");
	b = replace(a, ks, "\"submitted\":\"2000-01-01T00:00:00Z\"");
	char *earlier = replace(b, ku, "\"updated\":\"2000-01-01T00:00:01Z\"");
	free(a);
	free(b);
	char text[8192];
	snprintf(text, sizeof text, "%s\n\n%s\n", earlier, later);
	tu_write(f->file2, text);
	ratings_import_counts c;
	char msgs[4096], want[4096];
	int irc = import_from(f->st, f->file2, &c, msgs, sizeof msgs);
	if (irc != 0)
		fail_msg("%s", msgs);
	snprintf(want, sizeof want,
		 "%s:1: conflict: the rating of position 1 of rater \"ann\" in queue \"pilot\" differs from the stored one; "
		 "the stored one (submitted %s) is later than the file's (submitted 2000-01-01T00:00:00Z): kept the stored one\n"
		 "%s:3: conflict: the rating of position 1 of rater \"ann\" in queue \"pilot\" differs from the stored one; "
		 "the file's (submitted 2099-01-01T00:00:00Z) is later than the stored one (submitted %s): replaced\n",
		 f->file2, sub, f->file2, sub);
	assert_string_equal(msgs, want);
	assert_int_equal(c.lines, 2);
	assert_int_equal(c.kept, 1);
	assert_int_equal(c.replaced, 1);
	assert_int_equal(c.added + c.unchanged + c.bad, 0);
	assert_int_equal(export_to(f->st, "ann", f->file), 3);
	char *now1 = line_of(f->file, 1);
	assert_string_equal(now1, later);
	/* The replacement is in the audit trail. */
	char last[256];
	tu_sql_text(f->db, "SELECT change FROM rating_audit ORDER BY id DESC LIMIT 1", last, sizeof last);
	snprintf(want, sizeof want, "import %s:3: replaced (submitted)", f->file2);
	assert_string_equal(last, want);
	/* Again: the later line is now stored (unchanged); the earlier one is still a conflict, kept. */
	assert_int_equal(import_from(f->st, f->file2, &c, msgs, sizeof msgs), 0);
	assert_int_equal(c.unchanged, 1);
	assert_int_equal(c.kept, 1);
	assert_int_equal(c.replaced + c.added, 0);
	snprintf(want, sizeof want, "%s:1: conflict: ", f->file2);
	assert_int_equal(strncmp(msgs, want, strlen(want)), 0);
	assert_null(strstr(msgs, ":3:"));
	/* The same times, another judgement: not later, so the stored one stays (reported). */
	char u1[24], s1[24];
	stamps(later, u1, s1);
	char *tie = replace(later, "\"correctness\":2", "\"correctness\":1");
	tu_write(f->file2, tie);
	assert_int_equal(import_from(f->st, f->file2, &c, msgs, sizeof msgs), 0);
	assert_int_equal(c.kept, 1);
	assert_int_equal(c.replaced, 0);
	assert_non_null(strstr(msgs, "the stored one (submitted 2099-01-01T00:00:00Z) is later than the file's (submitted "
				     "2099-01-01T00:00:00Z): kept the stored one"));
	free(tie);
	/* A submitted rating against a draft of the same item: the submitted one wins whatever the
	 * draft's time (the draft, line 3, was never submitted). */
	char *l3 = line_of(f->file, 3);
	char u3[24], s3[24];
	stamps(l3, u3, s3);
	assert_string_equal(s3, "");
	a = replace(l3, "\"status\":\"draft\"", "\"status\":\"submitted\"");
	char *sub3 = replace(a, "\"submitted\":null", "\"submitted\":\"2001-01-01T00:00:00Z\"");
	free(a);
	a = replace(sub3, "\"choice\":null", "\"choice\":\"tie\"");
	free(sub3);
	/* complete it: every axis, harm */
	char *full = a;
	for (int s = 0; s < 2; s++) {
		const char *axes[] = {"correctness", "completeness", "conciseness", "clarity"};
		for (int k = 0; k < 4; k++) {
			char from[64], to[64];
			snprintf(from, sizeof from, "\"%s\":null", axes[k]);
			snprintf(to, sizeof to, "\"%s\":3", axes[k]);
			if (strstr(full, from)) {
				char *t = replace(full, from, to);
				free(full);
				full = t;
			}
		}
		char *t = replace(full, "\"harm\":null", "\"harm\":\"none\"");
		free(full);
		full = t;
	}
	tu_write(f->file2, full);
	assert_int_equal(import_from(f->st, f->file2, &c, msgs, sizeof msgs), 0);
	assert_int_equal(c.replaced, 1);
	assert_non_null(strstr(msgs, "the file's (submitted 2001-01-01T00:00:00Z) is later than the stored one (draft "));
	free(full);
	free(l3);
	free(l1);
	free(later);
	free(earlier);
	free(now1);
}

static void test_bad_file(void **state)
{
	sfx *f = *state;
	rate_some(f->st, f->ann.id, 5);
	assert_int_equal(export_to(f->st, "ann", f->file), 3);
	char *l1 = line_of(f->file, 1), *l2 = line_of(f->file, 2), *l3 = line_of(f->file, 3);
	/* A second store with the same items and no ratings: a good line would be added. */
	char *wrong_pos = replace(l2, "\"position\":2", "\"position\":99");
	char *wrong_role = replace(l2, "\"role\":\"annotator\"", "\"role\":\"clinician\"");
	char *sa = strstr(l3, "\"a\":{\"summary\":\"") + 16;
	char sid[64];
	snprintf(sid, sizeof sid, "%.*s", (int)(strchr(sa, '"') - sa), sa);
	char *wrong_sum = replace(l3, sid, "s-unknown");
	char *wrong_queue = replace(l1, "\"queue\":\"pilot\"", "\"queue\":\"other\"");
	char text[16384];
	snprintf(text, sizeof text, "%s\n{\"format\":\"gv-ratings-1\"\n%s\n%s\n%s\n%s\n%s\n", l1, wrong_pos, wrong_role,
		 wrong_sum, wrong_queue, l3);
	tu_write(f->file2, text);
	/* Change the stored first rating so that line 1 would replace it if the import went through. */
	store_close(f->st);
	char before[4096];
	tu_sql_exec(f->db, "UPDATE ratings SET updated = '2000-01-01T00:00:00Z' WHERE status = 'draft'");
	tu_sql_text(f->db, "SELECT group_concat(item || status || updated || draft, '|') FROM ratings", before, sizeof before);
	long long audit = tu_sql_int(f->db, "SELECT count(*) FROM rating_audit");
	sopen(f->db, &f->st);
	ratings_import_counts c;
	char msgs[4096], want[4096];
	assert_int_equal(import_from(f->st, f->file2, &c, msgs, sizeof msgs), 1);
	snprintf(want, sizeof want,
		 "%s:2: not JSON (column 24)\n"
		 "%s:3: no item at position 99 of rater \"ann\" in queue \"pilot\" in this store\n"
		 "%s:4: rater \"ann\" is an annotator in this store, not a clinician\n"
		 "%s:5: a.summary \"s-unknown\" is not the summary shown as A there (\"%s\")\n"
		 "%s:6: no item at position 1 of rater \"ann\" in queue \"other\" in this store\n",
		 f->file2, f->file2, f->file2, f->file2, sid, f->file2);
	assert_string_equal(msgs, want);
	assert_int_equal(c.lines, 7);
	assert_int_equal(c.bad, 5);
	assert_int_equal(c.added + c.replaced + c.unchanged + c.kept, 0);
	store_close(f->st);
	char after[4096];
	tu_sql_text(f->db, "SELECT group_concat(item || status || updated || draft, '|') FROM ratings", after, sizeof after);
	assert_string_equal(before, after);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM rating_audit"), audit);
	sopen(f->db, &f->st);
	/* A missing file, and a closed queue refusing a write. */
	char missing[800];
	snprintf(missing, sizeof missing, "%s/none.jsonl", f->dir);
	assert_int_equal(import_from(f->st, missing, &c, msgs, sizeof msgs), 2);
	snprintf(want, sizeof want, "%s: No such file or directory\n", missing);
	assert_string_equal(msgs, want);
	snprintf(text, sizeof text, "%s\n", l3);
	tu_write(f->file2, text);
	store_queue q;
	assert_int_equal(store_queue_get(f->st, "pilot", &q), STORE_OK);
	assert_int_equal(store_queue_close(f->st, q.id), STORE_OK);
	assert_int_equal(import_from(f->st, f->file2, &c, msgs, sizeof msgs), 1);
	snprintf(want, sizeof want, "%s:1: queue \"pilot\" is closed: its ratings are final\n", f->file2);
	assert_string_equal(msgs, want);
	/* The store refuses it too, whoever asks. */
	store_xitem it;
	assert_int_equal(store_xitem_find(f->st, "pilot", "ann", 3, &it), STORE_OK);
	assert_int_equal(it.closed, 1);
	rating rr;
	rating_init(&rr);
	assert_int_equal(store_xrating_put(f->st, it.item, it.rater, &rr, "2026-01-01T00:00:00Z", NULL, "test"), STORE_CONFLICT);
	assert_int_equal(store_xrating_put(f->st, it.item, f->doc.id, &rr, "2026-01-01T00:00:00Z", NULL, "test"),
			 STORE_CONFLICT);
	store_xitem_free(&it);
	free(l1);
	free(l2);
	free(l3);
	free(wrong_pos);
	free(wrong_role);
	free(wrong_sum);
	free(wrong_queue);
}

/* Is needle[0..m) inside h[0..n)? */
static int has_bytes(const void *h, size_t n, const char *needle)
{
	size_t m = strlen(needle);
	const char *p = h;
	for (size_t i = 0; m && i + m <= n; i++)
		if (p[i] == needle[0] && memcmp(p + i, needle, m) == 0)
			return 1;
	return 0;
}

/* Every value of every column of every table of the database at path (raw connection), as text
 * (blobs as bytes): needle must be in none.  Returns the number of values looked at. */
static long scan_db(const char *path, const char *const *needles, size_t nn)
{
	sqlite3 *h = NULL;
	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		fail_msg("open %s", path);
	sqlite3_stmt *t = NULL;
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT name FROM sqlite_master WHERE type = 'table'", -1, &t, NULL),
			 SQLITE_OK);
	long seen = 0;
	while (sqlite3_step(t) == SQLITE_ROW) {
		char sql[256];
		snprintf(sql, sizeof sql, "SELECT * FROM \"%s\"", (const char *)sqlite3_column_text(t, 0));
		sqlite3_stmt *s = NULL;
		if (sqlite3_prepare_v2(h, sql, -1, &s, NULL) != SQLITE_OK) {
			sqlite3_finalize(s);
			continue; /* a virtual table this SQLite cannot read */
		}
		while (sqlite3_step(s) == SQLITE_ROW) {
			for (int c = 0; c < sqlite3_column_count(s); c++) {
				const void *v = sqlite3_column_type(s, c) == SQLITE_BLOB ? sqlite3_column_blob(s, c)
											: (const void *)sqlite3_column_text(s, c);
				int n = sqlite3_column_bytes(s, c);
				seen++;
				for (size_t k = 0; v && k < nn; k++)
					if (has_bytes(v, (size_t)n, needles[k]))
						fail_msg("\"%s\" found in table %s column %s: %.*s", needles[k],
							 (const char *)sqlite3_column_text(t, 0), sqlite3_column_name(s, c), n,
							 (const char *)v);
			}
		}
		sqlite3_finalize(s);
	}
	sqlite3_finalize(t);
	sqlite3_close(h);
	return seen;
}

/* The needles of the fixture: names and their parts, external ids, notes, every date. */
static size_t needles_of(sfx *f, char store[][32], const char **nd)
{
	size_t n = 0;
	for (int i = 0; i < NCH; i++) {
		nd[n++] = NAMES[i];
		nd[n++] = EXTS[i];
		nd[n++] = NOTES[i];
		char tmp[64];
		snprintf(tmp, sizeof tmp, "%s", NAMES[i]);
		for (char *w = strtok(tmp, " -"); w; w = strtok(NULL, " -")) {
			snprintf(store[n], 32, "%s", w);
			nd[n] = store[n];
			n++;
		}
		int32_t b = age_days_from_civil(BIRTH[i][0], BIRTH[i][1], BIRTH[i][2]);
		age_format_date(b, store[n]);
		nd[n] = store[n];
		n++;
		for (int k = 0; k < 3; k++) {
			age_format_date(f->visit[i][k], store[n]);
			nd[n] = store[n];
			n++;
		}
	}
	nd[n++] = "secret-server-model";
	nd[n++] = "temperature";
	nd[n++] = "unit_error"; /* the planted mistakes: the gold answers travel as bits only */
	return n;
}

static int count_items(gv_store *st, int64_t rater, store_rate_item **its)
{
	size_t n = 0;
	assert_int_equal(store_rater_items(st, rater, 0, its, &n, NULL), STORE_OK);
	return (int)n;
}

static void test_copy_no_identifiers(void **state)
{
	sfx *f = *state;
	FILE *devnull = fopen("/dev/null", "w");
	ratings_copy_counts n;
	assert_int_equal(ratings_copy(f->st, f->copy, "ann", devnull, &n), 0);
	struct stat sb;
	assert_int_equal(stat(f->copy, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	store_rate_item *src;
	int ni = count_items(f->st, f->ann.id, &src);
	assert_int_equal(n.items, ni);
	assert_int_equal(n.raters, 1);
	assert_int_equal(n.queues, 1);
	/* Refused: the file exists now; an unknown rater. */
	ratings_copy_counts n2;
	assert_int_equal(ratings_copy(f->st, f->copy, "ann", devnull, &n2), 1);
	char other[700];
	snprintf(other, sizeof other, "%s/other.db", f->dir);
	assert_int_equal(ratings_copy(f->st, other, "nobody", devnull, &n2), 1);
	assert_false(tu_exists(other));
	fclose(devnull);
	/* Nothing identifying in any table or column, nor anywhere in the file's bytes. */
	char store[128][32];
	const char *nd[128];
	size_t nn = needles_of(f, store, nd);
	assert_true(scan_db(f->copy, nd, nn) > 100);
	size_t len = 0;
	char *raw = tu_slurp(f->copy, &len);
	for (size_t k = 0; k < nn; k++)
		if (has_bytes(raw, len, nd[k]))
			fail_msg("\"%s\" is in the bytes of the copy", nd[k]);
	free(raw);
	/* What the rater needs is there: the same items (positions, sides, gold) over children with the
	 * same sex, gestational age, parents' heights, ages in days and measurements. */
	gv_store *cp;
	sopen(f->copy, &cp);
	store_rater r;
	assert_int_equal(store_rater_get(cp, "ann", &r), STORE_OK);
	assert_int_equal(r.role, STORE_ROLE_ANNOTATOR);
	store_rate_item *dst;
	assert_int_equal(count_items(cp, r.id, &dst), ni);
	for (int i = 0; i < ni; i++) {
		assert_int_equal(dst[i].position, src[i].position);
		assert_int_equal(dst[i].swapped, src[i].swapped);
		assert_int_equal(dst[i].gold, src[i].gold);
		assert_int_equal(dst[i].planted, src[i].planted);
		gv_child a, b;
		assert_int_equal(store_child_load(f->st, src[i].patient, &a), STORE_OK);
		assert_int_equal(store_child_load(cp, dst[i].patient, &b), STORE_OK);
		assert_int_equal(a.p.sex, b.p.sex);
		assert_int_equal(a.p.ga_weeks, b.p.ga_weeks);
		assert_int_equal(a.p.ga_days, b.p.ga_days);
		assert_true(a.p.mother_height_cm == b.p.mother_height_cm);
		assert_true(a.p.father_height_cm == b.p.father_height_cm);
		assert_int_equal(b.p.birth_date, age_days_from_civil(1900, 1, 1));
		assert_string_equal(b.p.name + strlen(b.p.name) - strlen(b.p.ext_id + 6), b.p.ext_id + 6);
		assert_int_equal(a.nv, b.nv);
		for (size_t k = 0; k < a.nv; k++) {
			assert_int_equal(a.v[k].date - a.p.birth_date, b.v[k].date - b.p.birth_date);
			assert_true(a.v[k].weight_kg == b.v[k].weight_kg);
			assert_true(a.v[k].height_cm == b.v[k].height_cm);
		}
		char *notes = NULL;
		assert_int_equal(store_patient_notes(cp, dst[i].patient, &notes), STORE_OK);
		assert_string_equal(notes, "");
		free(notes);
		/* The summaries: the models kept (revealed after submission), the text scrubbed. */
		store_rate_view va, vb;
		rating ra, rb;
		rating_init(&ra);
		rating_init(&rb);
		assert_int_equal(store_rating_load(f->st, f->ann.id, src[i].item, &va, &ra), STORE_OK);
		assert_int_equal(store_rating_load(cp, r.id, dst[i].item, &vb, &rb), STORE_OK);
		for (int k = 0; k < 2; k++) {
			assert_string_equal(va.model[k], vb.model[k]);
			assert_null(strstr(vb.text[k], "MRN"));
			assert_non_null(strstr(vb.text[k], "the child (child-"));
			assert_non_null(strstr(vb.text[k], "was weighed on 1900-"));
			assert_non_null(strstr(vb.text[k], ": weight on the 40th percentile, growing steadily. the child by "));
		}
		rating_free(&ra);
		rating_free(&rb);
		store_rate_view_free(&va);
		store_rate_view_free(&vb);
		store_child_free(&a);
		store_child_free(&b);
	}
	store_close(cp);
	free(src);
	free(dst);
	/* A copy of every rater's items: both raters. */
	devnull = fopen("/dev/null", "w");
	assert_int_equal(ratings_copy(f->st, other, NULL, devnull, &n2), 0);
	fclose(devnull);
	assert_int_equal(n2.raters, 2);
	assert_int_equal(scan_db(other, nd, nn) > 100, 1);
}

/* Replace every occurrence of from by to in s (in place when to is as long as from). */
static void subst_all(char *s, const char *from, const char *to)
{
	size_t fl = strlen(from);
	assert_int_equal(fl, strlen(to));
	for (char *p = s; (p = strstr(p, from)) != NULL; p += fl)
		memcpy(p, to, fl);
}

static void test_copy_loop(void **state)
{
	sfx *f = *state;
	/* The clinic's store has a draft of ann's first item already. */
	store_rate_item *its;
	int ni = count_items(f->st, f->ann.id, &its);
	free(its);
	FILE *devnull = fopen("/dev/null", "w");
	ratings_copy_counts n;
	assert_int_equal(ratings_copy(f->st, f->copy, "ann", devnull, &n), 0);
	fclose(devnull);
	/* ann rates offline, in the copy. */
	gv_store *cp;
	sopen(f->copy, &cp);
	store_rater r;
	assert_int_equal(store_rater_get(cp, "ann", &r), STORE_OK);
	rate_some(cp, r.id, 4);
	assert_int_equal(export_to(cp, NULL, f->file), 3);
	store_close(cp);
	/* Back in the clinic: the lines find their items. */
	ratings_import_counts c;
	char msgs[4096];
	int rc = import_from(f->st, f->file, &c, msgs, sizeof msgs);
	if (rc != 0)
		fail_msg("%s", msgs);
	assert_int_equal(c.added, 3);
	assert_string_equal(msgs, "");
	assert_int_equal(export_to(f->st, "ann", f->file2), 3);
	/* The clinic's export is the copy's with the summaries' own ids for their pseudonyms. */
	size_t n1 = 0, n2 = 0;
	char *fromcopy = tu_slurp(f->file, &n1), *clinic = tu_slurp(f->file2, &n2);
	unsigned char key[32];
	assert_int_equal(store_pseudonym_key(f->st, key), STORE_OK);
	assert_int_equal(store_rater_items(f->st, f->ann.id, 0, &its, (size_t[]){0}, NULL), STORE_OK);
	for (int i = 0; i < ni; i++) {
		store_rate_view v;
		rating rt;
		rating_init(&rt);
		assert_int_equal(store_rating_load(f->st, f->ann.id, its[i].item, &v, &rt), STORE_OK);
		for (int k = 0; k < 2; k++) {
			char alias[27], quoted_a[40], quoted_s[160];
			ratings_summary_alias(key, v.summary_id[k], alias);
			snprintf(quoted_a, sizeof quoted_a, "\"%s\"", alias);
			snprintf(quoted_s, sizeof quoted_s, "\"%s\"", v.summary_id[k]);
			if (i < 3) {
				assert_non_null(strstr(fromcopy, quoted_a));
				assert_non_null(strstr(clinic, quoted_s));
			}
			/* same length? then swap in place; else rebuild */
			char *p;
			while ((p = strstr(fromcopy, quoted_a)) != NULL) {
				size_t al = strlen(quoted_a), sl = strlen(quoted_s);
				char *t = malloc(n1 - al + sl + 1);
				memcpy(t, fromcopy, (size_t)(p - fromcopy));
				memcpy(t + (p - fromcopy), quoted_s, sl);
				strcpy(t + (p - fromcopy) + sl, p + al);
				free(fromcopy);
				fromcopy = t;
				n1 = strlen(t);
			}
		}
		rating_free(&rt);
		store_rate_view_free(&v);
	}
	free(its);
	(void)subst_all;
	assert_string_equal(fromcopy, clinic);
	/* The ratings count as ann's in the clinic: progress. */
	store_rate_progress pr;
	assert_int_equal(store_rater_items(f->st, f->ann.id, 0, &its, (size_t[]){0}, &pr), STORE_OK);
	free(its);
	assert_int_equal(pr.submitted, 1);
	assert_int_equal(pr.skipped, 1);
	assert_int_equal(pr.draft, 1);
	/* And importing the copy's file again changes nothing. */
	assert_int_equal(import_from(f->st, f->file, &c, msgs, sizeof msgs), 0);
	assert_int_equal(c.unchanged, 3);
	free(fromcopy);
	free(clinic);
}

static void test_import_store_failure(void **state)
{
	sfx *f = *state;
	rate_some(f->st, f->ann.id, 5);
	assert_int_equal(export_to(f->st, "ann", f->file), 3);
	store_close(f->st);
	/* A copy of the database without its ratings, where the second rating written fails. */
	copy_file(f->db, f->db2);
	tu_sql_exec(f->db2, "DROP TRIGGER IF EXISTS rating_audit_no_delete;"
			    "DELETE FROM rating_audit; DELETE FROM ratings;"
			    "CREATE TRIGGER inject BEFORE INSERT ON ratings WHEN (SELECT count(*) FROM ratings) >= 1"
			    " BEGIN SELECT RAISE(ABORT, 'injected failure'); END;");
	sopen(f->db, &f->st);
	gv_store *st2;
	sopen(f->db2, &st2);
	ratings_import_counts c;
	char msgs[4096], want[4096];
	assert_int_equal(import_from(st2, f->file, &c, msgs, sizeof msgs), 2);
	snprintf(want, sizeof want, "%s:2: import rating: injected failure\n", f->file);
	assert_string_equal(msgs, want);
	assert_int_equal(c.added + c.replaced, 0);
	store_close(st2);
	/* Nothing of the file: the first rating, written before the failure, was rolled back too. */
	assert_int_equal(tu_sql_int(f->db2, "SELECT count(*) FROM ratings"), 0);
	assert_int_equal(tu_sql_int(f->db2, "SELECT count(*) FROM rating_audit"), 0);
	tu_sql_exec(f->db2, "DROP TRIGGER inject");
	sopen(f->db2, &st2);
	assert_int_equal(import_from(st2, f->file, &c, msgs, sizeof msgs), 0);
	assert_int_equal(c.added, 3);
	store_close(st2);
}

/* Ratings imported from two raters who disagree on the same item send it to adjudication, as
 * submissions on the screen do. */
static void test_import_adjudication(void **state)
{
	sfx *f = *state;
	store_rate_item *ia, *id;
	int na = count_items(f->st, f->ann.id, &ia), nd = count_items(f->st, f->doc.id, &id);
	int x = -1, y = -1;
	for (int i = 0; i < na && x < 0; i++)
		for (int j = 0; j < nd; j++)
			if (ia[i].group == id[j].group) {
				x = i;
				y = j;
				break;
			}
	assert_true(x >= 0);
	gv_buf b = GV_BUF_INIT;
	for (int k = 0; k < 2; k++) {
		const store_rate_item *it = k ? &id[y] : &ia[x];
		store_rate_view v;
		rio_rec rec;
		rio_rec_init(&rec);
		assert_int_equal(store_rating_load(f->st, it->rater, it->item, &v, &rec.r), STORE_OK);
		strcpy(rec.queue, "pilot");
		rec.position = it->position;
		strcpy(rec.rater, k ? "doc" : "ann");
		strcpy(rec.role, k ? "clinician" : "annotator");
		strcpy(rec.summary[0], v.summary_id[0]);
		strcpy(rec.summary[1], v.summary_id[1]);
		/* ann prefers summary 1, doc summary 2 (whatever side each saw it on) */
		complete(&rec.r, 4, (k == 0) == (it->swapped == 0) ? RUBRIC_A_MUCH_BETTER : RUBRIC_B_MUCH_BETTER);
		rec.r.status = RATING_SUBMITTED;
		strcpy(rec.updated, "2026-12-01T10:00:00Z");
		strcpy(rec.submitted, "2026-12-01T10:00:00Z");
		rio_format(&b, &rec);
		rio_rec_free(&rec);
		store_rate_view_free(&v);
	}
	buf_putc(&b, '\0');
	tu_write(f->file, b.p);
	buf_free(&b);
	ratings_import_counts c;
	char msgs[4096];
	assert_int_equal(import_from(f->st, f->file, &c, msgs, sizeof msgs), 0);
	assert_int_equal(c.added, 2);
	store_adjudication *adj;
	size_t n;
	assert_int_equal(store_adjudications(f->st, 0, 1, &adj, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_non_null(strstr(adj[0].reason, "choice"));
	free(adj);
	free(ia);
	free(id);
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
		cmocka_unit_test_setup_teardown(test_roundtrip_store, ssetup, steardown),
		cmocka_unit_test_setup_teardown(test_conflicts, ssetup, steardown),
		cmocka_unit_test_setup_teardown(test_bad_file, ssetup, steardown),
		cmocka_unit_test_setup_teardown(test_import_store_failure, ssetup, steardown),
		cmocka_unit_test_setup_teardown(test_import_adjudication, ssetup, steardown),
		cmocka_unit_test_setup_teardown(test_copy_no_identifiers, ssetup, steardown),
		cmocka_unit_test_setup_teardown(test_copy_loop, ssetup, steardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
