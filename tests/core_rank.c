/* core_rank.c — model comparison on hand-computable data: win/tie/loss counts, Bradley-Terry
 * strengths equal to win ratios (two models) and to planted strengths (a saturated three-model
 * design), the score equations, Ford's condition, a length covariate that exactly absorbs a
 * planted preference and one that absorbs a simulated one, position bias and swap flips, and
 * per-group ratios with bootstrap intervals. */
#include "tests/testutil.h"

#include "core/rank.h"
#include "core/synth.h"

/* n votes on fresh items (item = running index), model a shown left, choice c. */
static size_t add(rank_vote *v, size_t k, int n, uint16_t a, uint16_t b, rank_choice c, float la, float lb)
{
	for (int i = 0; i < n; i++, k++) {
		v[k].item = (uint32_t)k;
		v[k].rater = 0;
		v[k].model_a = a;
		v[k].model_b = b;
		v[k].choice = (uint8_t)c;
		v[k].len_a = la;
		v[k].len_b = lb;
	}
	return k;
}

static rank_opts opts(uint32_t n_boot)
{
	rank_opts o;
	rank_default_opts(&o);
	o.n_boot = n_boot;
	return o;
}

static void test_counts(void **state)
{
	(void)state;
	rank_vote v[8];
	size_t n = 0;
	n = add(v, n, 2, 0, 1, RANK_A_MUCH_BETTER, 1, 1); /* 0 beats 1 twice, by much */
	n = add(v, n, 1, 1, 0, RANK_A_BETTER, 1, 1);      /* 1 beats 0 */
	n = add(v, n, 1, 0, 2, RANK_TIE, 1, 1);           /* 0 ties 2 */
	n = add(v, n, 1, 2, 1, RANK_BOTH_BAD, 1, 1);      /* 2 ties 1, both bad */
	n = add(v, n, 1, 2, 0, RANK_B_MUCH_BETTER, 1, 1); /* 0 beats 2 by much */
	rank_wtl w[3];
	uint32_t pw[9], pt[9];
	assert_int_equal(rank_counts(v, n, 3, w, pw, pt), GV_OK);
	assert_int_equal(w[0].wins, 3);
	assert_int_equal(w[0].losses, 1);
	assert_int_equal(w[0].ties, 1);
	assert_int_equal(w[0].much, 3);
	assert_int_equal(w[0].shown_left, 3);
	assert_int_equal(w[1].wins, 1);
	assert_int_equal(w[1].losses, 2);
	assert_int_equal(w[1].ties, 1);
	assert_int_equal(w[1].both_bad, 1);
	assert_int_equal(w[2].ties, 2);
	assert_int_equal(w[2].losses, 1);
	assert_int_equal(pw[0 * 3 + 1], 2);
	assert_int_equal(pw[1 * 3 + 0], 1);
	assert_int_equal(pw[0 * 3 + 2], 1);
	assert_int_equal(pt[1 * 3 + 2], 1);
	assert_int_equal(pt[2 * 3 + 1], 1);
	assert_int_equal(rank_counts(v, 0, 3, w, NULL, NULL), GV_MISSING);
	v[0].choice = RANK_NCHOICES;
	assert_int_equal(rank_counts(v, n, 3, w, NULL, NULL), GV_EINVAL);
}

/* Two models: the strength ratio is the win ratio.  30 wins of model 0, 10 of model 1:
 * pi_0 / pi_1 = 3, theta = +-ln(3)/2, loglik = 30 ln(3/4) + 10 ln(1/4).  With 10 ties more, counted
 * as half wins: 35 : 15, theta_0 - theta_1 = ln(7/3). */
