/* cmd_prompt.c — growthview prompt [--db PATH] PATIENT [--audience clinician|family] [--json]
 *
 * Prints the prompt a model is given for a patient (app/sumgen.h, core/prompt.h): the canonical
 * text (system message, a blank line, the user message; its SHA-256 is what a summary made from
 * it stores, shown on standard error with --sha256) or the JSON payload.  On a terminal the text
 * is made safe for it (cmd_write); to a file or a pipe it is written byte for byte. */
#include "app/cmd/cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cmd/cmdutil.h"
#include "app/sumgen.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: growthview prompt [--db PATH] PATIENT [--audience clinician|family] [--json] [--sha256]\n"
		   "  Prints the prompt a model is given for PATIENT (an external id or #N).\n");
}

int cmd_prompt(int argc, char **argv)
{
	const char *db = NULL, *who = NULL;
	int json = 0, sha = 0;
	gv_audience aud = GV_AUD_CLINICIAN;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "--db") == 0 && i + 1 < argc) {
			db = argv[++i];
		} else if (strcmp(a, "--audience") == 0 && i + 1 < argc) {
			if (prompt_audience_parse(argv[++i], &aud) != GV_OK) {
				fprintf(stderr, "growthview prompt: --audience must be clinician or family\n");
				return 2;
			}
		} else if (strcmp(a, "--json") == 0) {
			json = 1;
		} else if (strcmp(a, "--sha256") == 0) {
			sha = 1;
		} else if (a[0] == '-' && a[1] != '\0') {
			fprintf(stderr, "growthview prompt: unknown option '%s'\n", a);
			usage(stderr);
			return 2;
		} else if (!who) {
			who = a;
		} else {
			fprintf(stderr, "growthview prompt: one PATIENT only\n");
			return 2;
		}
	}
	if (!who) {
		fprintf(stderr, "growthview prompt: name a PATIENT\n");
		usage(stderr);
		return 2;
	}
	gv_config cfg;
	gv_store *st;
	if (cmd_open("prompt", db, STORE_OPEN_READONLY, &cfg, &st) != 0)
		return 2;
	gv_flag_options fo;
	flags_default_options(&fo, (gv_ruleset)cfg.rules);
	int rc = 0;
	gv_patient p;
	store_rc r = store_patient_resolve(st, who, &p);
	sumgen *g = sumgen_new(&fo);
	char err[512];
	if (r != STORE_OK) {
		char *w = cmd_clean(who);
		fprintf(stderr, "growthview prompt: %s\n", r == STORE_NOTFOUND ? "no such patient" : store_errmsg(st));
		if (r == STORE_NOTFOUND)
			fprintf(stderr, "growthview prompt: '%s' is neither an external id nor #N\n", w ? w : "?");
		free(w);
		rc = 2;
	} else if (!g) {
		fprintf(stderr, "growthview prompt: out of memory\n");
		rc = 2;
	} else if (sumgen_load(g, st, p.id, aud, json, err, sizeof err) != 0) {
		fprintf(stderr, "growthview prompt: %s\n", err);
		rc = 2;
	} else {
		const prompt *pr = sumgen_prompt(g);
		const prompt_buf *b = json ? &pr->json : &pr->text;
		cmd_write(stdout, prompt_buf_str(b), b->len);
		if (b->len == 0 || prompt_buf_str(b)[b->len - 1] != '\n')
			fputc('\n', stdout);
		if (sha)
			fprintf(stderr, "prompt sha256 %s\n", sumgen_sha256(g));
	}
	sumgen_free(g);
	store_close(st);
	config_free(&cfg);
	return rc;
}
