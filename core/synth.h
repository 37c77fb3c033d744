/* synth.h — a synthetic cohort of children with longitudinal records and known truth.
 *
 * A pure generator (no I/O, no globals): child number `index` of cohort `seed` is a function of
 * (config, seed, index) alone, so a caller can generate children in any order, in parallel or
 * resume half-way, and always get the same children byte for byte.
 *
 * Each child has visits on the well-child schedule (birth, 1, 2, 4, 6, 9, 12, 15, 18, 24, 30
 * months, then yearly from 3 to 18 years) up to the configured "today", with missed visits and date
 * jitter.  Measurements are drawn from the reference LMS distributions in force under the default
 * chart policy (WHO 2006 under 24 months, CDC 2000 from 24 months; core/growth.h) at child-specific
 * z-scores that track over time with slow drift, plus measurement noise and clinic rounding.
 * A small, configurable share of children carries one planted condition or data-entry error,
 * recorded in gv_patient.labels (one SYNTH_L_* bit) and, in detail, in a synth_truth.
 *
 * Model (all z-scores are on the reference the growth engine uses at that visit):
 *   height z   zh(t) = sqrt(1-vh) Ah + sqrt(vh) Oh(t)              vh = 0.12, tau = 3 y
 *   weight z   zw(t) = rho(t) zh(t) + sqrt(1-rho(t)^2) zx(t)       zx like zh, vx = 0.25, tau = 1.5 y
 *   head z     zc(t) = 0.4 zh(t) + sqrt(0.84) zy(t)                zy like zh, vy = 0.15, tau = 1.5 y
 * where A is a child's stable N(0,1) component and O(t) a stationary Ornstein-Uhlenbeck process
 * with N(0,1) marginals, so every z is N(0,1) at every age (the reference distribution) yet
 * tracks: the correlation of a child's height z one year apart is about 0.97, of weight z 0.93.
 * rho(t), the weight-height correlation, is the one that makes BMI = weight/height^2 follow the
 * BMI reference too: on the log scale var(log BMI) = var(log W) + 4 var(log H) - 4 cov, with
 * sd(log X) ~ S of the LMS table, so rho = (Sw^2 + 4 Sh^2 - Sb^2) / (4 Sw Sh) at that age
 * (0.8 at birth, 0.65-0.8 through childhood, 0.4-0.6 at 18 years).  Healthy children's latent z's
 * are kept within +/-3 (beyond, the CDC weight and BMI curves, with L < 0, give absurd values or
 * none).  Measured z-scores of healthy children then have mean ~0 and SD ~1 per indicator under
 * both references (tests/core_synth.c reports the figures).
 *
 * Planted (one kind per child; the child is otherwise drawn as a healthy one):
 *   failure to thrive   infancy: weight z from >= -0.9 down across >= 2 major percentile lines
 *                       (95/90/75/50/25/10/5) and by more than NICE NG75's 2 centile spaces
 *                       (4/3 SD; 3 spaces, 2 SD, from above the 91st centile), each with 0.3 SD to
 *                       spare, between two visits 4-12 months apart in the first 18 months;
 *                       length falls by 30% of it
 *   obesity onset       from 3 years: BMI from z <= 1.0 up to 105-135% of the CDC 95th percentile
 *                       over 1-3 years, and >= 105% of it afterwards
 *   short stature       height z from -0.8..0 (at 3-5 y) straight down to -2.2..-2.6 over 4-5
 *                       years (velocity 2-4 cm/y), weight z by half as much; parents of ordinary
 *                       height (a gap to the mid-parental target)
 *   micro/macrocephaly  head circumference z fixed at -3.5..-2.6 / +2.6..+3.5, measured at birth
 *   preterm             GA 28+0..35+6 weeks; sizes at corrected age with a deficit of 0.4-1.2 SD
 *                       at term (0.75 of it for length, half for head) fading over ~6 months;
 *                       before term, sizes scaled from Fenton 2013 (the engine does not score them)
 *   lb as kg            one visit after birth: weight x 2.20462, rounded as the clinic rounds
 *   swap                one visit after birth: weight and height exchanged
 *   carried height      the height of a visit (1 month - 8 years) repeated at every visit of the
 *                       next 9-15 scheduled months
 *   misplaced decimal   one visit after birth: weight or height (half each) x 10 or / 10
 *
 * Use (e.g. `growthview synth`): validate the config once, then for each index
 *   gv_visit v[SYNTH_MAX_VISITS]; gv_child ch;
 *   synth_child(&cfg, seed, i, &ch, v, NULL);   -> store ch.p and ch.v[0 .. ch.nv)
 * The external ids are "SYN-<index>": two cohorts with different seeds share them. */
