/* checker.h — the claim checker (core/claims.h) run on stored summaries: the child's record is
 * rebuilt from the store (store_child_load, the same record `flags` and `tasks` read), its engine
 * results computed once (claims_child_new) and kept while the next summaries are of the same
 * child, the summary judged, and the verdicts stored with the checker's version (store_checks_put).
 * Used by `growthview check`; the rating screen and the export can ask it the same way.
 *
 * Not thread-safe: one checker per store handle. */
#ifndef GV_CHECKER_H
#define GV_CHECKER_H

#include <stddef.h>
#include <stdint.h>

#include "app/store.h"
#include "core/claims.h"

typedef struct checker checker;

/* A checker reading st (not owned: it must outlive the checker) with options o (copied; NULL: US
 * defaults).  NULL when out of memory. */
checker *checker_new(gv_store *st, const claims_options *o);
void checker_free(checker *k);

/* Judge text[0..len), a summary of patient patient_id, into *out (claims_free it afterwards, also
 * after an error).  A child whose record cannot be judged (unknown sex, no measurement) gets the
 * claims extracted and every one unverifiable, with *why (may be NULL) set to a static sentence
 * saying so; else *why = NULL.  0; -1 with the message in store_errmsg-style text in err (errsz
 * bytes) on a store error or out of memory. */
int checker_judge(checker *k, int64_t patient_id, const char *text, size_t len, claims_result *out,
		  const char **why, char *err, size_t errsz);

#endif
