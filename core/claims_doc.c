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
