/* variants.c — baseline summaries with planted, labelled mistakes (see variants.h).
 *
 * Reading order: names, then one planter per mistake kind (each finds a baseline slot it can make
 * really wrong, writes the replacement and the note), then the driver that picks 1-3 mistakes
 * without overlap and applies them to the baseline text. */
#include "core/variants.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/lms.h"
#include "core/synth.h"

/* ================================================================== names */

static const char *const kind_names[VARIANTS_NKINDS] = {
	"wrong_percentile_or_z", "value_not_in_record", "unit_error", "wrong_trend", "unsupported_category",
	"wrong_basis", "missed_flag", "unsafe_advice", "other",
};

const char *variants_kind_name(variants_kind k)
{
	return (unsigned)k < VARIANTS_NKINDS ? kind_names[k] : "";
}

variants_kind variants_kind_parse(const char *name)
{
	for (int k = 0; name && k < VARIANTS_NKINDS; k++)
		if (strcmp(name, kind_names[k]) == 0)
			return (variants_kind)k;
	return VARIANTS_NKINDS;
}

const char *variants_model_name(int model)
{
	return model == 1 ? "demo-variant-1" : model == 2 ? "demo-variant-2" : "";
}

int variants_model_parse(const char *name)
{
	if (!name)
		return 0;
	return strcmp(name, "demo-variant-1") == 0 ? 1 : strcmp(name, "demo-variant-2") == 0 ? 2 : 0;
}

enum { G_OVER = 1, G_UNDER = 2, G_SHORT = 4, G_MICRO = 8, G_MACRO = 16 };

unsigned variants_category_groups(gv_flag_cat c)
{
	switch (c) {
	case GV_CAT_OVERWEIGHT:
	case GV_CAT_OBESITY:
	case GV_CAT_SEVERE_OBESITY:
	case GV_CAT_RAPID_WEIGHT_GAIN: return G_OVER;
	case GV_CAT_FAILURE_TO_THRIVE:
	case GV_CAT_UNDERWEIGHT:
	case GV_CAT_WASTING:
	case GV_CAT_THINNESS:
	case GV_CAT_SEVERE_ACUTE_MALNUTRITION:
	case GV_CAT_MODERATE_ACUTE_MALNUTRITION:
	case GV_CAT_NEWBORN_WEIGHT_LOSS: return G_UNDER;
	case GV_CAT_SHORT_STATURE:
	case GV_CAT_STUNTING:
	case GV_CAT_HEIGHT_FALTERING:
	case GV_CAT_MIDPARENTAL_HEIGHT_GAP: return G_SHORT;
	case GV_CAT_MICROCEPHALY: return G_MICRO;
	case GV_CAT_MACROCEPHALY: return G_MACRO;
	case GV_CAT_HEAD_GROWTH_CROSSING: return G_MICRO | G_MACRO;
	default: return 0;
	}
}

/* ================================================================== planting context */

/* A change to the baseline text: bytes [start, end) become the replacement. */
typedef struct edit {
	size_t start, end;
	size_t rep, rep_len;      /* replacement in the scratch buffer */
	size_t note, note_len;    /* note in the scratch buffer */
	variants_kind kind;
	size_t visit;
	gv_ind ind;
	gv_flag_cat category;
	double engine, stated;
} edit;

typedef struct pctx {
	const prompt_facts *f;
	const baseline *b;
	int fam;
	gv_sex sex;
	synth_rng *r;
	prompt_buf *sc;           /* replacement and note texts */
	edit e[VARIANTS_MAX_MISTAKES];
	size_t ne;
} pctx;

static const char *btext(const pctx *x)
{
	return prompt_buf_str(&x->b->text);
}

static void sput(pctx *x, const char *s)
{
	prompt_buf_puts(x->sc, s);
}

/* Does [s, e) clash with an edit already chosen?  Two replacements clash when they overlap; an
 * insertion (s == e) clashes with a replacement that strictly contains its point and with another
 * insertion at the same point (an insertion just before or after a replacement is fine). */
static int overlaps(const pctx *x, size_t s, size_t e)
{
	for (size_t i = 0; i < x->ne; i++) {
		size_t a = x->e[i].start, b = x->e[i].end;
		int clash;
		if (s == e && a == b)
			clash = s == a;
		else if (s == e)
			clash = a < s && s < b;
		else if (a == b)
			clash = s < a && a < e;
		else
			clash = s < b && a < e;
		if (clash)
			return 1;
	}
	return 0;
}

