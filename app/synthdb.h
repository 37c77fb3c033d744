/* synthdb.h — write a synthetic cohort (core/synth.h) into the patient store.
 *
 * Shared by `growthview synth` and `growthview demo`. */
#ifndef GV_SYNTHDB_H
#define GV_SYNTHDB_H

#include <stddef.h>
#include <stdint.h>

#include "app/store.h"

typedef struct synthdb_counts {
	long added;      /* patients added */
	long existing;   /* patients already in the store (same external id): left as they are */
	long visits;     /* measurements added */
	long conditions; /* added children with a planted clinical condition or preterm birth */
	long errors;     /* added children with a planted data-entry error */
} synthdb_counts;

/* Add children 0 .. n-1 of cohort `seed` measured up to `today` (day number), entered by `who`,
 * in one transaction (all or none).  External ids are "SYN-<seed>-<index>"; children already
 * present are skipped, so a second run adds nothing.  Children are generated on worker threads
 * and inserted in index order; each new child's open-flag summary (app/flagcache.h) is computed
 * with flag rule set `rules` (gv_ruleset) and written after the commit.  Returns 0 and fills *c,
 * or -1 with a message in err. */
int synthdb_fill(gv_store *st, uint64_t seed, uint64_t n, int32_t today, const char *who, int rules,
		 synthdb_counts *c, char *err, size_t errsz);

#endif
