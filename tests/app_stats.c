/* app_stats.c — `growthview stats` on a small study made through the store API: six children with
 * a summary by each of two models ("alpha", "beta"), a gold pair (baseline vs a demo variant with a
 * planted unit error), three raters (ann and bob rate, cy skips one item and leaves a draft), one
 * queue and a second queue in which ann rates a pair again with the sides swapped; claim checks on
 * three summaries.  Every figure below was computed by hand from the table of votes (and the
 * Krippendorff ordinal alpha, whose coincidence arithmetic is long, with exact fractions in an
 * independent script); the 80-column text is compared with tests/golden/stats_80.txt and the JSON's
 * field names with the man page's contract.
 *
 * The votes, in the items' terms (alpha is summary 1 of every ordinary item; "L" = shown left):
 *   item  ann (queue 1)                   bob                           correctness alpha/beta
 *   i1    alpha L, alpha better           beta L, alpha better          ann 5/3, bob 4/3
 *   i2    alpha L, alpha much better      beta L, beta better           ann 4/2, bob 4/4
 *   i3    alpha L, tie                    alpha L, alpha better         ann 4/4, bob 5/3
 *   i4    beta L, beta better             alpha L, beta much better     ann 3/4, bob 2/5
 *   i5    beta L, alpha better            (cy: skipped)                 ann 4/3
 *   i6    beta L, both unacceptable       (cy: draft)                   ann 1/1 (harm mild)
 *   i1'   queue 2: beta L, beta better (ann again, swapped: a flip)     ann 3/4
 *   gold  ann: baseline L, A better, tags unit_error on the variant; bob: variant L, tie, no tag.
 * Completeness and conciseness are 4, clarity 3, harm none everywhere else.
 *
 * Hand computations:
 *   W/T/L alpha 5/2/4, beta 4/2/5; Bradley-Terry with ties as half wins, two models:
 *   exp(theta_a - theta_b) = W_a / W_b = 6 / 5, so theta_a = ln(1.2)/2 = 0.0911608 (centred) and
 *   Elo 1000 + 400 theta / ln 10 = 1015.836 / 984.164.
 *   Position: 9 decisive votes, 6 won by the left side (ann i1 i2 i4 i1', bob i2 i3); one swap
 *   pair (ann i1 / i1'), flipped.
 *   Mean correctness alpha 39/11, beta 36/11.
 *   Agreement on i1-i4 (ann = column 1, bob = column 2):
 *     choice (s1 / neither / s2): ann -1 -1 0 +1, bob -1 +1 -1 +1: percent 2/4; Cohen
 *     p_o = .5, p_e = .5*.5 + .25*0 + .25*.5 = .375, kappa = .125/.625 = 0.2; Fleiss P = .5,
 *     p = (4, 1, 3)/8, P_e = 26/64, kappa = (.5 - .40625)/.59375 = 3/19; Krippendorff nominal
 *     D_o = 4/8, D_e = (64 - 26)/56, alpha = 1 - .5 * 56/38 = 5/19.
 *     correctness (8 units): ann 5 3 4 2 4 4 3 4, bob 4 3 4 4 5 3 2 5: percent 2/8; quadratic
 *     Cohen: mean squared difference 9/8, expected var_a + var_b + (m_a - m_b)^2 = 0.734375 +
 *     0.9375 + 0.015625 = 1.6875, kappa_w = 1 - 1.125/1.6875 = 1/3; Fleiss P = 2/8, the 16 ratings
 *     of 2, 3, 4, 5 are 2, 4, 7, 3 times, P_e = (4 + 16 + 49 + 9)/256 = 78/256, kappa =
 *     (64 - 78)/178 = -7/89; Krippendorff ordinal 1383/3248.
 *     completeness: every rating 4: percent 1, kappa and alpha undefined.
 *   Claim checks: alpha 2 checked, 6 claims, 2 contradicted (1/3), 1 of 2 omitting a flag;
 *   beta 1 checked, 3 claims, 0 contradicted, 1 of 1 omitting (2 categories). */
#include "tests/tu_store.h"

#include <math.h>

#include <cjson/cJSON.h>

#include "app/buf.h"
#include "app/cmd/cmd.h"
#include "app/stats.h"
#include "app/store.h"
#include "core/age.h"
#include "core/claims.h"
#include "core/rating.h"
#include "ui/statsfmt.h"

#define NCH 6

typedef struct fx {
	char dir[512], db[600];
	gv_store *st;
	int64_t pid[NCH];
	int64_t alpha[NCH], beta[NCH], base, variant;
	int64_t ann, bob, cy;
} fx;

static int64_t add_summary(fx *f, int64_t pid, const char *model, const char *text)
{
	store_summary s;
	store_summary_init(&s);
	s.patient_id = pid;
	s.model = model;
	s.backend = STORE_BACKEND_IMPORTED;
	s.text = text;
	s.text_len = strlen(text);
	char sid[STORE_SUMMARY_ID_MAX + 1];
	assert_int_equal(store_summary_put(f->st, &s, NULL, sid, sizeof sid), STORE_OK);
	char q[256];
	snprintf(q, sizeof q, "SELECT id FROM summaries WHERE summary_id = '%s'", sid);
	return tu_sql_int(f->db, q);
}

