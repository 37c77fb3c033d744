/* core_synth.c — the synthetic cohort generator (core/synth): its random stream, determinism,
 * schedule, the reference distribution of healthy children and every planted condition, each
 * checked through the growth engine (growth_compute) the way a clinician's chart would show it. */
#include "tests/testutil.h"

#include "core/age.h"
#include "core/growth.h"
#include "core/limits.h"
#include "core/synth.h"

/* "Today" of every cohort here: 1 June 2025. */
static int32_t today(void)
{
	return age_days_from_civil(2025, 6, 1);
}

static void default_config(synth_config *c)
{
	synth_default_config(c, today());
	assert_int_equal(synth_check_config(c), GV_OK);
}

/* A config with 8% of each of the ten kinds (20% healthy), to get many children of every kind. */
static void rich_config(synth_config *c)
{
	default_config(c);
	for (int k = 1; k < SYNTH_NKINDS; k++)
		c->rate[k] = 0.08;
	assert_int_equal(synth_check_config(c), GV_OK);
}

/* Engine results for every visit of a child. */
/* synth draws every value, a preterm child's too, from the term references at corrected age
 * (core/synth.c); its truth z is on them, so these tests score on them (o.intergrowth 0).
 * test_preterm_on_intergrowth scores the same children as the engine does by default. */
static void score(const gv_child *ch, gv_result *r)
{
	gv_options o;
	growth_default_options(&o);
	o.intergrowth = 0;
	for (size_t j = 0; j < ch->nv; j++) {
		gv_measure m;
		record_measure(&ch->p, &ch->v[j], &m);
		assert_int_equal(growth_compute(&m, &o, &r[j]), GV_OK);
	}
}

static double age_days(const gv_child *ch, size_t j)
{
	return (double)(ch->v[j].date - ch->p.birth_date);
}

/* Major percentile lines 5, 10, 25, 50, 75, 90, 95 crossed between two z-scores. */
static int lines_crossed(double a, double b)
{
	static const double lines[7] = {-1.6448536269514722, -1.2815515655446004, -0.6744897501960817, 0,
					0.6744897501960817, 1.2815515655446004, 1.6448536269514722};
	double lo = a < b ? a : b, hi = a < b ? b : a;
	int n = 0;
	for (int i = 0; i < 7; i++)
		n += lo < lines[i] && lines[i] < hi;
	return n;
}

/* Same double, NaN equal to NaN (bit patterns would do too, but NAN's sign is not portable). */
static int same(double a, double b)
{
	return (isnan(a) && isnan(b)) || a == b;
}

static int same_child(const gv_child *a, const gv_child *b)
{
	const gv_patient *p = &a->p, *q = &b->p;
	if (strcmp(p->ext_id, q->ext_id) || strcmp(p->name, q->name) || p->sex != q->sex ||
	    p->birth_date != q->birth_date || p->ga_weeks != q->ga_weeks || p->ga_days != q->ga_days ||
	    !same(p->mother_height_cm, q->mother_height_cm) || !same(p->father_height_cm, q->father_height_cm) ||
	    p->labels != q->labels || p->id != q->id || a->nv != b->nv)
		return 0;
	for (size_t j = 0; j < a->nv; j++) {
		const gv_visit *v = &a->v[j], *w = &b->v[j];
		if (v->id != w->id || v->date != w->date || v->time_min != w->time_min ||
		    !same(v->weight_kg, w->weight_kg) || !same(v->height_cm, w->height_cm) ||
		    !same(v->head_cm, w->head_cm) || !same(v->muac_cm, w->muac_cm) ||
		    !same(v->triceps_mm, w->triceps_mm) || !same(v->subscap_mm, w->subscap_mm) ||
		    v->position != w->position || v->oedema != w->oedema)
			return 0;
	}
	return 1;
}

static int same_truth(const synth_truth *a, const synth_truth *b, size_t nv)
{
	if (a->kind != b->kind || a->labels != b->labels || a->age_today != b->age_today || a->first != b->first ||
	    a->last != b->last || a->ind != b->ind || !same(a->z_from, b->z_from) || !same(a->z_to, b->z_to) ||
	    !same(a->factor, b->factor) || !same(a->true_value, b->true_value) || !same(a->catchup_z, b->catchup_z))
		return 0;
	for (size_t j = 0; j < nv; j++)
		if (!same(a->z_wfa[j], b->z_wfa[j]) || !same(a->z_lhfa[j], b->z_lhfa[j]) ||
		    !same(a->z_hcfa[j], b->z_hcfa[j]) || !same(a->clean_weight_kg[j], b->clean_weight_kg[j]) ||
		    !same(a->clean_height_cm[j], b->clean_height_cm[j]) || a->vflags[j] != b->vflags[j])
			return 0;
	return 1;
}

/* ------------------------------------------------------------------ the random stream */

static void test_rng_reference_vectors(void **state)
{
	(void)state;
	synth_rng r = {{0}, 0, 0};
	/* xoshiro256** from state {1, 2, 3, 4}: the first outputs are 11520, 0, 1509978240,
	 * 1215971899390074240 (first by hand: rotl(2*5, 7)*9 = 1280*9 = 11520; the others from the
	 * reference C code, and again from an independent Python transcription). */
	r.s[0] = 1, r.s[1] = 2, r.s[2] = 3, r.s[3] = 4;
	r.has_spare = 0;
	assert_true(synth_rng_next(&r) == UINT64_C(11520));
	assert_true(synth_rng_next(&r) == UINT64_C(0));
	assert_true(synth_rng_next(&r) == UINT64_C(1509978240));
	assert_true(synth_rng_next(&r) == UINT64_C(1215971899390074240));

	/* Seeding: state words are splitmix64 outputs from mix64(mix64(seed + gamma) ^ stream)
	 * (computed by the Python transcription of synth.c's seeding; mix64(gamma) is splitmix64's
	 * first output for seed 0, 0xe220a8397b1dcdaf, as in Vigna's splitmix64.c). */
	synth_rng_seed(&r, 0, 0);
	assert_true(synth_rng_next(&r) == UINT64_C(0x30bb94d28b7ab90c));
	assert_true(synth_rng_next(&r) == UINT64_C(0x16a17f40c767e533));
	assert_true(synth_rng_next(&r) == UINT64_C(0xe3e4b8ec5f525c28));
	synth_rng_seed(&r, 42, 7);
	assert_true(synth_rng_next(&r) == UINT64_C(0xee9217c637c2b6af));
	assert_true(synth_rng_next(&r) == UINT64_C(0xe2b139b518618b34));
	assert_true(synth_rng_next(&r) == UINT64_C(0x020686287ef1828c));

	/* Normal deviates: the polar method with Python's math.log gives these; synth.c's own
	 * logarithm agrees to the last bit or two. */
	static const double want[6] = {-1.0038938636277763, -1.2226996447347596, -0.20990874061032003,
				       1.122519384281553,   0.6503509245874004,  0.4668068727615254};
	synth_rng_seed(&r, 2024, 1);
	for (int i = 0; i < 6; i++)
		tu_near(synth_rng_normal(&r), want[i], 4e-16 * (1 + fabs(want[i])), "normal %d", i);
}

static void test_rng_distribution(void **state)
{
	(void)state;
	synth_rng r;
	synth_rng_seed(&r, 1, 2);
	/* 10^6 normals: mean 0 (SE 0.001), variance 1 (SE 0.0014), P(|z| > 3) = 0.0027 (SE 5e-5),
	 * P(z < -1.96) = 0.025 (SE 1.6e-4); each checked at about 5 SE. */
	const int n = 1000000;
	double s = 0, s2 = 0;
	long tail3 = 0, low = 0;
	for (int i = 0; i < n; i++) {
		double z = synth_rng_normal(&r);
		s += z, s2 += z * z;
		tail3 += fabs(z) > 3;
		low += z < -1.959963984540054;
	}
	double mean = s / n, var = s2 / n - mean * mean;
	tu_near(mean, 0, 0.005, "normal mean");
	tu_near(var, 1, 0.007, "normal variance");
	tu_near((double)tail3 / n, 0.0026998, 0.00026, "P(|z| > 3)");
	tu_near((double)low / n, 0.025, 0.0008, "P(z < -1.96)");

	/* Uniform integers cover their range evenly: 7 bins of 700,000 draws, 100,000 each
	 * (SD 293). */
	long bins[7] = {0};
	for (int i = 0; i < 700000; i++) {
		int k = synth_rng_int(&r, -3, 3);
		assert_true(k >= -3 && k <= 3);
		bins[k + 3]++;
	}
	for (int k = 0; k < 7; k++)
		tu_near((double)bins[k], 100000, 1500, "bin %d", k);
	/* Uniform in [0, 1). */
	double umin = 1, umax = 0, us = 0;
	for (int i = 0; i < 100000; i++) {
		double u = synth_rng_uniform(&r);
		umin = u < umin ? u : umin, umax = u > umax ? u : umax, us += u;
	}
	assert_true(umin >= 0 && umin < 1e-3 && umax < 1 && umax > 0.999);
	tu_near(us / 100000, 0.5, 0.005, "uniform mean");
}

