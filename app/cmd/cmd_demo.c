/*
 * cmd_demo.c — growthview demo [--db PATH] [--patients N] [--seed S] [TUI OPTIONS]
 *
 * Creates a demo database of synthetic children (200 by default, seed 2026), with summaries of them
 * (the baseline and the synthetic demo-variant-1 and -2, both audiences: app/sumgen.h), unless the file
 * already exists, then opens it in the full-screen interface.  The demo database is never the
 * clinical one: by default it is $XDG_DATA_HOME/growthview/demo.db.  When standard output is not
 * a terminal (a script, CI) it only creates the database and says where it is.
 */
#include "app/cmd/cmd.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/config.h"
#include "app/flagcache.h"
#include "app/queuebuild.h"
#include "app/store.h"
#include "app/sumgen.h"
#include "app/synthdb.h"

#define DEMO_PATIENTS 200
#define DEMO_SEED 2026
/* Children given summaries (baseline and two synthetic variants, both audiences) when the demo
 * database is made; `summarize --model baseline` writes the others' baselines. */
#define DEMO_SUMMARY_PATIENTS 2000

/* The demo rater and its queue: pairs of the two synthetic variants' summaries of a child, with
 * gold items among them (the baseline against a variant with planted mistakes), so a newcomer can
 * rate at once (`growthview rate --rater demo`). */
#define DEMO_RATER "demo"
#define DEMO_QUEUE_ITEMS 20
#define DEMO_QUEUE_GOLD 0.3

static void usage(FILE *f)
{
	fprintf(f, "usage: growthview demo [--db PATH] [--patients N] [--seed S] [--ascii] [--no-color] [--read-only]\n"
		   "  Creates a demo database of synthetic children if it does not exist, and opens it.\n");
}

/* mkdir -p with mode 0700 for the directory part of path. */
static int make_parents(const char *path, char *err, size_t errsz)
{
	char dir[4096];
	snprintf(dir, sizeof dir, "%s", path);
	char *slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return 0;
	*slash = '\0';
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			snprintf(err, errsz, "cannot create %.900s: %s", dir, strerror(errno));
			return -1;
		}
		*p = '/';
	}
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		snprintf(err, errsz, "cannot create %.900s: %s", dir, strerror(errno));
		return -1;
	}
	return 0;
}

static int default_demo_path(char *out, size_t n)
{
	const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
	if (xdg && xdg[0] == '/')
		snprintf(out, n, "%s/growthview/demo.db", xdg);
	else if (home && *home)
		snprintf(out, n, "%s/.local/share/growthview/demo.db", home);
	else
		return -1;
	return 0;
}

/* Give the demo database its demo rater and queue when it has none (a database made before them
 * gets them once); one look-up when it has.  In one transaction: a rater never lacks its queue.
 * 0, or -1 with the reason in err. */
static int demo_queue(gv_store *st, uint64_t seed, long *items, char *err, size_t errsz)
{
	*items = 0;
	store_rater r;
	store_rc sr = store_rater_get(st, DEMO_RATER, &r);
	if (sr == STORE_OK || store_is_readonly(st))
		return 0;
	if (sr != STORE_NOTFOUND || store_begin(st) != STORE_OK) {
		snprintf(err, errsz, "%s", store_errmsg(st));
		return -1;
	}
	const char *models[] = {"demo-variant-1", "demo-variant-2"}, *raters[] = {DEMO_RATER};
	queuebuild_opts o = {models, 2, raters, 1, 0, NULL, 0, 0, DEMO_QUEUE_GOLD, DEMO_QUEUE_ITEMS, seed, "demo"};
	queuebuild_result res;
	int rc = store_rater_add(st, DEMO_RATER, STORE_ROLE_ANNOTATOR, NULL) == STORE_OK ? 0 : -1;
	if (rc != 0)
		snprintf(err, errsz, "%s", store_errmsg(st));
	else if ((rc = queuebuild_run(st, &o, &res, err, errsz)) == 0)
		*items = (long)res.nassigned;
	queuebuild_result_free(&res);
	if (rc == 0 && store_commit(st) == STORE_OK)
		return 0;
	if (rc == 0)
		snprintf(err, errsz, "%s", store_errmsg(st));
	store_rollback(st);
	return -1;
}