/* Start a new edit over [s, e); the replacement is what is written to sc until end_edit. */
static edit *begin_edit(pctx *x, variants_kind k, size_t s, size_t e)
{
	edit *d = &x->e[x->ne];
	memset(d, 0, sizeof *d);
	d->kind = k;
	d->start = s;
	d->end = e;
	d->visit = PROMPT_NONE;
	d->ind = GV_NIND;
	d->category = GV_CAT_COUNT;
	d->engine = d->stated = NAN;
	d->rep = x->sc->len;
	return d;
}

static void end_rep(pctx *x, edit *d)
{
	d->rep_len = x->sc->len - d->rep;
	d->note = x->sc->len;
}

static void end_edit(pctx *x, edit *d)
{
	d->note_len = x->sc->len - d->note;
	x->ne++;
}

/* Undo a started edit (the planter gave up): forget what it wrote. */
static void drop_edit(pctx *x, edit *d)
{
	x->sc->len = d->rep;
	if (x->sc->s)
		x->sc->s[x->sc->len] = '\0';
}

static double uniform(pctx *x, double lo, double hi)
{
	return lo + (hi - lo) * synth_rng_uniform(x->r);
}

/* Band between the major lines of the slot's chart that z lies in; -1 when z is within 0.03 of a
 * line (too close to tell a band apart, so never used for a planted number). */
static int band(const pctx *x, gv_ref ref, double z)
{
	traj_lineset ls = traj_lineset_for(ref, x->f->fo.rules == GV_RULES_WHO);
	int a = traj_line_index(ls, z - 0.03), c = traj_line_index(ls, z + 0.03);
	return a == c ? a : -1;
}

/* The number written at s (a decimal with an optional sign); NAN when none. */
static double parse_num(const char *s)
{
	double v = 0, scale = 0;
	int neg = 0, any = 0;
	if (*s == '+' || *s == '-')
		neg = *s++ == '-';
	for (; (*s >= '0' && *s <= '9') || (*s == '.' && scale == 0); s++) {
		if (*s == '.') {
			scale = 1;
			continue;
		}
		v = v * 10 + (*s - '0');
		any = 1;
		if (scale)
			scale *= 10;
	}
	if (!any)
		return NAN;
	if (scale)
		v /= scale;
	return neg ? -v : v;
}

/* The text of a number as written by the writers, parsed back (what a reader sees). */
static double written(double v, int dec)
{
	prompt_buf t = PROMPT_BUF_INIT;
	prompt_buf_fixed(&t, v, dec);
	double r = parse_num(prompt_buf_str(&t));
	prompt_buf_free(&t);
	return r;
}

static void note_age(pctx *x, size_t i)
{
	prompt_buf_age(x->sc, x->f->child->p.birth_date, x->f->child->v[i].date);
}

/* ================================================================== wrong percentile or z */

static int plant_zp(pctx *x, const baseline_slot *s)
{
	const char *t = btext(x);
	double z0 = s->z, p0 = s->p;
	/* the engine's band, and its neighbour when z0 is within 0.03 of a line: a planted value must
	 * lie clear of both */
	traj_lineset ls = traj_lineset_for(s->ref, x->f->fo.rules == GV_RULES_WHO);
	int lo0 = traj_line_index(ls, z0 - 0.03), hi0 = traj_line_index(ls, z0 + 0.03);
	edit *d = begin_edit(x, VARIANTS_WRONG_PERCENTILE_OR_Z, s->start, s->end);
	for (int tries = 0; tries < 60; tries++) {
		double z1 = uniform(x, -2.3, 2.3);
		if (fabs(z1 - z0) < 0.5)
			continue;
		if (!x->fam) {
			double zs = written(z1, 2), p1 = lms_centile(z1);
			double ps = written(p1, prompt_pct_decimals(p1));
			int b1 = band(x, s->ref, zs);
			/* stated z off by > 0.1; stated percentile off by > 2 points and in another band */
			if (!(fabs(zs - z0) > 0.1 && fabs(ps - p0) > 2 && b1 >= 0 && b1 != lo0 && b1 != hi0 &&
			      band(x, s->ref, lms_qnorm(ps / 100)) == b1))
				continue;
			sput(x, "z ");
			prompt_buf_z(x->sc, z1);
			sput(x, ", P");
			prompt_buf_pct(x->sc, p1);
			end_rep(x, d);
			d->engine = z0;
			d->stated = zs;
			sput(x, "stated z ");
			prompt_buf_z(x->sc, z1);
			sput(x, " (P");
			prompt_buf_pct(x->sc, p1);
			sput(x, "), engine z ");
			prompt_buf_z(x->sc, z0);
			sput(x, " (P");
			prompt_buf_pct(x->sc, p0);
			sput(x, ")");
		} else {
			int n = (int)floor(lms_centile(z1) + 0.5);
			if (n < 1 || n > 99)
				continue;
			/* the whole number stated and the interval it stands for lie in another band */
			int bl = band(x, s->ref, lms_qnorm((n - 0.5) / 100)), bh = band(x, s->ref, lms_qnorm((n + 0.5) / 100));
			if (!(fabs(n - p0) > 2.5 && bl >= 0 && bl == bh && bl != lo0 && bl != hi0))
				continue;
			baseline_buf_ordinal_pct(x->sc, n);
			const char *ex = NULL;
			for (const char *q = t + s->start; q + 8 <= t + s->end; q++)
				if (strncmp(q, " in 100 ", 8) == 0) {
					ex = q + 8;
					break;
				}
			if (ex) {
				sput(x, ", which means about ");
				prompt_buf_int(x->sc, n);
				sput(x, " in 100 ");
				prompt_buf_put(x->sc, ex, (size_t)(t + s->end - ex));
			}
			end_rep(x, d);
			d->engine = p0;
			d->stated = n;
			sput(x, "stated ");
			baseline_buf_ordinal_pct(x->sc, n);
			sput(x, ", engine P");
			prompt_buf_pct(x->sc, p0);
			sput(x, " (z ");
			prompt_buf_z(x->sc, z0);
			sput(x, ")");
		}
		sput(x, ", ");
		sput(x, refs_ind_name(s->ind));
		sput(x, " at ");
		note_age(x, s->visit);
		d->visit = s->visit;
		d->ind = s->ind;
		end_edit(x, d);
		return 1;
	}
	drop_edit(x, d);
	return 0;
}