/* A stored check of summary id: claims claims of which `contra` contradicted, omitted flags. */
static void add_check(fx *f, int64_t id, const char *text, int claims, int contra, uint64_t omitted)
{
	claims_result r;
	memset(&r, 0, sizeof r);
	r.claims = calloc((size_t)claims, sizeof *r.claims);
	r.n = (size_t)claims;
	r.judged = 1;
	r.omitted = omitted;
	for (int i = 0; i < claims; i++) {
		gv_claim *c = &r.claims[i];
		c->start = (size_t)i;
		c->end = (size_t)i + 1;
		c->type = CLAIM_VALUE;
		c->verdict = i < contra ? CLAIM_CONTRADICTED : CLAIM_SUPPORTED;
		snprintf(c->stated, sizeof c->stated, "x");
		c->stated_num = c->stated_hi = c->expected_num = NAN;
		c->unit = "";
		c->ind = GV_NIND;
		c->ref = GV_REF_NONE;
		c->date = CLAIMS_NO_DATE;
		c->visit = CLAIMS_NO_VISIT;
		c->category = -1;
	}
	assert_int_equal(store_checks_put(f->st, id, 1, text, strlen(text), &r), STORE_OK);
	free(r.claims);
}

/* A complete rating as shown: correctness of the left and right summaries, the choice; the rest
 * as in the header (harm: mild-moderate with low likelihood on both sides when harm != 0; tags
 * on the right summary). */
static void mk(rating *r, int cl, int cr, rubric_choice ch, int harm, unsigned tags_left, unsigned tags_right)
{
	rating_init(r);
	rating_change c;
	for (int s = 0; s < 2; s++) {
		assert_int_equal(rating_set(r, s, RATING_F_CORRECTNESS, s ? cr : cl, &c), RATING_OK);
		assert_int_equal(rating_set(r, s, RATING_F_COMPLETENESS, 4, &c), RATING_OK);
		assert_int_equal(rating_set(r, s, RATING_F_CONCISENESS, 4, &c), RATING_OK);
		assert_int_equal(rating_set(r, s, RATING_F_CLARITY, 3, &c), RATING_OK);
		assert_int_equal(rating_set(r, s, RATING_F_HARM, harm ? RUBRIC_HARM_MILD_MODERATE : RUBRIC_HARM_NONE, &c),
				 RATING_OK);
		if (harm)
			assert_int_equal(rating_set(r, s, RATING_F_LIKELIHOOD, RUBRIC_LIKELY_LOW, &c), RATING_OK);
		unsigned tg = s ? tags_right : tags_left;
		if (tg)
			assert_int_equal(rating_set(r, s, RATING_F_TAGS, (int32_t)tg, &c), RATING_OK);
	}
	assert_int_equal(rating_set(r, 0, RATING_F_CHOICE, ch, &c), RATING_OK);
}

/* Queue item ids of rater in queue, in position order, into ids (n expected). */
static void items_of(fx *f, int64_t rater, int64_t queue, int64_t *ids, size_t n)
{
	store_rate_item *it = NULL;
	size_t k = 0;
	assert_int_equal(store_rater_items(f->st, rater, queue, &it, &k, NULL), STORE_OK);
	assert_int_equal(k, n);
	for (size_t i = 0; i < n; i++)
		ids[i] = it[i].item;
	free(it);
}

static void submit(fx *f, int64_t rater, int64_t item, int cl, int cr, rubric_choice ch, int harm, unsigned tl,
		   unsigned tr)
{
	rating r;
	mk(&r, cl, cr, ch, harm, tl, tr);
	if (store_rating_submit(f->st, rater, item, &r) != STORE_OK)
		fail_msg("submit item %lld: %s", (long long)item, store_errmsg(f->st));
	rating_free(&r);
}

