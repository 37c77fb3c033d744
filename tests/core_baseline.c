/* core_baseline.c — the built-in summary: exact texts of hand-checked children (tests/tu_summary.h),
 * the edge cases (no visits, unknown sex, one visit, every visit before term), and, on a synthetic
 * cohort with every planted condition and data error, that every number, age and category the
 * summary states is the engine's own: the text is read back token by token and each number is
 * matched with what traj_results, the flags and the trends say, and each slot with its visit. */
#include "tests/tu_summary.h"

typedef struct fixture {
	prompt_facts f;
	baseline b;
} fixture;

static int setup(void **state)
{
	fixture *x = calloc(1, sizeof *x);
	if (!x)
		return -1;
	prompt_facts_init(&x->f);
	baseline_init(&x->b);
	*state = x;
	return 0;
}

static int teardown(void **state)
{
	fixture *x = *state;
	baseline_free(&x->b);
	prompt_facts_free(&x->f);
	free(x);
	return 0;
}

static const char *write_for(fixture *x, const gv_child *c, gv_audience a, int limit)
{
	prompt_options o;
	prompt_default_options(&o);
	o.audience = a;
	if (limit)
		o.word_limit = limit;
	assert_int_equal(prompt_facts_compute(&x->f, c, NULL), GV_OK);
	assert_int_equal(baseline_write(&x->f, &o, &x->b), GV_OK);
	assert_int_equal(x->b.words, prompt_count_words(x->b.text.s, x->b.text.len));
	return prompt_buf_str(&x->b.text);
}

static void check_summary(const prompt_facts *f, const baseline *b, int fam, int limit, const char *who);

/* ------------------------------------------------------------------ the hand-checked children */

static void test_child_a(void **state)
{
	fixture *x = *state;
	gv_child c;
	gv_visit v[4];
	tu_child_a(&c, v);
	/* numbers: tests/tu_summary.h, child A; 7m 3d corrected = 2023-03-07 to 2023-10-10 */
	assert_string_equal(write_for(x, &c, GV_AUD_CLINICIAN, 0),
		"Girl born preterm at 32+0 weeks, 4 visits from birth to 9m 0d. Measurements are plotted on the "
		"INTERGROWTH-21st newborn size charts at birth, the INTERGROWTH-21st preterm postnatal growth charts from "
		"2m 27d up to 5m 25d and on the WHO 2006 charts from 9m 0d, at corrected age until 24 months of age (born "
		"preterm). No moderate or severe growth flags are open. At the last visit, at 9m 0d (corrected 7m 3d): "
		"weight 7.200 kg (z -0.54, P29.6), length 66.5 cm (z -0.42, P33.6). Head circumference 42.5 cm (z -0.31, "
		"P38.0); weight-for-length z -0.33, P37.0. Since the visit at 5m 25d (corrected 3m 28d), weight velocity "
		"+0.38 kg/month and length velocity +1.73 cm/month. Continue routine growth monitoring.");
	/* z -0.84 -> -0.42 on CDC's WHO lines passes P25 (-0.674): one line, steady */
	assert_string_equal(write_for(x, &c, GV_AUD_FAMILY, 0),
		"Your daughter was born early, at 32 weeks of pregnancy, and has been measured 4 times, most recently at 9 "
		"months. At birth her measurements were compared with the INTERGROWTH-21st newborn growth charts, from 2 "
		"months with the INTERGROWTH-21st preterm growth charts, and from 9 months with the WHO growth charts. "
		"Because she was born early, her growth is judged by her corrected age (her age counted from her due date) "
		"until the age of 2. No growth problem needing a check by her doctor was found. At her last check, at 9 "
		"months (7 months corrected age), she weighed 7.200 kg, around the 30th percentile, which means about 30 in "
		"100 girls of the same age weigh less, and measured 66.5 cm long, around the 34th percentile. Keep going to "
		"her regular check-ups.");
	assert_true(x->b.words <= 150);
	/* the slots of the family text point at what they say */
	int zp = 0;
	for (size_t i = 0; i < x->b.nslots; i++) {
		const baseline_slot *s = &x->b.slots[i];
		if (s->kind == BASELINE_S_ZP && zp++ == 0) {
			assert_int_equal(s->visit, 3);
			assert_int_equal(s->ind, GV_WFA);
			tu_near(s->z, -0.5359, 5e-5, "slot z");
			assert_memory_equal(x->b.text.s + s->start, "around the 30th percentile, which means about 30 in 100 girls",
					    61);
		}
		if (s->kind == BASELINE_S_AGEBASIS)
			assert_memory_equal(x->b.text.s + s->start, "corrected age (her age counted from her due date)",
					    s->end - s->start);
	}
	assert_int_equal(zp, 2);
}

static void test_child_b_switch(void **state)
{
	fixture *x = *state;
	gv_child c;
	gv_visit v[4];
	tu_child_b(&c, v);
	assert_string_equal(write_for(x, &c, GV_AUD_CLINICIAN, 0),
		"Boy born at 39+2 weeks, 4 visits from 1y 6m to 4y 0m. Measurements are plotted on the WHO 2006 charts up to "
		"1y 6m and on the CDC 2000 charts from 2y 0m. No moderate or severe growth flags are open. At the last visit, at "
		"4y 0m: weight 16.00 kg (z -0.13, P44.8), height 102.5 cm (z +0.05, P52.1). BMI 15.2 kg/m2 (z -0.38, P35.3). "
		"Weight-for-age was steady (no major percentile line crossed) from 2y 0m to 4y 0m, z -0.14 to -0.13. "
		"Length/height-for-age was steady (no major percentile line crossed) from 2y 0m to 4y 0m, z +0.12 to +0.05. "
		"BMI-for-age was steady (no major percentile line crossed) from 2y 0m to 4y 0m, z -0.04 to -0.38. Mid-parental "
		"target height 179.0 cm (z +0.30, range 170.5-187.5 cm). Since the visit at 3y 0m, weight velocity +1.79 "
		"kg/year and height velocity +6.9 cm/year. Continue routine growth monitoring.");
	size_t charts = 0;
	for (size_t i = 0; i < x->b.nslots; i++)
		if (x->b.slots[i].kind == BASELINE_S_CHART)
			assert_int_equal(x->b.slots[i].ref, charts++ == 0 ? GV_WHO2006 : GV_CDC2000);
	assert_int_equal(charts, 2);
	assert_string_equal(write_for(x, &c, GV_AUD_FAMILY, 0),
		"Your son has been measured 4 times, most recently at 4 years. Up to 1 year 6 months his measurements were "
		"compared with the WHO growth charts, and from 2 years with the CDC growth charts. No growth problem needing a "
		"check by his doctor was found. At his last check, at 4 years, he weighed 16.00 kg, around the 45th percentile, "
		"which means about 45 in 100 boys of the same age weigh less, and measured 102.5 cm tall, around the 52nd "
		"percentile. His weight has stayed on a steady path on the chart between 2 years and 4 years. His growth in "
		"length or height has stayed on a steady path on the chart between 2 years and 4 years. His BMI has stayed on a "
		"steady path on the chart between 2 years and 4 years. Keep going to his regular check-ups.");
}

