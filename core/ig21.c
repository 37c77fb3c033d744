/* ig21.c — INTERGROWTH-21st newborn size and preterm postnatal growth (see ig21.h). */
#include "core/ig21.h"

#include <math.h>
#include <string.h>

#include "core/age.h"
#include "core/lms.h"

static const ig21_info infos[IG21_NSTD] = {
	{IG21_NBS_WFA, GV_WFA, IG21_NBS_GA_MIN, IG21_NBS_GA_MAX, "days", "ig_nbs_wfa",
	 "INTERGROWTH-21st newborn weight-for-gestational-age"},
	{IG21_NBS_LHFA, GV_LHFA, IG21_NBS_GA_MIN, IG21_NBS_GA_MAX, "days", "ig_nbs_lhfa",
	 "INTERGROWTH-21st newborn length-for-gestational-age"},
	{IG21_NBS_HCFA, GV_HCFA, IG21_NBS_GA_MIN, IG21_NBS_GA_MAX, "days", "ig_nbs_hcfa",
	 "INTERGROWTH-21st newborn head circumference-for-gestational-age"},
	{IG21_PNG_WFA, GV_WFA, IG21_PNG_PMA_MIN, IG21_PNG_PMA_MAX, "weeks", "ig_png_wfa",
	 "INTERGROWTH-21st preterm weight-for-postmenstrual-age"},
	{IG21_PNG_LHFA, GV_LHFA, IG21_PNG_PMA_MIN, IG21_PNG_PMA_MAX, "weeks", "ig_png_lhfa",
	 "INTERGROWTH-21st preterm length-for-postmenstrual-age"},
	{IG21_PNG_HCFA, GV_HCFA, IG21_PNG_PMA_MIN, IG21_PNG_PMA_MAX, "weeks", "ig_png_hcfa",
	 "INTERGROWTH-21st preterm head circumference-for-postmenstrual-age"},
	{IG21_PNG_WFLH, GV_WFLH, IG21_PNG_LEN_MIN, IG21_PNG_LEN_MAX, "cm", "ig_png_wflh",
	 "INTERGROWTH-21st preterm weight-for-length"},
};

const ig21_info *ig21_std_info(ig21_std s)
{
	if ((int)s < 0 || s >= IG21_NSTD)
		return NULL;
	return &infos[s];
}

const char *ig21_std_name(ig21_std s)
{
	const ig21_info *i = ig21_std_info(s);
	return i ? i->name : "";
}

ig21_std ig21_std_parse(const char *name)
{
	for (int s = 0; name && s < IG21_NSTD; s++)
		if (strcmp(name, infos[s].name) == 0)
			return (ig21_std)s;
	return IG21_NSTD;
}

/* ------------------------------------------------------------------ special functions */

/* ln Gamma(x) for x > 0.  Raised to x >= 15 by Gamma(x) = Gamma(x+n) / (x (x+1) ... (x+n-1))
 * (Abramowitz & Stegun 6.1.15), then Stirling's series to the x^-9 term (A&S 6.1.41), whose
 * first omitted term, 691/(360360 x^11), is below 2.3e-16 there.  Written out rather than libm's
 * lgamma, which sets the global signgam and so races when zscore scores rows on several threads. */
static double stirling_series(double x)
{
	double r = 1 / x, r2 = r * r;
	return r * (1.0 / 12 - r2 * (1.0 / 360 - r2 * (1.0 / 1260 - r2 * (1.0 / 1680 - r2 / 1188))));
}

static double lngamma(double x)
{
	double shift = 0;
	while (x < 15) {
		shift += log(x);
		x += 1;
	}
	return (x - 0.5) * log(x) - x + 0.91893853320467274178 /* ln sqrt(2 pi) */ + stirling_series(x) - shift;
}

