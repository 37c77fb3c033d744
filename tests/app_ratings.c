/* app_ratings.c — the rating work in the store (app/store/ratings.c, schema version 7): raters
 * (names, roles, duplicates refused), a queue built from a fixture store with core/queue.h and
 * written (hand-checked assignment properties), the autosave and resume round trip across closing
 * and reopening the store (the draft keeps the focused field), one audit row per value change and
 * none per focus move, submit refused with the missing fields named, skip, reopen, a closed queue
 * refusing every change, gold accuracy, adjudication of two raters who disagree, the rater's
 * verdict on a claim, the upgrade of a version 6 file, and a failure injected (a trigger) after the
 * first write of every multi-row write leaving the store as it was. */
#include "tests/tu_store.h"

#include "app/store.h"
#include "core/age.h"
#include "core/baseline.h"
#include "core/queue.h"

#define NCHILD 6

typedef struct fx {
	char dir[512], db[600];
	gv_store *st;
	int64_t pid[NCHILD];
	int64_t m1[NCHILD], m2[NCHILD], base[NCHILD], var[NCHILD];
	store_rater ann, cli, adj;
} fx;

static int64_t add_summary(fx *f, int64_t pid, const char *model, const char *backend, const char *planted,
			   const char *text)
{
	store_summary s;
	store_summary_init(&s);
	s.patient_id = pid;
	s.model = model;
	s.backend = backend;
	s.audience = "clinician";
	s.template_id = "growth-summary";
	s.template_version = 1;
	s.planted = planted;
	s.text = text;
	s.text_len = strlen(text);
	char sid[160];
	assert_int_equal(store_summary_put(f->st, &s, NULL, sid, sizeof sid), STORE_OK);
	char q[256];
	snprintf(q, sizeof q, "SELECT id FROM summaries WHERE summary_id = '%s'", sid);
	return tu_sql_int(f->db, q);
}

static void open_store(fx *f)
{
	char err[512];
	if (store_open(f->db, 0, &f->st, err, sizeof err) != STORE_OK)
		fail_msg("store_open: %s", err);
}

