/* claims_judge.c — the claim checker's judge (see claims.h): a child's engine results under the
 * chart policy and the other bases, the visits a claim is about, and the driver.  The verdicts of
 * values, percentiles, z-scores and ages are in claims_jnum.c; category, basis and advice verdicts
 * and the omitted flags in claims_verdict.c; trends in claims_trend.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/age.h"
#include "core/claims_jint.h"

/* ================================================================== writing */

void cj_note(gv_claim *g, const char *s)
{
	cp_cat(g->note, sizeof g->note, s);
}

void cj_note_num(gv_claim *g, double v, int dec)
{
	size_t n = strlen(g->note);
	cp_fmt_num(g->note + n, sizeof g->note - n, v, dec);
}

void cj_expected(gv_claim *g, const char *s)
{
	cp_cat(g->expected, sizeof g->expected, s);
}

void cj_expected_num(gv_claim *g, double v, int dec)
{
	size_t n = strlen(g->expected);
	cp_fmt_num(g->expected + n, sizeof g->expected - n, v, dec);
}

/* ================================================================== options and the child */

void claims_default_options(claims_options *o, gv_ruleset rules)
{
	memset(o, 0, sizeof *o);
	flags_default_options(&o->flags, rules);
	o->who_lines = rules == GV_RULES_WHO;
	o->current_days = CLAIMS_CURRENT_DAYS;
}

void claims_child_free(claims_child *cc)
{
	if (!cc)
		return;
	free(cc->c.v);
	free(cc->res);
	free(cc->flags);
	free(cc->bad);
	free(cc);
}

/* The indicators resting on the measurement behind indicator k (GV_NIND: all). */
static unsigned dependents(gv_ind k)
{
	switch (k) {
	case GV_WFA: return 1u << GV_WFA | 1u << GV_BFA | 1u << GV_WFLH;
	case GV_LHFA: return 1u << GV_LHFA | 1u << GV_BFA | 1u << GV_WFLH;
	case GV_BFA: case GV_WFLH: case GV_HCFA: case GV_ACFA: case GV_TSFA: case GV_SSFA: return 1u << k;
	default: return 0xffu;
	}
}

gv_status claims_child_new(const gv_child *c, const claims_options *o, claims_child **out)
{
	*out = NULL;
	if (!c || c->nv == 0 || !c->v || (c->p.sex != GV_MALE && c->p.sex != GV_FEMALE))
		return GV_EINVAL;
	claims_child *cc = calloc(1, sizeof *cc);
	if (!cc)
		return GV_ENOMEM;
	if (o)
		cc->o = *o;
	else
		claims_default_options(&cc->o, GV_RULES_US);
	if (cc->o.current_days <= 0)
		cc->o.current_days = CLAIMS_CURRENT_DAYS;
	size_t n = c->nv;
	cc->c.p = c->p;
	cc->c.nv = n;
	cc->c.v = malloc(n * sizeof *cc->c.v);
	cc->res = malloc(4 * n * sizeof *cc->res);
	cc->bad = calloc(n, 1);
	if (!cc->c.v || !cc->res || !cc->bad) {
		claims_child_free(cc);
		return GV_ENOMEM;
	}
	memcpy(cc->c.v, c->v, n * sizeof *cc->c.v);
	cc->cdc = cc->res + n;
	cc->who = cc->res + 2 * n;
	cc->last = n - 1;
	cc->ga = record_ga(&c->p);
	gv_options g = cc->o.flags.growth;
	traj_results(&cc->c, &g, cc->res);
	gv_options alt = g;
	alt.policy = GV_POLICY_CDC;
	traj_results(&cc->c, &alt, cc->cdc);
	alt.policy = GV_POLICY_WHO;
	traj_results(&cc->c, &alt, cc->who);
	cc->preterm = !isnan(cc->ga) && cc->ga < g.preterm_weeks;
	int corrected = 0;
	for (size_t i = 0; i < n; i++)
		corrected |= cc->res[i].corrected;
	if (corrected) {
		cc->chrono = cc->res + 3 * n;
		alt = g;
		alt.correct_until_months = 0;
		traj_results(&cc->c, &alt, cc->chrono);
	}
	size_t nf = 0;
	gv_status st = flags_eval(&cc->c, cc->res, &cc->o.flags, NULL, 0, &nf);
	if (st == GV_OK && nf) {
		cc->flags = malloc(nf * sizeof *cc->flags);
		if (!cc->flags)
			st = GV_ENOMEM;
		else
			st = flags_eval(&cc->c, cc->res, &cc->o.flags, cc->flags, nf, &cc->nflags);
		if (cc->nflags > nf)
			cc->nflags = nf;
	}
	if (st != GV_OK) {
		claims_child_free(cc);
		return st;
	}
	/* the values flagged implausible: a flag of that category, or a BIV of the engine */
	for (size_t i = 0; i < cc->nflags; i++) {
		const gv_flag *f = &cc->flags[i];
		if (f->category == GV_CAT_IMPLAUSIBLE_VALUE && f->visit < n)
			cc->bad[f->visit] |= (uint8_t)dependents(f->indicator);
	}
	for (size_t i = 0; i < n; i++)
		for (int k = 0; k < GV_NIND; k++)
			if (cc->res[i].ind[k].status == GV_OK && cc->res[i].ind[k].biv != 0)
				cc->bad[i] |= (uint8_t)dependents((gv_ind)k);
	*out = cc;
	return GV_OK;
}

