/* synth_bench.c — how fast core/synth generates a cohort (target: 100,000 children, including
 * the caller's database insert, well under 5 s; the generator alone should take about 1 s).
 *
 *   make build/bench/synth_bench && ./build/bench/synth_bench [children] [seed]
 *
 * Prints the wall time (CLOCK_MONOTONIC) of generating the children one after the other on one
 * core, children and visits per second, and a checksum of every generated field so that two runs
 * (or two machines) can be compared for byte-for-byte determinism. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/age.h"
#include "core/synth.h"

/* FNV-1a over bytes. */
static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= UINT64_C(0x100000001b3);
	}
	return h;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 100000;
	uint64_t seed = argc > 2 ? strtoull(argv[2], NULL, 10) : 1;
	synth_config c;
	synth_default_config(&c, age_days_from_civil(2025, 1, 1));
	gv_visit v[SYNTH_MAX_VISITS];
	synth_truth t;
	long visits = 0, labelled = 0;
	uint64_t h = UINT64_C(0xcbf29ce484222325);
	double best = 1e9;
	for (int rep = 0; rep < 3; rep++) {
		double t0 = now();
		visits = labelled = 0;
		for (long i = 0; i < n; i++) {
			gv_child ch;
			if (synth_child(&c, seed, (uint64_t)i, &ch, v, &t) != GV_OK) {
				fprintf(stderr, "synth_bench: child %ld: generation failed\n", i);
				return 1;
			}
			visits += (long)ch.nv;
			labelled += ch.p.labels != 0;
			if (rep == 0) {
				/* Field by field: struct padding is not part of the output. */
				h = fnv(h, ch.p.ext_id, strlen(ch.p.ext_id));
				h = fnv(h, ch.p.name, strlen(ch.p.name));
				h = fnv(h, &ch.p.sex, sizeof ch.p.sex);
				h = fnv(h, &ch.p.birth_date, sizeof ch.p.birth_date);
				h = fnv(h, &ch.p.ga_weeks, sizeof ch.p.ga_weeks);
				h = fnv(h, &ch.p.ga_days, sizeof ch.p.ga_days);
				h = fnv(h, &ch.p.mother_height_cm, sizeof(double));
				h = fnv(h, &ch.p.father_height_cm, sizeof(double));
				h = fnv(h, &ch.p.labels, sizeof ch.p.labels);
				for (size_t j = 0; j < ch.nv; j++) {
					const gv_visit *g = &ch.v[j];
					h = fnv(h, &g->date, sizeof g->date);
					h = fnv(h, &g->time_min, sizeof g->time_min);
					h = fnv(h, &g->weight_kg, sizeof(double));
					h = fnv(h, &g->height_cm, sizeof(double));
					h = fnv(h, &g->head_cm, sizeof(double));
					h = fnv(h, &g->muac_cm, sizeof(double));
					h = fnv(h, &g->position, 1);
				}
			}
		}
		double dt = now() - t0;
		if (dt < best)
			best = dt;
	}
	printf("synth_bench: %ld children (%ld labelled), %ld visits, seed %" PRIu64 "\n", n, labelled, visits, seed);
	printf("synth_bench: best of 3: %.3f s, %.0f children/s, %.0f visits/s\n", best, n / best, visits / best);
	printf("synth_bench: checksum %016" PRIx64 "\n", h);
	return 0;
}
