/* rank.c — win/tie/loss counts, Bradley-Terry fits (plain and length-controlled) with bootstrap
 * intervals, position bias, per-group ratios.  Definitions and sources in rank.h. */
#include "core/rank.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void rank_default_opts(rank_opts *o)
{
	o->n_boot = 1000;
	o->seed = 1;
	o->conf = 0.95;
	o->ridge = 0;
}

double rank_elo(double theta)
{
	return 1000.0 + 400.0 * theta / log(10.0); /* Elo's logistic scale: 400 points = odds 10 */
}

static int vote_ok(const rank_vote *v, uint32_t n_items, uint16_t M)
{
	return v->item < n_items && v->model_a < M && v->model_b < M && v->model_a != v->model_b &&
	       v->choice < RANK_NCHOICES;
}

/* Half-wins of side A in a vote: 2 (A better or much better), 1 (a tie or both unacceptable), 0. */
static unsigned a_half(uint8_t c)
{
	return c <= RANK_A_BETTER ? 2u : c == RANK_TIE || c == RANK_BOTH_BAD ? 1u : 0u;
}

/* ================================================================== counts */

gv_status rank_counts(const rank_vote *v, size_t n, uint16_t n_models, rank_wtl *per_model, uint32_t *pair_wins,
		      uint32_t *pair_ties)
{
	if (!per_model || n_models < 1 || (n > 0 && !v))
		return GV_EINVAL;
	size_t M = n_models;
	memset(per_model, 0, M * sizeof *per_model);
	if (pair_wins)
		memset(pair_wins, 0, M * M * sizeof *pair_wins);
	if (pair_ties)
		memset(pair_ties, 0, M * M * sizeof *pair_ties);
	for (size_t k = 0; k < n; k++)
		if (!vote_ok(&v[k], UINT32_MAX, n_models))
			return GV_EINVAL;
	if (n == 0)
		return GV_MISSING;
	for (size_t k = 0; k < n; k++) {
		uint16_t a = v[k].model_a, b = v[k].model_b;
		unsigned h = a_half(v[k].choice);
		per_model[a].shown_left++;
		if (h == 1) {
			per_model[a].ties++;
			per_model[b].ties++;
			if (v[k].choice == RANK_BOTH_BAD) {
				per_model[a].both_bad++;
				per_model[b].both_bad++;
			}
			if (pair_ties) {
				pair_ties[a * M + b]++;
				pair_ties[b * M + a]++;
			}
			continue;
		}
		uint16_t w = h == 2 ? a : b, l = h == 2 ? b : a;
		per_model[w].wins++;
		per_model[l].losses++;
		if (v[k].choice == RANK_A_MUCH_BETTER || v[k].choice == RANK_B_MUCH_BETTER)
			per_model[w].much++;
		if (pair_wins)
			pair_wins[w * M + l]++;
	}
	return GV_OK;
}

/* ================================================================== Bradley-Terry */

/* Votes aggregated by (item, pair, length covariate): model i < j, n votes, w2 = twice i's wins. */
typedef struct btrec {
	uint32_t item;
	uint16_t i, j;
	uint32_t n, w2;
	double d; /* (len_i - len_j) / (len_i + len_j); 0 for the plain fit */
} btrec;

static int btrec_cmp(const void *pa, const void *pb)
{
	const btrec *a = pa, *b = pb;
	if (a->item != b->item)
		return a->item < b->item ? -1 : 1;
	if (a->i != b->i)
		return a->i < b->i ? -1 : 1;
	if (a->j != b->j)
		return a->j < b->j ? -1 : 1;
	return (a->d > b->d) - (a->d < b->d);
}

/* The problem the Newton solver sees: either pair sums (plain) or records (with covariate). */
typedef struct bt_problem {
	int M, cov;
	double ridge;
	const double *W;    /* M x M: W[i*M+j] = (half-win counted) wins of i over j */
	const double *N;    /* M x M, i < j: votes between i and j */
	size_t nr;          /* records (cov) */
	const uint16_t *ri, *rj;
	const double *rx, *ry, *rn; /* covariate, wins of ri, votes (all weighted) */
} bt_problem;

