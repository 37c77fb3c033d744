/* cmd_summaries.c — growthview summaries [--db PATH] [PATIENT] [--json]
 *
 * The stored summaries, oldest first: a table (every field made safe for a terminal, one line per
 * summary, cut to the terminal's width when standard output is one) or, with --json, a JSON array
 * of objects with every stored field except the planted mistakes (hidden from raters).  Streams:
 * one summary in memory at a time. */
#include "app/cmd/cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "app/cmd/cmdutil.h"
#include "core/text.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: growthview summaries [--db PATH] [PATIENT] [--json]\n"
		   "  Lists the stored summaries (of PATIENT: an external id or #N), or prints them as JSON.\n");
}

typedef struct sctx {
	int json, first, width, err;
	long n;
} sctx;

static void add_str(cJSON *o, const char *k, const char *v)
{
	if (v)
		cJSON_AddStringToObject(o, k, v);
	else
		cJSON_AddNullToObject(o, k);
}

static void add_count(cJSON *o, const char *k, int64_t v)
{
	if (v >= 0)
		cJSON_AddNumberToObject(o, k, (double)v);
	else
		cJSON_AddNullToObject(o, k);
}

/* A stored JSON text as a value (it was checked valid when stored). */
static void add_json(cJSON *o, const char *k, const char *v)
{
	cJSON *j = v ? cJSON_Parse(v) : NULL;
	if (j)
		cJSON_AddItemToObject(o, k, j);
	else
		add_str(o, k, v);
}

static int print_json(sctx *x, const store_summary *s)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return 1;
	add_str(o, "summary_id", s->summary_id);
	add_str(o, "patient_id", s->patient_ext);
	add_str(o, "model", s->model);
	add_str(o, "backend", s->backend);
	add_str(o, "server_model", s->server_model);
	add_str(o, "fingerprint", s->fingerprint);
	add_json(o, "identity", s->identity);
	add_json(o, "params", s->params);
	add_str(o, "template", s->template_id);
	if (s->template_version > 0)
		cJSON_AddNumberToObject(o, "template_version", s->template_version);
	else
		cJSON_AddNullToObject(o, "template_version");
	add_str(o, "audience", s->audience);
	add_str(o, "prompt_sha256", s->prompt_sha256);
	add_str(o, "created", s->created);
	add_count(o, "duration_ms", s->duration_ms);
	add_count(o, "prompt_tokens", s->prompt_tokens);
	add_count(o, "completion_tokens", s->completion_tokens);
	add_str(o, "finish_reason", s->finish_reason);
	cJSON_AddBoolToObject(o, "truncated", s->truncated);
	add_str(o, "self_identifying", s->self_id);
	add_str(o, "corrects", s->corrects);
	/* The text is valid UTF-8 without NUL (the store checks): cJSON escapes its controls. */
	add_str(o, "text", s->text);
	char *out = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (!out)
		return 1;
	fputs(x->first ? "[\n" : ",\n", stdout);
	x->first = 0;
	cmd_write(stdout, out, strlen(out));
	free(out);
	return ferror(stdout) ? 1 : 0;
}

/* Append the clean text of s to line (cap bytes), padded or cut to w columns (w 0: as is). */
static void cell(char *line, size_t cap, const char *s, int w)
{
	size_t len = strlen(line);
	if (len + 1 >= cap)
		return;
	char *clean = text_clean_dup(s ? s : "-", s ? strlen(s) : 1, 0);
	const char *c = clean ? clean : "?";
	int cols = 0;
	size_t i = 0;
	while (c[i] && (w == 0 || cols < w) && len + 4 < cap) {
		size_t k = 1;
		while (c[i + k] && ((unsigned char)c[i + k] & 0xc0) == 0x80)
			k++;
		memcpy(line + len, c + i, k);
		len += k;
		i += k;
		cols++;
	}
	while (w > 0 && cols < w && len + 1 < cap) {
		line[len++] = ' ';
		cols++;
	}
	line[len] = '\0';
	free(clean);
}

