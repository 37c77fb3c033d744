/* core_queue.c — rating queues: hand-checked small cases (which pairs become items, gold items,
 * sides), determinism, properties of a large plan (no rater gets an item twice, per-rater counts,
 * overlap and gold shares within rounding, left/right balance per rater exact for even counts and
 * within one for odd), gold scoring, and the adjudication rule at its edges. */
#include "tests/testutil.h"

#include "core/baseline.h"
#include "core/queue.h"
#include "core/synth.h"

static const char *const M2[] = {"m1", "m2"};

#define PLANT(k) (1u << (k))

static void test_items_small(void **state)
{
	(void)state;
	/* child 1: m1 (ids 10 and 12: 12 is the latest), m2, m3 (not asked for);
	 * child 2: m1 and m2 for different audiences (no pair), m2 clinician twice;
	 * child 3: m1, m2 with another template for m2 (no pair). */
	const queue_summary s[] = {
		{10, 1, "m1", "clinician", "t1", 0},  {12, 1, "m1", "clinician", "t1", 0},
		{11, 1, "m2", "clinician", "t1", 0},  {13, 1, "m3", "clinician", "t1", 0},
		{20, 2, "m1", "family", "t1", 0},     {21, 2, "m2", "clinician", "t1", 0},
		{22, 2, "m2", "clinician", "t1", 0},  {30, 3, "m1", "clinician", "t1", 0},
		{31, 3, "m2", "clinician", "t2", 0},  {40, 4, "m2", "family", "t1", 0},
		{41, 4, "m1", "family", "t1", 0},
	};
	queue_options o = {M2, 2, 1, NULL, 0, 0, 0, 5};
	queue_plan p;
	assert_int_equal(queue_build(s, sizeof s / sizeof s[0], &o, &p), GV_OK);
	assert_int_equal(p.ncandidates, 2);
	assert_int_equal(p.ngold_candidates, 0);
	assert_int_equal(p.nitems, 2);
	assert_int_equal(p.na, 2);
	/* the items, in either order: (1: 12 vs 11) and (4: 41 vs 40), s1 always m1 */
	int seen1 = 0, seen4 = 0;
	for (size_t i = 0; i < p.nitems; i++) {
		const queue_item *it = &p.items[i];
		assert_string_equal(it->model1, "m1");
		assert_string_equal(it->model2, "m2");
		assert_int_equal(it->nraters, 1);
		assert_false(it->gold);
		if (it->child == 1) {
			assert_int_equal(it->s1, 12);
			assert_int_equal(it->s2, 11);
			seen1++;
		} else {
			assert_int_equal(it->child, 4);
			assert_int_equal(it->s1, 41);
			assert_int_equal(it->s2, 40);
			seen4++;
		}
	}
	assert_int_equal(seen1 + seen4, 2);
	/* two items of one pair of models for one rater: one each way round */
	assert_int_equal(p.a[0].swapped + p.a[1].swapped, 1);
	for (size_t k = 0; k < p.na; k++) {
		const queue_assignment *a = &p.a[k];
		assert_int_equal(a->rater, 0);
		assert_int_equal(a->pos, k);
		const queue_item *it = &p.items[a->item];
		assert_int_equal(a->left, a->swapped ? it->s2 : it->s1);
		assert_int_equal(a->right, a->swapped ? it->s1 : it->s2);
	}
	queue_plan_free(&p);

	/* three models: every pair */
	static const char *const M3[] = {"m3", "m1", "m2"};
	queue_options o3 = {M3, 3, 1, NULL, 0, 0, 0, 5};
	assert_int_equal(queue_build(s, sizeof s / sizeof s[0], &o3, &p), GV_OK);
	assert_int_equal(p.ncandidates, 4); /* child 1: m3-m1, m3-m2, m1-m2; child 4: m1-m2 */
	for (size_t i = 0; i < p.nitems; i++)
		if (p.items[i].child == 1 && p.items[i].s1 == 13)
			assert_string_equal(p.items[i].model1, "m3"); /* --models order */
	queue_plan_free(&p);
}

