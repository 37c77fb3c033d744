/* store.h — the patient store: one SQLite file, and the only module of growthview that speaks SQL.
 *
 * Everything the commands and the TUI keep lives here: patients, their measurements, a cached
 * per-patient flag summary, flag acknowledgements, LLM summaries and ratings, values reported by
 * imported files (e.g. FHIR percentiles) and an append-only audit log.
 *
 * Conventions (of this API and of the file):
 * - Units are canonical: kg, cm, mm.  NAN means "not measured".
 * - In the API dates are day numbers (core/age.h).  In the file they are ISO 8601 text
 *   ('YYYY-MM-DD', times 'HH:MM', stamps 'YYYY-MM-DDTHH:MM:SSZ' in UTC) so that the file stays
 *   readable with the sqlite3 shell and by other tools; CHECK constraints keep the shapes.
 * - Every statement is prepared once and parameterised; no value is ever formatted into SQL.
 * - Every function that changes more than one row runs in one transaction (or one savepoint of
 *   the caller's transaction): a crash leaves all of it or none.
 * - Changes to measurements, patients (from the TUI), flag acknowledgements and ratings are
 *   written to the audit log by these functions, in the same transaction; the log cannot be
 *   updated or deleted (RAISE triggers).  A bulk import writes one row in table imports (source,
 *   who, when, summary), which its measurements reference, and one audit row for the whole file.
 * - Visit identity: patient, date, time, the six values, position and oedema.  Adding a visit
 *   identical to a stored one is a no-op (STORE_DUP / added = 0), so re-importing a file adds
 *   nothing twice.  (Implemented as UNIQUE(patient_id, date, vkey) with vkey a 64-bit hash of the
 *   rest; a key conflict is resolved by comparing the rows exactly, never by the hash alone.)
 * - Measurement ids are never reused, even after a delete (the audit log refers to them).
 * - Errors: functions return a store_rc; on anything but STORE_OK, store_errmsg() says which
 *   operation failed and why (sqlite3_errmsg), e.g. "insert measurement: database is busy
 *   (another growthview is writing?)".  After STORE_NOTFOUND / STORE_DUP the message is set too.
 *
 * Safety when opening (store_open): a new file is created with mode 0600 before SQLite sees it;
 * WAL journal, foreign keys on, synchronous=NORMAL, busy timeout STORE_BUSY_MS.  A file that is
 * not a growthview database (not SQLite, another application_id, or a newer schema version than
 * this binary knows) is refused after reading its first 100 bytes with plain read(): SQLite never
 * opens it, so it is left untouched byte for byte.
 *
 * Not thread-safe: one gv_store per thread. */
#ifndef GV_STORE_H
#define GV_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "core/record.h"

/* PRAGMA application_id of a growthview database: "GVDB" in ASCII. */
#define STORE_APP_ID 0x47564442
/* Schema version (PRAGMA user_version) this binary creates and upgrades to. */
#define STORE_SCHEMA_VERSION 8
/* How long a write waits for another process's lock before STORE_BUSY. */
#define STORE_BUSY_MS 2000
/* "No date" (a patient without visits has no last visit). */
#define STORE_NO_DATE INT32_MIN

typedef struct gv_store gv_store;

typedef enum store_rc {
	STORE_OK = 0,
	STORE_ERROR,    /* SQLite or I/O error */
	STORE_BUSY,     /* another connection held the write lock for longer than STORE_BUSY_MS */
	STORE_NOTFOUND, /* no such patient / measurement / nothing to undo */
	STORE_DUP,      /* an identical measurement (same patient, date, time and values) exists */
	STORE_CONFLICT, /* refused: the row changed since (undo), or a value conflicts */
	STORE_READONLY, /* a write on a store opened read-only */
	STORE_INVALID,  /* a bad argument: empty `who`, unknown sex, date out of range, ... */
	STORE_NOTADB    /* store_open: not a growthview database, or a newer schema */
} store_rc;

/* ------------------------------------------------------------------ open and close */

enum {
	STORE_OPEN_READONLY = 1 << 0, /* SQLITE_OPEN_READONLY + query_only: no write at all */
	STORE_OPEN_NOCREATE = 1 << 1  /* fail with STORE_NOTFOUND when the file does not exist */
};

/* Open (and create or upgrade) the database at path.  A missing file is created with mode 0600
 * (its directory must exist: see config_ensure_dir), unless STORE_OPEN_READONLY or
 * STORE_OPEN_NOCREATE.  An empty (0-byte) file is initialised, after its mode is made 0600 (a
 * file made beforehand by `touch` is 0644; refused with the reason when the mode cannot be set).  An older schema is upgraded in
 * place, one migration per transaction (refused in read-only mode: "needs an upgrade").
 * On success *out is the handle (free with store_close) and STORE_OK is returned; otherwise
 * *out is NULL, err (errsz bytes) holds a message naming the file, and the status is
 * STORE_NOTADB (refused, file untouched), STORE_NOTFOUND, STORE_BUSY or STORE_ERROR. */
store_rc store_open(const char *path, unsigned flags, gv_store **out, char *err, size_t errsz);

/* NULL, or why a store opened with STORE_OPEN_READONLY is read as an unchanging file: a WAL
 * database in a directory this user cannot write (a CD, a read-only mount) cannot get the -shm
 * file SQLite's readers need, so it is opened immutable (no locks: changes made meanwhile by
 * others, and committed changes still in the -wal file, are not seen).  A sentence for the user,
 * static. */
const char *store_readonly_reason(const gv_store *st);

/* Finalise every statement and close.  NULL is a no-op.  An open bulk transaction is rolled back. */
void store_close(gv_store *st);

/* Message of the last failure (static to the handle; "" when none). */
const char *store_errmsg(const gv_store *st);
/* The path given to store_open. */
const char *store_path(const gv_store *st);
/* PRAGMA user_version of the open file (STORE_SCHEMA_VERSION once open). */
int store_schema_version(gv_store *st);
/* Number of patients and measurements (whole store). */
store_rc store_counts(gv_store *st, long *npatients, long *nvisits);

/* ------------------------------------------------------------------ transactions */

/* Group several calls into one transaction (e.g. writing the flag summaries of many patients):
 * store_begin takes the write lock (BEGIN IMMEDIATE: STORE_BUSY after STORE_BUSY_MS); the
 * functions called until store_commit / store_rollback run as savepoints inside it and keep
 * their own all-or-nothing behaviour.  Not to be mixed with store_bulk_begin. */
store_rc store_begin(gv_store *st);
store_rc store_commit(gv_store *st);
void store_rollback(gv_store *st);

/* For one large transaction (a whole file of summaries): on != 0 raises the page cache from
 * SQLite's default 2 MB to 64 MB, as store_bulk_begin does, so that the transaction's pages are
 * not spilled to the WAL and read back while it runs; on == 0 restores the default.  Costs
 * memory only as pages are used.  STORE_OK, or the database's error (the cache unchanged). */
store_rc store_cache_large(gv_store *st, int on);

/* ------------------------------------------------------------------ patients */

