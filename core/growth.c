/* growth.c — one measurement to every applicable indicator (see growth.h). */
#include "core/growth.h"

#include <math.h>
#include <string.h>

#include "core/age.h"

/* z of the 95th percentile, Phi^-1(0.95) (used by CDC for P95). */
#define Z95 1.6448536269514722

static const char *const warn_names[GV_W_NWARN] = {
	"standing_under_9mo", "length_on_stature_chart", "stature_on_length_chart",
	"corrected_age_before_term", "age_out_of_range", "very_preterm_reference",
};

const char *growth_axis_name(gv_age_axis a)
{
	switch (a) {
	case GV_AXIS_CHRONO: return "chronological";
	case GV_AXIS_CORRECTED: return "corrected";
	case GV_AXIS_PMA: return "postmenstrual";
	case GV_AXIS_GA: return "gestational";
	case GV_AXIS_NONE: break;
	}
	return "";
}

const char *growth_warn_name(unsigned bit)
{
	for (int i = 0; i < GV_W_NWARN; i++)
		if (bit == (1u << i))
			return warn_names[i];
	return "";
}

void growth_default_options(gv_options *o)
{
	o->policy = GV_POLICY_AUTO;
	/* Preterm: born before 37 completed weeks (WHO, "Preterm birth" fact sheet); correct age until
	 * 24 months of chronological age (AAP 2004; CDC "Using the WHO growth charts" module). */
	o->preterm_weeks = 37;
	o->correct_until_months = 24;
	/* Before the switch, a preterm infant is scored on the INTERGROWTH-21st standards (Villar J
	 * et al., Lancet 2014;384:857 and Lancet Glob Health 2015;3:e681; core/ig21.h). */
	o->intergrowth = 1;
}

void growth_measure_init(gv_measure *m)
{
	m->sex = GV_SEX_UNKNOWN;
	m->age_days = m->age_months = NAN;
	m->weight_kg = m->height_cm = m->head_cm = m->muac_cm = NAN;
	m->triceps_mm = m->subscap_mm = NAN;
	m->position = 0;
	m->oedema = 0;
	m->ga_weeks = NAN;
	m->bmi = NAN;
}

gv_ref growth_ref_at(gv_policy policy, double months)
{
	if (!(months >= 0))
		return GV_REF_NONE;
	switch (policy) {
	case GV_POLICY_AUTO:
		/* CDC/AAP: WHO standards for children aged < 24 months, CDC charts from 2 years
		 * (Grummer-Strawn LM et al., MMWR Recomm Rep 2010;59(RR-9)). */
		if (months < 24)
			return GV_WHO2006;
		return months < 240 ? GV_CDC2000 : GV_REF_NONE;
	case GV_POLICY_WHO:
		/* WHO 2006 standards apply to 60 completed months; the WHO 2007 reference from 61
		 * months to 19 years (de Onis M et al., Bull WHO 2007;85:660). */
		if (months < 61)
			return GV_WHO2006;
		return months < 229 ? GV_WHO2007 : GV_REF_NONE;
	case GV_POLICY_CDC:
		return months < 240 ? GV_CDC2000 : GV_REF_NONE;
	}
	return GV_REF_NONE;
}

