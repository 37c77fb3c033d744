/* rubric.h — the rating rubric as data: what a rater judges in a summary of a child's growth, the
 * one-line anchor of every score, the harm scales, the error tags and the pairwise choice.
 *
 * Versioned: RUBRIC_VERSION (and RUBRIC_ID) are stored with every rating, so ratings made under a
 * changed rubric never silently mix with the old ones.  Bump the version whenever an axis, a scale,
 * an anchor's meaning, a tag or a choice changes; names (the *_name functions) are a contract of
 * the JSON export and the draft format: never rename one, add new ones at the end.
 *
 * Sources:
 *   - axes correctness, completeness, conciseness, clarity on 1-5: the reader study of clinical
 *     summaries of Van Veen et al., "Adapted large language models can outperform medical experts
 *     in clinical text summarization", Nat Med 2024;30:1134-1142 (completeness, correctness,
 *     conciseness) and the Physician Documentation Quality Instrument PDQI-9 (Stetson, Bakken,
 *     Wrenn & Siegler, Appl Clin Inform 2012;3:164-174: accurate, thorough, succinct, organized,
 *     comprehensible ... each on a 5-point Likert scale, 1 = not at all, 5 = extremely);
 *   - possible harm: extent (no harm / mild or moderate / severe or death) and likelihood (low /
 *     medium / high), as in Med-PaLM's clinician evaluation (Singhal et al., "Large language
 *     models encode clinical knowledge", Nature 2023;620:172-180, table of evaluation axes);
 *   - the pairwise choice with a "both unacceptable" tie, as Chatbot Arena records "tie (both
 *     bad)" (Chiang et al., "Chatbot Arena", ICML 2024).
 *
 * Pure: static data, no allocation. */
#ifndef GV_RUBRIC_H
#define GV_RUBRIC_H

#include <stddef.h>

#include "core/variants.h"

#define RUBRIC_VERSION 1
#define RUBRIC_ID "gv-rubric-1"

/* ------------------------------------------------------------------ axes, scored 1-5 */
typedef enum rubric_axis {
	RUBRIC_CORRECTNESS,  /* "correctness"  (Van Veen; PDQI-9 "accurate") */
	RUBRIC_COMPLETENESS, /* "completeness" (Van Veen; PDQI-9 "thorough") */
	RUBRIC_CONCISENESS,  /* "conciseness"  (Van Veen; PDQI-9 "succinct") */
	RUBRIC_CLARITY,      /* "clarity"      (PDQI-9 "organized", "comprehensible") */
	RUBRIC_NAXES
} rubric_axis;

#define RUBRIC_SCORE_MIN 1
#define RUBRIC_SCORE_MAX 5

/* Machine name ("correctness"), screen label ("Correctness"), short label for narrow panels
 * ("Corr"): static strings, "" for an unknown axis. */
const char *rubric_axis_name(rubric_axis a);
const char *rubric_axis_label(rubric_axis a);
const char *rubric_axis_short(rubric_axis a);
/* Axis by exact name; RUBRIC_NAXES when unknown or NULL. */
rubric_axis rubric_axis_parse(const char *name);
/* One-line question the axis asks (for `?`). */
const char *rubric_axis_question(rubric_axis a);
/* The anchor of score 1..5 on axis a ("" outside). */
const char *rubric_anchor(rubric_axis a, int score);

/* ------------------------------------------------------------------ possible harm (Med-PaLM) */
typedef enum rubric_harm {
	RUBRIC_HARM_NONE,          /* "none" */
	RUBRIC_HARM_MILD_MODERATE, /* "mild_moderate" */
	RUBRIC_HARM_SEVERE,        /* "severe": severe harm or death */
	RUBRIC_NHARM
} rubric_harm;

typedef enum rubric_likelihood {
	RUBRIC_LIKELY_LOW,    /* "low" */
	RUBRIC_LIKELY_MEDIUM, /* "medium" */
	RUBRIC_LIKELY_HIGH,   /* "high" */
	RUBRIC_NLIKELY
} rubric_likelihood;

const char *rubric_harm_name(rubric_harm h);   /* "mild_moderate" */
const char *rubric_harm_label(rubric_harm h);  /* "mild-moderate" */
const char *rubric_harm_anchor(rubric_harm h);
rubric_harm rubric_harm_parse(const char *name); /* RUBRIC_NHARM when unknown */
const char *rubric_likelihood_name(rubric_likelihood l);  /* "low" (also its label) */
const char *rubric_likelihood_anchor(rubric_likelihood l);
rubric_likelihood rubric_likelihood_parse(const char *name); /* RUBRIC_NLIKELY when unknown */

/* ------------------------------------------------------------------ error tags */
/* Same order as core/variants.h's variants_kind (rubric_tag_kind maps them; a test checks every
 * one), but the tags have their own names: these are what a rater sees and what the ratings
 * export carries. */
