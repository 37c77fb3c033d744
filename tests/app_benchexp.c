/* app_benchexp.c — the benchmark export's rated pairs (app/benchexp.h) on a store with ratings
 * from several raters: one record per started rating (submitted, draft, skipped), the
 * presentation as the rater saw it (left/right, swapped, the rater's seed, blinded), every rating
 * field with the rater's pseudonym and role and the time on item, the adjudication with the
 * adjudicator's resolution turned to the rater's sides, claim checks with the checker's and the
 * rater's verdicts, names and dates out of comments and corrected summaries; the identified
 * export keeps them.  Also the reference provenance (the digest of refdata/SHA256SUMS lines).
 *
 * `app_benchexp --fixture PATH` only writes the store it tests (tests/sh_benchexp.sh validates
 * its export against the JSON Schema). */
#include "tests/tu_store.h"

#include <cJSON.h>

#include "app/benchexp.h"
#include "app/checker.h"
#include "app/store.h"
#include "app/synthdb.h"
#include "core/age.h"
#include "core/claims.h"
#include "core/prompt.h"
#include "core/queue.h"

#define NCHILD 6

typedef struct fx {
	char dir[512], db[600];
	gv_store *st;
	int64_t pid[NCHILD];
	char first[NCHILD][64];     /* the synthetic child's first name */
	store_rater ann, cli, adj;
	int64_t queue;
	long started, submitted, drafts, skipped;
	int64_t resolved_adj;
} fx;

/* The last run's file (malloc'd) and its length; run()'s options beyond identified. */
static char *last_out;
static size_t last_len;
static int recompute_pairs;

/* Model m2's text has quotes to escape, m1's a backslash (one character to escape each, and no
 * newline: one line of printable ASCII otherwise). */
#define M2_TEXT "Weight-for-age is on the \"97th\" percentile and rising; no flag of concern."
#define M1_TAIL " percentile \\ steady."

static void add_summary(fx *f, int64_t pid, const char *model, const char *text)
{
	store_summary s;
	store_summary_init(&s);
	s.patient_id = pid;
	s.model = model;
	s.backend = STORE_BACKEND_IMPORTED;
	s.audience = "clinician";
	s.template_id = "growth-summary";
	s.template_version = 1;
	s.params = "{\"temperature\":0.2}";
	s.text = text;
	s.text_len = strlen(text);
	if (store_summary_put(f->st, &s, NULL, NULL, 0) != STORE_OK)
		fail_msg("summary_put: %s", store_errmsg(f->st));
}

typedef struct one {
	int64_t id, patient;
	char *text;
	size_t len;
} one;

static int take(void *ctx, const store_summary *s)
{
	one *o = ctx;
	o->id = s->id;
	o->patient = s->patient_id;
	o->text = strndup(s->text, s->text_len);
	o->len = s->text_len;
	return 0;
}

static int first_claim(void *ctx, const store_claim_check *c)
{
	*(int64_t *)ctx = c->id;
	return 1;
}

/* Every summary checked and stored, as `growthview check --all`; the rater ann overrules the
 * first claim of the first summary. */
static void check_all(fx *f)
{
	checker *k = checker_new(f->st, NULL);
	assert_non_null(k);
	one o = {0, 0, NULL, 0};
	int64_t first = 0;
	while (store_summary_next(f->st, 0, o.patient, o.id, take, &o, NULL) == STORE_OK) {
		claims_result r = {0};
		char err[256];
		assert_int_equal(checker_judge(k, o.patient, o.text, o.len, &r, NULL, err, sizeof err), 0);
		assert_int_equal(store_checks_put(f->st, o.id, CLAIMS_VERSION, o.text, o.len, &r), STORE_OK);
		claims_free(&r);
		free(o.text);
		if (!first)
			first = o.id;
	}
	checker_free(k);
	int64_t claim = 0;
	assert_int_equal(store_checks_each(f->st, first, first_claim, &claim, NULL), STORE_OK);
	assert_true(claim > 0);
	assert_int_equal(store_claim_rater_verdict(f->st, claim, "ann", "contradicted"), STORE_OK);
}

