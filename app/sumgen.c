/* sumgen.c — prompts and built-in summaries ready to store (see sumgen.h). */
#include "app/sumgen.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "app/sha256.h"
#include "core/baseline.h"
#include "core/refs.h"
#include "core/variants.h"

struct sumgen {
	gv_flag_options fo;
	gv_child child;
	int loaded;
	prompt_options po;
	prompt_facts facts;
	prompt pr;
	char sha[65];
	baseline base;
	int base_ok;             /* base was written for the current prompt */
	variant var;
	char params[96];
	char *planted;           /* cJSON text (cJSON's allocator) */
};

void sumgen_hex_sha256(const void *p, size_t n, char out[65])
{
	unsigned char d[32];
	sha256(p, n, d);
	static const char hx[] = "0123456789abcdef";
	for (int i = 0; i < 32; i++) {
		out[2 * i] = hx[d[i] >> 4];
		out[2 * i + 1] = hx[d[i] & 15];
	}
	out[64] = '\0';
}

sumgen *sumgen_new(const gv_flag_options *fo)
{
	sumgen *g = calloc(1, sizeof *g);
	if (!g)
		return NULL;
	g->fo = *fo;
	prompt_facts_init(&g->facts);
	prompt_init(&g->pr);
	baseline_init(&g->base);
	variants_init(&g->var);
	prompt_default_options(&g->po);
	return g;
}

void sumgen_free(sumgen *g)
{
	if (!g)
		return;
	store_child_free(&g->child);
	prompt_facts_free(&g->facts);
	prompt_free(&g->pr);
	baseline_free(&g->base);
	variants_free(&g->var);
	cJSON_free(g->planted);
	free(g);
}

int sumgen_rebuild(sumgen *g, gv_audience a, int want_json, char *err, size_t errsz)
{
	g->base_ok = 0;
	g->po.audience = a;
	gv_status s = prompt_build(&g->facts, &g->po, want_json, &g->pr);
	if (s != GV_OK) {
		snprintf(err, errsz, "cannot write the prompt: %s", s == GV_ENOMEM ? "out of memory" : "bad options");
		return -1;
	}
	const prompt_buf *t = &g->pr.text;
	sumgen_hex_sha256(prompt_buf_str(t), t->len, g->sha);
	return 0;
}

int sumgen_load(sumgen *g, gv_store *st, int64_t pid, gv_audience a, int want_json, char *err, size_t errsz)
{
	store_child_free(&g->child);
	g->loaded = 0;
	if (store_child_load(st, pid, &g->child) != STORE_OK) {
		snprintf(err, errsz, "%s", store_errmsg(st));
		return -1;
	}
	gv_status s = prompt_facts_compute(&g->facts, &g->child, &g->fo);
	if (s != GV_OK) {
		snprintf(err, errsz, "cannot score the child: %s", s == GV_ENOMEM ? "out of memory" : "bad record");
		return -1;
	}
	g->loaded = 1;
	return sumgen_rebuild(g, a, want_json, err, errsz);
}

const prompt *sumgen_prompt(const sumgen *g)
{
	return &g->pr;
}

const char *sumgen_sha256(const sumgen *g)
{
	return g->sha;
}

static void fill_common(sumgen *g, store_summary *s)
{
	store_summary_init(s);
	s->patient_id = g->child.p.id;
	s->template_id = PROMPT_TEMPLATE_ID;
	s->template_version = PROMPT_TEMPLATE_VERSION;
	s->audience = prompt_audience_name(g->po.audience);
	s->prompt_sha256 = g->sha;
	s->finish_reason = "stop";
	s->duration_ms = 0;
}

static int write_baseline(sumgen *g, char *err, size_t errsz)
{
	if (g->base_ok)
		return 0;
	if (!g->loaded) {
		snprintf(err, errsz, "no child loaded");
		return -1;
	}
	gv_status st = baseline_write(&g->facts, &g->po, &g->base);
	if (st != GV_OK || g->base.text.oom) {
		snprintf(err, errsz, "cannot write the baseline summary: %s",
			 st == GV_ENOMEM || g->base.text.oom ? "out of memory" : "bad options");
		return -1;
	}
	g->base_ok = 1;
	return 0;
}

int sumgen_baseline(sumgen *g, store_summary *s, char *err, size_t errsz)
{
	if (write_baseline(g, err, errsz) != 0)
		return -1;
	fill_common(g, s);
	s->model = BASELINE_MODEL;
	s->backend = STORE_BACKEND_BASELINE;
	snprintf(g->params, sizeof g->params, "{\"baseline_version\":%d}", BASELINE_VERSION);
	s->params = g->params;
	s->text = prompt_buf_str(&g->base.text);
	s->text_len = g->base.text.len;
	return 0;
}

static void num_or_null(cJSON *o, const char *k, double v)
{
	if (isfinite(v))
		cJSON_AddNumberToObject(o, k, v);
	else
		cJSON_AddNullToObject(o, k);
}

