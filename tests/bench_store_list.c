/* bench_store_list.c — time what the TUI does first on a big database: open it and
 * fetch the first screen of patients, in each sort order, with and without a filter, plus the
 * count, a jump to the end of the list and one child's full record.  Built and run by
 * tests/bench_store.sh: bench_store_list DB [ROWS]. Prints milliseconds (median of 7 runs). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "app/store.h"

static double ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmpd(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

#define RUNS 7

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench_store_list DB [ROWS]\n");
		return 2;
	}
	int rows = argc > 2 ? atoi(argv[2]) : 22;
	store_patient_row page[200];
	char err[512];
	static const char *const names[] = {"name", "age", "last visit", "severity"};
	double t[RUNS];

	/* Open + first screen by name, a new connection each time (what a launch costs). */
	for (int i = 0; i < RUNS; i++) {
		double t0 = ms();
		gv_store *st;
		if (store_open(argv[1], STORE_OPEN_READONLY, &st, err, sizeof err) != STORE_OK) {
			fprintf(stderr, "%s\n", err);
			return 1;
		}
		int n;
		long total;
		store_patient_count(st, NULL, &total);
		store_patient_page(st, NULL, STORE_SORT_NAME, 0, 0, rows, page, &n);
		t[i] = ms() - t0;
		store_close(st);
		if (n != rows) {
			fprintf(stderr, "only %d rows\n", n);
			return 1;
		}
	}
	qsort(t, RUNS, sizeof *t, cmpd);
	printf("open + count + first %d rows by name: %.2f ms\n", rows, t[RUNS / 2]);

	gv_store *st;
	if (store_open(argv[1], STORE_OPEN_READONLY, &st, err, sizeof err) != STORE_OK)
		return 1;
	long total = 0;
	store_patient_count(st, NULL, &total);
	for (int s = 0; s < 4; s++)
		for (int rev = 0; rev < 2; rev++) {
			for (int i = 0; i < RUNS; i++) {
				int n;
				double t0 = ms();
				store_patient_page(st, NULL, (store_sort)s, rev, 0, rows, page, &n);
				t[i] = ms() - t0;
			}
			qsort(t, RUNS, sizeof *t, cmpd);
			printf("first screen by %s%s: %.3f ms\n", names[s], rev ? " (reversed)" : "", t[RUNS / 2]);
		}
	struct {
		const char *what;
		store_filter f;
		int count;
		long off;
	} cases[] = {
		{"count all", {NULL, 0}, 1, 0},
		{"count flagged", {NULL, 1}, 1, 0},
		{"count search 'Name97'", {"Name97", 0}, 1, 0},
		{"first screen, search 'Name97'", {"Name97", 0}, 0, 0},
		{"first screen, search 'zzz' (no match: full scan)", {"zzz", 0}, 0, 0},
		{"first screen, flagged only", {NULL, 1}, 0, 0},
		{"last screen by name (offset total-rows)", {NULL, 0}, 0, -1},
	};
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		for (int i = 0; i < RUNS; i++) {
			int n;
			long cnt;
			double t0 = ms();
			if (cases[c].count)
				store_patient_count(st, &cases[c].f, &cnt);
			else
				store_patient_page(st, &cases[c].f, STORE_SORT_NAME, 0,
						   cases[c].off < 0 ? total - rows : cases[c].off, rows, page, &n);
			t[i] = ms() - t0;
		}
		qsort(t, RUNS, sizeof *t, cmpd);
		printf("%s: %.3f ms\n", cases[c].what, t[RUNS / 2]);
	}
	/* One child's record (the chart screen). */
	store_patient_page(st, NULL, STORE_SORT_NAME, 0, total / 2, 1, page, &(int){0});
	for (int i = 0; i < RUNS; i++) {
		gv_child ch;
		double t0 = ms();
		store_child_load(st, page[0].id, &ch);
		t[i] = ms() - t0;
		store_child_free(&ch);
	}
	qsort(t, RUNS, sizeof *t, cmpd);
	printf("load one child (all visits): %.3f ms\n", t[RUNS / 2]);
	store_close(st);
	printf("(%ld patients)\n", total);
	return 0;
}