/* ------------------------------------------------------------------ determinism */

static void test_same_seed_same_cohort(void **state)
{
	(void)state;
	synth_config c;
	default_config(&c);
	enum { N = 600 };
	static gv_visit va[N][SYNTH_MAX_VISITS], vb[SYNTH_MAX_VISITS];
	static gv_child ca[N];
	static synth_truth ta[N];
	for (int i = 0; i < N; i++)
		assert_int_equal(synth_child(&c, 12345, (uint64_t)i, &ca[i], va[i], &ta[i]), GV_OK);
	/* Again, backwards, and without keeping anything between children: child i depends only on
	 * (seed, i), not on which children were made before it. */
	for (int i = N - 1; i >= 0; i--) {
		gv_child cb;
		synth_truth tb;
		assert_int_equal(synth_child(&c, 12345, (uint64_t)i, &cb, vb, &tb), GV_OK);
		if (!same_child(&ca[i], &cb) || !same_truth(&ta[i], &tb, cb.nv))
			fail_msg("child %d differs between two runs with the same seed", i);
		/* The truth is optional and does not change the child. */
		assert_int_equal(synth_child(&c, 12345, (uint64_t)i, &cb, vb, NULL), GV_OK);
		assert_true(same_child(&ca[i], &cb));
	}
	/* The caller-seeded form is the same stream. */
	synth_rng r;
	synth_rng_seed(&r, 12345, 77);
	gv_child cb;
	assert_int_equal(synth_child_rng(&c, &r, 77, &cb, vb, NULL), GV_OK);
	assert_true(same_child(&ca[77], &cb));

	/* Another seed: another cohort (same ids, different children). */
	int differ = 0;
	for (int i = 0; i < N; i++) {
		assert_int_equal(synth_child(&c, 12346, (uint64_t)i, &cb, vb, NULL), GV_OK);
		assert_string_equal(cb.p.ext_id, ca[i].p.ext_id);
		differ += !same_child(&ca[i], &cb);
	}
	assert_int_equal(differ, N);
}

/* A golden fingerprint of everything that comes from the random stream alone (no libm): kinds,
 * sexes, dates, gestational ages, which visits and which measurements exist, positions.  It pins
 * the cohort of a seed across machines and versions: a change to the order of draws changes it
 * (and must then be deliberate, since stored demo cohorts change with it). */
static void test_golden_structure(void **state)
{
	(void)state;
	synth_config c;
	default_config(&c);
	gv_visit v[SYNTH_MAX_VISITS];
	uint64_t h = UINT64_C(0xcbf29ce484222325);
#define MIX(x) (h = (h ^ (uint64_t)(int64_t)(x)) * UINT64_C(0x100000001b3))
	long nvis = 0;
	for (uint64_t i = 0; i < 1000; i++) {
		gv_child ch;
		assert_int_equal(synth_child(&c, 1, i, &ch, v, NULL), GV_OK);
		MIX(ch.p.sex), MIX(ch.p.birth_date), MIX(ch.p.ga_weeks), MIX(ch.p.ga_days), MIX(ch.p.labels);
		MIX(isnan(ch.p.mother_height_cm)), MIX(isnan(ch.p.father_height_cm)), MIX(ch.nv);
		for (size_t j = 0; j < ch.nv; j++) {
			MIX(ch.v[j].date), MIX(ch.v[j].time_min), MIX(ch.v[j].position);
			MIX(isnan(ch.v[j].head_cm)), MIX(isnan(ch.v[j].muac_cm));
		}
		nvis += (long)ch.nv;
	}
#undef MIX
	print_message("golden structure: 1000 children, %ld visits, fingerprint %016llx\n", nvis,
		      (unsigned long long)h);
	/* Changed (from 14730 visits, c68a4788ed916f36) when swapped weights and heights moved to
	 * children of 8 years and more, whose weight can pass for a length (core/limits.h). */
	assert_int_equal(nvis, 14748);
	assert_true(h == UINT64_C(0x3a497be19f45da39));
}

/* A number as the golden strings write it: %g, "-" for not measured. */
static void put_num(char *buf, size_t n, double x)
{
	if (isnan(x))
		snprintf(buf, n, "-");
	else
		snprintf(buf, n, "%g", x);
}

/* One child in full, as the store will receive it: child 0 of seed 1 on 1 June 2025, a girl of
 * 4 years 9 months with 10 of her 13 due visits (those at 2, 12 and 36 months missed).  The
 * values go through libm (exp, log1p in the LMS formula) before rounding to 10 g / 100 g / 1 mm,
 * so another libm could in principle move one by a unit where the exact value sits on a rounding
 * boundary; the structure above cannot move. */
static void test_golden_child(void **state)
{
	(void)state;
	static const char *const want[] = {
		"2020-08-30 -1 L 3.38 49.3 33.8 -",    "2020-09-25 785 L 4.19 52.4 36 -",
		"2020-12-29 875 L 6.64 61.4 40.8 -",   "2021-02-27 485 L 7.61 65.6 42.4 -",
		"2021-06-15 560 L 8.27 71.2 43.9 -",   "2021-11-19 505 L 9.34 77.8 45.5 -",
		"2022-03-29 790 L 10.33 82.2 46.8 -",  "2022-08-26 810 L 11.12 87.2 - 14.1",
		"2023-03-28 905 H 13.2 90.8 47.4 -",   "2024-10-18 750 H 16.7 101.4 - -",
	};
	synth_config c;
	default_config(&c);
	gv_visit v[SYNTH_MAX_VISITS];
	gv_child ch;
	assert_int_equal(synth_child(&c, 1, 0, &ch, v, NULL), GV_OK);
	assert_string_equal(ch.p.ext_id, "SYN-000000");
	assert_string_equal(ch.p.name, "Mia Synth-000000");
	assert_int_equal(ch.p.id, 0);
	assert_int_equal(ch.p.sex, GV_FEMALE);
	assert_int_equal(ch.p.birth_date, age_days_from_civil(2020, 8, 30));
	assert_int_equal(ch.p.ga_weeks, 39);
	assert_int_equal(ch.p.ga_days, 3);
	assert_true(ch.p.mother_height_cm == 177 && ch.p.father_height_cm == 177);
	assert_int_equal(ch.p.labels, 0);
	assert_int_equal(ch.nv, sizeof want / sizeof want[0]);
	for (size_t j = 0; j < ch.nv; j++) {
		char d[11], w[32], h[32], hc[32], mu[32], line[160];
		age_format_date(ch.v[j].date, d);
		put_num(w, sizeof w, ch.v[j].weight_kg);
		put_num(h, sizeof h, ch.v[j].height_cm);
		put_num(hc, sizeof hc, ch.v[j].head_cm);
		put_num(mu, sizeof mu, ch.v[j].muac_cm);
		snprintf(line, sizeof line, "%s %d %c %s %s %s %s", d, ch.v[j].time_min, ch.v[j].position, w, h, hc, mu);
		assert_string_equal(line, want[j]);
	}
}

/* ------------------------------------------------------------------ the API */

