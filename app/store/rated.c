/* rated.c — the rated pairs as the benchmark export and the task items read them (see store.h,
 * store_rated_each).  One statement per walk, prepared and finalised here (a walk is run once per
 * export, so it is not worth a cached statement). */
#include <stdlib.h>
#include <string.h>

#include "app/store/store_int.h"

#define RATED_SQL                                                                                              \
	"SELECT qi.id, qi.queue, q.seed, qr.seed, qi.rater, r.name, r.role, qi.position, qi.patient,"            \
	" qi.summary_left, qi.summary_right, sl.summary_id, sr.summary_id, qi.swapped, qi.gold, qi.gold_expect,"  \
	" qi.overlap_group, rt.status, rt.draft, rt.active_ms, rt.updated, rt.submitted,"                         \
	" a.id, a.reason, a.created, ar.name, ar.role, a.resolution, a.resolved"                                  \
	" FROM ratings rt JOIN queue_items qi ON qi.id = rt.item JOIN raters r ON r.id = qi.rater"                \
	" JOIN queues q ON q.id = qi.queue JOIN summaries sl ON sl.id = qi.summary_left"                         \
	" JOIN summaries sr ON sr.id = qi.summary_right"                                                          \
	" LEFT JOIN queue_raters qr ON qr.queue = qi.queue AND qr.rater = qi.rater"                               \
	" LEFT JOIN adjudications a ON a.queue = qi.queue AND a.overlap_group = qi.overlap_group"                 \
	" LEFT JOIN raters ar ON ar.id = a.resolved_by"

static const char *txt(sqlite3_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(s, i);
}

static store_rc walk(gv_store *st, const char *sql, int64_t key, store_rated_fn cb, void *ctx, int *cbret)
{
	if (cbret)
		*cbret = 0;
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
	if (rc != SQLITE_OK)
		return st_dberr(st, "read rated pairs", rc);
	if (key)
		sqlite3_bind_int64(s, 1, key);
	store_rc r = STORE_OK;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		store_rated x;
		memset(&x, 0, sizeof x);
		x.item = sqlite3_column_int64(s, 0);
		x.queue = sqlite3_column_int64(s, 1);
		x.queue_seed = sqlite3_column_int64(s, 2);
		x.rater_seed = sqlite3_column_int64(s, 3);
		x.rater = sqlite3_column_int64(s, 4);
		x.rater_name = txt(s, 5);
		x.rater_role = txt(s, 6);
		x.position = sqlite3_column_int64(s, 7);
		x.patient = sqlite3_column_int64(s, 8);
		x.left = sqlite3_column_int64(s, 9);
		x.right = sqlite3_column_int64(s, 10);
		x.left_sid = txt(s, 11);
		x.right_sid = txt(s, 12);
		x.swapped = sqlite3_column_int(s, 13);
		x.gold = sqlite3_column_int(s, 14);
		x.gold_expect = (unsigned)sqlite3_column_int64(s, 15);
		x.group = sqlite3_column_int64(s, 16);
		x.status = txt(s, 17);
		x.draft = txt(s, 18);
		x.draft_len = (size_t)sqlite3_column_bytes(s, 18);
		x.active_ms = sqlite3_column_int64(s, 19);
		x.updated = txt(s, 20);
		x.submitted = txt(s, 21);
		x.adjudication = sqlite3_column_type(s, 22) == SQLITE_NULL ? 0 : sqlite3_column_int64(s, 22);
		x.adj_reason = txt(s, 23);
		x.adj_created = txt(s, 24);
		x.adjudicator_name = txt(s, 25);
		x.adjudicator_role = txt(s, 26);
		x.resolution = txt(s, 27);
		x.resolution_len = x.resolution ? (size_t)sqlite3_column_bytes(s, 27) : 0;
		x.resolved = txt(s, 28);
		if (!x.draft)
			x.draft = "";
		int ret = cb(ctx, &x);
		if (ret) {
			if (cbret)
				*cbret = ret;
			break;
		}
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		r = st_dberr(st, "read rated pairs", rc);
	sqlite3_finalize(s);
	return r;
}

store_rc store_rated_each(gv_store *st, store_rated_fn cb, void *ctx, int *cbret)
{
	return walk(st, RATED_SQL " ORDER BY qi.patient, qi.id", 0, cb, ctx, cbret);
}

store_rc store_rated_get(gv_store *st, int64_t item, store_rated_fn cb, void *ctx, int *cbret)
{
	return walk(st, RATED_SQL " WHERE rt.item = ?1", item, cb, ctx, cbret);
}

store_rc store_rated_corrections(gv_store *st, store_rated_fn cb, void *ctx, int *cbret)
{
	/* The draft keeps the corrected text on its "corrected=" line: only those rows. */
	return walk(st, RATED_SQL " WHERE instr(rt.draft, char(10) || 'corrected=' || char(10)) = 0 ORDER BY qi.patient, qi.id",
		    0, cb, ctx, cbret);
}

store_rc store_rated_patients(gv_store *st, int64_t **ids, size_t *n)
{
	*ids = NULL;
	*n = 0;
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(st->db,
				    "SELECT DISTINCT qi.patient FROM ratings rt JOIN queue_items qi ON qi.id = rt.item"
				    " ORDER BY qi.patient",
				    -1, &s, NULL);
	if (rc != SQLITE_OK)
		return st_dberr(st, "read rated patients", rc);
	size_t cap = 0;
	store_rc r = STORE_OK;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			size_t c = cap ? 2 * cap : 256;
			int64_t *p = realloc(*ids, c * sizeof *p);
			if (!p) {
				r = st_seterr(st, STORE_ERROR, "read rated patients: out of memory");
				break;
			}
			*ids = p;
			cap = c;
		}
		(*ids)[(*n)++] = sqlite3_column_int64(s, 0);
	}
	if (r == STORE_OK && rc != SQLITE_DONE)
		r = st_dberr(st, "read rated patients", rc);
	sqlite3_finalize(s);
	if (r != STORE_OK) {
		free(*ids);
		*ids = NULL;
		*n = 0;
	}
	return r;
}
