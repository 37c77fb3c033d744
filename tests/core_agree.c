/* core_agree.c — rater agreement against the published worked examples: Krippendorff's
 * "Computing Krippendorff's alpha-reliability" (2011) for alpha at every level, Fleiss (1971)
 * Table 1 and the Wikipedia table for Fleiss' kappa, the Wikipedia grant-proposal tables and a
 * hand-computed 1-5 example for Cohen's kappa; then the bootstrap intervals. */
#include "tests/testutil.h"

#include "core/agree.h"

#define NA AGREE_NA

/* Krippendorff 2011, sec. C ("nominal data, any number of observers, missing data"), also used there
 * for the ordinal, interval and ratio metrics: 12 units, observers A B C D; "." = missing.
 *   unit  1 2 3 4 5 6 7 8 9 10 11 12
 *   A     1 2 3 3 2 1 4 1 2  .  .  .
 *   B     1 2 3 3 2 2 4 1 2  5  .  3
 *   C     . 3 3 3 2 3 4 2 2  5  1  .
 *   D     1 2 3 3 2 4 4 1 2  5  1  .
 * Unit 12 has a single value and is not pairable.  Stored item by item (rows = units). */
static const int KRIPP[12 * 4] = {
	1,  1,  NA, 1,  /* unit 1 */
	2,  2,  3,  2,  /* 2 */
	3,  3,  3,  3,  /* 3 */
	3,  3,  3,  3,  /* 4 */
	2,  2,  2,  2,  /* 5 */
	1,  2,  3,  4,  /* 6 */
	4,  4,  4,  4,  /* 7 */
	1,  1,  2,  1,  /* 8 */
	2,  2,  2,  2,  /* 9 */
	NA, 5,  5,  5,  /* 10 */
	NA, NA, 1,  1,  /* 11 */
	NA, 3,  NA, NA, /* 12 */
};

static void test_alpha_krippendorff_2011(void **state)
{
	(void)state;
	double a;
	/* The coincidence matrix has marginals n_1..n_5 = 9, 13, 10, 5, 3 (n = 40 pairable values).
	 * Nominal: off-diagonal coincidences sum to 8 (ordered mismatching pairs / (m_u - 1): unit 2
	 * {2,2,3,2} 6/3 = 2, unit 6 {1,2,3,4} 12/3 = 4, unit 8 {1,1,2,1} 6/3 = 2), and
	 * sum_{c != k} n_c n_k = 40^2 - (81 + 169 + 100 + 25 + 9) = 1216, so
	 * alpha = 1 - 39 * 8 / 1216 = 113/152 = 0.743 (the published value). */
	assert_int_equal(agree_alpha(KRIPP, 12, 4, AGREE_NOMINAL, &a), GV_OK);
	tu_near(a, 113.0 / 152, 1e-14, "nominal");
	tu_near(a, 0.743, 5e-4, "nominal, published");
	/* Interval: sum o_ck (c-k)^2 = 52/3, sum n_c n_k (c-k)^2 = 4480 -> 1 - 39 (52/3) / 4480 =
	 * 951/1120 = 0.849 (published). */
	assert_int_equal(agree_alpha(KRIPP, 12, 4, AGREE_INTERVAL, &a), GV_OK);
	tu_near(a, 951.0 / 1120, 1e-14, "interval");
	tu_near(a, 0.849, 5e-4, "interval, published");
	/* Ordinal, from the ranks implied by n_g: 108577/133160 = 0.815 (published). */
	assert_int_equal(agree_alpha(KRIPP, 12, 4, AGREE_ORDINAL, &a), GV_OK);
	tu_near(a, 108577.0 / 133160, 1e-14, "ordinal");
	tu_near(a, 0.815, 5e-4, "ordinal, published");
	/* Ratio: 0.797 (published). */
	assert_int_equal(agree_alpha(KRIPP, 12, 4, AGREE_RATIO, &a), GV_OK);
	tu_near(a, 18222619.0 / 22852465, 1e-14, "ratio");
	tu_near(a, 0.797, 5e-4, "ratio, published");
	/* Missing cells matter: the same data with unit 10's missing A filled in as 5 agrees more. */
	int more[12 * 4];
	memcpy(more, KRIPP, sizeof more);
	more[9 * 4] = 5;
	double b;
	assert_int_equal(agree_alpha(more, 12, 4, AGREE_NOMINAL, &b), GV_OK);
	assert_true(b > 113.0 / 152);
}

