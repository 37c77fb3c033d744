/* core_growth.c — the pitfalls users hit in other tools, each checked by hand.
 * LMS rows are quoted from refdata/ (file, sex, x: L, M, S) and the arithmetic written out. */
#include "tests/testutil.h"

#include "core/growth.h"

static gv_result score_m(gv_policy pol, gv_sex sex, double days, double months, const gv_measure *extra)
{
	gv_options o;
	growth_default_options(&o);
	o.policy = pol;
	gv_measure m;
	if (extra)
		m = *extra;
	else
		growth_measure_init(&m);
	m.sex = sex;
	m.age_days = days;
	m.age_months = months;
	gv_result r;
	assert_int_equal(growth_compute(&m, &o, &r), GV_OK);
	return r;
}

static gv_measure meas(double w, double h, char pos)
{
	gv_measure m;
	growth_measure_init(&m);
	m.weight_kg = w;
	m.height_cm = h;
	m.position = pos;
	return m;
}

/* 730 days: recumbent length table (who2006/lhfa.csv, boys, 730: L 1, M 87.8018, S 0.03479).
 * A standing height of 87.0 cm gets +0.7 -> 87.7: z = (87.7/87.8018 - 1)/0.03479 = -0.033327.
 * 731 days: standing height table (731: M 87.1303, S 0.03508). A recumbent length of 88.5 cm
 * gets -0.7 -> 87.8: z = (87.8/87.1303 - 1)/0.03508 = 0.219105.  BMI uses the converted value:
 * 12 kg / 0.877^2 = 15.602064. */
static void test_length_height_switch_730_731(void **state)
{
	(void)state;
	gv_measure m = meas(12, 87.0, 'H');
	gv_result r = score_m(GV_POLICY_AUTO, GV_MALE, 730, NAN, &m);
	assert_int_equal(r.ref, GV_WHO2006);
	assert_int_equal(r.who_day, 730);
	tu_near(r.height_adj_cm, 0.7, 0, "standing before 731 d: +0.7");
	tu_near(r.ind[GV_LHFA].z, -0.03332651719848389, 1e-12, "730 d");
	tu_near(r.bmi, 15.602064153087454, 1e-12, "BMI from converted length");
	assert_int_equal(r.ind[GV_WFLH].table, T_WHO06_WFL);

	m = meas(12, 88.5, 'L');
	r = score_m(GV_POLICY_WHO, GV_MALE, 731, NAN, &m);
	assert_int_equal(r.ref, GV_WHO2006);
	tu_near(r.height_adj_cm, -0.7, 0, "recumbent from 731 d: -0.7");
	tu_near(r.ind[GV_LHFA].z, 0.21910460474699547, 1e-12, "731 d");
	assert_int_equal(r.ind[GV_WFLH].table, T_WHO06_WFH);
	/* The same child under the default policy is on the CDC charts from 24 months: converted too
	 * (test_recumbent_length_on_cdc_stature_chart). */
	r = score_m(GV_POLICY_AUTO, GV_MALE, 731, NAN, &m);
	assert_int_equal(r.ref, GV_CDC2000);
	assert_int_equal(r.ind[GV_LHFA].table, T_CDC_STATAGE);
	assert_true(r.warn & GV_W_LENGTH_ON_STATURE);
	tu_near(r.height_adj_cm, -0.7, 0, "CDC stature chart: -0.7");
}

/* A recumbent length from 24 months on the CDC stature chart is converted to a height, -0.7 cm
 * (WHO's conversion), and says so.  Girl, 30 months: statage between 29.5 (L 0.868221392,
 * M 89.58476689, S 0.041691761) and 30.5 (L 0.81454413, M 90.33341722, S 0.04175368), halfway.
 * Length 90.5 cm lying -> 89.8 cm: z = ((89.8/M)^L - 1)/(L S) = -0.0423928; unconverted it would
 * read +0.1440453.  A standing height of 89.8 cm gives the same z.  Under the CDC policy a
 * standing height before 24 months is scored on the length chart +0.7 cm. */
