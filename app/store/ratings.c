/* ratings.c — the rating work in the store: raters, queues, queue items, ratings and their audit
 * trail, adjudications (see store.h, "rating work").
 *
 * Tables of migration 7 (st_mig7_ratings below).  A rating's whole state is core/rating.h's
 * canonical draft text, kept in one column and written after every key (store_rating_save: the
 * row and, for a changed value or status, one append-only rating_audit row, in one small
 * transaction); the status, flag, rubric version and active time are copied into columns of their
 * own so that progress and status queries never parse drafts.
 *
 * Statements are prepared once per store (struct store_rat, finalised by store_close), bound by
 * name. */
#include "app/store.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/buf.h"
#include "app/store/store_int.h"
#include "core/baseline.h"
#include "core/text.h"

/* ------------------------------------------------------------------ migration 7 */

/* The tables, IF NOT EXISTS: a file whose user_version was set back by hand (tests/app_search.c
 * upgrades from before the search migration) runs this again over what it has. */
static const char mig7_sql[] =
	"CREATE TABLE IF NOT EXISTS raters(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  name TEXT NOT NULL UNIQUE CHECK (length(CAST(name AS BLOB)) BETWEEN 1 AND 64),\n"
	"  role TEXT NOT NULL CHECK (role = 'clinician' OR role = 'annotator' OR role = 'adjudicator'),\n"
	"  created TEXT NOT NULL\n"
	");\n"
	"CREATE TABLE IF NOT EXISTS queues(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  name TEXT NOT NULL UNIQUE CHECK (length(CAST(name AS BLOB)) BETWEEN 1 AND 64),\n"
	"  models TEXT NOT NULL,\n"
	"  seed INTEGER NOT NULL,\n"
	"  params TEXT NOT NULL CHECK (json_valid(params) AND json_type(params) = 'object'),\n"
	"  created TEXT NOT NULL,\n"
	"  closed TEXT\n"
	");\n"
	"CREATE TABLE IF NOT EXISTS queue_raters(\n"
	"  queue INTEGER NOT NULL REFERENCES queues(id),\n"
	"  rater INTEGER NOT NULL REFERENCES raters(id),\n"
	"  seed INTEGER NOT NULL,\n"
	"  PRIMARY KEY(queue, rater)\n"
	") WITHOUT ROWID;\n"
	"CREATE TABLE IF NOT EXISTS queue_items(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  queue INTEGER NOT NULL REFERENCES queues(id),\n"
	"  rater INTEGER NOT NULL REFERENCES raters(id),\n"
	"  position INTEGER NOT NULL CHECK (position >= 1),\n"
	"  patient INTEGER NOT NULL REFERENCES patients(id),\n"
	"  summary_left INTEGER NOT NULL REFERENCES summaries(id),\n"
	"  summary_right INTEGER NOT NULL REFERENCES summaries(id),\n"
	"  swapped INTEGER NOT NULL CHECK (swapped = 0 OR swapped = 1),\n"
	"  gold INTEGER NOT NULL CHECK (gold = 0 OR gold = 1),\n"
	"  gold_expect INTEGER NOT NULL DEFAULT 0 CHECK (gold_expect >= 0),\n"
	"  overlap_group INTEGER NOT NULL CHECK (overlap_group >= 1),\n"
	"  CHECK (summary_left <> summary_right),\n"
	"  UNIQUE(queue, rater, position)\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS queue_items_rater ON queue_items(rater, queue, position);\n"
	"CREATE INDEX IF NOT EXISTS queue_items_group ON queue_items(queue, overlap_group);\n"
	"CREATE TABLE IF NOT EXISTS ratings(\n"
	"  item INTEGER PRIMARY KEY REFERENCES queue_items(id),\n"
	"  rater INTEGER NOT NULL REFERENCES raters(id),\n"
	"  status TEXT NOT NULL CHECK (status = 'draft' OR status = 'submitted' OR status = 'skipped'),\n"
	"  skip_reason TEXT,\n"
	"  flagged INTEGER NOT NULL DEFAULT 0 CHECK (flagged = 0 OR flagged = 1),\n"
	"  rubric_version INTEGER NOT NULL CHECK (rubric_version >= 1),\n"
	"  draft TEXT NOT NULL,\n"
	"  active_ms INTEGER NOT NULL DEFAULT 0 CHECK (active_ms >= 0),\n"
	"  updated TEXT NOT NULL,\n"
	"  submitted TEXT,\n"
	"  CHECK ((status = 'skipped') = (skip_reason IS NOT NULL)),\n"
	"  CHECK ((status = 'submitted') = (submitted IS NOT NULL))\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS ratings_rater ON ratings(rater, status, updated);\n"
	"CREATE TABLE IF NOT EXISTS rating_audit(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  rating INTEGER NOT NULL REFERENCES ratings(item),\n"
	"  at TEXT NOT NULL,\n"
	"  rater INTEGER NOT NULL REFERENCES raters(id),\n"
	"  change TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS rating_audit_rating ON rating_audit(rating, id);\n"
	"CREATE TRIGGER IF NOT EXISTS rating_audit_no_update BEFORE UPDATE ON rating_audit\n"
	"  BEGIN SELECT RAISE(ABORT, 'the rating audit log is append-only'); END;\n"
	"CREATE TRIGGER IF NOT EXISTS rating_audit_no_delete BEFORE DELETE ON rating_audit\n"
	"  BEGIN SELECT RAISE(ABORT, 'the rating audit log is append-only'); END;\n"
	"CREATE TABLE IF NOT EXISTS adjudications(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  queue INTEGER NOT NULL REFERENCES queues(id),\n"
	"  overlap_group INTEGER NOT NULL,\n"
	"  item1 INTEGER NOT NULL REFERENCES queue_items(id),\n"
	"  item2 INTEGER NOT NULL REFERENCES queue_items(id),\n"
	"  reason TEXT NOT NULL,\n"
	"  created TEXT NOT NULL,\n"
	"  resolved_by INTEGER REFERENCES raters(id),\n"
	"  resolution TEXT,\n" /* the adjudicator's rating (draft text, in the item's order) */
	"  resolved TEXT,\n"
	"  CHECK ((resolved_by IS NULL) = (resolution IS NULL) AND (resolved_by IS NULL) = (resolved IS NULL)),\n"
	"  UNIQUE(queue, overlap_group)\n"
	");\n";

/* Migration 7's hook: the reserved pairwise table of migration 2 (JSON scores) makes way for the
 * ratings of queue items: renamed ratings_v2 when it is still there (a re-run finds the new one). */
store_rc st_mig7_ratings(gv_store *st)
{
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(st->db, "SELECT 1 FROM pragma_table_info('ratings') WHERE name = 'scores'", -1, &s,
				    NULL);
	if (rc != SQLITE_OK)
		return st_dberr(st, "upgrade schema to version 7", rc);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	store_rc r = STORE_OK;
	if (rc == SQLITE_ROW)
		r = st_exec(st, "upgrade schema to version 7", "ALTER TABLE ratings RENAME TO ratings_v2");
	else if (rc != SQLITE_DONE)
		r = st_dberr(st, "upgrade schema to version 7", rc);
	if (r == STORE_OK)
		r = st_exec(st, "upgrade schema to version 7", mig7_sql);
	return r;
}

/* Migration 8: the adjudicator's screen.  An adjudicator's work is a rating of its own, saved
 * after every key like a rater's draft (one row per adjudication and adjudicator: two adjudicators
 * never overwrite each other; the first to resolve decides); its changes go to an append-only log
 * keyed by the adjudication's queue and overlap group, which stay when the entry itself is removed
 * because the raters came to agree (its drafts go with it). */
const char st_mig8_adjudication[] =
	"CREATE TABLE IF NOT EXISTS adjudication_drafts(\n"
	"  adjudication INTEGER NOT NULL REFERENCES adjudications(id) ON DELETE CASCADE,\n"
	"  rater INTEGER NOT NULL REFERENCES raters(id),\n"
	"  draft TEXT NOT NULL,\n"
	"  updated TEXT NOT NULL,\n"
	"  PRIMARY KEY(adjudication, rater)\n"
	");\n"
	"CREATE TABLE IF NOT EXISTS adjudication_audit(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  queue INTEGER NOT NULL REFERENCES queues(id),\n"
	"  overlap_group INTEGER NOT NULL,\n"
	"  at TEXT NOT NULL,\n"
	"  rater INTEGER NOT NULL REFERENCES raters(id),\n"
	"  change TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS adjudication_audit_group ON adjudication_audit(queue, overlap_group, id);\n"
	"CREATE TRIGGER IF NOT EXISTS adjudication_audit_no_update BEFORE UPDATE ON adjudication_audit\n"
	"  BEGIN SELECT RAISE(ABORT, 'the adjudication audit log is append-only'); END;\n"
	"CREATE TRIGGER IF NOT EXISTS adjudication_audit_no_delete BEFORE DELETE ON adjudication_audit\n"
	"  BEGIN SELECT RAISE(ABORT, 'the adjudication audit log is append-only'); END;\n"
	"PRAGMA user_version = 8;\n";

/* ------------------------------------------------------------------ statements */

enum {
	R_RATER_ADD,
	R_RATER_GET,
	R_RATER_ID,
	R_RATER_LIST,
	R_QSUMS,
	R_Q_ADD,
	R_Q_NAME,
	R_QR_ADD,
	R_QI_ADD,
	R_Q_GET_ID,
	R_Q_GET_NAME,
	R_Q_NEWEST,
	R_Q_CLOSE,
	R_ITEMS,
	R_ITEMS_Q,
	R_NEXT_DRAFT,
	R_NEXT_FIRST,
	R_ITEM,
	R_SUMMARY,
	R_DRAFT,
	R_SAVE,
	R_AUDIT_ADD,
	R_AUDIT_EACH,
	R_MEDIAN,
	R_CLAIM,
	R_STATUS,
	R_GOLD,
	R_GROUP,
	R_ADJ_PENDING,
	R_ADJ_PUT,
	R_ADJ_DROP,
	R_ADJ_LIST,
	R_ADJ_GET,
	R_ADJ_RESOLVE,
	R_ADJ_ONE,
	R_ADJ_ITEM,
	R_ADJ_DRAFT_GET,
	R_ADJ_DRAFT_PUT,
	R_ADJ_AUDIT_ADD,
	R_ADJ_AUDIT_EACH,
	R_ADJ_REOPEN,
	R_N
};

