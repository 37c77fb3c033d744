/* xfer.c — the store's side of moving ratings between databases (see store.h, "ratings between
 * databases"; the files and the rating copy are app/ratings_db.c and app/ratings_copy.c).
 *
 * These calls run seldom (once per command, once per line of an imported file), so each prepares
 * its statement, uses it and finalises it: nothing is cached in the handle.  The export walk is one
 * statement read row by row. */
#include "app/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/store/store_int.h"

/* Prepare sql for operation op; NULL with the message set. */
static sqlite3_stmt *prep(gv_store *st, const char *op, const char *sql)
{
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
	if (rc != SQLITE_OK) {
		st_dberr(st, op, rc);
		sqlite3_finalize(s);
		return NULL;
	}
	return s;
}

static void bind_text(sqlite3_stmt *s, const char *name, const char *v)
{
	st_bind_text(s, ST_P(s, name), v);
}

static void bind_int(sqlite3_stmt *s, const char *name, int64_t v)
{
	sqlite3_bind_int64(s, ST_P(s, name), v);
}

static const char *col_text(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	return t ? (const char *)t : NULL;
}

/* Step a statement that returns no row, finalise it. */
static store_rc run_final(gv_store *st, const char *op, sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? STORE_OK : st_dberr(st, op, rc);
}

/* ------------------------------------------------------------------ the export walk */

store_rc store_xrating_each(gv_store *st, int64_t rater, store_xrating_fn cb, void *ctx, int *cbret)
{
	static const char op[] = "read ratings";
	if (cbret)
		*cbret = 0;
	sqlite3_stmt *s = prep(st, op,
			       "SELECT q.name, i.position, t.name, t.role, sl.summary_id, sr.summary_id, g.draft,"
			       " g.updated, g.submitted"
			       " FROM ratings g JOIN queue_items i ON i.id = g.item JOIN queues q ON q.id = i.queue"
			       " JOIN raters t ON t.id = i.rater JOIN summaries sl ON sl.id = i.summary_left"
			       " JOIN summaries sr ON sr.id = i.summary_right"
			       " WHERE :rater = 0 OR i.rater = :rater"
			       " ORDER BY q.name, t.name, i.position");
	if (!s)
		return STORE_ERROR;
	bind_int(s, ":rater", rater);
	int rc;
	store_rc r = STORE_OK;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		store_xrating x;
		x.queue = col_text(s, 0);
		x.position = (long)sqlite3_column_int64(s, 1);
		x.rater = col_text(s, 2);
		x.role = col_text(s, 3);
		x.summary[0] = col_text(s, 4);
		x.summary[1] = col_text(s, 5);
		x.draft = col_text(s, 6);
		x.draft_len = (size_t)sqlite3_column_bytes(s, 6);
		x.updated = col_text(s, 7);
		x.submitted = col_text(s, 8);
		if (!x.queue || !x.rater || !x.role || !x.summary[0] || !x.summary[1] || !x.draft || !x.updated) {
			r = st_seterr(st, STORE_ERROR, "%s: out of memory", op);
			break;
		}
		int k = cb(ctx, &x);
		if (k) {
			if (cbret)
				*cbret = k;
			break;
		}
	}
	if (r == STORE_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
		r = st_dberr(st, op, rc);
	sqlite3_finalize(s);
	return r;
}

/* ------------------------------------------------------------------ one item by its portable key */

void store_xitem_free(store_xitem *x)
{
	free(x->draft);
	x->draft = NULL;
}

store_rc store_xitem_find(gv_store *st, const char *queue, const char *rater, long position, store_xitem *out)
{
	static const char op[] = "find queue item";
	memset(out, 0, sizeof *out);
	sqlite3_stmt *s = prep(st, op,
			       "SELECT i.id, i.rater, i.queue, q.closed IS NOT NULL, t.role, sl.summary_id, sr.summary_id,"
			       " g.draft, g.updated, g.submitted, g.item IS NOT NULL"
			       " FROM queue_items i JOIN queues q ON q.id = i.queue JOIN raters t ON t.id = i.rater"
			       " JOIN summaries sl ON sl.id = i.summary_left JOIN summaries sr ON sr.id = i.summary_right"
			       " LEFT JOIN ratings g ON g.item = i.id"
			       " WHERE q.name = :queue AND t.name = :rater AND i.position = :position");
	if (!s)
		return STORE_ERROR;
	bind_text(s, ":queue", queue);
	bind_text(s, ":rater", rater);
	bind_int(s, ":position", position);
	int rc = sqlite3_step(s);
	store_rc r = STORE_OK;
	if (rc == SQLITE_ROW) {
		out->item = sqlite3_column_int64(s, 0);
		out->rater = sqlite3_column_int64(s, 1);
		out->queue = sqlite3_column_int64(s, 2);
		out->closed = sqlite3_column_int(s, 3);
		st_col_copy(s, 4, out->role, sizeof out->role);
		st_col_copy(s, 5, out->summary[0], sizeof out->summary[0]);
		st_col_copy(s, 6, out->summary[1], sizeof out->summary[1]);
		out->rated = sqlite3_column_int(s, 10);
		if (out->rated) {
			const char *d = col_text(s, 7);
			out->draft = d ? strdup(d) : NULL;
			if (!out->draft)
				r = st_seterr(st, STORE_ERROR, "%s: out of memory", op);
			st_col_copy(s, 8, out->updated, sizeof out->updated);
			st_col_copy(s, 9, out->submitted, sizeof out->submitted);
		}
	} else if (rc == SQLITE_DONE) {
		r = st_seterr(st, STORE_NOTFOUND, "%s: no such item", op);
	} else {
		r = st_dberr(st, op, rc);
	}
	sqlite3_finalize(s);
	return r;
}