/* log sigma(z), computed without overflow. */
static double log_sigmoid(double z)
{
	return z >= 0 ? -log1p(exp(-z)) : z - log1p(exp(z));
}

static double sigmoid(double z)
{
	if (z >= 0)
		return 1.0 / (1.0 + exp(-z));
	double e = exp(z);
	return e / (1.0 + e);
}

/* Gradient g and A = -Hessian of the penalised log-likelihood at (theta, beta) = par[0..D). */
static void bt_eval(const bt_problem *P, const double *par, double *g, double *A, double *loglik)
{
	int M = P->M, D = M + P->cov;
	memset(g, 0, (size_t)D * sizeof *g);
	memset(A, 0, (size_t)D * D * sizeof *A);
	double ll = 0;
	if (!P->cov) {
		/* sum over pairs of W_ij log p_ij + W_ji log p_ji, p_ij = sigma(theta_i - theta_j) */
		for (int i = 0; i < M; i++)
			for (int j = i + 1; j < M; j++) {
				double n = P->N[i * M + j];
				if (n == 0)
					continue;
				double z = par[i] - par[j], p = sigmoid(z), wij = P->W[i * M + j];
				double r = wij - n * p, h = n * p * (1 - p);
				g[i] += r;
				g[j] -= r;
				A[i * D + i] += h;
				A[j * D + j] += h;
				A[i * D + j] -= h;
				A[j * D + i] -= h;
				if (loglik)
					ll += wij * log_sigmoid(z) + (n - wij) * log_sigmoid(-z);
			}
	} else {
		/* records: p = sigma(theta_i - theta_j + beta x) (rank.h, the length fit) */
		double beta = par[M], gb = 0, hbb = 0;
		double *hx = A + (size_t)M * D; /* row M, used as scratch for sum h x per model */
		for (size_t k = 0; k < P->nr; k++) {
			int i = P->ri[k], j = P->rj[k];
			double x = P->rx[k], z = par[i] - par[j] + beta * x, p = sigmoid(z), n = P->rn[k];
			double r = P->ry[k] - n * p, h = n * p * (1 - p);
			g[i] += r;
			g[j] -= r;
			gb += r * x;
			A[i * D + i] += h;
			A[j * D + j] += h;
			A[i * D + j] -= h;
			A[j * D + i] -= h;
			hx[i] += h * x;
			hx[j] -= h * x;
			hbb += h * x * x;
			if (loglik)
				ll += P->ry[k] * log_sigmoid(z) + (n - P->ry[k]) * log_sigmoid(-z);
		}
		g[M] = gb;
		for (int i = 0; i < M; i++)
			A[i * D + M] = hx[i];
		A[(size_t)M * D + M] = hbb;
	}
	/* scale: - (sum theta)^2 / 2; ridge: - lambda/2 |par|^2 */
	double s = 0;
	for (int i = 0; i < M; i++)
		s += par[i];
	for (int i = 0; i < M; i++) {
		g[i] -= s + P->ridge * par[i];
		for (int j = 0; j < M; j++)
			A[i * D + j] += 1;
		A[i * D + i] += P->ridge;
	}
	if (P->cov) {
		g[M] -= P->ridge * par[M];
		A[(size_t)M * D + M] += P->ridge;
	}
	if (loglik)
		*loglik = ll;
}

/* Solve A x = b for symmetric positive definite A (D x D, its lower triangle overwritten by the
 * Cholesky factor).  0 when A is not positive definite. */
