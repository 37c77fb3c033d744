/* claims_trend.c — the claim checker's verdicts on trends (see claims.h, "Tolerances"): steady,
 * rising, falling and plateau against the z-scores over the span they name, a change ("gained 2
 * kg", "lost 8% of birth weight", "grows 6 cm a year") against the measurements, the size of a z
 * change ("dropped by almost two SD"), the birth weight regained. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/age.h"
#include "core/claims_jint.h"
#include "core/stature.h"

/* ================================================================== trends */

/* The measurement behind indicator k at visit i (weight, length, head, arm, BMI). */
static double meas(const claims_child *cc, size_t i, gv_ind k)
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

/* The first and last visits of the span scored for k and allowed by use. */
static int ends(const claims_child *cc, const unsigned char *use, gv_ind k, size_t *a, size_t *b)
{
	*a = *b = CLAIMS_NO_VISIT;
	for (size_t i = 0; i < cc->c.nv; i++)
		if (use[i] && cc->res[i].ind[k].status == GV_OK) {
			if (*a == CLAIMS_NO_VISIT)
				*a = i;
			*b = i;
		}
	return *a != CLAIMS_NO_VISIT && *b != *a;
}

/* The reference median's gain from visit a to b (growth_value_at at z = 0). */
static double median_gain(const claims_child *cc, size_t a, size_t b, gv_ind k)
{
	double va, vb;
	const gv_ind_result *ra = &cc->res[a].ind[k], *rb = &cc->res[b].ind[k];
	if (growth_value_at(ra->table, cc->c.p.sex, ra->x, 0, &va) != GV_OK ||
	    growth_value_at(rb->table, cc->c.p.sex, rb->x, 0, &vb) != GV_OK)
		return NAN;
	return vb - va;
}

static void expected_move(gv_claim *g, const claims_child *cc, gv_ind k, size_t a, size_t b, int lines)
{
	g->expected[0] = '\0';
	cj_expected(g, "z ");
	cj_expected_num(g, cc->res[a].ind[k].z, 2);
	cj_expected(g, " to ");
	cj_expected_num(g, cc->res[b].ind[k].z, 2);
	if (lines) {
		cj_expected(g, ", ");
		cj_expected_num(g, abs(lines), 0);
		cj_expected(g, lines < 0 ? " lines down" : " lines up");
	}
	g->expected_num = cc->res[b].ind[k].z - cc->res[a].ind[k].z;
}