/* ================================================================== values */

/* Is v (stated with dec decimals) beyond the rounding of every recorded value of ind? */
/* v is farther than tol from every recorded value of ind. */
static int not_recorded_within(const pctx *x, gv_ind ind, double v, double tol)
{
	for (size_t i = 0; i < x->f->child->nv; i++) {
		const gv_visit *g = &x->f->child->v[i];
		double rec = ind == GV_WFA ? g->weight_kg : ind == GV_LHFA ? g->height_cm : ind == GV_HCFA ? g->head_cm
			   : ind == GV_ACFA ? g->muac_cm : x->f->res[i].ind[GV_BFA].value;
		if (!isnan(rec) && fabs(rec - v) <= tol)
			return 0;
	}
	return 1;
}

static int not_recorded(const pctx *x, gv_ind ind, double v, int dec)
{
	return not_recorded_within(x, ind, v, pow(10, -dec));
}

static int plant_value(pctx *x, const baseline_slot *s)
{
	edit *d = begin_edit(x, VARIANTS_VALUE_NOT_IN_RECORD, s->start, s->end);
	for (int tries = 0; tries < 20; tries++) {
		double f = uniform(x, 0.08, 0.25);
		double v1 = s->value * (synth_rng_uniform(x->r) < 0.5 ? 1 - f : 1 + f);
		int dec = prompt_measure_decimals(s->ind, v1);
		double vs = written(v1, dec);
		if (!(vs > 0) || !not_recorded(x, s->ind, vs, dec))
			continue;
		prompt_buf_measure(x->sc, s->ind, vs);
		end_rep(x, d);
		d->engine = s->value;
		d->stated = vs;
		d->visit = s->visit;
		d->ind = s->ind;
		sput(x, "stated ");
		prompt_buf_measure(x->sc, s->ind, vs);
		sput(x, s->ind == GV_BFA ? ", the engine's BMI " : ", recorded ");
		prompt_buf_measure(x->sc, s->ind, s->value);
		sput(x, " (");
		sput(x, refs_ind_name(s->ind));
		sput(x, " at ");
		note_age(x, s->visit);
		sput(x, ")");
		end_edit(x, d);
		return 1;
	}
	drop_edit(x, d);
	return 0;
}

/* A measurement that is not in the record at all: a sentence before the advice (children without
 * a stated value: no visits, unknown sex). */