static int chol_solve(double *A, int D, const double *b, double *x)
{
	for (int j = 0; j < D; j++) {
		double s = A[j * D + j];
		for (int k = 0; k < j; k++)
			s -= A[j * D + k] * A[j * D + k];
		if (!(s > 1e-300))
			return 0;
		double l = sqrt(s);
		A[j * D + j] = l;
		for (int i = j + 1; i < D; i++) {
			double t = A[j * D + i]; /* upper triangle still holds A */
			for (int k = 0; k < j; k++)
				t -= A[i * D + k] * A[j * D + k];
			A[i * D + j] = t / l;
		}
	}
	for (int i = 0; i < D; i++) {
		double t = b[i];
		for (int k = 0; k < i; k++)
			t -= A[i * D + k] * x[k];
		x[i] = t / A[i * D + i];
	}
	for (int i = D - 1; i >= 0; i--) {
		double t = x[i];
		for (int k = i + 1; k < D; k++)
			t -= A[k * D + i] * x[k];
		x[i] = t / A[i * D + i];
	}
	return 1;
}

/* Newton with a derivative line search (rank.h).  par[0..D) holds the start and gets the
 * maximiser.  work holds 2 D^2 + 4 D doubles.  GV_EINVAL when there is no finite maximiser. */
static gv_status bt_newton(const bt_problem *P, double *par, double *work, int *iters)
{
	int M = P->M, D = M + P->cov;
	double *A = work, *A2 = A + (size_t)D * D, *g = A2 + (size_t)D * D, *g2 = g + D, *dx = g2 + D, *np = dx + D;
	bt_eval(P, par, g, A, NULL);
	for (int it = 1; it <= 200; it++) {
		if (!chol_solve(A, D, g, dx))
			return GV_EINVAL;
		double big = 0;
		for (int k = 0; k < D; k++)
			big = fmax(big, fabs(dx[k]));
		/* Near the maximum Newton converges quadratically: once the full step is below 1e-7
		 * the error after it is of order 1e-14; take it and stop. */
		if (big < 1e-7) {
			for (int k = 0; k < D; k++)
				par[k] += dx[k];
			if (iters)
				*iters = it;
			return GV_OK;
		}
		double t = 1;
		for (int half = 0;; half++) {
			for (int k = 0; k < D; k++)
				np[k] = par[k] + t * dx[k];
			bt_eval(P, np, g2, A2, NULL);
			double slope = 0;
			for (int k = 0; k < D; k++)
				slope += g2[k] * dx[k];
			/* phi(t) = Q(par + t dx) is concave with phi'(0) > 0; phi'(t) >= 0 means
			 * phi rose all the way to t */
			if (slope >= 0 || half == 30)
				break;
			t /= 2;
		}
		memcpy(par, np, (size_t)D * sizeof *par);
		double *sw = A;
		A = A2;
		A2 = sw;
		memcpy(g, g2, (size_t)D * sizeof *g);
		for (int k = 0; k < M; k++)
			if (fabs(par[k]) > 60) /* odds of e^60: a strength running off to infinity */
				return GV_EINVAL;
		if (P->cov && fabs(par[M]) > 1e6)
			return GV_EINVAL;
	}
	return GV_EINVAL;
}

/* Ford's condition: the graph i -> j when W[i*M+j] > 0 is strongly connected (all models reach
 * model 0 and model 0 reaches all). */
static int ford_ok(const double *W, int M)
{
	for (int dir = 0; dir < 2; dir++) {
		unsigned char seen[RANK_MAX_MODELS] = {0};
		int stack[RANK_MAX_MODELS], sp = 0, nseen = 1;
		seen[0] = 1;
		stack[sp++] = 0;
		while (sp) {
			int u = stack[--sp];
			for (int w = 0; w < M; w++) {
				double e = dir ? W[u * M + w] : W[w * M + u];
				if (!seen[w] && e > 0) {
					seen[w] = 1;
					nseen++;
					stack[sp++] = w;
				}
			}
		}
		if (nseen != M)
			return 0;
	}
	return 1;
}

/* Everything one fit needs, built from the records with weights cnt (NULL = 1 each). */
typedef struct bt_work {
	int M, cov;
	double s; /* length RMS */
	size_t nrec;
	const btrec *rec;
	double *W, *N;
	uint16_t *ri, *rj;
	double *rx, *ry, *rn;
	double *work;
} bt_work;

