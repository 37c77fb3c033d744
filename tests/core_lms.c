/* core_lms.c — the LMS formulas, the normal distribution and the publishers' worked examples.
 * Expected numbers were computed by hand from the published formulas (arithmetic in comments). */
#include "tests/testutil.h"

#include "core/lms.h"

/* Phi and its inverse: published values and round trips deep into both tails. */
static void test_normal_distribution(void **state)
{
	(void)state;
	tu_near(lms_qnorm(0.975), 1.959963984540054, 1e-15, "q(0.975)");
	tu_near(lms_qnorm(0.95), 1.6448536269514722, 1e-15, "q(0.95)");
	tu_near(lms_qnorm(0.5), 0.0, 0, "q(0.5)");
	tu_near(lms_pnorm(-1.96), 0.024997895148220435, 1e-17, "Phi(-1.96)");
	tu_near(lms_pnorm(-10), 7.619853024160527e-24, 1e-36, "Phi(-10): erfc keeps the tail");
	tu_near(lms_pnorm_upper(10), 7.619853024160527e-24, 1e-36, "1-Phi(10)");
	tu_near(lms_centile(0), 50, 1e-13, "centile(0)");
	for (double lp = -300; lp < 0; lp += 0.37) {
		double p = pow(10, lp);
		/* relative error of Phi grows like z^2 * eps: 1e-12 at z = -37 */
		tu_near(lms_pnorm(lms_qnorm(p)) / p, 1, 1e-12, "Phi(q(p)) at p=1e%g", lp);
		tu_near(lms_pnorm_upper(lms_qnorm_upper(p)) / p, 1, 1e-12, "upper round trip at 1e%g", lp);
	}
	for (double p = 0.001; p < 1; p += 0.001)
		tu_near(lms_pnorm(lms_qnorm(p)), p, 1e-15, "round trip at %g", p);
	assert_true(isinf(lms_qnorm(0)) && lms_qnorm(0) < 0);
	assert_true(isnan(lms_qnorm(1.5)));
	assert_true(isinf(lms_qnorm_upper(0)));
}

/* CDC's own example ("Percentile Data Files with LMS Values"): a 9-month-old boy, wtageinf row
 * agemos 9.5: L = -0.1600954, M = 9.476500305, S = 0.11218624.  9.7 kg:
 *   z = ((9.7/9.476500305)^-0.1600954 - 1)/(-0.1600954*0.11218624) = 0.2074 -> 58th percentile;
 *   the 5th percentile (z = -1.6449) is 9.4765*(1 - 0.1600954*0.11218624*-1.6449)^(1/-0.1600954) = 7.90 kg. */
static void test_cdc_worked_example(void **state)
{
	(void)state;
	lms p = {-0.1600954, 9.476500305, 0.11218624};
	tu_near(lms_z(9.7, p), 0.2073994118625263, 1e-12, "z");
	tu_near(lms_centile(lms_z(9.7, p)), 58.215102905981155, 1e-10, "percentile");
	tu_near(lms_value(lms_qnorm(0.05), p), 7.900755165306871, 1e-12, "P5");
}

/* L = 0: the log form; and the inverse gives back the value for every L sign. */
static void test_box_cox_both_forms_and_inverse(void **state)
{
	(void)state;
	lms p0 = {0, 10, 0.1};
	tu_near(lms_z(10 * exp(0.25), p0), 2.5, 1e-14, "ln(x/M)/S");
	tu_near(lms_value(-1.5, p0), 10 * exp(-0.15), 1e-13, "M exp(S z)");
	/* Small L: continuous with L = 0 (the SAS program switches formula at |L| < 0.01). */
	lms ps = {1e-9, 10, 0.1};
	tu_near(lms_z(12, ps), lms_z(12, p0), 1e-8, "L -> 0");
	const double ls[] = {-2.3, -0.5, 0.003, 1, 1.8};
	for (size_t i = 0; i < sizeof ls / sizeof ls[0]; i++) {
		lms p = {ls[i], 16.5, 0.12};
		for (double z = -3; z <= 3; z += 0.25)
			tu_near(lms_z(lms_value(z, p), p), z, 1e-12, "L=%g z=%g", ls[i], z);
	}
	assert_true(isnan(lms_z(0, p0)));
	assert_true(isnan(lms_z(-1, p0)));
	lms bad = {-2, 16, 0.2}; /* 1 + L*S*z <= 0 at z = 2.5: no value there */
	assert_true(isnan(lms_value(2.5, bad)));
}

