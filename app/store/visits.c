/* visits.c — measurements: visit identity, one child's visits, visit changes, reported values, export walk
 * (see store.h, store_int.h). */
#include "app/store/store_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/age.h"

/* ------------------------------------------------------------------ visit identity */

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= 0x100000001b3ull; /* FNV-1a 64 (Fowler, Noll, Vo) */
	}
	return h;
}

static uint64_t fnv_real(uint64_t h, double x)
{
	uint64_t bits;
	if (isnan(x))
		bits = 0x7ff8dead0000beefull; /* "not measured" */
	else
		memcpy(&bits, &x, sizeof bits);
	return fnv(h, &bits, sizeof bits);
}

/* The identity of a visit apart from patient and date: time, the six values, position, oedema. */
int64_t st_visit_key(const gv_visit *v)
{
	uint64_t h = 0xcbf29ce484222325ull;
	int32_t t = v->time_min < 0 ? -1 : v->time_min;
	h = fnv(h, &t, sizeof t);
	h = fnv_real(h, v->weight_kg);
	h = fnv_real(h, v->height_cm);
	h = fnv_real(h, v->head_cm);
	h = fnv_real(h, v->muac_cm);
	h = fnv_real(h, v->triceps_mm);
	h = fnv_real(h, v->subscap_mm);
	unsigned char po[2] = {(unsigned char)(v->position == 'L' || v->position == 'H' ? v->position : 0),
			       (unsigned char)(v->oedema != 0)};
	h = fnv(h, po, 2);
	return (int64_t)(h >> 1); /* non-negative: easier to read in the sqlite3 shell */
}

static int same_real(double a, double b)
{
	return a == b || (isnan(a) && isnan(b));
}

static int same_visit(const gv_visit *a, const gv_visit *b)
{
	return a->time_min == b->time_min && same_real(a->weight_kg, b->weight_kg) &&
	       same_real(a->height_cm, b->height_cm) && same_real(a->head_cm, b->head_cm) &&
	       same_real(a->muac_cm, b->muac_cm) && same_real(a->triceps_mm, b->triceps_mm) &&
	       same_real(a->subscap_mm, b->subscap_mm) && a->position == b->position &&
	       (a->oedema != 0) == (b->oedema != 0);
}

/* Is there a visit of pid at v->date with vkey key identical to v?  *same 1/0. */
store_rc st_ident_same(gv_store *st, int64_t pid, const gv_visit *v, int64_t key, int *same)
{
	*same = 0;
	sqlite3_stmt *s = st_q(st, Q_M_IDENT);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, pid);
	st_bind_date(s, 2, v->date);
	sqlite3_bind_int64(s, 3, key);
	int rc = sqlite3_step(s);
	store_rc r = STORE_OK;
	if (rc == SQLITE_ROW) {
		gv_visit e;
		if (st_read_visit(s, 0, &e))
			*same = same_visit(&e, v);
	} else if (rc != SQLITE_DONE) {
		r = st_dberr(st, st_qdef[Q_M_IDENT].op, rc);
	}
	st_done(s);
	return r;
}

/* Migration 3's hook: the identity key of every measurement that existed before (the SQL left
 * -id there), in slices of ids so that no row is updated under an open scan. */
