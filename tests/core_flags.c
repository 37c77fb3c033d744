/* core_flags.c — the flag engine beyond single rules: data-entry errors that must come out as
 * implausible_value flags and never as clinical findings, values that only make a flag suspect,
 * the API (names, rule table, buffer capacity, summaries) and golden detail strings. */
#include "tests/testutil.h"

#include "core/age.h"
#include "core/flags.h"
#include "core/traj.h"

static const int32_t BIRTH = 16436; /* 2015-01-01 */
#define YR(y) ((y) * 365.25)

/* ------------------------------------------------------------------ a healthy child */

typedef struct kid {
	gv_child c;
	gv_visit v[16];
} kid;

/* A child following weight-for-age z zw and length/height-for-age z zh at the given ages (days),
 * on the charts of the US rule set (WHO 2006 before 24 months, CDC 2000 after). */
static void kid_make(kid *k, gv_sex sex, const double *ages, size_t n, double zw, double zh)
{
	gv_flag_options o;
	flags_default_options(&o, GV_RULES_US);
	record_patient_init(&k->c.p);
	k->c.p.sex = sex;
	k->c.p.birth_date = BIRTH;
	for (size_t i = 0; i < n; i++) {
		gv_measure m;
		gv_result r;
		growth_measure_init(&m);
		m.sex = sex;
		m.age_days = floor(ages[i] + 0.5);
		assert_int_equal(growth_compute(&m, &o.growth, &r), GV_OK);
		record_visit_init(&k->v[i]);
		k->v[i].date = BIRTH + (int32_t)m.age_days;
		k->v[i].position = r.cage_days < 730.5 ? 'L' : 'H';
		ref_table_id tw = growth_table(r.ref, GV_WFA, r.cage_days), th = growth_table(r.ref, GV_LHFA, r.cage_days);
		assert_int_equal(growth_value_at(tw, sex, growth_age_x(tw, r.cage_days), zw, &k->v[i].weight_kg), GV_OK);
		assert_int_equal(growth_value_at(th, sex, growth_age_x(th, r.cage_days), zh, &k->v[i].height_cm), GV_OK);
	}
	k->c.v = k->v;
	k->c.nv = n;
}

static const double infant_ages[] = {61, 122, 183, 274, 365, 456, 548}; /* 2, 4, 6, 9, 12, 15, 18 mo */
#define NINF (sizeof infant_ages / sizeof infant_ages[0])

static void print_flags(const gv_flag *f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		print_message("    %s %s%s: %s\n", f[i].rule, flags_sev_name(f[i].severity), f[i].suspect ? " suspect" : "",
			      f[i].detail);
}

static size_t run(const kid *k, gv_flag *f, size_t cap)
{
	size_t n;
	assert_int_equal(flags_compute(&k->c, NULL, f, cap, &n), GV_OK);
	assert_true(n <= cap);
	return n;
}

static const gv_flag *find(const gv_flag *f, size_t n, const char *rule)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(f[i].rule, rule) == 0)
			return &f[i];
	return NULL;
}

/* The error is flagged by `rule` at visit `at`, and nothing else is flagged: no clinical finding,
 * not even a suspect one. */
static void expect_only(const kid *k, const char *rule, size_t at, const char *what)
{
	gv_flag f[32];
	size_t n = run(k, f, 32);
	const gv_flag *hit = find(f, n, rule);
	int other = 0;
	for (size_t i = 0; i < n; i++)
		other |= f[i].category != GV_CAT_IMPLAUSIBLE_VALUE;
	if (!hit || hit->visit != at || other || flags_any_clinical(&k->c, NULL, GV_SEV_INFO) != 0) {
		print_flags(f, n);
		fail_msg("%s: want only %s at visit %zu", what, rule, at);
	}
	assert_int_equal(hit->category, GV_CAT_IMPLAUSIBLE_VALUE);
	assert_int_equal(hit->severity, GV_SEV_CHECK);
	assert_non_null(strstr(hit->detail, "check this value"));
}

/* ------------------------------------------------------------------ errors are not findings */

static void test_lb_for_kg_not_clinical(void **state)
{
	(void)state;
	kid k;
	/* A 12-month weight in pounds: 9.6 kg recorded as 21.2.  Without the check this child would
	 * be "obese" (weight-for-length z > +3) and "crossing 4 lines down" afterwards. */
	kid_make(&k, GV_MALE, infant_ages, NINF, 0.3, -0.2);
	k.v[4].weight_kg *= 2.2046226218;
	expect_only(&k, "weight_lb_as_kg", 4, "infant, middle visit");
	/* The latest visit (what a clinician sees first) and the first one. */
	kid_make(&k, GV_MALE, infant_ages, NINF, 0.3, -0.2);
	k.v[NINF - 1].weight_kg *= 2.2046226218;
	expect_only(&k, "weight_lb_as_kg", NINF - 1, "infant, last visit");
	kid_make(&k, GV_FEMALE, infant_ages, NINF, -0.5, 0.4);
	k.v[0].weight_kg *= 2.2046226218;
	expect_only(&k, "weight_lb_as_kg", 0, "infant, first visit");
	/* An adolescent: CDC weight-for-age is skewed (a doubled weight is "only" z ~ +2.5 to +3),
	 * yet 14-year-old 50 kg recorded as 110 kg must not become class 3 obesity. */
	static const double teen[] = {YR(12), YR(13), YR(14), YR(15)};
	kid_make(&k, GV_MALE, teen, 4, 0, 0);
	k.v[2].weight_kg *= 2.2046226218;
	expect_only(&k, "weight_lb_as_kg", 2, "adolescent");
}