static void test_recumbent_length_on_cdc_stature_chart(void **state)
{
	(void)state;
	gv_measure m = meas(NAN, 90.5, 'L');
	gv_result r = score_m(GV_POLICY_AUTO, GV_FEMALE, NAN, 30, &m);
	assert_int_equal(r.ind[GV_LHFA].table, T_CDC_STATAGE);
	tu_near(r.height_adj_cm, -0.7, 0, "-0.7 cm");
	tu_near(r.height_cm, 89.8, 1e-12, "scored as a height");
	tu_near(r.ind[GV_LHFA].z, -0.042392766570006256, 1e-12, "converted");
	assert_true(r.warn & GV_W_LENGTH_ON_STATURE);
	double z_lying = r.ind[GV_LHFA].z;
	m = meas(NAN, 89.8, 'H');
	r = score_m(GV_POLICY_AUTO, GV_FEMALE, NAN, 30, &m);
	tu_near(r.ind[GV_LHFA].z, z_lying, 1e-12, "the same child standing");
	assert_false(r.warn & GV_W_LENGTH_ON_STATURE);
	tu_near(r.height_adj_cm, 0, 0, "no conversion standing");
	/* position unknown: scored as given, no conversion */
	m = meas(NAN, 90.5, 0);
	r = score_m(GV_POLICY_AUTO, GV_FEMALE, NAN, 30, &m);
	tu_near(r.ind[GV_LHFA].z, 0.14404527176830315, 1e-12, "unknown position: as given");
	/* BMI and weight-for-stature use the converted height */
	m = meas(13, 90.5, 'L');
	r = score_m(GV_POLICY_AUTO, GV_FEMALE, NAN, 30, &m);
	tu_near(r.bmi, 13 / (0.898 * 0.898), 1e-9, "BMI from 89.8 cm");
	tu_near(r.ind[GV_WFLH].x, 89.8, 1e-12, "weight-for-stature at 89.8 cm");
	/* CDC policy, 12 months, standing 75.0 cm: the length chart at 75.7 cm */
	m = meas(NAN, 75.0, 'H');
	r = score_m(GV_POLICY_CDC, GV_FEMALE, NAN, 12, &m);
	assert_int_equal(r.ind[GV_LHFA].table, T_CDC_LENAGEINF);
	tu_near(r.height_adj_cm, 0.7, 0, "+0.7 cm");
	tu_near(r.height_cm, 75.7, 1e-12, "scored as a length");
	assert_true(r.warn & GV_W_STATURE_ON_LENGTH);
}

/* Exactly 24 months = 730.5 days: CDC under the default policy (CDC/AAP: WHO below 24 months),
 * on the 2-20 y chart at its first row (statage boys 24.0: M 86.45220101 -> z 0 exactly). */
static void test_exactly_24_months(void **state)
{
	(void)state;
	gv_measure m = meas(NAN, 86.45220101, 'H');
	gv_result r = score_m(GV_POLICY_AUTO, GV_MALE, NAN, 24, &m);
	assert_int_equal(r.ref, GV_CDC2000);
	assert_int_equal(r.ind[GV_LHFA].table, T_CDC_STATAGE);
	tu_near(r.ind[GV_LHFA].z, 0, 1e-12, "statage 24.0 M");
	r = score_m(GV_POLICY_AUTO, GV_MALE, NAN, 23.99, &m);
	assert_int_equal(r.ref, GV_WHO2006);
	assert_int_equal(r.who_day, 730); /* 23.99 * 30.4375 = 730.2 -> day 730 */
	/* Half-day rounding: 730.5 days -> day 731 (half up). */
	r = score_m(GV_POLICY_WHO, GV_MALE, 730.5, NAN, &m);
	assert_int_equal(r.who_day, 731);
}

/* WHO policy: WHO 2006 to 60 completed months (by day, to day 1856), WHO 2007 from 61 months.
 * 60 months = 1826.25 days -> day 1826 (wfa boys 1826: M 18.3352 -> z 0).
 * Day 1857 = 61.0103 months: WHO 2007 bfa boys between 61 (L -0.7387, M 15.2641, S 0.08390) and
 * 62 (L -0.7621, M 15.2616, S 0.08414) at f = 0.0103: BMI 16 -> z 0.551557.
 * 61 months: the 2007 table's first row (bfa boys M 15.2641 -> z 0; hfa girls M 109.6016). */