/* WHO, "Computation of centiles and z-scores ... BMI-for-age" (2007 reference), boys:
 *  132 mo (L -1.7862, M 16.9392, S 0.11070), BMI 30: z = 3.24; beyond +3 SD,
 *    SD3 = 16.9392*(1 + -1.7862*0.1107*3)^(1/-1.7862) = 25.9 ..., z* = 3 + (30 - SD3)/(SD3 - SD2) = 3.35
 *  192 mo (L -1.3529, M 20.4951, S 0.12579), BMI 14: z = -3.96, z* = -3.79
 *  (WHO prints -3.80 because it rounds SD2/SD3 to 2 decimals first: refdata/README.md)
 *  108 mo (L -1.6318, M 16.0490, S 0.10038), BMI 19: z = 1.47 (no restriction within +/-3). */
static void test_who2007_worked_examples(void **state)
{
	(void)state;
	lms a = {-1.7862, 16.9392, 0.11070}, b = {-1.3529, 20.4951, 0.12579}, c = {-1.6318, 16.0490, 0.10038};
	tu_near(lms_z(30, a), 3.2353902101095855, 1e-12, "132 mo z");
	tu_near(lms_z_restricted(30, a), 3.35390255606726, 1e-12, "132 mo z*");
	tu_near(lms_z(14, b), -3.9645435351654656, 1e-12, "192 mo z");
	tu_near(lms_z_restricted(14, b), -3.794790928768083, 1e-12, "192 mo z*");
	tu_near(lms_z_restricted(19, c), 1.4698319520484722, 1e-12, "108 mo");
	/* Inverse of the restricted rule: linear in z beyond 3 SD. */
	tu_near(lms_value_restricted(lms_z_restricted(30, a), a), 30, 1e-12, "restricted round trip");
	tu_near(lms_value_restricted(-4.5, b), lms_value(-3, b) - 1.5 * (lms_value(-2, b) - lms_value(-3, b)), 1e-12,
		"restricted inverse below -3");
}

/* CDC modified z (BIV cut-offs): half the distance from M to the +/-2 z value is one unit.
 * With L = 1, M = 100, S = 0.1: the +2 z value is 120, so x = 130 -> (130-100)/(0.5*20) = 3;
 * the -2 z value is 80, x = 60 -> (60-100)/(0.5*20) = -4. */
static void test_modified_z(void **state)
{
	(void)state;
	lms p = {1, 100, 0.1};
	tu_near(lms_mod_z(130, p), 3, 1e-12, "above M");
	tu_near(lms_mod_z(60, p), -4, 1e-12, "below M");
	tu_near(lms_mod_z(100, p), 0, 0, "at M");
	/* Skewed (L = -1): the two sides use different half-distances. */
	lms q = {-1, 10, 0.1}; /* +2 z: 10/(1-0.2) = 12.5; -2 z: 10/1.2 = 8.3333 */
	tu_near(lms_mod_z(12.5, q), 2, 1e-12, "skewed above");
	tu_near(lms_mod_z(10 / 1.2, q), -2, 1e-12, "skewed below");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normal_distribution),
		cmocka_unit_test(test_cdc_worked_example),
		cmocka_unit_test(test_box_cox_both_forms_and_inverse),
		cmocka_unit_test(test_who2007_worked_examples),
		cmocka_unit_test(test_modified_z),
	};
	return cmocka_run_group_tests_name("core_lms", tests, NULL, NULL);
}
