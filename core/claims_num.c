/* claims_num.c — the claim checker's parser: the numbers a summary states — percentiles and
 * z-scores, table cells, changes between two values ("from 26.5 kg to 34.0 kg"), families' words
 * ("heavier than 12 out of 100 boys") — with comparators ("below the 5th"), ranges and the rounding
 * shown; values with their units are claims_value.c's. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/age.h"
#include "core/claims_pint.h"

/* ================================================================== numbers */

int cp_pct_word(const pctx *x, size_t k)
{
	if (is_word(x, k, "percentile|percentiles|centile|centiles|pctl|pctile|pctiles|pct|perc|percentil"))
		return 1;
	if (is_p(x, k, '%') && is_word(x, k + 1, "ile|iles") && glued(x, k))
		return 2;
	return 0;
}

/* Comparator and preposition words before token k: the start of the quote and the comparison. */
size_t cp_cmp_back(const pctx *x, size_t k, claim_cmp *cmp)
{
	size_t s = k;
	*cmp = CLAIM_EQ;
	uint32_t sent = TOK(x, k)->sent;
	for (int steps = 0; steps < 5 && s > 0 && TOK(x, s - 1)->sent == sent; steps++) {
		const cp_tok *t = TOK(x, s - 1);
		if (t->kind == TK_PUNCT) {
			if (t->p == '<' || t->p == 'L') {
				*cmp = CLAIM_LT;
			} else if (t->p == '>' || t->p == 'G') {
				*cmp = CLAIM_GT;
			} else if (t->p == '~') {
				*cmp = CLAIM_APPROX;
			} else if (t->p == '=' && s >= 2 && (TOK(x, s - 2)->p == '<' || TOK(x, s - 2)->p == '>')) {
				s--;
				continue;
			} else {
				break;
			}
			s--;
			continue;
		}
		if (t->kind != TK_WORD)
			break;
		if (cp_isany(t, "below|under|beneath|less|lower|underneath|sub")) {
			if (*cmp == CLAIM_EQ)
				*cmp = CLAIM_LT;
		} else if (cp_isany(t, "above|over|greater|more|higher|exceeds|exceeding|exceeded|beyond|past|exceed")) {
			if (*cmp == CLAIM_EQ)
				*cmp = CLAIM_GT;
		} else if (cp_isany(t, "about|around|approximately|approx|roughly|near|nearly|close|almost|circa|ca|"
				       "approaching|apx|estimated|tracking|along|following|follows|tracks|tracked|followed|"
				       "track|follow|roughly")) {
			if (*cmp == CLAIM_EQ)
				*cmp = CLAIM_APPROX;
		} else if (!cp_isany(t, "the|at|on|to|than|just|or|a|an|of|in|slightly|well|within|equal|from|"
					"is|was|sits|sitting|lies|lying|plotted|plots|plotting|still|now|"
					"right|exactly|only|between")) {
			break;
		}
		s--;
	}
	/* the quote starts at the first word that says something: "at the 3rd", "below the 5th" */
	while (s < k && (is_word(x, s, "is|was|sits|sitting|lies|lying|plotted|plots|plotting|tracking|tracks|tracked|track|"
				   "following|follows|followed|follow|along|still|now|from|to|in|of|a|an") ||
			 (is_word(x, s, "only|just") && is_word(x, s + 1, "from|to"))))
		s++;
	return s;
}

/* The role of a number in a change: "from the 50th" / "to the 10th". */
int cp_role_before(const pctx *x, size_t s)
{
	for (size_t q = s; q > 0 && q + 3 > s; q--) {
		const cp_tok *t = TOK(x, q - 1);
		if (cp_ispunct(t, 'A')) /* "5.40 kg -> 9.90 kg" */
			return ROLE_TO;
		if (cp_isany(t, "from"))
			return ROLE_FROM;
		if (cp_isany(t, "to|reaching|reached|now"))
			return ROLE_TO;
		if (!cp_isany(t, "the|at|about|around|approximately|just|below|above|under|over|a|an|down|up|of|only"))
			break;
	}
	return ROLE_NONE;
}

static void stated_num(cp_claim *c, const char *pre, double v, int dec, const char *post)
{
	c->c.stated[0] = '\0';
	cp_cat(c->c.stated, sizeof c->c.stated, pre);
	cp_catnum(c->c.stated, sizeof c->c.stated, v, dec);
	cp_cat(c->c.stated, sizeof c->c.stated, post);
}

