/* core_flags_cohort.c — the flags engine on synthetic cohorts with known truth.
 *
 * 1. Every planted condition is flagged with its category (300 children of each kind; failure to
 *    thrive, planted as NICE NG75 defines faltering growth, in both rule sets: >= 95%).
 * 2. Planted data-entry errors (pounds as kilograms, weight and height swapped, a carried-forward
 *    height, a misplaced decimal) are caught as implausible values and never reported as a
 *    clinical finding on an indicator that reads the wrong value.
 * 3. A preterm child is never compared with term standards at chronological age without saying
 *    so: every flag on a corrected-age visit says "corrected age".
 * 4. 10,000 healthy children: the share with each kind of flag stays within the rate the rule's
 *    definition implies (documented ceilings below; the measured figures are printed and go into
 *    the issue note).  The z-score cut-offs fire in healthy children by design (z < -2 is 2.3% of
 *    measurements), so the status rules' ceilings are the cut-offs' own rates accumulated over a
 *    record of ~15 visits; the trajectory rules have no such anchor and are held to the levels
 *    their age windows and confirmation were chosen for (core/flags.c comments).
 * 5. The anchor of those status rules: per visit, the healthy children fall beyond each cut-off
 *    a status rule uses at the cut-off's own rate (z < -2 on WHO charts 2.28% of scored visits,
 *    < P5 on CDC charts 5%, ...), within a quarter of it.
 * 6. Failure to thrive in healthy children, both rule sets: the weight-fall rules (NICE NG75's
 *    centile spaces; in the US set also two major lines) fire in at most 2%; the share ever
 *    flagged failure_to_thrive and the share whose list row shows an open moderate or severe
 *    flag at the last visit (what a clinician sees first) are printed with what drives them. */
#include "tests/testutil.h"

#include "core/age.h"
#include "core/flags.h"
#include "core/synth.h"
#include "core/traj.h"

#define CAP 512

static synth_config config_only(synth_kind k)
{
	synth_config cfg;
	synth_default_config(&cfg, age_days_from_civil(2026, 11, 25));
	for (int i = 1; i < SYNTH_NKINDS; i++)
		cfg.rate[i] = 0;
	if (k != SYNTH_HEALTHY)
		cfg.rate[k] = 1;
	return cfg;
}

/* Does flag f read the measurement a planted error spoiled at its visit? */
static int reads_error(const gv_flag *f, const synth_truth *t, synth_kind k)
{
	int lo = k == SYNTH_ERR_CARRIED ? t->first + 1 : t->first; /* a carried run starts with a true value */
	if ((int)f->visit < lo || (int)f->visit > t->last)
		return 0;
	int wt = k == SYNTH_ERR_SWAP || t->ind == GV_WFA, ht = k == SYNTH_ERR_SWAP || t->ind == GV_LHFA;
	gv_ind i = f->indicator;
	return i == GV_BFA || i == GV_WFLH || (wt && i == GV_WFA) || (ht && i == GV_LHFA);
}

