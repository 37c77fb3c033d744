/* metrics.h — scoring model answers against references: BLEU, ROUGE-1/2/L, classification
 * (accuracy, precision, recall, F1, ROC AUC) and regression (MAE, RMSE) metrics, and the
 * bootstrap helpers that core/agree and core/rank share.
 *
 * Pure: no I/O, no globals.  Texts are NUL-terminated UTF-8 (a NUL ends the text).  Functions that
 * need scratch memory allocate it with malloc and free it before returning (GV_ENOMEM when that
 * fails); results go into the caller's structs.  Every function returns a gv_status and, when it
 * is not GV_OK, leaves no NaN behind by surprise: what it writes on failure is stated below.
 *
 * Status conventions:
 *   GV_EINVAL   an argument is invalid (NULL pointer where data is required, a label out of
 *               range, a non-finite number, an unknown option);
 *   GV_MISSING  the data hold nothing to compute the metric from (n = 0, no positive or no
 *               negative case for ROC AUC);
 *   GV_ENOMEM   an allocation failed. */
#ifndef GV_METRICS_H
#define GV_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "core/status.h"

/* ================================================================== BLEU
 *
 * BLEU (Papineni, Roukos, Ward & Zhu, "BLEU: a method for automatic evaluation of machine
 * translation", ACL 2002) as sacreBLEU 2.x computes it (Post, "A call for clarity in reporting
 * BLEU scores", WMT 2018), so that a figure from growthview is comparable with a published one:
 *
 *   corpus BLEU (bleu_corpus_defaults; sacreBLEU's BLEU() and corpus_bleu defaults, signature
 *   "nrefs:N|case:mixed|eff:no|tok:13a|smooth:exp"):
 *     - tokenisation "13a" (mteval-v13a.pl's, see bleu_tokenize), mixed case;
 *     - clipped n-gram counts for n = 1..4 summed over the corpus: a hypothesis n-gram counts at
 *       most as often as it occurs in the reference where it occurs most (Papineni sec. 2.1);
 *     - brevity penalty BP = 1 if c >= r, else exp(1 - r/c) (0 if c = 0), c the total hypothesis
 *       length, r the sum over segments of the reference length closest to the hypothesis length
 *       (the shorter one on a tie) (Papineni sec. 2.2.2; sacreBLEU _get_closest_ref_len);
 *     - BLEU = 100 * BP * exp(sum_n log p_n / N) with p_n = correct_n / total_n;
 *     - smoothing "exp" (Chen & Cherry, "A systematic comparison of smoothing techniques for
 *       sentence-level BLEU", WMT 2014, method 3, the NIST mteval-v13a one): the k-th order (k =
 *       1, 2, ...) whose correct count is 0 gets p_n = 1 / (2^k total_n) instead of 0;
 *     - no effective order: an order with total_n = 0 ends the loop and the orders after it
 *       count as p = 0, so the score is 0;
 *     - when no n-gram of any order matches, BLEU is 0 (sacreBLEU issue #141).
 *   sentence BLEU (bleu_sentence_defaults; sacreBLEU's sentence_bleu defaults, "eff:yes"): the
 *     same on one segment with effective order: when total_n = 0 the mean is over the orders
 *     before n only.
 * Other smoothing methods, as sacreBLEU: "floor" (method 1: p_n = value / total_n when correct_n
 * = 0; default value 0.1), "add-k" (method 2: correct_n and total_n + k for n >= 2; default k 1),
 * "none" (a zero precision makes BLEU 0).  Lower-casing is not offered (sacreBLEU lower-cases with
 * Python's full Unicode str.lower). */

#define BLEU_MAX_ORDER 8

typedef enum bleu_smooth {
	BLEU_SMOOTH_EXP = 0, /* Chen & Cherry method 3 (sacreBLEU default) */
	BLEU_SMOOTH_FLOOR,   /* method 1 */
	BLEU_SMOOTH_ADD_K,   /* method 2 */
	BLEU_SMOOTH_NONE
} bleu_smooth;

typedef enum bleu_tok {
	BLEU_TOK_13A = 0, /* mteval-v13a tokenisation (sacreBLEU default) */
	BLEU_TOK_NONE     /* split on white space only (sacreBLEU tokenize='none') */
} bleu_tok;