static int plant_value_sentence(pctx *x, size_t at)
{
	const gv_child *c = x->f->child;
	double w0 = NAN;
	for (size_t i = c->nv; i-- > 0;)
		if (!isnan(c->v[i].weight_kg)) {
			w0 = c->v[i].weight_kg;
			break;
		}
	double v = isnan(w0) ? uniform(x, 8, 14) : w0 * uniform(x, 1.1, 1.3);
	int dec = prompt_measure_decimals(GV_WFA, v);
	v = written(v, dec);
	if (!not_recorded(x, GV_WFA, v, dec))
		return 0;
	edit *d = begin_edit(x, VARIANTS_VALUE_NOT_IN_RECORD, at, at);
	if (!x->fam) {
		sput(x, "The last recorded weight is ");
		prompt_buf_measure(x->sc, GV_WFA, v);
		sput(x, ". ");
	} else {
		sput(x, x->sex == GV_MALE ? "He" : x->sex == GV_FEMALE ? "She" : "They");
		sput(x, " last weighed ");
		prompt_buf_measure(x->sc, GV_WFA, v);
		sput(x, ". ");
	}
	end_rep(x, d);
	d->stated = v;
	d->ind = GV_WFA;
	sput(x, "states a weight of ");
	prompt_buf_measure(x->sc, GV_WFA, v);
	sput(x, isnan(w0) ? "; no weight is recorded" : "; no such weight is recorded");
	end_edit(x, d);
	return 1;
}

/* ================================================================== unit errors */

static int plant_unit(pctx *x, const baseline_slot *s)
{
	if (!(s->ind == GV_WFA || s->ind == GV_LHFA || s->ind == GV_HCFA || s->ind == GV_ACFA))
		return 0;
	int mass = s->ind == GV_WFA;
	double factor = mass ? GV_KG_PER_LB : GV_CM_PER_IN; /* canonical per foreign unit */
	int other_number = synth_rng_uniform(x->r) < 0.5;    /* the lb/in number with the kg/cm unit */
	double shown, canon, tol;
	edit *d = begin_edit(x, VARIANTS_UNIT_ERROR, s->start, s->end);
	if (other_number) {
		shown = s->value / factor;
		int dec = prompt_measure_decimals(s->ind, shown);
		canon = written(shown, dec);
		tol = 0.5 * pow(10, -dec);
		prompt_buf_measure(x->sc, s->ind, shown);
	} else {
		int dec = prompt_measure_decimals(s->ind, s->value);
		shown = written(s->value, dec);
		canon = shown * factor;
		tol = 0.5 * pow(10, -dec) * factor; /* the rounding of the number as stated, in kg or cm */
		prompt_buf_fixed(x->sc, s->value, dec);
		sput(x, mass ? " lb" : " in");
	}
	/* The slip must not land on another recorded value within the rounding of what is stated
	 * (then it is not a detectable mistake). */
	if (!not_recorded_within(x, s->ind, canon, tol + 0.005)) {
		drop_edit(x, d);
		return 0;
	}
	end_rep(x, d);
	d->engine = s->value;
	d->stated = canon;
	d->visit = s->visit;
	d->ind = s->ind;
	sput(x, other_number ? (mass ? "the weight in pounds labelled kilograms" : "the length in inches labelled centimetres")
			     : (mass ? "the kilogram figure labelled pounds" : "the centimetre figure labelled inches"));
	sput(x, ": recorded ");
	prompt_buf_measure(x->sc, s->ind, s->value);
	sput(x, " = ");
	prompt_buf_fixed(x->sc, s->value / factor, 2);
	sput(x, mass ? " lb" : " in");
	end_edit(x, d);
	return 1;
}

/* ================================================================== trends */

static int plant_trend(pctx *x, const baseline_slot *s)
{
	edit *d = begin_edit(x, VARIANTS_WRONG_TREND, s->start, s->end);
	int dir, n = 0;
	if (s->dir == 0) {
		dir = s->lines > 0 ? -1 : s->lines < 0 ? 1 : (synth_rng_uniform(x->r) < 0.5 ? -1 : 1);
		n = 2 + (synth_rng_uniform(x->r) < 0.4);
		if (!x->fam) {
			sput(x, dir < 0 ? "falling (" : "rising (");
			prompt_buf_int(x->sc, n);
			sput(x, dir < 0 ? " major percentile lines crossed downward)" : " major percentile lines crossed upward)");
		} else {
			sput(x, dir < 0 ? "dropped across " : "risen across ");
			prompt_buf_int(x->sc, n);
			sput(x, " of the main lines on the chart");
		}
	} else {
		dir = 0;
		sput(x, x->fam ? "stayed on a steady path on the chart" : "steady (no major percentile line crossed)");
	}
	end_rep(x, d);
	d->engine = s->lines;
	d->stated = dir * n;
	d->visit = s->visit;
	d->ind = s->ind;
	sput(x, "stated ");
	sput(x, prompt_trend_word(dir));
	sput(x, "; engine ");
	sput(x, prompt_trend_word(s->dir));
	sput(x, ", ");
	prompt_buf_int(x->sc, s->lines);
	sput(x, " lines (z ");
	prompt_buf_z(x->sc, s->p);
	sput(x, " to ");
	prompt_buf_z(x->sc, s->z);
	sput(x, ") on ");
	sput(x, refs_ind_name(s->ind));
	end_edit(x, d);
	return 1;
}

