/* core_flags_rules.c — every flag rule, just inside and just outside its threshold.
 *
 * One row per case: the rule id, whether it must fire, the category and severity it must carry,
 * the child in words, then the child itself: sex, gestational age, parents' heights, rule set,
 * and up to 8 visits.  A visit gives its age in days (MO(9) = 9 months of 30.4375 days, YR(5) =
 * 5 years of 365.25 days) and each measurement either as a number (KG, CM, MM) or as the value at
 * a chosen z-score on the chart the engine uses at that age (WFAZ, LHFAZ, HCZ, WFLZ, BMIZ), computed
 * with growth_value_at: "WFLZ(-2.01)" is the weight that puts this child at weight-for-length
 * z = -2.01, just below the -2 SD cut-off, and "WFLZ(-1.99)" just above it.  P95PCT(120.1) is the
 * weight for a BMI of 120.1% of the 95th percentile.  Length/height is recumbent before 730.5
 * days and standing after, so no +/-0.7 cm conversion applies.  Measurements not given are not
 * measured; a length defaults to LHFAZ(0) when a weight-for-length or BMI needs one.
 *
 * To add a case: copy a row, change the numbers, say why in `why`.  test_every_rule_covered fails
 * until every rule in the engine's table has a case that fires and one that does not. */
#include "tests/testutil.h"

#include "core/age.h"
#include "core/flags.h"

/* ------------------------------------------------------------------ the little language */

enum how { NONE, KG, CM, MM, WFAZ, LHFAZ, HCZ, WFLZ, BMIZ, P95PCT, BMI, MPHZ, XFACT };

typedef struct mspec {
	enum how how;
	double v;
	double factor; /* XFACT: multiply the value at z = v by this (unit and decimal errors) */
} mspec;

#define KG(x) {KG, (x), 1}
#define CM(x) {CM, (x), 1}
#define MM(x) {MM, (x), 1}
#define WFAZ(z) {WFAZ, (z), 1}
#define LHFAZ(z) {LHFAZ, (z), 1}
#define HCZ(z) {HCZ, (z), 1}
#define WFLZ(z) {WFLZ, (z), 1}
#define BMIZ(z) {BMIZ, (z), 1}
#define P95PCT(p) {P95PCT, (p), 1}
#define BMI(b) {BMI, (b), 1}
#define MPHZ(d) {MPHZ, (d), 1}       /* height at the mid-parental target z + d */
#define XFACT(z, f) {XFACT, (z), (f)} /* the value at z (of the measurement's own chart) times f */

#define MO(m) ((m) * 30.4375)
#define YR(y) ((y) * 365.25)

typedef struct vspec {
	double age; /* days from birth */
	mspec h, w, hc, muac;
	int oedema;
	int swap; /* store the weight as the height and the height as the weight */
} vspec;

#define MAXV 8

typedef struct rcase {
	const char *rule;   /* rule id */
	int fires;          /* 1: flagged; 0: not flagged */
	gv_flag_cat cat;    /* expected category and severity when it fires */
	gv_severity sev;
	const char *why;    /* the case in words */
	gv_sex sex;
	int ga_weeks, ga_days; /* 0: term / unknown */
	double mother, father; /* parents' heights, 0: unknown */
	int who;            /* 1: WHO rule set (WHO 2006 to 5 y, WHO 2007 after) */
	int cdc;            /* 1: CDC charts from birth (US rule set, policy CDC) */
	int suspect;        /* expected suspect field */
	const char *detail_has; /* a substring the detail must contain, or NULL */
	vspec v[MAXV];
} rcase;

#define M GV_MALE
#define F GV_FEMALE

/* ------------------------------------------------------------------ the cases */

