/* synth.c — synthetic children with planted conditions and known truth (see synth.h). */
#include "core/synth.h"

#include <math.h>
#include <string.h>

#include "core/age.h"
#include "core/growth.h"
#include "core/limits.h"
#include "core/lms.h"
#include "core/refs.h"

/* The random stream must not depend on the compiler fusing a*b+c (GCC does not under -std=c11;
 * clang would without this). */
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

/* ------------------------------------------------------------------ names of kinds */

static const char *const kind_names[SYNTH_NKINDS] = {
	"healthy", "failure_to_thrive", "obesity", "short_stature", "microcephaly", "macrocephaly",
	"preterm", "lb_as_kg", "height_weight_swap", "carried_forward_height", "misplaced_decimal",
};

static const char *const kind_categories[SYNTH_NKINDS] = {
	"", "failure_to_thrive", "obesity", "short_stature", "microcephaly", "macrocephaly",
	"", "implausible_value", "implausible_value", "implausible_value", "implausible_value",
};

const char *synth_kind_name(synth_kind k)
{
	return (unsigned)k < SYNTH_NKINDS ? kind_names[k] : "";
}

const char *synth_kind_category(synth_kind k)
{
	return (unsigned)k < SYNTH_NKINDS ? kind_categories[k] : "";
}

synth_kind synth_labels_kind(uint32_t labels)
{
	for (int k = 1; k < SYNTH_NKINDS; k++)
		if (labels & SYNTH_LABEL(k))
			return (synth_kind)k;
	return SYNTH_HEALTHY;
}

/* ------------------------------------------------------------------ random stream */

/* splitmix64's output function (Steele, Lea & Flood 2014; Vigna's splitmix64.c). */
static uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

#define GOLDEN_GAMMA UINT64_C(0x9e3779b97f4a7c15)

void synth_rng_seed(synth_rng *r, uint64_t seed, uint64_t stream)
{
	/* mix64 is a bijection, so for one seed distinct streams start from distinct states;
	 * the four words are the next four outputs of splitmix64 from there (Vigna's recommended
	 * seeding of xoshiro256**). */
	uint64_t x = mix64(mix64(seed + GOLDEN_GAMMA) ^ stream);
	for (int i = 0; i < 4; i++) {
		x += GOLDEN_GAMMA;
		r->s[i] = mix64(x);
	}
	if (!(r->s[0] | r->s[1] | r->s[2] | r->s[3]))
		r->s[0] = 1; /* the all-zero state is the one xoshiro must avoid */
	r->spare = 0;
	r->has_spare = 0;
}

