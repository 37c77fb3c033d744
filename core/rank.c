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

/* ================================================================== validation */

static gv_status check_votes(const rank_vote *v, size_t n, uint32_t n_items, uint16_t M, int lengths)
{
	if (n > 0 && !v)
		return GV_EINVAL;
	for (size_t k = 0; k < n; k++) {
		if (!vote_ok(&v[k], n_items, M))
			return GV_EINVAL;
		if (lengths && !(isfinite(v[k].len_a) && isfinite(v[k].len_b) && v[k].len_a > 0 && v[k].len_b > 0))
			return GV_EINVAL;
	}
	return GV_OK;
}

static int opts_ok(const rank_opts *o)
{
	return o && o->conf > 0 && o->conf < 1 && o->ridge >= 0 && isfinite(o->ridge);
}

/* ================================================================== the Bradley-Terry problem */

/* Per-pair sums of the terms of the gradient and of -Hessian (rank.h's model):
 * g = sum (wins - n p), h = sum n p (1 - p), hx = sum n p (1 - p) x. */
typedef struct pacc {
	double g, h, hx;
} pacc;

typedef struct bt_prob {
	int M, cov, D, np;
	double ridge;
	const uint16_t *pi, *pj; /* pair p is models pi[p] < pj[p] */
	/* plain: per pair */
	const double *pn, *pw;   /* votes, wins of pi (a tie half) */
	/* with covariate: the records in use */
	size_t nr;
	const uint16_t *rp;
	const double *rx, *ry, *rn; /* covariate, wins of pi, votes */
	double xmax;             /* max |x| over the records */
	double *q;               /* nr, scratch: the records' probabilities */
	pacc *acc;               /* np, scratch */
} bt_prob;

/* sigma(z) = 1 / (1 + e^-z), branch-free: e^-z overflows to +inf for z < -709 and then gives 0. */
static double sigmoid(double z)
{
	return 1.0 / (1.0 + exp(-z));
}

/* log sigma(z), computed without overflow. */
static double log_sigmoid(double z)
{
	return z >= 0 ? -log1p(exp(-z)) : z - log1p(exp(z));
}

/* g and A = -Hessian of the penalised log-likelihood from the per-pair sums acc and the covariate
 * sums gb = sum r x, hbb = sum h x^2 (the scale penalty (sum theta)^2/2 and the ridge added). */
static void bt_fold(const bt_prob *P, const double *par, double gb, double hbb, double *g, double *A)
{
	int M = P->M, D = P->D;
	memset(g, 0, (size_t)D * sizeof *g);
	memset(A, 0, (size_t)D * D * sizeof *A);
	for (int p = 0; p < P->np; p++) {
		int i = P->pi[p], j = P->pj[p];
		const pacc *a = &P->acc[p];
		g[i] += a->g;
		g[j] -= a->g;
		A[i * D + i] += a->h;
		A[j * D + j] += a->h;
		A[i * D + j] -= a->h;
		A[j * D + i] -= a->h;
		if (P->cov) {
			A[i * D + M] += a->hx;
			A[j * D + M] -= a->hx;
		}
	}
	if (P->cov) {
		for (int i = 0; i < M; i++)
			A[M * D + i] = A[i * D + M];
		g[M] = gb - P->ridge * par[M];
		A[M * D + M] = hbb + P->ridge;
	}
	double s = 0;
	for (int i = 0; i < M; i++)
		s += par[i];
	for (int i = 0; i < M; i++) {
		g[i] -= s + P->ridge * par[i];
		for (int j = 0; j < M; j++)
			A[i * D + j] += 1;
		A[i * D + i] += P->ridge;
	}
}

/* g and A at par; *loglik (when not NULL) the log-likelihood, ties as half wins. */
static void bt_eval(const bt_prob *P, const double *par, double *g, double *A, double *loglik)
{
	double ll = 0, gb = 0, hbb = 0;
	memset(P->acc, 0, (size_t)P->np * sizeof *P->acc);
	if (!P->cov) {
		for (int p = 0; p < P->np; p++) {
			double n = P->pn[p];
			if (n == 0)
				continue;
			double z = par[P->pi[p]] - par[P->pj[p]], q = sigmoid(z), w = P->pw[p];
			P->acc[p].g = w - n * q;
			P->acc[p].h = n * q * (1 - q);
			if (loglik)
				ll += w * log_sigmoid(z) + (n - w) * log_sigmoid(-z);
		}
	} else {
		/* theta_i - theta_j per pair once; then the probabilities (the loop with the exp calls,
		 * which keeps little alive across them), then the sums (no calls: all in registers) */
		double beta = par[P->M], dth[RANK_MAX_MODELS * (RANK_MAX_MODELS - 1) / 2];
		for (int p = 0; p < P->np; p++)
			dth[p] = par[P->pi[p]] - par[P->pj[p]];
		const uint16_t *restrict rp = P->rp;
		const double *restrict rx = P->rx, *restrict ry = P->ry, *restrict rn = P->rn;
		double *restrict q = P->q;
		size_t nr = P->nr;
		for (size_t k = 0; k < nr; k++)
			q[k] = sigmoid(dth[rp[k]] + beta * rx[k]);
		pacc *restrict acc = P->acc;
		for (size_t k = 0; k < nr; k++) {
			double x = rx[k], n = rn[k], qk = q[k];
			double r = ry[k] - n * qk, h = n * qk * (1 - qk);
			pacc *a = &acc[rp[k]];
			a->g += r;
			a->h += h;
			a->hx += h * x;
			gb += r * x;
			hbb += h * x * x;
		}
		if (loglik)
			for (size_t k = 0; k < nr; k++) {
				double z = dth[rp[k]] + beta * rx[k];
				ll += ry[k] * log_sigmoid(z) + (rn[k] - ry[k]) * log_sigmoid(-z);
			}
	}
	bt_fold(P, par, gb, hbb, g, A);
	if (loglik)
		*loglik = ll;
}

