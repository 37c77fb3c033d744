/* claims_tie.c — the claim checker's parser: the time each value, percentile, z, category and
 * basis claim is tied to (claims.h, "How claims are tied"): an age right after it, in its clause,
 * its sentence, the previous sentence, "at that visit", "since", "until", spans a state holds
 * over, "born ...", lists of ages; and the indicator a percentile, z or trend is about.  Spans of
 * trends are claims_parse.c's. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/claims_pint.h"

/* A time a value can be tied to: a point, or the start of "from birth (3.1 kg) to ...". */
static int tie_kind(const cp_time *t)
{
	return cp_point_kind(t->kind) || (t->kind == TM_SINCE && t->point) || t->kind == TM_AGO;
}

/* A birth said with "born": "born at term weighing 3.64 kg", "born at 32 weeks, 1.6 kg", "born
 * early (2.1 kg)" tie their values to the birth visit like "at birth". */
static int born_time(const pctx *x, const ptime *p)
{
	cp_tkind k = p->t.kind;
	(void)x;
	return (k == TM_TERM || k == TM_PRETERM || k == TM_GA) && p->t.birth;
}

/* A birth time (at birth, born ...) does not reach a claim past a verb in the present ("born at
 * term, she weighs 16.6 kg", "Born at 3.3 kg. She is now ..."): that claim is about now. */
static int birth_reaches(const pctx *x, const ptime *p, const cp_claim *c)
{
	if (p->t.kind != TM_BIRTH && !born_time(x, p))
		return 1;
	size_t a = p->te <= c->ks ? p->te : c->ke, b = p->te <= c->ks ? c->ks : p->ts;
	return a >= b || x->pres[b] == x->pres[a];
}

/* Time i is the start of a change ("declined from the 49th percentile at 2 years"). */
static int from_time(const pctx *x, size_t i)
{
	const ptime *p = &x->tm[i];
	for (size_t q = p->ts; q-- > 0 && q + 7 > p->ts && TOK(x, q)->clause == TOK(x, p->ts)->clause;)
		if (is_word(x, q, "from"))
			return 1;
	return 0;
}

/* "until about age 10": the end of a state, a number's visit ("his weight was in the healthy
 * range until about age 10, at the 88th percentile") */
static int until_time(const pctx *x, const ptime *p, const cp_claim *c)
{
	return p->t.kind == TM_OTHER && !isnan(p->t.m0) && is_word(x, p->ts, "until|till") &&
	       (c->c.type == CLAIM_VALUE || c->c.type == CLAIM_PERCENTILE || c->c.type == CLAIM_Z) &&
	       same_sent(x, p->ts, c->ks);
}

/* Time i can tie claim c (not the start of a change to a finding or to the end of the change:
 * "declined from the 49th at 2 years, crossing three lines (height faltering)", "from the 60th at
 * birth to above the 98th since 9 months"). */
static int tie_cand(const pctx *x, size_t i, const cp_claim *c)
{
	const ptime *p = &x->tm[i];
	return (tie_kind(&p->t) || born_time(x, p) || until_time(x, p, c)) && cp_time_usable(x, i) && birth_reaches(x, p, c) &&
	       !(c->c.type == CLAIM_CATEGORY && from_time(x, i) && TOK(x, p->ts)->clause != TOK(x, c->ks)->clause) &&
	       !(c->role == ROLE_TO && from_time(x, i) && p->ts < c->ks);
}

/* Nothing between tokens a and b but commas and time words: no ';', no dash, no "but", no other
 * number. */
static int soft_gap(const pctx *x, size_t a, size_t b)
{
	for (size_t q = a; q < b; q++) {
		const cp_tok *t = TOK(x, q);
		if (t->kind == TK_PUNCT && strchr(";D()", t->p))
			return 0;
		if (cp_isany(t, "but|however|while|whereas|although|and|then"))
			return 0;
		if (t->kind == TK_NUM && !(x->tf[q] & TF_TIME))
			return 0;
	}
	return 1;
}