static void test_child_c_flags(void **state)
{
	fixture *x = *state;
	gv_child c;
	gv_visit v[4];
	tu_child_c(&c, v);
	/* the unit error is a value to check; no trend rests on it (weight z from birth to 1 year) */
	assert_string_equal(write_for(x, &c, GV_AUD_CLINICIAN, 0),
		"Boy born at 40+0 weeks, 4 visits from birth to 1y 0m. Measurements are plotted on the WHO 2006 charts. "
		"Microcephaly (severe): at 6m 0d, head circumference z -2.74 (P0.31), on 2 visits since birth; severe "
		"microcephaly at 2m 0d: head circumference z -3.53 (P0.02). Value to check: weight 17.20 kg at 6m 0d (pounds "
		"entered as kilograms?). At the last visit, at 1y 0m: weight 9.400 kg (z -0.24, P40.7), length 75.0 cm (z "
		"-0.31, P37.8). Head circumference 43.5 cm (z -2.00, P2.3); weight-for-length z -0.13, P44.8. Weight-for-age was "
		"steady (1 major percentile line crossed downward) from birth to 1y 0m, z +0.11 to -0.24. Length/height-for-age "
		"was steady (1 major percentile line crossed downward) from birth to 1y 0m, z +0.06 to -0.31. Clinical review "
		"of the flagged findings is suggested, after checking the flagged values.");
	size_t nflag = 0;
	for (size_t i = 0; i < x->b.nslots; i++)
		if (x->b.slots[i].kind == BASELINE_S_FLAG) {
			nflag++;
			assert_int_equal(x->b.slots[i].category, GV_CAT_MICROCEPHALY);
			assert_int_equal(x->b.slots[i].severity, GV_SEV_SEVERE);
		}
	assert_int_equal(nflag, 1);
	assert_string_equal(write_for(x, &c, GV_AUD_FAMILY, 0),
		"Your son has been measured 4 times, most recently at 1 year. His measurements are compared with the WHO "
		"growth charts. At 2 months, his head was smaller than expected for his age (microcephaly), below the 1st "
		"percentile; this needs prompt attention from his doctor. One measurement looks like a recording error and was "
		"not used: weight 17.20 kg at 6 months. At his last check, at 1 year, he weighed 9.400 kg, around the 41st "
		"percentile, which means about 41 in 100 boys of the same age weigh less, and measured 75.0 cm long, around "
		"the 38th percentile. His weight has stayed on a fairly steady path on the chart between birth and 1 year. His "
		"growth in length or height has stayed on a fairly steady path on the chart between birth and 1 year. Please "
		"talk about these findings with his doctor.");
}

/* Flags resting on a value to check are counted, never named; the advice waits for the check. */
static void test_child_d_suspect(void **state)
{
	fixture *x = *state;
	gv_child c;
	gv_visit v[6];
	tu_child_d(&c, v);
	assert_int_equal(prompt_facts_compute(&x->f, &c, NULL), GV_OK);
	int suspect = 0;
	for (size_t j = 0; j < x->f.nflags; j++)
		suspect += x->f.flags[j].suspect && x->f.flags[j].severity == GV_SEV_SEVERE;
	assert_int_equal(suspect, 2); /* severe wasting, severely underweight */
	assert_string_equal(write_for(x, &c, GV_AUD_CLINICIAN, 0),
		"Girl born at 39+3 weeks, 6 visits from birth to 1y 0m. Measurements are plotted on the WHO 2006 charts. 2 "
		"moderate or severe flags rest on a value that needs checking and are not interpreted here. Values to check: BMI "
		"9.2 kg/m2 at 6m 2d (implausibly low value); weight 4.000 kg at 6m 2d (far from the child's other values). At the "
		"last visit, at 1y 0m: weight 9.100 kg (z +0.11, P54.5), length 74.5 cm (z +0.13, P55.2). Head circumference "
		"44.8 cm (z -0.10, P46.1); weight-for-length z +0.05, P52.2. Weight-for-age was steady (no major percentile line "
		"crossed) from birth to 1y 0m, z +0.15 to +0.11. Length/height-for-age was steady (no major percentile line "
		"crossed) from birth to 1y 0m, z +0.19 to +0.13. Since the visit at 9m 1d, weight velocity +0.26 kg/month and "
		"length velocity +1.28 cm/month. Check the flagged values; otherwise continue routine growth monitoring.");
	assert_string_equal(write_for(x, &c, GV_AUD_FAMILY, 0),
		"Your daughter has been measured 6 times, most recently at 1 year. Her measurements are compared with the WHO "
		"growth charts. Some possible findings depend on a measurement that may be a recording error, so they are not "
		"described here. Some measurements look like recording errors and were not used: BMI 9.2 at 6 months; weight "
		"4.000 kg at 6 months. At her last check, at 1 year, she weighed 9.100 kg, around the 54th percentile, which "
		"means about 54 in 100 girls of the same age weigh less, and measured 74.5 cm long, around the 55th percentile. "
		"Her weight has stayed on a steady path on the chart between birth and 1 year. Her growth in length or height "
		"has stayed on a steady path on the chart between birth and 1 year. Her doctor may want to measure again; "
		"otherwise keep going to her regular check-ups.");
	check_summary(&x->f, &x->b, 1, 150, "child D");
}

