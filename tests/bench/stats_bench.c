/* stats_bench.c — the computations of `growthview stats` (issue 15) on a synthetic study of the
 * target size: 10 models, 50,000 pairwise judgements on 41,667 items (20% of them rated twice,
 * a tenth of those by the same rater with the sides swapped), 1,000 bootstrap resamples.
 * Target: everything below in < 2 s on the project's 2-core machine.
 *
 *   make build/bench/stats_bench && ./build/bench/stats_bench [judgements] [resamples] [seed]
 *
 * Times, on one core, in CPU time (CLOCK_PROCESS_CPUTIME_ID: the figure that survives a machine
 * shared with other jobs) and wall time, the two calls `stats` makes — rank_compute (win/tie/loss
 * counts, the Bradley-Terry fit, the length-controlled fit, position bias, the per-model means of
 * six rating axes and two claim/flag rates, all with bootstrap intervals from one set of
 * resampled items) and agree_compute_axes (percent, Cohen, quadratic Cohen, Fleiss, Krippendorff
 * on seven axes of the doubly-rated items) — then each part of rank_compute alone, the peak RSS,
 * the load average, and the leaderboard beside the length-controlled one as a sanity check (the
 * data plant a length preference of 1.0 per unit of normalised length difference and a left-side
 * bonus of 0.15 in log-odds).  Reports; asserts nothing. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "core/agree.h"
#include "core/rank.h"
#include "core/synth.h"

enum { M = 10, AXES = 6, RATERS = 20 };

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double cpu(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double clampd(double x, double lo, double hi)
{
	return x < lo ? lo : x > hi ? hi : x;
}

int main(int argc, char **argv)
{
	long nj = argc > 1 ? strtol(argv[1], NULL, 10) : 50000;
	uint32_t nboot = argc > 2 ? (uint32_t)strtoul(argv[2], NULL, 10) : 1000;
	uint64_t seed = argc > 3 ? strtoull(argv[3], NULL, 10) : 1;
	if (nj < 12) {
		fprintf(stderr, "stats_bench: need at least 12 judgements\n");
		return 2;
	}
	/* items: n_double rated twice, the rest once: n_items + n_double = nj */
	uint32_t n_items = (uint32_t)(nj / 1.2 + 0.5), n_double = (uint32_t)(nj - n_items);
	static const double quality[M] = {0.9, 0.7, 0.55, 0.4, 0.2, 0.1, 0, -0.2, -0.4, -0.6};
	static const double wordmean[M] = {260, 120, 180, 140, 300, 110, 150, 200, 130, 160};
	rank_vote *v = malloc((size_t)nj * sizeof *v);
	rank_obs *obs = malloc((size_t)nj * 2 * (AXES + 2) * sizeof *obs);
	/* agreement data: per axis, units (item, side) of the doubly-rated items x 2 ratings */
	int *ag[AXES + 1];
	for (int a = 0; a <= AXES; a++)
		ag[a] = malloc((size_t)n_double * 2 * 2 * sizeof(int));
	uint16_t *ma = malloc(n_items * sizeof *ma), *mb = malloc(n_items * sizeof *mb);
	float *la = malloc(n_items * sizeof *la), *lb = malloc(n_items * sizeof *lb);
	if (!v || !obs || !ma || !mb || !la || !lb) {
		fprintf(stderr, "stats_bench: out of memory\n");
		return 1;
	}
	for (int a = 0; a <= AXES; a++)
		if (!ag[a]) {
			fprintf(stderr, "stats_bench: out of memory\n");
			return 1;
		}
	synth_rng r;
	synth_rng_seed(&r, seed, 99);
	for (uint32_t i = 0; i < n_items; i++) {
		int a = synth_rng_int(&r, 0, M - 1), b = synth_rng_int(&r, 0, M - 2);
		if (b >= a)
			b++;
		ma[i] = (uint16_t)a;
		mb[i] = (uint16_t)b;
		la[i] = (float)(wordmean[a] * exp(0.3 * synth_rng_normal(&r)));
		lb[i] = (float)(wordmean[b] * exp(0.3 * synth_rng_normal(&r)));
	}
	size_t nv = 0, no = 0;
	uint32_t swaps = 0;
	for (uint32_t i = 0; i < n_items; i++) {
		int times = i < n_double ? 2 : 1;
		uint32_t rater0 = (uint32_t)synth_rng_int(&r, 0, RATERS - 1);
		for (int t = 0; t < times; t++) {
			rank_vote *x = &v[nv++];
			/* the second rating: another rater, or (one in ten) the same one with the sides
			 * swapped */
			int same = t == 1 && i % 10 == 0;
			x->item = i;
			x->rater = t == 0 || same ? rater0 : (rater0 + 1 + (uint32_t)synth_rng_int(&r, 0, RATERS - 2)) % RATERS;
			int flip = same ? v[nv - 2].model_a == ma[i] : synth_rng_int(&r, 0, 1);
			swaps += same;
			int left = flip ? mb[i] : ma[i], right = flip ? ma[i] : mb[i];
			float ll = flip ? lb[i] : la[i], lr = flip ? la[i] : lb[i];
			x->model_a = (uint16_t)left;
			x->model_b = (uint16_t)right;
			x->len_a = ll;
			x->len_b = lr;
			double d = (ll - lr) / (ll + lr);
			double z = quality[left] - quality[right] + 1.0 * d + 0.15; /* length and left bonus */
			double u = synth_rng_uniform(&r);
			if (u < 0.03)
				x->choice = RANK_BOTH_BAD;
			else if (u < 0.13)
				x->choice = RANK_TIE;
			else {
				int a_wins = synth_rng_uniform(&r) < 1 / (1 + exp(-z));
				int much = synth_rng_uniform(&r) < 0.3;
				x->choice = (uint8_t)(a_wins ? (much ? RANK_A_MUCH_BETTER : RANK_A_BETTER)
							    : (much ? RANK_B_MUCH_BETTER : RANK_B_BETTER));
			}
			/* scores of both summaries: four 1-5 axes, harm extent and likelihood 0-2 */
			for (int side = 0; side < 2; side++) {
				int m = side ? mb[i] : ma[i];
				double rater_bias = 0.3 * ((int)(x->rater % 5) - 2) / 2.0;
				for (int ax = 0; ax < AXES; ax++) {
					double lat = quality[m] + 0.7 * synth_rng_normal(&r) + rater_bias;
					int s = ax < 4 ? (int)clampd(floor(3.5 + 1.2 * lat), 1, 5)
						       : (int)clampd(floor(0.6 - 0.8 * lat), 0, 2);
					obs[no++] = (rank_obs){i, (uint32_t)(m * AXES + ax), s, 1};
					if (i < n_double)
						ag[ax][((size_t)i * 2 + side) * 2 + t] = s;
				}
			}
			/* the pairwise choice for agreement, in model order: 1 = lower model much
			 * better ... 5 = higher model much better, ties 3 */
			if (i < n_double) {
				int c = x->choice == RANK_BOTH_BAD ? RANK_TIE : x->choice; /* 0..4, A-oriented */
				int lowleft = x->model_a < x->model_b;
				int code = lowleft ? c + 1 : 5 - c;
				ag[AXES][((size_t)i * 2) * 2 + t] = code;
				ag[AXES][((size_t)i * 2 + 1) * 2 + t] = AGREE_NA; /* one unit per item */
			}
		}
		/* claim checks per summary (rates): contradicted of checked, omitted of raised flags */
		for (int side = 0; side < 2; side++) {
			int m = side ? mb[i] : ma[i];
			int claims = synth_rng_int(&r, 3, 12), flags = synth_rng_int(&r, 0, 3);
			double pc = 0.12 - 0.08 * quality[m], po = 0.3 - 0.2 * quality[m];
			int bad = 0, omitted = 0;
			for (int k = 0; k < claims; k++)
				bad += synth_rng_uniform(&r) < pc;
			for (int k = 0; k < flags; k++)
				omitted += synth_rng_uniform(&r) < po;
			obs[no++] = (rank_obs){i, (uint32_t)(M * AXES + m), bad, claims};
			obs[no++] = (rank_obs){i, (uint32_t)(M * AXES + M + m), omitted, flags};
		}
	}

	rank_opts o;
	rank_default_opts(&o);
	o.n_boot = nboot;
	o.seed = seed;
	metrics_ci *ci = malloc((M * AXES + 2 * M) * sizeof *ci);
	if (!ci)
		return 1;
	/* What `stats` calls: everything from the votes in one rank_compute (one set of resampled
	 * items), and every axis's agreement in one agree_compute_axes. */
	double w0 = now(), c0 = cpu();
	rank_report rr;
	if (rank_compute(v, nv, n_items, M, 1, obs, no, M * AXES + 2 * M, ci, &o, &rr) != GV_OK ||
	    rr.plain.st != GV_OK || rr.length.st != GV_OK)
		return 1;
	double w1 = now(), c1 = cpu();
	agree_report rep[AXES + 1];
	agree_opts ao;
	agree_default_opts(&ao, AGREE_ORDINAL);
	ao.n_boot = nboot;
	ao.seed = seed;
	agree_level lv[AXES + 1];
	const int *axp[AXES + 1];
	for (int a = 0; a <= AXES; a++) {
		lv[a] = AGREE_ORDINAL; /* every axis here is ordered */
		axp[a] = ag[a];
	}
	if (agree_compute_axes(axp, lv, AXES + 1, (size_t)n_double * 2, 2, &ao, rep) != GV_OK)
		return 1;
	double w2 = now(), c2 = cpu();
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	const rank_bt *pl = &rr.plain, *lc = &rr.length;
	const rank_position *pos = &rr.position;

	/* the parts alone, for the breakdown (the same draws, so the same intervals) */
	double cp[4];
	{
		rank_bt f;
		rank_position p;
		metrics_ci *c2i = malloc((M * AXES + 2 * M) * sizeof *c2i);
		double t = cpu();
		rank_bt_fit(v, nv, n_items, M, 0, &o, &f);
		cp[0] = cpu() - t;
		if (f.lo[0] != pl->lo[0])
			return 1;
		t = cpu();
		rank_bt_fit(v, nv, n_items, M, 1, &o, &f);
		cp[1] = cpu() - t;
		t = cpu();
		rank_position_bias(v, nv, n_items, &o, &p);
		cp[2] = cpu() - t;
		t = cpu();
		rank_ratio(obs, no, n_items, M * AXES + 2 * M, &o, c2i);
		cp[3] = cpu() - t;
		free(c2i);
	}
	double load[3] = {0, 0, 0};
	FILE *la_f = fopen("/proc/loadavg", "r");
	if (la_f) {
		if (fscanf(la_f, "%lf %lf %lf", &load[0], &load[1], &load[2]) != 3)
			load[0] = -1;
		fclose(la_f);
	}

	printf("stats_bench: %zu judgements on %u items (%u rated twice, %u same-rater swaps), %d models, "
	       "%u resamples, seed %llu\n",
	       nv, n_items, n_double, swaps, M, nboot, (unsigned long long)seed);
	printf("  rank_compute (counts, BT, length-controlled BT, position, 80 means/rates)  cpu %6.3f s  wall %6.3f s\n",
	       c1 - c0, w1 - w0);
	printf("  agree_compute_axes (7 axes x 5 statistics, %u items x 2 sides)           cpu %6.3f s  wall %6.3f s\n",
	       n_double, c2 - c1, w2 - w1);
	printf("  total                                                                    cpu %6.3f s  wall %6.3f s"
	       "   (target < 2 s)\n",
	       c2 - c0, w2 - w0);
	printf("  the parts alone (cpu): Bradley-Terry %.3f s, length-controlled %.3f s, position %.3f s, "
	       "means and rates %.3f s\n",
	       cp[0], cp[1], cp[2], cp[3]);
	printf("  peak RSS %ld MB; load average %.2f (cpu time is the figure to compare on a shared machine)\n",
	       ru.ru_maxrss / 1024, load[0]);
	printf("  plain fit %d Newton steps, %u resamples fitted, %u without a maximiser\n", pl->iterations,
	       pl->n_boot, pl->n_undef);
	printf("  length fit %d Newton steps, %u resamples fitted; beta %.3f per unit d [%.3f, %.3f] "
	       "(planted 1.0; ties, as half wins, shrink it)\n",
	       lc->iterations, lc->n_boot, lc->beta_raw, lc->beta_lo / lc->length_rms, lc->beta_hi / lc->length_rms);
	printf("  left side wins %.3f [%.3f, %.3f] of decisive votes; swaps %u: %u same, %u flipped, %u to a tie\n",
	       pos->left_share.est, pos->left_share.lo, pos->left_share.hi, pos->swap_pairs, pos->swap_same,
	       pos->swap_flipped, pos->swap_to_tie);
	printf("  model  words  planted  Elo [95%%]            length-controlled Elo [95%%]  correctness\n");
	for (int m = 0; m < M; m++)
		printf("  %5d  %5.0f  %7.2f  %4.0f [%4.0f, %4.0f]    %4.0f [%4.0f, %4.0f]            %.2f [%.2f, %.2f]\n", m,
		       wordmean[m], quality[m], rank_elo(pl->theta[m]), rank_elo(pl->lo[m]), rank_elo(pl->hi[m]),
		       rank_elo(lc->theta[m]), rank_elo(lc->lo[m]), rank_elo(lc->hi[m]), ci[m * AXES].est, ci[m * AXES].lo,
		       ci[m * AXES].hi);
	static const char *axn[AXES + 1] = {"correctness", "completeness", "conciseness", "clarity",
					    "harm extent", "harm likelihood", "pairwise choice"};
	printf("  axis             units  percent  kappa_q [95%%]          alpha_ord [95%%]\n");
	for (int a = 0; a <= AXES; a++)
		printf("  %-15s  %5zu  %.3f    %.3f [%.3f, %.3f]    %.3f [%.3f, %.3f]\n", axn[a], rep[a].n_items,
		       rep[a].percent.est, rep[a].cohen_quadratic.est, rep[a].cohen_quadratic.lo,
		       rep[a].cohen_quadratic.hi, rep[a].alpha.est, rep[a].alpha.lo, rep[a].alpha.hi);
	free(v);
	free(obs);
	free(ci);
	free(ma);
	free(mb);
	free(la);
	free(lb);
	for (int a = 0; a <= AXES; a++)
		free(ag[a]);
	return 0;
}