static void test_planted_conditions_and_errors(void **state)
{
	(void)state;
	gv_flag_options fo;
	flags_default_options(&fo, GV_RULES_US);
	gv_flag *fl = malloc(CAP * sizeof *fl);
	gv_visit v[SYNTH_MAX_VISITS];
	gv_child c;
	synth_truth t;
	for (int k = 1; k < SYNTH_NKINDS; k++) {
		synth_config cfg = config_only((synth_kind)k);
		const char *want = synth_kind_category((synth_kind)k);
		uint64_t accept = *want ? GV_CAT_BIT(flags_cat_parse(want)) : 0;
		if (k == SYNTH_OBESITY) /* class 2/3 is reported as severe_obesity, the group's worst */
			accept |= GV_CAT_BIT(GV_CAT_SEVERE_OBESITY);
		if (k == SYNTH_SHORT_STATURE) /* under the WHO charts the same finding is "stunting" */
			accept |= GV_CAT_BIT(GV_CAT_STUNTING);
		int n = 300, detected = 0, detected_who = 0, wrong = 0, uncorrected = 0;
		for (int i = 0; i < n; i++) {
			assert_int_equal(synth_child(&cfg, 77 + (uint64_t)k, (uint64_t)i, &c, v, &t), GV_OK);
			size_t nf;
			assert_int_equal(flags_compute(&c, &fo, fl, CAP, &nf), GV_OK);
			assert_true(nf <= CAP);
			uint64_t cats = 0;
			for (size_t j = 0; j < nf; j++) {
				cats |= GV_CAT_BIT(fl[j].category);
				if ((SYNTH_LABEL(k) & SYNTH_L_ERRORS) && fl[j].category != GV_CAT_IMPLAUSIBLE_VALUE &&
				    !fl[j].suspect && reads_error(&fl[j], &t, (synth_kind)k)) {
					wrong++;
					print_message("  %s child %d: %s (%s)\n", synth_kind_name((synth_kind)k), i,
						      fl[j].rule, fl[j].detail);
				}
				if (fl[j].corrected && !strstr(fl[j].detail, "corrected age"))
					uncorrected++;
			}
			detected += (cats & accept) != 0;
			if (k == SYNTH_FTT) { /* and under the WHO rule set (wfa_fall_centile_spaces) */
				gv_flag_options wo;
				uint64_t wc;
				flags_default_options(&wo, GV_RULES_WHO);
				assert_int_equal(flags_categories(&c, &wo, GV_SEV_INFO, 1, &wc), GV_OK);
				detected_who += (wc & accept) != 0;
			}
		}
		print_message("planted %-24s -> %-18s %5.1f%% flagged\n", synth_kind_name((synth_kind)k),
			      *want ? want : "(no flag expected)", 100.0 * detected / n);
		/* Failure to thrive: >= 95% (the figure the rules were tuned to keep, NICE's thresholds
		 * leave a planted fall only 0.3 SD to spare); the others >= 97%. */
		int floor_pct = k == SYNTH_FTT ? 95 : 97;
		if (*want && detected < n * floor_pct / 100)
			fail_msg("%s: only %d of %d children flagged %s", synth_kind_name((synth_kind)k), detected, n, want);
		if (k == SYNTH_FTT) {
			print_message("planted %-24s -> %-18s %5.1f%% flagged (WHO rule set)\n", synth_kind_name((synth_kind)k),
				      want, 100.0 * detected_who / n);
			if (detected_who < n * floor_pct / 100)
				fail_msg("WHO rule set: only %d of %d children flagged %s", detected_who, n, want);
		}
		assert_int_equal(wrong, 0);
		assert_int_equal(uncorrected, 0);
	}
	free(fl);
}

/* Ceilings for 10,000 healthy children (share of children with the rule met, not resting on a
 * suspect value), per rule set.  Status rules: the cut-off's tail probability accumulates over the record's
 * visits; e.g. BMI >= P95 is 5% of measurements and ~11% of children over childhood. */
static const struct {
	const char *rule;
	int who;       /* 0: US rule set, 1: WHO rule set */
	double max_pct;
} ceilings[] = {
	{"wfa_decline_2_lines", 0, 2},    /* NICE fall + 2 lines, sustained, < 60 months (measured 0.48%; 7.5% before) */
	{"wfa_fall_centile_spaces", 1, 2}, /* WHO set, NICE fall, sustained, < 60 months (measured 1.23%) */
	{"lhfa_decline_2_lines", 0, 6},   /* sustained, 2-10 years (measured 3.8%) */
	{"hcfa_cross_2_lines", 0, 15},    /* sustained, 6 weeks-36 months (measured 11.8%) */
	{"wfa_below_p5_twice", 0, 9},
	{"wfa_below_m2sd", 0, 7},
	{"hcfa_below_m2sd", 0, 8},
	{"hcfa_above_p2sd", 0, 8},
	{"bmi_at_or_above_p95", 0, 15},
	{"bmi_class2_obesity", 0, 2},
	{"hfa_below_p3", 0, 8},
	{"midparental_gap_over_2sd", 0, 3},
};

/* Index of rule id in the engine's table. */
static size_t rule_index(const char *id)
{
	gv_rule_info ri;
	for (size_t r = 0; flags_rule_info(r, &ri); r++)
		if (strcmp(ri.id, id) == 0)
			return r;
	fail_msg("unknown rule %s", id);
	return 0;
}

