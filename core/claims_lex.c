/* claims_lex.c — the claim checker's parser: claims found by their words (category, trend,
 * basis, advice), with negation and hedging, and the mentions that count for omitted flags. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/claims_pint.h"


/* Negators: words before a claim that deny it. */
static int negator(const cp_tok *t)
{
	if (t->kind != TK_WORD)
		return 0;
	if (cp_isany(t, "no|not|without|never|nor|neither|none|non|absence|absent|free|denies|negative|cannot|nothing|"
			"lacks|lacking|rather|instead"))
		return 1;
	/* "isn't", "doesn't", "hasn't" */
	return t->len >= 4 && t->len < CP_WORD && t->w[t->len - 3] == 'n' && t->w[t->len - 2] == '\'' &&
	       t->w[t->len - 1] == 't';
}

static int hedge_word(const cp_tok *t)
{
	return cp_isany(t, "possible|possibly|probable|probably|likely|suspected|suspect|suspicion|may|might|could|"
			   "borderline|early|emerging|developing|approaching|risk|concern|concerning|suggestive|suggests|"
			   "suggest|suggesting|bordering|tendency|towards|toward|verge|edge|potential|potentially|query|"
			   "questionable|queried|incipient|impending|trending|heading");
}

/* A word that ends the reach of a negation or hedge looking back. */
static int scope_stop(const cp_tok *t)
{
	return cp_isany(t, "and|but|which|that|because|so|although|though|while|whereas|however|since|as|with");
}

/* Negation of the claim at tokens [ks, ke): a negator up to 6 words back in its clause, or
 * "ruled out", "absent", "not present", "excluded", "(seems) unlikely" right after it. */
static int negated_at(const pctx *x, size_t ks, size_t ke)
{
	const cp_tok *s = TOK(x, ks);
	for (size_t q = 1; q <= 6 && q <= ks; q++) {
		const cp_tok *t = TOK(x, ks - q);
		if (t->clause != s->clause || scope_stop(t))
			break;
		if (negator(t))
			return 1;
	}
	size_t e;
	if ((e = cp_phrase(&x->tk, ke, x->tk.n, "is|was|are|were|has|been|seems|seem|seemed|appears|appear|appeared|looks|"
						"look|remains? very|highly|most|quite? ruled|excluded|absent|unlikely|improbable")) &&
	    same_sent(x, ke, e - 1))
		return 1;
	if ((e = cp_phrase(&x->tk, ke, x->tk.n, "ruled out")) || (e = cp_phrase(&x->tk, ke, x->tk.n, "is|was|are not present")))
		return 1;
	if (is_p(x, ke, ':') && is_word(x, ke + 1, "no|none|absent|negative"))
		return 1;
	return 0;
}

static int hedged_at(const pctx *x, size_t ks)
{
	const cp_tok *s = TOK(x, ks);
	for (size_t q = 1; q <= 5 && q <= ks; q++) {
		const cp_tok *t = TOK(x, ks - q);
		if (t->clause != s->clause || cp_isany(t, "and|but|which|that|because|so|although|though|while|whereas"))
			break;
		if (hedge_word(t))
			return 1;
	}
	return 0;
}

void cp_mark_targets(pctx *x)
{
	size_t n = x->tk.n;
	cp_index ix;
	memset(&ix, 0, sizeof ix);
	for (size_t i = 0; i < cp_ntargets; i++)
		cp_index_add(&ix, i, cp_targets[i]);
	for (size_t k = 0; k < n; k++) {
		const uint64_t *bits = cp_index_get(&ix, TOK(x, k));
		if (!bits)
			continue;
		for (size_t i = 0; i < cp_ntargets; i++) {
			if (!(bits[0] & ((uint64_t)1 << i)))
				continue;
			size_t e = cp_phrase(&x->tk, k, n, cp_targets[i]);
			if (!e)
				continue;
			/* "meets criteria for obesity" is a claim */
			if (i == 5 && cp_meets_before(x, k))
				break;
			for (size_t q = e; q < n && TOK(x, q)->clause == TOK(x, k)->clause && q < e + 8; q++)
				x->tf[q] |= TF_TARGET;
			break;
		}
	}
}

/* The nearest indicator word before token k in its clause (then sentence when sent). */
static int ind_before(const pctx *x, size_t k, int sent)
{
	const cp_tok *s = TOK(x, k);
	for (size_t q = k; q-- > 0;) {
		const cp_tok *t = TOK(x, q);
		if (t->sent != s->sent || (!sent && t->clause != s->clause))
			break;
		if (x->ind[q] >= 0)
			return x->ind[q];
	}
	return -1;
}

/* An indicator phrase ends right before token k ("head growth normal", "linear growth
 * relatively preserved"). */
static int ind_ends_at(const pctx *x, size_t k)
{
	if (k > 0 && is_word(x, k - 1, "relatively|fairly|largely|broadly|generally|mostly|entirely|completely|well"))
		k--;
	for (size_t q = k; q-- > 0 && q + 5 > k && TOK(x, q)->clause == TOK(x, k)->clause;)
		if (x->ind[q] >= 0 && q + x->indlen[q] == k)
			return 1;
	return 0;
}

/* The nearest indicator word before token k in its sentence, through parentheses, not past a
 * semicolon or a new clause's conjunction ("... while his BMI (64th percentile) is normal"). */
static int ind_back_loose(const pctx *x, size_t k)
{
	for (size_t q = k; q-- > 0 && same_sent(x, q, k);) {
		if (x->ind[q] >= 0)
			return x->ind[q];
		if (is_p(x, q, ';') || is_p(x, q, 'D') || is_word(x, q, "while|whereas|but|so|although|though"))
			break;
	}
	return -1;
}

