/* chart.h — a growth chart (percentile curves, axes, the child's points) drawn into a canvas.
 *
 * Pure: no ncurses, no I/O.  The TUI blits the canvas with colours; `growthview plot` prints its
 * rows.  The chart fills the whole canvas:
 *
 *   row 0        the y unit ("kg") and, over each change of reference, a "WHO|CDC" label
 *   rows 1..h-3  y tick labels, the y axis, the plot area, curve labels at the curves' right end
 *   row h-2      the x axis with ticks, then the x unit ("mo", "yr", "cm")
 *   row h-1      x tick labels
 *
 * Curves are those of the reference in force at each age under the chart policy (core/growth.h:
 * WHO 2006 under 24 months and CDC 2000 from 24 months by default), each evaluated with
 * growth_table + growth_value_at at the age of every dot column; a curve breaks wherever the
 * table changes, and a dotted vertical line marks the change.
 *  - CDC 2000: percentiles 3, 5, 10, 25, 50, 75, 90, 95, 97, the lines of the CDC charts
 *    (Kuczmarski RJ et al., 2000 CDC Growth Charts, Vital Health Stat 11(246), 2002).
 *  - WHO 2006/2007: z = -3, -2, 0, +2, +3, labelled 0.1, 2, 50, 98, 99.9: the +/-2 z lines are
 *    the 2.3rd and 97.7th percentiles, "labeled as the 2nd and 98th" on the CDC's WHO charts
 *    (Grummer-Strawn LM et al., MMWR Recomm Rep 2010;59(RR-9)); +/-3 z are the 0.13th/99.87th.
 *    CHART_F_WHO_1_99 adds the 1st and 99th percentiles (z = -/+2.326).
 * Curve labels are percentiles without a "P" ("97", "50", "3"; "98", "2"), at the right end of
 * the last curve segment, moved at most one row to avoid each other (or left out).
 *
 * The lines the flags read are always among them (core/flags.c): CDC 3rd and 5th (short stature,
 * low weight), 95th; WHO -3, -2, +2, +3 SD and, on weight-for-length/height and BMI, +1 SD
 * (labelled 84); CDC BMI-for-age 5th, 85th, 95th and BMI at 120% and 140% of the 95th percentile
 * (severe obesity, AAP 2023; labelled "120%", "140%"; in the z view at their CDC 2022 extended z).
 * A canvas under CHART_SMALL_ROWS rows (an 80x24 terminal's chart, `growthview plot`'s default
 * 80x22) draws fewer, so they stay apart and labelled: CDC 5, 25, 50, 75, 95 (length/height and
 * head: 3, 25, 50, 75, 97), CDC BMI 5, 50, 85, 95, 120%, 140%; WHO and INTERGROWTH-21st keep theirs
 * (5 or 6 lines).  Larger canvases draw CDC 3, 5, 10, 25, 50, 75, 90, 95, 97 and CDC BMI 5, 10,
 * 25, 50, 75, 85, 90, 95, 120%, 140%. */
#define CHART_SMALL_ROWS 27
#ifndef GV_CHART_H
#define GV_CHART_H

#include <stddef.h>

#include "core/growth.h"
#include "core/record.h"
#include "ui/canvas.h"

/* ------------------------------------------------------------------ layout (pure) */

typedef enum chart_xunit {
	CHART_X_MONTHS, /* age axis labelled in months (a range ending by 36 months, or shorter than 2 y) */
	CHART_X_YEARS,  /* age axis labelled in years */
	CHART_X_CM,     /* length/height axis (weight-for-length/height) */
	CHART_X_IN,     /* the same labelled in inches (x values stay in cm) */
	CHART_X_PMA     /* postmenstrual age in weeks (chart_axes.pma: x values stay corrected days,
			 * PMA = 40 + x / 7 weeks) */
} chart_xunit;

#define CHART_MAX_TICKS 32
#define CHART_LABEL_MAX 12

typedef struct chart_tick {
	double v;                    /* value at the tick (x: days or cm; y: unit or z) */
	int pos;                     /* x ticks: canvas column; y ticks: canvas row */
	int lcol;                    /* canvas column where the label starts (x: row h-1; y: row pos) */
	char label[CHART_LABEL_MAX]; /* ASCII; "" when the label was left out for lack of room */
} chart_tick;

