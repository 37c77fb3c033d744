/* flags.c — the rule table and the engine that applies it (see flags.h).
 *
 * Reading order: the rule table (every threshold, with its source), then the implausible-value
 * checks on the child's own history, then the rule kinds (one visit, a pair of visits, newborn),
 * then the detail text.  All arithmetic on ages uses the engine's conventions (core/age.h). */
#include "core/flags.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/age.h"
#include "core/ig21.h"
#include "core/stature.h"
#include "core/traj.h"

/* ================================================================== the rule table */

/* How a rule is evaluated. */
enum kind {
	K_STATUS,    /* a test at one visit (test below); met at >= nmin visits; reported at the latest */
	K_LINES,     /* major percentile lines crossed between any earlier and any later visit */
	K_FALL,      /* weight falling by NICE NG75's centile spaces (and, limit > 0, across major lines) */
	K_DZ,        /* z-score rise between any earlier and any later visit */
	K_MPH_WIDEN, /* height z falling away from the mid-parental target */
	K_NB_LOSS,   /* newborn weight loss from birth weight */
	K_NB_REGAIN, /* birth weight not regained */
	K_BIRTH,     /* birth weight for gestational age (INTERGROWTH-21st Newborn Size) */
	K_BIV,       /* the engine's biologically implausible value flags */
	K_MARK       /* a value judged wrong by a check on the child's own history */
};

/* The test of a K_STATUS rule, or the direction of the others. */
enum test {
	IF_NONE,
	IF_Z_BELOW,   /* z < limit */
	IF_Z_ABOVE,   /* z > limit */
	IF_P_BELOW,   /* percentile < limit */
	IF_P_ATLEAST, /* percentile >= limit */
	IF_P_ABOVE,   /* percentile > limit (K_BIRTH: weight above the limit-th centile's weight) */
	IF_P95,       /* BMI >= limit % of the 95th percentile, or BMI >= limit2 kg/m2 */
	IF_MM_BELOW,  /* MUAC < limit mm */
	IF_MM_RANGE,  /* limit <= MUAC < limit2 mm */
	IF_OEDEMA,    /* bilateral pitting oedema recorded */
	IF_MPH_GAP,   /* mid-parental target z - height z > limit */
	IF_DOWN,      /* K_LINES, K_BIV: downward / low */
	IF_UP,        /* K_LINES, K_DZ, K_BIV: upward / high */
	IF_EITHER,    /* K_LINES: either way */
	IF_FACTOR,    /* K_MARK: stored value = true value x limit (unit or decimal error) */
	IF_CHECK      /* K_MARK: other longitudinal checks */
};

/* Charts (references) a rule reads; 0 = any. */
#define CH_WHO06 (1u << GV_WHO2006)
#define CH_WHO07 (1u << GV_WHO2007)
#define CH_WHO (CH_WHO06 | CH_WHO07)
#define CH_CDC (1u << GV_CDC2000)

/* Rule sets a rule belongs to; 0 = both. */
#define S_US 1u
#define S_WHO 2u

/* Ladders: at one visit only the last matching rule of a group is reported (severe wasting, not
 * wasting and severe wasting). */
enum group { G_NONE, G_SFGA_LO, G_WFLH_LO, G_WFA_LO, G_BFA_LO, G_LHFA_LO, G_HC_LO, G_WFLH_HI, G_BMI_HI, G_BFA_HI, G_MUAC };

struct rule {
	const char *id;      /* stable id (JSON "rule") */
	const char *label;   /* clinical wording, first words of the detail */
	gv_flag_cat cat;
	gv_severity sev;
	gv_ind ind;          /* indicator read, GV_NIND for none */
	enum kind kind;
	enum test test;
	unsigned charts;     /* CH_*: the visit must be scored on one of these references; 0 any */
	unsigned sets;       /* S_*: rule sets; 0 both */
	enum group group;
	double limit;        /* main threshold, unit per test (JSON "threshold") */
	double limit2;       /* second threshold where the rule has one (0 = none) */
	double tol;          /* tolerance of a longitudinal check */
	double amin, amax;   /* age window in months, amin <= age < amax (amax 0 = none); corrected
			      * age where the engine corrects, chronological age when chrono */
	int chrono;
	int nmin;            /* visits at which a K_STATUS test must hold (0 = 1) */
	const char *applies; /* charts and ages, as documented */
	const char *text;    /* the threshold as printed */
	const char *source;  /* published source */
	int skip_newborn;    /* 1: weights of days 1-20, the newborn weight-loss window, are left to the
			      * newborn rules (physiological loss would read as crossing lines) */
};

enum rule_id {
	/* implausible and suspect values */
	R_BIV_LOW, R_BIV_HIGH, R_SWAP, R_W_LB, R_W_KG_AS_LB, R_W_X10, R_W_DIV10,
	R_H_IN, R_H_CM_AS_IN, R_H_X10, R_H_DIV10, R_HC_IN, R_CARRIED, R_SHRINK, R_EWMA,
	/* newborn */
	R_NB_LOSS, R_NB_REGAIN, R_SGA, R_SGA_VERY, R_LGA,
	/* under-nutrition and faltering growth */
	R_WFLH_M2, R_WFLH_M3, R_WFL_P5, R_WFA_M2, R_WFA_M3, R_WFA_P2_TWICE, R_WFA_P5_TWICE,
	R_WFA_DECLINE, R_WFA_FALL, R_BMI_P5, R_BFA_M2, R_BFA_M3, R_MUAC_MAM, R_MUAC_SAM, R_OEDEMA,
	/* over-nutrition */
	R_WFLH_P1, R_WFLH_P2, R_WFLH_P3, R_BMI_P85, R_BMI_P95, R_BMI_C2, R_BMI_C3, R_BFA_P1, R_BFA_P2,
	R_RAPID,
	/* stature */
	R_LHFA_M2, R_LHFA_M3, R_HFA_P3, R_LHFA_DECLINE, R_MPH_GAP, R_MPH_WIDEN,
	/* head circumference */
	R_HC_M2, R_HC_M3, R_HC_P2, R_HC_CROSS,
	R_COUNT
};

/* Sources, cited once (the table below refers to them).
 *  MGRS      WHO Multicentre Growth Reference Study Group, WHO Child Growth Standards, Acta Paediatr
 *            Suppl 2006;450:76; WHO Training Course on Child Growth Assessment, Module C,
 *            "Interpreting growth indicators", WHO 2008 (z-score cut-offs and their wording).
 *  WHO2007   de Onis M et al., Development of a WHO growth reference for school-aged children and
 *            adolescents, Bull WHO 2007;85:660 (BMI-for-age +1 SD overweight, +2 SD obesity,
 *            -2 SD thinness, -3 SD severe thinness; height-for-age -2 SD stunting).
 *  MMWR2010  Grummer-Strawn LM, Reinold C, Krebs NF, Use of WHO and CDC growth charts for children
 *            aged 0-59 months in the United States, MMWR Recomm Rep 2010;59(RR-9); CDC, "Assessing
 *            growth using the WHO growth charts" (cut-offs +/-2 SD labelled 2nd/98th percentile;
 *            CDC charts historically 5th/95th).
 *  SAM2009   WHO & UNICEF, WHO child growth standards and the identification of severe acute
 *            malnutrition in infants and children, joint statement, 2009; WHO, Guideline: updates
 *            on the management of severe acute malnutrition in infants and children, 2013.
 *  MAM2012   WHO, Technical note: supplementary foods for the management of moderate acute
 *            malnutrition in infants and children 6-59 months of age, 2012 (MUAC 115 to < 125 mm).
 *  FTT       Homan GJ, Failure to thrive: a practical guide, Am Fam Physician 2016;94:295; Olsen EM
 *            et al., Failure to thrive: the prevalence and concurrence of anthropometric criteria
 *            in a general infant population, Arch Dis Child 2007;92:109 (every single criterion
 *            has a low positive predictive value: also Cole SZ, Lanham JS, Failure to thrive: an
 *            update, Am Fam Physician 2011;83:829).
 *  NG75      NICE guideline NG75, Faltering growth: recognition and management of faltering growth
 *            in children, 2017, section 1.2, thresholds for concern in infants and preschool
 *            children: a fall across >= 1 weight centile space when the starting (birth) weight
 *            is below the 9th centile, >= 2 spaces from between the 9th and 91st, >= 3 spaces from
 *            above the 91st, or a current weight below the 2nd centile whatever the start.  On the
 *            nine-centile charts (UK-WHO) the lines 0.4, 2, 9, 25, 50, 75, 91, 98, 99.6 are 2/3 SD
 *            apart, so a centile space is 2/3 SD, the 9th and 91st lines lie at -/+4/3 SD and the
 *            2nd at -2 SD (Cole TJ, Do growth chart centiles need a face lift?, BMJ 1994;308:641).
 *  MEI2004   Mei Z et al., Shifts in percentiles of growth during early childhood: analysis of
 *            longitudinal data from the California Child Health and Development Study,
 *            Pediatrics 2004;113:e617 (39% of healthy infants cross two major weight percentile
 *            lines between birth and 6 months: crossing lines alone is no finding).
 *  ASPEN     Becker P et al., Consensus statement of the Academy of Nutrition and Dietetics /
 *            American Society for Parenteral and Enteral Nutrition: indicators recommended for the
 *            identification and documentation of pediatric malnutrition, J Acad Nutr Diet
 *            2014;114:1988 (a decline of 1 z-score is the smallest decline counted, as mild
 *            malnutrition; 2 moderate, 3 severe).
 *  AAP2023   Hampl SE et al., Clinical practice guideline for the evaluation and treatment of
 *            children and adolescents with obesity, Pediatrics 2023;151:e2022060640 (>= 85th
 *            overweight, >= 95th obesity, class 2 >= 120% of P95 or BMI >= 35, class 3 >= 140% of
 *            P95 or BMI >= 40); Kelly AS et al., Severe obesity in children and adolescents, AHA
 *            scientific statement, Circulation 2013;128:1689.
 *  CDCBMI    CDC, "Defining child BMI categories" (underweight < 5th percentile).
 *  ONG2000   Ong KK et al., Association between postnatal catch-up growth and obesity in
 *            childhood, BMJ 2000;320:967 (weight z gain > 0.67 = crossing a centile band).
 *  NICE75    NICE guideline NG75, Faltering growth, 2017, rec. 1.1.1-1.1.2 (loss > 10% of birth
 *            weight; most infants back to birth weight by 3 weeks).
 *  SHORT     Barstow C, Rerucha C, Evaluation of short and tall stature in children, Am Fam
 *            Physician 2015;92:43 (height < 3rd percentile / more than 2 SD below the mean).
 *  TANNER    Tanner JM, Goldstein H, Whitehouse RH, Standards for children's height at ages 2-9
 *            years allowing for heights of parents, Arch Dis Child 1970;45:755 (target =
 *            (father + mother +/- 13 cm)/2).
 *  GRS2000   Growth Hormone Research Society, Consensus guidelines for the diagnosis and treatment
 *            of GH deficiency in childhood and adolescence, J Clin Endocrinol Metab 2000;85:3990
 *            (height > 1.5 SD below mid-parental height; fall in height SDS > 0.5 over one year
 *            after age 2).
 *  HC        Ashwal S et al., Practice parameter: evaluation of the child with microcephaly,
 *            Neurology 2009;73:887 (HC < -2 SD; < -3 SD severe); WHO, Screening, assessment and
 *            management of neonates and infants with complications associated with Zika virus
 *            exposure in utero, 2016; Williams CA et al., Genetic disorders associated with
 *            macrocephaly, Am J Med Genet A 2008;146A:2023 (HC > +2 SD).
 *  BIV       WHO Anthro / anthro R package flag_threshold and WHO AnthroPlus manual 2009; CDC,
 *            "Cut-offs to define outliers in the 2000 CDC Growth Charts" (applied in growth.c).
 *  DAYMONT   Daymont C et al., Automated identification of implausible values in growth data from
 *            pediatric electronic health records, JAMIA 2017;24:1080 (growthcleanr).
 *  IG21NBS   Villar J, Cheikh Ismail L, Victora CG, et al., International standards for newborn
 *            weight, length, and head circumference by gestational age and sex: the Newborn
 *            Cross-Sectional Study of the INTERGROWTH-21st Project, Lancet 2014;384:857 (33+0-42+6
 *            weeks, term births included: a prescriptive standard for every newborn); Villar J et
 *            al., INTERGROWTH-21st very preterm size at birth reference charts, Lancet
 *            2016;387:844 (24+0-32+6 weeks, a reference).
 *  SFGA      Battaglia FC, Lubchenco LO, A practical classification of newborn infants by weight and
 *            gestational age, J Pediatr 1967;71:159 (small < 10th, large > 90th centile); WHO Expert
 *            Committee, Physical status: the use and interpretation of anthropometry, WHO TRS 854,
 *            1995 (SGA < 10th centile); RCOG Green-top Guideline No. 31, The investigation and
 *            management of the small-for-gestational-age fetus, 2013 (severe SGA < 3rd centile);
 *            McIntire DD, Bloom SL, Casey BM, Leveno KJ, Birth weight in relation to morbidity and
 *            mortality among newborn infants, N Engl J Med 1999;340:1234 (morbidity and mortality
 *            rise below the 3rd centile: a finding to act on, where < 10th holds 1 newborn in 10).
 *  MGRSMEAS  de Onis M et al., Measurement and standardization protocols for anthropometry used in
 *            the construction of a new international growth reference, Food Nutr Bull
 *            2004;25(1 Suppl):S27 (maximum allowed difference between two length measurements
 *            0.7 cm). */
