/* adjudicate_bench.c — the adjudicator's autosave on a large store: two raters submit ratings that
 * disagree on every item of an overlap queue (so every item waits for an adjudicator), then the
 * adjudicator works through them as on the screen: each adjudication loaded
 * (store_adjudication_load: both raters' ratings and the texts), every key a core/rating.h
 * operation saved with store_adjudication_save (the draft row and, for a changed value, one
 * adjudication_audit row, one transaction), a complete answer resolved
 * (store_adjudication_resolve).  Wall time per call (monotonic clock): median, p99, max; peak RSS.
 * Reports; asserts nothing.
 *
 * With IDLE (> 0), as the interface does (store_interactive): the WAL is copied into the database
 * file every IDLE keys (store_checkpoint, timed apart: a person's pause), not by the commit that
 * passes 1,000 pages; with 0, SQLite's default.
 *
 *   adjudicate_bench DB QUEUE RATER1 RATER2 ADJUDICATOR [KEYS [IDLE]]   (tests/bench/ratings.sh makes DB) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "app/store.h"
#include "tests/bench/timing.h"

static int fail(gv_store *st, const char *what)
{
	fprintf(stderr, "adjudicate_bench: %s: %s\n", what, store_errmsg(st));
	return 1;
}

/* Rater r submits every item of queue q: all scores 4, no harm, the choice for summary 1 (s1) or
 * summary 2 much better. */
