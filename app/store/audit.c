/* audit.c — the audit log: rows as cells, audited writes, undo (see store.h, store_int.h). */
#include "app/store/store_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/age.h"

/* ------------------------------------------------------------------ rows as cells (audit, undo) */

const tdesc st_meas = {
	"measurements", "measurement", MC_N,
	{"patient_id", "date", "time", "weight_kg", "height_cm", "position", "head_cm", "muac_cm",
	 "triceps_mm", "subscap_mm", "oedema", "import_id", "source", "entered_by", "created", "updated", "vkey"},
	MC_UPDATED, MC_VKEY, Q_M_ROW, Q_M_ROW_INSERT, Q_M_ROW_UPDATE, Q_M_DELETE};
const tdesc st_pat = {
	"patients", "patient", 11,
	{"ext_id", "name", "sex", "birth_date", "ga_weeks", "ga_days", "mother_height_cm", "father_height_cm",
	 "notes", "labels", "updated"},
	10, -1, Q_P_ROW, Q_NONE, Q_P_ROW_UPDATE, Q_NONE};
const tdesc st_ack = {
	"flag_acks", "flag acknowledgement", 6,
	{"patient_id", "rule", "visit_date", "who", "at", "comment"},
	-1, -1, Q_A_ROW, Q_A_ROW_INSERT, Q_NONE, Q_A_DELETE};
/* The reserved pairwise ratings of migration 2, in table ratings_v2 since migration 7; their audit
 * rows keep the name they were written with ("ratings"), so old changes can still be undone. */
const tdesc st_rating = {
	"ratings", "rating", 6,
	{"summary_a", "summary_b", "rater", "scores", "comment", "created"},
	-1, -1, Q_RT_ROW, Q_RT_ROW_INSERT, Q_NONE, Q_RT_DELETE};

static const tdesc *const tdescs[] = {&st_meas, &st_pat, &st_ack, &st_rating};

void st_cells_free(cell *c, int n)
{
	for (int i = 0; i < n; i++) {
		free(c[i].s);
		c[i].s = NULL;
		c[i].t = SQLITE_NULL;
	}
}

static int cell_col(sqlite3_stmt *s, int i, cell *c)
{
	free(c->s);
	memset(c, 0, sizeof *c);
	c->t = sqlite3_column_type(s, i);
	switch (c->t) {
	case SQLITE_INTEGER: c->i = sqlite3_column_int64(s, i); break;
	case SQLITE_FLOAT: c->d = sqlite3_column_double(s, i); break;
	case SQLITE_NULL: break;
	default: {
		const char *t = (const char *)sqlite3_column_text(s, i);
		c->t = SQLITE_TEXT;
		c->s = strdup(t ? t : "");
		if (!c->s)
			return 0;
	}
	}
	return 1;
}

static void cell_bind(sqlite3_stmt *s, int i, const cell *c)
{
	switch (c->t) {
	case SQLITE_INTEGER: sqlite3_bind_int64(s, i, c->i); break;
	case SQLITE_FLOAT: sqlite3_bind_double(s, i, c->d); break;
	case SQLITE_TEXT: sqlite3_bind_text(s, i, c->s, -1, SQLITE_TRANSIENT); break;
	default: sqlite3_bind_null(s, i); break;
	}
}

int st_cell_set_text(cell *c, const char *t)
{
	free(c->s);
	memset(c, 0, sizeof *c);
	if (!t) {
		c->t = SQLITE_NULL;
		return 1;
	}
	c->t = SQLITE_TEXT;
	return (c->s = strdup(t)) != NULL;
}

void st_cell_set_int(cell *c, int64_t v)
{
	free(c->s);
	memset(c, 0, sizeof *c);
	c->t = SQLITE_INTEGER;
	c->i = v;
}

void st_cell_set_real(cell *c, double v)
{
	free(c->s);
	memset(c, 0, sizeof *c);
	c->t = isnan(v) ? SQLITE_NULL : SQLITE_FLOAT;
	c->d = v;
}

int st_cell_set_date(cell *c, int32_t d)
{
	char b[16];
	if (d == STORE_NO_DATE)
		return st_cell_set_text(c, NULL);
	age_format_date(d, b);
	return st_cell_set_text(c, b);
}

int st_cell_copy(cell *dst, const cell *src)
{
	if (src->t == SQLITE_TEXT)
		return st_cell_set_text(dst, src->s);
	free(dst->s);
	*dst = *src;
	dst->s = NULL;
	return 1;
}