static void test_60_and_61_months(void **state)
{
	(void)state;
	gv_measure m = meas(18.3352, NAN, 0);
	gv_result r = score_m(GV_POLICY_WHO, GV_MALE, NAN, 60, &m);
	assert_int_equal(r.ref, GV_WHO2006);
	assert_int_equal(r.who_day, 1826);
	tu_near(r.ind[GV_WFA].z, 0, 1e-12, "day 1826");

	m = meas(NAN, NAN, 0);
	m.bmi = 16;
	r = score_m(GV_POLICY_WHO, GV_MALE, 1857, NAN, &m);
	assert_int_equal(r.ref, GV_WHO2007);
	assert_int_equal(r.ind[GV_BFA].table, T_WHO07_BFA);
	tu_near(r.ind[GV_BFA].z, 0.5515568863592911, 1e-9, "day 1857 = 61.01 months");

	m.bmi = 15.2641;
	r = score_m(GV_POLICY_WHO, GV_MALE, NAN, 61, &m);
	tu_near(r.ind[GV_BFA].z, 0, 1e-12, "61 months, first row");
	m = meas(NAN, 109.6016, 'H');
	r = score_m(GV_POLICY_WHO, GV_FEMALE, NAN, 61, &m);
	tu_near(r.ind[GV_LHFA].z, 0, 1e-12, "hfa girls 61 months");
	assert_int_equal(r.ind[GV_LHFA].table, T_WHO07_HFA);

	/* WHO 2007 weight-for-age stops at 10 years: out of range, never extrapolated. */
	m = meas(30, 140, 'H');
	r = score_m(GV_POLICY_WHO, GV_MALE, NAN, 125, &m);
	assert_int_equal(r.ind[GV_WFA].status, GV_EAGE_RANGE);
	assert_int_equal(r.ind[GV_LHFA].status, GV_OK);
	/* Beyond 19 years: no WHO table at all. */
	r = score_m(GV_POLICY_WHO, GV_MALE, NAN, 230, &m);
	assert_int_equal(r.ref, GV_REF_NONE);
	assert_true(r.warn & GV_W_AGE_OUT_OF_RANGE);
	assert_int_equal(r.ind[GV_LHFA].status, GV_EAGE_RANGE);
}

/* Far below -3 SD, WHO weight-for-age boys day 365 (L 0.0645, M 9.646, S 0.10925):
 * 4.0 kg: plain LMS z = -7.8327 (implausible by WHO's -6 cut-off!) but WHO's restricted rule
 * z* = -3 + (4.0 - SD3neg)/(SD2neg - SD3neg).  With WHO's printed SD3neg 6.926 and SD2neg 7.741
 * (who2006/expanded/wfa_expanded.csv): -3 + (4.0 - 6.926)/0.815 = -6.5902; from the unrounded
 * SD values -6.591494.  5.0 kg: plain -5.8890, restricted -5.3640 (printed: -5.3632). */
static void test_restricted_far_below_minus_3(void **state)
{
	(void)state;
	gv_measure m = meas(4.0, NAN, 0);
	gv_result r = score_m(GV_POLICY_AUTO, GV_MALE, 365, NAN, &m);
	assert_int_equal(r.ind[GV_WFA].method, GV_METHOD_WHO_RESTRICTED);
	tu_near(r.ind[GV_WFA].z, -6.591493834919607, 1e-9, "4.0 kg restricted");
	tu_near(r.ind[GV_WFA].z, -6.590184049079757, 0.002, "agrees with WHO's printed SD values");
	assert_int_equal(r.ind[GV_WFA].biv, -1);
	m.weight_kg = 5.0;
	r = score_m(GV_POLICY_AUTO, GV_MALE, 365, NAN, &m);
	tu_near(r.ind[GV_WFA].z, -5.364043523709626, 1e-9, "5.0 kg restricted");
	assert_int_equal(r.ind[GV_WFA].biv, 0);
	/* Length is not weight-based: plain LMS whatever the z. */
	m = meas(NAN, 60, 'L');
	r = score_m(GV_POLICY_AUTO, GV_MALE, 365, NAN, &m);
	assert_int_equal(r.ind[GV_LHFA].method, GV_METHOD_LMS);
	assert_true(r.ind[GV_LHFA].z < -6);
	assert_int_equal(r.ind[GV_LHFA].biv, -1);
}

/* Corrected age (AAP): born at 32+0 weeks = 224 days, 280 - 224 = 56 days early.
 * Chronological 700 d -> corrected 644 (wfa boys 644: M 11.5806 -> z 0).
 * Chronological 730 d (23.98 months) -> still corrected: 674 (M 11.7793).
 * Chronological 731 d (24.02 months) -> no longer corrected, CDC chart at 24.016 months. */
