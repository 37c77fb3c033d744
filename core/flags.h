/* flags.h — the clinical flag engine: a child's visits in, what deviates (and by which rule) out.
 *
 * Every flag comes from a named rule with a stable id ("wfa_below_p5_twice"), a category, a
 * severity, a threshold and its published source; the thresholds live in one table in flags.c,
 * each with its citation.  Flags are recomputed from the measurements on every call (never
 * stored): one pass scores every visit (growth_compute), a second pass looks for implausible
 * values in the child's own history, then every rule runs.
 *
 * Implausible values are never hidden and never deleted: each one gives an implausible_value flag
 * ("check this value").  A value judged wrong by a longitudinal check with a known mechanism
 * (pounds entered as kilograms, a misplaced decimal, inches as centimetres, height and weight
 * swapped, a height carried forward, a length that shrinks) is left out of the clinical rules, so
 * it cannot become a clinical finding.  A value that is only outside the reference's plausibility
 * limits (BIV) or far from the child's other values (EWMA outlier) is still used, and every flag
 * resting on it has suspect = 1.
 *
 * Prematurity: the engine scores preterm infants on corrected age until 24 months
 * (growth_compute); every flag computed on a corrected age says "corrected age" in its detail.
 * Before the switch to WHO 2006 (64 weeks postmenstrual age) their visits are on INTERGROWTH-21st
 * (growth.h): the rules of the term charts (WHO 2006, WHO 2007, CDC 2000: every z, percentile and
 * trajectory rule) do not read them; the implausible-value checks on the child's own history do.
 *
 * Birth size: a birth weight (a visit on the birth date) with a recorded gestational age of
 * 24+0 to 42+6 weeks, term or preterm, is classified on the INTERGROWTH-21st Newborn Size
 * standard (ig21_birth_weight_class): small for gestational age below the 10th centile, very
 * small below the 3rd, large above the 90th (rules "birth_weight_below_p10", "_below_p3",
 * "_above_p90"; flags.c cites the sources).  Only with o->growth.intergrowth set. */
#ifndef GV_FLAGS_H
#define GV_FLAGS_H

#include <stddef.h>
#include <stdint.h>

#include "core/record.h"

/* Categories (the "category" of the JSON contract).  Documented list; names by flags_cat_name. */
typedef enum gv_flag_cat {
	GV_CAT_FAILURE_TO_THRIVE,          /* "failure_to_thrive" */
	GV_CAT_UNDERWEIGHT,                /* "underweight" */
	GV_CAT_OVERWEIGHT,                 /* "overweight" */
	GV_CAT_OBESITY,                    /* "obesity" */
	GV_CAT_SEVERE_OBESITY,             /* "severe_obesity" */
	GV_CAT_SHORT_STATURE,              /* "short_stature" */
	GV_CAT_STUNTING,                   /* "stunting" */
	GV_CAT_WASTING,                    /* "wasting" */
	GV_CAT_THINNESS,                   /* "thinness" (WHO 2007 BMI-for-age, 5-19 y) */
	GV_CAT_MICROCEPHALY,               /* "microcephaly" */
	GV_CAT_MACROCEPHALY,               /* "macrocephaly" */
	GV_CAT_RAPID_WEIGHT_GAIN,          /* "rapid_weight_gain" */
	GV_CAT_NEWBORN_WEIGHT_LOSS,        /* "newborn_weight_loss" */
	GV_CAT_SEVERE_ACUTE_MALNUTRITION,  /* "severe_acute_malnutrition" */
	GV_CAT_MODERATE_ACUTE_MALNUTRITION,/* "moderate_acute_malnutrition" */
	GV_CAT_MIDPARENTAL_HEIGHT_GAP,     /* "midparental_height_gap" */
	GV_CAT_HEIGHT_FALTERING,           /* "height_faltering" */
	GV_CAT_HEAD_GROWTH_CROSSING,       /* "head_growth_crossing" */
	GV_CAT_IMPLAUSIBLE_VALUE,          /* "implausible_value": check this value */
	GV_CAT_SMALL_FOR_GA,               /* "small_for_gestational_age": birth weight < 10th centile (< 3rd: very small) */
	GV_CAT_LARGE_FOR_GA,               /* "large_for_gestational_age": birth weight > 90th centile */
	GV_CAT_COUNT
} gv_flag_cat;

