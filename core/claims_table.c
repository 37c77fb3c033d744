/* claims_table.c — the claim checker's parser: markdown tables.  A summary may give its numbers as
 * a table ("| 9 mo | 18.9 kg (P89) | 104.0 cm (P76) |"): each body row is a sentence and each cell
 * a clause (claims_tok.c), the row's age cell ties its cells (claims_time.c), and the header cell
 * of a column (or the label cell of a row) says what a cell's bare number is and which indicator
 * it is about: "Weight (kg)" makes "12.0" a weight in kilograms, "Percentile" makes "64th" a
 * percentile, "z" a z-score, "Age (months)" an age, "2 y" over a column the age of its cells. */
#include <stdlib.h>
#include <string.h>

#include "core/claims_pint.h"

/* A row of a table: a line that starts with '|' and holds at least two. */
static int row_at(const pctx *x, size_t k, size_t *end)
{
	if (!is_p(x, k, '|') || (k > 0 && !(TOK(x, k)->sp & SP_NL)))
		return 0;
	int pipes = 0;
	size_t j = k;
	while (j < x->tk.n && (j == k || !(TOK(x, j)->sp & SP_NL))) {
		pipes += is_p(x, j, '|');
		j++;
	}
	*end = j;
	return pipes >= 2;
}

/* A separator row: only pipes, dashes, colons. */
static int separator(const pctx *x, size_t a, size_t b)
{
	int dash = 0;
	for (size_t q = a; q < b; q++) {
		if (!(is_p(x, q, '|') || is_p(x, q, '-') || is_p(x, q, ':') || is_p(x, q, 'D')))
			return 0;
		dash |= is_p(x, q, '-') || is_p(x, q, 'D');
	}
	return dash;
}

/* What the words of a header or label cell [a, b) say about the cells under or beside it. */
static void cell_facts(const pctx *x, size_t a, size_t b, cp_cell *f)
{
	f->ind = -1;
	f->kind = CELL_NONE;
	f->unit = 0;
	for (size_t q = a; q < b; q++) {
		if (x->ind[q] >= 0 && f->ind < 0)
			f->ind = x->ind[q];
		if (cp_pct_word(x, q) || is_word(x, q, "pctl|p|percentiles|centiles"))
			f->kind = CELL_PCT;
		else if (is_word(x, q, "z|zscore|sds|sd|waz|haz|laz|whz|wlz|baz|hcz|bmiz") && f->kind != CELL_PCT)
			f->kind = CELL_Z;
		else if (is_word(x, q, "age|ages") && f->kind == CELL_NONE)
			f->kind = CELL_AGE;
	}
	/* the unit: "Weight (kg)", "Age (months)", "Height, cm" */
	for (size_t q = a; q < b; q++) {
		const cp_tok *t = TOK(x, q);
		int u = 0;
		if (cp_isany(t, "kg|kgs|kilograms"))
			u = is_p(x, q + 1, '/') ? U_BMI : U_KG;
		else if (cp_isany(t, "g|grams"))
			u = U_G;
		else if (cp_isany(t, "lb|lbs|pounds"))
			u = U_LB;
		else if (cp_isany(t, "cm|centimetres|centimeters"))
			u = U_CM;
		else if (cp_isany(t, "mm"))
			u = U_MM;
		else if (cp_isany(t, "in|inches") && is_p(x, q - 1, '('))
			u = U_IN;
		if (u && (f->kind == CELL_NONE || f->kind == CELL_VALUE)) {
			f->kind = CELL_VALUE;
			f->unit = (uint8_t)u;
			break;
		}
		if (f->kind == CELL_AGE) {
			int years;
			double m = cp_time_unit(x, q, 1, &years);
			if (m > 0) {
				f->unit = m == 1 ? 1 : years ? 12 : 0;
				if (m < 1)
					f->unit = 0; /* weeks and days: not taken */
				break;
			}
		}
	}
	if (f->kind == CELL_NONE && f->ind == GV_BFA) {
		f->kind = CELL_VALUE;
		f->unit = U_BMI;
	}
	if (f->kind == CELL_AGE && f->unit == 0)
		f->unit = 1; /* "Age": bare numbers are taken with their own units only (see cp_cell_age) */
}