/* ln B(a, b) = ln Gamma(a) + ln Gamma(b) - ln Gamma(a+b).  When the larger argument a is >= 15,
 * ln Gamma(a) - ln Gamma(a+b) is taken from the two Stirling series at once,
 * -(a - 1/2) ln(1 + b/a) - b ln(a+b) + b + S(a) - S(a+b), instead of as the difference of two large
 * numbers, which loses digits when a is large (a t with 10^7 degrees of freedom). */
static double lnbeta(double a, double b)
{
	if (a < b) {
		double t = a;
		a = b;
		b = t;
	}
	if (a < 15)
		return lngamma(a) + lngamma(b) - lngamma(a + b);
	return lngamma(b) - (a - 0.5) * log1p(b / a) - b * log(a + b) + b + stirling_series(a) - stirling_series(a + b);
}

/* Continued fraction of the incomplete beta function, evaluated by the modified Lentz method
 * (DLMF 8.17.22: I_x(a,b) = x^a (1-x)^b / (a B(a,b)) * 1/(1+ d1/(1+ d2/(1+ ...))), with
 * d_2m+1 = -(a+m)(a+b+m)x / ((a+2m)(a+2m+1)), d_2m = m(b-m)x / ((a+2m-1)(a+2m));
 * Lentz WJ, Appl Opt 1976;15:668, as modified by Thompson IJ, Barnett AR, J Comput Phys 1986;64:490). */
static double betacf(double a, double b, double x)
{
	const double tiny = 1e-300, eps = 4e-16; /* 2 ulp of 1 */
	double c = 1, d = 1 - (a + b) * x / (a + 1);
	if (fabs(d) < tiny)
		d = tiny;
	d = 1 / d;
	double h = d;
	for (int m = 1; m <= 1000; m++) {
		double m2 = 2.0 * m;
		double num = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
		d = 1 + num * d;
		if (fabs(d) < tiny)
			d = tiny;
		c = 1 + num / c;
		if (fabs(c) < tiny)
			c = tiny;
		d = 1 / d;
		h *= d * c;
		num = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
		d = 1 + num * d;
		if (fabs(d) < tiny)
			d = tiny;
		c = 1 + num / c;
		if (fabs(c) < tiny)
			c = tiny;
		d = 1 / d;
		double del = d * c;
		h *= del;
		if (fabs(del - 1) < eps)
			break;
	}
	return h;
}

/* Regularised incomplete beta I_x(a, b), given x, y = 1 - x and their logarithms, each computed
 * without cancellation by the caller (a ln x with a large a magnifies any error in ln x).  The
 * fraction converges fast for x < (a+1)/(a+b+2); above, the symmetry I_x(a,b) = 1 - I_y(b,a)
 * (DLMF 8.17.4) is used. */
static double betai(double a, double b, double x, double y, double lnx, double lny)
{
	if (x <= 0)
		return 0;
	if (y <= 0)
		return 1;
	double lfront = a * lnx + b * lny - lnbeta(a, b);
	if (x < (a + 1) / (a + b + 2))
		return exp(lfront) * betacf(a, b, x) / a;
	return 1 - exp(lfront) * betacf(b, a, y) / b;
}

/* P(T <= t) for t <= 0: I_{df/(df+t^2)}(df/2, 1/2) / 2 (Abramowitz & Stegun 26.7.1 with 26.5.27). */
static double t_lower_nonpos(double t, double df)
{
	double t2 = t * t;
	return 0.5 * betai(df / 2, 0.5, df / (df + t2), t2 / (df + t2), -log1p(t2 / df), log(t2) - log(df + t2));
}

double ig21_t_cdf(double t, double df)
{
	if (isnan(t) || isnan(df) || !(df > 0))
		return NAN;
	if (isinf(t))
		return t < 0 ? 0 : 1;
	return t <= 0 ? t_lower_nonpos(t, df) : 1 - t_lower_nonpos(-t, df);
}