static const rcase cases[] = {
	/* ================================================== implausible and suspect values */
	{"biv_low", 1, GV_CAT_IMPLAUSIBLE_VALUE, GV_SEV_CHECK, "WHO weight-for-age z -6.05 < -6 (weight only: no weight-for-length)", F,
	 .v = {{MO(6), .w = WFAZ(-6.05)}}},
	{"biv_low", 0, 0, 0, "WHO weight-for-age z -5.95", F, .v = {{MO(6), .w = WFAZ(-5.95)}}},
	{"biv_high", 1, GV_CAT_IMPLAUSIBLE_VALUE, GV_SEV_CHECK, "WHO weight-for-age z +5.05 > +5", M,
	 .v = {{MO(6), .w = WFAZ(5.05)}}},
	{"biv_high", 0, 0, 0, "WHO weight-for-age z +4.95", M, .v = {{MO(6), .w = WFAZ(4.95)}}},
	{"weight_height_swapped", 1, GV_CAT_IMPLAUSIBLE_VALUE, GV_SEV_CHECK,
	 "length and weight exchanged at the 12-month visit of a median girl", F,
	 .v = {{MO(6), LHFAZ(0), WFAZ(0)}, {MO(9), LHFAZ(0), WFAZ(0)}, {MO(12), LHFAZ(0), WFAZ(0), .swap = 1},
	       {MO(15), LHFAZ(0), WFAZ(0)}}},
	{"weight_height_swapped", 0, 0, 0, "the same girl as entered", F,
	 .v = {{MO(6), LHFAZ(0), WFAZ(0)}, {MO(9), LHFAZ(0), WFAZ(0)}, {MO(12), LHFAZ(0), WFAZ(0)},
	       {MO(15), LHFAZ(0), WFAZ(0)}}},
	{"weight_lb_as_kg", 1, GV_CAT_IMPLAUSIBLE_VALUE, GV_SEV_CHECK, "12-month weight x 2.2046 (pounds)", M,
	 .v = {{MO(6), LHFAZ(0), WFAZ(0)}, {MO(9), LHFAZ(0), WFAZ(0)}, {MO(12), LHFAZ(0), XFACT(0, 2.2046)},
	       {MO(15), LHFAZ(0), WFAZ(0)}}},
	{"weight_lb_as_kg", 0, 0, 0, "12-month weight x 1.6: too far off, but no unit explains it", M,
	 .v = {{MO(6), LHFAZ(0), WFAZ(0)}, {MO(9), LHFAZ(0), WFAZ(0)}, {MO(12), LHFAZ(0), XFACT(0, 1.6)},
	       {MO(15), LHFAZ(0), WFAZ(0)}}},
	{"weight_kg_as_lb", 1, GV_CAT_IMPLAUSIBLE_VALUE, GV_SEV_CHECK, "12-month weight / 2.2046", M,
	 .v = {{MO(6), LHFAZ(0), WFAZ(0)}, {MO(9), LHFAZ(0), WFAZ(0)}, {MO(12), LHFAZ(0), XFACT(0, 0.4536)},
	       {MO(15), LHFAZ(0), WFAZ(0)}}},
	{"weight_kg_as_lb", 0, 0, 0, "12-month weight x 0.7", M,
	 .v = {{MO(6), LHFAZ(0), WFAZ(0)}, {MO(9), LHFAZ(0), WFAZ(0)}, {MO(12), LHFAZ(0), XFACT(0, 0.7)},
	       {MO(15), LHFAZ(0), WFAZ(0)}}},
	{"weight_decimal_x10", 1, GV_CAT_IMPLAUSIBLE_VALUE, GV_SEV_CHECK, "5-year weight x 10 (183 for 18.3)", F,
	 .v = {{YR(4), LHFAZ(0), WFAZ(0)}, {YR(5), LHFAZ(0), XFACT(0, 10)}, {YR(6), LHFAZ(0), WFAZ(0)}}},
	{"weight_decimal_x10", 0, 0, 0, "5-year weight x 6", F,
	 .v = {{YR(4), LHFAZ(0), WFAZ(0)}, {YR(5), LHFAZ(0), XFACT(0, 6)}, {YR(6), LHFAZ(0), WFAZ(0)}}},
	{"weight_decimal_div10", 1, GV_CAT_IMPLAUSIBLE_VALUE, GV_SEV_CHECK, "5-year weight / 10", F,
	 .v = {{YR(4), LHFAZ(0), WFAZ(0)}, {YR(5), LHFAZ(0), XFACT(0, 0.1)}, {YR(6), LHFAZ(0), WFAZ(0)}}},
	{"weight_decimal_div10", 0, 0, 0, "5-year weight x 0.2", F,
	 .v = {{YR(4), LHFAZ(0), WFAZ(0)}, {YR(5), LHFAZ(0), XFACT(0, 0.2)}, {YR(6), LHFAZ(0), WFAZ(0)}}},
	{"height_in_as_cm", 1, GV_CAT_IMPLAUSIBLE_VALUE, GV_SEV_CHECK, "8-year height / 2.54 (inches)", M,
	 .v = {{YR(7), LHFAZ(0), WFAZ(0)}, {YR(8), XFACT(0, 1 / 2.54), WFAZ(0)}, {YR(9), LHFAZ(0), WFAZ(0)}}},
	{"height_in_as_cm", 0, 0, 0, "8-year height x 0.6", M,
	 .v = {{YR(7), LHFAZ(0), WFAZ(0)}, {YR(8), XFACT(0, 0.6), WFAZ(0)}, {YR(9), LHFAZ(0), WFAZ(0)}}},
	{"height_cm_as_in", 1, GV_CAT_IMPLAUSIBLE_VALUE, GV_SEV_CHECK, "8-year height x 2.54", M,
	 .v = {{YR(7), LHFAZ(0), WFAZ(0)}, {YR(8), XFACT(0, 2.54), WFAZ(0)}, {YR(9), LHFAZ(0), WFAZ(0)}}},
	{"height_cm_as_in", 0, 0, 0, "8-year height x 1.8", M,
	 .v = {{YR(7), LHFAZ(0), WFAZ(0)}, {YR(8), XFACT(0, 1.8), WFAZ(0)}, {YR(9), LHFAZ(0), WFAZ(0)}}},
	{"height_decimal_x10", 1, GV_CAT_IMPLAUSIBLE_VALUE, GV_SEV_CHECK, "8-year height x 10", M,
	 .v = {{YR(7), LHFAZ(0), WFAZ(0)}, {YR(8), XFACT(0, 10), WFAZ(0)}, {YR(9), LHFAZ(0), WFAZ(0)}}},
	{"height_decimal_x10", 0, 0, 0, "8-year height x 6", M,
	 .v = {{YR(7), LHFAZ(0), WFAZ(0)}, {YR(8), XFACT(0, 6), WFAZ(0)}, {YR(9), LHFAZ(0), WFAZ(0)}}},
	{"height_decimal_div10", 1, GV_CAT_IMPLAUSIBLE_VALUE, GV_SEV_CHECK, "8-year height / 10", M,
	 .v = {{YR(7), LHFAZ(0), WFAZ(0)}, {YR(8), XFACT(0, 0.1), WFAZ(0)}, {YR(9), LHFAZ(0), WFAZ(0)}}},
	{"height_decimal_div10", 0, 0, 0, "8-year height x 0.2", M,
	 .v = {{YR(7), LHFAZ(0), WFAZ(0)}, {YR(8), XFACT(0, 0.2), WFAZ(0)}, {YR(9), LHFAZ(0), WFAZ(0)}}},
	{"head_in_as_cm", 1, GV_CAT_IMPLAUSIBLE_VALUE, GV_SEV_CHECK, "9-month head / 2.54", F,
	 .v = {{MO(3), .hc = HCZ(0)}, {MO(6), .hc = HCZ(0)}, {MO(9), .hc = XFACT(0, 1 / 2.54)}, {MO(12), .hc = HCZ(0)}}},
	{"head_in_as_cm", 0, 0, 0, "9-month head x 0.6", F,
	 .v = {{MO(3), .hc = HCZ(0)}, {MO(6), .hc = HCZ(0)}, {MO(9), .hc = XFACT(0, 0.6)}, {MO(12), .hc = HCZ(0)}}},
	{"height_carried_forward", 1, GV_CAT_IMPLAUSIBLE_VALUE, GV_SEV_CHECK,
	 "67.0 cm at 183 and again at 363 days (180 days later; the median grows ~7 cm)", F,
	 .v = {{183, CM(67.0), WFAZ(0)}, {363, CM(67.0), WFAZ(0)}}},
	{"height_carried_forward", 0, 0, 0, "67.0 cm at 183 and again at 362 days (179 days later)", F,
	 .v = {{183, CM(67.0), WFAZ(0)}, {362, CM(67.0), WFAZ(0)}}},
	{"height_shrink", 1, GV_CAT_IMPLAUSIBLE_VALUE, GV_SEV_CHECK, "length 67.0 -> 64.4 cm (-2.6 cm)", F,
	 .v = {{MO(6), CM(67.0)}, {MO(9), CM(64.4)}}},
	{"height_shrink", 0, 0, 0, "length 67.0 -> 64.6 cm (-2.4 cm)", F, .v = {{MO(6), CM(67.0)}, {MO(9), CM(64.6)}}},
	{"ewma_outlier", 1, GV_CAT_IMPLAUSIBLE_VALUE, GV_SEV_CHECK,
	 "weight-for-age z 0 at 6-18 months but -3.6 at 12 months", M,
	 .v = {{MO(6), .w = WFAZ(0)}, {MO(9), .w = WFAZ(0)}, {MO(12), .w = WFAZ(-3.6)}, {MO(15), .w = WFAZ(0)},
	       {MO(18), .w = WFAZ(0)}}},
	{"ewma_outlier", 0, 0, 0, "the same with -3.4 at 12 months", M,
	 .v = {{MO(6), .w = WFAZ(0)}, {MO(9), .w = WFAZ(0)}, {MO(12), .w = WFAZ(-3.4)}, {MO(15), .w = WFAZ(0)},
	       {MO(18), .w = WFAZ(0)}}},

	/* ================================================== newborn */
	/* ================================================== birth size (INTERGROWTH-21st Newborn Size; boys 40+0:
	 * 3rd centile 2.634 kg, 10th 2.882 kg, 90th 3.935 kg; boys 30+0: 3rd 0.954 kg; edges: core_preterm.c) */
	{"birth_weight_below_p10", 1, GV_CAT_SMALL_FOR_GA, GV_SEV_INFO, "born 40+0 (term), 2.750 kg at birth", M,
	 .ga_weeks = 40, .detail_has = "Newborn Size standard", .v = {{0, .w = KG(2.75)}}},
	{"birth_weight_below_p10", 0, 0, 0, "born 40+0, 3.000 kg at birth", M, .ga_weeks = 40, .v = {{0, .w = KG(3.0)}}},
	{"birth_weight_below_p10", 0, 0, 0, "2.000 kg at birth, gestational age not recorded: no classification", M,
	 .v = {{0, .w = KG(2.0)}}},
	{"birth_weight_below_p10", 0, 0, 0, "born 40+0, 2.750 kg on day 1 (not the birth date)", M, .ga_weeks = 40,
	 .v = {{1, .w = KG(2.75)}}},
	{"birth_weight_below_p3", 1, GV_CAT_SMALL_FOR_GA, GV_SEV_MODERATE, "born 40+0, 2.400 kg at birth", M, .ga_weeks = 40,
	 .v = {{0, .w = KG(2.4)}}},
	{"birth_weight_below_p10", 0, 0, 0, "born 40+0, 2.400 kg: reported as very small only (the ladder)", M,
	 .ga_weeks = 40, .v = {{0, .w = KG(2.4)}}},
	{"birth_weight_below_p3", 0, 0, 0, "born 40+0, 2.750 kg at birth", M, .ga_weeks = 40, .v = {{0, .w = KG(2.75)}}},
	{"birth_weight_below_p3", 1, GV_CAT_SMALL_FOR_GA, GV_SEV_MODERATE, "born 30+0 (preterm), 0.850 kg at birth", M,
	 .ga_weeks = 30, .detail_has = "very preterm reference", .v = {{0, .w = KG(0.85)}}},
	{"birth_weight_above_p90", 1, GV_CAT_LARGE_FOR_GA, GV_SEV_INFO, "born 40+0, 4.200 kg at birth", M, .ga_weeks = 40,
	 .v = {{0, .w = KG(4.2)}}},
	{"birth_weight_above_p90", 0, 0, 0, "born 40+0, 3.800 kg at birth", M, .ga_weeks = 40, .v = {{0, .w = KG(3.8)}}},
	{"birth_weight_above_p90", 0, 0, 0, "born 43+0, 5.000 kg: after 42+6 weeks, no standard", M, .ga_weeks = 43,
	 .v = {{0, .w = KG(5.0)}}},
	{"newborn_loss_over_10pct", 1, GV_CAT_NEWBORN_WEIGHT_LOSS, GV_SEV_MODERATE, "3.500 kg -> 3.146 kg on day 4 (10.1%)",
	 M, .v = {{0, .w = KG(3.5)}, {4, .w = KG(3.1465)}}},
	{"newborn_loss_over_10pct", 0, 0, 0, "3.500 kg -> 3.1535 kg on day 4 (9.9%)", M,
	 .v = {{0, .w = KG(3.5)}, {4, .w = KG(3.1535)}}},
	{"newborn_not_regained_21d", 1, GV_CAT_NEWBORN_WEIGHT_LOSS, GV_SEV_MODERATE, "3.49 kg on day 21, birth 3.50 kg", F,
	 .v = {{0, .w = KG(3.5)}, {5, .w = KG(3.2)}, {21, .w = KG(3.49)}}},
	{"newborn_not_regained_21d", 0, 0, 0, "3.49 kg on day 20, no later weight", F,
	 .v = {{0, .w = KG(3.5)}, {5, .w = KG(3.2)}, {20, .w = KG(3.49)}}},
	{"newborn_not_regained_21d", 0, 0, 0, "back to 3.50 kg on day 21", F,
	 .v = {{0, .w = KG(3.5)}, {5, .w = KG(3.2)}, {21, .w = KG(3.5)}}},
	{"newborn_not_regained_21d", 1, GV_CAT_NEWBORN_WEIGHT_LOSS, GV_SEV_MODERATE,
	 "preterm 34+2: days are chronological, said so", F, 34, 2, .detail_has = "not corrected age",
	 .v = {{0, .w = KG(2.3)}, {5, .w = KG(2.1)}, {22, .w = KG(2.25)}}},

	/* ================================================== under-nutrition, faltering growth */
	{"wflh_below_m2sd", 1, GV_CAT_WASTING, GV_SEV_MODERATE, "9 months, weight-for-length z -2.01", F,
	 .v = {{MO(9), LHFAZ(0), WFLZ(-2.01)}}},
	{"wflh_below_m2sd", 0, 0, 0, "9 months, weight-for-length z -1.99", F, .v = {{MO(9), LHFAZ(0), WFLZ(-1.99)}}},
	{"wflh_below_m2sd", 1, GV_CAT_WASTING, GV_SEV_MODERATE,
	 "born 32+0, 8 months chronological (PMA 66.8 weeks, after INTERGROWTH-21st): scored at corrected age, said so",
	 F, 32, 0, .detail_has = "corrected age", .v = {{MO(8), LHFAZ(0), WFLZ(-2.01)}}},
	{"wflh_below_m3sd", 1, GV_CAT_WASTING, GV_SEV_SEVERE, "9 months, weight-for-length z -3.01", F,
	 .v = {{MO(9), LHFAZ(0), WFLZ(-3.01)}}},
	{"wflh_below_m3sd", 0, 0, 0, "9 months, weight-for-length z -2.99", F, .v = {{MO(9), LHFAZ(0), WFLZ(-2.99)}}},
	{"wflh_below_m2sd", 0, 0, 0, "z -3.01 reports severe wasting, not wasting as well", F,
	 .v = {{MO(9), LHFAZ(0), WFLZ(-3.01)}}},
	{"wfl_below_p5", 1, GV_CAT_WASTING, GV_SEV_MODERATE, "CDC infant chart, weight-for-length z -1.66 (P4.8)", M,
	 .cdc = 1, .v = {{MO(9), LHFAZ(0), WFLZ(-1.66)}}},
	{"wfl_below_p5", 0, 0, 0, "CDC infant chart, weight-for-length z -1.63 (P5.2)", M, .cdc = 1,
	 .v = {{MO(9), LHFAZ(0), WFLZ(-1.63)}}},
	{"wfa_below_m2sd", 1, GV_CAT_UNDERWEIGHT, GV_SEV_MODERATE, "9 months, weight-for-age z -2.01", M,
	 .v = {{MO(9), LHFAZ(0), WFAZ(-2.01)}}},
	{"wfa_below_m2sd", 0, 0, 0, "9 months, weight-for-age z -1.99", M, .v = {{MO(9), LHFAZ(0), WFAZ(-1.99)}}},
	{"wfa_below_m3sd", 1, GV_CAT_UNDERWEIGHT, GV_SEV_SEVERE, "9 months, weight-for-age z -3.01", M,
	 .v = {{MO(9), LHFAZ(0), WFAZ(-3.01)}}},
	{"wfa_below_m3sd", 0, 0, 0, "9 months, weight-for-age z -2.99", M, .v = {{MO(9), LHFAZ(0), WFAZ(-2.99)}}},
	{"wfa_below_p2_twice", 1, GV_CAT_FAILURE_TO_THRIVE, GV_SEV_MODERATE, "weight-for-age z -2.01 at 6 and 9 months",
	 F, .v = {{MO(6), LHFAZ(-1), WFAZ(-2.01)}, {MO(9), LHFAZ(-1), WFAZ(-2.01)}}},
	{"wfa_below_p2_twice", 0, 0, 0, "z -2.01 at 6 months, -1.99 at 9", F,
	 .v = {{MO(6), LHFAZ(-1), WFAZ(-2.01)}, {MO(9), LHFAZ(-1), WFAZ(-1.99)}}},
	{"wfa_below_p5_twice", 1, GV_CAT_FAILURE_TO_THRIVE, GV_SEV_MODERATE,
	 "CDC chart, weight-for-age z -1.66 (P4.8) at 30 and 36 months", M,
	 .v = {{MO(30), LHFAZ(-1), WFAZ(-1.66)}, {MO(36), LHFAZ(-1), WFAZ(-1.66)}}},
	{"wfa_below_p5_twice", 0, 0, 0, "z -1.66 at 30 months, -1.63 (P5.2) at 36", M,
	 .v = {{MO(30), LHFAZ(-1), WFAZ(-1.66)}, {MO(36), LHFAZ(-1), WFAZ(-1.63)}}},
	{"wfa_below_p5_twice", 0, 0, 0, "z -1.66 twice on one day (a re-weighing) is one occasion", M,
	 .v = {{MO(30), LHFAZ(-1), WFAZ(-1.66)}, {MO(30), LHFAZ(-1), WFAZ(-1.66)}}},
	{"wfa_below_p2_twice", 0, 0, 0, "z -2.01 twice on one day is one occasion", F,
	 .v = {{MO(9), LHFAZ(-1), WFAZ(-2.01)}, {MO(9), LHFAZ(-1), WFAZ(-2.01)}}},
	{"wfa_below_p2_twice", 1, GV_CAT_FAILURE_TO_THRIVE, GV_SEV_MODERATE,
	 "WHO set, z -2.01 at 54 months and at day 1826 (59.99 months)", F, .who = 1,
	 .v = {{MO(54), LHFAZ(-1), WFAZ(-2.01)}, {1826, LHFAZ(-1), WFAZ(-2.01)}}},
	{"wfa_below_p2_twice", 0, 0, 0, "WHO set, the second at day 1827 (60.02 months): faltering growth is preschool", F,
	 .who = 1, .v = {{MO(54), LHFAZ(-1), WFAZ(-2.01)}, {1827, LHFAZ(-1), WFAZ(-2.01)}}},
	{"wfa_below_p2_twice", 0, 0, 0, "WHO set, 7 and 8 years at z -2.5: underweight, not failure to thrive", F, .who = 1,
	 .v = {{YR(7), LHFAZ(-1), WFAZ(-2.5)}, {YR(8), LHFAZ(-1), WFAZ(-2.5)}}},
	{"wfa_below_m2sd", 1, GV_CAT_UNDERWEIGHT, GV_SEV_MODERATE, "WHO set, the same 7-8-year-old is underweight", F,
	 .who = 1, .v = {{YR(7), LHFAZ(-1), WFAZ(-2.5)}, {YR(8), LHFAZ(-1), WFAZ(-2.5)}}},
	{"wfa_below_p5_twice", 1, GV_CAT_FAILURE_TO_THRIVE, GV_SEV_MODERATE,
	 "CDC chart, z -1.66 at 54 months and at day 1826", M,
	 .v = {{MO(54), LHFAZ(-1), WFAZ(-1.66)}, {1826, LHFAZ(-1), WFAZ(-1.66)}}},
	{"wfa_below_p5_twice", 0, 0, 0, "CDC chart, the second at day 1827 (60.02 months)", M,
	 .v = {{MO(54), LHFAZ(-1), WFAZ(-1.66)}, {1827, LHFAZ(-1), WFAZ(-1.66)}}},
	{"wfa_below_p5_twice", 0, 0, 0, "CDC chart, 6 and 11 years below P5: not failure to thrive", M,
	 .v = {{YR(6), LHFAZ(-1), WFAZ(-1.8)}, {YR(11), LHFAZ(-1), WFAZ(-1.8)}}},
	/* Faltering growth by the fall of weight (NICE NG75 centile spaces, at least 1 SD; the US set
	 * also >= 2 major lines).  Each edge in both rule sets: the US rule wfa_decline_2_lines, the
	 * WHO rule wfa_fall_centile_spaces. */
	{"wfa_decline_2_lines", 0, 0, 0,
	 "z +0.01 -> -0.68 crosses P50 and P25 but falls 0.69 SD: common in healthy infants (Mei 2004)", F,
	 .v = {{MO(6), LHFAZ(0), WFAZ(0.01)}, {MO(12), LHFAZ(0), WFAZ(-0.68)}}},
	{"wfa_decline_2_lines", 0, 0, 0,
	 "95th -> 86th percentile at 11-17 months (z 1.69 -> 1.07): no finding", F,
	 .v = {{MO(11), LHFAZ(0), WFAZ(1.69)}, {MO(17), LHFAZ(0), WFAZ(1.07)}}},
	{"wfa_decline_2_lines", 0, 0, 0, "98th -> 84th percentile (z 2.05 -> 0.99): no finding", F,
	 .v = {{MO(11), LHFAZ(0), WFAZ(2.05)}, {MO(17), LHFAZ(0), WFAZ(0.99)}}},
	{"wfa_fall_centile_spaces", 0, 0, 0, "WHO set, 95th -> 86th percentile at 11-17 months: no finding", F, .who = 1,
	 .v = {{MO(11), LHFAZ(0), WFAZ(1.69)}, {MO(17), LHFAZ(0), WFAZ(1.07)}}},
	{"wfa_fall_centile_spaces", 0, 0, 0, "WHO set, 98th -> 84th percentile: no finding", F, .who = 1,
	 .v = {{MO(11), LHFAZ(0), WFAZ(2.05)}, {MO(17), LHFAZ(0), WFAZ(0.99)}}},
	{"wfa_fall_centile_spaces", 0, 0, 0, "WHO set, z +0.01 -> -0.68: a fall of 0.69 SD", F, .who = 1,
	 .v = {{MO(6), LHFAZ(0), WFAZ(0.01)}, {MO(12), LHFAZ(0), WFAZ(-0.68)}}},
	{"wfa_decline_2_lines", 1, GV_CAT_FAILURE_TO_THRIVE, GV_SEV_MODERATE,
	 "about 2 SD across two or more lines in infancy: z +0.50 -> -1.50", F,
	 .detail_has = "a fall of 2.00 SD confirmed, 3 lines (CDC's WHO chart, P2-P98) [from the 9th-91st centile: >= 2 lines, >= 1.33 SD]",
	 .v = {{MO(6), LHFAZ(0), WFAZ(0.5)}, {MO(12), LHFAZ(0), WFAZ(-1.5)}}},
	{"wfa_fall_centile_spaces", 1, GV_CAT_FAILURE_TO_THRIVE, GV_SEV_MODERATE,
	 "WHO set, about 2 SD in infancy: z +0.50 -> -1.50", F, .who = 1,
	 .detail_has = "a fall of 2.00 SD confirmed [from the 9th-91st centile: >= 1.33 SD]",
	 .v = {{MO(6), LHFAZ(0), WFAZ(0.5)}, {MO(12), LHFAZ(0), WFAZ(-1.5)}}},
	{"wfa_decline_2_lines", 1, GV_CAT_FAILURE_TO_THRIVE, GV_SEV_MODERATE,
	 "from the 9th-91st centile band: a fall of 1.35 SD (z +0.01 -> -1.34), 2 spaces = 4/3 SD", F,
	 .v = {{MO(6), LHFAZ(0), WFAZ(0.01)}, {MO(12), LHFAZ(0), WFAZ(-1.34)}}},
	{"wfa_decline_2_lines", 0, 0, 0, "a fall of 1.32 SD (z +0.01 -> -1.31)", F,
	 .v = {{MO(6), LHFAZ(0), WFAZ(0.01)}, {MO(12), LHFAZ(0), WFAZ(-1.31)}}},
	{"wfa_fall_centile_spaces", 1, GV_CAT_FAILURE_TO_THRIVE, GV_SEV_MODERATE, "WHO set, a fall of 1.35 SD", F, .who = 1,
	 .v = {{MO(6), LHFAZ(0), WFAZ(0.01)}, {MO(12), LHFAZ(0), WFAZ(-1.34)}}},
	{"wfa_fall_centile_spaces", 0, 0, 0, "WHO set, a fall of 1.32 SD", F, .who = 1,
	 .v = {{MO(6), LHFAZ(0), WFAZ(0.01)}, {MO(12), LHFAZ(0), WFAZ(-1.31)}}},
	{"wfa_decline_2_lines", 0, 0, 0, "from above the 91st centile (z +1.50): a fall of 1.98 SD is not FTT", M,
	 .v = {{MO(6), LHFAZ(0), WFAZ(1.5)}, {MO(12), LHFAZ(0), WFAZ(-0.48)}}},
	{"wfa_decline_2_lines", 1, GV_CAT_FAILURE_TO_THRIVE, GV_SEV_MODERATE, "from z +1.50: a fall of 2.02 SD", M,
	 .detail_has = "[from above the 91st centile: >= 2 lines, >= 2.00 SD]",
	 .v = {{MO(6), LHFAZ(0), WFAZ(1.5)}, {MO(12), LHFAZ(0), WFAZ(-0.52)}}},
	{"wfa_fall_centile_spaces", 0, 0, 0, "WHO set, from z +1.50: a fall of 1.98 SD", M, .who = 1,
	 .v = {{MO(6), LHFAZ(0), WFAZ(1.5)}, {MO(12), LHFAZ(0), WFAZ(-0.48)}}},
	{"wfa_fall_centile_spaces", 1, GV_CAT_FAILURE_TO_THRIVE, GV_SEV_MODERATE, "WHO set, from z +1.50: a fall of 2.02 SD", M,
	 .who = 1, .v = {{MO(6), LHFAZ(0), WFAZ(1.5)}, {MO(12), LHFAZ(0), WFAZ(-0.52)}}},
	{"wfa_decline_2_lines", 1, GV_CAT_FAILURE_TO_THRIVE, GV_SEV_MODERATE,
	 "the 91st centile line (+4/3 SD) is the band's edge: from z +1.32 a fall of 1.40 SD is enough", M,
	 .v = {{MO(6), LHFAZ(0), WFAZ(1.32)}, {MO(12), LHFAZ(0), WFAZ(-0.08)}}},
	{"wfa_fall_centile_spaces", 0, 0, 0, "WHO set, from z +1.35 the same fall of 1.40 SD is not", M, .who = 1,
	 .v = {{MO(6), LHFAZ(0), WFAZ(1.35)}, {MO(12), LHFAZ(0), WFAZ(-0.05)}}},
	{"wfa_fall_centile_spaces", 1, GV_CAT_FAILURE_TO_THRIVE, GV_SEV_MODERATE,
	 "WHO set, from below the 9th centile (z -1.50) a fall of 1.01 SD", F, .who = 1,
	 .detail_has = "[from below the 9th centile: >= 1.00 SD]",
	 .v = {{MO(6), LHFAZ(0), WFAZ(-1.5)}, {MO(12), LHFAZ(0), WFAZ(-2.51)}}},
	{"wfa_fall_centile_spaces", 0, 0, 0,
	 "WHO set, from z -1.50 a fall of 0.99 SD: one centile space (2/3 SD) but less than 1 SD", F, .who = 1,
	 .v = {{MO(6), LHFAZ(0), WFAZ(-1.5)}, {MO(12), LHFAZ(0), WFAZ(-2.49)}}},
	{"wfa_decline_2_lines", 1, GV_CAT_FAILURE_TO_THRIVE, GV_SEV_MODERATE,
	 "US set, from z -1.50 a fall of 1.01 SD across P5 and P2", F,
	 .v = {{MO(6), LHFAZ(0), WFAZ(-1.5)}, {MO(12), LHFAZ(0), WFAZ(-2.51)}}},
	{"wfa_decline_2_lines", 0, 0, 0, "US set, from z -1.50 a fall of 0.99 SD", F,
	 .v = {{MO(6), LHFAZ(0), WFAZ(-1.5)}, {MO(12), LHFAZ(0), WFAZ(-2.49)}}},
	{"wfa_fall_centile_spaces", 0, 0, 0, "WHO set, from z -1.32 (9th-91st band) a fall of 1.20 SD", F, .who = 1,
	 .v = {{MO(6), LHFAZ(0), WFAZ(-1.32)}, {MO(12), LHFAZ(0), WFAZ(-2.52)}}},
	{"wfa_fall_centile_spaces", 1, GV_CAT_FAILURE_TO_THRIVE, GV_SEV_MODERATE,
	 "WHO set, from z -1.35 (below the 9th centile line) the same 1.20 SD", F, .who = 1,
	 .v = {{MO(6), LHFAZ(0), WFAZ(-1.35)}, {MO(12), LHFAZ(0), WFAZ(-2.55)}}},
	{"wfa_decline_2_lines", 0, 0, 0, "US set: a fall of 1.05 SD from z -1.70 crosses one line (P2): not the US rule", F,
	 .v = {{MO(6), LHFAZ(0), WFAZ(-1.7)}, {MO(12), LHFAZ(0), WFAZ(-2.75)}}},
	{"wfa_fall_centile_spaces", 1, GV_CAT_FAILURE_TO_THRIVE, GV_SEV_MODERATE, "WHO set: the same fall is", F, .who = 1,
	 .v = {{MO(6), LHFAZ(0), WFAZ(-1.7)}, {MO(12), LHFAZ(0), WFAZ(-2.75)}}},
	{"wfa_decline_2_lines", 1, GV_CAT_FAILURE_TO_THRIVE, GV_SEV_MODERATE,
	 "less than 2 spaces per interval, 1.41 SD over the span 6 -> 15 months (any span, not only consecutive)", F,
	 .v = {{MO(6), LHFAZ(0), WFAZ(0.01)}, {MO(9), LHFAZ(0), WFAZ(-0.5)}, {MO(12), LHFAZ(0), WFAZ(-1.0)},
	       {MO(15), LHFAZ(0), WFAZ(-1.4)}}},
	{"wfa_decline_2_lines", 0, 0, 0,
	 "z -> -1.40 at 12 months but back to -0.40 at 15: not confirmed by the next visit", F,
	 .v = {{MO(6), LHFAZ(0), WFAZ(0.01)}, {MO(12), LHFAZ(0), WFAZ(-1.4)}, {MO(15), LHFAZ(0), WFAZ(-0.4)}}},
	{"wfa_decline_2_lines", 0, 0, 0,
	 "birth z +0.50, day 5 z -1.00: physiological newborn loss is left to the newborn rules", F,
	 .v = {{0, .w = WFAZ(0.5)}, {5, .w = WFAZ(-1.0)}}},
	{"wfa_decline_2_lines", 1, GV_CAT_FAILURE_TO_THRIVE, GV_SEV_MODERATE, "birth z +0.50, day 21 z -1.00", F,
	 .v = {{0, .w = WFAZ(0.5)}, {21, .w = WFAZ(-1.0)}}},
	{"wfa_decline_2_lines", 1, GV_CAT_FAILURE_TO_THRIVE, GV_SEV_MODERATE,
	 "CDC chart, z +0.50 -> -1.50 at 3 -> 4 years (day 1826, 59.99 months)", F,
	 .v = {{1461, LHFAZ(0), WFAZ(0.5)}, {1826, LHFAZ(0), WFAZ(-1.5)}}},
	{"wfa_decline_2_lines", 0, 0, 0, "the same ending at day 1827 (60.02 months): preschool only (NG75)", F,
	 .v = {{1461, LHFAZ(0), WFAZ(0.5)}, {1827, LHFAZ(0), WFAZ(-1.5)}}},
	{"bmi_below_p5", 1, GV_CAT_UNDERWEIGHT, GV_SEV_MODERATE, "5 years, BMI z -1.66 (P4.8)", M,
	 .v = {{YR(5), LHFAZ(0), BMIZ(-1.66)}}},
	{"bmi_below_p5", 0, 0, 0, "5 years, BMI z -1.63 (P5.2)", M, .v = {{YR(5), LHFAZ(0), BMIZ(-1.63)}}},
	{"bfa_below_m2sd_who", 1, GV_CAT_THINNESS, GV_SEV_MODERATE, "WHO set, 8 years, BMI z -2.01", F, .who = 1,
	 .v = {{YR(8), LHFAZ(0), BMIZ(-2.01)}}},
	{"bfa_below_m2sd_who", 0, 0, 0, "WHO set, 8 years, BMI z -1.99", F, .who = 1, .v = {{YR(8), LHFAZ(0), BMIZ(-1.99)}}},
	{"bfa_below_m3sd_who", 1, GV_CAT_THINNESS, GV_SEV_SEVERE, "WHO set, 8 years, BMI z -3.01", F, .who = 1,
	 .v = {{YR(8), LHFAZ(0), BMIZ(-3.01)}}},
	{"bfa_below_m3sd_who", 0, 0, 0, "WHO set, 8 years, BMI z -2.99", F, .who = 1, .v = {{YR(8), LHFAZ(0), BMIZ(-2.99)}}},
	{"muac_115_to_124mm", 1, GV_CAT_MODERATE_ACUTE_MALNUTRITION, GV_SEV_MODERATE, "12 months, MUAC 124 mm", M,
	 .v = {{MO(12), .muac = MM(124)}}},
	{"muac_115_to_124mm", 0, 0, 0, "12 months, MUAC 125 mm", M, .v = {{MO(12), .muac = MM(125)}}},
	{"muac_115_to_124mm", 1, GV_CAT_MODERATE_ACUTE_MALNUTRITION, GV_SEV_MODERATE, "12 months, MUAC 115 mm", M,
	 .v = {{MO(12), .muac = MM(115)}}},
	{"muac_below_115mm", 1, GV_CAT_SEVERE_ACUTE_MALNUTRITION, GV_SEV_SEVERE, "12 months, MUAC 114 mm", M,
	 .v = {{MO(12), .muac = MM(114)}}},
	{"muac_below_115mm", 0, 0, 0, "12 months, MUAC 115 mm", M, .v = {{MO(12), .muac = MM(115)}}},
	{"muac_below_115mm", 1, GV_CAT_SEVERE_ACUTE_MALNUTRITION, GV_SEV_SEVERE, "day 183 (6.01 months), MUAC 110 mm", M,
	 .v = {{183, .muac = MM(110)}}},
	{"muac_below_115mm", 0, 0, 0, "day 182 (5.98 months): the cut-offs are for 6-59 months", M,
	 .v = {{182, .muac = MM(110)}}},
	{"oedema_bilateral", 1, GV_CAT_SEVERE_ACUTE_MALNUTRITION, GV_SEV_SEVERE, "oedema at day 1826 (59.99 months)", F,
	 .v = {{1826, .oedema = 1}}},
	{"oedema_bilateral", 0, 0, 0, "oedema at day 1827 (60.02 months)", F, .v = {{1827, .oedema = 1}}},

	/* ================================================== over-nutrition */
	{"wflh_above_p1sd", 1, GV_CAT_OVERWEIGHT, GV_SEV_INFO, "WHO set, 9 months, weight-for-length z +1.01", F, .who = 1,
	 .v = {{MO(9), LHFAZ(0), WFLZ(1.01)}}},
	{"wflh_above_p1sd", 0, 0, 0, "WHO set, z +0.99", F, .who = 1, .v = {{MO(9), LHFAZ(0), WFLZ(0.99)}}},
	{"wflh_above_p1sd", 0, 0, 0, "US set, z +1.01: not a CDC/AAP category", F, .v = {{MO(9), LHFAZ(0), WFLZ(1.01)}}},
	{"wflh_above_p2sd", 1, GV_CAT_OVERWEIGHT, GV_SEV_MODERATE, "9 months, weight-for-length z +2.01", M,
	 .v = {{MO(9), LHFAZ(0), WFLZ(2.01)}}},
	{"wflh_above_p2sd", 0, 0, 0, "9 months, z +1.99", M, .v = {{MO(9), LHFAZ(0), WFLZ(1.99)}}},
	{"wflh_above_p3sd", 1, GV_CAT_OBESITY, GV_SEV_MODERATE, "9 months, weight-for-length z +3.01", M,
	 .v = {{MO(9), LHFAZ(0), WFLZ(3.01)}}},
	{"wflh_above_p3sd", 0, 0, 0, "9 months, z +2.99", M, .v = {{MO(9), LHFAZ(0), WFLZ(2.99)}}},
	{"bmi_p85_to_p95", 1, GV_CAT_OVERWEIGHT, GV_SEV_INFO, "5 years, BMI z +1.04 (P85.1)", F,
	 .v = {{YR(5), LHFAZ(0), BMIZ(1.04)}}},
	{"bmi_p85_to_p95", 0, 0, 0, "5 years, BMI z +1.03 (P84.8)", F, .v = {{YR(5), LHFAZ(0), BMIZ(1.03)}}},
	{"bmi_at_or_above_p95", 1, GV_CAT_OBESITY, GV_SEV_MODERATE, "7 years, BMI 100.1% of P95", M,
	 .v = {{YR(7), LHFAZ(0), P95PCT(100.1)}}},
	{"bmi_at_or_above_p95", 0, 0, 0, "7 years, BMI 99.9% of P95", M, .v = {{YR(7), LHFAZ(0), P95PCT(99.9)}}},
	{"bmi_class2_obesity", 1, GV_CAT_SEVERE_OBESITY, GV_SEV_SEVERE, "7 years, BMI 120.1% of P95", M,
	 .v = {{YR(7), LHFAZ(0), P95PCT(120.1)}}},
	{"bmi_class2_obesity", 0, 0, 0, "7 years, BMI 119.9% of P95", M, .v = {{YR(7), LHFAZ(0), P95PCT(119.9)}}},
	{"bmi_class2_obesity", 1, GV_CAT_SEVERE_OBESITY, GV_SEV_SEVERE, "girl 17 years, BMI 35.05 (120% of P95 = 35.56)", F,
	 .v = {{YR(17), LHFAZ(0), BMI(35.05)}}},
	{"bmi_class2_obesity", 0, 0, 0, "girl 17 years, BMI 34.95", F, .v = {{YR(17), LHFAZ(0), BMI(34.95)}}},
	{"bmi_class3_obesity", 1, GV_CAT_SEVERE_OBESITY, GV_SEV_SEVERE, "7 years, BMI 140.1% of P95", F,
	 .v = {{YR(7), LHFAZ(0), P95PCT(140.1)}}},
	{"bmi_class3_obesity", 0, 0, 0, "7 years, BMI 139.9% of P95", F, .v = {{YR(7), LHFAZ(0), P95PCT(139.9)}}},
	{"bmi_class3_obesity", 1, GV_CAT_SEVERE_OBESITY, GV_SEV_SEVERE, "girl 17 years, BMI 40.05 (140% of P95 = 41.49)", F,
	 .v = {{YR(17), LHFAZ(0), BMI(40.05)}}},
	{"bmi_class3_obesity", 0, 0, 0, "girl 17 years, BMI 39.95", F, .v = {{YR(17), LHFAZ(0), BMI(39.95)}}},
	{"bfa_above_p1sd_who", 1, GV_CAT_OVERWEIGHT, GV_SEV_INFO, "WHO set, 8 years, BMI z +1.01", M, .who = 1,
	 .v = {{YR(8), LHFAZ(0), BMIZ(1.01)}}},
	{"bfa_above_p1sd_who", 0, 0, 0, "WHO set, 8 years, BMI z +0.99", M, .who = 1, .v = {{YR(8), LHFAZ(0), BMIZ(0.99)}}},
	{"bfa_above_p2sd_who", 1, GV_CAT_OBESITY, GV_SEV_MODERATE, "WHO set, 8 years, BMI z +2.01", M, .who = 1,
	 .v = {{YR(8), LHFAZ(0), BMIZ(2.01)}}},
	{"bfa_above_p2sd_who", 0, 0, 0, "WHO set, 8 years, BMI z +1.99", M, .who = 1, .v = {{YR(8), LHFAZ(0), BMIZ(1.99)}}},
	{"wfa_rise_over_0_67", 1, GV_CAT_RAPID_WEIGHT_GAIN, GV_SEV_INFO, "weight-for-age z -1.00 -> -0.32 (+0.68)", M,
	 .v = {{MO(6), LHFAZ(0), WFAZ(-1)}, {MO(12), LHFAZ(0), WFAZ(-0.32)}}},
	{"wfa_rise_over_0_67", 0, 0, 0, "z -1.00 -> -0.34 (+0.66)", M,
	 .v = {{MO(6), LHFAZ(0), WFAZ(-1)}, {MO(12), LHFAZ(0), WFAZ(-0.34)}}},

	/* ================================================== stature */
	{"lhfa_below_m2sd", 1, GV_CAT_STUNTING, GV_SEV_MODERATE, "9 months, length-for-age z -2.01", M,
	 .v = {{MO(9), LHFAZ(-2.01)}}},
	{"lhfa_below_m2sd", 0, 0, 0, "9 months, length-for-age z -1.99", M, .v = {{MO(9), LHFAZ(-1.99)}}},
	{"lhfa_below_m3sd", 1, GV_CAT_STUNTING, GV_SEV_SEVERE, "9 months, length-for-age z -3.01", M,
	 .v = {{MO(9), LHFAZ(-3.01)}}},
	{"lhfa_below_m3sd", 0, 0, 0, "9 months, length-for-age z -2.99", M, .v = {{MO(9), LHFAZ(-2.99)}}},
	{"hfa_below_p3", 1, GV_CAT_SHORT_STATURE, GV_SEV_MODERATE, "5 years, stature z -1.89 (P2.9)", F,
	 .v = {{YR(5), LHFAZ(-1.89)}}},
	{"hfa_below_p3", 0, 0, 0, "5 years, stature z -1.87 (P3.1)", F, .v = {{YR(5), LHFAZ(-1.87)}}},
	{"lhfa_decline_2_lines", 1, GV_CAT_HEIGHT_FALTERING, GV_SEV_MODERATE,
	 "stature z +0.01 (3 y) -> -0.68 (5 y): P50 and P25 on the CDC chart", M,
	 .v = {{YR(3), LHFAZ(0.01)}, {YR(5), LHFAZ(-0.68)}}},
	{"lhfa_decline_2_lines", 0, 0, 0, "stature z +0.01 -> -0.67", M, .v = {{YR(3), LHFAZ(0.01)}, {YR(5), LHFAZ(-0.67)}}},
	{"midparental_gap_over_2sd", 1, GV_CAT_MIDPARENTAL_HEIGHT_GAP, GV_SEV_MODERATE,
	 "6 years, parents 163/177 cm (target 176.5 cm): height z = target z - 2.01", M, 0, 0, 163, 177,
	 .v = {{YR(6), MPHZ(-2.01)}}},
	{"midparental_gap_over_2sd", 0, 0, 0, "height z = target z - 1.99", M, 0, 0, 163, 177, .v = {{YR(6), MPHZ(-1.99)}}},
	{"midparental_gap_over_2sd", 0, 0, 0, "target z - 2.01 at 23 months: the rule starts at 2 years", M, 0, 0, 163, 177,
	 .v = {{MO(23), MPHZ(-2.01)}}},
	{"midparental_gap_widening", 1, GV_CAT_MIDPARENTAL_HEIGHT_GAP, GV_SEV_MODERATE,
	 "height z -0.50 (day 1461) -> -1.01 (day 1826): 0.51 * 365.25/365 = 0.510 SD/year", M, 0, 0, 163, 177,
	 .v = {{1461, LHFAZ(-0.5)}, {1826, LHFAZ(-1.01)}}},
	{"midparental_gap_widening", 0, 0, 0, "-0.50 -> -0.99: 0.490 SD/year", M, 0, 0, 163, 177,
	 .v = {{1461, LHFAZ(-0.5)}, {1826, LHFAZ(-0.99)}}},
	{"midparental_gap_widening", 0, 0, 0, "-0.50 -> -1.01 but 364 days apart", M, 0, 0, 163, 177,
	 .v = {{1461, LHFAZ(-0.5)}, {1825, LHFAZ(-1.01)}}},

	/* ================================================== head circumference */
	{"hcfa_below_m2sd", 1, GV_CAT_MICROCEPHALY, GV_SEV_MODERATE, "6 months, head z -2.01", F, .v = {{MO(6), .hc = HCZ(-2.01)}}},
	{"hcfa_below_m2sd", 0, 0, 0, "6 months, head z -1.99", F, .v = {{MO(6), .hc = HCZ(-1.99)}}},
	{"hcfa_below_m3sd", 1, GV_CAT_MICROCEPHALY, GV_SEV_SEVERE, "6 months, head z -3.01", F, .v = {{MO(6), .hc = HCZ(-3.01)}}},
	{"hcfa_below_m3sd", 0, 0, 0, "6 months, head z -2.99", F, .v = {{MO(6), .hc = HCZ(-2.99)}}},
	{"hcfa_above_p2sd", 1, GV_CAT_MACROCEPHALY, GV_SEV_MODERATE, "6 months, head z +2.01", M, .v = {{MO(6), .hc = HCZ(2.01)}}},
	{"hcfa_above_p2sd", 0, 0, 0, "6 months, head z +1.99", M, .v = {{MO(6), .hc = HCZ(1.99)}}},
	{"hcfa_above_p2sd", 1, GV_CAT_MACROCEPHALY, GV_SEV_MODERATE, "30 months, CDC head chart, z +2.01", M,
	 .v = {{MO(30), .hc = HCZ(2.01)}}},
	{"hcfa_cross_2_lines", 1, GV_CAT_HEAD_GROWTH_CROSSING, GV_SEV_MODERATE, "head z +0.01 -> -0.68 (P50, P25)", M,
	 .v = {{MO(3), .hc = HCZ(0.01)}, {MO(9), .hc = HCZ(-0.68)}}},
	{"hcfa_cross_2_lines", 0, 0, 0, "head z +0.01 -> -0.67", M, .v = {{MO(3), .hc = HCZ(0.01)}, {MO(9), .hc = HCZ(-0.67)}}},
	{"hcfa_cross_2_lines", 1, GV_CAT_HEAD_GROWTH_CROSSING, GV_SEV_MODERATE, "head z -0.01 -> +0.68 upward", M,
	 .v = {{MO(3), .hc = HCZ(-0.01)}, {MO(9), .hc = HCZ(0.68)}}},
	{"hcfa_cross_2_lines", 0, 0, 0, "head z -0.01 -> +0.67 upward", M,
	 .v = {{MO(3), .hc = HCZ(-0.01)}, {MO(9), .hc = HCZ(0.67)}}},
};

