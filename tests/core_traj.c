/* core_traj.c — trajectory helpers: percentile line tables, lines crossed with uneven spacing,
 * velocities over unequal intervals, z changes, "any span" maxima, the growthcleanr EWMA.
 * Every expected number is worked by hand in the comment next to it. */
#include "tests/testutil.h"

#include "core/age.h"
#include "core/traj.h"

/* ------------------------------------------------------------------ line tables */

static void test_line_tables(void **state)
{
	(void)state;
	for (int s = 0; s < TRAJ_NLINESETS; s++) {
		size_t n;
		const traj_line *l = traj_lines((traj_lineset)s, &n);
		assert_non_null(l);
		assert_true(n >= 5);
		for (size_t i = 0; i < n; i++) {
			/* Each line is drawn at Phi^-1(pct/100), except CDC's "P2"/"P98", drawn at -2/+2 SD. */
			double want = lms_qnorm(l[i].pct / 100);
			tu_near(l[i].z, want, 1e-12, "set %d line %s", s, l[i].label);
			if (i)
				assert_true(l[i].z > l[i - 1].z);
		}
	}
	size_t n;
	const traj_line *cw = traj_lines(TRAJ_LINES_CDC_WHO, &n);
	assert_int_equal(n, 9);
	assert_string_equal(cw[0].label, "P2");
	assert_true(cw[0].z == -2 && cw[8].z == 2); /* exactly the WHO cut-offs */
	tu_near(cw[0].pct, 2.275013194817921, 1e-12, "P2 is the 2.3rd percentile");
	assert_int_equal((traj_lines(TRAJ_LINES_CDC, &n), n), 7);
	assert_int_equal((traj_lines(TRAJ_LINES_WHO, &n), n), 5);
	assert_null(traj_lines(TRAJ_NLINESETS, &n));
	assert_int_equal(n, 0);
	assert_string_equal(traj_lineset_name(TRAJ_LINES_CDC_WHO), "cdc_who");
	assert_string_equal(traj_lineset_name(TRAJ_NLINESETS), "");
}

static void test_lineset_for(void **state)
{
	(void)state;
	assert_int_equal(traj_lineset_for(GV_CDC2000, 0), TRAJ_LINES_CDC);
	assert_int_equal(traj_lineset_for(GV_CDC2000, 1), TRAJ_LINES_CDC);
	assert_int_equal(traj_lineset_for(GV_WHO2006, 0), TRAJ_LINES_CDC_WHO);
	assert_int_equal(traj_lineset_for(GV_WHO2006, 1), TRAJ_LINES_WHO);
	assert_int_equal(traj_lineset_for(GV_WHO2007, 0), TRAJ_LINES_WHO);
}

/* ------------------------------------------------------------------ lines crossed */