/* Density of the t distribution (A&S 26.7.1). */
static double t_pdf(double t, double df)
{
	/* Gamma((df+1)/2) / (sqrt(df pi) Gamma(df/2)) = 1 / (sqrt(df) B(df/2, 1/2)). */
	double lc = -lnbeta(df / 2, 0.5) - 0.5 * log(df);
	return exp(lc - (df + 1) / 2 * log1p(t * t / df));
}

/* The t <= 0 with P(T <= t) = p, 0 < p <= 1/2: Newton's method on the distribution function,
 * kept inside a bracket [lo, hi] (bisection when a step leaves it), to full double precision. */
static double t_quantile_lower(double p, double df)
{
	if (p >= 0.5)
		return 0;
	double hi = 0, lo = -1;
	while (t_lower_nonpos(lo, df) > p) {
		hi = lo;
		lo *= 2;
		if (lo < -1e300)
			return -INFINITY;
	}
	/* Start from the normal quantile, pulled into the bracket. */
	double t = lms_qnorm(p);
	if (!(t > lo && t < hi))
		t = 0.5 * (lo + hi);
	for (int it = 0; it < 200; it++) {
		double f = t_lower_nonpos(t, df) - p;
		if (f == 0)
			return t;
		if (f > 0)
			hi = t;
		else
			lo = t;
		double next = t - f / t_pdf(t, df);
		if (!(next > lo && next < hi))
			next = 0.5 * (lo + hi);
		if (fabs(next - t) <= 4e-16 * fabs(t) || hi - lo <= 4e-16 * fabs(lo))
			return next;
		t = next;
	}
	return t;
}

double ig21_t_quantile(double p, double df)
{
	if (isnan(p) || isnan(df) || !(df > 0) || p < 0 || p > 1)
		return NAN;
	if (p == 0)
		return -INFINITY;
	if (p == 1)
		return INFINITY;
	return p <= 0.5 ? t_quantile_lower(p, df) : -t_quantile_lower(1 - p, df);
}

/* ------------------------------------------------------------------ skew t type 3 */

/* ST3 (Fernandez & Steel 1998, as parameterised in GAMLSS: Rigby, Stasinopoulos et al. 2019,
 * sec. 18.4.12): density 2 nu/(sigma (1+nu^2)) f_t(nu z) below mu and 2 nu/(sigma (1+nu^2))
 * f_t(z/nu) above, z = (y - mu)/sigma, so P(Y < mu) = 1/(1+nu^2).  Integrating each half:
 *   F(y) = 2/(1+nu^2) T(nu z) for z < 0;  1 - F(y) = 2 nu^2/(1+nu^2) T(-z/nu) for z >= 0. */
static int st3_ok(double sigma, double nu, double tau)
{
	return sigma > 0 && nu > 0 && tau > 0 && isfinite(sigma) && isfinite(nu) && isfinite(tau);
}

double ig21_st3_cdf(double y, double mu, double sigma, double nu, double tau)
{
	if (isnan(y) || isnan(mu) || !st3_ok(sigma, nu, tau))
		return NAN;
	double z = (y - mu) / sigma, k = 1 + nu * nu;
	if (z < 0)
		return 2 / k * ig21_t_cdf(nu * z, tau);
	return 1 - 2 * nu * nu / k * ig21_t_cdf(-z / nu, tau);
}

double ig21_st3_sf(double y, double mu, double sigma, double nu, double tau)
{
	if (isnan(y) || isnan(mu) || !st3_ok(sigma, nu, tau))
		return NAN;
	double z = (y - mu) / sigma, k = 1 + nu * nu;
	if (z < 0)
		return 1 - 2 / k * ig21_t_cdf(nu * z, tau);
	return 2 * nu * nu / k * ig21_t_cdf(-z / nu, tau);
}

/* Inverse of the two branches above, given both tails p and q = 1 - p (each exact on its own
 * side); the branch is chosen once, on p < F(mu) = 1/(1+nu^2):
 *   y = mu + sigma/nu T^-1(p (1+nu^2)/2)             below mu,
 *   y = mu - sigma nu T^-1(q (1+nu^2)/(2 nu^2))      above. */
