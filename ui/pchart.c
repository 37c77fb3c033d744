/* pchart.c — a child's chart with its flag markers (pchart.h). */
#include "ui/pchart.h"

#include <math.h>
#include <stdlib.h>

static const gv_ind tabs[PCHART_NIND] = {GV_WFA, GV_LHFA, GV_BFA, GV_HCFA, GV_WFLH, GV_ACFA};

gv_ind pchart_ind(int tab)
{
	return tab >= 0 && tab < PCHART_NIND ? tabs[tab] : GV_NIND;
}

int pchart_tab(gv_ind ind)
{
	for (int i = 0; i < PCHART_NIND; i++)
		if (tabs[i] == ind)
			return i;
	return -1;
}

const char *pchart_ind_title(gv_ind ind)
{
	switch (ind) {
	case GV_WFA:
		return "weight-for-age";
	case GV_LHFA:
		return "length/height-for-age";
	case GV_BFA:
		return "BMI-for-age";
	case GV_HCFA:
		return "head circumference-for-age";
	case GV_WFLH:
		return "weight-for-length/height";
	case GV_ACFA:
		return "arm circumference-for-age";
	case GV_TSFA:
		return "triceps skinfold-for-age";
	case GV_SSFA:
		return "subscapular skinfold-for-age";
	default:
		return "";
	}
}

const char *pchart_ind_short(gv_ind ind)
{
	switch (ind) {
	case GV_WFA:
		return "Weight";
	case GV_LHFA:
		return "Length/height";
	case GV_BFA:
		return "BMI";
	case GV_HCFA:
		return "Head";
	case GV_WFLH:
		return "Wt/length";
	case GV_ACFA:
		return "Arm";
	default:
		return "";
	}
}

gv_status pchart_draw(canvas *cv, const gv_child *c, const chart_spec *s, const flagview *fv, int sel,
		      chart_layout *L, chart_info *info)
{
	chart_spec t = *s;
	t.sex = c->p.sex;
	t.flags |= CHART_F_CONNECT;
	gv_options opt;
	growth_default_options(&opt);
	opt.policy = s->policy;
	/* weight-for-length/height: the table depends on age (chart_draw_child's rule) */
	if (t.ind == GV_WFLH && !isfinite(t.age_days) && c->nv > 0) {
		size_t vi = sel >= 0 && (size_t)sel < c->nv ? (size_t)sel : c->nv - 1;
		gv_measure m;
		gv_result r;
		record_measure(&c->p, &c->v[vi], &m);
		if (growth_compute(&m, &opt, &r) == GV_OK)
			t.age_days = r.cage_days;
	}
	if (!isfinite(t.ga_days))
		t.ga_days = chart_child_ga(c, &opt); /* a preterm child: INTERGROWTH-21st first */
	if (!isfinite(t.mph_z) && !isfinite(t.proj_z) && chart_child_stature(c, &opt, &t) != GV_OK) {
		canvas_clear(cv);
		return GV_ENOMEM;
	}
	if (!isfinite(t.wflh_switch_cm) && chart_child_wflh_switch(c, &opt, &t) != GV_OK) {
		canvas_clear(cv);
		return GV_ENOMEM;
	}
	if (!t.switch_note[0])
		chart_child_switch_note(c, &opt, &t);
	chart_point *pts = NULL;
	size_t n = 0;
	gv_status st = chart_child_points(c, &t, &opt, sel, &pts, &n);
	if (st != GV_OK) {
		canvas_clear(cv);
		return st;
	}
	for (size_t i = 0; fv && i < n; i++) {
		if (pts[i].state == CHART_PT_SELECTED || pts[i].state == CHART_PT_SUSPECT)
			continue;
		int k = flagview_point(fv, (size_t)pts[i].id, t.ind);
		if (k == 2)
			pts[i].state = CHART_PT_SUSPECT;
		else if (k == 1)
			pts[i].state = CHART_PT_FLAGGED;
	}
	t.pts = pts;
	t.npts = n;
	st = chart_draw(cv, &t, L, info);
	free(pts);
	return st;
}
