/* ingest.c — shared import rules (see ingest.h). */
#include "app/ingest.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "app/flagpipe.h"
#include "core/age.h"
#include "core/text.h"

const ingest_limit_t *ingest_limit(ingest_qty q)
{
	return limits_of(q);
}

/* A set of patient ids (open addressing), to count distinct patients per file. */
typedef struct idset {
	int64_t *v;
	size_t cap, n;
} idset;

static int idset_add(idset *s, int64_t id)
{
	if ((s->n + 1) * 2 > s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 1024;
		int64_t *nv = calloc(cap, sizeof *nv);
		if (!nv)
			return -1;
		for (size_t i = 0; i < s->cap; i++) {
			if (!s->v[i])
				continue;
			size_t h = (size_t)((uint64_t)s->v[i] * 0x9E3779B97F4A7C15u) & (cap - 1);
			while (nv[h])
				h = (h + 1) & (cap - 1);
			nv[h] = s->v[i];
		}
		free(s->v);
		s->v = nv;
		s->cap = cap;
	}
	size_t h = (size_t)((uint64_t)id * 0x9E3779B97F4A7C15u) & (s->cap - 1);
	while (s->v[h]) {
		if (s->v[h] == id)
			return 0;
		h = (h + 1) & (s->cap - 1);
	}
	s->v[h] = id;
	s->n++;
	return 1;
}

static int idset_has(const idset *s, int64_t id)
{
	if (!s->cap)
		return 0;
	size_t h = (size_t)((uint64_t)id * 0x9E3779B97F4A7C15u) & (s->cap - 1);
	for (; s->v[h]; h = (h + 1) & (s->cap - 1))
		if (s->v[h] == id)
			return 1;
	return 0;
}

struct ingest {
	gv_store *st;
	ingest_opts o;
	char *file;
	char source[160];
	ingest_counts n;
	int failed;       /* ingest_fail: roll back */
	int started;      /* ingest_start: the bulk transaction is open */
	int store_error;  /* a store error: roll back, exit 2 */
	/* The last patient resolved/written (rows of one patient usually follow each other). */
	gv_patient last;
	int have_last;
	/* Resolution state between ingest_resolve and ingest_apply. */
	gv_patient base;   /* stored version (id 0: new) */
	idset seen;
	/* Flag summaries (o.flags): the rows of the patient this file created last, as written
	 * (run), go to the pipe when another patient's row comes.  A patient whose run has ended
	 * (ran) and who gets a visit later (spoilt) keeps a stale summary. */
	flagpipe *fp;
	gv_patient run;
	gv_visit *runv;
	size_t nrun, caprun;
	int run_live;
	idset ran, spoilt;
	char quote[3][256];
	int nquote;
};

static void vmsg(ingest *in, const char *where, const char *kind, const char *fmt, va_list ap)
	__attribute__((format(printf, 4, 0)));
static void vmsg(ingest *in, const char *where, const char *kind, const char *fmt, va_list ap)
{
	FILE *f = in->o.msg ? in->o.msg : stderr;
	if (where && *where) {
		char w[160]; /* a FHIR id is the file's text */
		text_escape(w, sizeof w, where, strlen(where), 120);
		fprintf(f, "%s:%s: %s", in->file, w, kind);
	} else {
		fprintf(f, "%s: %s", in->file, kind);
	}
	vfprintf(f, fmt, ap);
	fputc('\n', f);
}

void ingest_bad(ingest *in, const char *where, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg(in, where, "", fmt, ap);
	va_end(ap);
	in->n.errors++;
}

void ingest_warn(ingest *in, const char *where, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg(in, where, "warning: ", fmt, ap);
	va_end(ap);
	in->n.warnings++;
}

void ingest_skip_why(ingest *in, const char *where, long n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg(in, where, "skipped: ", fmt, ap);
	va_end(ap);
	in->n.skipped += n;
}

void ingest_fail(ingest *in, const char *where, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg(in, where, "", fmt, ap);
	va_end(ap);
	in->n.errors++;
	in->failed = 1;
}

const char *ingest_file(const ingest *in)
{
	return in->file;
}

int32_t ingest_today(const ingest *in)
{
	return in->o.today;
}

FILE *ingest_msg(const ingest *in)
{
	return in->o.msg ? in->o.msg : stderr;
}

void ingest_count_dup(ingest *in)
{
	in->n.visits_dup++;
}

void ingest_skip(ingest *in, long n)
{
	in->n.skipped += n;
}

int ingest_failed(const ingest *in)
{
	return in->failed || in->store_error;
}