/* Solve A x = b for symmetric positive definite A (D x D; its lower triangle and diagonal are
 * overwritten by the Cholesky factor).  0 when A is not positive definite. */
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
			double t = A[j * D + i]; /* the upper triangle still holds A */
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

/* Newton's method (rank.h).  On entry par holds the start and g, A (inside work) the gradient and
 * -Hessian there.  work: 2 D^2 + 4 D doubles, g at work + 2 D^2, A at work.  GV_EINVAL when there
 * is no finite maximiser. */
static gv_status bt_newton(const bt_prob *P, double *par, double *work, double tol, int *iters)
{
	int M = P->M, D = P->D;
	double *A = work, *A2 = A + (size_t)D * D, *g = A2 + (size_t)D * D, *g2 = g + D, *dx = g2 + D, *np = dx + D;
	for (int it = 1; it <= 200; it++) {
		if (!chol_solve(A, D, g, dx))
			return GV_EINVAL;
		double big = 0;
		for (int k = 0; k < D; k++)
			big = fmax(big, fabs(dx[k]));
		if (big < tol) {
			for (int k = 0; k < D; k++)
				par[k] += dx[k];
			if (iters)
				*iters = it;
			return GV_OK;
		}
		/* How far the step moves any vote's linear predictor eta = theta_i - theta_j + beta x:
		 * at most 2 max|d theta| + |d beta| max|x|.  The curvature of a vote's term,
		 * n p (1 - p), changes by at most a factor e^|d eta| (d/d eta log p(1-p) = 1 - 2p lies in
		 * [-1, 1]: the logistic loss is self-concordant in Bach's generalised sense, Electron. J.
		 * Statist. 2010;4:384), so below 0.5 the quadratic model is good over the whole step and
		 * it is taken whole (the pure Newton phase).  Otherwise the step is halved until the
		 * directional derivative at its end is still >= 0. */
		double dth = 0;
		for (int k = 0; k < M; k++)
			dth = fmax(dth, fabs(dx[k]));
		double deta = 2 * dth + (P->cov ? fabs(dx[M]) * P->xmax : 0);
		double t = 1;
		for (int half = 0;; half++) {
			for (int k = 0; k < D; k++)
				np[k] = par[k] + t * dx[k];
			bt_eval(P, np, g2, A2, NULL);
			if (half == 0 && deta <= 0.5)
				break;
			double slope = 0;
			for (int k = 0; k < D; k++)
				slope += g2[k] * dx[k];
			if (slope >= 0 || half == 40)
				break; /* phi(t) = Q(par + t dx) concave, phi'(t) >= 0: Q rose up to t */
			t /= 2;
		}
		memcpy(par, np, (size_t)D * sizeof *par);
		memcpy(A, A2, (size_t)D * D * sizeof *A);
		memcpy(g, g2, (size_t)D * sizeof *g);
		for (int k = 0; k < M; k++)
			if (fabs(par[k]) > 60) /* odds of e^60: a strength running off to infinity */
				return GV_EINVAL;
		if (P->cov && fabs(par[M]) > 1e6)
			return GV_EINVAL;
	}
	return GV_EINVAL;
}

/* Ford's condition: the graph i -> j when W[i*M+j] > 0 is strongly connected. */
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

/* ================================================================== the Bradley-Terry engine */

/* Votes aggregated by (item, pair, length difference): one record. */
typedef struct btrec {
	uint32_t item;
	uint16_t pair;
	uint32_t n, w2; /* votes, twice the wins of the pair's first model */
	double d;       /* (len_i - len_j) / (len_i + len_j), i the first model; 0 for the plain fit */
} btrec;

static int btrec_cmp(const void *pa, const void *pb)
{
	const btrec *a = pa, *b = pb;
	if (a->item != b->item)
		return a->item < b->item ? -1 : 1;
	if (a->pair != b->pair)
		return a->pair < b->pair ? -1 : 1;
	return (a->d > b->d) - (a->d < b->d);
}

typedef struct bt_engine {
	int on, cov, M, D, np;
	rank_bt *out;
	double tol_boot;
	size_t nrec;              /* records, sorted by item, as arrays: */
	uint32_t *ritem, *rvotes, *rw2; /* item, votes, twice the wins of the pair's first model */
	uint16_t *rpair;
	double *rxv;              /* the covariate x = d / s (length fit) */
	double s;                 /* RMS of d */
	double xmax;              /* max |x| */
	double *rhat, *hhat;      /* length fit: each record's r and h at the estimate, unit weight */
	uint16_t *pi, *pj, *pidx; /* pairs; pidx[i*M+j] = pair of i < j */
	double *pn, *pw, *W;      /* per pair votes and wins; M x M wins for Ford */
	uint16_t *rp;             /* drawn records (length fit) */
	double *rx, *ry, *rn, *rq;
	pacc *acc;
	double *work;
	double est[RANK_MAX_MODELS + 1];
	double *boot;             /* B x D */
	size_t nb, B;
	uint32_t nu;
} bt_engine;