static double st3_quantile(double p, double q, double mu, double sigma, double nu, double tau)
{
	if (isnan(p) || isnan(q) || isnan(mu) || !st3_ok(sigma, nu, tau) || p < 0 || p > 1 || q < 0 || q > 1)
		return NAN;
	double k = 1 + nu * nu;
	if (p < 1 / k)
		return mu + sigma / nu * ig21_t_quantile(p * k / 2, tau);
	return mu - sigma * nu * ig21_t_quantile(q * k / (2 * nu * nu), tau);
}

double ig21_st3_quantile(double p, double mu, double sigma, double nu, double tau)
{
	return st3_quantile(p, 1 - p, mu, sigma, nu, tau);
}

double ig21_st3_quantile_upper(double q, double mu, double sigma, double nu, double tau)
{
	return st3_quantile(1 - q, q, mu, sigma, nu, tau);
}

/* ------------------------------------------------------------------ the models */

static int is_nbs(ig21_std s)
{
	return s == IG21_NBS_WFA || s == IG21_NBS_LHFA || s == IG21_NBS_HCFA;
}

gv_status ig21_nbs_coefs(ig21_std s, gv_sex sex, double ga_days, ig21_msnt_row *out)
{
	static const char *const measure[] = {[IG21_NBS_WFA] = "weight_kg", [IG21_NBS_LHFA] = "length_cm",
					      [IG21_NBS_HCFA] = "head_cm"};
	if (!is_nbs(s) || (sex != GV_MALE && sex != GV_FEMALE))
		return GV_EINVAL;
	if (isnan(ga_days))
		return GV_MISSING;
	const ig21_msnt_block *b = NULL;
	for (size_t i = 0; i < ig21_nbs_msnt.nblocks; i++)
		if (ig21_nbs_msnt.blocks[i].sex == (int)sex && strcmp(ig21_nbs_msnt.blocks[i].measure, measure[s]) == 0)
			b = &ig21_nbs_msnt.blocks[i];
	if (!b || b->n == 0)
		return GV_EINVAL;
	const ig21_msnt_row *r = b->rows;
	if (!(ga_days >= r[0].x && ga_days <= r[b->n - 1].x))
		return GV_EX_RANGE;
	size_t i = 0;
	while (i + 1 < b->n && r[i + 1].x <= ga_days)
		i++;
	if (i + 1 == b->n || r[i].x == ga_days) {
		*out = r[i];
		return GV_OK;
	}
	/* Linear interpolation between whole days, as refs_lms does for L, M, S. */
	double f = (ga_days - r[i].x) / (r[i + 1].x - r[i].x);
	out->x = ga_days;
	out->mu = r[i].mu + f * (r[i + 1].mu - r[i].mu);
	out->sigma = r[i].sigma + f * (r[i + 1].sigma - r[i].sigma);
	out->nu = r[i].nu + f * (r[i + 1].nu - r[i].nu);
	out->tau = r[i].tau + f * (r[i + 1].tau - r[i].tau);
	return GV_OK;
}

/* A normal model of g(y): g = log for log-normal measurements, identity otherwise. */
typedef struct normal_model {
	double mu, sigma;
	int log; /* 1: the model is of ln(y) */
} normal_model;

/* Very preterm size at birth, 24+0 to 32+6 weeks (Villar J, Giuliani F, Fenton TR, et al.
 * INTERGROWTH-21st very preterm size at birth reference charts. Lancet 2016;387:844-845).  With
 * w = GA in weeks (days / 7) and male = 1 for boys, 0 for girls:
 *   ln(weight kg) ~ N(-7.00303 + 1.325911 w^0.5 + 0.0571937 male, 0.0373218)
 *   length cm     ~ N( 1.307633 + 1.270022 w   + 0.4263885 male, 6.757543)
 *   head cm       ~ N( 0.7866522 + 0.887638 w  + 0.2513385 male, 2.433481)
 * (second argument: the variance).  The letter prints the charts and centile tables; these
 * equations are the INTERGROWTH-21st Project's own, released by its statistician (E. O. Ohuma, a
 * co-author) with the gigs R package (LSHTM, ig_vpns.R), and tests/core_ig21.c checks them against
 * every value of the published very preterm z-score tables (refdata/intergrowth). */