static void test_bt_two_models(void **state)
{
	(void)state;
	rank_vote v[50];
	size_t n = 0;
	n = add(v, n, 15, 0, 1, RANK_A_BETTER, 1, 1);
	n = add(v, n, 15, 1, 0, RANK_B_BETTER, 1, 1); /* shown on the other side: the same result */
	n = add(v, n, 10, 1, 0, RANK_A_MUCH_BETTER, 1, 1);
	rank_opts o = opts(0);
	rank_bt f;
	assert_int_equal(rank_bt_fit(v, n, (uint32_t)n, 2, 0, &o, &f), GV_OK);
	assert_int_equal(f.st, GV_OK);
	tu_near(f.theta[0], log(3.0) / 2, 1e-10, "theta 0");
	tu_near(f.theta[1], -log(3.0) / 2, 1e-10, "theta 1");
	tu_near(f.loglik, 30 * log(0.75) + 10 * log(0.25), 1e-9, "log-likelihood");
	tu_near(rank_elo(f.theta[0]) - rank_elo(f.theta[1]), 400 * log10(3.0), 1e-7, "Elo gap 190.8");
	n = add(v, n, 6, 0, 1, RANK_TIE, 1, 1);
	n = add(v, n, 4, 1, 0, RANK_BOTH_BAD, 1, 1);
	assert_int_equal(rank_bt_fit(v, n, (uint32_t)n, 2, 0, &o, &f), GV_OK);
	tu_near(f.theta[0] - f.theta[1], log(35.0 / 15), 1e-10, "ties as half wins");
}

/* A saturated three-model design with planted strengths pi = 1 : 2 : 4: each pair's observed
 * share equals pi_i / (pi_i + pi_j) — 0 vs 1: 1 of 3 (1/3); 0 vs 2: 1 of 5 (1/5); 1 vs 2: 1 of 3
 * (2/6) — so the likelihood is maximal there: theta = ln(1, 2, 4) - ln 2 = (-ln 2, 0, ln 2). */
static void test_bt_planted_strengths(void **state)
{
	(void)state;
	rank_vote v[11];
	size_t n = 0;
	n = add(v, n, 1, 0, 1, RANK_A_BETTER, 1, 1);
	n = add(v, n, 2, 0, 1, RANK_B_BETTER, 1, 1);
	n = add(v, n, 1, 2, 0, RANK_B_BETTER, 1, 1);
	n = add(v, n, 4, 2, 0, RANK_A_BETTER, 1, 1);
	n = add(v, n, 1, 1, 2, RANK_A_MUCH_BETTER, 1, 1);
	n = add(v, n, 2, 1, 2, RANK_B_BETTER, 1, 1);
	rank_opts o = opts(0);
	rank_bt f;
	assert_int_equal(rank_bt_fit(v, n, (uint32_t)n, 3, 0, &o, &f), GV_OK);
	assert_int_equal(f.st, GV_OK);
	tu_near(f.theta[0], -log(2.0), 1e-9, "pi 1");
	tu_near(f.theta[1], 0, 1e-9, "pi 2");
	tu_near(f.theta[2], log(2.0), 1e-9, "pi 4");
	tu_near(f.theta[0] + f.theta[1] + f.theta[2], 0, 1e-12, "centred");
}

/* A bigger, unbalanced random design: the fit satisfies W_i = sum_j N_ij p_ij (Zermelo; Ford
 * 1957) and does not depend on which side each model was shown. */
static void test_bt_score_equations(void **state)
{
	(void)state;
	enum { M = 5, NV = 3000 };
	static rank_vote v[NV], sw[NV];
	static const double truth[M] = {0.8, 0.3, 0, -0.4, -0.7};
	synth_rng r;
	synth_rng_seed(&r, 42, 0);
	for (int k = 0; k < NV; k++) {
		int a = synth_rng_int(&r, 0, M - 1), b = synth_rng_int(&r, 0, M - 2);
		if (b >= a)
			b++;
		double p = 1 / (1 + exp(truth[b] - truth[a])), u = synth_rng_uniform(&r);
		rank_choice c = u < 0.15 ? RANK_TIE : u < 0.15 + 0.85 * p ? RANK_A_BETTER : RANK_B_BETTER;
		add(v, (size_t)k, 1, (uint16_t)a, (uint16_t)b, c, 1, 1);
		/* the same vote with the sides swapped */
		add(sw, (size_t)k, 1, (uint16_t)b, (uint16_t)a,
		    c == RANK_A_BETTER ? RANK_B_BETTER : c == RANK_B_BETTER ? RANK_A_BETTER : c, 1, 1);
	}
	rank_opts o = opts(0);
	rank_bt f, g;
	assert_int_equal(rank_bt_fit(v, NV, NV, M, 0, &o, &f), GV_OK);
	assert_int_equal(rank_bt_fit(sw, NV, NV, M, 0, &o, &g), GV_OK);
	double W[M] = {0}, E[M] = {0};
	for (int k = 0; k < NV; k++) {
		int a = v[k].model_a, b = v[k].model_b;
		double h = v[k].choice == RANK_A_BETTER ? 1 : v[k].choice == RANK_TIE ? 0.5 : 0;
		W[a] += h;
		W[b] += 1 - h;
		double p = 1 / (1 + exp(f.theta[b] - f.theta[a]));
		E[a] += p;
		E[b] += 1 - p;
	}
	for (int i = 0; i < M; i++) {
		tu_near(E[i], W[i], 1e-7, "score equation, model %d", i);
		tu_near(g.theta[i], f.theta[i], 1e-9, "side-independent, model %d", i);
		/* the planted order (the 15% ties, as half wins, shrink the gaps: no closer check) */
		if (i > 0)
			assert_true(f.theta[i] < f.theta[i - 1]);
	}
}