static void test_options_refused(void **state)
{
	(void)state;
	const queue_summary s[] = {{1, 1, "m1", "c", "t", 0}, {2, 1, "m2", "c", "t", 0}};
	queue_plan p;
	queue_options o = {M2, 2, 1, NULL, 0, 0, 0, 1};
	o.nraters = 0;
	assert_int_equal(queue_build(s, 2, &o, &p), GV_EINVAL);
	o.nraters = 1;
	o.nmodels = 1;
	assert_int_equal(queue_build(s, 2, &o, &p), GV_EINVAL);
	o.nmodels = 2;
	o.overlap = 1.01;
	assert_int_equal(queue_build(s, 2, &o, &p), GV_EINVAL);
	o.overlap = -0.1;
	assert_int_equal(queue_build(s, 2, &o, &p), GV_EINVAL);
	o.overlap = NAN;
	assert_int_equal(queue_build(s, 2, &o, &p), GV_EINVAL);
	o.overlap = 0;
	o.gold = 1;
	assert_int_equal(queue_build(s, 2, &o, &p), GV_EINVAL);
	o.gold = 0;
	assert_int_equal(queue_build(NULL, 2, &o, &p), GV_EINVAL);
	assert_int_equal(queue_build(NULL, 0, &o, &p), GV_OK);
	assert_int_equal(p.na, 0);
	queue_plan_free(&p);
	assert_int_equal(queue_build(s, 2, NULL, &p), GV_EINVAL);
}

/* Gold: baseline vs a demo variant with planted mistakes, whatever --models says. */
static void test_gold_small(void **state)
{
	(void)state;
	unsigned planted = PLANT(VARIANTS_UNIT_ERROR) | PLANT(VARIANTS_WRONG_TREND);
	const queue_summary s[] = {
		{1, 7, "m1", "clinician", "t", 0},
		{2, 7, "m2", "clinician", "t", 0},
		{3, 7, BASELINE_MODEL, "clinician", "t", 0},
		{4, 7, "demo-variant-1", "clinician", "t", planted},
		{5, 7, "demo-variant-2", "clinician", "t", 0},   /* nothing planted: not gold */
		{6, 8, "demo-variant-1", "clinician", "t", planted}, /* no baseline there */
	};
	queue_options o = {M2, 2, 2, NULL, 0, 0.5, 2, 9};
	queue_plan p;
	assert_int_equal(queue_build(s, 6, &o, &p), GV_OK);
	assert_int_equal(p.ncandidates, 1);
	assert_int_equal(p.ngold_candidates, 1);
	/* per rater 2: one gold, one ordinary; 2 raters, overlap 0 -> ordinary U = 2 wanted, 1 there */
	assert_int_equal(p.nitems, 2);
	size_t gold_n = 0;
	for (size_t i = 0; i < p.nitems; i++)
		if (p.items[i].gold) {
			gold_n++;
			assert_int_equal(p.items[i].s1, 3);
			assert_int_equal(p.items[i].s2, 4);
			assert_int_equal(p.items[i].planted, planted);
			assert_string_equal(p.items[i].model1, BASELINE_MODEL);
			assert_int_equal(p.items[i].nraters, 2); /* both raters calibrate on it */
		}
	assert_int_equal(gold_n, 1);
	size_t per[2] = {0, 0};
	for (size_t k = 0; k < p.na; k++)
		per[p.a[k].rater]++;
	assert_int_equal(per[0] + per[1], 3);
	queue_plan_free(&p);

	/* baseline and the variant among --models: still gold, never an ordinary item */
	static const char *const MB[] = {BASELINE_MODEL, "demo-variant-1"};
	queue_options ob = {MB, 2, 1, NULL, 0, 0, 0, 9};
	assert_int_equal(queue_build(s, 6, &ob, &p), GV_OK);
	assert_int_equal(p.ncandidates, 0);
	assert_int_equal(p.ngold_candidates, 1);
	assert_int_equal(p.na, 0); /* gold share 0 */
	queue_plan_free(&p);
}