static void complete(rating *r, int s0, int s1, rubric_choice choice)
{
	rating_change ch;
	for (int a = 0; a < RUBRIC_NAXES; a++) {
		rating_set(r, 0, (rating_field)a, s0, &ch);
		rating_set(r, 1, (rating_field)a, s1, &ch);
	}
	/* a likelihood set before the harm became none is kept by the rating but means nothing */
	rating_set(r, 0, RATING_F_HARM, RUBRIC_HARM_SEVERE, &ch);
	assert_int_equal(rating_set(r, 0, RATING_F_LIKELIHOOD, RUBRIC_LIKELY_HIGH, &ch), RATING_OK);
	rating_set(r, 0, RATING_F_HARM, RUBRIC_HARM_NONE, &ch);
	assert_int_equal(r->side[0].likelihood, RUBRIC_LIKELY_HIGH);
	rating_set(r, 1, RATING_F_HARM, RUBRIC_HARM_MILD_MODERATE, &ch);
	rating_set(r, 1, RATING_F_LIKELIHOOD, RUBRIC_LIKELY_MEDIUM, &ch);
	rating_toggle_tag(r, 1, RUBRIC_TAG_WRONG_TREND, &ch);
	rating_set(r, 0, RATING_F_CHOICE, (int32_t)choice, &ch);
}

/* Build the store at f->db: 6 synthetic children, two summaries each (m1 names the child and a
 * date), claim checks of every summary, raters ann (annotator) and dr who (clinician) given every
 * pair (overlap 1), judge (adjudicator). ann submits all with A better, a comment naming the child
 * and a date and, on the first, a corrected summary; dr who submits all but two with B much better
 * (so every item he submits is adjudicated), leaves one draft and skips one; judge resolves the
 * first adjudication. */
