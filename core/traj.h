/* traj.h — a child's growth over time: velocities, z-score changes, major percentile lines crossed.
 *
 * Everything here works on a child's visits (core/record.h, sorted by date) and their growth
 * results (one gv_result per visit, from traj_results), never on stored summaries.  Missing visits
 * and measurements are simply skipped: a pair of visits is used only when both are scored for the
 * indicator, on the same reference (WHO 2006, WHO 2007 and CDC 2000 z-scores are not on one
 * scale: the same child's z shifts at the 24-month switch from WHO to CDC charts), and allowed by
 * the caller's mask.  Intervals may be anything: velocities divide by the actual interval. */
#ifndef GV_TRAJ_H
#define GV_TRAJ_H

#include <stddef.h>

#include "core/record.h"

/* ------------------------------------------------------------------ per-visit results */

/* growth_compute for every visit of c: res[i] is the result of c->v[i] under options o (NULL =
 * defaults).  res must hold c->nv results; the caller owns it.  Returns GV_EINVAL when the child's
 * sex is unknown (every result cleared), GV_OK otherwise: a visit that cannot be scored (dated
 * before birth, beyond the references) only has its own statuses set. */
gv_status traj_results(const gv_child *c, const gv_options *o, gv_result *res);

/* ------------------------------------------------------------------ major percentile lines */

/* Sets of major percentile lines, as printed on the clinical charts. */
typedef enum traj_lineset {
	TRAJ_LINES_CDC,     /* CDC 2000 clinical charts, set 1: P5 P10 P25 P50 P75 P90 P95 */
	TRAJ_LINES_CDC_WHO, /* CDC's WHO 0-24 month charts: P2 P5 P10 P25 P50 P75 P90 P95 P98,
			     * where "P2" and "P98" are drawn at -2 and +2 SD (2.3rd, 97.7th) */
	TRAJ_LINES_WHO,     /* WHO's own percentile charts (2006 standards, 2007 reference): P3 P15 P50 P85 P97 */
	TRAJ_NLINESETS
} traj_lineset;

/* One line: the percentile it is labelled with, the z-score it is drawn at, the label. */
typedef struct traj_line {
	double pct;
	double z;
	const char *label;
} traj_line;

/* The lines of set s in ascending order; *n gets their number.  Static storage; NULL (and *n = 0)
 * for an unknown set. */
const traj_line *traj_lines(traj_lineset s, size_t *n);

/* Short name of a set: "cdc", "cdc_who", "who"; "" for other values. */
const char *traj_lineset_name(traj_lineset s);

/* The set printed on the charts of reference ref: CDC 2000 -> TRAJ_LINES_CDC; WHO 2006 ->
 * TRAJ_LINES_CDC_WHO (US practice, who_style = 0) or TRAJ_LINES_WHO (who_style = 1); WHO 2007 ->
 * TRAJ_LINES_WHO. */
traj_lineset traj_lineset_for(gv_ref ref, int who_style);

/* Number of lines of s lying at or below z (0 for NAN): the "channel" z sits in. */
int traj_line_index(traj_lineset s, double z);

/* Signed number of lines of s crossed going from z0 to z1: traj_line_index(z1) - traj_line_index(z0).
 * Negative downward, positive upward.  A value exactly on a line counts as on or above it, so
 * going from a line to just below it crosses that line.  0 when either z is NAN.
 * Example (CDC lines): z +0.1 -> -1.4 crosses P50 (z 0), P25 (-0.674) and P10 (-1.282): -3. */
int traj_lines_crossed(traj_lineset s, double z0, double z1);

/* ------------------------------------------------------------------ two visits */

/* Change of one measurement between two visits. */
typedef struct traj_vel {
	double days;      /* interval b - a in days (> 0) */
	double delta;     /* change of the measurement, in its unit */
	double per_month; /* delta per month of 30.4375 days (weight: kg/month) */
	double per_year;  /* delta per year of 365.25 days (length/height: cm/year) */
} traj_vel;

/* Velocity of the measurement behind indicator ind (GV_WFA weight kg, GV_LHFA length/height cm,
 * GV_HCFA head circumference cm, GV_ACFA arm circumference cm) from visit a to the later visit b,
 * on the values as measured (no length/height conversion).  Returns GV_OK; GV_MISSING when either
 * value is not measured; GV_EINVAL when b is not after a or ind has no raw measurement. */
