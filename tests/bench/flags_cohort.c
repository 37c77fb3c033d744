/* flags_cohort — the flags engine over synthetic cohorts (a report, not a test).
 *
 *   flags_cohort [N] [SEED]   N healthy children (default 10000): share of children with each
 *                             rule (clinical flags, not resting on a suspect value); then 300
 *                             children of each planted kind: share flagged with the expected
 *                             category. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/age.h"
#include "core/flags.h"
#include "core/synth.h"

#define CAP 512

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 10000;
	uint64_t seed = argc > 2 ? strtoull(argv[2], NULL, 10) : 1;
	synth_config cfg;
	synth_default_config(&cfg, age_days_from_civil(2026, 11, 25));
	for (int k = 1; k < SYNTH_NKINDS; k++)
		cfg.rate[k] = 0;
	gv_flag_options fo;
	flags_default_options(&fo, GV_RULES_US);
	size_t nr = flags_nrules();
	long *hits = calloc(nr, sizeof *hits), any = 0, any_mod = 0, any_imp = 0, cats[GV_CAT_COUNT] = {0};
	gv_flag *fl = malloc(CAP * sizeof *fl);
	gv_visit v[SYNTH_MAX_VISITS];
	gv_child c;
	for (long i = 0; i < n; i++) {
		synth_child(&cfg, seed, (uint64_t)i, &c, v, NULL);
		size_t nf;
		flags_compute(&c, &fo, fl, CAP, &nf);
		char seen[128] = {0};
		uint64_t cs = 0;
		int a = 0, am = 0, imp = 0;
		for (size_t j = 0; j < nf && j < CAP; j++) {
			imp |= fl[j].category == GV_CAT_IMPLAUSIBLE_VALUE;
			if (fl[j].suspect || fl[j].category == GV_CAT_IMPLAUSIBLE_VALUE)
				continue;
			for (size_t r = 0; r < nr; r++) {
				gv_rule_info ri;
				flags_rule_info(r, &ri);
				if (strcmp(ri.id, fl[j].rule) == 0 && !seen[r]) {
					seen[r] = 1;
					hits[r]++;
				}
			}
			cs |= GV_CAT_BIT(fl[j].category);
			a = 1;
			am |= fl[j].severity >= GV_SEV_MODERATE;
		}
		for (int k = 0; k < GV_CAT_COUNT; k++)
			cats[k] += (cs >> k) & 1;
		any += a;
		any_mod += am;
		any_imp += imp;
	}
	printf("healthy children: %ld (seed %llu); any clinical flag %.2f%%, any moderate/severe %.2f%%, "
	       "any implausible_value %.2f%%\n", n, (unsigned long long)seed, 100.0 * any / n, 100.0 * any_mod / n,
	       100.0 * any_imp / n);
	for (size_t r = 0; r < nr; r++) {
		gv_rule_info ri;
		flags_rule_info(r, &ri);
		if (hits[r])
			printf("  %-28s %-26s %6.2f%%\n", ri.id, flags_cat_name(ri.category), 100.0 * hits[r] / n);
	}
	/* Planted kinds: detection of the expected category. */
	for (int k = 1; k < SYNTH_NKINDS; k++) {
		synth_config ck = cfg;
		ck.rate[k] = 1;
		long m = 300, det = 0, clin_err = 0;
		gv_flag fl2[CAP];
		const char *want = synth_kind_category((synth_kind)k);
		for (long i = 0; i < m; i++) {
			synth_truth t;
			synth_child(&ck, seed + 1000 + (uint64_t)k, (uint64_t)i, &c, v, &t);
			uint64_t cs = 0, csus = 0;
			flags_categories(&c, &fo, GV_SEV_INFO, 0, &cs);
			flags_categories(&c, &fo, GV_SEV_INFO, 1, &csus);
			uint64_t accept = *want ? GV_CAT_BIT(flags_cat_parse(want)) : 0;
			if (k == SYNTH_OBESITY) /* the most severe of the BMI group is reported */
				accept |= GV_CAT_BIT(GV_CAT_SEVERE_OBESITY);
			if (csus & accept)
				det++;
			/* A data-entry error must never become a clinical finding at its visit. */
			if (SYNTH_LABEL(k) & SYNTH_L_ERRORS) {
				size_t nf;
				flags_compute(&c, &fo, fl2, CAP, &nf);
				/* Visits holding a wrong value (a carried-forward run starts with a
				 * true one) and the indicators that read it. */
				int lo = k == SYNTH_ERR_CARRIED ? t.first + 1 : t.first;
				int wt = k == SYNTH_ERR_SWAP || t.ind == GV_WFA, ht = k == SYNTH_ERR_SWAP || t.ind == GV_LHFA;
				for (size_t j = 0; j < nf && j < CAP; j++) {
					gv_ind ind = fl2[j].indicator;
					int reads = ind == GV_BFA || ind == GV_WFLH || (wt && ind == GV_WFA) ||
						    (ht && ind == GV_LHFA);
					if (fl2[j].category != GV_CAT_IMPLAUSIBLE_VALUE && !fl2[j].suspect && reads &&
					    (int)fl2[j].visit >= lo && (int)fl2[j].visit <= t.last) {
						clin_err++;
						if (getenv("SHOW"))
							printf("  child %ld %s: %s\n", i, fl2[j].rule, fl2[j].detail);
						break;
					}
				}
			}
		}
		printf("planted %-24s expected %-18s detected %5.1f%%", synth_kind_name((synth_kind)k),
		       *want ? want : "(none)", 100.0 * det / m);
		if (SYNTH_LABEL(k) & SYNTH_L_ERRORS)
			printf("  clinical flag on the wrong value: %ld", clin_err);
		printf("\n");
	}
	free(hits);
	free(fl);
	return 0;
}
