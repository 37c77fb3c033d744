/*
 * cmd_plot.c — growthview plot PATIENT [--indicator wfa|lhfa|bfa|hcfa|wflh|acfa] [--view value|z]
 *              [--zoom child|full] [--width W] [--height H] [--ascii] [--db PATH] [--ref auto|who|cdc]
 *              [--units metric|us]
 *
 * Draws a patient's growth chart to standard output: the chart the TUI shows (ui/pchart.h: the
 * same renderer, the same flag markers), as text.  Output: a caption line (patient, indicator,
 * references drawn), the chart (W x H cells, trailing blanks removed), a legend line.  Braille
 * when the locale is UTF-8 and --ascii is not given, plain ASCII otherwise.  PATIENT is an external
 * id or #N (internal id).  The database is opened read-only.
 * Exit status: 0; 1 when there is no such patient or nothing to plot; 2 on a usage or database
 * error.
 */
#include "app/cmd/cmd.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cmd/cmdutil.h"
#include "app/config.h"
#include "app/store.h"
#include "ui/chart.h"
#include "ui/flagview.h"
#include "ui/fmt.h"
#include "ui/pchart.h"
#include "ui/term.h"
#include "core/text.h"
#include "core/traj.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: growthview plot PATIENT [--indicator wfa|lhfa|bfa|hcfa|wflh|acfa] [--view value|z]\n"
		   "                      [--zoom child|full] [--width W] [--height H] [--ascii] [--db PATH]\n"
		   "                      [--ref auto|who|cdc] [--units metric|us]\n"
		   "  PATIENT       external id, or #N for the internal id\n"
		   "  --indicator   chart (default wfa: weight-for-age)\n"
		   "  --view        value over the percentile curves (default) or z-score\n"
		   "  --zoom        the child's age span (default) or the chart's full span\n"
		   "  --width/-height  chart size in cells (default 80 x 22; at least 20 x 8)\n"
		   "  --ascii       plain ASCII (default when the locale is not UTF-8)\n"
		   "  --ref         chart policy (default: config, else auto)\n"
		   "  --units       metric, or us: weights in lb, lengths in inches (default: config, else metric)\n");
}

static int parse_int(const char *s, int lo, int hi, int *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return 0;
	*out = (int)v;
	return 1;
}

/* The command line of plot. */
typedef struct plot_opts {
	const char *db, *key, *ref, *units;
	gv_ind ind;
	chart_view view;
	chart_zoom zoom;
	int w, h, ascii;
} plot_opts;

/* The options: -1 to go on, else the exit status (messages written). */
static int parse_args(int argc, char **argv, plot_opts *o)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "--db") == 0 && v) {
			o->db = v;
			i++;
		} else if (strcmp(a, "--indicator") == 0 && v) {
			o->ind = refs_ind_parse(v);
			if (pchart_tab(o->ind) < 0) {
				fprintf(stderr, "growthview plot: --indicator must be wfa, lhfa, bfa, hcfa, wflh or acfa\n");
				return 2;
			}
			i++;
		} else if (strcmp(a, "--view") == 0 && v) {
			if (strcmp(v, "value") == 0)
				o->view = CHART_VIEW_VALUE;
			else if (strcmp(v, "z") == 0)
				o->view = CHART_VIEW_Z;
			else {
				fprintf(stderr, "growthview plot: --view must be value or z\n");
				return 2;
			}
			i++;
		} else if (strcmp(a, "--zoom") == 0 && v) {
			if (strcmp(v, "child") == 0)
				o->zoom = CHART_ZOOM_CHILD;
			else if (strcmp(v, "full") == 0)
				o->zoom = CHART_ZOOM_FULL;
			else {
				fprintf(stderr, "growthview plot: --zoom must be child or full\n");
				return 2;
			}
			i++;
		} else if (strcmp(a, "--width") == 0 && v) {
			if (!parse_int(v, 20, 1000, &o->w)) {
				fprintf(stderr, "growthview plot: --width must be 20 to 1000\n");
				return 2;
			}
			i++;
		} else if (strcmp(a, "--height") == 0 && v) {
			if (!parse_int(v, 8, 500, &o->h)) {
				fprintf(stderr, "growthview plot: --height must be 8 to 500\n");
				return 2;
			}
			i++;
		} else if (strcmp(a, "--ascii") == 0) {
			o->ascii = 1;
		} else if (strcmp(a, "--ref") == 0 && v) {
			o->ref = v;
			i++;
		} else if (strcmp(a, "--units") == 0 && v) {
			if (strcmp(v, "metric") != 0 && strcmp(v, "us") != 0) {
				fprintf(stderr, "growthview plot: --units must be metric or us\n");
				return 2;
			}
			o->units = v;
			i++;
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "growthview plot: unknown option '%s'\n", a);
			usage(stderr);
			return 2;
		} else if (!o->key) {
			o->key = a;
		} else {
			fprintf(stderr, "growthview plot: one patient at a time ('%s' and '%s')\n", o->key, a);
			return 2;
		}
	}
	if (!o->key) {
		usage(stderr);
		return 2;
	}
	return -1;
}

