/* claims_ages.c — the claim checker's parser: the words that name an indicator, and the pieces of
 * an age -- time units ("months", "y", "wk"), counts in digits or words ("eighteen", "two and a
 * half", "2½", "2 1/2"), a bare number of years ("at 4", "aged 2½"), an age with its unit.  The
 * time expressions built from them are claims_time.c's. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/age.h"
#include "core/claims_pint.h"

/* ================================================================== indicator words */

/* Longer phrases first: "weight-for-length" before "weight". */
static const struct {
	const char *pat;
	gv_ind ind;
} ind_words[] = {
	{"weight for his|her|their|its? length|height|stature", GV_WFLH},
	{"wfl|wfh|wflh|wlz|whz|wflz|wfhz|wfhz", GV_WFLH},
	{"weight for age", GV_WFA},
	{"length|height|stature for age", GV_LHFA},
	{"bmi for age", GV_BFA},
	{"body mass index", GV_BFA},
	{"head circumference|circ for age", GV_HCFA},
	{"occipitofrontal|occipito frontal circumference", GV_HCFA},
	{"mid? upper arm circumference|circ", GV_ACFA},
	{"arm circumference|circ", GV_ACFA},
	{"head circumference|circ|size|growth|circumferences", GV_HCFA},
	{"wfa|waz|wfaz", GV_WFA},
	{"lhfa|hfa|lfa|laz|haz|lhaz|hfaz|lfaz", GV_LHFA},
	{"bfa|baz|bmiz|bmi|bmis|bmiaz", GV_BFA},
	{"hcfa|hcz|hcaz|hcfaz|hc|ofc", GV_HCFA},
	{"muac|acfa|acz|acfaz|mauc", GV_ACFA},
	{"head", GV_HCFA},
	{"linear|length|height growth", GV_LHFA},
	{"weight gain|gains", GV_WFA},
	{"weight|weights|weighs|weighed|weighing|weigh|wt|birthweight|heavier|lighter", GV_WFA},
	{"length|lengths|height|heights|stature|tall|taller|ht|shorter|linear", GV_LHFA},
};

void cp_find_inds(pctx *x)
{
	size_t n = x->tk.n;
	for (size_t k = 0; k < n; k++) {
		x->ind[k] = -1;
		x->indlen[k] = 0;
	}
	cp_index ix;
	memset(&ix, 0, sizeof ix);
	for (size_t e = 0; e < sizeof ind_words / sizeof ind_words[0]; e++)
		cp_index_add(&ix, e, ind_words[e].pat);
	for (size_t k = 0; k < n; k++) {
		const uint64_t *bits = cp_index_get(&ix, TOK(x, k));
		if (!bits || TOK(x, k)->kind != TK_WORD)
			continue;
		/* "the length of the pregnancy", "length of gestation": no measurement */
		if (cp_phrase(&x->tk, k, n, "length of the|her|his? pregnancy|gestation"))
			continue;
		for (size_t e = 0; e < sizeof ind_words / sizeof ind_words[0]; e++) {
			if (!(bits[0] & ((uint64_t)1 << e)))
				continue;
			size_t j = cp_phrase(&x->tk, k, n, ind_words[e].pat);
			if (j) {
				/* "weight-for-length/height", "length/height-for-age": one indicator */
				if (is_p(x, j, '/') && is_word(x, j + 1, "length|height|stature"))
					j += 2;
				if (ind_words[e].ind == GV_LHFA && j == k + 1 && is_p(x, j, '/') &&
				    cp_phrase(&x->tk, j + 1, n, "length|height|stature for age"))
					j = cp_phrase(&x->tk, j + 1, n, "length|height|stature for age");
				x->ind[k] = (int8_t)ind_words[e].ind;
				x->indlen[k] = (uint8_t)(j - k);
				break;
			}
		}
		if (x->indlen[k] > 1)
			k += x->indlen[k] - 1u;
	}
}

/* ================================================================== time units */

double cp_time_unit(const pctx *x, size_t k, int loose, int *years)
{
	if (k >= x->tk.n)
		return 0;
	const cp_tok *t = TOK(x, k);
	*years = 0;
	if (cp_isany(t, "month|months|mo|mos|mth|mths|mon|mons|mnth|mnths"))
		return 1;
	if (cp_isany(t, "year|years|yr|yrs|yo|yoa")) {
		*years = 1;
		return 12;
	}
	if (cp_isany(t, "week|weeks|wk|wks"))
		return 7 / GV_DAYS_PER_MONTH;
	if (cp_isany(t, "day|days"))
		return 1 / GV_DAYS_PER_MONTH;
	if (loose) {
		if (cp_isany(t, "m"))
			return 1;
		if (cp_isany(t, "y")) {
			*years = 1;
			return 12;
		}
		if (cp_isany(t, "w"))
			return 7 / GV_DAYS_PER_MONTH;
		if (cp_isany(t, "d"))
			return 1 / GV_DAYS_PER_MONTH;
	}
	return 0;
}