static const struct rule rules[R_COUNT] = {
	/* ---------------------------------------------------------- implausible and suspect values */
	/* The engine's BIV flags (growth.c, BIV): its cut-offs live there, listed here for the reader. */
	[R_BIV_LOW] = {"biv_low", "implausibly low value", GV_CAT_IMPLAUSIBLE_VALUE, GV_SEV_CHECK, GV_NIND,
		K_BIV, IF_DOWN, 0, 0, G_NONE, NAN, 0, 0, 0, 0, 0, 0, "every chart",
		"WHO z < -6 (weight, length/height), < -5 (others); CDC modified z: weight, height, head < -5, BMI, weight-for-length < -4",
		"WHO Anthro/AnthroPlus flag cut-offs; CDC BIV cut-offs for the 2000 charts"},
	[R_BIV_HIGH] = {"biv_high", "implausibly high value", GV_CAT_IMPLAUSIBLE_VALUE, GV_SEV_CHECK, GV_NIND,
		K_BIV, IF_UP, 0, 0, G_NONE, NAN, 0, 0, 0, 0, 0, 0, "every chart",
		"WHO z > +5 (weight, BMI, weight-for-length, head), > +6 (length/height); CDC modified z: weight, BMI, weight-for-length > 8, height > 4, head > 5",
		"WHO Anthro/AnthroPlus flag cut-offs; CDC BIV cut-offs for the 2000 charts"},
	/* growthcleanr step 7: a weight and a height of one visit that each sit > 3 SD from the
	 * child's other values and fit them (here within 2 SD) once exchanged (Daymont 2017). */
	[R_SWAP] = {"weight_height_swapped", "weight and length/height swapped?", GV_CAT_IMPLAUSIBLE_VALUE,
		GV_SEV_CHECK, GV_WFA, K_MARK, IF_CHECK, 0, 0, G_NONE, 3, 0, 2, 0, 0, 0, 0, "every chart",
		"both > 3 SD from the child's other visits, both within 2 SD once exchanged",
		"Daymont C et al., JAMIA 2017;24:1080 (growthcleanr, swapped measurements)"},
	/* growthcleanr step 8: unit errors, factor 2.204622 (lb/kg) and 2.54 (in/cm); a value that
	 * sits > 3 SD from the EWMA of the child's other values and within 1 SD of it once divided by
	 * the factor.  Decimal errors (x10, /10) are the same test with factor 10. */
	[R_W_LB] = {"weight_lb_as_kg", "pounds entered as kilograms?", GV_CAT_IMPLAUSIBLE_VALUE, GV_SEV_CHECK,
		GV_WFA, K_MARK, IF_FACTOR, 0, 0, G_NONE, 2.2046226218, 3, 1, 0, 0, 0, 0, "every chart, >= 2 weights",
		"weight / 2.2046 fits the child's other weights (within 1 SD), weight does not (> 3 SD, or off by > 3/4 of the factor)",
		"Daymont C et al., JAMIA 2017;24:1080 (growthcleanr, unit errors)"},
	[R_W_KG_AS_LB] = {"weight_kg_as_lb", "kilograms converted as pounds?", GV_CAT_IMPLAUSIBLE_VALUE,
		GV_SEV_CHECK, GV_WFA, K_MARK, IF_FACTOR, 0, 0, G_NONE, 0.45359237, 3, 1, 0, 0, 0, 0,
		"every chart, >= 2 weights",
		"weight x 2.2046 fits the child's other weights (within 1 SD), weight does not (> 3 SD, or off by > 3/4 of the factor)",
		"Daymont C et al., JAMIA 2017;24:1080 (growthcleanr, unit errors)"},
	[R_W_X10] = {"weight_decimal_x10", "misplaced decimal point (x10)?", GV_CAT_IMPLAUSIBLE_VALUE,
		GV_SEV_CHECK, GV_WFA, K_MARK, IF_FACTOR, 0, 0, G_NONE, 10, 3, 1, 0, 0, 0, 0, "every chart, >= 2 weights",
		"weight / 10 fits the child's other weights (within 1 SD), weight does not (> 3 SD, or off by > 3/4 of the factor)",
		"growthcleanr unit-error test (Daymont 2017) with factor 10"},
	[R_W_DIV10] = {"weight_decimal_div10", "misplaced decimal point (/10)?", GV_CAT_IMPLAUSIBLE_VALUE,
		GV_SEV_CHECK, GV_WFA, K_MARK, IF_FACTOR, 0, 0, G_NONE, 0.1, 3, 1, 0, 0, 0, 0, "every chart, >= 2 weights",
		"weight x 10 fits the child's other weights (within 1 SD), weight does not (> 3 SD, or off by > 3/4 of the factor)",
		"growthcleanr unit-error test (Daymont 2017) with factor 10"},
	[R_H_IN] = {"height_in_as_cm", "inches entered as centimetres?", GV_CAT_IMPLAUSIBLE_VALUE, GV_SEV_CHECK,
		GV_LHFA, K_MARK, IF_FACTOR, 0, 0, G_NONE, 1 / 2.54, 3, 1, 0, 0, 0, 0, "every chart, >= 2 heights",
		"length x 2.54 fits the child's other lengths (within 1 SD), length does not (> 3 SD, or off by > 3/4 of the factor)",
		"Daymont C et al., JAMIA 2017;24:1080 (growthcleanr, unit errors)"},
	[R_H_CM_AS_IN] = {"height_cm_as_in", "centimetres converted as inches?", GV_CAT_IMPLAUSIBLE_VALUE,
		GV_SEV_CHECK, GV_LHFA, K_MARK, IF_FACTOR, 0, 0, G_NONE, 2.54, 3, 1, 0, 0, 0, 0,
		"every chart, >= 2 heights",
		"length / 2.54 fits the child's other lengths (within 1 SD), length does not (> 3 SD, or off by > 3/4 of the factor)",
		"Daymont C et al., JAMIA 2017;24:1080 (growthcleanr, unit errors)"},
	[R_H_X10] = {"height_decimal_x10", "misplaced decimal point (x10)?", GV_CAT_IMPLAUSIBLE_VALUE,
		GV_SEV_CHECK, GV_LHFA, K_MARK, IF_FACTOR, 0, 0, G_NONE, 10, 3, 1, 0, 0, 0, 0, "every chart, >= 2 heights",
		"length / 10 fits the child's other lengths (within 1 SD), length does not (> 3 SD, or off by > 3/4 of the factor)",
		"growthcleanr unit-error test (Daymont 2017) with factor 10"},
	[R_H_DIV10] = {"height_decimal_div10", "misplaced decimal point (/10)?", GV_CAT_IMPLAUSIBLE_VALUE,
		GV_SEV_CHECK, GV_LHFA, K_MARK, IF_FACTOR, 0, 0, G_NONE, 0.1, 3, 1, 0, 0, 0, 0, "every chart, >= 2 heights",
		"length x 10 fits the child's other lengths (within 1 SD), length does not (> 3 SD, or off by > 3/4 of the factor)",
		"growthcleanr unit-error test (Daymont 2017) with factor 10"},
	[R_HC_IN] = {"head_in_as_cm", "inches entered as centimetres?", GV_CAT_IMPLAUSIBLE_VALUE, GV_SEV_CHECK,
		GV_HCFA, K_MARK, IF_FACTOR, 0, 0, G_NONE, 1 / 2.54, 3, 1, 0, 0, 0, 0, "head charts, >= 2 heads",
		"head x 2.54 fits the child's other head circumferences (within 1 SD), head does not (> 3 SD, or off by > 3/4 of the factor)",
		"growthcleanr unit-error test (Daymont 2017) applied to head circumference"},
	/* Same length/height (within 0.05 cm) 180 days or more after a first one while the reference
	 * median grows >= 3 cm over that time: carried forward ("Exclude-Carried-Forward", Daymont
	 * 2017, there for any identical value; here only where growth was expected: a child whose
	 * median grows 3 cm in half a year cannot measure the same twice). */
	[R_CARRIED] = {"height_carried_forward", "length/height carried forward?", GV_CAT_IMPLAUSIBLE_VALUE,
		GV_SEV_CHECK, GV_LHFA, K_MARK, IF_CHECK, 0, 0, G_NONE, 180, 3, 0.05, 0, 0, 0, 0, "every chart",
		"same value (+/-0.05 cm) >= 180 days later while the median child grows >= 3 cm",
		"Daymont C et al., JAMIA 2017;24:1080 (growthcleanr, carried-forward values)"},
	/* A length/height more than 2.5 cm below the previous one: more than measurement error can
	 * explain, the WHO MGRS maximum allowed difference between two measurements (0.7 cm, MGRSMEAS)
	 * plus the length-height difference (0.7 cm, MGRS), with a margin; growthcleanr allows up to
	 * 3 cm over short intervals (Daymont 2017, step 15f).  Of the two values, the one farther from
	 * the child's other values is flagged (with two heights only, the one with the larger |z|), as
	 * growthcleanr does. */
	[R_SHRINK] = {"height_shrink", "length/height decreased", GV_CAT_IMPLAUSIBLE_VALUE, GV_SEV_CHECK,
		GV_LHFA, K_MARK, IF_CHECK, 0, 0, G_NONE, 2.5, 0, 0, 0, 0, 0, 0, "every chart",
		"> 2.5 cm below the previous length/height",
		"de Onis M et al., Food Nutr Bull 2004;25(1 Suppl):S27 (WHO MGRS measurement protocol, 0.7 cm); "
		"Daymont C et al., JAMIA 2017;24:1080 (growthcleanr step 15)"},
	/* growthcleanr step 11: |z - EWMA of the other z| > 3.5 and |z| > 3.5 (both the same way). */
	[R_EWMA] = {"ewma_outlier", "far from the child's other values", GV_CAT_IMPLAUSIBLE_VALUE, GV_SEV_CHECK,
		GV_NIND, K_MARK, IF_CHECK, 0, 0, G_NONE, 3.5, 3.5, 0, 0, 0, 0, 0, "every chart, >= 2 values",
		"|z - EWMA of the child's other z| > 3.5 and |z| > 3.5",
		"Daymont C et al., JAMIA 2017;24:1080 (growthcleanr, EWMA extreme values)"},

	/* ---------------------------------------------------------- newborn */
	/* Loss of more than 10% of birth weight in the first days (NICE75 rec. 1.1.2), days 1-28. */
	[R_NB_LOSS] = {"newborn_loss_over_10pct", "newborn weight loss", GV_CAT_NEWBORN_WEIGHT_LOSS,
		GV_SEV_MODERATE, GV_WFA, K_NB_LOSS, IF_NONE, 0, 0, G_NONE, 10, 28, 0, 0, 0, 1, 0,
		"days 1-28, birth weight recorded on the birth date",
		"loss > 10% of birth weight", "NICE NG75 (2017) rec. 1.1.2"},
	/* 3 weeks (NICE NG75 rec. 1.1.1).  14 days is also widely used in the US ("regain by 10-14
	 * days"), but weight-change nomograms show many healthy newborns are not back by day 14
	 * (Paul IM et al., Pediatrics 2016;138:e20162625); 21 days is the published cut-off. */
	[R_NB_REGAIN] = {"newborn_not_regained_21d", "birth weight not regained", GV_CAT_NEWBORN_WEIGHT_LOSS,
		GV_SEV_MODERATE, GV_WFA, K_NB_REGAIN, IF_NONE, 0, 0, G_NONE, 21, 0, 0, 0, 0, 1, 0,
		"first weight from day 21, birth weight recorded on the birth date",
		"< birth weight at the first weighing from day 21, not regained before",
		"NICE NG75 (2017) rec. 1.1.1; Paul IM et al., Pediatrics 2016;138:e20162625"},

	/* Birth weight for gestational age on the INTERGROWTH-21st Newborn Size standard (IG21NBS), every
	 * newborn with a recorded GA of 24+0-42+6 weeks, term or preterm: the standard covers term
	 * births, and "small/large for gestational age" is defined for every newborn (SFGA).  Cut-offs
	 * as SFGA; the edge belongs to the middle class (exactly the 10th or 90th centile is
	 * appropriate, exactly the 3rd is small: ig21.h), decided on the weight: below (above) the
	 * weight at that centile for the sex and GA day.  Small (3rd-10th) and large are "info", risk
	 * markers that 1 healthy newborn in 10 meets; very small (< 3rd) is "moderate" (McIntire 1999,
	 * RCOG 2013).  A ladder: below the 3rd only "very small" is reported. */
	[R_SGA] = {"birth_weight_below_p10", "small for gestational age", GV_CAT_SMALL_FOR_GA, GV_SEV_INFO, GV_WFA,
		K_BIRTH, IF_P_BELOW, 0, 0, G_SFGA_LO, IG21_CENTILE_SMALL, 0, 0, 0, 0, 1, 0,
		"birth weight on the birth date, GA 24+0-42+6 weeks recorded", "< 10th centile (INTERGROWTH-21st)",
		"Villar J et al., Lancet 2014;384:857 and 2016;387:844 (INTERGROWTH-21st); Battaglia FC, Lubchenco LO, J Pediatr 1967;71:159"},
	[R_SGA_VERY] = {"birth_weight_below_p3", "very small for gestational age", GV_CAT_SMALL_FOR_GA, GV_SEV_MODERATE,
		GV_WFA, K_BIRTH, IF_P_BELOW, 0, 0, G_SFGA_LO, IG21_CENTILE_VERY_SMALL, 0, 0, 0, 0, 1, 0,
		"birth weight on the birth date, GA 24+0-42+6 weeks recorded", "< 3rd centile (INTERGROWTH-21st)",
		"Villar J et al., Lancet 2014;384:857 and 2016;387:844 (INTERGROWTH-21st); RCOG Green-top Guideline 31 (2013); "
		"McIntire DD et al., N Engl J Med 1999;340:1234"},
	[R_LGA] = {"birth_weight_above_p90", "large for gestational age", GV_CAT_LARGE_FOR_GA, GV_SEV_INFO, GV_WFA,
		K_BIRTH, IF_P_ABOVE, 0, 0, G_NONE, IG21_CENTILE_LARGE, 0, 0, 0, 0, 1, 0,
		"birth weight on the birth date, GA 24+0-42+6 weeks recorded", "> 90th centile (INTERGROWTH-21st)",
		"Villar J et al., Lancet 2014;384:857 and 2016;387:844 (INTERGROWTH-21st); Battaglia FC, Lubchenco LO, J Pediatr 1967;71:159"},

	/* ---------------------------------------------------------- under-nutrition, faltering growth */
	/* WHO: wasted below -2 SD, severely wasted below -3 SD (MGRS Module C); CDC's WHO charts call
	 * < -2 SD "low weight-for-length" (MMWR2010).  Severe wasting is a SAM criterion (SAM2009). */
	[R_WFLH_M2] = {"wflh_below_m2sd", "wasting (low weight-for-length/height)", GV_CAT_WASTING,
		GV_SEV_MODERATE, GV_WFLH, K_STATUS, IF_Z_BELOW, CH_WHO06, 0, G_WFLH_LO, -2, 0, 0, 0, 0, 0, 0,
		"WHO 2006 charts", "z < -2", "WHO MGRS 2006, Training Course Module C (2008); MMWR 2010;59(RR-9)"},
	[R_WFLH_M3] = {"wflh_below_m3sd", "severe wasting", GV_CAT_WASTING, GV_SEV_SEVERE, GV_WFLH, K_STATUS,
		IF_Z_BELOW, CH_WHO06, 0, G_WFLH_LO, -3, 0, 0, 0, 0, 0, 0, "WHO 2006 charts", "z < -3",
		"WHO Training Course Module C (2008); WHO/UNICEF SAM joint statement 2009"},
	/* CDC charts: low weight-for-length below the 5th percentile (MMWR2010: "historically, CDC used
	 * the 5th percentile to define ... low weight-for-length"; FTT criteria). */
	[R_WFL_P5] = {"wfl_below_p5", "low weight-for-length", GV_CAT_WASTING, GV_SEV_MODERATE, GV_WFLH,
		K_STATUS, IF_P_BELOW, CH_CDC, 0, G_NONE, 5, 0, 0, 0, 24, 0, 0, "CDC 2000 infant charts (< 24 mo)",
		"< 5th percentile", "MMWR 2010;59(RR-9); Homan, Am Fam Physician 2016;94:295"},
	/* WHO: underweight below -2 SD, severely underweight below -3 SD (MGRS Module C, WHO2007 to 10 y). */
	[R_WFA_M2] = {"wfa_below_m2sd", "underweight", GV_CAT_UNDERWEIGHT, GV_SEV_MODERATE, GV_WFA, K_STATUS,
		IF_Z_BELOW, CH_WHO, 0, G_WFA_LO, -2, 0, 0, 0, 0, 0, 0, "WHO charts", "z < -2",
		"WHO Training Course Module C (2008); de Onis, Bull WHO 2007;85:660"},
	[R_WFA_M3] = {"wfa_below_m3sd", "severely underweight", GV_CAT_UNDERWEIGHT, GV_SEV_SEVERE, GV_WFA,
		K_STATUS, IF_Z_BELOW, CH_WHO, 0, G_WFA_LO, -3, 0, 0, 0, 0, 0, 0, "WHO charts", "z < -3",
		"WHO Training Course Module C (2008)"},
	/* Faltering growth: a current weight below the 2nd centile (NG75), confirmed at a second visit
	 * (NG75; Olsen 2007: weight below the cut-off "on multiple occasions", FTT).  On the WHO charts
	 * the 2nd centile is the -2 SD line (NG75's nine-centile charts; CDC's WHO charts label it
	 * "2nd": MMWR2010).  Infants and preschool children only, before 60 months (NG75's scope):
	 * faltering growth is a diagnosis of infancy and early childhood (Homan 2016: "children
	 * younger than 2 to 3 years"); an older child with low weight is flagged underweight (z < -2,
	 * WHO charts; BMI < P5, CDC charts), not failure to thrive. */
	[R_WFA_P2_TWICE] = {"wfa_below_p2_twice", "low weight on repeated visits", GV_CAT_FAILURE_TO_THRIVE,
		GV_SEV_MODERATE, GV_WFA, K_STATUS, IF_Z_BELOW, CH_WHO, 0, G_NONE, -2, 0, 0, 0, 60, 0, 2,
		"WHO charts, before 60 months", "z < -2 (the 2nd centile line) on >= 2 visits",
		"NICE NG75 (2017) sec. 1.2; Homan, Am Fam Physician 2016;94:295; MMWR 2010;59(RR-9)"},
	/* The same on CDC's charts (from 2 years in the US set), whose lowest major line is the 5th
	 * percentile: below it on multiple occasions (FTT), before 60 months as above. */
	[R_WFA_P5_TWICE] = {"wfa_below_p5_twice", "low weight on repeated visits", GV_CAT_FAILURE_TO_THRIVE,
		GV_SEV_MODERATE, GV_WFA, K_STATUS, IF_P_BELOW, CH_CDC, 0, G_NONE, 5, 0, 0, 0, 60, 0, 2,
		"CDC 2000 charts, before 60 months", "< 5th percentile on >= 2 visits",
		"Homan, Am Fam Physician 2016;94:295; Olsen, Arch Dis Child 2007;92:109; NICE NG75 (2017) sec. 1.2"},
	/* Faltering growth by the fall of weight (NG75, the primary definition): between any earlier
	 * and any later visit (not only consecutive ones) on one reference, sustained (each end
	 * confirmed by its neighbouring visit: traj_sustained_z; a change is confirmed on repeated
	 * measurements before it is acted on, NG75 and Olsen 2007), a fall of >= 1, 2 or 3 centile
	 * spaces (2/3 SD each) by the band the weight started in (below the 9th centile, 9th-91st,
	 * above the 91st), and never less than 1 SD (limit2): no consensus counts a smaller decline
	 * (ASPEN: 1 z-score, mild malnutrition), and a fall of 2/3 SD from a low start is within what
	 * measurement and regression to the mean give healthy infants (Cole & Lanham 2011; MEI2004).
	 * A current weight below the 2nd centile is the rule above.  Infants and preschool children,
	 * both visits before 60 months (NG75's scope), not days 1-20 (the newborn weight rules).
	 * US set: the same fall must also cross >= 2 major lines of the chart in use (limit), the
	 * US wording (AAP, Growth faltering in newborns and infants: "declines across 2 major
	 * percentiles"; Homan 2016), which by itself is common in healthy infants (MEI2004: 39%). */
	[R_WFA_DECLINE] = {"wfa_decline_2_lines", "weight crossing percentile lines downward",
		GV_CAT_FAILURE_TO_THRIVE, GV_SEV_MODERATE, GV_WFA, K_FALL, IF_DOWN, 0, S_US, G_NONE, 2, 1, 0, 0, 60, 0, 0,
		"US set; two visits before 60 months on one reference, not days 1-20; sustained",
		">= 2 major lines down with a fall of >= 1 SD (>= 4/3 SD from the 9th-91st centile, >= 2 SD from above the 91st)",
		"NICE NG75 (2017) sec. 1.2 (fall by starting centile); AAP, Growth faltering (2 major percentiles); "
		"Becker P et al., J Acad Nutr Diet 2014;114:1988 (1 SD); Mei Z et al., Pediatrics 2004;113:e617", 1},
	[R_WFA_FALL] = {"wfa_fall_centile_spaces", "weight falling across centile spaces", GV_CAT_FAILURE_TO_THRIVE,
		GV_SEV_MODERATE, GV_WFA, K_FALL, IF_DOWN, 0, S_WHO, G_NONE, NAN, 1, 0, 0, 60, 0, 0,
		"WHO set; two visits before 60 months on one reference, not days 1-20; sustained",
		"fall of >= 1 centile space (2/3 SD, at least 1 SD) from below the 9th centile, >= 2 (4/3 SD) from the 9th-91st, >= 3 (2 SD) from above the 91st",
		"NICE NG75 (2017) sec. 1.2; Cole TJ, BMJ 1994;308:641 (centile space 2/3 SD); "
		"Becker P et al., J Acad Nutr Diet 2014;114:1988 (1 SD)", 1},
	/* CDC BMI-for-age from 2 y: underweight below the 5th percentile (CDCBMI). */
	[R_BMI_P5] = {"bmi_below_p5", "underweight (BMI)", GV_CAT_UNDERWEIGHT, GV_SEV_MODERATE, GV_BFA, K_STATUS,
		IF_P_BELOW, CH_CDC, 0, G_NONE, 5, 0, 0, 24, 0, 0, 0, "CDC 2000 BMI charts, >= 2 y",
		"< 5th percentile", "CDC, Defining child BMI categories"},
	/* WHO 2007 BMI-for-age, 5-19 y: thinness below -2 SD, severe thinness below -3 SD (WHO2007). */
	[R_BFA_M2] = {"bfa_below_m2sd_who", "thinness", GV_CAT_THINNESS, GV_SEV_MODERATE, GV_BFA, K_STATUS,
		IF_Z_BELOW, CH_WHO07, 0, G_BFA_LO, -2, 0, 0, 0, 0, 0, 0, "WHO 2007 charts (5-19 y)", "z < -2",
		"de Onis, Bull WHO 2007;85:660"},
	[R_BFA_M3] = {"bfa_below_m3sd_who", "severe thinness", GV_CAT_THINNESS, GV_SEV_SEVERE, GV_BFA, K_STATUS,
		IF_Z_BELOW, CH_WHO07, 0, G_BFA_LO, -3, 0, 0, 0, 0, 0, 0, "WHO 2007 charts (5-19 y)", "z < -3",
		"de Onis, Bull WHO 2007;85:660"},
	/* MUAC at 6-59 months: < 115 mm severe acute malnutrition (SAM2009), 115 to < 125 mm moderate
	 * acute malnutrition (MAM2012).  Fixed cut-offs on chronological age. */
	[R_MUAC_MAM] = {"muac_115_to_124mm", "moderate acute malnutrition (MUAC)",
		GV_CAT_MODERATE_ACUTE_MALNUTRITION, GV_SEV_MODERATE, GV_ACFA, K_STATUS, IF_MM_RANGE, 0, 0, G_MUAC,
		115, 125, 0, 6, 60, 1, 0, "6-59 months", "115 mm <= MUAC < 125 mm",
		"WHO technical note on MAM (2012); WHO/UNICEF 2009"},
	[R_MUAC_SAM] = {"muac_below_115mm", "severe acute malnutrition (MUAC)", GV_CAT_SEVERE_ACUTE_MALNUTRITION,
		GV_SEV_SEVERE, GV_ACFA, K_STATUS, IF_MM_BELOW, 0, 0, G_MUAC, 115, 0, 0, 6, 60, 1, 0, "6-59 months",
		"MUAC < 115 mm", "WHO/UNICEF SAM joint statement 2009; WHO SAM guideline 2013"},
	/* Bilateral pitting oedema is SAM in children under 5 (SAM2009; WHO 2013 includes infants
	 * under 6 months). */
	[R_OEDEMA] = {"oedema_bilateral", "bilateral pitting oedema", GV_CAT_SEVERE_ACUTE_MALNUTRITION,
		GV_SEV_SEVERE, GV_NIND, K_STATUS, IF_OEDEMA, 0, 0, G_NONE, 1, 0, 0, 0, 60, 1, 0, "0-59 months",
		"oedema recorded", "WHO/UNICEF SAM joint statement 2009; WHO SAM guideline 2013"},

	/* ---------------------------------------------------------- over-nutrition */
	/* WHO wording for weight-for-length/height (MGRS Module C): > +1 SD "possible risk of
	 * overweight", > +2 SD "overweight", > +3 SD "obese".  CDC's WHO charts: > +2 SD (the line
	 * labelled 98th) "high weight-for-length" (MMWR2010); CDC/AAP do not label obesity under 2 y,
	 * so the +1 SD wording is used with the WHO rule set only. */
	[R_WFLH_P1] = {"wflh_above_p1sd", "possible risk of overweight", GV_CAT_OVERWEIGHT, GV_SEV_INFO, GV_WFLH,
		K_STATUS, IF_Z_ABOVE, CH_WHO06, S_WHO, G_WFLH_HI, 1, 0, 0, 0, 0, 0, 0, "WHO 2006 charts, WHO rule set",
		"z > +1", "WHO Training Course Module C (2008)"},
	[R_WFLH_P2] = {"wflh_above_p2sd", "overweight (WHO), high weight-for-length (CDC)", GV_CAT_OVERWEIGHT,
		GV_SEV_MODERATE, GV_WFLH, K_STATUS, IF_Z_ABOVE, CH_WHO06, 0, G_WFLH_HI, 2, 0, 0, 0, 0, 0, 0,
		"WHO 2006 charts", "z > +2 (the line labelled 98th)",
		"WHO Training Course Module C (2008); MMWR 2010;59(RR-9)"},
	[R_WFLH_P3] = {"wflh_above_p3sd", "obese (WHO wording)", GV_CAT_OBESITY, GV_SEV_MODERATE, GV_WFLH,
		K_STATUS, IF_Z_ABOVE, CH_WHO06, 0, G_WFLH_HI, 3, 0, 0, 0, 0, 0, 0, "WHO 2006 charts", "z > +3",
		"WHO Training Course Module C (2008)"},
	/* CDC BMI-for-age from 2 y (AAP2023): the ladder 85th, 95th, 120% / BMI 35, 140% / BMI 40, on
	 * the engine's bmi_pct_p95 (BMI as a percentage of the 95th percentile). */
	[R_BMI_P85] = {"bmi_p85_to_p95", "overweight", GV_CAT_OVERWEIGHT, GV_SEV_INFO, GV_BFA, K_STATUS,
		IF_P_ATLEAST, CH_CDC, 0, G_BMI_HI, 85, 0, 0, 24, 0, 0, 0, "CDC 2000 BMI charts, >= 2 y",
		">= 85th and < 95th percentile", "Hampl SE et al., Pediatrics 2023;151:e2022060640 (AAP)"},
	[R_BMI_P95] = {"bmi_at_or_above_p95", "obesity", GV_CAT_OBESITY, GV_SEV_MODERATE, GV_BFA, K_STATUS,
		IF_P95, CH_CDC, 0, G_BMI_HI, 100, 0, 0, 24, 0, 0, 0, "CDC 2000 BMI charts, >= 2 y",
		">= 95th percentile (100% of P95)", "Hampl SE et al., Pediatrics 2023;151:e2022060640 (AAP)"},
	[R_BMI_C2] = {"bmi_class2_obesity", "severe obesity, class 2", GV_CAT_SEVERE_OBESITY, GV_SEV_SEVERE,
		GV_BFA, K_STATUS, IF_P95, CH_CDC, 0, G_BMI_HI, 120, 35, 0, 24, 0, 0, 0, "CDC 2000 BMI charts, >= 2 y",
		">= 120% of P95 or BMI >= 35",
		"Hampl SE et al., Pediatrics 2023;151:e2022060640; Kelly AS et al., Circulation 2013;128:1689"},
	[R_BMI_C3] = {"bmi_class3_obesity", "severe obesity, class 3", GV_CAT_SEVERE_OBESITY, GV_SEV_SEVERE,
		GV_BFA, K_STATUS, IF_P95, CH_CDC, 0, G_BMI_HI, 140, 40, 0, 24, 0, 0, 0, "CDC 2000 BMI charts, >= 2 y",
		">= 140% of P95 or BMI >= 40",
		"Hampl SE et al., Pediatrics 2023;151:e2022060640; Skinner AC, Skelton JA, JAMA Pediatr 2014;168:561"},
	/* WHO 2007 BMI-for-age, 5-19 y: overweight above +1 SD, obesity above +2 SD (WHO2007; de Onis M,
	 * Lobstein T, Int J Pediatr Obes 2010;5:458). */
	[R_BFA_P1] = {"bfa_above_p1sd_who", "overweight", GV_CAT_OVERWEIGHT, GV_SEV_INFO, GV_BFA, K_STATUS,
		IF_Z_ABOVE, CH_WHO07, 0, G_BFA_HI, 1, 0, 0, 0, 0, 0, 0, "WHO 2007 charts (5-19 y)", "z > +1",
		"de Onis, Bull WHO 2007;85:660"},
	[R_BFA_P2] = {"bfa_above_p2sd_who", "obesity", GV_CAT_OBESITY, GV_SEV_MODERATE, GV_BFA, K_STATUS,
		IF_Z_ABOVE, CH_WHO07, 0, G_BFA_HI, 2, 0, 0, 0, 0, 0, 0, "WHO 2007 charts (5-19 y)", "z > +2",
		"de Onis, Bull WHO 2007;85:660"},
	/* Rapid infant weight gain: a weight-for-age z rise > 0.67 (one centile band of the charts)
	 * between two visits in the first 2 years (ONG2000). */
	[R_RAPID] = {"wfa_rise_over_0_67", "rapid infant weight gain", GV_CAT_RAPID_WEIGHT_GAIN, GV_SEV_INFO,
		GV_WFA, K_DZ, IF_UP, 0, 0, G_NONE, 0.67, 0, 0, 0, 24, 0, 0,
		"any two visits before 24 months, not days 1-20", "weight-for-age z rise > 0.67",
		"Ong KK et al., BMJ 2000;320:967", 1},

	/* ---------------------------------------------------------- stature */
	/* WHO: stunted below -2 SD, severely stunted below -3 SD (MGRS Module C; WHO2007); CDC's WHO
	 * charts call < -2 SD "short stature" (MMWR2010). */
	[R_LHFA_M2] = {"lhfa_below_m2sd", "stunting (WHO), short stature (CDC)", GV_CAT_STUNTING, GV_SEV_MODERATE,
		GV_LHFA, K_STATUS, IF_Z_BELOW, CH_WHO, 0, G_LHFA_LO, -2, 0, 0, 0, 0, 0, 0, "WHO charts",
		"z < -2 (the line labelled 2nd)",
		"WHO Training Course Module C (2008); de Onis, Bull WHO 2007;85:660; MMWR 2010;59(RR-9)"},
	[R_LHFA_M3] = {"lhfa_below_m3sd", "severe stunting", GV_CAT_STUNTING, GV_SEV_SEVERE, GV_LHFA, K_STATUS,
		IF_Z_BELOW, CH_WHO, 0, G_LHFA_LO, -3, 0, 0, 0, 0, 0, 0, "WHO charts", "z < -3",
		"WHO Training Course Module C (2008)"},
	/* CDC charts: short stature below the 3rd percentile (SHORT). */
	[R_HFA_P3] = {"hfa_below_p3", "short stature", GV_CAT_SHORT_STATURE, GV_SEV_MODERATE, GV_LHFA, K_STATUS,
		IF_P_BELOW, CH_CDC, 0, G_NONE, 3, 0, 0, 0, 0, 0, 0, "CDC 2000 charts", "< 3rd percentile",
		"Barstow C, Rerucha C, Am Fam Physician 2015;92:43"},
	/* Height velocity falling: length/height-for-age crossing two or more major lines down,
	 * sustained, between 2 and 10 years: the weight criterion of FTT (Homan 2016) applied to
	 * height, whose downward crossing of percentiles after infancy is the sign of growth failure
	 * (Barstow & Rerucha 2015, SHORT; GRS2000: a fall in height SDS after 2 years).  Not before 2 years: healthy infants shift linear growth
	 * channels in the first 18-24 months (Smith DW et al., J Pediatr 1976;89:225).  Not from 10
	 * years: the timing of puberty moves healthy adolescents across height centiles of the
	 * cross-sectional charts (Tanner JM, Davies PS, J Pediatr 1985;107:317). */
	[R_LHFA_DECLINE] = {"lhfa_decline_2_lines", "length/height crossing percentile lines downward",
		GV_CAT_HEIGHT_FALTERING, GV_SEV_MODERATE, GV_LHFA, K_LINES, IF_DOWN, 0, 0, G_NONE, 2, 0, 0, 24, 120, 0, 0,
		"two visits from 2 to 10 years on one reference; sustained", ">= 2 major percentile lines down",
		"Homan, Am Fam Physician 2016;94:295 (2 major lines); Barstow C, Rerucha C, Am Fam Physician 2015;92:43; "
		"GRS, J Clin Endocrinol Metab 2000;85:3990"},
	/* Mid-parental target (TANNER) scored at adult age: CDC stature-for-age at 240 months, or WHO
	 * 2007 height-for-age at 228 months.  A child more than 2 SD below it, outside Tanner's target
	 * range (target +/- 2 SD, TANNER; stricter than GRS2000's referral criterion of 1.5 SD).  From 2 y: Tanner's standards start at 2 y and
	 * length shifts towards the genetic channel in the first two years (Smith DW et al., J Pediatr
	 * 1976;89:225). */
	[R_MPH_GAP] = {"midparental_gap_over_2sd", "far below the mid-parental target",
		GV_CAT_MIDPARENTAL_HEIGHT_GAP, GV_SEV_MODERATE, GV_LHFA, K_STATUS, IF_MPH_GAP, 0, 0, G_NONE, 2, 0, 0,
		24, 0, 0, 0, ">= 2 y, both parents' heights known", "target z - height z > 2",
		"Tanner JM et al., Arch Dis Child 1970;45:755; GRS, J Clin Endocrinol Metab 2000;85:3990"},
	/* The gap widens: height z falls faster than 0.5 SD per year over at least a year, after 2 y,
	 * while below the target (GRS2000: "decrease in height SDS of more than 0.5 over one year"). */
	[R_MPH_WIDEN] = {"midparental_gap_widening", "falling away from the mid-parental target",
		GV_CAT_MIDPARENTAL_HEIGHT_GAP, GV_SEV_MODERATE, GV_LHFA, K_MPH_WIDEN, IF_DOWN, 0, 0, G_NONE, 0.5, 365,
		0, 24, 0, 0, 0, ">= 2 y, both parents' heights known, visits >= 365 days apart",
		"height z falls > 0.5 SD/year, ending below the target z",
		"GRS, J Clin Endocrinol Metab 2000;85:3990; Tanner JM et al., Arch Dis Child 1970;45:755"},

	/* ---------------------------------------------------------- head circumference */
	/* Microcephaly below -2 SD, severe below -3 SD; macrocephaly above +2 SD, on WHO 2006 and CDC
	 * 2000 head charts alike (HC: the definitions are in SD, not chart-specific). */
	[R_HC_M2] = {"hcfa_below_m2sd", "microcephaly", GV_CAT_MICROCEPHALY, GV_SEV_MODERATE, GV_HCFA, K_STATUS,
		IF_Z_BELOW, CH_WHO06 | CH_CDC, 0, G_HC_LO, -2, 0, 0, 0, 0, 0, 0, "WHO 2006 and CDC 2000 head charts",
		"z < -2", "Ashwal S et al., Neurology 2009;73:887; WHO Zika guidance 2016"},
	[R_HC_M3] = {"hcfa_below_m3sd", "severe microcephaly", GV_CAT_MICROCEPHALY, GV_SEV_SEVERE, GV_HCFA,
		K_STATUS, IF_Z_BELOW, CH_WHO06 | CH_CDC, 0, G_HC_LO, -3, 0, 0, 0, 0, 0, 0,
		"WHO 2006 and CDC 2000 head charts", "z < -3",
		"Ashwal S et al., Neurology 2009;73:887; WHO Zika guidance 2016"},
	[R_HC_P2] = {"hcfa_above_p2sd", "macrocephaly", GV_CAT_MACROCEPHALY, GV_SEV_MODERATE, GV_HCFA, K_STATUS,
		IF_Z_ABOVE, CH_WHO06 | CH_CDC, 0, G_NONE, 2, 0, 0, 0, 0, 0, 0, "WHO 2006 and CDC 2000 head charts",
		"z > +2", "Williams CA et al., Am J Med Genet A 2008;146A:2023"},
	/* Head growth crossing two or more major lines either way: the line counting of the FTT weight
	 * criterion (Homan 2016) applied to head circumference, whose serial measurement detects
	 * acquired microcephaly (a falling curve) or hydrocephalus (a rising one) (HC).  Sustained, from 6 weeks (moulding of the newborn head makes birth
	 * measurements unreliable for tracking: Ashwal 2009) to 36 months (the end of the head
	 * circumference charts' use in routine care: CDC infant chart to 36 months). */
	[R_HC_CROSS] = {"hcfa_cross_2_lines", "head circumference crossing percentile lines",
		GV_CAT_HEAD_GROWTH_CROSSING, GV_SEV_MODERATE, GV_HCFA, K_LINES, IF_EITHER, 0, 0, G_NONE, 2, 0, 0, 1.5, 36,
		0, 0, "two visits from 6 weeks to 36 months on one reference; sustained", ">= 2 major percentile lines up or down",
		"Homan, Am Fam Physician 2016;94:295 (2 major lines); Ashwal S et al., Neurology 2009;73:887"},
};

