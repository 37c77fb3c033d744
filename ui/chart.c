/* chart.c — growth chart layout and rendering into a canvas (see chart.h). */
#include "ui/chart.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/age.h"
#include "core/lms.h"
#include "core/record.h"
#include "core/stature.h"

#define DAYS_PER_YEAR (12 * GV_DAYS_PER_MONTH) /* 365.25 */

/* ================================================================== layout */

/* Smallest 1, 2, 2.5 or 5 x 10^k that is >= raw. */
static double nice_step(double raw)
{
	static const double mant[] = {1, 2, 2.5, 5, 10};
	if (!(raw > 0) || !isfinite(raw))
		return 1;
	double e = pow(10, floor(log10(raw)));
	for (size_t i = 0; i < sizeof mant / sizeof mant[0]; i++)
		if (mant[i] * e >= raw * (1 - 1e-9))
			return mant[i] * e;
	return 10 * e;
}

/* Largest 1, 2, 2.5 or 5 x 10^k that is <= raw. */
static double nice_floor(double raw)
{
	static const double mant[] = {5, 2.5, 2, 1};
	if (!(raw > 0) || !isfinite(raw))
		return 1;
	double e = pow(10, floor(log10(raw)));
	for (size_t i = 0; i < sizeof mant / sizeof mant[0]; i++)
		if (mant[i] * e <= raw * (1 + 1e-9))
			return mant[i] * e;
	return e;
}

/* Digits after the point needed to write multiples of step exactly (0-4). */
static int step_decimals(double step)
{
	double m = 1;
	for (int d = 0; d < 4; d++, m *= 10)
		if (fabs(step * m - floor(step * m + 0.5)) < 1e-6 * step * m)
			return d;
	return 4;
}

static void fmt_num(char *buf, double v, int dec)
{
	if (fabs(v) < 1e-9)
		v = 0; /* never "-0" */
	snprintf(buf, CHART_LABEL_MAX, "%.*f", dec, v);
}

static double x_per_unit(chart_xunit u)
{
	switch (u) {
	case CHART_X_MONTHS: return GV_DAYS_PER_MONTH;
	case CHART_X_YEARS: return DAYS_PER_YEAR;
	case CHART_X_CM: break;
	case CHART_X_IN: return GV_CM_PER_IN;
	case CHART_X_PMA: return 7;
	}
	return 1;
}

/* The tick value at x = 0: postmenstrual weeks count from 40 at term (corrected age 0: AAP 2004,
 * PMA = GA + chronological age = 40 weeks + corrected age). */
static double x_offset(chart_xunit u)
{
	return u == CHART_X_PMA ? 40 : 0;
}

/* The x tick step (in the axis unit) for a span of `span` units over plot_w columns: the
 * smallest candidate leaving at least 7 columns per interval. */
static double x_step(chart_xunit u, double span, int plot_w)
{
	static const double months[] = {1, 2, 3, 6, 12, 24, 60, 120, 0};
	static const double years[] = {1, 2, 5, 10, 20, 50, 0};
	static const double cm[] = {1, 2, 5, 10, 20, 50, 100, 0};
	static const double weeks[] = {1, 2, 4, 8, 12, 0};
	const double *c = u == CHART_X_MONTHS ? months : u == CHART_X_YEARS ? years : u == CHART_X_PMA ? weeks : cm;
	double maxint = plot_w / 7.0;
	size_t i = 0;
	for (; c[i + 1] > 0; i++)
		if (span / c[i] <= maxint)
			break;
	return c[i];
}

double chart_x_dot(const chart_layout *L, double x)
{
	return 2.0 * L->plot_col + (x - L->xmin) / (L->xmax - L->xmin) * (2.0 * L->plot_w - 1);
}

double chart_y_dot(const chart_layout *L, double y)
{
	return 4.0 * L->plot_row + (L->ymax - y) / (L->ymax - L->ymin) * (4.0 * L->plot_h - 1);
}

double chart_dot_x(const chart_layout *L, int dx)
{
	return L->xmin + (dx - 2.0 * L->plot_col) * (L->xmax - L->xmin) / (2.0 * L->plot_w - 1);
}

/* Round half up to an int, clamped so the conversion is always defined. */
static int iround(double v)
{
	v = floor(v + 0.5);
	return v < -1e6 ? -1000000 : v > 1e6 ? 1000000 : (int)v;
}

