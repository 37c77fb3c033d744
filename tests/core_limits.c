/* core_limits.c — the one physical-limits table: every edge accepted, the next value past it
 * refused, NAN and infinities, visits and patients, the oldest-birth warning. */
#include "tests/testutil.h"

#include "core/age.h"
#include "core/limits.h"

static void test_edges(void **state)
{
	(void)state;
	static const struct {
		lim_qty q;
		double lo, hi;
		const char *unit;
	} want[] = {
		{LIM_WEIGHT, 0.2, 250, "kg"},          {LIM_HEIGHT, 20, 250, "cm"},
		{LIM_HEAD, 15, 70, "cm"},              {LIM_MUAC, 5, 60, "cm"},
		{LIM_TRICEPS, 0.5, 100, "mm"},         {LIM_SUBSCAP, 0.5, 100, "mm"},
		{LIM_PARENT_HEIGHT, 100, 250, "cm"},   {LIM_GA_WEEKS, 20, 44, "weeks"},
		{LIM_AGE_DAYS, 0, 44724, "days"},
	};
	assert_int_equal(sizeof want / sizeof want[0], LIM_N);
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		const lim_range *l = limits_of(want[i].q);
		assert_true(l->lo == want[i].lo && l->hi == want[i].hi);
		assert_string_equal(l->unit, want[i].unit);
		/* Both edges are in; the next double past either is out. */
		assert_true(limits_ok(want[i].q, want[i].lo));
		assert_true(limits_ok(want[i].q, want[i].hi));
		assert_false(limits_ok(want[i].q, nextafter(want[i].lo, -INFINITY)));
		assert_false(limits_ok(want[i].q, nextafter(want[i].hi, INFINITY)));
		assert_false(limits_ok(want[i].q, NAN));
		assert_false(limits_ok(want[i].q, INFINITY));
		assert_false(limits_ok(want[i].q, -INFINITY));
	}
	/* The values of the issue: 0.0001 kg, a 1e308-day age, a 5.09 cm length. */
	assert_false(limits_ok(LIM_WEIGHT, 0.0001));
	assert_false(limits_ok(LIM_AGE_DAYS, 1e308));
	assert_false(limits_ok(LIM_HEIGHT, 5.09));
}

static void test_visit_and_patient(void **state)
{
	(void)state;
	gv_visit v;
	record_visit_init(&v);
	lim_qty q = LIM_N;
	assert_true(limits_visit_ok(&v, &q)); /* nothing measured: nothing outside */
	assert_int_equal(q, LIM_N);
	v.weight_kg = 3.2, v.height_cm = 50, v.head_cm = 35, v.muac_cm = 11, v.triceps_mm = 5, v.subscap_mm = 4;
	assert_true(limits_visit_ok(&v, &q));
	static const lim_qty order[] = {LIM_WEIGHT, LIM_HEIGHT, LIM_HEAD, LIM_MUAC, LIM_TRICEPS, LIM_SUBSCAP};
	for (size_t i = 0; i < 6; i++) {
		gv_visit w = v;
		double *x = i == 0 ? &w.weight_kg : i == 1 ? &w.height_cm : i == 2 ? &w.head_cm : i == 3 ? &w.muac_cm
			    : i == 4 ? &w.triceps_mm : &w.subscap_mm;
		*x = limits_of(order[i])->hi * 2;
		assert_false(limits_visit_ok(&w, &q));
		assert_int_equal(q, order[i]);
		assert_true(limits_visit_value(&w, order[i]) == *x);
	}
	assert_true(isnan(limits_visit_value(&v, LIM_AGE_DAYS)));

	gv_patient p;
	record_patient_init(&p);
	assert_true(limits_patient_ok(&p, &q)); /* ga unknown, parents unknown */
	p.ga_weeks = 19;
	assert_false(limits_patient_ok(&p, &q));
	assert_int_equal(q, LIM_GA_WEEKS);
	p.ga_weeks = 44;
	assert_true(limits_patient_ok(&p, &q));
	p.mother_height_cm = 99.9;
	assert_false(limits_patient_ok(&p, &q));
	assert_int_equal(q, LIM_PARENT_HEIGHT);
	p.mother_height_cm = 100;
	p.father_height_cm = 250.1;
	assert_false(limits_patient_ok(&p, &q));
}

static void test_oldest_birth(void **state)
{
	(void)state;
	int32_t today = age_days_from_civil(2025, 1, 1);
	/* Born 1800: 225 years; born 1903: 122 years: plausible (the oldest lived 122 y 164 d). */
	assert_true(limits_birth_unlikely(age_days_from_civil(1800, 1, 1), today));
	assert_false(limits_birth_unlikely(age_days_from_civil(1903, 1, 1), today));
	assert_false(limits_birth_unlikely(today - LIMITS_OLDEST_DAYS, today));
	assert_true(limits_birth_unlikely(today - LIMITS_OLDEST_DAYS - 1, today));
	assert_false(limits_birth_unlikely(today, today));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_edges),
		cmocka_unit_test(test_visit_and_patient),
		cmocka_unit_test(test_oldest_birth),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