/* What the layout is asked to fit. */
typedef struct chart_axes {
	double xmin, xmax; /* x range: age in days, or length/height in cm (x_cm) */
	int x_cm;          /* 1: x is length/height in cm; 2: the same, ticks and labels in inches */
	int snap_x;        /* 1: widen [xmin, xmax] to whole x ticks (a zoom on the child's span) */
	double ymin, ymax; /* range of the data in y (widened by half a dot row either side) */
	const char *yunit; /* "kg", "cm", "kg/m2", "z": written at the top left */
	int right_w;       /* columns kept right of the plot for curve labels, including a space;
			    * at least 3 (the x unit is written there, after the axis) */
	int pma;           /* 1: x is corrected age in days, ticks and labels in postmenstrual weeks */
	const char *xtitle; /* NULL or "": none; else written on the last row, under the tick labels,
			     * which move up a row (the plot loses one) */
} chart_axes;

typedef struct chart_layout {
	int w, h;                       /* canvas size in cells */
	int plot_col, plot_row;         /* top-left cell of the plot area */
	int plot_w, plot_h;             /* plot area in cells (dots: 2*plot_w x 4*plot_h) */
	int axis_col, axis_row;         /* the y axis column and the x axis row */
	double xmin, xmax, ymin, ymax;  /* x at the first/last dot column, y at the bottom/top dot row */
	chart_xunit xunit;
	double xstep, ystep;            /* tick steps: x in its unit (months, years, cm), y in y's unit */
	int nxt, nyt;
	chart_tick xt[CHART_MAX_TICKS]; /* left to right */
	chart_tick yt[CHART_MAX_TICKS]; /* bottom to top */
	char yunit[CHART_LABEL_MAX], xunit_label[CHART_LABEL_MAX];
	char xtitle[64];                /* the x axis title ("" none), on row h-1 */
} chart_layout;

/* Lay out a w x h chart for the ranges in a: margins from the y tick labels and a->right_w; the
 * y range is the data's plus half a dot row either side (every row carries data); nice tick
 * steps (1, 2, 2.5, 5 x 10^k for y, about one tick every 3.5 rows and never closer than 2.5;
 * months 1/2/3/6/12/24, years 1/2/5/10, cm 1/2/5/10/20/50 for x, at least 7 columns apart), ticks
 * at the step's multiples inside the range, x labels centred on their tick and left out where
 * they would touch.  Ages are labelled in months when the range ends before 37 months or spans
 * less than 2 years, in years otherwise.
 * Returns GV_EINVAL when the plot area would be smaller than 8 x 3 cells or a range is empty or
 * not finite; GV_OK otherwise. */
gv_status chart_layout_compute(chart_layout *L, int w, int h, const chart_axes *a);

/* Mappings between data and canvas dot coordinates (fractional; round half up to get a dot).
 * x = xmin falls on the plot's first dot column, xmax on its last; y = ymax on the top dot row,
 * ymin on the bottom one. */
double chart_x_dot(const chart_layout *L, double x);
double chart_y_dot(const chart_layout *L, double y);
/* The x sampled by dot column dx (canvas dot coordinates): the inverse of chart_x_dot. */
double chart_dot_x(const chart_layout *L, int dx);
/* The canvas column / row of the cell whose dots contain x / y. */
int chart_x_col(const chart_layout *L, double x);
int chart_y_row(const chart_layout *L, double y);

/* ------------------------------------------------------------------ chart */

typedef enum chart_view {
	CHART_VIEW_VALUE, /* the measurement in its unit over the percentile curves */
	CHART_VIEW_Z      /* z-score (SDS) over age, with horizontal lines at the curves' z */
} chart_view;

typedef enum chart_zoom {
	CHART_ZOOM_CHILD, /* the span of the child's points, padded, snapped to ticks */
	CHART_ZOOM_FULL   /* every age (or length) where the policy has a table for the indicator */
} chart_zoom;

typedef enum chart_pt_state {
	CHART_PT_NORMAL,   /* 'o' */
	CHART_PT_SELECTED, /* '@', the visit under the cursor */
	CHART_PT_FLAGGED,  /* '!', a clinical flag */
	CHART_PT_SUSPECT   /* '?', biologically implausible (growth_compute's biv) */
} chart_pt_state;

typedef struct chart_point {
	double x;             /* age in days (corrected when corrected), or length/height in cm */
	double y;             /* value in the indicator's unit, or z in the z view */
	chart_pt_state state;
	int id;               /* caller's tag (chart_child_points: the visit index) */
	gv_age_axis axis;     /* the age the visit was scored at (gv_result.axis; GV_AXIS_NONE unknown):
			       * names the x axis of a preterm child's chart (chart_spec.ga_days) */
} chart_point;

