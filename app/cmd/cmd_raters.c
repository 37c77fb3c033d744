/* cmd_raters.c — growthview raters [--db PATH]
 *                growthview raters add NAME --role clinician|annotator|adjudicator [--db PATH]
 *
 * The people who rate summaries (issue #13): listed by name with their role and when they were
 * added, or one added.  A name is 1-64 bytes of UTF-8 without control characters or commas (the
 * --raters of `queue build` lists names separated by commas); names are unique. */
#include "app/cmd/cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cmd/cmdutil.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: growthview raters [--db PATH]\n"
		   "       growthview raters add NAME --role clinician|annotator|adjudicator [--db PATH]\n"
		   "  Lists the raters, or adds one.\n");
}

static int list(gv_store *st)
{
	store_rater *r;
	size_t n;
	if (store_rater_list(st, &r, &n) != STORE_OK) {
		fprintf(stderr, "growthview raters: %s\n", store_errmsg(st));
		return 2;
	}
	if (n == 0) {
		fprintf(stderr, "growthview raters: no raters yet (add one with: growthview raters add NAME --role ROLE)\n");
		free(r);
		return 0;
	}
	int w = 4;
	for (size_t i = 0; i < n; i++)
		if ((int)strlen(r[i].name) > w)
			w = (int)strlen(r[i].name);
	printf("%-*s  %-11s  %s\n", w, "NAME", "ROLE", "CREATED");
	for (size_t i = 0; i < n; i++)
		printf("%-*s  %-11s  %s\n", w, r[i].name, store_role_name(r[i].role), r[i].created);
	free(r);
	return 0;
}

int cmd_raters(int argc, char **argv)
{
	const char *db = NULL, *name = NULL, *role = NULL;
	int add = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "--db") == 0 && i + 1 < argc) {
			db = argv[++i];
		} else if (strcmp(a, "--role") == 0 && i + 1 < argc) {
			role = argv[++i];
		} else if (a[0] == '-' && a[1] != '\0') {
			fprintf(stderr, "growthview raters: unknown option '%s'\n", a);
			usage(stderr);
			return 2;
		} else if (!add && i == 1 && strcmp(a, "add") == 0) {
			add = 1;
		} else if (add && !name) {
			name = a;
		} else {
			char *c = cmd_clean(a);
			fprintf(stderr, "growthview raters: unexpected argument '%s'\n", c ? c : "?");
			free(c);
			usage(stderr);
			return 2;
		}
	}
	if (!add && role) {
		fprintf(stderr, "growthview raters: --role is for `raters add NAME --role ROLE`\n");
		return 2;
	}
	store_role rl = STORE_NROLES;
	if (add) {
		char why[160];
		if (!name) {
			fprintf(stderr, "growthview raters add: the rater's NAME is missing\n");
			usage(stderr);
			return 2;
		}
		if (!store_rater_name_ok(name, why, sizeof why)) {
			char *c = cmd_clean(name);
			fprintf(stderr, "growthview raters add: '%s': %s\n", c ? c : "?", why);
			free(c);
			return 2;
		}
		if (!role) {
			fprintf(stderr, "growthview raters add: --role is required: clinician, annotator or adjudicator\n");
			return 2;
		}
		if ((rl = store_role_parse(role)) == STORE_NROLES) {
			char *c = cmd_clean(role);
			fprintf(stderr, "growthview raters add: unknown role '%s': clinician, annotator or adjudicator\n",
				c ? c : "?");
			free(c);
			return 2;
		}
	}
	gv_config cfg;
	gv_store *st;
	if (cmd_open("raters", db, add ? 0 : CMD_OPEN_READONLY_FALLBACK, &cfg, &st) != 0)
		return 2;
	int rc;
	if (add) {
		store_rater r;
		store_rc sr = store_rater_add(st, name, rl, &r);
		if (sr == STORE_OK) {
			printf("added rater %s (%s)\n", r.name, store_role_name(r.role));
			rc = 0;
		} else {
			const char *m = store_errmsg(st);
			if (strncmp(m, "add rater: ", 11) == 0)
				m += 11;
			fprintf(stderr, "growthview raters add: %s\n", m);
			rc = sr == STORE_DUP ? 1 : 2;
		}
	} else {
		rc = list(st);
	}
	store_close(st);
	config_free(&cfg);
	return rc;
}