static void bt_build(bt_work *w, const uint32_t *cnt, bt_problem *P, double ridge)
{
	int M = w->M;
	memset(w->W, 0, (size_t)M * M * sizeof *w->W);
	memset(w->N, 0, (size_t)M * M * sizeof *w->N);
	size_t nr = 0;
	for (size_t k = 0; k < w->nrec; k++) {
		const btrec *r = &w->rec[k];
		double c = cnt ? cnt[r->item] : 1;
		if (c == 0)
			continue;
		double n = c * r->n, wi = c * r->w2 / 2.0;
		w->N[r->i * M + r->j] += n;
		w->W[r->i * M + r->j] += wi;
		w->W[r->j * M + r->i] += n - wi;
		if (w->cov) {
			w->ri[nr] = r->i;
			w->rj[nr] = r->j;
			w->rx[nr] = r->d / w->s;
			w->ry[nr] = wi;
			w->rn[nr] = n;
			nr++;
		}
	}
	P->M = M;
	P->cov = w->cov;
	P->ridge = ridge;
	P->W = w->W;
	P->N = w->N;
	P->nr = nr;
	P->ri = w->ri;
	P->rj = w->rj;
	P->rx = w->rx;
	P->ry = w->ry;
	P->rn = w->rn;
}

static void bt_nan(rank_bt *out)
{
	for (int k = 0; k < RANK_MAX_MODELS; k++)
		out->theta[k] = out->lo[k] = out->hi[k] = NAN;
	out->beta = out->beta_lo = out->beta_hi = out->beta_raw = NAN;
	out->loglik = NAN;
}