static void test_other_errors_not_clinical(void **state)
{
	(void)state;
	kid k;
	/* Weight and length exchanged at 9 months. */
	kid_make(&k, GV_FEMALE, infant_ages, NINF, 0.2, 0.1);
	double t = k.v[3].weight_kg;
	k.v[3].weight_kg = k.v[3].height_cm;
	k.v[3].height_cm = t;
	expect_only(&k, "weight_height_swapped", 3, "swapped at 9 months");
	/* Decimal point: 18.3 kg at 5 years recorded as 183 and as 1.83. */
	static const double kids[] = {YR(3), YR(4), YR(5), YR(6)};
	kid_make(&k, GV_FEMALE, kids, 4, 0.5, 0.5);
	k.v[2].weight_kg *= 10;
	expect_only(&k, "weight_decimal_x10", 2, "weight x 10");
	kid_make(&k, GV_FEMALE, kids, 4, 0.5, 0.5);
	k.v[2].weight_kg /= 10;
	expect_only(&k, "weight_decimal_div10", 2, "weight / 10");
	/* Height in inches in a centimetre field. */
	kid_make(&k, GV_MALE, kids, 4, -0.3, -0.3);
	k.v[3].height_cm /= 2.54;
	expect_only(&k, "height_in_as_cm", 3, "height in inches");
}

static void test_carried_forward_not_clinical(void **state)
{
	(void)state;
	/* The 6-month length copied at 9, 12, 15 and 18 months: carried forward for a year.  Without
	 * the check: stunting and a length crossing 5 lines; the 9-month copy (91 days later) belongs
	 * to the same run and is flagged with the others. */
	kid k;
	gv_flag f[32];
	kid_make(&k, GV_MALE, infant_ages, NINF, 0, 0);
	for (size_t i = 3; i < NINF; i++)
		k.v[i].height_cm = k.v[2].height_cm;
	size_t n = run(&k, f, 32), carried = 0;
	for (size_t i = 0; i < n; i++) {
		if (f[i].category != GV_CAT_IMPLAUSIBLE_VALUE) {
			print_flags(f, n);
			fail_msg("clinical flag %s from carried-forward lengths", f[i].rule);
		}
		carried += strcmp(f[i].rule, "height_carried_forward") == 0;
	}
	assert_int_equal(carried, 4);
	assert_int_equal(flags_any_clinical(&k.c, NULL, GV_SEV_INFO), 0);
}

static void test_shrink_picks_the_odd_one(void **state)
{
	(void)state;
	/* 6, 9, 12 months: 67.6, 64.0 (a typo), 75.7 cm.  The 9-month value is the one that breaks the
	 * trajectory (it is 3.6 cm below the 6-month one and far from both), so it is flagged and not
	 * read as stunting. */
	static const double ages[] = {183, 274, 365};
	kid k;
	kid_make(&k, GV_MALE, ages, 3, 0, 0);
	k.v[1].height_cm = k.v[0].height_cm - 3.6;
	expect_only(&k, "height_shrink", 1, "shrinking length");
}

/* ------------------------------------------------------------------ suspect, not skipped */

static void test_biv_makes_flags_suspect(void **state)
{
	(void)state;
	/* One visit only: a weight in pounds cannot be told from a real one without history.  It is
	 * outside WHO's limits (weight-for-age z > +5), so the obesity flag it raises says suspect,
	 * and the summaries leave it out unless asked. */
	static const double one[] = {365};
	kid k;
	gv_flag f[16];
	kid_make(&k, GV_FEMALE, one, 1, 0, 0);
	k.v[0].weight_kg *= 2.2046226218;
	size_t n = run(&k, f, 16);
	const gv_flag *biv = find(f, n, "biv_high"), *ob = find(f, n, "wflh_above_p3sd");
	if (!biv || !ob) {
		print_flags(f, n);
		fail_msg("want biv_high and a suspect wflh_above_p3sd");
	}
	assert_int_equal(ob->suspect, 1);
	assert_non_null(strstr(ob->detail, "rests on a suspect value"));
	assert_int_equal(flags_any_clinical(&k.c, NULL, GV_SEV_INFO), 0);
	uint64_t cats;
	assert_int_equal(flags_categories(&k.c, NULL, GV_SEV_INFO, 1, &cats), GV_OK);
	assert_true(cats & GV_CAT_BIT(GV_CAT_OBESITY));
	assert_true(cats & GV_CAT_BIT(GV_CAT_IMPLAUSIBLE_VALUE));
	assert_int_equal(flags_categories(&k.c, NULL, GV_SEV_INFO, 0, &cats), GV_OK);
	assert_false(cats & GV_CAT_BIT(GV_CAT_OBESITY));
}

