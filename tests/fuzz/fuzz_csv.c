/* fuzz_csv.c — the CSV importer (app/import_csv.c) on one file, imported twice into a fresh store
 * (invariants: tests/fuzz/fz_ingest.h).  Seeds: tests/fuzz/csv/. */
#include "tests/fuzz/fz_ingest.h"

#include "app/import_csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_import_twice(import_csv, "in.csv", data, size);
	return 0;
}
