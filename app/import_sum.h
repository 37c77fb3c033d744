/* import_sum.h — `growthview import-summaries FILE.jsonl`: summaries written elsewhere.
 *
 * One JSON object a line (JSON Lines; blank lines are skipped):
 *   patient_id     string, the external id used by `import` (required; the patient must be stored)
 *   model          string, 1-63 bytes, no control characters (required)
 *   text           string, 1-65536 bytes of UTF-8 once decoded, no NUL (required)
 *   summary_id     string, 1-128 printable ASCII characters (optional: kept as the summary's id;
 *                  when absent the id is "i-" + 16 hex digits of SHA-256(patient_id, model,
 *                  audience, text), so that the same line imported again is recognised)
 *   audience       "clinician" | "family" (optional)
 *   created        ISO 8601 date or time, e.g. 2026-12-05 or 2026-12-05T10:30:00Z (optional;
 *                  default: the time of the import)
 *   params         object (optional; stored as compact JSON)
 *   prompt_sha256  64 hex digits (optional; stored in lower case)
 * Other fields are ignored.  A bad line — not JSON, not an object, a missing or mistyped field,
 * an unknown patient, an empty, non-UTF-8, NUL-holding or too long text, a summary_id taken by
 * another summary — is reported as "FILE:LINE: reason" and skipped; the rest is imported in one
 * transaction (nothing when the store fails).  Control characters other than NUL are kept in the
 * text: it is stored raw, as the model wrote it (it is benchmark data), and every display cleans
 * it (core/text.h).  Importing the same file twice adds nothing.
 *
 * Reads the file line by line (a line may be up to IMPORT_SUM_LINE_MAX bytes): memory does not
 * grow with the file. */
#ifndef GV_IMPORT_SUM_H
#define GV_IMPORT_SUM_H

#include <stdio.h>

#include "app/store.h"

#define IMPORT_SUM_LINE_MAX (1024 * 1024)

typedef struct import_sum_counts {
	long lines;     /* non-blank lines read */
	long added;     /* summaries stored */
	long existing;  /* already stored (the same summary id, patient, model and text) */
	long bad;       /* lines reported and skipped */
} import_sum_counts;

/* Import path ("-": standard input) into st; problems go to msg as "FILE:LINE: reason" (FILE as
 * given, made safe for a terminal).  Counts are added to *n.  Returns 0 when every line was
 * good, 1 when some were bad (the good ones are stored), 2 when the file cannot be read or the
 * store failed (nothing of the file is stored; the reason was printed). */
int import_summaries(gv_store *st, const char *path, FILE *msg, import_sum_counts *n);

#endif
