/* claims_parse.c — the claim checker's parser (see claims_parse.h): conditions and definitions,
 * age claims, and what every claim is tied to (span, indicator; its time: claims_tie.c).  Times
 * and indicator words are found in claims_time.c, numbers in claims_num.c, claims found by their
 * words in claims_lex.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/age.h"
#include "core/claims_pint.h"

/* ================================================================== claims */

cp_claim *cp_new_claim(pctx *x, claim_type type, size_t ks, size_t ke)
{
	cp_result *r = x->r;
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;
		cp_claim *v = realloc(r->v, cap * sizeof *v);
		if (!v)
			return NULL;
		r->v = v;
		r->cap = cap;
	}
	cp_claim *c = &r->v[r->n++];
	memset(c, 0, sizeof *c);
	c->c.start = TOK(x, ks)->start;
	c->c.end = TOK(x, ke - 1)->end;
	c->c.type = type;
	c->c.verdict = CLAIM_UNVERIFIABLE;
	c->c.stated_num = c->c.stated_hi = c->c.expected_num = NAN;
	c->c.cmp = CLAIM_EQ;
	c->c.unit = "";
	c->c.ind = GV_NIND;
	c->c.ref = GV_REF_NONE;
	c->c.date = c->c.date_from = CLAIMS_NO_DATE;
	c->c.visit = CLAIMS_NO_VISIT;
	c->c.category = -1;
	c->c.trend = CLAIM_T_NONE;
	c->c.matches = CLAIM_B_NONE;
	for (int i = 0; i < 3; i++)
		c->inds[i] = GV_NIND;
	cp_time *tt[3] = {&c->at, &c->from, &c->to};
	for (int i = 0; i < 3; i++) {
		tt[i]->kind = TM_NONE;
		tt[i]->m0 = tt[i]->m1 = NAN;
		tt[i]->d0 = tt[i]->d1 = CLAIMS_NO_DATE;
	}
	c->num2 = NAN;
	c->months = NAN;
	c->ks = ks;
	c->ke = ke;
	for (size_t q = ks; q < ke; q++)
		x->tf[q] |= TF_USED;
	return c;
}

/* ================================================================== context */

int cp_meets_before(const pctx *x, size_t k)
{
	size_t q = k;
	while (q > 0 && q + 5 > k &&
	       is_word(x, q - 1, "the|a|an|all|any|cdc|who|clinical|standard|formal|usual|accepted|current|diagnostic|"
				 "us|international|nice|aap"))
		q--;
	return q > 0 && is_word(x, q - 1, "meets|meet|met|meeting|fulfils|fulfills|fulfil|fulfill|satisfies|satisfy|"
				       "satisfied|fulfilled|fulfilling|reaches|reached|within|under|by");
}

/* Definitions, general statements, thresholds and conditions: what they say is not about the
 * child. */
static void mark_context(pctx *x)
{
	size_t n = x->tk.n;
	for (size_t k = 0; k < n; k++) {
		const cp_tok *t = TOK(x, k);
		if (t->kind != TK_WORD)
			continue;
		uint32_t sent = t->sent, cl = t->clause;
		unsigned f = 0;
		int from_here = 0, clause_only = 0;
		if (cp_isany(t, "defined|define|defines|definition|definitions") && !cp_meets_before(x, k) &&
		    /* "her BMI is 26, which is defined as class 2 obesity": the child's */
		    !(k > 1 && is_word(x, k - 1, "is|are|was") && is_word(x, k - 2, "which|that|this|it"))) {
			f = TF_DEFALL | TF_DEF;
		} else if (cp_isany(t, "average|typical|normal|healthy") && k > 0 && is_word(x, k - 1, "the|an|a") &&
			   is_word(x, k + 1, "child|infant|baby|toddler|boy|girl|newborn") &&
			   !(k > 1 && is_word(x, k - 2, "is|was|like|than|as"))) {
			f = TF_DEFALL | TF_DEF; /* "the average child gains 2 kg a year" */
		} else if ((cp_isany(t, "most|many|healthy|typical|average|all|other|some") &&
			    is_word(x, k + 1, "children|infants|babies|kids|toddlers|boys|girls|newborns") &&
			    /* "shorter than most boys his age" compares the child with them */
			    !(k > 0 && is_word(x, k - 1, "than|as|like")) &&
			    !is_word(x, k + 2, "his|her|their|of|at|in|who|that")) ||
			   (cp_isany(t, "children|infants|babies|newborns|toddlers") &&
			    is_word(x, k + 1, "typically|usually|normally|generally|should|often|tend|double|triple|regain"))) {
			f = TF_DEFALL | TF_DEF;
			/* its clause only: "Some babies settle onto a lower curve after weaning, and this is
			 * likely what is happening -- she is underweight" */
			clause_only = 1;
		} else if (cp_isany(t, "children|infants|babies|newborns|toddlers|kids|boys|girls|those|others|peers") &&
			   is_word(x, k + 1, "born")) {
			/* "compared fairly with babies born at term": other children's birth */
			f = TF_DEFALL;
			from_here = 1;
			clause_only = 1;
		} else if (cp_isany(t, "threshold|thresholds|cutoff|cutoffs|criteria|criterion|limit|limits|definition") ||
			   cp_phrase(&x->tk, k, n, "cut off|offs")) {
			f = TF_DEF;
			from_here = 1;
			/* inside an aside ("23.5 (120% -- just under the class 2 threshold), and now ...
			 * 26.0"): to its end only */
			for (size_t q = k; q-- > 0 && same_sent(x, q, k) && q + 12 > k;)
				if (is_p(x, q, '(') || is_p(x, q, 'D')) {
					clause_only = 1;
					break;
				} else if (is_p(x, q, ')')) {
					break;
				}
		} else if (cp_isany(t, "if|unless|whether") ||
			   (cp_is(t, "should") && (k == 0 || TOK(x, k - 1)->clause != cl)) ||
			   cp_phrase(&x->tk, k, n, "in case")) {
			f = TF_COND;
			from_here = 1;
			clause_only = 1;
		}
		if (!f)
			continue;
		size_t a = k;
		if (!from_here)
			while (a > 0 && TOK(x, a - 1)->sent == sent)
				a--;
		for (size_t q = a; q < n && TOK(x, q)->sent == sent && (!clause_only || TOK(x, q)->clause == cl) &&
				   !(clause_only && f == TF_DEF && is_p(x, q, ')'));
		     q++)
			x->tf[q] |= f;
	}
}

