/* growth.h — one measurement in, every applicable indicator's z-score and percentile out.
 *
 * This is where the publishers' conventions live: which reference applies at which age (chart
 * policy), how age is counted, the WHO length/height +/-0.7 cm rule, weight-for-length vs
 * weight-for-height, WHO's restricted z beyond +/-3 SD, oedema, CDC's modified z and the 2022
 * extended BMI method, corrected age for prematurity and the implausible-value (BIV) flags.
 * Each rule cites its source where it is applied in growth.c. */
#ifndef GV_GROWTH_H
#define GV_GROWTH_H

#include "core/ig21.h"
#include "core/refs.h"

/* Which reference applies at which age. */
typedef enum gv_policy {
	GV_POLICY_AUTO, /* WHO 2006 under 24 months, CDC 2000 from 24 months (CDC/AAP, MMWR 2010;59(RR-9)) */
	GV_POLICY_WHO,  /* WHO 2006 to 60 completed months, WHO 2007 from 61 months to 19 y */
	GV_POLICY_CDC   /* CDC 2000 from birth to 20 y */
} gv_policy;

/* How a number was produced. */
typedef enum gv_method {
	GV_METHOD_NONE,
	GV_METHOD_LMS,            /* plain LMS */
	GV_METHOD_WHO_RESTRICTED, /* WHO restricted z beyond +/-3 SD (lms_z_restricted) */
	GV_METHOD_CDC_EXTENDED,   /* CDC 2022 extended BMI above the 95th percentile */
	GV_METHOD_IG21            /* INTERGROWTH-21st equations (ig21_score_value: skew t, normal or log-normal) */
} gv_method;

/* The age axis a result was looked up on (gv_result.axis): what a table, a chart's x axis or a
 * summary must call the age. */
typedef enum gv_age_axis {
	GV_AXIS_NONE,        /* not scored on any age axis (no age, no reference in force) */
	GV_AXIS_CHRONO,      /* chronological age (days since birth) */
	GV_AXIS_CORRECTED,   /* corrected age: chronological - (280 - GA days) (AAP 2004) */
	GV_AXIS_PMA,         /* postmenstrual age in weeks: (GA days + age days) / 7 (INTERGROWTH-21st PNG) */
	GV_AXIS_GA           /* gestational age at birth in days (INTERGROWTH-21st Newborn Size, day of birth) */
} gv_age_axis;

/* "chronological", "corrected", "postmenstrual", "gestational"; "" for GV_AXIS_NONE and others. */
const char *growth_axis_name(gv_age_axis a);

/* Warnings about a measurement (bits of gv_result.warn). */
enum {
	GV_W_STANDING_UNDER_9MO = 1 << 0, /* standing height before 9 months: position treated as unknown (WHO anthro c9mo_flag) */
	GV_W_LENGTH_ON_STATURE = 1 << 1,  /* recumbent length on a stature chart (CDC >= 24 mo, WHO 2007): scored as height, -0.7 cm */
	GV_W_STATURE_ON_LENGTH = 1 << 2,  /* standing height on a recumbent-length chart (CDC < 24 mo): scored as length, +0.7 cm */
	GV_W_BEFORE_TERM = 1 << 3,        /* corrected age before term: term references do not apply */
	GV_W_AGE_OUT_OF_RANGE = 1 << 4,   /* no table of the reference covers this age */
	GV_W_IG21_REFERENCE = 1 << 5,     /* birth size 24+0-32+6 weeks: INTERGROWTH-21st very preterm
					   * REFERENCE, not a standard (Villar 2016; ig21_is_reference) */
	GV_W_NWARN = 6
};

/* Short machine name of a warning bit ("standing_under_9mo", ...); "" for other values. */
const char *growth_warn_name(unsigned bit);

/* Options; growth_default_options gives the documented defaults. */
typedef struct gv_options {
	gv_policy policy;
	double preterm_weeks;        /* correct age when born before this many weeks (37) */
	double correct_until_months; /* ... until this chronological age in months (24); 0 = never */
	int intergrowth;             /* 1 (default): a preterm child's corrected visits before the switch
				      * are scored on INTERGROWTH-21st (above); 0: term references only */
} gv_options;

void growth_default_options(gv_options *o);

/* One measurement occasion.  NAN means "not given"; growth_measure_init sets all to NAN. */
typedef struct gv_measure {
	gv_sex sex;
	double age_days;   /* chronological age in days (fractional allowed); or NAN and ... */
	double age_months; /* ... chronological age in months */
	double weight_kg, height_cm, head_cm, muac_cm, triceps_mm, subscap_mm;
	char position;     /* 'L' recumbent length, 'H' standing height, 0 unknown */
	int oedema;        /* bilateral pitting oedema present */
	double ga_weeks;   /* gestational age at birth in weeks, fractional (33 + 4/7.0) */
	double bmi;        /* normally NAN (computed); set only to score a BMI given as is (CDC SAS does) */
} gv_measure;

void growth_measure_init(gv_measure *m);

/* The result for one indicator. */
typedef struct gv_ind_result {
	gv_status status;   /* GV_OK when z, p are set; otherwise why not */
	ref_table_id table; /* table used (T_NONE when none, and for INTERGROWTH-21st) */
	ig21_std ig;        /* INTERGROWTH-21st standard used (r->ref GV_REF_IG21_*), IG21_NSTD otherwise */
	gv_method method;   /* GV_METHOD_LMS or GV_METHOD_WHO_RESTRICTED (only when the rule changed z) */
	double value;       /* the measurement scored (after the +/-0.7 cm conversion), unit of the indicator */
	double x;           /* position on the table's axis: age in days or months, or length/height in cm;
			     * INTERGROWTH-21st: GA days (NBS), PMA weeks (PNG), length cm (weight-for-length) */
	double z, p;        /* z-score and percentile (0-100) */
	double mz;          /* CDC modified z-score (NAN for WHO) */
	int biv;            /* biologically implausible by the reference's cut-offs: -1 too low, +1 too high, 0 not
			     * (WHO: z rounded to 2 decimals, growth_who_z2; CDC: the modified z mz) */
} gv_ind_result;