#define NCASES (sizeof cases / sizeof cases[0])

/* ------------------------------------------------------------------ building the child */

static const int32_t BIRTH = 16436; /* 2015-01-01 */

static void options_of(const rcase *k, gv_flag_options *o)
{
	flags_default_options(o, k->who ? GV_RULES_WHO : GV_RULES_US);
	if (k->cdc)
		o->growth.policy = GV_POLICY_CDC;
}

/* The engine's view of a visit at `age` days: reference, corrected age. */
static void probe(const gv_patient *p, const gv_flag_options *o, int32_t age, gv_result *r)
{
	gv_measure m;
	growth_measure_init(&m);
	m.sex = p->sex;
	m.age_days = age;
	m.ga_weeks = record_ga(p);
	assert_int_equal(growth_compute(&m, &o->growth, r), GV_OK);
}

/* The measurement of indicator ind at z, on the table the engine uses for this visit. */
static double at_z(const gv_patient *p, const gv_result *r, gv_ind ind, double x_len, double z)
{
	ref_table_id t = growth_table(r->ref, ind, r->cage_days);
	double x = ind == GV_WFLH ? x_len : growth_age_x(t, r->cage_days), v = NAN;
	if (r->ind[ind].ig != IG21_NSTD) { /* a preterm visit on INTERGROWTH-21st (growth_compute) */
		x = ind == GV_WFLH ? x_len : r->ind[ind].x;
		if (ig21_value_at_z(r->ind[ind].ig, p->sex, x, z, &v) != GV_OK)
			fail_msg("no %s value at z %g (age %g d)", refs_ind_name(ind), z, r->age_days);
		return v;
	}
	if (t == T_NONE || growth_value_at(t, p->sex, x, z, &v) != GV_OK)
		fail_msg("no %s value at z %g (age %g d)", refs_ind_name(ind), z, r->age_days);
	return v;
}