/* ================================================================== names */

static const char *const cat_names[GV_CAT_COUNT] = {
	"failure_to_thrive", "underweight", "overweight", "obesity", "severe_obesity", "short_stature",
	"stunting", "wasting", "thinness", "microcephaly", "macrocephaly", "rapid_weight_gain",
	"newborn_weight_loss", "severe_acute_malnutrition", "moderate_acute_malnutrition",
	"midparental_height_gap", "height_faltering", "head_growth_crossing", "implausible_value",
	"small_for_gestational_age", "large_for_gestational_age",
};

const char *flags_cat_name(gv_flag_cat c)
{
	return (unsigned)c < GV_CAT_COUNT ? cat_names[c] : "";
}

gv_flag_cat flags_cat_parse(const char *name)
{
	for (int c = 0; c < GV_CAT_COUNT; c++)
		if (strcmp(cat_names[c], name) == 0)
			return (gv_flag_cat)c;
	return GV_CAT_COUNT;
}

const char *flags_sev_name(gv_severity s)
{
	static const char *const names[GV_SEV_COUNT] = {"info", "check", "moderate", "severe"};
	return (unsigned)s < GV_SEV_COUNT ? names[s] : "";
}

size_t flags_nrules(void)
{
	return R_COUNT;
}

int flags_rule_info(size_t i, gv_rule_info *out)
{
	if (i >= R_COUNT)
		return 0;
	const struct rule *r = &rules[i];
	out->id = r->id;
	out->label = r->label;
	out->category = r->cat;
	out->severity = r->sev;
	out->indicator = r->ind;
	out->applies = r->applies;
	out->threshold = r->limit;
	out->threshold_text = r->text;
	out->source = r->source;
	return 1;
}