static int span_in(const pctx *x, const cp_claim *c, int sent, cp_time *from, cp_time *to)
{
	const cp_tok *s = TOK(x, c->ks);
	long pts[2] = {-1, -1}, sp = -1;
	size_t bd = (size_t)-1;
	for (size_t i = 0; i < x->ntm; i++) {
		const ptime *p = &x->tm[i];
		const cp_tok *t = TOK(x, p->ts);
		if ((sent ? t->sent != s->sent : t->clause != s->clause) || !cp_time_usable(x, i))
			continue;
		cp_tkind k = p->t.kind;
		/* "stayed between -0.4 and -1.0 after 2 months": since then; "until age 4 he was growing
		 * along the 10th-15th percentile": up to then */
		int after = k == TM_OTHER && !isnan(p->t.m0) && is_word(x, p->ts, "after|beyond") && c->c.type == CLAIM_TREND;
		int until = k == TM_OTHER && !isnan(p->t.m0) && is_word(x, p->ts, "until|till") && c->c.type == CLAIM_TREND;
		if (until) {
			size_t d = p->te <= c->ks ? c->ks - p->te : p->ts >= c->ke ? p->ts - c->ke + 1 : 0;
			if (d < bd) {
				bd = d;
				sp = (long)i;
			}
			continue;
		}
		if (k == TM_SINCE || k == TM_PAST || k == TM_AGO || k == TM_BETWEEN || after) {
			size_t d = p->te <= c->ks ? c->ks - p->te : p->ts >= c->ke ? p->ts - c->ke + 1 : 0;
			if (d < bd)
				bd = d, sp = (long)i;
		} else if (cp_point_kind(k) && p->t.tol >= 0) {
			if (pts[0] < 0)
				pts[0] = (long)i;
			pts[1] = (long)i;
		}
	}
	/* "from the 42nd at 2 years to above the 95th since he was 6": from the start's age */
	if (sp >= 0 && pts[0] >= 0 && x->tm[pts[0]].ts < x->tm[sp].ts && x->tm[sp].t.kind != TM_BETWEEN) {
		int from_word = 0;
		for (size_t q = x->tm[pts[0]].ts; q-- > 0 && q + 8 > x->tm[pts[0]].ts && same_sent(x, q, c->ks);)
			from_word |= is_word(x, q, "from");
		if (from_word) {
			*from = x->tm[pts[0]].t;
			to->kind = TM_NOW;
			return 1;
		}
	}
	if (sp >= 0 && x->tm[sp].t.kind == TM_OTHER && is_word(x, x->tm[sp].ts, "until|till")) {
		*to = x->tm[sp].t; /* up to then, from the start */
		to->kind = TM_AT;
		to->until = 1;
		from->kind = TM_NONE;
		return 1;
	}
	if (sp >= 0) {
		const cp_time *t = &x->tm[sp].t;
		if (t->kind == TM_BETWEEN) {
			*from = *to = *t;
			from->kind = to->kind = TM_AT;
			to->m0 = t->m1;
			from->tol = t->m0 < 24 ? CLAIMS_TOL_AGE_INFANT_MONTHS : 12 * CLAIMS_TOL_AGE_CHILD_YEARS;
		} else {
			*from = *t;
			if (from->kind == TM_OTHER)
				from->kind = TM_SINCE;
			to->kind = TM_NOW;
		}
		return 1;
	}
	if (pts[0] < 0)
		return 0;
	/* "dropped below -2 SD at 9 and 12 months": a level reached, and when it was there -- the fall
	 * ends at the first of them */
	if (pts[0] != pts[1] && x->tm[pts[0]].ts >= c->ke && c->c.type == CLAIM_TREND &&
	    (is_word(x, c->ke, "below|under|beneath|to|into|above|over") ||
	     (is_word(x, c->ke, "well|just|further|back") && is_word(x, c->ke + 1, "below|under|beneath|to|into|above|over")) ||
	     (is_p(x, c->ke, ',') && is_word(x, c->ke + 1, "reaching|reached|hitting|landing|ending|down|up")))) {
		*to = x->tm[pts[0]].t;
		return 1;
	}
	if (pts[0] != pts[1]) {
		*from = x->tm[pts[0]].t;
		*to = x->tm[pts[1]].t;
		return 1;
	}
	const cp_time *t = &x->tm[pts[0]].t;
	/* one age: the start when "from" / "since" comes before it ("risen from the 34th percentile at
	 * 8 years"), else the end */
	int start = t->kind == TM_BIRTH;
	for (size_t q = x->tm[pts[0]].ts; q-- > 0 && (sent ? TOK(x, q)->sent == s->sent : TOK(x, q)->clause == s->clause);)
		if (is_word(x, q, "from|since"))
			start = 1;
	if (start) {
		*from = *t;
		to->kind = TM_NOW;
	} else {
		*to = *t;
	}
	return 1;
}

