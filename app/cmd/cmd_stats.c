/* cmd_stats.c — growthview stats [--db PATH] [--json] [--resamples N] [--seed S] [--width COLS]
 *
 * The benchmark's statistics (app/stats.h) as terminal tables (ui/statsfmt.h: ASCII, one line per
 * model, fitting the terminal or --width columns, 80 when standard output is not a terminal) or,
 * with --json, as one JSON object whose field names are a contract (man page, "stats"). */
#include "app/cmd/cmd.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "app/buf.h"
#include "app/cmd/cmdutil.h"
#include "app/stats.h"
#include "ui/statsfmt.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: growthview stats [--db PATH] [--json] [--resamples N] [--seed S] [--width COLS]\n"
		   "  Per-model claim-check rates, win/tie/loss, Bradley-Terry ranking, scores, rater\n"
		   "  agreement and biases, with bootstrap 95%% intervals.\n");
}

/* A number, or null when not finite. */
static void add_num(cJSON *o, const char *k, double v)
{
	if (isfinite(v))
		cJSON_AddNumberToObject(o, k, v);
	else
		cJSON_AddNullToObject(o, k);
}

/* {"value", "lo", "hi"}: null where undefined. */
static void add_ci(cJSON *o, const char *k, const metrics_ci *ci)
{
	cJSON *c = cJSON_AddObjectToObject(o, k);
	if (!c)
		return;
	int ok = ci->st == GV_OK;
	add_num(c, "value", ok ? ci->est : NAN);
	add_num(c, "lo", ok ? ci->lo : NAN);
	add_num(c, "hi", ok ? ci->hi : NAN);
}

static cJSON *report_json(const stats_report *r)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	cJSON_AddNumberToObject(o, "stats_version", 1);
	cJSON *b = cJSON_AddObjectToObject(o, "bootstrap");
	if (b) {
		cJSON_AddNumberToObject(b, "resamples", r->opts.n_boot);
		cJSON_AddNumberToObject(b, "seed", (double)r->opts.seed);
		cJSON_AddNumberToObject(b, "conf", r->opts.conf);
	}
	cJSON *s = cJSON_AddObjectToObject(o, "summaries");
	if (s) {
		cJSON_AddNumberToObject(s, "total", r->summaries);
		cJSON_AddNumberToObject(s, "checked", r->checked);
		cJSON_AddNumberToObject(s, "unchecked", r->summaries - r->checked);
		cJSON_AddNumberToObject(s, "corrections", r->corrections);
		cJSON_AddNumberToObject(s, "children", r->children);
	}
	cJSON *ms = cJSON_AddArrayToObject(o, "models");
	for (size_t i = 0; ms && i < r->n_models; i++) {
		const stats_model *m = &r->models[i];
		cJSON *j = cJSON_CreateObject();
		if (!j)
			break;
		cJSON_AddItemToArray(ms, j);
		cJSON_AddStringToObject(j, "model", m->name);
		cJSON_AddNumberToObject(j, "summaries", m->summaries);
		cJSON_AddNumberToObject(j, "children", m->children);
		cJSON_AddNumberToObject(j, "checked", m->checked);
		cJSON_AddNumberToObject(j, "claims", m->claims);
		cJSON_AddNumberToObject(j, "contradicted", m->contradicted);
		add_ci(j, "contradicted_rate", &m->contradicted_rate);
		cJSON_AddNumberToObject(j, "omitting", m->omitting);
		cJSON_AddNumberToObject(j, "omitted_flags", m->omitted);
		add_ci(j, "omitted_flag_rate", &m->omitted_rate);
	}
	return o;
}

/* A non-negative integer option value; -1 when not one. */
static long long parse_count(const char *s, long long max)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v < 0 || v > max)
		return -1;
	return v;
}

int cmd_stats(int argc, char **argv)
{
	const char *db = NULL;
	int json = 0, width = 0;
	stats_opts so;
	stats_default_opts(&so);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		long long v;
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "--db") == 0 && i + 1 < argc) {
			db = argv[++i];
		} else if (strcmp(a, "--json") == 0) {
			json = 1;
		} else if (strcmp(a, "--resamples") == 0 && i + 1 < argc) {
			if ((v = parse_count(argv[++i], 100000)) < 0) {
				fprintf(stderr, "growthview stats: --resamples: '%s' is not a count from 0 to 100000\n", argv[i]);
				return 2;
			}
			so.n_boot = (uint32_t)v;
		} else if (strcmp(a, "--seed") == 0 && i + 1 < argc) {
			if ((v = parse_count(argv[++i], 9007199254740992LL)) < 0) {
				fprintf(stderr, "growthview stats: --seed: '%s' is not a non-negative integer\n", argv[i]);
				return 2;
			}
			so.seed = (uint64_t)v;
		} else if (strcmp(a, "--width") == 0 && i + 1 < argc) {
			if ((v = parse_count(argv[++i], 1000)) < 40) {
				fprintf(stderr, "growthview stats: --width: '%s' is not a number of columns from 40 to 1000\n",
					argv[i]);
				return 2;
			}
			width = (int)v;
		} else {
			fprintf(stderr, "growthview stats: unknown option '%s'\n", a);
			usage(stderr);
			return 2;
		}
	}
	gv_config cfg;
	gv_store *st;
	if (cmd_open("stats", db, STORE_OPEN_READONLY, &cfg, &st) != 0)
		return 2;
	stats_report r;
	char err[512];
	int rc = 0;
	if (stats_collect(st, &so, &r, err, sizeof err) != 0) {
		fprintf(stderr, "growthview stats: %s\n", err);
		rc = 2;
	} else if (json) {
		cJSON *o = report_json(&r);
		char *text = o ? cJSON_PrintUnformatted(o) : NULL;
		cJSON_Delete(o);
		if (!text) {
			fprintf(stderr, "growthview stats: out of memory\n");
			rc = 2;
		} else {
			cmd_write(stdout, text, strlen(text));
			fputc('\n', stdout);
			free(text);
		}
	} else {
		struct winsize ws;
		if (width == 0)
			width = isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 ? ws.ws_col
														      : 80;
		gv_buf b = GV_BUF_INIT;
		statsfmt_text(&r, width, &b);
		if (!buf_ok(&b)) {
			fprintf(stderr, "growthview stats: out of memory\n");
			rc = 2;
		} else if (b.len) {
			fwrite(b.p, 1, b.len, stdout);
		}
		buf_free(&b);
	}
	stats_free(&r);
	store_close(st);
	config_free(&cfg);
	return rc;
}