/* The words after a semicolon or a dash at q up to the claim at ks go on in the past tense ("At 18
 * months she weighed 9.4 kg; her weight was around the 30th centile"): still that time.  Not
 * when they say now. */
static int past_goes_on(const pctx *x, size_t q, size_t ks)
{
	int past = 0;
	for (size_t j = q + 1; j < ks; j++) {
		if (is_word(x, j, "is|are|has|have|now|currently|today|presently|since|remains|weighs|measures"))
			return 0;
		past |= is_word(x, j, "was|were|had|weighed|measured|remained|stayed");
	}
	return past;
}

/* After a parenthesis at q that holds only claims ("16.6 kg (P92) at 4"): the token after it;
 * else q. */
static size_t past_paren(const pctx *x, size_t q)
{
	if (!is_p(x, q, '('))
		return q;
	for (size_t j = q + 1; j < x->tk.n && j < q + 10; j++) {
		if (is_p(x, j, ')'))
			return j + 1;
		if (!(x->tf[j] & TF_USED) && !is_p(x, j, ',') && !is_p(x, j, ';'))
			return q;
	}
	return q;
}

/* A number followed in its clause by "at that|the same|this visit|time|point|age" (not itself a
 * time; not the start of a change): the index of the last time before it in its sentence, else in the previous sentence of
 * its paragraph, that can tie it; -1 when none. */
static long that_time(const pctx *x, const cp_claim *c)
{
	const cp_tok *s = TOK(x, c->ke - 1);
	int that = 0;
	for (size_t q = c->ke; !that && q < x->tk.n && q < c->ke + 8 && TOK(x, q)->clause == s->clause; q++)
		that = !(x->tf[q] & TF_TIME) &&
		       cp_phrase(&x->tk, q, x->tk.n, "at|on|during|by that|this|the same? visit|time|point|age|stage|check|measurement") != 0;
	if (!that || c->role == ROLE_FROM)
		return -1; /* the start of a change there is before it: about the past */
	cp_claim one = *c; /* the end of a change is at that time too */
	one.role = ROLE_NONE;
	long best = -1;
	for (size_t i = 0; i < x->ntm; i++) {
		const ptime *p = &x->tm[i];
		const cp_tok *pt = TOK(x, p->ts);
		if (p->te > c->ks || !tie_cand(x, i, &one) || p->t.kind == TM_NOW || p->t.kind == TM_CURRENT)
			continue;
		if (pt->sent == TOK(x, c->ks)->sent || (pt->sent + 1 == TOK(x, c->ks)->sent && pt->para == s->para))
			best = (long)i;
	}
	return best;
}

/* The time a claim at tokens [ks, ke) is tied to (claims.h, "How claims are tied"). */
/* "..., from 9 months with the WHO growth charts": a time starting with "from" right before another
 * chart (within 4 tokens) is that chart's, not the one of the chart claim c before it. */
static int next_chart_time(const pctx *x, const ptime *p, const cp_claim *c)
{
	if (c->c.type != CLAIM_BASIS || !is_word(x, p->ts, "from"))
		return 0;
	for (size_t r = 0; r < x->r->n; r++) {
		const cp_claim *o = &x->r->v[r];
		if (o != c && o->c.type == CLAIM_BASIS && o->basis == BASIS_CHART && o->ks >= p->te && o->ks <= p->te + 4 &&
		    same_sent(x, o->ks, p->te))
			return 1;
	}
	return 0;
}