/* The patient, the child's record and the flag acknowledgements: 0, else the exit status
 * (reported; skey is the key as messages show it). */
static int load_child(gv_store *st, const char *key, const char *skey, gv_patient *p, gv_child *c, store_ack **acks,
		      size_t *nacks)
{
	store_rc r = store_patient_resolve(st, key, p);
	if (r == STORE_NOTFOUND) {
		fprintf(stderr, "growthview plot: no patient '%s'\n", skey);
		return 1;
	}
	if (r != STORE_OK || (r = store_child_load(st, p->id, c)) != STORE_OK ||
	    (r = store_flag_acks(st, p->id, acks, nacks)) != STORE_OK) {
		fprintf(stderr, "growthview plot: %s\n", store_errmsg(st));
		return 2;
	}
	if (c->p.sex != GV_MALE && c->p.sex != GV_FEMALE) {
		fprintf(stderr, "growthview plot: patient '%s' has no recorded sex: no chart applies\n", skey);
		return 1;
	}
	return 0;
}

/* caption: who, which chart, which references */
static void print_caption(const plot_opts *o, const gv_patient *p, const gv_child *c, const chart_info *info,
			  const char *skey, int utf8)
{
	char sid[4 * GV_ID_MAX];
	char born[16], tables[256] = "";
	fmt_date(born, sizeof born, c->p.birth_date);
	for (int i = 0; i < info->ntables; i++) {
		const char *title = chart_info_title(info, i);
		size_t l = strlen(tables);
		snprintf(tables + l, sizeof tables - l, "%s%s", i ? " | " : "", title[0] ? title : "?");
	}
	char name[GV_NAME_MAX + 8];
	fmt_fit(name, sizeof name, c->p.name[0] ? c->p.name : "(no name)",
		fmt_width(c->p.name[0] ? c->p.name : "(no name)"), utf8 && !o->ascii);
	if (p->ext_id[0])
		text_clean(sid, sizeof sid, p->ext_id, strlen(p->ext_id), utf8 && !o->ascii ? 0 : TEXT_ASCII);
	printf("%s (%s), %s, born %s: %s%s, %s\n", name, p->ext_id[0] ? sid : skey,
	       c->p.sex == GV_MALE ? "boy" : "girl", born, pchart_ind_title(o->ind),
	       o->view == CHART_VIEW_Z ? " z-score" : "", tables[0] ? tables : "no reference table");
}

/* The chart's rows, the legend with the counts of flagged and suspect points, and the flush:
 * 0, or 2 (reported, except out of memory for the row). */
static int print_chart(const canvas *cv, const plot_opts *o, const gv_child *c, const gv_result *res,
		       const flagview *fv, gv_policy policy)
{
	int w = o->w, h = o->h;
	gv_ind ind = o->ind;
	char *row = malloc(CANVAS_ROW_BYTES(w));
	if (!row)
		return 2;
	for (int y = 0; y < h; y++) {
		canvas_row(cv, y, row, CANVAS_ROW_BYTES(w));
		printf("%s\n", row);
	}
	free(row);
	size_t nflag = 0, nsusp = 0;
	for (size_t i = 0; i < c->nv; i++) {
		int k = flagview_point(fv, i, ind);
		int biv = res[i].ind[ind].biv != 0 && isfinite(res[i].ind[ind].value);
		nflag += k == 1 && !biv;
		nsusp += k == 2 || biv;
	}
	if (c->nv == 0)
		printf("no measurements yet  curves: percentiles\n");
	else
		printf("o measurement  ! flagged (%zu)  ? check this value (%zu)  curves: percentiles\n", nflag, nsusp);
	if (ind == GV_LHFA) {
		/* the right edge of a height chart (chart.h): say what the bar is */
		chart_spec sp;
		chart_spec_init(&sp);
		sp.ind = GV_LHFA;
		sp.policy = policy;
		if (chart_child_stature(c, NULL, &sp) == GV_OK && isfinite(sp.mph_z))
			printf("MPH mid-parental target, bar +/-8.5 cm (Tanner 1970)%s\n",
			       isfinite(sp.proj_z) ? "  <P projected adult height centile" : "");
	}
	errno = 0;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "growthview plot: cannot write standard output: %s\n", errno ? strerror(errno) : "write error");
		return 2;
	}
	return 0;
}

