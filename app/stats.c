/* stats.c — see stats.h. */
#include "app/stats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rank.h"
#include "core/rating.h"

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

/* A summary as the ratings need it: its model (index in the report's models) and length. */
typedef struct sinfo {
	int64_t id;
	uint32_t model;
	uint32_t chars;
} sinfo;

/* The walk's state. */
typedef struct walk {
	stats_report *r;
	size_t cap;         /* of r->models */
	size_t last;        /* model of the previous row (most rows repeat it) */
	int64_t patient;    /* previous row's patient */
	uint32_t child;     /* dense index of the current patient */
	long *child_of;     /* per model: last child counted (dense index + 1) */
	obsvec contra, omit;
	sinfo *sum;         /* every summary walked, sorted by id after the walk */
	size_t nsum, sumcap;
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
	if (w->nsum == w->sumcap) {
		size_t cap = w->sumcap ? 2 * w->sumcap : 1024;
		sinfo *p = realloc(w->sum, cap * sizeof *p);
		if (!p)
			return w->oom = 1;
		w->sum = p;
		w->sumcap = cap;
	}
	w->sum[w->nsum++] = (sinfo){s->id, (uint32_t)k, (uint32_t)(s->chars > 0 ? s->chars : 0)};
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

static int by_id(const void *a, const void *b)
{
	const sinfo *x = a, *y = b;
	return x->id < y->id ? -1 : x->id > y->id;
}

static const sinfo *find_summary(const sinfo *v, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (v[mid].id == id)
			return &v[mid];
		if (v[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
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


/* ------------------------------------------------------------------ ratings */

const char *stats_agree_name(int a)
{
	if (a >= 0 && a < RUBRIC_NAXES)
		return rubric_axis_name((rubric_axis)a);
	return a == STATS_AG_HARM ? "harm" : a == STATS_AG_CHOICE ? "choice" : "";
}

/* One submitted rating of an ordinary item in the item's order (summary 1, summary 2), for the
 * agreement matrices. */
typedef struct vrec {
	int64_t qitem;                     /* the queue item (order of the ratings of one rater) */
	uint32_t item, rater;              /* rater: index in the walk's raters */
	int8_t v[2][STATS_AG_CHOICE];      /* per summary: the four axes, the harm extent */
	int8_t side;                       /* -1 summary 1 preferred, 0 neither, +1 summary 2 */
} vrec;

/* Item of an unordered pair of summaries: open addressing on (lo, hi). */
typedef struct pairmap {
	int64_t *k;      /* 2 per slot; k[2i] == 0: empty (summary ids are > 0) */
	uint32_t *v;
	size_t cap, n;
} pairmap;

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

static int pm_grow(pairmap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 1024;
	int64_t *k = calloc(cap * 2, sizeof *k);
	uint32_t *v = malloc(cap * sizeof *v);
	if (!k || !v) {
		free(k);
		free(v);
		return -1;
	}
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->k[2 * i])
			continue;
		size_t j = mix64((uint64_t)m->k[2 * i] * 31 + (uint64_t)m->k[2 * i + 1]) & (cap - 1);
		while (k[2 * j])
			j = (j + 1) & (cap - 1);
		k[2 * j] = m->k[2 * i];
		k[2 * j + 1] = m->k[2 * i + 1];
		v[j] = m->v[i];
	}
	free(m->k);
	free(m->v);
	m->k = k;
	m->v = v;
	m->cap = cap;
	return 0;
}

/* The item of summaries a and b: found, or the next index.  -1 when out of memory. */
static long pm_item(pairmap *m, int64_t a, int64_t b)
{
	int64_t lo = a < b ? a : b, hi = a < b ? b : a;
	if ((m->n + 1) * 2 > m->cap && pm_grow(m) < 0)
		return -1;
	size_t j = mix64((uint64_t)lo * 31 + (uint64_t)hi) & (m->cap - 1);
	while (m->k[2 * j]) {
		if (m->k[2 * j] == lo && m->k[2 * j + 1] == hi)
			return (long)m->v[j];
		j = (j + 1) & (m->cap - 1);
	}
	m->k[2 * j] = lo;
	m->k[2 * j + 1] = hi;
	m->v[j] = (uint32_t)m->n;
	return (long)m->n++;
}

typedef struct rwalk {
	stats_report *r;
	const sinfo *sum;  /* the summaries by id */
	size_t nsum;
	size_t rcap, last_rater;
	pairmap items;
	rank_vote *votes;
	size_t nv, vcap;
	obsvec scores;
	vrec *recs;
	size_t nrec, reccap;
	rating rt;
	int oom, too_many;
} rwalk;

static long rater_index(rwalk *w, const store_stat_rating *x)
{
	stats_report *r = w->r;
	if (w->last_rater < r->n_raters && r->raters[w->last_rater].id == x->rater)
		return (long)w->last_rater;
	for (size_t i = 0; i < r->n_raters; i++)
		if (r->raters[i].id == x->rater)
			return (long)(w->last_rater = i);
	if (r->n_raters == w->rcap) {
		size_t cap = w->rcap ? w->rcap * 2 : 8;
		stats_rater *p = realloc(r->raters, cap * sizeof *p);
		if (!p)
			return -1;
		r->raters = p;
		w->rcap = cap;
	}
	stats_rater *q = &r->raters[r->n_raters];
	memset(q, 0, sizeof *q);
	q->id = x->rater;
	snprintf(q->name, sizeof q->name, "%s", x->rater_name);
	snprintf(q->role, sizeof q->role, "%s", x->role);
	return (long)(w->last_rater = r->n_raters++);
}

/* Index among the ranked models of models[k]; -2 past RANK_MAX_MODELS. */
static int rank_index(stats_report *r, uint32_t k)
{
	stats_model *m = &r->models[k];
	if (m->rank < 0) {
		if (r->n_ranked >= RANK_MAX_MODELS)
			return -2;
		r->ranked[r->n_ranked] = (uint16_t)k;
		m->rank = r->n_ranked++;
	}
	return m->rank;
}

static int grow(void **p, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return 0;
	size_t c = *cap ? *cap * 2 : 1024;
	void *q = realloc(*p, c * size);
	if (!q)
		return -1;
	*p = q;
	*cap = c;
	return 0;
}

static int on_rating(void *ctx, const store_stat_rating *x)
{
	rwalk *w = ctx;
	stats_report *r = w->r;
	long ri = rater_index(w, x);
	if (ri < 0)
		return w->oom = 1;
	stats_rater *q = &r->raters[ri];
	r->assigned++;
	q->assigned++;
	if (!x->status || !x->draft) {
		r->unopened++;
		return 0;
	}
	if (strcmp(x->status, "submitted") != 0) {
		if (strcmp(x->status, "skipped") == 0) {
			r->skipped++;
			q->skipped++;
		} else {
			r->drafts++;
			q->drafts++;
		}
		return 0;
	}
	char why[160];
	if (rating_parse(&w->rt, x->draft, x->draft_len, why, sizeof why) != RATING_OK ||
	    w->rt.status != RATING_SUBMITTED || w->rt.choice == RATING_UNSET) {
		r->unreadable++;
		q->unreadable++;
		return 0;
	}
	r->submitted++;
	q->submitted++;
	if (x->gold) {
		queue_item qi;
		memset(&qi, 0, sizeof qi);
		qi.gold = 1;
		qi.planted = x->planted;
		queue_gold_score(&qi, x->swapped, &w->rt, &q->gold);
		r->gold_votes++;
		return 0;
	}
	const sinfo *sl = find_summary(w->sum, w->nsum, x->left), *sr = find_summary(w->sum, w->nsum, x->right);
	int ma = sl ? rank_index(r, sl->model) : -1, mb = sr ? rank_index(r, sr->model) : -1;
	if (ma == -2 || mb == -2)
		return w->too_many = 1;
	if (ma < 0 || mb < 0 || ma == mb) { /* a correction, or a summary written since the walk */
		r->unreadable++;
		q->unreadable++;
		return 0;
	}
	long it = pm_item(&w->items, x->left, x->right);
	if (it < 0 || grow((void **)&w->votes, &w->vcap, w->nv, sizeof *w->votes) < 0 ||
	    grow((void **)&w->recs, &w->reccap, w->nrec, sizeof *w->recs) < 0)
		return w->oom = 1;
	r->votes++;
	rank_vote *v = &w->votes[w->nv++];
	memset(v, 0, sizeof *v);
	v->item = (uint32_t)it;
	v->rater = (uint32_t)ri;
	v->model_a = (uint16_t)ma;
	v->model_b = (uint16_t)mb;
	v->choice = (uint8_t)w->rt.choice;
	v->len_a = (float)(sl->chars > 0 ? sl->chars : 1);
	v->len_b = (float)(sr->chars > 0 ? sr->chars : 1);
	for (int s = 0; s < 2; s++)
		for (int a = 0; a < RUBRIC_NAXES; a++)
			if (w->rt.side[s].axis[a] != RATING_UNSET &&
			    obs_push(&w->scores, (uint32_t)it, (uint32_t)((s ? mb : ma) * RUBRIC_NAXES + a),
				     w->rt.side[s].axis[a], 1.0) < 0)
				return w->oom = 1;
	if (x->swapped)
		rating_swap_sides(&w->rt); /* now in the item's order */
	vrec *e = &w->recs[w->nrec++];
	e->qitem = x->item;
	e->item = (uint32_t)it;
	e->rater = (uint32_t)ri;
	for (int s = 0; s < 2; s++) {
		for (int a = 0; a < RUBRIC_NAXES; a++)
			e->v[s][a] = w->rt.side[s].axis[a];
		e->v[s][STATS_AG_HARM] = w->rt.side[s].harm;
	}
	e->side = (int8_t)rubric_choice_side((rubric_choice)w->rt.choice);
	/* The item's summary 1 is the one shown left unless swapped: orient the side by the lower
	 * summary id instead, so that two raters' ratings of one item compare whatever queue made
	 * them (pm_item keys the item by (lo, hi)). */
	int64_t s1 = x->swapped ? x->right : x->left;
	if (s1 != (x->left < x->right ? x->left : x->right)) {
		int8_t t[STATS_AG_CHOICE];
		memcpy(t, e->v[0], sizeof t);
		memcpy(e->v[0], e->v[1], sizeof t);
		memcpy(e->v[1], t, sizeof t);
		e->side = (int8_t)-e->side;
	}
	return 0;
}

static const stats_report *g_sort_r; /* for by_item_rater (qsort has no context) */

static int by_item_rater(const void *a, const void *b)
{
	const vrec *x = a, *y = b;
	if (x->item != y->item)
		return x->item < y->item ? -1 : 1;
	int64_t i = g_sort_r->raters[x->rater].id, j = g_sort_r->raters[y->rater].id;
	if (i != j)
		return i < j ? -1 : 1;
	return x->qitem < y->qitem ? -1 : x->qitem > y->qitem;
}

/* The Cohen figures of r->agree from the first two columns of the matrices x (cols wide). */
static gv_status cohen_first_two(int *const *x, size_t units, int cols, const agree_opts *ao, stats_report *r)
{
	int *y[STATS_NAG];
	gv_status s = GV_OK;
	for (int a = 0; a < STATS_NAG; a++) {
		size_t rows = a == STATS_AG_CHOICE ? units : 2 * units;
		y[a] = malloc(rows * 2 * sizeof **y);
		if (!y[a]) {
			s = GV_ENOMEM;
			continue;
		}
		for (size_t i = 0; i < rows; i++) {
			y[a][2 * i] = x[a][i * (size_t)cols];
			y[a][2 * i + 1] = x[a][i * (size_t)cols + 1];
		}
	}
	agree_report two[STATS_NAG];
	if (s == GV_OK) {
		agree_level lv[STATS_AG_CHOICE];
		for (int a = 0; a < STATS_AG_CHOICE; a++)
			lv[a] = AGREE_ORDINAL;
		const int *const ys[STATS_AG_CHOICE] = {y[0], y[1], y[2], y[3], y[4]};
		s = agree_compute_axes(ys, lv, STATS_AG_CHOICE, 2 * units, 2, ao, two);
		agree_opts co = *ao;
		co.level = AGREE_NOMINAL;
		if (s == GV_OK)
			s = agree_compute(y[STATS_AG_CHOICE], units, 2, &co, &two[STATS_AG_CHOICE]);
	}
	for (int a = 0; a < STATS_NAG; a++) {
		if (s == GV_OK) {
			r->agree[a].cohen = two[a].cohen;
			r->agree[a].cohen_quadratic = two[a].cohen_quadratic;
		}
		free(y[a]);
	}
	return s;
}

/* Agreement on the items rated by two raters or more (see stats.h). */
static int agreement(rwalk *w, const agree_opts *ao, char *err, size_t errsz)
{
	stats_report *r = w->r;
	g_sort_r = r;
	if (w->nrec > 1)
		qsort(w->recs, w->nrec, sizeof *w->recs, by_item_rater);
	/* One rating per (item, rater): the first made (lowest queue item); count the raters of each
	 * item. */
	size_t n = 0, units = 0;
	int cols = 0;
	for (size_t i = 0; i < w->nrec;) {
		size_t j = i, k = 0;
		for (; j < w->nrec && w->recs[j].item == w->recs[i].item; j++)
			if (j == i || w->recs[j].rater != w->recs[j - 1].rater)
				w->recs[n + k++] = w->recs[j];
		if (k >= 2) {
			n += k;
			units++;
			if ((int)k > cols)
				cols = (int)k;
		}
		i = j;
	}
	r->overlap_items = (long)units;
	r->agree_cols = cols;
	if (units == 0)
		return 0;
	size_t nsum = 2 * units;
	int *x[STATS_NAG];
	int ok = 1;
	for (int a = 0; a < STATS_NAG; a++) {
		size_t rows = a == STATS_AG_CHOICE ? units : nsum;
		x[a] = malloc(rows * (size_t)cols * sizeof **x);
		ok = ok && x[a];
		for (size_t i = 0; x[a] && i < rows * (size_t)cols; i++)
			x[a][i] = AGREE_NA;
	}
	if (!ok) {
		for (int a = 0; a < STATS_NAG; a++)
			free(x[a]);
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	size_t u = 0;
	for (size_t i = 0; i < n; u++) {
		size_t j = i;
		for (int c = 0; j < n && w->recs[j].item == w->recs[i].item; j++, c++) {
			const vrec *e = &w->recs[j];
			for (int s = 0; s < 2; s++)
				for (int a = 0; a < STATS_AG_CHOICE; a++)
					if (e->v[s][a] != RATING_UNSET)
						x[a][(2 * u + (size_t)s) * (size_t)cols + (size_t)c] = e->v[s][a];
			x[STATS_AG_CHOICE][u * (size_t)cols + (size_t)c] = e->side;
		}
		i = j;
	}
	agree_level lv[STATS_AG_CHOICE];
	for (int a = 0; a < STATS_AG_CHOICE; a++)
		lv[a] = AGREE_ORDINAL;
	const int *const xs[STATS_AG_CHOICE] = {x[0], x[1], x[2], x[3], x[4]};
	gv_status s1 = agree_compute_axes(xs, lv, STATS_AG_CHOICE, nsum, (size_t)cols, ao, r->agree);
	agree_opts co = *ao;
	co.level = AGREE_NOMINAL;
	gv_status s2 = s1 == GV_OK ? agree_compute(x[STATS_AG_CHOICE], units, (size_t)cols, &co, &r->agree[STATS_AG_CHOICE])
				   : s1;
	/* Cohen's kappa is for two columns: with units rated three times or more, it is computed on
	 * the first two ratings of every unit (the other statistics use them all). */
	if (s1 == GV_OK && s2 == GV_OK && cols > 2)
		s1 = cohen_first_two(x, units, cols, ao, r);
	for (int a = 0; a < STATS_NAG; a++) {
		r->agree_units[a] = a == STATS_AG_CHOICE ? units : nsum;
		free(x[a]);
	}
	if (s1 != GV_OK || s2 != GV_OK) {
		snprintf(err, errsz, "rater agreement: %s", gv_strerror(s1 != GV_OK ? s1 : s2));
		return -1;
	}
	return 0;
}

static int by_rater_name(const void *a, const void *b)
{
	const stats_rater *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : (x->id < y->id ? -1 : x->id > y->id);
}

static int ratings(gv_store *st, stats_report *r, const sinfo *sum, size_t nsum, const stats_opts *o, char *err,
		   size_t errsz)
{
	rwalk w;
	memset(&w, 0, sizeof w);
	w.r = r;
	w.sum = sum;
	w.nsum = nsum;
	w.last_rater = (size_t)-1;
	rating_init(&w.rt);
	for (size_t i = 0; i < r->n_models; i++) {
		r->models[i].rank = -1;
		for (int a = 0; a < RUBRIC_NAXES; a++)
			r->models[i].axis[a] = (metrics_ci){GV_MISSING, NAN, NAN, NAN, 0, 0};
	}
	int cbret = 0, ret = 0;
	store_rc rc = store_stats_ratings(st, on_rating, &w, &r->adj_pending, &r->adj_resolved, &cbret);
	rating_free(&w.rt);
	if (rc != STORE_OK) {
		snprintf(err, errsz, "%s", store_errmsg(st));
		ret = -1;
	} else if (w.oom) {
		snprintf(err, errsz, "out of memory");
		ret = -1;
	} else if (w.too_many) {
		snprintf(err, errsz, "more than %d rated models: the ranking takes at most that many", RANK_MAX_MODELS);
		ret = -1;
	}
	r->items = (long)w.items.n;
	if (ret == 0 && w.nv > 0) {
		rank_opts ro;
		rank_default_opts(&ro);
		ro.n_boot = o->n_boot;
		ro.seed = o->seed;
		ro.conf = o->conf;
		uint32_t ng = (uint32_t)r->n_ranked * RUBRIC_NAXES;
		metrics_ci *ci = calloc(ng, sizeof *ci);
		gv_status s = ci ? rank_compute(w.votes, w.nv, (uint32_t)w.items.n, r->n_ranked, 1, w.scores.v, w.scores.n,
						ng, ci, &ro, &r->rank)
				 : GV_ENOMEM;
		if (s != GV_OK) {
			snprintf(err, errsz, "ranking: %s", gv_strerror(s));
			ret = -1;
		} else {
			r->have_rank = 1;
			for (uint32_t g = 0; g < ng; g++)
				r->models[r->ranked[g / RUBRIC_NAXES]].axis[g % RUBRIC_NAXES] = ci[g];
		}
		free(ci);
	}
	if (ret == 0) {
		agree_opts ao;
		agree_default_opts(&ao, AGREE_ORDINAL);
		ao.n_boot = o->n_boot;
		ao.seed = o->seed;
		ao.conf = o->conf;
		ret = agreement(&w, &ao, err, errsz);
	}
	if (r->n_raters > 1)
		qsort(r->raters, r->n_raters, sizeof *r->raters, by_rater_name);
	free(w.items.k);
	free(w.items.v);
	free(w.votes);
	free(w.recs);
	free(w.scores.v);
	return ret;
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
	if (ret == 0 && out->n_models > 1) {
		/* sort by name; the summaries' model indices follow */
		uint32_t *to = malloc(out->n_models * sizeof *to);
		if (!to) {
			snprintf(err, errsz, "out of memory");
			ret = -1;
		} else {
			for (size_t i = 0; i < out->n_models; i++)
				out->models[i].rank = (int)i;
			qsort(out->models, out->n_models, sizeof *out->models, by_name);
			for (size_t i = 0; i < out->n_models; i++)
				to[out->models[i].rank] = (uint32_t)i;
			for (size_t i = 0; i < w.nsum; i++)
				w.sum[i].model = to[w.sum[i].model];
			free(to);
		}
	}
	if (ret == 0) {
		if (w.nsum > 1)
			qsort(w.sum, w.nsum, sizeof *w.sum, by_id);
		ret = ratings(st, out, w.sum, w.nsum, o, err, errsz);
	}
	free(w.sum);
	return ret;
}

void stats_free(stats_report *r)
{
	if (!r)
		return;
	free(r->models);
	free(r->raters);
	memset(r, 0, sizeof *r);
}