static void test_lines_crossed(void **state)
{
	(void)state;
	/* CDC lines z: P5 -1.645, P10 -1.282, P25 -0.674, P50 0, P75 0.674, P90 1.282, P95 1.645.
	 * +0.1 -> -1.4 passes P50 (0), P25 (-0.674) and P10 (-1.282): 3 lines down. */
	assert_int_equal(traj_lines_crossed(TRAJ_LINES_CDC, 0.1, -1.4), -3);
	assert_int_equal(traj_lines_crossed(TRAJ_LINES_CDC, -1.4, 0.1), 3);
	/* The same 1.5 SD fall lower down the chart passes fewer lines: -0.7 -> -2.2 passes P10 and
	 * P5 only (2), and nothing lies below P5 on the CDC chart. */
	assert_int_equal(traj_lines_crossed(TRAJ_LINES_CDC, -0.7, -2.2), -2);
	/* CDC's WHO chart adds "P2" at -2: -1.5 -> -2.1 passes P5 (-1.645) and P2 (-2) = 2 lines; on
	 * the CDC chart only P5 = 1 line. */
	assert_int_equal(traj_lines_crossed(TRAJ_LINES_CDC_WHO, -1.5, -2.1), -2);
	assert_int_equal(traj_lines_crossed(TRAJ_LINES_CDC, -1.5, -2.1), -1);
	/* WHO lines P3 -1.881, P15 -1.036, P50 0, P85, P97: +0.1 -> -1.4 passes P50 and P15 = 2. */
	assert_int_equal(traj_lines_crossed(TRAJ_LINES_WHO, 0.1, -1.4), -2);
	/* On a line counts as on or above it: from exactly P25 to just below crosses it, to it from
	 * below crosses it upward, and staying on it crosses nothing. */
	double p25 = -0.6744897501960817;
	assert_int_equal(traj_lines_crossed(TRAJ_LINES_CDC, p25, -0.675), -1);
	assert_int_equal(traj_lines_crossed(TRAJ_LINES_CDC, -0.7, p25), 1);
	assert_int_equal(traj_lines_crossed(TRAJ_LINES_CDC, p25, p25), 0);
	/* Moving within a channel: none. */
	assert_int_equal(traj_lines_crossed(TRAJ_LINES_CDC, 0.1, 0.6), 0);
	assert_int_equal(traj_lines_crossed(TRAJ_LINES_CDC, NAN, -3), 0);
	/* Channel index: 0 below every line, n above all. */
	assert_int_equal(traj_line_index(TRAJ_LINES_CDC, -5), 0);
	assert_int_equal(traj_line_index(TRAJ_LINES_CDC, 5), 7);
	assert_int_equal(traj_line_index(TRAJ_LINES_CDC, 0), 4);
}

/* ------------------------------------------------------------------ velocities */

static gv_visit visit(int y, int m, int d, double w, double h)
{
	gv_visit v;
	record_visit_init(&v);
	v.date = age_days_from_civil(y, m, d);
	v.weight_kg = w;
	v.height_cm = h;
	return v;
}

static void test_velocity_unequal_intervals(void **state)
{
	(void)state;
	gv_visit a = visit(2020, 1, 1, 8.0, 70.0), b = visit(2020, 4, 11, 9.1, 73.5), c = visit(2020, 10, 11, 9.6, 78.0);
	traj_vel v;
	/* a -> b: 2020-01-01 to 2020-04-11 = 31 + 29 + 31 + 10 = 101 days (2020 is a leap year).
	 * Height 3.5 cm: 3.5 * 365.25 / 101 = 12.6572 cm/year.
	 * Weight 1.1 kg: 1.1 * 30.4375 / 101 = 0.33150 kg/month. */
	assert_int_equal(traj_velocity(&a, &b, GV_LHFA, &v), GV_OK);
	assert_true(v.days == 101);
	tu_near(v.delta, 3.5, 1e-12, "height delta");
	tu_near(v.per_year, 12.657178217821782, 1e-9, "cm/year a-b");
	assert_int_equal(traj_velocity(&a, &b, GV_WFA, &v), GV_OK);
	tu_near(v.per_month, 0.3314975247524753, 1e-12, "kg/month a-b");
	/* b -> c: 183 days, 4.5 cm: 4.5 * 365.25 / 183 = 8.98156 cm/year.  a -> c: 284 days, 8.0 cm:
	 * 10.28873 cm/year, the interval-weighted mean of the two, not their plain mean (10.82). */
	assert_int_equal(traj_velocity(&b, &c, GV_LHFA, &v), GV_OK);
	assert_true(v.days == 183);
	tu_near(v.per_year, 8.98155737704918, 1e-9, "cm/year b-c");
	assert_int_equal(traj_velocity(&a, &c, GV_LHFA, &v), GV_OK);
	tu_near(v.per_year, 10.288732394366198, 1e-9, "cm/year a-c");
	/* Missing value, wrong order, same day, an indicator without a raw measurement. */
	gv_visit m = visit(2020, 6, 1, NAN, 75.0);
	assert_int_equal(traj_velocity(&a, &m, GV_WFA, &v), GV_MISSING);
	assert_int_equal(traj_velocity(&a, &m, GV_LHFA, &v), GV_OK);
	assert_int_equal(traj_velocity(&b, &a, GV_LHFA, &v), GV_EINVAL);
	assert_int_equal(traj_velocity(&a, &a, GV_LHFA, &v), GV_EINVAL);
	assert_int_equal(traj_velocity(&a, &b, GV_BFA, &v), GV_EINVAL);
}

