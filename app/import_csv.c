/* import_csv.c — CSV visits into the store (see import_csv.h). */
#include "app/import_csv.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/csv.h"
#include "app/zrow.h"
#include "core/age.h"

enum col {
	C_PID, C_ID, C_NAME, C_SEX, C_BIRTH, C_GAW, C_GAD, C_MH, C_FH, C_DATE, C_TIME,
	C_WKG, C_WG, C_WLB, C_HCM, C_HIN, C_POS, C_HEADCM, C_HEADIN, C_MUAC, C_TRI, C_SUB, C_OED,
	NCOL
};

static const char *const colname[NCOL] = {
	"patient_id", "id", "name", "sex", "birth_date", "ga_weeks", "ga_days", "mother_height_cm",
	"father_height_cm", "date", "time", "weight_kg", "weight_g", "weight_lb", "height_cm", "height_in",
	"position", "head_cm", "head_in", "muac_cm", "triceps_mm", "subscap_mm", "oedema",
};

#define LB_KG GV_KG_PER_LB
#define IN_CM GV_CM_PER_IN

typedef struct rowctx {
	ingest *in;
	const csv_row *row;
	const int *ix;
	char where[24];
} rowctx;

static csv_field fld(const rowctx *r, enum col c)
{
	csv_field e = {NULL, 0};
	if (r->ix[c] < 0 || (size_t)r->ix[c] >= r->row->nf)
		return e;
	return csv_trim(r->row->f[r->ix[c]]);
}

/* Number from column c (NAN when empty); -1 and reported when not a number. */
static int num(rowctx *r, enum col c, double *out)
{
	*out = NAN;
	csv_field f = fld(r, c);
	if (!f.s)
		return 0;
	int k = csv_num(f, out);
	if (k < 0) {
		ingest_bad(r->in, r->where, "%s '%s' is not a number", colname[c], ingest_quote(r->in, f.s, f.len));
		return -1;
	}
	if (k == 0)
		*out = NAN;
	return 0;
}

/* One measurement given in any of up to three unit columns (factor to canonical each). */
static int measure(rowctx *r, const enum col *cols, const double *factor, int n, double *out)
{
	*out = NAN;
	enum col used = NCOL;
	for (int i = 0; i < n; i++) {
		double x;
		if (num(r, cols[i], &x) < 0)
			return -1;
		if (isnan(x))
			continue;
		if (used != NCOL) {
			ingest_bad(r->in, r->where, "both %s and %s are given", colname[used], colname[cols[i]]);
			return -1;
		}
		used = cols[i];
		*out = factor[i] == 1 ? x : factor[i] < 0 ? x / -factor[i] : x * factor[i];
	}
	return 0;
}

static int word(csv_field f, const char *const *words)
{
	for (int i = 0; words[i]; i++)
		if (csv_eq(f, words[i]))
			return i;
	return -1;
}

static int parse_sex(rowctx *r, gv_sex *sex)
{
	static const char *const w[] = {"1", "m", "male", "2", "f", "female", NULL};
	csv_field f = fld(r, C_SEX);
	*sex = GV_SEX_UNKNOWN;
	if (!f.s || !f.len)
		return 0;
	int k = word(f, w);
	if (k < 0) {
		ingest_bad(r->in, r->where, "sex '%s' is not 1/2, M/F or male/female", ingest_quote(r->in, f.s, f.len));
		return -1;
	}
	*sex = k < 3 ? GV_MALE : GV_FEMALE;
	return 0;
}

/* "HH:MM" or "HH:MM:SS" at s (len n); minutes or -1. */
static int parse_hhmm(const char *s, size_t n)
{
	if (n != 5 && n != 8)
		return -1;
	if (s[2] != ':' || (n == 8 && s[5] != ':'))
		return -1;
	for (size_t i = 0; i < n; i++)
		if (i != 2 && i != 5 && (s[i] < '0' || s[i] > '9'))
			return -1;
	int h = (s[0] - '0') * 10 + s[1] - '0', m = (s[3] - '0') * 10 + s[4] - '0';
	if (h > 23 || m > 59 || (n == 8 && (s[6] - '0') * 10 + s[7] - '0' > 60))
		return -1;
	return h * 60 + m;
}