/* The span a trend (or a number of a change) names: its clause's times; "since" alone: since the
 * last age named before it; else its sentence's times. */
static int claim_span(const pctx *x, const cp_claim *c, cp_time *from, cp_time *to)
{
	const cp_tok *s = TOK(x, c->ks);
	/* "crossed the 95th at 6 years and has stayed just above it since": a bare "since" after the
	 * trend goes from the last age named before it */
	for (size_t q = c->ke; q < x->tk.n && q < c->ke + 6 && TOK(x, q)->clause == s->clause; q++)
		if (is_word(x, q, "since|thereafter|afterwards|afterward") && !(x->tf[q] & TF_TIME)) {
			long best = -1;
			for (size_t i = 0; i < x->ntm; i++) {
				const ptime *p = &x->tm[i];
				if (p->te <= c->ks && TOK(x, p->ts)->sent + 1 >= s->sent && cp_point_kind(p->t.kind) && p->t.tol >= 0 &&
				    cp_time_usable(x, i))
					best = (long)i;
			}
			if (best >= 0) {
				*from = x->tm[best].t;
				to->kind = TM_NOW;
				return 1;
			}
			break;
		}
	if (span_in(x, c, 0, from, to))
		return 1;
	int since = 0;
	for (size_t q = c->ks; q < x->tk.n && q < c->ke + 6 && TOK(x, q)->clause == s->clause; q++)
		if (is_word(x, q, "since|thereafter|afterwards|afterward|subsequently"))
			since = 1;
	for (size_t q = c->ks; q-- > 0 && TOK(x, q)->clause == s->clause;)
		if (is_word(x, q, "since|thereafter|afterwards|afterward|subsequently|then"))
			since = 1;
	if (!since) {
		/* times of another clause: examples of the trend, which goes on to now when the verb
		 * says so ("has been falling: at 3 years ..., at 4 years ...") */
		int present = 0;
		for (size_t q = c->ks; q-- > 0 && TOK(x, q)->clause == s->clause;)
			present |= is_word(x, q, "has|have|is|are|been|now|currently|still|keeps|continues");
		if (span_in(x, c, 1, from, to)) {
			if (present && to->kind != TM_NOW && !to->until) {
				if (from->kind == TM_NONE)
					*from = *to;
				to->kind = TM_NOW;
			}
			return 1;
		}
		return 0;
	}
	if (since) {
		long best = -1;
		for (size_t i = 0; i < x->ntm; i++) {
			const ptime *p = &x->tm[i];
			if (p->te <= c->ks && TOK(x, p->ts)->sent + 1 >= s->sent && cp_point_kind(p->t.kind) && p->t.tol >= 0 &&
			    cp_time_usable(x, i))
				best = (long)i;
		}
		if (best >= 0) {
			*from = x->tm[best].t;
			to->kind = TM_NOW;
			return 1;
		}
	}
	return span_in(x, c, 1, from, to);
}

static int zsense_of(const pctx *x, const cp_claim *c)
{
	uint32_t cl = TOK(x, c->ks)->clause;
	for (size_t q = c->ks; q > 0 && TOK(x, q - 1)->clause == cl; q--)
		if (cp_pct_word(x, q - 1) || is_word(x, q - 1, "line|lines|curve|curves|channel|channels|z|sds|sd|band|bands|"
							    "trajectory|centiles|percentiles"))
			return 1;
	for (size_t q = c->ks; q < x->tk.n && TOK(x, q)->clause == cl; q++)
		if (cp_pct_word(x, q) || is_word(x, q, "line|lines|curve|curves|channel|channels|z|sds|sd|band|bands|"
						    "trajectory|centiles|percentiles|p"))
			return 1;
	return 0;
}

static void set_range(cp_claim *c, double from, double to)
{
	c->from.kind = TM_AT;
	c->from.m0 = from;
	c->to.kind = isinf(to) ? TM_NOW : TM_AT;
	c->to.m0 = isinf(to) ? NAN : to;
	c->tie = TIE_EXPLICIT;
}

/* The ages a basis claim speaks of when its clause names a range rather than a visit (from /
 * to: TM_AT ages, to TM_NOW for "after"): "until 24 months", "to 24 mo", "before 2 years", "for
 * her first two years", "0-24 mo", "from 2 years", "since he turned two", "in infancy", "when she
 * was a baby", "throughout"; "after that" after a chart named until an age. */
static int after_that(const pctx *x, size_t q)
{
	return is_word(x, q, "afterwards|afterward|thereafter|subsequently|later") ||
	       (is_word(x, q, "after") && (q + 1 >= x->tk.n || TOK(x, q + 1)->kind == TK_PUNCT || !same_sent(x, q, q + 1) ||
					   is_word(x, q + 1, "that|this|it|then|and")));
}