const char *cp_cmp_prefix(claim_cmp cmp)
{
	return cmp == CLAIM_LT ? "<" : cmp == CLAIM_GT ? ">" : cmp == CLAIM_APPROX ? "~" : "";
}

int cp_numbers_ok(const pctx *x, size_t k)
{
	return !(x->tf[k] & (TF_USED | TF_COND | TF_DEF | TF_DEFALL));
}

/* A percentile claim: "at the 3rd percentile", "P97", "the 90th", "between the 25th and 50th",
 * "25th-50th centile", "percentile 45", "19.8 percentile".  k: the number (or the "P"). */
static gv_status try_percentile(pctx *x, size_t k, size_t *next)
{
	size_t nk, e;
	int pform = 0;
	if (is_word(x, k, "p") && is_num(x, k + 1) && glued(x, k) && !TOK(x, k + 1)->sign) {
		nk = k + 1;
		pform = 1;
		e = k + 2;
	} else if (is_num(x, k)) {
		nk = k;
		const cp_tok *t = TOK(x, k);
		if (t->sign)
			return GV_OK;
		int pw = cp_pct_word(x, k + 1);
		e = k + 1 + (size_t)pw;
		if (!pw) {
			if (!t->ord)
				return GV_OK;
			/* a bare ordinal: "the 90th", "between the 25th and 50th" */
			if (is_word(x, k + 1, "birthday|birthdays|year|years|month|months|week|weeks|day|days|visit|time|times|"
					      "grade|dose|child|born|percent|gestational|decile|quartile|quintile|line|lines|"
					      "centile|percentile|place|attempt|measurement|century"))
				return GV_OK;
			int ctx = k > 0 && (is_word(x, k - 1, "the") || (is_p(x, k - 1, '(') && is_p(x, k + 1, ')')));
			if (!ctx && k > 1 && is_word(x, k - 1, "and|to|or") && TOK(x, k - 2)->kind == TK_NUM && TOK(x, k - 2)->ord)
				ctx = 1;
			if (!ctx)
				return GV_OK;
			/* "the 5th" of a list of visits ("the 2nd visit") is not a percentile; "the 90th" is */
			if (is_word(x, k + 1, "and|to|or") && is_num(x, k + 2) && TOK(x, k + 2)->ord) {
				/* a range or a pair: decided below */
			}
		}
	} else if ((is_word(x, k, "middle") && k >= 2 && is_word(x, k - 1, "the") &&
		    is_word(x, k - 2, "on|at|around|near|to|above|below|under|over|about|in|just") &&
		    (e = cp_phrase(&x->tk, k + 1, x->tk.n, "of the|her|his chart|charts|curve|curves|graph|range|centiles|percentiles"))) ||
		   (is_word(x, k, "average") && k >= 2 && is_word(x, k - 1, "than") &&
		    is_word(x, k - 2, "taller|shorter|heavier|lighter|bigger|smaller|larger") && (e = k + 1)) ||
		   (is_word(x, k, "average") && k >= 1 &&
		    (is_word(x, k - 1, "above|below|under|over|around|about") ||
		     (k >= 2 && is_word(x, k - 1, "the") && is_word(x, k - 2, "above|below|under|over|around|about|near|at|on"))) &&
		    (e = k + 1))) {
		/* "above the middle of the chart", "a little above (the) average", "taller than average":
		 * the 50th percentile */
		claim_cmp cmp;
		size_t s = cp_cmp_back(x, k, &cmp);
		if (is_word(x, k - 1, "than")) {
			s = k - 2;
			cmp = is_word(x, s, "taller|heavier|bigger|larger") ? CLAIM_GT : CLAIM_LT;
		}
		if (!cp_numbers_ok(x, k))
			return GV_OK;
		cp_claim *c = cp_new_claim(x, CLAIM_PERCENTILE, s, e);
		if (!c)
			return GV_ENOMEM;
		c->c.stated_num = 50;
		c->c.cmp = cmp;
		c->c.unit = "percentile";
		c->tol = CLAIMS_TOL_PCT * (cmp == CLAIM_APPROX ? CLAIMS_APPROX_FACTOR : 1);
		c->role = cp_role_before(x, s);
		if (x->ind[s] >= 0 && is_word(x, k - 1, "than")) { /* "taller": height, "lighter": weight */
			c->inds[0] = c->c.ind = (gv_ind)x->ind[s];
			c->nind = 1;
		}
		c->c.stated[0] = '\0';
		cp_cat(c->c.stated, sizeof c->c.stated, cp_cmp_prefix(cmp));
		cp_cat(c->c.stated, sizeof c->c.stated, "P50");
		*next = e;
		return GV_OK;
	} else if (is_word(x, k, "median") && k >= 2 && is_word(x, k - 1, "the") &&
		   is_word(x, k - 2, "on|at|around|near|to|along|above|below|under|over|about|exactly|just|tracked|tracking|tracks|"
				     "track|followed|following|follows|follow|hugged|hugging|paralleled|paralleling")) {
		/* "on the median": the 50th percentile */
		claim_cmp cmp;
		size_t s = cp_cmp_back(x, k, &cmp);
		if (!cp_numbers_ok(x, k))
			return GV_OK;
		cp_claim *c = cp_new_claim(x, CLAIM_PERCENTILE, s, k + 1);
		if (!c)
			return GV_ENOMEM;
		c->c.stated_num = 50;
		c->c.cmp = cmp;
		c->c.unit = "percentile";
		c->tol = CLAIMS_TOL_PCT * (cmp == CLAIM_APPROX ? CLAIMS_APPROX_FACTOR : 1);
		c->role = cp_role_before(x, s);
		c->c.stated[0] = '\0';
		cp_cat(c->c.stated, sizeof c->c.stated, cp_cmp_prefix(cmp));
		cp_cat(c->c.stated, sizeof c->c.stated, "P50");
		*next = k + 1;
		return GV_OK;
	} else if (is_word(x, k, "percentile|centile") && !(x->tf[k] & TF_USED)) {
		size_t j = k + 1;
		while (is_word(x, j, "of|is|was|at|around|about") || is_p(x, j, ':') || is_p(x, j, '='))
			j++;
		if (!is_num(x, j) || TOK(x, j)->sign || TOK(x, j)->v <= 0 || TOK(x, j)->v >= 100 || !cp_numbers_ok(x, j))
			return GV_OK;
		if (is_word(x, j + 1, "kg|g|cm|mm|lb|lbs|months|month|years|year|weeks|in|sd"))
			return GV_OK;
		nk = j;
		e = j + 1;
		pform = 2;
	} else {
		return GV_OK;
	}
	double v = TOK(x, nk)->v;
	if (!(v > 0 && v < 100) || !cp_numbers_ok(x, nk))
		return GV_OK;
	/* "crossed 3 centile lines": a count of lines, not a percentile */
	if (!TOK(x, nk)->ord && pform != 1 && is_word(x, e, "line|lines|channel|channels|band|bands|curves|spaces"))
		return GV_OK;
	claim_cmp cmp;
	size_t s = pform == 2 ? k : cp_cmp_back(x, pform ? k : nk, &cmp);
	if (pform == 2)
		cmp = CLAIM_EQ;
	double hi = NAN;
	int hidec = 0;
	/* ranges: "between the 25th and 50th", "25th-50th", "P25-P50", "25th to 50th" (not after "from") */
	int between = 0;
	for (size_t q = nk; q > 0 && q + 4 > nk; q--)
		if (is_word(x, q - 1, "between")) {
			between = 1;
			if (q - 1 < s)
				s = q - 1;
		}
	size_t j = e;
	int approx = cmp == CLAIM_APPROX; /* "around the 60th-65th": a range, about */
	int from = cp_role_before(x, s) == ROLE_FROM;
	if ((between && is_word(x, j, "and")) || is_p(x, j, '-') || (!from && is_word(x, j, "to"))) {
		size_t q = j + 1;
		if (is_word(x, q, "the"))
			q++;
		if (is_word(x, q, "p") && is_num(x, q + 1) && glued(x, q))
			q++;
		if (is_num(x, q) && !TOK(x, q)->sign && TOK(x, q)->v > v && TOK(x, q)->v < 100 &&
		    (TOK(x, q)->ord || cp_pct_word(x, q + 1) || pform == 1)) {
			hi = TOK(x, q)->v;
			hidec = TOK(x, q)->dec;
			e = q + 1;
			e += (size_t)cp_pct_word(x, e);
			cmp = CLAIM_RANGE;
		}
	}
	/* a bare ordinal needs the word somewhere after it ("the 25th and the 50th percentiles"), or a
	 * percentile context in the sentence */
	if (!pform && !cp_pct_word(x, nk + 1) && cmp != CLAIM_RANGE) {
		int ctx = 0;
		for (size_t q = nk + 1; q < x->tk.n && q < nk + 8 && same_sent(x, q, nk); q++)
			if (cp_pct_word(x, q))
				ctx = 1;
		for (size_t q = nk; q-- > 0 && same_sent(x, q, nk);)
			if (cp_pct_word(x, q) || (is_word(x, q, "p") && is_num(x, q + 1)))
				ctx = 1;
		if (!ctx && nk > 0 && is_p(x, nk - 1, '(') && is_p(x, nk + 1, ')'))
			ctx = 1; /* "12.0 kg (48th)" */
		/* "is at the 90th.": a preposition, "the", the ordinal, the end of the clause */
		if (!ctx && nk >= 2 && is_word(x, nk - 1, "the") &&
		    is_word(x, nk - 2, "at|on|around|near|below|above|under|over|to|from|between|along|about|beneath|past") &&
		    (nk + 1 >= x->tk.n || TOK(x, nk + 1)->kind == TK_PUNCT || !same_sent(x, nk, nk + 1) ||
		     is_word(x, nk + 1, "for|and|on|in|at|line|curve|channel|or|to|since|from|by|when|while|but")))
			ctx = 1;
		if (!ctx)
			return GV_OK;
	}
	if (cmp == CLAIM_RANGE && cp_pct_word(x, e))
		e += (size_t)cp_pct_word(x, e);
	/* "crossed the 95th percentile line": the line of a crossing (a trend), not where the child is */
	if (is_word(x, e, "line|lines|curve|mark|threshold")) {
		for (size_t q = s; q > 0 && q + 4 > s; q--)
			if (is_word(x, q - 1, "crossed|crossing|crosses|cross|passed|passing|passes|through"))
				return GV_OK;
	}
	cp_claim *c = cp_new_claim(x, CLAIM_PERCENTILE, s, e);
	if (!c)
		return GV_ENOMEM;
	c->c.stated_num = v;
	c->c.stated_hi = hi;
	c->c.cmp = cmp;
	c->c.unit = "percentile";
	c->dec = TOK(x, nk)->dec;
	c->tol = CLAIMS_TOL_PCT * (approx ? CLAIMS_APPROX_FACTOR : 1);
	c->role = cp_role_before(x, s);
	if (cmp == CLAIM_RANGE) {
		stated_num(c, "P", v, c->dec, "-P");
		cp_catnum(c->c.stated, sizeof c->c.stated, hi, hidec);
	} else {
		stated_num(c, cp_cmp_prefix(cmp), v, c->dec, "");
		char tmp[CLAIMS_TEXT] = "";
		cp_cat(tmp, sizeof tmp, cp_cmp_prefix(cmp));
		cp_cat(tmp, sizeof tmp, "P");
		cp_catnum(tmp, sizeof tmp, v, c->dec);
		memcpy(c->c.stated, tmp, sizeof tmp);
	}
	*next = e;
	return GV_OK;
}

