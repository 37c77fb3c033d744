/* patient.c — one child's screen: header, tabs, chart or table, flags panel, detail (patient.h). */
#include "ui/patient.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/age.h"
#include "core/stature.h"
#include "core/traj.h"
#include "ui/help.h"
#include "ui/keys.h"
#include "ui/pchart.h"

void patient_init(patient_state *p, gv_policy policy, gv_ruleset rules, fmt_units units, int32_t today, int braille)
{
	memset(p, 0, sizeof *p);
	growth_default_options(&p->gopt);
	p->gopt.policy = policy;
	flags_default_options(&p->fo, rules);
	flagview_init(&p->fv);
	p->ind = GV_WFA;
	p->view = CHART_VIEW_VALUE;
	p->zoom = CHART_ZOOM_CHILD;
	p->sel = -1;
	p->pane = PANE_CHART;
	p->today = today;
	p->units = units;
	p->braille = braille;
}

static void unload(patient_state *p)
{
	if (p->fres != p->res)
		free(p->fres);
	free(p->res);
	p->res = p->fres = NULL;
	store_child_free(&p->child);
	store_acks_free(p->acks, p->nacks);
	p->acks = NULL;
	p->nacks = 0;
	free(p->notes);
	p->notes = NULL;
	p->loaded = 0;
	p->info_id = 0;
}

void patient_free(patient_state *p)
{
	unload(p);
	flagview_free(&p->fv);
	canvas_free(p->cv);
	p->cv = NULL;
}

static int same_options(const gv_options *a, const gv_options *b)
{
	return a->policy == b->policy && a->preterm_weeks == b->preterm_weeks &&
	       a->correct_until_months == b->correct_until_months;
}

gv_status patient_compute(patient_state *p)
{
	if (p->fres != p->res)
		free(p->fres);
	free(p->res);
	p->res = p->fres = NULL;
	size_t n = p->child.nv ? p->child.nv : 1;
	p->res = malloc(n * sizeof *p->res);
	if (!p->res)
		return GV_ENOMEM;
	traj_results(&p->child, &p->gopt, p->res); /* every result set, even when not scored */
	if (same_options(&p->gopt, &p->fo.growth)) {
		p->fres = p->res;
	} else {
		p->fres = malloc(n * sizeof *p->fres);
		if (!p->fres)
			return GV_ENOMEM;
		traj_results(&p->child, &p->fo.growth, p->fres);
	}
	gv_status st = flagview_compute(&p->fv, &p->child, p->fres, &p->fo, p->acks, p->nacks);
	if (st == GV_EINVAL) { /* unknown sex: nothing can be flagged */
		p->fv.n = p->fv.nopen = 0;
		p->fv.open_severity = 0;
		st = GV_OK;
	}
	if (p->flag_sel >= (int)p->fv.n)
		p->flag_sel = p->fv.n ? (int)p->fv.n - 1 : 0;
	return st;
}

store_rc patient_load(patient_state *p, gv_store *st, int64_t id, int64_t keep_visit)
{
	int same = p->loaded && p->child.p.id == id;
	unload(p);
	store_rc r = store_child_load(st, id, &p->child);
	if (r != STORE_OK)
		return r;
	if ((r = store_patient_notes(st, id, &p->notes)) != STORE_OK ||
	    (r = store_flag_acks(st, id, &p->acks, &p->nacks)) != STORE_OK) {
		unload(p);
		return r;
	}
	if (patient_compute(p) != GV_OK) {
		unload(p);
		return STORE_ERROR;
	}
	p->loaded = 1;
	p->sel = p->child.nv ? (int)p->child.nv - 1 : -1;
	for (size_t i = 0; keep_visit && i < p->child.nv; i++)
		if (p->child.v[i].id == keep_visit)
			p->sel = (int)i;
	if (!same) {
		p->focus = 0;
		p->flag_sel = 0;
		p->flag_top = 0;
		p->table_top = 0;
	}
	return STORE_OK;
}

void patient_sync(patient_state *p, gv_store *st)
{
	if (!p->loaded || p->sel < 0) {
		p->info_id = 0;
		return;
	}
	int64_t vid = p->child.v[p->sel].id;
	if (vid == p->info_id)
		return;
	if (store_visit_info_get(st, vid, &p->info) == STORE_OK)
		p->info_id = vid;
	else
		p->info_id = 0;
}

/* ------------------------------------------------------------------ selection */

/* Does visit i have a point on the chart in force? */
static int has_point(const patient_state *p, size_t i)
{
	const gv_ind_result *r = &p->res[i].ind[p->ind];
	if (p->view == CHART_VIEW_Z)
		return r->status == GV_OK && isfinite(r->z);
	return isfinite(r->value) && (p->ind != GV_WFLH || isfinite(r->x));
}

/* Move the selection by d visits (d = +-1: to the next visit with a point on the chart when the
 * chart is shown; otherwise by |d| visits in the table). */
static void move_sel(patient_state *p, int d)
{
	int n = (int)p->child.nv;
	if (n == 0)
		return;
	if (p->pane == PANE_CHART && (d == 1 || d == -1)) {
		for (int i = p->sel + d; i >= 0 && i < n; i += d)
			if (has_point(p, (size_t)i)) {
				p->sel = i;
				return;
			}
		return; /* no further point: stay */
	}
	int s = p->sel + d;
	p->sel = s < 0 ? 0 : s >= n ? n - 1 : s;
}

static void sel_edge(patient_state *p, int last)
{
	int n = (int)p->child.nv;
	if (n == 0)
		return;
	if (p->pane == PANE_CHART) {
		for (int k = 0; k < n; k++) {
			int i = last ? n - 1 - k : k;
			if (has_point(p, (size_t)i)) {
				p->sel = i;
				return;
			}
		}
	}
	p->sel = last ? n - 1 : 0;
}

/* ------------------------------------------------------------------ layout */

typedef struct playout {
	int main_x, main_y, main_w, main_h;
	int side_x, side_w; /* 0 when the panel is not beside the chart */
	int detail_y, ndetail;
} playout;