static int parse_date(rowctx *r, enum col c, int32_t *d, int *time_min)
{
	csv_field f = fld(r, c);
	*d = STORE_NO_DATE;
	if (!f.s || !f.len)
		return 0;
	if (age_parse_date(f.s, f.len, d) != GV_OK) {
		ingest_bad(r->in, r->where, "%s '%s' is not an ISO 8601 date (YYYY-MM-DD)", colname[c],
			   ingest_quote(r->in, f.s, f.len));
		return -1;
	}
	if (time_min && f.len > 10) {
		/* A time part as written (local time: no conversion of an offset). */
		size_t n = f.len - 11;
		const char *t = f.s + 11;
		size_t k = 0;
		while (k < n && t[k] != '+' && t[k] != '-' && t[k] != 'Z' && t[k] != '.')
			k++;
		int m = parse_hhmm(t, k < 8 ? k : 8);
		if (m < 0 && k > 8)
			m = parse_hhmm(t, 8);
		if (m < 0) {
			ingest_bad(r->in, r->where, "%s '%s': the time part is not HH:MM[:SS]", colname[c],
				   ingest_quote(r->in, f.s, f.len));
			return -1;
		}
		*time_min = m;
	}
	return 0;
}

static int parse_row(rowctx *r, gv_patient *p, gv_visit *v, int *has_visit)
{
	ingest *in = r->in;
	record_patient_init(p);
	record_visit_init(v);
	p->birth_date = STORE_NO_DATE;
	*has_visit = 0;

	csv_field id = fld(r, r->ix[C_PID] >= 0 ? C_PID : C_ID);
	if (!id.s || !id.len) {
		ingest_bad(in, r->where, "patient_id missing");
		return -1;
	}
	if (ingest_check_text(in, r->where, "patient_id", id.s, id.len, sizeof p->ext_id) < 0)
		return -1;
	memcpy(p->ext_id, id.s, id.len);
	csv_field name = fld(r, C_NAME);
	if (name.s && name.len) {
		if (ingest_check_text(in, r->where, "name", name.s, name.len, sizeof p->name) < 0)
			return -1;
		memcpy(p->name, name.s, name.len);
	}
	if (parse_sex(r, &p->sex) < 0 || parse_date(r, C_BIRTH, &p->birth_date, NULL) < 0)
		return -1;
	if (p->birth_date != STORE_NO_DATE && p->birth_date > ingest_today(in)) {
		ingest_bad(in, r->where, "birth date is in the future");
		return -1;
	}
	double gw, gd;
	if (num(r, C_GAW, &gw) < 0 || num(r, C_GAD, &gd) < 0)
		return -1;
	if (!isnan(gw)) {
		/* Fractional weeks (33.5) or whole weeks plus ga_days. */
		double w = floor(gw);
		int days = (int)lround((gw - w) * 7);
		if (!isnan(gd)) {
			if (gw != w || gd != floor(gd) || gd < 0 || gd > 6) {
				ingest_bad(in, r->where, "ga_days must be a whole number 0-6 with whole ga_weeks");
				return -1;
			}
			days = (int)gd;
		}
		if (days == 7) {
			w += 1;
			days = 0;
		}
		if (!limits_ok(LIM_GA_WEEKS, w)) {
			const lim_range *l = limits_of(LIM_GA_WEEKS);
			ingest_bad(in, r->where, "ga_weeks %g is impossible (accepted: %g to %g weeks)", gw, l->lo, l->hi);
			return -1;
		}
		p->ga_weeks = (int)w;
		p->ga_days = days;
	} else if (!isnan(gd)) {
		ingest_bad(in, r->where, "ga_days without ga_weeks");
		return -1;
	}
	if (num(r, C_MH, &p->mother_height_cm) < 0 || num(r, C_FH, &p->father_height_cm) < 0 ||
	    ingest_check_qty(in, r->where, IQ_PARENT_HEIGHT, p->mother_height_cm) < 0 ||
	    ingest_check_qty(in, r->where, IQ_PARENT_HEIGHT, p->father_height_cm) < 0)
		return -1;

	/* The visit. */
	static const enum col wc[] = {C_WKG, C_WG, C_WLB}, hc[] = {C_HCM, C_HIN}, headc[] = {C_HEADCM, C_HEADIN};
	static const double wf[] = {1, -1000, LB_KG}, hf[] = {1, IN_CM};
	if (parse_date(r, C_DATE, &v->date, &v->time_min) < 0 || measure(r, wc, wf, 3, &v->weight_kg) < 0 ||
	    measure(r, hc, hf, 2, &v->height_cm) < 0 || measure(r, headc, hf, 2, &v->head_cm) < 0 ||
	    num(r, C_MUAC, &v->muac_cm) < 0 || num(r, C_TRI, &v->triceps_mm) < 0 || num(r, C_SUB, &v->subscap_mm) < 0)
		return -1;
	csv_field t = fld(r, C_TIME);
	if (t.s && t.len) {
		int m = parse_hhmm(t.s, t.len);
		if (m < 0) {
			ingest_bad(in, r->where, "time '%s' is not HH:MM or HH:MM:SS", ingest_quote(in, t.s, t.len));
			return -1;
		}
		if (v->time_min >= 0 && v->time_min != m) {
			ingest_bad(in, r->where, "time differs from the time in date");
			return -1;
		}
		v->time_min = m;
	}
	static const char *const posw[] = {"L", "length", "recumbent", "lying", "H", "height", "standing", NULL};
	csv_field pos = fld(r, C_POS);
	if (pos.s && pos.len) {
		int k = word(pos, posw);
		if (k < 0) {
			ingest_bad(in, r->where, "position '%s' is not L (recumbent) or H (standing)",
				   ingest_quote(in, pos.s, pos.len));
			return -1;
		}
		v->position = k < 4 ? 'L' : 'H';
	}
	static const char *const oedw[] = {"y", "yes", "1", "true", "n", "no", "0", "false", NULL};
	csv_field oed = fld(r, C_OED);
	if (oed.s && oed.len) {
		int k = word(oed, oedw);
		if (k < 0) {
			ingest_bad(in, r->where, "oedema '%s' is not y/n", ingest_quote(in, oed.s, oed.len));
			return -1;
		}
		v->oedema = k < 4;
	}
	int measured = !isnan(v->weight_kg) || !isnan(v->height_cm) || !isnan(v->head_cm) || !isnan(v->muac_cm) ||
		       !isnan(v->triceps_mm) || !isnan(v->subscap_mm);
	if (measured && v->date == STORE_NO_DATE) {
		ingest_bad(in, r->where, "date missing");
		return -1;
	}
	if (!measured && v->date != STORE_NO_DATE) {
		ingest_bad(in, r->where, "no measurement on this row");
		return -1;
	}
	if (!measured && (v->oedema || v->position || v->time_min >= 0)) {
		ingest_bad(in, r->where, "position, oedema or time without a measurement");
		return -1;
	}
	*has_visit = measured;
	return 0;
}

