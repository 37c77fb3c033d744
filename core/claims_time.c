/* claims_time.c — the claim checker's parser: the time expressions (ages, dates, spans,
 * gestational age) a summary ties its claims to; their pieces (units, counts, an age with its unit)
 * and the indicator words are claims_ages.c's. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/age.h"
#include "core/claims_pint.h"

/* ================================================================== time expressions */

static gv_status add_time(pctx *x, const cp_time *t, size_t ts, size_t te)
{
	if (x->ntm == x->tmcap) {
		size_t cap = x->tmcap ? x->tmcap * 2 : 16;
		ptime *p = realloc(x->tm, cap * sizeof *p);
		if (!p)
			return GV_ENOMEM;
		x->tm = p;
		x->tmcap = cap;
	}
	ptime *p = &x->tm[x->ntm++];
	p->t = *t;
	p->t.start = TOK(x, ts)->start;
	p->t.end = TOK(x, te - 1)->end;
	p->ts = ts;
	p->te = te;
	for (size_t k = ts; k < te; k++)
		x->tf[k] |= TF_TIME | TF_USED;
	return GV_OK;
}

static void time_init(cp_time *t, cp_tkind kind)
{
	memset(t, 0, sizeof *t);
	t->kind = kind;
	t->m0 = t->m1 = NAN;
	t->d0 = t->d1 = CLAIMS_NO_DATE;
	t->tol = CLAIMS_TOL_AGE_INFANT_MONTHS;
}

static int month_of(const cp_tok *t)
{
	static const char *const m[12] = {"january|jan", "february|feb", "march|mar", "april|apr", "may",
					  "june|jun", "july|jul", "august|aug", "september|sep|sept",
					  "october|oct", "november|nov", "december|dec"};
	for (int i = 0; i < 12; i++)
		if (cp_isany(t, m[i]))
			return i + 1;
	return 0;
}

static int year_num(const pctx *x, size_t k)
{
	return is_num(x, k) && TOK(x, k)->dec == 0 && !TOK(x, k)->ord && TOK(x, k)->v >= 1900 && TOK(x, k)->v <= 2200;
}

/* Dates: "2024-03-15", "15 March 2024", "March 15, 2024", "March 2024".  Returns the end. */
static size_t date_at(const pctx *x, size_t k, cp_time *t)
{
	if (year_num(x, k) && is_p(x, k + 1, '-') && is_num(x, k + 2) && is_p(x, k + 3, '-') && is_num(x, k + 4) &&
	    glued(x, k) && glued(x, k + 1) && glued(x, k + 2) && glued(x, k + 3)) {
		/* month and day tested as doubles before the conversion (any number of digits may stand there) */
		double mv = TOK(x, k + 2)->v, dv = TOK(x, k + 4)->v;
		if (mv >= 1 && mv <= 12 && dv >= 1 && dv <= 31) {
			int y = (int)TOK(x, k)->v, m = (int)mv, d = (int)dv;
			time_init(t, TM_DATE);
			t->d0 = t->d1 = age_days_from_civil(y, m, d);
			return k + 5;
		}
	}
	int mo;
	if (is_num(x, k) && TOK(x, k)->dec == 0 && TOK(x, k)->v >= 1 && TOK(x, k)->v <= 31 && k + 2 < x->tk.n &&
	    (mo = month_of(TOK(x, k + 1))) && year_num(x, k + 2)) {
		time_init(t, TM_DATE);
		t->d0 = t->d1 = age_days_from_civil((int)TOK(x, k + 2)->v, mo, (int)TOK(x, k)->v);
		return k + 3;
	}
	if (k < x->tk.n && TOK(x, k)->kind == TK_WORD && (TOK(x, k)->cap || TOK(x, k)->len > 3) && (mo = month_of(TOK(x, k)))) {
		size_t j = k + 1;
		if (is_num(x, j) && TOK(x, j)->dec == 0 && TOK(x, j)->v >= 1 && TOK(x, j)->v <= 31 && !year_num(x, j)) {
			int d = (int)TOK(x, j)->v;
			j++;
			if (is_p(x, j, ','))
				j++;
			if (year_num(x, j)) {
				time_init(t, TM_DATE);
				t->d0 = t->d1 = age_days_from_civil((int)TOK(x, j)->v, mo, d);
				return j + 1;
			}
		} else if (year_num(x, j)) {
			int y = (int)TOK(x, j)->v;
			time_init(t, TM_MONTH);
			t->d0 = age_days_from_civil(y, mo, 1);
			t->d1 = (mo == 12 ? age_days_from_civil(y + 1, 1, 1) : age_days_from_civil(y, mo + 1, 1)) - 1;
			return j + 1;
		}
	}
	return 0;
}

/* Words between a preposition and an age: "at (his|the) 18 months". */
static size_t skip_det(const pctx *x, size_t j)
{
	while (is_word(x, j, "his|her|their|the|its|a|an|approximately|approx|about|around|roughly|nearly|almost|just|"
			     "age|aged|of|exactly"))
		j++;
	if (is_p(x, j, '~'))
		j++;
	return j;
}

static const char *const visit_words =
	"visit|visits|check|checks|checkup|checkups|review|reviews|appointment|appointment|exam|examination|"
	"assessment|measurement|measurements|well|clinic|screen|screening|mark|point|timepoint|follow";