#ifndef GV_SYNTH_H
#define GV_SYNTH_H

#include <stdint.h>

#include "core/record.h"
#include "core/status.h"

/* Visits per child at most: the schedule has 27 slots (11 to 30 months, 16 yearly). */
#define SYNTH_MAX_VISITS 32

/* What was planted in a child: at most one per child. */
typedef enum synth_kind {
	SYNTH_HEALTHY = 0,
	/* Clinical conditions. */
	SYNTH_FTT,            /* failure to thrive: weight-for-age z falls across >= 2 major percentile lines */
	SYNTH_OBESITY,        /* obesity onset: BMI rises to 105-135% of the 95th percentile (CDC, >= 3 y) */
	SYNTH_SHORT_STATURE,  /* height z falls to -2.2..-2.6 over 4-5 years: a falling height velocity */
	SYNTH_MICROCEPHALY,   /* head circumference z < -2 (congenital: from birth on) */
	SYNTH_MACROCEPHALY,   /* head circumference z > +2 */
	SYNTH_PRETERM,        /* born at 28+0 to 35+6 weeks, smaller at term-corrected age, catching up */
	/* Data-entry errors at one visit (or a run of visits) of an otherwise healthy child. */
	SYNTH_ERR_LB_AS_KG,   /* the weight in pounds typed in the kilogram field (x 2.20462) */
	SYNTH_ERR_SWAP,       /* height and weight typed into each other's fields */
	SYNTH_ERR_CARRIED,    /* the same height carried forward for about a year of a growing child */
	SYNTH_ERR_DECIMAL,    /* a weight or height with its decimal point misplaced (x 10 or / 10) */
	SYNTH_NKINDS
} synth_kind;

/* Ground-truth labels (gv_patient.labels): bit (kind - 1) for each kind, 0 for SYNTH_HEALTHY. */
#define SYNTH_LABEL(kind) ((kind) == SYNTH_HEALTHY ? 0u : 1u << ((unsigned)(kind) - 1u))
enum {
	SYNTH_L_FTT = 1u << 0,
	SYNTH_L_OBESITY = 1u << 1,
	SYNTH_L_SHORT_STATURE = 1u << 2,
	SYNTH_L_MICROCEPHALY = 1u << 3,
	SYNTH_L_MACROCEPHALY = 1u << 4,
	SYNTH_L_PRETERM = 1u << 5,
	SYNTH_L_ERR_LB_AS_KG = 1u << 6,
	SYNTH_L_ERR_SWAP = 1u << 7,
	SYNTH_L_ERR_CARRIED = 1u << 8,
	SYNTH_L_ERR_DECIMAL = 1u << 9,
	/* Labels that a clinical flag should report, and labels that are data-entry errors (each
	 * should be flagged as a suspect value, never reported as a clinical finding). */
	SYNTH_L_CLINICAL = SYNTH_L_FTT | SYNTH_L_OBESITY | SYNTH_L_SHORT_STATURE | SYNTH_L_MICROCEPHALY |
			   SYNTH_L_MACROCEPHALY,
	SYNTH_L_ERRORS = SYNTH_L_ERR_LB_AS_KG | SYNTH_L_ERR_SWAP | SYNTH_L_ERR_CARRIED | SYNTH_L_ERR_DECIMAL,
	SYNTH_L_ALL = (1u << (SYNTH_NKINDS - 1)) - 1u
};