store_rc st_mig3_visit_keys(gv_store *st)
{
	enum { SLICE = 4096 };
	static const char *const op = "upgrade schema to version 3";
	struct row {
		int64_t id, pid;
		gv_visit v;
	} *rows = malloc(SLICE * sizeof *rows);
	sqlite3_stmt *sel = NULL, *upd = NULL;
	int rc = sqlite3_prepare_v2(st->db,
				    "SELECT " VCOLS ", patient_id FROM measurements WHERE id > ?1 ORDER BY id LIMIT ?2", -1,
				    &sel, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(st->db, "UPDATE measurements SET vkey = ?2 WHERE id = ?1", -1, &upd, NULL);
	store_rc r = rc == SQLITE_OK ? STORE_OK : st_dberr(st, op, rc);
	if (!rows)
		r = st_seterr(st, STORE_ERROR, "%s: out of memory", op);
	int64_t after = 0;
	while (r == STORE_OK) {
		size_t n = 0;
		sqlite3_bind_int64(sel, 1, after);
		sqlite3_bind_int(sel, 2, SLICE);
		while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
			if (!st_read_visit(sel, 0, &rows[n].v)) {
				r = st_seterr(st, STORE_ERROR, "%s: measurement %lld has a malformed date", op,
					   (long long)sqlite3_column_int64(sel, 0));
				break;
			}
			rows[n].id = rows[n].v.id;
			rows[n].pid = sqlite3_column_int64(sel, 11);
			n++;
		}
		if (r == STORE_OK && rc != SQLITE_DONE)
			r = st_dberr(st, op, rc);
		sqlite3_reset(sel);
		if (r != STORE_OK || n == 0)
			break;
		for (size_t i = 0; r == STORE_OK && i < n; i++) {
			int64_t key = st_visit_key(&rows[i].v);
			for (int attempt = 0;; attempt++) {
				sqlite3_bind_int64(upd, 1, rows[i].id);
				sqlite3_bind_int64(upd, 2, key);
				rc = sqlite3_step(upd);
				sqlite3_reset(upd);
				if (rc == SQLITE_DONE)
					break;
				/* The old identity index kept identical visits out: a conflict is a hash
				 * collision; take the next key. */
				if (rc == SQLITE_CONSTRAINT_UNIQUE && attempt < 64) {
					key = (int64_t)(((uint64_t)key + 1) & INT64_MAX);
					continue;
				}
				r = st_dberr(st, op, rc);
				break;
			}
		}
		after = rows[n - 1].id;
	}
	sqlite3_finalize(sel);
	sqlite3_finalize(upd);
	free(rows);
	return r;
}

/* A measurement row's visit (the clinical columns of st_meas cells). */
void st_mrow_visit(const cell *row, gv_visit *v)
{
	record_visit_init(v);
	if (row[MC_DATE].t == SQLITE_TEXT)
		age_parse_date(row[MC_DATE].s, strlen(row[MC_DATE].s), &v->date);
	if (row[MC_TIME].t == SQLITE_TEXT && strlen(row[MC_TIME].s) == 5) {
		const char *t = row[MC_TIME].s;
		v->time_min = ((t[0] - '0') * 10 + t[1] - '0') * 60 + (t[3] - '0') * 10 + t[4] - '0';
	}
	double *vals[] = {&v->weight_kg, &v->height_cm, NULL, &v->head_cm, &v->muac_cm, &v->triceps_mm, &v->subscap_mm};
	for (int i = 0; i < 7; i++) {
		const cell *c = &row[MC_W + i];
		if (!vals[i] || (c->t != SQLITE_FLOAT && c->t != SQLITE_INTEGER))
			continue;
		*vals[i] = c->t == SQLITE_FLOAT ? c->d : (double)c->i;
	}
	if (row[MC_POS].t == SQLITE_TEXT && (row[MC_POS].s[0] == 'L' || row[MC_POS].s[0] == 'H'))
		v->position = row[MC_POS].s[0];
	v->oedema = row[MC_OED].t == SQLITE_INTEGER && row[MC_OED].i != 0;
}

/* A fresh measurement id (never reused: meta.measurement_hw is the highest ever handed out). */
store_rc st_hw_get(gv_store *st, int64_t *hw)
{
	return st_query_int64(st, Q_HW_GET, hw);
}

store_rc st_hw_set(gv_store *st, int64_t hw)
{
	sqlite3_stmt *s = st_q(st, Q_HW_SET);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, hw);
	return st_run(st, Q_HW_SET, s);
}

