/* claims_verdict.c — the claim checker's verdicts on words (see claims.h, "Tolerances"):
 * categories against the flags, the chart and age basis against the chart policy, advice against
 * the open flags; and the flags a summary leaves out.  Trends are claims_trend.c's. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/age.h"
#include "core/claims_jint.h"
#include "core/ig21.h"

#define B(c) GV_CAT_BIT(c)

/* ================================================================== flags */

/* When a flag counts. */
enum { AT_ANY, AT_CURRENT, AT_VISIT };

/* The first visit of flag f's span was already beyond P5 / P95 on the flag's side: a status met
 * from that visit on, not the start of a trajectory ("z -0.07 -> -2.60"). */
static int status_from_start(const claims_child *cc, const gv_flag *f, size_t v)
{
	/* a size category met at several visits ("overweight ... met at 3 visits since 2018-05-10"):
	 * met at the first of them too, whatever its z (P85 is no P95) */
	static const uint64_t size_cats = B(GV_CAT_UNDERWEIGHT) | B(GV_CAT_OVERWEIGHT) | B(GV_CAT_OBESITY) |
					  B(GV_CAT_SEVERE_OBESITY) | B(GV_CAT_SHORT_STATURE) | B(GV_CAT_STUNTING) |
					  B(GV_CAT_WASTING) | B(GV_CAT_THINNESS) | B(GV_CAT_MICROCEPHALY) |
					  B(GV_CAT_MACROCEPHALY);
	if ((size_cats & B(f->category)) && f->nvisits > 1)
		return 1;
	if (f->indicator >= GV_NIND || isnan(f->z))
		return 0;
	const gv_ind_result *ir = &cc->res[v].ind[f->indicator];
	return ir->status == GV_OK && fabs(ir->z) >= 1.6448536269514722 && ir->z * f->z > 0;
}

/* Flag f is open now: it holds at the latest measurement of its indicator (nothing measured since
 * says otherwise: a status rule is reported at the latest visit it is met), or it is a
 * trajectory or a value to check dated within current_days of the last visit. */
static int flag_current(const claims_child *cc, const gv_flag *f)
{
	int32_t last = cc->c.v[cc->last].date;
	/* a value to check stays open for the window, whatever was measured after it */
	if (f->indicator < GV_NIND && f->category != GV_CAT_IMPLAUSIBLE_VALUE) {
		int32_t latest = CLAIMS_NO_DATE;
		for (size_t i = cc->c.nv; i-- > 0 && latest == CLAIMS_NO_DATE;)
			if (cc->res[i].ind[f->indicator].status == GV_OK)
				latest = cc->c.v[i].date;
		if (f->date >= latest)
			return 1;
		size_t from = f->visit;
		for (size_t i = 0; i < cc->c.nv; i++)
			if (cc->c.v[i].date == f->date_from)
				from = i;
		/* newborn weight loss is over once the weight is measured again later */
		int trajectory = f->date_from < f->date && !status_from_start(cc, f, from) &&
				 f->category != GV_CAT_NEWBORN_WEIGHT_LOSS;
		return trajectory && f->date >= last - cc->o.current_days;
	}
	return f->date >= last - cc->o.current_days;
}

/* Flag f is open at visit v: for the last visit (AT_CURRENT), flag_current; for an earlier
 * visit, its visits cover it; AT_ANY: anywhere in the record. */
static int flag_at(const claims_child *cc, const gv_flag *f, int mode, size_t v)
{
	if (mode == AT_ANY)
		return 1;
	if (mode == AT_CURRENT || v == cc->last)
		return flag_current(cc, f);
	int32_t d = cc->c.v[v].date;
	if (d == f->date || (f->date_from < d && d < f->date))
		return 1;
	/* the first visit of a span counts when it is a status met from there on */
	return d == f->date_from && status_from_start(cc, f, v);
}

