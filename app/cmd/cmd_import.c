/* cmd_import.c — growthview import [--db PATH] [--strict] [--source NAME] FILE...
 *
 * Each FILE is one transaction: CSV (by extension .csv or content) or FHIR R4 JSON / NDJSON
 * (.json, .ndjson, .jsonl, or content starting with '{').  "-" reads standard input as CSV.
 * Problems go to stderr as FILE:WHERE: reason, one summary line per file (and a total) to
 * stdout.  Exit status: 0 all good, 1 some rows or files had problems, 2 usage, database or
 * store error. */
#include "app/cmd/cmd.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "app/cmd/cmdutil.h"
#include "app/config.h"
#include "app/flagcache.h"
#include "app/fhir.h"
#include "app/import_csv.h"
#include "app/store.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: growthview import [--db PATH] [--strict] [--no-flags] [--source NAME] FILE...\n"
		   "  FILE     CSV (one row per visit) or FHIR R4 JSON (Bundle, resource, NDJSON); - = CSV on stdin\n"
		   "  --db     database (default: $GROWTHVIEW_DB, config file, ~/.local/share/growthview/growthview.db)\n"
		   "  --strict import nothing from a file that has any bad row\n"
		   "  --no-flags leave the patient list's flag summaries to the next import or edit\n"
		   "  --source name recorded with each measurement (default: csv:FILE or fhir:FILE)\n");
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* 1 when path looks like JSON: by extension, else by its first non-blank byte. */
static int is_json(const char *path)
{
	if (strcmp(path, "-") == 0 || ends_with(path, ".csv") || ends_with(path, ".CSV"))
		return 0;
	if (ends_with(path, ".json") || ends_with(path, ".ndjson") || ends_with(path, ".jsonl") ||
	    ends_with(path, ".JSON"))
		return 1;
	FILE *f = fopen(path, "rb");
	if (!f)
		return 0; /* the CSV importer reports the open error */
	int c;
	while ((c = fgetc(f)) == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0xEF || c == 0xBB || c == 0xBF)
		;
	fclose(f);
	return c == '{' || c == '[';
}

int cmd_import(int argc, char **argv)
{
	const char *db = NULL, *source = NULL;
	int strict = 0, first = 0, no_flags = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
			db = argv[++i];
		} else if (strcmp(argv[i], "--source") == 0 && i + 1 < argc) {
			source = argv[++i];
		} else if (strcmp(argv[i], "--strict") == 0) {
			strict = 1;
		} else if (strcmp(argv[i], "--no-flags") == 0) {
			no_flags = 1;
		} else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(argv[i], "--") == 0) {
			first = i + 1;
			break;
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			fprintf(stderr, "growthview import: unknown option '%s'\n", argv[i]);
			usage(stderr);
			return 2;
		} else {
			first = i;
			break;
		}
	}
	if (!first || first >= argc) {
		fprintf(stderr, "growthview import: no file given\n");
		usage(stderr);
		return 2;
	}
	gv_config cfg;
	gv_store *st;
	if (cmd_open("import", db, 0, &cfg, &st) != 0)
		return 2;
	/* The patient list's flag markers: the summaries of the patients a file creates are
	 * computed while it is read (ingest_opts.flags); the refresh below does the others
	 * (existing patients, scattered rows). */
	gv_flag_options fo;
	flags_default_options(&fo, (gv_ruleset)cfg.rules);
	ingest_opts o = {strict, source, cfg.user, config_today(), stderr, stdout, no_flags ? NULL : &fo};
	ingest_counts total;
	memset(&total, 0, sizeof total);
	int rc = 0;
	for (int i = first; i < argc && rc < 2; i++) {
		int k = is_json(argv[i]) ? fhir_import(st, argv[i], &o, &total) : import_csv(st, argv[i], &o, &total);
		if (k > rc)
			rc = k;
	}
	/* Every other patient whose measurements changed (flagcache.h). */
	long nflag = 0;
	if (!no_flags && flagcache_refresh(st, &fo, &nflag) != STORE_OK) {
		fprintf(stderr, "growthview import: flag summaries not updated (%s); they are recomputed at the next import or edit\n",
			store_errmsg(st));
		if (rc < 1)
			rc = 1;
	}
	char sum[512];
	ingest_summary(&total, sum, sizeof sum);
	if (argc - first > 1)
		printf("total: %ld files (%ld not imported): %s\n", total.files, total.files_failed, sum);
	store_close(st);
	config_free(&cfg);
	/* The summary did not reach standard output (a full disk, a closed pipe): the import itself
	 * is committed, and whoever reads stderr must know that, not guess from status 2. */
	errno = 0;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		const char *why = errno ? strerror(errno) : "write error";
		long saved = total.files - total.files_failed;
		fprintf(stderr, "growthview import: cannot write standard output: %s; the import itself is %s: %s\n", why,
			saved ? "saved in the database" : "not saved (nothing was imported)", sum);
		return 2;
	}
	return rc;
}
