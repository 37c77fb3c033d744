/* values.c — values: binding parameters and reading columns, rows read into arrays, the shape checks every write
 * passes (see store_int.h). */
#include "app/store/store_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/age.h"
#include "core/limits.h"
#include "core/text.h"

/* ------------------------------------------------------------------ values */

/* Dates this store accepts (years 1800-2199): anything else is a typo or an uninitialised day. */
int store_date_ok(int32_t d)
{
	return d >= age_days_from_civil(1800, 1, 1) && d < age_days_from_civil(2200, 1, 1);
}

void st_now_stamp(char out[24])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void st_bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

/* Empty string -> NULL (external ids, optional text). */
void st_bind_text_or_null(sqlite3_stmt *s, int i, const char *v)
{
	st_bind_text(s, i, v && *v ? v : NULL);
}

void st_bind_real(sqlite3_stmt *s, int i, double v)
{
	if (isnan(v))
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_double(s, i, v);
}

void st_bind_date(sqlite3_stmt *s, int i, int32_t d)
{
	char b[16];
	if (d == STORE_NO_DATE) {
		sqlite3_bind_null(s, i);
		return;
	}
	age_format_date(d, b);
	sqlite3_bind_text(s, i, b, 10, SQLITE_TRANSIENT);
}

const int *st_params_of(st_params *c, sqlite3_stmt *s, const char *const *names, int n)
{
	if (c->s != s) {
		for (int i = 0; i < n && i < ST_MAXPARAM; i++)
			c->idx[i] = ST_P(s, names[i]);
		c->s = s;
	}
	return c->idx;
}

void st_fmt_time(int min, char b[8])
{
	snprintf(b, 8, "%02d:%02d", min / 60 % 100, min % 60);
}

void st_bind_time(sqlite3_stmt *s, int i, int min)
{
	char b[8];
	if (min < 0) {
		sqlite3_bind_null(s, i);
		return;
	}
	st_fmt_time(min, b);
	sqlite3_bind_text(s, i, b, 5, SQLITE_TRANSIENT);
}

void st_bind_pos(sqlite3_stmt *s, int i, char pos)
{
	if (pos == 'L' || pos == 'H')
		sqlite3_bind_text(s, i, pos == 'L' ? "L" : "H", 1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, i);
}

static double col_real(sqlite3_stmt *s, int i)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL ? NAN : sqlite3_column_double(s, i);
}

/* Room for one more element in the array *arr of *n elements (capacity *cap, doubling from
 * 16); 0 when out of memory (the array is left as it was). */
static int grow(void **arr, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return 1;
	size_t ncap = *cap ? *cap * 2 : 16;
	void *p = realloc(*arr, ncap * size);
	if (!p)
		return 0;
	*arr = p;
	*cap = ncap;
	return 1;
}

/* Reads the current row of s into the zeroed element *elem: 0, or -1 with the reason in why
 * (having freed whatever it allocated for the element). */
typedef int (*row_fn)(sqlite3_stmt *s, void *elem, char *why, size_t whysz);

/* Every row of statement q (its ?1 bound to key) appended to the array *out of *n elements of
 * `size` bytes (malloc'd, grown; start with NULL and 0).  Returns STORE_OK, or the error with the
 * rows read so far left in *out for the caller to free (a row that failed is not counted). */
store_rc st_read_rows(gv_store *st, int q, int64_t key, size_t size, row_fn fn, void **out, size_t *n)
{
	sqlite3_stmt *s = st_q(st, q);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, key);
	size_t cap = 0;
	store_rc r = STORE_OK;
	for (;;) {
		int rc = sqlite3_step(s);
		if (rc == SQLITE_DONE)
			break;
		if (rc != SQLITE_ROW) {
			r = st_dberr(st, st_qdef[q].op, rc);
			break;
		}
		if (!grow(out, *n, &cap, size)) {
			r = st_seterr(st, STORE_ERROR, "%s: out of memory", st_qdef[q].op);
			break;
		}
		void *e = (char *)*out + *n * size;
		memset(e, 0, size);
		char why[160];
		if (fn(s, e, why, sizeof why) != 0) {
			r = st_seterr(st, STORE_ERROR, "%s: %s", st_qdef[q].op, why);
			break;
		}
		(*n)++;
	}
	st_done(s);
	return r;
}

void st_col_copy(sqlite3_stmt *s, int i, char *dst, size_t n)
{
	const char *t = (const char *)sqlite3_column_text(s, i);
	snprintf(dst, n, "%s", t ? t : "");
}

/* Day number of a date column; STORE_NO_DATE when NULL.  Returns 0 on a malformed value. */
int st_col_date(sqlite3_stmt *s, int i, int32_t *d)
{
	const char *t = (const char *)sqlite3_column_text(s, i);
	if (!t) {
		*d = STORE_NO_DATE;
		return 1;
	}
	return age_parse_date(t, strlen(t), d) == GV_OK;
}

/* Minutes of an 'HH:MM' column; -1 when NULL or malformed. */
int st_col_time(sqlite3_stmt *s, int i)
{
	const char *t = (const char *)sqlite3_column_text(s, i);
	if (!t || strlen(t) != 5 || t[2] != ':')
		return -1;
	int h = (t[0] - '0') * 10 + (t[1] - '0'), m = (t[3] - '0') * 10 + (t[4] - '0');
	return h >= 0 && h < 24 && m >= 0 && m < 60 ? h * 60 + m : -1;
}

