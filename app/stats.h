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
 * Memory: O(models + checked summaries) (two 24-byte observations per checked summary).
 * Not thread-safe (reads the store through its handle). */
#ifndef GV_STATS_H
#define GV_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "app/store.h"
#include "core/metrics.h"

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
} stats_model;

typedef struct stats_report {
	stats_opts opts;
	long summaries, checked, corrections, children;
	size_t n_models;
	stats_model *models; /* n_models, sorted by name (bytewise) */
} stats_report;

/* Read the store and compute the report into *out (stats_free it, also after a failure).
 * Returns 0, or -1 with a one-line reason in err (errsz bytes): the store's message, "out of
 * memory", or an invalid option. */
int stats_collect(gv_store *st, const stats_opts *o, stats_report *out, char *err, size_t errsz);
void stats_free(stats_report *r);

#endif
