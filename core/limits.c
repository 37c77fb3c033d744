/* limits.c — the physical limits table (see limits.h). */
#include "core/limits.h"

#include <math.h>

/* Canonical units.  Sources of the edges:
 * - weight 0.2 kg: the smallest infants born alive weigh 0.2-0.3 kg (the Tiny Baby Registry,
 *   University of Iowa: lowest 0.212 kg); 250 kg: above any child or adolescent on record.
 * - length/height 20 cm: below the length of a 22-week fetus (~28 cm; Fenton 2013 starts at
 *   22 weeks); 250 cm: above the tallest adult on record (272 cm, R. Wadlow).
 * - head circumference 15-70 cm: a 22-week fetus is ~20 cm (Fenton 2013); extreme
 *   hydrocephalus stays below 70 cm.
 * - arm circumference 5-60 cm, skinfolds 0.5-100 mm: callipers read 60-80 mm at most.
 * - parents' heights 100-250 cm: adults.
 * - gestational age 20-44 completed weeks: viability (~22 weeks) to post-term (42+), with margin.
 * - age 0 to LIMITS_OLDEST_DAYS (the longest verified life): anything older is a typo. */
static const lim_range table[LIM_N] = {
	[LIM_WEIGHT] = {"weight", "kg", 0.2, 250},
	[LIM_HEIGHT] = {"length/height", "cm", 20, 250},
	[LIM_HEAD] = {"head circumference", "cm", 15, 70},
	[LIM_MUAC] = {"arm circumference", "cm", 5, 60},
	[LIM_TRICEPS] = {"triceps skinfold", "mm", 0.5, 100},
	[LIM_SUBSCAP] = {"subscapular skinfold", "mm", 0.5, 100},
	[LIM_PARENT_HEIGHT] = {"parent's height", "cm", 100, 250},
	[LIM_GA_WEEKS] = {"gestational age", "weeks", 20, 44},
	[LIM_AGE_DAYS] = {"age", "days", 0, LIMITS_OLDEST_DAYS},
};

const lim_range *limits_of(lim_qty q)
{
	return &table[q];
}

int limits_ok(lim_qty q, double x)
{
	return x >= table[q].lo && x <= table[q].hi;
}

/* NAN (absent) passes; anything else must be within. */
static int absent_or_ok(lim_qty q, double x, lim_qty *bad)
{
	if (isnan(x) || limits_ok(q, x))
		return 1;
	if (bad)
		*bad = q;
	return 0;
}

int limits_visit_ok(const gv_visit *v, lim_qty *bad)
{
	return absent_or_ok(LIM_WEIGHT, v->weight_kg, bad) && absent_or_ok(LIM_HEIGHT, v->height_cm, bad) &&
	       absent_or_ok(LIM_HEAD, v->head_cm, bad) && absent_or_ok(LIM_MUAC, v->muac_cm, bad) &&
	       absent_or_ok(LIM_TRICEPS, v->triceps_mm, bad) && absent_or_ok(LIM_SUBSCAP, v->subscap_mm, bad);
}

double limits_visit_value(const gv_visit *v, lim_qty q)
{
	switch (q) {
	case LIM_WEIGHT: return v->weight_kg;
	case LIM_HEIGHT: return v->height_cm;
	case LIM_HEAD: return v->head_cm;
	case LIM_MUAC: return v->muac_cm;
	case LIM_TRICEPS: return v->triceps_mm;
	case LIM_SUBSCAP: return v->subscap_mm;
	default: return NAN;
	}
}

int limits_patient_ok(const gv_patient *p, lim_qty *bad)
{
	if (!absent_or_ok(LIM_PARENT_HEIGHT, p->mother_height_cm, bad) ||
	    !absent_or_ok(LIM_PARENT_HEIGHT, p->father_height_cm, bad))
		return 0;
	if (p->ga_weeks != 0 && !limits_ok(LIM_GA_WEEKS, p->ga_weeks)) {
		if (bad)
			*bad = LIM_GA_WEEKS;
		return 0;
	}
	return 1;
}

int limits_birth_unlikely(int32_t birth, int32_t today)
{
	return (int64_t)today - (int64_t)birth > LIMITS_OLDEST_DAYS;
}