static void healthy_rates(gv_ruleset set)
{
	synth_config cfg = config_only(SYNTH_HEALTHY);
	gv_flag_options fo;
	flags_default_options(&fo, set);
	size_t nr = flags_nrules();
	long *hits = calloc(nr, sizeof *hits), *open_by = calloc(nr, sizeof *open_by);
	long n = 10000, implausible = 0, any_moderate = 0, ftt = 0, ftt_fall = 0, open = 0;
	gv_flag *fl = malloc(CAP * sizeof *fl);
	gv_visit v[SYNTH_MAX_VISITS];
	gv_child c;
	assert_true(nr <= 128);
	for (long i = 0; i < n; i++) {
		assert_int_equal(synth_child(&cfg, 1, (uint64_t)i, &c, v, NULL), GV_OK);
		size_t nf;
		assert_int_equal(flags_compute(&c, &fo, fl, CAP, &nf), GV_OK);
		assert_true(nf <= CAP);
		unsigned char seen[128] = {0}, seen_open[128] = {0};
		int imp = 0, mod = 0, f = 0, ff = 0, op = 0;
		for (size_t j = 0; j < nf; j++) {
			size_t r = rule_index(fl[j].rule);
			/* The list row: open = current (flags_current) and moderate or severe, whatever
			 * it rests on, as app/flagcache.c counts it (no acknowledgements here). */
			if (flags_current(&c, &fl[j]) && fl[j].severity >= GV_SEV_MODERATE) {
				op = 1;
				open_by[r] += !seen_open[r];
				seen_open[r] = 1;
			}
			if (fl[j].category == GV_CAT_IMPLAUSIBLE_VALUE) {
				imp = 1;
				continue;
			}
			if (fl[j].suspect)
				continue;
			mod |= fl[j].severity >= GV_SEV_MODERATE;
			f |= fl[j].category == GV_CAT_FAILURE_TO_THRIVE;
			ff |= r == rule_index("wfa_decline_2_lines") || r == rule_index("wfa_fall_centile_spaces");
			hits[r] += !seen[r];
			seen[r] = 1;
		}
		implausible += imp;
		any_moderate += mod;
		ftt += f;
		ftt_fall += ff;
		open += op;
	}
	const char *name = set == GV_RULES_WHO ? "WHO" : "US";
	print_message("healthy children, %s rule set: %ld; implausible_value %.2f%%, any moderate/severe clinical flag "
		      "%.2f%%\n", name, n, 100.0 * implausible / n, 100.0 * any_moderate / n);
	print_message("  failure_to_thrive ever %.2f%%, by the weight-fall rule %.2f%%\n", 100.0 * ftt / n,
		      100.0 * ftt_fall / n);
	for (size_t r = 0; r < nr; r++) {
		gv_rule_info ri;
		flags_rule_info(r, &ri);
		if (hits[r])
			print_message("  %-28s %6.2f%%\n", ri.id, 100.0 * hits[r] / n);
		for (size_t k = 0; k < sizeof ceilings / sizeof ceilings[0]; k++)
			if (ceilings[k].who == (set == GV_RULES_WHO) && strcmp(ceilings[k].rule, ri.id) == 0 &&
			    100.0 * hits[r] / n > ceilings[k].max_pct)
				fail_msg("%s fired in %.2f%% of healthy children (ceiling %.1f%%)", ri.id,
					 100.0 * hits[r] / n, ceilings[k].max_pct);
	}
	print_message("  list row with an open moderate/severe flag at the last visit: %.2f%%; by rule:\n", 100.0 * open / n);
	for (size_t r = 0; r < nr; r++) {
		gv_rule_info ri;
		flags_rule_info(r, &ri);
		if (100.0 * open_by[r] / n >= 0.5)
			print_message("    %-28s %6.2f%%\n", ri.id, 100.0 * open_by[r] / n);
	}
	/* The weight-fall rule is no longer what a clinician sees first in healthy children. */
	assert_true(100.0 * ftt_fall / n <= 2.0);
	/* What drives the open share: per-visit status cut-offs at their nominal rate at the latest
	 * visits (BMI < P5 and >= P95, 5% each on CDC charts; stature < P3, 3%), not trajectories;
	 * measured 19.2% (US), 20.4% before NICE's thresholds. */
	assert_true(100.0 * open / n < (set == GV_RULES_WHO ? 17 : 22)); /* WHO set: 14.6% */
	/* Typos are rare in clean records: the data-quality checks must not cry wolf. */
	assert_true(100.0 * implausible / n < 0.5);
	free(hits);
	free(open_by);
	free(fl);
}