/* Krippendorff 2011, sec. A ("binary or dichotomous data, two observers, no missing data"):
 *   A 0 1 0 0 0 0 0 0 1 0
 *   B 1 1 1 0 0 1 0 0 0 0
 * n = 20 values: 14 zeros, 6 ones; mismatching units 1, 3, 6, 9 give o_01 = o_10 = 4;
 * alpha = 1 - (20 - 1) * 8 / (2 * 14 * 6) = 1 - 152/168 = 2/21 = 0.095 (published). */
static void test_alpha_krippendorff_binary(void **state)
{
	(void)state;
	static const int A[10] = {0, 1, 0, 0, 0, 0, 0, 0, 1, 0}, B[10] = {1, 1, 1, 0, 0, 1, 0, 0, 0, 0};
	int x[20];
	for (int i = 0; i < 10; i++)
		x[2 * i] = A[i], x[2 * i + 1] = B[i];
	double a;
	assert_int_equal(agree_alpha(x, 10, 2, AGREE_NOMINAL, &a), GV_OK);
	tu_near(a, 2.0 / 21, 1e-15, "binary alpha");
	tu_near(a, 0.095, 5e-4, "published 0.095");
}

/* Expand a Fleiss table (counts of raters per category, category c coded c + 1) into an items x
 * raters matrix. */
static int *expand(const int *counts, int n_items, int n_cats, int n_raters)
{
	int *x = malloc((size_t)n_items * n_raters * sizeof *x);
	assert_non_null(x);
	for (int i = 0; i < n_items; i++) {
		int r = 0;
		for (int c = 0; c < n_cats; c++)
			for (int k = 0; k < counts[i * n_cats + c]; k++)
				x[i * n_raters + r++] = c + 1;
		assert_int_equal(r, n_raters);
	}
	return x;
}

/* Fleiss 1971, Table 1: 30 patients, 6 psychiatrists each, 5 diagnoses (depression, personality
 * disorder, schizophrenia, neurosis, other).  Fleiss reports kappa = .430.  By hand: P (mean P_i)
 * = 5/9; p_j = 26/180, 26/180, 30/180, 55/180, 43/180, so P_e = sum p_j^2 = 3563/16200;
 * kappa = (5/9 - 3563/16200) / (1 - 3563/16200) = 5437/12637 = 0.43024. */
static const int FLEISS1971[30 * 5] = {
	0, 0, 0, 6, 0, 0, 3, 0, 0, 3, 0, 1, 4, 0, 1, 0, 0, 0, 0, 6, 0, 3, 0, 3, 0, 2, 0, 4, 0, 0,
	0, 0, 4, 0, 2, 2, 0, 3, 1, 0, 2, 0, 0, 4, 0, 0, 0, 0, 0, 6, 1, 0, 0, 5, 0, 1, 1, 0, 4, 0,
	0, 3, 3, 0, 0, 1, 0, 0, 5, 0, 0, 2, 0, 3, 1, 0, 0, 5, 0, 1, 3, 0, 0, 1, 2, 5, 1, 0, 0, 0,
	0, 2, 0, 4, 0, 1, 0, 2, 0, 3, 0, 0, 0, 0, 6, 0, 1, 0, 5, 0, 0, 2, 0, 1, 3, 2, 0, 0, 4, 0,
	1, 0, 0, 4, 1, 0, 5, 0, 1, 0, 4, 0, 0, 0, 2, 0, 2, 0, 4, 0, 1, 0, 5, 0, 0, 0, 0, 0, 0, 6,
};