/* Mid-parental target z on CDC stature-for-age at 240 months (Tanner: (m + f + 13)/2 for boys). */
static double target_z(const gv_patient *p)
{
	double target = (p->mother_height_cm + p->father_height_cm + (p->sex == GV_MALE ? 13 : -13)) / 2;
	size_t n = refs_nrows(T_CDC_STATAGE, p->sex);
	const refdata_row *row = refs_row(T_CDC_STATAGE, p->sex, n - 1);
	assert_true(row->x == 240);
	return lms_z(target, (lms){row->l, row->m, row->s});
}

static double value_of(const gv_patient *p, const gv_result *r, mspec s, gv_ind ind, double h)
{
	switch (s.how) {
	case NONE: return NAN;
	case KG:
	case CM:
	case MM: return s.v;
	case WFAZ: return at_z(p, r, GV_WFA, h, s.v);
	case LHFAZ: return at_z(p, r, GV_LHFA, h, s.v);
	case HCZ: return at_z(p, r, GV_HCFA, h, s.v);
	case WFLZ: return at_z(p, r, GV_WFLH, h, s.v);
	case BMIZ: return at_z(p, r, GV_BFA, h, s.v) * (h / 100) * (h / 100);
	case P95PCT: return s.v / 100 * at_z(p, r, GV_BFA, h, 1.6448536269514722) * (h / 100) * (h / 100);
	case BMI: return s.v * (h / 100) * (h / 100);
	case MPHZ: return at_z(p, r, GV_LHFA, h, target_z(p) + s.v);
	case XFACT: return at_z(p, r, ind, h, s.v) * s.factor;
	}
	return NAN;
}