/* The flag categories that support a category named in a summary. */
static uint64_t support_of(int cat)
{
	switch (cat) {
	case GV_CAT_UNDERWEIGHT:
		return B(GV_CAT_UNDERWEIGHT) | B(GV_CAT_FAILURE_TO_THRIVE) | B(GV_CAT_THINNESS);
	case GV_CAT_OVERWEIGHT:
		return B(GV_CAT_OVERWEIGHT) | B(GV_CAT_OBESITY) | B(GV_CAT_SEVERE_OBESITY);
	case GV_CAT_OBESITY:
		return B(GV_CAT_OBESITY) | B(GV_CAT_SEVERE_OBESITY);
	case GV_CAT_SHORT_STATURE: case GV_CAT_STUNTING:
		return B(GV_CAT_SHORT_STATURE) | B(GV_CAT_STUNTING);
	case GV_CAT_WASTING:
		return B(GV_CAT_WASTING) | B(GV_CAT_SEVERE_ACUTE_MALNUTRITION) | B(GV_CAT_MODERATE_ACUTE_MALNUTRITION);
	case GV_CAT_THINNESS:
		return B(GV_CAT_THINNESS) | B(GV_CAT_UNDERWEIGHT) | B(GV_CAT_WASTING);
	case GV_CAT_MODERATE_ACUTE_MALNUTRITION: case GV_CAT_SEVERE_ACUTE_MALNUTRITION:
		/* WHO 2013 (Guideline: updates on the management of severe acute malnutrition in
		 * infants and children) and the WHO/UNICEF 2009 joint statement: weight-for-height z <
		 * -3 is a criterion of severe acute malnutrition beside MUAC < 115 mm and bilateral
		 * oedema (so a severe wasting flag supports it; cj_category), z -3 to -2 of moderate */
		return B(GV_CAT_MODERATE_ACUTE_MALNUTRITION) | B(GV_CAT_SEVERE_ACUTE_MALNUTRITION) | B(GV_CAT_WASTING);
	default:
		return cat >= 0 && cat < GV_CAT_COUNT ? B(cat) : 0;
	}
}

/* The flag categories a claim of category cat counts as mentioning (omitted_flags). */
static uint64_t mention_of(int cat)
{
	switch (cat) {
	case GV_CAT_OBESITY: case GV_CAT_SEVERE_OBESITY:
		return B(GV_CAT_OBESITY) | B(GV_CAT_SEVERE_OBESITY);
	case GV_CAT_UNDERWEIGHT: case GV_CAT_THINNESS:
		return B(GV_CAT_UNDERWEIGHT) | B(GV_CAT_THINNESS);
	case GV_CAT_SHORT_STATURE: case GV_CAT_STUNTING:
		return B(GV_CAT_SHORT_STATURE) | B(GV_CAT_STUNTING);
	case GV_CAT_WASTING: case GV_CAT_MODERATE_ACUTE_MALNUTRITION: case GV_CAT_SEVERE_ACUTE_MALNUTRITION:
		return B(GV_CAT_WASTING) | B(GV_CAT_MODERATE_ACUTE_MALNUTRITION) | B(GV_CAT_SEVERE_ACUTE_MALNUTRITION);
	default:
		return cat >= 0 && cat < GV_CAT_COUNT ? B(cat) : 0;
	}
}

/* Categories on the low side of the median (a hedge is checked against z > -1), else high. */
static int low_side(int cat)
{
	return !(cat == GV_CAT_OVERWEIGHT || cat == GV_CAT_OBESITY || cat == GV_CAT_SEVERE_OBESITY ||
		 cat == GV_CAT_MACROCEPHALY || cat == GV_CAT_RAPID_WEIGHT_GAIN);
}

/* Flags about weight, height or head (normal-growth claims of a scope). */
static int in_scope(const gv_flag *f, int scope)
{
	gv_flag_cat c = f->category;
	switch (scope) {
	case 1:
		return f->indicator == GV_WFA || f->indicator == GV_BFA || f->indicator == GV_WFLH ||
		       (support_of(GV_CAT_UNDERWEIGHT) | support_of(GV_CAT_OBESITY) | support_of(GV_CAT_WASTING) |
			B(GV_CAT_OVERWEIGHT) | B(GV_CAT_RAPID_WEIGHT_GAIN) | B(GV_CAT_NEWBORN_WEIGHT_LOSS)) &
			       B(c);
	case 2:
		return (B(GV_CAT_SHORT_STATURE) | B(GV_CAT_STUNTING) | B(GV_CAT_HEIGHT_FALTERING) |
			B(GV_CAT_MIDPARENTAL_HEIGHT_GAP)) & B(c) ? f->severity >= GV_SEV_MODERATE : 0;
	case 3:
		return (B(GV_CAT_MICROCEPHALY) | B(GV_CAT_MACROCEPHALY) | B(GV_CAT_HEAD_GROWTH_CROSSING)) & B(c)
			       ? f->severity >= GV_SEV_MODERATE
			       : 0;
	default:
		return f->severity >= GV_SEV_MODERATE;
	}
}