/* Is name one of the computed columns of zscore/export? */
static int computed_column(csv_field f)
{
	gv_buf b = GV_BUF_INIT;
	zrow_header(&b);
	buf_putc(&b, ',');
	int found = 0;
	if (buf_ok(&b)) {
		const char *p = b.p + 1, *end = b.p + b.len;
		while (p < end && !found) {
			const char *c = memchr(p, ',', (size_t)(end - p));
			csv_field name = {(char *)(uintptr_t)p, (size_t)(c - p)};
			char tmp[64];
			if (name.len < sizeof tmp) {
				memcpy(tmp, p, name.len);
				tmp[name.len] = '\0';
				found = csv_eq(f, tmp);
			}
			p = c + 1;
		}
	}
	buf_free(&b);
	return found;
}

static int header(ingest *in, const csv_row *h, int *ix)
{
	char msg[512] = "";
	size_t mlen = 0;
	for (int c = 0; c < NCOL; c++)
		ix[c] = -1;
	const char *bad = csv_header_problem(h);
	if (bad) {
		ingest_fail(in, "1", "%s", bad);
		return -1;
	}
	for (size_t i = 0; i < h->nf && i < CSV_MAXFIELDS; i++) {
		int known = 0;
		for (int c = 0; c < NCOL; c++) {
			if (!csv_eq(h->f[i], colname[c]))
				continue;
			known = 1;
			if (ix[c] >= 0) {
				ingest_fail(in, "1", "column %s appears twice", colname[c]);
				return -1;
			}
			ix[c] = (int)i;
		}
		csv_field t = csv_trim(h->f[i]);
		if (!known && !computed_column(h->f[i]) && mlen + t.len + 3 < sizeof msg)
			mlen += (size_t)snprintf(msg + mlen, sizeof msg - mlen, "%s%s", mlen ? ", " : "",
						 ingest_quote(in, t.s, t.len));
	}
	if (h->nf > CSV_MAXFIELDS) {
		ingest_fail(in, "1", "more than %d columns", CSV_MAXFIELDS);
		return -1;
	}
	if (ix[C_PID] < 0 && ix[C_ID] < 0) {
		const char *hint = csv_header_hint(h);
		ingest_fail(in, "1", "no patient_id column%s%s", hint ? ": " : "", hint ? hint : "");
		return -1;
	}
	if (mlen)
		fprintf(ingest_msg(in), "%s:1: note: ignoring column(s) %s\n", ingest_file(in), msg);
	return 0;
}