static void test_preterm_correction_at_24_months(void **state)
{
	(void)state;
	gv_measure m = meas(11.5806, NAN, 0);
	m.ga_weeks = 32;
	gv_result r = score_m(GV_POLICY_AUTO, GV_MALE, 700, NAN, &m);
	assert_true(r.corrected);
	tu_near(r.cage_days, 644, 0, "corrected age");
	tu_near(r.age_days, 700, 0, "chronological age kept");
	tu_near(r.ind[GV_WFA].z, 0, 1e-12, "scored at corrected age");

	m.weight_kg = 11.7793;
	r = score_m(GV_POLICY_AUTO, GV_MALE, 730, NAN, &m);
	assert_true(r.corrected);
	assert_int_equal(r.who_day, 674);
	tu_near(r.ind[GV_WFA].z, 0, 1e-12, "day 674");

	r = score_m(GV_POLICY_AUTO, GV_MALE, 731, NAN, &m);
	assert_false(r.corrected);
	assert_int_equal(r.ref, GV_CDC2000);
	tu_near(r.cage_months, 731 / 30.4375, 1e-12, "chronological");

	/* 36+6 weeks is preterm (< 37): 280 - 258 = 22 days. 37+0 is term. */
	m.ga_weeks = 36 + 6 / 7.0;
	r = score_m(GV_POLICY_AUTO, GV_MALE, 100, NAN, &m);
	tu_near(r.cage_days, 78, 0, "22 days");
	m.ga_weeks = 37;
	r = score_m(GV_POLICY_AUTO, GV_MALE, 100, NAN, &m);
	assert_false(r.corrected);

	/* Before term-corrected birth: the term standards do not apply.  On the term references only
	 * (o.intergrowth 0) nothing is scored; by default this visit (PMA 36+4) is on the
	 * INTERGROWTH-21st preterm standard (tests/core_preterm.c). */
	m.ga_weeks = 28;
	gv_options o;
	growth_default_options(&o);
	o.intergrowth = 0;
	m.sex = GV_MALE;
	m.age_days = 60; /* 60 - 84 = -24 days */
	assert_int_equal(growth_compute(&m, &o, &r), GV_OK);
	assert_true(r.warn & GV_W_BEFORE_TERM);
	assert_int_equal(r.ind[GV_WFA].status, GV_EPRETERM);
	r = score_m(GV_POLICY_AUTO, GV_MALE, 60, NAN, &m);
	assert_int_equal(r.ref, GV_REF_IG21_PNG);
	assert_int_equal(r.ind[GV_WFA].status, GV_OK);
}

/* CDC's worked examples on the extended BMI data-file page:
 * girl 114.5 months, BMI 21.2 -> z 1.4215, 92.2nd percentile (below P95: plain LMS);
 * boy 50.5 months, BMI 22.6 -> 99.7683rd percentile, z 2.83 (extended method). */
static void test_cdc_extended_bmi_examples(void **state)
{
	(void)state;
	gv_measure m = meas(NAN, NAN, 0);
	m.bmi = 21.2;
	gv_result r = score_m(GV_POLICY_AUTO, GV_FEMALE, NAN, 114.5, &m);
	assert_int_equal(r.bfa_ext_method, GV_METHOD_LMS);
	tu_near(r.z_bfa_ext, 1.4215, 5e-5, "girl z");
	tu_near(r.p_bfa_ext, 92.24144441924041, 1e-9, "girl percentile");
	tu_near(r.z_bfa_ext, r.ind[GV_BFA].z, 0, "same as LMS below P95");
	m.bmi = 22.6;
	r = score_m(GV_POLICY_AUTO, GV_MALE, NAN, 50.5, &m);
	assert_int_equal(r.bfa_ext_method, GV_METHOD_CDC_EXTENDED);
	tu_near(r.p_bfa_ext, 99.7683, 5e-5, "boy percentile");
	tu_near(r.z_bfa_ext, 2.8314464831728134, 1e-9, "boy z");
	/* Plain LMS (bmiagerev boys 50.5: L -1.850468473, M 15.58176458, S 0.072306081) says
	 * ((22.6/15.58176458)^-1.850468473 - 1)/(-1.850468473*0.072306081) = 3.718: far from 2.83. */
	tu_near(r.ind[GV_BFA].z, 3.717986731771288, 1e-9, "plain LMS z");
	assert_true(r.bmi_pct_p95 > 100);
}