/* The store's message may quote a value of the file (an id). */
static void print_store_error(ingest *in)
{
	FILE *f = in->o.msg ? in->o.msg : stderr;
	char *m = text_clean_dup(store_errmsg(in->st), strlen(store_errmsg(in->st)), 0);
	fprintf(f, "%s: %s\n", in->file, m ? m : "store error");
	free(m);
}

static int store_failed(ingest *in)
{
	print_store_error(in);
	in->store_error = 1;
	return -1;
}

void ingest_unreadable(const ingest_opts *o, const char *path, const char *why, ingest_counts *total)
{
	char *shown = text_clean_dup(path, strlen(path), 0);
	fprintf(o->msg ? o->msg : stderr, "%s: %s\n", shown ? shown : "?", why);
	free(shown);
	if (total) {
		total->files++;
		total->files_failed++;
		total->errors++;
	}
}

ingest *ingest_open(gv_store *st, const char *path, const char *kind, const ingest_opts *o)
{
	ingest *in = calloc(1, sizeof *in);
	/* Messages name the file as given, made safe for a terminal (core/text.h). */
	if (!in || !(in->file = text_clean_dup(path, strlen(path), 0))) {
		free(in);
		fprintf(o->msg ? o->msg : stderr, "growthview import: out of memory\n");
		return NULL;
	}
	in->st = st;
	in->o = *o;
	if (o->source && *o->source) {
		snprintf(in->source, sizeof in->source, "%s", o->source);
	} else {
		const char *base = strrchr(path, '/');
		snprintf(in->source, sizeof in->source, "%s:%s", kind, base ? base + 1 : path);
	}
	in->n.files = 1;
	return in;
}

int ingest_start(ingest *in)
{
	if (in->started)
		return 0;
	if (store_bulk_begin(in->st, in->o.who, in->source) != STORE_OK) {
		print_store_error(in);
		in->store_error = 1;
		return -1;
	}
	in->started = 1;
	if (in->o.flags)
		in->fp = flagpipe_start(in->o.flags); /* NULL (out of memory): summaries left stale */
	return 0;
}

ingest *ingest_begin(gv_store *st, const char *path, const char *kind, const ingest_opts *o)
{
	ingest *in = ingest_open(st, path, kind, o);
	if (in && ingest_start(in) != 0) {
		free(in->file);
		free(in);
		return NULL;
	}
	return in;
}

const char *ingest_quote(ingest *in, const char *s, size_t n)
{
	char *q = in->quote[in->nquote++ % 3];
	text_escape(q, sizeof in->quote[0], s, n, 60);
	return q;
}

int ingest_check_text(ingest *in, const char *where, const char *what, const char *s, size_t n, size_t max)
{
	if (n >= max) {
		ingest_bad(in, where, "%s is %zu bytes long (at most %zu): '%s'", what, n, max - 1, ingest_quote(in, s, n));
		return -1;
	}
	size_t at = text_find_control(s, n, 0);
	if (at == n)
		return 0;
	uint32_t cp = 0;
	int k = text_utf8_decode(s + at, n - at, &cp);
	const char *kind = k == 0 ? "a byte that is not UTF-8" : text_is_bidi_control(cp) ? "a bidirectional control character"
										      : "a control character";
	ingest_bad(in, where, "%s '%s' holds %s at byte %zu: names and ids must be printable text", what,
		   ingest_quote(in, s, n), kind, at + 1);
	return -1;
}

int ingest_check_qty(ingest *in, const char *where, ingest_qty q, double x)
{
	if (isnan(x))
		return 0;
	const ingest_limit_t *l = limits_of(q);
	if (limits_ok(q, x))
		return 0;
	ingest_bad(in, where, "%s %g %s is impossible (accepted: %g to %g %s)", l->name, x, l->unit, l->lo, l->hi,
		   l->unit);
	return -1;
}

static const char *sexname(gv_sex s)
{
	return s == GV_MALE ? "M" : s == GV_FEMALE ? "F" : "?";
}

/* Merge one double: row value r into stored s.  -1 on conflict. */
static int merge_num(double r, double *s)
{
	if (isnan(r))
		return 0;
	if (isnan(*s)) {
		*s = r;
		return 0;
	}
	return r == *s ? 0 : -1;
}

