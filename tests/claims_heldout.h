/* claims_heldout.h — measuring the claim checker (core/claims.h) on a held-out set of labelled
 * summaries (tests/data/claims/heldout2/, heldout3/, in the format of tests/data/claims/dev/README), for the
 * held-out tests (tests/core_claims_heldout*.c).  Header-only, for one test program each.
 *
 * ho_measure runs claims_check on every summary of the set's files (US rules, or WHO when the
 * summary line says so) and scores it against the labels with tests/claims_dev.h: per claim
 * type, claims labelled, found, agreeing, contradicted caught and false; the correct summaries
 * with a false alarm (named); the omitted flags against the "# omitted:" lines.  ho_print
 * prints the table.  Failures (a file that does not parse, a summary without its one
 * "# omitted:" line) fail the calling test.
 *
 *   GV_CLAIMS_LOG=1    also print every label the checker disagrees with (with its note), every
 *                      unlabelled contradicted claim and every omitted flag it gets wrong
 *   GV_CLAIMS_DUMP=1   also print every claim the checker finds, with its verdict and note */
#ifndef GV_TESTS_CLAIMS_HELDOUT_H
#define GV_TESTS_CLAIMS_HELDOUT_H

#include "tests/testutil.h"

#include "core/claims.h"
#include "core/flags.h"
#include "tests/claims_dev.h"

#define HO_MAXSUM 128

/* ------------------------------------------------------------------ omitted flags */


typedef struct ho_omit {
	char id[64];
	uint64_t want;  /* flag categories open at the last visit that the summary never mentions */
	int nlines;     /* "# omitted:" lines seen for this summary (must be 1) */
} ho_omit;

static uint64_t ho_cats(const char *list, const char *path, int ln)
{
	uint64_t bits = 0;
	char buf[4096];
	snprintf(buf, sizeof buf, "%s", list);
	for (char *w = strtok(buf, " \t\r\n"); w; w = strtok(NULL, " \t\r\n")) {
		if (strcmp(w, "none") == 0)
			continue;
		gv_flag_cat c = flags_cat_parse(w);
		if (c == GV_CAT_COUNT)
			fail_msg("%s:%d: unknown flag category '%s'", path, ln, w);
		bits |= GV_CAT_BIT(c);
	}
	return bits;
}

/* The "# omitted:" line after each summary of one file; a summary's text is skipped. */
static void ho_read_omitted(const char *path, ho_omit *om, size_t *n)
{
	FILE *f = fopen(path, "r");
	if (!f)
		fail_msg("cannot open %s", path);
	char line[4096];
	int ln = 0;
	ho_omit *cur = NULL;
	while (fgets(line, sizeof line, f)) {
		ln++;
		if (strncmp(line, "summary ", 8) == 0) {
			assert_true(*n < HO_MAXSUM);
			cur = &om[(*n)++];
			memset(cur, 0, sizeof *cur);
			sscanf(line + 8, "%63s", cur->id);
			while (fgets(line, sizeof line, f)) {
				ln++;
				if (strcmp(line, ".\n") == 0 || strcmp(line, ".") == 0)
					break;
			}
			continue;
		}
		if (strncmp(line, "# omitted:", 10) == 0) {
			if (!cur)
				fail_msg("%s:%d: '# omitted:' before any summary", path, ln);
			cur->want |= ho_cats(line + 10, path, ln);
			cur->nlines++;
		}
	}
	fclose(f);
}

static const ho_omit *ho_find_omit(const ho_omit *om, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(om[i].id, id) == 0)
			return &om[i];
	return NULL;
}

/* ------------------------------------------------------------------ the set */

typedef struct ho_run {
	cd_score sc;
	int om_tp, om_fp, om_fn;  /* omitted flags: reported and labelled, reported only, labelled only */
	int labels;
	char alarms[1024];        /* ids of the correct summaries with a false alarm */
} ho_run;

static int env_on(const char *name)
{
	const char *v = getenv(name);
	return v && *v && strcmp(v, "0") != 0;
}

