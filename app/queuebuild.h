/* queuebuild.h — `growthview queue build` as a service: names on a command line (models, raters,
 * patients) resolved in the store, the summaries listed, core/queue.h's plan made and written as a
 * new queue.  What `queue build` and `demo` (its demo rater's queue) share.
 *
 * Every name is checked before anything is written: an unknown model (no summary of it in the
 * store), rater or patient is refused with a message that names it; a plan without any item is
 * refused too (nothing written). */
#ifndef GV_QUEUEBUILD_H
#define GV_QUEUEBUILD_H

#include <stddef.h>
#include <stdint.h>

#include "app/store.h"

typedef struct queuebuild_opts {
	const char *const *models;   /* --models, two or more, distinct */
	size_t nmodels;
	const char *const *raters;   /* --raters: names, distinct */
	size_t nraters;
	int flagged;                 /* --patients flagged */
	const char *const *patients; /* --patients ID...: external ids or #N (npatients 0: all) */
	size_t npatients;
	double overlap;              /* --overlap, 0-1 */
	double gold;                 /* --gold, 0 to < 1 */
	size_t per_rater;            /* --per-rater, 0 = every candidate shared out */
	uint64_t seed;               /* --seed */
	const char *name;            /* NULL: "queue-N" */
} queuebuild_opts;

typedef struct queuebuild_result {
	int64_t queue;
	char name[65];
	size_t ncandidates, ngold_candidates; /* pairs found */
	size_t nordinary, ndouble;            /* chosen; of which to two raters */
	size_t nassigned;                     /* queue items written (all raters) */
	size_t *items, *gold;                 /* per rater (opts order): items, of which gold; malloc'd */
} queuebuild_result;

/* Build and write the queue.  Returns 0 with *res filled (queuebuild_result_free), 2 for bad input
 * (an unknown name, an option out of range) or 1 when the store failed or there is nothing to rate
 * (no pair of summaries of those models), with the reason in err either way (nothing written). */
int queuebuild_run(gv_store *st, const queuebuild_opts *o, queuebuild_result *res, char *err, size_t errsz);
void queuebuild_result_free(queuebuild_result *res);

#endif