int ingest_resolve(ingest *in, const gv_patient *row, const char *where, gv_patient *out)
{
	if (!row->ext_id[0]) {
		ingest_bad(in, where, "patient id missing");
		return -1;
	}
	gv_patient s;
	if (in->have_last && strcmp(in->last.ext_id, row->ext_id) == 0) {
		s = in->last;
	} else {
		store_rc r = store_patient_find(in->st, row->ext_id, &s);
		if (r == STORE_NOTFOUND) {
			record_patient_init(&s);
		} else if (r != STORE_OK) {
			store_failed(in);
			return -1;
		}
	}
	in->base = s;
	const char *id = row->ext_id;
	if (s.id == 0) {
		if (row->sex != GV_MALE && row->sex != GV_FEMALE) {
			ingest_bad(in, where, "new patient %s: sex missing", id);
			return -1;
		}
		if (row->birth_date == STORE_NO_DATE) {
			ingest_bad(in, where, "new patient %s: birth date missing", id);
			return -1;
		}
		if (!store_date_ok(row->birth_date)) {
			char b[16];
			age_format_date(row->birth_date, b);
			ingest_bad(in, where, "new patient %s: birth date %s is out of range (1800-2199)", id, b);
			return -1;
		}
		*out = *row;
		out->id = 0;
		return 0;
	}
	char a[16], b[16];
	if (row->sex != GV_SEX_UNKNOWN && row->sex != s.sex) {
		ingest_bad(in, where, "patient %s: sex %s differs from the stored %s (wrong patient id?)", id,
			   sexname(row->sex), sexname(s.sex));
		return -1;
	}
	if (row->birth_date != STORE_NO_DATE && row->birth_date != s.birth_date) {
		age_format_date(row->birth_date, a);
		age_format_date(s.birth_date, b);
		ingest_bad(in, where, "patient %s: birth date %s differs from the stored %s (wrong patient id?)", id, a,
			   b);
		return -1;
	}
	if (row->name[0]) {
		if (!s.name[0]) {
			snprintf(s.name, sizeof s.name, "%s", row->name);
		} else if (strcmp(s.name, row->name) != 0) {
			ingest_bad(in, where, "patient %s: name '%s' differs from the stored '%s' (wrong patient id?)", id,
				   row->name, s.name);
			return -1;
		}
	}
	if (row->ga_weeks > 0) {
		if (s.ga_weeks == 0) {
			s.ga_weeks = row->ga_weeks;
			s.ga_days = row->ga_days;
		} else if (s.ga_weeks != row->ga_weeks || s.ga_days != row->ga_days) {
			ingest_bad(in, where, "patient %s: gestational age %d+%d differs from the stored %d+%d", id,
				   row->ga_weeks, row->ga_days, s.ga_weeks, s.ga_days);
			return -1;
		}
	}
	if (merge_num(row->mother_height_cm, &s.mother_height_cm) < 0) {
		ingest_bad(in, where, "patient %s: mother's height %g differs from the stored %g", id,
			   row->mother_height_cm, s.mother_height_cm);
		return -1;
	}
	if (merge_num(row->father_height_cm, &s.father_height_cm) < 0) {
		ingest_bad(in, where, "patient %s: father's height %g differs from the stored %g", id,
			   row->father_height_cm, s.father_height_cm);
		return -1;
	}
	if (row->labels)
		s.labels |= row->labels;
	*out = s;
	return 0;
}

int ingest_check_visit(ingest *in, const gv_patient *p, const gv_visit *v, const char *where)
{
	char a[16], b[16];
	if (v->date < p->birth_date) {
		age_format_date(v->date, a);
		age_format_date(p->birth_date, b);
		ingest_bad(in, where, "date %s is before the birth date %s", a, b);
		return -1;
	}
	if (v->date > in->o.today) {
		age_format_date(v->date, a);
		ingest_bad(in, where, "date %s is in the future", a);
		return -1;
	}
	if (ingest_check_qty(in, where, IQ_WEIGHT, v->weight_kg) || ingest_check_qty(in, where, IQ_HEIGHT, v->height_cm) ||
	    ingest_check_qty(in, where, IQ_HEAD, v->head_cm) || ingest_check_qty(in, where, IQ_MUAC, v->muac_cm) ||
	    ingest_check_qty(in, where, IQ_TRICEPS, v->triceps_mm) ||
	    ingest_check_qty(in, where, IQ_SUBSCAP, v->subscap_mm))
		return -1;
	return 0;
}

static int same_patient(const gv_patient *a, const gv_patient *b)
{
	return a->sex == b->sex && a->birth_date == b->birth_date && strcmp(a->name, b->name) == 0 &&
	       a->ga_weeks == b->ga_weeks && a->ga_days == b->ga_days &&
	       (a->mother_height_cm == b->mother_height_cm ||
		(isnan(a->mother_height_cm) && isnan(b->mother_height_cm))) &&
	       (a->father_height_cm == b->father_height_cm ||
		(isnan(a->father_height_cm) && isnan(b->father_height_cm))) &&
	       a->labels == b->labels;
}

