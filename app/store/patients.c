/* patients.c — patients: read, insert, update, and the patient list (see store.h, store_int.h). */
#include "app/store/store_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ patients */

static store_rc patient_by(gv_store *st, enum qid q, int64_t id, const char *ext, gv_patient *out)
{
	sqlite3_stmt *s = st_q(st, q);
	if (!s)
		return STORE_ERROR;
	if (ext)
		st_bind_text(s, 1, ext);
	else
		sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	store_rc r = STORE_OK;
	if (rc == SQLITE_ROW) {
		if (!st_read_patient(s, 0, out))
			r = st_seterr(st, STORE_ERROR, "patient %lld: malformed birth date in the database",
				   (long long)sqlite3_column_int64(s, 0));
	} else if (rc == SQLITE_DONE) {
		r = ext ? st_seterr(st, STORE_NOTFOUND, "no patient with id '%s'", ext)
			: st_seterr(st, STORE_NOTFOUND, "no patient #%lld", (long long)id);
	} else {
		r = st_dberr(st, st_qdef[q].op, rc);
	}
	st_done(s);
	return r;
}

store_rc store_patient_get(gv_store *st, int64_t id, gv_patient *out)
{
	return patient_by(st, Q_P_GET, id, NULL, out);
}

store_rc store_patient_find(gv_store *st, const char *ext_id, gv_patient *out)
{
	return patient_by(st, Q_P_FIND, 0, ext_id ? ext_id : "", out);
}

store_rc store_patient_resolve(gv_store *st, const char *key, gv_patient *out)
{
	store_rc r = store_patient_find(st, key, out);
	if (r != STORE_NOTFOUND || key[0] != '#')
		return r;
	char *end;
	long long id = strtoll(key + 1, &end, 10);
	if (end == key + 1 || *end || id <= 0)
		return st_seterr(st, STORE_NOTFOUND, "no patient with id '%s'", key);
	return store_patient_get(st, (int64_t)id, out);
}

store_rc store_patient_notes(gv_store *st, int64_t id, char **notes)
{
	*notes = NULL;
	sqlite3_stmt *s = st_q(st, Q_P_NOTES);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	store_rc r = STORE_OK;
	if (rc == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(s, 0);
		if (!(*notes = strdup(t ? t : "")))
			r = st_seterr(st, STORE_ERROR, "read patient notes: out of memory");
	} else if (rc == SQLITE_DONE) {
		r = st_seterr(st, STORE_NOTFOUND, "no patient #%lld", (long long)id);
	} else {
		r = st_dberr(st, st_qdef[Q_P_NOTES].op, rc);
	}
	st_done(s);
	return r;
}

void st_bind_patient(sqlite3_stmt *s, const gv_patient *p)
{
	st_bind_text_or_null(s, ST_P(s, ":ext_id"), p->ext_id);
	st_bind_text(s, ST_P(s, ":name"), p->name);
	sqlite3_bind_int(s, ST_P(s, ":sex"), (int)p->sex);
	st_bind_date(s, ST_P(s, ":birth_date"), p->birth_date);
	if (p->ga_weeks > 0) {
		sqlite3_bind_int(s, ST_P(s, ":ga_weeks"), p->ga_weeks);
		sqlite3_bind_int(s, ST_P(s, ":ga_days"), p->ga_days);
	}
	st_bind_real(s, ST_P(s, ":mother_height_cm"), p->mother_height_cm);
	st_bind_real(s, ST_P(s, ":father_height_cm"), p->father_height_cm);
	sqlite3_bind_int64(s, ST_P(s, ":labels"), (int64_t)p->labels);
}

/* Insert *p (sets p->id).  With full != NULL the row also gets its last visit and flag summary
 * (full[0] = last visit day or STORE_NO_DATE, full[1] = severity, full[2] = count), not stale. */