ref_table_id growth_table(gv_ref ref, gv_ind ind, double age_days)
{
	double months = age_days / GV_DAYS_PER_MONTH;
	switch (ref) {
	case GV_WHO2006: {
		/* WHO: weight-for-length below 731 days, weight-for-height from 731 days (anthro). */
		int under2 = floor(age_days + 0.5) < 731;
		static const ref_table_id who[GV_NIND] = {T_WHO06_WFA, T_WHO06_LHFA, T_WHO06_BFA, T_WHO06_HCFA,
							  T_WHO06_ACFA, T_WHO06_TSFA, T_WHO06_SSFA, T_WHO06_WFL};
		if (ind == GV_WFLH)
			return under2 ? T_WHO06_WFL : T_WHO06_WFH;
		return (unsigned)ind < GV_NIND ? who[ind] : T_NONE;
	}
	case GV_WHO2007:
		switch (ind) {
		case GV_WFA: return T_WHO07_WFA;
		case GV_LHFA: return T_WHO07_HFA;
		case GV_BFA: return T_WHO07_BFA;
		default: return T_NONE;
		}
	case GV_CDC2000: {
		/* CDC SAS program: infant tables (weight, length, weight-for-length) below 24 months,
		 * the 2-20 y tables (weight, stature, BMI, weight-for-stature) from 24 months; head
		 * circumference from the infant table to 36 months. No CDC BMI chart under 2 y.
		 * Weight from 239.5 months: the SAS program's reference file (CDCref_d.csv) pairs the
		 * 239.5 row with a 240-month row (L, M, S) that is not the public wtage.csv's; as
		 * growthview reproduces the SAS program, its last half month uses that row
		 * (refdata/README.md, cdc_sas). */
		int infant = months < 24;
		switch (ind) {
		case GV_WFA: return infant ? T_CDC_WTAGEINF : months >= 239.5 ? T_CDC_WTAGE_SAS : T_CDC_WTAGE;
		case GV_LHFA: return infant ? T_CDC_LENAGEINF : T_CDC_STATAGE;
		case GV_BFA: return infant ? T_NONE : T_CDC_BMIAGE;
		case GV_HCFA: return T_CDC_HCAGEINF;
		case GV_WFLH: return infant ? T_CDC_WTLENINF : T_CDC_WTSTAT;
		default: return T_NONE;
		}
	}
	case GV_REF_IG21_NBS:
	case GV_REF_IG21_PNG: /* equations, no LMS table (core/ig21.h) */
	case GV_REF_NONE:
		break;
	}
	return T_NONE;
}

double growth_age_x(ref_table_id t, double age_days)
{
	const ref_info *in = refs_info(t);
	if (!in)
		return NAN;
	switch (in->xunit) {
	case GV_X_DAYS:
		/* WHO 2006: tables by completed day; an exact age is rounded to the nearest whole day,
		 * half up (anthro: round_up(); the stated convention). */
		return floor(age_days + 0.5);
	case GV_X_MONTHS:
		return age_days / GV_DAYS_PER_MONTH;
	default:
		return NAN;
	}
}

gv_status growth_value_at(ref_table_id t, gv_sex sex, double x, double z, double *value)
{
	lms p;
	gv_status st = refs_lms(t, sex, x, &p);
	if (st != GV_OK)
		return st;
	*value = refs_info(t)->restricted ? lms_value_restricted(z, p) : lms_value(z, p);
	return isnan(*value) ? GV_EX_RANGE : GV_OK;
}

double growth_cdc_bmi_sigma(gv_sex sex, double a)
{
	if (sex == GV_MALE)
		return 0.3728 + 0.5196 * a - 0.0091 * a * a;
	return 0.8334 + 0.3712 * a - 0.0011 * a * a;
}

void growth_reported(const gv_result *r, gv_ind ind, double *z, double *p)
{
	*z = *p = NAN;
	if ((unsigned)ind >= GV_NIND || r->ind[ind].status != GV_OK)
		return;
	*z = r->ind[ind].z;
	*p = r->ind[ind].p;
	if (ind == GV_BFA && !isnan(r->z_bfa_ext)) {
		/* CDC, "Extended BMI-for-age growth charts" (2022): use the extended values */
		*z = r->z_bfa_ext;
		*p = r->p_bfa_ext;
	}
}

double growth_who_z2(double z)
{
	/* Half away from zero (C round); R's round() differs only when z * 100 falls within a rounding
	 * error of a half, which moves a z by 0.01 at the 16th significant digit of the input. */
	return round(z * 100) / 100;
}