static int z_word(const pctx *x, size_t k, size_t *e)
{
	size_t j;
	if ((j = cp_phrase(&x->tk, k, x->tk.n, "z|sd|standard deviation? score|scores")) && (j > k + 1 || !cp_is(TOK(x, k), "sd"))) {
		*e = j;
		return 1;
	}
	if (is_word(x, k, "z|zscore|zscores|sds|waz|haz|laz|whz|wlz|baz|hcz|hcaz|acz|bmiz|wfaz|hfaz|lfaz|bfaz|wfhz|wflz|"
			  "hcfaz|acfaz|lhaz")) {
		*e = k + 1;
		return 1;
	}
	return 0;
}

/* "SD", "SDS", "standard deviations", "z" after a number: the end, 0 when none. */
static size_t sd_after(const pctx *x, size_t j)
{
	size_t e;
	if ((e = cp_phrase(&x->tk, j, x->tk.n, "standard deviation|deviations")))
		return e;
	if ((e = cp_phrase(&x->tk, j, x->tk.n, "z score|scores")))
		return e;
	if (is_word(x, j, "sd|sds|sdss|z|zscore|zscores"))
		return j + 1;
	return 0;
}

static gv_status z_claim(pctx *x, size_t s, size_t nk, size_t e, claim_cmp cmp, double v, gv_ind own)
{
	cp_claim *c = cp_new_claim(x, CLAIM_Z, s, e);
	if (!c)
		return GV_ENOMEM;
	c->c.stated_num = v;
	c->c.cmp = cmp;
	c->c.unit = "z";
	c->dec = TOK(x, nk)->dec;
	/* within 0.1, or the rounding shown when coarser ("-2 SD": +/-0.5) */
	double r = 0.5 * pow(10, -c->dec);
	c->tol = r > CLAIMS_TOL_Z ? r : CLAIMS_TOL_Z;
	if (cmp == CLAIM_APPROX)
		c->tol *= CLAIMS_APPROX_FACTOR;
	c->role = cp_role_before(x, s);
	if (own != GV_NIND) {
		c->inds[0] = c->c.ind = own;
		c->nind = 1;
	}
	char tmp[CLAIMS_TEXT] = "z ";
	cp_cat(tmp, sizeof tmp, cmp == CLAIM_LT ? "< " : cmp == CLAIM_GT ? "> " : cmp == CLAIM_APPROX ? "~ " : "");
	if (cmp == CLAIM_RANGE) {
		cp_catnum(tmp, sizeof tmp, -fabs(v), c->dec);
		cp_cat(tmp, sizeof tmp, " to ");
		cp_catnum(tmp, sizeof tmp, fabs(v), c->dec);
		c->c.stated_num = -fabs(v);
		c->c.stated_hi = fabs(v);
	} else {
		cp_catnum(tmp, sizeof tmp, v, c->dec);
	}
	memcpy(c->c.stated, tmp, sizeof tmp);
	return GV_OK;
}