/* ------------------------------------------------------------------ API */

static void test_names(void **state)
{
	(void)state;
	for (int c = 0; c < GV_CAT_COUNT; c++) {
		const char *name = flags_cat_name((gv_flag_cat)c);
		assert_true(name[0] != '\0');
		assert_int_equal(flags_cat_parse(name), c);
	}
	assert_string_equal(flags_cat_name(GV_CAT_FAILURE_TO_THRIVE), "failure_to_thrive");
	assert_string_equal(flags_cat_name(GV_CAT_IMPLAUSIBLE_VALUE), "implausible_value");
	assert_string_equal(flags_cat_name(GV_CAT_COUNT), "");
	assert_int_equal(flags_cat_parse("nonsense"), GV_CAT_COUNT);
	assert_string_equal(flags_sev_name(GV_SEV_INFO), "info");
	assert_string_equal(flags_sev_name(GV_SEV_CHECK), "check");
	assert_string_equal(flags_sev_name(GV_SEV_MODERATE), "moderate");
	assert_string_equal(flags_sev_name(GV_SEV_SEVERE), "severe");
	assert_string_equal(flags_sev_name(GV_SEV_COUNT), "");
}

/* The rule table: unique ids of lowercase, digits and '_'; every rule documented and sourced; the
 * categories the issue requires are all used. */
static void test_rule_table(void **state)
{
	(void)state;
	static const gv_flag_cat required[] = {
		GV_CAT_FAILURE_TO_THRIVE, GV_CAT_UNDERWEIGHT, GV_CAT_OVERWEIGHT, GV_CAT_OBESITY,
		GV_CAT_SEVERE_OBESITY, GV_CAT_SHORT_STATURE, GV_CAT_STUNTING, GV_CAT_WASTING,
		GV_CAT_MICROCEPHALY, GV_CAT_MACROCEPHALY, GV_CAT_RAPID_WEIGHT_GAIN, GV_CAT_NEWBORN_WEIGHT_LOSS,
		GV_CAT_IMPLAUSIBLE_VALUE};
	size_t n = flags_nrules();
	uint64_t used = 0;
	gv_rule_info r, s;
	assert_true(n >= 40);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(flags_rule_info(i, &r), 1);
		assert_true(strspn(r.id, "abcdefghijklmnopqrstuvwxyz0123456789_") == strlen(r.id) && r.id[0]);
		assert_true(r.label[0] && r.applies[0] && r.threshold_text[0] && strlen(r.source) > 10);
		/* a source names the literature or guideline, never a tracker */
		if (strstr(r.source, "issue") || strchr(r.source, '#'))
			fail_msg("rule %s cites a tracker: %s", r.id, r.source);
		assert_true((unsigned)r.category < GV_CAT_COUNT && (unsigned)r.severity < GV_SEV_COUNT);
		assert_true((r.category == GV_CAT_IMPLAUSIBLE_VALUE) == (r.severity == GV_SEV_CHECK));
		used |= GV_CAT_BIT(r.category);
		for (size_t j = 0; j < i; j++) {
			flags_rule_info(j, &s);
			if (strcmp(r.id, s.id) == 0)
				fail_msg("duplicate rule id %s", r.id);
		}
	}
	assert_int_equal(flags_rule_info(n, &r), 0);
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
		if (!(used & GV_CAT_BIT(required[i])))
			fail_msg("no rule of category %s", flags_cat_name(required[i]));
	assert_true(used == GV_CAT_BIT(GV_CAT_COUNT) - 1); /* and no category unused */
}

/* The man page text lists every rule (".It Cm id" in its "Flag rules" sections), and nothing that
 * is not a rule.  Run from the top of the tree, as make check does. */
static void test_man_page_lists_every_rule(void **state)
{
	(void)state;
	FILE *f = fopen("man/growthview.1", "r");
	if (!f)
		fail_msg("man/growthview.1 not found (run from the top of the tree)");
	char line[512];
	size_t listed = 0;
	int in_rules = 0;
	gv_rule_info r;
	while (fgets(line, sizeof line, f)) {
		if (strncmp(line, ".Ss ", 4) == 0)
			in_rules = strncmp(line, ".Ss Flag rules", 14) == 0;
		if (!in_rules || strncmp(line, ".It Cm ", 7) != 0)
			continue; /* rule items: ".It Cm id" under ".Ss Flag rules: ..." */
		line[strcspn(line, "\n")] = '\0';
		int known = 0;
		for (size_t i = 0; flags_rule_info(i, &r); i++)
			known |= strcmp(r.id, line + 7) == 0;
		if (!known)
			fail_msg("man page lists %s, which is not a rule", line + 7);
		listed++;
	}
	fclose(f);
	assert_int_equal(listed, flags_nrules());
}

static void test_options(void **state)
{
	(void)state;
	gv_flag_options o;
	flags_default_options(&o, GV_RULES_US);
	assert_int_equal(o.rules, GV_RULES_US);
	assert_int_equal(o.growth.policy, GV_POLICY_AUTO);
	assert_true(o.growth.preterm_weeks == 37 && o.growth.correct_until_months == 24);
	flags_default_options(&o, GV_RULES_WHO);
	assert_int_equal(o.growth.policy, GV_POLICY_WHO);
}