static int setup(void **state)
{
	fx *f = calloc(1, sizeof *f);
	tu_tmpdir(f->dir, sizeof f->dir);
	snprintf(f->db, sizeof f->db, "%s/gv.db", f->dir);
	open_store(f);
	for (int i = 0; i < NCHILD; i++) {
		gv_patient p;
		record_patient_init(&p);
		snprintf(p.ext_id, sizeof p.ext_id, "P%d", i + 1);
		p.sex = i % 2 ? GV_MALE : GV_FEMALE;
		p.birth_date = age_days_from_civil(2020, 1, 1 + i);
		assert_int_equal(store_patient_insert(f->st, &p, NULL, "test", "tester"), STORE_OK);
		f->pid[i] = p.id;
		char t[64];
		snprintf(t, sizeof t, "Child %d: m1 text.", i + 1);
		f->m1[i] = add_summary(f, p.id, "m1", STORE_BACKEND_IMPORTED, NULL, t);
		snprintf(t, sizeof t, "Child %d: m2 text.", i + 1);
		f->m2[i] = add_summary(f, p.id, "m2", STORE_BACKEND_IMPORTED, NULL, t);
		snprintf(t, sizeof t, "Child %d: baseline.", i + 1);
		f->base[i] = add_summary(f, p.id, BASELINE_MODEL, STORE_BACKEND_BASELINE, NULL, t);
		snprintf(t, sizeof t, "Child %d: variant.", i + 1);
		f->var[i] = add_summary(f, p.id, "demo-variant-1", STORE_BACKEND_SYNTHETIC,
					i % 2 ? "[{\"kind\":\"unit_error\"},{\"kind\":\"wrong_trend\"}]"
					      : "[{\"kind\":\"wrong_percentile_or_z\"}]",
					t);
	}
	assert_int_equal(store_rater_add(f->st, "ann", STORE_ROLE_ANNOTATOR, &f->ann), STORE_OK);
	assert_int_equal(store_rater_add(f->st, "dr who", STORE_ROLE_CLINICIAN, &f->cli), STORE_OK);
	assert_int_equal(store_rater_add(f->st, "judge", STORE_ROLE_ADJUDICATOR, &f->adj), STORE_OK);
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

/* Build and write a queue over every child for raters r[0..nr) with m1,m2. */
static int64_t build(fx *f, const int64_t *r, size_t nr, double overlap, double gold, size_t per_rater, uint64_t seed,
		     queue_plan *keep)
{
	const char *models[] = {"m1", "m2"};
	store_queue_input in;
	assert_int_equal(store_queue_summaries(f->st, models, 2, 0, NULL, 0, &in), STORE_OK);
	uint64_t seeds[8];
	for (size_t i = 0; i < nr; i++)
		seeds[i] = queue_rater_seed(seed, i);
	queue_options o = {models, 2, nr, seeds, overlap, gold, per_rater, seed};
	queue_plan p;
	assert_int_equal(queue_build(in.s, in.n, &o, &p), GV_OK);
	store_queue_spec q = {NULL, "m1,m2", seed, "{\"overlap\":0.5}", r, seeds, nr};
	int64_t id = 0;
	assert_int_equal(store_queue_create(f->st, &q, &p, &id), STORE_OK);
	if (keep) {
		*keep = p;
		/* the plan points into in's strings: copy nothing, the tests only read counts and ids */
		for (size_t i = 0; i < keep->nitems; i++)
			keep->items[i].model1 = keep->items[i].model2 = NULL;
	} else {
		queue_plan_free(&p);
	}
	store_queue_input_free(&in);
	return id;
}

/* Every axis of both sides = score, harm none, and the choice. */
static void complete(rating *r, int score, rubric_choice choice)
{
	rating_change ch;
	for (int s = 0; s < 2; s++) {
		for (int a = 0; a < RUBRIC_NAXES; a++)
			assert_int_not_equal(rating_set(r, s, (rating_field)a, score, &ch), RATING_EINVAL);
		rating_set(r, s, RATING_F_HARM, RUBRIC_HARM_NONE, &ch);
	}
	rating_set(r, 0, RATING_F_CHOICE, (int32_t)choice, &ch);
}

/* ------------------------------------------------------------------ raters */

static void test_raters(void **state)
{
	fx *f = *state;
	store_rater r;
	assert_int_equal(store_rater_add(f->st, "ann", STORE_ROLE_CLINICIAN, &r), STORE_DUP);
	assert_non_null(strstr(store_errmsg(f->st), "a rater called 'ann' exists (annotator"));
	assert_int_equal(store_rater_add(f->st, "", STORE_ROLE_CLINICIAN, NULL), STORE_INVALID);
	assert_int_equal(store_rater_add(f->st, "a,b", STORE_ROLE_CLINICIAN, NULL), STORE_INVALID);
	assert_non_null(strstr(store_errmsg(f->st), "comma"));
	assert_int_equal(store_rater_add(f->st, " lead", STORE_ROLE_CLINICIAN, NULL), STORE_INVALID);
	assert_int_equal(store_rater_add(f->st, "tab\there", STORE_ROLE_CLINICIAN, NULL), STORE_INVALID);
	assert_int_equal(store_rater_add(f->st, "bad\xff", STORE_ROLE_CLINICIAN, NULL), STORE_INVALID);
	assert_int_equal(store_rater_add(f->st, "x", STORE_NROLES, NULL), STORE_INVALID);
	/* 64 bytes is the most; 65 refused */
	char n64[66];
	memset(n64, 'n', 64);
	n64[64] = '\0';
	assert_int_equal(store_rater_add(f->st, n64, STORE_ROLE_ANNOTATOR, NULL), STORE_OK);
	n64[64] = 'n';
	n64[65] = '\0';
	assert_int_equal(store_rater_add(f->st, n64, STORE_ROLE_ANNOTATOR, NULL), STORE_INVALID);
	assert_int_equal(store_rater_add(f->st, "Zoë Ärzt", STORE_ROLE_CLINICIAN, NULL), STORE_OK);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM raters"), 5);
	store_rater *all;
	size_t n;
	assert_int_equal(store_rater_list(f->st, &all, &n), STORE_OK);
	assert_int_equal(n, 5);
	assert_string_equal(all[0].name, "Zoë Ärzt");
	assert_string_equal(all[1].name, "ann");
	assert_int_equal(all[1].role, STORE_ROLE_ANNOTATOR);
	assert_string_equal(all[2].name, "dr who");
	assert_string_equal(all[3].name, "judge");
	assert_int_equal(all[3].role, STORE_ROLE_ADJUDICATOR);
	assert_int_equal(strlen(all[1].created), 20);
	free(all);
	assert_int_equal(store_rater_get(f->st, "nobody", &r), STORE_NOTFOUND);
	assert_int_equal(store_rater_get(f->st, "dr who", &r), STORE_OK);
	assert_int_equal(r.id, f->cli.id);
	assert_int_equal(store_role_parse("adjudicator"), STORE_ROLE_ADJUDICATOR);
	assert_int_equal(store_role_parse("Adjudicator"), STORE_NROLES);
	assert_string_equal(store_role_name(STORE_ROLE_CLINICIAN), "clinician");
	/* the table refuses another role even written by hand */
	sqlite3 *h;
	assert_int_equal(sqlite3_open(f->db, &h), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(h, "INSERT INTO raters(name, role, created) VALUES('z', 'boss', 'x')", NULL, NULL,
					  NULL),
			     SQLITE_OK);
	sqlite3_close(h);
}

/* ------------------------------------------------------------------ the queue */

static void test_summaries_input(void **state)
{
	fx *f = *state;
	const char *models[] = {"m1", "m2"};
	store_queue_input in;
	assert_int_equal(store_queue_summaries(f->st, models, 2, 0, NULL, 0, &in), STORE_OK);
	assert_int_equal(in.n, 4 * NCHILD);
	/* by patient, then id: m1, m2, baseline, variant of P1 first */
	assert_int_equal(in.s[0].id, f->m1[0]);
	assert_string_equal(in.s[0].model, "m1");
	assert_string_equal(in.s[0].audience, "clinician");
	assert_string_equal(in.s[0].template_id, "growth-summary/1");
	assert_int_equal(in.s[0].planted, 0);
	assert_int_equal(in.s[3].id, f->var[0]);
	assert_int_equal(in.s[3].planted, 1u << VARIANTS_WRONG_PERCENTILE_OR_Z);
	assert_int_equal(in.s[7].planted, (1u << VARIANTS_UNIT_ERROR) | (1u << VARIANTS_WRONG_TREND));
	/* 5 distinct strings: m1, clinician, growth-summary/1, m2, baseline, demo-variant-1 = 6 */
	assert_int_equal(in.nstrs, 6);
	store_queue_input_free(&in);
	/* only two children */
	int64_t two[] = {f->pid[1], f->pid[4]};
	assert_int_equal(store_queue_summaries(f->st, models, 2, 0, two, 2, &in), STORE_OK);
	assert_int_equal(in.n, 8);
	assert_int_equal(in.s[0].child, f->pid[1]);
	assert_int_equal(in.s[7].child, f->pid[4]);
	store_queue_input_free(&in);
	/* flagged: none of them has a cached flag */
	assert_int_equal(store_queue_summaries(f->st, models, 2, 1, NULL, 0, &in), STORE_OK);
	assert_int_equal(in.n, 0);
	store_queue_input_free(&in);
	tu_sql_exec(f->db, "UPDATE patients SET flag_count = 2 WHERE ext_id = 'P3'");
	assert_int_equal(store_queue_summaries(f->st, models, 2, 1, NULL, 0, &in), STORE_OK);
	assert_int_equal(in.n, 4);
	assert_int_equal(in.s[0].child, f->pid[2]);
	store_queue_input_free(&in);
	/* a model nobody wrote: only baseline and variants */
	const char *other[] = {"x\"y"};
	assert_int_equal(store_queue_summaries(f->st, other, 1, 0, NULL, 0, &in), STORE_OK);
	assert_int_equal(in.n, 2 * NCHILD);
	store_queue_input_free(&in);
}

static void test_queue_build(void **state)
{
	fx *f = *state;
	int64_t r[] = {f->ann.id, f->cli.id};
	queue_plan p;
	/* 6 ordinary candidates (m1 vs m2 per child), 6 gold (baseline vs variant); all of them, half
	 * of the ordinary ones to both raters, a third of each queue gold */
	int64_t q = build(f, r, 2, 0.5, 0.25, 0, 7, &p);
	assert_true(q > 0);
	assert_int_equal(p.ncandidates, 6);
	assert_int_equal(p.ngold_candidates, 6);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM queue_items"), (long long)p.na);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM queue_raters"), 2);
	/* positions 1..k per rater, no gaps */
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM (SELECT rater, count(*) c, min(position) lo, max(position) hi"
					   " FROM queue_items GROUP BY rater) WHERE lo <> 1 OR hi <> c"),
			 0);
	/* both summaries of an item are the same child's, never the same one */
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM queue_items qi JOIN summaries a ON a.id = qi.summary_left"
					   " JOIN summaries b ON b.id = qi.summary_right"
					   " WHERE a.patient_id <> qi.patient OR b.patient_id <> qi.patient"),
			 0);
	/* gold items: the baseline against the variant, expecting what was planted; ordinary: m1 vs m2 */
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM queue_items qi JOIN summaries a ON a.id = qi.summary_left"
					   " JOIN summaries b ON b.id = qi.summary_right WHERE qi.gold = 1 AND NOT"
					   " ((a.model = 'baseline' AND b.model = 'demo-variant-1' AND qi.swapped = 0) OR"
					   "  (b.model = 'baseline' AND a.model = 'demo-variant-1' AND qi.swapped = 1))"),
			 0);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM queue_items qi JOIN summaries a ON a.id = qi.summary_left"
					   " JOIN summaries b ON b.id = qi.summary_right WHERE qi.gold = 0 AND NOT"
					   " ((a.model = 'm1' AND b.model = 'm2' AND qi.swapped = 0) OR"
					   "  (b.model = 'm1' AND a.model = 'm2' AND qi.swapped = 1))"),
			 0);
	char q1[600];
	snprintf(q1, sizeof q1,
		 "SELECT count(*) FROM queue_items qi JOIN summaries v ON v.id IN (qi.summary_left, qi.summary_right)"
		 " AND v.model = 'demo-variant-1' WHERE qi.gold = 1 AND qi.gold_expect <> CASE WHEN v.patient_id IN (%lld, %lld, %lld)"
		 " THEN %u ELSE %u END",
		 (long long)f->pid[1], (long long)f->pid[3], (long long)f->pid[5],
		 (1u << VARIANTS_UNIT_ERROR) | (1u << VARIANTS_WRONG_TREND), 1u << VARIANTS_WRONG_PERCENTILE_OR_Z);
	assert_int_equal(tu_sql_int(f->db, q1), 0);
	assert_true(tu_sql_int(f->db, "SELECT count(*) FROM queue_items WHERE gold = 1") > 0);
	/* an item given to two raters: two rows of one group, two different raters */
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM (SELECT overlap_group FROM queue_items WHERE gold = 0"
					   " GROUP BY overlap_group HAVING count(*) = 2 AND count(DISTINCT rater) = 2)"),
			 (long long)p.ndouble);
	assert_int_equal(p.ndouble, 3); /* half of the 6 ordinary items */
	/* each rater: m1 on the left in exactly half of its ordinary items (even counts) */
	int64_t lefts[2] = {
		tu_sql_int(f->db, "SELECT count(*) FROM queue_items WHERE gold = 0 AND swapped = 0 AND rater = (SELECT id FROM raters WHERE name = 'ann')"),
		tu_sql_int(f->db, "SELECT count(*) FROM queue_items WHERE gold = 0 AND rater = (SELECT id FROM raters WHERE name = 'ann')")};
	assert_true(lefts[1] > 0);
	assert_true(lefts[0] * 2 == lefts[1] || lefts[0] * 2 == lefts[1] + 1 || lefts[0] * 2 + 1 == lefts[1]);
	/* the listing matches the plan's order for the first rater */
	store_rate_item *it;
	size_t n;
	store_rate_progress pr;
	assert_int_equal(store_rater_items(f->st, f->ann.id, 0, &it, &n, &pr), STORE_OK);
	size_t k = 0;
	for (size_t i = 0; i < p.na; i++) {
		if (p.a[i].rater != 0)
			continue;
		assert_true(k < n);
		assert_int_equal(it[k].position, (long)p.a[i].pos + 1);
		assert_int_equal(it[k].left, p.a[i].left);
		assert_int_equal(it[k].right, p.a[i].right);
		assert_int_equal(it[k].swapped, p.a[i].swapped);
		assert_int_equal(it[k].gold, p.items[p.a[i].item].gold);
		assert_int_equal(it[k].group, (int64_t)p.a[i].item + 1);
		assert_int_equal(it[k].queue, q);
		assert_int_equal(it[k].started, 0);
		k++;
	}
	assert_int_equal(k, n);
	assert_int_equal(pr.total, (long)n);
	assert_int_equal(pr.submitted + pr.skipped + pr.draft, 0);
	free(it);
	queue_plan_free(&p);
	/* the queue */
	store_queue sq;
	assert_int_equal(store_queue_get(f->st, NULL, &sq), STORE_OK);
	assert_int_equal(sq.id, q);
	assert_string_equal(sq.name, "queue-1");
	assert_string_equal(sq.models, "m1,m2");
	assert_int_equal(sq.seed, 7);
	assert_string_equal(sq.closed, "");
	assert_int_equal(store_queue_get(f->st, "queue-1", &sq), STORE_OK);
	assert_int_equal(store_queue_get(f->st, "#1", &sq), STORE_OK);
	assert_int_equal(store_queue_get(f->st, "1", &sq), STORE_OK);
	assert_int_equal(store_queue_get(f->st, "queue-2", &sq), STORE_NOTFOUND);
	/* the same seed again: the same items in a second queue */
	int64_t q2 = build(f, r, 2, 0.5, 0.25, 0, 7, NULL);
	assert_int_equal(q2, q + 1);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM queue_items a JOIN queue_items b ON b.queue = 2 AND a.queue = 1"
					   " AND a.rater = b.rater AND a.position = b.position AND a.summary_left = b.summary_left"
					   " AND a.summary_right = b.summary_right"),
			 tu_sql_int(f->db, "SELECT count(*) FROM queue_items WHERE queue = 1"));
}