/* Implausible-value cut-offs.
 * WHO 2006/2007 on the (restricted) z-score: weight-for-age < -6 or > +5; length/height-for-age
 * |z| > 6; weight-for-length/height, BMI, head and arm circumference, skinfolds |z| > 5
 * (WHO Anthro / anthro R package flag_threshold; WHO AnthroPlus manual, 2009, table 2).  WHO's
 * software decides on the z-score as it reports it, rounded to 2 decimals: anthro's
 * apply_zscore_and_growthstandards() returns round(z, 2) and flag_zscore() compares that, so
 * weight-for-age z -6.0049 (reported -6.00) is not flagged and -6.0051 (-6.01) is.  growthview
 * does the same (growth_who_z2); the z it reports keeps every digit.
 * CDC 2000 on the modified z-score, unrounded as the CDC SAS program compares it: weight < -5 or
 * > 8; height < -5 or > 4; BMI < -4 or > 8; head circumference < -5 or > 5; weight-for-length/
 * stature < -4 or > 8 (CDC, "Cut-offs to define outliers in the 2000 CDC Growth Charts"; CDC SAS
 * program). */
double growth_biv_cutoff(gv_ref ref, gv_ind ind, int dir)
{
	double lo, hi;
	if (ref == GV_CDC2000) {
		switch (ind) {
		case GV_WFA: lo = -5, hi = 8; break;
		case GV_LHFA: lo = -5, hi = 4; break;
		case GV_BFA: lo = -4, hi = 8; break;
		case GV_HCFA: lo = -5, hi = 5; break;
		case GV_WFLH: lo = -4, hi = 8; break;
		default: return NAN;
		}
	} else if (ref == GV_WHO2006 || ref == GV_WHO2007) {
		switch (ind) {
		case GV_WFA: lo = -6, hi = 5; break;
		case GV_LHFA: lo = -6, hi = 6; break;
		default: lo = -5, hi = 5; break;
		}
	} else {
		return NAN;
	}
	return dir < 0 ? lo : hi;
}

static int biv(gv_ref ref, gv_ind ind, double z, double mz)
{
	double v = ref == GV_CDC2000 ? mz : growth_who_z2(z);
	double lo = growth_biv_cutoff(ref, ind, -1), hi = growth_biv_cutoff(ref, ind, 1);
	if (isnan(lo))
		return 0;
	return v < lo ? -1 : v > hi ? 1 : 0;
}

static void clear_ind(gv_ind_result *ir, gv_status st)
{
	ir->status = st;
	ir->table = T_NONE;
	ir->ig = IG21_NSTD;
	ir->method = GV_METHOD_NONE;
	ir->value = ir->x = ir->z = ir->p = ir->mz = NAN;
	ir->biv = 0;
}

static void clear_result(gv_result *r, gv_status st)
{
	r->ref = GV_REF_NONE;
	r->age_days = r->age_months = r->cage_days = r->cage_months = NAN;
	r->corrected = 0;
	r->axis = GV_AXIS_NONE;
	r->ga_days = r->pma_weeks = NAN;
	r->who_day = -1;
	r->height_cm = r->height_adj_cm = r->bmi = NAN;
	r->warn = 0;
	for (int i = 0; i < GV_NIND; i++)
		clear_ind(&r->ind[i], st);
	r->z_bfa_ext = r->p_bfa_ext = r->bmi_p95_value = r->bmi_pct_p95 = NAN;
	r->bfa_ext_method = GV_METHOD_NONE;
}

/* Weight-based indicators: suppressed with oedema (WHO anthro: zwei, zwfl, zbmi). */
static int weight_based(gv_ind i)
{
	return i == GV_WFA || i == GV_WFLH || i == GV_BFA;
}

