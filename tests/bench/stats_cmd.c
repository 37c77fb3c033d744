/* stats_cmd.c — `growthview stats` through the command, store to output (issue 15's target: 10
 * models, 50,000 pairwise judgements, 1,000 bootstrap resamples in < 2 s).
 *
 *   make build/bench/stats_cmd && ./build/bench/stats_cmd BIN [DB] [JUDGEMENTS]
 *
 * Writes (or reuses, when DB exists) a store through the store API: 5,000 children with a summary
 * of 200-1,200 characters by each of 10 models, 20 raters, one queue of pairs of models for the
 * same child (a fifth of them given to two raters) and every item rated and submitted — choices
 * drawn from a Bradley-Terry model with strengths 0.15 apart, a length preference and a left-side
 * bonus, scores from the model's quality.  Then runs BIN stats --db DB (text, then --json) with
 * 1,000 resamples and reports the wall time, the CPU time (user + system, from wait4) and the peak
 * RSS of each run.  Reports; asserts nothing. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "app/store.h"
#include "core/age.h"
#include "core/queue.h"
#include "core/rating.h"
#include "core/synth.h"

enum { MODELS = 10, CHILDREN = 5000, RATERS = 20 };

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void die(gv_store *st, const char *what)
{
	fprintf(stderr, "stats_cmd: %s: %s\n", what, st ? store_errmsg(st) : "");
	exit(1);
}

static int make_db(const char *path, long judgements)
{
	char err[512];
	gv_store *st;
	if (store_open(path, 0, &st, err, sizeof err) != STORE_OK) {
		fprintf(stderr, "stats_cmd: %s\n", err);
		return 1;
	}
	synth_rng rng;
	synth_rng_seed(&rng, 15, 1);
	static char model[MODELS][16];
	for (int m = 0; m < MODELS; m++)
		snprintf(model[m], sizeof model[m], "model-%02d", m);
	int64_t(*sid)[MODELS] = calloc(CHILDREN, sizeof *sid);
	int *len = calloc((size_t)CHILDREN * MODELS, sizeof *len);
	int64_t *pid = calloc(CHILDREN, sizeof *pid);
	if (!sid || !len || !pid)
		die(NULL, "out of memory");
	double t0 = now();
	if (store_begin(st) != STORE_OK)
		die(st, "begin");
	static char text[1400];
	for (int c = 0; c < CHILDREN; c++) {
		gv_patient p;
		record_patient_init(&p);
		snprintf(p.ext_id, sizeof p.ext_id, "B%05d", c);
		p.sex = c % 2 ? GV_MALE : GV_FEMALE;
		p.birth_date = age_days_from_civil(2015 + c % 8, 1 + c % 12, 1 + c % 28);
		if (store_patient_insert(st, &p, NULL, "bench", "bench") != STORE_OK)
			die(st, "patient");
		pid[c] = p.id;
		for (int m = 0; m < MODELS; m++) {
			int n = 200 + synth_rng_int(&rng, 0, 1000);
			len[c * MODELS + m] = n;
			for (int i = 0; i < n; i++)
				text[i] = i % 7 == 6 ? ' ' : (char)('a' + (i * 7 + m) % 26);
			text[n] = '\0';
			if (store_summary_add(st, p.id, STORE_BACKEND_IMPORTED, model[m], "bench", text, &sid[c][m]) !=
			    STORE_OK)
				die(st, "summary");
		}
	}
	if (store_commit(st) != STORE_OK)
		die(st, "commit");
	int64_t rid[RATERS];
	uint64_t rseed[RATERS];
	for (int r = 0; r < RATERS; r++) {
		char name[32];
		snprintf(name, sizeof name, "rater-%02d", r);
		store_rater x;
		if (store_rater_add(st, name, r % 3 ? STORE_ROLE_ANNOTATOR : STORE_ROLE_CLINICIAN, &x) != STORE_OK)
			die(st, "rater");
		rid[r] = x.id;
		rseed[r] = (uint64_t)r + 1;
	}
	/* items: a fifth of them to two raters, so items = judgements / 1.2 */
	size_t nitems = (size_t)((double)judgements / 1.2 + 0.5), na = 0;
	queue_item *items = calloc(nitems, sizeof *items);
	queue_assignment *a = calloc((size_t)judgements + 1, sizeof *a);
	size_t pos[RATERS] = {0};
	if (!items || !a)
		die(NULL, "out of memory");
	for (size_t i = 0; i < nitems; i++) {
		int c = synth_rng_int(&rng, 0, CHILDREN - 1), m1 = synth_rng_int(&rng, 0, MODELS - 1),
		    m2 = synth_rng_int(&rng, 0, MODELS - 2);
		if (m2 >= m1)
			m2++;
		items[i] = (queue_item){pid[c], sid[c][m1], sid[c][m2], model[m1], model[m2], 0, 0, 1};
		int two = na + 2 <= (size_t)judgements && i % 5 == 0;
		int r1 = synth_rng_int(&rng, 0, RATERS - 1), r2 = (r1 + 1 + synth_rng_int(&rng, 0, RATERS - 2)) % RATERS;
		for (int k = 0; k < 1 + two && na < (size_t)judgements; k++) {
			int r = k ? r2 : r1, sw = synth_rng_int(&rng, 0, 1);
			a[na++] = (queue_assignment){(size_t)r, pos[r]++, i, sw ? items[i].s2 : items[i].s1,
						     sw ? items[i].s1 : items[i].s2, sw};
		}
	}
	queue_plan plan = {items, nitems, a, na, nitems, 0, nitems, nitems / 5};
	store_queue_spec q = {"bench", "all", 15, "{}", rid, rseed, RATERS};
	int64_t qid;
	if (store_queue_create(st, &q, &plan, &qid) != STORE_OK)
		die(st, "queue");
	/* the ratings: every item of every rater, submitted */
	if (store_begin(st) != STORE_OK)
		die(st, "begin");
	long done = 0;
	for (int r = 0; r < RATERS; r++) {
		store_rate_item *it = NULL;
		size_t n = 0;
		if (store_rater_items(st, rid[r], qid, &it, &n, NULL) != STORE_OK)
			die(st, "items");
		for (size_t i = 0; i < n; i++) {
			/* ids are consecutive in a new store: child c, model m is sid[0][0] + c * MODELS + m */
			int ml = (int)((it[i].left - sid[0][0]) % MODELS), mr = (int)((it[i].right - sid[0][0]) % MODELS);
			int c = (int)((it[i].left - sid[0][0]) / MODELS);
			double ll = len[c * MODELS + ml], lr = len[c * MODELS + mr];
			double eta = 0.15 * (ml - mr) + 1.0 * (ll - lr) / (ll + lr) + 0.15;
			double p = 1 / (1 + exp(-eta)), u = synth_rng_uniform(&rng);
			rating rt;
			rating_init(&rt);
			rating_change ch;
			for (int s = 0; s < 2; s++) {
				int q0 = s ? mr : ml;
				for (int ax = 0; ax < 4; ax++) {
					int v = 2 + q0 / 4 + synth_rng_int(&rng, 0, 2);
					rating_set(&rt, s, (rating_field)ax, v > 5 ? 5 : v, &ch);
				}
				rating_set(&rt, s, RATING_F_HARM, RUBRIC_HARM_NONE, &ch);
			}
			int choice = u < 0.15 ? RUBRIC_TIE : synth_rng_uniform(&rng) < p ? RUBRIC_A_BETTER : RUBRIC_B_BETTER;
			rating_set(&rt, 0, RATING_F_CHOICE, choice, &ch);
			if (store_rating_submit(st, rid[r], it[i].item, &rt) != STORE_OK)
				die(st, "submit");
			rating_free(&rt);
			if (++done % 2000 == 0) {
				if (store_commit(st) != STORE_OK || store_begin(st) != STORE_OK)
					die(st, "commit");
			}
		}
		free(it);
	}
	if (store_commit(st) != STORE_OK)
		die(st, "commit");
	printf("stats_cmd: wrote %s: %d children, %d summaries, %zu items, %ld judgements by %d raters in %.1f s\n",
	       path, CHILDREN, CHILDREN * MODELS, nitems, done, RATERS, now() - t0);
	store_close(st);
	free(items);
	free(a);
	free(sid);
	free(len);
	free(pid);
	return 0;
}

