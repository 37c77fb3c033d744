/* flagpipe.h — flag summaries of complete children, computed on a worker thread while the
 * caller goes on.
 *
 * The importer hands over each new patient's record as soon as it has read it, so the patient
 * list's markers (flagcache.h) are ready at commit without reading 100,000 children back from the
 * database afterwards: the flags of a 1,000,000-row import are computed on the second core while
 * the first one parses and inserts.  The summary is the one flagcache_update would store for the
 * same record (no acknowledgements: a new patient has none), visits taken in the store's order
 * (date, time, then as given). */
#ifndef GV_FLAGPIPE_H
#define GV_FLAGPIPE_H

#include <stddef.h>
#include <stdint.h>

#include "core/flags.h"
#include "core/record.h"

typedef struct flagpipe flagpipe;

typedef struct flagpipe_result {
	int64_t id;   /* the patient's p.id as given to flagpipe_add */
	int severity; /* flagcache severity code, 0 none */
	int count;    /* open flags */
} flagpipe_result;

/* Start a pipe computing with options o (kept by pointer: must outlive the pipe) and one worker
 * thread (none when it cannot be started: flagpipe_add then computes in the caller).  NULL when
 * out of memory. */
flagpipe *flagpipe_start(const gv_flag_options *o);

/* Queue the child of patient p with visits v[0..nv) (both copied).  May block while the worker
 * is several batches behind, so memory stays bounded.  0; -1 when out of memory (the pipe is then
 * failed: flagpipe_finish returns -1). */
int flagpipe_add(flagpipe *fp, const gv_patient *p, const gv_visit *v, size_t nv);

/* Wait for every queued child.  *res (owned by the pipe, valid until flagpipe_free) gets the
 * results in the order the children were added, *n their number.  0; -1 when any child could
 * not be queued or computed (out of memory): use none of them. */
int flagpipe_finish(flagpipe *fp, const flagpipe_result **res, size_t *n);

/* Stop the worker (waiting for it) and free everything.  NULL is fine. */
void flagpipe_free(flagpipe *fp);

#endif
