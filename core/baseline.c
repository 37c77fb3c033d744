/* baseline.c — the rule-based summary (see baseline.h).
 *
 * Reading order: the words (category titles, family phrases), the sentence machinery (sentences
 * with a priority and slots, then chosen to fit the word limit), then one writer per sentence for
 * each audience. */
#include "core/baseline.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ================================================================== words */

static const char *const cat_title[GV_CAT_COUNT] = {
	[GV_CAT_FAILURE_TO_THRIVE] = "Failure to thrive",
	[GV_CAT_UNDERWEIGHT] = "Underweight",
	[GV_CAT_OVERWEIGHT] = "Overweight",
	[GV_CAT_OBESITY] = "Obesity",
	[GV_CAT_SEVERE_OBESITY] = "Severe obesity",
	[GV_CAT_SHORT_STATURE] = "Short stature",
	[GV_CAT_STUNTING] = "Stunting",
	[GV_CAT_WASTING] = "Wasting",
	[GV_CAT_THINNESS] = "Thinness",
	[GV_CAT_MICROCEPHALY] = "Microcephaly",
	[GV_CAT_MACROCEPHALY] = "Macrocephaly",
	[GV_CAT_RAPID_WEIGHT_GAIN] = "Rapid weight gain",
	[GV_CAT_NEWBORN_WEIGHT_LOSS] = "Newborn weight loss",
	[GV_CAT_SEVERE_ACUTE_MALNUTRITION] = "Severe acute malnutrition",
	[GV_CAT_MODERATE_ACUTE_MALNUTRITION] = "Moderate acute malnutrition",
	[GV_CAT_MIDPARENTAL_HEIGHT_GAP] = "Gap to the mid-parental height",
	[GV_CAT_HEIGHT_FALTERING] = "Height faltering",
	[GV_CAT_HEAD_GROWTH_CROSSING] = "Head growth crossing percentile lines",
	[GV_CAT_IMPLAUSIBLE_VALUE] = "Implausible value",
	[GV_CAT_SMALL_FOR_GA] = "Small for gestational age",
	[GV_CAT_LARGE_FOR_GA] = "Large for gestational age",
};

const char *baseline_category_title(gv_flag_cat c)
{
	return (unsigned)c < GV_CAT_COUNT ? cat_title[c] : "";
}

/* Plain words for families; {she} {her} {him} are the child's pronouns.  Each names the category in
 * the words clinicians use, in brackets or after "which doctors call", so a reader can ask about it. */
static const char *const cat_family[GV_CAT_COUNT] = {
	[GV_CAT_FAILURE_TO_THRIVE] = "{her} weight gain was slower than expected, which doctors call faltering growth or failure to thrive",
	[GV_CAT_UNDERWEIGHT] = "{her} weight was low for {her} age (underweight)",
	[GV_CAT_OVERWEIGHT] = "{her} weight was high for {her} size (overweight)",
	[GV_CAT_OBESITY] = "{her} weight was well above the healthy range for {her} height (obesity)",
	[GV_CAT_SEVERE_OBESITY] = "{her} weight was far above the healthy range for {her} height (severe obesity)",
	[GV_CAT_SHORT_STATURE] = "{she} was shorter than almost all children of {her} age (short stature)",
	[GV_CAT_STUNTING] = "{her} length or height was low for {her} age (stunting)",
	[GV_CAT_WASTING] = "{her} weight was low for {her} length or height (wasting)",
	[GV_CAT_THINNESS] = "{she} was very thin for {her} age (thinness)",
	[GV_CAT_MICROCEPHALY] = "{her} head was smaller than expected for {her} age (microcephaly)",
	[GV_CAT_MACROCEPHALY] = "{her} head was larger than expected for {her} age (macrocephaly)",
	[GV_CAT_RAPID_WEIGHT_GAIN] = "{her} weight went up faster than expected (rapid weight gain)",
	[GV_CAT_NEWBORN_WEIGHT_LOSS] = "{she} lost more weight than expected after birth or took long to regain it (newborn weight loss)",
	[GV_CAT_SEVERE_ACUTE_MALNUTRITION] = "there were signs of severe acute malnutrition",
	[GV_CAT_MODERATE_ACUTE_MALNUTRITION] = "there were signs of moderate acute malnutrition",
	[GV_CAT_MIDPARENTAL_HEIGHT_GAP] = "{she} was much shorter than expected from {her} parents' heights",
	[GV_CAT_HEIGHT_FALTERING] = "{her} growth in height slowed, crossing lines on the chart (height faltering)",
	[GV_CAT_HEAD_GROWTH_CROSSING] = "{her} head growth crossed lines on the chart",
	[GV_CAT_IMPLAUSIBLE_VALUE] = "a measurement looked wrong",
	[GV_CAT_SMALL_FOR_GA] = "{she} was small at birth for the length of the pregnancy (small for gestational age)",
	[GV_CAT_LARGE_FOR_GA] = "{she} was large at birth for the length of the pregnancy (large for gestational age)",
};

void baseline_buf_family_phrase(prompt_buf *b, gv_flag_cat c, gv_sex sex, int cap)
{
	const char *t = (unsigned)c < GV_CAT_COUNT ? cat_family[c] : "";
	const char *she = sex == GV_MALE ? "he" : sex == GV_FEMALE ? "she" : "they";
	const char *her = sex == GV_MALE ? "his" : sex == GV_FEMALE ? "her" : "their";
	const char *him = sex == GV_MALE ? "him" : sex == GV_FEMALE ? "her" : "them";
	size_t start = b->len;
	while (*t) {
		if (strncmp(t, "{she}", 5) == 0) {
			prompt_buf_puts(b, she);
			t += 5;
		} else if (strncmp(t, "{her}", 5) == 0) {
			prompt_buf_puts(b, her);
			t += 5;
		} else if (strncmp(t, "{him}", 5) == 0) {
			prompt_buf_puts(b, him);
			t += 5;
		} else {
			prompt_buf_putc(b, *t++);
		}
	}
	if (cap && b->len > start && b->s[start] >= 'a' && b->s[start] <= 'z')
		b->s[start] = (char)(b->s[start] - 'a' + 'A');
}

const char *baseline_slot_name(baseline_slot_kind k)
{
	static const char *const n[BASELINE_S_COUNT] = {"value", "zp", "trend", "chart", "agebasis", "flag", "noflag",
							"advice"};
	return (unsigned)k < BASELINE_S_COUNT ? n[k] : "";
}

/* How a flag's numbers are told (by rule id; an unknown rule is told as a one-visit z rule). */
enum clause { C_STATUS, C_LINES, C_DZ, C_P95, C_MUAC, C_OEDEMA, C_MPH_GAP, C_MPH_WIDEN, C_NB_LOSS, C_NB_REGAIN };

