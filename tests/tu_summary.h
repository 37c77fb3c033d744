/* tu_summary.h — fixtures shared by the prompt, baseline and variants suites (header-only).
 *
 * Three hand-made children whose every number was checked outside growthview (Python's
 * statistics.NormalDist and the LMS rows of the refdata CSVs, interpolated as CDC and WHO say):
 *   A  girl born at 32+0 weeks on 2023-01-10 (term date 2023-03-07), WHO 2006 at corrected age;
 *   B  boy born at 39+2 weeks on 2020-03-15, parents 165 and 180 cm, WHO 2006 at 18 months then
 *      CDC 2000 from 24 months (the WHO -> CDC switch);
 *   C  boy born at 40+0 weeks on 2021-06-01 with a small head (microcephaly) and a weight in
 *      pounds typed in the kilogram field at 6 months.
 * tu_json_valid checks that a text is one JSON value (RFC 8259), strictly. */
#ifndef GV_TU_SUMMARY_H
#define GV_TU_SUMMARY_H

#include <ctype.h>

#include "tests/testutil.h"

#include "core/age.h"
#include "core/synth.h"
#include "core/variants.h"

static inline gv_visit tu_visit(int y, int m, int d, double w, double h, char pos, double hc)
{
	gv_visit v;
	record_visit_init(&v);
	v.date = age_days_from_civil(y, m, d);
	v.weight_kg = w;
	v.height_cm = h;
	v.position = pos;
	v.head_cm = hc;
	return v;
}

/* Child A: z-scores at corrected days 30, 120, 217 (girls, WHO 2006):
 *   weight 3.900/6.000/7.200 kg   z -0.4872 (P31.305) / -0.5118 (P30.439) / -0.5359 (P29.600)
 *   length 52.0/61.0/66.5 cm      z -0.8360 (P20.156) / -0.4483 (P32.699) / -0.4226 (P33.629)
 *   head   36.0/40.5/42.5 cm      z -0.4403 (P32.985) / -0.0209 (P49.167) / -0.3060 (P37.981)
 *   weight-for-length             z +0.3100 (P62.173) / -0.2302 (P40.898) / -0.3308 (P37.040)
 *   BMI 14.4/16.1/16.3            z -0.0859 (P46.576) / -0.3542 (P36.158) / -0.4148 (P33.916)
 * Ages: 2023-04-06 is 2m 27d (corrected 30d), 2023-07-05 5m 25d (3m 28d), 2023-10-10 9m 0d (7m 3d).
 * Velocities 3 -> 4 (97 days): weight 1.2 kg / (97/30.4375) = 0.3765 kg/month, length 1.7258 cm/month. */
static inline void tu_child_a(gv_child *c, gv_visit *v)
{
	memset(c, 0, sizeof *c);
	record_patient_init(&c->p);
	c->p.sex = GV_FEMALE;
	c->p.birth_date = age_days_from_civil(2023, 1, 10);
	c->p.ga_weeks = 32;
	c->p.ga_days = 0;
	v[0] = tu_visit(2023, 1, 10, 1.7, 42.0, 'L', 29.5);
	v[1] = tu_visit(2023, 4, 6, 3.9, 52.0, 'L', 36.0);
	v[2] = tu_visit(2023, 7, 5, 6.0, 61.0, 'L', 40.5);
	v[3] = tu_visit(2023, 10, 10, 7.2, 66.5, 'L', 42.5);
	c->v = v;
	c->nv = 4;
}

/* Child B (boys): 18 months on WHO 2006 (day 549): weight 11.00 kg z +0.0442 (P51.762), length
 * 81.0 cm z -0.4799 (P31.563), head 47.0 cm z -0.2845 (P38.802), weight-for-length z +0.4043,
 * BMI z +0.4813.  CDC 2000 at 24.1478 / 36.0082 / 48.0986 months (days / 30.4375, rows interpolated):
 *   weight 12.50/14.20/16.00 kg   z -0.1410 (P44.395) / -0.0827 (P46.703) / -0.1295 (P44.849)
 *   height 87.0/95.5/102.5 cm     z +0.1222 (P54.862) / +0.1382 (P55.497) / +0.0520 (P52.072)
 *   BMI 16.5/15.6/15.2            z -0.0394 (P48.429) / -0.3989 (P34.497) / -0.3775 (P35.290),
 *                                 85.48 / 85.23 / 85.36 % of the 95th percentile
 * Target (165 + 180 + 13) / 2 = 179.0 cm, z +0.3016 at 240 months.  Velocities 3 -> 4 (368 days):
 * weight 1.8 kg / (368/365.25) = 1.7865 kg/year, height 6.9477 cm/year. */