/* One indicator over the visits use allows: the verdict, with expected filled in. */
static claim_verdict trend_one(const claims_child *cc, const cp_claim *c, gv_ind k, const unsigned char *use,
			       gv_claim *g)
{
	size_t n = cc->c.nv, a, b;
	int wl = cc->o.who_lines;
	const gv_result *res = cc->res;
	if (!ends(cc, use, k, &a, &b))
		return CLAIM_UNVERIFIABLE;
	/* z-scores are compared on one reference only: the widest pair of the span on one chart
	 * (none: the WHO -> CDC switch is all the span holds) */
	size_t ra = CLAIMS_NO_VISIT, rb = CLAIMS_NO_VISIT;
	for (size_t i = a; i <= b; i++)
		for (size_t j = b; j > i; j--)
			if (use[i] && use[j] && res[i].ind[k].status == GV_OK && res[j].ind[k].status == GV_OK &&
			    res[i].ref == res[j].ref && (ra == CLAIMS_NO_VISIT || cj_age_months(cc, j) - cj_age_months(cc, i) >
										     cj_age_months(cc, rb) - cj_age_months(cc, ra))) {
				ra = i, rb = j;
				break;
			}
	int oneref = ra != CLAIMS_NO_VISIT;
	if (oneref)
		a = ra, b = rb;
	traj_span sd, su, sp;
	int down = traj_max_lines_sustained(res, n, k, use, -1, wl, &sd);
	int up = traj_max_lines_sustained(res, n, k, use, +1, wl, &su);
	double dzd = traj_max_dz(res, n, k, use, -1, &sp), dzu = traj_max_dz(res, n, k, use, +1, &sp);
	size_t ma, mb;
	ends(cc, use, k, &ma, &mb);
	double dm = meas(cc, mb, k) - meas(cc, ma, k); /* the measurement itself: over the whole span */
	claim_trend t = g->trend;
	int dir = t == CLAIM_T_FALLING ? -1 : t == CLAIM_T_RISING ? 1 : g->trend_dir;
	if (!oneref) {
		/* no two visits on one chart: only a change of the measurement itself can be read */
		cj_note(g, "no two visits on one chart over that span");
		if (!c->zsense && c->lines == 0 && (t == CLAIM_T_RISING || t == CLAIM_T_FALLING) && !isnan(dm))
			return dm * dir > 0.05 ? CLAIM_SUPPORTED : CLAIM_UNVERIFIABLE;
		return CLAIM_UNVERIFIABLE;
	}
	if (c->lines > 0) {
		/* "crossed two lines": at least that many, that way (either way when none is said) */
		traj_span s1, s2;
		int ld = traj_max_lines(res, n, k, use, -1, wl, &s1), lu = traj_max_lines(res, n, k, use, +1, wl, &s2);
		int got = dir < 0 ? ld : dir > 0 ? lu : (ld > lu ? ld : lu);
		const traj_span *s = dir < 0 || (dir == 0 && ld >= lu) ? &s1 : &s2;
		if (s->from != TRAJ_NONE)
			expected_move(g, cc, k, s->from, s->to, s->lines);
		else
			expected_move(g, cc, k, a, b, 0);
		return got >= c->lines ? CLAIM_SUPPORTED : CLAIM_CONTRADICTED;
	}
	switch (t) {
	case CLAIM_T_STEADY: {
		int worst = down > up ? down : up;
		const traj_span *s = down >= up ? &sd : &su;
		if (worst > 0 && s->from != TRAJ_NONE)
			expected_move(g, cc, k, s->from, s->to, down >= up ? -down : up);
		else
			expected_move(g, cc, k, a, b, 0);
		return worst <= CLAIMS_STEADY_MAX_LINES ? CLAIM_SUPPORTED : CLAIM_CONTRADICTED;
	}
	case CLAIM_T_FALLING: case CLAIM_T_RISING: {
		int lines = dir < 0 ? down : up, other = dir < 0 ? up : down;
		double dz = dir < 0 ? dzd : dzu;
		const traj_span *s = dir < 0 ? &sd : &su;
		if (lines && s->from != TRAJ_NONE)
			expected_move(g, cc, k, s->from, s->to, dir * lines);
		else
			expected_move(g, cc, k, a, b, 0);
		int zsup = lines >= 1 || (!isnan(dz) && dz >= CLAIMS_TREND_DZ);
		int zcon = isnan(dz) || dz < CLAIMS_TREND_NONE || (other >= 2 && lines == 0);
		if (c->sd_by > 0) {
			/* "dropped by almost two SD": the z changed that much that way (the rounding of
			 * the number said; "almost", "about": CLAIMS_TREND_SD_APPROX) */
			double tol = 0.5 * pow(10, -c->sd_dec), got = isnan(dz) ? 0 : dz;
			if (c->sd_cmp == CLAIM_APPROX && tol < CLAIMS_TREND_SD_APPROX * c->sd_by)
				tol = CLAIMS_TREND_SD_APPROX * c->sd_by;
			int ok = c->sd_cmp == CLAIM_GT ? got >= c->sd_by - CLAIMS_TOL_Z
				 : c->sd_cmp == CLAIM_LT ? got <= c->sd_by + CLAIMS_TOL_Z
							 : fabs(got - c->sd_by) <= tol + 1e-9;
			cj_note(g, "z change ");
			cj_note_num(g, dir * got, 2);
			return ok ? CLAIM_SUPPORTED : CLAIM_CONTRADICTED;
		}
		if (!c->zsense) {
			/* about the measurement itself: a weight that fell, a length that grew */
			int moved = !isnan(dm) && dm * dir > 0.05;
			zsup = zsup || moved;
			zcon = zcon && !moved;
		}
		return zsup ? CLAIM_SUPPORTED : zcon ? CLAIM_CONTRADICTED : CLAIM_UNVERIFIABLE;
	}
	case CLAIM_T_PLATEAU: {
		double mg = median_gain(cc, a, b, k);
		dm = meas(cc, b, k) - meas(cc, a, k); /* against the gain of one reference's median */
		expected_move(g, cc, k, a, b, 0);
		if (isnan(dm) || isnan(mg))
			return CLAIM_UNVERIFIABLE;
		if (dm < 0.5 * mg || (!isnan(dzd) && dzd >= CLAIMS_TREND_DZ))
			return CLAIM_SUPPORTED;
		return isnan(dzd) || dzd < CLAIMS_TREND_NONE ? CLAIM_CONTRADICTED : CLAIM_UNVERIFIABLE;
	}
	default:
		return CLAIM_UNVERIFIABLE;
	}
}

