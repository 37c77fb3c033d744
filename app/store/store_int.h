/* store_int.h — what the store's files (the files of app/store/) share; nothing outside app/store/ includes
 * it.  The public interface is app/store.h.
 *
 * Shape of the code (after Fossil's db.c): every statement lives in the table st_qdef
 * (schema.c), prepared once on first use (SQLITE_PREPARE_PERSISTENT) by st_q(), bound, stepped,
 * and reset after use on every path (st_done); store_close finalises them all.  Errors name the
 * operation ("insert measurement") and carry sqlite3_errmsg (st_dberr).
 *
 * The files: db.c (connection, errors, statements, open and migrate, transactions, meta),
 * schema.c (the migrations and every statement's SQL), values.c (binding, reading, shape checks),
 * audit.c (rows as cells, audited writes, undo), patients.c (patients and the patient list),
 * visits.c (measurements and their identity, one child, reported values, the export walk),
 * flags.c (flag summaries, rule tag, acknowledgements), bulk.c (the import transaction),
 * summaries.c (the reserved summary and rating calls), llmsum.c (LLM summaries as `summarize`,
 * `import-summaries` and the demo store them), search.c (the patient list's search index), checks.c (the
 * claim checker's verdicts), ratings.c (raters, queues, ratings, adjudications). */
#ifndef GV_STORE_INT_H
#define GV_STORE_INT_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "app/store.h"
#include "core/record.h"

/* ------------------------------------------------------------------ statements (schema.c) */

#define MCOLS "patient_id, date, time, weight_kg, height_cm, position, head_cm, muac_cm, triceps_mm, " \
	"subscap_mm, oedema, import_id, source, entered_by, created, updated, vkey"
#define PCOLS "id, ext_id, name, sex, birth_date, ga_weeks, ga_days, mother_height_cm, father_height_cm, labels"
#define VCOLS "id, date, time, weight_kg, height_cm, position, head_cm, muac_cm, triceps_mm, subscap_mm, oedema"

enum qid {
	Q_NONE = -1,
	Q_BEGIN,
	Q_DATA_VERSION,
	Q_COMMIT,
	Q_ROLLBACK,
	Q_SAVEPOINT,
	Q_RELEASE,
	Q_ROLLBACK_TO,
	Q_COUNTS,
	Q_META_GET,
	Q_META_SET,
	Q_P_ALL_STALE,
	Q_P_GET,
	Q_P_FIND,
	Q_P_NOTES,
	Q_P_INSERT,
	Q_P_INSERT_FULL,
	Q_P_SET,
	Q_P_TOUCH,
	Q_P_TOUCH_FLAGS,
	Q_P_FLAGS,
	Q_P_STALE,
	Q_P_ALL,
	Q_P_ROW,
	Q_P_ROW_UPDATE,
	Q_M_LOAD,
	Q_M_LOAD_SORTED,
	Q_M_INFO,
	Q_M_INSERT,
	Q_M_ROW,
	Q_M_ROW_INSERT,
	Q_M_ROW_UPDATE,
	Q_M_DELETE,
	Q_M_IDENT,
	Q_HW_GET,
	Q_HW_SET,
	Q_IMP_INSERT,
	Q_IMP_SUMMARY,
	Q_A_ROW,
	Q_A_ROW_INSERT,
	Q_A_DELETE,
	Q_A_LIST,
	Q_RT_ROW,
	Q_RT_ROW_INSERT,
	Q_RT_DELETE,
	Q_S_INSERT,
	Q_R_INSERT,
	Q_R_LIST,
	Q_AU_NEXT,
	Q_AU_INSERT,
	Q_AU_LAST,
	Q_AU_ROWS,
	Q_COUNT
};

/* The indexes of named parameters of a statement bound once per row of a bulk import, looked up
 * by name once per prepared statement (st_params_of) instead of once per row. */
#define ST_MAXPARAM 20
typedef struct st_params {
	sqlite3_stmt *s; /* the statement idx[] belongs to */
	int idx[ST_MAXPARAM];
} st_params;