/* z-scores: "z -2.1", "z-score of -2.59", "SDS +1.4", "WAZ -1.3", "-2 SD", "2 SD below the mean",
 * "more than 2 standard deviations below the median", "within 1 SD", "z-scores of -1.2 and -1.5". */
static gv_status try_z(pctx *x, size_t k, size_t *next)
{
	size_t e;
	if (z_word(x, k, &e)) {
		gv_ind own = x->ind[k] >= 0 ? (gv_ind)x->ind[k] : GV_NIND;
		size_t j = e, qs = k;
		claim_cmp cmp = CLAIM_EQ;
		for (int steps = 0; steps < 4; steps++) {
			const cp_tok *t = j < x->tk.n ? TOK(x, j) : NULL;
			if (!t || t->kind == TK_NUM)
				break;
			if (t->kind == TK_PUNCT && (t->p == '<' || t->p == 'L'))
				cmp = CLAIM_LT;
			else if (t->kind == TK_PUNCT && (t->p == '>' || t->p == 'G'))
				cmp = CLAIM_GT;
			else if (t->kind == TK_PUNCT && t->p == '~')
				cmp = CLAIM_APPROX;
			else if (cp_isany(t, "below|under|less"))
				cmp = CLAIM_LT;
			else if (cp_isany(t, "above|over|greater|more"))
				cmp = CLAIM_GT;
			else if (cp_isany(t, "about|around|approximately|approx|roughly|nearly|almost"))
				cmp = CLAIM_APPROX;
			else if (cp_isany(t, "fell|rose|dropped|went|moved|changed|declined|increased|decreased|improved|"
					     "remains|remained|stayed|stays|risen|fallen|gone|climbed|dipped|drifted|worsened|"
					     "shifted|slipped|come|came"))
				qs = j + 1; /* the verb is a trend of its own: the quote starts after it */
			else if (!(t->kind == TK_PUNCT && strchr(":=(", t->p)) &&
				 !cp_isany(t, "of|is|was|at|now|than|score|scores|for|weight|length|height|bmi|the|a|an|"
					      "currently|just|then|from|has|had|have|been"))
				break;
			j++;
		}
		if (qs > k)
			while (qs < j && is_word(x, qs, "from|has|had|have|been|to|at"))
				qs++;
		if (!is_num(x, j) || TOK(x, j)->ord || fabs(TOK(x, j)->v) > 15 || !cp_numbers_ok(x, j))
			return GV_OK;
		if (is_word(x, j + 1, "kg|g|cm|mm|lb|lbs|months|years|percentile|centile|weeks") || cp_pct_word(x, j + 1))
			return GV_OK;
		if (!cp_numbers_ok(x, k))
			return GV_OK;
		size_t nk = j, ze = j + 1;
		if (is_word(x, ze, "sd|sds"))
			ze++;
		gv_status st = z_claim(x, qs, nk, ze, cmp, TOK(x, nk)->v, own);
		if (st != GV_OK)
			return st;
		*next = ze;
		/* "z-scores of -1.2 and -1.5", "from -0.5 at 3 years to -1.8 at 7 years" */
		for (;;) {
			size_t z2 = ze;
			while (z2 < x->tk.n && same_sent(x, z2, ze)) {
				size_t pe = z2 + 1;
				while (is_p(x, z2, '(') && pe < x->tk.n && pe < z2 + 6 && !is_p(x, pe, ')') && !is_p(x, pe, '('))
					pe++;
				if (x->tf[z2] & TF_TIME)
					z2++;
				else if (is_p(x, z2, '(') && is_p(x, pe, ')'))
					z2 = pe + 1; /* "+1.51 at 6.5 y (overweight) and +2.29 now", "-0.55 (2 mo), -1.33 (4 mo)" */
				else
					break;
			}
			if (!(is_word(x, z2, "and|to|then") || (is_p(x, z2, ',') && is_num(x, z2 + 1) && TOK(x, z2 + 1)->sign)))
				break;
			ze = z2;
			size_t q = ze + 1;
			if (!is_num(x, q) || TOK(x, q)->ord || fabs(TOK(x, q)->v) > 15 || !cp_numbers_ok(x, q) ||
			    is_word(x, q + 1, "kg|g|cm|mm|lb|lbs|months|month|years|year|weeks|percentile|centile") ||
			    (sd_after(x, q + 1) && cp_phrase(&x->tk, sd_after(x, q + 1), x->tk.n, "below|above|under|over")))
				break;
			size_t qe = q + 1;
			if (is_word(x, qe, "sd|sds"))
				qe++;
			st = z_claim(x, q, q, qe, CLAIM_EQ, TOK(x, q)->v, own);
			if (st != GV_OK)
				return st;
			if (is_word(x, ze, "to")) {
				/* "z 0.46 to -1.61": the start and the end of a change */
				x->r->v[x->r->n - 1].role = ROLE_TO;
				if (x->r->v[x->r->n - 2].role == ROLE_NONE)
					x->r->v[x->r->n - 2].role = ROLE_FROM;
			}
			ze = qe;
			*next = ze;
		}
		return GV_OK;
	}
	if (!is_num(x, k) || TOK(x, k)->ord || fabs(TOK(x, k)->v) > 15 || !cp_numbers_ok(x, k))
		return GV_OK;
	if ((e = sd_after(x, k + 1)) == 0)
		return GV_OK;
	double v = TOK(x, k)->v;
	claim_cmp cmp;
	size_t s = cp_cmp_back(x, k, &cmp);
	int signed_ = TOK(x, k)->sign != 0;
	/* "recovered by more than 1 SD", "a drop of 2.8 SD": an amount of change, not a position */
	if (s > 0 && is_word(x, s - 1, "by|of") && !signed_)
		return GV_OK;
	for (size_t q = s; q < k; q++)
		if (is_word(x, q, "by"))
			return GV_OK;
	size_t q;
	if ((q = cp_phrase(&x->tk, e, x->tk.n, "below|under|beneath the? mean|median|average|norm|normal|reference|expected|50th"))) {
		v = -fabs(v);
		e = q;
		if (is_word(x, e, "percentile|centile"))
			e++;
		if (cmp == CLAIM_GT)
			cmp = CLAIM_LT; /* "more than 2 SD below the mean" */
	} else if ((q = cp_phrase(&x->tk, e, x->tk.n, "above|over the? mean|median|average|norm|normal|reference|expected|50th"))) {
		v = fabs(v);
		e = q;
		if (is_word(x, e, "percentile|centile"))
			e++;
	} else if (!signed_ && v != 0) {
		/* "within 1 SD": a range around the median; an unsigned "2 SD" says nothing about the side */
		if (s < k && is_word(x, k - 1, "within")) {
			cmp = CLAIM_RANGE;
		} else if (cmp == CLAIM_LT || cmp == CLAIM_GT) {
			/* "below 2 SD" without a sign reads as below -2 SD, "above 2 SD" as above +2 SD */
			v = cmp == CLAIM_LT ? -fabs(v) : fabs(v);
		} else {
			return GV_OK;
		}
	}
	if (s < k && is_word(x, k - 1, "within"))
		cmp = CLAIM_RANGE;
	gv_status st = z_claim(x, s, k, e, cmp, v, GV_NIND);
	*next = e;
	return st;
}