static int ind_after(const pctx *x, size_t k, size_t lim)
{
	for (size_t q = k; q < x->tk.n && q < k + lim && TOK(x, q)->clause == TOK(x, k)->clause; q++)
		if (x->ind[q] >= 0)
			return x->ind[q];
	return -1;
}

static int scope_of(int ind)
{
	switch (ind) {
	case GV_WFA: case GV_BFA: case GV_WFLH: return 1;
	case GV_LHFA: return 2;
	case GV_HCFA: return 3;
	default: return 0;
	}
}

/* Direction words inside or after a trend or a crossing ("crossed upward 2 lines"), else before
 * it, in the clause. */
static int dir_words(const pctx *x, size_t ks, size_t ke)
{
	uint32_t cl = TOK(x, ks)->clause;
	for (size_t q = ks + 1; q < x->tk.n && q < ke + 8 && TOK(x, q)->clause == cl; q++) {
		if (is_word(x, q, "down|downward|downwards|below|lower|falling|fell|dropping|dropped|declining|decline"))
			return -1;
		if (is_word(x, q, "up|upward|upwards|above|higher|rising|rose|climbing"))
			return 1;
	}
	for (size_t q = ks; q-- > 0 && q + 8 > ks && TOK(x, q)->clause == cl;) {
		if (is_word(x, q, "falling|fell|dropping|dropped|declining|decline|declined|downward|down"))
			return -1;
		if (is_word(x, q, "rising|rose|climbing|climbed|upward|up"))
			return 1;
	}
	return 0;
}

/* "crossed two major percentile lines": the count and the end of the phrase, 0 when it is not
 * about lines. */
static size_t lines_phrase(const pctx *x, size_t k, int *lines)
{
	size_t j = k + 1, lim = k + 8;
	double v = 0;
	*lines = 0;
	while (j < x->tk.n && j < lim && TOK(x, j)->clause == TOK(x, k)->clause) {
		const cp_tok *t = TOK(x, j);
		if (t->kind == TK_NUM && !t->ord && t->dec == 0 && t->v >= 1 && t->v <= 6) {
			v = t->v;
		} else if (cp_isany(t, "one|a|an|single")) {
			v = 1;
		} else if (cp_isany(t, "two")) {
			v = 2;
		} else if (cp_isany(t, "three")) {
			v = 3;
		} else if (cp_isany(t, "four")) {
			v = 4;
		} else if (cp_isany(t, "several|multiple|many")) {
			v = 2;
		} else if (cp_isany(t, "lines|line|channels|channel|bands|band|curves|curve") ||
			   (v > 0 && cp_isany(t, "centiles|percentiles"))) {
			/* "crossed percentile lines" without a number: at least two */
			*lines = v > 0 ? (int)v : t->w[t->len - 1] == 's' ? 2 : 1;
			return j + 1;
		} else if (!cp_isany(t, "major|main|percentile|centile|growth|of|the|more|or|than|at|least|over|down|up|downward|"
					"upward|her|his|weight|height|length|bmi|head")) {
			break;
		}
		j++;
	}
	return 0;
}

static cp_claim *lex_claim(pctx *x, const lexent *le, size_t k, size_t e)
{
	claim_type type = le->kind == LX_TREND || le->kind == LX_LINES ? CLAIM_TREND
			  : le->kind == LX_BASIS			  ? CLAIM_BASIS
			  : le->kind == LX_ADVICE			  ? CLAIM_ADVICE
									  : CLAIM_CATEGORY;
	cp_claim *c = cp_new_claim(x, type, k, e);
	if (!c)
		return NULL;
	if (le->ind >= 0) {
		c->inds[0] = (gv_ind)le->ind;
		c->nind = 1;
		c->c.ind = (gv_ind)le->ind;
	}
	return c;
}

static void set_stated(cp_claim *c, const char *prefix, const char *s)
{
	c->c.stated[0] = '\0';
	cp_cat(c->c.stated, sizeof c->c.stated, prefix);
	cp_cat(c->c.stated, sizeof c->c.stated, s);
}

static const char *trend_word(claim_trend t)
{
	static const char *const w[] = {"", "steady", "rising", "falling", "plateau", "change"};
	return (unsigned)t < CLAIM_NTRENDS ? w[t] : "";
}

/* "(has) resolved", "is now resolved", "has recovered", "no longer present" after a category at
 * [k, e) in its clause: the finding was there and is over.  Returns 1 when said. */
static int resolved_after(const pctx *x, size_t e)
{
	size_t q = e;
	while (q < x->tk.n && q < e + 4 && same_sent(x, q, e) &&
	       is_word(x, q, "has|had|have|is|was|were|now|since|fully|completely|largely|then|quickly|by|been"))
		q++;
	return is_word(x, q, "resolved|resolving|recovered|corrected|disappeared|gone|reversed|settled") ||
	       cp_phrase(&x->tk, q, x->tk.n, "no longer present|there|seen") != 0;
}

/* A judgement word ("normal", "healthy") at k where it says something of the child: after an
 * indicator ("head growth normal") or a velocity ("height velocity normal") or a verb of being ("is normal", "are both normal"), after "but"
 * or "and" in a sentence with one ("she is slim but healthy"), before the child ("a healthy
 * 18-month-old"), or after a measurement of the sentence ("Length 75.2 cm (P67), normal"). */
