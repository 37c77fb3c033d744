/* claims_jnum.c — the claim checker's verdicts on numbers (see claims.h, "Tolerances"): values
 * (within the rounding shown, on every basis a slip may come from), percentiles and z-scores (the
 * bands between major lines, the other bases), and ages.  The visits a claim is about are
 * claims_judge.c's. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/age.h"
#include "core/claims_jint.h"
#include "core/ig21.h"
#include "core/stature.h"

/* ================================================================== numbers */

static int num_ok(double stated, double hi, claim_cmp cmp, double tol, double e)
{
	double eps = 1e-9 * (1 + fabs(e));
	if (isnan(e))
		return 0;
	switch (cmp) {
	case CLAIM_LT: return e < stated + tol + eps;
	case CLAIM_GT: return e > stated - tol - eps;
	case CLAIM_RANGE: return e >= stated - tol - eps && e <= hi + tol + eps;
	default: return fabs(e - stated) <= tol + eps;
	}
}

static const char *const basis_words[CLAIM_NBASES] = {
	"", "the CDC 2000 value", "the WHO value", "the value at chronological age", "the weight in pounds",
	"the weight in kilograms", "the length in inches", "the length in centimetres", "the value at another visit",
	"another indicator's value", "the z-score/percentile the other way round"};

static void note_basis(gv_claim *g, claim_basis b, size_t visit, const claims_child *cc)
{
	g->matches = b;
	cj_note(g, "matches ");
	cj_note(g, basis_words[b]);
	if (b == CLAIM_B_OTHER_VISIT && visit != CLAIMS_NO_VISIT) {
		char a[24];
		cj_age_text(cc, visit, a, sizeof a);
		cj_note(g, " (at ");
		cj_note(g, a);
		cj_note(g, ")");
	}
	if (b == CLAIM_B_LB_AS_KG)
		cj_note(g, " written as kilograms");
	else if (b == CLAIM_B_KG_AS_LB)
		cj_note(g, " written as pounds");
	else if (b == CLAIM_B_IN_AS_CM)
		cj_note(g, " written as centimetres");
	else if (b == CLAIM_B_CM_AS_IN)
		cj_note(g, " written as inches");
}

static void note_visit(gv_claim *g, const claims_child *cc, size_t i)
{
	char a[24];
	cj_age_text(cc, i, a, sizeof a);
	cj_note(g, "at ");
	cj_note(g, a);
	if (cc->res[i].corrected)
		cj_note(g, " (corrected age)");
}

/* "holds at 3 of 4 visits of the span" */
static void note_span(gv_claim *g, int ok, int tot)
{
	cj_note(g, "holds at ");
	cj_note_num(g, ok, 0);
	cj_note(g, " of ");
	cj_note_num(g, tot, 0);
	cj_note(g, " visits of the span");
}

/* "no visit within 1 month of 18 months (nearest: 15 months)" */
static void note_no_visit(gv_claim *g, const claims_child *cc, const cp_claim *c, size_t near)
{
	cj_note(g, "no visit at the age named");
	if (!isnan(c->at.m0) && c->at.kind == TM_AT) {
		cj_note(g, " (");
		cj_note_num(g, c->at.m0 < 24 ? c->at.m0 : c->at.m0 / 12, c->at.m0 < 24 ? 0 : 1);
		cj_note(g, c->at.m0 < 24 ? " months +/- " : " years +/- ");
		cj_note_num(g, c->at.m0 < 24 ? c->at.tol : c->at.tol / 12, c->at.m0 < 24 ? 0 : 1);
		cj_note(g, ")");
	}
	if (near != CLAIMS_NO_VISIT) {
		cj_note(g, "; nearest visit ");
		note_visit(g, cc, near);
	}
}

/* ------------------------------------------------------------------ values */

/* A measurement in the unit a claim states it in. */
static double in_unit(double canon, cp_unit u)
{
	switch (u) {
	case U_G: return canon * 1000;
	case U_LB: case U_LBOZ: return canon / GV_KG_PER_LB;
	case U_OZ: return canon / GV_KG_PER_LB * 16;
	case U_MM: return canon * 10;
	case U_M: return canon / 100;
	case U_IN: case U_FTIN: return canon / GV_CM_PER_IN;
	default: return canon;
	}
}