void cp_tie_time(pctx *x, cp_claim *c)
{
	size_t ks = c->ks, ke = c->ke;
	const cp_tok *s = TOK(x, ks);
	long best = -1;
	int tie = TIE_EXPLICIT;
	/* the start of an arrow "5.40 kg -> 9.90 kg" without an age of its own: the start of the span
	 * its sentence names (resolve), never the time of the arrow's end */
	if (c->role == ROLE_FROM && is_p(x, ke, 'A')) {
		c->tie = TIE_DEFAULT;
		return;
	}
	/* in a table whose header names the age of each column ("| | 2 y | 3 y |") */
	best = cp_cell_time(x, ks);
	/* a finding "since" an age ("obese since age 4", "has had short stature since 3 years"): then
	 * and now */
	if (best < 0 && c->c.type == CLAIM_CATEGORY && !(c->c.attr & CLAIM_A_NEGATED)) {
		for (size_t i = 0; i < x->ntm; i++) {
			const ptime *p = &x->tm[i];
			if (p->t.kind != TM_SINCE || p->t.point || p->t.tol < 0 || isnan(p->t.m0) || !cp_time_usable(x, i) ||
			    TOK(x, p->ts)->clause != s->clause)
				continue;
			c->from = p->t;
			c->from.kind = p->t.m0 == 0 ? TM_BIRTH : TM_AT;
			c->to.kind = TM_NOW;
			c->tie = TIE_SPAN;
			c->since = 1;
			c->c.attr |= CLAIM_A_TIME;
			return;
		}
	}
	/* a finding "until" an age ("her BMI was normal until age 8"): at the visits up to then */
	if (best < 0 && c->c.type == CLAIM_CATEGORY && !(c->c.attr & CLAIM_A_NEGATED)) {
		for (size_t i = 0; i < x->ntm; i++) {
			const ptime *p = &x->tm[i];
			if (p->t.kind != TM_OTHER || isnan(p->t.m0) || !is_word(x, p->ts, "until|till") || !cp_time_usable(x, i) ||
			    TOK(x, p->ts)->clause != s->clause)
				continue;
			c->from.kind = TM_AT;
			c->from.m0 = 0;
			c->from.tol = 0;
			c->to = p->t;
			c->to.kind = TM_AT;
			c->tie = TIE_SPAN;
			c->c.attr |= CLAIM_A_TIME;
			return;
		}
	}
	/* a finding "at that time", "then", "at the time" after several ages: at those visits
	 * ("dropped below -2 SD at 12 and 15 months, meeting the definition of wasting at that time") */
	if (best < 0 && c->c.type == CLAIM_CATEGORY) {
		int then = 0;
		for (size_t q = ks; q-- > 0 && TOK(x, q)->clause == s->clause;)
			then |= is_word(x, q, "then") && !is_word(x, q + 1, "caught|rose|fell|gained|lost");
		for (size_t q = ke; q < x->tk.n && q < ke + 6 && TOK(x, q)->clause == s->clause; q++)
			then |= cp_phrase(&x->tk, q, x->tk.n, "at|during that|the|those time|times|point|stage|visit|visits") != 0 ||
				is_word(x, q, "then");
		/* "During this period ..., consistent with moderate wasting": the sentence names it */
		for (size_t q = ks; q-- > 0 && same_sent(x, q, ks);)
			then |= cp_phrase(&x->tk, q, x->tk.n, "during|in|over|throughout this|that|the same? period|time|phase|interval|stage") != 0 ||
				cp_phrase(&x->tk, q, x->tk.n, "at that time|point|stage") != 0 || cp_phrase(&x->tk, q, x->tk.n, "by|back then") != 0;
		long first = -1, last = -1;
		for (size_t i = 0; then && i < x->ntm; i++) {
			const ptime *p = &x->tm[i];
			if (p->te > ks || !tie_cand(x, i, c) || p->t.kind == TM_NOW || p->t.kind == TM_CURRENT ||
			    TOK(x, p->ts)->sent + 1 < s->sent || (TOK(x, p->ts)->sent != s->sent && first >= 0 &&
								  TOK(x, x->tm[first].ts)->sent == s->sent))
				continue;
			if (first < 0 || TOK(x, p->ts)->sent != TOK(x, x->tm[first].ts)->sent)
				first = (long)i;
			last = (long)i;
		}
		if (first >= 0 && first != last) {
			c->from = x->tm[first].t;
			c->to = x->tm[last].t;
			c->tie = TIE_SPAN;
			c->c.attr |= CLAIM_A_TIME;
			return;
		}
	}
	/* "at that visit", "at the same visit", "at that time" after a number: the last time named
	 * before it in its sentence, else in the previous one ("switched to the CDC charts at 2 y; his
	 * weight went from P61 to P45 at that visit") */
	if (best < 0 && (c->c.type == CLAIM_VALUE || c->c.type == CLAIM_PERCENTILE || c->c.type == CLAIM_Z))
		best = that_time(x, c);
	/* an age right after it: "7.1 kg at 9 months", "P3 (at 9 months)", "16.6 kg (P92) at 4" */
	size_t after = past_paren(x, ke);
	for (size_t i = 0; i < x->ntm && best < 0; i++) {
		const ptime *p = &x->tm[i];
		if (p->ts > after + 1)
			break;
		if (!tie_cand(x, i, c) || p->ts < ke || !same_sent(x, p->ts, ks))
			continue; /* not the next sentence's "Now, at 6, ..." */
		/* past a closing parenthesis, not the other end of a span ("from birth (31.2 cm, z -2.57) to
		 * 18 months") */
		int paren = (p->ts == after && after != ke) || (p->ts == ke + 1 && is_p(x, ke, ')'));
		if (paren && is_word(x, p->ts, "to|until|till|through|thru"))
			continue;
		if (p->ts == ke + 1 && is_p(x, ke, ',') && next_chart_time(x, p, c))
			continue;
		if (p->ts == ke || paren || (p->ts == ke + 1 && (is_p(x, ke, '(') || is_p(x, ke, ','))))
			best = (long)i;
	}
	/* in the same clause: the nearest before it, else after it (the end of a change, "to the 12th
	 * now", only after it) */
	size_t bd = (size_t)-1;
	if (best < 0) {
		for (size_t i = 0; i < x->ntm; i++) {
			const ptime *p = &x->tm[i];
			if (!tie_cand(x, i, c) || TOK(x, p->ts)->clause != s->clause || p->te > ks)
				continue;
			if (ks - p->te < bd)
				bd = ks - p->te, best = (long)i;
		}
	}
	if (best < 0) {
		for (size_t i = 0; i < x->ntm; i++) {
			const ptime *p = &x->tm[i];
			if (!tie_cand(x, i, c) || TOK(x, p->ts)->clause != s->clause || p->ts < ke)
				continue;
			if (p->ts - ke < bd)
				bd = p->ts - ke, best = (long)i;
		}
	}
	/* a state over a span its clause names: "has stayed near the 55th percentile since age 7",
	 * "above the 95th since he was 6" */
	if (best < 0 && c->role != ROLE_FROM && (c->c.type == CLAIM_PERCENTILE || c->c.type == CLAIM_Z || c->c.type == CLAIM_VALUE)) {
		for (size_t i = 0; i < x->ntm; i++) {
			const ptime *p = &x->tm[i];
			cp_tkind k = p->t.kind;
			/* in its clause, or heading its sentence ("As a toddler, weight around the 50th") */
			int heads = k == TM_BETWEEN && same_sent(x, p->ts, ks) && p->te <= ks &&
				    (p->ts == 0 || TOK(x, p->ts - 1)->sent != TOK(x, p->ts)->sent);
			for (size_t i2 = i + 1; heads && i2 < x->ntm && x->tm[i2].te <= ks; i2++)
				heads = !tie_cand(x, i2, c); /* no age of its own between ("by 9 months (6.90 kg)") */
			if ((TOK(x, p->ts)->clause != s->clause && !heads) || !cp_time_usable(x, i) ||
			    !((k == TM_SINCE && !p->t.point && p->t.tol >= 0 && !isnan(p->t.m0)) || k == TM_PAST || k == TM_BETWEEN))
				continue;
			c->from = p->t;
			c->to.kind = TM_NOW;
			if (k == TM_BETWEEN) {
				c->from.kind = c->to.kind = TM_AT;
				c->to = p->t;
				c->to.kind = TM_AT;
				c->to.m0 = p->t.m1;
			}
			/* the end of a change over a span is its last visit; "since" after it says a state from
			 * then on ("to above the 98th since 9 months") */
			c->tie = c->role == ROLE_TO && !(k == TM_SINCE && p->ts >= ke) ? TIE_END : TIE_SPAN;
			c->c.attr |= CLAIM_A_TIME;
			return;
		}
	}
	/* "since 2 months of age, when it was at the 64th percentile": the time the "when" clause follows */
	if (best < 0) {
		size_t w = ks;
		while (w > 0 && TOK(x, w - 1)->clause == s->clause)
			w--;
		if (is_word(x, w, "when|whereupon") || (is_word(x, w, "at") && is_word(x, w + 1, "which|that") && is_word(x, w + 2, "point|time|age|stage|visit"))) {
			for (size_t i = x->ntm; i-- > 0;) {
				const ptime *p = &x->tm[i];
				if (p->te > w || !same_sent(x, p->ts, ks) || !cp_time_usable(x, i) || p->te + 2 < w)
					continue;
				cp_tkind k = p->t.kind;
				if (tie_cand(x, i, c) || ((k == TM_SINCE || k == TM_BETWEEN) && !isnan(p->t.m0))) {
					c->at = p->t;
					if (k == TM_SINCE || k == TM_BETWEEN)
						c->at.kind = c->at.m0 == 0 && k == TM_SINCE ? TM_BIRTH : TM_AT;
					c->tie = TIE_EXPLICIT;
					c->c.attr |= CLAIM_A_TIME;
					return;
				}
				break;
			}
		}
	}
	/* "has followed the 70th percentile throughout": every visit, half of them at least */
	if (best < 0 && c->role == ROLE_NONE && (c->c.type == CLAIM_PERCENTILE || c->c.type == CLAIM_Z)) {
		int whole = 0;
		for (size_t q = ke; q < x->tk.n && q < ke + 4 && TOK(x, q)->clause == s->clause; q++)
			whole |= is_word(x, q, "throughout") || cp_phrase(&x->tk, q, x->tk.n, "at|on every|all|each visit|visits") != 0 ||
				 cp_phrase(&x->tk, q, x->tk.n, "all along") != 0;
		for (size_t q = ks; q-- > 0 && q + 5 > ks && TOK(x, q)->clause == s->clause;)
			whole |= is_word(x, q, "always|consistently|throughout|persistently");
		if (whole) {
			c->from.kind = TM_NONE;
			c->to.kind = TM_NONE;
			c->tie = TIE_SPAN;
			c->c.attr |= CLAIM_A_TIME;
			return;
		}
	}
	/* "has since improved to the 12th percentile": now */
	if (best < 0) {
		for (size_t q = ks; q-- > 0 && TOK(x, q)->clause == s->clause;)
			if (is_word(x, q, "since|now|currently|presently") && !(x->tf[q] & TF_TIME)) {
				c->at.kind = TM_NOW;
				c->tie = TIE_NOW;
				return;
			}
	}
	/* the nearest before it in the sentence (not across a semicolon or a dash), else after it
	 * across commas only */
	if (best < 0) {
		for (size_t i = 0; i < x->ntm; i++) {
			const ptime *p = &x->tm[i];
			if (!tie_cand(x, i, c) || TOK(x, p->ts)->sent != s->sent || p->te > ks)
				continue;
			best = (long)i;
		}
		/* not across a semicolon or a dash, unless the age heads its sentence ("3 y: wt 14.4 kg;
		 * ht 96.3 cm") */
		size_t he = best >= 0 ? x->tm[best].te : 0;
		if (best >= 0 && is_p(x, he, '('))
			while (he < ks && !is_p(x, he, ')'))
				he++;
		int heading = best >= 0 && (is_p(x, x->tm[best].te, ':') || (is_p(x, he, ')') && is_p(x, he + 1, ':')));
		for (size_t q = best >= 0 ? x->tm[best].te : ks; q < ks && !heading; q++)
			if ((is_p(x, q, ';') || is_p(x, q, 'D')) && !past_goes_on(x, q, ks))
				best = -1;
	}
	if (best < 0) {
		for (size_t i = 0; i < x->ntm; i++) {
			const ptime *p = &x->tm[i];
			if (!tie_cand(x, i, c) || TOK(x, p->ts)->sent != s->sent || p->ts < ke)
				continue;
			if (soft_gap(x, ke, p->ts))
				best = (long)i;
			break;
		}
	}
	/* the previous sentence's age, in the same paragraph (not for the start of a change: "His weight
	 * has gone from the 45th to the 92nd percentile" after "now at 10") */
	if (best < 0 && s->sent > 0 && c->role != ROLE_FROM) {
		long ga = -1;
		for (size_t i = 0; i < x->ntm; i++) {
			const ptime *p = &x->tm[i];
			const cp_tok *pt = TOK(x, p->ts);
			if (pt->sent + 1 != s->sent || pt->para != s->para || !tie_cand(x, i, c))
				continue;
			/* an age after birth before the gestation; the gestation only for a value ("Rosa, 24
			 * months (born 34+1 weeks). WHO charts.": not the birth's chart) */
			if (born_time(x, p)) {
				ga = (long)i;
				continue;
			}
			best = (long)i;
			tie = TIE_CARRIED;
		}
		if (best < 0 && ga >= 0 && c->c.type == CLAIM_VALUE) { /* "Born at 34 weeks. BW 2.1 kg." */
			best = ga;
			tie = TIE_CARRIED;
		}
	}
	if (best < 0) {
		c->tie = TIE_DEFAULT;
		return;
	}
	c->at = x->tm[best].t;
	/* a list of ages right after it: "below -2 SD at 12 and 15 months", "P1 at 9, 12 and 15 months" */
	if ((c->c.type == CLAIM_VALUE || c->c.type == CLAIM_PERCENTILE || c->c.type == CLAIM_Z) && x->tm[best].ts >= ke &&
	    x->tm[best].t.kind == TM_AT && tie == TIE_EXPLICIT) {
		c->list[0] = x->tm[best].t;
		c->nlist = 1;
		for (size_t i = (size_t)best + 1; i < x->ntm && c->nlist < 4; i++) {
			const ptime *p = &x->tm[i], *pv = &x->tm[i - 1];
			int gap = p->ts > pv->te && p->ts <= pv->te + 2 && p->t.kind == TM_AT && !p->t.ahead;
			for (size_t q = pv->te; gap && q < p->ts; q++)
				gap = is_word(x, q, "and|or|&") || is_p(x, q, ',');
			if (!gap)
				break;
			c->list[c->nlist++] = p->t;
		}
		if (c->nlist < 2)
			c->nlist = 0;
	}
	if (c->at.kind == TM_SINCE) /* "from birth (3.1 kg)": that visit */
		c->at.kind = c->at.point == 2 ? TM_BIRTH : TM_AT;
	if (until_time(x, &x->tm[best], c)) {
		const ptime *u = &x->tm[best];
		if (u->ts == 0 || TOK(x, u->ts - 1)->sent != TOK(x, u->ts)->sent) {
			/* "Until 2 years ..., with weight around the 12th-20th percentile": the span */
			c->from.kind = TM_AT;
			c->from.m0 = 0;
			c->to = u->t;
			c->to.kind = TM_AT;
			c->to.m0 = u->t.m0 - (u->t.m0 >= 12 ? 1 : 0.25);
			c->tie = TIE_SPAN;
			c->c.attr |= CLAIM_A_TIME;
			return;
		}
		c->at.kind = TM_AT;
	}
	if (born_time(x, &x->tm[best])) { /* "born at term weighing 3.64 kg": the birth visit */
		c->at.kind = TM_BIRTH;
		c->at.m0 = 0;
	}
	c->tie = c->at.kind == TM_NOW || c->at.kind == TM_CURRENT ? TIE_NOW : tie;
	if (tie == TIE_EXPLICIT)
		c->c.attr |= CLAIM_A_TIME;
	if (tie == TIE_CARRIED)
		c->c.attr |= CLAIM_A_CARRIED;
	if (c->at.corrected)
		c->c.attr |= CLAIM_A_CORRECTED;
}

