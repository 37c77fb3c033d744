/* traj.c — velocities, z changes, percentile lines crossed (see traj.h). */
#include "core/traj.h"

#include <math.h>

#include "core/age.h"

#define DAYS_PER_YEAR 365.25

gv_status traj_results(const gv_child *c, const gv_options *o, gv_result *res)
{
	for (size_t i = 0; i < c->nv; i++) {
		gv_measure m;
		record_measure(&c->p, &c->v[i], &m);
		growth_compute(&m, o, &res[i]); /* per-visit statuses live in res[i] */
	}
	return c->p.sex == GV_MALE || c->p.sex == GV_FEMALE ? GV_OK : GV_EINVAL;
}

/* ------------------------------------------------------------------ lines */

/* z of the percentiles, Phi^-1(p/100) to 16 digits (checked against lms_qnorm in core_traj). */
#define Z03 1.8807936081512509
#define Z05 1.6448536269514722
#define Z10 1.2815515655446004
#define Z15 1.0364333894937898
#define Z25 0.6744897501960817

/* CDC 2000 clinical growth charts, set 1 (the set "most users in the United States will find
 * useful for routine clinical assessment"): outer curves at the 5th and 95th percentiles, lines at
 * 5, 10, 25, 50, 75, 90, 95 (CDC, "Clinical Growth Charts"; Kuczmarski RJ et al., 2000 CDC growth
 * charts for the United States: methods and development, Vital Health Stat 11(246), 2002).  Set 2
 * adds the 3rd and 97th as outer curves; the failure-to-thrive criterion "crossing two major
 * percentile lines" is stated on set 1 (Homan GJ, Am Fam Physician 2016;94:295). */
static const traj_line cdc_lines[] = {
	{5, -Z05, "P5"}, {10, -Z10, "P10"}, {25, -Z25, "P25"}, {50, 0, "P50"},
	{75, Z25, "P75"}, {90, Z10, "P90"}, {95, Z05, "P95"},
};

/* CDC's WHO growth charts (birth to 24 months): lines at 2, 5, 10, 25, 50, 75, 90, 95, 98, where
 * the lines labelled 2nd and 98th are the WHO cut-offs -2 and +2 SD, i.e. the 2.3rd and 97.7th
 * percentiles (CDC, "Assessing growth using the WHO growth charts": "for the WHO growth charts
 * modified by CDC, these cutoff values are labeled as the 2nd percentile and the 98th percentile";
 * Grummer-Strawn LM et al., MMWR Recomm Rep 2010;59(RR-9)). */
static const traj_line cdc_who_lines[] = {
	{2.275013194817921, -2, "P2"}, {5, -Z05, "P5"}, {10, -Z10, "P10"}, {25, -Z25, "P25"},
	{50, 0, "P50"}, {75, Z25, "P75"}, {90, Z10, "P90"}, {95, Z05, "P95"},
	{97.72498680518208, 2, "P98"},
};

/* WHO's own percentile charts: 3rd, 15th, 50th, 85th, 97th (WHO Child Growth Standards, charts
 * "percentiles", 2006; WHO growth reference 5-19 years, percentile charts, 2007). */
