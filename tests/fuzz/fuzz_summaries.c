/* fuzz_summaries.c — import-summaries (app/import_sum.c) on one JSON Lines file, imported twice
 * into a fresh store holding patients P1 and P2.  Invariants: never a store error (status 2: what
 * the importer lets through the store must accept), counts add up, and a second import adds
 * nothing and finds every summary of the first already stored.  Seeds: tests/fuzz/summaries/. */
#include "tests/fuzz/fz_ingest.h"

#include "app/import_sum.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char *path;
	if (!path)
		path = fz_path("in.jsonl");
	fz_write(path, data, size);
	gv_store *st = fz_store();
	const char *ids[] = {"P1", "P2"};
	for (int i = 0; i < 2; i++) {
		gv_patient p;
		record_patient_init(&p);
		snprintf(p.ext_id, sizeof p.ext_id, "%s", ids[i]);
		p.sex = GV_FEMALE;
		p.birth_date = age_days_from_civil(2020, 1, 1);
		fz_check(store_patient_insert(st, &p, NULL, "fuzz", "fuzz") == STORE_OK, "patient: %s", store_errmsg(st));
	}
	import_sum_counts a = {0, 0, 0, 0}, b = {0, 0, 0, 0};
	int rc = import_summaries(st, path, fz_devnull(), &a);
	fz_check(rc == 0 || rc == 1, "first import: status %d (%s)", rc, store_errmsg(st));
	fz_check(a.added + a.existing + a.bad <= a.lines && a.added >= 0 && a.bad >= 0, "counts %ld+%ld+%ld > %ld lines",
		 a.added, a.existing, a.bad, a.lines);
	fz_check((rc == 1) == (a.bad > 0), "status %d with %ld bad lines", rc, a.bad);
	rc = import_summaries(st, path, fz_devnull(), &b);
	fz_check(rc == 0 || rc == 1, "second import: status %d (%s)", rc, store_errmsg(st));
	fz_check(b.added == 0, "the second import added %ld summaries", b.added);
	fz_check(b.existing == a.added + a.existing, "the second import found %ld stored, the first stored %ld + %ld",
		 b.existing, a.added, a.existing);
	long n = -1;
	fz_check(store_summary_count(st, 0, &n) == STORE_OK && n <= a.added, "%ld summaries stored, %ld added", n, a.added);
	store_close(st);
	return 0;
}
