/* app_flagpipe.c — flag summaries on the worker thread equal flagsum_child's on the same
 * children, in the order given, with the visits handed over out of order; more children than
 * the queue holds (the caller waits for the worker); a pipe freed half way leaks nothing (the
 * sanitizer build checks). */
#include "tests/testutil.h"

#include "app/flagcache.h"
#include "app/flagpipe.h"
#include "core/age.h"
#include "core/synth.h"

#define N 3000 /* > 4 queued batches of 256 */

static void test_same_as_flagcache(void **state)
{
	(void)state;
	synth_config cfg;
	synth_default_config(&cfg, age_days_from_civil(2026, 11, 25));
	gv_flag_options fo;
	flags_default_options(&fo, GV_RULES_US);
	flagpipe *fp = flagpipe_start(&fo);
	assert_non_null(fp);
	int *want_sev = calloc(N, sizeof *want_sev), *want_cnt = calloc(N, sizeof *want_cnt);
	gv_visit v[SYNTH_MAX_VISITS], rev[SYNTH_MAX_VISITS];
	gv_flag *scratch = NULL;
	size_t cap = 0;
	long flagged = 0;
	for (int i = 0; i < N; i++) {
		gv_child c;
		assert_int_equal(synth_child(&cfg, 5, (uint64_t)i, &c, v, NULL), GV_OK);
		c.p.id = 1000 + i;
		assert_int_equal(flagsum_child(&c, &fo, NULL, 0, &scratch, &cap, &want_sev[i], &want_cnt[i]), 0);
		flagged += want_cnt[i] > 0;
		for (size_t k = 0; k < c.nv; k++)
			rev[k] = v[c.nv - 1 - k]; /* newest first: the pipe must sort them */
		assert_int_equal(flagpipe_add(fp, &c.p, rev, c.nv), 0);
	}
	const flagpipe_result *res;
	size_t n;
	assert_int_equal(flagpipe_finish(fp, &res, &n), 0);
	assert_int_equal(n, N);
	for (int i = 0; i < N; i++) {
		assert_int_equal(res[i].id, 1000 + i);
		assert_int_equal(res[i].severity, want_sev[i]);
		assert_int_equal(res[i].count, want_cnt[i]);
	}
	assert_true(flagged > N / 4); /* the comparison is not between empty summaries */
	flagpipe_free(fp);

	/* Freed with children queued and a batch half filled. */
	fp = flagpipe_start(&fo);
	for (int i = 0; i < 700; i++) {
		gv_child c;
		assert_int_equal(synth_child(&cfg, 6, (uint64_t)i, &c, v, NULL), GV_OK);
		assert_int_equal(flagpipe_add(fp, &c.p, v, c.nv), 0);
	}
	flagpipe_free(fp);
	flagpipe_free(NULL);
	free(scratch);
	free(want_sev);
	free(want_cnt);
}

/* A patient without visits (a CSV row that only registers a child) as the first child of a batch:
 * the batch has no visit array yet.  clang's UBSan stopped on "applying zero offset to null
 * pointer" here (make asan-clang); gcc's does not check it. */
static void test_no_visits(void **state)
{
	(void)state;
	synth_config cfg;
	synth_default_config(&cfg, age_days_from_civil(2026, 11, 25));
	gv_flag_options fo;
	flags_default_options(&fo, GV_RULES_US);
	flagpipe *fp = flagpipe_start(&fo);
	assert_non_null(fp);
	gv_visit v[SYNTH_MAX_VISITS];
	gv_child c;
	assert_int_equal(synth_child(&cfg, 7, 1, &c, v, NULL), GV_OK);
	c.p.id = 1;
	assert_int_equal(flagpipe_add(fp, &c.p, NULL, 0), 0);
	c.p.id = 2;
	assert_int_equal(flagpipe_add(fp, &c.p, v, c.nv), 0);
	c.p.id = 3;
	assert_int_equal(flagpipe_add(fp, &c.p, v, 0), 0);
	const flagpipe_result *res;
	size_t n;
	assert_int_equal(flagpipe_finish(fp, &res, &n), 0);
	assert_int_equal(n, 3);
	gv_flag *scratch = NULL;
	size_t cap = 0;
	int sev, cnt;
	gv_child empty = c;
	empty.nv = 0;
	assert_int_equal(flagsum_child(&empty, &fo, NULL, 0, &scratch, &cap, &sev, &cnt), 0);
	for (size_t i = 0; i < 3; i += 2) {
		assert_int_equal(res[i].id, (int64_t)i + 1);
		assert_int_equal(res[i].severity, sev);
		assert_int_equal(res[i].count, cnt);
	}
	assert_int_equal(flagsum_child(&c, &fo, NULL, 0, &scratch, &cap, &sev, &cnt), 0);
	assert_int_equal(res[1].id, 2);
	assert_int_equal(res[1].severity, sev);
	assert_int_equal(res[1].count, cnt);
	flagpipe_free(fp);

	/* A batch of children none of whom has a visit: no visit array at all. */
	fp = flagpipe_start(&fo);
	assert_non_null(fp);
	for (int64_t id = 1; id <= 2; id++) {
		c.p.id = id;
		assert_int_equal(flagpipe_add(fp, &c.p, NULL, 0), 0);
	}
	assert_int_equal(flagpipe_finish(fp, &res, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(flagsum_child(&empty, &fo, NULL, 0, &scratch, &cap, &sev, &cnt), 0);
	assert_int_equal(res[1].id, 2);
	assert_int_equal(res[1].severity, sev);
	assert_int_equal(res[1].count, cnt);
	free(scratch);
	flagpipe_free(fp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_as_flagcache),
		cmocka_unit_test(test_no_visits),
	};
	return cmocka_run_group_tests_name("app_flagpipe", tests, NULL, NULL);
}