/* The span the times of one clause (sent 0) or sentence (sent 1) name, nearest the claim first:
 * "since 9 months", "over the past 6 months", "between 6 and 12 months", else its first and last
 * ages.  Returns 1 when they name one. */

/* ================================================================== indicators */

static void add_ind(cp_claim *c, int ind)
{
	if (ind < 0 || ind >= GV_NIND || c->nind >= 3)
		return;
	for (int i = 0; i < c->nind; i++)
		if (c->inds[i] == (gv_ind)ind)
			return;
	c->inds[c->nind++] = (gv_ind)ind;
}

/* The indicator phrase at q and those joined to it before ("weight and length"), in text order. */
static void ind_group(const pctx *x, size_t q, cp_claim *c)
{
	size_t grp[3];
	int ng = 0;
	grp[ng++] = q;
	size_t k = q;
	while (ng < 3 && k > 0) {
		size_t j = k - 1;
		if (!(is_word(x, j, "and|or|both|nor") || is_p(x, j, ',') || is_p(x, j, '/') || is_p(x, j, '&')))
			break;
		long found = -1;
		for (size_t b = j; b > 0 && b + 5 > j; b--)
			if (x->ind[b - 1] >= 0 && b - 1 + x->indlen[b - 1] == j) {
				found = (long)b - 1;
				break;
			}
		if (found < 0)
			break;
		grp[ng++] = (size_t)found;
		k = (size_t)found;
	}
	while (ng > 0)
		add_ind(c, x->ind[grp[--ng]]);
}

