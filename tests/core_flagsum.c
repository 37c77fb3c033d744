/* core_flagsum.c — the rules of a child's flag summary (core/flagsum.h): the severity codes, which
 * flags are open (current and not acknowledged), acknowledgement through a covering flag of the
 * same finding, and the summary of a real child's computed flags. */
#include "tests/testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/flagsum.h"

static const int32_t D0 = 16436; /* 2015-01-01 */

/* A child whose last visit is at day `last` (the visits' values do not matter to the summary). */
typedef struct kid {
	gv_child c;
	gv_visit v[3];
} kid;

static void kid_make(kid *k, int32_t last)
{
	memset(k, 0, sizeof *k);
	record_patient_init(&k->c.p);
	k->c.p.sex = GV_FEMALE;
	k->c.p.birth_date = D0;
	for (int i = 0; i < 3; i++) {
		record_visit_init(&k->v[i]);
		k->v[i].date = D0 + (last - D0) * i / 2;
		k->v[i].weight_kg = 4.0 + i;
	}
	k->c.v = k->v;
	k->c.nv = 3;
}

static gv_flag flag(const char *rule, gv_severity s, int32_t date)
{
	gv_flag f;
	memset(&f, 0, sizeof f);
	f.rule = rule;
	f.severity = s;
	f.date = f.date_from = date;
	return f;
}

static gv_ack ack(const char *rule, int32_t date)
{
	gv_ack a;
	memset(&a, 0, sizeof a);
	snprintf(a.rule, sizeof a.rule, "%s", rule);
	a.visit_date = date;
	return a;
}

static void test_codes(void **state)
{
	(void)state;
	/* The codes the store keeps and the list sorts by: 1 info, 2 check, 3 moderate, 4 severe. */
	assert_int_equal(flagsum_code(GV_SEV_INFO), 1);
	assert_int_equal(flagsum_code(GV_SEV_CHECK), 2);
	assert_int_equal(flagsum_code(GV_SEV_MODERATE), 3);
	assert_int_equal(flagsum_code(GV_SEV_SEVERE), 4);
}

static void test_current_and_history(void **state)
{
	(void)state;
	kid k;
	int32_t last = D0 + 1000;
	kid_make(&k, last);
	gv_flag f[4] = {
		flag("wfa_below_m2sd", GV_SEV_MODERATE, last),                          /* current */
		flag("hcfa_below_m3sd", GV_SEV_SEVERE, last - GV_FLAGS_CURRENT_DAYS - 1), /* history: a day too old */
		flag("bmi_above_p85", GV_SEV_INFO, last - GV_FLAGS_CURRENT_DAYS),       /* current: at the edge */
		flag("implausible_value", GV_SEV_CHECK, last - 10),                     /* current */
	};
	int sev = -1, cnt = -1;
	flagsum_summarise(&k.c, f, 4, NULL, 0, &sev, &cnt);
	assert_int_equal(cnt, 3);
	assert_int_equal(sev, 3); /* the severe one is history */
	flagsum_summarise(&k.c, f + 1, 1, NULL, 0, &sev, &cnt);
	assert_int_equal(cnt, 0);
	assert_int_equal(sev, 0);
	/* No visits: nothing is open. */
	k.c.nv = 0;
	flagsum_summarise(&k.c, f, 4, NULL, 0, &sev, &cnt);
	assert_int_equal(cnt, 0);
	assert_int_equal(sev, 0);
}

static void test_acknowledged(void **state)
{
	(void)state;
	kid k;
	int32_t last = D0 + 1000;
	kid_make(&k, last);
	gv_flag f[3] = {
		flag("wfa_below_m2sd", GV_SEV_MODERATE, last),
		flag("implausible_value", GV_SEV_CHECK, last - 10),
		flag("bmi_above_p85", GV_SEV_INFO, last - 20),
	};
	gv_ack a[2] = {ack("wfa_below_m2sd", last), ack("implausible_value", last - 11)};
	assert_true(flagsum_acked(&f[0], a, 2));
	assert_false(flagsum_acked(&f[1], a, 2)); /* another visit's acknowledgement */
	assert_false(flagsum_acked(&f[2], a, 2));
	gv_ack later = ack("bmi_above_p85", last - 19), earlier = ack("bmi_above_p85", last - 21);
	assert_false(flagsum_acked(&f[2], &later, 1)); /* the same rule at another visit, either side */
	assert_false(flagsum_acked(&f[2], &earlier, 1));
	int sev, cnt;
	flagsum_summarise(&k.c, f, 3, a, 2, &sev, &cnt);
	assert_int_equal(cnt, 2);
	assert_int_equal(sev, 2);
	a[1].visit_date = last - 10;
	flagsum_summarise(&k.c, f, 3, a, 2, &sev, &cnt);
	assert_int_equal(cnt, 1);
	assert_int_equal(sev, 1);
}