/* Words after "N weeks" that make it a gestational age, or a postmenstrual age. */
static size_t ga_words(const pctx *x, size_t j, int *pma)
{
	size_t e;
	*pma = 0;
	if (is_p(x, j, '\''))
		j++;
	if ((e = cp_phrase(&x->tk, j, x->tk.n, "postmenstrual|pma|pca|postconceptional age?")) ||
	    (e = cp_phrase(&x->tk, j, x->tk.n, "corrected gestational age")) ||
	    (e = cp_phrase(&x->tk, j, x->tk.n, "post menstrual|conceptional age?"))) {
		*pma = 1;
		return e;
	}
	if ((e = cp_phrase(&x->tk, j, x->tk.n, "of? gestation|gestational|ga age?")) ||
	    (e = cp_phrase(&x->tk, j, x->tk.n, "at|of birth|delivery")) ||
	    (e = cp_phrase(&x->tk, j, x->tk.n, "preterm|premature|weeker|weekers")))
		return e;
	return 0;
}

/* "30/40", "32+3/40": weeks of gestation in the obstetric notation (glued).  Returns the end. */
static size_t over40(const pctx *x, size_t j)
{
	return is_p(x, j, '/') && is_num(x, j + 1) && TOK(x, j + 1)->v == 40 && TOK(x, j + 1)->dec == 0 && glued(x, j - 1) &&
		       glued(x, j)
		       ? j + 2
		       : 0;
}

/* Weeks and days after the number at k: "32", "32+3", "32+3/40", "32-weeker".  Returns the token
 * after the number (and days), *w the weeks. */
static size_t ga_number(const pctx *x, size_t k, double *w)
{
	*w = TOK(x, k)->v;
	size_t j = k + 1;
	if (is_p(x, j, '+') && is_num(x, j + 1) && TOK(x, j + 1)->v < 7) {
		*w += TOK(x, j + 1)->v / 7;
		j += 2;
	}
	return j;
}

/* Gestational age: "born at 32 weeks", "32+3 weeks' gestation", "gestational age 34 weeks", "GA
 * 30 weeks", "born 8 weeks early", "30/40", "Ex-30/40", "a 30-weeker"; a postmenstrual age ("35
 * weeks PMA") is a TM_AT with pma.  Returns the end, 0 when none. */
static size_t ga_at(const pctx *x, size_t k, cp_time *t)
{
	size_t j, e;
	double w = NAN;
	int early = 0, born = 0, pma = 0;
	if ((e = cp_phrase(&x->tk, k, x->tk.n, "born|delivered|arrived|came at|after? about|around|approximately?"))) {
		j = e;
		born = 1;
	} else if ((e = cp_phrase(&x->tk, k, x->tk.n, "gestational age|gestation at? birth? of|was|is?")) ||
		   (e = cp_phrase(&x->tk, k, x->tk.n, "ga|gestation of|was|is?"))) {
		j = e;
		if (is_p(x, j, ':') || is_p(x, j, '='))
			j++;
		if (is_num(x, j) && !TOK(x, j)->ord) {
			j = ga_number(x, j, &w);
			if ((e = over40(x, j)))
				j = e;
			goto weeks;
		}
		return 0;
	} else if (is_num(x, k) && !TOK(x, k)->ord && TOK(x, k)->sign == 0 && TOK(x, k)->v >= 22 && TOK(x, k)->v <= 44) {
		j = ga_number(x, k, &w);
		size_t j0 = j;
		if ((e = over40(x, j))) {
			j = e; /* "30/40" */
		} else {
			if (is_p(x, j, '-') && glued(x, j - 1))
				j++;
			if (is_word(x, j, "weeker|weekers")) {
				j++; /* "30-weeker" */
			} else {
				if (!is_word(x, j, "weeks|week|wks|wk|w"))
					return 0;
				j++;
				if ((e = ga_words(x, j, &pma)))
					j = e;
				else if (!(j0 > k + 1))
					return 0; /* "41+4 wk": weeks and days are a gestational age */
			}
		}
		time_init(t, pma ? TM_AT : TM_GA);
		t->m0 = w;
		t->pma = pma;
		t->weeks = 1;
		return j;
	} else {
		return 0;
	}
	/* after "born": "at 32 weeks", "8 weeks early", "ten weeks early", "at 30/40" */
	if (is_word(x, j, "at|around|about"))
		j++;
	if (!is_num(x, j) || TOK(x, j)->ord) {
		size_t nw;
		if (!(nw = cp_count_n(x, j, &w)) || !is_word(x, j + nw, "weeks|week") ||
		    !is_word(x, j + nw + 1, "early|premature|prematurely|preterm"))
			return 0;
		j += nw;
		goto weeks;
	}
	j = ga_number(x, j, &w);
	if ((e = over40(x, j))) {
		j = e;
		goto done;
	}
weeks:
	if (is_p(x, j, '+') && is_num(x, j + 1)) {
		w += TOK(x, j + 1)->v / 7;
		j += 2;
	}
	if (is_p(x, j, '-') && glued(x, j - 1))
		j++;
	if (is_word(x, j, "weeks|week|wks|wk|w")) {
		j++;
		if (is_p(x, j, '\''))
			j++;
		if ((e = cp_phrase(&x->tk, j, x->tk.n, "early|premature|prematurely|preterm")))
			early = 1, j = e;
		else if ((e = cp_phrase(&x->tk, j, x->tk.n, "of? gestation|gestational age?")))
			j = e;
	} else if (is_word(x, j, "weeker|weekers")) {
		j++;
	} else if (isnan(w) || w < 22 || w > 44) {
		return 0;
	}
done:
	if (early)
		w = 40 - w;
	if (w < 20 || w > 45)
		return 0;
	time_init(t, TM_GA);
	t->m0 = w;
	t->weeks = 1;
	t->birth = born;
	return j;
}

