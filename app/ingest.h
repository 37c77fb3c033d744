/* ingest.h — what every importer shares: one store transaction per file, the rules that decide
 * whether a row (CSV) or a resource (FHIR) is good, messages "FILE:WHERE: reason", and counts.
 *
 * A row is validated completely before anything of it is written (ingest_resolve,
 * ingest_check_visit), then written (ingest_apply, ingest_visit): a row is never half imported.
 * A SQLite error aborts the whole file (rolled back).  By default the good rows are committed and
 * the bad ones listed; with `strict` nothing of a file is committed when any row is bad.
 *
 * Patient identity is the external id.  A row that names a stored patient must agree with it:
 * sex, birth date, name, gestational age and parents' heights given in the row must equal the
 * stored ones (a differing value is a conflict: probably the wrong patient id), and values the
 * store does not have yet are filled in.  A new patient needs a sex and a birth date.
 *
 * Physical limits (not plausibility, which is the flags engine's job): a value outside is
 * impossible for a child and the row is refused.  The limits are core/limits.h's, the one table
 * the form, the store and the synthetic cohort use too. */
#ifndef GV_INGEST_H
#define GV_INGEST_H

#include <stdio.h>

#include "app/store.h"
#include "core/flags.h"
#include "core/limits.h"
#include "core/record.h"

typedef struct ingest_opts {
	int strict;            /* commit nothing of a file that has a bad row */
	const char *source;    /* stamped on measurements; NULL: "<kind>:<file basename>" */
	const char *who;       /* entered_by and the audit log */
	int32_t today;         /* measurements after today are refused (config_today) */
	FILE *msg;             /* where problems are reported (stderr) */
	FILE *out;             /* where each file's summary line goes (NULL: msg) */
	/* Flag summaries (flagcache.h) of the patients a file creates, computed on a worker thread
	 * from their rows as they are read and written with the commit; NULL: left stale, for
	 * flagcache_refresh.  A new patient's rows must follow each other for this (a patient
	 * whose rows are scattered, or who was stored already, is left stale). */
	const gv_flag_options *flags;
} ingest_opts;

typedef struct ingest_counts {
	long files, files_failed;          /* files_failed: nothing imported (bad JSON, --strict, ...) */
	long patients_new, patients_existing;
	long visits_added, visits_dup;
	long reported_added, reported_dup;
	long skipped;                      /* rows or resources that are not for us (not errors) */
	long errors;                       /* bad rows / resources, reported */
	long warnings;                     /* reported, imported anyway (e.g. a BMI mismatch) */
} ingest_counts;

/* Measured quantities with limits: core/limits.h's, under the names older callers use. */
typedef lim_qty ingest_qty;
#define IQ_WEIGHT LIM_WEIGHT
#define IQ_HEIGHT LIM_HEIGHT
#define IQ_HEAD LIM_HEAD
#define IQ_MUAC LIM_MUAC
#define IQ_TRICEPS LIM_TRICEPS
#define IQ_SUBSCAP LIM_SUBSCAP
#define IQ_PARENT_HEIGHT LIM_PARENT_HEIGHT
typedef lim_range ingest_limit_t;

/* Physical limits of quantity q in canonical units (kg, cm, mm): limits_of(q). */
const ingest_limit_t *ingest_limit(ingest_qty q);

typedef struct ingest ingest;

/* Start importing file path (kind "csv" or "fhir" names the default source): ingest_open, then
 * ingest_start.  NULL when the bulk transaction cannot start (message printed; e.g. the database
 * is busy). */
ingest *ingest_begin(gv_store *st, const char *path, const char *kind, const ingest_opts *o);

/* The same in two steps, so that a file can be read and checked before the database's write
 * lock is taken (FHIR: the lock is held only while writing).  ingest_open: the counts and
 * messages (NULL when out of memory); ingest_start: the bulk transaction (BEGIN IMMEDIATE), 0, or
 * -1 (reported, a store error) e.g. when the database is busy.  Until ingest_start, only
 * messages and counts may be used (and store reads: no write).  ingest_end starts it when needed
 * to record an import that wrote nothing. */