static int given(mspec s)
{
	return s.how != NONE;
}

static size_t build(const rcase *k, const gv_flag_options *o, gv_child *c, gv_visit *v)
{
	record_patient_init(&c->p);
	c->p.sex = k->sex;
	c->p.birth_date = BIRTH;
	c->p.ga_weeks = k->ga_weeks;
	c->p.ga_days = k->ga_days;
	if (k->mother > 0) {
		c->p.mother_height_cm = k->mother;
		c->p.father_height_cm = k->father;
	}
	size_t n = 0;
	for (; n < MAXV; n++) {
		const vspec *s = &k->v[n];
		if (!given(s->h) && !given(s->w) && !given(s->hc) && !given(s->muac) && !s->oedema)
			break;
		int32_t age = (int32_t)floor(s->age + 0.5);
		gv_result r;
		probe(&c->p, o, age, &r);
		record_visit_init(&v[n]);
		v[n].date = BIRTH + age;
		v[n].position = r.cage_days < 730.5 ? 'L' : 'H';
		int w_needs_h = s->w.how == WFLZ || s->w.how == BMIZ || s->w.how == P95PCT || s->w.how == BMI;
		double h = NAN;
		if (given(s->h) || w_needs_h)
			h = value_of(&c->p, &r, given(s->h) ? s->h : (mspec)LHFAZ(0), GV_LHFA, NAN);
		v[n].height_cm = h;
		v[n].weight_kg = value_of(&c->p, &r, s->w, GV_WFA, h);
		v[n].head_cm = value_of(&c->p, &r, s->hc, GV_HCFA, h);
		v[n].muac_cm = given(s->muac) ? s->muac.v / 10 : NAN;
		v[n].oedema = s->oedema;
		if (s->swap) {
			double t = v[n].weight_kg;
			v[n].weight_kg = v[n].height_cm;
			v[n].height_cm = t;
		}
	}
	c->v = v;
	c->nv = n;
	return n;
}