void flags_default_options(gv_flag_options *o, gv_ruleset set)
{
	o->rules = set;
	growth_default_options(&o->growth);
	o->growth.policy = set == GV_RULES_WHO ? GV_POLICY_WHO : GV_POLICY_AUTO;
}

/* ================================================================== state of one evaluation */

/* Measurements checked on the child's history, as bits and as indexes. */
enum { M_W = 1, M_H = 2, M_HC = 4, M_MUAC = 8 };
enum { MI_W, MI_H, MI_HC, NMI };
static const gv_ind mi_ind[NMI] = {GV_WFA, GV_LHFA, GV_HCFA};

typedef struct vstate {
	unsigned char skip;  /* M_*: judged wrong with a known mechanism; not used by clinical rules */
	unsigned char doubt; /* M_*: BIV or EWMA outlier; used, flags resting on it are suspect */
	unsigned char odd;   /* M_*: EWMA outliers (left out of the others' expected values) */
	signed char mark[NMI];  /* rule that flagged measurement mi here, -1 none */
	size_t other[NMI];   /* the other visit of a pair finding, TRAJ_NONE */
	double expect[NMI];  /* expected z (EWMA of the others), or the cm figure of a pair finding */
} vstate;

typedef struct ctx {
	const gv_child *c;
	const gv_result *res;
	const gv_flag_options *o;
	vstate *vs;
	double *t, *z;        /* scratch for traj_ewma: day numbers, z of one measurement */
	double *w;            /* traj_ewma's weights between visits (see ewma), or NULL */
	unsigned char *use;   /* scratch mask */
	/* check_one_outlier's EWMA and factor match of each visit for measurement mi (ewma[mi * n + i],
	 * match[...]), from its last non-generic round: valid for the generic round while no value
	 * has been marked since (nmarks == stamp[mi]).  Most children have no outlier, and the generic
	 * round then finds what the other found. */
	double *ewma;
	short *match;
	unsigned long nmarks; /* calls of mark() */
	unsigned long stamp[NMI];
	int cached[NMI];
	double tz_cdc, tz_who, target_cm; /* mid-parental target z on CDC / WHO, target height; NAN unknown */
	gv_flag *out;
	size_t cap, n;
	int fmt;              /* format detail text */
	gv_severity min;      /* summary: severity counted in cats */
	int include_suspect;
	uint64_t cats;
	gv_flag scratch;      /* flags beyond cap are built here and dropped */
	unsigned char *met;   /* flags_eval_met: cap x nv, the visits each flag was met at; NULL */
} ctx;

static size_t nvis(const ctx *x)
{
	return x->c->nv;
}

static unsigned meas_bits(gv_ind k)
{
	switch (k) {
	case GV_WFA: return M_W;
	case GV_LHFA: return M_H;
	case GV_BFA:
	case GV_WFLH: return M_W | M_H;
	case GV_HCFA: return M_HC;
	case GV_ACFA: return M_MUAC;
	default: return 0;
	}
}

/* Result of indicator k at visit i when it is scored and no measurement behind it was judged wrong. */
static const gv_ind_result *ind_ok(const ctx *x, size_t i, gv_ind k)
{
	if ((unsigned)k >= GV_NIND)
		return NULL;
	const gv_ind_result *ir = &x->res[i].ind[k];
	return ir->status == GV_OK && !(x->vs[i].skip & meas_bits(k)) ? ir : NULL;
}

/* Does indicator k at visit i rest on a value flagged implausible (BIV or EWMA outlier)? */
static int is_doubt(const ctx *x, size_t i, gv_ind k)
{
	if ((unsigned)k >= GV_NIND)
		return 0;
	return x->res[i].ind[k].biv != 0 || (x->vs[i].doubt & meas_bits(k)) != 0;
}

static int applies(const ctx *x, const struct rule *r)
{
	unsigned set = x->o->rules == GV_RULES_WHO ? S_WHO : S_US;
	return r->sets == 0 || (r->sets & set);
}

static int age_ok(const struct rule *r, const gv_result *g)
{
	double a = r->chrono ? g->age_months : g->cage_months;
	if (isnan(a) || a < r->amin)
		return 0;
	return r->amax == 0 || a < r->amax;
}

static int chart_ok(const struct rule *r, gv_ref ref)
{
	return r->charts == 0 || (r->charts & (1u << ref));
}

static double age_days(const ctx *x, size_t i)
{
	return (double)x->c->v[i].date - (double)x->c->p.birth_date;
}

/* ================================================================== detail text (no stdio in core/) */

typedef struct sbuf {
	char *s;
	size_t len, cap;
} sbuf;

static void sb_init(sbuf *b, char *s, size_t cap)
{
	b->s = s;
	b->len = 0;
	b->cap = cap;
	s[0] = '\0';
}

static void sb_c(sbuf *b, char c)
{
	if (b->len + 1 < b->cap) {
		b->s[b->len++] = c;
		b->s[b->len] = '\0';
	}
}

static void sb_s(sbuf *b, const char *s)
{
	while (*s)
		sb_c(b, *s++);
}

/* v with dec decimals, rounded to nearest with ties to even, as the C library's "%.*f" conversion rounds a value that
 * is a tie in binary (1.25 -> 1.2), so the TUI, which formats with printf, shows the same digits;
 * no sign on a value that rounds to zero; "NA" for NAN. */