static normal_model vpns_model(ig21_std s, gv_sex sex, double ga_days)
{
	double w = ga_days / 7, male = sex == GV_MALE;
	switch (s) {
	case IG21_NBS_WFA: return (normal_model){-7.00303 + 1.325911 * sqrt(w) + 0.0571937 * male, sqrt(0.0373218), 1};
	case IG21_NBS_LHFA: return (normal_model){1.307633 + 1.270022 * w + 0.4263885 * male, sqrt(6.757543), 0};
	default: return (normal_model){0.7866522 + 0.887638 * w + 0.2513385 * male, sqrt(2.433481), 0};
	}
}

/* Postnatal growth of preterm infants (Villar J, Giuliani F, Bhutta ZA, et al. Postnatal growth
 * standards for preterm infants: the Preterm Postnatal Follow-up Study of the INTERGROWTH-21st
 * Project. Lancet Glob Health 2015;3:e681-e691; the equations as in refdata/intergrowth/README.md).
 * x = PMA in exact weeks, male = 1 for boys, 0 for girls; z = (g(y) - mu)/sigma with
 *   weight: g = ln kg, mu = 2.591277 - 0.01155 x^0.5 - 2201.705 x^-2 + 0.0911639 male,
 *                      sigma = 0.1470258 + 505.92394 x^-2 - 140.0576 x^-2 ln x
 *   length: g = ln cm, mu = 4.136244 - 547.0018 x^-2 + 0.0026066 x + 0.0314961 male,
 *                      sigma = 0.050489 + 310.44761 x^-2 - 90.0742 x^-2 ln x
 *   head:   g = cm,    mu = 55.53617 - 852.0059 x^-1 + 0.7957903 male,
 *                      sigma = 3.0582292 + 3910.05 x^-2 - 180.5625 x^-1
 * Weight-for-length (x = length in cm, L = x/10 in dm, weight in kg, normal), sex-specific:
 *   boys:  mu = 13.98383 + 203.5677 L^-2 - 291.114 L^-2 ln L,  sigma = exp(-1.830098 + 0.0049708 L^3)
 *   girls: mu = 50.32492 + 140.8019 L^-1 - 167.906 L^-0.5,
 *          sigma = 0.2195888 - 0.0046046 L^3 + 0.0033017 L^3 ln L
 * The 2015 paper gives weight-for-length as charts and tables; these equations are the project's,
 * released by E. O. Ohuma with the gigs R package (LSHTM, ig_png.R), and tests/core_ig21.c checks
 * them against every value of the published 0.1 cm table. */
static normal_model png_model(ig21_std s, gv_sex sex, double x)
{
	double male = sex == GV_MALE, x2 = x * x;
	switch (s) {
	case IG21_PNG_WFA:
		return (normal_model){2.591277 - 0.01155 * sqrt(x) - 2201.705 / x2 + 0.0911639 * male,
				      0.1470258 + 505.92394 / x2 - 140.0576 / x2 * log(x), 1};
	case IG21_PNG_LHFA:
		return (normal_model){4.136244 - 547.0018 / x2 + 0.0026066 * x + 0.0314961 * male,
				      0.050489 + 310.44761 / x2 - 90.0742 / x2 * log(x), 1};
	case IG21_PNG_HCFA:
		return (normal_model){55.53617 - 852.0059 / x + 0.7957903 * male,
				      3.0582292 + 3910.05 / x2 - 180.5625 / x, 0};
	default: {
		double l = x / 10, l3 = l * l * l, ll = log(l);
		if (sex == GV_MALE)
			return (normal_model){13.98383 + 203.5677 / (l * l) - 291.114 / (l * l) * ll,
					      exp(-1.830098 + 0.0049708 * l3), 0};
		return (normal_model){50.32492 + 140.8019 / l - 167.906 / sqrt(l),
				      0.2195888 - 0.0046046 * l3 + 0.0033017 * l3 * ll, 0};
	}
	}
}

