/*
 * cmd_score.c — growthview score [--db PATH] --task classification|regression|summarisation
 *                                --tasks DIR [--json] PREDICTIONS.jsonl
 *
 * Scores a model's answers against the items of DIR/<task>.jsonl (written by `growthview tasks`).
 * A prediction line is one JSON object: "item_id" and the answer's fields:
 *   classification  "abnormal" (true/false), "categories" (array of category names, may be
 *                   empty), optional "p_abnormal" (number 0-1);
 *   regression      "weight_kg", "height_cm", "z_wfa", "z_lhfa": every field the item's answer
 *                   has must be a number (the others are ignored, null or absent);
 *   summarisation   "summary" (string).
 * Any other field is ignored.  A line that is not such an object, an unknown item, or a second
 * prediction for an item is reported as "FILE:LINE: reason" on stderr and counted in `invalid`
 * (blank lines are skipped); an item without a prediction counts in `missing`.  The metrics are
 * computed over the scored items (the items with a valid prediction) and say so:
 *   classification  accuracy, precision, recall, f1 of "abnormal" (positive class: abnormal);
 *                   f1_macro, the mean F1 over the categories occurring in the truth or the
 *                   predictions of the scored items (core/metrics.h metrics_multilabel); roc_auc of
 *                   p_abnormal against abnormal (Mann-Whitney form) when every scored line has
 *                   p_abnormal (null when not, or when one class is absent);
 *   regression      mae_* and rmse_* of each field over the scored items whose answer has it;
 *   summarisation   bleu (corpus BLEU, sacreBLEU defaults, 0-100) against every reference of each
 *                   item; rouge1, rouge2, rougeL: the mean over items of the F1 against the best
 *                   reference (rouge-score's defaults, 0-1); contradicted_rate: the share of
 *                   predicted summaries with at least one claim the claim checker (core/claims.h)
 *                   finds contradicted by the child's record.  The record is rebuilt from the store
 *                   (--db): the item's "child" is the pseudonym of one patient (export_pseudonym
 *                   under the store's key), found by walking the store once.
 * A metric that is not defined (no scored item) is null in JSON and "-" in text.
 * Output: text for people, or with --json one object {"task", "n", "scored", "missing",
 * "invalid", "metrics": {...}}; n is the number of items of the task.  Exit status 0; 1 when
 * missing or invalid is not 0 (the metrics are still printed); 2 on a usage error or when the
 * tasks file or the store cannot be read.
 */
#include "app/cmd/cmd.h"

#include <cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/buf.h"
#include "app/cmd/cmdutil.h"
#include "app/config.h"
#include "app/export.h"
#include "app/store.h"
#include "core/claims.h"
#include "core/flags.h"
#include "core/metrics.h"
#include "core/tasks.h"
#include "core/text.h"

#define NO_LINE 0

typedef struct entry {
	char *id, *child;
	/* truth */
	int abnormal;
	uint32_t cats;
	double reg[4];            /* weight_kg, height_cm, z_wfa, z_lhfa; NAN absent */
	char **refs;
	size_t nrefs;
	/* prediction */
	long line;                /* line of its prediction, NO_LINE when none */
	int p_abnormal_set;
	int pabn;
	uint32_t pcats;
	double p_abnormal;
	double preg[4];
	char *summary;
} entry;

static const char *const reg_fields[4] = {"weight_kg", "height_cm", "z_wfa", "z_lhfa"};

typedef struct sctx {
	task_kind task;
	entry *e;
	size_t n, cap;
	size_t *slot;             /* hash table of entry index + 1, 0 empty */
	size_t nslot;
	long invalid;
	const char *pred_name;    /* cleaned */
	/* summarisation: contradicted claims */
	claims_options co;
	unsigned char key[32];
	size_t *bychild;          /* scored entries sorted by child */
	size_t nby;
	gv_child cur;
	long found, contradicted;
	int err;
} sctx;