static void build(fx *f)
{
	char err[512];
	if (store_open(f->db, 0, &f->st, err, sizeof err) != STORE_OK)
		fail_msg("store_open: %s", err);
	synthdb_counts sc;
	if (synthdb_fill(f->st, 7, NCHILD, age_days_from_civil(2026, 11, 25), "test", 0, &sc, err, sizeof err) != 0)
		fail_msg("synthdb_fill: %s", err);
	for (int i = 0; i < NCHILD; i++) {
		f->pid[i] = i + 1;
		gv_patient p;
		assert_int_equal(store_patient_get(f->st, f->pid[i], &p), STORE_OK);
		snprintf(f->first[i], sizeof f->first[i], "%.*s", (int)strcspn(p.name, " "), p.name);
		/* a visit with more decimals than the synthetic ones (written back exactly) */
		gv_child c;
		assert_int_equal(store_child_load(f->st, p.id, &c), STORE_OK);
		gv_visit v = c.v[c.nv - 1];
		v.date += 30;
		v.time_min = 615;
		v.weight_kg = isnan(v.weight_kg) ? 12.34567 : v.weight_kg + 0.012345;
		v.height_cm = isnan(v.height_cm) ? 88.1234 : v.height_cm + 0.0123;
		assert_int_equal(store_visit_insert(f->st, p.id, &v, "test", "tester"), STORE_OK);
		store_child_free(&c);
		char t[256];
		snprintf(t, sizeof t, "%s was weighed on 2024-03-01; weight-for-age is on the 50th" M1_TAIL, f->first[i]);
		add_summary(f, p.id, "m1", t);
		add_summary(f, p.id, "m2", M2_TEXT);
	}
	check_all(f);
	assert_int_equal(store_rater_add(f->st, "ann", STORE_ROLE_ANNOTATOR, &f->ann), STORE_OK);
	assert_int_equal(store_rater_add(f->st, "dr who", STORE_ROLE_CLINICIAN, &f->cli), STORE_OK);
	assert_int_equal(store_rater_add(f->st, "judge", STORE_ROLE_ADJUDICATOR, &f->adj), STORE_OK);
	const char *models[] = {"m1", "m2"};
	store_queue_input in;
	assert_int_equal(store_queue_summaries(f->st, models, 2, 0, NULL, 0, &in), STORE_OK);
	int64_t r[] = {f->ann.id, f->cli.id};
	uint64_t seeds[] = {queue_rater_seed(9, 0), queue_rater_seed(9, 1)};
	queue_options o = {models, 2, 2, seeds, 1.0, 0, 0, 9};
	queue_plan p;
	assert_int_equal(queue_build(in.s, in.n, &o, &p), GV_OK);
	store_queue_spec q = {NULL, "m1,m2", 9, "{\"overlap\":1}", r, seeds, 2};
	assert_int_equal(store_queue_create(f->st, &q, &p, &f->queue), STORE_OK);
	queue_plan_free(&p);
	store_queue_input_free(&in);
	/* Show dr who the pairs of groups 1 and 2 the other way round from ann (the queue gives both
	 * raters of an item the same sides), so that agreement must be counted in the item's order. */
	char sql[300];
	snprintf(sql, sizeof sql,
		 "UPDATE queue_items SET summary_left = summary_right, summary_right = summary_left, swapped = 1 - swapped "
		 "WHERE rater = %lld AND overlap_group IN (1, 2)",
		 (long long)f->cli.id);
	tu_sql_exec(f->db, sql);
	for (int who = 0; who < 2; who++) {
		int64_t rater = who ? f->cli.id : f->ann.id;
		store_rate_item *its;
		size_t n;
		assert_int_equal(store_rater_items(f->st, rater, f->queue, &its, &n, NULL), STORE_OK);
		assert_int_equal(n, NCHILD);
		for (size_t i = 0; i < n; i++) {
			store_rate_view v;
			rating rt;
			rating_init(&rt);
			assert_int_equal(store_rating_load(f->st, rater, its[i].item, &v, &rt), STORE_OK);
			int c = -1;
			for (int k = 0; k < NCHILD; k++)
				if (f->pid[k] == its[i].patient)
					c = k;
			assert_true(c >= 0);
			rating_change ch;
			if (who == 1 && i == n - 1) { /* never opened: no rating row */
				store_rate_view_free(&v);
				rating_free(&rt);
				continue;
			}
			f->started++;
			if (who == 1 && i == n - 2) { /* a draft */
				rating_set(&rt, 0, RATING_F_CORRECTNESS, 3, &ch);
				assert_int_equal(store_rating_save(f->st, rater, its[i].item, &rt, &ch), STORE_OK);
				f->drafts++;
			} else if (who == 1 && i == n - 3) { /* skipped */
				char reason[128];
				snprintf(reason, sizeof reason, "%s's record looks wrong", f->first[c]);
				assert_int_equal(store_rating_skip(f->st, rater, its[i].item, &rt, reason), STORE_OK);
				f->skipped++;
			} else {
				if (who == 0)
					complete(&rt, 4, 2, RUBRIC_A_BETTER);
				else
					complete(&rt, 1, 5, RUBRIC_B_MUCH_BETTER);
				char t[200];
				snprintf(t, sizeof t, "Checked %s on 01/03/2024 against the chart.", f->first[c]);
				rating_set_comment(&rt, t, &ch);
				if (who == 0 && i == 0) {
					snprintf(t, sizeof t, "%s: weight steady on the 50th percentile since March 1, 2024.", f->first[c]);
					rating_set_corrected(&rt, t, &ch);
				}
				assert_int_equal(store_rating_save(f->st, rater, its[i].item, &rt, NULL), STORE_OK);
				assert_int_equal(store_rating_submit(f->st, rater, its[i].item, &rt), STORE_OK);
				f->submitted++;
			}
			store_rate_view_free(&v);
			rating_free(&rt);
		}
		free(its);
	}
	store_adjudication *adj;
	size_t nadj;
	assert_int_equal(store_adjudications(f->st, f->queue, 1, &adj, &nadj), STORE_OK);
	assert_true(nadj >= 2);
	rating res;
	rating_init(&res);
	complete(&res, 3, 5, RUBRIC_TIE); /* summary 1: 3s, summary 2: 5s */
	rating_change ch;
	rating_submit(&res, &ch);
	assert_int_equal(store_adjudication_resolve(f->st, adj[0].id, f->adj.id, &res), STORE_OK);
	f->resolved_adj = adj[0].id;
	rating_free(&res);
	free(adj);
}