int ig21_is_reference(ig21_std s, double x)
{
	return is_nbs(s) && x < IG21_NBS_GA_STD_MIN;
}

/* The model of s at x: 1 with *st (skew t) or 0 with *nm (normal). */
typedef struct model {
	int skew_t;
	ig21_msnt_row st;
	normal_model nm;
} model;

static gv_status model_at(ig21_std s, gv_sex sex, double x, model *m)
{
	const ig21_info *info = ig21_std_info(s);
	if (!info || (sex != GV_MALE && sex != GV_FEMALE))
		return GV_EINVAL;
	if (isnan(x))
		return GV_MISSING;
	if (!(x >= info->xmin && x <= info->xmax))
		return GV_EX_RANGE;
	m->skew_t = 0;
	if (is_nbs(s)) {
		if (x >= IG21_NBS_GA_STD_MIN) {
			m->skew_t = 1;
			return ig21_nbs_coefs(s, sex, x, &m->st);
		}
		m->nm = vpns_model(s, sex, x);
	} else {
		m->nm = png_model(s, sex, x);
	}
	return m->nm.sigma > 0 ? GV_OK : GV_EINVAL;
}

gv_status ig21_score_value(ig21_std s, gv_sex sex, double x, double value, ig21_score *out)
{
	model m;
	out->std = s;
	out->x = x;
	out->value = value;
	out->z = out->p = NAN;
	out->reference = 0;
	gv_status st = model_at(s, sex, x, &m);
	if (st == GV_OK && isnan(value))
		st = GV_MISSING;
	else if (st == GV_OK && !(value > 0 && isfinite(value)))
		st = GV_EINVAL;
	if (st != GV_OK)
		return out->status = st;
	out->reference = ig21_is_reference(s, x);
	if (m.skew_t) {
		/* Centile first, z = Phi^-1(centile), each tail from its own side (no 1 - F near 1). */
		double f = ig21_st3_cdf(value, m.st.mu, m.st.sigma, m.st.nu, m.st.tau);
		if (f <= 0.5) {
			out->z = lms_qnorm(f);
			out->p = 100 * f;
		} else {
			double q = ig21_st3_sf(value, m.st.mu, m.st.sigma, m.st.nu, m.st.tau);
			out->z = lms_qnorm_upper(q);
			out->p = 100 * (1 - q);
		}
	} else {
		double g = m.nm.log ? log(value) : value;
		out->z = (g - m.nm.mu) / m.nm.sigma;
		out->p = lms_centile(out->z);
	}
	return out->status = GV_OK;
}

/* The value of model m at lower-tail probability p = Phi(z) (upper tail q = 1 - p), or at z. */
static double model_value(const model *m, double z, double p, double q)
{
	if (m->skew_t)
		return st3_quantile(p, q, m->st.mu, m->st.sigma, m->st.nu, m->st.tau);
	double g = m->nm.mu + z * m->nm.sigma;
	return m->nm.log ? exp(g) : g;
}

static gv_status finish_value(double v, double *value)
{
	if (!(v > 0 && isfinite(v)))
		return GV_EINVAL;
	*value = v;
	return GV_OK;
}