/* Off the table: a status, never an extrapolated number. */
static void test_values_off_the_table(void **state)
{
	(void)state;
	gv_measure m = meas(2.0, 44.0, 'L'); /* WHO weight-for-length starts at 45 cm */
	m.muac_cm = 10;
	gv_result r = score_m(GV_POLICY_AUTO, GV_MALE, 30, NAN, &m);
	assert_int_equal(r.ind[GV_WFLH].status, GV_EX_RANGE);
	assert_int_equal(r.ind[GV_ACFA].status, GV_EAGE_RANGE); /* arm circumference from 91 days */
	assert_int_equal(r.ind[GV_WFA].status, GV_OK);
	m = meas(70, 175, 'H');
	m.head_cm = 55;
	m.muac_cm = 25;
	r = score_m(GV_POLICY_AUTO, GV_MALE, NAN, 240, &m); /* 20 years */
	assert_int_equal(r.ref, GV_REF_NONE);
	for (int i = 0; i < GV_NIND; i++)
		assert_int_equal(r.ind[i].status, GV_EAGE_RANGE);
	r = score_m(GV_POLICY_AUTO, GV_MALE, NAN, 40, &m);
	assert_int_equal(r.ind[GV_HCFA].status, GV_EAGE_RANGE); /* CDC head circumference to 36 months */
	assert_int_equal(r.ind[GV_ACFA].status, GV_ENOT_IN_REF); /* no CDC arm circumference chart */
	assert_int_equal(r.ind[GV_WFLH].status, GV_EX_RANGE);   /* 175 cm beyond weight-for-stature */
}

/* Oedema (WHO): weight-based indices are not computed; length is. */
static void test_oedema_suppresses_weight_based(void **state)
{
	(void)state;
	gv_measure m = meas(8, 70, 'L');
	m.oedema = 1;
	gv_result r = score_m(GV_POLICY_AUTO, GV_FEMALE, 300, NAN, &m);
	assert_int_equal(r.ind[GV_WFA].status, GV_EOEDEMA);
	assert_int_equal(r.ind[GV_BFA].status, GV_EOEDEMA);
	assert_int_equal(r.ind[GV_WFLH].status, GV_EOEDEMA);
	assert_int_equal(r.ind[GV_LHFA].status, GV_OK);
}

/* WHO anthro: a standing height before 9 months is implausible; position treated as unknown
 * (no +0.7) and flagged. */
static void test_standing_before_9_months(void **state)
{
	(void)state;
	gv_measure m = meas(NAN, 65, 'H');
	gv_result r = score_m(GV_POLICY_AUTO, GV_MALE, 200, NAN, &m);
	assert_true(r.warn & GV_W_STANDING_UNDER_9MO);
	tu_near(r.height_cm, 65, 0, "no conversion");
	r = score_m(GV_POLICY_AUTO, GV_MALE, 300, NAN, &m); /* 9.9 months: converted */
	assert_false(r.warn & GV_W_STANDING_UNDER_9MO);
	tu_near(r.height_cm, 65.7, 1e-12, "+0.7");
}

static void test_invalid_rows(void **state)
{
	(void)state;
	gv_measure m = meas(10, 80, 'L');
	gv_result r;
	m.age_days = 300;
	assert_int_equal(growth_compute(&m, NULL, &r), GV_EINVAL); /* sex unknown */
	m.sex = GV_FEMALE;
	m.age_days = NAN;
	assert_int_equal(growth_compute(&m, NULL, &r), GV_MISSING);
	m.age_days = -1;
	assert_int_equal(growth_compute(&m, NULL, &r), GV_EINVAL);
	m.age_days = 300;
	m.weight_kg = -2;
	assert_int_equal(growth_compute(&m, NULL, &r), GV_OK);
	assert_int_equal(r.ind[GV_WFA].status, GV_EINVAL);
}

/* A length/height that is no length (zero, negative, infinite) must not yield a BMI: the squared
 * height would turn -60 cm into a valid-looking BMI of 6 / 0.6^2 = 16.67 (z -0.23 at 100 days), and
 * WHO's +0.7 cm for a standing height before 731 days must not turn -0.5 cm into a scored 0.2 cm. */
static void test_invalid_height_gives_no_bmi(void **state)
{
	(void)state;
	const double bad[] = {-60, 0, -0.5, INFINITY, -INFINITY};
	for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
		gv_measure m = meas(6, bad[k], 'H');
		gv_result r = score_m(GV_POLICY_AUTO, GV_MALE, 300, NAN, &m);
		assert_true(isnan(r.bmi));
		assert_int_equal(r.ind[GV_BFA].status, GV_EINVAL);
		assert_int_equal(r.ind[GV_LHFA].status, GV_EINVAL);
		assert_int_not_equal(r.ind[GV_WFLH].status, GV_OK);
		tu_near(r.height_adj_cm, 0, 0, "no conversion of an invalid height");
		assert_int_equal(r.ind[GV_WFA].status, GV_OK); /* the weight itself is fine */
	}
	/* Weight missing, invalid height: BMI is simply not there. */
	gv_measure m = meas(NAN, -60, 'L');
	gv_result r = score_m(GV_POLICY_AUTO, GV_MALE, 300, NAN, &m);
	assert_true(isnan(r.bmi));
	assert_int_equal(r.ind[GV_BFA].status, GV_MISSING);
}

