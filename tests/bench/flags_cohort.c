/* flags_cohort — the flags engine over synthetic cohorts (a report, not a test).
 *
 *   flags_cohort [N] [SEED]   N healthy children (default 10000): share of children with each
 *                             rule (clinical flags, not resting on a suspect value), ever flagged
 *                             failure to thrive, and whose list row shows an open moderate or
 *                             severe flag at the last visit (flags_current), by rule; then 300
 *                             children of each planted kind: share flagged with the expected
 *                             category.  The healthy part and failure to thrive under both rule
 *                             sets (US, WHO).
 *
 * Per-visit tails: a status rule is a cut-off on one visit's z-score, so on children drawn from
 * the reference it must fire at the cut-off's own rate per visit (z < -2: 2.28%, P95: 5%...).
 * The table compares, for the healthy children, the share of scored visits beyond each cut-off
 * with that nominal rate; a child's rate over ~15 visits is higher by construction (the status
 * rules' per-child figures above). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/age.h"
#include "core/flags.h"
#include "core/synth.h"
#include "core/traj.h"

#define CAP 512

/* The list row of a child: open (current) flags of severity >= moderate, per rule (seen_open). */
static int open_row(const gv_child *c, const gv_flag *fl, size_t nf, size_t nr, unsigned char *seen_open)
{
	int op = 0;
	for (size_t j = 0; j < nf && j < CAP; j++) {
		if (!flags_current(c, &fl[j]) || fl[j].severity < GV_SEV_MODERATE)
			continue;
		op = 1;
		for (size_t r = 0; r < nr; r++) {
			gv_rule_info ri;
			flags_rule_info(r, &ri);
			if (strcmp(ri.id, fl[j].rule) == 0)
				seen_open[r] = 1;
		}
	}
	return op;
}

