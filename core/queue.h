/* queue.h — rating queues: which pairs of summaries each rater rates, in which order and on which
 * side; gold (calibration) items and a rater's gold accuracy; when two raters disagree enough for
 * an adjudicator.
 *
 * An item is (child, summary 1, summary 2): two summaries of the same child, audience and prompt
 * template written by two different models.  queue_build makes the items from the summaries the
 * store lists and assigns them to raters:
 *   - every pair of the --models present for a (child, audience, template) is a candidate item
 *     (when a model wrote several summaries there, the one with the largest id: the latest);
 *   - a pair of the baseline (BASELINE_MODEL) and a demo variant with planted mistakes
 *     (core/variants.h) of the same child, audience and template is a gold candidate, never an
 *     ordinary item: its answer is known (the planted kinds as tags on the variant, the baseline
 *     preferred);
 *   - the candidates are shuffled with the queue seed; an `overlap` share of the items chosen go
 *     to two raters (so agreement can be measured), the rest to one; raters are filled in rounds
 *     of a random permutation, so every rater's count is within one of the others' (exactly
 *     per_rater each when there are enough candidates) and partners vary;
 *   - a `gold` share of each rater's queue is gold items, drawn with the rater's own seed (several
 *     raters may get the same gold item: calibration compares them);
 *   - each rater's queue is put in a random order with the rater's seed, and for every pair of
 *     models in it the first model is on the left in half of that pair's items exactly (an odd
 *     count: the extra one falls on a random side), drawn with the rater's seed, so position bias
 *     cancels per rater (Zheng et al., "Judging LLM-as-a-judge", NeurIPS 2023, on position bias in
 *     pairwise comparison).
 * Deterministic: the same summaries (in any order), options and seeds give the same plan.
 *
 * Pure: no I/O.  Memory: the plan owns its arrays (queue_plan_free). */
#ifndef GV_QUEUE_H
#define GV_QUEUE_H

#include <stddef.h>
#include <stdint.h>

#include "core/rating.h"
#include "core/status.h"

/* A summary as the store lists it. */
typedef struct queue_summary {
	int64_t id;              /* the store's summary id (unique) */
	int64_t child;           /* the child's id */
	const char *model;       /* model name; BASELINE_MODEL for the baseline */
	const char *audience;    /* "clinician", "family" (NULL = "") */
	const char *template_id; /* prompt template and version (NULL = "") */
	unsigned planted;        /* a demo variant's planted kinds, bits (1u << variants_kind); 0 otherwise */
} queue_summary;

typedef struct queue_options {
	const char *const *models; /* --models M1,M2,...: ordinary items are pairs of these */
	size_t nmodels;
	size_t nraters;            /* raters 0 .. nraters-1 (at least 1) */
	const uint64_t *rater_seed;/* the seed stored for each rater; NULL: derived from seed and index */
	double overlap;            /* --overlap: share of ordinary items given to two raters, 0-1 */
	double gold;               /* --gold: share of each rater's queue that is gold, 0 to < 1 */
	size_t per_rater;          /* --per-rater N; 0 = share out every candidate */
	uint64_t seed;             /* --seed */
} queue_options;

typedef struct queue_item {
	int64_t child;
	int64_t s1, s2;       /* summary ids; ordinary: s1's model comes first in --models; gold: s1 is
			       * the baseline (the better one), s2 the variant */
	const char *model1, *model2; /* their models (pointers into the input) */
	int gold;
	unsigned planted;     /* gold: the variant's planted kinds (bits of variants_kind) */
	unsigned nraters;     /* raters the item went to */
} queue_item;

typedef struct queue_assignment {
	size_t rater;
	size_t pos;           /* 0-based position in the rater's queue */
	size_t item;          /* index into queue_plan.items */
	int64_t left, right;  /* summary ids shown as A (left) and B (right) */
	int swapped;          /* 1 when s2 is on the left */
} queue_assignment;

typedef struct queue_plan {
	queue_item *items;
	size_t nitems;
	queue_assignment *a;  /* by rater, then position */
	size_t na;
	size_t ncandidates;   /* ordinary candidate items found */
	size_t ngold_candidates;
	size_t nordinary;     /* ordinary items chosen */
	size_t ndouble;       /* of which given to two raters */
} queue_plan;

/* Build the plan (see the top of this file) into out (queue_plan_free it).  GV_EINVAL when there
 * are no raters, fewer than two models, overlap outside 0-1 or gold outside 0 to < 1, a NULL
 * pointer with a non-zero count; GV_ENOMEM.  Fewer candidates than asked for is not an error:
 * the raters then get fewer items (the counts in the plan say how many there were). */
gv_status queue_build(const queue_summary *s, size_t n, const queue_options *o, queue_plan *out);
void queue_plan_free(queue_plan *p);

/* The seed of rater i when none is stored: splitmix64 of the queue seed and i. */
uint64_t queue_rater_seed(uint64_t seed, size_t i);

/* ------------------------------------------------------------------ gold */
typedef struct queue_gold {
	unsigned items;        /* gold items submitted */
	unsigned planted;      /* planted kinds over those items (each kind counted once per item) */
	unsigned caught;       /* of which tagged (the matching rubric tag on the variant's side) */
	unsigned choice_right; /* items where the choice favoured the baseline's side */
} queue_gold;

/* Score one submitted rating r of gold item it, shown with `swapped` (queue_assignment): adds to
 * *acc and returns the tags (RUBRIC_TAG_BIT) expected but not set, for the reveal ("you missed:
 * unit error").  A tie or "both unacceptable" is not a right choice.  Nothing is added for a
 * non-gold item or a rating that is not submitted (returns 0). */
unsigned queue_gold_score(const queue_item *it, int swapped, const rating *r, queue_gold *acc);

/* ------------------------------------------------------------------ adjudication */
/* Two raters disagree on an item when their pairwise choices are on opposite sides (one prefers
 * summary 1, the other summary 2; a tie or "both unacceptable" is on neither side), or a rubric
 * axis of the same summary differs by QUEUE_ADJ_AXIS_DIFF or more, or the harm extents of the same
 * summary differ.  Two points: a one-point difference on a five-point scale is ordinary rater
 * variation, which weighted kappa counts as partial agreement (Cohen, Psychol Bull 1968;70:213);
 * a difference in harm extent is a different clinical judgement and always goes to an adjudicator
 * (Singhal et al., Nature 2023, harm as a separate axis). */
#define QUEUE_ADJ_AXIS_DIFF 2

enum {
	QUEUE_DIS_CHOICE = 1u << 0,
	QUEUE_DIS_AXIS = 1u << 1,
	QUEUE_DIS_HARM = 1u << 2
};

/* Compare ratings x and y of one item, each with the `swapped` of its rater's assignment (the
 * comparison is on the item's summaries 1 and 2, whatever side each rater saw them on).  Fields
 * unset in either are not compared.  Returns the QUEUE_DIS_* reasons (0 = they agree) and writes
 * them into why, e.g. "choice: s1 better vs s2 much better; s1 correctness 2 vs 4; s2 harm none vs
 * severe" (cut at n - 1; why may be NULL). */
unsigned queue_disagree(const rating *x, int x_swapped, const rating *y, int y_swapped, char *why, size_t n);
/* The same rule for one field of two ratings already in the same order (both in the item's: see
 * rating_swap_sides): the QUEUE_DIS_* bit when x and y disagree on field f of side (0/1; ignored
 * for RATING_F_CHOICE), else 0.  Only the axes, the harm extent and the choice can disagree. */
unsigned queue_disagree_at(const rating *x, const rating *y, int side, rating_field f);

#endif