static void layout(int w, int h, playout *o)
{
	o->main_x = 0;
	o->main_y = 3;
	o->ndetail = 2;
	o->detail_y = h - 1 - o->ndetail;
	o->main_h = o->detail_y - o->main_y;
	if (w >= PATIENT_SIDE_MIN) {
		int sw = w / 3;
		sw = sw < 40 ? 40 : sw > 64 ? 64 : sw;
		o->side_w = sw;
		o->side_x = w - sw;
		o->main_w = w - sw - 1; /* one column for the separator */
	} else {
		o->side_w = 0;
		o->side_x = w;
		o->main_w = w;
	}
}

/* ------------------------------------------------------------------ keys */

int patient_help_screen(const patient_state *p)
{
	if (p->focus)
		return HELP_FLAGS;
	return p->pane == PANE_TABLE ? HELP_TABLE : HELP_CHART;
}

const flagview_item *patient_selected_flag(const patient_state *p)
{
	if (p->flag_sel < 0 || (size_t)p->flag_sel >= p->fv.n)
		return NULL;
	return &p->fv.items[p->flag_sel];
}

static int flags_key(patient_state *p, int key)
{
	int n = (int)p->fv.n;
	switch (key) {
	case K_DOWN:
	case 'j':
		if (p->flag_sel < n - 1)
			p->flag_sel++;
		return PAT_NONE;
	case K_UP:
	case 'k':
		if (p->flag_sel > 0)
			p->flag_sel--;
		return PAT_NONE;
	case K_PGDN:
		p->flag_sel = p->flag_sel + 5 < n ? p->flag_sel + 5 : n - 1;
		if (p->flag_sel < 0)
			p->flag_sel = 0;
		return PAT_NONE;
	case K_PGUP:
		p->flag_sel = p->flag_sel > 5 ? p->flag_sel - 5 : 0;
		return PAT_NONE;
	case K_HOME:
	case 'g':
		p->flag_sel = 0;
		return PAT_NONE;
	case K_END:
	case 'G':
		p->flag_sel = n > 0 ? n - 1 : 0;
		return PAT_NONE;
	case K_ENTER: {
		const flagview_item *it = patient_selected_flag(p);
		if (it && it->visit < p->child.nv) {
			p->sel = (int)it->visit;
			if (pchart_tab(it->indicator) >= 0)
				p->ind = it->indicator;
			p->focus = 0;
		}
		return PAT_NONE;
	}
	case 'A':
		return patient_selected_flag(p) ? PAT_ACK : PAT_NONE;
	case K_TAB:
	case K_BTAB:
	case K_ESC:
		p->focus = 0;
		return PAT_NONE;
	default:
		return PAT_UNKNOWN;
	}
}

int patient_key(patient_state *p, int key)
{
	if (p->focus) {
		int r = flags_key(p, key);
		if (r != PAT_UNKNOWN)
			return r;
	}
	switch (key) {
	case K_LEFT:
	case 'h':
	case K_UP:
	case 'k':
		move_sel(p, -1);
		return PAT_NONE;
	case K_RIGHT:
	case 'l':
	case K_DOWN:
	case 'j':
		move_sel(p, 1);
		return PAT_NONE;
	case K_PGUP:
		move_sel(p, -10);
		return PAT_NONE;
	case K_PGDN:
		move_sel(p, 10);
		return PAT_NONE;
	case K_HOME:
	case 'g':
		sel_edge(p, 0);
		return PAT_NONE;
	case K_END:
	case 'G':
		sel_edge(p, 1);
		return PAT_NONE;
	case '1':
	case '2':
	case '3':
	case '4':
	case '5':
	case '6':
		p->ind = pchart_ind(key - '1');
		return PAT_NONE;
	case ']':
	case 'i':
		p->ind = pchart_ind((pchart_tab(p->ind) + 1) % PCHART_NIND);
		return PAT_NONE;
	case '[':
	case 'I':
		p->ind = pchart_ind((pchart_tab(p->ind) + PCHART_NIND - 1) % PCHART_NIND);
		return PAT_NONE;
	case 'z':
		p->view = p->view == CHART_VIEW_VALUE ? CHART_VIEW_Z : CHART_VIEW_VALUE;
		return PAT_NONE;
	case '+':
	case '=':
		p->zoom = CHART_ZOOM_FULL;
		return PAT_NONE;
	case '-':
		p->zoom = CHART_ZOOM_CHILD;
		return PAT_NONE;
	case 'o':
		p->who_1_99 = !p->who_1_99;
		return PAT_NONE;
	case 't':
		p->pane = p->pane == PANE_CHART ? PANE_TABLE : PANE_CHART;
		return PAT_NONE;
	case K_TAB:
	case K_BTAB:
		p->focus = !p->focus;
		return PAT_NONE;
	case 'r':
		p->gopt.policy = (gv_policy)(((int)p->gopt.policy + 1) % 3);
		patient_compute(p);
		return PAT_POLICY;
	case 'a':
		return PAT_ADD;
	case 'E':
		return PAT_PATIENT;
	case 'e':
		return p->sel >= 0 ? PAT_EDIT : PAT_NONE;
	case K_ENTER:
		return p->sel >= 0 && p->pane == PANE_TABLE ? PAT_EDIT : PAT_NONE;
	case 'd':
	case K_DEL:
		return p->sel >= 0 ? PAT_DELETE : PAT_NONE;
	case 'u':
		return PAT_UNDO;
	case 'n':
		return PAT_NEXT;
	case 'p':
		return PAT_PREV;
	case 'q':
	case K_ESC:
		return PAT_BACK;
	case 'Q':
		return PAT_QUIT;
	case '?':
	case K_F1:
		return PAT_HELP;
	default:
		return PAT_UNKNOWN;
	}
}

/* ------------------------------------------------------------------ text */

int patient_corrected(const patient_state *p)
{
	double ga = record_ga(&p->child.p);
	double months = (p->today - p->child.p.birth_date) / GV_DAYS_PER_MONTH;
	return isfinite(ga) && ga < p->gopt.preterm_weeks && months < p->gopt.correct_until_months;
}