#define ICOLS \
	"qi.id, qi.queue, q.closed IS NOT NULL, qi.position, qi.rater, qi.patient, qi.summary_left, qi.summary_right," \
	" qi.swapped, qi.gold, qi.gold_expect, qi.overlap_group, r.item IS NOT NULL, ifnull(r.status, 'draft')," \
	" ifnull(r.flagged, 0), ifnull(r.active_ms, 0)"

static const struct rdef {
	const char *op;
	const char *sql;
} rdef[R_N] = {
	[R_RATER_ADD] = {"add rater", "INSERT INTO raters(name, role, created) VALUES(:name, :role, :created)"},
	[R_RATER_GET] = {"read rater", "SELECT id, name, role, created FROM raters WHERE name = :name"},
	[R_RATER_ID] = {"read rater", "SELECT id, name, role, created FROM raters WHERE id = :id"},
	[R_RATER_LIST] = {"list raters", "SELECT id, name, role, created FROM raters ORDER BY name"},
	[R_QSUMS] = {"list summaries for a queue",
		     "SELECT s.id, s.patient_id, s.model, ifnull(s.audience, ''),"
		     " ifnull(s.template, '') || '/' || ifnull(s.template_version, 0),"
		     " (SELECT group_concat(json_extract(j.value, '$.kind')) FROM json_each(s.planted) j)"
		     " FROM summaries s JOIN patients p ON p.id = s.patient_id"
		     " WHERE (s.model IN (SELECT value FROM json_each(:models)) OR s.model = :baseline"
		     " OR s.planted IS NOT NULL) AND (:flagged = 0 OR p.flag_count > 0)"
		     " AND (:pids IS NULL OR s.patient_id IN (SELECT value FROM json_each(:pids)))"
		     " ORDER BY s.patient_id, s.id"},
	[R_Q_ADD] = {"create queue",
		     "INSERT INTO queues(name, models, seed, params, created)"
		     " VALUES(ifnull(:name, 'queue-' || (SELECT ifnull(max(id), 0) + 1 FROM queues)), :models, :seed,"
		     " :params, :created)"},
	[R_Q_NAME] = {"create queue", "SELECT 1 FROM queues WHERE name = :name"},
	[R_QR_ADD] = {"create queue", "INSERT INTO queue_raters(queue, rater, seed) VALUES(:queue, :rater, :seed)"},
	[R_QI_ADD] = {"create queue item",
		      "INSERT INTO queue_items(queue, rater, position, patient, summary_left, summary_right, swapped,"
		      " gold, gold_expect, overlap_group) VALUES(:queue, :rater, :position, :patient, :left, :right,"
		      " :swapped, :gold, :expect, :group)"},
#define QCOLS "q.id, q.name, q.models, q.seed, q.params, q.created, q.closed, (SELECT count(*) FROM queue_items i WHERE i.queue = q.id)"
	[R_Q_GET_ID] = {"read queue", "SELECT " QCOLS " FROM queues q WHERE q.id = :id"},
	[R_Q_GET_NAME] = {"read queue", "SELECT " QCOLS " FROM queues q WHERE q.name = :name"},
	[R_Q_NEWEST] = {"read queue", "SELECT " QCOLS " FROM queues q ORDER BY q.id DESC LIMIT 1"},
	[R_Q_CLOSE] = {"close queue", "UPDATE queues SET closed = :closed WHERE id = :id AND closed IS NULL"},
	[R_ITEMS] = {"list queue items",
		     "SELECT " ICOLS " FROM queue_items qi JOIN queues q ON q.id = qi.queue"
		     " LEFT JOIN ratings r ON r.item = qi.id WHERE qi.rater = :rater AND q.closed IS NULL"
		     " ORDER BY qi.queue, qi.position"},
	[R_ITEMS_Q] = {"list queue items",
		       "SELECT " ICOLS " FROM queue_items qi JOIN queues q ON q.id = qi.queue"
		       " LEFT JOIN ratings r ON r.item = qi.id WHERE qi.rater = :rater AND qi.queue = :queue"
		       " ORDER BY qi.position"},
	[R_NEXT_DRAFT] = {"find where to resume",
			  "SELECT r.item FROM ratings r JOIN queue_items qi ON qi.id = r.item JOIN queues q ON q.id = qi.queue"
			  " WHERE r.rater = :rater AND r.status = 'draft' AND q.closed IS NULL"
			  " ORDER BY r.updated DESC, (SELECT max(a.id) FROM rating_audit a WHERE a.rating = r.item) DESC,"
			  " r.item DESC LIMIT 1"},
	[R_NEXT_FIRST] = {"find where to resume",
			  "SELECT qi.id FROM queue_items qi JOIN queues q ON q.id = qi.queue"
			  " LEFT JOIN ratings r ON r.item = qi.id WHERE qi.rater = :rater AND q.closed IS NULL"
			  " AND ifnull(r.status, 'draft') = 'draft' ORDER BY qi.queue, qi.position LIMIT 1"},
	[R_ITEM] = {"read queue item",
		    "SELECT " ICOLS " FROM queue_items qi JOIN queues q ON q.id = qi.queue"
		    " LEFT JOIN ratings r ON r.item = qi.id WHERE qi.id = :item"},
	[R_SUMMARY] = {"read summary", "SELECT text, model, summary_id FROM summaries WHERE id = :id"},
	[R_DRAFT] = {"read rating", "SELECT draft FROM ratings WHERE item = :item"},
	[R_SAVE] = {"save rating",
		    "INSERT INTO ratings(item, rater, status, skip_reason, flagged, rubric_version, draft, active_ms,"
		    " updated, submitted) VALUES(:item, :rater, :status, :skip_reason, :flagged, :rubric, :draft,"
		    " :active_ms, :updated, :submitted)"
		    " ON CONFLICT(item) DO UPDATE SET status = excluded.status, skip_reason = excluded.skip_reason,"
		    " flagged = excluded.flagged, rubric_version = excluded.rubric_version, draft = excluded.draft,"
		    " active_ms = excluded.active_ms, updated = excluded.updated,"
		    " submitted = CASE WHEN excluded.status <> 'submitted' THEN NULL"
		    " WHEN ratings.status = 'submitted' THEN ratings.submitted ELSE excluded.submitted END"},
	[R_AUDIT_ADD] = {"write rating audit",
			 "INSERT INTO rating_audit(rating, at, rater, change) VALUES(:item, :at, :rater, :change)"},
	[R_AUDIT_EACH] = {"read rating audit",
			  "SELECT a.at, ifnull(t.name, ''), a.change FROM rating_audit a LEFT JOIN raters t ON t.id = a.rater"
			  " WHERE a.rating = :item ORDER BY a.id"},
	[R_MEDIAN] = {"read active times", "SELECT active_ms FROM ratings WHERE rater = :rater AND status = 'submitted'"},
	[R_CLAIM] = {"set rater's verdict",
		     "UPDATE claim_checks SET rater = :rater, rater_verdict = :verdict, rated = :rated WHERE id = :id"},
	[R_STATUS] = {"queue status",
		      "SELECT t.id, t.name, t.role, count(qi.id), count(CASE WHEN r.status = 'submitted' THEN 1 END),"
		      " count(CASE WHEN r.status = 'skipped' THEN 1 END), count(CASE WHEN r.status = 'draft' THEN 1 END),"
		      " (SELECT count(*) FROM adjudications a JOIN queue_items x ON x.id = a.item1 OR x.id = a.item2"
		      "  WHERE a.queue = :queue AND a.resolved_by IS NULL AND x.rater = t.id)"
		      " FROM queue_raters qr JOIN raters t ON t.id = qr.rater"
		      " LEFT JOIN queue_items qi ON qi.queue = qr.queue AND qi.rater = qr.rater"
		      " LEFT JOIN ratings r ON r.item = qi.id WHERE qr.queue = :queue GROUP BY t.id ORDER BY t.name"},
	[R_GOLD] = {"queue status",
		    "SELECT qi.rater, qi.swapped, qi.gold_expect, r.draft FROM queue_items qi JOIN ratings r ON r.item = qi.id"
		    " WHERE qi.queue = :queue AND qi.gold = 1 AND r.status = 'submitted'"},
	[R_GROUP] = {"check agreement",
		     "SELECT qi.id, qi.swapped, r.draft FROM queue_items qi JOIN ratings r ON r.item = qi.id"
		     " WHERE qi.queue = :queue AND qi.overlap_group = :group AND r.status = 'submitted' ORDER BY qi.id"},
	[R_ADJ_PENDING] = {"queue status",
			   "SELECT count(*) FROM adjudications WHERE queue = :queue AND resolved_by IS NULL"},
	[R_ADJ_PUT] = {"send to adjudication",
		       "INSERT INTO adjudications(queue, overlap_group, item1, item2, reason, created)"
		       " VALUES(:queue, :group, :item1, :item2, :reason, :created)"
		       " ON CONFLICT(queue, overlap_group) DO UPDATE SET item1 = excluded.item1, item2 = excluded.item2,"
		       " reason = excluded.reason WHERE adjudications.resolved_by IS NULL"},
	[R_ADJ_DROP] = {"send to adjudication",
			"DELETE FROM adjudications WHERE queue = :queue AND overlap_group = :group AND resolved_by IS NULL"},
#define ACOLS "a.id, a.queue, a.overlap_group, a.item1, a.item2, a.reason, a.created, ifnull(a.resolved_by, 0), a.resolved"
	[R_ADJ_LIST] = {"list adjudications",
			"SELECT " ACOLS " FROM adjudications a WHERE (:queue = 0 OR a.queue = :queue)"
			" AND (:pending = 0 OR a.resolved_by IS NULL) ORDER BY a.id"},
	[R_ADJ_GET] = {"resolve adjudication",
		       "SELECT a.resolved_by IS NOT NULL, q.closed IS NOT NULL FROM adjudications a"
		       " JOIN queues q ON q.id = a.queue WHERE a.id = :id"},
	[R_ADJ_RESOLVE] = {"resolve adjudication",
			   "UPDATE adjudications SET resolved_by = :rater, resolution = :resolution, resolved = :resolved"
			   " WHERE id = :id AND resolved_by IS NULL"},
	[R_ADJ_ONE] = {"read adjudication",
		       "SELECT " ACOLS ", a.resolution, q.closed IS NOT NULL, ifnull(t.name, '') FROM adjudications a"
		       " JOIN queues q ON q.id = a.queue LEFT JOIN raters t ON t.id = a.resolved_by WHERE a.id = :id"},
	[R_ADJ_ITEM] = {"read adjudication",
			"SELECT qi.rater, t.name, t.role, qi.swapped, qi.summary_left, qi.summary_right, qi.patient, qi.gold,"
			" qi.gold_expect, ifnull(r.status, ''), r.draft FROM queue_items qi JOIN raters t ON t.id = qi.rater"
			" LEFT JOIN ratings r ON r.item = qi.id WHERE qi.id = :item"},
	[R_ADJ_DRAFT_GET] = {"read adjudication draft",
			     "SELECT draft FROM adjudication_drafts WHERE adjudication = :id AND rater = :rater"},
	[R_ADJ_DRAFT_PUT] = {"save adjudication draft",
			     "INSERT INTO adjudication_drafts(adjudication, rater, draft, updated) VALUES(:id, :rater, :draft,"
			     " :updated) ON CONFLICT(adjudication, rater) DO UPDATE SET draft = excluded.draft,"
			     " updated = excluded.updated"},
	[R_ADJ_AUDIT_ADD] = {"write adjudication audit",
			     "INSERT INTO adjudication_audit(queue, overlap_group, at, rater, change)"
			     " SELECT queue, overlap_group, :at, :rater, :change FROM adjudications WHERE id = :id"},
	[R_ADJ_AUDIT_EACH] = {"read adjudication audit",
			      "SELECT a.at, ifnull(t.name, ''), a.change FROM adjudication_audit a"
			      " JOIN adjudications j ON j.queue = a.queue AND j.overlap_group = a.overlap_group"
			      " LEFT JOIN raters t ON t.id = a.rater WHERE j.id = :id ORDER BY a.id"},
	[R_ADJ_REOPEN] = {"reopen adjudication",
			  "UPDATE adjudications SET resolved_by = NULL, resolution = NULL, resolved = NULL"
			  " WHERE id = :id AND resolved_by IS NOT NULL"},
};

