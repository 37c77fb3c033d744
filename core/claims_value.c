/* claims_value.c — the claim checker's parser: values with their units ("9.8 kg", "18 lb 6 oz",
 * "3 ft 4½ in", "BMI 19.2", "125% of P95", "8-9 kg", "between 12.1 and 13.0 cm"), who they are
 * about (the child, a parent, an expected or supposed value), the indicator of a length, and
 * changes ("gained 2 kg", "150 g/week", "lost 8% of birth weight", "9.1 cm in the past year").
 * Percentiles, z-scores and the driver are claims_num.c's. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/age.h"
#include "core/claims_pint.h"

typedef struct unitm {
	cp_unit u;
	size_t e;         /* end of the unit (and of a compound's second part) */
	double num2;      /* oz of lb+oz, in of ft+in */
	int dec2;
	int frac2;        /* its vulgar fraction's denominator ("4½ in": 2), 0 none */
	double per_days;  /* "/week": 7 */
} unitm;

static double per_at(const pctx *x, size_t j, size_t *e)
{
	size_t q = j;
	if (is_p(x, q, '/'))
		q++;
	else if (is_word(x, q, "per|a|an|each|every|in|over"))
		q++;
	else
		return 0;
	if (is_word(x, q, "one|a"))
		q++;
	if (is_word(x, q, "day|days|d")) {
		*e = q + 1;
		return 1;
	}
	if (is_word(x, q, "week|weeks|wk|wks|w")) {
		*e = q + 1;
		return 7;
	}
	if (is_word(x, q, "month|months|mo|mon|mth|m")) {
		*e = q + 1;
		return GV_DAYS_PER_MONTH;
	}
	if (is_word(x, q, "year|years|yr|yrs|y|annum")) {
		*e = q + 1;
		return 365.25;
	}
	return 0;
}