static void test_edge_cases(void **state)
{
	fixture *x = *state;
	gv_child c;
	gv_visit v[4];
	tu_child_b(&c, v);
	c.nv = 0;
	c.p.sex = GV_FEMALE;
	assert_string_equal(write_for(x, &c, GV_AUD_CLINICIAN, 0),
		"Girl born at 39+2 weeks; no visits are recorded, so there are no measurements to assess. Measurements are "
		"needed for an assessment.");
	assert_string_equal(write_for(x, &c, GV_AUD_FAMILY, 0),
		"There are no measurements of your daughter yet, so her growth cannot be described. Please ask her doctor at "
		"the next check.");
	tu_child_b(&c, v);
	c.p.sex = GV_SEX_UNKNOWN;
	c.nv = 2;
	assert_string_equal(write_for(x, &c, GV_AUD_CLINICIAN, 0),
		"Child of unrecorded sex born at 39+2 weeks, 2 visits from 1y 6m to 2y 0m: the growth charts are "
		"sex-specific, so no z-scores, percentiles or flags can be given. Record the child's sex to allow assessment.");
	assert_string_equal(write_for(x, &c, GV_AUD_FAMILY, 0),
		"Your child has been measured 2 times, most recently at 2 years. Growth charts are different for girls and "
		"boys and their sex is not recorded, so the measurements cannot be compared with them yet. Please ask their "
		"doctor at the next check.");
	tu_child_c(&c, v);
	c.nv = 1;
	assert_string_equal(write_for(x, &c, GV_AUD_CLINICIAN, 0),
		"Boy born at 40+0 weeks, 1 visit at birth. Measurements are plotted on the WHO 2006 charts. Microcephaly "
		"(moderate): at birth, head circumference z -2.73 (P0.32). At the last visit, at birth: weight 3.400 kg (z "
		"+0.11, P54.3), length 50.0 cm (z +0.06, P52.4). Head circumference 31.0 cm (z -2.73, P0.32); weight-for-length "
		"z +0.24, P59.5. Clinical review of the flagged findings is suggested.");
	tu_child_a(&c, v);
	c.nv = 2;
	v[1].date = age_days_from_civil(2023, 2, 20); /* 41 days, still 15 days before term: PMA 37+6 weeks, on the
							 * INTERGROWTH-21st preterm standard (issue 16; it was "cannot be scored before term") */
	assert_string_equal(write_for(x, &c, GV_AUD_CLINICIAN, 0),
		"Girl born preterm at 32+0 weeks, 2 visits from birth to 1m 10d. Measurements are plotted on the "
		"INTERGROWTH-21st newborn size charts at birth and on the INTERGROWTH-21st preterm postnatal growth charts "
		"from 1m 10d, at corrected age until 24 months of age (born preterm). No moderate or severe growth flags "
		"are open. At the last visit, at 1m 10d (corrected -15d), on the INTERGROWTH-21st preterm standard at 37+6 "
		"weeks postmenstrual age: weight 3.900 kg (z +2.60, P99.54), length 52.0 cm (z +2.53, P99.43). Head "
		"circumference 36.0 cm (z +2.92, P99.83); weight-for-length z +0.38, P64.9. Since the visit at 0d "
		"(corrected -56d), weight velocity +1.63 kg/month and length velocity +7.42 cm/month. Continue routine "
		"growth monitoring.");
	assert_string_equal(write_for(x, &c, GV_AUD_FAMILY, 0),
		"Your daughter was born early, at 32 weeks of pregnancy, and has been measured 2 times, most recently at 1 "
		"month. At birth her measurements were compared with the INTERGROWTH-21st newborn growth charts, and from "
		"1 month with the INTERGROWTH-21st preterm growth charts. Because she was born early, her growth is judged "
		"by her corrected age (her age counted from her due date) until the age of 2. No growth problem needing a "
		"check by her doctor was found. At her last check, at 1 month (before term corrected age), on the "
		"INTERGROWTH-21st charts for babies born early, she weighed 3.900 kg, above the 99th percentile, which "
		"means more than 99 in 100 girls of the same age weigh less, and measured 52.0 cm long, above the 99th "
		"percentile. Keep going to her regular check-ups.");
	/* born 22+0 and seen on day 20 (PMA 24+6): before any growth standard (INTERGROWTH-21st: birth size
	 * from 24+0 weeks, postnatal growth from 27 weeks postmenstrual age) */
	c.p.ga_weeks = 22;
	c.p.ga_days = 0;
	v[1].date = c.p.birth_date + 20;
	assert_string_equal(write_for(x, &c, GV_AUD_CLINICIAN, 0),
		"Girl born preterm at 22+0 weeks, 2 visits from birth to 20d, none of which can be scored: no growth "
		"standard applies before 27 weeks postmenstrual age. Assessment on the INTERGROWTH-21st preterm standard "
		"starts at 27 weeks postmenstrual age.");
	assert_string_equal(write_for(x, &c, GV_AUD_FAMILY, 0),
		"Your daughter was born early, at 22 weeks of pregnancy, and has been measured 2 times, most recently at "
		"20 days. None of these measurements can be compared with the growth charts yet: for a baby born this "
		"early, the charts start at 27 weeks counted from the start of the pregnancy. Please ask her doctor at the "
		"next check.");
	/* bad arguments */
	prompt_options o;
	prompt_default_options(&o);
	o.word_limit = PROMPT_WORDS_MIN - 1;
	assert_int_equal(baseline_write(&x->f, &o, &x->b), GV_EINVAL);
	assert_int_equal(baseline_write(NULL, NULL, &x->b), GV_EINVAL);
	assert_int_equal(baseline_write(&x->f, NULL, NULL), GV_EINVAL);
	assert_string_equal(baseline_slot_name(BASELINE_S_AGEBASIS), "agebasis");
	assert_string_equal(baseline_slot_name(BASELINE_S_COUNT), "");
	assert_string_equal(baseline_category_title(GV_CAT_FAILURE_TO_THRIVE), "Failure to thrive");
	assert_string_equal(baseline_category_title(GV_CAT_COUNT), "");
	static const struct {
		double p;
		const char *s;
	} ord[] = {{0.99, "below the 1st percentile"}, {1, "around the 1st percentile"}, {1.49, "around the 1st percentile"},
		   {2.5, "around the 3rd percentile"}, {11.2, "around the 11th percentile"}, {12, "around the 12th percentile"},
		   {13, "around the 13th percentile"}, {21, "around the 21st percentile"}, {22, "around the 22nd percentile"},
		   {53.4, "around the 53rd percentile"}, {99, "around the 99th percentile"}, {99.01, "above the 99th percentile"}};
	for (size_t i = 0; i < sizeof ord / sizeof ord[0]; i++) {
		prompt_buf b = PROMPT_BUF_INIT;
		baseline_buf_ordinal_pct(&b, ord[i].p);
		assert_string_equal(prompt_buf_str(&b), ord[i].s);
		prompt_buf_free(&b);
	}
}

/* ------------------------------------------------------------------ reading the text back */

/* The engine's numbers for one child, written as the summary writes them. */
typedef struct known {
	char (*s)[40];
	size_t n, cap;
} known;

static void kadd(known *k, const char *s)
{
	if (k->n == k->cap) {
		k->cap = k->cap ? 2 * k->cap : 256;
		k->s = realloc(k->s, k->cap * sizeof *k->s);
		assert_non_null(k->s);
	}
	snprintf(k->s[k->n++], 40, "%s", s);
}

static int khas(const known *k, const char *s, size_t n)
{
	for (size_t i = 0; i < k->n; i++)
		if (strlen(k->s[i]) == n && strncmp(k->s[i], s, n) == 0)
			return 1;
	return 0;
}