/* The same plan from the same input in another order. */
static void test_deterministic(void **state)
{
	(void)state;
	enum { N = 60 };
	queue_summary s[N], t[N];
	for (int i = 0; i < N; i++) {
		s[i] = (queue_summary){100 + i, i / 2, i % 2 ? "m2" : "m1", "clinician", "t", 0};
		t[N - 1 - i] = s[i];
	}
	queue_options o = {M2, 2, 3, NULL, 0.3, 0, 0, 42};
	queue_plan a, b;
	assert_int_equal(queue_build(s, N, &o, &a), GV_OK);
	assert_int_equal(queue_build(t, N, &o, &b), GV_OK);
	assert_int_equal(a.na, b.na);
	for (size_t k = 0; k < a.na; k++) {
		assert_int_equal(a.a[k].rater, b.a[k].rater);
		assert_int_equal(a.a[k].pos, b.a[k].pos);
		assert_int_equal(a.a[k].left, b.a[k].left);
		assert_int_equal(a.a[k].right, b.a[k].right);
	}
	/* another seed: another plan */
	queue_plan c;
	o.seed = 43;
	assert_int_equal(queue_build(s, N, &o, &c), GV_OK);
	int differ = 0;
	for (size_t k = 0; k < a.na && k < c.na; k++)
		differ += a.a[k].left != c.a[k].left || a.a[k].rater != c.a[k].rater;
	assert_true(differ > 0);
	/* a stored rater seed changes only that rater's order and sides */
	uint64_t seeds[3] = {queue_rater_seed(42, 0), 777, queue_rater_seed(42, 2)};
	o.seed = 42;
	o.rater_seed = seeds;
	queue_plan d;
	assert_int_equal(queue_build(s, N, &o, &d), GV_OK);
	int same0 = 1, same1 = 1;
	for (size_t k = 0; k < a.na; k++) {
		if (a.a[k].rater == 0)
			same0 &= a.a[k].left == d.a[k].left;
		if (a.a[k].rater == 1)
			same1 &= a.a[k].left == d.a[k].left;
	}
	assert_true(same0);
	assert_false(same1);
	queue_plan_free(&a);
	queue_plan_free(&b);
	queue_plan_free(&c);
	queue_plan_free(&d);
}

typedef struct big {
	queue_summary *s;
	size_t n;
} big;

/* children x audiences, every child with m1, m2, m3, the baseline and a variant (a third of them
 * with planted mistakes). */
static big make_big(size_t children)
{
	static const char *const models[] = {"m1", "m2", "m3", BASELINE_MODEL, "demo-variant-2"};
	static const char *const aud[] = {"clinician", "family"};
	big b = {calloc(children * 2 * 5, sizeof(queue_summary)), 0};
	int64_t id = 1;
	for (size_t c = 0; c < children; c++)
		for (int a = 0; a < 2; a++)
			for (int m = 0; m < 5; m++)
				b.s[b.n++] = (queue_summary){id++, (int64_t)c, models[m], aud[a], "growth-v3",
							    m == 4 && c % 3 == 0 ? PLANT(VARIANTS_MISSED_FLAG) : 0};
	return b;
}

static void check_plan(const queue_plan *p, const queue_options *o, size_t want_per_rater)
{
	size_t R = o->nraters;
	size_t *cnt = calloc(R, sizeof *cnt), *gold = calloc(R, sizeof *gold);
	unsigned char *seen = calloc(R * p->nitems, 1);
	for (size_t k = 0; k < p->na; k++) {
		const queue_assignment *a = &p->a[k];
		assert_true(a->rater < R);
		assert_true(a->item < p->nitems);
		if (seen[a->rater * p->nitems + a->item])
			fail_msg("rater %zu got item %zu twice", a->rater, a->item);
		seen[a->rater * p->nitems + a->item] = 1;
		if (k && p->a[k - 1].rater == a->rater)
			assert_int_equal(a->pos, p->a[k - 1].pos + 1);
		else
			assert_int_equal(a->pos, 0);
		cnt[a->rater]++;
		gold[a->rater] += (size_t)p->items[a->item].gold;
		const queue_item *it = &p->items[a->item];
		assert_int_equal(a->left, a->swapped ? it->s2 : it->s1);
	}
	size_t want_gold = (size_t)floor(o->gold * (double)want_per_rater + 0.5);
	for (size_t r = 0; r < R; r++) {
		assert_int_equal(cnt[r], want_per_rater);
		assert_int_equal(gold[r], want_gold);
	}
	/* items: raters counted; ordinary doubles exactly ndouble, the share within rounding */
	size_t doubles = 0, ordinary = 0;
	for (size_t i = 0; i < p->nitems; i++) {
		unsigned n = 0;
		for (size_t r = 0; r < R; r++)
			n += seen[r * p->nitems + i];
		assert_int_equal(n, p->items[i].nraters);
		if (!p->items[i].gold) {
			ordinary++;
			assert_true(n == 1 || n == 2);
			doubles += n == 2;
		}
	}
	assert_int_equal(ordinary, p->nordinary);
	assert_int_equal(doubles, p->ndouble);
	double share = (double)doubles / (double)ordinary;
	if (fabs(share - o->overlap) > 1.0 / (double)ordinary)
		fail_msg("overlap share %.4f, asked %.2f (%zu of %zu)", share, o->overlap, doubles, ordinary);
	free(cnt);
	free(gold);
	free(seen);
}