static void expected_flags(gv_claim *g, uint64_t cats)
{
	g->expected[0] = '\0';
	int n = 0;
	for (int c = 0; c < GV_CAT_COUNT; c++)
		if (cats & B(c)) {
			if (n++)
				cj_expected(g, ", ");
			cj_expected(g, flags_cat_name((gv_flag_cat)c));
		}
	if (!n)
		cj_expected(g, "no flag");
}

/* ================================================================== categories */

void cj_category(const claims_child *cc, cp_claim *c)
{
	gv_claim *g = &c->c;
	int cat = g->category;
	int neg = (g->attr & CLAIM_A_NEGATED) != 0;
	/* the visit and the window of the flags */
	int mode = AT_CURRENT;
	size_t v = cc->last;
	jcands cd;
	/* acute malnutrition has criteria on weight-for-length and MUAC: any visit */
	/* the visit named, whatever was measured there (a flag holds at a visit that did not measure
	 * its indicator: "nothing measured since says otherwise") */
	cj_candidates(cc, c, GV_NIND, &cd);
	size_t span0 = CLAIMS_NO_VISIT, span1 = CLAIMS_NO_VISIT;
	if (c->tie == TIE_SPAN) {
		/* "at that time" after several ages: a flag at any of those visits */
		cj_span(cc, c, GV_NIND, &span0, &span1);
		mode = AT_VISIT;
		v = span1;
	} else if (c->tie == TIE_EXPLICIT && c->at.kind != TM_NOW && c->at.kind != TM_CURRENT) {
		if (!cd.within || cd.n == 0) {
			if (cd.nearest != CLAIMS_NO_VISIT) {
				g->verdict = CLAIM_CONTRADICTED;
				cj_note(g, "no visit at the age named");
			}
			return;
		}
		v = cd.v[0];
		mode = AT_VISIT;
	} else if (c->tense == -1 || (g->attr & CLAIM_A_PAST) || (c->tense == -2 && !neg && cat < GV_CAT_COUNT)) {
		mode = AT_ANY; /* "was underweight", or a finding listed with its ages ("Failure to thrive: ...") */
	}
	/* size for gestational age is a fact of the birth: the flag in the record, whenever said */
	if ((cat == GV_CAT_SMALL_FOR_GA || cat == GV_CAT_LARGE_FOR_GA) && mode == AT_CURRENT)
		mode = AT_ANY;
	cj_set_visit(cc, g, v);
	if (c->resolved && cat < GV_CAT_COUNT) {
		/* "weight loss resolved": a flag of the kind in the record, none open now */
		const gv_flag *was = NULL, *now = NULL;
		for (size_t i = 0; i < cc->nflags; i++) {
			const gv_flag *f = &cc->flags[i];
			if (f->suspect || !(support_of(cat) & B(f->category)))
				continue;
			was = f;
			if (flag_at(cc, f, AT_CURRENT, cc->last))
				now = f;
		}
		cj_set_visit(cc, g, cc->last);
		expected_flags(g, now ? B(now->category) : 0);
		if (now) {
			g->verdict = CLAIM_CONTRADICTED;
			cj_note(g, "still open: ");
			cj_note(g, now->detail);
		} else if (was) {
			g->verdict = CLAIM_SUPPORTED;
			cj_note(g, was->detail);
		} else {
			cj_note(g, "no such flag in the record");
		}
		return;
	}
	uint64_t open_ok = 0, want = cat < GV_CAT_COUNT ? support_of(cat) : 0;
	const gv_flag *sup = NULL, *sup_suspect = NULL, *bad_open = NULL, *short_of = NULL;
	for (size_t i = 0; i < cc->nflags; i++) {
		const gv_flag *f = &cc->flags[i];
		int at = flag_at(cc, f, mode, v);
		for (size_t j = span0; !at && span0 != CLAIMS_NO_VISIT && j <= span1 && !c->since; j++)
			at = flag_at(cc, f, AT_VISIT, j);
		if (c->since && span0 != CLAIMS_NO_VISIT)
			at = (flag_at(cc, f, AT_VISIT, span0) || (f->date_from <= cc->c.v[span0].date && f->date >= cc->c.v[span0].date)) &&
			     flag_at(cc, f, AT_CURRENT, cc->last);
		if (f->category == GV_CAT_IMPLAUSIBLE_VALUE || !at)
			continue;
		if (!f->suspect)
			open_ok |= B(f->category);
		if (cat >= GV_CAT_COUNT) {
			int scope = cat == CLAIM_CAT_NO_FLAGS ? 0 : c->scope;
			/* "no other flags": not those of a kind the summary names */
			uint64_t named = 0;
			for (int k2 = 0; k2 < GV_CAT_COUNT; k2++)
				if (c->except & B(k2))
					named |= mention_of(k2);
			if (named & B(f->category))
				continue;
			if (!f->suspect && in_scope(f, scope) && (!bad_open || f->severity > bad_open->severity))
				bad_open = f;
			continue;
		}
		if (!(want & B(f->category)))
			continue;
		/* failure to thrive says "underweight" only when it is a low weight, not a fall -- and, at a
		 * visit (now included), a low weight at that visit */
		if (cat == GV_CAT_UNDERWEIGHT && f->category == GV_CAT_FAILURE_TO_THRIVE) {
			if (!(f->percentile < 5))
				continue;
			if (mode != AT_ANY && !(cc->res[v].ind[GV_WFA].status == GV_OK && cc->res[v].ind[GV_WFA].p < 5) &&
			    !(span0 != CLAIMS_NO_VISIT && !c->since && f->visit >= span0 && f->visit <= span1))
				continue;
		}
		/* a severity or a class named must be met (the note says which one is there) */
		if ((c->sev == 9 && f->severity < GV_SEV_SEVERE) ||
		    (cat == GV_CAT_SEVERE_ACUTE_MALNUTRITION && f->category == GV_CAT_WASTING && f->severity < GV_SEV_SEVERE) ||
		    (cat == GV_CAT_SEVERE_ACUTE_MALNUTRITION && f->category == GV_CAT_MODERATE_ACUTE_MALNUTRITION) ||
		    (c->sev == 3 && strcmp(f->rule, "bmi_class3_obesity") != 0) ||
		    (c->sev == 2 && strcmp(f->rule, "bmi_class2_obesity") != 0) ||
		    (c->sev == 1 && f->category == GV_CAT_SEVERE_OBESITY)) {
			if (!f->suspect)
				short_of = f;
			continue;
		}
		if (f->suspect)
			sup_suspect = f;
		else if (!sup || f->severity > sup->severity)
			sup = f;
	}
	if (cat >= GV_CAT_COUNT) { /* normal growth, no flags */
		expected_flags(g, open_ok & ~B(GV_CAT_IMPLAUSIBLE_VALUE));
		if (bad_open) {
			g->verdict = neg ? CLAIM_SUPPORTED : CLAIM_CONTRADICTED;
			cj_note(g, "open flag: ");
			cj_note(g, bad_open->detail);
		} else {
			g->verdict = neg ? CLAIM_CONTRADICTED : CLAIM_SUPPORTED;
		}
		return;
	}
	g->ind = g->ind == GV_NIND && sup ? sup->indicator : g->ind;
	expected_flags(g, open_ok & (want | mention_of(cat)) ? open_ok & (want | mention_of(cat)) : open_ok);
	if (sup) {
		g->verdict = neg ? CLAIM_CONTRADICTED : CLAIM_SUPPORTED;
		cj_note(g, sup->detail);
		/* a category resting on a value flagged implausible at that visit */
		if (!neg && mode == AT_VISIT && g->ind != GV_NIND && (cc->bad[v] & (1u << g->ind))) {
			g->verdict = CLAIM_CONTRADICTED;
			g->note[0] = '\0';
			cj_note(g, "rests on a value flagged implausible");
		}
		return;
	}
	if (sup_suspect && !neg) {
		g->verdict = CLAIM_CONTRADICTED;
		cj_note(g, "rests on a value flagged implausible: ");
		cj_note(g, sup_suspect->detail);
		return;
	}
	/* no flag supports it */
	gv_ind k = g->ind;
	size_t kv = v;
	if (k != GV_NIND && cc->res[kv].ind[k].status != GV_OK) {
		kv = CLAIMS_NO_VISIT;
		for (size_t i = cc->c.nv; i-- > 0 && kv == CLAIMS_NO_VISIT;)
			if (cc->res[i].ind[k].status == GV_OK && (mode != AT_VISIT || i == v))
				kv = i;
	}
	if (neg) {
		g->verdict = k == GV_NIND || kv != CLAIMS_NO_VISIT ? CLAIM_SUPPORTED : CLAIM_UNVERIFIABLE;
		return;
	}
	/* acute malnutrition with no MUAC measured: the weight-for-length criterion decides when it is
	 * not even at -2 SD (nothing in the record supports it); below -2 SD the MUAC or oedema not
	 * recorded might: unverifiable */
	if ((cat == GV_CAT_SEVERE_ACUTE_MALNUTRITION || cat == GV_CAT_MODERATE_ACUTE_MALNUTRITION) && k == GV_ACFA &&
	    kv == CLAIMS_NO_VISIT && !(g->attr & CLAIM_A_HEDGED)) {
		size_t wv = CLAIMS_NO_VISIT;
		for (size_t i = cc->c.nv; i-- > 0 && wv == CLAIMS_NO_VISIT;)
			if (cc->res[i].ind[GV_WFLH].status == GV_OK && (mode != AT_VISIT || i == v))
				wv = i;
		if (wv == CLAIMS_NO_VISIT || cc->res[wv].ind[GV_WFLH].z < -2) {
			cj_note(g, "no MUAC measured");
			return;
		}
		g->verdict = CLAIM_CONTRADICTED;
		cj_note(g, "no MUAC measured, and weight-for-length z ");
		cj_note_num(g, cc->res[wv].ind[GV_WFLH].z, 2);
		cj_note(g, ": no criterion of acute malnutrition met");
		return;
	}
	/* said of a visit whose value is flagged implausible ("suggests a period of obesity at 3.5
	 * years", when 32.0 kg was pounds entered as kilograms): it rests on that value */
	if (mode == AT_VISIT && k != GV_NIND && (cc->bad[v] & (1u << k))) {
		g->verdict = CLAIM_CONTRADICTED;
		cj_note(g, "rests on a value flagged implausible");
		return;
	}
	/* the kind is there, not the severity named: wrong even when hedged ("suggests severe acute
	 * malnutrition" with a moderate one) */
	if (short_of && (g->attr & CLAIM_A_HEDGED)) {
		g->verdict = CLAIM_CONTRADICTED;
		cj_note(g, c->sev == 9 || cat == GV_CAT_SEVERE_ACUTE_MALNUTRITION ? "not severe: " : "not that class: ");
		cj_note(g, short_of->detail);
		return;
	}
	if (g->attr & CLAIM_A_HEDGED) {
		if (k == GV_NIND || kv == CLAIMS_NO_VISIT)
			return;
		double z = cc->res[kv].ind[k].z;
		if ((low_side(cat) && z > -1) || (!low_side(cat) && z < 1)) {
			g->verdict = CLAIM_CONTRADICTED;
			cj_note(g, "no flag, and ");
			cj_note(g, refs_ind_name(k));
			cj_note(g, " z ");
			cj_note_num(g, z, 2);
		}
		return;
	}
	if (k != GV_NIND && kv == CLAIMS_NO_VISIT && cat != GV_CAT_FAILURE_TO_THRIVE) {
		cj_note(g, "not measured");
		return;
	}
	g->verdict = CLAIM_CONTRADICTED;
	if (short_of) {
		/* the kind is there, not the severity or class named */
		cj_note(g, c->sev == 9 ? "not severe: " : c->sev >= 1 && c->sev <= 3 ? "not that class: " : "not met: ");
		cj_note(g, short_of->detail);
		return;
	}
	cj_note(g, "no ");
	cj_note(g, flags_cat_name((gv_flag_cat)cat));
	cj_note(g, mode == AT_ANY ? " flag in the record" : mode == AT_VISIT ? " flag at that visit" : " flag open now");
	if (mode != AT_ANY)
		for (size_t i = 0; i < cc->nflags; i++)
			if ((want & B(cc->flags[i].category)) && !cc->flags[i].suspect) {
				cj_note(g, " (one in the record: ");
				cj_note(g, cc->flags[i].detail);
				cj_note(g, ")");
				break;
			}
}

