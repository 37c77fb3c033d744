/* ig21.h — INTERGROWTH-21st: size at birth and postnatal growth of preterm infants.
 *
 * Three instruments, each cited where its formula is in ig21.c:
 *
 *  - Newborn Size (NBS): weight, length and head circumference AT BIRTH for gestational age (GA)
 *    and sex, 24+0 to 42+6 weeks (GA 168-300 days).
 *      33+0-42+6 weeks (231-300 d): the international STANDARD of Villar J, Cheikh Ismail L,
 *        Victora CG, et al. Lancet 2014;384:857-868 — a skew t (GAMLSS family ST3) per day, with
 *        the mu, sigma, nu, tau of refdata/intergrowth/ig_nbs_msnt.csv (embedded at build time).
 *      24+0-32+6 weeks (168-230 d): the very preterm REFERENCE of Villar J, Giuliani F, Fenton TR,
 *        et al. Lancet 2016;387:844-845 — normal (length, head) or log-normal (weight) with a mean
 *        linear in GA and a constant SD.  A reference, NOT a standard: its infants include mothers
 *        with risk factors for growth restriction (the 2016 letter says why).  Every result carries
 *        `reference` = 1 there, and whatever shows it must say so.
 *  - Postnatal Growth of preterm infants (PNG): weight, length, head circumference by
 *    postmenstrual age (PMA) 27-64 weeks, and weight-for-length 35-65 cm (Villar J, Giuliani F,
 *    Bhutta ZA, et al. Lancet Glob Health 2015;3:e681-e691).  A prescriptive standard.
 *  - The handover (ig21_which): which of NBS, PNG or the WHO 2006 standards applies at a visit.
 *
 * Ages.  GA is in days (completed weeks x 7 + days: 33+4 = 235).  Postnatal (chronological) age is in
 * days since birth.  PMA = GA + postnatal age (AAP Committee on Fetus and Newborn, "Age terminology
 * during the perinatal period", Pediatrics 2004;114:1362), expressed here in exact, fractional
 * weeks: pma_weeks = (ga_days + postnatal_days) / 7 — the PNG equations are continuous in PMA and
 * reproduce the published whole-week tables at whole weeks.
 *
 * The handover, as the chart draws it (ig21_which):
 *
 *   visit on the day of birth (postnatal day 0)  GA 168-300 d    NBS by GA (birth size, SGA/LGA)
 *                                                otherwise       no INTERGROWTH size-at-birth
 *                                                                standard (term/post-term: WHO 2006)
 *   after birth, GA < 259 d (preterm, < 37+0)    PMA < 27 wk     none (no standard: PNG starts at 27)
 *                                                27 <= PMA <= 64 PNG by PMA
 *                                                PMA > 64 wk     WHO 2006 by corrected age
 *                                                                (= PMA - 40 weeks) until 24
 *                                                                months, then chronological
 *   after birth, GA >= 259 d (term)                              WHO 2006 by chronological age
 *
 * "Day of birth" is day 0 because ages here come from dates: the NBS study measured within 12 hours
 * of birth (Villar 2014), and a date cannot say more than "the day of birth".  The corrected age
 * after 64 weeks is the one core/growth.c already uses for preterm children (age_corrected_days;
 * AAP 2004, until 24 months of chronological age).  The gigs R package (LSHTM) hands over to WHO
 * by chronological age instead; growthview keeps one rule for every preterm child.
 *
 * Results.  z is the standard normal deviate of the measurement's centile; the centile p is
 * 0-100.  For NBS 231-300 d (skew t) the centile is computed first, from the ST3 distribution
 * function, and z = Phi^-1(centile) — the way INTERGROWTH's own z-score tables are built (their SD
 * columns are the ST3 quantiles at Phi(z)).  Elsewhere the model is normal and z comes first.
 *
 * Integration (what the chart, zscore and flags will call):
 *  - per visit: ig21_visit_score(sex, ga_days, postnatal_days, weight, length, head) gives
 *    when.use (NBS / PNG / WHO / none) and when.x, the four scores and, at birth, the size-for-GA
 *    class.  When when.use is IG21_USE_WHO the caller scores WHO 2006 through core/growth.c at age
 *    when.x days (already corrected when when.corrected), as it does today for term children.
 *  - chart curves: ig21_std_info(s)->xmin..xmax and xunit give the axis (GA days, PMA weeks, cm);
 *    ig21_value_at_z / ig21_value_at_centile give the curve at each x; the switch from PNG to WHO
 *    is at PMA 64 weeks = corrected age 24 weeks (168 days), drawn like the WHO->CDC switch; for
 *    GA < 231 days say "reference" (ig21_is_reference).
 *  - zscore columns: z_<name>, p_<name> for each ig21_std_name (z_ig_nbs_wfa ... z_ig_png_wflh), the
 *    birth class as ig21_sfga_name, pma_weeks from ig21_pma_weeks.
 *  - flags: small-for-GA (ig21_sfga_is_sga: very small or small), very small (< 3rd) and large
 *    (> 90th) for GA, from the birth weight (ig21_birth_weight_class), with the cut-offs and sources
 *    below (IG21_CENTILE_*).
 *
 * Errors: every function returns a gv_status — GV_MISSING for a NaN input, GV_EINVAL for an unknown
 * sex, standard or a non-positive measurement, GV_EX_RANGE for an x (GA, PMA, length) outside the
 * standard's range (never extrapolated).  Pure: no I/O, no allocation, no state. */