static void basis_range(const pctx *x, cp_claim *c)
{
	uint32_t cl = TOK(x, c->ks)->clause;
	/* "after that", "CDC after": after the range of the chart named before it in the sentence */
	int after = 0;
	for (size_t q = c->ke; q < x->tk.n && q < c->ke + 3 && TOK(x, q)->clause == cl; q++)
		after |= after_that(x, q);
	for (size_t q = c->ks; q-- > 0 && q + 3 > c->ks && TOK(x, q)->clause == cl;)
		after |= after_that(x, q) || is_word(x, q, "then");
	for (size_t i = x->r->n; after && i-- > 0;) {
		const cp_claim *o = &x->r->v[i];
		if (o == c || o->c.type != CLAIM_BASIS || o->basis != BASIS_CHART || !same_sent(x, o->ks, c->ks) || o->ks >= c->ks)
			continue;
		if (o->from.kind == TM_AT && o->from.m0 == 0 && o->to.kind == TM_AT && !isnan(o->to.m0)) {
			set_range(c, o->to.m0, INFINITY);
			return;
		}
	}
	/* the range times of its clause, else of the sentence before it ("Corrected age used to 24 mo
	 * (WHO)") */
	for (int pass = 0; pass < 2; pass++) {
		long best = -1;
		size_t bd = (size_t)-1;
		for (size_t i = 0; i < x->ntm; i++) {
			const ptime *p = &x->tm[i];
			if ((pass == 0 ? TOK(x, p->ts)->clause != cl : !same_sent(x, p->ts, c->ks) || p->te > c->ks) || isnan(p->t.m0))
				continue;
			cp_tkind k = p->t.kind;
			int lt = p->ts > 0 && (is_p(x, p->ts - 1, '<') || is_p(x, p->ts - 1, 'L'));
			int gt = p->ts > 0 && (is_p(x, p->ts - 1, '>') || is_p(x, p->ts - 1, 'G'));
			int ok = (k == TM_OTHER && (lt || gt || is_word(x, p->ts, "until|till|before|under|below|up|after|beyond|over|"
										 "past|from"))) ||
				 (k == TM_AT && is_word(x, p->ts, "to|until|till|through|thru|up")) ||
				 (k == TM_SINCE && p->t.tol >= 0) || k == TM_BETWEEN;
			if (!ok)
				continue;
			/* "..., from 9 months with the WHO growth charts": the time of the chart after it (not
			 * "the WHO charts from 9 months up to 1y 11m and on the CDC charts", right after its own) */
			int other = 0;
			for (size_t r = 0; r < x->r->n && p->ts > c->ke && is_word(x, p->ts, "from") && !other; r++) {
				const cp_claim *o = &x->r->v[r];
				other = o != c && o->c.type == CLAIM_BASIS && o->basis == BASIS_CHART && o->ks >= p->te &&
					o->ks <= p->te + 4 && same_sent(x, o->ks, p->te);
			}
			if (other)
				continue;
			size_t d = p->te <= c->ks ? c->ks - p->te : p->ts >= c->ke ? p->ts - c->ke : 0;
			if (d < bd)
				bd = d, best = (long)i;
		}
		if (best < 0)
			continue;
		const ptime *p = &x->tm[best];
		int gt = p->ts > 0 && (is_p(x, p->ts - 1, '>') || is_p(x, p->ts - 1, 'G'));
		if (p->t.kind == TM_BETWEEN)
			set_range(c, p->t.m0, p->t.m1 + (p->t.m1 >= 24 ? 1e-6 : 0));
		else if (gt || p->t.kind == TM_SINCE || is_word(x, p->ts, "after|beyond|over|past|from"))
			set_range(c, p->t.m0, INFINITY);
		else
			set_range(c, 0, p->t.m0 - 1e-6);
		return;
	}
	/* infancy: the first two years */
	for (size_t q = c->ks; q-- > 0 && same_sent(x, q, c->ks) && !is_p(x, q, ';');)
		if (is_word(x, q, "infancy|infant|newborn|neonatal|baby|babies")) {
			set_range(c, 0, 24 - 1e-6);
			return;
		}
	for (size_t q = c->ke; q < x->tk.n && TOK(x, q)->clause == cl; q++)
		if (is_word(x, q, "infancy|infant|baby|babies")) {
			set_range(c, 0, 24 - 1e-6);
			return;
		}
	/* the whole record */
	for (size_t q = c->ks; q-- > 0 && q + 5 > c->ks && TOK(x, q)->clause == cl && !(x->tf[q] & TF_USED);)
		if (is_word(x, q, "throughout|always")) {
			set_range(c, 0, INFINITY);
			return;
		}
	for (size_t q = c->ke; q < x->tk.n && q < c->ke + 3 && TOK(x, q)->clause == cl; q++)
		if (is_word(x, q, "throughout|always") || cp_phrase(&x->tk, q, x->tk.n, "at|on every|all|each visit|visits")) {
			set_range(c, 0, INFINITY);
			return;
		}
}