static enum clause clause_of(const char *rule)
{
	static const struct {
		const char *id;
		enum clause c;
	} t[] = {
		{"wfa_decline_2_lines", C_LINES}, {"lhfa_decline_2_lines", C_LINES}, {"hcfa_cross_2_lines", C_LINES},
		{"wfa_rise_over_0_67", C_DZ}, {"bmi_at_or_above_p95", C_P95}, {"bmi_class2_obesity", C_P95},
		{"bmi_class3_obesity", C_P95}, {"muac_115_to_124mm", C_MUAC}, {"muac_below_115mm", C_MUAC},
		{"oedema_bilateral", C_OEDEMA}, {"midparental_gap_over_2sd", C_MPH_GAP},
		{"midparental_gap_widening", C_MPH_WIDEN}, {"newborn_loss_over_10pct", C_NB_LOSS},
		{"newborn_not_regained_21d", C_NB_REGAIN},
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (strcmp(rule, t[i].id) == 0)
			return t[i].c;
	return C_STATUS;
}

static const char *rule_label(const char *id)
{
	gv_rule_info ri;
	size_t n = flags_nrules();
	for (size_t i = 0; i < n; i++)
		if (flags_rule_info(i, &ri) && (ri.id == id || strcmp(ri.id, id) == 0))
			return ri.label;
	return id;
}

/* ================================================================== sentences and slots */

typedef struct sent {
	int prio;          /* 0: never left out; larger: left out earlier */
	size_t off, len;   /* in the scratch text */
	size_t slot0, nslot;
	int words, keep;
} sent;

typedef struct wctx {
	const prompt_facts *f;
	const prompt_options *o;
	baseline *s;
	prompt_buf *b;
	int fam;
	int cur;           /* sentence being written, -1 none */
	/* pronouns */
	const char *child, *Child, *she, *She, *her, *Her, *him, *peers;
	int err;
} wctx;

static void sent_begin(wctx *w, int prio)
{
	baseline *s = w->s;
	if (s->nsent == s->sent_cap) {
		size_t cap = s->sent_cap ? 2 * s->sent_cap : 32;
		sent *n = realloc(s->sent, cap * sizeof *n);
		if (!n) {
			w->err = 1;
			w->cur = -1;
			return;
		}
		s->sent = n;
		s->sent_cap = cap;
	}
	sent *t = (sent *)s->sent + s->nsent;
	t->prio = prio;
	t->off = w->b->len;
	t->slot0 = s->nsslots;
	t->nslot = 0;
	w->cur = (int)s->nsent++;
}

static void sent_end(wctx *w)
{
	if (w->cur < 0)
		return;
	sent *t = (sent *)w->s->sent + w->cur;
	t->len = w->b->len - t->off;
	t->nslot = w->s->nsslots - t->slot0;
	w->cur = -1;
}

/* A new slot starting at the current end of the text; returns its index (or -1). */
static long slot_begin(wctx *w, baseline_slot_kind k)
{
	baseline *s = w->s;
	if (s->nsslots == s->sslot_cap) {
		size_t cap = s->sslot_cap ? 2 * s->sslot_cap : 64;
		baseline_slot *n = realloc(s->sslots, cap * sizeof *n);
		if (!n) {
			w->err = 1;
			return -1;
		}
		s->sslots = n;
		s->sslot_cap = cap;
	}
	baseline_slot *t = &s->sslots[s->nsslots];
	memset(t, 0, sizeof *t);
	t->kind = k;
	t->start = t->end = w->b->len;
	t->visit = t->visit_from = PROMPT_NONE;
	t->ind = GV_NIND;
	t->ref = GV_REF_NONE;
	t->category = GV_CAT_COUNT;
	t->value = t->z = t->p = NAN;
	return (long)s->nsslots++;
}

static baseline_slot *slot_at(wctx *w, long i)
{
	return i < 0 ? NULL : &w->s->sslots[i];
}

static void slot_end(wctx *w, long i)
{
	if (i >= 0)
		w->s->sslots[i].end = w->b->len;
}

static void put(wctx *w, const char *s)
{
	prompt_buf_puts(w->b, s);
}

/* Text with {she} {her} {him} replaced; cap = 1 capitalises the first letter. */
static void put_pron(wctx *w, const char *s, int cap)
{
	size_t start = w->b->len;
	while (*s) {
		if (strncmp(s, "{she}", 5) == 0) {
			put(w, w->she);
			s += 5;
		} else if (strncmp(s, "{her}", 5) == 0) {
			put(w, w->her);
			s += 5;
		} else if (strncmp(s, "{him}", 5) == 0) {
			put(w, w->him);
			s += 5;
		} else {
			prompt_buf_putc(w->b, *s++);
		}
	}
	if (cap && w->b->len > start && w->b->s[start] >= 'a' && w->b->s[start] <= 'z')
		w->b->s[start] = (char)(w->b->s[start] - 'a' + 'A');
}

/* ================================================================== shared pieces */

static int32_t term_date(const prompt_facts *f)
{
	const gv_patient *p = &f->child->p;
	return prompt_term_date(p->birth_date, p->ga_weeks, p->ga_days);
}

static int32_t birth(const prompt_facts *f)
{
	return f->child->p.birth_date;
}

/* Clinician age of visit i: "9m 12d" or "9m 12d (corrected 7m 3d)"; "birth" on the birth date. */
static void age_c(wctx *w, size_t i)
{
	if (w->f->child->v[i].date == birth(w->f) && !w->f->res[i].corrected) {
		put(w, "birth");
		return;
	}
	prompt_buf_age(w->b, birth(w->f), w->f->child->v[i].date);
	if (w->f->res[i].corrected) {
		put(w, " (corrected ");
		prompt_buf_age(w->b, term_date(w->f), w->f->child->v[i].date);
		put(w, ")");
	}
}

/* Family age of visit i: "9 months" or "9 months (7 months corrected age)"; "birth" on the birth date. */
static void age_f(wctx *w, size_t i)
{
	if (w->f->child->v[i].date == birth(w->f) && !w->f->res[i].corrected) {
		put(w, "birth");
		return;
	}
	prompt_buf_age_words(w->b, birth(w->f), w->f->child->v[i].date);
	if (w->f->res[i].corrected) {
		put(w, " (");
		prompt_buf_age_words(w->b, term_date(w->f), w->f->child->v[i].date);
		put(w, " corrected age)");
	}
}

static void age_any(wctx *w, size_t i)
{
	if (w->fam)
		age_f(w, i);
	else
		age_c(w, i);
}

static double raw(const gv_visit *v, gv_ind k)
{
	switch (k) {
	case GV_WFA: return v->weight_kg;
	case GV_LHFA: return v->height_cm;
	case GV_HCFA: return v->head_cm;
	case GV_ACFA: return v->muac_cm;
	default: return NAN;
	}
}

/* The value stated for indicator k at visit i: the recorded measurement (BMI: the engine's). */
static double stated_value(const prompt_facts *f, size_t i, gv_ind k)
{
	return k == GV_BFA ? f->res[i].ind[GV_BFA].value : raw(&f->child->v[i], k);
}

void baseline_buf_ordinal_pct(prompt_buf *b, double p)
{
	if (p < 1) {
		prompt_buf_puts(b, "below the 1st percentile");
		return;
	}
	if (p > 99) {
		prompt_buf_puts(b, "above the 99th percentile");
		return;
	}
	int n = (int)floor(p + 0.5);
	const char *suf = "th";
	if (n % 100 < 11 || n % 100 > 13)
		suf = n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th";
	prompt_buf_puts(b, "around the ");
	prompt_buf_int(b, n);
	prompt_buf_puts(b, suf);
	prompt_buf_puts(b, " percentile");
}

/* The z/percentile slot of indicator k at visit i (scored and plausible). */
static void zp_slot(wctx *w, size_t i, gv_ind k, int explain, const char *verb)
{
	const gv_ind_result *ir = &w->f->res[i].ind[k];
	long sl = slot_begin(w, BASELINE_S_ZP);
	baseline_slot *t = slot_at(w, sl);
	if (t) {
		t->visit = i;
		t->ind = k;
		t->ref = w->f->res[i].ref;
		t->z = ir->z;
		t->p = ir->p;
	}
	if (w->fam) {
		baseline_buf_ordinal_pct(w->b, ir->p);
		if (explain) {
			int n = (int)floor(ir->p + 0.5);
			put(w, ", which means ");
			if (ir->p < 1)
				put(w, "fewer than 1");
			else if (ir->p > 99)
				put(w, "more than 99");
			else {
				put(w, "about ");
				prompt_buf_int(w->b, n);
			}
			put(w, " in 100 ");
			put(w, w->peers);
			put(w, " of the same age ");
			put(w, verb);
			put(w, " less");
		}
	} else {
		put(w, "z ");
		prompt_buf_z(w->b, ir->z);
		put(w, ", P");
		prompt_buf_pct(w->b, ir->p);
	}
	slot_end(w, sl);
}

static void value_slot(wctx *w, size_t i, gv_ind k)
{
	double v = stated_value(w->f, i, k);
	long sl = slot_begin(w, BASELINE_S_VALUE);
	baseline_slot *t = slot_at(w, sl);
	if (t) {
		t->visit = i;
		t->ind = k;
		t->value = v;
	}
	prompt_buf_measure(w->b, k, v);
	slot_end(w, sl);
}

static void chart_slot(wctx *w, gv_ref r)
{
	long sl = slot_begin(w, BASELINE_S_CHART);
	baseline_slot *t = slot_at(w, sl);
	if (t)
		t->ref = r;
	if (w->fam)
		put(w, r == GV_CDC2000 ? "CDC" : r == GV_REF_IG21_NBS ? "INTERGROWTH-21st newborn" : r == GV_REF_IG21_PNG ? "INTERGROWTH-21st preterm" : "WHO");
	else
		put(w, prompt_ref_title(r));
	slot_end(w, sl);
}

static int sev_open(const gv_flag *g)
{
	return g->category != GV_CAT_IMPLAUSIBLE_VALUE && g->severity >= GV_SEV_MODERATE;
}

/* ================================================================== intro */

static size_t nscored_visits(const prompt_facts *f, size_t *first)
{
	size_t n = 0;
	*first = PROMPT_NONE;
	for (size_t i = 0; i < f->child->nv; i++)
		for (int k = 0; k < GV_NIND; k++)
			if (f->res[i].ind[k].status == GV_OK) {
				if (*first == PROMPT_NONE)
					*first = i;
				n++;
				break;
			}
	return n;
}

/* Every visit after birth is before any growth standard: a preterm infant under 27 weeks
 * postmenstrual age (INTERGROWTH-21st, growth_compute: GV_ENO_STANDARD). */
static int before_standard(const prompt_facts *f)
{
	int any = 0;
	for (size_t i = 0; i < f->child->nv; i++) {
		if (f->child->v[i].date < f->child->p.birth_date)
			continue;
		if (f->res[i].ind[GV_WFA].status != GV_ENO_STANDARD)
			return 0;
		any = 1;
	}
	return any;
}

/* Every visit with a date after birth is before term (corrected age below 0). */
static int before_term(const prompt_facts *f)
{
	int any = 0;
	for (size_t i = 0; i < f->child->nv; i++) {
		if (f->child->v[i].date < f->child->p.birth_date)
			continue;
		if (!(f->res[i].warn & GV_W_BEFORE_TERM))
			return 0;
		any = 1;
	}
	return any;
}

static void intro(wctx *w)
{
	const prompt_facts *f = w->f;
	const gv_child *c = f->child;
	const gv_patient *p = &c->p;
	int preterm = p->ga_weeks > 0 && record_ga(p) < f->fo.growth.preterm_weeks;
	size_t nv = c->nv, first_ok;
	nscored_visits(f, &first_ok);
	sent_begin(w, 0);
	if (!w->fam) {
		put(w, p->sex == GV_MALE ? "Boy" : p->sex == GV_FEMALE ? "Girl" : "Child of unrecorded sex");
		if (p->ga_weeks > 0) {
			put(w, preterm ? " born preterm at " : " born at ");
			prompt_buf_int(w->b, p->ga_weeks);
			put(w, "+");
			prompt_buf_int(w->b, p->ga_days);
			put(w, " weeks");
		}
		if (nv == 0) {
			put(w, "; no visits are recorded, so there are no measurements to assess.");
		} else {
			put(w, ", ");
			prompt_buf_int(w->b, (long long)nv);
			put(w, nv == 1 ? " visit at " : " visits from ");
			if (c->v[0].date == p->birth_date)
				put(w, "birth");
			else
				prompt_buf_age(w->b, p->birth_date, c->v[0].date);
			if (nv > 1) {
				put(w, " to ");
				prompt_buf_age(w->b, p->birth_date, c->v[nv - 1].date);
			}
			if (!f->sex_known)
				put(w, ": the growth charts are sex-specific, so no z-scores, percentiles or flags can be given.");
			else if (first_ok == PROMPT_NONE)
				put(w, before_standard(f)
					       ? (nv == 1 ? ", which cannot be scored: no growth standard applies before 27 weeks postmenstrual age."
							  : ", none of which can be scored: no growth standard applies before 27 weeks postmenstrual age.")
				       : before_term(f) ? (nv == 1 ? ", which cannot be scored on the charts before term (corrected age)."
								 : ", none of which can be scored on the charts before term (corrected age).")
						      : (nv == 1 ? ", which cannot be scored on the charts."
								 : ", none of which can be scored on the charts."));
			else
				put(w, ".");
		}
	} else {
		if (nv == 0) {
			put(w, "There are no measurements of ");
			put(w, w->child);
			put(w, " yet, so ");
			put(w, w->her);
			put(w, " growth cannot be described.");
		} else {
			put(w, w->Child);
			if (preterm) {
				put(w, " was born early, at ");
				prompt_buf_int(w->b, p->ga_weeks);
				put(w, " weeks");
				if (p->ga_days) {
					put(w, " and ");
					prompt_buf_int(w->b, p->ga_days);
					put(w, p->ga_days == 1 ? " day" : " days");
				}
				put(w, " of pregnancy, and");
			}
			put(w, " has been measured ");
			if (nv == 1) {
				put(w, "once, at ");
			} else {
				prompt_buf_int(w->b, (long long)nv);
				put(w, " times, most recently at ");
			}
			if (c->v[nv - 1].date == p->birth_date)
				put(w, "birth");
			else
				prompt_buf_age_words(w->b, p->birth_date, c->v[nv - 1].date);
			put(w, ".");
			if (!f->sex_known) {
				put(w, " Growth charts are different for girls and boys and ");
				put(w, w->her);
				put(w, " sex is not recorded, so the measurements cannot be compared with them yet.");
			} else if (first_ok == PROMPT_NONE) {
				put(w, nv == 1 ? " This measurement cannot be compared with the growth charts yet"
					       : " None of these measurements can be compared with the growth charts yet");
				put_pron(w, before_standard(f) ? ": for a baby born this early, the charts start at 27 weeks counted from the start of the pregnancy."
					    : before_term(f) ? ": for a baby born early, this starts from {her} due date." : ".", 0);
			}
		}
	}
	sent_end(w);
}

/* ================================================================== chart and age basis */

static void basis(wctx *w)
{
	const prompt_facts *f = w->f;
	if (!f->sex_known || f->last == PROMPT_NONE)
		return;
	size_t at[4];
	size_t ns = prompt_facts_switches(f, at, 4);
	if (ns > 3)
		ns = 3;
	/* the first scored visit's chart, then each switch */
	size_t first = PROMPT_NONE;
	int corrected = 0;
	for (size_t i = 0; i < f->child->nv; i++) {
		int any = 0;
		for (int k = 0; k < GV_NIND; k++)
			any |= f->res[i].ind[k].status == GV_OK;
		if (!any)
			continue;
		if (first == PROMPT_NONE)
			first = i;
		corrected |= f->res[i].corrected;
	}
	sent_begin(w, 0);
	if (!w->fam) {
		put(w, "Measurements are plotted on the ");
		chart_slot(w, f->res[first].ref);
		put(w, " charts");
		for (size_t s = 0; s < ns; s++) {
			size_t j = at[s];
			size_t prev = j;
			while (prev-- > 0) {
				int any = 0;
				for (int k = 0; k < GV_NIND; k++)
					any |= f->res[prev].ind[k].status == GV_OK;
				if (any)
					break;
			}
			if (f->child->v[prev].date == birth(f)) {
				put(w, " at birth");
			} else {
				put(w, " up to ");
				prompt_buf_age(w->b, birth(f), f->child->v[prev].date);
			}
			put(w, s + 1 < ns ? ", the " : " and on the ");
			chart_slot(w, f->res[j].ref);
			put(w, " charts from ");
			prompt_buf_age(w->b, birth(f), f->child->v[j].date);
		}
		if (corrected) {
			put(w, ", at ");
			long sl = slot_begin(w, BASELINE_S_AGEBASIS);
			put(w, "corrected age");
			slot_end(w, sl);
			put(w, " until ");
			prompt_buf_fixed(w->b, f->fo.growth.correct_until_months, 0);
			put(w, " months of age (born preterm)");
		}
		put(w, ".");
	} else {
		if (ns == 0) {
			put_pron(w, "{her} measurements are compared with the ", 1);
			chart_slot(w, f->res[first].ref);
			put(w, " growth charts.");
		} else {
			size_t j = at[0], prev = j;
			while (prev-- > 0) {
				int any = 0;
				for (int k = 0; k < GV_NIND; k++)
					any |= f->res[prev].ind[k].status == GV_OK;
				if (any)
					break;
			}
			if (f->child->v[prev].date == birth(f)) {
				put(w, "At birth");
			} else {
				put(w, "Up to ");
				prompt_buf_age_words(w->b, birth(f), f->child->v[prev].date);
			}
			put_pron(w, " {her} measurements were compared with the ", 0);
			chart_slot(w, f->res[first].ref);
			put(w, " growth charts");
			/* every switch (a preterm child: INTERGROWTH-21st newborn, preterm, then WHO and CDC) */
			for (size_t sw = 0; sw < ns; sw++) {
				j = at[sw];
				put(w, sw + 1 < ns ? ", from " : ", and from ");
				prompt_buf_age_words(w->b, birth(f), f->child->v[j].date);
				put(w, " with the ");
				chart_slot(w, f->res[j].ref);
				put(w, " growth charts");
			}
			put(w, ".");
		}
		if (corrected) {
			put_pron(w, " Because {she} was born early, {her} growth is judged by {her} ", 0);
			long sl = slot_begin(w, BASELINE_S_AGEBASIS);
			put_pron(w, "corrected age ({her} age counted from {her} due date)", 0);
			slot_end(w, sl);
			put(w, " until the age of 2.");
		}
	}
	sent_end(w);
}

/* ================================================================== flags */

/* One clinician clause for flag g: "<label> at <age>: <numbers>". */
static void clause_c(wctx *w, const gv_flag *g)
{
	const prompt_facts *f = w->f;
	const char *label = rule_label(g->rule);
	enum clause c = clause_of(g->rule);
	size_t to = g->visit, from = prompt_facts_visit_on(f, g->date_from, g->indicator);
	const char *title = cat_title[g->category];
	size_t k = 0;
	while (label[k] && title[k] && (label[k] | 32) == (title[k] | 32))
		k++;
	/* a label that repeats the category is left out: "Obesity (moderate): at 8y 0m, BMI ..." */
	int own = label[k] || title[k];
	const char *sep = own ? ": " : ", ";
	if (own)
		put(w, label);
	switch (c) {
	case C_LINES:
	case C_DZ:
	case C_MPH_WIDEN:
		if (from == PROMPT_NONE || (unsigned)g->indicator >= GV_NIND)
			goto plain;
		put(w, own ? " between " : "between ");
		age_c(w, from);
		put(w, " and ");
		age_c(w, to);
		put(w, sep);
		if (c == C_LINES) {
			int n = (int)fabs(g->metric);
			prompt_buf_int(w->b, n);
			put(w, n == 1 ? " major percentile line " : " major percentile lines ");
			put(w, g->metric < 0 ? "down" : "up");
			put(w, ", z ");
		} else {
			put(w, c == C_DZ ? "weight-for-age z " : "height z ");
		}
		prompt_buf_z(w->b, f->res[from].ind[g->indicator].z);
		put(w, " to ");
		prompt_buf_z(w->b, f->res[to].ind[g->indicator].z);
		if (c == C_MPH_WIDEN) {
			put(w, ", falling ");
			prompt_buf_fixed(w->b, g->metric, 2);
			put(w, " SD per year below the mid-parental target");
		}
		return;
	default:
		break;
	}
plain:
	put(w, own ? " at " : "at ");
	age_c(w, to);
	switch (c) {
	case C_P95:
		put(w, sep);
		put(w, "BMI ");
		prompt_buf_measure(w->b, GV_BFA, g->value);
		put(w, ", ");
		prompt_buf_fixed(w->b, g->metric, 1);
		put(w, "% of the 95th percentile");
		break;
	case C_MUAC:
		put(w, sep);
		put(w, "MUAC ");
		prompt_buf_fixed(w->b, g->value, 1);
		put(w, " mm");
		break;
	case C_OEDEMA:
		break;
	case C_MPH_GAP:
		put(w, sep);
		put(w, "height z ");
		prompt_buf_z(w->b, g->z);
		put(w, ", ");
		prompt_buf_fixed(w->b, g->metric, 2);
		put(w, " SD below the mid-parental target");
		break;
	case C_NB_LOSS:
		put(w, sep);
		prompt_buf_fixed(w->b, g->metric, 1);
		put(w, "% below birth weight");
		break;
	case C_NB_REGAIN:
		put(w, sep);
		put(w, "weight ");
		prompt_buf_measure(w->b, GV_WFA, g->value);
		put(w, ", below birth weight");
		break;
	default:
		if ((unsigned)g->indicator < GV_NIND && isfinite(g->z)) {
			put(w, sep);
			put(w, g->indicator == GV_WFLH ? "weight-for-length/height"
						       : prompt_ind_words(f, to, g->indicator));
			put(w, " z ");
			prompt_buf_z(w->b, g->z);
			if (isfinite(g->percentile)) {
				put(w, " (P");
				prompt_buf_pct(w->b, g->percentile);
				put(w, ")");
			}
		}
		if (g->nvisits > 1 && c == C_STATUS && g->date_from != g->date) {
			size_t fr = prompt_facts_visit_on(f, g->date_from, GV_NIND);
			if (fr != PROMPT_NONE) {
				put(w, ", on ");
				prompt_buf_int(w->b, g->nvisits);
				put(w, " visits since ");
				age_c(w, fr);
			}
		}
		break;
	}
}

/* The flag of category cat told to a family: the most severe, then the latest. */
static void flag_family(wctx *w, const gv_flag *g, gv_severity sev)
{
	const prompt_facts *f = w->f;
	put(w, "At ");
	age_f(w, g->visit);
	put(w, ", ");
	put_pron(w, cat_family[g->category], 0);
	enum clause c = clause_of(g->rule);
	if (c == C_STATUS && (unsigned)g->indicator < GV_NIND && isfinite(g->percentile) &&
	    (g->indicator == GV_WFA || g->indicator == GV_LHFA || g->indicator == GV_HCFA || g->indicator == GV_BFA)) {
		put(w, ", ");
		baseline_buf_ordinal_pct(w->b, g->percentile);
	} else if (c == C_LINES && (unsigned)g->indicator < GV_NIND) {
		int n = (int)fabs(g->metric);
		size_t from = prompt_facts_visit_on(f, g->date_from, g->indicator);
		put(w, " (");
		prompt_buf_int(w->b, n);
		put(w, n == 1 ? " of the main lines on the chart crossed" : " of the main lines on the chart crossed");
		if (from != PROMPT_NONE) {
			put(w, " since ");
			age_f(w, from);
		}
		put(w, ")");
	} else if (c == C_P95) {
		put(w, ", with a BMI of ");
		prompt_buf_fixed(w->b, g->value, 1);
	}
	if (sev >= GV_SEV_SEVERE)
		put_pron(w, "; this needs prompt attention from {her} doctor.", 0);
	else
		put(w, ".");
}

static void flags_sentences(wctx *w)
{
	const prompt_facts *f = w->f;
	static const gv_severity order[2] = {GV_SEV_SEVERE, GV_SEV_MODERATE};
	uint64_t done = 0;
	size_t nsusp = 0, nopen = 0;
	for (size_t j = 0; j < f->nflags; j++)
		if (sev_open(&f->flags[j])) {
			if (f->flags[j].suspect)
				nsusp++;
			else
				nopen++;
		}
	/* one sentence per category, the most severe categories first */
	for (int o = 0; o < 2; o++) {
		for (int cat = 0; cat < GV_CAT_COUNT; cat++) {
			if (done & GV_CAT_BIT(cat))
				continue;
			gv_severity top = GV_SEV_INFO;
			const gv_flag *best = NULL;
			for (size_t j = 0; j < f->nflags; j++) {
				const gv_flag *g = &f->flags[j];
				if ((int)g->category != cat || !sev_open(g) || g->suspect)
					continue;
				if (g->severity > top)
					top = g->severity;
				if (!best || g->severity > best->severity ||
				    (g->severity == best->severity && g->date > best->date))
					best = g;
			}
			if (!best || top != order[o])
				continue;
			done |= GV_CAT_BIT(cat);
			sent_begin(w, 0);
			long sl = slot_begin(w, BASELINE_S_FLAG);
			baseline_slot *t = slot_at(w, sl);
			if (t) {
				t->category = (gv_flag_cat)cat;
				t->severity = top;
				t->visit = best->visit;
				t->ind = best->indicator;
			}
			if (w->fam) {
				flag_family(w, best, top);
			} else {
				put(w, cat_title[cat]);
				put(w, " (");
				put(w, flags_sev_name(top));
				put(w, "): ");
				int nc = 0;
				for (size_t j = 0; j < f->nflags; j++) {
					const gv_flag *g = &f->flags[j];
					if ((int)g->category != cat || !sev_open(g) || g->suspect)
						continue;
					if (nc++)
						put(w, "; ");
					clause_c(w, g);
				}
				put(w, ".");
			}
			slot_end(w, sl);
			sent_end(w);
		}
	}
	if (nsusp) {
		sent_begin(w, 0);
		if (!w->fam) {
			prompt_buf_int(w->b, (long long)nsusp);
			put(w, nopen ? " further moderate or severe flag" : " moderate or severe flag");
			put(w, nsusp == 1 ? " rests" : "s rest");
			put(w, " on a value that needs checking and ");
			put(w, nsusp == 1 ? "is" : "are");
			put(w, " not interpreted here.");
		} else {
			put(w, nsusp == 1 ? (nopen ? "One other possible finding depends" : "One possible finding depends")
					  : (nopen ? "Some other possible findings depend" : "Some possible findings depend"));
			put(w, " on a measurement that may be a recording error, so ");
			put(w, nsusp == 1 ? "it is" : "they are");
			put(w, " not described here.");
		}
		sent_end(w);
	} else if (!nopen && f->sex_known && f->last != PROMPT_NONE) {
		sent_begin(w, 0);
		long sl = slot_begin(w, BASELINE_S_NOFLAG);
		if (!w->fam)
			put(w, "No moderate or severe growth flags are open.");
		else
			put_pron(w, "No growth problem needing a check by {her} doctor was found.", 0);
		slot_end(w, sl);
		sent_end(w);
	}
}

/* Information-only flags (rapid weight gain, overweight below the obesity line): one sentence. */
static void info_flags(wctx *w)
{
	const prompt_facts *f = w->f;
	uint64_t done = 0;
	int n = 0;
	for (size_t j = 0; j < f->nflags; j++) {
		const gv_flag *g = &f->flags[j];
		if (g->severity != GV_SEV_INFO || g->suspect || g->category == GV_CAT_IMPLAUSIBLE_VALUE)
			continue;
		/* a category already told as moderate or severe is not repeated */
		int told = 0;
		for (size_t k = 0; k < f->nflags; k++)
			told |= f->flags[k].category == g->category && sev_open(&f->flags[k]) && !f->flags[k].suspect;
		if (told || (done & GV_CAT_BIT(g->category)))
			continue;
		done |= GV_CAT_BIT(g->category);
		if (!n++) {
			sent_begin(w, 4);
			put(w, w->fam ? "Also worth knowing: " : "Also noted (information only): ");
		} else {
			put(w, w->fam ? "; and " : "; ");
		}
		if (w->fam) {
			put_pron(w, cat_family[g->category], 0);
			put(w, " at ");
			age_f(w, g->visit);
		} else {
			const char *t = cat_title[g->category];
			prompt_buf_putc(w->b, (char)(t[0] - 'A' + 'a'));
			put(w, t + 1);
			put(w, ", ");
			clause_c(w, g);
		}
	}
	if (n) {
		put(w, ".");
		sent_end(w);
	}
}

/* ================================================================== values to check */

static void implausible(wctx *w)
{
	const prompt_facts *f = w->f;
	size_t n = 0, shown = 0;
	for (size_t j = 0; j < f->nflags; j++)
		n += f->flags[j].category == GV_CAT_IMPLAUSIBLE_VALUE;
	if (!n)
		return;
	sent_begin(w, 2);
	if (!w->fam)
		put(w, n == 1 ? "Value to check: " : "Values to check: ");
	else
		put(w, n == 1 ? "One measurement looks like a recording error and was not used: "
			      : "Some measurements look like recording errors and were not used: ");
	for (size_t j = 0; j < f->nflags && shown < 3; j++) {
		const gv_flag *g = &f->flags[j];
		if (g->category != GV_CAT_IMPLAUSIBLE_VALUE)
			continue;
		if (shown++)
			put(w, "; ");
		gv_ind k = (unsigned)g->indicator < GV_NIND ? g->indicator : GV_WFA;
		double v = k == GV_BFA || k == GV_WFLH ? f->res[g->visit].ind[k].value : raw(&f->child->v[g->visit], k);
		put(w, k == GV_WFLH ? "weight" : prompt_ind_words(f, g->visit, k));
		put(w, " ");
		if (w->fam && k == GV_BFA)
			prompt_buf_fixed(w->b, v, 1); /* no "kg/m2" for families */
		else
			prompt_buf_measure(w->b, k == GV_WFLH ? GV_WFA : k, v);
		if (strcmp(g->rule, "weight_height_swapped") == 0) {
			put(w, " and ");
			put(w, prompt_ind_words(f, g->visit, GV_LHFA));
			put(w, " ");
			prompt_buf_measure(w->b, GV_LHFA, f->child->v[g->visit].height_cm);
		}
		put(w, " at ");
		age_any(w, g->visit);
		if (!w->fam) {
			put(w, " (");
			put(w, rule_label(g->rule));
			put(w, ")");
		}
	}
	if (n > shown) {
		put(w, "; and ");
		prompt_buf_int(w->b, (long long)(n - shown));
		put(w, " more");
	}
	put(w, ".");
	sent_end(w);
}

/* ================================================================== the last visit */

/* "weight 6.950 kg (z -0.85, P19.8)" / "she weighed 6.950 kg, around the 20th percentile". */
static void measure_c(wctx *w, size_t i, gv_ind k)
{
	const prompt_facts *f = w->f;
	const char *name = k == GV_WFLH ? prompt_ind_words(f, i, k) : prompt_ind_words(f, i, k);
	put(w, name);
	if (k != GV_WFLH) {
		put(w, " ");
		value_slot(w, i, k);
	}
	if (f->res[i].ind[k].status != GV_OK) {
		put(w, " (not scored: ");
		put(w, gv_strerror(f->res[i].ind[k].status));
		put(w, ")");
	} else if (!prompt_facts_ok(f, i, k)) {
		put(w, " (value to check)");
	} else {
		put(w, k == GV_WFLH ? " " : " (");
		zp_slot(w, i, k, 0, NULL);
		if (k == GV_BFA && f->res[i].bfa_ext_method == GV_METHOD_CDC_EXTENDED) {
			put(w, "; ");
			prompt_buf_fixed(w->b, f->res[i].bmi_pct_p95, 1);
			put(w, "% of the 95th percentile");
		}
		if (k != GV_WFLH)
			put(w, ")");
	}
}

static int measured(const prompt_facts *f, size_t i, gv_ind k)
{
	if (k == GV_BFA || k == GV_WFLH)
		return f->res[i].ind[k].status == GV_OK;
	return !isnan(raw(&f->child->v[i], k));
}

static void measure_f(wctx *w, size_t i, gv_ind k, int explain)
{
	const prompt_facts *f = w->f;
	int ok = prompt_facts_ok(f, i, k), scored = f->res[i].ind[k].status == GV_OK;
	switch (k) {
	case GV_WFA:
		put_pron(w, "{she} weighed ", 0);
		value_slot(w, i, k);
		break;
	case GV_LHFA:
		put(w, "measured ");
		value_slot(w, i, k);
		put(w, strcmp(prompt_ind_words(f, i, k), "height") == 0 ? " tall" : " long");
		break;
	case GV_HCFA:
		put_pron(w, "{her} head circumference was ", 0);
		value_slot(w, i, k);
		break;
	case GV_ACFA:
		put_pron(w, "{her} upper-arm circumference was ", 0);
		value_slot(w, i, k);
		break;
	case GV_BFA: /* the number without its unit: kg/m2 means nothing to most families */
		put_pron(w, "{her} BMI (a measure of weight for height) was ", 0);
		prompt_buf_fixed(w->b, stated_value(f, i, k), 1);
		break;
	case GV_WFLH:
		put_pron(w, "{her} weight for {her} ", 0);
		put(w, strcmp(prompt_ind_words(f, i, k), "weight-for-height") == 0 ? "height" : "length");
		put(w, " was");
		break;
	default:
		return;
	}
	if (!scored) {
		if (k != GV_WFLH)
			put(w, " (not on the charts at this age)");
	} else if (!ok) {
		put(w, " (this value needs checking)");
	} else {
		put(w, k == GV_WFLH ? " " : ", ");
		zp_slot(w, i, k, explain, k == GV_WFA ? "weigh" : k == GV_LHFA ? "measure" : "measure");
	}
}

/* ", on the INTERGROWTH-21st preterm standard at 37+3 weeks postmenstrual age" (PNG) or ", on the
 * INTERGROWTH-21st newborn size standard for 30+0 weeks' gestation" (birth); nothing on the term
 * charts.  Family: ", on the INTERGROWTH-21st charts for babies born early". */
static void ig21_basis(wctx *w, size_t i)
{
	const gv_result *r = &w->f->res[i];
	if (r->ref != GV_REF_IG21_NBS && r->ref != GV_REF_IG21_PNG)
		return;
	if (w->fam) {
		put(w, ", on the INTERGROWTH-21st charts for babies born early");
		return;
	}
	long d = (long)floor(r->pma_weeks * 7 + 0.5);
	put(w, r->ref == GV_REF_IG21_PNG ? ", on the INTERGROWTH-21st preterm standard at "
					  : ", on the INTERGROWTH-21st newborn size standard for ");
	prompt_buf_int(w->b, d / 7);
	put(w, "+");
	prompt_buf_int(w->b, d % 7);
	put(w, r->ref == GV_REF_IG21_PNG ? " weeks postmenstrual age" : " weeks' gestation");
	if (r->warn & GV_W_IG21_REFERENCE)
		put(w, " (a reference before 33 weeks, not a standard)");
}

static void last_visit(wctx *w)
{
	const prompt_facts *f = w->f;
	size_t i = f->last;
	if (!f->sex_known || i == PROMPT_NONE)
		return;
	static const gv_ind main_inds[2] = {GV_WFA, GV_LHFA};
	int n = 0;
	sent_begin(w, 1);
	if (!w->fam) {
		put(w, "At the last visit, at ");
		age_c(w, i);
		ig21_basis(w, i);
		put(w, ": ");
	} else {
		put_pron(w, "At {her} last check, at ", 0);
		age_f(w, i);
		ig21_basis(w, i);
		put(w, ", ");
	}
	for (int j = 0; j < 2; j++) {
		gv_ind k = main_inds[j];
		if (!(w->o->indicators & (1u << k)) || !measured(f, i, k))
			continue;
		if (n++)
			put(w, w->fam ? ", and " : ", ");
		if (w->fam)
			measure_f(w, i, k, n == 1);
		else
			measure_c(w, i, k);
	}
	if (!n)
		put(w, w->fam ? "no weight or length was measured" : "weight and length/height not measured");
	put(w, ".");
	sent_end(w);

	/* the other measurements of that visit */
	static const gv_ind other[4] = {GV_HCFA, GV_BFA, GV_WFLH, GV_ACFA};
	n = 0;
	for (int j = 0; j < 4; j++) {
		gv_ind k = other[j];
		if (!(w->o->indicators & (1u << k)) || !measured(f, i, k))
			continue;
		/* weight-for-length under 24 months, BMI from 24 months (as the charts are used) */
		int old = prompt_facts_age_days(f, i) >= 731;
		if (k == GV_WFLH && old && f->res[i].ind[GV_BFA].status == GV_OK)
			continue;
		if (k == GV_BFA && !old && f->res[i].ind[GV_WFLH].status == GV_OK)
			continue;
		/* a BMI or weight-for-length computed from a value to check is no measurement */
		if ((k == GV_BFA || k == GV_WFLH) && !prompt_facts_ok(f, i, k))
			continue;
		if (!n++) {
			sent_begin(w, 3);
		} else {
			put(w, w->fam ? "; " : "; ");
		}
		if (w->fam) {
			if (n == 1) {
				size_t start = w->b->len;
				measure_f(w, i, k, 0);
				if (w->b->len > start && w->b->s[start] >= 'a' && w->b->s[start] <= 'z')
					w->b->s[start] = (char)(w->b->s[start] - 'a' + 'A');
			} else {
				measure_f(w, i, k, 0);
			}
		} else {
			size_t start = w->b->len;
			measure_c(w, i, k);
			if (n == 1 && w->b->len > start && w->b->s[start] >= 'a' && w->b->s[start] <= 'z')
				w->b->s[start] = (char)(w->b->s[start] - 'a' + 'A');
		}
	}
	if (n) {
		put(w, ".");
		sent_end(w);
	}
}

/* ================================================================== trends */

static void trends(wctx *w)
{
	const prompt_facts *f = w->f;
	static const gv_ind inds[3] = {GV_WFA, GV_LHFA, GV_BFA};
	if (!f->sex_known || f->last == PROMPT_NONE)
		return;
	for (int j = 0; j < 3; j++) {
		gv_ind k = inds[j];
		prompt_trend t;
		if (!(w->o->indicators & (1u << k)) || prompt_facts_trend(f, k, &t) != GV_OK)
			continue;
		/* BMI trends from 24 months only (no BMI chart in infancy under US rules) */
		if (k == GV_BFA && prompt_facts_age_days(f, t.from) < 731)
			continue;
		sent_begin(w, 2);
		int n = abs(t.lines);
		if (!w->fam) {
			put(w, k == GV_WFA ? "Weight-for-age was " : k == GV_LHFA ? "Length/height-for-age was " : "BMI-for-age was ");
			long sl = slot_begin(w, BASELINE_S_TREND);
			put(w, prompt_trend_word(t.dir));
			put(w, " (");
			if (n == 0) {
				put(w, "no major percentile line crossed");
			} else {
				prompt_buf_int(w->b, n);
				put(w, n == 1 ? " major percentile line crossed " : " major percentile lines crossed ");
				put(w, t.lines < 0 ? "downward" : "upward");
			}
			put(w, ")");
			slot_end(w, sl);
			baseline_slot *s = slot_at(w, sl);
			if (s) {
				s->visit = t.to;
				s->visit_from = t.from;
				s->ind = k;
				s->ref = t.ref;
				s->z = t.z_to;
				s->p = t.z_from; /* documented: z at visit_from */
				s->lines = t.lines;
				s->dir = t.dir;
			}
			put(w, " from ");
			age_c(w, t.from);
			put(w, " to ");
			age_c(w, t.to);
			put(w, ", z ");
			prompt_buf_z(w->b, t.z_from);
			put(w, " to ");
			prompt_buf_z(w->b, t.z_to);
			if (t.ref != f->res[f->last].ref) {
				put(w, " on the ");
				put(w, prompt_ref_title(t.ref));
				put(w, " charts");
			}
			put(w, ".");
		} else {
			put_pron(w, k == GV_WFA ? "{her} weight has " : k == GV_LHFA ? "{her} growth in length or height has " : "{her} BMI has ", 1);
			long sl = slot_begin(w, BASELINE_S_TREND);
			if (t.dir == 0)
				put(w, n == 0 ? "stayed on a steady path on the chart" : "stayed on a fairly steady path on the chart");
			else {
				put(w, t.dir < 0 ? "dropped across " : "risen across ");
				prompt_buf_int(w->b, n);
				put(w, " of the main lines on the chart");
			}
			slot_end(w, sl);
			baseline_slot *s = slot_at(w, sl);
			if (s) {
				s->visit = t.to;
				s->visit_from = t.from;
				s->ind = k;
				s->ref = t.ref;
				s->z = t.z_to;
				s->p = t.z_from;
				s->lines = t.lines;
				s->dir = t.dir;
			}
			put(w, " between ");
			age_f(w, t.from);
			put(w, " and ");
			age_f(w, t.to);
			put(w, ".");
		}
		sent_end(w);
	}
}

/* ================================================================== velocities, target height */

static void velocities(wctx *w)
{
	const prompt_facts *f = w->f;
	size_t i = f->last;
	static const gv_ind inds[2] = {GV_WFA, GV_LHFA};
	if (!f->sex_known || i == PROMPT_NONE)
		return;
	int n = 0;
	for (int j = 0; j < 2; j++) {
		gv_ind k = inds[j];
		traj_vel v;
		size_t prev;
		if (!(w->o->indicators & (1u << k)) || prompt_facts_velocity(f, i, k, &v, &prev) != GV_OK)
			continue;
		int32_t age = prompt_facts_age_days(f, i);
		int per_year = age >= 731;
		double r = per_year ? v.per_year : v.per_month;
		if (!n++) {
			sent_begin(w, 4);
			put(w, "Since ");
			put(w, w->fam ? "the check at " : "the visit at ");
			age_any(w, prev);
			put(w, ", ");
		} else {
			put(w, " and ");
		}
		if (!w->fam) {
			put(w, k == GV_WFA ? "weight" : prompt_ind_words(f, i, k));
			put(w, " velocity ");
			prompt_buf_velocity(w->b, k, &v, age);
		} else {
			if (k == GV_WFA) {
				put_pron(w, r < 0 ? "{she} lost " : "{she} gained ", 0);
				prompt_buf_fixed(w->b, fabs(r), 2);
				put(w, per_year ? " kg a year" : " kg a month");
			} else {
				put_pron(w, "{she} grew ", 0);
				prompt_buf_fixed(w->b, r, per_year ? 1 : 2);
				put(w, per_year ? " cm a year" : " cm a month");
			}
		}
	}
	if (n) {
		put(w, ".");
		sent_end(w);
	}
}

static void target(wctx *w)
{
	const prompt_facts *f = w->f;
	if (!f->sex_known || isnan(f->target_cm) || f->last == PROMPT_NONE ||
	    !(w->o->indicators & (1u << GV_LHFA)))
		return;
	size_t h = prompt_facts_last_ok(f, GV_LHFA);
	if (h == PROMPT_NONE || prompt_facts_age_days(f, h) < 731)
		return; /* the target is compared from 2 years (core/flags.c, mid-parental rules) */
	sent_begin(w, 3);
	if (!w->fam) {
		put(w, "Mid-parental target height ");
		prompt_buf_measure(w->b, GV_LHFA, f->target_cm);
		/* with its range, target -/+ 8.5 cm (Tanner 1970, core/stature.h); the projected adult
		 * height is in the prompt, left out here for the word limit */
		put(w, " (");
		if (isfinite(f->target_z)) {
			put(w, "z ");
			prompt_buf_z(w->b, f->target_z);
			put(w, ", ");
		}
		put(w, "range ");
		prompt_buf_fixed(w->b, f->target_lo_cm, 1);
		put(w, "-");
		prompt_buf_measure(w->b, GV_LHFA, f->target_hi_cm);
		put(w, ").");
	} else {
		put_pron(w, "from {her} parents' heights, {her} expected adult height is about ", 1);
		prompt_buf_measure(w->b, GV_LHFA, f->target_cm);
		put(w, ".");
	}
	sent_end(w);
}

/* ================================================================== advice */

static void advice(wctx *w)
{
	const prompt_facts *f = w->f;
	int open = 0, check = 0;
	for (size_t j = 0; j < f->nflags; j++) {
		if (sev_open(&f->flags[j]) && !f->flags[j].suspect)
			open = 1; /* a flag resting on a value to check waits for the check */
		if (f->flags[j].category == GV_CAT_IMPLAUSIBLE_VALUE)
			check = 1;
	}
	sent_begin(w, 0);
	long sl = slot_begin(w, BASELINE_S_ADVICE);
	if (!w->fam) {
		if (!f->sex_known)
			put(w, "Record the child's sex to allow assessment.");
		else if (f->child->nv && before_standard(f))
			put(w, "Assessment on the INTERGROWTH-21st preterm standard starts at 27 weeks postmenstrual age.");
		else if (f->child->nv && before_term(f))
			put(w, "Assessment on the charts starts at term (corrected age 0).");
		else if (f->child->nv == 0 || f->last == PROMPT_NONE)
			put(w, "Measurements are needed for an assessment.");
		else if (open)
			put(w, check ? "Clinical review of the flagged findings is suggested, after checking the flagged values."
				     : "Clinical review of the flagged findings is suggested.");
		else if (check)
			put(w, "Check the flagged values; otherwise continue routine growth monitoring.");
		else
			put(w, "Continue routine growth monitoring.");
	} else {
		if (!f->sex_known || f->child->nv == 0 || f->last == PROMPT_NONE)
			put_pron(w, "Please ask {her} doctor at the next check.", 0);
		else if (open)
			put_pron(w, "Please talk about these findings with {her} doctor.", 0);
		else if (check)
			put_pron(w, "{her} doctor may want to measure again; otherwise keep going to {her} regular check-ups.", 1);
		else
			put_pron(w, "Keep going to {her} regular check-ups.", 0);
	}
	slot_end(w, sl);
	sent_end(w);
}

/* ================================================================== assembly */

void baseline_init(baseline *s)
{
	memset(s, 0, sizeof *s);
	prompt_buf_init(&s->text);
	prompt_buf_init(&s->scratch);
}

void baseline_free(baseline *s)
{
	prompt_buf_free(&s->text);
	prompt_buf_free(&s->scratch);
	free(s->slots);
	free(s->sent);
	free(s->sslots);
	baseline_init(s);
}

/* Leave out sentences, least important first (the largest priority; among equals the latest),
 * until the words fit the limit or only sentences of priority 0 are left. */
static void choose(baseline *s, int limit)
{
	sent *t = s->sent;
	int total = 0;
	for (size_t i = 0; i < s->nsent; i++) {
		t[i].keep = 1;
		total += t[i].words;
	}
	while (total > limit) {
		size_t worst = (size_t)-1;
		for (size_t i = 0; i < s->nsent; i++)
			if (t[i].keep && t[i].prio > 0 && (worst == (size_t)-1 || t[i].prio >= t[worst].prio))
				worst = i;
		if (worst == (size_t)-1)
			break;
		t[worst].keep = 0;
		total -= t[worst].words;
	}
}

gv_status baseline_write(const prompt_facts *f, const prompt_options *o, baseline *s)
{
	prompt_options def;
	if (!o) {
		prompt_default_options(&def);
		o = &def;
	}
	if (!f || !f->child || !s || prompt_check_options(o) != GV_OK)
		return GV_EINVAL;
	wctx w;
	memset(&w, 0, sizeof w);
	w.f = f;
	w.o = o;
	w.s = s;
	w.b = &s->scratch;
	w.fam = o->audience == GV_AUD_FAMILY;
	w.cur = -1;
	switch (f->child->p.sex) {
	case GV_FEMALE:
		w.child = "your daughter", w.Child = "Your daughter", w.she = "she", w.She = "She", w.her = "her",
		w.Her = "Her", w.him = "her", w.peers = "girls";
		break;
	case GV_MALE:
		w.child = "your son", w.Child = "Your son", w.she = "he", w.She = "He", w.her = "his", w.Her = "His",
		w.him = "him", w.peers = "boys";
		break;
	default:
		w.child = "your child", w.Child = "Your child", w.she = "they", w.She = "They", w.her = "their",
		w.Her = "Their", w.him = "them", w.peers = "children";
		break;
	}
	prompt_buf_reset(&s->scratch);
	prompt_buf_reset(&s->text);
	s->nsent = s->nsslots = s->nslots = 0;
	s->words = 0;

	intro(&w);
	basis(&w);
	flags_sentences(&w);
	implausible(&w);
	last_visit(&w);
	trends(&w);
	target(&w);
	velocities(&w);
	info_flags(&w);
	advice(&w);
	if (w.err || s->scratch.oom)
		return GV_ENOMEM;

	sent *t = s->sent;
	for (size_t i = 0; i < s->nsent; i++)
		t[i].words = prompt_count_words(s->scratch.s + t[i].off, t[i].len);
	choose(s, o->word_limit);

	/* copy the chosen sentences, one space apart, and move their slots along */
	if (s->nsslots > s->slot_cap) {
		baseline_slot *n = realloc(s->slots, s->nsslots * sizeof *n);
		if (!n)
			return GV_ENOMEM;
		s->slots = n;
		s->slot_cap = s->nsslots;
	}
	for (size_t i = 0; i < s->nsent; i++) {
		if (!t[i].keep || t[i].len == 0)
			continue;
		if (s->text.len)
			prompt_buf_putc(&s->text, ' ');
		size_t at = s->text.len;
		prompt_buf_put(&s->text, s->scratch.s + t[i].off, t[i].len);
		s->words += t[i].words; /* one space apart: the text's words are the sentences' */
		for (size_t k = t[i].slot0; k < t[i].slot0 + t[i].nslot; k++) {
			baseline_slot sl = s->sslots[k];
			sl.start = sl.start - t[i].off + at;
			sl.end = sl.end - t[i].off + at;
			s->slots[s->nslots++] = sl;
		}
	}
	if (s->text.oom)
		return GV_ENOMEM;
	return GV_OK;
}