static int setup(void **state)
{
	fx *f = calloc(1, sizeof *f);
	tu_tmpdir(f->dir, sizeof f->dir);
	snprintf(f->db, sizeof f->db, "%s/gv.db", f->dir);
	build(f);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;
	store_close(f->st);
	tu_rmdir(f->dir);
	free(f);
	free(last_out);
	last_out = NULL;
	return 0;
}


/* Run the export into a file; the records as cJSON objects (array of nrec), stats in *s. */
static cJSON **run(fx *f, int identified, size_t *nrec, benchexp_stats *s)
{
	benchexp_opts o;
	memset(&o, 0, sizeof o);
	o.identified = identified;
	o.recompute_pairs = recompute_pairs;
	flags_default_options(&o.fo, GV_RULES_US);
	o.version = "test";
	char path[700];
	snprintf(path, sizeof path, "%s/out.jsonl", f->dir);
	FILE *out = fopen(path, "w");
	assert_non_null(out);
	char err[256];
	assert_int_equal(benchexp_run(f->st, &o, out, s, err, sizeof err), 0);
	fclose(out);
	size_t n = 0;
	char *text = tu_slurp(path, &n);
	assert_non_null(text);
	free(last_out);
	last_out = malloc(n + 1);
	assert_non_null(last_out);
	memcpy(last_out, text, n + 1);
	last_len = n;
	cJSON **rec = NULL;
	size_t k = 0;
	for (char *line = text, *nl; line && *line; line = nl + 1) {
		nl = strchr(line, '\n');
		assert_non_null(nl);
		*nl = 0;
		rec = realloc(rec, (k + 1) * sizeof *rec);
		rec[k] = cJSON_Parse(line);
		assert_non_null(rec[k]);
		k++;
	}
	free(text);
	*nrec = k;
	return rec;
}

static void free_recs(cJSON **r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		cJSON_Delete(r[i]);
	free(r);
}

static cJSON *at(const cJSON *o, const char *path)
{
	char buf[256];
	snprintf(buf, sizeof buf, "%s", path);
	const cJSON *c = o;
	for (char *k = strtok(buf, "/"); k && c; k = strtok(NULL, "/"))
		c = cJSON_IsArray(c) ? cJSON_GetArrayItem(c, atoi(k)) : cJSON_GetObjectItemCaseSensitive(c, k);
	return (cJSON *)(uintptr_t)c;
}

static const char *str(const cJSON *o, const char *path)
{
	const cJSON *c = at(o, path);
	return cJSON_IsString(c) ? c->valuestring : NULL;
}

static double num(const cJSON *o, const char *path)
{
	const cJSON *c = at(o, path);
	return cJSON_IsNumber(c) ? c->valuedouble : -999;
}

