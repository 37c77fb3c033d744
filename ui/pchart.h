/* pchart.h — a child's growth chart with its flags: what the TUI's chart pane and
 * `growthview plot` both draw, so that the plot command shows exactly what the screen shows.
 *
 * It is chart_draw_child (ui/chart.h) with the clinical markers the chart leaves to its caller:
 * a point gets '!' (CHART_PT_FLAGGED) when a clinical flag of the chart's indicator rests on that
 * visit, '?' (CHART_PT_SUSPECT) when the engine's BIV flag or an implausible-value flag of the
 * flags engine concerns a measurement the chart is drawn from (flagview_point), '@' when it is
 * the selected visit.  Consecutive points are joined (CHART_F_CONNECT).  Pure: no ncurses. */
#ifndef GV_PCHART_H
#define GV_PCHART_H

#include "ui/chart.h"
#include "ui/flagview.h"

/* Draw child c into canvas cv for s (indicator, view, zoom, policy, flags; s->sex and s->pts are
 * ignored), with markers from fv (NULL: the engine's BIV only) and visit `sel` selected (-1 for
 * none).  L and info may be NULL.  Returns as chart_draw_child. */
gv_status pchart_draw(canvas *cv, const gv_child *c, const chart_spec *s, const flagview *fv, int sel,
		      chart_layout *L, chart_info *info);

/* Long and short names of the six charted indicators, in tab order (weight-for-age,
 * length/height-for-age, BMI-for-age, head circumference-for-age, weight-for-length/height, arm
 * circumference-for-age). */
#define PCHART_NIND 6
gv_ind pchart_ind(int tab);               /* tab 0..5; GV_NIND outside */
int pchart_tab(gv_ind ind);               /* -1 for an indicator without a tab */
const char *pchart_ind_title(gv_ind ind); /* "weight-for-age", ... */
const char *pchart_ind_short(gv_ind ind); /* "Weight", "Length/height", "BMI", "Head", "Wt/length", "Arm" */

#endif