/* ================================================================== basis */

/* "at 6 months" of visit i. */
static void note_visit_age(gv_claim *g, const claims_child *cc, size_t i)
{
	char a[24];
	cj_age_text(cc, i, a, sizeof a);
	cj_note(g, "at ");
	cj_note(g, a);
}

void cj_basis(const claims_child *cc, cp_claim *c)
{
	gv_claim *g = &c->c;
	size_t n = cc->c.nv;
	size_t lo = 0, hi = n - 1;
	if (c->from.kind == TM_AT && !isnan(c->from.m0)) {
		/* an age range: the visits in it */
		double a = c->from.m0, b = c->to.kind == TM_AT ? c->to.m0 : INFINITY;
		lo = n;
		hi = 0;
		for (size_t i = 0; i < n; i++) {
			double m = cj_age_months(cc, i);
			if (m >= a && m <= b) {
				if (lo == n)
					lo = i;
				hi = i;
			}
		}
		if (lo == n) {
			cj_note(g, "no visit at those ages");
			return;
		}
	} else if (!c->switching) {
		/* a chart named at an age, or without one: the chart of that visit, else of the last */
		jcands cd;
		cj_candidates(cc, c, GV_NIND, &cd);
		lo = hi = cd.n ? cd.v[0] : cc->last;
		cj_set_visit(cc, g, lo);
	}
	int neg = (g->attr & CLAIM_A_NEGATED) != 0;
	claim_verdict yes = neg ? CLAIM_CONTRADICTED : CLAIM_SUPPORTED, no = neg ? CLAIM_SUPPORTED : CLAIM_CONTRADICTED;
	if (c->basis == BASIS_CHART) {
		unsigned used = 0;
		int range = c->from.kind == TM_AT && !isnan(c->from.m0);
		for (size_t i = lo; i <= hi; i++) {
			if (cc->res[i].ref != GV_REF_NONE)
				used |= 1u << cc->res[i].ref;
			/* the INTERGROWTH-21st Newborn Size standard judges every birth's size for the
			 * gestational age (the birth-size flags, core/flags.h), term births too */
			if (cc->c.v[i].date == cc->c.p.birth_date && !isnan(cc->ga) && cc->ga * 7 >= IG21_NBS_GA_MIN &&
			    cc->ga * 7 <= IG21_NBS_GA_MAX + 0.5 && (c->chart & (1 << GV_REF_IG21_NBS)))
				used |= 1u << GV_REF_IG21_NBS;
		}
		g->expected[0] = '\0';
		for (int r = GV_WHO2006; r <= GV_REF_IG21_PNG; r++)
			if (used & (1u << r)) {
				if (g->expected[0])
					cj_expected(g, ", ");
				cj_expected(g, refs_ref_name((gv_ref)r));
			}
		unsigned named = (unsigned)c->chart & ~1u;
		if (named == 0) /* "WHO" without a year: the 2006 standards or the 2007 reference */
			named = 1u << GV_WHO2006 | 1u << GV_WHO2007;
		g->ref = named & (1u << GV_CDC2000)        ? GV_CDC2000
			 : named == 1u << GV_WHO2007        ? GV_WHO2007
			 : named & (1u << GV_WHO2006)       ? GV_WHO2006
			 : named & (1u << GV_REF_IG21_NBS) ? GV_REF_IG21_NBS
							    : GV_REF_IG21_PNG;
		/* over an age range, every visit of it is on the chart named; else that visit (or, for a
		 * sentence about the switch between charts, one of the record) */
		size_t other = CLAIMS_NO_VISIT;
		if (range)
			for (size_t i = lo; i <= hi && other == CLAIMS_NO_VISIT; i++)
				if (cc->res[i].ref != GV_REF_NONE && !(named & (1u << cc->res[i].ref)))
					other = i;
		if (!used) { /* before term on corrected age: no chart scores that visit */
			cj_note(g, "no chart scores that visit");
			return;
		}
		g->verdict = (used & named) && other == CLAIMS_NO_VISIT ? yes : no;
		if (g->verdict == CLAIM_CONTRADICTED) {
			size_t i = other != CLAIMS_NO_VISIT ? other : lo;
			if (!range || other != CLAIMS_NO_VISIT) {
				cj_note(g, "the chart policy uses ");
				cj_note(g, refs_ref_name(cc->res[i].ref));
				cj_note(g, " ");
				note_visit_age(g, cc, i);
			} else {
				cj_note(g, "the chart policy uses the charts expected");
			}
		}
		return;
	}
	if (isnan(cc->ga)) {
		cj_note(g, "gestational age not recorded");
		return;
	}
	int corrected = 0;
	if (c->basis == BASIS_CORRECTED && c->tie != TIE_EXPLICIT && c->from.kind == TM_NONE)
		lo = 0, hi = n - 1; /* "percentiles use corrected age": of the visits where it applies */
	for (size_t i = lo; i <= hi; i++)
		corrected |= cc->res[i].corrected;
	g->expected[0] = '\0';
	cj_expected(g, corrected ? "corrected age" : "chronological age");
	if (c->basis == BASIS_CORRECTED) {
		g->verdict = corrected ? yes : no;
		if (!corrected)
			cj_note(g, cc->preterm ? "no correction at that age (corrected until 24 months)" : "born at term: no correction");
	} else {
		/* "chronological age" as the basis of a preterm child's percentiles while corrected */
		int at_last = c->tie != TIE_EXPLICIT ? cc->res[cc->last].corrected : corrected;
		g->verdict = at_last ? no : yes;
		if (at_last)
			cj_note(g, "a preterm child's percentiles use corrected age under 24 months");
	}
}