/* The unit after the number at k. */
static int unit_at(const pctx *x, size_t k, unitm *m)
{
	size_t j = k + 1;
	double v = TOK(x, k)->v;
	memset(m, 0, sizeof *m);
	m->num2 = NAN;
	if (is_word(x, j, "kg|kgs|kilogram|kilograms|kilo|kilos|kilogramme|kilogrammes")) {
		/* kg/m2 */
		if (is_p(x, j + 1, '/') && is_word(x, j + 2, "m|m2|sqm") ) {
			size_t q = j + 3;
			if (is_num(x, q) && TOK(x, q)->v == 2 && glued(x, q - 1))
				q++;
			else if (is_p(x, q, 'S') || (is_p(x, q, '^') && is_num(x, q + 1)))
				q += is_p(x, q, 'S') ? 1 : 2;
			m->u = U_BMI;
			m->e = q;
			return 1;
		}
		m->u = U_KG;
		m->e = j + 1;
		return 1;
	}
	if (is_word(x, j, "g|gm|gms|gram|grams|gramme|grammes|gr")) {
		m->u = U_G;
		m->e = j + 1;
		return 1;
	}
	if (is_word(x, j, "lb|lbs|pound|pounds")) {
		m->u = U_LB;
		m->e = j + 1;
		size_t q = j + 1;
		if (is_word(x, q, "and") || is_p(x, q, ','))
			q++;
		if (is_num(x, q) && !TOK(x, q)->ord && is_word(x, q + 1, "oz|ounce|ounces")) {
			m->u = U_LBOZ;
			m->num2 = TOK(x, q)->v;
			m->dec2 = TOK(x, q)->dec;
			m->frac2 = TOK(x, q)->frac;
			m->e = q + 2;
		}
		return 1;
	}
	if (is_word(x, j, "oz|ounce|ounces")) {
		m->u = U_OZ;
		m->e = j + 1;
		return 1;
	}
	if (is_word(x, j, "cm|cms|centimetre|centimeter|centimetres|centimeters")) {
		m->u = U_CM;
		m->e = j + 1;
		return 1;
	}
	if (is_word(x, j, "mm|millimetre|millimeter|millimetres|millimeters")) {
		m->u = U_MM;
		m->e = j + 1;
		return 1;
	}
	if (is_word(x, j, "metre|meter|metres|meters") || (is_word(x, j, "m") && v > 0.3 && v < 2.5 && TOK(x, k)->dec >= 2)) {
		m->u = U_M;
		m->e = j + 1;
		return 1;
	}
	if (is_word(x, j, "ft|feet|foot") || (is_p(x, j, '\'') && glued(x, k))) {
		m->u = U_FTIN;
		m->e = j + 1;
		m->num2 = 0;
		size_t q = j + 1;
		if (is_word(x, q, "and") || is_p(x, q, ','))
			q++;
		if (is_num(x, q) && !TOK(x, q)->ord && TOK(x, q)->v < 12 &&
		    (is_word(x, q + 1, "in|inch|inches") || is_p(x, q + 1, '"') || is_p(x, q + 1, '\''))) {
			m->num2 = TOK(x, q)->v;
			m->dec2 = TOK(x, q)->dec;
			m->frac2 = TOK(x, q)->frac;
			m->e = q + 2;
			if (is_p(x, q + 1, '\'') && is_p(x, q + 2, '\''))
				m->e++;
		}
		return 1;
	}
	if (is_word(x, j, "inch|inches") || (is_p(x, j, '"') && glued(x, k))) {
		m->u = U_IN;
		m->e = j + 1;
		return 1;
	}
	if (is_word(x, j, "in") && !is_num(x, j + 1) &&
	    (j + 1 >= x->tk.n || TOK(x, j + 1)->kind == TK_PUNCT || !same_sent(x, j, j + 1) ||
	     is_word(x, j + 1, "tall|long|and|at|or|height|length|circumference|head|when|by|for|with|which|now"))) {
		m->u = U_IN;
		m->e = j + 1;
		if (is_p(x, j + 1, '.') && glued(x, j))
			m->e = j + 1;
		return 1;
	}
	if (is_p(x, j, '%')) {
		size_t q = j + 1, e;
		if ((e = cp_phrase(&x->tk, q, x->tk.n, "of the? 95|p95 percentile|centile?")) ||
		    ((e = cp_phrase(&x->tk, q, x->tk.n, "of? the? p")) && is_num(x, e) && TOK(x, e)->v == 95 &&
		     (e = e + 1))) { /* "122.7% of P95", "(>=120% P95)" */
			m->u = U_PCT_P95;
			m->e = e;
			return 1;
		}
		if ((e = cp_phrase(&x->tk, q, x->tk.n, "of his|her|their|the? birth weight")) ||
		    (e = cp_phrase(&x->tk, q, x->tk.n, "of his|her|their|the? birthweight"))) {
			m->u = U_PCT_BW;
			m->e = e;
			return 1;
		}
		/* "lost ... about 5%": of the birth weight */
		for (size_t b = k; b-- > 0 && TOK(x, b)->sent == TOK(x, k)->sent && b + 10 > k;)
			if (is_word(x, b, "lost|loss|losing|lose|loses|dropped") && !is_word(x, q, "of")) {
				m->u = U_PCT_BW;
				m->e = j + 1;
				return 1;
			}
	}
	return 0;
}

int cp_change_verb(const cp_tok *t, int *sign)
{
	if (cp_isany(t, "gained|gain|gaining|gains|grew|grown|growing|grow|growth|increase|increased|increasing|"
			"increases|added|adding|put|putting|velocity|rate|up|risen|rose|rise"))
		return *sign = 1, 1;
	if (cp_isany(t, "lost|loss|losing|lose|loses|dropped|decrease|decreased|decreasing|down|fell|fallen|fall|drop|"
			"decline|declined"))
		return *sign = -1, 1;
	return 0;
}

const char *cp_unit_name(cp_unit u)
{
	switch (u) {
	case U_KG: return "kg";
	case U_G: return "g";
	case U_LB: case U_LBOZ: return "lb";
	case U_OZ: return "oz";
	case U_CM: return "cm";
	case U_MM: return "mm";
	case U_M: return "m";
	case U_IN: case U_FTIN: return "in";
	case U_BMI: return "kg/m2";
	case U_PCT_P95: case U_PCT_BW: return "%";
	default: return "";
	}
}

static gv_ind unit_ind(cp_unit u)
{
	switch (u) {
	case U_KG: case U_G: case U_LB: case U_LBOZ: case U_OZ: case U_PCT_BW: return GV_WFA;
	case U_CM: case U_M: case U_IN: case U_FTIN: return GV_LHFA;
	case U_MM: return GV_ACFA;
	case U_BMI: case U_PCT_P95: return GV_BFA;
	default: return GV_NIND;
	}
}