static void expected_value(gv_claim *g, double e, cp_unit u, int dec)
{
	g->expected[0] = '\0';
	g->expected_num = e;
	switch (u) {
	case U_LBOZ: {
		double lb = floor(e), oz = (e - lb) * 16;
		if (oz >= 15.95)
			lb += 1, oz = 0;
		cj_expected_num(g, lb, 0);
		cj_expected(g, " lb ");
		cj_expected_num(g, oz, 1);
		cj_expected(g, " oz");
		return;
	}
	case U_FTIN: {
		double ft = floor(e / 12), in = e - ft * 12;
		cj_expected_num(g, ft, 0);
		cj_expected(g, " ft ");
		cj_expected_num(g, in, 1);
		cj_expected(g, " in");
		return;
	}
	case U_PCT_P95:
		cj_expected_num(g, e, 1);
		cj_expected(g, "% of P95");
		return;
	default:
		break;
	}
	int d = dec;
	if (u == U_KG || u == U_LB || u == U_CM || u == U_IN || u == U_BMI)
		d = dec < 1 ? 1 : dec;
	if (u == U_KG && dec < 2)
		d = 2;
	cj_expected_num(g, e, d);
	cj_expected(g, " ");
	cj_expected(g, g->unit);
}

/* The value of claim c at visit i, in its unit; NAN when not measured. */
static double value_at(const claims_child *cc, const cp_claim *c, size_t i, gv_ind k)
{
	if (c->unit == U_PCT_P95)
		return cc->res[i].bmi_pct_p95;
	return in_unit(cj_raw_value(cc, i, k), c->unit);
}

static int value_ok(const claims_child *cc, const cp_claim *c, size_t i, gv_ind k)
{
	const gv_claim *g = &c->c;
	if (num_ok(g->stated_num, g->stated_hi, g->cmp, c->tol, value_at(cc, c, i, k)))
		return 1;
	/* a length is also compared with the value scored after the WHO +/-0.7 cm conversion */
	if (k == GV_LHFA && cc->res[i].height_adj_cm != 0 && !isnan(cc->res[i].height_cm) &&
	    num_ok(g->stated_num, g->stated_hi, g->cmp, c->tol, in_unit(cc->res[i].height_cm, c->unit)))
		return 1;
	return 0;
}

/* A parent's height or the mid-parental target (Tanner JM et al., Arch Dis Child 1970;45:755:
 * (father + mother +/- 13 cm) / 2, + for boys). */
/* The child's projected adult height (core/stature.h), leaving out heights flagged implausible;
 * GV_OK with *out set, else the reason. */
static gv_status projection(const claims_child *cc, stature_projection *out)
{
	unsigned char *use = malloc(cc->c.nv ? cc->c.nv : 1);
	if (!use)
		return GV_ENOMEM;
	for (size_t i = 0; i < cc->c.nv; i++)
		use[i] = !(cc->bad[i] & (1u << GV_LHFA));
	gv_status st = stature_project(&cc->c, cc->res, use, cc->o.flags.growth.policy, out);
	free(use);
	return st;
}

static void judge_parent(const claims_child *cc, cp_claim *c)
{
	gv_claim *g = &c->c;
	const gv_patient *p = &cc->c.p;
	double e = NAN;
	if (c->whom == WHO_PROJECTED) {
		stature_projection pr;
		g->ind = GV_NIND;
		if (projection(cc, &pr) != GV_OK) {
			cj_note(g, "no height from 2 years to project");
			return;
		}
		e = in_unit(pr.adult_cm, c->unit);
		expected_value(g, e, c->unit, c->dec);
		/* a projection is read off the chart: the rounding shown, at least 1 cm */
		double t = c->tol < in_unit(1.0, c->unit) ? in_unit(1.0, c->unit) : c->tol;
		g->verdict = num_ok(g->stated_num, g->stated_hi, g->cmp, t, e) ? CLAIM_SUPPORTED : CLAIM_CONTRADICTED;
		cj_note(g, "projected adult height (height z carried to the adult end of the chart)");
		return;
	}
	if (c->whom == WHO_PARENT) {
		/* either parent: the one it matches, else the nearer */
		double m = in_unit(p->mother_height_cm, c->unit), f = in_unit(p->father_height_cm, c->unit);
		int mo = num_ok(g->stated_num, g->stated_hi, g->cmp, c->tol, m), fo = num_ok(g->stated_num, g->stated_hi, g->cmp, c->tol, f);
		c->whom = mo || (!fo && !isnan(m) && (isnan(f) || fabs(m - g->stated_num) <= fabs(f - g->stated_num)))
				  ? WHO_MOTHER
				  : WHO_FATHER;
	}
	if (c->whom == WHO_MOTHER)
		e = p->mother_height_cm;
	else if (c->whom == WHO_FATHER)
		e = p->father_height_cm;
	else if (!isnan(p->mother_height_cm) && !isnan(p->father_height_cm))
		e = (p->mother_height_cm + p->father_height_cm + (p->sex == GV_MALE ? 13 : -13)) / 2;
	g->ind = GV_NIND;
	if (isnan(e)) {
		cj_note(g, "the parents' heights are not recorded");
		return;
	}
	if (c->whom == WHO_TARGET && g->cmp == CLAIM_RANGE) {
		/* the target range, target -/+ 8.5 cm (Tanner 1970, core/stature.h): its ends, or a range
		 * no wider than it around the target */
		double lo = in_unit(e - STATURE_TANNER_RANGE_CM, c->unit), hi = in_unit(e + STATURE_TANNER_RANGE_CM, c->unit);
		double t = c->tol, ev = in_unit(e, c->unit);
		expected_value(g, hi, c->unit, c->dec);
		char tail[CLAIMS_TEXT];
		memcpy(tail, g->expected, sizeof tail);
		g->expected[0] = '\0';
		cj_expected_num(g, lo, c->dec);
		cj_expected(g, "-");
		cj_expected(g, tail);
		g->expected_num = lo;
		int ends = fabs(g->stated_num - lo) <= t && fabs(g->stated_hi - hi) <= t;
		int around = g->stated_num <= ev + t && g->stated_hi >= ev - t && g->stated_hi - g->stated_num <= hi - lo + 2 * t;
		g->verdict = ends || around ? CLAIM_SUPPORTED : CLAIM_CONTRADICTED;
		cj_note(g, "mid-parental target range (target -/+ 8.5 cm)");
		return;
	}
	e = in_unit(e, c->unit);
	expected_value(g, e, c->unit, c->dec);
	g->verdict = num_ok(g->stated_num, g->stated_hi, g->cmp, c->tol, e) ? CLAIM_SUPPORTED : CLAIM_CONTRADICTED;
	cj_note(g, c->whom == WHO_MOTHER ? "mother's height" : c->whom == WHO_FATHER ? "father's height"
										     : "mid-parental target height");
}

