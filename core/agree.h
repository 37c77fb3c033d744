/* agree.h — rater agreement on one rating axis: raw percent agreement, Cohen's kappa (unweighted
 * and quadratic-weighted), Fleiss' kappa and Krippendorff's alpha (nominal, ordinal, interval,
 * ratio), each with a bootstrap interval over items.
 *
 * Reliability data (Krippendorff's term): an n_items x n_raters matrix x, row-major (x[i *
 * n_raters + r] is rater r's value for item i), int values, AGREE_NA where rater r did not rate
 * item i.  The values are category codes: for the nominal statistics only their equality matters;
 * for the ordinal ones their order; for interval/ratio ones their differences (the 1-5 axes of the
 * rating screen are ordinal; harm extent and likelihood are ordinal 0-2; the pairwise choice is
 * nominal).  A column may be a person or, when each item was rated by different people, simply
 * "first rating", "second rating" (then Cohen's kappa is between positions, not persons; Fleiss'
 * kappa and Krippendorff's alpha do not care who the raters are).
 *
 * Items with fewer than two ratings carry no information on agreement: they count in no
 * statistic ("pairable items" below are the rest); the bootstrap draws them like any row, and a
 * drawn one adds nothing.
 *
 * Pure: no I/O.  Scratch memory is malloc'ed and freed inside each call (GV_ENOMEM when that
 * fails).  Statuses: GV_EINVAL for invalid arguments (NULL data with n_items > 0, n_raters = 0, a
 * negative value at the ratio level, unknown level); GV_MISSING when a statistic is not defined
 * on the data (no pairable item; chance agreement already perfect, e.g. every rating in one
 * category, where kappa and alpha are 0/0). */
#ifndef GV_AGREE_H
#define GV_AGREE_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "core/metrics.h"
#include "core/status.h"

/* A missing rating. */
#define AGREE_NA INT_MIN

/* Level of measurement of the values (Krippendorff 2011: the difference functions). */
typedef enum agree_level {
	AGREE_NOMINAL = 0, /* delta^2(c, k) = 0 if c = k, else 1 */
	AGREE_ORDINAL,     /* delta^2(c, k) = (sum_{g=c..k} n_g - (n_c + n_k)/2)^2, n_g the value's
			      frequency among pairable values: ranks, not distances, matter */
	AGREE_INTERVAL,    /* delta^2(c, k) = (c - k)^2 */
	AGREE_RATIO        /* delta^2(c, k) = ((c - k) / (c + k))^2, values >= 0 */
} agree_level;

/* ------------------------------------------------------------------ point estimates */

/* Raw percent agreement, as a share in [0, 1]: the mean over pairable items of the share of
 * agreeing pairs of ratings, P_i = sum_c n_ic (n_ic - 1) / (m_i (m_i - 1)) (n_ic ratings of value c
 * among the item's m_i; Fleiss 1971).  With two raters: the share of items on which they
 * agree.  GV_MISSING (*out = 0) when no item is pairable. */
gv_status agree_percent(const int *x, size_t n_items, size_t n_raters, double *out);

/* Cohen's kappa between the two columns of x (n_items x 2; items missing either value are
 * skipped).  Unweighted (quadratic = 0): Cohen, "A coefficient of agreement for nominal scales",
 * Educ. Psychol. Meas. 1960;20:37: kappa = (p_o - p_e) / (1 - p_e), p_o the share of agreeing
 * items, p_e = sum_c p_c. p_.c (the product of the two raters' marginal shares).
 * Quadratic-weighted (quadratic = 1): Cohen, "Weighted kappa", Psychol. Bull. 1968;70:213, with
 * disagreement weights v(a, b) = (a - b)^2 on the values themselves (Fleiss & Cohen, Educ. Psychol.
 * Meas. 1973;33:613): kappa_w = 1 - sum v(a,b) p_ab / sum v(a,b) p_a. p_.b.  (Using the values
 * rather than the indices of the categories seen, a scale step that nobody used still counts;
 * sklearn's cohen_kappa_score(weights="quadratic") uses indices, which is the same when every
 * step between the smallest and largest value was used.)  Equivalently kappa_w =
 * 2 s_ab / (s_a^2 + s_b^2 + (mean_a - mean_b)^2) with population (co)variances.  GV_MISSING
 * (*kappa = 0) with no complete pair or when the chance disagreement is 0. */