/* Ford's condition: a model that never lost has no finite strength. */
static void test_bt_ford(void **state)
{
	(void)state;
	rank_vote v[6];
	size_t n = 0;
	n = add(v, n, 3, 0, 1, RANK_A_BETTER, 1, 1); /* 0 never loses */
	n = add(v, n, 2, 1, 2, RANK_A_BETTER, 1, 1);
	n = add(v, n, 1, 2, 1, RANK_A_BETTER, 1, 1);
	rank_opts o = opts(0);
	rank_bt f;
	assert_int_equal(rank_bt_fit(v, n, (uint32_t)n, 3, 0, &o, &f), GV_OK);
	assert_int_equal(f.st, GV_EINVAL);
	assert_true(isnan(f.theta[0]));
	/* one tie against it is enough: ties connect both ways */
	v[0].choice = RANK_TIE;
	assert_int_equal(rank_bt_fit(v, n, (uint32_t)n, 3, 0, &o, &f), GV_OK);
	assert_int_equal(f.st, GV_OK);
	/* or a ridge */
	v[0].choice = RANK_A_BETTER;
	o.ridge = 0.1;
	assert_int_equal(rank_bt_fit(v, n, (uint32_t)n, 3, 0, &o, &f), GV_OK);
	assert_int_equal(f.st, GV_OK);
	assert_true(f.theta[0] > f.theta[1] && f.theta[1] > f.theta[2] - 1);
	/* invalid input */
	o.ridge = 0;
	v[1].model_b = 0;
	assert_int_equal(rank_bt_fit(v, n, (uint32_t)n, 3, 0, &o, &f), GV_EINVAL);
	v[1].model_b = 1;
	v[1].item = 99;
	assert_int_equal(rank_bt_fit(v, n, (uint32_t)n, 3, 0, &o, &f), GV_EINVAL);
	v[1].item = 1;
	assert_int_equal(rank_bt_fit(v, 0, 0, 3, 0, &o, &f), GV_OK);
	assert_int_equal(f.st, GV_MISSING);
	assert_int_equal(rank_bt_fit(v, n, (uint32_t)n, 1, 0, &o, &f), GV_EINVAL);
}

/* The length covariate absorbs an exactly planted preference.  Two models of equal strength:
 *   2 votes with equally long texts (d = 0): each model wins once      -> theta_0 - theta_1 = 0
 *   4 votes where model 0's text has 300 words and model 1's 100, d = (300 - 100)/400 = 1/2:
 *     model 0 wins 3                                                    -> 0 + beta_raw / 2 = ln 3
 * Two cells, two parameters: the fit reproduces both shares, beta_raw = 2 ln 3 = 2.197.  The
 * plain fit sees only 4 wins of 6 for model 0: theta_0 - theta_1 = ln 2.  s = sqrt((2 * 0 + 4 *
 * 1/4) / 6) = sqrt(1/6), beta = beta_raw * s. */