/* Patient from the PCOLS columns starting at c. */
int st_read_patient(sqlite3_stmt *s, int c, gv_patient *p)
{
	record_patient_init(p);
	p->id = sqlite3_column_int64(s, c);
	st_col_copy(s, c + 1, p->ext_id, sizeof p->ext_id);
	st_col_copy(s, c + 2, p->name, sizeof p->name);
	int sex = sqlite3_column_int(s, c + 3);
	p->sex = sex == 1 ? GV_MALE : sex == 2 ? GV_FEMALE : GV_SEX_UNKNOWN;
	int ok = st_col_date(s, c + 4, &p->birth_date) && p->birth_date != STORE_NO_DATE;
	p->ga_weeks = sqlite3_column_int(s, c + 5);
	p->ga_days = sqlite3_column_int(s, c + 6);
	p->mother_height_cm = col_real(s, c + 7);
	p->father_height_cm = col_real(s, c + 8);
	p->labels = (uint32_t)sqlite3_column_int64(s, c + 9);
	return ok;
}

/* Visit from the VCOLS columns starting at c. */
int st_read_visit(sqlite3_stmt *s, int c, gv_visit *v)
{
	record_visit_init(v);
	v->id = sqlite3_column_int64(s, c);
	int ok = st_col_date(s, c + 1, &v->date) && v->date != STORE_NO_DATE;
	v->time_min = st_col_time(s, c + 2);
	v->weight_kg = col_real(s, c + 3);
	v->height_cm = col_real(s, c + 4);
	const char *pos = (const char *)sqlite3_column_text(s, c + 5);
	v->position = pos && (*pos == 'L' || *pos == 'H') ? *pos : 0;
	v->head_cm = col_real(s, c + 6);
	v->muac_cm = col_real(s, c + 7);
	v->triceps_mm = col_real(s, c + 8);
	v->subscap_mm = col_real(s, c + 9);
	v->oedema = sqlite3_column_int(s, c + 10) != 0;
	return ok;
}

static int has_measure(const gv_visit *v)
{
	return !isnan(v->weight_kg) || !isnan(v->height_cm) || !isnan(v->head_cm) || !isnan(v->muac_cm) ||
	       !isnan(v->triceps_mm) || !isnan(v->subscap_mm);
}

static int pos_ok(double x)
{
	return isnan(x) || (x > 0 && isfinite(x));
}

/* Shape checks shared by every path that writes a visit; message in st->err. */
store_rc st_check_visit(gv_store *st, const gv_visit *v)
{
	if (!store_date_ok(v->date))
		return st_seterr(st, STORE_INVALID, "measurement: date missing or out of range");
	if (v->time_min < -1 || v->time_min >= 24 * 60)
		return st_seterr(st, STORE_INVALID, "measurement: time out of range");
	if (!has_measure(v))
		return st_seterr(st, STORE_INVALID, "measurement: no value measured");
	if (!pos_ok(v->weight_kg) || !pos_ok(v->height_cm) || !pos_ok(v->head_cm) || !pos_ok(v->muac_cm) ||
	    !pos_ok(v->triceps_mm) || !pos_ok(v->subscap_mm))
		return st_seterr(st, STORE_INVALID, "measurement: values must be positive");
	if (v->position != 0 && v->position != 'L' && v->position != 'H')
		return st_seterr(st, STORE_INVALID, "measurement: position must be L, H or unknown");
	/* The importers' and the form's limits: what the store holds can be imported again. */
	lim_qty q;
	if (!limits_visit_ok(v, &q)) {
		const lim_range *l = limits_of(q);
		return st_seterr(st, STORE_INVALID, "measurement: %s %g %s is outside the physical limits (%g to %g %s)",
			      l->name, limits_visit_value(v, q), l->unit, l->lo, l->hi, l->unit);
	}
	return STORE_OK;
}

store_rc st_check_patient(gv_store *st, const gv_patient *p)
{
	if (p->sex != GV_MALE && p->sex != GV_FEMALE)
		return st_seterr(st, STORE_INVALID, "patient: sex must be male or female");
	if (!store_date_ok(p->birth_date))
		return st_seterr(st, STORE_INVALID, "patient: birth date missing or out of range");
	size_t ni = strlen(p->ext_id), nn = strlen(p->name);
	if (ni >= GV_ID_MAX || nn >= GV_NAME_MAX)
		return st_seterr(st, STORE_INVALID, "patient: id or name too long");
	/* Text that reaches terminals (core/text.h): the importers refuse the same. */
	if (text_find_control(p->ext_id, ni, 0) != ni || text_find_control(p->name, nn, 0) != nn)
		return st_seterr(st, STORE_INVALID, "patient: the id or name holds a control character or is not UTF-8");
	if (p->ga_weeks < 0 || p->ga_weeks > 50 || p->ga_days < 0 || p->ga_days > 6)
		return st_seterr(st, STORE_INVALID, "patient: gestational age out of range");
	if (!pos_ok(p->mother_height_cm) || !pos_ok(p->father_height_cm))
		return st_seterr(st, STORE_INVALID, "patient: parents' heights must be positive");
	lim_qty q;
	if (!limits_patient_ok(p, &q))
		return st_seterr(st, STORE_INVALID, "patient: %s outside the physical limits (%g to %g %s)", limits_of(q)->name,
			      limits_of(q)->lo, limits_of(q)->hi, limits_of(q)->unit);
	return STORE_OK;
}

store_rc st_check_write(gv_store *st, const char *op, const char *who)
{
	if (st->readonly)
		return st_seterr(st, STORE_READONLY, "%s: database opened read-only", op);
	if (who && !*who)
		return st_seterr(st, STORE_INVALID, "%s: who made the change is not known", op);
	return STORE_OK;
}