static void usage(FILE *f)
{
	fprintf(f, "usage: growthview score [--db PATH] --task classification|regression|summarisation --tasks DIR\n"
		   "                        [--json] PREDICTIONS.jsonl\n"
		   "  --tasks DIR   the directory `growthview tasks --out DIR` wrote\n"
		   "  --json        one JSON object: task, n, scored, missing, invalid, metrics\n"
		   "  --db PATH     the store the tasks were made from (summarisation: for contradicted_rate)\n");
}

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static size_t *find_slot(sctx *x, const char *id)
{
	size_t m = x->nslot - 1;
	for (size_t i = (size_t)hash_str(id) & m;; i = (i + 1) & m)
		if (!x->slot[i] || strcmp(x->e[x->slot[i] - 1].id, id) == 0)
			return &x->slot[i];
}

static int rehash(sctx *x)
{
	size_t ns = x->nslot ? x->nslot * 2 : 1024;
	size_t *s = calloc(ns, sizeof *s);
	if (!s)
		return -1;
	free(x->slot);
	x->slot = s;
	x->nslot = ns;
	for (size_t i = 0; i < x->n; i++)
		*find_slot(x, x->e[i].id) = i + 1;
	return 0;
}

static void entries_free(sctx *x)
{
	for (size_t i = 0; i < x->n; i++) {
		free(x->e[i].id);
		free(x->e[i].child);
		for (size_t r = 0; r < x->e[i].nrefs; r++)
			free(x->e[i].refs[r]);
		free(x->e[i].refs);
		free(x->e[i].summary);
	}
	free(x->e);
	free(x->slot);
	free(x->bychild);
}

/* A short, terminal-safe quote of untrusted text (a prediction's item id). */
static void quote(char *out, size_t n, const char *s)
{
	size_t len = strlen(s);
	text_clean(out, n, s, len > 80 ? 80 : len, 0);
	if (len > 80 && strlen(out) + 4 < n)
		strcat(out, "...");
}

/* ------------------------------------------------------------------ the tasks file */

/* Read one item of the tasks file; NULL when fine, else the reason. */
static const char *read_item(sctx *x, const cJSON *o, entry *e)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(o, "item_id");
	const cJSON *task = cJSON_GetObjectItemCaseSensitive(o, "task");
	const cJSON *child = cJSON_GetObjectItemCaseSensitive(o, "child");
	const cJSON *ans = cJSON_GetObjectItemCaseSensitive(o, "answer");
	if (!cJSON_IsString(id) || !cJSON_IsString(child) || !cJSON_IsObject(ans) || !cJSON_IsString(task))
		return "not a task item (item_id, task, child and answer are needed)";
	if (tasks_kind_parse(task->valuestring) != x->task)
		return "an item of another task";
	e->id = strdup(id->valuestring);
	e->child = strdup(child->valuestring);
	if (!e->id || !e->child)
		return "out of memory";
	if (x->task == TASK_CLASSIFICATION) {
		const cJSON *ab = cJSON_GetObjectItemCaseSensitive(ans, "abnormal");
		const cJSON *cats = cJSON_GetObjectItemCaseSensitive(ans, "categories");
		if (!cJSON_IsBool(ab) || !cJSON_IsArray(cats))
			return "answer needs abnormal and categories";
		e->abnormal = cJSON_IsTrue(ab);
		const cJSON *c;
		cJSON_ArrayForEach(c, cats)
		{
			gv_flag_cat k = cJSON_IsString(c) ? flags_cat_parse(c->valuestring) : GV_CAT_COUNT;
			if (k == GV_CAT_COUNT)
				return "unknown category in the answer";
			e->cats |= 1u << k;
		}
	} else if (x->task == TASK_REGRESSION) {
		for (int f = 0; f < 4; f++) {
			const cJSON *v = cJSON_GetObjectItemCaseSensitive(ans, reg_fields[f]);
			e->reg[f] = cJSON_IsNumber(v) ? v->valuedouble : NAN;
		}
	} else {
		const cJSON *refs = cJSON_GetObjectItemCaseSensitive(ans, "references");
		int nr = cJSON_IsArray(refs) ? cJSON_GetArraySize(refs) : 0;
		if (nr < 1)
			return "answer needs references";
		e->refs = calloc((size_t)nr, sizeof *e->refs);
		if (!e->refs)
			return "out of memory";
		const cJSON *r;
		cJSON_ArrayForEach(r, refs)
		{
			if (!cJSON_IsString(r))
				return "a reference is not a string";
			if (!(e->refs[e->nrefs++] = strdup(r->valuestring)))
				return "out of memory";
		}
	}
	return NULL;
}