/* Run bin stats --db db [extra] > /dev/null: wall, CPU and peak RSS. */
static void run(const char *bin, const char *db, const char *extra)
{
	fflush(stdout);
	double t0 = now();
	pid_t pid = fork();
	if (pid == 0) {
		if (!freopen("/dev/null", "w", stdout))
			_exit(127);
		setenv("GROWTHVIEW_CONFIG", "/dev/null", 1);
		if (extra)
			execl(bin, bin, "stats", "--db", db, "--resamples", "1000", extra, (char *)NULL);
		else
			execl(bin, bin, "stats", "--db", db, "--resamples", "1000", (char *)NULL);
		_exit(127);
	}
	int status;
	struct rusage ru;
	if (pid < 0 || wait4(pid, &status, 0, &ru) < 0) {
		perror("stats_cmd");
		return;
	}
	double wall = now() - t0;
	double cpu = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec * 1e-6 + (double)ru.ru_stime.tv_sec +
		     ru.ru_stime.tv_usec * 1e-6;
	double load[1] = {0};
	FILE *f = fopen("/proc/loadavg", "r");
	if (f) {
		if (fscanf(f, "%lf", &load[0]) != 1)
			load[0] = -1;
		fclose(f);
	}
	printf("stats %-8s exit %d: wall %.2f s, CPU %.2f s (user %.2f), peak RSS %.1f MB (load %.1f)\n",
	       extra ? extra : "(text)", WIFEXITED(status) ? WEXITSTATUS(status) : -1, wall, cpu,
	       (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec * 1e-6, ru.ru_maxrss / 1024.0, load[0]);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: stats_cmd BIN [DB] [JUDGEMENTS]\n");
		return 2;
	}
	const char *db = argc > 2 ? argv[2] : "build/bench/stats_cmd.db";
	long judgements = argc > 3 ? atol(argv[3]) : 50000;
	struct stat sb;
	if (stat(db, &sb) != 0 && make_db(db, judgements) != 0)
		return 1;
	for (int i = 0; i < 3; i++)
		run(argv[1], db, NULL);
	run(argv[1], db, "--json");
	return 0;
}