static void test_ids_names_config(void **state)
{
	(void)state;
	synth_config c;
	default_config(&c);
	gv_visit v[SYNTH_MAX_VISITS];
	gv_child ch;
	assert_int_equal(synth_child(&c, 9, 0, &ch, v, NULL), GV_OK);
	assert_string_equal(ch.p.ext_id, "SYN-000000");
	assert_int_equal(synth_child(&c, 9, 123, &ch, v, NULL), GV_OK);
	assert_string_equal(ch.p.ext_id, "SYN-000123");
	const char *suffix = strstr(ch.p.name, " Synth-000123");
	assert_non_null(suffix);
	assert_string_equal(suffix, " Synth-000123");
	assert_true(suffix > ch.p.name); /* a first name before it */
	assert_int_equal(synth_child(&c, 9, UINT64_C(18446744073709551615), &ch, v, NULL), GV_OK);
	assert_string_equal(ch.p.ext_id, "SYN-18446744073709551615");
	assert_int_equal(ch.v, v);

	assert_int_equal(synth_child(NULL, 9, 0, &ch, v, NULL), GV_EINVAL);
	assert_int_equal(synth_child(&c, 9, 0, NULL, v, NULL), GV_EINVAL);
	assert_int_equal(synth_child(&c, 9, 0, &ch, NULL, NULL), GV_EINVAL);

	synth_config bad = c;
	bad.rate[SYNTH_FTT] = -0.1;
	assert_int_equal(synth_check_config(&bad), GV_EINVAL);
	bad = c;
	bad.rate[SYNTH_OBESITY] = NAN;
	assert_int_equal(synth_check_config(&bad), GV_EINVAL);
	bad = c;
	bad.rate[SYNTH_PRETERM] = 0.95; /* sum above 1 */
	assert_int_equal(synth_check_config(&bad), GV_EINVAL);
	bad = c;
	bad.missed_scale = -1;
	assert_int_equal(synth_check_config(&bad), GV_EINVAL);
	assert_int_equal(synth_check_config(NULL), GV_EINVAL);

	/* Default shares: 7.5% with something planted. */
	double sum = 0;
	for (int k = 1; k < SYNTH_NKINDS; k++)
		sum += c.rate[k];
	tu_near(sum, 0.075, 1e-12, "default planted share");

	/* Names, categories, labels. */
	assert_string_equal(synth_kind_name(SYNTH_HEALTHY), "healthy");
	assert_string_equal(synth_kind_name(SYNTH_FTT), "failure_to_thrive");
	assert_string_equal(synth_kind_name(SYNTH_ERR_CARRIED), "carried_forward_height");
	assert_string_equal(synth_kind_name(SYNTH_NKINDS), "");
	assert_string_equal(synth_kind_category(SYNTH_FTT), "failure_to_thrive");
	assert_string_equal(synth_kind_category(SYNTH_OBESITY), "obesity");
	assert_string_equal(synth_kind_category(SYNTH_SHORT_STATURE), "short_stature");
	assert_string_equal(synth_kind_category(SYNTH_MICROCEPHALY), "microcephaly");
	assert_string_equal(synth_kind_category(SYNTH_MACROCEPHALY), "macrocephaly");
	assert_string_equal(synth_kind_category(SYNTH_PRETERM), "");
	assert_string_equal(synth_kind_category(SYNTH_HEALTHY), "");
	for (int k = SYNTH_ERR_LB_AS_KG; k <= SYNTH_ERR_DECIMAL; k++)
		assert_string_equal(synth_kind_category((synth_kind)k), "implausible_value");
	for (int k = 1; k < SYNTH_NKINDS; k++) {
		assert_int_equal(synth_labels_kind(SYNTH_LABEL(k)), k);
		assert_true(SYNTH_LABEL(k) & SYNTH_L_ALL);
		/* Every label is exactly one of: clinical, error, preterm. */
		int cl = (SYNTH_LABEL(k) & SYNTH_L_CLINICAL) != 0, er = (SYNTH_LABEL(k) & SYNTH_L_ERRORS) != 0;
		assert_int_equal(cl + er + (k == SYNTH_PRETERM), 1);
		assert_int_equal(cl, synth_kind_category((synth_kind)k)[0] != 0 && !er);
	}
	assert_int_equal(synth_labels_kind(0), SYNTH_HEALTHY);
	assert_int_equal(SYNTH_LABEL(SYNTH_HEALTHY), 0);
	assert_int_equal(SYNTH_L_FTT, SYNTH_LABEL(SYNTH_FTT));
	assert_int_equal(SYNTH_L_ERR_DECIMAL, SYNTH_LABEL(SYNTH_ERR_DECIMAL));
	assert_int_equal(SYNTH_L_ALL, 0x3ff);
}

static void test_shares_of_kinds(void **state)
{
	(void)state;
	synth_config c;
	default_config(&c);
	gv_visit v[SYNTH_MAX_VISITS];
	synth_truth t;
	enum { N = 40000 };
	long n[SYNTH_NKINDS] = {0};
	for (int i = 0; i < N; i++) {
		gv_child ch;
		assert_int_equal(synth_child(&c, 5, (uint64_t)i, &ch, v, &t), GV_OK);
		assert_int_equal(ch.p.labels, t.labels);
		assert_int_equal(synth_labels_kind(ch.p.labels), t.kind);
		assert_int_equal(t.labels, SYNTH_LABEL(t.kind));
		n[t.kind]++;
	}
	for (int k = 1; k < SYNTH_NKINDS; k++) {
		/* Binomial SE at 1% of 40,000 is 0.05%: allow 5 SE. */
		double se = sqrt(c.rate[k] * (1 - c.rate[k]) / N);
		tu_near((double)n[k] / N, c.rate[k], 5 * se, "share of %s", synth_kind_name((synth_kind)k));
	}
	/* Extremes: nothing planted; everything one kind. */
	for (int k = 0; k < SYNTH_NKINDS; k++)
		c.rate[k] = 0;
	for (int i = 0; i < 300; i++) {
		gv_child ch;
		synth_child(&c, 5, (uint64_t)i, &ch, v, &t);
		assert_int_equal(t.kind, SYNTH_HEALTHY);
		assert_int_equal(ch.p.labels, 0);
	}
	c.rate[SYNTH_SHORT_STATURE] = 1;
	assert_int_equal(synth_check_config(&c), GV_OK);
	for (int i = 0; i < 300; i++) {
		gv_child ch;
		synth_child(&c, 5, (uint64_t)i, &ch, v, &t);
		assert_int_equal(t.kind, SYNTH_SHORT_STATURE);
		assert_int_equal(ch.p.labels, SYNTH_L_SHORT_STATURE);
	}
}

/* ------------------------------------------------------------------ schedule and shapes */

static const int sched_months[27] = {0,  1,  2,  4,  6,  9,   12,  15,  18,  24,  30,  36,  48, 60,
				     72, 84, 96, 108, 120, 132, 144, 156, 168, 180, 192, 204, 216};

static void test_schedule(void **state)
{
	(void)state;
	synth_config c;
	rich_config(&c);
	gv_visit v[SYNTH_MAX_VISITS];
	synth_truth t;
	enum { N = 5000 };
	long slots_due = 0, slots_seen = 0, newborns = 0, teens = 0, hc = 0, muac = 0;
	int32_t min_age = 1 << 30, max_age = 0;
	long age_bins[4] = {0};
	for (int i = 0; i < N; i++) {
		gv_child ch;
		assert_int_equal(synth_child(&c, 77, (uint64_t)i, &ch, v, &t), GV_OK);
		assert_true(ch.nv >= 1 && ch.nv <= 27);
		assert_true(ch.p.sex == GV_MALE || ch.p.sex == GV_FEMALE);
		int32_t age_today = today() - ch.p.birth_date;
		assert_int_equal(age_today, t.age_today);
		min_age = age_today < min_age ? age_today : min_age;
		max_age = age_today > max_age ? age_today : max_age;
		age_bins[age_today * 4 / 6666]++;
		newborns += age_today < 31;
		teens += age_today >= 13 * 365;
		int used[27] = {0};
		for (size_t j = 0; j < ch.nv; j++) {
			const gv_visit *g = &ch.v[j];
			int32_t a = g->date - ch.p.birth_date;
			assert_true(g->date <= today());
			assert_true(a >= 0);
			if (j > 0)
				assert_true(g->date > ch.v[j - 1].date);
			/* The slot: the nearest scheduled age; the date within its jitter window
			 * (0; -5..+10 d at 1 month; -7..+14 d to 6 months; -14..+28 d to 30 months;
			 * -30..+60 d yearly). */
			int k = 0;
			for (int s = 1; s < 27; s++)
				if (fabs(a - sched_months[s] * 30.4375) < fabs(a - sched_months[k] * 30.4375))
					k = s;
			double off = a - floor(sched_months[k] * 30.4375 + 0.5);
			int mo = sched_months[k];
			int lo = mo == 0 ? 0 : mo == 1 ? -5 : mo <= 6 ? -7 : mo <= 30 ? -14 : -30;
			int hi = mo == 0 ? 0 : mo == 1 ? 10 : mo <= 6 ? 14 : mo <= 30 ? 28 : 60;
			if (off < lo || off > hi)
				fail_msg("child %d visit %zu: age %d d is %g d off the %d-month visit", i, j, a, off, mo);
			assert_int_equal(used[k], 0);
			used[k] = 1;
			assert_int_equal(g->time_min, k == 0 ? -1 : g->time_min);
			if (k > 0)
				assert_true(g->time_min >= 480 && g->time_min < 1020 && g->time_min % 5 == 0);
			/* Every visit has a weight and a length/height; head circumference only to 36
			 * months, arm circumference only 6-48 months; nothing else. */
			assert_false(isnan(g->weight_kg));
			assert_false(isnan(g->height_cm));
			assert_true(isnan(g->triceps_mm) && isnan(g->subscap_mm) && g->oedema == 0 && g->id == 0);
			if (!isnan(g->head_cm)) {
				assert_true(mo <= 36 && a <= 1096 + 60);
				hc++;
			}
			if (!isnan(g->muac_cm)) {
				assert_true(mo >= 6 && mo <= 48);
				muac++;
			}
			/* Clinic rounding (a data-entry error may move the decimal point). */
			if (!(t.vflags[j] & SYNTH_V_WEIGHT_ERR)) {
				double d = a < 731 ? 100 : 10;
				tu_near(g->weight_kg * d, floor(g->weight_kg * d + 0.5), 1e-6, "weight rounding");
			}
			if (!(t.vflags[j] & SYNTH_V_HEIGHT_ERR))
				tu_near(g->height_cm * 10, floor(g->height_cm * 10 + 0.5), 1e-6, "height rounding");
		}
		/* Scheduled visits that were due by today: how many happened (planted windows force
		 * a few). */
		for (int k = 0; k < 27; k++) {
			if (floor(sched_months[k] * 30.4375 + 0.5) + 60 <= age_today) {
				slots_due++;
				slots_seen += used[k];
			}
		}
	}
	print_message("schedule: ages at today %d..%d d, %ld newborns (< 1 month), %ld teenagers, "
		      "%.1f%% of due visits attended, %ld head and %ld arm circumferences\n",
		      min_age, max_age, newborns, teens, 100.0 * slots_seen / slots_due, hc, muac);
	/* A clinic spread from newborns to 18 years, roughly even across ages. */
	assert_true(min_age < 7 && max_age > 18 * 365);
	assert_true(newborns > 0 && teens > 0);
	for (int b = 0; b < 4; b++)
		assert_true(age_bins[b] > N / 8);
	/* Missed visits: 2-30% by age, about 80% attended overall. */
	double att = (double)slots_seen / slots_due;
	assert_true(att > 0.70 && att < 0.92);
	assert_true(hc > 0 && muac > 0);

	/* Without missed visits, every due visit is there. */
	c.missed_scale = 0;
	for (int i = 0; i < 500; i++) {
		gv_child ch;
		synth_child(&c, 77, (uint64_t)i, &ch, v, &t);
		int due = 0;
		for (int k = 0; k < 27; k++)
			due += floor(sched_months[k] * 30.4375 + 0.5) + 60 <= t.age_today;
		assert_true((int)ch.nv >= due);
	}
}