/* Rows of one physical line joined by stray CRs that import_csv splits apart, at most. */
#define CSV_MAXPARTS 8

/* Import one row (r->row): parsed, resolved, checked, written.  0, or -1 on a store error (the
 * file is abandoned); a bad row is reported and gives 0. */
static int import_row(rowctx *r)
{
	ingest *in = r->in;
	gv_patient p, merged;
	gv_visit v;
	int has_visit;
	if (parse_row(r, &p, &v, &has_visit) < 0 || ingest_resolve(in, &p, r->where, &merged) < 0)
		return 0;
	if (has_visit && ingest_check_visit(in, &merged, &v, r->where) < 0)
		return 0;
	int k = ingest_apply(in, &merged, r->where);
	if (k == -2)
		return 0;
	if (k < 0)
		return -1;
	if (has_visit && ingest_visit(in, merged.id, &v) < 0)
		return -1;
	return 0;
}

int import_csv(gv_store *st, const char *path, const ingest_opts *o, ingest_counts *total)
{
	int fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ingest_unreadable(o, path, strerror(errno), total);
		return 1;
	}
	ingest *in = ingest_begin(st, path, "csv", o);
	csv_reader *rd = in ? csv_open(fd, path) : NULL;
	if (!rd) {
		if (fd > 0)
			close(fd);
		if (in)
			return ingest_end(in, total);
		return 2;
	}
	csv_row row;
	int ix[NCOL];
	int k = csv_next(rd, &row);
	if (k <= 0) {
		ingest_fail(in, NULL, "%s", k < 0 ? csv_error(rd) : "empty file (no header)");
	} else if (header(in, &row, ix) == 0) {
		size_t ncols = row.nf;
		csv_row *parts = malloc(CSV_MAXPARTS * sizeof *parts);
		rowctx r = {in, NULL, ix, ""};
		while (parts && !ingest_failed(in) && (k = csv_next(rd, &row)) > 0) {
			snprintf(r.where, sizeof r.where, "%ld", row.line);
			if (row.nf == 1 && csv_empty(row.f[0])) {
				ingest_skip(in, 1);
				continue;
			}
			if (row.stray_quote) {
				ingest_bad(in, r.where,
					   "a quote opens a field and does not close on this line (a stray quote?): "
					   "the row is refused and reading goes on at the next line: '%s'",
					   ingest_quote(in, row.raw, row.rawlen));
				continue;
			}
			if (row.bad_quote) {
				const csv_field *bf = &row.f[row.bad_field < CSV_MAXFIELDS ? row.bad_field : 0];
				ingest_bad(in, r.where, "field %zu: unterminated quoted field, or text after its closing quote: '%s'",
					   row.bad_field + 1, ingest_quote(in, bf->s, bf->len));
				continue;
			}
			/* Rows of another tool joined by a bare CR: keep each when they are whole rows. */
			size_t np = 1;
			const csv_row *one = &row;
			if (row.nf != ncols) {
				np = csv_split_cr(&row, parts, CSV_MAXPARTS);
				int whole = np > 1;
				for (size_t i = 0; i < np && whole; i++)
					whole = parts[i].nf == ncols;
				if (np > 1 && whole) {
					ingest_warn(in, r.where,
						    "a stray carriage return (CR without LF) joins %zu rows on this line: "
						    "each is imported as a row",
						    np);
					one = parts;
				} else {
					const char *cr = np > 1 ? memchr(row.raw, '\r', row.rawlen) : NULL;
					if (cr)
						ingest_bad(in, r.where,
							   "%zu fields, the header has %zu; the line holds a stray carriage return "
							   "(CR without LF) at byte %zu",
							   row.nf, ncols, (size_t)(cr - row.raw) + 1);
					else
						ingest_bad(in, r.where, "%zu fields, the header has %zu", row.nf, ncols);
					continue;
				}
			}
			for (size_t i = 0; i < np && !ingest_failed(in); i++) {
				r.row = &one[i];
				if (import_row(&r) < 0)
					break;
			}
		}
		if (!parts)
			ingest_fail(in, NULL, "out of memory");
		free(parts);
		if (k < 0)
			ingest_fail(in, NULL, "%s", csv_error(rd));
	}
	csv_close(rd);
	if (fd > 0)
		close(fd);
	return ingest_end(in, total);
}