struct store_rat {
	sqlite3_stmt *q[R_N];
};

void st_ratings_close(gv_store *st)
{
	if (!st->rat)
		return;
	for (int i = 0; i < R_N; i++)
		sqlite3_finalize(st->rat->q[i]);
	free(st->rat);
	st->rat = NULL;
}

/* Statement i, prepared on first use; NULL with the message set. */
static sqlite3_stmt *RQ(gv_store *st, int i)
{
	if (!st->rat && !(st->rat = calloc(1, sizeof *st->rat))) {
		st_seterr(st, STORE_ERROR, "%s: out of memory", rdef[i].op);
		return NULL;
	}
	if (st->rat->q[i])
		return st->rat->q[i];
	int rc = sqlite3_prepare_v3(st->db, rdef[i].sql, -1, SQLITE_PREPARE_PERSISTENT, &st->rat->q[i], NULL);
	if (rc != SQLITE_OK) {
		st_dberr(st, rdef[i].op, rc);
		sqlite3_finalize(st->rat->q[i]);
		st->rat->q[i] = NULL;
		return NULL;
	}
	return st->rat->q[i];
}

static void reset(sqlite3_stmt *s)
{
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
}

static void bind_int(sqlite3_stmt *s, const char *name, int64_t v)
{
	sqlite3_bind_int64(s, ST_P(s, name), v);
}

static void bind_text(sqlite3_stmt *s, const char *name, const char *v)
{
	st_bind_text(s, ST_P(s, name), v);
}

/* Step statement i (bound) that returns no row; reset on every path.  *changes (may be NULL) gets
 * the rows it changed. */
static store_rc run(gv_store *st, int i, sqlite3_stmt *s, int *changes)
{
	int rc = sqlite3_step(s);
	reset(s);
	if (changes)
		*changes = sqlite3_changes(st->db);
	return rc == SQLITE_DONE ? STORE_OK : st_dberr(st, rdef[i].op, rc);
}

/* Grow *p (of *cap elements of size) to hold n + 1. */
static int grow(void **p, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return 1;
	size_t c = *cap ? 2 * *cap : 16;
	void *q = realloc(*p, c * size);
	if (!q)
		return 0;
	*p = q;
	*cap = c;
	return 1;
}

/* ------------------------------------------------------------------ raters */

static const char *const role_names[STORE_NROLES] = {"clinician", "annotator", "adjudicator"};

const char *store_role_name(store_role r)
{
	return (unsigned)r < STORE_NROLES ? role_names[r] : "";
}

store_role store_role_parse(const char *s)
{
	for (int i = 0; s && i < STORE_NROLES; i++)
		if (strcmp(s, role_names[i]) == 0)
			return (store_role)i;
	return STORE_NROLES;
}

int store_rater_name_ok(const char *name, char *why, size_t whysz)
{
	const char *w = NULL;
	size_t n = name ? strlen(name) : 0;
	if (n == 0)
		w = "a rater's name cannot be empty";
	else if (n > STORE_RATER_NAME_MAX)
		w = "a rater's name has at most 64 bytes";
	else if (!text_utf8_valid(name, n))
		w = "a rater's name must be valid UTF-8";
	else if (text_find_control(name, n, 0) < n)
		w = "a rater's name cannot hold control characters";
	else if (strchr(name, ','))
		w = "a rater's name cannot hold a comma (--raters lists names separated by commas)";
	else if (name[0] == ' ' || name[n - 1] == ' ')
		w = "a rater's name cannot start or end with a space";
	if (w && why && whysz)
		snprintf(why, whysz, "%s", w);
	return w == NULL;
}

static void read_rater(sqlite3_stmt *s, store_rater *o)
{
	memset(o, 0, sizeof *o);
	o->id = sqlite3_column_int64(s, 0);
	st_col_copy(s, 1, o->name, sizeof o->name);
	const char *role = (const char *)sqlite3_column_text(s, 2);
	o->role = store_role_parse(role);
	st_col_copy(s, 3, o->created, sizeof o->created);
}

/* One rater by statement i (its parameter bound by the caller). */
static store_rc rater_one(gv_store *st, int i, sqlite3_stmt *s, store_rater *out, const char *what)
{
	int rc = sqlite3_step(s);
	store_rc r = STORE_OK;
	if (rc == SQLITE_ROW) {
		if (out)
			read_rater(s, out);
	} else if (rc == SQLITE_DONE) {
		r = st_seterr(st, STORE_NOTFOUND, "no rater %s", what);
	} else {
		r = st_dberr(st, rdef[i].op, rc);
	}
	reset(s);
	return r;
}

store_rc store_rater_get(gv_store *st, const char *name, store_rater *out)
{
	sqlite3_stmt *s = RQ(st, R_RATER_GET);
	if (!s)
		return STORE_ERROR;
	bind_text(s, ":name", name ? name : "");
	char what[96];
	snprintf(what, sizeof what, "'%.64s'", name ? name : "");
	return rater_one(st, R_RATER_GET, s, out, what);
}

store_rc store_rater_by_id(gv_store *st, int64_t id, store_rater *out)
{
	sqlite3_stmt *s = RQ(st, R_RATER_ID);
	if (!s)
		return STORE_ERROR;
	bind_int(s, ":id", id);
	char what[32];
	snprintf(what, sizeof what, "#%" PRId64, id);
	return rater_one(st, R_RATER_ID, s, out, what);
}

store_rc store_rater_add(gv_store *st, const char *name, store_role role, store_rater *out)
{
	store_rc r = st_check_write(st, "add rater", NULL);
	if (r != STORE_OK)
		return r;
	char why[128];
	if (!store_rater_name_ok(name, why, sizeof why))
		return st_seterr(st, STORE_INVALID, "add rater: %s", why);
	if ((unsigned)role >= STORE_NROLES)
		return st_seterr(st, STORE_INVALID, "add rater: the role must be clinician, annotator or adjudicator");
	store_rater old;
	r = store_rater_get(st, name, &old);
	if (r == STORE_OK)
		return st_seterr(st, STORE_DUP, "add rater: a rater called '%s' exists (%s, since %s)", name,
				 store_role_name(old.role), old.created);
	if (r != STORE_NOTFOUND)
		return r;
	sqlite3_stmt *s = RQ(st, R_RATER_ADD);
	if (!s)
		return STORE_ERROR;
	char now[24];
	st_now_stamp(now);
	bind_text(s, ":name", name);
	bind_text(s, ":role", store_role_name(role));
	bind_text(s, ":created", now);
	if ((r = run(st, R_RATER_ADD, s, NULL)) != STORE_OK)
		return r;
	if (out) {
		memset(out, 0, sizeof *out);
		out->id = sqlite3_last_insert_rowid(st->db);
		snprintf(out->name, sizeof out->name, "%s", name);
		out->role = role;
		memcpy(out->created, now, sizeof out->created);
	}
	return STORE_OK;
}

store_rc store_rater_list(gv_store *st, store_rater **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *s = RQ(st, R_RATER_LIST);
	if (!s)
		return STORE_ERROR;
	size_t cap = 0;
	int rc;
	store_rc r = STORE_OK;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (!grow((void **)out, &cap, *n, sizeof **out)) {
			r = st_seterr(st, STORE_ERROR, "list raters: out of memory");
			break;
		}
		read_rater(s, &(*out)[(*n)++]);
	}
	if (r == STORE_OK && rc != SQLITE_DONE)
		r = st_dberr(st, rdef[R_RATER_LIST].op, rc);
	reset(s);
	return r;
}

