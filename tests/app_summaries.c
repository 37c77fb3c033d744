/* app_summaries.c — the summary store (app/store_summaries.c, schema version 4): every field
 * round-trips, ids are generated or kept, the same summary twice adds nothing, bad summaries are
 * refused before anything is written, rows cannot be edited (trigger), corrections point at the
 * original, self-identifying texts are marked, the resume check, and the legacy store_summary_add. */
#include "tests/tu_store.h"

#include "app/store.h"
#include "core/age.h"

typedef struct fx {
	char dir[512], db[600];
	gv_store *st;
	int64_t pid, pid2;
} fx;

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
	snprintf(p.ext_id, sizeof p.ext_id, "P1");
	p.sex = GV_FEMALE;
	p.birth_date = age_days_from_civil(2020, 1, 1);
	assert_int_equal(store_patient_insert(f->st, &p, NULL, "test", "tester"), STORE_OK);
	f->pid = p.id;
	snprintf(p.ext_id, sizeof p.ext_id, "P2");
	assert_int_equal(store_patient_insert(f->st, &p, NULL, "test", "tester"), STORE_OK);
	f->pid2 = p.id;
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

static store_summary mk(int64_t pid, const char *text)
{
	store_summary s;
	store_summary_init(&s);
	s.patient_id = pid;
	s.model = "local-llama";
	s.backend = STORE_BACKEND_HTTP;
	s.text = text;
	s.text_len = strlen(text);
	return s;
}

/* Collects what store_summary_each gives (copies: the pointers die with the callback). */
typedef struct seen {
	int n;
	char sid[8][130], ext[8][64], text[8][256], audience[8][16], corrects[8][130], self[8][96];
	char all[4096];
	int64_t dur, ptok, ctok;
	int truncated, tv;
} seen;

static int collect(void *ctx, const store_summary *s)
{
	seen *w = ctx;
	if (w->n >= 8)
		return 7;
	snprintf(w->sid[w->n], sizeof w->sid[0], "%s", s->summary_id);
	snprintf(w->ext[w->n], sizeof w->ext[0], "%s", s->patient_ext);
	snprintf(w->text[w->n], sizeof w->text[0], "%.*s", (int)s->text_len, s->text);
	snprintf(w->audience[w->n], sizeof w->audience[0], "%s", s->audience ? s->audience : "(null)");
	snprintf(w->corrects[w->n], sizeof w->corrects[0], "%s", s->corrects ? s->corrects : "(null)");
	snprintf(w->self[w->n], sizeof w->self[0], "%s", s->self_id ? s->self_id : "(null)");
	if (w->n == 0) {
		snprintf(w->all, sizeof w->all, "%s|%s|%s|%s|%s|%s|%s|%s|%d|%s|%s|%s|%s", s->model, s->backend,
			 s->server_model ? s->server_model : "-", s->fingerprint ? s->fingerprint : "-",
			 s->identity ? s->identity : "-", s->params ? s->params : "-", s->template_id ? s->template_id : "-",
			 s->prompt_sha256 ? s->prompt_sha256 : "-", s->template_version, s->created ? s->created : "-",
			 s->finish_reason ? s->finish_reason : "-", s->planted ? s->planted : "-", s->audience ? s->audience : "-");
		w->dur = s->duration_ms;
		w->ptok = s->prompt_tokens;
		w->ctok = s->completion_tokens;
		w->truncated = s->truncated;
	}
	w->n++;
	return 0;
}

