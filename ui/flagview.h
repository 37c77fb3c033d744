/* flagview.h — the flags of one child as the TUI shows them: the adapter between the flags engine
 * (core/flags.h) and the flags panel, the chart's markers and the detail line.
 *
 * The screens only see flagview_item, so they do not depend on the engine's structures: if the
 * engine changes, this file changes.  Each item keeps the rule, its wording, the numbers that
 * triggered it and its published source, whether it rests on an implausible value, whether it is
 * current (its visit is within GV_FLAGS_CURRENT_DAYS of the child's last visit, as the list's
 * markers count them: app/flagcache.h) and whether a clinician acknowledged it.
 *
 * Pure apart from reading the acknowledgements the caller passes in: no ncurses, no store. */
#ifndef GV_FLAGVIEW_H
#define GV_FLAGVIEW_H

#include <stddef.h>
#include <stdint.h>

#include "app/store.h"
#include "core/flags.h"
#include "core/record.h"

typedef struct flagview_item {
	const char *rule;           /* rule id, e.g. "hcfa_below_m3sd" */
	const char *label;          /* wording for people, e.g. "severe microcephaly" */
	const char *category;       /* category name, e.g. "microcephaly" */
	gv_severity severity;
	int32_t date, date_from;    /* the visit (for a trajectory: its last and first visit) */
	size_t visit;               /* index of the visit at `date` in the child's visits */
	gv_ind indicator;           /* GV_NIND when none */
	double value, z, percentile;
	double metric, threshold;   /* the number compared with the rule's threshold, and it (NAN: a set) */
	const char *threshold_text; /* the threshold as printed in the man page, e.g. "z < -3" */
	const char *source;         /* published source */
	int implausible;            /* a "check this value" flag (category implausible_value) */
	int suspect;                /* a clinical flag resting on an implausible value */
	int corrected;              /* computed on an age corrected for prematurity */
	int current;                /* within GV_FLAGS_CURRENT_DAYS of the last visit */
	int acked;                  /* acknowledged by a clinician (same rule and visit date), itself or
				     * through a more severe flag of the same finding (flags_ack_covers) */
	const unsigned char *met;   /* met[i] = 1 for every visit i the rule held at (flags_eval_met);
				     * owned by the view, valid until the next compute */
	char detail[GV_FLAG_DETAIL];/* one line with the numbers, from the engine */
} flagview_item;

typedef struct flagview {
	flagview_item *items; /* sorted: open (current, not acknowledged) by severity, newest first;
			       * then acknowledged; then history (older than a year) */
	size_t n;
	size_t nopen;         /* items[0 .. nopen) are open */
	int open_severity;    /* highest severity code of the open flags as the store caches it
			       * (flagsum_code: 1 info .. 4 severe; 0 none) */
	/* private */
	size_t cap;
	gv_flag *raw;
	size_t rawcap;
	unsigned char *met;   /* rawcap x nv: visits each raw flag was met at */
	size_t metcap;
} flagview;

/* An empty view (no allocation). */
void flagview_init(flagview *fv);
void flagview_free(flagview *fv);

/* Evaluate the flags of child c: res[i] is the growth result of c->v[i] computed with o->growth
 * (flags_eval's contract), acks the child's acknowledgements (may be NULL with nacks 0).
 * Replaces fv's items.  Returns GV_OK, GV_ENOMEM, or GV_EINVAL (unknown sex: no flags, fv
 * emptied). */
gv_status flagview_compute(flagview *fv, const gv_child *c, const gv_result *res, const gv_flag_options *o,
			   const store_ack *acks, size_t nacks);

/* What visit `visit` should look like on the chart of indicator ind:
 *   2  suspect: an implausible-value flag on a measurement that indicator uses (weight for
 *      weight-for-age, BMI and weight-for-length/height, length/height for length/height-for-age,
 *      BMI and weight-for-length/height, head, arm circumference);
 *   1  flagged: a clinical flag of that indicator met at that visit (flagview_met);
 *   0  nothing. */
int flagview_point(const flagview *fv, size_t visit, gv_ind ind);

/* Was item it met at visit `visit` (a rule of one visit: each visit it held at; a trajectory: its
 * two visits)?  The table's Flag column, the chart's markers and the detail line show a flag at
 * every visit it was met at. */
int flagview_met(const flagview_item *it, size_t visit);

/* Short marker of a severity for lists and the panel: "!!" severe, "! " moderate, "? " check,
 * "i " info (two columns, ASCII: flags are never shown by colour alone). */
const char *flagview_marker(gv_severity s);
/* The same from the store's cached severity code (0 none: "  "). */
const char *flagview_marker_code(int code);

#endif
