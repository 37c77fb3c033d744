/* bulk.c — the bulk import transaction: patients, visits, reported values, flag summaries in one
 * transaction, dirty patients touched at commit (see store.h, store_int.h). */
#include "app/store/store_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/age.h"

/* ------------------------------------------------------------------ bulk */

static store_rc need_bulk(gv_store *st, const char *op)
{
	return st->bulk ? STORE_OK : st_seterr(st, STORE_INVALID, "%s: no bulk transaction open", op);
}

store_rc store_bulk_begin(gv_store *st, const char *who, const char *source)
{
	store_rc r = st_check_write(st, "begin import", who ? who : "");
	if (r != STORE_OK)
		return r;
	if (st->bulk || !sqlite3_get_autocommit(st->db))
		return st_seterr(st, STORE_INVALID, "begin import: a transaction is already open");
	free(st->bulk_who);
	free(st->bulk_source);
	st->bulk_who = strdup(who);
	st->bulk_source = strdup(source ? source : "");
	if (!st->bulk_who || !st->bulk_source)
		return st_seterr(st, STORE_ERROR, "begin import: out of memory");
	st_now_stamp(st->bulk_stamp);
	st->ndirty = 0;
	st->nsummed = 0;
	st->dirty_break = 0;
	/* For the length of the import (restored by bulk_end): a larger page cache, and no second
	 * evaluation of the schema's CHECK constraints.  Every value a store_bulk_* function binds
	 * has passed st_check_patient()/st_check_visit(), which test what those CHECKs test (ranges of
	 * dates and times, positive finite values, position L/H, sex, gestational age, id length),
	 * and SQLite's re-evaluation was a sixth of a bulk import's time (0.9 s of 5.5 s for the
	 * 100,000-child cohort).  NOT NULL, UNIQUE and foreign keys stay enforced, and PRAGMA
	 * integrity_check, which evaluates the CHECKs, is run over bulk-imported files by the
	 * import, synth and crash tests. */
	st_exec(st, "bulk settings", "PRAGMA cache_size = -65536; PRAGMA ignore_check_constraints = ON");
	r = st_run0(st, Q_BEGIN);
	if (r != STORE_OK) {
		st_exec(st, "restore settings", "PRAGMA cache_size = -2000; PRAGMA ignore_check_constraints = OFF");
		return r;
	}
	st->bulk = 1;
	sqlite3_stmt *s = st_q(st, Q_IMP_INSERT);
	if (!s) {
		store_bulk_rollback(st);
		return STORE_ERROR;
	}
	st_bind_text(s, 1, st->bulk_source);
	st_bind_text(s, 2, st->bulk_who);
	st_bind_text(s, 3, st->bulk_stamp);
	r = st_run(st, Q_IMP_INSERT, s);
	st->bulk_import = sqlite3_last_insert_rowid(st->db);
	int64_t hw = 0;
	if (r == STORE_OK)
		r = st_hw_get(st, &hw);
	st->next_mid = hw + 1;
	if (r != STORE_OK)
		store_bulk_rollback(st);
	return r;
}

store_rc store_bulk_patient_add(gv_store *st, gv_patient *p, const char *notes)
{
	store_rc r = need_bulk(st, "import patient");
	if (r == STORE_OK)
		r = st_check_patient(st, p);
	if (r == STORE_OK)
		r = st_patient_insert(st, p, notes, st->bulk_source, st->bulk_stamp);
	return r;
}

store_rc store_bulk_patient_set(gv_store *st, const gv_patient *p)
{
	store_rc r = need_bulk(st, "import patient");
	if (r == STORE_OK)
		r = st_check_patient(st, p);
	if (r != STORE_OK)
		return r;
	sqlite3_stmt *s = st_q(st, Q_P_SET);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, ST_P(s, ":id"), p->id);
	st_bind_patient(s, p);
	st_bind_text(s, ST_P(s, ":updated"), st->bulk_stamp);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_DONE)
		r = STORE_OK;
	else if (rc == SQLITE_CONSTRAINT_UNIQUE)
		r = st_seterr(st, STORE_CONFLICT, "import patient: another patient has id '%s'", p->ext_id);
	else
		r = st_dberr(st, st_qdef[Q_P_SET].op, rc);
	st_done(s);
	return r;
}