static int setup(void **state)
{
	fx *f = calloc(1, sizeof *f);
	tu_tmpdir(f->dir, sizeof f->dir);
	snprintf(f->db, sizeof f->db, "%s/gv.db", f->dir);
	char err[512];
	if (store_open(f->db, 0, &f->st, err, sizeof err) != STORE_OK)
		fail_msg("store_open: %s", err);
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

/* The study of the header, written through the store API. */
static void study(fx *f)
{
	char text[256];
	for (int k = 0; k < NCH; k++) {
		gv_patient p;
		record_patient_init(&p);
		snprintf(p.ext_id, sizeof p.ext_id, "P%d", k + 1);
		p.sex = k % 2 ? GV_MALE : GV_FEMALE;
		p.birth_date = age_days_from_civil(2020, 1, 1 + k);
		assert_int_equal(store_patient_insert(f->st, &p, NULL, "test", "tester"), STORE_OK);
		f->pid[k] = p.id;
	}
	/* lengths vary apart from the model (the length fit needs both) */
	static const int alen[NCH] = {60, 90, 120, 75, 150, 95}, blen[NCH] = {110, 70, 140, 160, 80, 100};
	for (int k = 0; k < NCH; k++) {
		snprintf(text, sizeof text, "%-*s", alen[k], "Alpha: growth is on track.");
		f->alpha[k] = add_summary(f, f->pid[k], "alpha", text);
		snprintf(text, sizeof text, "%-*s", blen[k], "Beta: the child grows well.");
		for (char *c = text; *c; c++)
			if (*c == ' ' && c > text + 30)
				*c = '.';
		f->beta[k] = add_summary(f, f->pid[k], "beta", text);
	}
	f->base = add_summary(f, f->pid[0], "baseline", "Weight 9.8 kg on the 50th percentile.");
	f->variant = add_summary(f, f->pid[0], "demo-variant-1", "Weight 21.6 kg on the 50th percentile.");
	add_check(f, f->alpha[0], "Alpha: growth is on track.", 4, 1, 0);
	add_check(f, f->alpha[1], "Alpha: growth is on track.", 2, 1, GV_CAT_BIT(GV_CAT_OBESITY));
	add_check(f, f->beta[0], "Beta: the child grows well.", 3, 0,
		  GV_CAT_BIT(GV_CAT_OBESITY) | GV_CAT_BIT(GV_CAT_STUNTING));

	store_rater r;
	assert_int_equal(store_rater_add(f->st, "ann", STORE_ROLE_ANNOTATOR, &r), STORE_OK);
	f->ann = r.id;
	assert_int_equal(store_rater_add(f->st, "bob", STORE_ROLE_CLINICIAN, &r), STORE_OK);
	f->bob = r.id;
	assert_int_equal(store_rater_add(f->st, "cy", STORE_ROLE_ANNOTATOR, &r), STORE_OK);
	f->cy = r.id;

	/* queue 1: items 0-5 the pairs (alpha_k, beta_k), item 6 the gold pair */
	queue_item items[7];
	memset(items, 0, sizeof items);
	for (int k = 0; k < NCH; k++)
		items[k] = (queue_item){f->pid[k], f->alpha[k], f->beta[k], "alpha", "beta", 0, 0, 1};
	items[6] = (queue_item){f->pid[0], f->base, f->variant, "baseline", "demo-variant-1", 1,
				1u << VARIANTS_UNIT_ERROR, 2};
	/* rater, pos, item, swapped */
	static const int asg[][4] = {
		{0, 0, 0, 0}, {0, 1, 1, 0}, {0, 2, 2, 0}, {0, 3, 3, 1}, {0, 4, 4, 1}, {0, 5, 5, 1}, {0, 6, 6, 0},
		{1, 0, 0, 1}, {1, 1, 1, 1}, {1, 2, 2, 0}, {1, 3, 3, 0}, {1, 4, 6, 1},
		{2, 0, 4, 0}, {2, 1, 5, 0},
	};
	enum { NA = sizeof asg / sizeof asg[0] };
	queue_assignment a[NA];
	for (int i = 0; i < NA; i++) {
		const queue_item *it = &items[asg[i][2]];
		a[i] = (queue_assignment){(size_t)asg[i][0], (size_t)asg[i][1], (size_t)asg[i][2],
					  asg[i][3] ? it->s2 : it->s1, asg[i][3] ? it->s1 : it->s2, asg[i][3]};
	}
	queue_plan plan = {items, 7, a, NA, 6, 1, 6, 4};
	int64_t rid[3] = {f->ann, f->bob, f->cy};
	uint64_t seeds[3] = {1, 2, 3};
	store_queue_spec q = {"q1", "alpha,beta", 7, "{}", rid, seeds, 3};
	int64_t q1, q2;
	assert_int_equal(store_queue_create(f->st, &q, &plan, &q1), STORE_OK);
	/* queue 2: ann rates the pair of child 1 again, beta on the left */
	queue_assignment a2 = {0, 0, 0, f->beta[0], f->alpha[0], 1};
	queue_plan plan2 = {items, 1, &a2, 1, 1, 0, 1, 0};
	store_queue_spec q2s = {"q2", "alpha,beta", 8, "{}", rid, seeds, 1};
	assert_int_equal(store_queue_create(f->st, &q2s, &plan2, &q2), STORE_OK);

	int64_t ia[7], ib[5], ic[2], ia2[1];
	items_of(f, f->ann, q1, ia, 7);
	items_of(f, f->bob, q1, ib, 5);
	items_of(f, f->cy, q1, ic, 2);
	items_of(f, f->ann, q2, ia2, 1);
	unsigned unit = RUBRIC_TAG_BIT(RUBRIC_TAG_UNIT_ERROR);
	submit(f, f->ann, ia[0], 5, 3, RUBRIC_A_BETTER, 0, 0, 0);
	submit(f, f->ann, ia[1], 4, 2, RUBRIC_A_MUCH_BETTER, 0, 0, 0);
	submit(f, f->ann, ia[2], 4, 4, RUBRIC_TIE, 0, 0, 0);
	submit(f, f->ann, ia[3], 4, 3, RUBRIC_A_BETTER, 0, 0, 0);  /* beta left */
	submit(f, f->ann, ia[4], 3, 4, RUBRIC_B_BETTER, 0, 0, 0);  /* beta left */
	submit(f, f->ann, ia[5], 1, 1, RUBRIC_BOTH_UNACCEPTABLE, 1, 0, 0);
	submit(f, f->ann, ia[6], 5, 2, RUBRIC_A_BETTER, 0, 0, unit); /* gold: baseline left */
	submit(f, f->bob, ib[0], 3, 4, RUBRIC_B_BETTER, 0, 0, 0);  /* beta left */
	submit(f, f->bob, ib[1], 4, 4, RUBRIC_A_BETTER, 0, 0, 0);  /* beta left */
	submit(f, f->bob, ib[2], 5, 3, RUBRIC_A_BETTER, 0, 0, 0);
	submit(f, f->bob, ib[3], 2, 5, RUBRIC_B_MUCH_BETTER, 0, 0, 0);
	submit(f, f->bob, ib[4], 3, 3, RUBRIC_TIE, 0, 0, 0);       /* gold: variant left */
	submit(f, f->ann, ia2[0], 4, 3, RUBRIC_A_BETTER, 0, 0, 0); /* queue 2: beta left */
	rating r0;
	rating_init(&r0);
	assert_int_equal(store_rating_skip(f->st, f->cy, ic[0], &r0, "not sure"), STORE_OK);
	rating_free(&r0);
	rating_init(&r0);
	rating_change ch;
	assert_int_equal(rating_digit(&r0, 4, &ch), RATING_OK);
	assert_int_equal(store_rating_save(f->st, f->cy, ic[1], &r0, &ch), STORE_OK);
	rating_free(&r0);
}

static const stats_model *model(const stats_report *r, const char *name)
{
	for (size_t i = 0; i < r->n_models; i++)
		if (strcmp(r->models[i].name, name) == 0)
			return &r->models[i];
	fail_msg("no model %s", name);
	return NULL;
}

static const stats_rater *rater(const stats_report *r, const char *name)
{
	for (size_t i = 0; i < r->n_raters; i++)
		if (strcmp(r->raters[i].name, name) == 0)
			return &r->raters[i];
	fail_msg("no rater %s", name);
	return NULL;
}

#define EPS 1e-9

static void test_hand_computed(void **state)
{
	fx *f = *state;
	study(f);
	stats_report r;
	stats_opts o;
	stats_default_opts(&o);
	char err[256];
	if (stats_collect(f->st, &o, &r, err, sizeof err) != 0)
		fail_msg("stats_collect: %s", err);
	/* summaries and claim checks */
	assert_int_equal(r.summaries, 14);
	assert_int_equal(r.checked, 3);
	assert_int_equal(r.children, 6);
	assert_int_equal(r.n_models, 4);
	assert_string_equal(r.models[0].name, "alpha"); /* by name */
	assert_string_equal(r.models[3].name, "demo-variant-1");
	const stats_model *ma = model(&r, "alpha"), *mb = model(&r, "beta"), *mz = model(&r, "baseline");
	assert_int_equal(ma->summaries, 6);
	assert_int_equal(ma->children, 6);
	assert_int_equal(ma->checked, 2);
	assert_int_equal(ma->claims, 6);
	assert_int_equal(ma->contradicted, 2);
	assert_int_equal(ma->contradicted_rate.st, GV_OK);
	assert_float_equal(ma->contradicted_rate.est, 1.0 / 3, EPS);
	assert_float_equal(ma->omitted_rate.est, 0.5, EPS);
	assert_int_equal(ma->omitting, 1);
	assert_int_equal(ma->omitted, 1);
	assert_float_equal(mb->contradicted_rate.est, 0.0, EPS);
	assert_float_equal(mb->omitted_rate.est, 1.0, EPS);
	assert_int_equal(mb->omitted, 2);
	assert_int_equal(mz->checked, 0);
	assert_int_equal(mz->contradicted_rate.st, GV_MISSING); /* an unchecked summary counts nowhere */
	assert_int_equal(mz->omitted_rate.st, GV_MISSING);

	/* ratings: counts */
	assert_int_equal(r.assigned, 15);
	assert_int_equal(r.submitted, 13);
	assert_int_equal(r.gold_votes, 2);
	assert_int_equal(r.votes, 11);
	assert_int_equal(r.skipped, 1);
	assert_int_equal(r.drafts, 1);
	assert_int_equal(r.unopened, 0);
	assert_int_equal(r.unreadable, 0);
	assert_int_equal(r.items, 6);
	assert_int_equal(r.overlap_items, 4);
	assert_int_equal(r.agree_cols, 2);
	assert_int_equal(r.adj_pending, 2); /* i2 (choice, correctness 2 vs 4) and the gold pair (5 vs 3) */
	assert_int_equal(r.adj_resolved, 0);
	assert_true(r.have_rank);
	assert_int_equal(r.n_ranked, 2);
	int ka = ma->rank, kb = mb->rank;
	assert_true(ka >= 0 && kb >= 0 && ka != kb);
	assert_int_equal(mz->rank, -1); /* only in a gold pair */
	const rank_report *rk = &r.rank;
	assert_int_equal(rk->wtl[ka].wins, 5);
	assert_int_equal(rk->wtl[ka].ties, 2);
	assert_int_equal(rk->wtl[ka].losses, 4);
	assert_int_equal(rk->wtl[ka].much, 1);
	assert_int_equal(rk->wtl[ka].both_bad, 1);
	assert_int_equal(rk->wtl[ka].shown_left, 5);
	assert_int_equal(rk->wtl[kb].wins, 4);
	assert_int_equal(rk->wtl[kb].losses, 5);
	assert_int_equal(rk->wtl[kb].shown_left, 6);
	/* Bradley-Terry, ties as half wins: theta_a - theta_b = ln(6/5) */
	assert_int_equal(rk->plain.st, GV_OK);
	assert_float_equal(rk->plain.theta[ka], log(1.2) / 2, 1e-7);
	assert_float_equal(rk->plain.theta[kb], -log(1.2) / 2, 1e-7);
	assert_float_equal(rank_elo(rk->plain.theta[ka]), 1015.836, 1e-3);
	assert_true(rk->plain.lo[ka] < rk->plain.theta[ka] && rk->plain.theta[ka] < rk->plain.hi[ka]);
	assert_int_equal(rk->length.st, GV_OK);
	assert_true(isfinite(rk->length.beta));
	/* position bias */
	assert_int_equal(rk->position.decisive, 9);
	assert_int_equal(rk->position.left_wins, 6);
	assert_float_equal(rk->position.left_share.est, 6.0 / 9, EPS);
	assert_int_equal(rk->position.swap_pairs, 1);
	assert_int_equal(rk->position.swap_flipped, 1);
	/* mean scores */
	assert_float_equal(ma->axis[RUBRIC_CORRECTNESS].est, 39.0 / 11, EPS);
	assert_float_equal(mb->axis[RUBRIC_CORRECTNESS].est, 36.0 / 11, EPS);
	assert_float_equal(ma->axis[RUBRIC_CLARITY].est, 3.0, EPS);
	assert_int_equal(mz->axis[RUBRIC_CORRECTNESS].st, GV_MISSING);
	/* agreement */
	const agree_report *ch = &r.agree[STATS_AG_CHOICE], *co = &r.agree[RUBRIC_CORRECTNESS];
	assert_int_equal(ch->n_items, 4);
	assert_float_equal(ch->percent.est, 0.5, EPS);
	assert_float_equal(ch->cohen.est, 0.2, EPS);
	assert_float_equal(ch->fleiss.est, 3.0 / 19, EPS);
	assert_float_equal(ch->alpha.est, 5.0 / 19, EPS);
	assert_int_equal(co->n_items, 8);
	assert_float_equal(co->percent.est, 0.25, EPS);
	assert_float_equal(co->cohen_quadratic.est, 1.0 / 3, EPS);
	assert_float_equal(co->fleiss.est, -7.0 / 89, EPS);
	assert_float_equal(co->alpha.est, 1383.0 / 3248, EPS);
	assert_true(co->alpha.lo <= co->alpha.est && co->alpha.est <= co->alpha.hi);
	const agree_report *cp = &r.agree[RUBRIC_COMPLETENESS];
	assert_float_equal(cp->percent.est, 1.0, EPS);
	assert_int_equal(cp->alpha.st, GV_MISSING);
	assert_int_equal(cp->cohen_quadratic.st, GV_MISSING);
	/* raters */
	assert_int_equal(r.n_raters, 3);
	const stats_rater *ra = rater(&r, "ann"), *rb = rater(&r, "bob"), *rc = rater(&r, "cy");
	assert_int_equal(ra->assigned, 8);
	assert_int_equal(ra->submitted, 8);
	assert_int_equal(ra->gold.items, 1);
	assert_int_equal(ra->gold.planted, 1);
	assert_int_equal(ra->gold.caught, 1);
	assert_int_equal(ra->gold.choice_right, 1);
	assert_int_equal(rb->gold.items, 1);
	assert_int_equal(rb->gold.caught, 0);
	assert_int_equal(rb->gold.choice_right, 0);
	assert_string_equal(rb->role, "clinician");
	assert_int_equal(rc->skipped, 1);
	assert_int_equal(rc->drafts, 1);
	assert_int_equal(rc->submitted, 0);
	stats_free(&r);
}

/* Run `growthview stats ARGS` on the fixture's database; its standard output (malloc'd). */
static char *run_stats(fx *f, const char *a1, const char *a2, const char *a3, int *rc)
{
	char v0[] = "stats", v1[] = "--db", v2[700], v3[64] = "", v4[64] = "", v5[64] = "";
	snprintf(v2, sizeof v2, "%s", f->db);
	snprintf(v3, sizeof v3, "%s", a1 ? a1 : "");
	snprintf(v4, sizeof v4, "%s", a2 ? a2 : "");
	snprintf(v5, sizeof v5, "%s", a3 ? a3 : "");
	char out[700];
	snprintf(out, sizeof out, "%s/out.txt", f->dir);
	fflush(stdout);
	int saved = dup(1);
	int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(saved >= 0 && fd >= 0);
	dup2(fd, 1);
	close(fd);
	char *argv[] = {v0, v1, v2, a1 ? v3 : NULL, a2 ? v4 : NULL, a3 ? v5 : NULL, NULL};
	int argc = 3 + (a1 != NULL) + (a2 != NULL) + (a3 != NULL);
	setenv("GROWTHVIEW_CONFIG", "/dev/null", 1);
	*rc = cmd_stats(argc, argv);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	size_t n;
	char *s = tu_slurp(out, &n);
	assert_non_null(s);
	return s;
}

static void test_json_contract(void **state)
{
	fx *f = *state;
	study(f);
	int rc;
	char *s = run_stats(f, "--json", NULL, NULL, &rc);
	assert_int_equal(rc, 0);
	cJSON *o = cJSON_Parse(s);
	assert_non_null(o);
	/* the top-level fields, in order */
	static const char *const top[] = {"stats_version", "bootstrap", "summaries", "models", "ratings"};
	cJSON *e = o->child;
	for (size_t i = 0; i < sizeof top / sizeof top[0]; i++, e = e->next) {
		assert_non_null(e);
		assert_string_equal(e->string, top[i]);
	}
	assert_null(e);
	cJSON *m = cJSON_GetArrayItem(cJSON_GetObjectItem(o, "models"), 0);
	static const char *const mf[] = {"model", "summaries", "children", "checked", "claims", "contradicted",
					 "contradicted_rate", "omitting", "omitted_flags", "omitted_flag_rate", "votes",
					 "wins", "ties", "losses", "much_better_wins", "both_unacceptable", "shown_left",
					 "rank", "bradley_terry", "rank_length_controlled",
					 "bradley_terry_length_controlled", "scores"};
	e = m->child;
	for (size_t i = 0; i < sizeof mf / sizeof mf[0]; i++, e = e->next) {
		assert_non_null(e);
		assert_string_equal(e->string, mf[i]);
	}
	assert_null(e);
	assert_string_equal(cJSON_GetObjectItem(m, "model")->valuestring, "alpha");
	assert_int_equal(cJSON_GetObjectItem(m, "wins")->valueint, 5);
	assert_int_equal(cJSON_GetObjectItem(m, "rank")->valueint, 1);
	cJSON *bt = cJSON_GetObjectItem(m, "bradley_terry");
	assert_float_equal(cJSON_GetObjectItem(bt, "theta")->valuedouble, log(1.2) / 2, 1e-7);
	assert_float_equal(cJSON_GetObjectItem(bt, "elo")->valuedouble, 1000 + 200 * log10(1.2), 1e-6);
	assert_float_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(m, "contradicted_rate"), "value")->valuedouble,
			   1.0 / 3, EPS);
	assert_float_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(m, "scores"), "correctness"),
					       "value")
				   ->valuedouble,
			   39.0 / 11, EPS);
	cJSON *z = cJSON_GetArrayItem(cJSON_GetObjectItem(o, "models"), 1); /* baseline: gold only */
	assert_string_equal(cJSON_GetObjectItem(z, "model")->valuestring, "baseline");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(z, "rank")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetObjectItem(z, "contradicted_rate"), "value")));
	cJSON *rt = cJSON_GetObjectItem(o, "ratings");
	static const char *const rf[] = {"assigned", "submitted", "skipped", "drafts", "not_opened", "unreadable",
					 "gold_votes", "votes", "items", "overlap_items", "adjudications", "ranking",
					 "position_bias", "length_bias", "agreement", "raters"};
	e = rt->child;
	for (size_t i = 0; i < sizeof rf / sizeof rf[0]; i++, e = e->next) {
		assert_non_null(e);
		assert_string_equal(e->string, rf[i]);
	}
	assert_null(e);
	cJSON *ag = cJSON_GetObjectItem(rt, "agreement");
	static const char *const axes[] = {"correctness", "completeness", "conciseness", "clarity", "harm", "choice"};
	e = ag->child;
	for (size_t i = 0; i < 6; i++, e = e->next) {
		assert_non_null(e);
		assert_string_equal(e->string, axes[i]);
	}
	cJSON *chj = cJSON_GetObjectItem(ag, "choice");
	assert_string_equal(cJSON_GetObjectItem(chj, "level")->valuestring, "nominal");
	assert_float_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(chj, "alpha"), "value")->valuedouble, 5.0 / 19, EPS);
	assert_float_equal(
		cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(ag, "correctness"), "cohen_quadratic"), "value")
			->valuedouble,
		1.0 / 3, EPS);
	cJSON *pb = cJSON_GetObjectItem(rt, "position_bias");
	assert_int_equal(cJSON_GetObjectItem(pb, "left_wins")->valueint, 6);
	assert_int_equal(cJSON_GetObjectItem(pb, "swap_flipped")->valueint, 1);
	cJSON *ann = cJSON_GetArrayItem(cJSON_GetObjectItem(rt, "raters"), 0);
	assert_string_equal(cJSON_GetObjectItem(ann, "rater")->valuestring, "ann");
	assert_float_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(ann, "gold"), "tag_accuracy")->valuedouble, 1.0, EPS);
	assert_int_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(rt, "adjudications"), "pending")->valueint, 2);
	cJSON_Delete(o);
	free(s);
}