/* The live run is complete as far as this file goes: hand it to the pipe. */
static void run_end(ingest *in)
{
	if (!in->run_live)
		return;
	in->run_live = 0;
	if (idset_add(&in->ran, in->run.id) < 0 || flagpipe_add(in->fp, &in->run, in->runv, in->nrun) != 0) {
		flagpipe_free(in->fp); /* out of memory: no summaries from this file (left stale) */
		in->fp = NULL;
	}
	in->nrun = 0;
}

/* Patient pid's record changed after its run ended: its summary from the pipe is not written. */
static void spoil(ingest *in, int64_t pid)
{
	if (idset_has(&in->ran, pid) && idset_add(&in->spoilt, pid) < 0) {
		flagpipe_free(in->fp); /* cannot remember it: no summaries (left stale) */
		in->fp = NULL;
	}
}

int ingest_apply(ingest *in, gv_patient *p, const char *where)
{
	if (in->store_error)
		return -1;
	int fresh = 0, changed = 0;
	gv_patient s;
	if (p->id == 0 && store_patient_find(in->st, p->ext_id, &s) == STORE_OK) {
		/* Written earlier from this same file. */
		if (!same_patient(p, &s)) {
			ingest_bad(in, where, "patient %s appears twice with different data", p->ext_id);
			return -2;
		}
		p->id = s.id;
		in->base = s;
	}
	if (p->id == 0) {
		if (store_bulk_patient_add(in->st, p, NULL) != STORE_OK)
			return store_failed(in);
		fresh = 1;
		if (limits_birth_unlikely(p->birth_date, in->o.today)) {
			char b[16];
			age_format_date(p->birth_date, b);
			int y0, m0, d0, y1, m1, d1;
			age_civil_from_days(p->birth_date, &y0, &m0, &d0);
			age_civil_from_days(in->o.today, &y1, &m1, &d1);
			int years = y1 - y0 - (m1 < m0 || (m1 == m0 && d1 < d0)); /* completed years */
			ingest_warn(in, where, "new patient %s: born %s, %d years before today: older than anyone has "
					       "lived (a typo in the year?)",
				    ingest_quote(in, p->ext_id, strlen(p->ext_id)), b, years);
		}
	} else if (!same_patient(p, &in->base)) {
		if (store_bulk_patient_set(in->st, p) != STORE_OK)
			return store_failed(in);
		changed = 1;
	}
	int k = idset_add(&in->seen, p->id);
	if (k < 0) {
		fprintf(in->o.msg ? in->o.msg : stderr, "%s: out of memory\n", in->file);
		in->store_error = 1;
		return -1;
	}
	if (k == 1) {
		if (fresh)
			in->n.patients_new++;
		else
			in->n.patients_existing++;
	}
	if (in->fp && in->run_live && in->run.id == p->id) {
		in->run = *p; /* as written: a later row may fill in a field */
	} else if (in->fp) {
		run_end(in);
		if (fresh) {
			in->run = *p;
			in->run_live = 1;
		} else if (changed) {
			spoil(in, p->id); /* a field filled in: the summary of its run is out of date */
		}
	}
	in->last = *p;
	in->have_last = 1;
	return 0;
}

int ingest_visit(ingest *in, int64_t pid, const gv_visit *v)
{
	int added = 0;
	if (store_bulk_visit(in->st, pid, v, &added) != STORE_OK)
		return store_failed(in);
	if (added)
		in->n.visits_added++;
	else
		in->n.visits_dup++;
	if (!in->fp || !added)
		return 0;
	if (in->run_live && pid == in->run.id) {
		if (in->nrun == in->caprun) {
			size_t cap = in->caprun ? in->caprun * 2 : 64;
			gv_visit *nv = realloc(in->runv, cap * sizeof *nv);
			if (!nv) {
				in->run_live = 0; /* no summary for this one: left stale */
				return 0;
			}
			in->runv = nv;
			in->caprun = cap;
		}
		in->runv[in->nrun++] = *v;
	} else {
		spoil(in, pid);
	}
	return 0;
}

/* Write the summaries the pipe computed (before the commit).  0; -1 on a store error. */
static int write_summaries(ingest *in)
{
	run_end(in);
	const flagpipe_result *res;
	size_t n;
	if (!in->fp || flagpipe_finish(in->fp, &res, &n) != 0)
		return 0; /* none: the refresh computes them */
	for (size_t i = 0; i < n; i++)
		if (!idset_has(&in->spoilt, res[i].id) &&
		    store_bulk_flag_summary(in->st, res[i].id, res[i].severity, res[i].count) != STORE_OK)
			return store_failed(in);
	return 0;
}

