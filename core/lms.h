/* lms.h — the LMS (Box-Cox, Cole & Green 1992) method and the normal distribution.
 *
 * Pure functions of double arguments: no tables, no allocation, no errors other than NaN.
 * Every function returns NaN when its inputs are NaN or outside the formula's domain
 * (x <= 0, M <= 0, S <= 0, 1 + L*S*z <= 0). */
#ifndef GV_LMS_H
#define GV_LMS_H

/* One row of an LMS table, or L, M, S interpolated at some x. */
typedef struct lms {
	double l, m, s;
} lms;

/* z-score of measurement x: ((x/M)^L - 1)/(L*S), or ln(x/M)/S when L = 0
 * (Cole TJ, Green PJ. Stat Med 1992;11:1305; WHO MGRS 2006 Methods, ch. 7, eq. 7.1;
 * CDC "Percentile Data Files with LMS Values").  Computed as expm1(L*ln(x/M))/(L*S), which is
 * the same number without the cancellation of pow(x/M, L) - 1 when L is small. */
double lms_z(double x, lms p);

/* The measurement at z-score z (inverse of lms_z): M*(1+L*S*z)^(1/L), or M*exp(S*z) when L = 0. */
double lms_value(double z, lms p);

/* WHO restricted z-score (z*) for the weight-based indicators: plain LMS within +/-3 SD; beyond,
 * the distance from the SD3 value in units of the distance between the SD2 and SD3 values:
 *   z > 3:  z* = 3 + (x - SD3pos)/(SD3pos - SD2pos);  z < -3: z* = -3 + (x - SD3neg)/(SD2neg - SD3neg).
 * Source: WHO MGRS, "WHO Child Growth Standards: Methods and development" (2006), ch. 7, p. 302;
 * WHO, "Computation of centiles and z-scores for height-for-age, weight-for-age and BMI-for-age"
 * (2007 reference); WHO anthro R package, compute_zscore_adjusted(). */
double lms_z_restricted(double x, lms p);

/* Inverse of lms_z_restricted: the measurement at z under the WHO restricted rule (used to draw
 * curves beyond +/-3 SD the way WHO's published SD4 columns are drawn). */
double lms_value_restricted(double z, lms p);

/* CDC modified z-score, used only for biologically implausible value flags:
 *   x >= M: (x - M) / (0.5 * (M*(1+2*L*S)^(1/L) - M));  x < M: (x - M) / (0.5 * (M - M*(1-2*L*S)^(1/L))).
 * Source: CDC, "Modified z-scores in the CDC growth charts" (cdc.gov/nccdphp/dnpao/growthcharts/
 * resources/biv-cutoffs.pdf) and the CDC SAS program (2022). */
double lms_mod_z(double x, lms p);

/* Standard normal CDF, Phi(z) = erfc(-z/sqrt 2)/2: full relative accuracy in both tails. */
double lms_pnorm(double z);

/* Upper tail 1 - Phi(z) = erfc(z/sqrt 2)/2, accurate where Phi(z) rounds to 1. */
double lms_pnorm_upper(double z);

/* Inverse standard normal CDF for 0 < p < 1 (Wichura, Algorithm AS 241 PPND16, Appl Stat 1988;
 * 37:477; relative accuracy about 1e-16).  Returns -inf at 0, +inf at 1, NaN outside [0, 1]. */
double lms_qnorm(double p);

/* z with upper tail q: 1 - Phi(z) = q, computed without forming 1 - q (exact for tiny q). */
double lms_qnorm_upper(double q);

/* Percentile (0-100) of a z-score: 100 * Phi(z). */
double lms_centile(double z);

#endif