/* ================================================================== visits */

double cj_age_months(const claims_child *cc, size_t i)
{
	return (cc->c.v[i].date - cc->c.p.birth_date) / GV_DAYS_PER_MONTH;
}

double cj_raw_value(const claims_child *cc, size_t i, gv_ind k)
{
	const gv_visit *v = &cc->c.v[i];
	switch (k) {
	case GV_WFA: case GV_WFLH: return v->weight_kg;
	case GV_LHFA: return v->height_cm;
	case GV_HCFA: return v->head_cm;
	case GV_ACFA: return v->muac_cm;
	case GV_BFA: return cc->res[i].bmi;
	default: return NAN;
	}
}

int cj_has(const claims_child *cc, size_t i, gv_ind ind)
{
	if (ind == GV_NIND)
		return 1;
	return cc->res[i].ind[ind].status == GV_OK || !isnan(cj_raw_value(cc, i, ind));
}

void cj_set_visit(const claims_child *cc, gv_claim *g, size_t i)
{
	g->visit = i;
	g->date = i == CLAIMS_NO_VISIT ? CLAIMS_NO_DATE : cc->c.v[i].date;
}

void cj_age_text(const claims_child *cc, size_t i, char *buf, size_t cap)
{
	double m = cj_age_months(cc, i);
	buf[0] = '\0';
	if (m < 24 - 0.5) {
		cp_catnum(buf, cap, m, m < 3 ? 1 : 0);
		cp_cat(buf, cap, " months");
	} else {
		cp_catnum(buf, cap, m / 12, 1);
		cp_cat(buf, cap, " years");
	}
}

/* Distance of visit i from time t in months (days for dates), and whether it is within. */
static double time_dist(const claims_child *cc, size_t i, const cp_time *t, int *within)
{
	*within = 0;
	switch (t->kind) {
	case TM_DATE: {
		double d = fabs((double)cc->c.v[i].date - t->d0);
		*within = d <= 7;
		return d / GV_DAYS_PER_MONTH;
	}
	case TM_MONTH: {
		int32_t d = cc->c.v[i].date;
		*within = d >= t->d0 && d <= t->d1;
		return *within ? 0 : fabs((double)d - (t->d0 + t->d1) / 2.0) / GV_DAYS_PER_MONTH;
	}
	case TM_BIRTH: {
		double a = cc->c.v[i].date - cc->c.p.birth_date;
		*within = a >= 0 && a <= 3;
		return a / GV_DAYS_PER_MONTH;
	}
	default:
		break;
	}
	if (isnan(t->m0))
		return INFINITY;
	if (t->pma) {
		/* a postmenstrual age: weeks since the start of the gestation, within a week (unknown
		 * gestational age: no visit can be named) */
		if (isnan(cc->ga))
			return INFINITY;
		double target = (t->m0 - cc->ga) * 7, a = cc->c.v[i].date - cc->c.p.birth_date;
		if (target < 0)
			target = 0;
		*within = fabs(a - target) <= 7 + 1e-6;
		return fabs(a - target) / GV_DAYS_PER_MONTH;
	}
	double tol = t->tol > 0 ? t->tol : CLAIMS_TOL_AGE_INFANT_MONTHS;
	double d = t->corrected ? fabs(cc->res[i].cage_months - t->m0) : fabs(cj_age_months(cc, i) - t->m0);
	if (!t->corrected && cc->preterm && cc->res[i].corrected) {
		double dc = fabs(cc->res[i].cage_months - t->m0);
		if (dc < d)
			d = dc;
	}
	/* a whole number of months that is the visit's age in completed calendar months ("1y 5m" for
	 * a visit at 1 year 5 months 30 days, 18.00 mean months of 30.44 days) names it */
	if (d > tol && !t->corrected && !t->weeks && t->m0 == floor(t->m0) && t->m0 < 240) {
		int y0, m0, d0, y1, m1, d1;
		age_civil_from_days(cc->c.p.birth_date, &y0, &m0, &d0);
		age_civil_from_days(cc->c.v[i].date, &y1, &m1, &d1);
		int cal = (y1 - y0) * 12 + (m1 - m0) - (d1 < d0);
		if (cal == (int)t->m0)
			d = tol;
	}
	*within = d <= tol + 1e-6;
	return d;
}