static void resolve(pctx *x, cp_claim *c)
{
	const cp_tok *s = TOK(x, c->ks);
	switch (c->c.type) {
	case CLAIM_VALUE: case CLAIM_PERCENTILE: case CLAIM_Z:
		cp_tie_time(x, c);
		cp_paren_tie(x, c);
		break;
	case CLAIM_CATEGORY: case CLAIM_BASIS:
		cp_tie_time(x, c);
		break;
	case CLAIM_TREND:
		if (claim_span(x, c, &c->from, &c->to)) {
			c->at = c->to;
			c->tie = c->to.kind == TM_NOW ? TIE_NOW : TIE_EXPLICIT;
			if (c->from.kind != TM_NONE)
				c->c.attr |= CLAIM_A_TIME;
		} else {
			c->tie = TIE_DEFAULT;
		}
		break;
	default:
		break;
	}
	if (c->c.type == CLAIM_BASIS) {
		basis_range(x, c);
		/* "moved from the WHO to the CDC charts at 2 years": both charts, either side of the switch */
		int charts = 0, sw = 0;
		for (size_t q = c->ks; q > 0 && same_sent(x, q - 1, c->ks); q--)
			sw |= is_word(x, q - 1, "switch|switched|switching|moved|move|changed|change|transition|transitioned|"
						"switches|from|then|after|until");
		for (size_t q = c->ks; q < x->tk.n && same_sent(x, q, c->ks); q++)
			sw |= is_word(x, q, "switch|switched|switching|moved|changed|transition|transitioned|then|after|until");
		for (size_t i = 0; i < x->r->n; i++)
			if (x->r->v[i].c.type == CLAIM_BASIS && x->r->v[i].basis == BASIS_CHART && same_sent(x, x->r->v[i].ks, c->ks))
				charts |= x->r->v[i].chart & (1 << GV_CDC2000) ? 2 : 1;
		c->switching = sw && charts == 3;
	}
	/* the start of a change in a sentence about the switch between charts (judge_pz) */
	if ((c->c.type == CLAIM_PERCENTILE || c->c.type == CLAIM_Z) && c->role == ROLE_FROM) {
		int charts = 0, sw = 0;
		for (size_t q = c->ks; q > 0 && same_sent(x, q - 1, c->ks); q--)
			sw |= is_word(x, q - 1, "switch|switched|switching|moved|changed|change|transition|transitioned|changeover");
		for (size_t i = 0; i < x->r->n; i++)
			if (x->r->v[i].c.type == CLAIM_BASIS && x->r->v[i].basis == BASIS_CHART && same_sent(x, x->r->v[i].ks, c->ks))
				charts |= x->r->v[i].chart & (1 << GV_CDC2000) ? 2 : 1;
		c->switching = sw && charts == 3;
	}
	if (c->c.type == CLAIM_PERCENTILE || c->c.type == CLAIM_Z)
		cp_tie_ind(x, c);
	if (c->c.type == CLAIM_TREND && c->c.trend != CLAIM_T_CHANGE)
		cp_trend_ind(x, c);
	if (c->c.type == CLAIM_TREND) {
		c->zsense = c->zsense || (c->c.trend != CLAIM_T_CHANGE && zsense_of(x, c));
	}
	/* "from the 50th to the 10th percentile": the ends of the span the sentence names (the start
	 * is also a claim about the past: any visit) */
	if ((c->c.type == CLAIM_PERCENTILE || c->c.type == CLAIM_Z || c->c.type == CLAIM_VALUE) && c->role != ROLE_NONE &&
	    c->tie != TIE_EXPLICIT && c->tie != TIE_END && c->tie != TIE_SPAN) {
		cp_time from, to;
		from.kind = to.kind = TM_NONE;
		from.m0 = to.m0 = NAN;
		if (claim_span(x, c, &from, &to) && (c->role == ROLE_FROM ? from.kind : to.kind) != TM_NONE) {
			c->from = from;
			c->to = to;
			c->tie = c->role == ROLE_FROM ? TIE_START : TIE_END;
		} else if (c->role == ROLE_TO) {
			c->at.kind = TM_NOW;
			c->tie = TIE_NOW;
		}
	}
	if (c->role == ROLE_FROM)
		c->c.attr |= CLAIM_A_PAST;
	for (size_t q = c->ks; q-- > 0 && TOK(x, q)->clause == s->clause;)
		if (is_word(x, q, "previously|initially|originally|earlier|formerly|once|used"))
			c->c.attr |= CLAIM_A_PAST;
	if (c->c.type == CLAIM_CATEGORY) {
		for (size_t q = c->ks; q-- > 0 && q + 10 > c->ks && TOK(x, q)->clause == s->clause;) {
			if (is_word(x, q, "is|are|has|have|remains|remain|currently|now|still|meets|meet|shows|show|today|"
					  "presently|continues|continue|present|current"))
				c->tense = 1;
			else if (is_word(x, q, "was|were|had|showed|developed|became|met|previously|earlier|initially|formerly|"
					       "then|used|did|once|history|past"))
				c->tense = -1;
			if (c->tense)
				break;
		}
		if (c->at.kind == TM_NOW || c->at.kind == TM_CURRENT)
			c->tense = 1;
		/* no tense said: a finding listed with its ages ("Failure to thrive: ... from 6 to 12
		 * months") is about the record; one alone ("Underweight.") about now */
		if (c->tense == 0) {
			int times = 0;
			for (size_t i = 0; i < x->ntm; i++)
				times |= same_sent(x, x->tm[i].ts, c->ks) && x->tm[i].t.kind != TM_OTHER;
			c->tense = times ? -2 : 2;
		}
	}
	/* in a table: the indicator the column's header (or the row's label) names, unless the cell
	 * names its own ("| 45.4 (P64) |" under "HC (cm)") */
	if (x->cell && x->cell[c->ks].col >= 0 && !x->cell[c->ks].hdr && x->cell[c->ks].ind >= 0 &&
	    cp_cell_own_ind(x, c->ks) < 0 && c->whom == WHO_CHILD) {
		gv_ind hi = (gv_ind)x->cell[c->ks].ind;
		int ok = c->c.type == CLAIM_PERCENTILE || c->c.type == CLAIM_Z ||
			 (c->c.type == CLAIM_TREND && c->c.trend != CLAIM_T_CHANGE);
		if (c->c.type == CLAIM_VALUE || (c->c.type == CLAIM_TREND && c->c.trend == CLAIM_T_CHANGE)) {
			int len = c->unit == U_CM || c->unit == U_MM || c->unit == U_IN || c->unit == U_M || c->unit == U_FTIN;
			int mass = c->unit == U_KG || c->unit == U_G || c->unit == U_LB || c->unit == U_LBOZ || c->unit == U_OZ;
			ok = (len && (hi == GV_LHFA || hi == GV_HCFA || hi == GV_ACFA)) || (mass && hi == GV_WFA) ||
			     (c->unit == U_BMI && hi == GV_BFA);
		}
		if (ok) {
			c->inds[0] = hi;
			c->nind = 1;
			c->c.attr &= ~CLAIM_A_CARRIED;
		}
	}
	if (c->inds[0] != GV_NIND)
		c->c.ind = c->inds[0];
}