/* Left/right balance: per rater, per pair of models, the first model is on the left in exactly
 * half the items (an odd count: within one). */
static void check_balance(const queue_plan *p, size_t R)
{
	for (size_t r = 0; r < R; r++) {
		for (size_t k = 0; k < p->na; k++) {
			if (p->a[k].rater != r)
				continue;
			const queue_item *ik = &p->items[p->a[k].item];
			size_t n = 0, sw = 0;
			for (size_t j = 0; j < p->na; j++) {
				const queue_item *ij = &p->items[p->a[j].item];
				if (p->a[j].rater == r && strcmp(ij->model1, ik->model1) == 0 &&
				    strcmp(ij->model2, ik->model2) == 0) {
					n++;
					sw += (size_t)p->a[j].swapped;
				}
			}
			if (n % 2 == 0 ? sw * 2 != n : (sw != n / 2 && sw != n / 2 + 1))
				fail_msg("rater %zu, %s vs %s: %zu of %zu swapped", r, ik->model1, ik->model2, sw, n);
		}
	}
}

static void test_large_properties(void **state)
{
	(void)state;
	big b = make_big(400); /* 800 groups: 2400 ordinary candidates, 268 gold */
	static const char *const M3[] = {"m1", "m2", "m3"};
	queue_options o = {M3, 3, 7, NULL, 0.2, 0.1, 40, 2026};
	queue_plan p;
	assert_int_equal(queue_build(b.s, b.n, &o, &p), GV_OK);
	assert_int_equal(p.ncandidates, 2400);
	assert_int_equal(p.ngold_candidates, 2 * 134);
	/* 7 raters x 36 ordinary = 252 = U + D with D = 0.2 U: U = 210, D = 42 */
	assert_int_equal(p.nordinary, 210);
	assert_int_equal(p.ndouble, 42);
	check_plan(&p, &o, 40);
	check_balance(&p, 7);
	queue_plan_free(&p);

	/* odd per-rater counts, two models, another overlap */
	queue_options o2 = {M2, 2, 5, NULL, 0.35, 0.15, 33, 7};
	assert_int_equal(queue_build(b.s, b.n, &o2, &p), GV_OK);
	check_plan(&p, &o2, 33);
	check_balance(&p, 5);
	queue_plan_free(&p);

	/* even counts, two models, no gold: exactly half each way per rater */
	queue_options o3 = {M2, 2, 4, NULL, 0.5, 0, 50, 11};
	assert_int_equal(queue_build(b.s, b.n, &o3, &p), GV_OK);
	check_plan(&p, &o3, 50);
	for (size_t r = 0; r < 4; r++) {
		size_t sw = 0;
		for (size_t k = 0; k < p.na; k++)
			if (p.a[k].rater == r)
				sw += (size_t)p.a[k].swapped;
		assert_int_equal(sw, 25);
	}
	/* the partners of the double items vary */
	unsigned pairs = 0;
	for (size_t i = 0; i < p.nitems; i++) {
		if (p.items[i].nraters != 2)
			continue;
		size_t r[2], k2 = 0;
		for (size_t k = 0; k < p.na; k++)
			if (p.a[k].item == i)
				r[k2++] = p.a[k].rater;
		pairs |= 1u << (r[0] * 4 + r[1]);
	}
	int distinct = 0;
	for (unsigned x = pairs; x; x &= x - 1)
		distinct++;
	assert_true(distinct >= 5); /* of the 6 possible pairs of 4 raters */
	queue_plan_free(&p);

	/* every candidate shared out (no --per-rater): loads within one */
	queue_options o4 = {M2, 2, 3, NULL, 0.2, 0, 0, 3};
	assert_int_equal(queue_build(b.s, b.n, &o4, &p), GV_OK);
	assert_int_equal(p.nordinary, 800);
	assert_int_equal(p.ndouble, 160);
	size_t cnt[3] = {0, 0, 0};
	for (size_t k = 0; k < p.na; k++)
		cnt[p.a[k].rater]++;
	assert_int_equal(cnt[0] + cnt[1] + cnt[2], 960);
	for (int r = 0; r < 3; r++)
		assert_int_equal(cnt[r], 320);
	check_balance(&p, 3);
	queue_plan_free(&p);

	/* one rater: no overlap possible */
	queue_options o5 = {M2, 2, 1, NULL, 0.5, 0, 10, 3};
	assert_int_equal(queue_build(b.s, b.n, &o5, &p), GV_OK);
	assert_int_equal(p.ndouble, 0);
	assert_int_equal(p.na, 10);
	queue_plan_free(&p);
	free(b.s);
}