/* ------------------------------------------------------------------ running a case */

static void print_flags(const gv_flag *f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		print_message("    %s %s%s: %s\n", f[i].rule, flags_sev_name(f[i].severity), f[i].suspect ? " suspect" : "",
			      f[i].detail);
}

static const gv_flag *find(const gv_flag *f, size_t n, const char *rule)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(f[i].rule, rule) == 0)
			return &f[i];
	return NULL;
}

static void run_case(const rcase *k, size_t idx)
{
	gv_flag_options o;
	gv_child c;
	gv_visit v[MAXV];
	gv_flag f[64];
	size_t n;
	options_of(k, &o);
	build(k, &o, &c, v);
	assert_int_equal(flags_compute(&c, &o, f, 64, &n), GV_OK);
	assert_true(n <= 64);
	for (size_t i = 0; i < n; i++) /* a detail filling the array was cut short */
		if (strlen(f[i].detail) >= GV_FLAG_DETAIL - 1)
			fail_msg("case %zu: detail of %s truncated: %s", idx, f[i].rule, f[i].detail);
	const gv_flag *hit = find(f, n, k->rule);
	if (getenv("GV_FLAGS_DEBUG")) {
		print_message("case %zu %s (%s): %s\n", idx, k->rule, k->fires ? "fires" : "quiet", k->why);
		print_flags(f, n);
	}
	if (!hit != !k->fires) {
		print_flags(f, n);
		fail_msg("case %zu: %s should %s: %s", idx, k->rule, k->fires ? "fire" : "not fire", k->why);
	}
	if (!hit)
		return;
	if (hit->category != k->cat || hit->severity != k->sev || hit->suspect != k->suspect)
		fail_msg("case %zu %s: category %s severity %s suspect %d, want %s %s %d (%s)", idx, k->rule,
			 flags_cat_name(hit->category), flags_sev_name(hit->severity), hit->suspect,
			 flags_cat_name(k->cat), flags_sev_name(k->sev), k->suspect, hit->detail);
	if (k->detail_has && !strstr(hit->detail, k->detail_has))
		fail_msg("case %zu %s: detail lacks \"%s\": %s", idx, k->rule, k->detail_has, hit->detail);
	assert_true(hit->detail[0] != '\0');
	assert_non_null(hit->source);
	assert_true(hit->visit < c.nv && hit->date == c.v[hit->visit].date);
}