gv_status cp_find_tables(pctx *x)
{
	size_t n = x->tk.n;
	x->cell = NULL;
	int any = 0;
	size_t end;
	for (size_t k = 0; k < n && !any; k++)
		any = row_at(x, k, &end);
	if (!any)
		return GV_OK;
	x->cell = malloc(n * sizeof *x->cell);
	if (!x->cell)
		return GV_ENOMEM;
	for (size_t k = 0; k < n; k++) {
		x->cell[k].col = -1;
		x->cell[k].ind = -1;
		x->cell[k].kind = CELL_NONE;
		x->cell[k].unit = 0;
		x->cell[k].hdr = 0;
		x->cell[k].cs = x->cell[k].ce = k;
	}
	enum { MAXCOL = 16 };
	size_t k = 0;
	while (k < n) {
		if (!row_at(x, k, &end)) {
			k++;
			continue;
		}
		/* a block of rows; the first is a header when a separator follows it */
		cp_cell head[MAXCOL];
		int nhead = 0;
		size_t e2;
		int has_head = end < n && row_at(x, end, &e2) && separator(x, end, e2) && !(TOK(x, end)->sp & SP_PARA);
		size_t r = k;
		int first = 1;
		while (r < n && row_at(x, r, &end) && (r == k || !(TOK(x, r)->sp & SP_PARA))) {
			if (separator(x, r, end)) {
				r = end;
				first = 0;
				continue;
			}
			int header = first && has_head;
			/* the cells of the row */
			size_t cs[MAXCOL + 1], ce[MAXCOL + 1];
			int nc = 0;
			for (size_t q = r; q < end && nc < MAXCOL;) {
				if (!is_p(x, q, '|')) {
					q++;
					continue;
				}
				size_t a = q + 1, b = a;
				while (b < end && !is_p(x, b, '|'))
					b++;
				if (b >= end)
					break;
				cs[nc] = a;
				ce[nc] = b;
				nc++;
				q = b;
			}
			if (header) {
				nhead = nc;
				for (int c = 0; c < nc; c++) {
					cell_facts(x, cs[c], ce[c], &head[c]);
					for (size_t q = cs[c]; q < ce[c]; q++) {
						x->cell[q] = head[c];
						x->cell[q].col = (int16_t)c;
						x->cell[q].hdr = 1;
						x->cell[q].cs = cs[c];
						x->cell[q].ce = ce[c];
					}
				}
			} else {
				cp_cell label;
				cell_facts(x, cs[0], nc ? ce[0] : cs[0], &label);
				for (int c = 0; c < nc; c++) {
					cp_cell f;
					f.ind = -1;
					f.kind = CELL_NONE;
					f.unit = 0;
					if (c < nhead)
						f = head[c];
					/* the row's label says what the bare numbers beside it are where the header
					 * does not (its indicator words are the sentence's already) */
					if (c > 0 && f.kind == CELL_NONE && label.kind != CELL_AGE) {
						f.kind = label.kind;
						f.unit = label.unit;
					}
					for (size_t q = cs[c]; q < ce[c]; q++) {
						x->cell[q] = f;
						x->cell[q].col = (int16_t)c;
						x->cell[q].hdr = 0;
						x->cell[q].cs = cs[c];
						x->cell[q].ce = ce[c];
					}
				}
			}
			first = 0;
			r = end;
		}
		k = r > k ? r : k + 1;
	}
	return GV_OK;
}

double cp_cell_age(const pctx *x, size_t k)
{
	if (!x->cell || x->cell[k].col < 0 || x->cell[k].hdr || x->cell[k].kind != CELL_AGE || x->cell[k].cs != k)
		return 0;
	return x->cell[k].unit;
}

int cp_cell_own_ind(const pctx *x, size_t k)
{
	if (!x->cell || x->cell[k].col < 0)
		return -1;
	for (size_t q = x->cell[k].cs; q < x->cell[k].ce; q++)
		if (x->ind[q] >= 0)
			return x->ind[q];
	return -1;
}

long cp_cell_time(const pctx *x, size_t k)
{
	if (!x->cell || x->cell[k].col < 0 || x->cell[k].hdr)
		return -1;
	int col = x->cell[k].col;
	/* the header row of this table: the rows above, up to the separator and the header */
	size_t q = x->cell[k].cs;
	while (q > 0 && !(x->cell[q - 1].col >= 0 && x->cell[q - 1].hdr) &&
	       (x->cell[q - 1].col >= 0 || is_p(x, q - 1, '|') || is_p(x, q - 1, '-') || is_p(x, q - 1, ':') ||
		is_p(x, q - 1, 'D')))
		q--;
	if (q == 0 || !(x->cell[q - 1].col >= 0 && x->cell[q - 1].hdr))
		return -1;
	/* the header cell of the column */
	size_t h = q - 1;
	while (h > 0 && x->cell[h].col != col && (x->cell[h].hdr || is_p(x, h, '|')))
		h--;
	if (x->cell[h].col != col || !x->cell[h].hdr)
		return -1;
	for (size_t i = 0; i < x->ntm; i++)
		if (x->tm[i].ts >= x->cell[h].cs && x->tm[i].te <= x->cell[h].ce)
			return (long)i;
	return -1;
}