static void sb_f(sbuf *b, double v, int dec)
{
	char tmp[24];
	int n = 0;
	unsigned long long scale = 1;
	for (int k = 0; k < dec; k++)
		scale *= 10;
	if (isnan(v)) {
		sb_s(b, "NA");
		return;
	}
	double r = nearbyint(fabs(v) * (double)scale);
	if (!(r < 1e15)) {
		sb_s(b, v < 0 ? "-huge" : "huge");
		return;
	}
	unsigned long long u = (unsigned long long)r, ip = u / scale, fp = u % scale;
	if (v < 0 && u > 0)
		sb_c(b, '-');
	do {
		tmp[n++] = (char)('0' + ip % 10);
		ip /= 10;
	} while (ip);
	while (n)
		sb_c(b, tmp[--n]);
	if (dec > 0) {
		sb_c(b, '.');
		for (unsigned long long d = scale / 10; d > 0; d /= 10)
			sb_c(b, (char)('0' + fp / d % 10));
	}
}

static void sb_date(sbuf *b, int32_t day)
{
	char d[11];
	age_format_date(day, d);
	sb_s(b, d);
}

static const char *ind_title(gv_ind k)
{
	static const char *const t[GV_NIND] = {"weight-for-age", "length/height-for-age", "BMI-for-age",
					       "head circumference-for-age", "arm circumference-for-age",
					       "triceps skinfold-for-age", "subscapular skinfold-for-age",
					       "weight-for-length/height"};
	return (unsigned)k < GV_NIND ? t[k] : "";
}

static const char *mi_name(int mi)
{
	static const char *const t[NMI] = {"weight", "length/height", "head circumference"};
	return t[mi];
}

static const char *mi_unit(int mi)
{
	return mi == MI_W ? " kg" : " cm";
}

size_t flags_fmt_z(double z, char *buf)
{
	char t[FLAGS_FMT_MAX];
	sbuf b, v;
	sb_init(&b, buf, FLAGS_FMT_MAX);
	if (isnan(z)) {
		sb_s(&b, "-");
	} else if (fabs(z) > 99) {
		sb_s(&b, z > 0 ? ">99" : "<-99"); /* absurd values: unit errors */
	} else {
		sb_init(&v, t, sizeof t);
		sb_f(&v, z, 2);
		if (t[0] != '-')
			sb_c(&b, '+');
		sb_s(&b, t);
	}
	return b.len;
}

size_t flags_fmt_pct(double p, char *buf)
{
	sbuf b;
	sb_init(&b, buf, FLAGS_FMT_MAX);
	if (isnan(p))
		sb_s(&b, "-");
	else if (p < 0.005)
		sb_s(&b, "<0.01");
	else if (p >= 99.995)
		sb_s(&b, ">99.99");
	else
		sb_f(&b, p, p < 0.95 || p >= 99.05 ? 2 : 1); /* what would round to 1.0 or 99.1 keeps 2 */
	return b.len;
}

/* z as flags_fmt_z writes it: "+2.56". */
static void sb_z(sbuf *b, double z)
{
	char t[FLAGS_FMT_MAX];
	flags_fmt_z(z, t);
	sb_s(b, t);
}

/* "P2.3": percentile as flags_fmt_pct writes it. */
static void sb_pct(sbuf *b, double p)
{
	char t[FLAGS_FMT_MAX];
	flags_fmt_pct(p, t);
	sb_c(b, 'P');
	sb_s(b, t);
}

/* "age 1y 3m" / "corrected age 9m 12d": the calendar age of visit i as the table writes it
 * (age_format_age), from the term date when the engine corrected it. */
static void sb_age(sbuf *b, const ctx *x, size_t i)
{
	const gv_patient *p = &x->c->p;
	char a[24];
	int32_t from = x->res[i].corrected ? age_term_date(p->birth_date, p->ga_weeks, p->ga_days) : p->birth_date;
	age_format_age(from, x->c->v[i].date, a);
	sb_s(b, x->res[i].corrected ? "corrected age " : "age ");
	sb_s(b, a);
}

/* "weight-for-age 7.10 kg z -2.01 P2.2" */
static void sb_meas(sbuf *b, const gv_ind_result *ir, gv_ind k)
{
	sb_s(b, ind_title(k));
	sb_c(b, ' ');
	sb_f(b, ir->value, k == GV_WFA || k == GV_WFLH ? 2 : 1);
	sb_c(b, ' ');
	sb_s(b, refs_ind_unit(k));
	sb_s(b, " z ");
	sb_z(b, ir->z);
	sb_c(b, ' ');
	sb_pct(b, ir->p);
}

/* Common start and end of every detail: "label, age: ... [threshold]; suspect", the age of
 * visit i (none for TRAJ_NONE).  The age comes first so that "corrected age" can never be cut
 * off. */
static void sb_head(sbuf *b, const ctx *x, const struct rule *r, size_t i)
{
	sb_s(b, r->label);
	if (i != TRAJ_NONE) {
		sb_s(b, ", ");
		sb_age(b, x, i);
	}
	sb_s(b, ": ");
}

static void sb_tail(sbuf *b, const struct rule *r, const gv_flag *f)
{
	sb_s(b, " [");
	sb_s(b, r->text);
	sb_c(b, ']');
	if (f->suspect)
		sb_s(b, "; rests on a suspect value");
}

/* ================================================================== emitting */

static int want_detail(const ctx *x, const gv_flag *f)
{
	return x->fmt && f != &x->scratch;
}

/* A new flag of rule ri at visit i; the caller fills the numbers and the detail. */
static gv_flag *emit(ctx *x, size_t ri, size_t i, int suspect)
{
	const struct rule *r = &rules[ri];
	gv_flag *f = x->n < x->cap ? &x->out[x->n] : &x->scratch;
	x->n++;
	if (r->sev >= x->min && (x->include_suspect || !suspect))
		x->cats |= GV_CAT_BIT(r->cat);
	f->rule = r->id;
	f->category = r->cat;
	f->severity = r->sev;
	f->date = f->date_from = x->c->v[i].date;
	f->visit = i;
	f->nvisits = 1;
	f->indicator = r->ind;
	f->value = f->z = f->percentile = f->metric = NAN;
	f->threshold = r->limit;
	f->source = r->source;
	f->suspect = suspect;
	f->corrected = x->res[i].corrected;
	f->detail[0] = '\0';
	if (x->met && f != &x->scratch) {
		memset(x->met + (size_t)(f - x->out) * nvis(x), 0, nvis(x));
		x->met[(size_t)(f - x->out) * nvis(x) + i] = 1;
	}
	return f;
}

/* Flag f was met at visit i too (flags_eval_met). */
static void met_at(ctx *x, const gv_flag *f, size_t i)
{
	if (x->met && f != &x->scratch && i < nvis(x))
		x->met[(size_t)(f - x->out) * nvis(x) + i] = 1;
}

static void fill_ind(const ctx *x, gv_flag *f, size_t i, gv_ind k)
{
	if ((unsigned)k >= GV_NIND || x->res[i].ind[k].status != GV_OK)
		return;
	f->value = x->res[i].ind[k].value;
	/* the z and percentile growthview reports everywhere: CDC 2022 extended BMI for CDC BMI */
	growth_reported(&x->res[i], k, &f->z, &f->percentile);
}

/* ================================================================== checks on the child's history */

/* The value scored for measurement mi at visit i as recorded (length/height without WHO's
 * +/-0.7 cm conversion). */
static double raw_at(const ctx *x, size_t i, int mi)
{
	const gv_visit *v = &x->c->v[i];
	return mi == MI_W ? v->weight_kg : mi == MI_H ? v->height_cm : v->head_cm;
}

/* z of a recorded value v for measurement mi on the table (and at the x) visit i was scored on. */
static double z_of(const ctx *x, size_t i, int mi, double v)
{
	const gv_ind_result *ir = &x->res[i].ind[mi_ind[mi]];
	if (mi == MI_H)
		v += x->res[i].height_adj_cm;
	return growth_ind_z(ir, x->c->p.sex, v); /* LMS table or INTERGROWTH-21st standard */
}

/* Recorded value of measurement mi at z on visit i's table (NAN when not scored). */
static double value_of(const ctx *x, size_t i, int mi, double z)
{
	const gv_ind_result *ir = &x->res[i].ind[mi_ind[mi]];
	double v;
	if (growth_ind_value_at(ir, x->c->p.sex, z, &v) != GV_OK)
		return NAN;
	return mi == MI_H ? v - x->res[i].height_adj_cm : v;
}

/* Is measurement mi at visit i scored and not yet judged wrong? */
static int meas_live(const ctx *x, size_t i, int mi)
{
	unsigned bit = 1u << mi;
	return x->res[i].ind[mi_ind[mi]].status == GV_OK && !((x->vs[i].skip | x->vs[i].odd) & bit);
}

/* Load x->t, x->z and x->use for measurement mi: use = the values the others are expected from
 * (live and within the reference's plausibility limits). */
static void load(ctx *x, int mi)
{
	for (size_t i = 0; i < nvis(x); i++) {
		const gv_ind_result *ir = &x->res[i].ind[mi_ind[mi]];
		x->t[i] = (double)x->c->v[i].date;
		x->z[i] = ir->status == GV_OK ? ir->z : NAN;
		x->use[i] = meas_live(x, i, mi) && ir->biv == 0;
	}
}

/* traj_ewma(x->t, x->z, x->use, n, i) after load(): the same sum, with the weights of the pairs of
 * visits taken from x->w (made once per child by ctx_init from the visits' dates, which load puts
 * in x->t) rather than recomputed (a square root and a division per pair) in each of the dozen
 * passes the history checks make.  Same terms added in the same order: the same double. */
static double ewma(const ctx *x, size_t i)
{
	size_t n = nvis(x);
	if (!x->w)
		return traj_ewma(x->t, x->z, x->use, n, i);
	const double *w = x->w + i * n, *z = x->z;
	double sw = 0, swz = 0;
	for (size_t j = 0; j < n; j++) {
		if (j == i || !x->use[j] || isnan(z[j]) || w[j] == 0)
			continue;
		sw += w[j];
		swz += w[j] * z[j];
	}
	return sw > 0 ? swz / sw : NAN;
}

/* x->w[i n + j]: traj_ewma's weight of visit j for visit i, (|t_j - t_i| + 5)^-1.5, 0 on the same
 * day (then left out, as traj_ewma does). */
static void ewma_weights(ctx *x)
{
	size_t n = nvis(x);
	for (size_t i = 0; i < n; i++) {
		x->w[i * n + i] = 0;
		for (size_t j = i + 1; j < n; j++) {
			double d = fabs((double)x->c->v[j].date - (double)x->c->v[i].date), w = 0;
			if (d != 0) {
				double dd = d + 5;
				w = 1 / (dd * sqrt(dd));
			}
			x->w[i * n + j] = x->w[j * n + i] = w;
		}
	}
}

static void mark(ctx *x, size_t i, int mi, size_t ri, double expect, size_t other)
{
	unsigned bit = 1u << mi;
	x->nmarks++;
	x->vs[i].mark[mi] = (signed char)ri;
	x->vs[i].expect[mi] = expect;
	x->vs[i].other[mi] = other;
	if (ri == R_EWMA)
		x->vs[i].odd |= bit, x->vs[i].doubt |= bit;
	else
		x->vs[i].skip |= bit;
}

/* BIV of a single-measurement indicator makes that measurement doubtful everywhere it is used. */
static void check_biv(ctx *x)
{
	static const gv_ind k[4] = {GV_WFA, GV_LHFA, GV_HCFA, GV_ACFA};
	for (size_t i = 0; i < nvis(x); i++)
		for (int j = 0; j < 4; j++)
			if (x->res[i].ind[k[j]].status == GV_OK && x->res[i].ind[k[j]].biv)
				x->vs[i].doubt |= (unsigned char)meas_bits(k[j]);
}

/* Height and weight swapped (R_SWAP): both far from the child's others, both fitting once exchanged.
 * With no other visit the reference median (z 0) stands in for the expectation. */
static void check_swaps(ctx *x)
{
	const struct rule *r = &rules[R_SWAP];
	for (int mi = MI_W; mi <= MI_H; mi++) {
		load(x, mi);
		for (size_t i = 0; i < nvis(x); i++) {
			double e = ewma(x, i);
			x->vs[i].expect[mi] = isnan(e) ? 0 : e;
		}
	}
	for (size_t i = 0; i < nvis(x); i++) {
		if (!meas_live(x, i, MI_W) || !meas_live(x, i, MI_H))
			continue;
		double ew = x->vs[i].expect[MI_W], eh = x->vs[i].expect[MI_H];
		double zw = x->res[i].ind[GV_WFA].z, zh = x->res[i].ind[GV_LHFA].z;
		if (!(fabs(zw - ew) > r->limit && fabs(zh - eh) > r->limit))
			continue;
		double zsw = z_of(x, i, MI_W, raw_at(x, i, MI_H)), zsh = z_of(x, i, MI_H, raw_at(x, i, MI_W));
		if (fabs(zsw - ew) < r->tol && fabs(zsh - eh) < r->tol) {
			mark(x, i, MI_W, R_SWAP, ew, TRAJ_NONE);
			mark(x, i, MI_H, R_SWAP, eh, TRAJ_NONE);
		}
	}
}

/* First live length/height at or after visit i, or TRAJ_NONE. */
static size_t next_height(const ctx *x, size_t i)
{
	for (size_t j = i; j < nvis(x); j++)
		if (meas_live(x, j, MI_H))
			return j;
	return TRAJ_NONE;
}

/* The same length/height recorded again while the reference median grew (R_CARRIED): a run of
 * identical values from its first one a; when the run's last copy is far enough from a, every
 * copy in the run is carried forward (the first value stays). */
static void check_carried(ctx *x)
{
	const struct rule *r = &rules[R_CARRIED];
	for (size_t a = next_height(x, 0); a != TRAJ_NONE;) {
		size_t last = a, j;
		for (j = next_height(x, a + 1); j != TRAJ_NONE && fabs(raw_at(x, j, MI_H) - raw_at(x, a, MI_H)) <= r->tol;
		     j = next_height(x, j + 1))
			last = j;
		double days = age_days(x, last) - age_days(x, a);
		double gain = value_of(x, last, MI_H, 0) - value_of(x, a, MI_H, 0);
		if (last != a && days >= r->limit && gain >= r->limit2)
			for (size_t k = next_height(x, a + 1); k != TRAJ_NONE && k <= last; k = next_height(x, k + 1))
				mark(x, k, MI_H, R_CARRIED, value_of(x, k, MI_H, 0) - value_of(x, a, MI_H, 0), a);
		a = j;
	}
}

/* Unit or decimal error of measurement mi at visit i given expectation e: the factor row whose
 * corrected value fits best, or -1. */