static inline void tu_child_b(gv_child *c, gv_visit *v)
{
	memset(c, 0, sizeof *c);
	record_patient_init(&c->p);
	c->p.sex = GV_MALE;
	c->p.birth_date = age_days_from_civil(2020, 3, 15);
	c->p.ga_weeks = 39;
	c->p.ga_days = 2;
	c->p.mother_height_cm = 165;
	c->p.father_height_cm = 180;
	v[0] = tu_visit(2021, 9, 15, 11.0, 81.0, 'L', 47.0);
	v[1] = tu_visit(2022, 3, 20, 12.5, 87.0, 'H', NAN);
	v[2] = tu_visit(2023, 3, 16, 14.2, 95.5, 'H', NAN);
	v[3] = tu_visit(2024, 3, 18, 16.0, 102.5, 'H', NAN);
	c->v = v;
	c->nv = 4;
}

/* Child C (boys, WHO 2006 by day): head 31.0 cm at birth z -2.7253 (M 34.4618, S 0.03686: (31 /
 * 34.4618 - 1) / 0.03686), 35.0 cm at day 61 z -3.5254 (P0.0211), 40.0 cm at day 183 z -2.7352
 * (P0.3117), 43.5 cm at day 365 z -1.9955 (P2.299).  Weight 17.20 kg at day 183 is 7.80 kg in
 * pounds (x 2.2046); the engine expects 7.69 kg from the other visits.  Last visit: weight 9.400
 * kg z -0.2363 (P40.661), length 75.0 cm z -0.3111 (P37.787). */
static inline void tu_child_c(gv_child *c, gv_visit *v)
{
	memset(c, 0, sizeof *c);
	record_patient_init(&c->p);
	c->p.sex = GV_MALE;
	c->p.birth_date = age_days_from_civil(2021, 6, 1);
	c->p.ga_weeks = 40;
	c->p.ga_days = 0;
	v[0] = tu_visit(2021, 6, 1, 3.4, 50.0, 'L', 31.0);
	v[1] = tu_visit(2021, 8, 1, 5.2, 57.0, 'L', 35.0);
	v[2] = tu_visit(2021, 12, 1, 17.2, 66.0, 'L', 40.0);
	v[3] = tu_visit(2022, 6, 1, 9.4, 75.0, 'L', 43.5);
	c->v = v;
	c->nv = 4;
}

/* Child D (girls, WHO 2006): a weight of 4.000 kg at day 183 between ordinary ones: WHO restricted
 * z -4.6885 (-3 + (4.000 - SD3neg 5.0884) / (SD2neg 5.7330 - SD3neg)), an EWMA outlier (check this
 * value); the severe wasting and severe underweight it would make rest on it (suspect).  Last
 * visit (day 369): weight 9.100 kg z +0.1119 (P54.456). */
static inline void tu_child_d(gv_child *c, gv_visit *v)
{
	memset(c, 0, sizeof *c);
	record_patient_init(&c->p);
	c->p.sex = GV_FEMALE;
	c->p.birth_date = age_days_from_civil(2022, 1, 5);
	c->p.ga_weeks = 39;
	c->p.ga_days = 3;
	v[0] = tu_visit(2022, 1, 5, 3.3, 49.5, 'L', 34.0);
	v[1] = tu_visit(2022, 3, 7, 5.2, 57.5, 'L', 38.5);
	v[2] = tu_visit(2022, 5, 6, 6.5, 62.5, 'L', 40.5);
	v[3] = tu_visit(2022, 7, 7, 4.0, 66.0, 'L', 42.0);
	v[4] = tu_visit(2022, 10, 6, 8.3, 70.5, 'L', 43.5);
	v[5] = tu_visit(2023, 1, 9, 9.1, 74.5, 'L', 44.8);
	c->v = v;
	c->nv = 6;
}