/* The last indicator word of the sentence before s, in the same paragraph. */
static int prev_sentence_ind(const pctx *x, size_t ks)
{
	const cp_tok *s = TOK(x, ks);
	if (s->sent == 0)
		return -1;
	int ind = -1;
	for (size_t q = ks; q-- > 0;) {
		const cp_tok *t = TOK(x, q);
		if (t->sent + 1 < s->sent || t->para != s->para)
			break;
		if (t->sent + 1 == s->sent && x->ind[q] >= 0) {
			ind = x->ind[q];
			break;
		}
	}
	return ind;
}

/* The indicator of a percentile or z claim (claims.h, "How claims are tied"). */
void cp_tie_ind(pctx *x, cp_claim *c)
{
	size_t ks = c->ks, ke = c->ke;
	if (c->nind)
		return;
	/* the value it follows: "9.8 kg (25th percentile)" */
	const cp_claim *v = NULL;
	for (size_t i = 0; i < x->r->n; i++) {
		const cp_claim *o = &x->r->v[i];
		if (o->c.type == CLAIM_VALUE && o->ke <= ks && ks - o->ke <= 8 && same_sent(x, o->ks, ks) &&
		    (!v || o->ke > v->ke))
			v = o;
	}
	if (v) {
		int ok = 1;
		for (size_t q = v->ke; q < ks && ok; q++) {
			const cp_tok *t = TOK(x, q);
			if ((t->kind == TK_NUM && !(x->tf[q] & TF_TIME)) || x->ind[q] >= 0 || cp_ispunct(t, ';') ||
			    cp_isany(t, "but|while|whereas|however"))
				ok = 0;
		}
		if (ok && v->whom == WHO_CHILD) {
			add_ind(c, v->inds[0]);
			return;
		}
		/* "a mid-parental target of 166.5 cm (around the 25th percentile)": not the child's */
		if (ok && v->whom != WHO_CHILD) {
			c->whom = v->whom;
			c->aside = is_p(x, v->ke, '(');
			return;
		}
	}
	/* "for weight" after it */
	size_t q = ke;
	if (is_word(x, q, "for|in|of|on"))
		q++;
	while (is_word(x, q, "the|his|her|their|its"))
		q++;
	if (q < x->tk.n && x->ind[q] >= 0 && same_sent(x, q, ks) && q <= ke + 4) {
		add_ind(c, x->ind[q]);
		return;
	}
	/* the nearest indicator word before it in the sentence (not inside an aside: "His BMI (a
	 * measure of weight for height) is 22.3, at the 95th percentile") */
	for (size_t b = ks; b-- > 0 && same_sent(x, b, ks);) {
		b = aside_open(x, b);
		if (x->ind[b] >= 0 && b + x->indlen[b] <= ks) {
			ind_group(x, b, c);
			return;
		}
	}
	/* after it in its clause: "at the 50th percentile, her weight ..." */
	for (size_t a = ke; a < x->tk.n && a < ke + 6 && TOK(x, a)->clause == TOK(x, ks)->clause; a++)
		if (x->ind[a] >= 0) {
			add_ind(c, x->ind[a]);
			return;
		}
	/* "growth has tracked the 50th percentile": about growth as a whole */
	for (size_t b = ks; b-- > 0 && same_sent(x, b, ks);)
		if (is_word(x, b, "growth|growing|grown|grew|measurements|parameters|overall"))
			return;
	add_ind(c, prev_sentence_ind(x, ks));
	if (c->nind)
		c->c.attr |= CLAIM_A_CARRIED;
}

