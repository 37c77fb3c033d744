/* stats.c — see stats.h. */
#include "app/stats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rank.h"

void stats_default_opts(stats_opts *o)
{
	o->n_boot = 1000;
	o->seed = 1;
	o->conf = 0.95;
}

/* A growable array of rank_obs. */
typedef struct obsvec {
	rank_obs *v;
	size_t n, cap;
} obsvec;

static int obs_push(obsvec *o, uint32_t item, uint32_t group, double num, double den)
{
	if (o->n == o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 1024;
		rank_obs *v = realloc(o->v, cap * sizeof *v);
		if (!v)
			return -1;
		o->v = v;
		o->cap = cap;
	}
	o->v[o->n++] = (rank_obs){item, group, num, den};
	return 0;
}

/* The walk's state. */
typedef struct walk {
	stats_report *r;
	size_t cap;         /* of r->models */
	size_t last;        /* model of the previous row (most rows repeat it) */
	int64_t patient;    /* previous row's patient */
	uint32_t child;     /* dense index of the current patient */
	long *child_of;     /* per model: last child counted (dense index + 1) */
	obsvec contra, omit;
	int oom;
} walk;

static long model_index(walk *w, const char *name)
{
	stats_report *r = w->r;
	if (w->last < r->n_models && strncmp(r->models[w->last].name, name, STATS_NAME_MAX - 1) == 0)
		return (long)w->last;
	for (size_t i = 0; i < r->n_models; i++)
		if (strncmp(r->models[i].name, name, STATS_NAME_MAX - 1) == 0)
			return (long)(w->last = i);
	if (r->n_models == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 8;
		stats_model *m = realloc(r->models, cap * sizeof *m);
		long *c = realloc(w->child_of, cap * sizeof *c);
		if (m)
			r->models = m;
		if (c)
			w->child_of = c;
		if (!m || !c)
			return -1;
		w->cap = cap;
	}
	stats_model *m = &r->models[r->n_models];
	memset(m, 0, sizeof *m);
	snprintf(m->name, sizeof m->name, "%s", name);
	w->child_of[r->n_models] = 0;
	return (long)(w->last = r->n_models++);
}

static int on_summary(void *ctx, const store_stat_summary *s)
{
	walk *w = ctx;
	stats_report *r = w->r;
	if (r->summaries == 0 || s->patient_id != w->patient) {
		if (r->summaries > 0)
			w->child++;
		w->patient = s->patient_id;
		r->children++;
	}
	r->summaries++;
	long k = model_index(w, s->model);
	if (k < 0)
		return w->oom = 1;
	stats_model *m = &r->models[k];
	m->summaries++;
	if (w->child_of[k] != (long)w->child + 1) {
		w->child_of[k] = (long)w->child + 1;
		m->children++;
	}
	if (!s->checked)
		return 0;
	r->checked++;
	m->checked++;
	m->claims += s->claims;
	m->contradicted += s->contradicted;
	m->omitted += s->omitted;
	m->omitting += s->omitted > 0;
	if (obs_push(&w->contra, w->child, (uint32_t)k, (double)s->contradicted, (double)s->claims) < 0 ||
	    obs_push(&w->omit, w->child, (uint32_t)k, s->omitted > 0 ? 1.0 : 0.0, 1.0) < 0)
		return w->oom = 1;
	return 0;
}

static int by_name(const void *a, const void *b)
{
	const stats_model *x = a, *y = b;
	return strcmp(x->name, y->name);
}

/* Bootstrap the two rates of every model (the models in walk order: group = index then). */
static int rates(walk *w, const stats_opts *o, char *err, size_t errsz)
{
	stats_report *r = w->r;
	if (r->n_models == 0)
		return 0;
	metrics_ci *ci = calloc(r->n_models, sizeof *ci);
	if (!ci) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	rank_opts ro;
	rank_default_opts(&ro);
	ro.n_boot = o->n_boot;
	ro.seed = o->seed;
	ro.conf = o->conf;
	uint32_t items = (uint32_t)r->children;
	gv_status s1 = rank_ratio(w->contra.v, w->contra.n, items, (uint32_t)r->n_models, &ro, ci);
	for (size_t i = 0; i < r->n_models && s1 == GV_OK; i++)
		r->models[i].contradicted_rate = ci[i];
	gv_status s2 = s1 == GV_OK ? rank_ratio(w->omit.v, w->omit.n, items, (uint32_t)r->n_models, &ro, ci) : s1;
	for (size_t i = 0; i < r->n_models && s2 == GV_OK; i++)
		r->models[i].omitted_rate = ci[i];
	free(ci);
	if (s1 != GV_OK || s2 != GV_OK) {
		snprintf(err, errsz, "claim-check rates: %s", gv_strerror(s1 != GV_OK ? s1 : s2));
		return -1;
	}
	return 0;
}

int stats_collect(gv_store *st, const stats_opts *o, stats_report *out, char *err, size_t errsz)
{
	memset(out, 0, sizeof *out);
	stats_opts def;
	if (!o) {
		stats_default_opts(&def);
		o = &def;
	}
	out->opts = *o;
	if (!(o->conf > 0 && o->conf < 1)) {
		snprintf(err, errsz, "the interval level must be between 0 and 1");
		return -1;
	}
	walk w;
	memset(&w, 0, sizeof w);
	w.r = out;
	int cbret = 0;
	store_rc rc = store_stats_summaries(st, on_summary, &w, &out->corrections, &cbret);
	int ret = 0;
	if (rc != STORE_OK) {
		snprintf(err, errsz, "%s", store_errmsg(st));
		ret = -1;
	} else if (w.oom) {
		snprintf(err, errsz, "out of memory");
		ret = -1;
	} else {
		ret = rates(&w, o, err, errsz);
	}
	free(w.contra.v);
	free(w.omit.v);
	free(w.child_of);
	if (ret == 0 && out->n_models > 1)
		qsort(out->models, out->n_models, sizeof *out->models, by_name);
	return ret;
}

void stats_free(stats_report *r)
{
	if (!r)
		return;
	free(r->models);
	memset(r, 0, sizeof *r);
}
