/* flagcache.h — the per-patient flag summary behind the patient list's markers.
 *
 * Flags are recomputed from the measurements (core/flags.h); the store only caches, per patient,
 * the highest severity and the number of OPEN flags, so the list can sort and filter 100,000
 * patients without computing anything.  A flag is open when it is current (its visit is within
 * FLAGCACHE_CURRENT_DAYS of the child's last visit; older ones are history, shown in the flags
 * panel) and not acknowledged (store_flag_ack for its rule and visit date).  Severity codes in the
 * store: 0 none, 1 info, 2 check (implausible value), 3 moderate, 4 severe. */
#ifndef GV_FLAGCACHE_H
#define GV_FLAGCACHE_H

#include <stddef.h>

#include "app/store.h"
#include "core/flags.h"

#define FLAGCACHE_CURRENT_DAYS GV_FLAGS_CURRENT_DAYS /* flags_current, core/flags.h */

/* Store severity code of a flag severity (1..4). */
int flagcache_code(gv_severity s);

/* Open flags of child c among flags f[0..n) given its acknowledgements: *severity (code, 0 when
 * none) and *count.  Pure: no store access. */
void flagcache_summarise(const gv_child *c, const gv_flag *f, size_t n, const store_ack *acks, size_t nacks,
			 int *severity, int *count);

/* Compute child c's flags (core/flags.h, options o) and summarise them as flagcache_summarise
 * does.  *scratch (malloc'd, may start NULL; caller frees) holds *cap flags and grows as needed,
 * so a loop over many children allocates once.  0; -1 when out of memory (*severity and *count
 * 0).  A child the engine cannot flag (unknown sex) has none.  Pure: no store access. */
int flagcache_child(const gv_child *c, const gv_flag_options *o, const store_ack *acks, size_t nacks,
		    gv_flag **scratch, size_t *cap, int *severity, int *count);

/* Is flag f acknowledged by one of acks (same rule, same visit date)? */
int flagcache_acked(const gv_flag *f, const store_ack *acks, size_t nacks);

/* Is flag f[i] of a child's flags f[0..n) acknowledged, itself (flagcache_acked) or through an
 * acknowledged flag of the same finding that covers it (flags_ack_covers: acknowledging "severe
 * microcephaly" covers the "microcephaly" of the visits up to it)? */
int flagcache_acked_in(const gv_flag *f, size_t n, size_t i, const store_ack *acks, size_t nacks);

/* The tag of o's rule set kept with the summaries: "us/2", "who/2" (rule set / GV_FLAGS_VERSION). */
void flagcache_rules_tag(const gv_flag_options *o, char *buf, size_t n);

/* Summaries computed with another rule set (the configuration's `flags` changed) or another
 * version of the rules (a newer growthview) are wrong for o: mark them all stale and record o's tag
 * (store_flag_rules_set), so the next refresh recomputes them.  A read-only store is not written:
 * *differ (may be NULL) says whether its summaries are another rule set's.  A database that never
 * recorded a tag gets o's without losing its summaries when it has no patient yet. */
store_rc flagcache_check_rules(gv_store *st, const gv_flag_options *o, int *differ);
/* The same comparison without writing anything: *differ 1 when the store's summaries are
 * another rule set's (or carry no tag). */
store_rc flagcache_rules_differ(gv_store *st, const gv_flag_options *o, int *differ);

/* Recompute and store the summary of one patient (its child loaded from the store).  Returns
 * STORE_OK or the store's error. */
store_rc flagcache_update(gv_store *st, int64_t patient_id, const gv_flag_options *o);

/* Recompute every patient whose summary is stale (measurements changed since), in one
 * transaction.  *n (may be NULL) gets how many were updated. */
store_rc flagcache_refresh(gv_store *st, const gv_flag_options *o, long *n);

#endif