/* Who a length is about: the child, a parent, the mid-parental target. */
static int whom_before(const pctx *x, size_t s)
{
	for (size_t q = s; q > 0 && q + 8 > s && same_sent(x, q - 1, s); q--) {
		const cp_tok *t = TOK(x, q - 1);
		if (cp_isany(t, "mother|mum|mom|maternal|mothers"))
			return WHO_MOTHER;
		if (cp_isany(t, "father|dad|paternal|fathers"))
			return WHO_FATHER;
		if (cp_isany(t, "parents|parent") && !cp_isany(TOK(x, q), "target|midparental|mid") &&
		    !(q - 1 > 0 && is_word(x, q - 2, "mid")))
			return WHO_PARENT; /* "his parents are 152 cm and 168 cm tall" */
		if (cp_isany(t, "mph") && t->cap == 2)
			return WHO_TARGET; /* "MPH 185.5 cm": mid-parental height */
		if (cp_isany(t, "midparental|parental|target|predicted|adult|parents|genetic|familial")) {
			/* "projected adult height", "predicted adult height" (no parent named in the words
			 * before it): the child's own projection, not the parents' target */
			int proj = 0, fam = 0;
			for (size_t r = q; r > 0 && r + 4 > q && same_sent(x, r - 1, s); r--) {
				proj |= is_word(x, r - 1, "projected|projection|extrapolated|predicted|prediction");
				fam |= is_word(x, r - 1, "midparental|parental|parents|target|genetic|familial|mother|father|mid");
			}
			return proj && !fam ? WHO_PROJECTED : WHO_TARGET;
		}
		if (TOK(x, q - 1)->clause != TOK(x, s)->clause)
			break;
	}
	/* an aside about the number before it: "target height 161.0 cm (z -0.36, range 152.5-169.5 cm)"
	 * is the target's range, not the child's height */
	for (size_t q = s; q > 0 && q + 14 > s && same_sent(x, q - 1, s); q--) {
		if (is_p(x, q - 1, ')'))
			break;
		if (is_p(x, q - 1, '(')) {
			if (q - 1 > 0 && TOK(x, q - 2)->kind != TK_NUM && !is_word(x, q - 2, "cm|in|m"))
				break;
			return q - 1 > 0 ? whom_before(x, q - 2) : WHO_CHILD;
		}
	}
	return WHO_CHILD;
}

/* The indicator of a bare length at tokens [s, e) whose sentence names none before it (ui: the
 * unit's, a length): a circumference named after it in its clause before any other number or
 * length word; else, when no other measurement precedes it in its sentence and its subject is
 * "it" or the sentence has no verb, the last indicator word of the two sentences before it in its
 * paragraph when that is a circumference (the antecedent of "it", or the subject carried on). */
static gv_ind bare_length_ind(const pctx *x, size_t s, size_t e, gv_ind ui)
{
	for (size_t q = e; q < x->tk.n && q < e + 10 && same_sent(x, q, s) && !is_p(x, q, ',') && !is_p(x, q, ';') &&
			   !is_p(x, q, 'D'); q++) {
		if (is_p(x, q, '(')) { /* an aside: "At 48.5 cm (z +2.4) his head ..." */
			while (q + 1 < x->tk.n && q < e + 10 && !is_p(x, q, ')'))
				q++;
			continue;
		}
		if ((TOK(x, q)->kind == TK_NUM && !(x->tf[q] & TF_TIME)) || is_word(x, q, "and|but|while|long|tall"))
			break;
		if (x->ind[q] >= 0)
			return x->ind[q] == GV_HCFA || x->ind[q] == GV_ACFA ? (gv_ind)x->ind[q] : ui;
	}
	const cp_tok *t = TOK(x, s);
	if (t->sent == 0)
		return ui;
	/* not after another measurement of its sentence ("Now 16.6 kg (P64), 104.0 cm"): a list of
	 * the child's measurements, where a bare length is the length */
	for (size_t r = 0; r < x->r->n; r++)
		if (x->r->v[r].c.type == CLAIM_VALUE && x->r->v[r].ke <= s && same_sent(x, x->r->v[r].ks, s))
			return ui;
	/* nor when the child is its subject ("At 5 years he is 110.9 cm"): only after "it" or in a
	 * sentence without a verb ("Smaller at 9 mo (44.6 cm)") */
	int it = 0, subject = 0;
	for (size_t q = s; q-- > 0 && same_sent(x, q, s);) {
		it |= is_word(x, q, "it|its|it's");
		subject |= is_word(x, q, "he|she|they|his|her|their|is|was|are|were|measures|measured|stands|stood|"
					 "reached|grew|weighs|weighed|has|had");
	}
	if (subject && !it)
		return ui;
	for (size_t q = s; q-- > 0;) {
		const cp_tok *p = TOK(x, q);
		if (p->sent + 2 < t->sent || p->para != t->para)
			break;
		if (p->sent != t->sent && x->ind[q] >= 0)
			return x->ind[q] == GV_HCFA || x->ind[q] == GV_ACFA ? (gv_ind)x->ind[q] : ui;
	}
	return ui;
}