int cmd_demo(int argc, char **argv)
{
	char path[4096] = "", err[1024];
	uint64_t n = DEMO_PATIENTS, seed = DEMO_SEED;
	char *tui_argv[20];
	int tui_argc = 0;
	tui_argv[tui_argc++] = argv[0];
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "--db") == 0 && i + 1 < argc) {
			snprintf(path, sizeof path, "%s", argv[++i]);
		} else if (strcmp(a, "--patients") == 0 && i + 1 < argc) {
			n = strtoull(argv[++i], NULL, 10);
			if (n == 0 || n > 1000000) {
				fprintf(stderr, "growthview demo: --patients must be 1 to 1000000\n");
				return 2;
			}
		} else if (strcmp(a, "--seed") == 0 && i + 1 < argc) {
			seed = strtoull(argv[++i], NULL, 10);
		} else if ((strcmp(a, "--ascii") == 0 || strcmp(a, "--no-color") == 0 || strcmp(a, "--read-only") == 0) &&
			   tui_argc < 12) {
			tui_argv[tui_argc++] = argv[i];
		} else {
			fprintf(stderr, "growthview demo: unknown argument '%s'\n", a);
			usage(stderr);
			return 2;
		}
	}
	if (!path[0] && default_demo_path(path, sizeof path) != 0) {
		fprintf(stderr, "growthview demo: neither XDG_DATA_HOME nor HOME is set: give --db PATH\n");
		return 2;
	}
	if (make_parents(path, err, sizeof err) != 0) {
		fprintf(stderr, "growthview demo: %s\n", err);
		return 2;
	}

	struct stat sb;
	int exists = stat(path, &sb) == 0;
	gv_store *st;
	if (store_open(path, 0, &st, err, sizeof err) != STORE_OK) {
		fprintf(stderr, "growthview demo: %s\n", err);
		return 2;
	}
	long np = 0, nv = 0;
	if (store_counts(st, &np, &nv) != STORE_OK) {
		fprintf(stderr, "growthview demo: %s\n", store_errmsg(st));
		store_close(st);
		return 2;
	}
	if (!exists || np == 0) {
		gv_config cfg;
		if (config_load(&cfg, path, err, sizeof err) != 0) {
			fprintf(stderr, "growthview demo: %s\n", err);
			store_close(st);
			return 2;
		}
		synthdb_counts c;
		gv_flag_options fo;
		flags_default_options(&fo, cfg.rules == CONFIG_RULES_WHO ? GV_RULES_WHO : GV_RULES_US);
		int rc = flagcache_check_rules(st, &fo, NULL) == STORE_OK ? 0 : -1;
		if (rc != 0)
			snprintf(err, sizeof err, "%s", store_errmsg(st));
		else
			rc = synthdb_fill(st, seed, n, config_today(), cfg.user, fo.rules, &c, err, sizeof err);
		long nsum = 0;
		if (rc == 0)
			rc = sumgen_fill_demo(st, &fo, seed, DEMO_SUMMARY_PATIENTS, &nsum, err, sizeof err);
		config_free(&cfg);
		if (rc != 0) {
			fprintf(stderr, "growthview demo: %s: %s\n", path, err);
			store_close(st);
			return 2;
		}
		np = c.added;
		nv = c.visits;
		fprintf(stderr,
			"growthview demo: created %s: %ld synthetic children (seed %" PRIu64 "), %ld measurements, %ld summaries\n",
			path, np, seed, nv, nsum);
	}
	long nitems = 0;
	if (demo_queue(st, seed, &nitems, err, sizeof err) != 0)
		fprintf(stderr, "growthview demo: warning: no rating queue for the demo rater: %s\n", err);
	else if (nitems > 0)
		fprintf(stderr, "growthview demo: rater %s has a queue of %ld pairs of summaries to rate\n", DEMO_RATER, nitems);
	store_close(st);
	if (!isatty(STDOUT_FILENO) || !isatty(STDIN_FILENO)) {
		printf("demo database: %s (%ld children, %ld measurements)\nopen it with: growthview --db %s\n", path, np,
		       nv, path);
		return 0;
	}
	tui_argv[tui_argc++] = (char *)(uintptr_t)"--db";
	tui_argv[tui_argc++] = path;
	tui_argv[tui_argc++] = (char *)(uintptr_t)"--rater"; /* R on the list rates as the demo rater */
	tui_argv[tui_argc++] = (char *)(uintptr_t)DEMO_RATER;
	tui_argv[tui_argc] = NULL;
	return cmd_tui(tui_argc, tui_argv);
}