/* ig21: judge with the INTERGROWTH-21st standards on (as `growthview check` does), for a set
 * labelled against that engine (v4 on); 0 for the sets labelled before it (v1-v3). */
static void ho_measure_ig(const char *dir, const char *const *files, size_t nfiles, ho_run *run, int ig21)
{
	cd_set s;
	memset(&s, 0, sizeof s);
	static ho_omit om[HO_MAXSUM];
	size_t nom = 0;
	char path[512];
	for (size_t i = 0; i < nfiles; i++) {
		snprintf(path, sizeof path, "%s%s", dir, files[i]);
		if (cd_load(&s, path))
			fail_msg("%s", s.err);
		ho_read_omitted(path, om, &nom);
	}
	assert_int_equal(s.nsums, nom);
	int log = env_on("GV_CLAIMS_LOG"), dump = env_on("GV_CLAIMS_DUMP");
	memset(run, 0, sizeof *run);
	for (size_t i = 0; i < s.nsums; i++) {
		const cd_summary *sm = &s.sums[i];
		for (size_t j = 0; j < i; j++)
			if (strcmp(s.sums[j].id, sm->id) == 0)
				fail_msg("%s:%d: summary id %s used twice", sm->file, sm->line, sm->id);
		const ho_omit *o = ho_find_omit(om, nom, sm->id);
		if (!o || o->nlines != 1)
			fail_msg("%s:%d: summary %s needs exactly one '# omitted:' line", sm->file, sm->line, sm->id);
		run->labels += (int)sm->nlabels;
		claims_options opt;
		claims_default_options(&opt, sm->rules);
		/* held-out sets v1-v3 were labelled against the engine before INTERGROWTH-21st (issue
		 * 16): a preterm child's visits before 64 weeks postmenstrual age were on the term charts
		 * then; the labels are fixed, so they are judged with the term references (a new truth
		 * would measure label drift, not the checker).  v4 was labelled with it on. */
		opt.flags.growth.intergrowth = ig21;
		claims_result r;
		assert_int_equal(claims_check(sm->text, sm->len, &s.kids[sm->kid].c, &opt, &r), GV_OK);
		if (dump) {
			printf("== %s (%s, %s)\n", sm->id, sm->style, s.kids[sm->kid].name);
			for (size_t j = 0; j < r.n; j++) {
				const gv_claim *c = &r.claims[j];
				printf("  %-12s %-10s \"%.*s\" stated %s expected %s ind %s%s%s\n", claims_verdict_name(c->verdict),
				       claims_type_name(c->type), (int)(c->end - c->start), sm->text + c->start, c->stated,
				       c->expected, claims_ind_name(c->ind), c->note[0] ? " note: " : "", c->note);
			}
		}
		int before = run->sc.false_alarm;
		cd_score_summary(sm, &r, &run->sc, log ? stdout : NULL);
		if (run->sc.false_alarm > before) {
			size_t L = strlen(run->alarms);
			snprintf(run->alarms + L, sizeof run->alarms - L, "%s%s", L ? " " : "", sm->id);
		}
		for (int c = 0; c < GV_CAT_COUNT; c++) {
			uint64_t b = GV_CAT_BIT(c);
			int w = (o->want & b) != 0, g = (r.omitted & b) != 0;
			run->om_tp += w && g;
			run->om_fn += w && !g;
			run->om_fp += !w && g;
			if (log && w != g)
				printf("%s:%d: %s %s: omitted flag %s %s\n", sm->file, sm->line, sm->id, sm->style,
				       flags_cat_name((gv_flag_cat)c), w ? "not reported" : "reported but mentioned (or not open)");
		}
		claims_free(&r);
	}
	cd_free(&s);
}

static inline void ho_measure(const char *dir, const char *const *files, size_t nfiles, ho_run *run)
{
	ho_measure_ig(dir, files, nfiles, run, 0);
}

static double ratio(int a, int b)
{
	return b ? (double)a / b : 1.0;
}