/* Another basis the stated value matches (claims.h): unit slips, another visit, another
 * measurement of this visit. */
static claim_basis value_other(const claims_child *cc, const cp_claim *c, size_t v, gv_ind k, size_t *at)
{
	const gv_claim *g = &c->c;
	double kg = cj_raw_value(cc, v, k), t = c->tol;
	*at = CLAIMS_NO_VISIT;
	if (k == GV_WFA || k == GV_WFLH) {
		if (c->unit == U_KG && num_ok(g->stated_num, g->stated_hi, g->cmp, t, kg / GV_KG_PER_LB))
			return CLAIM_B_LB_AS_KG;
		if ((c->unit == U_LB || c->unit == U_LBOZ) && num_ok(g->stated_num, g->stated_hi, g->cmp, t, kg))
			return CLAIM_B_KG_AS_LB;
	}
	if (k == GV_LHFA || k == GV_HCFA) {
		if (c->unit == U_CM && num_ok(g->stated_num, g->stated_hi, g->cmp, t, kg / GV_CM_PER_IN))
			return CLAIM_B_IN_AS_CM;
		if ((c->unit == U_IN || c->unit == U_FTIN) && num_ok(g->stated_num, g->stated_hi, g->cmp, t, kg))
			return CLAIM_B_CM_AS_IN;
		static const gv_ind other[] = {GV_LHFA, GV_HCFA, GV_ACFA};
		for (int j = 0; j < 3; j++)
			if (other[j] != k && num_ok(g->stated_num, g->stated_hi, g->cmp, t, in_unit(cj_raw_value(cc, v, other[j]), c->unit)))
				return CLAIM_B_OTHER_IND;
	}
	for (size_t i = cc->c.nv; i-- > 0;)
		if (i != v && value_ok(cc, c, i, k)) {
			*at = i;
			return CLAIM_B_OTHER_VISIT;
		}
	return CLAIM_B_NONE;
}

