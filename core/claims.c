/* claims.c — the claim checker's public side (see claims.h): extraction results, names, matching
 * planted spans, omitted flags.  The parser is claims_parse.c and its helpers; the child's engine
 * results and the verdicts are claims_judge.c. */
#include "core/claims.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/claims_parse.h"

/* Copy the parser's claims into a public result. */
gv_status claims_from_parse(const cp_result *pr, claims_result *out)
{
	out->claims = malloc((pr->n ? pr->n : 1) * sizeof *out->claims);
	if (!out->claims)
		return GV_ENOMEM;
	for (size_t i = 0; i < pr->n; i++)
		out->claims[i] = pr->v[i].c;
	out->n = pr->n;
	return GV_OK;
}

gv_status claims_extract(const char *text, size_t len, claims_result *out)
{
	memset(out, 0, sizeof *out);
	if (!text && len)
		return GV_EINVAL;
	cp_result pr;
	gv_status st = cp_parse(text ? text : "", text ? len : 0, &pr);
	if (st != GV_OK)
		return st;
	st = claims_from_parse(&pr, out);
	free(pr.v);
	return st;
}

void claims_free(claims_result *r)
{
	if (!r)
		return;
	free(r->claims);
	memset(r, 0, sizeof *r);
}

size_t claims_find_overlap(const claims_result *r, size_t start, size_t end, claim_verdict v)
{
	if (!r)
		return CLAIMS_NO_VISIT;
	for (size_t i = 0; i < r->n; i++) {
		const gv_claim *c = &r->claims[i];
		if (v != CLAIM_NVERDICTS && c->verdict != v)
			continue;
		int hit = start < end ? (c->start < end && start < c->end) : (c->start <= start && start < c->end);
		if (hit)
			return i;
	}
	return CLAIMS_NO_VISIT;
}

size_t claims_omitted(const claims_result *r, gv_flag_cat *cats, size_t cap)
{
	size_t n = 0;
	for (int c = 0; c < GV_CAT_COUNT; c++)
		if (r && (r->omitted & GV_CAT_BIT(c))) {
			if (cats && n < cap)
				cats[n] = (gv_flag_cat)c;
			n++;
		}
	return n;
}

/* ------------------------------------------------------------------ names */

static const char *const type_names[CLAIM_NTYPES] = {"value", "age", "percentile", "z", "category", "trend", "basis",
						     "advice"};
static const char *const verdict_names[CLAIM_NVERDICTS] = {"unverifiable", "supported", "contradicted"};

const char *claims_type_name(claim_type t)
{
	return (unsigned)t < CLAIM_NTYPES ? type_names[t] : "";
}

const char *claims_verdict_name(claim_verdict v)
{
	return (unsigned)v < CLAIM_NVERDICTS ? verdict_names[v] : "";
}

const char *claims_ind_name(gv_ind i)
{
	return (unsigned)i < GV_NIND ? refs_ind_name(i) : "";
}

const char *claims_ref_name(gv_ref r)
{
	return r == GV_REF_NONE ? "" : refs_ref_name(r);
}

const char *claims_trend_name(claim_trend t)
{
	static const char *const n[CLAIM_NTRENDS] = {"", "steady", "rising", "falling", "plateau", "change"};
	return (unsigned)t < CLAIM_NTRENDS ? n[t] : "";
}

const char *claims_basis_name(claim_basis b)
{
	static const char *const n[CLAIM_NBASES] = {"", "cdc2000", "who", "chronological_age", "lb_as_kg", "kg_as_lb",
						    "in_as_cm", "cm_as_in", "other_visit", "other_indicator",
						    "z_as_percentile"};
	return (unsigned)b < CLAIM_NBASES ? n[b] : "";
}

claim_type claims_type_parse(const char *s)
{
	for (int t = 0; s && t < CLAIM_NTYPES; t++)
		if (strcmp(s, type_names[t]) == 0)
			return (claim_type)t;
	return CLAIM_NTYPES;
}

claim_verdict claims_verdict_parse(const char *s)
{
	for (int v = 0; s && v < CLAIM_NVERDICTS; v++)
		if (strcmp(s, verdict_names[v]) == 0)
			return (claim_verdict)v;
	return CLAIM_NVERDICTS;
}