static void test_rule_cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < NCASES; i++)
		run_case(&cases[i], i);
	print_message("    %zu cases\n", NCASES);
}

/* Every rule of the engine's table has a case that fires and a case that does not; every case
 * names a rule that exists. */
static void test_every_rule_covered(void **state)
{
	(void)state;
	gv_rule_info ri;
	for (size_t i = 0; flags_rule_info(i, &ri); i++) {
		int in = 0, out = 0;
		for (size_t j = 0; j < NCASES; j++)
			if (strcmp(cases[j].rule, ri.id) == 0)
				*(cases[j].fires ? &in : &out) += 1;
		if (!in || !out)
			fail_msg("rule %s: %d cases that fire, %d that do not; add both", ri.id, in, out);
	}
	for (size_t j = 0; j < NCASES; j++) {
		int known = 0;
		for (size_t i = 0; flags_rule_info(i, &ri); i++)
			known |= strcmp(cases[j].rule, ri.id) == 0;
		if (!known)
			fail_msg("case %zu names unknown rule %s", j, cases[j].rule);
	}
}

/* Two outliers, one behind the other: once the worse (-5.5 at 12 months) is marked, the EWMA of
 * the others at 15 months is ~0 again and its -3.7 is marked in the next round.  (The engine keeps
 * a round's EWMAs for the next only while nothing was marked: core/flags.c, check_one_outlier.) */