static int after_be(const pctx *x, size_t k)
{
	static const char *const be = "is|are|was|were|remains|remain|remained|appears|appear|looks|look|seems|seem|all|both|"
				      "been|be|stays|stayed";
	/* "is probably just familial": up to two adverbs between */
	static const char *const adv = "probably|likely|possibly|just|simply|only|most|almost|certainly|definitely|clearly|"
				       "entirely|completely|quite|very|also|still|perfectly|exactly|right|all|both";
	if (k > 2 && is_word(x, k - 1, adv) && is_word(x, k - 2, adv) && is_word(x, k - 3, be))
		return 1;
	if (ind_ends_at(x, k) || (k > 0 && is_word(x, k - 1, be)) ||
	    (k > 0 && is_word(x, k - 1, "velocity|velocities|increment|increments")) || /* "Height velocity normal" */
	    (k > 1 && is_word(x, k - 2, be) && is_word(x, k - 1, "all|both|entirely|completely|quite|very|also|still|perfectly|exactly|just|right")))
		return 1;
	if (k > 0 && is_word(x, k - 1, "but|yet") && is_word(x, k, "healthy|well|normal|fine|thriving"))
		return 1; /* "slim but healthy" */
	if (k > 0 && is_word(x, k - 1, "but|and|yet|otherwise|perfectly|very|overall"))
		for (size_t q = k - 1; q-- > 0 && q + 7 > k && same_sent(x, q, k);)
			if (is_word(x, q, be))
				return 1;
	if (k > 0 && is_word(x, k - 1, "a|an") &&
	    (is_word(x, k + 1, "boy|girl|child|baby|infant|toddler|newborn|son|daughter|kid|teenager|adolescent") ||
	     (k + 1 < x->tk.n && (x->tf[k + 1] & TF_TIME))))
		return 1;
	/* "75.2 cm (P67), normal" */
	if (k > 0 && (is_p(x, k - 1, ',') || is_p(x, k - 1, ':') || is_p(x, k - 1, '-') || is_p(x, k - 1, ';')))
		for (size_t i = x->r->n; i-- > 0;) {
			const cp_claim *o = &x->r->v[i];
			if (!same_sent(x, o->ks, k))
				continue;
			if ((o->c.type == CLAIM_VALUE || o->c.type == CLAIM_PERCENTILE || o->c.type == CLAIM_Z) && o->ke <= k &&
			    o->ke + 4 >= k)
				return 1;
		}
	return 0;
}