typedef struct bleu_opts {
	int max_order;        /* N, 1..BLEU_MAX_ORDER (4) */
	bleu_smooth smooth;
	double smooth_value;  /* floor value or k; NAN = the method's default (0.1, 1) */
	int effective_order;  /* 1: average over the orders with total_n > 0 only */
	bleu_tok tok;
} bleu_opts;

/* sacreBLEU corpus defaults: 13a, N = 4, exp smoothing, no effective order. */
void bleu_corpus_defaults(bleu_opts *o);
/* sacreBLEU sentence_bleu defaults: the same with effective order. */
void bleu_sentence_defaults(bleu_opts *o);

/* Sufficient statistics; zero-initialise (or bleu_stats_init), then bleu_add each segment. */
typedef struct bleu_stats {
	uint64_t nseg;                     /* segments added */
	uint64_t hyp_len, ref_len;         /* c and r above, in tokens */
	uint64_t correct[BLEU_MAX_ORDER];  /* clipped matches per order (index n-1) */
	uint64_t total[BLEU_MAX_ORDER];    /* hypothesis n-grams per order */
} bleu_stats;

void bleu_stats_init(bleu_stats *s);

/* Add one segment: hypothesis hyp against nrefs >= 1 references refs[0..nrefs), tokenised with
 * o->tok, n-grams up to o->max_order (o NULL = corpus defaults).  An empty hypothesis or reference
 * is allowed (length 0).  Returns GV_EINVAL (st unchanged) for a NULL text, nrefs = 0 or invalid
 * options, GV_ENOMEM (st unchanged). */
gv_status bleu_add(bleu_stats *st, const bleu_opts *o, const char *hyp, const char *const *refs, size_t nrefs);

typedef struct bleu_result {
	double score;                        /* 0..100 */
	double precision[BLEU_MAX_ORDER];    /* p_n in percent, after smoothing (0 for unused orders) */
	double bp;                           /* brevity penalty */
	double ratio;                        /* hyp_len / ref_len (0 when ref_len = 0) */
	uint64_t hyp_len, ref_len;
	int orders;                          /* orders averaged (effective order, else max_order) */
} bleu_result;

/* BLEU from statistics (o NULL = corpus defaults).  GV_MISSING when no segment was added (out
 * zeroed); GV_EINVAL for invalid options. */
gv_status bleu_compute(const bleu_stats *st, const bleu_opts *o, bleu_result *out);

/* Sentence BLEU of one hypothesis (o NULL = sentence defaults): bleu_add then bleu_compute. */
gv_status bleu_sentence(const char *hyp, const char *const *refs, size_t nrefs, const bleu_opts *o,
			bleu_result *out);

/* The 13a tokenisation of s (sacreBLEU Tokenizer13a after BLEU's rstrip), tokens separated by
 * one space, in a new string the caller frees:
 *   1. trailing white space removed; "<skipped>" removed; "-\n" removed (a word hyphenated at a
 *      line end is joined); other newlines become spaces; &quot; &amp; &lt; &gt; unescaped, in
 *      that order;
 *   2. each of { | } ~ [ \ ] ^ _ ` ! " # $ % & ( ) * + : ; < = > ? @ / becomes a token;
 *   3. a period or comma becomes a token unless it has a digit on both sides ("3.5" and "1,000"
 *      stay whole; "end." and ".5" split) — two left-to-right passes, each consuming the two
 *      characters it matched, exactly as mteval's regular expressions do;
 *   4. a dash after a digit becomes a token ("5-year" -> "5 - year");
 *   5. runs of white space (Python's str.split: ASCII white space, U+001C-U+001F, U+0085,
 *      U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000) separate tokens.
 * Works on bytes; characters outside ASCII pass through (the result is what sacreBLEU gives on
 * the decoded text).  NULL when s is NULL or memory runs out. */
char *bleu_tokenize(const char *s, bleu_tok tok);