static void ho_print(const char *name, const ho_run *run)
{
	const cd_score *sc = &run->sc;
	printf("%s: %d summaries (%d correct), %d labelled claims\n", name, sc->summaries, sc->correct,
	       run->labels);
	printf("%-10s %8s %14s %7s %9s %8s %6s %6s %6s\n", "type", "labelled", "found", "agree", "contr", "false C",
	       "prec", "recall", "extra");
	int L = 0, F = 0, A = 0, TP = 0, FP = 0, FN = 0, X = 0;
	for (int t = 0; t < CLAIM_NTYPES; t++) {
		int lc = sc->tp[t] + sc->fn[t];
		printf("%-10s %8d %4d (%5.1f%%) %6.1f%% %4d/%-4d %8d %6.3f %6.3f %6d\n", claims_type_name((claim_type)t),
		       sc->labelled[t], sc->found[t], 100.0 * ratio(sc->found[t], sc->labelled[t]),
		       100.0 * ratio(sc->agree[t], sc->found[t]), sc->tp[t], lc, sc->fp[t],
		       ratio(sc->tp[t], sc->tp[t] + sc->fp[t]), ratio(sc->tp[t], lc), sc->extra[t]);
		L += sc->labelled[t], F += sc->found[t], A += sc->agree[t];
		TP += sc->tp[t], FP += sc->fp[t], FN += sc->fn[t], X += sc->extra[t];
	}
	printf("%-10s %8d %4d (%5.1f%%) %6.1f%% %4d/%-4d %8d %6.3f %6.3f %6d\n", "all", L, F, 100.0 * ratio(F, L),
	       100.0 * ratio(A, F), TP, TP + FN, FP, ratio(TP, TP + FP), ratio(TP, TP + FN), X);
	printf("correct summaries with a false alarm: %d of %d%s%s\n", sc->false_alarm, sc->correct,
	       run->alarms[0] ? ": " : "", run->alarms);
	printf("omitted flags: %d of %d found, %d reported wrongly (precision %.3f, recall %.3f)\n", run->om_tp,
	       run->om_tp + run->om_fn, run->om_fp, ratio(run->om_tp, run->om_tp + run->om_fp),
	       ratio(run->om_tp, run->om_tp + run->om_fn));
}

/* ------------------------------------------------------------------ floors */

/* A set's floors per claim type: claims found, contradicted claims caught, false "contradicted"
 * at most (unlabelled claims included). */
typedef struct ho_floor {
	int found, tp, fp_max;
} ho_floor;

/* Fail the calling test when run falls below floors (one per claim type) or above the limits
 * for false alarms on correct summaries and omitted flags. */
static void ho_check_floors(const ho_run *run, const ho_floor floors[CLAIM_NTYPES], int false_alarms_max,
			    int omit_tp_min, int omit_fp_max)
{
	const cd_score *sc = &run->sc;
	for (int t = 0; t < CLAIM_NTYPES; t++) {
		if (sc->found[t] < floors[t].found)
			fail_msg("%s: %d claims found, floor %d", claims_type_name((claim_type)t), sc->found[t], floors[t].found);
		if (sc->tp[t] < floors[t].tp)
			fail_msg("%s: %d contradicted claims caught, floor %d", claims_type_name((claim_type)t), sc->tp[t],
				 floors[t].tp);
		if (sc->fp[t] > floors[t].fp_max)
			fail_msg("%s: %d false contradictions, at most %d", claims_type_name((claim_type)t), sc->fp[t],
				 floors[t].fp_max);
	}
	if (sc->false_alarm > false_alarms_max)
		fail_msg("%d correct summaries with a false alarm, at most %d", sc->false_alarm, false_alarms_max);
	if (run->om_tp < omit_tp_min)
		fail_msg("%d omitted flags found, floor %d", run->om_tp, omit_tp_min);
	if (run->om_fp > omit_fp_max)
		fail_msg("%d omitted flags reported wrongly, at most %d", run->om_fp, omit_fp_max);
}

#endif