/* The indicator of a trend: its clause, then its sentence, else growth as a whole when the words
 * are about growth, else the previous sentence's. */
void cp_trend_ind(pctx *x, cp_claim *c)
{
	size_t ks = c->ks, ke = c->ke;
	const cp_tok *s = TOK(x, ks);
	if (c->nind)
		return;
	/* "slowing height with steady weight gain": the measure the trend word qualifies */
	if (ke < x->tk.n && x->ind[ke] >= 0 && same_sent(x, ke, ks) &&
	    (is_word(x, ke + x->indlen[ke], "gain|gains|growth|loss|velocity|increase|increases|rise|fall|decline|curve|line") ||
	     is_word(x, ke + x->indlen[ke] - 1, "gain|gains|growth"))) {
		add_ind(c, x->ind[ke]);
		return;
	}
	/* "It has been falling away from the curves": the pronoun's antecedent, the nearest indicator
	 * before it (in its sentence, else the one before) */
	int pronoun = 0;
	for (size_t q = ks; q-- > 0 && TOK(x, q)->clause == s->clause;)
		if (is_word(x, q, "it|its|it's")) {
			pronoun = 1;
			break;
		} else if (x->ind[q] >= 0) {
			break;
		}
	if (pronoun) {
		for (size_t b = ks; b-- > 0 && same_sent(x, b, ks);)
			if (x->ind[b] >= 0 && b + x->indlen[b] <= ks) {
				ind_group(x, b, c);
				return;
			}
		add_ind(c, prev_sentence_ind(x, ks));
		if (c->nind)
			return;
	}
	for (size_t b = ks; b-- > 0 && TOK(x, b)->clause == s->clause;)
		if (x->ind[b] >= 0 && b + x->indlen[b] <= ks) {
			ind_group(x, b, c);
			return;
		}
	for (size_t a = ke; a < x->tk.n && a < ke + 8 && TOK(x, a)->clause == s->clause; a++)
		if (x->ind[a] >= 0) {
			add_ind(c, x->ind[a]);
			return;
		}
	for (size_t b = ks; b-- > 0 && same_sent(x, b, ks);)
		if (x->ind[b] >= 0 && b + x->indlen[b] <= ks) {
			ind_group(x, b, c);
			return;
		}
	for (size_t q = ks; q-- > 0 && TOK(x, q)->clause == s->clause;)
		if (is_word(x, q, "growth|growing|grown|grew|grow|she|he|they|child|baby|infant|toddler|overall"))
			break;
	int generic = 0;
	for (size_t q = ks; q-- > 0 && same_sent(x, q, ks);)
		if (is_word(x, q, "growth|growing|grown|grew|grow|overall|curves|measurements|parameters"))
			generic = 1;
	for (size_t q = ks; q < x->tk.n && q < ke + 3 && same_sent(x, q, ks); q++)
		if (is_word(x, q, "growth|growing|grown|grew|overall"))
			generic = 1;
	if (!generic) {
		add_ind(c, prev_sentence_ind(x, ks));
		if (c->nind)
			return;
	}
	c->c.attr |= CLAIM_A_GENERIC;
}
