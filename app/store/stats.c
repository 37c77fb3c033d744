/* stats.c — the store read by `growthview stats` (see store.h, "statistics"): every model-written
 * summary with its stored claim check, in one streaming query.
 *
 * The statement is prepared per call (a stats run makes one call; no statement is cached on the
 * handle) and reset and finalised on every path. */
#include "app/store.h"

#include <stdio.h>
#include <string.h>

#include "app/store/store_int.h"

static const char q_summaries[] =
	"SELECT s.id, s.patient_id, s.model, s.audience, length(s.text),"
	" c.summary_id IS NOT NULL, c.version, c.claims, c.contradicted, json_array_length(c.omitted_flags)"
	" FROM summaries s LEFT JOIN summary_checks c ON c.summary_id = s.id"
	" WHERE s.corrects IS NULL"
	" ORDER BY s.patient_id, s.id";

static const char q_corrections[] = "SELECT count(*) FROM summaries WHERE corrects IS NOT NULL";

store_rc store_stats_summaries(gv_store *st, store_stat_summary_fn cb, void *ctx, long *corrections, int *cbret)
{
	const char *op = "read summaries for statistics";
	if (cbret)
		*cbret = 0;
	if (corrections) {
		*corrections = 0;
		sqlite3_stmt *c = NULL;
		int rc = sqlite3_prepare_v2(st->db, q_corrections, -1, &c, NULL);
		if (rc == SQLITE_OK && (rc = sqlite3_step(c)) == SQLITE_ROW)
			*corrections = (long)sqlite3_column_int64(c, 0);
		sqlite3_finalize(c);
		if (rc != SQLITE_ROW)
			return st_dberr(st, op, rc);
	}
	sqlite3_stmt *q = NULL;
	int rc = sqlite3_prepare_v2(st->db, q_summaries, -1, &q, NULL);
	if (rc != SQLITE_OK) {
		sqlite3_finalize(q);
		return st_dberr(st, op, rc);
	}
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		store_stat_summary s;
		memset(&s, 0, sizeof s);
		s.id = sqlite3_column_int64(q, 0);
		s.patient_id = sqlite3_column_int64(q, 1);
		s.model = (const char *)sqlite3_column_text(q, 2);
		s.audience = (const char *)sqlite3_column_text(q, 3);
		s.chars = (long)sqlite3_column_int64(q, 4);
		s.checked = sqlite3_column_int(q, 5);
		if (s.checked) {
			s.version = sqlite3_column_int(q, 6);
			s.claims = (long)sqlite3_column_int64(q, 7);
			s.contradicted = (long)sqlite3_column_int64(q, 8);
			s.omitted = (long)sqlite3_column_int64(q, 9);
		}
		if (!s.model)
			s.model = "";
		int ret = cb(ctx, &s);
		if (ret) {
			if (cbret)
				*cbret = ret;
			sqlite3_finalize(q);
			return STORE_OK;
		}
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? STORE_OK : st_dberr(st, op, rc);
}

static const char q_ratings[] =
	"SELECT qi.id, qi.queue, qi.rater, rr.name, rr.role, qi.summary_left, qi.summary_right,"
	" qi.swapped, qi.gold, qi.gold_expect, r.status, r.draft"
	" FROM queue_items qi JOIN raters rr ON rr.id = qi.rater"
	" LEFT JOIN ratings r ON r.item = qi.id"
	" ORDER BY qi.id";

static const char q_adjudications[] =
	"SELECT count(*) - count(resolved_by), count(resolved_by) FROM adjudications";

store_rc store_stats_ratings(gv_store *st, store_stat_rating_fn cb, void *ctx, long *pending, long *resolved,
			     int *cbret)
{
	const char *op = "read ratings for statistics";
	if (cbret)
		*cbret = 0;
	sqlite3_stmt *q = NULL;
	int rc = sqlite3_prepare_v2(st->db, q_adjudications, -1, &q, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (pending)
			*pending = (long)sqlite3_column_int64(q, 0);
		if (resolved)
			*resolved = (long)sqlite3_column_int64(q, 1);
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW)
		return st_dberr(st, op, rc);
	q = NULL;
	rc = sqlite3_prepare_v2(st->db, q_ratings, -1, &q, NULL);
	if (rc != SQLITE_OK) {
		sqlite3_finalize(q);
		return st_dberr(st, op, rc);
	}
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		store_stat_rating x;
		memset(&x, 0, sizeof x);
		x.item = sqlite3_column_int64(q, 0);
		x.queue = sqlite3_column_int64(q, 1);
		x.rater = sqlite3_column_int64(q, 2);
		x.rater_name = (const char *)sqlite3_column_text(q, 3);
		x.role = (const char *)sqlite3_column_text(q, 4);
		x.left = sqlite3_column_int64(q, 5);
		x.right = sqlite3_column_int64(q, 6);
		x.swapped = sqlite3_column_int(q, 7);
		x.gold = sqlite3_column_int(q, 8);
		x.planted = (unsigned)sqlite3_column_int64(q, 9);
		x.status = (const char *)sqlite3_column_text(q, 10);
		x.draft = (const char *)sqlite3_column_text(q, 11);
		x.draft_len = (size_t)sqlite3_column_bytes(q, 11);
		if (!x.rater_name)
			x.rater_name = "";
		if (!x.role)
			x.role = "";
		int ret = cb(ctx, &x);
		if (ret) {
			if (cbret)
				*cbret = ret;
			sqlite3_finalize(q);
			return STORE_OK;
		}
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? STORE_OK : st_dberr(st, op, rc);
}
