/* app_checks.c — the claim checker's verdicts in the store (app/store/checks.c, schema version 6):
 * every field round-trips, the same verdicts twice change nothing (ids and a rater's verdict
 * kept), a new checker version replaces the old version's rows (a claim found by both keeps its
 * row and its rater's verdict), a write failure injected after the first row (a trigger) loses
 * nothing and leaves the previous verdicts, refusals write nothing, and the one-at-a-time walk
 * over summaries (store_summary_next / store_summary_get) that `check --all` uses. */
#include "tests/tu_store.h"

#include <math.h>

#include "app/store.h"
#include "core/age.h"
#include "core/claims.h"

static const char TEXT[] = "Weight 9.8 kg at 12 months (P3, z -1.9); obesity. Recheck in 3 months.";

typedef struct fx {
	char dir[512], db[600];
	gv_store *st;
	int64_t pid, s1, s2, s3;
} fx;

static int64_t add_summary(fx *f, int64_t pid, const char *sid, const char *text)
{
	store_summary s;
	store_summary_init(&s);
	s.patient_id = pid;
	s.summary_id = sid;
	s.model = "m";
	s.backend = STORE_BACKEND_IMPORTED;
	s.text = text;
	s.text_len = strlen(text);
	assert_int_equal(store_summary_put(f->st, &s, NULL, NULL, 0), STORE_OK);
	char q[256];
	snprintf(q, sizeof q, "SELECT id FROM summaries WHERE summary_id = '%s'", sid);
	return tu_sql_int(f->db, q);
}

static int setup(void **state)
{
	fx *f = calloc(1, sizeof *f);
	tu_tmpdir(f->dir, sizeof f->dir);
	snprintf(f->db, sizeof f->db, "%s/gv.db", f->dir);
	char err[512];
	if (store_open(f->db, 0, &f->st, err, sizeof err) != STORE_OK)
		fail_msg("store_open: %s", err);
	gv_patient p;
	record_patient_init(&p);
	snprintf(p.ext_id, sizeof p.ext_id, "P2");
	p.sex = GV_FEMALE;
	p.birth_date = age_days_from_civil(2020, 1, 1);
	assert_int_equal(store_patient_insert(f->st, &p, NULL, "test", "tester"), STORE_OK);
	int64_t p2 = p.id;
	snprintf(p.ext_id, sizeof p.ext_id, "P1");
	assert_int_equal(store_patient_insert(f->st, &p, NULL, "test", "tester"), STORE_OK);
	f->pid = p.id;
	f->s1 = add_summary(f, f->pid, "ext-a", TEXT);
	f->s2 = add_summary(f, p2, "ext-b", "Growth is normal.");
	f->s3 = add_summary(f, f->pid, "ext-c", "No flags.");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;
	store_close(f->st);
	tu_rmdir(f->dir);
	free(f);
	return 0;
}

/* A claim spanning the first occurrence of quote in TEXT. */
static gv_claim mk(const char *quote, claim_type t, claim_verdict v, const char *stated, const char *expected)
{
	gv_claim c;
	memset(&c, 0, sizeof c);
	const char *at = strstr(TEXT, quote);
	assert_non_null(at);
	c.start = (size_t)(at - TEXT);
	c.end = c.start + strlen(quote);
	c.type = t;
	c.verdict = v;
	snprintf(c.stated, sizeof c.stated, "%s", stated);
	snprintf(c.expected, sizeof c.expected, "%s", expected);
	c.stated_num = c.stated_hi = c.expected_num = NAN;
	c.ind = GV_NIND;
	c.ref = GV_REF_NONE;
	c.date = CLAIMS_NO_DATE;
	c.visit = CLAIMS_NO_VISIT;
	c.category = -1;
	return c;
}

/* Version 1's verdicts: four claims, one omitted flag. */
static claims_result v1(gv_claim *c)
{
	c[0] = mk("9.8 kg", CLAIM_VALUE, CLAIM_SUPPORTED, "9.8 kg", "9.81 kg");
	c[0].ind = GV_WFA;
	c[0].date = age_days_from_civil(2021, 1, 1);
	c[1] = mk("P3", CLAIM_PERCENTILE, CLAIM_CONTRADICTED, "P3", "P12.0");
	c[1].ind = GV_WFA;
	c[1].ref = GV_WHO2006;
	c[1].date = age_days_from_civil(2021, 1, 1);
	snprintf(c[1].note, sizeof c[1].note, "matches the CDC 2000 value");
	c[2] = mk("obesity", CLAIM_CATEGORY, CLAIM_CONTRADICTED, "obesity", "");
	c[3] = mk("Recheck in 3 months", CLAIM_ADVICE, CLAIM_UNVERIFIABLE, "recheck 3 months", "");
	claims_result r = {c, 4, GV_CAT_BIT(GV_CAT_FAILURE_TO_THRIVE), 1};
	return r;
}