/* A birth named before token k in its sentence ("born early, at 30 weeks", "premature baby, at 34
 * weeks", "Term baby (39 weeks)"): weeks there are a gestational age. */
static int birth_context(const pctx *x, size_t k)
{
	for (size_t q = k; q-- > 0 && same_sent(x, q, k);)
		if (is_word(x, q, "born|birth|delivered|delivery|premature|prematurely|preterm|prem|early|gestation|"
				  "gestational|arrived|weeker|nicu|neonatal|ex|term"))
			return 1;
	return 0;
}

/* An age in weeks of a gestation (22-44 weeks) said as one: "at 30 weeks' gestation" (GA), "at 35
 * weeks PMA" (postmenstrual), or in a birth context ("born early, at 30 weeks").  *t is the age
 * found by age_core ending at e; returns the new end, or e when it stays a postnatal age. */
static size_t weeks_as_ga(const pctx *x, size_t k, size_t e, cp_time *t)
{
	double w = floor(t->m0 * GV_DAYS_PER_MONTH + 0.5) / 7; /* weeks, to the day */
	if (!t->weeks || w < 22 - 1e-6 || w > 44 + 1e-6 || t->corrected)
		return e;
	int pma;
	size_t g = ga_words(x, e, &pma);
	if (!g && is_word(x, e - 1, "old"))
		return e; /* "30 weeks old" */
	if (!g && !birth_context(x, k))
		return e;
	int birth = !g || !pma;
	time_init(t, pma ? TM_AT : TM_GA);
	t->m0 = w;
	t->weeks = 1;
	t->pma = pma;
	t->birth = birth && birth_context(x, k);
	return g ? g : e;
}