/* BIV cut-offs. WHO weight-for-age > +5 is implausible (anthro fwei); CDC height uses the
 * modified z with > +4 (CDC BIV table). statage boys 120 months: take M*(1 + 4.2*2*S)... simply
 * check the sign conventions: far above -> +1, far below -> -1. */
static void test_biv_flags(void **state)
{
	(void)state;
	gv_measure m = meas(30, NAN, 0);
	gv_result r = score_m(GV_POLICY_AUTO, GV_MALE, 365, NAN, &m);
	assert_int_equal(r.ind[GV_WFA].biv, 1);
	m = meas(NAN, 200, 'H');
	r = score_m(GV_POLICY_AUTO, GV_MALE, NAN, 120, &m);
	assert_true(r.ind[GV_LHFA].mz > 4);
	assert_int_equal(r.ind[GV_LHFA].biv, 1);
	m.height_cm = 140;
	r = score_m(GV_POLICY_AUTO, GV_MALE, NAN, 120, &m);
	assert_int_equal(r.ind[GV_LHFA].biv, 0);
}


/* CDC between 239.5 and 240 months: the SAS program's reference file pairs the 239.5 row with its
 * own 240-month weight row (refdata/cdc_sas/wtage_239_240.csv, boys: L -0.9160478, M 70.60105138,
 * S 0.161435032), not the public wtage.csv's (L -0.91648762, M 70.59761453, S 0.161476792).
 * Boy, 239.75 months, 70 kg: halfway, L -0.9178831305, M 70.576786325, S 0.1613323245:
 * z = ((70/M)^L - 1)/(L S) = -0.0510562609 (with the public row it would be -0.0508976581). */
static void test_cdc_weight_last_half_month_sas_row(void **state)
{
	(void)state;
	gv_measure m = meas(70, NAN, 0);
	gv_result r = score_m(GV_POLICY_AUTO, GV_MALE, NAN, 239.75, &m);
	assert_int_equal(r.ind[GV_WFA].table, T_CDC_WTAGE_SAS);
	tu_near(r.ind[GV_WFA].z, -0.0510562609278285, 1e-12, "SAS 240-month row");
	r = score_m(GV_POLICY_AUTO, GV_MALE, NAN, 239.5, &m); /* the shared 239.5 row: both tables agree */
	assert_int_equal(r.ind[GV_WFA].table, T_CDC_WTAGE_SAS);
	double z_sas = r.ind[GV_WFA].z;
	r = score_m(GV_POLICY_AUTO, GV_MALE, NAN, nextafter(239.5, 0), &m);
	assert_int_equal(r.ind[GV_WFA].table, T_CDC_WTAGE);
	tu_near(r.ind[GV_WFA].z, z_sas, 1e-12, "continuous at 239.5");
	/* stature and BMI keep the public tables (their 240 rows are the SAS program's too) */
	m = meas(70, 176, 'H');
	r = score_m(GV_POLICY_AUTO, GV_MALE, NAN, 239.75, &m);
	assert_int_equal(r.ind[GV_LHFA].table, T_CDC_STATAGE);
	assert_int_equal(r.ind[GV_BFA].table, T_CDC_BMIAGE);
	/* 240 months is 20 years: beyond the CDC charts */
	r = score_m(GV_POLICY_AUTO, GV_MALE, NAN, 240, &m);
	assert_int_equal(r.ind[GV_WFA].status, GV_EAGE_RANGE);
}

/* WHO Anthro decides implausible values on the z it reports, rounded to 2 decimals (anthro:
 * round(z, 2) before flag_zscore).  Weight-for-age boys day 365: z -6.0049 reports -6.00 (not
 * below -6), -6.0051 reports -6.01 (flagged); the same at +5 (weight), +/-6 (length), +/-5 (head). */
