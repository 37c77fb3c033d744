/* rate_screen_bench.c — CPU time from a key to the redrawn rating screen, through the real code
 * path: tui_key (core/rating's operation and the autosave: store_rating_save, a small transaction),
 * tui_draw (ui/rate_layout over two long summaries, the panel, the header) and the blit through
 * ncurses (term_present on newterm over /dev/null, xterm-256color), at 80x24 and 200x60.  Reports
 * figures; asserts nothing.
 *
 *   usage: rate_screen_bench DB RATER [ROUNDS]     (tests/bench/rate_screen.sh makes the DB)
 *
 * CPU time is the process's (CLOCK_PROCESS_CPUTIME_ID): waiting for the disk (the autosave's
 * fsync under WAL) is not counted, the work is.  Each scenario runs ROUNDS times after a warm-up. */
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

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static tui *t;
static gv_term *tm;
static scr *frame;

/* Press keys[i % nkeys] rounds times: the key, the frame, the blit; each part timed. */
static void scenario(const char *name, const int *keys, int nkeys, int rounds)
{
	double *all = malloc((size_t)rounds * 3 * sizeof *all), *k = all + rounds, *d = all + 2 * rounds;
	if (!all)
		exit(2);
	tui_key(t, keys[0]);
	tui_draw(t, frame);
	term_present(tm, frame);
	for (int i = 0; i < rounds; i++) {
		double c0 = cpu_ms();
		tui_key(t, keys[i % nkeys]);
		double c1 = cpu_ms();
		tui_draw(t, frame);
		double c2 = cpu_ms();
		term_present(tm, frame);
		double c3 = cpu_ms();
		all[i] = c3 - c0;
		k[i] = c1 - c0;
		d[i] = c2 - c1;
	}
	qsort(all, (size_t)rounds, sizeof *all, cmp_d);
	qsort(k, (size_t)rounds, sizeof *k, cmp_d);
	qsort(d, (size_t)rounds, sizeof *d, cmp_d);
	printf("  %-36s median %6.3f ms  p95 %6.3f  max %6.3f  (key+save %5.3f, layout+draw %5.3f)\n", name,
	       all[rounds / 2], all[rounds * 95 / 100], all[rounds - 1], k[rounds / 2], d[rounds / 2]);
	free(all);
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: rate_screen_bench DB RATER [ROUNDS]\n");
		return 2;
	}
	int rounds = argc > 3 ? atoi(argv[3]) : 300;
	if (rounds < 20)
		rounds = 20;
	setlocale(LC_ALL, "C.UTF-8");
	setlocale(LC_NUMERIC, "C");
	char err[512];
	gv_store *st;
	if (store_open(argv[1], STORE_OPEN_NOCREATE, &st, err, sizeof err) != STORE_OK) {
		fprintf(stderr, "rate_screen_bench: %s\n", err);
		return 2;
	}
	tui_config tc = {.db_label = "bench.db",
			 .policy = GV_POLICY_AUTO,
			 .rules = GV_RULES_US,
			 .units = FMT_METRIC,
			 .user = "bench",
			 .braille = 1,
			 .today = age_days_from_civil(2026, 11, 25),
			 .rater = argv[2]};
	t = tui_new(st, &tc);
	FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
	tm = term_open(out, in, "xterm-256color", 1, 1, err, sizeof err);
	if (!t || !tm) {
		fprintf(stderr, "rate_screen_bench: %s\n", err);
		return 2;
	}
	double c0 = cpu_ms();
	if (tui_rate_open(t, argv[2], NULL, 1) != 0) {
		fprintf(stderr, "rate_screen_bench: no queue for %s\n", argv[2]);
		return 2;
	}
	printf("rate_screen_bench: queue of %s opened, first item loaded in %.2f ms CPU\n", argv[2], cpu_ms() - c0);
	for (int size = 0; size < 2; size++) {
		int w = size ? 200 : 80, h = size ? 60 : 24;
		resizeterm(h, w);
		scr_free(frame);
		frame = scr_new(w, h, 1);
		tui_draw(t, frame);
		term_present(tm, frame);
		char row[2048];
		scr_row(frame, 0, row, sizeof row);
		printf("%dx%d, UTF-8, colour, %d rounds (%s):\n", w, h, rounds, row);
		int digit[] = {'3', K_BTAB}; /* score, back to the axis: both saved */
		scenario("score a field, Shift-Tab back", digit, 2, rounds);
		int tab[] = {K_TAB};
		scenario("Tab: next field (saved)", tab, 1, rounds);
		int side[] = {K_RIGHT, K_LEFT};
		scenario("Right / Left: B / A (saved)", side, 2, rounds);
		int scroll[] = {K_PGDN, K_PGUP};
		scenario("PgDn / PgUp: scroll the summary", scroll, 2, rounds);
		int undo[] = {'4', 'u'};
		scenario("score, undo (both saved, audited)", undo, 2, rounds);
	}
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("max RSS %ld KiB (the store, the screen, ncurses on /dev/null, the benchmark's frames)\n", ru.ru_maxrss);
	term_close(tm);
	tui_free(t);
	scr_free(frame);
	store_close(st);
	fclose(out);
	fclose(in);
	return 0;
}