/* ================================================================== advice and ages */

static void advice_marks(pctx *x)
{
	for (size_t i = 0; i < x->r->n; i++) {
		cp_claim *c = &x->r->v[i];
		if (c->c.type != CLAIM_ADVICE)
			continue;
		uint32_t cl = TOK(x, c->ks)->clause;
		for (size_t q = c->ks; q < x->tk.n && TOK(x, q)->clause == cl; q++)
			x->tf[q] |= TF_ADVICE;
		for (size_t t = 0; t < x->ntm; t++) {
			const ptime *p = &x->tm[t];
			if (TOK(x, p->ts)->clause != cl)
				continue;
			if (p->t.kind == TM_OTHER && !isnan(p->t.m0) && isnan(c->months))
				c->months = p->t.m0;
			else if (p->t.kind == TM_AT && p->ts >= c->ks && c->at.kind == TM_NONE)
				c->at = p->t;
			if (p->ts >= c->ks || p->t.kind == TM_OTHER) {
				if (c->ke < p->te && p->ts >= c->ks) {
					c->ke = p->te;
					c->c.end = TOK(x, p->te - 1)->end;
				}
			}
		}
		static const char *const w[] = {"advice", "refer", "recheck", "tests", "monitor", "routine care",
						"no follow-up needed", "restrict food"};
		c->c.stated[0] = '\0';
		cp_cat(c->c.stated, sizeof c->c.stated, w[c->advice]);
		if (!isnan(c->months)) {
			cp_cat(c->c.stated, sizeof c->c.stated, " in ");
			cp_catnum(c->c.stated, sizeof c->c.stated, c->months, c->months < 1 ? 2 : c->months == floor(c->months) ? 0 : 1);
			cp_cat(c->c.stated, sizeof c->c.stated, " months");
			c->c.stated_num = c->months;
			c->c.unit = "months";
		}
	}
}

static gv_status age_claims(pctx *x)
{
	for (size_t i = 0; i < x->ntm; i++) {
		const ptime *p = &x->tm[i];
		cp_tkind k = p->t.kind;
		int birth = k == TM_BIRTH && (is_word(x, p->ts, "at") || (x->cell && x->cell[p->ts].col >= 0 &&
									     x->cell[p->ts].cs == p->ts && !x->cell[p->ts].hdr));
		int range = k == TM_BETWEEN && p->t.bare;
		if (k != TM_AT && k != TM_CURRENT && k != TM_GA && k != TM_TERM && k != TM_PRETERM && !birth && !range)
			continue;
		if ((x->tf[p->ts] & (TF_ADVICE | TF_COND | TF_DEFALL)) || (k == TM_AT && p->t.tol < 0) || p->t.ahead)
			continue;
		cp_time t = p->t;
		cp_claim *c = cp_new_claim(x, CLAIM_AGE, p->ts, p->te);
		if (!c)
			return GV_ENOMEM;
		c->at = t;
		c->tie = TIE_EXPLICIT;
		c->c.attr |= CLAIM_A_TIME | (t.corrected ? CLAIM_A_CORRECTED : 0);
		char txt[CLAIMS_TEXT] = "";
		if (birth) {
			cp_cat(txt, sizeof txt, "birth");
			c->c.stated_num = 0;
			c->c.unit = "months";
		} else if (range) {
			int y = t.m1 >= 24 && fmod(t.m1, 12) == 0 && fmod(t.m0, 12) == 0;
			c->c.stated_num = y ? t.m0 / 12 : t.m0;
			c->c.stated_hi = y ? t.m1 / 12 : t.m1;
			c->c.unit = y ? "years" : "months";
			cp_catnum(txt, sizeof txt, c->c.stated_num, c->c.stated_num == floor(c->c.stated_num) ? 0 : 1);
			cp_cat(txt, sizeof txt, "-");
			cp_catnum(txt, sizeof txt, c->c.stated_hi, c->c.stated_hi == floor(c->c.stated_hi) ? 0 : 1);
			cp_cat(txt, sizeof txt, y ? " years" : " months");
			c->c.cmp = CLAIM_RANGE;
		} else if (k == TM_TERM || k == TM_PRETERM) {
			cp_cat(txt, sizeof txt, k == TM_TERM ? "term" : "preterm");
			c->c.category = k == TM_TERM ? CLAIM_CAT_TERM : CLAIM_CAT_PRETERM;
		} else if (k == TM_GA) {
			c->c.stated_num = t.m0;
			c->c.unit = "weeks";
			cp_catnum(txt, sizeof txt, t.m0, t.m0 == floor(t.m0) ? 0 : 1);
			cp_cat(txt, sizeof txt, " weeks");
			c->c.category = t.m0 < 37 ? CLAIM_CAT_PRETERM : CLAIM_CAT_TERM;
		} else if (t.pma) {
			c->c.stated_num = t.m0;
			c->c.unit = "weeks";
			cp_catnum(txt, sizeof txt, t.m0, t.m0 == floor(t.m0) ? 0 : 1);
			cp_cat(txt, sizeof txt, " weeks postmenstrual");
		} else if (t.years) {
			double y = t.m0 / 12;
			c->c.stated_num = y;
			c->c.unit = "years";
			cp_catnum(txt, sizeof txt, y, y == floor(y) ? 0 : y * 2 == floor(y * 2) ? 1 : 2);
			cp_cat(txt, sizeof txt, " years");
		} else {
			c->c.stated_num = t.m0;
			c->c.unit = "months";
			cp_catnum(txt, sizeof txt, t.m0, t.m0 == floor(t.m0) ? 0 : 1);
			cp_cat(txt, sizeof txt, " months");
		}
		if (t.corrected)
			cp_cat(txt, sizeof txt, " corrected");
		memcpy(c->c.stated, txt, sizeof txt);
	}
	return GV_OK;
}