/* The tables at 80 columns, exactly (tests/golden/stats_80.txt; GV_UPDATE_GOLDEN=1 rewrites it). */
static void test_text_80(void **state)
{
	fx *f = *state;
	study(f);
	int rc;
	char *s = run_stats(f, "--width", "80", NULL, &rc);
	assert_int_equal(rc, 0);
	for (const char *l = s; *l;) {
		size_t n = strcspn(l, "\n");
		if (n > 80)
			fail_msg("line wider than 80 columns: %.*s", (int)n, l);
		for (size_t i = 0; i < n; i++)
			if ((unsigned char)l[i] < 0x20 || (unsigned char)l[i] > 0x7e)
				fail_msg("not printable ASCII: %.*s", (int)n, l);
		l += n + (l[n] == '\n');
	}
	/* nothing was cut to fit (a cut line would pass the width check above) */
	stats_report r;
	char err[256];
	assert_int_equal(stats_collect(f->st, NULL, &r, err, sizeof err), 0);
	gv_buf b = GV_BUF_INIT;
	assert_int_equal(statsfmt_text(&r, 80, &b), 0);
	assert_true(buf_ok(&b));
	buf_putc(&b, '\0');
	assert_string_equal(b.p, s); /* the command prints the formatter's text */
	buf_free(&b);
	b = (gv_buf)GV_BUF_INIT;
	assert_true(statsfmt_text(&r, 60, &b) > 0); /* narrower than the layout: cut, and said so */
	for (const char *l = b.p; l < b.p + b.len;) {
		size_t n = strcspn(l, "\n");
		assert_true(n <= 60);
		l += n + 1;
	}
	buf_free(&b);
	stats_free(&r);
	const char *golden = "tests/golden/stats_80.txt";
	if (getenv("GV_UPDATE_GOLDEN"))
		tu_write(golden, s);
	size_t n;
	char *want = tu_slurp(golden, &n);
	if (!want)
		fail_msg("%s missing (GV_UPDATE_GOLDEN=1 writes it)", golden);
	if (strcmp(s, want) != 0) {
		fprintf(stderr, "---- got\n%s---- want\n%s", s, want);
		fail_msg("stats text differs from %s", golden);
	}
	free(want);
	free(s);
}

