/* lms.c — LMS z-scores, their inverses and the normal distribution (see lms.h for sources). */
#include "core/lms.h"

#include <math.h>

#define GV_SQRT1_2 0.70710678118654752440 /* 1/sqrt(2) */

static int valid(lms p)
{
	return isfinite(p.l) && p.m > 0 && p.s > 0;
}

double lms_z(double x, lms p)
{
	if (!(x > 0) || !valid(p) || !isfinite(x))
		return NAN;
	double r = log(x / p.m);
	if (p.l == 0)
		return r / p.s;
	return expm1(p.l * r) / (p.l * p.s);
}

double lms_value(double z, lms p)
{
	if (!isfinite(z) || !valid(p))
		return NAN;
	if (p.l == 0)
		return p.m * exp(p.s * z);
	double b = p.l * p.s * z;
	if (!(b > -1))
		return NAN; /* 1 + L*S*z <= 0: the Box-Cox curve has no value there */
	return p.m * exp(log1p(b) / p.l);
}

double lms_z_restricted(double x, lms p)
{
	double z = lms_z(x, p);
	if (isnan(z))
		return z;
	if (z > 3) {
		double sd3 = lms_value(3, p), sd2 = lms_value(2, p);
		if (isfinite(sd3) && isfinite(sd2))
			return 3 + (x - sd3) / (sd3 - sd2);
	} else if (z < -3) {
		double sd3 = lms_value(-3, p), sd2 = lms_value(-2, p);
		if (isfinite(sd3) && isfinite(sd2))
			return -3 + (x - sd3) / (sd2 - sd3);
	}
	return z;
}

double lms_value_restricted(double z, lms p)
{
	if (!isfinite(z))
		return NAN;
	if (z > 3) {
		double sd3 = lms_value(3, p), sd2 = lms_value(2, p);
		return sd3 + (z - 3) * (sd3 - sd2);
	}
	if (z < -3) {
		double sd3 = lms_value(-3, p), sd2 = lms_value(-2, p);
		return sd3 + (z + 3) * (sd2 - sd3);
	}
	return lms_value(z, p);
}

double lms_mod_z(double x, lms p)
{
	if (!(x > 0) || !valid(p) || !isfinite(x))
		return NAN;
	if (x >= p.m) {
		double half = 0.5 * (lms_value(2, p) - p.m);
		return (x - p.m) / half;
	}
	double half = 0.5 * (p.m - lms_value(-2, p));
	return (x - p.m) / half;
}

double lms_pnorm(double z)
{
	return 0.5 * erfc(-z * GV_SQRT1_2);
}

double lms_pnorm_upper(double z)
{
	return 0.5 * erfc(z * GV_SQRT1_2);
}

double lms_centile(double z)
{
	return 100.0 * lms_pnorm(z);
}

/* AS 241 PPND16 for the tail part: r = sqrt(-log(min(p, 1-p))), returns the positive quantile. */
static double ppnd16_tail(double r)
{
	if (r <= 5) {
		r -= 1.6;
		return (((((((7.74545014278341407640e-4 * r + 2.27238449892691845833e-2) * r +
			     2.41780725177450611770e-1) * r + 1.27045825245236838258e0) * r +
			   3.64784832476320460504e0) * r + 5.76949722146069140550e0) * r +
			 4.63033784615654529590e0) * r + 1.42343711074968357734e0) /
		       (((((((1.05075007164441684324e-9 * r + 5.47593808499534494600e-4) * r +
			     1.51986665636164571966e-2) * r + 1.48103976427480074590e-1) * r +
			   6.89767334985100004550e-1) * r + 1.67638483018380384940e0) * r +
			 2.05319162663775882187e0) * r + 1.0);
	}
	r -= 5;
	return (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r +
		     1.24266094738807843860e-3) * r + 2.65321895265761230930e-2) * r +
		   2.96560571828504891230e-1) * r + 1.78482653991729133580e0) * r +
		 5.46378491116411436990e0) * r + 6.65790464350110377720e0) /
	       (((((((2.04426310338993978564e-15 * r + 1.42151175831644588870e-7) * r +
		     1.84631831751005468180e-5) * r + 7.86869131145613259100e-4) * r +
		   1.48753612908506148525e-2) * r + 1.36929880922735805310e-1) * r +
		 5.99832206555887937690e-1) * r + 1.0);
}

double lms_qnorm(double p)
{
	if (isnan(p) || p < 0 || p > 1)
		return NAN;
	if (p == 0)
		return -INFINITY;
	if (p == 1)
		return INFINITY;
	double q = p - 0.5;
	if (fabs(q) <= 0.425) {
		double r = 0.180625 - q * q;
		return q *
		       (((((((2.5090809287301226727e3 * r + 3.3430575583588128105e4) * r +
			     6.7265770927008700853e4) * r + 4.5921953931549871457e4) * r +
			   1.3731693765509461125e4) * r + 1.9715909503065514427e3) * r +
			 1.3314166789178437745e2) * r + 3.3871328727963666080e0) /
		       (((((((5.2264952788528545610e3 * r + 2.8729085735721942674e4) * r +
			     3.9307895800092710610e4) * r + 2.1213794301586595867e4) * r +
			   5.3941960214247511077e3) * r + 6.8718700749205790830e2) * r +
			 4.2313330701600911252e1) * r + 1.0);
	}
	double r = sqrt(-log(q < 0 ? p : 1 - p));
	double v = ppnd16_tail(r);
	return q < 0 ? -v : v;
}

double lms_qnorm_upper(double q)
{
	if (isnan(q) || q < 0 || q > 1)
		return NAN;
	if (q > 0.075) /* 0.5 - 0.425: central region, 1 - q is exact enough there */
		return -lms_qnorm(q);
	if (q == 0)
		return INFINITY;
	return ppnd16_tail(sqrt(-log(q)));
}
