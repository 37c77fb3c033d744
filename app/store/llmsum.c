/* store_summaries.c — LLM summaries in the store (see store.h, "LLM summaries and ratings").
 *
 * Schema version 4 extends the table `summaries` made by version 2 (never written by a released
 * command) with what a summary keeps for the rating screen, the claim checker and the benchmark
 * export.  The table is extended with ALTER TABLE rather than rebuilt: ratings reference it, and
 * dropping it inside the migration's transaction would delete them (ON DELETE CASCADE; foreign
 * keys cannot be switched off inside a transaction).
 *
 * Statements are prepared once per store (cached in struct store_sum, finalised by store_close)
 * and bound by name; the parameter indexes are looked up once at prepare time. */
#include "app/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/store/store_int.h"
#include "core/selfid.h"
#include "core/text.h"

/* Migration 4, run in one transaction by store.c's migrate(). */
const char st_mig4_summaries[] =
	"ALTER TABLE summaries ADD COLUMN summary_id TEXT CHECK (length(summary_id) BETWEEN 1 AND 128);\n"
	"ALTER TABLE summaries ADD COLUMN server_model TEXT;\n"
	"ALTER TABLE summaries ADD COLUMN fingerprint TEXT;\n"
	"ALTER TABLE summaries ADD COLUMN identity TEXT CHECK (identity IS NULL OR json_valid(identity));\n"
	"ALTER TABLE summaries ADD COLUMN params TEXT CHECK (params IS NULL OR json_valid(params));\n"
	"ALTER TABLE summaries ADD COLUMN template TEXT;\n"
	"ALTER TABLE summaries ADD COLUMN template_version INTEGER CHECK (template_version > 0);\n"
	"ALTER TABLE summaries ADD COLUMN audience TEXT CHECK (audience IN ('clinician', 'family'));\n"
	"ALTER TABLE summaries ADD COLUMN prompt_sha256 TEXT\n"
	"  CHECK (length(prompt_sha256) = 64 AND NOT prompt_sha256 GLOB '*[^0-9a-f]*');\n"
	"ALTER TABLE summaries ADD COLUMN duration_ms INTEGER CHECK (duration_ms >= 0);\n"
	"ALTER TABLE summaries ADD COLUMN prompt_tokens INTEGER CHECK (prompt_tokens >= 0);\n"
	"ALTER TABLE summaries ADD COLUMN completion_tokens INTEGER CHECK (completion_tokens >= 0);\n"
	"ALTER TABLE summaries ADD COLUMN finish_reason TEXT;\n"
	"ALTER TABLE summaries ADD COLUMN truncated INTEGER NOT NULL DEFAULT 0 CHECK (truncated IN (0, 1));\n"
	/* What names the model or vendor in the text (core/selfid.h): the rating screen warns. */
	"ALTER TABLE summaries ADD COLUMN self_id TEXT;\n"
	/* Planted mistakes of the synthetic models: hidden from raters. */
	"ALTER TABLE summaries ADD COLUMN planted TEXT CHECK (planted IS NULL OR json_valid(planted));\n"
	"ALTER TABLE summaries ADD COLUMN corrects INTEGER REFERENCES summaries(id) ON DELETE CASCADE;\n"
	"UPDATE summaries SET summary_id = 's-' || lower(hex(randomblob(8))) WHERE summary_id IS NULL;\n"
	"CREATE UNIQUE INDEX summaries_sid ON summaries(summary_id);\n"
	/* summarize's resume check: (patient, model, template, version, audience) already done. */
	"CREATE INDEX summaries_done ON summaries(patient_id, model, template, template_version, audience);\n"
	"CREATE INDEX summaries_corrects ON summaries(corrects) WHERE corrects IS NOT NULL;\n"
	/* A row written without an external id (store_summary_add) gets one at once. */
	"CREATE TRIGGER summaries_fill_id AFTER INSERT ON summaries WHEN NEW.summary_id IS NULL\n"
	"  BEGIN UPDATE summaries SET summary_id = 's-' || lower(hex(randomblob(8))) WHERE id = NEW.id; END;\n"
	/* Never edited in place: a correction is a new row pointing at the original. */
	"CREATE TRIGGER summaries_no_update BEFORE UPDATE ON summaries WHEN OLD.summary_id IS NOT NULL\n"
	"  BEGIN SELECT RAISE(ABORT, 'summaries are never edited: store a correction (corrects = the original)'); END;\n"
	"PRAGMA user_version = 4;\n";