/* Healthy children under the WHO rule set: failure to thrive and the list rows. */
static void healthy_who(const synth_config *cfg, long n, uint64_t seed)
{
	gv_flag_options fo;
	flags_default_options(&fo, GV_RULES_WHO);
	size_t nr = flags_nrules();
	long ftt = 0, fall = 0, open = 0, *open_by = calloc(nr, sizeof *open_by);
	gv_flag *fl = malloc(CAP * sizeof *fl);
	gv_visit v[SYNTH_MAX_VISITS];
	gv_child c;
	for (long i = 0; i < n; i++) {
		size_t nf;
		unsigned char so[128] = {0};
		int f = 0, ff = 0;
		synth_child(cfg, seed, (uint64_t)i, &c, v, NULL);
		flags_compute(&c, &fo, fl, CAP, &nf);
		for (size_t j = 0; j < nf && j < CAP; j++) {
			if (fl[j].suspect || fl[j].category != GV_CAT_FAILURE_TO_THRIVE)
				continue;
			f = 1;
			ff |= strcmp(fl[j].rule, "wfa_fall_centile_spaces") == 0;
		}
		ftt += f;
		fall += ff;
		open += open_row(&c, fl, nf, nr, so);
		for (size_t r = 0; r < nr; r++)
			open_by[r] += so[r];
	}
	printf("WHO rule set, healthy: failure_to_thrive ever %.2f%% (weight-fall rule %.2f%%); list row with an open "
	       "moderate/severe flag at the last visit %.2f%%, by rule:\n", 100.0 * ftt / n, 100.0 * fall / n,
	       100.0 * open / n);
	for (size_t r = 0; r < nr; r++) {
		gv_rule_info ri;
		flags_rule_info(r, &ri);
		if (open_by[r])
			printf("  %-28s %6.2f%%\n", ri.id, 100.0 * open_by[r] / n);
	}
	free(open_by);
	free(fl);
}

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
	long open = 0, *open_by = calloc(nr, sizeof *open_by);
	gv_flag *fl = malloc(CAP * sizeof *fl);
	gv_visit v[SYNTH_MAX_VISITS];
	gv_result res[SYNTH_MAX_VISITS];
	gv_child c;
	/* tails[ref][ind][k]: scored visits (k = 0) and visits beyond cut-off k. */
	enum { T_N, T_ZM2, T_ZM3, T_ZP2, T_P3, T_P5, T_P85, T_P95, T_NK };
	static long tails[4][GV_NIND][T_NK];
	for (long i = 0; i < n; i++) {
		synth_child(&cfg, seed, (uint64_t)i, &c, v, NULL);
		if (traj_results(&c, &fo.growth, res) == GV_OK) {
			for (size_t j = 0; j < c.nv; j++) {
				for (int k = 0; k < GV_NIND; k++) {
					const gv_ind_result *ir = &res[j].ind[k];
					if (ir->status != GV_OK || (unsigned)res[j].ref > 3)
						continue;
					long *t = tails[res[j].ref][k];
					t[T_N]++;
					t[T_ZM2] += ir->z < -2;
					t[T_ZM3] += ir->z < -3;
					t[T_ZP2] += ir->z > 2;
					t[T_P3] += ir->p < 3;
					t[T_P5] += ir->p < 5;
					t[T_P85] += ir->p >= 85;
					t[T_P95] += ir->p >= 95;
				}
			}
		}
		size_t nf;
		flags_compute(&c, &fo, fl, CAP, &nf);
		unsigned char so[128] = {0};
		open += open_row(&c, fl, nf, nr, so);
		for (size_t r = 0; r < nr; r++)
			open_by[r] += so[r];
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
	printf("failure_to_thrive ever %.2f%%; list row with an open moderate/severe flag at the last visit %.2f%%, by rule:\n",
	       100.0 * cats[GV_CAT_FAILURE_TO_THRIVE] / n, 100.0 * open / n);
	for (size_t r = 0; r < nr; r++) {
		gv_rule_info ri;
		flags_rule_info(r, &ri);
		if (open_by[r])
			printf("  %-28s %6.2f%%\n", ri.id, 100.0 * open_by[r] / n);
	}
	healthy_who(&cfg, n, seed);
	printf("per-visit tails of the healthy children (observed %% of scored visits | nominal):\n");
	printf("  %-8s %-5s %9s %15s %15s %15s %15s %15s\n", "ref", "ind", "visits", "z<-2 |2.28", "z<-3 |0.13",
	       "z>+2 |2.28", "<P5 |5.00", ">=P95 |5.00");
	for (int r = 1; r < 4; r++) {
		for (int k = 0; k < GV_NIND; k++) {
			const long *t = tails[r][k];
			if (t[T_N] < 1000)
				continue;
			double d = 100.0 / (double)t[T_N];
			printf("  %-8s %-5s %9ld %15.2f %15.2f %15.2f %15.2f %15.2f\n", refs_ref_name((gv_ref)r),
			       refs_ind_name((gv_ind)k), t[T_N], d * t[T_ZM2], d * t[T_ZM3], d * t[T_ZP2], d * t[T_P5],
			       d * t[T_P95]);
		}
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
		if (k == SYNTH_FTT) { /* the WHO rule set too */
			gv_flag_options wo;
			flags_default_options(&wo, GV_RULES_WHO);
			long dw = 0;
			for (long i = 0; i < m; i++) {
				uint64_t cs;
				synth_child(&ck, seed + 1000 + (uint64_t)k, (uint64_t)i, &c, v, NULL);
				flags_categories(&c, &wo, GV_SEV_INFO, 1, &cs);
				dw += (cs & GV_CAT_BIT(GV_CAT_FAILURE_TO_THRIVE)) != 0;
			}
			printf(" (WHO rule set %5.1f%%)", 100.0 * dw / m);
		}
		if (SYNTH_LABEL(k) & SYNTH_L_ERRORS)
			printf("  clinical flag on the wrong value: %ld", clin_err);
		printf("\n");
	}
	free(hits);
	free(open_by);
	free(fl);
	return 0;
}