static void test_pairs(void **state)
{
	fx *f = *state;
	size_t n;
	benchexp_stats s;
	cJSON **r = run(f, 0, &n, &s);
	/* The pairs' children read back from the kept blocks give what computing them again gives:
	 * the same bytes, the same counts (the replacements in a pair's child block are counted
	 * again for each pair's record). */
	char *kept = last_out;
	size_t kept_len = last_len;
	last_out = NULL;
	recompute_pairs = 1;
	size_t n2 = 0;
	benchexp_stats s2;
	cJSON **r2 = run(f, 0, &n2, &s2);
	free_recs(r2, n2);
	recompute_pairs = 0;
	assert_int_equal(n2, n);
	assert_int_equal(kept_len, last_len);
	assert_memory_equal(kept, last_out, kept_len);
	assert_true(s.names_removed > 0 && s.dates_removed > 0);
	assert_int_equal(s.names_removed, s2.names_removed);
	assert_int_equal(s.dates_removed, s2.dates_removed);
	assert_int_equal(s.ref_visits[1], s2.ref_visits[1]);
	free(kept);
	assert_int_equal(s.records_summary, 2 * NCHILD);
	assert_int_equal(s.records_pair, f->started);
	assert_int_equal(n, 2 * NCHILD + f->started);
	assert_int_equal(s.raters, 2);
	assert_int_equal(s.ratings_submitted, f->submitted);
	assert_int_equal(s.ratings_draft, f->drafts);
	assert_int_equal(s.ratings_skipped, f->skipped);
	assert_int_equal(s.choice_left, NCHILD);      /* ann: a_better on every item */
	assert_int_equal(s.choice_right, f->submitted - NCHILD);
	assert_int_equal(s.corrected, 1);
	long seen = 0, resolved = 0, corrected = 0, adjudicated = 0;
	for (size_t i = 0; i < n; i++) {
		const cJSON *x = r[i];
		if (strcmp(str(x, "record"), "rated_pair") != 0)
			continue;
		seen++;
		int64_t item = (int64_t)num(x, "pair/item");
		/* the store's row for this item: rater, sides, seed */
		char q[512], row[256];
		snprintf(q, sizeof q,
			 "SELECT r.name || '|' || r.role || '|' || qi.swapped || '|' || qr.seed || '|' || sl.model || '|' || "
			 "sr.model || '|' || rt.active_ms || '|' || rt.status FROM queue_items qi JOIN raters r ON r.id = qi.rater "
			 "JOIN queue_raters qr ON qr.queue = qi.queue AND qr.rater = qi.rater JOIN summaries sl ON sl.id = "
			 "qi.summary_left JOIN summaries sr ON sr.id = qi.summary_right JOIN ratings rt ON rt.item = qi.id "
			 "WHERE qi.id = %lld",
			 (long long)item);
		tu_sql_text(f->db, q, row, sizeof row);
		char name[64], role[32], lm[16], rm[16], status[16];
		int swapped;
		long long seed, active;
		assert_int_equal(sscanf(row, "%63[^|]|%31[^|]|%d|%lld|%15[^|]|%15[^|]|%lld|%15s", name, role, &swapped, &seed,
					lm, rm, &active, status),
				 8);
		assert_string_equal(str(x, "rating/rater/role"), role);
		const char *rid = str(x, "rating/rater/id");
		assert_true(strncmp(rid, "gr-", 3) == 0 && strlen(rid) == 19);
		assert_true(cJSON_IsTrue(at(x, "presentation/blinded")));
		assert_int_equal(cJSON_IsTrue(at(x, "presentation/swapped")), swapped);
		assert_true(num(x, "presentation/seed") == (double)(uint64_t)seed); /* the rater seed as unsigned */
		assert_string_equal(str(x, "summaries/left/model"), lm);
		assert_string_equal(str(x, "summaries/right/model"), rm);
		assert_string_equal(str(x, "presentation/left"), str(x, "summaries/left/id"));
		assert_string_equal(str(x, "presentation/right"), str(x, "summaries/right/id"));
		assert_true(num(x, "rating/time_on_item_ms") == (double)active);
		assert_string_equal(str(x, "rating/status"), status);
		/* the summaries carry their claim checks */
		assert_non_null(at(x, "summaries/left/claim_checks/claims"));
		if (strcmp(status, "submitted") == 0) {
			int is_ann = strcmp(name, "ann") == 0;
			assert_true(num(x, "rating/left/correctness") == (is_ann ? 4 : 1));
			assert_true(num(x, "rating/right/clarity") == (is_ann ? 2 : 5));
			assert_string_equal(str(x, "rating/left/harm"), "none");
			assert_true(cJSON_IsNull(at(x, "rating/left/likelihood")));
			assert_string_equal(str(x, "rating/right/likelihood"), "medium");
			assert_string_equal(str(x, "rating/right/tags/0"), "wrong_trend");
			assert_string_equal(str(x, "rating/choice"), is_ann ? "a_better" : "b_much_better");
			/* comment: the child's first name and the date are gone */
			const char *c = str(x, "rating/comment");
			assert_string_equal(c, "Checked [name] on [date] against the chart.");
			const char *cor = str(x, "rating/corrected");
			if (cor) {
				corrected++;
				assert_string_equal(cor, "[name]: weight steady on the 50th percentile since [date].");
			}
		} else if (strcmp(status, "skipped") == 0) {
			assert_string_equal(str(x, "rating/skip_reason"), "[name]'s record looks wrong");
			assert_true(cJSON_IsNull(at(x, "rating/choice")));
		} else {
			assert_true(num(x, "rating/left/correctness") == 3);
			assert_true(cJSON_IsNull(at(x, "rating/left/completeness")));
		}
		const cJSON *adj = at(x, "adjudication");
		if (!cJSON_IsNull(adj)) {
			adjudicated++;
			assert_non_null(str(x, "adjudication/reason"));
			if (cJSON_IsTrue(at(x, "adjudication/resolved"))) {
				resolved++;
				assert_string_equal(str(x, "adjudication/adjudicator/role"), "adjudicator");
				assert_string_equal(str(x, "adjudication/resolution/choice"), "tie");
				/* on this rater's sides: summary 1 is on the right when swapped */
				assert_true(num(x, "adjudication/resolution/left/correctness") == (swapped ? 5 : 3));
				assert_true(num(x, "adjudication/resolution/right/clarity") == (swapped ? 3 : 5));
			} else {
				assert_true(cJSON_IsNull(at(x, "adjudication/resolution")));
			}
		}
		/* no date, no rater name anywhere */
		char *js = cJSON_PrintUnformatted(x);
		assert_null(strstr(js, "2024"));
		assert_null(strstr(js, "\"ann\""));
		assert_null(strstr(js, "dr who"));
		assert_null(strstr(js, "judge"));
		assert_null(strstr(js, "Synth-"));
		free(js);
	}
	assert_int_equal(seen, f->started);
	assert_int_equal(s.rater_verdicts, 1);
	int verdicts = 0;
	for (size_t i = 0; i < n; i++)
		if (strcmp(str(r[i], "record"), "summary") == 0) {
			const cJSON *cl = at(r[i], "summary/claim_checks/claims");
			const cJSON *c;
			cJSON_ArrayForEach(c, cl)
			{
				const char *v = str(c, "rater_verdict");
				if (v) {
					verdicts++;
					assert_string_equal(v, "contradicted");
					assert_true(strncmp(str(c, "rater"), "gr-", 3) == 0);
					assert_non_null(str(c, "verdict"));
				}
			}
		}
	assert_int_equal(verdicts, 1);
	assert_int_equal(corrected, 1);
	assert_int_equal(resolved, 2); /* both raters' records of the resolved item */
	assert_true(adjudicated >= 4);
	free_recs(r, n);
}