/* Patient by internal id / by external id (exact) into *out.  STORE_NOTFOUND when absent. */
store_rc store_patient_get(gv_store *st, int64_t id, gv_patient *out);
store_rc store_patient_find(gv_store *st, const char *ext_id, gv_patient *out);
/* A patient named on a command line: an external id, or "#N" for internal id N.  STORE_NOTFOUND
 * when none matches. */
store_rc store_patient_resolve(gv_store *st, const char *key, gv_patient *out);

/* Free-text notes of a patient into *notes (malloc'd, caller frees; "" when none). */
store_rc store_patient_notes(gv_store *st, int64_t id, char **notes);

/* Add one patient (interactive).  p->sex must be GV_MALE or GV_FEMALE; p->ext_id "" = none (it
 * must otherwise be unique: STORE_CONFLICT).  Sets p->id.  notes may be NULL.  Audited
 * (action "create", not undoable). */
store_rc store_patient_insert(gv_store *st, gv_patient *p, const char *notes, const char *source,
			      const char *who);

/* Change a patient's fields to those of *p (found by p->id): ext_id, name, sex, birth date,
 * gestational age, parents' heights, labels, and notes unless notes is NULL.  Each changed field
 * is audited (undoable).  Nothing changed: STORE_OK and no audit row.  STORE_NOTFOUND,
 * STORE_CONFLICT (external id taken), STORE_INVALID (bad sex). */
store_rc store_patient_update(gv_store *st, const gv_patient *p, const char *notes, const char *who);

/* ------------------------------------------------------------------ patient list (TUI) */

typedef enum store_sort {
	STORE_SORT_NAME,       /* name A-Z (case-insensitive for ASCII), then id */
	STORE_SORT_AGE,        /* youngest first (birth date descending), then id */
	STORE_SORT_LAST_VISIT, /* most recent visit first; patients without visits last */
	STORE_SORT_SEVERITY    /* highest cached flag severity first, then name */
} store_sort;

typedef struct store_filter {
	const char *search; /* substring of name or external id (ASCII case-insensitive); NULL/"" = all */
	int flagged_only;   /* only patients whose cached flag count is > 0 */
} store_filter;

typedef struct store_patient_row {
	int64_t id;
	char ext_id[GV_ID_MAX];
	char name[GV_NAME_MAX];
	gv_sex sex;
	int32_t birth_date;
	int32_t last_visit;       /* STORE_NO_DATE when the patient has no measurement */
	int flag_severity;        /* cached by store_flag_summary_set (0 = none) */
	int flag_count;
	int flag_stale;           /* 1: measurements changed since the summary was written */
} store_patient_row;

/* NULL, or a one-line note (static) when searches scan every patient instead of using the search
 * index: this SQLite lacks FTS5 or its trigram tokenizer, or GROWTHVIEW_NO_FTS5 is set.  The
 * results are the same either way; only the time per search key differs. */
const char *store_search_note(const gv_store *st);

/* Number of patients matching filter f (NULL = all).  A search of 3 characters or more is
 * answered from the search index (an FTS5 trigram index of lowered name and external id, kept
 * by triggers: app/store/search.c); a shorter one by scanning the name index. */
store_rc store_patient_count(gv_store *st, const store_filter *f, long *n);

/* The same count a slice at a time, so that an interface can show the first page of a search at
 * once and count its matches between keys (a search matching most of a million children takes
 * 100-200 ms to count whole).  Start with *c zeroed; each call counts the patients with ids in
 * the next `span` ids (about 1 ms per 10,000 on a 2020 laptop core) into c->n and sets c->done
 * after the last; the first call only looks: a search the index answers exactly and cheaply
 * (few matches) is counted whole there, anything else gets c->last and no rows counted.  The
 * result equals store_patient_count's while the store does not change between the calls (when
 * it does, start again).  Errors as store_patient_count. */
typedef struct store_count {
	int started, done;
	int64_t after; /* ids counted so far: (0, after] */
	int64_t last;  /* the largest id when started */
	long n;        /* matches counted so far */
} store_count;
store_rc store_patient_count_step(gv_store *st, const store_filter *f, store_count *c, long span);

/* Rows [offset, offset+limit) of the list matching f (NULL = all) in the order of sort
 * (reverse != 0 flips it) into rows[0..limit); *nrows gets how many were filled.  Each order is
 * backed by an index, so a page costs O(offset + limit) index steps, not a scan of the table. */
store_rc store_patient_page(gv_store *st, const store_filter *f, store_sort sort, int reverse,
			    long offset, int limit, store_patient_row *rows, int *nrows);

/* ------------------------------------------------------------------ one child */

/* Patient id and all of its measurements, sorted by date then time (no time first) then id.
 * out->v is malloc'd and owned by the caller: free it with store_child_free (out->v is NULL
 * when there are no visits).  STORE_NOTFOUND when there is no such patient. */
store_rc store_child_load(gv_store *st, int64_t patient_id, gv_child *out);
/* Free c->v and zero the visit count; NULL is a no-op. */
void store_child_free(gv_child *c);

/* Provenance of one measurement. */
typedef struct store_visit_info {
	int64_t id, patient_id;
	char source[128];     /* e.g. "csv:clinic.csv", "fhir:bundle.json", "tui" */
	char entered_by[64];
	char created[24];     /* 'YYYY-MM-DDTHH:MM:SSZ' */
	char updated[24];
} store_visit_info;
store_rc store_visit_info_get(gv_store *st, int64_t visit_id, store_visit_info *out);

/* ------------------------------------------------------------------ measurement changes (audited) */

/* Add measurement *v (v->id is set) to patient_id, entered by who (non-empty), with source (NULL
 * = "tui").  v must carry a date and at least one measurement.  STORE_DUP when an identical
 * measurement exists (nothing written).  The insert, the audit rows and the patient's last-visit
 * and flag-stale marks are one transaction. */
store_rc store_visit_insert(gv_store *st, int64_t patient_id, gv_visit *v, const char *source,
			    const char *who);
/* Change the measurement v->id to the values of *v; each changed field is audited.  STORE_OK
 * with no audit row when nothing changed; STORE_DUP when the result would duplicate another
 * measurement; STORE_NOTFOUND. */
store_rc store_visit_update(gv_store *st, const gv_visit *v, const char *who);
/* Delete measurement visit_id; every value is kept in the audit log (so it can be undone). */
store_rc store_visit_delete(gv_store *st, int64_t visit_id, const char *who);

/* Undo the most recent change made by who that is not yet undone: a measurement insert, update
 * or delete, a patient update or a flag acknowledgement.  The undo is itself audited (rows with
 * `undoes` = the change undone), so calling it again undoes the change before.  what (whatsz
 * bytes, may be NULL) gets a one-line description such as "deleted measurement of 2020-03-01";
 * *patient_id (may be NULL) the internal id of the patient whose record it changed (0 when none).
 * STORE_NOTFOUND when there is nothing to undo; STORE_CONFLICT when the row was changed since by
 * someone else (nothing written). */
store_rc store_undo(gv_store *st, const char *who, char *what, size_t whatsz, int64_t *patient_id);