#ifndef GV_IG21_H
#define GV_IG21_H

#include <stddef.h>

#include "core/age.h"
#include "core/refs.h"
#include "core/status.h"

/* Ranges, from the publications above. */
#define IG21_NBS_GA_MIN 168     /* 24+0 weeks (Villar 2016) */
#define IG21_NBS_GA_STD_MIN 231 /* 33+0 weeks: from here the 2014 standard (Villar 2014) */
#define IG21_NBS_GA_MAX 300     /* 42+6 weeks (Villar 2014) */
#define IG21_PNG_PMA_MIN 27.0   /* weeks (Villar 2015) */
#define IG21_PNG_PMA_MAX 64.0   /* weeks (Villar 2015) */
#define IG21_PNG_LEN_MIN 35.0   /* cm, weight-for-length (INTERGROWTH-21st PNG weight-for-length table) */
#define IG21_PNG_LEN_MAX 65.0
/* Preterm: born before 37 completed weeks, GA < 259 days (WHO, "Recommended definitions,
 * terminology and format for statistical tables related to the perinatal period", Acta Obstet
 * Gynecol Scand 1977;56:247; ICD-10). */
#define IG21_PRETERM_DAYS 259
/* Age is corrected for prematurity until 24 months of chronological age, 24 x 30.4375 days (AAP
 * 2004, above; the default of core/growth.c, gv_options.correct_until_months). */
#define IG21_CORRECT_UNTIL_DAYS (24 * GV_DAYS_PER_MONTH)

/* The standards, one per measurement and x axis.  The names (ig21_std_name) are the column stems
 * growthview zscore will use: z_ig_nbs_wfa, p_ig_nbs_wfa, ..., z_ig_png_wflh. */
typedef enum ig21_std {
	IG21_NBS_WFA,  /* birth weight (kg) for GA (days 168-300) */
	IG21_NBS_LHFA, /* birth length (cm) for GA */
	IG21_NBS_HCFA, /* birth head circumference (cm) for GA */
	IG21_PNG_WFA,  /* weight (kg) for PMA (weeks 27-64) */
	IG21_PNG_LHFA, /* length (cm) for PMA */
	IG21_PNG_HCFA, /* head circumference (cm) for PMA */
	IG21_PNG_WFLH, /* weight (kg) for length (cm 35-65) */
	IG21_NSTD
} ig21_std;

/* Facts about a standard (static storage; NULL for an unknown value). */
typedef struct ig21_info {
	ig21_std std;
	gv_ind ind;        /* the growthview indicator it scores: GV_WFA, GV_LHFA, GV_HCFA or GV_WFLH */
	double xmin, xmax; /* closed range of x */
	const char *xunit; /* "days" (GA), "weeks" (PMA) or "cm" (length) */
	const char *name;  /* "ig_nbs_wfa", ..., "ig_png_wflh" */
	const char *title; /* "INTERGROWTH-21st newborn weight-for-gestational-age", ... */
} ig21_info;

const ig21_info *ig21_std_info(ig21_std s);
/* Short name ("ig_nbs_wfa"); "" for an unknown value. */
const char *ig21_std_name(ig21_std s);
/* Parse a short name; IG21_NSTD when unknown. */
ig21_std ig21_std_parse(const char *name);

/* One scored measurement. */
typedef struct ig21_score {
	gv_status status; /* GV_OK when z and p are set */
	ig21_std std;
	double x;         /* GA days, PMA weeks or length cm */
	double value;     /* the measurement, unit of the indicator */
	double z, p;      /* z-score and centile (0-100); NAN unless GV_OK */
	int reference;    /* 1: NBS very preterm (GA < 231 d), a reference and not a standard */
} ig21_score;

/* z-score and centile of value (kg or cm) for sex at x under standard s.  out is always fully
 * set (status repeated in out->status); z and p are NAN unless GV_OK. */