static void test_identified(void **state)
{
	fx *f = *state;
	size_t n;
	benchexp_stats s;
	cJSON **r = run(f, 1, &n, &s);
	int found = 0;
	for (size_t i = 0; i < n; i++) {
		const cJSON *x = r[i];
		assert_true(cJSON_IsFalse(at(x, "deidentified")));
		if (strcmp(str(x, "record"), "rated_pair") != 0)
			continue;
		const char *who = str(x, "rating/rater/id");
		assert_true(strcmp(who, "ann") == 0 || strcmp(who, "dr who") == 0);
		const char *c = str(x, "rating/comment");
		if (c && strstr(c, "01/03/2024")) {
			const char *nm = str(x, "child/name");
			assert_non_null(nm);
			assert_true(strncmp(c + 8, nm, strcspn(nm, " ")) == 0);
			found++;
		}
		if (cJSON_IsTrue(at(x, "adjudication/resolved")))
			assert_string_equal(str(x, "adjudication/adjudicator/id"), "judge");
	}
	assert_int_equal(found, f->submitted);
	/* m1's and m2's texts, escaped and read back */
	int m1 = 0, m2 = 0;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(str(r[i], "record"), "summary") != 0)
			continue;
		const char *t = str(r[i], "summary/text");
		if (strcmp(str(r[i], "summary/model"), "m2") == 0) {
			assert_string_equal(t, M2_TEXT);
			m2++;
		} else {
			assert_true(strlen(t) > strlen(M1_TAIL));
			assert_string_equal(t + strlen(t) - strlen(M1_TAIL), M1_TAIL);
			m1++;
		}
	}
	assert_int_equal(m1, NCHILD);
	assert_int_equal(m2, NCHILD);
	/* the first record's child against the store and the engine: ages, values exactly, z to the
	 * 6 decimals written */
	const cJSON *x = r[0];
	int64_t pid = 0;
	for (int k = 0; k < NCHILD; k++) {
		gv_patient p;
		assert_int_equal(store_patient_get(f->st, f->pid[k], &p), STORE_OK);
		if (strcmp(p.ext_id, str(x, "child/ext_id")) == 0)
			pid = p.id;
	}
	assert_true(pid > 0);
	gv_child c;
	assert_int_equal(store_child_load(f->st, pid, &c), STORE_OK);
	prompt_facts pf;
	prompt_facts_init(&pf);
	gv_flag_options fo;
	flags_default_options(&fo, GV_RULES_US);
	assert_int_equal(prompt_facts_compute(&pf, &c, &fo), GV_OK);
	const cJSON *vis = at(x, "child/visits");
	assert_int_equal(cJSON_GetArraySize(vis), (int)c.nv);
	int zs = 0;
	for (size_t i = 0; i < c.nv; i++) {
		const cJSON *v = cJSON_GetArrayItem(vis, (int)i);
		assert_true(num(v, "age_days") == (double)(c.v[i].date - c.p.birth_date));
		if (!isnan(c.v[i].weight_kg))
			assert_true(num(v, "weight_kg") == c.v[i].weight_kg);
		else
			assert_null(at(v, "weight_kg"));
		if (!isnan(c.v[i].height_cm))
			assert_true(num(v, "height_cm") == c.v[i].height_cm);
		double z, pc;
		growth_reported(&pf.res[i], GV_WFA, &z, &pc);
		if (isfinite(z)) {
			assert_true(fabs(num(v, "z/wfa") - z) <= 5e-7);
			assert_true(fabs(num(v, "percentile/wfa") - pc) <= 5e-7);
			zs++;
		}
	}
	assert_true(zs > 3);
	assert_int_equal(cJSON_GetArraySize(at(x, "flags")), (int)pf.nflags);
	prompt_facts_free(&pf);
	store_child_free(&c);
	free_recs(r, n);
}