static int cell_null(const cell *c)
{
	return c->t != SQLITE_INTEGER && c->t != SQLITE_FLOAT && c->t != SQLITE_TEXT;
}

/* Same value (numbers compare numerically: REAL columns may hand back integers). */
static int cell_eq(const cell *a, const cell *b)
{
	if (cell_null(a) || cell_null(b))
		return cell_null(a) && cell_null(b);
	int an = a->t == SQLITE_INTEGER || a->t == SQLITE_FLOAT, bn = b->t == SQLITE_INTEGER || b->t == SQLITE_FLOAT;
	if (an && bn) {
		if (a->t == SQLITE_INTEGER && b->t == SQLITE_INTEGER)
			return a->i == b->i;
		double x = a->t == SQLITE_INTEGER ? (double)a->i : a->d, y = b->t == SQLITE_INTEGER ? (double)b->i : b->d;
		return x == y;
	}
	return a->t == b->t && strcmp(a->s, b->s) == 0;
}

/* Load row id of table td into row[0..ncol).  STORE_NOTFOUND when absent. */
store_rc st_row_load(gv_store *st, const tdesc *td, int64_t id, cell *row)
{
	sqlite3_stmt *s = st_q(st, td->q_row);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	store_rc r = STORE_OK;
	if (rc == SQLITE_ROW) {
		for (int i = 0; i < td->ncol; i++)
			if (!cell_col(s, i, &row[i]))
				r = st_seterr(st, STORE_ERROR, "%s: out of memory", st_qdef[td->q_row].op);
	} else if (rc == SQLITE_DONE) {
		r = st_seterr(st, STORE_NOTFOUND, "no %s with id %lld", td->what, (long long)id);
	} else {
		r = st_dberr(st, st_qdef[td->q_row].op, rc);
	}
	st_done(s);
	return r;
}

store_rc st_row_load_copy(gv_store *st, const tdesc *td, int64_t id, cell *orow, cell *nrow, const char *oom)
{
	store_rc r = st_row_load(st, td, id, orow);
	for (int i = 0; r == STORE_OK && i < td->ncol; i++)
		if (!st_cell_copy(&nrow[i], &orow[i]))
			r = st_seterr(st, STORE_ERROR, "%s", oom);
	return r;
}

/* Run q (insert, update: ?1 = id, ?2.. = the row; delete: ?1 = id).  For a measurement the
 * visit key is computed here; a unique-index conflict is a duplicate when the other row holds the
 * same visit (STORE_DUP), else a hash collision: the next key is tried. */
/* The parameter of s named after column i of td (":" + the column's name); 0 when none. */
static int td_param(sqlite3_stmt *s, const tdesc *td, int i)
{
	char name[40];
	snprintf(name, sizeof name, ":%s", td->cols[i]);
	return ST_P(s, name);
}

store_rc st_row_write(gv_store *st, const tdesc *td, enum qid q, int64_t id, cell *row)
{
	gv_visit v;
	int64_t pid = 0;
	if (row && td->derived >= 0) {
		st_mrow_visit(row, &v);
		pid = row[MC_PID].i;
		st_cell_set_int(&row[td->derived], st_visit_key(&v));
	}
	for (int attempt = 0;; attempt++) {
		sqlite3_stmt *s = st_q(st, q);
		if (!s)
			return STORE_ERROR;
		if (id)
			sqlite3_bind_int64(s, ST_P(s, ":id"), id);
		else
			sqlite3_bind_null(s, ST_P(s, ":id"));
		if (row)
			for (int i = 0; i < td->ncol; i++)
				cell_bind(s, td_param(s, td, i), &row[i]);
		int rc = sqlite3_step(s);
		st_done(s);
		if (rc == SQLITE_DONE)
			return STORE_OK;
		if (rc == SQLITE_CONSTRAINT_UNIQUE && td == &st_meas && row && attempt < 64) {
			int same;
			store_rc r = st_ident_same(st, pid, &v, row[MC_VKEY].i, &same);
			if (r != STORE_OK)
				return r;
			if (same)
				return st_seterr(st, STORE_DUP, "%s: an identical measurement already exists", st_qdef[q].op);
			row[MC_VKEY].i = (int64_t)(((uint64_t)row[MC_VKEY].i + 1) & INT64_MAX);
			continue;
		}
		if (rc == SQLITE_CONSTRAINT_UNIQUE)
			return st_seterr(st, STORE_CONFLICT, "%s: %s", st_qdef[q].op, sqlite3_errmsg(st->db));
		return st_dberr(st, st_qdef[q].op, rc);
	}
}