void patient_header(const patient_state *p, char *buf, size_t n)
{
	const gv_patient *pt = &p->child.p;
	char born[16], age[24], cage[48] = "", ga[32] = "", fl[48] = "";
	fmt_date(born, sizeof born, pt->birth_date);
	fmt_age(age, sizeof age, pt->birth_date, p->today);
	if (patient_corrected(p)) {
		char a[24];
		fmt_age(a, sizeof a, fmt_term_date(pt->birth_date, pt->ga_weeks, pt->ga_days), p->today);
		snprintf(cage, sizeof cage, "  corrected %s", a);
	}
	if (pt->ga_weeks > 0)
		snprintf(ga, sizeof ga, "  GA %d+%d wk", pt->ga_weeks, pt->ga_days);
	if (p->fv.nopen)
		snprintf(fl, sizeof fl, "  %s %zu open flag%s", flagview_marker_code(p->fv.open_severity), p->fv.nopen,
			 p->fv.nopen == 1 ? "" : "s");
	snprintf(buf, n, "%s  born %s  age %s%s%s  %zu visit%s%s",
		 pt->sex == GV_MALE ? "boy" : pt->sex == GV_FEMALE ? "girl" : "sex unknown", born, age, cage, ga,
		 p->child.nv, p->child.nv == 1 ? "" : "s", fl);
}

static const char *method_name(gv_method m)
{
	switch (m) {
	case GV_METHOD_WHO_RESTRICTED:
		return "WHO restricted";
	case GV_METHOD_CDC_EXTENDED:
		return "CDC 2022 extended BMI";
	case GV_METHOD_LMS:
		return "LMS";
	case GV_METHOD_IG21:
		return "INTERGROWTH-21st equations";
	default:
		return "";
	}
}

static const char *warn_text(unsigned bit)
{
	switch (bit) {
	case GV_W_STANDING_UNDER_9MO:
		return "standing height under 9 months: position taken as unknown";
	case GV_W_LENGTH_ON_STATURE:
		return "recumbent length on a stature chart: scored as height -0.7 cm";
	case GV_W_STATURE_ON_LENGTH:
		return "standing height on a length chart: scored as length +0.7 cm";
	case GV_W_BEFORE_TERM:
		return "before term: term references do not apply";
	case GV_W_AGE_OUT_OF_RANGE:
		return "age outside the references";
	case GV_W_IG21_REFERENCE:
		return "born before 33 weeks: INTERGROWTH-21st very preterm reference, not a standard";
	default:
		return "";
	}
}

#define NSEG 24
#define SEGSZ 160

/* "2-4 y", "4-6 y": the age band of a velocity threshold (stature_vel_threshold). */
static const char *vel_band(double threshold)
{
	return threshold == 5.5 ? "2-4 y" : threshold == 5.0 ? "4-6 y" : "";
}

/* Height velocity up to visit i (core/stature.h: over >= 4 months, with the threshold where one is
 * published and the judgement over >= 6 months); "" when none. */
static void velocity_segment(const patient_state *p, size_t i, char *buf, size_t n)
{
	stature_vel sv;
	buf[0] = '\0';
	if (stature_velocity(&p->child, i, &sv) != GV_OK)
		return;
	char v[32];
	int us = p->units == FMT_US;
	fmt_fixed(v, sizeof v, us ? sv.cm_per_year / GV_CM_PER_IN : sv.cm_per_year, 1);
	int mo = (int)floor(sv.days / GV_DAYS_PER_MONTH + 0.5);
	char over[24];
	if (sv.slow == -1 && isfinite(sv.threshold))
		snprintf(over, sizeof over, "%.0f days", sv.days); /* short of 6 months: say by how much */
	else
		snprintf(over, sizeof over, "%d mo", mo);
	int len = snprintf(buf, n, "height velocity %s %s/y over %s", v, us ? "in" : "cm", over);
	if (len < 0 || (size_t)len >= n || !isfinite(sv.threshold))
		return;
	char t[32];
	fmt_fixed(t, sizeof t, us ? sv.threshold / GV_CM_PER_IN : sv.threshold, 1);
	if (sv.slow == 1)
		snprintf(buf + len, n - (size_t)len, ": slow, below %s %s/y at %s", t, us ? "in" : "cm", vel_band(sv.threshold));
	else if (sv.slow == 0)
		snprintf(buf + len, n - (size_t)len, " (threshold %s %s/y at %s)", t, us ? "in" : "cm", vel_band(sv.threshold));
	else
		snprintf(buf + len, n - (size_t)len, " (threshold %s at %s needs 6 mo)", t, vel_band(sv.threshold));
}

/* The mid-parental target and the projected adult height (core/stature.h), "" each when unknown. */
static void stature_segments(const patient_state *p, char *tbuf, char *pbuf, size_t n)
{
	tbuf[0] = pbuf[0] = '\0';
	stature_target tg;
	char a[32], lo[32], hi[32], pc[32];
	if (stature_target_of(p->child.p.sex, p->child.p.mother_height_cm, p->child.p.father_height_cm, p->gopt.policy,
			      &tg) == GV_OK) {
		fmt_measure(a, sizeof a, GV_LHFA, tg.target_cm, p->units);
		double f = p->units == FMT_US ? 1 / GV_CM_PER_IN : 1;
		fmt_fixed(lo, sizeof lo, tg.lo_cm * f, 1);
		fmt_fixed(hi, sizeof hi, tg.hi_cm * f, 1);
		fmt_pct(pc, sizeof pc, tg.p);
		snprintf(tbuf, n, "MPH %s (%s-%s) P%s", a, lo, hi, pc);
	}
	unsigned char use[64];
	unsigned char *u = p->child.nv <= sizeof use ? use : malloc(p->child.nv);
	if (!u)
		return;
	for (size_t i = 0; i < p->child.nv; i++)
		u[i] = p->res[i].ind[GV_LHFA].biv == 0;
	stature_projection pj;
	if (stature_project(&p->child, p->res, u, p->gopt.policy, &pj) == GV_OK) {
		fmt_measure(a, sizeof a, GV_LHFA, pj.adult_cm, p->units);
		fmt_pct(pc, sizeof pc, pj.p);
		snprintf(pbuf, n, "projected adult %s P%s", a, pc);
	}
	if (u != use)
		free(u);
}