size_t cj_visit_for(const claims_child *cc, const cp_time *t, gv_ind ind, int *within)
{
	size_t n = cc->c.nv, best = CLAIMS_NO_VISIT;
	*within = 0;
	switch (t->kind) {
	case TM_AGO: {
		/* "a year earlier": that long before the last visit */
		cp_time a = *t;
		a.kind = TM_AT;
		a.m0 = cj_age_months(cc, cc->last) - t->m0;
		return cj_visit_for(cc, &a, ind, within);
	}
	case TM_NONE: case TM_NOW: case TM_CURRENT: case TM_SINCE: case TM_PAST:
		for (size_t i = n; i-- > 0;)
			if (cj_has(cc, i, ind)) {
				*within = 1;
				return i;
			}
		return CLAIMS_NO_VISIT;
	case TM_AT:
		if (t->tol < 0) { /* the previous visit */
			int seen = 0;
			for (size_t i = n; i-- > 0;)
				if (cj_has(cc, i, ind) && seen++ == 1) {
					*within = 1;
					return i;
				}
			return CLAIMS_NO_VISIT;
		}
		break;
	default:
		break;
	}
	double bd = INFINITY;
	for (size_t i = 0; i < n; i++) {
		if (!cj_has(cc, i, ind))
			continue;
		int w;
		double d = time_dist(cc, i, t, &w);
		if (d < bd || (w && !*within)) {
			bd = d;
			best = i;
			*within = w;
		}
	}
	return best;
}

void cj_span(const claims_child *cc, const cp_claim *c, gv_ind k, size_t *i0, size_t *i1)
{
	int w;
	size_t n = cc->c.nv, v;
	*i0 = 0;
	*i1 = n - 1;
	if (c->to.kind != TM_NONE && (v = cj_visit_for(cc, &c->to, k, &w)) != CLAIMS_NO_VISIT)
		*i1 = v;
	const cp_time *f = &c->from;
	if (f->kind == TM_PAST || f->kind == TM_AGO) {
		double target = cj_age_months(cc, *i1) - f->m0, bd = INFINITY;
		for (size_t i = 0; i <= *i1; i++) {
			double d = fabs(cj_age_months(cc, i) - target);
			if (cj_has(cc, i, k) && d < bd)
				bd = d, *i0 = i;
		}
	} else if (f->kind == TM_SINCE && f->tol < 0) {
		*i0 = *i1 > 0 ? *i1 - 1 : 0;
		while (*i0 > 0 && !cj_has(cc, *i0, k))
			(*i0)--;
	} else if (f->kind != TM_NONE) {
		cp_time t = *f;
		if (t.kind == TM_SINCE || t.kind == TM_BETWEEN)
			t.kind = TM_AT;
		if (!isnan(t.m0) || t.kind == TM_BIRTH || t.kind == TM_DATE || t.kind == TM_MONTH)
			if ((v = cj_visit_for(cc, &t, k, &w)) != CLAIMS_NO_VISIT)
				*i0 = v;
	}
	if (*i0 > *i1) {
		size_t t = *i0;
		*i0 = *i1;
		*i1 = t;
	}
}

static void cand_add(jcands *o, size_t i)
{
	for (int k = 0; k < o->n; k++)
		if (o->v[k] == i)
			return;
	if (o->n < JC_MAX)
		o->v[o->n++] = i;
}

/* Visits within the time's tolerance, nearest first. */
static void cand_within(const claims_child *cc, const cp_time *t, gv_ind ind, jcands *o)
{
	int w;
	size_t near = cj_visit_for(cc, t, ind, &w);
	o->nearest = near;
	if (near == CLAIMS_NO_VISIT)
		return;
	if (!w) {
		o->within = 0;
		/* no visit at birth: the record cannot say what the birth measurements were */
		if (t->kind == TM_BIRTH)
			o->nearest = CLAIMS_NO_VISIT;
		return;
	}
	cand_add(o, near);
	if (t->kind == TM_NOW || t->kind == TM_CURRENT || t->kind == TM_NONE || (t->kind == TM_AT && t->tol < 0))
		return;
	/* an age ties the visits nearest it: others within its tolerance only when about as near (a
	 * month more at most) -- "at 2 years" is the 24-month visit, not the 18-month one, though 18
	 * months is within half a year */
	double dn = time_dist(cc, near, t, &w);
	for (size_t i = 0; i < cc->c.nv; i++) {
		double d = time_dist(cc, i, t, &w);
		if (cj_has(cc, i, ind) && w && (t->kind != TM_AT || d <= dn + CLAIMS_TOL_AGE_INFANT_MONTHS + 1e-9))
			cand_add(o, i);
	}
}