/* A synthetic cohort with every planted kind frequent (5% each), for property tests. */
static inline void tu_cohort_config(synth_config *c)
{
	synth_default_config(c, age_days_from_civil(2025, 1, 1));
	for (int k = 1; k < SYNTH_NKINDS; k++)
		c->rate[k] = 0.05;
}

/* ------------------------------------------------------------------ a strict JSON checker */

typedef struct tu_json {
	const char *s;
	size_t n, i;
	int depth;
} tu_json;

static inline int tu_json_value(tu_json *j);

static inline void tu_json_ws(tu_json *j)
{
	while (j->i < j->n && (j->s[j->i] == ' ' || j->s[j->i] == '\t' || j->s[j->i] == '\n' || j->s[j->i] == '\r'))
		j->i++;
}

static inline int tu_json_lit(tu_json *j, const char *w)
{
	size_t k = strlen(w);
	if (j->i + k > j->n || strncmp(j->s + j->i, w, k) != 0)
		return 0;
	j->i += k;
	return 1;
}

static inline int tu_json_string(tu_json *j)
{
	if (j->i >= j->n || j->s[j->i] != '"')
		return 0;
	j->i++;
	while (j->i < j->n) {
		unsigned char c = (unsigned char)j->s[j->i];
		if (c == '"') {
			j->i++;
			return 1;
		}
		if (c < 0x20)
			return 0;
		if (c == '\\') {
			j->i++;
			if (j->i >= j->n)
				return 0;
			char e = j->s[j->i];
			if (e == 'u') {
				for (int k = 1; k <= 4; k++)
					if (j->i + (size_t)k >= j->n || !isxdigit((unsigned char)j->s[j->i + (size_t)k]))
						return 0;
				j->i += 5;
				continue;
			}
			if (!strchr("\"\\/bfnrt", e))
				return 0;
		}
		j->i++;
	}
	return 0;
}

static inline int tu_json_number(tu_json *j)
{
	size_t s = j->i;
	if (j->i < j->n && j->s[j->i] == '-')
		j->i++;
	if (j->i < j->n && j->s[j->i] == '0')
		j->i++;
	else if (j->i < j->n && j->s[j->i] >= '1' && j->s[j->i] <= '9')
		while (j->i < j->n && isdigit((unsigned char)j->s[j->i]))
			j->i++;
	else
		return 0;
	if (j->i < j->n && j->s[j->i] == '.') {
		j->i++;
		if (!(j->i < j->n && isdigit((unsigned char)j->s[j->i])))
			return 0;
		while (j->i < j->n && isdigit((unsigned char)j->s[j->i]))
			j->i++;
	}
	return j->i > s;
}

static inline int tu_json_value(tu_json *j)
{
	tu_json_ws(j);
	if (j->i >= j->n || ++j->depth > 64)
		return 0;
	char c = j->s[j->i];
	int ok = 0;
	if (c == '{' || c == '[') {
		char close = c == '{' ? '}' : ']';
		j->i++;
		tu_json_ws(j);
		if (j->i < j->n && j->s[j->i] == close) {
			j->i++;
			ok = 1;
		} else {
			for (;;) {
				if (c == '{') {
					tu_json_ws(j);
					if (!tu_json_string(j))
						break;
					tu_json_ws(j);
					if (!(j->i < j->n && j->s[j->i] == ':'))
						break;
					j->i++;
				}
				if (!tu_json_value(j))
					break;
				tu_json_ws(j);
				if (j->i < j->n && j->s[j->i] == ',') {
					j->i++;
					continue;
				}
				if (j->i < j->n && j->s[j->i] == close) {
					j->i++;
					ok = 1;
				}
				break;
			}
		}
	} else if (c == '"') {
		ok = tu_json_string(j);
	} else if (c == 't') {
		ok = tu_json_lit(j, "true");
	} else if (c == 'f') {
		ok = tu_json_lit(j, "false");
	} else if (c == 'n') {
		ok = tu_json_lit(j, "null");
	} else {
		ok = tu_json_number(j);
	}
	j->depth--;
	return ok;
}

/* 1 when s[0..n) is exactly one JSON value (whitespace around allowed). */
static inline int tu_json_valid(const char *s, size_t n)
{
	tu_json j = {s, n, 0, 0};
	if (!tu_json_value(&j))
		return 0;
	tu_json_ws(&j);
	return j.i == n;
}

#endif