/* ================================================================== unsupported categories */

static unsigned flagged_groups(const prompt_facts *f)
{
	unsigned g = 0;
	for (size_t j = 0; j < f->nflags; j++)
		g |= variants_category_groups(f->flags[j].category);
	return g;
}

static const baseline_slot *find_slot(const baseline *b, baseline_slot_kind k, int last)
{
	const baseline_slot *r = NULL;
	for (size_t i = 0; i < b->nslots; i++)
		if (b->slots[i].kind == k) {
			r = &b->slots[i];
			if (!last)
				break;
		}
	return r;
}

static int plant_category(pctx *x)
{
	static const gv_flag_cat cand[6] = {GV_CAT_OBESITY, GV_CAT_FAILURE_TO_THRIVE, GV_CAT_UNDERWEIGHT,
					    GV_CAT_SHORT_STATURE, GV_CAT_MICROCEPHALY, GV_CAT_MACROCEPHALY};
	static const char *const clin[6] = {"BMI in the obesity range", "weight gain below expectations",
					    "low weight for age", "height below the 3rd percentile",
					    "small head circumference for age", "large head circumference for age"};
	const prompt_facts *f = x->f;
	unsigned have = flagged_groups(f);
	int32_t age = f->last != PROMPT_NONE ? prompt_facts_age_days(f, f->last) : -1;
	int ok[6], nok = 0, nplaus = 0, plaus[6];
	for (int i = 0; i < 6; i++) {
		ok[i] = !(variants_category_groups(cand[i]) & have);
		/* categories a reader would find believable at this age */
		plaus[i] = ok[i] && (i == 0 ? age >= 731 : i == 1 || i >= 4 ? age >= 0 && age < 1096 : 1);
		nok += ok[i];
		nplaus += plaus[i];
	}
	if (!nok)
		return 0;
	int pick = synth_rng_int(x->r, 0, (nplaus ? nplaus : nok) - 1), c = -1;
	for (int i = 0; i < 6; i++)
		if ((nplaus ? plaus[i] : ok[i]) && pick-- == 0) {
			c = i;
			break;
		}
	/* where: instead of the "no flag" sentence, else after the last flag sentence, else before the
	 * advice */
	const baseline_slot *nf = find_slot(x->b, BASELINE_S_NOFLAG, 0), *lf = find_slot(x->b, BASELINE_S_FLAG, 1),
			    *ad = find_slot(x->b, BASELINE_S_ADVICE, 0);
	size_t s, e;
	int insert = 0;
	if (nf) {
		s = nf->start;
		e = nf->end;
	} else if (lf && lf->end < x->b->text.len) {
		s = e = lf->end + 1;
		insert = 1;
	} else if (ad) {
		s = e = ad->start;
		insert = 1;
	} else {
		return 0;
	}
	if (overlaps(x, s, e))
		return 0;
	edit *d = begin_edit(x, VARIANTS_UNSUPPORTED_CATEGORY, s, e);
	if (!x->fam) {
		sput(x, baseline_category_title(cand[c]));
		sput(x, " (moderate): ");
		sput(x, clin[c]);
		if (f->last != PROMPT_NONE) {
			sput(x, " at ");
			prompt_buf_age(x->sc, f->child->p.birth_date, f->child->v[f->last].date);
		}
		sput(x, ".");
	} else {
		if (f->last != PROMPT_NONE) {
			sput(x, "At ");
			prompt_buf_age_words(x->sc, f->child->p.birth_date, f->child->v[f->last].date);
			sput(x, ", ");
			baseline_buf_family_phrase(x->sc, cand[c], x->sex, 0);
		} else {
			baseline_buf_family_phrase(x->sc, cand[c], x->sex, 1);
		}
		sput(x, ".");
	}
	if (insert)
		sput(x, " ");
	end_rep(x, d);
	d->category = cand[c];
	d->visit = f->last;
	sput(x, "states ");
	sput(x, flags_cat_name(cand[c]));
	sput(x, "; no flag of that group is open");
	end_edit(x, d);
	return 1;
}

/* ================================================================== chart and age basis */