/* ------------------------------------------------------------------ results, z change */

static void test_results_and_dz(void **state)
{
	(void)state;
	gv_visit v[3] = {visit(2019, 12, 1, 3.3, 50.0), visit(2020, 6, 1, 7.9, 67.6), visit(2021, 6, 1, 9.6, 75.7)};
	gv_child c = {.v = v, .nv = 3};
	record_patient_init(&c.p);
	c.p.sex = GV_FEMALE;
	c.p.birth_date = age_days_from_civil(2020, 1, 1); /* the first visit is dated before birth */
	gv_result r[3];
	assert_int_equal(traj_results(&c, NULL, r), GV_OK);
	assert_int_equal(r[0].ind[GV_WFA].status, GV_EINVAL);
	assert_int_equal(r[1].ind[GV_WFA].status, GV_OK);
	assert_int_equal(r[1].ref, GV_WHO2006);
	double dz;
	assert_int_equal(traj_dz(&r[0], &r[1], GV_WFA, &dz), GV_MISSING);
	assert_int_equal(traj_dz(&r[1], &r[2], GV_WFA, &dz), GV_OK);
	tu_near(dz, r[2].ind[GV_WFA].z - r[1].ind[GV_WFA].z, 0, "dz");
	/* Scored on different references: not on one scale. */
	gv_result other = r[2];
	other.ref = GV_CDC2000;
	assert_int_equal(traj_dz(&r[1], &other, GV_WFA, &dz), GV_EINVAL);
	/* Unknown sex: every result cleared, GV_EINVAL. */
	c.p.sex = GV_SEX_UNKNOWN;
	assert_int_equal(traj_results(&c, NULL, r), GV_EINVAL);
	assert_int_equal(r[1].ind[GV_WFA].status, GV_EINVAL);
}

/* ------------------------------------------------------------------ any span */

/* A result with only the fields the span helpers read. */
static gv_result res_z(gv_ref ref, double z)
{
	gv_result r;
	memset(&r, 0, sizeof r);
	r.ref = ref;
	r.age_days = 0; /* the caller sets ages */
	for (int k = 0; k < GV_NIND; k++)
		r.ind[k].status = GV_MISSING;
	if (!isnan(z)) {
		r.ind[GV_WFA].status = GV_OK;
		r.ind[GV_WFA].z = z;
	}
	return r;
}