/* A category, normal or "no flags" claim at [k, e). */
static gv_status cat_claim(pctx *x, const lexent *le, size_t k, size_t e)
{
	if (x->tf[k] & (TF_TARGET | TF_DEFALL | TF_COND))
		return GV_OK;
	/* the name of a service: "referred to the Healthy Weight clinic", "the Faltering Growth team" */
	if (is_word(x, e, "clinic|clinics|service|services|programme|program|programs|programmes|team|centre|center|"
			  "unit|class|classes|group|pathway|initiative|scheme|project"))
		return GV_OK;
	/* "routine follow-up is appropriate", "this plan is reasonable": a judgement of the care, not
	 * of the child's growth */
	if (le->kind == LX_NORMAL)
		for (size_t q = k; q-- > 0 && TOK(x, q)->clause == TOK(x, k)->clause;)
			if (is_word(x, q, "follow|followup|review|plan|referral|monitoring|management|surveillance|approach|"
					  "treatment|care|recheck|reassessment|discharge|development|developmental|milestones"))
				return GV_OK;
	/* "roughly 5 cm a year, which is reassuring": a judgement of the velocity just stated, which
	 * is its claim (a change), not of growth as a whole */
	if (le->kind == LX_NORMAL && k >= 3 && is_word(x, k - 1, "is|was|seems|looks") && is_word(x, k - 2, "which|that") &&
	    is_p(x, k - 3, ','))
		for (size_t i = 0; i < x->r->n; i++) {
			const cp_claim *o = &x->r->v[i];
			if (o->ke <= k - 3 && o->ke + 1 >= k - 3 && o->c.type == CLAIM_TREND && o->c.trend == CLAIM_T_CHANGE &&
			    o->per_days > 0)
				return GV_OK;
		}
	/* "an ideal weight for her height would be 16 kg": hypothetical */
	if (le->kind == LX_NORMAL)
		for (size_t q = e; q < x->tk.n && q < e + 6 && TOK(x, q)->clause == TOK(x, k)->clause; q++)
			if (is_word(x, q, "would|should|could|might"))
				return GV_OK;
	cp_claim *c = lex_claim(x, le, k, e);
	if (!c)
		return GV_ENOMEM;
	if (!(le->fl & LF_SELFNEG) && negated_at(x, k, e))
		c->c.attr |= CLAIM_A_NEGATED;
	if (le->fl & LF_DENY) /* "not familial" says the gap is there */
		c->c.attr ^= CLAIM_A_NEGATED;
	if (hedged_at(x, k))
		c->c.attr |= CLAIM_A_HEDGED;
	c->resolved = le->kind == LX_CAT && !(c->c.attr & CLAIM_A_NEGATED) && resolved_after(x, e);
	const char *pre = c->c.attr & CLAIM_A_NEGATED ? "no " : c->resolved ? "resolved " : c->c.attr & CLAIM_A_HEDGED ? "possible " : "";
	if (le->kind == LX_CAT) {
		c->c.category = le->a;
		c->sev = le->b;
		set_stated(c, pre, flags_cat_name((gv_flag_cat)le->a));
		if (le->b == 9 && le->a != GV_CAT_SEVERE_OBESITY) {
			char tmp[CLAIMS_TEXT];
			memcpy(tmp, c->c.stated, sizeof tmp);
			set_stated(c, "severe ", tmp);
		}
		/* "class 2 (severe) obesity"; "severe (class 2) obesity" */
		size_t b = k;
		if (b > 2 && is_p(x, b - 1, ')') && is_word(x, b - 2, "severe|morbid") && is_p(x, b - 3, '('))
			b -= 3;
		if (le->a == GV_CAT_OBESITY && b > 4 && is_p(x, b - 1, ')') && is_p(x, b - 4, '(') && is_word(x, b - 3, "class|grade") &&
		    ((is_num(x, b - 2) && TOK(x, b - 2)->v >= 1 && TOK(x, b - 2)->v <= 3) || is_word(x, b - 2, "i|ii|iii"))) {
			int cls = is_num(x, b - 2) ? (int)TOK(x, b - 2)->v : (int)TOK(x, b - 2)->len;
			size_t st = b - 4;
			if (st > 0 && is_word(x, st - 1, "severe|morbid"))
				st--;
			c->sev = cls;
			c->c.category = cls >= 2 ? GV_CAT_SEVERE_OBESITY : GV_CAT_OBESITY;
			c->ks = st;
			c->c.start = TOK(x, st)->start;
			for (size_t u = st; u < k; u++)
				x->tf[u] |= TF_USED;
			set_stated(c, pre, flags_cat_name((gv_flag_cat)c->c.category));
		}
		if (le->a == GV_CAT_OBESITY && b > 1 && is_word(x, b - 2, "class|grade") &&
		    ((is_num(x, b - 1) && TOK(x, b - 1)->v >= 1 && TOK(x, b - 1)->v <= 3) || is_word(x, b - 1, "i|ii|iii"))) {
			int cls = is_num(x, b - 1) ? (int)TOK(x, b - 1)->v : (int)TOK(x, b - 1)->len;
			c->sev = cls;
			c->c.category = cls >= 2 ? GV_CAT_SEVERE_OBESITY : GV_CAT_OBESITY;
			c->ks = b - 2;
			c->c.start = TOK(x, b - 2)->start;
			set_stated(c, pre, flags_cat_name((gv_flag_cat)c->c.category));
		}
		size_t q = e;
		if (is_p(x, q, '(') || is_p(x, q, ','))
			q++;
		if (le->a == GV_CAT_OBESITY && is_word(x, q, "class|grade") && (is_num(x, q + 1) || is_word(x, q + 1, "i|ii|iii"))) {
			/* a number is a class only from 1 to 3; tested as a double before the conversion (a
			 * number of 17 digits does not fit an int) */
			double v = TOK(x, q + 1)->v;
			int cls = is_num(x, q + 1) ? (v >= 1 && v <= 3 ? (int)v : 0) : (int)TOK(x, q + 1)->len;
			if (cls >= 1 && cls <= 3) {
				c->sev = cls;
				c->c.category = cls >= 2 ? GV_CAT_SEVERE_OBESITY : GV_CAT_OBESITY;
				c->ke = q + 2 + (is_p(x, q + 2, ')') ? 1 : 0);
				c->c.end = TOK(x, c->ke - 1)->end;
				set_stated(c, pre, flags_cat_name((gv_flag_cat)c->c.category));
				for (size_t u = e; u < c->ke; u++)
					x->tf[u] |= TF_USED;
			}
		}
		if (c->sev >= 1 && c->sev <= 3) {
			char cls[3] = {' ', (char)('0' + c->sev), 0};
			cp_cat(c->c.stated, sizeof c->c.stated, cls);
		}
	} else if (le->kind == LX_NOFLAGS) {
		c->c.category = CLAIM_CAT_NO_FLAGS;
		set_stated(c, "", "no flags");
	} else {
		c->c.category = CLAIM_CAT_NORMAL;
		int scope = le->b;
		if (scope < 0) {
			int ind = ind_back_loose(x, k);
			if (ind < 0)
				ind = ind_after(x, e, 4);
			scope = scope_of(ind);
		}
		if (scope == 0) {
			int ind = ind_before(x, k, 0);
			if (ind < 0 && is_word(x, e, "for|in|of"))
				ind = ind_after(x, e, 3);
			if (ind >= 0 && le->b != 0)
				scope = scope_of(ind);
		}
		c->scope = scope;
		/* "height velocity is within normal limits", "weight gain has been normal": a velocity,
		 * judged as a steady trend (no major line crossed), not a category */
		int velocity = 0;
		for (size_t q = k; q-- > 0 && q + 8 > k && same_sent(x, q, k) && !is_p(x, q, ';');)
			velocity |= is_word(x, q, "velocity|velocities|rate|rates|gain|gains|increments|increment");
		if (velocity && !(c->c.attr & CLAIM_A_NEGATED)) {
			static const gv_ind vi[] = {GV_NIND, GV_WFA, GV_LHFA, GV_HCFA};
			c->c.type = CLAIM_TREND;
			c->c.category = -1;
			c->c.trend = CLAIM_T_STEADY;
			c->zsense = 1;
			c->nind = scope ? 1 : 0;
			c->inds[0] = c->c.ind = vi[scope];
			set_stated(c, "", "normal velocity");
			return GV_OK;
		}
		static const char *const sw[] = {"normal growth", "healthy weight", "normal height", "normal head size"};
		set_stated(c, c->c.attr & CLAIM_A_NEGATED ? "not " : "", sw[scope]);
		c->c.attr |= scope == 0 ? CLAIM_A_GENERIC : 0;
		static const gv_ind si[] = {GV_NIND, GV_WFA, GV_LHFA, GV_HCFA};
		c->inds[0] = c->c.ind = si[scope];
		c->nind = scope ? 1 : 0;
	}
	return GV_OK;
}

/* A trend word that is not about growth: "I have followed that convention", "she is followed
 * closely in clinic", "we are tracking her progress" -- the writer's own doing (I, we) with no
 * measurement named in the clause, or a follow-verb whose object is a rule or the care; nor a
 * steady one: "length has followed more slowly", "followed suit" (the way of another measure). */