/* ------------------------------------------------------------------ building a queue */

/* The interned copy of t in in->strs (added when new); NULL when out of memory. */
static const char *intern(store_queue_input *in, size_t *cap, const char *t)
{
	if (!t)
		t = "";
	for (size_t i = in->nstrs; i-- > 0;)
		if (strcmp(in->strs[i], t) == 0)
			return in->strs[i];
	if (!grow((void **)&in->strs, cap, in->nstrs, sizeof *in->strs))
		return NULL;
	char *c = strdup(t);
	if (!c)
		return NULL;
	in->strs[in->nstrs++] = c;
	return c;
}

void store_queue_input_free(store_queue_input *in)
{
	if (!in)
		return;
	for (size_t i = 0; i < in->nstrs; i++)
		free(in->strs[i]);
	free(in->strs);
	free(in->s);
	memset(in, 0, sizeof *in);
}

/* Planted kinds from "kind,kind,...". */
static unsigned planted_bits(const char *list)
{
	unsigned bits = 0;
	while (list && *list) {
		const char *e = strchr(list, ',');
		size_t len = e ? (size_t)(e - list) : strlen(list);
		char name[64];
		if (len < sizeof name) {
			memcpy(name, list, len);
			name[len] = '\0';
			variants_kind k = variants_kind_parse(name);
			if (k < VARIANTS_NKINDS)
				bits |= 1u << k;
		}
		list = e ? e + 1 : NULL;
	}
	return bits;
}

/* A JSON array of strings / of integers into b. */
static void json_strings(gv_buf *b, const char *const *v, size_t n)
{
	buf_putc(b, '[');
	for (size_t i = 0; i < n; i++) {
		buf_puts(b, i ? ",\"" : "\"");
		for (const char *p = v[i]; *p; p++) {
			if (*p == '"' || *p == '\\')
				buf_putc(b, '\\');
			if ((unsigned char)*p < 0x20)
				buf_printf(b, "\\u%04x", (unsigned char)*p);
			else
				buf_putc(b, *p);
		}
		buf_putc(b, '"');
	}
	buf_putc(b, ']');
	buf_putc(b, '\0');
}

store_rc store_queue_summaries(gv_store *st, const char *const *models, size_t nmodels, int flagged,
			       const int64_t *patients, size_t npatients, store_queue_input *out)
{
	memset(out, 0, sizeof *out);
	gv_buf jm = GV_BUF_INIT, jp = GV_BUF_INIT;
	json_strings(&jm, models, nmodels);
	if (npatients) {
		buf_putc(&jp, '[');
		for (size_t i = 0; i < npatients; i++)
			buf_printf(&jp, "%s%" PRId64, i ? "," : "", patients[i]);
		buf_putc(&jp, ']');
		buf_putc(&jp, '\0');
	}
	store_rc r = STORE_OK;
	sqlite3_stmt *s = NULL;
	if (!buf_ok(&jm) || !buf_ok(&jp))
		r = st_seterr(st, STORE_ERROR, "list summaries for a queue: out of memory");
	else if (!(s = RQ(st, R_QSUMS)))
		r = STORE_ERROR;
	if (r == STORE_OK) {
		bind_text(s, ":models", jm.p);
		bind_text(s, ":baseline", BASELINE_MODEL);
		bind_int(s, ":flagged", flagged != 0);
		if (npatients)
			bind_text(s, ":pids", jp.p);
		size_t cap = 0, scap = 0;
		int rc;
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			if (!grow((void **)&out->s, &cap, out->n, sizeof *out->s)) {
				r = st_seterr(st, STORE_ERROR, "list summaries for a queue: out of memory");
				break;
			}
			queue_summary *q = &out->s[out->n];
			memset(q, 0, sizeof *q);
			q->id = sqlite3_column_int64(s, 0);
			q->child = sqlite3_column_int64(s, 1);
			q->model = intern(out, &scap, (const char *)sqlite3_column_text(s, 2));
			q->audience = intern(out, &scap, (const char *)sqlite3_column_text(s, 3));
			q->template_id = intern(out, &scap, (const char *)sqlite3_column_text(s, 4));
			q->planted = planted_bits((const char *)sqlite3_column_text(s, 5));
			if (!q->model || !q->audience || !q->template_id) {
				r = st_seterr(st, STORE_ERROR, "list summaries for a queue: out of memory");
				break;
			}
			out->n++;
		}
		if (r == STORE_OK && rc != SQLITE_DONE)
			r = st_dberr(st, rdef[R_QSUMS].op, rc);
		reset(s);
	}
	buf_free(&jm);
	buf_free(&jp);
	if (r != STORE_OK)
		store_queue_input_free(out);
	return r;
}

store_rc store_queue_create(gv_store *st, const store_queue_spec *q, const queue_plan *p, int64_t *id)
{
	store_rc r = st_check_write(st, "create queue", NULL);
	if (r != STORE_OK)
		return r;
	if (!q || !p || !q->models || !q->params || !q->nraters || !q->raters || !q->rater_seeds)
		return st_seterr(st, STORE_INVALID, "create queue: no raters or no options");
	if (p->na == 0)
		return st_seterr(st, STORE_INVALID, "create queue: the plan has no items (no pairs of summaries of those models)");
	if (q->name && (!*q->name || strlen(q->name) > 64))
		return st_seterr(st, STORE_INVALID, "create queue: a queue's name has 1 to 64 bytes");
	for (size_t i = 0; i < p->na; i++)
		if (p->a[i].rater >= q->nraters || p->a[i].item >= p->nitems)
			return st_seterr(st, STORE_INVALID, "create queue: assignment %zu names rater %zu or item %zu outside the plan",
					 i + 1, p->a[i].rater + 1, p->a[i].item + 1);
	for (size_t i = 0; i < q->nraters; i++) {
		store_rc rr = store_rater_by_id(st, q->raters[i], NULL);
		if (rr != STORE_OK)
			return rr;
	}
	if (q->name) {
		sqlite3_stmt *s = RQ(st, R_Q_NAME);
		if (!s)
			return STORE_ERROR;
		bind_text(s, ":name", q->name);
		int rc = sqlite3_step(s);
		reset(s);
		if (rc == SQLITE_ROW)
			return st_seterr(st, STORE_DUP, "create queue: a queue called '%s' exists", q->name);
		if (rc != SQLITE_DONE)
			return st_dberr(st, rdef[R_Q_NAME].op, rc);
	}
	int own;
	if ((r = st_tx_begin(st, &own)) != STORE_OK)
		return r;
	char now[24];
	st_now_stamp(now);
	sqlite3_stmt *s = RQ(st, R_Q_ADD);
	int64_t qid = 0;
	if (!s) {
		r = STORE_ERROR;
	} else {
		st_bind_text(s, ST_P(s, ":name"), q->name);
		bind_text(s, ":models", q->models);
		bind_int(s, ":seed", (int64_t)q->seed);
		bind_text(s, ":params", q->params);
		bind_text(s, ":created", now);
		r = run(st, R_Q_ADD, s, NULL);
		qid = sqlite3_last_insert_rowid(st->db);
	}
	for (size_t i = 0; r == STORE_OK && i < q->nraters; i++) {
		if (!(s = RQ(st, R_QR_ADD))) {
			r = STORE_ERROR;
			break;
		}
		bind_int(s, ":queue", qid);
		bind_int(s, ":rater", q->raters[i]);
		bind_int(s, ":seed", (int64_t)q->rater_seeds[i]);
		r = run(st, R_QR_ADD, s, NULL);
	}
	for (size_t i = 0; r == STORE_OK && i < p->na; i++) {
		const queue_assignment *a = &p->a[i];
		const queue_item *it = &p->items[a->item];
		if (!(s = RQ(st, R_QI_ADD))) {
			r = STORE_ERROR;
			break;
		}
		bind_int(s, ":queue", qid);
		bind_int(s, ":rater", q->raters[a->rater]);
		bind_int(s, ":position", (int64_t)a->pos + 1);
		bind_int(s, ":patient", it->child);
		bind_int(s, ":left", a->left);
		bind_int(s, ":right", a->right);
		bind_int(s, ":swapped", a->swapped != 0);
		bind_int(s, ":gold", it->gold != 0);
		bind_int(s, ":expect", it->gold ? (int64_t)it->planted : 0);
		bind_int(s, ":group", (int64_t)a->item + 1);
		r = run(st, R_QI_ADD, s, NULL);
	}
	r = st_tx_end(st, own, r);
	if (r == STORE_OK && id)
		*id = qid;
	return r;
}

/* ------------------------------------------------------------------ queues */

static void read_queue(sqlite3_stmt *s, store_queue *o)
{
	memset(o, 0, sizeof *o);
	o->id = sqlite3_column_int64(s, 0);
	st_col_copy(s, 1, o->name, sizeof o->name);
	st_col_copy(s, 2, o->models, sizeof o->models);
	o->seed = (uint64_t)sqlite3_column_int64(s, 3);
	st_col_copy(s, 4, o->params, sizeof o->params);
	st_col_copy(s, 5, o->created, sizeof o->created);
	st_col_copy(s, 6, o->closed, sizeof o->closed);
	o->items = (long)sqlite3_column_int64(s, 7);
}

store_rc store_queue_get(gv_store *st, const char *key, store_queue *out)
{
	int i = R_Q_NEWEST;
	int64_t id = 0;
	if (key && *key) {
		const char *d = key[0] == '#' ? key + 1 : key;
		char *end;
		long long v = strtoll(d, &end, 10);
		if (*d >= '0' && *d <= '9' && !*end && v > 0) {
			i = R_Q_GET_ID;
			id = v;
		} else {
			i = R_Q_GET_NAME;
		}
	}
	sqlite3_stmt *s = RQ(st, i);
	if (!s)
		return STORE_ERROR;
	if (i == R_Q_GET_ID)
		bind_int(s, ":id", id);
	else if (i == R_Q_GET_NAME)
		bind_text(s, ":name", key);
	int rc = sqlite3_step(s);
	store_rc r = STORE_OK;
	if (rc == SQLITE_ROW)
		read_queue(s, out);
	else if (rc == SQLITE_DONE)
		r = key && *key ? st_seterr(st, STORE_NOTFOUND, "no queue '%.64s'", key)
				: st_seterr(st, STORE_NOTFOUND, "no queue yet (make one with `growthview queue build`)");
	else
		r = st_dberr(st, rdef[i].op, rc);
	reset(s);
	return r;
}