gv_status rank_bt_fit(const rank_vote *v, size_t n, uint32_t n_items, uint16_t n_models, int length_control,
		      const rank_opts *o, rank_bt *out)
{
	if (!out)
		return GV_EINVAL;
	memset(out, 0, sizeof *out);
	bt_nan(out);
	out->n_models = n_models;
	out->length_control = length_control != 0;
	out->st = GV_EINVAL;
	if (!o || !(o->conf > 0 && o->conf < 1) || !(o->ridge >= 0 && isfinite(o->ridge)) || n_models < 2 ||
	    n_models > RANK_MAX_MODELS || (n > 0 && !v))
		return GV_EINVAL;
	int cov = length_control != 0;
	for (size_t k = 0; k < n; k++) {
		if (!vote_ok(&v[k], n_items, n_models))
			return GV_EINVAL;
		if (cov && !(isfinite(v[k].len_a) && isfinite(v[k].len_b) && v[k].len_a > 0 && v[k].len_b > 0))
			return GV_EINVAL;
	}
	if (n == 0) {
		out->st = GV_MISSING;
		return GV_OK;
	}
	int M = n_models, D = M + cov;
	size_t B = o->n_boot;
	gv_status st = GV_ENOMEM;
	bt_work w = {0};
	w.M = M;
	w.cov = cov;
	btrec *rec = malloc(n * sizeof *rec);
	uint32_t *cnt = malloc((n_items ? n_items : 1) * sizeof *cnt);
	double *boot = malloc((B ? B : 1) * (size_t)D * sizeof *boot), *col = malloc((B ? B : 1) * sizeof *col);
	w.W = malloc((size_t)M * M * sizeof *w.W);
	w.N = malloc((size_t)M * M * sizeof *w.N);
	w.work = malloc((2 * (size_t)D * D + 4 * (size_t)D) * sizeof *w.work);
	if (!rec || !cnt || !boot || !col || !w.W || !w.N || !w.work)
		goto out;
	/* one record per vote in model order (i < j), the length difference oriented i - j */
	double sumsq = 0;
	for (size_t k = 0; k < n; k++) {
		const rank_vote *x = &v[k];
		int a_low = x->model_a < x->model_b;
		btrec *r = &rec[k];
		r->item = x->item;
		r->i = a_low ? x->model_a : x->model_b;
		r->j = a_low ? x->model_b : x->model_a;
		r->n = 1;
		unsigned ha = a_half(x->choice);
		r->w2 = a_low ? ha : 2 - ha;
		r->d = 0;
		if (cov) {
			double li = a_low ? x->len_a : x->len_b, lj = a_low ? x->len_b : x->len_a;
			r->d = (li - lj) / (li + lj);
			sumsq += r->d * r->d;
		}
	}
	/* aggregate identical (item, pair, d) */
	qsort(rec, n, sizeof *rec, btrec_cmp);
	size_t nrec = 0;
	for (size_t k = 0; k < n; k++) {
		if (nrec > 0 && btrec_cmp(&rec[nrec - 1], &rec[k]) == 0) {
			rec[nrec - 1].n += rec[k].n;
			rec[nrec - 1].w2 += rec[k].w2;
		} else {
			rec[nrec++] = rec[k];
		}
	}
	w.rec = rec;
	w.nrec = nrec;
	if (cov) {
		w.s = sqrt(sumsq / (double)n);
		out->length_rms = w.s;
		if (!(w.s > 0)) {
			out->st = GV_MISSING; /* every pair of texts equally long: beta not identifiable */
			st = GV_OK;
			goto out;
		}
		w.ri = malloc(nrec * sizeof *w.ri);
		w.rj = malloc(nrec * sizeof *w.rj);
		w.rx = malloc(nrec * sizeof *w.rx);
		w.ry = malloc(nrec * sizeof *w.ry);
		w.rn = malloc(nrec * sizeof *w.rn);
		if (!w.ri || !w.rj || !w.rx || !w.ry || !w.rn)
			goto out;
	}
	/* the fit on the data */
	bt_problem P;
	bt_build(&w, NULL, &P, o->ridge);
	double est[RANK_MAX_MODELS + 1] = {0};
	if (o->ridge == 0 && !ford_ok(w.W, M)) {
		out->st = GV_EINVAL;
		st = GV_OK;
		goto out;
	}
	out->st = bt_newton(&P, est, w.work, &out->iterations);
	if (out->st != GV_OK) {
		st = GV_OK;
		goto out;
	}
	{
		double *scr = w.work, ll;
		bt_eval(&P, est, scr, scr + D, &ll);
		out->loglik = ll;
	}
	for (int k = 0; k < M; k++)
		out->theta[k] = est[k];
	if (cov) {
		out->beta = est[M];
		out->beta_raw = est[M] / w.s;
	} else {
		out->beta = 0;
		out->beta_raw = 0;
	}
	/* bootstrap over items, each resample started from the estimate */
	size_t nb = 0;
	for (size_t b = 0; b < B; b++) {
		metrics_boot_counts(o->seed, (uint32_t)b, n_items, cnt);
		bt_build(&w, cnt, &P, o->ridge);
		double par[RANK_MAX_MODELS + 1];
		memcpy(par, est, (size_t)D * sizeof *par);
		if ((o->ridge == 0 && !ford_ok(w.W, M)) || bt_newton(&P, par, w.work, NULL) != GV_OK) {
			out->n_undef++;
			continue;
		}
		memcpy(boot + nb * (size_t)D, par, (size_t)D * sizeof *par);
		nb++;
	}
	out->n_boot = (uint32_t)nb;
	for (int k = 0; k < D; k++) {
		metrics_ci ci;
		for (size_t b = 0; b < nb; b++)
			col[b] = boot[b * (size_t)D + k];
		metrics_ci_set(&ci, GV_OK, est[k], col, nb, out->n_undef, o->conf);
		if (k < M) {
			out->lo[k] = ci.lo;
			out->hi[k] = ci.hi;
		} else {
			out->beta_lo = ci.lo;
			out->beta_hi = ci.hi;
		}
	}
	st = GV_OK;
out:
	free(rec);
	free(cnt);
	free(boot);
	free(col);
	free(w.W);
	free(w.N);
	free(w.work);
	free(w.ri);
	free(w.rj);
	free(w.rx);
	free(w.ry);
	free(w.rn);
	if (st != GV_OK)
		out->st = st;
	if (out->st != GV_OK) {
		double rms = out->length_rms;
		bt_nan(out);
		out->length_rms = rms;
	}
	return st;
}

