/* autosave_bench.c — the rating screen's autosave on a large store: for each simulated key, the
 * core/rating.h operation and store_rating_save (the draft row and, for a changed value, one
 * rating_audit row, one transaction); an item is submitted every few keys and the next one loaded
 * (store_rater_next + store_rating_load), as a rater working through a queue.  Wall time per save
 * (the transaction's commit is the cost: monotonic clock), median, p99 and max, the load time per
 * item, and the peak RSS.  Reports; asserts nothing.
 *
 * With IDLE (> 0), as the interface does (store_interactive): the WAL is copied into the database
 * file every IDLE keys (store_checkpoint, timed apart: a person's pause), not by the commit that
 * passes 1,000 pages; with 0, SQLite's default.
 *
 *   autosave_bench DB RATER [KEYS [IDLE]]    (tests/bench/ratings.sh makes DB) */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "app/store.h"
#include "tests/bench/timing.h"

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: autosave_bench DB RATER [KEYS]\n");
		return 2;
	}
	size_t keys = argc > 3 ? (size_t)atol(argv[3]) : 3000;
	size_t idle = argc > 4 ? (size_t)atol(argv[4]) : 0;
	char err[512];
	gv_store *st;
	if (store_open(argv[1], 0, &st, err, sizeof err) != STORE_OK) {
		fprintf(stderr, "autosave_bench: %s\n", err);
		return 2;
	}
	store_rater rater;
	if (store_rater_get(st, argv[2], &rater) != STORE_OK) {
		fprintf(stderr, "autosave_bench: %s\n", store_errmsg(st));
		return 2;
	}
	double *save_t = malloc(keys * sizeof *save_t), *val_t = malloc(keys * sizeof *val_t),
	       *foc_t = malloc(keys * sizeof *foc_t), *load_t = malloc(keys * sizeof *load_t),
	       *sub_t = malloc(keys * sizeof *sub_t), *cp_t = malloc(keys * sizeof *cp_t);
	size_t ns = 0, nv = 0, nf = 0, nl = 0, nsub = 0, ncp = 0;
	if (!save_t || !val_t || !foc_t || !load_t || !sub_t || !cp_t)
		return 2;
	if ((idle && store_interactive(st) != STORE_OK) || store_checkpoint(st) != STORE_OK) {
		fprintf(stderr, "autosave_bench: %s\n", store_errmsg(st));
		return 2;
	}
	rating r;
	rating_init(&r);
	store_rate_view v;
	memset(&v, 0, sizeof v);
	int64_t item = 0;
	unsigned x = 12345;
	int rc = 0;
	for (size_t k = 0; k < keys && rc == 0; k++) {
		if (!item) {
			double t0 = bench_now_us();
			store_rate_view_free(&v);
			if (store_rater_next(st, rater.id, &item) != STORE_OK ||
			    store_rating_load(st, rater.id, item, &v, &r) != STORE_OK) {
				fprintf(stderr, "autosave_bench: %s\n", store_errmsg(st));
				rc = 1;
				break;
			}
			load_t[nl++] = bench_now_us() - t0;
		}
		if (idle && k % idle == idle - 1) {
			double c0 = bench_now_us();
			if (store_checkpoint(st) != STORE_OK) {
				fprintf(stderr, "autosave_bench: %s\n", store_errmsg(st));
				rc = 1;
				break;
			}
			cp_t[ncp++] = bench_now_us() - c0;
		}
		x = x * 1103515245u + 12345u;
		unsigned pick = (x >> 16) % 10;
		rating_change ch;
		rating_result rr;
		if (pick < 6) {
			rr = rating_digit(&r, 1 + (int)((x >> 8) % 3), &ch); /* a score, harm or choice that fits every field */
		} else if (pick < 8) {
			rr = rating_move_focus(&r, RATING_NEXT, &ch);
		} else if (pick < 9) {
			rr = rating_undo(&r, &ch);
		} else {
			rr = rating_toggle_flag(&r, &ch);
		}
		if (rr != RATING_OK)
			continue;
		double t0 = bench_now_us();
		if (store_rating_save(st, rater.id, item, &r, &ch) != STORE_OK) {
			fprintf(stderr, "autosave_bench: %s\n", store_errmsg(st));
			rc = 1;
			break;
		}
		double dt = bench_now_us() - t0;
		save_t[ns++] = dt;
		if (ch.what & (RATING_CH_VALUE | RATING_CH_STATUS))
			val_t[nv++] = dt;
		else
			foc_t[nf++] = dt;
		if (rating_missing(&r, NULL, 0) == 0) {
			t0 = bench_now_us();
			if (store_rating_submit(st, rater.id, item, &r) != STORE_OK) {
				fprintf(stderr, "autosave_bench: %s\n", store_errmsg(st));
				rc = 1;
				break;
			}
			sub_t[nsub++] = bench_now_us() - t0;
			item = 0;
		}
	}
	store_rate_view_free(&v);
	rating_free(&r);
	long patients = 0, visits = 0, nsum = 0;
	store_counts(st, &patients, &visits);
	store_summary_count(st, 0, &nsum);
	store_close(st);
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("autosave store: %ld children, %ld summaries; checkpoints %s\n", patients, nsum,
	       idle ? "when idle (the interface's policy)" : "by SQLite's default (in the commit past 1,000 pages)");
	bench_report("autosave", "store_rating_save, every key", save_t, ns);
	bench_report("autosave", "  a value changed (draft + audit row)", val_t, nv);
	bench_report("autosave", "  the focus moved (draft only)", foc_t, nf);
	bench_report("autosave", "store_rating_submit (+ agreement check)", sub_t, nsub);
	bench_report("autosave", "next item: store_rater_next + store_rating_load", load_t, nl);
	bench_report("autosave", "idle store_checkpoint (not on a key)", cp_t, ncp);
	printf("autosave peak RSS %ld MB\n", ru.ru_maxrss / 1024);
	free(save_t);
	free(val_t);
	free(foc_t);
	free(load_t);
	free(sub_t);
	free(cp_t);
	return rc;
}