enum { K_Z, K_P, K_KG, K_CM, K_BMI, K_MM, K_VEL, K_PCT95, K_LINES, K_SD, K_AGE, K_ORD, K_COUNT, K_PLAIN1, K_SUSP, NK };

typedef struct facts_text {
	known k[NK];
} facts_text;

static void kfmt(facts_text *t, int kind, void (*fn)(prompt_buf *, double), double v)
{
	if (!isfinite(v))
		return;
	prompt_buf b = PROMPT_BUF_INIT;
	fn(&b, v);
	kadd(&t->k[kind], prompt_buf_str(&b));
	prompt_buf_free(&b);
}

static void w_z(prompt_buf *b, double v) { prompt_buf_z(b, v); }
static void w_p(prompt_buf *b, double v) { prompt_buf_pct(b, v); }
static void w_kg(prompt_buf *b, double v) { prompt_buf_fixed(b, v, prompt_measure_decimals(GV_WFA, v)); }
static void w_1(prompt_buf *b, double v) { prompt_buf_fixed(b, v, 1); }
static void w_2(prompt_buf *b, double v) { prompt_buf_fixed(b, v, 2); }
static void w_0(prompt_buf *b, double v) { prompt_buf_fixed(b, v, 0); }
static void w_ord(prompt_buf *b, double p)
{
	if (p >= 1 && p <= 99)
		prompt_buf_int(b, (long long)floor(p + 0.5));
}

/* Everything the engine says about child f, as text. */
static void collect(const prompt_facts *f, facts_text *t, int fam)
{
	memset(t, 0, sizeof *t);
	const gv_child *c = f->child;
	int32_t term = prompt_term_date(c->p.birth_date, c->p.ga_weeks, c->p.ga_days);
	for (size_t i = 0; i < c->nv; i++) {
		const gv_result *r = &f->res[i];
		for (int k = 0; k < GV_NIND; k++) {
			if (r->ind[k].status != GV_OK)
				continue;
			kfmt(t, K_Z, w_z, r->ind[k].z);
			kfmt(t, K_P, w_p, r->ind[k].p);
			kfmt(t, K_ORD, w_ord, r->ind[k].p);
		}
		kfmt(t, K_KG, w_kg, c->v[i].weight_kg);
		kfmt(t, K_CM, w_1, c->v[i].height_cm);
		kfmt(t, K_CM, w_1, c->v[i].head_cm);
		kfmt(t, K_CM, w_1, c->v[i].muac_cm);
		kfmt(t, K_BMI, w_1, r->ind[GV_BFA].status == GV_OK ? r->ind[GV_BFA].value : NAN);
		kfmt(t, K_PCT95, w_1, r->bmi_pct_p95);
		prompt_buf b = PROMPT_BUF_INIT;
		if (fam) {
			prompt_buf_age_words(&b, c->p.birth_date, c->v[i].date);
			kadd(&t->k[K_AGE], b.s);
			prompt_buf_reset(&b);
			prompt_buf_age_words(&b, term, c->v[i].date);
		} else {
			prompt_buf_age(&b, c->p.birth_date, c->v[i].date);
			kadd(&t->k[K_AGE], b.s);
			prompt_buf_reset(&b);
			prompt_buf_age(&b, term, c->v[i].date);
		}
		if (r->corrected)
			kadd(&t->k[K_AGE], b.s);
		prompt_buf_free(&b);
		/* velocities into this visit */
		for (int k = 0; k < 2; k++) {
			gv_ind ind = k ? GV_LHFA : GV_WFA;
			traj_vel vel;
			size_t prev;
			if (prompt_facts_velocity(f, i, ind, &vel, &prev) != GV_OK)
				continue;
			int32_t age = prompt_facts_age_days(f, i);
			b = (prompt_buf)PROMPT_BUF_INIT;
			if (!fam) {
				prompt_buf_velocity(&b, ind, &vel, age);
				*strchr(b.s, ' ') = '\0'; /* "+0.38" of "+0.38 kg/month": the unit is read apart */
			} else {
				int per_year = age >= 731;
				double rate = per_year ? vel.per_year : vel.per_month;
				prompt_buf_fixed(&b, ind == GV_WFA ? fabs(rate) : rate, ind == GV_LHFA && per_year ? 1 : 2);
			}
			kadd(&t->k[K_VEL], b.s);
			prompt_buf_free(&b);
		}
	}
	for (size_t j = 0; j < f->nflags; j++) {
		const gv_flag *g = &f->flags[j];
		kfmt(t, K_Z, w_z, g->z);
		kfmt(t, K_P, w_p, g->percentile);
		kfmt(t, K_ORD, w_ord, g->percentile);
		kfmt(t, K_KG, w_kg, g->value);
		kfmt(t, K_BMI, w_1, g->value);
		kfmt(t, K_MM, w_1, g->value);
		kfmt(t, K_PCT95, w_1, g->metric);
		kfmt(t, K_SD, w_2, g->metric);
		kfmt(t, K_LINES, w_0, fabs(g->metric));
		kfmt(t, K_COUNT, w_0, g->nvisits);
	}
	for (int k = 0; k < GV_NIND; k++) {
		prompt_trend tr;
		if (prompt_facts_trend(f, (gv_ind)k, &tr) == GV_OK)
			kfmt(t, K_LINES, w_0, abs(tr.lines));
	}
	size_t nimp = 0;
	for (size_t j = 0; j < f->nflags; j++)
		nimp += f->flags[j].category == GV_CAT_IMPLAUSIBLE_VALUE;
	if (nimp > 3)
		kfmt(t, K_COUNT, w_0, (double)(nimp - 3)); /* "; and 2 more" values to check */
	/* "N (further) moderate or severe flag(s) rest on a value that needs checking": open flags
	 * (not data-quality ones) that are suspect.  (Was accepted only when N happened to equal
	 * another count: a cohort with new planted errors, issue 10, showed it.) */
	size_t nsusp = 0;
	for (size_t j = 0; j < f->nflags; j++)
		nsusp += f->flags[j].category != GV_CAT_IMPLAUSIBLE_VALUE && f->flags[j].severity >= GV_SEV_MODERATE &&
			 f->flags[j].suspect;
	if (nsusp)
		kfmt(t, K_SUSP, w_0, (double)nsusp);
	kfmt(t, K_Z, w_z, f->target_z);
	kfmt(t, K_CM, w_1, f->target_cm);
	kfmt(t, K_CM, w_1, f->target_lo_cm); /* the target range (Tanner: -/+ 8.5 cm) */
	kfmt(t, K_CM, w_1, f->target_hi_cm);
	kfmt(t, K_COUNT, w_0, (double)c->nv);
	kfmt(t, K_COUNT, w_0, f->fo.growth.correct_until_months);
	kfmt(t, K_COUNT, w_0, c->p.ga_weeks);
	kfmt(t, K_PLAIN1, w_0, c->p.ga_days);
	/* INTERGROWTH-21st: the postmenstrual age (or GA) of a visit scored there, "37+6 weeks"; the
	 * standards' bounds, 27 weeks PMA and the reference before 33 weeks */
	for (size_t i = 0; i < c->nv; i++)
		if (f->res[i].axis == GV_AXIS_PMA || f->res[i].axis == GV_AXIS_GA || f->res[i].ind[GV_WFA].status == GV_ENO_STANDARD) {
			double d = floor(f->res[i].pma_weeks * 7 + 0.5);
			kfmt(t, K_COUNT, w_0, floor(d / 7));
			kfmt(t, K_PLAIN1, w_0, fmod(d, 7));
			kfmt(t, K_COUNT, w_0, 27);
			kfmt(t, K_COUNT, w_0, 33);
		}
	kadd(&t->k[K_AGE], "birth");
}