/* ================================================================== position bias */

typedef struct swapkey {
	uint32_t rater, item, idx;
} swapkey;

static int swapkey_cmp(const void *pa, const void *pb)
{
	const swapkey *a = pa, *b = pb;
	if (a->rater != b->rater)
		return a->rater < b->rater ? -1 : 1;
	if (a->item != b->item)
		return a->item < b->item ? -1 : 1;
	return (a->idx > b->idx) - (a->idx < b->idx);
}

/* The model a vote preferred, or -1 for a tie. */
static int preferred(const rank_vote *v)
{
	unsigned h = a_half(v->choice);
	return h == 2 ? v->model_a : h == 0 ? v->model_b : -1;
}

gv_status rank_position_bias(const rank_vote *v, size_t n, uint32_t n_items, const rank_opts *o, rank_position *out)
{
	if (!out)
		return GV_EINVAL;
	memset(out, 0, sizeof *out);
	metrics_ci_set(&out->left_share, GV_MISSING, 0, NULL, 0, 0, 0.95);
	if (!o || !(o->conf > 0 && o->conf < 1) || (n > 0 && !v))
		return GV_EINVAL;
	for (size_t k = 0; k < n; k++)
		if (!vote_ok(&v[k], n_items, UINT16_MAX))
			return GV_EINVAL;
	if (n == 0)
		return GV_MISSING;
	gv_status st = GV_ENOMEM;
	uint32_t *dec = calloc(n_items, sizeof *dec), *lw = calloc(n_items, sizeof *lw);
	uint32_t *cnt = malloc(n_items * sizeof *cnt);
	double *boot = malloc((o->n_boot ? o->n_boot : 1) * sizeof *boot);
	swapkey *sk = malloc(n * sizeof *sk);
	if (!dec || !lw || !cnt || !boot || !sk)
		goto out;
	for (size_t k = 0; k < n; k++) {
		unsigned h = a_half(v[k].choice);
		if (h == 1)
			continue;
		dec[v[k].item]++;
		out->decisive++;
		if (h == 2) {
			lw[v[k].item]++;
			out->left_wins++;
		}
	}
	/* share of decisive votes won by the left side, resampling items */
	if (out->decisive > 0) {
		size_t nb = 0;
		uint32_t nu = 0;
		for (uint32_t b = 0; b < o->n_boot; b++) {
			metrics_boot_counts(o->seed, b, n_items, cnt);
			double sd = 0, sl = 0;
			for (uint32_t i = 0; i < n_items; i++) {
				sd += (double)cnt[i] * dec[i];
				sl += (double)cnt[i] * lw[i];
			}
			if (sd > 0)
				boot[nb++] = sl / sd;
			else
				nu++;
		}
		metrics_ci_set(&out->left_share, GV_OK, (double)out->left_wins / out->decisive, boot, nb, nu, o->conf);
	}
	/* one rater, one item, sides swapped */
	for (size_t k = 0; k < n; k++) {
		sk[k].rater = v[k].rater;
		sk[k].item = v[k].item;
		sk[k].idx = (uint32_t)k;
	}
	qsort(sk, n, sizeof *sk, swapkey_cmp);
	for (size_t s = 0; s < n;) {
		size_t e = s + 1;
		while (e < n && sk[e].rater == sk[s].rater && sk[e].item == sk[s].item)
			e++;
		for (size_t a = s; a < e; a++)
			for (size_t b = a + 1; b < e; b++) {
				const rank_vote *x = &v[sk[a].idx], *y = &v[sk[b].idx];
				if (x->model_a != y->model_b || x->model_b != y->model_a)
					continue;
				int px = preferred(x), py = preferred(y);
				out->swap_pairs++;
				if (px == py)
					out->swap_same++;
				else if (px < 0 || py < 0)
					out->swap_to_tie++;
				else
					out->swap_flipped++;
			}
		s = e;
	}
	st = GV_OK;
out:
	free(dec);
	free(lw);
	free(cnt);
	free(boot);
	free(sk);
	return st;
}