gv_status ig21_score_value(ig21_std s, gv_sex sex, double x, double value, ig21_score *out);

/* The measurement at z-score z (NBS skew t: the quantile at Phi(z); PNG: the normal or log-normal
 * equation), for drawing curves.  GV_EINVAL for a non-finite z or when the model gives no positive
 * value there (weight-for-length far below -3 SD). */
gv_status ig21_value_at_z(ig21_std s, gv_sex sex, double x, double z, double *value);

/* The measurement at centile p (0 < p < 100); GV_EINVAL outside. */
gv_status ig21_value_at_centile(ig21_std s, gv_sex sex, double x, double p, double *value);

/* 1 when standard s at x is the very preterm reference (NBS, GA < 231 d), else 0. */
int ig21_is_reference(ig21_std s, double x);

/* ------------------------------------------------------------------ size for gestational age */

/* Birth-size classification of a centile.  Cut-offs: small < 10th, large > 90th centile
 * (Battaglia FC, Lubchenco LO, "A practical classification of newborn infants by weight and
 * gestational age", J Pediatr 1967;71:159-163; WHO Expert Committee, "Physical status: the use and
 * interpretation of anthropometry", WHO Technical Report Series 854, 1995); very small < 3rd
 * (RCOG Green-top Guideline No. 31, "The investigation and management of the small-for-gestational-
 * age fetus", 2013: severe SGA).  The edges belong to the middle class: exactly the 10th or the
 * 90th centile is appropriate, exactly the 3rd is small. */
#define IG21_CENTILE_VERY_SMALL 3.0
#define IG21_CENTILE_SMALL 10.0
#define IG21_CENTILE_LARGE 90.0

typedef enum ig21_sfga {
	IG21_SFGA_NONE = 0,    /* not classified (no centile) */
	IG21_SFGA_VERY_SMALL,  /* < 3rd centile (a subset of small-for-GA) */
	IG21_SFGA_SMALL,       /* 3rd to < 10th centile */
	IG21_SFGA_APPROPRIATE, /* 10th to 90th */
	IG21_SFGA_LARGE        /* > 90th */
} ig21_sfga;

/* Class of a centile (0-100); IG21_SFGA_NONE for NaN or a value outside [0, 100]. */
ig21_sfga ig21_sfga_of_centile(double centile);
/* 1 for very small and small (both are small-for-gestational-age, SGA), else 0. */
int ig21_sfga_is_sga(ig21_sfga c);
/* "very_small", "small", "appropriate", "large"; "" for NONE or an unknown value. */
const char *ig21_sfga_name(ig21_sfga c);

/* Birth weight (kg) for GA: its NBS score and class (size-for-GA is judged on birth weight).
 * Returns the ig21_score_value status; *cls is IG21_SFGA_NONE unless GV_OK. */
gv_status ig21_birth_weight_class(gv_sex sex, double ga_days, double weight_kg, ig21_score *score,
				  ig21_sfga *cls);

/* ------------------------------------------------------------------ which standard at a visit */

typedef enum ig21_use {
	IG21_USE_NONE, /* no standard applies (preterm before 27 weeks PMA; GA < 24+0 at birth) */
	IG21_USE_NBS,  /* day of birth: Newborn Size by GA (x = GA days) */
	IG21_USE_PNG,  /* preterm, 27 <= PMA <= 64 weeks: PNG by PMA (x = PMA weeks) */
	IG21_USE_WHO   /* WHO 2006 (core/growth.c) at age x in days: corrected for a preterm infant */
} ig21_use;

typedef struct ig21_when {
	ig21_use use;
	int preterm;           /* GA < 259 days */
	double ga_days, postnatal_days;
	double pma_weeks;      /* (ga_days + postnatal_days) / 7 */
	double corrected_days; /* postnatal_days - (280 - ga_days), the corrected age (age.h) */
	int corrected;         /* IG21_USE_WHO with the corrected age (preterm, under 24 months) */
	double x;              /* where to look up: GA days (NBS), PMA weeks (PNG), age days (WHO); NAN for NONE */
} ig21_when;

/* Which standard applies to a visit at postnatal_days (>= 0; day 0 is the day of birth) of an
 * infant born at ga_days (> 0).  GV_MISSING for NaN, GV_EINVAL for a non-positive GA or a negative
 * age; out is always fully set (use = IG21_USE_NONE on error). */
gv_status ig21_which(double ga_days, double postnatal_days, ig21_when *out);

/* Postmenstrual age in weeks: (ga_days + postnatal_days) / 7 (AAP 2004, above). */
double ig21_pma_weeks(double ga_days, double postnatal_days);