static void test_healthy_false_positive_rates(void **state)
{
	(void)state;
	healthy_rates(GV_RULES_US);
	healthy_rates(GV_RULES_WHO);
}

static void test_healthy_per_visit_tails(void **state)
{
	(void)state;
	synth_config cfg = config_only(SYNTH_HEALTHY);
	gv_flag_options fo;
	flags_default_options(&fo, GV_RULES_US);
	static const struct {
		gv_ref ref;
		gv_ind ind;
		int below;      /* 1: share below the cut-off, 0: at or above */
		int pct;        /* cut-off on the percentile (1) or on z (0) */
		double cut, nominal; /* nominal share, % */
	} tails[] = {
		{GV_WHO2006, GV_WFA, 1, 0, -2, 2.275013},  /* wfa_below_m2sd, wfa_below_p2_twice */
		{GV_WHO2006, GV_LHFA, 1, 0, -2, 2.275013}, /* lhfa_below_m2sd */
		{GV_WHO2006, GV_HCFA, 1, 0, -2, 2.275013}, /* hcfa_below_m2sd */
		{GV_WHO2006, GV_HCFA, 0, 0, 2, 2.275013},  /* hcfa_above_p2sd */
		{GV_WHO2006, GV_WFLH, 1, 0, -2, 2.275013}, /* wflh_below_m2sd */
		{GV_CDC2000, GV_WFA, 1, 1, 5, 5},       /* wfa_below_p5_twice */
		{GV_CDC2000, GV_LHFA, 1, 1, 3, 3},      /* hfa_below_p3 */
		{GV_CDC2000, GV_BFA, 0, 1, 95, 5},      /* bmi_at_or_above_p95 */
		{GV_CDC2000, GV_BFA, 0, 1, 85, 15},     /* bmi_p85_to_p95 (with the above) */
		{GV_CDC2000, GV_BFA, 1, 1, 5, 5},       /* bmi_below_p5 */
	};
	enum { NT = sizeof tails / sizeof tails[0] };
	long scored[NT] = {0}, beyond[NT] = {0};
	gv_visit v[SYNTH_MAX_VISITS];
	gv_result res[SYNTH_MAX_VISITS];
	gv_child c;
	for (long i = 0; i < 10000; i++) {
		assert_int_equal(synth_child(&cfg, 1, (uint64_t)i, &c, v, NULL), GV_OK);
		assert_int_equal(traj_results(&c, &fo.growth, res), GV_OK);
		for (size_t j = 0; j < c.nv; j++) {
			for (int t = 0; t < NT; t++) {
				const gv_ind_result *ir = &res[j].ind[tails[t].ind];
				if (res[j].ref != tails[t].ref || ir->status != GV_OK)
					continue;
				double x = tails[t].pct ? ir->p : ir->z;
				scored[t]++;
				beyond[t] += tails[t].below ? x < tails[t].cut : x >= tails[t].cut;
			}
		}
	}
	for (int t = 0; t < NT; t++) {
		double share = 100.0 * (double)beyond[t] / (double)scored[t];
		print_message("  %s %s %s %s%g: %.2f%% of %ld visits (nominal %.2f%%)\n", refs_ref_name(tails[t].ref),
			      refs_ind_name(tails[t].ind), tails[t].below ? "<" : ">=", tails[t].pct ? "P" : "z ",
			      tails[t].cut, share, scored[t], tails[t].nominal);
		assert_true(scored[t] > 10000);
		if (share < 0.75 * tails[t].nominal || share > 1.25 * tails[t].nominal)
			fail_msg("%s %s: %.2f%% of visits beyond the cut-off, nominal %.2f%%", refs_ref_name(tails[t].ref),
				 refs_ind_name(tails[t].ind), share, tails[t].nominal);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_planted_conditions_and_errors),
		cmocka_unit_test(test_healthy_false_positive_rates),
		cmocka_unit_test(test_healthy_per_visit_tails),
	};
	return cmocka_run_group_tests_name("core_flags_cohort", tests, NULL, NULL);
}