static int not_growth(const pctx *x, size_t k, size_t e)
{
	uint32_t cl = TOK(x, k)->clause;
	if (is_word(x, k, "followed|following|follows|follow|tracked|tracking|tracks|track|kept|keeps|maintained|maintains|"
			  "maintaining"))
		for (size_t q = e; q < x->tk.n && q < e + 3 && TOK(x, q)->clause == cl; q++)
			if (is_word(x, q, "closely|up|regularly|carefully|by|convention|conventions|guidance|guideline|guidelines|"
					  "advice|plan|protocol|policy|rule|rules|approach|practice|recommendation|"
					  "recommendations|instructions|format|progress|appointments|visits|diet|routine"))
				return 1;
	/* "Length has followed more slowly", "height followed suit": it went the way of the measurement
	 * before it, not along a curve */
	if (is_word(x, k, "followed|following|follows|follow") && e == k + 1 &&
	    is_word(x, e, "more|less|suit|slowly|behind|later|afterwards|similarly|too|also"))
		return 1;
	int writer = 0, ind = 0;
	for (size_t q = k; q-- > 0 && TOK(x, q)->clause == cl;)
		writer |= is_word(x, q, "i|we|i've|we've|i'm|we're|i'd|we'd");
	for (size_t q = k; q > 0 && TOK(x, q - 1)->clause == cl; q--)
		ind |= x->ind[q - 1] >= 0 || is_word(x, q - 1, "growth|she|he|her|his|percentile|centile|curve|it");
	for (size_t q = e; q < x->tk.n && TOK(x, q)->clause == cl; q++)
		ind |= x->ind[q] >= 0 || TOK(x, q)->kind == TK_NUM || cp_pct_word(x, q);
	return writer && !ind;
}

/* "dropped by almost two standard deviations", "a fall of nearly 2 SD", "has fallen by more than 1
 * SD": the size of the change in z after the trend word at [.., e) (c->sd_by, sd_cmp, sd_dec; the
 * quote then takes it in). */
static void sd_by(pctx *x, cp_claim *c, size_t e)
{
	size_t q = e;
	if (!is_word(x, q, "by|of"))
		return;
	q++;
	claim_cmp cmp = CLAIM_EQ;
	if (is_word(x, q, "almost|nearly|about|around|roughly|approximately|approx|some|close")) {
		cmp = CLAIM_APPROX;
		q += is_word(x, q, "close") && is_word(x, q + 1, "to") ? 2 : 1;
	} else if (cp_phrase(&x->tk, q, x->tk.n, "more|greater than")) {
		cmp = CLAIM_GT;
		q += 2;
	} else if (is_word(x, q, "over|above")) {
		cmp = CLAIM_GT;
		q++;
	} else if (cp_phrase(&x->tk, q, x->tk.n, "less|fewer than")) {
		cmp = CLAIM_LT;
		q += 2;
	} else if (is_word(x, q, "under|below")) {
		cmp = CLAIM_LT;
		q++;
	}
	double v = NAN;
	int dec = 0;
	if (is_num(x, q) && !TOK(x, q)->sign && !TOK(x, q)->ord) {
		v = TOK(x, q)->v;
		dec = TOK(x, q)->dec;
	} else if (is_word(x, q, "one|two|three|four")) {
		static const char *const w[] = {"one", "two", "three", "four"};
		for (int i = 0; i < 4; i++)
			if (cp_is(TOK(x, q), w[i]))
				v = i + 1;
	} else if (is_word(x, q, "half")) {
		v = 0.5;
		dec = 1;
	}
	if (isnan(v) || v <= 0 || v > 6)
		return;
	size_t u = q + 1, ue;
	if (is_word(x, u, "a|an")) /* "half a standard deviation" */
		u++;
	if (!(ue = cp_phrase(&x->tk, u, x->tk.n, "standard deviation|deviations")) &&
	    !(ue = cp_phrase(&x->tk, u, x->tk.n, "sd|sds|z|zscore|zscores|z-score|z-scores|sdss units?")) &&
	    !(ue = cp_phrase(&x->tk, u, x->tk.n, "z score|scores units?")))
		return;
	c->sd_by = v;
	c->sd_cmp = cmp;
	c->sd_dec = dec;
	c->zsense = 1;
	c->ke = ue;
	c->c.end = TOK(x, ue - 1)->end;
	for (size_t j = e; j < ue; j++)
		x->tf[j] |= TF_USED;
}