store_rc store_queue_close(gv_store *st, int64_t id)
{
	store_rc r = st_check_write(st, "close queue", NULL);
	if (r != STORE_OK)
		return r;
	char key[32];
	snprintf(key, sizeof key, "#%" PRId64, id);
	store_queue q;
	if ((r = store_queue_get(st, key, &q)) != STORE_OK)
		return r;
	if (q.closed[0])
		return st_seterr(st, STORE_CONFLICT, "close queue: %s was closed at %s", q.name, q.closed);
	sqlite3_stmt *s = RQ(st, R_Q_CLOSE);
	if (!s)
		return STORE_ERROR;
	char now[24];
	st_now_stamp(now);
	bind_text(s, ":closed", now);
	bind_int(s, ":id", id);
	int ch = 0;
	if ((r = run(st, R_Q_CLOSE, s, &ch)) != STORE_OK)
		return r;
	return ch == 1 ? STORE_OK : st_seterr(st, STORE_CONFLICT, "close queue: %s is already closed", q.name);
}

/* ------------------------------------------------------------------ items */

static void read_item(sqlite3_stmt *s, store_rate_item *o)
{
	memset(o, 0, sizeof *o);
	o->item = sqlite3_column_int64(s, 0);
	o->queue = sqlite3_column_int64(s, 1);
	o->closed = sqlite3_column_int(s, 2);
	o->position = (long)sqlite3_column_int64(s, 3);
	o->rater = sqlite3_column_int64(s, 4);
	o->patient = sqlite3_column_int64(s, 5);
	o->left = sqlite3_column_int64(s, 6);
	o->right = sqlite3_column_int64(s, 7);
	o->swapped = sqlite3_column_int(s, 8);
	o->gold = sqlite3_column_int(s, 9);
	o->planted = (unsigned)sqlite3_column_int64(s, 10);
	o->group = sqlite3_column_int64(s, 11);
	o->started = sqlite3_column_int(s, 12);
	rating_status rs = rating_status_parse((const char *)sqlite3_column_text(s, 13));
	o->status = rs < RATING_NSTATUS ? rs : RATING_DRAFT;
	o->flagged = sqlite3_column_int(s, 14);
	o->active_ms = sqlite3_column_int64(s, 15);
}

store_rc store_rater_items(gv_store *st, int64_t rater, int64_t queue, store_rate_item **out, size_t *n,
			   store_rate_progress *p)
{
	*out = NULL;
	*n = 0;
	if (p)
		memset(p, 0, sizeof *p);
	int i = queue ? R_ITEMS_Q : R_ITEMS;
	sqlite3_stmt *s = RQ(st, i);
	if (!s)
		return STORE_ERROR;
	bind_int(s, ":rater", rater);
	if (queue)
		bind_int(s, ":queue", queue);
	size_t cap = 0;
	int rc;
	store_rc r = STORE_OK;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (!grow((void **)out, &cap, *n, sizeof **out)) {
			r = st_seterr(st, STORE_ERROR, "list queue items: out of memory");
			break;
		}
		store_rate_item *it = &(*out)[(*n)++];
		read_item(s, it);
		if (p) {
			p->total++;
			p->submitted += it->status == RATING_SUBMITTED;
			p->skipped += it->status == RATING_SKIPPED;
			p->draft += it->started && it->status == RATING_DRAFT;
		}
	}
	if (r == STORE_OK && rc != SQLITE_DONE)
		r = st_dberr(st, rdef[i].op, rc);
	reset(s);
	return r;
}

/* The one integer column of statement i with :rater bound; STORE_NOTFOUND when no row. */
static store_rc one_id(gv_store *st, int i, int64_t rater, int64_t *out)
{
	sqlite3_stmt *s = RQ(st, i);
	if (!s)
		return STORE_ERROR;
	bind_int(s, ":rater", rater);
	int rc = sqlite3_step(s);
	store_rc r = STORE_NOTFOUND;
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(s, 0);
		r = STORE_OK;
	} else if (rc != SQLITE_DONE) {
		r = st_dberr(st, rdef[i].op, rc);
	}
	reset(s);
	return r;
}

store_rc store_rater_next(gv_store *st, int64_t rater, int64_t *item)
{
	store_rc r = one_id(st, R_NEXT_DRAFT, rater, item);
	if (r == STORE_NOTFOUND)
		r = one_id(st, R_NEXT_FIRST, rater, item);
	if (r == STORE_NOTFOUND)
		st_seterr(st, STORE_NOTFOUND, "every item of the rater's open queues is submitted or skipped");
	return r;
}

/* Item `item` into *it; STORE_NOTFOUND when there is none or it is not rater's. */
static store_rc item_get(gv_store *st, int64_t rater, int64_t item, store_rate_item *it)
{
	sqlite3_stmt *s = RQ(st, R_ITEM);
	if (!s)
		return STORE_ERROR;
	bind_int(s, ":item", item);
	int rc = sqlite3_step(s);
	store_rc r = STORE_OK;
	if (rc == SQLITE_ROW)
		read_item(s, it);
	else if (rc == SQLITE_DONE)
		r = st_seterr(st, STORE_NOTFOUND, "no queue item #%" PRId64, item);
	else
		r = st_dberr(st, rdef[R_ITEM].op, rc);
	reset(s);
	if (r == STORE_OK && it->rater != rater)
		r = st_seterr(st, STORE_NOTFOUND, "queue item #%" PRId64 " is not this rater's", item);
	return r;
}

void store_rate_view_free(store_rate_view *v)
{
	if (!v)
		return;
	free(v->text[0]);
	free(v->text[1]);
	memset(v, 0, sizeof *v);
}

/* The stored draft of item parsed into r (a fresh draft when none). */
static store_rc draft_get(gv_store *st, int64_t item, rating *r)
{
	sqlite3_stmt *s = RQ(st, R_DRAFT);
	if (!s)
		return STORE_ERROR;
	bind_int(s, ":item", item);
	int rc = sqlite3_step(s);
	store_rc ret = STORE_OK;
	rating_free(r);
	rating_init(r);
	if (rc == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(s, 0);
		size_t len = (size_t)sqlite3_column_bytes(s, 0);
		char why[160];
		rating_result pr = rating_parse(r, t ? t : "", t ? len : 0, why, sizeof why);
		if (pr == RATING_ENOMEM)
			ret = st_seterr(st, STORE_ERROR, "read rating: out of memory");
		else if (pr != RATING_OK)
			ret = st_seterr(st, STORE_CONFLICT, "the stored rating of item #%" PRId64 " is damaged: %s", item, why);
	} else if (rc != SQLITE_DONE) {
		ret = st_dberr(st, rdef[R_DRAFT].op, rc);
	}
	reset(s);
	return ret;
}

/* Summary id's text (*text malloc'd), model and external id, for a screen. */
static store_rc summary_read(gv_store *st, int64_t id, char **text, char model[129], char sid[129])
{
	sqlite3_stmt *s = RQ(st, R_SUMMARY);
	if (!s)
		return STORE_ERROR;
	bind_int(s, ":id", id);
	int rc = sqlite3_step(s);
	store_rc ret = STORE_OK;
	if (rc == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(s, 0);
		if (!(*text = strdup(t ? t : "")))
			ret = st_seterr(st, STORE_ERROR, "read summary: out of memory");
		st_col_copy(s, 1, model, 129);
		st_col_copy(s, 2, sid, 129);
	} else {
		ret = rc == SQLITE_DONE ? st_seterr(st, STORE_NOTFOUND, "read summary: no summary #%" PRId64, id)
					: st_dberr(st, rdef[R_SUMMARY].op, rc);
	}
	reset(s);
	return ret;
}

store_rc store_rating_load(gv_store *st, int64_t rater, int64_t item, store_rate_view *v, rating *r)
{
	memset(v, 0, sizeof *v);
	store_rc ret = item_get(st, rater, item, &v->it);
	for (int k = 0; ret == STORE_OK && k < 2; k++)
		ret = summary_read(st, k ? v->it.right : v->it.left, &v->text[k], v->model[k], v->summary_id[k]);
	if (ret == STORE_OK) {
		ret = draft_get(st, item, r);
		if (ret == STORE_CONFLICT)
			return ret; /* the view is loaded: the screen can show the item and the reason */
	}
	if (ret != STORE_OK)
		store_rate_view_free(v);
	return ret;
}

/* ------------------------------------------------------------------ saving */

/* The audit row of change ch (when it changed a value or the status) by rater: statement q
 * (R_AUDIT_ADD or R_ADJ_AUDIT_ADD) with its key parameter set to key_value. */
static store_rc audit_add(gv_store *st, int q, const char *key, int64_t key_value, int64_t rater,
			  const rating_change *ch, const char *now)
{
	if (!ch || !(ch->what & (RATING_CH_VALUE | RATING_CH_STATUS)))
		return STORE_OK;
	char line[256];
	rating_change_describe(ch, line, sizeof line);
	sqlite3_stmt *s = RQ(st, q);
	if (!s)
		return STORE_ERROR;
	bind_int(s, key, key_value);
	bind_text(s, ":at", now);
	bind_int(s, ":rater", rater);
	bind_text(s, ":change", line);
	return run(st, q, s, NULL);
}

