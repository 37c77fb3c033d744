/* flagcache.h — the per-patient flag summary behind the patient list's markers.
 *
 * Flags are recomputed from the measurements (core/flags.h); the store only caches, per patient,
 * the highest severity and the number of OPEN flags, so the list can sort and filter 100,000
 * patients without computing anything.  Which flags are open, and the severity codes, are the
 * rules of core/flagsum.h (acknowledgements: store_flag_ack for a rule and visit date). */
#ifndef GV_FLAGCACHE_H
#define GV_FLAGCACHE_H

#include <stddef.h>

#include "app/store.h"
#include "core/flags.h"
#include "core/flagsum.h"

#define FLAGCACHE_CURRENT_DAYS GV_FLAGS_CURRENT_DAYS /* flags_current, core/flags.h */

/* The summary's rules (which flags are open, the severity code, acknowledged or not) are pure and
 * live in core/flagsum.h; these names are theirs from before, kept for callers written then. */
#define flagcache_code flagsum_code
#define flagcache_summarise flagsum_summarise
#define flagcache_child flagsum_child
#define flagcache_acked flagsum_acked
#define flagcache_acked_in flagsum_acked_in

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

/* One step of a refresh spread over idle time (the TUI's): recompute the stale summaries of up to
 * `max` patients with ids above *after, in one transaction (one commit for the step).  *after
 * gets the last id tried, *n how many were tried; *n < max means no stale summary was left above
 * the starting *after.  STORE_OK, or the store's error (busy: another growthview writing; the
 * step's summaries are rolled back). */
store_rc flagcache_refresh_step(gv_store *st, const gv_flag_options *o, int64_t *after, size_t max, size_t *n);

#endif