store_rc st_patient_row_insert(gv_store *st, gv_patient *p, const char *notes, const char *source,
				   const char *stamp, const int32_t *full)
{
	int q = full ? Q_P_INSERT_FULL : Q_P_INSERT;
	sqlite3_stmt *s = st_q(st, q);
	if (!s)
		return STORE_ERROR;
	if (full) {
		st_bind_date(s, ST_P(s, ":last_visit"), full[0]);
		sqlite3_bind_int(s, ST_P(s, ":flag_severity"), full[1]);
		sqlite3_bind_int(s, ST_P(s, ":flag_count"), full[2]);
	}
	st_bind_patient(s, p);
	st_bind_text(s, ST_P(s, ":notes"), notes ? notes : "");
	st_bind_text(s, ST_P(s, ":source"), source ? source : "");
	st_bind_text(s, ST_P(s, ":created"), stamp);
	st_bind_text(s, ST_P(s, ":updated"), stamp);
	int rc = sqlite3_step(s);
	store_rc r = STORE_OK;
	if (rc == SQLITE_DONE)
		p->id = sqlite3_last_insert_rowid(st->db);
	else if (rc == SQLITE_CONSTRAINT_UNIQUE)
		r = st_seterr(st, STORE_CONFLICT, "insert patient: a patient with id '%s' exists", p->ext_id);
	else
		r = st_dberr(st, st_qdef[q].op, rc);
	st_done(s);
	return r;
}

store_rc st_patient_insert(gv_store *st, gv_patient *p, const char *notes, const char *source,
			       const char *stamp)
{
	return st_patient_row_insert(st, p, notes, source, stamp, NULL);
}

store_rc store_patient_insert(gv_store *st, gv_patient *p, const char *notes, const char *source,
			      const char *who)
{
	store_rc r = st_check_write(st, "insert patient", who ? who : "");
	if (r == STORE_OK)
		r = st_check_patient(st, p);
	if (r != STORE_OK)
		return r;
	char at[24];
	st_now_stamp(at);
	int own;
	if ((r = st_tx_begin(st, &own)) != STORE_OK)
		return r;
	int64_t change = 0;
	r = st_patient_insert(st, p, notes, source ? source : "tui", at);
	if (r == STORE_OK)
		r = st_audit_next(st, &change);
	if (r == STORE_OK) {
		cell c = {SQLITE_TEXT, 0, 0, NULL};
		if (!st_cell_set_text(&c, p->ext_id[0] ? p->ext_id : p->name))
			r = st_seterr(st, STORE_ERROR, "out of memory");
		else
			r = st_audit(st, change, at, who, "patients", p->id, "create", NULL, NULL, &c, 0);
		st_cells_free(&c, 1);
	}
	return st_tx_end(st, own, r);
}

/* Patient row cells (st_pat order) from a patient and notes. */
static int prow_from_patient(cell *row, const gv_patient *p, const char *notes)
{
	int ok = st_cell_set_text(&row[0], p->ext_id[0] ? p->ext_id : NULL);
	ok &= st_cell_set_text(&row[1], p->name);
	st_cell_set_int(&row[2], (int64_t)p->sex);
	ok &= st_cell_set_date(&row[3], p->birth_date);
	if (p->ga_weeks > 0) {
		st_cell_set_int(&row[4], p->ga_weeks);
		st_cell_set_int(&row[5], p->ga_days);
	} else {
		st_cell_set_text(&row[4], NULL);
		st_cell_set_text(&row[5], NULL);
	}
	st_cell_set_real(&row[6], p->mother_height_cm);
	st_cell_set_real(&row[7], p->father_height_cm);
	if (notes)
		ok &= st_cell_set_text(&row[8], notes);
	st_cell_set_int(&row[9], (int64_t)p->labels);
	return ok;
}

store_rc store_patient_update(gv_store *st, const gv_patient *p, const char *notes, const char *who)
{
	store_rc r = st_check_write(st, "update patient", who ? who : "");
	if (r == STORE_OK)
		r = st_check_patient(st, p);
	if (r != STORE_OK)
		return r;
	cell orow[MAXCOL] = {{0}}, nrow[MAXCOL] = {{0}};
	int own, changed = 0;
	if ((r = st_tx_begin(st, &own)) != STORE_OK)
		return r;
	r = st_row_load_copy(st, &st_pat, p->id, orow, nrow, "out of memory");
	if (r == STORE_OK && !prow_from_patient(nrow, p, notes))
		r = st_seterr(st, STORE_ERROR, "out of memory");
	if (r == STORE_OK)
		r = st_update_audited(st, &st_pat, p->id, orow, nrow, who, 0, &changed);
	if (r == STORE_CONFLICT)
		st_seterr(st, STORE_CONFLICT, "update patient: another patient has id '%s'", p->ext_id);
	st_cells_free(orow, MAXCOL);
	st_cells_free(nrow, MAXCOL);
	return st_tx_end(st, own, r);
}

/* ------------------------------------------------------------------ patient list */