/* A change e agrees with the stated one: within the rounding shown; "over", "more than" (a little
 * over 10% lost) and "under", "less than" compare the size of the change, its direction kept. */
static int change_ok(const cp_claim *c, double e)
{
	double st = c->c.stated_num;
	if (fabs(e - st) <= c->tol + 1e-9)
		return 1;
	if ((c->c.cmp == CLAIM_GT || c->c.cmp == CLAIM_LT) && (e < 0) == (st < 0))
		return c->c.cmp == CLAIM_GT ? fabs(e) >= fabs(st) - c->tol - 1e-9 : fabs(e) <= fabs(st) + c->tol + 1e-9;
	return 0;
}

/* A change: "gained 2 kg since 9 months", "grows 6 cm/year", "lost 8% of birth weight". */
static void judge_change(const claims_child *cc, cp_claim *c)
{
	gv_claim *g = &c->c;
	gv_ind k = g->ind == GV_NIND ? GV_WFA : g->ind;
	size_t n = cc->c.nv;
	if (c->unit == U_PCT_BW) {
		/* the loss from the birth weight at a visit of the first 4 weeks */
		size_t bv = CLAIMS_NO_VISIT;
		for (size_t i = 0; i < n && bv == CLAIMS_NO_VISIT; i++)
			if (cc->c.v[i].date == cc->c.p.birth_date && !isnan(cc->c.v[i].weight_kg))
				bv = i;
		if (bv == CLAIMS_NO_VISIT) {
			cj_note(g, "no birth weight recorded");
			return;
		}
		double bw = cc->c.v[bv].weight_kg, worst = NAN;
		for (size_t i = bv + 1; i < n && cc->c.v[i].date - cc->c.p.birth_date <= 28; i++) {
			double pct = 100 * (cc->c.v[i].weight_kg - bw) / bw;
			if (isnan(worst) || pct < worst)
				worst = pct;
			/* "less than 5%": the largest loss, never one day's */
			if (g->cmp != CLAIM_LT && change_ok(c, pct)) {
				cj_set_visit(cc, g, i);
				g->verdict = CLAIM_SUPPORTED;
				g->expected_num = pct;
				cj_expected_num(g, pct, 1);
				cj_expected(g, "% of birth weight");
				return;
			}
		}
		if (!isnan(worst) && g->cmp == CLAIM_LT && change_ok(c, worst)) {
			g->verdict = CLAIM_SUPPORTED;
			g->expected_num = worst;
			cj_expected_num(g, worst, 1);
			cj_expected(g, "% of birth weight (the largest change of the first 4 weeks)");
		} else if (!isnan(worst)) {
			g->verdict = CLAIM_CONTRADICTED;
			g->expected_num = worst;
			cj_expected_num(g, worst, 1);
			cj_expected(g, "% of birth weight (the largest change of the first 4 weeks)");
		}
		return;
	}
	/* the spans to try: the one named, else the last interval and the whole record */
	size_t pairs[3][2];
	int np = 0;
	size_t i0, i1;
	cj_span(cc, c, k, &i0, &i1);
	if (c->from.kind != TM_NONE || c->to.kind != TM_NONE) {
		pairs[np][0] = i0, pairs[np][1] = i1, np++;
	} else {
		size_t b = CLAIMS_NO_VISIT, a = CLAIMS_NO_VISIT;
		for (size_t i = n; i-- > 0;)
			if (!isnan(meas(cc, i, k))) {
				if (b == CLAIMS_NO_VISIT)
					b = i;
				else if (a == CLAIMS_NO_VISIT)
					a = i;
			}
		if (a != CLAIMS_NO_VISIT)
			pairs[np][0] = a, pairs[np][1] = b, np++;
		/* a velocity per year also over about the last year */
		if (c->per_days > 300 && b != CLAIMS_NO_VISIT) {
			double bd = INFINITY;
			size_t y = CLAIMS_NO_VISIT;
			for (size_t i = 0; i < b; i++) {
				double d = fabs(cj_age_months(cc, b) - cj_age_months(cc, i) - 12);
				if (!isnan(meas(cc, i, k)) && d < bd)
					bd = d, y = i;
			}
			if (y != CLAIMS_NO_VISIT)
				pairs[np][0] = y, pairs[np][1] = b, np++;
		}
		for (size_t i = 0; i < n; i++)
			if (!isnan(meas(cc, i, k)) && b != CLAIMS_NO_VISIT && i < b) {
				pairs[np][0] = i, pairs[np][1] = b, np++;
				break;
			}
	}
	/* "height velocity 5.1 cm/year" with no span of its own: the velocity of core/stature.h (from
	 * the latest visit at least 4 months before the last height, the position converted) */
	if (k == GV_LHFA && c->per_days > 300 && c->from.kind == TM_NONE && c->to.kind == TM_NONE &&
	    (c->unit == U_CM || c->unit == U_IN)) {
		size_t b = CLAIMS_NO_VISIT;
		for (size_t i = n; i-- > 0 && b == CLAIMS_NO_VISIT;)
			if (!isnan(meas(cc, i, k)))
				b = i;
		stature_vel sv;
		if (b != CLAIMS_NO_VISIT && stature_velocity(&cc->c, b, &sv) == GV_OK) {
			double e = c->unit == U_IN ? sv.cm_per_year / GV_CM_PER_IN : sv.cm_per_year;
			if (change_ok(c, e)) {
				cj_set_visit(cc, g, sv.to);
				g->date_from = cc->c.v[sv.from].date;
				g->verdict = CLAIM_SUPPORTED;
				g->expected_num = e;
				g->expected[0] = '\0';
				cj_expected(g, "+");
				cj_expected_num(g, e, c->dec < 1 ? 1 : c->dec);
				cj_expected(g, " ");
				cj_expected(g, g->unit);
				cj_note(g, "height velocity (core/stature)");
				return;
			}
		}
	}
	double first = NAN;
	for (int p = 0; p < np; p++) {
		size_t a = pairs[p][0], b = pairs[p][1];
		double d = meas(cc, b, k) - meas(cc, a, k);
		double days = (double)(cc->c.v[b].date - cc->c.v[a].date);
		if (isnan(d) || days <= 0)
			continue;
		if (c->per_days > 0)
			d = d / days * c->per_days;
		double e = c->unit == U_G || c->unit == U_MM ? d * (c->unit == U_G ? 1000 : 10)
			   : c->unit == U_LB || c->unit == U_LBOZ ? d / GV_KG_PER_LB
			   : c->unit == U_OZ ? d / GV_KG_PER_LB * 16
			   : c->unit == U_IN ? d / GV_CM_PER_IN : d;
		if (isnan(first)) {
			first = e;
			cj_set_visit(cc, g, b);
			g->date_from = cc->c.v[a].date;
		}
		if (change_ok(c, e)) {
			cj_set_visit(cc, g, b);
			g->date_from = cc->c.v[a].date;
			g->verdict = CLAIM_SUPPORTED;
			first = e;
			break;
		}
	}
	if (isnan(first)) {
		cj_note(g, "no two measurements to compare");
		return;
	}
	g->expected_num = first;
	g->expected[0] = '\0';
	if (first >= 0)
		cj_expected(g, "+");
	cj_expected_num(g, first, c->unit == U_G ? 0 : c->unit == U_KG && c->dec < 2 ? 2 : c->dec < 1 ? 1 : c->dec);
	cj_expected(g, " ");
	cj_expected(g, g->unit);
	if (g->verdict != CLAIM_SUPPORTED)
		g->verdict = CLAIM_CONTRADICTED;
}