/* The row and the audit line of one change, inside the caller's transaction. */
static store_rc save_rows(gv_store *st, int64_t rater, int64_t item, const rating *r, const rating_change *ch,
			  const char *now)
{
	char *draft = rating_format_dup(r);
	if (!draft)
		return st_seterr(st, STORE_ERROR, "save rating: out of memory");
	sqlite3_stmt *s = RQ(st, R_SAVE);
	store_rc ret = STORE_OK;
	if (!s) {
		ret = STORE_ERROR;
	} else {
		bind_int(s, ":item", item);
		bind_int(s, ":rater", rater);
		bind_text(s, ":status", rating_status_name(r->status));
		st_bind_text(s, ST_P(s, ":skip_reason"), r->status == RATING_SKIPPED ? (r->skip_reason ? r->skip_reason : "") : NULL);
		bind_int(s, ":flagged", r->flagged != 0);
		bind_int(s, ":rubric", r->rubric_version);
		sqlite3_bind_text(s, ST_P(s, ":draft"), draft, -1, SQLITE_STATIC);
		bind_int(s, ":active_ms", r->active_ms > 0 ? r->active_ms : 0);
		bind_text(s, ":updated", now);
		st_bind_text(s, ST_P(s, ":submitted"), r->status == RATING_SUBMITTED ? now : NULL);
		ret = run(st, R_SAVE, s, NULL);
	}
	free(draft);
	if (ret == STORE_OK)
		ret = audit_add(st, R_AUDIT_ADD, ":item", item, rater, ch, now);
	return ret;
}

/* Agreement of item's group re-examined after a submit (inside the transaction). */
static store_rc adjudication_check(gv_store *st, const store_rate_item *it, const char *now)
{
	sqlite3_stmt *s = RQ(st, R_GROUP);
	if (!s)
		return STORE_ERROR;
	bind_int(s, ":queue", it->queue);
	bind_int(s, ":group", it->group);
	enum { MAXR = 8 };
	rating rs[MAXR];
	int64_t ids[MAXR];
	int sw[MAXR];
	size_t n = 0;
	int rc;
	store_rc ret = STORE_OK;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && n < MAXR) {
		rating_init(&rs[n]);
		const char *t = (const char *)sqlite3_column_text(s, 2);
		if (rating_parse(&rs[n], t ? t : "", (size_t)sqlite3_column_bytes(s, 2), NULL, 0) != RATING_OK) {
			rating_free(&rs[n]);
			continue; /* a damaged draft is not compared (the screen reports it when loading) */
		}
		ids[n] = sqlite3_column_int64(s, 0);
		sw[n] = sqlite3_column_int(s, 1);
		n++;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		ret = st_dberr(st, rdef[R_GROUP].op, rc);
	reset(s);
	if (ret == STORE_OK && n >= 2) {
		char why[256] = "";
		size_t x = 0, y = 0;
		unsigned dis = 0;
		for (size_t i = 0; i < n && !dis; i++)
			for (size_t j = i + 1; j < n && !dis; j++)
				if ((dis = queue_disagree(&rs[i], sw[i], &rs[j], sw[j], why, sizeof why)) != 0) {
					x = i;
					y = j;
				}
		if (dis) {
			if (!(s = RQ(st, R_ADJ_PUT))) {
				ret = STORE_ERROR;
			} else {
				bind_int(s, ":queue", it->queue);
				bind_int(s, ":group", it->group);
				bind_int(s, ":item1", ids[x]);
				bind_int(s, ":item2", ids[y]);
				bind_text(s, ":reason", why);
				bind_text(s, ":created", now);
				ret = run(st, R_ADJ_PUT, s, NULL);
			}
		} else if (!(s = RQ(st, R_ADJ_DROP))) {
			ret = STORE_ERROR;
		} else {
			bind_int(s, ":queue", it->queue);
			bind_int(s, ":group", it->group);
			ret = run(st, R_ADJ_DROP, s, NULL);
		}
	}
	for (size_t i = 0; i < n; i++)
		rating_free(&rs[i]);
	return ret;
}

/* One save: checks, then the rows (and, after a submit, the agreement) in one transaction. */
static store_rc save(gv_store *st, int64_t rater, int64_t item, const rating *r, const rating_change *ch,
		     int submitted)
{
	store_rc ret = st_check_write(st, "save rating", NULL);
	if (ret != STORE_OK)
		return ret;
	if (!r || (unsigned)r->status >= RATING_NSTATUS)
		return st_seterr(st, STORE_INVALID, "save rating: no rating");
	int own;
	if ((ret = st_tx_begin(st, &own)) != STORE_OK)
		return ret;
	store_rate_item it;
	ret = item_get(st, rater, item, &it);
	if (ret == STORE_OK && it.closed)
		ret = st_seterr(st, STORE_CONFLICT, "save rating: the queue of item #%" PRId64 " is closed", item);
	char now[24];
	st_now_stamp(now);
	if (ret == STORE_OK)
		ret = save_rows(st, rater, item, r, ch, now);
	if (ret == STORE_OK && (submitted || it.status == RATING_SUBMITTED))
		ret = adjudication_check(st, &it, now);
	return st_tx_end(st, own, ret);
}

store_rc store_rating_save(gv_store *st, int64_t rater, int64_t item, const rating *r, const rating_change *ch)
{
	return save(st, rater, item, r, ch, 0);
}

store_rc store_rating_recheck(gv_store *st, int64_t rater, int64_t item)
{
	int own;
	store_rc ret = st_tx_begin(st, &own);
	if (ret != STORE_OK)
		return ret;
	store_rate_item it;
	char now[24];
	st_now_stamp(now);
	ret = item_get(st, rater, item, &it);
	if (ret == STORE_OK)
		ret = adjudication_check(st, &it, now);
	return st_tx_end(st, own, ret);
}

enum { OP_SUBMIT, OP_SKIP, OP_REOPEN };

static const char *result_why(rating_result rr)
{
	switch (rr) {
	case RATING_ELOCKED: return "the rating is not a draft (reopen it first)";
	case RATING_EINVAL: return "a reason is needed";
	case RATING_ENOMEM: return "out of memory";
	case RATING_NOCHANGE: return "nothing to change";
	default: return "refused";
	}
}

/* A status operation on r, saved; r restored when the save fails. */
static store_rc status_op(gv_store *st, int64_t rater, int64_t item, rating *r, int op, const char *reason)
{
	static const char *const opname[] = {"submit rating", "skip item", "reopen rating"};
	store_rc ret = st_check_write(st, opname[op], NULL);
	if (ret != STORE_OK)
		return ret;
	if (!r)
		return st_seterr(st, STORE_INVALID, "%s: no rating", opname[op]);
	store_rate_item it;
	if ((ret = item_get(st, rater, item, &it)) != STORE_OK)
		return ret;
	if (it.closed)
		return st_seterr(st, STORE_CONFLICT, "%s: the queue of item #%" PRId64 " is closed", opname[op], item);
	char *before = rating_format_dup(r);
	if (!before)
		return st_seterr(st, STORE_ERROR, "%s: out of memory", opname[op]);
	rating_change ch;
	rating_result rr;
	if (op == OP_SUBMIT)
		rr = rating_submit(r, &ch);
	else if (op == OP_SKIP)
		rr = rating_skip(r, reason, &ch);
	else
		rr = rating_reopen(r, &ch);
	if (rr != RATING_OK) {
		free(before);
		if (rr == RATING_EINCOMPLETE) {
			char miss[256];
			rating_missing(r, miss, sizeof miss);
			return st_seterr(st, STORE_INVALID, "%s: missing %s", opname[op], miss);
		}
		return st_seterr(st, STORE_INVALID, "%s: %s", opname[op], result_why(rr));
	}
	ret = save(st, rater, item, r, &ch, op == OP_SUBMIT);
	if (ret != STORE_OK) {
		char keep[sizeof st->err];
		memcpy(keep, st->err, sizeof keep);
		int64_t last = r->last_key_ms;
		rating_parse(r, before, strlen(before), NULL, 0);
		r->last_key_ms = last;
		memcpy(st->err, keep, sizeof keep);
	}
	free(before);
	return ret;
}

store_rc store_rating_submit(gv_store *st, int64_t rater, int64_t item, rating *r)
{
	return status_op(st, rater, item, r, OP_SUBMIT, NULL);
}

store_rc store_rating_skip(gv_store *st, int64_t rater, int64_t item, rating *r, const char *reason)
{
	return status_op(st, rater, item, r, OP_SKIP, reason);
}

store_rc store_rating_reopen(gv_store *st, int64_t rater, int64_t item, rating *r)
{
	return status_op(st, rater, item, r, OP_REOPEN, NULL);
}

store_rc store_rating_audit_each(gv_store *st, int64_t item, store_rating_audit_fn cb, void *ctx)
{
	sqlite3_stmt *s = RQ(st, R_AUDIT_EACH);
	if (!s)
		return STORE_ERROR;
	bind_int(s, ":item", item);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (cb(ctx, (const char *)sqlite3_column_text(s, 0), (const char *)sqlite3_column_text(s, 1),
		       (const char *)sqlite3_column_text(s, 2)))
			break;
	reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK : st_dberr(st, rdef[R_AUDIT_EACH].op, rc);
}

store_rc store_rater_median(gv_store *st, int64_t rater, rating_median *m)
{
	sqlite3_stmt *s = RQ(st, R_MEDIAN);
	if (!s)
		return STORE_ERROR;
	bind_int(s, ":rater", rater);
	int rc;
	store_rc r = STORE_OK;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (rating_median_add(m, sqlite3_column_int64(s, 0)) != RATING_OK) {
			r = st_seterr(st, STORE_ERROR, "read active times: out of memory");
			break;
		}
	if (r == STORE_OK && rc != SQLITE_DONE)
		r = st_dberr(st, rdef[R_MEDIAN].op, rc);
	reset(s);
	return r;
}

