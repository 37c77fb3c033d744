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

/* A fitted strength on both scales: theta (log-strength, centred) and Elo. */
static void add_bt(cJSON *o, const char *k, const rank_bt *bt, int i)
{
	cJSON *c = cJSON_AddObjectToObject(o, k);
	if (!c)
		return;
	int ok = bt->st == GV_OK;
	add_num(c, "theta", ok ? bt->theta[i] : NAN);
	add_num(c, "theta_lo", ok ? bt->lo[i] : NAN);
	add_num(c, "theta_hi", ok ? bt->hi[i] : NAN);
	add_num(c, "elo", ok ? rank_elo(bt->theta[i]) : NAN);
	add_num(c, "elo_lo", ok ? rank_elo(bt->lo[i]) : NAN);
	add_num(c, "elo_hi", ok ? rank_elo(bt->hi[i]) : NAN);
}

/* 1-based rank of model k by the fit's strength (ties share the better rank); 0 without a fit. */
static int rank_of(const rank_bt *bt, uint16_t n, uint16_t k)
{
	if (bt->st != GV_OK)
		return 0;
	int r = 1;
	for (uint16_t j = 0; j < n; j++)
		r += bt->theta[j] > bt->theta[k];
	return r;
}

static const char *fit_status(gv_status s)
{
	return s == GV_OK ? "ok" : s == GV_EINVAL ? "no_finite_fit" : "no_data";
}

static void add_ratings(cJSON *o, const stats_report *r)
{
	cJSON *j = cJSON_AddObjectToObject(o, "ratings");
	if (!j)
		return;
	cJSON_AddNumberToObject(j, "assigned", r->assigned);
	cJSON_AddNumberToObject(j, "submitted", r->submitted);
	cJSON_AddNumberToObject(j, "skipped", r->skipped);
	cJSON_AddNumberToObject(j, "drafts", r->drafts);
	cJSON_AddNumberToObject(j, "not_opened", r->unopened);
	cJSON_AddNumberToObject(j, "unreadable", r->unreadable);
	cJSON_AddNumberToObject(j, "gold_votes", r->gold_votes);
	cJSON_AddNumberToObject(j, "votes", r->votes);
	cJSON_AddNumberToObject(j, "items", r->items);
	cJSON_AddNumberToObject(j, "overlap_items", r->overlap_items);
	cJSON *a = cJSON_AddObjectToObject(j, "adjudications");
	if (a) {
		cJSON_AddNumberToObject(a, "pending", r->adj_pending);
		cJSON_AddNumberToObject(a, "resolved", r->adj_resolved);
	}
	const rank_report *rk = &r->rank;
	cJSON *f = cJSON_AddObjectToObject(j, "ranking");
	if (f) {
		cJSON_AddStringToObject(f, "status", r->have_rank ? fit_status(rk->plain.st) : "no_data");
		cJSON_AddStringToObject(f, "ties", "half");
		cJSON_AddStringToObject(f, "length_status", r->have_rank ? fit_status(rk->length.st) : "no_data");
	}
	const rank_position *p = &rk->position;
	cJSON *pb = cJSON_AddObjectToObject(j, "position_bias");
	if (pb) {
		cJSON_AddNumberToObject(pb, "decisive", p->decisive);
		cJSON_AddNumberToObject(pb, "left_wins", p->left_wins);
		metrics_ci none = {GV_MISSING, NAN, NAN, NAN, 0, 0};
		add_ci(pb, "left_share", r->have_rank ? &p->left_share : &none);
		cJSON_AddNumberToObject(pb, "swap_pairs", p->swap_pairs);
		cJSON_AddNumberToObject(pb, "swap_same", p->swap_same);
		cJSON_AddNumberToObject(pb, "swap_flipped", p->swap_flipped);
		cJSON_AddNumberToObject(pb, "swap_to_tie", p->swap_to_tie);
	}
	const rank_bt *lc = &rk->length;
	cJSON *lb = cJSON_AddObjectToObject(j, "length_bias");
	if (lb) {
		int ok = r->have_rank && lc->st == GV_OK;
		metrics_ci beta = {ok ? GV_OK : GV_MISSING, lc->beta, lc->beta_lo, lc->beta_hi, 0, 0};
		add_ci(lb, "beta", &beta);
		add_num(lb, "beta_raw", ok ? lc->beta_raw : NAN);
		add_num(lb, "length_rms", ok ? lc->length_rms : NAN);
		cJSON_AddStringToObject(lb, "length_unit", "characters");
	}
	cJSON *ag = cJSON_AddObjectToObject(j, "agreement");
	for (int k = 0; ag && r->overlap_items > 0 && k < STATS_NAG; k++) {
		const agree_report *g = &r->agree[k];
		cJSON *x = cJSON_AddObjectToObject(ag, stats_agree_name(k));
		if (!x)
			break;
		cJSON_AddStringToObject(x, "level", k == STATS_AG_CHOICE ? "nominal" : "ordinal");
		cJSON_AddNumberToObject(x, "units", (double)g->n_items);
		cJSON_AddNumberToObject(x, "ratings", (double)g->n_values);
		cJSON_AddNumberToObject(x, "categories", (double)g->n_cats);
		add_ci(x, "percent", &g->percent);
		add_ci(x, "cohen", &g->cohen);
		add_ci(x, "cohen_quadratic", &g->cohen_quadratic);
		add_ci(x, "fleiss", &g->fleiss);
		add_ci(x, "alpha", &g->alpha);
	}
	cJSON *rs = cJSON_AddArrayToObject(j, "raters");
	for (size_t i = 0; rs && i < r->n_raters; i++) {
		const stats_rater *q = &r->raters[i];
		cJSON *x = cJSON_CreateObject();
		if (!x)
			break;
		cJSON_AddItemToArray(rs, x);
		cJSON_AddStringToObject(x, "rater", q->name);
		cJSON_AddStringToObject(x, "role", q->role);
		cJSON_AddNumberToObject(x, "assigned", q->assigned);
		cJSON_AddNumberToObject(x, "submitted", q->submitted);
		cJSON_AddNumberToObject(x, "skipped", q->skipped);
		cJSON_AddNumberToObject(x, "drafts", q->drafts);
		cJSON_AddNumberToObject(x, "unreadable", q->unreadable);
		cJSON *g = cJSON_AddObjectToObject(x, "gold");
		if (g) {
			cJSON_AddNumberToObject(g, "items", q->gold.items);
			cJSON_AddNumberToObject(g, "planted", q->gold.planted);
			cJSON_AddNumberToObject(g, "caught", q->gold.caught);
			cJSON_AddNumberToObject(g, "choice_right", q->gold.choice_right);
			add_num(g, "tag_accuracy", q->gold.planted ? (double)q->gold.caught / q->gold.planted : NAN);
			add_num(g, "choice_accuracy", q->gold.items ? (double)q->gold.choice_right / q->gold.items : NAN);
		}
	}
}

