/* claimfacts — the engine's facts about the children of the claim checker's labelled summaries
 * (tests/data/claims/dev/README), for whoever writes and labels them, and the checker's verdicts
 * against the labels.
 *
 *   make build/tools/claimfacts
 *   build/tools/claimfacts [--who] FILE...    every child: visits, ages, z and percentiles under
 *                                             the chart policy (US rules, or WHO), the CDC / WHO /
 *                                             chronological-age values, the flags
 *   build/tools/claimfacts --check FILE...    every summary: each label the checker disagrees
 *                                             with, then the figures per claim type
 *   build/tools/claimfacts --claims FILE...   every summary: every claim the checker finds */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/flags.h"
#include "core/traj.h"
#include "tests/claims_dev.h"

static void facts(const cd_kid *k, gv_ruleset rules)
{
	const gv_child *c = &k->c;
	gv_flag_options fo;
	flags_default_options(&fo, rules);
	gv_result res[CD_VISITS], cdc[CD_VISITS], who[CD_VISITS], chr[CD_VISITS];
	traj_results(c, &fo.growth, res);
	gv_options o = fo.growth;
	o.policy = GV_POLICY_CDC;
	traj_results(c, &o, cdc);
	o.policy = GV_POLICY_WHO;
	traj_results(c, &o, who);
	o = fo.growth;
	o.correct_until_months = 0;
	traj_results(c, &o, chr);
	char bd[11];
	age_format_date(c->p.birth_date, bd);
	printf("== %s: %s, born %s, GA %d+%d, parents %.1f/%.1f, %s rules\n", k->name,
	       c->p.sex == GV_MALE ? "boy" : "girl", bd, c->p.ga_weeks, c->p.ga_days, c->p.mother_height_cm,
	       c->p.father_height_cm, rules == GV_RULES_WHO ? "WHO" : "US");
	static const gv_ind show[] = {GV_WFA, GV_LHFA, GV_BFA, GV_HCFA, GV_WFLH};
	for (size_t i = 0; i < c->nv; i++) {
		const gv_visit *v = &c->v[i];
		const gv_result *r = &res[i];
		char d[11];
		age_format_date(v->date, d);
		printf("v%zu %s age %.2f mo (%.2f y)%s%.2f %s | w %.3f h %.1f%c hc %.1f bmi %.2f\n", i, d, r->age_months,
		       r->age_months / 12, r->corrected ? " corrected " : " ", r->corrected ? r->cage_months : 0,
		       refs_ref_name(r->ref), v->weight_kg, v->height_cm, v->position ? v->position : ' ', v->head_cm, r->bmi);
		if (!isnan(v->muac_cm))
			printf("     muac %.1f cm\n", v->muac_cm);
		for (int j = 0; j < 5; j++) {
			gv_ind k2 = show[j];
			if (r->ind[k2].status != GV_OK)
				continue;
			printf("     %-4s z %6.2f P%5.1f", refs_ind_name(k2), r->ind[k2].z, r->ind[k2].p);
			if (cdc[i].ind[k2].status == GV_OK && cdc[i].ref != r->ref)
				printf(" | cdc z %6.2f P%5.1f", cdc[i].ind[k2].z, cdc[i].ind[k2].p);
			if (who[i].ind[k2].status == GV_OK && who[i].ref != r->ref)
				printf(" | who z %6.2f P%5.1f", who[i].ind[k2].z, who[i].ind[k2].p);
			if (r->corrected && chr[i].ind[k2].status == GV_OK)
				printf(" | chrono z %6.2f P%5.1f", chr[i].ind[k2].z, chr[i].ind[k2].p);
			if (k2 == GV_BFA && !isnan(r->bmi_pct_p95))
				printf(" | %.1f%% of P95", r->bmi_pct_p95);
			printf("\n");
		}
	}
	gv_flag fl[128];
	size_t nf;
	flags_compute(c, &fo, fl, 128, &nf);
	for (size_t i = 0; i < nf && i < 128; i++)
		printf("FLAG %s (%s, %s%s) v%zu: %s\n", flags_cat_name(fl[i].category), flags_sev_name(fl[i].severity),
		       fl[i].rule, fl[i].suspect ? ", suspect" : "", fl[i].visit, fl[i].detail);
}

