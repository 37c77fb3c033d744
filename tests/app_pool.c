/* app_pool.c — the worker pool (app/pool.h): every task submitted runs exactly once, on the
 * workers or (0 threads) in pool_submit; pool_wait waits for that task, pool_wait_all for all;
 * a task number can be submitted again once done; each worker's scratch is its own and freed. */
#include "tests/testutil.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "app/pool.h"

#define CAP 64

typedef struct ctx {
	atomic_int runs[CAP];
	atomic_int scratches; /* allocated */
	atomic_int freed;
	long sum[CAP];        /* written by task i only */
} ctx;

static void run(void *c, int task, void **scratch)
{
	ctx *x = c;
	if (!*scratch) {
		*scratch = malloc(sizeof(long));
		*(long *)*scratch = 0;
		atomic_fetch_add(&x->scratches, 1);
	}
	long *mine = *scratch;
	long s = 0;
	for (long k = 0; k <= 20000 + task; k++)
		s += k % 7;
	x->sum[task] = s;
	(*mine)++;
	atomic_fetch_add(&x->runs[task], 1);
}

static ctx *freeing;
static void scratch_free(void *p)
{
	if (p)
		atomic_fetch_add(&freeing->freed, 1);
	free(p);
}

static long expect(int task)
{
	long s = 0;
	for (long k = 0; k <= 20000 + task; k++)
		s += k % 7;
	return s;
}

static void check_pool(int nthreads)
{
	ctx *x = calloc(1, sizeof *x);
	freeing = x;
	gv_pool *p = pool_new(nthreads, CAP, run, x, scratch_free);
	assert_non_null(p);
	assert_int_equal(pool_threads(p), nthreads);
	for (int i = 0; i < CAP; i++)
		pool_submit(p, i);
	pool_wait(p, 5);
	assert_int_equal(atomic_load(&x->runs[5]), 1);
	assert_int_equal(x->sum[5], expect(5));
	pool_wait_all(p);
	for (int i = 0; i < CAP; i++) {
		assert_int_equal(atomic_load(&x->runs[i]), 1);
		assert_int_equal(x->sum[i], expect(i));
	}
	/* again, the same numbers */
	for (int i = 0; i < CAP; i += 2)
		pool_submit(p, i);
	pool_wait_all(p);
	for (int i = 0; i < CAP; i++)
		assert_int_equal(atomic_load(&x->runs[i]), i % 2 ? 1 : 2);
	pool_free(p);
	/* one scratch per worker that ran something (the caller's with no thread), all freed */
	int n = atomic_load(&x->scratches);
	assert_true(n >= 1 && n <= (nthreads ? nthreads : 1));
	assert_int_equal(atomic_load(&x->freed), n);
	free(x);
}

static void test_no_threads(void **state)
{
	(void)state;
	check_pool(0);
}

static void test_one_thread(void **state)
{
	(void)state;
	check_pool(1);
}

static void test_four_threads(void **state)
{
	(void)state;
	check_pool(4);
}

static void test_free_null(void **state)
{
	(void)state;
	pool_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_threads),
		cmocka_unit_test(test_one_thread),
		cmocka_unit_test(test_four_threads),
		cmocka_unit_test(test_free_null),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