static void test_gold_score(void **state)
{
	(void)state;
	queue_item it = {1, 10, 11, BASELINE_MODEL, "demo-variant-1", 1,
			 PLANT(VARIANTS_UNIT_ERROR) | PLANT(VARIANTS_WRONG_TREND), 1};
	rating r;
	rating_init(&r);
	rating_change ch;
	for (int s = 0; s < 2; s++) {
		for (int a = 0; a < RUBRIC_NAXES; a++)
			rating_set(&r, s, (rating_field)a, 3, &ch);
		rating_set(&r, s, RATING_F_HARM, RUBRIC_HARM_NONE, &ch);
	}
	/* not swapped: the variant is B; the rater tags unit_error (and other) on B, prefers A */
	rating_toggle_tag(&r, 1, RUBRIC_TAG_UNIT_ERROR, &ch);
	rating_toggle_tag(&r, 1, RUBRIC_TAG_OTHER, &ch);
	rating_toggle_tag(&r, 0, RUBRIC_TAG_WRONG_TREND, &ch); /* on the wrong summary: not caught */
	rating_set(&r, 0, RATING_F_CHOICE, RUBRIC_A_BETTER, &ch);
	queue_gold g = {0, 0, 0, 0};
	assert_int_equal(queue_gold_score(&it, 0, &r, &g), 0); /* a draft: not scored */
	assert_int_equal(g.items, 0);
	assert_int_equal(rating_submit(&r, &ch), RATING_OK);
	unsigned missed = queue_gold_score(&it, 0, &r, &g);
	assert_int_equal(missed, RUBRIC_TAG_BIT(RUBRIC_TAG_WRONG_TREND));
	assert_int_equal(g.items, 1);
	assert_int_equal(g.planted, 2);
	assert_int_equal(g.caught, 1);
	assert_int_equal(g.choice_right, 1);
	/* the same rating, but the variant was on the left: A's tag caught, the choice wrong */
	missed = queue_gold_score(&it, 1, &r, &g);
	assert_int_equal(missed, RUBRIC_TAG_BIT(RUBRIC_TAG_UNIT_ERROR));
	assert_int_equal(g.items, 2);
	assert_int_equal(g.planted, 4);
	assert_int_equal(g.caught, 2);
	assert_int_equal(g.choice_right, 1);
	/* a tie is not right */
	rating_reopen(&r, &ch);
	rating_set(&r, 0, RATING_F_CHOICE, RUBRIC_TIE, &ch);
	rating_submit(&r, &ch);
	queue_gold_score(&it, 0, &r, &g);
	assert_int_equal(g.choice_right, 1);
	rating_reopen(&r, &ch);
	rating_set(&r, 0, RATING_F_CHOICE, RUBRIC_B_MUCH_BETTER, &ch);
	rating_submit(&r, &ch);
	queue_gold_score(&it, 1, &r, &g); /* variant left, B (baseline) much better: right */
	assert_int_equal(g.choice_right, 2);
	assert_int_equal(g.items, 4);
	/* an ordinary item is not scored */
	it.gold = 0;
	assert_int_equal(queue_gold_score(&it, 0, &r, &g), 0);
	assert_int_equal(g.items, 4);
	rating_free(&r);
}

static void set_all(rating *r, int score)
{
	rating_change ch;
	for (int s = 0; s < 2; s++) {
		for (int a = 0; a < RUBRIC_NAXES; a++)
			rating_set(r, s, (rating_field)a, score, &ch);
		rating_set(r, s, RATING_F_HARM, RUBRIC_HARM_NONE, &ch);
	}
}