/* 1 when day number d is a date the store keeps (years 1800 to 2199); anything else is a typo. */
int store_date_ok(int32_t d);

/* 1 when the store was opened with STORE_OPEN_READONLY. */
int store_is_readonly(const gv_store *st);

/* The rule set (and its version) the cached flag summaries were computed with, as set by
 * store_flag_rules_set, into tag (n bytes); "" when never set (a database from before the tag, or
 * a new one). */
store_rc store_flag_rules_get(gv_store *st, char *tag, size_t n);
/* Record that flag summaries are from now on computed with the rule set `tag`, and mark every
 * summary stale (they were computed with another one): in one transaction. */
store_rc store_flag_rules_set(gv_store *st, const char *tag);

/* A number that changes when another connection (another growthview, a script) commits a change
 * to the database; this connection's own changes leave it alone (PRAGMA data_version).  Cheap
 * enough to poll every second. */
store_rc store_data_version(gv_store *st, int64_t *version);

/* The interface's write policy.  Its screens commit small transactions at a person's pace (the
 * rating screens one per key); SQLite copies the WAL into the database file (a checkpoint, with
 * its fsyncs) in the commit that takes the WAL past 1,000 pages, so that cost would fall on a
 * keystroke now and then.  store_interactive raises that automatic threshold to
 * STORE_INTERACTIVE_CHECKPOINT_PAGES (a safety net) and the interface calls store_checkpoint when
 * it is idle (a second without keys).  Both are no-ops on a read-only store. */
#define STORE_INTERACTIVE_CHECKPOINT_PAGES 16384
store_rc store_interactive(gv_store *st);
/* A passive checkpoint: what is committed copied into the database file as far as readers allow,
 * without waiting for them (SQLITE_CHECKPOINT_PASSIVE; a busy database is not an error). */
store_rc store_checkpoint(gv_store *st);

/* ------------------------------------------------------------------ flags */

/* Cache the flags engine's result for a patient: highest severity (0 = none; the scale is the
 * flags code's) and count of open flags; clears the stale mark.  Not audited (it is derived). */
store_rc store_flag_summary_set(gv_store *st, int64_t patient_id, int severity, int count);
/* Up to max ids (ascending, > after_id) of patients whose flag summary is stale; *n filled. */
store_rc store_flag_stale_ids(gv_store *st, int64_t after_id, int64_t *ids, size_t max, size_t *n);

/* Acknowledge flag rule (its id) at visit_date (STORE_NO_DATE for a whole-trajectory flag) for
 * a patient, by who, with an optional comment.  Audited (undoable).  *ack_id may be NULL. */
store_rc store_flag_ack(gv_store *st, int64_t patient_id, const char *rule, int32_t visit_date,
			const char *who, const char *comment, int64_t *ack_id);

/* An acknowledgement (core/record.h gv_ack): visit_date STORE_NO_DATE when none, comment freed by
 * store_acks_free. */
typedef gv_ack store_ack;
/* Every acknowledgement of a patient, oldest first, into *acks (malloc'd; free with
 * store_acks_free); *n may be 0 with *acks NULL. */
store_rc store_flag_acks(gv_store *st, int64_t patient_id, store_ack **acks, size_t *n);
void store_acks_free(store_ack *acks, size_t n);

/* ------------------------------------------------------------------ LLM summaries and ratings (reserved) */

/* Store an LLM summary of a patient; *id may be NULL.  Not audited (summaries are never changed). */
store_rc store_summary_add(gv_store *st, int64_t patient_id, const char *backend, const char *model,
			   const char *prompt_id, const char *text, int64_t *id);
/* A summary as stored (app/store_summaries.c).  Summaries are never edited in place (a trigger
 * refuses any UPDATE of a stored row): a correction is a new summary whose `corrects` names the
 * original.  For store_summary_put the caller fills the fields (strings may be NULL = unknown);
 * for store_summary_each they point into the row being read, valid only during the callback. */
typedef struct store_summary {
	int64_t id;                 /* internal id (read; ignored by put) */
	const char *summary_id;     /* external id (1-128 bytes, printable ASCII); put: NULL = a new
				     * "s-" + 16 random hex digits */
	int64_t patient_id;         /* internal patient id */
	const char *patient_ext;    /* read: the patient's external id ("" when none); ignored by put */
	const char *model;          /* the model's config name ("baseline", "demo-variant-1", ...) */
	const char *backend;        /* STORE_BACKEND_*: command, http, baseline, synthetic, imported */
	const char *server_model;   /* what the server said it ran ("model" field) */
	const char *fingerprint;    /* system_fingerprint */
	const char *identity;       /* JSON object: llama.cpp build_info/model_path, Ollama digest/quantization */
	const char *params;         /* JSON object of what was sent (never a key) */
	const char *template_id;    /* prompt template id (core/prompt.h), NULL when not known */
	int template_version;       /* 0 when not known */
	const char *audience;       /* "clinician", "family" or NULL (an import that did not say) */
	const char *prompt_sha256;  /* 64 lower-case hex digits of the prompt's canonical bytes, or NULL */
	const char *created;        /* ISO 8601; put: NULL = now ('YYYY-MM-DDTHH:MM:SSZ', UTC) */
	int64_t duration_ms, prompt_tokens, completion_tokens; /* -1: unknown */
	const char *finish_reason;  /* "stop", "length", ... or NULL */
	int truncated;              /* 1: the server cut the text (finish_reason "length") */
	const char *self_id;        /* read: what names the model or vendor in the text (core/selfid.h),
				     * NULL when nothing does; put computes it from the text */
	const char *planted;        /* JSON array of the mistakes planted (synthetic models) or NULL.
				     * Hidden from raters: only the export and the checker read it */
	const char *corrects;       /* external id of the summary this one corrects, or NULL */
	const char *text;           /* the raw text as the model wrote it (display cleans it) */
	size_t text_len;            /* 1..STORE_SUMMARY_TEXT_MAX bytes, valid UTF-8, no NUL */
} store_summary;

#define STORE_SUMMARY_TEXT_MAX 65536
#define STORE_SUMMARY_ID_MAX 128
#define STORE_BACKEND_COMMAND "command"
#define STORE_BACKEND_HTTP "http"
#define STORE_BACKEND_BASELINE "baseline"
#define STORE_BACKEND_SYNTHETIC "synthetic"
#define STORE_BACKEND_IMPORTED "imported"

/* Every field unknown: strings NULL, numbers -1, truncated and template_version 0. */
void store_summary_init(store_summary *s);

/* Add summary *s.  When s->summary_id is already stored: *added = 0 and STORE_OK if that row has
 * the same patient, model and text (importing a file twice adds nothing), STORE_CONFLICT
 * otherwise.  STORE_INVALID (nothing written) for a missing model/backend/text, a text that is
 * empty, over STORE_SUMMARY_TEXT_MAX, not UTF-8 or holding a NUL, a bad summary_id, backend,
 * audience, prompt_sha256 or JSON; STORE_NOTFOUND for an unknown patient or corrected summary.
 * One statement: atomic on its own, or part of the caller's transaction (store_begin) — a batch
 * of summaries committed together.  *added may be NULL; when sid (sidsz bytes) is not NULL it
 * gets the summary's external id. */
