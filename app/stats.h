/* stats.h — the benchmark's statistics (`growthview stats`, the TUI's stats screen): the store
 * read in one streaming pass per table into the inputs of core/rank.h and core/agree.h, and their
 * results per model.
 *
 * Per model, from the summaries and their stored claim checks (app/store/checks.c):
 *   - summaries: the model's summaries (corrections by raters are not a model's and are counted
 *     apart);
 *   - checked: those with a stored claim check.  A summary without a stored check counts in no
 *     rate: it is neither a summary without contradictions nor one with; the report says how many
 *     there were (run `growthview check --all` to check them);
 *   - contradicted-claim rate: contradicted claims / claims over the model's checked summaries (a
 *     ratio of sums, so a summary with more claims weighs more; a checked summary with no claim
 *     adds nothing);
 *   - omitted-flag rate: the share of the model's checked summaries that leave out at least one
 *     open flag category (the checker's omitted_flags); `omitted` is the number of categories left
 *     out over them.
 * Both rates carry a percentile bootstrap interval over children (core/rank.h rank_ratio: the
 * children are the sampled units; a child's summaries are drawn together).
 *
 * From the ratings (the blinded pairwise items of the rating screen, core/rating.h), submitted ones
 * only; a stored rating that does not parse (damaged, or of another rubric version) is counted in
 * `unreadable` and used nowhere.  An item is the unordered pair of summaries: every rater's rating
 * of the same two summaries is a rating of the same item, in any queue and on either side.  Gold
 * (calibration) items are left out of everything below but the raters' gold accuracy: their pairs
 * were chosen for a planted mistake, so they would favour the baseline.
 *   - votes (core/rank.h rank_vote): one per submitted rating, model_a the model shown on the left;
 *     win/tie/loss, Bradley-Terry (ties and "both unacceptable" as half wins) and the same fit with
 *     the length covariate of Chatbot Arena's style control (lengths in characters), position bias
 *     (left-win share; swap flips: one rater's two ratings of one item with the sides swapped), all
 *     with bootstrap intervals over items (rank_compute);
 *   - mean score per axis per model: every submitted rating gives each of its two summaries a score
 *     on each axis (rank_ratio, intervals over items);
 *   - agreement (core/agree.h) on the items rated by two raters or more: the four 1-5 axes and the
 *     harm extent (ordinal; one unit per summary of an item) and the pairwise choice (nominal, one
 *     unit per item: summary 1 preferred, summary 2 preferred, or neither: tie or both
 *     unacceptable).  The columns of the reliability matrix are the ratings of a unit in the order
 *     of the raters' ids (with two raters in all, Cohen's kappa is between those two people; with
 *     more, between the first and second rating of each unit); quadratic-weighted Cohen for the
 *     ordinal axes, unweighted for the choice.  Intervals: bootstrap over units;
 *   - per rater: submitted, skipped, drafts, and gold accuracy (core/queue.h queue_gold_score: the
 *     planted kinds tagged, the choices favouring the baseline);
 *   - adjudications pending and resolved.
 *
 * Memory: O(models + checked summaries + queue items) (two 24-byte observations per checked summary).
 * Not thread-safe (reads the store through its handle). */
#ifndef GV_STATS_H
#define GV_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "app/store.h"
#include "core/agree.h"
#include "core/metrics.h"
#include "core/queue.h"
#include "core/rank.h"
#include "core/rubric.h"

#define STATS_NAME_MAX 64

typedef struct stats_opts {
	uint32_t n_boot; /* bootstrap resamples (0: no intervals) */
	uint64_t seed;   /* of the resamples */
	double conf;     /* interval level in (0, 1) */
} stats_opts;

/* 1000 resamples, seed 1, 95%. */
void stats_default_opts(stats_opts *o);

typedef struct stats_model {
	char name[STATS_NAME_MAX]; /* as stored, cut to STATS_NAME_MAX - 1 bytes (not cleaned) */
	long summaries, children;  /* summaries, and children they are about */
	long checked;              /* summaries with a stored claim check */
	long claims, contradicted; /* over the checked summaries */
	long omitting;             /* checked summaries omitting >= 1 flag category */
	long omitted;              /* flag categories omitted, summed over the checked summaries */
	metrics_ci contradicted_rate; /* contradicted / claims (GV_MISSING: no claim) */
	metrics_ci omitted_rate;      /* omitting / checked (GV_MISSING: none checked) */
	/* ratings */
	int rank;                     /* index in stats_report.rank (models with votes), -1 when none */
	metrics_ci axis[RUBRIC_NAXES];/* mean score per axis (GV_MISSING when never rated) */
} stats_model;

/* Agreement units: the four axes, the harm extent, the pairwise choice. */
enum { STATS_AG_HARM = RUBRIC_NAXES, STATS_AG_CHOICE, STATS_NAG };
/* "correctness", ..., "harm", "choice" */
const char *stats_agree_name(int a);

typedef struct stats_rater {
	int64_t id;
	char name[STATS_NAME_MAX];
	char role[16];
	long assigned, submitted, skipped, drafts, unreadable;
	queue_gold gold;              /* over the rater's submitted gold items */
} stats_rater;

typedef struct stats_report {
	stats_opts opts;
	long summaries, checked, corrections, children;
	size_t n_models;
	stats_model *models; /* n_models, sorted by name (bytewise) */
	/* ratings */
	long assigned;        /* queue items (one per rater given an item) */
	long submitted, skipped, drafts, unopened, unreadable;
	long votes;           /* submitted ratings of ordinary (not gold) items */
	long gold_votes;      /* submitted ratings of gold items */
	long items;           /* ordinary items (pairs of summaries) with a vote */
	long overlap_items;   /* of which rated by two raters or more */
	size_t n_raters;
	stats_rater *raters;  /* by name */
	uint16_t n_ranked;    /* models with votes: rank.* index i is models[ranked[i]] */
	uint16_t ranked[RANK_MAX_MODELS];
	int have_rank;        /* rank computed (votes > 0) */
	rank_report rank;
	int agree_cols;       /* columns of the reliability matrices (most ratings of one item) */
	size_t agree_units[STATS_NAG];
	agree_report agree[STATS_NAG]; /* when overlap_items > 0 */
	long adj_pending, adj_resolved;
} stats_report;

/* Read the store and compute the report into *out (stats_free it, also after a failure).
 * Returns 0, or -1 with a one-line reason in err (errsz bytes): the store's message, "out of
 * memory", or an invalid option. */
int stats_collect(gv_store *st, const stats_opts *o, stats_report *out, char *err, size_t errsz);
void stats_free(stats_report *r);

#endif