/* Position and chart: recumbent length exactly where the engine scores on the WHO (length)
 * chart, standing height on CDC stature; the truth's z-scores are those of the engine. */
static void test_positions_and_truth_z(void **state)
{
	(void)state;
	synth_config c;
	rich_config(&c);
	gv_visit v[SYNTH_MAX_VISITS];
	gv_result r[SYNTH_MAX_VISITS];
	synth_truth t;
	double sd[3] = {0}, n[3] = {0}, maxd[3] = {0};
	for (int i = 0; i < 3000; i++) {
		gv_child ch;
		synth_child(&c, 3, (uint64_t)i, &ch, v, &t);
		score(&ch, r);
		for (size_t j = 0; j < ch.nv; j++) {
			if (t.vflags[j] & SYNTH_V_BEFORE_TERM) {
				assert_true(r[j].warn & GV_W_BEFORE_TERM);
				assert_int_equal(ch.v[j].position, 'L');
				continue;
			}
			assert_int_equal(ch.v[j].position, r[j].ref == GV_WHO2006 ? 'L' : 'H');
			assert_int_equal(r[j].warn & (GV_W_LENGTH_ON_STATURE | GV_W_STATURE_ON_LENGTH), 0);
			assert_true(r[j].ref == GV_WHO2006 || r[j].ref == GV_CDC2000);
			assert_int_equal(!!(t.vflags[j] & SYNTH_V_CORRECTED), r[j].corrected);
			if (t.vflags[j] & (SYNTH_V_WEIGHT_ERR | SYNTH_V_HEIGHT_ERR))
				continue;
			/* Engine z minus the z the value was drawn at: measurement noise and rounding
			 * only (length 0.4 cm is 0.2 SD at birth). */
			double want[3] = {t.z_wfa[j], t.z_lhfa[j], t.z_hcfa[j]};
			gv_ind ind[3] = {GV_WFA, GV_LHFA, GV_HCFA};
			for (int k = 0; k < 3; k++) {
				if (isnan(want[k])) {
					/* Only a head circumference may be missing. */
					assert_int_equal(k, 2);
					assert_true(isnan(ch.v[j].head_cm));
					continue;
				}
				assert_int_equal(r[j].ind[ind[k]].status, GV_OK);
				double d = r[j].ind[ind[k]].z - want[k];
				sd[k] += d * d, n[k]++;
				maxd[k] = fabs(d) > maxd[k] ? fabs(d) : maxd[k];
			}
		}
	}
	for (int k = 0; k < 3; k++) {
		double rms = sqrt(sd[k] / n[k]);
		print_message("engine z - drawn z, %s: rms %.3f, max %.3f over %.0f visits\n",
			      refs_ind_name(k == 2 ? GV_HCFA : (gv_ind)k), rms, maxd[k], n[k]);
		assert_true(rms < 0.2);
		assert_true(maxd[k] < 1.5);
	}
}

/* ------------------------------------------------------------------ healthy children */

static void test_healthy_reference_distribution(void **state)
{
	(void)state;
	synth_config c;
	default_config(&c);
	gv_visit v[SYNTH_MAX_VISITS];
	gv_result r[SYNTH_MAX_VISITS];
	synth_truth t;
	static const gv_ind inds[5] = {GV_WFA, GV_LHFA, GV_BFA, GV_HCFA, GV_WFLH};
	double s[5][2][3] = {{{0}}}; /* indicator, WHO/CDC, (n, sum, sum of squares) */
	long children = 0;
	for (int i = 0; children < 5000; i++) {
		gv_child ch;
		synth_child(&c, 2025, (uint64_t)i, &ch, v, &t);
		if (t.kind != SYNTH_HEALTHY)
			continue;
		children++;
		score(&ch, r);
		for (size_t j = 0; j < ch.nv; j++) {
			for (int k = 0; k < 5; k++) {
				const gv_ind_result *ir = &r[j].ind[inds[k]];
				if (ir->status != GV_OK)
					continue;
				assert_int_equal(ir->biv, 0); /* no implausible value in a healthy child */
				double *a = s[k][r[j].ref == GV_CDC2000];
				a[0]++, a[1] += ir->z, a[2] += ir->z * ir->z;
			}
		}
	}
	for (int k = 0; k < 5; k++) {
		double n = s[k][0][0] + s[k][1][0], sum = s[k][0][1] + s[k][1][1], sq = s[k][0][2] + s[k][1][2];
		double mean = sum / n, sd = sqrt(sq / n - mean * mean);
		print_message("healthy %-4s n %6.0f mean %+.3f sd %.3f", refs_ind_name(inds[k]), n, mean, sd);
		for (int ref = 0; ref < 2; ref++) {
			double *a = s[k][ref];
			if (a[0] > 0) {
				double m = a[1] / a[0];
				print_message("  | %s n %6.0f mean %+.3f sd %.3f", ref ? "CDC" : "WHO", a[0], m,
					      sqrt(a[2] / a[0] - m * m));
			}
		}
		print_message("\n");
		if (inds[k] == GV_WFLH)
			continue; /* reported, not part of the contract */
		assert_true(fabs(mean) < 0.1);
		assert_true(fabs(sd - 1) < 0.1);
		/* And under each reference separately. */
		for (int ref = 0; ref < 2; ref++) {
			double *a = s[k][ref];
			if (a[0] < 1000)
				continue;
			double m = a[1] / a[0], d = sqrt(a[2] / a[0] - m * m);
			assert_true(fabs(m) < 0.1);
			assert_true(fabs(d - 1) < 0.1);
		}
	}
}

/* z-scores track: a healthy child's height z one year apart correlates about 0.97 and weight z
 * about 0.93 (the model of synth.h); weight and height z correlate (0.5-0.8). */
