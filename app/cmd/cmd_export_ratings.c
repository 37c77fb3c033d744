/* cmd_export_ratings.c — growthview export-ratings [--db PATH] [--rater NAME] [--out FILE.jsonl]
 * (app/ratings_db.h, the format app/ratings_io.h). */
#include "app/cmd/cmd.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/cmd/cmdutil.h"
#include "app/ratings_db.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: growthview export-ratings [--db PATH] [--rater NAME] [--out FILE.jsonl]\n"
		   "  Every rating (or one rater's) as JSON Lines, one rating a line, keyed by queue, rater and\n"
		   "  position; to standard output unless --out (made mode 0600, replaced only when complete).\n");
}

static int put(FILE *out, const char *p, size_t n)
{
	return cmd_write(out, p, n) == 0 && !ferror(out) ? 0 : -1;
}

int cmd_export_ratings(int argc, char **argv)
{
	const char *db = NULL, *rater = NULL, *outp = NULL;
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
			outp = argv[++i];
		} else {
			char *q = cmd_clean(a);
			fprintf(stderr, "growthview export-ratings: unknown option or argument '%s'\n", q ? q : "?");
			free(q);
			usage(stderr);
			return 2;
		}
	}
	gv_config cfg;
	gv_store *st;
	if (cmd_open("export-ratings", db, STORE_OPEN_READONLY | STORE_OPEN_NOCREATE, &cfg, &st) != 0)
		return 2;
	FILE *out = stdout;
	char *shown = NULL;
	cmd_out fo;
	memset(&fo, 0, sizeof fo);
	int status = 2;
	if (outp) {
		/* A new file beside the target, renamed over it once complete: a failed export leaves
		 * whatever was there (a device or FIFO is written as it is). */
		shown = cmd_clean(outp);
		if (!shown) {
			fprintf(stderr, "growthview export-ratings: out of memory\n");
			goto done;
		}
		int e = cmd_out_open(&fo, outp);
		if (e) {
			fprintf(stderr, "growthview export-ratings: %s: %s\n", shown, strerror(e));
			goto done;
		}
		out = fo.f;
	}
	long n = 0;
	FILE *msg = stderr;
	fflush(stderr);
	status = ratings_export(st, rater, put, out, msg, &n);
	if (outp) {
		int e = 0;
		if (status == 0 && (e = cmd_out_commit(&fo)) != 0) {
			fprintf(stderr, "growthview export-ratings: %s: %s\n", shown, strerror(e));
			status = 2;
		}
		if (status != 0)
			cmd_out_abort(&fo);
		else
			fprintf(stderr, "%s: %ld ratings\n", shown, n);
	}
done:
	free(shown);
	store_close(st);
	config_free(&cfg);
	return status;
}