static void test_queue_refused(void **state)
{
	fx *f = *state;
	int64_t r[] = {f->ann.id};
	uint64_t seeds[] = {1};
	queue_plan empty;
	memset(&empty, 0, sizeof empty);
	store_queue_spec q = {NULL, "m1,m2", 1, "{}", r, seeds, 1};
	assert_int_equal(store_queue_create(f->st, &q, &empty, NULL), STORE_INVALID);
	assert_non_null(strstr(store_errmsg(f->st), "no items"));
	/* an unknown rater */
	queue_item item = {f->pid[0], f->m1[0], f->m2[0], "m1", "m2", 0, 0, 1};
	queue_assignment a = {0, 0, 0, f->m1[0], f->m2[0], 0};
	queue_plan p = {&item, 1, &a, 1, 1, 0, 1, 0};
	int64_t ghost[] = {999};
	store_queue_spec qg = {NULL, "m1,m2", 1, "{}", ghost, seeds, 1};
	assert_int_equal(store_queue_create(f->st, &qg, &p, NULL), STORE_NOTFOUND);
	/* bad JSON: the CHECK refuses, nothing written */
	store_queue_spec qj = {NULL, "m1,m2", 1, "{oops", r, seeds, 1};
	assert_int_equal(store_queue_create(f->st, &qj, &p, NULL), STORE_ERROR);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM queues"), 0);
	/* a name taken */
	store_queue_spec qn = {"mine", "m1,m2", 1, "{}", r, seeds, 1};
	assert_int_equal(store_queue_create(f->st, &qn, &p, NULL), STORE_OK);
	assert_int_equal(store_queue_create(f->st, &qn, &p, NULL), STORE_DUP);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM queues"), 1);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM queue_items"), 1);
}

/* ------------------------------------------------------------------ rating, autosave, resume */

static int count_audit(void *ctx, const char *at, const char *rater, const char *change)
{
	(void)at;
	char *buf = ctx;
	size_t len = strlen(buf);
	snprintf(buf + len, 1024 - len, "%s: %s\n", rater, change);
	return 0;
}

static void test_save_resume(void **state)
{
	fx *f = *state;
	int64_t r[] = {f->ann.id};
	build(f, r, 1, 0, 0, 3, 11, NULL);
	int64_t item;
	assert_int_equal(store_rater_next(f->st, f->ann.id, &item), STORE_OK);
	store_rate_item *its;
	size_t n;
	assert_int_equal(store_rater_items(f->st, f->ann.id, 0, &its, &n, NULL), STORE_OK);
	assert_int_equal(n, 3);
	assert_int_equal(item, its[0].item); /* nothing started: the first */
	int64_t second = its[1].item;
	free(its);
	/* open the second item, not the first: a rater may move around */
	store_rate_view v;
	rating rt;
	rating_init(&rt);
	assert_int_equal(store_rating_load(f->st, f->ann.id, second, &v, &rt), STORE_OK);
	assert_int_equal(v.it.position, 2);
	assert_non_null(strstr(v.text[0], ": m"));
	assert_true(strcmp(v.model[0], "m1") == 0 || strcmp(v.model[0], "m2") == 0);
	assert_string_not_equal(v.model[0], v.model[1]);
	assert_string_equal(v.model[v.it.swapped], "m1");
	assert_int_equal(strncmp(v.summary_id[0], "s-", 2), 0);
	assert_int_equal(rt.status, RATING_DRAFT);
	assert_int_equal(rt.side[0].axis[0], RATING_UNSET);
	/* keys: 4 (A correctness, moves on), 5, Tab (focus only), 2, u(ndo) */
	rating_change ch;
	assert_int_equal(rating_digit(&rt, 4, &ch), RATING_OK);
	assert_int_equal(store_rating_save(f->st, f->ann.id, second, &rt, &ch), STORE_OK);
	assert_int_equal(rating_digit(&rt, 5, &ch), RATING_OK);
	assert_int_equal(store_rating_save(f->st, f->ann.id, second, &rt, &ch), STORE_OK);
	assert_int_equal(rating_move_focus(&rt, RATING_NEXT, &ch), RATING_OK);
	assert_int_equal(ch.what, RATING_CH_FOCUS);
	assert_int_equal(store_rating_save(f->st, f->ann.id, second, &rt, &ch), STORE_OK);
	assert_int_equal(rating_digit(&rt, 2, &ch), RATING_OK);
	assert_int_equal(store_rating_save(f->st, f->ann.id, second, &rt, &ch), STORE_OK);
	assert_int_equal(rating_undo(&rt, &ch), RATING_OK);
	assert_int_equal(store_rating_save(f->st, f->ann.id, second, &rt, &ch), STORE_OK);
	rt.active_ms = 4321;
	assert_int_equal(rating_move_focus(&rt, RATING_RIGHT, &ch), RATING_OK);
	assert_int_equal(store_rating_save(f->st, f->ann.id, second, &rt, &ch), STORE_OK);
	char *want = rating_format_dup(&rt);
	rating_free(&rt);
	store_rate_view_free(&v);
	/* four value changes: four audit rows, exact lines; focus moves none */
	char lines[1024] = "";
	assert_int_equal(store_rating_audit_each(f->st, second, count_audit, lines), STORE_OK);
	assert_string_equal(lines, "ann: a.correctness: - -> 4\n"
				   "ann: a.completeness: - -> 5\n"
				   "ann: a.clarity: - -> 2\n"
				   "ann: a.clarity: 2 -> -\n");
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM rating_audit"), 4);
	/* close the store (the terminal killed) and open it again */
	store_close(f->st);
	f->st = NULL;
	open_store(f);
	assert_int_equal(store_rater_next(f->st, f->ann.id, &item), STORE_OK);
	assert_int_equal(item, second); /* the draft changed last, not the first unfinished */
	rating_init(&rt);
	assert_int_equal(store_rating_load(f->st, f->ann.id, item, &v, &rt), STORE_OK);
	char *got = rating_format_dup(&rt);
	assert_string_equal(got, want);
	assert_int_equal(rt.focus_side, 1); /* the draft keeps the focused field: B ... */
	assert_int_equal(rt.focus_field, RATING_F_CLARITY); /* ... clarity (undo refocused A clarity, then right) */
	assert_int_equal(rt.active_ms, 4321);
	assert_int_equal(rt.side[0].axis[RUBRIC_CORRECTNESS], 4);
	assert_int_equal(rt.side[0].axis[RUBRIC_COMPLETENESS], 5);
	assert_int_equal(rt.side[0].axis[RUBRIC_CLARITY], RATING_UNSET);
	assert_int_equal(v.it.started, 1);
	assert_int_equal(v.it.active_ms, 4321);
	free(got);
	free(want);
	/* the columns copy the draft */
	char status[32];
	tu_sql_text(f->db, "SELECT status || '|' || flagged || '|' || rubric_version || '|' || active_ms FROM ratings", status,
		    sizeof status);
	assert_string_equal(status, "draft|0|1|4321");
	/* not the rater's item */
	store_rate_view v2;
	rating r2;
	rating_init(&r2);
	assert_int_equal(store_rating_load(f->st, f->cli.id, item, &v2, &r2), STORE_NOTFOUND);
	assert_int_equal(store_rating_save(f->st, f->cli.id, item, &rt, &ch), STORE_NOTFOUND);
	rating_free(&r2);
	/* a damaged draft is reported with the reason, the view still loaded */
	store_rate_view_free(&v);
	tu_sql_exec(f->db, "UPDATE ratings SET draft = replace(draft, 'a.correctness=4', 'a.correctness=7')");
	assert_int_equal(store_rating_load(f->st, f->ann.id, item, &v, &rt), STORE_CONFLICT);
	assert_non_null(strstr(store_errmsg(f->st), "is damaged"));
	assert_non_null(v.text[0]);
	store_rate_view_free(&v);
	rating_free(&rt);
}