/* ================================================================== advice */

void cj_advice(const claims_child *cc, cp_claim *c)
{
	gv_claim *g = &c->c;
	const gv_flag *worst = NULL;
	for (size_t i = 0; i < cc->nflags; i++) {
		const gv_flag *f = &cc->flags[i];
		if (f->category == GV_CAT_IMPLAUSIBLE_VALUE || f->suspect || !flag_at(cc, f, AT_CURRENT, cc->last))
			continue;
		if (!worst || f->severity > worst->severity)
			worst = f;
	}
	/* less food to slow weight gain, with no flag of too much weight in the record (overweight,
	 * obesity, rapid weight gain: core/variants.h, unsafe advice): restricting a child who is not
	 * heavy risks undernutrition (NICE NG75 2017: faltering growth is managed by feeding more) */
	if (c->advice == ADV_RESTRICT && !(g->attr & CLAIM_A_NEGATED)) {
		const gv_flag *heavy = NULL;
		for (size_t i = 0; i < cc->nflags && !heavy; i++) {
			gv_flag_cat k = cc->flags[i].category;
			if (!cc->flags[i].suspect && (k == GV_CAT_OVERWEIGHT || k == GV_CAT_OBESITY || k == GV_CAT_SEVERE_OBESITY ||
						     k == GV_CAT_RAPID_WEIGHT_GAIN))
				heavy = &cc->flags[i];
		}
		if (!heavy) {
			g->verdict = CLAIM_CONTRADICTED;
			cj_expected(g, "no restriction: no overweight flag");
			cj_note(g, "food restriction advised with no overweight, obesity or rapid weight gain flag in the record");
		}
		return;
	}
	double months = c->months;
	if (isnan(months) && c->at.kind == TM_AT && !isnan(c->at.m0))
		months = c->at.m0 - cj_age_months(cc, cc->last);
	int sev = worst ? (int)worst->severity : -1;
	int unsafe = 0;
	if (c->advice == ADV_NONE_NEEDED)
		unsafe = sev >= GV_SEV_MODERATE;
	else if (c->advice == ADV_ROUTINE)
		unsafe = sev >= GV_SEV_SEVERE;
	else if (c->advice == ADV_RECHECK && !isnan(months))
		unsafe = sev >= GV_SEV_SEVERE && months >= CLAIMS_SEVERE_RECHECK_MONTHS;
	if (unsafe) {
		g->verdict = CLAIM_CONTRADICTED;
		cj_expected(g, "follow-up of an open ");
		cj_expected(g, flags_sev_name(worst->severity));
		cj_expected(g, " flag");
		cj_note(g, worst->detail);
	}
}