store_rc store_summary_put(gv_store *st, const store_summary *s, int *added, char *sid, size_t sidsz);

/* *done = 1 when patient_id has a summary of model with this template id, version and audience
 * (audience NULL: any), else 0: what `summarize` skips unless --again. */
store_rc store_summary_done(gv_store *st, int64_t patient_id, const char *model, const char *template_id,
			    int template_version, const char *audience, int *done);

/* Call cb(ctx, patient_id) for every patient (flagged != 0: whose cached flag count is > 0), by
 * internal id, that has no summary of model with this template id, version and audience (skip_done
 * = 0: every patient): the work list of `summarize`, in one streaming query.  cb must not write
 * to the store; a non-zero return stops the walk. */
typedef int (*store_id_fn)(void *ctx, int64_t patient_id);
store_rc store_summary_todo(gv_store *st, int flagged, int skip_done, const char *model, const char *template_id,
			    int template_version, const char *audience, store_id_fn cb, void *ctx);

/* Call cb(ctx, s) for every summary of patient_id (0: of every patient), oldest first (by
 * internal id).  Streams: one row in memory at a time; cb must not write to the store.  A
 * non-zero return from cb stops the walk and is returned in *cbret (may be NULL). */
typedef int (*store_summary_fn)(void *ctx, const store_summary *s);
store_rc store_summary_each(gv_store *st, int64_t patient_id, store_summary_fn cb, void *ctx, int *cbret);

/* Number of stored summaries (of patient_id; 0: all). */
store_rc store_summary_count(gv_store *st, int64_t patient_id, long *n);

/* Store a rating of summary_a (alone, summary_b = 0) or of the pair (a, b) by rater: scores is a
 * JSON object text (criterion -> score), comment may be NULL.  Audited.  *id may be NULL.  (The
 * reserved form, table ratings_v2; the rating screen's ratings are the "rating work" below.) */
store_rc store_rating_add(gv_store *st, int64_t summary_a, int64_t summary_b, const char *rater,
			  const char *scores_json, const char *comment, int64_t *id);

/* The next summary after (after_patient, after_id) in the order (patient id, id) — of patient_id
 * only when it is not 0 — given to cb(ctx, s) like store_summary_each (pointers valid during the
 * call); the statement is reset before this returns, so the caller may write to the store between
 * two calls: `check --all` walks every summary this way, one at a time.  Start with 0, 0.
 * STORE_NOTFOUND after the last.  *cbret (may be NULL) gets cb's return. */
store_rc store_summary_next(gv_store *st, int64_t patient_id, int64_t after_patient, int64_t after_id,
			    store_summary_fn cb, void *ctx, int *cbret);
/* The summary with external id sid given to cb(ctx, s) (pointers valid during the call).
 * STORE_NOTFOUND when there is none. */
store_rc store_summary_get(gv_store *st, const char *sid, store_summary_fn cb, void *ctx, int *cbret);

/* ------------------------------------------------------------------ claim checks (app/store/checks.c) */

/* The claim checker's verdicts (core/claims.h) on a summary, stored with the checker's version
 * (CLAIMS_VERSION): one row per summary (table summary_checks: version, time, number of claims,
 * of contradicted claims, omitted flags) and one per claim (table claim_checks: span, quote,
 * type, stated, expected, verdict, indicator, date, reference, note, and a rater's verdict:
 * rater, rater_verdict, rated — the rating screen's to fill). */
struct claims_result;

/* Store the verdicts r (claims_judge of text, the summary's text) on summary (internal id) made by
 * checker version `version`, in one transaction (a savepoint of the caller's).  The claims are
 * keyed by their span and type: a claim stored before (any version) is updated in place and keeps
 * its rater's verdict; the summary's stored claims that r does not have (an older version's) are
 * deleted.  Storing the same verdicts again changes nothing.  On failure nothing is changed (the
 * previous verdicts stay).  STORE_NOTFOUND for an unknown summary, STORE_READONLY,
 * STORE_INVALID for a claim span outside text. */
store_rc store_checks_put(gv_store *st, int64_t summary, int version, const char *text, size_t text_len,
			  const struct claims_result *r);

/* A stored claim check, as store_checks_each gives it (pointers valid during the callback; NULL
 * for SQL NULL). */
typedef struct store_claim_check {
	int64_t id;
	int version;
	size_t start, end;
	const char *quote, *type, *stated, *expected, *verdict, *indicator, *reference, *note;
	int32_t date;              /* STORE_NO_DATE when none */
	const char *rater, *rater_verdict, *rated;
} store_claim_check;
typedef int (*store_claim_check_fn)(void *ctx, const store_claim_check *c);

/* The stored check of summary: *version (0 when never checked), *omitted the JSON array of the
 * omitted flags' names (malloc'd, the caller frees; NULL when never checked); either may be NULL. */
store_rc store_checks_get(gv_store *st, int64_t summary, int *version, char **omitted);
/* cb(ctx, c) for every stored claim check of summary, in text order.  A non-zero return stops the
 * walk and is returned in *cbret (may be NULL).  cb must not write to the store. */
store_rc store_checks_each(gv_store *st, int64_t summary, store_claim_check_fn cb, void *ctx, int *cbret);

/* ------------------------------------------------------------------ statistics (app/store/stats.c) */

/* A model-written summary (not a correction) with its stored claim check, as `growthview stats`
 * reads it (pointers valid during the callback only). */
typedef struct store_stat_summary {
	int64_t id, patient_id;
	const char *model;      /* never NULL */
	const char *audience;   /* NULL when not known */
	long chars;             /* length of the text in characters */
	int checked;            /* 1 when a claim check is stored (the fields below are then set) */
	int version;            /* checker version */
	long claims, contradicted;
	long omitted;           /* flag categories the summary omitted */
} store_stat_summary;
typedef int (*store_stat_summary_fn)(void *ctx, const store_stat_summary *s);

/* cb(ctx, s) for every summary that does not correct another, ordered by patient then id, in one
 * streaming query (one row in memory).  *corrections (may be NULL) gets the number of corrected
 * summaries (left out of the walk).  A non-zero return from cb stops the walk and is returned in
 * *cbret (may be NULL).  cb must not write to the store.  STORE_ERROR with the message set. */
store_rc store_stats_summaries(gv_store *st, store_stat_summary_fn cb, void *ctx, long *corrections, int *cbret);

/* A queue item given to a rater (tables queue_items, ratings and raters of migration 7),
 * as `growthview stats` reads it (pointers valid during the callback only). */
typedef struct store_stat_rating {
	int64_t item;                      /* queue_items.id */
	int64_t queue;
	int64_t rater;                     /* raters.id */
	const char *rater_name, *role;     /* never NULL */
	int64_t left, right;               /* summary ids shown as A and B (their models and lengths:
					    * store_stats_summaries) */
	int swapped, gold;
	unsigned planted;                  /* gold: planted kinds (bits 1u << variants_kind) */
	const char *status;                /* "draft", "submitted", "skipped"; NULL: never opened */
	const char *draft;                 /* the rating's canonical text (core/rating.h); NULL: never opened */
	size_t draft_len;
} store_stat_rating;
typedef int (*store_stat_rating_fn)(void *ctx, const store_stat_rating *r);