/* sql with its "%lld" replaced by id. */
static void with_id(char *q, size_t n, const char *sql, int64_t id)
{
	const char *at = strstr(sql, "%lld");
	assert_non_null(at);
	snprintf(q, n, "%.*s%lld%s", (int)(at - sql), sql, (long long)id, at + 4);
}

static long long q_int(fx *f, const char *sql, int64_t id)
{
	char q[512];
	with_id(q, sizeof q, sql, id);
	return tu_sql_int(f->db, q);
}

static void q_text(fx *f, const char *sql, int64_t id, char *out, size_t n)
{
	char q[512];
	with_id(q, sizeof q, sql, id);
	tu_sql_text(f->db, q, out, n);
}

/* Collects what store_checks_each gives. */
typedef struct seen {
	int n;
	char line[8][256];
} seen;

static int collect(void *ctx, const store_claim_check *c)
{
	seen *s = ctx;
	if (s->n < 8) {
		char d[12] = "-";
		if (c->date != STORE_NO_DATE)
			age_format_date(c->date, d);
		snprintf(s->line[s->n], sizeof s->line[0], "v%d %zu-%zu %s|%s|%s|%s|%s|%s|%s|%s|%s|%s", c->version, c->start,
			 c->end, c->quote, c->type, c->stated, c->expected ? c->expected : "NULL", c->verdict,
			 c->indicator ? c->indicator : "NULL", d, c->reference ? c->reference : "NULL",
			 c->note ? c->note : "NULL", c->rater_verdict ? c->rater_verdict : "NULL");
	}
	s->n++;
	return 0;
}

static void test_round_trip(void **state)
{
	fx *f = *state;
	assert_int_equal(store_schema_version(f->st), STORE_SCHEMA_VERSION);
	gv_claim c[4];
	claims_result r = v1(c);
	assert_int_equal(store_checks_put(f->st, f->s1, 1, TEXT, strlen(TEXT), &r), STORE_OK);
	int ver = -1;
	char *om = NULL;
	assert_int_equal(store_checks_get(f->st, f->s1, &ver, &om), STORE_OK);
	assert_int_equal(ver, 1);
	assert_string_equal(om, "[\"failure_to_thrive\"]");
	free(om);
	seen s = {0};
	assert_int_equal(store_checks_each(f->st, f->s1, collect, &s, NULL), STORE_OK);
	assert_int_equal(s.n, 4);
	assert_string_equal(s.line[0], "v1 7-13 9.8 kg|value|9.8 kg|9.81 kg|supported|wfa|2021-01-01|NULL|NULL|NULL");
	assert_string_equal(s.line[1], "v1 28-30 P3|percentile|P3|P12.0|contradicted|wfa|2021-01-01|who2006|matches the CDC "
				       "2000 value|NULL");
	assert_string_equal(s.line[2], "v1 41-48 obesity|category|obesity|NULL|contradicted|NULL|-|NULL|NULL|NULL");
	assert_string_equal(s.line[3], "v1 50-69 Recheck in 3 months|advice|recheck 3 months|NULL|unverifiable|NULL|-|NULL|"
				       "NULL|NULL");
	assert_int_equal(q_int(f, "SELECT claims * 100 + contradicted FROM summary_checks WHERE summary_id = %lld", f->s1),
			 402);
	/* A summary never checked. */
	assert_int_equal(store_checks_get(f->st, f->s2, &ver, &om), STORE_OK);
	assert_int_equal(ver, 0);
	assert_null(om);
}

static void test_same_version_idempotent(void **state)
{
	fx *f = *state;
	gv_claim c[4];
	claims_result r = v1(c);
	assert_int_equal(store_checks_put(f->st, f->s1, 1, TEXT, strlen(TEXT), &r), STORE_OK);
	char before[4096], after[4096];
	const char *dump = "SELECT group_concat(id || ':' || version || ':' || start_byte || ':' || type || ':' || verdict"
			   " || ':' || ifnull(rater_verdict, '-'), ';') FROM (SELECT * FROM claim_checks"
			   " WHERE summary_id = %lld ORDER BY id)";
	tu_sql_exec(f->db, "UPDATE claim_checks SET rater = 'ann', rater_verdict = 'supported',"
			   " rated = '2026-12-01T10:00:00Z' WHERE type = 'category'");
	q_text(f, dump, f->s1, before, sizeof before);
	assert_int_equal(store_checks_put(f->st, f->s1, 1, TEXT, strlen(TEXT), &r), STORE_OK);
	assert_int_equal(store_checks_put(f->st, f->s1, 1, TEXT, strlen(TEXT), &r), STORE_OK);
	q_text(f, dump, f->s1, after, sizeof after);
	assert_string_equal(before, after);
	assert_non_null(strstr(after, "category:contradicted:supported"));
	assert_int_equal(q_int(f, "SELECT count(*) FROM claim_checks WHERE summary_id = %lld", f->s1), 4);
	assert_int_equal(q_int(f, "SELECT count(*) FROM summary_checks WHERE summary_id = %lld", f->s1), 1);
}