void cj_value(const claims_child *cc, cp_claim *c)
{
	gv_claim *g = &c->c;
	if (c->nlist > 1) {
		/* at every age of the list: the first that fails decides */
		gv_claim last = *g;
		for (int l = 0; l < c->nlist; l++) {
			cp_claim one = *c;
			one.at = c->list[l];
			one.nlist = 0;
			cj_value(cc, &one);
			last = one.c;
			if (one.c.verdict != CLAIM_SUPPORTED)
				break;
		}
		*g = last;
		return;
	}
	if (c->whom == WHO_EXPECTED) {
		cj_note(g, "an expected value, not a measurement of the child");
		return;
	}
	if (c->whom == WHO_GUESS) {
		cj_note(g, "a supposition, not a value of the record");
		return;
	}
	if (c->whom != WHO_CHILD) {
		judge_parent(cc, c);
		return;
	}
	gv_ind k = g->ind;
	if (k == GV_NIND)
		return;
	jcands cd;
	cj_candidates(cc, c, k, &cd);
	if (!cd.within) {
		g->verdict = cd.nearest == CLAIMS_NO_VISIT ? CLAIM_UNVERIFIABLE : CLAIM_CONTRADICTED;
		note_no_visit(g, cc, c, cd.nearest);
		return;
	}
	if (cd.n == 0) {
		cj_note(g, "not measured");
		return;
	}
	if (c->tie == TIE_SPAN) {
		size_t good = CLAIMS_NO_VISIT, bad = CLAIMS_NO_VISIT;
		int ok = 0, tot = 0;
		for (int j = 0; j < cd.n; j++) {
			size_t i = cd.v[j];
			if (isnan(value_at(cc, c, i, k)))
				continue;
			tot++;
			if (value_ok(cc, c, i, k))
				ok++, good = i;
			else if (bad == CLAIMS_NO_VISIT)
				bad = i;
		}
		if (!tot)
			return;
		size_t i = 2 * ok >= tot ? good : bad;
		cj_set_visit(cc, g, i);
		expected_value(g, value_at(cc, c, i, k), c->unit, c->dec);
		g->verdict = 2 * ok >= tot ? CLAIM_SUPPORTED : CLAIM_CONTRADICTED;
		note_span(g, ok, tot);
		return;
	}
	for (int j = 0; j < cd.n; j++) {
		if (value_ok(cc, c, cd.v[j], k)) {
			size_t i = cd.v[j];
			cj_set_visit(cc, g, i);
			expected_value(g, value_at(cc, c, i, k), c->unit, c->dec);
			g->verdict = CLAIM_SUPPORTED;
			return;
		}
	}
	size_t i = cd.v[0];
	double e = value_at(cc, c, i, k);
	cj_set_visit(cc, g, i);
	if (isnan(e)) {
		cj_note(g, "not measured at that visit");
		return;
	}
	expected_value(g, e, c->unit, c->dec);
	g->verdict = CLAIM_CONTRADICTED;
	size_t at;
	claim_basis b = value_other(cc, c, i, k, &at);
	if (b != CLAIM_B_NONE)
		note_basis(g, b, at, cc);
	else
		note_visit(g, cc, i);
}

/* ------------------------------------------------------------------ percentiles and z-scores */

/* The percentile band of a stated percentile between two major lines of the chart of ref; 0 when
 * the stated percentile is itself on a line. */
static int band_of(const claims_child *cc, gv_ref ref, double stated, double *lo, double *hi)
{
	size_t n;
	const traj_line *l = traj_lines(traj_lineset_for(ref, cc->o.who_lines), &n);
	*lo = 0;
	*hi = 100;
	for (size_t i = 0; i < n; i++) {
		double lp = l[i].pct;
		/* the CDC WHO chart's "P2" and "P98" lines are drawn at 2.3 and 97.7 */
		if (fabs(stated - lp) < 0.5 || (lp < 3 && stated == 2) || (lp > 97 && stated == 98))
			return 0;
		if (lp < stated)
			*lo = lp;
		else if (*hi == 100)
			*hi = lp;
	}
	return 1;
}

/* The percentiles nearer the line at stated (a line of the chart of ref) than its neighbours. */
static int near_line(const claims_child *cc, gv_ref ref, double stated, double *lo, double *hi)
{
	size_t n;
	const traj_line *l = traj_lines(traj_lineset_for(ref, cc->o.who_lines), &n);
	for (size_t i = 0; i < n; i++) {
		if (fabs(stated - l[i].pct) >= 0.5 && !(l[i].pct < 3 && stated == 2) && !(l[i].pct > 97 && stated == 98))
			continue;
		double below = i > 0 ? l[i - 1].pct : 0, above = i + 1 < n ? l[i + 1].pct : 100;
		*lo = (below + l[i].pct) / 2;
		*hi = (above + l[i].pct) / 2;
		return 1;
	}
	return 0;
}