static const traj_line who_lines[] = {
	{3, -Z03, "P3"}, {15, -Z15, "P15"}, {50, 0, "P50"}, {85, Z15, "P85"}, {97, Z03, "P97"},
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

const traj_line *traj_lines(traj_lineset s, size_t *n)
{
	switch (s) {
	case TRAJ_LINES_CDC: *n = NELEM(cdc_lines); return cdc_lines;
	case TRAJ_LINES_CDC_WHO: *n = NELEM(cdc_who_lines); return cdc_who_lines;
	case TRAJ_LINES_WHO: *n = NELEM(who_lines); return who_lines;
	case TRAJ_NLINESETS: break;
	}
	*n = 0;
	return NULL;
}

const char *traj_lineset_name(traj_lineset s)
{
	static const char *const names[TRAJ_NLINESETS] = {"cdc", "cdc_who", "who"};
	return (unsigned)s < TRAJ_NLINESETS ? names[s] : "";
}

traj_lineset traj_lineset_for(gv_ref ref, int who_style)
{
	switch (ref) {
	case GV_CDC2000: return TRAJ_LINES_CDC;
	case GV_WHO2006: return who_style ? TRAJ_LINES_WHO : TRAJ_LINES_CDC_WHO;
	default: return TRAJ_LINES_WHO;
	}
}

int traj_line_index(traj_lineset s, double z)
{
	size_t n;
	const traj_line *l = traj_lines(s, &n);
	int k = 0;
	if (isnan(z))
		return 0;
	for (size_t i = 0; i < n; i++)
		k += l[i].z <= z;
	return k;
}

int traj_lines_crossed(traj_lineset s, double z0, double z1)
{
	if (isnan(z0) || isnan(z1))
		return 0;
	return traj_line_index(s, z1) - traj_line_index(s, z0);
}

/* ------------------------------------------------------------------ two visits */

static double raw_value(const gv_visit *v, gv_ind ind)
{
	switch (ind) {
	case GV_WFA: return v->weight_kg;
	case GV_LHFA: return v->height_cm;
	case GV_HCFA: return v->head_cm;
	case GV_ACFA: return v->muac_cm;
	default: return NAN;
	}
}

gv_status traj_velocity(const gv_visit *a, const gv_visit *b, gv_ind ind, traj_vel *out)
{
	if (ind != GV_WFA && ind != GV_LHFA && ind != GV_HCFA && ind != GV_ACFA)
		return GV_EINVAL;
	if (b->date <= a->date)
		return GV_EINVAL;
	double va = raw_value(a, ind), vb = raw_value(b, ind);
	if (isnan(va) || isnan(vb))
		return GV_MISSING;
	out->days = (double)b->date - (double)a->date;
	out->delta = vb - va;
	out->per_month = out->delta / (out->days / GV_DAYS_PER_MONTH);
	out->per_year = out->delta / (out->days / DAYS_PER_YEAR);
	return GV_OK;
}

gv_status traj_dz(const gv_result *a, const gv_result *b, gv_ind ind, double *dz)
{
	if ((unsigned)ind >= GV_NIND || a->ind[ind].status != GV_OK || b->ind[ind].status != GV_OK)
		return GV_MISSING;
	if (a->ref != b->ref)
		return GV_EINVAL;
	*dz = b->ind[ind].z - a->ind[ind].z;
	return GV_OK;
}

/* ------------------------------------------------------------------ spans */

static int usable(const gv_result *res, const unsigned char *use, size_t k, gv_ind ind)
{
	return (!use || use[k]) && res[k].ind[ind].status == GV_OK;
}

/* Is candidate (lines, dz, to) better than the best so far? Larger amount first, then later end,
 * then larger |dz|. */
static int better(double amount, double dz, size_t to, double best_amount, const traj_span *b)
{
	if (b->from == TRAJ_NONE || amount > best_amount)
		return 1;
	if (amount < best_amount)
		return 0;
	if (to != b->to)
		return to > b->to;
	return fabs(dz) > fabs(b->dz);
}

static void span_none(traj_span *s)
{
	s->from = s->to = TRAJ_NONE;
	s->dz = NAN;
	s->lines = 0;
}

/* One pass over the visits: for each end j, the best start is kept per reference (a start with
 * the most lines above/below, then the highest/lowest z), so all pairs are covered in O(n).
 * A pair needs time between its visits: visits of the same age become starts only once a later
 * age is reached (they wait in `pending`). */
typedef struct start {
	size_t i;
	int idx;  /* channel (traj_line_index) of the start */
	double z;
} start;

/* Keep candidate c in *s when it leaves more room in direction dir: a higher channel (or z) for
 * a decline, a lower one for a rise; the earlier visit on a tie. */
static void keep_start(start *s, const start *c, int dir)
{
	if (c->i == TRAJ_NONE)
		return;
	if (s->i == TRAJ_NONE || -dir * c->idx > -dir * s->idx || (c->idx == s->idx && -dir * c->z > -dir * s->z) ||
	    (c->idx == s->idx && c->z == s->z && c->i < s->i))
		*s = *c;
}

/* z of visit k in a role, for a scan in direction dir.  Plain: its own z.  Sustained (a crossing
 * must hold on two consecutive visits of the same reference): a start is read as the one of
 * (k, the previous usable visit) that leaves less room in direction dir, an end as the one of
 * (k, the next usable visit) that went less far.  One odd measurement at either end then cannot
 * make a crossing; where there is no neighbour the visit stands alone. */
static double role_z(const gv_result *res, size_t n, gv_ind ind, const unsigned char *use, size_t k, int dir,
		     int sustained, int as_end)
{
	double z = res[k].ind[ind].z;
	if (!sustained)
		return z;
	if (as_end) {
		for (size_t m = k + 1; m < n; m++)
			if (usable(res, use, m, ind) && res[m].ref == res[k].ref) {
				double w = res[m].ind[ind].z;
				return dir < 0 ? (w > z ? w : z) : (w < z ? w : z);
			}
	} else {
		for (size_t m = k; m-- > 0;)
			if (usable(res, use, m, ind) && res[m].ref == res[k].ref) {
				double w = res[m].ind[ind].z;
				return dir < 0 ? (w < z ? w : z) : (w > z ? w : z);
			}
	}
	return z;
}

double traj_sustained_z(const gv_result *res, size_t n, gv_ind ind, const unsigned char *use, size_t k, int dir,
			int as_end)
{
	if ((unsigned)ind >= GV_NIND || k >= n || res[k].ind[ind].status != GV_OK)
		return NAN;
	return role_z(res, n, ind, use, k, dir, 1, as_end);
}

static double scan(const gv_result *res, size_t n, gv_ind ind, const unsigned char *use, int dir, int who_style,
		   int by_lines, int sustained, traj_span *best)
{
	start st[GV_CDC2000 + 1], pending[GV_CDC2000 + 1];
	double best_amount = NAN, age = NAN;
	span_none(best);
	if ((unsigned)ind >= GV_NIND)
		return NAN;
	for (int r = 0; r <= GV_CDC2000; r++)
		st[r].i = pending[r].i = TRAJ_NONE;
	for (size_t j = 0; j < n; j++) {
		if (!usable(res, use, j, ind) || (unsigned)res[j].ref > GV_CDC2000)
			continue;
		if (res[j].age_days != age) { /* a later age: the visits before it may start pairs */
			for (int r = 0; r <= GV_CDC2000; r++) {
				keep_start(&st[r], &pending[r], dir);
				pending[r].i = TRAJ_NONE;
			}
			age = res[j].age_days;
		}
		start *s = &st[res[j].ref];
		traj_lineset ls = traj_lineset_for(res[j].ref, who_style);
		double ze = role_z(res, n, ind, use, j, dir, sustained, 1);
		start e = {j, by_lines ? traj_line_index(ls, ze) : 0, ze};
		if (s->i != TRAJ_NONE) {
			double amount = by_lines ? (double)((e.idx - s->idx) * dir) : (e.z - s->z) * dir;
			double dz = res[j].ind[ind].z - res[s->i].ind[ind].z;
			if (better(amount, dz, j, best_amount, best)) {
				best_amount = amount;
				best->from = s->i;
				best->to = j;
				best->dz = dz;
				best->lines = by_lines ? e.idx - s->idx : 0;
			}
		}
		double zs = role_z(res, n, ind, use, j, dir, sustained, 0);
		start c = {j, by_lines ? traj_line_index(ls, zs) : 0, zs};
		keep_start(&pending[res[j].ref], &c, dir);
	}
	return best_amount;
}

int traj_max_lines(const gv_result *res, size_t n, gv_ind ind, const unsigned char *use, int dir,
		   int who_style, traj_span *best)
{
	double a = scan(res, n, ind, use, dir, who_style, 1, 0, best);
	return a > 0 ? (int)a : 0;
}

int traj_max_lines_sustained(const gv_result *res, size_t n, gv_ind ind, const unsigned char *use, int dir,
			     int who_style, traj_span *best)
{
	double a = scan(res, n, ind, use, dir, who_style, 1, 1, best);
	return a > 0 ? (int)a : 0;
}

double traj_max_dz(const gv_result *res, size_t n, gv_ind ind, const unsigned char *use, int dir,
		   traj_span *best)
{
	return scan(res, n, ind, use, dir, 0, 0, 0, best);
}

/* ------------------------------------------------------------------ EWMA */

double traj_ewma(const double *t, const double *z, const unsigned char *use, size_t n, size_t i)
{
	/* Daymont 2017 / growthcleanr: weight (|delta age in days| + 5)^-1.5, same day weight 0. */
	double sw = 0, swz = 0;
	for (size_t j = 0; j < n; j++) {
		if (j == i || (use && !use[j]) || isnan(z[j]))
			continue;
		double d = fabs(t[j] - t[i]);
		if (d == 0)
			continue;
		double dd = d + 5, w = 1 / (dd * sqrt(dd)); /* (d + 5)^-1.5 without pow() */
		sw += w;
		swz += w * z[j];
	}
	return sw > 0 ? swz / sw : NAN;
}
