/*
 * cmd_export_benchmark.c — growthview export-benchmark [--db PATH] [--out FILE.jsonl] [--identified]
 *
 * Writes the labelled benchmark dataset (app/benchexp.h: one JSON record a line, the fields of
 * schema/benchmark.schema.json) to FILE.jsonl (default benchmark.jsonl) and its datasheet in
 * Markdown beside it: FILE.datasheet.md (the name without ".jsonl", plus ".datasheet.md").
 * De-identified unless --identified.  Both files are written under temporary names in FILE's
 * directory and renamed at the end, so a failed run leaves the previous ones.  Exit status 0, or 2
 * on a usage, store or write error.
 */
#include "app/cmd/cmd.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/benchexp.h"
#include "app/cmd/cmdutil.h"
#include "app/config.h"
#include "app/store.h"

#ifndef GV_VERSION
#define GV_VERSION "0.1.0"
#endif

static void usage(FILE *f)
{
	fprintf(f, "usage: growthview export-benchmark [--db PATH] [--out FILE.jsonl] [--identified]\n"
		   "  --out FILE.jsonl  the records (default benchmark.jsonl); the datasheet goes to FILE.datasheet.md\n"
		   "  --identified      keep names, external ids and dates (default: de-identified)\n");
}

static void say_file(const char *what, const char *path, int e)
{
	char *c = cmd_clean(path);
	fprintf(stderr, "growthview export-benchmark: cannot %s %s: %s\n", what, c ? c : "?", strerror(e));
	free(c);
}

int cmd_export_benchmark(int argc, char **argv)
{
	const char *db = NULL, *out = "benchmark.jsonl";
	int identified = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "--db") == 0 && i + 1 < argc) {
			db = argv[++i];
		} else if (strcmp(a, "--out") == 0 && i + 1 < argc) {
			out = argv[++i];
		} else if (strcmp(a, "--identified") == 0) {
			identified = 1;
		} else {
			char *c = cmd_clean(a);
			fprintf(stderr, "growthview export-benchmark: %s '%s'\n",
				(strcmp(a, "--db") == 0 || strcmp(a, "--out") == 0) && i + 1 == argc ? "missing value after"
												  : "unknown argument",
				c ? c : "?");
			free(c);
			usage(stderr);
			return 2;
		}
	}
	if (!*out) {
		fprintf(stderr, "growthview export-benchmark: --out needs a file name\n");
		return 2;
	}
	size_t n = strlen(out);
	size_t stem = n > 6 && strcmp(out + n - 6, ".jsonl") == 0 ? n - 6 : n;
	char *sheet = malloc(stem + 16);
	if (!sheet) {
		fprintf(stderr, "growthview export-benchmark: out of memory\n");
		return 2;
	}
	snprintf(sheet, stem + 16, "%.*s.datasheet.md", (int)stem, out);

	gv_config cfg;
	gv_store *st;
	if (cmd_open("export-benchmark", db, STORE_OPEN_READONLY, &cfg, &st) != 0) {
		free(sheet);
		return 2;
	}
	benchexp_opts o;
	memset(&o, 0, sizeof o);
	o.identified = identified;
	flags_default_options(&o.fo, (gv_ruleset)cfg.rules);
	o.version = GV_VERSION;
	const char *base = strrchr(out, '/');
	o.out_name = base ? base + 1 : out;
	benchexp_stats *s = calloc(1, sizeof *s);
	int rc = 0, e;
	/* Both files are written under temporary names and renamed when both are complete (a failed
	 * run keeps the previous ones); a device or FIFO (/dev/null, /dev/stdout) is written as it is,
	 * without a datasheet beside it. */
	cmd_out fo, so;
	memset(&so, 0, sizeof so);
	if (!s) {
		fprintf(stderr, "growthview export-benchmark: out of memory\n");
		rc = 2;
	} else if ((e = cmd_out_open(&fo, out)) != 0) {
		say_file("write", out, e);
		rc = 2;
	} else {
		setvbuf(fo.f, NULL, _IOFBF, 1 << 20);
		char err[512];
		if (benchexp_run(st, &o, fo.f, s, err, sizeof err) != 0) {
			fprintf(stderr, "growthview export-benchmark: %s\n", err);
			rc = 2;
		}
		if (!rc && !fo.direct) {
			if ((e = cmd_out_open(&so, sheet)) != 0) {
				say_file("write", sheet, e);
				rc = 2;
			} else if (benchexp_datasheet(so.f, &o, s) != 0) {
				say_file("write", sheet, ferror(so.f) && errno ? errno : EIO);
				rc = 2;
			}
		}
		if (!rc && (e = cmd_out_commit(&fo)) != 0) {
			say_file("write", out, e);
			rc = 2;
		}
		if (!rc && so.f && (e = cmd_out_commit(&so)) != 0) {
			say_file("write", sheet, e);
			rc = 2;
		}
		if (rc) {
			cmd_out_abort(&fo);
			cmd_out_abort(&so);
		}
	}
	if (!rc)
		fprintf(stderr,
			"growthview export-benchmark: %ld records (%ld summary, %ld rated_pair) of %ld children%s; "
			"%s%s\n",
			s->records_summary + s->records_pair, s->records_summary, s->records_pair, s->children_with_records,
			identified ? ", IDENTIFIED" : ", de-identified",
			fo.direct ? "no datasheet: the output is not a regular file" : "datasheet ", fo.direct ? "" : sheet);
	free(s);
	free(sheet);
	store_close(st);
	config_free(&cfg);
	return rc;
}