static void test_fleiss_1971(void **state)
{
	(void)state;
	int *x = expand(FLEISS1971, 30, 5, 6);
	double k, p;
	assert_int_equal(agree_fleiss(x, 30, 6, &k), GV_OK);
	tu_near(k, 5437.0 / 12637, 1e-14, "Fleiss 1971 kappa");
	tu_near(k, 0.430, 5e-4, "published .430");
	assert_int_equal(agree_percent(x, 30, 6, &p), GV_OK);
	tu_near(p, 5.0 / 9, 1e-14, "P bar");
	free(x);
}

/* Wikipedia, "Fleiss' kappa", worked example: 10 subjects, 14 raters, 5 categories.  P = 172/455
 * = 0.378, P_e = 417/1960 = 0.213 (p_j = 20, 28, 39, 21, 32 of 140), kappa = 0.210. */
static void test_fleiss_wikipedia(void **state)
{
	(void)state;
	static const int t[10 * 5] = {
		0, 0, 0, 0, 14, 0, 2, 6, 4, 2, 0, 0, 3, 5, 6, 0, 3, 9, 2, 0, 2, 2, 8, 1, 1,
		7, 7, 0, 0, 0,  3, 2, 6, 3, 0, 2, 5, 3, 2, 2, 6, 5, 2, 1, 0, 0, 2, 2, 3, 7,
	};
	int *x = expand(t, 10, 5, 14);
	double k, p;
	assert_int_equal(agree_fleiss(x, 10, 14, &k), GV_OK);
	double P = 172.0 / 455, Pe = 417.0 / 1960;
	tu_near(k, (P - Pe) / (1 - Pe), 1e-14, "Wikipedia kappa");
	tu_near(k, 0.210, 5e-4, "published 0.210");
	assert_int_equal(agree_percent(x, 10, 14, &p), GV_OK);
	tu_near(p, P, 1e-14, "P bar 0.378");
	free(x);
}

/* Two raters' yes/no table (a both yes, b first yes second no, c first no second yes, d both no). */
static double cohen_table(int a, int b, int c, int d)
{
	int n = a + b + c + d;
	int *x = malloc((size_t)n * 2 * sizeof *x), i = 0;
	assert_non_null(x);
	for (int k = 0; k < a; k++, i++)
		x[2 * i] = 1, x[2 * i + 1] = 1;
	for (int k = 0; k < b; k++, i++)
		x[2 * i] = 1, x[2 * i + 1] = 0;
	for (int k = 0; k < c; k++, i++)
		x[2 * i] = 0, x[2 * i + 1] = 1;
	for (int k = 0; k < d; k++, i++)
		x[2 * i] = 0, x[2 * i + 1] = 0;
	double kappa;
	assert_int_equal(agree_cohen(x, (size_t)n, 0, &kappa), GV_OK);
	free(x);
	return kappa;
}

/* Wikipedia, "Cohen's kappa": 50 grant proposals.  20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no:
 * p_o = 35/50 = 0.7; A says yes 25/50, B 30/50: p_e = .5 * .6 + .5 * .4 = 0.5; kappa = 0.4.
 * The article's two tables with the same 60% agreement: 45/15/25/15 gives p_e = .6*.7 + .4*.3 =
 * .54 and kappa = .06/.46 = 0.1304; 25/35/5/35 gives p_e = .6*.3 + .4*.7 = .46, kappa = .14/.54 =
 * 0.2593. */
static void test_cohen_wikipedia(void **state)
{
	(void)state;
	tu_near(cohen_table(20, 5, 10, 15), 0.4, 1e-14, "grant proposals");
	tu_near(cohen_table(45, 15, 25, 15), 0.06 / 0.46, 1e-14, "same agreement, kappa .13");
	tu_near(cohen_table(25, 35, 5, 35), 0.14 / 0.54, 1e-14, "same agreement, kappa .26");
}