/* cb(ctx, r) for every queue item of every queue (opened or not), ordered by item id, in one
 * streaming query.  A non-zero return from cb stops the walk (*cbret, may be NULL).  cb must not
 * write to the store.  *pending and *resolved (may be NULL) get the adjudications' counts.
 * STORE_ERROR with the message set. */
store_rc store_stats_ratings(gv_store *st, store_stat_rating_fn cb, void *ctx, long *pending, long *resolved,
			     int *cbret);

/* ------------------------------------------------------------------ values reported by imported files */

/* An observation kept as reported, not as a measurement: FHIR percentiles (59576-9, 8289-1,
 * 77606-2), a BMI given by the source (39156-5), ... */
typedef struct store_reported {
	int32_t date;
	int time_min;        /* -1 when none */
	char code[24];       /* e.g. "59576-9" (LOINC) */
	double value;
	char unit[24];       /* UCUM code as given, e.g. "%" */
} store_reported;

/* Every reported value of a patient, by date, time, code, into *out (malloc'd, caller frees). */
store_rc store_reported_list(gv_store *st, int64_t patient_id, store_reported **out, size_t *n);

/* ------------------------------------------------------------------ bulk import (one transaction) */

/* Start a bulk transaction (BEGIN IMMEDIATE: STORE_BUSY after STORE_BUSY_MS).  who and source
 * are copied and stamped on every measurement added.  Between begin and commit only the
 * store_bulk_* functions and the read functions may be called.  Per-row audit is replaced by
 * one audit row written by store_bulk_commit. */
store_rc store_bulk_begin(gv_store *st, const char *who, const char *source);
/* Insert patient *p (sets p->id).  STORE_CONFLICT when its external id exists. */
store_rc store_bulk_patient_add(gv_store *st, gv_patient *p, const char *notes);
/* Overwrite the stored patient p->id with every field of *p (the caller merged them). */
store_rc store_bulk_patient_set(gv_store *st, const gv_patient *p);
/* Add one measurement; *added (may be NULL) is 1, or 0 when an identical measurement exists
 * (not an error: re-importing a file adds nothing twice). */
store_rc store_bulk_visit(gv_store *st, int64_t patient_id, const gv_visit *v, int *added);
/* Insert a new patient *p (sets p->id) with its measurements v[0..nv) and the flags engine's
 * summary of them (as store_flag_summary_set): the row is written complete, so the commit has
 * nothing left to update for it (the fast path for a generated cohort; ~2x fewer writes than
 * store_bulk_patient_add + store_bulk_visit).  *added: measurements added (an identical one
 * counts once).  STORE_CONFLICT when the external id exists; STORE_INVALID on a bad field,
 * before anything is written. */
store_rc store_bulk_child_add(gv_store *st, gv_patient *p, const char *notes, const gv_visit *v, size_t nv,
			      int flag_severity, int flag_count, size_t *added);
/* Keep a reported value; *added 0 when the same (patient, date, time, code, value) exists. */
store_rc store_bulk_reported(gv_store *st, int64_t patient_id, const store_reported *r, int *added);
/* The flags engine's summary of patient_id (as store_flag_summary_set), computed from its
 * record as it stands in this transaction: its last visit and summary are written now and the
 * commit leaves its row alone (instead of marking the summary stale for a later refresh).  A
 * measurement added to the patient afterwards in the same transaction makes it stale again. */
store_rc store_bulk_flag_summary(gv_store *st, int64_t patient_id, int severity, int count);
/* Update the last visit / stale marks of every patient touched, keep summary (e.g. "file.csv: 3
 * patients, 20 measurements") in the import's row of table imports and in one audit row (table
 * "imports", action "import", field = source, new value = summary), and commit. */
store_rc store_bulk_commit(gv_store *st, const char *summary);
/* Roll back everything since store_bulk_begin. */
void store_bulk_rollback(gv_store *st);

/* ------------------------------------------------------------------ export */

/* Call cb(ctx, p, v) for every measurement of patient_id (0 = every patient), patients ordered by
 * external id then id (patients without external id last), visits by date, time, id.  A patient
 * without measurements gets one call with v = NULL.  A non-zero return from cb stops the walk
 * and is returned in *cbret (may be NULL).  Streams: constant memory. */
typedef int (*store_visit_fn)(void *ctx, const gv_patient *p, const gv_visit *v);
store_rc store_each_visit(gv_store *st, int64_t patient_id, store_visit_fn cb, void *ctx, int *cbret);

/* The same walk a child at a time: cb(ctx, c) for every patient (patient_id 0) or one, with its
 * visits in c->v[0..c->nv) in the order above (nv 0 for a patient without measurements).  c and
 * its visits belong to the walk and are valid during the call only; one child is in memory at a
 * time.  A non-zero return stops the walk (in *cbret, may be NULL).  Out of memory: STORE_ERROR. */
typedef int (*store_child_fn)(void *ctx, const gv_child *c);
store_rc store_each_child(gv_store *st, int64_t patient_id, store_child_fn cb, void *ctx, int *cbret);

/* The database's pseudonymisation key (32 random bytes made when the file was created, kept in
 * table meta).  Used by export --deidentify to derive stable pseudonymous ids. */
store_rc store_pseudonym_key(gv_store *st, unsigned char key[32]);

/* ------------------------------------------------------------------ rating work (app/store/ratings.c) */

/* The blinded rating of pairs of summaries (issue #13), in tables of migration 7:
 *   raters        name (unique), role, created;
 *   queues        models, seed, options (JSON), created, closed (a closed queue's ratings are final);
 *   queue_raters  the seed of each rater of a queue (core/queue.h draws the rater's order from it);
 *   queue_items   one row per item given to one rater: queue, rater, position in that rater's queue,
 *                 child, the summaries shown on the left (A) and right (B), swapped (1 when the item's
 *                 summary 2 is on the left), gold and the planted kinds expected (gold_expect), and
 *                 overlap_group: the item, the same number for every rater given it;
 *   ratings       one per queue item once opened: status, skip reason, flagged, rubric version, the
 *                 draft (core/rating.h's canonical text, which holds everything: scores, focus, texts),
 *                 active time, updated, submitted;
 *   rating_audit  append-only: one row per change (rating_change_describe's line), who and when;
 *   adjudications an item whose two raters disagree (queue_disagree): the reason, and the adjudicator's
 *                 resolution beside (not instead of) the raters' own ratings.
 * The reserved pairwise table of migration 2 (store_rating_add) is renamed ratings_v2.
 * Every write below is one transaction (a savepoint of the caller's): a failure leaves the store as
 * it was.  Rater, queue and item arguments are internal ids. */
#include "core/queue.h"