static void test_new_version_replaces(void **state)
{
	fx *f = *state;
	gv_claim c[4];
	claims_result r = v1(c);
	assert_int_equal(store_checks_put(f->st, f->s1, 1, TEXT, strlen(TEXT), &r), STORE_OK);
	/* Another summary's verdicts are not touched. */
	claims_result r3 = {NULL, 0, 0, 1};
	assert_int_equal(store_checks_put(f->st, f->s3, 1, "No flags.", 9, &r3), STORE_OK);
	tu_sql_exec(f->db, "UPDATE claim_checks SET rater = 'ann', rater_verdict = 'supported',"
			   " rated = '2026-12-01T10:00:00Z' WHERE type = 'category'");
	int64_t cat_id = q_int(f, "SELECT id FROM claim_checks WHERE summary_id = %lld AND type = 'category'", f->s1);
	/* Version 2 finds the category (now supported) and a z, and no longer the value, the
	 * percentile or the advice. */
	gv_claim d[2];
	d[0] = mk("z -1.9", CLAIM_Z, CLAIM_SUPPORTED, "z -1.9", "z -1.92");
	d[1] = mk("obesity", CLAIM_CATEGORY, CLAIM_SUPPORTED, "obesity", "");
	claims_result r2 = {d, 2, 0, 1};
	assert_int_equal(store_checks_put(f->st, f->s1, 2, TEXT, strlen(TEXT), &r2), STORE_OK);
	assert_int_equal(q_int(f, "SELECT count(*) FROM claim_checks WHERE summary_id = %lld", f->s1), 2);
	assert_int_equal(q_int(f, "SELECT count(*) FROM claim_checks WHERE summary_id = %lld AND version = 2", f->s1), 2);
	seen s = {0};
	assert_int_equal(store_checks_each(f->st, f->s1, collect, &s, NULL), STORE_OK);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.line[0], "v2 32-38 z -1.9|z|z -1.9|z -1.92|supported|NULL|-|NULL|NULL|NULL");
	assert_string_equal(s.line[1], "v2 41-48 obesity|category|obesity|NULL|supported|NULL|-|NULL|NULL|supported");
	assert_int_equal(q_int(f, "SELECT id FROM claim_checks WHERE summary_id = %lld AND type = 'category'", f->s1),
			 cat_id);
	int ver = 0;
	char *om = NULL;
	assert_int_equal(store_checks_get(f->st, f->s1, &ver, &om), STORE_OK);
	assert_int_equal(ver, 2);
	assert_string_equal(om, "[]");
	free(om);
	assert_int_equal(q_int(f, "SELECT claims * 100 + contradicted FROM summary_checks WHERE summary_id = %lld", f->s1),
			 200);
	assert_int_equal(q_int(f, "SELECT version FROM summary_checks WHERE summary_id = %lld", f->s3), 1);
}

static void test_failure_keeps_previous(void **state)
{
	fx *f = *state;
	gv_claim c[4];
	claims_result r = v1(c);
	assert_int_equal(store_checks_put(f->st, f->s1, 1, TEXT, strlen(TEXT), &r), STORE_OK);
	const char *dump = "SELECT group_concat(id || ':' || version || ':' || start_byte || ':' || type || ':' || verdict,"
			   " ';') FROM (SELECT * FROM claim_checks WHERE summary_id = %lld ORDER BY id)";
	char before[4096], after[4096];
	q_text(f, dump, f->s1, before, sizeof before);
	/* The second row of version 2 fails: the first was written in the same transaction. */
	tu_sql_exec(f->db, "CREATE TRIGGER inject BEFORE INSERT ON claim_checks WHEN NEW.version = 2 AND"
			   " (SELECT count(*) FROM claim_checks WHERE summary_id = NEW.summary_id AND version = 2) >= 1"
			   " BEGIN SELECT RAISE(ABORT, 'injected failure'); END;");
	gv_claim d[3];
	d[0] = mk("z -1.9", CLAIM_Z, CLAIM_SUPPORTED, "z -1.9", "z -1.92");
	d[1] = mk("12 months", CLAIM_AGE, CLAIM_SUPPORTED, "12 months", "12.0 months");
	d[2] = mk("Weight", CLAIM_VALUE, CLAIM_UNVERIFIABLE, "weight", "");
	/* in text order */
	gv_claim sorted[3] = {d[2], d[1], d[0]};
	claims_result r2 = {sorted, 3, 0, 1};
	store_rc rc = store_checks_put(f->st, f->s1, 2, TEXT, strlen(TEXT), &r2);
	assert_int_not_equal(rc, STORE_OK);
	assert_non_null(strstr(store_errmsg(f->st), "injected failure"));
	q_text(f, dump, f->s1, after, sizeof after);
	assert_string_equal(before, after);
	assert_int_equal(q_int(f, "SELECT version FROM summary_checks WHERE summary_id = %lld", f->s1), 1);
	assert_int_equal(q_int(f, "SELECT count(*) FROM claim_checks WHERE version = 2 AND summary_id = %lld", f->s1), 0);
	/* The store goes on working after the failure. */
	tu_sql_exec(f->db, "DROP TRIGGER inject");
	assert_int_equal(store_checks_put(f->st, f->s1, 2, TEXT, strlen(TEXT), &r2), STORE_OK);
	assert_int_equal(q_int(f, "SELECT count(*) FROM claim_checks WHERE summary_id = %lld", f->s1), 3);
}