gv_status cp_try_value(pctx *x, size_t k, size_t *next)
{
	const cp_tok *t = TOK(x, k);
	if (t->kind != TK_NUM || t->ord || !cp_numbers_ok(x, k))
		return GV_OK;
	unitm m;
	cp_unit u;
	size_t e;
	double v = t->v;
	const cp_cell *cf = x->cell && x->cell[k].col >= 0 && !x->cell[k].hdr ? &x->cell[k] : NULL;
	double hi = NAN;
	int hidec = 0;
	if (unit_at(x, k, &m)) {
		u = m.u;
		e = m.e;
	} else if (is_p(x, k + 1, '-') && glued(x, k) && glued(x, k + 1) && is_num(x, k + 2) && !TOK(x, k + 2)->ord &&
		   TOK(x, k + 2)->v > v && unit_at(x, k + 2, &m) && m.u != U_PCT_BW && m.u != U_PCT_P95 && m.u != U_LBOZ &&
		   m.u != U_FTIN) {
		/* "8-9 kg": a range, the unit after it */
		u = m.u;
		e = m.e;
		hi = TOK(x, k + 2)->v;
		hidec = TOK(x, k + 2)->dec;
	} else if (k > 0 && is_word(x, k - 1, "between") && is_word(x, k + 1, "and") && is_num(x, k + 2) &&
		   !TOK(x, k + 2)->ord && TOK(x, k + 2)->v > v && unit_at(x, k + 2, &m) && m.u != U_PCT_BW &&
		   m.u != U_PCT_P95 && m.u != U_LBOZ && m.u != U_FTIN) {
		/* "between 12.1 and 13.0 cm": a range */
		u = m.u;
		e = m.e;
		hi = TOK(x, k + 2)->v;
		hidec = TOK(x, k + 2)->dec;
	} else if (cf && cf->kind == CELL_VALUE && cf->unit && !t->ord && !is_p(x, k + 1, '%') &&
		   !is_word(x, k + 1, "sd|sds|z|percentile|centile|months|years|weeks|mo|y") && !cp_pct_word(x, k + 1)) {
		/* "| 12.0 (P48) |" under "Weight (kg)": the header's unit */
		u = (cp_unit)cf->unit;
		e = k + 1;
	} else {
		/* "BMI 19.2", "BMI of 19.2", "BMI is now 19.2" */
		int bmi = 0;
		size_t skipped = 0;
		for (size_t q = k; q > 0 && q + 5 + skipped > k && same_sent(x, q - 1, k); q--) {
			size_t o = aside_open(x, q - 1);
			if (o != q - 1) { /* "BMI (a measure of weight for height) is 22.3" */
				skipped += q - 1 - o + 1;
				q = o + 1;
				continue;
			}
			const cp_tok *b = TOK(x, q - 1);
			if (x->ind[q - 1] == GV_BFA && !cp_isany(b, "baz|bmiz|bfa")) {
				bmi = 1;
				break;
			}
			if (!cp_isany(b, "of|is|was|now|currently|at|has|had|risen|rose|increased|to|reached|reaching|been|"
					 "measured|calculated|about|around|approximately|today|then") &&
			    !(b->kind == TK_PUNCT && strchr(":=~(", b->p)) && x->ind[q - 1] < 0)
				break;
		}
		/* "At 5 years her BMI was 19.0 ... By 6 years it was 21.0, by 7 years 23.5": a BMI named just
		 * before, no other indicator between */
		if (!bmi && t->dec == 1 && k > 1 &&
		    ((is_word(x, k - 1, "was|is|to|of|reached|now") &&
		      is_word(x, k - 2, "it|was|which|had|has|risen|rose|increased|reached|climbed|fallen|fell|dropped")) ||
		     (x->tf[k - 1] & TF_TIME)))
			for (size_t q = k; q-- > 0 && q + 60 > k && TOK(x, q)->sent + 1 >= TOK(x, k)->sent;) {
				if (x->ind[q] >= 0) {
					bmi = x->ind[q] == GV_BFA;
					break;
				}
			}
		if (!bmi || v < 8 || v > 80 || t->sign || cp_pct_word(x, k + 1) ||
		    is_word(x, k + 1, "sd|sds|z|months|month|years|year|weeks|percent") || is_p(x, k + 1, '%'))
			return GV_OK;
		u = U_BMI;
		e = k + 1;
		/* "BMI 14.6-14.8": a range */
		if (is_p(x, e, '-') && glued(x, k) && glued(x, e) && is_num(x, e + 1) && TOK(x, e + 1)->v > v &&
		    TOK(x, e + 1)->v < 80 && !TOK(x, e + 1)->ord) {
			hi = TOK(x, e + 1)->v;
			hidec = TOK(x, e + 1)->dec;
			e += 2;
		}
		if (is_word(x, e, "kg") && is_p(x, e + 1, '/'))
			e += 3;
	}
	if (t->sign < 0)
		return GV_OK;
	/* a change: "gained 2 kg", "a gain of 150 g/week", "grew 6 cm", "lost 8% of birth weight" */
	int sign = 0, change = 0;
	claim_cmp cmp;
	size_t s = cp_cmp_back(x, k, &cmp), vs = s;
	for (size_t q = s; q > 0 && q + 4 > s && same_sent(x, q - 1, s); q--) {
		const cp_tok *b = TOK(x, q - 1);
		if (cp_change_verb(b, &sign) && !(x->tf[q - 1] & TF_USED)) {
			change = 1;
			vs = q - 1;
			break;
		}
		if (!cp_isany(b, "by|of|about|approximately|around|only|just|another|further|nearly|almost|over|under|"
				 "less|more|than|a|an|on|weight|height|length|total|roughly|some|has|have|had|she|he|they"))
			break;
	}
	if (u == U_PCT_BW)
		change = 1, sign = sign ? sign : -1;
	/* "only 0.4 kg gained", "a 0.4 kg gain", "1.5 kg lost": the verb after it */
	if (!change && e < x->tk.n && same_sent(x, k, e) && !(x->tf[e] & TF_USED) &&
	    is_word(x, e, "gained|gain|gains|lost|loss|increase|decrease|drop|rise|put") && cp_change_verb(TOK(x, e), &sign)) {
		change = 1;
		e++;
		if (is_word(x, e - 1, "put") && is_word(x, e, "on"))
			e++;
	}
	size_t pe;
	double per = per_at(x, e, &pe);
	if (per > 0) {
		change = 1;
		e = pe;
		if (!sign)
			sign = 1;
	}
	/* "9.1 cm in the past year", "2 kg over the last 6 months": a gain over that span, not a
	 * measurement */
	if (!change && (u == U_CM || u == U_IN || u == U_MM || u == U_KG || u == U_G || u == U_LB) &&
	    (cp_phrase(&x->tk, e, x->tk.n, "in|over|during|across the past|last|previous year|months|weeks|twelve") ||
	     cp_phrase(&x->tk, e, x->tk.n, "in|over|during|across the past|last|previous * year|years|months|weeks")) &&
	    !is_word(x, s > 0 ? s - 1 : 0, "to|of|at|from|weighs|weighed|measures|measured|is|was")) {
		change = 1;
		sign = 1;
	}
	if (change && (is_word(x, s > 0 ? s - 1 : 0, "to") || is_word(x, e, "to")))
		change = 0; /* "grew to 74 cm" is a value; "gained from 7 to 9 kg" two values */
	for (size_t q = vs; change && q < k; q++)
		if (is_word(x, q, "from"))
			change = 0; /* "risen only from 26.5 kg at 10 years to 34.0 kg now": the start (see
				     * from_to_changes) */
	/* the quote of a value starts at the number (or its comparator), not at "weighs"; a change's
	 * at its verb ("gained 2 kg") */
	cp_claim *c = cp_new_claim(x, change ? CLAIM_TREND : CLAIM_VALUE, change ? vs : s, e);
	if (!c)
		return GV_ENOMEM;
	c->unit = u;
	c->num2 = m.num2;
	c->dec = t->dec;
	c->c.cmp = cmp;
	c->role = cp_role_before(x, k < s + 4 ? s : k);
	if (c->role == ROLE_NONE)
		c->role = cp_role_before(x, k);
	if (c->role == ROLE_NONE && is_p(x, e, 'A')) /* the start of "5.40 kg -> 9.90 kg" */
		c->role = ROLE_FROM;
	c->per_days = per;
	c->whom = (u == U_CM || u == U_IN || u == U_FTIN || u == U_M) ? whom_before(x, s) : WHO_CHILD;
	/* "the expected ~18 kg", "an ideal weight for her height would be 16 kg", "the median for her
	 * age (12.2 kg)": a value the child is compared with, not one of the child's */
	if (c->whom == WHO_CHILD && !change)
		for (size_t q = s; q > 0 && q + 8 > s && TOK(x, q - 1)->clause == TOK(x, s)->clause; q--) {
			if ((TOK(x, q - 1)->kind == TK_NUM && !(x->tf[q - 1] & TF_TIME)) ||
			    is_word(x, q - 1, "she|he|they|weighs|weighed|measures|measured"))
				break;
			if (!(x->tf[q - 1] & TF_USED) &&
			    is_word(x, q - 1, "expected|predicted|ideal|median|average|typical|target|recommended|goal")) {
				c->whom = WHO_EXPECTED;
				break;
			}
		}
	/* "(decimal point misplaced, likely 15.8 kg)", "is almost certainly 32 lb (14.5 kg)": a
	 * supposition, and the value in parentheses after one */
	/* "his weight in pounds (about 18.5 kg)": the writer's conversion of a number named in
	 * another unit, not a value of the record */
	if (c->whom == WHO_CHILD && !change && s > 2 && is_p(x, s - 1, '(') &&
	    is_word(x, s - 2, "pounds|lb|lbs|kilograms|kilos|kg|inches|centimetres|centimeters|cm") && is_word(x, s - 3, "in"))
		c->whom = WHO_GUESS;
	if (c->whom == WHO_CHILD && !change) {
		for (size_t q = s; q > 0 && q + 3 > s && TOK(x, q - 1)->clause == TOK(x, s)->clause; q--)
			if (is_word(x, q - 1, "likely|probably|presumably|possibly|perhaps|maybe|certainly|supposedly|"
					      "intended|meant|actually"))
				c->whom = WHO_GUESS;
		if (s > 1 && is_p(x, s - 1, '('))
			for (size_t r = x->r->n - 1; r-- > 0;)
				if (x->r->v[r].c.type == CLAIM_VALUE && x->r->v[r].ke + 1 == s) {
					if (x->r->v[r].whom == WHO_GUESS)
						c->whom = WHO_GUESS;
					break;
				}
	}
	/* the rounding shown: half a unit of the last digit ("3300 g": +/-50 g) */
	double tol = t->frac ? 0.5 / t->frac : 0.5 * pow(10, -t->dec);
	if (u == U_G && t->dec == 0 && v >= 100 && v < 1e15) { /* (long)v must be defined */
		double p = 1;
		long iv = (long)v;
		while (iv % 10 == 0 && p < 100) {
			iv /= 10;
			p *= 10;
		}
		tol = 0.5 * p;
	}
	double num = v;
	char txt[CLAIMS_TEXT] = "";
	if (!isnan(hi) && !change) {
		/* a range: "8-9 kg", "BMI 14.6-14.8" */
		cmp = c->c.cmp = CLAIM_RANGE;
		c->c.stated_hi = hi;
		double th = 0.5 * pow(10, -hidec);
		if (th > tol)
			tol = th;
	}
	cp_cat(txt, sizeof txt, change ? (sign < 0 ? "-" : "+") : cp_cmp_prefix(cmp));
	cp_catnum(txt, sizeof txt, v, t->dec);
	if (!isnan(hi) && !change) {
		cp_cat(txt, sizeof txt, "-");
		cp_catnum(txt, sizeof txt, hi, hidec);
	}
	switch (u) {
	case U_LBOZ:
		num = v + m.num2 / 16;
		tol = (m.frac2 ? 0.5 / m.frac2 : 0.5 * pow(10, -m.dec2)) / 16;
		cp_cat(txt, sizeof txt, " lb ");
		cp_catnum(txt, sizeof txt, m.num2, m.dec2);
		cp_cat(txt, sizeof txt, " oz");
		break;
	case U_FTIN:
		num = v * 12 + m.num2;
		if (m.num2 == 0 && !is_num(x, e - 2))
			tol *= 12;
		else
			tol = m.frac2 ? 0.5 / m.frac2 : 0.5 * pow(10, -m.dec2);
		cp_cat(txt, sizeof txt, " ft ");
		cp_catnum(txt, sizeof txt, m.num2, m.dec2);
		cp_cat(txt, sizeof txt, " in");
		break;
	case U_PCT_P95:
		cp_cat(txt, sizeof txt, "% of P95");
		break;
	case U_PCT_BW:
		cp_cat(txt, sizeof txt, "% of birth weight");
		break;
	default:
		cp_cat(txt, sizeof txt, " ");
		cp_cat(txt, sizeof txt, cp_unit_name(u));
		break;
	}
	if (per > 0)
		cp_cat(txt, sizeof txt, per == 1 ? "/day" : per == 7 ? "/week" : per > 300 ? "/year" : "/month");
	memcpy(c->c.stated, txt, sizeof txt);
	if (cmp == CLAIM_APPROX)
		tol *= CLAIMS_APPROX_FACTOR;
	c->tol = tol;
	c->c.stated_num = change ? sign * num : num;
	c->c.unit = u == U_LBOZ ? "lb" : u == U_FTIN ? "in" : cp_unit_name(u);
	if (change) {
		c->c.trend = CLAIM_T_CHANGE;
		c->c.trend_dir = sign;
	}
	gv_ind ui = unit_ind(u);
	/* a length in cm is a head or an arm circumference when the words say so: the nearest
	 * indicator word before it in the sentence, not past another length */
	if (u == U_CM || u == U_IN || u == U_MM || u == U_M || u == U_FTIN) {
		int named = 0;
		for (size_t q = s; q > 0 && same_sent(x, q - 1, s); q--) {
			int wi = x->ind[q - 1];
			if (wi == GV_HCFA || wi == GV_ACFA || wi == GV_LHFA) {
				ui = (gv_ind)wi;
				named = 1;
				break;
			}
			if (TOK(x, q - 1)->kind == TK_NUM && is_word(x, q, "cm|mm|in|inches|centimetres|centimeters")) {
				/* "head 31.2 cm at birth and 43.8 cm at 18 months": the length before it */
				for (size_t r = 0; r < x->r->n; r++)
					if (x->r->v[r].ks <= q - 1 && q - 1 < x->r->v[r].ke && x->r->v[r].c.type == CLAIM_VALUE)
						ui = x->r->v[r].inds[0];
				named = 1;
				break;
			}
			if (wi >= 0) {
				named = 1;
				break;
			}
		}
		/* a bare length its sentence does not name before it: the circumference named after it
		 * in its clause ("At 48.5 cm (z +2.4) his head is ..."), else the pronoun's or the
		 * previous sentence's ("Head circumference ... 43.5 cm today. At birth it was 32.0 cm",
		 * "OFC 48.0 cm at 2 y. Smaller at 9 mo (44.6 cm)") */
		if (!named && u != U_MM)
			ui = bare_length_ind(x, s, e, ui);
		if (ui == GV_LHFA || ui == GV_ACFA) {
			size_t q = e;
			if (is_word(x, q, "for|of"))
				q++;
			if (q < x->tk.n && (x->ind[q] == GV_HCFA || x->ind[q] == GV_ACFA) && same_sent(x, q, e))
				ui = (gv_ind)x->ind[q];
		}
		if (u == U_MM && ui != GV_ACFA && ui != GV_HCFA)
			ui = GV_ACFA;
	}
	c->inds[0] = c->c.ind = ui;
	c->nind = 1;
	*next = e;
	return GV_OK;
}

/* The first number of a table cell whose header (or row label) says what it is: "64th" or "48"
 * under "Percentile", "0.37" under "z-score" (a value under "Weight (kg)": try_value). */