ingest *ingest_open(gv_store *st, const char *path, const char *kind, const ingest_opts *o);
int ingest_start(ingest *in);

/* A file that cannot be opened or read at all: "FILE: why" (FILE made safe for a terminal) on
 * o->msg, and counted in *total (may be NULL) as a failed file with one error. */
void ingest_unreadable(const ingest_opts *o, const char *path, const char *why, ingest_counts *total);

/* Report a bad row / resource at where (e.g. "12" for a line, "Observation/abc"; NULL: the
 * file): prints "FILE:WHERE: reason" and counts an error. */
void ingest_bad(ingest *in, const char *where, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Same for a warning (imported anyway). */
void ingest_warn(ingest *in, const char *where, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* A file-level failure: nothing of the file is imported (rolled back at ingest_end). */
void ingest_fail(ingest *in, const char *where, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The file name, the options' today and message stream. */
const char *ingest_file(const ingest *in);
int32_t ingest_today(const ingest *in);
FILE *ingest_msg(const ingest *in);
/* Count a duplicate (an observation repeated within a file). */
void ingest_count_dup(ingest *in);
/* Count a skipped row / resource. */
void ingest_skip(ingest *in, long n);
/* Count n skipped rows / resources with a reason: "FILE:WHERE: skipped: reason". */
void ingest_skip_why(ingest *in, const char *where, long n, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* 1 once a store error or ingest_fail happened: stop reading the file. */
int ingest_failed(const ingest *in);

/* Text of the file quoted in a message: s[0..n) escaped (text_escape: controls, NUL, bytes that
 * are not UTF-8 as \xHH, at most 60 bytes then "..."), in a buffer of in that stays valid for
 * the next three calls. */
const char *ingest_quote(ingest *in, const char *s, size_t n);

/* A name or an id (`what`: "name", "patient_id", ...) s[0..n) must be shorter than max bytes,
 * valid UTF-8 and free of control characters (C0 with NUL, DEL, C1) and bidi controls
 * (core/text.h): such text could change a terminal when shown.  0, or -1 (reported at where, with
 * the value escaped and where in it the problem is). */
int ingest_check_text(ingest *in, const char *where, const char *what, const char *s, size_t n, size_t max);

/* Check value x of quantity q (NAN = absent: fine); reports "<name> X: impossible ..." at where
 * and returns -1 when outside its limits. */
int ingest_check_qty(ingest *in, const char *where, ingest_qty q, double x);

/* Resolve the patient a row names: row->ext_id must be set; fields the row does not give are
 * unknown (sex GV_SEX_UNKNOWN, birth_date STORE_NO_DATE, name "", ga_weeks 0, heights NAN).  On
 * success *out is the patient as it will be stored (merged; out->id 0 for a new one) and 0 is
 * returned; -1 for a bad row (reported at where). Nothing is written. */
int ingest_resolve(ingest *in, const gv_patient *row, const char *where, gv_patient *out);
/* A visit of patient p is acceptable: date not before birth, not after today, limits; -1
 * (reported) otherwise. */
int ingest_check_visit(ingest *in, const gv_patient *p, const gv_visit *v, const char *where);
/* Write the resolved patient (insert, fill in, or nothing); sets p->id.  0; -1 on a store error
 * (the file is then abandoned); -2 when a patient with the same id was written earlier from
 * this file with other data (reported at where; FHIR resolves every patient before writing). */
int ingest_apply(ingest *in, gv_patient *p, const char *where);
/* Add a visit / a reported value of a written patient.  0, or -1 on a store error. */
int ingest_visit(ingest *in, int64_t pid, const gv_visit *v);
int ingest_reported(ingest *in, int64_t pid, const store_reported *r);

/* Commit (or roll back: strict with errors, or failed), print the file's summary line to o->out
 * (after its problems) and add the counts to *total (may be NULL).  Frees in.  Returns 0 (all
 * good), 1 (bad rows or the file failed) or 2 (store error). */
int ingest_end(ingest *in, ingest_counts *total);

/* One summary line of counts c (no newline) into buf. */
void ingest_summary(const ingest_counts *c, char *buf, size_t n);

#endif