static gv_status trend_claim(pctx *x, const lexent *le, size_t k, size_t e)
{
	if (x->tf[k] & (TF_TARGET | TF_DEFALL | TF_COND))
		return GV_OK;
	if (not_growth(x, k, e))
		return GV_OK;
	int lines = 0;
	size_t end = e;
	if (le->kind == LX_LINES) {
		size_t le2 = lines_phrase(x, k, &lines);
		if (!le2) {
			/* "crossed the 50th percentile", "crossing from the 75th to the 25th" */
			size_t q = k + 1;
			while (q < x->tk.n && q < k + 4 && is_word(x, q, "the|from|below|above|over|under|down|up|downward|upward"))
				q++;
			if (!(is_num(x, q) && (TOK(x, q)->ord || is_word(x, q + 1, "percentile|centile"))) && !is_word(x, q, "p"))
				return GV_OK;
			lines = 1;
		} else {
			end = le2;
		}
	}
	cp_claim *c = lex_claim(x, le, k, end);
	if (!c)
		return GV_ENOMEM;
	int neg = !(le->fl & LF_SELFNEG) && negated_at(x, k, end);
	c->lines = lines;
	if (le->kind == LX_LINES) {
		int d = dir_words(x, k, end);
		if (neg) {
			c->c.trend = CLAIM_T_STEADY;
			c->lines = 0;
			neg = 0;
		} else {
			c->c.trend = d < 0 ? CLAIM_T_FALLING : d > 0 ? CLAIM_T_RISING : CLAIM_T_NONE;
		}
		c->c.trend_dir = d;
		c->zsense = 1;
	} else if (le->b == 9) {
		/* "regained BW by day 10", "back to her birth weight by 2 weeks" */
		c->c.trend = CLAIM_T_RISING;
		c->c.trend_dir = 1;
		c->regain = 1;
		x->r->mentions |= CP_M_BIRTHWEIGHT;
	} else {
		c->c.trend = (claim_trend)le->a;
		c->c.trend_dir = le->b;
		/* "fell across two percentile lines", "rising through a centile band" (not past a
		 * punctuation or a negation: "stable, no crossing of lines") */
		for (size_t q = e; q < x->tk.n && q < e + 4 && same_sent(x, q, k) && c->c.trend != CLAIM_T_STEADY; q++) {
			int n2;
			size_t le2;
			if (TOK(x, q)->kind == TK_PUNCT || negator(TOK(x, q)))
				break;
			if (is_word(x, q, "across|crossing|crossed|through|by|over") && (le2 = lines_phrase(x, q, &n2))) {
				c->lines = lines = n2;
				c->zsense = 1;
				c->ke = le2;
				c->c.end = TOK(x, le2 - 1)->end;
				for (size_t u = e; u < le2; u++)
					x->tf[u] |= TF_USED;
				break;
			}
		}
		if (cp_isany(TOK(x, k), "catch|catchup|caught"))
			c->zsense = 1;
		if (c->c.trend == CLAIM_T_FALLING || c->c.trend == CLAIM_T_RISING)
			sd_by(x, c, e);
	}
	if (neg)
		c->c.attr |= CLAIM_A_NEGATED;
	if (c->c.trend == CLAIM_T_NONE) {
		c->c.stated[0] = '\0';
		cp_cat(c->c.stated, sizeof c->c.stated, "crossed ");
		cp_catnum(c->c.stated, sizeof c->c.stated, lines, 0);
		cp_cat(c->c.stated, sizeof c->c.stated, lines == 1 ? " line" : " lines");
	} else if (c->lines) {
		c->c.stated[0] = '\0';
		cp_cat(c->c.stated, sizeof c->c.stated, "crossed ");
		cp_catnum(c->c.stated, sizeof c->c.stated, lines, 0);
		cp_cat(c->c.stated, sizeof c->c.stated, c->c.trend == CLAIM_T_FALLING ? " lines down" : " lines up");
	} else if (c->regain) {
		set_stated(c, neg ? "not " : "", "birth weight regained");
	} else {
		set_stated(c, neg ? "not " : "", trend_word(c->c.trend));
		if (c->sd_by > 0) { /* "falling by ~2 SD" */
			cp_cat(c->c.stated, sizeof c->c.stated, c->sd_cmp == CLAIM_GT ? " by >" : c->sd_cmp == CLAIM_LT ? " by <"
								 : c->sd_cmp == CLAIM_APPROX ? " by ~" : " by ");
			cp_catnum(c->c.stated, sizeof c->c.stated, c->sd_by, c->sd_dec);
			cp_cat(c->c.stated, sizeof c->c.stated, " SD");
		}
	}
	return GV_OK;
}

static gv_status basis_claim(pctx *x, const lexent *le, size_t k, size_t e)
{
	if (x->tf[k] & (TF_TARGET | TF_COND))
		return GV_OK;
	/* "overweight (WHO), high weight-for-length (CDC)", "stunting (WHO)": the rule set whose word
	 * the category before it is, not the chart of a visit */
	if (le->a == BASIS_CHART && k > 0 && is_p(x, k - 1, '(') && is_p(x, e, ')'))
		for (size_t r = x->r->n; r-- > 0;)
			if (x->r->v[r].c.type == CLAIM_CATEGORY && x->r->v[r].ke + 1 == k)
				return GV_OK;
	cp_claim *c = lex_claim(x, le, k, e);
	if (!c)
		return GV_ENOMEM;
	c->basis = le->a;
	if (le->a == BASIS_CHART) {
		int bits = le->b;
		for (size_t q = k; q < e; q++) {
			if (is_num(x, q) && TOK(x, q)->v == 2006)
				bits = 1 << GV_WHO2006;
			if (is_num(x, q) && TOK(x, q)->v == 2007)
				bits = 1 << GV_WHO2007;
		}
		c->chart = bits;
		set_stated(c, "", bits & CHC ? "cdc2000" : bits == 1 << GV_WHO2006 ? "who2006"
							 : bits == 1 << GV_WHO2007 ? "who2007"
							 : bits == CHN		   ? "ig21_nbs"
							 : bits == CHP		   ? "ig21_png"
							 : bits == (CHN | CHP)	   ? "ig21"
										   : "who");
	} else {
		set_stated(c, "", le->a == BASIS_CORRECTED ? "corrected age" : "chronological age");
	}
	if (!(le->fl & LF_SELFNEG) && negated_at(x, k, e)) {
		char tmp[CLAIMS_TEXT];
		memcpy(tmp, c->c.stated, sizeof tmp);
		c->c.attr |= CLAIM_A_NEGATED;
		set_stated(c, "not ", tmp);
	}
	return GV_OK;
}

/* An advice word at [k, e) that its clause denies: a negator up to six words before it ("we don't
 * think any follow-up", "no special follow-up", "nothing we need to follow up"), or "is not needed",
 * "unnecessary" after it. */
