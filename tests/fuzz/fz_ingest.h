/* fz_ingest.h — one harness body for every importer that has the signature of import_csv and
 * fhir_import (app/ingest.h): the summary JSONL and ratings importers get a harness of three lines
 * (see fuzz_csv.c).
 *
 * Each execution writes the input to a file, gives the importer a fresh store (a copy of an empty
 * database made once) and imports the file with the flag summaries of new patients computed as
 * `growthview import` does (app/flagpipe.c), then once more when it had no bad row.  Invariants:
 *   - no store error (status 2): whatever the importer lets through, the store must accept (its
 *     CHECK constraints are the last line; the importer's validation must come first);
 *   - importing a file that had no bad row again adds nothing (no new patient, measurement or
 *     reported value: store.h, re-importing a file adds nothing twice) and finds no bad row.  (After
 *     a file with bad rows a second import may legitimately add more: a row refused because its
 *     new patient had no sex yet is accepted once a later row has stored the patient.)
 *   - counts are never negative. */
#ifndef GV_FZ_INGEST_H
#define GV_FZ_INGEST_H

#include "tests/fuzz/fuzz.h"

#include "app/ingest.h"
#include "app/store.h"
#include "core/age.h"
#include "core/flags.h"

typedef int (*fz_importer)(gv_store *st, const char *path, const ingest_opts *o, ingest_counts *total);

/* Bytes of an empty, initialised database (made once). */
static char *fz_template_;
static size_t fz_template_len_;

/* A new empty store at fz_dir()/gv.db, replacing the previous one (closed by the caller). */
static inline gv_store *fz_store(void)
{
	static char *db, *wal, *shm;
	char err[512];
	gv_store *st = NULL;
	if (!db) {
		db = fz_path("gv.db");
		wal = fz_path("gv.db-wal");
		shm = fz_path("gv.db-shm");
		char *tp = fz_path("template.db");
		unlink(tp);
		if (store_open(tp, 0, &st, err, sizeof err) != STORE_OK) {
			fprintf(stderr, "fuzz: %s\n", err);
			abort();
		}
		store_close(st);
		fz_template_ = fz_slurp(tp, &fz_template_len_);
		unlink(tp);
		free(tp);
	}
	unlink(wal);
	unlink(shm);
	fz_write(db, fz_template_, fz_template_len_);
	if (store_open(db, 0, &st, err, sizeof err) != STORE_OK) {
		fprintf(stderr, "fuzz: %s\n", err);
		abort();
	}
	return st;
}

static inline void fz_counts_sane(const ingest_counts *n)
{
	fz_check(n->files >= 0 && n->files_failed >= 0 && n->patients_new >= 0 && n->patients_existing >= 0 &&
			 n->visits_added >= 0 && n->visits_dup >= 0 && n->reported_added >= 0 &&
			 n->reported_dup >= 0 && n->skipped >= 0 && n->errors >= 0 && n->warnings >= 0,
		 "a negative count");
}

/* Import data[0..size) as file `name` (its extension may matter to the importer), and again. */
static inline void fz_import_twice(fz_importer importer, const char *name, const uint8_t *data, size_t size)
{
	static char *path;
	static gv_flag_options fo;
	if (!path) {
		path = fz_path(name);
		flags_default_options(&fo, GV_RULES_US);
	}
	fz_write(path, data, size);
	gv_store *st = fz_store();
	ingest_opts o = {0, NULL, "fuzz", age_days_from_civil(2025, 1, 1), fz_devnull(), fz_devnull(), &fo};
	ingest_counts first, again;
	memset(&first, 0, sizeof first);
	memset(&again, 0, sizeof again);
	int rc = importer(st, path, &o, &first);
	fz_check(rc == 0 || rc == 1, "first import: status %d (%s)", rc, store_errmsg(st));
	fz_counts_sane(&first);
	/* After bad rows a second import may legitimately differ (see above): only a clean file is
	 * imported again, which also keeps the executions fast. */
	if (first.errors == 0 && first.files_failed == 0) {
		o.flags = NULL; /* the invariants need no flag summaries: save the worker thread */
		rc = importer(st, path, &o, &again);
		fz_check(rc == 0 || rc == 1, "second import: status %d (%s)", rc, store_errmsg(st));
		fz_counts_sane(&again);
		fz_check(again.patients_new == 0 && again.visits_added == 0 && again.reported_added == 0,
			 "the second import of a clean file added %ld patients, %ld measurements, %ld reported values "
			 "(the first: %ld, %ld, %ld)",
			 again.patients_new, again.visits_added, again.reported_added, first.patients_new,
			 first.visits_added, first.reported_added);
		fz_check(again.errors == 0 && again.files_failed == 0, "the second import of a clean file: %ld errors%s",
			 again.errors, again.files_failed ? ", refused" : "");
	}
	store_close(st);
}

#endif