/* A child with several flags: underweight, wasting, stunting at 9 and 12 months. */
static void sick_kid(kid *k)
{
	static const double ages[] = {274, 365};
	kid_make(k, GV_FEMALE, ages, 2, -3.2, -2.5);
}

static void test_capacity_and_eval(void **state)
{
	(void)state;
	kid k;
	gv_flag all[32], few[3];
	size_t n, m;
	sick_kid(&k);
	n = run(&k, all, 32);
	assert_true(n >= 3);
	/* cap 1: the total comes back, one flag is written, the rest of the array is untouched. */
	memset(few, 0x5a, sizeof few);
	assert_int_equal(flags_compute(&k.c, NULL, few, 1, &m), GV_OK);
	assert_int_equal(m, n);
	assert_string_equal(few[0].rule, all[0].rule);
	assert_string_equal(few[0].detail, all[0].detail);
	assert_int_equal(((unsigned char *)&few[1])[0], 0x5a);
	/* cap 0 and no array: only the count. */
	assert_int_equal(flags_compute(&k.c, NULL, NULL, 0, &m), GV_OK);
	assert_int_equal(m, n);
	/* flags_eval on results the caller computed gives the same flags. */
	gv_result res[2];
	gv_flag_options o;
	flags_default_options(&o, GV_RULES_US);
	assert_int_equal(traj_results(&k.c, &o.growth, res), GV_OK);
	gv_flag again[32];
	assert_int_equal(flags_eval(&k.c, res, &o, again, 32, &m), GV_OK);
	assert_int_equal(m, n);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(again[i].rule, all[i].rule);
		assert_string_equal(again[i].detail, all[i].detail);
	}
	/* Errors: unknown sex; no visits is no flags. */
	k.c.p.sex = GV_SEX_UNKNOWN;
	assert_int_equal(flags_compute(&k.c, NULL, all, 32, &m), GV_EINVAL);
	assert_int_equal(flags_any_clinical(&k.c, NULL, GV_SEV_INFO), -1);
	k.c.p.sex = GV_FEMALE;
	k.c.nv = 0;
	assert_int_equal(flags_compute(&k.c, NULL, all, 32, &m), GV_OK);
	assert_int_equal(m, 0);
}

static void test_summaries(void **state)
{
	(void)state;
	kid k;
	uint64_t cats;
	/* A child on the median: no flag at all. */
	kid_make(&k, GV_MALE, infant_ages, NINF, 0, 0);
	assert_int_equal(flags_any_clinical(&k.c, NULL, GV_SEV_INFO), 0);
	assert_int_equal(flags_categories(&k.c, NULL, GV_SEV_INFO, 1, &cats), GV_OK);
	assert_true(cats == 0);
	/* Only an "info" flag: rapid infant weight gain (z -1.0 at 2 months to -0.2 from 4 months). */
	kid one;
	kid_make(&k, GV_MALE, infant_ages, NINF, -0.2, 0);
	kid_make(&one, GV_MALE, infant_ages, 1, -1.0, 0);
	k.v[0].weight_kg = one.v[0].weight_kg;
	assert_int_equal(flags_any_clinical(&k.c, NULL, GV_SEV_INFO), 1);
	assert_int_equal(flags_any_clinical(&k.c, NULL, GV_SEV_MODERATE), 0);
	assert_int_equal(flags_categories(&k.c, NULL, GV_SEV_INFO, 0, &cats), GV_OK);
	assert_true(cats == GV_CAT_BIT(GV_CAT_RAPID_WEIGHT_GAIN));
	/* Severe findings. */
	sick_kid(&k);
	assert_int_equal(flags_any_clinical(&k.c, NULL, GV_SEV_SEVERE), 1);
	assert_int_equal(flags_categories(&k.c, NULL, GV_SEV_SEVERE, 0, &cats), GV_OK);
	assert_true(cats & GV_CAT_BIT(GV_CAT_UNDERWEIGHT)); /* z -3.2: severe */
	assert_false(cats & GV_CAT_BIT(GV_CAT_STUNTING));   /* z -2.5: moderate */
	assert_int_equal(flags_categories(&k.c, NULL, GV_SEV_MODERATE, 0, &cats), GV_OK);
	assert_true(cats & GV_CAT_BIT(GV_CAT_STUNTING));
}

/* ------------------------------------------------------------------ golden detail strings */