gv_status agree_cohen(const int *x, size_t n_items, int quadratic, double *kappa);

/* Fleiss' kappa (Fleiss, "Measuring nominal scale agreement among many raters", Psychol. Bull.
 * 1971;76:378): kappa = (P - P_e) / (1 - P_e), P the mean of the P_i above, P_e = sum_c p_c^2 with
 * p_c = (ratings of c) / (all ratings), over pairable items.  Fleiss defines it for a fixed number
 * m of ratings per item; with varying m_i this is the usual generalisation (P_i with each item's
 * own m_i).  GV_MISSING (*kappa = 0) when no item is pairable or P_e = 1. */
gv_status agree_fleiss(const int *x, size_t n_items, size_t n_raters, double *kappa);

/* Krippendorff's alpha (Krippendorff, "Computing Krippendorff's alpha-reliability", 2011; Hayes &
 * Krippendorff, Commun. Methods Meas. 2007;1:77): from the coincidence matrix
 * o_ck = sum_i (number of ordered pairs of ratings (c, k) within item i) / (m_i - 1), its
 * marginals n_c and n = sum n_c (the pairable values),
 *   alpha = 1 - D_o / D_e = 1 - (n - 1) sum_ck o_ck delta^2(c,k) / sum_ck n_c n_k delta^2(c,k),
 * any number of raters, missing values allowed.  GV_MISSING (*alpha = 0) when no item is pairable
 * or D_e = 0 (a single value used). */
gv_status agree_alpha(const int *x, size_t n_items, size_t n_raters, agree_level level, double *alpha);

/* ------------------------------------------------------------------ with intervals */

typedef struct agree_opts {
	agree_level level;   /* of the axis: alpha's difference function; quadratic kappa if not nominal */
	uint32_t n_boot;     /* bootstrap resamples (0: estimates only, intervals NAN) */
	uint64_t seed;       /* resample b uses metrics_boot_counts(seed, b, ...) */
	double conf;         /* interval level, in (0, 1) */
} agree_opts;

/* level, 1000 resamples, seed 1, 95%. */
void agree_default_opts(agree_opts *o, agree_level level);

typedef struct agree_report {
	size_t n_items;   /* pairable items */
	size_t n_values;  /* ratings in them */
	size_t n_cats;    /* distinct values among them */
	metrics_ci percent;         /* agree_percent */
	metrics_ci cohen;           /* agree_cohen unweighted: only when n_raters = 2 (else GV_MISSING) */
	metrics_ci cohen_quadratic; /* agree_cohen quadratic: n_raters = 2 and level not nominal */
	metrics_ci fleiss;          /* agree_fleiss */
	metrics_ci alpha;           /* agree_alpha at o->level */
} agree_report;

/* Every statistic above with a percentile bootstrap interval over items (Efron & Tibshirani 1993
 * ch. 13; resampling units, as the items are the sampled units of a rating study): resample b
 * draws the n_items rows of x with replacement (metrics_boot_counts(seed, b, n_items)) and every
 * statistic is computed on the same draws; rows that are not pairable are drawn too but add
 * nothing (pass only pairable rows for a resample of exactly the pairable items).  A resample on
 * which a statistic is undefined (e.g. all its items in one category) is counted in that
 * statistic's n_undef and left out of its quantiles.  Items are reduced to their distinct rating
 * profiles first, so a resample costs O(items) for the draws and O(profiles x categories^2) for the
 * statistics.  Returns GV_EINVAL / GV_ENOMEM (out zeroed, every ci GV_MISSING), else GV_OK with each
 * statistic's own status in its metrics_ci. */
gv_status agree_compute(const int *x, size_t n_items, size_t n_raters, const agree_opts *o, agree_report *out);

/* The same for n_axes axes rated on the same items in the same columns (the rating screen's four
 * 1-5 axes, harm extent and likelihood, the pairwise choice): x[a] is axis a's n_items x n_raters
 * matrix, levels[a] its level (o->level is not read), out[0..n_axes) the caller's reports.  One
 * set of resampled rows serves every axis: the same intervals as n_axes calls of agree_compute
 * with the same seed, computed with one draw per resample. */
gv_status agree_compute_axes(const int *const *x, const agree_level *levels, size_t n_axes, size_t n_items,
			     size_t n_raters, const agree_opts *o, agree_report *out);

#endif
