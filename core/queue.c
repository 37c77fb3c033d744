/* queue.c — rating queues, gold scoring, adjudication (see queue.h). */
#include "core/queue.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/baseline.h"
#include "core/synth.h"

/* Streams of the queue seed (synth_rng_seed's second argument). */
enum { STREAM_CANDIDATES = 1, STREAM_SLOTS = 2 };
/* Streams of a rater's seed. */
enum { RSTREAM_GOLD = 1, RSTREAM_ORDER = 2, RSTREAM_SIDES = 3 };

uint64_t queue_rater_seed(uint64_t seed, size_t i)
{
	/* splitmix64 (Steele, Lea & Flood, OOPSLA 2014) of seed + golden-ratio steps */
	uint64_t z = seed + 0x9e3779b97f4a7c15ull * (uint64_t)(i + 1);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static const char *nz(const char *s)
{
	return s ? s : "";
}

typedef struct ent {
	const queue_summary *s;
	int model;   /* index in --models, -1 when not listed */
	int is_base; /* the baseline */
} ent;

static int cmp_ent(const void *a, const void *b)
{
	const ent *x = a, *y = b;
	if (x->s->child != y->s->child)
		return x->s->child < y->s->child ? -1 : 1;
	int c = strcmp(nz(x->s->audience), nz(y->s->audience));
	if (c)
		return c;
	if ((c = strcmp(nz(x->s->template_id), nz(y->s->template_id))) != 0)
		return c;
	if ((c = strcmp(nz(x->s->model), nz(y->s->model))) != 0)
		return c;
	return x->s->id < y->s->id ? -1 : x->s->id > y->s->id;
}

static void shuffle(size_t *v, size_t n, synth_rng *r)
{
	/* Fisher-Yates (Knuth, TAOCP vol. 2, algorithm P) */
	for (size_t i = n; i > 1; i--) {
		size_t j = (size_t)(synth_rng_uniform(r) * (double)i);
		if (j >= i)
			j = i - 1;
		size_t t = v[i - 1];
		v[i - 1] = v[j];
		v[j] = t;
	}
}

/* Round half up for non-negative x. */
static size_t round_share(double x)
{
	return x <= 0 ? 0 : (size_t)floor(x + 0.5);
}

typedef struct cand {
	const queue_summary *a, *b; /* s1, s2 */
	int gold;
} cand;

static int cmp_asg(const void *a, const void *b)
{
	const queue_assignment *x = a, *y = b;
	if (x->rater != y->rater)
		return x->rater < y->rater ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

void queue_plan_free(queue_plan *p)
{
	free(p->items);
	free(p->a);
	memset(p, 0, sizeof *p);
}

gv_status queue_build(const queue_summary *s, size_t n, const queue_options *o, queue_plan *out)
{
	memset(out, 0, sizeof *out);
	if (!o || !o->nraters || o->nmodels < 2 || !o->models || (n && !s) || !(o->overlap >= 0 && o->overlap <= 1) ||
	    !(o->gold >= 0 && o->gold < 1))
		return GV_EINVAL;
	for (size_t i = 0; i < o->nmodels; i++)
		if (!o->models[i])
			return GV_EINVAL;
	gv_status st = GV_ENOMEM;
	size_t R = o->nraters;
	ent *e = malloc((n ? n : 1) * sizeof *e);
	cand *c = NULL;
	size_t nc = 0, cap = 0, ngc = 0;
	size_t *ord = NULL, *gord = NULL, *slots = NULL, *gitem = NULL;
	if (!e)
		goto done;
	for (size_t i = 0; i < n; i++) {
		e[i].s = &s[i];
		e[i].model = -1;
		for (size_t m = 0; m < o->nmodels; m++)
			if (strcmp(nz(s[i].model), o->models[m]) == 0) {
				e[i].model = (int)m;
				break;
			}
		e[i].is_base = strcmp(nz(s[i].model), BASELINE_MODEL) == 0;
	}
	qsort(e, n, sizeof *e, cmp_ent);
	/* Groups of one child, audience and template; in each, the latest summary of every model. */
	for (size_t g = 0; g < n;) {
		size_t h = g + 1;
		while (h < n && e[h].s->child == e[g].s->child && strcmp(nz(e[h].s->audience), nz(e[g].s->audience)) == 0 &&
		       strcmp(nz(e[h].s->template_id), nz(e[g].s->template_id)) == 0)
			h++;
		/* latest of each model: the last of a run of the same model (sorted by id) */
		for (size_t i = g; i < h; i++) {
			int last_i = i + 1 == h || strcmp(nz(e[i + 1].s->model), nz(e[i].s->model)) != 0;
			if (!last_i)
				continue;
			for (size_t j = g; j < h; j++) {
				int last_j = j + 1 == h || strcmp(nz(e[j + 1].s->model), nz(e[j].s->model)) != 0;
				if (!last_j || j == i || strcmp(nz(e[i].s->model), nz(e[j].s->model)) == 0)
					continue;
				int gold = e[i].is_base && e[j].s->planted != 0;
				int ordinary = !gold && !(e[j].is_base && e[i].s->planted != 0) && e[i].model >= 0 &&
					       e[j].model >= 0 && e[i].model < e[j].model;
				if (!gold && !ordinary)
					continue;
				if (nc == cap) {
					size_t nc2 = cap ? 2 * cap : 64;
					cand *c2 = realloc(c, nc2 * sizeof *c2);
					if (!c2)
						goto done;
					c = c2;
					cap = nc2;
				}
				c[nc].a = e[i].s;
				c[nc].b = e[j].s;
				c[nc].gold = gold;
				nc++;
				ngc += (size_t)gold;
			}
		}
		g = h;
	}
	size_t nord = nc - ngc;
	out->ncandidates = nord;
	out->ngold_candidates = ngc;
	ord = malloc((nord ? nord : 1) * sizeof *ord);
	gord = malloc((ngc ? ngc : 1) * sizeof *gord);
	gitem = malloc((ngc ? ngc : 1) * sizeof *gitem);
	if (!ord || !gord || !gitem)
		goto done;
	{
		size_t a = 0, b = 0;
		for (size_t i = 0; i < nc; i++) {
			if (c[i].gold)
				gord[b++] = i;
			else
				ord[a++] = i;
		}
	}
	synth_rng rng;
	synth_rng_seed(&rng, o->seed, STREAM_CANDIDATES);
	shuffle(ord, nord, &rng);

	/* How many ordinary items (U), of them given to two raters (D), gold items per rater. */
	size_t U, D, gold_per = 0, reg_per = 0;
	if (o->per_rater) {
		gold_per = round_share(o->gold * (double)o->per_rater);
		if (gold_per > ngc)
			gold_per = ngc;
		reg_per = o->per_rater - gold_per;
		/* U + D = R * reg_per with D = overlap * U: U = R * reg_per / (1 + overlap) */
		double ov = R >= 2 ? o->overlap : 0;
		U = round_share((double)(R * reg_per) / (1 + ov));
		if (U > nord) { /* too few candidates: keep the share, not the count */
			U = nord;
			D = round_share(ov * (double)U);
		} else {
			D = R * reg_per - U;
		}
		if (D > U)
			D = U;
	} else {
		U = nord;
		D = R >= 2 ? round_share(o->overlap * (double)U) : 0;
	}
	out->nordinary = U;
	out->ndouble = D;
	size_t T = U + D; /* ordinary assignments */
	if (!o->per_rater && ngc) {
		/* gold / (gold + k) = share, with k = the rater's ordinary items (the average) */
		double k = (double)T / (double)R;
		gold_per = round_share(o->gold * k / (1 - o->gold));
		if (gold_per > ngc)
			gold_per = ngc;
	}

	/* Slots: rounds of a random permutation of the raters; a double item takes two consecutive
	 * slots, which must be two raters (when a round's first repeats the previous round's last,
	 * it changes place with the round's second). */
	size_t nslots = (T / R + 2) * R;
	slots = malloc(nslots * sizeof *slots);
	if (!slots)
		goto done;
	synth_rng_seed(&rng, o->seed, STREAM_SLOTS);
	for (size_t k = 0; k < nslots; k += R) {
		for (size_t i = 0; i < R; i++)
			slots[k + i] = i;
		shuffle(slots + k, R, &rng);
	}
	out->nitems = U + ngc; /* gold candidates not chosen by anyone are dropped below */
	out->items = calloc(out->nitems ? out->nitems : 1, sizeof *out->items);
	out->a = malloc((T + R * gold_per + 1) * sizeof *out->a);
	if (!out->items || !out->a)
		goto done;
	size_t na = 0, sp = 0;
	for (size_t i = 0; i < U; i++) {
		const cand *ci = &c[ord[i]];
		queue_item *it = &out->items[i];
		it->child = ci->a->child;
		it->s1 = ci->a->id;
		it->s2 = ci->b->id;
		it->model1 = ci->a->model;
		it->model2 = ci->b->model;
		int twice = i < D;
		if (twice && sp % R == R - 1 && slots[sp] == slots[sp + 1]) {
			size_t t = slots[sp + 1];
			slots[sp + 1] = slots[sp + 2];
			slots[sp + 2] = t;
		}
		for (int k = 0; k <= twice; k++) {
			queue_assignment *q = &out->a[na++];
			q->rater = slots[sp++];
			q->item = i;
			it->nraters++;
		}
	}
	/* Gold: each rater draws gold_per distinct gold candidates with its own seed. */
	size_t ni = U;
	for (size_t i = 0; i < ngc; i++)
		gitem[i] = (size_t)-1;
	for (size_t r = 0; r < R && gold_per; r++) {
		uint64_t rs = o->rater_seed ? o->rater_seed[r] : queue_rater_seed(o->seed, r);
		synth_rng_seed(&rng, rs, RSTREAM_GOLD);
		size_t *pick = malloc(ngc * sizeof *pick);
		if (!pick)
			goto done;
		for (size_t i = 0; i < ngc; i++)
			pick[i] = i;
		shuffle(pick, ngc, &rng);
		for (size_t k = 0; k < gold_per; k++) {
			size_t g = pick[k];
			if (gitem[g] == (size_t)-1) {
				const cand *ci = &c[gord[g]];
				queue_item *it = &out->items[ni];
				it->child = ci->a->child;
				it->s1 = ci->a->id;
				it->s2 = ci->b->id;
				it->model1 = ci->a->model;
				it->model2 = ci->b->model;
				it->gold = 1;
				it->planted = ci->b->planted;
				gitem[g] = ni++;
			}
			queue_assignment *q = &out->a[na++];
			q->rater = r;
			q->item = gitem[g];
			out->items[gitem[g]].nraters++;
		}
		free(pick);
	}
	out->nitems = ni;
	out->na = na;

	/* Each rater: a random order, then sides balanced per pair of models. */
	{
		size_t *idx = malloc((na ? na : 1) * sizeof *idx);
		if (!idx)
			goto done;
		size_t *sorted = malloc((na ? na : 1) * sizeof *sorted);
		if (!sorted) {
			free(idx);
			goto done;
		}
		/* group the assignments by rater (stable) */
		size_t *start = calloc(R + 1, sizeof *start);
		if (!start) {
			free(idx);
			free(sorted);
			goto done;
		}
		for (size_t k = 0; k < na; k++)
			start[out->a[k].rater + 1]++;
		for (size_t r = 0; r < R; r++)
			start[r + 1] += start[r];
		{
			size_t *pos = calloc(R, sizeof *pos);
			if (!pos) {
				free(idx);
				free(sorted);
				free(start);
				goto done;
			}
			for (size_t k = 0; k < na; k++) {
				size_t r = out->a[k].rater;
				sorted[start[r] + pos[r]++] = k;
			}
			free(pos);
		}
		for (size_t r = 0; r < R; r++) {
			size_t m = start[r + 1] - start[r], *v = sorted + start[r];
			uint64_t rs = o->rater_seed ? o->rater_seed[r] : queue_rater_seed(o->seed, r);
			synth_rng_seed(&rng, rs, RSTREAM_ORDER);
			shuffle(v, m, &rng);
			for (size_t p = 0; p < m; p++)
				out->a[v[p]].pos = p;
			/* sides: per pair of models, in queue order, a shuffled half-and-half set of flips */
			synth_rng_seed(&rng, rs, RSTREAM_SIDES);
			for (size_t p = 0; p < m; p++)
				idx[p] = 0; /* 1 = side decided */
			for (size_t p = 0; p < m; p++) {
				if (idx[p])
					continue;
				const queue_item *ip = &out->items[out->a[v[p]].item];
				size_t cnt = 0;
				for (size_t q = p; q < m; q++) {
					const queue_item *iq = &out->items[out->a[v[q]].item];
					if (!idx[q] && strcmp(nz(iq->model1), nz(ip->model1)) == 0 &&
					    strcmp(nz(iq->model2), nz(ip->model2)) == 0)
						cnt++;
				}
				/* flips: floor(cnt/2) swapped, plus one more on a coin for an odd count */
				size_t nsw = cnt / 2 + (cnt % 2 && synth_rng_uniform(&rng) < 0.5);
				size_t left = cnt, sw_left = nsw;
				for (size_t q = p; q < m; q++) {
					queue_item *iq = &out->items[out->a[v[q]].item];
					if (idx[q] || strcmp(nz(iq->model1), nz(ip->model1)) != 0 ||
					    strcmp(nz(iq->model2), nz(ip->model2)) != 0)
						continue;
					/* draw without replacement: swapped with probability sw_left / left */
					int sw = synth_rng_uniform(&rng) * (double)left < (double)sw_left;
					queue_assignment *a = &out->a[v[q]];
					a->swapped = sw;
					a->left = sw ? iq->s2 : iq->s1;
					a->right = sw ? iq->s1 : iq->s2;
					sw_left -= (size_t)sw;
					left--;
					idx[q] = 1;
				}
			}
		}
		free(idx);
		free(sorted);
		free(start);
	}
	qsort(out->a, na, sizeof *out->a, cmp_asg);
	st = GV_OK;
done:
	free(e);
	free(c);
	free(ord);
	free(gord);
	free(gitem);
	free(slots);
	if (st != GV_OK)
		queue_plan_free(out);
	return st;
}

/* ------------------------------------------------------------------ gold */

unsigned queue_gold_score(const queue_item *it, int swapped, const rating *r, queue_gold *acc)
{
	if (!it->gold || r->status != RATING_SUBMITTED)
		return 0;
	int vside = swapped ? 0 : 1; /* the variant (s2) is on the right unless swapped */
	unsigned want = rubric_tags_of_kinds(it->planted);
	unsigned got = want & r->side[vside].tags;
	acc->items++;
	for (unsigned t = want; t; t &= t - 1)
		acc->planted++;
	for (unsigned t = got; t; t &= t - 1)
		acc->caught++;
	int base_sign = vside == 1 ? -1 : 1; /* the baseline's side as rubric_choice_side gives it */
	if (r->choice != RATING_UNSET && rubric_choice_side((rubric_choice)r->choice) == base_sign)
		acc->choice_right++;
	return want & ~got;
}

/* ------------------------------------------------------------------ adjudication */

typedef struct wr {
	char *buf;
	size_t n, len;
} wr;

static void ws(wr *w, const char *s)
{
	for (; *s; s++, w->len++)
		if (w->buf && w->len + 1 < w->n)
			w->buf[w->len] = *s;
	if (w->buf && w->n)
		w->buf[w->len < w->n ? w->len : w->n - 1] = '\0';
}

static void wsep(wr *w)
{
	if (w->len)
		ws(w, "; ");
}

/* A choice in item terms: "s1 better", "s2 much better", "tie", "both unacceptable". */
static const char *item_choice(int choice, int swapped)
{
	rubric_choice c = (rubric_choice)choice;
	if (swapped)
		c = rubric_choice_mirror(c);
	switch (c) {
	case RUBRIC_A_MUCH_BETTER: return "s1 much better";
	case RUBRIC_A_BETTER: return "s1 better";
	case RUBRIC_B_BETTER: return "s2 better";
	case RUBRIC_B_MUCH_BETTER: return "s2 much better";
	default: return rubric_choice_label(c);
	}
}

/* Exchange the two sides' judgements and mirror the choice of a shallow copy of a rating (what
 * rating_swap_sides does, without touching texts or undo entries that the copy shares). */
static void swap_scalars(rating *r)
{
	rating_side t = r->side[0];
	r->side[0] = r->side[1];
	r->side[1] = t;
	if (r->choice != RATING_UNSET)
		r->choice = (int8_t)rubric_choice_mirror((rubric_choice)r->choice);
}

unsigned queue_disagree_at(const rating *x, const rating *y, int side, rating_field f)
{
	if (f == RATING_F_CHOICE) {
		if (x->choice == RATING_UNSET || y->choice == RATING_UNSET)
			return 0;
		int sx = rubric_choice_side((rubric_choice)x->choice), sy = rubric_choice_side((rubric_choice)y->choice);
		return sx * sy < 0 ? QUEUE_DIS_CHOICE : 0;
	}
	if (side < 0 || side > 1)
		return 0;
	const rating_side *a = &x->side[side], *b = &y->side[side];
	if ((int)f < RUBRIC_NAXES) {
		int u = a->axis[f], v = b->axis[f];
		return u != RATING_UNSET && v != RATING_UNSET && abs(u - v) >= QUEUE_ADJ_AXIS_DIFF ? QUEUE_DIS_AXIS : 0;
	}
	if (f == RATING_F_HARM)
		return a->harm != RATING_UNSET && b->harm != RATING_UNSET && a->harm != b->harm ? QUEUE_DIS_HARM : 0;
	return 0;
}

unsigned queue_disagree(const rating *x, int x_swapped, const rating *y, int y_swapped, char *why, size_t n)
{
	wr w = {why, n, 0};
	unsigned res = 0;
	if (why && n)
		why[0] = '\0';
	/* both in the item's order (summary 1 as side 0) */
	rating a = *x, b = *y; /* shallow: only the scalar fields are read and swapped */
	if (x_swapped)
		swap_scalars(&a);
	if (y_swapped)
		swap_scalars(&b);
	if (queue_disagree_at(&a, &b, 0, RATING_F_CHOICE)) {
		res |= QUEUE_DIS_CHOICE;
		ws(&w, "choice: ");
		ws(&w, item_choice(x->choice, x_swapped));
		ws(&w, " vs ");
		ws(&w, item_choice(y->choice, y_swapped));
	}
	for (int k = 0; k < 2; k++) { /* the item's summary k+1 */
		const char *sn = k ? "s2 " : "s1 ";
		for (int ax = 0; ax < RUBRIC_NAXES; ax++) {
			if (!queue_disagree_at(&a, &b, k, (rating_field)ax))
				continue;
			res |= QUEUE_DIS_AXIS;
			char d[3] = {(char)('0' + a.side[k].axis[ax]), 0, 0};
			wsep(&w);
			ws(&w, sn);
			ws(&w, rubric_axis_name((rubric_axis)ax));
			ws(&w, " ");
			ws(&w, d);
			ws(&w, " vs ");
			d[0] = (char)('0' + b.side[k].axis[ax]);
			ws(&w, d);
		}
		if (queue_disagree_at(&a, &b, k, RATING_F_HARM)) {
			res |= QUEUE_DIS_HARM;
			wsep(&w);
			ws(&w, sn);
			ws(&w, "harm ");
			ws(&w, rubric_harm_name((rubric_harm)a.side[k].harm));
			ws(&w, " vs ");
			ws(&w, rubric_harm_name((rubric_harm)b.side[k].harm));
		}
	}
	return res;
}
