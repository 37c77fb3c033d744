/* zrow.c — computed columns of growthview zscore / export (see zrow.h). */
#include "app/zrow.h"

#include <math.h>
#include <string.h>

#include "app/csv.h"

static const char header[] =
	",ref,age_days,age_months,bmi"
	",z_wfa,p_wfa,biv_wfa,z_lhfa,p_lhfa,biv_lhfa,z_bfa,p_bfa,biv_bfa,z_hcfa,p_hcfa,biv_hcfa"
	",z_acfa,p_acfa,biv_acfa,z_tsfa,p_tsfa,biv_tsfa,z_ssfa,p_ssfa,biv_ssfa,z_wflh,p_wflh,biv_wflh"
	",z_bfa_ext,p_bfa_ext,bmi_p95,mz_wfa,mz_lhfa,mz_bfa,mz_hcfa,mz_wflh"
	",age_days_corr,height_adj_cm,warnings,error"
	/* Added for INTERGROWTH-21st after the original contract, at the end so no column moves. */
	",age_axis,pma_weeks"
	",z_ig_nbs_wfa,p_ig_nbs_wfa,z_ig_nbs_lhfa,p_ig_nbs_lhfa,z_ig_nbs_hcfa,p_ig_nbs_hcfa,ig_sfga"
	",z_ig_png_wfa,p_ig_png_wfa,z_ig_png_lhfa,p_ig_png_lhfa,z_ig_png_hcfa,p_ig_png_hcfa"
	",z_ig_png_wflh,p_ig_png_wflh";

void zrow_header(gv_buf *b)
{
	buf_put(b, header, sizeof header - 1);
}

int zrow_ncols(void)
{
	int n = 0;
	for (const char *p = header; *p; p++)
		n += *p == ',';
	return n;
}

static void num(gv_buf *b, double v)
{
	buf_putc(b, ',');
	buf_fixed(b, v, ZROW_DECIMALS);
}

/* Indicator-level problems worth a word: the measurement was given but could not be scored. */
static void ind_warnings(gv_buf *b, const gv_result *r, int *first)
{
	for (int i = 0; i < GV_NIND; i++) {
		const char *why = NULL;
		switch (r->ind[i].status) {
		case GV_EX_RANGE: why = "out_of_range"; break;
		case GV_EAGE_RANGE: why = r->ref == GV_REF_NONE ? NULL : "age_out_of_range"; break;
		case GV_ENOT_IN_REF: why = "not_in_reference"; break;
		default: break;
		}
		if (!why || isnan(r->ind[i].value))
			continue;
		if (!*first)
			buf_putc(b, ';');
		*first = 0;
		buf_puts(b, refs_ind_name((gv_ind)i));
		buf_putc(b, ':');
		buf_puts(b, why);
	}
}

/* Number of INTERGROWTH-21st columns after `error`. */
#define NIG 17

static void ig_cell(gv_buf *b, const ig21_score *s)
{
	int ok = s->status == GV_OK;
	num(b, ok ? s->z : NAN);
	num(b, ok ? s->p : NAN);
}

/* The INTERGROWTH-21st columns (zrow.h): the axis of the reference in force, PMA, then the visit
 * scored by ig21_visit_score on whichever standard covers it (core/ig21.h ig21_which: Newborn Size
 * on the day of birth for GA 24+0-42+6, any GA; preterm postnatal growth at PMA 27-64 weeks for a
 * child born before 37+0), whatever reference the z_X columns use. */
static void ig_values(gv_buf *b, const gv_measure *m, const gv_result *r)
{
	buf_putc(b, ',');
	buf_puts(b, growth_axis_name(r->axis));
	num(b, r->pma_weeks);
	ig21_visit v;
	int have = m && !isnan(r->ga_days) &&
		   ig21_visit_score(m->sex, r->ga_days, r->age_days,
				    /* oedema voids the weight-based scores, as growth_compute does (WHO anthro) */
				    m->oedema ? NAN : m->weight_kg, m->height_cm, m->head_cm, &v) == GV_OK;
	int nbs = have && v.when.use == IG21_USE_NBS, png = have && v.when.use == IG21_USE_PNG;
	static const ig21_score none = {.status = GV_MISSING};
	ig_cell(b, nbs ? &v.wfa : &none);
	ig_cell(b, nbs ? &v.lhfa : &none);
	ig_cell(b, nbs ? &v.hcfa : &none);
	buf_putc(b, ',');
	if (nbs)
		buf_puts(b, ig21_sfga_name(v.sfga));
	ig_cell(b, png ? &v.wfa : &none);
	ig_cell(b, png ? &v.lhfa : &none);
	ig_cell(b, png ? &v.hcfa : &none);
	ig_cell(b, png ? &v.wflh : &none);
}

void zrow_values(gv_buf *b, const gv_measure *m, const gv_result *r, const char *err)
{
	if (!r) {
		for (int i = 0; i < zrow_ncols() - 1 - NIG; i++)
			buf_putc(b, ',');
		buf_putc(b, ',');
		if (err)
			csv_put(b, err, strlen(err));
		for (int i = 0; i < NIG; i++)
			buf_putc(b, ',');
		return;
	}
	buf_putc(b, ',');
	buf_puts(b, refs_ref_name(r->ref));
	num(b, r->age_days);
	num(b, r->age_months);
	num(b, r->bmi);
	for (int i = 0; i < GV_NIND; i++) {
		const gv_ind_result *ir = &r->ind[i];
		int ok = ir->status == GV_OK;
		num(b, ok ? ir->z : NAN);
		num(b, ok ? ir->p : NAN);
		buf_putc(b, ',');
		if (ok)
			buf_putc(b, ir->biv ? '1' : '0');
	}
	num(b, r->z_bfa_ext);
	num(b, r->p_bfa_ext);
	num(b, r->bmi_pct_p95);
	static const gv_ind mzs[] = {GV_WFA, GV_LHFA, GV_BFA, GV_HCFA, GV_WFLH};
	for (size_t i = 0; i < sizeof mzs / sizeof mzs[0]; i++)
		num(b, r->ind[mzs[i]].status == GV_OK ? r->ind[mzs[i]].mz : NAN);
	num(b, r->corrected ? r->cage_days : NAN);
	num(b, isnan(r->height_cm) ? NAN : r->height_adj_cm);
	buf_putc(b, ',');
	int first = 1;
	for (unsigned bit = 1; bit < (1u << GV_W_NWARN); bit <<= 1) {
		if (!(r->warn & bit))
			continue;
		if (!first)
			buf_putc(b, ';');
		first = 0;
		buf_puts(b, growth_warn_name(bit));
	}
	ind_warnings(b, r, &first);
	buf_putc(b, ',');
	if (err)
		csv_put(b, err, strlen(err));
	ig_values(b, m, r);
}