/* The clinical columns of measurement row cells (MC_PID..MC_OED) from a visit. */
int st_mrow_from_visit(cell *row, int64_t pid, const gv_visit *v)
{
	char tb[8];
	int ok = 1;
	st_cell_set_int(&row[MC_PID], pid);
	ok &= st_cell_set_date(&row[MC_DATE], v->date);
	if (v->time_min >= 0)
		st_fmt_time(v->time_min, tb);
	ok &= st_cell_set_text(&row[MC_TIME], v->time_min >= 0 ? tb : NULL);
	st_cell_set_real(&row[MC_W], v->weight_kg);
	st_cell_set_real(&row[MC_H], v->height_cm);
	ok &= st_cell_set_text(&row[MC_POS], v->position == 'L' ? "L" : v->position == 'H' ? "H" : NULL);
	st_cell_set_real(&row[MC_HEAD], v->head_cm);
	st_cell_set_real(&row[MC_MUAC], v->muac_cm);
	st_cell_set_real(&row[MC_TRI], v->triceps_mm);
	st_cell_set_real(&row[MC_SUB], v->subscap_mm);
	st_cell_set_int(&row[MC_OED], v->oedema ? 1 : 0);
	return ok;
}

store_rc st_touch_patient(gv_store *st, int64_t pid)
{
	sqlite3_stmt *s = st_q(st, Q_P_TOUCH);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, pid);
	return st_run(st, Q_P_TOUCH, s);
}

/* ------------------------------------------------------------------ one child */

static int visit_row(sqlite3_stmt *s, void *elem, char *why, size_t whysz)
{
	if (st_read_visit(s, 0, elem))
		return 0;
	snprintf(why, whysz, "measurement %lld: malformed date in the database", (long long)sqlite3_column_int64(s, 0));
	return -1;
}

/* The time column as SQLite orders ifnull(time, ''): its bytes, big-endian, zero-padded to 8 (BINARY
 * collation compares bytes, then lengths, and a NUL-free text is greater than its prefixes).  0
 * when the value is neither NULL nor a text of at most 8 bytes without NUL (never written by the
 * store: a CHECK allows HH:MM only). */
static int time_key(sqlite3_stmt *s, int i, uint64_t *key)
{
	*key = 0;
	int type = sqlite3_column_type(s, i);
	if (type == SQLITE_NULL)
		return 1;
	if (type != SQLITE_TEXT)
		return 0;
	const unsigned char *t = sqlite3_column_text(s, i);
	int n = sqlite3_column_bytes(s, i);
	if (!t || n > 8 || memchr(t, '\0', (size_t)n))
		return 0;
	for (int k = 0; k < 8; k++)
		*key = *key << 8 | (k < n ? t[k] : 0u);
	return 1;
}

#define LOAD_FAST_MAX 64

/* The visits of pid by date (Q_M_LOAD, the index's order) with same-day visits by (time, id),
 * sorted here: the order of Q_M_LOAD_SORTED, without SQLite's sorter for every child.  0 with
 * *v and *nv set; 1 when the rows are not for this path (more than LOAD_FAST_MAX, or a time the
 * store never writes); -1 on error (*r and the message set).  *v is freed unless 0. */
