/* sumgen.h — a patient's prompt and the built-in summaries (baseline, demo variants), ready to
 * store: what `growthview prompt`, `summarize` and `demo` share.
 *
 * One handle is reused from patient to patient (core/ handles inside keep their memory).  The
 * prompt is core/prompt.h's template with default options but the audience (150 words, every
 * indicator, no date of today, no visit dates), scored under the given flag options; its SHA-256
 * (of prompt.text, the canonical bytes) is what every summary made from it stores.  Not
 * thread-safe: one handle per thread. */
#ifndef GV_SUMGEN_H
#define GV_SUMGEN_H

#include <stddef.h>
#include <stdint.h>

#include "app/store.h"
#include "core/flags.h"
#include "core/prompt.h"

typedef struct sumgen sumgen;

/* A handle scoring children under fo (copied); NULL when out of memory. */
sumgen *sumgen_new(const gv_flag_options *fo);
void sumgen_free(sumgen *g);

/* Load patient pid from st and build its prompt for audience a (want_json: the JSON payload
 * too).  0, or -1 with a message in err (the store's, or the engine's). */
int sumgen_load(sumgen *g, gv_store *st, int64_t pid, gv_audience a, int want_json, char *err, size_t errsz);

/* Build the prompt for an already loaded child: the same as sumgen_load without reading the
 * store (a child loaded once, both audiences). */
int sumgen_rebuild(sumgen *g, gv_audience a, int want_json, char *err, size_t errsz);

/* The prompt last built (owned by g) and its SHA-256 in lower-case hex. */
const prompt *sumgen_prompt(const sumgen *g);
const char *sumgen_sha256(const sumgen *g);

/* The baseline summary of the loaded child for the prompt's audience into *s (a store_summary
 * whose strings are owned by g until the next call): model "baseline", backend baseline, the
 * template, audience and prompt hash, params {"baseline_version":N}.  0, or -1 (err). */
int sumgen_baseline(sumgen *g, store_summary *s, char *err, size_t errsz);

/* The synthetic variant model (1 or 2) of the loaded child (core/variants.h), seeded from seed:
 * model "demo-variant-N", backend synthetic, planted = the JSON array of the mistakes (kind,
 * start, end, original, planted, note, visit, indicator, category, engine, stated).  Calls
 * sumgen_baseline's work first.  0, or -1 (err). */
int sumgen_variant(sumgen *g, int model, uint64_t seed, store_summary *s, char *err, size_t errsz);

/* The demo's summaries, in one transaction: for each of the first max_patients patients (by
 * name) the baseline in both audiences and the two synthetic variants (demo-variant-1, -2) in
 * both audiences, their planted mistakes stored with them; variant seeds derive from seed and the
 * patient.  *nsum gets how many were stored.  0, or -1 with a message in err (nothing stored). */
int sumgen_fill_demo(gv_store *st, const gv_flag_options *fo, uint64_t seed, long max_patients, long *nsum, char *err,
		     size_t errsz);

/* Lower-case hex SHA-256 of p[0..n) into out. */
void sumgen_hex_sha256(const void *p, size_t n, char out[65]);

#endif
