/* variants.h — synthetic "models" for the demo and the benchmark: the baseline summary with 1-3
 * planted, labelled mistakes.
 *
 * They are named honestly (demo-variant-1, demo-variant-2): no model wrote them.  Each variant is a
 * baseline summary (core/baseline.h) of the same child and audience in which a few statements were
 * changed, added or removed, so it reads like the baseline (same style) and differs from it only
 * where a mistake was planted.  What was planted is recorded — kind, byte span, the original and
 * the planted text, a note — so the rating screen can score raters on gold items and the claim
 * checker can measure its recall.
 *
 *   demo-variant-1  careless with numbers: wrong percentiles and z-scores, values not in the record,
 *                   lb/kg and in/cm slips, the wrong chart or age basis;
 *   demo-variant-2  over-interprets: categories the flags do not support, missed flags, wrong
 *                   trends, unsafe advice.
 * Both can plant any kind; the model sets the odds.
 *
 * Every planted mistake is really wrong, by the claim checker's tolerances (issue #14): a planted
 * z differs from the engine's by more than 0.1, a planted percentile by more than 2 points and lies
 * in another band between major percentile lines; a planted value differs from every recorded
 * value of that measurement by more than its rounding; a planted unit turns the value into one
 * that is not the record's; a planted trend word disagrees with the major lines the engine counts
 * over the same span (steady = at most one line crossed); a planted category has no flag of its
 * group (obesity: overweight, obesity, severe obesity; ...); a planted chart is not the chart the
 * engine used, a planted "chronological age" is stated where the engine corrected the age; a
 * removed flag sentence names a moderate or severe flag that is open (and its category is named
 * nowhere else in the text); unsafe advice tells a family or clinician that no follow-up is needed
 * while a moderate or severe flag is open, or to restrict food without an obesity flag.
 *
 * Deterministic: the same facts, baseline, model and seed give the same bytes (core/synth.h's
 * random stream, seeded with the seed and the model).  Pure: no I/O, no globals. */
#ifndef GV_VARIANTS_H
#define GV_VARIANTS_H

#include <stddef.h>
#include <stdint.h>

#include "core/baseline.h"

/* Mistake kinds: the shared vocabulary of the rating screen's error tags, the planted labels and
 * the benchmark.  The names (variants_kind_name) are a contract: never rename one. */
typedef enum variants_kind {
	VARIANTS_WRONG_PERCENTILE_OR_Z, /* "wrong_percentile_or_z" */
	VARIANTS_VALUE_NOT_IN_RECORD,   /* "value_not_in_record" */
	VARIANTS_UNIT_ERROR,            /* "unit_error": e.g. a lb/kg slip */
	VARIANTS_WRONG_TREND,           /* "wrong_trend" */
	VARIANTS_UNSUPPORTED_CATEGORY,  /* "unsupported_category": a category the flags do not support */
	VARIANTS_WRONG_BASIS,           /* "wrong_basis": CDC for an infant, chronological age for a preterm child */
	VARIANTS_MISSED_FLAG,           /* "missed_flag" */
	VARIANTS_UNSAFE_ADVICE,         /* "unsafe_advice" */
	VARIANTS_OTHER,                 /* "other" (never planted; for raters' tags) */
	VARIANTS_NKINDS
} variants_kind;

/* The kind's name above; "" for other values.  Static string. */
const char *variants_kind_name(variants_kind k);

/* Kind by exact name; VARIANTS_NKINDS when unknown (or NULL). */
variants_kind variants_kind_parse(const char *name);

/* The synthetic models: 1 and 2. */
#define VARIANTS_NMODELS 2
#define VARIANTS_VERSION 1
#define VARIANTS_MAX_MISTAKES 3

/* "demo-variant-1", "demo-variant-2"; "" for other numbers. */
const char *variants_model_name(int model);
/* 1 or 2 for those names, 0 otherwise. */
int variants_model_parse(const char *name);

/* One planted mistake.  Text fields are offsets into the variant's strings (variants_str). */
typedef struct variants_mistake {
	variants_kind kind;
	size_t start, end;        /* bytes [start, end) of the variant text holding the planted text:
				   * exactly the bytes that differ from the baseline (an inserted sentence
				   * includes its trailing space; a removed one leaves start == end) */
	size_t original, original_len; /* the baseline's bytes that were replaced ("" for an insertion) */
	size_t planted, planted_len;   /* the bytes put in their place (== text[start, end)) */
	size_t note, note_len;    /* for people: "stated P25.0, engine P3.1" */
	size_t visit;             /* visit concerned, PROMPT_NONE when none */
	gv_ind ind;               /* indicator concerned, GV_NIND when none */
	gv_flag_cat category;     /* unsupported_category: planted; missed_flag: omitted; else GV_CAT_COUNT */
	double engine, stated;    /* the numbers compared (z, percentile, value in kg/cm, lines), NAN when none */
} variants_mistake;

/* A variant summary.  Owned by the struct; reused by the next variants_make. */
typedef struct variant {
	int model;                /* 1 or 2 */
	uint64_t seed;
	prompt_buf text;          /* the summary */
	variants_mistake m[VARIANTS_MAX_MISTAKES];
	size_t nm;                /* 1..3 */
	prompt_buf strings;       /* storage of original / planted / note texts */
	prompt_buf scratch;       /* private */
} variant;

void variants_init(variant *v);
void variants_free(variant *v);

/* A text field of v (original, planted or note offset and length) as a NUL-terminated string owned
 * by v, valid until the next variants_make. */
const char *variants_str(const variant *v, size_t off);

/* Plant 1-3 mistakes of model `model` (1 or 2) into baseline b, which baseline_write wrote from
 * facts f for options o (the same options: audience and word limit), with random stream `seed`
 * (the caller's, e.g. derived from the patient: the same seed gives the same variant).  Returns
 * GV_OK; GV_EINVAL for a NULL argument, an unknown model or a baseline without text; GV_ENOMEM. */
gv_status variants_make(const prompt_facts *f, const baseline *b, const prompt_options *o, int model,
			uint64_t seed, variant *out);

/* Groups of related categories, as bits, used to decide that a category is unsupported (no flag
 * shares a group bit with it): overweight/obesity/severe obesity; failure to thrive/underweight/
 * wasting/thinness/acute malnutrition/newborn weight loss; short stature/stunting/height
 * faltering/mid-parental height gap; microcephaly/head growth crossing; macrocephaly/head growth
 * crossing; rapid weight gain with the overweight group.  0 for implausible_value and unknown values. */
unsigned variants_category_groups(gv_flag_cat c);

#endif