int cmd_plot(int argc, char **argv)
{
	plot_opts o = {.ind = GV_WFA, .view = CHART_VIEW_VALUE, .zoom = CHART_ZOOM_CHILD, .w = 80, .h = 22};
	int prc = parse_args(argc, argv, &o);
	if (prc >= 0)
		return prc;
	int w = o.w, h = o.h;
	int utf8 = term_locale();
	gv_policy ref_policy = GV_POLICY_AUTO;
	if (o.ref && !cmd_parse_ref(o.ref, &ref_policy)) {
		fprintf(stderr, "growthview plot: --ref must be auto, who or cdc\n");
		return 2;
	}
	gv_config cfg;
	gv_store *st;
	if (cmd_open("plot", o.db, STORE_OPEN_READONLY | STORE_OPEN_NOCREATE, &cfg, &st) != 0)
		return 2;
	gv_policy policy = o.ref ? ref_policy : cfg.policy;
	gv_ruleset rules = cfg.rules == CONFIG_RULES_WHO ? GV_RULES_WHO : GV_RULES_US;
	int us = o.units ? strcmp(o.units, "us") == 0 : cfg.units == CONFIG_UNITS_US;
	config_free(&cfg);
	int rc = 0;
	gv_patient p;
	gv_child c = {0};
	store_ack *acks = NULL;
	size_t nacks = 0;
	gv_result *res = NULL;
	flagview fv;
	flagview_init(&fv);
	canvas *cv = NULL;
	/* The key as typed and the id as stored, made safe for the terminal (core/text.h). */
	char skey[256];
	text_clean(skey, sizeof skey, o.key, strlen(o.key), 0);
	if ((rc = load_child(st, o.key, skey, &p, &c, &acks, &nacks)) != 0)
		goto out;
	/* the flags the TUI marks on its chart */
	gv_flag_options fo;
	flags_default_options(&fo, rules);
	res = malloc((c.nv ? c.nv : 1) * sizeof *res);
	if (!res) {
		fprintf(stderr, "growthview plot: out of memory\n");
		rc = 2;
		goto out;
	}
	traj_results(&c, &fo.growth, res);
	if (flagview_compute(&fv, &c, res, &fo, acks, nacks) == GV_ENOMEM) {
		fprintf(stderr, "growthview plot: out of memory\n");
		rc = 2;
		goto out;
	}
	cv = canvas_new(w, h, utf8 && !o.ascii ? CANVAS_BRAILLE : CANVAS_ASCII);
	if (!cv) {
		fprintf(stderr, "growthview plot: out of memory\n");
		rc = 2;
		goto out;
	}
	chart_spec sp;
	chart_spec_init(&sp);
	sp.ind = o.ind;
	sp.policy = policy;
	sp.view = o.view;
	sp.zoom = o.zoom;
	sp.us_units = us;
	chart_info info;
	gv_status gs = pchart_draw(cv, &c, &sp, &fv, -1, NULL, &info);
	if (gs != GV_OK) {
		fprintf(stderr, "growthview plot: cannot draw a %dx%d chart (%s)\n", w, h,
			gs == GV_EINVAL ? "too small" : "out of memory");
		rc = gs == GV_EINVAL ? 1 : 2;
		goto out;
	}
	print_caption(&o, &p, &c, &info, skey, utf8);
	rc = print_chart(cv, &o, &c, res, &fv, policy);
out:
	canvas_free(cv);
	flagview_free(&fv);
	free(res);
	store_acks_free(acks, nacks);
	store_child_free(&c);
	store_close(st);
	return rc;
}