static void score(gv_result *r, gv_ind ind, gv_sex sex, double value, int oedema)
{
	gv_ind_result *ir = &r->ind[ind];
	ref_table_id t = growth_table(r->ref, ind, r->cage_days);
	if (t == T_NONE) {
		clear_ind(ir, r->ref == GV_REF_NONE ? GV_EAGE_RANGE : GV_ENOT_IN_REF);
		return;
	}
	ir->table = t;
	const ref_info *in = refs_info(t);
	ir->x = (in->xunit == GV_X_LENGTH_CM || in->xunit == GV_X_HEIGHT_CM) ? r->height_cm
									     : growth_age_x(t, r->cage_days);
	if (isnan(value)) {
		ir->status = GV_MISSING;
		return;
	}
	ir->value = value;
	if (!(value > 0) || !isfinite(value)) {
		ir->status = GV_EINVAL;
		return;
	}
	if (oedema && weight_based(ind)) {
		ir->status = GV_EOEDEMA;
		return;
	}
	if (isnan(ir->x)) {
		ir->status = GV_MISSING; /* weight-for-length without a length */
		return;
	}
	lms p;
	gv_status st = refs_lms(t, sex, ir->x, &p);
	if (st != GV_OK) {
		/* Off the table: an error, never an extrapolated number. */
		ir->status = (in->xunit == GV_X_DAYS || in->xunit == GV_X_MONTHS) ? GV_EAGE_RANGE : st;
		return;
	}
	double z = lms_z(value, p);
	ir->method = GV_METHOD_LMS;
	if (in->restricted && fabs(z) > 3) {
		z = lms_z_restricted(value, p);
		ir->method = GV_METHOD_WHO_RESTRICTED;
	}
	ir->z = z;
	ir->p = lms_centile(z);
	if (r->ref == GV_CDC2000)
		ir->mz = lms_mod_z(value, p);
	ir->biv = biv(r->ref, ind, z, ir->mz);
	ir->status = GV_OK;

	if (ind == GV_BFA && r->ref == GV_CDC2000) {
		/* CDC 2022 extended BMI-for-age (CDC, "Data file for the extended BMI-for-age growth
		 * charts", 2022; CDC SAS program): at or above the 95th percentile the percentile is
		 * 90 + 10*Phi((BMI - P95)/sigma) and z = Phi^-1(percentile/100); below it, the LMS values.
		 * 1 - percentile/100 = 0.1*(1 - Phi(d)) is formed directly, so z stays exact far out. */
		double p95 = lms_value(Z95, p);
		r->bmi_p95_value = p95;
		r->bmi_pct_p95 = 100.0 * value / p95;
		if (ir->p >= 95) {
			double sigma = growth_cdc_bmi_sigma(sex, r->cage_months / 12.0);
			double d = (value - p95) / sigma;
			r->p_bfa_ext = 90.0 + 10.0 * lms_pnorm(d);
			r->z_bfa_ext = lms_qnorm_upper(0.1 * lms_pnorm_upper(d));
			r->bfa_ext_method = GV_METHOD_CDC_EXTENDED;
		} else {
			r->z_bfa_ext = z;
			r->p_bfa_ext = ir->p;
			r->bfa_ext_method = GV_METHOD_LMS;
		}
	}
}

/* One indicator on INTERGROWTH-21st standard s at x (GA days, PMA weeks or length cm). */
static void score_ig21(gv_result *r, gv_ind ind, ig21_std s, gv_sex sex, double x, double value, int oedema)
{
	gv_ind_result *ir = &r->ind[ind];
	clear_ind(ir, GV_MISSING);
	ir->ig = s;
	ir->x = x;
	if (isnan(value))
		return;
	ir->value = value;
	if (!(value > 0) || !isfinite(value)) {
		ir->status = GV_EINVAL;
		return;
	}
	if (oedema && weight_based(ind)) {
		ir->status = GV_EOEDEMA; /* WHO anthro, as score() */
		return;
	}
	if (isnan(x))
		return; /* weight-for-length without a length */
	ig21_score sc;
	gv_status st = ig21_score_value(s, sex, x, value, &sc);
	if (st != GV_OK) {
		ir->status = st; /* GV_EX_RANGE: a length outside 35-65 cm; never extrapolated */
		return;
	}
	ir->z = sc.z;
	ir->p = sc.p;
	ir->method = GV_METHOD_IG21;
	/* No implausible-value cut-offs are published for the INTERGROWTH-21st standards (biv stays
	 * 0); the flags' history checks (EWMA outliers, unit errors) still read these z-scores. */
	ir->status = GV_OK;
	if (ig21_is_reference(s, x))
		r->warn |= GV_W_IG21_REFERENCE;
}