/* A 1-5 axis, two raters, eight items:
 *   A 1 2 3 4 5 3 2 4
 *   B 1 3 3 5 4 2 2 3
 * Unweighted: agreement on items 1, 3, 7 -> p_o = 3/8; marginals A {1:1, 2:2, 3:2, 4:2, 5:1},
 * B {1:1, 2:2, 3:3, 4:1, 5:1} -> p_e = (1 + 4 + 6 + 2 + 1)/64 = 7/32; kappa = (12 - 7)/(32 - 7) =
 * 1/5.  Quadratic: observed mean squared difference (0+1+0+1+1+1+0+1)/8 = 5/8; chance
 * E(a^2) + E(b^2) - 2 E(a) E(b) = 21/2 + 77/8 - 2 * 3 * 23/8 = 23/8; kappa_w = 1 - 5/23 = 18/23,
 * equal to 2 cov / (var_a + var_b + (mean_a - mean_b)^2). */
static void test_cohen_quadratic(void **state)
{
	(void)state;
	static const int A[8] = {1, 2, 3, 4, 5, 3, 2, 4}, B[8] = {1, 3, 3, 5, 4, 2, 2, 3};
	int x[16];
	for (int i = 0; i < 8; i++)
		x[2 * i] = A[i], x[2 * i + 1] = B[i];
	double k;
	assert_int_equal(agree_cohen(x, 8, 0, &k), GV_OK);
	tu_near(k, 0.2, 1e-14, "unweighted 1/5");
	assert_int_equal(agree_cohen(x, 8, 1, &k), GV_OK);
	tu_near(k, 18.0 / 23, 1e-14, "quadratic 18/23");
	/* the covariance form, computed independently */
	double ma = 0, mb = 0;
	for (int i = 0; i < 8; i++)
		ma += A[i] / 8.0, mb += B[i] / 8.0;
	double va = 0, vb = 0, cab = 0;
	for (int i = 0; i < 8; i++) {
		va += (A[i] - ma) * (A[i] - ma) / 8;
		vb += (B[i] - mb) * (B[i] - mb) / 8;
		cab += (A[i] - ma) * (B[i] - mb) / 8;
	}
	tu_near(k, 2 * cab / (va + vb + (ma - mb) * (ma - mb)), 1e-14, "covariance form");
	/* A scale step nobody used still counts: recode 5 as 9 -> differences with 9 grow. */
	int y[16];
	memcpy(y, x, sizeof y);
	for (int i = 0; i < 16; i++)
		if (y[i] == 5)
			y[i] = 9;
	double k9;
	assert_int_equal(agree_cohen(y, 8, 1, &k9), GV_OK);
	assert_true(fabs(k9 - k) > 1e-3);
	/* an item missing one rating is skipped */
	int z[18];
	memcpy(z, x, sizeof x);
	z[16] = 5, z[17] = NA;
	assert_int_equal(agree_cohen(z, 9, 1, &k9), GV_OK);
	tu_near(k9, 18.0 / 23, 1e-14, "incomplete pair skipped");
}