gv_status ig21_value_at_z(ig21_std s, gv_sex sex, double x, double z, double *value)
{
	model m;
	gv_status st = model_at(s, sex, x, &m);
	if (st != GV_OK)
		return st;
	if (isnan(z))
		return GV_MISSING;
	if (!isfinite(z))
		return GV_EINVAL;
	return finish_value(model_value(&m, z, lms_pnorm(z), lms_pnorm_upper(z)), value);
}

gv_status ig21_value_at_centile(ig21_std s, gv_sex sex, double x, double p, double *value)
{
	model m;
	gv_status st = model_at(s, sex, x, &m);
	if (st != GV_OK)
		return st;
	if (isnan(p))
		return GV_MISSING;
	if (!(p > 0 && p < 100))
		return GV_EINVAL;
	double lower = p / 100, upper = (100 - p) / 100;
	double z = lower <= 0.5 ? lms_qnorm(lower) : lms_qnorm_upper(upper);
	return finish_value(model_value(&m, z, lower, upper), value);
}

/* ------------------------------------------------------------------ size for gestational age */

ig21_sfga ig21_sfga_of_centile(double c)
{
	if (!(c >= 0 && c <= 100))
		return IG21_SFGA_NONE;
	/* Cut-offs and their sources: ig21.h (Battaglia & Lubchenco 1967; WHO TRS 854, 1995; RCOG
	 * Green-top 31, 2013).  Strict inequalities: the 3rd, 10th and 90th centiles themselves
	 * belong to the class nearer the middle. */
	if (c < IG21_CENTILE_VERY_SMALL)
		return IG21_SFGA_VERY_SMALL;
	if (c < IG21_CENTILE_SMALL)
		return IG21_SFGA_SMALL;
	if (c > IG21_CENTILE_LARGE)
		return IG21_SFGA_LARGE;
	return IG21_SFGA_APPROPRIATE;
}

int ig21_sfga_is_sga(ig21_sfga c)
{
	return c == IG21_SFGA_VERY_SMALL || c == IG21_SFGA_SMALL;
}

const char *ig21_sfga_name(ig21_sfga c)
{
	switch (c) {
	case IG21_SFGA_VERY_SMALL: return "very_small";
	case IG21_SFGA_SMALL: return "small";
	case IG21_SFGA_APPROPRIATE: return "appropriate";
	case IG21_SFGA_LARGE: return "large";
	case IG21_SFGA_NONE: break;
	}
	return "";
}

gv_status ig21_birth_weight_class(gv_sex sex, double ga_days, double weight_kg, ig21_score *score,
				  ig21_sfga *cls)
{
	gv_status st = ig21_score_value(IG21_NBS_WFA, sex, ga_days, weight_kg, score);
	*cls = ig21_sfga_of_centile(score->p); /* NONE when not scored: p is NAN */
	return st;
}

/* ------------------------------------------------------------------ which standard */

double ig21_pma_weeks(double ga_days, double postnatal_days)
{
	return (ga_days + postnatal_days) / 7;
}