static int load_tasks(sctx *x, const char *path)
{
	FILE *f = fopen(path, "r");
	char *qp = cmd_clean(path);
	if (!f) {
		fprintf(stderr, "growthview score: cannot read %s: %s\n", qp ? qp : "?", strerror(errno));
		free(qp);
		return 2;
	}
	char *line = NULL;
	size_t lcap = 0;
	ssize_t len;
	long ln = 0;
	int rc = 0;
	while ((len = getline(&line, &lcap, f)) >= 0) {
		ln++;
		if (len == 0 || (len == 1 && line[0] == '\n'))
			continue;
		if (x->n == x->cap) {
			size_t cap = x->cap ? 2 * x->cap : 1024;
			entry *ne = realloc(x->e, cap * sizeof *ne);
			if (!ne) {
				fprintf(stderr, "growthview score: out of memory\n");
				rc = 2;
				break;
			}
			x->e = ne;
			x->cap = cap;
		}
		if (2 * (x->n + 1) > x->nslot && rehash(x) != 0) {
			fprintf(stderr, "growthview score: out of memory\n");
			rc = 2;
			break;
		}
		entry *e = &x->e[x->n];
		memset(e, 0, sizeof *e);
		for (int k = 0; k < 4; k++)
			e->reg[k] = e->preg[k] = NAN;
		x->n++; /* owned from here: freed with the others */
		cJSON *o = cJSON_ParseWithLength(line, (size_t)len);
		const char *why = o ? read_item(x, o, e) : "not JSON";
		cJSON_Delete(o);
		if (!why) {
			size_t *s = find_slot(x, e->id);
			if (*s)
				why = "a second item with this item_id";
			else
				*s = x->n;
		}
		if (why) {
			fprintf(stderr, "growthview score: %s:%ld: %s\n", qp ? qp : "?", ln, why);
			rc = 2;
			break;
		}
	}
	if (!rc && ferror(f)) {
		fprintf(stderr, "growthview score: cannot read %s: %s\n", qp ? qp : "?", strerror(errno));
		rc = 2;
	}
	free(line);
	fclose(f);
	free(qp);
	return rc;
}

/* ------------------------------------------------------------------ predictions */

/* Report an invalid line: reason, with its first "%s" replaced by a terminal-safe quote of arg. */
static void invalid(sctx *x, long ln, const char *reason, const char *arg)
{
	char q[128] = "";
	if (arg)
		quote(q, sizeof q, arg);
	const char *at = strstr(reason, "%s");
	fprintf(stderr, "growthview score: %s:%ld: ", x->pred_name, ln);
	if (at) {
		fwrite(reason, 1, (size_t)(at - reason), stderr);
		fputs(q, stderr);
		fputs(at + 2, stderr);
	} else {
		fputs(reason, stderr);
	}
	fputc('\n', stderr);
	x->invalid++;
}

/* Check and keep the prediction in o for entry e.  NULL, or the reason (with %s = arg). */
static const char *read_pred(sctx *x, const cJSON *o, entry *e, const char **arg)
{
	if (x->task == TASK_CLASSIFICATION) {
		const cJSON *ab = cJSON_GetObjectItemCaseSensitive(o, "abnormal");
		const cJSON *cats = cJSON_GetObjectItemCaseSensitive(o, "categories");
		const cJSON *p = cJSON_GetObjectItemCaseSensitive(o, "p_abnormal");
		if (!cJSON_IsBool(ab))
			return "abnormal must be true or false";
		if (!cJSON_IsArray(cats))
			return "categories must be an array of category names";
		uint32_t set = 0;
		const cJSON *c;
		cJSON_ArrayForEach(c, cats)
		{
			if (!cJSON_IsString(c))
				return "categories must be an array of category names";
			gv_flag_cat k = flags_cat_parse(c->valuestring);
			if (k == GV_CAT_COUNT) {
				*arg = c->valuestring;
				return "unknown category '%s' (see man growthview, FLAGS)";
			}
			set |= 1u << k;
		}
		if (p && !cJSON_IsNull(p)) {
			if (!cJSON_IsNumber(p) || !(p->valuedouble >= 0 && p->valuedouble <= 1))
				return "p_abnormal must be a number from 0 to 1";
			e->p_abnormal_set = 1;
			e->p_abnormal = p->valuedouble;
		}
		e->pabn = cJSON_IsTrue(ab);
		e->pcats = set;
	} else if (x->task == TASK_REGRESSION) {
		double v[4];
		for (int f = 0; f < 4; f++) {
			const cJSON *j = cJSON_GetObjectItemCaseSensitive(o, reg_fields[f]);
			v[f] = NAN;
			if (j && !cJSON_IsNull(j)) {
				if (!cJSON_IsNumber(j) || !isfinite(j->valuedouble)) {
					*arg = reg_fields[f];
					return "%s must be a number";
				}
				v[f] = j->valuedouble;
			}
			if (!isnan(e->reg[f]) && isnan(v[f])) {
				*arg = reg_fields[f];
				return "%s is missing (the item's answer has it)";
			}
		}
		memcpy(e->preg, v, sizeof v);
	} else {
		const cJSON *s = cJSON_GetObjectItemCaseSensitive(o, "summary");
		if (!cJSON_IsString(s))
			return "summary must be a string";
		if (!(e->summary = strdup(s->valuestring)))
			return "out of memory";
	}
	return NULL;
}

