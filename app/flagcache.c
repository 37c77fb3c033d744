/* flagcache.c — per-patient open-flag summaries (see flagcache.h). */
#include "app/flagcache.h"

#include <stdlib.h>
#include <string.h>

int flagcache_code(gv_severity s)
{
	return (int)s + 1;
}

int flagcache_acked(const gv_flag *f, const store_ack *acks, size_t nacks)
{
	for (size_t i = 0; i < nacks; i++)
		if (strcmp(acks[i].rule, f->rule) == 0 && acks[i].visit_date == f->date)
			return 1;
	return 0;
}

void flagcache_summarise(const gv_child *c, const gv_flag *f, size_t n, const store_ack *acks, size_t nacks,
			 int *severity, int *count)
{
	*severity = 0;
	*count = 0;
	if (c->nv == 0)
		return;
	int32_t last = c->v[c->nv - 1].date;
	for (size_t i = 0; i < n; i++) {
		if (f[i].date < last - FLAGCACHE_CURRENT_DAYS || flagcache_acked(&f[i], acks, nacks))
			continue;
		(*count)++;
		if (flagcache_code(f[i].severity) > *severity)
			*severity = flagcache_code(f[i].severity);
	}
}

store_rc flagcache_update(gv_store *st, int64_t patient_id, const gv_flag_options *o)
{
	gv_child c;
	store_rc rc = store_child_load(st, patient_id, &c);
	if (rc != STORE_OK)
		return rc;
	size_t cap = 64, n = 0;
	gv_flag *f = NULL;
	for (;;) {
		gv_flag *nf = realloc(f, cap * sizeof *f);
		if (!nf) {
			free(f);
			store_child_free(&c);
			return STORE_ERROR;
		}
		f = nf;
		if (flags_compute(&c, o, f, cap, &n) != GV_OK)
			n = 0; /* unknown sex: nothing can be flagged */
		if (n <= cap)
			break;
		cap = n;
	}
	store_ack *acks = NULL;
	size_t nacks = 0;
	rc = store_flag_acks(st, patient_id, &acks, &nacks);
	if (rc == STORE_OK) {
		int sev, cnt;
		flagcache_summarise(&c, f, n, acks, nacks, &sev, &cnt);
		rc = store_flag_summary_set(st, patient_id, sev, cnt);
	}
	store_acks_free(acks, nacks);
	free(f);
	store_child_free(&c);
	return rc;
}

store_rc flagcache_refresh(gv_store *st, const gv_flag_options *o, long *n)
{
	int64_t ids[512], after = 0;
	size_t k;
	long done = 0;
	store_rc rc = store_begin(st);
	if (rc != STORE_OK)
		return rc;
	do {
		rc = store_flag_stale_ids(st, after, ids, sizeof ids / sizeof ids[0], &k);
		for (size_t i = 0; i < k && rc == STORE_OK; i++)
			rc = flagcache_update(st, ids[i], o);
		if (k)
			after = ids[k - 1];
		done += (long)k;
	} while (rc == STORE_OK && k == sizeof ids / sizeof ids[0]);
	if (rc == STORE_OK)
		rc = store_commit(st);
	else
		store_rollback(st);
	if (n)
		*n = rc == STORE_OK ? done : 0;
	return rc;
}