static void bt_engine_free(bt_engine *e)
{
	free(e->ritem);
	free(e->rvotes);
	free(e->rw2);
	free(e->rpair);
	free(e->rxv);
	free(e->rhat);
	free(e->hhat);
	free(e->pi);
	free(e->pj);
	free(e->pidx);
	free(e->pn);
	free(e->pw);
	free(e->W);
	free(e->rp);
	free(e->rx);
	free(e->ry);
	free(e->rn);
	free(e->rq);
	free(e->acc);
	free(e->work);
	free(e->boot);
}

static void bt_nan(rank_bt *out)
{
	for (int k = 0; k < RANK_MAX_MODELS; k++)
		out->theta[k] = out->lo[k] = out->hi[k] = NAN;
	out->beta = out->beta_lo = out->beta_hi = out->beta_raw = NAN;
	out->loglik = NAN;
}

/* The problem of the records with weights cnt (NULL: 1 each): pair sums into pn, pw, W; for the
 * length fit the drawn records into rp.. and, when pre is not NULL, the per-pair sums of the
 * estimate's terms into acc with *gb, *hbb (the first Newton step of a replicate without exp). */
static void bt_build(bt_engine *e, const uint32_t *cnt, bt_prob *P, double ridge, int pre, double *gb, double *hbb)
{
	int M = e->M;
	memset(e->pn, 0, (size_t)e->np * sizeof *e->pn);
	memset(e->pw, 0, (size_t)e->np * sizeof *e->pw);
	if (pre) {
		memset(e->acc, 0, (size_t)e->np * sizeof *e->acc);
		*gb = *hbb = 0;
	}
	/* Branch-free: a record not drawn (c = 0, a third of them) adds zeros, and the length fit's
	 * list of drawn records advances only when c > 0. */
	size_t nr = 0, nrec = e->nrec;
	const uint32_t *restrict ritem = e->ritem, *restrict rvotes = e->rvotes, *restrict rw2 = e->rw2;
	const uint16_t *restrict rpair = e->rpair;
	const double *restrict rxv = e->rxv, *restrict rhat = e->rhat, *restrict hhat = e->hhat;
	double *restrict pn = e->pn, *restrict pw = e->pw;
	if (!e->cov) {
		for (size_t k = 0; k < nrec; k++) {
			double dc = cnt ? (double)cnt[ritem[k]] : 1.0;
			pn[rpair[k]] += dc * rvotes[k];
			pw[rpair[k]] += dc * rw2[k] * 0.5;
		}
	} else {
		uint16_t *restrict rp = e->rp;
		double *restrict rx = e->rx, *restrict ry = e->ry, *restrict rn = e->rn;
		pacc *restrict acc = e->acc;
		double sgb = 0, shbb = 0;
		for (size_t k = 0; k < nrec; k++) {
			uint32_t c = cnt ? cnt[ritem[k]] : 1;
			int p = rpair[k];
			double dc = (double)c, n = dc * rvotes[k], w = dc * rw2[k] * 0.5, x = rxv[k];
			pn[p] += n;
			pw[p] += w;
			rp[nr] = (uint16_t)p;
			rx[nr] = x;
			ry[nr] = w;
			rn[nr] = n;
			nr += c != 0;
			if (pre) {
				pacc *a = &acc[p];
				double rr = dc * rhat[k], hh = dc * hhat[k];
				a->g += rr;
				a->h += hh;
				a->hx += hh * x;
				sgb += rr * x;
				shbb += hh * x * x;
			}
		}
		if (pre) {
			*gb = sgb;
			*hbb = shbb;
		}
	}
	for (int p = 0; p < e->np; p++) {
		e->W[e->pi[p] * M + e->pj[p]] = e->pw[p];
		e->W[e->pj[p] * M + e->pi[p]] = e->pn[p] - e->pw[p];
	}
	P->M = M;
	P->cov = e->cov;
	P->D = e->D;
	P->np = e->np;
	P->ridge = ridge;
	P->pi = e->pi;
	P->pj = e->pj;
	P->pn = e->pn;
	P->pw = e->pw;
	P->nr = nr;
	P->rp = e->rp;
	P->rx = e->rx;
	P->ry = e->ry;
	P->rn = e->rn;
	P->xmax = e->xmax;
	P->q = e->rq;
	P->acc = e->acc;
}