static int read_predictions(sctx *x, FILE *f)
{
	char *line = NULL;
	size_t lcap = 0;
	ssize_t len;
	long ln = 0;
	while ((len = getline(&line, &lcap, f)) >= 0) {
		ln++;
		size_t i = 0;
		while (i < (size_t)len && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r' || line[i] == '\n'))
			i++;
		if (i == (size_t)len)
			continue; /* blank */
		cJSON *o = cJSON_ParseWithLength(line, (size_t)len);
		if (!o || !cJSON_IsObject(o)) {
			invalid(x, ln, o ? "not a JSON object" : "not valid JSON", NULL);
			cJSON_Delete(o);
			continue;
		}
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(o, "item_id");
		if (!cJSON_IsString(id)) {
			invalid(x, ln, "no item_id (a string)", NULL);
			cJSON_Delete(o);
			continue;
		}
		size_t s = *find_slot(x, id->valuestring);
		if (!s) {
			invalid(x, ln, "unknown item '%s'", id->valuestring);
			cJSON_Delete(o);
			continue;
		}
		entry *e = &x->e[s - 1];
		if (e->line != NO_LINE) {
			char msg[64];
			snprintf(msg, sizeof msg, "a second prediction for '%%s' (the first is line %ld)", e->line);
			invalid(x, ln, msg, id->valuestring);
			cJSON_Delete(o);
			continue;
		}
		const char *arg = NULL;
		const char *why = read_pred(x, o, e, &arg);
		if (why) {
			invalid(x, ln, why, arg ? arg : "");
			free(e->summary);
			e->summary = NULL;
			e->p_abnormal_set = 0;
		} else {
			e->line = ln;
		}
		cJSON_Delete(o);
	}
	int bad = ferror(f);
	free(line);
	if (bad) {
		fprintf(stderr, "growthview score: cannot read %s: %s\n", x->pred_name, strerror(errno));
		return 2;
	}
	return 0;
}

/* ------------------------------------------------------------------ metrics */

typedef struct metric {
	const char *name;
	double v; /* NAN: not defined */
} metric;

#define MAXM 8

static size_t metrics_classification(sctx *x, size_t ns, metric *m)
{
	int *t = malloc((ns + 1) * sizeof *t), *p = malloc((ns + 1) * sizeof *p);
	uint32_t *tc = malloc((ns + 1) * sizeof *tc), *pc = malloc((ns + 1) * sizeof *pc);
	double *sc = malloc((ns + 1) * sizeof *sc);
	uint8_t *lab = malloc(ns + 1);
	size_t j = 0, nprob = 0;
	if (t && p && tc && pc && sc && lab)
		for (size_t i = 0; i < x->n; i++) {
			entry *e = &x->e[i];
			if (e->line == NO_LINE)
				continue;
			t[j] = e->abnormal;
			p[j] = e->pabn;
			tc[j] = e->cats;
			pc[j] = e->pcats;
			lab[j] = (uint8_t)e->abnormal;
			if (e->p_abnormal_set)
				sc[nprob++] = e->p_abnormal;
			j++;
		}
	else
		x->err = 2;
	metrics_class pcl[2], pcat[GV_CAT_COUNT];
	metrics_macro mac;
	double acc = NAN, auc = NAN;
	int ok = !x->err && ns > 0 && metrics_classify(t, p, ns, 2, pcl, &acc, NULL) == GV_OK &&
		 metrics_multilabel(tc, pc, ns, GV_CAT_COUNT, pcat, &mac, NULL, NULL) == GV_OK;
	if (ok && nprob == ns && metrics_roc_auc(sc, lab, ns, &auc) != GV_OK)
		auc = NAN;
	m[0] = (metric){"accuracy", ok ? acc : NAN};
	m[1] = (metric){"precision", ok ? pcl[1].precision : NAN};
	m[2] = (metric){"recall", ok ? pcl[1].recall : NAN};
	m[3] = (metric){"f1", ok ? pcl[1].f1 : NAN};
	m[4] = (metric){"f1_macro", ok && mac.classes ? mac.f1 : NAN};
	m[5] = (metric){"roc_auc", ok && nprob == ns ? auc : NAN};
	free(t);
	free(p);
	free(tc);
	free(pc);
	free(sc);
	free(lab);
	return 6;
}

static size_t metrics_regression(sctx *x, size_t ns, metric *m)
{
	static const char *const mae[4] = {"mae_weight_kg", "mae_height_cm", "mae_z_wfa", "mae_z_lhfa"};
	static const char *const rmse[4] = {"rmse_weight_kg", "rmse_height_cm", "rmse_z_wfa", "rmse_z_lhfa"};
	double *pv = malloc((ns + 1) * sizeof *pv), *tv = malloc((ns + 1) * sizeof *tv);
	if (!pv || !tv)
		x->err = 2;
	for (int f = 0; f < 4; f++) {
		size_t j = 0;
		for (size_t i = 0; pv && tv && i < x->n; i++) {
			entry *e = &x->e[i];
			if (e->line == NO_LINE || isnan(e->reg[f]))
				continue;
			pv[j] = e->preg[f];
			tv[j] = e->reg[f];
			j++;
		}
		double a = NAN, r = NAN;
		if (pv && tv && metrics_mae_rmse(pv, tv, j, &a, &r) != GV_OK)
			a = r = NAN;
		m[2 * f] = (metric){mae[f], a};
		m[2 * f + 1] = (metric){rmse[f], r};
	}
	free(pv);
	free(tv);
	return 8;
}

static sctx *cmp_ctx; /* qsort has no context argument */

static int by_child(const void *a, const void *b)
{
	return strcmp(cmp_ctx->e[*(const size_t *)a].child, cmp_ctx->e[*(const size_t *)b].child);
}

/* The judged claims of every scored summary of the child just accumulated. */
static void judge_child(sctx *x)
{
	char ps[40];
	export_pseudonym(x->key, &x->cur.p, ps, sizeof ps);
	size_t lo = 0, hi = x->nby;
	while (lo < hi) { /* first entry with child >= ps */
		size_t mid = (lo + hi) / 2;
		if (strcmp(x->e[x->bychild[mid]].child, ps) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == x->nby || strcmp(x->e[x->bychild[lo]].child, ps) != 0)
		return;
	claims_child *cc = NULL;
	gv_status st = claims_child_new(&x->cur, &x->co, &cc);
	for (size_t k = lo; k < x->nby && strcmp(x->e[x->bychild[k]].child, ps) == 0; k++) {
		entry *e = &x->e[x->bychild[k]];
		x->found++;
		if (st != GV_OK) {
			if (st == GV_ENOMEM)
				x->err = 2;
			continue; /* no record to check against (sex unknown): no claim contradicted */
		}
		claims_result r = {0};
		if (claims_judge(cc, e->summary, strlen(e->summary), &r) != GV_OK) {
			x->err = 2;
		} else {
			for (size_t c = 0; c < r.n; c++)
				if (r.claims[c].verdict == CLAIM_CONTRADICTED) {
					x->contradicted++;
					break;
				}
		}
		claims_free(&r);
	}
	claims_child_free(cc);
}

/* One child at a time (store_each_child): its visits are the walk's, borrowed while judged. */
static int each_child(void *ctx, const gv_child *c)
{
	sctx *x = ctx;
	x->cur = *c;
	judge_child(x);
	x->cur.v = NULL;
	return x->err != 0;
}

/* contradicted_rate over the scored summaries: 0, or 2 after a message. */
static int contradicted(sctx *x, const char *db, size_t ns, double *rate)
{
	*rate = NAN;
	if (ns == 0)
		return 0;
	x->bychild = malloc(ns * sizeof *x->bychild);
	if (!x->bychild) {
		fprintf(stderr, "growthview score: out of memory\n");
		return 2;
	}
	for (size_t i = 0; i < x->n; i++)
		if (x->e[i].line != NO_LINE)
			x->bychild[x->nby++] = i;
	cmp_ctx = x;
	qsort(x->bychild, x->nby, sizeof *x->bychild, by_child);
	gv_config cfg;
	gv_store *st;
	if (cmd_open("score", db, STORE_OPEN_READONLY, &cfg, &st) != 0)
		return 2;
	claims_default_options(&x->co, (gv_ruleset)cfg.rules);
	int rc = 0, cbret = 0;
	if (store_pseudonym_key(st, x->key) != STORE_OK || store_each_child(st, 0, each_child, x, &cbret) != STORE_OK) {
		fprintf(stderr, "growthview score: %s\n", store_errmsg(st));
		rc = 2;
	}
	if (!rc && x->err) {
		fprintf(stderr, "growthview score: out of memory\n");
		rc = 2;
	}
	if (!rc && (size_t)x->found != ns) {
		fprintf(stderr,
			"growthview score: %zu of the %zu scored summaries are of children not in %s (were the tasks made "
			"from another database?)\n",
			ns - (size_t)x->found, ns, cfg.db);
		rc = 2;
	}
	if (!rc)
		*rate = (double)x->contradicted / (double)ns;
	store_close(st);
	config_free(&cfg);
	return rc;
}

static size_t metrics_summarisation(sctx *x, size_t ns, metric *m)
{
	bleu_stats bs;
	bleu_stats_init(&bs);
	double r1 = 0, r2 = 0, rl = 0;
	for (size_t i = 0; i < x->n && !x->err; i++) {
		entry *e = &x->e[i];
		if (e->line == NO_LINE)
			continue;
		rouge_result rr;
		const char *const *refs = (const char *const *)e->refs;
		if (bleu_add(&bs, NULL, e->summary, refs, e->nrefs) != GV_OK ||
		    rouge_score(e->summary, refs, e->nrefs, &rr) != GV_OK) {
			x->err = 2;
			break;
		}
		r1 += rr.r1.f;
		r2 += rr.r2.f;
		rl += rr.rl.f;
	}
	bleu_result br;
	int ok = !x->err && ns > 0;
	if (ok && bleu_compute(&bs, NULL, &br) != GV_OK)
		br.score = NAN;
	m[0] = (metric){"bleu", ok ? br.score : NAN};
	m[1] = (metric){"rouge1", ok ? r1 / (double)ns : NAN};
	m[2] = (metric){"rouge2", ok ? r2 / (double)ns : NAN};
	m[3] = (metric){"rougeL", ok ? rl / (double)ns : NAN};
	m[4] = (metric){"contradicted_rate", NAN}; /* filled by the caller */
	return 5;
}

/* ------------------------------------------------------------------ output */

static void print_json(const sctx *x, size_t ns, long missing, const metric *m, size_t nm)
{
	gv_buf b = GV_BUF_INIT;
	buf_printf(&b, "{\"task\":\"%s\",\"n\":%zu,\"scored\":%zu,\"missing\":%ld,\"invalid\":%ld,\"metrics\":{",
		   tasks_kind_name(x->task), x->n, ns, missing, x->invalid);
	for (size_t i = 0; i < nm; i++) {
		buf_printf(&b, "%s\"%s\":", i ? "," : "", m[i].name);
		if (isfinite(m[i].v))
			buf_fixed(&b, m[i].v, 6);
		else
			buf_puts(&b, "null");
	}
	buf_puts(&b, "}}\n");
	if (buf_ok(&b))
		cmd_write(stdout, b.p, b.len);
	buf_free(&b);
}

static void print_text(const sctx *x, size_t ns, long missing, const metric *m, size_t nm)
{
	printf("task %s: %zu items, %zu scored, %ld missing, %ld invalid prediction lines\n", tasks_kind_name(x->task),
	       x->n, ns, missing, x->invalid);
	printf("metrics over the %zu scored items%s:\n", ns,
	       missing || x->invalid ? " (missing and invalid predictions are left out, not counted as wrong)" : "");
	for (size_t i = 0; i < nm; i++) {
		if (isfinite(m[i].v))
			printf("  %-18s %10.4f\n", m[i].name, m[i].v);
		else
			printf("  %-18s %10s\n", m[i].name, "-");
	}
}

int cmd_score(int argc, char **argv)
{
	const char *db = NULL, *dir = NULL, *pred = NULL, *task = NULL;
	int json = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "--db") == 0 && i + 1 < argc) {
			db = argv[++i];
		} else if (strcmp(a, "--task") == 0 && i + 1 < argc) {
			task = argv[++i];
		} else if (strcmp(a, "--tasks") == 0 && i + 1 < argc) {
			dir = argv[++i];
		} else if (strcmp(a, "--json") == 0) {
			json = 1;
		} else if ((a[0] != '-' || strcmp(a, "-") == 0) && !pred) {
			pred = a;
		} else {
			char *c = cmd_clean(a);
			fprintf(stderr, "growthview score: %s '%s'\n",
				a[0] == '-' && strcmp(a, "-") != 0 && i + 1 == argc ? "missing value after or unknown option"
										   : "unknown argument",
				c ? c : "?");
			free(c);
			usage(stderr);
			return 2;
		}
	}
	sctx x;
	memset(&x, 0, sizeof x);
	x.task = tasks_kind_parse(task);
	if (!task || x.task == TASK_NKINDS) {
		char *c = task ? cmd_clean(task) : NULL;
		fprintf(stderr, "growthview score: --task must be classification, regression or summarisation%s%s%s\n",
			task ? " (got '" : "", task ? (c ? c : "?") : "", task ? "')" : "");
		free(c);
		usage(stderr);
		return 2;
	}
	if (!dir || !pred) {
		fprintf(stderr, "growthview score: %s\n", !dir ? "--tasks DIR is required" : "name the PREDICTIONS.jsonl file");
		usage(stderr);
		return 2;
	}
	size_t plen = strlen(dir) + strlen(tasks_kind_name(x.task)) + 16;
	char *tpath = malloc(plen);
	char *pname = cmd_clean(strcmp(pred, "-") == 0 ? "(stdin)" : pred);
	if (!tpath || !pname) {
		free(tpath);
		free(pname);
		fprintf(stderr, "growthview score: out of memory\n");
		return 2;
	}
	snprintf(tpath, plen, "%s/%s.jsonl", dir, tasks_kind_name(x.task));
	x.pred_name = pname;
	int rc = load_tasks(&x, tpath);
	FILE *pf = NULL;
	if (!rc) {
		pf = strcmp(pred, "-") == 0 ? stdin : fopen(pred, "r");
		if (!pf) {
			fprintf(stderr, "growthview score: cannot read %s: %s\n", pname, strerror(errno));
			rc = 2;
		}
	}
	if (!rc)
		rc = read_predictions(&x, pf);
	if (pf && pf != stdin)
		fclose(pf);
	size_t ns = 0;
	long missing = 0;
	for (size_t i = 0; i < x.n; i++)
		if (x.e[i].line != NO_LINE)
			ns++;
		else
			missing++;
	metric m[MAXM];
	size_t nm = 0;
	if (!rc) {
		if (x.task == TASK_CLASSIFICATION)
			nm = metrics_classification(&x, ns, m);
		else if (x.task == TASK_REGRESSION)
			nm = metrics_regression(&x, ns, m);
		else {
			nm = metrics_summarisation(&x, ns, m);
			if (!x.err)
				rc = contradicted(&x, db, ns, &m[4].v);
		}
		if (!rc && x.err) {
			fprintf(stderr, "growthview score: out of memory\n");
			rc = 2;
		}
	}
	if (!rc) {
		if (json)
			print_json(&x, ns, missing, m, nm);
		else
			print_text(&x, ns, missing, m, nm);
		if (missing || x.invalid) {
			fprintf(stderr, "growthview score: %ld items without a prediction, %ld invalid lines\n", missing,
				x.invalid);
			rc = 1;
		}
	}
	entries_free(&x);
	free(tpath);
	free(pname);
	return rc;
}
