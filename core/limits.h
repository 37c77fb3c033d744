/* limits.h — the one table of physical limits: what a measured value of a child can be at all.
 *
 * Every way into the store checks against this table and nothing else: the CSV and FHIR
 * importers (app/ingest.c), the measurement form (ui/form.c), the store itself (app/store/values.c,
 * so that no other path can put a value in that an import would refuse), `growthview zscore`
 * (which refuses such a row instead of scoring it) and the synthetic cohort (core/synth.c plants
 * its data-entry errors only where the result stays inside).  Whatever the store holds can thus be
 * exported and imported again.
 *
 * These are not plausibility cut-offs: the WHO/CDC biologically implausible value flags
 * (core/growth.h) and the flags engine judge what is unlikely.  A value outside a limit is
 * impossible for a child (typically a unit or decimal-point slip far beyond the flags' range:
 * a 0.0001 kg or a 500 kg weight, a 5 cm length) and is refused with the limits in the message.
 *
 * Pure: no I/O. */
#ifndef GV_LIMITS_H
#define GV_LIMITS_H

#include <stdint.h>

#include "core/record.h"

typedef enum lim_qty {
	LIM_WEIGHT,        /* kg */
	LIM_HEIGHT,        /* length or height, cm */
	LIM_HEAD,          /* head circumference, cm */
	LIM_MUAC,          /* mid-upper arm circumference, cm */
	LIM_TRICEPS,       /* triceps skinfold, mm */
	LIM_SUBSCAP,       /* subscapular skinfold, mm */
	LIM_PARENT_HEIGHT, /* a parent's height, cm */
	LIM_GA_WEEKS,      /* gestational age at birth, completed weeks */
	LIM_AGE_DAYS,      /* age at a measurement, days */
	LIM_N
} lim_qty;

typedef struct lim_range {
	const char *name;  /* "weight", "length/height", ... (for messages) */
	const char *unit;  /* "kg", "cm", "mm", "weeks", "days" */
	double lo, hi;     /* accepted: lo <= x <= hi */
} lim_range;

/* The limits of quantity q (static; q < LIM_N). */
const lim_range *limits_of(lim_qty q);

/* 1 when x lies within the limits of q (NAN and infinities are not within). */
int limits_ok(lim_qty q, double x);

/* 1 when every value v holds (weight, length/height, head and arm circumference, skinfolds) is
 * within its limits; NAN (not measured) is fine.  When not, *bad (may be NULL) gets the first
 * quantity outside. */
int limits_visit_ok(const gv_visit *v, lim_qty *bad);

/* Value of quantity q in visit v (LIM_WEIGHT .. LIM_SUBSCAP; NAN for the others). */
double limits_visit_value(const gv_visit *v, lim_qty q);

/* 1 when every value of patient p that has limits (parents' heights, gestational age in completed
 * weeks when known) is within them; unknown values are fine.  *bad as above. */
int limits_patient_ok(const gv_patient *p, lim_qty *bad);

/* Years a birth date may lie before today before it is surely a typo (for a warning, never a
 * refusal: historical records exist): the longest verified human life, 122 years and 164 days
 * (Jeanne Calment, 1875-1997; Robine JM, Allard M. Science 1998;279:1834). */
#define LIMITS_OLDEST_DAYS 44724

/* 1 when a child born on day `birth` would be older than anyone has lived on day `today`. */
int limits_birth_unlikely(int32_t birth, int32_t today);

#endif