/* The birth weight regained ("back to her birth weight by 2 weeks"): the first weight at or above
 * it after birth, by the time its clause names (within 3 days) when it names one; contradicted
 * when a weight at or after that time is still below it and none before it was at or above. */
static void judge_regain(const claims_child *cc, cp_claim *c)
{
	gv_claim *g = &c->c;
	size_t n = cc->c.nv, bv = CLAIMS_NO_VISIT;
	for (size_t i = 0; i < n && bv == CLAIMS_NO_VISIT; i++)
		if (cc->c.v[i].date == cc->c.p.birth_date && !isnan(cc->c.v[i].weight_kg))
			bv = i;
	if (bv == CLAIMS_NO_VISIT) {
		cj_note(g, "no birth weight recorded");
		return;
	}
	double bw = cc->c.v[bv].weight_kg;
	size_t first = CLAIMS_NO_VISIT;
	for (size_t i = bv + 1; i < n && first == CLAIMS_NO_VISIT; i++)
		if (!isnan(cc->c.v[i].weight_kg) && cc->c.v[i].weight_kg >= bw)
			first = i;
	const cp_time *t = c->to.kind == TM_AT ? &c->to : c->at.kind == TM_AT ? &c->at : NULL;
	double by = t && !isnan(t->m0) ? t->m0 * GV_DAYS_PER_MONTH : NAN; /* days */
	claim_verdict v = CLAIM_UNVERIFIABLE;
	if (isnan(by)) {
		v = first != CLAIMS_NO_VISIT ? CLAIM_SUPPORTED : bv + 1 < n ? CLAIM_CONTRADICTED : CLAIM_UNVERIFIABLE;
	} else if (first != CLAIMS_NO_VISIT && cc->c.v[first].date - cc->c.p.birth_date <= by + 3) {
		v = CLAIM_SUPPORTED;
	} else {
		for (size_t i = bv + 1; i < n; i++)
			if (!isnan(cc->c.v[i].weight_kg) && cc->c.v[i].date - cc->c.p.birth_date >= by - 3 &&
			    cc->c.v[i].weight_kg < bw)
				v = CLAIM_CONTRADICTED;
	}
	if (first != CLAIMS_NO_VISIT) {
		cj_set_visit(cc, g, first);
		cj_expected(g, "regained at ");
		cj_expected_num(g, (double)(cc->c.v[first].date - cc->c.p.birth_date), 0);
		cj_expected(g, " days");
	} else {
		cj_expected(g, "not regained");
	}
	g->ind = GV_WFA;
	if (g->attr & CLAIM_A_NEGATED)
		v = v == CLAIM_SUPPORTED ? CLAIM_CONTRADICTED : v == CLAIM_CONTRADICTED ? CLAIM_SUPPORTED : v;
	g->verdict = v;
}