store_rc st_audit_next(gv_store *st, int64_t *change)
{
	return st_query_int64(st, Q_AU_NEXT, change);
}

store_rc st_audit(gv_store *st, int64_t change, const char *at, const char *who, const char *tbl,
		      int64_t row_id, const char *action, const char *field, const cell *oldv, const cell *newv,
		      int64_t undoes)
{
	sqlite3_stmt *s = st_q(st, Q_AU_INSERT);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, ST_P(s, ":change"), change);
	st_bind_text(s, ST_P(s, ":at"), at);
	st_bind_text(s, ST_P(s, ":who"), who);
	st_bind_text(s, ST_P(s, ":tbl"), tbl);
	if (row_id)
		sqlite3_bind_int64(s, ST_P(s, ":row_id"), row_id);
	st_bind_text(s, ST_P(s, ":action"), action);
	st_bind_text(s, ST_P(s, ":field"), field);
	if (oldv)
		cell_bind(s, ST_P(s, ":old_value"), oldv);
	if (newv)
		cell_bind(s, ST_P(s, ":new_value"), newv);
	if (undoes)
		sqlite3_bind_int64(s, ST_P(s, ":undoes"), undoes);
	return st_run(st, Q_AU_INSERT, s);
}

/* Audit a whole row: action "insert" (values as new) or "delete" (values as old), one audit row
 * per non-NULL column. */
store_rc st_audit_row(gv_store *st, const tdesc *td, int64_t change, const char *at, const char *who,
			  int64_t id, const char *action, const cell *row, int64_t undoes)
{
	int del = strcmp(action, "delete") == 0;
	for (int i = 0; i < td->ncol; i++) {
		if (cell_null(&row[i]) || i == td->derived)
			continue;
		store_rc r = st_audit(st, change, at, who, td->tbl, id, action, td->cols[i], del ? &row[i] : NULL,
				   del ? NULL : &row[i], undoes);
		if (r != STORE_OK)
			return r;
	}
	return STORE_OK;
}

/* Update row id to nrow (old values orow), auditing each changed column.  *changed counts them. */
store_rc st_update_audited(gv_store *st, const tdesc *td, int64_t id, const cell *orow, cell *nrow,
			       const char *who, int64_t undoes, int *changed)
{
	char at[24];
	st_now_stamp(at);
	*changed = 0;
	for (int i = 0; i < td->ncol; i++)
		if (i != td->stamp && i != td->derived && !cell_eq(&orow[i], &nrow[i]))
			(*changed)++;
	if (!*changed)
		return STORE_OK;
	if (td->stamp >= 0 && !st_cell_set_text(&nrow[td->stamp], at))
		return st_seterr(st, STORE_ERROR, "out of memory");
	int64_t change;
	store_rc r = st_audit_next(st, &change);
	if (r == STORE_OK)
		r = st_row_write(st, td, td->q_update, id, nrow);
	for (int i = 0; r == STORE_OK && i < td->ncol; i++)
		if (i != td->stamp && i != td->derived && !cell_eq(&orow[i], &nrow[i]))
			r = st_audit(st, change, at, who, td->tbl, id, "update", td->cols[i], &orow[i], &nrow[i], undoes);
	return r;
}

store_rc st_insert_audited(gv_store *st, const tdesc *td, int64_t id, cell *row, const char *at, const char *who,
			   int64_t undoes, int64_t *out_id)
{
	int64_t change = 0;
	store_rc r = st_row_write(st, td, td->q_insert, id, row);
	if (r == STORE_OK && !id)
		id = sqlite3_last_insert_rowid(st->db);
	if (r == STORE_OK)
		r = st_audit_next(st, &change);
	if (r == STORE_OK)
		r = st_audit_row(st, td, change, at, who, id, "insert", row, undoes);
	if (r == STORE_OK && out_id)
		*out_id = id;
	return r;
}

store_rc st_delete_audited(gv_store *st, const tdesc *td, int64_t id, const cell *row, const char *at,
			   const char *who, int64_t undoes)
{
	int64_t change = 0;
	store_rc r = st_row_write(st, td, td->q_delete, id, NULL);
	if (r == STORE_OK)
		r = st_audit_next(st, &change);
	if (r == STORE_OK)
		r = st_audit_row(st, td, change, at, who, id, "delete", row, undoes);
	return r;
}