int ingest_reported(ingest *in, int64_t pid, const store_reported *r)
{
	int added = 0;
	if (store_bulk_reported(in->st, pid, r, &added) != STORE_OK)
		return store_failed(in);
	if (added)
		in->n.reported_added++;
	else
		in->n.reported_dup++;
	return 0;
}

static const char *plural(long n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

void ingest_summary(const ingest_counts *c, char *buf, size_t n)
{
	long np = c->patients_new + c->patients_existing;
	int k = snprintf(buf, n,
			 "%ld %s (%ld new, %ld existing), %ld %s added, %ld %s, %ld skipped, %ld %s",
			 np, plural(np, "patient", "patients"), c->patients_new, c->patients_existing, c->visits_added,
			 plural(c->visits_added, "measurement", "measurements"), c->visits_dup,
			 plural(c->visits_dup, "duplicate", "duplicates"), c->skipped, c->errors,
			 plural(c->errors, "error", "errors"));
	if (k > 0 && (size_t)k < n && (c->reported_added || c->reported_dup))
		k += snprintf(buf + k, n - (size_t)k, ", %ld reported %s kept (%ld duplicates)", c->reported_added,
			      plural(c->reported_added, "value", "values"), c->reported_dup);
	if (k > 0 && (size_t)k < n && c->warnings)
		snprintf(buf + k, n - (size_t)k, ", %ld %s", c->warnings, plural(c->warnings, "warning", "warnings"));
}

static void add_counts(ingest_counts *t, const ingest_counts *c)
{
	t->files += c->files;
	t->files_failed += c->files_failed;
	t->patients_new += c->patients_new;
	t->patients_existing += c->patients_existing;
	t->visits_added += c->visits_added;
	t->visits_dup += c->visits_dup;
	t->reported_added += c->reported_added;
	t->reported_dup += c->reported_dup;
	t->skipped += c->skipped;
	t->errors += c->errors;
	t->warnings += c->warnings;
}

int ingest_end(ingest *in, ingest_counts *total)
{
	FILE *f = in->o.msg ? in->o.msg : stderr, *out = in->o.out ? in->o.out : f;
	int rc = 0;
	char sum[512], audit[700];
	const char *why = NULL;
	if (in->store_error)
		why = "store error";
	else if (in->failed)
		why = "file refused";
	else if (in->o.strict && in->n.errors)
		why = "--strict";
	if (why) {
		store_bulk_rollback(in->st);
		in->n.patients_new = in->n.patients_existing = 0;
		in->n.visits_added = in->n.visits_dup = in->n.reported_added = in->n.reported_dup = 0;
		in->n.files_failed = 1;
		rc = in->store_error ? 2 : 1;
	} else if (ingest_start(in) != 0) { /* nothing was written yet (FHIR): record the import */
		in->n.patients_new = in->n.patients_existing = 0;
		in->n.visits_added = in->n.visits_dup = in->n.reported_added = in->n.reported_dup = 0;
		in->n.files_failed = 1;
		why = "store error";
		rc = 2;
	} else {
		ingest_summary(&in->n, sum, sizeof sum);
		snprintf(audit, sizeof audit, "%s: %s", in->file, sum);
		int bad = write_summaries(in) != 0; /* message printed */
		if (bad)
			store_bulk_rollback(in->st);
		else if ((bad = store_bulk_commit(in->st, audit) != STORE_OK) != 0)
			print_store_error(in);
		if (bad) {
			in->n.patients_new = in->n.patients_existing = 0;
			in->n.visits_added = in->n.visits_dup = in->n.reported_added = in->n.reported_dup = 0;
			in->n.files_failed = 1;
			why = "store error";
			rc = 2;
		} else {
			rc = in->n.errors ? 1 : 0;
		}
	}
	ingest_summary(&in->n, sum, sizeof sum);
	fflush(f);
	if (why)
		fprintf(out, "%s: %s; nothing imported (%s)\n", in->file, sum, why);
	else
		fprintf(out, "%s: %s\n", in->file, sum);
	if (total)
		add_counts(total, &in->n);
	flagpipe_free(in->fp);
	free(in->runv);
	free(in->ran.v);
	free(in->spoilt.v);
	free(in->seen.v);
	free(in->file);
	free(in);
	return rc;
}