enum {
	S_INSERT,
	S_SAME,
	S_SID_OF,
	S_FIND,
	S_PATIENT,
	S_DONE,
	S_DONE_ANY,
	S_EACH_ALL,
	S_EACH_ONE,
	S_COUNT_ALL,
	S_COUNT_ONE,
	S_TODO,
	S_NEXT_ALL,
	S_NEXT_ONE,
	S_GET,
	S_N
};

#define SCOLS \
	"s.id, s.summary_id, s.patient_id, ifnull(p.ext_id, ''), s.model, s.backend, s.server_model, s.fingerprint, " \
	"s.identity, s.params, s.template, s.template_version, s.audience, s.prompt_sha256, s.created, " \
	"s.duration_ms, s.prompt_tokens, s.completion_tokens, s.finish_reason, s.truncated, s.self_id, s.planted, " \
	"c.summary_id, s.text"
#define SFROM \
	" FROM summaries s JOIN patients p ON p.id = s.patient_id LEFT JOIN summaries c ON c.id = s.corrects"

static const struct sdef {
	const char *op;
	const char *sql;
} sdef[S_N] = {
	[S_INSERT] = {"insert summary",
		      "INSERT INTO summaries(summary_id, patient_id, backend, model, prompt_id, text, created,"
		      " server_model, fingerprint, identity, params, template, template_version, audience,"
		      " prompt_sha256, duration_ms, prompt_tokens, completion_tokens, finish_reason, truncated,"
		      " self_id, planted, corrects)"
		      " VALUES(ifnull(:sid, 's-' || lower(hex(randomblob(8)))), :patient, :backend, :model, :prompt_id,"
		      " :text, ifnull(:created, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')), :server_model, :fingerprint,"
		      " :identity, :params, :template, :template_version, :audience, :prompt_sha256, :duration_ms,"
		      " :prompt_tokens, :completion_tokens, :finish_reason, :truncated, :self_id, :planted, :corrects)"
		      " ON CONFLICT(summary_id) DO NOTHING"},
	[S_SAME] = {"compare summary",
		    "SELECT patient_id = :patient AND model = :model AND text = :text FROM summaries WHERE summary_id = :sid"},
	/* The id S_INSERT generated (no RETURNING: SQLite runs a statement with RETURNING through a
	 * temporary table, an 85 KB allocation and a third of the cost of an INSERT). */
	[S_SID_OF] = {"insert summary", "SELECT summary_id FROM summaries WHERE id = :id"},
	[S_FIND] = {"find corrected summary", "SELECT id, patient_id FROM summaries WHERE summary_id = :sid"},
	[S_PATIENT] = {"find patient", "SELECT 1 FROM patients WHERE id = :patient"},
	[S_DONE] = {"look for a summary",
		    "SELECT 1 FROM summaries WHERE patient_id = :patient AND model = :model AND template IS :template"
		    " AND template_version IS :version AND audience = :audience LIMIT 1"},
	[S_DONE_ANY] = {"look for a summary",
			"SELECT 1 FROM summaries WHERE patient_id = :patient AND model = :model AND template IS :template"
			" AND template_version IS :version LIMIT 1"},
	[S_EACH_ALL] = {"list summaries", "SELECT " SCOLS SFROM " ORDER BY s.id"},
	[S_EACH_ONE] = {"list summaries", "SELECT " SCOLS SFROM " WHERE s.patient_id = :patient ORDER BY s.id"},
	[S_COUNT_ALL] = {"count summaries", "SELECT count(*) FROM summaries"},
	[S_COUNT_ONE] = {"count summaries", "SELECT count(*) FROM summaries WHERE patient_id = :patient"},
	[S_TODO] = {"list patients to summarize",
		    "SELECT p.id FROM patients p WHERE (:flagged = 0 OR p.flag_count > 0) AND (:skip = 0 OR NOT EXISTS"
		    " (SELECT 1 FROM summaries s WHERE s.patient_id = p.id AND s.model = :model AND s.template IS :template"
		    " AND s.template_version IS :version AND s.audience IS :audience)) ORDER BY p.id"},
	/* One at a time in (patient, id) order: summaries_patient(patient_id) holds the rowid. */
	[S_NEXT_ALL] = {"read summary",
			"SELECT " SCOLS SFROM " WHERE (s.patient_id, s.id) > (:after_patient, :after_id)"
			" ORDER BY s.patient_id, s.id LIMIT 1"},
	[S_NEXT_ONE] = {"read summary",
			"SELECT " SCOLS SFROM " WHERE s.patient_id = :patient AND s.id > :after_id ORDER BY s.id LIMIT 1"},
	[S_GET] = {"read summary", "SELECT " SCOLS SFROM " WHERE s.summary_id = :sid"},
};