static int rate_all(gv_store *st, int64_t r, int64_t q, int s1)
{
	store_rate_item *it;
	size_t n;
	if (store_rater_items(st, r, q, &it, &n, NULL) != STORE_OK)
		return fail(st, "items");
	for (size_t i = 0; i < n; i++) {
		rating x;
		rating_change ch;
		rating_init(&x);
		for (int s = 0; s < 2; s++) {
			for (int a = 0; a < RUBRIC_NAXES; a++)
				rating_set(&x, s, (rating_field)a, 4, &ch);
			rating_set(&x, s, RATING_F_HARM, RUBRIC_HARM_NONE, &ch);
		}
		int left_is_s1 = !it[i].swapped;
		rubric_choice c = s1 ? (left_is_s1 ? RUBRIC_A_BETTER : RUBRIC_B_BETTER)
				     : (left_is_s1 ? RUBRIC_B_MUCH_BETTER : RUBRIC_A_MUCH_BETTER);
		rating_set(&x, 0, RATING_F_CHOICE, (int32_t)c, &ch);
		store_rc rc = store_rating_submit(st, r, it[i].item, &x);
		rating_free(&x);
		if (rc != STORE_OK) {
			free(it);
			return fail(st, "submit");
		}
	}
	free(it);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 6) {
		fprintf(stderr, "usage: adjudicate_bench DB QUEUE RATER1 RATER2 ADJUDICATOR [KEYS]\n");
		return 2;
	}
	size_t keys = argc > 6 ? (size_t)atol(argv[6]) : 3000;
	size_t idle = argc > 7 ? (size_t)atol(argv[7]) : 0;
	char err[512];
	gv_store *st;
	if (store_open(argv[1], 0, &st, err, sizeof err) != STORE_OK) {
		fprintf(stderr, "adjudicate_bench: %s\n", err);
		return 2;
	}
	store_queue q;
	store_rater r1, r2, adj;
	if (store_queue_get(st, argv[2], &q) != STORE_OK || store_rater_get(st, argv[3], &r1) != STORE_OK ||
	    store_rater_get(st, argv[4], &r2) != STORE_OK || store_rater_get(st, argv[5], &adj) != STORE_OK)
		return fail(st, "setup") + 1;
	double t0 = bench_now_us();
	if (rate_all(st, r1.id, q.id, 1) || rate_all(st, r2.id, q.id, 0))
		return 2;
	double rated = bench_now_us() - t0;
	store_adjudication *a;
	size_t na;
	if (store_adjudications(st, q.id, 1, &a, &na) != STORE_OK)
		return fail(st, "list") + 1;
	printf("adjudicate: %zu items rated by two raters who disagree on all (%.2f s), %zu adjudications waiting\n",
	       (size_t)q.items / 2, rated / 1e6, na);
	double *save_t = malloc(keys * sizeof *save_t), *load_t = malloc((na + 1) * sizeof *load_t),
	       *res_t = malloc((na + 1) * sizeof *res_t), *cp_t = malloc((keys + 1) * sizeof *cp_t);
	if (!save_t || !load_t || !res_t || !cp_t)
		return 2;
	size_t ns = 0, nl = 0, nr = 0, ncp = 0, next = 0;
	if (idle && store_interactive(st) != STORE_OK)
		return fail(st, "interactive") + 1;
	if (store_checkpoint(st) != STORE_OK) /* the raters' work out of the WAL: each mode starts alike */
		return fail(st, "checkpoint") + 1;
	rating r;
	rating_init(&r);
	store_adj_view v;
	memset(&v, 0, sizeof v);
	int64_t id = 0;
	unsigned x = 12345;
	int rc = 0;
	for (size_t k = 0; k < keys && rc == 0; k++) {
		if (!id) {
			if (next >= na)
				break;
			id = a[next++].id;
			t0 = bench_now_us();
			store_adj_view_free(&v);
			if (store_adjudication_load(st, id, adj.id, &v, &r) != STORE_OK) {
				rc = fail(st, "load");
				break;
			}
			load_t[nl++] = bench_now_us() - t0;
		}
		if (idle && k % idle == idle - 1) {
			t0 = bench_now_us();
			if (store_checkpoint(st) != STORE_OK) {
				rc = fail(st, "checkpoint");
				break;
			}
			cp_t[ncp++] = bench_now_us() - t0;
		}
		x = x * 1103515245u + 12345u;
		unsigned pick = (x >> 16) % 10;
		rating_change ch;
		rating_result rr = pick < 7   ? rating_digit(&r, 1 + (int)((x >> 8) % 3), &ch)
				   : pick < 9 ? rating_move_focus(&r, RATING_NEXT, &ch)
					      : rating_undo(&r, &ch);
		if (rr != RATING_OK)
			continue;
		t0 = bench_now_us();
		if (store_adjudication_save(st, id, adj.id, &r, &ch) != STORE_OK) {
			rc = fail(st, "save");
			break;
		}
		save_t[ns++] = bench_now_us() - t0;
		if (rating_missing(&r, NULL, 0) == 0 && rating_submit(&r, &ch) == RATING_OK) {
			t0 = bench_now_us();
			if (store_adjudication_resolve(st, id, adj.id, &r) != STORE_OK) {
				rc = fail(st, "resolve");
				break;
			}
			res_t[nr++] = bench_now_us() - t0;
			rating_free(&r);
			rating_init(&r);
			id = 0;
		}
	}
	store_adj_view_free(&v);
	rating_free(&r);
	free(a);
	long patients = 0, nvisits = 0, nsum = 0;
	store_counts(st, &patients, &nvisits);
	store_summary_count(st, 0, &nsum);
	store_close(st);
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("adjudicate store: %ld children, %ld summaries; checkpoints %s\n", patients, nsum,
	       idle ? "when idle (the interface's policy)" : "by SQLite's default (in the commit past 1,000 pages)");
	bench_report("adjudicate", "store_adjudication_save, every key", save_t, ns);
	bench_report("adjudicate", "store_adjudication_resolve", res_t, nr);
	bench_report("adjudicate", "store_adjudication_load (both raters, texts)", load_t, nl);
	bench_report("adjudicate", "idle store_checkpoint (not on a key)", cp_t, ncp);
	printf("adjudicate peak RSS %ld MB\n", ru.ru_maxrss / 1024);
	free(save_t);
	free(load_t);
	free(res_t);
	free(cp_t);
	return rc;
}