gv_status ig21_which(double ga_days, double postnatal_days, ig21_when *w)
{
	w->use = IG21_USE_NONE;
	w->preterm = 0;
	w->ga_days = ga_days;
	w->postnatal_days = postnatal_days;
	w->pma_weeks = w->corrected_days = w->x = NAN;
	w->corrected = 0;
	if (isnan(ga_days) || isnan(postnatal_days))
		return GV_MISSING;
	if (!(ga_days > 0 && isfinite(ga_days)) || !(postnatal_days >= 0 && isfinite(postnatal_days)))
		return GV_EINVAL;
	w->preterm = ga_days < IG21_PRETERM_DAYS;
	w->pma_weeks = ig21_pma_weeks(ga_days, postnatal_days);
	w->corrected_days = age_corrected_days(postnatal_days, ga_days);

	if (postnatal_days < 1) {
		/* Day of birth: size at birth for GA (Villar 2014, 2016), 24+0 to 42+6 weeks.  A baby born
		 * after 42+6 has no INTERGROWTH birth standard and is a term baby for WHO 2006. */
		if (ga_days >= IG21_NBS_GA_MIN && ga_days <= IG21_NBS_GA_MAX) {
			w->use = IG21_USE_NBS;
			w->x = ga_days;
		} else if (ga_days > IG21_NBS_GA_MAX) {
			w->use = IG21_USE_WHO;
			w->x = postnatal_days;
		}
		return GV_OK;
	}
	if (!w->preterm) {
		/* Term: the WHO 2006 standards from birth, by chronological age (WHO MGRS 2006). */
		w->use = IG21_USE_WHO;
		w->x = postnatal_days;
		return GV_OK;
	}
	/* Preterm: PNG from 27 to 64 weeks PMA (Villar 2015: the standards' range), then WHO 2006 by
	 * corrected age — at 64 weeks PMA the corrected age is 24 weeks — until 24 months of
	 * chronological age, the correction core/growth.c applies to preterm children (AAP 2004;
	 * age_corrected_days; growth_default_options). */
	if (w->pma_weeks < IG21_PNG_PMA_MIN)
		return GV_OK;
	if (w->pma_weeks <= IG21_PNG_PMA_MAX) {
		w->use = IG21_USE_PNG;
		w->x = w->pma_weeks;
		return GV_OK;
	}
	w->use = IG21_USE_WHO;
	w->corrected = postnatal_days < IG21_CORRECT_UNTIL_DAYS;
	w->x = w->corrected ? w->corrected_days : postnatal_days;
	return GV_OK;
}

/* ------------------------------------------------------------------ one visit */

static void not_scored(ig21_score *s, ig21_std std, double x, double value, gv_status st)
{
	s->status = isnan(value) ? GV_MISSING : st;
	s->std = std;
	s->x = x;
	s->value = value;
	s->z = s->p = NAN;
	s->reference = 0;
}

gv_status ig21_visit_score(gv_sex sex, double ga_days, double postnatal_days, double weight_kg,
			   double length_cm, double head_cm, ig21_visit *out)
{
	gv_status st = ig21_which(ga_days, postnatal_days, &out->when);
	double x = out->when.x;
	out->sfga = IG21_SFGA_NONE;
	if (st == GV_OK && sex != GV_MALE && sex != GV_FEMALE)
		st = GV_EINVAL;
	gv_status none = st != GV_OK ? st : GV_EAGE_RANGE;

	switch (st == GV_OK ? out->when.use : IG21_USE_NONE) {
	case IG21_USE_NBS:
		ig21_birth_weight_class(sex, x, weight_kg, &out->wfa, &out->sfga);
		ig21_score_value(IG21_NBS_LHFA, sex, x, length_cm, &out->lhfa);
		ig21_score_value(IG21_NBS_HCFA, sex, x, head_cm, &out->hcfa);
		/* No INTERGROWTH-21st newborn weight-for-length standard exists. */
		not_scored(&out->wflh, IG21_PNG_WFLH, length_cm, weight_kg, GV_ENOT_IN_REF);
		break;
	case IG21_USE_PNG:
		ig21_score_value(IG21_PNG_WFA, sex, x, weight_kg, &out->wfa);
		ig21_score_value(IG21_PNG_LHFA, sex, x, length_cm, &out->lhfa);
		ig21_score_value(IG21_PNG_HCFA, sex, x, head_cm, &out->hcfa);
		ig21_score_value(IG21_PNG_WFLH, sex, length_cm, weight_kg, &out->wflh); /* GV_MISSING without both */
		break;
	default:
		not_scored(&out->wfa, IG21_NSTD, x, weight_kg, none);
		not_scored(&out->lhfa, IG21_NSTD, x, length_cm, none);
		not_scored(&out->hcfa, IG21_NSTD, x, head_cm, none);
		not_scored(&out->wflh, IG21_NSTD, length_cm, isnan(length_cm) ? NAN : weight_kg, none);
		break;
	}
	return st;
}
