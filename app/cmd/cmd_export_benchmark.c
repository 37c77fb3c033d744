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

/* Close f (flushed, synced); 0, or the errno of the failure. */
static int close_file(FILE *f)
{
	int e = 0;
	if (fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0)
		e = errno ? errno : EIO;
	if (fclose(f) != 0 && !e)
		e = errno ? errno : EIO;
	return e;
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
	char *sheet = malloc(stem + 16), *tmp = malloc(n + 32), *stmp = malloc(stem + 48);
	if (!sheet || !tmp || !stmp) {
		free(sheet);
		free(tmp);
		free(stmp);
		fprintf(stderr, "growthview export-benchmark: out of memory\n");
		return 2;
	}
	snprintf(sheet, stem + 16, "%.*s.datasheet.md", (int)stem, out);
	snprintf(tmp, n + 32, "%s.tmp.%ld", out, (long)getpid());
	snprintf(stmp, stem + 48, "%s.tmp.%ld", sheet, (long)getpid());

	gv_config cfg;
	gv_store *st;
	if (cmd_open("export-benchmark", db, STORE_OPEN_READONLY, &cfg, &st) != 0) {
		free(sheet);
		free(tmp);
		free(stmp);
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
	int rc = 0;
	FILE *f = s ? fopen(tmp, "w") : NULL;
	if (!s) {
		fprintf(stderr, "growthview export-benchmark: out of memory\n");
		rc = 2;
	} else if (!f) {
		say_file("write", tmp, errno);
		rc = 2;
	} else {
		setvbuf(f, NULL, _IOFBF, 1 << 20);
		char err[512];
		if (benchexp_run(st, &o, f, s, err, sizeof err) != 0) {
			fprintf(stderr, "growthview export-benchmark: %s\n", err);
			rc = 2;
		}
		int e = close_file(f);
		if (!rc && e) {
			say_file("write", out, e);
			rc = 2;
		}
		FILE *g = rc ? NULL : fopen(stmp, "w");
		if (!rc && !g) {
			say_file("write", stmp, errno);
			rc = 2;
		} else if (g) {
			int bad = benchexp_datasheet(g, &o, s);
			e = close_file(g);
			if (bad || e) {
				say_file("write", sheet, e ? e : EIO);
				rc = 2;
			}
		}
		if (!rc && rename(tmp, out) != 0) {
			say_file("write", out, errno);
			rc = 2;
		}
		if (!rc && rename(stmp, sheet) != 0) {
			say_file("write", sheet, errno);
			rc = 2;
		}
		if (rc) {
			unlink(tmp);
			unlink(stmp);
		}
	}
	if (!rc)
		fprintf(stderr,
			"growthview export-benchmark: %ld records (%ld summary, %ld rated_pair) of %ld children%s; "
			"datasheet %s\n",
			s->records_summary + s->records_pair, s->records_summary, s->records_pair, s->children_with_records,
			identified ? ", IDENTIFIED" : ", de-identified", sheet);
	free(s);
	free(sheet);
	free(tmp);
	free(stmp);
	store_close(st);
	config_free(&cfg);
	return rc;
}