enum {
	CHART_F_WHO_1_99 = 1 << 0, /* WHO: also the 1st and 99th percentile curves */
	CHART_F_CONNECT = 1 << 1   /* join consecutive points with a line (ROLE_CHILD_LINE), passing
				    * over implausible (CHART_PT_SUSPECT) ones */
};

typedef struct chart_spec {
	gv_sex sex;
	gv_ind ind;        /* GV_WFA, GV_LHFA, GV_BFA, GV_HCFA, GV_WFLH, GV_ACFA (any indicator works) */
	gv_policy policy;
	chart_view view;
	chart_zoom zoom;
	double xmin, xmax; /* explicit x range (days or cm) overriding zoom when both finite, xmin < xmax */
	double age_days;   /* weight-for-length/height only: the age choosing the table (WHO: length under
			    * 731 days, height after; CDC: under/from 24 months); NAN = birth */
	unsigned flags;    /* CHART_F_* */
	int us_units;      /* value view in US units: weights in lb, lengths and circumferences in inches
			    * (y, and x of weight-for-length/height); BMI stays kg/m2, skinfolds mm.
			    * Points and xmin/xmax are still given in the indicator's metric unit. */
	const chart_point *pts; /* the child's points (not owned), in the order to join them */
	size_t npts;
	double ga_days;    /* NAN (default): a term child, term references from birth.  A preterm
			    * child's gestational age at birth in days (< 259, chart_child_ga): x is
			    * corrected age (negative before term, PMA = 40 + x/7 weeks), the
			    * INTERGROWTH-21st preterm postnatal curves (3rd, 10th, 50th, 90th, 97th
			    * centiles) are drawn from 27 to 64 weeks PMA (x -91 to 168 days; weight,
			    * length, head; weight-for-length while age_days <= 168) and the policy's
			    * term curves after, the switch marked "IG21|WHO"; the x axis carries a title
			    * naming the ages of the points (postmenstrual, corrected, chronological),
			    * in postmenstrual weeks when the whole range is before 64 weeks. */
	/* Length/height-for-age: the mid-parental target (core/stature.h, Tanner 1970: target and
	 * target -/+ 8.5 cm) as z at the adult end of the chart, and the projected adult height's z and
	 * centile; NAN when unknown (chart_child_stature sets them).  Drawn in the right margin, as the
	 * RCPCH charts do, at the values of those z at the chart's last age (the centile channel the
	 * target stands for): a bar "-" ... "=" ... "-" from target - 8.5 cm to + 8.5 cm with "MPH" at
	 * the target, and "<P42" (the projected adult height centile) at the projection's row. */
	double mph_z, mph_z_lo, mph_z_hi;
	double proj_z, proj_p;
	/* Weight-for-length/height of a child whose visits span two tables (a 2-year-old: WHO
	 * weight-for-length, then CDC weight-for-stature): below this length (cm) the curves of the
	 * table of age 0 are drawn behind the infant points, from it those of age_days, the change
	 * marked like the WHO->CDC switch; NAN: one table (chart_child_wflh_switch sets it). */
	double wflh_switch_cm;
	/* A one-line note written on the chart at the WHO->CDC switch ("" none): chart_child_switch_note
	 * sets it when the child's value jumps there. */
	char switch_note[80];
} chart_spec;

/* Defaults: sex unknown, GV_WFA, GV_POLICY_AUTO, value view, child zoom, no explicit range,
 * age_days NAN, flags 0, no points, ga_days NAN, no mid-parental target or projection, no
 * weight-for-length switch, no switch note. */
void chart_spec_init(chart_spec *s);

/* The tables drawn, in order of appearance from left to right (for a caption: refs_info(t)->title). */
#define CHART_MAX_TABLES 4
typedef struct chart_info {
	ref_table_id tables[CHART_MAX_TABLES]; /* T_NONE for an INTERGROWTH-21st standard: see ig */
	ig21_std ig[CHART_MAX_TABLES];         /* the INTERGROWTH-21st standard, IG21_NSTD for a table */
	int ntables;
} chart_info;

/* A source's title for a caption: refs_info(t)->title or ig21_std_info(ig)->title. */
const char *chart_info_title(const chart_info *info, int i);