static void test_bt_length_exact(void **state)
{
	(void)state;
	rank_vote v[6];
	size_t n = 0;
	n = add(v, n, 1, 0, 1, RANK_A_BETTER, 120, 120);
	n = add(v, n, 1, 0, 1, RANK_B_BETTER, 80, 80);
	n = add(v, n, 2, 0, 1, RANK_A_BETTER, 300, 100);
	n = add(v, n, 1, 1, 0, RANK_B_BETTER, 100, 300);
	n = add(v, n, 1, 1, 0, RANK_A_BETTER, 100, 300);
	rank_opts o = opts(0);
	rank_bt plain, lc;
	assert_int_equal(rank_bt_fit(v, n, (uint32_t)n, 2, 0, &o, &plain), GV_OK);
	assert_int_equal(rank_bt_fit(v, n, (uint32_t)n, 2, 1, &o, &lc), GV_OK);
	assert_int_equal(lc.st, GV_OK);
	tu_near(plain.theta[0] - plain.theta[1], log(2.0), 1e-9, "plain: 4 wins of 6");
	tu_near(lc.theta[0] - lc.theta[1], 0, 1e-8, "controlled: equal strength");
	tu_near(lc.beta_raw, 2 * log(3.0), 1e-8, "beta per unit d");
	tu_near(lc.length_rms, sqrt(1.0 / 6), 1e-7, "RMS of d");
	tu_near(lc.beta, 2 * log(3.0) * sqrt(1.0 / 6), 1e-7, "beta per RMS");
	/* equal lengths everywhere: beta is not identifiable */
	for (size_t k = 0; k < n; k++)
		v[k].len_a = v[k].len_b = 50;
	assert_int_equal(rank_bt_fit(v, n, (uint32_t)n, 2, 1, &o, &lc), GV_OK);
	assert_int_equal(lc.st, GV_MISSING);
	v[0].len_a = 0;
	assert_int_equal(rank_bt_fit(v, n, (uint32_t)n, 2, 1, &o, &lc), GV_EINVAL);
	assert_int_equal(rank_bt_fit(v, n, (uint32_t)n, 2, 0, &o, &plain), GV_OK); /* lengths unused */
}

/* A simulated length preference: four models of equal quality; model 0 writes about twice as
 * long; raters prefer the longer text with log-odds 2 per unit of d.  The plain ranking puts model
 * 0 first with an interval clear of the others; the length-controlled one finds it equal and
 * recovers the planted coefficient. */
static void test_bt_length_planted(void **state)
{
	(void)state;
	enum { M = 4, NV = 6000 };
	static rank_vote v[NV];
	synth_rng r;
	synth_rng_seed(&r, 7, 1);
	for (int k = 0; k < NV; k++) {
		int a = synth_rng_int(&r, 0, M - 1), b = synth_rng_int(&r, 0, M - 2);
		if (b >= a)
			b++;
		float la = (float)((a == 0 ? 240 : 120) * exp(0.25 * synth_rng_normal(&r)));
		float lb = (float)((b == 0 ? 240 : 120) * exp(0.25 * synth_rng_normal(&r)));
		double d = (la - lb) / (la + lb), p = 1 / (1 + exp(-2.0 * d));
		add(v, (size_t)k, 1, (uint16_t)a, (uint16_t)b,
		    synth_rng_uniform(&r) < p ? RANK_A_BETTER : RANK_B_BETTER, la, lb);
	}
	rank_opts o = opts(200);
	rank_bt plain, lc;
	assert_int_equal(rank_bt_fit(v, NV, NV, M, 0, &o, &plain), GV_OK);
	assert_int_equal(rank_bt_fit(v, NV, NV, M, 1, &o, &lc), GV_OK);
	assert_int_equal(plain.st, GV_OK);
	assert_int_equal(lc.st, GV_OK);
	/* plain: model 0 ahead by about 2 * (1/3) against each other model, i.e. theta_0 ~ 0.5 */
	assert_true(plain.theta[0] > 0.35);
	for (int i = 1; i < M; i++)
		assert_true(plain.lo[0] > plain.hi[i]);
	/* controlled: all four within 0.1 of 0, model 0's interval covering 0 */
	for (int i = 0; i < M; i++)
		tu_near(lc.theta[i], 0, 0.1, "controlled theta %d", i);
	assert_true(lc.lo[0] < 0 && lc.hi[0] > 0);
	tu_near(lc.beta_raw, 2.0, 0.3, "planted coefficient");
	assert_true(lc.beta_lo < lc.beta && lc.beta < lc.beta_hi && lc.beta_lo > 0);
	assert_int_equal(lc.n_boot + lc.n_undef, 200);
}