static int factor_match(const ctx *x, size_t i, int mi, double e)
{
	int best = -1;
	double best_fit = INFINITY, zi = x->res[i].ind[mi_ind[mi]].z;
	double off = NAN; /* |log(value / expected value)|, computed when first needed */
	for (int ri = 0; ri < R_COUNT; ri++) {
		const struct rule *r = &rules[ri];
		if (r->kind != K_MARK || r->test != IF_FACTOR || r->ind != mi_ind[mi])
			continue;
		/* The value must be far from the child's others: > limit2 SD, or (where a skewed
		 * distribution compresses the upper z-scores, as CDC weight-for-age does in school
		 * age: 2.2 x the expected weight of a 10-year-old is only ~2.3 SD) off by more than
		 * three quarters of the factor on the value's own scale. */
		if (!(fabs(zi - e) > r->limit2)) {
			if (isnan(off))
				off = fabs(log(raw_at(x, i, mi) / value_of(x, i, mi, e)));
			if (!(off > 0.75 * fabs(log(r->limit))))
				continue; /* the value fits the others: no error to explain */
		}
		double fit = fabs(z_of(x, i, mi, raw_at(x, i, mi) / r->limit) - e);
		if (fit < r->tol && fit < best_fit) {
			best = ri;
			best_fit = fit;
		}
	}
	return best;
}

/* One round of growthcleanr's EWMA step: among values that look like a unit/decimal error (or,
 * when generic, also an extreme outlier), the one with the largest |z + (z - EWMA)| (Daymont
 * 2017, step 11e) is marked.  Returns 1 when a value was marked. */
static int check_one_outlier(ctx *x, int mi, int generic)
{
	const struct rule *ew = &rules[R_EWMA];
	size_t best = TRAJ_NONE;
	int best_row = -1;
	double best_score = 0, best_e = NAN;
	load(x, mi);
	/* The non-generic round's values when nothing was marked since (see ctx). */
	int reuse = generic && x->cached[mi] && x->stamp[mi] == x->nmarks;
	double *ec = x->ewma + (size_t)mi * nvis(x);
	short *mc = x->match + (size_t)mi * nvis(x);
	unsigned long stamp = x->nmarks;
	for (size_t i = 0; i < nvis(x); i++) {
		if (!meas_live(x, i, mi))
			continue;
		double e;
		int row;
		if (reuse) {
			e = ec[i];
			row = mc[i];
		} else {
			e = ewma(x, i);
			row = isnan(e) ? -1 : factor_match(x, i, mi, e);
			if (!generic) {
				ec[i] = e;
				mc[i] = (short)row;
			}
		}
		double zi = x->z[i], d = zi - e;
		if (isnan(e))
			continue;
		/* Birth values are left to the factor tests: catch-up and catch-down after birth are
		 * physiological (growthcleanr's infant algorithm treats birth apart). */
		if (row < 0 && generic && age_days(x, i) > 0 && fabs(d) > ew->limit && fabs(zi) > ew->limit2 &&
		    d * zi > 0)
			row = R_EWMA;
		if (row < 0 || fabs(zi + d) <= best_score)
			continue;
		best = i;
		best_row = row;
		best_score = fabs(zi + d);
		best_e = e;
	}
	if (!generic) {
		x->cached[mi] = 1;
		x->stamp[mi] = stamp;
	}
	if (best == TRAJ_NONE)
		return 0;
	mark(x, best, mi, (size_t)best_row, best_e, TRAJ_NONE);
	return 1;
}

/* A length/height more than 2.5 cm below the previous one (R_SHRINK): flag the less plausible of
 * the two, one pair at a time. */
static int check_one_shrink(ctx *x)
{
	size_t prev = TRAJ_NONE, nh = 0;
	for (size_t j = 0; j < nvis(x); j++)
		nh += meas_live(x, j, MI_H);
	for (size_t j = 0; j < nvis(x); j++) {
		if (!meas_live(x, j, MI_H))
			continue;
		size_t i = prev;
		prev = j;
		if (i == TRAJ_NONE || raw_at(x, i, MI_H) - raw_at(x, j, MI_H) <= rules[R_SHRINK].limit)
			continue;
		size_t w = j;
		if (nh >= 3) {
			load(x, MI_H);
			x->use[i] = x->use[j] = 0; /* expectations without either value of the pair */
			double di = fabs(x->z[i] - ewma(x, i));
			double dj = fabs(x->z[j] - ewma(x, j));
			w = di > dj ? i : j;
		} else if (fabs(x->res[i].ind[GV_LHFA].z) > fabs(x->res[j].ind[GV_LHFA].z)) {
			w = i;
		}
		mark(x, w, MI_H, R_SHRINK, raw_at(x, i, MI_H) - raw_at(x, j, MI_H), w == i ? j : i);
		return 1;
	}
	return 0;
}

static void check_history(ctx *x)
{
	check_biv(x);
	check_swaps(x);
	check_carried(x);
	/* Known mechanisms first (unit and decimal errors, shrinking lengths), then values that are
	 * only far from the others.  One value per round; each round marks one, so at most one round
	 * per visit. */
	for (int generic = 0; generic <= 1; generic++) {
		for (int mi = 0; mi < NMI; mi++)
			for (size_t k = 0; k < nvis(x); k++)
				if (!check_one_outlier(x, mi, generic))
					break;
		for (size_t k = 0; !generic && k < nvis(x) && check_one_shrink(x); k++)
			continue;
	}
}

/* ================================================================== implausible-value flags */

static void eval_biv(ctx *x, size_t ri)
{
	const struct rule *r = &rules[ri];
	int dir = r->test == IF_DOWN ? -1 : 1;
	for (size_t i = 0; i < nvis(x); i++) {
		const gv_result *g = &x->res[i];
		gv_flag *f = NULL;
		sbuf b = {NULL, 0, 0};
		for (int k = 0; k < GV_NIND; k++) {
			if (g->ind[k].status != GV_OK || g->ind[k].biv != dir || (x->vs[i].skip & meas_bits((gv_ind)k)))
				continue; /* a value already explained by a history check is flagged there */
			if (!f) {
				f = emit(x, ri, i, 0);
				f->indicator = (gv_ind)k;
				fill_ind(x, f, i, (gv_ind)k);
				/* the number compared with the cut-off: CDC's modified z, WHO's rounded z */
				f->metric = g->ref == GV_CDC2000 ? g->ind[k].mz : growth_who_z2(g->ind[k].z);
				if (!want_detail(x, f))
					break;
				sb_init(&b, f->detail, sizeof f->detail);
				sb_head(&b, x, r, i);
			} else {
				sb_s(&b, ", ");
			}
			/* the number the cut-off was applied to, and the cut-off: "BMI-for-age CDC
			 * modified z +9.44 (cut-off +8)", "weight-for-age z -6.52 (cut-off -6)" */
			double cut = growth_biv_cutoff(g->ref, (gv_ind)k, dir);
			sb_s(&b, ind_title((gv_ind)k));
			sb_s(&b, g->ref == GV_CDC2000 ? " CDC modified z " : " z ");
			sb_z(&b, g->ref == GV_CDC2000 ? g->ind[k].mz : g->ind[k].z);
			sb_s(&b, " (cut-off ");
			sb_c(&b, cut < 0 ? '-' : '+');
			sb_f(&b, fabs(cut), 0);
			sb_c(&b, ')');
		}
		if (f && want_detail(x, f))
			sb_s(&b, "; check this value");
	}
}

static void detail_mark(const ctx *x, sbuf *b, size_t ri, size_t i, int mi)
{
	const struct rule *r = &rules[ri];
	const vstate *s = &x->vs[i];
	double v = raw_at(x, i, mi);
	sb_head(b, x, r, i);
	sb_s(b, mi_name(mi));
	sb_c(b, ' ');
	sb_f(b, v, 2);
	sb_s(b, mi_unit(mi));
	if (ri == R_SWAP) {
		sb_s(b, " and length/height ");
		sb_f(b, raw_at(x, i, MI_H), 1);
		sb_s(b, " cm fit the child's other visits once exchanged");
	} else if (ri == R_CARRIED) {
		sb_s(b, " same as on ");
		sb_date(b, x->c->v[s->other[mi]].date);
		sb_s(b, " while the median child grows ");
		sb_f(b, s->expect[mi], 1);
		sb_s(b, " cm");
	} else if (ri == R_SHRINK) {
		sb_s(b, ", the pair with ");
		sb_f(b, raw_at(x, s->other[mi], mi), 1);
		sb_s(b, " cm on ");
		sb_date(b, x->c->v[s->other[mi]].date);
		sb_s(b, " differs by ");
		sb_f(b, s->expect[mi], 1);
		sb_s(b, " cm the wrong way; this one fits the others less");
	} else {
		double ev = value_of(x, i, mi, s->expect[mi]);
		sb_s(b, " z ");
		sb_z(b, x->res[i].ind[mi_ind[mi]].z);
		sb_s(b, ", expected ");
		sb_f(b, ev, 2);
		sb_s(b, mi_unit(mi));
		sb_s(b, " (z ");
		sb_z(b, s->expect[mi]);
		sb_s(b, ") from the child's other visits");
		if (ri != R_EWMA) {
			sb_s(b, ", x");
			sb_f(b, v / ev, 2);
		}
	}
	sb_s(b, ri == R_EWMA ? "; check this value" : "; check this value, not used by the clinical rules");
}

static void eval_marks(ctx *x, size_t ri)
{
	for (size_t i = 0; i < nvis(x); i++) {
		for (int mi = 0; mi < NMI; mi++) {
			if (x->vs[i].mark[mi] != (signed char)ri || (ri == R_SWAP && mi != MI_W))
				continue;
			gv_flag *f = emit(x, ri, i, 0);
			f->indicator = mi_ind[mi];
			fill_ind(x, f, i, mi_ind[mi]);
			f->value = raw_at(x, i, mi);
			f->metric = ri == R_CARRIED || ri == R_SHRINK ? x->vs[i].expect[mi]
								    : x->res[i].ind[mi_ind[mi]].z - x->vs[i].expect[mi];
			if (ri == R_SHRINK || ri == R_CARRIED)
				f->date_from = x->c->v[x->vs[i].other[mi] < i ? x->vs[i].other[mi] : i].date;
			if (want_detail(x, f)) {
				sbuf b;
				sb_init(&b, f->detail, sizeof f->detail);
				detail_mark(x, &b, ri, i, mi);
			}
		}
	}
}

/* ================================================================== one-visit rules */

/* Mid-parental target height (Tanner 1970, corrected for the 13 cm sex difference) and its z at
 * adult age: CDC 2000 stature-for-age at 240 months (the table's last row), WHO 2007
 * height-for-age at 228 months (19 y, its last month). */
static void target_init(ctx *x)
{
	const gv_patient *p = &x->c->p;
	x->tz_cdc = x->tz_who = x->target_cm = NAN;
	if (isnan(p->mother_height_cm) || isnan(p->father_height_cm))
		return;
	stature_target t; /* Tanner 1970, placed on the adult end of each chart (core/stature.h) */
	if (stature_target_of(p->sex, p->mother_height_cm, p->father_height_cm, GV_POLICY_AUTO, &t) != GV_OK)
		return;
	x->target_cm = t.target_cm;
	x->tz_cdc = t.z;
	x->tz_who = stature_adult_z(GV_WHO2007, p->sex, t.target_cm);
}

static double target_z(const ctx *x, gv_ref ref)
{
	return ref == GV_CDC2000 ? x->tz_cdc : ref == GV_WHO2006 || ref == GV_WHO2007 ? x->tz_who : NAN;
}

static double muac_mm(const ctx *x, size_t i)
{
	return x->c->v[i].muac_cm * 10;
}

/* Does K_STATUS rule r hold at visit i?  *metric gets the number compared. */
static int test_visit(const ctx *x, const struct rule *r, size_t i, double *metric)
{
	const gv_result *g = &x->res[i];
	if (!chart_ok(r, g->ref) || !age_ok(r, g))
		return 0;
	const gv_ind_result *ir = ind_ok(x, i, r->ind);
	switch (r->test) {
	case IF_Z_BELOW: return ir && (*metric = ir->z) < r->limit;
	case IF_Z_ABOVE: return ir && (*metric = ir->z) > r->limit;
	case IF_P_BELOW: return ir && (*metric = ir->p) < r->limit;
	case IF_P_ATLEAST: return ir && (*metric = ir->p) >= r->limit;
	case IF_P95:
		return ir && !isnan(g->bmi_pct_p95) &&
		       ((*metric = g->bmi_pct_p95) >= r->limit || (r->limit2 > 0 && ir->value >= r->limit2));
	case IF_MM_BELOW: return (*metric = muac_mm(x, i)) < r->limit;
	case IF_MM_RANGE: return (*metric = muac_mm(x, i)) >= r->limit && *metric < r->limit2;
	case IF_OEDEMA: *metric = 1; return x->c->v[i].oedema != 0;
	case IF_MPH_GAP: return ir && (*metric = target_z(x, g->ref) - ir->z) > r->limit;
	default: return 0;
	}
}

/* A later rule of the same ladder also holds at visit i: report that one instead. */
static int outranked(const ctx *x, size_t ri, size_t i)
{
	double m;
	for (size_t rj = ri + 1; rj < R_COUNT && rules[ri].group != G_NONE; rj++)
		if (rules[rj].group == rules[ri].group && applies(x, &rules[rj]) && test_visit(x, &rules[rj], i, &m))
			return 1;
	return 0;
}

static void detail_status(const ctx *x, sbuf *b, const struct rule *r, const gv_flag *f)
{
	const gv_result *g = &x->res[f->visit];
	sb_head(b, x, r, f->visit);
	if (r->test == IF_OEDEMA) {
		sb_s(b, "recorded");
	} else if (r->test == IF_MM_BELOW || r->test == IF_MM_RANGE) {
		sb_s(b, "MUAC ");
		sb_f(b, f->value, 0);
		sb_s(b, " mm");
	} else if (r->test == IF_MPH_GAP) {
		sb_s(b, "height z ");
		sb_z(b, f->z);
		sb_s(b, " is ");
		sb_f(b, f->metric, 2);
		sb_s(b, " SD below the mid-parental target z ");
		sb_z(b, target_z(x, g->ref));
		sb_s(b, " (");
		sb_f(b, x->target_cm, 1);
		sb_s(b, " cm)");
	} else {
		gv_ind_result shown = g->ind[r->ind];
		shown.z = f->z;
		shown.p = f->percentile;
		sb_meas(b, &shown, r->ind);
		if (r->test == IF_P95) {
			sb_s(b, ", ");
			sb_f(b, f->metric, 1);
			sb_s(b, "% of P95");
		}
	}
	if (f->nvisits > 1) {
		sb_s(b, "; met at ");
		sb_f(b, f->nvisits, 0);
		sb_s(b, " visits since ");
		sb_date(b, f->date_from);
	}
	sb_tail(b, r, f);
}

/* Rule ri at every visit; reported once, at the latest visit where it holds on values not
 * flagged implausible (or, when it holds only on such values, at the latest one, suspect).
 * Visits are counted by date: two measurements of one day (a re-weighing) are one occasion, so
 * they cannot meet a "on >= 2 visits" rule by themselves. */