static void free_text(facts_text *t)
{
	for (int k = 0; k < NK; k++)
		free(t->k[k].s);
}

static int starts(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

static int isnum(char c)
{
	return (c >= '0' && c <= '9') || c == '.';
}

/* Length of a family age at s: "9 months", "1 year", "2 years 3 months", "30 days"; 0 if none. */
static size_t family_age_len(const char *s)
{
	static const char *const units[] = {" years", " year", " months", " month", " days", " day"};
	const char *p = s;
	while (isdigit((unsigned char)*p))
		p++;
	for (int u = 0; u < 6; u++) {
		if (!starts(p, units[u]) || isalpha((unsigned char)p[strlen(units[u])]))
			continue;
		p += strlen(units[u]);
		if (u < 2 && p[0] == ' ' && isdigit((unsigned char)p[1])) { /* "2 years 3 months" */
			const char *q = p + 1;
			while (isdigit((unsigned char)*q))
				q++;
			if (starts(q, " months") && !isalpha((unsigned char)q[7]))
				p = q + 7;
			else if (starts(q, " month") && !isalpha((unsigned char)q[6]))
				p = q + 6;
		}
		return (size_t)(p - s);
	}
	return 0;
}

/* Every number in text s is one of the engine's, in the role its words give it.  Fails with the
 * context otherwise. */
static void read_back(const prompt_facts *f, const char *s, int fam, const char *who)
{
	facts_text t;
	collect(f, &t, fam);
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		int sign = (s[i] == '+' || s[i] == '-') && i + 1 < n && isdigit((unsigned char)s[i + 1]) && (i == 0 || s[i - 1] == ' ');
		int tail = (s[i] == '<' || s[i] == '>') && i > 0 && s[i - 1] == 'P';
		if (!isdigit((unsigned char)s[i]) && !sign && !tail) {
			i++;
			continue;
		}
		/* the charts' names ("WHO 2006") and words with digits are no numbers */
		if ((i > 0 && ((isalpha((unsigned char)s[i - 1]) && s[i - 1] != 'P') || s[i - 1] == '/')) || /* "(/10)?" */
		    (i >= 4 && (starts(s + i - 4, "WHO ") || starts(s + i - 4, "CDC "))) ||
		    (i >= 12 && starts(s + i - 12, "INTERGROWTH-")) ||
		    (i >= 6 && starts(s + i - 6, "class "))) { /* "severe obesity, class 2" (a rule label) */
			while (i < n && isnum(s[i]))
				i++;
			continue;
		}
		size_t j = i + (sign || tail);
		while (j < n && (isdigit((unsigned char)s[j]) || (s[j] == '.' && j + 1 < n && isdigit((unsigned char)s[j + 1]))))
			j++;
		const char *tok = s + i, *after = s + j, *before = s;
		size_t len = j - i;
		int kind = -1, ok = 0;
		/* ages first: "1y 6m", "2m 27d", "30d" / "1 year 6 months", "9 months", "30 days" */
		if (!fam && (after[0] == 'y' || after[0] == 'm' || after[0] == 'd') &&
		    (!sign || (i >= 10 && starts(s + i - 10, "corrected ")))) { /* "(corrected -8d)": before term */
			size_t e = j + 1;
			if (after[0] != 'd') {
				e++; /* the space */
				while (e < n && isdigit((unsigned char)s[e]))
					e++;
				e++; /* the unit */
			}
			kind = K_AGE;
			ok = khas(&t.k[K_AGE], tok, e - i);
			len = e - i;
			j = e;
		} else if (fam && !sign && family_age_len(tok) > 0 && !starts(after, " days of pregnancy") &&
			   !starts(after, " day of pregnancy")) {
			size_t e = i + family_age_len(tok);
			kind = K_AGE;
			ok = khas(&t.k[K_AGE], tok, e - i);
			len = e - i;
			j = e;
		} else if (starts(after, " kg/month") || starts(after, " kg/year") || starts(after, " cm/month") ||
			   starts(after, " cm/year") || starts(after, " kg a ") || (starts(after, " cm a ") && fam)) {
			kind = K_VEL;
			ok = khas(&t.k[K_VEL], tok, len);
		} else if (starts(after, " kg/m2") || (fam && i >= 23 && starts(s + i - 23, "weight for height) was ")) ||
			   (fam && i >= 14 && starts(s + i - 14, "with a BMI of ")) || (fam && i >= 4 && starts(s + i - 4, "BMI "))) {
			kind = K_BMI;
			ok = khas(&t.k[K_BMI], tok, len);
		} else if (starts(after, " kg")) {
			kind = K_KG;
			ok = khas(&t.k[K_KG], tok, len);
		} else if (starts(after, " cm") || (i >= 6 && starts(s + i - 6, "range ") && after[0] == '-')) {
			kind = K_CM; /* also the low end of "range 170.5-187.5 cm" */
			ok = khas(&t.k[K_CM], tok, len);
		} else if (starts(after, " mm")) {
			kind = K_MM;
			ok = khas(&t.k[K_MM], tok, len);
		} else if (starts(after, "% of the 95th percentile") || starts(after, "% below birth weight")) {
			kind = K_PCT95;
			ok = khas(&t.k[K_PCT95], tok, len);
			j += starts(after, "% of the 95th percentile") ? 24 : 1;
		} else if (starts(after, " major percentile line") || starts(after, " of the main lines")) {
			kind = K_LINES;
			ok = khas(&t.k[K_LINES], tok, len);
		} else if (starts(after, " SD")) {
			kind = K_SD;
			ok = khas(&t.k[K_SD], tok, len);
		} else if (i > 0 && s[i - 1] == 'P') {
			kind = K_P;
			if (tail) {
				j = i + 1;
				while (j < n && isnum(s[j]) && !(s[j] == '.' && (j + 1 >= n || !isdigit((unsigned char)s[j + 1]))))
					j++;
				len = j - i;
			}
			ok = khas(&t.k[K_P], tok, len);
		} else if (sign || (i >= 2 && starts(s + i - 2, "z ")) || (i >= 4 && starts(s + i - 4, " to ") && sign)) {
			kind = K_Z;
			ok = khas(&t.k[K_Z], tok, len);
		} else if (starts(after, "st percentile") || starts(after, "nd percentile") || starts(after, "rd percentile") ||
			   starts(after, "th percentile") || starts(after, " in 100 ")) {
			kind = K_ORD;
			/* "below the 1st" / "above the 99th": some percentile beyond them */
			if (i >= 10 && starts(s + i - 10, "below the ")) {
				ok = 0;
				for (size_t q = 0; q < f->child->nv && !ok; q++)
					for (int k = 0; k < GV_NIND; k++)
						ok |= f->res[q].ind[k].status == GV_OK && f->res[q].ind[k].p < 1;
				for (size_t q = 0; q < f->nflags; q++)
					ok |= f->flags[q].percentile < 1;
			} else if (i >= 10 && starts(s + i - 10, "above the ")) {
				ok = 0;
				for (size_t q = 0; q < f->child->nv && !ok; q++)
					for (int k = 0; k < GV_NIND; k++)
						ok |= f->res[q].ind[k].status == GV_OK && f->res[q].ind[k].p > 99;
			} else if ((i >= 11 && starts(s + i - 11, "fewer than ")) || (i >= 10 && starts(s + i - 10, "more than "))) {
				ok = 1; /* "fewer than 1 in 100", "more than 99 in 100": the ordinal beside it is checked */
			} else {
				ok = khas(&t.k[K_ORD], tok, len);
			}
			j += starts(after, " in 100 ") ? 7 : 2; /* past "st" / " in 100" */
		} else if (starts(after, " further moderate or severe flag") || starts(after, " moderate or severe flag")) {
			kind = K_SUSP;
			ok = khas(&t.k[K_SUSP], tok, len);
		} else if (starts(after, " visit") || starts(after, " times") || starts(after, " more.") || starts(after, " months of age") ||
			   starts(after, "+") || starts(after, " weeks") || starts(after, ")")) {
			kind = K_COUNT;
			ok = khas(&t.k[K_COUNT], tok, len) || (starts(after, " times") && khas(&t.k[K_COUNT], tok, len));
			if (starts(after, "+")) { /* gestational age 32+0 */
				size_t e = j + 1;
				while (e < n && isdigit((unsigned char)s[e]))
					e++;
				ok = ok && khas(&t.k[K_PLAIN1], s + j + 1, e - j - 1);
				j = e;
			}
			if (starts(after, ")")) /* "(corrected age 0)" */
				ok = starts(tok - 14, "corrected age ") && len == 1 && tok[0] == '0';
		} else if (fam && (starts(after, " days of pregnancy") || starts(after, " day of pregnancy"))) {
			kind = K_PLAIN1;
			ok = khas(&t.k[K_PLAIN1], tok, len);
		} else if (fam && i >= 17 && starts(s + i - 17, "until the age of ")) {
			kind = K_COUNT;
			ok = len == 1 && tok[0] == '2';
		}
		(void)before;
		if (!ok)
			fail_msg("%s: the number \"%.*s\" (read as kind %d) is not the engine's, in:\n%s", who, (int)len, tok, kind, s);
		i = j > i ? j : i + 1;
	}
	free_text(&t);
}