/* Bootstrap intervals: reproducible, around the estimate, and as wide as the binomial theory
 * says.  400 votes, model 0 winning 300: se(theta_0 - theta_1) = 1 / sqrt(400 * 3/4 * 1/4) =
 * 0.1155; theta_0 = half of it, se 0.0577; a 95% interval about 2 * 1.96 * 0.0577 = 0.226 wide. */
static void test_bt_bootstrap(void **state)
{
	(void)state;
	static rank_vote v[400];
	size_t n = 0;
	n = add(v, n, 300, 0, 1, RANK_A_BETTER, 1, 1);
	n = add(v, n, 100, 0, 1, RANK_B_BETTER, 1, 1);
	rank_opts o = opts(1000);
	rank_bt f, g;
	assert_int_equal(rank_bt_fit(v, n, (uint32_t)n, 2, 0, &o, &f), GV_OK);
	assert_int_equal(f.n_boot, 1000);
	assert_true(f.lo[0] < f.theta[0] && f.theta[0] < f.hi[0]);
	tu_near(f.hi[0] - f.lo[0], 0.226, 0.03, "interval width");
	tu_near(f.lo[0] + f.hi[1], 0, 1e-9, "symmetric: theta_1 = -theta_0 in every resample");
	assert_int_equal(rank_bt_fit(v, n, (uint32_t)n, 2, 0, &o, &g), GV_OK);
	assert_true(g.lo[0] == f.lo[0] && g.hi[0] == f.hi[0]);
	/* resampling is over items: 400 votes on 1 item never vary */
	for (size_t k = 0; k < n; k++)
		v[k].item = 0;
	assert_int_equal(rank_bt_fit(v, n, 1, 2, 0, &o, &g), GV_OK);
	tu_near(g.hi[0] - g.lo[0], 0, 1e-9, "one item");
}

static void test_position_bias(void **state)
{
	(void)state;
	rank_vote v[20];
	size_t n = 0;
	/* 8 decisive votes, 7 won by the left side, and 2 ties */
	n = add(v, n, 7, 2, 3, RANK_A_BETTER, 1, 1);
	n = add(v, n, 1, 2, 3, RANK_B_BETTER, 1, 1);
	n = add(v, n, 2, 2, 3, RANK_TIE, 1, 1);
	/* swaps: same rater, same item, sides swapped */
	size_t s = n;
	n = add(v, n, 1, 0, 1, RANK_A_BETTER, 1, 1); /* rater 1: 0 on the left wins ...   */
	n = add(v, n, 1, 1, 0, RANK_A_BETTER, 1, 1); /* ... then 1 on the left wins: flip */
	n = add(v, n, 1, 0, 1, RANK_A_BETTER, 1, 1); /* rater 2: 0 wins ...               */
	n = add(v, n, 1, 1, 0, RANK_B_BETTER, 1, 1); /* ... 0 wins again: consistent     */
	n = add(v, n, 1, 0, 1, RANK_TIE, 1, 1);      /* rater 3: a tie ...                */
	n = add(v, n, 1, 1, 0, RANK_A_BETTER, 1, 1); /* ... then a preference             */
	n = add(v, n, 1, 0, 1, RANK_A_BETTER, 1, 1); /* rater 4: same sides twice: no pair */
	n = add(v, n, 1, 0, 1, RANK_A_BETTER, 1, 1);
	static const uint32_t rater[8] = {1, 1, 2, 2, 3, 3, 4, 4};
	for (int k = 0; k < 8; k++) {
		v[s + k].rater = rater[k];
		v[s + k].item = 100 + rater[k];
	}
	/* a different rater on rater 1's item does not pair with rater 1 */
	rank_opts o = opts(500);
	rank_position p;
	assert_int_equal(rank_position_bias(v, n, 200, &o, &p), GV_OK);
	assert_int_equal(p.swap_pairs, 3);
	assert_int_equal(p.swap_flipped, 1);
	assert_int_equal(p.swap_same, 1);
	assert_int_equal(p.swap_to_tie, 1);
	/* decisive: 8 + 7 of the swap votes (one tie); left wins: 7 + (rater 1: 2, rater 2: 1,
	 * rater 3: 1, rater 4: 2) = 13 of 15 */
	assert_int_equal(p.decisive, 15);
	assert_int_equal(p.left_wins, 13);
	tu_near(p.left_share.est, 13.0 / 15, 1e-15, "left share");
	assert_true(p.left_share.lo < p.left_share.est && p.left_share.hi <= 1.0);
	assert_int_equal(rank_position_bias(v, 0, 200, &o, &p), GV_MISSING);
	assert_int_equal(p.left_share.st, GV_MISSING);
	assert_int_equal(rank_position_bias(v, n, 50, &o, &p), GV_EINVAL); /* items beyond 50 */
}