static void test_who_biv_on_rounded_z(void **state)
{
	(void)state;
	static const struct {
		gv_ind ind;
		ref_table_id t;
		double z;
		int biv;
	} cases[] = {
		{GV_WFA, T_WHO06_WFA, -6.0049, 0}, {GV_WFA, T_WHO06_WFA, -6.0051, -1},
		{GV_WFA, T_WHO06_WFA, 5.0049, 0},  {GV_WFA, T_WHO06_WFA, 5.0051, 1},
		{GV_LHFA, T_WHO06_LHFA, 6.0049, 0}, {GV_LHFA, T_WHO06_LHFA, 6.0051, 1},
		{GV_LHFA, T_WHO06_LHFA, -6.0049, 0}, {GV_LHFA, T_WHO06_LHFA, -6.0051, -1},
		{GV_HCFA, T_WHO06_HCFA, -5.0049, 0}, {GV_HCFA, T_WHO06_HCFA, -5.0051, -1},
		{GV_HCFA, T_WHO06_HCFA, 5.0049, 0},  {GV_HCFA, T_WHO06_HCFA, 5.0051, 1},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		double v;
		assert_int_equal(growth_value_at(cases[i].t, GV_MALE, 365, cases[i].z, &v), GV_OK);
		gv_measure m = meas(NAN, NAN, 'L');
		if (cases[i].ind == GV_WFA)
			m.weight_kg = v;
		else if (cases[i].ind == GV_LHFA)
			m.height_cm = v;
		else
			m.head_cm = v;
		gv_result r = score_m(GV_POLICY_AUTO, GV_MALE, 365, NAN, &m);
		const gv_ind_result *ir = &r.ind[cases[i].ind];
		tu_near(ir->z, cases[i].z, 1e-9, "z kept unrounded");
		if (ir->biv != cases[i].biv)
			fail_msg("%s z %.4f: biv %d, want %d", refs_ind_name(cases[i].ind), cases[i].z, ir->biv,
				 cases[i].biv);
	}
	tu_near(growth_who_z2(-6.0049), -6.0, 0, "rounds to -6.00");
	tu_near(growth_who_z2(-6.0051), -6.01, 0, "rounds to -6.01");
	tu_near(growth_who_z2(5.0051), 5.01, 0, "rounds to +5.01");
}

/* The value on table t (boys, at x) farthest from the median whose modified z is still within
 * the cut-off: exactly `cut` when the doubles allow it (*exact = 1); found by stepping ulps from
 * the algebraic value, so the test sits on the cut-off itself. */
static double at_mod_z(ref_table_id t, gv_sex sex, double x, double cut, int *exact)
{
	lms p;
	assert_int_equal(refs_lms(t, sex, x, &p), GV_OK);
	double half = cut > 0 ? 0.5 * (lms_value(2, p) - p.m) : 0.5 * (p.m - lms_value(-2, p));
	double v = p.m + cut * half, out = cut > 0 ? INFINITY : 0, in = cut > 0 ? 0 : INFINITY;
	/* step back inside (|mz| <= |cut|), then outwards while the next value stays inside */
	for (int k = 0; k < 64 && fabs(lms_mod_z(v, p)) > fabs(cut); k++)
		v = nextafter(v, in);
	for (int k = 0; k < 64 && fabs(lms_mod_z(nextafter(v, out), p)) <= fabs(cut); k++)
		v = nextafter(v, out);
	*exact = lms_mod_z(v, p) == cut;
	return v;
}

/* CDC's BIV cut-offs on the modified z, at the cut-off itself: a value exactly at it is not
 * implausible (the SAS program flags mz < lo or mz > hi), the next representable one beyond is.
 * Stature > +4 and < -5, weight > +8 and < -5, BMI < -4 and > +8, head +/-5, weight-for-stature
 * < -4 and > +8; a boy of 10 years (head: 30 months; weight-for-stature at 110 cm). */