store_rc store_claim_rater_verdict(gv_store *st, int64_t claim, const char *rater, const char *verdict)
{
	store_rc r = st_check_write(st, "set rater's verdict", NULL);
	if (r != STORE_OK)
		return r;
	if (verdict && strcmp(verdict, "supported") != 0 && strcmp(verdict, "contradicted") != 0 &&
	    strcmp(verdict, "unverifiable") != 0)
		return st_seterr(st, STORE_INVALID, "set rater's verdict: '%.32s' is not supported, contradicted or unverifiable",
				 verdict);
	if (verdict && !store_rater_name_ok(rater, NULL, 0))
		return st_seterr(st, STORE_INVALID, "set rater's verdict: no valid rater name");
	sqlite3_stmt *s = RQ(st, R_CLAIM);
	if (!s)
		return STORE_ERROR;
	char now[24];
	st_now_stamp(now);
	bind_int(s, ":id", claim);
	st_bind_text(s, ST_P(s, ":rater"), verdict ? rater : NULL);
	st_bind_text(s, ST_P(s, ":verdict"), verdict);
	st_bind_text(s, ST_P(s, ":rated"), verdict ? now : NULL);
	int ch = 0;
	if ((r = run(st, R_CLAIM, s, &ch)) != STORE_OK)
		return r;
	return ch ? STORE_OK : st_seterr(st, STORE_NOTFOUND, "set rater's verdict: no claim #%" PRId64, claim);
}

/* ------------------------------------------------------------------ status and adjudication */

store_rc store_queue_status(gv_store *st, int64_t queue, store_queue_rater_status **out, size_t *n, long *pending)
{
	*out = NULL;
	*n = 0;
	if (pending)
		*pending = 0;
	sqlite3_stmt *s = RQ(st, R_STATUS);
	if (!s)
		return STORE_ERROR;
	bind_int(s, ":queue", queue);
	size_t cap = 0;
	int rc;
	store_rc r = STORE_OK;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (!grow((void **)out, &cap, *n, sizeof **out)) {
			r = st_seterr(st, STORE_ERROR, "queue status: out of memory");
			break;
		}
		store_queue_rater_status *q = &(*out)[(*n)++];
		memset(q, 0, sizeof *q);
		q->rater = sqlite3_column_int64(s, 0);
		st_col_copy(s, 1, q->name, sizeof q->name);
		q->role = store_role_parse((const char *)sqlite3_column_text(s, 2));
		q->assigned = (long)sqlite3_column_int64(s, 3);
		q->submitted = (long)sqlite3_column_int64(s, 4);
		q->skipped = (long)sqlite3_column_int64(s, 5);
		q->draft = (long)sqlite3_column_int64(s, 6);
		q->adjudication = (long)sqlite3_column_int64(s, 7);
	}
	if (r == STORE_OK && rc != SQLITE_DONE)
		r = st_dberr(st, rdef[R_STATUS].op, rc);
	reset(s);
	/* Gold: every submitted gold rating scored. */
	if (r == STORE_OK && !(s = RQ(st, R_GOLD)))
		r = STORE_ERROR;
	if (r == STORE_OK) {
		bind_int(s, ":queue", queue);
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			int64_t rid = sqlite3_column_int64(s, 0);
			store_queue_rater_status *q = NULL;
			for (size_t i = 0; i < *n; i++)
				if ((*out)[i].rater == rid)
					q = &(*out)[i];
			rating rt;
			rating_init(&rt);
			const char *t = (const char *)sqlite3_column_text(s, 3);
			if (q && rating_parse(&rt, t ? t : "", (size_t)sqlite3_column_bytes(s, 3), NULL, 0) == RATING_OK) {
				queue_item it;
				memset(&it, 0, sizeof it);
				it.gold = 1;
				it.planted = (unsigned)sqlite3_column_int64(s, 2);
				queue_gold_score(&it, sqlite3_column_int(s, 1), &rt, &q->gold);
			}
			rating_free(&rt);
		}
		if (rc != SQLITE_DONE)
			r = st_dberr(st, rdef[R_GOLD].op, rc);
		reset(s);
	}
	if (r == STORE_OK && pending) {
		if (!(s = RQ(st, R_ADJ_PENDING))) {
			r = STORE_ERROR;
		} else {
			bind_int(s, ":queue", queue);
			if ((rc = sqlite3_step(s)) == SQLITE_ROW)
				*pending = (long)sqlite3_column_int64(s, 0);
			else
				r = st_dberr(st, rdef[R_ADJ_PENDING].op, rc);
			reset(s);
		}
	}
	if (r != STORE_OK) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return r;
}

store_rc store_adjudications(gv_store *st, int64_t queue, int pending_only, store_adjudication **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *s = RQ(st, R_ADJ_LIST);
	if (!s)
		return STORE_ERROR;
	bind_int(s, ":queue", queue);
	bind_int(s, ":pending", pending_only != 0);
	size_t cap = 0;
	int rc;
	store_rc r = STORE_OK;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (!grow((void **)out, &cap, *n, sizeof **out)) {
			r = st_seterr(st, STORE_ERROR, "list adjudications: out of memory");
			break;
		}
		store_adjudication *a = &(*out)[(*n)++];
		memset(a, 0, sizeof *a);
		a->id = sqlite3_column_int64(s, 0);
		a->queue = sqlite3_column_int64(s, 1);
		a->group = sqlite3_column_int64(s, 2);
		a->item1 = sqlite3_column_int64(s, 3);
		a->item2 = sqlite3_column_int64(s, 4);
		st_col_copy(s, 5, a->reason, sizeof a->reason);
		st_col_copy(s, 6, a->created, sizeof a->created);
		a->resolved_by = sqlite3_column_int64(s, 7);
		st_col_copy(s, 8, a->resolved, sizeof a->resolved);
	}
	if (r == STORE_OK && rc != SQLITE_DONE)
		r = st_dberr(st, rdef[R_ADJ_LIST].op, rc);
	reset(s);
	if (r != STORE_OK) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return r;
}

/* ------------------------------------------------------------------ the adjudicator's work */

/* The adjudication's state for a write: STORE_NOTFOUND, or *resolved and *closed. */
static store_rc adj_state(gv_store *st, int64_t id, const char *op, int *resolved, int *closed)
{
	sqlite3_stmt *s = RQ(st, R_ADJ_GET);
	if (!s)
		return STORE_ERROR;
	bind_int(s, ":id", id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*resolved = sqlite3_column_int(s, 0);
		*closed = sqlite3_column_int(s, 1);
	}
	reset(s);
	if (rc == SQLITE_DONE)
		return st_seterr(st, STORE_NOTFOUND, "%s: no adjudication #%" PRId64, op, id);
	return rc == SQLITE_ROW ? STORE_OK : st_dberr(st, rdef[R_ADJ_GET].op, rc);
}

/* Checks shared by every write of an adjudicator: a writable store, an adjudicator, the entry
 * there, its queue open, resolved as want_resolved says. */
static store_rc adj_writable(gv_store *st, int64_t id, int64_t adjudicator, const char *op, int want_resolved)
{
	store_rc r = st_check_write(st, op, NULL);
	if (r != STORE_OK)
		return r;
	store_rater who;
	if ((r = store_rater_by_id(st, adjudicator, &who)) != STORE_OK)
		return r;
	if (who.role != STORE_ROLE_ADJUDICATOR)
		return st_seterr(st, STORE_INVALID, "%s: %s is a %s, not an adjudicator", op, who.name,
				 store_role_name(who.role));
	int resolved = 0, closed = 0;
	if ((r = adj_state(st, id, op, &resolved, &closed)) != STORE_OK)
		return r;
	if (closed)
		return st_seterr(st, STORE_CONFLICT, "%s: the queue of #%" PRId64 " is closed", op, id);
	if (resolved && !want_resolved)
		return st_seterr(st, STORE_CONFLICT, "%s: #%" PRId64 " is already resolved", op, id);
	if (!resolved && want_resolved)
		return st_seterr(st, STORE_CONFLICT, "%s: #%" PRId64 " is not resolved", op, id);
	return STORE_OK;
}

/* The adjudicator's draft row and, for a value or status change, its audit row (inside the
 * caller's transaction). */
static store_rc adj_rows(gv_store *st, int64_t id, int64_t adjudicator, const rating *r, const rating_change *ch,
			 const char *now)
{
	char *text = rating_format_dup(r);
	if (!text)
		return st_seterr(st, STORE_ERROR, "save adjudication draft: out of memory");
	sqlite3_stmt *s = RQ(st, R_ADJ_DRAFT_PUT);
	store_rc ret = STORE_ERROR;
	if (s) {
		bind_int(s, ":id", id);
		bind_int(s, ":rater", adjudicator);
		sqlite3_bind_text(s, ST_P(s, ":draft"), text, -1, SQLITE_STATIC);
		bind_text(s, ":updated", now);
		ret = run(st, R_ADJ_DRAFT_PUT, s, NULL);
	}
	free(text);
	if (ret == STORE_OK)
		ret = audit_add(st, R_ADJ_AUDIT_ADD, ":id", id, adjudicator, ch, now);
	return ret;
}

store_rc store_adjudication_resolve(gv_store *st, int64_t id, int64_t adjudicator, const rating *resolution)
{
	static const char op[] = "resolve adjudication";
	if (!resolution || resolution->status != RATING_SUBMITTED) {
		store_rc r = st_check_write(st, op, NULL);
		return r != STORE_OK ? r : st_seterr(st, STORE_INVALID, "%s: the resolution must be a submitted rating", op);
	}
	store_rc r = adj_writable(st, id, adjudicator, op, 0);
	if (r != STORE_OK)
		return r;
	char *text = rating_format_dup(resolution);
	if (!text)
		return st_seterr(st, STORE_ERROR, "%s: out of memory", op);
	int own;
	if ((r = st_tx_begin(st, &own)) != STORE_OK) {
		free(text);
		return r;
	}
	char now[24];
	st_now_stamp(now);
	sqlite3_stmt *s = RQ(st, R_ADJ_RESOLVE);
	if (!s) {
		r = STORE_ERROR;
	} else {
		bind_int(s, ":id", id);
		bind_int(s, ":rater", adjudicator);
		sqlite3_bind_text(s, ST_P(s, ":resolution"), text, -1, SQLITE_STATIC);
		bind_text(s, ":resolved", now);
		int ch = 0;
		r = run(st, R_ADJ_RESOLVE, s, &ch);
		if (r == STORE_OK && ch != 1)
			r = st_seterr(st, STORE_CONFLICT, "%s: #%" PRId64 " is already resolved", op, id);
	}
	free(text);
	rating_change c = {RATING_CH_STATUS, RATING_F_STATUS, -1, RATING_DRAFT, RATING_SUBMITTED};
	if (r == STORE_OK)
		r = adj_rows(st, id, adjudicator, resolution, &c, now);
	return st_tx_end(st, own, r);
}

