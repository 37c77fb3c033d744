/* flagcache.c — per-patient open-flag summaries (see flagcache.h). */
#include "app/flagcache.h"

#include "app/pool.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void flagcache_rules_tag(const gv_flag_options *o, char *buf, size_t n)
{
	snprintf(buf, n, "%s/%d", o->rules == GV_RULES_WHO ? "who" : "us", GV_FLAGS_VERSION);
}

store_rc flagcache_rules_differ(gv_store *st, const gv_flag_options *o, int *differ)
{
	char want[32], have[64];
	flagcache_rules_tag(o, want, sizeof want);
	store_rc r = store_flag_rules_get(st, have, sizeof have);
	*differ = r == STORE_OK && strcmp(want, have) != 0;
	return r;
}

store_rc flagcache_check_rules(gv_store *st, const gv_flag_options *o, int *differ)
{
	int d = 0;
	store_rc r = flagcache_rules_differ(st, o, &d);
	if (differ)
		*differ = d;
	if (r != STORE_OK || !d || store_is_readonly(st))
		return r;
	char want[32];
	flagcache_rules_tag(o, want, sizeof want);
	return store_flag_rules_set(st, want); /* a new database: marks nothing (no patient yet) */
}

store_rc flagcache_update(gv_store *st, int64_t patient_id, const gv_flag_options *o)
{
	gv_child c;
	store_rc rc = store_child_load(st, patient_id, &c);
	if (rc != STORE_OK)
		return rc;
	store_ack *acks = NULL;
	size_t nacks = 0, cap = 0;
	gv_flag *f = NULL;
	rc = store_flag_acks(st, patient_id, &acks, &nacks);
	if (rc == STORE_OK) {
		int sev, cnt;
		if (flagsum_child(&c, o, acks, nacks, &f, &cap, &sev, &cnt) != 0)
			rc = STORE_ERROR;
		else
			rc = store_flag_summary_set(st, patient_id, sev, cnt);
	}
	store_acks_free(acks, nacks);
	free(f);
	store_child_free(&c);
	return rc;
}

store_rc flagcache_refresh_step(gv_store *st, const gv_flag_options *o, int64_t *after, size_t max, size_t *n)
{
	int64_t ids[64];
	*n = 0;
	if (max > sizeof ids / sizeof ids[0])
		max = sizeof ids / sizeof ids[0];
	size_t got = 0;
	store_rc r = store_flag_stale_ids(st, *after, ids, max, &got);
	/* one transaction per step: one commit instead of one per patient */
	if (r == STORE_OK && got > 0)
		r = store_begin(st);
	for (size_t i = 0; r == STORE_OK && i < got; i++) {
		r = flagcache_update(st, ids[i], o);
		*after = ids[i];
		(*n)++;
	}
	if (got > 0) {
		if (r == STORE_OK)
			r = store_commit(st);
		else
			store_rollback(st);
	}
	return r;
}

/* Refresh in batches, double-buffered: this thread loads the next batch of children (and
 * writes the summaries of the last one) while worker threads compute the flags of the current
 * batch, the costly part (~20-50 us a child), so a refresh after a large import keeps both cores
 * busy.  Acknowledgements are read for each patient, as flagcache_update does. */
#define RBATCH 256

typedef struct rbatch {
	gv_child c[RBATCH];
	store_ack *acks[RBATCH];
	size_t nacks[RBATCH];
	int sev[RBATCH], cnt[RBATCH];
	int n;
} rbatch;

/* The refresh's workers (app/pool.h): task i computes child i of the current batch. */
typedef struct rjob {
	rbatch *cur;            /* the batch being computed (set before its tasks are submitted) */
	const gv_flag_options *o;
	int failed;             /* a child could not be computed (out of memory) */
} rjob;

/* A worker's flag buffer, kept from one child to the next. */
typedef struct rscratch {
	gv_flag *f;
	size_t cap;
} rscratch;

static void rscratch_free(void *p)
{
	rscratch *s = p;
	if (s)
		free(s->f);
	free(s);
}

static void compute_one(void *ctx, int i, void **scratch)
{
	rjob *j = ctx;
	rbatch *b = j->cur;
	rscratch *s = *scratch;
	if (!s && !(s = *scratch = calloc(1, sizeof *s))) {
		j->failed = 1;
		return;
	}
	if (flagsum_child(&b->c[i], j->o, b->acks[i], b->nacks[i], &s->f, &s->cap, &b->sev[i], &b->cnt[i]) != 0)
		j->failed = 1;
}

/* Load the next batch of stale patients after *after into b; b->n = 0 at the end. */
static store_rc load_batch(gv_store *st, rbatch *b, int64_t *after)
{
	int64_t ids[RBATCH];
	size_t k;
	b->n = 0;
	store_rc rc = store_flag_stale_ids(st, *after, ids, RBATCH, &k);
	for (size_t i = 0; i < k && rc == STORE_OK; i++) {
		rc = store_child_load(st, ids[i], &b->c[b->n]);
		if (rc != STORE_OK)
			break;
		rc = store_flag_acks(st, ids[i], &b->acks[b->n], &b->nacks[b->n]);
		if (rc != STORE_OK) {
			store_child_free(&b->c[b->n]);
			break;
		}
		b->n++;
	}
	if (k)
		*after = ids[k - 1];
	return rc;
}

static void free_batch(rbatch *b)
{
	for (int i = 0; i < b->n; i++) {
		store_child_free(&b->c[i]);
		store_acks_free(b->acks[i], b->nacks[i]);
	}
	b->n = 0;
}

store_rc flagcache_refresh(gv_store *st, const gv_flag_options *o, long *nupdated)
{
	long total = 0;
	rbatch *b[2] = {calloc(1, sizeof(rbatch)), calloc(1, sizeof(rbatch))};
	rjob j = {NULL, o, 0};
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	int want = ncpu > 1 ? (ncpu > 4 ? 4 : (int)ncpu) : 0;
	gv_pool *p = b[0] && b[1] ? pool_new(want, RBATCH, compute_one, &j, rscratch_free) : NULL;
	if (!p) {
		free(b[0]);
		free(b[1]);
		return STORE_ERROR;
	}

	int64_t after = 0;
	store_rc rc = store_begin(st);
	if (rc == STORE_OK)
		rc = load_batch(st, b[0], &after);
	for (int k = 0; rc == STORE_OK && b[k]->n > 0; k ^= 1) {
		int last = b[k]->n < RBATCH;
		j.cur = b[k];
		for (int i = 0; i < b[k]->n; i++)
			pool_submit(p, i);
		if (!last)
			rc = load_batch(st, b[k ^ 1], &after); /* while the pool computes b[k] */
		pool_wait_all(p);
		if (j.failed && rc == STORE_OK)
			rc = STORE_ERROR;
		for (int i = 0; i < b[k]->n && rc == STORE_OK; i++)
			rc = store_flag_summary_set(st, b[k]->c[i].p.id, b[k]->sev[i], b[k]->cnt[i]);
		total += b[k]->n;
		free_batch(b[k]);
		if (last)
			break;
	}
	free_batch(b[0]);
	free_batch(b[1]);
	if (rc == STORE_OK)
		rc = store_commit(st);
	else
		store_rollback(st);
	pool_free(p);
	free(b[0]);
	free(b[1]);
	if (nupdated)
		*nupdated = rc == STORE_OK ? total : 0;
	return rc;
}