static void test_disagree(void **state)
{
	(void)state;
	rating x, y;
	rating_init(&x);
	rating_init(&y);
	rating_change ch;
	char why[256];
	set_all(&x, 3);
	set_all(&y, 3);
	rating_set(&x, 0, RATING_F_CHOICE, RUBRIC_A_BETTER, &ch);
	rating_set(&y, 0, RATING_F_CHOICE, RUBRIC_B_MUCH_BETTER, &ch);
	assert_int_equal(queue_disagree(&x, 0, &y, 0, why, sizeof why), QUEUE_DIS_CHOICE);
	assert_string_equal(why, "choice: s1 better vs s2 much better");
	/* y saw the item the other way round: B was summary 1, so both prefer summary 1 */
	assert_int_equal(queue_disagree(&x, 0, &y, 1, why, sizeof why), 0);
	assert_string_equal(why, "");
	/* a tie or both unacceptable is on neither side */
	rating_set(&y, 0, RATING_F_CHOICE, RUBRIC_TIE, &ch);
	assert_int_equal(queue_disagree(&x, 0, &y, 0, why, sizeof why), 0);
	rating_set(&y, 0, RATING_F_CHOICE, RUBRIC_BOTH_UNACCEPTABLE, &ch);
	assert_int_equal(queue_disagree(&x, 0, &y, 0, why, sizeof why), 0);
	rating_set(&y, 0, RATING_F_CHOICE, RUBRIC_A_MUCH_BETTER, &ch);
	/* axes: apart by 1 agree, by exactly 2 disagree (the edge) */
	rating_set(&y, 0, RATING_F_COMPLETENESS, 4, &ch);
	rating_set(&y, 1, RATING_F_CLARITY, 2, &ch);
	assert_int_equal(queue_disagree(&x, 0, &y, 0, why, sizeof why), 0);
	rating_set(&y, 0, RATING_F_COMPLETENESS, 5, &ch);
	assert_int_equal(queue_disagree(&x, 0, &y, 0, why, sizeof why), QUEUE_DIS_AXIS);
	assert_string_equal(why, "s1 completeness 3 vs 5");
	rating_set(&y, 1, RATING_F_CLARITY, 1, &ch);
	assert_int_equal(queue_disagree(&x, 0, &y, 0, why, sizeof why), QUEUE_DIS_AXIS);
	assert_string_equal(why, "s1 completeness 3 vs 5; s2 clarity 3 vs 1");
	/* swapped: y's A is summary 2 */
	assert_int_equal(queue_disagree(&x, 0, &y, 1, why, sizeof why), QUEUE_DIS_AXIS | QUEUE_DIS_CHOICE);
	assert_string_equal(why, "choice: s1 better vs s2 much better; s1 clarity 3 vs 1; s2 completeness 3 vs 5");
	/* harm extents that differ, by any step */
	rating_set(&y, 0, RATING_F_COMPLETENESS, 3, &ch);
	rating_set(&y, 1, RATING_F_CLARITY, 3, &ch);
	rating_set(&y, 1, RATING_F_HARM, RUBRIC_HARM_MILD_MODERATE, &ch);
	assert_int_equal(queue_disagree(&x, 0, &y, 0, why, sizeof why), QUEUE_DIS_HARM);
	assert_string_equal(why, "s2 harm none vs mild_moderate");
	/* unset fields are not compared */
	rating_set(&x, 1, RATING_F_HARM, RATING_UNSET, &ch);
	rating_set(&x, 0, RATING_F_CORRECTNESS, RATING_UNSET, &ch);
	rating_set(&y, 0, RATING_F_CORRECTNESS, 5, &ch);
	rating_set(&x, 0, RATING_F_CHOICE, RATING_UNSET, &ch);
	rating_set(&y, 0, RATING_F_CHOICE, RUBRIC_B_MUCH_BETTER, &ch);
	assert_int_equal(queue_disagree(&x, 0, &y, 0, NULL, 0), 0);
	/* a cut reason stays NUL-terminated */
	rating_set(&x, 1, RATING_F_HARM, RUBRIC_HARM_SEVERE, &ch);
	char small[12];
	assert_int_equal(queue_disagree(&x, 0, &y, 0, small, sizeof small), QUEUE_DIS_HARM);
	assert_string_equal(small, "s2 harm sev");
	rating_free(&x);
	rating_free(&y);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_items_small),
		cmocka_unit_test(test_options_refused),
		cmocka_unit_test(test_gold_small),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_large_properties),
		cmocka_unit_test(test_gold_score),
		cmocka_unit_test(test_disagree),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
