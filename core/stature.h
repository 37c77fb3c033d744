/* stature.h — what a pediatrician reads beside the height curve: the mid-parental target height
 * and its range, the child's projected adult height, and height velocity between visits.
 *
 * Mid-parental target (the convention of Tanner JM, Goldstein H, Whitehouse RH, "Standards for
 * children's height at ages 2-9 years allowing for heights of parents", Arch Dis Child
 * 1970;45:755):
 *     target = (father + mother + 13 cm) / 2 for a boy, (father + mother - 13 cm) / 2 for a girl,
 *     target range = target -/+ 8.5 cm.
 * Chosen over RCPCH's mid-parental centile method (Cole TJ, Arch Dis Child 2000;83:303: parents'
 * height SDS on the UK 1990 adult reference), because that needs the UK 1990 reference, which
 * growthview does not embed, while Tanner's works on any chart; it is also the target the flag
 * rules have always used (midparental_gap_over_2sd, core/flags.c) and the one the US and
 * international short-stature reviews teach (Barstow C, Rerucha C, Am Fam Physician 2015;92:43).
 *
 * The chart's adult end: the target, its range and a projected adult height are placed on the last
 * age of the stature chart of the chart policy in force: CDC 2000 stature-for-age at 240 months
 * (20 years; policies AUTO and CDC) or WHO 2007 height-for-age at 228 months (19 years; policy
 * WHO).  CDC's table ends at 240 months with the interval open there (refs.h), so its last row is
 * used as it stands, the way the flags and the prompt have always scored the target.
 *
 * Projected adult height: the child's current height z (the latest visit with a plausible height
 * scored on a term chart, from 2 years of age) carried to the adult end of the chart in force at
 * the same z (the "projected height" of Tanner 1970: the child's centile extrapolated to adult
 * age; from 2 years, when children have settled in their genetic channel: Smith DW et al., J
 * Pediatr 1976;89:225; RCPCH UK-WHO charts, adult height predictor from 2 years).  A projection,
 * not a prediction: no bone age, no puberty.
 *
 * Height velocity: cm/year between two visits with a length/height at least 4 months apart
 * (STATURE_VEL_MIN_DAYS): (later - earlier) / days x 365.25.  A recumbent length is converted to a
 * standing height (-0.7 cm: WHO MGRS 2006, Methods, p. 10) when the other visit is standing, so a
 * change of position is not read as growth or shrinkage.  No height-velocity reference table is in
 * ../shared/refdata (WHO's 2009 length velocity standards, Tanner-Whitehouse's velocity centiles
 * are not there), so no velocity centile is computed; instead a fixed clinical threshold where one
 * is published for the age (stature_vel_threshold): from 2 to 4 years < 5.5 cm/year, from 4 to 6
 * years < 5 cm/year ("growth failure is likely", Children's Mercy Kansas City, Evaluating growth
 * failure: a pediatric guide, section "Is the child's height velocity impaired?"), judged only on
 * intervals of at least 6 months, as that guide requires.  None under 2 years (infant velocity
 * falls steeply with age) nor from 6 years (thresholds there depend on sex and pubertal stage,
 * which the record does not hold): there a velocity is reported with no judgement.
 *
 * Pure: no allocation, no I/O. */
#ifndef GV_STATURE_H
#define GV_STATURE_H

#include <stddef.h>

#include "core/growth.h"
#include "core/record.h"

#define STATURE_TANNER_SEX_CM 13.0 /* Tanner 1970: the sex difference of adult height, added for a boy */
#define STATURE_TANNER_RANGE_CM 8.5 /* Tanner 1970: the target range, target -/+ 8.5 cm */

/* The mid-parental target on the adult end of a chart. */
typedef struct stature_target {
	gv_status status;        /* GV_OK; GV_MISSING when a parent's height is unknown; GV_EINVAL for an unknown
				  * sex or a parent's height that is not a positive number */
	double target_cm;        /* (father + mother +/- 13) / 2 */
	double lo_cm, hi_cm;     /* target -/+ 8.5 cm */
	gv_ref ref;              /* chart of the adult end: GV_CDC2000 or GV_WHO2007 */
	double adult_months;     /* its age: 240 (CDC) or 228 (WHO 2007) */
	double z, p;             /* the target as z and centile (0-100) there */
	double z_lo, z_hi;       /* the range's ends as z */
} stature_target;