/* A store with summaries but no rating: says so rather than printing empty tables. */
static void test_no_ratings(void **state)
{
	fx *f = *state;
	gv_patient p;
	record_patient_init(&p);
	snprintf(p.ext_id, sizeof p.ext_id, "P1");
	p.sex = GV_FEMALE;
	p.birth_date = age_days_from_civil(2020, 1, 1);
	assert_int_equal(store_patient_insert(f->st, &p, NULL, "test", "tester"), STORE_OK);
	add_summary(f, p.id, "alpha", "Alpha text.");
	int rc;
	char *s = run_stats(f, NULL, NULL, NULL, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(s, "Summaries: 1 by 1 model on 1 child; 0 with a stored claim check.\n"
			       "Those without a check count in no rate (`growthview check --all` checks them).\n"
			       "\n"
			       "Ratings: none yet, so no win/tie/loss, ranking, scores or agreement to show.\n"
			       "Make a queue with `growthview queue build`, then rate with `growthview rate`.\n");
	free(s);
	/* a rater's correction is a reference, not a model's summary: counted apart */
	store_summary c;
	store_summary_init(&c);
	c.patient_id = p.id;
	c.model = "ann";
	c.backend = STORE_BACKEND_IMPORTED;
	c.text = "Alpha text, corrected.";
	c.text_len = strlen(c.text);
	char sid[STORE_SUMMARY_ID_MAX + 1];
	tu_sql_text(f->db, "SELECT summary_id FROM summaries", sid, sizeof sid);
	c.corrects = sid;
	assert_int_equal(store_summary_put(f->st, &c, NULL, NULL, 0), STORE_OK);
	s = run_stats(f, NULL, NULL, NULL, &rc);
	assert_non_null(strstr(s, "Summaries: 1 by 1 model on 1 child;"));
	assert_non_null(strstr(s, "\n1 corrected summary by raters (references, not a model's) left out.\n"));
	free(s);
	s = run_stats(f, "--json", NULL, NULL, &rc);
	cJSON *o = cJSON_Parse(s);
	assert_non_null(o);
	cJSON *sj = cJSON_GetObjectItem(o, "summaries");
	assert_int_equal(cJSON_GetObjectItem(sj, "total")->valueint, 1);
	assert_int_equal(cJSON_GetObjectItem(sj, "corrections")->valueint, 1);
	cJSON *rt = cJSON_GetObjectItem(o, "ratings");
	assert_int_equal(cJSON_GetObjectItem(rt, "assigned")->valueint, 0);
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(rt, "ranking"), "status")->valuestring, "no_data");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(rt, "raters")), 0);
	cJSON_Delete(o);
	free(s);
	/* an empty store */
	store_close(f->st);
	unlink(f->db);
	char err[256];
	assert_int_equal(store_open(f->db, 0, &f->st, err, sizeof err), STORE_OK);
	s = run_stats(f, NULL, NULL, NULL, &rc);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(s, "Summaries: none stored yet"));
	free(s);
}