/* "!! hcfa_below_m3sd severe microcephaly": a flag in the detail line. */
static void flag_segment(const flagview_item *it, char *buf, size_t n)
{
	const char *m = flagview_marker(it->severity);
	snprintf(buf, n, "%.*s %s %s%s", m[1] == ' ' ? 1 : 2, m, it->rule, it->label, it->acked ? " (acknowledged)" : "");
}

int patient_detail(const patient_state *p, int width, char *lines, size_t linesz, int max, int utf8)
{
	if (!p->loaded || p->sel < 0 || (size_t)p->sel >= p->child.nv) {
		const char *seg[1] = {p->loaded ? "No measurements yet: press a to add one." : ""};
		return fmt_segments(seg, 1, width, lines, linesz, max, utf8);
	}
	static char buf[NSEG][SEGSZ], refbuf[SEGSZ];
	const char *seg[NSEG];
	refbuf[0] = '\0';
	int ns = 0;
	const gv_visit *v = &p->child.v[p->sel];
	const gv_result *r = &p->res[p->sel];
	const gv_ind_result *ir = &r->ind[p->ind];
	char a[32], b[32];

	fmt_date(buf[ns], SEGSZ, v->date);
	if (v->time_min >= 0)
		snprintf(buf[ns] + 10, SEGSZ - 10, " %02d:%02d", v->time_min / 60, v->time_min % 60);
	seg[ns] = buf[ns];
	ns++;
	fmt_age(a, sizeof a, p->child.p.birth_date, v->date);
	if (r->corrected && (r->axis == GV_AXIS_PMA || r->axis == GV_AXIS_GA || r->cage_days < 0)) {
		/* before 64 weeks postmenstrual age: the age INTERGROWTH-21st reads */
		long d = lround(r->ga_days + r->age_days);
		snprintf(buf[ns], SEGSZ, "age %s (%s %ld+%ld wk)", a, r->axis == GV_AXIS_GA ? "GA" : "postmenstrual", d / 7,
			 d % 7);
	} else if (r->corrected) {
		fmt_age(b, sizeof b, fmt_term_date(p->child.p.birth_date, p->child.p.ga_weeks, p->child.p.ga_days),
			v->date);
		snprintf(buf[ns], SEGSZ, "age %s (corrected %s)", a, b);
	} else {
		snprintf(buf[ns], SEGSZ, "age %s", a);
	}
	seg[ns] = buf[ns];
	ns++;
	if (!isfinite(ir->value)) {
		snprintf(buf[ns], SEGSZ, "no %s at this visit", pchart_ind_title(p->ind));
		seg[ns] = buf[ns];
		ns++;
	} else {
		fmt_measure(a, sizeof a, p->ind, ir->value, p->units);
		if (p->ind == GV_WFLH) {
			fmt_measure(b, sizeof b, GV_LHFA, r->height_cm, p->units);
			snprintf(buf[ns], SEGSZ, "%s at %s %s", a, v->position == 'H' ? "height" : "length", b);
		} else if (p->ind == GV_LHFA) {
			snprintf(buf[ns], SEGSZ, "%s %s%s", v->position == 'H' ? "height" : v->position == 'L' ? "length" : "length/height", a,
				 r->height_adj_cm != 0 ? (r->height_adj_cm > 0 ? " (+0.7 cm)" : " (-0.7 cm)") : "");
		} else {
			snprintf(buf[ns], SEGSZ, "%s %s",
				 p->ind == GV_WFA ? "weight" : p->ind == GV_BFA ? "BMI" : p->ind == GV_HCFA ? "head" : "arm", a);
		}
		seg[ns] = buf[ns];
		ns++;
		if (ir->status == GV_OK && isfinite(ir->z)) {
			/* the one number the flags state too (growth_reported: CDC 2022 extended BMI) */
			double z, pc;
			growth_reported(r, p->ind, &z, &pc);
			fmt_z(a, sizeof a, z);
			fmt_pct(b, sizeof b, pc);
			snprintf(buf[ns], SEGSZ, "z %s", a);
			seg[ns] = buf[ns];
			ns++;
			snprintf(buf[ns], SEGSZ, "P%s", b);
			seg[ns] = buf[ns];
			ns++;
			const ref_info *ri = refs_info(ir->table);
			if (p->ind == GV_BFA && r->bfa_ext_method == GV_METHOD_CDC_EXTENDED) {
				/* two methods differ here: the extended values above, the LMS ones labelled */
				char c[32], lz[32], lp[32];
				fmt_z(lz, sizeof lz, ir->z);
				fmt_pct(lp, sizeof lp, ir->p);
				fmt_fixed(c, sizeof c, r->bmi_pct_p95, 1); /* as the flag states it */
				snprintf(refbuf, sizeof refbuf, "%s, %s, %s%% of P95 (LMS: z %s P%s)", ri ? ri->title : "",
					 method_name(GV_METHOD_CDC_EXTENDED), c, lz, lp);
			} else if (ir->ig != IG21_NSTD) {
				const ig21_info *ii = ig21_std_info(ir->ig);
				snprintf(refbuf, sizeof refbuf, "%s", ii ? ii->title : "INTERGROWTH-21st");
			} else {
				snprintf(refbuf, sizeof refbuf, "%s, %s", ri ? ri->title : "", method_name(ir->method));
			}
		} else {
			snprintf(buf[ns], SEGSZ, "not scored: no reference table at this %s",
				 p->ind == GV_WFLH ? "length/height" : "age");
			seg[ns] = buf[ns];
			ns++;
		}
		if (ir->biv) {
			snprintf(buf[ns], SEGSZ, "? implausibly %s", ir->biv < 0 ? "low" : "high");
			seg[ns] = buf[ns];
			ns++;
		}
	}
	if (p->ind == GV_LHFA) {
		/* height velocity beside the visit's numbers, before the flags (its threshold says whether
		 * it is slow) */
		static char vbuf[SEGSZ];
		velocity_segment(p, (size_t)p->sel, vbuf, sizeof vbuf);
		if (vbuf[0])
			seg[ns++] = vbuf;
	}
	/* what needs attention first (at 80 columns the reference may not fit), then the reference */
	for (size_t i = 0; i < p->fv.n && ns < NSEG - 8; i++) {
		const flagview_item *it = &p->fv.items[i];
		if (!flagview_met(it, (size_t)p->sel))
			continue;
		flag_segment(it, buf[ns], SEGSZ);
		seg[ns] = buf[ns];
		ns++;
	}
	if (p->ind == GV_LHFA && ns < NSEG - 3) {
		/* the mid-parental target and the projection (the bar at the chart's right edge) */
		static char tbuf[SEGSZ], pbuf[SEGSZ], both[2 * SEGSZ + 4];
		stature_segments(p, tbuf, pbuf, sizeof tbuf);
		if (tbuf[0] && pbuf[0]) { /* one segment: they are read together */
			snprintf(both, sizeof both, "%s, %s", tbuf, pbuf);
			seg[ns++] = both;
		} else if (tbuf[0] || pbuf[0]) {
			seg[ns++] = tbuf[0] ? tbuf : pbuf;
		}
	}
	if (refbuf[0])
		seg[ns++] = refbuf;
	for (unsigned bit = 1; bit < (1u << GV_W_NWARN) && ns < NSEG; bit <<= 1)
		if (r->warn & bit)
			seg[ns++] = warn_text(bit);
	return fmt_segments(seg, ns, width, lines, linesz, max, utf8);
}

