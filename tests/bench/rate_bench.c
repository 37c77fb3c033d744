/* rate_bench.c — the pure half of the rating screen per keystroke: the layout of two 300-word
 * summaries (ui/rate_layout.c: clean, wrap, fit every line) at 80x24 and 200x60, and the rating
 * state's work for one key (core/rating.c: a digit, the draft text written, and read back as a
 * resume would).  CPU time per call (CLOCK_PROCESS_CPUTIME_ID: what survives a machine shared
 * with other jobs), median and 99th percentile of batches, and the peak RSS.  The curses blit and
 * the store's autosave transaction are not here (they land with the screen and the store tables).
 * Reports; asserts nothing.
 *
 *   make build/bench/rate_bench && ./build/bench/rate_bench [ROUNDS] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "core/rating.h"
#include "core/synth.h"
#include "ui/rate_layout.h"

static double cpu_us(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* A 300-word summary from clinical words, with numbers, punctuation and one non-ASCII sign. */
static void summary(char *buf, size_t n, uint64_t seed)
{
	static const char *const w[] = {
		"weight", "length", "percentile", "z-score", "-1.87", "10.2 kg", "84.5 cm", "the", "of", "at",
		"corrected", "age", "WHO", "growth", "crossing", "two", "major", "lines", "since", "months",
		"faltering", "review", "in", "4 weeks,", "feeding", "history;", "steady.", "BMI", "(P3)", "\xe2\x89\xa5"};
	synth_rng r;
	synth_rng_seed(&r, seed, 9);
	size_t o = 0;
	for (int i = 0; i < 300; i++) {
		const char *x = w[synth_rng_int(&r, 0, (int)(sizeof w / sizeof w[0]) - 1)];
		o += (size_t)snprintf(buf + o, n - o, "%s%s", i ? (i % 60 == 0 ? "\n" : " ") : "", x);
	}
}

static void report(const char *what, double *t, int batches, int per)
{
	qsort(t, (size_t)batches, sizeof *t, cmp_d);
	printf("rate %-34s %8.2f us/call median, %8.2f p99 (%d x %d calls)\n", what, t[batches / 2] / per,
	       t[batches * 99 / 100] / per, batches, per);
}

int main(int argc, char **argv)
{
	int batches = argc > 1 ? atoi(argv[1]) : 200;
	if (batches < 10)
		batches = 10;
	enum { PER = 50 };
	static char a[8192], b[8192];
	summary(a, sizeof a, 1);
	summary(b, sizeof b, 2);
	double *t = malloc((size_t)batches * sizeof *t);
	rating r;
	rating_init(&r);
	rate_layout l;
	rate_layout_init(&l);
	static const struct {
		int w, h, utf8;
		const char *name;
	} sz[] = {{80, 24, 1, "layout 80x24 (one summary)"}, {80, 24, 0, "layout 80x24 ASCII"},
		  {200, 60, 1, "layout 200x60 (side by side)"}};
	for (size_t s = 0; s < sizeof sz / sizeof sz[0]; s++) {
		rate_layout_in in;
		memset(&in, 0, sizeof in);
		in.width = sz[s].w;
		in.height = sz[s].h;
		in.utf8 = sz[s].utf8;
		in.child[0] = "Mia Example  F  2y 4m (corrected 2y 2m)  GA 34+2";
		in.child[1] = "WFA z -1.87 P3   LFA z -0.61 P27   flags: faltering growth";
		in.text[0] = a;
		in.text[1] = b;
		in.pos = 37;
		in.total = 120;
		in.median_ms = 125000;
		in.r = &r;
		rate_layout_make(&l, &in); /* warm-up: buffers allocated */
		for (int k = 0; k < batches; k++) {
			double t0 = cpu_us();
			for (int i = 0; i < PER; i++) {
				in.active_ms = 1000 * i;
				in.scroll[0] = i % 7;
				rate_layout_make(&l, &in);
			}
			t[k] = cpu_us() - t0;
		}
		report(sz[s].name, t, batches, PER);
		printf("     (%d wrapped lines in A, %d in B; %zu and %zu bytes)\n", l.nlines[0], l.nlines[1], strlen(a),
		       strlen(b));
	}
	/* one key: a digit on the focused field, the draft text written and parsed back */
	{
		rating p;
		rating_init(&p);
		rating_change ch;
		rating_set_comment(&r, "B misses the faltering growth and says no follow-up is needed.", &ch);
		size_t len = 0;
		char buf[4096], why[128];
		for (int k = 0; k < batches; k++) {
			double t0 = cpu_us();
			for (int i = 0; i < PER; i++) {
				rating_digit(&r, 1 + (i + k) % 5, &ch);
				if (r.focus_field == RATING_F_TAGS)
					rating_move_focus(&r, RATING_NEXT, &ch);
				len = rating_format(&r, buf, sizeof buf);
				if (rating_parse(&p, buf, len, why, sizeof why) != RATING_OK) {
					fprintf(stderr, "rate_bench: %s\n", why);
					return 1;
				}
			}
			t[k] = cpu_us() - t0;
		}
		report("key: digit + draft format + parse", t, batches, PER);
		printf("     (draft text %zu bytes)\n", len);
		rating_free(&p);
	}
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("rate peak RSS %.1f MB\n", (double)ru.ru_maxrss / 1024);
	rate_layout_free(&l);
	rating_free(&r);
	free(t);
	return 0;
}