static int advice_negated(const pctx *x, size_t k, size_t e)
{
	uint32_t cl = TOK(x, k)->clause;
	for (size_t q = k; q-- > 0 && q + 7 > k && TOK(x, q)->clause == cl;) {
		if (is_word(x, q, "if|unless|until|whether|because|but") || is_word(x, q, "hesitate"))
			break;
		if (negator(TOK(x, q)) && !is_word(x, q, "rather|instead|free|absent|absence|negative"))
			return 1;
	}
	size_t q = e;
	while (q < x->tk.n && TOK(x, q)->clause == cl && q < e + 5 &&
	       is_word(x, q, "up|is|are|was|will|be|currently|at|this|time|stage|point|now|appointment|visit|visits"))
		q++;
	if (is_word(x, q, "not|unnecessary|unneeded|unwarranted") || (is_word(x, q, "isn't|aren't|won't")))
		return 1;
	return 0;
}

/* Advice: one claim per clause, from the first advice word to the last. */
static gv_status advice_claim(pctx *x, const lexent *le, size_t k, size_t e)
{
	uint32_t cl = TOK(x, k)->clause;
	cp_result *r = x->r;
	cp_claim *c = NULL;
	if (r->n && r->v[r->n - 1].c.type == CLAIM_ADVICE && TOK(x, r->v[r->n - 1].ks)->clause == cl)
		c = &r->v[r->n - 1];
	/* food restriction is judged on its own: not merged with a review in the same clause (a diet,
	 * feeding advice: the same advice) */
	if (c && (c->advice == ADV_RESTRICT) != (le->a == ADV_RESTRICT) && c->advice != ADV_OTHER && le->a != ADV_OTHER)
		c = NULL;
	if (le->b == 1) {
		/* weak words ("check", "see") are advice only with a time ahead in the clause */
		int ahead = 0;
		for (size_t i = 0; i < x->ntm; i++)
			if ((x->tm[i].t.kind == TM_OTHER || x->tm[i].t.ahead) && TOK(x, x->tm[i].ts)->clause == cl && x->tm[i].ts >= e)
				ahead = 1;
		for (size_t q = e; q < x->tk.n && q < e + 4 && TOK(x, q)->clause == cl; q++)
			ahead |= is_word(x, q, "again|back");
		if (!ahead && !c)
			return GV_OK;
	}
	if (le->a == ADV_NONE_NEEDED) /* "nothing needs follow-up": the object is not advice of its own */
		while (e < x->tk.n && TOK(x, e)->clause == cl &&
		       (is_word(x, e, "follow|up|followup|action|referral|review|tests|testing|monitoring|any|further|to|be|"
				      "seen|done|treatment|intervention|investigation|investigations|changes|specific|special|"
				      "needed|required|necessary|at|this|time|stage|point|now") ||
			(is_p(x, e, '-') && !(TOK(x, e)->sp & SP_SPACE))))
			e++;
	if (!c) {
		c = lex_claim(x, le, k, e);
		if (!c)
			return GV_ENOMEM;
		c->advice = le->a;
		/* "we don't think any follow-up is needed", "no special follow-up", "there is nothing we
		 * need to follow up", "a referral is not necessary": nothing is needed */
		if (le->a != ADV_NONE_NEEDED && le->a != ADV_OTHER && advice_negated(x, k, e))
			c->advice = ADV_NONE_NEEDED;
	} else {
		c->c.end = TOK(x, e - 1)->end;
		c->ke = e;
		/* the most cautious kind stands for the clause */
		static const int rank[] = {[ADV_OTHER] = 0, [ADV_REFER] = 6, [ADV_RECHECK] = 4, [ADV_TESTS] = 5,
					   [ADV_MONITOR] = 3, [ADV_ROUTINE] = 2, [ADV_NONE_NEEDED] = 1,
					   [ADV_RESTRICT] = 7};
		/* "no need to see a doctor": what is not needed is no advice of its own */
		if (rank[le->a] > rank[c->advice] && c->advice != ADV_NONE_NEEDED && c->advice != ADV_RESTRICT)
			c->advice = le->a;
	}
	for (size_t q = k; q < e; q++)
		x->tf[q] |= TF_USED;
	return GV_OK;
}