static void test_refused(void **state)
{
	fx *f = *state;
	gv_claim c[4];
	claims_result r = v1(c);
	assert_int_equal(store_checks_put(f->st, 999999, 1, TEXT, strlen(TEXT), &r), STORE_NOTFOUND);
	/* A claim past the end of the text. */
	assert_int_equal(store_checks_put(f->st, f->s1, 1, TEXT, 20, &r), STORE_INVALID);
	assert_int_equal(store_checks_put(f->st, f->s1, 0, TEXT, strlen(TEXT), &r), STORE_INVALID);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM claim_checks"), 0);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM summary_checks"), 0);
	/* Read-only. */
	gv_store *ro = NULL;
	char err[512];
	assert_int_equal(store_open(f->db, STORE_OPEN_READONLY, &ro, err, sizeof err), STORE_OK);
	assert_int_equal(store_checks_put(ro, f->s1, 1, TEXT, strlen(TEXT), &r), STORE_READONLY);
	store_close(ro);
	/* A rater's verdict comes with its rater and time. */
	assert_int_equal(store_checks_put(f->st, f->s1, 1, TEXT, strlen(TEXT), &r), STORE_OK);
	sqlite3 *h = NULL;
	assert_int_equal(sqlite3_open(f->db, &h), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(h, "UPDATE claim_checks SET rater_verdict = 'supported'", NULL, NULL, NULL),
			     SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(h, "UPDATE claim_checks SET rater = 'a', rater_verdict = 'maybe', rated = 'x'",
					  NULL, NULL, NULL),
			     SQLITE_OK);
	sqlite3_close(h);
}

/* The walk of `check --all`: (patient, id) order, one at a time, writes allowed between. */
typedef struct walk {
	int64_t id, pid;
	char sid[64];
} walk;

static int take(void *ctx, const store_summary *s)
{
	walk *w = ctx;
	w->id = s->id;
	w->pid = s->patient_id;
	snprintf(w->sid, sizeof w->sid, "%s", s->summary_id);
	return 0;
}

static void test_walk(void **state)
{
	fx *f = *state;
	char order[256] = "";
	walk w = {0, 0, ""};
	int64_t ap = 0, aid = 0;
	store_rc r;
	claims_result none = {NULL, 0, 0, 1};
	while ((r = store_summary_next(f->st, 0, ap, aid, take, &w, NULL)) == STORE_OK) {
		strcat(order, w.sid);
		strcat(order, " ");
		ap = w.pid;
		aid = w.id;
		assert_int_equal(store_checks_put(f->st, w.id, 1, "x", 1, &none), STORE_OK);
	}
	assert_int_equal(r, STORE_NOTFOUND);
	/* P2 was inserted first: its summary comes first. */
	assert_string_equal(order, "ext-b ext-a ext-c ");
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM summary_checks"), 3);
	order[0] = '\0';
	aid = 0;
	while (store_summary_next(f->st, f->pid, 0, aid, take, &w, NULL) == STORE_OK) {
		strcat(order, w.sid);
		strcat(order, " ");
		aid = w.id;
	}
	assert_string_equal(order, "ext-a ext-c ");
	assert_int_equal(store_summary_get(f->st, "ext-c", take, &w, NULL), STORE_OK);
	assert_int_equal(w.id, f->s3);
	assert_int_equal(store_summary_get(f->st, "nope", take, &w, NULL), STORE_NOTFOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_same_version_idempotent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_new_version_replaces, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failure_keeps_previous, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_walk, setup, teardown),
	};
	return cmocka_run_group_tests_name("app_checks", tests, NULL, NULL);
}