static int load_visits_fast(gv_store *st, int64_t pid, gv_visit **v, size_t *nv, store_rc *r)
{
	uint64_t key[LOAD_FAST_MAX];
	sqlite3_stmt *s = st_q(st, Q_M_LOAD);
	if (!s) {
		*r = STORE_ERROR;
		return -1;
	}
	sqlite3_bind_int64(s, 1, pid);
	size_t n = 0;
	int ret = 0;
	for (;;) {
		int rc = sqlite3_step(s);
		if (rc == SQLITE_DONE)
			break;
		if (rc != SQLITE_ROW) {
			*r = st_dberr(st, st_qdef[Q_M_LOAD].op, rc);
			ret = -1;
			break;
		}
		if (n == LOAD_FAST_MAX || !time_key(s, 2, &key[n])) {
			ret = 1;
			break;
		}
		if (!*v && !(*v = malloc(LOAD_FAST_MAX * sizeof **v))) {
			*r = st_seterr(st, STORE_ERROR, "%s: out of memory", st_qdef[Q_M_LOAD].op);
			ret = -1;
			break;
		}
		memset(&(*v)[n], 0, sizeof **v);
		char why[160];
		if (visit_row(s, &(*v)[n], why, sizeof why) != 0) {
			*r = st_seterr(st, STORE_ERROR, "%s: %s", st_qdef[Q_M_LOAD].op, why);
			ret = -1;
			break;
		}
		/* Insertion by (date, time, id): the rows come by date, so only a same-day run moves. */
		gv_visit e = (*v)[n];
		uint64_t k = key[n];
		size_t j = n;
		for (; j > 0; j--) {
			const gv_visit *p = &(*v)[j - 1];
			if (p->date < e.date || (p->date == e.date && (key[j - 1] < k || (key[j - 1] == k && p->id < e.id))))
				break;
			(*v)[j] = *p;
			key[j] = key[j - 1];
		}
		(*v)[j] = e;
		key[j] = k;
		n++;
	}
	st_done(s);
	if (ret != 0) {
		free(*v);
		*v = NULL;
		return ret;
	}
	*nv = n;
	return 0;
}

/* The visits of pid into *v / *nv (malloc'd; NULL and 0 on error). */
static store_rc load_visits(gv_store *st, int64_t pid, gv_visit **v, size_t *nv)
{
	*v = NULL;
	*nv = 0;
	store_rc r = STORE_OK;
	int fast = load_visits_fast(st, pid, v, nv, &r);
	if (fast <= 0)
		return r;
	r = st_read_rows(st, Q_M_LOAD_SORTED, pid, sizeof **v, visit_row, (void **)v, nv);
	if (r != STORE_OK) {
		free(*v);
		*v = NULL;
		*nv = 0;
	}
	return r;
}

store_rc store_child_load(gv_store *st, int64_t patient_id, gv_child *out)
{
	memset(out, 0, sizeof *out);
	store_rc r = store_patient_get(st, patient_id, &out->p);
	if (r == STORE_OK)
		r = load_visits(st, patient_id, &out->v, &out->nv);
	return r;
}

void store_child_free(gv_child *c)
{
	if (!c)
		return;
	free(c->v);
	c->v = NULL;
	c->nv = 0;
}

store_rc store_visit_info_get(gv_store *st, int64_t visit_id, store_visit_info *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *s = st_q(st, Q_M_INFO);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, visit_id);
	int rc = sqlite3_step(s);
	store_rc r = STORE_OK;
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(s, 0);
		out->patient_id = sqlite3_column_int64(s, 1);
		st_col_copy(s, 2, out->source, sizeof out->source);
		st_col_copy(s, 3, out->entered_by, sizeof out->entered_by);
		st_col_copy(s, 4, out->created, sizeof out->created);
		st_col_copy(s, 5, out->updated, sizeof out->updated);
	} else if (rc == SQLITE_DONE) {
		r = st_seterr(st, STORE_NOTFOUND, "no measurement with id %lld", (long long)visit_id);
	} else {
		r = st_dberr(st, st_qdef[Q_M_INFO].op, rc);
	}
	st_done(s);
	return r;
}

/* ------------------------------------------------------------------ measurement changes */

/* The patient exists and v's date is not before the birth. */
static store_rc check_visit_patient(gv_store *st, int64_t pid, const gv_visit *v)
{
	gv_patient p;
	store_rc r = store_patient_get(st, pid, &p);
	if (r != STORE_OK)
		return r;
	if (v->date < p.birth_date)
		return st_seterr(st, STORE_INVALID, "measurement: date before the birth date");
	return STORE_OK;
}

