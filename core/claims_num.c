/* claims_num.c — the claim checker's parser: the numbers a summary states — values with their
 * units, percentiles, z-scores, and changes ("gained 2 kg", "150 g/week") — with comparators
 * ("below the 5th"), ranges and the rounding shown. */
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
static size_t cmp_back(const pctx *x, size_t k, claim_cmp *cmp)
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
static int role_before(const pctx *x, size_t s)
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

static const char *cmp_prefix(claim_cmp cmp)
{
	return cmp == CLAIM_LT ? "<" : cmp == CLAIM_GT ? ">" : cmp == CLAIM_APPROX ? "~" : "";
}

static int numbers_ok(const pctx *x, size_t k)
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
		size_t s = cmp_back(x, k, &cmp);
		if (is_word(x, k - 1, "than")) {
			s = k - 2;
			cmp = is_word(x, s, "taller|heavier|bigger|larger") ? CLAIM_GT : CLAIM_LT;
		}
		if (!numbers_ok(x, k))
			return GV_OK;
		cp_claim *c = cp_new_claim(x, CLAIM_PERCENTILE, s, e);
		if (!c)
			return GV_ENOMEM;
		c->c.stated_num = 50;
		c->c.cmp = cmp;
		c->c.unit = "percentile";
		c->tol = CLAIMS_TOL_PCT * (cmp == CLAIM_APPROX ? CLAIMS_APPROX_FACTOR : 1);
		c->role = role_before(x, s);
		if (x->ind[s] >= 0 && is_word(x, k - 1, "than")) { /* "taller": height, "lighter": weight */
			c->inds[0] = c->c.ind = (gv_ind)x->ind[s];
			c->nind = 1;
		}
		c->c.stated[0] = '\0';
		cp_cat(c->c.stated, sizeof c->c.stated, cmp_prefix(cmp));
		cp_cat(c->c.stated, sizeof c->c.stated, "P50");
		*next = e;
		return GV_OK;
	} else if (is_word(x, k, "median") && k >= 2 && is_word(x, k - 1, "the") &&
		   is_word(x, k - 2, "on|at|around|near|to|along|above|below|under|over|about|exactly|just|tracked|tracking|tracks|"
				     "track|followed|following|follows|follow|hugged|hugging|paralleled|paralleling")) {
		/* "on the median": the 50th percentile */
		claim_cmp cmp;
		size_t s = cmp_back(x, k, &cmp);
		if (!numbers_ok(x, k))
			return GV_OK;
		cp_claim *c = cp_new_claim(x, CLAIM_PERCENTILE, s, k + 1);
		if (!c)
			return GV_ENOMEM;
		c->c.stated_num = 50;
		c->c.cmp = cmp;
		c->c.unit = "percentile";
		c->tol = CLAIMS_TOL_PCT * (cmp == CLAIM_APPROX ? CLAIMS_APPROX_FACTOR : 1);
		c->role = role_before(x, s);
		c->c.stated[0] = '\0';
		cp_cat(c->c.stated, sizeof c->c.stated, cmp_prefix(cmp));
		cp_cat(c->c.stated, sizeof c->c.stated, "P50");
		*next = k + 1;
		return GV_OK;
	} else if (is_word(x, k, "percentile|centile") && !(x->tf[k] & TF_USED)) {
		size_t j = k + 1;
		while (is_word(x, j, "of|is|was|at|around|about") || is_p(x, j, ':') || is_p(x, j, '='))
			j++;
		if (!is_num(x, j) || TOK(x, j)->sign || TOK(x, j)->v <= 0 || TOK(x, j)->v >= 100 || !numbers_ok(x, j))
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
	if (!(v > 0 && v < 100) || !numbers_ok(x, nk))
		return GV_OK;
	/* "crossed 3 centile lines": a count of lines, not a percentile */
	if (!TOK(x, nk)->ord && pform != 1 && is_word(x, e, "line|lines|channel|channels|band|bands|curves|spaces"))
		return GV_OK;
	claim_cmp cmp;
	size_t s = pform == 2 ? k : cmp_back(x, pform ? k : nk, &cmp);
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
	int from = role_before(x, s) == ROLE_FROM;
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
	c->role = role_before(x, s);
	if (cmp == CLAIM_RANGE) {
		stated_num(c, "P", v, c->dec, "-P");
		cp_catnum(c->c.stated, sizeof c->c.stated, hi, hidec);
	} else {
		stated_num(c, cmp_prefix(cmp), v, c->dec, "");
		char tmp[CLAIMS_TEXT] = "";
		cp_cat(tmp, sizeof tmp, cmp_prefix(cmp));
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
	c->role = role_before(x, s);
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
		if (!is_num(x, j) || TOK(x, j)->ord || fabs(TOK(x, j)->v) > 15 || !numbers_ok(x, j))
			return GV_OK;
		if (is_word(x, j + 1, "kg|g|cm|mm|lb|lbs|months|years|percentile|centile|weeks") || cp_pct_word(x, j + 1))
			return GV_OK;
		if (!numbers_ok(x, k))
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
			if (!is_num(x, q) || TOK(x, q)->ord || fabs(TOK(x, q)->v) > 15 || !numbers_ok(x, q) ||
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
	if (!is_num(x, k) || TOK(x, k)->ord || fabs(TOK(x, k)->v) > 15 || !numbers_ok(x, k))
		return GV_OK;
	if ((e = sd_after(x, k + 1)) == 0)
		return GV_OK;
	double v = TOK(x, k)->v;
	claim_cmp cmp;
	size_t s = cmp_back(x, k, &cmp);
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

/* ------------------------------------------------------------------ values and changes */

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
		    ((e = cp_phrase(&x->tk, q, x->tk.n, "of? the? p")) && is_num(x, e) && TOK(x, e)->v == 95 && (e = e + 1)) ||
		    (e = cp_phrase(&x->tk, q, x->tk.n, "p95"))) { /* "122.7% of P95", "(>=120% P95)" */
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

static int change_verb(const cp_tok *t, int *sign)
{
	if (cp_isany(t, "gained|gain|gaining|gains|grew|grown|growing|grow|growth|increase|increased|increasing|"
			"increases|added|adding|put|putting|velocity|rate|up|risen|rose|rise"))
		return *sign = 1, 1;
	if (cp_isany(t, "lost|loss|losing|lose|loses|dropped|decrease|decreased|decreasing|down|fell|fallen|fall|drop|"
			"decline|declined"))
		return *sign = -1, 1;
	return 0;
}

static const char *unit_name(cp_unit u)
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
		if (cp_isany(t, "midparental|parental|target|predicted|adult|parents|genetic|familial"))
			return WHO_TARGET;
		if (TOK(x, q - 1)->clause != TOK(x, s)->clause)
			break;
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

static gv_status try_value(pctx *x, size_t k, size_t *next)
{
	const cp_tok *t = TOK(x, k);
	if (t->kind != TK_NUM || t->ord || !numbers_ok(x, k))
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
	size_t s = cmp_back(x, k, &cmp), vs = s;
	for (size_t q = s; q > 0 && q + 4 > s && same_sent(x, q - 1, s); q--) {
		const cp_tok *b = TOK(x, q - 1);
		if (change_verb(b, &sign) && !(x->tf[q - 1] & TF_USED)) {
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
	    is_word(x, e, "gained|gain|gains|lost|loss|increase|decrease|drop|rise|put") && change_verb(TOK(x, e), &sign)) {
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
	c->role = role_before(x, k < s + 4 ? s : k);
	if (c->role == ROLE_NONE)
		c->role = role_before(x, k);
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
	cp_cat(txt, sizeof txt, change ? (sign < 0 ? "-" : "+") : cmp_prefix(cmp));
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
		cp_cat(txt, sizeof txt, unit_name(u));
		break;
	}
	if (per > 0)
		cp_cat(txt, sizeof txt, per == 1 ? "/day" : per == 7 ? "/week" : per > 300 ? "/year" : "/month");
	memcpy(c->c.stated, txt, sizeof txt);
	if (cmp == CLAIM_APPROX)
		tol *= CLAIMS_APPROX_FACTOR;
	c->tol = tol;
	c->c.stated_num = change ? sign * num : num;
	c->c.unit = u == U_LBOZ ? "lb" : u == U_FTIN ? "in" : unit_name(u);
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
static gv_status try_cell(pctx *x, size_t k, size_t *next)
{
	const cp_cell *f = x->cell ? &x->cell[k] : NULL;
	if (!f || f->col < 0 || f->hdr || !is_num(x, k) || !numbers_ok(x, k))
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
			if (change_verb(TOK(x, q - 1), &sign)) {
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
		c->c.unit = unit_name(u);
		c->inds[0] = c->c.ind = ind;
		c->nind = 1;
		c->c.stated[0] = '\0';
		cp_cat(c->c.stated, sizeof c->c.stated, d < 0 ? "-" : "+");
		cp_catnum(c->c.stated, sizeof c->c.stated, fabs(d), dec);
		cp_cat(c->c.stated, sizeof c->c.stated, " ");
		cp_cat(c->c.stated, sizeof c->c.stated, unit_name(u));
	}
	return GV_OK;
}

/* A percentile said the way families are told it: "heavier than about 12 out of 100 boys" (P12),
 * "shorter than 99 in 100 girls" (P1), "among the lightest 1-2% of boys" (P1-P2), "the tallest
 * 10%" (above P90).  k: the comparative or "among". */
static gv_status try_in100(pctx *x, size_t k, size_t *next)
{
	const cp_tok *t = TOK(x, k);
	if (t->kind != TK_WORD || !numbers_ok(x, k))
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
		cp_cat(c->c.stated, sizeof c->c.stated, cmp_prefix(cmp));
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
			st = try_value(x, k, &next);
		if (st != GV_OK)
			return st;
		if (x->r->n > before && next > k)
			k = next - 1;
	}
	return from_to_changes(x);
}

