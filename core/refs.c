/* refs.c — catalogue of the embedded growth reference tables and LMS interpolation. */
#include "core/refs.h"

#include <math.h>
#include <string.h>

/*
 * Valid ranges, each from its publisher:
 *  - WHO 2006 Child Growth Standards: tables by completed day 0-1856 ("one day before 61 completed
 *    months"); arm circumference and skinfolds from 91 days (3 months).  Weight-for-length
 *    45-110 cm, weight-for-height 65-120 cm (WHO MGRS 2006, Methods, ch. 1 and 5; anthro R package,
 *    allowed ranges in anthro_zscore_weight_for_lenhei()).
 *  - WHO 2007 Growth Reference 5-19 y: completed months 61-228 (weight-for-age 61-120, i.e. to 10 y).
 *    The anthroplus files add a padding row (229, resp. 121) equal to the last month, so an age in
 *    the last completed month is still covered: x < 229 (x < 121).  The 60-month rows that
 *    anthroplus added in 2024 have no stated source (refdata/README.md, sec. 5) and are not used.
 *  - CDC 2000: infant charts birth-36 months (length to 35.5, the table's last row), weight-for-
 *    length 45-103.5 cm; 2-20 y charts from 24 months to 20 years (x < 240 months), weight-for-
 *    stature 77-121.5 cm (CDC, "Percentile Data Files with LMS Values").  As in the CDC SAS
 *    program, the length and stature axes are half-open: 45 <= length < 103.5, 77 <= stature < 121.5
 *    (its reference file pairs each row with the next; there is no pair starting at the last row).
 */
static const ref_info infos[T_COUNT] = {
	{T_WHO06_WFA, GV_WHO2006, GV_WFA, GV_X_DAYS, 0, 1856, 0, 1, "who2006_wfa", "WHO 2006 weight-for-age"},
	{T_WHO06_LHFA, GV_WHO2006, GV_LHFA, GV_X_DAYS, 0, 1856, 0, 0, "who2006_lhfa", "WHO 2006 length/height-for-age"},
	{T_WHO06_BFA, GV_WHO2006, GV_BFA, GV_X_DAYS, 0, 1856, 0, 1, "who2006_bfa", "WHO 2006 BMI-for-age"},
	{T_WHO06_HCFA, GV_WHO2006, GV_HCFA, GV_X_DAYS, 0, 1856, 0, 0, "who2006_hcfa", "WHO 2006 head circumference-for-age"},
	{T_WHO06_ACFA, GV_WHO2006, GV_ACFA, GV_X_DAYS, 91, 1856, 0, 1, "who2006_acfa", "WHO 2006 arm circumference-for-age"},
	{T_WHO06_TSFA, GV_WHO2006, GV_TSFA, GV_X_DAYS, 91, 1856, 0, 1, "who2006_tsfa", "WHO 2006 triceps skinfold-for-age"},
	{T_WHO06_SSFA, GV_WHO2006, GV_SSFA, GV_X_DAYS, 91, 1856, 0, 1, "who2006_ssfa", "WHO 2006 subscapular skinfold-for-age"},
	{T_WHO06_WFL, GV_WHO2006, GV_WFLH, GV_X_LENGTH_CM, 45, 110, 0, 1, "who2006_wfl", "WHO 2006 weight-for-length"},
	{T_WHO06_WFH, GV_WHO2006, GV_WFLH, GV_X_HEIGHT_CM, 65, 120, 0, 1, "who2006_wfh", "WHO 2006 weight-for-height"},
	{T_WHO07_WFA, GV_WHO2007, GV_WFA, GV_X_MONTHS, 61, 121, 1, 1, "who2007_wfa", "WHO 2007 weight-for-age"},
	{T_WHO07_HFA, GV_WHO2007, GV_LHFA, GV_X_MONTHS, 61, 229, 1, 0, "who2007_hfa", "WHO 2007 height-for-age"},
	{T_WHO07_BFA, GV_WHO2007, GV_BFA, GV_X_MONTHS, 61, 229, 1, 1, "who2007_bfa", "WHO 2007 BMI-for-age"},
	{T_CDC_WTAGEINF, GV_CDC2000, GV_WFA, GV_X_MONTHS, 0, 36, 0, 0, "cdc2000_wtageinf", "CDC 2000 weight-for-age (infants)"},
	{T_CDC_LENAGEINF, GV_CDC2000, GV_LHFA, GV_X_MONTHS, 0, 35.5, 0, 0, "cdc2000_lenageinf", "CDC 2000 length-for-age (infants)"},
	{T_CDC_HCAGEINF, GV_CDC2000, GV_HCFA, GV_X_MONTHS, 0, 36, 0, 0, "cdc2000_hcageinf", "CDC 2000 head circumference-for-age"},
	{T_CDC_WTLENINF, GV_CDC2000, GV_WFLH, GV_X_LENGTH_CM, 45, 103.5, 1, 0, "cdc2000_wtleninf", "CDC 2000 weight-for-length (infants)"},
	{T_CDC_WTAGE, GV_CDC2000, GV_WFA, GV_X_MONTHS, 24, 240, 1, 0, "cdc2000_wtage", "CDC 2000 weight-for-age (2-20 y)"},
	{T_CDC_STATAGE, GV_CDC2000, GV_LHFA, GV_X_MONTHS, 24, 240, 1, 0, "cdc2000_statage", "CDC 2000 stature-for-age (2-20 y)"},
	{T_CDC_BMIAGE, GV_CDC2000, GV_BFA, GV_X_MONTHS, 24, 240, 1, 0, "cdc2000_bmiagerev", "CDC 2000 BMI-for-age (2-20 y)"},
	{T_CDC_WTSTAT, GV_CDC2000, GV_WFLH, GV_X_HEIGHT_CM, 77, 121.5, 1, 0, "cdc2000_wtstat", "CDC 2000 weight-for-stature"},
	{T_CDC_WTAGE_SAS, GV_CDC2000, GV_WFA, GV_X_MONTHS, 239.5, 240, 1, 0, "cdc2000_wtage_sas",
	 "CDC 2000 weight-for-age (2-20 y), SAS program's 240-month row"},
};