/* Named parameters of S_INSERT, in one place so that their indexes are looked up once. */
enum {
	P_SID,
	P_PATIENT,
	P_BACKEND,
	P_MODEL,
	P_PROMPT_ID,
	P_TEXT,
	P_CREATED,
	P_SERVER_MODEL,
	P_FINGERPRINT,
	P_IDENTITY,
	P_PARAMS,
	P_TEMPLATE,
	P_TEMPLATE_VERSION,
	P_AUDIENCE,
	P_PROMPT_SHA256,
	P_DURATION,
	P_PTOK,
	P_CTOK,
	P_FINISH,
	P_TRUNCATED,
	P_SELF_ID,
	P_PLANTED,
	P_CORRECTS,
	P_N
};
static const char *const pname[P_N] = {
	":sid", ":patient", ":backend", ":model", ":prompt_id", ":text", ":created", ":server_model",
	":fingerprint", ":identity", ":params", ":template", ":template_version", ":audience", ":prompt_sha256",
	":duration_ms", ":prompt_tokens", ":completion_tokens", ":finish_reason", ":truncated", ":self_id",
	":planted", ":corrects",
};

struct store_sum {
	sqlite3_stmt *q[S_N];
	int pi[P_N]; /* parameter indexes of S_INSERT */
};

void st_llmsum_close(gv_store *st)
{
	struct store_sum **slot = (&st->sum);
	if (!*slot)
		return;
	for (int i = 0; i < S_N; i++)
		sqlite3_finalize((*slot)->q[i]);
	free(*slot);
	*slot = NULL;
}

/* Statement i, prepared on first use; NULL with the message set. */
static sqlite3_stmt *SQ(gv_store *st, int i)
{
	struct store_sum **slot = (&st->sum);
	if (!*slot) {
		*slot = calloc(1, sizeof **slot);
		if (!*slot) {
			st_seterr(st, STORE_ERROR, "%s: out of memory", sdef[i].op);
			return NULL;
		}
	}
	struct store_sum *c = *slot;
	if (c->q[i])
		return c->q[i];
	int rc = sqlite3_prepare_v3(st->db, sdef[i].sql, -1, SQLITE_PREPARE_PERSISTENT, &c->q[i], NULL);
	if (rc != SQLITE_OK) {
		st_dberr(st, sdef[i].op, rc);
		sqlite3_finalize(c->q[i]);
		c->q[i] = NULL;
		return NULL;
	}
	if (i == S_INSERT) {
		for (int k = 0; k < P_N; k++) {
			c->pi[k] = sqlite3_bind_parameter_index(c->q[i], pname[k]);
			if (c->pi[k] == 0) {
				st_seterr(st, STORE_ERROR, "%s: no parameter %s", sdef[i].op, pname[k]);
				sqlite3_finalize(c->q[i]);
				c->q[i] = NULL;
				return NULL;
			}
		}
	}
	return c->q[i];
}

static void reset(sqlite3_stmt *s)
{
	if (s) {
		sqlite3_reset(s);
		sqlite3_clear_bindings(s);
	}
}

/* Bind by name (statements other than S_INSERT, with few parameters). */
static void bind_text(sqlite3_stmt *s, const char *name, const char *v)
{
	int i = sqlite3_bind_parameter_index(s, name);
	if (i > 0) {
		if (v)
			sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(s, i);
	}
}

static void bind_int(sqlite3_stmt *s, const char *name, int64_t v)
{
	int i = sqlite3_bind_parameter_index(s, name);
	if (i > 0)
		sqlite3_bind_int64(s, i, v);
}