/* ================================================================== merging */

/* Two trend words of one statement are one claim: "steady, tracking the 50th", "falling and has
 * crossed two lines", "followed the same curve". */
static void merge_trends(pctx *x)
{
	cp_result *r = x->r;
	size_t i = 0;
	while (i + 1 < r->n) {
		cp_claim *a = &r->v[i], *b = &r->v[i + 1];
		int ok = a->c.type == CLAIM_TREND && b->c.type == CLAIM_TREND && a->c.trend != CLAIM_T_CHANGE &&
			 b->c.trend != CLAIM_T_CHANGE && same_sent(x, a->ks, b->ks) && b->ks >= a->ke && b->ks - a->ke <= 6 &&
			 (a->c.attr & CLAIM_A_NEGATED) == (b->c.attr & CLAIM_A_NEGATED);
		if (ok) {
			claim_trend ta = a->c.trend, tb = b->c.trend;
			int da = a->c.trend_dir, db = b->c.trend_dir;
			ok = ta == tb || ta == CLAIM_T_NONE || tb == CLAIM_T_NONE ||
			     (a->lines && (db == 0 || da == 0 || da == db)) || (b->lines && (da == 0 || db == 0 || da == db));
			if ((ta == CLAIM_T_STEADY) != (tb == CLAIM_T_STEADY) && ta != CLAIM_T_NONE && tb != CLAIM_T_NONE)
				ok = 0;
		}
		for (size_t q = ok ? a->ke : 0; ok && q < b->ks; q++)
			if (x->ind[q] >= 0 || TOK(x, q)->kind == TK_NUM || cp_ispunct(TOK(x, q), ';') ||
			    is_word(x, q, "but|while|whereas|however"))
				ok = 0;
		if (!ok) {
			i++;
			continue;
		}
		cp_claim m = a->lines || a->c.trend != CLAIM_T_NONE ? *a : *b;
		const cp_claim *o = &m == a ? b : (a->lines || a->c.trend != CLAIM_T_NONE ? b : a);
		if (o->lines > m.lines)
			m.lines = o->lines;
		if (m.c.trend == CLAIM_T_NONE)
			m.c.trend = o->c.trend;
		if (m.c.trend_dir == 0)
			m.c.trend_dir = o->c.trend_dir;
		if (m.c.trend == CLAIM_T_NONE && m.c.trend_dir)
			m.c.trend = m.c.trend_dir < 0 ? CLAIM_T_FALLING : CLAIM_T_RISING;
		m.zsense |= o->zsense;
		m.c.attr |= o->c.attr;
		m.ks = a->ks;
		m.ke = b->ke;
		m.c.start = a->c.start;
		m.c.end = b->c.end;
		if (m.lines) {
			m.c.stated[0] = '\0';
			cp_cat(m.c.stated, sizeof m.c.stated, "crossed ");
			cp_catnum(m.c.stated, sizeof m.c.stated, m.lines, 0);
			cp_cat(m.c.stated, sizeof m.c.stated, m.c.trend_dir < 0 ? " lines down" : m.c.trend_dir > 0 ? " lines up" : " lines");
		}
		r->v[i] = m;
		memmove(&r->v[i + 1], &r->v[i + 2], (r->n - i - 2) * sizeof r->v[0]);
		r->n--;
	}
}

/* "No other flags", "no other growth concerns": the flags of the categories the summary names are
 * not the "other" ones (cp_claim.except). */