/* ------------------------------------------------------------------ categories */

/* Words that state a category, and the flag categories that support them. */
static const struct {
	const char *word;
	uint64_t cats;
} cat_words[] = {
	{"failure to thrive", GV_CAT_BIT(GV_CAT_FAILURE_TO_THRIVE)},
	{"underweight", GV_CAT_BIT(GV_CAT_UNDERWEIGHT)},
	{"overweight", GV_CAT_BIT(GV_CAT_OVERWEIGHT)},
	{"obes", GV_CAT_BIT(GV_CAT_OBESITY) | GV_CAT_BIT(GV_CAT_SEVERE_OBESITY)},
	{"short stature", GV_CAT_BIT(GV_CAT_SHORT_STATURE) | GV_CAT_BIT(GV_CAT_STUNTING)},
	{"stunting", GV_CAT_BIT(GV_CAT_STUNTING)},
	{"wasting", GV_CAT_BIT(GV_CAT_WASTING)},
	{"thinness", GV_CAT_BIT(GV_CAT_THINNESS)},
	{"microcephaly", GV_CAT_BIT(GV_CAT_MICROCEPHALY)},
	{"macrocephaly", GV_CAT_BIT(GV_CAT_MACROCEPHALY)},
	{"rapid", GV_CAT_BIT(GV_CAT_RAPID_WEIGHT_GAIN)},
	{"malnutrition", GV_CAT_BIT(GV_CAT_SEVERE_ACUTE_MALNUTRITION) | GV_CAT_BIT(GV_CAT_MODERATE_ACUTE_MALNUTRITION)},
	{"newborn weight loss", GV_CAT_BIT(GV_CAT_NEWBORN_WEIGHT_LOSS)},
	{"faltering", GV_CAT_BIT(GV_CAT_FAILURE_TO_THRIVE) | GV_CAT_BIT(GV_CAT_HEIGHT_FALTERING)},
	{"below the mid-parental", GV_CAT_BIT(GV_CAT_MIDPARENTAL_HEIGHT_GAP)},
	{"shorter than expected from", GV_CAT_BIT(GV_CAT_MIDPARENTAL_HEIGHT_GAP)},
	{"head growth", GV_CAT_BIT(GV_CAT_HEAD_GROWTH_CROSSING)},
	{"normal", 0},
	{"healthy growth", 0},
};

static int has_ci(const char *hay, const char *needle)
{
	size_t m = strlen(needle);
	for (; *hay; hay++) {
		size_t k = 0;
		while (k < m && hay[k] && tolower((unsigned char)hay[k]) == needle[k])
			k++;
		if (k == m)
			return 1;
	}
	return 0;
}

/* ------------------------------------------------------------------ the cohort */

static int open_flag(const gv_flag *g)
{
	return g->category != GV_CAT_IMPLAUSIBLE_VALUE && g->severity >= GV_SEV_MODERATE && !g->suspect;
}