/* The provenance digest is SHA-256 of the reference's lines of refdata/SHA256SUMS. */
static void test_provenance(void **state)
{
	(void)state;
	benchexp_ref ri;
	assert_int_equal(benchexp_ref_info(0, &ri), 0);
	assert_int_equal(benchexp_ref_info(6, &ri), 0);
	assert_int_equal(benchexp_ref_info(GV_WHO2006, &ri), 1);
	assert_string_equal(ri.id, "who2006");
	assert_int_equal(ri.nfiles, 9);
	assert_int_equal(benchexp_ref_info(GV_CDC2000, &ri), 1);
	assert_int_equal(ri.nfiles, 9); /* 8 cdc2000/ tables + the SAS rows */
	assert_int_equal(benchexp_ref_info(GV_REF_IG21_PNG, &ri), 1);
	assert_int_equal(ri.nfiles, 0);
	assert_string_equal(ri.sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"); /* of "" */
	/* WHO 2007: recompute from the file */
	assert_int_equal(benchexp_ref_info(GV_WHO2007, &ri), 1);
	FILE *p = popen("grep -E '  who2007/(wfa|hfa|bfa)\\.csv$' refdata/SHA256SUMS | sha256sum", "r");
	assert_non_null(p);
	char line[128] = "";
	assert_non_null(fgets(line, sizeof line, p));
	pclose(p);
	assert_int_equal(ri.nfiles, 3);
	assert_memory_equal(line, ri.sha256, 64);
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--fixture") == 0) {
		fx f;
		memset(&f, 0, sizeof f);
		snprintf(f.db, sizeof f.db, "%s", argv[2]);
		build(&f);
		store_close(f.st);
		printf("%ld started ratings\n", f.started);
		return 0;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_pairs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_identified, setup, teardown),
		cmocka_unit_test(test_provenance),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
