/* bench_search.c — the patient list's search at scale (figures for the notes, never asserted):
 *   bench_search open DB         time of the first writable open (on a file of the schema before
 *                                the search index: the migration that makes it)
 *   bench_search keys DB [ROWS]  first frame (open + count + first page by name), then each prefix
 *                                of a few realistic searches typed key by key: per key what the list
 *                                does on the key (the count's first look + the first page), CPU ms,
 *                                median and max over the keys of each length class; then what it
 *                                does between keys (the count in slices of 16,384 ids: total and
 *                                longest slice); peak RSS.
 * Run it with GROWTHVIEW_NO_FTS5=1 for the scan every search used before the index.
 * Built and run by tests/bench_search.sh. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "app/store.h"

static double cpu_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static double wall_ms(void)
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

static long rss_kb(void)
{
	struct rusage u;
	getrusage(RUSAGE_SELF, &u);
	return u.ru_maxrss;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: bench_search open|keys DB [ROWS]\n");
		return 2;
	}
	char err[512];
	gv_store *st;
	if (strcmp(argv[1], "open") == 0) {
		double w = wall_ms(), c = cpu_ms();
		if (store_open(argv[2], 0, &st, err, sizeof err) != STORE_OK) {
			fprintf(stderr, "%s\n", err);
			return 1;
		}
		printf("first writable open (migration): %.2f s elapsed, %.2f s CPU\n", (wall_ms() - w) / 1e3,
		       (cpu_ms() - c) / 1e3);
		store_close(st);
		return 0;
	}
	int rows = argc > 3 ? atoi(argv[3]) : 22;
	store_patient_row page[200];
	int n;
	long total;

	/* First frame: what a launch costs before the list is on screen. */
	double w = wall_ms(), c = cpu_ms();
	if (store_open(argv[2], STORE_OPEN_READONLY, &st, err, sizeof err) != STORE_OK) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	if (store_patient_count(st, NULL, &total) != STORE_OK ||
	    store_patient_page(st, NULL, STORE_SORT_NAME, 0, 0, rows, page, &n) != STORE_OK) {
		fprintf(stderr, "%s\n", store_errmsg(st));
		return 1;
	}
	printf("first frame (open + count + first %d rows by name): %.1f ms elapsed, %.1f ms CPU; %ld patients; %s\n",
	       rows, wall_ms() - w, cpu_ms() - c, total, store_search_note(st) ? "no index: scan" : "index");

	/* Realistic searches of the synthetic cohort (`growthview synth`: names "Fatima Synth-004711",
	 * ids "SYN-1-004711"), typed one key at a time: first names, a name's number, ids, a miss. */
	static const char *const typed[] = {"Fatima", "Mateo", "Synth-004711", "SYN-1-054321", "Zzyzx"};
	enum { NT = sizeof typed / sizeof typed[0] };
	double t[3][64];
	int nt[3] = {0, 0, 0};
	double worst = 0, slice_worst = 0;
	const char *worst_at = "";
	static char worst_buf[64];
	for (int i = 0; i < NT; i++) {
		size_t len = strlen(typed[i]);
		for (size_t k = 1; k <= len; k++) {
			char q[64];
			snprintf(q, sizeof q, "%.*s", (int)k, typed[i]);
			store_filter f = {q, 0};
			long cnt;
			double best = 1e30;
			/* Best of 3: the list redraws on every key; a warm page cache, as while typing.
			 * As ui/list.c does on a key: the count's first look (whole when the index
			 * has few matches), and the first page with one row more. */
			store_count c;
			for (int run = 0; run < 3; run++) {
				double t0 = cpu_ms();
				memset(&c, 0, sizeof c);
				if (store_patient_count_step(st, &f, &c, 0) != STORE_OK ||
				    (!c.done && c.last <= 50000 && store_patient_count_step(st, &f, &c, c.last) != STORE_OK) ||
				    store_patient_page(st, &f, STORE_SORT_NAME, 0, 0, rows + 1, page, &n) != STORE_OK) {
					fprintf(stderr, "%s\n", store_errmsg(st));
					return 1;
				}
				double d = cpu_ms() - t0;
				best = d < best ? d : best;
			}
			/* then, between keys, the count in slices of 16,384 ids (ui/list.c) */
			double slice_max = 0, slices = 0;
			int nslices = 0;
			while (!c.done) {
				double t0 = cpu_ms();
				if (store_patient_count_step(st, &f, &c, 16384) != STORE_OK) {
					fprintf(stderr, "%s\n", store_errmsg(st));
					return 1;
				}
				double d = cpu_ms() - t0;
				slices += d;
				slice_max = d > slice_max ? d : slice_max;
				nslices++;
			}
			cnt = c.n;
			if (slice_max > slice_worst)
				slice_worst = slice_max;
			int cls = k == 1 ? 0 : k == 2 ? 1 : 2;
			t[cls][nt[cls]++] = best;
			if (best > worst) {
				worst = best;
				snprintf(worst_buf, sizeof worst_buf, "'%s' (%ld matches)", q, cnt);
				worst_at = worst_buf;
			}
			printf("  key %-14s %8ld matches %8.2f ms per key; count between keys: %3d slices, %7.2f ms, longest %5.2f ms\n",
			       q, cnt, best, nslices, slices, slice_max);
		}
	}
	static const char *const cls_name[] = {"1 character", "2 characters", "3 characters or more"};
	for (int cls = 0; cls < 3; cls++) {
		qsort(t[cls], (size_t)nt[cls], sizeof t[cls][0], cmpd);
		printf("per key, %s (%d keys): median %.2f ms, max %.2f ms CPU\n", cls_name[cls], nt[cls],
		       t[cls][nt[cls] / 2], t[cls][nt[cls] - 1]);
	}
	printf("slowest key: %.2f ms at %s; longest count slice between keys: %.2f ms\n", worst, worst_at, slice_worst);
	printf("peak RSS: %.1f MB\n", (double)rss_kb() / 1024);
	store_close(st);
	return 0;
}
