/* claims_bench.c — how fast the claim checker reads and judges a summary (issue #14: under 1 ms
 * per summary of 150 words).
 *
 *   make build/bench/claims_bench && ./build/bench/claims_bench [summaries]
 *
 * Checks a 150-word clinician summary against synthetic children (core/synth.h, cohort 7) one
 * after the other on one core, and prints the best of three runs of: extraction alone
 * (claims_extract), judging against a child whose engine results are already computed
 * (claims_judge, the case of `growthview check --all`, several summaries per child), and the whole
 * check including the child's engine results and flags (claims_check). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/age.h"
#include "core/claims.h"
#include "core/synth.h"

static const char summary[] =
	"This 17-month-old boy was born at term. At his most recent visit he weighed 9.47 kg, which places him "
	"at the 10th percentile for weight on the WHO growth standards (z -1.26), and his length of 81.5 cm is "
	"close to the 42nd percentile. His head circumference is 48.5 cm, around the 80th percentile. Looking "
	"back over the record, his weight rose well in the first two months and then dropped sharply between 2 "
	"and 9 months, falling from around the 68th percentile to the 5th percentile. At 6 months he weighed "
	"7.75 kg. Since then his weight has climbed back to around the 10th percentile. Because the drop crossed "
	"three major percentile lines, this meets the criteria for failure to thrive. His mid-upper arm "
	"circumference of 11.8 cm at 9 months is in the range of moderate acute malnutrition. He is not "
	"stunted: his length has stayed between the 25th and 42nd percentiles. I would recommend a referral to a "
	"paediatric dietitian and a weight check in four weeks.";

/* CPU time of this process: the machine is shared, and waiting for a core is not the checker's
 * cost (the wall time is printed too). */
static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double wall(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int words(const char *s)
{
	int n = 0, in = 0;
	for (; *s; s++) {
		int w = *s != ' ';
		n += w && !in;
		in = w;
	}
	return n;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 20000;
	if (n < 1)
		n = 1;
	synth_config cfg;
	synth_default_config(&cfg, age_days_from_civil(2025, 1, 1));
	enum { NKIDS = 64 };
	static gv_visit v[NKIDS][SYNTH_MAX_VISITS];
	gv_child kids[NKIDS];
	claims_child *cc[NKIDS];
	for (int i = 0, idx = 0; i < NKIDS; idx++) {
		if (synth_child(&cfg, 7, (uint64_t)idx, &kids[i], v[i], NULL) != GV_OK) {
			fprintf(stderr, "claims_bench: child %d failed\n", idx);
			return 1;
		}
		if (kids[i].nv == 0) /* born after the cohort's "today": nothing to check against */
			continue;
		if (claims_child_new(&kids[i], NULL, &cc[i]) != GV_OK) {
			fprintf(stderr, "claims_bench: child %d: engine results failed\n", idx);
			return 1;
		}
		i++;
	}
	size_t len = sizeof summary - 1;
	double best[3] = {1e9, 1e9, 1e9}, bestwall = 1e9;
	size_t claims = 0, contradicted = 0;
	for (int rep = 0; rep < 3; rep++) {
		double t0 = now(), w0 = wall();
		for (long i = 0; i < n; i++) {
			claims_result r;
			if (claims_extract(summary, len, &r) != GV_OK)
				return 1;
			claims = r.n;
			claims_free(&r);
		}
		double t1 = now();
		for (long i = 0; i < n; i++) {
			claims_result r;
			if (claims_judge(cc[i % NKIDS], summary, len, &r) != GV_OK)
				return 1;
			if (i < NKIDS)
				for (size_t j = 0; j < r.n; j++)
					contradicted += rep == 0 && r.claims[j].verdict == CLAIM_CONTRADICTED;
			claims_free(&r);
		}
		double t2 = now(), w2 = wall();
		if ((w2 - w0) / (2.0 * n) < bestwall)
			bestwall = (w2 - w0) / (2.0 * n);
		long m = n / 10 > 0 ? n / 10 : 1;
		for (long i = 0; i < m; i++) {
			claims_result r;
			if (claims_check(summary, len, &kids[i % NKIDS], NULL, &r) != GV_OK)
				return 1;
			claims_free(&r);
		}
		double t3 = now();
		double e = (t1 - t0) / n, j = (t2 - t1) / n, c = (t3 - t2) / m;
		best[0] = e < best[0] ? e : best[0];
		best[1] = j < best[1] ? j : best[1];
		best[2] = c < best[2] ? c : best[2];
	}
	for (int i = 0; i < NKIDS; i++)
		claims_child_free(cc[i]);
	printf("claims: summary of %d words, %zu claims; best of 3 runs of %ld summaries, CPU time:\n", words(summary), claims, n);
	printf("  extract        %8.1f us per summary\n", best[0] * 1e6);
	printf("  judge          %8.1f us per summary (child's engine results computed once; %zu verdicts "
	       "'contradicted' over %d children)\n",
	       best[1] * 1e6, contradicted, NKIDS);
	printf("  check (+child) %8.1f us per summary (engine results and flags of the child each time)\n", best[2] * 1e6);
	printf("  (wall time of extract + judge: %.1f us per summary)\n", bestwall * 1e6);
	printf("  target < 1000 us per summary of 150 words: %s\n", best[1] < 1e-3 && best[2] < 1e-3 ? "met" : "NOT MET");
	return 0;
}