/* ------------------------------------------------------------------ an imported rating */

store_rc store_xrating_put(gv_store *st, int64_t item, int64_t rater, const rating *r, const char *updated,
			   const char *submitted, const char *change)
{
	static const char op[] = "import rating";
	store_rc rc = st_check_write(st, op, NULL);
	if (rc != STORE_OK)
		return rc;
	if (!updated || !change || !*change)
		return st_seterr(st, STORE_INVALID, "%s: no time or no change", op);
	char *draft = rating_format_dup(r);
	if (!draft)
		return st_seterr(st, STORE_ERROR, "%s: out of memory", op);
	char now[24];
	st_now_stamp(now);
	int own;
	rc = st_tx_begin(st, &own);
	if (rc != STORE_OK) {
		free(draft);
		return rc;
	}
	sqlite3_stmt *s = prep(st, op,
			       "INSERT INTO ratings(item, rater, status, skip_reason, flagged, rubric_version, draft,"
			       " active_ms, updated, submitted)"
			       " SELECT :item, :rater, :status, :skip, :flagged, :rubric, :draft, :active, :updated, :submitted"
			       " FROM queue_items i JOIN queues q ON q.id = i.queue"
			       " WHERE i.id = :item AND i.rater = :rater AND q.closed IS NULL"
			       " ON CONFLICT(item) DO UPDATE SET status = excluded.status, skip_reason = excluded.skip_reason,"
			       " flagged = excluded.flagged, rubric_version = excluded.rubric_version, draft = excluded.draft,"
			       " active_ms = excluded.active_ms, updated = excluded.updated, submitted = excluded.submitted");
	if (!s) {
		rc = STORE_ERROR;
		goto out;
	}
	bind_int(s, ":item", item);
	bind_int(s, ":rater", rater);
	bind_text(s, ":status", rating_status_name(r->status));
	bind_text(s, ":skip", r->status == RATING_SKIPPED ? r->skip_reason : NULL);
	bind_int(s, ":flagged", r->flagged ? 1 : 0);
	bind_int(s, ":rubric", r->rubric_version);
	bind_text(s, ":draft", draft);
	bind_int(s, ":active", r->active_ms);
	bind_text(s, ":updated", updated);
	bind_text(s, ":submitted", submitted && *submitted ? submitted : NULL);
	rc = run_final(st, op, s);
	if (rc == STORE_OK && sqlite3_changes(st->db) != 1)
		rc = st_seterr(st, STORE_CONFLICT, "%s: the item is not the rater's, or its queue is closed", op);
	if (rc == STORE_OK) {
		s = prep(st, op, "INSERT INTO rating_audit(rating, at, rater, change) VALUES(:item, :at, :rater, :change)");
		if (!s) {
			rc = STORE_ERROR;
			goto out;
		}
		bind_int(s, ":item", item);
		bind_text(s, ":at", now);
		bind_int(s, ":rater", rater);
		bind_text(s, ":change", change);
		rc = run_final(st, op, s);
	}
	if (rc == STORE_OK)
		rc = store_rating_recheck(st, rater, item);
out:
	free(draft);
	return st_tx_end(st, own, rc);
}

/* ------------------------------------------------------------------ what a rating copy needs */

void store_xqueue_free(store_xqueue *q)
{
	free(q->name);
	free(q->models);
	free(q->params);
	memset(q, 0, sizeof *q);
}