/* Clear canvas c and draw the chart of s into all of it: axes, curves, switch marks, labels and
 * points.  The y range holds the curves and the points, except implausible ones
 * (CHART_PT_SUSPECT) and z beyond +/-8: those are drawn on the range's edge, so one typing error
 * cannot squash the chart.  Points outside the x range are left out (to the nearest dot column).
 * L and info (each may be NULL) receive the layout
 * and the tables used.  Returns GV_EINVAL for an unknown sex or indicator or a canvas too small
 * for a plot (see chart_layout_compute: the canvas is then left blank), GV_ENOMEM, or GV_OK.
 * Cost: one growth_value_at per curve per dot column (about 3,400 at 200 x 60). */
gv_status chart_draw(canvas *c, const chart_spec *s, chart_layout *L, chart_info *info);

/* The points of child ch for s->ind in view s->view: growth_compute (options o, NULL = defaults;
 * s->policy replaces o's policy) on each visit, x = the age used by the references (cage_days)
 * or ind.x (cm) for weight-for-length/height, y = ind.value or ind.z.  A visit is left out when
 * that number is missing (not measured, no table for it, or in the z view not scored).  State:
 * CHART_PT_SELECTED for visit index `selected` (-1 for none), else CHART_PT_SUSPECT when
 * ind.biv != 0, else CHART_PT_NORMAL (clinical flags are the caller's to set); id = visit index.
 * On success *pts is a malloc'ed array of *npts points (NULL when 0) that the caller frees.
 * Returns GV_EINVAL for an unknown sex or indicator, GV_ENOMEM, or GV_OK. */
gv_status chart_child_points(const gv_child *ch, const chart_spec *s, const gv_options *o, int selected,
			     chart_point **pts, size_t *npts);

/* Draw the chart of child ch: s with sex = the child's, points from chart_child_points, and for
 * weight-for-length/height age_days = the selected visit's age (else the last visit's) when
 * s->age_days is NAN.  Returns as chart_draw and chart_child_points. */
gv_status chart_draw_child(canvas *c, const gv_child *ch, const chart_spec *s, const gv_options *o, int selected,
			   chart_layout *L, chart_info *info);

/* The gestational age at birth in days for chart_spec.ga_days when child ch is drawn on the
 * INTERGROWTH-21st preterm curves under options o (NULL = defaults): born before 37+0 weeks
 * (IG21_PRETERM_DAYS), with age correction and INTERGROWTH-21st on (growth_compute's own rule);
 * else NAN. */
double chart_child_ga(const gv_child *ch, const gv_options *o);

/* Width of the mid-parental column kept at the right of a height chart (chart_spec.mph_z). */
#define CHART_MPH_W 8

/* Set s->mph_z, mph_z_lo, mph_z_hi from child ch's parents' heights (stature_target_of under
 * s->policy) and s->proj_z, proj_p from its latest height at 2 years or more (stature_project on
 * growth_compute's results under o, NULL = defaults); each left NAN when it does not apply.  Only
 * for GV_LHFA; GV_ENOMEM (s unchanged) or GV_OK. */
gv_status chart_child_stature(const gv_child *ch, const gv_options *o, chart_spec *s);

/* s->wflh_switch_cm for a weight-for-length/height chart (s->ind GV_WFLH) of child ch whose chart
 * table (s->age_days's) is not the one of its earlier visits: the midpoint between the longest
 * such infant visit and the shortest visit on the chart's table (or just past the longest infant
 * one when they overlap).  Left NAN otherwise.  GV_ENOMEM or GV_OK. */
gv_status chart_child_wflh_switch(const gv_child *ch, const gv_options *o, chart_spec *s);

/* The jump at the WHO->CDC switch (policy GV_POLICY_AUTO): the first visit of child ch scored on
 * CDC 2000 for s->ind is also scored on WHO 2006 (which runs to 60 months), the same measurement
 * on both; when the two z differ by at least CHART_SWITCH_JUMP_Z, s->switch_note gets
 * "WHO->CDC: same 2024-03-02 value z +0.12 WHO, -0.60 CDC" (the chart changed, not the child).
 * Left "" otherwise. */
#define CHART_SWITCH_JUMP_Z 0.67 /* one major centile space: 0.67 SD "represents the width of each
				  * percentile band" of the 2nd-9th-25th-50th-75th-91st-98th charts (Ong KK
				  * et al., BMJ 2000;320:967), the change the flags call crossing a line */
void chart_child_switch_note(const gv_child *ch, const gv_options *o, chart_spec *s);
/* 1 when z_who and z_cdc (one measurement on both) are CHART_SWITCH_JUMP_Z or more apart; 0 else
 * (and for a NaN). */
int chart_switch_jump(double z_who, double z_cdc);

#endif