/* ================================================================== ratios */

static int obs_cmp(const void *pa, const void *pb)
{
	const rank_obs *a = pa, *b = pb;
	if (a->item != b->item)
		return a->item < b->item ? -1 : 1;
	return (a->group > b->group) - (a->group < b->group);
}

gv_status rank_ratio(const rank_obs *obs, size_t n, uint32_t n_items, uint32_t n_groups, const rank_opts *o,
		     metrics_ci *out)
{
	if (!out || n_groups == 0)
		return GV_EINVAL;
	for (uint32_t g = 0; g < n_groups; g++)
		metrics_ci_set(&out[g], GV_MISSING, 0, NULL, 0, 0, 0.95);
	if (!o || !(o->conf > 0 && o->conf < 1) || (n > 0 && !obs))
		return GV_EINVAL;
	for (size_t k = 0; k < n; k++)
		if (obs[k].item >= n_items || obs[k].group >= n_groups || !isfinite(obs[k].num) ||
		    !isfinite(obs[k].den) || obs[k].den < 0)
			return GV_EINVAL;
	size_t B = o->n_boot, G = n_groups;
	gv_status st = GV_ENOMEM;
	rank_obs *a = malloc((n ? n : 1) * sizeof *a);
	uint32_t *cnt = malloc((n_items ? n_items : 1) * sizeof *cnt);
	double *num = malloc(G * sizeof *num), *den = malloc(G * sizeof *den);
	double *boot = malloc((B ? B : 1) * G * sizeof *boot);
	uint32_t *nb = calloc(G, sizeof *nb), *nu = calloc(G, sizeof *nu);
	if (!a || !cnt || !num || !den || !boot || !nb || !nu)
		goto out;
	/* aggregate (item, group): one record each, in item order */
	memcpy(a, obs, n * sizeof *a);
	qsort(a, n, sizeof *a, obs_cmp);
	size_t m = 0;
	for (size_t k = 0; k < n; k++) {
		if (m > 0 && a[m - 1].item == a[k].item && a[m - 1].group == a[k].group) {
			a[m - 1].num += a[k].num;
			a[m - 1].den += a[k].den;
		} else {
			a[m++] = a[k];
		}
	}
	memset(num, 0, G * sizeof *num);
	memset(den, 0, G * sizeof *den);
	for (size_t k = 0; k < m; k++) {
		num[a[k].group] += a[k].num;
		den[a[k].group] += a[k].den;
	}
	double *est = malloc(G * sizeof *est);
	gv_status *est_st = malloc(G * sizeof *est_st);
	if (!est || !est_st) {
		free(est);
		free(est_st);
		goto out;
	}
	for (size_t g = 0; g < G; g++) {
		est_st[g] = den[g] > 0 ? GV_OK : GV_MISSING;
		est[g] = den[g] > 0 ? num[g] / den[g] : 0;
	}
	for (size_t b = 0; b < B; b++) {
		metrics_boot_counts(o->seed, (uint32_t)b, n_items, cnt);
		memset(num, 0, G * sizeof *num);
		memset(den, 0, G * sizeof *den);
		for (size_t k = 0; k < m; k++) {
			uint32_t c = cnt[a[k].item];
			if (c) {
				num[a[k].group] += c * a[k].num;
				den[a[k].group] += c * a[k].den;
			}
		}
		for (size_t g = 0; g < G; g++) {
			if (den[g] > 0)
				boot[g * B + nb[g]++] = num[g] / den[g];
			else
				nu[g]++;
		}
	}
	for (size_t g = 0; g < G; g++)
		metrics_ci_set(&out[g], est_st[g], est[g], boot + g * B, nb[g], nu[g], o->conf);
	free(est);
	free(est_st);
	st = GV_OK;
out:
	free(a);
	free(cnt);
	free(num);
	free(den);
	free(boot);
	free(nb);
	free(nu);
	return st;
}