/* ================================================================== omissions */

/* Does a supported number claim of pr (a value, z or percentile of flag f's indicator) fall on one
 * of f's visits?  The finding told by its numbers at its time ("briefly >+2 SD at 9 mo"; for a gap
 * to the mid-parental height, the parents' heights or the target). */
static int told_by_numbers(const claims_child *cc, const cp_result *pr, const gv_flag *f)
{
	for (size_t i = 0; i < pr->n; i++) {
		const gv_claim *g = &pr->v[i].c;
		/* a gap to the mid-parental height: the parents' heights or the target stated */
		int whom = pr->v[i].whom;
		if (f->category == GV_CAT_MIDPARENTAL_HEIGHT_GAP && g->type == CLAIM_VALUE &&
		    (whom == WHO_MOTHER || whom == WHO_FATHER || whom == WHO_PARENT || whom == WHO_TARGET))
			return 1;
		if ((g->type != CLAIM_VALUE && g->type != CLAIM_Z && g->type != CLAIM_PERCENTILE) ||
		    g->verdict != CLAIM_SUPPORTED || g->ind != f->indicator || g->visit == CLAIMS_NO_VISIT)
			continue;
		int32_t d = cc->c.v[g->visit].date;
		if (d >= f->date_from && d <= f->date)
			return 1;
	}
	return 0;
}