static void test_golden_details(void **state)
{
	(void)state;
	kid k;
	gv_flag f[32];
	sick_kid(&k);
	size_t n = run(&k, f, 32);
	const gv_flag *u = find(f, n, "wfa_below_m3sd"), *s = find(f, n, "lhfa_below_m2sd");
	if (!u || !s) {
		print_flags(f, n);
		fail_msg("want wfa_below_m3sd and lhfa_below_m2sd");
	}
	/* Weight-for-age z -3.2 at 9 and 12 months: reported once, at the latest visit (12 months =
	 * day 365 = 2016-01-01), with the count and the first date.  The weight: WHO girls, day 365,
	 * L -0.2022 M 8.9462 S 0.12267: SD3neg 6.2731, SD2neg 7.0412 kg; beyond -3 SD WHO's
	 * restricted rule gives 6.2731 - 0.2 * (7.0412 - 6.2731) = 6.1195 kg; P = 100 Phi(-3.2) = 0.069. */
	assert_string_equal(u->detail, "severely underweight, age 1y 0m: weight-for-age 6.12 kg z -3.20 P0.07; "
				       "met at 2 visits since 2015-10-02 [z < -3]");
	assert_int_equal(u->date, BIRTH + 365);
	assert_int_equal(u->date_from, BIRTH + 274);
	assert_int_equal(u->visit, 1);
	assert_int_equal(u->nvisits, 2);
	assert_int_equal(u->indicator, GV_WFA);
	tu_near(u->z, -3.2, 1e-9, "z");
	tu_near(u->percentile, 100 * lms_pnorm(-3.2), 1e-9, "percentile");
	tu_near(u->value, k.v[1].weight_kg, 0, "value");
	tu_near(u->threshold, -3, 0, "threshold");
	assert_int_equal(u->suspect, 0);
	assert_int_equal(u->corrected, 0);
	/* Length: 74.0049 * (1 - 2.5 * 0.03479) = 67.57 cm (WHO girls, day 365, L = 1). */
	assert_string_equal(s->detail, "stunting (WHO), short stature (CDC), age 1y 0m: length/height-for-age 67.6 "
				       "cm z -2.50 P0.62; met at 2 visits since 2015-10-02 [z < -2 (the line labelled 2nd)]");
	/* A trajectory: weight-for-age z 0 at 6 months, -0.7 at 9 months, -1.4 at 12 months: from the
	 * 9th-91st centile band a fall of 1.40 SD, more than NICE's 2 centile spaces (4/3 SD), across
	 * P50, P25 (-0.674) and P10 (-1.282): 3 lines, reported at 12. */
	static const double ages[] = {183, 274, 365};
	kid_make(&k, GV_MALE, ages, 3, 0, 0);
	kid t;
	kid_make(&t, GV_MALE, ages, 3, -0.7, 0);
	k.v[1].weight_kg = t.v[1].weight_kg;
	kid_make(&t, GV_MALE, ages, 3, -1.4, 0);
	k.v[2].weight_kg = t.v[2].weight_kg;
	n = run(&k, f, 32);
	const gv_flag *d = find(f, n, "wfa_decline_2_lines");
	if (!d) {
		print_flags(f, n);
		fail_msg("want wfa_decline_2_lines");
	}
	assert_string_equal(d->detail, "weight crossing percentile lines downward, age 1y 0m: z +0.00 -> -1.40 "
				       "(P50.0 -> P8.1), 2015-07-03 to 2016-01-01, a fall of 1.40 SD confirmed, 3 lines "
				       "(CDC's WHO chart, P2-P98) [from the 9th-91st centile: >= 2 lines, >= 1.33 SD]");
	tu_near(d->metric, -3, 0, "lines");
	assert_int_equal(d->date_from, BIRTH + 183);
	assert_int_equal(d->nvisits, 2);
}

/* A head circumference at z hz on the WHO 2006 chart at each age (boys). */
static void heads(kid *k, const double *ages, const double *hz, size_t n)
{
	kid_make(k, GV_MALE, ages, n, 0, 0);
	for (size_t i = 0; i < n; i++) {
		double x = growth_age_x(T_WHO06_HCFA, k->v[i].date - BIRTH);
		assert_int_equal(growth_value_at(T_WHO06_HCFA, GV_MALE, x, hz[i], &k->v[i].head_cm), GV_OK);
	}
}

