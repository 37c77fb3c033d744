/* cmd_import_summaries.c — growthview import-summaries [--db PATH] FILE.jsonl... (app/import_sum.h). */
#include "app/cmd/cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cmd/cmdutil.h"
#include "app/import_sum.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: growthview import-summaries [--db PATH] FILE.jsonl...\n"
		   "  One JSON object a line: patient_id, model, text; optional summary_id, audience,\n"
		   "  created, params, prompt_sha256.  Bad lines are reported as FILE:LINE and skipped.\n");
}

int cmd_import_summaries(int argc, char **argv)
{
	const char *db = NULL;
	int first = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "--db") == 0 && i + 1 < argc) {
			db = argv[++i];
		} else if (strcmp(a, "--") == 0) {
			if (!first && i + 1 < argc)
				first = i + 1;
			break;
		} else if (a[0] == '-' && a[1] != '\0') {
			fprintf(stderr, "growthview import-summaries: unknown option '%s'\n", a);
			usage(stderr);
			return 2;
		} else if (!first) {
			first = i;
		}
	}
	if (!first) {
		fprintf(stderr, "growthview import-summaries: name a FILE.jsonl (- for standard input)\n");
		usage(stderr);
		return 2;
	}
	gv_config cfg;
	gv_store *st;
	if (cmd_open("import-summaries", db, 0, &cfg, &st) != 0)
		return 2;
	int status = 0;
	for (int i = first; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0) {
			i++;
			continue;
		}
		if (strcmp(argv[i], "--") == 0)
			continue;
		import_sum_counts n = {0, 0, 0, 0};
		int r = import_summaries(st, argv[i], stderr, &n);
		char *name = cmd_clean(argv[i]);
		if (r != 2)
			fprintf(stderr, "%s: %ld summaries imported, %ld already stored, %ld bad lines\n", name ? name : "?",
				n.added, n.existing, n.bad);
		free(name);
		if (r > status)
			status = r;
	}
	store_close(st);
	config_free(&cfg);
	return status;
}