/* Bit of category c in a category set (flags_categories). */
#define GV_CAT_BIT(c) ((uint64_t)1 << (c))

/* Severity, in increasing order of urgency. */
typedef enum gv_severity {
	GV_SEV_INFO,     /* "info": worth knowing, not a finding by itself (e.g. possible risk of overweight) */
	GV_SEV_CHECK,    /* "check": data quality, check this value (implausible_value only) */
	GV_SEV_MODERATE, /* "moderate": a finding to evaluate */
	GV_SEV_SEVERE,   /* "severe": severe form (severe wasting, SAM, class 2-3 obesity...) */
	GV_SEV_COUNT
} gv_severity;

/* Which set of cut-offs and charts, where US and WHO/international practice differ. */
typedef enum gv_ruleset {
	GV_RULES_US,  /* CDC/AAP: WHO 2006 charts under 24 months, CDC 2000 from 2 to 20 years */
	GV_RULES_WHO  /* WHO: 2006 standards to 5 years, 2007 reference 5-19 years, WHO chart lines */
} gv_ruleset;

typedef struct gv_flag_options {
	gv_ruleset rules;
	gv_options growth; /* chart policy and prematurity correction given to growth_compute */
} gv_flag_options;

/* Version of the rule definitions: bumped whenever a rule changes what it flags (a threshold, an
 * age window, a new rule), so that the flag summaries a database caches for its patient list are
 * recomputed by a growthview whose rules differ (app/flagcache.h, flagcache_check_rules). */
#define GV_FLAGS_VERSION 3 /* 2: faltering growth by NICE NG75's thresholds, WHO BIV on rounded z;
			    * 3: INTERGROWTH-21st: a preterm child's visits before 64 weeks PMA scored on it
			    * (growth_compute), birth size for gestational age (SGA, very small, LGA) */

/* Defaults for a rule set: US -> chart policy GV_POLICY_AUTO, WHO -> GV_POLICY_WHO; prematurity
 * correction as growth_default_options (before 37 weeks, until 24 months). */
void flags_default_options(gv_flag_options *o, gv_ruleset rules);

#define GV_FLAG_DETAIL 256 /* bytes of gv_flag.detail, including the NUL */

/* One flag.  Strings are static; the struct owns nothing. */
typedef struct gv_flag {
	const char *rule;       /* rule id, e.g. "wfa_below_p5_twice" */
	gv_flag_cat category;
	gv_severity severity;
	int32_t date;           /* day number of the visit; for a trajectory its last visit; for a
				 * rule met at several visits the latest one reported */
	int32_t date_from;      /* first visit of the trajectory / first visit the rule was met; == date otherwise */
	size_t visit;           /* index in child->v of the visit at date */
	int nvisits;            /* visits the rule was met at (1 for one visit, 2 for a pair of visits) */
	gv_ind indicator;       /* indicator read; GV_NIND when none (oedema) */
	double value;           /* the measurement at date, unit of the indicator (MUAC in mm); NAN if none */
	double z, percentile;   /* of that measurement; NAN when not scored */
	double metric;          /* the quantity compared with the threshold (z, percentile, lines
				 * crossed, % weight loss, SD gap, ratio...), see the rule */
	double threshold;       /* the rule's threshold (flags_rule_info), NAN when it is a set of cut-offs */
	const char *source;     /* the published source of the rule */
	int suspect;            /* 1: rests on a value flagged implausible (BIV or EWMA outlier) */
	int corrected;          /* 1: the visit's age was corrected for prematurity */
	char detail[GV_FLAG_DETAIL]; /* one line for people, with the numbers; ASCII */
} gv_flag;

/* Does acknowledging flag `acked` cover flag f too?  1 for the flag itself (same rule, same visit
 * date) and for a lower severity of the same finding up to the acknowledged visit: a rule lower on
 * the same ladder (microcephaly under severe microcephaly, wasting under severe wasting, obesity
 * under class 2 or 3 severe obesity, class 2 under class 3 ...) whose latest visit is not after
 * acked's.  A later visit's finding is new and stays open. */
int flags_ack_covers(const gv_flag *acked, const gv_flag *f);

/* A flag is current when its visit is within this many days of the child's last visit: what the
 * patient list counts as open (app/flagcache.h) and the flags panel shows first; older flags are
 * the child's history. */
#define GV_FLAGS_CURRENT_DAYS 365