/* flags_eval_met: a rule of one visit lists every visit it was met at, a trajectory its two. */
static void test_met_visits(void **state)
{
	(void)state;
	static const double ages[] = {61, 122, 183, 274, 365};
	static const double hz[] = {-2.5, -3.4, -1.0, -3.3, -3.2};
	kid k;
	heads(&k, ages, hz, 5);
	gv_result res[5];
	gv_flag f[32];
	unsigned char met[32 * 5];
	size_t n;
	gv_flag_options o;
	flags_default_options(&o, GV_RULES_US);
	assert_int_equal(traj_results(&k.c, &o.growth, res), GV_OK);
	assert_int_equal(flags_eval_met(&k.c, res, &o, f, 32, &n, met), GV_OK);
	const gv_flag *sev = find(f, n, "hcfa_below_m3sd"), *mod = find(f, n, "hcfa_below_m2sd");
	assert_non_null(sev);
	assert_non_null(mod);
	const unsigned char *ms = met + (size_t)(sev - f) * 5, *mm = met + (size_t)(mod - f) * 5;
	/* severe at 4, 9 and 12 months (reported at 12, "met at 3 visits"); moderate at 2 months */
	assert_int_equal(sev->nvisits, 3);
	assert_true(!ms[0] && ms[1] && !ms[2] && ms[3] && ms[4]);
	assert_true(mm[0] && !mm[1] && !mm[2] && !mm[3] && !mm[4]);
	/* the same flags as flags_eval, byte for byte */
	gv_flag g[32];
	size_t n2;
	assert_int_equal(flags_eval(&k.c, res, &o, g, 32, &n2), GV_OK);
	assert_int_equal(n2, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(g[i].detail, f[i].detail);
	/* a trajectory: its two visits */
	static const double wz[] = {0.5, 0.4, -1.5, -1.6};
	kid t;
	kid_make(&t, GV_MALE, infant_ages, 4, 0, 0);
	for (size_t i = 0; i < 4; i++) {
		kid one;
		kid_make(&one, GV_MALE, infant_ages, 4, wz[i], 0);
		t.v[i].weight_kg = one.v[i].weight_kg;
	}
	assert_int_equal(traj_results(&t.c, &o.growth, res), GV_OK);
	assert_int_equal(flags_eval_met(&t.c, res, &o, f, 32, &n, met), GV_OK);
	const gv_flag *d = find(f, n, "wfa_decline_2_lines");
	if (!d) {
		print_flags(f, n);
		fail_msg("want wfa_decline_2_lines");
	}
	const unsigned char *md = met + (size_t)(d - f) * 4;
	assert_int_equal(md[d->visit], 1);
	int count = md[0] + md[1] + md[2] + md[3];
	assert_int_equal(count, 2);
	/* a flag beyond cap is counted, not written */
	assert_int_equal(flags_eval_met(&t.c, res, &o, f, 0, &n2, NULL), GV_OK);
	assert_int_equal(n2, n);
}

/* Acknowledging a finding covers its lower severities up to the acknowledged visit. */
static void test_ack_covers(void **state)
{
	(void)state;
	static const double ages[] = {61, 122, 183, 274, 365};
	gv_flag f[32];
	kid k;
	/* microcephaly at 2 months, severe from 4 months: acking severe covers microcephaly */
	static const double a[] = {-2.5, -3.4, -3.3, -3.3, -3.2};
	heads(&k, ages, a, 5);
	size_t n = run(&k, f, 32);
	const gv_flag *sev = find(f, n, "hcfa_below_m3sd"), *mod = find(f, n, "hcfa_below_m2sd");
	assert_non_null(sev);
	assert_non_null(mod);
	assert_true(flags_ack_covers(sev, sev));
	assert_true(flags_ack_covers(sev, mod));
	assert_false(flags_ack_covers(mod, sev)); /* never upwards */
	/* microcephaly again after the severe visits: a later finding stays open */
	static const double b[] = {-2.5, -3.4, -3.3, -2.5, -2.4};
	heads(&k, ages, b, 5);
	n = run(&k, f, 32);
	sev = find(f, n, "hcfa_below_m3sd");
	mod = find(f, n, "hcfa_below_m2sd");
	assert_non_null(sev);
	assert_non_null(mod);
	assert_true(mod->date > sev->date);
	assert_false(flags_ack_covers(sev, mod));
	/* another ladder is another finding: severe microcephaly does not cover underweight */
	gv_flag uw = *mod;
	uw.rule = "wfa_below_m2sd";
	uw.category = GV_CAT_UNDERWEIGHT;
	uw.date = sev->date - 30;
	assert_false(flags_ack_covers(sev, &uw));
	/* the BMI ladder: class 3 covers class 2 and obesity, class 2 covers obesity, on the same date */
	gv_flag c3 = *sev, c2 = *sev, ob = *sev;
	c3.rule = "bmi_class3_obesity";
	c2.rule = "bmi_class2_obesity";
	ob.rule = "bmi_at_or_above_p95";
	assert_true(flags_ack_covers(&c3, &c2) && flags_ack_covers(&c3, &ob) && flags_ack_covers(&c2, &ob));
	assert_false(flags_ack_covers(&c2, &c3));
	/* the same rule at another visit is another flag */
	gv_flag later = *sev;
	later.date += 1;
	assert_false(flags_ack_covers(sev, &later));
}

/* A flag is current within GV_FLAGS_CURRENT_DAYS of the last visit: at 365 days yes, 366 no. */
static void test_current(void **state)
{
	(void)state;
	kid k;
	static const double ages[] = {100, 465};
	kid_make(&k, GV_MALE, ages, 2, 0, 0);
	gv_flag f;
	memset(&f, 0, sizeof f);
	f.date = k.v[1].date - 365;
	assert_true(flags_current(&k.c, &f));
	f.date = k.v[1].date - 366;
	assert_false(flags_current(&k.c, &f));
}

/* Numbers stated the same way everywhere (flags_fmt_z/pct; the TUI's fmt_z/fmt_pct use them). */
static void test_number_format(void **state)
{
	(void)state;
	char b[FLAGS_FMT_MAX];
	static const struct {
		double v;
		const char *z;
	} zs[] = {{2.555, "+2.56"}, {-0.431, "-0.43"}, {-0.004, "+0.00"}, {0, "+0.00"}, {1.125, "+1.12"},
		  {-1.125, "-1.12"}, {150, ">99"}, {-150, "<-99"}, {NAN, "-"}};
	for (size_t i = 0; i < sizeof zs / sizeof zs[0]; i++) {
		flags_fmt_z(zs[i].v, b);
		assert_string_equal(b, zs[i].z);
	}
	static const struct {
		double v;
		const char *p;
	} ps[] = {{10.94, "10.9"}, {0.07, "0.07"}, {0.949, "0.95"}, {0.95, "1.0"}, {99.04, "99.0"},
		  {99.05, "99.05"}, {99.48, "99.48"}, {0.004, "<0.01"}, {99.996, ">99.99"}, {NAN, "-"}};
	for (size_t i = 0; i < sizeof ps / sizeof ps[0]; i++) {
		flags_fmt_pct(ps[i].v, b);
		assert_string_equal(b, ps[i].p);
	}
	char a[24];
	age_format_age(BIRTH, age_days_from_civil(2029, 12, 1), a);
	assert_string_equal(a, "14y 11m");
	age_format_age(BIRTH, age_days_from_civil(2029, 11, 30), a); /* a day short of the month */
	assert_string_equal(a, "14y 10m");
	age_format_age(BIRTH, BIRTH + 40, a);
	assert_string_equal(a, "1m 9d");
	age_format_age(BIRTH, BIRTH + 20, a);
	assert_string_equal(a, "20d");
	age_format_age(BIRTH + 5, BIRTH, a);
	assert_string_equal(a, "-5d");
	assert_int_equal(age_term_date(BIRTH, 32, 4), BIRTH + 280 - 228);
}

/* The weight that puts a child (CDC chart, age in days, height h cm) at BMI = pct % of the 95th
 * percentile as the engine computes it; stepped by ulps so that the engine's bmi_pct_p95 is the
 * first >= pct (*exact: == pct). */
static double weight_at_pct_p95(gv_sex sex, double days, double h, double pct, int *exact)
{
	gv_measure m;
	gv_result r;
	growth_measure_init(&m);
	m.sex = sex;
	m.age_days = days;
	m.height_cm = h;
	m.position = 'H';
	m.weight_kg = 20;
	assert_int_equal(growth_compute(&m, NULL, &r), GV_OK);
	double w = pct / 100 * r.bmi_p95_value * (h / 100) * (h / 100);
	for (int dir = -1, k = 0; k < 4096; k++) { /* back below, then up to the first at or above */
		m.weight_kg = w;
		growth_compute(&m, NULL, &r);
		if (dir < 0 && r.bmi_pct_p95 < pct)
			dir = 1;
		else if (dir > 0 && r.bmi_pct_p95 >= pct)
			break;
		w = nextafter(w, dir < 0 ? 0 : INFINITY);
	}
	*exact = r.bmi_pct_p95 == pct;
	return w;
}

static int has_rule(const kid *k, const char *rule)
{
	gv_flag f[32];
	size_t n = run(k, f, 32);
	return find(f, n, rule) != NULL;
}

/* Severe obesity at its edges (AAP 2023): class 2 from 120% of the 95th percentile or a BMI of
 * 35, class 3 from 140% or 40; at the cut-off itself the class applies, one ulp below it not. */
/* The expectation an EWMA outlier is measured against is traj_ewma of the child's other values
 * (the engine keeps the weights between visits per child and recomputes them past 64 visits: both
 * must give traj_ewma's double).  Unequal spacing, a same-day pair and z that vary make every
 * weight count: the flag's metric is z minus that expectation, compared exactly. */
static void ewma_case(const double *ages, const double *zs, size_t n, size_t odd, size_t biv)
{
	gv_flag_options o;
	flags_default_options(&o, GV_RULES_US);
	gv_child c;
	gv_visit *v = calloc(n, sizeof *v);
	gv_result *res = calloc(n, sizeof *res);
	double *t = calloc(n, sizeof *t), *z = calloc(n, sizeof *z);
	unsigned char *use = calloc(n, 1);
	assert_non_null(use);
	assert_non_null(v);
	assert_non_null(res);
	assert_non_null(t);
	assert_non_null(z);
	record_patient_init(&c.p);
	c.p.sex = GV_FEMALE;
	c.p.birth_date = BIRTH;
	for (size_t i = 0; i < n; i++) {
		record_visit_init(&v[i]);
		v[i].date = BIRTH + (int32_t)ages[i];
		assert_int_equal(growth_value_at(T_WHO06_WFA, GV_FEMALE, ages[i], zs[i], &v[i].weight_kg), GV_OK);
	}
	c.v = v;
	c.nv = n;
	assert_int_equal(traj_results(&c, &o.growth, res), GV_OK);
	for (size_t i = 0; i < n; i++) {
		t[i] = v[i].date;
		z[i] = res[i].ind[GV_WFA].z;
		assert_true(fabs(z[i] - zs[i]) < 1e-6);
		use[i] = i != biv; /* a biologically implausible value is no one's expectation */
		assert_int_equal(res[i].ind[GV_WFA].biv != 0, i == biv);
	}
	double e = traj_ewma(t, z, use, n, odd);
	gv_flag f[64];
	size_t nf;
	assert_int_equal(flags_eval(&c, res, &o, f, 64, &nf), GV_OK);
	const gv_flag *hit = NULL;
	for (size_t i = 0; i < nf && i < 64; i++)
		if (strcmp(f[i].rule, "ewma_outlier") == 0 && f[i].visit == odd)
			hit = &f[i];
	if (!hit)
		print_flags(f, nf < 64 ? nf : 64);
	assert_non_null(hit);
	assert_true(hit->metric == z[odd] - e);
	/* not a coincidence of the weights: an unweighted mean of the others would be far off */
	double mean = 0;
	for (size_t i = 0; i < n; i++)
		mean += i == odd ? 0 : z[i] / (double)(n - 1);
	assert_true(fabs((z[odd] - mean) - hit->metric) > 1e-3);
	free(v);
	free(res);
	free(t);
	free(z);
	free(use);
}

static void test_ewma_expectation(void **state)
{
	(void)state;
	/* 12 visits, two on day 61 (weight 0 between them), -3.9 at day 130, a BIV (z 6.5) at day 470 */
	static const double ages[] = {30, 61, 61, 95, 130, 200, 260, 330, 400, 470, 540, 600};
	static const double zs[] = {0.2, 0.5, 0.4, 0.9, -3.9, 1.1, 0.7, 1.3, 0.8, 6.5, 0.6, 1.2};
	ewma_case(ages, zs, sizeof ages / sizeof ages[0], 4, 9);
	/* 70 visits (past the kept weights), every 10 days from day 10, -3.9 at the 36th */
	double a2[70], z2[70];
	for (int k = 0; k < 70; k++) {
		a2[k] = 10 + 10 * k;
		z2[k] = 0.6 + 0.5 * sin(k * 0.7);
	}
	z2[35] = -3.9;
	z2[50] = 6.5;
	ewma_case(a2, z2, 70, 35, 50);
}

static void test_obesity_class_edges(void **state)
{
	(void)state;
	kid k;
	double days = floor(YR(7) + 0.5);
	const double ages[] = {days};
	kid_make(&k, GV_MALE, ages, 1, 0, 0);
	k.v[0].height_cm = 122;
	static const struct {
		double pct;
		const char *rule, *below;
	} e[] = {{120, "bmi_class2_obesity", "bmi_at_or_above_p95"}, {140, "bmi_class3_obesity", "bmi_class2_obesity"},
		 {100, "bmi_at_or_above_p95", "bmi_p85_to_p95"}};
	int nexact = 0;
	for (size_t i = 0; i < sizeof e / sizeof e[0]; i++) {
		int exact;
		double w = weight_at_pct_p95(GV_MALE, days, 122, e[i].pct, &exact);
		nexact += exact;
		k.v[0].weight_kg = w;
		if (!has_rule(&k, e[i].rule))
			fail_msg("%g%% of P95: %s expected", e[i].pct, e[i].rule);
		k.v[0].weight_kg = nextafter(w, 0);
		if (has_rule(&k, e[i].rule) || !has_rule(&k, e[i].below))
			fail_msg("one ulp under %g%% of P95: %s expected, not %s", e[i].pct, e[i].below, e[i].rule);
	}
	assert_true(nexact >= 2); /* the doubles put the engine's percentage on the cut-off itself */
	/* BMI exactly 35 and 40 (girl of 17, 150 cm: 1.5^2 = 2.25 exactly; 120% of P95 = 35.56):
	 * 78.75 kg is BMI 35 to the last bit, 90 kg BMI 40. */
	days = floor(YR(17) + 0.5);
	const double ages17[] = {days};
	kid_make(&k, GV_FEMALE, ages17, 1, 0, 0);
	k.v[0].height_cm = 150;
	k.v[0].weight_kg = 78.75;
	{
		gv_measure m;
		gv_result r;
		record_measure(&k.c.p, &k.v[0], &m);
		assert_int_equal(growth_compute(&m, NULL, &r), GV_OK);
		assert_true(r.bmi == 35);
		assert_true(r.bmi_pct_p95 < 120);
	}
	assert_true(has_rule(&k, "bmi_class2_obesity"));
	k.v[0].weight_kg = nextafter(78.75, 0);
	assert_false(has_rule(&k, "bmi_class2_obesity"));
	assert_true(has_rule(&k, "bmi_at_or_above_p95"));
	k.v[0].weight_kg = 90;
	assert_true(has_rule(&k, "bmi_class3_obesity"));
	k.v[0].weight_kg = nextafter(90, 0);
	assert_false(has_rule(&k, "bmi_class3_obesity"));
	assert_true(has_rule(&k, "bmi_class2_obesity"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lb_for_kg_not_clinical),
		cmocka_unit_test(test_other_errors_not_clinical),
		cmocka_unit_test(test_carried_forward_not_clinical),
		cmocka_unit_test(test_shrink_picks_the_odd_one),
		cmocka_unit_test(test_biv_makes_flags_suspect),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_rule_table),
		cmocka_unit_test(test_man_page_lists_every_rule),
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_capacity_and_eval),
		cmocka_unit_test(test_summaries),
		cmocka_unit_test(test_golden_details),
		cmocka_unit_test(test_met_visits),
		cmocka_unit_test(test_ack_covers),
		cmocka_unit_test(test_current),
		cmocka_unit_test(test_number_format),
		cmocka_unit_test(test_obesity_class_edges),
		cmocka_unit_test(test_ewma_expectation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