/* Set up and fit on the data.  GV_OK (with out->st the fit's status) or GV_ENOMEM. */
static gv_status bt_setup(bt_engine *e, const rank_vote *v, size_t n, uint16_t n_models, int cov, const rank_opts *o,
			  rank_bt *out)
{
	memset(e, 0, sizeof *e);
	e->out = out;
	e->cov = cov;
	e->M = n_models;
	e->D = n_models + cov;
	e->np = n_models * (n_models - 1) / 2;
	e->B = o->n_boot;
	e->tol_boot = 1e-5;
	out->n_models = n_models;
	out->length_control = cov;
	if (n == 0) {
		out->st = GV_MISSING;
		return GV_OK;
	}
	int M = e->M, D = e->D;
	btrec *rec = malloc(n * sizeof *rec);
	e->pi = malloc((size_t)e->np * sizeof *e->pi);
	e->pj = malloc((size_t)e->np * sizeof *e->pj);
	e->pidx = malloc((size_t)M * M * sizeof *e->pidx);
	e->pn = malloc((size_t)e->np * sizeof *e->pn);
	e->pw = malloc((size_t)e->np * sizeof *e->pw);
	e->W = calloc((size_t)M * M, sizeof *e->W);
	e->acc = malloc((size_t)e->np * sizeof *e->acc);
	e->work = malloc((2 * (size_t)D * D + 4 * (size_t)D) * sizeof *e->work);
	e->boot = malloc((e->B ? e->B : 1) * (size_t)D * sizeof *e->boot);
	if (!rec || !e->pi || !e->pj || !e->pidx || !e->pn || !e->pw || !e->W || !e->acc || !e->work || !e->boot) {
		free(rec);
		return GV_ENOMEM;
	}
	for (int i = 0, p = 0; i < M; i++)
		for (int j = i + 1; j < M; j++, p++) {
			e->pi[p] = (uint16_t)i;
			e->pj[p] = (uint16_t)j;
			e->pidx[i * M + j] = e->pidx[j * M + i] = (uint16_t)p;
		}
	/* one record per vote in model order (i < j), d oriented i - j; then aggregate */
	double sumsq = 0;
	for (size_t k = 0; k < n; k++) {
		const rank_vote *x = &v[k];
		int a_low = x->model_a < x->model_b;
		btrec *r = &rec[k];
		r->item = x->item;
		r->pair = e->pidx[x->model_a * M + x->model_b];
		r->n = 1;
		unsigned ha = a_half(x->choice);
		r->w2 = a_low ? ha : 2 - ha;
		r->d = 0;
		if (cov) {
			double li = a_low ? x->len_a : x->len_b, lj = a_low ? x->len_b : x->len_a;
			r->d = (li - lj) / (li + lj); /* Arena's normalised difference */
			sumsq += r->d * r->d;
		}
	}
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
	e->nrec = nrec;
	e->ritem = malloc(nrec * sizeof *e->ritem);
	e->rvotes = malloc(nrec * sizeof *e->rvotes);
	e->rw2 = malloc(nrec * sizeof *e->rw2);
	e->rpair = malloc(nrec * sizeof *e->rpair);
	e->rxv = malloc(nrec * sizeof *e->rxv);
	if (!e->ritem || !e->rvotes || !e->rw2 || !e->rpair || !e->rxv) {
		free(rec);
		return GV_ENOMEM;
	}
	if (cov)
		e->s = sqrt(sumsq / (double)n);
	for (size_t k = 0; k < nrec; k++) {
		e->ritem[k] = rec[k].item;
		e->rvotes[k] = rec[k].n;
		e->rw2[k] = rec[k].w2;
		e->rpair[k] = rec[k].pair;
		e->rxv[k] = cov && e->s > 0 ? rec[k].d / e->s : 0;
		e->xmax = fmax(e->xmax, fabs(e->rxv[k]));
	}
	free(rec);
	if (cov) {
		out->length_rms = e->s;
		if (!(e->s > 0)) {
			out->st = GV_MISSING; /* every pair of texts equally long: beta not identifiable */
			return GV_OK;
		}
		e->rp = malloc(nrec * sizeof *e->rp);
		e->rx = malloc(nrec * sizeof *e->rx);
		e->ry = malloc(nrec * sizeof *e->ry);
		e->rn = malloc(nrec * sizeof *e->rn);
		e->rq = malloc(nrec * sizeof *e->rq);
		e->rhat = malloc(nrec * sizeof *e->rhat);
		e->hhat = malloc(nrec * sizeof *e->hhat);
		if (!e->rp || !e->rx || !e->ry || !e->rn || !e->rq || !e->rhat || !e->hhat)
			return GV_ENOMEM;
	}
	bt_prob P;
	bt_build(e, NULL, &P, o->ridge, 0, NULL, NULL);
	if (o->ridge == 0 && !ford_ok(e->W, M)) {
		out->st = GV_EINVAL;
		return GV_OK;
	}
	double *g = e->work + 2 * (size_t)D * D;
	memset(e->est, 0, sizeof e->est);
	bt_eval(&P, e->est, g, e->work, NULL);
	out->st = bt_newton(&P, e->est, e->work, 1e-8, &out->iterations);
	if (out->st != GV_OK)
		return GV_OK;
	double ll;
	bt_eval(&P, e->est, g, e->work, &ll);
	out->loglik = ll;
	for (int k = 0; k < M; k++)
		out->theta[k] = e->est[k];
	out->beta = cov ? e->est[M] : 0;
	out->beta_raw = cov ? e->est[M] / e->s : 0;
	if (cov) /* each record's gradient and curvature terms at the estimate */
		for (size_t k = 0; k < nrec; k++) {
			int p = e->rpair[k];
			double z = e->est[e->pi[p]] - e->est[e->pj[p]] + e->est[M] * e->rxv[k];
			double q = sigmoid(z);
			e->rhat[k] = e->rw2[k] / 2.0 - e->rvotes[k] * q;
			e->hhat[k] = e->rvotes[k] * q * (1 - q);
		}
	e->on = 1;
	return GV_OK;
}