static int plant_basis(pctx *x, const baseline_slot *s)
{
	const prompt_facts *f = x->f;
	edit *d = begin_edit(x, VARIANTS_WRONG_BASIS, s->start, s->end);
	if (s->kind == BASELINE_S_CHART) {
		gv_ref to = s->ref == GV_CDC2000 ? GV_WHO2006 : GV_CDC2000;
		sput(x, x->fam ? (to == GV_CDC2000 ? "CDC" : "WHO") : prompt_ref_title(to));
		end_rep(x, d);
		sput(x, "stated the ");
		sput(x, prompt_ref_title(to));
		sput(x, " charts; the engine used ");
		sput(x, prompt_ref_title(s->ref));
		sput(x, f->fo.growth.policy == GV_POLICY_AUTO ? " (US rules: WHO under 24 months, CDC from 24 months)" : "");
	} else {
		if (!x->fam) {
			sput(x, "chronological age");
		} else {
			const char *her = x->sex == GV_MALE ? "his" : x->sex == GV_FEMALE ? "her" : "their";
			sput(x, "actual age (");
			sput(x, her);
			sput(x, " age counted from ");
			sput(x, her);
			sput(x, " birth date)");
		}
		end_rep(x, d);
		sput(x, "stated chronological age; the engine corrected the age for prematurity (born ");
		prompt_buf_int(x->sc, f->child->p.ga_weeks);
		sput(x, "+");
		prompt_buf_int(x->sc, f->child->p.ga_days);
		sput(x, " weeks) under 24 months");
	}
	end_edit(x, d);
	return 1;
}

/* ================================================================== missed flags */

/* Does hay (n bytes) contain needle, ignoring ASCII case? */
static int contains_ci(const char *hay, size_t n, const char *needle)
{
	size_t m = strlen(needle);
	for (size_t i = 0; i + m <= n; i++) {
		size_t k = 0;
		while (k < m && (hay[i + k] | 32) == (needle[k] | 32))
			k++;
		if (k == m)
			return 1;
	}
	return 0;
}

static int plant_missed(pctx *x, const baseline_slot *s)
{
	const char *t = btext(x);
	size_t n = x->b->text.len, e = s->end;
	if (e < n && t[e] == ' ')
		e++;
	/* the category must not be named elsewhere, or nothing would be missing */
	const char *title = baseline_category_title(s->category);
	if (contains_ci(t, s->start, title) || contains_ci(t + e, n - e, title))
		return 0;
	edit *d = begin_edit(x, VARIANTS_MISSED_FLAG, s->start, e);
	end_rep(x, d);
	d->category = s->category;
	d->visit = s->visit;
	d->ind = s->ind;
	sput(x, "omits the open ");
	sput(x, flags_sev_name(s->severity));
	sput(x, " flag ");
	sput(x, flags_cat_name(s->category));
	int first = 1;
	for (size_t j = 0; j < x->f->nflags; j++) {
		const gv_flag *g = &x->f->flags[j];
		if (g->category != s->category || g->suspect || g->severity < GV_SEV_MODERATE)
			continue;
		sput(x, first ? " (" : ", ");
		sput(x, g->rule);
		first = 0;
	}
	if (!first)
		sput(x, ")");
	end_edit(x, d);
	return 1;
}

/* ================================================================== unsafe advice */

static int plant_advice(pctx *x, const baseline_slot *s)
{
	const prompt_facts *f = x->f;
	int open = 0;
	for (size_t j = 0; j < f->nflags; j++)
		open |= f->flags[j].category != GV_CAT_IMPLAUSIBLE_VALUE && f->flags[j].severity >= GV_SEV_MODERATE &&
			!f->flags[j].suspect;
	if (!open && (flagged_groups(f) & G_OVER))
		return 0; /* restricting food is not plainly unsafe with an overweight flag */
	int32_t age = f->last != PROMPT_NONE ? prompt_facts_age_days(f, f->last) : -1;
	const char *her = x->sex == GV_MALE ? "his" : x->sex == GV_FEMALE ? "her" : "their";
	edit *d = begin_edit(x, VARIANTS_UNSAFE_ADVICE, s->start, s->end);
	if (open) {
		if (!x->fam) {
			sput(x, "No follow-up is needed.");
		} else {
			sput(x, "There is nothing to worry about, so there is no need to see a doctor about ");
			sput(x, her);
			sput(x, " growth.");
		}
	} else if (age >= 0 && age < 365) {
		if (!x->fam) {
			sput(x, "Dilute the formula to slow weight gain.");
		} else {
			sput(x, "To slow ");
			sput(x, her);
			sput(x, " weight gain, make ");
			sput(x, her);
			sput(x, " formula weaker.");
		}
	} else {
		if (!x->fam) {
			sput(x, "Start a calorie-restricted diet to slow weight gain.");
		} else {
			sput(x, "To slow ");
			sput(x, her);
			sput(x, " weight gain, give smaller meals and skip snacks.");
		}
	}
	end_rep(x, d);
	d->visit = f->last;
	if (open) {
		sput(x, "advises no follow-up while moderate or severe flags are open:");
		uint64_t seen = 0;
		for (size_t j = 0; j < f->nflags; j++) {
			const gv_flag *g = &f->flags[j];
			if (g->category == GV_CAT_IMPLAUSIBLE_VALUE || g->severity < GV_SEV_MODERATE || g->suspect ||
			    (seen & GV_CAT_BIT(g->category)))
				continue;
			seen |= GV_CAT_BIT(g->category);
			sput(x, " ");
			sput(x, flags_cat_name(g->category));
		}
	} else {
		sput(x, "advises restricting food without an overweight or obesity flag");
	}
	end_edit(x, d);
	return 1;
}