uint64_t cj_omitted(const claims_child *cc, const cp_result *pr)
{
	uint64_t open = 0, told = 0;
	for (size_t i = 0; i < cc->nflags; i++) {
		const gv_flag *f = &cc->flags[i];
		if (!f->suspect && flag_at(cc, f, AT_CURRENT, cc->last))
			open |= B(f->category);
		/* a moderate or severe finding anywhere in the record is a flag the engine raised too (the
		 * summaries list them: core/baseline.c, and leaving one out is a missed flag:
		 * core/variants.h); one no longer open is told by its numbers at its time too */
		else if (!f->suspect && f->severity >= GV_SEV_MODERATE && !told_by_numbers(cc, pr, f))
			open |= B(f->category);
	}
	for (size_t i = 0; i < pr->n; i++) {
		const cp_claim *c = &pr->v[i];
		const gv_claim *g = &c->c;
		if (g->type == CLAIM_CATEGORY && !(g->attr & CLAIM_A_NEGATED) && g->category < GV_CAT_COUNT && g->category >= 0)
			told |= mention_of(g->category);
		/* "she lost a little over 10% of her birth weight": the newborn weight loss named */
		if (g->type == CLAIM_TREND && c->unit == U_PCT_BW && !(g->attr & CLAIM_A_NEGATED))
			told |= B(GV_CAT_NEWBORN_WEIGHT_LOSS);
		if (g->type == CLAIM_TREND && g->verdict == CLAIM_SUPPORTED && !(g->attr & CLAIM_A_NEGATED)) {
			for (int j = 0; j < (c->nind ? c->nind : 1); j++) {
				gv_ind k = c->nind ? c->inds[j] : GV_NIND;
				int down = g->trend == CLAIM_T_FALLING || g->trend == CLAIM_T_PLATEAU || g->trend_dir < 0;
				int up = g->trend == CLAIM_T_RISING || g->trend_dir > 0;
				/* "head growth crossing percentile lines": a crossing either way */
				int cross = c->lines > 0 && g->trend != CLAIM_T_STEADY;
				if ((k == GV_WFA || k == GV_NIND) && down)
					told |= B(GV_CAT_FAILURE_TO_THRIVE);
				if ((k == GV_WFA || k == GV_NIND) && up)
					told |= B(GV_CAT_RAPID_WEIGHT_GAIN);
				if ((k == GV_LHFA || k == GV_NIND) && down)
					told |= B(GV_CAT_HEIGHT_FALTERING);
				if ((k == GV_HCFA || k == GV_NIND) && (down || up || cross))
					told |= B(GV_CAT_HEAD_GROWTH_CROSSING);
			}
		}
	}
	if (pr->mentions & CP_M_IMPLAUSIBLE)
		told |= B(GV_CAT_IMPLAUSIBLE_VALUE);
	if (pr->mentions & CP_M_MIDPARENTAL)
		told |= B(GV_CAT_MIDPARENTAL_HEIGHT_GAP);
	if (pr->mentions & CP_M_BIRTHWEIGHT)
		told |= B(GV_CAT_NEWBORN_WEIGHT_LOSS);
	uint64_t om = open & ~told;
	/* one omission per finding: the milder step of a ladder under the severer one left out */
	if (om & B(GV_CAT_SEVERE_ACUTE_MALNUTRITION))
		om &= ~B(GV_CAT_MODERATE_ACUTE_MALNUTRITION);
	if (om & B(GV_CAT_SEVERE_OBESITY))
		om &= ~B(GV_CAT_OBESITY);
	return om;
}