static void eval_status(ctx *x, size_t ri)
{
	const struct rule *r = &rules[ri];
	size_t n = 0, nclean = 0, first = TRAJ_NONE, last = TRAJ_NONE, lastclean = TRAJ_NONE;
	size_t need = r->nmin ? (size_t)r->nmin : 1;
	double m = NAN;
	for (size_t i = 0; i < nvis(x); i++) {
		if (!test_visit(x, r, i, &m) || outranked(x, ri, i))
			continue;
		int32_t d = x->c->v[i].date;
		if (last == TRAJ_NONE || x->c->v[last].date != d)
			n++;
		if (first == TRAJ_NONE)
			first = i;
		last = i;
		if (!is_doubt(x, i, r->ind)) {
			if (lastclean == TRAJ_NONE || x->c->v[lastclean].date != d)
				nclean++;
			lastclean = i;
		}
	}
	if (n < need)
		return;
	int susp = nclean < need;
	size_t at = susp ? last : lastclean;
	test_visit(x, r, at, &m);
	gv_flag *f = emit(x, ri, at, susp);
	fill_ind(x, f, at, r->ind);
	for (size_t i = 0; x->met && i < nvis(x); i++) {
		double mi;
		if (test_visit(x, r, i, &mi) && !outranked(x, ri, i))
			met_at(x, f, i);
	}
	if (r->test == IF_MM_BELOW || r->test == IF_MM_RANGE)
		f->value = muac_mm(x, at);
	f->metric = m;
	f->date_from = x->c->v[first].date;
	f->nvisits = (int)n;
	if (want_detail(x, f)) {
		sbuf b;
		sb_init(&b, f->detail, sizeof f->detail);
		detail_status(x, &b, r, f);
	}
}

/* ================================================================== rules over a pair of visits */

/* Is visit i in the newborn weight-loss window, days 1 to 20 (before the regain deadline)? */
static int newborn_window(const ctx *x, size_t i)
{
	double d = age_days(x, i);
	return d >= 1 && d < rules[R_NB_REGAIN].limit;
}

/* The term charts (WHO 2006, WHO 2007, CDC 2000), on which every trajectory rule's threshold was
 * set (NG75, Ong 2000, Homan 2016, GRS 2000): a preterm child's visits on INTERGROWTH-21st are
 * left out of trajectories (a z of another standard, like WHO and CDC, is not on one scale). */
static int term_chart(gv_ref ref)
{
	return ref == GV_WHO2006 || ref == GV_WHO2007 || ref == GV_CDC2000;
}

/* x->use = visits where indicator k is usable by rule r (age window; suspect values only when
 * allow_doubt). */
static void set_use(ctx *x, const struct rule *r, gv_ind k, int allow_doubt)
{
	for (size_t i = 0; i < nvis(x); i++)
		x->use[i] = ind_ok(x, i, k) && term_chart(x->res[i].ref) && (allow_doubt || !is_doubt(x, i, k)) &&
			    age_ok(r, &x->res[i]) &&
			    !(r->skip_newborn && newborn_window(x, i));
}

static const char *lineset_title(traj_lineset s)
{
	static const char *const t[TRAJ_NLINESETS] = {"CDC chart, P5-P95", "CDC's WHO chart, P2-P98",
						      "WHO chart, P3-P97"};
	return (unsigned)s < TRAJ_NLINESETS ? t[s] : "";
}

/* The start of a trajectory's detail: "label, age: z +0.50 -> -1.00 (P69.1 -> P15.9), 2024-01-01
 * to 2024-07-01" (the label names the measurement). */
static void sb_span(sbuf *b, const ctx *x, const struct rule *r, size_t from, size_t to)
{
	const gv_ind_result *a = &x->res[from].ind[r->ind], *c = &x->res[to].ind[r->ind];
	sb_head(b, x, r, to);
	sb_s(b, "z ");
	sb_z(b, a->z);
	sb_s(b, " -> ");
	sb_z(b, c->z);
	sb_s(b, " (");
	sb_pct(b, a->p);
	sb_s(b, " -> ");
	sb_pct(b, c->p);
	sb_s(b, "), ");
	sb_date(b, x->c->v[from].date);
	sb_s(b, " to ");
	sb_date(b, x->c->v[to].date);
}

static void detail_pair(const ctx *x, sbuf *b, const struct rule *r, const gv_flag *f, size_t from, size_t to)
{
	sb_span(b, x, r, from, to);
	if (r->kind == K_DZ) {
		sb_s(b, ", ");
		sb_f(b, f->metric, 2);
		sb_s(b, " SD");
	} else if (r->kind == K_MPH_WIDEN) {
		sb_s(b, ", ");
		sb_f(b, f->metric, 2);
		sb_s(b, " SD/year, target z ");
		sb_z(b, target_z(x, x->res[to].ref));
	} else if (r->kind == K_LINES) {
		sb_s(b, ", ");
		sb_f(b, fabs(f->metric), 0);
		sb_s(b, " lines (");
		sb_s(b, lineset_title(traj_lineset_for(x->res[to].ref, x->o->rules == GV_RULES_WHO)));
		sb_c(b, ')');
	}
	sb_tail(b, r, f);
}

static void emit_pair(ctx *x, size_t ri, const traj_span *s, double metric, int susp)
{
	const struct rule *r = &rules[ri];
	gv_flag *f = emit(x, ri, s->to, susp);
	met_at(x, f, s->from);
	fill_ind(x, f, s->to, r->ind);
	f->metric = metric;
	f->date_from = x->c->v[s->from].date;
	f->nvisits = 2;
	if (want_detail(x, f)) {
		sbuf b;
		sb_init(&b, f->detail, sizeof f->detail);
		detail_pair(x, &b, r, f, s->from, s->to);
	}
}

/* Lines crossed in the rule's direction (IF_EITHER: the larger of down and up; signed result). */
static int lines_pass(ctx *x, const struct rule *r, int allow_doubt, traj_span *s)
{
	int who = x->o->rules == GV_RULES_WHO;
	set_use(x, r, r->ind, allow_doubt);
	if (r->test != IF_EITHER)
		return traj_max_lines_sustained(x->res, nvis(x), r->ind, x->use, r->test == IF_DOWN ? -1 : 1, who, s) *
		       (r->test == IF_DOWN ? -1 : 1);
	traj_span up;
	int d = traj_max_lines_sustained(x->res, nvis(x), r->ind, x->use, -1, who, s);
	int u = traj_max_lines_sustained(x->res, nvis(x), r->ind, x->use, 1, who, &up);
	if (u > d || (u == d && u > 0 && up.to > s->to)) {
		*s = up;
		return u;
	}
	return -d;
}

static void eval_lines(ctx *x, size_t ri)
{
	const struct rule *r = &rules[ri];
	traj_span s;
	int susp = 0, lines = lines_pass(x, r, 0, &s);
	if (abs(lines) < r->limit) {
		lines = lines_pass(x, r, 1, &s);
		susp = 1;
	}
	if (abs(lines) >= r->limit)
		emit_pair(x, ri, &s, lines, susp);
}

/* NG75's thresholds on the nine-centile charts (Cole 1994): a centile space is 2/3 SD, the 9th and
 * 91st centile lines lie at -4/3 and +4/3 SD. */
#define SPACE_SD (2.0 / 3.0)
#define Z_C09 (-4.0 / 3.0)
#define Z_C91 (4.0 / 3.0)

/* Centile spaces a weight starting at z must fall (NG75): 1 below the 9th centile, 2 from the
 * 9th to the 91st, 3 above the 91st. */
static int spaces_needed(double zstart)
{
	return zstart > Z_C91 ? 3 : zstart >= Z_C09 ? 2 : 1;
}

/* The fall in SD a K_FALL rule needs from a start at z: the centile spaces, at least limit2. */
static double fall_needed(const struct rule *r, double zstart)
{
	double need = spaces_needed(zstart) * SPACE_SD;
	return need < r->limit2 ? r->limit2 : need;
}

typedef struct fall {
	traj_span s;      /* the pair (from, to) */
	double zs, ze;    /* z at each end as confirmed (traj_sustained_z) */
	double fall;      /* zs - ze */
	int lines;        /* major lines crossed downward from zs to ze */
} fall;

/* The pair of visits with the largest confirmed fall meeting rule r (ties: the later end).
 * Returns 1 when one qualifies. */
static int fall_pass(ctx *x, const struct rule *r, int allow_doubt, fall *best)
{
	int who = x->o->rules == GV_RULES_WHO, found = 0;
	double min_lines = isnan(r->limit) ? 0 : r->limit;
	size_t n = nvis(x);
	set_use(x, r, r->ind, allow_doubt);
	/* each visit read once as a start (x->t) and as an end (x->z), free scratch here */
	for (size_t k = 0; k < n; k++) {
		x->t[k] = x->use[k] ? traj_sustained_z(x->res, n, r->ind, x->use, k, -1, 0) : NAN;
		x->z[k] = x->use[k] ? traj_sustained_z(x->res, n, r->ind, x->use, k, -1, 1) : NAN;
	}
	for (size_t j = 0; j < n; j++) {
		if (!x->use[j])
			continue;
		double ze = x->z[j];
		for (size_t i = 0; i < j; i++) {
			if (!x->use[i] || x->res[i].ref != x->res[j].ref || !(x->res[i].age_days < x->res[j].age_days))
				continue;
			double zs = x->t[i], f = zs - ze;
			if (!(f >= fall_needed(r, zs)))
				continue;
			int lines = -traj_lines_crossed(traj_lineset_for(x->res[j].ref, who), zs, ze);
			if (lines < min_lines || (found && f < best->fall))
				continue;
			found = 1;
			best->s.from = i;
			best->s.to = j;
			best->s.dz = x->res[j].ind[r->ind].z - x->res[i].ind[r->ind].z;
			best->s.lines = -lines;
			best->zs = zs;
			best->ze = ze;
			best->fall = f;
			best->lines = lines;
		}
	}
	return found;
}

/* "...: z +0.50 -> -1.50 (P69.1 -> P6.7), 2015-07-03 to 2016-01-01, a fall of 2.00 SD confirmed,
 * 3 lines (CDC's WHO chart, P2-P98) [from the 9th-91st centile: >= 2 lines, >= 1.33 SD]" (the
 * lines only for the US rule) */
static void detail_fall(const ctx *x, sbuf *b, const struct rule *r, const gv_flag *f, const fall *fa)
{
	int sp = spaces_needed(fa->zs);
	sb_span(b, x, r, fa->s.from, fa->s.to);
	sb_s(b, ", a fall of ");
	sb_f(b, fa->fall, 2);
	sb_s(b, " SD confirmed");
	if (!isnan(r->limit)) {
		sb_s(b, ", ");
		sb_f(b, fa->lines, 0);
		sb_s(b, " lines (");
		sb_s(b, lineset_title(traj_lineset_for(x->res[fa->s.to].ref, x->o->rules == GV_RULES_WHO)));
		sb_c(b, ')');
	}
	sb_s(b, sp == 1 ? " [from below the 9th centile: " : sp == 2 ? " [from the 9th-91st centile: " : " [from above the 91st centile: ");
	if (!isnan(r->limit))
		sb_s(b, ">= 2 lines, ");
	sb_s(b, ">= ");
	sb_f(b, fall_needed(r, fa->zs), 2);
	sb_s(b, " SD]");
	if (f->suspect)
		sb_s(b, "; rests on a suspect value");
}

static void eval_fall(ctx *x, size_t ri)
{
	const struct rule *r = &rules[ri];
	fall fa;
	int susp = 0;
	if (!fall_pass(x, r, 0, &fa)) {
		if (!fall_pass(x, r, 1, &fa))
			return;
		susp = 1;
	}
	gv_flag *f = emit(x, ri, fa.s.to, susp);
	met_at(x, f, fa.s.from);
	fill_ind(x, f, fa.s.to, r->ind);
	/* the number compared with the threshold: lines crossed (US wording), else the fall in SD */
	f->metric = isnan(r->limit) ? fa.fall : -fa.lines;
	f->date_from = x->c->v[fa.s.from].date;
	f->nvisits = 2;
	if (want_detail(x, f)) {
		sbuf b;
		sb_init(&b, f->detail, sizeof f->detail);
		detail_fall(x, &b, r, f, &fa);
	}
}

static void eval_dz(ctx *x, size_t ri)
{
	const struct rule *r = &rules[ri];
	traj_span s;
	int dir = r->test == IF_UP ? 1 : -1, susp = 0;
	set_use(x, r, r->ind, 0);
	double d = traj_max_dz(x->res, nvis(x), r->ind, x->use, dir, &s);
	if (!(d > r->limit)) {
		set_use(x, r, r->ind, 1);
		d = traj_max_dz(x->res, nvis(x), r->ind, x->use, dir, &s);
		susp = 1;
	}
	if (d > r->limit)
		emit_pair(x, ri, &s, s.dz, susp);
}

/* Height z falling away from the mid-parental target: the pair (>= limit2 days apart, same
 * reference, both in the age window) with the fastest fall per year, ending below the target. */
static int widen_pass(ctx *x, const struct rule *r, int allow_doubt, traj_span *best, double *rate)
{
	*rate = -INFINITY;
	best->from = best->to = TRAJ_NONE;
	set_use(x, r, GV_LHFA, allow_doubt);
	for (size_t j = 0; j < nvis(x); j++) {
		double tz = target_z(x, x->res[j].ref);
		if (!x->use[j] || isnan(tz) || !(x->res[j].ind[GV_LHFA].z < tz))
			continue;
		for (size_t i = 0; i < j; i++) {
			double days = age_days(x, j) - age_days(x, i);
			if (!x->use[i] || x->res[i].ref != x->res[j].ref || days < r->limit2)
				continue;
			double dz = x->res[j].ind[GV_LHFA].z - x->res[i].ind[GV_LHFA].z;
			double per_year = -dz / (days / 365.25);
			if (per_year >= *rate) {
				*rate = per_year;
				best->from = i;
				best->to = j;
				best->dz = dz;
			}
		}
	}
	return best->from != TRAJ_NONE && *rate > r->limit;
}

static void eval_mph_widen(ctx *x, size_t ri)
{
	const struct rule *r = &rules[ri];
	traj_span s;
	double rate;
	int susp = 0;
	if (!widen_pass(x, r, 0, &s, &rate)) {
		if (!widen_pass(x, r, 1, &s, &rate))
			return;
		susp = 1;
	}
	emit_pair(x, ri, &s, rate, susp);
}

/* ================================================================== newborn */

/* The visit on the birth date with a usable weight (birth weight), or TRAJ_NONE. */
static size_t birth_visit(const ctx *x)
{
	for (size_t i = 0; i < nvis(x) && x->c->v[i].date <= x->c->p.birth_date; i++)
		if (x->c->v[i].date == x->c->p.birth_date && !isnan(x->c->v[i].weight_kg) && !(x->vs[i].skip & M_W))
			return i;
	return TRAJ_NONE;
}

static int weight_live(const ctx *x, size_t i)
{
	return !isnan(x->c->v[i].weight_kg) && !(x->vs[i].skip & M_W);
}