static void test_max_lines_any_span(void **state)
{
	(void)state;
	/* WHO 2006 visits (CDC's WHO chart lines), weight-for-age z:
	 *   0: +0.30  1: -0.20  2: missing  3: -0.50  4: (CDC 2000) -2.5  5: -0.90
	 * Consecutive pairs cross at most one line (0->1 passes P50; 3->5 passes P25 at -0.674), but
	 * the span 0 -> 5 passes P50 and P25: 2 lines, the largest.  Visit 4 is on another reference
	 * and pairs with none of them. */
	gv_result r[6] = {res_z(GV_WHO2006, 0.3), res_z(GV_WHO2006, -0.2), res_z(GV_WHO2006, NAN),
			  res_z(GV_WHO2006, -0.5), res_z(GV_CDC2000, -2.5), res_z(GV_WHO2006, -0.9)};
	for (int k = 0; k < 6; k++)
		r[k].age_days = 30.0 * k;
	traj_span s;
	assert_int_equal(traj_max_lines(r, 6, GV_WFA, NULL, -1, 0, &s), 2);
	assert_int_equal(s.from, 0);
	assert_int_equal(s.to, 5);
	assert_int_equal(s.lines, -2);
	tu_near(s.dz, -1.2, 1e-12, "dz 0->5");
	/* Without visit 0 the best is 1 line (1 -> 5 passes P25); the later end wins the tie with
	 * 3 -> 5, then the larger fall (1 -> 5: -0.7 vs -0.4). */
	unsigned char use[6] = {0, 1, 1, 1, 1, 1};
	assert_int_equal(traj_max_lines(r, 6, GV_WFA, use, -1, 0, &s), 1);
	assert_int_equal(s.from, 1);
	assert_int_equal(s.to, 5);
	/* Upward: no pair rises across a line. */
	assert_int_equal(traj_max_lines(r, 6, GV_WFA, NULL, 1, 0, &s), 0);
	/* WHO chart lines (P3 P15 P50 P85 P97): 0 -> 5 passes P50 only. */
	assert_int_equal(traj_max_lines(r, 6, GV_WFA, NULL, -1, 1, &s), 1);
	/* Largest z fall over any span: 0 -> 5, 1.2 SD (returned as an amount in the direction).
	 * No pair rises: dz of the pairs is 0->1 -0.5, 0->3 -0.8, 0->5 -1.2, 1->3 -0.3, 1->5 -0.7,
	 * 3->5 -0.4, so the largest dz is -0.3 (1 -> 3). */
	tu_near(traj_max_dz(r, 6, GV_WFA, NULL, -1, &s), 1.2, 1e-12, "largest fall");
	assert_int_equal(s.from, 0);
	assert_int_equal(s.to, 5);
	tu_near(traj_max_dz(r, 6, GV_WFA, NULL, 1, &s), -0.3, 1e-12, "least fall");
	assert_int_equal(s.from, 1);
	assert_int_equal(s.to, 3);
	/* Two entries of one day are not a trajectory: with visit 5 on the day of visit 3, the best
	 * fall is 0 -> 5 still, but 3 -> 5 (-0.4) no longer competes with 1 -> 3 for the least fall. */
	r[5].age_days = r[3].age_days;
	assert_int_equal(traj_max_lines(r, 6, GV_WFA, NULL, -1, 0, &s), 2);
	assert_int_equal(s.from, 0);
	assert_int_equal(s.to, 5);
	r[1].age_days = r[0].age_days; /* 0 and 1 on one day: 0 -> 1 is no pair any more */
	assert_true(isnan(traj_max_dz(r, 2, GV_WFA, NULL, -1, &s)));
	assert_true(s.from == TRAJ_NONE);
	/* Fewer than two usable visits: nothing. */
	assert_int_equal(traj_max_lines(r, 1, GV_WFA, NULL, -1, 0, &s), 0);
	assert_true(s.from == TRAJ_NONE);
	assert_true(isnan(traj_max_dz(r, 1, GV_WFA, NULL, -1, &s)));
}

/* A sustained crossing must hold at the neighbouring visit of each end.  CDC lines (P5-P95).
 * Spike: z +0.30, -1.50, +0.20, +0.25.  Plainly 0 -> 1 crosses P50, P25, P10 (3 lines), but the
 * end -1.50 is read as max(-1.50, next +0.20) = +0.20: no line is crossed.
 * Real fall: +0.30, +0.25, -1.00, -1.05: the end at 2 is max(-1.00, -1.05) = -1.00 and the start
 * at 0 stands alone (no previous visit): P50 and P25 crossed, 2 lines, and the last visit (no
 * next) stands alone too: 0 -> 3 crosses the same 2. */