static void test_healthy_tracking(void **state)
{
	(void)state;
	synth_config c;
	default_config(&c);
	gv_visit v[SYNTH_MAX_VISITS];
	gv_result r[SYNTH_MAX_VISITS];
	synth_truth t;
	/* Pairs of yearly visits from 3 years on (one reference, CDC; no length/height switch). */
	double sx[2] = {0}, sy[2] = {0}, sxx[2] = {0}, syy[2] = {0}, sxy[2] = {0}, n = 0;
	double wx = 0, wy = 0, wxx = 0, wyy = 0, wxy = 0, wn = 0;
	for (int i = 0; i < 4000; i++) {
		gv_child ch;
		synth_child(&c, 11, (uint64_t)i, &ch, v, &t);
		if (t.kind != SYNTH_HEALTHY)
			continue;
		score(&ch, r);
		for (size_t j = 0; j + 1 < ch.nv; j++) {
			double a1 = age_days(&ch, j), a2 = age_days(&ch, j + 1);
			double zh = r[j].ind[GV_LHFA].z, zw = r[j].ind[GV_WFA].z;
			wx += zh, wy += zw, wxx += zh * zh, wyy += zw * zw, wxy += zh * zw, wn++;
			if (a1 < 3 * 365.25 || a2 - a1 < 300 || a2 - a1 > 430)
				continue;
			for (int k = 0; k < 2; k++) {
				gv_ind ind = k ? GV_WFA : GV_LHFA;
				double x = r[j].ind[ind].z, y = r[j + 1].ind[ind].z;
				sx[k] += x, sy[k] += y, sxx[k] += x * x, syy[k] += y * y, sxy[k] += x * y;
			}
			n++;
		}
	}
	double corr[2];
	for (int k = 0; k < 2; k++) {
		double cov = sxy[k] / n - sx[k] / n * sy[k] / n;
		corr[k] = cov / sqrt((sxx[k] / n - sx[k] / n * sx[k] / n) * (syy[k] / n - sy[k] / n * sy[k] / n));
	}
	double cwh = (wxy / wn - wx / wn * wy / wn) /
		     sqrt((wxx / wn - wx / wn * wx / wn) * (wyy / wn - wy / wn * wy / wn));
	print_message("tracking over one year (%.0f pairs): height z r = %.3f, weight z r = %.3f; "
		      "weight-height z r = %.3f\n", n, corr[0], corr[1], cwh);
	assert_true(corr[0] > 0.93 && corr[0] < 0.995);
	assert_true(corr[1] > 0.85 && corr[1] < 0.98);
	assert_true(cwh > 0.4 && cwh < 0.85);
}

/* Parents' heights: CDC 2000 stature at 20 years (the chart's last half month, 239.5 months),
 * centred on its medians, whole centimetres, correlated with the child's height. */
static void test_parents(void **state)
{
	(void)state;
	synth_config c;
	default_config(&c);
	gv_visit v[SYNTH_MAX_VISITS];
	gv_result r[SYNTH_MAX_VISITS];
	synth_truth t;
	double med_m, med_f; /* medians for mothers and fathers */
	assert_int_equal(growth_value_at(T_CDC_STATAGE, GV_FEMALE, 239.5, 0, &med_m), GV_OK);
	assert_int_equal(growth_value_at(T_CDC_STATAGE, GV_MALE, 239.5, 0, &med_f), GV_OK);
	long n = 0, nm = 0, nf = 0;
	double sm = 0, sf = 0, x = 0, y = 0, xx = 0, yy = 0, xy = 0, nxy = 0;
	for (int i = 0; i < 5000; i++) {
		gv_child ch;
		synth_child(&c, 8, (uint64_t)i, &ch, v, &t);
		n++;
		double hm = ch.p.mother_height_cm, hf = ch.p.father_height_cm;
		if (!isnan(hm)) {
			nm++, sm += hm;
			assert_true(hm == floor(hm) && hm > 130 && hm < 200);
		}
		if (!isnan(hf)) {
			nf++, sf += hf;
			assert_true(hf == floor(hf) && hf > 140 && hf < 215);
		}
		if (t.kind == SYNTH_SHORT_STATURE)
			assert_true(!isnan(hm) && !isnan(hf));
		if (t.kind != SYNTH_HEALTHY || isnan(hm) || isnan(hf))
			continue;
		/* Mid-parental z (mean of the parents' z) against the child's mean height z. */
		lms pm, pf;
		refs_lms(T_CDC_STATAGE, GV_FEMALE, 239.5, &pm);
		refs_lms(T_CDC_STATAGE, GV_MALE, 239.5, &pf);
		double mz = (lms_z(hm, pm) + lms_z(hf, pf)) / 2;
		score(&ch, r);
		double cz = 0;
		for (size_t j = 0; j < ch.nv; j++)
			cz += r[j].ind[GV_LHFA].z / (double)ch.nv;
		x += mz, y += cz, xx += mz * mz, yy += cz * cz, xy += mz * cz, nxy++;
	}
	double corr = (xy / nxy - x / nxy * y / nxy) /
		      sqrt((xx / nxy - x / nxy * x / nxy) * (yy / nxy - y / nxy * y / nxy));
	print_message("parents: mothers %.1f cm (median %.1f), fathers %.1f cm (median %.1f), known %.0f%% / "
		      "%.0f%%; mid-parental z vs child height z r = %.2f\n",
		      sm / nm, med_m, sf / nf, med_f, 100.0 * nm / n, 100.0 * nf / n, corr);
	tu_near(sm / nm, med_m, 0.6, "mothers' mean height");
	tu_near(sf / nf, med_f, 0.6, "fathers' mean height");
	tu_near((double)nm / n, 0.90, 0.02, "mothers known");
	tu_near((double)nf / n, 0.80, 0.02, "fathers known");
	assert_true(corr > 0.4 && corr < 0.75);
}

/* ------------------------------------------------------------------ planted conditions */

typedef void (*check_fn)(const gv_child *ch, const synth_truth *t, const gv_result *r);

/* Run check on the first `want` children of kind k of the rich cohort. */
static int for_kind(synth_kind k, int want, check_fn check)
{
	synth_config c;
	rich_config(&c);
	static gv_visit v[SYNTH_MAX_VISITS];
	static gv_result r[SYNTH_MAX_VISITS];
	static synth_truth t;
	int got = 0;
	for (int i = 0; got < want && i < 100000; i++) {
		gv_child ch;
		assert_int_equal(synth_child(&c, 31337, (uint64_t)i, &ch, v, &t), GV_OK);
		if (t.kind != k)
			continue;
		assert_int_equal(ch.p.labels, SYNTH_LABEL(k));
		score(&ch, r);
		check(&ch, &t, r);
		got++;
	}
	assert_int_equal(got, want);
	return got;
}

/* Visits other than the planted ones equal their clean values. */
static void clean_elsewhere(const gv_child *ch, const synth_truth *t)
{
	for (size_t j = 0; j < ch->nv; j++) {
		if (!(t->vflags[j] & SYNTH_V_WEIGHT_ERR))
			assert_true(ch->v[j].weight_kg == t->clean_weight_kg[j]);
		if (!(t->vflags[j] & SYNTH_V_HEIGHT_ERR))
			assert_true(ch->v[j].height_cm == t->clean_height_cm[j]);
	}
}

static double ftt_min_drop = 1e9, ftt_min_excess = 1e9;

static void check_ftt(const gv_child *ch, const synth_truth *t, const gv_result *r)
{
	assert_int_equal(t->ind, GV_WFA);
	assert_true(t->first >= 1 && t->last > t->first && t->last < (int)ch->nv);
	double drop = t->z_from - t->z_to;
	assert_true(drop >= 1.0 - 1e-12);
	assert_true(t->z_from >= -0.9 - 1e-12);
	/* NICE NG75: 2 centile spaces (4/3 SD), 3 (2 SD) from above the 91st centile (+4/3 SD), with
	 * 0.3 SD to spare. */
	assert_true(drop >= (t->z_from > 4.0 / 3.0 ? 2.0 : 4.0 / 3.0) + 0.3 - 1e-12);
	/* The planted drop crosses at least two major lines, with 0.3 SD to spare. */
	assert_true(lines_crossed(t->z_from - 0.3, t->z_to + 0.3) >= 2);
	/* Infant FTT: the decline happens under 24 months, on WHO charts. */
	assert_true(r[t->last].ref == GV_WHO2006);
	/* At least 4 scheduled months, less the date jitter (2 -> 6 months: 101 days). */
	assert_true(age_days(ch, t->last) - age_days(ch, t->first) >= 100);
	double z1 = r[t->first].ind[GV_WFA].z, z2 = r[t->last].ind[GV_WFA].z;
	/* What the chart shows: the weight z falls by the planted amount (less measurement noise,
	 * about 0.1 SD at each end), across two or more major percentile lines. */
	if (!(z1 - z2 >= drop - 0.3))
		fail_msg("%s: weight z fell %.2f, planted %.2f", ch->p.ext_id, z1 - z2, drop);
	if (lines_crossed(z1, z2) < 2)
		fail_msg("%s: weight z %.2f -> %.2f crosses %d major lines", ch->p.ext_id, z1, z2,
			 lines_crossed(z1, z2));
	ftt_min_drop = fmin(ftt_min_drop, z1 - z2);
	ftt_min_excess = fmin(ftt_min_excess, (z1 - z2) - drop);
	tu_near(z1, t->z_from, 0.35, "%s z at first", ch->p.ext_id);
	tu_near(z2, t->z_to, 0.35, "%s z at last", ch->p.ext_id);
	/* And stays down: no visit after the window is back above the start. */
	for (size_t j = (size_t)t->last + 1; j < ch->nv; j++)
		if (r[j].ref == GV_WHO2006)
			assert_true(r[j].ind[GV_WFA].z < z1);
	for (int j = t->first; j <= t->last; j++)
		assert_true(t->vflags[j] & SYNTH_V_WINDOW);
	clean_elsewhere(ch, t);
}