typedef struct gv_result {
	gv_ref ref;                   /* reference in force (GV_REF_NONE when the age is beyond all) */
	double age_days, age_months;  /* chronological age */
	int corrected;                /* 1 when age is corrected for prematurity (corrected age or PMA) */
	double cage_days, cage_months;/* corrected age when corrected (negative before term), else chronological */
	gv_age_axis axis;             /* age axis of the reference in force (GV_AXIS_NONE when none) */
	double ga_days;               /* gestational age at birth, whole days; NAN when unknown */
	double pma_weeks;             /* postmenstrual age (ga_days + age_days) / 7; NAN when GA unknown */
	int who_day;                  /* whole day used for WHO 2006 lookups (half up), or -1 */
	double height_cm;             /* length/height scored, after conversion; NAN if not measured */
	double height_adj_cm;         /* conversion applied: +0.7, -0.7 or 0 */
	double bmi;                   /* BMI from weight and the scored length/height */
	unsigned warn;                /* GV_W_* bits */
	gv_ind_result ind[GV_NIND];
	/* CDC BMI only (NAN otherwise): CDC 2022 extended BMI z and percentile (equal to the LMS
	 * values below the 95th percentile), the 95th percentile and BMI as a percentage of it. */
	double z_bfa_ext, p_bfa_ext, bmi_p95_value, bmi_pct_p95;
	gv_method bfa_ext_method;
} gv_result;

/* Compute every indicator for one measurement under options o (NULL = defaults).
 * Returns GV_OK when the row could be scored at all (individual indicators may still be
 * missing or out of range: see r->ind[i].status), GV_EINVAL for an unknown sex or a negative age,
 * GV_MISSING when no age is given.  r is always fully initialised. */
gv_status growth_compute(const gv_measure *m, const gv_options *o, gv_result *r);

/* The z-score of value (unit of the indicator) on the table or INTERGROWTH-21st standard, at the x,
 * that ir was scored on (as ir->z is computed; WHO restricted tables beyond +/-3 SD).  NAN when ir
 * is not scored (ir->status != GV_OK) or value is not a positive number. */
double growth_ind_z(const gv_ind_result *ir, gv_sex sex, double value);

/* The measurement at z-score z on the table or standard, at the x, that ir was scored on
 * (growth_value_at or ig21_value_at_z).  GV_EINVAL when ir is not scored; else their status. */
gv_status growth_ind_value_at(const gv_ind_result *ir, gv_sex sex, double z, double *value);

/* Reference in force at age (months, corrected where applicable) under a policy, or GV_REF_NONE. */
gv_ref growth_ref_at(gv_policy policy, double age_months);

/* The table for indicator ind under reference ref at age_days: e.g. WHO 2006 weight-for-length
 * below 731 days and weight-for-height from 731 days; CDC infant tables below 24 months.
 * T_NONE when the reference has no such table. */
ref_table_id growth_table(gv_ref ref, gv_ind ind, double age_days);

/* The measurement at z-score z on table t for sex at x (table units); WHO restricted tables use
 * the restricted rule beyond +/-3 SD, as WHO's published SD curves do.  Returns GV_OK or the
 * refs_lms status (GV_EX_RANGE outside the table). */
gv_status growth_value_at(ref_table_id t, gv_sex sex, double x, double z, double *value);

/* The x at which table t is looked up for an age in days: whole days (half up) for WHO 2006,
 * months (days / 30.4375) otherwise. NAN for length/height tables. */
double growth_age_x(ref_table_id t, double age_days);

/* The z-score and percentile growthview reports for indicator ind of result r, the one number per
 * visit and indicator that the flags, the TUI and the JSON state: for CDC BMI-for-age the CDC 2022
 * extended values (z_bfa_ext, p_bfa_ext: CDC's method above the 95th percentile, equal to LMS
 * below it), otherwise the indicator's z and p.  NAN, NAN when the indicator is not scored. */
void growth_reported(const gv_result *r, gv_ind ind, double *z, double *p);

/* The implausible-value cut-off of indicator ind under reference ref, below (dir < 0) or above
 * (dir > 0): on the z rounded to 2 decimals for WHO, on the modified z for CDC (growth.c cites
 * both); a value is implausible beyond it, not at it.  NAN when the reference has none. */
double growth_biv_cutoff(gv_ref ref, gv_ind ind, int dir);

/* z rounded to 2 decimals, the way WHO Anthro and AnthroPlus report it and decide implausible
 * values on it (gv_ind_result.biv for WHO 2006/2007): -6.0049 -> -6.00, -6.0051 -> -6.01. */
double growth_who_z2(double z);

/* CDC 2022 extended BMI: sigma of the half-normal above P95 at age a (years), boys
 * 0.3728 + 0.5196a - 0.0091a^2, girls 0.8334 + 0.3712a - 0.0011a^2 (CDC, "Extended BMI-for-age
 * growth charts", 2022; Wei R et al., Ann Hum Biol 2020;47:514). */
double growth_cdc_bmi_sigma(gv_sex sex, double age_years);

#endif