static const char *const order_sql[4][2] = {
	[STORE_SORT_NAME] = {" ORDER BY name COLLATE NOCASE, id", " ORDER BY name COLLATE NOCASE DESC, id DESC"},
	[STORE_SORT_AGE] = {" ORDER BY birth_date DESC, id DESC", " ORDER BY birth_date, id"},
	[STORE_SORT_LAST_VISIT] = {" ORDER BY last_visit DESC, id DESC", " ORDER BY last_visit, id"},
	[STORE_SORT_SEVERITY] = {" ORDER BY flag_severity DESC, name COLLATE NOCASE, id",
				 " ORDER BY flag_severity, name COLLATE NOCASE DESC, id DESC"},
};

/* " WHERE ..." for a filter; empty when none.  Constant fragments only.  search: SEARCH_NONE,
 * SEARCH_LIKE (the scan) or SEARCH_FTS (the rows the index finds: search.c). */
static const char *where_sql(int flagged, int search)
{
	static const char *const w[2][NSEARCH] = {
		{"", " WHERE (name LIKE :pat ESCAPE '\\' OR ext_id LIKE :pat ESCAPE '\\')",
		 " WHERE id IN (SELECT rowid FROM patients_search WHERE patients_search MATCH :fq)"},
		{" WHERE flag_count > 0",
		 " WHERE flag_count > 0 AND (name LIKE :pat ESCAPE '\\' OR ext_id LIKE :pat ESCAPE '\\')",
		 " WHERE flag_count > 0 AND id IN (SELECT rowid FROM patients_search WHERE patients_search MATCH :fq)"},
	};
	return w[flagged ? 1 : 0][search];
}

static sqlite3_stmt *list_stmt(gv_store *st, sqlite3_stmt **slot, const char *sql, const char *op)
{
	if (*slot)
		return *slot;
	int rc = sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, slot, NULL);
	if (rc != SQLITE_OK) {
		st_dberr(st, op, rc);
		sqlite3_finalize(*slot);
		*slot = NULL;
	}
	return *slot;
}

/* "%text%" with LIKE's wildcards escaped by '\'; malloc'd. */
static char *like_pattern(const char *text)
{
	size_t n = strlen(text);
	char *p = malloc(2 * n + 3), *w = p;
	if (!p)
		return NULL;
	*w++ = '%';
	for (const char *c = text; *c; c++) {
		if (*c == '%' || *c == '_' || *c == '\\')
			*w++ = '\\';
		*w++ = *c;
	}
	*w++ = '%';
	*w = '\0';
	return p;
}

/* The search kind for search text (NULL: none). */
static int search_kind(const gv_store *st, const char *search)
{
	return !search ? SEARCH_NONE : st_search_indexed(st, search) ? SEARCH_FTS : SEARCH_LIKE;
}

static store_rc bind_filter(gv_store *st, sqlite3_stmt *s, const char *search, int kind, const char *op);

/* What the index says of search text before a count or a page is read: how many of its matches
 * there are, up to K.
 * - Fewer than K: the matches are few; they are exact (search.c), so they are the count, and a
 *   page reads them by id and sorts them: at most K row reads.
 * - K or more: the matches are many, and a page is cheaper read in list order from the order's
 *   index, testing each row with LIKE (the scan, stopping at the page's end): about
 *   (offset + rows) / f rows for a fraction f of patients matching.
 * K = sqrt(24 x number of ids) balances the two for a screen of 24 rows when the matches are
 * spread through the list's order: K row reads at worst on one side, 24 / (K / ids) = K rows
 * at worst on the other (1,000,000 children: K = 4,899).  Matches gathered in the list's order
 * (a first name, sorted by name) make the scan read up to where they are: the cost left (see
 * tests/bench_search.sh). */
typedef struct probe {
	long k; /* the threshold K */
	long m; /* matches found among the first K (m < k: all of them) */
} probe;

static store_rc search_probe(gv_store *st, const char *search, probe *pr)
{
	sqlite3_stmt *s = list_stmt(st, &st->max_id, "SELECT max(id) FROM patients", "search patients");
	if (!s)
		return STORE_ERROR;
	int rc = sqlite3_step(s);
	int64_t ids = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	st_done(s);
	if (rc != SQLITE_ROW)
		return st_dberr(st, "search patients", rc);
	double k = sqrt(24.0 * (double)(ids > 0 ? ids : 1));
	pr->k = k < 32 ? 32 : k > 1 << 14 ? 1 << 14 : (long)k;
	s = list_stmt(st, &st->search_probe,
		      "SELECT count(*) FROM (SELECT rowid FROM patients_search WHERE patients_search MATCH :fq LIMIT :k)",
		      "search patients");
	if (!s)
		return STORE_ERROR;
	store_rc r = bind_filter(st, s, search, SEARCH_FTS, "search patients");
	sqlite3_bind_int64(s, sqlite3_bind_parameter_index(s, ":k"), pr->k);
	if (r == STORE_OK) {
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW)
			pr->m = (long)sqlite3_column_int64(s, 0);
		else
			r = st_dberr(st, "search patients", rc);
	}
	st_done(s);
	return r;
}