/* ------------------------------------------------------------------ drawing */

static int sev_role(gv_severity s)
{
	switch (s) {
	case GV_SEV_SEVERE:
		return UI_FLAG_SEVERE;
	case GV_SEV_MODERATE:
		return UI_FLAG_MODERATE;
	case GV_SEV_CHECK:
		return UI_FLAG_CHECK;
	default:
		return UI_FLAG_INFO;
	}
}

static void draw_tabs(const patient_state *p, scr *s, int y)
{
	int w = scr_width(s), x = 0;
	scr_fill(s, 0, y, w, 1, ' ', UI_TEXT);
	for (int t = 0; t < PCHART_NIND; t++) {
		gv_ind ind = pchart_ind(t);
		int on = ind == p->ind;
		char b[32];
		const char *name = pchart_ind_short(ind);
		/* length under 2 years, height after (WHO, CDC): as of the child's last visit */
		int older = p->child.nv && p->child.v[p->child.nv - 1].date - p->child.p.birth_date >= 731;
		if (ind == GV_LHFA)
			name = older ? "Height" : "Length";
		else if (ind == GV_WFLH)
			name = older ? "Wt/height" : "Wt/length";
		snprintf(b, sizeof b, "%d %s", t + 1, name);
		int bw = (int)strlen(b) + 2;
		if (x + bw > w)
			break;
		scr_printf(s, x, y, bw, on ? UI_TAB_ON : UI_TAB, on ? "[%s]" : " %s ", b);
		x += bw;
	}
	static const char *const pol[] = {"auto", "WHO", "CDC"};
	char right[64];
	snprintf(right, sizeof right, "%s %s %s", p->view == CHART_VIEW_Z ? "z-score" : "value",
		 p->zoom == CHART_ZOOM_FULL ? "full" : "child", pol[p->gopt.policy]);
	int rw = (int)strlen(right);
	if (x + 1 + rw <= w)
		scr_text(s, w - rw, y, rw, right, UI_DIM);
}

/* The chart pane. */
static void draw_chart(patient_state *p, scr *s, const playout *L)
{
	if (L->main_w < 20 || L->main_h < 6)
		return;
	canvas_mode mode = p->braille && scr_utf8(s) ? CANVAS_BRAILLE : CANVAS_ASCII;
	if (!p->cv || canvas_width(p->cv) != L->main_w || canvas_height(p->cv) != L->main_h ||
	    canvas_get_mode(p->cv) != mode) {
		canvas_free(p->cv);
		p->cv = canvas_new(L->main_w, L->main_h, mode);
		if (!p->cv)
			return;
	}
	chart_spec sp;
	chart_spec_init(&sp);
	sp.ind = p->ind;
	sp.policy = p->gopt.policy;
	sp.view = p->view;
	sp.zoom = p->zoom;
	sp.us_units = p->units == FMT_US;
	if (p->who_1_99)
		sp.flags |= CHART_F_WHO_1_99;
	gv_status st = pchart_draw(p->cv, &p->child, &sp, &p->fv, p->sel, &p->L, NULL);
	p->chart_ok = st == GV_OK;
	if (st != GV_OK) {
		const char *msg = p->child.p.sex != GV_MALE && p->child.p.sex != GV_FEMALE
					  ? "No chart: the patient's sex is not recorded."
					  : "No chart for this indicator.";
		scr_text(s, L->main_x + 2, L->main_y + L->main_h / 2, L->main_w - 4, msg, UI_DIM);
		return;
	}
	scr_canvas(s, p->cv, L->main_x, L->main_y);
	int has = 0;
	for (size_t i = 0; i < p->child.nv && !has; i++)
		has = has_point(p, i);
	if (!has) {
		char b[96];
		snprintf(b, sizeof b, " no %s measured ", pchart_ind_title(p->ind));
		int bw = (int)strlen(b);
		scr_text(s, L->main_x + (L->main_w - bw) / 2, L->main_y + L->main_h / 2, bw, b, UI_WARN);
	}
}

/* The table's columns at a given width. */
typedef struct tcol {
	const char *head;
	int w;
	int right; /* right-aligned */
} tcol;

enum {
	TC_DATE, TC_AGE, TC_CORR, TC_WT, TC_WZ, TC_LEN, TC_POS, TC_LZ, TC_VEL, TC_BMI, TC_BZ, TC_HC, TC_HZ, TC_ARM,
	TC_AZ, TC_FLAG, TC_N
};

/* Has any visit a height velocity (stature_velocity: over >= 4 months)? */
static int any_velocity(const patient_state *p)
{
	stature_vel sv;
	for (size_t i = 1; i < p->child.nv; i++)
		if (stature_velocity(&p->child, i, &sv) == GV_OK)
			return 1;
	return 0;
}