static void test_cdc_biv_at_the_cut_off(void **state)
{
	(void)state;
	static const struct {
		gv_ind ind;
		ref_table_id t;
		double cut;
	} cases[] = {
		{GV_LHFA, T_CDC_STATAGE, 4}, {GV_LHFA, T_CDC_STATAGE, -5}, {GV_WFA, T_CDC_WTAGE, 8},
		{GV_WFA, T_CDC_WTAGE, -5},   {GV_BFA, T_CDC_BMIAGE, -4},   {GV_BFA, T_CDC_BMIAGE, 8},
		{GV_HCFA, T_CDC_HCAGEINF, 5}, {GV_HCFA, T_CDC_HCAGEINF, -5}, {GV_WFLH, T_CDC_WTSTAT, -4},
		{GV_WFLH, T_CDC_WTSTAT, 8},
	};
	int nexact = 0;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		double months = cases[i].ind == GV_HCFA ? 30 : 120, height = 110;
		double x = cases[i].ind == GV_WFLH ? height : months;
		int exact;
		double v = at_mod_z(cases[i].t, GV_MALE, x, cases[i].cut, &exact);
		nexact += exact;
		/* the first value beyond the cut-off, a few ulps away (several doubles share a modified z) */
		lms p;
		assert_int_equal(refs_lms(cases[i].t, GV_MALE, x, &p), GV_OK);
		double beyond = v;
		for (int k = 0; k < 64 && !(cases[i].cut > 0 ? lms_mod_z(beyond, p) > cases[i].cut
							      : lms_mod_z(beyond, p) < cases[i].cut); k++)
			beyond = nextafter(beyond, cases[i].cut > 0 ? INFINITY : 0);
		assert_true(fabs(beyond - v) < 1e-9 * v);
		for (int side = 0; side < 2; side++) {
			double val = side ? beyond : v;
			gv_measure m = meas(NAN, NAN, 'H');
			switch (cases[i].ind) {
			case GV_WFA: m.weight_kg = val; break;
			case GV_LHFA: m.height_cm = val; break;
			case GV_HCFA: m.head_cm = val; break;
			case GV_WFLH: m.weight_kg = val, m.height_cm = height; break;
			default: m.bmi = val; break;
			}
			gv_result r = score_m(GV_POLICY_AUTO, GV_MALE, NAN, months, &m);
			const gv_ind_result *ir = &r.ind[cases[i].ind];
			assert_int_equal(ir->status, GV_OK);
			int want = side ? (cases[i].cut > 0 ? 1 : -1) : 0;
			if (ir->biv != want)
				fail_msg("%s modified z %.17g (cut-off %g): biv %d, want %d", refs_ind_name(cases[i].ind),
					 ir->mz, cases[i].cut, ir->biv, want);
			if (!side && exact)
				tu_near(ir->mz, cases[i].cut, 0, "exactly at the cut-off");
		}
	}
	/* the edges are really tested on the cut-off for most of them (doubles permitting) */
	print_message("    %d of 10 cut-offs hit exactly\n", nexact);
	assert_true(nexact >= 7);
}

/* WHO 2006 tables are by whole day: an exact age is rounded half up (anthro round_up()).
 * growth_age_x itself, at x.5 and just below it. */
static void test_who_day_rounding_at_half(void **state)
{
	(void)state;
	tu_near(growth_age_x(T_WHO06_WFA, 100.5), 101, 0, "100.5 -> 101");
	tu_near(growth_age_x(T_WHO06_WFA, nextafter(100.5, 0)), 100, 0, "just below 100.5 -> 100");
	tu_near(growth_age_x(T_WHO06_LHFA, 730.5), 731, 0, "730.5 -> 731 (height table)");
	tu_near(growth_age_x(T_WHO06_HCFA, 0.5), 1, 0, "0.5 -> 1");
	tu_near(growth_age_x(T_WHO06_HCFA, 0.49), 0, 0, "0.49 -> 0");
	/* CDC and WHO 2007 tables take months, not rounded days */
	tu_near(growth_age_x(T_CDC_WTAGE, 100.5 * 30.4375), 100.5, 1e-12, "CDC months");
	assert_true(isnan(growth_age_x(T_WHO06_WFL, 100.5)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_length_height_switch_730_731),
		cmocka_unit_test(test_exactly_24_months),
		cmocka_unit_test(test_recumbent_length_on_cdc_stature_chart),
		cmocka_unit_test(test_60_and_61_months),
		cmocka_unit_test(test_restricted_far_below_minus_3),
		cmocka_unit_test(test_preterm_correction_at_24_months),
		cmocka_unit_test(test_cdc_extended_bmi_examples),
		cmocka_unit_test(test_values_off_the_table),
		cmocka_unit_test(test_oedema_suppresses_weight_based),
		cmocka_unit_test(test_standing_before_9_months),
		cmocka_unit_test(test_invalid_rows),
		cmocka_unit_test(test_invalid_height_gives_no_bmi),
		cmocka_unit_test(test_biv_flags),
		cmocka_unit_test(test_cdc_weight_last_half_month_sas_row),
		cmocka_unit_test(test_who_biv_on_rounded_z),
		cmocka_unit_test(test_cdc_biv_at_the_cut_off),
		cmocka_unit_test(test_who_day_rounding_at_half),
	};
	return cmocka_run_group_tests_name("core_growth", tests, NULL, NULL);
}