/* One time expression starting at token k: its end, or 0. */
static size_t time_at(const pctx *x, size_t k, cp_time *t)
{
	size_t j, e;
	const cp_tok *tok = TOK(x, k);
	memset(t, 0, sizeof *t);
	if ((e = date_at(x, k, t)))
		return e;
	if ((e = ga_at(x, k, t)))
		return e;
	/* term and preterm birth */
	if ((e = cp_phrase(&x->tk, k, x->tk.n, "born|delivered at|on full? term|time")) ||
	    (e = cp_phrase(&x->tk, k, x->tk.n, "full term|terme")) ||
	    (e = cp_phrase(&x->tk, k, x->tk.n, "term baby|infant|birth|born|neonate|newborn|delivery|boy|girl"))) {
		time_init(t, TM_TERM);
		t->birth = is_word(x, k, "born|delivered");
		return e;
	}
	/* "at term" (not after "born"): 40 weeks postmenstrual, the birth of a term child */
	if ((e = cp_phrase(&x->tk, k, x->tk.n, "at term|terme")) && !is_word(x, e, "equivalent|corrected")) {
		time_init(t, TM_AT);
		t->m0 = 40;
		t->pma = t->weeks = 1;
		return e;
	}
	/* "term" alone: "12-month-old girl, term (41+4 wk)"; not "long-term", "the term ..." */
	if (cp_is(tok, "term") && !(k > 0 && is_word(x, k - 1, "long|short|mid|medium|near|the|a|this|that|term")) &&
	    !(k > 0 && is_p(x, k - 1, '-')) &&
	    !is_word(x, k + 1, "equivalent|used|for|corrected|follow|outcome|outcomes|plan|goal|goals|risk|risks|effects|"
			       "monitoring|management|of|is|means|refers")) {
		time_init(t, TM_TERM);
		return k + 1;
	}
	if ((e = cp_phrase(&x->tk, k, x->tk.n, "born early|prematurely|preterm")) ||
	    (e = cp_phrase(&x->tk, k, x->tk.n, "ex? preterm|premature|prem|preemie"))) {
		time_init(t, TM_PRETERM);
		t->birth = is_word(x, k, "born|delivered");
		return e;
	}
	/* birth */
	if (cp_is(tok, "bw") && tok->cap == 2) {
		time_init(t, TM_BIRTH); /* "BW 3.50 kg": birth weight */
		t->m0 = 0;
		return k + 1;
	}
	if ((e = cp_phrase(&x->tk, k, x->tk.n, "at birth")) || (e = cp_phrase(&x->tk, k, x->tk.n, "birth|birthweight")) ||
	    (e = cp_phrase(&x->tk, k, x->tk.n, "born weighing|measuring"))) {
		if (cp_is(tok, "born"))
			e--; /* "weighing" stays an indicator word */
		if (cp_is(tok, "birthweight"))
			e = k + 1;
		time_init(t, TM_BIRTH);
		t->m0 = 0;
		return e;
	}
	/* "born at 3.3 kg", "when she was born (3.35 kg)", "born with a head circumference of ...":
	 * the birth (after the gestational-age and term phrases above) */
	if (cp_is(tok, "born") && !(k > 0 && is_word(x, k - 1, "first|second|third|newly|new"))) {
		time_init(t, TM_BIRTH);
		t->m0 = 0;
		return k + 1;
	}
	/* since ... */
	if (cp_isany(tok, "since")) {
		j = skip_det(x, k + 1);
		if (is_word(x, j, "birth")) {
			time_init(t, TM_SINCE);
			t->m0 = 0;
			return j + 1;
		}
		/* "since she was born", "since he was one", "since she was 18 months old" */
		if (is_word(x, j, "she|he|they|it|you|baby") && is_word(x, j + 1, "was|were|turned|reached")) {
			if (is_word(x, j + 2, "born")) {
				time_init(t, TM_SINCE);
				t->m0 = 0;
				return j + 3;
			}
			j += 2;
		}
		if ((e = cp_phrase(&x->tk, j, x->tk.n, "last|previous|prior visit|check|review|measurement|appointment"))) {
			time_init(t, TM_SINCE);
			t->m0 = NAN; /* the previous visit */
			t->tol = -1;
			return e;
		}
		time_init(t, TM_SINCE);
		if ((e = cp_age_core(x, j, 1, t))) {
			if (is_word(x, e, visit_words))
				e++;
			return e;
		}
		/* "since age 2", "since she was one": years */
		if ((is_word(x, j - 1, "age|aged|was|were") || is_word(x, j, "one|two|three|four|five|six|seven|eight|nine|"
									     "ten|eleven|twelve")) &&
		    (e = cp_bare_years(x, j, t)))
			return e;
		return 0;
	}
	/* in the first two months, during the first year: from birth */
	if ((e = cp_phrase(&x->tk, k, x->tk.n, "in|during|over|within|for|across|throughout the|her|his|their|its first|initial")) ||
	    (e = cp_phrase(&x->tk, k, x->tk.n, "in|during|over|within|for|across|throughout most|much|all|part of the|her|his|their|its "
						 "first|initial"))) {
		double v = 1;
		j = e;
		if (cp_count_at(x, j, &v))
			j++;
		int years;
		double f = cp_time_unit(x, j, 0, &years);
		if (f > 0) {
			time_init(t, TM_BETWEEN);
			t->m0 = 0;
			t->m1 = v * f;
			t->tol = t->m1 < 24 ? CLAIMS_TOL_AGE_INFANT_MONTHS : 12 * CLAIMS_TOL_AGE_CHILD_YEARS;
			return j + 1;
		}
	}
	/* "in infancy", "as a baby", "during infancy": the first two years */
	if ((e = cp_phrase(&x->tk, k, x->tk.n, "in|during|throughout|through infancy")) ||
	    (e = cp_phrase(&x->tk, k, x->tk.n, "as an|a infant|baby"))) {
		time_init(t, TM_BETWEEN);
		t->m0 = 0;
		t->m1 = 24 - 1e-6;
		return e;
	}
	/* "as a toddler", "in toddlerhood": 1 to 3 years */
	if ((e = cp_phrase(&x->tk, k, x->tk.n, "in|during|throughout|through toddlerhood")) ||
	    (e = cp_phrase(&x->tk, k, x->tk.n, "as a toddler"))) {
		time_init(t, TM_BETWEEN);
		t->m0 = 12;
		t->m1 = 36 - 1e-6;
		return e;
	}
	/* over the past 6 months, in the last year, during the previous 2 years */
	if ((e = cp_phrase(&x->tk, k, x->tk.n, "over|in|during|within|for|across|throughout? the? past|last|previous|preceding|recent"))) {
		double v = 1;
		j = e;
		if (cp_count_at(x, j, &v))
			j++;
		int years;
		double f = cp_time_unit(x, j, 0, &years);
		if (f > 0) {
			time_init(t, TM_PAST);
			t->m0 = v * f;
			return j + 1;
		}
		if (is_word(x, j, "visits|measurements|checks|few")) {
			time_init(t, TM_OTHER);
			return j + 1;
		}
	}
	if ((e = cp_phrase(&x->tk, k, x->tk.n, "this|the past? year"))) {
		if (cp_is(TOK(x, k), "this") || cp_is(TOK(x, k + 1), "past")) {
			time_init(t, TM_PAST);
			t->m0 = 12;
			return e;
		}
	}
	/* between 6 and 12 months, from 4 to 10 months, from birth to 6 months, from 6 months */
	if (cp_isany(tok, "between|from")) {
		cp_time a, b;
		time_init(&a, TM_BETWEEN);
		time_init(&b, TM_BETWEEN);
		j = skip_det(x, k + 1);
		size_t ea = 0;
		int bare = 0;
		if (is_word(x, j, "birth")) {
			a.m0 = 0;
			ea = j + 1;
		} else if ((ea = cp_age_core(x, j, 1, &a))) {
			if (is_word(x, ea, visit_words))
				ea++;
		} else if (is_num(x, j) && !TOK(x, j)->ord && TOK(x, j)->sign == 0) {
			a.m0 = TOK(x, j)->v;
			ea = j + 1;
			bare = 1;
			if (is_p(x, ea, '-') && glued(x, ea - 1))
				ea++; /* "the 6- and 12-month visits" */
		}
		if (ea && is_word(x, ea, "up") && is_word(x, ea + 1, "to|until|till"))
			ea++; /* "from 9m 28d up to 1y 11m" */
		if (ea && (is_word(x, ea, "and|to|until|till|through|thru") || is_p(x, ea, '-'))) {
			size_t eb = cp_age_core(x, skip_det(x, ea + 1), 1, &b);
			if (eb) {
				if (is_word(x, eb, visit_words))
					eb++;
				time_init(t, TM_BETWEEN);
				if (bare)
					a.m0 *= b.years ? 12 : 1;
				t->m0 = a.m0;
				t->m1 = b.m0;
				t->tol = b.tol;
				t->corrected = a.corrected || b.corrected;
				return eb;
			}
		}
		if (ea && !bare && cp_is(tok, "from")) {
			*t = a;
			t->kind = TM_SINCE;
			t->point = 1 + (is_word(x, j, "birth") ? 1 : 0);
			return ea;
		}
	}
	/* "over three years", "across 18 months", "during two years": the span up to now */
	if (cp_isany(tok, "over|across|during|throughout") && !is_word(x, k + 1, "next|coming|following|the")) {
		cp_time a;
		time_init(&a, TM_PAST);
		size_t j0 = k + 1 + (is_word(x, k + 1, "these|those|her|his|their") ? 1 : 0);
		if ((e = cp_age_core(x, j0, 0, &a)) && !is_word(x, e, "old|ago") && !a.corrected) {
			time_init(t, TM_PAST);
			t->m0 = a.m0;
			return e;
		}
	}
	/* in 3 months, within 2 weeks, at the next visit, until 24 months: ties nothing */
	if (cp_isany(tok, "in|within|until|till|after|before|beyond|past|under|over|every|each|next|for|per")) {
		j = skip_det(x, k + 1);
		cp_time a;
		time_init(&a, TM_OTHER);
		/* "in a year", "in a few months", "in a couple of weeks", "in one to two months" */
		if (cp_isany(tok, "in|within|every|after") && is_word(x, k + 1, "a|an|one|few|couple|several")) {
			size_t q = k + 1;
			double v = 1;
			if (is_word(x, q, "a|an") && is_word(x, q + 1, "few|couple|several"))
				q++;
			if (is_word(x, q, "few|several"))
				v = 3;
			else if (is_word(x, q, "couple"))
				v = 2;
			q++;
			if (is_word(x, q, "of"))
				q++;
			int years;
			double f = cp_time_unit(x, q, 0, &years);
			if (f > 0) {
				time_init(t, TM_OTHER);
				t->m0 = v * f;
				return q + 1;
			}
		}
		if ((e = cp_age_core(x, j, 0, &a)) && !is_word(x, e, "old")) {
			*t = a;
			t->kind = TM_OTHER;
			/* "except for the 5-year visit", "in her 2-year review": that visit, not a duration */
			if (cp_isany(tok, "for|in|during") && j > k + 1 && is_word(x, e, visit_words)) {
				t->kind = TM_AT;
				e++;
			}
			return e;
		}
		/* "until age 4", "before age 2", "after age 5" */
		if (cp_isany(tok, "until|till|before|after|beyond|under|over|past") && is_word(x, j - 1, "age|aged") &&
		    (e = cp_bare_years(x, j, &a))) {
			*t = a;
			t->kind = TM_OTHER;
			return e;
		}
		if (cp_is(tok, "next") && is_word(x, k + 1, visit_words)) {
			time_init(t, TM_OTHER);
			return k + 2;
		}
	}
	if ((e = cp_phrase(&x->tk, k, x->tk.n, "at|in? the|her|his|their next|following|subsequent|upcoming|coming"))) {
		while (is_word(x, e, "routine|scheduled|regular|well|yearly|annual|child|follow|planned|usual"))
			e++;
		if (e < x->tk.n && (is_word(x, e, visit_words) || is_word(x, e, "appointment|checkup|checkups|review|visit"))) {
			time_init(t, TM_OTHER);
			return e + 1;
		}
	}
	/* a year earlier, a month ago */
	if (cp_isany(tok, "a|an|one") && (e = cp_phrase(&x->tk, k + 1, x->tk.n, "year|month|week ago|earlier|before|previously"))) {
		int years;
		time_init(t, TM_AGO);
		t->m0 = cp_time_unit(x, k + 1, 0, &years);
		t->tol = t->m0 >= 12 ? 12 * CLAIMS_TOL_AGE_CHILD_YEARS : CLAIMS_TOL_AGE_INFANT_MONTHS;
		return e;
	}
	if ((e = cp_phrase(&x->tk, k, x->tk.n, "last year"))) {
		time_init(t, TM_AGO);
		t->m0 = 12;
		t->tol = 12 * CLAIMS_TOL_AGE_CHILD_YEARS;
		return e;
	}
	/* 6 months ago */
	if (cp_count_at(x, k, &(double){0})) {
		cp_time a;
		time_init(&a, TM_AGO);
		e = cp_age_core(x, k, 0, &a);
		if (e && is_word(x, e, "ago|earlier|before|previously|prior")) {
			*t = a;
			t->kind = TM_AGO;
			return e + 1;
		}
	}
	/* now */
	if ((e = cp_phrase(&x->tk, k, x->tk.n, "at present")) || (e = cp_phrase(&x->tk, k, x->tk.n, "at this time")) ||
	    (e = cp_phrase(&x->tk, k, x->tk.n, "most recently")) ||
	    (e = cp_phrase(&x->tk, k, x->tk.n, "at|on? the|her|his|their? last|latest|most|current|recent|today|this recent? "
						 "visit|check|checkup|review|appointment|measurement|measurements|clinic|assessment|exam")) ||
	    (e = cp_phrase(&x->tk, k, x->tk.n, "now|currently|presently|today|latest|current|recently"))) {
		time_init(t, TM_NOW);
		return e;
	}
	if (cp_isany(tok, "last") && k + 1 < x->tk.n && x->ind[k + 1] >= 0) {
		time_init(t, TM_NOW); /* "last weight" */
		return k + 1;
	}
	/* the previous visit */
	if ((e = cp_phrase(&x->tk, k, x->tk.n, "at|on? the|her|his|their? previous|prior|preceding|earlier|last "
						 "visit|check|checkup|review|appointment|measurement"))) {
		time_init(t, TM_AT);
		t->tol = -1;
		return e;
	}
	/* "at his second birthday", "since her first birthday", "by his 3rd birthday" */
	if (cp_isany(tok, "at|by|since|after|before|on|from|until|around")) {
		j = k + 1;
		if (is_word(x, j, "his|her|their|the"))
			j++;
		static const char *const ordw[] = {"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
						   "ninth", "tenth", "eleventh", "twelfth"};
		double yrs = NAN;
		for (int i = 0; i < 12; i++)
			if (is_word(x, j, ordw[i]))
				yrs = i + 1;
		if (is_num(x, j) && TOK(x, j)->ord && TOK(x, j)->v >= 1 && TOK(x, j)->v <= 18)
			yrs = TOK(x, j)->v;
		if (!isnan(yrs) && is_word(x, j + 1, "birthday|birthdays")) {
			time_init(t, cp_is(tok, "since") ? TM_SINCE : cp_isany(tok, "after|before|until") ? TM_OTHER : TM_AT);
			t->m0 = yrs * 12;
			t->years = 1;
			t->tol = t->m0 < 24 ? CLAIMS_TOL_AGE_INFANT_MONTHS : 12 * CLAIMS_TOL_AGE_CHILD_YEARS;
			return j + 2;
		}
	}
	/* at 18 months, by 2 years, aged 3, at his 5-year check, at the age of 2, by day 4, "@12 mo" */
	if (cp_isany(tok, "at|by|aged|age|when|around|about|approximately|roughly|nearly|to|on") || cp_ispunct(tok, '@')) {
		j = skip_det(x, k + 1);
		time_init(t, TM_AT);
		if (is_word(x, j, "day|week|month") && is_num(x, j + 1) && !TOK(x, j + 1)->ord && TOK(x, j + 1)->sign == 0) {
			int years;
			t->m0 = TOK(x, j + 1)->v * cp_time_unit(x, j, 0, &years);
			t->tol = CLAIMS_TOL_AGE_INFANT_MONTHS;
			if (cp_is(TOK(x, j), "day"))
				t->tol = 3 / GV_DAYS_PER_MONTH; /* "day 4": within 3 days */
			return j + 2;
		}
		if ((e = cp_age_core(x, j, 1, t))) {
			size_t g = weeks_as_ga(x, k, e, t);
			if (t->kind != TM_AT || t->pma)
				return g; /* "at 30 weeks' gestation", "born early, at 30 weeks", "at 35 weeks PMA" */
			/* "this nearly 6-year-old boy": the age now */
			if (is_word(x, e - 1, "old") && k > 0 && is_word(x, k - 1, "a|an|this|the|is|our|your|now") &&
			    cp_isany(tok, "nearly|almost|about|around|approximately|roughly")) {
				t->kind = TM_CURRENT;
				if (is_word(x, e, "boy|girl|child|infant|baby|toddler|patient|son|daughter|male|female|kid"))
					e++;
				return e;
			}
			if (is_word(x, e, visit_words))
				e++;
			if (is_word(x, e, "visit|visits|check|checkup|appointment"))
				e++;
			if (cp_isany(tok, "around|about|approximately|roughly|nearly|on|to") && e == j + 2 &&
			    !is_word(x, e - 1, "old") && !t->corrected && j == k + 1 && !cp_is(tok, "to"))
				return 0; /* "about 6 months" alone is a duration */
			return e;
		}
		/* "aged 3", "at 4½", "(P92) at 4", "at two and a half", "when she was 5": years */
		if (cp_is(tok, "when") && is_word(x, j, "she|he|they|you|it") && is_word(x, j + 1, "was|were|turned|reached"))
			j += 2;
		if (cp_isany(tok, "aged|age|at|when") && !cp_time_unit(x, j + 1, 1, &(int){0}) && (e = cp_bare_years(x, j, t)))
			return e;
		return 0;
	}
	/* bare ages: "the 18-month visit", "9 months: 7.1 kg", "a 4-year-old", "is 3 years old", "one
	 * year old" */
	if (tok->kind == TK_NUM || (tok->kind == TK_WORD && !isnan(cp_words_num(tok)) && !cp_isany(tok, "a|an|half|zero"))) {
		cp_time a;
		time_init(&a, TM_AT);
		/* a table's age cell: "| 9 mo |", "| 2 y |"; a bare number under "Age (months)" */
		if (x->cell && x->cell[k].col >= 0 && x->cell[k].cs == k) {
			if ((e = cp_age_core(x, k, 1, &a)) && (e >= x->cell[k].ce || is_p(x, e, '(') || is_word(x, e, visit_words))) {
				*t = a;
				return e;
			}
			double u = cp_cell_age(x, k), v;
			size_t nn;
			if (u > 0 && (nn = cp_count_n(x, k, &v))) {
				e = k + nn;
				e += cp_half_at(x, e, &v);
				if (e >= x->cell[k].ce || is_p(x, e, '(')) {
					time_init(t, TM_AT);
					t->m0 = v * u;
					t->years = u == 12;
					t->tol = t->m0 < 24 - 1e-9 ? CLAIMS_TOL_AGE_INFANT_MONTHS : 12 * CLAIMS_TOL_AGE_CHILD_YEARS;
					return e;
				}
			}
			time_init(&a, TM_AT);
		}
		int demo = k > 1 && is_p(x, k - 1, ',') && is_word(x, k - 2, "boy|girl|male|female|child|infant|baby|toddler|m|f");
		int loose = demo || (k > 0 && is_word(x, k - 1, "now|aged|is"));
		/* "4-24 mo", "6-12 months": a span written bare */
		if (tok->kind == TK_NUM && is_p(x, k + 1, '-') && (e = cp_age_core(x, k + 2, 1, &a)) && !a.corrected &&
		    cp_count_at(x, k, &(double){0}) && TOK(x, k)->v * (a.m0 / TOK(x, k + 2)->v) < a.m0 && same_sent(x, k, e - 1)) {
			time_init(t, TM_BETWEEN);
			t->m0 = TOK(x, k)->v * (a.m0 / TOK(x, k + 2)->v);
			t->m1 = a.m0;
			t->tol = a.tol;
			t->bare = 1;
			return e;
		}
		/* "he is now 15": the age now, in years */
		if (k >= 3 && is_word(x, k - 1, "now") && is_word(x, k - 2, "is") && TOK(x, k - 3)->kind == TK_WORD &&
		    x->ind[k - 3] < 0 && (is_word(x, k - 3, "he|she|who|child|boy|girl") || TOK(x, k - 3)->cap == 1) &&
		    (e = cp_bare_years(x, k, &a))) {
			*t = a;
			t->kind = TM_CURRENT;
			return e;
		}
		e = cp_age_core(x, k, loose, &a);
		/* "WHO charts <24 mo, CDC >=24 mo": an age limit (basis ranges read the sign before it) */
		if (k > 0 && (is_p(x, k - 1, '<') || is_p(x, k - 1, '>') || is_p(x, k - 1, 'L') || is_p(x, k - 1, 'G')) &&
		    tok->kind == TK_NUM && (e = cp_age_core(x, k, 1, &a)) && !a.corrected) {
			*t = a;
			t->kind = TM_OTHER;
			return e;
		}
		/* one-letter units ("3 y", "18 m") where an age is expected: before a colon, a measurement,
		 * an indicator and its measurement */
		if (!e && tok->kind == TK_NUM && TOK(x, k)->dec <= 1) {
			cp_time b;
			time_init(&b, TM_AT);
			size_t e2 = cp_age_core(x, k, 1, &b);
			if (e2 && (is_p(x, e2, ':') || (is_num(x, e2) && is_word(x, e2 + 1, "kg|g|cm|mm|lb|lbs")) ||
				   (e2 < x->tk.n && x->ind[e2] >= 0) || is_p(x, e2, '|') || (k > 0 && is_p(x, k - 1, '|'))))
				a = b, e = e2;
		}
		if (!e)
			return 0;
		/* "at 12 and 15 months": the second age of a list after an age */
		if (k >= 2 && (is_word(x, k - 1, "and|or|&") || is_p(x, k - 1, ',')) && x->ntm > 0 && x->tm[x->ntm - 1].t.kind == TM_AT &&
		    x->tm[x->ntm - 1].te + 1 >= k - 1 && x->tm[x->ntm - 1].te <= k - 1 && same_sent(x, k, x->tm[x->ntm - 1].ts)) {
			*t = a;
			return e;
		}
		/* "12 mo wt 8.09 kg", "12 months: weight 9.4 kg": an age before an indicator and its value */
		if (e < x->tk.n && x->ind[e] >= 0 && tok->kind == TK_NUM) {
			size_t q = e + x->indlen[e];
			if (is_p(x, q, ':') || is_p(x, q, '='))
				q++;
			if (is_num(x, q) && same_sent(x, k, q)) {
				*t = a;
				return e;
			}
		}
		int old = is_word(x, e - 1, "old");
		if (old) {
			size_t b = k;
			int cur = 0;
			for (size_t q = 1; q <= 3 && q <= b; q++) {
				if (is_word(x, b - q, "when|at|was|were|by|aged"))
					break;
				if (is_word(x, b - q, "is|now|currently|a|an|this|today|our|your|he's|she's|our")) {
					cur = 1;
					/* "she was a healthy 18-month-old": then, not now */
					if (is_word(x, b - q, "a|an") && q + 1 <= b && is_word(x, b - q - 1, "was|were|been|as"))
						cur = 0;
					break;
				}
			}
			*t = a;
			t->kind = cur ? TM_CURRENT : TM_AT;
			if (cur && is_word(x, e, "boy|girl|child|infant|baby|toddler|patient|son|daughter|male|female|kid"))
				e++;
			return e;
		}
		if (is_word(x, e, visit_words) || is_p(x, e, ':') ||
		    (k > 0 && is_word(x, k - 1, "the|his|her|their") && is_word(x, e, visit_words))) {
			*t = a;
			if (is_word(x, e, visit_words))
				e++;
			return e;
		}
		/* "(2 mo)", "4.37 mo (CA 2.1 mo): 4.90 kg": an age alone in parentheses, or opening a line
		 * before one */
		if ((k > 0 && is_p(x, k - 1, '(') && is_p(x, e, ')')) ||
		    ((k == 0 || TOK(x, k)->sp & SP_NL || TOK(x, k - 1)->sent != tok->sent || is_p(x, k - 1, '.')) &&
		     is_p(x, e, '('))) {
			*t = a;
			return weeks_as_ga(x, k, e, t); /* "Term baby (39 weeks)": the gestation */
		}
		/* "(6 months corrected)": a corrected age is always an age */
		if (a.corrected) {
			*t = a;
			return e;
		}
		/* "6 mo 6.69 kg": an age right before a measurement */
		if (tok->kind == TK_NUM && is_num(x, e) && is_word(x, e + 1, "kg|g|cm|mm|lb|lbs|in|inches") && same_sent(x, k, e)) {
			*t = a;
			return e;
		}
		/* "Boy, 17 mo.", "17 mo boy": the child's age now */
		if (demo || (k > 0 && is_word(x, k - 1, "now")) || is_word(x, e, "boy|girl|male|female|child|infant|baby|toddler|old")) {
			*t = a;
			t->kind = TM_CURRENT;
			if (!is_word(x, e, "old"))
				return e;
			return e + 1;
		}
		if (k > 0 && is_word(x, k - 1, "is|now") && !is_word(x, e, "ago")) {
			*t = a;
			t->kind = TM_CURRENT;
			return e;
		}
		/* "9 months, weight 7.1 kg" at the start of a sentence or a line */
		if ((k == 0 || TOK(x, k - 1)->sent != tok->sent || TOK(x, k)->sp & SP_NL) && (is_p(x, e, ',') || is_p(x, e, '-'))) {
			*t = a;
			return e;
		}
	}
	return 0;
}