/* A preterm visit placed by ig21_which on Newborn Size (w->use IG21_USE_NBS), postnatal growth
 * (IG21_USE_PNG) or before any standard (IG21_USE_NONE).  Indicators without an INTERGROWTH-21st
 * standard (BMI, arm circumference, skinfolds; weight-for-length at birth: none exists) get
 * GV_ENOT_IN_REF. */
static void compute_ig21(const gv_measure *m, const ig21_when *w, gv_result *r)
{
	if (w->use == IG21_USE_NONE) {
		r->axis = GV_AXIS_NONE;
		r->warn |= GV_W_BEFORE_TERM;
		for (int i = 0; i < GV_NIND; i++)
			clear_ind(&r->ind[i], GV_ENO_STANDARD);
		return;
	}
	int nbs = w->use == IG21_USE_NBS;
	r->ref = nbs ? GV_REF_IG21_NBS : GV_REF_IG21_PNG;
	r->axis = nbs ? GV_AXIS_GA : GV_AXIS_PMA;
	/* Length: the INTERGROWTH-21st newborn and preterm lengths are recumbent (Villar 2014, 2015;
	 * Cheikh Ismail L et al., BJOG 2013;120 Suppl 2:48, anthropometric protocol), as every length
	 * before 64 weeks PMA (under 9 months corrected) is: a standing height is treated as of unknown
	 * position and flagged, as growth_compute does for WHO (c9mo_flag); never converted. */
	double h = m->height_cm;
	int h_bad = !isnan(h) && !(h > 0 && isfinite(h));
	if (m->position == 'H')
		r->warn |= GV_W_STANDING_UNDER_9MO;
	r->height_adj_cm = 0;
	r->height_cm = h;
	r->bmi = !isnan(m->bmi) ? m->bmi : h_bad ? NAN : m->weight_kg / ((h / 100) * (h / 100));
	score_ig21(r, GV_WFA, nbs ? IG21_NBS_WFA : IG21_PNG_WFA, m->sex, w->x, m->weight_kg, m->oedema);
	score_ig21(r, GV_LHFA, nbs ? IG21_NBS_LHFA : IG21_PNG_LHFA, m->sex, w->x, h, 0);
	score_ig21(r, GV_HCFA, nbs ? IG21_NBS_HCFA : IG21_PNG_HCFA, m->sex, w->x, m->head_cm, 0);
	if (nbs)
		clear_ind(&r->ind[GV_WFLH], GV_ENOT_IN_REF);
	else
		score_ig21(r, GV_WFLH, IG21_PNG_WFLH, m->sex, h_bad ? NAN : h, m->weight_kg, m->oedema);
	static const gv_ind none[] = {GV_BFA, GV_ACFA, GV_TSFA, GV_SSFA};
	for (size_t i = 0; i < sizeof none / sizeof none[0]; i++)
		clear_ind(&r->ind[none[i]], GV_ENOT_IN_REF);
}

double growth_ind_z(const gv_ind_result *ir, gv_sex sex, double value)
{
	if (ir->status != GV_OK || !(value > 0) || !isfinite(value))
		return NAN;
	if (ir->ig != IG21_NSTD) {
		ig21_score sc;
		return ig21_score_value(ir->ig, sex, ir->x, value, &sc) == GV_OK ? sc.z : NAN;
	}
	lms p;
	if (refs_lms(ir->table, sex, ir->x, &p) != GV_OK)
		return NAN;
	return refs_info(ir->table)->restricted ? lms_z_restricted(value, p) : lms_z(value, p);
}