/* Does result r of indicator k agree with the stated percentile (is_z 0) or z (is_z 1)? */
static int pz_ok(const claims_child *cc, const cp_claim *c, const gv_result *r, gv_ind k, int is_z, int band)
{
	const gv_claim *g = &c->c;
	const gv_ind_result *ir = &r->ind[k];
	if (ir->status != GV_OK)
		return 0;
	double e = is_z ? ir->z : ir->p;
	if (num_ok(g->stated_num, g->stated_hi, g->cmp, c->tol, e))
		return 1;
	if (k == GV_BFA && r->ref == GV_CDC2000) {
		double ext = is_z ? r->z_bfa_ext : r->p_bfa_ext;
		if (num_ok(g->stated_num, g->stated_hi, g->cmp, c->tol, ext))
			return 1;
	}
	double lo, hi;
	if (band && !is_z && (g->cmp == CLAIM_EQ || g->cmp == CLAIM_APPROX) && c->dec == 0) {
		if (band_of(cc, r->ref, g->stated_num, &lo, &hi))
			return e >= lo && e <= hi;
		/* "around the 50th": nearer that line than the lines on either side */
		if (g->cmp == CLAIM_APPROX && near_line(cc, r->ref, g->stated_num, &lo, &hi))
			return e >= lo && e <= hi;
	}
	return 0;
}

static claim_basis pz_other(const claims_child *cc, const cp_claim *c, size_t v, gv_ind k, int is_z, size_t *at)
{
	*at = CLAIMS_NO_VISIT;
	const gv_result *r = &cc->res[v];
	if (cc->cdc[v].ref != r->ref && pz_ok(cc, c, &cc->cdc[v], k, is_z, 0))
		return CLAIM_B_CDC;
	if (cc->who[v].ref != r->ref && pz_ok(cc, c, &cc->who[v], k, is_z, 0))
		return CLAIM_B_WHO;
	if (cc->chrono && r->corrected && pz_ok(cc, c, &cc->chrono[v], k, is_z, 0))
		return CLAIM_B_CHRONO;
	static const gv_ind main_inds[] = {GV_WFA, GV_LHFA, GV_BFA, GV_HCFA, GV_WFLH, GV_ACFA};
	for (int j = 0; j < 6; j++)
		if (main_inds[j] != k && pz_ok(cc, c, r, main_inds[j], is_z, 0))
			return CLAIM_B_OTHER_IND;
	for (size_t i = cc->c.nv; i-- > 0;)
		if (i != v && pz_ok(cc, c, &cc->res[i], k, is_z, 0)) {
			*at = i;
			return CLAIM_B_OTHER_VISIT;
		}
	const gv_ind_result *ir = &r->ind[k];
	if (ir->status == GV_OK && c->c.cmp == CLAIM_EQ &&
	    (is_z ? fabs(c->c.stated_num - ir->p) <= CLAIMS_TOL_PCT : fabs(c->c.stated_num - ir->z) <= CLAIMS_TOL_Z))
		return CLAIM_B_Z_AS_PCT;
	return CLAIM_B_NONE;
}

static void expected_pz(gv_claim *g, const gv_ind_result *ir, int is_z)
{
	g->expected[0] = '\0';
	if (is_z) {
		g->expected_num = ir->z;
		cj_expected(g, "z ");
		cj_expected_num(g, ir->z, 2);
	} else {
		g->expected_num = ir->p;
		cj_expected(g, "P");
		cj_expected_num(g, ir->p, ir->p < 1 || ir->p > 99 ? 2 : 1);
	}
}

/* A z or centile of the birth measurement read on the INTERGROWTH-21st Newborn Size standard for
 * the gestational age (Villar J et al., Lancet 2014;384:857), as size for gestational age is judged
 * ("small for gestational age at birth: weight z -2.01"): 1 when it matches, the expected value
 * in *e. */
static int nbs_ok(const claims_child *cc, const cp_claim *c, size_t i, gv_ind k, int is_z, double *e)
{
	const gv_child *ch = &cc->c;
	if (isnan(cc->ga) || ch->v[i].date != ch->p.birth_date || (k != GV_WFA && k != GV_LHFA && k != GV_HCFA))
		return 0;
	double v = cj_raw_value(cc, i, k), ga = cc->ga * 7;
	if (isnan(v) || ga < IG21_NBS_GA_MIN || ga > IG21_NBS_GA_MAX + 0.5)
		return 0;
	ig21_score sc;
	if (ig21_score_value(k == GV_WFA ? IG21_NBS_WFA : k == GV_LHFA ? IG21_NBS_LHFA : IG21_NBS_HCFA, ch->p.sex,
			     floor(ga + 0.5), v, &sc) != GV_OK)
		return 0;
	*e = is_z ? sc.z : sc.p;
	const gv_claim *g = &c->c;
	double tol = is_z ? CLAIMS_TOL_Z : CLAIMS_TOL_PCT;
	return num_ok(g->stated_num, g->stated_hi, g->cmp, g->cmp == CLAIM_APPROX ? 2 * tol : tol, *e);
}

