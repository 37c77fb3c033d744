/* cmd_import_ratings.c — growthview import-ratings [--db PATH] FILE.jsonl (app/ratings_db.h). */
#include "app/cmd/cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cmd/cmdutil.h"
#include "app/ratings_db.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: growthview import-ratings [--db PATH] FILE.jsonl\n"
		   "  Ratings written by export-ratings (here or in a rating copy), all or nothing: a bad line\n"
		   "  is reported as FILE:LINE and nothing is imported; the same rating again changes nothing;\n"
		   "  a different rating of the same item and rater is a conflict: the later one wins.\n");
}

int cmd_import_ratings(int argc, char **argv)
{
	const char *db = NULL, *file = NULL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "--db") == 0 && i + 1 < argc) {
			db = argv[++i];
		} else if ((a[0] == '-' && a[1] != '\0') || file) {
			char *q = cmd_clean(a);
			fprintf(stderr, "growthview import-ratings: unknown option or extra argument '%s'\n", q ? q : "?");
			free(q);
			usage(stderr);
			return 2;
		} else {
			file = a;
		}
	}
	if (!file) {
		fprintf(stderr, "growthview import-ratings: name a FILE.jsonl (- for standard input)\n");
		usage(stderr);
		return 2;
	}
	gv_config cfg;
	gv_store *st;
	if (cmd_open("import-ratings", db, STORE_OPEN_NOCREATE, &cfg, &st) != 0)
		return 2;
	ratings_import_counts n;
	int r = ratings_import(st, file, stderr, &n);
	char *name = cmd_clean(strcmp(file, "-") == 0 ? "(stdin)" : file);
	if (r == 0)
		fprintf(stderr, "%s: %ld ratings: %ld added, %ld replaced, %ld unchanged, %ld conflicts kept the stored one\n",
			name ? name : "?", n.lines, n.added, n.replaced, n.unchanged, n.kept);
	else if (r == 1)
		fprintf(stderr, "%s: %ld bad lines of %ld: nothing imported\n", name ? name : "?", n.bad, n.lines);
	else
		fprintf(stderr, "%s: nothing imported\n", name ? name : "?");
	free(name);
	store_close(st);
	config_free(&cfg);
	return r;
}
