/* prompt_bench.c — how fast core/ writes prompts and baseline summaries (issue #12: prompt +
 * baseline summary for 100,000 children in < 10 s on the 2-core machine).
 *
 *   make build/bench/prompt_bench && ./build/bench/prompt_bench [children] [threads] [seed] [main]
 *
 * For each synthetic child (core/synth.h, default cohort, today 2025-01-01): score it and compute
 * its flags (prompt_facts_compute), write the chat prompt (prompt_build: system, user and the
 * canonical text) and the clinician's baseline summary.  Then, on the same children, what the demo
 * adds: the JSON payload, the family summary and the two demo variants in both audiences (left out
 * with a fourth argument "main").
 *
 * The children are split between `threads` threads (default 2, the machine's cores), each with its
 * own facts/prompt/baseline handles reused from child to child, the way app/ calls core/ (nothing
 * is shared: core/ has no global state).  Reported: wall time (CLOCK_MONOTONIC) and CPU time
 * (CLOCK_PROCESS_CPUTIME_ID, all threads) per stage, and a checksum of every byte written (per
 * thread, combined in thread order), so that two runs or two machines can be compared for
 * determinism.  The machine is shared: the CPU time per child is the steadier figure.  Figures go
 * in the issue notes, never in tests. */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/age.h"
#include "core/synth.h"
#include "core/variants.h"

enum { STAGE_MAIN, STAGE_DEMO, NSTAGES };

typedef struct job {
	long from, to;
	uint64_t seed;
	int stage;
	uint64_t sum;
	size_t bytes, words;
	int failed;
} job;

static uint64_t fnv(uint64_t h, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= UINT64_C(0x100000001b3);
	}
	return h;
}

static double clock_s(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void *run(void *arg)
{
	job *j = arg;
	synth_config c;
	synth_default_config(&c, age_days_from_civil(2025, 1, 1));
	gv_visit v[SYNTH_MAX_VISITS];
	prompt_facts f;
	prompt p;
	baseline b;
	variant va;
	prompt_facts_init(&f);
	prompt_init(&p);
	baseline_init(&b);
	variants_init(&va);
	prompt_options clin, fam;
	prompt_default_options(&clin);
	prompt_default_options(&fam);
	fam.audience = GV_AUD_FAMILY;
	uint64_t h = UINT64_C(0xcbf29ce484222325);
	for (long i = j->from; i < j->to && !j->failed; i++) {
		gv_child ch;
		if (synth_child(&c, j->seed, (uint64_t)i, &ch, v, NULL) != GV_OK || prompt_facts_compute(&f, &ch, NULL) != GV_OK ||
		    prompt_build(&f, &clin, j->stage == STAGE_DEMO, &p) != GV_OK || baseline_write(&f, &clin, &b) != GV_OK) {
			j->failed = 1;
			break;
		}
		h = fnv(h, p.text.s, p.text.len);
		h = fnv(h, b.text.s, b.text.len);
		j->bytes += p.text.len + b.text.len;
		j->words += (size_t)b.words;
		if (j->stage != STAGE_DEMO)
			continue;
		h = fnv(h, p.json.s, p.json.len);
		j->bytes += p.json.len;
		for (int a = 0; a < 2; a++) {
			const prompt_options *o = a ? &fam : &clin;
			if (a && baseline_write(&f, o, &b) != GV_OK) {
				j->failed = 1;
				break;
			}
			if (a) {
				h = fnv(h, b.text.s, b.text.len);
				j->bytes += b.text.len;
			}
			for (int m = 1; m <= VARIANTS_NMODELS; m++) {
				if (variants_make(&f, &b, o, m, (uint64_t)i, &va) != GV_OK) {
					j->failed = 1;
					break;
				}
				h = fnv(h, va.text.s, va.text.len);
				j->bytes += va.text.len;
			}
		}
	}
	j->sum = h;
	variants_free(&va);
	baseline_free(&b);
	prompt_free(&p);
	prompt_facts_free(&f);
	return NULL;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 100000;
	int nt = argc > 2 ? atoi(argv[2]) : 2;
	uint64_t seed = argc > 3 ? strtoull(argv[3], NULL, 10) : 1;
	int nstages = argc > 4 && strcmp(argv[4], "main") == 0 ? 1 : NSTAGES;
	if (n < 1 || nt < 1 || nt > 64) {
		fprintf(stderr, "usage: prompt_bench [children] [threads 1-64] [seed] [main]\n");
		return 2;
	}
	static const char *const names[NSTAGES] = {"facts + chat prompt + clinician baseline",
						   "... + JSON + family baseline + 4 variants (demo)"};
	printf("prompt_bench: %ld synthetic children (seed %" PRIu64 "), %d thread%s\n", n, seed, nt, nt == 1 ? "" : "s");
	job *jobs = calloc((size_t)nt, sizeof *jobs);
	pthread_t *th = calloc((size_t)nt, sizeof *th);
	if (!jobs || !th)
		return 1;
	for (int stage = 0; stage < nstages; stage++) {
		double w0 = clock_s(CLOCK_MONOTONIC), c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
		for (int t = 0; t < nt; t++) {
			memset(&jobs[t], 0, sizeof jobs[t]);
			jobs[t].from = n * t / nt;
			jobs[t].to = n * (t + 1) / nt;
			jobs[t].seed = seed;
			jobs[t].stage = stage;
			if (pthread_create(&th[t], NULL, run, &jobs[t]) != 0) {
				fprintf(stderr, "prompt_bench: cannot start a thread\n");
				return 1;
			}
		}
		uint64_t sum = UINT64_C(0xcbf29ce484222325);
		size_t bytes = 0, words = 0;
		for (int t = 0; t < nt; t++) {
			pthread_join(th[t], NULL);
			if (jobs[t].failed) {
				fprintf(stderr, "prompt_bench: a child failed in thread %d\n", t);
				return 1;
			}
			sum = fnv(sum, (const char *)&jobs[t].sum, sizeof jobs[t].sum);
			bytes += jobs[t].bytes;
			words += jobs[t].words;
		}
		double wall = clock_s(CLOCK_MONOTONIC) - w0, cpu = clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
		printf("  %-50s wall %6.2f s  cpu %6.2f s (%5.1f us/child)  %7.1f MB  checksum %016" PRIx64 "\n", names[stage],
		       wall, cpu, 1e6 * cpu / (double)n, (double)bytes / 1e6, sum);
		if (stage == STAGE_MAIN)
			printf("  mean clinician baseline: %.1f words\n", (double)words / (double)n);
	}
	free(jobs);
	free(th);
	return 0;
}