/* One indicator: the verdict, with expected and note filled in on g. */
static claim_verdict pz_one(const claims_child *cc, cp_claim *c, gv_ind k, int is_z, gv_claim *g)
{
	if (c->nlist > 1) {
		/* at every age of the list: the first that fails decides */
		claim_verdict v = CLAIM_UNVERIFIABLE;
		for (int l = 0; l < c->nlist; l++) {
			cp_claim one = *c;
			one.at = c->list[l];
			one.nlist = 0;
			gv_claim t = *g;
			v = pz_one(cc, &one, k, is_z, &t);
			*g = t;
			if (v != CLAIM_SUPPORTED)
				break;
		}
		return v;
	}
	jcands cd;
	cj_candidates(cc, c, k, &cd);
	g->ind = k;
	if (!cd.within) {
		note_no_visit(g, cc, c, cd.nearest);
		return cd.nearest == CLAIMS_NO_VISIT ? CLAIM_UNVERIFIABLE : CLAIM_CONTRADICTED;
	}
	if (c->tie == TIE_SPAN) {
		size_t good = CLAIMS_NO_VISIT, bad = CLAIMS_NO_VISIT;
		int ok = 0, tot = 0;
		for (int j = 0; j < cd.n; j++) {
			size_t i = cd.v[j];
			if (cc->res[i].ind[k].status != GV_OK)
				continue;
			tot++;
			if (pz_ok(cc, c, &cc->res[i], k, is_z, 1))
				ok++, good = i;
			else if (bad == CLAIMS_NO_VISIT)
				bad = i;
		}
		if (!tot) {
			cj_note(g, "not scored over that span");
			return CLAIM_UNVERIFIABLE;
		}
		size_t i = 2 * ok >= tot ? good : bad;
		cj_set_visit(cc, g, i);
		g->ref = cc->res[i].ref;
		expected_pz(g, &cc->res[i].ind[k], is_z);
		note_span(g, ok, tot);
		return 2 * ok >= tot ? CLAIM_SUPPORTED : CLAIM_CONTRADICTED;
	}
	int scored = 0;
	for (int j = 0; j < cd.n; j++) {
		size_t i = cd.v[j];
		if (cc->res[i].ind[k].status != GV_OK)
			continue;
		scored = 1;
		if (pz_ok(cc, c, &cc->res[i], k, is_z, 1)) {
			cj_set_visit(cc, g, i);
			g->ref = cc->res[i].ref;
			expected_pz(g, &cc->res[i].ind[k], is_z);
			return CLAIM_SUPPORTED;
		}
	}
	if (!scored) {
		cj_note(g, "not scored at that visit");
		return CLAIM_UNVERIFIABLE;
	}
	size_t i = CLAIMS_NO_VISIT;
	for (int j = 0; j < cd.n && i == CLAIMS_NO_VISIT; j++)
		if (cc->res[cd.v[j]].ind[k].status == GV_OK)
			i = cd.v[j];
	cj_set_visit(cc, g, i);
	g->ref = cc->res[i].ref;
	double nbs;
	if (nbs_ok(cc, c, i, k, is_z, &nbs)) {
		g->expected[0] = '\0';
		g->expected_num = nbs;
		cj_expected(g, is_z ? "z " : "P");
		cj_expected_num(g, nbs, is_z ? 2 : nbs < 1 || nbs > 99 ? 2 : 1);
		cj_note(g, "on the INTERGROWTH-21st newborn size standard for the gestational age");
		return CLAIM_SUPPORTED;
	}
	/* the number of the flag its sentence names ("Failure to thrive (moderate): low weight on
	 * repeated visits at 3y 0m: weight z -2.38"): the engine's flag holds it */
	for (size_t f = 0; c->flagcat && f < cc->nflags; f++) {
		const gv_flag *fl = &cc->flags[f];
		double e = is_z ? fl->z : fl->percentile;
		double tol = is_z ? CLAIMS_TOL_Z : CLAIMS_TOL_PCT;
		int here = 0;
		for (int j = 0; j < cd.n; j++)
			here |= cd.v[j] == fl->visit;
		if ((int)fl->category != c->flagcat - 1 || isnan(e) || !here ||
		    !num_ok(g->stated_num, g->stated_hi, g->cmp, g->cmp == CLAIM_APPROX ? 2 * tol : tol, e))
			continue;
		cj_set_visit(cc, g, fl->visit);
		g->ref = cc->res[fl->visit].ref;
		g->expected[0] = '\0';
		g->expected_num = e;
		cj_expected(g, is_z ? "z " : "P");
		cj_expected_num(g, e, is_z ? 2 : e < 1 || e > 99 ? 2 : 1);
		cj_note(g, "the value of the ");
		cj_note(g, flags_cat_name(fl->category));
		cj_note(g, " flag");
		return CLAIM_SUPPORTED;
	}
	expected_pz(g, &cc->res[i].ind[k], is_z);
	size_t at;
	claim_basis b = pz_other(cc, c, i, k, is_z, &at);
	if (b != CLAIM_B_NONE) {
		note_basis(g, b, at, cc);
		cj_note(g, "; ");
	}
	cj_note(g, refs_ind_name(k));
	cj_note(g, " ");
	note_visit(g, cc, i);
	cj_note(g, " on ");
	cj_note(g, refs_ref_name(cc->res[i].ref));
	return CLAIM_CONTRADICTED;
}