static void test_ratio(void **state)
{
	(void)state;
	/* group 0 (e.g. model 0, correctness): scores 1, 2, 3 on items 0-2: mean 2.
	 * group 1 (a rate): 1 of 4 claims contradicted on item 0, 0 of 2 on item 1: 1/6.
	 * group 2: no observation.  group 3: one item only. */
	static const rank_obs obs[] = {
		{0, 0, 1, 1}, {1, 0, 2, 1}, {2, 0, 3, 1}, {0, 1, 1, 4}, {1, 1, 0, 2}, {2, 3, 4, 1}, {2, 3, 5, 1},
	};
	rank_opts o = opts(800);
	metrics_ci ci[4];
	assert_int_equal(rank_ratio(obs, 7, 3, 4, &o, ci), GV_OK);
	tu_near(ci[0].est, 2, 1e-15, "mean");
	assert_true(ci[0].lo >= 1 && ci[0].hi <= 3 && ci[0].lo < 2 && ci[0].hi > 2);
	tu_near(ci[1].est, 1.0 / 6, 1e-15, "rate");
	assert_int_equal(ci[2].st, GV_MISSING);
	assert_true(isnan(ci[2].est));
	tu_near(ci[3].est, 4.5, 1e-15, "two scores on one item");
	/* group 3 lives on item 2 alone: resamples without item 2 are undefined (about (2/3)^3 = 30%) */
	assert_true(ci[3].n_undef > 150 && ci[3].n_undef < 330);
	tu_near(ci[3].lo, 4.5, 0, "lo");
	tu_near(ci[3].hi, 4.5, 0, "hi");
	/* group 1 is undefined only when neither item 0 nor 1 is drawn: (1/3)^3 = 3.7% */
	assert_true(ci[1].n_undef < 60);
	/* The bootstrap distribution of a mean of 0/1 scores, one per item, is Binomial(n, p)/n:
	 * with 400 items and p = 1/2 its 2.5% and 97.5% points are 0.5 -+ 1.96 * 0.025. */
	static rank_obs coin[400];
	for (int i = 0; i < 400; i++)
		coin[i] = (rank_obs){(uint32_t)i, 0, i < 200, 1};
	o.n_boot = 4000;
	assert_int_equal(rank_ratio(coin, 400, 400, 1, &o, ci), GV_OK);
	tu_near(ci[0].est, 0.5, 0, "coin mean");
	tu_near(ci[0].lo, 0.451, 0.008, "binomial lower");
	tu_near(ci[0].hi, 0.549, 0.008, "binomial upper");
	static const rank_obs bad[] = {{0, 9, 1, 1}};
	assert_int_equal(rank_ratio(bad, 1, 3, 4, &o, ci), GV_EINVAL);
	static const rank_obs negden[] = {{0, 0, 1, -1}};
	assert_int_equal(rank_ratio(negden, 1, 3, 4, &o, ci), GV_EINVAL);
}