static void test_percent_and_edges(void **state)
{
	(void)state;
	/* three raters, missing values:
	 *   item 1: 1 1 1   -> P = 6/6 = 1
	 *   item 2: 1 2 .   -> 0/2 = 0
	 *   item 3: 2 2 1   -> 2/6
	 *   item 4: . . 3   -> not pairable
	 * mean over 3 items = (1 + 0 + 1/3)/3 = 4/9 */
	static const int x[12] = {1, 1, 1, 1, 2, NA, 2, 2, 1, NA, NA, 3};
	double p;
	assert_int_equal(agree_percent(x, 4, 3, &p), GV_OK);
	tu_near(p, 4.0 / 9, 1e-15, "percent");
	/* Everyone always says 3: agreement 1, but kappa and alpha are 0/0 */
	static const int same[6] = {3, 3, 3, 3, 3, 3};
	double k = -1;
	assert_int_equal(agree_percent(same, 3, 2, &p), GV_OK);
	assert_true(p == 1.0);
	assert_int_equal(agree_cohen(same, 3, 0, &k), GV_MISSING);
	assert_true(k == 0.0);
	assert_int_equal(agree_cohen(same, 3, 1, &k), GV_MISSING);
	assert_int_equal(agree_fleiss(same, 3, 2, &k), GV_MISSING);
	assert_int_equal(agree_alpha(same, 3, 2, AGREE_ORDINAL, &k), GV_MISSING);
	/* nothing pairable; no data; bad arguments */
	static const int lone[4] = {1, NA, NA, 2};
	assert_int_equal(agree_alpha(lone, 2, 2, AGREE_NOMINAL, &k), GV_MISSING);
	assert_int_equal(agree_percent(NULL, 0, 2, &p), GV_MISSING);
	assert_int_equal(agree_percent(NULL, 3, 2, &p), GV_EINVAL);
	assert_int_equal(agree_percent(x, 4, 0, &p), GV_EINVAL);
	static const int neg[4] = {-1, 2, 3, 3};
	assert_int_equal(agree_alpha(neg, 2, 2, AGREE_RATIO, &k), GV_EINVAL);
	assert_int_equal(agree_alpha(neg, 2, 2, AGREE_INTERVAL, &k), GV_OK);
	assert_int_equal(agree_cohen(x, 4, 0, NULL), GV_EINVAL);
	/* Cohen's kappa is between exactly two columns */
	agree_opts o;
	agree_default_opts(&o, AGREE_NOMINAL);
	o.n_boot = 10;
	agree_report r;
	assert_int_equal(agree_compute(x, 4, 3, &o, &r), GV_OK);
	assert_int_equal(r.cohen.st, GV_MISSING);
	assert_true(isnan(r.cohen.est));
	assert_int_equal(r.percent.st, GV_OK);
	assert_int_equal(r.n_items, 3);
	assert_int_equal(r.n_values, 8);
	assert_int_equal(r.n_cats, 2);
}

static void test_report_matches_estimates(void **state)
{
	(void)state;
	agree_opts o;
	agree_default_opts(&o, AGREE_ORDINAL);
	o.n_boot = 500;
	agree_report r, r2;
	assert_int_equal(agree_compute(KRIPP, 12, 4, &o, &r), GV_OK);
	assert_int_equal(r.n_items, 11);
	assert_int_equal(r.n_values, 40);
	assert_int_equal(r.n_cats, 5);
	tu_near(r.alpha.est, 108577.0 / 133160, 1e-14, "report alpha");
	assert_int_equal(r.alpha.st, GV_OK);
	assert_true(r.alpha.lo <= r.alpha.est && r.alpha.est <= r.alpha.hi);
	assert_true(r.alpha.hi - r.alpha.lo > 0.05); /* 11 units: a wide interval */
	assert_int_equal(r.alpha.n_boot + r.alpha.n_undef, 500);
	double f;
	assert_int_equal(agree_fleiss(KRIPP, 12, 4, &f), GV_OK);
	tu_near(r.fleiss.est, f, 1e-15, "report fleiss");
	/* reproducible for a seed, different for another */
	assert_int_equal(agree_compute(KRIPP, 12, 4, &o, &r2), GV_OK);
	assert_true(r2.alpha.lo == r.alpha.lo && r2.alpha.hi == r.alpha.hi);
	o.seed = 2;
	assert_int_equal(agree_compute(KRIPP, 12, 4, &o, &r2), GV_OK);
	assert_true(r2.alpha.lo != r.alpha.lo || r2.alpha.hi != r.alpha.hi);
	/* no resamples: estimates only */
	o.n_boot = 0;
	assert_int_equal(agree_compute(KRIPP, 12, 4, &o, &r2), GV_OK);
	tu_near(r2.alpha.est, r.alpha.est, 0, "estimate without resamples");
	assert_true(isnan(r2.alpha.lo));
	/* one pairable item: every resample is that item, so the interval is the point */
	static const int one[4] = {1, 2, 2, 2};
	agree_default_opts(&o, AGREE_NOMINAL);
	o.n_boot = 50;
	assert_int_equal(agree_compute(one, 2, 2, &o, &r2), GV_OK);
	assert_int_equal(r2.n_items, 2);
	static const int single[2] = {1, 2};
	assert_int_equal(agree_compute(single, 1, 2, &o, &r2), GV_OK);
	assert_true(r2.percent.est == 0.0 && r2.percent.lo == 0.0 && r2.percent.hi == 0.0);
	assert_int_equal(r2.cohen.st, GV_OK); /* p_e = 0 here: kappa = 0 */
}