store_rc st_add_audited(gv_store *st, const tdesc *td, cell *row, int ok, const char *op, const char *at,
			const char *who, store_rc (*check)(gv_store *st, const cell *row), int64_t *id)
{
	if (!ok) {
		st_cells_free(row, MAXCOL);
		return st_seterr(st, STORE_ERROR, "%s: out of memory", op);
	}
	int own;
	int64_t rid = 0;
	store_rc r = st_tx_begin(st, &own);
	if (r != STORE_OK) {
		st_cells_free(row, MAXCOL);
		return r;
	}
	if (check)
		r = check(st, row);
	if (r == STORE_OK)
		r = st_insert_audited(st, td, 0, row, at, who, 0, &rid);
	st_cells_free(row, MAXCOL);
	r = st_tx_end(st, own, r);
	if (r == STORE_OK && id)
		*id = rid;
	return r;
}

/* ------------------------------------------------------------------ undo */

typedef struct arow {
	char tbl[32];
	int64_t row_id;
	char action[16];
	char field[32];
	cell oldv, newv;
} arow;

static int col_index(const tdesc *td, const char *name)
{
	for (int i = 0; i < td->ncol; i++)
		if (strcmp(td->cols[i], name) == 0)
			return i;
	return -1;
}

static int arow_row(sqlite3_stmt *s, void *elem, char *why, size_t whysz)
{
	arow *a = elem;
	st_col_copy(s, 0, a->tbl, sizeof a->tbl);
	a->row_id = sqlite3_column_int64(s, 1);
	st_col_copy(s, 2, a->action, sizeof a->action);
	st_col_copy(s, 3, a->field, sizeof a->field);
	if (cell_col(s, 4, &a->oldv) && cell_col(s, 5, &a->newv))
		return 0;
	st_cells_free(&a->oldv, 1);
	st_cells_free(&a->newv, 1);
	snprintf(why, whysz, "out of memory");
	return -1;
}

/* The audit rows of change `change` into *rows / *n (the caller frees their cells and the array,
 * also on error). */
static store_rc load_change(gv_store *st, int64_t change, arow **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	return st_read_rows(st, Q_AU_ROWS, change, sizeof **rows, arow_row, (void **)rows, n);
}

static void describe(const tdesc *td, const char *verb, const cell *row, char *what, size_t whatsz)
{
	if (!what || !whatsz)
		return;
	int d = td == &st_meas ? 1 : td == &st_ack ? 2 : -1;
	if (d >= 0 && row[d].t == SQLITE_TEXT)
		snprintf(what, whatsz, "%s %s of %s", verb, td->what, row[d].s);
	else
		snprintf(what, whatsz, "%s %s", verb, td->what);
}

/* Undo change `change` (its audit rows a[0..n)); *patient = the patient whose record it touched
 * (0 for a rating). */