store_rc store_visit_insert(gv_store *st, int64_t patient_id, gv_visit *v, const char *source, const char *who)
{
	store_rc r = st_check_write(st, "insert measurement", who ? who : "");
	if (r == STORE_OK)
		r = st_check_visit(st, v);
	if (r != STORE_OK)
		return r;
	char at[24];
	st_now_stamp(at);
	cell row[MAXCOL] = {{0}};
	int own;
	if ((r = st_tx_begin(st, &own)) != STORE_OK)
		return r;
	int64_t hw = 0;
	r = check_visit_patient(st, patient_id, v);
	if (r == STORE_OK && (!st_mrow_from_visit(row, patient_id, v) || !st_cell_set_text(&row[MC_SOURCE], source ? source : "tui") ||
			      !st_cell_set_text(&row[MC_WHO], who) || !st_cell_set_text(&row[MC_CREATED], at) ||
			      !st_cell_set_text(&row[MC_UPDATED], at)))
		r = st_seterr(st, STORE_ERROR, "insert measurement: out of memory");
	if (r == STORE_OK)
		r = st_hw_get(st, &hw);
	if (r == STORE_OK)
		r = st_insert_audited(st, &st_meas, hw + 1, row, at, who, 0, NULL);
	if (r == STORE_OK)
		r = st_hw_set(st, hw + 1);
	if (r == STORE_OK)
		v->id = hw + 1;
	if (r == STORE_OK)
		r = st_touch_patient(st, patient_id);
	st_cells_free(row, MAXCOL);
	return st_tx_end(st, own, r);
}

store_rc store_visit_update(gv_store *st, const gv_visit *v, const char *who)
{
	store_rc r = st_check_write(st, "update measurement", who ? who : "");
	if (r == STORE_OK)
		r = st_check_visit(st, v);
	if (r != STORE_OK)
		return r;
	cell orow[MAXCOL] = {{0}}, nrow[MAXCOL] = {{0}};
	int own, changed = 0;
	if ((r = st_tx_begin(st, &own)) != STORE_OK)
		return r;
	r = st_row_load_copy(st, &st_meas, v->id, orow, nrow, "update measurement: out of memory");
	int64_t pid = orow[MC_PID].i;
	if (r == STORE_OK)
		r = check_visit_patient(st, pid, v);
	if (r == STORE_OK && !st_mrow_from_visit(nrow, pid, v))
		r = st_seterr(st, STORE_ERROR, "update measurement: out of memory");
	if (r == STORE_OK)
		r = st_update_audited(st, &st_meas, v->id, orow, nrow, who, 0, &changed);
	if (r == STORE_OK && changed)
		r = st_touch_patient(st, pid);
	st_cells_free(orow, MAXCOL);
	st_cells_free(nrow, MAXCOL);
	return st_tx_end(st, own, r);
}

store_rc store_visit_delete(gv_store *st, int64_t visit_id, const char *who)
{
	store_rc r = st_check_write(st, "delete measurement", who ? who : "");
	if (r != STORE_OK)
		return r;
	char at[24];
	st_now_stamp(at);
	cell row[MAXCOL] = {{0}};
	int own;
	if ((r = st_tx_begin(st, &own)) != STORE_OK)
		return r;
	r = st_row_load(st, &st_meas, visit_id, row);
	if (r == STORE_OK)
		r = st_delete_audited(st, &st_meas, visit_id, row, at, who, 0);
	if (r == STORE_OK)
		r = st_touch_patient(st, row[0].i);
	st_cells_free(row, MAXCOL);
	return st_tx_end(st, own, r);
}

/* ------------------------------------------------------------------ reported values */

static int reported_row(sqlite3_stmt *s, void *elem, char *why, size_t whysz)
{
	store_reported *w = elem;
	if (!st_col_date(s, 0, &w->date)) {
		snprintf(why, whysz, "malformed date in the database");
		return -1;
	}
	w->time_min = st_col_time(s, 1);
	st_col_copy(s, 2, w->code, sizeof w->code);
	w->value = sqlite3_column_double(s, 3);
	st_col_copy(s, 4, w->unit, sizeof w->unit);
	return 0;
}