int main(int argc, char **argv)
{
	int check = 0, list = 0, a = 1;
	gv_ruleset rules = GV_RULES_US;
	if (a < argc && strcmp(argv[a], "--who") == 0)
		rules = GV_RULES_WHO, a++;
	if (a < argc && strcmp(argv[a], "--check") == 0)
		check = 1, a++;
	else if (a < argc && strcmp(argv[a], "--claims") == 0)
		list = 1, a++;
	if (a >= argc) {
		fprintf(stderr, "usage: claimfacts [--check|--claims] FILE...\n");
		return 2;
	}
	cd_set s;
	memset(&s, 0, sizeof s);
	for (; a < argc; a++)
		if (cd_load(&s, argv[a])) {
			fprintf(stderr, "%s\n", s.err);
			return 1;
		}
	if (!check && !list) {
		for (size_t i = 0; i < s.nkids; i++)
			facts(&s.kids[i], rules);
		cd_free(&s);
		return 0;
	}
	cd_score sc;
	memset(&sc, 0, sizeof sc);
	for (size_t i = 0; i < s.nsums; i++) {
		const cd_summary *sm = &s.sums[i];
		claims_options o;
		claims_default_options(&o, sm->rules);
		o.flags.growth.intergrowth = sm->ig21; /* as tests/core_claims.c judges the set */
		claims_result r;
		if (claims_check(sm->text, sm->len, &s.kids[sm->kid].c, &o, &r) != GV_OK) {
			fprintf(stderr, "%s: claims_check failed\n", sm->id);
			return 1;
		}
		if (list) {
			printf("== %s (%s, %s)\n", sm->id, sm->style, s.kids[sm->kid].name);
			for (size_t j = 0; j < r.n; j++) {
				const gv_claim *c = &r.claims[j];
				printf("  %-12s %-10s \"%.*s\" stated %s expected %s %s%s\n", claims_verdict_name(c->verdict),
				       claims_type_name(c->type), (int)(c->end - c->start), sm->text + c->start, c->stated,
				       c->expected, c->note[0] ? "note: " : "", c->note);
			}
			gv_flag_cat cats[GV_CAT_COUNT];
			size_t no = claims_omitted(&r, cats, GV_CAT_COUNT);
			for (size_t j = 0; j < no; j++)
				printf("  omitted %s\n", flags_cat_name(cats[j]));
		}
		cd_score_summary(sm, &r, &sc, check ? stdout : NULL);
		claims_free(&r);
	}
	printf("%-10s %8s %6s %7s %6s %9s %6s %6s\n", "type", "labelled", "found", "agree", "extra", "contr", "prec", "recall");
	for (int t = 0; t < CLAIM_NTYPES; t++) {
		int lc = sc.tp[t] + sc.fn[t];
		printf("%-10s %8d %5.1f%% %6.1f%% %6d %4d/%-4d %6.3f %6.3f\n", claims_type_name((claim_type)t), sc.labelled[t],
		       sc.labelled[t] ? 100.0 * sc.found[t] / sc.labelled[t] : 0, sc.found[t] ? 100.0 * sc.agree[t] / sc.found[t] : 0,
		       sc.extra[t], sc.tp[t], lc, sc.tp[t] + sc.fp[t] ? (double)sc.tp[t] / (sc.tp[t] + sc.fp[t]) : 1,
		       lc ? (double)sc.tp[t] / lc : 1);
	}
	printf("summaries %d, correct %d, with a false alarm %d\n", sc.summaries, sc.correct, sc.false_alarm);
	cd_free(&s);
	return 0;
}