/* Every word a time expression can start with (time_at's patterns), sorted: a word not in it
 * skips them all at once (a binary search: the gate runs on every token). */
static const char *const time_start[] = {
	"a", "about", "across", "after", "age", "aged", "an", "approximately", "apr", "april", "around", "arrived",
	"as", "at", "aug", "august", "before", "between", "beyond", "birth", "birthweight", "born", "bw", "by", "came",
	"current", "currently", "dec", "december", "delivered", "during", "each", "earlier", "eight", "eighteen",
	"eleven", "every", "ex", "feb", "february", "fifteen", "first", "five", "for", "forty", "four", "fourteen",
	"from", "full", "ga", "gestation", "gestational", "half", "her", "his", "in", "initial", "its", "jan",
	"january", "jul", "july", "jun", "june", "last", "latest", "mar", "march", "may", "most", "nearly", "next",
	"nine", "nineteen", "nov", "november", "now", "oct", "october", "on", "one", "over", "past", "per",
	"preceding", "preemie", "prem", "premature", "presently", "preterm", "previous", "prior", "recent",
	"recently", "roughly", "sep", "sept", "september", "seven", "seventeen", "since", "six", "sixteen", "ten",
	"term", "the", "their", "thirteen", "thirty", "this", "three", "throughout", "till", "to", "today", "twelve",
	"twenty", "two", "under", "until", "when", "within", "zero"
};