static store_rc undo_change(gv_store *st, int64_t change, const arow *a, size_t n, const char *who, char *what,
			    size_t whatsz, int64_t *patient)
{
	const tdesc *td = NULL;
	for (size_t i = 0; i < sizeof tdescs / sizeof tdescs[0]; i++)
		if (strcmp(tdescs[i]->tbl, a[0].tbl) == 0)
			td = tdescs[i];
	if (!td)
		return st_seterr(st, STORE_CONFLICT, "undo: changes to %s cannot be undone", a[0].tbl);
	int64_t id = a[0].row_id;
	char at[24];
	st_now_stamp(at);
	cell cur[MAXCOL] = {{0}}, nrow[MAXCOL] = {{0}};
	store_rc r = STORE_OK;
	if (strcmp(a[0].action, "delete") == 0) {
		/* Re-insert the row with its id and old values. */
		r = st_row_load(st, td, id, cur);
		if (r == STORE_OK)
			r = st_seterr(st, STORE_CONFLICT, "undo: the %s exists again", td->what);
		else if (r == STORE_NOTFOUND)
			r = STORE_OK;
		for (size_t i = 0; r == STORE_OK && i < n; i++) {
			int c = col_index(td, a[i].field);
			if (c >= 0 && !st_cell_copy(&nrow[c], &a[i].oldv))
				r = st_seterr(st, STORE_ERROR, "undo: out of memory");
		}
		if (r == STORE_OK && td->stamp >= 0 && !st_cell_set_text(&nrow[td->stamp], at))
			r = st_seterr(st, STORE_ERROR, "undo: out of memory");
		if (r == STORE_OK && td->q_insert == Q_NONE)
			r = st_seterr(st, STORE_CONFLICT, "undo: cannot re-create a %s", td->what);
		if (r == STORE_OK)
			r = st_insert_audited(st, td, id, nrow, at, who, change, NULL);
		describe(td, "restored deleted", nrow, what, whatsz);
		if (td == &st_meas || td == &st_ack) /* column 0: patient_id */
			*patient = nrow[0].i;
		if (r == STORE_OK && td == &st_meas)
			r = st_touch_patient(st, nrow[0].i);
	} else {
		r = st_row_load(st, td, id, cur);
		if (r == STORE_NOTFOUND)
			r = st_seterr(st, STORE_CONFLICT, "undo: the %s was deleted since", td->what);
		/* The row must still hold what the change wrote: otherwise someone changed it since. */
		for (size_t i = 0; r == STORE_OK && i < n; i++) {
			int c = col_index(td, a[i].field);
			if (c < 0 || c == td->stamp)
				continue;
			if (!cell_eq(&cur[c], &a[i].newv))
				r = st_seterr(st, STORE_CONFLICT, "undo: the %s was changed since (%s)", td->what, a[i].field);
		}
		if (r == STORE_OK && strcmp(a[0].action, "insert") == 0) {
			if (td->q_delete == Q_NONE)
				r = st_seterr(st, STORE_CONFLICT, "undo: cannot delete a %s", td->what);
			if (r == STORE_OK)
				r = st_delete_audited(st, td, id, cur, at, who, change);
			describe(td, "removed added", cur, what, whatsz);
		} else if (r == STORE_OK) {
			int changed;
			for (int i = 0; r == STORE_OK && i < td->ncol; i++)
				if (!st_cell_copy(&nrow[i], &cur[i]))
					r = st_seterr(st, STORE_ERROR, "undo: out of memory");
			for (size_t i = 0; r == STORE_OK && i < n; i++) {
				int c = col_index(td, a[i].field);
				if (c >= 0 && !st_cell_copy(&nrow[c], &a[i].oldv))
					r = st_seterr(st, STORE_ERROR, "undo: out of memory");
			}
			if (r == STORE_OK)
				r = st_update_audited(st, td, id, cur, nrow, who, change, &changed);
			describe(td, "reverted change to", nrow, what, whatsz);
		}
		if (td == &st_meas || td == &st_ack)
			*patient = cur[0].i;
		else if (td == &st_pat)
			*patient = id;
		if (r == STORE_OK && td == &st_meas)
			r = st_touch_patient(st, cur[0].i);
		if (r == STORE_OK && td == &st_pat)
			r = st_touch_patient(st, id);
	}
	st_cells_free(cur, MAXCOL);
	st_cells_free(nrow, MAXCOL);
	return r;
}

store_rc store_undo(gv_store *st, const char *who, char *what, size_t whatsz, int64_t *patient_id)
{
	int64_t pid = 0;
	if (what && whatsz)
		what[0] = '\0';
	if (patient_id)
		*patient_id = 0;
	store_rc r = st_check_write(st, "undo", who ? who : "");
	if (r != STORE_OK)
		return r;
	int own;
	if ((r = st_tx_begin(st, &own)) != STORE_OK)
		return r;
	int64_t change = 0;
	sqlite3_stmt *s = st_q(st, Q_AU_LAST);
	if (!s) {
		r = STORE_ERROR;
	} else {
		st_bind_text(s, 1, who);
		int rc = sqlite3_step(s);
		if (rc == SQLITE_ROW)
			change = sqlite3_column_int64(s, 0);
		else if (rc == SQLITE_DONE)
			r = st_seterr(st, STORE_NOTFOUND, "undo: nothing to undo for %s", who);
		else
			r = st_dberr(st, st_qdef[Q_AU_LAST].op, rc);
		st_done(s);
	}
	arow *rows = NULL;
	size_t n = 0;
	if (r == STORE_OK)
		r = load_change(st, change, &rows, &n);
	if (r == STORE_OK && n == 0)
		r = st_seterr(st, STORE_NOTFOUND, "undo: change %lld has no rows", (long long)change);
	if (r == STORE_OK)
		r = undo_change(st, change, rows, n, who, what, whatsz, &pid);
	if (r == STORE_OK && patient_id)
		*patient_id = pid;
	for (size_t i = 0; i < n; i++) {
		st_cells_free(&rows[i].oldv, 1);
		st_cells_free(&rows[i].newv, 1);
	}
	free(rows);
	return st_tx_end(st, own, r);
}
