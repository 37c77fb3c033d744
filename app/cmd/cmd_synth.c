/*
 * cmd_synth.c — growthview synth --patients N --seed S [--db PATH] [--today YYYY-MM-DD]
 *
 * Creates N synthetic children (core/synth.h) with their visits in the patient store, in one
 * transaction: a crash or a kill leaves all of them or none.  Child i of seed S is the same on
 * every machine; its external id is "SYN-S-i" (zero-padded), so two cohorts with different seeds
 * can share a database, and running the same command twice adds nothing the second time.
 * Generation runs on worker threads (children are independent), the inserts on this thread.
 */
#include "app/cmd/cmd.h"

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/cmd/cmdutil.h"
#include "app/config.h"
#include "app/store.h"
#include "app/synthdb.h"
#include "core/age.h"
#include "core/synth.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: growthview synth --patients N --seed S [--db PATH] [--today YYYY-MM-DD]\n"
		   "  Adds N synthetic children with planted, labelled conditions (see man growthview).\n");
}

static int parse_u64(const char *s, uint64_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-')
		return 0;
	*out = v;
	return 1;
}

int cmd_synth(int argc, char **argv)
{
	const char *db = NULL, *today_s = NULL;
	uint64_t n = 0, seed = 0;
	int have_n = 0, have_seed = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "--patients") == 0 && i + 1 < argc) {
			if (!parse_u64(argv[++i], &n) || n == 0 || n > 10000000) {
				fprintf(stderr, "growthview synth: --patients must be 1 to 10000000 (got '%s')\n", argv[i]);
				return 2;
			}
			have_n = 1;
		} else if (strcmp(a, "--seed") == 0 && i + 1 < argc) {
			if (!parse_u64(argv[++i], &seed)) {
				fprintf(stderr, "growthview synth: --seed must be a non-negative integer (got '%s')\n", argv[i]);
				return 2;
			}
			have_seed = 1;
		} else if (strcmp(a, "--db") == 0 && i + 1 < argc) {
			db = argv[++i];
		} else if (strcmp(a, "--today") == 0 && i + 1 < argc) {
			today_s = argv[++i];
		} else {
			fprintf(stderr, "growthview synth: unknown argument '%s'\n", a);
			usage(stderr);
			return 2;
		}
	}
	if (!have_n || !have_seed) {
		fprintf(stderr, "growthview synth: --patients and --seed are required\n");
		usage(stderr);
		return 2;
	}
	int32_t today = config_today();
	if (today_s && age_parse_date(today_s, strlen(today_s), &today) != GV_OK) {
		fprintf(stderr, "growthview synth: --today '%s' is not a date (YYYY-MM-DD)\n", today_s);
		return 2;
	}

	gv_config cfg;
	char err[1024];
	gv_store *st;
	if (cmd_open("synth", db, 0, &cfg, &st) != 0)
		return 2;
	synthdb_counts c;
	int rc = synthdb_fill(st, seed, n, today, cfg.user, cfg.rules, &c, err, sizeof err);
	if (rc != 0) {
		fprintf(stderr, "growthview synth: %s: %s\n", cfg.db, err);
	} else {
		printf("%s: seed %" PRIu64 ": %ld patients added (%ld already there), %ld measurements; "
		       "%ld with a planted condition, %ld with a data-entry error\n",
		       cfg.db, seed, c.added, c.existing, c.visits, c.conditions, c.errors);
	}
	store_close(st);
	config_free(&cfg);
	return rc ? 2 : 0;
}
