/* core_oracle.c — reproduce CDC's own SAS growth-chart program (2022 version, extended BMI) on
 * the 17,191 children of ../shared/oracles/cdc_sas_reference.csv: weight, height, BMI (plain and
 * extended), modified z, BIV flags and weight-for-stature, to 1e-6.
 *
 * Inputs are scored as the SAS program was run: age in months as given, BMI as given (not
 * recomputed), CDC charts from 24 months.  The one allowed difference: where the interpolated
 * stature L is within 0.01 of zero the SAS program switches to log(x/M)/S (an approximation);
 * growthview uses the exact Box-Cox formula, so those rows are compared at 1e-3 (oracles/README). */
#include "tests/testutil.h"

#include "core/growth.h"

static void check_flag(double sas, int mine, const char *what, long line)
{
	if (isnan(sas))
		return;
	if ((int)sas != mine) /* SAS codes -1 implausibly low, +1 high, as growthview does */
		fail_msg("line %ld: %s: SAS %d, growthview %d", line, what, (int)sas, mine);
}

static void test_cdc_sas_oracle(void **state)
{
	(void)state;
	tu_need_shared("oracles/cdc_sas_reference.csv");
	tu_csv *c = tu_csv_open("%s/oracles/cdc_sas_reference.csv", tu_shared());
	int csex = tu_csv_col(c, "sex"), cage = tu_csv_col(c, "agemos"), cwt = tu_csv_col(c, "weight_kg");
	int cht = tu_csv_col(c, "height_cm"), cbmi = tu_csv_col(c, "bmi");
	int waz = tu_csv_col(c, "sas_waz"), wapct = tu_csv_col(c, "sas_wapct"), mwaz = tu_csv_col(c, "sas_mod_waz");
	int bivwt = tu_csv_col(c, "sas_bivwt");
	int haz = tu_csv_col(c, "sas_haz"), hapct = tu_csv_col(c, "sas_hapct"), mhaz = tu_csv_col(c, "sas_mod_haz");
	int bivht = tu_csv_col(c, "sas_bivht");
	int bmiz = tu_csv_col(c, "sas_bmiz"), bmipct = tu_csv_col(c, "sas_bmipct"), mbmiz = tu_csv_col(c, "sas_mod_bmiz");
	int bivbmi = tu_csv_col(c, "sas_bivbmi"), obmiz = tu_csv_col(c, "sas_original_bmiz");
	int obmipct = tu_csv_col(c, "sas_original_bmipct"), bmi50 = tu_csv_col(c, "sas_bmi50");
	int bmi95 = tu_csv_col(c, "sas_bmi95"), bmip95 = tu_csv_col(c, "sas_bmip95"), bmi120 = tu_csv_col(c, "sas_bmi120");
	int whz = tu_csv_col(c, "sas_whz"), whpct = tu_csv_col(c, "sas_whpct"), mwhz = tu_csv_col(c, "sas_mod_whz");
	int bivwh = tu_csv_col(c, "sas_bivwh");

	gv_options o;
	growth_default_options(&o);
	o.policy = GV_POLICY_CDC;
	long rows = 0, loose = 0, ext = 0, wh = 0, bivs = 0;
	double maxdiff = 0;
	while (tu_csv_next(c)) {
		gv_measure m;
		growth_measure_init(&m);
		m.sex = (gv_sex)(int)tu_num(c, csex);
		m.age_months = tu_num(c, cage);
		m.weight_kg = tu_num(c, cwt);
		m.height_cm = tu_num(c, cht);
		m.bmi = tu_num(c, cbmi);
		gv_result r;
		assert_int_equal(growth_compute(&m, &o, &r), GV_OK);
		assert_int_equal(r.ref, GV_CDC2000);
		long ln = c->lineno;
#define CMP(mine, col, tol)                                                                        \
	do {                                                                                       \
		double want_ = tu_num(c, col);                                                     \
		if (!isnan(want_)) {                                                               \
			double d_ = fabs((mine) - want_);                                          \
			if (d_ > maxdiff && (tol) <= 1e-6)                                         \
				maxdiff = d_;                                                      \
			tu_near(mine, want_, tol, "line %ld %s", ln, c->hdr[col]);                \
		}                                                                                  \
	} while (0)
		const gv_ind_result *w = &r.ind[GV_WFA], *h = &r.ind[GV_LHFA], *b = &r.ind[GV_BFA];
		CMP(w->z, waz, 1e-6);
		CMP(w->p, wapct, 1e-6);
		CMP(w->mz, mwaz, 1e-6);
		check_flag(tu_num(c, bivwt), w->biv, "bivwt", ln);

		lms p;
		assert_int_equal(refs_lms(T_CDC_STATAGE, m.sex, m.age_months, &p), GV_OK);
		double htol = fabs(p.l) < 0.01 ? 1e-3 : 1e-6;
		loose += htol > 1e-6;
		CMP(h->z, haz, htol);
		CMP(h->p, hapct, htol * 100);
		CMP(h->mz, mhaz, 1e-6);
		check_flag(tu_num(c, bivht), h->biv, "bivht", ln);

		CMP(r.z_bfa_ext, bmiz, 1e-6);
		CMP(r.p_bfa_ext, bmipct, 1e-6);
		CMP(b->mz, mbmiz, 1e-6);
		check_flag(tu_num(c, bivbmi), b->biv, "bivbmi", ln);
		CMP(b->z, obmiz, 1e-6);
		CMP(b->p, obmipct, 1e-6);
		lms pb;
		assert_int_equal(refs_lms(T_CDC_BMIAGE, m.sex, m.age_months, &pb), GV_OK);
		CMP(pb.m, bmi50, 1e-6);
		CMP(r.bmi_p95_value, bmi95, 1e-6);
		CMP(r.bmi_pct_p95, bmip95, 1e-6);
		CMP(1.2 * r.bmi_p95_value, bmi120, 1e-6);
		ext += r.bfa_ext_method == GV_METHOD_CDC_EXTENDED;

		const gv_ind_result *x = &r.ind[GV_WFLH];
		if (!isnan(tu_num(c, whz))) {
			wh++;
			assert_int_equal(x->status, GV_OK);
			CMP(x->z, whz, 1e-6);
			CMP(x->p, whpct, 1e-6);
			CMP(x->mz, mwhz, 1e-6);
			check_flag(tu_num(c, bivwh), x->biv, "bivwh", ln);
		} else {
			/* SAS leaves weight-for-stature empty outside 77-121.5 cm: so must we. */
			if (x->status == GV_OK)
				fail_msg("line %ld: weight-for-stature computed at %.1f cm, SAS has none", ln, m.height_cm);
		}
		bivs += (w->biv != 0) + (h->biv != 0) + (b->biv != 0) + (x->biv != 0);
		rows++;
	}
	tu_csv_close(c);
	print_message("CDC SAS oracle: %ld rows, %ld extended-BMI rows, %ld weight-for-stature rows, "
		      "%ld BIV flags, %ld height rows at 1e-3 (|L| < 0.01); max |diff| elsewhere %.2e\n",
		      rows, ext, wh, bivs, loose, maxdiff);
	assert_int_equal(rows, 17191);
	assert_true(ext > 100);    /* the extended method is really exercised */
	assert_int_equal(wh, 7685); /* README: 7,685 rows with weight-for-stature */
	assert_true(bivs > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cdc_sas_oracle),
	};
	return cmocka_run_group_tests_name("core_oracle", tests, NULL, NULL);
}