store_rc store_xqueue_get(gv_store *st, int64_t id, store_xqueue *out)
{
	static const char op[] = "read queue";
	memset(out, 0, sizeof *out);
	sqlite3_stmt *s = prep(st, op, "SELECT name, models, seed, params FROM queues WHERE id = :id");
	if (!s)
		return STORE_ERROR;
	bind_int(s, ":id", id);
	int rc = sqlite3_step(s);
	store_rc r = STORE_OK;
	if (rc == SQLITE_ROW) {
		out->id = id;
		out->name = strdup(col_text(s, 0) ? col_text(s, 0) : "");
		out->models = strdup(col_text(s, 1) ? col_text(s, 1) : "");
		out->seed = sqlite3_column_int64(s, 2);
		out->params = strdup(col_text(s, 3) ? col_text(s, 3) : "{}");
		if (!out->name || !out->models || !out->params) {
			store_xqueue_free(out);
			r = st_seterr(st, STORE_ERROR, "%s: out of memory", op);
		}
	} else if (rc == SQLITE_DONE) {
		r = st_seterr(st, STORE_NOTFOUND, "%s: no queue %lld", op, (long long)id);
	} else {
		r = st_dberr(st, op, rc);
	}
	sqlite3_finalize(s);
	return r;
}

store_rc store_xqueue_put(gv_store *st, const store_xqueue *q, int64_t *id)
{
	static const char op[] = "insert queue";
	store_rc rc = st_check_write(st, op, NULL);
	if (rc != STORE_OK)
		return rc;
	char now[24];
	st_now_stamp(now);
	sqlite3_stmt *s = prep(st, op,
			       "INSERT INTO queues(name, models, seed, params, created, closed)"
			       " VALUES(:name, :models, :seed, :params, :created, NULL)");
	if (!s)
		return STORE_ERROR;
	bind_text(s, ":name", q->name);
	bind_text(s, ":models", q->models);
	bind_int(s, ":seed", q->seed);
	bind_text(s, ":params", q->params);
	bind_text(s, ":created", now);
	rc = run_final(st, op, s);
	if (rc == STORE_OK && id)
		*id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

store_rc store_xqueue_rater_seed(gv_store *st, int64_t queue, int64_t rater, int64_t *seed)
{
	static const char op[] = "read queue rater";
	sqlite3_stmt *s = prep(st, op, "SELECT seed FROM queue_raters WHERE queue = :queue AND rater = :rater");
	if (!s)
		return STORE_ERROR;
	bind_int(s, ":queue", queue);
	bind_int(s, ":rater", rater);
	int rc = sqlite3_step(s);
	store_rc r = STORE_OK;
	if (rc == SQLITE_ROW)
		*seed = sqlite3_column_int64(s, 0);
	else if (rc == SQLITE_DONE)
		r = st_seterr(st, STORE_NOTFOUND, "%s: none", op);
	else
		r = st_dberr(st, op, rc);
	sqlite3_finalize(s);
	return r;
}

store_rc store_xqueue_rater_put(gv_store *st, int64_t queue, int64_t rater, int64_t seed)
{
	static const char op[] = "insert queue rater";
	store_rc rc = st_check_write(st, op, NULL);
	if (rc != STORE_OK)
		return rc;
	sqlite3_stmt *s = prep(st, op, "INSERT INTO queue_raters(queue, rater, seed) VALUES(:queue, :rater, :seed)");
	if (!s)
		return STORE_ERROR;
	bind_int(s, ":queue", queue);
	bind_int(s, ":rater", rater);
	bind_int(s, ":seed", seed);
	return run_final(st, op, s);
}

store_rc store_xitem_put(gv_store *st, const store_rate_item *it, int64_t *id)
{
	static const char op[] = "insert queue item";
	store_rc rc = st_check_write(st, op, NULL);
	if (rc != STORE_OK)
		return rc;
	sqlite3_stmt *s = prep(st, op,
			       "INSERT INTO queue_items(queue, rater, position, patient, summary_left, summary_right,"
			       " swapped, gold, gold_expect, overlap_group)"
			       " VALUES(:queue, :rater, :position, :patient, :left, :right, :swapped, :gold, :expect, :group)");
	if (!s)
		return STORE_ERROR;
	bind_int(s, ":queue", it->queue);
	bind_int(s, ":rater", it->rater);
	bind_int(s, ":position", it->position);
	bind_int(s, ":patient", it->patient);
	bind_int(s, ":left", it->left);
	bind_int(s, ":right", it->right);
	bind_int(s, ":swapped", it->swapped ? 1 : 0);
	bind_int(s, ":gold", it->gold ? 1 : 0);
	bind_int(s, ":expect", it->planted);
	bind_int(s, ":group", it->group);
	rc = run_final(st, op, s);
	if (rc == STORE_OK && id)
		*id = sqlite3_last_insert_rowid(st->db);
	return rc;
}
