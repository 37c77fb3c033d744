/* cmd_rating_copy.c — growthview rating-copy --out FILE.db [--rater NAME] [--db PATH]
 * (app/ratings_db.h). */
#include "app/cmd/cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cmd/cmdutil.h"
#include "app/ratings_db.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: growthview rating-copy --out FILE.db [--rater NAME] [--db PATH]\n"
		   "  A new database (mode 0600) for rating offline: the open queue items of one rater (or all),\n"
		   "  their children (pseudonymous, dates shifted, no names, ids or notes) and summaries.\n");
}

int cmd_rating_copy(int argc, char **argv)
{
	const char *db = NULL, *rater = NULL, *out = NULL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "--db") == 0 && i + 1 < argc) {
			db = argv[++i];
		} else if (strcmp(a, "--rater") == 0 && i + 1 < argc) {
			rater = argv[++i];
		} else if (strcmp(a, "--out") == 0 && i + 1 < argc) {
			out = argv[++i];
		} else {
			char *q = cmd_clean(a);
			fprintf(stderr, "growthview rating-copy: unknown option or argument '%s'\n", q ? q : "?");
			free(q);
			usage(stderr);
			return 2;
		}
	}
	if (!out) {
		fprintf(stderr, "growthview rating-copy: name the new database with --out FILE.db\n");
		usage(stderr);
		return 2;
	}
	gv_config cfg;
	gv_store *st;
	if (cmd_open("rating-copy", db, STORE_OPEN_READONLY | STORE_OPEN_NOCREATE, &cfg, &st) != 0)
		return 2;
	ratings_copy_counts n;
	fflush(stderr);
	int r = ratings_copy(st, out, rater, stderr, &n);
	if (r == 0) {
		char *name = cmd_clean(out);
		printf("%s: %ld items of %ld rater%s in %ld queue%s; %ld children, %ld measurements, %ld summaries\n",
		       name ? name : "?", n.items, n.raters, n.raters == 1 ? "" : "s", n.queues, n.queues == 1 ? "" : "s",
		       n.children, n.visits, n.summaries);
		free(name);
	}
	store_close(st);
	config_free(&cfg);
	return r;
}