store_rc store_reported_list(gv_store *st, int64_t patient_id, store_reported **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	store_rc r = st_read_rows(st, Q_R_LIST, patient_id, sizeof **out, reported_row, (void **)out, n);
	if (r != STORE_OK) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return r;
}

/* ------------------------------------------------------------------ export */

static store_rc each_patient(gv_store *st, const gv_patient *p, store_visit_fn cb, void *ctx, int *cbret)
{
	gv_visit *v = NULL;
	size_t nv = 0;
	store_rc r = load_visits(st, p->id, &v, &nv);
	if (r != STORE_OK)
		return r;
	int ret = 0;
	if (nv == 0)
		ret = cb(ctx, p, NULL);
	for (size_t i = 0; !ret && i < nv; i++)
		ret = cb(ctx, p, &v[i]);
	free(v);
	if (cbret)
		*cbret = ret;
	return STORE_OK;
}

/* store_each_child's walk: the child being gathered, flushed when the patient changes. */
typedef struct child_walk {
	gv_child cur;
	size_t cap;
	store_child_fn cb;
	void *ctx;
	int oom;
} child_walk;

static int walk_visit(void *ctx, const gv_patient *p, const gv_visit *v)
{
	child_walk *w = ctx;
	if (w->cur.p.id != p->id) {
		if (w->cur.p.id) {
			int ret = w->cb(w->ctx, &w->cur);
			if (ret)
				return ret;
		}
		w->cur.p = *p;
		w->cur.nv = 0;
	}
	if (v) {
		if (w->cur.nv == w->cap) {
			size_t cap = w->cap ? 2 * w->cap : 64;
			gv_visit *nv = realloc(w->cur.v, cap * sizeof *nv);
			if (!nv) {
				w->oom = 1;
				return -1;
			}
			w->cur.v = nv;
			w->cap = cap;
		}
		w->cur.v[w->cur.nv++] = *v;
	}
	return 0;
}

store_rc store_each_child(gv_store *st, int64_t patient_id, store_child_fn cb, void *ctx, int *cbret)
{
	child_walk w;
	memset(&w, 0, sizeof w);
	w.cb = cb;
	w.ctx = ctx;
	int ret = 0;
	store_rc r = store_each_visit(st, patient_id, walk_visit, &w, &ret);
	if (r == STORE_OK && w.oom)
		r = st_seterr(st, STORE_ERROR, "read the children: out of memory");
	else if (r == STORE_OK && !ret && w.cur.p.id)
		ret = cb(ctx, &w.cur); /* the last child */
	free(w.cur.v);
	if (cbret)
		*cbret = w.oom ? 0 : ret;
	return r;
}

store_rc store_each_visit(gv_store *st, int64_t patient_id, store_visit_fn cb, void *ctx, int *cbret)
{
	if (cbret)
		*cbret = 0;
	gv_patient p;
	if (patient_id) {
		store_rc r = store_patient_get(st, patient_id, &p);
		return r == STORE_OK ? each_patient(st, &p, cb, ctx, cbret) : r;
	}
	sqlite3_stmt *s = st_q(st, Q_P_ALL);
	if (!s)
		return STORE_ERROR;
	store_rc r = STORE_OK;
	int ret = 0;
	while (r == STORE_OK && !ret) {
		int rc = sqlite3_step(s);
		if (rc == SQLITE_DONE)
			break;
		if (rc != SQLITE_ROW) {
			r = st_dberr(st, st_qdef[Q_P_ALL].op, rc);
			break;
		}
		if (!st_read_patient(s, 0, &p)) {
			r = st_seterr(st, STORE_ERROR, "patient %lld: malformed birth date in the database", (long long)p.id);
			break;
		}
		r = each_patient(st, &p, cb, ctx, &ret);
	}
	st_done(s);
	if (cbret)
		*cbret = ret;
	return r;
}