/* ================================================================== ROUGE
 *
 * ROUGE-N and ROUGE-L (Lin, "ROUGE: a package for automatic evaluation of summaries", ACL
 * workshop Text Summarization Branches Out, 2004), as Google's rouge-score package computes them
 * with its defaults (the reimplementation of ROUGE-1.5.5 that most LLM papers report):
 *   tokenisation: lower-case, every character other than a-z and 0-9 separates tokens (so
 *     "z-score" is "z score", "3.5" is "3 5", and non-ASCII letters are separators, as
 *     rouge-score's [^a-z0-9]+ after Python's lower() makes them; the two characters whose
 *     Python lower case is ASCII, U+0130 and U+212A KELVIN SIGN, become "i" and "k");
 *     NO stemming (rouge-score's use_stemmer=False default) and no stop-word removal;
 *   ROUGE-N (Lin sec. 2): overlap = sum over n-grams of min(count in prediction, count in
 *     reference); recall = overlap / reference n-grams, precision = overlap / prediction
 *     n-grams (each denominator taken as at least 1), F = 2PR / (P + R) (0 when P + R = 0);
 *   ROUGE-L (Lin sec. 3.1, sentence level on the whole text): LCS = length of the longest common
 *     subsequence of tokens; R = LCS / reference tokens, P = LCS / prediction tokens, F with
 *     beta = 1 as above; all three 0 when either text has no token;
 *   several references: for each of ROUGE-1, -2, -L separately, the reference with the highest F
 *     (the first one on a tie) gives P, R and F (rouge-score's score_multi). */

typedef struct rouge_prf {
	double p, r, f;
} rouge_prf;

typedef struct rouge_result {
	rouge_prf r1, r2, rl;
	size_t pred_tokens;  /* tokens in the prediction */
	int best_ref[3];     /* reference index chosen for r1, r2, rl */
} rouge_result;

/* ROUGE-1, -2 and -L of pred against refs[0..nrefs), nrefs >= 1.  GV_EINVAL (out zeroed) for a
 * NULL text or nrefs = 0; GV_ENOMEM.  Empty texts are valid and score 0. */
gv_status rouge_score(const char *pred, const char *const *refs, size_t nrefs, rouge_result *out);

/* The rouge-score tokens of s, separated by one space, in a new string the caller frees; NULL
 * when s is NULL or memory runs out. */
char *rouge_tokenize(const char *s);

/* ================================================================== classification
 *
 * Per class c of a labelling, from the counts tp (truth c, predicted c), fp (predicted c, truth
 * not), fn (truth c, predicted not), tn:
 *   precision = tp / (tp + fp), recall = tp / (tp + fn),
 *   F1 = 2 tp / (2 tp + fp + fn)  (= 2PR/(P+R), the harmonic mean; van Rijsbergen 1979, ch. 7).
 * Undefined cases (sklearn's zero_division = 0 convention): precision is 0 when the class is never
 * predicted, recall is 0 when it never occurs; F1 is then 0 too, except when the class occurs
 * neither in the truth nor in the predictions (2tp + fp + fn = 0): its F1 is undefined, flagged
 * in `undefined`, set to 0, and the class is left out of the macro averages.
 * Macro averages = unweighted means over the classes that occur in the truth or the predictions
 * (as sklearn does with its default labels; for a multi-label indicator matrix sklearn would also
 * average in, as 0, categories that occur nowhere — we leave them out and say how many we used). */

enum {
	METRICS_P_UNDEF = 1u << 0, /* never predicted: precision set to 0 */
	METRICS_R_UNDEF = 1u << 1, /* never in the truth: recall set to 0 */
	METRICS_F_UNDEF = 1u << 2  /* in neither: F1 set to 0, class not in the macro averages */
};

typedef struct metrics_class {
	uint64_t tp, fp, fn, tn;
	double precision, recall, f1;
	unsigned undefined;  /* METRICS_*_UNDEF bits */
} metrics_class;

typedef struct metrics_macro {
	double precision, recall, f1;  /* means over `classes` classes (0 when classes = 0) */
	size_t classes;                /* classes averaged */
} metrics_macro;

/* Single-label classification with k classes (labels 0..k-1).  per_class[0..k) gets each class's
 * counts and scores (caller's array of k), *accuracy the share of i with truth[i] = pred[i],
 * macro the macro averages (either may be NULL).  For a binary task (k = 2, 1 = positive) the
 * usual "precision/recall/F1" are per_class[1]'s.  GV_EINVAL for k < 1 or a label outside
 * 0..k-1 (outputs untouched), GV_MISSING for n = 0 (per_class zeroed, accuracy and macro 0). */