static int time_start_cmp(const void *key, const void *el)
{
	return strcmp((const char *)key, *(const char *const *)el);
}

static int time_starts(const cp_tok *t)
{
	return t->len < CP_WORD &&
	       bsearch(t->w, time_start, sizeof time_start / sizeof time_start[0], sizeof time_start[0], time_start_cmp);
}

static const char *const future_words = "will|shall|would|should|going|plan|planned|planning|next|upcoming|"
					   "we'll|i'll|she'll|he'll|you'll|we'd|i'd|let's|please|recommend|suggest";

/* The time at [k, e) is a visit to come: a future or a plan in its clause, or in the next clause
 * when its own holds nothing but the time. */
static int future_clause(const pctx *x, size_t k, size_t e)
{
	uint32_t cl = TOK(x, k)->clause;
	size_t a = k, b = e;
	while (a > 0 && TOK(x, a - 1)->clause == cl)
		a--;
	while (b < x->tk.n && TOK(x, b)->clause == cl)
		b++;
	for (size_t q = a; q < b; q++)
		if (is_word(x, q, future_words))
			return 1;
	int alone = 1;
	for (size_t q = a; q < b; q++)
		if ((q < k || q >= e) && TOK(x, q)->kind != TK_PUNCT)
			alone = 0;
	if (!alone || b >= x->tk.n || !same_sent(x, b, k))
		return 0;
	for (size_t q = b; q < x->tk.n && TOK(x, q)->clause == TOK(x, b)->clause; q++) {
		if (is_word(x, q, "was|were|had|weighed|measured|dropped|fell|rose|gained|lost|is|are|has|weighs|measures"))
			return 0;
		if (is_word(x, q, future_words))
			return 1;
	}
	return 0;
}

gv_status cp_find_times(pctx *x)
{
	size_t n = x->tk.n;
	for (size_t k = 0; k < n; k++) {
		if (x->tf[k] & TF_USED)
			continue;
		const cp_tok *tok = TOK(x, k);
		if ((tok->kind == TK_PUNCT && tok->p != '@') || (tok->kind == TK_WORD && !time_starts(tok)))
			continue;
		cp_time t;
		size_t e = time_at(x, k, &t);
		if (!e || e <= k)
			continue;
		if (TOK(x, e - 1)->sent != TOK(x, k)->sent)
			continue;
		/* "not premature" is a term birth */
		if (t.kind == TM_PRETERM && k > 0 && is_word(x, k - 1, "not|never|non"))
			t.kind = TM_TERM;
		/* a visit to come: "at her 4-year check we will weigh her", "At her 4-year check, we'd like
		 * to measure her again" -- ties nothing */
		if (t.kind == TM_AT && future_clause(x, k, e))
			t.ahead = 1;
		gv_status st = add_time(x, &t, k, e);
		if (st != GV_OK)
			return st;
		k = e - 1;
	}
	return GV_OK;
}