static void test_ewma_second_round(void **state)
{
	(void)state;
	static const rcase k = {"ewma_outlier", 1, GV_CAT_IMPLAUSIBLE_VALUE, GV_SEV_CHECK, "two outliers", M,
				.v = {{MO(6), .w = WFAZ(0)}, {MO(9), .w = WFAZ(0)}, {MO(12), .w = WFAZ(-5.5)},
				      {MO(15), .w = WFAZ(-3.7)}, {MO(18), .w = WFAZ(0)}, {MO(21), .w = WFAZ(0)},
				      {MO(24), .w = WFAZ(0)}}};
	gv_flag_options o;
	gv_child c;
	gv_visit v[MAXV];
	gv_flag f[64];
	size_t n, hits = 0;
	options_of(&k, &o);
	build(&k, &o, &c, v);
	assert_int_equal(flags_compute(&c, &o, f, 64, &n), GV_OK);
	for (size_t i = 0; i < n; i++)
		if (strcmp(f[i].rule, "ewma_outlier") == 0) {
			hits++;
			assert_true(c.v[f[i].visit].date == c.v[2].date || c.v[f[i].visit].date == c.v[3].date);
		}
	if (hits != 2)
		print_flags(f, n);
	assert_int_equal(hits, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ewma_second_round),
		cmocka_unit_test(test_every_rule_covered),
		cmocka_unit_test(test_rule_cases),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