static void test_submit_skip_close(void **state)
{
	fx *f = *state;
	int64_t r[] = {f->ann.id};
	int64_t q = build(f, r, 1, 0, 0, 3, 5, NULL);
	store_rate_item *its;
	size_t n;
	assert_int_equal(store_rater_items(f->st, f->ann.id, q, &its, &n, NULL), STORE_OK);
	assert_int_equal(n, 3);
	int64_t i1 = its[0].item, i2 = its[1].item, i3 = its[2].item;
	free(its);
	rating rt;
	rating_init(&rt);
	rating_change ch;
	/* incomplete: refused, the missing fields named, nothing written */
	rating_digit(&rt, 3, &ch);
	assert_int_equal(store_rating_save(f->st, f->ann.id, i1, &rt, &ch), STORE_OK);
	assert_int_equal(store_rating_submit(f->st, f->ann.id, i1, &rt), STORE_INVALID);
	assert_string_equal(store_errmsg(f->st), "submit rating: missing A completeness, A conciseness, A clarity, A harm, "
						 "A likelihood, B correctness, B completeness, B conciseness, B clarity, "
						 "B harm, B likelihood, choice");
	assert_int_equal(rt.status, RATING_DRAFT);
	complete(&rt, 4, RUBRIC_A_BETTER);
	assert_int_equal(store_rating_save(f->st, f->ann.id, i1, &rt, NULL), STORE_OK);
	assert_int_equal(store_rating_submit(f->st, f->ann.id, i1, &rt), STORE_OK);
	assert_int_equal(rt.status, RATING_SUBMITTED);
	char row[64];
	tu_sql_text(f->db, "SELECT status || '|' || (submitted IS NOT NULL) FROM ratings", row, sizeof row);
	assert_string_equal(row, "submitted|1");
	/* skip needs a reason */
	rating r2;
	rating_init(&r2);
	assert_int_equal(store_rating_skip(f->st, f->ann.id, i2, &r2, "  "), STORE_INVALID);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM ratings"), 1);
	assert_int_equal(store_rating_skip(f->st, f->ann.id, i2, &r2, "summary B is empty"), STORE_OK);
	tu_sql_text(f->db, "SELECT skip_reason FROM ratings WHERE status = 'skipped'", row, sizeof row);
	assert_string_equal(row, "summary B is empty");
	store_rate_progress pr;
	assert_int_equal(store_rater_items(f->st, f->ann.id, 0, &its, &n, &pr), STORE_OK);
	free(its);
	assert_int_equal(pr.total, 3);
	assert_int_equal(pr.submitted, 1);
	assert_int_equal(pr.skipped, 1);
	assert_int_equal(pr.draft, 0);
	int64_t next;
	assert_int_equal(store_rater_next(f->st, f->ann.id, &next), STORE_OK);
	assert_int_equal(next, i3);
	/* the running median's input: the submitted one */
	rt.active_ms = 0;
	rating_median m;
	rating_median_init(&m);
	assert_int_equal(store_rater_median(f->st, f->ann.id, &m), STORE_OK);
	assert_int_equal(m.n, 1);
	rating_median_free(&m);
	/* reopen a submitted rating, change it, submit again: audited */
	assert_int_equal(store_rating_reopen(f->st, f->ann.id, i1, &rt), STORE_OK);
	assert_int_equal(rt.status, RATING_DRAFT);
	assert_int_equal(rating_set(&rt, 1, RATING_F_CLARITY, 2, &ch), RATING_OK);
	assert_int_equal(store_rating_save(f->st, f->ann.id, i1, &rt, &ch), STORE_OK);
	assert_int_equal(store_rating_submit(f->st, f->ann.id, i1, &rt), STORE_OK);
	char lines[1024] = "";
	assert_int_equal(store_rating_audit_each(f->st, i1, count_audit, lines), STORE_OK);
	assert_non_null(strstr(lines, "ann: status: draft -> submitted\nann: status: submitted -> draft\n"
				      "ann: b.clarity: 4 -> 2\nann: status: draft -> submitted\n"));
	/* close the queue: nothing changes any more */
	assert_int_equal(store_queue_close(f->st, q), STORE_OK);
	assert_int_equal(store_queue_close(f->st, q), STORE_CONFLICT);
	char before[4096];
	tu_sql_text(f->db, "SELECT group_concat(item || status || draft, '~') FROM ratings", before, sizeof before);
	long long audits = tu_sql_int(f->db, "SELECT count(*) FROM rating_audit");
	assert_int_equal(store_rating_reopen(f->st, f->ann.id, i1, &rt), STORE_CONFLICT);
	assert_non_null(strstr(store_errmsg(f->st), "is closed"));
	assert_int_equal(rt.status, RATING_SUBMITTED);
	assert_int_equal(rating_toggle_flag(&rt, &ch), RATING_OK);
	assert_int_equal(store_rating_save(f->st, f->ann.id, i1, &rt, &ch), STORE_CONFLICT);
	rating r3;
	rating_init(&r3);
	rating_digit(&r3, 2, &ch);
	assert_int_equal(store_rating_save(f->st, f->ann.id, i3, &r3, &ch), STORE_CONFLICT);
	complete(&r3, 3, RUBRIC_TIE);
	assert_int_equal(store_rating_submit(f->st, f->ann.id, i3, &r3), STORE_CONFLICT);
	assert_int_equal(r3.status, RATING_DRAFT);
	char after[4096];
	tu_sql_text(f->db, "SELECT group_concat(item || status || draft, '~') FROM ratings", after, sizeof after);
	assert_string_equal(before, after);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM rating_audit"), audits);
	/* a closed queue's items are not listed for rating, nor resumed */
	assert_int_equal(store_rater_items(f->st, f->ann.id, 0, &its, &n, &pr), STORE_OK);
	assert_int_equal(n, 0);
	free(its);
	assert_int_equal(store_rater_next(f->st, f->ann.id, &next), STORE_NOTFOUND);
	/* but can be read */
	assert_int_equal(store_rater_items(f->st, f->ann.id, q, &its, &n, &pr), STORE_OK);
	assert_int_equal(n, 3);
	assert_int_equal(its[0].closed, 1);
	free(its);
	rating_free(&rt);
	rating_free(&r2);
	rating_free(&r3);
	/* the audit trail cannot be changed */
	sqlite3 *h;
	assert_int_equal(sqlite3_open(f->db, &h), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(h, "DELETE FROM rating_audit", NULL, NULL, NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(h, "UPDATE rating_audit SET change = 'x'", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
}

/* ------------------------------------------------------------------ gold and adjudication */

static void test_gold(void **state)
{
	fx *f = *state;
	int64_t r[] = {f->ann.id};
	/* gold 0.5 of 4: two gold items */
	int64_t q = build(f, r, 1, 0, 0.5, 4, 3, NULL);
	store_rate_item *its;
	size_t n;
	assert_int_equal(store_rater_items(f->st, f->ann.id, q, &its, &n, NULL), STORE_OK);
	assert_int_equal(n, 4);
	int ngold = 0;
	for (size_t i = 0; i < n; i++) {
		if (!its[i].gold)
			continue;
		rating rt;
		rating_init(&rt);
		/* the first gold item: the baseline preferred and every planted tag caught on the
		 * variant's side; the second: the variant preferred, nothing tagged */
		int variant_side = its[i].swapped ? 0 : 1;
		complete(&rt, 3, ngold == 0 ? (variant_side ? RUBRIC_A_BETTER : RUBRIC_B_BETTER)
					    : (variant_side ? RUBRIC_B_MUCH_BETTER : RUBRIC_A_MUCH_BETTER));
		rating_change ch;
		if (ngold == 0)
			rating_set(&rt, variant_side, RATING_F_TAGS, (int32_t)rubric_tags_of_kinds(its[i].planted), &ch);
		assert_int_equal(store_rating_save(f->st, f->ann.id, its[i].item, &rt, NULL), STORE_OK);
		assert_int_equal(store_rating_submit(f->st, f->ann.id, its[i].item, &rt), STORE_OK);
		rating_free(&rt);
		ngold++;
	}
	assert_int_equal(ngold, 2);
	unsigned planted_total = 0, planted_first = 0;
	for (size_t i = 0, g = 0; i < n; i++)
		if (its[i].gold) {
			unsigned k = (unsigned)__builtin_popcount(its[i].planted);
			planted_total += k;
			if (g++ == 0)
				planted_first = k;
		}
	free(its);
	store_queue_rater_status *qs;
	size_t nq;
	long pending;
	assert_int_equal(store_queue_status(f->st, q, &qs, &nq, &pending), STORE_OK);
	assert_int_equal(nq, 1);
	assert_string_equal(qs[0].name, "ann");
	assert_int_equal(qs[0].assigned, 4);
	assert_int_equal(qs[0].submitted, 2);
	assert_int_equal(qs[0].gold.items, 2);
	assert_int_equal(qs[0].gold.planted, planted_total);
	assert_int_equal(qs[0].gold.caught, planted_first);
	assert_int_equal(qs[0].gold.choice_right, 1);
	assert_int_equal(pending, 0);
	free(qs);
}

/* Both raters rate every shared item: x prefers summary 1, y summary 2 (whatever side they saw). */
static void test_adjudication(void **state)
{
	fx *f = *state;
	int64_t r[] = {f->ann.id, f->cli.id};
	int64_t q = build(f, r, 2, 1.0, 0, 0, 9, NULL);
	/* the shared items */
	long long shared = tu_sql_int(f->db, "SELECT count(*) FROM (SELECT overlap_group FROM queue_items GROUP BY overlap_group"
					     " HAVING count(*) = 2)");
	assert_int_equal(shared, 6);
	store_rate_item *a, *b;
	size_t na, nb;
	assert_int_equal(store_rater_items(f->st, f->ann.id, q, &a, &na, NULL), STORE_OK);
	assert_int_equal(store_rater_items(f->st, f->cli.id, q, &b, &nb, NULL), STORE_OK);
	assert_int_equal(na, 6);
	assert_int_equal(nb, 6);
	int64_t first_group = 0;
	for (size_t i = 0; i < na; i++) {
		rating x;
		rating_init(&x);
		/* ann prefers summary 1 everywhere; the clinician agrees but on ann's first item */
		complete(&x, 4, a[i].swapped ? RUBRIC_B_BETTER : RUBRIC_A_BETTER);
		assert_int_equal(store_rating_save(f->st, f->ann.id, a[i].item, &x, NULL), STORE_OK);
		assert_int_equal(store_rating_submit(f->st, f->ann.id, a[i].item, &x), STORE_OK);
		rating_free(&x);
		if (i == 0)
			first_group = a[i].group;
	}
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM adjudications"), 0); /* one rating per item so far */
	for (size_t i = 0; i < nb; i++) {
		rating y;
		rating_init(&y);
		int s1_wins = b[i].group != first_group;
		complete(&y, 4, s1_wins ? (b[i].swapped ? RUBRIC_B_BETTER : RUBRIC_A_BETTER)
					: (b[i].swapped ? RUBRIC_A_MUCH_BETTER : RUBRIC_B_MUCH_BETTER));
		assert_int_equal(store_rating_save(f->st, f->cli.id, b[i].item, &y, NULL), STORE_OK);
		assert_int_equal(store_rating_submit(f->st, f->cli.id, b[i].item, &y), STORE_OK);
		rating_free(&y);
	}
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM adjudications"), 1);
	store_adjudication *adj;
	size_t nadj;
	assert_int_equal(store_adjudications(f->st, q, 1, &adj, &nadj), STORE_OK);
	assert_int_equal(nadj, 1);
	assert_int_equal(adj[0].group, first_group);
	assert_string_equal(adj[0].reason, "choice: s1 better vs s2 much better");
	int64_t adj_id = adj[0].id;
	free(adj);
	store_queue_rater_status *qs;
	size_t nq;
	long pending;
	assert_int_equal(store_queue_status(f->st, q, &qs, &nq, &pending), STORE_OK);
	assert_int_equal(pending, 1);
	assert_int_equal(nq, 2);
	assert_string_equal(qs[0].name, "ann");
	assert_int_equal(qs[0].adjudication, 1);
	assert_int_equal(qs[1].adjudication, 1);
	assert_int_equal(qs[1].submitted, 6);
	free(qs);
	/* the clinician reopens and agrees: the entry goes away */
	size_t k = 0;
	while (b[k].group != first_group)
		k++;
	rating y;
	rating_init(&y);
	store_rate_view v;
	assert_int_equal(store_rating_load(f->st, f->cli.id, b[k].item, &v, &y), STORE_OK);
	store_rate_view_free(&v);
	assert_int_equal(store_rating_reopen(f->st, f->cli.id, b[k].item, &y), STORE_OK);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM adjudications"), 1); /* still waiting */
	rating_change ch;
	rating_set(&y, 0, RATING_F_CHOICE, b[k].swapped ? RUBRIC_B_BETTER : RUBRIC_A_BETTER, &ch);
	assert_int_equal(store_rating_submit(f->st, f->cli.id, b[k].item, &y), STORE_OK);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM adjudications"), 0);
	/* and disagrees again, now on an axis two apart */
	assert_int_equal(store_rating_reopen(f->st, f->cli.id, b[k].item, &y), STORE_OK);
	rating_set(&y, b[k].swapped, RATING_F_CORRECTNESS, 2, &ch);
	assert_int_equal(store_rating_submit(f->st, f->cli.id, b[k].item, &y), STORE_OK);
	rating_free(&y);
	assert_int_equal(store_adjudications(f->st, q, 1, &adj, &nadj), STORE_OK);
	assert_int_equal(nadj, 1);
	assert_string_equal(adj[0].reason, "s1 correctness 4 vs 2");
	adj_id = adj[0].id;
	free(adj);
	/* resolved by an adjudicator only, once */
	rating res;
	rating_init(&res);
	complete(&res, 3, RUBRIC_TIE);
	assert_int_equal(store_adjudication_resolve(f->st, adj_id, f->adj.id, &res), STORE_INVALID); /* a draft */
	assert_int_equal(rating_submit(&res, &ch), RATING_OK);
	assert_int_equal(store_adjudication_resolve(f->st, adj_id, f->ann.id, &res), STORE_INVALID);
	assert_non_null(strstr(store_errmsg(f->st), "ann is a annotator, not an adjudicator"));
	assert_int_equal(store_adjudication_resolve(f->st, adj_id, f->adj.id, &res), STORE_OK);
	assert_int_equal(store_adjudication_resolve(f->st, adj_id, f->adj.id, &res), STORE_CONFLICT);
	assert_int_equal(store_adjudication_resolve(f->st, 999, f->adj.id, &res), STORE_NOTFOUND);
	rating_free(&res);
	assert_int_equal(store_adjudications(f->st, q, 1, &adj, &nadj), STORE_OK);
	assert_int_equal(nadj, 0);
	free(adj);
	assert_int_equal(store_adjudications(f->st, 0, 0, &adj, &nadj), STORE_OK);
	assert_int_equal(nadj, 1);
	assert_int_equal(adj[0].resolved_by, f->adj.id);
	free(adj);
	/* the raters' own ratings are kept beside it */
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM ratings WHERE status = 'submitted'"), 12);
	free(a);
	free(b);
}

/* ------------------------------------------------------------------ the adjudicator's work */

/* A trigger that fails the insert into tbl (every multi-row write's second write). */
static void inject(fx *f, const char *name, const char *when)
{
	char sql[512];
	snprintf(sql, sizeof sql, "CREATE TRIGGER %s %s BEGIN SELECT RAISE(ABORT, 'injected failure'); END;", name, when);
	tu_sql_exec(f->db, sql);
}

static void uninject(fx *f, const char *name)
{
	char sql[128];
	snprintf(sql, sizeof sql, "DROP TRIGGER %s", name);
	tu_sql_exec(f->db, sql);
}

static void snapshot(fx *f, char *out, size_t n)
{
	tu_sql_text(f->db,
		    "SELECT (SELECT count(*) FROM queues) || '|' || (SELECT count(*) FROM queue_raters) || '|' ||"
		    " (SELECT count(*) FROM queue_items) || '|' || (SELECT ifnull(group_concat(item || status || draft, '~'), '')"
		    " FROM ratings) || '|' || (SELECT count(*) FROM rating_audit) || '|' || (SELECT count(*) FROM adjudications)"
		    " || '|' || (SELECT count(*) FROM raters) || '|' || (SELECT ifnull(group_concat(id || ifnull(resolved_by, '-')"
		    " || ifnull(resolution, '-'), '~'), '') FROM adjudications) || '|' || (SELECT ifnull(group_concat(draft, '~'), '')"
		    " FROM adjudication_drafts) || '|' || (SELECT count(*) FROM adjudication_audit)",
		    out, n);
}


typedef struct audit_acc {
	char buf[1024];
} audit_acc;

static int audit_cb(void *ctx, const char *at, const char *rater, const char *change)
{
	audit_acc *a = ctx;
	size_t o = strlen(a->buf);
	assert_int_equal(strlen(at), 20);
	snprintf(a->buf + o, sizeof a->buf - o, "%s%s: %s", o ? "|" : "", rater, change);
	return 0;
}

/* ann prefers summary 1 everywhere; the clinician too but on ann's first item's group, where it is
 * summary 2 "much better" and summary 2's harm severe.  Returns the queue; *g the group. */
static int64_t disagreeing(fx *f, int64_t *g, store_rate_item **pa, store_rate_item **pb)
{
	int64_t r[] = {f->ann.id, f->cli.id};
	int64_t q = build(f, r, 2, 1.0, 0, 0, 9, NULL);
	store_rate_item *a, *b;
	size_t na, nb;
	assert_int_equal(store_rater_items(f->st, f->ann.id, q, &a, &na, NULL), STORE_OK);
	assert_int_equal(store_rater_items(f->st, f->cli.id, q, &b, &nb, NULL), STORE_OK);
	for (size_t i = 0; i < na; i++) {
		rating x;
		rating_init(&x);
		complete(&x, 4, a[i].swapped ? RUBRIC_B_BETTER : RUBRIC_A_BETTER);
		assert_int_equal(store_rating_submit(f->st, f->ann.id, a[i].item, &x), STORE_OK);
		rating_free(&x);
	}
	*g = a[0].group;
	for (size_t i = 0; i < nb; i++) {
		rating y;
		rating_change ch;
		rating_init(&y);
		int dis = b[i].group == *g;
		complete(&y, 4, !dis ? (b[i].swapped ? RUBRIC_B_BETTER : RUBRIC_A_BETTER)
				     : (b[i].swapped ? RUBRIC_A_MUCH_BETTER : RUBRIC_B_MUCH_BETTER));
		if (dis)
			rating_set(&y, !b[i].swapped, RATING_F_HARM, RUBRIC_HARM_SEVERE, &ch);
		if (dis)
			rating_set(&y, !b[i].swapped, RATING_F_LIKELIHOOD, RUBRIC_LIKELY_LOW, &ch);
		assert_int_equal(store_rating_submit(f->st, f->cli.id, b[i].item, &y), STORE_OK);
		rating_free(&y);
	}
	*pa = a;
	*pb = b;
	return q;
}

static int64_t pending_one(fx *f, int64_t q)
{
	store_adjudication *adj;
	size_t nadj;
	assert_int_equal(store_adjudications(f->st, q, 1, &adj, &nadj), STORE_OK);
	assert_int_equal(nadj, 1);
	int64_t id = adj[0].id;
	free(adj);
	return id;
}

static void test_adjudicator_work(void **state)
{
	fx *f = *state;
	int64_t g;
	store_rate_item *a, *b;
	int64_t q = disagreeing(f, &g, &a, &b);
	int64_t id = pending_one(f, q);
	store_adj_view v;
	rating mine;
	rating_init(&mine);
	assert_int_equal(store_adjudication_load(f->st, id, f->adj.id, &v, &mine), STORE_OK);
	assert_string_equal(v.a.reason, "choice: s1 better vs s2 much better; s2 harm none vs severe");
	/* both raters, their ratings turned to the item's order: ann chose summary 1, the clinician 2 */
	int k = strcmp(v.by[0].name, "ann") == 0 ? 0 : 1;
	assert_string_equal(v.by[k].name, "ann");
	assert_string_equal(v.by[!k].name, "dr who");
	assert_int_equal(v.by[!k].role, STORE_ROLE_CLINICIAN);
	assert_true(v.by[0].ok && v.by[1].ok);
	assert_string_equal(v.by[k].status, "submitted");
	assert_int_equal(v.by[k].r.choice, RUBRIC_A_BETTER);
	assert_int_equal(v.by[!k].r.choice, RUBRIC_B_MUCH_BETTER);
	assert_int_equal(v.by[!k].r.side[1].harm, RUBRIC_HARM_SEVERE);
	assert_int_equal(v.by[k].r.side[1].harm, RUBRIC_HARM_NONE);
	assert_int_equal(queue_disagree_at(&v.by[0].r, &v.by[1].r, 0, RATING_F_CHOICE), QUEUE_DIS_CHOICE);
	assert_int_equal(queue_disagree_at(&v.by[0].r, &v.by[1].r, 1, RATING_F_HARM), QUEUE_DIS_HARM);
	assert_int_equal(queue_disagree_at(&v.by[0].r, &v.by[1].r, 0, RATING_F_HARM), 0);
	assert_int_equal(queue_disagree_at(&v.by[0].r, &v.by[1].r, 0, RATING_F_CORRECTNESS), 0);
	/* summary 1 and 2 of the item, whatever each rater saw on the left */
	size_t i = 0;
	while (a[i].group != g)
		i++;
	assert_int_equal(v.summary[0], a[i].swapped ? a[i].right : a[i].left);
	assert_int_equal(v.summary[1], a[i].swapped ? a[i].left : a[i].right);
	assert_int_equal(v.patient, a[i].patient);
	assert_non_null(strstr(v.text[0], "text."));
	assert_int_equal(v.closed, 0);
	assert_string_equal(v.resolver, "");
	store_adj_view_free(&v);
	assert_int_equal(mine.status, RATING_DRAFT);
	assert_int_equal(mine.side[0].axis[0], RATING_UNSET);
	/* the autosave: only an adjudicator; a value change is audited, a focus move is not */
	rating_change ch;
	assert_int_equal(rating_digit(&mine, 3, &ch), RATING_OK);
	assert_int_equal(store_adjudication_save(f->st, id, f->ann.id, &mine, &ch), STORE_INVALID);
	assert_int_equal(store_adjudication_save(f->st, id, f->adj.id, &mine, &ch), STORE_OK);
	assert_int_equal(rating_move_focus(&mine, RATING_NEXT, &ch), RATING_OK);
	assert_int_equal(store_adjudication_save(f->st, id, f->adj.id, &mine, &ch), STORE_OK);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM adjudication_drafts"), 1);
	audit_acc au = {""};
	assert_int_equal(store_adjudication_audit_each(f->st, id, audit_cb, &au), STORE_OK);
	assert_string_equal(au.buf, "judge: a.correctness: - -> 3");
	/* resumed after closing the store: the value and the field */
	store_close(f->st);
	open_store(f);
	assert_int_equal(store_adjudication_load(f->st, id, f->adj.id, &v, &mine), STORE_OK);
	store_adj_view_free(&v);
	assert_int_equal(mine.side[0].axis[0], 3);
	assert_int_equal(mine.focus_field, RATING_F_CONCISENESS);
	/* another adjudicator's draft is their own */
	store_rater adj2;
	assert_int_equal(store_rater_add(f->st, "judge 2", STORE_ROLE_ADJUDICATOR, &adj2), STORE_OK);
	rating other;
	rating_init(&other);
	assert_int_equal(store_adjudication_load(f->st, id, adj2.id, &v, &other), STORE_OK);
	store_adj_view_free(&v);
	assert_int_equal(other.side[0].axis[0], RATING_UNSET);
	rating_free(&other);
	/* the raters come to agree: the entry and its drafts go, the audit stays with the group; they
	 * disagree again: a new entry, the judge starts afresh and sees the old trail */
	size_t j = 0;
	while (b[j].group != g)
		j++;
	rating y;
	rating_init(&y);
	store_rate_view rv;
	assert_int_equal(store_rating_load(f->st, f->cli.id, b[j].item, &rv, &y), STORE_OK);
	store_rate_view_free(&rv);
	assert_int_equal(store_rating_reopen(f->st, f->cli.id, b[j].item, &y), STORE_OK);
	rating_set(&y, 0, RATING_F_CHOICE, b[j].swapped ? RUBRIC_B_BETTER : RUBRIC_A_BETTER, &ch);
	rating_set(&y, !b[j].swapped, RATING_F_HARM, RUBRIC_HARM_NONE, &ch);
	assert_int_equal(store_rating_submit(f->st, f->cli.id, b[j].item, &y), STORE_OK);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM adjudications"), 0);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM adjudication_drafts"), 0);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM adjudication_audit"), 1);
	assert_int_equal(store_rating_reopen(f->st, f->cli.id, b[j].item, &y), STORE_OK);
	rating_set(&y, b[j].swapped, RATING_F_CORRECTNESS, 1, &ch);
	assert_int_equal(store_rating_submit(f->st, f->cli.id, b[j].item, &y), STORE_OK);
	rating_free(&y);
	id = pending_one(f, q);
	assert_int_equal(store_adjudication_load(f->st, id, f->adj.id, &v, &mine), STORE_OK);
	assert_string_equal(v.a.reason, "s1 correctness 4 vs 1");
	store_adj_view_free(&v);
	assert_int_equal(mine.side[0].axis[0], RATING_UNSET);
	au.buf[0] = '\0';
	assert_int_equal(store_adjudication_audit_each(f->st, id, audit_cb, &au), STORE_OK);
	assert_string_equal(au.buf, "judge: a.correctness: - -> 3");
	/* resolve: a draft is refused; the submitted answer is stored beside the raters' */
	complete(&mine, 3, RUBRIC_TIE);
	assert_int_equal(store_adjudication_resolve(f->st, id, f->adj.id, &mine), STORE_INVALID);
	assert_int_equal(store_adjudication_save(f->st, id, f->adj.id, &mine, NULL), STORE_OK);
	static char before[16384], after[16384];
	snapshot(f, before, sizeof before);
	inject(f, "inj", "BEFORE INSERT ON adjudication_audit");
	assert_int_equal(rating_submit(&mine, &ch), RATING_OK);
	assert_int_equal(store_adjudication_resolve(f->st, id, f->adj.id, &mine), STORE_ERROR);
	snapshot(f, after, sizeof after);
	assert_string_equal(before, after); /* the resolution written, its audit row failed: pending */
	uninject(f, "inj");
	assert_int_equal(store_adjudication_resolve(f->st, id, f->adj.id, &mine), STORE_OK);
	assert_int_equal(store_adjudication_save(f->st, id, f->adj.id, &mine, NULL), STORE_INVALID); /* not a draft */
	rating d;
	rating_init(&d);
	assert_int_equal(store_adjudication_save(f->st, id, f->adj.id, &d, NULL), STORE_CONFLICT);
	assert_int_equal(store_adjudication_load(f->st, id, adj2.id, &v, &d), STORE_OK);
	assert_string_equal(v.resolver, "judge");
	store_adj_view_free(&v);
	assert_int_equal(d.status, RATING_SUBMITTED); /* everyone sees the resolution */
	assert_int_equal(d.choice, RUBRIC_TIE);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM ratings WHERE status = 'submitted'"), 12);
	/* reopened by an adjudicator only; the audit line of each status change */
	assert_int_equal(store_adjudication_reopen(f->st, id, f->ann.id, &d), STORE_INVALID);
	snapshot(f, before, sizeof before);
	inject(f, "inj", "BEFORE INSERT ON adjudication_audit");
	assert_int_equal(store_adjudication_reopen(f->st, id, adj2.id, &d), STORE_ERROR);
	snapshot(f, after, sizeof after);
	assert_string_equal(before, after);
	assert_int_equal(d.status, RATING_SUBMITTED);
	uninject(f, "inj");
	assert_int_equal(store_adjudication_reopen(f->st, id, adj2.id, &d), STORE_OK);
	assert_int_equal(d.status, RATING_DRAFT);
	assert_int_equal(d.choice, RUBRIC_TIE);
	assert_int_equal(store_adjudication_reopen(f->st, id, adj2.id, &d), STORE_CONFLICT);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM adjudications WHERE resolved_by IS NULL"), 1);
	au.buf[0] = '\0';
	assert_int_equal(store_adjudication_audit_each(f->st, id, audit_cb, &au), STORE_OK);
	assert_string_equal(au.buf, "judge: a.correctness: - -> 3|judge: status: draft -> submitted|judge 2: status: submitted -> draft");
	/* a closed queue: nothing changes */
	assert_int_equal(store_queue_close(f->st, q), STORE_OK);
	assert_int_equal(store_adjudication_save(f->st, id, adj2.id, &d, NULL), STORE_CONFLICT);
	assert_int_equal(rating_submit(&d, &ch), RATING_OK);
	assert_int_equal(store_adjudication_resolve(f->st, id, adj2.id, &d), STORE_CONFLICT);
	assert_int_equal(store_adjudication_load(f->st, 999, f->adj.id, &v, &d), STORE_NOTFOUND);
	/* the append-only log */
	sqlite3 *h;
	assert_int_equal(sqlite3_open(f->db, &h), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(h, "DELETE FROM adjudication_audit", NULL, NULL, NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(h, "UPDATE adjudication_audit SET change = 'x'", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	rating_free(&d);
	rating_free(&mine);
	free(a);
	free(b);
}

/* ------------------------------------------------------------------ claims, upgrade */

static void test_claim_verdict(void **state)
{
	fx *f = *state;
	char sql[512];
	snprintf(sql, sizeof sql,
		 "INSERT INTO claim_checks(summary_id, version, start_byte, end_byte, type, quote, stated, verdict)"
		 " VALUES(%lld, 1, 0, 5, 'value', 'Child', '1', 'supported')",
		 (long long)f->m1[0]);
	tu_sql_exec(f->db, sql);
	int64_t id = tu_sql_int(f->db, "SELECT id FROM claim_checks");
	assert_int_equal(store_claim_rater_verdict(f->st, id, "ann", "contradicted"), STORE_OK);
	char row[128];
	tu_sql_text(f->db, "SELECT rater || '|' || rater_verdict || '|' || length(rated) FROM claim_checks", row, sizeof row);
	assert_string_equal(row, "ann|contradicted|20");
	assert_int_equal(store_claim_rater_verdict(f->st, id, "ann", "maybe"), STORE_INVALID);
	assert_int_equal(store_claim_rater_verdict(f->st, id + 1, "ann", "supported"), STORE_NOTFOUND);
	assert_int_equal(store_claim_rater_verdict(f->st, id, NULL, NULL), STORE_OK);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM claim_checks WHERE rater IS NULL AND rated IS NULL"), 1);
}

/* A version 6 file with a reserved rating: upgraded, the rating kept in ratings_v2. */
static void test_upgrade(void **state)
{
	fx *f = *state;
	int64_t rid;
	assert_int_equal(store_rating_add(f->st, f->m1[0], f->m2[0], "old", "{\"accuracy\": 4}", "kept", &rid), STORE_OK);
	store_close(f->st);
	f->st = NULL;
	/* back to version 6 by hand: the new tables dropped, the old one renamed back */
	tu_sql_exec(f->db, "DROP TABLE adjudication_audit; DROP TABLE adjudication_drafts;"
			   " DROP TABLE adjudications; DROP TABLE rating_audit; DROP TABLE ratings; DROP TABLE queue_items;"
			   " DROP TABLE queue_raters; DROP TABLE queues; DROP TABLE raters;"
			   " ALTER TABLE ratings_v2 RENAME TO ratings; PRAGMA user_version = 6;");
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM ratings WHERE comment = 'kept'"), 1);
	open_store(f);
	assert_int_equal(store_schema_version(f->st), STORE_SCHEMA_VERSION);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM ratings_v2 WHERE comment = 'kept'"), 1);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM raters"), 0);
	assert_int_equal(store_rater_add(f->st, "ann", STORE_ROLE_ANNOTATOR, NULL), STORE_OK);
	/* the reserved rating can still be undone (its audit rows name table ratings) */
	assert_int_equal(store_undo(f->st, "old", NULL, 0, NULL), STORE_OK);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM ratings_v2"), 0);
	/* same schema as a new file */
	char fresh[700];
	snprintf(fresh, sizeof fresh, "%s/fresh.db", f->dir);
	gv_store *st2;
	char err[256];
	assert_int_equal(store_open(fresh, 0, &st2, err, sizeof err), STORE_OK);
	store_close(st2);
	char a[16384], b[16384];
	const char *q = "SELECT group_concat(type || ' ' || name || ': ' || ifnull(sql, ''), char(10)) FROM"
			" (SELECT * FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name)";
	tu_sql_text(f->db, q, a, sizeof a);
	tu_sql_text(fresh, q, b, sizeof b);
	assert_string_equal(a, b);
	char ic[16];
	tu_sql_text(f->db, "PRAGMA integrity_check", ic, sizeof ic);
	assert_string_equal(ic, "ok");
	/* version 7 -> 8: the adjudicator's tables are added, and a re-run of migration 8 on a file
	 * that has them changes nothing */
	store_close(f->st);
	f->st = NULL;
	tu_sql_exec(f->db, "DROP TABLE adjudication_audit; DROP TABLE adjudication_drafts; PRAGMA user_version = 7;");
	open_store(f);
	assert_int_equal(store_schema_version(f->st), 8);
	tu_sql_text(f->db, q, a, sizeof a);
	assert_string_equal(a, b);
	store_close(f->st);
	f->st = NULL;
	tu_sql_exec(f->db, "PRAGMA user_version = 7;");
	open_store(f);
	tu_sql_text(f->db, q, a, sizeof a);
	assert_string_equal(a, b);
}

/* ------------------------------------------------------------------ failure injection */

static void test_failures(void **state)
{
	fx *f = *state;
	static char before[16384], after[16384];
	int64_t r[] = {f->ann.id, f->cli.id};
	/* queue: queues written, then the raters fail; then the items fail */
	snapshot(f, before, sizeof before);
	inject(f, "inj", "BEFORE INSERT ON queue_raters");
	const char *models[] = {"m1", "m2"};
	store_queue_input in;
	assert_int_equal(store_queue_summaries(f->st, models, 2, 0, NULL, 0, &in), STORE_OK);
	uint64_t seeds[] = {1, 2};
	queue_options o = {models, 2, 2, seeds, 1.0, 0, 0, 4};
	queue_plan p;
	assert_int_equal(queue_build(in.s, in.n, &o, &p), GV_OK);
	store_queue_spec qs = {NULL, "m1,m2", 4, "{}", r, seeds, 2};
	assert_int_equal(store_queue_create(f->st, &qs, &p, NULL), STORE_ERROR);
	assert_non_null(strstr(store_errmsg(f->st), "injected failure"));
	snapshot(f, after, sizeof after);
	assert_string_equal(before, after);
	uninject(f, "inj");
	inject(f, "inj", "BEFORE INSERT ON queue_items WHEN NEW.position = 2");
	assert_int_equal(store_queue_create(f->st, &qs, &p, NULL), STORE_ERROR);
	snapshot(f, after, sizeof after);
	assert_string_equal(before, after);
	uninject(f, "inj");
	int64_t q;
	assert_int_equal(store_queue_create(f->st, &qs, &p, &q), STORE_OK);
	queue_plan_free(&p);
	store_queue_input_free(&in);

	store_rate_item *a, *b;
	size_t na, nb;
	assert_int_equal(store_rater_items(f->st, f->ann.id, q, &a, &na, NULL), STORE_OK);
	assert_int_equal(store_rater_items(f->st, f->cli.id, q, &b, &nb, NULL), STORE_OK);
	/* autosave: the draft row written, the audit row fails: the previous draft stays */
	rating x;
	rating_init(&x);
	rating_change ch;
	rating_digit(&x, 4, &ch);
	assert_int_equal(store_rating_save(f->st, f->ann.id, a[0].item, &x, &ch), STORE_OK);
	snapshot(f, before, sizeof before);
	inject(f, "inj", "BEFORE INSERT ON rating_audit");
	rating_digit(&x, 2, &ch);
	assert_int_equal(store_rating_save(f->st, f->ann.id, a[0].item, &x, &ch), STORE_ERROR);
	snapshot(f, after, sizeof after);
	assert_string_equal(before, after);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM ratings WHERE draft LIKE '%a.completeness=-%'"), 1);
	/* a focus move writes no audit row: it goes through */
	assert_int_equal(rating_move_focus(&x, RATING_PREV, &ch), RATING_OK);
	assert_int_equal(store_rating_save(f->st, f->ann.id, a[0].item, &x, &ch), STORE_OK);
	/* submit: the row written, its audit row fails: still a draft, in the store and in memory */
	complete(&x, 4, RUBRIC_A_MUCH_BETTER);
	uninject(f, "inj");
	assert_int_equal(store_rating_save(f->st, f->ann.id, a[0].item, &x, NULL), STORE_OK);
	inject(f, "inj", "BEFORE INSERT ON rating_audit");
	snapshot(f, before, sizeof before);
	assert_int_equal(store_rating_submit(f->st, f->ann.id, a[0].item, &x), STORE_ERROR);
	assert_int_equal(x.status, RATING_DRAFT);
	assert_int_equal(x.side[0].axis[0], 4);
	snapshot(f, after, sizeof after);
	assert_string_equal(before, after);
	uninject(f, "inj");
	assert_int_equal(store_rating_submit(f->st, f->ann.id, a[0].item, &x), STORE_OK);
	rating_free(&x);
	/* submit that sends to adjudication: the rating and its audit row written, the adjudication
	 * fails: nothing of it stays */
	size_t k = 0;
	while (b[k].group != a[0].group)
		k++;
	rating y;
	rating_init(&y);
	complete(&y, 4, a[0].swapped == b[k].swapped ? RUBRIC_B_MUCH_BETTER : RUBRIC_A_MUCH_BETTER);
	assert_int_equal(store_rating_save(f->st, f->cli.id, b[k].item, &y, NULL), STORE_OK);
	snapshot(f, before, sizeof before);
	inject(f, "inj", "BEFORE INSERT ON adjudications");
	assert_int_equal(store_rating_submit(f->st, f->cli.id, b[k].item, &y), STORE_ERROR);
	assert_int_equal(y.status, RATING_DRAFT);
	snapshot(f, after, sizeof after);
	assert_string_equal(before, after);
	uninject(f, "inj");
	assert_int_equal(store_rating_submit(f->st, f->cli.id, b[k].item, &y), STORE_OK);
	assert_int_equal(tu_sql_int(f->db, "SELECT count(*) FROM adjudications"), 1);
	rating_free(&y);
	free(a);
	free(b);
	/* read-only */
	store_close(f->st);
	char err[256];
	assert_int_equal(store_open(f->db, STORE_OPEN_READONLY, &f->st, err, sizeof err), STORE_OK);
	assert_int_equal(store_rater_add(f->st, "ro", STORE_ROLE_ANNOTATOR, NULL), STORE_READONLY);
	assert_int_equal(store_queue_close(f->st, q), STORE_READONLY);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_raters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_summaries_input, setup, teardown),
		cmocka_unit_test_setup_teardown(test_queue_build, setup, teardown),
		cmocka_unit_test_setup_teardown(test_queue_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_save_resume, setup, teardown),
		cmocka_unit_test_setup_teardown(test_submit_skip_close, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gold, setup, teardown),
		cmocka_unit_test_setup_teardown(test_adjudication, setup, teardown),
		cmocka_unit_test_setup_teardown(test_adjudicator_work, setup, teardown),
		cmocka_unit_test_setup_teardown(test_claim_verdict, setup, teardown),
		cmocka_unit_test_setup_teardown(test_upgrade, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failures, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