store_rc store_adjudication_save(gv_store *st, int64_t id, int64_t adjudicator, const rating *r,
				 const rating_change *ch)
{
	static const char op[] = "save adjudication";
	if (!r || r->status != RATING_DRAFT) {
		store_rc rc = st_check_write(st, op, NULL);
		return rc != STORE_OK ? rc : st_seterr(st, STORE_INVALID, "%s: only a draft is saved (Enter resolves)", op);
	}
	store_rc ret = adj_writable(st, id, adjudicator, op, 0);
	if (ret != STORE_OK)
		return ret;
	int own;
	if ((ret = st_tx_begin(st, &own)) != STORE_OK)
		return ret;
	char now[24];
	st_now_stamp(now);
	return st_tx_end(st, own, adj_rows(st, id, adjudicator, r, ch, now));
}

store_rc store_adjudication_reopen(gv_store *st, int64_t id, int64_t adjudicator, rating *r)
{
	static const char op[] = "reopen adjudication";
	store_rc ret = adj_writable(st, id, adjudicator, op, 1);
	if (ret != STORE_OK)
		return ret;
	/* the resolution (whoever made it) becomes this adjudicator's draft */
	store_adj_view v;
	rating res;
	rating_init(&res);
	ret = store_adjudication_load(st, id, adjudicator, &v, &res);
	store_adj_view_free(&v);
	rating_change c;
	if (ret == STORE_OK && rating_reopen(&res, &c) != RATING_OK)
		ret = st_seterr(st, STORE_ERROR, "%s: the resolution is not a submitted rating", op);
	int own = 0;
	if (ret == STORE_OK)
		ret = st_tx_begin(st, &own);
	if (ret != STORE_OK) {
		rating_free(&res);
		return ret;
	}
	char now[24];
	st_now_stamp(now);
	sqlite3_stmt *s = RQ(st, R_ADJ_REOPEN);
	if (!s) {
		ret = STORE_ERROR;
	} else {
		bind_int(s, ":id", id);
		int ch = 0;
		ret = run(st, R_ADJ_REOPEN, s, &ch);
		if (ret == STORE_OK && ch != 1)
			ret = st_seterr(st, STORE_CONFLICT, "%s: #%" PRId64 " is not resolved", op, id);
	}
	if (ret == STORE_OK)
		ret = adj_rows(st, id, adjudicator, &res, &c, now);
	ret = st_tx_end(st, own, ret);
	if (ret == STORE_OK && r) {
		rating_free(r);
		*r = res; /* moved: res's texts now r's */
		rating_init(&res);
	}
	rating_free(&res);
	return ret;
}

void store_adj_view_free(store_adj_view *v)
{
	if (!v)
		return;
	free(v->text[0]);
	free(v->text[1]);
	rating_free(&v->by[0].r);
	rating_free(&v->by[1].r);
	memset(v, 0, sizeof *v);
	rating_init(&v->by[0].r);
	rating_init(&v->by[1].r);
}

/* Parse stored rating text into r ("" / NULL: a fresh draft).  RATING_* of rating_parse. */
static rating_result parse_text(rating *r, const char *t, size_t len, char *why, size_t whyn)
{
	if (!t) {
		rating_free(r);
		rating_init(r);
		return RATING_OK;
	}
	return rating_parse(r, t, len, why, whyn);
}

/* One rater's side of adjudication v: item, rater, placement and rating (item order). */
static store_rc adj_rater(gv_store *st, store_adj_view *v, int k, int64_t item)
{
	sqlite3_stmt *s = RQ(st, R_ADJ_ITEM);
	if (!s)
		return STORE_ERROR;
	bind_int(s, ":item", item);
	int rc = sqlite3_step(s);
	store_rc ret = STORE_OK;
	store_adj_rater *b = &v->by[k];
	b->item = item;
	if (rc == SQLITE_ROW) {
		b->rater = sqlite3_column_int64(s, 0);
		st_col_copy(s, 1, b->name, sizeof b->name);
		b->role = store_role_parse((const char *)sqlite3_column_text(s, 2));
		b->swapped = sqlite3_column_int(s, 3);
		if (k == 0) {
			int64_t left = sqlite3_column_int64(s, 4), right = sqlite3_column_int64(s, 5);
			v->summary[0] = b->swapped ? right : left;
			v->summary[1] = b->swapped ? left : right;
			v->patient = sqlite3_column_int64(s, 6);
			v->gold = sqlite3_column_int(s, 7);
			v->planted = (unsigned)sqlite3_column_int64(s, 8);
		}
		st_col_copy(s, 9, b->status, sizeof b->status);
		const char *t = (const char *)sqlite3_column_text(s, 10);
		rating_result pr = parse_text(&b->r, t, (size_t)sqlite3_column_bytes(s, 10), b->why, sizeof b->why);
		if (pr == RATING_ENOMEM)
			ret = st_seterr(st, STORE_ERROR, "read adjudication: out of memory");
		b->ok = pr == RATING_OK && t;
		if (!t)
			snprintf(b->why, sizeof b->why, "not rated");
		else if (b->ok && b->swapped)
			rating_swap_sides(&b->r);
	} else {
		ret = rc == SQLITE_DONE ? st_seterr(st, STORE_NOTFOUND, "read adjudication: no queue item #%" PRId64, item)
					: st_dberr(st, rdef[R_ADJ_ITEM].op, rc);
	}
	reset(s);
	return ret;
}

store_rc store_adjudication_load(gv_store *st, int64_t id, int64_t adjudicator, store_adj_view *v, rating *mine)
{
	memset(v, 0, sizeof *v);
	rating_init(&v->by[0].r);
	rating_init(&v->by[1].r);
	rating_free(mine);
	rating_init(mine);
	sqlite3_stmt *s = RQ(st, R_ADJ_ONE);
	if (!s)
		return STORE_ERROR;
	bind_int(s, ":id", id);
	int rc = sqlite3_step(s);
	store_rc ret = STORE_OK;
	char *resolution = NULL;
	size_t rlen = 0;
	if (rc == SQLITE_ROW) {
		store_adjudication *a = &v->a;
		a->id = sqlite3_column_int64(s, 0);
		a->queue = sqlite3_column_int64(s, 1);
		a->group = sqlite3_column_int64(s, 2);
		a->item1 = sqlite3_column_int64(s, 3);
		a->item2 = sqlite3_column_int64(s, 4);
		st_col_copy(s, 5, a->reason, sizeof a->reason);
		st_col_copy(s, 6, a->created, sizeof a->created);
		a->resolved_by = sqlite3_column_int64(s, 7);
		st_col_copy(s, 8, a->resolved, sizeof a->resolved);
		const char *t = (const char *)sqlite3_column_text(s, 9);
		rlen = (size_t)sqlite3_column_bytes(s, 9);
		if (t && !(resolution = strndup(t, rlen)))
			ret = st_seterr(st, STORE_ERROR, "read adjudication: out of memory");
		v->closed = sqlite3_column_int(s, 10);
		st_col_copy(s, 11, v->resolver, sizeof v->resolver);
	} else {
		ret = rc == SQLITE_DONE ? st_seterr(st, STORE_NOTFOUND, "read adjudication: no adjudication #%" PRId64, id)
					: st_dberr(st, rdef[R_ADJ_ONE].op, rc);
	}
	reset(s);
	if (ret == STORE_OK)
		ret = adj_rater(st, v, 0, v->a.item1);
	if (ret == STORE_OK)
		ret = adj_rater(st, v, 1, v->a.item2);
	for (int k = 0; ret == STORE_OK && k < 2; k++)
		ret = summary_read(st, v->summary[k], &v->text[k], v->model[k], v->summary_id[k]);
	/* the adjudicator's own rating: the resolution, else the draft */
	char why[160] = "";
	rating_result pr = RATING_OK;
	if (ret == STORE_OK && resolution) {
		pr = rating_parse(mine, resolution, rlen, why, sizeof why);
	} else if (ret == STORE_OK) {
		if (!(s = RQ(st, R_ADJ_DRAFT_GET))) {
			ret = STORE_ERROR;
		} else {
			bind_int(s, ":id", id);
			bind_int(s, ":rater", adjudicator);
			rc = sqlite3_step(s);
			if (rc == SQLITE_ROW)
				pr = rating_parse(mine, (const char *)sqlite3_column_text(s, 0),
						  (size_t)sqlite3_column_bytes(s, 0), why, sizeof why);
			else if (rc != SQLITE_DONE)
				ret = st_dberr(st, rdef[R_ADJ_DRAFT_GET].op, rc);
			reset(s);
		}
	}
	free(resolution);
	if (ret == STORE_OK && pr == RATING_ENOMEM)
		ret = st_seterr(st, STORE_ERROR, "read adjudication: out of memory");
	else if (ret == STORE_OK && pr != RATING_OK)
		return st_seterr(st, STORE_CONFLICT, "the stored adjudication #%" PRId64 " is damaged: %s", id, why);
	if (ret != STORE_OK)
		store_adj_view_free(v);
	return ret;
}

store_rc store_adjudication_audit_each(gv_store *st, int64_t id, store_rating_audit_fn cb, void *ctx)
{
	sqlite3_stmt *s = RQ(st, R_ADJ_AUDIT_EACH);
	if (!s)
		return STORE_ERROR;
	bind_int(s, ":id", id);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (cb(ctx, (const char *)sqlite3_column_text(s, 0), (const char *)sqlite3_column_text(s, 1),
		       (const char *)sqlite3_column_text(s, 2)))
			break;
	store_rc r = rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK : st_dberr(st, rdef[R_ADJ_AUDIT_EACH].op, rc);
	reset(s);
	return r;
}