/* Is any visit's age corrected for prematurity (gv_result.corrected)? */
static int any_corrected(const patient_state *p)
{
	for (size_t i = 0; i < p->child.nv; i++)
		if (p->res[i].corrected)
			return 1;
	return 0;
}

static void table_cols(const patient_state *p, int width, tcol *c, int *show)
{
	static const tcol base[TC_N] = {
		{"Date", 10, 0}, {"Age", 7, 0}, {"Corr age", 8, 0}, {"Weight", 7, 1}, {"z", 5, 1}, {"Length", 6, 1},
		{"", 1, 0}, {"z", 5, 1}, {"cm/y", 5, 1}, {"BMI", 4, 1}, {"z", 5, 1}, {"Head", 5, 1}, {"z", 5, 1},
		{"Arm", 4, 1}, {"z", 5, 1}, {"Flag", 4, 0},
	};
	memcpy(c, base, sizeof base);
	int total = 0;
	for (int i = 0; i < TC_N; i++) {
		show[i] = 1;
		total += c[i].w + 1;
	}
	/* corrected age beside the chronological one while correction applies to some visit */
	if (!any_corrected(p)) {
		show[TC_CORR] = 0;
		total -= c[TC_CORR].w + 1;
	}
	/* height velocity beside the length z when some visit has one */
	if (!any_velocity(p)) {
		show[TC_VEL] = 0;
		total -= c[TC_VEL].w + 1;
	}
	if (total > width) {
		show[TC_ARM] = show[TC_AZ] = 0;
		total -= c[TC_ARM].w + c[TC_AZ].w + 2;
	}
	if (total > width && (show[TC_CORR] || show[TC_VEL])) {
		/* BMI and its z make room for the corrected age and the velocity (BMI has its own chart,
		 * and no standard before 64 weeks PMA) */
		show[TC_BMI] = show[TC_BZ] = 0;
		total -= c[TC_BMI].w + c[TC_BZ].w + 2;
	}
	if (total > width)
		show[TC_BMI] = 0;
}

/* The corrected age of visit r for the table: "PMA 31+3" (postmenstrual weeks+days) while the visit
 * is on INTERGROWTH-21st or before term, else the corrected age; "" when not corrected. */
static void corr_cell(char *b, size_t n, const patient_state *p, const gv_visit *v, const gv_result *r)
{
	b[0] = '\0';
	if (!r->corrected)
		return;
	if (r->axis == GV_AXIS_PMA || r->axis == GV_AXIS_GA || r->cage_days < 0) {
		long d = lround(r->ga_days + r->age_days);
		snprintf(b, n, "PMA %ld+%ld", d / 7, d % 7);
		return;
	}
	fmt_age(b, n, fmt_term_date(p->child.p.birth_date, p->child.p.ga_weeks, p->child.p.ga_days), v->date);
}

static void put_cell(scr *s, int x, int y, const tcol *c, const char *text, int role)
{
	int tw = fmt_width(text);
	if (c->right && tw < c->w)
		scr_text(s, x + c->w - tw, y, tw, text, role);
	else
		scr_text(s, x, y, c->w, text, role);
}

/* The z growthview reports for indicator ind at this visit (growth_reported), "-" when none. */
static void zcell(char *b, size_t n, const gv_result *r, gv_ind ind)
{
	double z, pc;
	growth_reported(r, ind, &z, &pc);
	if (isfinite(z))
		fmt_z(b, n, z);
	else
		snprintf(b, n, "-");
}

static int visit_marker(const patient_state *p, size_t i, gv_severity *sev)
{
	int found = 0;
	for (size_t k = 0; k < p->fv.n; k++) {
		const flagview_item *it = &p->fv.items[k];
		if (!flagview_met(it, i))
			continue;
		if (!found || it->severity > *sev)
			*sev = it->severity;
		found = 1;
	}
	return found;
}

