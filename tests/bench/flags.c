/* bench/flags.c — speed of the flag engine, and how often it fires on crude healthy children.
 *
 *   make build/bench/flags && ./build/bench/flags [children]
 *
 * Children: 28 visits from birth to 18 years (the well-child schedule), z-scores drifting as an
 * Ornstein-Uhlenbeck process (tau 2 years in infancy, then 30 years for height and
 * 8 for the weight component; true height never decreases), measurement noise (weight 1%,
 * length 0.5 cm, head 0.3 cm) and clinical rounding (10 g / 100 g, 1 mm).  This is a crude model
 * for speed and for catching rules that misfire on ordinary noise; the false-positive rate
 * reported in the notes comes from core/synth's healthy cohort.  Figures go in notes, never in
 * tests. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/flags.h"
#include "core/traj.h"

static uint64_t rng = 0x9e3779b97f4a7c15u;

static double unif(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return ((rng * 2685821657736338717u) >> 11) * (1.0 / 9007199254740992.0);
}

static double normal(void)
{
	double u = unif(), v = unif();
	return sqrt(-2 * log(u + 1e-300)) * cos(6.283185307179586 * v);
}

static const double ages[] = {0,    5,    14,   30,   61,   122,  183,  274,  365,  456,  548,  730,  1096, 1461,
			      1826, 2191, 2557, 2922, 3287, 3652, 4018, 4383, 4748, 5113, 5479, 5844, 6209, 6574};
#define NV (sizeof ages / sizeof ages[0])

/* The value at z for indicator ind on the chart used at this age (US rule set). */
static double value_at(gv_sex sex, double age, gv_ind ind, double z)
{
	gv_measure m;
	gv_result r;
	double v;
	growth_measure_init(&m);
	m.sex = sex;
	m.age_days = age;
	growth_compute(&m, NULL, &r);
	ref_table_id t = growth_table(r.ref, ind, r.cage_days);
	if (t == T_NONE || growth_value_at(t, sex, growth_age_x(t, r.cage_days), z, &v) != GV_OK)
		return NAN;
	return v;
}

static double round_to(double v, double step)
{
	return floor(v / step + 0.5) * step;
}

static void make_child(gv_child *c, gv_visit *v)
{
	record_patient_init(&c->p);
	c->p.sex = unif() < 0.5 ? GV_MALE : GV_FEMALE;
	c->p.birth_date = 16436;
	double zh = normal(), zo = normal(), prev = 0, htrue = 0;
	for (size_t i = 0; i < NV; i++) {
		/* OU drift: correlation exp(-dt/tau); tau 1 year in infancy, then 30 years for height
		 * (height tracks) and 8 years for the weight component. */
		double dt = (ages[i] - prev) / 365.25, inf = ages[i] < 730;
		double rh = exp(-dt / (inf ? 2.0 : 30.0)), ro = exp(-dt / (inf ? 2.0 : 8.0));
		zh = rh * zh + sqrt(1 - rh * rh) * normal();
		zo = ro * zo + sqrt(1 - ro * ro) * normal();
		prev = ages[i];
		double zw = 0.7 * zh + 0.714 * zo;
		record_visit_init(&v[i]);
		v[i].date = c->p.birth_date + (int32_t)ages[i];
		v[i].position = ages[i] < 730.5 ? 'L' : 'H';
		double w = value_at(c->p.sex, ages[i], GV_WFA, zw), h = value_at(c->p.sex, ages[i], GV_LHFA, zh);
		v[i].weight_kg = round_to(w * (1 + 0.01 * normal()), w < 10 ? 0.01 : 0.1);
		htrue = h > htrue ? h : htrue; /* children do not shrink */
		v[i].height_cm = round_to(htrue + 0.5 * normal(), 0.1);
		if (ages[i] <= 1096)
			v[i].head_cm = round_to(value_at(c->p.sex, ages[i], GV_HCFA, 0.8 * zh + 0.6 * zo) + 0.3 * normal(), 0.1);
	}
	c->v = v;
	c->nv = NV;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 10000;
	gv_child *kids = calloc((size_t)n, sizeof *kids);
	gv_visit *vis = calloc((size_t)n * NV, sizeof *vis);
	gv_flag f[128];
	long per_rule[128] = {0}, any_mod = 0, any_info = 0, any_check = 0;
	if (!kids || !vis)
		return 1;
	for (long i = 0; i < n; i++)
		make_child(&kids[i], vis + i * NV);

	double t0 = now();
	for (long i = 0; i < n; i++) {
		size_t nf;
		flags_compute(&kids[i], NULL, f, 128, &nf);
		int mod = 0, info = 0, check = 0;
		for (size_t j = 0; j < nf && j < 128; j++) {
			gv_rule_info ri;
			for (size_t r = 0; flags_rule_info(r, &ri); r++)
				if (strcmp(ri.id, f[j].rule) == 0)
					per_rule[r]++;
			check |= f[j].category == GV_CAT_IMPLAUSIBLE_VALUE;
			mod |= f[j].category != GV_CAT_IMPLAUSIBLE_VALUE && f[j].severity >= GV_SEV_MODERATE && !f[j].suspect;
			info |= f[j].category != GV_CAT_IMPLAUSIBLE_VALUE && !f[j].suspect;
		}
		any_mod += mod, any_info += info, any_check += check;
	}
	double t1 = now();
	long anyc = 0;
	for (long i = 0; i < n; i++)
		anyc += flags_any_clinical(&kids[i], NULL, GV_SEV_MODERATE) == 1;
	double t2 = now();
	gv_result res[NV];
	for (long i = 0; i < n; i++)
		traj_results(&kids[i], NULL, res);
	double t3 = now();

	printf("%ld children x %zu visits\n", n, NV);
	printf("flags_compute (with detail text):  %.1f us/child\n", (t1 - t0) / n * 1e6);
	printf("flags_any_clinical (no text):      %.1f us/child\n", (t2 - t1) / n * 1e6);
	printf("  of which growth_compute per visit: %.1f us/child\n", (t3 - t2) / n * 1e6);
	printf("children with a clinical flag >= moderate: %.2f%% (any_clinical agrees: %s)\n", 100.0 * any_mod / n,
	       anyc == any_mod ? "yes" : "NO");
	printf("children with any clinical flag incl. info: %.2f%%\n", 100.0 * any_info / n);
	printf("children with an implausible_value flag:    %.2f%%\n", 100.0 * any_check / n);
	gv_rule_info ri;
	for (size_t r = 0; flags_rule_info(r, &ri); r++)
		if (per_rule[r])
			printf("  %-28s %6.2f%%\n", ri.id, 100.0 * per_rule[r] / n);
	free(kids);
	free(vis);
	return anyc == any_mod ? 0 : 1;
}