static void test_covered(void **state)
{
	(void)state;
	kid k;
	int32_t last = D0 + 1000;
	kid_make(&k, last);
	/* Acknowledging severe microcephaly covers the (milder) microcephaly of the visits up to it,
	 * not that of a later visit. */
	gv_flag f[3] = {
		flag("hcfa_below_m3sd", GV_SEV_SEVERE, last - 100),
		flag("hcfa_below_m2sd", GV_SEV_MODERATE, last - 100),
		flag("hcfa_below_m2sd", GV_SEV_MODERATE, last),
	};
	gv_ack a = ack("hcfa_below_m3sd", last - 100);
	assert_true(flagsum_acked_in(f, 3, 0, &a, 1));
	assert_true(flagsum_acked_in(f, 3, 1, &a, 1));
	assert_false(flagsum_acked_in(f, 3, 2, &a, 1));
	assert_false(flagsum_acked(&f[1], &a, 1)); /* only through the covering flag */
	int sev, cnt;
	flagsum_summarise(&k.c, f, 3, &a, 1, &sev, &cnt);
	assert_int_equal(cnt, 1);
	assert_int_equal(sev, 3);
	/* Acknowledging the milder one covers nothing above it. */
	gv_ack m = ack("hcfa_below_m2sd", last - 100);
	assert_false(flagsum_acked_in(f, 3, 0, &m, 1));
	flagsum_summarise(&k.c, f, 3, &m, 1, &sev, &cnt);
	assert_int_equal(cnt, 2);
	assert_int_equal(sev, 4);
}

static void test_child(void **state)
{
	(void)state;
	/* A real girl: 3.2 kg at birth, then 6.6 kg at 350 days and 8.5 kg at 700 days, between -3
	 * and -2 SD of WHO weight-for-age (about 7.0 / 6.3 kg at 11.5 months, 8.9 / 8.1 kg at 23
	 * months): moderate underweight, open at the last visit.  flagsum_child computes the flags and
	 * summarises them as flagsum_summarise does over flags_compute's. */
	kid k;
	kid_make(&k, D0 + 700);
	k.v[0].weight_kg = 3.2;
	k.v[1].weight_kg = 6.6;
	k.v[2].weight_kg = 8.5;
	gv_flag *scratch = NULL;
	size_t cap = 0;
	int sev = -1, cnt = -1;
	assert_int_equal(flagsum_child(&k.c, NULL, NULL, 0, &scratch, &cap, &sev, &cnt), 0);
	gv_flag f[64];
	size_t n = 0;
	assert_int_equal(flags_compute(&k.c, NULL, f, 64, &n), GV_OK);
	int sev2, cnt2;
	flagsum_summarise(&k.c, f, n, NULL, 0, &sev2, &cnt2);
	int underweight = 0;
	for (size_t i = 0; i < n; i++)
		underweight |= strcmp(f[i].rule, "wfa_below_m2sd") == 0 && f[i].date == D0 + 700;
	assert_true(underweight);
	assert_true(cnt > 0);
	assert_int_equal(sev, 3); /* moderate: nothing severe */
	assert_int_equal(sev, sev2);
	assert_int_equal(cnt, cnt2);
	/* Unknown sex: the engine cannot flag, nothing is open. */
	k.c.p.sex = GV_SEX_UNKNOWN;
	assert_int_equal(flagsum_child(&k.c, NULL, NULL, 0, &scratch, &cap, &sev, &cnt), 0);
	assert_int_equal(sev, 0);
	assert_int_equal(cnt, 0);
	free(scratch);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_codes),
		cmocka_unit_test(test_current_and_history),
		cmocka_unit_test(test_acknowledged),
		cmocka_unit_test(test_covered),
		cmocka_unit_test(test_child),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