static void ins_text(sqlite3_stmt *s, const struct store_sum *c, int p, const char *v)
{
	if (v)
		sqlite3_bind_text(s, c->pi[p], v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, c->pi[p]);
}

/* -1 (unknown) is NULL. */
static void ins_count(sqlite3_stmt *s, const struct store_sum *c, int p, int64_t v)
{
	if (v >= 0)
		sqlite3_bind_int64(s, c->pi[p], v);
	else
		sqlite3_bind_null(s, c->pi[p]);
}

void store_summary_init(store_summary *s)
{
	memset(s, 0, sizeof *s);
	s->duration_ms = s->prompt_tokens = s->completion_tokens = -1;
}

static int sid_ok(const char *s)
{
	size_t n = strlen(s);
	if (n < 1 || n > STORE_SUMMARY_ID_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] <= ' ' || (unsigned char)s[i] >= 0x7f)
			return 0;
	return 1;
}

static int hex64_ok(const char *s)
{
	if (strlen(s) != 64)
		return 0;
	for (int i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

/* Checks made before anything is written; message set. */
static store_rc check_summary(gv_store *st, const store_summary *s)
{
	const char *op = "insert summary";
	if (!s->model || !*s->model || !s->backend || !s->text)
		return st_seterr(st, STORE_INVALID, "%s: model, backend and text are required", op);
	static const char *const backends[] = {STORE_BACKEND_COMMAND, STORE_BACKEND_HTTP, STORE_BACKEND_BASELINE,
					       STORE_BACKEND_SYNTHETIC, STORE_BACKEND_IMPORTED};
	int known = 0;
	for (size_t i = 0; i < sizeof backends / sizeof backends[0]; i++)
		known |= strcmp(s->backend, backends[i]) == 0;
	if (!known)
		return st_seterr(st, STORE_INVALID, "%s: unknown backend", op);
	if (s->text_len == 0)
		return st_seterr(st, STORE_INVALID, "%s: the text is empty", op);
	if (s->text_len > STORE_SUMMARY_TEXT_MAX)
		return st_seterr(st, STORE_INVALID, "%s: the text is longer than %d bytes", op, STORE_SUMMARY_TEXT_MAX);
	if (memchr(s->text, '\0', s->text_len))
		return st_seterr(st, STORE_INVALID, "%s: the text holds a NUL byte", op);
	if (!text_utf8_valid(s->text, s->text_len))
		return st_seterr(st, STORE_INVALID, "%s: the text is not valid UTF-8", op);
	if (s->summary_id && !sid_ok(s->summary_id))
		return st_seterr(st, STORE_INVALID,
				     "%s: a summary id is 1 to %d printable ASCII characters without spaces", op,
				     STORE_SUMMARY_ID_MAX);
	if (s->corrects && !sid_ok(s->corrects))
		return st_seterr(st, STORE_INVALID, "%s: bad id of the corrected summary", op);
	if (s->audience && strcmp(s->audience, "clinician") != 0 && strcmp(s->audience, "family") != 0)
		return st_seterr(st, STORE_INVALID, "%s: audience must be clinician or family", op);
	if (s->prompt_sha256 && !hex64_ok(s->prompt_sha256))
		return st_seterr(st, STORE_INVALID, "%s: prompt_sha256 must be 64 lower-case hex digits", op);
	if (s->template_version < 0)
		return st_seterr(st, STORE_INVALID, "%s: bad template version", op);
	return STORE_OK;
}

store_rc store_summary_put(gv_store *st, const store_summary *s, int *added, char *sid, size_t sidsz)
{
	const char *op = "insert summary";
	if (added)
		*added = 0;
	if (store_is_readonly(st))
		return st_seterr(st, STORE_READONLY, "%s: database opened read-only", op);
	store_rc r = check_summary(st, s);
	if (r != STORE_OK)
		return r;
	sqlite3_stmt *q;
	/* The patient, and the summary corrected (same patient). */
	if (!(q = SQ(st, S_PATIENT)))
		return STORE_ERROR;
	bind_int(q, ":patient", s->patient_id);
	int rc = sqlite3_step(q);
	reset(q);
	if (rc == SQLITE_DONE)
		return st_seterr(st, STORE_NOTFOUND, "%s: no patient #%lld", op, (long long)s->patient_id);
	if (rc != SQLITE_ROW)
		return st_dberr(st, op, rc);
	int64_t corrects = 0;
	if (s->corrects) {
		if (!(q = SQ(st, S_FIND)))
			return STORE_ERROR;
		bind_text(q, ":sid", s->corrects);
		rc = sqlite3_step(q);
		int64_t pid = rc == SQLITE_ROW ? sqlite3_column_int64(q, 1) : 0;
		corrects = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
		reset(q);
		if (rc == SQLITE_DONE)
			return st_seterr(st, STORE_NOTFOUND, "%s: the corrected summary %s is not stored", op, s->corrects);
		if (rc != SQLITE_ROW)
			return st_dberr(st, op, rc);
		if (pid != s->patient_id)
			return st_seterr(st, STORE_INVALID, "%s: a correction must be of the same patient", op);
	}

	/* Blinding: does the text name its model or vendor? */
	selfid_match m;
	char self[96] = "";
	if (selfid_find(s->text, s->text_len, &m)) {
		size_t n = m.end - m.start < 80 ? m.end - m.start : 80;
		n = text_utf8_valid_prefix(s->text + m.start, n);
		memcpy(self, s->text + m.start, n);
		self[n] = '\0';
	}

	if (!(q = SQ(st, S_INSERT)))
		return STORE_ERROR;
	const struct store_sum *c = *(&st->sum);
	ins_text(q, c, P_SID, s->summary_id);
	sqlite3_bind_int64(q, c->pi[P_PATIENT], s->patient_id);
	ins_text(q, c, P_BACKEND, s->backend);
	ins_text(q, c, P_MODEL, s->model);
	/* prompt_id (version 2's column): the template as "id-vVERSION", "" when unknown. */
	char pid[96] = "";
	if (s->template_id)
		snprintf(pid, sizeof pid, "%s-v%d", s->template_id, s->template_version);
	sqlite3_bind_text(q, c->pi[P_PROMPT_ID], pid, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, c->pi[P_TEXT], s->text, (int)s->text_len, SQLITE_STATIC);
	ins_text(q, c, P_CREATED, s->created);
	ins_text(q, c, P_SERVER_MODEL, s->server_model);
	ins_text(q, c, P_FINGERPRINT, s->fingerprint);
	ins_text(q, c, P_IDENTITY, s->identity);
	ins_text(q, c, P_PARAMS, s->params);
	ins_text(q, c, P_TEMPLATE, s->template_id);
	if (s->template_version > 0)
		sqlite3_bind_int(q, c->pi[P_TEMPLATE_VERSION], s->template_version);
	else
		sqlite3_bind_null(q, c->pi[P_TEMPLATE_VERSION]);
	ins_text(q, c, P_AUDIENCE, s->audience);
	ins_text(q, c, P_PROMPT_SHA256, s->prompt_sha256);
	ins_count(q, c, P_DURATION, s->duration_ms);
	ins_count(q, c, P_PTOK, s->prompt_tokens);
	ins_count(q, c, P_CTOK, s->completion_tokens);
	ins_text(q, c, P_FINISH, s->finish_reason);
	sqlite3_bind_int(q, c->pi[P_TRUNCATED], s->truncated ? 1 : 0);
	ins_text(q, c, P_SELF_ID, self[0] ? self : NULL);
	ins_text(q, c, P_PLANTED, s->planted);
	if (corrects)
		sqlite3_bind_int64(q, c->pi[P_CORRECTS], corrects);
	else
		sqlite3_bind_null(q, c->pi[P_CORRECTS]);
	rc = sqlite3_step(q);
	reset(q);
	if (rc != SQLITE_DONE) {
		/* A CHECK constraint (bad JSON) is the caller's mistake, not the database's. */
		if ((rc & 0xff) == SQLITE_CONSTRAINT)
			return st_seterr(st, STORE_INVALID, "%s: %s", op, sqlite3_errmsg(st->db));
		return st_dberr(st, op, rc);
	}
	/* The row itself (the trigger's and foreign keys' work is not counted): 0 when DO NOTHING. */
	if (sqlite3_changes(st->db) == 1) {
		if (added)
			*added = 1;
		if (sid && s->summary_id) {
			snprintf(sid, sidsz, "%s", s->summary_id);
		} else if (sid) {
			if (!(q = SQ(st, S_SID_OF)))
				return STORE_ERROR;
			bind_int(q, ":id", sqlite3_last_insert_rowid(st->db));
			rc = sqlite3_step(q);
			if (rc == SQLITE_ROW)
				snprintf(sid, sidsz, "%s", (const char *)sqlite3_column_text(q, 0));
			reset(q);
			if (rc != SQLITE_ROW)
				return st_dberr(st, op, rc == SQLITE_DONE ? SQLITE_ERROR : rc);
		}
		return STORE_OK;
	}
	/* DO NOTHING: the summary id is taken.  The same summary again is no change. */
	if (!(q = SQ(st, S_SAME)))
		return STORE_ERROR;
	bind_text(q, ":sid", s->summary_id);
	bind_int(q, ":patient", s->patient_id);
	bind_text(q, ":model", s->model);
	sqlite3_bind_text(q, sqlite3_bind_parameter_index(q, ":text"), s->text, (int)s->text_len, SQLITE_STATIC);
	rc = sqlite3_step(q);
	int same = rc == SQLITE_ROW && sqlite3_column_int(q, 0) == 1;
	reset(q);
	if (rc != SQLITE_ROW)
		return st_dberr(st, "compare summary", rc == SQLITE_DONE ? SQLITE_ERROR : rc);
	if (!same)
		return st_seterr(st, STORE_CONFLICT, "%s: summary id %s is taken by another summary", op,
				     s->summary_id);
	if (sid)
		snprintf(sid, sidsz, "%s", s->summary_id);
	return STORE_OK;
}

store_rc store_summary_done(gv_store *st, int64_t patient_id, const char *model, const char *template_id,
			    int template_version, const char *audience, int *done)
{
	*done = 0;
	sqlite3_stmt *q = SQ(st, audience ? S_DONE : S_DONE_ANY);
	if (!q)
		return STORE_ERROR;
	bind_int(q, ":patient", patient_id);
	bind_text(q, ":model", model);
	bind_text(q, ":template", template_id);
	int i = sqlite3_bind_parameter_index(q, ":version");
	if (template_version > 0)
		sqlite3_bind_int(q, i, template_version);
	else
		sqlite3_bind_null(q, i);
	if (audience)
		bind_text(q, ":audience", audience);
	int rc = sqlite3_step(q);
	reset(q);
	if (rc == SQLITE_ROW)
		*done = 1;
	else if (rc != SQLITE_DONE)
		return st_dberr(st, sdef[S_DONE].op, rc);
	return STORE_OK;
}

static const char *col_text(sqlite3_stmt *q, int i)
{
	return (const char *)sqlite3_column_text(q, i);
}

static int64_t col_count(sqlite3_stmt *q, int i)
{
	return sqlite3_column_type(q, i) == SQLITE_NULL ? -1 : sqlite3_column_int64(q, i);
}

/* The summary of the current row of q (SCOLS), pointing into the row. */
static void read_row(sqlite3_stmt *q, store_summary *s)
{
	store_summary_init(s);
	s->id = sqlite3_column_int64(q, 0);
	s->summary_id = col_text(q, 1);
	s->patient_id = sqlite3_column_int64(q, 2);
	s->patient_ext = col_text(q, 3);
	s->model = col_text(q, 4);
	s->backend = col_text(q, 5);
	s->server_model = col_text(q, 6);
	s->fingerprint = col_text(q, 7);
	s->identity = col_text(q, 8);
	s->params = col_text(q, 9);
	s->template_id = col_text(q, 10);
	s->template_version = sqlite3_column_int(q, 11);
	s->audience = col_text(q, 12);
	s->prompt_sha256 = col_text(q, 13);
	s->created = col_text(q, 14);
	s->duration_ms = col_count(q, 15);
	s->prompt_tokens = col_count(q, 16);
	s->completion_tokens = col_count(q, 17);
	s->finish_reason = col_text(q, 18);
	s->truncated = sqlite3_column_int(q, 19);
	s->self_id = col_text(q, 20);
	s->planted = col_text(q, 21);
	s->corrects = col_text(q, 22);
	s->text = col_text(q, 23);
	s->text_len = (size_t)sqlite3_column_bytes(q, 23);
	if (!s->text)
		s->text = "";
}

store_rc store_summary_each(gv_store *st, int64_t patient_id, store_summary_fn cb, void *ctx, int *cbret)
{
	if (cbret)
		*cbret = 0;
	int which = patient_id ? S_EACH_ONE : S_EACH_ALL;
	sqlite3_stmt *q = SQ(st, which);
	if (!q)
		return STORE_ERROR;
	if (patient_id)
		bind_int(q, ":patient", patient_id);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		store_summary s;
		read_row(q, &s);
		int ret = cb(ctx, &s);
		if (ret) {
			if (cbret)
				*cbret = ret;
			reset(q);
			return STORE_OK;
		}
	}
	reset(q);
	if (rc != SQLITE_DONE)
		return st_dberr(st, sdef[which].op, rc);
	return STORE_OK;
}

/* Step q (bound) once: its row to cb, STORE_NOTFOUND when none; q reset on every path. */
static store_rc one_row(gv_store *st, int which, sqlite3_stmt *q, store_summary_fn cb, void *ctx, int *cbret)
{
	if (cbret)
		*cbret = 0;
	int rc = sqlite3_step(q);
	store_rc r = STORE_OK;
	if (rc == SQLITE_ROW) {
		store_summary s;
		read_row(q, &s);
		int ret = cb(ctx, &s);
		if (cbret)
			*cbret = ret;
	} else if (rc == SQLITE_DONE) {
		r = st_seterr(st, STORE_NOTFOUND, "%s: no such summary", sdef[which].op);
	} else {
		r = st_dberr(st, sdef[which].op, rc);
	}
	reset(q);
	return r;
}

store_rc store_summary_next(gv_store *st, int64_t patient_id, int64_t after_patient, int64_t after_id,
			    store_summary_fn cb, void *ctx, int *cbret)
{
	int which = patient_id ? S_NEXT_ONE : S_NEXT_ALL;
	sqlite3_stmt *q = SQ(st, which);
	if (!q)
		return STORE_ERROR;
	if (patient_id) {
		bind_int(q, ":patient", patient_id);
	} else {
		bind_int(q, ":after_patient", after_patient);
	}
	bind_int(q, ":after_id", after_id);
	return one_row(st, which, q, cb, ctx, cbret);
}

store_rc store_summary_get(gv_store *st, const char *sid, store_summary_fn cb, void *ctx, int *cbret)
{
	sqlite3_stmt *q = SQ(st, S_GET);
	if (!q)
		return STORE_ERROR;
	bind_text(q, ":sid", sid);
	return one_row(st, S_GET, q, cb, ctx, cbret);
}

store_rc store_summary_count(gv_store *st, int64_t patient_id, long *n)
{
	int which = patient_id ? S_COUNT_ONE : S_COUNT_ALL;
	sqlite3_stmt *q = SQ(st, which);
	if (!q)
		return STORE_ERROR;
	if (patient_id)
		bind_int(q, ":patient", patient_id);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		*n = (long)sqlite3_column_int64(q, 0);
	reset(q);
	return rc == SQLITE_ROW ? STORE_OK : st_dberr(st, sdef[which].op, rc);
}

store_rc store_summary_todo(gv_store *st, int flagged, int skip_done, const char *model, const char *template_id,
			    int template_version, const char *audience, store_id_fn cb, void *ctx)
{
	sqlite3_stmt *q = SQ(st, S_TODO);
	if (!q)
		return STORE_ERROR;
	bind_int(q, ":flagged", flagged ? 1 : 0);
	bind_int(q, ":skip", skip_done ? 1 : 0);
	bind_text(q, ":model", model);
	bind_text(q, ":template", template_id);
	int i = sqlite3_bind_parameter_index(q, ":version");
	if (template_version > 0)
		sqlite3_bind_int(q, i, template_version);
	else
		sqlite3_bind_null(q, i);
	bind_text(q, ":audience", audience);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		if (cb(ctx, sqlite3_column_int64(q, 0)) != 0) {
			reset(q);
			return STORE_OK;
		}
	reset(q);
	return rc == SQLITE_DONE ? STORE_OK : st_dberr(st, sdef[S_TODO].op, rc);
}