static void draw_table(patient_state *p, scr *s, const playout *L)
{
	tcol c[TC_N];
	int show[TC_N];
	table_cols(p, L->main_w, c, show);
	int y = L->main_y, x;
	char b[64];
	scr_fill(s, L->main_x, y, L->main_w, 1, ' ', UI_HEADING);
	x = L->main_x;
	for (int i = 0; i < TC_N; i++) {
		if (!show[i])
			continue;
		const char *h = c[i].head;
		int us = p->units == FMT_US;
		if (i == TC_WT)
			h = us ? "Wt lb" : "Wt kg";
		else if (i == TC_LEN)
			h = us ? "Len in" : "Len cm";
		else if (i == TC_HC)
			h = us ? "HC in" : "HC cm";
		else if (i == TC_ARM)
			h = us ? "Arm in" : "Arm cm";
		else if (i == TC_VEL)
			h = us ? "in/y" : "cm/y";
		put_cell(s, x, y, &c[i], h, UI_HEADING);
		x += c[i].w + 1;
	}
	int rows = L->main_h - 1;
	int n = (int)p->child.nv;
	if (n == 0) {
		scr_text(s, L->main_x + 2, y + 2, L->main_w - 4, "No measurements yet: press a to add one.", UI_DIM);
		return;
	}
	if (p->sel < p->table_top)
		p->table_top = p->sel;
	if (p->sel >= p->table_top + rows)
		p->table_top = p->sel - rows + 1;
	if (p->table_top > n - rows)
		p->table_top = n - rows > 0 ? n - rows : 0;
	if (p->table_top < 0)
		p->table_top = 0;
	for (int r = 0; r < rows && p->table_top + r < n; r++) {
		int vi = p->table_top + r;
		const gv_visit *v = &p->child.v[vi];
		const gv_result *res = &p->res[vi];
		int yy = y + 1 + r;
		x = L->main_x;
		for (int i = 0; i < TC_N; i++) {
			if (!show[i])
				continue;
			int role = UI_TEXT;
			b[0] = '\0';
			switch (i) {
			case TC_DATE:
				fmt_date(b, sizeof b, v->date);
				break;
			case TC_AGE:
				fmt_age(b, sizeof b, p->child.p.birth_date, v->date);
				break;
			case TC_CORR:
				corr_cell(b, sizeof b, p, v, res);
				break;
			case TC_VEL: {
				/* cm/year since the latest visit >= 4 months before; "!" (warning colour) when slow
				 * by its threshold (stature_velocity) */
				stature_vel sv;
				if (stature_velocity(&p->child, (size_t)vi, &sv) == GV_OK) {
					fmt_fixed(b, sizeof b, p->units == FMT_US ? sv.cm_per_year / GV_CM_PER_IN : sv.cm_per_year, 1);
					if (sv.slow == 1) {
						strcat(b, "!");
						role = UI_WARN;
					}
				}
				break;
			}
			case TC_WT:
				if (isfinite(v->weight_kg)) {
					if (p->units == FMT_US)
						fmt_fixed(b, sizeof b, v->weight_kg / GV_KG_PER_LB, 2);
					else
						fmt_fixed(b, sizeof b, v->weight_kg, v->weight_kg < 10 ? 3 : 2);
				}
				break;
			case TC_WZ:
				if (isfinite(v->weight_kg))
					zcell(b, sizeof b, res, GV_WFA);
				break;
			case TC_LEN:
				if (isfinite(v->height_cm))
					fmt_fixed(b, sizeof b, p->units == FMT_US ? v->height_cm / GV_CM_PER_IN : v->height_cm, 1);
				break;
			case TC_POS:
				if (isfinite(v->height_cm) && v->position)
					snprintf(b, sizeof b, "%c", v->position);
				break;
			case TC_LZ:
				if (isfinite(v->height_cm))
					zcell(b, sizeof b, res, GV_LHFA);
				break;
			case TC_BMI:
				if (isfinite(res->bmi))
					fmt_fixed(b, sizeof b, res->bmi, 1);
				break;
			case TC_BZ:
				if (isfinite(res->bmi))
					zcell(b, sizeof b, res, GV_BFA);
				break;
			case TC_HC:
				if (isfinite(v->head_cm))
					fmt_fixed(b, sizeof b, p->units == FMT_US ? v->head_cm / GV_CM_PER_IN : v->head_cm, 1);
				break;
			case TC_HZ:
				if (isfinite(v->head_cm))
					zcell(b, sizeof b, res, GV_HCFA);
				break;
			case TC_ARM:
				if (isfinite(v->muac_cm))
					fmt_fixed(b, sizeof b, p->units == FMT_US ? v->muac_cm / GV_CM_PER_IN : v->muac_cm, 1);
				break;
			case TC_AZ:
				if (isfinite(v->muac_cm))
					zcell(b, sizeof b, res, GV_ACFA);
				break;
			case TC_FLAG: {
				gv_severity sv = GV_SEV_INFO;
				if (visit_marker(p, (size_t)vi, &sv)) {
					snprintf(b, sizeof b, "%s", flagview_marker(sv));
					role = sev_role(sv);
				}
				break;
			}
			}
			if (!b[0]) {
				snprintf(b, sizeof b, "%s", i == TC_POS || i == TC_FLAG ? "" : ".");
				role = UI_DIM;
			}
			put_cell(s, x, yy, &c[i], b, role);
			x += c[i].w + 1;
		}
		if (v->oedema && x + 7 <= L->main_x + L->main_w)
			scr_text(s, x, yy, 7, "oedema", UI_WARN);
		if (vi == p->sel)
			scr_paint(s, L->main_x, yy, L->main_w, UI_CURSOR);
	}
}

/* One line of the flags panel. */
typedef struct pline {
	char text[600];
	int role;
	int item; /* index of the flag, -1 for headings */
	int first;
} pline;

static int panel_lines(const patient_state *p, int w, pline *out, int max)
{
	int n = 0;
	char b[512], d[16];
#define ADD(txt, rl, it, fst)                                                                                  \
	do {                                                                                                   \
		if (n < max) {                                                                                 \
			snprintf(out[n].text, sizeof out[n].text, "%s", txt);                                  \
			out[n].role = rl;                                                                      \
			out[n].item = it;                                                                      \
			out[n].first = fst;                                                                    \
		}                                                                                              \
		n++;                                                                                           \
	} while (0)
	if (p->fv.n == 0)
		ADD(p->child.nv ? "No flags: every rule passed." : "No measurements, no flags.", UI_DIM, -1, 0);
	int group = -1;
	for (size_t i = 0; i < p->fv.n; i++) {
		const flagview_item *it = &p->fv.items[i];
		int g = it->current && !it->acked ? 0 : it->current ? 1 : 2;
		if (g != group) {
			static const char *const gname[] = {"Open", "Acknowledged", "Earlier (over a year before the last visit)"};
			if (group != -1)
				ADD("", UI_TEXT, -1, 0);
			snprintf(b, sizeof b, "%s", gname[g]);
			if (g == 0)
				snprintf(b, sizeof b, "Open (%zu)", p->fv.nopen);
			ADD(b, UI_HEADING, -1, 0);
			group = g;
		}
		fmt_date(d, sizeof d, it->date);
		snprintf(b, sizeof b, "%s %s  %s", flagview_marker(it->severity), it->label, d);
		ADD(b, sev_role(it->severity), (int)i, 1);
		/* the numbers, then the rule and its source, wrapped under the marker */
		const char *parts[3] = {it->detail, NULL, NULL};
		char rule[256], src[256];
		snprintf(rule, sizeof rule, "rule %s%s%s%s", it->rule, it->threshold_text[0] ? " (" : "", it->threshold_text,
			 it->threshold_text[0] ? ")" : "");
		snprintf(src, sizeof src, "source: %s", it->source ? it->source : "");
		parts[1] = rule;
		parts[2] = src;
		for (int k = 0; k < 3; k++) {
			int st[16], ln[16];
			int nl = fmt_wrap(parts[k], w - 3, st, ln, 16);
			for (int j = 0; j < nl && j < 16; j++) {
				char line[SEGSZ * 2];
				snprintf(line, sizeof line, "   %.*s", ln[j], parts[k] + st[j]);
				ADD(line, k == 0 ? UI_TEXT : UI_DIM, (int)i, 0);
			}
		}
	}
	/* the record's notes under the flags, wrapped, their line breaks kept (E edits them) */
	if (p->notes && p->notes[0]) {
		ADD("", UI_TEXT, -1, 0);
		ADD("Notes  (E: edit)", UI_HEADING, -1, 0);
		for (const char *para = p->notes; para;) {
			const char *eol = strchr(para, '\n');
			size_t plen = eol ? (size_t)(eol - para) : strlen(para);
			char pb[512];
			snprintf(pb, sizeof pb, "%.*s", (int)(plen < sizeof pb ? plen : sizeof pb - 1), para);
			int st[32], ln[32];
			int nl = fmt_wrap(pb, w - 2, st, ln, 32);
			for (int j = 0; j < nl && j < 32; j++) {
				char line[SEGSZ * 2];
				snprintf(line, sizeof line, " %.*s", ln[j], pb + st[j]);
				ADD(line, UI_TEXT, -1, 0);
			}
			para = eol ? eol + 1 : NULL;
		}
	}
#undef ADD
	return n;
}

