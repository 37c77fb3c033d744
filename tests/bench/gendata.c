/* gendata — deterministic benchmark input for growthview zscore.
 *
 *   gendata who N   rows aged 91-1856 days with all eight WHO 2006 measurements (score with --ref who)
 *   gendata cdc N   rows aged 24-239 months with weight and height (CDC 2000)
 *
 * Values are drawn at z ~ N(0, 1) from the references themselves, so every indicator is scored. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/growth.h"

static uint64_t state = 0x9E3779B97F4A7C15ULL;

static double unif(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return ((state >> 11) + 0.5) / 9007199254740992.0;
}

/* Standard normal, clamped to +/-3 so every drawn value stays on the curves. */
static double gauss(void)
{
	double u = unif(), v = unif();
	double z = sqrt(-2 * log(u)) * cos(6.283185307179586 * v);
	return z > 3 ? 3 : z < -3 ? -3 : z;
}

static double at(ref_table_id t, gv_sex sex, double x, double z)
{
	double v = NAN;
	if (growth_value_at(t, sex, x, z, &v) != GV_OK)
		return NAN;
	return v;
}

int main(int argc, char **argv)
{
	if (argc != 3 || (strcmp(argv[1], "who") && strcmp(argv[1], "cdc"))) {
		fprintf(stderr, "usage: gendata who|cdc N\n");
		return 2;
	}
	long n = atol(argv[2]);
	int who = strcmp(argv[1], "who") == 0;
	if (who)
		puts("id,sex,age_days,weight_kg,height_cm,position,head_cm,muac_cm,triceps_mm,subscap_mm,oedema");
	else
		puts("id,sex,age_months,weight_kg,height_cm");
	for (long i = 1; i <= n; i++) {
		gv_sex sex = unif() < 0.5 ? GV_MALE : GV_FEMALE;
		double zh = gauss(), zw = 0.6 * zh + 0.8 * gauss();
		zw = zw > 3 ? 3 : zw < -3 ? -3 : zw;
		if (who) {
			int day = 91 + (int)(unif() * 1766);
			double h = at(T_WHO06_LHFA, sex, day, zh);
			printf("%ld,%d,%d,%.2f,%.1f,%c,%.1f,%.1f,%.1f,%.1f,n\n", i, sex, day,
			       at(T_WHO06_WFA, sex, day, zw), h, day < 731 ? 'L' : 'H',
			       at(T_WHO06_HCFA, sex, day, gauss()), at(T_WHO06_ACFA, sex, day, gauss()),
			       at(T_WHO06_TSFA, sex, day, gauss()), at(T_WHO06_SSFA, sex, day, gauss()));
		} else {
			double mo = 24 + unif() * 215;
			printf("%ld,%d,%.2f,%.1f,%.1f\n", i, sex, mo, at(T_CDC_WTAGE, sex, mo, zw),
			       at(T_CDC_STATAGE, sex, mo, zh));
		}
	}
	return 0;
}
