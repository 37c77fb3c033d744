/* rank.h — comparing models from blinded pairwise choices: win/tie/loss counts, a Bradley-Terry
 * ranking with bootstrap intervals, the same fit with a length covariate (length bias), position
 * bias, and per-model means and rates with intervals.
 *
 * A vote (rank_vote) is one rater's pairwise choice on one item: the summaries of two models for
 * the same child, shown as A (left) and B (right), with the choice of the rating screen (A much
 * better, A better, tie, B better, B much better, both unacceptable).  Items are the units of the
 * bootstrap: several raters' votes on one item are resampled together.  Models, items and raters
 * are dense indices the caller assigns (0..n-1).
 *
 * The model (Bradley & Terry, "Rank analysis of incomplete block designs I", Biometrika
 * 1952;39:324; Zermelo 1929): model i beats model j with probability
 *   p_ij = pi_i / (pi_i + pi_j) = 1 / (1 + exp(theta_j - theta_i)),   theta = log pi,
 * fitted by maximum likelihood over all votes, reported as theta centred to mean 0 (rank_elo gives
 * the Elo-like scale of Chatbot Arena, 1000 + 400 theta / ln 10).
 *
 * Ties: counted as half a win for each side ("both unacceptable" is a tie too, as Chatbot Arena
 * records "tie (bothbad)"; "much better" counts as a win like "better").  Chosen over the Davidson
 * (1970) extension because (1) Chatbot Arena's leaderboard and its style control, which the
 * length-controlled fit below reproduces, count a tie as half a win (outcome 0.5 in its logistic
 * regression), so the plain and the length-controlled fits are the same model with and without the
 * covariate and their strengths can be shown side by side; (2) the maximum-likelihood strengths
 * then satisfy the score equations W_i = sum_j N_ij p_ij (each model's half-win-counted wins equal
 * its expected wins; Zermelo, Ford 1957), which a reader can check by hand, and with two models
 * exp(theta_1 - theta_2) = W_1 / W_2; (3) Davidson's extra parameter describes how often ties
 * occur; his score equation for pi_i also credits each tie as half a win, so the strengths come
 * out close, and a tie rate is not something the leaderboard reports.
 *
 * Fitting: Newton's method on the concave log-likelihood (plus, to fix the scale, the penalty
 * (sum theta)^2 / 2, which does not change the likelihood and makes the maximiser the one with
 * sum theta = 0; plus an optional ridge).  A step is taken whole when it moves no vote's linear
 * predictor eta = theta_i - theta_j (+ beta x) by more than 0.5: each vote's curvature n p (1-p)
 * then changes by at most a factor e^0.5 over the step (the logistic loss is self-concordant in
 * Bach's generalised sense, Electron. J. Statist. 2010;4:384), the pure Newton phase of Boyd &
 * Vandenberghe ("Convex Optimization", 2004, sec. 9.5).  A longer step is halved until the
 * directional derivative at its end is >= 0, so the objective rose all the way (a safeguard: fits
 * start at 0 or, for replicates, at the estimate, from where whole steps converge in practice).  The fit stops when the proposed step moves no parameter by more than 1e-8 (the
 * fit on the data) or 1e-5 (a bootstrap replicate, whose first step comes from the estimate's
 * per-vote terms without any exp); the step is then taken, and by Newton's quadratic convergence
 * the error left is of the order of its square (1e-16, 1e-10).  Concavity and the line search
 * make it converge to the unique maximiser whenever one exists (Hunter, "MM algorithms for
 * generalized Bradley-Terry models", Ann. Statist. 2004;32:384, for the conditions).  Existence
 * without a ridge (Ford, Amer. Math. Monthly 1957;64:28): for every split of the models into two
 * groups, some model of each group beat (or tied) some model of the other — i.e. the graph "i has
 * a (half-)win over j" is strongly connected.  When it is not, the fit reports GV_EINVAL (a model
 * that never lost has strength +infinity) unless opts.ridge > 0.
 *
 * Bootstrap: resample b draws the items with replacement (metrics_boot_counts(seed, b,
 * n_items)); every statistic of rank_compute uses the same draws, and the single-statistic
 * functions below give exactly the intervals rank_compute gives for the same options.  The votes
 * are aggregated once to one record per (item, pair of models[, length difference]), so a
 * resample costs O(items) plus, for the length fit, two or three passes over the drawn records.
 *
 * Pure: no I/O; scratch memory malloc'ed and freed inside each call.  Results go into the caller's
 * structs (at most RANK_MAX_MODELS models).  Statuses: GV_EINVAL for invalid input (a model index
 * >= n_models, model_a = model_b, an item >= n_items, an unknown choice, a non-positive or
 * non-finite length where lengths are used, too many models) or a fit that does not exist;
 * GV_MISSING when there is nothing to compute from; GV_ENOMEM. */