/* rank_compute shares one set of resampled items among its parts: the same numbers as the
 * separate calls with the same options. */
static void test_compute_matches_parts(void **state)
{
	(void)state;
	enum { M = 3, NV = 600, NI = 400 };
	static rank_vote v[NV];
	static rank_obs obs[2 * NV];
	synth_rng r;
	synth_rng_seed(&r, 5, 5);
	for (int k = 0; k < NV; k++) {
		int a = synth_rng_int(&r, 0, M - 1), b = synth_rng_int(&r, 0, M - 2);
		if (b >= a)
			b++;
		add(v, (size_t)k, 1, (uint16_t)a, (uint16_t)b, (rank_choice)synth_rng_int(&r, 0, RANK_NCHOICES - 1),
		    (float)synth_rng_int(&r, 50, 300), (float)synth_rng_int(&r, 50, 300));
		v[k].item = (uint32_t)(k % NI);
		v[k].rater = (uint32_t)synth_rng_int(&r, 0, 9);
		obs[2 * k] = (rank_obs){v[k].item, v[k].model_a, synth_rng_int(&r, 1, 5), 1};
		obs[2 * k + 1] = (rank_obs){v[k].item, v[k].model_b, synth_rng_int(&r, 1, 5), 1};
	}
	rank_opts o = opts(300);
	rank_report rep;
	metrics_ci ci[M], ci2[M];
	assert_int_equal(rank_compute(v, NV, NI, M, 1, obs, 2 * NV, M, ci, &o, &rep), GV_OK);
	rank_bt plain, len;
	rank_position pos;
	assert_int_equal(rank_bt_fit(v, NV, NI, M, 0, &o, &plain), GV_OK);
	assert_int_equal(rank_bt_fit(v, NV, NI, M, 1, &o, &len), GV_OK);
	assert_int_equal(rank_position_bias(v, NV, NI, &o, &pos), GV_OK);
	assert_int_equal(rank_ratio(obs, 2 * NV, NI, M, &o, ci2), GV_OK);
	assert_int_equal(rep.plain.st, GV_OK);
	assert_int_equal(rep.length.st, GV_OK);
	for (int m = 0; m < M; m++) {
		assert_true(rep.plain.theta[m] == plain.theta[m] && rep.plain.lo[m] == plain.lo[m] &&
			    rep.plain.hi[m] == plain.hi[m]);
		assert_true(rep.length.theta[m] == len.theta[m] && rep.length.lo[m] == len.lo[m] &&
			    rep.length.hi[m] == len.hi[m]);
		assert_true(ci[m].est == ci2[m].est && ci[m].lo == ci2[m].lo && ci[m].hi == ci2[m].hi);
	}
	assert_true(rep.length.beta_lo == len.beta_lo && rep.length.beta_hi == len.beta_hi);
	assert_true(rep.position.left_share.lo == pos.left_share.lo && rep.position.swap_pairs == pos.swap_pairs);
	rank_wtl w[M];
	assert_int_equal(rank_counts(v, NV, M, w, NULL, NULL), GV_OK);
	assert_memory_equal(rep.wtl, w, sizeof w);
	/* without the length fit and the ratios */
	assert_int_equal(rank_compute(v, NV, NI, M, 0, NULL, 0, 0, NULL, &o, &rep), GV_OK);
	assert_int_equal(rep.length.st, GV_MISSING);
	assert_true(rep.plain.lo[0] == plain.lo[0]);
	/* invalid observations are refused */
	obs[0].group = M;
	assert_int_equal(rank_compute(v, NV, NI, M, 0, obs, 2 * NV, M, ci, &o, &rep), GV_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_bt_two_models),
		cmocka_unit_test(test_bt_planted_strengths),
		cmocka_unit_test(test_bt_score_equations),
		cmocka_unit_test(test_bt_ford),
		cmocka_unit_test(test_bt_length_exact),
		cmocka_unit_test(test_bt_length_planted),
		cmocka_unit_test(test_bt_bootstrap),
		cmocka_unit_test(test_position_bias),
		cmocka_unit_test(test_ratio),
		cmocka_unit_test(test_compute_matches_parts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