static size_t last_with(const claims_child *cc, gv_ind ind)
{
	for (size_t i = cc->c.nv; i-- > 0;)
		if (cj_has(cc, i, ind))
			return i;
	return CLAIMS_NO_VISIT;
}

void cj_candidates(const claims_child *cc, const cp_claim *c, gv_ind ind, jcands *o)
{
	o->n = 0;
	o->within = 1;
	o->nearest = CLAIMS_NO_VISIT;
	size_t last = last_with(cc, ind);
	if (c->tie == TIE_EXPLICIT) {
		cand_within(cc, &c->at, ind, o);
		return;
	}
	if (c->tie == TIE_START || c->tie == TIE_END || c->tie == TIE_SPAN) {
		/* the start of a change (then, as a claim about the past, any visit), its end, or every
		 * visit of a state's span */
		size_t i0, i1;
		cj_span(cc, c, ind, &i0, &i1);
		if (c->tie == TIE_START && cj_has(cc, i0, ind))
			cand_add(o, i0);
		if (c->tie == TIE_END && cj_has(cc, i1, ind))
			cand_add(o, i1);
		if (c->tie == TIE_SPAN)
			for (size_t i = i0; i <= i1 && i < cc->c.nv; i++)
				if (cj_has(cc, i, ind))
					cand_add(o, i);
		if (c->tie == TIE_START)
			for (size_t i = 0; i < cc->c.nv; i++)
				if (cj_has(cc, i, ind))
					cand_add(o, i);
		o->nearest = o->n ? o->v[0] : CLAIMS_NO_VISIT;
		return;
	}
	if (c->tie == TIE_CARRIED) {
		cand_within(cc, &c->at, ind, o);
		o->within = 1;
	}
	if (((c->c.attr & CLAIM_A_PAST) || c->role == ROLE_FROM) && c->tie != TIE_CARRIED) {
		for (size_t i = cc->c.nv; i-- > 0;)
			if (cj_has(cc, i, ind))
				cand_add(o, i);
	}
	if (last != CLAIMS_NO_VISIT)
		cand_add(o, last);
	/* an implicit tie is also accepted at the last visit, which comes first when nothing else does */
	if (o->nearest == CLAIMS_NO_VISIT && o->n)
		o->nearest = o->v[0];
}

/* ================================================================== driver */

static void judge_one(const claims_child *cc, cp_claim *c)
{
	switch (c->c.type) {
	case CLAIM_VALUE: cj_value(cc, c); break;
	case CLAIM_PERCENTILE: cj_pz(cc, c, 0); break;
	case CLAIM_Z: cj_pz(cc, c, 1); break;
	case CLAIM_AGE: cj_age(cc, c); break;
	case CLAIM_CATEGORY: cj_category(cc, c); break;
	case CLAIM_TREND: cj_trend(cc, c); break;
	case CLAIM_BASIS: cj_basis(cc, c); break;
	case CLAIM_ADVICE: cj_advice(cc, c); break;
	default: break;
	}
}

gv_status claims_judge(const claims_child *cc, const char *text, size_t len, claims_result *out)
{
	memset(out, 0, sizeof *out);
	if (!cc || (!text && len))
		return GV_EINVAL;
	cp_result pr;
	gv_status st = cp_parse(text ? text : "", text ? len : 0, &pr);
	if (st != GV_OK)
		return st;
	/* a summary whose heading names an earlier visit is written at that visit: judged against the
	 * record up to it (its "now", its defaults, the flags open then) */
	claims_child *at = NULL;
	if (pr.head.kind != TM_NONE) {
		int within = 0;
		size_t v = cj_visit_for(cc, &pr.head, GV_NIND, &within);
		if (within && v < cc->last) {
			gv_child sub = cc->c;
			sub.nv = v + 1;
			st = claims_child_new(&sub, &cc->o, &at);
			if (st != GV_OK) {
				free(pr.v);
				return st;
			}
			cc = at;
		}
	}
	for (size_t i = 0; i < pr.n; i++)
		judge_one(cc, &pr.v[i]);
	uint64_t om = cj_omitted(cc, &pr);
	claims_child_free(at);
	st = claims_from_parse(&pr, out);
	free(pr.v);
	out->omitted = om;
	out->judged = st == GV_OK;
	return st;
}

gv_status claims_check(const char *text, size_t len, const gv_child *c, const claims_options *o, claims_result *out)
{
	memset(out, 0, sizeof *out);
	claims_child *cc;
	gv_status st = claims_child_new(c, o, &cc);
	if (st != GV_OK)
		return st;
	st = claims_judge(cc, text, len, out);
	claims_child_free(cc);
	return st;
}