#ifndef GV_RANK_H
#define GV_RANK_H

#include <stddef.h>
#include <stdint.h>

#include "core/metrics.h"
#include "core/status.h"

#define RANK_MAX_MODELS 64

typedef enum rank_choice {
	RANK_A_MUCH_BETTER = 0,
	RANK_A_BETTER,
	RANK_TIE,
	RANK_B_BETTER,
	RANK_B_MUCH_BETTER,
	RANK_BOTH_BAD, /* both unacceptable: a tie */
	RANK_NCHOICES
} rank_choice;

typedef struct rank_vote {
	uint32_t item;      /* the pair of summaries (bootstrap unit), < n_items */
	uint32_t rater;     /* who voted (read by the swap count only) */
	uint16_t model_a;   /* model of the summary shown as A (left) */
	uint16_t model_b;   /* model shown as B (right), != model_a */
	uint8_t choice;     /* rank_choice */
	float len_a, len_b; /* lengths of the two texts, e.g. in words (> 0); read by the length fit only */
} rank_vote;

typedef struct rank_opts {
	uint32_t n_boot;  /* bootstrap resamples over items (0: estimates only) */
	uint64_t seed;    /* resample b draws metrics_boot_counts(seed, b, n_items) */
	double conf;      /* interval level in (0, 1) */
	double ridge;     /* lambda >= 0: maximise loglik - lambda/2 (sum theta^2 + beta^2); 0 = ML */
} rank_opts;

/* 1000 resamples, seed 1, 95%, no ridge. */
void rank_default_opts(rank_opts *o);

/* ------------------------------------------------------------------ counts */

typedef struct rank_wtl {
	uint32_t wins, ties, losses; /* ties include "both unacceptable" */
	uint32_t much;               /* wins by "much better" */
	uint32_t both_bad;           /* ties that were "both unacceptable" */
	uint32_t shown_left;         /* votes with this model as A */
} rank_wtl;

/* Per-model counts into per_model[0..n_models) (caller's array); when pair_wins is not NULL it
 * gets n_models^2 counts, pair_wins[i * n_models + j] = votes where i beat j, and pair_ties
 * likewise the ties between i and j (symmetric).  GV_EINVAL for invalid votes (outputs zeroed),
 * GV_MISSING for n = 0. */
gv_status rank_counts(const rank_vote *v, size_t n, uint16_t n_models, rank_wtl *per_model, uint32_t *pair_wins,
		      uint32_t *pair_ties);

/* ------------------------------------------------------------------ Bradley-Terry */

typedef struct rank_bt {
	gv_status st;                 /* of the fit on the data: GV_OK, GV_EINVAL (no finite
					 maximiser), GV_MISSING (no vote; no length variation for the
					 length fit) */
	uint16_t n_models;
	int length_control;
	double theta[RANK_MAX_MODELS];  /* centred log-strengths (sum 0) */
	double lo[RANK_MAX_MODELS];     /* bootstrap percentile interval of each theta */
	double hi[RANK_MAX_MODELS];
	/* Length fit: p(i beats j) = 1 / (1 + exp(-(theta_i - theta_j + beta x_ij))), with
	 * x_ij = d_ij / s, d_ij = (len_i - len_j) / (len_i + len_j) the normalised length difference
	 * of Chatbot Arena's style control (Li, Chiang et al., "Does style matter? Disentangling
	 * style and substance in Chatbot Arena", LMSYS blog, Aug 2024) and s = sqrt(mean of d^2 over
	 * the votes) (Arena standardises the feature; we scale by the root mean square without
	 * centring, so the fit does not depend on which side was shown left).  beta > 0: the longer
	 * text wins more often than the models' strengths explain. */
	double beta, beta_lo, beta_hi;  /* per RMS of d (0 and NAN for the plain fit) */
	double beta_raw;                /* beta / s: per unit of d */
	double length_rms;              /* s */
	double loglik;                  /* at the maximum (ties as half wins) */
	int iterations;                 /* Newton steps of the fit on the data */
	uint32_t n_boot, n_undef;       /* resamples fitted / without a finite maximiser */
} rank_bt;