/* Three raters on the same three items (choices only matter): Cohen's kappa comes from the first
 * two ratings of each item (ann, bob: by id), Fleiss' kappa and percent agreement from all three; dee's queue
 * names summary 1 and 2 the other way round.
 *   item  ann    bob    dee      (-1 alpha preferred, +1 beta)
 *   i1    -1     -1     -1
 *   i2    +1     +1     +1
 *   i3    -1     +1     +1
 * Cohen (ann, bob): p_o = 2/3, marginals (2/3, 1/3) and (1/3, 2/3), p_e = 4/9, kappa = 0.4.
 * Fleiss: P_i = 1, 1, 1/3, mean 7/9; p = (4/9, 5/9), P_e = 41/81, kappa = (63 - 41)/40 = 0.55.
 * (Read with dee's sides the wrong way round, Fleiss would be -0.35.) */
static void test_three_raters(void **state)
{
	fx *f = *state;
	int64_t a[3], b[3];
	for (int k = 0; k < 3; k++) {
		gv_patient p;
		record_patient_init(&p);
		snprintf(p.ext_id, sizeof p.ext_id, "T%d", k);
		p.sex = GV_MALE;
		p.birth_date = age_days_from_civil(2021, 2, 1 + k);
		assert_int_equal(store_patient_insert(f->st, &p, NULL, "test", "tester"), STORE_OK);
		f->pid[k] = p.id;
		a[k] = add_summary(f, p.id, "alpha", k == 1 ? "Alpha, a longer text here." : "Alpha.");
		b[k] = add_summary(f, p.id, "beta", k == 2 ? "Beta, a longer text than that." : "Beta text.");
	}
	int64_t rid[3];
	const char *names[3] = {"ann", "bob", "dee"};
	for (int i = 0; i < 3; i++) {
		store_rater x;
		assert_int_equal(store_rater_add(f->st, names[i], STORE_ROLE_ANNOTATOR, &x), STORE_OK);
		rid[i] = x.id;
	}
	/* ann and bob in queue "three" (summary 1 alpha, shown left); dee in queue "three-b", whose
	 * items name the pairs the other way round (summary 1 beta), shown swapped: the same screens,
	 * so the same pairs of summaries, whatever each queue calls summary 1 */
	queue_item items[3], itemsb[3];
	queue_assignment as[6], asb[3];
	for (int k = 0; k < 3; k++) {
		items[k] = (queue_item){f->pid[k], a[k], b[k], "alpha", "beta", 0, 0, 2};
		itemsb[k] = (queue_item){f->pid[k], b[k], a[k], "beta", "alpha", 0, 0, 1};
		for (int i = 0; i < 2; i++)
			as[3 * i + k] = (queue_assignment){(size_t)i, (size_t)k, (size_t)k, a[k], b[k], 0};
		asb[k] = (queue_assignment){0, (size_t)k, (size_t)k, a[k], b[k], 1};
	}
	queue_plan plan = {items, 3, as, 6, 3, 0, 3, 3};
	queue_plan planb = {itemsb, 3, asb, 3, 3, 0, 3, 0};
	uint64_t seeds[3] = {1, 2, 3};
	store_queue_spec q = {"three", "alpha,beta", 1, "{}", rid, seeds, 2};
	store_queue_spec qb = {"three-b", "beta,alpha", 2, "{}", rid + 2, seeds + 2, 1};
	int64_t qid, qidb;
	assert_int_equal(store_queue_create(f->st, &q, &plan, &qid), STORE_OK);
	assert_int_equal(store_queue_create(f->st, &qb, &planb, &qidb), STORE_OK);
	static const int side[3][3] = {{-1, -1, -1}, {1, 1, 1}, {-1, 1, 1}}; /* [item][rater] */
	for (int i = 0; i < 3; i++) {
		int64_t it[3];
		items_of(f, rid[i], i == 2 ? qidb : qid, it, 3);
		for (int k = 0; k < 3; k++)
			submit(f, rid[i], it[k], 4, 4, side[k][i] < 0 ? RUBRIC_A_BETTER : RUBRIC_B_BETTER, 0, 0, 0);
	}
	stats_report r;
	char err[256];
	assert_int_equal(stats_collect(f->st, NULL, &r, err, sizeof err), 0);
	assert_int_equal(r.overlap_items, 3);
	assert_int_equal(r.agree_cols, 3);
	const agree_report *ch = &r.agree[STATS_AG_CHOICE];
	assert_int_equal(ch->cohen.st, GV_OK);
	assert_float_equal(ch->cohen.est, 0.4, EPS);
	assert_float_equal(ch->fleiss.est, 0.55, EPS);
	assert_float_equal(ch->percent.est, 7.0 / 9, EPS);
	assert_int_equal(ch->n_values, 9);
	/* every correctness rating is 4: quadratic Cohen undefined, said so */
	assert_int_equal(r.agree[RUBRIC_CORRECTNESS].cohen_quadratic.st, GV_MISSING);
	/* W/T/L: alpha won 4 of 9 votes (ann i1 i3, bob i1, dee i1) */
	const stats_model *ma = model(&r, "alpha");
	assert_int_equal(r.rank.wtl[ma->rank].wins, 4);
	assert_int_equal(r.rank.wtl[ma->rank].losses, 5);
	assert_float_equal(r.rank.plain.theta[ma->rank], log(4.0 / 5) / 2, 1e-7);
	stats_free(&r);
	/* a damaged draft (dee's rating of i3) is counted and used nowhere: 8 votes, and i3 then has
	 * two ratings, so Fleiss changes; Cohen (ann, bob) does not */
	char sql[256];
	int64_t it[3];
	items_of(f, rid[2], qidb, it, 3);
	snprintf(sql, sizeof sql, "UPDATE ratings SET draft = 'format=gv-rating-1' WHERE item = %lld", (long long)it[2]);
	tu_sql_exec(f->db, sql);
	assert_int_equal(stats_collect(f->st, NULL, &r, err, sizeof err), 0);
	assert_int_equal(r.unreadable, 1);
	assert_int_equal(r.submitted, 8);
	assert_int_equal(r.votes, 8);
	assert_int_equal(rater(&r, "dee")->unreadable, 1);
	assert_float_equal(r.agree[STATS_AG_CHOICE].cohen.est, 0.4, EPS);
	assert_int_equal(r.agree[STATS_AG_CHOICE].n_values, 8);
	stats_free(&r);
}

/* `app_stats --fixture PATH` writes the study to a new database PATH (for tests/sh_tui_stats.sh). */
static int fixture(const char *path)
{
	fx f;
	memset(&f, 0, sizeof f);
	snprintf(f.db, sizeof f.db, "%s", path);
	char err[512];
	if (store_open(f.db, 0, &f.st, err, sizeof err) != STORE_OK) {
		fprintf(stderr, "app_stats: %s\n", err);
		return 1;
	}
	study(&f);
	store_close(f.st);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--fixture") == 0)
		return fixture(argv[2]);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_hand_computed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json_contract, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_80, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_ratings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_three_raters, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