static gv_status try_cell(pctx *x, size_t k, size_t *next)
{
	const cp_cell *f = x->cell ? &x->cell[k] : NULL;
	if (!f || f->col < 0 || f->hdr || !is_num(x, k) || !cp_numbers_ok(x, k))
		return GV_OK;
	for (size_t q = f->cs; q < k; q++)
		if (TOK(x, q)->kind == TK_NUM || TOK(x, q)->kind == TK_WORD)
			return GV_OK;
	const cp_tok *t = TOK(x, k);
	size_t e = k + 1;
	if (f->kind == CELL_PCT && t->sign == 0 && t->v > 0 && t->v < 100) {
		if (is_p(x, e, '%') && !is_word(x, e + 1, "ile|iles"))
			e++;
		e += (size_t)cp_pct_word(x, e);
		if (e < f->ce && !is_p(x, e, '(') && TOK(x, e)->kind != TK_PUNCT)
			return GV_OK;
		cp_claim *c = cp_new_claim(x, CLAIM_PERCENTILE, k, e);
		if (!c)
			return GV_ENOMEM;
		c->c.stated_num = t->v;
		c->c.unit = "percentile";
		c->dec = t->dec;
		c->tol = CLAIMS_TOL_PCT;
		stated_num(c, "P", t->v, t->dec, "");
		*next = e;
	} else if (f->kind == CELL_Z && !t->ord && fabs(t->v) <= 6) {
		if (e < f->ce && !is_p(x, e, '(') && TOK(x, e)->kind != TK_PUNCT)
			return GV_OK;
		gv_status st = z_claim(x, k, k, e, CLAIM_EQ, t->v, GV_NIND);
		if (st != GV_OK)
			return st;
		*next = e;
	}
	return GV_OK;
}