static store_rc mark_dirty(gv_store *st, int64_t pid)
{
	if (st->ndirty && !st->dirty_break && st->dirty[st->ndirty - 1] == pid)
		return STORE_OK;
	if (st->ndirty == st->capdirty) {
		size_t cap = st->capdirty ? st->capdirty * 2 : 1024;
		int64_t *d = realloc(st->dirty, cap * sizeof *d);
		if (!d)
			return st_seterr(st, STORE_ERROR, "import: out of memory");
		st->dirty = d;
		st->capdirty = cap;
	}
	st->dirty[st->ndirty++] = pid;
	st->dirty_break = 0;
	return STORE_OK;
}

store_rc store_bulk_flag_summary(gv_store *st, int64_t patient_id, int severity, int count)
{
	store_rc r = need_bulk(st, "write flag summary");
	if (r != STORE_OK)
		return r;
	if (st->nsummed == st->capsummed) {
		size_t cap = st->capsummed ? st->capsummed * 2 : 1024;
		struct summed *d = realloc(st->summed, cap * sizeof *d);
		if (!d)
			return st_seterr(st, STORE_ERROR, "write flag summary: out of memory");
		st->summed = d;
		st->capsummed = cap;
	}
	sqlite3_stmt *s = st_q(st, Q_P_TOUCH_FLAGS);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, patient_id);
	sqlite3_bind_int(s, 2, severity);
	sqlite3_bind_int(s, 3, count);
	if ((r = st_run(st, Q_P_TOUCH_FLAGS, s)) != STORE_OK)
		return r;
	st->summed[st->nsummed++] = (struct summed){patient_id, st->ndirty};
	st->dirty_break = 1;
	return STORE_OK;
}

static int cmp_summed(const void *a, const void *b)
{
	const struct summed *x = a, *y = b;
	if (x->id != y->id)
		return (x->id > y->id) - (x->id < y->id);
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* Drop from the dirty list every entry made before its patient's last store_bulk_flag_summary:
 * that patient's row is up to date.  An entry made after it (a visit added later) stays. */
static void drop_summed(gv_store *st)
{
	if (!st->nsummed)
		return;
	qsort(st->summed, st->nsummed, sizeof *st->summed, cmp_summed);
	size_t keep = 0;
	for (size_t k = 0; k < st->ndirty; k++) {
		int64_t id = st->dirty[k];
		size_t lo = 0, hi = st->nsummed; /* first entry with summed.id > id */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (st->summed[mid].id <= id)
				lo = mid + 1;
			else
				hi = mid;
		}
		int covered = lo > 0 && st->summed[lo - 1].id == id && st->summed[lo - 1].seq > k;
		if (!covered)
			st->dirty[keep++] = id;
	}
	st->ndirty = keep;
}

/* Q_M_INSERT's parameters, by name (indexes looked up once: st_params_of). */
enum { MI_ID, MI_PATIENT_ID, MI_DATE, MI_TIME, MI_WEIGHT, MI_HEIGHT, MI_POSITION, MI_HEAD, MI_MUAC, MI_TRICEPS,
       MI_SUBSCAP, MI_OEDEMA, MI_VKEY, MI_IMPORT_ID, MI_N };
static const char *const m_insert_params[MI_N] = {
	[MI_ID] = ":id", [MI_PATIENT_ID] = ":patient_id", [MI_DATE] = ":date", [MI_TIME] = ":time",
	[MI_WEIGHT] = ":weight_kg", [MI_HEIGHT] = ":height_cm", [MI_POSITION] = ":position", [MI_HEAD] = ":head_cm",
	[MI_MUAC] = ":muac_cm", [MI_TRICEPS] = ":triceps_mm", [MI_SUBSCAP] = ":subscap_mm", [MI_OEDEMA] = ":oedema",
	[MI_VKEY] = ":vkey", [MI_IMPORT_ID] = ":import_id"};