static store_rc bind_filter(gv_store *st, sqlite3_stmt *s, const char *search, int kind, const char *op)
{
	if (kind == SEARCH_NONE)
		return STORE_OK;
	char *pat = kind == SEARCH_FTS ? st_search_query(search) : like_pattern(search);
	if (!pat)
		return st_seterr(st, STORE_ERROR, "%s: out of memory", op);
	int i = sqlite3_bind_parameter_index(s, kind == SEARCH_FTS ? ":fq" : ":pat");
	int rc = i ? sqlite3_bind_text(s, i, pat, -1, SQLITE_TRANSIENT) : SQLITE_RANGE;
	free(pat);
	return rc == SQLITE_OK ? STORE_OK : st_seterr(st, STORE_ERROR, "%s: cannot bind search text", op);
}

store_rc store_patient_count(gv_store *st, const store_filter *f, long *n)
{
	const char *search = f && f->search && *f->search ? f->search : NULL;
	int flagged = f && f->flagged_only;
	int kind = search_kind(st, search);
	int fts_count = 0; /* the index's own count, without reading a patient row */
	if (kind == SEARCH_FTS) {
		probe pr;
		store_rc r = search_probe(st, search, &pr);
		if (r != STORE_OK)
			return r;
		if (pr.m < pr.k && !flagged) {
			*n = pr.m;
			return STORE_OK;
		}
		if (pr.m >= pr.k) {
			/* Many: the index's own count (it reads index entries only; at 1,000,000 children
			 * from 0.6 ms for 16,679 matches to 113 ms for all, where the scan takes 150 ms);
			 * with the flagged filter each match would be a row read: the scan. */
			if (!flagged)
				fts_count = 1;
			else
				kind = SEARCH_LIKE;
		}
	}
	char sql[512];
	if (fts_count)
		snprintf(sql, sizeof sql, "SELECT count(*) FROM patients_search WHERE patients_search MATCH :fq");
	else
		snprintf(sql, sizeof sql, "SELECT count(*) FROM patients%s", where_sql(flagged, kind));
	sqlite3_stmt *s = list_stmt(st, &st->count[fts_count ? 2 * NSEARCH : (flagged ? NSEARCH : 0) + kind], sql, "count patients");
	if (!s)
		return STORE_ERROR;
	store_rc r = bind_filter(st, s, search, kind, "count patients");
	if (r == STORE_OK) {
		int rc = sqlite3_step(s);
		if (rc == SQLITE_ROW)
			*n = (long)sqlite3_column_int64(s, 0);
		else
			r = st_dberr(st, "count patients", rc);
	}
	st_done(s);
	return r;
}