double cp_words_num(const cp_tok *t)
{
	static const char *const w[] = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
					"nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
					"seventeen", "eighteen", "nineteen", "twenty"};
	for (int i = 0; i < 21; i++)
		if (cp_is(t, w[i]))
			return i;
	if (cp_isany(t, "a|an"))
		return 1;
	if (cp_is(t, "thirty"))
		return 30;
	if (cp_is(t, "forty"))
		return 40;
	if (cp_is(t, "half"))
		return 0.5;
	return NAN;
}

/* A count at token k: a number or a number word ("eighteen", "twenty-four").  Returns the tokens
 * it takes, 0 when none. */
size_t cp_count_n(const pctx *x, size_t k, double *v)
{
	if (is_num(x, k) && !TOK(x, k)->ord && TOK(x, k)->sign == 0) {
		*v = TOK(x, k)->v;
		return 1;
	}
	if (k < x->tk.n && !isnan(cp_words_num(TOK(x, k))) && !cp_isany(TOK(x, k), "a|an|half")) {
		*v = cp_words_num(TOK(x, k));
		/* "twenty-four", "thirty six" */
		if (*v >= 20 && *v <= 40) {
			size_t j = k + 1;
			if (is_p(x, j, '-') && glued(x, k))
				j++;
			double u = j < x->tk.n ? cp_words_num(TOK(x, j)) : NAN;
			if (!isnan(u) && u >= 1 && u <= 9 && !cp_isany(TOK(x, j), "a|an|half")) {
				*v += u;
				return j + 1 - k;
			}
		}
		return 1;
	}
	return 0;
}

int cp_count_at(const pctx *x, size_t k, double *v)
{
	return cp_count_n(x, k, v) != 0;
}

/* A half after a count at j: "2½", "two and a half", "2 1/2".  Returns the tokens it takes. */
size_t cp_half_at(const pctx *x, size_t j, double *v)
{
	if (is_p(x, j, 'H')) {
		*v += 0.5;
		return 1;
	}
	if (is_word(x, j, "and") && is_word(x, j + 1, "a") && is_word(x, j + 2, "half")) {
		*v += 0.5;
		return 3;
	}
	if (is_num(x, j) && is_p(x, j + 1, '/') && is_num(x, j + 2) && glued(x, j) && glued(x, j + 1) &&
	    TOK(x, j)->v < TOK(x, j + 2)->v && TOK(x, j + 2)->v <= 12) {
		*v += TOK(x, j)->v / TOK(x, j + 2)->v;
		return 3;
	}
	return 0;
}

/* Words and signs after a bare count that make it something else than an age in years: a unit, a
 * measure, a percentile, a count of lines ("at 4 kg", "at 2 SD", "at 3 lines"). */
static int not_years_after(const pctx *x, size_t j)
{
	if (j >= x->tk.n)
		return 0;
	const cp_tok *t = TOK(x, j);
	if (t->kind == TK_NUM)
		return 1;
	if (t->kind == TK_PUNCT)
		return strchr("%/-+.'\"x", t->p) != NULL && !(t->p == '.' && t->eos) && !(t->p == '-' && (t->sp & SP_SPACE));
	return cp_isany(t, "kg|kgs|g|gm|grams|cm|cms|mm|m|lb|lbs|oz|in|inch|inches|ft|feet|pounds|kilos|kilograms|sd|sds|z|"
			   "percent|percentile|percentiles|centile|centiles|times|lines|line|points|point|am|pm|weeks|week|"
			   "days|day|hours|x|of|per|out|major|months|month|mo|mos|wk|wks|d|w|y|yr|yrs|th|st|nd|rd|centimetres|"
			   "centimeters|kilo|visits|percentage|degrees|standard|channels|bands|channel|spaces|o|oclock");
}

/* An age in years written without a unit after "at", "aged", "since she was": "at 4", "aged 2½",
 * "at two and a half", "since she was one" (1 to 18 years, a whole or half number).  Fills m0,
 * years, tol; returns the end, 0 when none. */
size_t cp_bare_years(const pctx *x, size_t j, cp_time *t)
{
	double v;
	size_t n = cp_count_n(x, j, &v);
	if (!n)
		return 0;
	const cp_tok *a = TOK(x, j);
	size_t e = j + n;
	e += cp_half_at(x, e, &v);
	if (a->kind == TK_NUM && a->dec > 1)
		return 0;
	if (v < 1 || v > 18 || (v * 2 != floor(v * 2)) || not_years_after(x, e))
		return 0;
	if (is_word(x, e, "old") || is_word(x, e, "yo"))
		e++;
	t->m0 = v * 12;
	t->years = 1;
	t->tol = t->m0 < 24 ? CLAIMS_TOL_AGE_INFANT_MONTHS : 12 * CLAIMS_TOL_AGE_CHILD_YEARS;
	return e;
}