static void draw_panel(patient_state *p, scr *s, int x, int y, int w, int h)
{
	if (w < 10 || h < 2)
		return;
	int max = 400;
	pline *lines = malloc((size_t)max * sizeof *lines);
	if (!lines)
		return;
	char title[64];
	snprintf(title, sizeof title, "Flags%s", p->focus ? "  (Tab: back to the chart)" : "  (Tab: select)");
	scr_fill(s, x, y, w, 1, ' ', UI_HEADING);
	scr_text(s, x + 1, y, w - 1, title, UI_HEADING);
	int n = panel_lines(p, w - 1, lines, max);
	if (n > max)
		n = max;
	int rows = h - 1;
	/* keep the selected flag's block on screen */
	int first = -1, last = -1;
	for (int i = 0; i < n; i++)
		if (lines[i].item == p->flag_sel && p->fv.n) {
			if (first < 0)
				first = i;
			last = i;
		}
	if (p->focus && first >= 0) {
		if (first < p->flag_top)
			p->flag_top = first > 0 && lines[first - 1].item < 0 ? first - 1 : first;
		if (last >= p->flag_top + rows)
			p->flag_top = last - rows + 1;
		if (first < p->flag_top)
			p->flag_top = first;
	}
	if (p->flag_top > n - rows)
		p->flag_top = n - rows;
	if (p->flag_top < 0)
		p->flag_top = 0;
	for (int r = 0; r < rows && p->flag_top + r < n; r++) {
		const pline *l = &lines[p->flag_top + r];
		scr_text(s, x + 1, y + 1 + r, w - 1, l->text, l->role);
		if (p->focus && l->first && l->item == p->flag_sel)
			scr_paint(s, x, y + 1 + r, w, UI_CURSOR);
	}
	if (p->flag_top > 0)
		scr_text(s, x + w - 1, y + 1, 1, "^", UI_DIM);
	if (p->flag_top + rows < n)
		scr_text(s, x + w - 1, y + h - 1, 1, "v", UI_DIM);
	free(lines);
}

void patient_draw(patient_state *p, scr *s)
{
	int w = scr_width(s), h = scr_height(s);
	char b[512];
	playout L;
	layout(w, h, &L);
	scr_fill(s, 0, 1, w, h - 2, ' ', UI_TEXT);
	if (!p->loaded)
		return;
	patient_header(p, b, sizeof b);
	scr_text(s, 1, 1, w - 1, b, UI_TEXT);
	if (p->fv.nopen) {
		/* the flag count in its severity's role (it also carries its glyph) */
		const char *m = strstr(b, flagview_marker_code(p->fv.open_severity));
		static const int roles[] = {UI_TEXT, UI_FLAG_INFO, UI_FLAG_CHECK, UI_FLAG_MODERATE, UI_FLAG_SEVERE};
		if (m) {
			int col = 1 + fmt_width(b) - fmt_width(m);
			scr_paint(s, col, 1, fmt_width(m), roles[p->fv.open_severity]);
		}
	}
	draw_tabs(p, s, 2);
	if (L.side_w) {
		if (p->pane == PANE_TABLE)
			draw_table(p, s, &L);
		else
			draw_chart(p, s, &L);
		for (int y = L.main_y; y < L.main_y + L.main_h; y++)
			scr_text(s, L.main_w, y, 1, scr_utf8(s) ? "\xe2\x94\x82" : "|", UI_FRAME);
		draw_panel(p, s, L.side_x, L.main_y, L.side_w, L.main_h);
	} else if (p->focus) {
		draw_panel(p, s, 0, L.main_y, w, L.main_h);
	} else if (p->pane == PANE_TABLE) {
		draw_table(p, s, &L);
	} else {
		draw_chart(p, s, &L);
	}
	char lines[4][512];
	int nl = patient_detail(p, w - 2, &lines[0][0], sizeof lines[0], L.ndetail, scr_utf8(s));
	for (int i = 0; i < nl && i < L.ndetail; i++) {
		scr_text(s, 1, L.detail_y + i, w - 2, lines[i], UI_TEXT);
		/* flags at this visit in their severity's role (they also carry their glyph) */
		for (size_t k = 0; k < p->fv.n; k++) {
			const flagview_item *it = &p->fv.items[k];
			if (p->sel < 0 || !flagview_met(it, (size_t)p->sel))
				continue;
			char seg[SEGSZ];
			flag_segment(it, seg, sizeof seg);
			const char *m = strstr(lines[i], seg);
			if (m) {
				int col = 1 + fmt_width(lines[i]) - fmt_width(m);
				scr_paint(s, col, L.detail_y + i, (int)strcspn(seg, " ") + 1 + (int)strlen(it->rule),
					  sev_role(it->severity));
			}
		}
	}
	if (nl > L.ndetail)
		scr_text(s, w - 1, L.detail_y + L.ndetail - 1, 1, scr_utf8(s) ? "\xe2\x80\xa6" : "~", UI_DIM);
}