/* "risen (only) from 26.5 kg at 10 years to 34.0 kg now": the two values, and the change between
 * them (+7.5 kg) over the span they name. */
static gv_status from_to_changes(pctx *x)
{
	size_t n0 = x->r->n;
	for (size_t i = 0; i < n0; i++) {
		const cp_claim *a = &x->r->v[i];
		if (a->c.type != CLAIM_VALUE || a->role != ROLE_FROM || a->whom != WHO_CHILD)
			continue;
		/* the verb before "from" */
		size_t f = a->ks, verb = (size_t)-1;
		while (f > 0 && f + 4 > a->ks && !is_word(x, f - 1, "from"))
			f--;
		if (f == 0 || !is_word(x, f - 1, "from"))
			continue;
		int sign = 0;
		for (size_t q = f - 1; q > 0 && q + 4 > f - 1; q--) {
			if (cp_change_verb(TOK(x, q - 1), &sign)) {
				verb = q - 1;
				break;
			}
			if (!is_word(x, q - 1, "only|just|steadily|gradually|slowly|has|have|had|she|he|it|her|his"))
				break;
		}
		if (verb == (size_t)-1)
			continue;
		/* the end: the next value of the sentence after "to", in the same unit */
		const cp_claim *b = NULL;
		for (size_t j = i + 1; j < n0 && !b; j++) {
			const cp_claim *o = &x->r->v[j];
			if (!same_sent(x, o->ks, a->ks))
				break;
			if (o->c.type == CLAIM_VALUE && o->role == ROLE_TO && o->unit == a->unit)
				b = o;
		}
		if (!b || (x->tf[verb] & TF_USED))
			continue;
		double d = b->c.stated_num - a->c.stated_num, tol = a->tol + b->tol;
		int dec = a->dec > b->dec ? a->dec : b->dec;
		cp_unit u = a->unit;
		gv_ind ind = a->inds[0];
		size_t be = b->ke;
		cp_claim *c = cp_new_claim(x, CLAIM_TREND, verb, be);
		if (!c)
			return GV_ENOMEM;
		for (size_t q = verb; q < be; q++)
			x->tf[q] |= TF_USED;
		c->unit = u;
		c->dec = dec;
		c->tol = tol;
		c->c.trend = CLAIM_T_CHANGE;
		c->c.trend_dir = d > 0 ? 1 : d < 0 ? -1 : 0;
		c->c.stated_num = d;
		c->c.unit = cp_unit_name(u);
		c->inds[0] = c->c.ind = ind;
		c->nind = 1;
		c->c.stated[0] = '\0';
		cp_cat(c->c.stated, sizeof c->c.stated, d < 0 ? "-" : "+");
		cp_catnum(c->c.stated, sizeof c->c.stated, fabs(d), dec);
		cp_cat(c->c.stated, sizeof c->c.stated, " ");
		cp_cat(c->c.stated, sizeof c->c.stated, cp_unit_name(u));
	}
	return GV_OK;
}