gv_status metrics_classify(const int *truth, const int *pred, size_t n, int k, metrics_class *per_class,
			   double *accuracy, metrics_macro *macro);

/* Multi-label classification over k <= 32 categories: truth[i] and pred[i] are bit sets (bit c =
 * category c applies).  per_category[0..k) as above (each category a binary task), macro over the
 * categories occurring anywhere, *subset_accuracy the share of items whose whole set is right
 * (exact match), *micro_f1 the F1 of the pooled counts (any output but per_category may be
 * NULL).  GV_EINVAL for k outside 1..32 or a bit set at or above k; GV_MISSING for n = 0. */
gv_status metrics_multilabel(const uint32_t *truth, const uint32_t *pred, size_t n, int k,
			     metrics_class *per_category, metrics_macro *macro, double *subset_accuracy,
			     double *micro_f1);

/* Area under the ROC curve of scores score[0..n) for labels label[i] (non-zero = positive), in the
 * Mann-Whitney form (Mann & Whitney 1947; Hanley & McNeil, Radiology 1982;143:29):
 *   AUC = (#{(i,j): i positive, j negative, s_i > s_j} + 1/2 #{... s_i = s_j}) / (n_pos n_neg),
 * the probability that a random positive scores above a random negative, ties counting one half
 * (so all-equal scores give exactly 0.5).  O(n log n).  GV_MISSING (*auc = 0) when there is no
 * positive or no negative; GV_EINVAL for a non-finite score; GV_ENOMEM. */
gv_status metrics_roc_auc(const double *score, const uint8_t *label, size_t n, double *auc);

/* Mean absolute error and root mean squared error of pred against truth over n pairs:
 *   MAE = sum |pred - truth| / n,  RMSE = sqrt(sum (pred - truth)^2 / n).
 * Either output may be NULL.  GV_MISSING for n = 0 (outputs 0), GV_EINVAL for a non-finite value
 * (outputs untouched). */
gv_status metrics_mae_rmse(const double *pred, const double *truth, size_t n, double *mae, double *rmse);

/* ================================================================== bootstrap helpers
 *
 * The nonparametric bootstrap (Efron, "Bootstrap methods: another look at the jackknife", Ann.
 * Statist. 1979; Efron & Tibshirani 1993, ch. 13) over units (items): resample b draws n units
 * with replacement.  Resample b of seed s uses its own stream synth_rng_seed(s, b) (core/synth.h),
 * so it is a function of (s, b, n) alone: the same on every machine, independent of how many
 * resamples ran before it, and the same draws for every statistic computed on the same units. */

/* counts[0..n) = how many times each unit is drawn in resample b (they sum to n); n < 2^32.
 * Each draw is uniform on 0..n-1 by Lemire's multiply-shift on 32 random bits (two draws per
 * 64-bit output of the stream). */
void metrics_boot_counts(uint64_t seed, uint32_t b, size_t n, uint32_t *counts);

/* Quantile q in [0, 1] of sorted v[0..n), n >= 1, by linear interpolation between order
 * statistics (Hyndman & Fan 1996 type 7, R's and NumPy's default): h = (n - 1) q,
 * Q = v[floor h] + (h - floor h)(v[floor h + 1] - v[floor h]). */
double metrics_quantile(const double *v, size_t n, double q);

/* A point estimate with a bootstrap percentile interval (Efron & Tibshirani ch. 13.3). */
typedef struct metrics_ci {
	gv_status st;    /* GV_OK, or why the estimate is not defined (est, lo, hi then NAN) */
	double est;      /* the statistic on the data */
	double lo, hi;   /* (1-conf)/2 and (1+conf)/2 quantiles of the resampled statistics;
			    NAN when fewer than 2 resamples gave a defined value */
	uint32_t n_boot; /* resamples where the statistic was defined */
	uint32_t n_undef;/* resamples where it was not (left out of the quantiles) */
} metrics_ci;

/* Fill ci from the estimate (st, est) and the defined resampled values v[0..nv) (sorted here, in
 * place) with n_undef undefined ones, at confidence conf in (0, 1). */
void metrics_ci_set(metrics_ci *ci, gv_status st, double est, double *v, size_t nv, uint32_t n_undef, double conf);

#endif