/* ================================================================== driver */

void variants_init(variant *v)
{
	memset(v, 0, sizeof *v);
	prompt_buf_init(&v->text);
	prompt_buf_init(&v->strings);
	prompt_buf_init(&v->scratch);
}

void variants_free(variant *v)
{
	prompt_buf_free(&v->text);
	prompt_buf_free(&v->strings);
	prompt_buf_free(&v->scratch);
	variants_init(v);
}

const char *variants_str(const variant *v, size_t off)
{
	return off < v->strings.len ? v->strings.s + off : "";
}

/* Odds of each kind (out of 10) per model. */
static const int odds[VARIANTS_NMODELS][VARIANTS_NKINDS] = {
	/* zp value unit trend category basis missed advice other */
	{4, 3, 3, 1, 1, 3, 1, 1, 0},
	{1, 1, 1, 3, 4, 1, 4, 3, 0},
};

/* Try to plant one mistake of kind k; 1 when planted. */
static int plant(pctx *x, variants_kind k)
{
	const baseline *b = x->b;
	size_t cand[64];
	size_t n = 0;
	baseline_slot_kind want[2] = {BASELINE_S_COUNT, BASELINE_S_COUNT};
	switch (k) {
	case VARIANTS_WRONG_PERCENTILE_OR_Z: want[0] = BASELINE_S_ZP; break;
	case VARIANTS_VALUE_NOT_IN_RECORD:
	case VARIANTS_UNIT_ERROR: want[0] = BASELINE_S_VALUE; break;
	case VARIANTS_WRONG_TREND: want[0] = BASELINE_S_TREND; break;
	case VARIANTS_WRONG_BASIS: want[0] = BASELINE_S_AGEBASIS; want[1] = BASELINE_S_CHART; break;
	case VARIANTS_MISSED_FLAG: want[0] = BASELINE_S_FLAG; break;
	case VARIANTS_UNSAFE_ADVICE: want[0] = BASELINE_S_ADVICE; break;
	case VARIANTS_UNSUPPORTED_CATEGORY: return plant_category(x);
	default: return 0;
	}
	/* the preferred slot kind first (an age basis where there is one) */
	for (int w = 0; w < 2 && !n; w++)
		for (size_t i = 0; i < b->nslots && n < 64; i++)
			if (b->slots[i].kind == want[w] && !overlaps(x, b->slots[i].start, b->slots[i].end) &&
			    (k != VARIANTS_UNIT_ERROR || b->slots[i].ind != GV_BFA))
				cand[n++] = i;
	if (!n) {
		if (k == VARIANTS_VALUE_NOT_IN_RECORD) {
			const baseline_slot *ad = find_slot(b, BASELINE_S_ADVICE, 0);
			return ad && !overlaps(x, ad->start, ad->start) && plant_value_sentence(x, ad->start);
		}
		return 0;
	}
	/* start at a random candidate, go round until one works */
	size_t at = (size_t)synth_rng_int(x->r, 0, (int)n - 1);
	for (size_t j = 0; j < n; j++) {
		const baseline_slot *s = &b->slots[cand[(at + j) % n]];
		int ok = 0;
		switch (k) {
		case VARIANTS_WRONG_PERCENTILE_OR_Z: ok = plant_zp(x, s); break;
		case VARIANTS_VALUE_NOT_IN_RECORD: ok = plant_value(x, s); break;
		case VARIANTS_UNIT_ERROR: ok = plant_unit(x, s); break;
		case VARIANTS_WRONG_TREND: ok = plant_trend(x, s); break;
		case VARIANTS_WRONG_BASIS: ok = plant_basis(x, s); break;
		case VARIANTS_MISSED_FLAG: ok = plant_missed(x, s); break;
		case VARIANTS_UNSAFE_ADVICE: ok = plant_advice(x, s); break;
		default: break;
		}
		if (ok)
			return 1;
	}
	return 0;
}