gv_status growth_ind_value_at(const gv_ind_result *ir, gv_sex sex, double z, double *value)
{
	*value = NAN;
	if (ir->status != GV_OK)
		return GV_EINVAL;
	if (ir->ig != IG21_NSTD)
		return ig21_value_at_z(ir->ig, sex, ir->x, z, value);
	return growth_value_at(ir->table, sex, ir->x, z, value);
}

gv_status growth_compute(const gv_measure *m, const gv_options *o, gv_result *r)
{
	gv_options defaults;
	if (!o) {
		growth_default_options(&defaults);
		o = &defaults;
	}
	clear_result(r, GV_MISSING);
	if (m->sex != GV_MALE && m->sex != GV_FEMALE) {
		clear_result(r, GV_EINVAL);
		return GV_EINVAL;
	}

	/* Ages: days and months are two views of one age, 1 month = 30.4375 days (WHO and CDC). */
	if (!isnan(m->age_days)) {
		r->age_days = m->age_days;
		r->age_months = m->age_days / GV_DAYS_PER_MONTH;
	} else if (!isnan(m->age_months)) {
		r->age_months = m->age_months;
		r->age_days = m->age_months * GV_DAYS_PER_MONTH;
	} else {
		clear_result(r, GV_MISSING);
		return GV_MISSING;
	}
	if (!(r->age_days >= 0) || !isfinite(r->age_days)) {
		clear_result(r, GV_EINVAL);
		return GV_EINVAL;
	}
	r->cage_days = r->age_days;
	r->cage_months = r->age_months;

	r->axis = GV_AXIS_CHRONO;
	if (!isnan(m->ga_weeks) && m->ga_weeks > 0) {
		/* Postmenstrual age = GA + chronological age (AAP 2004; ig21_pma_weeks). */
		r->ga_days = floor(m->ga_weeks * 7 + 0.5);
		r->pma_weeks = ig21_pma_weeks(r->ga_days, r->age_days);
	}

	/* Corrected age for prematurity (AAP 2004; WHO and CDC guidance): for a child born before
	 * 37 weeks, subtract the weeks born early from 40 weeks, until 24 months of chronological age. */
	if (!isnan(m->ga_weeks) && m->ga_weeks < o->preterm_weeks && r->age_months < o->correct_until_months) {
		double ga_days = floor(m->ga_weeks * 7 + 0.5);
		r->corrected = 1;
		r->axis = GV_AXIS_CORRECTED;
		r->cage_days = age_corrected_days(r->age_days, ga_days);
		r->cage_months = !isnan(m->age_days) ? r->cage_days / GV_DAYS_PER_MONTH
						     : r->age_months - (GV_TERM_DAYS - ga_days) / GV_DAYS_PER_MONTH;
		/* INTERGROWTH-21st before the switch (ig21_which cites the handover: Newborn Size on the day
		 * of birth, postnatal growth 27-64 weeks PMA, then WHO by corrected age).  Only where the
		 * age is corrected (the same preterm definition and age window as above: --no-correction
		 * scores chronological age on the term references, as before). */
		ig21_when w;
		if (o->intergrowth && ig21_which(ga_days, r->age_days, &w) == GV_OK && w.use != IG21_USE_WHO) {
			compute_ig21(m, &w, r);
			return GV_OK;
		}
		if (r->cage_days < 0) {
			r->warn |= GV_W_BEFORE_TERM;
			for (int i = 0; i < GV_NIND; i++)
				clear_ind(&r->ind[i], GV_EPRETERM);
			return GV_OK;
		}
	}

	r->ref = growth_ref_at(o->policy, r->cage_months);
	if (r->ref == GV_REF_NONE) {
		r->warn |= GV_W_AGE_OUT_OF_RANGE;
		r->axis = GV_AXIS_NONE;
	}
	if (r->ref == GV_WHO2006) {
		/* 60 completed months may round up to day 1857 from a fractional age; WHO's tables end
		 * at 1856 = the last day of month 60. */
		r->who_day = (int)floor(r->cage_days + 0.5);
		if (r->who_day > 1856)
			r->who_day = 1856;
		r->cage_days = r->who_day;
	}

	/* Length or height.  A value that is no length (zero, negative, infinite) is scored as
	 * invalid and never converted or squared into a BMI: -60 cm would otherwise give a normal-
	 * looking BMI, and -0.5 cm + 0.7 a positive "length". */
	double h = m->height_cm;
	int h_bad = !isnan(h) && !(h > 0 && isfinite(h));
	char pos = m->position;
	r->height_adj_cm = 0;
	if (pos == 'H' && r->cage_months < 9) {
		/* WHO anthro: a standing height before 9 months is implausible; the position is treated
		 * as unknown (no conversion) and flagged (c9mo_flag). */
		r->warn |= GV_W_STANDING_UNDER_9MO;
		pos = 0;
	}
	if (r->ref == GV_WHO2006 && !isnan(h) && !h_bad) {
		/* WHO 2006: recumbent length below 731 days, standing height from 731 days; a standing
		 * height before 731 days gets +0.7 cm, a recumbent length from 731 days -0.7 cm (WHO MGRS
		 * 2006, Methods, p. 10; anthro adjust_lenhei()). */
		if (pos == 'H' && r->who_day < 731)
			r->height_adj_cm = 0.7;
		else if (pos == 'L' && r->who_day >= 731)
			r->height_adj_cm = -0.7;
		h += r->height_adj_cm;
	} else if (!isnan(h) && !h_bad && r->ref != GV_REF_NONE) {
		/* CDC 2000 (length chart below 24 months, stature chart from 24 months) and WHO 2007
		 * (height): a measurement in the other position is converted the same way, -0.7 cm
		 * for a recumbent length on a stature chart, +0.7 cm for a standing height on the
		 * length chart: recumbent length exceeds standing height by 0.7 cm on average, the
		 * conversion WHO applies at the same switch (WHO MGRS 2006, Methods, p. 10; anthro
		 * adjust_lenhei()).  Without it a child measured lying down at 2 years would read
		 * 0.2 SD taller on the stature chart than the same child standing.  CDC's SAS program
		 * has no position and scores the value as given; the CDC 2000 tables themselves put
		 * stature 0.8 cm below length at 24.5-35.5 months (../shared/refdata README, quirk 3).
		 * Never silent: height_adj_cm holds the conversion and the warning names the chart. */
		int length_chart = r->ref == GV_CDC2000 && r->cage_months < 24;
		if (pos == 'L' && !length_chart) {
			r->warn |= GV_W_LENGTH_ON_STATURE;
			r->height_adj_cm = -0.7;
		} else if (pos == 'H' && length_chart) {
			r->warn |= GV_W_STATURE_ON_LENGTH;
			r->height_adj_cm = 0.7;
		}
		h += r->height_adj_cm;
	}
	r->height_cm = h;
	r->bmi = !isnan(m->bmi) ? m->bmi : h_bad ? NAN : m->weight_kg / ((h / 100) * (h / 100));

	score(r, GV_WFA, m->sex, m->weight_kg, m->oedema);
	score(r, GV_LHFA, m->sex, h, 0);
	score(r, GV_BFA, m->sex, r->bmi, m->oedema);
	if (h_bad && isnan(m->bmi) && !isnan(m->weight_kg) && r->ind[GV_BFA].status == GV_MISSING)
		r->ind[GV_BFA].status = GV_EINVAL; /* weight given, BMI impossible from this height */
	score(r, GV_HCFA, m->sex, m->head_cm, 0);
	score(r, GV_ACFA, m->sex, m->muac_cm, 0);
	score(r, GV_TSFA, m->sex, m->triceps_mm, 0);
	score(r, GV_SSFA, m->sex, m->subscap_mm, 0);
	score(r, GV_WFLH, m->sex, m->weight_kg, m->oedema);
	return GV_OK;
}