/* Machine name of a kind: "healthy", "failure_to_thrive", "obesity", "short_stature",
 * "microcephaly", "macrocephaly", "preterm", "lb_as_kg", "height_weight_swap",
 * "carried_forward_height", "misplaced_decimal"; "" for other values.  Static strings. */
const char *synth_kind_name(synth_kind k);

/* The flag category (core/flags.h) a flags engine is expected to raise for a kind:
 * "failure_to_thrive", "obesity", "short_stature", "microcephaly", "macrocephaly" for the
 * conditions, "implausible_value" for the four data-entry errors, "" for SYNTH_HEALTHY and
 * SYNTH_PRETERM (no flag: the engine scores a preterm child at corrected age). */
const char *synth_kind_category(synth_kind k);

/* The kind whose label bit is set in labels (the lowest, if several); SYNTH_HEALTHY for 0.
 * Parses back to a kind what synth_child stored in gv_patient.labels. */
synth_kind synth_labels_kind(uint32_t labels);

/* ------------------------------------------------------------------------------------------
 * The random stream: xoshiro256** 1.0 (Blackman & Vigna, "Scrambled linear pseudorandom number
 * generators", ACM TOMS 2021; prng.di.unimi.it), seeded with splitmix64 (Steele, Lea & Flood,
 * OOPSLA 2014).  Integer arithmetic only, and normal deviates by Marsaglia's polar method with a
 * logarithm computed here from + - * / and frexp (no libm call), so the stream is the same on every
 * machine whose doubles are IEEE 754 binary64 evaluated without excess precision or FMA
 * contraction (FLT_EVAL_METHOD 0, as on x86-64 and ARM; -std=c11 turns contraction off in GCC).
 * The state belongs to the caller; nothing is global. */
typedef struct synth_rng {
	uint64_t s[4];
	double spare;   /* second deviate of the last polar pair */
	int has_spare;
} synth_rng;

/* Seed stream number `stream` of seed `seed`: distinct (seed, stream) pairs give unrelated
 * streams (the pair is hashed with splitmix64's finaliser, a bijection, before seeding). */
void synth_rng_seed(synth_rng *r, uint64_t seed, uint64_t stream);

/* Next 64 random bits. */
uint64_t synth_rng_next(synth_rng *r);

/* Uniform in [0, 1), 53 random bits. */
double synth_rng_uniform(synth_rng *r);

/* Uniform integer in [lo, hi] (hi >= lo). */
int synth_rng_int(synth_rng *r, int lo, int hi);

/* Standard normal deviate (Marsaglia & Bray polar method, SIAM Review 1964;6:260). */
double synth_rng_normal(synth_rng *r);

/* ------------------------------------------------------------------------------------------ */

typedef struct synth_config {
	int32_t today;                 /* day number (core/age.h): no visit after it */
	double rate[SYNTH_NKINDS];     /* share of children of each kind; rate[SYNTH_HEALTHY] is ignored
					  (healthy = 1 - the sum of the others) */
	double missed_scale;           /* multiplies the missed-visit probabilities: 1 default, 0 none */
} synth_config;

/* Defaults for a cohort measured up to `today`: 7.5% of children with something planted —
 * failure to thrive 1.0%, obesity onset 1.2%, short stature 0.8%, microcephaly 0.5%,
 * macrocephaly 0.5%, preterm 1.5%, and data-entry errors 2.0% (lb-as-kg 0.5%, swap 0.4%,
 * carried-forward height 0.5%, misplaced decimal 0.6%); missed_scale 1. */
void synth_default_config(synth_config *c, int32_t today);

/* GV_OK, or GV_EINVAL when a rate is outside [0, 1] or NaN, the rates sum above 1, or
 * missed_scale is outside [0, 3]. */
gv_status synth_check_config(const synth_config *c);

/* What was planted in one child, for tests, the flags engine's tests and the LLM benchmark.
 * Visit indices refer to the child's visit array (0 = first visit); -1 = none. */