static int print_row(sctx *x, const store_summary *s)
{
	static char line[STORE_SUMMARY_TEXT_MAX + 512];
	line[0] = '\0';
	char marks[4] = "---";
	if (s->truncated)
		marks[0] = 'T';
	if (s->self_id)
		marks[1] = 'S';
	if (s->corrects)
		marks[2] = 'C';
	char date[11];
	snprintf(date, sizeof date, "%s", s->created ? s->created : "-");
	const char *aud = !s->audience ? "-" : strcmp(s->audience, "family") == 0 ? "fam" : "cli";
	cell(line, sizeof line, s->summary_id, 18);
	strcat(line, " ");
	cell(line, sizeof line, s->patient_ext[0] ? s->patient_ext : "-", 15);
	strcat(line, " ");
	cell(line, sizeof line, s->model, 16);
	strcat(line, " ");
	cell(line, sizeof line, aud, 3);
	strcat(line, " ");
	cell(line, sizeof line, date, 10);
	strcat(line, " ");
	cell(line, sizeof line, marks, 3);
	strcat(line, " ");
	/* 18+15+16+3+10+3 columns and 6 spaces before the text. */
	int rest = x->width > 0 ? x->width - 71 : 0;
	if (x->width > 0 && rest < 10)
		rest = 10;
	cell(line, sizeof line, s->text, rest);
	size_t n = strlen(line);
	while (n > 0 && line[n - 1] == ' ')
		n--;
	line[n++] = '\n';
	line[n] = '\0';
	fputs(line, stdout);
	return ferror(stdout) ? 1 : 0;
}

static int each(void *ctx, const store_summary *s)
{
	sctx *x = ctx;
	x->n++;
	return x->json ? print_json(x, s) : print_row(x, s);
}

int cmd_summaries(int argc, char **argv)
{
	const char *db = NULL, *who = NULL;
	sctx x = {0, 1, 0, 0, 0};
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "--db") == 0 && i + 1 < argc) {
			db = argv[++i];
		} else if (strcmp(a, "--json") == 0) {
			x.json = 1;
		} else if (a[0] == '-' && a[1] != '\0') {
			fprintf(stderr, "growthview summaries: unknown option '%s'\n", a);
			usage(stderr);
			return 2;
		} else if (!who) {
			who = a;
		} else {
			fprintf(stderr, "growthview summaries: one PATIENT at most\n");
			return 2;
		}
	}
	gv_config cfg;
	gv_store *st;
	if (cmd_open("summaries", db, STORE_OPEN_READONLY, &cfg, &st) != 0)
		return 2;
	int rc = 0;
	int64_t pid = 0;
	if (who) {
		gv_patient p;
		store_rc r = store_patient_resolve(st, who, &p);
		if (r != STORE_OK) {
			char *w = cmd_clean(who);
			fprintf(stderr, "growthview summaries: %s\n",
				r == STORE_NOTFOUND ? "no such patient" : store_errmsg(st));
			if (r == STORE_NOTFOUND)
				fprintf(stderr, "growthview summaries: '%s' is neither an external id nor #N\n", w ? w : "?");
			free(w);
			store_close(st);
			config_free(&cfg);
			return 2;
		}
		pid = p.id;
	}
	struct winsize ws;
	if (!x.json && isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		x.width = ws.ws_col;
	if (!x.json)
		printf("%-18s %-15s %-16s %-3s %-10s %-3s %s\n", "SUMMARY", "PATIENT", "MODEL", "AUD", "CREATED", "TSC",
		       "TEXT");
	int cbret = 0;
	if (store_summary_each(st, pid, each, &x, &cbret) != STORE_OK) {
		fprintf(stderr, "growthview summaries: %s\n", store_errmsg(st));
		rc = 2;
	} else if (cbret) {
		rc = 2; /* output failed: main's finish() says why */
	}
	if (x.json && rc == 0)
		fputs(x.first ? "[]\n" : "\n]\n", stdout);
	store_close(st);
	config_free(&cfg);
	return rc;
}