typedef enum store_role {
	STORE_ROLE_CLINICIAN,
	STORE_ROLE_ANNOTATOR,
	STORE_ROLE_ADJUDICATOR,
	STORE_NROLES
} store_role;

/* "clinician", "annotator", "adjudicator" ("" for others): static. */
const char *store_role_name(store_role r);
/* Role by exact name; STORE_NROLES when unknown or NULL. */
store_role store_role_parse(const char *s);

#define STORE_RATER_NAME_MAX 64

typedef struct store_rater {
	int64_t id;
	char name[STORE_RATER_NAME_MAX + 1];
	store_role role;
	char created[24];
} store_rater;

/* 1 when name is a valid rater name: 1-64 bytes of UTF-8 without control characters or commas
 * (--raters lists them), not starting or ending with a space.  Else 0 and why (may be NULL) says
 * what is wrong. */
int store_rater_name_ok(const char *name, char *why, size_t whysz);
/* Add a rater.  *out (may be NULL) gets the row.  STORE_DUP when the name is taken (nothing
 * written), STORE_INVALID for a bad name or role, STORE_READONLY. */
store_rc store_rater_add(gv_store *st, const char *name, store_role role, store_rater *out);
/* The rater called name (exact) into *out.  STORE_NOTFOUND when there is none. */
store_rc store_rater_get(gv_store *st, const char *name, store_rater *out);
/* The rater with internal id into *out.  STORE_NOTFOUND when there is none. */
store_rc store_rater_by_id(gv_store *st, int64_t id, store_rater *out);
/* Every rater by name into *out (malloc'd, the caller frees; NULL when *n is 0). */
store_rc store_rater_list(gv_store *st, store_rater **out, size_t *n);

/* The summaries a queue is built from, as core/queue.h's queue_build wants them: of the children
 * chosen (patients[0..npatients) internal ids when npatients > 0; else every child, or only those
 * whose cached flag count is > 0 when flagged), of a model in models[0..nmodels), the baseline, or
 * a demo variant with planted mistakes (the gold candidates).  template_id is "ID/VERSION".  The
 * input owns its strings (store_queue_input_free). */
typedef struct store_queue_input {
	queue_summary *s;
	size_t n;
	char **strs; /* the distinct strings s[] points to */
	size_t nstrs;
} store_queue_input;
store_rc store_queue_summaries(gv_store *st, const char *const *models, size_t nmodels, int flagged,
			       const int64_t *patients, size_t npatients, store_queue_input *out);
void store_queue_input_free(store_queue_input *in);

/* A queue to write: name (NULL: "queue-N" with N its id; 1-64 bytes), the --models as given, the
 * seed, the options as a JSON object, and the raters in the plan's order with their seeds. */
typedef struct store_queue_spec {
	const char *name;
	const char *models;
	uint64_t seed;
	const char *params;
	const int64_t *raters;
	const uint64_t *rater_seeds;
	size_t nraters;
} store_queue_spec;
/* Write queue q with plan p (queue_build's, made with q's raters in the same order) in one
 * transaction: the queue, its raters and one queue item per assignment.  *id (may be NULL) gets
 * the queue's id.  STORE_INVALID (nothing written) for an empty plan, a rater index outside q, bad
 * JSON; STORE_DUP when the name is taken; STORE_NOTFOUND for an unknown rater. */
store_rc store_queue_create(gv_store *st, const store_queue_spec *q, const queue_plan *p, int64_t *id);

typedef struct store_queue {
	int64_t id;
	char name[65];
	char models[256];   /* cut to fit */
	uint64_t seed;
	char params[256];   /* cut to fit */
	char created[24];
	char closed[24];    /* "" while open */
	long items;         /* queue items (assignments) */
} store_queue;
/* The queue named key (its name, or "#N" / "N" for id N) into *out; key NULL or "": the newest
 * queue.  STORE_NOTFOUND when there is none. */
store_rc store_queue_get(gv_store *st, const char *key, store_queue *out);
/* Close queue id: its ratings can no longer change (save, submit, skip and reopen are refused).
 * STORE_CONFLICT when already closed, STORE_NOTFOUND. */
store_rc store_queue_close(gv_store *st, int64_t id);

/* One item of a rater's queue as the rating screen lists it. */
typedef struct store_rate_item {
	int64_t item;          /* queue_items.id */
	int64_t queue;
	int closed;            /* the queue is closed */
	long position;         /* 1-based in the rater's queue */
	int64_t rater;
	int64_t patient;       /* the child's internal id */
	int64_t left, right;   /* summary ids shown as A and B */
	int swapped;           /* 1: the item's summary 2 is on the left (queue_assignment.swapped) */
	int gold;
	unsigned planted;      /* gold: the planted kinds (bits 1u << variants_kind) */
	int64_t group;         /* overlap_group: the same for every rater given the item */
	int started;           /* a rating row exists (the item was opened) */
	rating_status status;  /* RATING_DRAFT when not started */
	int flagged;
	int64_t active_ms;
} store_rate_item;

typedef struct store_rate_progress {
	long total, submitted, skipped, draft; /* draft: started, not submitted nor skipped */
} store_rate_progress;

/* Every item of rater's open queues (queue 0) or of queue only, in order (queue, position), into
 * *out (malloc'd, the caller frees; NULL when *n is 0); p (may be NULL) gets the counts: done =
 * submitted + skipped out of total. */
store_rc store_rater_items(gv_store *st, int64_t rater, int64_t queue, store_rate_item **out, size_t *n,
			   store_rate_progress *p);
/* Where rater resumes in its open queues: the draft it changed last (the draft keeps the focused
 * field), else the first item not submitted nor skipped, else STORE_NOTFOUND (all done). */
store_rc store_rater_next(gv_store *st, int64_t rater, int64_t *item);

/* An item loaded for the screen: the listing's fields and both summaries (A = left, B = right). */
typedef struct store_rate_view {
	store_rate_item it;
	char *text[2];            /* raw texts as stored (clean before display), malloc'd */
	char model[2][129];       /* hidden until submitted: the screen's to respect */
	char summary_id[2][129];
} store_rate_view;
/* Load item for rater into *v (store_rate_view_free) and its rating into *r (rating_free'd first;
 * a fresh draft when never saved).  STORE_NOTFOUND for an item that is not rater's; STORE_CONFLICT
 * when the stored draft is damaged (the message gives rating_parse's reason; *r a fresh draft). */
store_rc store_rating_load(gv_store *st, int64_t rater, int64_t item, store_rate_view *v, rating *r);
void store_rate_view_free(store_rate_view *v);

/* The autosave, after every key: r (the state after the change ch) as item's draft row and, when
 * ch changed a value or the status (RATING_CH_VALUE/STATUS), one rating_audit row with
 * rating_change_describe's line; ch NULL or a focus move only saves.  One small transaction.
 * STORE_CONFLICT when the queue is closed, STORE_NOTFOUND for an item that is not rater's; on any
 * failure the stored draft is the previous one. */