static void test_max_lines_sustained(void **state)
{
	(void)state;
	gv_result spike[4] = {res_z(GV_CDC2000, 0.3), res_z(GV_CDC2000, -1.5), res_z(GV_CDC2000, 0.2),
			      res_z(GV_CDC2000, 0.25)};
	gv_result fall[4] = {res_z(GV_CDC2000, 0.3), res_z(GV_CDC2000, 0.25), res_z(GV_CDC2000, -1.0),
			     res_z(GV_CDC2000, -1.05)};
	for (int k = 0; k < 4; k++)
		spike[k].age_days = fall[k].age_days = 100.0 * k;
	traj_span s;
	assert_int_equal(traj_max_lines(spike, 4, GV_WFA, NULL, -1, 0, &s), 3);
	assert_int_equal(traj_max_lines_sustained(spike, 4, GV_WFA, NULL, -1, 0, &s), 0);
	assert_int_equal(traj_max_lines_sustained(fall, 4, GV_WFA, NULL, -1, 0, &s), 2);
	assert_int_equal(s.from, 0);
	assert_int_equal(s.to, 3); /* the later end wins the tie */
	tu_near(s.dz, -1.35, 1e-12, "plain dz of the pair");
	/* A spike up at the start cannot make a fall either: +1.8 (alone), then +0.1, +0.05, -0.1. */
	gv_result up[4] = {res_z(GV_CDC2000, 0.1), res_z(GV_CDC2000, 1.8), res_z(GV_CDC2000, 0.05),
			   res_z(GV_CDC2000, -0.1)};
	for (int k = 0; k < 4; k++)
		up[k].age_days = 100.0 * k;
	assert_int_equal(traj_max_lines(up, 4, GV_WFA, NULL, -1, 0, &s), 4);
	/* start 1 is read as min(+1.8, previous +0.1) = +0.1: only P50 remains to cross. */
	assert_int_equal(traj_max_lines_sustained(up, 4, GV_WFA, NULL, -1, 0, &s), 1);
	/* traj_sustained_z gives those readings one visit at a time: as a start of a fall the lower
	 * of the visit and the one before, as an end the higher of the visit and the one after; the
	 * other way round for a rise; a visit without the neighbour stands alone. */
	tu_near(traj_sustained_z(up, 4, GV_WFA, NULL, 1, -1, 0), 0.1, 0, "start of a fall");
	tu_near(traj_sustained_z(spike, 4, GV_WFA, NULL, 1, -1, 1), 0.2, 0, "end of a fall");
	tu_near(traj_sustained_z(spike, 4, GV_WFA, NULL, 1, 1, 0), 0.3, 0, "start of a rise");
	tu_near(traj_sustained_z(up, 4, GV_WFA, NULL, 1, 1, 1), 0.05, 0, "end of a rise");
	tu_near(traj_sustained_z(fall, 4, GV_WFA, NULL, 0, -1, 0), 0.3, 0, "no previous visit");
	tu_near(traj_sustained_z(fall, 4, GV_WFA, NULL, 3, -1, 1), -1.05, 0, "no next visit");
	unsigned char skip[4] = {1, 1, 0, 1}; /* a visit left out is no neighbour */
	tu_near(traj_sustained_z(spike, 4, GV_WFA, skip, 1, -1, 1), 0.25, 0, "next usable visit");
	assert_true(isnan(traj_sustained_z(fall, 4, GV_LHFA, NULL, 1, -1, 1))); /* not scored */
	assert_true(isnan(traj_sustained_z(fall, 4, GV_WFA, NULL, 4, -1, 1)));  /* no such visit */
}

/* The one-pass search against all pairs, on random series with many ties (z in steps of 0.1,
 * two references, missing values, masks, visits on one day): same amount always, same pair
 * whenever it moved. */