/* The bootstrap interval of two raters' agreement share p on n items is that of a binomial
 * proportion: with n = 400 and p = 1/2 the resampled shares are Binomial(400, 1/2)/400, whose
 * 2.5% and 97.5% points are 0.5 -+ 1.96 * 0.025 = 0.451 and 0.549. */
static void test_bootstrap_binomial(void **state)
{
	(void)state;
	int *x = malloc(800 * sizeof *x);
	assert_non_null(x);
	for (int i = 0; i < 400; i++) {
		x[2 * i] = i % 2;
		x[2 * i + 1] = i < 200 ? i % 2 : 1 - i % 2; /* agree on the first 200 */
	}
	agree_opts o;
	agree_default_opts(&o, AGREE_NOMINAL);
	o.n_boot = 4000;
	agree_report r;
	assert_int_equal(agree_compute(x, 400, 2, &o, &r), GV_OK);
	tu_near(r.percent.est, 0.5, 0, "p");
	tu_near(r.percent.lo, 0.451, 0.008, "binomial lower");
	tu_near(r.percent.hi, 0.549, 0.008, "binomial upper");
	/* kappa here: p_o = 1/2, p_e = 1/2 -> 0, inside its interval */
	tu_near(r.cohen.est, 0, 1e-15, "kappa 0");
	assert_true(r.cohen.lo < 0 && r.cohen.hi > 0);
	free(x);
}

/* Several axes with one set of resampled rows: the same as one call per axis. */
static void test_axes_match_single(void **state)
{
	(void)state;
	int y[12 * 4];
	for (int i = 0; i < 48; i++)
		y[i] = KRIPP[i] == NA ? NA : 6 - KRIPP[i]; /* a second axis: the scale reversed */
	y[5] = NA;
	const int *x[2] = {KRIPP, y};
	agree_level lv[2] = {AGREE_ORDINAL, AGREE_NOMINAL};
	agree_opts o;
	agree_default_opts(&o, AGREE_ORDINAL);
	o.n_boot = 300;
	agree_report both[2], one;
	assert_int_equal(agree_compute_axes(x, lv, 2, 12, 4, &o, both), GV_OK);
	for (int a = 0; a < 2; a++) {
		o.level = lv[a];
		assert_int_equal(agree_compute(x[a], 12, 4, &o, &one), GV_OK);
		assert_true(one.alpha.est == both[a].alpha.est && one.alpha.lo == both[a].alpha.lo &&
			    one.alpha.hi == both[a].alpha.hi);
		assert_true(one.fleiss.lo == both[a].fleiss.lo && one.percent.hi == both[a].percent.hi);
		assert_int_equal(one.n_values, both[a].n_values);
	}
	/* the reversed scale has the same ordinal-free statistics as the original (nominal alpha) */
	double a0, a1;
	assert_int_equal(agree_alpha(KRIPP, 12, 4, AGREE_NOMINAL, &a0), GV_OK);
	y[5] = KRIPP[5] == NA ? NA : 6 - KRIPP[5];
	assert_int_equal(agree_alpha(y, 12, 4, AGREE_NOMINAL, &a1), GV_OK);
	tu_near(a1, a0, 1e-15, "relabelled categories");
	assert_int_equal(agree_compute_axes(x, lv, 0, 12, 4, &o, both), GV_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alpha_krippendorff_2011),
		cmocka_unit_test(test_alpha_krippendorff_binary),
		cmocka_unit_test(test_fleiss_1971),
		cmocka_unit_test(test_fleiss_wikipedia),
		cmocka_unit_test(test_cohen_wikipedia),
		cmocka_unit_test(test_cohen_quadratic),
		cmocka_unit_test(test_percent_and_edges),
		cmocka_unit_test(test_report_matches_estimates),
		cmocka_unit_test(test_bootstrap_binomial),
		cmocka_unit_test(test_axes_match_single),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