static void test_round_trip(void **state)
{
	fx *f = *state;
	store_summary s = mk(f->pid, "Weight-for-age is on the 48th percentile (z -0.04).");
	s.summary_id = "ext-7";
	s.server_model = "llama-3.1-8b-instruct-q4";
	s.fingerprint = "fp_fake_42";
	s.identity = "{\"build_info\":\"b9999\",\"model_path\":\"/m/x.gguf\"}";
	s.params = "{\"temperature\":0.2,\"max_tokens\":600}";
	s.template_id = "growth-summary";
	s.template_version = 1;
	s.audience = "family";
	s.prompt_sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
	s.created = "2026-12-05T10:00:00Z";
	s.duration_ms = 1234;
	s.prompt_tokens = 31;
	s.completion_tokens = 7;
	s.finish_reason = "length";
	s.truncated = 1;
	s.planted = "[{\"kind\":\"unit_error\"}]";
	int added = -1;
	char sid[130];
	store_rc r0 = store_summary_put(f->st, &s, &added, sid, sizeof sid);
	if (r0 != STORE_OK)
		fail_msg("%s", store_errmsg(f->st));
	assert_int_equal(added, 1);
	assert_string_equal(sid, "ext-7");

	/* A generated id: "s-" and 16 lower-case hex digits. */
	store_summary g = mk(f->pid2, "Second child.");
	if (store_summary_put(f->st, &g, &added, sid, sizeof sid) != STORE_OK)
		fail_msg("%s", store_errmsg(f->st));
	assert_int_equal(added, 1);
	assert_int_equal(strlen(sid), 18);
	assert_memory_equal(sid, "s-", 2);
	for (int i = 2; i < 18; i++)
		assert_non_null(strchr("0123456789abcdef", sid[i]));

	seen w = {0};
	int ret = -1;
	assert_int_equal(store_summary_each(f->st, 0, collect, &w, &ret), STORE_OK);
	assert_int_equal(ret, 0);
	assert_int_equal(w.n, 2);
	assert_string_equal(w.sid[0], "ext-7");
	assert_string_equal(w.ext[0], "P1");
	assert_string_equal(w.ext[1], "P2");
	assert_string_equal(w.sid[1], sid);
	assert_string_equal(w.all, "local-llama|http|llama-3.1-8b-instruct-q4|fp_fake_42|"
				   "{\"build_info\":\"b9999\",\"model_path\":\"/m/x.gguf\"}|"
				   "{\"temperature\":0.2,\"max_tokens\":600}|growth-summary|"
				   "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08|1|2026-12-05T10:00:00Z|length|"
				   "[{\"kind\":\"unit_error\"}]|family");
	assert_int_equal(w.dur, 1234);
	assert_int_equal(w.ptok, 31);
	assert_int_equal(w.ctok, 7);
	assert_int_equal(w.truncated, 1);
	assert_string_equal(w.audience[1], "(null)");
	/* One patient only; the callback stops the walk. */
	memset(&w, 0, sizeof w);
	assert_int_equal(store_summary_each(f->st, f->pid2, collect, &w, NULL), STORE_OK);
	assert_int_equal(w.n, 1);
	assert_string_equal(w.text[0], "Second child.");
	long n = 0;
	assert_int_equal(store_summary_count(f->st, 0, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(store_summary_count(f->st, f->pid, &n), STORE_OK);
	assert_int_equal(n, 1);
	/* The prompt id of version 2's column: "template-vN". */
	char t[64];
	tu_sql_text(f->db, "SELECT prompt_id FROM summaries WHERE summary_id = 'ext-7'", t, sizeof t);
	assert_string_equal(t, "growth-summary-v1");
}

static void test_same_id_twice(void **state)
{
	fx *f = *state;
	store_summary s = mk(f->pid, "Growing well.");
	s.summary_id = "a1";
	int added = -1;
	assert_int_equal(store_summary_put(f->st, &s, &added, NULL, 0), STORE_OK);
	assert_int_equal(added, 1);
	s.created = "2030-01-01"; /* the same summary, another stamp: still the same */
	assert_int_equal(store_summary_put(f->st, &s, &added, NULL, 0), STORE_OK);
	assert_int_equal(added, 0);
	store_summary other = mk(f->pid, "Growing badly.");
	other.summary_id = "a1";
	assert_int_equal(store_summary_put(f->st, &other, &added, NULL, 0), STORE_CONFLICT);
	assert_non_null(strstr(store_errmsg(f->st), "a1 is taken"));
	other.text = "Growing well.";
	other.text_len = strlen(other.text);
	other.patient_id = f->pid2; /* same text, another child */
	assert_int_equal(store_summary_put(f->st, &other, &added, NULL, 0), STORE_CONFLICT);
	long n = 0;
	assert_int_equal(store_summary_count(f->st, 0, &n), STORE_OK);
	assert_int_equal(n, 1);
}

static void test_refused(void **state)
{
	fx *f = *state;
	char big[STORE_SUMMARY_TEXT_MAX + 2];
	memset(big, 'a', sizeof big);
	static const struct {
		const char *text;
		size_t len;
		const char *field, *value;
		store_rc rc;
		const char *msg;
	} t[] = {
		{"", 0, NULL, NULL, STORE_INVALID, "empty"},
		{"caf\xe9", 4, NULL, NULL, STORE_INVALID, "UTF-8"},
		{"a\0b", 3, NULL, NULL, STORE_INVALID, "NUL"},
		{NULL, STORE_SUMMARY_TEXT_MAX + 1, NULL, NULL, STORE_INVALID, "longer than 65536"},
		{"ok", 2, "audience", "parents", STORE_INVALID, "audience"},
		{"ok", 2, "sha", "ABCDEF", STORE_INVALID, "prompt_sha256"},
		{"ok", 2, "sha", "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08", STORE_INVALID, "prompt_sha256"},
		{"ok", 2, "sid", "has space", STORE_INVALID, "summary id"},
		{"ok", 2, "sid", "", STORE_INVALID, "summary id"},
		{"ok", 2, "backend", "magic", STORE_INVALID, "backend"},
		{"ok", 2, "params", "{not json", STORE_INVALID, "CHECK"},
		{"ok", 2, "corrects", "nope", STORE_NOTFOUND, "not stored"},
		{"ok", 2, "patient", NULL, STORE_NOTFOUND, "no patient"},
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		store_summary s = mk(f->pid, "x");
		s.text = t[i].text ? t[i].text : big;
		s.text_len = t[i].len;
		if (t[i].field) {
			if (!strcmp(t[i].field, "audience"))
				s.audience = t[i].value;
			else if (!strcmp(t[i].field, "sha"))
				s.prompt_sha256 = t[i].value;
			else if (!strcmp(t[i].field, "sid"))
				s.summary_id = t[i].value;
			else if (!strcmp(t[i].field, "backend"))
				s.backend = t[i].value;
			else if (!strcmp(t[i].field, "params"))
				s.params = t[i].value;
			else if (!strcmp(t[i].field, "corrects"))
				s.corrects = t[i].value;
			else if (!strcmp(t[i].field, "patient"))
				s.patient_id = 999;
		}
		int added = -1;
		store_rc r = store_summary_put(f->st, &s, &added, NULL, 0);
		if (r != t[i].rc || !strstr(store_errmsg(f->st), t[i].msg))
			fail_msg("case %zu: rc %d (want %d), '%s'", i, r, t[i].rc, store_errmsg(f->st));
		assert_int_equal(added, 0);
	}
	/* Exactly the limit is fine. */
	store_summary s = mk(f->pid, "x");
	s.text = big;
	s.text_len = STORE_SUMMARY_TEXT_MAX;
	assert_int_equal(store_summary_put(f->st, &s, NULL, NULL, 0), STORE_OK);
	long n = 0;
	assert_int_equal(store_summary_count(f->st, 0, &n), STORE_OK);
	assert_int_equal(n, 1);
}

/* Raw SQL on another connection: what the trigger says to anyone who tries. */
static int raw_exec(const char *db, const char *sql, char *msg, size_t n)
{
	sqlite3 *h = NULL;
	char *m = NULL;
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	int rc = sqlite3_exec(h, sql, NULL, NULL, &m);
	snprintf(msg, n, "%s", m ? m : "");
	sqlite3_free(m);
	sqlite3_close(h);
	return rc;
}

static void test_never_edited(void **state)
{
	fx *f = *state;
	store_summary s = mk(f->pid, "Weight is on the 3rd percentile.");
	s.summary_id = "orig";
	assert_int_equal(store_summary_put(f->st, &s, NULL, NULL, 0), STORE_OK);
	char msg[256];
	assert_int_not_equal(raw_exec(f->db, "UPDATE summaries SET text = 'Weight is fine.'", msg, sizeof msg), SQLITE_OK);
	assert_non_null(strstr(msg, "never edited"));
	assert_int_not_equal(raw_exec(f->db, "UPDATE summaries SET model = 'other'", msg, sizeof msg), SQLITE_OK);
	char t[128];
	tu_sql_text(f->db, "SELECT text FROM summaries WHERE summary_id = 'orig'", t, sizeof t);
	assert_string_equal(t, "Weight is on the 3rd percentile.");

	/* A correction is a new row that points at the original. */
	store_summary c = mk(f->pid, "Weight is on the 30th percentile.");
	c.summary_id = "fix";
	c.corrects = "orig";
	assert_int_equal(store_summary_put(f->st, &c, NULL, NULL, 0), STORE_OK);
	seen w = {0};
	assert_int_equal(store_summary_each(f->st, f->pid, collect, &w, NULL), STORE_OK);
	assert_int_equal(w.n, 2);
	assert_string_equal(w.corrects[0], "(null)");
	assert_string_equal(w.corrects[1], "orig");
	/* Not across patients. */
	c = mk(f->pid2, "Other child.");
	c.corrects = "orig";
	assert_int_equal(store_summary_put(f->st, &c, NULL, NULL, 0), STORE_INVALID);

	/* The legacy path (store_summary_add) gets an external id from the trigger and is then as
	 * immutable as any. */
	int64_t id = 0;
	assert_int_equal(store_summary_add(f->st, f->pid, "command", "m", "p-v1", "legacy", &id), STORE_OK);
	assert_true(id > 0);
	char q[128];
	snprintf(q, sizeof q, "SELECT summary_id FROM summaries WHERE id = %lld", (long long)id);
	tu_sql_text(f->db, q, t, sizeof t);
	assert_int_equal(strlen(t), 18);
	assert_int_not_equal(raw_exec(f->db, "UPDATE summaries SET text = 'x' WHERE text = 'legacy'", msg, sizeof msg),
			     SQLITE_OK);
}

static void test_self_identifying(void **state)
{
	fx *f = *state;
	store_summary s = mk(f->pid, "As an AI language model developed by OpenAI, I note the weight is low.");
	assert_int_equal(store_summary_put(f->st, &s, NULL, NULL, 0), STORE_OK);
	store_summary s2 = mk(f->pid, "The model of care is shared; weight is low.");
	assert_int_equal(store_summary_put(f->st, &s2, NULL, NULL, 0), STORE_OK);
	seen w = {0};
	assert_int_equal(store_summary_each(f->st, f->pid, collect, &w, NULL), STORE_OK);
	assert_int_equal(w.n, 2);
	assert_string_equal(w.self[0], "As an AI");
	assert_string_equal(w.self[1], "(null)");
}

static void test_done(void **state)
{
	fx *f = *state;
	store_summary s = mk(f->pid, "text");
	s.template_id = "growth-summary";
	s.template_version = 1;
	s.audience = "clinician";
	assert_int_equal(store_summary_put(f->st, &s, NULL, NULL, 0), STORE_OK);
	int done = -1;
	assert_int_equal(store_summary_done(f->st, f->pid, "local-llama", "growth-summary", 1, "clinician", &done), STORE_OK);
	assert_int_equal(done, 1);
	assert_int_equal(store_summary_done(f->st, f->pid, "local-llama", "growth-summary", 1, "family", &done), STORE_OK);
	assert_int_equal(done, 0);
	assert_int_equal(store_summary_done(f->st, f->pid, "local-llama", "growth-summary", 2, "clinician", &done), STORE_OK);
	assert_int_equal(done, 0);
	assert_int_equal(store_summary_done(f->st, f->pid, "other", "growth-summary", 1, "clinician", &done), STORE_OK);
	assert_int_equal(done, 0);
	assert_int_equal(store_summary_done(f->st, f->pid2, "local-llama", "growth-summary", 1, "clinician", &done), STORE_OK);
	assert_int_equal(done, 0);
	assert_int_equal(store_summary_done(f->st, f->pid, "local-llama", "growth-summary", 1, NULL, &done), STORE_OK);
	assert_int_equal(done, 1);
}

/* A batch inside the caller's transaction: rolled back together, committed together. */
static void test_batch(void **state)
{
	fx *f = *state;
	assert_int_equal(store_begin(f->st), STORE_OK);
	store_summary s = mk(f->pid, "one");
	assert_int_equal(store_summary_put(f->st, &s, NULL, NULL, 0), STORE_OK);
	store_rollback(f->st);
	long n = -1;
	assert_int_equal(store_summary_count(f->st, 0, &n), STORE_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_begin(f->st), STORE_OK);
	assert_int_equal(store_summary_put(f->st, &s, NULL, NULL, 0), STORE_OK);
	s.text = "two";
	s.text_len = 3;
	assert_int_equal(store_summary_put(f->st, &s, NULL, NULL, 0), STORE_OK);
	assert_int_equal(store_commit(f->st), STORE_OK);
	assert_int_equal(store_summary_count(f->st, 0, &n), STORE_OK);
	assert_int_equal(n, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_same_id_twice, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_never_edited, setup, teardown),
		cmocka_unit_test_setup_teardown(test_self_identifying, setup, teardown),
		cmocka_unit_test_setup_teardown(test_done, setup, teardown),
		cmocka_unit_test_setup_teardown(test_batch, setup, teardown),
	};
	return cmocka_run_group_tests_name("app_summaries", tests, NULL, NULL);
}