/* Insert v for patient_id unless an identical measurement exists (*added 1 or 0). */
static store_rc visit_add(gv_store *st, int64_t patient_id, const gv_visit *v, int *added)
{
	*added = 0;
	store_rc r;
	int64_t key = st_visit_key(v);
	char date[16]; /* bound SQLITE_STATIC: outlives the step, unbound by st_done() (a copy per row
			* was 2% of a bulk import) */
	age_format_date(v->date, date);
	for (int attempt = 0;; attempt++) {
		sqlite3_stmt *s = st_q(st, Q_M_INSERT);
		if (!s)
			return STORE_ERROR;
		const int *p = st_params_of(&st->m_insert, s, m_insert_params, MI_N);
		sqlite3_bind_int64(s, p[MI_ID], st->next_mid);
		sqlite3_bind_int64(s, p[MI_PATIENT_ID], patient_id);
		sqlite3_bind_text(s, p[MI_DATE], date, 10, SQLITE_STATIC);
		st_bind_time(s, p[MI_TIME], v->time_min);
		st_bind_real(s, p[MI_WEIGHT], v->weight_kg);
		st_bind_real(s, p[MI_HEIGHT], v->height_cm);
		st_bind_pos(s, p[MI_POSITION], v->position);
		st_bind_real(s, p[MI_HEAD], v->head_cm);
		st_bind_real(s, p[MI_MUAC], v->muac_cm);
		st_bind_real(s, p[MI_TRICEPS], v->triceps_mm);
		st_bind_real(s, p[MI_SUBSCAP], v->subscap_mm);
		sqlite3_bind_int(s, p[MI_OEDEMA], v->oedema ? 1 : 0);
		sqlite3_bind_int64(s, p[MI_VKEY], key);
		sqlite3_bind_int64(s, p[MI_IMPORT_ID], st->bulk_import);
		int rc = sqlite3_step(s);
		int n = rc == SQLITE_DONE ? sqlite3_changes(st->db) : 0;
		st_done(s);
		if (rc != SQLITE_DONE)
			return st_dberr(st, st_qdef[Q_M_INSERT].op, rc);
		if (n) {
			st->next_mid++;
			*added = 1;
			return STORE_OK;
		}
		/* The identity key is taken: the same visit (a duplicate), or a hash collision. */
		int same;
		if ((r = st_ident_same(st, patient_id, v, key, &same)) != STORE_OK)
			return r;
		if (same || attempt >= 64)
			return STORE_OK;
		key = (int64_t)(((uint64_t)key + 1) & INT64_MAX);
	}
}

store_rc store_bulk_visit(gv_store *st, int64_t patient_id, const gv_visit *v, int *added)
{
	int a = 0;
	if (added)
		*added = 0;
	store_rc r = need_bulk(st, "import measurement");
	if (r == STORE_OK)
		r = st_check_visit(st, v);
	if (r == STORE_OK)
		r = visit_add(st, patient_id, v, &a);
	if (r == STORE_OK && a) {
		if (added)
			*added = 1;
		r = mark_dirty(st, patient_id);
	}
	return r;
}

store_rc store_bulk_child_add(gv_store *st, gv_patient *p, const char *notes, const gv_visit *v, size_t nv,
			      int flag_severity, int flag_count, size_t *added)
{
	*added = 0;
	store_rc r = need_bulk(st, "import patient");
	if (r == STORE_OK)
		r = st_check_patient(st, p);
	int32_t full[3] = {STORE_NO_DATE, flag_severity, flag_count};
	for (size_t i = 0; i < nv && r == STORE_OK; i++) {
		r = st_check_visit(st, &v[i]);
		if (full[0] == STORE_NO_DATE || v[i].date > full[0])
			full[0] = v[i].date;
	}
	if (r == STORE_OK)
		r = st_patient_row_insert(st, p, notes, st->bulk_source, st->bulk_stamp, full);
	for (size_t i = 0; i < nv && r == STORE_OK; i++) {
		int a;
		r = visit_add(st, p->id, &v[i], &a);
		*added += (size_t)a;
	}
	return r;
}

