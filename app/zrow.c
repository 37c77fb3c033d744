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
	",age_days_corr,height_adj_cm,warnings,error";

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

void zrow_values(gv_buf *b, const gv_result *r, const char *err)
{
	if (!r) {
		for (int i = 0; i < zrow_ncols() - 1; i++)
			buf_putc(b, ',');
		buf_putc(b, ',');
		if (err)
			csv_put(b, err, strlen(err));
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
}