static void test_ftt(void **state)
{
	(void)state;
	int n = for_kind(SYNTH_FTT, 150, check_ftt);
	print_message("FTT: %d children; smallest observed weight z drop %.2f; observed - planted >= %.2f\n", n,
		      ftt_min_drop, ftt_min_excess);
}

static void check_obesity(const gv_child *ch, const synth_truth *t, const gv_result *r)
{
	assert_int_equal(t->ind, GV_BFA);
	assert_true(t->first >= 0 && t->last > t->first);
	assert_true(t->z_from <= 1.0 + 1e-9);
	assert_true(t->bmi_pct_p95 >= 105 && t->bmi_pct_p95 <= 135);
	/* On CDC BMI-for-age from 3 years: below the 85th percentile (z 1.036) plus noise at the
	 * start of the window; at the planted percentage of the 95th percentile (noise: about 1% of
	 * BMI) at its end, i.e. obese by the LMS percentile and the 2022 extended one alike. */
	assert_true(r[t->first].ref == GV_CDC2000 && age_days(ch, t->first) >= 36 * 30.4375 - 30);
	const gv_ind_result *b1 = &r[t->first].ind[GV_BFA], *b2 = &r[t->last].ind[GV_BFA];
	assert_int_equal(b2->status, GV_OK);
	tu_near(r[t->last].bmi_pct_p95, t->bmi_pct_p95, 4, "%s BMI %% of P95 at last", ch->p.ext_id);
	if (!(b2->p >= 95 && r[t->last].p_bfa_ext >= 95))
		fail_msg("%s: BMI percentile %.1f at the end of the obesity window", ch->p.ext_id, b2->p);
	tu_near(b2->z, t->z_to, 0.2, "%s BMI z at last", ch->p.ext_id);
	/* BMI z is noisy in a small child (weight +/- 0.2 kg, height +/- 0.3 cm: about 0.2 SD). */
	tu_near(b1->z, t->z_from, 0.7, "%s BMI z at first", ch->p.ext_id);
	/* It stays: at least 105% of P95 (less noise) at every later visit. */
	for (size_t j = (size_t)t->last; j < ch->nv; j++)
		if (!(r[j].bmi_pct_p95 >= 100))
			fail_msg("%s: BMI %.1f%% of P95 at visit %zu after the window", ch->p.ext_id, r[j].bmi_pct_p95, j);
	/* And it rose. */
	assert_true(t->z_to - t->z_from >= 0.6);
	assert_true(b2->z - b1->z >= t->z_to - t->z_from - 0.7);
	clean_elsewhere(ch, t);
}

static void test_obesity(void **state)
{
	(void)state;
	for_kind(SYNTH_OBESITY, 150, check_obesity);
}

static void check_short(const gv_child *ch, const synth_truth *t, const gv_result *r)
{
	assert_int_equal(t->ind, GV_LHFA);
	assert_true(t->z_from >= -0.8 - 1e-12 && t->z_from <= 1e-12);
	assert_true(t->z_to <= -2.2 && t->z_to >= -2.6);
	double z1 = r[t->first].ind[GV_LHFA].z, z2 = r[t->last].ind[GV_LHFA].z;
	tu_near(z1, t->z_from, 0.25, "%s height z at first", ch->p.ext_id);
	tu_near(z2, t->z_to, 0.25, "%s height z at last", ch->p.ext_id);
	/* Below the 3rd percentile (CDC) and -2 SD at the end; falling across >= 2 major lines. */
	assert_true(r[t->last].ind[GV_LHFA].p < 3 && z2 < -2);
	assert_true(lines_crossed(z1, z2) >= 2);
	/* Height velocity over the window below the median child's velocity at those ages
	 * (the difference of the CDC medians), yet the child grows. */
	double a1 = age_days(ch, t->first), a2 = age_days(ch, t->last), m1, m2;
	assert_int_equal(growth_value_at(T_CDC_STATAGE, ch->p.sex, a1 / 30.4375, 0, &m1), GV_OK);
	assert_int_equal(growth_value_at(T_CDC_STATAGE, ch->p.sex, a2 / 30.4375, 0, &m2), GV_OK);
	double years = (a2 - a1) / 365.25;
	double vel = (ch->v[t->last].height_cm - ch->v[t->first].height_cm) / years;
	double vel_med = (m2 - m1) / years;
	if (!(vel < vel_med - 1.0 && vel > 0))
		fail_msg("%s: height velocity %.1f cm/y over %.1f y, median child %.1f", ch->p.ext_id, vel, years,
			 vel_med);
	/* Heights never shrink. */
	for (size_t j = 1; j < ch->nv; j++)
		assert_true(ch->v[j].height_cm > ch->v[j - 1].height_cm - 1.5);
	/* The parents are of ordinary height: the mid-parental z is well above the child's. */
	lms pm, pf;
	refs_lms(T_CDC_STATAGE, GV_FEMALE, 239.5, &pm);
	refs_lms(T_CDC_STATAGE, GV_MALE, 239.5, &pf);
	double mpz = (lms_z(ch->p.mother_height_cm, pm) + lms_z(ch->p.father_height_cm, pf)) / 2;
	assert_true(mpz > z2 + 0.5);
	clean_elsewhere(ch, t);
}

static void test_short_stature(void **state)
{
	(void)state;
	for_kind(SYNTH_SHORT_STATURE, 150, check_short);
}

static void check_head(const gv_child *ch, const synth_truth *t, const gv_result *r, int sign)
{
	assert_int_equal(t->ind, GV_HCFA);
	assert_true(t->first == 0); /* measured at birth */
	assert_true(sign * t->z_from >= 2.6 && sign * t->z_from <= 3.5);
	int n = 0;
	for (size_t j = 0; j < ch->nv; j++) {
		if (isnan(ch->v[j].head_cm))
			continue;
		const gv_ind_result *h = &r[j].ind[GV_HCFA];
		assert_int_equal(h->status, GV_OK);
		if (!(sign * h->z > 2))
			fail_msg("%s: head circumference z %.2f at visit %zu", ch->p.ext_id, h->z, j);
		tu_near(h->z, t->z_from, 0.6, "%s head z", ch->p.ext_id);
		assert_true((int)j >= t->first && (int)j <= t->last);
		n++;
	}
	assert_true(n >= 1);
	assert_false(isnan(ch->v[t->last].head_cm));
	clean_elsewhere(ch, t);
}

static void check_micro(const gv_child *ch, const synth_truth *t, const gv_result *r)
{
	check_head(ch, t, r, -1);
}

static void check_macro(const gv_child *ch, const synth_truth *t, const gv_result *r)
{
	check_head(ch, t, r, +1);
}

static void test_microcephaly(void **state)
{
	(void)state;
	for_kind(SYNTH_MICROCEPHALY, 150, check_micro);
}

static void test_macrocephaly(void **state)
{
	(void)state;
	for_kind(SYNTH_MACROCEPHALY, 150, check_macro);
}

static double pre_early_z, pre_late_z, pre_early_n, pre_late_n;
static int pre_corrected_visits;