/* Patient list statements, built from constant fragments: sort x reverse x flagged x search. */

/* A statement: the operation it names in error messages, its number of parameters (checked when
 * it is prepared) and its SQL. */
struct st_qdef {
	const char *op;
	int nparam;
	const char *sql;
};
extern const struct st_qdef st_qdef[Q_COUNT];

/* Migration i (1-based) takes the file from user_version i-1 to i: SQL and an optional hook (C
 * code for what SQL cannot compute), run in one transaction (db.c migrate). */
struct st_migration {
	const char *sql;
	store_rc (*hook)(gv_store *st);
};
extern const struct st_migration st_migrations[];
extern const int st_nmigrations;

/* ------------------------------------------------------------------ the handle (db.c) */

/* Search kinds of the patient list's statements: none, LIKE scan, the FTS5 index (search.c). */
enum { SEARCH_NONE, SEARCH_LIKE, SEARCH_FTS, NSEARCH };
#define NLIST (4 * 2 * 2 * NSEARCH)

struct gv_store {
	sqlite3 *db;
	char *path;
	int readonly;
	const char *ro_why;    /* read as an unchanging file, and why (store_readonly_reason) */
	sqlite3_stmt *q[Q_COUNT];
	sqlite3_stmt *list[NLIST];
	sqlite3_stmt *count[2 * NSEARCH + 1]; /* flagged x kind, and the index's own count */
	sqlite3_stmt *count_step[2 * NSEARCH + 1]; /* the same over a range of ids (store_patient_count_step) */
	int search_fts;        /* the search index is there and usable (search.c) */
	sqlite3_stmt *search_probe, *max_id;
	/* Bulk transaction. */
	int bulk;
	char *bulk_who, *bulk_source;
	char bulk_stamp[24];
	int64_t bulk_import;   /* imports.id of the bulk transaction */
	int64_t next_mid;      /* next measurement id to hand out in the bulk transaction */
	int64_t *dirty;        /* patients whose measurements changed (unsorted, may repeat) */
	size_t ndirty, capdirty;
	int dirty_break;       /* append the next dirty patient even if it repeats the last one */
	struct summed {        /* store_bulk_flag_summary: patient, and ndirty at that moment */
		int64_t id;
		size_t seq;
	} *summed;
	size_t nsummed, capsummed;
	st_params m_insert;    /* Q_M_INSERT's parameters (bulk.c visit_add) */
	struct store_sum *sum; /* the LLM summaries' statements (llmsum.c), made on first use */
	struct store_chk *chk; /* the claim checks' statements (checks.c), made on first use */
	struct store_rat *rat; /* the rating work's statements (ratings.c), made on first use */
	char err[512];
};