/* ------------------------------------------------------------------ one visit */

/* The INTERGROWTH-21st results of one visit: which standard applies and, when it is NBS or PNG,
 * the score of each measurement given (NAN = not measured). */
typedef struct ig21_visit {
	ig21_when when;
	ig21_score wfa, lhfa, hcfa; /* weight, length, head circumference (NBS or PNG by when.use) */
	ig21_score wflh;            /* PNG weight-for-length (no NBS weight-for-length exists) */
	ig21_sfga sfga;             /* at birth: class of the birth weight; else IG21_SFGA_NONE */
} ig21_visit;

/* Score one visit.  Measurement statuses: GV_MISSING when not measured, GV_ENOT_IN_REF for
 * weight-for-length at birth, GV_EAGE_RANGE when the visit falls to WHO or to no standard (the
 * caller then scores WHO 2006 through core/growth.c at when.x), else as ig21_score_value.  Returns
 * the ig21_which status (GV_OK when the visit could be placed); out is always fully set. */
gv_status ig21_visit_score(gv_sex sex, double ga_days, double postnatal_days, double weight_kg,
			   double length_cm, double head_cm, ig21_visit *out);

/* ------------------------------------------------------------------ the skew t (ST3) */

/* Student t distribution function with df > 0 degrees of freedom (df need not be whole), from the
 * regularised incomplete beta function: P(T <= t) = I_{df/(df+t^2)}(df/2, 1/2) / 2 for t <= 0
 * (Abramowitz & Stegun 26.7.1; DLMF 8.17.22 continued fraction).  NaN for df <= 0. */
double ig21_t_cdf(double t, double df);
/* Quantile of the t distribution, 0 < p < 1 (-inf at 0, +inf at 1, NaN outside). */
double ig21_t_quantile(double p, double df);

/* The skew t type 3 of GAMLSS (Fernandez C, Steel MFJ, "On Bayesian modeling of fat tails and
 * skewness", J Am Stat Assoc 1998;93:359-371; Rigby RA, Stasinopoulos DM et al., "Distributions for
 * modeling location, scale, and shape: using GAMLSS in R", CRC 2019, sec. 18.4.12): with
 * z = (y - mu)/sigma and T the t distribution function with tau degrees of freedom,
 *   F(y) = 2/(1+nu^2) T(nu z)                    for y < mu,
 *   F(y) = 1 - 2 nu^2/(1+nu^2) T(-z/nu)          for y >= mu.
 * sigma, nu, tau > 0; NaN otherwise. */
double ig21_st3_cdf(double y, double mu, double sigma, double nu, double tau);
/* Upper tail 1 - F(y), without the cancellation of 1 - F when F is near 1. */
double ig21_st3_sf(double y, double mu, double sigma, double nu, double tau);
/* Quantile of ST3 at 0 < p < 1: mu + sigma/nu * T^-1(p(1+nu^2)/2) below F(mu) = 1/(1+nu^2),
 * mu - sigma nu T^-1(q(1+nu^2)/(2 nu^2)) above it, q = 1 - p.  ig21_st3_quantile_upper takes q
 * itself, for accuracy in the upper tail.  NaN outside [0, 1] or for invalid parameters. */
double ig21_st3_quantile(double p, double mu, double sigma, double nu, double tau);
double ig21_st3_quantile_upper(double q, double mu, double sigma, double nu, double tau);

/* ------------------------------------------------------------------ embedded coefficients */

/* The NBS skew t coefficients per GA day, generated at build time from
 * refdata/intergrowth/ig_nbs_msnt.csv by refdata/refgen (--msnt); for tests and tools. */
typedef struct ig21_msnt_row {
	double x, mu, sigma, nu, tau;
} ig21_msnt_row;

typedef struct ig21_msnt_block {
	const char *measure; /* "weight_kg", "length_cm", "head_cm" */
	int sex;             /* 1 male, 2 female */
	const ig21_msnt_row *rows;
	size_t n;
} ig21_msnt_block;

typedef struct ig21_msnt_table {
	const char *file;
	const ig21_msnt_block *blocks;
	size_t nblocks;
} ig21_msnt_table;

/* Generated (build/gen/igtables.c). */
extern const ig21_msnt_table ig21_nbs_msnt;

/* mu, sigma, nu, tau of NBS standard s (IG21_NBS_*) for sex at GA ga_days (231-300), linearly
 * interpolated between the two neighbouring days (exact at a whole day). */
gv_status ig21_nbs_coefs(ig21_std s, gv_sex sex, double ga_days, ig21_msnt_row *out);

#endif