store_rc store_patient_count_step(gv_store *st, const store_filter *f, store_count *c, long span)
{
	if (c->done)
		return STORE_OK;
	const char *search = f && f->search && *f->search ? f->search : NULL;
	int flagged = f && f->flagged_only;
	int kind = search_kind(st, search);
	if (!c->started) {
		memset(c, 0, sizeof *c);
		c->started = 1;
		if (kind == SEARCH_FTS && !flagged) {
			probe pr;
			store_rc r = search_probe(st, search, &pr);
			if (r != STORE_OK)
				return r;
			if (pr.m < pr.k) { /* few: the probe's count is exact (see search_probe) */
				c->n = pr.m;
				c->done = 1;
				return STORE_OK;
			}
		}
		sqlite3_stmt *s = list_stmt(st, &st->max_id, "SELECT max(id) FROM patients", "count patients");
		if (!s)
			return STORE_ERROR;
		int rc = sqlite3_step(s);
		c->last = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
		st_done(s);
		if (rc != SQLITE_ROW)
			return st_dberr(st, "count patients", rc);
		c->done = c->last <= 0;
		return STORE_OK;
	}
	/* The index counts its own matches by rowid range without reading a patient; with the
	 * flagged filter each match needs its row: the scan, as store_patient_count does. */
	int fts_count = kind == SEARCH_FTS && !flagged;
	if (kind == SEARCH_FTS && flagged)
		kind = SEARCH_LIKE;
	static const char *const and_sql[NSEARCH] = {
		"", " AND (name LIKE :pat ESCAPE '\\' OR ext_id LIKE :pat ESCAPE '\\')", ""};
	char sql[512];
	if (fts_count)
		snprintf(sql, sizeof sql,
			 "SELECT count(*) FROM patients_search WHERE patients_search MATCH :fq AND rowid > :a AND rowid <= :b");
	else
		snprintf(sql, sizeof sql, "SELECT count(*) FROM patients WHERE id > :a AND id <= :b%s%s",
			 flagged ? " AND flag_count > 0" : "", and_sql[kind]);
	sqlite3_stmt *s = list_stmt(st, &st->count_step[fts_count ? 2 * NSEARCH : (flagged ? NSEARCH : 0) + kind], sql,
				    "count patients");
	if (!s)
		return STORE_ERROR;
	int64_t b = span > 0 && c->after + span < c->last ? c->after + span : c->last;
	store_rc r = bind_filter(st, s, search, fts_count ? SEARCH_FTS : kind, "count patients");
	sqlite3_bind_int64(s, sqlite3_bind_parameter_index(s, ":a"), c->after);
	sqlite3_bind_int64(s, sqlite3_bind_parameter_index(s, ":b"), b);
	if (r == STORE_OK) {
		int rc = sqlite3_step(s);
		if (rc == SQLITE_ROW) {
			c->n += (long)sqlite3_column_int64(s, 0);
			c->after = b;
			c->done = b >= c->last;
		} else {
			r = st_dberr(st, "count patients", rc);
		}
	}
	st_done(s);
	return r;
}

store_rc store_patient_page(gv_store *st, const store_filter *f, store_sort sort, int reverse, long offset,
			    int limit, store_patient_row *rows, int *nrows)
{
	*nrows = 0;
	if ((unsigned)sort > STORE_SORT_SEVERITY || offset < 0 || limit < 0)
		return st_seterr(st, STORE_INVALID, "list patients: bad sort, offset or limit");
	const char *search = f && f->search && *f->search ? f->search : NULL;
	int flagged = f && f->flagged_only;
	int kind = search_kind(st, search);
	if (kind == SEARCH_FTS) {
		/* Many matches: read in list order and test each row (see search_probe). */
		probe pr;
		store_rc r = search_probe(st, search, &pr);
		if (r != STORE_OK)
			return r;
		if (pr.m >= pr.k)
			kind = SEARCH_LIKE;
	}
	int k = (((int)sort * 2 + (reverse ? 1 : 0)) * 2 + (flagged ? 1 : 0)) * NSEARCH + kind;
	char sql[768];
	snprintf(sql, sizeof sql,
		 "SELECT id, ext_id, name, sex, birth_date, last_visit, flag_severity, flag_count, flag_stale"
		 " FROM patients%s%s LIMIT :lim OFFSET :off",
		 where_sql(flagged, kind), order_sql[sort][reverse ? 1 : 0]);
	sqlite3_stmt *s = list_stmt(st, &st->list[k], sql, "list patients");
	if (!s)
		return STORE_ERROR;
	store_rc r = bind_filter(st, s, search, kind, "list patients");
	sqlite3_bind_int(s, sqlite3_bind_parameter_index(s, ":lim"), limit);
	sqlite3_bind_int64(s, sqlite3_bind_parameter_index(s, ":off"), offset);
	while (r == STORE_OK && *nrows < limit) {
		int rc = sqlite3_step(s);
		if (rc == SQLITE_DONE)
			break;
		if (rc != SQLITE_ROW) {
			r = st_dberr(st, "list patients", rc);
			break;
		}
		store_patient_row *w = &rows[*nrows];
		memset(w, 0, sizeof *w);
		w->id = sqlite3_column_int64(s, 0);
		st_col_copy(s, 1, w->ext_id, sizeof w->ext_id);
		st_col_copy(s, 2, w->name, sizeof w->name);
		int sex = sqlite3_column_int(s, 3);
		w->sex = sex == 1 ? GV_MALE : sex == 2 ? GV_FEMALE : GV_SEX_UNKNOWN;
		if (!st_col_date(s, 4, &w->birth_date) || !st_col_date(s, 5, &w->last_visit))
			r = st_seterr(st, STORE_ERROR, "patient #%lld: malformed date in the database", (long long)w->id);
		w->flag_severity = sqlite3_column_int(s, 6);
		w->flag_count = sqlite3_column_int(s, 7);
		w->flag_stale = sqlite3_column_int(s, 8);
		(*nrows)++;
	}
	st_done(s);
	return r;
}
