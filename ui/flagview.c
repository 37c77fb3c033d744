/* flagview.c — the flags engine's result shaped for the TUI (flagview.h). */
#include "ui/flagview.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/flagsum.h"

void flagview_init(flagview *fv)
{
	memset(fv, 0, sizeof *fv);
}

void flagview_free(flagview *fv)
{
	free(fv->items);
	free(fv->raw);
	free(fv->met);
	memset(fv, 0, sizeof *fv);
}

/* The rule table's entry for a rule id (wording, threshold text); NULL when unknown. */
static const gv_rule_info *rule_info(const char *id)
{
	static gv_rule_info tab[128];
	static size_t n;
	if (n == 0) {
		size_t k = flags_nrules();
		for (size_t i = 0; i < k && n < sizeof tab / sizeof tab[0]; i++)
			if (flags_rule_info(i, &tab[n]))
				n++;
	}
	for (size_t i = 0; i < n; i++)
		if (strcmp(tab[i].id, id) == 0)
			return &tab[i];
	return NULL;
}

static int group(const flagview_item *it)
{
	if (it->current && !it->acked)
		return 0;
	if (it->current)
		return 1;
	return 2;
}

static int cmp_items(const void *a, const void *b)
{
	const flagview_item *x = a, *y = b;
	int gx = group(x), gy = group(y);
	if (gx != gy)
		return gx - gy;
	if (x->severity != y->severity)
		return (int)y->severity - (int)x->severity;
	if (x->date != y->date)
		return x->date > y->date ? -1 : 1;
	return strcmp(x->rule, y->rule);
}

gv_status flagview_compute(flagview *fv, const gv_child *c, const gv_result *res, const gv_flag_options *o,
			   const store_ack *acks, size_t nacks)
{
	fv->n = 0;
	fv->nopen = 0;
	fv->open_severity = 0;
	size_t total = 0, nv = c->nv;
	for (;;) {
		if (fv->rawcap * nv > fv->metcap) {
			unsigned char *m = realloc(fv->met, fv->rawcap * nv);
			if (!m)
				return GV_ENOMEM;
			fv->met = m;
			fv->metcap = fv->rawcap * nv;
		}
		gv_status st = flags_eval_met(c, res, o, fv->raw, fv->rawcap, &total, fv->met);
		if (st != GV_OK)
			return st;
		if (total <= fv->rawcap)
			break;
		gv_flag *r = realloc(fv->raw, total * sizeof *r);
		if (!r)
			return GV_ENOMEM;
		fv->raw = r;
		fv->rawcap = total;
	}
	if (total > fv->cap) {
		flagview_item *it = realloc(fv->items, total * sizeof *it);
		if (!it)
			return GV_ENOMEM;
		fv->items = it;
		fv->cap = total;
	}
	int32_t last = c->nv ? c->v[c->nv - 1].date : 0;
	for (size_t i = 0; i < total; i++) {
		const gv_flag *f = &fv->raw[i];
		flagview_item *it = &fv->items[i];
		const gv_rule_info *ri = rule_info(f->rule);
		memset(it, 0, sizeof *it);
		it->rule = f->rule;
		it->label = ri ? ri->label : f->rule;
		it->category = flags_cat_name(f->category);
		it->severity = f->severity;
		it->date = f->date;
		it->date_from = f->date_from;
		it->visit = f->visit;
		it->indicator = f->indicator;
		it->value = f->value;
		it->z = f->z;
		it->percentile = f->percentile;
		it->metric = f->metric;
		it->threshold = f->threshold;
		it->threshold_text = ri ? ri->threshold_text : "";
		it->source = f->source;
		it->implausible = f->category == GV_CAT_IMPLAUSIBLE_VALUE;
		it->suspect = f->suspect;
		it->corrected = f->corrected;
		/* the same test as the list's markers (core/flagsum.h) */
		it->current = !(f->date < last - GV_FLAGS_CURRENT_DAYS);
		it->acked = flagsum_acked_in(fv->raw, total, i, acks, nacks);
		it->met = nv ? fv->met + i * nv : NULL;
		memcpy(it->detail, f->detail, sizeof it->detail);
		it->detail[sizeof it->detail - 1] = '\0';
	}
	fv->n = total;
	if (fv->n > 1)
		qsort(fv->items, fv->n, sizeof *fv->items, cmp_items);
	for (size_t i = 0; i < fv->n && group(&fv->items[i]) == 0; i++) {
		fv->nopen++;
		int code = flagsum_code(fv->items[i].severity);
		if (code > fv->open_severity)
			fv->open_severity = code;
	}
	return GV_OK;
}

enum { M_WEIGHT = 1, M_HEIGHT = 2, M_HEAD = 4, M_ARM = 8 };

/* The measurements a chart of indicator ind is drawn from. */
static unsigned uses(gv_ind ind)
{
	switch (ind) {
	case GV_WFA:
		return M_WEIGHT;
	case GV_LHFA:
		return M_HEIGHT;
	case GV_BFA:
	case GV_WFLH:
		return M_WEIGHT | M_HEIGHT;
	case GV_HCFA:
		return M_HEAD;
	case GV_ACFA:
		return M_ARM;
	default:
		return 0;
	}
}

/* The measurements an implausible-value flag is about. */
static unsigned about(const flagview_item *it)
{
	if (strcmp(it->rule, "weight_height_swapped") == 0)
		return M_WEIGHT | M_HEIGHT;
	switch (it->indicator) {
	case GV_WFA:
		return M_WEIGHT;
	case GV_LHFA:
		return M_HEIGHT;
	case GV_HCFA:
		return M_HEAD;
	case GV_ACFA:
		return M_ARM;
	default:
		/* a BIV on BMI or weight-for-length: both of its measurements are in doubt */
		return uses(it->indicator);
	}
}

int flagview_met(const flagview_item *it, size_t visit)
{
	return it->visit == visit || (it->met && it->met[visit]);
}

int flagview_point(const flagview *fv, size_t visit, gv_ind ind)
{
	int state = 0;
	for (size_t i = 0; i < fv->n; i++) {
		const flagview_item *it = &fv->items[i];
		if (!flagview_met(it, visit))
			continue;
		if (it->implausible) {
			if (about(it) & uses(ind))
				return 2;
		} else if (it->indicator == ind) {
			state = 1;
		}
	}
	return state;
}

const char *flagview_marker(gv_severity s)
{
	switch (s) {
	case GV_SEV_SEVERE:
		return "!!";
	case GV_SEV_MODERATE:
		return "! ";
	case GV_SEV_CHECK:
		return "? ";
	default:
		return "i ";
	}
}

const char *flagview_marker_code(int code)
{
	return code <= 0 ? "  " : flagview_marker((gv_severity)(code - 1));
}