const ref_info *refs_info(ref_table_id t)
{
	if ((int)t < 0 || t >= T_COUNT)
		return NULL;
	return &infos[t];
}

static const refdata_table *table_for(ref_table_id t, gv_sex sex, const refdata_row **rows, size_t *n)
{
	if ((int)t < 0 || t >= T_COUNT || (sex != GV_MALE && sex != GV_FEMALE))
		return NULL;
	const refdata_table *tab = &refdata_tables[t];
	*rows = tab->rows[sex - 1];
	*n = tab->n[sex - 1];
	return tab;
}

size_t refs_nrows(ref_table_id t, gv_sex sex)
{
	const refdata_row *rows;
	size_t n;
	return table_for(t, sex, &rows, &n) ? n : 0;
}

const refdata_row *refs_row(ref_table_id t, gv_sex sex, size_t i)
{
	const refdata_row *rows;
	size_t n;
	if (!table_for(t, sex, &rows, &n) || i >= n)
		return NULL;
	return &rows[i];
}

gv_status refs_lms(ref_table_id t, gv_sex sex, double x, lms *out)
{
	const refdata_row *rows;
	size_t n;
	if (!table_for(t, sex, &rows, &n) || n == 0)
		return GV_EINVAL;
	const ref_info *in = &infos[t];
	if (!(x >= in->xmin) || (in->xmax_open ? !(x < in->xmax) : !(x <= in->xmax)))
		return GV_EX_RANGE;

	/* Find i with rows[i].x <= x < rows[i+1].x.  Every table is evenly spaced after its first
	 * step (CDC: 0, 0.5, 1.5, ...; WHO by day or by 0.1 cm), so guess from that spacing and
	 * correct by a row or two; fall back to binary search. */
	size_t i;
	if (n >= 3 && x >= rows[1].x) {
		double g = (x - rows[1].x) / (rows[2].x - rows[1].x);
		i = g < (double)n ? 1 + (size_t)g : n - 1;
		if (i > n - 1)
			i = n - 1;
		while (i > 0 && rows[i].x > x)
			i--;
		while (i + 1 < n && rows[i + 1].x <= x)
			i++;
	} else {
		size_t lo = 0, hi = n; /* first row with rows[lo].x > x */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (rows[mid].x <= x)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == 0)
			return GV_EX_RANGE; /* below the first row */
		i = lo - 1;
	}
	const refdata_row *a = &rows[i];
	if (a->x == x) {
		*out = (lms){a->l, a->m, a->s};
		return GV_OK;
	}
	if (i + 1 >= n)
		return GV_EX_RANGE; /* beyond the last row (cannot happen with a correct xmax) */
	const refdata_row *b = &rows[i + 1];
	double f = (x - a->x) / (b->x - a->x);
	out->l = a->l + f * (b->l - a->l);
	out->m = a->m + f * (b->m - a->m);
	out->s = a->s + f * (b->s - a->s);
	return GV_OK;
}

const char *refs_ref_name(gv_ref r)
{
	switch (r) {
	case GV_WHO2006: return "who2006";
	case GV_WHO2007: return "who2007";
	case GV_CDC2000: return "cdc2000";
	case GV_REF_IG21_NBS: return "ig21_nbs";
	case GV_REF_IG21_PNG: return "ig21_png";
	case GV_REF_NONE: break;
	}
	return "";
}

const char *refs_ref_title(gv_ref r)
{
	switch (r) {
	case GV_WHO2006: return "WHO 2006";
	case GV_WHO2007: return "WHO 2007";
	case GV_CDC2000: return "CDC 2000";
	case GV_REF_IG21_NBS: return "INTERGROWTH-21st Newborn Size";
	case GV_REF_IG21_PNG: return "INTERGROWTH-21st preterm postnatal growth";
	case GV_REF_NONE: break;
	}
	return "";
}

static const char *const ind_names[GV_NIND] = {"wfa", "lhfa", "bfa", "hcfa", "acfa", "tsfa", "ssfa", "wflh"};
static const char *const ind_units[GV_NIND] = {"kg", "cm", "kg/m2", "cm", "cm", "mm", "mm", "kg"};

const char *refs_ind_name(gv_ind i)
{
	return (unsigned)i < GV_NIND ? ind_names[i] : "";
}

const char *refs_ind_unit(gv_ind i)
{
	return (unsigned)i < GV_NIND ? ind_units[i] : "";
}

gv_ind refs_ind_parse(const char *s)
{
	for (int i = 0; i < GV_NIND; i++)
		if (strcmp(s, ind_names[i]) == 0)
			return (gv_ind)i;
	return GV_NIND;
}