/* A percentile said the way families are told it: "heavier than about 12 out of 100 boys" (P12),
 * "shorter than 99 in 100 girls" (P1), "among the lightest 1-2% of boys" (P1-P2), "the tallest
 * 10%" (above P90).  k: the comparative or "among". */
static gv_status try_in100(pctx *x, size_t k, size_t *next)
{
	const cp_tok *t = TOK(x, k);
	if (t->kind != TK_WORD || !cp_numbers_ok(x, k))
		return GV_OK;
	int more = cp_isany(t, "heavier|taller|bigger|larger|longer"), less = cp_isany(t, "lighter|shorter|smaller");
	double v = NAN, hi = NAN;
	size_t e = 0, j;
	claim_cmp cmp = CLAIM_EQ;
	if ((more || less) && is_word(x, k + 1, "than")) {
		j = k + 2;
		if (is_word(x, j, "about|around|roughly|nearly|almost|approximately|some"))
			j++, cmp = CLAIM_APPROX;
		if (is_num(x, j) && !TOK(x, j)->ord && TOK(x, j)->v > 0 && TOK(x, j)->v < 100 &&
		    (e = cp_phrase(&x->tk, j + 1, x->tk.n, "out? of|in 100"))) {
			v = more ? TOK(x, j)->v : 100 - TOK(x, j)->v;
		}
	} else if ((j = cp_phrase(&x->tk, k, x->tk.n, "among|in|within the lightest|smallest|shortest|heaviest|tallest|biggest|largest"))) {
		int top = is_word(x, j - 1, "heaviest|tallest|biggest|largest");
		if (is_num(x, j) && !TOK(x, j)->ord && TOK(x, j)->v > 0 && TOK(x, j)->v < 50) {
			double a = TOK(x, j)->v, b = a;
			size_t q = j + 1;
			if (is_p(x, q, '-') && is_num(x, q + 1) && TOK(x, q + 1)->v > a && TOK(x, q + 1)->v < 50)
				b = TOK(x, q + 1)->v, q += 2;
			if (is_p(x, q, '%')) {
				e = q + 1;
				v = top ? 100 - b : a;
				hi = top ? 100 - a : b;
				cmp = top ? CLAIM_GT : CLAIM_LT;
				if (a != b) {
					cmp = CLAIM_RANGE;
					v = top ? 100 - b : 0;
					hi = top ? 100 : b;
				} else if (!top) {
					v = b;
				} else {
					v = 100 - a;
				}
			}
		}
	}
	if (!e || isnan(v))
		return GV_OK;
	cp_claim *c = cp_new_claim(x, CLAIM_PERCENTILE, k, e);
	if (!c)
		return GV_ENOMEM;
	c->c.stated_num = v;
	c->c.stated_hi = hi;
	c->c.cmp = cmp;
	c->c.unit = "percentile";
	c->tol = CLAIMS_TOL_PCT * (cmp == CLAIM_APPROX ? CLAIMS_APPROX_FACTOR : 1);
	if (x->ind[k] >= 0) { /* "heavier": weight, "taller": height */
		c->inds[0] = c->c.ind = (gv_ind)x->ind[k];
		c->nind = 1;
	}
	c->c.stated[0] = '\0';
	if (cmp == CLAIM_RANGE) {
		stated_num(c, "P", v, 0, "-P");
		cp_catnum(c->c.stated, sizeof c->c.stated, hi, 0);
	} else {
		cp_cat(c->c.stated, sizeof c->c.stated, cp_cmp_prefix(cmp));
		cp_cat(c->c.stated, sizeof c->c.stated, "P");
		cp_catnum(c->c.stated, sizeof c->c.stated, v, 0);
	}
	*next = e;
	return GV_OK;
}

gv_status cp_find_numbers(pctx *x)
{
	size_t n = x->tk.n;
	for (size_t k = 0; k < n; k++) {
		if (x->tf[k] & TF_USED)
			continue;
		size_t next = 0, before = x->r->n;
		gv_status st = try_in100(x, k, &next);
		if (st == GV_OK && x->r->n == before)
			st = try_cell(x, k, &next);
		if (st == GV_OK && x->r->n == before)
			st = try_percentile(x, k, &next);
		if (st == GV_OK && x->r->n == before)
			st = try_z(x, k, &next);
		if (st == GV_OK && x->r->n == before)
			st = cp_try_value(x, k, &next);
		if (st != GV_OK)
			return st;
		if (x->r->n > before && next > k)
			k = next - 1;
	}
	return from_to_changes(x);
}