static void detail_newborn(const ctx *x, sbuf *b, const struct rule *r, const gv_flag *f, double bw)
{
	const gv_patient *p = &x->c->p;
	sb_head(b, x, r, TRAJ_NONE);
	sb_f(b, x->c->v[f->visit].weight_kg, 3);
	sb_s(b, " kg on day ");
	sb_f(b, age_days(x, f->visit), 0);
	if (r->kind == K_NB_LOSS) {
		sb_s(b, ", ");
		sb_f(b, f->metric, 1);
		sb_s(b, "% below");
	} else {
		sb_s(b, " <");
	}
	sb_s(b, " birth weight ");
	sb_f(b, bw, 3);
	sb_s(b, " kg [");
	sb_s(b, r->text);
	sb_c(b, ']');
	if (p->ga_weeks > 0 && record_ga(p) < x->o->growth.preterm_weeks) {
		sb_s(b, "; born ");
		sb_f(b, p->ga_weeks, 0);
		sb_c(b, '+');
		sb_f(b, p->ga_days, 0);
		sb_s(b, " wk: chronological days, not corrected age (norms are for term babies)");
	}
	if (f->suspect)
		sb_s(b, "; rests on a suspect value");
}

static void emit_newborn(ctx *x, size_t ri, size_t i, size_t bv, double metric)
{
	int susp = (x->vs[i].doubt & M_W) || (x->vs[bv].doubt & M_W);
	gv_flag *f = emit(x, ri, i, susp);
	met_at(x, f, bv);
	fill_ind(x, f, i, GV_WFA);
	f->value = x->c->v[i].weight_kg;
	f->metric = metric;
	f->date_from = x->c->v[bv].date;
	f->nvisits = 2;
	if (want_detail(x, f)) {
		sbuf b;
		sb_init(&b, f->detail, sizeof f->detail);
		detail_newborn(x, &b, &rules[ri], f, x->c->v[bv].weight_kg);
	}
}

/* Largest loss in the first limit2 days, when > limit % of birth weight. */
static void eval_nb_loss(ctx *x, size_t ri)
{
	const struct rule *r = &rules[ri];
	size_t bv = birth_visit(x), at = TRAJ_NONE;
	double worst = r->limit;
	if (bv == TRAJ_NONE)
		return;
	double bw = x->c->v[bv].weight_kg;
	for (size_t i = bv + 1; i < nvis(x) && age_days(x, i) <= r->limit2; i++) {
		double loss = 100 * (bw - x->c->v[i].weight_kg) / bw;
		if (age_days(x, i) >= 1 && weight_live(x, i) && loss > worst) {
			worst = loss;
			at = i;
		}
	}
	if (at != TRAJ_NONE)
		emit_newborn(x, ri, at, bv, worst);
}

/* Below birth weight at the first weighing from day `limit`, never back at it before. */
static void eval_nb_regain(ctx *x, size_t ri)
{
	const struct rule *r = &rules[ri];
	size_t bv = birth_visit(x);
	if (bv == TRAJ_NONE)
		return;
	double bw = x->c->v[bv].weight_kg;
	for (size_t i = bv + 1; i < nvis(x); i++) {
		if (age_days(x, i) < 1 || !weight_live(x, i))
			continue;
		double w = x->c->v[i].weight_kg;
		if (w >= bw)
			return; /* regained */
		if (age_days(x, i) >= r->limit) {
			emit_newborn(x, ri, i, bv, age_days(x, i));
			return;
		}
	}
}

/* ================================================================== birth size */

/* The birth weight's gestational age in days when the standard covers it (168-300), else -1. */
static double birth_ga(const ctx *x)
{
	const gv_patient *p = &x->c->p;
	if (!x->o->growth.intergrowth || p->ga_weeks <= 0)
		return -1;
	double ga = p->ga_weeks * 7 + p->ga_days;
	return ga >= IG21_NBS_GA_MIN && ga <= IG21_NBS_GA_MAX ? ga : -1;
}

/* The weight at centile p of the Newborn Size standard for sex and gestational age ga (days):
 * ig21_value_at_centile, whose skew-t quantile is found by iteration (some 30 incomplete beta
 * functions).  The birth rules ask it for three centiles at whole days, the same few hundred
 * values for every child of a walk: they are kept per thread (_Thread_local, so that scoring on
 * several threads stays safe; the function is pure, so a kept value is the value recomputed). */
#define BIRTH_NGA (IG21_NBS_GA_MAX - IG21_NBS_GA_MIN + 1)
static _Thread_local struct birth_cut {
	unsigned char have;
	gv_status st;
	double cut;
} birth_cuts[2][BIRTH_NGA][3];

static gv_status birth_cut(gv_sex sex, double ga, double p, double *cut)
{
	int slot = p == IG21_CENTILE_VERY_SMALL ? 0 : p == IG21_CENTILE_SMALL ? 1 : p == IG21_CENTILE_LARGE ? 2 : -1;
	int si = sex == GV_MALE ? 0 : sex == GV_FEMALE ? 1 : -1;
	if (slot < 0 || si < 0 || !(ga >= IG21_NBS_GA_MIN && ga <= IG21_NBS_GA_MAX) || ga != floor(ga))
		return ig21_value_at_centile(IG21_NBS_WFA, sex, ga, p, cut);
	struct birth_cut *b = &birth_cuts[si][(int)ga - IG21_NBS_GA_MIN][slot];
	if (!b->have) {
		b->cut = NAN;
		b->st = ig21_value_at_centile(IG21_NBS_WFA, sex, ga, p, &b->cut);
		b->have = 1;
	}
	if (b->st == GV_OK)
		*cut = b->cut;
	return b->st;
}

/* Is birth weight w beyond rule r's centile (below it for IF_P_BELOW, above for IF_P_ABOVE)?
 * Decided on the weight at that centile, so the edge itself is never beyond.  c is w's own centile
 * (NAN when unknown): the reference's distribution function being increasing, w is below the
 * weight at centile p exactly when its centile is below p, and a centile more than 1e-6 from p
 * (the distribution function and its inverse are both exact to some 1e-14) settles the question
 * without the weight at p, an ST3 quantile found by Newton's method on the incomplete beta
 * function (most of the flags' time for children scored on INTERGROWTH-21st).  (Both fail alike
 * outside the reference's range; the weight at the 3rd to 97th centiles is always positive.) */
static int birth_beyond(const ctx *x, const struct rule *r, double ga, double w, double c)
{
	if (!isnan(c) && fabs(c - r->limit) > 1e-6)
		return r->test == IF_P_BELOW ? c < r->limit : c > r->limit;
	double cut;
	if (birth_cut(x->c->p.sex, ga, r->limit, &cut) != GV_OK)
		return 0;
	return r->test == IF_P_BELOW ? w < cut : w > cut;
}

static void eval_birth(ctx *x, size_t ri)
{
	const struct rule *r = &rules[ri];
	double ga = birth_ga(x);
	size_t bv = birth_visit(x);
	if (ga < 0 || bv == TRAJ_NONE)
		return;
	double w = x->c->v[bv].weight_kg;
	ig21_score sc;
	int scored = ig21_score_value(IG21_NBS_WFA, x->c->p.sex, ga, w, &sc) == GV_OK;
	double c = scored ? sc.p : NAN;
	if (!birth_beyond(x, r, ga, w, c))
		return;
	for (size_t rj = ri + 1; rj < R_COUNT && r->group != G_NONE; rj++) /* the ladder */
		if (rules[rj].group == r->group && birth_beyond(x, &rules[rj], ga, w, c))
			return;
	if (!scored)
		return;
	gv_flag *f = emit(x, ri, bv, (x->vs[bv].doubt & M_W) != 0);
	f->corrected = 0; /* by gestational age at birth, not by an age */
	f->value = w;
	f->z = sc.z;
	f->percentile = sc.p;
	f->metric = sc.p;
	if (want_detail(x, f)) {
		const gv_patient *p = &x->c->p;
		sbuf b;
		sb_init(&b, f->detail, sizeof f->detail);
		sb_s(&b, r->label);
		sb_s(&b, ": birth weight ");
		sb_f(&b, w, 3);
		sb_s(&b, " kg at ");
		sb_f(&b, p->ga_weeks, 0);
		sb_c(&b, '+');
		sb_f(&b, p->ga_days, 0);
		sb_s(&b, " weeks, z ");
		sb_z(&b, sc.z);
		sb_c(&b, ' ');
		sb_pct(&b, sc.p);
		sb_s(&b, sc.reference ? " on the INTERGROWTH-21st very preterm reference (before 33+0 weeks, not a standard)"
				      : " on the INTERGROWTH-21st Newborn Size standard");
		sb_tail(&b, r, f);
	}
}

/* ================================================================== driver */

static void eval_rule(ctx *x, size_t ri)
{
	switch (rules[ri].kind) {
	case K_STATUS: eval_status(x, ri); break;
	case K_LINES: eval_lines(x, ri); break;
	case K_FALL: eval_fall(x, ri); break;
	case K_DZ: eval_dz(x, ri); break;
	case K_MPH_WIDEN: eval_mph_widen(x, ri); break;
	case K_NB_LOSS: eval_nb_loss(x, ri); break;
	case K_NB_REGAIN: eval_nb_regain(x, ri); break;
	case K_BIRTH: eval_birth(x, ri); break;
	case K_BIV: eval_biv(x, ri); break;
	case K_MARK: eval_marks(x, ri); break;
	}
}

/* The EWMA weights are kept for children of up to EWMA_W_MAX visits (32 kB): beyond, recomputed. */
#define EWMA_W_MAX 64

/* Scratch of one evaluation: t[n], z[n], w[n n] (n <= EWMA_W_MAX), ewma[NMI n], vstate[n],
 * match[NMI n], use[n] after an optional gv_result[n]. */
static size_t scratch_size(size_t n, int with_results)
{
	return n * ((with_results ? sizeof(gv_result) : 0) + (2 + NMI) * sizeof(double) + sizeof(vstate) +
		    NMI * sizeof(short) + 1) +
	       (n <= EWMA_W_MAX ? n * n * sizeof(double) : 0);
}

static void ctx_init(ctx *x, const gv_child *c, const gv_result *res, const gv_flag_options *o, char *mem)
{
	size_t n = c->nv;
	x->c = c;
	x->res = res;
	x->o = o;
	x->t = (double *)(void *)mem;
	x->z = x->t + n;
	x->w = n <= EWMA_W_MAX ? x->z + n : NULL;
	x->ewma = x->z + n + (x->w ? n * n : 0);
	x->vs = (vstate *)(void *)(x->ewma + NMI * n);
	x->match = (short *)(void *)(x->vs + n);
	x->use = (unsigned char *)(x->match + NMI * n);
	x->nmarks = 0;
	for (int mi = 0; mi < NMI; mi++)
		x->cached[mi] = 0, x->stamp[mi] = 0;
	if (x->w)
		ewma_weights(x);
	for (size_t i = 0; i < n; i++) {
		vstate *s = &x->vs[i];
		s->skip = s->doubt = s->odd = 0;
		for (int mi = 0; mi < NMI; mi++) {
			s->mark[mi] = -1;
			s->other[mi] = TRAJ_NONE;
			s->expect[mi] = NAN;
		}
	}
	target_init(x);
	x->n = 0;
	x->cats = 0;
}

static void run(ctx *x)
{
	check_history(x);
	for (size_t ri = 0; ri < R_COUNT; ri++)
		if (applies(x, &rules[ri]))
			eval_rule(x, ri);
}

/* Shared body: res may be NULL (computed here into the same allocation). */
static gv_status evaluate(const gv_child *c, const gv_result *res, const gv_flag_options *o, ctx *x)
{
	gv_flag_options def;
	if (!o) {
		flags_default_options(&def, GV_RULES_US);
		o = &def;
	}
	if (c->p.sex != GV_MALE && c->p.sex != GV_FEMALE)
		return GV_EINVAL;
	if (c->nv == 0)
		return GV_OK;
	char *mem = malloc(scratch_size(c->nv, res == NULL));
	if (!mem)
		return GV_ENOMEM;
	char *rest = mem;
	if (!res) {
		gv_result *own = (gv_result *)(void *)mem;
		traj_results(c, &o->growth, own);
		res = own;
		rest = mem + c->nv * sizeof(gv_result);
	}
	ctx_init(x, c, res, o, rest);
	run(x);
	free(mem);
	return GV_OK;
}

static gv_status entry(const gv_child *c, const gv_result *res, const gv_flag_options *o, gv_flag *out,
		       size_t cap, size_t *nflags, unsigned char *met)
{
	ctx x;
	memset(&x, 0, sizeof x);
	x.out = out;
	x.met = out ? met : NULL;
	x.cap = out ? cap : 0;
	x.fmt = 1;
	x.min = GV_SEV_INFO;
	x.include_suspect = 1;
	gv_status st = evaluate(c, res, o, &x);
	*nflags = x.n;
	return st;
}

gv_status flags_compute(const gv_child *c, const gv_flag_options *o, gv_flag *out, size_t cap, size_t *nflags)
{
	return entry(c, NULL, o, out, cap, nflags, NULL);
}

gv_status flags_eval(const gv_child *c, const gv_result *res, const gv_flag_options *o, gv_flag *out,
		     size_t cap, size_t *nflags)
{
	return entry(c, res, o, out, cap, nflags, NULL);
}

gv_status flags_eval_met(const gv_child *c, const gv_result *res, const gv_flag_options *o, gv_flag *out,
			 size_t cap, size_t *nflags, unsigned char *met)
{
	return entry(c, res, o, out, cap, nflags, met);
}

gv_status flags_categories(const gv_child *c, const gv_flag_options *o, gv_severity min, int include_suspect,
			   uint64_t *cats)
{
	ctx x;
	memset(&x, 0, sizeof x);
	x.min = min;
	x.include_suspect = include_suspect;
	gv_status st = evaluate(c, NULL, o, &x);
	*cats = x.cats;
	return st;
}

/* The table's rule behind flag f (its rule id points into the table; compared by name otherwise). */
static const struct rule *rule_of(const gv_flag *f)
{
	for (size_t i = 0; i < R_COUNT; i++)
		if (f->rule == rules[i].id || (f->rule && strcmp(f->rule, rules[i].id) == 0))
			return &rules[i];
	return NULL;
}

int flags_ack_covers(const gv_flag *acked, const gv_flag *f)
{
	if (acked == f || (strcmp(acked->rule, f->rule) == 0 && acked->date == f->date))
		return 1;
	const struct rule *a = rule_of(acked), *b = rule_of(f);
	/* a lower rung of the same ladder (rules of a group are listed from the mildest), on visits
	 * up to the acknowledged one */
	return a && b && a->group != G_NONE && a->group == b->group && b < a && f->date <= acked->date;
}

int flags_current(const gv_child *c, const gv_flag *f)
{
	return c->nv > 0 && !(f->date < c->v[c->nv - 1].date - GV_FLAGS_CURRENT_DAYS);
}

int flags_any_clinical(const gv_child *c, const gv_flag_options *o, gv_severity min)
{
	uint64_t cats;
	if (flags_categories(c, o, min, 0, &cats) != GV_OK)
		return -1;
	return (cats & ~GV_CAT_BIT(GV_CAT_IMPLAUSIBLE_VALUE)) != 0;
}