/* The unit of a list of ages given once at its end: "at 12 and 15 months", "at 6, 9 and 12 months"
 * (k: the first count).  Returns the months of that unit, 0 when none; *years set. */
static double list_unit(const pctx *x, size_t k, int *years)
{
	size_t j = k;
	double v;
	for (int items = 0; items < 6; items++) {
		size_t n = cp_count_n(x, j, &v);
		if (!n)
			return 0;
		j += n;
		double f = cp_time_unit(x, j, 0, years);
		if (f > 0)
			return items > 0 ? f : 0;
		if (is_p(x, j, ',') && is_word(x, j + 1, "and|or"))
			j++;
		if (!(is_p(x, j, ',') || is_word(x, j, "and|or|&")))
			return 0;
		j++;
	}
	return 0;
}

/* The core of an age: "18 months", "2 years 3 months", "2.5 y", "2 1/2 years", "18-month",
 * "2 years old", "6 months corrected age".  Fills m0, years, tol, corrected; returns the token
 * after it, or 0. */
size_t cp_age_core(const pctx *x, size_t k, int loose, cp_time *out)
{
	double v;
	size_t n = cp_count_n(x, k, &v);
	if (!n)
		return 0;
	size_t j = k + n;
	j += cp_half_at(x, j, &v); /* "2½ years", "7 and a half years", "2 1/2 years" */
	if (is_p(x, j, '-') && glued(x, j - 1) && glued(x, j))
		j++;
	int years;
	double f = cp_time_unit(x, j, loose || glued(x, j - 1), &years);
	if (f == 0) {
		/* "at 12 and 15 months": the unit at the end of the list */
		f = list_unit(x, k, &years);
		if (f == 0)
			return 0;
		out->m0 = v * f;
		out->years = years;
		out->weeks = f > 0.2 && f < 0.25;
		out->tol = out->m0 < 24 - 1e-9 ? CLAIMS_TOL_AGE_INFANT_MONTHS : 12 * CLAIMS_TOL_AGE_CHILD_YEARS;
		return j;
	}
	/* "1.12 m" is a height, not 1.12 months */
	if (f == 1 && is_word(x, j, "m") && TOK(x, k)->kind == TK_NUM && TOK(x, k)->dec > 1)
		return 0;
	double m = v * f;
	out->weeks = f > 0.2 && f < 0.25;
	j++;
	/* "2 years 3 months", "2 years and 3 months", "2y 3m", "2 years, 3 months" */
	size_t j2 = j;
	if (is_word(x, j2, "and") || is_p(x, j2, ','))
		j2++;
	int y2;
	if (years && is_num(x, j2) && !TOK(x, j2)->ord && cp_time_unit(x, j2 + 1, glued(x, j2), &y2) == 1) {
		m += TOK(x, j2)->v;
		j = j2 + 2;
		years = 0;
		f = 1;
	}
	/* "9m 29d", "4 months 3 days", "1y 2m 5d": the days of a month count go with it (one age, not
	 * a second one of 29 days) */
	j2 = j;
	if (is_word(x, j2, "and") || is_p(x, j2, ','))
		j2++;
	if (f == 1 && is_num(x, j2) && !TOK(x, j2)->ord && TOK(x, j2)->v < 32 &&
	    cp_time_unit(x, j2 + 1, glued(x, j2), &y2) == 1 / GV_DAYS_PER_MONTH) {
		m += TOK(x, j2)->v / GV_DAYS_PER_MONTH;
		j = j2 + 2;
	}
	if (is_p(x, j, '-') && is_word(x, j + 1, "old"))
		j += 2;
	else if (is_word(x, j, "old"))
		j++;
	size_t e;
	if ((e = cp_phrase(&x->tk, j, x->tk.n, "of age")))
		j = e;
	if ((e = cp_phrase(&x->tk, j, x->tk.n, "corrected|adjusted age?")))
		out->corrected = 1, j = e;
	else if (is_p(x, j, '(') && (e = cp_phrase(&x->tk, j + 1, x->tk.n, "corrected|adjusted age?")) && is_p(x, e, ')'))
		out->corrected = 1, j = e + 1;
	else if ((e = cp_phrase(&x->tk, j, x->tk.n, "chronological|chronologic|actual|uncorrected age?")))
		j = e;
	out->m0 = m;
	out->years = years;
	out->tol = m < 24 - 1e-9 ? CLAIMS_TOL_AGE_INFANT_MONTHS : 12 * CLAIMS_TOL_AGE_CHILD_YEARS;
	return j;
}