/* 1 when flag f of child c (visits sorted by date) is current (GV_FLAGS_CURRENT_DAYS), else 0. */
int flags_current(const gv_child *c, const gv_flag *f);

/* Evaluate every rule for child c (visits sorted by date) under options o (NULL = US defaults).
 * Writes the first min(total, cap) flags to out (out may be NULL when cap is 0) and the total
 * number in *nflags: when *nflags > cap, call again with a larger array.  Flags come in rule
 * table order (implausible values first), then by visit.  One allocation per call (the per-visit
 * results and scratch, freed before returning); out is the caller's.  Returns GV_OK, GV_EINVAL for
 * a child of unknown sex, GV_ENOMEM. */
gv_status flags_compute(const gv_child *c, const gv_flag_options *o, gv_flag *out, size_t cap,
			size_t *nflags);

/* The same from results the caller already has (the TUI scores visits anyway to plot them):
 * res[i] = growth result of c->v[i] computed with o->growth (traj_results), or with the US
 * defaults when o is NULL.  Allocates only the per-visit scratch (one allocation, freed). */
gv_status flags_eval(const gv_child *c, const gv_result *res, const gv_flag_options *o, gv_flag *out,
		     size_t cap, size_t *nflags);

/* flags_eval, and the visits at which each flag's rule was met: for flag k < min(total, cap),
 * met[k * c->nv + i] is 1 when the flag holds at visit i (a rule of one visit: every visit it was
 * met at, the nvisits of the flag; a trajectory: its first and last visit; a newborn rule: the
 * birth weighing and the visit; a value checked: its visit), 0 otherwise.  met holds cap * c->nv
 * bytes (the caller's); NULL is flags_eval. */
gv_status flags_eval_met(const gv_child *c, const gv_result *res, const gv_flag_options *o, gv_flag *out,
			 size_t cap, size_t *nflags, unsigned char *met);

/* Cheap summary for list markers and cohort tests: *cats gets GV_CAT_BIT(category) of every flag
 * of severity >= min, leaving out suspect flags unless include_suspect.  No detail text is
 * formatted.  Same errors as flags_compute. */
gv_status flags_categories(const gv_child *c, const gv_flag_options *o, gv_severity min,
			   int include_suspect, uint64_t *cats);

/* 1 when child c has any clinical flag (any category but implausible_value) of severity >= min
 * that does not rest on a suspect value; 0 when none; -1 on error (unknown sex, no memory). */
int flags_any_clinical(const gv_child *c, const gv_flag_options *o, gv_severity min);

/* Numbers as growthview states them to people, the same in every flag detail and on every
 * screen (the TUI formats with these): a z-score with its sign and 2 decimals ("+2.56", "-0.43",
 * "+0.00"; ">99" / "<-99" beyond +/-99, "-" for NAN), a percentile with 1 decimal, 2 below 0.95
 * and from 99.05 ("10.9", "0.07", "99.48"; "<0.01", ">99.99" at the ends, "-" for NAN), rounded
 * to nearest as printf rounds.  buf holds FLAGS_FMT_MAX bytes; returns the length written. */
#define FLAGS_FMT_MAX 16
size_t flags_fmt_z(double z, char *buf);
size_t flags_fmt_pct(double p, char *buf);

/* Names for JSON and help screens: "failure_to_thrive", ...; "info", "check", "moderate",
 * "severe"; "" for other values. */
const char *flags_cat_name(gv_flag_cat c);
const char *flags_sev_name(gv_severity s);

/* Category by name; GV_CAT_COUNT when unknown. */
gv_flag_cat flags_cat_parse(const char *name);

/* A rule as documented in the man page and help screens. */
typedef struct gv_rule_info {
	const char *id;         /* stable id */
	const char *label;      /* wording shown to clinicians, e.g. "possible risk of overweight" */
	gv_flag_cat category;
	gv_severity severity;
	gv_ind indicator;       /* GV_NIND when none */
	const char *applies;    /* charts / ages / rule set it applies to, e.g. "WHO 2006 charts" */
	double threshold;       /* main threshold (the JSON "threshold"), NAN when a set of cut-offs */
	const char *threshold_text; /* the threshold as printed, e.g. "z < -2" */
	const char *source;     /* published source */
} gv_rule_info;

/* Number of rules, and rule i (0-based) into *out.  Returns 1, or 0 when i is past the end. */
size_t flags_nrules(void);
int flags_rule_info(size_t i, gv_rule_info *out);

#endif