static void check_summary(const prompt_facts *f, const baseline *b, int fam, int limit, const char *who)
{
	const char *s = prompt_buf_str(&b->text);
	const gv_child *c = f->child;
	read_back(f, s, fam, who);

	/* slots say what the engine says at their visit */
	uint64_t told = 0;
	int corrected_said = 0, nvalue = 0, noflag = 0, advice = 0;
	unsigned charts = 0;
	for (size_t i = 0; i < b->nslots; i++) {
		const baseline_slot *t = &b->slots[i];
		const char *q = s + t->start;
		size_t len = t->end - t->start;
		assert_true(t->end <= b->text.len && t->start < t->end);
		if (i)
			assert_true(t->start >= b->slots[i - 1].end);
		switch (t->kind) {
		case BASELINE_S_ZP: {
			assert_true(prompt_facts_ok(f, t->visit, t->ind));
			assert_int_equal(t->visit, f->last);
			const gv_ind_result *ir = &f->res[t->visit].ind[t->ind];
			prompt_buf w = PROMPT_BUF_INIT;
			if (!fam) {
				prompt_buf_puts(&w, "z ");
				prompt_buf_z(&w, ir->z);
				prompt_buf_puts(&w, ", P");
				prompt_buf_pct(&w, ir->p);
			} else {
				baseline_buf_ordinal_pct(&w, ir->p);
			}
			if (len < w.len || memcmp(q, w.s, w.len) != 0)
				fail_msg("%s: slot \"%.*s\" is not the engine's \"%s\"", who, (int)len, q, w.s);
			prompt_buf_free(&w);
			break;
		}
		case BASELINE_S_VALUE: {
			nvalue++;
			assert_int_equal(t->visit, f->last);
			prompt_buf w = PROMPT_BUF_INIT;
			double rec = t->ind == GV_WFA ? c->v[t->visit].weight_kg : t->ind == GV_LHFA ? c->v[t->visit].height_cm
				   : t->ind == GV_HCFA ? c->v[t->visit].head_cm : t->ind == GV_ACFA ? c->v[t->visit].muac_cm
				   : f->res[t->visit].ind[GV_BFA].value;
			prompt_buf_measure(&w, t->ind, rec);
			assert_int_equal(len, w.len);
			assert_memory_equal(q, w.s, len);
			prompt_buf_free(&w);
			break;
		}
		case BASELINE_S_TREND: {
			/* both ends plausible, one chart, at least 28 days apart; the word fits the lines */
			assert_true(prompt_facts_ok(f, t->visit, t->ind) && prompt_facts_ok(f, t->visit_from, t->ind));
			assert_int_equal(f->res[t->visit].ref, f->res[t->visit_from].ref);
			assert_true(c->v[t->visit].date - c->v[t->visit_from].date >= 28);
			traj_lineset ls = traj_lineset_for(t->ref, 0);
			int lines = traj_lines_crossed(ls, f->res[t->visit_from].ind[t->ind].z, f->res[t->visit].ind[t->ind].z);
			assert_int_equal(lines, t->lines);
			const char *word = !fam ? (abs(lines) <= 1 ? "steady" : lines < 0 ? "falling" : "rising")
						: (abs(lines) <= 1 ? "stayed on" : lines < 0 ? "dropped across" : "risen across");
			if (!starts(q, word))
				fail_msg("%s: trend \"%.*s\" with %d lines crossed", who, (int)len, q, lines);
			break;
		}
		case BASELINE_S_CHART:
			charts |= 1u << t->ref;
			assert_memory_equal(q,
					    fam ? (t->ref == GV_CDC2000 ? "CDC"
						   : t->ref == GV_REF_IG21_NBS ? "INTERGROWTH-21st newborn"
						   : t->ref == GV_REF_IG21_PNG ? "INTERGROWTH-21st preterm" : "WHO")
						: prompt_ref_title(t->ref),
					    len);
			break;
		case BASELINE_S_AGEBASIS:
			corrected_said = 1;
			break;
		case BASELINE_S_FLAG: {
			told |= GV_CAT_BIT(t->category);
			int open = 0;
			for (size_t j = 0; j < f->nflags; j++)
				open |= f->flags[j].category == t->category && open_flag(&f->flags[j]);
			assert_true(open);
			break;
		}
		case BASELINE_S_NOFLAG:
			noflag = 1;
			break;
		case BASELINE_S_ADVICE:
			advice = 1;
			assert_int_equal(t->end, b->text.len); /* it closes the text */
			break;
		default:
			fail_msg("unknown slot kind");
		}
	}
	assert_true(advice);
	assert_true(nvalue <= 6); /* a long history is summarised: the last visit only */

	/* every open flag is told, one sentence per category; "no flags" only without any */
	uint64_t open = 0, suspect = 0;
	for (size_t j = 0; j < f->nflags; j++) {
		if (open_flag(&f->flags[j]))
			open |= GV_CAT_BIT(f->flags[j].category);
		if (f->flags[j].suspect && f->flags[j].severity >= GV_SEV_MODERATE)
			suspect = 1;
	}
	if (told != open)
		fail_msg("%s: open categories %llx, told %llx:\n%s", who, (unsigned long long)open, (unsigned long long)told, s);
	assert_true(!noflag || (!open && !suspect));
	if (f->sex_known && f->last != PROMPT_NONE && !open && !suspect)
		assert_true(noflag);

	/* the age basis and the charts: corrected age whenever a scored visit was corrected */
	unsigned used = 0;
	int corrected = 0;
	for (size_t i = 0; i < c->nv; i++) {
		int any = 0;
		for (int k = 0; k < GV_NIND; k++)
			any |= f->res[i].ind[k].status == GV_OK;
		if (!any)
			continue;
		used |= 1u << f->res[i].ref;
		corrected |= f->res[i].corrected;
	}
	assert_int_equal(corrected_said, corrected);
	if (corrected)
		assert_non_null(strstr(s, "corrected age"));
	assert_int_equal(charts, used);

	/* no category without a flag that is not suspect (any severity) */
	uint64_t support = 0;
	for (size_t j = 0; j < f->nflags; j++)
		if (!f->flags[j].suspect && f->flags[j].category != GV_CAT_IMPLAUSIBLE_VALUE)
			support |= GV_CAT_BIT(f->flags[j].category);
	for (size_t w = 0; w < sizeof cat_words / sizeof cat_words[0]; w++)
		if (has_ci(s, cat_words[w].word) && !(cat_words[w].cats & support))
			fail_msg("%s: \"%s\" without a flag to support it:\n%s", who, cat_words[w].word, s);

	/* the word limit: kept unless only the sentences that are never left out remain */
	if (b->words > limit)
		for (size_t i = 0; i < b->nslots; i++)
			if (b->slots[i].kind == BASELINE_S_VALUE || b->slots[i].kind == BASELINE_S_ZP ||
			    b->slots[i].kind == BASELINE_S_TREND)
				fail_msg("%s: %d words over the limit %d with optional sentences left:\n%s", who, b->words, limit, s);

	/* plain words for families */
	if (fam) {
		static const char *const jargon[] = {" z ", "z-score", " SD", "LMS", "kg/m2", "WHO 2006", "CDC 2000", "_", "(P",
						     " P1", " P2", " P3", " P4", " P5", " P6", " P7", " P8", " P9"};
		for (size_t k = 0; k < sizeof jargon / sizeof jargon[0]; k++)
			if (strstr(s, jargon[k]))
				fail_msg("%s: jargon \"%s\" in a family summary:\n%s", who, jargon[k], s);
	}
}