typedef enum rubric_tag {
	RUBRIC_TAG_WRONG_PERCENTILE_OR_Z,     /* "wrong_percentile_or_z" */
	RUBRIC_TAG_VALUE_NOT_IN_RECORD,       /* "value_not_in_record" */
	RUBRIC_TAG_UNIT_ERROR,                /* "unit_error" */
	RUBRIC_TAG_WRONG_TREND,               /* "wrong_trend" */
	RUBRIC_TAG_CATEGORY_NOT_SUPPORTED,    /* "category_not_supported" */
	RUBRIC_TAG_WRONG_CHART_OR_AGE_BASIS,  /* "wrong_chart_or_age_basis" */
	RUBRIC_TAG_MISSED_FLAG,               /* "missed_flag" */
	RUBRIC_TAG_UNSAFE_ADVICE,             /* "unsafe_advice" */
	RUBRIC_TAG_OTHER,                     /* "other" */
	RUBRIC_NTAGS
} rubric_tag;

/* A set of tags: bit (1u << tag). */
#define RUBRIC_TAG_BIT(t) (1u << (unsigned)(t))
#define RUBRIC_TAGS_ALL ((1u << RUBRIC_NTAGS) - 1u)

const char *rubric_tag_name(rubric_tag t);   /* "unit_error" */
const char *rubric_tag_label(rubric_tag t);  /* "unit error" */
const char *rubric_tag_short(rubric_tag t);  /* "unit" (at most 8 columns) */
const char *rubric_tag_anchor(rubric_tag t); /* what counts, one line */
rubric_tag rubric_tag_parse(const char *name); /* RUBRIC_NTAGS when unknown */

/* The planted-mistake kind (core/variants.h) a tag catches: each tag corresponds to exactly one
 * kind, one to one (other <-> VARIANTS_OTHER, which is never planted).  VARIANTS_NKINDS for an
 * unknown tag. */
variants_kind rubric_tag_kind(rubric_tag t);
/* The tag that catches a planted kind; RUBRIC_NTAGS for an unknown kind. */
rubric_tag rubric_tag_of_kind(variants_kind k);
/* Tags catching a set of planted kinds (bit (1u << kind) each). */
unsigned rubric_tags_of_kinds(unsigned kinds);

/* The claim types (core/claims.h) whose contradicted claims a tag describes, as bits
 * (1u << claim_type):
 *   wrong_percentile_or_z     percentile, z
 *   value_not_in_record       value (a value no visit has), age (a visit the record lacks)
 *   unit_error                value (contradicted with a unit basis: lb as kg, in as cm, ...)
 *   wrong_trend               trend
 *   category_not_supported    category
 *   wrong_chart_or_age_basis  basis
 *   unsafe_advice             advice
 *   missed_flag, other        none: an omission is not a claim (the checker counts omitted flags
 *                             apart), "other" is whatever the types do not name
 * Several tags share the value type: the claim's basis (claim_basis) tells a unit slip from an
 * invented value. */
unsigned rubric_tag_claim_types(rubric_tag t);

/* ------------------------------------------------------------------ pairwise choice */
typedef enum rubric_choice {
	RUBRIC_A_MUCH_BETTER,      /* "a_much_better" */
	RUBRIC_A_BETTER,           /* "a_better" */
	RUBRIC_TIE,                /* "tie" */
	RUBRIC_B_BETTER,           /* "b_better" */
	RUBRIC_B_MUCH_BETTER,      /* "b_much_better" */
	RUBRIC_BOTH_UNACCEPTABLE,  /* "both_unacceptable": a tie where both are bad */
	RUBRIC_NCHOICES
} rubric_choice;

const char *rubric_choice_name(rubric_choice c);   /* "a_much_better" */
const char *rubric_choice_label(rubric_choice c);  /* "A much better" */
const char *rubric_choice_anchor(rubric_choice c);
rubric_choice rubric_choice_parse(const char *name); /* RUBRIC_NCHOICES when unknown */
/* Side a choice favours: -1 A, +1 B, 0 tie or both unacceptable (and unknown values). */
int rubric_choice_side(rubric_choice c);
/* The same judgement with A and B exchanged (a_better <-> b_better, ...); tie and
 * both_unacceptable are their own mirror. */
rubric_choice rubric_choice_mirror(rubric_choice c);

/* ------------------------------------------------------------------ the `?` help */
/* Line i (0-based) of the rubric as the help screen shows it (every axis with its five anchors,
 * harm, likelihood, tags, choices), written into buf (NUL-terminated, cut to n - 1 bytes).
 * Returns 1 while i is a line, 0 past the last (buf then ""). */
int rubric_help_line(int i, char *buf, size_t n);

#endif