gv_status traj_velocity(const gv_visit *a, const gv_visit *b, gv_ind ind, traj_vel *out);

/* z-score change of indicator ind from result a to result b (b - a).  Returns GV_OK; GV_MISSING
 * when either is not scored; GV_EINVAL when they were scored on different references. */
gv_status traj_dz(const gv_result *a, const gv_result *b, gv_ind ind, double *dz);

/* ------------------------------------------------------------------ any span of visits */

/* A pair of visits and how indicator ind moved between them. */
typedef struct traj_span {
	size_t from, to; /* visit indexes, from < to; TRAJ_NONE when no pair qualified */
	double dz;       /* z(to) - z(from) */
	int lines;       /* signed major lines crossed from -> to (set by traj_max_lines, else 0) */
} traj_span;

#define TRAJ_NONE ((size_t)-1)

/* The pair i < j of visits with the largest movement of ind in direction dir (-1 down, +1 up) in
 * major lines crossed, over ANY span, not only consecutive visits.  Pairs are formed from visits
 * with use[k] != 0 (use NULL: all), scored for ind, on the same reference, at different ages (two
 * entries of one day are not a trajectory); the line set of that reference is
 * traj_lineset_for(ref, who_style).  Among pairs moving in direction dir, ties go to the later
 * `to`, then the larger |dz|, then the earlier `from`.
 * Returns the number of lines crossed in direction dir (>= 0; 0 and best->from = TRAJ_NONE when no
 * pair qualified). */
int traj_max_lines(const gv_result *res, size_t n, gv_ind ind, const unsigned char *use, int dir,
		   int who_style, traj_span *best);

/* traj_max_lines for a crossing that is sustained: it must hold on two consecutive visits (of the
 * same reference) at each end, so one odd measurement cannot make it.  A start is read as the
 * lower (for dir -1; the higher for dir +1) of its z and the previous visit's, an end as the
 * higher (lower) of its z and the next visit's; a visit without such a neighbour stands alone
 * (e.g. the latest visit, which nothing can confirm yet).  best->lines counts those read values;
 * best->dz is the plain z(to) - z(from).  Clinical practice: a change in percentile is confirmed
 * on repeated measurements before it is acted on (NICE NG75, 2017, rec. 1.2.4; Olsen EM, Arch
 * Dis Child 2007;92:109). */
int traj_max_lines_sustained(const gv_result *res, size_t n, gv_ind ind, const unsigned char *use, int dir,
			     int who_style, traj_span *best);

/* The z of visit k as the sustained start (as_end 0) or end (as_end 1) of a movement in direction
 * dir, as traj_max_lines_sustained reads it: a start is the one of (k, the previous usable visit
 * of the same reference) that leaves less room in direction dir, an end the one of (k, the next
 * such visit) that went less far; a visit without that neighbour stands alone.  use as above
 * (NULL: all).  NAN when visit k is not scored for ind. */
double traj_sustained_z(const gv_result *res, size_t n, gv_ind ind, const unsigned char *use, size_t k, int dir,
			int as_end);

/* The same by z-score change: the pair with the largest dir * dz.  Returns that dz * dir, or NAN
 * (best->from = TRAJ_NONE) when no pair qualified. */
double traj_max_dz(const gv_result *res, size_t n, gv_ind ind, const unsigned char *use, int dir,
		   traj_span *best);

/* ------------------------------------------------------------------ expected value from the others */

/* Exponentially weighted moving average of the OTHER z-scores of a child at observation i
 * (Daymont C et al., "Automated identification of implausible values in growth data from
 * pediatric electronic health records", JAMIA 2017;24:1080; growthcleanr ewma()):
 *   EWMA_i = sum_j z_j w_j / sum_j w_j,  w_j = (|t_j - t_i| + 5)^-1.5,  j != i, use[j] != 0,
 * t in days; observations on the same day as i get weight 0 (as growthcleanr).  Returns NAN when
 * no other observation has weight. */
double traj_ewma(const double *t, const double *z, const unsigned char *use, size_t n, size_t i);

#endif
