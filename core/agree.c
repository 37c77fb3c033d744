/* agree.c — percent agreement, Cohen's and Fleiss' kappa, Krippendorff's alpha, with bootstrap
 * intervals.  Definitions and sources in agree.h.
 *
 * Every statistic here is a function of the weighted multiset of the items' rating profiles (an
 * item's ratings as category counts; for Cohen's kappa the ordered pair), so the items are reduced
 * once to their distinct profiles and each statistic is computed from profile weights: weight 1
 * per item for the estimate, the resampled multiplicities for a bootstrap resample. */
#include "core/agree.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct profile {
	uint32_t m;       /* ratings */
	uint32_t first;   /* its categories are cat[first .. first + nnz), with counts cnt[...] */
	uint32_t nnz;
	int32_t ca, cb;   /* two-rater data: the categories of column 0 and column 1 */
	double pi;        /* P_i = sum_c n_c (n_c - 1) / (m (m - 1)) */
	double dfix;      /* nominal, interval, ratio: sum_{c,k} n_c n_k delta^2(c,k) / (m - 1) */
} profile;

#define NO_PROFILE UINT32_MAX

typedef struct prep {
	agree_level level;
	int two;              /* n_raters == 2 */
	size_t K;             /* distinct values */
	int *vals;            /* vals[0..K) ascending */
	size_t np;            /* profiles */
	profile *p;
	uint32_t *cat, *cnt;  /* sparse category counts of the profiles */
	size_t n;             /* pairable items */
	uint32_t *prof;       /* pairable item -> profile */
	uint32_t *rowprof;    /* row of x -> profile, NO_PROFILE when the row is not pairable */
	size_t n_values;
} prep;

static void prep_free(prep *P)
{
	free(P->vals);
	free(P->p);
	free(P->cat);
	free(P->cnt);
	free(P->prof);
	free(P->rowprof);
	memset(P, 0, sizeof *P);
}

static int int_cmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

static int u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

typedef struct keyref {
	const uint32_t *k;
	uint32_t len;
	uint32_t item; /* pairable item index */
} keyref;

static int key_cmp(const void *a, const void *b)
{
	const keyref *x = a, *y = b;
	uint32_t n = x->len < y->len ? x->len : y->len;
	for (uint32_t i = 0; i < n; i++)
		if (x->k[i] != y->k[i])
			return x->k[i] < y->k[i] ? -1 : 1;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return (x->item > y->item) - (x->item < y->item);
}