/* Floor division for possibly negative dot coordinates. */
static int fdiv(int a, int b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

int chart_x_col(const chart_layout *L, double x)
{
	return fdiv(iround(chart_x_dot(L, x)), 2);
}

int chart_y_row(const chart_layout *L, double y)
{
	return fdiv(iround(chart_y_dot(L, y)), 4);
}

gv_status chart_layout_compute(chart_layout *L, int w, int h, const chart_axes *a)
{
	memset(L, 0, sizeof *L);
	double ymin = a->ymin, ymax = a->ymax;
	if (!isfinite(a->xmin) || !isfinite(a->xmax) || !(a->xmin < a->xmax) || !isfinite(ymin) ||
	    !isfinite(ymax) || ymin > ymax)
		return GV_EINVAL;
	if (ymin == ymax) {
		double d = fabs(ymin) > 0 ? fabs(ymin) * 0.1 : 1;
		ymin -= d;
		ymax += d;
	}
	L->w = w;
	L->h = h;
	L->plot_row = 1;
	int titled = a->xtitle && a->xtitle[0];
	L->plot_h = h - 3 - titled;
	L->axis_row = h - 2 - titled;
	if (titled)
		snprintf(L->xtitle, sizeof L->xtitle, "%s", a->xtitle);
	if (L->plot_h < 3)
		return GV_EINVAL;

	/* y: the data range plus half a dot row either side (so the extreme dots are not rounded
	 * away); ticks at multiples of a nice step, about one every 14 dot rows (3.5 cells), never
	 * closer than 10 dot rows, so labels keep a blank row between them. */
	int ydots = 4 * L->plot_h - 1;
	double pad = (ymax - ymin) * 0.5 / ydots;
	L->ymin = ymin - pad;
	L->ymax = ymax + pad;
	double span = L->ymax - L->ymin;
	double step = nice_floor((ymax - ymin) / fmax(1.0, ydots / 14.0));
	for (int guard = 0; guard < 64 && step / span * ydots < 10; guard++)
		step = nice_step(step * 1.000001);
	L->ystep = step;
	int dec = step_decimals(step), lw = 1;
	long y0 = (long)ceil(L->ymin / step - 1e-9), y1 = (long)floor(L->ymax / step + 1e-9);
	for (long kk = y0; kk <= y1 && L->nyt < CHART_MAX_TICKS; kk++) {
		chart_tick *t = &L->yt[L->nyt++];
		t->v = kk * step;
		fmt_num(t->label, t->v, dec);
		int len = (int)strlen(t->label);
		if (len > lw)
			lw = len;
	}
	/* labels in columns 0..lw-1, a space, the axis, then the plot */
	L->axis_col = lw + 1;
	L->plot_col = lw + 2;
	int right_w = a->right_w < 3 ? 3 : a->right_w;
	L->plot_w = w - L->plot_col - right_w;
	if (L->plot_w < 8)
		return GV_EINVAL;
	for (int k = 0; k < L->nyt; k++) {
		chart_tick *t = &L->yt[k];
		t->pos = chart_y_row(L, t->v);
		t->lcol = lw - (int)strlen(t->label);
	}
	snprintf(L->yunit, sizeof L->yunit, "%s", a->yunit ? a->yunit : "");

	/* x */
	double xmin = a->xmin, xmax = a->xmax;
	chart_xunit u = a->x_cm == 2 ? CHART_X_IN : CHART_X_CM;
	if (!a->x_cm) {
		double mmax = xmax / GV_DAYS_PER_MONTH, mspan = (xmax - xmin) / GV_DAYS_PER_MONTH;
		u = a->pma ? CHART_X_PMA : (mmax < 37 || mspan < 24) ? CHART_X_MONTHS : CHART_X_YEARS;
	}
	double per = x_per_unit(u), off = x_offset(u), xs = x_step(u, (xmax - xmin) / per, L->plot_w);
	if (a->snap_x) {
		/* whole ticks; a value within half a dot column of a tick snaps to it */
		for (int guard = 0; guard < 4; guard++) {
			double tol = 0.5 * (xmax - xmin) / (2.0 * L->plot_w - 1) / (xs * per);
			double nlo = (floor((xmin / per + off) / xs + tol) * xs - off) * per;
			double nhi = (ceil((xmax / per + off) / xs - tol) * xs - off) * per;
			if (nhi <= nlo)
				nhi = nlo + xs * per;
			xmin = nlo;
			xmax = nhi;
			double ns = x_step(u, (xmax - xmin) / per, L->plot_w);
			if (ns == xs)
				break;
			xs = ns;
		}
	}
	L->xmin = xmin;
	L->xmax = xmax;
	L->xunit = u;
	L->xstep = xs;
	snprintf(L->xunit_label, sizeof L->xunit_label, "%s",
		 u == CHART_X_MONTHS ? "mo" : u == CHART_X_YEARS ? "yr" : u == CHART_X_IN ? "in" : u == CHART_X_PMA ? "wk" : "cm");
	long k0 = (long)ceil((xmin / per + off) / xs - 1e-9), k1 = (long)floor((xmax / per + off) / xs + 1e-9);
	int prev_end = -2; /* last column used by a label */
	for (long k = k0; k <= k1 && L->nxt < CHART_MAX_TICKS; k++) {
		chart_tick *t = &L->xt[L->nxt++];
		double vu = k * xs;
		t->v = (vu - off) * per;
		t->pos = chart_x_col(L, t->v);
		fmt_num(t->label, vu, step_decimals(xs));
		int len = (int)strlen(t->label);
		int start = t->pos - (len - 1) / 2;
		if (start + len > w)
			start = w - len;
		if (start < 0)
			start = 0;
		if (start <= prev_end + 1) {
			t->label[0] = '\0'; /* would touch the previous label */
			t->lcol = t->pos;
			continue;
		}
		t->lcol = start;
		prev_end = start + len - 1;
	}
	return GV_OK;
}

/* ================================================================== curves */

#define MAX_CURVES 12

typedef struct curve_def {
	double z;
	const char *label;
	canvas_role role;
	int rank;     /* order of label placement: 0 first */
	double pct95; /* 0: the curve at z; 1.2, 1.4: BMI at 120% / 140% of the 95th percentile */
} curve_def;

typedef struct family {
	int n;
	curve_def d[MAX_CURVES];
} family;

/* Percentile curve p (0-100), or BMI at pct95 x P95 when pct95 > 0. */
static void add_curve(family *f, double p, const char *label, canvas_role role, int rank, double pct95)
{
	if (f->n < MAX_CURVES)
		/* a % of P95 curve has no fixed z: an order key above the 95th (labels keep the order) */
		f->d[f->n++] = (curve_def){pct95 > 0 ? 2 + pct95 : lms_qnorm(p / 100), label, role, rank, pct95};
}

/* CDC 2000 percentile lines 3-97 (Kuczmarski 2002, see chart.h); z = Phi^-1(p/100). */
static void cdc_family(family *f)
{
	static const double p[] = {3, 5, 10, 25, 50, 75, 90, 95, 97};
	static const char *const lab[] = {"3", "5", "10", "25", "50", "75", "90", "95", "97"};
	static const canvas_role role[] = {ROLE_CURVE_OUTER, ROLE_CURVE_OUTER, ROLE_CURVE_INNER,
					   ROLE_CURVE_INNER, ROLE_CURVE_MEDIAN, ROLE_CURVE_INNER,
					   ROLE_CURVE_INNER, ROLE_CURVE_OUTER, ROLE_CURVE_OUTER};
	/* labels: the median, the outermost, then inwards; 5/95 last (closest to 3/97) */
	static const int rank[] = {1, 7, 3, 5, 0, 6, 4, 8, 2};
	f->n = 0;
	for (int i = 0; i < 9; i++)
		add_curve(f, p[i], lab[i], role[i], rank[i], 0);
}

/* The lines the flags read on a small chart (chart.h, CHART_SMALL_ROWS), at least 0.6 SD apart so
 * they stay apart and labelled: length/height and head circumference 3, 25, 50, 75, 97 (short
 * stature below the 3rd: core/flags.c; head z -/+2 lies next to the 3rd/97th); weight,
 * weight-for-length and the others 5, 25, 50, 75, 95 (low weight below the 5th: core/flags.c). */
static void cdc_small_family(family *f, gv_ind ind)
{
	int lh = ind == GV_LHFA || ind == GV_HCFA;
	f->n = 0;
	add_curve(f, lh ? 3 : 5, lh ? "3" : "5", ROLE_CURVE_OUTER, 1, 0);
	add_curve(f, 25, "25", ROLE_CURVE_INNER, 3, 0);
	add_curve(f, 50, "50", ROLE_CURVE_MEDIAN, 0, 0);
	add_curve(f, 75, "75", ROLE_CURVE_INNER, 4, 0);
	add_curve(f, lh ? 97 : 95, lh ? "97" : "95", ROLE_CURVE_OUTER, 2, 0);
}

/* CDC BMI-for-age (2-20 y): the lines of the obesity ladder the flags read (Hampl SE et al., AAP
 * Clinical Practice Guideline, Pediatrics 2023;151:e2022060640: overweight >= 85th, obesity >= 95th,
 * severe obesity class 2 >= 120% and class 3 >= 140% of the 95th; CDC, Extended BMI-for-age growth
 * charts, 2022) and underweight below the 5th: 5, 10, 25, 50, 75, 85, 90, 95, 120%, 140% of P95;
 * small: 5, 50, 85, 95, 120%, 140%. */
static void cdc_bmi_family(family *f, int small)
{
	f->n = 0;
	add_curve(f, 5, "5", ROLE_CURVE_OUTER, 1, 0);
	if (!small)
		add_curve(f, 10, "10", ROLE_CURVE_INNER, 7, 0), add_curve(f, 25, "25", ROLE_CURVE_INNER, 8, 0);
	add_curve(f, 50, "50", ROLE_CURVE_MEDIAN, 0, 0);
	if (!small)
		add_curve(f, 75, "75", ROLE_CURVE_INNER, 9, 0);
	add_curve(f, 85, "85", ROLE_CURVE_INNER, 5, 0);
	if (!small)
		add_curve(f, 90, "90", ROLE_CURVE_INNER, 6, 0);
	add_curve(f, 95, "95", ROLE_CURVE_OUTER, 2, 0);
	add_curve(f, 0, "120%", ROLE_CURVE_OUTER, 3, 1.2);
	add_curve(f, 0, "140%", ROLE_CURVE_OUTER, 4, 1.4);
}

/* WHO: z = -3, -2, 0, 2, 3 labelled 0.1, 2, 50, 98, 99.9 (CDC's WHO charts label +/-2 z as the
 * 2nd and 98th percentiles: MMWR 2010;59(RR-9)); optionally the 1st and 99th percentiles. */
static void who_family(family *f, int p1_99, int plus1)
{
	f->n = 0;
	f->d[f->n++] = (curve_def){-3, "0.1", ROLE_CURVE_OUTER, 3, 0};
	if (p1_99)
		f->d[f->n++] = (curve_def){lms_qnorm(0.01), "1", ROLE_CURVE_OUTER, 5, 0};
	f->d[f->n++] = (curve_def){-2, "2", ROLE_CURVE_INNER, 1, 0};
	f->d[f->n++] = (curve_def){0, "50", ROLE_CURVE_MEDIAN, 0, 0};
	/* +1 SD (the 84th percentile): "possible risk of overweight" on weight-for-length/height and
	 * overweight on BMI-for-age, the line those flags read (WHO Training Course Module C, 2008;
	 * de Onis M et al., Bull WHO 2007;85:660) */
	if (plus1)
		f->d[f->n++] = (curve_def){1, "84", ROLE_CURVE_INNER, 7, 0};
	f->d[f->n++] = (curve_def){2, "98", ROLE_CURVE_INNER, 2, 0};
	if (p1_99)
		f->d[f->n++] = (curve_def){-lms_qnorm(0.01), "99", ROLE_CURVE_OUTER, 6, 0};
	f->d[f->n++] = (curve_def){3, "99.9", ROLE_CURVE_OUTER, 4, 0};
}

/* INTERGROWTH-21st: the 3rd, 10th, 50th, 90th and 97th centiles, the lines of INTERGROWTH-21st's
 * own centile charts of preterm postnatal growth (Villar J et al., Lancet Glob Health
 * 2015;3:e681, figures; intergrowth21.com charts); the 3rd, 10th and 90th are the size-for-GA
 * cut-offs (core/ig21.h IG21_CENTILE_*). */
static void ig_family(family *f)
{
	static const double p[] = {3, 10, 50, 90, 97};
	static const char *const lab[] = {"3", "10", "50", "90", "97"};
	static const canvas_role role[] = {ROLE_CURVE_OUTER, ROLE_CURVE_INNER, ROLE_CURVE_MEDIAN, ROLE_CURVE_INNER,
					   ROLE_CURVE_OUTER};
	static const int rank[] = {1, 3, 0, 4, 2};
	f->n = 0;
	for (int i = 0; i < 5; i++)
		add_curve(f, p[i], lab[i], role[i], rank[i], 0);
}

static int label_width(const family *f)
{
	int w = 0;
	for (int i = 0; i < f->n; i++) {
		int l = (int)strlen(f->d[i].label);
		if (l > w)
			w = l;
	}
	return w;
}

/* A curve source: an LMS table (ref_table_id, T_NONE for none) or an INTERGROWTH-21st standard
 * (SRC_IG(ig21_std), after the tables). */
typedef int csrc;
#define SRC_IG(st) ((csrc)T_COUNT + (csrc)(st))

/* The INTERGROWTH-21st standard of source t, or IG21_NSTD for a table or none. */
static ig21_std src_ig(csrc t)
{
	return t >= (csrc)T_COUNT && t < SRC_IG(IG21_NSTD) ? (ig21_std)(t - (csrc)T_COUNT) : IG21_NSTD;
}

static gv_ref src_ref(csrc t)
{
	if (src_ig(t) != IG21_NSTD)
		return GV_REF_IG21_PNG;
	const ref_info *in = refs_info((ref_table_id)t);
	return in ? in->ref : GV_REF_NONE;
}

/* Corrected age in days at 64 weeks postmenstrual age, the end of the INTERGROWTH-21st preterm
 * postnatal standards (core/ig21.h, 64 - 40 weeks), and at 27 weeks, their start. */
#define PNG_END_DAYS ((IG21_PNG_PMA_MAX - 40) * 7)
#define PNG_START_DAYS ((IG21_PNG_PMA_MIN - 40) * 7)

typedef struct ctx {
	const chart_spec *s;
	csrc wt;         /* weight-for-length/height: the one table (or INTERGROWTH-21st's) */
	csrc wt0;        /* ... the infant table below s->wflh_switch_cm (T_NONE: none) */
	family cdc, cdc_bmi, who, ig;
	double yf;       /* y shown = y of the tables and points x yf (US units), else 1 */
	int preterm;     /* s->ga_days set: INTERGROWTH-21st before 64 weeks PMA */
	int note_col;    /* column of the WHO->CDC switch drawn, -1 none */
} ctx;

/* US units of the value view (chart_spec.us_units): lb per kg, inches per cm; 1 when the
 * indicator keeps its unit (BMI, skinfolds) or in the z view. */
static double us_factor(const chart_spec *s)
{
	if (!s->us_units || s->view != CHART_VIEW_VALUE)
		return 1;
	switch (s->ind) {
	case GV_WFA:
	case GV_WFLH: return 1 / GV_KG_PER_LB;
	case GV_LHFA:
	case GV_HCFA:
	case GV_ACFA: return 1 / GV_CM_PER_IN;
	default: return 1;
	}
}

static const family *family_of(const ctx *k, csrc t)
{
	gv_ref r = src_ref(t);
	if (r == GV_REF_IG21_PNG)
		return &k->ig;
	if (r == GV_CDC2000)
		return t == (csrc)T_CDC_BMIAGE ? &k->cdc_bmi : &k->cdc;
	return &k->who;
}

/* The INTERGROWTH-21st preterm postnatal standard of indicator ind, IG21_NSTD when none. */
static ig21_std png_std(gv_ind ind)
{
	switch (ind) {
	case GV_WFA: return IG21_PNG_WFA;
	case GV_LHFA: return IG21_PNG_LHFA;
	case GV_HCFA: return IG21_PNG_HCFA;
	case GV_WFLH: return IG21_PNG_WFLH;
	default: return IG21_NSTD;
	}
}

/* The source in force at x (age in days, corrected for a preterm child, or cm) and the x to look
 * it up at (PMA weeks for INTERGROWTH-21st); T_NONE outside every source's valid range. */
static csrc table_at(const ctx *k, double x, double *tx)
{
	ref_table_id t;
	if (!isfinite(x))
		return T_NONE;
	if (k->s->ind == GV_WFLH) {
		ig21_std ig = src_ig(k->wt);
		if (ig != IG21_NSTD) {
			*tx = x;
			return x >= IG21_PNG_LEN_MIN && x <= IG21_PNG_LEN_MAX ? k->wt : T_NONE;
		}
		t = (ref_table_id)k->wt;
		if (k->wt0 != T_NONE && x < k->s->wflh_switch_cm)
			t = (ref_table_id)k->wt0; /* the infant table behind the infant points */
		*tx = x;
	} else {
		ig21_std ig = k->preterm ? png_std(k->s->ind) : IG21_NSTD;
		if (ig != IG21_NSTD && x <= PNG_END_DAYS) {
			/* growth_compute's rule (ig21_which): PNG at 27-64 weeks PMA, then WHO by corrected age */
			*tx = 40 + x / 7;
			return *tx >= IG21_PNG_PMA_MIN ? SRC_IG(ig) : T_NONE;
		}
		if (x < 0)
			return T_NONE;
		double months = x / GV_DAYS_PER_MONTH;
		t = growth_table(growth_ref_at(k->s->policy, months), k->s->ind, x);
		const ref_info *in = refs_info(t);
		if (!in)
			return T_NONE;
		*tx = in->xunit == GV_X_DAYS ? x : months;
	}
	const ref_info *in = refs_info(t);
	if (!in)
		return T_NONE;
	if (!(*tx >= in->xmin) || (in->xmax_open ? !(*tx < in->xmax) : !(*tx <= in->xmax)))
		return T_NONE;
	return t;
}

static double curve_y(const ctx *k, csrc t, double tx, double z);

/* Curve d's value on source t at tx: the measurement (value view) or the z (z view).  A BMI at
 * d->pct95 x P95 (CDC only): in the z view, its CDC 2022 extended z (growth_cdc_bmi_sigma: the
 * percentile 90 + 10 Phi((BMI - P95) / sigma), growth.h), the z the points of that view carry. */
static double curve_yd(const ctx *k, csrc t, double tx, const curve_def *d)
{
	if (!(d->pct95 > 0))
		return curve_y(k, t, tx, d->z);
	double p95;
	if (growth_value_at((ref_table_id)t, k->s->sex, tx, lms_qnorm(0.95), &p95) != GV_OK)
		return NAN;
	double bmi = d->pct95 * p95;
	if (k->s->view != CHART_VIEW_Z)
		return bmi * k->yf;
	double sigma = growth_cdc_bmi_sigma(k->s->sex, tx / 12.0); /* CDC BMI tables are in months */
	return lms_qnorm_upper(0.1 * lms_pnorm_upper((bmi - p95) / sigma));
}

/* Curve value: the measurement at z on source t (value view), or z itself (z view). */
static double curve_y(const ctx *k, csrc t, double tx, double z)
{
	if (k->s->view == CHART_VIEW_Z)
		return z;
	double v;
	ig21_std ig = src_ig(t);
	if (ig != IG21_NSTD)
		return ig21_value_at_z(ig, k->s->sex, tx, z, &v) == GV_OK ? v * k->yf : NAN;
	return growth_value_at((ref_table_id)t, k->s->sex, tx, z, &v) == GV_OK ? v * k->yf : NAN;
}

/* Every age (whole months, scanned by half months to 20 years) where the policy has a table for
 * the indicator; for weight-for-length/height the table's length range.  0 when none. */
static int full_span(const ctx *k, double *lo, double *hi)
{
	if (k->s->ind == GV_WFLH) {
		if (src_ig(k->wt) != IG21_NSTD) {
			*lo = IG21_PNG_LEN_MIN;
			*hi = IG21_PNG_LEN_MAX;
			return 1;
		}
		const ref_info *in = refs_info((ref_table_id)k->wt);
		if (!in)
			return 0;
		*lo = in->xmin;
		*hi = in->xmax;
		const ref_info *i0 = k->wt0 != T_NONE ? refs_info((ref_table_id)k->wt0) : NULL;
		if (i0 && i0->xmin < *lo)
			*lo = i0->xmin;
		return 1;
	}
	double first = -1, last = -1, tx;
	for (int i = 0; i <= 481; i++) {
		double m = i * 0.5;
		if (table_at(k, m * GV_DAYS_PER_MONTH, &tx) != T_NONE) {
			if (first < 0)
				first = m;
			last = m;
		}
	}
	if (first < 0)
		return 0;
	*lo = floor(first) * GV_DAYS_PER_MONTH;
	*hi = ceil(last + 0.25) * GV_DAYS_PER_MONTH;
	if (k->preterm && png_std(k->s->ind) != IG21_NSTD)
		*lo = PNG_START_DAYS; /* from 27 weeks postmenstrual age */
	return 1;
}

static canvas_marker marker_of(chart_pt_state s)
{
	switch (s) {
	case CHART_PT_NORMAL: break;
	case CHART_PT_SELECTED: return CANVAS_MARK_SELECTED;
	case CHART_PT_FLAGGED: return CANVAS_MARK_FLAGGED;
	case CHART_PT_SUSPECT: return CANVAS_MARK_SUSPECT;
	}
	return CANVAS_MARK_NORMAL;
}

static int point_ok(const chart_point *p)
{
	return isfinite(p->x) && isfinite(p->y);
}

#define Z_CAP 8.0

/* ================================================================== drawing */

void chart_spec_init(chart_spec *s)
{
	memset(s, 0, sizeof *s);
	s->sex = GV_SEX_UNKNOWN;
	s->ind = GV_WFA;
	s->policy = GV_POLICY_AUTO;
	s->view = CHART_VIEW_VALUE;
	s->zoom = CHART_ZOOM_CHILD;
	s->xmin = s->xmax = NAN;
	s->age_days = NAN;
	s->flags = 0;
	s->pts = NULL;
	s->npts = 0;
	s->ga_days = NAN;
	s->mph_z = s->mph_z_lo = s->mph_z_hi = NAN;
	s->proj_z = s->proj_p = NAN;
	s->wflh_switch_cm = NAN;
	s->switch_note[0] = '\0';
}

const char *chart_info_title(const chart_info *info, int i)
{
	if (i < 0 || i >= info->ntables)
		return "";
	if (info->ig[i] != IG21_NSTD) {
		const ig21_info *in = ig21_std_info(info->ig[i]);
		return in ? in->title : "";
	}
	const ref_info *ri = refs_info(info->tables[i]);
	return ri ? ri->title : "";
}

typedef struct label {
	double v;
	int row, rank, placed;
	const curve_def *d;
} label;

static int by_rank(const void *a, const void *b)
{
	return ((const label *)a)->rank - ((const label *)b)->rank;
}

/* Place curve labels in rank order at their row, or one row off when taken, keeping the rows in
 * the order of the values and clear of measurement markers (draw the points first); a label that
 * fits nowhere is left out.  Labels start at column col, or end there when right_align. */
static void place_labels(canvas *c, const chart_layout *L, label *lb, int n, int col, int right_align)
{
	qsort(lb, (size_t)n, sizeof *lb, by_rank);
	for (int i = 0; i < n; i++) {
		int want = lb[i].row, cand[3] = {want, want + 1, want - 1};
		int len = (int)strlen(lb[i].d->label), start = right_align ? col + 1 - len : col;
		for (int ci = 0; ci < 3 && !lb[i].placed; ci++) {
			int r = cand[ci], ok = r >= L->plot_row && r < L->plot_row + L->plot_h;
			for (int x = start; x < start + len && ok; x++)
				if (canvas_get(c, x, r).role >= ROLE_POINT)
					ok = 0; /* never half-hidden by a measurement */
			for (int j = 0; j < i && ok; j++) {
				if (!lb[j].placed)
					continue;
				if (lb[j].row == r || (lb[i].v < lb[j].v && r < lb[j].row) ||
				    (lb[i].v > lb[j].v && r > lb[j].row))
					ok = 0;
			}
			if (ok) {
				lb[i].row = r;
				lb[i].placed = 1;
			}
		}
		if (lb[i].placed)
			canvas_text(c, start, lb[i].row, lb[i].d->label, lb[i].d->role);
	}
}

/* Label the curves of family f at their value in dot column `at` (plot-relative), from or (right
 * aligned) up to canvas column col. */
static void label_end(canvas *c, const chart_layout *L, const family *f, const double *ys, int dw, int at, int col,
		      int right_align)
{
	label lb[MAX_CURVES] = {{0}};
	int n = 0;
	for (int j = 0; j < f->n; j++) {
		double y = ys[(size_t)j * (size_t)dw + (size_t)at];
		if (isfinite(y))
			lb[n++] = (label){f->d[j].z, fdiv(iround(y), 4), f->d[j].rank, 0, &f->d[j]};
	}
	place_labels(c, L, lb, n, col, right_align);
}

static const char *ref_short(gv_ref r)
{
	switch (r) {
	case GV_WHO2006: return "WHO";
	case GV_WHO2007: return "WHO07";
	case GV_CDC2000: return "CDC";
	case GV_REF_IG21_NBS:
	case GV_REF_IG21_PNG: return "IG21";
	case GV_REF_NONE: break;
	}
	return "";
}

static void draw_axes(canvas *c, const chart_layout *L)
{
	for (int r = L->plot_row; r < L->plot_row + L->plot_h; r++)
		canvas_box_at(c, L->axis_col, r, CANVAS_BOX_VLINE, ROLE_AXIS);
	for (int col = L->plot_col; col < L->plot_col + L->plot_w; col++)
		canvas_box_at(c, col, L->axis_row, CANVAS_BOX_HLINE, ROLE_AXIS);
	canvas_box_at(c, L->axis_col, L->axis_row, CANVAS_BOX_LLCORNER, ROLE_AXIS);
	for (int i = 0; i < L->nyt; i++) {
		const chart_tick *t = &L->yt[i];
		if (t->pos < L->plot_row || t->pos >= L->plot_row + L->plot_h)
			continue;
		canvas_box_at(c, L->axis_col, t->pos, CANVAS_BOX_RTEE, ROLE_AXIS);
		canvas_text(c, t->lcol, t->pos, t->label, ROLE_LABEL);
	}
	for (int i = 0; i < L->nxt; i++) {
		const chart_tick *t = &L->xt[i];
		canvas_box_at(c, t->pos, L->axis_row, CANVAS_BOX_TTEE, ROLE_AXIS);
		if (t->label[0])
			canvas_text(c, t->lcol, L->axis_row + 1, t->label, ROLE_LABEL);
	}
	canvas_text(c, 0, 0, L->yunit, ROLE_LABEL);
	canvas_text(c, L->plot_col + L->plot_w + 1, L->axis_row, L->xunit_label, ROLE_LABEL);
	if (L->xtitle[0]) {
		int len = (int)strlen(L->xtitle), start = L->plot_col;
		if (start + len > L->w)
			start = L->w - len < 0 ? 0 : L->w - len;
		canvas_text(c, start, L->h - 1, L->xtitle, ROLE_LABEL);
	}
}

/* The x range: the spec's own, else the child's points (zoom), else the curves' full span. */
static void x_range(const ctx *k, chart_axes *ax)
{
	const chart_spec *s = k->s;
	if (isfinite(s->xmin) && isfinite(s->xmax) && s->xmin < s->xmax) {
		ax->xmin = s->xmin;
		ax->xmax = s->xmax;
	} else {
		int have = 0;
		if (s->zoom == CHART_ZOOM_CHILD) {
			double lo = INFINITY, hi = -INFINITY;
			for (size_t i = 0; i < s->npts; i++)
				if (point_ok(&s->pts[i])) {
					lo = fmin(lo, s->pts[i].x);
					hi = fmax(hi, s->pts[i].x);
				}
			if (lo <= hi) {
				/* at least 6 months (or 10 cm), then whole ticks (a point may sit on the edge) */
				double minspan = ax->x_cm ? 10 : 6 * GV_DAYS_PER_MONTH;
				if (hi - lo < minspan) {
					double mid = (lo + hi) / 2;
					lo = mid - minspan / 2;
					hi = mid + minspan / 2;
				}
				/* not before birth: corrected age -(280 - GA) days (AAP 2004) */
				double birth = k->preterm ? s->ga_days - GV_TERM_DAYS : 0;
				if (lo < birth) {
					hi += birth - lo;
					lo = birth;
				}
				ax->xmin = lo;
				ax->xmax = hi;
				ax->snap_x = 1;
				have = 1;
			}
		}
		if (!have && !full_span(k, &ax->xmin, &ax->xmax)) {
			ax->xmin = 0; /* nothing to show: an empty 0-24 months (or 45-110 cm) frame */
			ax->xmax = ax->x_cm ? 110 : 24 * GV_DAYS_PER_MONTH;
			if (ax->x_cm)
				ax->xmin = 45;
		}
	}
}

/* A preterm child's x axis (chart_spec.ga_days): in postmenstrual weeks when the whole range is
 * before 64 weeks, and a title naming the ages of the points in range (their gv_result.axis): the
 * INTERGROWTH-21st visits by postmenstrual age (plotted at corrected age = PMA - 40 weeks), then
 * corrected age, then chronological age from 24 months (core/growth.h).  Nothing for a term child
 * or a length axis. */
static void x_title(const ctx *k, chart_axes *ax, char *buf, size_t n)
{
	buf[0] = '\0';
	if (!k->preterm || ax->x_cm)
		return;
	int pma = 0, corr = 0, chrono = 0;
	const chart_spec *s = k->s;
	for (size_t i = 0; i < s->npts; i++) {
		const chart_point *p = &s->pts[i];
		if (!point_ok(p) || p->x < ax->xmin || p->x > ax->xmax)
			continue;
		if (p->axis == GV_AXIS_PMA || p->axis == GV_AXIS_GA || p->x < 0)
			pma = 1;
		else if (p->axis == GV_AXIS_CORRECTED)
			corr = 1;
		else if (p->axis == GV_AXIS_CHRONO)
			chrono = 1;
	}
	if (!pma && !corr && !chrono) /* no points: the curves' axis */
		pma = ax->xmin < PNG_END_DAYS, corr = ax->xmax > PNG_END_DAYS;
	ax->pma = ax->xmax <= PNG_END_DAYS + 1e-9 && !corr && !chrono;
	if (ax->pma) {
		snprintf(buf, n, "age: postmenstrual, weeks");
		return;
	}
	double mmax = ax->xmax / GV_DAYS_PER_MONTH, mspan = (ax->xmax - ax->xmin) / GV_DAYS_PER_MONTH;
	int len = snprintf(buf, n, "age, %s:", (mmax < 37 || mspan < 24) ? "months" : "years");
	const char *sep = " ";
	if (pma && len >= 0 && (size_t)len < n) {
		len += snprintf(buf + len, n - (size_t)len, "%spostmenstrual to 64 wk", sep);
		sep = ", then ";
	}
	if ((corr || pma) && len >= 0 && (size_t)len < n) {
		len += snprintf(buf + len, n - (size_t)len, "%scorrected%s", sep, ax->xmin < 0 ? " (0 = term)" : "");
		sep = ", then ";
	}
	if (chrono && len >= 0 && (size_t)len < n)
		snprintf(buf + len, n - (size_t)len, "%schronological%s", sep, corr || pma ? " from 2 y" : "");
}

/* A height chart with a mid-parental target to draw. */
static int has_mph(const chart_spec *s)
{
	return s->ind == GV_LHFA && isfinite(s->mph_z) && isfinite(s->mph_z_lo) && isfinite(s->mph_z_hi);
}

/* The mid-parental target in the last CHART_MPH_W columns (chart.h): a bar from the row of the
 * target - 8.5 cm to that of + 8.5 cm (their z at the chart's last age, or the z themselves in the
 * z view), "=" and "MPH" at the target, "<P42" at the projected adult height's row. */
static void draw_mph(canvas *c, const ctx *k, const chart_layout *L)
{
	const chart_spec *s = k->s;
	double tx;
	csrc t = table_at(k, L->xmax, &tx);
	if (s->view != CHART_VIEW_Z && (t == T_NONE || src_ig(t) != IG21_NSTD))
		return; /* no term chart at the right edge */
	double zs[4] = {s->mph_z_lo, s->mph_z, s->mph_z_hi, s->proj_z};
	int row[4];
	for (int i = 0; i < 4; i++) {
		double v = s->view == CHART_VIEW_Z ? zs[i] : curve_y(k, t, tx, zs[i]);
		int r = isfinite(v) ? chart_y_row(L, fmax(L->ymin, fmin(L->ymax, v))) : -1;
		row[i] = r < L->plot_row ? L->plot_row : r >= L->plot_row + L->plot_h ? L->plot_row + L->plot_h - 1 : r;
		if (!isfinite(v))
			row[i] = -1;
	}
	if (row[0] < 0 || row[1] < 0 || row[2] < 0)
		return;
	int bar = L->w - CHART_MPH_W + 1;
	for (int r = row[2]; r <= row[0]; r++)
		canvas_text(c, bar, r, r == row[1] ? "=" : r == row[0] || r == row[2] ? "-" : "|", ROLE_LABEL);
	canvas_text(c, bar + 2, row[1], "MPH", ROLE_LABEL);
	if (row[3] >= 0 && isfinite(s->proj_p)) {
		char lab[16];
		char pc[8];
		/* the centile as the detail line writes it: < 1 and > 99 with one decimal */
		snprintf(pc, sizeof pc, s->proj_p < 1 || s->proj_p > 99 ? "%.1f" : "%.0f", s->proj_p);
		snprintf(lab, sizeof lab, "<P%s", pc);
		int r = row[3];
		if (r == row[1]) /* beside MPH: the next free row towards the projection's side */
			r += s->proj_z < s->mph_z ? 1 : -1;
		if (r >= L->plot_row && r < L->plot_row + L->plot_h)
			canvas_text(c, bar + 1, r, lab, ROLE_LABEL);
	}
}

/* The switch note (chart_spec.switch_note) on the plot's bottom row, starting right of the WHO->CDC
 * switch when it fits there, else ending left of it, else from the plot's left edge (cut). */
static void draw_switch_note(canvas *c, const ctx *k, const chart_layout *L)
{
	const char *t = k->s->switch_note;
	int len = (int)strlen(t), row = L->plot_row + L->plot_h - 1;
	int right = L->plot_col + L->plot_w, start;
	if (k->note_col + 1 + len <= right)
		start = k->note_col + 1;
	else if (k->note_col - len >= L->plot_col)
		start = k->note_col - len;
	else
		start = L->plot_col;
	char buf[80];
	snprintf(buf, sizeof buf, "%.*s", right - start < 79 ? right - start : 79, t);
	canvas_text(c, start, row, buf, ROLE_SWITCH_MARK);
}

/* The y range and the right margin from a coarse pass (the exact pass needs the layout). */
static void y_range(const ctx *k, chart_axes *ax)
{
	const chart_spec *s = k->s;
	double ylo = INFINITY, yhi = -INFINITY;
	csrc last_t = T_NONE;
	const int NS = 128;
	for (int i = 0; i <= NS; i++) {
		double x = ax->xmin + (ax->xmax - ax->xmin) * i / NS, tx;
		csrc t = table_at(k, x, &tx);
		if (t == T_NONE)
			continue;
		last_t = t;
		const family *f = family_of(k, t);
		for (int j = 0; j < f->n; j++) {
			double y = curve_yd(k, t, tx, &f->d[j]);
			if (isfinite(y)) {
				ylo = fmin(ylo, y);
				yhi = fmax(yhi, y);
			}
		}
	}
	if (s->view == CHART_VIEW_Z) {
		ylo = fmin(ylo, -4);
		yhi = fmax(yhi, 4);
	}
	double xtol = (ax->xmax - ax->xmin) * 0.01;
	for (size_t i = 0; i < s->npts; i++) {
		const chart_point *p = &s->pts[i];
		if (!point_ok(p) || p->x < ax->xmin - xtol || p->x > ax->xmax + xtol || p->state == CHART_PT_SUSPECT)
			continue; /* one implausible entry must not squash the chart */
		double y = s->view == CHART_VIEW_Z ? fmax(-Z_CAP, fmin(Z_CAP, p->y)) : p->y * k->yf;
		ylo = fmin(ylo, y);
		yhi = fmax(yhi, y);
	}
	if (!(ylo <= yhi)) {
		ylo = 0;
		yhi = 1;
	}
	ax->ymin = ylo;
	ax->ymax = yhi;
	ax->yunit = s->view == CHART_VIEW_Z ? "z" : refs_ind_unit(s->ind);
	if (k->yf != 1)
		ax->yunit = s->ind == GV_WFA || s->ind == GV_WFLH ? "lb" : "in";
	ax->right_w = 1 + label_width(last_t != T_NONE ? family_of(k, last_t) : &k->cdc);
	if (ax->right_w < 4)
		ax->right_w = 4; /* room for the x unit after the axis: " mo" */
	if (has_mph(s)) {
		ax->right_w += CHART_MPH_W;
		/* the bar's ends in range (the z view's own; the value view's at the last age) */
		double tx, v;
		csrc t = table_at(k, ax->xmax, &tx);
		for (int e = 0; e < 2; e++) {
			double z = e ? s->mph_z_hi : s->mph_z_lo;
			v = s->view == CHART_VIEW_Z ? z : t != T_NONE ? curve_y(k, t, tx, z) : NAN;
			if (isfinite(v)) {
				ax->ymin = fmin(ax->ymin, v);
				ax->ymax = fmax(ax->ymax, v);
			}
		}
	}
}

/* Exact pass: the table and the curves' dot rows at every dot column (tab[dw], ys[MAX_CURVES x dw]);
 * the tables used go to info. */
static void exact_pass(const ctx *k, const chart_layout *L, csrc *tab, double *ys, int dw, int x0,
		       chart_info *info)
{
	csrc last = T_NONE;
	for (int i = 0; i < dw; i++) {
		double tx;
		tab[i] = table_at(k, chart_dot_x(L, x0 + i), &tx);
		if (tab[i] == T_NONE)
			continue;
		const family *f = family_of(k, tab[i]);
		for (int j = 0; j < f->n; j++)
			ys[(size_t)j * (size_t)dw + (size_t)i] = chart_y_dot(L, curve_yd(k, tab[i], tx, &f->d[j]));
		if (info && (info->ntables == 0 || last != tab[i]) && info->ntables < CHART_MAX_TABLES) {
			info->ig[info->ntables] = src_ig(tab[i]);
			info->tables[info->ntables++] = src_ig(tab[i]) != IG21_NSTD ? T_NONE : (ref_table_id)tab[i];
			last = tab[i];
		}
	}
}

/* Curves, one segment per run of columns on the same table; switch marks between runs.  Returns
 * the first column of the last segment drawn (-1: none). */
static int draw_curves(canvas *c, ctx *k, const chart_layout *L, const csrc *tab, const double *ys,
		       int dw, int x0)
{
	int switch_end = (int)strlen(L->yunit); /* last column used on row 0 */
	int last_a = -1;
	for (int a = 0; a < dw;) {
		int b = a + 1;
		while (b < dw && tab[b] == tab[a])
			b++;
		if (tab[a] != T_NONE) {
			const family *f = family_of(k, tab[a]);
			for (int j = 0; j < f->n; j++)
				canvas_curve(c, x0 + a, ys + (size_t)j * (size_t)dw + (size_t)a, (size_t)(b - a), f->d[j].role);
			last_a = a;
			if (a > 0 && tab[a - 1] != T_NONE) {
				/* dotted line on the first column of the new table: every other dot row */
				for (int y = 4 * L->plot_row; y < 4 * (L->plot_row + L->plot_h); y += 2)
					canvas_dot(c, x0 + a, y, ROLE_SWITCH_MARK);
				gv_ref r0 = src_ref(tab[a - 1]), r1 = src_ref(tab[a]);
				if (r0 != r1) {
					char lab[24];
					snprintf(lab, sizeof lab, "%s|%s", ref_short(r0), ref_short(r1));
					int len = (int)strlen(lab), start = (x0 + a) / 2 - (int)strlen(ref_short(r0));
					if (start + len > L->w)
						start = L->w - len;
					if (start > switch_end + 1) {
						canvas_text(c, start, 0, lab, ROLE_SWITCH_MARK);
						switch_end = start + len - 1;
					}
					if (r0 == GV_WHO2006 && r1 == GV_CDC2000)
						k->note_col = (x0 + a) / 2; /* the note's place (draw_switch_note) */
				}
			}
		}
		a = b;
	}
	return last_a;
}

/* The child: line and markers, before the labels, which keep clear of markers. */
static void draw_points(canvas *c, const ctx *k, const chart_layout *L, int dw, int x0)
{
	const chart_spec *s = k->s;
	int have_prev = 0, px = 0, py = 0;
	for (size_t i = 0; i < s->npts; i++) {
		const chart_point *p = &s->pts[i];
		if (!point_ok(p))
			continue;
		double y = fmax(L->ymin, fmin(L->ymax, p->y * k->yf)); /* beyond the range: on its edge */
		int dx = iround(chart_x_dot(L, p->x)), dy = iround(chart_y_dot(L, y));
		if (dx < x0 || dx >= x0 + dw)
			continue; /* outside the x range (to the nearest dot column) */
		canvas_mark(c, dx, dy, marker_of(p->state));
		if (p->state == CHART_PT_SUSPECT)
			continue; /* the line joins the plausible points only */
		if (have_prev && (s->flags & CHART_F_CONNECT))
			canvas_line(c, px, py, dx, dy, ROLE_CHILD_LINE);
		have_prev = 1;
		px = dx;
		py = dy;
	}
}

/* Curve labels: at the end of a segment followed by another table (right-aligned to the
 * switch, when the segment is wide enough), and at the end of the last segment (in the
 * margin when it reaches the right edge). */
static void draw_curve_labels(canvas *c, const ctx *k, const chart_layout *L, const csrc *tab,
			      const double *ys, int dw, int x0, int last_a)
{
	for (int a = 0; a < dw;) {
		int b = a + 1;
		while (b < dw && tab[b] == tab[a])
			b++;
		if (tab[a] != T_NONE) {
			const family *f = family_of(k, tab[a]);
			if (a == last_a)
				label_end(c, L, f, ys, dw, b - 1, b == dw ? L->plot_col + L->plot_w + 1 : (x0 + b - 1) / 2 + 2, 0);
			else if (b < dw && tab[b] != T_NONE && (b - a) / 2 >= 2 * label_width(f))
				label_end(c, L, f, ys, dw, b - 1, (x0 + b) / 2 - 1, 1);
		}
		a = b;
	}
}

gv_status chart_draw(canvas *c, const chart_spec *s, chart_layout *Lout, chart_info *info)
{
	chart_layout Lbuf = {0}, *L = Lout ? Lout : &Lbuf;
	if (info)
		info->ntables = 0;
	canvas_clear(c);
	canvas_clip(c, 0, 0, 0, 0);
	if ((s->sex != GV_MALE && s->sex != GV_FEMALE) || (unsigned)s->ind >= GV_NIND)
		return GV_EINVAL;

	ctx k;
	k.s = s;
	k.wt = k.wt0 = T_NONE;
	k.yf = us_factor(s);
	k.preterm = isfinite(s->ga_days) && s->ga_days > 0 && s->ga_days < IG21_PRETERM_DAYS;
	k.note_col = -1;
	/* a small chart draws the flag lines only (chart.h CHART_SMALL_ROWS) */
	int small = canvas_height(c) < CHART_SMALL_ROWS;
	if (small)
		cdc_small_family(&k.cdc, s->ind);
	else
		cdc_family(&k.cdc);
	cdc_bmi_family(&k.cdc_bmi, small);
	who_family(&k.who, (s->flags & CHART_F_WHO_1_99) != 0, s->ind == GV_BFA || s->ind == GV_WFLH);
	ig_family(&k.ig);
	if (s->ind == GV_WFLH) {
		double age = isfinite(s->age_days) ? s->age_days : 0;
		if (k.preterm && age <= PNG_END_DAYS)
			k.wt = SRC_IG(IG21_PNG_WFLH); /* a visit on the preterm standard (growth_compute) */
		else {
			age = age >= 0 ? age : 0;
			k.wt = growth_table(growth_ref_at(s->policy, age / GV_DAYS_PER_MONTH), GV_WFLH, age);
			csrc t0 = growth_table(growth_ref_at(s->policy, 0), GV_WFLH, 0);
			if (isfinite(s->wflh_switch_cm) && t0 != k.wt)
				k.wt0 = t0;
		}
	}

	/* x range */
	chart_axes ax;
	memset(&ax, 0, sizeof ax);
	ax.x_cm = s->ind == GV_WFLH ? (k.yf != 1 ? 2 : 1) : 0;
	x_range(&k, &ax);
	char title[96];
	x_title(&k, &ax, title, sizeof title);
	ax.xtitle = title;

	/* a zoom on the child snaps x to whole ticks first, so the y range covers the curves there */
	if (ax.snap_x) {
		chart_axes a1 = ax;
		a1.ymin = 0;
		a1.ymax = 1;
		a1.yunit = "";
		a1.right_w = 5;
		if (chart_layout_compute(L, canvas_width(c), canvas_height(c), &a1) == GV_OK) {
			ax.xmin = L->xmin;
			ax.xmax = L->xmax;
			ax.snap_x = 0;
		}
	}

	/* y range and the right margin from a coarse pass (the exact pass needs the layout) */
	y_range(&k, &ax);

	gv_status st = chart_layout_compute(L, canvas_width(c), canvas_height(c), &ax);
	if (st != GV_OK)
		return st;

	/* exact pass: every dot column */
	int dw = 2 * L->plot_w, x0 = 2 * L->plot_col;
	csrc *tab = malloc((size_t)dw * sizeof *tab);
	double *ys = malloc((size_t)dw * MAX_CURVES * sizeof *ys);
	if (!tab || !ys) {
		free(tab);
		free(ys);
		return GV_ENOMEM;
	}
	exact_pass(&k, L, tab, ys, dw, x0, info);

	draw_axes(c, L);
	canvas_clip(c, L->plot_col, L->plot_row, L->plot_w, L->plot_h);
	int last_a = draw_curves(c, &k, L, tab, ys, dw, x0);
	draw_points(c, &k, L, dw, x0);
	draw_curve_labels(c, &k, L, tab, ys, dw, x0, last_a);
	free(tab);
	free(ys);
	canvas_clip(c, 0, 0, 0, 0);
	if (has_mph(s))
		draw_mph(c, &k, L);
	if (s->switch_note[0] && k.note_col >= 0)
		draw_switch_note(c, &k, L);
	return GV_OK;
}

/* ================================================================== from a child */

gv_status chart_child_points(const gv_child *ch, const chart_spec *s, const gv_options *o, int selected,
			     chart_point **pts, size_t *npts)
{
	*pts = NULL;
	*npts = 0;
	if ((ch->p.sex != GV_MALE && ch->p.sex != GV_FEMALE) || (unsigned)s->ind >= GV_NIND)
		return GV_EINVAL;
	if (ch->nv == 0)
		return GV_OK;
	gv_options opt;
	if (o)
		opt = *o;
	else
		growth_default_options(&opt);
	opt.policy = s->policy;
	chart_point *out = malloc(ch->nv * sizeof *out);
	if (!out)
		return GV_ENOMEM;
	size_t n = 0;
	for (size_t i = 0; i < ch->nv; i++) {
		gv_measure m;
		gv_result r;
		record_measure(&ch->p, &ch->v[i], &m);
		if (growth_compute(&m, &opt, &r) != GV_OK)
			continue;
		const gv_ind_result *ir = &r.ind[s->ind];
		double x = s->ind == GV_WFLH ? ir->x : r.cage_days;
		double zr, pr;
		growth_reported(&r, s->ind, &zr, &pr); /* the z the detail line and the flags state */
		/* An INTERGROWTH-21st visit (Newborn Size at birth, preterm postnatal growth to 64 weeks
		 * PMA) is drawn where the chart draws INTERGROWTH-21st's curves, at its corrected age
		 * (PMA - 40 weeks), with its INTERGROWTH-21st z; the birth size (Newborn Size, by GA) sits
		 * at its PMA over the postnatal curves, its z its own. */
		double y = s->view == CHART_VIEW_Z ? zr : ir->value;
		if (!isfinite(x) || !isfinite(y) || (s->ind != GV_WFLH && x < 0 && !isfinite(s->ga_days)))
			continue; /* before term on a term child's chart (no ga_days): no curve to read it on */
		chart_pt_state stt = (int)i == selected ? CHART_PT_SELECTED : ir->biv ? CHART_PT_SUSPECT : CHART_PT_NORMAL;
		out[n++] = (chart_point){x, y, stt, (int)i, r.axis};
	}
	if (n == 0) {
		free(out);
		return GV_OK;
	}
	*pts = out;
	*npts = n;
	return GV_OK;
}

gv_status chart_draw_child(canvas *c, const gv_child *ch, const chart_spec *s, const gv_options *o, int selected,
			   chart_layout *L, chart_info *info)
{
	chart_spec t = *s;
	t.sex = ch->p.sex;
	if (t.ind == GV_WFLH && !isfinite(t.age_days) && ch->nv > 0) {
		size_t vi = selected >= 0 && (size_t)selected < ch->nv ? (size_t)selected : ch->nv - 1;
		gv_options opt;
		if (o)
			opt = *o;
		else
			growth_default_options(&opt);
		opt.policy = s->policy;
		gv_measure m;
		gv_result r;
		record_measure(&ch->p, &ch->v[vi], &m);
		if (growth_compute(&m, &opt, &r) == GV_OK)
			t.age_days = r.cage_days;
	}
	if (!isfinite(t.ga_days))
		t.ga_days = chart_child_ga(ch, o);
	if (!isfinite(t.mph_z) && !isfinite(t.proj_z) && chart_child_stature(ch, o, &t) != GV_OK) {
		canvas_clear(c);
		return GV_ENOMEM;
	}
	if (!isfinite(t.wflh_switch_cm) && chart_child_wflh_switch(ch, o, &t) != GV_OK) {
		canvas_clear(c);
		return GV_ENOMEM;
	}
	if (!t.switch_note[0])
		chart_child_switch_note(ch, o, &t);
	chart_point *pts;
	size_t n;
	gv_status st = chart_child_points(ch, &t, o, selected, &pts, &n);
	if (st != GV_OK) {
		canvas_clear(c);
		return st;
	}
	t.pts = pts;
	t.npts = n;
	st = chart_draw(c, &t, L, info);
	free(pts);
	return st;
}

double chart_child_ga(const gv_child *ch, const gv_options *o)
{
	gv_options opt;
	if (o)
		opt = *o;
	else
		growth_default_options(&opt);
	if (ch->p.ga_weeks <= 0 || !opt.intergrowth || !(opt.correct_until_months > 0))
		return NAN;
	double ga = ch->p.ga_weeks * 7.0 + ch->p.ga_days;
	/* growth_compute's preterm rule: GA below o->preterm_weeks (37), i.e. < 259 days */
	return ga / 7.0 < opt.preterm_weeks && ga < IG21_PRETERM_DAYS ? ga : NAN;
}

gv_status chart_child_stature(const gv_child *ch, const gv_options *o, chart_spec *s)
{
	if (s->ind != GV_LHFA)
		return GV_OK;
	stature_target tg;
	if (stature_target_of(ch->p.sex, ch->p.mother_height_cm, ch->p.father_height_cm, s->policy, &tg) == GV_OK) {
		s->mph_z = tg.z;
		s->mph_z_lo = tg.z_lo;
		s->mph_z_hi = tg.z_hi;
	}
	if (ch->nv == 0)
		return GV_OK;
	gv_options opt;
	if (o)
		opt = *o;
	else
		growth_default_options(&opt);
	opt.policy = s->policy;
	gv_result *res = malloc(ch->nv * sizeof *res);
	if (!res)
		return GV_ENOMEM;
	for (size_t i = 0; i < ch->nv; i++) {
		gv_measure m;
		record_measure(&ch->p, &ch->v[i], &m);
		growth_compute(&m, &opt, &res[i]);
	}
	/* implausible heights (the engine's BIV) are not projected from */
	unsigned char *use = malloc(ch->nv);
	if (!use) {
		free(res);
		return GV_ENOMEM;
	}
	for (size_t i = 0; i < ch->nv; i++)
		use[i] = res[i].ind[GV_LHFA].biv == 0;
	stature_projection pj;
	if (stature_project(ch, res, use, s->policy, &pj) == GV_OK) {
		s->proj_z = pj.z;
		s->proj_p = pj.p;
	}
	free(use);
	free(res);
	return GV_OK;
}

gv_status chart_child_wflh_switch(const gv_child *ch, const gv_options *o, chart_spec *s)
{
	if (s->ind != GV_WFLH || ch->nv == 0)
		return GV_OK;
	gv_options opt;
	if (o)
		opt = *o;
	else
		growth_default_options(&opt);
	opt.policy = s->policy;
	double age = isfinite(s->age_days) && s->age_days >= 0 ? s->age_days : 0;
	ref_table_id tw = growth_table(growth_ref_at(s->policy, age / GV_DAYS_PER_MONTH), GV_WFLH, age);
	double inf_max = -INFINITY, chart_min = INFINITY;
	for (size_t i = 0; i < ch->nv; i++) {
		gv_measure m;
		gv_result r;
		record_measure(&ch->p, &ch->v[i], &m);
		if (growth_compute(&m, &opt, &r) != GV_OK || r.ind[GV_WFLH].status != GV_OK)
			continue;
		const gv_ind_result *ir = &r.ind[GV_WFLH];
		if (ir->table == tw)
			chart_min = fmin(chart_min, ir->x);
		else if (ir->table != T_NONE && r.cage_days < age)
			inf_max = fmax(inf_max, ir->x);
	}
	if (!isfinite(inf_max))
		return GV_OK;
	/* between the two, or just past the last infant point (to the tenth of a cm) */
	s->wflh_switch_cm = isfinite(chart_min) && chart_min > inf_max ? (inf_max + chart_min) / 2 : inf_max + 0.1;
	return GV_OK;
}

void chart_child_switch_note(const gv_child *ch, const gv_options *o, chart_spec *s)
{
	s->switch_note[0] = '\0';
	if (s->policy != GV_POLICY_AUTO || (unsigned)s->ind >= GV_NIND)
		return;
	gv_options opt, who;
	if (o)
		opt = *o;
	else
		growth_default_options(&opt);
	opt.policy = GV_POLICY_AUTO;
	who = opt;
	who.policy = GV_POLICY_WHO;
	int seen_who = 0;
	for (size_t i = 0; i < ch->nv; i++) {
		gv_measure m;
		gv_result r, rw;
		record_measure(&ch->p, &ch->v[i], &m);
		if (growth_compute(&m, &opt, &r) != GV_OK || r.ind[s->ind].status != GV_OK || r.ind[s->ind].biv)
			continue; /* an implausible value says nothing about the charts */
		if (r.ref == GV_WHO2006) {
			seen_who = 1;
			continue;
		}
		if (r.ref != GV_CDC2000)
			continue;
		/* the first visit on CDC, after visits on WHO: the same measurement on both */
		if (!seen_who || growth_compute(&m, &who, &rw) != GV_OK || rw.ref != GV_WHO2006 ||
		    rw.ind[s->ind].status != GV_OK)
			return;
		double zc, zw, pc, pw;
		growth_reported(&r, s->ind, &zc, &pc);
		growth_reported(&rw, s->ind, &zw, &pw);
		if (chart_switch_jump(zw, zc)) {
			char d[16];
			age_format_date(ch->v[i].date, d);
			snprintf(s->switch_note, sizeof s->switch_note, "WHO->CDC: same %s value z %+.2f WHO, %+.2f CDC", d, zw, zc);
		}
		return;
	}
}

int chart_switch_jump(double z_who, double z_cdc)
{
	/* to 1e-9: z printed to 2 decimals that differ by 0.67 are a jump */
	return isfinite(z_who) && isfinite(z_cdc) && fabs(z_cdc - z_who) >= CHART_SWITCH_JUMP_Z - 1e-9;
}