static void other_flags(pctx *x)
{
	uint64_t named = 0;
	for (size_t i = 0; i < x->r->n; i++) {
		const cp_claim *c = &x->r->v[i];
		if (c->c.type == CLAIM_CATEGORY && c->c.category >= 0 && c->c.category < GV_CAT_COUNT &&
		    !(c->c.attr & CLAIM_A_NEGATED))
			named |= GV_CAT_BIT(c->c.category);
	}
	for (size_t i = 0; i < x->r->n; i++) {
		cp_claim *c = &x->r->v[i];
		if (c->c.type != CLAIM_CATEGORY || c->c.category < GV_CAT_COUNT)
			continue;
		for (size_t q = c->ks; q < c->ke + 2 && q < x->tk.n; q++)
			if (is_word(x, q, "other|further|additional|remaining|new|else")) {
				c->except = named;
				break;
			}
	}
}

/* ================================================================== driver */

static int by_start(const void *a, const void *b)
{
	const cp_claim *x = a, *y = b;
	if (x->c.start != y->c.start)
		return x->c.start < y->c.start ? -1 : 1;
	if (x->c.end != y->c.end)
		return x->c.end < y->c.end ? -1 : 1;
	return (int)x->c.type - (int)y->c.type;
}

/* A z or percentile after a category claim of its sentence (claims sorted): that category, whose
 * flag's own number it may be ("Underweight (moderate): at 2y 0m, BMI z -2.1 (P1.8)"). */
static void flag_numbers(pctx *x)
{
	cp_result *r = x->r;
	for (size_t i = 0; i < r->n; i++) {
		cp_claim *c = &r->v[i];
		if (c->c.type != CLAIM_Z && c->c.type != CLAIM_PERCENTILE)
			continue;
		for (size_t j = i; j-- > 0;) {
			const cp_claim *a = &r->v[j];
			if (!same_sent(x, a->ks, c->ks))
				break;
			if (a->c.type == CLAIM_CATEGORY && a->c.category >= 0 && a->c.category < GV_CAT_COUNT &&
			    !(a->c.attr & CLAIM_A_NEGATED)) {
				c->flagcat = 1 + a->c.category;
				break;
			}
		}
	}
}

/* Charts listed each from an age ("from 9 months with the WHO growth charts, and from 2 years
 * with the CDC growth charts"): each holds up to the next one's start (claims sorted). */
static void chart_ends(pctx *x)
{
	cp_result *r = x->r;
	for (size_t i = 0; i < r->n; i++) {
		cp_claim *c = &r->v[i];
		if (c->c.type != CLAIM_BASIS || c->basis != BASIS_CHART || c->from.kind != TM_AT || isnan(c->from.m0) ||
		    c->to.kind != TM_NOW)
			continue;
		for (size_t j = i + 1; j < r->n && same_sent(x, r->v[j].ks, c->ks); j++) {
			const cp_claim *d = &r->v[j];
			if (d->c.type == CLAIM_BASIS && d->basis == BASIS_CHART && d->from.kind == TM_AT &&
			    d->from.m0 > c->from.m0 && (d->chart & ~1) != (c->chart & ~1)) {
				c->to.kind = TM_AT;
				c->to.m0 = d->from.m0 - 1 / GV_DAYS_PER_MONTH;
				break;
			}
		}
	}
}

gv_status cp_parse(const char *text, size_t len, cp_result *r)
{
	memset(r, 0, sizeof *r);
	pctx x;
	memset(&x, 0, sizeof x);
	x.s = text;
	x.len = len;
	x.r = r;
	gv_status st = cp_tokenise(text, len, &x.tk);
	if (st != GV_OK)
		return st;
	size_t n = x.tk.n;
	unsigned char *mem = malloc(3 * n + 1);
	if (!mem) {
		free(x.tk.t);
		return GV_ENOMEM;
	}
	memset(mem, 0, 3 * n + 1);
	x.tf = mem;
	x.ind = (int8_t *)(void *)(mem + n);
	x.indlen = mem + 2 * n;
	cp_find_inds(&x);
	st = cp_find_tables(&x);
	x.pres = malloc((n + 1) * sizeof *x.pres);
	if (st != GV_OK || !x.pres) {
		free(x.cell);
		free(x.pres);
		free(mem);
		free(x.tk.t);
		return st != GV_OK ? st : GV_ENOMEM;
	}
	/* the verbs in the present that stop a birth's reach (birth_reaches) */
	x.pres[0] = 0;
	for (size_t k = 0; k < n; k++)
		x.pres[k + 1] = x.pres[k] + (uint32_t)is_word(&x, k, "is|are|weighs|measures|measure|has|have|now|currently|today|"
								      "presently|stands|remains|tracks|sits|lies|plots|weigh");
	mark_context(&x);
	cp_mark_targets(&x);
	st = cp_find_times(&x);
	if (st == GV_OK) {
		cp_find_heading(&x);
		st = cp_find_numbers(&x);
	}
	if (st == GV_OK)
		st = cp_find_lexical(&x);
	if (st == GV_OK) {
		advice_marks(&x);
		st = age_claims(&x);
	}
	if (st == GV_OK) {
		for (size_t i = 0; i < r->n; i++)
			resolve(&x, &r->v[i]);
		if (r->n > 1)
			qsort(r->v, r->n, sizeof r->v[0], by_start);
		merge_trends(&x);
		cp_merge_normals(&x);
		other_flags(&x);
		flag_numbers(&x);
		chart_ends(&x);
	}
	free(mem);
	free(x.cell);
	free(x.pres);
	free(x.tm);
	free(x.tk.t);
	if (st != GV_OK) {
		free(r->v);
		memset(r, 0, sizeof *r);
	}
	return st;
}