static void check_preterm(const gv_child *ch, const synth_truth *t, const gv_result *r)
{
	int ga = ch->p.ga_weeks * 7 + ch->p.ga_days;
	assert_true(ga >= 28 * 7 && ga < 36 * 7);
	assert_true(ga < 37 * 7);
	assert_true(t->catchup_z <= -0.4 && t->catchup_z >= -1.2);
	for (size_t j = 0; j < ch->nv; j++) {
		double a = age_days(ch, j);
		if (a / 30.4375 >= 24) {
			assert_int_equal(r[j].corrected, 0);
			continue;
		}
		/* The engine uses corrected age: chronological age minus (280 - GA) days. */
		assert_int_equal(r[j].corrected, 1);
		assert_true(r[j].cage_days == a - (280 - ga));
		if (a - (280 - ga) < 0) {
			assert_true(t->vflags[j] & SYNTH_V_BEFORE_TERM);
			assert_int_equal(r[j].ind[GV_WFA].status, GV_EPRETERM);
			/* A preterm size: a newborn's (Fenton 2013 at 28-40 weeks, 0.7-5 kg) and less
			 * than at the first visit after term. */
			assert_true(ch->v[j].weight_kg > 0.5 && ch->v[j].weight_kg < 5 && ch->v[j].height_cm < 56);
			for (size_t k = j + 1; k < ch->nv; k++)
				if (!(t->vflags[k] & SYNTH_V_BEFORE_TERM)) {
					assert_true(ch->v[j].weight_kg < ch->v[k].weight_kg);
					break;
				}
			continue;
		}
		assert_true(t->vflags[j] & SYNTH_V_CORRECTED);
		assert_true((int)j >= t->first && (int)j <= t->last);
		pre_corrected_visits++;
		double cm = r[j].cage_days / 30.4375, z = r[j].ind[GV_WFA].z;
		if (cm < 3)
			pre_early_z += z, pre_early_n++;
		else if (cm >= 12)
			pre_late_z += z, pre_late_n++;
	}
	clean_elsewhere(ch, t);
}

/* The synthetic preterm children as the engine scores them by default: how many visits are now
 * on INTERGROWTH-21st, and their z.  synth sizes a preterm child before term from Fenton 2013
 * (a reference of birth sizes) and after term from WHO 2006 with a planted catch-up deficit
 * (core/synth.c), not from INTERGROWTH-21st: the z are reported as they come, and only bounded
 * loosely (|mean| < 1.5, SD 0.3-2.5); synth is not tuned to them. */
static void test_preterm_on_intergrowth(void **state)
{
	(void)state;
	synth_config c;
	rich_config(&c);
	static gv_visit v[SYNTH_MAX_VISITS];
	static gv_result r[SYNTH_MAX_VISITS];
	static synth_truth t;
	long nkids = 0, nvis = 0, nbefore = 0, nnone = 0, n[2][3] = {{0}};
	double sum[2][3] = {{0}}, sq[2][3] = {{0}};
	for (int i = 0; nkids < 300 && i < 200000; i++) {
		gv_child ch;
		assert_int_equal(synth_child(&c, 31337, (uint64_t)i, &ch, v, &t), GV_OK);
		if (t.kind != SYNTH_PRETERM)
			continue;
		nkids++;
		for (size_t j = 0; j < ch.nv; j++) {
			gv_measure m;
			record_measure(&ch.p, &ch.v[j], &m);
			assert_int_equal(growth_compute(&m, NULL, &r[j]), GV_OK);
			nvis++;
			nbefore += (t.vflags[j] & SYNTH_V_BEFORE_TERM) != 0;
			if (r[j].ind[GV_WFA].status == GV_ENO_STANDARD)
				nnone++;
			int s = r[j].ref == GV_REF_IG21_NBS ? 0 : r[j].ref == GV_REF_IG21_PNG ? 1 : -1;
			if (s < 0 || (t.vflags[j] & (SYNTH_V_WEIGHT_ERR | SYNTH_V_HEIGHT_ERR)))
				continue;
			static const gv_ind k3[3] = {GV_WFA, GV_LHFA, GV_HCFA};
			for (int k = 0; k < 3; k++)
				if (r[j].ind[k3[k]].status == GV_OK) {
					double z = r[j].ind[k3[k]].z;
					n[s][k]++, sum[s][k] += z, sq[s][k] += z * z;
				}
		}
	}
	assert_int_equal(nkids, 300);
	print_message("synthetic preterm: %ld children, %ld visits; %ld before term (all unscored before "
		      "INTERGROWTH-21st), %ld before any standard\n",
		      nkids, nvis, nbefore, nnone);
	static const char *const nm[2] = {"newborn size", "postnatal"};
	for (int s = 0; s < 2; s++)
		for (int k = 0; k < 3; k++) {
			double mean = sum[s][k] / n[s][k], sd = sqrt(sq[s][k] / n[s][k] - mean * mean);
			print_message("  INTERGROWTH-21st %s %s: %ld scored, z mean %+.2f SD %.2f\n", nm[s],
				      refs_ind_name(k == 2 ? GV_HCFA : (gv_ind)k), n[s][k], mean, sd);
			assert_true(n[s][k] > 50);
			assert_true(fabs(mean) < 1.5 && sd > 0.3 && sd < 2.5);
		}
	assert_int_equal(nnone, 0); /* synth's preterm children are born from 28 weeks (check_preterm) */
}

static void test_preterm(void **state)
{
	(void)state;
	for_kind(SYNTH_PRETERM, 150, check_preterm);
	/* Catch-up: at corrected 0-3 months the weight z is lower (planted deficit -0.4..-1.2,
	 * mean -0.8, fading over 6 months) than at corrected 12-24 months. */
	double early = pre_early_z / pre_early_n, late = pre_late_z / pre_late_n;
	print_message("preterm: %d visits at corrected age; mean weight z %.2f at 0-3 months corrected "
		      "(%.0f visits), %.2f at 12-24 months (%.0f)\n",
		      pre_corrected_visits, early, pre_early_n, late, pre_late_n);
	assert_true(pre_early_n > 50 && pre_late_n > 50);
	assert_true(early < -0.35 && late - early > 0.3);
}

/* The value expected at visit j from its nearest clean neighbours: the mean of their z-scores
 * for ind, as a value on visit j's table (a child tracks their percentile; an infant's weight
 * does not grow linearly between visits months apart). */
static double expected(const gv_child *ch, const synth_truth *t, const gv_result *r, int j, gv_ind ind)
{
	const unsigned err = SYNTH_V_WEIGHT_ERR | SYNTH_V_HEIGHT_ERR;
	double zs = 0;
	int n = 0;
	for (int a = j - 1; a >= 0; a--)
		if (!(t->vflags[a] & err) && r[a].ind[ind].status == GV_OK) {
			zs += r[a].ind[ind].z, n++;
			break;
		}
	for (int b = j + 1; b < (int)ch->nv; b++)
		if (!(t->vflags[b] & err) && r[b].ind[ind].status == GV_OK) {
			zs += r[b].ind[ind].z, n++;
			break;
		}
	assert_true(n > 0);
	double v;
	assert_int_equal(growth_value_at(r[j].ind[ind].table, ch->p.sex, r[j].ind[ind].x, zs / n, &v), GV_OK);
	return v;
}

static void check_lb(const gv_child *ch, const synth_truth *t, const gv_result *r)
{
	int j = t->first;
	assert_true(age_days(ch, (size_t)j) > 0 && j == t->last && t->ind == GV_WFA); /* not at birth */
	assert_int_equal(t->vflags[j], SYNTH_V_WEIGHT_ERR);
	tu_near(t->factor, 2.20462262185, 1e-11, "lb per kg");
	const gv_visit *g = &ch->v[j];
	/* The weight in pounds, rounded as the clinic rounds. */
	tu_near(g->weight_kg, t->true_value * 2.20462262185, 0.051, "%s lb as kg", ch->p.ext_id);
	assert_true(t->true_value == t->clean_weight_kg[j]);
	/* About 2.2 times what the neighbouring visits suggest. */
	double ratio = g->weight_kg / expected(ch, t, r, j, GV_WFA);
	if (!(ratio > 1.6 && ratio < 3.0))
		fail_msg("%s: weight %.2f is %.2f times its neighbours", ch->p.ext_id, g->weight_kg, ratio);
	/* On the chart: a jump of more than one SD above the neighbouring visits' weight z. */
	double zn = 0;
	int nn = 0;
	if (j > 0)
		zn += r[j - 1].ind[GV_WFA].z, nn++;
	if (j + 1 < (int)ch->nv)
		zn += r[j + 1].ind[GV_WFA].z, nn++;
	if (!(r[j].ind[GV_WFA].z - zn / nn > 1.2))
		fail_msg("%s: weight z %.2f at the lb-as-kg visit, neighbours %.2f", ch->p.ext_id, r[j].ind[GV_WFA].z,
			 zn / nn);
	clean_elsewhere(ch, t);
}

static void test_lb_as_kg(void **state)
{
	(void)state;
	for_kind(SYNTH_ERR_LB_AS_KG, 150, check_lb);
}