store_rc store_bulk_reported(gv_store *st, int64_t patient_id, const store_reported *rv, int *added)
{
	if (added)
		*added = 0;
	store_rc r = need_bulk(st, "import reported value");
	if (r != STORE_OK)
		return r;
	if (!store_date_ok(rv->date) || isnan(rv->value) || !rv->code[0])
		return st_seterr(st, STORE_INVALID, "import reported value: date, code or value missing");
	if (rv->time_min < -1 || rv->time_min >= 24 * 60)
		return st_seterr(st, STORE_INVALID, "import reported value: time out of range");
	sqlite3_stmt *s = st_q(st, Q_R_INSERT);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, ST_P(s, ":patient_id"), patient_id);
	st_bind_date(s, ST_P(s, ":date"), rv->date);
	st_bind_time(s, ST_P(s, ":time"), rv->time_min);
	st_bind_text(s, ST_P(s, ":code"), rv->code);
	sqlite3_bind_double(s, ST_P(s, ":value"), rv->value);
	st_bind_text(s, ST_P(s, ":unit"), rv->unit);
	sqlite3_bind_text(s, ST_P(s, ":source"), st->bulk_source, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_DONE) {
		if (added)
			*added = sqlite3_changes(st->db);
	} else {
		r = st_dberr(st, st_qdef[Q_R_INSERT].op, rc);
	}
	st_done(s);
	return r;
}

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static void bulk_end(gv_store *st)
{
	st->bulk = 0;
	st->ndirty = 0;
	st->nsummed = 0;
	st->dirty_break = 0;
	st_exec(st, "restore settings", "PRAGMA cache_size = -2000; PRAGMA ignore_check_constraints = OFF");
}

store_rc store_bulk_commit(gv_store *st, const char *summary)
{
	store_rc r = need_bulk(st, "commit import");
	if (r != STORE_OK)
		return r;
	drop_summed(st);
	if (st->ndirty)
		qsort(st->dirty, st->ndirty, sizeof *st->dirty, cmp_id);
	for (size_t i = 0; r == STORE_OK && i < st->ndirty; i++)
		if (i == 0 || st->dirty[i] != st->dirty[i - 1])
			r = st_touch_patient(st, st->dirty[i]);
	int64_t change = 0;
	if (r == STORE_OK)
		r = st_hw_set(st, st->next_mid - 1);
	if (r == STORE_OK) {
		sqlite3_stmt *s = st_q(st, Q_IMP_SUMMARY);
		if (!s) {
			r = STORE_ERROR;
		} else {
			sqlite3_bind_int64(s, 1, st->bulk_import);
			st_bind_text(s, 2, summary ? summary : "");
			r = st_run(st, Q_IMP_SUMMARY, s);
		}
	}
	if (r == STORE_OK)
		r = st_audit_next(st, &change);
	if (r == STORE_OK) {
		cell c = {SQLITE_NULL, 0, 0, NULL};
		if (!st_cell_set_text(&c, summary ? summary : ""))
			r = st_seterr(st, STORE_ERROR, "commit import: out of memory");
		else
			r = st_audit(st, change, st->bulk_stamp, st->bulk_who, "imports", st->bulk_import, "import",
				  st->bulk_source, NULL, &c, 0);
		st_cells_free(&c, 1);
	}
	if (r == STORE_OK)
		r = st_run0(st, Q_COMMIT);
	if (r != STORE_OK) {
		char keep[sizeof st->err];
		memcpy(keep, st->err, sizeof keep);
		st_run0(st, Q_ROLLBACK);
		memcpy(st->err, keep, sizeof keep);
	}
	bulk_end(st);
	return r;
}

void store_bulk_rollback(gv_store *st)
{
	if (!st->bulk)
		return;
	char keep[sizeof st->err];
	memcpy(keep, st->err, sizeof keep);
	st_run0(st, Q_ROLLBACK);
	memcpy(st->err, keep, sizeof keep);
	bulk_end(st);
}
