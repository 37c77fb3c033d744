/* flagsum.h — the rules of a child's flag summary: which of its flags are open, the summary's
 * severity code and count (what the patient list shows and sorts by, and what the store caches
 * per patient: app/flagcache.h), and whether a flag is acknowledged.
 *
 * A flag is open when it is current (flags_current: its visit within GV_FLAGS_CURRENT_DAYS of the
 * child's last visit; older ones are history) and not acknowledged (an acknowledgement of its rule
 * at its visit date, or of a flag of the same finding that covers it: flags_ack_covers).
 * Severity codes: 0 none, 1 info, 2 check (implausible value), 3 moderate, 4 severe.
 * Pure: no I/O. */
#ifndef GV_FLAGSUM_H
#define GV_FLAGSUM_H

#include <stddef.h>

#include "core/flags.h"
#include "core/record.h"

/* Severity code (1..4) of a flag severity. */
int flagsum_code(gv_severity s);

/* Is flag f acknowledged by one of acks[0..nacks) (same rule, same visit date)? */
int flagsum_acked(const gv_flag *f, const gv_ack *acks, size_t nacks);

/* Is flag f[i] of a child's flags f[0..n) acknowledged, itself (flagsum_acked) or through an
 * acknowledged flag of the same finding that covers it (flags_ack_covers: acknowledging "severe
 * microcephaly" covers the "microcephaly" of the visits up to it)? */
int flagsum_acked_in(const gv_flag *f, size_t n, size_t i, const gv_ack *acks, size_t nacks);

/* Open flags of child c among flags f[0..n) given its acknowledgements: *severity (code, 0 when
 * none) and *count.  A child without visits has none. */
void flagsum_summarise(const gv_child *c, const gv_flag *f, size_t n, const gv_ack *acks, size_t nacks,
		       int *severity, int *count);

/* Compute child c's flags (core/flags.h, options o) and summarise them as flagsum_summarise
 * does.  *scratch (malloc'd, may start NULL; caller frees) holds *cap flags and grows as needed,
 * so a loop over many children allocates once.  0; -1 when out of memory (*severity and *count
 * 0).  A child the engine cannot flag (unknown sex) has none. */
int flagsum_child(const gv_child *c, const gv_flag_options *o, const gv_ack *acks, size_t nacks,
		  gv_flag **scratch, size_t *cap, int *severity, int *count);

#endif