void cj_pz(const claims_child *cc, cp_claim *c, int is_z)
{
	gv_claim *g = &c->c;
	if (c->whom == WHO_PROJECTED && c->aside) {
		stature_projection pr;
		if (projection(cc, &pr) != GV_OK) {
			cj_note(g, "no height from 2 years to project");
			return;
		}
		double e = is_z ? pr.z : pr.p, tol = is_z ? CLAIMS_TOL_Z : CLAIMS_TOL_PCT;
		g->expected[0] = '\0';
		g->expected_num = e;
		cj_expected(g, is_z ? "z " : "P");
		cj_expected_num(g, e, is_z ? 2 : 1);
		g->verdict = num_ok(g->stated_num, g->stated_hi, g->cmp, g->cmp == CLAIM_APPROX ? 2 * tol : tol, e)
				     ? CLAIM_SUPPORTED
				     : CLAIM_CONTRADICTED;
		g->note[0] = '\0';
		cj_note(g, "the projected adult height's z and centile are the current height's");
		return;
	}
	if (c->whom == WHO_TARGET && c->aside) {
		/* the target's own z or centile on the adult end of the chart (core/stature.h) */
		const gv_patient *p = &cc->c.p;
		stature_target t;
		if (stature_target_of(p->sex, p->mother_height_cm, p->father_height_cm, cc->o.flags.growth.policy, &t) != GV_OK) {
			cj_note(g, "the parents' heights are not recorded");
			return;
		}
		double e = is_z ? t.z : t.p;
		double tol = is_z ? CLAIMS_TOL_Z : CLAIMS_TOL_PCT;
		g->expected[0] = '\0';
		g->expected_num = e;
		cj_expected(g, is_z ? "z " : "P");
		cj_expected_num(g, e, is_z ? 2 : 1);
		g->verdict = num_ok(g->stated_num, g->stated_hi, g->cmp, g->cmp == CLAIM_APPROX ? 2 * tol : tol, e)
				     ? CLAIM_SUPPORTED
				     : CLAIM_CONTRADICTED;
		cj_note(g, "the mid-parental target height's ");
		cj_note(g, is_z ? "z" : "centile");
		cj_note(g, " at the adult end of the chart");
		return;
	}
	if (c->whom != WHO_CHILD) {
		cj_note(g, c->whom == WHO_GUESS || c->whom == WHO_EXPECTED ? "a percentile of a supposed or expected value, not the record's"
									     : "a percentile of a parent's or the target height, not the child's");
		return;
	}
	static const gv_ind any[] = {GV_WFA, GV_LHFA, GV_BFA, GV_HCFA, GV_WFLH};
	int nk = c->nind;
	const gv_ind *ks = c->inds;
	if (nk == 0) {
		/* no indicator named: supported by any of them, else contradicted by all */
		ks = any;
		nk = 5;
	}
	gv_claim best = *g, first_bad = *g;
	int sup = 0, con = 0, unv = 0, have_bad = 0;
	for (int j = 0; j < nk; j++) {
		gv_claim t = *g;
		claim_verdict v = pz_one(cc, c, ks[j], is_z, &t);
		if (v == CLAIM_SUPPORTED) {
			if (!sup)
				best = t;
			sup++;
		} else if (v == CLAIM_CONTRADICTED) {
			if (!have_bad)
				first_bad = t, have_bad = 1;
			con++;
		} else {
			unv++;
			if (!have_bad && !sup)
				best = t;
		}
	}
	if (c->nind == 0) {
		if (sup) {
			*g = best;
			g->verdict = CLAIM_SUPPORTED;
		} else if (con) {
			*g = first_bad;
			g->verdict = CLAIM_CONTRADICTED;
			g->note[0] = '\0';
			cj_note(g, "no indicator named, and none has this value");
		}
		return;
	}
	if (con) {
		*g = first_bad;
		g->verdict = CLAIM_CONTRADICTED;
	} else if (sup && !unv) {
		*g = best;
		g->verdict = CLAIM_SUPPORTED;
	} else {
		*g = best;
		g->verdict = sup ? CLAIM_SUPPORTED : CLAIM_UNVERIFIABLE;
	}
	g->ind = c->inds[0];
	/* "the charts changed from WHO to CDC at 2 years; her weight went from P61 to P45 at that
	 * visit": the start of a change at the switch is read on the chart before it */
	if (g->verdict == CLAIM_CONTRADICTED && c->switching && c->role == ROLE_FROM &&
	    (g->matches == CLAIM_B_WHO || g->matches == CLAIM_B_CDC)) {
		g->verdict = CLAIM_SUPPORTED;
		g->matches = CLAIM_B_NONE;
		g->note[0] = '\0';
		cj_note(g, "the start of a change at the switch of charts, on the chart before it");
	}
}