/* Set st->err from fmt and return rc. */
store_rc st_seterr(gv_store *st, store_rc rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Status and message for SQLite result code rc of operation op (busy, read-only, I/O, ...). */
store_rc st_dberr(gv_store *st, const char *op, int rc);
/* The cached statement id, prepared on first use, or NULL (message set). */
sqlite3_stmt *st_q(gv_store *st, enum qid id);
/* Reset a cached statement after use (on every path). */
void st_done(sqlite3_stmt *s);
/* Step statement s (of id) that returns no row; resets it. */
store_rc st_run(gv_store *st, enum qid id, sqlite3_stmt *s);
/* Prepare (cached) and run statement id without parameters. */
store_rc st_run0(gv_store *st, enum qid id);
/* Run constant SQL (pragmas, migrations: no values in it). */
store_rc st_exec(gv_store *st, const char *op, const char *sql);
/* The one integer a statement without parameters returns (Q_HW_GET, Q_AU_NEXT, Q_DATA_VERSION). */
store_rc st_query_int64(gv_store *st, enum qid q, int64_t *out);
/* Start the unit of work of one API call: a transaction of its own, or a savepoint inside the
 * caller's (bulk) transaction; *own says which, for st_tx_end. */
store_rc st_tx_begin(gv_store *st, int *own);
/* Commit on r == STORE_OK, roll back otherwise (keeping the first error message); returns r or
 * the commit's error. */
store_rc st_tx_end(gv_store *st, int own, store_rc r);

/* ------------------------------------------------------------------ values (values.c) */

/* "YYYY-MM-DDTHH:MM:SSZ", now, UTC. */
void st_now_stamp(char out[24]);
/* Parameter i of s: text (NULL binds NULL), text with "" as NULL, a real (NAN binds NULL), a day
 * number as 'YYYY-MM-DD' (STORE_NO_DATE binds NULL), minutes as 'HH:MM' (< 0 binds NULL), a
 * position 'L'/'H' (anything else binds NULL). */
void st_bind_text(sqlite3_stmt *s, int i, const char *v);
void st_bind_text_or_null(sqlite3_stmt *s, int i, const char *v);
void st_bind_real(sqlite3_stmt *s, int i, double v);
void st_bind_date(sqlite3_stmt *s, int i, int32_t d);
void st_bind_time(sqlite3_stmt *s, int i, int min);
void st_bind_pos(sqlite3_stmt *s, int i, char pos);
/* The parameter called name (":name") of s: its index (checked: 0 when s has no such parameter,
 * which binds nothing and fails the statement's CHECKs or NOT NULLs rather than a wrong column). */
#define ST_P(s, name) sqlite3_bind_parameter_index((s), (name))
/* The indexes of parameters names[0..n) (n <= ST_MAXPARAM) of s: c's, looked up again when c
 * was filled for another statement. */
const int *st_params_of(st_params *c, sqlite3_stmt *s, const char *const *names, int n);
/* "HH:MM" of minutes min. */
void st_fmt_time(int min, char b[8]);
/* Column i copied into dst (n bytes, "" for NULL); a date column as a day number (STORE_NO_DATE
 * for NULL; 0 returned when malformed); an 'HH:MM' column in minutes (-1 for NULL or malformed). */
void st_col_copy(sqlite3_stmt *s, int i, char *dst, size_t n);
int st_col_date(sqlite3_stmt *s, int i, int32_t *d);
int st_col_time(sqlite3_stmt *s, int i);
/* A patient from the PCOLS columns / a visit from the VCOLS columns starting at c: 1, or 0 when
 * its date is malformed. */
int st_read_patient(sqlite3_stmt *s, int c, gv_patient *p);
int st_read_visit(sqlite3_stmt *s, int c, gv_visit *v);

/* Reads the current row of s into the zeroed element *elem: 0, or -1 with the reason in why
 * (having freed whatever it allocated for the element). */
typedef int (*row_fn)(sqlite3_stmt *s, void *elem, char *why, size_t whysz);
/* Every row of statement q (its ?1 bound to key) appended to the array *out of *n elements of
 * `size` bytes (malloc'd, grown; start with NULL and 0).  Returns STORE_OK, or the error with the
 * rows read so far left in *out for the caller to free (a row that failed is not counted). */
store_rc st_read_rows(gv_store *st, int q, int64_t key, size_t size, row_fn fn, void **out, size_t *n);

/* The shape checks shared by every path that writes a visit / a patient (message in st->err),
 * and by every write (not read-only; `who`, when given, not empty). */
store_rc st_check_visit(gv_store *st, const gv_visit *v);
store_rc st_check_patient(gv_store *st, const gv_patient *p);
store_rc st_check_write(gv_store *st, const char *op, const char *who);

/* ------------------------------------------------------------------ rows as cells (audit.c) */

/* One column value, owned. */
typedef struct cell {
	int t; /* SQLITE_NULL, SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT */
	int64_t i;
	double d;
	char *s;
} cell;

#define MAXCOL 18

/* A table whose changes are audited and can be undone. */
typedef struct tdesc {
	const char *tbl;     /* as in audit.tbl */
	const char *what;    /* in messages */
	int ncol;
	const char *cols[MAXCOL];
	int stamp;           /* column set to now on update (not audited), -1 */
	int derived;         /* column computed from the others on every write (not audited), -1 */
	enum qid q_row, q_insert, q_update, q_delete;
} tdesc;

/* Column indexes of st_meas. */
enum { MC_PID, MC_DATE, MC_TIME, MC_W, MC_H, MC_POS, MC_HEAD, MC_MUAC, MC_TRI, MC_SUB, MC_OED, MC_IMPORT,
       MC_SOURCE, MC_WHO, MC_CREATED, MC_UPDATED, MC_VKEY, MC_N };

/* The audited tables. */
extern const tdesc st_meas, st_pat, st_ack, st_rating;

/* Cells: free n of them (left NULL); set one to text (NULL: SQL NULL; 0 when out of memory), an
 * integer, a real (NAN: NULL), a date (STORE_NO_DATE: NULL); copy one (0 when out of memory). */
void st_cells_free(cell *c, int n);
int st_cell_set_text(cell *c, const char *t);
void st_cell_set_int(cell *c, int64_t v);
void st_cell_set_real(cell *c, double v);
int st_cell_set_date(cell *c, int32_t d);
int st_cell_copy(cell *dst, const cell *src);

/* Load row id of table td into row[0..ncol).  STORE_NOTFOUND when absent. */
store_rc st_row_load(gv_store *st, const tdesc *td, int64_t id, cell *row);
/* st_row_load into orow, and a copy of it into nrow (to be changed and given to
 * st_update_audited); oom is the message when out of memory. */
store_rc st_row_load_copy(gv_store *st, const tdesc *td, int64_t id, cell *orow, cell *nrow, const char *oom);
/* Run q (insert, update: ?1 = id, ?2.. = the row; delete: ?1 = id).  For a measurement the
 * visit key is computed here; a unique-index conflict is a duplicate when the other row holds the
 * same visit (STORE_DUP), else a hash collision: the next key is tried. */
store_rc st_row_write(gv_store *st, const tdesc *td, enum qid q, int64_t id, cell *row);
/* The number of a new change (a group of audit rows). */
store_rc st_audit_next(gv_store *st, int64_t *change);
/* One audit row (oldv, newv may be NULL; row_id and undoes 0 for none). */
store_rc st_audit(gv_store *st, int64_t change, const char *at, const char *who, const char *tbl,
		  int64_t row_id, const char *action, const char *field, const cell *oldv, const cell *newv,
		  int64_t undoes);
/* Audit a whole row: action "insert" (values as new) or "delete" (values as old), one audit row
 * per non-NULL column. */
store_rc st_audit_row(gv_store *st, const tdesc *td, int64_t change, const char *at, const char *who,
		      int64_t id, const char *action, const cell *row, int64_t undoes);
/* The audited insert: row into table td (id 0: the table numbers it), then its audit rows as one
 * new change (undoes: the change it undoes, or 0).  *out_id (may be NULL) gets the row's id. */
store_rc st_insert_audited(gv_store *st, const tdesc *td, int64_t id, cell *row, const char *at, const char *who,
			   int64_t undoes, int64_t *out_id);
/* The audited delete: row id of td (its values in row, for the log) deleted, then audited as one
 * new change. */
store_rc st_delete_audited(gv_store *st, const tdesc *td, int64_t id, const cell *row, const char *at,
			   const char *who, int64_t undoes);
/* One API call's audited insert of a new row of td: the cells (built by the caller, `ok` 0 when
 * that ran out of memory) inserted and audited in one transaction (after check(), when given, passes
 * inside it); the cells are freed on every path.  op names the call in messages ("insert rating");
 * *id (may be NULL) gets the new row's id. */
store_rc st_add_audited(gv_store *st, const tdesc *td, cell *row, int ok, const char *op, const char *at,
			const char *who, store_rc (*check)(gv_store *st, const cell *row), int64_t *id);
/* Update row id to nrow (old values orow), auditing each changed column.  *changed counts them. */
store_rc st_update_audited(gv_store *st, const tdesc *td, int64_t id, const cell *orow, cell *nrow,
			   const char *who, int64_t undoes, int *changed);

/* ------------------------------------------------------------------ visits (visits.c) */

/* The identity of a visit apart from patient and date: time, the six values, position, oedema. */
int64_t st_visit_key(const gv_visit *v);
/* Is there a visit of pid at v->date with vkey key identical to v?  *same 1/0. */
store_rc st_ident_same(gv_store *st, int64_t pid, const gv_visit *v, int64_t key, int *same);
/* Migration 3's hook: the identity key of every measurement that existed before. */
store_rc st_mig3_visit_keys(gv_store *st);

/* ------------------------------------------------------------------ LLM summaries (llmsum.c) */

/* Migration 4: the summaries table gets everything a summary keeps. */
extern const char st_mig4_summaries[];
/* Finalise the summaries' statements (store_close). */
void st_llmsum_close(gv_store *st);
/* A measurement row's visit (the clinical columns of st_meas cells), and the other way. */
void st_mrow_visit(const cell *row, gv_visit *v);
int st_mrow_from_visit(cell *row, int64_t pid, const gv_visit *v);
/* The highest measurement id ever handed out (meta.measurement_hw), read and raised. */
store_rc st_hw_get(gv_store *st, int64_t *hw);
store_rc st_hw_set(gv_store *st, int64_t hw);
/* Patient pid's last visit recomputed and its flag summary marked stale. */
store_rc st_touch_patient(gv_store *st, int64_t pid);

/* ------------------------------------------------------------------ claim checks (checks.c) */

/* Migration 6: the claim checker's verdicts (summary_checks, claim_checks). */
extern const char st_mig6_checks[];
/* Finalise the claim checks' statements (store_close). */
void st_checks_close(gv_store *st);

/* ------------------------------------------------------------------ rating work (ratings.c) */

/* Migration 7's hook: the tables of the rating work (the reserved ratings table of migration 2
 * renamed ratings_v2). */
store_rc st_mig7_ratings(gv_store *st);
/* Migration 8: the adjudicator's drafts and audit log (ratings.c). */
extern const char st_mig8_adjudication[];
/* Finalise the rating work's statements (store_close). */
void st_ratings_close(gv_store *st);

/* ------------------------------------------------------------------ patients (patients.c) */

/* The parameters :ext_id, :name, :sex, :birth_date, :ga_weeks, :ga_days, :mother_height_cm,
 * :father_height_cm and :labels of s bound to p's (an empty ext_id and no gestational age bind
 * NULL). */
void st_bind_patient(sqlite3_stmt *s, const gv_patient *p);
/* Insert *p (sets p->id).  With full != NULL the row also gets its last visit and flag summary
 * (full[0] = last visit day or STORE_NO_DATE, full[1] = severity, full[2] = count), not stale. */
store_rc st_patient_row_insert(gv_store *st, gv_patient *p, const char *notes, const char *source,
			       const char *stamp, const int32_t *full);
store_rc st_patient_insert(gv_store *st, gv_patient *p, const char *notes, const char *source,
			   const char *stamp);

/* ------------------------------------------------------------------ search index (search.c) */

/* The search index's migration hook: the FTS5 trigram index of name and external id and its
 * triggers, filled from the patients there are; nothing when this SQLite cannot (no FTS5 or no
 * trigram tokenizer, or GROWTHVIEW_NO_FTS5 set). */
store_rc st_search_migrate(gv_store *st);
/* After migration, at open: st->search_fts set when the file has the index and this SQLite can
 * read it; a writable file without it gets it (one transaction) when this SQLite can make it. */
store_rc st_search_open(gv_store *st);
/* 1 when a search for text is answered by the index (there is one, and text has 3 characters or
 * more); 0: by the LIKE scan. */
int st_search_indexed(const gv_store *st, const char *text);
/* The index's query (an FTS5 phrase) for search text; malloc'd, NULL when out of memory. */
char *st_search_query(const char *text);

#endif