static void test_cohort(void **state)
{
	fixture *x = *state;
	synth_config cfg;
	tu_cohort_config(&cfg);
	gv_visit v[SYNTH_MAX_VISITS];
	synth_truth tr;
	int kinds[SYNTH_NKINDS] = {0}, over = 0, over150 = 0, long_hist = 0, flagged = 0, suspects = 0;
	const int n = 2500;
	static const int limits[3] = {150, 60, 300};
	char who[160];
	for (int i = 0; i < n; i++) {
		gv_child c;
		synth_child(&cfg, 11, (uint64_t)i, &c, v, &tr);
		kinds[tr.kind]++;
		long_hist += c.nv >= 20;
		assert_int_equal(prompt_facts_compute(&x->f, &c, NULL), GV_OK);
		for (size_t j = 0; j < x->f.nflags; j++) {
			flagged += open_flag(&x->f.flags[j]);
			suspects += x->f.flags[j].suspect;
		}
		for (int a = 0; a < 2; a++) {
			prompt_options o;
			prompt_default_options(&o);
			o.audience = (gv_audience)a;
			o.word_limit = limits[i % 3];
			assert_int_equal(baseline_write(&x->f, &o, &x->b), GV_OK);
			snprintf(who, sizeof who, "child %d (%s, %s, limit %d)", i, synth_kind_name(tr.kind),
				 prompt_audience_name(o.audience), o.word_limit);
			check_summary(&x->f, &x->b, a, o.word_limit, who);
			over += x->b.words > o.word_limit;
			over150 += x->b.words > o.word_limit && o.word_limit >= 150;
		}
	}
	for (int k = 0; k < SYNTH_NKINDS; k++)
		assert_true(kinds[k] > 50);
	print_message("baseline cohort: %d children (%d with >= 20 visits), %d open flags, %d suspect flags, "
		      "%d of %d summaries over their limit (only sentences never left out; %d of them at 150 words "
		      "or more)\n",
		      n, long_hist, flagged, suspects, over, 2 * n, over150);
	assert_true(long_hist > 200 && flagged > 200);
	assert_true(over150 < n / 20);
}

/* The limit is kept as words are added or taken away, and more room never removes a statement. */
static void test_word_limits(void **state)
{
	fixture *x = *state;
	gv_child c;
	gv_visit v[4];
	tu_child_c(&c, v);
	assert_int_equal(prompt_facts_compute(&x->f, &c, NULL), GV_OK);
	int prev = 0;
	for (int limit = PROMPT_WORDS_MIN; limit <= 400; limit += 5) {
		prompt_options o;
		prompt_default_options(&o);
		o.word_limit = limit;
		assert_int_equal(baseline_write(&x->f, &o, &x->b), GV_OK);
		const char *s = x->b.text.s;
		/* what is never left out: the chart, the flag, the advice */
		assert_non_null(strstr(s, "WHO 2006"));
		assert_non_null(strstr(s, "Microcephaly (severe)"));
		assert_non_null(strstr(s, "Clinical review"));
		int mandatory = 58; /* intro, chart, the flag sentence and the advice of child C */
		if (limit >= mandatory)
			assert_true(x->b.words <= limit);
		else
			assert_int_equal(x->b.words, mandatory);
		assert_true(x->b.words >= prev);
		prev = x->b.words;
	}
	prompt_options all;
	prompt_default_options(&all);
	all.word_limit = PROMPT_WORDS_MAX;
	assert_int_equal(baseline_write(&x->f, &all, &x->b), GV_OK);
	assert_int_equal(prev, x->b.words); /* everything fits in 400 words */
	/* a limit equal to the whole summary keeps all of it; one word less drops a sentence */
	int whole = x->b.words;
	prompt_options exact;
	prompt_default_options(&exact);
	exact.word_limit = whole;
	assert_int_equal(baseline_write(&x->f, &exact, &x->b), GV_OK);
	assert_int_equal(x->b.words, whole);
	exact.word_limit = whole - 1;
	assert_int_equal(baseline_write(&x->f, &exact, &x->b), GV_OK);
	assert_true(x->b.words < whole);
}

/* The same facts give the same bytes, whatever the handle wrote before. */
static void test_deterministic(void **state)
{
	fixture *x = *state;
	synth_config cfg;
	tu_cohort_config(&cfg);
	gv_visit v[SYNTH_MAX_VISITS];
	baseline other;
	baseline_init(&other);
	for (int i = 0; i < 300; i++) {
		gv_child c;
		synth_child(&cfg, 5, (uint64_t)i, &c, v, NULL);
		assert_int_equal(prompt_facts_compute(&x->f, &c, NULL), GV_OK);
		prompt_options o;
		prompt_default_options(&o);
		o.audience = (gv_audience)(i % 2);
		assert_int_equal(baseline_write(&x->f, &o, &x->b), GV_OK);
		if (i % 7 == 0) { /* a longer summary first in the other handle */
			prompt_options big = o;
			big.word_limit = 600;
			assert_int_equal(baseline_write(&x->f, &big, &other), GV_OK);
		}
		assert_int_equal(baseline_write(&x->f, &o, &other), GV_OK);
		assert_int_equal(x->b.text.len, other.text.len);
		assert_memory_equal(x->b.text.s, other.text.s, other.text.len);
		assert_int_equal(x->b.nslots, other.nslots);
		for (size_t k = 0; k < other.nslots; k++) {
			assert_int_equal(x->b.slots[k].kind, other.slots[k].kind);
			assert_int_equal(x->b.slots[k].start, other.slots[k].start);
			assert_int_equal(x->b.slots[k].end, other.slots[k].end);
			assert_int_equal(x->b.slots[k].visit, other.slots[k].visit);
		}
	}
	baseline_free(&other);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_child_a, setup, teardown),
		cmocka_unit_test_setup_teardown(test_child_b_switch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_child_c_flags, setup, teardown),
		cmocka_unit_test_setup_teardown(test_child_d_suspect, setup, teardown),
		cmocka_unit_test_setup_teardown(test_edge_cases, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cohort, setup, teardown),
		cmocka_unit_test_setup_teardown(test_word_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deterministic, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