int sumgen_variant(sumgen *g, int model, uint64_t seed, store_summary *s, char *err, size_t errsz)
{
	if (write_baseline(g, err, errsz) != 0)
		return -1;
	gv_status st = variants_make(&g->facts, &g->base, &g->po, model, seed, &g->var);
	if (st != GV_OK || g->var.text.oom || g->var.strings.oom) {
		snprintf(err, errsz, "cannot write %s: %s", variants_model_name(model),
			 st == GV_ENOMEM ? "out of memory" : "no baseline text");
		return -1;
	}
	cJSON *a = cJSON_CreateArray();
	if (!a) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < g->var.nm; i++) {
		const variants_mistake *m = &g->var.m[i];
		cJSON *o = cJSON_CreateObject();
		if (!o)
			break;
		cJSON_AddItemToArray(a, o);
		cJSON_AddStringToObject(o, "kind", variants_kind_name(m->kind));
		cJSON_AddNumberToObject(o, "start", (double)m->start);
		cJSON_AddNumberToObject(o, "end", (double)m->end);
		cJSON_AddStringToObject(o, "original", variants_str(&g->var, m->original));
		cJSON_AddStringToObject(o, "planted", variants_str(&g->var, m->planted));
		cJSON_AddStringToObject(o, "note", variants_str(&g->var, m->note));
		if (m->visit != PROMPT_NONE)
			cJSON_AddNumberToObject(o, "visit", (double)(m->visit + 1));
		else
			cJSON_AddNullToObject(o, "visit");
		if (m->ind < GV_NIND)
			cJSON_AddStringToObject(o, "indicator", refs_ind_name(m->ind));
		else
			cJSON_AddNullToObject(o, "indicator");
		if (m->category < GV_CAT_COUNT)
			cJSON_AddStringToObject(o, "category", flags_cat_name(m->category));
		else
			cJSON_AddNullToObject(o, "category");
		num_or_null(o, "engine", m->engine);
		num_or_null(o, "stated", m->stated);
	}
	cJSON_free(g->planted);
	g->planted = cJSON_PrintUnformatted(a);
	cJSON_Delete(a);
	if (!g->planted) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	fill_common(g, s);
	s->model = variants_model_name(model);
	s->backend = STORE_BACKEND_SYNTHETIC;
	snprintf(g->params, sizeof g->params, "{\"variants_version\":%d,\"baseline_version\":%d,\"seed\":%llu}",
		 VARIANTS_VERSION, BASELINE_VERSION, (unsigned long long)seed);
	s->params = g->params;
	s->planted = g->planted;
	s->text = prompt_buf_str(&g->var.text);
	s->text_len = g->var.text.len;
	return 0;
}

/* Store *s; 0 or -1 (err). */
static int put(gv_store *st, const store_summary *s, long *n, char *err, size_t errsz)
{
	int added = 0;
	if (store_summary_put(st, s, &added, NULL, 0) != STORE_OK) {
		snprintf(err, errsz, "%s", store_errmsg(st));
		return -1;
	}
	*n += added;
	return 0;
}

int sumgen_fill_demo(gv_store *st, const gv_flag_options *fo, uint64_t seed, long max_patients, long *nsum, char *err,
		     size_t errsz)
{
	*nsum = 0;
	sumgen *g = sumgen_new(fo);
	store_patient_row *rows = malloc(256 * sizeof *rows);
	if (!g || !rows) {
		sumgen_free(g);
		free(rows);
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	int rc = 0;
	if (store_begin(st) != STORE_OK) {
		snprintf(err, errsz, "%s", store_errmsg(st));
		rc = -1;
	}
	long done = 0;
	while (rc == 0 && done < max_patients) {
		int nrows = 0;
		int want = max_patients - done < 256 ? (int)(max_patients - done) : 256;
		if (store_patient_page(st, NULL, STORE_SORT_NAME, 0, done, want, rows, &nrows) != STORE_OK) {
			snprintf(err, errsz, "%s", store_errmsg(st));
			rc = -1;
			break;
		}
		if (nrows == 0)
			break;
		for (int i = 0; rc == 0 && i < nrows; i++) {
			store_summary s;
			for (int a = 0; rc == 0 && a < GV_AUD_COUNT; a++) {
				if (a == 0)
					rc = sumgen_load(g, st, rows[i].id, (gv_audience)a, 0, err, errsz);
				else
					rc = sumgen_rebuild(g, (gv_audience)a, 0, err, errsz);
				if (rc == 0 && (rc = sumgen_baseline(g, &s, err, errsz)) == 0)
					rc = put(st, &s, nsum, err, errsz);
				for (int m = 1; rc == 0 && m <= VARIANTS_NMODELS; m++) {
					/* A seed of at most 53 bits (stored exactly in the JSON params). */
					uint64_t vs = (seed * 1000003u + (uint64_t)rows[i].id * 4u + (uint64_t)a * 2u +
						       (uint64_t)m) & ((1ull << 53) - 1);
					if ((rc = sumgen_variant(g, m, vs, &s, err, errsz)) == 0)
						rc = put(st, &s, nsum, err, errsz);
				}
			}
		}
		done += nrows;
	}
	if (rc == 0 && store_commit(st) != STORE_OK) {
		snprintf(err, errsz, "%s", store_errmsg(st));
		rc = -1;
	} else if (rc != 0) {
		store_rollback(st);
		*nsum = 0;
	}
	free(rows);
	sumgen_free(g);
	return rc;
}