static size_t cat_of(const prep *P, int v)
{
	size_t lo = 0, hi = P->K;
	while (lo + 1 < hi) {
		size_t mid = (lo + hi) / 2;
		if (P->vals[mid] <= v)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* delta^2 for the levels whose distances do not depend on the data (agree.h). */
static double delta_fixed(const prep *P, size_t c, size_t k)
{
	if (c == k)
		return 0;
	double a = P->vals[c], b = P->vals[k];
	switch (P->level) {
	case AGREE_NOMINAL:
		return 1;
	case AGREE_INTERVAL:
		return (a - b) * (a - b);
	case AGREE_RATIO:
		return a + b > 0 ? ((a - b) / (a + b)) * ((a - b) / (a + b)) : 0;
	case AGREE_ORDINAL:
		break;
	}
	return 0;
}

/* Ratings present in row i. */
static size_t row_count(const int *x, size_t i, size_t n_raters)
{
	size_t m = 0;
	for (size_t r = 0; r < n_raters; r++)
		m += x[i * n_raters + r] != AGREE_NA;
	return m;
}

static gv_status prepare(const int *x, size_t n_items, size_t n_raters, agree_level level, prep *P)
{
	memset(P, 0, sizeof *P);
	if (n_raters == 0 || (n_items > 0 && !x) || level < AGREE_NOMINAL || level > AGREE_RATIO)
		return GV_EINVAL;
	if (n_items > UINT32_MAX / 2 || n_raters > UINT32_MAX / (n_items ? n_items : 1))
		return GV_EINVAL;
	P->level = level;
	P->two = n_raters == 2;
	/* pairable items and their values */
	size_t nv = 0, np = 0;
	for (size_t i = 0; i < n_items; i++) {
		size_t m = 0;
		for (size_t r = 0; r < n_raters; r++) {
			int v = x[i * n_raters + r];
			if (v == AGREE_NA)
				continue;
			if (level == AGREE_RATIO && v < 0)
				return GV_EINVAL;
			m++;
		}
		if (m >= 2) {
			nv += m;
			np++;
		}
	}
	P->n = np;
	P->n_values = nv;
	if (np == 0)
		return GV_OK;
	gv_status st = GV_ENOMEM;
	uint32_t *keys = malloc(nv * sizeof *keys);
	keyref *kr = malloc(np * sizeof *kr);
	P->vals = malloc(nv * sizeof *P->vals);
	P->prof = malloc(np * sizeof *P->prof);
	P->rowprof = malloc(n_items * sizeof *P->rowprof);
	uint32_t *rowof = malloc(np * sizeof *rowof);
	if (!keys || !kr || !P->vals || !P->prof || !P->rowprof || !rowof)
		goto out;
	/* distinct values */
	size_t w = 0;
	for (size_t i = 0; i < n_items; i++) {
		if (row_count(x, i, n_raters) < 2)
			continue;
		for (size_t r = 0; r < n_raters; r++)
			if (x[i * n_raters + r] != AGREE_NA)
				P->vals[w++] = x[i * n_raters + r];
	}
	qsort(P->vals, nv, sizeof *P->vals, int_cmp);
	size_t K = 0;
	for (size_t i = 0; i < nv; i++)
		if (K == 0 || P->vals[K - 1] != P->vals[i])
			P->vals[K++] = P->vals[i];
	P->K = K;
	/* each pairable item's key: its categories in column order (two raters: the ordered pair
	 * Cohen needs), sorted otherwise (a multiset: what the other statistics need) */
	w = 0;
	size_t it = 0;
	for (size_t i = 0; i < n_items; i++) {
		size_t m = row_count(x, i, n_raters);
		if (m < 2)
			continue;
		kr[it].k = keys + w;
		kr[it].len = (uint32_t)m;
		kr[it].item = (uint32_t)it;
		rowof[it] = (uint32_t)i;
		for (size_t r = 0; r < n_raters; r++)
			if (x[i * n_raters + r] != AGREE_NA)
				keys[w++] = (uint32_t)cat_of(P, x[i * n_raters + r]);
		if (!P->two)
			qsort(keys + w - m, m, sizeof *keys, u32_cmp);
		it++;
	}
	qsort(kr, np, sizeof *kr, key_cmp);
	/* distinct profiles */
	P->p = malloc(np * sizeof *P->p);
	P->cat = malloc(nv * sizeof *P->cat);
	P->cnt = malloc(nv * sizeof *P->cnt);
	if (!P->p || !P->cat || !P->cnt)
		goto out;
	size_t npf = 0, nz = 0;
	uint32_t *sorted = malloc(n_raters * sizeof *sorted);
	if (!sorted)
		goto out;
	for (size_t j = 0; j < np; j++) {
		if (j > 0 && kr[j].len == kr[j - 1].len &&
		    memcmp(kr[j].k, kr[j - 1].k, kr[j].len * sizeof *kr[j].k) == 0) {
			P->prof[kr[j].item] = (uint32_t)(npf - 1);
			continue;
		}
		profile *pf = &P->p[npf];
		uint32_t m = kr[j].len;
		memcpy(sorted, kr[j].k, m * sizeof *sorted);
		qsort(sorted, m, sizeof *sorted, u32_cmp);
		pf->m = m;
		pf->first = (uint32_t)nz;
		pf->nnz = 0;
		for (uint32_t a = 0; a < m; a++) {
			if (a > 0 && sorted[a] == sorted[a - 1]) {
				P->cnt[nz - 1]++;
			} else {
				P->cat[nz] = sorted[a];
				P->cnt[nz] = 1;
				nz++;
				pf->nnz++;
			}
		}
		pf->ca = P->two ? (int32_t)kr[j].k[0] : -1;
		pf->cb = P->two ? (int32_t)kr[j].k[1] : -1;
		double agree_pairs = 0, dsum = 0;
		for (uint32_t a = 0; a < pf->nnz; a++) {
			double na = P->cnt[pf->first + a];
			agree_pairs += na * (na - 1);
			for (uint32_t b = 0; b < pf->nnz; b++)
				dsum += na * P->cnt[pf->first + b] *
					delta_fixed(P, P->cat[pf->first + a], P->cat[pf->first + b]);
		}
		pf->pi = agree_pairs / ((double)m * (m - 1));
		pf->dfix = dsum / (m - 1);
		P->prof[kr[j].item] = (uint32_t)npf;
		npf++;
	}
	free(sorted);
	P->np = npf;
	for (size_t i = 0; i < n_items; i++)
		P->rowprof[i] = NO_PROFILE;
	for (size_t j = 0; j < np; j++)
		P->rowprof[rowof[j]] = P->prof[j];
	st = GV_OK;
out:
	free(keys);
	free(kr);
	free(rowof);
	if (st != GV_OK)
		prep_free(P);
	return st;
}

enum { S_PERCENT, S_COHEN, S_COHEN_Q, S_FLEISS, S_ALPHA, S_N };

/* Scratch for stats(): 4 K doubles. */
typedef struct scratch {
	double *tot, *ra, *cb, *cum;
} scratch;

/* Krippendorff's ordinal delta^2(c, k) = (sum_{g=c..k} n_g - (n_c + n_k)/2)^2 (Krippendorff 2011) from the
 * sample's value frequencies tot[] and their running sums cum[]. */
static double ord_delta(const scratch *S, size_t c, size_t k)
{
	size_t lo = c < k ? c : k, hi = c < k ? k : c;
	double s = S->cum[hi] - (lo ? S->cum[lo - 1] : 0) - (S->tot[lo] + S->tot[hi]) / 2;
	return s * s;
}

/* The statistics of profile weights w[0..np): val[s] with st[s] (GV_MISSING when undefined). */
static void stats(const prep *P, const double *w, const scratch *S, double val[S_N], gv_status st[S_N])
{
	size_t K = P->K;
	for (int s = 0; s < S_N; s++) {
		val[s] = 0;
		st[s] = GV_MISSING;
	}
	double W = 0, sumP = 0;
	memset(S->tot, 0, K * sizeof *S->tot);
	for (size_t j = 0; j < P->np; j++) {
		if (w[j] == 0)
			continue;
		const profile *pf = &P->p[j];
		W += w[j];
		sumP += w[j] * pf->pi;
		for (uint32_t a = 0; a < pf->nnz; a++)
			S->tot[P->cat[pf->first + a]] += w[j] * P->cnt[pf->first + a];
	}
	if (W <= 0)
		return;
	/* percent agreement: mean P_i (Fleiss 1971) */
	double Pbar = sumP / W;
	val[S_PERCENT] = Pbar;
	st[S_PERCENT] = GV_OK;
	double M = 0, sumsq = 0;
	size_t used = 0;
	for (size_t c = 0; c < K; c++) {
		M += S->tot[c];
		sumsq += S->tot[c] * S->tot[c];
		used += S->tot[c] > 0;
	}
	/* Fleiss' kappa: P_e = sum p_c^2 (Fleiss 1971); undefined if one category only */
	if (used >= 2) {
		double pe = sumsq / (M * M);
		val[S_FLEISS] = (Pbar - pe) / (1 - pe);
		st[S_FLEISS] = GV_OK;
	}
	/* Krippendorff's alpha = 1 - (n - 1) sum o_ck delta_ck / sum n_c n_k delta_ck
	 * (Krippendorff 2011); n = M, n_c = tot[c] */
	if (used >= 2) {
		double obs = 0, exp_ = 0;
		if (P->level == AGREE_ORDINAL) {
			/* delta_ck = (sum_{g=c..k} n_g - (n_c + n_k)/2)^2 with this sample's n_g */
			double run = 0;
			for (size_t c = 0; c < K; c++) {
				run += S->tot[c];
				S->cum[c] = run;
			}
			for (size_t j = 0; j < P->np; j++) {
				if (w[j] == 0)
					continue;
				const profile *pf = &P->p[j];
				double d = 0;
				for (uint32_t a = 0; a < pf->nnz; a++)
					for (uint32_t b = a + 1; b < pf->nnz; b++) {
						size_t ca = P->cat[pf->first + a], cb = P->cat[pf->first + b];
						d += 2.0 * P->cnt[pf->first + a] * P->cnt[pf->first + b] * ord_delta(S, ca, cb);
					}
				obs += w[j] * d / (pf->m - 1);
			}
			for (size_t c = 0; c < K; c++)
				for (size_t k = c + 1; k < K; k++)
					exp_ += 2.0 * S->tot[c] * S->tot[k] * ord_delta(S, c, k);
		} else {
			for (size_t j = 0; j < P->np; j++)
				obs += w[j] * P->p[j].dfix;
			if (P->level == AGREE_NOMINAL) {
				exp_ = M * M - sumsq; /* sum_{c != k} n_c n_k */
			} else if (P->level == AGREE_INTERVAL) {
				/* sum n_c n_k (v_c - v_k)^2 = 2 (M sum n_c v_c^2 - (sum n_c v_c)^2) */
				double s1 = 0, s2 = 0;
				for (size_t c = 0; c < K; c++) {
					s1 += S->tot[c] * P->vals[c];
					s2 += S->tot[c] * (double)P->vals[c] * P->vals[c];
				}
				exp_ = 2 * (M * s2 - s1 * s1);
			} else {
				for (size_t c = 0; c < K; c++)
					for (size_t k = 0; k < K; k++)
						exp_ += S->tot[c] * S->tot[k] * delta_fixed(P, c, k);
			}
		}
		if (exp_ > 0) {
			val[S_ALPHA] = 1 - (M - 1) * obs / exp_;
			st[S_ALPHA] = GV_OK;
		}
	}
	/* Cohen's kappa, two raters (Cohen 1960, 1968) */
	if (P->two) {
		memset(S->ra, 0, K * sizeof *S->ra);
		memset(S->cb, 0, K * sizeof *S->cb);
		double po = 0, dq = 0;
		for (size_t j = 0; j < P->np; j++) {
			if (w[j] == 0)
				continue;
			const profile *pf = &P->p[j];
			S->ra[pf->ca] += w[j];
			S->cb[pf->cb] += w[j];
			if (pf->ca == pf->cb)
				po += w[j];
			double d = (double)P->vals[pf->ca] - P->vals[pf->cb];
			dq += w[j] * d * d;
		}
		po /= W;
		dq /= W;
		double pe = 0, ma = 0, mb = 0, qa = 0, qb = 0;
		for (size_t c = 0; c < K; c++) {
			double ra = S->ra[c] / W, cb = S->cb[c] / W, v = P->vals[c];
			pe += ra * cb;
			ma += ra * v;
			mb += cb * v;
			qa += ra * v * v;
			qb += cb * v * v;
		}
		if (pe < 1) {
			val[S_COHEN] = (po - pe) / (1 - pe);
			st[S_COHEN] = GV_OK;
		}
		/* chance disagreement sum v(a,b) p_a p_b with v = (a - b)^2 = E(a^2) + E(b^2) - 2 E(a)E(b) */
		double eq = qa + qb - 2 * ma * mb;
		if (P->level != AGREE_NOMINAL && eq > 1e-12 * (qa + qb)) {
			val[S_COHEN_Q] = 1 - dq / eq;
			st[S_COHEN_Q] = GV_OK;
		}
	}
}

static gv_status estimate(const int *x, size_t n_items, size_t n_raters, agree_level level, int which, double *out,
			  int need_two)
{
	if (!out)
		return GV_EINVAL;
	*out = 0;
	if (need_two && n_raters != 2)
		return GV_EINVAL;
	prep P;
	gv_status s = prepare(x, n_items, n_raters, level, &P);
	if (s != GV_OK)
		return s;
	if (P.n == 0) {
		prep_free(&P);
		return GV_MISSING;
	}
	double *w = malloc(P.np * sizeof *w), *mem = malloc(4 * P.K * sizeof *mem);
	if (!w || !mem) {
		free(w);
		free(mem);
		prep_free(&P);
		return GV_ENOMEM;
	}
	for (size_t j = 0; j < P.np; j++)
		w[j] = 0;
	for (size_t i = 0; i < P.n; i++)
		w[P.prof[i]] += 1;
	scratch S = {mem, mem + P.K, mem + 2 * P.K, mem + 3 * P.K};
	double val[S_N];
	gv_status st[S_N];
	stats(&P, w, &S, val, st);
	free(w);
	free(mem);
	prep_free(&P);
	if (st[which] == GV_OK)
		*out = val[which];
	return st[which];
}

gv_status agree_percent(const int *x, size_t n_items, size_t n_raters, double *out)
{
	return estimate(x, n_items, n_raters, AGREE_NOMINAL, S_PERCENT, out, 0);
}

gv_status agree_cohen(const int *x, size_t n_items, int quadratic, double *kappa)
{
	return estimate(x, n_items, 2, quadratic ? AGREE_INTERVAL : AGREE_NOMINAL, quadratic ? S_COHEN_Q : S_COHEN,
			kappa, 1);
}

gv_status agree_fleiss(const int *x, size_t n_items, size_t n_raters, double *kappa)
{
	return estimate(x, n_items, n_raters, AGREE_NOMINAL, S_FLEISS, kappa, 0);
}

gv_status agree_alpha(const int *x, size_t n_items, size_t n_raters, agree_level level, double *alpha)
{
	return estimate(x, n_items, n_raters, level, S_ALPHA, alpha, 0);
}

void agree_default_opts(agree_opts *o, agree_level level)
{
	o->level = level;
	o->n_boot = 1000;
	o->seed = 1;
	o->conf = 0.95;
}

static void report_missing(agree_report *out)
{
	metrics_ci *ci[S_N] = {&out->percent, &out->cohen, &out->cohen_quadratic, &out->fleiss, &out->alpha};
	for (int s = 0; s < S_N; s++)
		metrics_ci_set(ci[s], GV_MISSING, 0, NULL, 0, 0, 0.95);
}

gv_status agree_compute_axes(const int *const *x, const agree_level *levels, size_t n_axes, size_t n_items,
			     size_t n_raters, const agree_opts *o, agree_report *out)
{
	if (!out || n_axes == 0)
		return GV_EINVAL;
	memset(out, 0, n_axes * sizeof *out);
	for (size_t a = 0; a < n_axes; a++)
		report_missing(&out[a]);
	if (!o || !(o->conf > 0 && o->conf < 1) || !x || !levels)
		return GV_EINVAL;
	size_t B = o->n_boot;
	gv_status s = GV_ENOMEM;
	prep *P = calloc(n_axes, sizeof *P);
	double **w = calloc(n_axes, sizeof *w), **boot = calloc(n_axes, sizeof *boot);
	double *mem = NULL;
	uint32_t *cnt = malloc((n_items ? n_items : 1) * sizeof *cnt);
	size_t (*nv)[S_N] = calloc(n_axes, sizeof *nv);
	uint32_t (*nu)[S_N] = calloc(n_axes, sizeof *nu);
	if (!P || !w || !boot || !cnt || !nv || !nu)
		goto out;
	size_t maxK = 1;
	for (size_t a = 0; a < n_axes; a++) {
		if ((s = prepare(x[a], n_items, n_raters, levels[a], &P[a])) != GV_OK)
			goto out;
		s = GV_ENOMEM;
		out[a].n_items = P[a].n;
		out[a].n_values = P[a].n_values;
		out[a].n_cats = P[a].K;
		if (P[a].K > maxK)
			maxK = P[a].K;
		w[a] = malloc((P[a].np ? P[a].np : 1) * sizeof *w[a]);
		boot[a] = malloc((B ? B : 1) * S_N * sizeof *boot[a]);
		if (!w[a] || !boot[a])
			goto out;
	}
	mem = malloc(4 * maxK * sizeof *mem);
	if (!mem)
		goto out;
	scratch S = {mem, mem + maxK, mem + 2 * maxK, mem + 3 * maxK};
	double est[S_N], val[S_N];
	gv_status est_st[S_N], st[S_N];
	/* resample b: the rows (items) drawn with replacement; every axis sees the same draws, and a
	 * row that is not pairable on an axis adds nothing to it */
	for (size_t b = 0; b < B; b++) {
		metrics_boot_counts(o->seed, (uint32_t)b, n_items, cnt);
		for (size_t a = 0; a < n_axes; a++) {
			if (P[a].n == 0)
				continue;
			memset(w[a], 0, P[a].np * sizeof *w[a]);
			for (size_t i = 0; i < n_items; i++)
				if (P[a].rowprof[i] != NO_PROFILE)
					w[a][P[a].rowprof[i]] += cnt[i];
			stats(&P[a], w[a], &S, val, st);
			for (int k = 0; k < S_N; k++) {
				if (st[k] == GV_OK)
					boot[a][(size_t)k * B + nv[a][k]++] = val[k];
				else
					nu[a][k]++;
			}
		}
	}
	for (size_t a = 0; a < n_axes; a++) {
		if (P[a].n == 0)
			continue;
		memset(w[a], 0, P[a].np * sizeof *w[a]);
		for (size_t i = 0; i < P[a].n; i++)
			w[a][P[a].prof[i]] += 1;
		stats(&P[a], w[a], &S, est, est_st);
		metrics_ci *ci[S_N] = {&out[a].percent, &out[a].cohen, &out[a].cohen_quadratic, &out[a].fleiss,
				       &out[a].alpha};
		for (int k = 0; k < S_N; k++)
			metrics_ci_set(ci[k], est_st[k], est[k], boot[a] + (size_t)k * B, nv[a][k], nu[a][k], o->conf);
	}
	s = GV_OK;
out:
	for (size_t a = 0; P && a < n_axes; a++)
		prep_free(&P[a]);
	for (size_t a = 0; w && boot && a < n_axes; a++) {
		free(w[a]);
		free(boot[a]);
	}
	free(P);
	free(w);
	free(boot);
	free(mem);
	free(cnt);
	free(nv);
	free(nu);
	if (s != GV_OK) {
		memset(out, 0, n_axes * sizeof *out);
		for (size_t a = 0; a < n_axes; a++)
			report_missing(&out[a]);
	}
	return s;
}

gv_status agree_compute(const int *x, size_t n_items, size_t n_raters, const agree_opts *o, agree_report *out)
{
	if (!o)
		return agree_compute_axes(&x, NULL, 1, n_items, n_raters, NULL, out);
	return agree_compute_axes(&x, &o->level, 1, n_items, n_raters, o, out);
}