/* One bootstrap replicate: the fit under the resample's weights, started from the estimate. */
static void bt_resample(bt_engine *e, const uint32_t *cnt, double ridge)
{
	bt_prob P;
	double gb = 0, hbb = 0, par[RANK_MAX_MODELS + 1];
	int D = e->D;
	bt_build(e, cnt, &P, ridge, e->cov, &gb, &hbb);
	if (ridge == 0 && !ford_ok(e->W, e->M)) {
		e->nu++;
		return;
	}
	memcpy(par, e->est, (size_t)D * sizeof *par);
	double *g = e->work + 2 * (size_t)D * D;
	if (e->cov)
		bt_fold(&P, par, gb, hbb, g, e->work); /* at the estimate: no exp needed */
	else
		bt_eval(&P, par, g, e->work, NULL);
	if (bt_newton(&P, par, e->work, e->tol_boot, NULL) != GV_OK) {
		e->nu++;
		return;
	}
	memcpy(e->boot + e->nb * (size_t)D, par, (size_t)D * sizeof *par);
	e->nb++;
}

static gv_status bt_finish(bt_engine *e, double conf)
{
	rank_bt *out = e->out;
	if (!e->on)
		return GV_OK;
	out->n_boot = (uint32_t)e->nb;
	out->n_undef = e->nu;
	double *col = malloc((e->nb ? e->nb : 1) * sizeof *col);
	if (!col)
		return GV_ENOMEM;
	for (int k = 0; k < e->D; k++) {
		metrics_ci ci;
		for (size_t b = 0; b < e->nb; b++)
			col[b] = e->boot[b * (size_t)e->D + k];
		metrics_ci_set(&ci, GV_OK, e->est[k], col, e->nb, e->nu, conf);
		if (k < e->M) {
			out->lo[k] = ci.lo;
			out->hi[k] = ci.hi;
		} else {
			out->beta_lo = ci.lo;
			out->beta_hi = ci.hi;
		}
	}
	free(col);
	return GV_OK;
}

/* ================================================================== position bias engine */

typedef struct pos_engine {
	int on;
	rank_position *out;
	uint32_t n_items;
	uint32_t *dec, *lw; /* per item: decisive votes, won by the left side */
	double *boot;
	size_t nb;
	uint32_t nu;
} pos_engine;

/* The model a vote preferred, or -1 for a tie. */
static int preferred(const rank_vote *v)
{
	unsigned h = a_half(v->choice);
	return h == 2 ? v->model_a : h == 0 ? v->model_b : -1;
}

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