void cj_trend(const claims_child *cc, cp_claim *c)
{
	gv_claim *g = &c->c;
	if (g->trend == CLAIM_T_CHANGE) {
		judge_change(cc, c);
		return;
	}
	if (c->regain) {
		judge_regain(cc, c);
		return;
	}
	if (g->trend == CLAIM_T_NONE && c->lines == 0)
		return;
	static const gv_ind generic[] = {GV_WFA, GV_LHFA, GV_HCFA};
	const gv_ind *ks = c->inds;
	int nk = c->nind;
	if (nk == 0) {
		ks = generic;
		nk = 3;
	}
	size_t n = cc->c.nv;
	unsigned char use[64], all[64];
	if (n > 64)
		n = 64;
	int sup = 0, con = 0, unv = 0;
	gv_claim first = *g, best = *g;
	int have_first = 0;
	for (int j = 0; j < nk; j++) {
		gv_ind k = ks[j];
		size_t i0, i1;
		cj_span(cc, c, k, &i0, &i1);
		for (size_t i = 0; i < n; i++) {
			all[i] = i >= i0 && i <= i1;
			use[i] = all[i] && !(cc->bad[i] & (1u << k));
		}
		gv_claim t = *g;
		t.ind = k;
		claim_verdict v = trend_one(cc, c, k, use, &t);
		/* a span whose named end (or start) is a value flagged implausible ("a sharp jump to 32.0
		 * kg at 3.5 years"): the trend rests on it */
		int named_bad = ((c->to.kind != TM_NONE && i1 < n && (cc->bad[i1] & (1u << k))) ||
				 (c->from.kind != TM_NONE && i0 < n && (cc->bad[i0] & (1u << k))));
		if (named_bad && !(g->attr & CLAIM_A_NEGATED)) {
			v = CLAIM_CONTRADICTED;
			t.note[0] = '\0';
			cj_note(&t, "rests on a value flagged implausible");
		} else if (v != CLAIM_SUPPORTED) {
			gv_claim t2 = t;
			if (trend_one(cc, c, k, all, &t2) == CLAIM_SUPPORTED && memcmp(use, all, n) != 0) {
				v = CLAIM_CONTRADICTED;
				t.note[0] = '\0';
				cj_note(&t, "rests on a value flagged implausible");
			}
		}
		if (i1 < cc->c.nv)
			cj_set_visit(cc, &t, i1);
		t.date_from = cc->c.v[i0].date;
		if (v == CLAIM_SUPPORTED) {
			if (!sup)
				best = t;
			sup++;
		} else if (v == CLAIM_CONTRADICTED) {
			if (!have_first)
				first = t, have_first = 1;
			con++;
		} else {
			unv++;
		}
	}
	int generic_claim = c->nind == 0;
	claim_verdict v;
	if (generic_claim && g->trend != CLAIM_T_STEADY && g->trend != CLAIM_T_PLATEAU)
		v = sup ? CLAIM_SUPPORTED : con && !unv ? CLAIM_CONTRADICTED : CLAIM_UNVERIFIABLE;
	else
		v = con ? CLAIM_CONTRADICTED : sup && !unv ? CLAIM_SUPPORTED : sup ? CLAIM_SUPPORTED : CLAIM_UNVERIFIABLE;
	if (v == CLAIM_CONTRADICTED)
		*g = first;
	else if (sup)
		*g = best;
	else if (have_first)
		*g = first;
	if (generic_claim)
		g->ind = GV_NIND;
	else
		g->ind = c->inds[0];
	if (g->attr & CLAIM_A_NEGATED)
		v = v == CLAIM_SUPPORTED ? CLAIM_CONTRADICTED : v == CLAIM_CONTRADICTED ? CLAIM_SUPPORTED : v;
	g->verdict = v;
}
