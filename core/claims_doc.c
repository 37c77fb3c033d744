/* claims_doc.c — the claim checker's parser: what the document as a whole says about the time of
 * its claims -- the visit its heading names ("Amara - 3-year well visit (March 2023)": the summary
 * is written at that visit, so its "now", its defaults and the flags open are that visit's). */
#include <math.h>
#include <string.h>

#include "core/claims_pint.h"

/* Words that make a heading the title of a visit's note. */
static const char *const visit_words = "visit|review|check|checkup|clinic|appointment|assessment|consultation|"
				       "attendance|well|wcc|exam|examination|follow|summary|note|letter|report";

/* The first line of the text is a heading -- a line of its own, short, not a sentence that goes
 * on ("Amara - 3-year well visit (March 2023)", "## Growth review at 18 months", "**Theo, 9 y**")
 * -- that names one visit (an age or a date) and a visit word, or a date: x->r->head gets that
 * time.  A line that ends a sentence or holds a number other than its time is no heading; a visit
 * to come, a span or a current age ("a 4-year-old") is no heading visit. */
void cp_find_heading(pctx *x)
{
	size_t n = x->tk.n, e = 0;
	if (n == 0)
		return;
	while (e < n && (e == 0 || !(TOK(x, e)->sp & SP_NL)))
		e++;
	if (e >= n || e > 24)
		return; /* a text of one line, or a long first line: no heading */
	int words = 0, visit = 0;
	for (size_t k = 0; k < e; k++) {
		const cp_tok *t = TOK(x, k);
		if (t->kind == TK_PUNCT && t->eos && t->p != ':')
			return; /* a sentence, not a heading */
		if (t->kind == TK_NUM && !(x->tf[k] & TF_TIME))
			return; /* a measurement: a line of the note, not its heading */
		if (t->kind == TK_WORD) {
			words++;
			visit |= is_word(x, k, visit_words);
		}
	}
	if (words > 12)
		return;
	const cp_time *age = NULL, *date = NULL;
	for (size_t i = 0; i < x->ntm; i++) {
		const ptime *p = &x->tm[i];
		if (p->ts >= e)
			break;
		if (p->te > e || p->t.ahead)
			continue;
		const cp_time **slot = p->t.kind == TM_DATE || p->t.kind == TM_MONTH ? &date
				       : p->t.kind == TM_AT && !p->t.pma && visit ? &age : NULL;
		if (!slot)
			continue;
		if (*slot)
			return; /* two visits named: not one visit's note */
		*slot = &p->t;
	}
	const cp_time *found = age ? age : date;
	if (found)
		x->r->head = *found;
}

/* "Overall this is healthy, normal growth": two normal-growth words of one scope joined by a comma,
 * "and" or a slash are one claim (its span both). */
void cp_merge_normals(pctx *x)
{
	cp_result *r = x->r;
	size_t i = 0;
	while (i + 1 < r->n) {
		cp_claim *a = &r->v[i], *b = &r->v[i + 1];
		int ok = a->c.type == CLAIM_CATEGORY && b->c.type == CLAIM_CATEGORY && a->c.category == CLAIM_CAT_NORMAL &&
			 b->c.category == CLAIM_CAT_NORMAL && a->scope == b->scope && same_sent(x, a->ks, b->ks) &&
			 (a->c.attr & CLAIM_A_NEGATED) == (b->c.attr & CLAIM_A_NEGATED) && b->ks >= a->ke && b->ks <= a->ke + 2;
		for (size_t q = ok ? a->ke : 0; ok && q < b->ks; q++)
			ok = is_p(x, q, ',') || is_p(x, q, '/') || is_word(x, q, "and");
		if (!ok) {
			i++;
			continue;
		}
		a->c.attr |= b->c.attr & (CLAIM_A_HEDGED | CLAIM_A_TIME);
		a->ke = b->ke;
		a->c.end = b->c.end;
		memmove(&r->v[i + 1], &r->v[i + 2], (r->n - i - 2) * sizeof r->v[0]);
		r->n--;
	}
}

/* A number in parentheses right after another number's claim ("has since fallen below the 5th
 * centile (13.1 kg/m2, 1st centile)", "to the 89th (47.6 cm)", "from the 11th centile (5.40 kg)")
 * is said of the same time as that claim, and is the same end of a change: it takes that claim's
 * tie and role, unless a time inside the parentheses ties it ("(9.0 kg at 12 months)").  Called
 * after the claim's own tie; the claim before it is resolved already (text order). */
void cp_paren_tie(pctx *x, cp_claim *c)
{
	size_t q = c->ks;
	while (q > 0 && q + 12 > c->ks && !is_p(x, q - 1, '(')) {
		q--;
		if (!(x->tf[q] & TF_USED) && !is_p(x, q, ',') && !is_p(x, q, ';'))
			return;
	}
	if (q == 0 || !is_p(x, q - 1, '('))
		return;
	size_t open = q - 1, close = c->ke;
	while (close < x->tk.n && close < c->ke + 12 && !is_p(x, close, ')'))
		close++;
	const cp_claim *a = NULL;
	for (size_t i = 0; i < x->r->n; i++) {
		const cp_claim *o = &x->r->v[i];
		if (o != c && o->ke == open &&
		    (o->c.type == CLAIM_VALUE || o->c.type == CLAIM_PERCENTILE || o->c.type == CLAIM_Z))
			a = o;
	}
	if (!a || a->whom != WHO_CHILD || c->role != ROLE_NONE)
		return;
	size_t b0 = TOK(x, open)->start, b1 = close < x->tk.n ? TOK(x, close)->end : x->len;
	const cp_time *own = c->tie == TIE_SPAN ? &c->from : &c->at;
	if ((c->tie == TIE_EXPLICIT || c->tie == TIE_SPAN) && own->kind != TM_NONE && own->start >= b0 && own->start < b1)
		return;
	c->at = a->at;
	c->tie = a->tie;
	c->from = a->from;
	c->to = a->to;
	c->since = a->since;
	c->role = a->role;
	c->nlist = 0;
	c->c.attr = (c->c.attr & ~(CLAIM_A_TIME | CLAIM_A_CARRIED | CLAIM_A_PAST)) |
		    (a->c.attr & (CLAIM_A_TIME | CLAIM_A_CARRIED | CLAIM_A_PAST));
}
