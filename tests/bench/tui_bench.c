/* tui_bench.c — CPU time per keystroke of the TUI on a large database, through the real code path:
 * the key (tui_key, store queries included), the whole frame (tui_draw) and its blit through
 * ncurses (term_present on newterm over /dev/null, xterm-256color).  Reports figures; asserts
 * nothing.  The database is opened read-only (no flag-summary refresh runs).
 *
 *   usage: tui_bench DB [ROUNDS]      (tests/bench/tui.sh builds a 100,000-patient DB for it)
 *
 * Each scenario runs ROUNDS times (default 200) after one warm-up; CPU time is the process's
 * (CLOCK_PROCESS_CPUTIME_ID), so waiting for the disk is not counted, the work is. */
#include <curses.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "app/store.h"
#include "core/age.h"
#include "ui/keys.h"
#include "ui/scr.h"
#include "ui/term.h"
#include "ui/tui.h"

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

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static tui *t;
static gv_term *tm;
static scr *frame;

/* One keystroke as the input loop handles it: the key, then a whole frame on the terminal. */
static void press(int key)
{
	tui_key(t, key);
	tui_draw(t, frame);
	term_present(tm, frame);
}

/* Press keys[i % nkeys] rounds times; report the CPU per keystroke. */
static void scenario(const char *name, const int *keys, int nkeys, int rounds)
{
	double *ms = malloc((size_t)rounds * sizeof *ms);
	press(keys[0]); /* warm-up */
	for (int i = 0; i < rounds; i++) {
		double c0 = cpu_ms();
		press(keys[i % nkeys]);
		ms[i] = cpu_ms() - c0;
	}
	qsort(ms, (size_t)rounds, sizeof *ms, cmp_d);
	double sum = 0;
	for (int i = 0; i < rounds; i++)
		sum += ms[i];
	printf("  %-34s mean %6.3f ms  median %6.3f  p95 %6.3f  max %6.3f  (CPU per key + frame)\n", name,
	       sum / rounds, ms[rounds / 2], ms[rounds * 95 / 100], ms[rounds - 1]);
	free(ms);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: tui_bench DB [ROUNDS]\n");
		return 2;
	}
	int rounds = argc > 2 ? atoi(argv[2]) : 200;
	if (rounds < 10)
		rounds = 10;
	setlocale(LC_ALL, "C.UTF-8");
	setlocale(LC_NUMERIC, "C");
	double w0 = wall_ms(), c0 = cpu_ms();
	char err[512];
	gv_store *st;
	if (store_open(argv[1], STORE_OPEN_READONLY | STORE_OPEN_NOCREATE, &st, err, sizeof err) != STORE_OK) {
		fprintf(stderr, "tui_bench: %s\n", err);
		return 2;
	}
	tui_config tc = {.db_label = "bench.db",
			 .policy = GV_POLICY_AUTO,
			 .rules = GV_RULES_US,
			 .units = FMT_METRIC,
			 .user = "bench",
			 .read_only = 1,
			 .braille = 1,
			 .today = age_days_from_civil(2026, 1, 15)};
	t = tui_new(st, &tc);
	FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
	tm = term_open(out, in, "xterm-256color", 1, 1, err, sizeof err);
	if (!t || !tm) {
		fprintf(stderr, "tui_bench: %s\n", err);
		return 2;
	}
	for (int size = 0; size < 2; size++) {
		int w = size ? 200 : 80, h = size ? 60 : 24;
		resizeterm(h, w);
		scr_free(frame);
		frame = scr_new(w, h, 1);
		tui_draw(t, frame);
		term_present(tm, frame);
		double fw = wall_ms() - w0, fc = cpu_ms() - c0;
		long np = 0, nv = 0;
		if (size == 0)
			store_counts(st, &np, &nv);
		if (size == 0)
			printf("tui_bench: %ld patients, %ld measurements; first frame (open, count, page, draw, blit) "
			       "%.1f ms wall, %.1f ms CPU\n",
			       np, nv, fw, fc);
		printf("%dx%d, braille, colour, %d rounds:\n", w, h, rounds);
		int down[] = {'j'};
		scenario("list: next patient (j)", down, 1, rounds);
		int page[] = {K_PGDN};
		scenario("list: next page (PgDn)", page, 1, rounds);
		int ends[] = {'G', 'g'};
		scenario("list: last / first (G, g)", ends, 2, rounds);
		int sort[] = {'s'};
		scenario("list: next sort order (s)", sort, 1, rounds);
		/* back to sorting by name */
		for (int k = 0; k < 4; k++) {
			char row[1024];
			scr_row(frame, 0, row, sizeof row);
			if (strstr(row, "sort: name"))
				break;
			press('s');
		}
		int search[] = {'/', 'a', 'm', 'i', 'r', K_ESC};
		scenario("list: incremental search (/amir Esc)", search, 6, rounds);
		press(K_ENTER); /* leave the search (kept or cancelled), then clear it */
		press(K_ESC);
		press('g');
		press(K_ENTER);
		char title[1024];
		scr_row(frame, 0, title, sizeof title);
		if (!strstr(title, "(SYN-")) {
			fprintf(stderr, "tui_bench: no patient opened: %s\n", title);
			return 1;
		}
		printf("  (chart of%s)\n", title);
		int visit[] = {'l', 'l', 'l', 'h', 'h', 'h'};
		scenario("chart: next/previous visit (l, h)", visit, 6, rounds);
		int ind[] = {'i'};
		scenario("chart: next indicator (i)", ind, 1, rounds);
		int zv[] = {'z'};
		scenario("chart: z-score / value view (z)", zv, 1, rounds);
		int next[] = {'n'};
		scenario("chart: next patient (n)", next, 1, rounds);
		int tab[] = {'t'};
		scenario("chart: table / chart (t)", tab, 1, rounds);
		press('q');
		scr_row(frame, 0, title, sizeof title);
		if (!strstr(title, "sort: name")) {
			fprintf(stderr, "tui_bench: not back on the list: %s\n", title);
			return 1;
		}
	}
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("max RSS %ld KiB (includes the benchmark's own frames and ncurses on /dev/null)\n", ru.ru_maxrss);
	term_close(tm);
	tui_free(t);
	scr_free(frame);
	store_close(st);
	fclose(out);
	fclose(in);
	return 0;
}