/* Fit the plain (length_control = 0) or length-controlled (1) model to votes v[0..n) over
 * n_items items and n_models (2..RANK_MAX_MODELS) models, with bootstrap intervals over items
 * (each resample is fitted by the same method, started from the estimate; resamples without a
 * finite maximiser are counted in n_undef and left out).  Returns GV_OK with out->st the fit's
 * status (theta, lo, hi, beta NAN unless it is GV_OK), or GV_EINVAL / GV_ENOMEM for bad input or
 * memory (out->st the same). */
gv_status rank_bt_fit(const rank_vote *v, size_t n, uint32_t n_items, uint16_t n_models, int length_control,
		      const rank_opts *o, rank_bt *out);

/* Chatbot Arena's Elo-like scale: 1000 + 400 theta / ln 10 (so a 400-point gap is 10:1 odds). */
double rank_elo(double theta);

/* ------------------------------------------------------------------ position bias */

typedef struct rank_position {
	uint32_t decisive;        /* votes with a winner */
	uint32_t left_wins;       /* of them, won by the side shown as A (left) */
	metrics_ci left_share;    /* left_wins / decisive with a bootstrap interval over items;
				     0.5 when the side does not matter (models are shown left about
				     half the time each) */
	/* Consistency under swapping (Zheng et al., "Judging LLM-as-a-judge with MT-Bench and
	 * Chatbot Arena", NeurIPS 2023, sec. 3.3): pairs of votes by the same rater on the same item
	 * with the two sides swapped. */
	uint32_t swap_pairs;
	uint32_t swap_same;       /* the same model preferred both times, or a tie both times */
	uint32_t swap_flipped;    /* opposite models preferred: the choice followed the side */
	uint32_t swap_to_tie;     /* a tie one time, a preference the other */
} rank_position;

/* Position bias of votes v[0..n).  Every pair of one rater's votes on one item whose sides are
 * swapped counts once in the swap counts.  GV_EINVAL for invalid votes, GV_MISSING for n = 0
 * (out zeroed, left_share GV_MISSING); otherwise GV_OK (left_share.st GV_MISSING when no vote was
 * decisive). */
gv_status rank_position_bias(const rank_vote *v, size_t n, uint32_t n_items, const rank_opts *o, rank_position *out);

/* ------------------------------------------------------------------ means and rates */

/* One observation for rank_ratio: a number num out of den, for a group, on an item.
 * Mean score per axis per model: group = model * n_axes + axis, num = the score, den = 1.
 * Contradicted-claim rate per model: group = model, num = contradicted claims, den = claims.
 * Omitted-flag rate: num = flags the summary omitted, den = flags the engine raised. */
typedef struct rank_obs {
	uint32_t item;   /* bootstrap unit, < n_items */
	uint32_t group;  /* < n_groups */
	double num, den; /* finite, den >= 0 */
} rank_obs;

/* For each group g, the ratio of sums sum num / sum den over its observations (a mean when every
 * den is 1), with a bootstrap percentile interval over items (resamples where the group's den
 * sums to 0 count in n_undef).  out[0..n_groups) is the caller's; a group with no den gets
 * st = GV_MISSING.  Returns GV_EINVAL for invalid observations, GV_ENOMEM, else GV_OK. */
gv_status rank_ratio(const rank_obs *obs, size_t n, uint32_t n_items, uint32_t n_groups, const rank_opts *o,
		     metrics_ci *out);

/* ------------------------------------------------------------------ all at once */

typedef struct rank_report {
	rank_wtl wtl[RANK_MAX_MODELS]; /* rank_counts */
	rank_bt plain;                 /* rank_bt_fit, length_control 0 */
	rank_bt length;                /* rank_bt_fit, length_control 1 (st GV_MISSING if not asked) */
	rank_position position;        /* rank_position_bias */
} rank_report;

/* Everything `growthview stats` shows from votes v[0..n) and observations obs[0..n_obs), with one
 * set of resampled items for all of it (faster than the separate calls, same results): counts, the
 * plain fit, the length-controlled fit when length_control is non-zero (lengths are then checked),
 * position bias, and, when n_groups > 0, rank_ratio of obs into ratio[0..n_groups).  Returns
 * GV_EINVAL for invalid votes, observations or options, GV_ENOMEM, else GV_OK with each part's own
 * status inside (GV_MISSING for n = 0). */
gv_status rank_compute(const rank_vote *v, size_t n, uint32_t n_items, uint16_t n_models, int length_control,
		       const rank_obs *obs, size_t n_obs, uint32_t n_groups, metrics_ci *ratio, const rank_opts *o,
		       rank_report *out);

#endif