/* The model's rating fields (null / zero when it has no vote). */
static void add_model_ratings(cJSON *j, const stats_report *r, const stats_model *m)
{
	int k = r->have_rank ? m->rank : -1;
	const rank_report *rk = &r->rank;
	rank_wtl z;
	memset(&z, 0, sizeof z);
	const rank_wtl *w = k >= 0 ? &rk->wtl[k] : &z;
	cJSON_AddNumberToObject(j, "votes", w->wins + w->ties + w->losses);
	cJSON_AddNumberToObject(j, "wins", w->wins);
	cJSON_AddNumberToObject(j, "ties", w->ties);
	cJSON_AddNumberToObject(j, "losses", w->losses);
	cJSON_AddNumberToObject(j, "much_better_wins", w->much);
	cJSON_AddNumberToObject(j, "both_unacceptable", w->both_bad);
	cJSON_AddNumberToObject(j, "shown_left", w->shown_left);
	if (k >= 0) {
		cJSON_AddNumberToObject(j, "rank", rank_of(&rk->plain, r->n_ranked, (uint16_t)k));
		add_bt(j, "bradley_terry", &rk->plain, k);
		cJSON_AddNumberToObject(j, "rank_length_controlled", rank_of(&rk->length, r->n_ranked, (uint16_t)k));
		add_bt(j, "bradley_terry_length_controlled", &rk->length, k);
	} else {
		cJSON_AddNullToObject(j, "rank");
		cJSON_AddNullToObject(j, "bradley_terry");
		cJSON_AddNullToObject(j, "rank_length_controlled");
		cJSON_AddNullToObject(j, "bradley_terry_length_controlled");
	}
	cJSON *sc = cJSON_AddObjectToObject(j, "scores");
	for (int a = 0; sc && a < RUBRIC_NAXES; a++)
		add_ci(sc, rubric_axis_name((rubric_axis)a), &m->axis[a]);
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
		add_model_ratings(j, r, m);
	}
	add_ratings(o, r);
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