/* The chart at whose adult end targets and projections are placed, under a chart policy:
 * GV_WHO2007 for GV_POLICY_WHO, GV_CDC2000 otherwise; *months gets 228 or 240. */
gv_ref stature_adult_ref(gv_policy policy, double *months);

/* z of a stature (cm) at the adult end of ref (GV_CDC2000 or GV_WHO2007) for sex; NAN for an
 * invalid input.  stature_adult_value is the inverse: the stature at z. */
double stature_adult_z(gv_ref ref, gv_sex sex, double cm);
double stature_adult_value(gv_ref ref, gv_sex sex, double z);

/* The mid-parental target for a child of sex whose parents measure mother_cm and father_cm (NAN =
 * unknown), placed on the adult end of policy's chart.  out is always fully set (numbers NAN unless
 * GV_OK); returns out->status. */
gv_status stature_target_of(gv_sex sex, double mother_cm, double father_cm, gv_policy policy, stature_target *out);

/* The child's projected adult height. */
typedef struct stature_projection {
	gv_status status;        /* GV_OK; GV_MISSING when no visit qualifies (no height from 2 years on a term
				  * chart); GV_EINVAL for an unknown sex */
	size_t visit;            /* the visit projected from */
	double z;                /* its length/height-for-age z */
	gv_ref ref;              /* adult end: GV_CDC2000 or GV_WHO2007 */
	double adult_months;
	double adult_cm, p;      /* the stature at that z there, and its centile */
} stature_projection;

/* The projection from the latest visit i of child c (visits sorted by date) with use[i] != 0 (use
 * NULL: every visit; the caller leaves out heights it judged implausible) whose length/height is
 * scored (res[i].ind[GV_LHFA].status GV_OK) on a term chart (WHO 2006, WHO 2007, CDC 2000) at a
 * chronological age of at least 24 months, res being the visits' results under policy
 * (traj_results).  out is always fully set; returns out->status. */
gv_status stature_project(const gv_child *c, const gv_result *res, const unsigned char *use, gv_policy policy,
			  stature_projection *out);

/* ------------------------------------------------------------------ height velocity */

#define STATURE_VEL_MIN_DAYS (4 * GV_DAYS_PER_MONTH)   /* velocities over at least 4 months */
#define STATURE_VEL_JUDGE_DAYS (6 * GV_DAYS_PER_MONTH) /* judged against a threshold over at least 6 months */

typedef struct stature_vel {
	gv_status status;        /* GV_OK; GV_MISSING when no earlier visit qualifies */
	size_t from, to;         /* visit indexes, from < to */
	double days;             /* interval, >= STATURE_VEL_MIN_DAYS */
	double cm;               /* change of length/height (after the position conversion) */
	double cm_per_year;      /* cm / days x 365.25 */
	double age_years;        /* chronological age at the middle of the interval */
	double threshold;        /* cm/year below which the velocity is slow at that age; NAN when none applies */
	int slow;                /* 1: below the threshold over >= 6 months; 0: not; -1: not judged (no
				  * threshold, or an interval under 6 months) */
} stature_vel;

/* The published threshold (cm/year) at chronological age age_years: 5.5 for 2 <= age < 4,
 * 5.0 for 4 <= age < 6 (Children's Mercy, above); NAN at other ages. */
double stature_vel_threshold(double age_years);

/* Height velocity of child c up to visit `to`: from the latest earlier visit with a length/height
 * at least STATURE_VEL_MIN_DAYS before it (both heights measured, positive and finite).  out is
 * always fully set; GV_MISSING when `to` has no height or no earlier visit qualifies, GV_EINVAL
 * for `to` out of range. */
gv_status stature_velocity(const gv_child *c, size_t to, stature_vel *out);

#endif