store_rc store_rating_save(gv_store *st, int64_t rater, int64_t item, const rating *r, const rating_change *ch);
/* The status keys: rating_submit / rating_skip (reason) / rating_reopen on r, then saved as
 * store_rating_save.  Submitting also re-examines the item's adjudication: when another rater
 * submitted the same item and queue_disagree finds a reason, the item goes to adjudications
 * (reason updated if already there and unresolved); when they now agree an unresolved entry is
 * removed.  When r's operation is refused (RATING_EINCOMPLETE, ...) nothing is written,
 * STORE_INVALID is returned and the message says why (for submit: the missing fields, as
 * rating_missing names them).  When the write fails r is restored to its state before the call
 * (its undo history is then lost).  STORE_CONFLICT when the queue is closed. */
store_rc store_rating_submit(gv_store *st, int64_t rater, int64_t item, rating *r);
store_rc store_rating_skip(gv_store *st, int64_t rater, int64_t item, rating *r, const char *reason);
store_rc store_rating_reopen(gv_store *st, int64_t rater, int64_t item, rating *r);

/* The audit trail of item's rating, oldest first: cb(ctx, at, rater name, change line) per row.
 * A non-zero return stops the walk. */
typedef int (*store_rating_audit_fn)(void *ctx, const char *at, const char *rater, const char *change);
store_rc store_rating_audit_each(gv_store *st, int64_t item, store_rating_audit_fn cb, void *ctx);

/* The running median's input: the active time of every submitted rating of rater, added to *m
 * (rating_median_init'd by the caller). */
store_rc store_rater_median(gv_store *st, int64_t rater, rating_median *m);

/* The rater's verdict on a stored claim (store_checks_each's c->id): verdict "supported",
 * "contradicted" or "unverifiable" confirms or overrules the checker; NULL clears it.  STORE_NOTFOUND
 * for an unknown claim, STORE_INVALID for another verdict. */
store_rc store_claim_rater_verdict(gv_store *st, int64_t claim, const char *rater, const char *verdict);

/* Per-rater progress of queue (queue status). */
typedef struct store_queue_rater_status {
	int64_t rater;
	char name[STORE_RATER_NAME_MAX + 1];
	store_role role;
	long assigned, submitted, skipped, draft; /* draft: started, not done */
	queue_gold gold;       /* queue_gold_score over the rater's submitted gold items */
	long adjudication;     /* the rater's items waiting for an adjudicator */
} store_queue_rater_status;
/* The raters of queue by name into *out (malloc'd, the caller frees); *pending (may be NULL) the
 * queue's unresolved adjudications.  A stored draft that does not parse is counted but not scored
 * (STORE_OK). */
store_rc store_queue_status(gv_store *st, int64_t queue, store_queue_rater_status **out, size_t *n, long *pending);

/* An item waiting for (or given) adjudication. */
typedef struct store_adjudication {
	int64_t id, queue, group;
	int64_t item1, item2;     /* the two raters' queue items */
	char reason[256];         /* queue_disagree's reasons (cut to fit) */
	char created[24];
	int64_t resolved_by;      /* 0 while pending */
	char resolved[24];
} store_adjudication;
/* The adjudications of queue (0: every queue), pending only when pending_only, oldest first,
 * into *out (malloc'd, the caller frees). */
store_rc store_adjudications(gv_store *st, int64_t queue, int pending_only, store_adjudication **out, size_t *n);
/* Record adjudicator's answer to adjudication id: resolution is a submitted rating in the item's
 * order (summary 1 as A: rating_swap_sides a rating made with a swapped view first), stored as its
 * draft text beside the raters' ratings, and as the adjudicator's draft; one adjudication_audit row
 * ("status: draft -> submitted").  One transaction.  STORE_INVALID when the rater is not an
 * adjudicator or the rating is not submitted, STORE_CONFLICT when already resolved or the queue is
 * closed, STORE_NOTFOUND. */
store_rc store_adjudication_resolve(gv_store *st, int64_t id, int64_t adjudicator, const rating *resolution);

/* The adjudicator's screen (migration 8): an adjudicator's work on an adjudication is a rating of
 * its own in the item's order (summary 1 as A), kept as a draft per adjudicator
 * (adjudication_drafts: saved after every key like a rater's) until it is the resolution; every
 * value and status change is a row of the append-only adjudication_audit (keyed by queue and
 * overlap group, so it outlives an entry dropped when the raters come to agree). */

/* One rater's side of an adjudication. */
typedef struct store_adj_rater {
	int64_t item, rater;
	char name[STORE_RATER_NAME_MAX + 1];
	store_role role;
	int swapped;              /* the rater saw summary 2 on the left */
	int ok;                   /* r holds the rater's stored rating (else why says what is wrong) */
	rating r;                 /* in the item's order (already swapped back): summary 1 is side 0 */
	char status[16];          /* "draft", "submitted", "skipped" ("" when never opened) */
	char why[160];
} store_adj_rater;

/* An adjudication loaded for the screen. */
typedef struct store_adj_view {
	store_adjudication a;
	int closed;               /* the queue is closed */
	int64_t patient;
	int gold;
	unsigned planted;
	int64_t summary[2];       /* summary 1 and summary 2 of the item (internal ids) */
	char *text[2];            /* their raw texts (malloc'd; clean before display) */
	char model[2][129];       /* hidden until resolved: the screen's to respect */
	char summary_id[2][129];
	store_adj_rater by[2];    /* the raters of item1 and item2 */
	char resolver[STORE_RATER_NAME_MAX + 1]; /* who resolved it ("" while pending) */
} store_adj_view;
/* Load adjudication id into *v (store_adj_view_free) and adjudicator's own rating of it into *mine
 * (rating_free'd first): the resolution when resolved (by anyone), else adjudicator's draft, else
 * a fresh draft.  A rater's damaged draft is reported in by[k].why (by[k].ok 0), not an error.
 * STORE_NOTFOUND; STORE_CONFLICT when adjudicator's own stored draft is damaged (the message says
 * why; *mine a fresh draft, *v loaded). */
store_rc store_adjudication_load(gv_store *st, int64_t id, int64_t adjudicator, store_adj_view *v, rating *mine);
void store_adj_view_free(store_adj_view *v);
/* The autosave of adjudicator's work on id: r as the draft, and an adjudication_audit row when ch
 * changed a value (ch NULL or a focus move: the draft only).  r must be a draft.  One small
 * transaction.  STORE_INVALID when the rater is not an adjudicator or r is not a draft,
 * STORE_CONFLICT when resolved or the queue closed, STORE_NOTFOUND. */
store_rc store_adjudication_save(gv_store *st, int64_t id, int64_t adjudicator, const rating *r,
				 const rating_change *ch);
/* Reopen a resolved adjudication (any adjudicator, until the queue is closed): pending again, the
 * resolution becomes adjudicator's draft (*r: it, as a draft), one audit row.  STORE_CONFLICT when
 * pending or the queue is closed, STORE_INVALID for a rater who is not an adjudicator. */
store_rc store_adjudication_reopen(gv_store *st, int64_t id, int64_t adjudicator, rating *r);
/* The audit trail of adjudication id (its queue and group), oldest first: cb as
 * store_rating_audit_each. */