static void check_swap(const gv_child *ch, const synth_truth *t, const gv_result *r)
{
	int j = t->first;
	assert_true(age_days(ch, (size_t)j) > 0 && j == t->last && t->ind == GV_WFA);
	assert_int_equal(t->vflags[j], SYNTH_V_WEIGHT_ERR | SYNTH_V_HEIGHT_ERR);
	const gv_visit *g = &ch->v[j];
	assert_true(g->weight_kg == t->clean_height_cm[j]);
	assert_true(g->height_cm == t->clean_weight_kg[j]);
	assert_true(t->true_value == t->clean_weight_kg[j]);
	/* The "weight" is about the height and the "height" about the weight that the
	 * neighbouring visits lead one to expect. */
	double rh = g->weight_kg / expected(ch, t, r, j, GV_LHFA), rw = g->height_cm / expected(ch, t, r, j, GV_WFA);
	if (!(rh > 0.9 && rh < 1.1 && rw > 0.6 && rw < 1.6))
		fail_msg("%s: swapped values %.1f / %.1f against neighbours' height x%.2f, weight x%.2f",
			 ch->p.ext_id, g->weight_kg, g->height_cm, rh, rw);
	clean_elsewhere(ch, t);
}

static void test_swap(void **state)
{
	(void)state;
	for_kind(SYNTH_ERR_SWAP, 150, check_swap);
}

static void check_carried(const gv_child *ch, const synth_truth *t, const gv_result *r)
{
	(void)r;
	assert_true(age_days(ch, (size_t)t->first) > 0 && t->last > t->first && t->ind == GV_LHFA);
	double span = age_days(ch, (size_t)t->last) - age_days(ch, (size_t)t->first);
	/* About a year: the scheduled visits 9-15 months apart, with their jitter. */
	if (!(span >= 9 * 30.4375 - 45 && span <= 15 * 30.4375 + 75))
		fail_msg("%s: carried over %.0f days", ch->p.ext_id, span);
	assert_int_equal(t->vflags[t->first] & SYNTH_V_HEIGHT_ERR, 0);
	for (int j = t->first + 1; j <= t->last; j++) {
		assert_true(ch->v[j].height_cm == ch->v[t->first].height_cm);
		assert_int_equal(t->vflags[j], SYNTH_V_HEIGHT_ERR);
	}
	/* In a growing child: the true height at the end is well above the repeated one. */
	assert_true(t->true_value == t->clean_height_cm[t->last]);
	if (!(t->true_value - ch->v[t->first].height_cm >= 2.0))
		fail_msg("%s: grew only %.1f cm in %.0f days", ch->p.ext_id, t->true_value - ch->v[t->first].height_cm,
			 span);
	/* The next visit after the run (if any) is the true height again. */
	if (t->last + 1 < (int)ch->nv)
		assert_true(ch->v[t->last + 1].height_cm > ch->v[t->first].height_cm);
	clean_elsewhere(ch, t);
}

static void test_carried_forward(void **state)
{
	(void)state;
	for_kind(SYNTH_ERR_CARRIED, 150, check_carried);
}

static int dec_weight, dec_height, dec_up, dec_down;

static void check_decimal(const gv_child *ch, const synth_truth *t, const gv_result *r)
{
	int j = t->first;
	assert_true(age_days(ch, (size_t)j) > 0 && j == t->last);
	assert_true(t->factor == 10 || t->factor == 0.1);
	int weight = t->ind == GV_WFA;
	assert_true(weight || t->ind == GV_LHFA);
	assert_int_equal(t->vflags[j], weight ? SYNTH_V_WEIGHT_ERR : SYNTH_V_HEIGHT_ERR);
	double rec = weight ? ch->v[j].weight_kg : ch->v[j].height_cm;
	double clean = weight ? t->clean_weight_kg[j] : t->clean_height_cm[j];
	assert_true(t->true_value == clean);
	/* The same digits: exactly 10x or x/10 up to the last bit of the decimal. */
	tu_near(rec / clean, t->factor, 1e-12, "%s decimal", ch->p.ext_id);
	double ratio = rec / expected(ch, t, r, j, weight ? GV_WFA : GV_LHFA);
	if (!(t->factor == 10 ? ratio > 6 && ratio < 16 : ratio > 0.06 && ratio < 0.16))
		fail_msg("%s: %s %.2f is %.2f times its neighbours", ch->p.ext_id, weight ? "weight" : "height", rec,
			 ratio);
	dec_weight += weight, dec_height += !weight;
	dec_up += t->factor == 10, dec_down += t->factor != 10;
	clean_elsewhere(ch, t);
}

static void test_misplaced_decimal(void **state)
{
	(void)state;
	for_kind(SYNTH_ERR_DECIMAL, 150, check_decimal);
	print_message("misplaced decimal: %d weights, %d heights, %d x10, %d /10\n", dec_weight, dec_height,
		      dec_up, dec_down);
	/* A length with its point moved is 5 or 500 cm: outside the physical limits (core/limits.h),
	 * which no store can hold, so the decimal always moves in a weight. */
	assert_true(dec_weight == 150 && dec_height == 0 && dec_up > 40 && dec_down > 40);
}

/* Every kind's truth is self-consistent: a window inside the record, labels, vflags. */
static void test_truth_consistency(void **state)
{
	(void)state;
	synth_config c;
	rich_config(&c);
	gv_visit v[SYNTH_MAX_VISITS];
	synth_truth t;
	for (int i = 0; i < 5000; i++) {
		gv_child ch;
		synth_child(&c, 99, (uint64_t)i, &ch, v, &t);
		int has_window = t.kind != SYNTH_HEALTHY && !(t.kind == SYNTH_PRETERM && t.first < 0);
		if (t.kind == SYNTH_HEALTHY) {
			assert_int_equal(t.first, -1);
			assert_int_equal(t.ind, GV_NIND);
			assert_true(isnan(t.z_from) && isnan(t.factor) && t.catchup_z == 0);
		}
		if (has_window)
			assert_true(t.first >= 0 && t.first <= t.last && t.last < (int)ch.nv);
		int errs = 0;
		for (size_t j = 0; j < ch.nv; j++) {
			errs += (t.vflags[j] & (SYNTH_V_WEIGHT_ERR | SYNTH_V_HEIGHT_ERR)) != 0;
			int in = (int)j >= t.first && (int)j <= t.last;
			int clinical = (t.labels & SYNTH_L_CLINICAL) != 0;
			assert_int_equal(!!(t.vflags[j] & SYNTH_V_WINDOW), clinical && in);
		}
		if (ch.p.labels & SYNTH_L_ERRORS)
			assert_true(errs >= 1);
		else
			assert_int_equal(errs, 0);
		if (t.kind != SYNTH_PRETERM)
			for (size_t j = 0; j < ch.nv; j++)
				assert_int_equal(t.vflags[j] & (SYNTH_V_CORRECTED | SYNTH_V_BEFORE_TERM), 0);
		/* Preterm label <=> GA under 37 weeks. */
		int ga = ch.p.ga_weeks * 7 + ch.p.ga_days;
		assert_int_equal(ch.p.ga_weeks > 0 && ga < 259, t.kind == SYNTH_PRETERM);
		if (ch.p.ga_weeks > 0)
			assert_true(ga >= 196 && ga < 42 * 7);
		/* Every value, planted errors included, within the physical limits: what synth
		 * stores can be exported and imported again (core/limits.h). */
		lim_qty q = LIM_N;
		assert_true(limits_patient_ok(&ch.p, &q));
		for (size_t j = 0; j < ch.nv; j++)
			if (!limits_visit_ok(&ch.v[j], &q))
				fail_msg("%s visit %zu: %s %g outside the limits", ch.p.ext_id, j, limits_of(q)->name,
					 limits_visit_value(&ch.v[j], q));
		/* A child labelled with an error carries it (none fell back to healthy). */
		assert_int_equal(t.labels, SYNTH_LABEL(t.kind));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rng_reference_vectors),
		cmocka_unit_test(test_rng_distribution),
		cmocka_unit_test(test_same_seed_same_cohort),
		cmocka_unit_test(test_golden_structure),
		cmocka_unit_test(test_golden_child),
		cmocka_unit_test(test_ids_names_config),
		cmocka_unit_test(test_shares_of_kinds),
		cmocka_unit_test(test_schedule),
		cmocka_unit_test(test_positions_and_truth_z),
		cmocka_unit_test(test_healthy_reference_distribution),
		cmocka_unit_test(test_healthy_tracking),
		cmocka_unit_test(test_parents),
		cmocka_unit_test(test_ftt),
		cmocka_unit_test(test_obesity),
		cmocka_unit_test(test_short_stature),
		cmocka_unit_test(test_microcephaly),
		cmocka_unit_test(test_macrocephaly),
		cmocka_unit_test(test_preterm),
		cmocka_unit_test(test_preterm_on_intergrowth),
		cmocka_unit_test(test_lb_as_kg),
		cmocka_unit_test(test_swap),
		cmocka_unit_test(test_carried_forward),
		cmocka_unit_test(test_misplaced_decimal),
		cmocka_unit_test(test_truth_consistency),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