static inline uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t synth_rng_next(synth_rng *r)
{
	/* xoshiro256** 1.0, Blackman & Vigna. */
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

double synth_rng_uniform(synth_rng *r)
{
	return (double)(synth_rng_next(r) >> 11) * 0x1.0p-53; /* exact: 53 bits times a power of 2 */
}

int synth_rng_int(synth_rng *r, int lo, int hi)
{
	/* Lemire's multiply-shift on 32 bits; the bias (< 2^-32 * range) is immaterial here. */
	uint64_t range = (uint64_t)((int64_t)hi - (int64_t)lo) + 1;
	uint64_t x = synth_rng_next(r) >> 32;
	return (int)((int64_t)lo + (int64_t)((x * range) >> 32));
}

/* Natural logarithm from + - * / and frexp only, so the normal deviates are the same bits on
 * every IEEE 754 machine whatever its libm: x = m 2^e with m in [sqrt(1/2), sqrt 2),
 * ln m = 2 atanh(t) = 2 (t + t^3/3 + t^5/5 + ...), t = (m-1)/(m+1), |t| <= 0.1716; 12 terms leave
 * a truncation error below t^25/25 < 1e-20.  ln 2 in two parts (Cody & Waite) keeps e ln 2 exact
 * to double precision. */
static double det_log(double x)
{
	int e;
	double m = frexp(x, &e);
	if (m < 0.70710678118654752440) {
		m *= 2;
		e--;
	}
	/* 1/(2k+1), k = 0..11: the compiler rounds each quotient correctly, so these are the same
	 * doubles everywhere. */
	static const double inv_odd[12] = {1.0,      1.0 / 3,  1.0 / 5,  1.0 / 7,  1.0 / 9,  1.0 / 11,
					   1.0 / 13, 1.0 / 15, 1.0 / 17, 1.0 / 19, 1.0 / 21, 1.0 / 23};
	double t = (m - 1) / (m + 1), t2 = t * t;
	double sum = inv_odd[11];
	for (int k = 10; k >= 0; k--)
		sum = inv_odd[k] + t2 * sum;
	double lm = 2 * t * sum;
	const double ln2_hi = 6.93147180369123816490e-01, ln2_lo = 1.90821492927058770002e-10;
	return (double)e * ln2_hi + ((double)e * ln2_lo + lm);
}

double synth_rng_normal(synth_rng *r)
{
	if (r->has_spare) {
		r->has_spare = 0;
		return r->spare;
	}
	double u, v, s;
	do {
		u = 2 * synth_rng_uniform(r) - 1;
		v = 2 * synth_rng_uniform(r) - 1;
		s = u * u + v * v;
	} while (s >= 1 || s == 0);
	double f = sqrt(-2 * det_log(s) / s); /* sqrt is correctly rounded by IEEE 754 */
	r->spare = v * f;
	r->has_spare = 1;
	return u * f;
}

/* ------------------------------------------------------------------ configuration */

void synth_default_config(synth_config *c, int32_t today)
{
	memset(c, 0, sizeof *c);
	c->today = today;
	c->rate[SYNTH_FTT] = 0.010;
	c->rate[SYNTH_OBESITY] = 0.012;
	c->rate[SYNTH_SHORT_STATURE] = 0.008;
	c->rate[SYNTH_MICROCEPHALY] = 0.005;
	c->rate[SYNTH_MACROCEPHALY] = 0.005;
	c->rate[SYNTH_PRETERM] = 0.015;
	c->rate[SYNTH_ERR_LB_AS_KG] = 0.005;
	c->rate[SYNTH_ERR_SWAP] = 0.004;
	c->rate[SYNTH_ERR_CARRIED] = 0.005;
	c->rate[SYNTH_ERR_DECIMAL] = 0.006;
	c->missed_scale = 1;
}

gv_status synth_check_config(const synth_config *c)
{
	if (!c)
		return GV_EINVAL;
	double sum = 0;
	for (int k = 1; k < SYNTH_NKINDS; k++) {
		if (!(c->rate[k] >= 0 && c->rate[k] <= 1))
			return GV_EINVAL;
		sum += c->rate[k];
	}
	if (!(sum <= 1 + 1e-12))
		return GV_EINVAL;
	if (!(c->missed_scale >= 0 && c->missed_scale <= 3))
		return GV_EINVAL;
	return GV_OK;
}

/* ------------------------------------------------------------------ the schedule */

/* Well-child visits (AAP/Bright Futures periodicity schedule): birth, 1, 2,
 * 4, 6, 9, 12, 15, 18, 24, 30 months, then yearly from 3 to 18 years. */
#define NSLOT 27
static const int slot_months[NSLOT] = {0,  1,  2,  4,  6,  9,  12, 15, 18, 24, 30, 36, 48, 60,
				       72, 84, 96, 108, 120, 132, 144, 156, 168, 180, 192, 204, 216};

/* Scheduled day of a slot: months * 30.4375 rounded half up (30.4375 = 487/16 is exact). */
static int32_t slot_day(int k)
{
	return (int32_t)floor(slot_months[k] * GV_DAYS_PER_MONTH + 0.5);
}

/* Date jitter, in days around the scheduled day: families come a little early and more often
 * late; wider windows for the later, less urgent visits. */
static void slot_jitter(int k, int *lo, int *hi)
{
	int mo = slot_months[k];
	if (mo == 0)
		*lo = 0, *hi = 0;
	else if (mo == 1)
		*lo = -5, *hi = 10;
	else if (mo <= 6)
		*lo = -7, *hi = 14;
	else if (mo <= 30)
		*lo = -14, *hi = 28;
	else
		*lo = -30, *hi = 60;
}

/* Probability that a scheduled visit is missed: attendance falls with age. */
static double slot_missed(int k)
{
	int mo = slot_months[k];
	if (mo == 0)
		return 0.02;
	if (mo <= 6)
		return 0.05;
	if (mo <= 30)
		return 0.12;
	if (mo <= 120)
		return 0.20;
	return 0.30;
}

/* Latest day a slot's visit can fall on. */
static int32_t slot_latest(int k)
{
	int lo, hi;
	slot_jitter(k, &lo, &hi);
	return slot_day(k) + hi;
}

/* The first slot where a swap of weight and height is planted (8 years). */
#define SWAP_SLOT 16

/* Oldest child: the 18-year visit and its jitter, plus a little. */
#define MAX_AGE_DAYS 6665

/* Age at today (days) of a child of each kind: wide enough that the planted thing fits in the
 * record (see pick_window). */
static void kind_ages(synth_kind k, int32_t *lo, int32_t *hi)
{
	*hi = MAX_AGE_DAYS;
	switch (k) {
	case SYNTH_FTT: *lo = 200, *hi = 2200; break;   /* infant FTT, seen up to school age */
	case SYNTH_OBESITY: *lo = 1530; break;           /* onset from 3 y, visible by 4 y */
	case SYNTH_SHORT_STATURE: *lo = 2630; break;     /* decline from 3-5 y over 4-5 y */
	case SYNTH_ERR_CARRIED: *lo = 400; break;        /* a year of visits after 1 month */
	case SYNTH_ERR_LB_AS_KG:
	case SYNTH_ERR_DECIMAL: *lo = 45; break;          /* a visit after birth */
	case SYNTH_ERR_SWAP: *lo = slot_latest(SWAP_SLOT); break; /* see window_candidates */
	default: *lo = 0; break;
	}
}

/* Candidate (first, last) slot pairs for a planted window, given the age at today; returns how
 * many were written to c1/c2 (at most NSLOT*NSLOT). */
static int window_candidates(synth_kind k, int32_t age_today, int *c1, int *c2)
{
	int n = 0;
	for (int a = 1; a < NSLOT; a++) {
		for (int b = a; b < NSLOT; b++) {
			if (slot_latest(b) > age_today)
				break;
			int ma = slot_months[a], d = slot_months[b] - ma, ok = 0;
			switch (k) {
			case SYNTH_FTT: ok = ma >= 1 && ma <= 12 && slot_months[b] <= 18 && d >= 4 && d <= 12; break;
			case SYNTH_OBESITY: ok = ma >= 36 && d >= 12 && d <= 36; break;
			case SYNTH_SHORT_STATURE: ok = ma >= 36 && ma <= 60 && d >= 48 && d <= 60; break;
			case SYNTH_ERR_CARRIED: ok = ma >= 1 && ma <= 96 && d >= 9 && d <= 15; break;
			case SYNTH_ERR_LB_AS_KG:
			case SYNTH_ERR_DECIMAL: ok = d == 0; break;
			/* A weight typed as a height must be a possible height (core/limits.h: >= 20
			 * cm), so the child weighs 20 kg or so: from 8 years on. */
			case SYNTH_ERR_SWAP: ok = d == 0 && a >= SWAP_SLOT; break;
			default: break;
			}
			if (ok) {
				c1[n] = a;
				c2[n] = b;
				n++;
			}
		}
	}
	return n;
}

/* ------------------------------------------------------------------ model constants */

/* Share of variance in the drifting part and its time constant (years), per latent process. */
#define VH 0.12  /* height */
#define TAU_H 3.0
#define VX 0.25  /* weight beyond what height explains */
#define TAU_X 1.5
#define VY 0.15  /* head circumference beyond what height explains */
#define TAU_Y 1.5
#define R_HC_H 0.4      /* correlation of head circumference z with height z */
#define R_MUAC_W 0.7    /* correlation of arm circumference z with weight z */
#define R_PARENT 0.45   /* correlation of each parent's height z with the child's stable height z */

/* Measurement noise (SD) and clinic rounding: weighing to 10 g before 2 years and to 100 g after;
 * length/height, head and arm circumference to 1 mm. */
#define SD_W_INFANT 0.05 /* kg */
#define SD_W_BIRTH 0.03
#define SD_LENGTH 0.4    /* cm, recumbent (two-person board, less reliable) */
#define SD_LENGTH_BIRTH 0.5
#define SD_HEIGHT 0.3    /* cm, standing */
#define SD_HC 0.2
#define SD_MUAC 0.2

/* Major percentile lines 95, 90, 75, 50, 25, 10, 5 as z: Phi^-1(0.95), Phi^-1(0.90), Phi^-1(0.75). */
static const double major_z[7] = {1.6448536269514722, 1.2815515655446004, 0.6744897501960817, 0,
				  -0.6744897501960817, -1.2815515655446004, -1.6448536269514722};

#define Z95 1.6448536269514722   /* Phi^-1(0.95): the 95th percentile */
#define LB_PER_KG 2.20462262185 /* 1 lb = 0.45359237 kg exactly (international pound, 1959) */
#define CATCHUP_DAYS 182.625    /* preterm catch-up time constant: 6 months */
#define PRETERM_LIMIT 259       /* < 37 weeks (259 days): corrected age applies (growth.c) */

/* Size before term for a preterm child as a fraction of the WHO birth value at the same z, by
 * postmenstrual age 24, 26, ..., 40 weeks: approximate ratios of the 50th centiles of the Fenton
 * preterm growth chart (Fenton TR, Kim JH. BMC Pediatr 2013;13:59) to their 40-week values.  Used
 * only to give a plausible size to visits before term-corrected age, which no term reference
 * scores (the engine answers GV_EPRETERM there). */
static const double fenton_w[9] = {0.19, 0.25, 0.32, 0.41, 0.51, 0.63, 0.77, 0.90, 1.00};
static const double fenton_l[9] = {0.62, 0.68, 0.74, 0.78, 0.83, 0.88, 0.93, 0.97, 1.00};
static const double fenton_c[9] = {0.63, 0.69, 0.74, 0.79, 0.84, 0.89, 0.93, 0.97, 1.00};

static double fenton_ratio(const double *tab, double pma_days)
{
	double w = (pma_days / 7 - 24) / 2;
	if (w <= 0)
		return tab[0];
	if (w >= 8)
		return tab[8];
	int i = (int)w;
	return tab[i] + (w - i) * (tab[i + 1] - tab[i]);
}

/* Pseudonyms: first names common in many countries, ASCII only (the TUI may be ASCII). */
static const char *const names_f[] = {
	"Amara", "Ana",   "Aya",   "Chloe", "Elif",  "Emma",  "Eva",   "Fatima", "Grace", "Hana",
	"Ines",  "Isla",  "Jana",  "Julia", "Kiara", "Lara",  "Leila", "Lina",   "Maya",  "Mei",
	"Mia",   "Nadia", "Nora",  "Olivia", "Priya", "Rosa", "Sara",  "Sofia",  "Yara",  "Zoe",
};
static const char *const names_m[] = {
	"Adam",  "Ali",   "Amir",  "Ben",   "Carlos", "Daniel", "David", "Elias", "Ethan", "Felix",
	"Hugo",  "Ivan",  "Jonas", "Kai",   "Kenji",  "Leo",    "Liam",  "Luca",  "Malik", "Mateo",
	"Milan", "Noah",  "Omar",  "Oscar", "Rafael", "Ravi",   "Samir", "Theo",  "Tomas", "Yusuf",
};
#define NNAMES 30

/* ------------------------------------------------------------------ helpers */

/* Round x to 1/d (d = 10 or 100): n/d with n an integer, so the double is the one strtod gives
 * for the printed decimal. */
static double round_to(double x, double d)
{
	return floor(x * d + 0.5) / d;
}

/* Value at z on table t with parameters p, the way growth_value_at does (restricted beyond
 * +/-3 SD where WHO uses it). */
static double value_at(ref_table_id t, lms p, double z)
{
	return refs_info(t)->restricted ? lms_value_restricted(z, p) : lms_value(z, p);
}

/* z of x on table t, as growth_compute scores it. */
static double z_of(ref_table_id t, lms p, double x)
{
	double z = lms_z(x, p);
	if (refs_info(t)->restricted && fabs(z) > 3)
		z = lms_z_restricted(x, p);
	return z;
}

/* Decimal digits of v, at least `width`, into buf; returns the length. */
static size_t put_u64(char *buf, uint64_t v, int width)
{
	char tmp[24];
	int n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n < width)
		tmp[n++] = '0';
	for (int i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	buf[n] = '\0';
	return (size_t)n;
}

/* One measured visit while it is being built. */
typedef struct vis {
	int slot;
	int32_t age;           /* chronological age, days */
	double eage;           /* age the engine uses (corrected for preterm < 24 months), days */
	double bio;            /* biological age (corrected), days: the processes' clock */
	int before_term;       /* eage < 0 */
	ref_table_id tw, th, tb, tc; /* weight, length/height, BMI, head tables in force */
	lms pw, ph, pb, pc;
	int has_c;             /* head tables apply */
	double zh, zw, zc;     /* natural z's (before planting) */
	double dh, dw;         /* planted shifts of height and weight z */
	double bmi;            /* obesity: the planted BMI (kg/m2) */
	int hc, muac;          /* measured? */
} vis;

/* Look up the tables in force at v->eage; before term, the WHO day-0 tables. */
static void lookup(vis *v, gv_sex sex)
{
	double a = v->before_term ? 0 : v->eage;
	gv_ref ref = growth_ref_at(GV_POLICY_AUTO, a / GV_DAYS_PER_MONTH);
	v->tw = growth_table(ref, GV_WFA, a);
	v->th = growth_table(ref, GV_LHFA, a);
	v->tb = growth_table(ref, GV_BFA, a);
	v->tc = growth_table(ref, GV_HCFA, a);
	/* Every age here is within 0..MAX_AGE_DAYS (< 240 months), so these tables exist and cover
	 * it: WHO 2006 by day below 731 days, CDC 2000 from 24 months (head circumference to 36). */
	refs_lms(v->tw, sex, growth_age_x(v->tw, a), &v->pw);
	refs_lms(v->th, sex, growth_age_x(v->th, a), &v->ph);
	refs_lms(v->tb, sex, growth_age_x(v->tb, a), &v->pb);
	v->has_c = v->tc != T_NONE && refs_lms(v->tc, sex, growth_age_x(v->tc, a), &v->pc) == GV_OK;
}

/* Weight-height correlation that makes BMI follow its reference (synth.h). */
static double wh_rho(const vis *v)
{
	double sw = v->pw.s, sh = v->ph.s, sb = v->pb.s;
	double rho = (sw * sw + 4 * sh * sh - sb * sb) / (4 * sw * sh);
	return rho < 0 ? 0 : rho > 0.95 ? 0.95 : rho;
}

/* A healthy child's z stays within +/-3 SD: beyond that the CDC weight and BMI curves (L < 0)
 * give absurd values (weight-for-age z = 3 is 187 kg for a girl of 18) or none at all
 * (1 + L S z <= 0).  This keeps 99.7% of the normal distribution and moves the SD by 0.3%. */
static double clamp3(double z)
{
	return z < -3 ? -3 : z > 3 ? 3 : z;
}

/* Linear ramp of a planted shift: d0 up to visit j1, d1 from visit j2 on, linear in age between. */
static double ramp(const vis *vv, int j, int j1, int j2, double d0, double d1)
{
	if (j <= j1)
		return d0;
	if (j >= j2)
		return d1;
	double f = (double)(vv[j].age - vv[j1].age) / (double)(vv[j2].age - vv[j1].age);
	return d0 + f * (d1 - d0);
}

/* Plant data-entry error `kind` (lb as kg, swap, misplaced decimal) into the recorded values:
 * at visit j1, or, where the error would take a value outside the physical limits
 * (core/limits.h: an importer would refuse it, so no store could hold it), at the nearest visit
 * after j1, else before it (never at birth).  A misplaced decimal moves the point of the weight
 * (u1 < 0.5) or of the length/height, x10 (u2 < 0.5) or /10, and when that leaves the limits tries
 * the other direction, then the other quantity: a length's point never stays inside (5 or 500 cm),
 * so in practice it is always a weight.  0, or -1 when no visit can carry the error. */
static int plant_error(synth_kind kind, double u1, double u2, const vis *vv, int nv, int j1, gv_visit *visits,
		       synth_truth *t)
{
	for (int step = 0; step < 2 * nv; step++) {
		/* j1, j1+1, ..., nv-1, then j1-1, ..., 0 */
		int j = step < nv - j1 ? j1 + step : j1 - (step - (nv - j1)) - 1;
		if (j < 0 || j >= nv)
			break;
		if (vv[j].age <= 0)
			continue;
		gv_visit g = visits[j];
		double w = t->clean_weight_kg[j], h = t->clean_height_cm[j];
		unsigned vflag = SYNTH_V_WEIGHT_ERR;
		int ok = 0;
		switch (kind) {
		case SYNTH_ERR_LB_AS_KG:
			g.weight_kg = round_to(w * LB_PER_KG, vv[j].age < 731 ? 100 : 10);
			ok = limits_visit_ok(&g, NULL);
			if (ok)
				t->ind = GV_WFA, t->factor = LB_PER_KG, t->true_value = w;
			break;
		case SYNTH_ERR_SWAP:
			g.weight_kg = h;
			g.height_cm = w;
			vflag = SYNTH_V_WEIGHT_ERR | SYNTH_V_HEIGHT_ERR;
			ok = limits_visit_ok(&g, NULL);
			if (ok)
				t->ind = GV_WFA, t->true_value = w;
			break;
		case SYNTH_ERR_DECIMAL:
			for (int k = 0; k < 4 && !ok; k++) {
				int weight = (u1 < 0.5) != (k >= 2);
				double f = (u2 < 0.5) != (k == 1 || k == 3) ? 10 : 0.1;
				double d = weight ? (vv[j].age < 731 ? 100 : 10) : 10;
				g = visits[j];
				double *x = weight ? &g.weight_kg : &g.height_cm;
				/* The digits stay, the point moves: n/d becomes 10n/d or n/(10d). */
				double n = floor(*x * d + 0.5);
				*x = f == 10 ? n * 10 / d : n / (d * 10);
				ok = limits_visit_ok(&g, NULL);
				if (ok) {
					vflag = weight ? SYNTH_V_WEIGHT_ERR : SYNTH_V_HEIGHT_ERR;
					t->ind = weight ? GV_WFA : GV_LHFA, t->factor = f;
					t->true_value = weight ? w : h;
				}
			}
			break;
		default:
			return -1;
		}
		if (!ok)
			continue;
		visits[j] = g;
		t->vflags[j] |= vflag;
		t->first = t->last = j;
		return 0;
	}
	return -1;
}

/* ------------------------------------------------------------------ the child */

gv_status synth_child(const synth_config *c, uint64_t seed, uint64_t index, gv_child *out,
		      gv_visit visits[SYNTH_MAX_VISITS], synth_truth *truth)
{
	synth_rng r;
	synth_rng_seed(&r, seed, index);
	return synth_child_rng(c, &r, index, out, visits, truth);
}

/* The state of one child's draw, passed between the phases of synth_child_rng. */
typedef struct draw {
	const synth_config *c;
	synth_rng *r;
	synth_truth *t;
	uint64_t index;
	synth_kind kind;
	gv_sex sex;
	int ga_days, preterm;
	int32_t age_today, birth;
	int name_i;
	double u_mother, u_father, e_mother, e_father;
	int32_t sday[NSLOT];
	int present[NSLOT], tmin[NSLOT];
	int s1, s2;		/* the planted window in slots */
	double u1, u2;		/* the kind's parameters */
	double ah, ax, ay;	/* stable components of height, weight given height, head given height */
	vis vv[SYNTH_MAX_VISITS];
	int nv;
	int j1, j2;		/* the planted window in visit indices */
	double catchup;
} draw;

/* What is planted, sex, gestational age, ages, name and parents' draws. */
static void draw_child(draw *d)
{
	const synth_config *c = d->c;
	synth_rng *r = d->r;

	/* What is planted. */
	synth_kind kind = SYNTH_HEALTHY;
	{
		double u = synth_rng_uniform(r), acc = 0;
		for (int k = 1; k < SYNTH_NKINDS; k++) {
			acc += c->rate[k];
			if (u < acc) {
				kind = (synth_kind)k;
				break;
			}
		}
	}
	gv_sex sex = (synth_rng_next(r) >> 63) ? GV_MALE : GV_FEMALE;

	/* Gestational age: term 37+0 to 41+6 with the usual mode at 39-40 weeks (unknown for 10%);
	 * preterm children 28+0 to 35+6. */
	int ga_days;
	{
		double u = synth_rng_uniform(r), unknown = synth_rng_uniform(r);
		int day = synth_rng_int(r, 0, 6);
		if (kind == SYNTH_PRETERM) {
			ga_days = 196 + (int)(u * 56); /* 28+0 .. 35+6 */
		} else {
			int w = u < 0.08 ? 37 : u < 0.28 ? 38 : u < 0.63 ? 39 : u < 0.90 ? 40 : 41;
			ga_days = unknown < 0.10 ? 0 : w * 7 + day;
		}
	}
	d->kind = kind;
	d->sex = sex;
	d->ga_days = ga_days;
	d->preterm = ga_days > 0 && ga_days < PRETERM_LIMIT;

	int32_t age_lo, age_hi;
	kind_ages(kind, &age_lo, &age_hi);
	d->age_today = synth_rng_int(r, age_lo, age_hi);
	d->birth = c->today - d->age_today;
	d->name_i = synth_rng_int(r, 0, NNAMES - 1);
	d->u_mother = synth_rng_uniform(r), d->u_father = synth_rng_uniform(r);
	d->e_mother = synth_rng_normal(r), d->e_father = synth_rng_normal(r);
}

/* The schedule: jitter, attendance and time of day of every slot; then the planted window in
 * slots, the kind's parameters and the stable components. */
static void draw_schedule(draw *d)
{
	synth_rng *r = d->r;
	for (int k = 0; k < NSLOT; k++) {
		int lo, hi;
		slot_jitter(k, &lo, &hi);
		d->sday[k] = slot_day(k) + synth_rng_int(r, lo, hi);
		d->present[k] = synth_rng_uniform(r) >= slot_missed(k) * d->c->missed_scale;
		d->tmin[k] = 8 * 60 + 5 * synth_rng_int(r, 0, 107); /* 08:00 - 16:55 */
		if (d->sday[k] > d->age_today)
			d->present[k] = 0;
	}

	/* The planted window in slots, and the kind's parameters. */
	d->s1 = -1, d->s2 = -1;
	double u_win = synth_rng_uniform(r);
	d->u1 = synth_rng_uniform(r), d->u2 = synth_rng_uniform(r);
	{
		int c1[NSLOT * NSLOT], c2[NSLOT * NSLOT];
		int n = window_candidates(d->kind, d->age_today, c1, c2);
		if (n > 0) {
			int i = (int)(u_win * n);
			d->s1 = c1[i], d->s2 = c2[i];
			d->present[d->s1] = d->present[d->s2] = 1;
		}
	}
	synth_kind kind = d->kind;
	if (kind == SYNTH_MICROCEPHALY || kind == SYNTH_MACROCEPHALY)
		d->present[0] = 1; /* measured at birth */
	if (d->s1 < 0 && (kind == SYNTH_FTT || kind == SYNTH_OBESITY || kind == SYNTH_SHORT_STATURE ||
			  kind >= SYNTH_ERR_LB_AS_KG))
		d->kind = SYNTH_HEALTHY; /* no room for it (kind_ages rules this out) */

	/* Stable components of height, weight given height, head given height. */
	d->ah = synth_rng_normal(r), d->ax = synth_rng_normal(r), d->ay = synth_rng_normal(r);
}

/* The visits and the natural (unplanted) trajectories; then slots to visit indices. */
static void draw_trajectories(draw *d)
{
	synth_rng *r = d->r;
	vis *vv = d->vv;
	int nv = 0;
	double oh = 0, ox = 0, oy = 0, prev_bio = 0;
	for (int k = 0; k < NSLOT; k++) {
		if (!d->present[k])
			continue;
		vis *v = &vv[nv];
		memset(v, 0, sizeof *v);
		v->slot = k;
		v->age = d->sday[k];
		v->bio = d->preterm ? age_corrected_days(v->age, d->ga_days) : v->age;
		/* The engine corrects for GA < 37 weeks until 24 months of chronological age. */
		v->eage = d->preterm && v->age / GV_DAYS_PER_MONTH < 24 ? v->bio : v->age;
		v->before_term = v->eage < 0;
		lookup(v, d->sex);

		double e1 = synth_rng_normal(r), e2 = synth_rng_normal(r), e3 = synth_rng_normal(r);
		if (nv == 0) {
			oh = e1, ox = e2, oy = e3; /* stationary start */
		} else {
			/* Ornstein-Uhlenbeck step over the interval: phi = exp(-dt/tau). */
			double dt = (v->bio - prev_bio) / 365.25;
			double ph = exp(-dt / TAU_H), px = exp(-dt / TAU_X), py = exp(-dt / TAU_Y);
			oh = ph * oh + sqrt(1 - ph * ph) * e1;
			ox = px * ox + sqrt(1 - px * px) * e2;
			oy = py * oy + sqrt(1 - py * py) * e3;
		}
		prev_bio = v->bio;
		double zh = sqrt(1 - VH) * d->ah + sqrt(VH) * oh;
		double zx = sqrt(1 - VX) * d->ax + sqrt(VX) * ox;
		double zy = sqrt(1 - VY) * d->ay + sqrt(VY) * oy;
		double rho = wh_rho(v);
		v->zh = clamp3(zh);
		v->zw = clamp3(rho * zh + sqrt(1 - rho * rho) * zx);
		v->zc = clamp3(R_HC_H * zh + sqrt(1 - R_HC_H * R_HC_H) * zy);
		nv++;
	}
	d->nv = nv;

	/* Slots to visit indices. */
	d->j1 = -1, d->j2 = -1;
	for (int j = 0; j < nv; j++) {
		if (vv[j].slot == d->s1)
			d->j1 = j;
		if (vv[j].slot == d->s2)
			d->j2 = j;
	}
}

static void plant_ftt(draw *d)
{
	/* Faltering growth as NICE NG75 (2017, sec. 1.2) defines it: a fall of >= 2 weight
	 * centile spaces from between the 9th and 91st centiles, >= 3 from above the 91st
	 * (a space is 2/3 SD, the 9th and 91st centile lines are at -/+4/3 SD: Cole TJ, BMJ
	 * 1994;308:641), never less than 1 SD.  Start no lower than -0.9 so two major lines lie
	 * below; end 0.3-0.7 below both the second line under (start - 0.3) and the NICE
	 * threshold: a drop that measurement noise (about 0.1 SD of weight in infancy) and the
	 * confirming visit cannot hide. */
	vis *vv = d->vv;
	int nv = d->nv, j1 = d->j1, j2 = d->j2;
	synth_truth *t = d->t;
	double z1 = vv[j1].zw, pre = z1 < -0.9 ? -0.9 - z1 : 0, from = z1 + pre;
	double nice = (from > 4.0 / 3.0 ? 3 : 2) * (2.0 / 3.0);
	int l = 0;
	while (l < 7 && major_z[l] >= from - 0.3)
		l++;
	double to = major_z[l + 1] - 0.3;
	if (to > from - nice - 0.3)
		to = from - nice - 0.3;
	to -= 0.4 * d->u2;
	double d_end = to - vv[j2].zw;
	for (int j = 0; j < nv; j++) {
		vv[j].dw = ramp(vv, j, j1, j2, pre, d_end);
		/* Length falters later and less: 30% of the planted weight drop. */
		vv[j].dh = 0.3 * (vv[j].dw - pre);
	}
	t->ind = GV_WFA, t->z_from = from, t->z_to = to;
}

static void plant_short_stature(draw *d)
{
	/* Height z from -0.8..0 to -2.2..-2.6, starting at 3-5 years, over 4-5 years: at
	 * most 0.65 SD (3-4 cm) a year, so the child still grows, at 2-4 cm a year instead
	 * of 6 (acquired growth failure, e.g. hypothyroidism or GH deficiency); weight follows
	 * at half the drop. */
	vis *vv = d->vv;
	int nv = d->nv, j1 = d->j1, j2 = d->j2;
	synth_truth *t = d->t;
	double z1 = vv[j1].zh, from = z1 < -0.8 ? -0.8 : z1 > 0 ? 0 : z1;
	double pre = from - z1, to = -2.2 - 0.4 * d->u2;
	double d_end = to - vv[j2].zh;
	for (int j = 0; j < nv; j++) {
		/* Straight down in z inside the window (no drift there: a drift on top of the
		 * decline could stop the growth altogether). */
		double z = j <= j1 ? vv[j].zh + pre : j >= j2 ? vv[j].zh + d_end
							   : from + ramp(vv, j, j1, j2, 0, to - from);
		vv[j].dh = z - vv[j].zh;
		vv[j].dw = 0.5 * (ramp(vv, j, j1, j2, 0, to - from));
	}
	t->ind = GV_LHFA, t->z_from = from, t->z_to = to;
}

static void plant_obesity(draw *d)
{
	/* BMI from its natural course (at most z = +1.0 at onset) up to 105-135% of the 95th
	 * percentile over 1-3 years, ramped on the log scale, and not below 105% of it
	 * afterwards.  Targets are set as a percentage of P95, the CDC 2022 extended BMI
	 * measure (obesity >= P95, class 2 from 120%), because the LMS curve cannot carry
	 * them: with L < 0 its BMI explodes beyond z ~ 2.5 or does not exist.  Weight is then
	 * BMI x height^2. */
	vis *vv = d->vv;
	int nv = d->nv, j1 = d->j1, j2 = d->j2;
	synth_truth *t = d->t;
	double lb[SYNTH_MAX_VISITS] = {0};
	for (int j = 0; j < nv; j++) {
		vis *v = &vv[j];
		double w = value_at(v->tw, v->pw, v->zw), h = lms_value(v->zh, v->ph) / 100;
		lb[j] = log(w / (h * h));
	}
	vis *v1 = &vv[j1], *v2 = &vv[j2];
	double at1 = log(value_at(v1->tb, v1->pb, 1.0));
	double pre = lb[j1] > at1 ? at1 - lb[j1] : 0;
	double pct = 1.05 + 0.30 * d->u2, d_end = log(pct * lms_value(Z95, v2->pb)) - lb[j2];
	for (int j = 0; j < nv; j++) {
		double b = exp(lb[j] + ramp(vv, j, j1, j2, pre, d_end));
		if (j > j2) {
			double floor_b = 1.05 * lms_value(Z95, vv[j].pb);
			b = b < floor_b ? floor_b : b;
		}
		vv[j].bmi = b;
	}
	t->ind = GV_BFA;
	t->z_from = z_of(v1->tb, v1->pb, exp(lb[j1] + pre));
	t->z_to = z_of(v2->tb, v2->pb, vv[j2].bmi);
	t->bmi_pct_p95 = 100 * pct;
}

/* The truth's header, the preterm catch-up, and the condition planted as shifts of the
 * natural z's, ramped over the window. */
static void plant_condition(draw *d)
{
	synth_truth *t = d->t;
	synth_kind kind = d->kind;
	t->kind = kind;
	t->labels = SYNTH_LABEL(kind);
	t->age_today = d->age_today;
	t->first = t->last = -1;
	t->ind = GV_NIND;
	t->z_from = t->z_to = t->factor = t->true_value = t->bmi_pct_p95 = NAN;

	/* Preterm catch-up: a deficit at term that fades with corrected age (most preterm children
	 * catch up by 2-3 years: Euser AM et al., Pediatrics 2008;121:e1214). */
	d->catchup = kind == SYNTH_PRETERM ? -0.4 - 0.8 * d->u1 : 0;
	t->catchup_z = d->catchup;

	/* Plant the condition: shifts of the natural z's, ramped over the window. */
	switch (kind) {
	case SYNTH_FTT:
		plant_ftt(d);
		break;
	case SYNTH_SHORT_STATURE:
		plant_short_stature(d);
		break;
	case SYNTH_OBESITY:
		plant_obesity(d);
		break;
	case SYNTH_MICROCEPHALY:
	case SYNTH_MACROCEPHALY: {
		double z = 2.6 + 0.9 * d->u2;
		if (kind == SYNTH_MICROCEPHALY)
			z = -z;
		for (int j = 0; j < d->nv; j++)
			d->vv[j].zc = z;
		t->ind = GV_HCFA, t->z_from = t->z_to = z;
		break;
	}
	default:
		break;
	}
	if (kind == SYNTH_FTT || kind == SYNTH_SHORT_STATURE || kind == SYNTH_OBESITY)
		t->first = d->j1, t->last = d->j2;
}

/* The patient record: ids, name, sex, birth, gestation, labels, parents' heights. */
static void fill_patient(const draw *d, gv_patient *p)
{
	uint64_t index = d->index;
	gv_sex sex = d->sex;
	record_patient_init(p);
	memcpy(p->ext_id, "SYN-", 4);
	put_u64(p->ext_id + 4, index, 6);
	{
		const char *first = (sex == GV_FEMALE ? names_f : names_m)[d->name_i];
		size_t n = strlen(first);
		memcpy(p->name, first, n);
		memcpy(p->name + n, " Synth-", 7);
		put_u64(p->name + n + 7, index, 6);
	}
	p->sex = sex;
	p->birth_date = d->birth;
	p->ga_weeks = d->ga_days / 7;
	p->ga_days = d->ga_days % 7;
	p->labels = d->t->labels;
	/* Parents' heights at the CDC 2000 stature for 20 years (the table's last month), each
	 * correlated with the child's stable height z; self-reported, so whole centimetres.  Unknown
	 * for 10% of mothers and 20% of fathers (always known for short stature). */
	{
		double zm = R_PARENT * d->ah + sqrt(1 - R_PARENT * R_PARENT) * d->e_mother;
		double zf = R_PARENT * d->ah + sqrt(1 - R_PARENT * R_PARENT) * d->e_father;
		double hm, hf;
		int all = d->kind == SYNTH_SHORT_STATURE;
		if ((all || d->u_mother >= 0.10) && growth_value_at(T_CDC_STATAGE, GV_FEMALE, 239.5, zm, &hm) == GV_OK)
			p->mother_height_cm = round_to(hm, 1);
		if ((all || d->u_father >= 0.20) && growth_value_at(T_CDC_STATAGE, GV_MALE, 239.5, zf, &hf) == GV_OK)
			p->father_height_cm = round_to(hf, 1);
	}
}

/* Head circumference and mid-upper arm circumference of visit j (draws only at the visits
 * whose slot is in their age range). */
static void measure_circumferences(draw *d, int j, gv_visit *g, double zw, double zc)
{
	synth_rng *r = d->r;
	synth_truth *t = d->t;
	const vis *v = &d->vv[j];
	synth_kind kind = d->kind;
	/* Head circumference at the visits to 36 months (the CDC infant chart ends there):
	 * nearly always under 2 years, usually at 2-3 years. */
	if (slot_months[v->slot] <= 36) {
		double u = synth_rng_uniform(r), n = synth_rng_normal(r);
		int want = slot_months[v->slot] < 24 ? u < 0.97 : u < 0.8;
		if (v->slot == 0 && (kind == SYNTH_MICROCEPHALY || kind == SYNTH_MACROCEPHALY))
			want = 1;
		if (want && v->has_c && (v->before_term || v->eage <= 1095)) {
			double hc = lms_value(zc, v->pc);
			if (v->before_term)
				hc *= fenton_ratio(fenton_c, d->ga_days + v->age);
			g->head_cm = round_to(hc + SD_HC * n, 10);
			t->z_hcfa[j] = v->before_term ? NAN : zc;
		}
	}
	/* Mid-upper arm circumference now and then from 6 months to 4 years (WHO 2006 arm
	 * circumference-for-age, 3-60 months; scored by the engine under WHO charts only). */
	if (slot_months[v->slot] >= 6 && slot_months[v->slot] <= 48) {
		double u = synth_rng_uniform(r), n = synth_rng_normal(r), n2 = synth_rng_normal(r);
		lms pa;
		double x = growth_age_x(T_WHO06_ACFA, v->eage);
		if (u < 0.10 && !v->before_term && refs_lms(T_WHO06_ACFA, d->sex, x, &pa) == GV_OK) {
			double za = R_MUAC_W * zw + sqrt(1 - R_MUAC_W * R_MUAC_W) * n2;
			g->muac_cm = round_to(value_at(T_WHO06_ACFA, pa, za) + SD_MUAC * n, 10);
		}
	}
}

/* Measurements: the recorded values of every visit, with measurement noise. */
static void measure_visits(draw *d, gv_visit *visits)
{
	synth_rng *r = d->r;
	synth_truth *t = d->t;
	synth_kind kind = d->kind;
	int ga_days = d->ga_days;
	double catchup = d->catchup;
	double prev_h = NAN;
	char prev_pos = 0;
	for (int j = 0; j < d->nv; j++) {
		vis *v = &d->vv[j];
		gv_visit *g = &visits[j];
		record_visit_init(g);
		g->date = d->birth + v->age;
		g->time_min = v->slot == 0 ? -1 : d->tmin[v->slot];
		int infant = v->age < 731; /* under 24 months: 10 g scales */
		double dw = infant ? 100 : 10;

		/* Catch-up of a preterm child: full deficit before term, fading after. */
		double cu = catchup == 0 ? 0 : v->bio <= 0 ? catchup : catchup * exp(-v->bio / CATCHUP_DAYS);
		double zh = v->zh + v->dh + 0.75 * cu;
		double zw = v->zw + v->dw + cu;
		double zc = v->zc + 0.5 * cu;

		/* Recumbent length on the length chart (engine age < 24 months), standing height after. */
		g->position = v->before_term || v->eage / GV_DAYS_PER_MONTH < 24 ? 'L' : 'H';
		double h = lms_value(zh, v->ph);
		if (v->before_term)
			h *= fenton_ratio(fenton_l, ga_days + v->age);
		/* Children do not shrink: a latent height never falls below the previous one (a
		 * standing height may be 0.7 cm below a recumbent length: WHO MGRS 2006, p. 10). */
		if (!isnan(prev_h)) {
			double floor_h = prev_h - (prev_pos == 'L' && g->position == 'H' ? 0.7 : 0);
			if (h < floor_h) {
				h = floor_h;
				zh = v->before_term ? zh : lms_z(h, v->ph);
			}
		}
		prev_h = h, prev_pos = g->position;

		double w;
		if (kind == SYNTH_OBESITY && !v->before_term) {
			double hm = h / 100;
			w = v->bmi * hm * hm;
			zw = z_of(v->tw, v->pw, w);
		} else {
			w = value_at(v->tw, v->pw, zw);
			if (v->before_term)
				w *= fenton_ratio(fenton_w, ga_days + v->age);
		}

		double nw = synth_rng_normal(r), nh = synth_rng_normal(r);
		double sdw = v->slot == 0 ? SD_W_BIRTH : infant ? SD_W_INFANT : 0.1 + 0.005 * w;
		double sdh = g->position == 'H' ? SD_HEIGHT : v->slot == 0 ? SD_LENGTH_BIRTH : SD_LENGTH;
		g->weight_kg = round_to(w + sdw * nw, dw);
		g->height_cm = round_to(h + sdh * nh, 10);
		if (!(g->weight_kg > 0))
			g->weight_kg = 1 / dw; /* cannot happen with these noise levels; keep it positive */
		t->z_wfa[j] = v->before_term ? NAN : zw;
		t->z_lhfa[j] = v->before_term ? NAN : zh;
		t->z_hcfa[j] = NAN;

		measure_circumferences(d, j, g, zw, zc);
		t->clean_weight_kg[j] = g->weight_kg;
		t->clean_height_cm[j] = g->height_cm;
		if (d->preterm && !v->before_term && v->eage != v->age)
			t->vflags[j] |= SYNTH_V_CORRECTED;
		if (v->before_term)
			t->vflags[j] |= SYNTH_V_BEFORE_TERM;
	}
}

/* Data-entry errors on the recorded (rounded) values, and the truth's window of visits. */
static void plant_entry_errors(draw *d, gv_patient *p, gv_visit *visits)
{
	synth_truth *t = d->t;
	synth_kind kind = d->kind;
	int nv = d->nv, j1 = d->j1, j2 = d->j2;

	/* What was drawn, should a height have been held up by the no-shrinking rule. */
	if (kind == SYNTH_SHORT_STATURE)
		t->z_to = t->z_lhfa[j2];

	/* Data-entry errors, on the recorded (rounded) values. */
	if (kind == SYNTH_ERR_LB_AS_KG || kind == SYNTH_ERR_SWAP || kind == SYNTH_ERR_DECIMAL) {
		if (plant_error(kind, d->u1, d->u2, d->vv, nv, j1, visits, t) != 0) {
			/* No visit can carry it (kind_ages and window_candidates rule this out): an
			 * otherwise healthy child, labelled so. */
			kind = SYNTH_HEALTHY;
			t->kind = kind;
			t->labels = p->labels = 0;
		}
	}
	switch (kind) {
	case SYNTH_ERR_CARRIED:
		for (int j = j1 + 1; j <= j2; j++) {
			visits[j].height_cm = visits[j1].height_cm;
			t->vflags[j] |= SYNTH_V_HEIGHT_ERR;
		}
		t->ind = GV_LHFA, t->true_value = t->clean_height_cm[j2];
		t->first = j1, t->last = j2;
		break;
	case SYNTH_MICROCEPHALY:
	case SYNTH_MACROCEPHALY:
		for (int j = 0; j < nv; j++) {
			if (!isnan(visits[j].head_cm)) {
				if (t->first < 0)
					t->first = j;
				t->last = j;
			}
		}
		break;
	case SYNTH_PRETERM:
		for (int j = 0; j < nv; j++) {
			if (t->vflags[j] & SYNTH_V_CORRECTED) {
				if (t->first < 0)
					t->first = j;
				t->last = j;
			}
		}
		break;
	default:
		break;
	}
	if (kind >= SYNTH_FTT && kind <= SYNTH_MACROCEPHALY && t->first >= 0)
		for (int j = t->first; j <= t->last; j++)
			t->vflags[j] |= SYNTH_V_WINDOW;
	d->kind = kind;
}

gv_status synth_child_rng(const synth_config *c, synth_rng *r, uint64_t index, gv_child *out,
			  gv_visit visits[SYNTH_MAX_VISITS], synth_truth *truth)
{
	if (!c || !r || !out || !visits)
		return GV_EINVAL;
	synth_truth tloc, *t = truth;
	if (!t)
		t = &tloc;
	memset(t, 0, sizeof *t);

	/* Every draw below happens in a fixed order and number that depends only on earlier draws
	 * (never on a value computed with libm), so the stream is machine-independent.  The phases
	 * run in that order. */
	draw d;
	d.c = c, d.r = r, d.t = t, d.index = index;
	draw_child(&d);
	draw_schedule(&d);
	draw_trajectories(&d);
	plant_condition(&d);
	fill_patient(&d, &out->p);
	measure_visits(&d, visits);
	plant_entry_errors(&d, &out->p, visits);

	out->v = visits;
	out->nv = (size_t)d.nv;
	return GV_OK;
}