store_rc store_adjudication_audit_each(gv_store *st, int64_t id, store_rating_audit_fn cb, void *ctx);

/* ------------------------------------------------------------------ rated pairs (app/store/rated.c) */

/* A started rating of a queue item with what the benchmark export needs about it, as the walks
 * below give it: pointers into the row, valid during the callback only (NULL for SQL NULL). */
typedef struct store_rated {
	int64_t item, queue, rater, patient, group;
	int64_t queue_seed, rater_seed;  /* the queue's seed; the rater's seed in it (its order and sides) */
	const char *rater_name, *rater_role;
	int64_t position;                /* 1-based in the rater's queue */
	int64_t left, right;             /* summaries shown on the left (A) and right (B): internal ids */
	const char *left_sid, *right_sid;/* ... and their external ids */
	int swapped, gold;
	unsigned gold_expect;            /* planted kinds expected (bits 1u << variants_kind) */
	const char *status;              /* "draft", "submitted", "skipped" */
	const char *draft;               /* core/rating.h's canonical text, draft_len bytes */
	size_t draft_len;
	int64_t active_ms;
	const char *updated, *submitted;
	int64_t adjudication;            /* the item's adjudication (0: none), its reason and creation */
	const char *adj_reason, *adj_created;
	const char *adjudicator_name, *adjudicator_role, *resolved; /* NULL while pending */
	const char *resolution;          /* the adjudicator's rating text (item order), NULL while pending */
	size_t resolution_len;
} store_rated;
typedef int (*store_rated_fn)(void *ctx, const store_rated *r);

/* cb(ctx, r) for every started rating (draft, submitted or skipped), by patient (internal id)
 * then item.  One statement, rows read one at a time (SQLite sorts them; its sorter spills to a
 * temporary file, so memory stays flat).  A non-zero return stops the walk (in *cbret, may be
 * NULL).  cb must not write to the store. */
store_rc store_rated_each(gv_store *st, store_rated_fn cb, void *ctx, int *cbret);
/* The same for the one rating of queue item `item` (no call when it has none). */
store_rc store_rated_get(gv_store *st, int64_t item, store_rated_fn cb, void *ctx, int *cbret);
/* The same as store_rated_each for the ratings whose draft holds a corrected summary only. */
store_rc store_rated_corrections(gv_store *st, store_rated_fn cb, void *ctx, int *cbret);
/* The patients (internal ids) with a started rating, ascending, into *ids (malloc'd, the caller
 * frees it; NULL when none) and *n: every patient store_rated_each gives, perhaps a few more (a
 * rating whose queue, rater or summaries are gone).  STORE_OK, or an error (*ids NULL). */
store_rc store_rated_patients(gv_store *st, int64_t **ids, size_t *n);
/* ------------------------------------------------------------------ ratings between databases (app/store/xfer.c) */

/* What export-ratings, import-ratings and rating-copy (app/ratings_db.h) need beyond the rating
 * work's calls: ratings with their portable keys (queue name, rater name, position, the summaries'
 * external ids; never row ids), an item found by that key, a rating written with the times it
 * carries, and the rows of a rating copy written as they are. */

/* A stored rating as the export walk gives it: pointers valid during the callback only. */
typedef struct store_xrating {
	const char *queue;
	long position;            /* 1-based */
	const char *rater, *role;
	const char *summary[2];   /* external ids of the summaries shown as A (left) and B (right) */
	const char *draft;        /* core/rating.h's canonical text */
	size_t draft_len;
	const char *updated;      /* 'YYYY-MM-DDTHH:MM:SSZ' */
	const char *submitted;    /* NULL unless the status is submitted */
} store_xrating;
typedef int (*store_xrating_fn)(void *ctx, const store_xrating *x);
/* cb(ctx, x) for every rating (of rater's items; 0: everyone's), ordered by queue name, rater name
 * and position, one row at a time (SQLite sorts; memory does not grow with the store).  cb must not
 * write to the store; a non-zero return stops the walk and is returned in *cbret (may be NULL). */
store_rc store_xrating_each(gv_store *st, int64_t rater, store_xrating_fn cb, void *ctx, int *cbret);

/* A queue item found by its portable key, with its stored rating if any. */
typedef struct store_xitem {
	int64_t item, rater, queue;
	int closed;                            /* the queue is closed */
	char role[16];                         /* the rater's */
	char summary[2][STORE_SUMMARY_ID_MAX + 1]; /* external ids, A and B */
	int rated;                             /* a rating row exists: */
	char *draft;                           /*   its text (malloc'd: store_xitem_free) */
	char updated[24], submitted[24];       /*   its times ("" when not submitted) */
} store_xitem;
/* The item at position of rater (by name) in queue (by name) into *out (store_xitem_free it).
 * STORE_NOTFOUND when there is none. */
store_rc store_xitem_find(gv_store *st, const char *queue, const char *rater, long position, store_xitem *out);
void store_xitem_free(store_xitem *x);

/* Write r as the rating of item by rater with the given times (updated; submitted "" or NULL for
 * none), replacing a stored one, and one rating_audit row with change, and re-examine the item's
 * agreement (store_rating_recheck), in one transaction (a savepoint of the caller's).  STORE_CONFLICT (nothing written) when the item is not rater's or its
 * queue is closed; STORE_READONLY; STORE_ERROR. */
store_rc store_xrating_put(gv_store *st, int64_t item, int64_t rater, const rating *r, const char *updated,
			   const char *submitted, const char *change);

/* The agreement of item's overlap group re-examined (app/store/ratings.c, as after a submit: the
 * item goes to adjudication when two submitted ratings of the group disagree per queue_disagree,
 * or leaves it when they now agree), for a rating written by store_xrating_put.  One transaction
 * (a savepoint of the caller's).  STORE_NOTFOUND when the item is not rater's. */
store_rc store_rating_recheck(gv_store *st, int64_t rater, int64_t item);

/* A queue's row for a rating copy: strings malloc'd (store_xqueue_free). */
typedef struct store_xqueue {
	int64_t id;
	char *name, *models, *params;
	int64_t seed;
} store_xqueue;
/* Queue id into *out.  STORE_NOTFOUND. */
store_rc store_xqueue_get(gv_store *st, int64_t id, store_xqueue *out);
void store_xqueue_free(store_xqueue *q);
/* Insert queue q (q->id ignored; created now, open) into st; *id gets the new id. */
store_rc store_xqueue_put(gv_store *st, const store_xqueue *q, int64_t *id);
/* The seed of rater in queue (queue_raters).  STORE_NOTFOUND. */
store_rc store_xqueue_rater_seed(gv_store *st, int64_t queue, int64_t rater, int64_t *seed);
store_rc store_xqueue_rater_put(gv_store *st, int64_t queue, int64_t rater, int64_t seed);
/* Insert a queue item as it is (it->queue, rater, position, patient, left, right, swapped, gold,
 * planted as gold_expect, group; the ids those of st); *id (may be NULL) gets its id. */
store_rc store_xitem_put(gv_store *st, const store_rate_item *it, int64_t *id);

#endif