gv_status cp_find_lexical(pctx *x)
{
	size_t n = x->tk.n;
	cp_index *ix = calloc(1, sizeof *ix);
	if (!ix)
		return GV_ENOMEM;
	for (size_t i = 0; i < cp_nlex; i++)
		cp_index_add(ix, i, cp_lex[i].pat);
	for (size_t k = 0; k < n; k++) {
		const cp_tok *t = TOK(x, k);
		if (t->kind != TK_WORD || (x->tf[k] & TF_USED))
			continue;
		const uint64_t *bits = cp_index_get(ix, t);
		for (size_t i = 0; bits && i < cp_nlex; i++) {
			const lexent *le = &cp_lex[i];
			if (!(bits[i / 64] & ((uint64_t)1 << (i % 64))))
				continue;
			size_t e = cp_phrase(&x->tk, k, n, le->pat);
			if (!e || !same_sent(x, k, e - 1))
				continue;
			if ((le->fl & LF_CAPS) && t->cap != 2)
				continue;
			if ((le->fl & LF_RESOLVED) && !resolved_after(x, e))
				continue;
			if ((le->fl & LF_AFTERBE) && !after_be(x, k))
				continue;
			/* "remains below where it started": a comparison, not a level held */
			if ((le->fl & LF_HEAD) && le->kind == LX_TREND && is_word(x, e - 1, "below|above|under|over|between|at|in|on|near|around|close")) {
				int level = 0;
				for (size_t q = e; q < x->tk.n && q < e + 5 && same_sent(x, q, k) && !level &&
						   !is_word(x, q, "where|what|when|how|before|previously|originally|initially"); q++)
					level = TOK(x, q)->kind == TK_NUM || cp_pct_word(x, q) ||
						is_word(x, q, "median|average|line|lines|curve|curves|centile|centiles|percentile|"
							      "percentiles|channel|band|middle|p|it|them|this|that|same|chart|range|mean|sd|z");
				if (!level)
					continue;
			}
			int used = 0;
			if (le->fl & LF_HEAD)
				e = k + 1;
			/* words a time expression took ("no current flags") may be part of a phrase */
			for (size_t q = k; q < (le->kind == LX_SKIP ? k + 1 : e); q++)
				used |= (x->tf[q] & TF_USED) && (q == k || !(x->tf[q] & TF_TIME));
			if (used)
				continue;
			gv_status st = GV_OK;
			switch (le->kind) {
			case LX_SKIP:
				e = k + 1;
				break;
			case LX_MENTION:
				x->r->mentions |= (unsigned)le->a;
				e = k + 1; /* a mention does not hide the words after it */
				break;
			case LX_CAT: case LX_NORMAL: case LX_NOFLAGS:
				st = cat_claim(x, le, k, e);
				break;
			case LX_TREND: case LX_LINES:
				st = trend_claim(x, le, k, e);
				break;
			case LX_BASIS:
				st = basis_claim(x, le, k, e);
				break;
			case LX_ADVICE: {
				size_t before = x->r->n;
				st = advice_claim(x, le, k, e);
				/* "come" with no visit ahead is no advice: the words may say something else
				 * ("her weight has come down") */
				if (st == GV_OK && x->r->n == before && le->b == 1)
					continue;
				break;
			}
			}
			if (st != GV_OK) {
				free(ix);
				return st;
			}
			if (le->kind != LX_MENTION)
				for (size_t q = k; q < e; q++)
					x->tf[q] |= TF_USED;
			k = e - 1;
			break;
		}
	}
	free(ix);
	/* "weight-for-length is low", "her head is small", "BMI is high": the category of that side of
	 * the indicator, hedged (a plain adjective says less than the category's name: contradicted
	 * only when the z is within 1 SD of the median or on the other side) */
	for (size_t k = 1; k < n; k++) {
		if (x->tf[k] & TF_USED || !is_word(x, k, "low|high|small|large|big|short|tall|lowish|reduced|increased"))
			continue;
		size_t q = k;
		int neg = 0;
		while (q > 0 && is_word(x, q - 1, "very|quite|rather|too|slightly|relatively|fairly|somewhat|bit|a|little|still|now|not"))
			neg |= is_word(x, --q, "not");
		if (q == 0 || !is_word(x, q - 1, "is|are|was|were|remains|remained|looks|seems|appears|been|isn't|wasn't"))
			continue;
		q--;
		neg |= is_word(x, q, "isn't|wasn't");
		int ind = -1;
		for (size_t b = q; b-- > 0 && b + 6 > q && same_sent(x, b, k);)
			if (x->ind[b] >= 0 && b + x->indlen[b] == q) {
				ind = x->ind[b];
				break;
			}
		/* "her weight was low for her length or height": weight-for-length */
		if (ind == GV_WFA && cp_phrase(&x->tk, k + 1, n, "for his|her|their|its|the? length|height"))
			ind = GV_WFLH;
		int low = is_word(x, k, "low|small|short|lowish|reduced"), cat = -1;
		switch (ind) {
		case GV_WFLH: cat = low ? GV_CAT_WASTING : GV_CAT_OVERWEIGHT; break;
		case GV_WFA: cat = low ? GV_CAT_UNDERWEIGHT : -1; break;
		case GV_LHFA: cat = low ? GV_CAT_SHORT_STATURE : -1; break;
		case GV_BFA: cat = low ? GV_CAT_THINNESS : GV_CAT_OVERWEIGHT; break;
		case GV_HCFA: cat = low ? GV_CAT_MICROCEPHALY : GV_CAT_MACROCEPHALY; break;
		default: break;
		}
		if (cat < 0 || (x->tf[k] & (TF_TARGET | TF_DEFALL | TF_COND)))
			continue;
		cp_claim *c = cp_new_claim(x, CLAIM_CATEGORY, k, k + 1);
		if (!c)
			return GV_ENOMEM;
		c->c.category = cat;
		c->inds[0] = c->c.ind = (gv_ind)ind;
		c->nind = 1;
		c->c.attr |= neg || negated_at(x, q, k + 1) ? CLAIM_A_NEGATED : CLAIM_A_HEDGED;
		set_stated(c, c->c.attr & CLAIM_A_NEGATED ? "no " : "possible ", flags_cat_name((gv_flag_cat)cat));
	}
	/* A negation carries over a list: "no obesity, stunting or wasting". */
	cp_result *r = x->r;
	for (size_t i = 0; i + 1 < r->n; i++) {
		cp_claim *a = &r->v[i], *b = &r->v[i + 1];
		if (a->c.type != CLAIM_CATEGORY || b->c.type != CLAIM_CATEGORY || !(a->c.attr & CLAIM_A_NEGATED) ||
		    (b->c.attr & CLAIM_A_NEGATED) || !same_sent(x, a->ks, b->ks))
			continue;
		int list = 1;
		for (size_t q = a->ke; q < b->ks; q++)
			if (!is_p(x, q, ',') && !is_word(x, q, "or|nor|and|any|of|signs|evidence|for"))
				list = 0;
		if (list) {
			b->c.attr |= CLAIM_A_NEGATED;
			char tmp[CLAIMS_TEXT];
			memcpy(tmp, b->c.stated, sizeof tmp);
			set_stated(b, b->c.category == CLAIM_CAT_NORMAL ? "not " : "no ", tmp);
		}
	}
	return GV_OK;
}