typedef struct synth_truth {
	synth_kind kind;
	uint32_t labels;        /* the same as the child's gv_patient.labels */
	int32_t age_today;      /* the child's age in days at config.today */
	/* The span of visits showing the planted thing (inclusive):
	 *   FTT, obesity, short stature: the visits where the planted change of z begins and ends
	 *     (it keeps its level after `last`);
	 *   microcephaly, macrocephaly: the first and last visit with a head circumference;
	 *   preterm: the first and last visit the engine scores at corrected age (-1 if none);
	 *   lb-as-kg, swap, misplaced decimal: first == last == the visit with the error;
	 *   carried-forward height: `first` is the visit whose height is repeated, `last` the last
	 *     visit that repeats it (every visit in first+1..last repeats it). */
	int first, last;
	gv_ind ind;             /* indicator concerned: GV_WFA (FTT, lb-as-kg, swap, decimal on weight),
				   GV_BFA (obesity), GV_LHFA (short stature, carried height, decimal on
				   height), GV_HCFA (micro/macrocephaly), GV_NIND (healthy, preterm) */
	double z_from, z_to;    /* planted z of ind at `first` and at `last`, before noise (conditions);
				   drop for FTT = z_from - z_to; NAN for errors and preterm */
	double factor;          /* errors: recorded = true value * factor (2.20462262, 10 or 0.1); NAN otherwise */
	double true_value;      /* errors: the value that should have been recorded at `first` (carried:
				   at `last`); for a swap, the true weight; NAN otherwise */
	double bmi_pct_p95;     /* obesity: the planted BMI at `last` as a percentage of the CDC 95th
				   percentile (105-135; >= 120 is severe obesity, class 2); NAN otherwise */
	double catchup_z;       /* preterm: z deficit at term (negative), fading with time constant 6 months
				   of corrected age; 0 otherwise */
	/* Per visit: the z-scores the values were drawn at (before noise and rounding; NAN when not
	 * measured or before term), on the reference the engine uses at that visit. */
	double z_wfa[SYNTH_MAX_VISITS], z_lhfa[SYNTH_MAX_VISITS], z_hcfa[SYNTH_MAX_VISITS];
	/* Per visit: the values before any data-entry error (equal to the record elsewhere). */
	double clean_weight_kg[SYNTH_MAX_VISITS], clean_height_cm[SYNTH_MAX_VISITS];
	/* Per visit: SYNTH_V_* bits. */
	uint8_t vflags[SYNTH_MAX_VISITS];
} synth_truth;

/* Bits of synth_truth.vflags. */
enum {
	SYNTH_V_WEIGHT_ERR = 1u << 0, /* the recorded weight is a data-entry error */
	SYNTH_V_HEIGHT_ERR = 1u << 1, /* the recorded height is a data-entry error */
	SYNTH_V_WINDOW = 1u << 2,     /* inside first..last of a planted condition */
	SYNTH_V_CORRECTED = 1u << 3,  /* scored at corrected age by the engine (preterm, < 24 months) */
	SYNTH_V_BEFORE_TERM = 1u << 4 /* corrected age < 0: the engine does not score this visit */
};

/* Generate child `index` of cohort `seed` under config c (not validated here: call
 * synth_check_config once).  The visits go into the caller's array visits[SYNTH_MAX_VISITS];
 * out->v = visits, out->nv = their number (1..27), sorted by date, strictly increasing.
 * out->p: id 0, ext_id "SYN-" and the index in at least 6 digits ("SYN-000123"), a pseudonym
 * "<first name> Synth-000123", sex, birth date, gestational age (weeks 0 = unknown), parents'
 * heights (NAN when unknown), labels.  truth may be NULL.  Never allocates, keeps no state:
 * safe to call from several threads.  Returns GV_OK, or GV_EINVAL when c, out or visits is NULL. */
gv_status synth_child(const synth_config *c, uint64_t seed, uint64_t index, gv_child *out,
		      gv_visit visits[SYNTH_MAX_VISITS], synth_truth *truth);

/* The same with a caller-seeded stream: synth_child seeds r with synth_rng_seed(r, seed, index)
 * and calls this.  index is used only for the ids. */
gv_status synth_child_rng(const synth_config *c, synth_rng *r, uint64_t index, gv_child *out,
			  gv_visit visits[SYNTH_MAX_VISITS], synth_truth *truth);

#endif