static gv_status pos_setup(pos_engine *e, const rank_vote *v, size_t n, uint32_t n_items, const rank_opts *o,
			   rank_position *out)
{
	memset(e, 0, sizeof *e);
	e->out = out;
	e->n_items = n_items;
	metrics_ci_set(&out->left_share, GV_MISSING, 0, NULL, 0, 0, o->conf);
	if (n == 0)
		return GV_OK;
	e->dec = calloc(n_items ? n_items : 1, sizeof *e->dec);
	e->lw = calloc(n_items ? n_items : 1, sizeof *e->lw);
	e->boot = malloc((o->n_boot ? o->n_boot : 1) * sizeof *e->boot);
	swapkey *sk = malloc(n * sizeof *sk);
	if (!e->dec || !e->lw || !e->boot || !sk) {
		free(sk);
		return GV_ENOMEM;
	}
	for (size_t k = 0; k < n; k++) {
		unsigned h = a_half(v[k].choice);
		if (h == 1)
			continue;
		e->dec[v[k].item]++;
		out->decisive++;
		if (h == 2) {
			e->lw[v[k].item]++;
			out->left_wins++;
		}
	}
	/* one rater, one item, the sides swapped (Zheng et al. 2023, sec. 3.3) */
	for (size_t k = 0; k < n; k++) {
		sk[k].rater = v[k].rater;
		sk[k].item = v[k].item;
		sk[k].idx = (uint32_t)k;
	}
	qsort(sk, n, sizeof *sk, swapkey_cmp);
	for (size_t s = 0; s < n;) {
		size_t t = s + 1;
		while (t < n && sk[t].rater == sk[s].rater && sk[t].item == sk[s].item)
			t++;
		for (size_t a = s; a < t; a++)
			for (size_t b = a + 1; b < t; b++) {
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
		s = t;
	}
	free(sk);
	e->on = out->decisive > 0;
	return GV_OK;
}

static void pos_resample(pos_engine *e, const uint32_t *cnt)
{
	uint64_t sd = 0, sl = 0;
	for (uint32_t i = 0; i < e->n_items; i++) {
		sd += (uint64_t)cnt[i] * e->dec[i];
		sl += (uint64_t)cnt[i] * e->lw[i];
	}
	if (sd > 0)
		e->boot[e->nb++] = (double)sl / (double)sd;
	else
		e->nu++;
}

static void pos_finish(pos_engine *e, double conf)
{
	if (e->on)
		metrics_ci_set(&e->out->left_share, GV_OK, (double)e->out->left_wins / e->out->decisive, e->boot, e->nb,
			       e->nu, conf);
}

static void pos_free(pos_engine *e)
{
	free(e->dec);
	free(e->lw);
	free(e->boot);
}

/* ================================================================== ratio engine
 *
 * Each (item, group) is reduced to its (sum num, sum den); within a group the distinct (num, den)
 * values are numbered, so a resample only adds item multiplicities into one counter per distinct
 * value (integers, exact) and each group's ratio is then sum_v num_v w_v / sum_v den_v w_v.
 * Resamples are processed RB at a time: one pass over the records serves RB of them, adding a
 * row of RB counts per record (memory traffic / RB; the row loop has a fixed length and
 * vectorises). */

enum { RB = 8 };

typedef struct ratio_engine {
	int on;
	metrics_ci *out;
	uint32_t G, n_items;
	uint32_t *start; /* CSR by item: the item's records are id[start[u] .. start[u+1]) */
	uint32_t *id;    /* record -> value */
	size_t nv;
	uint32_t *vgroup; /* value -> group, values sorted by group */
	double *vnum, *vden;
	uint32_t *w;      /* per value x RB resamples: items drawn (at most n_items < 2^32) */
	uint32_t *blk;    /* per item x RB resamples: the counts of the resamples waiting */
	uint32_t filled;  /* resamples waiting in blk */
	double *est;
	gv_status *est_st;
	double *boot;     /* G x B */
	uint32_t *nb, *nu;
	size_t B;
} ratio_engine;

static int obs_group_cmp(const void *pa, const void *pb)
{
	const rank_obs *a = pa, *b = pb;
	return (a->group > b->group) - (a->group < b->group);
}

/* 64-bit finaliser of splitmix64 (Steele, Lea & Flood 2014) as a hash. */
static uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static uint64_t dbits(double x)
{
	uint64_t u;
	memcpy(&u, &x, sizeof u);
	return u;
}

static gv_status ratio_setup(ratio_engine *e, const rank_obs *obs, size_t n, uint32_t n_items, uint32_t G,
			     const rank_opts *o, metrics_ci *out)
{
	memset(e, 0, sizeof *e);
	e->out = out;
	e->G = G;
	e->n_items = n_items;
	e->B = o->n_boot;
	for (uint32_t g = 0; g < G; g++)
		metrics_ci_set(&out[g], GV_MISSING, 0, NULL, 0, 0, o->conf);
	gv_status st = GV_ENOMEM;
	size_t n1 = n ? n : 1, hsize = 16;
	while (hsize < 2 * n1)
		hsize *= 2;
	rank_obs *a = malloc(n1 * sizeof *a);
	double *den = calloc(G, sizeof *den);
	uint32_t *slot = malloc(hsize * sizeof *slot);
	e->start = calloc((size_t)n_items + 1, sizeof *e->start);
	e->est = calloc(G, sizeof *e->est);
	e->est_st = malloc(G * sizeof *e->est_st);
	e->boot = malloc((e->B ? e->B : 1) * G * sizeof *e->boot);
	e->nb = calloc(G, sizeof *e->nb);
	e->nu = calloc(G, sizeof *e->nu);
	e->id = malloc(n1 * sizeof *e->id);
	e->vgroup = malloc(n1 * sizeof *e->vgroup);
	e->vnum = malloc(n1 * sizeof *e->vnum);
	e->vden = malloc(n1 * sizeof *e->vden);
	e->blk = calloc((size_t)(n_items ? n_items : 1) * RB, sizeof *e->blk);
	if (!a || !den || !slot || !e->start || !e->est || !e->est_st || !e->boot || !e->nb || !e->nu || !e->id ||
	    !e->vgroup || !e->vnum || !e->vden || !e->blk)
		goto out;
	/* counting sort by item (O(n): items are dense indices), then each item's few records by
	 * group, merging equal (item, group) */
	uint32_t *pos = e->start; /* reused: counts, then start offsets */
	for (size_t k = 0; k < n; k++)
		pos[obs[k].item + 1]++;
	for (uint32_t u = 0; u < n_items; u++)
		pos[u + 1] += pos[u];
	for (size_t k = 0; k < n; k++)
		a[pos[obs[k].item]++] = obs[k];
	/* pos[u] is now the end of item u */
	size_t m = 0, begin = 0;
	for (uint32_t u = 0; u < n_items; u++) {
		size_t end = pos[u], first = m;
		if (end - begin > 32) {
			qsort(a + begin, end - begin, sizeof *a, obs_group_cmp);
		} else {
			for (size_t k = begin + 1; k < end; k++) { /* insertion sort: stable, runs are short */
				rank_obs x = a[k];
				size_t j = k;
				while (j > begin && a[j - 1].group > x.group) {
					a[j] = a[j - 1];
					j--;
				}
				a[j] = x;
			}
		}
		for (size_t k = begin; k < end; k++) {
			if (m > first && a[m - 1].group == a[k].group) {
				a[m - 1].num += a[k].num;
				a[m - 1].den += a[k].den;
			} else {
				a[m++] = a[k];
			}
		}
		begin = end;
	}
	/* the starts of the merged records (in item order) */
	memset(e->start, 0, ((size_t)n_items + 1) * sizeof *e->start);
	for (size_t k = 0; k < m; k++)
		e->start[a[k].item + 1]++;
	for (uint32_t u = 0; u < n_items; u++)
		e->start[u + 1] += e->start[u];
	/* the estimate */
	for (size_t k = 0; k < m; k++) {
		e->est[a[k].group] += a[k].num;
		den[a[k].group] += a[k].den;
	}
	for (uint32_t g = 0; g < G; g++) {
		e->est_st[g] = den[g] > 0 ? GV_OK : GV_MISSING;
		e->est[g] = den[g] > 0 ? e->est[g] / den[g] : 0;
	}
	/* number the distinct (group, num, den) with an open-addressing hash table */
	for (size_t h = 0; h < hsize; h++)
		slot[h] = UINT32_MAX;
	size_t nv = 0;
	for (size_t k = 0; k < m; k++) {
		uint64_t hb = mix64(mix64(a[k].group ^ dbits(a[k].num)) ^ dbits(a[k].den));
		size_t h = (size_t)(hb & (hsize - 1));
		for (;;) {
			uint32_t v = slot[h];
			if (v == UINT32_MAX) {
				slot[h] = (uint32_t)nv;
				e->vgroup[nv] = a[k].group;
				e->vnum[nv] = a[k].num;
				e->vden[nv] = a[k].den;
				e->id[k] = (uint32_t)nv++;
				break;
			}
			if (e->vgroup[v] == a[k].group && e->vnum[v] == a[k].num && e->vden[v] == a[k].den) {
				e->id[k] = v;
				break;
			}
			h = (h + 1) & (hsize - 1);
		}
	}
	e->nv = nv;
	e->w = malloc((nv ? nv : 1) * RB * sizeof *e->w);
	if (!e->w)
		goto out;
	e->on = 1;
	st = GV_OK;
out:
	free(a);
	free(den);
	free(slot);
	return st;
}

/* The resamples waiting in blk: their ratios appended, in resample order. */
static void ratio_flush(ratio_engine *e, double *num, double *den)
{
	uint32_t *restrict W = e->w;
	const uint32_t *restrict C = e->blk, *restrict start = e->start, *restrict id = e->id;
	uint32_t nu = e->n_items;
	memset(W, 0, e->nv * RB * sizeof *W);
	for (uint32_t u = 0; u < nu; u++) {
		const uint32_t *c = C + (size_t)u * RB;
		for (uint32_t k = start[u]; k < start[u + 1]; k++) {
			uint32_t *w = W + (size_t)id[k] * RB;
			for (int r = 0; r < RB; r++)
				w[r] += c[r];
		}
	}
	for (uint32_t r = 0; r < e->filled; r++) {
		memset(num, 0, e->G * sizeof *num);
		memset(den, 0, e->G * sizeof *den);
		for (size_t v = 0; v < e->nv; v++) {
			double w = (double)e->w[v * RB + r];
			num[e->vgroup[v]] += w * e->vnum[v];
			den[e->vgroup[v]] += w * e->vden[v];
		}
		for (uint32_t g = 0; g < e->G; g++) {
			if (den[g] > 0)
				e->boot[(size_t)g * e->B + e->nb[g]++] = num[g] / den[g];
			else
				e->nu[g]++;
		}
	}
	e->filled = 0;
}

static void ratio_resample(ratio_engine *e, const uint32_t *cnt, double *num, double *den)
{
	for (uint32_t u = 0; u < e->n_items; u++)
		e->blk[(size_t)u * RB + e->filled] = cnt[u];
	if (++e->filled == RB)
		ratio_flush(e, num, den);
}

static void ratio_finish(ratio_engine *e, double conf, double *num, double *den)
{
	if (!e->on)
		return;
	if (e->filled)
		ratio_flush(e, num, den); /* columns past `filled` hold old counts: computed, not read */
	for (uint32_t g = 0; g < e->G; g++)
		metrics_ci_set(&e->out[g], e->est_st[g], e->est[g], e->boot + (size_t)g * e->B, e->nb[g], e->nu[g], conf);
}

static void ratio_free(ratio_engine *e)
{
	free(e->start);
	free(e->id);
	free(e->vgroup);
	free(e->vnum);
	free(e->vden);
	free(e->w);
	free(e->blk);
	free(e->est);
	free(e->est_st);
	free(e->boot);
	free(e->nb);
	free(e->nu);
}

/* ================================================================== the driver */

enum { DO_PLAIN = 1, DO_LENGTH = 2, DO_POS = 4, DO_RATIO = 8 };

static gv_status run(unsigned what, const rank_vote *v, size_t n, uint32_t n_items, uint16_t M, const rank_obs *obs,
		     size_t n_obs, uint32_t G, metrics_ci *ratio, const rank_opts *o, rank_bt *plain, rank_bt *length,
		     rank_position *pos)
{
	bt_engine ep, el;
	pos_engine pe;
	ratio_engine re;
	memset(&ep, 0, sizeof ep);
	memset(&el, 0, sizeof el);
	memset(&pe, 0, sizeof pe);
	memset(&re, 0, sizeof re);
	uint32_t *cnt = NULL;
	double *scratch = NULL;
	gv_status st = GV_ENOMEM;
	if ((what & DO_PLAIN) && bt_setup(&ep, v, n, M, 0, o, plain) != GV_OK)
		goto out;
	if ((what & DO_LENGTH) && bt_setup(&el, v, n, M, 1, o, length) != GV_OK)
		goto out;
	if ((what & DO_POS) && pos_setup(&pe, v, n, n_items, o, pos) != GV_OK)
		goto out;
	if ((what & DO_RATIO) && ratio_setup(&re, obs, n_obs, n_items, G, o, ratio) != GV_OK)
		goto out;
	cnt = malloc((n_items ? n_items : 1) * sizeof *cnt);
	scratch = malloc(2 * (G ? G : 1) * sizeof *scratch);
	if (!cnt || !scratch)
		goto out;
	if (ep.on || el.on || pe.on || re.on)
		for (uint32_t b = 0; b < o->n_boot; b++) {
			metrics_boot_counts(o->seed, b, n_items, cnt);
			if (ep.on)
				bt_resample(&ep, cnt, o->ridge);
			if (el.on)
				bt_resample(&el, cnt, o->ridge);
			if (pe.on)
				pos_resample(&pe, cnt);
			if (re.on)
				ratio_resample(&re, cnt, scratch, scratch + (G ? G : 1));
		}
	if (bt_finish(&ep, o->conf) != GV_OK || bt_finish(&el, o->conf) != GV_OK)
		goto out;
	pos_finish(&pe, o->conf);
	ratio_finish(&re, o->conf, scratch, scratch + (G ? G : 1));
	st = GV_OK;
out:
	bt_engine_free(&ep);
	bt_engine_free(&el);
	pos_free(&pe);
	ratio_free(&re);
	free(cnt);
	free(scratch);
	return st;
}

static void bt_init(rank_bt *out, uint16_t M, int cov)
{
	memset(out, 0, sizeof *out);
	bt_nan(out);
	out->n_models = M;
	out->length_control = cov;
	out->st = GV_EINVAL;
}

/* A fit whose status is not GV_OK shows no numbers. */
static void bt_clean(rank_bt *out)
{
	if (out->st != GV_OK) {
		double rms = out->length_rms;
		bt_nan(out);
		out->length_rms = rms;
	}
}

gv_status rank_bt_fit(const rank_vote *v, size_t n, uint32_t n_items, uint16_t n_models, int length_control,
		      const rank_opts *o, rank_bt *out)
{
	if (!out)
		return GV_EINVAL;
	int cov = length_control != 0;
	bt_init(out, n_models, cov);
	if (!opts_ok(o) || n_models < 2 || n_models > RANK_MAX_MODELS || check_votes(v, n, n_items, n_models, cov) != GV_OK)
		return GV_EINVAL;
	gv_status st = run(cov ? DO_LENGTH : DO_PLAIN, v, n, n_items, n_models, NULL, 0, 0, NULL, o, cov ? NULL : out,
			   cov ? out : NULL, NULL);
	if (st != GV_OK)
		out->st = st;
	bt_clean(out);
	return st;
}

gv_status rank_position_bias(const rank_vote *v, size_t n, uint32_t n_items, const rank_opts *o, rank_position *out)
{
	if (!out)
		return GV_EINVAL;
	memset(out, 0, sizeof *out);
	metrics_ci_set(&out->left_share, GV_MISSING, 0, NULL, 0, 0, 0.95);
	if (!opts_ok(o) || check_votes(v, n, n_items, UINT16_MAX, 0) != GV_OK)
		return GV_EINVAL;
	if (n == 0)
		return GV_MISSING;
	return run(DO_POS, v, n, n_items, 0, NULL, 0, 0, NULL, o, NULL, NULL, out);
}

static gv_status check_obs(const rank_obs *obs, size_t n, uint32_t n_items, uint32_t G)
{
	if (n > 0 && !obs)
		return GV_EINVAL;
	for (size_t k = 0; k < n; k++)
		if (obs[k].item >= n_items || obs[k].group >= G || !isfinite(obs[k].num) || !isfinite(obs[k].den) ||
		    obs[k].den < 0)
			return GV_EINVAL;
	return GV_OK;
}

gv_status rank_ratio(const rank_obs *obs, size_t n, uint32_t n_items, uint32_t n_groups, const rank_opts *o,
		     metrics_ci *out)
{
	if (!out || n_groups == 0)
		return GV_EINVAL;
	for (uint32_t g = 0; g < n_groups; g++)
		metrics_ci_set(&out[g], GV_MISSING, 0, NULL, 0, 0, 0.95);
	if (!opts_ok(o) || check_obs(obs, n, n_items, n_groups) != GV_OK)
		return GV_EINVAL;
	return run(DO_RATIO, NULL, 0, n_items, 0, obs, n, n_groups, out, o, NULL, NULL, NULL);
}

gv_status rank_compute(const rank_vote *v, size_t n, uint32_t n_items, uint16_t n_models, int length_control,
		       const rank_obs *obs, size_t n_obs, uint32_t n_groups, metrics_ci *ratio, const rank_opts *o,
		       rank_report *out)
{
	if (!out)
		return GV_EINVAL;
	int cov = length_control != 0;
	memset(out, 0, sizeof *out);
	bt_init(&out->plain, n_models, 0);
	bt_init(&out->length, n_models, 1);
	metrics_ci_set(&out->position.left_share, GV_MISSING, 0, NULL, 0, 0, 0.95);
	if (n_groups > 0 && ratio)
		for (uint32_t g = 0; g < n_groups; g++)
			metrics_ci_set(&ratio[g], GV_MISSING, 0, NULL, 0, 0, 0.95);
	if (!opts_ok(o) || n_models < 2 || n_models > RANK_MAX_MODELS || check_votes(v, n, n_items, n_models, cov) != GV_OK ||
	    (n_groups > 0 && (!ratio || check_obs(obs, n_obs, n_items, n_groups) != GV_OK)))
		return GV_EINVAL;
	if (n > 0 && rank_counts(v, n, n_models, out->wtl, NULL, NULL) != GV_OK)
		return GV_EINVAL;
	if (!cov)
		out->length.st = GV_MISSING;
	unsigned what = DO_PLAIN | DO_POS | (cov ? DO_LENGTH : 0) | (n_groups > 0 ? DO_RATIO : 0);
	gv_status st = run(what, v, n, n_items, n_models, obs, n_obs, n_groups, ratio, o, &out->plain,
			   cov ? &out->length : NULL, &out->position);
	if (st != GV_OK) {
		out->plain.st = st;
		out->length.st = st;
	}
	bt_clean(&out->plain);
	bt_clean(&out->length);
	return st;
}
