/* fuzz_fhir.c — the FHIR importer (app/fhir.c) on one file: a Bundle, a single resource or NDJSON
 * (the importer decides by content), imported twice into a fresh store (invariants:
 * tests/fuzz/fz_ingest.h).  Seeds: tests/fuzz/fhir/; dictionary: tests/fuzz/fhir.dict. */
#include "tests/fuzz/fz_ingest.h"

#include "app/fhir.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_import_twice(fhir_import, "in.json", data, size);
	return 0;
}