/* ------------------------------------------------------------------ ages */

void cj_age(const claims_child *cc, cp_claim *c)
{
	gv_claim *g = &c->c;
	const cp_time *t = &c->at;
	double ga = cc->ga;
	switch (t->kind) {
	case TM_GA: case TM_TERM: case TM_PRETERM:
		if (isnan(ga)) {
			cj_note(g, "gestational age not recorded");
			return;
		}
		g->expected[0] = '\0';
		cj_expected_num(g, floor(ga + 1e-9), 0);
		if (ga - floor(ga + 1e-9) > 0.01) {
			cj_expected(g, "+");
			cj_expected_num(g, (ga - floor(ga + 1e-9)) * 7, 0);
		}
		cj_expected(g, " weeks");
		g->expected_num = ga;
		if (t->kind == TM_GA)
			g->verdict = fabs(ga - t->m0) < 1 - 1e-9 || floor(ga + 1e-9) == floor(t->m0 + 1e-9) ? CLAIM_SUPPORTED
													  : CLAIM_CONTRADICTED;
		else
			g->verdict = (ga >= 37) == (t->kind == TM_TERM) ? CLAIM_SUPPORTED : CLAIM_CONTRADICTED;
		return;
	case TM_CURRENT: {
		size_t i = cc->last;
		double a = cj_age_months(cc, i);
		cj_set_visit(cc, g, i);
		cj_age_text(cc, i, g->expected, sizeof g->expected);
		g->expected_num = t->years ? a / 12 : a;
		int ok = fabs(a - t->m0) <= t->tol + 1e-6;
		if (t->years && floor(a / 12 + 1e-9) == floor(t->m0 / 12 + 1e-9))
			ok = 1;
		if (!t->years && floor(a + 1e-9) == floor(t->m0 + 1e-9))
			ok = 1;
		if (!ok && cc->res[i].corrected && fabs(cc->res[i].cage_months - t->m0) <= t->tol + 1e-6)
			ok = 1;
		g->verdict = ok ? CLAIM_SUPPORTED : CLAIM_CONTRADICTED;
		if (!ok)
			cj_note(g, "age at the last visit");
		return;
	}
	case TM_BIRTH: case TM_BETWEEN: {
		/* "at birth", "4-24 mo": supported when the record has visits there; a range may also be a
		 * chart's or a rule's, and a birth before the record began: unverifiable otherwise */
		cp_time a = *t, b = *t;
		a.kind = t->kind == TM_BIRTH ? TM_BIRTH : TM_AT;
		b.kind = TM_AT;
		b.m0 = t->m1;
		int wa, wb = 1;
		size_t i = cj_visit_for(cc, &a, GV_NIND, &wa), j = i;
		if (t->kind == TM_BETWEEN)
			j = cj_visit_for(cc, &b, GV_NIND, &wb);
		if (i == CLAIMS_NO_VISIT || j == CLAIMS_NO_VISIT)
			return;
		cj_set_visit(cc, g, j);
		g->date_from = cc->c.v[i].date;
		if (wa && wb) {
			g->verdict = CLAIM_SUPPORTED;
			cj_age_text(cc, j, g->expected, sizeof g->expected);
		} else {
			cj_note(g, "no visit at ");
			cj_note(g, wa ? "its end" : "its start");
		}
		return;
	}
	case TM_AT: {
		int within;
		size_t i = cj_visit_for(cc, t, GV_NIND, &within);
		if (i == CLAIMS_NO_VISIT)
			return;
		cj_set_visit(cc, g, i);
		cj_age_text(cc, i, g->expected, sizeof g->expected);
		g->expected_num = t->years || t->m0 >= 24 ? cj_age_months(cc, i) / 12 : cj_age_months(cc, i);
		g->verdict = within ? CLAIM_SUPPORTED : CLAIM_CONTRADICTED;
		if (!within)
			note_no_visit(g, cc, c, i);
		return;
	}
	default:
		return;
	}
}