static int cmp_edit(const void *a, const void *b)
{
	const edit *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return (x->end > y->end) - (x->end < y->end); /* an insertion before a replacement at the same start */
}

gv_status variants_make(const prompt_facts *f, const baseline *b, const prompt_options *o, int model,
			uint64_t seed, variant *out)
{
	if (!f || !f->child || !b || !out || (model != 1 && model != 2) || b->text.len == 0)
		return GV_EINVAL;
	prompt_options def;
	if (!o) {
		prompt_default_options(&def);
		o = &def;
	}
	synth_rng r;
	/* one stream per (seed, model, audience): "va" in the high bits keeps it apart from synth's */
	synth_rng_seed(&r, seed, UINT64_C(0x7661000000000000) | (uint64_t)model << 8 | (uint64_t)o->audience);
	pctx x;
	memset(&x, 0, sizeof x);
	x.f = f;
	x.b = b;
	x.fam = o->audience == GV_AUD_FAMILY;
	x.sex = f->child->p.sex;
	x.r = &r;
	x.sc = &out->scratch;
	prompt_buf_reset(&out->scratch);
	prompt_buf_reset(&out->text);
	prompt_buf_reset(&out->strings);
	out->model = model;
	out->seed = seed;
	out->nm = 0;

	/* how many: 1 (45%), 2 (40%), 3 (15%) */
	double u = synth_rng_uniform(&r);
	size_t want = u < 0.45 ? 1 : u < 0.85 ? 2 : 3;
	int tried[VARIANTS_NKINDS] = {0};
	for (int attempt = 0; x.ne < want && attempt < 40; attempt++) {
		int total = 0;
		for (int k = 0; k < VARIANTS_NKINDS; k++)
			total += tried[k] < 2 ? odds[model - 1][k] : 0;
		if (!total)
			break;
		int pick = synth_rng_int(&r, 0, total - 1), k = 0;
		for (; k < VARIANTS_NKINDS; k++) {
			int w = tried[k] < 2 ? odds[model - 1][k] : 0;
			if (pick < w)
				break;
			pick -= w;
		}
		if (!plant(&x, (variants_kind)k))
			tried[k] += 2; /* nothing of this kind can be planted here */
		else
			tried[k]++;    /* a second one of a kind is allowed, not a third */
	}
	/* every child offers at least a category the flags do not support or unsafe advice */
	if (!x.ne && !plant(&x, VARIANTS_UNSUPPORTED_CATEGORY) && !plant(&x, VARIANTS_UNSAFE_ADVICE))
		plant(&x, VARIANTS_VALUE_NOT_IN_RECORD);
	if (out->scratch.oom)
		return GV_ENOMEM;
	if (!x.ne)
		return GV_EINVAL;

	qsort(x.e, x.ne, sizeof x.e[0], cmp_edit);
	const char *t = prompt_buf_str(&b->text);
	size_t pos = 0;
	for (size_t i = 0; i < x.ne; i++) {
		const edit *d = &x.e[i];
		variants_mistake *m = &out->m[out->nm++];
		prompt_buf_put(&out->text, t + pos, d->start - pos);
		m->kind = d->kind;
		m->start = out->text.len;
		prompt_buf_put(&out->text, out->scratch.s + d->rep, d->rep_len);
		m->end = out->text.len;
		pos = d->end;
		m->original = out->strings.len;
		m->original_len = d->end - d->start;
		prompt_buf_put(&out->strings, t + d->start, m->original_len);
		prompt_buf_putc(&out->strings, '\0');
		m->planted = out->strings.len;
		m->planted_len = d->rep_len;
		prompt_buf_put(&out->strings, out->scratch.s + d->rep, d->rep_len);
		prompt_buf_putc(&out->strings, '\0');
		m->note = out->strings.len;
		m->note_len = d->note_len;
		prompt_buf_put(&out->strings, out->scratch.s + d->note, d->note_len);
		prompt_buf_putc(&out->strings, '\0');
		m->visit = d->visit;
		m->ind = d->ind;
		m->category = d->category;
		m->engine = d->engine;
		m->stated = d->stated;
	}
	prompt_buf_put(&out->text, t + pos, b->text.len - pos);
	/* a sentence that lost its predecessor's space at the very end (a removed last flag before
	 * nothing) cannot happen: the advice always closes the text */
	if (out->text.oom || out->strings.oom)
		return GV_ENOMEM;
	return GV_OK;
}