static void test_max_matches_all_pairs(void **state)
{
	(void)state;
	uint64_t seed = 88172645463325252u;
	for (int rep = 0; rep < 20000; rep++) {
		gv_result r[12];
		unsigned char use[12];
		size_t n = 2 + rep % 11;
		for (size_t k = 0; k < n; k++) {
			seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
			double z = (double)((int)(seed % 61) - 30) / 10; /* -3.0 .. +3.0 */
			r[k] = res_z(seed >> 20 & 1 ? GV_WHO2006 : GV_CDC2000, (seed >> 22) % 8 == 0 ? NAN : z);
			use[k] = (seed >> 30) % 7 != 0;
			/* one visit in four on the day of the one before */
			r[k].age_days = k && (seed >> 40) % 4 == 0 ? r[k - 1].age_days : 10.0 * k;
		}
		for (int dir = -1; dir <= 1; dir += 2) {
			for (int who = 0; who <= 1; who++) {
				/* All pairs: the largest amount, then the later end, then the larger |dz|. */
				double best = NAN, bdz = 0;
				size_t bi = TRAJ_NONE, bj = TRAJ_NONE;
				for (size_t j = 0; j < n; j++)
					for (size_t i = 0; i < j; i++) {
						if (!use[i] || !use[j] || r[i].ind[GV_WFA].status || r[j].ind[GV_WFA].status ||
						    r[i].ref != r[j].ref || r[i].age_days == r[j].age_days)
							continue;
						double zi = r[i].ind[GV_WFA].z, zj = r[j].ind[GV_WFA].z;
						double a = dir * traj_lines_crossed(traj_lineset_for(r[j].ref, who), zi, zj);
						if (bi == TRAJ_NONE || a > best ||
						    (a == best && (j > bj || (j == bj && fabs(zj - zi) > fabs(bdz))))) {
							best = a, bi = i, bj = j, bdz = zj - zi;
						}
					}
				traj_span s;
				int got = traj_max_lines(r, n, GV_WFA, use, dir, who, &s);
				assert_int_equal(got, bi == TRAJ_NONE || best <= 0 ? 0 : (int)best);
				if (got > 0 && (s.from != bi || s.to != bj))
					fail_msg("rep %d dir %d: pair %zu-%zu, all pairs give %zu-%zu", rep, dir, s.from, s.to, bi, bj);
			}
			/* z change: the largest dir * dz over all pairs. */
			double bz = NAN;
			for (size_t j = 0; j < n; j++)
				for (size_t i = 0; i < j; i++)
					if (use[i] && use[j] && !r[i].ind[GV_WFA].status && !r[j].ind[GV_WFA].status &&
					    r[i].ref == r[j].ref && r[i].age_days != r[j].age_days) {
						double a = dir * (r[j].ind[GV_WFA].z - r[i].ind[GV_WFA].z);
						if (isnan(bz) || a > bz)
							bz = a;
					}
			traj_span s;
			double got = traj_max_dz(r, n, GV_WFA, use, dir, &s);
			if (!(isnan(got) && isnan(bz)))
				tu_near(got, bz, 1e-12, "rep %d dir %d dz", rep, dir);
		}
	}
}

/* ------------------------------------------------------------------ EWMA */

static void test_ewma(void **state)
{
	(void)state;
	/* t = 0, 10, 30 days, z = 1, 2, 4.  At i = 0: weights (10+5)^-1.5 = 0.0172133 and
	 * (30+5)^-1.5 = 0.0048295; EWMA = (2*0.0172133 + 4*0.0048295) / 0.0220428 = 2.43819. */
	double t[4] = {0, 10, 30, 0}, z[4] = {1, 2, 4, 9};
	tu_near(traj_ewma(t, z, NULL, 3, 0), 2.4381904404688144, 1e-12, "ewma at 0");
	/* A value on the same day as i gets weight 0 (z[3] = 9 at t = 0 changes nothing). */
	tu_near(traj_ewma(t, z, NULL, 4, 0), 2.4381904404688144, 1e-12, "same day ignored");
	/* Masked values are ignored; none left: NAN. */
	unsigned char use[3] = {1, 0, 1};
	tu_near(traj_ewma(t, z, use, 3, 0), 4, 1e-12, "only z=4 left");
	unsigned char none[3] = {1, 0, 0};
	assert_true(isnan(traj_ewma(t, z, none, 3, 0)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_line_tables),
		cmocka_unit_test(test_lineset_for),
		cmocka_unit_test(test_lines_crossed),
		cmocka_unit_test(test_velocity_unequal_intervals),
		cmocka_unit_test(test_results_and_dz),
		cmocka_unit_test(test_max_lines_any_span),
		cmocka_unit_test(test_max_lines_sustained),
		cmocka_unit_test(test_max_matches_all_pairs),
		cmocka_unit_test(test_ewma),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
